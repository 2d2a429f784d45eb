//! `pyconcepts run FILE ARGS` against `python3 FILE ARGS` on a corpus of ordinary scripts
//! (`tests/run_corpus/`): standard output bytes, standard error bytes (tracebacks included) and
//! exit status must be the same.

mod common;

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::sync::Mutex;

use common::extras::python;

/// One invocation of a corpus script.
struct Case {
    script: String,
    args: Vec<&'static str>,
    stdin: &'static str,
    /// `PYTHONUNBUFFERED=1`: python3's unbuffered stdio, which this machine's shell may set.
    unbuffered: bool,
}

impl Case {
    fn plain(script: &str) -> Case {
        Case {
            script: script.to_owned(),
            args: Vec::new(),
            stdin: "",
            unbuffered: false,
        }
    }

    fn label(&self) -> String {
        let mut label = self.script.clone();
        for arg in &self.args {
            label.push(' ');
            label.push_str(arg);
        }
        if !self.stdin.is_empty() {
            label.push_str(&format!(" < {:?}", self.stdin));
        }
        if self.unbuffered {
            label.push_str(" (PYTHONUNBUFFERED=1)");
        }
        label
    }
}

/// Invocations beyond "each script, no arguments, empty stdin".
fn extra_cases() -> Vec<Case> {
    let with = |script: &str, args: &[&'static str], stdin: &'static str| Case {
        args: args.to_vec(),
        stdin,
        ..Case::plain(script)
    };
    let unbuffered = |script: &str| Case {
        unbuffered: true,
        ..Case::plain(script)
    };
    vec![
        with("argparse_help.py", &["--help"], ""),
        with("argparse_help.py", &["world", "--times", "2"], ""),
        with("argparse_error.py", &["--count", "many"], ""),
        with("input_stdin.py", &[], "Ada\n36\n"),
        with("input_eof.py", &[], "only one line\n"),
        with("stdin_lines.py", &[], "1\n2\n3\n"),
        with("orig_argv.py", &["two words", "--flag", "-c"], ""),
        unbuffered("interleaved.py"),
        unbuffered("stream_attributes.py"),
        unbuffered("subprocess_order.py"),
        unbuffered("print_end.py"),
        // python3 keeps `.` and `..` of the path as typed in `__file__` and tracebacks.
        Case::plain("./tracebacks_caret.py"),
        Case::plain("../run_corpus/uncaught_nested.py"),
    ]
}

fn corpus_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/run_corpus")
}

/// Runs `program [prefix...] script args` from the corpus directory, the script named as a user
/// types it, with the case's stdin.
fn run(program: &str, prefix: &[&str], case: &Case) -> Output {
    let mut command = Command::new(program);
    command
        .current_dir(corpus_dir())
        .args(prefix)
        .arg(&case.script)
        .args(&case.args)
        .env("NO_COLOR", "1")
        .env_remove("PYTHONPATH")
        .env_remove("PYTHONUNBUFFERED")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    if case.unbuffered {
        command.env("PYTHONUNBUFFERED", "1");
    }
    let mut child = command
        .spawn()
        .unwrap_or_else(|err| panic!("{program}: {err}"));
    let mut stdin = child.stdin.take().expect("stdin piped");
    let input = case.stdin;
    // Written from a thread: a script that never reads must not block the test.
    let writer = std::thread::spawn(move || {
        let _ = stdin.write_all(input.as_bytes());
    });
    let output = child.wait_with_output().expect("the child runs");
    writer.join().expect("stdin writer");
    output
}

/// What differs between python3's output and ours, or None when nothing does.
fn differences(expected: &Output, actual: &Output) -> Option<String> {
    let mut report = String::new();
    let (python_status, run_status) = (shell_status(expected), shell_status(actual));
    if python_status != run_status {
        report.push_str(&format!(
            "  exit status: python3 {python_status}, run {run_status}\n"
        ));
    }
    for (name, python, ours) in [
        ("stdout", &expected.stdout, &actual.stdout),
        ("stderr", &expected.stderr, &actual.stderr),
    ] {
        if python != ours {
            report.push_str(&format!("  {name} differs:\n{}", line_diff(python, ours)));
        }
    }
    (!report.is_empty()).then_some(report)
}

/// The status as a shell reports it: python3 dies of the SIGINT it re-raises after an uncaught
/// KeyboardInterrupt (128 + 2), where pyconcepts exits 130, its documented code for Ctrl-C.
fn shell_status(output: &Output) -> i32 {
    use std::os::unix::process::ExitStatusExt;
    match (output.status.code(), output.status.signal()) {
        (Some(code), _) => code,
        (None, Some(signal)) => 128 + signal,
        (None, None) => unreachable!("a process ends by exit or by signal"),
    }
}

