//! Shared by the integration tests: run the real binary and read its JSON reports.
#![allow(dead_code)] // each test crate uses its own subset of these helpers

pub mod extras;
pub mod pty;

use assert_cmd::Command;
use serde_json::Value;

/// The binary under test, with colour and the user's environment kept out of the way.
pub fn pyconcepts() -> Command {
    let mut command = Command::cargo_bin("pyconcepts").expect("binary built by cargo");
    command.env("NO_COLOR", "1").env_remove("PYTHONPATH");
    command
}

/// A `--snippets-dir` holding one file, `dict_keys.py`, with the given source.
pub fn snippets_dir_with(source: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    std::fs::write(dir.path().join("dict_keys.py"), source).expect("write snippet");
    dir
}

/// A `--snippets-dir` holding `dict_keys.py` with the given source and, unchanged, the shipped
/// snippets named (`legb.py`), for a run of several demos of which one is edited.
pub fn snippets_dir_with_shipped(source: &str, shipped: &[&str]) -> tempfile::TempDir {
    let dir = snippets_dir_with(source);
    let snippets = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("python_snippets");
    for name in shipped {
        std::fs::copy(snippets.join(name), dir.path().join(name))
            .unwrap_or_else(|err| panic!("copy {name}: {err}"));
    }
    dir
}

/// Runs `pyconcepts demo <args> --json` and returns its reports, asserting it exited 0.
pub fn demo_json(args: &[&str]) -> Vec<Value> {
    let output = pyconcepts()
        .arg("demo")
        .args(args)
        .arg("--json")
        .output()
        .expect("pyconcepts runs");
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(
        output.status.success(),
        "exit {:?}\nstdout:\n{stdout}\nstderr:\n{}",
        output.status.code(),
        String::from_utf8_lossy(&output.stderr)
    );
    parse_reports(&stdout)
}

/// What `python3 -m timeit` printed ("5000 loops, best of 5: 58.6 usec per loop") as
/// nanoseconds per loop.
pub fn timeit_ns_per_loop(stdout: &[u8]) -> f64 {
    let text = String::from_utf8_lossy(stdout);
    let figure = text
        .split(": ")
        .nth(1)
        .unwrap_or_else(|| panic!("unexpected timeit output: {text}"));
    let mut words = figure.split_whitespace();
    let value: f64 = words.next().unwrap().parse().unwrap();
    let scale = match words.next().unwrap() {
        "nsec" => 1.0,
        "usec" => 1e3,
        "msec" => 1e6,
        "sec" => 1e9,
        unit => panic!("unit {unit} in {text}"),
    };
    value * scale
}

/// One JSON report per line; anything else on stdout is a bug.
pub fn parse_reports(stdout: &str) -> Vec<Value> {
    stdout
        .lines()
        .map(|line| serde_json::from_str(line).unwrap_or_else(|e| panic!("{e}: {line}")))
        .collect()
}

/// The claim with this id in a report.
pub fn claim<'a>(report: &'a Value, id: &str) -> &'a Value {
    report["claims"]
        .as_array()
        .expect("claims array")
        .iter()
        .find(|claim| claim["id"] == id)
        .unwrap_or_else(|| panic!("no claim {id} in {report}"))
}

/// Asserts a claim's verdict, showing its explanation when it differs.
pub fn assert_verdict(report: &Value, id: &str, verdict: &str) {
    let claim = claim(report, id);
    assert_eq!(
        claim["verdict"], verdict,
        "{id}: {}\nevidence: {}",
        claim["explanation"], claim["evidence"]
    );
}

/// Runs a snippet under the plain `python3` the binary was built against (PYO3_PYTHON or PATH).
pub fn run_standalone(snippet: &str) -> std::process::Output {
    // Without COLUMNS, and writing to a pipe, a snippet lays its story out for 80 columns.
    std::process::Command::new(extras::python())
        .arg(format!(
            "{}/python_snippets/{snippet}",
            env!("CARGO_MANIFEST_DIR")
        ))
        .env_remove("PYTHONPATH")
        .env_remove("COLUMNS")
        .output()
        .expect("python3 runs")
}

/// Asserts that no line of a snippet's story is wider than 80 columns, the narrowest screen a
/// class uses (counted in characters: the stories hold no double-width ones).
pub fn assert_fits_80_columns(snippet: &str, story: &str) {
    let wide: Vec<&str> = story
        .lines()
        .filter(|line| line.chars().count() > 80)
        .collect();
    assert!(
        wide.is_empty(),
        "{snippet}: lines wider than 80 columns:\n{}",
        wide.join("\n")
    );
}

