//! `demo concurrency` end to end: the verdicts, the figures behind them, and that nothing the
//! demo started — processes, threads, the server — outlives it.
//!
//! The demo times parallel work, so it runs once per test binary (a `OnceLock` shared by every
//! test), after waiting for the machine to be quiet: other programs using the cores leave no room
//! to show parallelism, and the demo then rightly answers `inconclusive` — it is run again (three
//! attempts at most), and an `inconclusive` that remains must name what disturbed it.

mod common;

use std::process::Output;
use std::sync::OnceLock;
use std::time::{Duration, Instant};

use serde_json::Value;

use common::{assert_verdict, claim, parse_reports, pyconcepts, run_standalone};

const DEMO: &str = "concurrency";
/// Inherited by every child process of the demo: finds any that survive it.
const TOKEN_NAME: &str = "PYCONCEPTS_CONCURRENCY_TEST_RUN";

struct Run {
    report: Value,
    stderr: String,
    token: String,
    survivors: Vec<String>,
    /// What the run left in its private TMPDIR.
    left_in_tmp: Vec<String>,
    attempts: u32,
}

/// CPU seconds every program on the machine has used since boot.
fn machine_cpu_seconds() -> f64 {
    let stat = std::fs::read_to_string("/proc/stat").unwrap_or_default();
    let ticks: Vec<f64> = stat
        .lines()
        .next()
        .unwrap_or("")
        .split_whitespace()
        .skip(1)
        .take(8)
        .filter_map(|field| field.parse().ok())
        .collect();
    if ticks.len() < 8 {
        return 0.0;
    }
    (ticks.iter().sum::<f64>() - ticks[3] - ticks[4]) / 100.0
}

/// Waits (up to 90 s) until other programs use less than a third of a core, so that the
/// demo's timings measure the models, not somebody else's compiler.
fn wait_for_quiet_machine() {
    let deadline = Instant::now() + Duration::from_secs(90);
    while Instant::now() < deadline {
        let before = machine_cpu_seconds();
        std::thread::sleep(Duration::from_millis(700));
        if (machine_cpu_seconds() - before) / 0.7 < 0.33 {
            return;
        }
    }
}

/// Processes whose environment carries `token`: children of the demo still alive.
fn survivors(token: &str) -> Vec<String> {
    let needle = format!("{TOKEN_NAME}={token}");
    let mut found = Vec::new();
    for entry in std::fs::read_dir("/proc").into_iter().flatten().flatten() {
        let pid = entry.file_name().to_string_lossy().into_owned();
        if !pid.bytes().all(|b| b.is_ascii_digit()) {
            continue;
        }
        let Ok(environ) = std::fs::read(entry.path().join("environ")) else {
            continue;
        };
        if environ
            .split(|&b| b == 0)
            .any(|var| var == needle.as_bytes())
        {
            let cmdline = std::fs::read(entry.path().join("cmdline")).unwrap_or_default();
            found.push(format!(
                "{pid}: {}",
                String::from_utf8_lossy(&cmdline).replace('\0', " ")
            ));
        }
    }
    found
}

fn run_demo(attempt: u32) -> (Value, String, String, Vec<String>, Vec<String>) {
    let token = format!("{}-{attempt}", std::process::id());
    let tmp = tempfile::tempdir().expect("a private temp dir");
    let output: Output = pyconcepts()
        .args(["demo", DEMO, "--json"])
        .env(TOKEN_NAME, &token)
        .env("TMPDIR", tmp.path())
        .output()
        .expect("pyconcepts runs");
    // multiprocessing's `pymp-*` directory included: its finalizer runs at the host's exit.
    let left_in_tmp: Vec<String> = common::entries(&tmp);
    let stdout = String::from_utf8_lossy(&output.stdout).into_owned();
    let stderr = String::from_utf8_lossy(&output.stderr).into_owned();
    assert!(
        output.status.success(),
        "exit {:?}\nstdout:\n{stdout}\nstderr:\n{stderr}",
        output.status.code()
    );
    // Every stdout line must be JSON: a child printing on the inherited stdout would break this.
    let mut reports = parse_reports(&stdout);
    assert_eq!(reports.len(), 1, "{stdout}");
    // Orphans are adopted by init within moments; give the kernel a second before calling
    // anything a survivor.
    let mut left = survivors(&token);
    let deadline = Instant::now() + Duration::from_secs(1);
    while !left.is_empty() && Instant::now() < deadline {
        std::thread::sleep(Duration::from_millis(100));
        left = survivors(&token);
    }
    (reports.remove(0), stderr, token, left, left_in_tmp)
}

