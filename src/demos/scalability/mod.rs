//! Question 10, "how do you write scalable code in Python?": the complexity of `in` measured and
//! fitted (list, set, a set whose keys all collide), then caching, a process pool and a real
//! distributed engine (Dask), each judged from what it did on this machine.
//!
//! The snippet only measures; the growth curves are fitted here, by [`crate::complexity`], the
//! same engine `cargo bench --bench complexity` uses.

mod charts;

use serde::Deserialize;
use serde_json::Value;

use super::kit::load;
use super::{read, ClaimSpec, Demo};
use crate::complexity::{Class, Fit, Point, Resampling};
use crate::output::chart::{self, format_ns, Series};
use crate::params::{ParamKind, ParamSpec};
use crate::report::{Judgement, Source, Verdict};
use crate::snippet;

pub const DEMO: Demo = Demo {
    snippet: snippet!("scalability.py"),
    picture: Some(chart),
    charts: &[charts::complexity],
    draws_frames: false,
    params: &[
        ParamSpec {
            name: "max_n",
            kind: ParamKind::Int {
                min: 1_000,
                max: 10_000_000,
            },
            default: Some("1000000"),
            help: "largest list and set; sizes run from 100, two per decade (10⁶ peaks near \
                   160 MB of memory, 10⁷ near 1.5 GB)",
        },
        ParamSpec {
            name: "colliding_max_n",
            kind: ParamKind::Int {
                min: 1_000,
                max: 50_000,
            },
            default: Some("10000"),
            help: "largest set of colliding keys; sizes run from 100, four per decade, and \
                   building one is quadratic (10,000 keys take about 0.6 s, 50,000 about 15 s)",
        },
        ParamSpec {
            name: "repeats",
            kind: ParamKind::Int { min: 3, max: 50 },
            default: Some("9"),
            help: "timed repeats per size; the median is kept and the confidence interval \
                   resamples them",
        },
        ParamSpec {
            name: "repeat_ms",
            kind: ParamKind::Int { min: 1, max: 1_000 },
            default: Some("5"),
            help: "shortest duration of one timed repeat; the loop count is calibrated to it",
        },
        ParamSpec {
            name: "workers",
            kind: ParamKind::Int { min: 1, max: 256 },
            default: None,
            help: "processes in the pool and the Dask LocalCluster (default: the cores this \
                   process may use)",
        },
        ParamSpec {
            name: "scheduler",
            kind: ParamKind::Address,
            default: None,
            help: "tcp://HOST:PORT of a running Dask scheduler to use instead of a LocalCluster",
        },
    ],
    claims: &[
        ClaimSpec {
            id: "scalability.list_in_linear",
            source: Source::Article,
            claim: "`x in list` (and tuple) is O(n): the time grows linearly with the length.",
            judge: list_in_linear,
            schema: crate::demos::untyped,
        },
        ClaimSpec {
            id: "scalability.set_in_constant",
            source: Source::Article,
            claim: "`x in set` (and dict) is O(1) on average: the time does not grow with the \
                    size.",
            judge: set_in_constant,
            schema: crate::demos::untyped,
        },
        ClaimSpec {
            id: "scalability.set_worst_case_linear",
            source: Source::Article,
            claim: "O(n) is the worst case of `x in set`: when every key's hash collides, a \
                    lookup compares with every key.",
            judge: set_worst_case_linear,
            schema: crate::demos::untyped,
        },
        ClaimSpec {
            id: "scalability.caching",
            source: Source::Article,
            claim: "Caching the results of expensive calls (functools.lru_cache) helps code \
                    scale.",
            judge: caching,
            schema: crate::demos::untyped,
        },
        ClaimSpec {
            id: "scalability.parallelism",
            source: Source::Article,
            claim: "Parallelism helps CPU-bound code scale: a process pool runs it on several \
                    cores at once.",
            judge: parallelism,
            schema: crate::demos::untyped,
        },
        ClaimSpec {
            id: "scalability.distributed",
            source: Source::Article,
            claim: "Distributed engines (Spark, Ray, Dask) scale a job out over worker \
                    processes that talk over the network.",
            judge: distributed,
            schema: crate::demos::untyped,
        },
    ],
};

/// Lookup times over a range of sizes, as the snippet measured them.
#[derive(Deserialize)]
struct Curve {
    structure: String,
    statement: String,
    sizes: Vec<f64>,
    /// The snippet's medians, shown in its table; the fit recomputes them from the repeats.
    ns_per_op: Vec<f64>,
    repeats_ns_per_op: Vec<Vec<f64>>,
    /// Repeat i of every size was taken in the same pass over the sizes (round i).
    #[serde(default)]
    interleaved: bool,
}

impl Curve {
    fn fit(&self) -> anyhow::Result<Fit> {
        anyhow::ensure!(
            self.sizes.len() == self.repeats_ns_per_op.len()
                && self.sizes.len() == self.ns_per_op.len(),
            "{} sizes but {} medians and {} lists of repeats",
            self.sizes.len(),
            self.ns_per_op.len(),
            self.repeats_ns_per_op.len()
        );
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
        Fit::with_resampling(&points, resampling)
            .map_err(|err| anyhow::anyhow!("cannot fit the curve: {err}"))
    }

    /// "764 ns at n = 100 … 9.72 ms at n = 1,000,000"
    fn range(&self, fit: &Fit) -> String {
        let last = fit.sizes.len() - 1;
        format!(
            "{} at n = {} … {} at n = {}",
            format_ns(fit.medians[0]),
            thousands(fit.sizes[0]),
            format_ns(fit.medians[last]),
            thousands(fit.sizes[last])
        )
    }
}

