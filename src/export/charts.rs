//! Which charts a demo's report gets, and their data, read from the evidence in its claims: the
//! complexity curves of `scalability` (fitted by [`crate::complexity`], the engine its judges
//! use), the GIL's speedup and cores used per kind of code, and `concurrency`'s table as bars.
//!
//! A chart whose evidence is missing, skipped or of another shape is simply absent; one whose
//! evidence is there but cannot be drawn (no positive time, values spanning absurd ranges, rows
//! of infinite speedup) is left out with a note saying why. A report never fails, panics or
//! hangs for want of a picture.

use serde::Deserialize;
use serde_json::Value;

use super::svg::{self, BarRow, Bars, Curve, FittedLine, LogLog};
use crate::complexity::{Class, Fit, Point, Resampling};
use crate::output::chart::format_ns;
use crate::report::Report;

/// One chart of a report, drawn.
#[derive(Debug, Clone)]
pub struct Chart {
    /// Names the chart's file beside a Markdown report (`<stem>-<name>.svg`) and its anchor.
    pub name: &'static str,
    pub title: String,
    /// What to look for in it: the caption, and the text for readers who cannot see it.
    pub caption: String,
    /// The data marks drawn (points or bars): the SVG holds at least this many.
    pub marks: usize,
    /// A standalone SVG document (`<svg xmlns=…>`), also fit to be inlined in HTML.
    pub svg: String,
}

/// The charts of a report: those drawn, in the order they are shown, and a sentence for each
/// one left out.
#[derive(Debug, Clone, Default)]
pub struct Charts {
    pub drawn: Vec<Chart>,
    /// "The chart … is left out: <why>." for each chart whose evidence could not be drawn.
    pub left_out: Vec<String>,
}

/// What a chart builder made of its evidence: nothing to draw (`None`: the evidence is missing
/// or of another shape), a chart, or the note of a chart left out.
type Drawn = Option<Result<Chart, String>>;

/// The largest speedup or core count a bar may show; beyond it the evidence is garbage.
const LARGEST_BAR: f64 = 10_000.0;

/// The charts of `report`.
pub fn for_report(report: &Report) -> Charts {
    let evidence = |key: &str| {
        report
            .claims
            .iter()
            .find(|claim| claim.id.split_once('.').map(|(_, k)| k) == Some(key))
            .map(|claim| &claim.evidence)
    };
    let drawn: Vec<Drawn> = match report.demo {
        "scalability" => vec![complexity(&evidence)],
        "gil" => vec![gil(&evidence)],
        "concurrency" => vec![concurrency_cpu(&evidence), concurrency_io(&evidence)],
        _ => Vec::new(),
    };
    let mut charts = Charts::default();
    for chart in drawn.into_iter().flatten() {
        match chart {
            Ok(chart) => charts.drawn.push(chart),
            Err(note) => charts.left_out.push(note),
        }
    }
    charts
}

/// Reads a claim's evidence, if it has the shape: a skipped claim's `{"skipped": …}` does not.
fn typed<T: for<'de> Deserialize<'de>>(value: Option<&Value>) -> Option<T> {
    value.and_then(|value| T::deserialize(value).ok())
}

// --- scalability: the log-log complexity chart -------------------------------------------------

/// A lookup curve as the scalability snippet records it.
#[derive(Deserialize)]
struct LookupCurve {
    sizes: Vec<f64>,
    repeats_ns_per_op: Vec<Vec<f64>>,
    #[serde(default)]
    interleaved: bool,
}

impl LookupCurve {
    /// The same fit the demo's judge made (same engine, same resampling, fixed seed), or why
    /// there is none.
    fn fit(&self) -> Result<Fit, String> {
        if self.sizes.len() != self.repeats_ns_per_op.len() {
            return Err(format!(
                "{} sizes but {} sets of repeats",
                self.sizes.len(),
                self.repeats_ns_per_op.len()
            ));
        }
        let points: Vec<Point> = self
            .sizes
            .iter()
            .zip(&self.repeats_ns_per_op)
            .map(|(&n, repeats)| Point::new(n, repeats.clone()))
            .collect();
        let resampling = if self.interleaved {
            Resampling::Rounds
        } else {
            Resampling::Independent
        };
        Fit::with_resampling(&points, resampling).map_err(|err| format!("{err:#}"))
    }
}

