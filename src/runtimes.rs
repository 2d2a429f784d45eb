//! The other Python runtimes on this machine, to compare the embedded CPython with: PyPy and
//! Jython looked up on `PATH`, any interpreter given with `--python PATH`, and Cython (a package
//! of the embedded CPython's own interpreter, which builds C extensions for it).
//!
//! Looking a runtime up is instant, so every demo gets the list (`PARAMS["runtimes"]`) and runs
//! its own probes on the runtimes it needs. Asking a runtime its version starts it — a JVM for
//! Jython, seconds — so only `pyconcepts info` does that, in child processes with a hard timeout
//! that Ctrl-C and SIGTERM cut short.

use std::ffi::OsStr;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Command, ExitStatus, Stdio};
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use serde::Serialize;
use serde_json::Value;

use crate::errors::UsageError;

/// A runtime pyconcepts knows how to find and how to install.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Known {
    /// The command looked up on `PATH`, and the runtime's name in reports.
    pub name: &'static str,
    /// A `--python` file whose name starts with this stands for this runtime.
    pub file_prefix: &'static str,
    /// The exact command that installs it (Debian packages).
    pub install: &'static str,
}

pub const PYPY: Known = Known {
    name: "pypy3",
    file_prefix: "pypy",
    install: install_line("pypy3"),
};

pub const JYTHON: Known = Known {
    name: "jython",
    file_prefix: "jython",
    install: install_line("jython"),
};

/// The interpreters looked up on `PATH`, in the order reports show them.
pub const KNOWN: [Known; 2] = [PYPY, JYTHON];

/// Cython is a package of the embedded CPython's interpreter, not an interpreter of its own.
pub const CYTHON_INSTALL: &str = install_line("cython");

/// The shared probes module, which holds the one table of install commands: the snippets print
/// them when run on their own, and pyconcepts reads them from it here, when it is compiled.
const PROBES_MODULE: &str = include_str!(concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/python_snippets/runtime_probes.py"
));

/// The install command of `name` in the probes module's table; a table without it does not
/// compile.
const fn install_line(name: &str) -> &'static str {
    match table_entry(PROBES_MODULE, name) {
        Some(command) => command,
        None => panic!("python_snippets/runtime_probes.py: its INSTALL table lacks a runtime"),
    }
}

/// The command of `name` in the literal block of `source` that opens with a line `INSTALL = {`
/// and ends with a line `}`, holding one `"name": "command",` a line (the block's only grammar:
/// no escapes, no comments). A const fn, so that the commands are constants.
const fn table_entry<'a>(source: &'a str, name: &str) -> Option<&'a str> {
    const OPENING: &[u8] = b"\nINSTALL = {\n";
    let text = source.as_bytes();
    let Some(mut at) = find(text, OPENING, 0) else {
        return None;
    };
    at += OPENING.len();
    // One line of the block at a time, up to its closing brace.
    while at < text.len() && text[at] != b'}' {
        let end = match find(text, b"\n", at) {
            Some(end) => end,
            None => text.len(),
        };
        let (_, rest) = text.split_at(at);
        let (line, _) = rest.split_at(end - at);
        if let Some(command) = entry_command(line, name.as_bytes()) {
            return match std::str::from_utf8(command) {
                Ok(command) => Some(command),
                Err(_) => None,
            };
        }
        at = end + 1;
    }
    None
}

/// The command of a line `    "name": "command",` when its name is `name`.
const fn entry_command<'a>(line: &'a [u8], name: &[u8]) -> Option<&'a [u8]> {
    let mut at = 0;
    while at < line.len() && line[at] == b' ' {
        at += 1;
    }
    if !starts_with(line, at, b"\"") || !starts_with(line, at + 1, name) {
        return None;
    }
    at += 1 + name.len();
    if !starts_with(line, at, b"\": \"") {
        return None;
    }
    at += 4;
    let Some(end) = find(line, b"\"", at) else {
        return None;
    };
    let (_, rest) = line.split_at(at);
    let (command, _) = rest.split_at(end - at);
    Some(command)
}

