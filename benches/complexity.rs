//! `cargo bench --bench complexity`: `absent in data` on a list, a set, and a set whose keys all
//! hash to 42, across sizes, measured inside the embedded interpreter, as criterion benchmark
//! groups (one per structure, parameterised by n). At the end, the growth of each structure is
//! fitted from criterion's own samples by `pyconcepts::complexity`, the engine the scalability
//! demo judges with, and printed: slope, interval, class.
//!
//! Each sample times a Python-level `timeit` loop (`timeit.Timer(...).timeit(iters)`), so
//! criterion sees the cost of one `in` plus timeit's loop overhead, exactly what
//! `python3 -m timeit -p` reports. The clock is the thread's CPU time, as in the demo: time the
//! OS gives to other programs does not count.
//!
//! Throughput is n elements per lookup: a flat elements/s line means the lookup scans
//! everything (O(n)); one growing tenfold per decade of n means it does not (O(1)).
//!
//! `cargo test --benches` runs each benchmark once, in criterion's test mode; too few samples
//! are then taken to fit anything, and the summary says so.

use std::collections::BTreeMap;
use std::ffi::CString;
use std::sync::Mutex;
use std::time::Duration;

use criterion::{BenchmarkId, Criterion, SamplingMode, Throughput};
use pyconcepts::complexity::{Fit, Point};
use pyo3::prelude::*;
use pyo3::types::PyDict;

/// Samples per benchmark: criterion's minimum, so that 27 benchmarks fit in about a minute.
const SAMPLE_SIZE: usize = 10;

struct Structure {
    name: &'static str,
    /// Python that builds `data` (of size `n`) and `absent` in a namespace.
    build: &'static str,
    sizes: &'static [u64],
}

/// 10² … 10⁶, two per decade, as in the demo.
const WIDE: &[u64] = &[
    100, 316, 1_000, 3_162, 10_000, 31_623, 100_000, 316_228, 1_000_000,
];
/// 10² … 10⁴, four per decade: building a colliding set is quadratic.
const COLLIDING: &[u64] = &[100, 178, 316, 562, 1_000, 1_778, 3_162, 5_623, 10_000];

const STRUCTURES: [Structure; 3] = [
    Structure {
        name: "list",
        build: "data = list(range(n)); absent = -1",
        sizes: WIDE,
    },
    Structure {
        name: "set",
        build: "data = set(range(n)); absent = -1",
        sizes: WIDE,
    },
    Structure {
        name: "colliding_set",
        build: "class CollidingInt(int):\n    def __hash__(self):\n        return 42\n\
                data = {CollidingInt(i) for i in range(n)}; absent = CollidingInt(-1)",
        sizes: COLLIDING,
    },
];

/// Nanoseconds per lookup of every sample taken, by structure and size, in order.
static SAMPLES: Mutex<BTreeMap<(&'static str, u64), Vec<f64>>> = Mutex::new(BTreeMap::new());

/// A `timeit.Timer` for `absent in data` over a freshly built structure of size `n`.
fn build_timer(py: Python<'_>, structure: &Structure, n: u64) -> PyResult<Py<PyAny>> {
    let namespace = PyDict::new(py);
    namespace.set_item("n", n)?;
    let code = CString::new(structure.build)?;
    py.run(&code, Some(&namespace), Some(&namespace))?;
    let globals = PyDict::new(py);
    globals.set_item("structure", namespace.get_item("data")?)?;
    globals.set_item("missing", namespace.get_item("absent")?)?;
    let kwargs = PyDict::new(py);
    kwargs.set_item("setup", "data = structure; absent = missing")?;
    kwargs.set_item("timer", py.import("time")?.getattr("thread_time")?)?;
    kwargs.set_item("globals", globals)?;
    let timer = py
        .import("timeit")?
        .getattr("Timer")?
        .call(("absent in data",), Some(&kwargs))?;
    Ok(timer.unbind())
}

/// Runs `iters` lookups and records the time of one.
fn time_lookups(timer: &Py<PyAny>, iters: u64, key: (&'static str, u64)) -> Duration {
    let seconds: f64 = Python::attach(|py| {
        timer
            .bind(py)
            .call_method1("timeit", (iters,))
            .and_then(|elapsed| elapsed.extract())
            .expect("timeit runs")
    });
    SAMPLES
        .lock()
        .unwrap()
        .entry(key)
        .or_default()
        .push(seconds * 1e9 / iters as f64);
    Duration::from_secs_f64(seconds)
}

fn bench_structure(criterion: &mut Criterion, structure: &'static Structure) {
    let mut group = criterion.benchmark_group(format!("absent_in_{}", structure.name));
    // Every sample runs the same number of lookups: the slow sizes (milliseconds per lookup)
    // would otherwise need minutes for criterion's linear sampling.
    group.sampling_mode(SamplingMode::Flat);
    for &n in structure.sizes {
        group.throughput(Throughput::Elements(n));
        // Built on first use, once: criterion calls the routine for every warm-up round and
        // sample, and skips it altogether for benchmarks its filter leaves out.
        let mut timer: Option<Py<PyAny>> = None;
        group.bench_with_input(BenchmarkId::from_parameter(n), &n, |bencher, &n| {
            let timer = timer.get_or_insert_with(|| {
                Python::attach(|py| build_timer(py, structure, n)).expect("builds the structure")
            });
            bencher.iter_custom(|iters| time_lookups(timer, iters, (structure.name, n)));
        });
        // Release the structure (a million ints) before building the next one.
        Python::attach(|_| drop(timer));
    }
    group.finish();
}

/// The fitted growth of each structure, from the last `SAMPLE_SIZE` samples of each size
/// (criterion's measurement; the earlier ones are its warm-up).
fn print_fits() {
    let samples = SAMPLES.lock().unwrap();
    println!("\nGrowth fitted by pyconcepts::complexity from criterion's samples (ns per lookup):");
    for structure in &STRUCTURES {
        let points: Vec<Point> = structure
            .sizes
            .iter()
            .filter_map(|&n| {
                let all = samples.get(&(structure.name, n))?;
                let measured = &all[all.len().saturating_sub(SAMPLE_SIZE)..];
                Some(Point::new(n as f64, measured.to_vec()))
            })
            .collect();
        if points.is_empty() {
            println!("  {:<14} not run (left out by the filter)", structure.name);
            continue;
        }
        match Fit::from_points(&points) {
            Ok(fit) => {
                let best = fit.best();
                println!(
                    "  {:<14} {}; best fit {} at {:.2} ns × f(n)",
                    structure.name,
                    fit.summary(),
                    best.class,
                    best.constant
                );
            }
            Err(why) if points.iter().all(|p| p.repeats.len() == 1) => println!(
                "  {:<14} not fitted: one sample per size in criterion's test mode; \
                 `cargo bench --bench complexity` takes {SAMPLE_SIZE} ({why})",
                structure.name
            ),
            Err(why) => println!("  {:<14} not fitted: {why}", structure.name),
        }
    }
}

fn main() {
    pyconcepts::python::interpreter::start().expect("the embedded interpreter starts");
    let mut criterion = Criterion::default()
        .sample_size(SAMPLE_SIZE)
        .warm_up_time(Duration::from_millis(500))
        .measurement_time(Duration::from_millis(1_500))
        .nresamples(20_000)
        .configure_from_args();
    for structure in &STRUCTURES {
        bench_structure(&mut criterion, structure);
    }
    criterion.final_summary();
    print_fits();
}
