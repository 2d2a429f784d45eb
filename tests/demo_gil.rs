//! `pyconcepts demo gil`: the verdicts and the measurements behind them, on this machine.
//!
//! The demo measures how many cores threads get, so two copies of it must never run at once:
//! every run in this file (the demo, the standalone snippet) holds `EXCLUSIVE`, and the default
//! run's report is made once and shared by the tests.

mod common;

use std::sync::{Mutex, MutexGuard, OnceLock};

use common::extras::{self, Extra, OTHER_RUNTIMES};
use common::{assert_verdict, claim, demo_json, run_standalone};
use serde_json::Value;

static EXCLUSIVE: Mutex<()> = Mutex::new(());

fn exclusive() -> MutexGuard<'static, ()> {
    // A failed test while holding the lock leaves nothing to repair: the next run starts afresh.
    EXCLUSIVE
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
}

const ATTEMPTS: usize = 3;

fn evidence_f64(evidence: &Value, key: &str) -> f64 {
    evidence[key]
        .as_f64()
        .unwrap_or_else(|| panic!("no number {key} in {evidence}"))
}

/// Used both cores and finished sooner: what the issue asks to see on this machine.
fn native_parallel(evidence: &Value, workload: &str) -> bool {
    evidence_f64(evidence, &format!("{workload}_cores_used")) > 1.4
        && evidence_f64(evidence, &format!("{workload}_speedup")) > 1.3
}

/// Other programs had the cores: the Linux scheduler says the threads were ready to run
/// (waiting for a core) and hardly ever asleep (blocked). Such a run shows nothing about the GIL
/// beyond "it did not hold them back".
fn native_crowded_out(evidence: &Value, workload: &str) -> bool {
    let share = |what: &str| evidence[format!("{workload}_{what}_share")].as_f64();
    share("blocked").is_some_and(|blocked| blocked <= 0.05)
        && share("waiting").is_some_and(|waiting| waiting >= 0.1)
}

fn native_evidence(report: &Value) -> &Value {
    &claim(report, "gil.released_by_native_code")["evidence"]
}

/// The default run. While other programs crowd the native workloads off the cores (the
/// scheduler's own statistics say so), the demo is run again, up to ATTEMPTS times, to see the
/// two cores in use; a busy neighbour is not a bug, so the last attempt is kept regardless.
fn report() -> &'static Value {
    static REPORT: OnceLock<Value> = OnceLock::new();
    REPORT.get_or_init(|| {
        let _alone = exclusive();
        let mut attempt = 0;
        loop {
            attempt += 1;
            let mut reports = demo_json(&["gil"]);
            assert_eq!(reports.len(), 1);
            let report = reports.remove(0);
            let evidence = native_evidence(&report);
            let crowded = ["burn", "hashlib"].iter().any(|workload| {
                !native_parallel(evidence, workload) && native_crowded_out(evidence, workload)
            });
            if !crowded || attempt == ATTEMPTS {
                return report;
            }
            eprintln!("demo gil: attempt {attempt} was crowded out by other programs; again");
        }
    })
}

#[test]
fn the_whole_demo_runs_without_error() {
    // How long it takes is the report's duration_ms (a target, not a test: a crowded machine
    // is slower, not wrong).
    let report = report();
    eprintln!("demo gil took {} ms", report["duration_ms"]);
    assert!(report.get("error").is_none(), "{}", report["error"]);
}

#[test]
fn this_build_has_a_gil() {
    let report = report();
    assert_verdict(report, "gil.build_has_gil", "confirmed");
    assert_eq!(report["python"]["gil_enabled"], true);
    assert_eq!(
        claim(report, "gil.build_has_gil")["evidence"]["gil_enabled"],
        true
    );
}

#[test]
fn python_threads_use_about_one_core() {
    let report = report();
    let evidence = &claim(report, "gil.cpu_threads_serialised")["evidence"];
    let cores_used = evidence_f64(evidence, "cores_used");
    // Busy machine or not, a GIL never lets Python threads use more than one core.
    assert!(cores_used < 1.5, "cores used {cores_used}: {evidence}");
    // On a crowded machine the threads may wait for a core rather than for each other, and the
    // judge cannot tell the GIL from the load: `inconclusive`, never another definite verdict.
    let verdict = &claim(report, "gil.cpu_threads_serialised")["verdict"];
    if verdict == "inconclusive" {
        eprintln!("demo gil: Python threads crowded out by other programs: {evidence}");
    } else {
        assert_verdict(report, "gil.cpu_threads_serialised", "confirmed");
    }
}

