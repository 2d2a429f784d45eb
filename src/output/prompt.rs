//! Reading the presenter's Enters and the learner's answers from standard input, a line at a
//! time, from a terminal or a pipe alike.
//!
//! Reads go straight to descriptor 0, one byte at a time: nothing is buffered ahead, so a snippet
//! that reads `sys.stdin` later gets the rest of the input untouched. A read interrupted by
//! Ctrl-C (EINTR: Python's SIGINT handler does not restart system calls) asks Python whether
//! that was a `KeyboardInterrupt`, so Ctrl-C at a prompt stops the program like anywhere else.

use std::io::{IsTerminal, Write};

use pyo3::Python;

/// What the user typed at a prompt.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Reply {
    /// A line, without its line ending.
    Line(String),
    /// Standard input is closed (a pipe that ran dry, `/dev/null`, Ctrl-D).
    EndOfInput,
    /// Ctrl-C while waiting.
    Interrupted,
}

/// Shows `prompt` (no newline) and reads one line. Needs the interpreter started when Ctrl-C is
/// to be noticed.
pub fn ask(out: &mut impl Write, prompt: &str) -> std::io::Result<Reply> {
    write!(out, "{prompt}")?;
    out.flush()?;
    let reply = read_line();
    match &reply {
        // A terminal echoed the line and its Enter; from a pipe, show what was read, so the
        // transcript reads like the session it replays.
        Reply::Line(line) if !std::io::stdin().is_terminal() => writeln!(out, "{line}")?,
        Reply::Line(_) => {}
        // Keep the next output off the prompt's line.
        Reply::EndOfInput | Reply::Interrupted => writeln!(out)?,
    }
    Ok(reply)
}

fn read_line() -> Reply {
    let mut line = Vec::new();
    loop {
        let mut byte = 0u8;
        // SAFETY: reading at most one byte into a valid one-byte buffer.
        let read = unsafe { libc::read(0, (&mut byte as *mut u8).cast(), 1) };
        match read {
            1 if byte == b'\n' => break,
            1 => line.push(byte),
            0 if line.is_empty() => return Reply::EndOfInput,
            0 => break, // a last line without a newline still counts
            _ => {
                let error = std::io::Error::last_os_error();
                if error.kind() != std::io::ErrorKind::Interrupted {
                    return Reply::EndOfInput; // e.g. stdin closed or not readable
                }
                if interrupt_pending() {
                    return Reply::Interrupted;
                }
            }
        }
    }
    if line.last() == Some(&b'\r') {
        line.pop();
    }
    Reply::Line(String::from_utf8_lossy(&line).into_owned())
}

/// Runs Python's pending signal handlers; true when one raised `KeyboardInterrupt` (Ctrl-C).
fn interrupt_pending() -> bool {
    if !python_started() {
        return false;
    }
    Python::attach(|py| match py.check_signals() {
        Ok(()) => false,
        Err(err) => err.is_instance_of::<pyo3::exceptions::PyKeyboardInterrupt>(py),
    })
}

fn python_started() -> bool {
    // SAFETY: Py_IsInitialized may be called at any time.
    unsafe { pyo3::ffi::Py_IsInitialized() != 0 }
}

/// What a presenter's reply at "press Enter" means.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Go {
    Next,
    Quit,
}

/// `q`, `quit`, `exit` (any case) stop; anything else, an empty line included, goes on.
pub fn presenter_intent(line: &str) -> Go {
    match line.trim().to_ascii_lowercase().as_str() {
        "q" | "quit" | "exit" => Go::Quit,
        _ => Go::Next,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn q_quits_and_anything_else_goes_on() {
        assert_eq!(presenter_intent(""), Go::Next);
        assert_eq!(presenter_intent("  Q "), Go::Quit);
        assert_eq!(presenter_intent("quit"), Go::Quit);
        assert_eq!(presenter_intent("next"), Go::Next);
    }
}
