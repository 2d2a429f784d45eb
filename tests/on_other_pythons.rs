//! `demo --on PYTHON`: a demo run again in another CPython, as a child process with the same
//! snippet and judges. Any CPython 3.11+ serves, so these tests use the build's own `python3`
//! as the other interpreter; the free-threaded build's verdicts are checked where it is built.

mod common;

use std::path::{Path, PathBuf};
use std::process::Command as StdCommand;

use common::extras::{self, Extra};
use common::parse_reports;

/// The build's own `python3`, as an interpreter to run demos in.
fn python3() -> String {
    extras::python()
}

/// A fake interpreter: a script that answers `describe` with `description` and runs nothing.
fn fake_python(dir: &Path, name: &str, description: &str) -> PathBuf {
    use std::os::unix::fs::PermissionsExt;
    let path = dir.join(name);
    std::fs::write(&path, format!("#!/bin/sh\necho '{description}'\n")).unwrap();
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o755)).unwrap();
    path
}

/// A `--snippets-dir` whose dict_keys.py prints `ready` and hangs, in a child run only (the
/// embedded run has `_pyconcepts`, a child does not).
fn hanging_in_a_child() -> tempfile::TempDir {
    common::snippets_dir_with(
        "import time\ntry:\n    import _pyconcepts\nexcept ImportError:\n    \
         print('ready', flush=True)\n    time.sleep(60)\nEVIDENCE = {}\n",
    )
}

#[test]
fn a_demo_runs_in_another_cpython_with_the_same_judges() {
    let reports = common::demo_json(&["dict-keys", "--on", &python3()]);
    assert_eq!(reports.len(), 2, "{reports:?}");
    let (embedded, child) = (&reports[0], &reports[1]);
    assert_eq!(embedded["python"]["embedded"], true);
    assert_eq!(child["python"]["embedded"], false);
    assert_eq!(child["python"]["implementation"], "cpython");
    assert!(child["python"]["executable"].as_str().is_some(), "{child}");
    assert_eq!(child["demo"], "dict-keys");
    let verdicts = |report: &serde_json::Value| -> Vec<(String, String)> {
        report["claims"]
            .as_array()
            .unwrap()
            .iter()
            .map(|claim| (claim["id"].to_string(), claim["verdict"].to_string()))
            .collect()
    };
    assert_eq!(verdicts(embedded), verdicts(child));
    assert!(
        child["output"].as_str().unwrap().contains("hash"),
        "the child's output is recorded: {child}"
    );
}

#[test]
fn the_terminal_shows_each_run_and_a_matrix_of_verdicts() {
    let output = common::pyconcepts()
        .args(["demo", "dict-keys", "--on", &python3()])
        .output()
        .unwrap();
    assert!(output.status.success(), "{output:?}");
    let stdout = String::from_utf8(output.stdout).unwrap();
    assert!(stdout.contains("On 3."), "{stdout}");
    assert!(stdout.contains("Verdicts on 3."), "{stdout}");
    let matrix = stdout
        .split("Verdicts across interpreters — dict-keys")
        .nth(1)
        .expect("a matrix");
    // The run's short summary follows the matrix.
    let (matrix, summary) = matrix.split_once("\nSummary\n").expect("a summary");
    assert!(summary.contains("dict-keys on 3."), "{summary}");
    assert!(matrix.contains("dict_keys.hashable_keys"), "{matrix}");
    assert_eq!(matrix.matches("CONFIRMED").count(), 6, "{matrix}");
    // The same CPython twice: no row differs.
    assert!(!matrix.contains('≠'), "{matrix}");
}

