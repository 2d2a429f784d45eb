//! The scalability judges: pure functions from the evidence of `evidence.rs` to a verdict. The
//! growth curves are fitted here, once, and the fit is recorded for the chart.

use anyhow::Context;

use super::evidence::{
    CacheRun, Caching, CachingDerived, CollidingCurve, CollidingDerived, Curve, Distributed,
    DistributedDerived, EngineRun, EngineVerdict, FittedClass, FittedCurve, Growth, GrowthClass,
    ListCurve, ListDerived, Parallelism, ParallelismDerived, Part, PrivateFiles, RayRun, SetCurve,
    SetDerived, SparkRun, ThreadsRun,
};
use crate::complexity::{Class, Fit};
use crate::demos::kit::load;
use crate::demos::kit::numbers::{plural, round, thousands};
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
        fit.range("n"),
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

/// The verdict of one statement checked on several subjects (a list and a tuple, three
/// engines), each judged on its own: a subject whose run cannot tell leaves the whole undecided
/// (`inconclusive`, never a definite verdict that a quieter run could contradict); otherwise
/// all confirmed is confirmed, all refuted is refuted, and a mixture is nuanced: true of some,
/// not of all. `skipped` when there is no part.
fn agreement(parts: &[Verdict]) -> Verdict {
    let all = |verdict: Verdict| parts.iter().all(|part| *part == verdict);
    if parts.is_empty() {
        Verdict::Skipped
    } else if parts.contains(&Verdict::Inconclusive) {
        Verdict::Inconclusive
    } else if all(Verdict::Confirmed) {
        Verdict::Confirmed
    } else if all(Verdict::Refuted) {
        Verdict::Refuted
    } else {
        Verdict::Nuanced
    }
}

/// What two structures' fits add up to, after both explanations: nothing when they agree; which
/// one the claim holds for when it holds for one only; or that a fit which cannot tell leaves
/// the claim undecided.
fn pair_sentence(verdict: Verdict, first: (&str, &Judged), second: (&str, &Judged)) -> String {
    let holds = |judged: &Judged| judged.verdict == Verdict::Confirmed;
    match verdict {
        Verdict::Nuanced => {
            let (holding, failing) = if holds(first.1) {
                (first.0, second.0)
            } else {
                (second.0, first.0)
            };
            format!(" So it holds for the {holding}, not for the {failing}.")
        }
        Verdict::Inconclusive if first.1.verdict != second.1.verdict => {
            let undecided = if first.1.verdict == Verdict::Inconclusive {
                first.0
            } else {
                second.0
            };
            format!(
                " The {undecided}'s fit cannot tell, so the claim as a whole cannot be called on \
                 this run."
            )
        }
        _ => String::new(),
    }
}

impl ClaimEvidence for ListCurve {
    type Derived = ListDerived;

    fn judge(self) -> anyhow::Result<Judgement<ListDerived>> {
        let list = judge_growth(&self.curve, Class::Linear)?;
        let tuple = judge_growth(&self.tuple, Class::Linear).context("the tuple's curve")?;
        let verdict = agreement(&[list.verdict, tuple.verdict]);
        let per_decade = 10f64.powf(list.fit.slope);
        let explanation = format!(
            "{} Each tenfold n multiplies the time by {per_decade:.1}. {}{}",
            list.explanation,
            tuple.explanation,
            pair_sentence(verdict, ("list", &list), ("tuple", &tuple))
        );
        Ok(
            Judgement::new(verdict, explanation).with_derived(ListDerived {
                growth: list.growth,
                tuple_fit: tuple.growth,
            }),
        )
    }
}

/// A list within this fraction of the set's time is "as fast": tiny timings jitter that much.
const AS_FAST_MARGIN: f64 = 0.10;

impl ClaimEvidence for SetCurve {
    type Derived = SetDerived;

