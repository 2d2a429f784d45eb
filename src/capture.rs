//! The writer installed as `sys.stdout` and `sys.stderr` while a snippet runs: every write is
//! recorded for the report and, unless the user asked for silence, shown at once.

use std::io::Write;
use std::sync::{Arc, Mutex};

use pyo3::prelude::*;

/// Where a captured stream's writes are shown live.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Echo {
    Stdout,
    Stderr,
    /// `--quiet` and `--json`: record only.
    Silent,
}

/// Everything a snippet printed, both streams interleaved in the order written. Shared by the two
/// writers and by the host, which reads it when the snippet is done.
#[derive(Clone, Default)]
pub struct Transcript(Arc<Mutex<String>>);

impl Transcript {
    pub fn take(&self) -> String {
        std::mem::take(&mut *self.lock())
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, String> {
        // A panic while holding this lock leaves a string, which is still a fine string.
        self.0.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
    }
}

/// A text stream with the methods `print`, `logging` and `traceback` use.
#[pyclass(module = "_pyconcepts", frozen)]
pub struct CapturedStream {
    echo: Echo,
    transcript: Transcript,
}

impl CapturedStream {
    pub fn new(echo: Echo, transcript: Transcript) -> Self {
        CapturedStream { echo, transcript }
    }
}

#[pymethods]
impl CapturedStream {
    fn write(&self, text: &str) -> usize {
        self.transcript.lock().push_str(text);
        // Errors are ignored on purpose: when the reader went away (`| head`), the snippet still
        // finishes and the host notices the closed pipe when it prints the verdicts.
        let _ = match self.echo {
            Echo::Stdout => write_now(&mut std::io::stdout().lock(), text),
            Echo::Stderr => write_now(&mut std::io::stderr().lock(), text),
            Echo::Silent => Ok(()),
        };
        text.chars().count()
    }

    fn flush(&self) {}

    fn writable(&self) -> bool {
        true
    }

    fn isatty(&self) -> bool {
        false
    }

    /// The real descriptor behind the stream, for code such as `faulthandler` that needs one;
    /// what is written to it directly is shown but not recorded. A silent stream has none, as
    /// `io.StringIO` has none: writing past it would break `--json`'s one object per line.
    fn fileno(&self, py: Python<'_>) -> PyResult<i32> {
        match self.echo {
            Echo::Stdout => Ok(1),
            Echo::Stderr => Ok(2),
            Echo::Silent => Err(PyErr::from_value(
                py.import("io")?
                    .getattr("UnsupportedOperation")?
                    .call1(("fileno",))?,
            )),
        }
    }

    #[getter]
    fn encoding(&self) -> &'static str {
        "utf-8"
    }

    #[getter]
    fn errors(&self) -> &'static str {
        "strict"
    }
}

fn write_now(out: &mut impl Write, text: &str) -> std::io::Result<()> {
    out.write_all(text.as_bytes())?;
    out.flush()
}
