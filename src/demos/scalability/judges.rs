//! The scalability judges: pure functions from the evidence of `evidence.rs` to a verdict. The
//! growth curves are fitted here, once, and the fit is recorded for the chart.

use super::evidence::{
    CacheRun, Caching, CachingDerived, CollidingCurve, CollidingDerived, Curve, Distributed,
    DistributedDerived, FittedClass, FittedCurve, Growth, GrowthClass, Parallelism,
    ParallelismDerived, SetCurve, SetDerived, ThreadsRun,
};
use crate::complexity::{Class, Fit};
use crate::demos::kit::load;
use crate::demos::kit::numbers::{round, thousands};
use crate::demos::kit::parallel::{self, Scaling, Spread};
use crate::demos::ClaimEvidence;
use crate::output::chart::format_ns;
use crate::report::{Judgement, Verdict};

// --- the growth of the three lookup curves -----------------------------------------------------

/// A growth claim judged: the verdict, its explanation's core, the fit, and what is derived.
struct Judged {
    verdict: Verdict,
    explanation: String,
    fit: Fit,
    growth: Growth,
}

/// "764 ns at n = 100 … 9.72 ms at n = 1,000,000"
fn range(fit: &Fit) -> String {
    let last = fit.sizes.len() - 1;
    format!(
        "{} at n = {} … {} at n = {}",
        format_ns(fit.medians[0]),
        thousands(fit.sizes[0]),
        format_ns(fit.medians[last]),
        thousands(fit.sizes[last])
    )
}

/// Fits the curve's growth (by [`crate::complexity`], the engine `cargo bench --bench complexity`
/// uses) and judges it against the class the claim expects.
fn judge_growth(curve: &Curve, expected: Class) -> anyhow::Result<Judged> {
    let (points, resampling) = curve.points().map_err(anyhow::Error::msg)?;
    let fit = Fit::with_resampling(&points, resampling)
        .map_err(|err| anyhow::anyhow!("cannot fit the curve: {err}"))?;
    let best = fit.best();
    let unit = GrowthClass(best.class)
        .per()
        .unwrap_or_else(|| "per lookup".to_owned());
    let stated = format!(
        "`{}` on a {}: {}. Log-log slope {:.2} (95% CI {:.2}…{:.2}, R² {:.3})",
        curve.statement,
        curve.structure,
        range(&fit),
        fit.slope,
        fit.slope_ci.0,
        fit.slope_ci.1,
        fit.r2
    );
    let (verdict, explanation) = match fit.class {
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
    let growth = Growth {
        slope: round(fit.slope, 4),
        r2: round(fit.r2, 4),
        class: FittedClass(fit.class),
        slope_ci: [round(fit.slope_ci.0, 4), round(fit.slope_ci.1, 4)],
        best_fit: GrowthClass(best.class),
        constant_ns: round(best.constant, 3),
        fitted: FittedCurve {
            sizes: fit.sizes.clone(),
            medians_ns: fit.medians.clone(),
            constant_ns: best.constant,
        },
    };
    Ok(Judged {
        verdict,
        explanation,
        fit,
        growth,
    })
}

impl ClaimEvidence for Curve {
    type Derived = Growth;

    fn judge(self) -> anyhow::Result<Judgement<Growth>> {
        let judged = judge_growth(&self, Class::Linear)?;
        let per_decade = 10f64.powf(judged.fit.slope);
        Ok(Judgement::new(
            judged.verdict,
            format!(
                "{} Each tenfold n multiplies the time by {per_decade:.1}.",
                judged.explanation
            ),
        )
        .with_derived(judged.growth))
    }
}

/// A list within this fraction of the set's time is "as fast": tiny timings jitter that much.
const AS_FAST_MARGIN: f64 = 0.10;

impl ClaimEvidence for SetCurve {
    type Derived = SetDerived;

    fn judge(self) -> anyhow::Result<Judgement<SetDerived>> {
        let judged = judge_growth(&self.curve, Class::Constant)?;
        let small = &self.small_sizes;
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
                "Up to n = {} the list was as fast as the set (within {:.0}%): the crossover \
                 lies beyond the sizes tried.",
                small.sizes[last],
                AS_FAST_MARGIN * 100.0
            ),
        };
        Ok(Judgement::new(
            judged.verdict,
            format!("{} {crossover}", judged.explanation),
        )
        .with_derived(SetDerived {
            growth: judged.growth,
            crossover_n: slower.map(|i| small.sizes[i]),
        }))
    }
}

