//! `cargo bench --bench startup`: what pyconcepts costs on top of the interpreter it embeds, as
//! pairs of whole processes, hyperfine-style: `pyconcepts demo dict-keys --quiet` against
//! `python3 python_snippets/dict_keys.py`, and `pyconcepts run empty.py` against
//! `python3 empty.py`, with `python3 -S -c pass` (the interpreter with no `site`) as the floor,
//! and, where CPython 3.13 is built, `demo dict-keys --on python3.13` against the embedded run
//! plus `python3.13 python_snippets/dict_keys.py`.
//!
//! `python3` is the real binary of the build the binary links (its `BINDIR`), not a `PATH`
//! lookup that may be a pyenv shim: a shell script would add its own start-up to one side only.
//! Each pair is run interleaved and the median of the paired ratios printed; the target is a
//! ratio within 1.1 for the demo. `cargo test --benches` runs each pair once, and says that a
//! ratio of single runs is no measurement.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// Rounds of each pair under `cargo bench`; each round runs both sides once, in alternating
/// order, so that a machine whose speed drifts (a VM, a laptop's clock) slows both alike.
const ROUNDS: usize = 40;

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

/// Runs `program args` to its end with its output discarded, and times it.
fn time_once(program: &Path, args: &[&std::ffi::OsStr]) -> Duration {
    let started = Instant::now();
    let status = Command::new(program)
        .args(args)
        .env_remove("PYTHONPATH")
        .env("NO_COLOR", "1")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .expect("the process starts");
    let took = started.elapsed();
    assert!(status.success(), "{program:?} {args:?} failed: {status}");
    took
}

fn median(samples: &mut [f64]) -> f64 {
    samples.sort_by(f64::total_cmp);
    samples[samples.len() / 2]
}

/// One side of a pair: a label, and the processes it runs one after the other (a program and
/// its arguments each); its time is theirs together.
struct Side<'a> {
    label: &'a str,
    processes: Vec<(&'a Path, Vec<&'a std::ffi::OsStr>)>,
}

impl Side<'_> {
    fn time(&self) -> Duration {
        self.processes
            .iter()
            .map(|(program, args)| time_once(program, args))
            .sum()
    }
}

/// Runs both sides `rounds` times, interleaved; prints each median and the median of the
/// rounds' ratios (ours / theirs).
fn compare(ours: &Side, theirs: &Side, rounds: usize) {
    let (mut ours_ms, mut theirs_ms, mut ratios) = (Vec::new(), Vec::new(), Vec::new());
    for round in 0..rounds {
        let once = |side: &Side| side.time().as_secs_f64() * 1e3;
        let (a, b) = if round % 2 == 0 {
            let a = once(ours);
            (a, once(theirs))
        } else {
            let b = once(theirs);
            (once(ours), b)
        };
        ours_ms.push(a);
        theirs_ms.push(b);
        ratios.push(a / b);
    }
    let verdict = if rounds < 5 {
        "one round in test mode: not a measurement (`cargo bench --bench startup`)".to_owned()
    } else {
        format!(
            "ratio {:.2} (median of {rounds} paired rounds)",
            median(&mut ratios)
        )
    };
    println!(
        "  {:<36} {:6.1} ms\n  {:<36} {:6.1} ms   {verdict}",
        ours.label,
        median(&mut ours_ms),
        theirs.label,
        median(&mut theirs_ms)
    );
}

fn main() {
    // `cargo bench` passes --bench; `cargo test --benches` does not: then one round checks
    // that every command runs.
    let rounds = if std::env::args().any(|arg| arg == "--bench") {
        ROUNDS
    } else {
        1
    };
    let python = build_python();
    let pyconcepts = Path::new(env!("CARGO_BIN_EXE_pyconcepts"));
    let snippet = Path::new(env!("CARGO_MANIFEST_DIR")).join("python_snippets/dict_keys.py");
    let scratch = tempfile::tempdir().expect("a private temp dir");
    let empty = scratch.path().join("empty.py");
    std::fs::write(&empty, "").expect("writable temp dir");
    let os = |text: &'static str| std::ffi::OsStr::new(text);

    println!("Start-up, median wall time of whole processes:");
    let mut floor: Vec<f64> = (0..rounds)
        .map(|_| time_once(&python, &[os("-S"), os("-c"), os("pass")]).as_secs_f64() * 1e3)
        .collect();
    println!(
        "  {:<36} {:6.1} ms (the floor)",
        "python3 -S -c pass",
        median(&mut floor)
    );
    compare(
        &Side {
            label: "pyconcepts demo dict-keys --quiet",
            processes: vec![(pyconcepts, vec![os("demo"), os("dict-keys"), os("--quiet")])],
        },
        &Side {
            label: "python3 python_snippets/dict_keys.py",
            processes: vec![(&python, vec![snippet.as_os_str()])],
        },
        rounds,
    );
    compare(
        &Side {
            label: "pyconcepts run empty.py",
            processes: vec![(pyconcepts, vec![os("run"), empty.as_os_str()])],
        },
        &Side {
            label: "python3 empty.py",
            processes: vec![(&python, vec![empty.as_os_str()])],
        },
        rounds,
    );
    // A run in another CPython should cost that interpreter's own start-up and the snippet,
    // on top of the embedded run, and nothing more.
    let Some(other) = cpython_313() else {
        println!("  (no CPython 3.13 for `demo --on`: `bash .ci/cpython` builds one)");
        return;
    };
    compare(
        &Side {
            label: "pyconcepts demo dict-keys --on 3.13",
            processes: vec![(
                pyconcepts,
                vec![
                    os("demo"),
                    os("dict-keys"),
                    os("--quiet"),
                    os("--on"),
                    other.as_os_str(),
                ],
            )],
        },
        &Side {
            label: "the same demo + python3.13 dict_keys.py",
            processes: vec![
                (pyconcepts, vec![os("demo"), os("dict-keys"), os("--quiet")]),
                (&other, vec![snippet.as_os_str()]),
            ],
        },
        rounds,
    );
}

/// The CPython 3.13 `.ci/cpython` builds, or the one `PYCONCEPTS_CPYTHON_313` names.
fn cpython_313() -> Option<PathBuf> {
    let named = std::env::var_os("PYCONCEPTS_CPYTHON_313").map(PathBuf::from);
    let cached = std::env::var_os("HOME")
        .map(|home| Path::new(&home).join(".cache/pyconcepts/cpython/3.13.15/bin/python3.13"));
    named.or(cached).filter(|path| path.is_file())
}
