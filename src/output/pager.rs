//! Long text through a pager on a terminal, as `git` and `bat` do: `$PAGER`, else `less -RF`
//! (colours kept; no pager at all when the text fits the screen).

use std::io::{IsTerminal, Write};
use std::process::{Command, Stdio};

use super::terminal;

/// Writes `text` to standard output, through a pager when it is a terminal and the text is
/// taller than the screen (and `allowed`). A pager that cannot start is no error: the text is
/// printed as it is.
pub fn show(text: &str, allowed: bool) -> std::io::Result<()> {
    let rows = terminal::size().map_or(usize::MAX, |(_, rows)| rows);
    let fits = text.lines().count() < rows;
    if !allowed || fits || !std::io::stdout().is_terminal() {
        return std::io::stdout().lock().write_all(text.as_bytes());
    }
    match spawn_pager() {
        Some(mut pager) => {
            if let Some(mut input) = pager.stdin.take() {
                // The reader may quit early (`q` in less): a broken pipe then is no error.
                let _ = input.write_all(text.as_bytes());
            }
            pager.wait()?;
            Ok(())
        }
        None => std::io::stdout().lock().write_all(text.as_bytes()),
    }
}

/// `$PAGER` split on whitespace (`cat` or empty means none), else `less -RF`.
fn spawn_pager() -> Option<std::process::Child> {
    let configured = std::env::var("PAGER").ok();
    let words: Vec<String> = match configured.as_deref().map(str::trim) {
        Some("" | "cat") => return None,
        Some(command) => command.split_whitespace().map(str::to_owned).collect(),
        None => vec!["less".into(), "-RF".into()],
    };
    let (program, args) = words.split_first()?;
    let mut command = Command::new(program);
    command.args(args).stdin(Stdio::piped());
    if configured.is_none() {
        // less's own defaults when it is ours: keep colours, leave short text on screen.
        command.env("LESS", "RF");
    }
    command.spawn().ok()
}