impl ClaimEvidence for CollidingCurve {
    type Derived = CollidingDerived;

    fn judge(self) -> anyhow::Result<Judgement<CollidingDerived>> {
        let judged = judge_growth(&self.curve, Class::Linear)?;
        let largest = self.curve.sizes.len() - 1;
        let (Some(&normal), Some(&comparisons)) = (
            self.normal_set_ns_per_op.get(largest),
            self.comparisons_per_lookup.get(largest),
        ) else {
            anyhow::bail!("normal_set_ns_per_op and comparisons_per_lookup must match the sizes");
        };
        let colliding = self.curve.ns_per_op[largest];
        let slowdown = colliding / normal;
        let fit = &judged.fit;
        Ok(Judgement::new(
            judged.verdict,
            format!(
                "{} At n = {} one missed lookup took {} against {} in a set of ordinary ints \
                 ({}× slower): it called __eq__ {} times.",
                judged.explanation,
                thousands(fit.sizes[fit.sizes.len() - 1]),
                format_ns(colliding),
                format_ns(normal),
                thousands(slowdown),
                thousands(comparisons as f64)
            ),
        )
        .with_derived(CollidingDerived {
            growth: judged.growth,
            slowdown_at_largest: round(slowdown, 1),
        }))
    }
}

// --- caching -----------------------------------------------------------------------------------

/// A cache that does not make the repeated workload at least this much faster did not help.
const CACHE_HELPS: f64 = 2.0;
/// Below this speedup a change (a cache, a pool, a cluster) made no real difference: the
/// explanation then says "no faster". Not the kit's [`parallel::FLAT_SHARE`]: that one says a run
/// did not *scale* (below 2.05× on eight cores), and 2× on eight cores is faster, if not
/// scaled — on two cores the two differ only between 1.15 and 1.2, where no test evidence lies.
const NO_DIFFERENCE: f64 = 1.2;
/// A cache answering fewer calls than this from memory is not working, whatever a timing says.
const USEFUL_HIT_RATE: f64 = 0.1;

impl ClaimEvidence for Caching {
    type Derived = CachingDerived;

    fn judge(self) -> anyhow::Result<Judgement<CachingDerived>> {
        let e = &self;
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
                    "{setting}: faster, but by less than {CACHE_HELPS}× — too close to call on \
                     one run."
                ),
            )
        };
        Ok(Judgement::new(verdict, text).with_derived(CachingDerived {
            speedup_fitting: round(fit, 2),
            speedup_too_small: round(small, 2),
            hit_rate_fitting: round(hit_rate(&e.fitting), 3),
            hit_rate_too_small: round(hit_rate(&e.too_small), 3),
        }))
    }
}

// --- a process pool and a cluster ---------------------------------------------------------------

/// A one-process baseline that got less of a core than this was slowed by other programs, and
/// would flatter any speedup measured against it.
const CLEAN_BASELINE: f64 = 0.8;

/// A CPU-bound job run in one process and then spread over workers, with how busy the machine
/// was around both runs, as the snippet measured them.
struct SpreadRun {
    /// The job's speedup on the workers, and the cores they kept busy.
    run: Spread,
    /// How many workers ran tasks: the parallelism the speedup is held against.
    workers: f64,
    /// The cores of the machine the run could use.
    cores: f64,
    /// The workers that could run at once.
    parallel: f64,
    /// Cores the one-process baseline kept busy.
    baseline_cores: f64,
    /// Cores other programs kept busy during the baseline, and during the parallel run.
    baseline_others: Option<f64>,
    others: Option<f64>,
    /// CPU seconds the job took on the workers, and in one process.
    parallel_cpu_s: f64,
    sequential_cpu_s: f64,
}

impl SpreadRun {
    /// The verdict both parallel claims reach the same way: inconclusive on a busy machine,
    /// confirmed when the job ran in parallel, inconclusive when the cores slowed each other
    /// down; `None` for a job that had the cores and did not scale, which each claim words.
    fn verdict(&self) -> Option<(Verdict, String)> {
        if let Some(why) = self.busy() {
            Some((Verdict::Inconclusive, why))
        } else if self.run.scaling(self.workers) == Scaling::Scales {
            Some((Verdict::Confirmed, String::new()))
        } else {
            self.slowed_each_other()
                .map(|why| (Verdict::Inconclusive, why))
        }
    }

