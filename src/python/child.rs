//! `demo --on PYTHON`: a demo's snippet run in another CPython, as a child process.
//!
//! The child runs `child.py` (passed with `-c`), which executes the snippet as `__main__` with its
//! `PARAMS`, next to the shared modules it imports, all written to a private temporary directory.
//! Its output streams through pipes, shown live and recorded; its `EVIDENCE` comes back as JSON
//! in a file, with the exception that stopped it. It leads a process group of its own: Ctrl-C and
//! SIGTERM are passed on to the whole group, `--timeout` stops it, and whatever is left of the
//! group when it ends is killed, so no process outlives the run.
//!
//! The process that describes an interpreter (`resolve`, while the embedded one starts) stays,
//! waiting, and runs its first snippet when asked: that run costs the snippet, not a second
//! start-up. A waiting process never asked is killed with its `Interpreter`, and ends by itself
//! when the host is gone (its stdin closes).

use std::io::{Read, Write};
use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStdout, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use anyhow::{anyhow, Context};
use serde::Deserialize;
use serde_json::{Map, Value};

use crate::errors::UsageError;
use crate::output::heartbeat::{self, Heartbeat};
use crate::output::soft_wrap::SoftWrap;
use crate::output::terminal;
use crate::python::interpreter::{self, SnippetRun, Stop};
use crate::python::signals;
use crate::report::{PythonIdentity, SnippetError};
use crate::snippets::{SharedModule, SnippetSource};

const CHILD_SOURCE: &str = include_str!("child.py");

/// The oldest CPython the snippets are written for.
const OLDEST: (u32, u32) = (3, 11);

/// How long a child has to describe itself.
const DESCRIBE_TIMEOUT: Duration = Duration::from_secs(10);

/// How long a stopped child has to write its evidence and exit before its group is killed.
const GRACE: Duration = Duration::from_secs(3);

/// Another CPython to run demos in, as it described itself.
#[derive(Debug, Clone)]
pub struct Interpreter {
    pub path: PathBuf,
    pub identity: PythonIdentity,
    /// Its `sys.version`, the build line.
    pub sys_version: String,
    pub prefix: String,
    /// The process that described it, waiting to run the first snippet: that run then costs
    /// the snippet alone, its start-up paid while the host started.
    waiting: Arc<Mutex<Option<Waiting>>>,
}

impl Interpreter {
    /// "3.13.15t" for a free-threaded 3.13.15: the column of the verdict matrix.
    pub fn label(&self) -> String {
        self.identity.label()
    }

    fn take_waiting(&self) -> Option<Waiting> {
        self.waiting.lock().ok().and_then(|mut slot| slot.take())
    }
}

/// A child in a process group of its own, killed with its group when dropped: whatever a run
/// leaves, and a waiting child never asked to run, ends with it.
#[derive(Debug)]
struct Waiting {
    child: Child,
}

impl Waiting {
    /// Starts `path` serving: it describes itself and waits for a run. The description, or why
    /// there is none (the last line of its stderr, or that it gave none in time).
    fn start(path: &Path) -> Result<(Waiting, Description), String> {
        let mut command = Command::new(path);
        // As the run starts it, `site` and the environment included: `-S` would describe a
        // venv's base (`site` sets `sys.prefix` to the venv), and `-I` would ignore
        // `PYTHON_GIL`, which decides whether a free-threaded build runs with the GIL.
        command
            .arg("-c")
            .arg(CHILD_SOURCE)
            .arg("serve")
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .process_group(0);
        clean_environment(&mut command);
        let mut waiting = Waiting {
            child: command
                .spawn()
                .map_err(|err| format!("it does not run: {err}"))?,
        };
        let stdout = waiting.child.stdout.take().expect("stdout is piped");
        let (sender, receiver) = std::sync::mpsc::channel();
        std::thread::spawn(move || {
            let _ = sender.send(read_description(stdout));
        });
        match receiver.recv_timeout(DESCRIBE_TIMEOUT) {
            Ok((stdout, Some(description))) => {
                waiting.child.stdout = Some(stdout);
                Ok((waiting, description))
            }
            Ok((_, None)) => {
                let mut said = String::new();
                waiting.kill();
                if let Some(mut stderr) = waiting.child.stderr.take() {
                    let _ = stderr.read_to_string(&mut said);
                }
                let said = said.lines().last().unwrap_or("no output").trim().to_owned();
                Err(format!(
                    "it is not a Python 3 the snippets can run ({said})"
                ))
            }
            Err(_) => Err(format!(
                "it gave no description within {} s",
                DESCRIBE_TIMEOUT.as_secs()
            )),
        }
    }

