//! The instructor's tools, driven as a class would drive them: presenter mode (`--step`), the
//! quiz and `run` read their input from a pipe; `--timeout` stops runaway code; `--frames` draws
//! the live frames; shell completions know the demos.

mod common;

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command as StdCommand, Output, Stdio};
use std::time::{Duration, Instant};

use common::pty::Pty;
use common::{extras, parse_reports, pyconcepts, snippets_dir_with};
use pyconcepts::snippets::sections::{self, SectionKind};

fn snippet_path(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("python_snippets")
        .join(name)
}

/// Runs pyconcepts with `args`, feeding `input` on stdin.
fn with_input(args: &[&str], input: &str) -> Output {
    pyconcepts()
        .args(args)
        .write_stdin(input.to_owned())
        .timeout(Duration::from_secs(120))
        .output()
        .expect("pyconcepts runs")
}

fn stdout(output: &Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

fn position(haystack: &str, needle: &str) -> usize {
    haystack
        .find(needle)
        .unwrap_or_else(|| panic!("{needle:?} not in:\n{haystack}"))
}

// --- presenter mode -----------------------------------------------------------------------

#[test]
fn step_shows_each_section_then_runs_it_on_enter_with_its_verdicts() {
    let source = std::fs::read_to_string(snippet_path("dict_keys.py")).unwrap();
    let total = sections::split(&source).len();
    assert!(total >= 5, "dict_keys.py has its claims in sections");
    let output = with_input(&["demo", "dict-keys", "--step"], &"\n".repeat(total));
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let text = stdout(&output);
    let setup = position(&text, &format!("[1/{total}] Set-up"));
    let first = position(
        &text,
        &format!("[2/{total}] Claim: any hashable object can be a key"),
    );
    let second = position(
        &text,
        &format!("[3/{total}] Claim: any hashable object is immutable"),
    );
    // Code, then the pause, then the live output, then the verdict, then the next section.
    let code = position(&text, "│ candidates = [");
    let pause = setup + text[setup..].find("▶ Enter runs this section").unwrap();
    let story = position(&text, "\n1. Which objects can be dictionary keys?");
    let verdict = position(&text, "CONFIRMED    dict_keys.hashable_keys");
    assert!(setup < pause && pause < first, "{text}");
    assert!(
        first < code && code < story && story < verdict && verdict < second,
        "{text}"
    );
    // The quiz sections are presented as predictions.
    assert!(text.contains("Predict: 1, 1.0 and True"), "{text}");
    assert!(text.contains("Why: 1 == 1.0 == True"), "{text}");
    // A recap closes the demo; every claim got its verdict, none was skipped.
    let recap = position(&text, "Recap · dict-keys");
    assert!(text[recap..].contains("REFUTED      dict_keys.hashable_means_immutable"));
    assert!(!text[recap..].contains("SKIPPED"), "{text}");
    assert!(!text.contains("end of input"), "{text}");
}

#[test]
fn q_stops_the_presentation_cleanly_and_skips_what_did_not_run() {
    let output = with_input(&["demo", "dict-keys", "--step"], "\n\nq\n");
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let text = stdout(&output);
    assert!(text.contains("Stopped by the presenter."), "{text}");
    assert!(
        text.contains("CONFIRMED    dict_keys.hashable_keys"),
        "{text}"
    );
    // Section 3 was shown but never run.
    assert!(
        text.contains("Claim: any hashable object is immutable"),
        "{text}"
    );
    assert!(
        !text.contains("\n2. Is every hashable object immutable?\n"),
        "{text}"
    );
    let skipped = text
        .lines()
        .filter(|line| line.contains("SKIPPED") && line.contains("stopped by the presenter"))
        .count();
    assert_eq!(skipped, 3, "{text}");
}

#[test]
fn at_end_of_input_step_finishes_without_pausing() {
    let started = Instant::now();
    let output = pyconcepts()
        .args(["demo", "dict-keys", "--step"])
        .write_stdin("")
        .timeout(Duration::from_secs(120))
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let text = stdout(&output);
    assert_eq!(
        text.matches("▶ Enter runs this section").count(),
        1,
        "{text}"
    );
    assert!(
        text.contains("(end of input: the rest runs without pausing)"),
        "{text}"
    );
    assert!(
        text.contains("4. A key whose hash depends on mutable state"),
        "{text}"
    );
    let recap = position(&text, "Recap · dict-keys");
    assert!(!text[recap..].contains("SKIPPED"), "{text}");
    assert!(started.elapsed() < Duration::from_secs(60));
}

#[test]
fn sections_share_globals_and_keep_their_true_line_numbers() {
    let dir = snippets_dir_with(indoc::indoc! {r#"
        EVIDENCE = {}
        greeting = "hello from section one"
        # %% Second
        print(greeting)

        # %% Third fails
        def divide():
            return 1 / 0
        divide()
        # %% Never reached
        print("unreachable")
    "#});
    let output = pyconcepts()
        .args(["demo", "dict-keys", "--step", "--snippets-dir"])
        .arg(dir.path())
        .write_stdin("\n\n\n\n")
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    let text = stdout(&output);
    assert!(text.contains("hello from section one"), "{text}");
    assert!(text.contains("[3/4] Third fails"), "{text}");
    assert!(text.contains("\n7 │ def divide():"), "{text}");
    // Section 4 is never shown, only named as not run.
    assert!(!text.contains("\n[4/4]"), "{text}");
    assert!(text.contains("not run: [4/4] Never reached"), "{text}");
    let errors = stderr(&output);
    assert!(
        errors.contains("dict_keys.py\", line 8, in divide"),
        "{errors}"
    );
    assert!(
        errors.contains("dict_keys.py\", line 9, in <module>"),
        "{errors}"
    );
    assert!(errors.contains("ZeroDivisionError"), "{errors}");
}

#[test]
fn step_with_colour_highlights_code_and_leaves_the_terminal_reset() {
    let output = pyconcepts()
        .env_remove("NO_COLOR")
        .env("CLICOLOR_FORCE", "1")
        .env("COLORTERM", "truecolor")
        .args(["demo", "dict-keys", "--step"])
        .write_stdin("\nq\n")
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let text = stdout(&output);
    assert!(text.contains("\x1b[38;2;"), "24-bit colour expected");
    let last_escape = text.rfind("\x1b[").unwrap();
    assert!(
        text[last_escape..].starts_with("\x1b[0m"),
        "{:?}",
        &text[last_escape..]
    );
}

#[test]
fn step_conflicts_with_json() {
    pyconcepts()
        .args(["demo", "dict-keys", "--step", "--json"])
        .assert()
        .code(2);
}

// --- highlighting ------------------------------------------------------------------------------

#[test]
fn show_highlights_with_line_numbers_on_colour_and_is_plain_otherwise() {
    let source = std::fs::read_to_string(snippet_path("dict_keys.py")).unwrap();
    let coloured = pyconcepts()
        .env_remove("NO_COLOR")
        .env("CLICOLOR_FORCE", "1")
        .env("COLORTERM", "truecolor")
        .args(["show", "dict-keys"])
        .output()
        .unwrap();
    let text = stdout(&coloured);
    assert!(text.contains("\x1b[38;2;"), "{text}");
    assert!(text.contains(" 1 │\x1b[0m "), "{text:?}");
    assert_eq!(text.lines().count(), source.lines().count());
    let plain = pyconcepts()
        .args(["--no-color", "show", "1"])
        .env("CLICOLOR_FORCE", "1")
        .output()
        .unwrap();
    assert_eq!(stdout(&plain), source);
}

#[test]
fn show_prints_a_range_and_numbers_lines_on_a_terminal_even_without_colour() {
    let source = std::fs::read_to_string(snippet_path("dict_keys.py")).unwrap();
    let wanted: String = source.split_inclusive('\n').skip(2).take(3).collect();
    let piped = pyconcepts()
        .args(["show", "dict-keys", "--lines", "3:5"])
        .output()
        .unwrap();
    assert_eq!(stdout(&piped), wanted);
    let shown = on_terminal(&["show", "dict-keys", "-r", "3:5"]);
    let (status, screen) = shown.finish(SCREEN_WAIT);
    assert!(status.success(), "{screen}");
    let first = source.lines().nth(2).unwrap();
    assert!(screen.contains(&format!("3 │ {first}")), "{screen:?}");
    assert!(
        !screen.contains("\x1b[38;"),
        "no colour with NO_COLOR: {screen:?}"
    );
    let plain = on_terminal(&["show", "dict-keys", "--plain", "-r", "3"]);
    let (_, screen) = plain.finish(SCREEN_WAIT);
    assert_eq!(screen.replace("\r\n", "\n"), format!("{first}\n"));
    let beyond = pyconcepts()
        .args(["show", "dict-keys", "--lines", "100000:"])
        .output()
        .unwrap();
    assert_eq!(beyond.status.code(), Some(2));
    assert!(stderr(&beyond).contains("has"), "{}", stderr(&beyond));
}

#[test]
fn code_colours_follow_the_terminals_depth_and_the_theme() {
    let show = |env: &[(&str, &str)], args: &[&str]| {
        let mut command = pyconcepts();
        command
            .env_remove("NO_COLOR")
            .env_remove("COLORTERM")
            .env("CLICOLOR_FORCE", "1");
        for (name, value) in env {
            command.env(name, value);
        }
        stdout(
            &command
                .args(args)
                .args(["show", "dict-keys", "-r", "1:40"])
                .output()
                .unwrap(),
        )
    };
    let in_256 = show(&[("TERM", "xterm-256color")], &[]);
    assert!(in_256.contains("\x1b[38;5;"), "{in_256:?}");
    assert!(!in_256.contains("\x1b[38;2;"), "{in_256:?}");
    let in_16 = show(&[("TERM", "xterm")], &[]);
    assert!(!in_16.contains("\x1b[38;"), "{in_16:?}");
    assert!(in_16.contains("\x1b[32m"), "strings are green: {in_16:?}");
    // The light theme's keyword red (#cf222e), from the flag or the environment.
    let truecolor = [("TERM", "xterm-256color"), ("COLORTERM", "truecolor")];
    let light_keyword = "\x1b[38;2;207;34;46m";
    assert!(show(&truecolor, &["--theme", "light"]).contains(light_keyword));
    let mut from_env = truecolor.to_vec();
    from_env.push(("PYCONCEPTS_THEME", "light"));
    assert!(show(&from_env, &[]).contains(light_keyword));
    assert!(!show(&truecolor, &[]).contains(light_keyword));
    // A dumb terminal shows no colour at all.
    let dumb = on_terminal_with(&["show", "dict-keys", "-r", "1:5"], &[("TERM", "dumb")]);
    let (_, screen) = dumb.finish(SCREEN_WAIT);
    assert!(!screen.contains('\x1b'), "{screen:?}");
    assert!(screen.contains("1 │"), "{screen:?}");
}

#[test]
fn themes_are_listed_and_a_wrong_name_is_a_usage_error() {
    let listed = pyconcepts().arg("--list-themes").output().unwrap();
    assert!(listed.status.success());
    let text = stdout(&listed);
    for name in ["projector", "dark", "light"] {
        assert!(text.contains(name), "{text}");
    }
    let wrong = pyconcepts()
        .args(["--theme", "solarised", "list"])
        .output()
        .unwrap();
    assert_eq!(wrong.status.code(), Some(2));
    assert!(
        stderr(&wrong).contains("no theme named \"solarised\""),
        "{}",
        stderr(&wrong)
    );
}

// --- quiz -----------------------------------------------------------------------------------

/// `pyconcepts ARGS` on a pseudo-terminal of 100×32, without colour.
fn on_terminal(args: &[&str]) -> Pty {
    on_terminal_with(args, &[("NO_COLOR", "1")])
}

/// The same, with more environment.
fn on_terminal_with(args: &[&str], env: &[(&str, &str)]) -> Pty {
    on_terminal_sized(args, env, (100, 32))
}

/// The same, on a terminal of `columns` × `rows`.
fn on_terminal_sized(args: &[&str], env: &[(&str, &str)], (columns, rows): (u16, u16)) -> Pty {
    let mut command = StdCommand::new(assert_cmd::cargo::cargo_bin("pyconcepts"));
    command
        .args(args)
        .env("TERM", "xterm-256color")
        .env("PAGER", "cat")
        .env_remove("NO_COLOR")
        .env_remove("COLORTERM")
        .env_remove("COLUMNS")
        .env_remove("LINES")
        .env_remove("PYTHONPATH");
    for (name, value) in env {
        command.env(name, value);
    }
    Pty::spawn(&mut command, columns, rows)
}

const SCREEN_WAIT: Duration = Duration::from_secs(60);

#[test]
fn on_a_terminal_step_keeps_output_and_verdicts_on_screen_until_enter() {
    // Tall enough for every section's code on one page.
    let mut step = on_terminal_sized(
        &["demo", "dict-keys", "--step"],
        &[("NO_COLOR", "1")],
        (100, 200),
    );
    step.wait_for("▶ Enter runs this section", SCREEN_WAIT);
    step.type_keys("\r");
    // Section 1 defines things and prints nothing: it says what it defines.
    let screen = step.wait_for("▶ Enter shows [2/", SCREEN_WAIT);
    assert!(screen.contains("(prints nothing; defines"), "{screen}");
    step.type_keys("\r");
    step.wait_for_nth("▶ Enter runs this section", 2, SCREEN_WAIT);
    step.type_keys("\r");
    let screen = step.wait_for("▶ Enter shows [3/", SCREEN_WAIT);
    // The verdict of section 2 is on screen, and section 3's code is not yet.
    let after_verdict = &screen[screen
        .rfind("CONFIRMED    dict_keys.hashable_keys")
        .unwrap()..];
    assert!(!after_verdict.contains("[3/") || after_verdict.contains("▶ Enter shows [3/"));
    assert_eq!(
        screen.matches("▶ Enter runs this section").count(),
        2,
        "{screen}"
    );
    step.type_keys("q\r");
    let (status, screen) = step.finish(SCREEN_WAIT);
    assert!(status.success(), "{screen}");
    assert!(screen.contains("Stopped by the presenter."), "{screen}");
}

#[test]
fn on_a_short_terminal_a_long_sections_code_is_shown_a_page_at_a_time() {
    let mut step = on_terminal_sized(
        &["demo", "dict-keys", "--step"],
        &[("NO_COLOR", "1")],
        (100, 12),
    );
    let screen = step.wait_for("▼ Enter shows", SCREEN_WAIT);
    // A page is the screen less four rows: heading, prompt, context.
    let code_lines = screen.lines().filter(|line| line.contains(" │ ")).count();
    assert_eq!(code_lines, 8, "{screen}");
    step.type_keys("q\r");
    let (status, screen) = step.finish(SCREEN_WAIT);
    assert!(status.success(), "{screen}");
    assert!(screen.contains("Stopped by the presenter."), "{screen}");
}

#[test]
fn an_invalid_choice_is_asked_again_not_marked_wrong() {
    let output = with_input(&["quiz", "dict-keys"], "z\n7\nb\nq\n");
    let text = stdout(&output);
    assert!(output.status.success(), "{text}");
    assert!(
        text.contains("\"z\" is none of the choices; answer a-d, or Enter to skip."),
        "{text}"
    );
    assert!(text.contains("\"7\" is none of the choices"), "{text}");
    assert!(!text.contains("Not quite"), "{text}");
    assert!(
        text.contains("Score: 1 of 1 right (0 wrong, 0 skipped)."),
        "{text}"
    );
}

#[test]
fn on_a_terminal_the_quiz_waits_for_enter_between_questions() {
    let mut quiz = on_terminal(&["quiz", "dict-keys"]);
    quiz.wait_for("Your choice (a-d", SCREEN_WAIT);
    quiz.type_keys("b\r");
    quiz.wait_for("▶ Enter for the next question", SCREEN_WAIT);
    std::thread::sleep(Duration::from_millis(300));
    assert!(
        !quiz.screen().contains("Question 2 of"),
        "{}",
        quiz.screen()
    );
    quiz.type_keys("\r");
    quiz.wait_for("Question 2 of", SCREEN_WAIT);
    quiz.wait_for_nth("Your choice", 2, SCREEN_WAIT);
    // Ctrl-C ends the quiz with the score so far, and the status of an interrupted program.
    quiz.type_keys("\x03");
    let (status, screen) = quiz.finish(SCREEN_WAIT);
    assert_eq!(status.code(), Some(130), "{screen}");
    assert!(
        screen.contains("Interrupted. Score so far: 1 of 1 right (0 wrong, 0 skipped)."),
        "{screen}"
    );
}

#[test]
fn no_pause_goes_straight_on() {
    let mut quiz = on_terminal(&["quiz", "dict-keys", "--no-pause"]);
    quiz.wait_for("Your choice (a-d", SCREEN_WAIT);
    quiz.type_keys("b\r");
    quiz.wait_for("Question 2 of", SCREEN_WAIT);
    quiz.type_keys("q\r");
    let (status, screen) = quiz.finish(SCREEN_WAIT);
    assert!(status.success(), "{screen}");
    assert!(!screen.contains("Enter for the next question"), "{screen}");
}

#[test]
fn quiz_reads_predictions_runs_the_code_and_scores() {
    // b is right (one key survives); "rejected: TypeError" is right by its text; the third is
    // skipped; the fourth is typed with other spacing; b again for the fifth.
    let output = with_input(
        &["quiz", "dict-keys"],
        "b\nrejected:   TypeError\n\nFalse   1\nb\n",
    );
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let text = stdout(&output);
    assert!(text.contains("Question 1 of 5 · dict-keys"), "{text}");
    assert!(text.contains("   b) {1: 'bool'}"), "{text}");
    assert!(
        text.contains("Python prints:\n{1: 'bool'}\n✔ Right."),
        "{text}"
    );
    assert!(text.contains("Skipped."), "{text}");
    assert!(
        text.contains("Score: 4 of 5 right (0 wrong, 1 skipped)."),
        "{text}"
    );
    // The choices are hidden in the code shown, and so are the explanations.
    assert!(!text.contains("│ # choice:"), "{text}");
    assert!(!text.contains("│ # why:"), "{text}");
}

#[test]
fn a_wrong_prediction_is_told_the_answer_and_why() {
    let output = with_input(&["quiz", "1"], "a\nq\n");
    assert_eq!(output.status.code(), Some(0));
    let text = stdout(&output);
    assert!(text.contains("✘ Not quite. The answer is b."), "{text}");
    assert!(text.contains("Why: 1 == 1.0 == True"), "{text}");
    assert!(
        text.contains("Quiz stopped.\n\nScore: 0 of 1 right (1 wrong, 0 skipped)."),
        "{text}"
    );
    assert!(
        !text.contains("Question 3 of"),
        "q stops at question 2: {text}"
    );
}

#[test]
fn end_of_input_ends_the_quiz_cleanly() {
    let output = pyconcepts()
        .args(["quiz"])
        .write_stdin("")
        .timeout(Duration::from_secs(60))
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let text = stdout(&output);
    assert!(
        text.contains("End of input: the quiz stops here."),
        "{text}"
    );
    assert!(text.contains("Score: 0 of 0 right"), "{text}");
}

#[test]
fn quiz_questions_come_from_the_snippet_and_an_exception_is_an_answer() {
    let dir = snippets_dir_with(indoc::indoc! {r#"
        EVIDENCE = {}
        # %% quiz: What does hashing a list do?
        hash([1, 2])
        # %% A story section is not a question
        print("story")
    "#});
    let output = pyconcepts()
        .args(["quiz", "dict-keys", "--snippets-dir"])
        .arg(dir.path())
        .write_stdin("TypeError: unhashable type: 'list'\n")
        .output()
        .unwrap();
    let text = stdout(&output);
    assert_eq!(output.status.code(), Some(0), "{text}");
    assert!(text.contains("Quiz: 1 question."), "{text}");
    assert!(text.contains("3 │ hash([1, 2])"), "{text}");
    // Python's own traceback is what it prints; its last line is the answer.
    assert!(
        text.contains("dict_keys.py\", line 3, in <module>"),
        "{text}"
    );
    assert!(text.contains("✔ Right."), "{text}");

    let no_quiz = snippets_dir_with("print('no questions here')\n");
    pyconcepts()
        .args(["quiz", "dict-keys", "--snippets-dir"])
        .arg(no_quiz.path())
        .assert()
        .code(2)
        .stderr(predicates::str::contains("has no quiz questions yet"));
}

/// Every quiz section shipped in python_snippets/ runs alone under python3, prints something,
/// and, when it offers choices, prints one of them: a new demo's quiz items are checked here.
#[test]
fn every_shipped_quiz_section_runs_alone_and_matches_one_of_its_choices() {
    let mut checked = 0;
    for entry in std::fs::read_dir(snippet_path("")).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_none_or(|ext| ext != "py") {
            continue;
        }
        let source = std::fs::read_to_string(&path).unwrap();
        for section in sections::split(&source) {
            let SectionKind::Quiz { choices, .. } = &section.kind else {
                continue;
            };
            let run = StdCommand::new(extras::python())
                .args(["-c", &section.padded_code()])
                .env_remove("PYTHONPATH")
                .output()
                .unwrap();
            let where_ = format!("{} line {}", path.display(), section.first_line);
            assert!(run.status.success(), "{where_}: {}", stderr(&run));
            let printed = stdout(&run);
            assert!(!printed.trim().is_empty(), "{where_} prints nothing");
            if !choices.is_empty() {
                let actual = pyconcepts::commands::quiz::normalise(&printed);
                assert!(
                    choices
                        .iter()
                        .any(|choice| pyconcepts::commands::quiz::normalise(choice) == actual),
                    "{where_}: printed {printed:?}, none of {choices:?}"
                );
            }
            checked += 1;
        }
    }
    assert!(checked >= 3, "dict_keys.py alone has more quiz items");
}

// --- run FILE.py ----------------------------------------------------------------------------

/// A directory of scripts, each run both ways.
struct Scripts(tempfile::TempDir);

impl Scripts {
    fn new(files: &[(&str, &str)]) -> Scripts {
        let dir = tempfile::tempdir().unwrap();
        for (name, code) in files {
            std::fs::write(dir.path().join(name), code).unwrap();
        }
        Scripts(dir)
    }

    /// (python3's output, pyconcepts run's output), both run from the scripts' parent directory
    /// with the script given by a relative path, as a user types it.
    fn both(&self, script: &str, args: &[&str], input: &str) -> (Output, Output) {
        let parent = self.0.path().parent().unwrap();
        let relative = Path::new(self.0.path().file_name().unwrap()).join(script);
        let mut python = StdCommand::new(extras::python());
        python
            .current_dir(parent)
            .arg(&relative)
            .args(args)
            .env_remove("PYTHONPATH");
        let expected = run_with_input(python, input);
        let mut ours = StdCommand::new(env!("CARGO_BIN_EXE_pyconcepts"));
        ours.current_dir(parent)
            .arg("run")
            .arg(&relative)
            .args(args)
            .env("NO_COLOR", "1")
            .env_remove("PYTHONPATH");
        (expected, run_with_input(ours, input))
    }
}

fn run_with_input(mut command: StdCommand, input: &str) -> Output {
    let mut child = command
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(input.as_bytes())
        .unwrap();
    child.wait_with_output().unwrap()
}

fn assert_same(expected: &Output, actual: &Output) {
    assert_eq!(
        stdout(actual),
        stdout(expected),
        "stdout differs; stderr: {}",
        stderr(actual)
    );
    assert_eq!(
        actual.status.code(),
        expected.status.code(),
        "exit status differs; stderr: {}",
        stderr(actual)
    );
}

const MAIN_SCRIPT: &str = r#"
import os, pickle, sys
import sibling  # found because the script's directory is first on sys.path

class Point:
    pass

print("name:", __name__)
print("file is absolute and ours:", __file__ == os.path.abspath(sys.argv[0]))
print("argv:", sys.argv)
print("path[0] is the script's directory:", sys.path[0] == os.path.dirname(os.path.realpath(__file__)))
print("sibling:", sibling.VALUE)
print("main module is this namespace:", sys.modules["__main__"].__dict__ is globals())
print("pickles a class of its own:", type(pickle.loads(pickle.dumps(Point()))).__name__)
name = input("who? ")
print("hello", name)
print("rest of stdin:", repr(sys.stdin.read()))
sys.stdout.buffer.write(b"bytes too\n")
sys.stdout.flush()
"#;

#[test]
fn run_behaves_like_python3_for_an_ordinary_script() {
    let scripts = Scripts::new(&[("main.py", MAIN_SCRIPT), ("sibling.py", "VALUE = 42\n")]);
    let (expected, actual) = scripts.both("main.py", &["--flag", "two words"], "Ada\nline 2\n");
    assert!(expected.status.success(), "{}", stderr(&expected));
    assert_same(&expected, &actual);
    let text = stdout(&actual);
    assert!(text.contains("name: __main__"), "{text}");
    assert!(text.contains("argv: ['"), "{text}");
    assert!(text.contains("'--flag', 'two words']"), "{text}");
    assert!(text.contains("who? hello Ada"), "{text}");
    assert!(text.contains("rest of stdin: 'line 2\\n'"), "{text}");
    assert!(!text.contains("False"), "{text}");
}

#[test]
fn run_gives_the_same_exit_status_as_python3() {
    let scripts = Scripts::new(&[
        ("three.py", "import sys\nprint('leaving')\nsys.exit(3)\n"),
        ("none.py", "import sys\nsys.exit(None)\n"),
        (
            "message.py",
            "import sys\nsys.exit('giving up: no input')\n",
        ),
        ("wrapped.py", "import sys\nsys.exit(258)\n"),
        (
            "raises.py",
            "def inner():\n    raise ValueError('bad value')\nprint('before')\ninner()\n",
        ),
        (
            "threads.py",
            indoc::indoc! {r#"
                import atexit, sys, threading, time
                atexit.register(lambda: print("atexit ran last"))
                def work():
                    time.sleep(0.2)
                    print("the thread finished before exit")
                threading.Thread(target=work).start()
                print("main code done")
                sys.exit(4)
            "#},
        ),
    ]);
    for script in [
        "three.py",
        "none.py",
        "message.py",
        "wrapped.py",
        "raises.py",
        "threads.py",
    ] {
        let (expected, actual) = scripts.both(script, &[], "");
        assert_same(&expected, &actual);
        if script == "message.py" || script == "raises.py" {
            assert_eq!(
                stderr(&actual).lines().last(),
                stderr(&expected).lines().last(),
                "{script}"
            );
        }
    }
    let (expected, actual) = scripts.both("raises.py", &[], "");
    assert_eq!(
        stderr(&actual),
        stderr(&expected),
        "the traceback is python3's own"
    );
    let (_, actual) = scripts.both("threads.py", &[], "");
    assert_eq!(
        stdout(&actual),
        "main code done\nthe thread finished before exit\natexit ran last\n"
    );
}

#[test]
fn run_exits_130_on_keyboard_interrupt_like_python3_dies_of_sigint() {
    use std::os::unix::process::ExitStatusExt;
    let scripts = Scripts::new(&[(
        "interrupted.py",
        "print('working')\nraise KeyboardInterrupt\n",
    )]);
    let (expected, actual) = scripts.both("interrupted.py", &[], "");
    assert_eq!(stdout(&actual), stdout(&expected));
    // python3 re-raises SIGINT on itself, which a shell reports as 128 + 2.
    assert_eq!(expected.status.signal(), Some(libc::SIGINT));
    assert_eq!(actual.status.code(), Some(130));
    assert!(
        stderr(&actual).contains("KeyboardInterrupt"),
        "{}",
        stderr(&actual)
    );
}

#[test]
fn run_shows_the_evidence_a_script_leaves_as_a_table_and_as_json() {
    let scripts = Scripts::new(&[(
        "measure.py",
        "print('measuring')\nEVIDENCE = {'speedup': 1.5, 'run': {'threads': 4}, 'label': 'io'}\n",
    )]);
    let (expected, actual) = scripts.both("measure.py", &[], "");
    assert_eq!(actual.status.code(), Some(0));
    let text = stdout(&actual);
    assert!(
        text.starts_with(&stdout(&expected)),
        "the script's own output comes first"
    );
    assert!(text.contains("EVIDENCE\n"), "{text}");
    assert!(text.contains("  speedup      1.5\n"), "{text}");
    assert!(text.contains("  run.threads  4\n"), "{text}");

    let output = pyconcepts()
        .args(["run", "--json"])
        .arg(scripts.0.path().join("measure.py"))
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(0));
    let report: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(report["exit_status"], 0);
    assert_eq!(report["evidence"]["run"]["threads"], 4);
    assert_eq!(report["output"], "measuring\n");
    assert_eq!(report["python"]["implementation"], "cpython");
}

#[test]
fn an_edited_snippet_with_crlf_lines_gets_python3s_traceback_carets() {
    let dir = snippets_dir_with(
        "EVIDENCE = {}\r\ndata = {'a': [1]}\r\nvalue = data['a'][0] + data['a'][5]\r\n",
    );
    let output = pyconcepts()
        .args(["demo", "dict-keys", "--json", "--snippets-dir"])
        .arg(dir.path())
        .output()
        .unwrap();
    let report = &parse_reports(&stdout(&output))[0];
    let expected = StdCommand::new(extras::python())
        .arg(dir.path().join("dict_keys.py"))
        .output()
        .unwrap();
    assert_eq!(
        report["error"]["traceback"].as_str().unwrap(),
        stderr(&expected),
        "the carets sit under `data['a'][5]` as python3 puts them"
    );
}

#[test]
fn run_of_a_missing_file_is_a_usage_error() {
    pyconcepts()
        .args(["run", "/nonexistent/script.py"])
        .assert()
        .code(2)
        .stderr(predicates::str::contains("can't open file"));
}

#[test]
fn run_step_presents_your_own_file_by_sections() {
    let scripts = Scripts::new(&[(
        "lesson.py",
        "# %% Make a list\nitems = [3, 1, 2]\n# %% Sort it\nprint(sorted(items))\n",
    )]);
    let output = pyconcepts()
        .args(["run", "--step"])
        .arg(scripts.0.path().join("lesson.py"))
        .write_stdin("\n\n")
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let text = stdout(&output);
    assert!(text.contains("[1/2] Make a list"), "{text}");
    assert!(
        text.contains("[2/2] Sort it\n4 │ print(sorted(items))"),
        "{text}"
    );
    assert!(text.contains("[1, 2, 3]"), "{text}");
}

#[test]
fn a_lesson_that_raises_under_step_names_the_sections_it_did_not_reach() {
    let scripts = Scripts::new(&[(
        "lesson.py",
        "# %% Make a list\nitems = [3, 1, 2]\n# %% Break it\nitems[7]\n# %% Sort it\nprint(sorted(items))\n# %% Done\nprint('done')\n",
    )]);
    let output = pyconcepts()
        .args(["run", "--step"])
        .arg(scripts.0.path().join("lesson.py"))
        .write_stdin("\n\n\n\n")
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
    let text = stdout(&output);
    assert!(text.contains("(prints nothing; defines items)"), "{text}");
    assert!(
        text.contains(
            "Stopped in [2/4] (it raised IndexError); not run: [3/4] Sort it · [4/4] Done"
        ),
        "{text}"
    );
    assert!(
        stderr(&output).contains("IndexError"),
        "{}",
        stderr(&output)
    );
}

// --- timeout and interrupt ------------------------------------------------------------------

/// Runs the binary and waits at most `limit`, killing it if it overruns.
fn run_bounded(args: &[&str], extra: &[&Path], limit: Duration) -> (Output, Duration) {
    let started = Instant::now();
    let output = pyconcepts()
        .args(args)
        .args(extra)
        .timeout(limit)
        .output()
        .unwrap();
    (output, started.elapsed())
}

#[test]
fn timeout_stops_an_infinite_loop_within_a_few_seconds_with_exit_1() {
    let dir = snippets_dir_with("print('spinning', flush=True)\nwhile True:\n    pass\n");
    let (output, took) = run_bounded(
        &["demo", "dict-keys", "--timeout", "1", "--snippets-dir"],
        &[dir.path()],
        Duration::from_secs(30),
    );
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
    assert!(took < Duration::from_secs(6), "took {took:?}");
    let errors = stderr(&output);
    assert_eq!(
        errors.trim(),
        "pyconcepts: demo dict-keys ran past --timeout 1 s (stopped at line 2)"
    );
    let text = stdout(&output);
    assert!(text.contains("spinning\n"), "{text}");
    assert!(text.contains("SKIPPED"), "{text}");
    assert!(!text.contains("KeyboardInterrupt"), "{text}");
}

#[test]
fn timeout_wakes_a_long_sleep_and_reports_in_json() {
    let dir = snippets_dir_with("import time\nEVIDENCE = {}\ntime.sleep(120)\n");
    let (output, took) = run_bounded(
        &[
            "demo",
            "dict-keys",
            "--json",
            "--timeout",
            "0.5",
            "--snippets-dir",
        ],
        &[dir.path()],
        Duration::from_secs(30),
    );
    assert_eq!(output.status.code(), Some(1));
    assert!(took < Duration::from_secs(5), "took {took:?}");
    let report = &parse_reports(&stdout(&output))[0];
    assert_eq!(report["error"]["type"], "Timeout");
    assert_eq!(
        report["error"]["message"],
        "ran past --timeout 0.5 s (stopped at line 3)"
    );
}

#[test]
fn timeout_on_run_and_a_snippet_that_swallows_the_interrupt_still_ends() {
    let scripts = Scripts::new(&[(
        "stubborn.py",
        indoc::indoc! {r#"
            import time
            while True:
                try:
                    time.sleep(60)
                except KeyboardInterrupt:
                    print("ignoring the interrupt", flush=True)
        "#},
    )]);
    let script = scripts.0.path().join("stubborn.py");
    let (output, took) = run_bounded(
        &["run", "--timeout", "1"],
        &[&script],
        Duration::from_secs(30),
    );
    assert_eq!(output.status.code(), Some(1));
    assert!(took < Duration::from_secs(10), "took {took:?}");
    assert!(stdout(&output).contains("ignoring the interrupt"));
    assert!(
        stderr(&output).contains("ignored the interrupt"),
        "{}",
        stderr(&output)
    );
}

#[test]
fn ctrl_c_still_exits_130_while_a_timeout_is_armed() {
    let scripts = Scripts::new(&[(
        "spin.py",
        "print('ready', flush=True)\nwhile True:\n    pass\n",
    )]);
    let mut command = StdCommand::new(env!("CARGO_BIN_EXE_pyconcepts"));
    command
        .args(["run", "--timeout", "60"])
        .arg(scripts.0.path().join("spin.py"));
    let after = common::ctrl_c_when_ready(command);
    let errors = &after.stderr;
    assert_eq!(after.status.code(), Some(130), "{errors}");
    assert!(errors.contains("KeyboardInterrupt"), "{errors}");
    assert!(!errors.contains("timeout"), "{errors}");
}

// --- frames ----------------------------------------------------------------------------------

const FRAMES_FIXTURE: &str = r#"
show_frames = globals().get("SHOW_FRAMES") or (lambda *args: None)

x = "global x"

def outer():
    x = "enclosing x"
    def inner():
        nonlocal x
        x = "rebound by inner"
        show_frames("inside inner")
    inner()
    return inner

def make_counter():
    count = 0
    def increment():
        nonlocal count
        count += 1
        return count
    return increment

def bump():
    global x
    x = len("bumped")
    show_frames("inside bump")

kept = outer()
first, second = make_counter(), make_counter()
first(); first(); second()
bump()
show_frames("module level", "x", "kept", "first", "second")
print("done", x)
"#;

#[test]
fn frames_draws_the_live_frames_and_the_cells_they_share() {
    let scripts = Scripts::new(&[("legb.py", FRAMES_FIXTURE)]);
    let script = scripts.0.path().join("legb.py");
    let output = pyconcepts()
        .args(["run", "--frames"])
        .arg(&script)
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let text = stdout(&output);
    let inner = &text
        [position(&text, "┌─ frames · inside inner")..position(&text, "┌─ frames · inside bump")];
    assert!(inner.contains("x = 'global x'   (hidden here"), "{inner}");
    assert!(inner.contains("↳ outer()  line 12"), "{inner}");
    assert!(
        inner.contains("x ─▶ ◆1 = 'rebound by inner'   cell variable"),
        "{inner}"
    );
    assert!(
        inner.contains("↳ outer.<locals>.inner()  line 11  · nonlocal x"),
        "{inner}"
    );
    assert!(
        inner.contains("x ─▶ ◆1 = 'rebound by inner'   free variable"),
        "{inner}"
    );
    assert!(
        inner.contains("shared by outer() inner.__closure__, outer() x, inner() x"),
        "{inner}"
    );

    let bump = &text
        [position(&text, "┌─ frames · inside bump")..position(&text, "┌─ frames · module level")];
    assert!(bump.contains("│ builtins  len"), "{bump}");
    assert!(bump.contains("↳ bump()  line 26  · global x"), "{bump}");
    assert!(bump.contains("│     x = 6"), "{bump}");

    // Two counters from one factory: two cells, told apart by id; the cell outer() made is the
    // one `kept` still holds after outer() returned.
    let module = &text[position(&text, "┌─ frames · module level")..];
    assert!(
        module.contains("│     x = 6\n"),
        "names given to SHOW_FRAMES are shown: {module}"
    );
    assert!(
        module.contains("kept = <function outer.<locals>.inner>   closure: x ─▶ ◆1"),
        "{module}"
    );
    assert!(
        module
            .contains("first = <function make_counter.<locals>.increment>   closure: count ─▶ ◆2"),
        "{module}"
    );
    assert!(
        module
            .contains("second = <function make_counter.<locals>.increment>   closure: count ─▶ ◆3"),
        "{module}"
    );
    assert!(module.contains("◆2 = 2   (cell at 0x"), "{module}");
    assert!(module.contains("◆3 = 1   (cell at 0x"), "{module}");
    let cell_id = |block: &str| -> String {
        let at = position(block, "◆1 = ");
        block[at..]
            .split("(cell at ")
            .nth(1)
            .unwrap()
            .split(')')
            .next()
            .unwrap()
            .to_owned()
    };
    assert_eq!(
        cell_id(inner),
        cell_id(module),
        "the same cell outlives outer()'s frame"
    );

    // Without --frames the snippet runs as under python3: no diagram at all.
    let plain = pyconcepts().arg("run").arg(&script).output().unwrap();
    assert_eq!(stdout(&plain), "done 6\n");
}

#[test]
fn frames_is_only_for_the_scope_demos() {
    pyconcepts()
        .args(["demo", "dict-keys", "--frames"])
        .assert()
        .code(2)
        .stderr(predicates::str::contains(
            "--frames draws call frames for legb, nonlocal-global, closures",
        ));
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("legb.py"), FRAMES_FIXTURE).unwrap();
    let output = pyconcepts()
        .args(["demo", "legb", "--frames", "--snippets-dir"])
        .arg(dir.path())
        .output()
        .unwrap();
    let registered = pyconcepts::demos::find("legb").is_some_and(|q| q.demo.is_some());
    if registered {
        // The demo's claims find no evidence in this fixture; the frames are what is checked.
        assert!(
            stdout(&output).contains("┌─ frames · inside inner"),
            "{}",
            stdout(&output)
        );
        assert!(
            !stderr(&output).contains("Traceback"),
            "{}",
            stderr(&output)
        );
    } else {
        assert_eq!(output.status.code(), Some(2));
        assert!(stderr(&output).contains("not available yet"));
    }
}

// --- completions -------------------------------------------------------------------------

#[test]
fn completions_offer_commands_and_demo_names() {
    for shell in ["bash", "zsh", "fish"] {
        let output = pyconcepts().args(["completions", shell]).output().unwrap();
        assert_eq!(output.status.code(), Some(0), "{shell}");
        let script = stdout(&output);
        for word in [
            "quiz",
            "dict-keys",
            "nonlocal-global",
            "scalability",
            "--step",
        ] {
            assert!(script.contains(word), "{shell} completion lacks {word}");
        }
    }
    pyconcepts().args(["completions", "tcsh"]).assert().code(2);
}

#[test]
fn run_lets_multiprocessing_find_functions_defined_in_the_script() {
    // The script is a real `__main__` module with a `__file__`: spawn and forkserver children
    // import it as python3's children would.
    let scripts = Scripts::new(&[(
        "pool.py",
        indoc::indoc! {r#"
            import multiprocessing

            def square(x):
                return x * x

            if __name__ == "__main__":
                for method in ("fork", "spawn", "forkserver"):
                    with multiprocessing.get_context(method).Pool(2) as pool:
                        print(method, pool.map(square, range(5)))
        "#},
    )]);
    let (expected, actual) = scripts.both("pool.py", &[], "");
    assert!(expected.status.success(), "{}", stderr(&expected));
    assert_same(&expected, &actual);
    assert!(stdout(&actual).contains("spawn [0, 1, 4, 9, 16]"));
}