/// Other programs' CPU during the CPU-bound section, as the judge reads it.
fn others_cores(report: &Value) -> f64 {
    let evidence = &claim(report, "concurrency.cpu_bound_needs_processes")["evidence"];
    let average = evidence["others_cores_average"].as_f64().unwrap_or(0.0);
    let run = evidence["models"]["multiprocessing"]["others_cores"]
        .as_f64()
        .unwrap_or(0.0);
    average.max(run)
}

fn demo_run() -> &'static Run {
    static RUN: OnceLock<Run> = OnceLock::new();
    RUN.get_or_init(|| {
        let mut attempt = 1;
        loop {
            wait_for_quiet_machine();
            let (report, stderr, token, survivors, left_in_tmp) = run_demo(attempt);
            let cpu = claim(&report, "concurrency.cpu_bound_needs_processes");
            eprintln!(
                "attempt {attempt}: {} ms, CPU-bound {} (processes speedup {}, CPU inflation {}, \
                 others {:.2} cores)",
                report["duration_ms"],
                cpu["verdict"],
                cpu["evidence"]["processes_speedup"],
                cpu["evidence"]["processes_cpu_inflation"],
                others_cores(&report)
            );
            // A busy machine makes the CPU-bound claim honestly inconclusive: try again.
            if cpu["verdict"] == "inconclusive" && attempt < 3 {
                attempt += 1;
                continue;
            }
            return Run {
                report,
                stderr,
                token,
                survivors,
                left_in_tmp,
                attempts: attempt,
            };
        }
    })
}

#[test]
fn cpu_bound_work_scales_on_processes_not_on_threads_or_asyncio() {
    let run = demo_run();
    let report = &run.report;
    let cpu = claim(report, "concurrency.cpu_bound_needs_processes");
    let evidence = &cpu["evidence"];
    let models = &evidence["models"];
    // Under the GIL, threads and the event loop never use more than about one core.
    for model in ["threading", "asyncio"] {
        let cores_used = models[model]["cores_used"].as_f64().unwrap();
        assert!(
            cores_used < 1.25,
            "{model} used {cores_used} cores: {evidence}"
        );
    }
    assert_eq!(evidence["results_equal"], true);
    let others = others_cores(report);
    let inflation = evidence["processes_cpu_inflation"].as_f64().unwrap();
    let explanation = cpu["explanation"].as_str().unwrap();
    if others < 0.25 && inflation < 1.25 {
        // A quiet machine whose cores kept their speed: the processes must have used them.
        assert_verdict(report, "concurrency.cpu_bound_needs_processes", "confirmed");
    }
    match cpu["verdict"].as_str().unwrap() {
        "confirmed" => {
            let speedup = evidence["processes_speedup"].as_f64().unwrap();
            assert!(speedup > 1.3, "processes speedup {speedup}: {evidence}");
            assert!(models["multiprocessing"]["cores_used"].as_f64().unwrap() > 1.3);
            // Threads never got past one core (checked above); their speedup is no evidence:
            // load that slows the sequential run more makes it look above 1 (1.3 seen under
            // two spinning processes).
        }
        // Still disturbed after waiting and retrying: the verdict must say by what.
        "inconclusive" => {
            eprintln!(
                "CPU-bound inconclusive after {} attempts (others {others:.2} cores, CPU \
                 inflation {inflation:.2}): {explanation}",
                run.attempts
            );
            assert!(
                explanation.contains("Other programs") || explanation.contains("slowed each other"),
                "{explanation}"
            );
        }
        verdict => panic!("{verdict}: {explanation}"),
    }
}