    fn judge(self) -> anyhow::Result<Judgement<SetDerived>> {
        let set = judge_growth(&self.curve, Class::Constant)?;
        let dict = judge_growth(&self.dict, Class::Constant).context("the dict's curve")?;
        let verdict = agreement(&[set.verdict, dict.verdict]);
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
        let explanation = format!(
            "{} {}{} {crossover}",
            set.explanation,
            dict.explanation,
            pair_sentence(verdict, ("set", &set), ("dict", &dict))
        );
        Ok(
            Judgement::new(verdict, explanation).with_derived(SetDerived {
                growth: set.growth,
                dict_fit: dict.growth,
                crossover_n: slower.map(|i| small.sizes[i]),
            }),
        )
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
        let run = e.spread();
        let speedup = run.speedup;
        let end_to_end =
            parallel::speedup(e.sequential_seconds, e.start_seconds + e.parallel_seconds);
        let story = format!(
            "{} on a {} pool of {} ({} available): {:.2} s in one process, \
             {:.2} s in the pool → speedup {speedup:.2}× (efficiency {:.0}%); the workers kept \
             {:.2} cores busy (the single process {:.2}). Starting the pool took {:.2} s, so end \
             to end the speedup was {end_to_end:.2}×. Same result: {}; worker processes left: {}.",
            plural(e.tasks, "task"),
            e.start_method,
            plural(e.workers, "process"),
            plural(e.cores_available, "core"),
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
                    threads_speedup: e
                        .threads
                        .as_ref()
                        .map(|threads| round(threads.spread(e.sequential_seconds).speedup, 2)),
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
    let spread = threads.spread(e.sequential_seconds);
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

/// "3 listening sockets", or that they could not be counted.
fn sockets_left(ports: &Option<Vec<u64>>) -> String {
    match ports {
        Some(ports) => format!("{} listening sockets", ports.len()),
        None => "an unknown number of listening sockets (no psutil to count them)".to_owned(),
    }
}

/// ", and nothing was written in the places Ray writes by default (~/.ray, /tmp/ray): its 57
/// files were in /tmp/pyconcepts-ray-…", or what was written there.
fn files_left(engine: &str, files: &PrivateFiles) -> String {
    let places = files.checked_places.join(", ");
    let kept = match files.files_in_private_dir {
        Some(1) => "its 1 file was in".to_owned(),
        Some(count) => format!("its {} were in", plural(count, "file")),
        None => "its directory was".to_owned(),
    };
    if files.written_outside.is_empty() {
        format!(
            ", and nothing was written in the places {engine} writes by default ({places}): {kept} \
             {}",
            files.private_dir
        )
    } else {
        format!(
            ", and {} changed in the places {engine} writes by default ({places}), though {kept} \
             {}",
            files.written_outside.join(", "),
            files.private_dir
        )
    }
}

/// One engine's run, judged against the one-process run by the rule the pool is judged by: the
/// verdict, and the sentence that says why (empty when it scaled).
fn judge_engine(run: &EngineRun, e: &Distributed) -> (Verdict, String) {
    let spread = run.spread(e.local_seconds);
    let used = run.worker_pids.len() as u64;
    let cores = e.cores_available.unwrap_or(used) as f64;
    if !run.results_equal {
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
        run: spread,
        workers: used as f64,
        cores,
        parallel: (used as f64).min(cores),
        baseline_cores: e.local_cores_used,
        baseline_others: e.local_others_cores,
        others: run.others_cores,
        parallel_cpu_s: run.cores_used * run.wall_seconds,
        sequential_cpu_s: e.local_cores_used * e.local_seconds,
    })
    .verdict()
    {
        found
    } else if spread.speedup >= NO_DIFFERENCE {
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
    }
}

/// "8 tasks in 0.55 s on 2 worker processes against 1.00 s in one process → speedup 1.82×, …":
/// what every engine's run shows, after the part that names the engine.
fn job_figures(run: &EngineRun, e: &Distributed) -> String {
    format!(
        "{} tasks in {:.2} s on {} worker processes against {:.2} s in one process → speedup \
         {:.2}×, {:.2} cores busy (the single process {:.2}); same result: {}.",
        e.tasks,
        run.wall_seconds,
        run.worker_pids.len(),
        e.local_seconds,
        run.spread(e.local_seconds).speedup,
        run.cores_used,
        e.local_cores_used,
        yes_no(run.results_equal)
    )
}

/// An engine's part of the claim, judged: its name, verdict, explanation and derived values.
struct EnginePart {
    name: &'static str,
    verdict: Verdict,
    text: String,
    derived: EngineVerdict,
}

fn ran(name: &'static str, run: &EngineRun, e: &Distributed, story: String) -> EnginePart {
    let (verdict, why) = judge_engine(run, e);
    EnginePart {
        name,
        verdict,
        text: sentences(&[&story, &why]),
        derived: EngineVerdict {
            engine: name,
            verdict,
            speedup: Some(round(run.spread(e.local_seconds).speedup, 2)),
            workers_used: Some(run.worker_pids.len() as u64),
        },
    }
}

fn not_run(name: &'static str, label: &str, reason: &str) -> EnginePart {
    EnginePart {
        name,
        verdict: Verdict::Skipped,
        text: format!("{label} skipped: {}.", reason.trim_end_matches('.')),
        derived: EngineVerdict {
            engine: name,
            verdict: Verdict::Skipped,
            speedup: None,
            workers_used: None,
        },
    }
}

fn dask_part(e: &Distributed) -> anyhow::Result<EnginePart> {
    let Some(dask) = &e.dask else {
        let reason = e.dask_skipped.as_deref().context(
            "neither Dask's run (engine, cluster, … at the top level, complete) nor \
             `dask_skipped` is there",
        )?;
        return Ok(not_run("dask", "Dask", reason));
    };
    let run = &dask.run;
    let story = format!(
        "{} ({}, scheduler {}, {} workers): {} The cluster took {:.2} s to start and {:.2} s to \
         close; afterwards {} worker processes and {} were left.",
        run.engine,
        run.cluster,
        dask.scheduler_address,
        run.workers,
        job_figures(run, e),
        run.start_seconds,
        run.close_seconds,
        run.leftover_processes.len(),
        sockets_left(&run.listening_after_close)
    );
    Ok(ran("dask", run, e, story))
}

fn ray_part(e: &Distributed, ray: &RayRun) -> EnginePart {
    let run = &ray.run;
    let story = format!(
        "{} ({} cluster, GCS {}, nodes {}, {} CPUs): {} It took {:.2} s to start and {:.2} s to \
         shut down; afterwards {} of its processes and {} were left{}.",
        run.engine,
        run.cluster,
        ray.address,
        ray.node_addresses.join(", "),
        run.workers,
        job_figures(run, e),
        run.start_seconds,
        run.close_seconds,
        run.leftover_processes.len(),
        sockets_left(&run.listening_after_close),
        files_left("Ray", &ray.files)
    );
    ran("ray", run, e, story)
}

fn spark_part(e: &Distributed, spark: &SparkRun) -> EnginePart {
    let run = &spark.run;
    let story = format!(
        "{} ({}, driver {}, {} task slots): {} It took {:.2} s to start (the JVM, then its \
         Python workers) and {:.2} s to stop; afterwards {} of its processes and {} were left{}.",
        run.engine,
        spark.master,
        spark.driver_address,
        run.workers,
        job_figures(run, e),
        run.start_seconds,
        run.close_seconds,
        run.leftover_processes.len(),
        sockets_left(&run.listening_after_close),
        files_left("Spark", &spark.files)
    );
    ran("spark", run, e, story)
}

/// "Per engine: dask confirmed, ray inconclusive. …": how the parts that ran add up, when more
/// than one did.
fn combined(parts: &[&EnginePart], verdict: Verdict) -> String {
    if parts.len() < 2 {
        return String::new();
    }
    let each: Vec<String> = parts
        .iter()
        .map(|part| format!("{} {}", part.name, part.verdict.as_str()))
        .collect();
    let meaning = match verdict {
        Verdict::Confirmed => "the job scaled out on each",
        Verdict::Refuted => "none of them computed the one-process result",
        Verdict::Nuanced => "true of some engines on this run, not of all",
        _ => "an engine whose run cannot tell leaves the claim undecided on this run",
    };
    format!("Per engine: {}; {meaning}.", each.join(", "))
}

impl ClaimEvidence for Distributed {
    type Derived = DistributedDerived;

    fn judge(self) -> anyhow::Result<Judgement<DistributedDerived>> {
        let e = &self;
        let mut parts = vec![dask_part(e)?];
        // Evidence from before Ray and Spark joined has no part for them: nothing to say.
        match &e.ray {
            Some(Part::Ran(ray)) => parts.push(ray_part(e, ray)),
            Some(Part::Skipped(reason)) => parts.push(not_run("ray", "Ray", reason)),
            None => {}
        }
        match &e.spark {
            Some(Part::Ran(spark)) => parts.push(spark_part(e, spark)),
            Some(Part::Skipped(reason)) => parts.push(not_run("spark", "Spark", reason)),
            None => {}
        }
        let judged: Vec<&EnginePart> = parts
            .iter()
            .filter(|part| part.verdict != Verdict::Skipped)
            .collect();
        let verdict = agreement(&judged.iter().map(|part| part.verdict).collect::<Vec<_>>());
        let texts: Vec<&str> = parts.iter().map(|part| part.text.as_str()).collect();
        let summary = combined(&judged, verdict);
        let explanation = sentences(&[&sentences(&texts), &summary]);
        let dask = parts.iter().find(|part| part.name == "dask");
        Ok(
            Judgement::new(verdict, explanation).with_derived(DistributedDerived {
                speedup: dask.and_then(|part| part.derived.speedup),
                workers_used: dask.and_then(|part| part.derived.workers_used),
                parts: parts.into_iter().map(|part| part.derived).collect(),
            }),
        )
    }
}
#[cfg(test)]
mod tests {
    use super::super::testing::sizes;
    use crate::demos::testing::{self, judge};
    use serde_json::{json, Value};

    use super::*;

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

    /// A list's curve with its tuple's, as the snippet records them.
    fn list_and_tuple(list: Value, tuple: Value) -> Value {
        let mut evidence = list;
        evidence["tuple"] = tuple;
        evidence
    }

    /// A list and a tuple with the same times.
    fn scanned(sizes: &[f64], time: impl Fn(f64) -> f64) -> Value {
        list_and_tuple(curve("list", sizes, &time), curve("tuple", sizes, &time))
    }

    /// A set's curve with its dict's and the tiny sizes, as the snippet records them.
    fn set_and_dict(set: Value, dict: Value, list_small: &[f64], set_small: &[f64]) -> Value {
        let mut evidence = with_small_sizes(set, list_small, set_small);
        evidence["dict"] = dict;
        evidence
    }

    #[test]
    fn a_linear_list_is_confirmed_with_its_slope_and_constant() {
        let judgement = judge::<ListCurve>(&scanned(&sizes(), |n| 20.0 + 7.0 * n)).unwrap();
        testing::assert_judged("list_in_linear__confirmed", Verdict::Confirmed, &judgement);
        let derived = judgement.derived.as_ref().unwrap();
        assert_eq!(derived.growth.class, FittedClass(Some(Class::Linear)));
        assert_eq!(derived.tuple_fit.class, FittedClass(Some(Class::Linear)));
        let slope = derived.growth.slope;
        assert!((slope - 1.0).abs() < 0.02);
        let constant = derived.growth.constant_ns;
        assert!((6.5..7.5).contains(&constant), "{constant}");
        testing::assert_quotes(
            &judgement.explanation,
            &[
                "at n = 1,000,000",
                "per element",
                "`absent in data` on a tuple:",
            ],
        );
    }

    #[test]
    fn the_fit_is_recorded_for_the_chart_unrounded() {
        let judgement = judge::<ListCurve>(&scanned(&sizes(), |n| 20.0 + 7.0 * n)).unwrap();
        let growth = judgement.derived.unwrap().growth;
        assert_eq!(growth.best_fit, GrowthClass(Class::Linear));
        assert_eq!(growth.fitted.sizes, sizes());
        let medians: Vec<f64> = sizes().iter().map(|n| 20.0 + 7.0 * n).collect();
        assert_eq!(growth.fitted.medians_ns, medians);
        assert_eq!(round(growth.fitted.constant_ns, 3), growth.constant_ns);
        assert_ne!(growth.fitted.constant_ns, growth.constant_ns);
    }

    #[test]
    fn a_list_that_does_not_grow_refutes_the_claim() {
        // An interpreter that indexed lists and tuples would show this.
        let judgement = judge::<ListCurve>(&scanned(&sizes(), |_| 30.0)).unwrap();
        assert_eq!(judgement.verdict, Verdict::Refuted);
        testing::assert_explained("list_in_linear__refuted", &judgement);
        assert_eq!(
            judgement.derived.as_ref().unwrap().growth.class,
            FittedClass(Some(Class::Constant))
        );
        assert!(judgement.explanation.contains("not O(n)"));
    }

    #[test]
    fn a_tuple_that_does_not_grow_beside_a_linear_list_is_nuanced() {
        let evidence = list_and_tuple(
            curve("list", &sizes(), |n| 7.0 * n),
            curve("tuple", &sizes(), |_| 30.0),
        );
        let judgement = judge::<ListCurve>(&evidence).unwrap();
        testing::assert_judged("list_in_linear__nuanced", Verdict::Nuanced, &judgement);
        assert!(judgement
            .explanation
            .ends_with("So it holds for the list, not for the tuple."));
        assert_eq!(
            judgement.derived.unwrap().tuple_fit.class,
            FittedClass(Some(Class::Constant))
        );
    }

    /// A curve whose repeats scatter by a factor of two: its slope's interval spans classes.
    fn noisy(structure: &str) -> Value {
        let mut evidence = curve(structure, &[100.0, 200.0, 400.0], |n| 7.0 * n);
        evidence["repeats_ns_per_op"] =
            json!([[700, 1400, 350], [1400, 2800, 700], [2800, 1400, 5600]]);
        evidence
    }

    #[test]
    fn a_noisy_narrow_curve_is_inconclusive() {
        let judgement = judge::<ListCurve>(&list_and_tuple(noisy("list"), noisy("tuple"))).unwrap();
        testing::assert_judged(
            "list_in_linear__inconclusive__both_noisy",
            Verdict::Inconclusive,
            &judgement,
        );
        assert_eq!(
            judgement.derived.as_ref().unwrap().growth.class,
            FittedClass(None)
        );
        assert!(judgement.explanation.contains("cannot tell"));
        // One noisy structure leaves the claim undecided, whatever the other shows.
        let evidence = list_and_tuple(curve("list", &sizes(), |n| 7.0 * n), noisy("tuple"));
        let judgement = judge::<ListCurve>(&evidence).unwrap();
        assert_eq!(judgement.verdict, Verdict::Inconclusive);
        testing::assert_explained("list_in_linear__inconclusive__noisy_tuple", &judgement);
        assert!(
            judgement.explanation.ends_with(
                "The tuple's fit cannot tell, so the claim as a whole cannot be called on this \
                 run."
            ),
            "{}",
            judgement.explanation
        );
    }

    #[test]
    fn mismatched_lengths_are_unreadable_evidence() {
        let mut evidence = scanned(&sizes(), |n| n);
        evidence["ns_per_op"] = json!([1.0]);
        assert!(judge::<ListCurve>(&evidence).is_err());
        let mut evidence = scanned(&sizes(), |n| n);
        evidence["tuple"]["ns_per_op"] = json!([1.0]);
        let err = judge::<ListCurve>(&evidence).unwrap_err();
        assert!(
            format!("{err:#}").starts_with("the tuple's curve:"),
            "{err:#}"
        );
        // Evidence from before the tuple was measured is not what this judge reads.
        assert!(judge::<ListCurve>(&curve("list", &sizes(), |n| n)).is_err());
    }

    #[test]
    fn the_agreement_of_parts_never_turns_an_undecided_part_into_a_verdict() {
        use Verdict::*;
        assert_eq!(agreement(&[Confirmed, Confirmed, Confirmed]), Confirmed);
        assert_eq!(
            agreement(&[Confirmed, Inconclusive, Confirmed]),
            Inconclusive
        );
        assert_eq!(agreement(&[Refuted, Inconclusive]), Inconclusive);
        assert_eq!(agreement(&[Confirmed, Nuanced]), Nuanced);
        assert_eq!(agreement(&[Confirmed, Refuted]), Nuanced);
        assert_eq!(agreement(&[Nuanced, Nuanced]), Nuanced);
        assert_eq!(agreement(&[Refuted, Refuted]), Refuted);
        assert_eq!(agreement(&[Confirmed]), Confirmed);
        assert_eq!(agreement(&[]), Skipped);
    }

    #[test]
    fn a_flat_set_is_confirmed_and_the_crossover_found() {
        let evidence = set_and_dict(
            curve("set", &sizes(), |_| 15.0),
            curve("dict", &sizes(), |_| 16.0),
            &[10.0, 16.0, 23.0, 50.0, 100.0, 180.0],
            &[15.0, 15.0, 15.0, 15.0, 15.0, 15.0],
        );
        let judgement = judge::<SetCurve>(&evidence).unwrap();
        testing::assert_judged("set_in_constant__confirmed", Verdict::Confirmed, &judgement);
        let derived = judgement.derived.as_ref().unwrap();
        assert_eq!(derived.growth.class, FittedClass(Some(Class::Constant)));
        assert_eq!(derived.dict_fit.class, FittedClass(Some(Class::Constant)));
        // 16 ns is within 10 % of 15 ns; 23 ns is not.
        assert_eq!(derived.crossover_n, Some(2));
        testing::assert_quotes(
            &judgement.explanation,
            &["only below n = 2", "`absent in data` on a dict: 16.0 ns"],
        );
    }

    #[test]
    fn a_set_that_grows_refutes_the_claim_and_no_crossover_is_stated() {
        let evidence = set_and_dict(
            curve("set", &sizes(), |n| 3.0 * n.log2()),
            curve("dict", &sizes(), |n| 3.0 * n.log2()),
            &[10.0; 6],
            &[15.0; 6],
        );
        let judgement = judge::<SetCurve>(&evidence).unwrap();
        testing::assert_judged("set_in_constant__refuted", Verdict::Refuted, &judgement);
        assert_eq!(
            judgement.derived.as_ref().unwrap().growth.class,
            FittedClass(Some(Class::Logarithmic))
        );
        assert_eq!(judgement.derived.as_ref().unwrap().crossover_n, None);
        assert!(judgement.explanation.contains("beyond the sizes tried"));
    }

    #[test]
    fn a_dict_that_grows_beside_a_flat_set_is_nuanced() {
        // A dict that kept its keys in a balanced tree would be O(log n).
        let evidence = set_and_dict(
            curve("set", &sizes(), |_| 15.0),
            curve("dict", &sizes(), |n| 3.0 * n.log2()),
            &[10.0; 6],
            &[15.0; 6],
        );
        let judgement = judge::<SetCurve>(&evidence).unwrap();
        testing::assert_judged("set_in_constant__nuanced", Verdict::Nuanced, &judgement);
        assert!(judgement
            .explanation
            .contains("So it holds for the set, not for the dict."));
        assert_eq!(
            judgement.derived.unwrap().dict_fit.class,
            FittedClass(Some(Class::Logarithmic))
        );
    }

    #[test]
    fn noisy_set_and_dict_curves_are_inconclusive() {
        let evidence = set_and_dict(
            noisy("set"),
            noisy("dict"),
            &[10.0, 12.0, 14.0, 16.0, 20.0, 28.0],
            &[15.0; 6],
        );
        let judgement = judge::<SetCurve>(&evidence).unwrap();
        assert_eq!(judgement.verdict, Verdict::Inconclusive);
        testing::assert_explained("set_in_constant__inconclusive", &judgement);
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
        testing::assert_judged(
            "set_worst_case_linear__confirmed",
            Verdict::Confirmed,
            &judgement,
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
        testing::assert_judged(
            "set_worst_case_linear__refuted",
            Verdict::Refuted,
            &judgement,
        );
    }

    #[test]
    fn a_noisy_colliding_curve_is_inconclusive() {
        let mut evidence = noisy("set of colliding keys");
        evidence["normal_set_ns_per_op"] = json!([15.0, 15.0, 15.0]);
        evidence["comparisons_per_lookup"] = json!([100, 200, 400]);
        let judgement = judge::<CollidingCurve>(&evidence).unwrap();
        assert_eq!(judgement.verdict, Verdict::Inconclusive);
        testing::assert_explained("set_worst_case_linear__inconclusive", &judgement);
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
        testing::assert_judged("caching__nuanced", Verdict::Nuanced, &judgement);
        assert_eq!(judgement.derived.as_ref().unwrap().speedup_fitting, 10.0);
        assert_eq!(judgement.derived.as_ref().unwrap().hit_rate_fitting, 0.9);
        assert!(judgement.explanation.contains("0 hits"));
    }

    #[test]
    fn caching_verdicts_follow_the_numbers() {
        let verdict = |name: &str, fitting, small| {
            let judgement = judge::<Caching>(&caching_evidence(fitting, small)).unwrap();
            testing::assert_explained(name, &judgement);
            judgement.verdict
        };
        let thrash = || cache_run(8, 0.1, 0, true);
        assert_eq!(
            verdict(
                "caching__confirmed",
                cache_run(32, 0.01, 90, true),
                cache_run(8, 0.02, 70, true)
            ),
            Verdict::Confirmed
        );
        assert_eq!(
            verdict(
                "caching__refuted__results_differ",
                cache_run(32, 0.01, 90, false),
                thrash()
            ),
            Verdict::Refuted
        );
        assert_eq!(
            verdict(
                "caching__refuted__no_hits",
                cache_run(32, 0.095, 0, true),
                thrash()
            ),
            Verdict::Refuted
        );
        assert_eq!(
            verdict(
                "caching__inconclusive",
                cache_run(32, 0.06, 90, true),
                thrash()
            ),
            Verdict::Inconclusive
        );
        // A thrashing cache that looks 1.2× faster (a load burst slowed the uncached run) is
        // still a cache with no hits.
        assert_eq!(
            verdict(
                "caching__nuanced__thrashing_yet_faster",
                cache_run(32, 0.01, 90, true),
                cache_run(8, 0.08, 0, true)
            ),
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
        testing::assert_judged("parallelism__confirmed", Verdict::Confirmed, &judgement);
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
        testing::assert_judged(
            "parallelism__confirmed__free_threaded_threads",
            Verdict::Confirmed,
            &judgement,
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
        testing::assert_explained("parallelism__confirmed__gil_threads", &judgement);
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
        let verdict = |name: &str, evidence: Value| {
            let judgement = judge::<Parallelism>(&evidence).unwrap();
            testing::assert_explained(name, &judgement);
            judgement.verdict
        };
        // Busy: the workers got half a core between them.
        assert_eq!(
            verdict("parallelism__inconclusive__busy", pool(2, 1.0, 1.3, 0.5)),
            Verdict::Inconclusive
        );
        // One core: nothing to parallelise on.
        assert_eq!(
            verdict(
                "parallelism__inconclusive__one_core",
                pool(1, 1.0, 1.0, 1.0)
            ),
            Verdict::Inconclusive
        );
        // Cores busy, little gain, the work's CPU time as alone: overhead.
        assert_eq!(
            verdict("parallelism__refuted__overhead", pool(2, 1.0, 0.9, 1.35)),
            Verdict::Refuted
        );
        // Cores busy, no gain, but the same work took 1.9x its CPU time alone: the cores slowed
        // each other, which says nothing about the pool.
        let slowed = judge::<Parallelism>(&pool(2, 1.0, 1.0, 1.9)).unwrap();
        assert_eq!(slowed.verdict, Verdict::Inconclusive);
        testing::assert_explained("parallelism__inconclusive__cores_slowed", &slowed);
        assert!(
            slowed.explanation.contains("slowed each other"),
            "{}",
            slowed.explanation
        );
        // Eight cores, 2.5×: less than 30 % of each extra core.
        assert_eq!(
            verdict(
                "parallelism__inconclusive__eight_cores",
                pool(8, 1.0, 0.4, 7.0)
            ),
            Verdict::Inconclusive
        );
        let mut wrong = pool(2, 1.0, 0.5, 1.9);
        wrong["results_equal"] = json!(false);
        assert_eq!(
            verdict("parallelism__refuted__results_differ", wrong),
            Verdict::Refuted
        );
        // A baseline that got 60 % of a core makes a 2.4× "speedup" on two cores meaningless.
        let mut flattered = pool(2, 1.2, 0.5, 1.9);
        flattered["sequential_cores_used"] = json!(0.6);
        let judgement = judge::<Parallelism>(&flattered).unwrap();
        assert_eq!(judgement.verdict, Verdict::Inconclusive);
        testing::assert_explained("parallelism__inconclusive__flattered_baseline", &judgement);
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
        testing::assert_judged("distributed__confirmed", Verdict::Confirmed, &judgement);
        assert_eq!(judgement.derived.as_ref().unwrap().workers_used, Some(2));
        testing::assert_quotes(
            &judgement.explanation,
            &["scheduler tcp://127.0.0.1:40000", "0 listening sockets"],
        );
    }

    #[test]
    fn distributed_verdicts_follow_the_numbers() {
        let verdict = |name: &str, evidence: Value| {
            let judgement = judge::<Distributed>(&evidence).unwrap();
            testing::assert_explained(name, &judgement);
            judgement.verdict
        };
        assert_eq!(
            verdict(
                "distributed__nuanced__no_faster",
                dask(1.0, 0.9, 1.35, &[7, 8])
            ),
            Verdict::Nuanced
        );
        // 1.25x: faster, short of what two workers promise (1.3x): not a finding either way.
        assert_eq!(
            verdict(
                "distributed__inconclusive__short_of_the_promise",
                dask(1.0, 0.8, 1.2, &[7, 8])
            ),
            Verdict::Inconclusive
        );
        // 1.17x with 1.73 cores busy: the work cost 1.47x its CPU time alone (a run seen on the
        // 2-vCPU development VM): the cores slowed each other, not the engine.
        let slowed = judge::<Distributed>(&dask(0.75, 0.64, 1.73, &[7, 8])).unwrap();
        testing::assert_judged(
            "distributed__inconclusive__cores_slowed",
            Verdict::Inconclusive,
            &slowed,
        );
        assert!(
            slowed.explanation.contains("1.51× the CPU time"),
            "{}",
            slowed.explanation
        );
        assert_eq!(
            verdict(
                "distributed__inconclusive__starved",
                dask(1.0, 1.5, 0.6, &[7, 8])
            ),
            Verdict::Inconclusive
        );
        assert_eq!(
            verdict(
                "distributed__inconclusive__one_worker",
                dask(1.0, 1.0, 1.0, &[7])
            ),
            Verdict::Inconclusive
        );
        let mut wrong = dask(1.0, 0.5, 1.9, &[7, 8]);
        wrong["results_equal"] = json!(false);
        assert_eq!(
            verdict("distributed__refuted__results_differ", wrong),
            Verdict::Refuted
        );
    }

    /// An engine's run as the snippet records Ray's or Spark's part.
    fn engine(name: &str, wall: f64, cores_used: f64, pids: &[u64]) -> Value {
        let mut part = json!({"cluster": "local", "workers": 2, "worker_pids": pids,
                              "start_seconds": 2.5, "wall_seconds": wall, "close_seconds": 1.1,
                              "cores_used": cores_used, "others_cores": 0.05,
                              "results_equal": true, "leftover_processes": [],
                              "listening_while_running": [41000], "listening_after_close": [],
                              "threads_after_close": [],
                              "private_dir": format!("/tmp/pyconcepts-{name}-abc"),
                              "files_in_private_dir": 57,
                              "checked_places": [], "written_outside": []});
        if name == "ray" {
            part["engine"] = json!("ray 2.60.0");
            part["address"] = json!("127.0.0.1:41775");
            part["node_addresses"] = json!(["127.0.0.1"]);
            part["checked_places"] = json!(["~/.ray", "/tmp/ray"]);
        } else {
            part["engine"] = json!("pyspark 4.3.0 on Java 17.0.15");
            part["cluster"] = json!("local[2]");
            part["master"] = json!("local[2]");
            part["driver_address"] = json!("127.0.0.1:40233");
            part["java_version"] = json!("17.0.15");
            part["jvm_pid"] = json!(20443);
            part["checked_places"] = json!(["/tmp/spark-*", "/tmp/blockmgr-*"]);
        }
        part
    }

    #[test]
    fn no_engine_that_ran_leaves_the_claim_skipped() {
        let evidence = json!({"tasks": 8, "local_seconds": 1.0, "local_cores_used": 0.98,
                              "cores_available": 2, "dask_skipped": "not chosen",
                              "ray": {"skipped": "not chosen"},
                              "spark": {"skipped": "not chosen"}});
        let judgement = judge::<Distributed>(&evidence).unwrap();
        assert_eq!(judgement.verdict, Verdict::Skipped);
        testing::assert_explained("distributed__skipped", &judgement);
    }

    /// Dask's evidence with Ray's and Spark's parts beside it.
    fn three(dask_run: Value, ray: Value, spark: Value) -> Value {
        let mut evidence = dask_run;
        evidence["ray"] = ray;
        evidence["spark"] = spark;
        evidence
    }

    #[test]
    fn three_engines_that_scale_confirm_the_claim_each_from_its_own_numbers() {
        let evidence = three(
            dask(1.0, 0.55, 1.8, &[7, 8]),
            engine("ray", 0.53, 1.9, &[21, 22]),
            engine("spark", 0.6, 1.7, &[31, 32]),
        );
        let judgement = judge::<Distributed>(&evidence).unwrap();
        testing::assert_judged(
            "distributed__confirmed__three_engines",
            Verdict::Confirmed,
            &judgement,
        );
        let text = &judgement.explanation;
        testing::assert_quotes(
            text,
            &[
                "ray 2.60.0 (local cluster, GCS 127.0.0.1:41775, nodes 127.0.0.1, 2 CPUs): 8 tasks \
                 in 0.53 s on 2 worker processes against 1.00 s in one process → speedup 1.89×",
                "It took 2.50 s to start and 1.10 s to shut down; afterwards 0 of its processes \
                 and 0 listening sockets were left, and nothing was written in the places Ray \
                 writes by default (~/.ray, /tmp/ray): its 57 files were in \
                 /tmp/pyconcepts-ray-abc.",
                "pyspark 4.3.0 on Java 17.0.15 (local[2], driver 127.0.0.1:40233, 2 task slots): 8 \
                 tasks in 0.60 s",
                "Per engine: dask confirmed, ray confirmed, spark confirmed; the job scaled out on \
                 each.",
            ],
        );
        let derived = judgement.derived.unwrap();
        assert_eq!(derived.speedup, Some(1.82));
        let parts: Vec<(&str, Verdict, Option<f64>)> = derived
            .parts
            .iter()
            .map(|part| (part.engine, part.verdict, part.speedup))
            .collect();
        assert_eq!(
            parts,
            [
                ("dask", Verdict::Confirmed, Some(1.82)),
                ("ray", Verdict::Confirmed, Some(1.89)),
                ("spark", Verdict::Confirmed, Some(1.67))
            ]
        );
    }

    #[test]
    fn one_engine_that_cannot_tell_leaves_the_claim_undecided_and_one_no_faster_nuances_it() {
        // Spark's run got half a core: whatever the others showed, this run cannot tell.
        let busy = three(
            dask(1.0, 0.55, 1.8, &[7, 8]),
            engine("ray", 0.53, 1.9, &[21, 22]),
            engine("spark", 1.6, 0.5, &[31, 32]),
        );
        let judgement = judge::<Distributed>(&busy).unwrap();
        assert_eq!(judgement.verdict, Verdict::Inconclusive);
        testing::assert_explained("distributed__inconclusive__one_engine_busy", &judgement);
        assert!(
            judgement.explanation.ends_with(
                "Per engine: dask confirmed, ray confirmed, spark inconclusive; an engine whose \
                 run cannot tell leaves the claim undecided on this run."
            ),
            "{}",
            judgement.explanation
        );
        // Spark had its cores and was no faster: true of two engines, not of the third.
        let slow = three(
            dask(1.0, 0.55, 1.8, &[7, 8]),
            engine("ray", 0.53, 1.9, &[21, 22]),
            engine("spark", 0.9, 1.35, &[31, 32]),
        );
        let judgement = judge::<Distributed>(&slow).unwrap();
        testing::assert_judged("distributed__nuanced", Verdict::Nuanced, &judgement);
        assert!(judgement
            .explanation
            .contains("spark nuanced; true of some engines on this run, not of all."));
        // A wrong result on one engine is that engine's refutation, not the claim's.
        let mut wrong = three(
            dask(1.0, 0.55, 1.8, &[7, 8]),
            engine("ray", 0.53, 1.9, &[21, 22]),
            engine("spark", 0.6, 1.7, &[31, 32]),
        );
        wrong["ray"]["results_equal"] = json!(false);
        let judgement = judge::<Distributed>(&wrong).unwrap();
        assert_eq!(judgement.verdict, Verdict::Nuanced);
        testing::assert_explained("distributed__nuanced__results_differ", &judgement);
        assert!(
            judgement.explanation.contains("0.53 s in one process")
                || judgement.explanation.contains("same result: no.")
        );
        assert!(judgement.explanation.contains(
            "were left, and nothing was written in the places Ray writes by default \
                       (~/.ray, /tmp/ray): its 57 files were in /tmp/pyconcepts-ray-abc. The \
                       cluster computed a different result."
        ));
    }

    #[test]
    fn engines_that_did_not_run_are_named_with_their_reason_and_judged_without() {
        // Dask not chosen, Spark not installed: Ray's run alone decides.
        let mut evidence = dask(1.0, 0.55, 1.8, &[7, 8]);
        for field in [
            "engine",
            "cluster",
            "scheduler_address",
            "worker_addresses",
            "workers",
            "worker_pids",
            "start_seconds",
            "wall_seconds",
            "close_seconds",
            "cores_used",
            "results_equal",
            "leftover_processes",
            "listening_after_close",
        ] {
            evidence.as_object_mut().unwrap().remove(field);
        }
        evidence["dask_skipped"] = json!("not chosen (--param engines=ray,spark)");
        let evidence = three(
            evidence,
            engine("ray", 0.53, 1.9, &[21, 22]),
            json!({"skipped": "PySpark is not importable (No module named 'pyspark'); install it \
                               with: pip install pyspark"}),
        );
        let judgement = judge::<Distributed>(&evidence).unwrap();
        testing::assert_judged(
            "distributed__confirmed__engines_skipped",
            Verdict::Confirmed,
            &judgement,
        );
        let text = &judgement.explanation;
        assert!(
            text.starts_with("Dask skipped: not chosen (--param engines=ray,spark). ray 2.60.0"),
            "{text}"
        );
        assert!(text.ends_with(
            "Spark skipped: PySpark is not importable (No module named 'pyspark'); install it \
             with: pip install pyspark."
        ));
        assert!(!text.contains("Per engine"), "{text}");
        let derived = judgement.derived.unwrap();
        assert_eq!(derived.speedup, None);
        assert_eq!(derived.parts[0].verdict, Verdict::Skipped);
        assert_eq!(derived.parts[2].verdict, Verdict::Skipped);
        // Neither Dask's run nor why it did not run: a defect of the demo.
        let mut neither = evidence.clone();
        neither.as_object_mut().unwrap().remove("dask_skipped");
        assert!(judge::<Distributed>(&neither).is_err());
        // An engine whose files went where they should not is said so.
        let mut strayed = evidence;
        strayed["ray"]["written_outside"] = json!(["/root/.ray"]);
        let judgement = judge::<Distributed>(&strayed).unwrap();
        assert!(
            judgement.explanation.contains(
                "and /root/.ray changed in the places Ray writes by default (~/.ray, /tmp/ray), \
                 though its 57 files were in /tmp/pyconcepts-ray-abc"
            ),
            "{}",
            judgement.explanation
        );
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
        testing::assert_judged(
            "distributed__inconclusive__crowded",
            Verdict::Inconclusive,
            &judgement,
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
        let judgement = judge::<Distributed>(&crowded).unwrap();
        assert_eq!(judgement.verdict, Verdict::Nuanced);
        testing::assert_explained("distributed__nuanced__quiet_overhead", &judgement);
        // A crowded baseline flatters the speedup instead.
        crowded["local_others_cores"] = json!(1.5);
        let judgement = judge::<Distributed>(&crowded).unwrap();
        assert_eq!(judgement.verdict, Verdict::Inconclusive);
        testing::assert_explained("distributed__inconclusive__crowded_baseline", &judgement);
        assert!(judgement.explanation.contains("one-process baseline"));
    }

    #[test]
    fn a_pool_no_faster_on_a_crowded_machine_is_inconclusive_not_refuted() {
        let mut crowded = pool(2, 1.0, 0.9, 1.35);
        crowded["sequential_others_cores"] = json!(0.0);
        crowded["others_cores"] = json!(0.8);
        let judgement = judge::<Parallelism>(&crowded).unwrap();
        assert_eq!(judgement.verdict, Verdict::Inconclusive);
        testing::assert_explained("parallelism__inconclusive__crowded", &judgement);
        crowded["others_cores"] = json!(0.05);
        let judgement = judge::<Parallelism>(&crowded).unwrap();
        assert_eq!(judgement.verdict, Verdict::Refuted);
        testing::assert_explained("parallelism__refuted__quiet_overhead", &judgement);
    }
}
