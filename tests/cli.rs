//! The command line's contract: commands, exit codes, error messages, the JSON report's shape,
//! the embedded interpreter's identity, and isolation between demos.

mod common;

use std::io::Read;
use std::path::Path;
use std::process::{Command as StdCommand, Stdio};

use common::{claim, extras, parse_reports, pyconcepts, snippets_dir_with};
use predicates::prelude::*;
use serde_json::Value;

#[test]
fn list_starts_no_python_and_names_every_question() {
    // A broken PYTHONHOME would make any interpreter start-up fail: `list` must not need one.
    let assert = pyconcepts()
        .arg("list")
        .env("PYTHONHOME", "/nonexistent")
        .assert()
        .success();
    let stdout = String::from_utf8_lossy(&assert.get_output().stdout).into_owned();
    for name in [
        "dict-keys",
        "cpython",
        "legb",
        "nonlocal-global",
        "gil",
        "memory",
        "concurrency",
        "imports",
        "closures",
        "scalability",
    ] {
        assert!(stdout.contains(name), "{name} missing from:\n{stdout}");
    }
    assert!(stdout.contains("4 claims"), "{stdout}");
}

#[test]
fn unknown_demo_suggests_the_closest_name() {
    pyconcepts()
        .args(["demo", "dict-key"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("did you mean dict-keys?"))
        .stderr(predicate::str::contains("panicked").not());
}

#[test]
fn a_name_that_looks_like_a_path_is_refused() {
    pyconcepts()
        .args(["demo", "../x"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("looks like a path"));
}

#[test]
fn unknown_and_malformed_params_are_usage_errors() {
    pyconcepts()
        .args(["demo", "dict-keys", "--param", "threads=2"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("unknown parameter \"threads\""));
    pyconcepts()
        .args(["demo", "dict-keys", "--param", "threads"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("KEY=VALUE"));
}

#[test]
fn snippets_dir_must_exist_and_hold_the_snippet() {
    pyconcepts()
        .args([
            "demo",
            "dict-keys",
            "--snippets-dir",
            "/nonexistent/snippets",
        ])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("no such directory"));
    let empty = tempfile::tempdir().unwrap();
    pyconcepts()
        .args(["demo", "dict-keys", "--snippets-dir"])
        .arg(empty.path())
        .assert()
        .code(2)
        .stderr(predicate::str::contains("there is no dict_keys.py"));
}

#[test]
fn edited_snippet_from_snippets_dir_is_the_one_that_runs() {
    let dir = snippets_dir_with("print('edited by the instructor')\nEVIDENCE = {}\n");
    pyconcepts()
        .args(["demo", "dict-keys", "--snippets-dir"])
        .arg(dir.path())
        .assert()
        .success()
        .stdout(predicate::str::contains("edited by the instructor"))
        .stdout(predicate::str::contains("SKIPPED"));
}

#[test]
fn a_raising_snippet_shows_its_traceback_skips_the_rest_and_exits_1() {
    let dir = snippets_dir_with(indoc::indoc! {r#"
        EVIDENCE = {"hashable_keys": {"candidates": [
            {"label": "int", "type": "int", "hashable": True, "usable_as_key": True,
             "error_type": None, "error": None}]}}
        print("before the failure")
        def divide():
            return 1 / 0
        divide()
    "#});
    let output = pyconcepts()
        .args(["demo", "dict-keys", "--json", "--snippets-dir"])
        .arg(dir.path())
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("dict_keys.py\", line 6, in divide"),
        "{stderr}"
    );
    assert!(stderr.contains("ZeroDivisionError"), "{stderr}");
    let report = &parse_reports(&String::from_utf8_lossy(&output.stdout))[0];
    assert_eq!(report["error"]["type"], "ZeroDivisionError");
    assert_eq!(report["output"], "before the failure\n");
    // Evidence recorded before the failure is still judged; the rest is skipped with the reason.
    assert_eq!(
        claim(report, "dict_keys.hashable_keys")["verdict"],
        "confirmed"
    );
    let skipped = claim(report, "dict_keys.equal_keys_collapse");
    assert_eq!(skipped["verdict"], "skipped");
    assert!(skipped["explanation"]
        .as_str()
        .unwrap()
        .contains("ZeroDivisionError"));
}

#[test]
fn a_syntax_error_names_file_and_line_and_exits_1() {
    let dir = snippets_dir_with("x = 1\ny = (\n");
    pyconcepts()
        .args(["demo", "dict-keys", "--quiet", "--snippets-dir"])
        .arg(dir.path())
        .assert()
        .code(1)
        .stderr(predicate::str::contains("dict_keys.py\", line 2"))
        .stderr(predicate::str::contains("SyntaxError"));
}

#[test]
fn json_report_has_the_documented_shape() {
    let reports = common::demo_json(&["dict-keys"]);
    assert_eq!(reports.len(), 1);
    let report = &reports[0];
    assert_eq!(report["demo"], "dict-keys");
    assert_eq!(report["question"], 1);
    assert!(report["title"].is_string());
    assert_eq!(report["python"]["implementation"], "cpython");
    assert!(report["python"]["version"]
        .as_str()
        .unwrap()
        .starts_with('3'));
    assert!(report["python"]["gil_enabled"].is_boolean());
    assert!(report["output"]
        .as_str()
        .unwrap()
        .contains("1, 1.0 and True"));
    assert!(report["duration_ms"].is_u64());
    assert!(report.get("error").is_none());
    for claim in report["claims"].as_array().unwrap() {
        assert!(claim["id"].as_str().unwrap().starts_with("dict_keys."));
        assert!(["article", "senior"].contains(&claim["source"].as_str().unwrap()));
        assert!(claim["claim"].is_string() && claim["explanation"].is_string());
        assert!(claim["evidence"].is_object(), "{claim}");
        let verdict = claim["verdict"].as_str().unwrap();
        assert!(
            ["confirmed", "refuted", "nuanced", "inconclusive", "skipped"].contains(&verdict),
            "{verdict}"
        );
    }
}

#[test]
fn dict_keys_verdicts_follow_the_evidence() {
    let report = &common::demo_json(&["1"])[0];
    common::assert_verdict(report, "dict_keys.hashable_keys", "confirmed");
    common::assert_verdict(report, "dict_keys.hashable_means_immutable", "refuted");
    common::assert_verdict(report, "dict_keys.equal_keys_collapse", "confirmed");
    common::assert_verdict(report, "dict_keys.hash_eq_contract", "confirmed");

    let candidates = claim(report, "dict_keys.hashable_keys")["evidence"]["candidates"]
        .as_array()
        .unwrap()
        .clone();
    let list = candidates.iter().find(|c| c["label"] == "list").unwrap();
    assert_eq!(list["usable_as_key"], false);
    assert_eq!(list["error_type"], "TypeError");
    assert!(list["error"].as_str().unwrap().contains("list"));
    assert!(candidates
        .iter()
        .filter(|c| c["hashable"] == true)
        .all(|c| c["usable_as_key"] == true));

    let immutability = &claim(report, "dict_keys.hashable_means_immutable")["evidence"];
    let mutable = &immutability["mutable_hashable"];
    assert_ne!(mutable["value_before"], mutable["value_after"]);
    assert_eq!(mutable["hash_before"], mutable["hash_after"]);
    assert_eq!(immutability["immutable_unhashable"]["hashable"], false);

    let collapse = &claim(report, "dict_keys.equal_keys_collapse")["evidence"];
    assert_eq!(collapse["length"], 1);
    assert_eq!(collapse["surviving_key"], "1");
    assert_eq!(collapse["surviving_value"], "bool");

    let contract = &claim(report, "dict_keys.hash_eq_contract")["evidence"];
    assert_eq!(contract["lookup_error_type"], "KeyError");
    assert_eq!(contract["iteration_yields_same_object"], true);
    assert_eq!(contract["eq_without_hash"]["hash_attribute_is_none"], true);
}

#[test]
fn dict_keys_snippet_runs_standalone() {
    let output = common::run_standalone("dict_keys.py");
    assert!(output.status.success(), "{output:?}");
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(stdout.contains("1, 1.0 and True"), "{stdout}");
    common::assert_fits_80_columns("dict_keys.py", &stdout);
}

#[test]
fn show_prints_the_snippet_source() {
    let source = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("python_snippets/dict_keys.py"),
    )
    .unwrap();
    pyconcepts()
        .args(["show", "dict-keys"])
        .assert()
        .success()
        .stdout(source);
}

#[test]
fn embedded_python_is_the_python3_it_was_built_for() {
    let output = pyconcepts().args(["info", "--json"]).output().unwrap();
    assert!(output.status.success(), "{output:?}");
    let info: Value = serde_json::from_slice(&output.stdout).unwrap();
    let probe = StdCommand::new(extras::python())
        .args([
            "-c",
            "import json, sys, sysconfig; print(json.dumps({'version': sys.version, \
             'prefix': sys.prefix, 'libdir': sysconfig.get_config_var('LIBDIR')}))",
        ])
        .output()
        .unwrap();
    let expected: Value = serde_json::from_slice(&probe.stdout).unwrap();
    assert_eq!(info["sys_version"], expected["version"]);
    assert_eq!(info["prefix"], expected["prefix"]);
    let libpython = info["libpython"].as_str().unwrap();
    let libdir = std::fs::canonicalize(expected["libdir"].as_str().unwrap()).unwrap();
    let loaded = std::fs::canonicalize(libpython).unwrap();
    assert!(
        loaded.starts_with(&libdir),
        "loaded {loaded:?}, built for {libdir:?}"
    );
    // Child processes run that same build, not whatever `python3` a PATH lookup finds.
    let child = Path::new(info["child_executable"].as_str().unwrap());
    assert!(child.starts_with(Path::new(expected["prefix"].as_str().unwrap())));
}

#[test]
fn host_module_is_builtin_and_reads_refcounts_from_the_c_side() {
    let dir = snippets_dir_with(indoc::indoc! {r#"
        import importlib.util, json, sys
        import _pyconcepts
        fresh = object()
        print(json.dumps({
            "origin": importlib.util.find_spec("_pyconcepts").origin,
            "builtin": "_pyconcepts" in sys.builtin_module_names,
            "host_refcnt": _pyconcepts.refcnt(fresh),
            "getrefcount": sys.getrefcount(fresh),
            "burn": _pyconcepts.burn(1),
            "libpython": _pyconcepts.libpython(),
            "c_version": _pyconcepts.c_version(),
            "sys_version": sys.version,
        }))
    "#});
    let output = pyconcepts()
        .args(["demo", "dict-keys", "--json", "--snippets-dir"])
        .arg(dir.path())
        .output()
        .unwrap();
    let report = &parse_reports(&String::from_utf8_lossy(&output.stdout))[0];
    let seen: Value = serde_json::from_str(report["output"].as_str().unwrap()).unwrap();
    assert_eq!(seen["origin"], "built-in");
    assert_eq!(seen["builtin"], true);
    assert_eq!(seen["host_refcnt"], 1);
    assert_eq!(seen["getrefcount"], 2);
    assert!(seen["burn"].is_u64());
    assert!(seen["libpython"].as_str().unwrap().contains("libpython"));
    assert_eq!(seen["c_version"], seen["sys_version"]);
}

#[test]
fn state_a_snippet_changes_does_not_leak_into_the_next_demo() {
    let source = indoc::indoc! {r#"
        import gc, json, os, sys, tempfile
        # Record the state as found, then change all of it.
        print(json.dumps({
            "path": sys.path, "cwd": os.getcwd(), "switch": sys.getswitchinterval(),
            "gc": gc.isenabled(), "limit": sys.getrecursionlimit(),
            "env": os.environ.get("PYCONCEPTS_LEAK"), "leaked_module": "leaky" in sys.modules,
            "gc_threshold": gc.get_threshold(), "executable": sys.executable,
        }))
        place = tempfile.mkdtemp()
        with open(os.path.join(place, "leaky.py"), "w") as module:
            module.write("VALUE = 1\n")
        sys.path.insert(0, place)
        import leaky
        os.chdir(place)
        sys.setswitchinterval(0.5)
        gc.disable()
        gc.set_threshold(1, 1, 1)
        sys.setrecursionlimit(200)
        os.environ["PYCONCEPTS_LEAK"] = "yes"
        sys.executable = "/nonexistent/python"
    "#};
    let dir = snippets_dir_with(source);
    let output = pyconcepts()
        .args(["demo", "dict-keys", "dict-keys", "--json", "--snippets-dir"])
        .arg(dir.path())
        .output()
        .unwrap();
    assert!(output.status.success(), "{output:?}");
    let reports = parse_reports(&String::from_utf8_lossy(&output.stdout));
    assert_eq!(reports.len(), 2);
    let first: Value = serde_json::from_str(reports[0]["output"].as_str().unwrap()).unwrap();
    let second: Value = serde_json::from_str(reports[1]["output"].as_str().unwrap()).unwrap();
    assert_eq!(first, second);
    assert_eq!(second["leaked_module"], false);
    assert_eq!(second["env"], Value::Null);
}

#[test]
fn ctrl_c_raises_keyboard_interrupt_and_exits_130() {
    let dir = snippets_dir_with(indoc::indoc! {r#"
        print("ready", flush=True)
        while True:
            pass
    "#});
    let mut command = StdCommand::new(env!("CARGO_BIN_EXE_pyconcepts"));
    command
        .args(["demo", "dict-keys", "--snippets-dir"])
        .arg(dir.path())
        .env("NO_COLOR", "1");
    let after = common::ctrl_c_when_ready(command);
    assert_eq!(after.status.code(), Some(130), "{}", after.stderr);
    assert!(after.stdout.iter().any(|line| line.contains("interrupted")));
    assert!(!after.stderr.contains("panicked"), "{}", after.stderr);
}

#[test]
fn output_piped_into_a_closed_reader_is_not_a_crash() {
    for json in [false, true] {
        let mut child = StdCommand::new(env!("CARGO_BIN_EXE_pyconcepts"))
            .args(["demo", "dict-keys", "dict-keys"])
            .args(json.then_some("--json"))
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let mut first_byte = [0u8; 1];
        child
            .stdout
            .take()
            .unwrap()
            .read_exact(&mut first_byte)
            .unwrap();
        // The reader is gone now, like `| head -c 1`.
        let output = child.wait_with_output().unwrap();
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert_eq!(output.status.code(), Some(0), "{stderr}");
        assert!(!stderr.contains("panicked"), "{stderr}");
    }
}

/// The verdicts of a report, in claim order.
fn verdicts(report: &Value) -> Vec<(String, String)> {
    report["claims"]
        .as_array()
        .unwrap()
        .iter()
        .map(|claim| {
            (
                claim["id"].as_str().unwrap().to_owned(),
                claim["verdict"].as_str().unwrap().to_owned(),
            )
        })
        .collect()
}

#[test]
fn demos_run_together_give_the_verdicts_they_give_alone() {
    // The demos whose verdicts do not depend on timing; the timing demos assert their own
    // stability in their test files.
    let names = [
        "dict-keys",
        "cpython",
        "legb",
        "nonlocal-global",
        "memory",
        "imports",
        "closures",
    ];
    let together = common::demo_json(&names);
    assert_eq!(together.len(), names.len());
    for (name, report) in names.iter().zip(&together) {
        let alone = &common::demo_json(&[name])[0];
        assert_eq!(verdicts(report), verdicts(alone), "{name}");
    }
}

// --- signals: Ctrl-C and SIGTERM in every subcommand, nothing left behind ----------------------

/// A fake interpreter for `--python` that never answers: it starts a sleeping child, notes the
/// child's pid in `sleeper.pid` (the test's sign that the probe is running), and waits.
fn hanging_python(dir: &Path) -> std::path::PathBuf {
    use std::os::unix::fs::PermissionsExt;
    let path = dir.join("python-hangs");
    let pid_file = dir.join("sleeper.pid");
    std::fs::write(
        &path,
        format!(
            "#!/bin/sh\n/bin/sleep 60 &\necho $! > {0}.part\n/bin/mv {0}.part {0}\nwait\n",
            pid_file.display()
        ),
    )
    .unwrap();
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o755)).unwrap();
    path
}

/// `pyconcepts info --python <a probe that hangs>`, with nothing else on PATH.
fn info_with_a_hanging_probe(dir: &Path) -> StdCommand {
    let mut command = StdCommand::new(env!("CARGO_BIN_EXE_pyconcepts"));
    command
        .args(["info", "--python"])
        .arg(hanging_python(dir))
        .env("PATH", dir)
        .env("NO_COLOR", "1");
    command
}

fn sleeper_pid(dir: &Path) -> u32 {
    std::fs::read_to_string(dir.join("sleeper.pid"))
        .unwrap()
        .trim()
        .parse()
        .unwrap()
}

#[test]
fn ctrl_c_stops_info_while_a_probe_hangs() {
    let dir = tempfile::tempdir().unwrap();
    let pid_file = dir.path().join("sleeper.pid");
    let after = common::signal_when(info_with_a_hanging_probe(dir.path()), libc::SIGINT, |_| {
        pid_file.exists()
    });
    // The probe's own timeout is 20 s: answering within a few means Ctrl-C was honoured.
    assert_eq!(after.status.code(), Some(130), "{}", after.stderr);
    assert!(after.took.as_secs_f64() < 5.0, "took {:?}", after.took);
    assert!(!after.stderr.contains("panicked"), "{}", after.stderr);
    std::thread::sleep(std::time::Duration::from_millis(200));
    assert!(
        !common::still_running(sleeper_pid(dir.path())),
        "the hanging probe's child outlived Ctrl-C"
    );
}

#[test]
fn sigterm_stops_info_and_its_probes_with_exit_143() {
    let dir = tempfile::tempdir().unwrap();
    let pid_file = dir.path().join("sleeper.pid");
    let after = common::signal_when(info_with_a_hanging_probe(dir.path()), libc::SIGTERM, |_| {
        pid_file.exists()
    });
    assert_eq!(after.status.code(), Some(143), "{}", after.stderr);
    assert!(after.took.as_secs_f64() < 5.0, "took {:?}", after.took);
    assert!(after.stderr.contains("terminated"), "{}", after.stderr);
    std::thread::sleep(std::time::Duration::from_millis(200));
    assert!(
        !common::still_running(sleeper_pid(dir.path())),
        "the hanging probe's child outlived SIGTERM"
    );
}

#[test]
fn sigterm_stops_the_pool_workers_of_demo_concurrency_and_exits_143() {
    let tmp = tempfile::tempdir().unwrap();
    let mut command = StdCommand::new(env!("CARGO_BIN_EXE_pyconcepts"));
    command
        .args(["demo", "concurrency", "--json"])
        .env("TMPDIR", tmp.path())
        .env("NO_COLOR", "1");
    // Two children: the first process pool's workers exist.
    let after = common::signal_when(command, libc::SIGTERM, |pid| common::child_count(pid) >= 2);
    assert_eq!(after.status.code(), Some(143), "{}", after.stderr);
    assert!(after.descendants.len() >= 2, "{:?}", after.descendants);
    assert!(!after.stderr.contains("panicked"), "{}", after.stderr);
    // The report says how far the demo got; stdout still holds JSON only.
    let reports = parse_reports(&after.stdout);
    assert_eq!(reports.len(), 1, "{}", after.stdout);
    assert_eq!(reports[0]["error"]["type"], "Terminated", "{}", reports[0]);
    std::thread::sleep(std::time::Duration::from_millis(300));
    let survivors: Vec<u32> = after
        .descendants
        .iter()
        .copied()
        .filter(|pid| common::still_running(*pid))
        .collect();
    assert!(
        survivors.is_empty(),
        "still running after SIGTERM: {survivors:?}"
    );
    let left: Vec<_> = std::fs::read_dir(tmp.path()).unwrap().collect();
    assert!(left.is_empty(), "left in TMPDIR: {left:?}");
}

#[test]
fn completions_end_quietly_on_a_closed_pipe_and_say_why_on_a_full_disk() {
    for shell in ["bash", "zsh", "fish"] {
        // A reader that is gone before the first byte is written, like `| true`.
        let (reader, writer) = std::io::pipe().unwrap();
        drop(reader);
        let output = StdCommand::new(env!("CARGO_BIN_EXE_pyconcepts"))
            .args(["completions", shell])
            .stdout(writer)
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert_eq!(output.status.code(), Some(0), "{shell}: {stderr}");
        assert!(stderr.is_empty(), "{shell}: {stderr}");

        let full = std::fs::OpenOptions::new()
            .write(true)
            .open("/dev/full")
            .unwrap();
        let output = StdCommand::new(env!("CARGO_BIN_EXE_pyconcepts"))
            .args(["completions", shell])
            .stdout(full)
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert_eq!(output.status.code(), Some(1), "{shell}: {stderr}");
        assert_eq!(
            stderr,
            "pyconcepts: writing the completion script: No space left on device (os error 28)\n"
        );
    }
}
