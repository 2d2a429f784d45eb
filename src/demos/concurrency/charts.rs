//! The concurrency demo's charts: each model's speedup and cores used, CPU-bound and I/O-bound.

use super::evidence::{CpuBound, IoBound, Models};
use crate::demos::ClaimsEvidence;
use crate::figures::{self, BarRow, Bars, Drawn};
use crate::output::chart::format_ns;

/// One bar row per model that ran, its ratios as the judges read them.
fn rows(models: &Models) -> Vec<BarRow> {
    models
        .named()
        .into_iter()
        .filter(|(_, timing)| timing.wall_s > 0.0)
        .map(|(model, timing)| {
            let spread = models.spread(timing);
            BarRow {
                label: format!("{model} ({})", format_ns(timing.wall_s * 1e9)),
                speedup: spread.speedup,
                cores_used: spread.cores_used,
            }
        })
        .collect()
}

pub fn cpu_bound(evidence: &ClaimsEvidence<'_>) -> Drawn {
    let e: CpuBound = evidence.get("cpu_bound_needs_processes")?;
    let possible = e.workers.min(e.cores);
    figures::bars(
        "concurrency-cpu",
        Bars {
            title: format!(
                "CPU-bound: {} tasks, {} workers, {} cores",
                e.tasks, e.workers, e.cores
            ),
            rows: rows(&e.models),
            ideal: (possible > 1).then(|| (f64::from(possible), format!("{possible} cores"))),
        },
        "Each model's wall time in brackets. Speedup = sequential time ÷ the model's time; \
         cores used = CPU time of every process of ours ÷ wall time."
            .to_owned(),
    )
}

pub fn io_bound(evidence: &ClaimsEvidence<'_>) -> Drawn {
    let e: IoBound = evidence.get("io_bound_threads_or_asyncio")?;
    figures::bars(
        "concurrency-io",
        Bars {
            title: format!(
                "I/O-bound: {} requests, {:.0} ms each",
                e.requests, e.delay_ms
            ),
            rows: rows(&e.models),
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

#[cfg(test)]
mod tests {
    use super::super::judges::tests::{cpu, io};
    use super::super::DEMO;
    use crate::demos::testing;
    use crate::export::charts::Charts;
    use serde_json::{json, Value};

    fn drawn(evidence: &[(&'static str, Value)]) -> Charts {
        testing::drawn(&DEMO, evidence)
    }

    fn models(sequential: f64, threads: f64, processes: f64, asyncio: f64) -> Value {
        let timing = |wall: f64, cores: f64| {
            json!({"wall_s": wall, "cpu_s": wall * cores,
                                                    "cores_used": cores})
        };
        json!({"sequential": timing(sequential, 1.0), "threading": timing(threads, 1.0),
               "multiprocessing": timing(processes, 1.9), "asyncio": timing(asyncio, 1.0)})
    }

    /// The snippet's evidence with these models' timings.
    fn with_models(mut evidence: Value, models: Value) -> Value {
        evidence["models"] = models;
        evidence
    }

    #[test]
    fn the_concurrency_table_becomes_two_bar_charts() {
        let report = drawn(&[
            (
                "concurrency.cpu_bound_needs_processes",
                with_models(
                    cpu(2, true, (0.8, 1.0), (0.42, 1.9)),
                    models(0.8, 0.8, 0.42, 0.8),
                ),
            ),
            (
                "concurrency.io_bound_threads_or_asyncio",
                with_models(io(0.06, 0.055), models(0.8, 0.06, 0.4, 0.055)),
            ),
        ]);
        let charts = report.drawn;
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
    fn no_evidence_no_chart() {
        assert!(drawn(&[]).drawn.is_empty());
        assert!(drawn(&[]).left_out.is_empty());
    }
}