fn complexity<'a>(evidence: &impl Fn(&str) -> Option<&'a Value>) -> Drawn {
    let mut curves = Vec::new();
    let mut unfit = Vec::new();
    for (key, label, color) in [
        ("list_in_linear", "list", svg::BLUE),
        ("set_in_constant", "set", svg::GREEN),
        ("set_worst_case_linear", "set, equal hashes", svg::RED),
    ] {
        let Some(curve) = typed::<LookupCurve>(evidence(key)) else {
            continue;
        };
        let fit = match curve.fit() {
            Ok(fit) => fit,
            Err(why) => {
                unfit.push(format!("{label} ({why})"));
                continue;
            }
        };
        let best = fit.best();
        let unit = match best.class {
            Class::Constant => String::new(),
            Class::Linear => " per element".to_owned(),
            other => format!(
                " × {}",
                other.label().trim_start_matches("O(").trim_end_matches(')')
            ),
        };
        let fitted = match fit.class {
            Some(class) => format!("{class}, {}{unit}", format_ns(best.constant)),
            None => format!("closest {}, inconclusive", best.class),
        };
        curves.push(Curve {
            label: format!("{label}: {fitted}"),
            color,
            points: fit
                .sizes
                .iter()
                .copied()
                .zip(fit.medians.iter().copied())
                .collect(),
            fitted: Some(FittedLine {
                from: fit.sizes[0],
                to: fit.sizes[fit.sizes.len() - 1],
                at: Box::new(move |n| best.constant * best.class.shape(n)),
            }),
        });
    }
    let title = "Time per lookup of an absent value";
    if curves.is_empty() {
        return (!unfit.is_empty()).then(|| Err(left_out(title, &unfit.join("; "))));
    }
    let marks = curves.iter().map(|curve| curve.points.len()).sum();
    let chart = LogLog {
        title: title.to_owned(),
        x_label: "n (elements), logarithmic".to_owned(),
        y_label: "time per lookup".to_owned(),
        curves,
    };
    let svg = match svg::loglog(&chart) {
        Ok(svg) => svg,
        Err(err) => return Some(Err(left_out(title, &format!("{err:#}")))),
    };
    let mut caption = "Both axes are logarithmic, so a power law is a straight line whose \
                       steepness is its exponent: O(1) is flat, O(n) climbs one decade of time \
                       per decade of n. Dots: the median of the repeats at each size; dashed: the \
                       fitted class."
        .to_owned();
    if !unfit.is_empty() {
        caption.push_str(&format!(" Not drawn: {}.", unfit.join("; ")));
    }
    Some(Ok(Chart {
        name: "complexity",
        title: chart.title,
        caption,
        marks,
        svg,
    }))
}

/// The note of a chart left out.
fn left_out(title: &str, why: &str) -> String {
    format!("The chart “{title}” is left out: {why}.")
}

// --- gil: speedup and cores used, per kind of code ----------------------------------------------

/// The same work in turn and on threads, as the gil snippet records every comparison.
#[derive(Deserialize)]
struct Comparison {
    sequential_s: f64,
    threaded_s: f64,
    threaded_cpu_s: f64,
}

impl Comparison {
    fn row(&self, label: impl Into<String>) -> Option<BarRow> {
        (self.threaded_s > 0.0 && self.sequential_s > 0.0).then(|| BarRow {
            label: label.into(),
            speedup: self.sequential_s / self.threaded_s,
            cores_used: self.threaded_cpu_s / self.threaded_s,
        })
    }
}

#[derive(Deserialize)]
struct CpuThreads {
    threads: u32,
    cores: u32,
    python: Comparison,
}

#[derive(Deserialize)]
struct NativeCode {
    burn: Value,
    hashlib: Value,
}

#[derive(Deserialize)]
struct IoThreads {
    threads: u32,
    sequential_s: f64,
    threaded_s: f64,
    #[serde(default)]
    threaded_cpu_s: f64,
}

#[derive(Deserialize)]
struct Runtime {
    #[serde(default)]
    status: String,
    implementation: Option<String>,
    name: Option<String>,
    version: Option<String>,
    #[serde(flatten)]
    run: Value,
    nogil: Option<Value>,
    holding_gil: Option<Value>,
}

#[derive(Deserialize)]
struct ImplementationSpecific {
    runtimes: Vec<Runtime>,
}

