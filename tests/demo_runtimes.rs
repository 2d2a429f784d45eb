//! The other runtimes (issue 10): PyPy, Jython and Cython found on this machine and what their
//! probes showed in `demo cpython` and `demo memory` (`demo gil`'s are in tests/demo_gil.rs);
//! runtimes that are missing make their claims `skipped` with the install line, in all three
//! demos; a probe that hangs is killed at its timeout, with everything it started; no
//! temporary file is left behind.
//!
//! Tests that need a runtime skip with one line naming its install command when it is missing;
//! `.ci/run` installs the three and sets `PYCONCEPTS_REQUIRE_EXTRAS=1`, so that there they fail
//! rather than pass vacuously.
//!
//! A runtime is made missing the way a user's machine lacks it: the binary runs with a `PATH`
//! that does not hold it. Cython is a package of the embedded CPython's interpreter, so it is
//! hidden by `PYTHONPATH` pointing at a `Cython` package that refuses to import.

mod common;

use std::fs;
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;
use std::time::Duration;

use common::extras::{self, Extra, OTHER_RUNTIMES};
use common::{assert_verdict, claim, parse_reports, pyconcepts};
use pyconcepts::runtimes;
use serde_json::Value;

/// The reports of one run, and what was left in the private temporary directory it used.
struct Run {
    reports: Vec<Value>,
    left_in_tmp: Vec<String>,
}

/// Runs `pyconcepts demo <args> --json` with its own TMPDIR (every `tempfile` directory goes
/// there) and the given environment, asserting it exits 0.
fn run_demos(args: &[&str], env: &[(&str, &std::ffi::OsStr)]) -> Run {
    let tmp = tempfile::tempdir().expect("a private temp dir");
    let mut command = pyconcepts();
    command
        .arg("demo")
        .args(args)
        .arg("--json")
        .env("TMPDIR", tmp.path());
    for (key, value) in env {
        command.env(key, value);
    }
    let output = command.output().expect("pyconcepts runs");
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(
        output.status.success(),
        "exit {:?}\nstdout:\n{stdout}\nstderr:\n{}",
        output.status.code(),
        String::from_utf8_lossy(&output.stderr)
    );
    let left_in_tmp = common::entries(&tmp);
    Run {
        reports: parse_reports(&stdout),
        left_in_tmp,
    }
}

/// `demo cpython memory` with every runtime the machine has, run once for this file's tests.
fn with_runtimes() -> &'static Run {
    static RUN: OnceLock<Run> = OnceLock::new();
    RUN.get_or_init(|| run_demos(&["cpython", "memory"], &[]))
}

fn evidence<'a>(report: &'a Value, id: &str) -> &'a Value {
    &claim(report, id)["evidence"]
}

/// The entry for runtime `name` in a claim's evidence.
fn runtime<'a>(evidence: &'a Value, name: &str) -> &'a Value {
    evidence["runtimes"]
        .as_array()
        .expect("a runtimes list")
        .iter()
        .find(|entry| entry["name"] == name)
        .unwrap_or_else(|| panic!("no {name} in {evidence}"))
}