#[test]
fn gil_released_work_uses_both_cores() {
    let report = report();
    let evidence = native_evidence(report);
    assert!(
        evidence["burn"].get("skipped").is_none(),
        "the host provides _pyconcepts.burn: {evidence}"
    );
    for workload in ["burn", "hashlib"] {
        if native_parallel(evidence, workload) {
            continue;
        }
        // Other programs held the cores in every attempt: then the scheduler must show threads
        // that were ready to run and never slept, which is what the judge relies on.
        assert!(
            native_crowded_out(evidence, workload),
            "{workload} neither used both cores (> 1.4, speedup > 1.3) nor was crowded out: \
             {evidence}"
        );
        eprintln!("demo gil: {workload} was crowded out by other programs in every attempt");
    }
    assert_verdict(report, "gil.released_by_native_code", "confirmed");
}

#[test]
fn io_waits_overlap() {
    let report = report();
    assert_verdict(report, "gil.io_threads_overlap", "confirmed");
    let evidence = &claim(report, "gil.io_threads_overlap")["evidence"];
    // 4 waits of 100 ms: about 4× faster on threads; 2 leaves room for a busy machine.
    assert!(evidence_f64(evidence, "speedup") > 2.0, "{evidence}");
}

#[test]
fn the_race_loses_updates_without_a_lock_and_none_with_it() {
    let report = report();
    let evidence = &claim(report, "gil.makes_code_thread_safe")["evidence"];
    let lost = evidence["unlocked"]["lost_updates"].as_i64().unwrap();
    assert!(lost > 0, "{evidence}");
    assert_eq!(evidence["locked"]["lost_updates"], 0, "{evidence}");
    assert_eq!(
        evidence["locked"]["observed"],
        evidence["locked"]["expected"]
    );
    // The plain `+=` loop: whatever it lost is reported, with the bytecode that explains it.
    assert!(
        evidence["plain_increment"]["lost_updates"]
            .as_i64()
            .unwrap()
            >= 0
    );
    assert!(!evidence["plain_increment"]["bytecode"]
        .as_array()
        .unwrap()
        .is_empty());
}

#[test]
fn the_gil_keeps_the_objects_intact_but_not_the_read_modify_write() {
    let report = report();
    let evidence = &claim(report, "gil.makes_code_thread_safe")["evidence"];
    // Whatever the load, the list and the dict hold exactly what the threads put in.
    let built_ins = &evidence["built_ins"];
    let expected =
        built_ins["threads"].as_u64().unwrap() * built_ins["items_per_thread"].as_u64().unwrap();
    assert_eq!(built_ins["list_length"], expected, "{built_ins}");
    assert_eq!(built_ins["dict_length"], expected, "{built_ins}");
    for count in [
        "list_missing",
        "list_unexpected",
        "list_out_of_order",
        "dict_wrong",
    ] {
        assert_eq!(built_ins[count], 0, "{count}: {built_ins}");
    }
    assert_eq!(evidence["built_ins_intact"], true);
    // A classic build's objects carry no lock: the lock watch is skipped, with the reason.
    assert!(
        evidence["object_locks"]["skipped"]
            .as_str()
            .is_some_and(|why| why.contains("Py_GIL_DISABLED")),
        "{evidence}"
    );
    // On a busy machine the threads may take turns too rarely while they fill the objects
    // (fewer than 2 neighbours from different threads): `inconclusive`, never another verdict.
    let verdict = &claim(report, "gil.makes_code_thread_safe")["verdict"];
    if verdict == "inconclusive" {
        assert!(
            built_ins["list_interleavings"].as_u64().unwrap() < 2,
            "{evidence}"
        );
        eprintln!("demo gil: the threads hardly interleaved while filling: {built_ins}");
    } else {
        assert_verdict(report, "gil.makes_code_thread_safe", "nuanced");
    }
}