/// The verdict on a growth claim, its explanation's core, and the fitted values.
fn judge_growth(curve: &Curve, expected: Class) -> anyhow::Result<(Judgement, Fit)> {
    let fit = curve.fit()?;
    let best = fit.best();
    let unit = match best.class {
        Class::Constant => "per lookup".to_owned(),
        Class::Linear => "per element".to_owned(),
        other => format!(
            "× {}",
            other.label().trim_start_matches("O(").trim_end_matches(')')
        ),
    };
    let stated = format!(
        "`{}` on a {}: {}. Log-log slope {:.2} (95% CI {:.2}…{:.2}, R² {:.3})",
        curve.statement,
        curve.structure,
        curve.range(&fit),
        fit.slope,
        fit.slope_ci.0,
        fit.slope_ci.1,
        fit.r2
    );
    let (verdict, text) = match fit.class {
        Some(class) if class == expected => (
            Verdict::Confirmed,
            format!(
                "{stated}: {class}, best fit {} {unit}.",
                format_ns(best.constant)
            ),
        ),
        Some(class) => (
            Verdict::Refuted,
            format!(
                "{stated}: {class} (best fit {} {unit}), not {expected}.",
                format_ns(best.constant)
            ),
        ),
        None => (
            Verdict::Inconclusive,
            format!(
                "{stated}: the interval reaches beyond the band of {} ({:.2}…{:.2}), so the \
                 evidence cannot tell it from its neighbours; re-run with more repeats or a \
                 wider range of sizes.",
                best.class, best.band.0, best.band.1
            ),
        ),
    };
    let judgement = Judgement::new(verdict, text)
        .with("slope", round(fit.slope, 4))
        .with("r2", round(fit.r2, 4))
        .with("class", fit.class_label())
        .with(
            "slope_ci",
            [round(fit.slope_ci.0, 4), round(fit.slope_ci.1, 4)],
        )
        .with("best_fit", best.class.label())
        .with("constant_ns", round(best.constant, 3));
    Ok((judgement, fit))
}

fn list_in_linear(evidence: &Value) -> anyhow::Result<Judgement> {
    let curve: Curve = read(evidence)?;
    let (judgement, fit) = judge_growth(&curve, Class::Linear)?;
    let per_decade = 10f64.powf(fit.slope);
    Ok(Judgement {
        explanation: format!(
            "{} Each tenfold n multiplies the time by {per_decade:.1}.",
            judgement.explanation
        ),
        ..judgement
    })
}

#[derive(Deserialize)]
struct SmallSizes {
    sizes: Vec<u64>,
    list_ns_per_op: Vec<f64>,
    set_ns_per_op: Vec<f64>,
}

#[derive(Deserialize)]
struct SetCurve {
    #[serde(flatten)]
    curve: Curve,
    small_sizes: SmallSizes,
}

/// A list within this fraction of the set's time is "as fast": tiny timings jitter that much.
const AS_FAST_MARGIN: f64 = 0.10;

fn set_in_constant(evidence: &Value) -> anyhow::Result<Judgement> {
    let SetCurve { curve, small_sizes } = read(evidence)?;
    let (judgement, _) = judge_growth(&curve, Class::Constant)?;
    let small = &small_sizes;
    anyhow::ensure!(
        small.sizes.len() == small.list_ns_per_op.len()
            && small.sizes.len() == small.set_ns_per_op.len()
            && !small.sizes.is_empty(),
        "small_sizes: lengths differ or are empty"
    );
    let slower = (0..small.sizes.len())
        .find(|&i| small.list_ns_per_op[i] > small.set_ns_per_op[i] * (1.0 + AS_FAST_MARGIN));
    let last = small.sizes.len() - 1;
    let crossover = match slower {
        Some(i) => format!(
            "The list is as fast as the set (within {:.0}%) only below n = {}: at n = {} the \
             list takes {} against {}, at n = {} {} against {}.",
            AS_FAST_MARGIN * 100.0,
            small.sizes[i],
            small.sizes[i],
            format_ns(small.list_ns_per_op[i]),
            format_ns(small.set_ns_per_op[i]),
            small.sizes[last],
            format_ns(small.list_ns_per_op[last]),
            format_ns(small.set_ns_per_op[last])
        ),
        None => format!(
            "Up to n = {} the list was as fast as the set (within {:.0}%): the crossover lies \
             beyond the sizes tried.",
            small.sizes[last],
            AS_FAST_MARGIN * 100.0
        ),
    };
    Ok(Judgement {
        explanation: format!("{} {crossover}", judgement.explanation),
        ..judgement
    }
    .with("crossover_n", slower.map(|i| small.sizes[i])))
}

#[derive(Deserialize)]
struct CollidingCurve {
    #[serde(flatten)]
    curve: Curve,
    normal_set_ns_per_op: Vec<f64>,
    comparisons_per_lookup: Vec<u64>,
}

fn set_worst_case_linear(evidence: &Value) -> anyhow::Result<Judgement> {
    let CollidingCurve {
        curve,
        normal_set_ns_per_op,
        comparisons_per_lookup,
    } = read(evidence)?;
    let (judgement, fit) = judge_growth(&curve, Class::Linear)?;
    let largest = curve.sizes.len() - 1;
    let (Some(&normal), Some(&comparisons)) = (
        normal_set_ns_per_op.get(largest),
        comparisons_per_lookup.get(largest),
    ) else {
        anyhow::bail!("normal_set_ns_per_op and comparisons_per_lookup must match the sizes");
    };
    let colliding = curve.ns_per_op[largest];
    let slowdown = colliding / normal;
    Ok(Judgement {
        explanation: format!(
            "{} At n = {} one missed lookup took {} against {} in a set of ordinary ints \
             ({}× slower): it called __eq__ {} times.",
            judgement.explanation,
            thousands(fit.sizes[fit.sizes.len() - 1]),
            format_ns(colliding),
            format_ns(normal),
            thousands(slowdown),
            thousands(comparisons as f64)
        ),
        ..judgement
    }
    .with("slowdown_at_largest", round(slowdown, 1)))
}