#[test]
fn an_interpreter_that_cannot_run_the_demos_is_a_usage_error_before_anything_runs() {
    let dir = tempfile::tempdir().unwrap();
    let old = fake_python(
        dir.path(),
        "python3.9",
        r#"{"version": "3.9.2", "implementation": "cpython", "gil_enabled": true, "free_threaded": false, "executable": "x", "sys_version": "3.9.2", "prefix": "/", "version_info": [3, 9, 2]}"#,
    );
    let pypy = fake_python(
        dir.path(),
        "pypy3",
        r#"{"version": "3.9.16", "implementation": "pypy", "gil_enabled": true, "free_threaded": false, "executable": "x", "sys_version": "3.9.16", "prefix": "/", "version_info": [3, 9, 16]}"#,
    );
    let silent = fake_python(dir.path(), "python-silent", "not json");
    let not_executable = dir.path().join("plain.txt");
    std::fs::write(&not_executable, "").unwrap();
    let cases: [(&Path, &str); 5] = [
        (Path::new("/no/such/python"), "is not an executable file"),
        (
            Path::new("no-such-python-anywhere"),
            "no such interpreter on PATH",
        ),
        (&not_executable, "is not an executable file"),
        (&old, "the snippets need 3.11 or later"),
        (&pypy, "not CPython; --python compares other runtimes"),
    ];
    for (given, says) in cases
        .into_iter()
        .chain([(silent.as_path(), "not a Python 3")])
    {
        let output = common::pyconcepts()
            .args(["demo", "dict-keys", "--on"])
            .arg(given)
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert_eq!(
            output.status.code(),
            Some(2),
            "{}: {stderr}",
            given.display()
        );
        assert_eq!(stderr.lines().count(), 1, "{stderr}");
        assert!(stderr.contains(says), "{}: {stderr}", given.display());
        assert!(output.stdout.is_empty(), "nothing ran");
    }
    let output = common::pyconcepts()
        .args(["demo", "legb", "--frames", "--on", &python3()])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
}

#[test]
fn a_child_that_raises_reports_its_traceback_and_fails_the_run() {
    let dir = common::snippets_dir_with(
        "try:\n    import _pyconcepts\nexcept ImportError:\n    \
         raise ValueError('only in the child')\nEVIDENCE = {}\n",
    );
    let output = common::pyconcepts()
        .arg("--snippets-dir")
        .arg(dir.path())
        .args(["demo", "dict-keys", "--json", "--on", &python3()])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1), "{output:?}");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("dict_keys.py\", line 4"), "{stderr}");
    assert!(stderr.contains("ValueError: only in the child"), "{stderr}");
    let reports = parse_reports(&String::from_utf8_lossy(&output.stdout));
    assert_eq!(reports.len(), 2);
    assert!(reports[0].get("error").is_none());
    assert_eq!(reports[1]["error"]["type"], "ValueError");
}

#[test]
fn a_timeout_stops_the_child() {
    let dir = hanging_in_a_child();
    let tmp = tempfile::tempdir().unwrap();
    let started = std::time::Instant::now();
    let output = common::pyconcepts()
        .arg("--snippets-dir")
        .arg(dir.path())
        .args([
            "demo",
            "dict-keys",
            "--json",
            "--timeout",
            "1",
            "--on",
            &python3(),
        ])
        .env("TMPDIR", tmp.path())
        .output()
        .unwrap();
    assert!(
        started.elapsed().as_secs() < 30,
        "the timeout did not stop the child"
    );
    assert_eq!(output.status.code(), Some(1), "{output:?}");
    let reports = parse_reports(&String::from_utf8_lossy(&output.stdout));
    assert_eq!(reports[1]["error"]["type"], "Timeout", "{}", reports[1]);
    assert!(
        common::entries(&tmp).is_empty(),
        "{:?}",
        common::entries(&tmp)
    );
}

#[test]
fn ctrl_c_and_sigterm_stop_the_child_and_leave_nothing_behind() {
    for (signal, status) in [(libc::SIGINT, 130), (libc::SIGTERM, 143)] {
        let dir = hanging_in_a_child();
        let tmp = tempfile::tempdir().unwrap();
        let mut command = StdCommand::new(env!("CARGO_BIN_EXE_pyconcepts"));
        command
            .arg("--snippets-dir")
            .arg(dir.path())
            .args(["demo", "dict-keys", "--json", "--on", &python3()])
            .env("TMPDIR", tmp.path())
            .env("NO_COLOR", "1");
        // Signalled once the child interpreter runs the snippet in its private directory.
        let after = common::signal_when(command, signal, |pid| {
            common::descendants(pid).iter().any(|child| {
                std::fs::read_link(format!("/proc/{child}/cwd"))
                    .is_ok_and(|cwd| cwd.to_string_lossy().contains("pyconcepts-on-"))
            })
        });
        assert_eq!(after.status.code(), Some(status), "{}", after.stderr);
        std::thread::sleep(std::time::Duration::from_millis(300));
        let survivors: Vec<u32> = after
            .descendants
            .iter()
            .copied()
            .filter(|pid| common::still_running(*pid))
            .collect();
        assert!(survivors.is_empty(), "still running: {survivors:?}");
        assert!(
            common::entries(&tmp).is_empty(),
            "{:?}",
            common::entries(&tmp)
        );
    }
}