/// Where `needle` first occurs in `text` from `from` on.
const fn find(text: &[u8], needle: &[u8], from: usize) -> Option<usize> {
    let mut at = from;
    while at + needle.len() <= text.len() {
        if starts_with(text, at, needle) {
            return Some(at);
        }
        at += 1;
    }
    None
}

const fn starts_with(text: &[u8], at: usize, prefix: &[u8]) -> bool {
    if at + prefix.len() > text.len() {
        return false;
    }
    let mut index = 0;
    while index < prefix.len() {
        if text[at + index] != prefix[index] {
            return false;
        }
        index += 1;
    }
    true
}

/// Why the other runtimes were not compared with when `demo --no-others` leaves them out; the
/// snippets receive it as `PARAMS["others_left_out"]` and start none of them.
pub const LEFT_OUT: &str = "left out with --no-others";

/// Why a `demo --on` run in another CPython does not compare with the other runtimes: the
/// embedded run did, and they do not change with the CPython that starts them.
pub const LEFT_OUT_ON_OTHER_PYTHON: &str =
    "compared in the embedded interpreter's run, not again in each --on interpreter";

/// How long `info` waits for a runtime to say its version (a JVM starts in about 2 s).
pub const INFO_TIMEOUT: Duration = Duration::from_secs(20);

/// A runtime to compare with: where it is, or why it is missing. Serialised as an entry of
/// `PARAMS["runtimes"]`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Runtime {
    /// `pypy3`, `jython`, or the file name of a `--python` interpreter.
    pub name: String,
    /// The executable; `None` when the runtime is missing.
    pub path: Option<PathBuf>,
    /// For a missing runtime pyconcepts knows, the command that installs it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub install: Option<&'static str>,
    /// Why it is missing.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
}

/// The known runtimes and the `--python` extras, looked up in this process's `PATH`.
pub fn locate(extras: &[PathBuf]) -> Vec<Runtime> {
    locate_in(extras, std::env::var_os("PATH").as_deref())
}

/// `locate` with the search path given, so tests need not change the process's environment.
/// A `--python` file named like a known runtime (`pypy*`, `jython*`) takes that runtime's place:
/// if it is not there, that runtime is missing rather than silently taken from `PATH`.
pub fn locate_in(extras: &[PathBuf], search_path: Option<&OsStr>) -> Vec<Runtime> {
    let stands_for = |extra: &PathBuf, known: &Known| {
        extra
            .file_name()
            .is_some_and(|name| name.to_string_lossy().starts_with(known.file_prefix))
    };
    let mut runtimes: Vec<Runtime> = KNOWN
        .iter()
        .map(
            |known| match extras.iter().find(|extra| stands_for(extra, known)) {
                Some(given) => given_runtime(known.name.to_owned(), given, Some(known.install)),
                None => match find_on_path(known.name, search_path) {
                    Some(path) => found(known.name.to_owned(), path),
                    None => Runtime {
                        name: known.name.to_owned(),
                        path: None,
                        install: Some(known.install),
                        reason: Some(format!("{} is not on PATH", known.name)),
                    },
                },
            },
        )
        .collect();
    for extra in extras {
        if !KNOWN.iter().any(|known| stands_for(extra, known)) {
            let name = extra.file_name().map_or_else(
                || extra.display().to_string(),
                |name| name.to_string_lossy().into_owned(),
            );
            runtimes.push(given_runtime(name, extra, None));
        }
    }
    runtimes
}

fn found(name: String, path: PathBuf) -> Runtime {
    Runtime {
        name,
        path: Some(path),
        install: None,
        reason: None,
    }
}

/// What is wrong with a `--python PATH`, if anything: it must be an executable file.
fn given_problem(given: &Path) -> Option<&'static str> {
    match std::fs::metadata(given) {
        Err(_) => Some("does not exist"),
        Ok(meta) if !meta.is_file() => Some("is not a file"),
        Ok(_) if !is_executable(given) => Some("is not executable"),
        Ok(_) => None,
    }
}

