//! The raw file under `sys.stdout` and `sys.stderr` while a snippet runs: every byte written is
//! recorded for the report and, unless the user asked for silence, shown at once.
//!
//! The harness stacks Python's own `io.TextIOWrapper` (and, for `run`, an `io.BufferedWriter`)
//! on top, exactly as python3 builds its standard streams on `io.FileIO`, so that encoding,
//! errors, buffering, `reconfigure`, `detach` and `close` behave as they do there. This layer
//! only plays the part of `FileIO`: bytes in, to the terminal and to the transcript.

use std::io::Write;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};

use pyo3::buffer::PyUntypedBuffer;
use pyo3::exceptions::{PyOSError, PyValueError};
use pyo3::prelude::*;
use pyo3::types::PyBytes;

use crate::output::heartbeat;
use crate::output::soft_wrap::SoftWrap;

/// Where a captured stream's writes are shown live.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Echo {
    Stdout,
    Stderr,
    /// `--quiet` and `--json`: record only.
    Silent,
}

/// Everything a snippet printed, both streams interleaved in the order their bytes reached the
/// raw layer: line by line as written, for demos and `run --json`/`--step` (whose text layer
/// writes each line through). Shared by the two files and by the host, which reads it when the
/// code is done.
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

/// The raw, unbuffered, write-only file under a captured text stream (python3 has `FileIO`
/// there). Closing it marks it closed and leaves the host's descriptor open.
#[pyclass(module = "_pyconcepts", frozen)]
pub struct CapturedFile {
    echo: Echo,
    transcript: Transcript,
    /// `run`: a failed write raises `OSError` as python3's does (a closed pipe stops a script
    /// that prints forever). Demos ignore it and the host notices the closed pipe itself.
    report_errors: bool,
    closed: AtomicBool,
    /// The start of a UTF-8 character split across two writes, kept for the transcript.
    unfinished: Mutex<Vec<u8>>,
    /// A demo's output on a terminal is folded to its width; `run` shows what python3 would.
    fold: Option<Mutex<SoftWrap>>,
}

impl CapturedFile {
    /// The host descriptor a live file shows its writes on.
    fn descriptor(&self) -> Option<i32> {
        match self.echo {
            Echo::Stdout => Some(1),
            Echo::Stderr => Some(2),
            Echo::Silent => None,
        }
    }

    /// `fold_width`: the screen's width, when shown lines are to be folded to it.
    pub fn new(
        echo: Echo,
        transcript: Transcript,
        report_errors: bool,
        fold_width: Option<usize>,
    ) -> Self {
        CapturedFile {
            echo,
            transcript,
            report_errors,
            closed: AtomicBool::new(false),
            unfinished: Mutex::new(Vec::new()),
            fold: fold_width.and_then(SoftWrap::new).map(Mutex::new),
        }
    }

    fn record(&self, bytes: &[u8]) {
        let mut unfinished = self
            .unfinished
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        if unfinished.is_empty() {
            // The usual case, kept free of copies: demos print a lot.
            if let Ok(text) = std::str::from_utf8(bytes) {
                self.transcript.lock().push_str(text);
                return;
            }
        }
        unfinished.extend_from_slice(bytes);
        let complete = complete_utf8_prefix(&unfinished);
        self.transcript
            .lock()
            .push_str(&String::from_utf8_lossy(&unfinished[..complete]));
        unfinished.drain(..complete);
    }

    /// Writes to the terminal (or pipe) at once. Like `FileIO`, the GIL is released around the
    /// system call, so other threads run while a slow reader blocks this one. A silent file
    /// only records and keeps the GIL: releasing it on every print would let CPU-bound threads
    /// delay the printing one by a switch interval.
    fn show(&self, py: Python<'_>, bytes: &[u8]) -> std::io::Result<()> {
        let echo = self.echo;
        if echo == Echo::Silent {
            return Ok(());
        }
        let folded;
        let bytes = match &self.fold {
            Some(fold) => {
                folded = fold
                    .lock()
                    .unwrap_or_else(|poisoned| poisoned.into_inner())
                    .fold_bytes(bytes);
                &folded[..]
            }
            None => bytes,
        };
        py.detach(|| {
            heartbeat::around_write(bytes, || match echo {
                Echo::Stdout => write_after(&mut std::io::stdout().lock(), 1, bytes),
                Echo::Stderr => write_after(&mut std::io::stderr().lock(), 2, bytes),
                Echo::Silent => Ok(()),
            })
        })
    }

    fn check_open(&self) -> PyResult<()> {
        if self.closed.load(Ordering::Relaxed) {
            Err(PyValueError::new_err("I/O operation on closed file"))
        } else {
            Ok(())
        }
    }

    fn write_bytes(&self, py: Python<'_>, bytes: &[u8]) -> PyResult<usize> {
        self.check_open()?;
        self.record(bytes);
        match self.show(py, bytes) {
            Err(err) if self.report_errors => Err(os_error(&err)),
            // Ignored on purpose: when the reader went away (`| head`), the snippet still
            // finishes and the host notices the closed pipe when it prints the verdicts.
            _ => Ok(bytes.len()),
        }
    }
}

#[pymethods]
impl CapturedFile {
    /// Takes anything with the buffer protocol, as `FileIO.write` does: `BufferedWriter` hands
    /// over memoryviews of its buffer, `TextIOWrapper` bytes, a script whatever it has.
    fn write(&self, py: Python<'_>, data: &Bound<'_, PyAny>) -> PyResult<usize> {
        if let Ok(bytes) = data.cast::<PyBytes>() {
            return self.write_bytes(py, bytes.as_bytes());
        }
        let buffer = PyUntypedBuffer::get(data)?;
        if !buffer.is_c_contiguous() {
            return Err(PyValueError::new_err(
                "the buffer to write is not contiguous",
            ));
        }
        // SAFETY: the buffer is held (so its memory is pinned) until `buffer` is dropped, after
        // the write; a contiguous buffer is `len_bytes` bytes from `buf_ptr`.
        let bytes = unsafe {
            std::slice::from_raw_parts(buffer.buf_ptr() as *const u8, buffer.len_bytes())
        };
        self.write_bytes(py, bytes)
    }