#[derive(Deserialize)]
struct CacheRun {
    maxsize: u64,
    seconds: f64,
    hits: u64,
    misses: u64,
    results_equal: bool,
}

#[derive(Deserialize)]
struct Caching {
    calls: u64,
    distinct_arguments: u64,
    uncached_seconds: f64,
    fitting: CacheRun,
    too_small: CacheRun,
}

/// A cache that does not make the repeated workload at least this much faster did not help.
const CACHE_HELPS: f64 = 2.0;
/// Below this speedup a change (a cache, a pool, a cluster) made no real difference.
const NO_DIFFERENCE: f64 = 1.2;
/// A cache answering fewer calls than this from memory is not working, whatever a timing says.
const USEFUL_HIT_RATE: f64 = 0.1;

fn caching(evidence: &Value) -> anyhow::Result<Judgement> {
    let e: Caching = read(evidence)?;
    let speedup = |run: &CacheRun| e.uncached_seconds / run.seconds;
    let (fit, small) = (speedup(&e.fitting), speedup(&e.too_small));
    let hit_rate = |run: &CacheRun| run.hits as f64 / e.calls.max(1) as f64;
    // The cache's own counters decide whether it worked; the timing says how much it gave.
    let helps = fit >= CACHE_HELPS && hit_rate(&e.fitting) >= USEFUL_HIT_RATE;
    let small_fails = hit_rate(&e.too_small) < USEFUL_HIT_RATE || small < NO_DIFFERENCE;
    let describe = |run: &CacheRun| {
        format!(
            "lru_cache(maxsize={}) took {:.1} ms ({:.1}×, {} hits, {} misses)",
            run.maxsize,
            run.seconds * 1e3,
            speedup(run),
            run.hits,
            run.misses
        )
    };
    let setting = format!(
        "{} calls cycling over {} distinct arguments: {:.1} ms of CPU without a cache; {}",
        e.calls,
        e.distinct_arguments,
        e.uncached_seconds * 1e3,
        describe(&e.fitting)
    );
    let (verdict, text) = if !(e.fitting.results_equal && e.too_small.results_equal) {
        (
            Verdict::Refuted,
            format!(
                "{setting}; but the cached results differ from the uncached ones: a cache is \
                 only correct for a pure function."
            ),
        )
    } else if helps && small_fails {
        (
            Verdict::Nuanced,
            format!(
                "{setting}. It helps only while the cache holds the working set: {} — each \
                 argument was evicted just before it came round again.",
                describe(&e.too_small)
            ),
        )
    } else if helps {
        (
            Verdict::Confirmed,
            format!("{setting}; even {}.", describe(&e.too_small)),
        )
    } else if fit < NO_DIFFERENCE {
        (
            Verdict::Refuted,
            format!("{setting}: the cache did not make the repeated calls faster."),
        )
    } else {
        (
            Verdict::Inconclusive,
            format!(
                "{setting}: faster, but by less than {CACHE_HELPS}× — too close to call on one \
                 run."
            ),
        )
    };
    Ok(Judgement::new(verdict, text)
        .with("speedup_fitting", round(fit, 2))
        .with("speedup_too_small", round(small, 2))
        .with("hit_rate_fitting", round(hit_rate(&e.fitting), 3))
        .with("hit_rate_too_small", round(hit_rate(&e.too_small), 3)))
}

/// A parallel run counts as using several cores, and as faster, from this fraction of each extra
/// core: 1.3 on two cores, 3.1 on eight.
const EXTRA_CORE_SHARE: f64 = 0.3;
/// A one-process baseline that got less of a core than this was slowed by other programs, and
/// would flatter any speedup measured against it.
const CLEAN_BASELINE: f64 = 0.8;

fn parallel_threshold(cores: u64) -> f64 {
    1.0 + EXTRA_CORE_SHARE * (cores.saturating_sub(1)) as f64
}

/// How busy the machine was around a parallel run, as the snippet measured it.
struct Room {
    /// The cores of the machine the run could use.
    cores: f64,
    /// The workers that could run at once.
    parallel: f64,
    /// Cores the one-process baseline kept busy.
    baseline_cores: f64,
    /// Cores the workers kept busy.
    cores_used: f64,
    /// Cores other programs kept busy during the baseline, and during the parallel run.
    baseline_others: Option<f64>,
    others: Option<f64>,
}

/// Why a parallel timing says nothing on this run, when other programs took the cores: measured
/// directly (their CPU during either run, by the kit's one rule), or seen in the one-process
/// baseline or the workers not getting the cores they needed (`needed`).
fn busy(room: &Room, needed: f64) -> Option<String> {
    if let Some(others) = load::crowded(room.cores, room.baseline_others, 1.0) {
        Some(format!(
            "Other programs kept {others:.2} cores busy while the one-process baseline ran, so \
             any speedup against it would be flattered: this run cannot tell."
        ))
    } else if let Some(others) = load::crowded(room.cores, room.others, room.parallel) {
        Some(format!(
            "Other programs kept {others:.2} of the {:.0} cores busy during the parallel run, \
             leaving too little room for {:.0} workers: this run cannot tell.",
            room.cores, room.parallel
        ))
    } else if room.baseline_cores < CLEAN_BASELINE {
        Some(
            "The one-process baseline did not get a whole core (the machine was busy), so any \
             speedup against it would be flattered: this run cannot tell."
                .to_owned(),
        )
    } else if room.cores_used < needed {
        Some(
            "The workers did not get the cores: the machine was busy, so this run cannot tell."
                .to_owned(),
        )
    } else {
        None
    }
}