/// Every `--python PATH` must be an executable file: a typo is the user's to fix, said before
/// Python starts, not a runtime quietly reported missing in one claim's explanation.
pub fn check_given(extras: &[PathBuf]) -> Result<(), UsageError> {
    match extras
        .iter()
        .find_map(|given| Some((given, given_problem(given)?)))
    {
        Some((given, problem)) => Err(UsageError(format!(
            "--python {} {problem}; give the path of an interpreter",
            given.display()
        ))),
        None => Ok(()),
    }
}

/// A `--python PATH`: used as given when it is an executable file.
fn given_runtime(name: String, given: &Path, install: Option<&'static str>) -> Runtime {
    match given_problem(given) {
        None => found(name, std::path::absolute(given).unwrap_or(given.to_owned())),
        Some(problem) => Runtime {
            name,
            path: None,
            install,
            reason: Some(format!("--python {} {problem}", given.display())),
        },
    }
}

/// The first executable file called `command` in the directories of `search_path`.
pub fn find_on_path(command: &str, search_path: Option<&OsStr>) -> Option<PathBuf> {
    std::env::split_paths(search_path?)
        .filter(|dir| !dir.as_os_str().is_empty())
        .map(|dir| dir.join(command))
        .find(|candidate| is_executable(candidate))
}

pub fn is_executable(path: &Path) -> bool {
    use std::os::unix::fs::PermissionsExt;
    std::fs::metadata(path)
        .is_ok_and(|meta| meta.is_file() && meta.permissions().mode() & 0o111 != 0)
}

/// The list every snippet receives as `PARAMS["runtimes"]`: one `{"name", "path"}` object per
/// runtime, `path` null (with `install` and `reason`) when it is missing.
pub fn params_value(runtimes: &[Runtime]) -> Value {
    serde_json::to_value(runtimes).unwrap_or(Value::Array(Vec::new()))
}

/// What `info` shows about a runtime.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Described {
    pub name: String,
    pub path: Option<PathBuf>,
    /// What the runtime said it is, e.g. "PyPy 7.3.11 (Python 3.9.16)"; `None` when it could
    /// not be asked.
    pub version: Option<String>,
    /// Why there is no version: missing, killed at the timeout, or the probe failed.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub problem: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub install: Option<&'static str>,
}

/// Asks an interpreter what it is. Python 2.7 syntax as well as 3: Jython runs it too.
const IDENTITY_PROBE: &str = r#"
import platform, sys
own = getattr(sys, "pypy_version_info", None)
if own:
    said = "%s %s (Python %s)" % (platform.python_implementation(),
                                  ".".join(str(part) for part in own[:3]),
                                  platform.python_version())
else:
    said = "%s %s" % (platform.python_implementation(), platform.python_version())
if sys.platform.startswith("java"):
    from java.lang import System
    said += " (Java %s)" % System.getProperty("java.version")
print(said)
"#;

/// Runs the identity probe on a runtime (nothing runs when it is missing); `cancel` stops it.
pub fn describe(runtime: &Runtime, timeout: Duration, cancel: &AtomicBool) -> Described {
    let Some(path) = &runtime.path else {
        return Described {
            name: runtime.name.clone(),
            path: None,
            version: None,
            problem: runtime.reason.clone(),
            install: runtime.install,
        };
    };
    let mut command = Command::new(path);
    command.args(["-c", IDENTITY_PROBE]);
    let (version, problem) = match last_line(run_with_timeout(&mut command, timeout, cancel)) {
        Ok(said) => (Some(said), None),
        Err(problem) => (None, Some(problem)),
    };
    Described {
        name: runtime.name.clone(),
        path: Some(path.clone()),
        version,
        problem,
        install: None,
    }
}