    fn flush(&self) -> PyResult<()> {
        self.check_open()
    }

    fn close(&self) {
        self.closed.store(true, Ordering::Relaxed);
    }

    #[getter]
    fn closed(&self) -> bool {
        self.closed.load(Ordering::Relaxed)
    }

    fn writable(&self) -> PyResult<bool> {
        self.check_open().map(|()| true)
    }

    fn readable(&self) -> PyResult<bool> {
        self.check_open().map(|()| false)
    }

    /// As `FileIO`: whether the descriptor can seek (stdout redirected to a file can).
    fn seekable(&self) -> PyResult<bool> {
        self.check_open()?;
        Ok(self.descriptor().is_some_and(|fd| {
            // SAFETY: lseek only queries the offset of a descriptor this process has open.
            unsafe { libc::lseek(fd, 0, libc::SEEK_CUR) >= 0 }
        }))
    }

    /// The descriptor's offset, as `FileIO.tell` (which `TextIOWrapper` asks of a seekable
    /// file when it starts).
    fn tell(&self) -> PyResult<i64> {
        self.check_open()?;
        let Some(fd) = self.descriptor() else {
            return Err(PyOSError::new_err((libc::ESPIPE, "Illegal seek")));
        };
        // SAFETY: as in `seekable`.
        let offset = unsafe { libc::lseek(fd, 0, libc::SEEK_CUR) };
        if offset < 0 {
            return Err(os_error(&std::io::Error::last_os_error()));
        }
        Ok(offset)
    }

    /// Whether the writes reach a terminal: true only when shown live on one, as for python3's
    /// own streams (scripts that colour their output ask this).
    fn isatty(&self) -> PyResult<bool> {
        use std::io::IsTerminal;
        self.check_open()?;
        Ok(match self.echo {
            Echo::Stdout => std::io::stdout().is_terminal(),
            Echo::Stderr => std::io::stderr().is_terminal(),
            Echo::Silent => false,
        })
    }

    /// The real descriptor behind the stream, for code such as `faulthandler` or `subprocess`
    /// that needs one; what is written to it directly is shown but not recorded. A silent file
    /// has none, as `io.StringIO` has none: writing past it would break `--json`'s one object
    /// per line.
    fn fileno(&self, py: Python<'_>) -> PyResult<i32> {
        self.check_open()?;
        match self.descriptor() {
            Some(fd) => Ok(fd),
            None => Err(PyErr::from_value(
                py.import("io")?
                    .getattr("UnsupportedOperation")?
                    .call1(("fileno",))?,
            )),
        }
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
        "wb"
    }
}

/// How many leading bytes form whole UTF-8 characters (or invalid bytes, which the transcript
/// replaces); what follows is the beginning of a character the next write finishes.
fn complete_utf8_prefix(bytes: &[u8]) -> usize {
    match std::str::from_utf8(bytes) {
        Ok(_) => bytes.len(),
        Err(err) if err.error_len().is_none() => err.valid_up_to(),
        Err(err) => {
            let after_invalid = err.valid_up_to() + err.error_len().unwrap_or(1);
            after_invalid + complete_utf8_prefix(&bytes[after_invalid..])
        }
    }
}

/// The `OSError` python3's `FileIO` raises, `[Errno 32] Broken pipe` and all.
fn os_error(err: &std::io::Error) -> PyErr {
    match err.raw_os_error() {
        Some(code) => {
            // SAFETY: strerror returns a NUL-terminated message that stays valid until the next
            // strerror call; it is copied at once.
            let message = unsafe { std::ffi::CStr::from_ptr(libc::strerror(code)) }
                .to_string_lossy()
                .into_owned();
            PyOSError::new_err((code, message))
        }
        None => PyOSError::new_err(err.to_string()),
    }
}

/// Writes `bytes` to the descriptor itself, as `FileIO` does — so a descriptor the script closed
/// gives python3's `EBADF`, which Rust's own stdout would swallow — after what the host wrote
/// through `host` (whose lock is held meanwhile, so the two never interleave mid-write).
fn write_after(host: &mut impl Write, fd: i32, mut bytes: &[u8]) -> std::io::Result<()> {
    host.flush()?;
    while !bytes.is_empty() {
        // SAFETY: writes from a live slice, at most its length.
        let written = unsafe { libc::write(fd, bytes.as_ptr().cast(), bytes.len()) };
        if written < 0 {
            let err = std::io::Error::last_os_error();
            if err.kind() == std::io::ErrorKind::Interrupted {
                continue;
            }
            return Err(err);
        }
        bytes = &bytes[written as usize..];
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_character_split_across_writes_is_recorded_whole() {
        let transcript = Transcript::default();
        let file = CapturedFile::new(Echo::Silent, transcript.clone(), false, None);
        let snowman = "☃".as_bytes();
        file.record(&snowman[..1]);
        assert_eq!(transcript.take(), "");
        file.record(&snowman[1..]);
        file.record(b"\xff!");
        assert_eq!(transcript.take(), "☃\u{fffd}!");
    }

    #[test]
    fn complete_prefix_stops_before_an_unfinished_character() {
        assert_eq!(complete_utf8_prefix(b"ab"), 2);
        assert_eq!(complete_utf8_prefix(b"a\xe2\x98"), 1);
        assert_eq!(complete_utf8_prefix(b"\xffa\xe2"), 2);
    }
}