/// Why a parallel run that used its cores yet gained little says nothing about the model: the same
/// work took much more CPU time on several cores at once than on one.
fn slowed_each_other(parallel_cpu_s: f64, sequential_cpu_s: f64) -> Option<String> {
    load::cores_slowed_each_other(parallel_cpu_s, sequential_cpu_s).map(|inflation| {
        format!(
            "The same work took {inflation:.2}× the CPU time it took in one process: the cores \
             slowed each other down (shared hardware, a virtual machine's host), which hides \
             what the model costs or saves, so this run cannot tell."
        )
    })
}

#[derive(Deserialize)]
struct Parallelism {
    start_method: String,
    cores_available: u64,
    workers: u64,
    tasks: u64,
    sequential_seconds: f64,
    sequential_cores_used: f64,
    start_seconds: f64,
    parallel_seconds: f64,
    cores_used: f64,
    /// Cores other programs kept busy during the baseline and the pool's run (absent in
    /// evidence from before they were measured, or where /proc is not there).
    #[serde(default)]
    sequential_others_cores: Option<f64>,
    #[serde(default)]
    others_cores: Option<f64>,
    worker_pids: Vec<u64>,
    results_equal: bool,
    leftover_processes: Vec<u64>,
}

fn parallelism(evidence: &Value) -> anyhow::Result<Judgement> {
    let e: Parallelism = read(evidence)?;
    let usable = e.workers.min(e.cores_available);
    let speedup = e.sequential_seconds / e.parallel_seconds;
    let end_to_end = e.sequential_seconds / (e.start_seconds + e.parallel_seconds);
    let needed = parallel_threshold(usable);
    let story = format!(
        "{} tasks on a {} pool of {} processes ({} cores available): {:.2} s in one process, \
         {:.2} s in the pool → speedup {speedup:.2}× (efficiency {:.0}%); the workers kept \
         {:.2} cores busy (the single process {:.2}). Starting the pool took {:.2} s, so end to end the speedup was \
         {end_to_end:.2}×. Same result: {}; worker processes left: {}.",
        e.tasks,
        e.start_method,
        e.workers,
        e.cores_available,
        e.sequential_seconds,
        e.parallel_seconds,
        100.0 * speedup / usable.max(1) as f64,
        e.cores_used,
        e.sequential_cores_used,
        e.start_seconds,
        yes_no(e.results_equal),
        e.leftover_processes.len()
    );
    let (verdict, why) = if !e.results_equal {
        (
            Verdict::Refuted,
            "The pool computed a different result.".to_owned(),
        )
    } else if usable < 2 {
        (
            Verdict::Inconclusive,
            "With one core (or one worker) there is nothing to run in parallel on.".to_owned(),
        )
    } else if let Some(why) = busy(
        &Room {
            cores: e.cores_available as f64,
            parallel: usable as f64,
            baseline_cores: e.sequential_cores_used,
            cores_used: e.cores_used,
            baseline_others: e.sequential_others_cores,
            others: e.others_cores,
        },
        needed,
    ) {
        (Verdict::Inconclusive, why)
    } else if speedup >= needed {
        (Verdict::Confirmed, String::new())
    } else if let Some(why) = slowed_each_other(
        e.cores_used * e.parallel_seconds,
        e.sequential_cores_used * e.sequential_seconds,
    ) {
        (Verdict::Inconclusive, why)
    } else if speedup < NO_DIFFERENCE {
        (
            Verdict::Refuted,
            "The workers had the cores, yet the job was no faster: overhead ate the gain."
                .to_owned(),
        )
    } else {
        (
            Verdict::Inconclusive,
            "Faster, but by less than the cores promise: too close to call on one run.".to_owned(),
        )
    };
    Ok(Judgement::new(verdict, format!("{story} {why}").trim_end())
        .with("speedup", round(speedup, 2))
        .with("efficiency", round(speedup / usable.max(1) as f64, 2))
        .with("end_to_end_speedup", round(end_to_end, 2))
        .with("worker_processes", e.worker_pids.len()))
}

#[derive(Deserialize)]
struct Distributed {
    engine: String,
    cluster: String,
    scheduler_address: String,
    workers: u64,
    worker_pids: Vec<u64>,
    tasks: u64,
    start_seconds: f64,
    wall_seconds: f64,
    close_seconds: f64,
    cores_used: f64,
    local_seconds: f64,
    local_cores_used: f64,
    /// The cores of this machine, and those other programs kept busy during the one-process
    /// run and the cluster's (absent in older evidence; `others_cores` is null for an existing
    /// cluster, whose workers are not this process's).
    #[serde(default)]
    cores_available: Option<u64>,
    #[serde(default)]
    local_others_cores: Option<f64>,
    #[serde(default)]
    others_cores: Option<f64>,
    results_equal: bool,
    leftover_processes: Vec<u64>,
    listening_after_close: Vec<u64>,
}

