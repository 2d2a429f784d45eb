//! `pyconcepts info`: the embedded interpreter, and the other runtimes found beside it.

use std::io::{self, Write};
use std::path::PathBuf;

use crate::errors::Outcome;
use crate::python::child::{self, Interpreter};
use crate::python::interpreter;
use crate::runtimes;

pub fn run(json: bool, pythons: &[PathBuf], on: &[PathBuf]) -> anyhow::Result<Outcome> {
    let on = on
        .iter()
        .map(|given| child::resolve(given))
        .collect::<Result<Vec<_>, _>>()?;
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
        if !on.is_empty() {
            let described: Vec<serde_json::Value> = on.iter().map(described).collect();
            details.insert("on".into(), described.into());
        }
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
        for interpreter in &on {
            writeln!(out, "on {}:", interpreter.label())?;
            if let serde_json::Value::Object(fields) = described(interpreter) {
                for (key, value) in fields {
                    let value = value
                        .as_str()
                        .map_or_else(|| value.to_string(), str::to_owned);
                    writeln!(out, "  {:<16} {value}", format!("{key}:"))?;
                }
            }
        }
    }
    Ok(Outcome::Success)
}

/// What `info` says of a `--on` interpreter: what `demo --on` records of it, and its build.
fn described(interpreter: &Interpreter) -> serde_json::Value {
    let mut fields = match serde_json::to_value(&interpreter.identity) {
        Ok(serde_json::Value::Object(fields)) => fields,
        _ => serde_json::Map::new(),
    };
    fields.insert("sys_version".into(), interpreter.sys_version.clone().into());
    fields.insert("prefix".into(), interpreter.prefix.clone().into());
    fields.into()
}
