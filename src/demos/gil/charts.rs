//! The gil demo's chart: speedup and cores used, per kind of code, CPython's and the other
//! runtimes'.

use super::evidence::{
    Comparison, CpuThreads, ImplementationSpecific, IoThreads, Measured, NativeCode,
};
use crate::demos::kit::parallel::Spread;
use crate::demos::ClaimsEvidence;
use crate::figures::{self, BarRow, Bars, Drawn};

/// A row of two bars, when the run's times allow its ratios.
fn row(
    label: impl Into<String>,
    sequential_s: f64,
    threaded_s: f64,
    spread: Spread,
) -> Option<BarRow> {
    (threaded_s > 0.0 && sequential_s > 0.0).then(|| BarRow {
        label: label.into(),
        speedup: spread.speedup,
        cores_used: spread.cores_used,
    })
}

fn comparison_row(label: impl Into<String>, run: &Comparison) -> Option<BarRow> {
    row(label, run.sequential_s, run.threaded_s, run.spread())
}

pub fn gil(evidence: &ClaimsEvidence<'_>) -> Drawn {
    let cpu: Option<CpuThreads> = evidence.get("cpu_threads_serialised");
    let mut rows = Vec::new();
    if let Some(cpu) = &cpu {
        rows.extend(comparison_row("CPython: pure-Python loop", &cpu.python));
    }
    let runtimes: Option<ImplementationSpecific> = evidence.get("implementation_specific");
    let mut native = Vec::new();
    for runtime in runtimes
        .iter()
        .flat_map(|r| r.runtimes.iter())
        .filter(|r| r.ran())
    {
        let name = runtime.label();
        let found = &runtime.found;
        match (&found.holding_gil, &found.nogil) {
            (None, None) => {
                let run = found.run.as_ref();
                rows.extend(
                    run.and_then(|run| comparison_row(format!("{name}: pure-Python loop"), run)),
                );
            }
            (holding, nogil) => {
                native.extend(
                    holding
                        .as_ref()
                        .and_then(|run| comparison_row(format!("{name}: C loop, GIL held"), run)),
                );
                native.extend(
                    nogil
                        .as_ref()
                        .and_then(|run| comparison_row(format!("{name}: C loop, nogil"), run)),
                );
            }
        }
    }
    rows.extend(native);
    if let Some(native) = evidence.get::<NativeCode>("released_by_native_code") {
        for (label, measured) in [
            ("hashlib.sha256 (C, releases the GIL)", &native.hashlib),
            ("Rust, GIL released (_pyconcepts.burn)", &native.burn),
        ] {
            if let Measured::Run(run) = measured {
                rows.extend(comparison_row(label, run));
            }
        }
    }
    let cpu_rows = rows.len();
    if let Some(io) = evidence.get::<IoThreads>("io_threads_overlap") {
        rows.extend(row(
            format!("time.sleep on {} threads (I/O)", io.threads),
            io.sequential_s,
            io.threaded_s,
            io.spread(),
        ));
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
    figures::bars(
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

#[cfg(test)]
mod tests {
    use super::super::DEMO;
    use crate::demos::testing;
    use crate::export::charts::Charts;
    use serde_json::{json, Value};

    fn drawn(evidence: &[(&'static str, Value)]) -> Charts {
        testing::drawn(&DEMO, evidence)
    }

    fn comparison(sequential: f64, threaded: f64, cpu: f64) -> Value {
        json!({"sequential_s": sequential, "threaded_s": threaded, "threaded_cpu_s": cpu,
               "rounds": []})
    }

    /// Part 2's evidence: pure-Python threads, GIL enabled.
    fn cpu(python: Value) -> Value {
        json!({"threads": 2, "cores": 2, "gil_enabled": true, "python": python,
               "parallel_control": null})
    }

    /// Part 7's evidence: CPython here, and these runtimes.
    fn specific(runtimes: Value) -> Value {
        json!({"threads": 2, "cores": 2, "runtimes": runtimes,
               "cpython": {"version": "3.11.7", "sequential_s": 0.2, "threaded_s": 0.2,
                           "threaded_cpu_s": 0.2}})
    }

    #[test]
    fn bars_that_cannot_be_drawn_are_named_and_the_rest_drawn() {
        let report = drawn(&[
            ("gil.cpu_threads_serialised", cpu(comparison(0.2, 0.2, 0.2))),
            (
                "gil.released_by_native_code",
                json!({"threads": 2, "cores": 2, "burn": comparison(1e308, 5e-324, 0.2),
                       "hashlib": comparison(0.2, 0.1, 0.2)}),
            ),
        ]);
        let charts = report;
        assert_eq!(charts.drawn.len(), 1);
        let chart = &charts.drawn[0];
        assert_eq!(chart.marks, 4, "{}", chart.svg);
        assert!(
            chart.caption.contains("Not drawn: Rust, GIL released"),
            "{}",
            chart.caption
        );
        let only_bad = drawn(&[(
            "gil.cpu_threads_serialised",
            cpu(comparison(1e308, 1e-300, 0.2)),
        )]);
        let charts = only_bad;
        assert!(charts.drawn.is_empty());
        assert!(
            charts.left_out[0].contains("is left out: CPython: pure-Python loop"),
            "{:?}",
            charts.left_out
        );
    }

    #[test]
    fn the_gil_chart_has_a_row_per_kind_of_code_that_ran() {
        let report = drawn(&[
            ("gil.cpu_threads_serialised", cpu(comparison(0.2, 0.2, 0.2))),
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
                specific(json!([
                    {"name": "jython", "implementation": "Jython", "version": "2.7.3",
                     "status": "ran", "sequential_s": 0.2, "threaded_s": 0.1,
                     "threaded_cpu_s": 0.2},
                    {"name": "pypy3", "status": "missing", "reason": "pypy3 is not on PATH"},
                    {"name": "cython", "version": "3.3.1", "status": "ran",
                     "nogil": comparison(0.2, 0.1, 0.2),
                     "holding_gil": comparison(0.2, 0.2, 0.2)}])),
            ),
        ]);
        let charts = report.drawn;
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

    #[test]
    fn labels_from_evidence_are_escaped_in_the_svg() {
        let report = drawn(&[(
            "gil.implementation_specific",
            specific(json!([{"name": "pypy&", "implementation": "<Py&Py>",
                             "version": "7.3", "status": "ran", "sequential_s": 0.2,
                             "threaded_s": 0.2, "threaded_cpu_s": 0.2}])),
        )]);
        let svg = &report.drawn[0].svg;
        assert!(svg.contains("&lt;Py&amp;Py&gt;"), "{svg}");
        assert!(!svg.contains("<Py&"));
    }

    #[test]
    fn no_evidence_no_chart() {
        assert!(drawn(&[]).drawn.is_empty());
        assert!(drawn(&[]).left_out.is_empty());
    }
}