/// Asks `python` (the embedded CPython's own interpreter) for its Cython package.
pub fn describe_cython(python: &Path, timeout: Duration, cancel: &AtomicBool) -> Described {
    let mut command = Command::new(python);
    command.args([
        "-c",
        "import os, Cython\nprint(os.path.dirname(Cython.__file__))\nprint(Cython.__version__)",
    ]);
    let finished = run_with_timeout(&mut command, timeout, cancel);
    let package_dir = match &finished {
        Ok(done) if done.status.success() => done.stdout.lines().next().map(PathBuf::from),
        _ => None,
    };
    let missing = matches!(&finished, Ok(done) if done.stderr.contains("No module named"));
    let (version, problem) = match last_line(finished) {
        Ok(version) => (Some(format!("Cython {version}")), None),
        Err(_) if missing => (
            None,
            Some(format!("{} has no Cython package", python.display())),
        ),
        Err(problem) => (None, Some(problem)),
    };
    Described {
        name: "cython".to_owned(),
        path: package_dir,
        install: missing.then_some(CYTHON_INSTALL),
        version,
        problem,
    }
}

/// Describes every runtime at once: their start-up times overlap instead of adding up.
///
/// The probes wait on other threads while this one calls `check_stop` every few milliseconds
/// (`info` checks Python's pending signals there): when it fails, every probe is killed with
/// its process group, and its error is returned once they are gone.
pub fn describe_all(
    runtimes: &[Runtime],
    cython_python: Option<&Path>,
    timeout: Duration,
    mut check_stop: impl FnMut() -> anyhow::Result<()>,
) -> anyhow::Result<Vec<Described>> {
    let cancel = AtomicBool::new(false);
    let cancel = &cancel;
    std::thread::scope(|scope| {
        let interpreters: Vec<_> = runtimes
            .iter()
            .map(|runtime| scope.spawn(move || describe(runtime, timeout, cancel)))
            .collect();
        let cython = cython_python
            .map(|python| scope.spawn(move || describe_cython(python, timeout, cancel)));
        let handles: Vec<_> = interpreters.into_iter().chain(cython).collect();
        let mut stopped = None;
        while stopped.is_none() && !handles.iter().all(|handle| handle.is_finished()) {
            std::thread::sleep(POLL);
            if let Err(err) = check_stop() {
                cancel.store(true, Ordering::SeqCst);
                stopped = Some(err);
            }
        }
        let described: Vec<Described> = handles
            .into_iter()
            .map(|handle| handle.join().expect("a describing thread panicked"))
            .collect();
        match stopped {
            Some(err) => Err(err),
            None => Ok(described),
        }
    })
}

/// How often a wait on child processes looks at the clock and at `cancel`.
const POLL: Duration = Duration::from_millis(10);

/// One line per runtime for `info`: name, what it said it is (or why not), where it is.
pub fn info_lines(described: &[Described]) -> Vec<String> {
    let rows: Vec<(String, String)> = described
        .iter()
        .map(|runtime| {
            let what = match (&runtime.version, &runtime.problem, runtime.install) {
                (Some(version), _, _) => version.clone(),
                (None, Some(problem), Some(install)) => {
                    format!("missing: {problem}; install with `{install}`")
                }
                (None, Some(problem), None) => format!("unavailable: {problem}"),
                (None, None, _) => "unavailable".to_owned(),
            };
            let place = match (&runtime.version, &runtime.path) {
                (Some(_), Some(path)) => path.display().to_string(),
                _ => String::new(),
            };
            (format!("{:<8} {what}", runtime.name), place)
        })
        .collect();
    // Only the rows that end in a path are aligned: a long "missing" line has none.
    let width = rows
        .iter()
        .filter(|(_, place)| !place.is_empty())
        .map(|(what, _)| what.chars().count())
        .max()
        .unwrap_or(0);
    rows.into_iter()
        .map(|(what, place)| match place.is_empty() {
            true => what,
            false => format!("{what:<width$}  {place}"),
        })
        .collect()
}