    /// Sends the waiting child its run: `request`, a line it evaluates.
    fn request(&mut self, request: &str) -> std::io::Result<()> {
        let mut stdin = self
            .child
            .stdin
            .take()
            .ok_or_else(|| std::io::Error::other("already asked"))?;
        stdin.write_all(request.as_bytes())?;
        stdin.write_all(b"\n")
        // Dropped: closed, so the child can read no more from it.
    }

    fn kill(&mut self) {
        let group = -(self.child.id() as i32);
        // SAFETY: kill(2) on our own child's process group; ESRCH when it is already empty.
        unsafe { libc::kill(group, libc::SIGKILL) };
        let _ = self.child.wait();
    }
}

impl Drop for Waiting {
    fn drop(&mut self) {
        self.kill();
    }
}

/// Reads lines from a serving child's stdout up to its description (a `sitecustomize` may
/// print before it), a byte at a time so that nothing after it is taken from the relay.
fn read_description(mut stdout: ChildStdout) -> (ChildStdout, Option<Description>) {
    let mut line = Vec::new();
    let mut byte = [0u8; 1];
    while let Ok(1) = stdout.read(&mut byte) {
        if byte[0] != b'\n' {
            line.push(byte[0]);
            continue;
        }
        if let Ok(description) = serde_json::from_slice(&line) {
            return (stdout, Some(description));
        }
        line.clear();
    }
    (stdout, None)
}

#[derive(Deserialize)]
struct Description {
    version: String,
    implementation: String,
    gil_enabled: bool,
    free_threaded: bool,
    executable: String,
    sys_version: String,
    prefix: String,
    version_info: (u32, u32, u32),
}

/// `given` as an interpreter to run demos in: a path, or a name looked up on `PATH`
/// (`python3.13t`); a usage error saying why not when it is missing, does not run, is not
/// CPython or is older than the snippets need.
pub fn resolve(given: &Path) -> Result<Interpreter, UsageError> {
    let shown = given.display();
    let path = if given.components().count() == 1 && !given.starts_with(".") {
        crate::runtimes::find_on_path(
            &given.to_string_lossy(),
            std::env::var_os("PATH").as_deref(),
        )
        .ok_or_else(|| UsageError(format!("--on {shown}: no such interpreter on PATH")))?
    } else {
        given.to_path_buf()
    };
    if !crate::runtimes::is_executable(&path) {
        return Err(UsageError(format!(
            "--on {shown}: {} is not an executable file",
            path.display()
        )));
    }
    let (waiting, description) =
        Waiting::start(&path).map_err(|why| UsageError(format!("--on {shown}: {why}")))?;
    if description.implementation != "cpython" {
        return Err(UsageError(format!(
            "--on {shown}: it is {} {}, not CPython; --python compares other runtimes",
            description.implementation, description.version
        )));
    }
    let (major, minor, _) = description.version_info;
    if (major, minor) < OLDEST {
        return Err(UsageError(format!(
            "--on {shown}: it is Python {}; the snippets need {}.{} or later",
            description.version, OLDEST.0, OLDEST.1
        )));
    }
    Ok(Interpreter {
        path,
        identity: PythonIdentity {
            version: description.version,
            implementation: description.implementation,
            gil_enabled: description.gil_enabled,
            free_threaded: description.free_threaded,
            executable: Some(description.executable),
            embedded: false,
        },
        sys_version: description.sys_version,
        prefix: description.prefix,
        waiting: Arc::new(Mutex::new(Some(waiting))),
    })
}

/// The environment of the embedded interpreter is not the child's: its `PYTHONHOME` or
/// `PYTHONPATH` would send another version to this one's standard library.
fn clean_environment(command: &mut Command) {
    command
        .env_remove("PYTHONHOME")
        .env_remove("PYTHONPATH")
        .env_remove("PYTHONSTARTUP")
        .env("PYTHONUNBUFFERED", "1")
        .env("PYTHONDONTWRITEBYTECODE", "1");
}

/// How a child run is set up: what the embedded run gets (`Setup`), less what only the host can
/// give (`--frames`, `--step`).
pub struct ChildSetup<'a> {
    pub params: &'a Map<String, Value>,
    pub echo: bool,
    pub timeout: Option<Duration>,
    pub shared_modules: &'a [SharedModule],
}

/// What the child wrote back.
#[derive(Deserialize)]
struct Outcome {
    #[serde(default)]
    evidence: Value,
    evidence_error: Option<String>,
    error: Option<SnippetError>,
    #[serde(default)]
    interrupted: bool,
}