    /// Why the timing says nothing on this run, when other programs took the cores: measured
    /// directly (their CPU during either run, by the kit's one rule), or seen in the one-process
    /// baseline or in the workers not getting the cores that running in parallel needs.
    fn busy(&self) -> Option<String> {
        if let Some(others) = load::crowded(self.cores, self.baseline_others, 1.0) {
            Some(format!(
                "Other programs kept {others:.2} cores busy while the one-process baseline ran, \
                 so any speedup against it would be flattered: this run cannot tell."
            ))
        } else if let Some(others) = load::crowded(self.cores, self.others, self.parallel) {
            Some(format!(
                "Other programs kept {others:.2} of the {:.0} cores busy during the parallel \
                 run, leaving too little room for {:.0} workers: this run cannot tell.",
                self.cores, self.parallel
            ))
        } else if self.baseline_cores < CLEAN_BASELINE {
            Some(
                "The one-process baseline did not get a whole core (the machine was busy), so \
                 any speedup against it would be flattered: this run cannot tell."
                    .to_owned(),
            )
        } else if !self.run.used_the_cores(self.workers) {
            Some(
                "The workers did not get the cores: the machine was busy, so this run cannot \
                 tell."
                    .to_owned(),
            )
        } else {
            None
        }
    }

    /// Why a run that used its cores yet gained little says nothing about the model: the same
    /// work took much more CPU time on several cores at once than on one.
    fn slowed_each_other(&self) -> Option<String> {
        load::cores_slowed_each_other(self.parallel_cpu_s, self.sequential_cpu_s).map(|inflation| {
            format!(
                "The same work took {inflation:.2}× the CPU time it took in one process: the \
                     cores slowed each other down (shared hardware, a virtual machine's host), \
                     which hides what the model costs or saves, so this run cannot tell."
            )
        })
    }
}

fn yes_no(flag: bool) -> &'static str {
    if flag {
        "yes"
    } else {
        "no"
    }
}

impl ClaimEvidence for Parallelism {
    type Derived = ParallelismDerived;

    fn judge(self) -> anyhow::Result<Judgement<ParallelismDerived>> {
        let e = &self;
        let usable = e.workers.min(e.cores_available);
        let run = Spread {
            speedup: parallel::speedup(e.sequential_seconds, e.parallel_seconds),
            cores_used: e.cores_used,
        };
        let speedup = run.speedup;
        let end_to_end =
            parallel::speedup(e.sequential_seconds, e.start_seconds + e.parallel_seconds);
        let story = format!(
            "{} tasks on a {} pool of {} processes ({} cores available): {:.2} s in one process, \
             {:.2} s in the pool → speedup {speedup:.2}× (efficiency {:.0}%); the workers kept \
             {:.2} cores busy (the single process {:.2}). Starting the pool took {:.2} s, so end \
             to end the speedup was {end_to_end:.2}×. Same result: {}; worker processes left: {}.",
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
        } else if let Some(found) = (SpreadRun {
            run,
            workers: usable as f64,
            cores: e.cores_available as f64,
            parallel: usable as f64,
            baseline_cores: e.sequential_cores_used,
            baseline_others: e.sequential_others_cores,
            others: e.others_cores,
            parallel_cpu_s: e.cores_used * e.parallel_seconds,
            sequential_cpu_s: e.sequential_cores_used * e.sequential_seconds,
        })
        .verdict()
        {
            found
        } else if speedup < NO_DIFFERENCE {
            (
                Verdict::Refuted,
                "The workers had the cores, yet the job was no faster: overhead ate the gain."
                    .to_owned(),
            )
        } else {
            (
                Verdict::Inconclusive,
                "Faster, but by less than the cores promise: too close to call on one run."
                    .to_owned(),
            )
        };
        let threads = e
            .threads
            .as_ref()
            .map(|threads| threads_beside(e, threads, usable))
            .unwrap_or_default();
        Ok(
            Judgement::new(verdict, sentences(&[&story, &why, &threads])).with_derived(
                ParallelismDerived {
                    speedup: round(speedup, 2),
                    efficiency: round(speedup / usable.max(1) as f64, 2),
                    end_to_end_speedup: round(end_to_end, 2),
                    worker_processes: e.worker_pids.len(),
                    threads_speedup: e.threads.as_ref().map(|threads| {
                        round(parallel::speedup(e.sequential_seconds, threads.seconds), 2)
                    }),
                },
            ),
        )
    }
}