/// `text` with each run of whitespace made one space: what a story says, however its lines were
/// folded to fit the screen.
pub fn flat(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// A `sitecustomize` that writes the script's `EVIDENCE` as JSON when the interpreter exits, so
/// that the snippet runs exactly as a learner runs it, with nothing of the host around it. Only
/// the main script's process writes: a `multiprocessing` child's `__main__` is `__mp_main__`.
const DUMP_EVIDENCE: &str = r#"
import atexit, json, os, sys

def _dump():
    main = sys.modules.get("__main__")
    if getattr(main, "__name__", None) != "__main__" or not hasattr(main, "EVIDENCE"):
        return
    with open(os.environ["PYCONCEPTS_EVIDENCE_OUT"], "w", encoding="utf-8") as out:
        json.dump(main.EVIDENCE, out, default=repr)

atexit.register(_dump)
"#;

/// What `<python> python_snippets/<file>` left in `EVIDENCE`, asserting it exited 0.
pub fn standalone_evidence(python: impl AsRef<std::ffi::OsStr>, file_name: &str) -> Value {
    let python = python.as_ref();
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("sitecustomize.py"), DUMP_EVIDENCE).unwrap();
    let out = dir.path().join("evidence.json");
    let output = std::process::Command::new(python)
        .arg(format!(
            "{}/python_snippets/{file_name}",
            env!("CARGO_MANIFEST_DIR")
        ))
        .env("PYTHONPATH", dir.path())
        .env("PYCONCEPTS_EVIDENCE_OUT", &out)
        .output()
        .expect("the interpreter runs");
    assert!(
        output.status.success(),
        "{} {file_name} failed: {}",
        python.to_string_lossy(),
        String::from_utf8_lossy(&output.stderr)
    );
    let text = std::fs::read_to_string(&out)
        .unwrap_or_else(|err| panic!("{file_name} left no EVIDENCE ({err})"));
    serde_json::from_str(&text).unwrap()
}

/// Gives the child the signal dispositions of a terminal's foreground job: SIGINT and SIGQUIT at
/// their defaults. A test binary started in the background by a non-interactive shell (a CI
/// script's `cmd &`) inherits them ignored, and an ignored SIGINT would make Ctrl-C tests test
/// nothing.
pub fn with_default_signals(command: &mut std::process::Command) -> &mut std::process::Command {
    use std::os::unix::process::CommandExt;
    // SAFETY: only async-signal-safe calls between fork and exec.
    unsafe {
        command.pre_exec(|| {
            libc::signal(libc::SIGINT, libc::SIG_DFL);
            libc::signal(libc::SIGQUIT, libc::SIG_DFL);
            Ok(())
        })
    }
}

/// What a process did after it printed `ready` and got SIGINT, as Ctrl-C sends it.
pub struct AfterCtrlC {
    pub status: std::process::ExitStatus,
    /// The stdout lines that came after `ready`.
    pub stdout: Vec<String>,
    pub stderr: String,
}