fn gil<'a>(evidence: &impl Fn(&str) -> Option<&'a Value>) -> Drawn {
    let cpu: Option<CpuThreads> = typed(evidence("cpu_threads_serialised"));
    let mut rows = Vec::new();
    if let Some(cpu) = &cpu {
        rows.extend(cpu.python.row("CPython: pure-Python loop"));
    }
    let runtimes: Option<ImplementationSpecific> = typed(evidence("implementation_specific"));
    let mut native = Vec::new();
    for runtime in runtimes.map(|r| r.runtimes).unwrap_or_default() {
        if runtime.status != "ran" {
            continue;
        }
        let name = runtime
            .implementation
            .or_else(|| runtime.name.as_deref().map(capitalised))
            .unwrap_or_else(|| "runtime".to_owned());
        let name = match runtime.version {
            Some(version) if !name.contains(&version) => format!("{name} {version}"),
            _ => name,
        };
        match (runtime.holding_gil, runtime.nogil) {
            (None, None) => {
                let run: Option<Comparison> = typed(Some(&runtime.run));
                rows.extend(run.and_then(|run| run.row(format!("{name}: pure-Python loop"))));
            }
            (holding, nogil) => {
                let holding: Option<Comparison> = typed(holding.as_ref());
                native.extend(holding.and_then(|run| run.row(format!("{name}: C loop, GIL held"))));
                let nogil: Option<Comparison> = typed(nogil.as_ref());
                native.extend(nogil.and_then(|run| run.row(format!("{name}: C loop, nogil"))));
            }
        }
    }
    rows.extend(native);
    if let Some(native) = typed::<NativeCode>(evidence("released_by_native_code")) {
        let hashlib: Option<Comparison> = typed(Some(&native.hashlib));
        rows.extend(hashlib.and_then(|run| run.row("hashlib.sha256 (C, releases the GIL)")));
        let burn: Option<Comparison> = typed(Some(&native.burn));
        rows.extend(burn.and_then(|run| run.row("Rust, GIL released (_pyconcepts.burn)")));
    }
    let cpu_rows = rows.len();
    if let Some(io) = typed::<IoThreads>(evidence("io_threads_overlap")) {
        let run = Comparison {
            sequential_s: io.sequential_s,
            threaded_s: io.threaded_s,
            threaded_cpu_s: io.threaded_cpu_s,
        };
        rows.extend(run.row(format!("time.sleep on {} threads (I/O)", io.threads)));
    }
    if rows.is_empty() {
        return None;
    }
    let (threads, cores) = cpu.map_or((0, 0), |cpu| (cpu.threads, cpu.cores));
    let possible = threads.min(cores);
    let title = if possible > 0 {
        format!("The GIL: {threads} threads on {cores} cores")
    } else {
        "The GIL: threads against one".to_owned()
    };
    let io_note = if rows.len() > cpu_rows {
        " The last row waits instead of computing: its threads overlap without using a core."
    } else {
        ""
    };
    bars_chart(
        "gil",
        Bars {
            title,
            rows,
            ideal: (possible > 1).then(|| (f64::from(possible), format!("{possible} cores"))),
        },
        format!(
            "The same work done in turn, then split over threads. Speedup = time in turn ÷ time \
             on threads; cores used = CPU time ÷ wall time. Code that holds the GIL stays near 1 \
             core whatever the threads; code that releases it can use every core the machine \
             gives it.{io_note}"
        ),
    )
}

// --- concurrency: the models' table as bars ------------------------------------------------------

/// One model's best run, as the concurrency snippet records it.
#[derive(Deserialize)]
struct Timing {
    wall_s: f64,
    cores_used: f64,
}

#[derive(Deserialize)]
struct Models {
    sequential: Timing,
    threading: Timing,
    multiprocessing: Timing,
    asyncio: Timing,
}

impl Models {
    fn rows(&self) -> Vec<BarRow> {
        [
            ("sequential", &self.sequential),
            ("threading", &self.threading),
            ("multiprocessing", &self.multiprocessing),
            ("asyncio", &self.asyncio),
        ]
        .into_iter()
        .filter(|(_, timing)| timing.wall_s > 0.0)
        .map(|(model, timing)| BarRow {
            label: format!("{model} ({})", format_ns(timing.wall_s * 1e9)),
            speedup: self.sequential.wall_s / timing.wall_s,
            cores_used: timing.cores_used,
        })
        .collect()
    }
}