#[test]
fn threads_take_turns_with_the_gil_long_before_either_finishes() {
    let report = report();
    let evidence = &claim(report, "gil.handed_over_when_thread_finishes")["evidence"];
    // The raw records stay in the report, one list of marks per thread, capped.
    let marks = evidence["marks_ns"].as_array().unwrap();
    assert_eq!(marks.len() as u64, evidence["threads"].as_u64().unwrap());
    let total: usize = marks.iter().map(|own| own.as_array().unwrap().len()).sum();
    assert!((100..=4000).contains(&total), "{total} marks");
    // With a GIL, two threads never made progress at the same time, busy machine or not.
    assert!(evidence_f64(evidence, "overlap_share") < 0.2, "{evidence}");
    let verdict = &claim(report, "gil.handed_over_when_thread_finishes")["verdict"];
    if verdict == "inconclusive" {
        eprintln!("demo gil: too few turns to judge the hand-over: {evidence}");
        return;
    }
    assert_verdict(report, "gil.handed_over_when_thread_finishes", "refuted");
    let before = evidence["hand_offs_before_first_finish"].as_u64().unwrap();
    assert!(before >= 5, "{evidence}");
    // Turns of about the switch interval on an idle machine; other programs stretch them.
    let per_interval = evidence_f64(evidence, "turn_per_switch_interval");
    assert!((0.5..=20.0).contains(&per_interval), "{evidence}");
}

#[test]
fn a_cpu_bound_thread_delays_wake_ups_by_about_the_switch_interval() {
    let report = report();
    assert_verdict(report, "gil.switch_interval_latency", "confirmed");
    let evidence = &claim(report, "gil.switch_interval_latency")["evidence"];
    let idle = evidence_f64(&evidence["idle"], "p50_ms");
    let loaded = evidence_f64(&evidence["loaded_default"], "p50_ms");
    let small = evidence_f64(&evidence["loaded_small"], "p50_ms");
    assert!(loaded > idle + 2.0, "{evidence}");
    assert!(small < loaded / 2.0, "{evidence}");
}

#[test]
fn parameters_scale_the_work_and_one_thread_proves_nothing() {
    let _alone = exclusive();
    let reports = demo_json(&["gil", "--param", "threads=1", "--param", "work_ms=20"]);
    let report = &reports[0];
    assert_verdict(report, "gil.cpu_threads_serialised", "inconclusive");
    assert_verdict(report, "gil.released_by_native_code", "inconclusive");
    // One thread cannot race with itself, nor hand the GIL to anybody.
    assert_verdict(report, "gil.makes_code_thread_safe", "inconclusive");
    assert_verdict(
        report,
        "gil.handed_over_when_thread_finishes",
        "inconclusive",
    );
    // Nor show, on any implementation, whether threads run at once (with no other runtime to
    // run, there is nothing to compare at all).
    let compared = extras::have(
        "parameters_scale_the_work_and_one_thread_proves_nothing (gil.implementation_specific)",
        &OTHER_RUNTIMES,
    );
    let expected = if compared { "inconclusive" } else { "skipped" };
    assert_verdict(report, "gil.implementation_specific", expected);
    let evidence = &claim(report, "gil.cpu_threads_serialised")["evidence"];
    assert_eq!(evidence["threads"], 1);
}