/// Non-empty parts joined by one space.
fn sentences(parts: &[&str]) -> String {
    parts
        .iter()
        .map(|part| part.trim())
        .filter(|part| !part.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

/// The sentence on the same job on threads: whether this build lets pure-Python threads use the
/// cores too (free-threaded), or the processes are what does (a GIL). It leaves the pool's
/// verdict as it is: the claim is about the pool.
fn threads_beside(e: &Parallelism, threads: &ThreadsRun, usable: u64) -> String {
    let spread = Spread {
        speedup: parallel::speedup(e.sequential_seconds, threads.seconds),
        cores_used: threads.cores_used,
    };
    let figures = format!(
        "On {usable} threads of one process instead, the job took {:.2} s: speedup {:.2}×, \
         {:.2} cores busy (GIL {})",
        threads.seconds,
        spread.speedup,
        threads.cores_used,
        if threads.gil_enabled {
            "enabled"
        } else {
            "disabled"
        }
    );
    if !threads.results_equal {
        return format!("{figures}, but with a different result.");
    }
    let crowded = load::crowded(
        e.cores_available as f64,
        threads.others_cores,
        usable as f64,
    );
    let slowed = load::cores_slowed_each_other(
        threads.cores_used * threads.seconds,
        e.sequential_cores_used * e.sequential_seconds,
    )
    .filter(|_| spread.used_the_cores(usable as f64));
    match (spread.scaling(usable as f64), threads.gil_enabled) {
        _ if usable < 2 => format!("{figures}."),
        (Scaling::TooClose | Scaling::Flat, _) if slowed.is_some() => format!(
            "{figures}: they ran at once, but the job took {:.2}× its CPU time in one thread, so \
             they slowed each other down and gained less than the cores promise.",
            slowed.unwrap_or_default()
        ),
        (Scaling::Scales, _) => format!(
            "{figures}: on this build threads run the job in parallel too, with no pool to \
             start, so processes are not the only way to use the cores."
        ),
        (Scaling::Flat, true) if crowded.is_none() => format!(
            "{figures}: with the GIL on they took turns, so here it is processes that use the \
             cores."
        ),
        (Scaling::Flat, false) if crowded.is_none() => {
            format!("{figures}: they did not scale, though no GIL held them back.")
        }
        (_, _) => match crowded {
            Some(others) => format!(
                "{figures}; other programs kept {others:.2} cores busy meanwhile, so the threads' \
                 run shows nothing either way."
            ),
            None => format!("{figures}: too close to call."),
        },
    }
}

impl ClaimEvidence for Distributed {
    type Derived = DistributedDerived;

    fn judge(self) -> anyhow::Result<Judgement<DistributedDerived>> {
        let e = &self;
        let run = Spread {
            speedup: parallel::speedup(e.local_seconds, e.wall_seconds),
            cores_used: e.cores_used,
        };
        let speedup = run.speedup;
        let used = e.worker_pids.len() as u64;
        let story = format!(
            "{} ({}, scheduler {}, {} workers): {} tasks in {:.2} s on {used} worker processes \
             against {:.2} s in one process → speedup {speedup:.2}×, {:.2} cores busy (the \
             single process {:.2}); same result: {}. The cluster took {:.2} s to start and {:.2} \
             s to close; afterwards {} worker processes and {} listening sockets were left.",
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
        } else if let Some(found) = (SpreadRun {
            run,
            workers: used as f64,
            cores,
            parallel: (used as f64).min(cores),
            baseline_cores: e.local_cores_used,
            baseline_others: e.local_others_cores,
            others: e.others_cores,
            parallel_cpu_s: e.cores_used * e.wall_seconds,
            sequential_cpu_s: e.local_cores_used * e.local_seconds,
        })
        .verdict()
        {
            found
        } else if speedup >= NO_DIFFERENCE {
            (
                Verdict::Inconclusive,
                "Faster, but by less than the workers promise: too close to call on one run."
                    .to_owned(),
            )
        } else {
            (
                Verdict::Nuanced,
                "The work was spread out and correct but no faster: scheduling and \
                 serialisation cost more than they saved here. A distributed engine pays off \
                 when the job outgrows one machine."
                    .to_owned(),
            )
        };
        Ok(
            Judgement::new(verdict, format!("{story} {why}").trim_end()).with_derived(
                DistributedDerived {
                    speedup: round(speedup, 2),
                    workers_used: used,
                },
            ),
        )
    }
}
#[cfg(test)]
mod tests {
    use crate::demos::testing::judge;
    use serde_json::{json, Value};

    use super::*;

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
        let judgement = judge::<Curve>(&curve("list", &sizes(), |n| 20.0 + 7.0 * n)).unwrap();
        assert_eq!(
            judgement.verdict,
            Verdict::Confirmed,
            "{}",
            judgement.explanation
        );
        assert_eq!(
            judgement.derived.as_ref().unwrap().class,
            FittedClass(Some(Class::Linear))
        );
        let slope = judgement.derived.as_ref().unwrap().slope;
        assert!((slope - 1.0).abs() < 0.02);
        let constant = judgement.derived.as_ref().unwrap().constant_ns;
        assert!((6.5..7.5).contains(&constant), "{constant}");
        assert!(judgement.explanation.contains("at n = 1,000,000"));
        assert!(judgement.explanation.contains("per element"));
    }

    #[test]
    fn the_fit_is_recorded_for_the_chart_unrounded() {
        let judgement = judge::<Curve>(&curve("list", &sizes(), |n| 20.0 + 7.0 * n)).unwrap();
        let growth = judgement.derived.unwrap();
        assert_eq!(growth.best_fit, GrowthClass(Class::Linear));
        assert_eq!(growth.fitted.sizes, sizes());
        let medians: Vec<f64> = sizes().iter().map(|n| 20.0 + 7.0 * n).collect();
        assert_eq!(growth.fitted.medians_ns, medians);
        assert_eq!(round(growth.fitted.constant_ns, 3), growth.constant_ns);
        assert_ne!(growth.fitted.constant_ns, growth.constant_ns);
    }

    #[test]
    fn a_list_that_does_not_grow_refutes_the_claim() {
        // An interpreter that indexed lists would show this.
        let judgement = judge::<Curve>(&curve("list", &sizes(), |_| 30.0)).unwrap();
        assert_eq!(judgement.verdict, Verdict::Refuted);
        assert_eq!(
            judgement.derived.as_ref().unwrap().class,
            FittedClass(Some(Class::Constant))
        );
        assert!(judgement.explanation.contains("not O(n)"));
    }

    #[test]
    fn a_noisy_narrow_curve_is_inconclusive() {
        let mut evidence = curve("list", &[100.0, 200.0, 400.0], |n| 7.0 * n);
        evidence["repeats_ns_per_op"] =
            json!([[700, 1400, 350], [1400, 2800, 700], [2800, 1400, 5600]]);
        let judgement = judge::<Curve>(&evidence).unwrap();
        assert_eq!(
            judgement.verdict,
            Verdict::Inconclusive,
            "{}",
            judgement.explanation
        );
        assert_eq!(judgement.derived.as_ref().unwrap().class, FittedClass(None));
        assert!(judgement.explanation.contains("cannot tell"));
    }

    #[test]
    fn mismatched_lengths_are_unreadable_evidence() {
        let mut evidence = curve("list", &sizes(), |n| n);
        evidence["ns_per_op"] = json!([1.0]);
        assert!(judge::<Curve>(&evidence).is_err());
    }

    #[test]
    fn a_flat_set_is_confirmed_and_the_crossover_found() {
        let evidence = with_small_sizes(
            curve("set", &sizes(), |_| 15.0),
            &[10.0, 16.0, 23.0, 50.0, 100.0, 180.0],
            &[15.0, 15.0, 15.0, 15.0, 15.0, 15.0],
        );
        let judgement = judge::<SetCurve>(&evidence).unwrap();
        assert_eq!(
            judgement.verdict,
            Verdict::Confirmed,
            "{}",
            judgement.explanation
        );
        assert_eq!(
            judgement.derived.as_ref().unwrap().growth.class,
            FittedClass(Some(Class::Constant))
        );
        // 16 ns is within 10 % of 15 ns; 23 ns is not.
        assert_eq!(judgement.derived.as_ref().unwrap().crossover_n, Some(2));
        assert!(judgement.explanation.contains("only below n = 2"));
    }

    #[test]
    fn a_set_that_grows_refutes_the_claim_and_no_crossover_is_stated() {
        let evidence = with_small_sizes(
            curve("set", &sizes(), |n| 3.0 * n.log2()),
            &[10.0; 6],
            &[15.0; 6],
        );
        let judgement = judge::<SetCurve>(&evidence).unwrap();
        assert_eq!(
            judgement.verdict,
            Verdict::Refuted,
            "{}",
            judgement.explanation
        );
        assert_eq!(
            judgement.derived.as_ref().unwrap().growth.class,
            FittedClass(Some(Class::Logarithmic))
        );
        assert_eq!(judgement.derived.as_ref().unwrap().crossover_n, None);
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
        let judgement = judge::<CollidingCurve>(&colliding(|n| 60.0 * n)).unwrap();
        assert_eq!(
            judgement.verdict,
            Verdict::Confirmed,
            "{}",
            judgement.explanation
        );
        assert_eq!(
            judgement.derived.as_ref().unwrap().slowdown_at_largest,
            12800.0
        );
        assert!(judgement.explanation.contains("__eq__ 3,836 times"));
    }

    #[test]
    fn a_collision_proof_set_refutes_the_worst_case() {
        // A hash table that resolved collisions with a balanced tree would be O(log n).
        let judgement = judge::<CollidingCurve>(&colliding(|n| 40.0 * n.log2())).unwrap();
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
        let judgement = judge::<Caching>(&evidence).unwrap();
        assert_eq!(
            judgement.verdict,
            Verdict::Nuanced,
            "{}",
            judgement.explanation
        );
        assert_eq!(judgement.derived.as_ref().unwrap().speedup_fitting, 10.0);
        assert_eq!(judgement.derived.as_ref().unwrap().hit_rate_fitting, 0.9);
        assert!(judgement.explanation.contains("0 hits"));
    }

    #[test]
    fn caching_verdicts_follow_the_numbers() {
        let verdict = |fitting, small| {
            judge::<Caching>(&caching_evidence(fitting, small))
                .unwrap()
                .verdict
        };
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
        let judgement = judge::<Parallelism>(&pool(2, 1.0, 0.53, 1.9)).unwrap();
        assert_eq!(
            judgement.verdict,
            Verdict::Confirmed,
            "{}",
            judgement.explanation
        );
        assert_eq!(judgement.derived.as_ref().unwrap().speedup, 1.89);
        assert_eq!(judgement.derived.as_ref().unwrap().end_to_end_speedup, 1.59);
        assert!(judgement.explanation.contains("efficiency 94%"));
    }

    fn with_threads(mut evidence: Value, seconds: f64, cores_used: f64, gil: bool) -> Value {
        evidence["threads"] = json!({"seconds": seconds, "cores_used": cores_used,
                                     "others_cores": 0.02, "results_equal": true,
                                     "gil_enabled": gil});
        evidence
    }

    #[test]
    fn threads_beside_the_pool_follow_the_gil_and_leave_its_verdict() {
        // A free-threaded 3.13t: the threads scaled like the pool, with nothing to start.
        let free = with_threads(pool(2, 2.34, 1.32, 1.89), 1.25, 1.9, false);
        let judgement = judge::<Parallelism>(&free).unwrap();
        assert_eq!(
            judgement.verdict,
            Verdict::Confirmed,
            "{}",
            judgement.explanation
        );
        assert!(judgement.explanation.contains(
            "On 2 threads of one process instead, the job took 1.25 s: speedup 1.87×, 1.90 cores \
             busy (GIL disabled): on this build threads run the job in parallel too"
        ));
        assert_eq!(judgement.derived.unwrap().threads_speedup, Some(1.87));
        // 3.11: the GIL keeps them on one core.
        let classic = with_threads(pool(2, 0.68, 0.36, 1.9), 0.70, 1.0, true);
        let judgement = judge::<Parallelism>(&classic).unwrap();
        assert_eq!(judgement.verdict, Verdict::Confirmed);
        assert!(judgement
            .explanation
            .contains("(GIL enabled): with the GIL on they took turns"));
        // Without a GIL yet on one core while other programs had the other: nothing shown.
        let mut crowded = with_threads(pool(2, 2.34, 1.32, 1.89), 2.3, 1.0, false);
        crowded["threads"]["others_cores"] = json!(0.95);
        let judgement = judge::<Parallelism>(&crowded).unwrap();
        assert!(judgement
            .explanation
            .contains("other programs kept 0.95 cores busy meanwhile"));
        // Both cores busy but little faster: the threads cost each other CPU time (3.13t, whose
        // threads share the worker function and its module).
        let slowed = with_threads(pool(2, 2.60, 1.60, 1.97), 2.01, 1.94, false);
        let judgement = judge::<Parallelism>(&slowed).unwrap();
        assert!(
            judgement
                .explanation
                .contains("the job took 1.51× its CPU time in one thread"),
            "{}",
            judgement.explanation
        );
        assert!(!judgement.explanation.contains("  "));
    }

    #[test]
    fn pool_verdicts_tell_a_busy_machine_from_a_slow_pool() {
        let verdict = |evidence: Value| judge::<Parallelism>(&evidence).unwrap().verdict;
        // Busy: the workers got half a core between them.
        assert_eq!(verdict(pool(2, 1.0, 1.3, 0.5)), Verdict::Inconclusive);
        // One core: nothing to parallelise on.
        assert_eq!(verdict(pool(1, 1.0, 1.0, 1.0)), Verdict::Inconclusive);
        // Cores busy, little gain, the work's CPU time as alone: overhead.
        assert_eq!(verdict(pool(2, 1.0, 0.9, 1.35)), Verdict::Refuted);
        // Cores busy, no gain, but the same work took 1.9x its CPU time alone: the cores slowed
        // each other, which says nothing about the pool.
        let slowed = judge::<Parallelism>(&pool(2, 1.0, 1.0, 1.9)).unwrap();
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
        let judgement = judge::<Parallelism>(&flattered).unwrap();
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
        let judgement = judge::<Distributed>(&dask(1.0, 0.55, 1.8, &[7, 8])).unwrap();
        assert_eq!(
            judgement.verdict,
            Verdict::Confirmed,
            "{}",
            judgement.explanation
        );
        assert_eq!(judgement.derived.as_ref().unwrap().workers_used, 2);
        assert!(judgement
            .explanation
            .contains("scheduler tcp://127.0.0.1:40000"));
        assert!(judgement.explanation.contains("0 listening sockets"));
    }

    #[test]
    fn distributed_verdicts_follow_the_numbers() {
        let verdict = |evidence: Value| judge::<Distributed>(&evidence).unwrap().verdict;
        assert_eq!(verdict(dask(1.0, 0.9, 1.35, &[7, 8])), Verdict::Nuanced);
        // 1.25x: faster, short of what two workers promise (1.3x): not a finding either way.
        assert_eq!(verdict(dask(1.0, 0.8, 1.2, &[7, 8])), Verdict::Inconclusive);
        // 1.17x with 1.73 cores busy: the work cost 1.47x its CPU time alone (a run seen on the
        // 2-vCPU development VM): the cores slowed each other, not the engine.
        let slowed = judge::<Distributed>(&dask(0.75, 0.64, 1.73, &[7, 8])).unwrap();
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
        let judgement = judge::<Distributed>(&crowded).unwrap();
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
        assert_eq!(
            judge::<Distributed>(&crowded).unwrap().verdict,
            Verdict::Nuanced
        );
        // A crowded baseline flatters the speedup instead.
        crowded["local_others_cores"] = json!(1.5);
        let judgement = judge::<Distributed>(&crowded).unwrap();
        assert_eq!(judgement.verdict, Verdict::Inconclusive);
        assert!(judgement.explanation.contains("one-process baseline"));
    }

    #[test]
    fn a_pool_no_faster_on_a_crowded_machine_is_inconclusive_not_refuted() {
        let mut crowded = pool(2, 1.0, 0.9, 1.35);
        crowded["sequential_others_cores"] = json!(0.0);
        crowded["others_cores"] = json!(0.8);
        assert_eq!(
            judge::<Parallelism>(&crowded).unwrap().verdict,
            Verdict::Inconclusive
        );
        crowded["others_cores"] = json!(0.05);
        assert_eq!(
            judge::<Parallelism>(&crowded).unwrap().verdict,
            Verdict::Refuted
        );
    }
}
