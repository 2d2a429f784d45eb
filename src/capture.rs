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
        self.0
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
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

    /// Writes to the terminal (or pipe) at once. Like Python's own file objects, the GIL is
    /// released around the system call, so other threads run while a slow reader blocks this
    /// one. A silent stream only records, like `io.StringIO`, and keeps the GIL: releasing it on
    /// every print would let CPU-bound threads delay the printing one by a switch interval.
    fn show(&self, py: Python<'_>, bytes: &[u8]) {
        let echo = self.echo;
        if echo == Echo::Silent {
            return;
        }
        // Errors are ignored on purpose: when the reader went away (`| head`), the snippet still
        // finishes and the host notices the closed pipe when it prints the verdicts.
        let _ = py.detach(|| match echo {
            Echo::Stdout => write_now(&mut std::io::stdout().lock(), bytes),
            Echo::Stderr => write_now(&mut std::io::stderr().lock(), bytes),
            Echo::Silent => Ok(()),
        });
    }
}

#[pymethods]
impl CapturedStream {
    fn write(&self, py: Python<'_>, text: &str) -> usize {
        self.transcript.lock().push_str(text);
        self.show(py, text.as_bytes());
        text.chars().count()
    }

    fn flush(&self) {}

    fn writable(&self) -> bool {
        true
    }

    /// Whether the writes reach a terminal: true only when shown live on one, as for python3's
    /// own streams (scripts that colour their output ask this).
    fn isatty(&self) -> bool {
        use std::io::IsTerminal;
        match self.echo {
            Echo::Stdout => std::io::stdout().is_terminal(),
            Echo::Stderr => std::io::stderr().is_terminal(),
            Echo::Silent => false,
        }
    }

    fn writelines(&self, py: Python<'_>, lines: &Bound<'_, PyAny>) -> PyResult<()> {
        for line in lines.try_iter()? {
            self.write(py, line?.extract::<&str>()?);
        }
        Ok(())
    }

    fn readable(&self) -> bool {
        false
    }

    fn seekable(&self) -> bool {
        false
    }

    #[getter]
    fn closed(&self) -> bool {
        false
    }

    #[getter]
    fn name(&self) -> &'static str {
        match self.echo {
            Echo::Stderr => "<stderr>",
            Echo::Stdout | Echo::Silent => "<stdout>",
        }
    }

    #[getter]
    fn mode(&self) -> &'static str {
        "w"
    }

    #[getter]
    fn line_buffering(&self) -> bool {
        true
    }

    /// The binary layer, as `sys.stdout.buffer`: bytes are shown as they are and recorded as
    /// UTF-8 (invalid bytes replaced).
    #[getter]
    fn buffer(&self) -> CapturedBuffer {
        CapturedBuffer {
            stream: CapturedStream::new(self.echo, self.transcript.clone()),
        }
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

/// `sys.stdout.buffer` while a snippet runs.
#[pyclass(module = "_pyconcepts", frozen)]
pub struct CapturedBuffer {
    stream: CapturedStream,
}

#[pymethods]
impl CapturedBuffer {
    fn write(&self, py: Python<'_>, data: &[u8]) -> usize {
        self.stream
            .transcript
            .lock()
            .push_str(&String::from_utf8_lossy(data));
        self.stream.show(py, data);
        data.len()
    }

    fn flush(&self) {}

    fn writable(&self) -> bool {
        true
    }

    fn fileno(&self, py: Python<'_>) -> PyResult<i32> {
        self.stream.fileno(py)
    }
}

fn write_now(out: &mut impl Write, bytes: &[u8]) -> std::io::Result<()> {
    out.write_all(bytes)?;
    out.flush()
}
