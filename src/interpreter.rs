//! The embedded CPython: started once per process, runs a snippet in fresh globals, and puts the
//! interpreter back as it was afterwards.
//!
//! pyo3 never finalises the interpreter, so nothing here relies on `atexit` or on buffers being
//! flushed at exit: the host restores `sys.stdout`/`sys.stderr` itself after every snippet.

use std::ffi::CString;
use std::sync::Once;
use std::time::{Duration, Instant};

use anyhow::{anyhow, Context};
use pyo3::exceptions::PyKeyboardInterrupt;
use pyo3::prelude::*;
use pyo3::types::{PyBool, PyDict, PyFloat, PyInt, PyList, PyModule, PyString, PyTuple};
use serde_json::{Map, Value};

use crate::capture::{CapturedStream, Echo, Transcript};
use crate::errors::Interrupted;
use crate::host::host_module;
use crate::report::{PythonIdentity, SnippetError};
use crate::snippets::SnippetSource;

const HARNESS_NAME: &str = "_pyconcepts_harness";
const HARNESS_SOURCE: &str = include_str!("interpreter/harness.py");

/// Starts the interpreter on first use; later calls do nothing. Must be called on the main
/// thread: Python delivers signals (Ctrl-C) to the thread that initialised it.
pub fn start() -> anyhow::Result<()> {
    static START: Once = Once::new();
    START.call_once(|| {
        // The host module must be in the init table before the interpreter exists.
        pyo3::append_to_inittab!(host_module);
        Python::initialize();
    });
    Python::attach(|py| -> anyhow::Result<()> {
        if py.import(HARNESS_NAME).is_ok() {
            return Ok(());
        }
        let harness = PyModule::from_code(
            py,
            &CString::new(HARNESS_SOURCE)?,
            c"<pyconcepts harness>",
            &CString::new(HARNESS_NAME)?,
        )
        .map_err(|err| python_error(py, err))?;
        harness
            .call_method0("bootstrap")
            .map_err(|err| python_error(py, err))?;
        Ok(())
    })
    .context("starting the embedded Python interpreter")
}

/// Version, implementation and GIL of the embedded interpreter, as each report states them.
pub fn identity() -> anyhow::Result<PythonIdentity> {
    let details = call_harness("identity")?;
    serde_json::from_value(details).context("reading the interpreter's identity")
}

/// Everything `pyconcepts info` shows about the embedded interpreter.
pub fn details() -> anyhow::Result<Map<String, Value>> {
    let mut details = match call_harness("details")? {
        Value::Object(fields) => fields,
        other => return Err(anyhow!("unexpected interpreter details: {other}")),
    };
    let libpython = Python::attach(|py| -> PyResult<String> {
        py.import("_pyconcepts")?.call_method0("libpython")?.extract()
    })
    .context("asking the host module for the loaded libpython")?;
    details.insert("libpython".into(), libpython.into());
    Ok(details)
}

fn call_harness(function: &str) -> anyhow::Result<Value> {
    Python::attach(|py| {
        let result = py
            .import(HARNESS_NAME)
            .and_then(|harness| harness.call_method0(function))
            .map_err(|err| python_error(py, err))?;
        to_json(&result, function)
    })
}

/// What running a snippet produced.
pub struct SnippetRun {
    /// The snippet's `EVIDENCE` dict as plain data (an empty object when it left none).
    pub evidence: Value,
    pub output: String,
    pub duration: Duration,
    /// Set when the snippet raised (a syntax error included).
    pub error: Option<SnippetError>,
    /// The snippet stopped because of Ctrl-C.
    pub interrupted: bool,
}

/// Runs a snippet in fresh globals with `PARAMS` set, capturing its output, and restores the
/// interpreter's state afterwards whatever happened.
pub fn run_snippet(
    source: &SnippetSource,
    params: &Map<String, Value>,
    echo: bool,
) -> anyhow::Result<SnippetRun> {
    Python::attach(|py| {
        let harness = py.import(HARNESS_NAME)?;
        let saved = harness.call_method0("save_state")?;
        let transcript = Transcript::default();
        let started = Instant::now();
        let outcome = run_captured(py, &harness, source, params, echo, &transcript);
        let duration = started.elapsed();
        // Restored before looking at the outcome, so a failed snippet leaves nothing behind.
        harness.call_method1("restore_state", (saved,))?;
        let (globals, raised) = outcome?;
        let evidence = match globals.get_item("EVIDENCE")? {
            Some(evidence) if !evidence.is_none() => to_json(&evidence, "EVIDENCE")?,
            _ => Value::Object(Map::new()),
        };
        let interrupted = raised
            .as_ref()
            .is_some_and(|err| err.is_instance_of::<PyKeyboardInterrupt>(py));
        let error = match raised {
            Some(err) => Some(describe(&harness, err)?),
            None => None,
        };
        Ok(SnippetRun {
            evidence,
            output: transcript.take(),
            duration,
            error,
            interrupted,
        })
    })
    .map_err(|err: anyhow::Error| match err.downcast::<PyErr>() {
        Ok(py_err) => Python::attach(|py| python_error(py, py_err)),
        Err(other) => other,
    })
}

