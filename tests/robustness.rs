//! One broken demo does not take the run down: evidence JSON cannot hold, a snippet that calls
//! `os._exit`, a broken shared module, a snippet that rebinds a builtin. The broken demo fails
//! with a clear message, the others run, `--json` and `--report` are still written, and the run
//! exits 1.

mod common;

use std::path::Path;
use std::process::Output;

use common::{claim, parse_reports, pyconcepts, snippets_dir_with_shipped};
use serde_json::Value;

/// The demo run beside the edited `dict_keys.py`, its snippet shipped unchanged.
const BESIDE: &[&str] = &["legb.py"];

/// `demo dict-keys legb --json --report <dir>/report.html` with the edited snippets.
fn run_both(dir: &Path) -> Output {
    pyconcepts()
        .args(["demo", "dict-keys", "legb", "--json", "--snippets-dir"])
        .arg(dir)
        .arg("--report")
        .arg(dir.join("report.html"))
        .timeout(std::time::Duration::from_secs(120))
        .output()
        .expect("pyconcepts runs")
}

/// Asserts the second demo, `legb`, ran normally and gave its usual verdicts.
fn assert_legb_ran(report: &Value) {
    assert_eq!(report["demo"], "legb");
    assert!(report.get("error").is_none(), "{report}");
    let verdicts: Vec<&Value> = report["claims"]
        .as_array()
        .unwrap()
        .iter()
        .map(|claim| &claim["verdict"])
        .collect();
    assert!(
        verdicts.iter().all(|verdict| *verdict != "skipped"),
        "{verdicts:?}"
    );
    common::assert_verdict(report, "legb.keywords_in_builtins", "refuted");
}

#[test]
fn evidence_json_cannot_hold_fails_its_demo_with_the_place_named_and_the_run_goes_on() {
    let cases = [
        (
            "x = []\nleaf = x\nfor _ in range(10_000):\n    leaf.append([])\n    leaf = leaf[0]\n\
             EVIDENCE = {\"hashable_keys\": x}\n",
            "EVIDENCE[\"hashable_keys\"] nests more than 200 levels deep",
        ),
        (
            "EVIDENCE = {}\nEVIDENCE[\"hashable_keys\"] = {\"me\": EVIDENCE}\n",
            "EVIDENCE[\"hashable_keys\"][\"me\"] is EVIDENCE itself",
        ),
        (
            "EVIDENCE = {\"x\": 10**100}\n",
            "EVIDENCE[\"x\"] is an integer too large for JSON",
        ),
        (
            "EVIDENCE = {\"x\": {1, 2}}\n",
            "EVIDENCE[\"x\"] holds a set",
        ),
        (
            "EVIDENCE = {\"x\": {1: 2}}\n",
            "EVIDENCE[\"x\"] has a key that is not a string: 1 (int)",
        ),
        (
            "EVIDENCE = {\"x\": [\"ok\", \"\\ud800\"]}\n",
            "EVIDENCE[\"x\"][1] is a string holding a lone surrogate",
        ),
        ("EVIDENCE = [1, 2]\n", "EVIDENCE is a list, not a dict"),
        (
            // Shared at every level: 2^100 values once written out.
            "x = [0]\nfor _ in range(100):\n    x = [x, x]\nEVIDENCE = {\"hashable_keys\": x}\n",
            "EVIDENCE[\"hashable_keys\"] holds more than 1000000 values",
        ),
    ];
    for (source, place) in cases {
        let dir = snippets_dir_with_shipped(source, BESIDE);
        let output = run_both(dir.path());
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert_eq!(output.status.code(), Some(1), "{source}\n{stderr}");
        assert!(
            stderr.contains("pyconcepts: demo dict-keys: its EVIDENCE cannot be read")
                && stderr.contains(place),
            "{source}\n{stderr}"
        );
        let reports = parse_reports(&String::from_utf8_lossy(&output.stdout));
        assert_eq!(reports.len(), 2, "{source}\n{stderr}");
        let broken = &reports[0];
        assert_eq!(broken["error"]["type"], "EvidenceError", "{broken}");
        assert!(broken["error"]["message"].as_str().unwrap().contains(place));
        assert_eq!(broken["unreadable_evidence"], true);
        for claim in broken["claims"].as_array().unwrap() {
            assert_eq!(claim["verdict"], "skipped");
            assert_eq!(claim["evidence_error"], true);
            let explanation = claim["explanation"].as_str().unwrap();
            assert!(
                explanation.contains("defect of the demo") && explanation.contains(place),
                "{explanation}"
            );
        }
        assert_legb_ran(&reports[1]);
        assert!(dir.path().join("report.html").is_file(), "{stderr}");
    }
}

