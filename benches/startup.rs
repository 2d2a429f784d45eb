//! `cargo bench --bench startup`: what pyconcepts costs on top of the interpreter it embeds, as
//! pairs of whole processes, hyperfine-style: `pyconcepts demo dict-keys --quiet` against
//! `python3 python_snippets/dict_keys.py`, and `pyconcepts run empty.py` against
//! `python3 empty.py`, with `python3 -S -c pass` (the interpreter with no `site`) as the floor.
//!
//! `python3` is the real binary of the build the binary links (its `BINDIR`), not a `PATH`
//! lookup that may be a pyenv shim: a shell script would add its own start-up to one side only.
//! At the end the medians and the ratio of each pair are printed; the target is a ratio within
//! 1.1 for the demo. `cargo test --benches` runs each pair once, and says that a ratio of single
//! runs is no measurement.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::Mutex;
use std::time::{Duration, Instant};

use criterion::Criterion;

/// Each process run's wall time, in seconds, by benchmark name.
static SAMPLES: Mutex<BTreeMap<&'static str, Vec<f64>>> = Mutex::new(BTreeMap::new());

/// Samples per benchmark; each is one process start, 10–60 ms.
const SAMPLE_SIZE: usize = 30;

/// The pairs compared: (what pyconcepts runs, what python3 runs for the same result).
const PAIRS: [(&str, &str); 2] = [
    ("pyconcepts demo dict-keys --quiet", "python3 dict_keys.py"),
    ("pyconcepts run empty.py", "python3 empty.py"),
];

/// The python3 binary of the build pyconcepts links (PYO3_PYTHON, else `python3` on PATH).
fn build_python() -> PathBuf {
    let python = std::env::var("PYO3_PYTHON").unwrap_or_else(|_| "python3".to_owned());
    let output = Command::new(&python)
        .args([
            "-c",
            "import os, sys, sysconfig; \
             print(os.path.join(sysconfig.get_config_var('BINDIR'), 'python3'))",
        ])
        .output()
        .expect("python3 runs");
    PathBuf::from(String::from_utf8_lossy(&output.stdout).trim())
}

/// Runs `command` to its end with its output discarded, and times it.
fn time_once(command: &mut Command) -> Duration {
    let started = Instant::now();
    let status = command
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .expect("the process starts");
    let took = started.elapsed();
    assert!(status.success(), "{command:?} failed: {status}");
    took
}

fn bench(criterion: &mut Criterion, name: &'static str, make: impl Fn() -> Command) {
    criterion.bench_function(name, |bencher| {
        bencher.iter_custom(|iters| {
            let mut total = Duration::ZERO;
            for _ in 0..iters {
                let took = time_once(&mut make());
                SAMPLES
                    .lock()
                    .unwrap()
                    .entry(name)
                    .or_default()
                    .push(took.as_secs_f64());
                total += took;
            }
            total
        })
    });
}

fn median(samples: &[f64]) -> f64 {
    let mut sorted = samples.to_vec();
    sorted.sort_by(f64::total_cmp);
    sorted[sorted.len() / 2]
}

fn print_pairs() {
    let samples = SAMPLES.lock().unwrap();
    let median_ms = |name: &str| {
        samples.get(name).map(|all| {
            let measured = &all[all.len().saturating_sub(SAMPLE_SIZE)..];
            (median(measured) * 1e3, measured.len())
        })
    };
    println!("\nStart-up, median wall time of whole processes:");
    if let Some((floor, _)) = median_ms("python3 -S -c pass") {
        println!("  {:<36} {floor:6.1} ms (the floor)", "python3 -S -c pass");
    }
    for (ours, theirs) in PAIRS {
        let (Some((ours_ms, runs)), Some((theirs_ms, _))) = (median_ms(ours), median_ms(theirs))
        else {
            continue;
        };
        let ratio = ours_ms / theirs_ms;
        let note = if runs < 3 {
            format!("{runs} run each in criterion's test mode: not a measurement")
        } else {
            format!("ratio {ratio:.2}")
        };
        println!("  {ours:<36} {ours_ms:6.1} ms\n  {theirs:<36} {theirs_ms:6.1} ms   {note}");
    }
}

fn main() {
    let python = build_python();
    let pyconcepts = Path::new(env!("CARGO_BIN_EXE_pyconcepts"));
    let snippets = Path::new(env!("CARGO_MANIFEST_DIR")).join("python_snippets");
    let scratch = tempfile::tempdir().expect("a private temp dir");
    let empty = scratch.path().join("empty.py");
    std::fs::write(&empty, "").expect("writable temp dir");

    let plain = |program: &Path| {
        let mut command = Command::new(program);
        command.env_remove("PYTHONPATH").env("NO_COLOR", "1");
        command
    };
    let mut criterion = Criterion::default()
        .sample_size(SAMPLE_SIZE)
        .warm_up_time(Duration::from_millis(500))
        .measurement_time(Duration::from_secs(2))
        .configure_from_args();
    bench(&mut criterion, "python3 -S -c pass", || {
        let mut command = plain(&python);
        command.args(["-S", "-c", "pass"]);
        command
    });
    bench(&mut criterion, PAIRS[0].0, || {
        let mut command = plain(pyconcepts);
        command.args(["demo", "dict-keys", "--quiet"]);
        command
    });
    bench(&mut criterion, PAIRS[0].1, || {
        let mut command = plain(&python);
        command.arg(snippets.join("dict_keys.py"));
        command
    });
    bench(&mut criterion, PAIRS[1].0, || {
        let mut command = plain(pyconcepts);
        command.arg("run").arg(&empty);
        command
    });
    bench(&mut criterion, PAIRS[1].1, || {
        let mut command = plain(&python);
        command.arg(&empty);
        command
    });
    criterion.final_summary();
    print_pairs();
}