#[test]
fn each_runtime_shows_how_it_runs_python() {
    if !extras::have("each_runtime_shows_how_it_runs_python", &OTHER_RUNTIMES) {
        return;
    }
    let cpython = &with_runtimes().reports[0];
    assert_verdict(cpython, "cpython.other_implementations", "confirmed");
    let e = evidence(cpython, "cpython.other_implementations");
    // The evidence names the runtimes that ran, with their versions.
    let ran: Vec<&str> = e["ran"]
        .as_array()
        .unwrap()
        .iter()
        .map(|name| name.as_str().unwrap())
        .collect();
    assert_eq!(ran.len(), 3, "{ran:?}");
    for (name, prefix) in ran.iter().zip(["PyPy 7.", "Jython 2.7", "Cython 3."]) {
        assert!(name.starts_with(prefix), "{ran:?}");
    }

    let pypy = runtime(e, "pypy3");
    assert_eq!(pypy["status"], "ran");
    assert_eq!(pypy["implementation"], "PyPy");
    assert_eq!(pypy["jit"], true);
    // PyPy's own opcodes: those its opcode module adds, which no CPython's table has, and one of
    // them in the bytecode it compiled. Not area()'s instructions, which differ between Python
    // versions whatever the implementation.
    let own: Vec<&str> = pypy["pypy_section_opcodes"]
        .as_array()
        .expect("PyPy's own opcodes")
        .iter()
        .map(|name| name.as_str().unwrap())
        .collect();
    assert!(own.contains(&"BUILD_LIST_FROM_ARG"), "{own:?}");
    let host_table = e["cpython"]["opcode_names"].as_array().unwrap();
    assert!(own.iter().all(|name| !host_table.contains(&(*name).into())));
    assert!(pypy["comprehension_opnames"]
        .as_array()
        .unwrap()
        .contains(&"BUILD_LIST_FROM_ARG".into()));
    // Its JIT compiled the loop to machine code while the probe ran.
    assert!(
        pypy["jit_loops"]
            .as_array()
            .unwrap()
            .iter()
            .any(|jit| jit["code"] == "spin"
                && jit["asm_bytes"].as_u64().is_some_and(|bytes| bytes > 0)),
        "{pypy}"
    );

    let jython = runtime(e, "jython");
    assert_eq!(jython["status"], "ran");
    assert_eq!(jython["implementation"], "Jython");
    assert!(jython["python_version"]
        .as_str()
        .unwrap()
        .starts_with("2.7"));
    assert!(jython["platform"].as_str().unwrap().starts_with("java"));
    let method = jython["java_method"].as_str().expect("a JVM method");
    assert!(method.contains(".where_am_i$"), "{method}");
    let proxy = jython["proxy_java_class"].as_str().unwrap();
    assert!(proxy.starts_with("org.python.proxies."), "{proxy}");

    let cython = runtime(e, "cython");
    assert_eq!(cython["status"], "ran");
    assert_eq!(cython["machine_code"], true);
    assert_eq!(cython["function_type"], "cython_function_or_method");
    assert!(cython["c_lines"].as_u64().unwrap() > 1000);
    assert!(cython["module_file"].as_str().unwrap().ends_with(".so"));

    // Every runtime timed the same loop; the JIT and the typed C loop leave CPython behind.
    let speedups = &e["speedups"];
    for name in [
        "pypy3",
        "jython",
        "cython (the loop as is)",
        "cython (typed)",
    ] {
        assert!(speedups[name].as_f64().unwrap() > 0.0, "{name}: {speedups}");
    }
    assert!(speedups["pypy3"].as_f64().unwrap() > 3.0, "{speedups}");
    assert!(
        speedups["cython (typed)"].as_f64().unwrap() > 3.0,
        "{speedups}"
    );
}

#[test]
fn pypy_and_jython_free_an_object_only_when_their_collector_runs() {
    if !extras::have(
        "pypy_and_jython_free_an_object_only_when_their_collector_runs",
        &[Extra::PyPy, Extra::Jython],
    ) {
        return;
    }
    let memory = &with_runtimes().reports[1];
    assert_verdict(
        memory,
        "memory.refcounting_is_cpython_specific",
        "confirmed",
    );
    let e = evidence(memory, "memory.refcounting_is_cpython_specific");
    assert_eq!(e["cpython"]["has_getrefcount"], true);
    assert_eq!(e["cpython"]["freed_at_del"], true);
    for name in ["pypy3", "jython"] {
        let entry = runtime(e, name);
        assert_eq!(entry["status"], "ran", "{entry}");
        assert_eq!(entry["has_getrefcount"], false, "{entry}");
        assert_eq!(entry["freed_at_del"], false, "{entry}");
        let events = entry["events"].as_array().unwrap();
        assert_eq!(events[..2], ["before del", "after del"], "{entry}");
        assert!(events.contains(&"finalizer ran".into()), "{entry}");
    }
    assert_eq!(runtime(e, "jython")["callback"], "weakref.ref");
    assert_eq!(e["other_implementations_ran"], 2);
}