#[test]
fn io_bound_waits_overlap_on_threads_and_asyncio() {
    let report = &demo_run().report;
    assert_verdict(
        report,
        "concurrency.io_bound_threads_or_asyncio",
        "confirmed",
    );
    let evidence = &claim(report, "concurrency.io_bound_threads_or_asyncio")["evidence"];
    assert_eq!(evidence["replies_ok"], true);
    assert!(evidence["server"]
        .as_str()
        .unwrap()
        .starts_with("127.0.0.1:"));
    // 16 requests of 50 ms: overlapped they take a fraction of the 0.8 s sequential time.
    assert!(
        evidence["threads_speedup"].as_f64().unwrap() > 4.0,
        "{evidence}"
    );
    assert!(
        evidence["asyncio_speedup"].as_f64().unwrap() > 4.0,
        "{evidence}"
    );
    // Waiting is not computing.
    let threads_cores = evidence["models"]["threading"]["cores_used"]
        .as_f64()
        .unwrap();
    assert!(threads_cores < 0.9, "{evidence}");
}

#[test]
fn a_blocking_call_stalls_the_event_loop() {
    let report = &demo_run().report;
    let blocking = claim(report, "concurrency.blocking_call_stalls_event_loop");
    let variants = &blocking["evidence"]["variants"];
    let late = |key: &str| variants[key]["max_lateness_ms"].as_f64().unwrap();
    assert!(late("time_sleep") > 150.0, "{variants}");
    // A crowded machine delays every wake-up: then the remedies' figures cannot decide.
    if blocking["verdict"] == "inconclusive" {
        eprintln!("demo concurrency: wake-ups too late to judge the remedies: {variants}");
        return;
    }
    assert_verdict(
        report,
        "concurrency.blocking_call_stalls_event_loop",
        "confirmed",
    );
    assert!(late("asyncio_sleep") < 50.0, "{variants}");
    assert!(late("to_thread") < 50.0, "{variants}");
}

#[test]
fn processes_cost_more_to_start_than_threads_and_tasks() {
    let report = &demo_run().report;
    assert_verdict(report, "concurrency.parallelism_costs_more", "confirmed");
    let evidence = &claim(report, "concurrency.parallelism_costs_more")["evidence"];
    let memory_ratio = evidence["process_vs_concurrent_memory_ratio"]
        .as_f64()
        .unwrap();
    assert!(memory_ratio > 10.0, "{evidence}");
    let kinds: Vec<&str> = evidence["units"]
        .as_array()
        .unwrap()
        .iter()
        .map(|u| u["kind"].as_str().unwrap())
        .collect();
    assert_eq!(
        kinds,
        [
            "process (fork)",
            "process (spawn)",
            "thread",
            "asyncio task"
        ]
    );
}

#[test]
fn costs_say_what_part_one_showed_of_threads() {
    let report = &demo_run().report;
    let costs = claim(report, "concurrency.parallelism_costs_more");
    let threads = &costs["evidence"]["threads_on_cpu_work"];
    assert!(threads["cores_used"].as_f64().unwrap() < 1.25, "{threads}");
    let explanation = costs["explanation"].as_str().unwrap();
    assert!(
        explanation.contains("part 1's ") && explanation.contains("not of the work done on them"),
        "{explanation}"
    );
}

#[test]
fn each_process_has_its_own_memory_and_subinterpreters_are_found_by_feature() {
    let report = &demo_run().report;
    let own = claim(report, "concurrency.each_process_own_gil");
    let evidence = &own["evidence"];
    let explanation = own["explanation"].as_str().unwrap();
    assert_eq!(evidence["memory_separate"], true, "{evidence}");
    let processes = &evidence["processes"];
    assert_ne!(processes["child_pid"], processes["parent_pid"]);
    assert_eq!(processes["child_saw"], processes["child_set"]);
    assert_eq!(processes["parent_after"], processes["before"]);
    // Every CPython from 3.11 on has a subinterpreter module; inside the host it works, and its
    // interpreters live in this one process.
    let subs = &evidence["subinterpreters"];
    assert!(subs["module"].is_string(), "{subs}");
    assert!(subs["error"].is_null(), "{subs}");
    assert_eq!(
        subs["pids"],
        serde_json::json!([subs["parent_pid"]]),
        "{subs}"
    );
    assert_eq!(subs["results_ok"], true, "{subs}");
    match own["verdict"].as_str().unwrap() {
        // The interpreters of one process took turns: they share its GIL (3.11).
        "confirmed" => {
            assert_eq!(
                evidence["subinterpreters_ran_at_once"], "took_turns",
                "{explanation}"
            );
            assert!(subs["at_once"]["cores_used"].as_f64().unwrap() < 1.25);
        }
        // They ran at once (3.12+), or the build has no GIL at all.
        "nuanced" => assert!(
            evidence["subinterpreters_ran_at_once"] == "at_once"
                || evidence["gil_enabled"] == false,
            "{explanation}"
        ),
        // A crowded machine: the verdict must say what got in the way.
        "inconclusive" => assert!(
            ["other programs", "slowed each other", "too close to call"]
                .iter()
                .any(|why| explanation.contains(why)),
            "{explanation}"
        ),
        verdict => panic!("{verdict}: {explanation}"),
    }
}