/// The first differing line with a little context, bytes shown escaped.
fn line_diff(expected: &[u8], actual: &[u8]) -> String {
    let split = |bytes: &[u8]| -> Vec<String> {
        bytes
            .split_inclusive(|&byte| byte == b'\n')
            .map(|line| line.escape_ascii().to_string())
            .collect()
    };
    let (expected, actual) = (split(expected), split(actual));
    let first = expected
        .iter()
        .zip(&actual)
        .position(|(a, b)| a != b)
        .unwrap_or(expected.len().min(actual.len()));
    let from = first.saturating_sub(2);
    let mut text = String::new();
    for (sign, lines) in [("-", &expected), ("+", &actual)] {
        for line in lines.iter().skip(from).take(first - from + 4) {
            text.push_str(&format!("    {sign} {line}\n"));
        }
        if lines.len() <= first {
            text.push_str(&format!("    {sign} <end after {} lines>\n", lines.len()));
        }
    }
    text
}

#[test]
fn run_matches_python3_byte_for_byte_on_the_corpus() {
    let mut scripts: Vec<String> = std::fs::read_dir(corpus_dir())
        .expect("tests/run_corpus")
        .map(|entry| entry.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|name| name.ends_with(".py"))
        .collect();
    scripts.sort();
    assert!(
        scripts.len() >= 40,
        "the corpus holds {} scripts",
        scripts.len()
    );
    let cases: Vec<Case> = scripts
        .iter()
        .map(|script| Case::plain(script))
        .chain(extra_cases())
        .collect();
    for case in &cases {
        assert!(
            corpus_dir().join(&case.script).is_file(),
            "{} is not in the corpus",
            case.script
        );
    }

    let python = python();
    let next = Mutex::new(cases.iter());
    let failures = Mutex::new(Vec::new());
    // A few at a time: most scripts wait on process start-up, not on a core.
    std::thread::scope(|scope| {
        for _ in 0..3 {
            scope.spawn(|| loop {
                let Some(case) = next.lock().unwrap().next() else {
                    break;
                };
                let expected = run(&python, &[], case);
                let actual = run(env!("CARGO_BIN_EXE_pyconcepts"), &["run"], case);
                if let Some(report) = differences(&expected, &actual) {
                    failures
                        .lock()
                        .unwrap()
                        .push(format!("{}\n{report}", case.label()));
                }
            });
        }
    });
    let mut failures = failures.into_inner().unwrap();
    failures.sort();
    assert!(
        failures.is_empty(),
        "{} of {} invocations differ from python3:\n{}",
        failures.len(),
        cases.len(),
        failures.join("\n")
    );
}

/// `run big_output.py | head -1`: the script gets python3's BrokenPipeError and its status.
#[test]
fn a_reader_that_goes_away_stops_the_script_as_it_stops_python3() {
    use std::io::{BufRead, BufReader};
    let stopped = |program: &str, prefix: &[&str]| {
        let mut child = Command::new(program)
            .current_dir(corpus_dir())
            .args(prefix)
            .arg("big_output.py")
            .env_remove("PYTHONPATH")
            .env_remove("PYTHONUNBUFFERED")
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let mut first = String::new();
        BufReader::new(child.stdout.take().unwrap())
            .read_line(&mut first)
            .unwrap();
        // The reader is dropped here, as `head -1` exits.
        let output = child.wait_with_output().unwrap();
        (first, output)
    };
    let (python_line, python) = stopped(&python(), &[]);
    let (run_line, ours) = stopped(env!("CARGO_BIN_EXE_pyconcepts"), &["run"]);
    assert_eq!(run_line, python_line);
    assert_eq!(ours.status.code(), python.status.code());
    let last_line = |output: &Output| {
        String::from_utf8_lossy(&output.stderr)
            .lines()
            .last()
            .map(str::to_owned)
    };
    assert_eq!(last_line(&ours), last_line(&python));
    assert_eq!(
        last_line(&ours).as_deref(),
        Some("BrokenPipeError: [Errno 32] Broken pipe")
    );
}

/// What `site` sees while the interpreter starts — a `.pth` file or `sitecustomize` may ask
/// `platform.architecture()`, which reads `sys.executable` — is what python3's `site` sees.
#[test]
fn start_up_code_sees_python3s_executable_and_orig_argv() {
    let site = tempfile::tempdir().unwrap();
    std::fs::write(
        site.path().join("sitecustomize.py"),
        "import platform, sys\nprint('at start-up:', sys.executable, sys.orig_argv, \
         platform.architecture())\n",
    )
    .unwrap();
    let started = |program: &str, prefix: &[&str]| {
        Command::new(program)
            .current_dir(corpus_dir())
            .args(prefix)
            .args(["platform_arch.py", "an argument"])
            .env("PYTHONPATH", site.path())
            .env_remove("PYTHONUNBUFFERED")
            .output()
            .unwrap()
    };
    let python = started(&python(), &[]);
    let ours = started(env!("CARGO_BIN_EXE_pyconcepts"), &["run"]);
    let text = String::from_utf8_lossy(&ours.stdout);
    assert!(text.starts_with("at start-up: /"), "{text}");
    assert!(text.contains("'ELF')"), "{text}");
    assert_eq!(
        text,
        String::from_utf8_lossy(&python.stdout),
        "stderr: {}",
        String::from_utf8_lossy(&ours.stderr)
    );
}