#[test]
fn no_temporary_build_file_is_left_behind() {
    if !extras::have("no_temporary_build_file_is_left_behind", &[Extra::Cython]) {
        return;
    }
    let run = with_runtimes();
    assert!(
        run.left_in_tmp.is_empty(),
        "left in TMPDIR: {:?}",
        run.left_in_tmp
    );
    let e = evidence(&run.reports[0], "cpython.other_implementations");
    let build_dir = Path::new(e["temp_dir"].as_str().expect("the Cython build dir"));
    assert_eq!(e["temp_dir_removed"], true);
    assert!(!build_dir.exists());
    assert!(build_dir
        .file_name()
        .unwrap()
        .to_string_lossy()
        .starts_with("pyconcepts-cython-"));
}

/// A directory holding a `Cython` package that refuses to import, as if Cython were not
/// installed.
fn hidden_cython() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    fs::create_dir(dir.path().join("Cython")).unwrap();
    fs::write(
        dir.path().join("Cython/__init__.py"),
        "raise ImportError(\"No module named 'Cython' (hidden by the test)\")\n",
    )
    .unwrap();
    dir
}

#[test]
fn missing_runtimes_are_skipped_with_their_install_lines() {
    let empty_path = tempfile::tempdir().unwrap();
    let hidden = hidden_cython();
    let run = run_demos(
        &["cpython", "memory", "gil", "--param", "work_ms=20"],
        &[
            ("PATH", empty_path.path().as_os_str()),
            ("PYTHONPATH", hidden.path().as_os_str()),
        ],
    );
    let [cpython, memory, gil] = &run.reports[..] else {
        panic!("three reports")
    };
    assert_verdict(cpython, "cpython.other_implementations", "skipped");
    let explanation = claim(cpython, "cpython.other_implementations")["explanation"]
        .as_str()
        .unwrap();
    for line in [
        "pypy3 is missing (pypy3 is not on PATH; install it with `apt-get install pypy3`)",
        "jython is missing (jython is not on PATH; install it with `apt-get install jython`)",
        "install it with `python3 -m pip install cython`",
    ] {
        assert!(explanation.contains(line), "{line:?} not in {explanation}");
    }
    assert_verdict(memory, "memory.refcounting_is_cpython_specific", "skipped");
    let explanation = claim(memory, "memory.refcounting_is_cpython_specific")["explanation"]
        .as_str()
        .unwrap();
    assert!(
        explanation.contains("`apt-get install pypy3`"),
        "{explanation}"
    );
    assert_verdict(gil, "gil.implementation_specific", "skipped");
    let explanation = claim(gil, "gil.implementation_specific")["explanation"]
        .as_str()
        .unwrap();
    for install in ["pypy3", "jython"].map(|name| format!("`apt-get install {name}`")) {
        assert!(explanation.contains(&install), "{explanation}");
    }
    assert!(
        explanation.contains("`python3 -m pip install cython`"),
        "{explanation}"
    );

    assert_verdict(cpython, "cpython.cython_superset", "skipped");
    let explanation = claim(cpython, "cpython.cython_superset")["explanation"]
        .as_str()
        .unwrap();
    assert!(
        explanation.contains("install it with `python3 -m pip install cython`"),
        "{explanation}"
    );
    // Without Cython, nothing here is Cython's: C's modules and the host's Rust one remain.
    assert_verdict(
        cpython,
        "cpython.cython_is_the_extension_language",
        "refuted",
    );

    // The other claims do not depend on the other runtimes.
    assert_verdict(cpython, "cpython.reference_implementation", "confirmed");
    assert_verdict(
        memory,
        "memory.zero_refcount_frees_immediately",
        "confirmed",
    );
    assert!(run.left_in_tmp.is_empty(), "{:?}", run.left_in_tmp);
}