/// Runs `source` in `interpreter` as the embedded host runs it, and returns what it produced.
pub fn run(
    interpreter: &Interpreter,
    source: &SnippetSource,
    setup: &ChildSetup<'_>,
) -> anyhow::Result<SnippetRun> {
    let dir = tempfile::Builder::new()
        .prefix("pyconcepts-on-")
        .tempdir()
        .context("making a private directory for the child run")?;
    let snippets = dir.path().join("python_snippets");
    std::fs::create_dir(&snippets)?;
    let file_name = Path::new(&source.file_name)
        .file_name()
        .map_or_else(|| "snippet.py".into(), |name| name.to_owned());
    let snippet = snippets.join(&file_name);
    std::fs::write(&snippet, &source.code)?;
    for module in setup.shared_modules {
        if source.code.contains(module.name.as_str()) {
            std::fs::write(
                snippets.join(format!("{}.py", module.name)),
                &module.source.code,
            )?;
        }
    }
    let params = dir.path().join("params.literal");
    std::fs::write(
        &params,
        python_literal(&Value::Object(setup.params.clone())),
    )?;
    let result = dir.path().join("result.json");

    // The child prints to a pipe: the screen's size reaches its snippet the way
    // `shutil.get_terminal_size()` reads it, and its lines are folded here as the embedded run's.
    let fold_width = setup.echo.then(terminal::fold_width).flatten();
    let screen: Map<String, Value> = terminal::size()
        .filter(|_| setup.echo)
        .map(|(columns, rows)| {
            Map::from_iter([
                ("COLUMNS".to_owned(), Value::from(columns.to_string())),
                ("LINES".to_owned(), Value::from(rows.to_string())),
            ])
        })
        .unwrap_or_default();
    let started = Instant::now();
    let heartbeat = setup
        .echo
        .then(|| Heartbeat::start(terminal::columns()))
        .flatten();
    let request = python_literal(&Value::Array(vec![
        Value::from(snippet.to_string_lossy()),
        Value::from(params.to_string_lossy()),
        Value::from(result.to_string_lossy()),
        Value::from(dir.path().to_string_lossy()),
        Value::Object(screen.clone()),
    ]));
    // The interpreter's first run goes to the process that described it; a later one, or one
    // whose waiting process has gone, starts its own.
    let asked = interpreter
        .take_waiting()
        .and_then(|mut waiting| waiting.request(&request).ok().map(|()| waiting));
    let mut running = match asked {
        Some(waiting) => waiting,
        None => {
            let mut command = Command::new(&interpreter.path);
            command
                .arg("-c")
                .arg(CHILD_SOURCE)
                .arg("run")
                .arg(&snippet)
                .arg(&params)
                .arg(&result)
                .current_dir(dir.path())
                .envs(
                    screen
                        .iter()
                        .filter_map(|(name, value)| Some((name, value.as_str()?))),
                )
                .stdin(Stdio::null())
                .stdout(Stdio::piped())
                .stderr(Stdio::piped())
                .process_group(0);
            clean_environment(&mut command);
            Waiting {
                child: command
                    .spawn()
                    .with_context(|| format!("starting {}", interpreter.path.display()))?,
            }
        }
    };
    let child = &mut running.child;
    let group = -(child.id() as i32);
    let transcript = Arc::new(Mutex::new(Vec::new()));
    let readers = [
        child
            .stdout
            .take()
            .map(|pipe| relay(pipe, setup.echo, false, fold_width, &transcript)),
        child
            .stderr
            .take()
            .map(|pipe| relay(pipe, setup.echo, true, fold_width, &transcript)),
    ];

    let mut stopping: Option<(Stop, Instant)> = None;
    let status = loop {
        if let Some(status) = child.try_wait()? {
            break status;
        }
        if stopping.is_none() {
            let interrupted = interpreter::check_interrupt().is_err();
            let timed_out = setup.timeout.filter(|limit| started.elapsed() > *limit);
            let stop = if interrupted {
                let signal = if signals::terminated() {
                    libc::SIGTERM
                } else {
                    libc::SIGINT
                };
                Some((signal, Stop::Interrupted(interruption())))
            } else {
                timed_out.map(|limit| (libc::SIGINT, Stop::TimedOut { limit, line: None }))
            };
            if let Some((signal, stop)) = stop {
                // SAFETY: kill(2) on our own child's process group.
                unsafe { libc::kill(group, signal) };
                stopping = Some((stop, Instant::now()));
            }
        } else if let Some((_, since)) = &stopping {
            if since.elapsed() > GRACE {
                // SAFETY: as above.
                unsafe { libc::kill(group, libc::SIGKILL) };
            }
        }
        // Short: the end of a quick snippet is noticed at once (the wait itself is cheap).
        std::thread::sleep(Duration::from_millis(2));
    };
    // What the snippet started and left (a worker, a server) goes with it.
    // SAFETY: as above; ESRCH when the group is already empty.
    unsafe { libc::kill(group, libc::SIGKILL) };
    for reader in readers.into_iter().flatten() {
        let _ = reader.join();
    }
    drop(heartbeat);
    let output =
        String::from_utf8_lossy(&transcript.lock().map_err(|_| anyhow!("poisoned"))?).into_owned();
    let duration = started.elapsed();
    let outcome: Option<Outcome> = std::fs::read(&result)
        .ok()
        .and_then(|bytes| serde_json::from_slice(&bytes).ok());
    let stop = match (stopping, &outcome) {
        (Some((Stop::TimedOut { limit, line }, _)), _) => Some(Stop::TimedOut { limit, line }),
        (Some((stop, _)), _) => Some(stop),
        (None, Some(outcome)) => match &outcome.error {
            Some(error) if outcome.interrupted => Some(Stop::Interrupted(error.clone())),
            Some(error) => Some(Stop::Raised(error.clone())),
            None => None,
        },
        (None, None) => Some(Stop::Raised(SnippetError {
            kind: "ChildError".to_owned(),
            message: format!(
                "{} ended ({status}) before it wrote the snippet's evidence",
                interpreter.path.display()
            ),
            traceback: String::new(),
        })),
    };
    let (evidence, evidence_error) = match outcome {
        Some(outcome) => (
            match outcome.evidence {
                Value::Null => Value::Object(Map::new()),
                evidence => evidence,
            },
            outcome.evidence_error,
        ),
        None => (Value::Object(Map::new()), None),
    };
    Ok(SnippetRun {
        evidence,
        evidence_error,
        output,
        duration,
        stop,
        // The child runs the snippet whole: its output comes through pipes that cannot tell
        // which section wrote what.
        sections: Vec::new(),
    })
}