/// What a child process left when it ended by itself.
#[derive(Debug)]
pub struct Finished {
    pub status: ExitStatus,
    pub stdout: String,
    pub stderr: String,
}

/// Why a child process gave no result.
#[derive(Debug)]
pub enum ProbeError {
    /// It could not be started.
    Spawn(std::io::Error),
    /// It ran past its time and was killed, with every process it started.
    TimedOut(Duration),
    /// Killed with every process it started because pyconcepts is stopping (Ctrl-C, SIGTERM).
    Cancelled,
}

impl std::fmt::Display for ProbeError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ProbeError::Spawn(err) => write!(f, "could not start it: {err}"),
            ProbeError::TimedOut(limit) => {
                write!(f, "killed after its {} s timeout", limit.as_secs_f64())
            }
            ProbeError::Cancelled => f.write_str("killed: pyconcepts was stopping"),
        }
    }
}

/// Runs `command` with a hard timeout, or until `cancel` is set. The child leads a process group
/// of its own, and at the limit the whole group is killed: a launcher script (Debian's `jython`
/// is one) may have started the real work in a grandchild, which would otherwise outlive it.
pub fn run_with_timeout(
    command: &mut Command,
    timeout: Duration,
    cancel: &AtomicBool,
) -> Result<Finished, ProbeError> {
    use std::os::unix::process::CommandExt;
    command
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .process_group(0);
    let mut attempts = 0;
    let mut child = loop {
        match command.spawn() {
            // "Text file busy": a script just written may still be open for writing in a child
            // that another thread forked at that moment, until that child execs. It passes.
            Err(err) if err.raw_os_error() == Some(libc::ETXTBSY) && attempts < 5 => {
                attempts += 1;
                std::thread::sleep(Duration::from_millis(20));
            }
            spawned => break spawned.map_err(ProbeError::Spawn)?,
        }
    };
    // Read both pipes on threads, so a child that writes a lot never blocks on a full pipe.
    let drain = |pipe: Option<Box<dyn Read + Send>>| {
        std::thread::spawn(move || {
            let mut text = Vec::new();
            if let Some(mut pipe) = pipe {
                let _ = pipe.read_to_end(&mut text);
            }
            String::from_utf8_lossy(&text).into_owned()
        })
    };
    let stdout = drain(
        child
            .stdout
            .take()
            .map(|p| Box::new(p) as Box<dyn Read + Send>),
    );
    let stderr = drain(
        child
            .stderr
            .take()
            .map(|p| Box::new(p) as Box<dyn Read + Send>),
    );
    let started = Instant::now();
    loop {
        match child.try_wait() {
            Ok(Some(status)) => {
                return Ok(Finished {
                    status,
                    stdout: stdout.join().unwrap_or_default(),
                    stderr: stderr.join().unwrap_or_default(),
                })
            }
            Ok(None) if started.elapsed() < timeout && !cancel.load(Ordering::SeqCst) => {
                std::thread::sleep(POLL);
            }
            _ => {
                if let Ok(group) = libc::pid_t::try_from(child.id()) {
                    // SAFETY: kill(2) with a negative pid signals that process group only; the
                    // group is the child's own (process_group(0) above).
                    unsafe { libc::kill(-group, libc::SIGKILL) };
                }
                let _ = child.kill();
                let _ = child.wait();
                // The reader threads end when the killed group's pipes close; not joined, in
                // case something outside the group still holds them.
                return Err(if cancel.load(Ordering::SeqCst) {
                    ProbeError::Cancelled
                } else {
                    ProbeError::TimedOut(timeout)
                });
            }
        }
    }
}