#[test]
fn evidence_of_the_wrong_shape_is_a_defect_of_the_demo_in_the_json() {
    let dir = snippets_dir_with_shipped(
        "EVIDENCE = {\"hashable_keys\": {\"accepted\": 3}}\n",
        BESIDE,
    );
    let output = run_both(dir.path());
    assert_eq!(output.status.code(), Some(1));
    let reports = parse_reports(&String::from_utf8_lossy(&output.stdout));
    let broken = &reports[0];
    assert_eq!(broken["unreadable_evidence"], true);
    let defect = claim(broken, "dict_keys.hashable_keys");
    assert_eq!(defect["verdict"], "skipped");
    assert_eq!(defect["evidence_error"], true);
    assert!(defect["explanation"]
        .as_str()
        .unwrap()
        .starts_with("A defect of the demo, not a finding"));
    // A claim the snippet recorded nothing for is an ordinary skip, not flagged.
    assert!(claim(broken, "dict_keys.equal_keys_collapse")
        .get("evidence_error")
        .is_none());
    assert!(reports[1].get("unreadable_evidence").is_none());
}

#[test]
fn os_exit_in_a_demo_fails_that_demo_and_the_run_and_report_survive() {
    let dir = snippets_dir_with_shipped(
        "import os\nprint('before', flush=True)\nos._exit(5)\n",
        BESIDE,
    );
    let output = run_both(dir.path());
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains("the snippet called os._exit(5); a demo cannot end pyconcepts"),
        "{stderr}"
    );
    let reports = parse_reports(&String::from_utf8_lossy(&output.stdout));
    assert_eq!(reports.len(), 2, "{stderr}");
    assert_eq!(reports[0]["error"]["type"], "SnippetExit");
    assert_eq!(reports[0]["output"], "before\n");
    for claim in reports[0]["claims"].as_array().unwrap() {
        assert_eq!(claim["verdict"], "skipped");
        assert!(claim["explanation"]
            .as_str()
            .unwrap()
            .contains("raised SnippetExit"));
    }
    assert_legb_ran(&reports[1]);
    assert!(dir.path().join("report.html").is_file());
}