#[test]
fn the_snippet_runs_standalone_without_the_host() {
    let _alone = exclusive();
    let output = run_standalone("gil.py");
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(
        output.status.success(),
        "{stdout}\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(stdout.contains("_pyconcepts.burn: skipped"), "{stdout}");
    assert!(stdout.contains("hashlib.sha256"), "{stdout}");
    assert!(stdout.contains("inside `with lock:`"), "{stdout}");
    assert!(stdout.contains("beside a CPU-bound thread"), "{stdout}");
    assert!(stdout.contains("7. The GIL is CPython's"), "{stdout}");
    assert!(stdout.contains("progress changed hands"), "{stdout}");
    assert!(stdout.contains("median turn"), "{stdout}");
    common::assert_fits_80_columns("gil.py", &stdout);
}

#[test]
fn the_gil_depends_on_the_implementation() {
    if !extras::have("the_gil_depends_on_the_implementation", &OTHER_RUNTIMES) {
        return;
    }
    let report = report();
    // Confirmed needs threads with no GIL on several cores at once: a busy machine may leave
    // them one core, and that is inconclusive, never another verdict. What each runtime's
    // threads did (asleep or not) is checked below whatever the load.
    let verdict = &claim(report, "gil.implementation_specific")["verdict"];
    assert!(
        verdict == "confirmed" || verdict == "inconclusive",
        "{}",
        claim(report, "gil.implementation_specific")
    );
    let evidence = &claim(report, "gil.implementation_specific")["evidence"];
    let entry = |name: &str| {
        evidence["runtimes"]
            .as_array()
            .unwrap()
            .iter()
            .find(|entry| entry["name"] == name)
            .unwrap_or_else(|| panic!("no {name} in {evidence}"))
            .clone()
    };
    // The median over the rounds: one round can lose a few milliseconds to a start-up hiccup
    // on a fresh machine (seen in CI: 23 ms blocked in one round of four, none in the others).
    let share = |run: &Value, what: &str| {
        let of = |time: &Value| evidence_f64(time, what) / evidence_f64(time, "lifetime_s");
        let mut shares: Vec<f64> = match run["rounds"].as_array() {
            Some(rounds) => rounds
                .iter()
                .map(|round| of(&round["thread_time"]))
                .collect(),
            None => vec![of(&run["thread_time"])],
        };
        shares.sort_by(f64::total_cmp);
        shares[shares.len() / 2]
    };
    // PyPy has a GIL: its two threads never keep more than about one core busy.
    let pypy = entry("pypy3");
    assert_eq!(pypy["status"], "ran", "{pypy}");
    let pypy_cores = evidence_f64(&pypy, "threaded_cpu_s") / evidence_f64(&pypy, "threaded_s");
    assert!(
        pypy_cores < 1.3,
        "PyPy's threads used {pypy_cores} cores: {pypy}"
    );
    // Jython has none: its threads never sleep waiting for one (busy machine or not).
    let jython = entry("jython");
    assert_eq!(jython["status"], "ran", "{jython}");
    assert!(share(&jython, "blocked_s") < 0.15, "{jython}");
    // Cython: the loop that releases the GIL never sleeps either; the same loop holding it
    // keeps one core busy at a time.
    let cython = entry("cython");
    assert_eq!(cython["status"], "ran", "{cython}");
    assert!(share(&cython["nogil"], "blocked_s") < 0.1, "{cython}");
    let holding = &cython["holding_gil"];
    let holding_cores =
        evidence_f64(holding, "threaded_cpu_s") / evidence_f64(holding, "threaded_s");
    assert!(holding_cores < 1.3, "{holding}");
    assert_eq!(evidence["temp_dir_removed"], true);
    assert!(!std::path::Path::new(evidence["temp_dir"].as_str().unwrap()).exists());
}

/// The two claims that read both halves of the GIL's story on the other CPythons: a classic 3.13
/// takes turns like 3.11; on the free-threaded 3.13t the objects' own locks keep them intact and
/// nothing is handed over (a busy machine may make either inconclusive, never another verdict).
#[test]
fn on_313_and_313t_the_objects_stay_intact_and_nothing_waits_for_the_end() {
    let test = "on_313_and_313t_the_objects_stay_intact_and_nothing_waits_for_the_end";
    for (extra, free_threaded) in [(Extra::Cpython313, false), (Extra::Cpython313t, true)] {
        if !extras::have(test, &[extra]) {
            continue;
        }
        let python = extras::cpython(extra).expect("checked above");
        let reports = {
            let _alone = exclusive();
            demo_json(&["gil", "--no-others", "--on", &python.to_string_lossy()])
        };
        let child = &reports[1];
        assert_eq!(child["python"]["free_threaded"], free_threaded);
        let safety = claim(child, "gil.makes_code_thread_safe");
        assert!(
            ["nuanced", "inconclusive"].contains(&safety["verdict"].as_str().unwrap()),
            "{safety}"
        );
        assert_eq!(safety["evidence"]["built_ins_intact"], true, "{safety}");
        let locks = &safety["evidence"]["object_locks"];
        if free_threaded {
            // The list's and the dict's own lock, seen held from inside their operations.
            for operation in ["list_sort", "dict_insert"] {
                assert_eq!(locks[operation]["during"], 1, "{locks}");
                assert_eq!(locks[operation]["after"], 0, "{locks}");
            }
            if safety["verdict"] == "nuanced" {
                assert!(
                    safety["explanation"]
                        .as_str()
                        .unwrap()
                        .contains("per-object locking, not a GIL"),
                    "{safety}"
                );
            }
        } else {
            assert!(locks.get("skipped").is_some(), "{locks}");
        }
        let handed = claim(child, "gil.handed_over_when_thread_finishes");
        assert!(
            ["refuted", "inconclusive"].contains(&handed["verdict"].as_str().unwrap()),
            "{handed}"
        );
    }
}