/// A fake runtime that hangs: a shell script that starts a sleeping child and waits for it,
/// noting the child's pid in `pids` so the test can check it was killed too.
fn hanging_runtime(bin: &Path, name: &str, pids: &Path) -> PathBuf {
    let path = bin.join(name);
    fs::write(
        &path,
        format!(
            "#!/bin/sh\n/bin/sleep 60 &\necho $! >> {}\nwait\n",
            pids.display()
        ),
    )
    .unwrap();
    fs::set_permissions(&path, fs::Permissions::from_mode(0o755)).unwrap();
    path
}

/// Whether a process is still running (not gone, not a zombie waiting to be reaped).
fn still_running(pid: &str) -> bool {
    fs::read_to_string(format!("/proc/{pid}/stat")).is_ok_and(
        |stat| !matches!(stat.rsplit(") ").next(), Some(state) if state.starts_with('Z')),
    )
}

#[test]
fn a_probe_that_hangs_is_killed_at_its_timeout_with_its_children() {
    let bin = tempfile::tempdir().unwrap();
    let pids = bin.path().join("sleepers");
    for name in ["pypy3", "jython"] {
        hanging_runtime(bin.path(), name, &pids);
    }
    let hidden = hidden_cython();
    let run = run_demos(
        &[
            "cpython",
            "memory",
            "gil",
            "--param",
            "probe_timeout=1",
            "--param",
            "work_ms=20",
        ],
        &[
            ("PATH", bin.path().as_os_str()),
            ("PYTHONPATH", hidden.path().as_os_str()),
        ],
    );
    for (report, id) in [
        (&run.reports[0], "cpython.other_implementations"),
        (&run.reports[1], "memory.refcounting_is_cpython_specific"),
        (&run.reports[2], "gil.implementation_specific"),
    ] {
        assert_verdict(report, id, "skipped");
        let e = evidence(report, id);
        for name in ["pypy3", "jython"] {
            let entry = runtime(e, name);
            assert_eq!(entry["status"], "failed", "{entry}");
            assert_eq!(entry["timed_out"], true, "{entry}");
            assert_eq!(entry["reason"], "killed after its 1 s timeout");
            let waited = entry["wall_seconds"].as_f64().unwrap();
            assert!((1.0..5.0).contains(&waited), "{name} waited {waited} s");
        }
        let explanation = claim(report, id)["explanation"].as_str().unwrap();
        assert!(
            explanation.contains("jython gave no result (killed after its 1 s timeout)"),
            "{explanation}"
        );
    }
    std::thread::sleep(Duration::from_millis(200));
    let sleepers = fs::read_to_string(&pids).unwrap();
    assert_eq!(
        sleepers.lines().count(),
        6,
        "each hanging probe started once"
    );
    for pid in sleepers.lines() {
        assert!(
            !still_running(pid),
            "the probe's child {pid} outlived its timeout"
        );
    }
}

#[test]
fn info_describes_the_installed_runtimes() {
    if !extras::have("info_describes_the_installed_runtimes", &OTHER_RUNTIMES) {
        return;
    }
    // What `pyconcepts info` will list: each runtime's own word on what it is. Cython is asked
    // of the interpreter the embedded CPython gives its child processes.
    let info = pyconcepts()
        .args(["info", "--json"])
        .output()
        .expect("info runs");
    let info: Value = serde_json::from_slice(&info.stdout).expect("info's JSON");
    let python = PathBuf::from(info["child_executable"].as_str().expect("child_executable"));
    let described = runtimes::describe_all(
        &runtimes::locate(&[]),
        Some(&python),
        runtimes::INFO_TIMEOUT,
        || Ok(()),
    )
    .expect("nothing stops the probes");
    let version = |name: &str| {
        described
            .iter()
            .find(|runtime| runtime.name == name)
            .and_then(|runtime| runtime.version.clone())
            .unwrap_or_else(|| panic!("{name} not described: {described:?}"))
    };
    assert!(
        version("pypy3").starts_with("PyPy 7."),
        "{}",
        version("pypy3")
    );
    assert!(
        version("jython").starts_with("Jython 2.7"),
        "{}",
        version("jython")
    );
    assert!(
        version("jython").contains("(Java "),
        "{}",
        version("jython")
    );
    assert!(
        version("cython").starts_with("Cython 3."),
        "{}",
        version("cython")
    );
    let lines = runtimes::info_lines(&described);
    assert!(lines[0].starts_with("pypy3    PyPy 7."), "{lines:?}");
}

