//! The documented exit codes, and the error type that maps to "you asked for something wrong".

use std::fmt;
use std::process::ExitCode;

/// How a run of pyconcepts ended; each has the exit code the README documents.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// Everything asked for ran (verdicts may still be `refuted`: that is a finding, not a failure).
    Success,
    /// A snippet raised, or a demo could not read its evidence.
    DemoFailed,
    /// Bad command line: unknown demo, malformed parameter, missing snippet.
    Usage,
    /// Ctrl-C.
    Interrupted,
    /// SIGTERM (what `timeout`, systemd and CI send): children stopped, then 128 + 15.
    Terminated,
    /// `run FILE.py` ends with the script's own exit status, as `python3 FILE.py` would.
    Script(u8),
}

impl Outcome {
    pub fn code(self) -> u8 {
        match self {
            Outcome::Success => 0,
            Outcome::DemoFailed => 1,
            Outcome::Usage => 2,
            Outcome::Interrupted => 130,
            Outcome::Terminated => 143,
            Outcome::Script(status) => status,
        }
    }
}

impl From<Outcome> for ExitCode {
    fn from(outcome: Outcome) -> ExitCode {
        ExitCode::from(outcome.code())
    }
}

/// An error in what the user asked for; `main` prints it on one line and exits 2.
#[derive(Debug)]
pub struct UsageError(pub String);

impl fmt::Display for UsageError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for UsageError {}

/// Ctrl-C arrived while the host, not a snippet, was working; `main` exits 130.
#[derive(Debug)]
pub struct Interrupted;

impl fmt::Display for Interrupted {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("interrupted")
    }
}

impl std::error::Error for Interrupted {}

/// The outcome an error leads to, and whether it is worth a message.
pub fn outcome_of(err: &anyhow::Error) -> Outcome {
    if err.downcast_ref::<UsageError>().is_some() {
        Outcome::Usage
    } else if err.downcast_ref::<Interrupted>().is_some() {
        Outcome::Interrupted
    } else {
        Outcome::DemoFailed
    }
}

/// A closed pipe (`pyconcepts demo all | head`) is a normal way for output to end.
pub fn is_broken_pipe(err: &anyhow::Error) -> bool {
    err.chain().any(|cause| {
        let kind = match cause.downcast_ref::<serde_json::Error>() {
            Some(json) => json.io_error_kind(),
            None => cause.downcast_ref::<std::io::Error>().map(|io| io.kind()),
        };
        kind == Some(std::io::ErrorKind::BrokenPipe)
    })
}