#[test]
fn on_the_free_threaded_build_the_gil_claims_flip() {
    if !extras::have(
        "on_the_free_threaded_build_the_gil_claims_flip",
        &[Extra::Cpython313t],
    ) {
        return;
    }
    let free = extras::cpython(Extra::Cpython313t).expect("checked above");
    let free = free.to_string_lossy().into_owned();
    let reports = common::demo_json(&["gil", "--no-others", "--on", &free]);
    let (embedded, child) = (&reports[0], &reports[1]);
    assert_eq!(
        child["python"]["free_threaded"], true,
        "{}",
        child["python"]
    );
    assert_eq!(child["python"]["gil_enabled"], false);
    common::assert_verdict(embedded, "gil.build_has_gil", "confirmed");
    common::assert_verdict(child, "gil.build_has_gil", "refuted");
    // On a busy machine the threads' speed-ups may not tell: inconclusive, never the other way.
    let reentry = common::claim(child, "gil.extension_reenables_gil")["verdict"].clone();
    assert!(
        reentry == "confirmed" || reentry == "inconclusive",
        "an undeclared extension module on the free-threaded build: {reentry}"
    );
    let serialised = common::claim(child, "gil.cpu_threads_serialised")["verdict"].clone();
    assert!(
        serialised == "refuted" || serialised == "inconclusive",
        "pure-Python threads on the free-threaded build: {serialised}"
    );
}

/// What `python` says of itself: its version, `sys.executable` and `sys.prefix`.
fn facts_of(python: &str) -> [String; 3] {
    let output = StdCommand::new(python)
        .args([
            "-c",
            "import sys; print(sys.version.split()[0]); print(sys.executable); print(sys.prefix)",
        ])
        .env_remove("PYTHONPATH")
        .output()
        .unwrap();
    let text = String::from_utf8(output.stdout).unwrap();
    let lines: Vec<String> = text.lines().map(str::to_owned).collect();
    lines.try_into().expect("three lines")
}

/// `pyconcepts info --on PYTHON` (with `--json` when asked), asserting it exited 0.
fn info_on(python: &str, json: bool, envs: &[(&str, &str)]) -> String {
    let mut command = common::pyconcepts();
    command.args(["info", "--on", python]);
    if json {
        command.arg("--json");
    }
    let output = command.envs(envs.iter().copied()).output().unwrap();
    assert!(output.status.success(), "{output:?}");
    String::from_utf8(output.stdout).unwrap()
}

/// The fields `info` prints under `on LABEL:` for the first `--on` interpreter.
fn on_section(stdout: &str) -> Vec<(String, String)> {
    stdout
        .lines()
        .skip_while(|line| !line.starts_with("on "))
        .skip(1)
        .take_while(|line| line.starts_with("  "))
        .filter_map(|line| {
            let (key, value) = line.trim().split_once(':')?;
            Some((key.to_owned(), value.trim().to_owned()))
        })
        .collect()
}

#[test]
fn info_on_describes_the_interpreter_as_demo_on_runs_it() {
    let python = python3();
    let [version, executable, prefix] = facts_of(&python);
    let stdout = info_on(&python, false, &[]);
    assert!(stdout.contains(&format!("\non {version}:\n")), "{stdout}");
    let fields = on_section(&stdout);
    let field = |key: &str| {
        fields
            .iter()
            .find(|(name, _)| name == key)
            .map(|(_, value)| value.as_str())
            .unwrap_or_else(|| panic!("no {key} in {fields:?}"))
    };
    assert_eq!(field("version"), version);
    assert_eq!(field("executable"), executable);
    assert_eq!(field("prefix"), prefix);
    assert_eq!(field("free_threaded"), "false");
    assert_eq!(field("gil_enabled"), "true");

    let stdout = info_on(&python, true, &[]);
    let info: serde_json::Value = serde_json::from_str(stdout.trim()).expect("one JSON line");
    assert_eq!(stdout.lines().count(), 1, "{stdout}");
    let on = &info["on"][0];
    assert_eq!(on["version"], version.as_str(), "{on}");
    assert_eq!(on["executable"], executable.as_str());
    assert_eq!(on["prefix"], prefix.as_str());
    assert_eq!(on["free_threaded"], false);
    assert_eq!(on["gil_enabled"], true);
    assert_eq!(on["embedded"], false);

    let output = common::pyconcepts()
        .args(["info", "--on", "/no/such"])
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(2), "{stderr}");
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    assert!(stderr.contains("/no/such"), "{stderr}");
    assert!(output.stdout.is_empty());
}

