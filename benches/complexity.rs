//! `cargo bench --bench complexity`: lookups (`absent in data`) on a list, a set, and a set whose
//! keys all hash to 42, then every row of the time-complexity table, across sizes, measured inside
//! the embedded interpreter, as criterion benchmark groups (one per structure or row,
//! parameterised by n). At the end, the growth of each is fitted from criterion's own samples by
//! `pyconcepts::complexity`, the engine the scalability demo and `pyconcepts complexity` judge
//! with, and printed: slope, interval, class, and for the table its verdicts.
//!
//! Each sample times a Python-level loop: for the lookups a `timeit.Timer(...).timeit(iters)`, so
//! criterion sees the cost of one `in` plus timeit's loop overhead, exactly what
//! `python3 -m timeit -p` reports; for the table, the timers of
//! `python_snippets/complexity_table.py` itself (timeit, or fresh containers built outside the
//! clock). The clock is the thread's CPU time, as in the demo: time the OS gives to other
//! programs does not count.
//!
//! Throughput is n elements per operation: a flat elements/s line means the operation touches
//! every element (O(n)); one growing tenfold per decade of n means it does not (O(1)).
//!
//! `cargo test --benches` runs each benchmark once, in criterion's test mode, and the table only
//! at its two smallest sizes; too few samples are then taken to fit anything, and the summary
//! says so.

use std::collections::BTreeMap;
use std::ffi::CString;
use std::io::Write;
use std::sync::Mutex;
use std::time::Duration;

use criterion::{BenchmarkId, Criterion, SamplingMode, Throughput};
use pyconcepts::complexity::table::evidence::Measured;
use pyconcepts::complexity::table::judge::judge;
use pyconcepts::complexity::table::rows::{Row, ROWS};
use pyconcepts::complexity::table::terminal::{self, Columns};
use pyconcepts::complexity::table::SNIPPET;
use pyconcepts::complexity::{Fit, Point};
use pyconcepts::output::render::Style;
use pyo3::prelude::*;
use pyo3::types::{PyDict, PyModule};

/// Samples per benchmark: criterion's minimum, so that the table's ~350 benchmarks fit in
/// minutes.
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