/// Compiles and executes the snippet with both streams captured. Returns its globals and the
/// exception it raised, if any; errors only when the harness itself fails.
fn run_captured<'py>(
    py: Python<'py>,
    harness: &Bound<'py, PyModule>,
    source: &SnippetSource,
    params: &Map<String, Value>,
    echo: bool,
    transcript: &Transcript,
) -> anyhow::Result<(Bound<'py, PyDict>, Option<PyErr>)> {
    harness.call_method1("prepare", (&source.file_name, &source.code))?;
    let sys = py.import("sys")?;
    let (out, err) = if echo {
        (Echo::Stdout, Echo::Stderr)
    } else {
        (Echo::Silent, Echo::Silent)
    };
    sys.setattr("stdout", CapturedStream::new(out, transcript.clone()))?;
    sys.setattr("stderr", CapturedStream::new(err, transcript.clone()))?;

    let globals = PyDict::new(py);
    globals.set_item("__name__", "__main__")?;
    globals.set_item("__file__", &source.file_name)?;
    globals.set_item("__builtins__", py.import("builtins")?)?;
    globals.set_item("PARAMS", to_python(py, &Value::Object(params.clone()))?)?;

    let builtins = py.import("builtins")?;
    // Python's own compile() and exec(), called from Rust: no host frame appears in a traceback,
    // and a syntax error is reported with the snippet's file name and line like any other.
    let raised = builtins
        .call_method1("compile", (&source.code, &source.file_name, "exec"))
        .and_then(|code| builtins.call_method1("exec", (code, &globals)))
        .err();
    Ok((globals, raised))
}

fn describe(harness: &Bound<'_, PyModule>, err: PyErr) -> PyResult<SnippetError> {
    let py = harness.py();
    // pyo3 keeps the traceback beside the exception rather than in `__traceback__` on 3.11.
    let (kind, message, traceback): (String, String, String) = harness
        .call_method1("describe_exception", (err.value(py), err.traceback(py)))?
        .extract()?;
    Ok(SnippetError {
        kind,
        message,
        traceback,
    })
}

/// A Python exception raised by the host's own calls, as a Rust error; Ctrl-C becomes
/// `Interrupted` so that `main` exits 130.
fn python_error(py: Python<'_>, err: PyErr) -> anyhow::Error {
    if err.is_instance_of::<PyKeyboardInterrupt>(py) {
        anyhow::Error::new(Interrupted)
    } else {
        anyhow!("Python error in the host: {err}")
    }
}

/// Raises `KeyboardInterrupt` as `Interrupted` if Ctrl-C arrived while Rust code was running.
pub fn check_interrupt() -> anyhow::Result<()> {
    Python::attach(|py| py.check_signals().map_err(|err| python_error(py, err)))
}

/// Converts the snippet's evidence to JSON, naming the place of anything that is not plain data.
fn to_json(value: &Bound<'_, PyAny>, place: &str) -> anyhow::Result<Value> {
    if value.is_none() {
        Ok(Value::Null)
    } else if value.is_instance_of::<PyBool>() {
        Ok(Value::Bool(value.extract()?))
    } else if value.is_instance_of::<PyInt>() {
        if let Ok(n) = value.extract::<i64>() {
            Ok(Value::from(n))
        } else if let Ok(n) = value.extract::<u64>() {
            Ok(Value::from(n))
        } else {
            Err(anyhow!(
                "{place} is an integer too large for JSON; record it as a string"
            ))
        }
    } else if value.is_instance_of::<PyFloat>() {
        // NaN and infinities have no JSON form; null says "no number" honestly.
        Ok(serde_json::Number::from_f64(value.extract()?).map_or(Value::Null, Value::Number))
    } else if let Ok(text) = value.cast::<PyString>() {
        Ok(Value::String(text.to_str()?.to_owned()))
    } else if let Ok(dict) = value.cast::<PyDict>() {
        let mut fields = Map::new();
        for (key, item) in dict.iter() {
            let key: String = key.extract().map_err(|_| {
                anyhow!("{place} has a key that is not a string: {key}; use string keys")
            })?;
            let item = to_json(&item, &format!("{place}[{key:?}]"))?;
            fields.insert(key, item);
        }
        Ok(Value::Object(fields))
    } else if value.is_instance_of::<PyList>() || value.is_instance_of::<PyTuple>() {
        value
            .try_iter()?
            .enumerate()
            .map(|(index, item)| to_json(&item?, &format!("{place}[{index}]")))
            .collect::<anyhow::Result<Vec<_>>>()
            .map(Value::Array)
    } else {
        Err(anyhow!(
            "{place} holds a {} ({}); EVIDENCE may hold only str, int, float, bool, None, lists \
             and dicts",
            value.get_type().name()?,
            value.repr()?
        ))
    }
}

/// Converts `PARAMS` (plain JSON values) to Python objects.
fn to_python<'py>(py: Python<'py>, value: &Value) -> PyResult<Bound<'py, PyAny>> {
    Ok(match value {
        Value::Null => py.None().into_bound(py),
        Value::Bool(flag) => PyBool::new(py, *flag).to_owned().into_any(),
        Value::Number(number) => match number.as_i64() {
            Some(n) => n.into_pyobject(py)?.into_any(),
            None => number.as_f64().unwrap_or(f64::NAN).into_pyobject(py)?.into_any(),
        },
        Value::String(text) => PyString::new(py, text).into_any(),
        Value::Array(items) => {
            let items = items
                .iter()
                .map(|item| to_python(py, item))
                .collect::<PyResult<Vec<_>>>()?;
            PyList::new(py, items)?.into_any()
        }
        Value::Object(fields) => {
            let dict = PyDict::new(py);
            for (key, item) in fields {
                dict.set_item(key, to_python(py, item)?)?;
            }
            dict.into_any()
        }
    })
}
