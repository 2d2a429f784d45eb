//! `pyconcepts demo scalability`: fitted complexity classes, agreement with `python3 -m timeit`,
//! caching, a process pool and the Dask, Ray and Spark clusters, and nothing left running (or
//! written outside their private directories) afterwards.
//!
//! The demo measures time, so it runs once for the whole binary (`report()`), and everything
//! else that keeps a core busy (timeit, the standalone run, a second cluster) holds `HEAVY` so
//! that this binary's tests never compete with each other for the two cores.

mod common;

use std::io::{BufRead, BufReader};
use std::net::{SocketAddr, TcpStream};
use std::path::Path;
use std::process::{Command, Stdio};
use std::sync::{Mutex, MutexGuard, OnceLock};
use std::time::{Duration, Instant};

use common::extras::{self, python, Extra};
use common::{assert_verdict, claim, demo_json, run_standalone, timeit_ns_per_loop};
use serde_json::Value;

static HEAVY: Mutex<()> = Mutex::new(());

fn heavy() -> MutexGuard<'static, ()> {
    HEAVY
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
}

/// The demo's report with default parameters, run once; call it before taking `HEAVY`.
fn report() -> &'static Value {
    static REPORT: OnceLock<Value> = OnceLock::new();
    REPORT.get_or_init(|| {
        let _guard = heavy();
        let started = Instant::now();
        let mut reports = demo_json(&["scalability"]);
        eprintln!(
            "demo scalability took {:.1} s",
            started.elapsed().as_secs_f64()
        );
        assert_eq!(reports.len(), 1);
        reports.remove(0)
    })
}

fn evidence<'a>(report: &'a Value, key: &str) -> &'a Value {
    &claim(report, &format!("scalability.{key}"))["evidence"]
}

#[test]
fn complexity_classes_and_slopes() {
    let report = report();
    assert!(report.get("error").is_none(), "{report}");
    for (key, class, slope) in [
        ("list_in_linear", "O(n)", 1.0),
        ("set_in_constant", "O(1)", 0.0),
        ("set_worst_case_linear", "O(n)", 1.0),
    ] {
        let id = format!("scalability.{key}");
        let e = evidence(report, key);
        if claim(report, &id)["verdict"] == "inconclusive" {
            // A busy machine widens the interval past the class's band: never another class,
            // and the interval still holds the true slope.
            let ci = e["slope_ci"].as_array().unwrap();
            let (low, high) = (ci[0].as_f64().unwrap(), ci[1].as_f64().unwrap());
            assert!(low <= slope && slope <= high, "{id}: {e}");
            eprintln!("{id}: inconclusive on a busy machine, interval {low}…{high}");
            continue;
        }
        assert_verdict(report, &id, "confirmed");
        assert_eq!(e["class"], class, "{id}: {e}");
        // The second structure of the claim (tuple, dict) was fitted to the same class.
        for second in ["tuple_fit", "dict_fit"] {
            if let Some(fit) = e.get(second) {
                assert_eq!(fit["class"], class, "{id} {second}: {fit}");
            }
        }
        let measured = e["slope"].as_f64().unwrap();
        assert!((measured - slope).abs() <= 0.15, "{id}: slope {measured}");
        let sizes = e["sizes"].as_array().unwrap();
        assert_eq!(sizes.len(), e["ns_per_op"].as_array().unwrap().len());
        assert!(sizes.len() >= 7, "{id}: {} sizes", sizes.len());
        let ci = e["slope_ci"].as_array().unwrap();
        assert!(ci[0].as_f64().unwrap() <= measured && measured <= ci[1].as_f64().unwrap());
    }
    let list = evidence(report, "list_in_linear");
    assert_eq!(list["sizes"][0], 100);
    assert_eq!(list["sizes"][8], 1_000_000);
    // The crossover is tiny for ints (hashing one is nearly free), but it exists.
    let crossover = evidence(report, "set_in_constant")["crossover_n"].as_u64();
    assert!(matches!(crossover, Some(0..=8)), "crossover {crossover:?}");
    // A missed lookup in the colliding set compares with (at least) every key.
    let colliding = evidence(report, "set_worst_case_linear");
    let last = colliding["sizes"].as_array().unwrap().len() - 1;
    let n = colliding["sizes"][last].as_u64().unwrap();
    assert!(colliding["comparisons_per_lookup"][last].as_u64().unwrap() >= n);
    assert!(colliding["slowdown_at_largest"].as_f64().unwrap() > 100.0);
}