#[test]
fn a_forked_child_of_a_demo_still_exits_for_real() {
    // multiprocessing's fork start method ends every child with os._exit: were it refused in
    // the child too, the child would carry on running the snippet (and the rest of the run).
    let dir = snippets_dir_with_shipped(
        indoc::indoc! {r#"
        import multiprocessing, os
        marks = os.path.join(os.path.dirname(os.path.abspath(__file__)), "after_start.txt")
        child = multiprocessing.get_context("fork").Process(target=print, args=("child",))
        child.start()
        with open(marks, "a") as file:
            file.write(f"{os.getpid()}\n")
        child.join(30)
        EVIDENCE = {"hashable_keys": {"skipped": f"child exit code {child.exitcode}"}}
    "#},
        BESIDE,
    );
    let output = run_both(dir.path());
    let stderr = String::from_utf8_lossy(&output.stderr);
    let reports = parse_reports(&String::from_utf8_lossy(&output.stdout));
    assert_eq!(
        claim(&reports[0], "dict_keys.hashable_keys")["explanation"],
        "child exit code 0",
        "{stderr}"
    );
    let marks = std::fs::read_to_string(dir.path().join("after_start.txt")).unwrap();
    assert_eq!(marks.lines().count(), 1, "{marks}");
    assert_legb_ran(&reports[1]);
}

#[test]
fn os_exit_in_run_exits_with_its_status_as_python3_does() {
    let dir = tempfile::tempdir().unwrap();
    let script = dir.path().join("leave.py");
    std::fs::write(&script, "import os\nos._exit(5)\n").unwrap();
    let output = pyconcepts().arg("run").arg(&script).output().unwrap();
    assert_eq!(output.status.code(), Some(5));
}

#[test]
fn a_broken_shared_module_fails_only_the_demos_that_import_it() {
    let dir = tempfile::tempdir().unwrap();
    let shipped = Path::new(env!("CARGO_MANIFEST_DIR")).join("python_snippets");
    for file in ["memory.py", "dict_keys.py"] {
        std::fs::copy(shipped.join(file), dir.path().join(file)).unwrap();
    }
    std::fs::write(
        dir.path().join("runtime_probes.py"),
        "raise RuntimeError('this shared module is broken')\n",
    )
    .unwrap();
    let output = pyconcepts()
        .args(["demo", "memory", "dict-keys", "--json", "--snippets-dir"])
        .arg(dir.path())
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(1), "{stderr}");
    // The traceback runs from the snippet's import line into the shared module.
    assert!(stderr.contains("from runtime_probes import"), "{stderr}");
    assert!(
        stderr.contains("runtime_probes.py\", line 1, in <module>"),
        "{stderr}"
    );
    let reports = parse_reports(&String::from_utf8_lossy(&output.stdout));
    assert_eq!(reports[0]["error"]["type"], "RuntimeError");
    assert!(reports[1].get("error").is_none(), "{}", reports[1]);
    common::assert_verdict(&reports[1], "dict_keys.hashable_keys", "confirmed");
}

#[test]
fn a_snippet_rebinding_a_builtin_does_not_break_the_next_demo() {
    let dir = snippets_dir_with_shipped(
        "import builtins\nbuiltins.len = lambda x: 0\nbuiltins.print = None\n\
         builtins.set = builtins.list = builtins.dict = None\n\
         builtins.left_behind = 1\nEVIDENCE = {}\n",
        BESIDE,
    );
    let output = run_both(dir.path());
    let stderr = String::from_utf8_lossy(&output.stderr);
    let reports = parse_reports(&String::from_utf8_lossy(&output.stdout));
    assert_eq!(reports.len(), 2, "{stderr}");
    assert_legb_ran(&reports[1]);
    let alone = common::demo_json(&["legb"]);
    let verdicts = |report: &Value| -> Vec<Value> {
        report["claims"]
            .as_array()
            .unwrap()
            .iter()
            .map(|claim| claim["verdict"].clone())
            .collect()
    };
    assert_eq!(verdicts(&reports[1]), verdicts(&alone[0]));
    assert!(!reports[1]["output"]
        .as_str()
        .unwrap()
        .contains("left_behind"));
}

#[test]
fn a_forked_child_terminated_at_once_still_dies_of_sigterm() {
    // Regression: forked children inherited the host's Python-level SIGTERM handler, and a
    // SIGTERM that arrived before the child's interpreter was ready was dropped with the other
    // pending signal flags; the child lived on and Pool.terminate() waited for it forever (seen
    // as demo concurrency hanging under load). Three children in five were lost that way.
    let dir = tempfile::tempdir().unwrap();
    let script = dir.path().join("terminate_at_once.py");
    std::fs::write(
        &script,
        "import multiprocessing, time\n\
         ctx = multiprocessing.get_context('fork')\n\
         lost = 0\n\
         for _ in range(10):\n\
         \x20   child = ctx.Process(target=time.sleep, args=(30,))\n\
         \x20   child.start()\n\
         \x20   child.terminate()  # at once, while the child is still coming up\n\
         \x20   child.join(timeout=2)\n\
         \x20   if child.exitcode != -15:\n\
         \x20       lost += 1\n\
         \x20       child.kill()\n\
         \x20       child.join()\n\
         print('lost', lost)\n",
    )
    .unwrap();
    let output = pyconcepts()
        .arg("run")
        .arg(&script)
        .timeout(std::time::Duration::from_secs(120))
        .output()
        .unwrap();
    assert_eq!(
        String::from_utf8_lossy(&output.stdout),
        "lost 0\n",
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
}