// --- `--python PATH` and `info` (the host's wiring) ------------------------------------------

/// The interpreter the embedded CPython runs its child processes with, as `info` names it.
fn child_python() -> String {
    let info = pyconcepts()
        .args(["info", "--json"])
        .output()
        .expect("info runs");
    let info: Value = serde_json::from_slice(&info.stdout).expect("info's JSON");
    info["child_executable"]
        .as_str()
        .expect("child_executable")
        .to_owned()
}

#[test]
fn a_bad_python_path_is_a_usage_error_before_python_starts() {
    let dir = tempfile::tempdir().unwrap();
    let not_executable = dir.path().join("python3.9");
    fs::write(&not_executable, "#!/bin/sh\n").unwrap();
    for (given, problem) in [
        (Path::new("/nonexistent/python"), "does not exist"),
        (Path::new("/nonexistent/pypy3"), "does not exist"),
        (not_executable.as_path(), "is not executable"),
    ] {
        for command in [&["demo", "memory"][..], &["info"]] {
            let output = pyconcepts()
                .args(command)
                .arg("--python")
                .arg(given)
                // Python would fail to start: the error must come before it does.
                .env("PYTHONHOME", "/nonexistent")
                .output()
                .expect("pyconcepts runs");
            let stderr = String::from_utf8_lossy(&output.stderr);
            assert_eq!(output.status.code(), Some(2), "{command:?}: {stderr}");
            assert_eq!(
                stderr,
                format!(
                    "pyconcepts: --python {} {problem}; give the path of an interpreter\n",
                    given.display()
                )
            );
            assert!(output.stdout.is_empty());
        }
    }
}

#[test]
fn another_cpython_given_with_python_is_shown_but_is_no_other_implementation() {
    let python = child_python();
    let name = Path::new(&python)
        .file_name()
        .unwrap()
        .to_string_lossy()
        .into_owned();
    let run = run_demos(
        &["memory", "--python", &python],
        &[("PATH", std::ffi::OsStr::new("/nonexistent"))],
    );
    let memory = &run.reports[0];
    // Only CPython ran (the embedded one and the one given): nothing else to compare with.
    assert_verdict(memory, "memory.refcounting_is_cpython_specific", "skipped");
    let e = evidence(memory, "memory.refcounting_is_cpython_specific");
    let given = runtime(e, &name);
    assert_eq!(given["status"], "ran", "{given}");
    assert_eq!(given["implementation"], "CPython");
    assert_eq!(given["freed_at_del"], true);
    let explanation = claim(memory, "memory.refcounting_is_cpython_specific")["explanation"]
        .as_str()
        .unwrap();
    assert!(explanation.contains("Only CPython ran"), "{explanation}");
}