/// `python3 -m timeit -p -s SETUP STATEMENT` → nanoseconds per loop, best of its 5 repeats.
fn timeit_best_ns(setup: &str, statement: &str) -> f64 {
    let output = Command::new(python())
        .args(["-m", "timeit", "-p", "-s", setup, statement])
        .env_remove("PYTHONPATH")
        .output()
        .expect("python3 runs");
    timeit_ns_per_loop(&output.stdout)
}

/// The demo's best time per operation at n = 10,000 for the curve at `key` (a claim's own, or a
/// second structure's within it: `list_in_linear/tuple`), with the statement it timed.
fn demo_best_at_10_000(report: &Value, key: &str) -> (f64, String, String) {
    let (claim_key, within) = key
        .split_once('/')
        .map_or((key, None), |(k, w)| (k, Some(w)));
    let e = evidence(report, claim_key);
    let e = within.map_or(e, |field| &e[field]);
    assert_eq!(
        e["clock"], "time.thread_time",
        "the CLI's -p reads CPU time too"
    );
    let index = e["sizes"]
        .as_array()
        .unwrap()
        .iter()
        .position(|n| n == 10_000)
        .expect("n = 10,000 is measured");
    // Best against best: both are the least disturbed of several repeats.
    let best = e["repeats_ns_per_op"][index]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(Value::as_f64)
        .fold(f64::INFINITY, f64::min);
    let setup = e["setup"].as_str().unwrap().replace("(n)", "(10000)");
    (best, setup, e["statement"].as_str().unwrap().to_owned())
}

#[test]
fn per_operation_times_agree_with_python_m_timeit() {
    let report = report();
    let _guard = heavy();
    // What this catches is a wrong unit or loop count: a factor of 2, 10 or 1000. Two tools
    // timing in two processes on a 2-core machine, the other core busy with the suite's other
    // tests, were seen 1.32× and 0.76× apart on a fresh-clone CI run, and 0.66×, 1.40× and
    // 0.68× in three attempts on another: 1.6 holds, and a factor of 2 still fails.
    let agrees = |ratio: &f64| (1.0 / 1.6..=1.6).contains(ratio);
    for key in [
        "list_in_linear",
        "list_in_linear/tuple",
        "set_in_constant",
        "set_in_constant/dict",
    ] {
        // A burst of load during either measurement is neither tool's fault: up to two more
        // attempts, each measuring both again (the demo with only the sizes up to 10,000).
        let mut ratios = Vec::new();
        while ratios.len() < 3 && !ratios.iter().any(agrees) {
            let (demo_best, setup, statement) = if ratios.is_empty() {
                demo_best_at_10_000(report, key)
            } else {
                let again = demo_json(&[
                    "scalability",
                    "--param",
                    "max_n=10000",
                    "--param",
                    "engines=dask",
                ]);
                demo_best_at_10_000(&again[0], key)
            };
            ratios.push(demo_best / timeit_best_ns(&setup, &statement));
        }
        eprintln!("{key} at n=10,000: demo best / timeit -p best = {ratios:?}");
        assert!(
            ratios.iter().any(agrees),
            "{key} at n=10,000: demo vs timeit → ratios {ratios:?}"
        );
    }
}

#[test]
fn caching_helps_only_while_the_working_set_fits() {
    let report = report();
    assert_verdict(report, "scalability.caching", "nuanced");
    let e = evidence(report, "caching");
    assert_eq!(e["fitting"]["hits"], 90);
    assert_eq!(e["fitting"]["misses"], 10);
    assert_eq!(e["too_small"]["hits"], 0);
    assert!(e["speedup_fitting"].as_f64().unwrap() > 3.0, "{e}");
}