fn distributed(evidence: &Value) -> anyhow::Result<Judgement> {
    let e: Distributed = read(evidence)?;
    let speedup = e.local_seconds / e.wall_seconds;
    let used = e.worker_pids.len() as u64;
    let needed = parallel_threshold(used);
    let story = format!(
        "{} ({}, scheduler {}, {} workers): {} tasks in {:.2} s on {used} worker processes \
         against {:.2} s in one process → speedup {speedup:.2}×, {:.2} cores busy (the single \
         process {:.2}); same result: {}. The cluster took {:.2} s to start and {:.2} s to close; afterwards {} worker \
         processes and {} listening sockets were left.",
        e.engine,
        e.cluster,
        e.scheduler_address,
        e.workers,
        e.tasks,
        e.wall_seconds,
        e.local_seconds,
        e.cores_used,
        e.local_cores_used,
        yes_no(e.results_equal),
        e.start_seconds,
        e.close_seconds,
        e.leftover_processes.len(),
        e.listening_after_close.len()
    );
    let cores = e.cores_available.unwrap_or(used) as f64;
    let (verdict, why) = if !e.results_equal {
        (
            Verdict::Refuted,
            "The cluster computed a different result.".to_owned(),
        )
    } else if used < 2 {
        (
            Verdict::Inconclusive,
            "Only one worker process ran tasks, so nothing was spread out.".to_owned(),
        )
    } else if let Some(why) = busy(
        &Room {
            cores,
            parallel: (used as f64).min(cores),
            baseline_cores: e.local_cores_used,
            cores_used: e.cores_used,
            baseline_others: e.local_others_cores,
            others: e.others_cores,
        },
        needed,
    ) {
        (Verdict::Inconclusive, why)
    } else if speedup >= needed {
        (Verdict::Confirmed, String::new())
    } else if let Some(why) = slowed_each_other(
        e.cores_used * e.wall_seconds,
        e.local_cores_used * e.local_seconds,
    ) {
        (Verdict::Inconclusive, why)
    } else if speedup >= NO_DIFFERENCE {
        (
            Verdict::Inconclusive,
            "Faster, but by less than the workers promise: too close to call on one run."
                .to_owned(),
        )
    } else {
        (
            Verdict::Nuanced,
            "The work was spread out and correct but no faster: scheduling and serialisation \
             cost more than they saved here. A distributed engine pays off when the job \
             outgrows one machine."
                .to_owned(),
        )
    };
    Ok(Judgement::new(verdict, format!("{story} {why}").trim_end())
        .with("speedup", round(speedup, 2))
        .with("workers_used", used))
}

/// The log-log chart of the three lookup curves in the snippet's evidence, for the terminal
/// (80 columns); `None` when none of them was measured.
pub fn chart(evidence: &Value) -> Option<String> {
    let curve = |key: &str| -> Vec<(f64, f64)> {
        let Some(curve) = evidence.get(key) else {
            return Vec::new();
        };
        let numbers = |field: &str| -> Vec<f64> {
            curve
                .get(field)
                .and_then(Value::as_array)
                .map(|items| items.iter().filter_map(Value::as_f64).collect())
                .unwrap_or_default()
        };
        numbers("sizes")
            .into_iter()
            .zip(numbers("ns_per_op"))
            .collect()
    };
    let series = [
        Series {
            label: "list",
            marker: '●',
            points: curve("list_in_linear"),
        },
        Series {
            label: "set",
            marker: '■',
            points: curve("set_in_constant"),
        },
        Series {
            label: "set, all hashes equal",
            marker: '▲',
            points: curve("set_worst_case_linear"),
        },
    ];
    if series.iter().all(|curve| curve.points.is_empty()) {
        return None;
    }
    let drawn = chart::loglog(
        "Time per `absent in data` against n (both axes logarithmic)",
        &series,
        80,
    );
    Some(drawn.unwrap_or_else(|why| format!("(The chart of the lookups is left out: {why}.)\n")))
}

fn round(value: f64, decimals: i32) -> f64 {
    let scale = 10f64.powi(decimals);
    (value * scale).round() / scale
}

fn yes_no(flag: bool) -> &'static str {
    if flag {
        "yes"
    } else {
        "no"
    }
}