#[test]
fn info_lists_the_other_runtimes_with_their_versions() {
    if !extras::have(
        "info_lists_the_other_runtimes_with_their_versions",
        &OTHER_RUNTIMES,
    ) {
        return;
    }
    let output = pyconcepts().arg("info").output().expect("info runs");
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(output.status.success(), "{stdout}");
    for line in [
        "other runtimes:",
        "  pypy3    PyPy 7.",
        "  jython   Jython 2.7",
        "  cython   Cython 3.",
    ] {
        assert!(stdout.contains(line), "{line:?} not in:\n{stdout}");
    }
    let empty_path = tempfile::tempdir().unwrap();
    let output = pyconcepts()
        .args(["info", "--json"])
        .env("PATH", empty_path.path())
        .output()
        .expect("info runs");
    let info: Value = serde_json::from_slice(&output.stdout).expect("JSON");
    let pypy = &info["runtimes"][0];
    assert_eq!(pypy["name"], "pypy3");
    assert_eq!(pypy["version"], Value::Null);
    assert_eq!(pypy["install"], "apt-get install pypy3");
    assert_eq!(pypy["problem"], "pypy3 is not on PATH");
}

#[test]
fn runtimes_is_reserved_for_the_host() {
    pyconcepts()
        .args(["demo", "memory", "--param", "runtimes=[]"])
        .assert()
        .code(2);
}

/// A runtime that only notes, in `marker`, that it was started.
fn noting_runtime(bin: &Path, name: &str, marker: &Path) -> PathBuf {
    let path = bin.join(name);
    fs::write(
        &path,
        format!("#!/bin/sh\necho {name} >> {}\n", marker.display()),
    )
    .unwrap();
    fs::set_permissions(&path, fs::Permissions::from_mode(0o755)).unwrap();
    path
}

#[test]
fn no_others_starts_no_other_runtime_and_skips_only_the_comparisons() {
    let bin = tempfile::tempdir().unwrap();
    let marker = bin.path().join("started");
    for name in ["pypy3", "jython"] {
        noting_runtime(bin.path(), name, &marker);
    }
    let extra = noting_runtime(bin.path(), "python3.10", &marker);
    // A Cython package that notes its import: Cython is asked of the embedded CPython's
    // interpreter, with this PYTHONPATH.
    let cython = tempfile::tempdir().unwrap();
    fs::create_dir(cython.path().join("Cython")).unwrap();
    fs::write(
        cython.path().join("Cython/__init__.py"),
        format!(
            "open({:?}, 'a').write('cython\\n')\n__version__ = '0'\n",
            marker.display().to_string()
        ),
    )
    .unwrap();
    let run = run_demos(
        &[
            "cpython",
            "memory",
            "gil",
            "--no-others",
            "--python",
            extra.to_str().unwrap(),
            "--param",
            "work_ms=20",
        ],
        &[
            ("PATH", bin.path().as_os_str()),
            ("PYTHONPATH", cython.path().as_os_str()),
        ],
    );
    assert!(
        !marker.exists(),
        "started: {}",
        fs::read_to_string(&marker).unwrap_or_default()
    );
    let [cpython, memory, gil] = &run.reports[..] else {
        panic!("three reports")
    };
    // cpython.cython_superset builds with Cython, another runtime: left out too.
    assert_verdict(cpython, "cpython.cython_superset", "skipped");
    let explanation = claim(cpython, "cpython.cython_superset")["explanation"]
        .as_str()
        .unwrap();
    assert!(
        explanation.contains("cython was left out with --no-others"),
        "{explanation}"
    );
    for (report, id, names) in [
        (
            cpython,
            "cpython.other_implementations",
            "pypy3, jython, python3.10 and cython",
        ),
        (
            memory,
            "memory.refcounting_is_cpython_specific",
            "pypy3, jython and python3.10",
        ),
        (
            gil,
            "gil.implementation_specific",
            "pypy3, jython, python3.10 and cython",
        ),
    ] {
        assert_verdict(report, id, "skipped");
        let explanation = claim(report, id)["explanation"].as_str().unwrap();
        assert!(
            explanation.contains(&format!("{names} were left out with --no-others")),
            "{explanation}"
        );
        // Every other claim is judged as usual: none is skipped for --no-others (one may be
        // skipped for a reason of its own, as gil.extension_reenables_gil on a build with a GIL;
        // cpython.cython_superset needs a Cython build; and a judged claim may say that the run
        // built nothing with Cython because of --no-others).
        for other in report["claims"].as_array().unwrap() {
            if other["id"] != id && other["id"] != "cpython.cython_superset" {
                let explanation = other["explanation"].as_str().unwrap_or_default();
                let skipped_for_it =
                    other["verdict"] == "skipped" && explanation.contains("--no-others");
                assert!(!skipped_for_it, "{other}");
            }
        }
    }
    assert!(run.left_in_tmp.is_empty(), "{:?}", run.left_in_tmp);
}