/// Starts `command`, waits for a line containing `ready` on its stdout, sends SIGINT, and waits
/// (at most 30 s, then kills it and fails) for it to exit. Both pipes are drained meanwhile so a
/// chatty child can never block on a full pipe.
pub fn ctrl_c_when_ready(mut command: std::process::Command) -> AfterCtrlC {
    use std::io::{BufRead, BufReader, Read};
    use std::process::Stdio;
    use std::time::{Duration, Instant};

    let mut child = with_default_signals(&mut command)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("child starts");
    let mut stderr_pipe = child.stderr.take().expect("stderr piped");
    let stderr = std::thread::spawn(move || {
        let mut text = String::new();
        let _ = stderr_pipe.read_to_string(&mut text);
        text
    });
    let mut lines = BufReader::new(child.stdout.take().expect("stdout piped")).lines();
    assert!(
        lines.any(|line| line.is_ok_and(|line| line.contains("ready"))),
        "the child never printed ready"
    );
    let stdout = std::thread::spawn(move || lines.map_while(Result::ok).collect::<Vec<_>>());
    // SAFETY: sending a signal to our own child process.
    unsafe { libc::kill(child.id() as libc::pid_t, libc::SIGINT) };
    let started = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().expect("waiting for the child") {
            break status;
        }
        if started.elapsed() > Duration::from_secs(30) {
            let _ = child.kill();
            panic!("no exit within 30 s of SIGINT");
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    AfterCtrlC {
        status,
        stdout: stdout.join().expect("stdout reader"),
        stderr: stderr.join().expect("stderr reader"),
    }
}

/// What a process did after it got a signal.
pub struct AfterSignal {
    pub status: std::process::ExitStatus,
    pub stdout: String,
    pub stderr: String,
    /// From the signal to the exit.
    pub took: std::time::Duration,
    /// Every process below it (children, grandchildren, …) just before the signal.
    pub descendants: Vec<u32>,
}

/// Starts `command`, waits (at most 60 s) until `ready(pid)` holds, sends `signal` (SIGTERM as
/// `timeout` and systemd send it, SIGINT as Ctrl-C does), and waits (at most 30 s, then kills it
/// and fails) for it to exit. Both pipes are drained meanwhile; a survivor that still holds them
/// open makes its output end with a note, not the test hang.
pub fn signal_when(
    mut command: std::process::Command,
    signal: libc::c_int,
    mut ready: impl FnMut(u32) -> bool,
) -> AfterSignal {
    use std::io::Read;
    use std::process::Stdio;
    use std::time::{Duration, Instant};

    let mut child = with_default_signals(&mut command)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("child starts");
    let drain = |mut pipe: Box<dyn Read + Send>| {
        let (sender, receiver) = std::sync::mpsc::channel();
        std::thread::spawn(move || {
            let mut text = String::new();
            let _ = pipe.read_to_string(&mut text);
            let _ = sender.send(text);
        });
        receiver
    };
    let collect = |receiver: std::sync::mpsc::Receiver<String>| {
        receiver
            .recv_timeout(Duration::from_secs(5))
            .unwrap_or_else(|_| "<the pipe is still held open by a survivor>".to_owned())
    };
    let stdout = drain(Box::new(child.stdout.take().expect("stdout piped")));
    let stderr = drain(Box::new(child.stderr.take().expect("stderr piped")));
    let waiting = Instant::now();
    while !ready(child.id()) {
        if let Some(status) = child.try_wait().expect("waiting for the child") {
            panic!(
                "it exited ({status}) before it was ready\n{}",
                collect(stderr)
            );
        }
        if waiting.elapsed() > Duration::from_secs(60) {
            let _ = child.kill();
            panic!("not ready within 60 s");
        }
        std::thread::sleep(Duration::from_millis(10));
    }
    let descendants = descendants(child.id());
    // SAFETY: sending a signal to our own child process.
    unsafe { libc::kill(child.id() as libc::pid_t, signal) };
    let signalled = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().expect("waiting for the child") {
            break status;
        }
        if signalled.elapsed() > Duration::from_secs(30) {
            let _ = child.kill();
            panic!("no exit within 30 s of signal {signal}");
        }
        std::thread::sleep(Duration::from_millis(10));
    };
    AfterSignal {
        status,
        took: signalled.elapsed(),
        stdout: collect(stdout),
        stderr: collect(stderr),
        descendants,
    }
}

/// `/proc/PID/stat` read as (parent pid, state letter); `None` once the process is gone.
fn parent_and_state(pid: u32) -> Option<(u32, char)> {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
    let mut fields = stat.rsplit_once(") ")?.1.split_whitespace();
    let state = fields.next()?.chars().next()?;
    Some((fields.next()?.parse().ok()?, state))
}

/// Every process on the machine as (pid, parent pid).
fn processes() -> Vec<(u32, u32)> {
    std::fs::read_dir("/proc")
        .expect("/proc")
        .filter_map(|entry| entry.ok()?.file_name().to_str()?.parse::<u32>().ok())
        .filter_map(|pid| Some((pid, parent_and_state(pid)?.0)))
        .collect()
}

/// The processes below `root` now: its children, theirs, and so on.
pub fn descendants(root: u32) -> Vec<u32> {
    let all = processes();
    let mut found = vec![root];
    let mut index = 0;
    while index < found.len() {
        let parent = found[index];
        found.extend(
            all.iter()
                .filter(|(_, p)| *p == parent)
                .map(|(pid, _)| *pid),
        );
        index += 1;
    }
    found.remove(0);
    found
}

/// The number of processes whose parent is `pid`.
pub fn child_count(pid: u32) -> usize {
    processes()
        .iter()
        .filter(|(_, parent)| *parent == pid)
        .count()
}

/// Whether a process still runs (not gone, not a zombie waiting to be reaped).
pub fn still_running(pid: u32) -> bool {
    parent_and_state(pid).is_some_and(|(_, state)| state != 'Z' && state != 'X')
}

/// The names of what a directory holds: what a run left in its private TMPDIR or cwd.
pub fn entries(dir: &tempfile::TempDir) -> Vec<String> {
    std::fs::read_dir(dir.path())
        .expect("readable")
        .map(|entry| {
            entry
                .expect("entry")
                .file_name()
                .to_string_lossy()
                .into_owned()
        })
        .collect()
}