#[test]
fn pool_and_cluster_run_the_same_job_and_leave_nothing_behind() {
    let report = report();
    // Whether two cores were free for the parallel runs depends on the machine's load at that
    // moment; a busy machine must give `inconclusive`, never a wrong verdict.
    let pool_verdict = claim(report, "scalability.parallelism")["verdict"].clone();
    assert!(
        pool_verdict == "confirmed" || pool_verdict == "inconclusive",
        "{}",
        claim(report, "scalability.parallelism")
    );
    let pool = evidence(report, "parallelism");
    assert_eq!(pool["results_equal"], true);
    assert_eq!(pool["start_method"], "spawn");
    let workers = pool["workers"].as_u64().unwrap();
    assert_eq!(
        pool["worker_pids"].as_array().unwrap().len() as u64,
        workers
    );
    assert_eq!(pool["leftover_processes"], serde_json::json!([]));

    let engines = evidence(report, "distributed");
    if let Some(reason) = engines.get("skipped").and_then(Value::as_str) {
        // No engine ran: none is installed, and the reason names each one's install line.
        assert!(
            !extras::have("pool_and_cluster_run_the_same_job (dask)", &[Extra::Dask]),
            "dask is installed, yet: {reason}"
        );
        assert!(
            reason.contains(r#"pip install "dask[distributed]""#),
            "{reason}"
        );
        return;
    }
    let verdict = &claim(report, "scalability.distributed")["verdict"];
    assert!(
        verdict == "confirmed" || verdict == "inconclusive",
        "{}",
        claim(report, "scalability.distributed")
    );
    let mut pids: Vec<u64> = pids_of(pool);
    if let Some(reason) = engines.get("dask_skipped").and_then(Value::as_str) {
        assert!(
            !extras::have("pool_and_cluster_run_the_same_job (dask)", &[Extra::Dask]),
            "dask is installed, yet: {reason}"
        );
        assert!(
            reason.contains(r#"pip install "dask[distributed]""#),
            "{reason}"
        );
    } else {
        check_dask(engines, workers);
        pids.extend(pids_of(engines));
    }
    for (key, needs, install) in [
        ("ray", &[Extra::Ray][..], "pip install ray"),
        (
            "spark",
            &[Extra::Spark, Extra::Java][..],
            "pip install pyspark",
        ),
    ] {
        let part = &engines[key];
        if let Some(reason) = part.get("skipped").and_then(Value::as_str) {
            assert!(
                !extras::have(&format!("pool_and_cluster_run_the_same_job ({key})"), needs),
                "{key} is installed, yet: {reason}"
            );
            assert!(
                reason.contains(install) || reason.contains("openjdk"),
                "{reason}"
            );
            continue;
        }
        check_private_engine(key, part, workers);
        pids.extend(pids_of(part));
        pids.extend(part["jvm_pid"].as_u64());
    }

    // After the demo's process has exited: no worker process and no listening socket is left,
    // and no process names an engine's private directory.
    let deadline = Instant::now() + Duration::from_secs(5);
    while pids.iter().any(|pid| alive(*pid)) && Instant::now() < deadline {
        std::thread::sleep(Duration::from_millis(100));
    }
    let alive_now: Vec<&u64> = pids.iter().filter(|pid| alive(**pid)).collect();
    assert!(
        alive_now.is_empty(),
        "worker processes still alive: {alive_now:?}"
    );
    for key in ["ray", "spark"] {
        if let Some(private) = engines[key]["private_dir"].as_str() {
            let naming = processes_naming(private);
            assert!(
                naming.is_empty(),
                "{key}: processes {naming:?} name {private}"
            );
            assert!(!Path::new(private).exists(), "{private} was not removed");
        }
    }
    if engines.get("scheduler_address").is_some() {
        let addresses = std::iter::once(&engines["scheduler_address"])
            .chain(engines["worker_addresses"].as_array().unwrap())
            .filter_map(Value::as_str);
        for address in addresses {
            let socket: SocketAddr = address.trim_start_matches("tcp://").parse().unwrap();
            assert!(
                TcpStream::connect_timeout(&socket, Duration::from_millis(500)).is_err(),
                "{address} still accepts connections"
            );
        }
    }
}

fn pids_of(run: &Value) -> Vec<u64> {
    run["worker_pids"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(Value::as_u64)
        .collect()
}

/// Dask's run, at the top level of the evidence: a LocalCluster on 127.0.0.1, on ports the
/// system picked, that computed the one-process result and left nothing.
fn check_dask(dask: &Value, workers: u64) {
    assert_eq!(dask["results_equal"], true);
    assert_eq!(dask["cluster"], "LocalCluster");
    assert!(dask["engine"]
        .as_str()
        .unwrap()
        .starts_with("dask.distributed "));
    let scheduler = dask["scheduler_address"].as_str().unwrap();
    assert!(scheduler.starts_with("tcp://127.0.0.1:"), "{scheduler}");
    assert_eq!(dask["workers"].as_u64().unwrap(), workers);
    assert_eq!(dask["leftover_processes"], serde_json::json!([]));
    assert_eq!(dask["listening_after_close"], serde_json::json!([]));
    // While it ran, the scheduler and its dashboard listened on ports the system picked: not
    // on the dashboard's fixed 8787, where a second run or a user's own dashboard would be.
    let listening: Vec<u64> = dask["listening_while_running"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(Value::as_u64)
        .collect();
    let scheduler_port: u64 = scheduler.rsplit(':').next().unwrap().parse().unwrap();
    assert!(listening.contains(&scheduler_port), "{listening:?}");
    assert!(!listening.contains(&8787), "{listening:?}");
}

/// Ray's or Spark's run: local, on 127.0.0.1, the one-process result from as many worker
/// processes as there are workers, and nothing left or written outside its private directory.
fn check_private_engine(key: &str, part: &Value, workers: u64) {
    assert_eq!(part["results_equal"], true, "{key}: {part}");
    assert_eq!(part["workers"].as_u64(), Some(workers), "{key}: {part}");
    // Spread out: more than one worker process ran tasks (a Ray worker still starting may
    // leave its share to a third).
    let used = pids_of(part).len() as u64;
    assert!(used >= 2.min(workers), "{key}: {part}");
    assert_eq!(part["leftover_processes"], serde_json::json!([]), "{key}");
    assert_eq!(
        part["listening_after_close"],
        serde_json::json!([]),
        "{key}"
    );
    assert_eq!(part["written_outside"], serde_json::json!([]), "{key}");
    assert!(part["files_in_private_dir"].as_u64().unwrap() > 0, "{key}");
    let private = part["private_dir"].as_str().unwrap();
    assert!(
        Path::new(private)
            .file_name()
            .unwrap()
            .to_string_lossy()
            .starts_with(&format!("pyconcepts-{key}-")),
        "{private}"
    );
    if key == "ray" {
        assert!(part["engine"].as_str().unwrap().starts_with("ray "));
        assert_eq!(part["cluster"], "local");
        assert!(part["address"].as_str().unwrap().starts_with("127.0.0.1:"));
        assert_eq!(part["node_addresses"], serde_json::json!(["127.0.0.1"]));
    } else {
        assert!(part["engine"].as_str().unwrap().starts_with("pyspark "));
        assert_eq!(part["master"], format!("local[{workers}]"));
        assert!(part["driver_address"]
            .as_str()
            .unwrap()
            .starts_with("127.0.0.1:"));
    }
}

/// The live processes whose command line or environment names `marker`: what an engine that
/// ran in a private directory would have left.
fn processes_naming(marker: &str) -> Vec<u32> {
    std::fs::read_dir("/proc")
        .map(|entries| {
            entries
                .filter_map(Result::ok)
                .filter_map(|entry| entry.file_name().to_str()?.parse::<u32>().ok())
                .filter(|pid| {
                    ["cmdline", "environ"].iter().any(|file| {
                        std::fs::read(format!("/proc/{pid}/{file}")).is_ok_and(|bytes| {
                            bytes
                                .windows(marker.len())
                                .any(|window| window == marker.as_bytes())
                        })
                    }) && alive(u64::from(*pid))
                })
                .collect()
        })
        .unwrap_or_default()
}

/// A process that exists and is not a zombie waiting to be reaped.
fn alive(pid: u64) -> bool {
    let status = Path::new("/proc").join(pid.to_string()).join("status");
    std::fs::read_to_string(status).is_ok_and(|text| !text.contains("State:\tZ"))
}

#[test]
fn the_snippet_runs_standalone_with_the_same_story() {
    let _guard = heavy();
    let output = run_standalone("scalability.py");
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(
        output.status.success(),
        "{stdout}\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
    for needle in [
        "1. `absent in data`",
        "2. Where does the set start to win?",
        "3. A set of ints that all hash to 42",
        "4. Caching",
        "CacheInfo(hits=90, misses=10",
        "5. The Mandelbrot job",
        "6. The same job on distributed engines",
        "6a. Dask's distributed scheduler",
        "6b. Ray",
        "6c. Spark",
    ] {
        assert!(stdout.contains(needle), "no {needle:?} in\n{stdout}");
    }
    assert!(stdout.matches("same result: True").count() >= 1, "{stdout}");
    common::assert_fits_80_columns("scalability.py", &stdout);
}

/// A Dask scheduler with two worker processes on 127.0.0.1, in a child `python3` that prints the
/// scheduler's address, then waits for its stdin to close.
struct ExternalCluster {
    child: std::process::Child,
    address: String,
}

impl ExternalCluster {
    fn start() -> ExternalCluster {
        let script = r#"
import logging, sys, tempfile
import dask
from dask.distributed import LocalCluster
with tempfile.TemporaryDirectory() as scratch, dask.config.set({"temporary-directory": scratch}):
    with LocalCluster(n_workers=2, threads_per_worker=1, host="127.0.0.1",
                      dashboard_address="127.0.0.1:0", silence_logs=logging.ERROR) as cluster:
        print(cluster.scheduler_address, flush=True)
        sys.stdin.read()
"#;
        let mut child = Command::new(python())
            .args(["-c", script])
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("python3 runs");
        let mut line = String::new();
        BufReader::new(child.stdout.take().unwrap())
            .read_line(&mut line)
            .unwrap();
        ExternalCluster {
            child,
            address: line.trim().to_owned(),
        }
    }
}

impl Drop for ExternalCluster {
    fn drop(&mut self) {
        drop(self.child.stdin.take()); // EOF: the script leaves its `with` and closes the cluster
        let _ = self.child.wait();
    }
}

#[test]
fn an_existing_cluster_is_used_when_given() {
    if !extras::have("an_existing_cluster_is_used_when_given", &[Extra::Dask]) {
        return;
    }
    let _report = report(); // not at the same time as the main run
    let _guard = heavy();
    let cluster = ExternalCluster::start();
    assert!(
        cluster.address.starts_with("tcp://127.0.0.1:"),
        "{}",
        cluster.address
    );
    let scheduler = format!("scheduler={}", cluster.address);
    let reports = demo_json(&[
        "scalability",
        "--param",
        &scheduler,
        "--param",
        "engines=dask",
        "--param",
        "max_n=1000",
        "--param",
        "colliding_max_n=1000",
        "--param",
        "repeats=3",
        "--param",
        "repeat_ms=1",
    ]);
    let e = evidence(&reports[0], "distributed");
    assert_eq!(e["cluster"], "existing", "{e}");
    assert_eq!(e["scheduler_address"], cluster.address.as_str());
    assert_eq!(e["workers"], 2);
    assert_eq!(e["results_equal"], true);
    // The engines not chosen are named as such, and take no time.
    for key in ["ray", "spark"] {
        assert_eq!(
            e[key]["skipped"], "not chosen (--param engines=dask)",
            "{e}"
        );
    }
}

/// Small sizes: the parts before the cluster stay short.
const QUICK: [&str; 8] = [
    "--param",
    "max_n=1000",
    "--param",
    "colliding_max_n=1000",
    "--param",
    "repeats=3",
    "--param",
    "repeat_ms=1",
];

#[test]
fn malformed_addresses_and_engines_are_usage_errors() {
    for (param, expected) in [
        (
            "scheduler=notaurl",
            "--param scheduler=\"notaurl\": expected an address tcp://HOST:PORT (or \
             tls://HOST:PORT, or HOST:PORT), PORT from 1 to 65535",
        ),
        (
            "ray_address=tcp://127.0.0.1:6379",
            "--param ray_address=\"tcp://127.0.0.1:6379\": expected an address HOST:PORT (or \
             ray://HOST:PORT), PORT from 1 to 65535",
        ),
        (
            "spark_master=local[2]",
            "--param spark_master=\"local[2]\": expected an address spark://HOST:PORT, PORT \
             from 1 to 65535",
        ),
        (
            "engines=dask,hadoop",
            "--param engines=\"dask,hadoop\": expected one or more of dask, ray, spark, \
             separated by commas",
        ),
    ] {
        let output = common::pyconcepts()
            .args(["demo", "scalability", "--param", param])
            .env("PYTHONHOME", "/nonexistent") // Python must not even start
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert_eq!(output.status.code(), Some(2), "{param}: {stderr}");
        assert_eq!(stderr, format!("pyconcepts: {expected}\n"), "{param}");
    }
}

#[test]
fn an_unreachable_scheduler_skips_only_the_distributed_claim() {
    if !extras::have(
        "an_unreachable_scheduler_skips_only_the_distributed_claim",
        &[Extra::Dask],
    ) {
        return;
    }
    let _report = report(); // not at the same time as the main run
    let _guard = heavy();
    // A port nobody listens on: bound, then let go.
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let scheduler = format!("scheduler=tcp://127.0.0.1:{port}");
    let started = Instant::now();
    let reports = demo_json(
        &[
            &[
                "scalability",
                "--param",
                &scheduler,
                "--param",
                "engines=dask",
            ][..],
            &QUICK,
        ]
        .concat(),
    );
    let report = &reports[0];
    assert!(report.get("error").is_none(), "{report}");
    assert_verdict(report, "scalability.distributed", "skipped");
    let explanation = claim(report, "scalability.distributed")["explanation"]
        .as_str()
        .unwrap();
    assert!(
        explanation.contains(&format!(
            "the scheduler at tcp://127.0.0.1:{port} did not answer within 3 s"
        )),
        "{explanation}"
    );
    for id in [
        "list_in_linear",
        "set_in_constant",
        "caching",
        "parallelism",
    ] {
        let verdict = &claim(report, &format!("scalability.{id}"))["verdict"];
        assert_ne!(verdict, "skipped", "{id}");
    }
    let took = started.elapsed();
    assert!(took < Duration::from_secs(60), "took {took:?}");
}

/// The `distributed` claim's evidence of `pyconcepts demo scalability` with `args` after QUICK,
/// run with `envs` set.
fn quick_distributed(args: &[&str], envs: &[(&str, &str)]) -> Value {
    let mut command = common::pyconcepts();
    command
        .args(["demo", "scalability", "--json"])
        .args(QUICK)
        .args(args);
    for (name, value) in envs {
        command.env(name, value);
    }
    let output = command.output().expect("pyconcepts runs");
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(
        output.status.success(),
        "{stdout}\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let reports = common::parse_reports(&stdout);
    claim(&reports[0], "scalability.distributed").clone()
}

#[test]
fn an_engine_that_is_missing_is_skipped_with_its_install_line() {
    if !extras::have(
        "an_engine_that_is_missing_is_skipped_with_its_install_line",
        &[Extra::Dask],
    ) {
        return;
    }
    let _report = report(); // not at the same time as the main run
    let _guard = heavy();
    // A `ray` that cannot be imported, first on the path; and no `java` to start Spark's JVM.
    let hidden = tempfile::tempdir().unwrap();
    std::fs::write(
        hidden.path().join("ray.py"),
        "raise ImportError(\"No module named 'ray' (hidden by the test)\")\n",
    )
    .unwrap();
    let claim = quick_distributed(
        &[],
        &[
            ("PYTHONPATH", hidden.path().to_str().unwrap()),
            ("PATH", "/nonexistent"),
            ("JAVA_HOME", "/nonexistent"),
        ],
    );
    let e = &claim["evidence"];
    assert_eq!(
        e["ray"]["skipped"],
        "Ray is not importable (No module named 'ray' (hidden by the test)); install it with: \
         pip install ray"
    );
    if extras::have("an_engine_that_is_missing (pyspark)", &[Extra::Spark]) {
        assert_eq!(
            e["spark"]["skipped"],
            "PySpark needs a Java runtime, and there is none on PATH or in JAVA_HOME; install \
             one with: apt-get install openjdk-17-jre-headless"
        );
    }
    // Dask alone decides, as before Ray and Spark joined.
    let verdict = &claim["verdict"];
    assert!(
        verdict == "confirmed" || verdict == "inconclusive",
        "{claim}"
    );
    let explanation = claim["explanation"].as_str().unwrap();
    assert!(
        explanation.contains("Ray skipped: Ray is not importable"),
        "{explanation}"
    );
    assert!(!explanation.contains("Per engine"), "{explanation}");
}

#[test]
fn clusters_given_that_do_not_answer_skip_their_parts_within_seconds() {
    if !extras::have(
        "clusters_given_that_do_not_answer_skip_their_parts_within_seconds",
        &[Extra::Ray, Extra::Spark, Extra::Java],
    ) {
        return;
    }
    let _report = report(); // not at the same time as the main run
    let _guard = heavy();
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let ray_address = format!("ray_address=127.0.0.1:{port}");
    let spark_master = format!("spark_master=spark://127.0.0.1:{port}");
    let started = Instant::now();
    let claim = quick_distributed(
        &[
            "--param",
            "engines=ray,spark",
            "--param",
            &ray_address,
            "--param",
            &spark_master,
        ],
        &[],
    );
    assert_eq!(claim["verdict"], "skipped", "{claim}");
    let explanation = claim["explanation"].as_str().unwrap();
    for reason in [
        "Dask: not chosen (--param engines=ray,spark).".to_owned(),
        format!("Ray: the Ray cluster at 127.0.0.1:{port} did not answer within 3 s."),
        format!("Spark: the Spark master at spark://127.0.0.1:{port} did not answer within 3 s."),
    ] {
        assert!(
            explanation.contains(&reason),
            "no {reason:?} in {explanation}"
        );
    }
    let took = started.elapsed();
    assert!(took < Duration::from_secs(30), "took {took:?}");
}

/// A Ray head node on 127.0.0.1 in a child `python3` (no token: a loopback-only test cluster),
/// its temporary files in a directory of its own; it prints its GCS address, then waits for its
/// stdin to close.
struct ExternalRay {
    child: std::process::Child,
    address: String,
    _dir: tempfile::TempDir,
}

impl ExternalRay {
    fn start() -> ExternalRay {
        let dir = tempfile::Builder::new()
            .prefix("pyconcepts-test-ray-")
            .tempdir()
            .unwrap();
        let script = r#"
import logging, sys
import ray
context = ray.init(num_cpus=2, include_dashboard=False, _temp_dir=sys.argv[1],
                   logging_level=logging.ERROR, log_to_driver=False)
print(context.address_info["gcs_address"], flush=True)
sys.stdin.read()
ray.shutdown()
"#;
        let mut child = Command::new(python())
            .args(["-c", script, dir.path().to_str().unwrap()])
            .env_remove("PYTHONPATH")
            .env("RAY_AUTH_MODE", "disabled")
            .env("RAY_USAGE_STATS_ENABLED", "0")
            .env("RAY_ENABLE_WINDOWS_OR_OSX_CLUSTER", "0")
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("python3 runs");
        let mut line = String::new();
        BufReader::new(child.stdout.take().unwrap())
            .read_line(&mut line)
            .unwrap();
        ExternalRay {
            child,
            address: line.trim().to_owned(),
            _dir: dir,
        }
    }
}

impl Drop for ExternalRay {
    fn drop(&mut self) {
        drop(self.child.stdin.take()); // EOF: the script shuts its cluster down
        let _ = self.child.wait();
    }
}

#[test]
fn an_existing_ray_cluster_is_used_when_given() {
    if !extras::have("an_existing_ray_cluster_is_used_when_given", &[Extra::Ray]) {
        return;
    }
    let _report = report(); // not at the same time as the main run
    let _guard = heavy();
    let cluster = ExternalRay::start();
    assert!(
        cluster.address.starts_with("127.0.0.1:"),
        "{}",
        cluster.address
    );
    let address = format!("ray_address={}", cluster.address);
    let claim = quick_distributed(&["--param", "engines=ray", "--param", &address], &[]);
    let ray = &claim["evidence"]["ray"];
    assert_eq!(ray["cluster"], "existing", "{claim}");
    assert_eq!(ray["address"], cluster.address.as_str());
    assert_eq!(ray["workers"], 2);
    assert_eq!(ray["results_equal"], true);
    // Its processes are the cluster's, not this run's: none is ours to leave behind.
    assert_eq!(ray["leftover_processes"], serde_json::json!([]));
    assert_eq!(ray["others_cores"], Value::Null);
}