#[derive(Deserialize)]
struct CpuBound {
    cores: u32,
    workers: u32,
    tasks: u32,
    models: Models,
}

#[derive(Deserialize)]
struct IoBound {
    requests: u32,
    delay_ms: f64,
    models: Models,
}

fn concurrency_cpu<'a>(evidence: &impl Fn(&str) -> Option<&'a Value>) -> Drawn {
    let e: CpuBound = typed(evidence("cpu_bound_needs_processes"))?;
    let possible = e.workers.min(e.cores);
    bars_chart(
        "concurrency-cpu",
        Bars {
            title: format!(
                "CPU-bound: {} tasks, {} workers, {} cores",
                e.tasks, e.workers, e.cores
            ),
            rows: e.models.rows(),
            ideal: (possible > 1).then(|| (f64::from(possible), format!("{possible} cores"))),
        },
        "Each model's wall time in brackets. Speedup = sequential time ÷ the model's time; \
         cores used = CPU time of every process of ours ÷ wall time."
            .to_owned(),
    )
}

fn concurrency_io<'a>(evidence: &impl Fn(&str) -> Option<&'a Value>) -> Drawn {
    let e: IoBound = typed(evidence("io_bound_threads_or_asyncio"))?;
    bars_chart(
        "concurrency-io",
        Bars {
            title: format!(
                "I/O-bound: {} requests, {:.0} ms each",
                e.requests, e.delay_ms
            ),
            rows: e.models.rows(),
            ideal: (e.requests > 1).then(|| {
                (
                    f64::from(e.requests),
                    format!("{} waits at once", e.requests),
                )
            }),
        },
        "Each model's wall time in brackets. Waiting needs no core: threads and coroutines \
         overlap the waits while using almost no CPU."
            .to_owned(),
    )
}

/// "Cython" for "cython".
fn capitalised(name: &str) -> String {
    let mut chars = name.chars();
    chars.next().map_or_else(String::new, |first| {
        first.to_uppercase().chain(chars).collect()
    })
}