#[test]
fn fork_and_spawn_work_from_the_embedded_host_and_the_trap_does_not_hang() {
    let report = &demo_run().report;
    assert_verdict(
        report,
        "concurrency.processes_from_embedded_host",
        "confirmed",
    );
    let evidence = &claim(report, "concurrency.processes_from_embedded_host")["evidence"];
    assert_eq!(evidence["embedded"], true);
    let worked = evidence["methods_that_worked"].as_array().unwrap();
    for method in ["fork", "spawn"] {
        assert!(worked.iter().any(|m| m == method), "{evidence}");
    }
    // spawn children run the build's interpreter, the one the host set as sys.executable.
    let spawn = evidence["methods"]
        .as_array()
        .unwrap()
        .iter()
        .find(|m| m["method"] == "spawn")
        .unwrap();
    for child in spawn["children"].as_array().unwrap() {
        assert_eq!(child["version"], evidence["parent_version"]);
        assert_eq!(child["program"], evidence["parent_sys_executable_resolved"]);
    }
    // The snippet's own function fails under spawn, with the interpreter's message, at once.
    let trap = evidence["trap"]
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["method"] == "spawn")
        .expect("the spawn trap was tried");
    assert_eq!(trap["worked"], false, "{trap}");
    assert_eq!(trap["timed_out"], false, "{trap}");
    assert!(!trap["error"].as_str().unwrap_or("").is_empty(), "{trap}");
    assert!(trap["seconds"].as_f64().unwrap() < 3.0, "{trap}");
    assert_eq!(evidence["leftover_children"], serde_json::json!([]));
    assert_eq!(evidence["leftover_threads"], serde_json::json!([]));
    assert_eq!(evidence["server_closed"], true);
}

#[test]
fn nothing_outlives_the_demo() {
    let run = demo_run();
    assert!(
        run.survivors.is_empty(),
        "processes of run {} still alive: {:?}",
        run.token,
        run.survivors
    );
    // No finalisation in the host: a semaphore left registered makes the resource tracker
    // complain on stderr ("leaked semaphore objects").
    assert!(!run.stderr.contains("leaked"), "{}", run.stderr);
    assert!(!run.stderr.contains("Traceback"), "{}", run.stderr);
    // multiprocessing's `pymp-*` directory included: pyo3 never finalises, so the host runs
    // multiprocessing's finalizers itself before it exits.
    assert!(
        run.left_in_tmp.is_empty(),
        "left in TMPDIR: {:?}",
        run.left_in_tmp
    );
    assert!(run.report.get("error").is_none(), "{}", run.report["error"]);
}

#[test]
fn snippet_runs_standalone() {
    // After the demo, never beside it: both time parallel work on the same cores.
    demo_run();
    let output = run_standalone("concurrency.py");
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(
        output.status.success(),
        "{stdout}\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
    for line in [
        "1. CPU-bound",
        "workload   model",
        "I/O-bound  asyncio",
        "3. ",
        "4. What starting them costs",
        "5. multiprocessing from python3",
        "6. Each process has its own GIL",
        "Afterwards: 0 child processes and 0 threads left",
    ] {
        assert!(stdout.contains(line), "missing {line:?} in:\n{stdout}");
    }
    common::assert_fits_80_columns("concurrency.py", &stdout);
}