/// 1000000 → "1,000,000".
fn thousands(n: f64) -> String {
    let digits = format!("{:.0}", n.round());
    let (sign, digits) = digits
        .strip_prefix('-')
        .map_or(("", digits.as_str()), |rest| ("-", rest));
    let mut grouped = String::new();
    for (index, digit) in digits.chars().enumerate() {
        if index > 0 && (digits.len() - index) % 3 == 0 {
            grouped.push(',');
        }
        grouped.push(digit);
    }
    format!("{sign}{grouped}")
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    /// Sizes 100 … 10⁶, two per decade, as the snippet measures them.
    fn sizes() -> Vec<f64> {
        (0..=8)
            .map(|i| (10f64.powf(2.0 + f64::from(i) / 2.0)).round())
            .collect()
    }

    /// A curve as the snippet records it, with a fixed ±3 % jitter between repeats.
    fn curve(structure: &str, sizes: &[f64], time: impl Fn(f64) -> f64) -> Value {
        let jitter = [1.0, 1.03, 0.97, 1.01, 0.99];
        let repeats: Vec<Vec<f64>> = sizes
            .iter()
            .enumerate()
            .map(|(i, &n)| {
                (0..5)
                    .map(|r| time(n) * jitter[(i + r) % jitter.len()])
                    .collect()
            })
            .collect();
        json!({
            "structure": structure,
            "statement": "absent in data",
            "setup": "data = list(range(n)); absent = -1",
            "sizes": sizes,
            "ns_per_op": sizes.iter().map(|&n| time(n)).collect::<Vec<_>>(),
            "repeats_ns_per_op": repeats,
            "loops_per_repeat": vec![1; sizes.len()],
            "interleaved": true,
            "repeat_seconds": 0.01,
        })
    }

    fn with_small_sizes(mut curve: Value, list: &[f64], set: &[f64]) -> Value {
        curve["small_sizes"] =
            json!({"sizes": [0, 1, 2, 4, 8, 16], "list_ns_per_op": list, "set_ns_per_op": set});
        curve
    }

    #[test]
    fn a_linear_list_is_confirmed_with_its_slope_and_constant() {
        let judgement = list_in_linear(&curve("list", &sizes(), |n| 20.0 + 7.0 * n)).unwrap();
        assert_eq!(
            judgement.verdict,
            Verdict::Confirmed,
            "{}",
            judgement.explanation
        );
        assert_eq!(judgement.derived.as_ref().unwrap()["class"], "O(n)");
        let slope = judgement.derived.as_ref().unwrap()["slope"]
            .as_f64()
            .unwrap();
        assert!((slope - 1.0).abs() < 0.02);
        let constant = judgement.derived.as_ref().unwrap()["constant_ns"]
            .as_f64()
            .unwrap();
        assert!((6.5..7.5).contains(&constant), "{constant}");
        assert!(judgement.explanation.contains("at n = 1,000,000"));
        assert!(judgement.explanation.contains("per element"));
    }

    #[test]
    fn a_list_that_does_not_grow_refutes_the_claim() {
        // An interpreter that indexed lists would show this.
        let judgement = list_in_linear(&curve("list", &sizes(), |_| 30.0)).unwrap();
        assert_eq!(judgement.verdict, Verdict::Refuted);
        assert_eq!(judgement.derived.as_ref().unwrap()["class"], "O(1)");
        assert!(judgement.explanation.contains("not O(n)"));
    }

    #[test]
    fn a_noisy_narrow_curve_is_inconclusive() {
        let mut evidence = curve("list", &[100.0, 200.0, 400.0], |n| 7.0 * n);
        evidence["repeats_ns_per_op"] =
            json!([[700, 1400, 350], [1400, 2800, 700], [2800, 1400, 5600]]);
        let judgement = list_in_linear(&evidence).unwrap();
        assert_eq!(
            judgement.verdict,
            Verdict::Inconclusive,
            "{}",
            judgement.explanation
        );
        assert_eq!(judgement.derived.as_ref().unwrap()["class"], "inconclusive");
        assert!(judgement.explanation.contains("cannot tell"));
    }

    #[test]
    fn mismatched_lengths_are_unreadable_evidence() {
        let mut evidence = curve("list", &sizes(), |n| n);
        evidence["ns_per_op"] = json!([1.0]);
        assert!(list_in_linear(&evidence).is_err());
    }

    #[test]
    fn a_flat_set_is_confirmed_and_the_crossover_found() {
        let evidence = with_small_sizes(
            curve("set", &sizes(), |_| 15.0),
            &[10.0, 16.0, 23.0, 50.0, 100.0, 180.0],
            &[15.0, 15.0, 15.0, 15.0, 15.0, 15.0],
        );
        let judgement = set_in_constant(&evidence).unwrap();
        assert_eq!(
            judgement.verdict,
            Verdict::Confirmed,
            "{}",
            judgement.explanation
        );
        assert_eq!(judgement.derived.as_ref().unwrap()["class"], "O(1)");
        // 16 ns is within 10 % of 15 ns; 23 ns is not.
        assert_eq!(judgement.derived.as_ref().unwrap()["crossover_n"], 2);
        assert!(judgement.explanation.contains("only below n = 2"));
    }

    #[test]
    fn a_set_that_grows_refutes_the_claim_and_no_crossover_is_stated() {
        let evidence = with_small_sizes(
            curve("set", &sizes(), |n| 3.0 * n.log2()),
            &[10.0; 6],
            &[15.0; 6],
        );
        let judgement = set_in_constant(&evidence).unwrap();
        assert_eq!(
            judgement.verdict,
            Verdict::Refuted,
            "{}",
            judgement.explanation
        );
        assert_eq!(judgement.derived.as_ref().unwrap()["class"], "O(log n)");
        assert_eq!(
            judgement.derived.as_ref().unwrap()["crossover_n"],
            Value::Null
        );
        assert!(judgement.explanation.contains("beyond the sizes tried"));
    }

    fn colliding(time: impl Fn(f64) -> f64) -> Value {
        let sizes = [100.0, 178.0, 316.0, 562.0, 1000.0, 1778.0, 3200.0];
        let mut evidence = curve("set of colliding keys", &sizes, time);
        evidence["normal_set_ns_per_op"] = json!(vec![15.0; 7]);
        evidence["comparisons_per_lookup"] = json!([138, 279, 346, 658, 1361, 1952, 3836]);
        evidence
    }

    #[test]
    fn colliding_hashes_make_a_set_linear() {
        let judgement = set_worst_case_linear(&colliding(|n| 60.0 * n)).unwrap();
        assert_eq!(
            judgement.verdict,
            Verdict::Confirmed,
            "{}",
            judgement.explanation
        );
        assert_eq!(
            judgement.derived.as_ref().unwrap()["slowdown_at_largest"],
            12800.0
        );
        assert!(judgement.explanation.contains("__eq__ 3,836 times"));
    }

    #[test]
    fn a_collision_proof_set_refutes_the_worst_case() {
        // A hash table that resolved collisions with a balanced tree would be O(log n).
        let judgement = set_worst_case_linear(&colliding(|n| 40.0 * n.log2())).unwrap();
        assert_eq!(
            judgement.verdict,
            Verdict::Refuted,
            "{}",
            judgement.explanation
        );
    }

    fn cache_run(maxsize: u64, seconds: f64, hits: u64, equal: bool) -> Value {
        json!({"maxsize": maxsize, "seconds": seconds, "hits": hits, "misses": 100 - hits,
               "results_equal": equal})
    }

    fn caching_evidence(fitting: Value, too_small: Value) -> Value {
        json!({"calls": 100, "distinct_arguments": 10, "uncached_seconds": 0.1,
               "fitting": fitting, "too_small": too_small})
    }

    #[test]
    fn caching_is_nuanced_when_a_small_cache_thrashes() {
        let evidence = caching_evidence(cache_run(32, 0.01, 90, true), cache_run(8, 0.1, 0, true));
        let judgement = caching(&evidence).unwrap();
        assert_eq!(
            judgement.verdict,
            Verdict::Nuanced,
            "{}",
            judgement.explanation
        );
        assert_eq!(judgement.derived.as_ref().unwrap()["speedup_fitting"], 10.0);
        assert_eq!(judgement.derived.as_ref().unwrap()["hit_rate_fitting"], 0.9);
        assert!(judgement.explanation.contains("0 hits"));
    }

    #[test]
    fn caching_verdicts_follow_the_numbers() {
        let verdict = |fitting, small| caching(&caching_evidence(fitting, small)).unwrap().verdict;
        let thrash = || cache_run(8, 0.1, 0, true);
        assert_eq!(
            verdict(cache_run(32, 0.01, 90, true), cache_run(8, 0.02, 70, true)),
            Verdict::Confirmed
        );
        assert_eq!(
            verdict(cache_run(32, 0.01, 90, false), thrash()),
            Verdict::Refuted
        );
        assert_eq!(
            verdict(cache_run(32, 0.095, 0, true), thrash()),
            Verdict::Refuted
        );
        assert_eq!(
            verdict(cache_run(32, 0.06, 90, true), thrash()),
            Verdict::Inconclusive
        );
        // A thrashing cache that looks 1.2× faster (a load burst slowed the uncached run) is
        // still a cache with no hits.
        assert_eq!(
            verdict(cache_run(32, 0.01, 90, true), cache_run(8, 0.08, 0, true)),
            Verdict::Nuanced
        );
    }

    fn pool(cores: u64, sequential: f64, parallel: f64, cores_used: f64) -> Value {
        json!({"start_method": "spawn", "cores_available": cores, "cpu_count": cores,
               "workers": cores, "tasks": 4 * cores, "sequential_seconds": sequential,
               "sequential_cores_used": 0.99, "start_seconds": 0.1,
               "parallel_seconds": parallel, "cores_used": cores_used,
               "worker_pids": (0..cores).map(|i| 100 + i).collect::<Vec<_>>(),
               "results_equal": true, "leftover_processes": []})
    }

    #[test]
    fn a_pool_that_uses_its_cores_is_confirmed() {
        let judgement = parallelism(&pool(2, 1.0, 0.53, 1.9)).unwrap();
        assert_eq!(
            judgement.verdict,
            Verdict::Confirmed,
            "{}",
            judgement.explanation
        );
        assert_eq!(judgement.derived.as_ref().unwrap()["speedup"], 1.89);
        assert_eq!(
            judgement.derived.as_ref().unwrap()["end_to_end_speedup"],
            1.59
        );
        assert!(judgement.explanation.contains("efficiency 94%"));
    }

    #[test]
    fn pool_verdicts_tell_a_busy_machine_from_a_slow_pool() {
        let verdict = |evidence: Value| parallelism(&evidence).unwrap().verdict;
        // Busy: the workers got half a core between them.
        assert_eq!(verdict(pool(2, 1.0, 1.3, 0.5)), Verdict::Inconclusive);
        // One core: nothing to parallelise on.
        assert_eq!(verdict(pool(1, 1.0, 1.0, 1.0)), Verdict::Inconclusive);
        // Cores busy, little gain, the work's CPU time as alone: overhead.
        assert_eq!(verdict(pool(2, 1.0, 0.9, 1.35)), Verdict::Refuted);
        // Cores busy, no gain, but the same work took 1.9x its CPU time alone: the cores slowed
        // each other, which says nothing about the pool.
        let slowed = parallelism(&pool(2, 1.0, 1.0, 1.9)).unwrap();
        assert_eq!(slowed.verdict, Verdict::Inconclusive);
        assert!(
            slowed.explanation.contains("slowed each other"),
            "{}",
            slowed.explanation
        );
        // Eight cores, 2.5×: less than 30 % of each extra core.
        assert_eq!(verdict(pool(8, 1.0, 0.4, 7.0)), Verdict::Inconclusive);
        let mut wrong = pool(2, 1.0, 0.5, 1.9);
        wrong["results_equal"] = json!(false);
        assert_eq!(verdict(wrong), Verdict::Refuted);
        // A baseline that got 60 % of a core makes a 2.4× "speedup" on two cores meaningless.
        let mut flattered = pool(2, 1.2, 0.5, 1.9);
        flattered["sequential_cores_used"] = json!(0.6);
        let judgement = parallelism(&flattered).unwrap();
        assert_eq!(judgement.verdict, Verdict::Inconclusive);
        assert!(judgement.explanation.contains("baseline"));
    }

    fn dask(local: f64, wall: f64, cores_used: f64, pids: &[u64]) -> Value {
        json!({"engine": "dask.distributed 2026.8.0", "cluster": "LocalCluster",
               "scheduler_address": "tcp://127.0.0.1:40000",
               "worker_addresses": ["tcp://127.0.0.1:40001", "tcp://127.0.0.1:40002"],
               "workers": 2, "worker_pids": pids, "tasks": 8, "start_seconds": 0.8,
               "wall_seconds": wall, "close_seconds": 0.2, "cores_used": cores_used,
               "local_seconds": local, "local_cores_used": 0.98, "results_equal": true,
               "leftover_processes": [],
               "listening_after_close": []})
    }

    #[test]
    fn a_cluster_that_spreads_the_work_is_confirmed() {
        let judgement = distributed(&dask(1.0, 0.55, 1.8, &[7, 8])).unwrap();
        assert_eq!(
            judgement.verdict,
            Verdict::Confirmed,
            "{}",
            judgement.explanation
        );
        assert_eq!(judgement.derived.as_ref().unwrap()["workers_used"], 2);
        assert!(judgement
            .explanation
            .contains("scheduler tcp://127.0.0.1:40000"));
        assert!(judgement.explanation.contains("0 listening sockets"));
    }

    #[test]
    fn distributed_verdicts_follow_the_numbers() {
        let verdict = |evidence: Value| distributed(&evidence).unwrap().verdict;
        assert_eq!(verdict(dask(1.0, 0.9, 1.35, &[7, 8])), Verdict::Nuanced);
        // 1.25x: faster, short of what two workers promise (1.3x): not a finding either way.
        assert_eq!(verdict(dask(1.0, 0.8, 1.2, &[7, 8])), Verdict::Inconclusive);
        // 1.17x with 1.73 cores busy: the work cost 1.47x its CPU time alone (a run seen on the
        // 2-vCPU development VM): the cores slowed each other, not the engine.
        let slowed = distributed(&dask(0.75, 0.64, 1.73, &[7, 8])).unwrap();
        assert_eq!(
            slowed.verdict,
            Verdict::Inconclusive,
            "{}",
            slowed.explanation
        );
        assert!(
            slowed.explanation.contains("1.51× the CPU time"),
            "{}",
            slowed.explanation
        );
        assert_eq!(verdict(dask(1.0, 1.5, 0.6, &[7, 8])), Verdict::Inconclusive);
        assert_eq!(verdict(dask(1.0, 1.0, 1.0, &[7])), Verdict::Inconclusive);
        let mut wrong = dask(1.0, 0.5, 1.9, &[7, 8]);
        wrong["results_equal"] = json!(false);
        assert_eq!(verdict(wrong), Verdict::Refuted);
    }

    #[test]
    fn a_cluster_no_faster_on_a_crowded_machine_is_inconclusive_not_nuanced() {
        // The CI run that said "no faster": the workers had their cores and the baseline a
        // whole one, but other programs took a core during the cluster's run.
        let mut crowded = dask(1.0, 0.9, 1.35, &[7, 8]);
        crowded["cores_available"] = json!(2);
        crowded["local_others_cores"] = json!(0.05);
        crowded["others_cores"] = json!(1.1);
        let judgement = distributed(&crowded).unwrap();
        assert_eq!(
            judgement.verdict,
            Verdict::Inconclusive,
            "{}",
            judgement.explanation
        );
        assert!(
            judgement
                .explanation
                .contains("Other programs kept 1.10 of the 2 cores busy during the parallel run"),
            "{}",
            judgement.explanation
        );
        // The same numbers on a quiet machine are the engine's overhead.
        crowded["others_cores"] = json!(0.1);
        assert_eq!(distributed(&crowded).unwrap().verdict, Verdict::Nuanced);
        // A crowded baseline flatters the speedup instead.
        crowded["local_others_cores"] = json!(1.5);
        let judgement = distributed(&crowded).unwrap();
        assert_eq!(judgement.verdict, Verdict::Inconclusive);
        assert!(judgement.explanation.contains("one-process baseline"));
    }

    #[test]
    fn a_pool_no_faster_on_a_crowded_machine_is_inconclusive_not_refuted() {
        let mut crowded = pool(2, 1.0, 0.9, 1.35);
        crowded["sequential_others_cores"] = json!(0.0);
        crowded["others_cores"] = json!(0.8);
        assert_eq!(
            parallelism(&crowded).unwrap().verdict,
            Verdict::Inconclusive
        );
        crowded["others_cores"] = json!(0.05);
        assert_eq!(parallelism(&crowded).unwrap().verdict, Verdict::Refuted);
    }

    #[test]
    fn the_chart_draws_what_was_measured() {
        let evidence = json!({
            "list_in_linear": curve("list", &sizes(), |n| 7.0 * n),
            "set_in_constant": curve("set", &sizes(), |_| 15.0),
            "set_worst_case_linear": {"skipped": "not today"},
        });
        let chart = chart(&evidence).unwrap();
        assert!(
            chart.contains("● list") && chart.contains("■ set"),
            "{chart}"
        );
        assert!(chart.lines().all(|line| line.chars().count() <= 80));
        assert!(super::chart(&json!({})).is_none());
    }

    #[test]
    fn a_chart_it_cannot_draw_is_left_out_with_a_note() {
        // Sizes [100, 1e15] once panicked placing the axis labels; times from 5e-324 to 1e300
        // span more decades than any measurement.
        let wide = json!({"list_in_linear": {"sizes": [100, 1e15], "ns_per_op": [10, 1e6]}});
        let drawn = chart(&wide).unwrap();
        assert!(drawn.contains("● list"), "{drawn}");
        let absurd =
            json!({"list_in_linear": {"sizes": [100, 1000], "ns_per_op": [5e-324, 1e300]}});
        assert_eq!(
            chart(&absurd).unwrap(),
            "(The chart of the lookups is left out: its time values span 624 decades \
             (10^-324 to 10^300), more than the 15 a chart of measurements can show.)\n"
        );
        let nothing = json!({"set_in_constant": {"sizes": [100, 1000], "ns_per_op": [0, -1]}});
        assert!(chart(&nothing)
            .unwrap()
            .contains("no point has a positive, finite n and time"));
    }

    #[test]
    fn thousands_separators() {
        assert_eq!(thousands(1e6), "1,000,000");
        assert_eq!(thousands(316.0), "316");
        assert_eq!(thousands(3162.3), "3,162");
    }
}
