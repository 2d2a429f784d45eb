//! A demo's live output on a terminal: folded to the screen's width between words, with a
//! spinner through its silences; on a pipe, exactly what the snippet printed.

mod common;

use std::process::Command as StdCommand;
use std::time::Duration;

use common::pty::Pty;
use common::{parse_reports, pyconcepts, snippets_dir_with};

const LIMIT: Duration = Duration::from_secs(60);

/// A line of 30 numbered words (no word repeats, so a word cut in two would show), a table row,
/// then 1.6 s of silence before the last line.
const SNIPPET: &str = r#"
import time
words = " ".join(f"word{i:02}" for i in range(30))
print("    " + words)
print("    list    hashable=False   rejected: TypeError: unhashable type: 'list' (and more)")
time.sleep(1.6)
print("done after the silence")
EVIDENCE = {}
"#;

fn on_terminal(dir: &std::path::Path, columns: u16) -> Pty {
    let mut command = StdCommand::new(assert_cmd::cargo::cargo_bin("pyconcepts"));
    command
        .args(["demo", "dict-keys", "--snippets-dir"])
        .arg(dir)
        .env("TERM", "xterm-256color")
        .env("NO_COLOR", "1")
        .env_remove("COLUMNS")
        .env_remove("LINES")
        .env_remove("PYTHONPATH");
    Pty::spawn(&mut command, columns, 24)
}

/// The lines a terminal shows for `written`: the spinner's saved-and-restored drawings and
/// other control sequences taken out.
fn shown_lines(written: &str) -> Vec<String> {
    let mut text = String::new();
    let mut rest = written;
    while let Some(at) = rest.find("\x1b7") {
        text.push_str(&rest[..at]);
        rest = rest[at..]
            .find("\x1b8")
            .map_or("", |end| &rest[at + end + 2..]);
    }
    text.push_str(rest);
    let mut plain = String::new();
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '\x1b' {
            if chars.next_if_eq(&'[').is_some() {
                while chars.next().is_some_and(|c| !c.is_ascii_alphabetic()) {}
            }
        } else if c != '\r' {
            plain.push(c);
        }
    }
    plain.lines().map(str::to_owned).collect()
}

#[test]
fn on_a_terminal_long_lines_fold_between_words_and_silence_shows_a_spinner() {
    let dir = snippets_dir_with(SNIPPET);
    let (_, screen) = on_terminal(dir.path(), 80).finish(LIMIT);
    let lines = shown_lines(&screen);
    for line in &lines {
        assert!(
            line.chars().count() <= 80,
            "{} columns: {line:?}",
            line.chars().count()
        );
    }
    let words: Vec<&str> = lines
        .iter()
        .flat_map(|line| line.split_whitespace())
        .collect();
    for i in 0..30 {
        let word = format!("word{i:02}");
        assert!(
            words.contains(&word.as_str()),
            "{word} missing or cut in:\n{screen}"
        );
    }
    // The continuation sits under the line's own indentation, two further in.
    let continued = lines
        .iter()
        .find(|line| line.trim_start().starts_with("word") && !line.contains("word00"))
        .expect("a continuation line");
    assert!(continued.starts_with("      word"), "{continued:?}");
    // The silence of 1.6 s was filled, then wiped by the next output.
    assert!(screen.contains("\x1b7"), "no spinner:\n{screen:?}");
    let spinner = screen.find("\x1b7").unwrap();
    assert!(
        screen[spinner..].contains("\x1b[Kdone after the silence"),
        "{screen:?}"
    );
}

#[test]
fn on_a_pipe_the_output_is_exactly_what_the_snippet_printed() {
    let dir = snippets_dir_with(SNIPPET);
    let output = pyconcepts()
        .args(["demo", "dict-keys", "--snippets-dir"])
        .arg(dir.path())
        .env_remove("COLUMNS")
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&output.stdout);
    let words: String = (0..30)
        .map(|i| format!("word{i:02}"))
        .collect::<Vec<_>>()
        .join(" ");
    assert!(stdout.contains(&format!("\n    {words}\n")), "{stdout}");
    assert!(!stdout.contains('\x1b'), "{stdout:?}");
    // And the report keeps the text as printed, whatever the screen showed.
    let json = pyconcepts()
        .args(["demo", "dict-keys", "--json", "--snippets-dir"])
        .arg(dir.path())
        .env("COLUMNS", "40")
        .output()
        .unwrap();
    let reports = parse_reports(&String::from_utf8_lossy(&json.stdout));
    let printed = reports[0]["output"].as_str().unwrap_or_default();
    assert!(printed.contains(&format!("    {words}\n")), "{printed}");
}