/// A bar chart of the rows whose values can be drawn (finite, 0 to [`LARGEST_BAR`]); the
/// others are named in the caption, and with none left the chart is left out.
fn bars_chart(name: &'static str, mut bars: Bars, mut caption: String) -> Drawn {
    if bars.rows.is_empty() {
        return None;
    }
    let drawable = |value: f64| (0.0..=LARGEST_BAR).contains(&value);
    let (rows, undrawable): (Vec<BarRow>, Vec<BarRow>) = bars
        .rows
        .into_iter()
        .partition(|row| drawable(row.speedup) && drawable(row.cores_used));
    bars.rows = rows;
    bars.ideal = bars.ideal.filter(|(ideal, _)| drawable(*ideal));
    let undrawable: Vec<String> = undrawable
        .iter()
        .map(|row| {
            format!(
                "{} (speedup {}, cores used {})",
                row.label, row.speedup, row.cores_used
            )
        })
        .collect();
    let why = format!(
        "{} not a number from 0 to {LARGEST_BAR}",
        undrawable.join("; ")
    );
    if bars.rows.is_empty() {
        return Some(Err(left_out(&bars.title, &why)));
    }
    if !undrawable.is_empty() {
        caption.push_str(&format!(" Not drawn: {why}."));
    }
    let svg = match svg::bars(&bars) {
        Ok(svg) => svg,
        Err(err) => return Some(Err(left_out(&bars.title, &format!("{err:#}")))),
    };
    Some(Ok(Chart {
        name,
        marks: 2 * bars.rows.len(),
        title: bars.title,
        caption,
        svg,
    }))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::export::tests::{claim, report, scalability_report};
    use crate::report::Verdict;
    use serde_json::json;

    fn with_evidence(demo: &'static str, evidence: &[(&'static str, Value)]) -> Report {
        let claims = evidence
            .iter()
            .map(|(id, value)| {
                let mut claim = claim(id, Verdict::Confirmed, "x");
                claim.evidence = value.clone();
                claim
            })
            .collect();
        report(demo, claims)
    }

    fn comparison(sequential: f64, threaded: f64, cpu: f64) -> Value {
        json!({"sequential_s": sequential, "threaded_s": threaded, "threaded_cpu_s": cpu,
               "rounds": []})
    }

    #[test]
    fn the_complexity_chart_draws_the_curves_measured_and_their_fits() {
        let charts = for_report(&scalability_report()).drawn;
        assert_eq!(charts.len(), 1);
        let chart = &charts[0];
        assert_eq!(chart.name, "complexity");
        // Two curves of nine sizes; the skipped colliding set is not drawn.
        assert_eq!(chart.marks, 18);
        // The dots, and one in the legend per curve.
        assert_eq!(
            chart.svg.matches("<circle").count(),
            18 + 2,
            "{}",
            chart.svg
        );
        assert!(
            chart.svg.contains("list: O(n), 7.03 ns per element"),
            "{}",
            chart.svg
        );
        assert!(chart.svg.contains("set: O(1), 15.0 ns"), "{}", chart.svg);
        assert!(!chart.svg.contains("hashes equal"));
    }

    #[test]
    fn no_evidence_no_chart() {
        let mut skipped = scalability_report();
        for claim in &mut skipped.claims {
            claim.evidence = json!({"skipped": "no time"});
        }
        assert!(for_report(&skipped).drawn.is_empty());
        assert!(for_report(&with_evidence("dict-keys", &[]))
            .drawn
            .is_empty());
        assert!(for_report(&with_evidence("gil", &[])).drawn.is_empty());
        assert!(for_report(&with_evidence("concurrency", &[]))
            .left_out
            .is_empty());
        assert!(for_report(&with_evidence("concurrency", &[]))
            .drawn
            .is_empty());
    }

    #[test]
    fn subnormal_times_leave_the_complexity_chart_out_with_a_note_instead_of_hanging() {
        // Once an endless loop in plotters' log axis: the axis started at 10^-324 = 0.
        let mut report = scalability_report();
        for claim in &mut report.claims[..2] {
            let sizes = claim.evidence["sizes"].as_array().unwrap().len();
            claim.evidence["repeats_ns_per_op"] = json!(vec![vec![5e-324; 5]; sizes]);
        }
        let charts = for_report(&report);
        assert!(charts.drawn.is_empty());
        assert_eq!(charts.left_out.len(), 1, "{:?}", charts.left_out);
        let note = &charts.left_out[0];
        assert!(
            note.starts_with("The chart “Time per lookup of an absent value” is left out:"),
            "{note}"
        );
    }

    #[test]
    fn a_curve_that_cannot_be_fitted_is_named_under_the_chart() {
        let mut report = scalability_report();
        report.claims[1].evidence["sizes"] = json!([100.0, 1000.0]);
        let charts = for_report(&report);
        assert_eq!(charts.drawn.len(), 1);
        assert!(
            charts.drawn[0]
                .caption
                .contains("Not drawn: set (2 sizes but 9 sets of repeats)."),
            "{}",
            charts.drawn[0].caption
        );
    }

    #[test]
    fn bars_that_cannot_be_drawn_are_named_and_the_rest_drawn() {
        let report = with_evidence(
            "gil",
            &[
                (
                    "gil.cpu_threads_serialised",
                    json!({"threads": 2, "cores": 2, "python": comparison(0.2, 0.2, 0.2)}),
                ),
                (
                    "gil.released_by_native_code",
                    json!({"burn": comparison(1e308, 5e-324, 0.2),
                           "hashlib": comparison(0.2, 0.1, 0.2)}),
                ),
            ],
        );
        let charts = for_report(&report);
        assert_eq!(charts.drawn.len(), 1);
        let chart = &charts.drawn[0];
        assert_eq!(chart.marks, 4, "{}", chart.svg);
        assert!(
            chart.caption.contains("Not drawn: Rust, GIL released"),
            "{}",
            chart.caption
        );
        let only_bad = with_evidence(
            "gil",
            &[(
                "gil.cpu_threads_serialised",
                json!({"threads": 2, "cores": 2, "python": comparison(1e308, 1e-300, 0.2)}),
            )],
        );
        let charts = for_report(&only_bad);
        assert!(charts.drawn.is_empty());
        assert!(
            charts.left_out[0].contains("is left out: CPython: pure-Python loop"),
            "{:?}",
            charts.left_out
        );
    }

    #[test]
    fn the_gil_chart_has_a_row_per_kind_of_code_that_ran() {
        let report = with_evidence(
            "gil",
            &[
                (
                    "gil.cpu_threads_serialised",
                    json!({"threads": 2, "cores": 2, "python": comparison(0.2, 0.2, 0.2)}),
                ),
                (
                    "gil.released_by_native_code",
                    json!({"threads": 2, "cores": 2, "burn": comparison(0.2, 0.1, 0.2),
                           "hashlib": {"skipped": "no hashlib"}}),
                ),
                (
                    "gil.io_threads_overlap",
                    json!({"threads": 4, "wait_s": 0.1, "sequential_s": 0.4,
                           "threaded_s": 0.1, "threaded_cpu_s": 0.001}),
                ),
                (
                    "gil.implementation_specific",
                    json!({"threads": 2, "cores": 2, "runtimes": [
                        {"name": "jython", "implementation": "Jython", "version": "2.7.3",
                         "status": "ran", "sequential_s": 0.2, "threaded_s": 0.1,
                         "threaded_cpu_s": 0.2},
                        {"name": "pypy3", "status": "not found"},
                        {"name": "cython", "version": "3.3.1", "status": "ran",
                         "nogil": comparison(0.2, 0.1, 0.2),
                         "holding_gil": comparison(0.2, 0.2, 0.2)}]}),
                ),
            ],
        );
        let charts = for_report(&report).drawn;
        assert_eq!(charts.len(), 1);
        let chart = &charts[0];
        assert_eq!(chart.name, "gil");
        // CPython, Jython, Cython ×2, burn, time.sleep: six rows of two bars.
        assert_eq!(chart.marks, 12, "{}", chart.svg);
        for label in [
            "CPython: pure-Python loop",
            "Jython 2.7.3: pure-Python loop",
            "Cython 3.3.1: C loop, nogil",
            "Rust, GIL released",
            "time.sleep on 4 threads (I/O)",
            "2.00×",
            "4.00×",
            "2 cores",
        ] {
            assert!(chart.svg.contains(label), "no {label:?} in {}", chart.svg);
        }
        assert!(!chart.svg.contains("hashlib"));
        assert!(!chart.svg.contains("pypy"));
    }

    fn models(sequential: f64, threads: f64, processes: f64, asyncio: f64) -> Value {
        let timing = |wall: f64, cores: f64| {
            json!({"wall_s": wall, "cpu_s": wall * cores,
                                                    "cores_used": cores})
        };
        json!({"sequential": timing(sequential, 1.0), "threading": timing(threads, 1.0),
               "multiprocessing": timing(processes, 1.9), "asyncio": timing(asyncio, 1.0)})
    }

    #[test]
    fn the_concurrency_table_becomes_two_bar_charts() {
        let report = with_evidence(
            "concurrency",
            &[
                (
                    "concurrency.cpu_bound_needs_processes",
                    json!({"cores": 2, "workers": 2, "tasks": 8,
                           "models": models(0.8, 0.8, 0.42, 0.8)}),
                ),
                (
                    "concurrency.io_bound_threads_or_asyncio",
                    json!({"requests": 16, "delay_ms": 50.0, "workers": 2,
                           "models": models(0.8, 0.06, 0.4, 0.055)}),
                ),
            ],
        );
        let charts = for_report(&report).drawn;
        let names: Vec<&str> = charts.iter().map(|chart| chart.name).collect();
        assert_eq!(names, ["concurrency-cpu", "concurrency-io"]);
        assert!(
            charts[0].svg.contains("multiprocessing (420 ms)"),
            "{}",
            charts[0].svg
        );
        assert!(charts[0].svg.contains("1.90×"), "{}", charts[0].svg);
        assert!(charts[1].svg.contains("16 waits at once"));
        assert!(charts[1].svg.contains("14.55×"), "{}", charts[1].svg);
        assert_eq!(charts[1].marks, 8);
    }

    #[test]
    fn labels_from_evidence_are_escaped_in_the_svg() {
        let report = with_evidence(
            "gil",
            &[(
                "gil.implementation_specific",
                json!({"runtimes": [{"implementation": "<Py&Py>", "status": "ran",
                                     "sequential_s": 0.2, "threaded_s": 0.2,
                                     "threaded_cpu_s": 0.2}]}),
            )],
        );
        let svg = &for_report(&report).drawn[0].svg;
        assert!(svg.contains("&lt;Py&amp;Py&gt;"), "{svg}");
        assert!(!svg.contains("<Py&"));
    }
}