#[test]
fn sigterm_during_a_probe_stops_it_and_everything_it_started_then_exits_143() {
    let bin = tempfile::tempdir().unwrap();
    let pids = bin.path().join("sleepers");
    let hanging = hanging_runtime(bin.path(), "python-hangs", &pids);
    let hidden = hidden_cython();
    let mut command = std::process::Command::new(env!("CARGO_BIN_EXE_pyconcepts"));
    command
        .args(["demo", "memory", "--json", "--python"])
        .arg(&hanging)
        .env("PATH", bin.path())
        .env("PYTHONPATH", hidden.path())
        .env("NO_COLOR", "1");
    let after = common::signal_when(command, libc::SIGTERM, |_| {
        fs::read_to_string(&pids).is_ok_and(|text| text.ends_with('\n'))
    });
    assert_eq!(after.status.code(), Some(143), "{}", after.stderr);
    // The probe's timeout is 30 s.
    assert!(
        after.took < Duration::from_secs(10),
        "took {:?}",
        after.took
    );
    let reports = parse_reports(&after.stdout);
    assert_eq!(
        reports[0]["error"]["type"], "Terminated",
        "{}",
        after.stdout
    );
    std::thread::sleep(Duration::from_millis(200));
    for pid in after.descendants.iter().map(u32::to_string).chain(
        fs::read_to_string(&pids)
            .unwrap()
            .lines()
            .map(str::to_owned),
    ) {
        assert!(!still_running(&pid), "{pid} outlived SIGTERM");
    }
}

/// The interpreter `python3` names, as an absolute path: a test may then empty `PATH`.
fn python_executable() -> String {
    let output = std::process::Command::new(extras::python())
        .args(["-c", "import sys; print(sys.executable)"])
        .output()
        .expect("python3 runs");
    String::from_utf8_lossy(&output.stdout).trim().to_owned()
}

#[test]
fn the_install_commands_have_one_source_the_table_of_the_probes_module() {
    // pyconcepts reads the table when it is compiled; Python reads it when it runs: both must
    // find the same commands in it.
    let output = std::process::Command::new(python_executable())
        .args([
            "-c",
            "import json, runtime_probes; print(json.dumps(runtime_probes.INSTALL))",
        ])
        .current_dir(concat!(env!("CARGO_MANIFEST_DIR"), "/python_snippets"))
        .env_remove("PYTHONPATH")
        .output()
        .expect("python3 runs");
    let table: Value = serde_json::from_slice(&output.stdout).expect("the INSTALL table");
    assert_eq!(
        table,
        serde_json::json!({
            runtimes::PYPY.name: runtimes::PYPY.install,
            runtimes::JYTHON.name: runtimes::JYTHON.install,
            "cython": runtimes::CYTHON_INSTALL,
        })
    );
}

#[test]
fn a_standalone_snippet_says_how_to_install_the_runtimes_it_lacks() {
    let empty_path = tempfile::tempdir().unwrap();
    let output = std::process::Command::new(python_executable())
        .arg(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/python_snippets/memory.py"
        ))
        .env("PATH", empty_path.path())
        .env_remove("PYTHONPATH")
        .output()
        .expect("python3 runs");
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(output.status.success(), "{stdout}");
    for line in [
        "   pypy3   missing: pypy3 is not on PATH; install: apt-get install pypy3\n",
        "   jython  missing: jython is not on PATH; install: apt-get install jython\n",
    ] {
        assert!(stdout.contains(line), "{line:?} not in:\n{stdout}");
    }
}