/// Nanoseconds per operation of every sample taken, by structure or row and size, in order.
static SAMPLES: Mutex<BTreeMap<(&'static str, u64), Vec<f64>>> = Mutex::new(BTreeMap::new());

/// Records one sample and returns the time of `iters` operations for criterion.
fn record(key: (&'static str, u64), seconds: f64, iters: u64) -> Duration {
    SAMPLES
        .lock()
        .unwrap()
        .entry(key)
        .or_default()
        .push(seconds * 1e9 / iters as f64);
    Duration::from_secs_f64(seconds)
}

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
    record(key, seconds, iters)
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

/// What the bench adds to the table's snippet: a timer of one row at one size, and `iters`
/// operations timed with it, in seconds.
const TABLE_TIMING: &str = r#"
def bench_timer(operation, n):
    row = next(row for row in ROWS if row.operation == operation)
    return (FreshTimer if row.fresh else SteadyTimer)(row, build(row, n))


def bench_time(timer, iters):
    if isinstance(timer, SteadyTimer):
        return timer.timer.timeit(iters)
    count = -(-iters // timer.ops)  # enough fresh containers for `iters` operations
    elapsed = timer.run(count)[0]
    return elapsed / 1e9 * iters / (count * timer.ops)
"#;

/// The table's snippet as a module, with the bench's helpers.
fn table_module(py: Python<'_>) -> PyResult<Bound<'_, PyModule>> {
    // The snippet imports its shared module `machine_load` from beside it, as it does standalone.
    let snippets = concat!(env!("CARGO_MANIFEST_DIR"), "/python_snippets");
    py.import("sys")?
        .getattr("path")?
        .call_method1("insert", (0, snippets))?;
    let code = CString::new(format!("{}\n{TABLE_TIMING}", SNIPPET.embedded))?;
    let module = PyModule::from_code(py, &code, c"complexity_table.py", c"complexity_table")?;
    module.call_method0("steady_allocator")?;
    Ok(module)
}

/// The sizes the snippet measures a row at.
fn row_sizes(module: &Bound<'_, PyModule>, row: &Row) -> PyResult<Vec<u64>> {
    for candidate in module.getattr("ROWS")?.try_iter()? {
        let candidate = candidate?;
        if candidate.getattr("operation")?.extract::<String>()? == row.operation {
            return candidate.getattr("sizes")?.extract();
        }
    }
    Ok(Vec::new())
}

fn bench_row(
    criterion: &mut Criterion,
    module: &Py<PyModule>,
    row: &'static Row,
    test_mode: bool,
) -> Vec<u64> {
    let mut sizes = Python::attach(|py| row_sizes(module.bind(py), row)).expect("reads the rows");
    if test_mode {
        sizes.truncate(2);
    }
    let mut group =
        criterion.benchmark_group(format!("table/{}: {}", row.container, row.operation));
    group.sampling_mode(SamplingMode::Flat);
    // Some 350 benchmarks: shorter than the lookups' so that the table takes minutes, and fewer
    // bootstrap resamples for criterion's own statistics (the fit at the end has its own).
    group.warm_up_time(Duration::from_millis(100));
    group.measurement_time(Duration::from_millis(400));
    group.nresamples(5_000);
    for &n in &sizes {
        group.throughput(Throughput::Elements(n));
        let mut timer: Option<Py<PyAny>> = None;
        group.bench_with_input(BenchmarkId::from_parameter(n), &n, |bencher, &n| {
            let timer = timer.get_or_insert_with(|| {
                Python::attach(|py| {
                    module
                        .bind(py)
                        .call_method1("bench_timer", (row.operation, n))
                        .map(Bound::unbind)
                })
                .expect("builds the row's timer")
            });
            bencher.iter_custom(|iters| {
                let seconds: f64 = Python::attach(|py| {
                    module
                        .bind(py)
                        .call_method1("bench_time", (timer.clone_ref(py), iters))
                        .and_then(|seconds| seconds.extract())
                        .expect("the row's timer runs")
                });
                record((row.operation, n), seconds, iters)
            });
        });
        Python::attach(|_| drop(timer));
    }
    group.finish();
    sizes
}

/// The last `SAMPLE_SIZE` samples of each size (criterion's measurement; the earlier ones are
/// its warm-up), as the engine's points.
fn points(key: &'static str, sizes: &[u64]) -> Vec<Point> {
    let samples = SAMPLES.lock().unwrap();
    sizes
        .iter()
        .filter_map(|&n| {
            let all = samples.get(&(key, n))?;
            let measured = &all[all.len().saturating_sub(SAMPLE_SIZE)..];
            Some(Point::new(n as f64, measured.to_vec()))
        })
        .collect()
}

/// The fitted growth of each lookup structure.
fn print_fits() {
    println!("\nGrowth fitted by pyconcepts::complexity from criterion's samples (ns per lookup):");
    for structure in &STRUCTURES {
        let points = points(structure.name, structure.sizes);
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

/// The table, each row fitted and judged from criterion's samples as `pyconcepts complexity`
/// judges its own.
fn print_table(measured: &[(&'static Row, Vec<u64>)]) {
    let style = Style::detect(false);
    let rows: Vec<&Row> = measured.iter().map(|(row, _)| *row).collect();
    let columns = Columns::for_rows(&rows);
    println!(
        "\nThe time-complexity table, fitted by pyconcepts::complexity from criterion's samples:"
    );
    let mut out = std::io::stdout().lock();
    let mut group = None;
    let mut one_sample = 0;
    for (row, sizes) in measured {
        let points = points(row.operation, sizes);
        if points.is_empty() {
            continue;
        }
        if points.iter().all(|point| point.repeats.len() == 1) {
            one_sample += 1;
            continue;
        }
        let evidence = Measured {
            statement: String::new(),
            setup: String::new(),
            note: "criterion's samples".to_owned(),
            clock: "time.thread_time".to_owned(),
            sizes: points.iter().map(|point| point.n).collect(),
            ns_per_op: points.iter().map(Point::median).collect(),
            repeats_ns_per_op: points.iter().map(|point| point.repeats.clone()).collect(),
            loops_per_repeat: Vec::new(),
            repeat_seconds: 0.0,
            // Criterion takes a benchmark's samples one after another, not in rounds.
            interleaved: false,
            others_cores: None,
            fresh: None,
            timeit: None,
            big_o: None,
        };
        if group != Some(row.container) {
            terminal::group(&mut out, style, row.container).expect("stdout");
            group = Some(row.container);
        }
        terminal::row(&mut out, style, columns, row, &judge(row, Ok(evidence))).expect("stdout");
    }
    if one_sample > 0 {
        writeln!(
            out,
            "  {one_sample} rows not fitted: one sample per size in criterion's test mode; \
             `cargo bench --bench complexity` takes {SAMPLE_SIZE}"
        )
        .expect("stdout");
    }
}

fn main() {
    pyconcepts::python::interpreter::start().expect("the embedded interpreter starts");
    // Criterion's own rule: `cargo bench` passes --bench; `cargo test --benches` passes nothing
    // (or `cargo bench -- --test` both), and each benchmark then runs once.
    let bench = std::env::args().any(|arg| arg == "--bench");
    let test_mode = !bench || std::env::args().any(|arg| arg == "--test");
    let mut criterion = Criterion::default()
        .sample_size(SAMPLE_SIZE)
        .warm_up_time(Duration::from_millis(500))
        .measurement_time(Duration::from_millis(1_500))
        .nresamples(20_000)
        .configure_from_args();
    for structure in &STRUCTURES {
        bench_structure(&mut criterion, structure);
    }
    let module = Python::attach(|py| table_module(py).map(Bound::unbind))
        .expect("the table's snippet loads");
    let measured: Vec<(&'static Row, Vec<u64>)> = ROWS
        .iter()
        .map(|row| (row, bench_row(&mut criterion, &module, row, test_mode)))
        .collect();
    criterion.final_summary();
    print_fits();
    print_table(&measured);
}