/// The last line a successful child printed, or why there is none.
fn last_line(finished: Result<Finished, ProbeError>) -> Result<String, String> {
    let done = finished.map_err(|err| err.to_string())?;
    let last = |text: &str| {
        text.lines()
            .rev()
            .map(str::trim)
            .find(|line| !line.is_empty())
            .map(str::to_owned)
    };
    match (done.status.success(), last(&done.stdout)) {
        (true, Some(line)) => Ok(line),
        (true, None) => Err("it printed nothing".to_owned()),
        (false, _) => Err(format!(
            "it exited with {}{}",
            done.status,
            last(&done.stderr).map_or(String::new(), |line| format!(": {line}"))
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::fs;
    use std::os::unix::fs::PermissionsExt;

    /// A `cancel` flag that is never set.
    static GO_ON: AtomicBool = AtomicBool::new(false);

    /// A shell script in `dir`, executable.
    fn script(dir: &Path, name: &str, body: &str) -> PathBuf {
        let path = dir.join(name);
        fs::write(&path, format!("#!/bin/sh\n{body}\n")).unwrap();
        fs::set_permissions(&path, fs::Permissions::from_mode(0o755)).unwrap();
        path
    }

    #[test]
    fn known_runtimes_are_found_on_the_search_path_or_missing_with_their_install_line() {
        let bin = tempfile::tempdir().unwrap();
        let pypy = script(bin.path(), "pypy3", "echo pypy");
        fs::write(bin.path().join("jython"), "not executable").unwrap();
        let runtimes = locate_in(&[], Some(bin.path().as_os_str()));
        assert_eq!(runtimes.len(), 2);
        assert_eq!(runtimes[0].name, "pypy3");
        assert_eq!(runtimes[0].path.as_deref(), Some(pypy.as_path()));
        assert_eq!(runtimes[0].install, None);
        assert_eq!(runtimes[1].name, "jython");
        assert_eq!(runtimes[1].path, None);
        assert_eq!(runtimes[1].install, Some("apt-get install jython"));
        assert_eq!(runtimes[1].reason.as_deref(), Some("jython is not on PATH"));
        let nothing = locate_in(&[], None);
        assert!(nothing.iter().all(|runtime| runtime.path.is_none()));
    }

    #[test]
    fn a_python_flag_named_like_a_known_runtime_takes_its_place() {
        let bin = tempfile::tempdir().unwrap();
        script(bin.path(), "pypy3", "echo pypy");
        let elsewhere = tempfile::tempdir().unwrap();
        let own_pypy = script(elsewhere.path(), "pypy3.10", "echo pypy");
        let runtimes = locate_in(
            std::slice::from_ref(&own_pypy),
            Some(bin.path().as_os_str()),
        );
        assert_eq!(runtimes[0].name, "pypy3");
        assert_eq!(runtimes[0].path.as_deref(), Some(own_pypy.as_path()));
        assert_eq!(runtimes.len(), 2, "not listed twice");

        // A bad path makes that runtime missing, even though PATH has one.
        let bad = PathBuf::from("/nonexistent/pypy3");
        let runtimes = locate_in(&[bad], Some(bin.path().as_os_str()));
        assert_eq!(runtimes[0].path, None);
        assert_eq!(runtimes[0].install, Some("apt-get install pypy3"));
        assert_eq!(
            runtimes[0].reason.as_deref(),
            Some("--python /nonexistent/pypy3 does not exist")
        );
    }

    #[test]
    fn other_python_flags_are_added_by_file_name() {
        let elsewhere = tempfile::tempdir().unwrap();
        let other = script(elsewhere.path(), "python3.10", "echo cpython");
        let runtimes = locate_in(&[other.clone(), PathBuf::from("/no/python9")], None);
        assert_eq!(runtimes.len(), 4);
        assert_eq!(runtimes[2].name, "python3.10");
        assert_eq!(runtimes[2].path.as_deref(), Some(other.as_path()));
        assert_eq!(runtimes[3].name, "python9");
        assert_eq!(runtimes[3].install, None);
        assert_eq!(
            runtimes[3].reason.as_deref(),
            Some("--python /no/python9 does not exist")
        );
    }

    #[test]
    fn a_python_flag_that_is_no_executable_file_is_a_usage_error() {
        let dir = tempfile::tempdir().unwrap();
        let fine = script(dir.path(), "python3.10", "echo cpython");
        let plain = dir.path().join("notes.txt");
        fs::write(&plain, "not a program").unwrap();
        assert!(check_given(&[]).is_ok());
        assert!(check_given(std::slice::from_ref(&fine)).is_ok());
        for (given, problem) in [
            (PathBuf::from("/nonexistent/python"), "does not exist"),
            (plain, "is not executable"),
            (dir.path().to_owned(), "is not a file"),
        ] {
            let err = check_given(&[fine.clone(), given.clone()]).unwrap_err();
            assert_eq!(
                err.0,
                format!(
                    "--python {} {problem}; give the path of an interpreter",
                    given.display()
                )
            );
        }
    }

    #[test]
    fn params_value_lists_name_and_path_and_says_why_one_is_missing() {
        let runtimes = vec![
            found("pypy3".to_owned(), PathBuf::from("/usr/bin/pypy3")),
            Runtime {
                name: "jython".to_owned(),
                path: None,
                install: Some(JYTHON.install),
                reason: Some("jython is not on PATH".to_owned()),
            },
        ];
        assert_eq!(
            params_value(&runtimes),
            serde_json::json!([
                {"name": "pypy3", "path": "/usr/bin/pypy3"},
                {"name": "jython", "path": null, "install": "apt-get install jython",
                 "reason": "jython is not on PATH"}
            ])
        );
    }

    /// A fake `pypy3` that never answers, and the file where it writes its sleeper's pid. The
    /// script does not exec: the sleep is a grandchild that holds the pipes open.
    fn hanging_probe(dir: &Path) -> (PathBuf, PathBuf) {
        let pid_file = dir.join("sleeper.pid");
        let hang = script(
            dir,
            "pypy3",
            &format!("/bin/sleep 30 &\necho $! > {}\nwait", pid_file.display()),
        );
        (hang, pid_file)
    }

    #[test]
    fn a_probe_that_hangs_is_killed_with_its_children_at_the_timeout() {
        let dir = tempfile::tempdir().unwrap();
        let (hang, pid_file) = hanging_probe(dir.path());
        let started = Instant::now();
        let result = run_with_timeout(&mut Command::new(&hang), Duration::from_millis(500), &GO_ON);
        let took = started.elapsed();
        assert!(matches!(result, Err(ProbeError::TimedOut(_))), "{result:?}");
        assert!(took < Duration::from_secs(5), "took {took:?}");
        // Killed: gone, or a zombie waiting for its new parent to reap it.
        std::thread::sleep(Duration::from_millis(100));
        assert!(!sleeper_runs(&pid_file), "the grandchild still runs");

        let described = describe(
            &found("pypy3".into(), hang),
            Duration::from_millis(300),
            &GO_ON,
        );
        assert_eq!(described.version, None);
        assert_eq!(
            described.problem.as_deref(),
            Some("killed after its 0.3 s timeout")
        );
    }

    /// The pid a hanging script wrote, and whether that process still runs (a zombie does not).
    fn sleeper_runs(pid_file: &Path) -> bool {
        let pid = fs::read_to_string(pid_file).unwrap();
        fs::read_to_string(format!("/proc/{}/stat", pid.trim())).is_ok_and(|stat| {
            !stat
                .rsplit(") ")
                .next()
                .is_some_and(|state| state.starts_with('Z'))
        })
    }

    #[test]
    fn a_stop_request_kills_every_probe_at_once() {
        let dir = tempfile::tempdir().unwrap();
        let (hang, pid_file) = hanging_probe(dir.path());
        let started = Instant::now();
        let result = describe_all(
            &[found("pypy3".into(), hang)],
            None,
            Duration::from_secs(20),
            || match pid_file.exists() {
                true => Err(anyhow::anyhow!("stop")),
                false => Ok(()),
            },
        );
        let took = started.elapsed();
        assert_eq!(result.unwrap_err().to_string(), "stop");
        assert!(took < Duration::from_secs(5), "took {took:?}");
        std::thread::sleep(Duration::from_millis(100));
        assert!(
            !sleeper_runs(&pid_file),
            "the probe's child outlived the stop"
        );
    }

    #[test]
    fn describe_reads_the_last_line_or_says_how_the_probe_failed() {
        let dir = tempfile::tempdir().unwrap();
        let fine = script(
            dir.path(),
            "fine",
            "echo noise\necho 'PyPy 7.3.11 (Python 3.9.16)'",
        );
        let broken = script(dir.path(), "broken", "echo 'SyntaxError: bad' >&2\nexit 3");
        let timeout = Duration::from_secs(10);
        let said = describe(&found("pypy3".into(), fine), timeout, &GO_ON);
        assert_eq!(said.version.as_deref(), Some("PyPy 7.3.11 (Python 3.9.16)"));
        let failed = describe(&found("x".into(), broken), timeout, &GO_ON);
        assert_eq!(failed.version, None);
        assert_eq!(
            failed.problem.as_deref(),
            Some("it exited with exit status: 3: SyntaxError: bad")
        );
        let missing = locate_in(&[], None);
        let described = describe(&missing[0], timeout, &GO_ON);
        assert_eq!(described.install, Some("apt-get install pypy3"));
        assert!(info_lines(&[described])[0]
            .contains("missing: pypy3 is not on PATH; install with `apt-get install pypy3`"));
    }

    #[test]
    fn info_lines_align_the_paths_and_say_how_to_install_what_is_missing() {
        let described = [
            Described {
                name: "pypy3".into(),
                path: Some("/usr/bin/pypy3".into()),
                version: Some("PyPy 7.3.11 (Python 3.9.16)".into()),
                problem: None,
                install: None,
            },
            Described {
                name: "cython".into(),
                path: Some("/site-packages/Cython".into()),
                version: Some("Cython 3.3.1".into()),
                problem: None,
                install: None,
            },
            Described {
                name: "jython".into(),
                path: None,
                version: None,
                problem: Some("jython is not on PATH".into()),
                install: Some(JYTHON.install),
            },
        ];
        assert_eq!(
            info_lines(&described),
            [
                "pypy3    PyPy 7.3.11 (Python 3.9.16)  /usr/bin/pypy3",
                "cython   Cython 3.3.1                 /site-packages/Cython",
                "jython   missing: jython is not on PATH; install with `apt-get install jython`",
            ]
        );
    }

    #[test]
    fn install_lines_are_read_from_the_table_of_the_probes_module() {
        assert_eq!(PYPY.install, "apt-get install pypy3");
        assert_eq!(JYTHON.install, "apt-get install jython");
        assert_eq!(CYTHON_INSTALL, "python3 -m pip install cython");
        let module = "CYTHON = 1\nINSTALL = {\n    \"a\": \"apt-get install a\",\n    \
                      \"ab\": \"pip install ab\"\n}\n\"c\": \"not in the block\",\n";
        assert_eq!(table_entry(module, "a"), Some("apt-get install a"));
        assert_eq!(table_entry(module, "ab"), Some("pip install ab"));
        assert_eq!(table_entry(module, "c"), None, "after the block");
        assert_eq!(table_entry(module, "b"), None);
        assert_eq!(
            table_entry("INSTALL = {\n \"a\": \"x\"\n}\n", "a"),
            None,
            "no block"
        );
    }

    #[test]
    fn cython_missing_from_an_interpreter_gives_the_pip_line() {
        let dir = tempfile::tempdir().unwrap();
        let python = script(
            dir.path(),
            "python3",
            "echo \"ModuleNotFoundError: No module named 'Cython'\" >&2\nexit 1",
        );
        let described = describe_cython(&python, Duration::from_secs(10), &GO_ON);
        assert_eq!(described.version, None);
        assert_eq!(described.install, Some(CYTHON_INSTALL));
        assert!(described
            .problem
            .unwrap()
            .ends_with("has no Cython package"));
    }
}