/// A regression: the description once ran with `-S`, which leaves `site` out, and it is `site`
/// that sets a venv's `sys.prefix`: the venv's interpreter was described as its base.
#[test]
fn info_on_a_venv_names_the_venvs_prefix() {
    let dir = tempfile::tempdir().unwrap();
    let venv = dir.path().join("venv");
    let made = StdCommand::new(python3())
        .args(["-m", "venv", "--without-pip"])
        .arg(&venv)
        .status()
        .unwrap();
    assert!(made.success());
    let python = venv.join("bin/python").to_string_lossy().into_owned();
    let [_, _, prefix] = facts_of(&python);
    assert_eq!(Path::new(&prefix), venv.as_path(), "the venv's own prefix");
    let info: serde_json::Value = serde_json::from_str(info_on(&python, true, &[]).trim()).unwrap();
    assert_eq!(info["on"][0]["prefix"], prefix.as_str(), "{}", info["on"]);
}

#[test]
fn info_on_the_free_threaded_build_says_whether_the_gil_is_on() {
    if !extras::have(
        "info_on_the_free_threaded_build_says_whether_the_gil_is_on",
        &[Extra::Cpython313t],
    ) {
        return;
    }
    let free = extras::cpython(Extra::Cpython313t).expect("checked above");
    let free = free.to_string_lossy().into_owned();
    let [version, _, prefix] = facts_of(&free);
    let stdout = info_on(&free, false, &[]);
    assert!(stdout.contains(&format!("\non {version}t:\n")), "{stdout}");
    let fields = on_section(&stdout);
    assert!(
        fields.contains(&("free_threaded".into(), "true".into())),
        "{fields:?}"
    );
    assert!(
        fields.contains(&("gil_enabled".into(), "false".into())),
        "{fields:?}"
    );
    assert!(fields.contains(&("prefix".into(), prefix)), "{fields:?}");
    // PYTHON_GIL=1 turns the GIL on, for the description as for the run.
    let info: serde_json::Value =
        serde_json::from_str(info_on(&free, true, &[("PYTHON_GIL", "1")]).trim()).unwrap();
    assert_eq!(info["on"][0]["free_threaded"], true, "{}", info["on"]);
    assert_eq!(info["on"][0]["gil_enabled"], true, "{}", info["on"]);
}

/// The child reads `PARAMS` and writes its `EVIDENCE` without the `json` module: what the
/// embedded run and the child record of the same data is the same, awkward strings included.
#[test]
fn params_and_evidence_reach_a_child_and_come_back_intact() {
    let dir = common::snippets_dir_with(
        "import sys\n\
         EVIDENCE = {'hashable_keys': {\n\
         'params': {k: v for k, v in PARAMS.items() if k != 'others_left_out'},\n\
         'left_out': PARAMS.get('others_left_out', ''),\n\
         'text': 'a \"quote\" \\\\ back\\nslash\\t\\x01 \\x7f é 🐍 \\u2028',\n\
         'numbers': [0, -1, 2**62, 0.1, 1e-7, 1e300, -0.0, float('nan')],\n\
         'flags': (True, False, None),\n\
         'json_imported': 'json' in sys.modules,\n\
         }}\n",
    );
    let output = common::pyconcepts()
        .arg("--snippets-dir")
        .arg(dir.path())
        .args(["demo", "dict-keys", "--json", "--on", &python3()])
        .output()
        .unwrap();
    let reports = parse_reports(&String::from_utf8_lossy(&output.stdout));
    assert_eq!(reports.len(), 2, "{output:?}");
    let evidence = |report: &serde_json::Value| -> serde_json::Value {
        let mut evidence = common::claim(report, "dict_keys.hashable_keys")["evidence"].clone();
        let fields = evidence.as_object_mut().unwrap();
        fields.retain(|key, _| {
            [
                "params",
                "text",
                "numbers",
                "flags",
                "left_out",
                "json_imported",
            ]
            .contains(&key.as_str())
        });
        evidence
    };
    let (embedded, child) = (evidence(&reports[0]), evidence(&reports[1]));
    assert_eq!(child["text"], embedded["text"]);
    assert_eq!(
        child["text"],
        "a \"quote\" \\ back\nslash\t\u{1} \u{7f} é 🐍 \u{2028}"
    );
    assert_eq!(child["numbers"], embedded["numbers"]);
    assert_eq!(child["flags"], serde_json::json!([true, false, null]));
    assert_eq!(child["params"], embedded["params"]);
    assert_eq!(
        child["left_out"],
        pyconcepts::runtimes::LEFT_OUT_ON_OTHER_PYTHON,
        "the child is told the other runtimes are left out"
    );
    assert_eq!(
        child["json_imported"], false,
        "a child's start-up imports no json"
    );
}