/// `value` as a Python literal, the child's `PARAMS`: a child that parsed JSON would import
/// `json` (and `re`, `enum`, …) for it. JSON's strings and numbers, as serde_json writes them,
/// are Python's too (the same escapes, UTF-8 as it is); only `true`, `false` and `null` are
/// spelled differently.
fn python_literal(value: &Value) -> String {
    match value {
        Value::Null => "None".to_owned(),
        Value::Bool(true) => "True".to_owned(),
        Value::Bool(false) => "False".to_owned(),
        Value::Number(_) | Value::String(_) => value.to_string(),
        Value::Array(items) => {
            let items: Vec<String> = items.iter().map(python_literal).collect();
            format!("[{}]", items.join(", "))
        }
        Value::Object(fields) => {
            let fields: Vec<String> = fields
                .iter()
                .map(|(key, item)| {
                    format!("{}: {}", Value::from(key.as_str()), python_literal(item))
                })
                .collect();
            format!("{{{}}}", fields.join(", "))
        }
    }
}

/// The error of a child stopped by Ctrl-C or SIGTERM, named as the embedded run names it.
fn interruption() -> SnippetError {
    let kind = if signals::terminated() {
        "Terminated"
    } else {
        "KeyboardInterrupt"
    };
    SnippetError {
        kind: kind.to_owned(),
        message: String::new(),
        traceback: String::new(),
    }
}

/// Copies a child's pipe to our stdout or stderr as it comes (when `echo`, folded to
/// `fold_width` when given), and to the transcript.
fn relay(
    mut pipe: impl Read + Send + 'static,
    echo: bool,
    to_stderr: bool,
    fold_width: Option<usize>,
    transcript: &Arc<Mutex<Vec<u8>>>,
) -> std::thread::JoinHandle<()> {
    let transcript = Arc::clone(transcript);
    let mut fold = fold_width.and_then(SoftWrap::new);
    std::thread::spawn(move || {
        let mut buffer = [0u8; 8192];
        while let Ok(read) = pipe.read(&mut buffer) {
            if read == 0 {
                break;
            }
            let chunk = &buffer[..read];
            if let Ok(mut text) = transcript.lock() {
                text.extend_from_slice(chunk);
            }
            if echo {
                let folded;
                let chunk = match fold.as_mut() {
                    Some(fold) => {
                        folded = fold.fold_bytes(chunk);
                        &folded[..]
                    }
                    None => chunk,
                };
                // A closed terminal is the next write's to report, on the main thread.
                let _ = heartbeat::around_write(chunk, || {
                    if to_stderr {
                        std::io::stderr().write_all(chunk)
                    } else {
                        let mut out = std::io::stdout().lock();
                        out.write_all(chunk).and_then(|()| out.flush())
                    }
                });
            }
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn params_are_written_as_a_python_literal() {
        let params = json!({"on": true, "off": false, "none": null, "n": -3, "x": 0.5,
                            "big": 1e300, "list": [1, "two"],
                            "text": "a \"quoted\" back\\slash\nnewline é 🐍 \u{1}"});
        assert_eq!(
            python_literal(&params),
            r#"{"big": 1e+300, "list": [1, "two"], "n": -3, "none": None, "off": False, "on": True, "text": "a \"quoted\" back\\slash\nnewline é 🐍 \u0001", "x": 0.5}"#
        );
    }
}
