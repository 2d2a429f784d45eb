//! `pyconcepts info`: the embedded interpreter, and the other runtimes found beside it.

use std::io::{self, Write};
use std::path::PathBuf;

use crate::errors::Outcome;
use crate::python::interpreter;
use crate::runtimes;

pub fn run(json: bool, pythons: &[PathBuf]) -> anyhow::Result<Outcome> {
    interpreter::start()?;
    let mut details = interpreter::details()?;
    // Cython is a package of the interpreter the embedded CPython runs its children with.
    let child_python = details
        .get("child_executable")
        .and_then(serde_json::Value::as_str)
        .map(PathBuf::from);
    // Python's signal handlers run when the host checks for them: Ctrl-C and SIGTERM stop the
    // probes within a few milliseconds, not when the slowest of them ends.
    let others = runtimes::describe_all(
        &runtimes::locate(pythons),
        child_python.as_deref(),
        runtimes::INFO_TIMEOUT,
        interpreter::check_interrupt,
    )?;
    let mut out = io::stdout().lock();
    if json {
        details.insert("runtimes".into(), serde_json::to_value(&others)?);
        serde_json::to_writer(&mut out, &details)?;
        writeln!(out)?;
    } else {
        for (key, value) in &details {
            let value = value
                .as_str()
                .map_or_else(|| value.to_string(), str::to_owned);
            writeln!(out, "{:<18} {value}", format!("{key}:"))?;
        }
        writeln!(out, "other runtimes:")?;
        for line in runtimes::info_lines(&others) {
            writeln!(out, "  {line}")?;
        }
    }
    Ok(Outcome::Success)
}
