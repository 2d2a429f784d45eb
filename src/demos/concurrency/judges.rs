//! The concurrency judges: pure functions from the evidence of `evidence.rs` to a verdict.
//! Whether a model ran in parallel is the kit's one rule ([`crate::demos::kit::parallel`]).

use super::evidence::most_waiting_at_once;
use super::evidence::{
    AtOnce, BlockingCall, BlockingCallDerived, CpuBound, CpuBoundDerived, EachProcessOwnGil,
    EachProcessOwnGilDerived, EmbeddedHost, EmbeddedHostDerived, IoBound, IoBoundDerived, Lateness,
    MethodRun, ParallelismCosts, ParallelismCostsDerived, StartCost,
};
use crate::demos::kit::load;
use crate::demos::kit::numbers::{plural, round};
use crate::demos::kit::parallel::{self, Scaling, Spread};
use crate::demos::kit::python::Repr;
use crate::demos::kit::words::capitalised;
use crate::demos::ClaimEvidence;
use crate::report::{Judgement, Verdict};

/// Waits fully overlapped give a speedup of one per request; a quarter of the way there (of each
/// request beyond the first) is overlap.
const OVERLAPS_SHARE: f64 = 0.25;
/// Under a tenth of the way there, the waits did not overlap.
const NO_OVERLAP_SHARE: f64 = 0.1;

impl ClaimEvidence for CpuBound {
    type Derived = CpuBoundDerived;

    fn judge(self) -> anyhow::Result<Judgement<CpuBoundDerived>> {
        let e = &self;
        let m = &e.models;
        let parallel = f64::from(e.workers.min(e.cores));
        let (on_processes, on_threads, on_loop) = (
            m.spread(&m.multiprocessing),
            m.spread(&m.threading),
            m.spread(&m.asyncio),
        );
        let (processes, threads, asyncio) =
            (on_processes.speedup, on_threads.speedup, on_loop.speedup);
        let processes_scaling = on_processes.scaling(parallel);
        let threads_scaling = on_threads.scaling(parallel);
        let asyncio_scaling = on_loop.scaling(parallel);
        // Other programs' CPU, over the whole section and during the processes' best run: a
        // failure to scale is only held against the claim on a quiet machine, where others left
        // all but a quarter of a core of the parallelism free.
        let others = e
            .others_cores_average
            .unwrap_or(0.0)
            .max(m.multiprocessing.others_cores.unwrap_or(0.0));
        let busy = load::crowded(f64::from(e.cores), Some(others), parallel).is_some();
        // speedup = cores used / CPU inflation. Processes can run on every core at once and still
        // gain little when each core gets slower while the others work (cores sharing hardware, a
        // virtual machine's host): the same work then costs them much more CPU time than alone.
        let cpu_inflation = m.multiprocessing.cpu_s / m.sequential.cpu_s.max(1e-9);
        let slowed = on_processes.used_the_cores(parallel)
            && load::cores_slowed_each_other(m.multiprocessing.cpu_s, m.sequential.cpu_s.max(1e-9))
                .is_some();
        let figures = format!(
            "{} on {}, {}, best of {}: processes speedup {:.2} (cores used {:.2}), threads \
             {:.2} (cores used {:.2}), asyncio {:.2} (cores used {:.2})",
            plural(e.tasks, "task"),
            plural(e.workers, "worker"),
            plural(e.cores, "usable core"),
            plural(e.rounds, "round"),
            processes,
            m.multiprocessing.cores_used,
            threads,
            m.threading.cores_used,
            asyncio,
            m.asyncio.cores_used
        );
        let gil = if e.gil_enabled {
            "this build has a GIL"
        } else {
            "this build runs without a GIL"
        };
        let (verdict, why) = if parallel < 2.0 {
            (
                Verdict::Inconclusive,
                format!(
                    "{figures}. With one worker or one core there is nothing to scale across; run \
                     on more cores (--param workers=N)."
                ),
            )
        } else if !e.results_equal {
            (
                Verdict::Inconclusive,
                format!(
                    "{figures}. The models computed different results, so the timings compare \
                     different work."
                ),
            )
        } else {
            match (processes_scaling, threads_scaling, asyncio_scaling) {
                (Scaling::Scales, Scaling::Flat, Scaling::Flat) if !e.gil_enabled => (
                    Verdict::Inconclusive,
                    format!(
                        "{figures}. Processes used the cores, but threads stayed on about one \
                         core although {gil}: no GIL held them back, so this run cannot tell \
                         whether CPU-bound threads scale here; run again on a quieter machine."
                    ),
                ),
                (Scaling::Scales, Scaling::Flat, Scaling::Flat) => (
                    Verdict::Confirmed,
                    format!(
                        "{figures}. Processes used the cores; threads stayed on about one core \
                         ({gil}) and the event loop runs one coroutine at a time."
                    ),
                ),
                (Scaling::Scales, Scaling::Scales, _) => (
                    Verdict::Nuanced,
                    format!(
                        "{figures}. Threads scaled too: {gil}, so CPU-bound Python threads run in \
                         parallel and processes are not the only way. asyncio still runs one \
                         coroutine at a time."
                    ),
                ),
                (Scaling::Flat | Scaling::TooClose, _, _) if slowed => (
                    Verdict::Inconclusive,
                    format!(
                        "{figures}. The processes did run on {:.2} cores at once, but their work \
                         took {cpu_inflation:.2}× the CPU time it took on one core alone: the \
                         cores slowed each other down (shared hardware, or the host of a virtual \
                         machine), which says nothing about Python. Run again on a quieter \
                         machine.",
                        m.multiprocessing.cores_used
                    ),
                ),
                (Scaling::Flat | Scaling::TooClose, _, _) if busy => (
                    Verdict::Inconclusive,
                    format!(
                        "{figures}. Other programs used up to {others:.2} of the {} cores \
                         meanwhile, leaving too little room to show parallel work; run again on a \
                         quieter machine.",
                        e.cores
                    ),
                ),
                (Scaling::Flat, _, _) => (
                    Verdict::Refuted,
                    format!(
                        "{figures}. Processes did not scale although other programs used only \
                         {others:.2} cores."
                    ),
                ),
                _ => (
                    Verdict::Inconclusive,
                    format!("{figures}. Too close to call."),
                ),
            }
        };
        Ok(Judgement::new(verdict, why).with_derived(CpuBoundDerived {
            processes_speedup: round(processes, 2),
            threads_speedup: round(threads, 2),
            asyncio_speedup: round(asyncio, 2),
            processes_cpu_inflation: round(cpu_inflation, 2),
        }))
    }
}

impl ClaimEvidence for IoBound {
    type Derived = IoBoundDerived;

    fn judge(self) -> anyhow::Result<Judgement<IoBoundDerived>> {
        let e = &self;
        let m = &e.models;
        let (threads, asyncio, processes) = (
            m.spread(&m.threading).speedup,
            m.spread(&m.asyncio).speedup,
            m.spread(&m.multiprocessing).speedup,
        );
        let requests = f64::from(e.requests);
        let overlaps_at = parallel::of_each_extra(requests, OVERLAPS_SHARE);
        let flat_below = parallel::of_each_extra(requests, NO_OVERLAP_SHARE);
        let figures = format!(
            "{} answered after {} ms each: sequential {:.3} s; threads {:.3} s (speedup \
             {threads:.1}, cores used {:.2}); asyncio {:.3} s (speedup {asyncio:.1}, cores used \
             {:.2}); {} {:.3} s (speedup {processes:.1})",
            plural(e.requests, "request"),
            e.delay_ms,
            m.sequential.wall_s,
            m.threading.wall_s,
            m.threading.cores_used,
            m.asyncio.wall_s,
            m.asyncio.cores_used,
            plural(e.workers, "process"),
            m.multiprocessing.wall_s
        );
        let overlap = |speedup: f64| Scaling::of(speedup, overlaps_at, flat_below);
        let (verdict, why) = if e.requests < 2 {
            (
                Verdict::Inconclusive,
                format!("{figures}. One request has no wait to overlap with."),
            )
        } else if !e.replies_ok {
            (
                Verdict::Inconclusive,
                format!(
                    "{figures}. Some replies were wrong, so the runs did not do the same work."
                ),
            )
        } else {
            match (overlap(threads), overlap(asyncio)) {
                (Scaling::Scales, Scaling::Scales) => (
                    Verdict::Confirmed,
                    format!(
                        "{figures}. Threads and coroutines wait together while barely using the \
                         CPU; processes overlap only as many waits as there are processes."
                    ),
                ),
                (Scaling::Flat, Scaling::Flat) => (
                    Verdict::Refuted,
                    format!("{figures}. Neither threads nor asyncio overlapped the waits."),
                ),
                (Scaling::Scales, Scaling::Flat) => (
                    Verdict::Nuanced,
                    format!("{figures}. Only threads overlapped the waits; asyncio did not."),
                ),
                (Scaling::Flat, Scaling::Scales) => (
                    Verdict::Nuanced,
                    format!("{figures}. Only asyncio overlapped the waits; threads did not."),
                ),
                _ => (
                    Verdict::Inconclusive,
                    format!("{figures}. Too close to call."),
                ),
            }
        };
        let timeline = e.timeline.as_ref();
        Ok(Judgement::new(verdict, why).with_derived(IoBoundDerived {
            threads_speedup: round(threads, 2),
            asyncio_speedup: round(asyncio, 2),
            processes_speedup: round(processes, 2),
            threads_waiting_at_once: timeline.map(|t| most_waiting_at_once(&t.threading)),
            asyncio_waiting_at_once: timeline.map(|t| most_waiting_at_once(&t.asyncio)),
        }))
    }
}

impl ClaimEvidence for BlockingCall {
    type Derived = BlockingCallDerived;

    fn judge(self) -> anyhow::Result<Judgement<BlockingCallDerived>> {
        let e = &self;
        let v = &e.variants;
        // Stalled: the others wake up at least half the blocking time late. Responsive: at most a
        // quarter of it. In between, a crowded machine (which delays every wake-up) cannot be told
        // from a remedy that half works: no definite verdict rests on such a variant.
        let stalled_by = |l: &Lateness| l.max_lateness_ms >= 0.5 * e.block_ms;
        let stalled = stalled_by(&v.time_sleep);
        let responsive = |l: &Lateness| l.max_lateness_ms <= 0.25 * e.block_ms;
        let describe = |l: &Lateness| {
            format!(
                "with {} the others woke up at most {:.1} ms late (median {:.1} ms)",
                l.call, l.max_lateness_ms, l.median_lateness_ms
            )
        };
        let stall = match v
            .time_sleep
            .timeline
            .as_ref()
            .and_then(|t| t.longest_gap_ns())
        {
            Some(gap) => format!(
                "; with time.sleep no ticking coroutine woke up at all for {:.1} ms",
                gap as f64 / 1e6
            ),
            None => String::new(),
        };
        let figures = format!(
            "{} ticking while another waited {} ms: {}; {}; {}{stall}",
            plural(e.heartbeats, "coroutine"),
            e.block_ms,
            describe(&v.time_sleep),
            describe(&v.asyncio_sleep),
            describe(&v.to_thread)
        );
        let (verdict, why) = match (
            stalled,
            responsive(&v.asyncio_sleep),
            responsive(&v.to_thread),
        ) {
            (true, true, true) => (
                Verdict::Confirmed,
                format!(
                    "{figures}. A blocking call holds the only thread the loop has: every task \
                     waits for it."
                ),
            ),
            // One remedy responsive, the other as stalled as the blocking call itself.
            (true, asyncio, to_thread)
                if asyncio != to_thread
                    && (stalled_by(&v.asyncio_sleep) || stalled_by(&v.to_thread)) =>
            {
                let (kept, stalled) = if asyncio {
                    (&v.asyncio_sleep.call, &v.to_thread.call)
                } else {
                    (&v.to_thread.call, &v.asyncio_sleep.call)
                };
                (
                    Verdict::Nuanced,
                    format!(
                        "{figures}. The blocking call stalled the loop, but only one remedy kept \
                         it responsive: {kept} did, {stalled} stalled it too."
                    ),
                )
            }
            (false, _, _) if responsive(&v.time_sleep) => (
                Verdict::Refuted,
                format!("{figures}. The loop kept running during the blocking call."),
            ),
            _ => (
                Verdict::Inconclusive,
                format!("{figures}. Too noisy to call."),
            ),
        };
        let gap_ms = |l: &Lateness| {
            let gap = l.timeline.as_ref()?.longest_gap_ns()?;
            Some(round(gap as f64 / 1e6, 2))
        };
        Ok(
            Judgement::new(verdict, why).with_derived(BlockingCallDerived {
                stall_ratio: round(
                    v.time_sleep.max_lateness_ms / v.asyncio_sleep.max_lateness_ms.max(0.1),
                    2,
                ),
                time_sleep_longest_gap_ms: gap_ms(&v.time_sleep),
                asyncio_sleep_longest_gap_ms: gap_ms(&v.asyncio_sleep),
                to_thread_longest_gap_ms: gap_ms(&v.to_thread),
            }),
        )
    }
}

impl ClaimEvidence for ParallelismCosts {
    type Derived = ParallelismCostsDerived;

    fn judge(self) -> anyhow::Result<Judgement<ParallelismCostsDerived>> {
        let e = &self;
        let (processes, concurrent): (Vec<&StartCost>, Vec<&StartCost>) =
            e.units.iter().partition(|u| u.kind.starts_with("process"));
        if processes.is_empty() || concurrent.is_empty() {
            return Ok(Judgement::new(
                Verdict::Inconclusive,
                "Processes and threads or tasks were not both measured.",
            ));
        }
        let describe = |u: &StartCost| {
            let memory = u
                .memory_kib_each
                .map_or("memory not measured".to_owned(), |kib| {
                    format!("{kib:.1} KiB")
                });
            format!(
                "{} {:.3} ms of CPU, {memory}, running after {:.3} ms ({} started)",
                u.kind, u.cpu_ms_each, u.start_ms_each, u.count
            )
        };
        let figures = e.units.iter().map(describe).collect::<Vec<_>>().join("; ");
        // The cheapest process against the dearest thread or task: the most favourable comparison
        // for parallelism.
        let min_of = |units: &[&StartCost], f: fn(&StartCost) -> Option<f64>| {
            units.iter().filter_map(|u| f(u)).reduce(f64::min)
        };
        let max_of = |units: &[&StartCost], f: fn(&StartCost) -> Option<f64>| {
            units.iter().filter_map(|u| f(u)).reduce(f64::max)
        };
        // CPU time, not wall time: waiting for the scheduler is not a resource used.
        let time_ratio = min_of(&processes, |u| Some(u.cpu_ms_each))
            .zip(max_of(&concurrent, |u| Some(u.cpu_ms_each)))
            .map(|(p, c)| p / c.max(1e-3));
        // Memory below a tenth of a KiB is below what RSS can resolve: count it as 0.1 KiB.
        let memory_ratio = min_of(&processes, |u| u.memory_kib_each)
            .zip(max_of(&concurrent, |u| u.memory_kib_each))
            .map(|(p, c)| p / c.max(0.1));
        let dearer = |ratio: Option<f64>| ratio.map(|r| r >= 2.0);
        let cheaper = |ratio: Option<f64>| ratio.map(|r| r < 1.0);
        let ratios = format!(
            "the cheapest process start costs {} the CPU and {} the memory of the dearest thread \
             or task",
            times(time_ratio),
            times(memory_ratio)
        );
        let gil = if e.gil_enabled {
            "this build has a GIL"
        } else {
            "this build runs without a GIL"
        };
        // Whether parallelism needs processes at all on this build: part 1's CPU-bound threads.
        let threads = e.threads_on_cpu_work.as_ref().map(|t| {
            let spread = Spread {
                speedup: t.speedup,
                cores_used: t.cores_used,
            };
            let parallel = spread.scaling(f64::from(t.workers.min(t.cores))) == Scaling::Scales;
            let text = format!(
                "part 1's {} on the CPU-bound work kept {:.2} cores busy (speedup {:.2}) and {gil}",
                plural(t.workers, "thread"),
                t.cores_used,
                t.speedup
            );
            (parallel, text)
        });
        let (verdict, why) = match (dearer(time_ratio), dearer(memory_ratio)) {
            (Some(true), Some(true)) => match threads {
                Some((true, threads)) => (
                    Verdict::Nuanced,
                    format!(
                        "{figures}: {ratios}. But {threads}: threads gave parallelism at a \
                         thread's price, so it is processes that cost more, not parallelism \
                         itself."
                    ),
                ),
                Some((false, threads)) if e.gil_enabled => (
                    Verdict::Confirmed,
                    format!(
                        "{figures}: {ratios}; {threads}: threads did not run Python in \
                         parallel here. These are the costs of starting each, not of the work \
                         done on them."
                    ),
                ),
                None if e.gil_enabled => (
                    Verdict::Confirmed,
                    format!(
                        "{figures}: {ratios}; {gil}. These are the costs of starting each, not of \
                         the work done on them."
                    ),
                ),
                Some((false, threads)) => (
                    Verdict::Inconclusive,
                    format!(
                        "{figures}: {ratios}. But {threads}: without a GIL threads may give \
                         parallelism at a thread's price, and this run did not show whether they \
                         do here."
                    ),
                ),
                None => (
                    Verdict::Inconclusive,
                    format!(
                        "{figures}: {ratios}. But {gil} and part 1's threads were not measured: \
                         this run cannot tell whether parallelism needs processes here."
                    ),
                ),
            },
            (Some(true), None) => (
                Verdict::Nuanced,
                format!("{figures}: {ratios}. Processes cost more CPU; memory was not measured."),
            ),
            (Some(true), Some(false)) | (Some(false), Some(true)) => (
                Verdict::Nuanced,
                format!("{figures}: {ratios}. Processes cost more on one count only."),
            ),
            _ if cheaper(time_ratio) == Some(true) && cheaper(memory_ratio) != Some(false) => (
                Verdict::Refuted,
                format!("{figures}: {ratios}. Starting processes was not dearer here."),
            ),
            _ => (
                Verdict::Inconclusive,
                format!("{figures}: {ratios}. Too close to call."),
            ),
        };
        Ok(
            Judgement::new(verdict, why).with_derived(ParallelismCostsDerived {
                process_vs_concurrent_time_ratio: time_ratio.map(|r| round(r, 2)),
                process_vs_concurrent_memory_ratio: memory_ratio.map(|r| round(r, 2)),
            }),
        )
    }
}

fn times(ratio: Option<f64>) -> String {
    ratio.map_or("an unmeasured multiple of".to_owned(), |r| {
        format!("{r:.1}×")
    })
}

impl MethodRun {
    /// The children ran the same Python as the parent: the same version, and the binary they
    /// should run — a copy of the parent itself under fork, `sys.executable` otherwise.
    fn right_interpreter(&self, e: &EmbeddedHost) -> Result<(), String> {
        for child in &self.children {
            if child.version != e.parent_version {
                return Err(format!(
                    "{} children ran Python {} instead of {}",
                    self.method,
                    first_word(&child.version),
                    first_word(&e.parent_version)
                ));
            }
            let expected = if self.method == "fork" {
                e.parent_program.as_deref()
            } else {
                Some(e.parent_sys_executable_resolved.as_str())
            };
            if let (Some(ran), Some(expected)) = (child.program.as_deref(), expected) {
                if ran != expected {
                    return Err(format!(
                        "{} children ran {ran}, not {expected}",
                        self.method
                    ));
                }
            }
        }
        Ok(())
    }

    fn describe(&self) -> String {
        if self.worked {
            let child = self.children.first();
            format!(
                "{} worked in {:.2} s, results {} sequential, its children ran {} (Python {})",
                self.method,
                self.seconds,
                if self.result_matches { "==" } else { "!=" },
                child
                    .and_then(|c| c.program.as_deref())
                    .unwrap_or("an unknown program"),
                child.map_or("?", |c| first_word(&c.version))
            )
        } else if self.timed_out {
            format!("{} timed out after {:.1} s", self.method, self.seconds)
        } else {
            format!(
                "{} failed: {}: {}",
                self.method,
                self.error_type.as_deref().unwrap_or("?"),
                self.error.as_deref().unwrap_or("")
            )
        }
    }
}

fn first_word(text: &str) -> &str {
    text.split_whitespace().next().unwrap_or(text)
}

impl ClaimEvidence for EmbeddedHost {
    type Derived = EmbeddedHostDerived;

    fn judge(self) -> anyhow::Result<Judgement<EmbeddedHostDerived>> {
        let e = &self;
        let unavailable: Vec<&str> = e
            .required
            .iter()
            .filter(|m| !e.available.contains(m))
            .map(String::as_str)
            .collect();
        let mut failures = Vec::new();
        for method in &e.required {
            match e.methods.iter().find(|run| &run.method == method) {
                None if unavailable.contains(&method.as_str()) => {}
                None => failures.push(format!("{method} was not tried")),
                Some(run) if !run.worked => failures.push(run.describe()),
                Some(run) if !run.result_matches => {
                    failures.push(format!("{method} computed wrong results"))
                }
                Some(run) => {
                    if let Err(why) = run.right_interpreter(e) {
                        failures.push(why);
                    }
                }
            }
        }
        let runs = e
            .methods
            .iter()
            .map(MethodRun::describe)
            .collect::<Vec<_>>()
            .join("; ");
        // Methods that ended the same way are told once: "under spawn and fork it failed …".
        let mut outcomes: Vec<(String, Vec<String>)> = Vec::new();
        for t in &e.trap {
            let outcome = if t.timed_out {
                format!(
                    "got no answer within {:.0} s (the pool would have waited forever) and was \
                     terminated",
                    t.timeout_s
                )
            } else if t.worked {
                "worked (the snippet's __main__ was an importable file)".to_owned()
            } else {
                format!(
                    "failed at once with {}: {}",
                    t.error_type.as_deref().unwrap_or("?"),
                    t.error.as_deref().unwrap_or("")
                )
            };
            let label = format!("{} ({:.2} s)", t.method, t.seconds);
            match outcomes.iter_mut().find(|(known, _)| *known == outcome) {
                Some((_, methods)) => methods.push(label),
                None => outcomes.push((outcome, vec![label])),
            }
        }
        let trap = outcomes
            .iter()
            .map(|(outcome, methods)| format!("under {} it {outcome}", methods.join(" and ")))
            .collect::<Vec<_>>()
            .join("; ");
        let trap = if trap.is_empty() {
            String::new()
        } else {
            format!(" The trap, a worker defined in the snippet itself: {trap}.")
        };
        let clean =
            e.leftover_children.is_empty() && e.leftover_threads.is_empty() && e.server_closed;
        // Only what was left behind is named: no "0 threads ([])".
        let children = (!e.leftover_children.is_empty()).then(|| {
            format!(
                "{} ({})",
                plural(e.leftover_children.len() as u64, "child process"),
                e.leftover_children.repr()
            )
        });
        let threads = (!e.leftover_threads.is_empty()).then(|| {
            format!(
                "{} ({})",
                plural(e.leftover_threads.len() as u64, "thread"),
                e.leftover_threads.repr()
            )
        });
        let left: Vec<String> = children.into_iter().chain(threads).collect();
        let leftovers = match (left.is_empty(), e.server_closed) {
            (true, true) => {
                " Afterwards no child process, thread or listening socket was left.".to_owned()
            }
            (true, false) => " But afterwards the server still accepted connections.".to_owned(),
            (false, true) => format!(" But afterwards {} remained.", left.join(" and ")),
            (false, false) => format!(
                " But afterwards {} remained, and the server still accepted connections.",
                left.join(" and ")
            ),
        };
        let place = format!(
            "{} (sys.executable {})",
            if e.embedded {
                "Inside the pyconcepts host"
            } else {
                "Run as a plain script (not embedded)"
            },
            e.parent_sys_executable
        );
        let story = format!("{place}: {runs}.{trap}{leftovers}");
        let verdict = if !failures.is_empty() {
            Verdict::Refuted
        } else if !unavailable.is_empty() || !clean {
            Verdict::Nuanced
        } else {
            Verdict::Confirmed
        };
        let mut why = story;
        if !failures.is_empty() {
            why = format!("{why} Failed: {}.", failures.join("; "));
        }
        if !unavailable.is_empty() {
            why = format!(
                "{why} Not available on this platform: {}.",
                unavailable.join(", ")
            );
        }
        let methods_that_worked = e
            .methods
            .iter()
            .filter(|run| run.worked && run.result_matches)
            .map(|run| run.method.clone())
            .collect();
        Ok(
            Judgement::new(verdict, why).with_derived(EmbeddedHostDerived {
                methods_that_worked,
            }),
        )
    }
}

/// How a run at once went against the same work in turn.
enum Outcome {
    /// The workers ran on several cores at once.
    AtOnce,
    /// They took turns, on a machine that had room for them.
    TookTurns,
    /// This run cannot tell, and why.
    Unclear(String),
}

impl Outcome {
    fn name(&self) -> &'static str {
        match self {
            Outcome::AtOnce => "at_once",
            Outcome::TookTurns => "took_turns",
            Outcome::Unclear(_) => "unclear",
        }
    }
}

impl AtOnce {
    /// The kit's rules: both ratios for parallel work; then, before a flat run counts as taking
    /// turns, whether the cores slowed each other down or other programs left no room.
    fn outcome(&self, cores: u32) -> Outcome {
        let parallel = f64::from(self.workers.min(cores));
        let spread = Spread {
            speedup: self.speedup,
            cores_used: self.cores_used,
        };
        if parallel < 2.0 {
            return Outcome::Unclear(format!(
                "with {} and {} nothing can run at once",
                plural(cores, "usable core"),
                plural(self.workers, "worker")
            ));
        }
        let scaling = spread.scaling(parallel);
        if scaling == Scaling::Scales {
            return Outcome::AtOnce;
        }
        if spread.used_the_cores(parallel) {
            if let Some(inflation) =
                load::cores_slowed_each_other(self.parallel_cpu_s, self.sequential_cpu_s)
            {
                return Outcome::Unclear(format!(
                    "the work took {inflation:.2}× its CPU time alone: the cores slowed each \
                     other down"
                ));
            }
        }
        if let Some(others) = load::crowded(f64::from(cores), self.others_cores, parallel) {
            return Outcome::Unclear(format!(
                "other programs kept {others:.2} of the {cores} cores busy meanwhile"
            ));
        }
        match scaling {
            Scaling::Flat => Outcome::TookTurns,
            _ => Outcome::Unclear("too close to call".to_owned()),
        }
    }

    fn describe(&self) -> String {
        format!(
            "in turn {:.3} s, at once {:.3} s: speedup {:.2}, cores used {:.2} (best of {})",
            self.sequential_s,
            self.parallel_s,
            self.speedup,
            self.cores_used,
            plural(self.rounds, "round")
        )
    }
}

impl ClaimEvidence for EachProcessOwnGil {
    type Derived = EachProcessOwnGilDerived;

    fn judge(self) -> anyhow::Result<Judgement<EachProcessOwnGilDerived>> {
        let e = &self;
        let m = &e.processes;
        let subs = &e.subinterpreters;
        let memory_separate = m.child_pid != m.parent_pid
            && m.child_saw == m.child_set
            && m.parent_after == m.before
            && m.before != m.child_set;
        let memory = format!(
            "a child process ({}, pid {}; this one {}) set the module global {} = {} and read it \
             back as {}, while this process still read {}",
            m.start_method,
            m.child_pid,
            m.parent_pid,
            m.name,
            m.child_set.repr(),
            m.child_saw.repr(),
            m.parent_after.repr()
        );
        let processes = e.processes_at_once.outcome(e.cores);
        let processes_text = format!(
            "part 1's {} on CPU-bound Python: {}",
            plural(e.processes_at_once.workers, "process"),
            e.processes_at_once.describe()
        );
        let subs_outcome = subs.at_once.as_ref().map(|run| run.outcome(e.cores));
        let setting = subs
            .gil_setting
            .as_deref()
            .map_or("not reported by this API".to_owned(), |gil| gil.repr());
        let subs_text = match (&subs.module, &subs.error, &subs.at_once) {
            (None, _, _) => format!(
                "this build has no module for subinterpreters (tried {})",
                subs.missing.join(", ")
            ),
            (Some(module), Some(error), _) => format!(
                "{module} raised {}: {error}",
                subs.error_type.as_deref().unwrap_or("an error")
            ),
            (Some(module), None, Some(run)) => format!(
                "{module} created {} in this process (PIDs they reported: {}; this one {}; \
                 the GIL their config names: {setting}), each given CPU-bound Python on a thread \
                 of its own: {}",
                plural(subs.created, "interpreter"),
                subs.pids.repr(),
                subs.parent_pid,
                run.describe()
            ),
            (Some(module), None, None) => format!("{module} ran nothing"),
        };
        let one_process = !subs.pids.is_empty() && subs.pids.iter().all(|&p| p == subs.parent_pid);
        let true_of_processes = format!("True of processes: {memory}; {processes_text}");
        // What the processes showed, for a verdict that does not rest on their timing: the
        // nuance is seen either way, by a flag of the build or by interpreters that ran at once
        // (which no load can fake).
        let processes_seen = match &processes {
            Outcome::Unclear(why) => format!(
                "True of a process's memory: {memory}; whether processes ran at once this run \
                 cannot tell ({processes_text}: {why})"
            ),
            _ => true_of_processes.clone(),
        };
        let subs_ran_at_once =
            matches!(subs_outcome, Some(Outcome::AtOnce)) && one_process && subs.results_ok;
        let (verdict, why) = if !memory_separate {
            (
                Verdict::Refuted,
                format!("The child's memory was not its own: {memory}."),
            )
        } else {
            match (&processes, &subs_outcome) {
                (Outcome::TookTurns, _) => (
                    Verdict::Refuted,
                    format!(
                        "{}; but {processes_text}: the processes took turns on a machine that \
                         had room for them.",
                        capitalised(&memory)
                    ),
                ),
                _ if !e.gil_enabled => (
                    Verdict::Nuanced,
                    format!(
                        "{processes_seen}. But this build runs without a GIL: there is none for \
                         a process to own. And {subs_text}."
                    ),
                ),
                _ if subs_ran_at_once => (
                    Verdict::Nuanced,
                    format!(
                        "{processes_seen}. But one process can hold several interpreters, each \
                         with a GIL of its own: {subs_text}."
                    ),
                ),
                (Outcome::Unclear(why), _) => (
                    Verdict::Inconclusive,
                    format!(
                        "{}. But {processes_text}: {why}, so this run cannot tell whether they \
                         ran at once. And {subs_text}.",
                        capitalised(&memory)
                    ),
                ),
                (Outcome::AtOnce, _) if subs.module.is_none() => (
                    Verdict::Confirmed,
                    format!(
                        "{true_of_processes}; {subs_text}, so no second interpreter could run \
                         in this process."
                    ),
                ),
                (Outcome::AtOnce, Some(Outcome::TookTurns))
                    if subs.results_ok && subs.gil_setting.as_deref() != Some("own") =>
                {
                    (
                        Verdict::Confirmed,
                        format!(
                            "{true_of_processes}; {subs_text}: the interpreters of one process \
                             took turns, as they do when they share its GIL; here only processes \
                             ran Python at once."
                        ),
                    )
                }
                (Outcome::AtOnce, Some(Outcome::TookTurns)) if subs.results_ok => (
                    Verdict::Inconclusive,
                    format!(
                        "{true_of_processes}; {subs_text}: their config names a GIL of their \
                         own, yet they took turns on a machine that had room for them."
                    ),
                ),
                (Outcome::AtOnce, Some(Outcome::Unclear(why))) if subs.results_ok => (
                    Verdict::Inconclusive,
                    format!(
                        "{true_of_processes}. And {subs_text}: {why}, so this run cannot tell \
                         whether the interpreters of one process run at once."
                    ),
                ),
                (Outcome::AtOnce, _) => (
                    Verdict::Inconclusive,
                    format!(
                        "{true_of_processes}. But {subs_text}{}, so this run did not see whether \
                         one process can hold several GILs.",
                        if subs.at_once.is_some() && !subs.results_ok {
                            ", and their results were wrong"
                        } else {
                            ""
                        }
                    ),
                ),
            }
        };
        Ok(
            Judgement::new(verdict, why).with_derived(EachProcessOwnGilDerived {
                memory_separate,
                processes_ran_at_once: processes.name().to_owned(),
                subinterpreters_ran_at_once: subs_outcome.map(|o| o.name().to_owned()),
            }),
        )
    }
}

#[cfg(test)]
pub(super) mod tests {
    use crate::demos::testing::{self, judge};
    use serde_json::{json, Value};

    use super::*;

    fn timing(wall_s: f64, cores_used: f64) -> Value {
        json!({"wall_s": wall_s, "cpu_s": wall_s * cores_used, "cores_used": cores_used,
               "others_cores": 0.02})
    }

    /// CPU-bound evidence as the snippet records it (the charts draw it too).
    pub(in crate::demos::concurrency) fn cpu(
        cores: u32,
        gil: bool,
        threads: (f64, f64),
        processes: (f64, f64),
    ) -> Value {
        json!({"cores": cores, "workers": cores.max(2), "tasks": 8, "work_ms": 25,
               "iterations_per_task": 400000, "rounds": 3, "start_method": "fork",
               "gil_enabled": gil, "results_equal": true,
               "models": {"sequential": timing(0.2, 1.0),
                          "threading": timing(threads.0, threads.1),
                          "multiprocessing": timing(processes.0, processes.1),
                          "asyncio": timing(0.205, 0.99)}})
    }

    #[test]
    fn cpu_bound_confirmed_when_only_processes_scale() {
        let judgement = testing::judged_as::<CpuBound>(
            &cpu(2, true, (0.21, 1.0), (0.105, 1.95)),
            Verdict::Confirmed,
        );
        testing::assert_explained("cpu_bound_needs_processes__confirmed", &judgement);
        assert_eq!(judgement.derived.as_ref().unwrap().processes_speedup, 1.9);
        assert!(judgement.explanation.contains("processes speedup 1.90"));
    }

    #[test]
    fn cpu_bound_nuanced_on_a_free_threaded_build_where_threads_scale() {
        let judgement = testing::judged_as::<CpuBound>(
            &cpu(2, false, (0.11, 1.9), (0.105, 1.95)),
            Verdict::Nuanced,
        );
        testing::assert_explained("cpu_bound_needs_processes__nuanced", &judgement);
        assert!(judgement.explanation.contains("without a GIL"));
    }

    #[test]
    fn cpu_bound_threads_on_one_core_without_a_gil_are_inconclusive_not_confirmed() {
        // 3.13t while other programs had a core: threads flat though no GIL holds them back.
        let judgement = testing::judged_as::<CpuBound>(
            &cpu(2, false, (0.21, 1.0), (0.105, 1.95)),
            Verdict::Inconclusive,
        );
        testing::assert_explained(
            "cpu_bound_needs_processes__inconclusive__no_gil",
            &judgement,
        );
        testing::assert_quotes(
            &judgement.explanation,
            &[
                "threads stayed on about one core although this build runs without a GIL",
                "threads 0.95 (cores used 1.00)",
            ],
        );
    }

    #[test]
    fn cpu_bound_inconclusive_on_one_core() {
        let mut evidence = cpu(1, true, (0.2, 1.0), (0.2, 1.0));
        evidence["workers"] = json!(2);
        let judgement = testing::judged_as::<CpuBound>(&evidence, Verdict::Inconclusive);
        testing::assert_explained("cpu_bound_needs_processes__inconclusive", &judgement);
        assert!(judgement.explanation.contains("nothing to scale across"));
    }

    #[test]
    fn cpu_bound_flat_processes_are_refuted_on_a_quiet_machine_and_inconclusive_on_a_busy_one() {
        let mut evidence = cpu(2, true, (0.2, 1.0), (0.19, 1.02));
        let judgement = testing::judged_as::<CpuBound>(&evidence, Verdict::Refuted);
        testing::assert_explained("cpu_bound_needs_processes__refuted", &judgement);
        evidence["models"]["multiprocessing"]["others_cores"] = json!(0.97);
        let busy = testing::judged_as::<CpuBound>(&evidence, Verdict::Inconclusive);
        assert!(busy.explanation.contains("0.97"), "{}", busy.explanation);
    }

    #[test]
    fn cpu_bound_slowed_cores_are_inconclusive_not_refuted() {
        // Both cores busy (cores used 1.94) but every task took 1.58× its CPU time alone.
        let mut evidence = cpu(2, true, (0.2, 1.0), (0.163, 1.94));
        evidence["models"]["multiprocessing"]["others_cores"] = json!(0.0);
        let judgement = testing::judged_as::<CpuBound>(&evidence, Verdict::Inconclusive);
        assert_eq!(
            judgement.derived.as_ref().unwrap().processes_cpu_inflation,
            1.58
        );
        assert!(judgement.explanation.contains("slowed each other down"));
    }

    #[test]
    fn cpu_bound_speedup_without_cpu_behind_it_is_not_scaling() {
        // A noisy baseline made threads look 1.4× faster on one core's worth of CPU.
        testing::judged_as::<CpuBound>(
            &cpu(2, true, (0.143, 1.0), (0.105, 1.95)),
            Verdict::Confirmed,
        );
        // Between the thresholds on both counts: too close to call.
        testing::judged_as::<CpuBound>(
            &cpu(2, true, (0.2, 1.0), (0.165, 1.25)),
            Verdict::Inconclusive,
        );
    }

    /// I/O-bound evidence as the snippet records it (the charts draw it too).
    pub(in crate::demos::concurrency) fn io(threads_wall: f64, asyncio_wall: f64) -> Value {
        json!({"requests": 16, "delay_ms": 50, "workers": 2, "server": "127.0.0.1:1",
               "replies_ok": true,
               "models": {"sequential": timing(0.82, 0.02), "threading": timing(threads_wall, 0.2),
                          "multiprocessing": timing(0.42, 0.05),
                          "asyncio": timing(asyncio_wall, 0.15)}})
    }

    #[test]
    fn io_bound_verdicts_follow_the_overlap() {
        let both = testing::judged_as::<IoBound>(&io(0.07, 0.08), Verdict::Confirmed);
        testing::assert_explained("io_bound_threads_or_asyncio__confirmed", &both);
        assert!(
            both.explanation.contains("speedup 11.7"),
            "{}",
            both.explanation
        );
        let asyncio_slow = testing::judged_as::<IoBound>(&io(0.07, 0.8), Verdict::Nuanced);
        testing::assert_explained("io_bound_threads_or_asyncio__nuanced", &asyncio_slow);
        let neither = testing::judged_as::<IoBound>(&io(0.8, 0.81), Verdict::Refuted);
        testing::assert_explained("io_bound_threads_or_asyncio__refuted", &neither);
        let threads_partly = testing::judged_as::<IoBound>(&io(0.3, 0.07), Verdict::Inconclusive);
        testing::assert_explained("io_bound_threads_or_asyncio__inconclusive", &threads_partly);
        let mut one = io(0.82, 0.82);
        one["requests"] = json!(1);
        testing::judged_as::<IoBound>(&one, Verdict::Inconclusive);
    }

    pub(in crate::demos::concurrency) fn blocking(
        time_sleep: f64,
        asyncio_sleep: f64,
        to_thread: f64,
    ) -> Value {
        let variant = |call: &str, max: f64| {
            json!({"call": call, "wakeups": 60, "median_lateness_ms": 0.3,
                   "max_lateness_ms": max})
        };
        json!({"block_ms": 200, "heartbeat_ms": 10, "heartbeats": 3,
               "variants": {"time_sleep": variant("time.sleep", time_sleep),
                            "asyncio_sleep": variant("await asyncio.sleep", asyncio_sleep),
                            "to_thread": variant("asyncio.to_thread", to_thread)}})
    }

    #[test]
    fn a_remedy_delayed_by_a_crowded_machine_is_inconclusive_not_nuanced() {
        // 80 ms late with await asyncio.sleep: neither responsive (≤ 50) nor stalled (≥ 100).
        testing::judged_as::<BlockingCall>(&blocking(203.0, 80.0, 3.0), Verdict::Inconclusive);
        testing::judged_as::<BlockingCall>(&blocking(203.0, 150.0, 3.0), Verdict::Nuanced);
    }

    #[test]
    fn blocking_call_verdicts_follow_the_lateness() {
        let stalled =
            testing::judged_as::<BlockingCall>(&blocking(200.4, 0.6, 2.9), Verdict::Confirmed);
        testing::assert_explained("blocking_call_stalls_event_loop__confirmed", &stalled);
        assert!(stalled.explanation.contains("200.4 ms"));
        let to_thread_stalled =
            testing::judged_as::<BlockingCall>(&blocking(200.4, 0.6, 190.0), Verdict::Nuanced);
        testing::assert_explained(
            "blocking_call_stalls_event_loop__nuanced",
            &to_thread_stalled,
        );
        let no_stall =
            testing::judged_as::<BlockingCall>(&blocking(2.0, 0.6, 2.9), Verdict::Refuted);
        testing::assert_explained("blocking_call_stalls_event_loop__refuted", &no_stall);
        let between =
            testing::judged_as::<BlockingCall>(&blocking(80.0, 0.6, 2.9), Verdict::Inconclusive);
        testing::assert_explained("blocking_call_stalls_event_loop__inconclusive", &between);
    }

    /// Requests that all wait at once, `started_apart` ns apart: began, sent 1 ms later,
    /// answered after 50 ms, closed.
    pub(in crate::demos::concurrency) fn requests(count: u64, started_apart: u64) -> Value {
        let moments: Vec<[u64; 4]> = (0..count)
            .map(|n| {
                let began = n * started_apart;
                [
                    began,
                    began + 1_000_000,
                    began + 51_000_000,
                    began + 51_500_000,
                ]
            })
            .collect();
        json!(moments)
    }

    #[test]
    fn the_timeline_counts_the_requests_waiting_at_once() {
        let mut evidence = io(0.07, 0.08);
        // On threads, all 16 waits overlap; on the loop, one request after another.
        evidence["timeline"] = json!({"threading": requests(16, 100_000),
                                      "asyncio": requests(16, 60_000_000)});
        let judged = judge::<IoBound>(&evidence).unwrap();
        let derived = judged.derived.unwrap();
        assert_eq!(derived.threads_waiting_at_once, Some(16));
        assert_eq!(derived.asyncio_waiting_at_once, Some(1));
        // Moments missing or out of order are left out, not counted.
        assert_eq!(
            most_waiting_at_once(&[vec![0, 5, 3, 9], vec![0, 1], vec![0, 1, 4, 5]]),
            1
        );
        assert_eq!(most_waiting_at_once(&[]), 0);
    }

    /// A ticking coroutine's wake-ups every 10 ms from 0 to 280 ms, none from `stall.0` to
    /// `stall.1` but one, late, at its end.
    pub(in crate::demos::concurrency) fn ticks(stall: (u64, u64)) -> Value {
        let ms = 1_000_000u64;
        let mut wakeups = Vec::new();
        let mut asleep = 0;
        while asleep < 280 * ms {
            let due = asleep + 10 * ms;
            let woke = if (stall.0..stall.1).contains(&due) {
                stall.1
            } else {
                due + ms / 10
            };
            wakeups.push([asleep, due, woke]);
            asleep = woke;
        }
        json!(wakeups)
    }

    #[test]
    fn the_longest_time_no_coroutine_woke_is_the_loops_stall() {
        let ms = 1_000_000u64;
        let mut evidence = blocking(200.4, 0.6, 2.9);
        evidence["variants"]["time_sleep"]["timeline"] = json!({
            "heartbeats_ns": [ticks((20 * ms, 220 * ms)), ticks((20 * ms, 220 * ms))],
            "wait_ns": [20 * ms, 220 * ms]});
        evidence["variants"]["asyncio_sleep"]["timeline"] = json!({
            "heartbeats_ns": [ticks((0, 0))], "wait_ns": [20 * ms, 220 * ms]});
        let judged = testing::judged_as::<BlockingCall>(&evidence, Verdict::Confirmed);
        assert!(
            judged
                .explanation
                .contains("with time.sleep no ticking coroutine woke up at all for 209.9 ms"),
            "{}",
            judged.explanation
        );
        let derived = judged.derived.unwrap();
        // From the wake-up at 10.1 ms to the late one at 220 ms.
        assert_eq!(derived.time_sleep_longest_gap_ms, Some(209.9));
        assert_eq!(derived.asyncio_sleep_longest_gap_ms, Some(10.1));
        assert_eq!(derived.to_thread_longest_gap_ms, None);
    }

    fn costs(gil: bool, fork_cpu_ms: f64, fork_kib: Option<f64>, thread_cpu_ms: f64) -> Value {
        json!({"gil_enabled": gil, "units": [
            {"kind": "process (fork)", "count": 4, "start_ms_total": 8, "start_ms_each": 2,
             "cpu_ms_each": fork_cpu_ms, "rss_kib_each": 20000, "memory_kib_each": fork_kib},
            {"kind": "process (spawn)", "count": 4, "start_ms_total": 360,
             "start_ms_each": 90, "cpu_ms_each": 57, "rss_kib_each": 14000,
             "memory_kib_each": 13000},
            {"kind": "thread", "count": 200, "start_ms_total": 60, "start_ms_each": 0.3,
             "cpu_ms_each": thread_cpu_ms, "rss_kib_each": 13, "memory_kib_each": 13},
            {"kind": "asyncio task", "count": 200, "start_ms_total": 1,
             "start_ms_each": 0.005, "cpu_ms_each": 0.004, "rss_kib_each": 0.2,
             "memory_kib_each": 0.2}]})
    }

    #[test]
    fn costs_confirmed_when_processes_are_dearer_on_both_counts() {
        let judgement = judge::<ParallelismCosts>(&costs(true, 1.9, Some(1680.0), 0.28)).unwrap();
        assert!(
            judgement.explanation.contains("1.900 ms of CPU"),
            "{}",
            judgement.explanation
        );
        testing::assert_judged(
            "parallelism_costs_more__confirmed",
            Verdict::Confirmed,
            &judgement,
        );
        assert_eq!(
            judgement
                .derived
                .as_ref()
                .unwrap()
                .process_vs_concurrent_time_ratio,
            Some(6.79)
        );
        assert_eq!(
            judgement
                .derived
                .as_ref()
                .unwrap()
                .process_vs_concurrent_memory_ratio,
            Some(129.23)
        );
    }

    /// `evidence` with part 1's threads: `cores_used` busy, `speedup` faster than sequential.
    fn with_threads(mut evidence: Value, speedup: f64, cores_used: f64) -> Value {
        evidence["threads_on_cpu_work"] =
            json!({"cores": 2, "workers": 2, "speedup": speedup, "cores_used": cores_used});
        evidence
    }

    #[test]
    fn costs_say_what_part_one_showed_of_threads() {
        let gil = testing::judged_as::<ParallelismCosts>(
            &with_threads(costs(true, 1.9, Some(1680.0), 0.28), 0.98, 1.0),
            Verdict::Confirmed,
        );
        testing::assert_quotes(
            &gil.explanation,
            &[
                "part 1's 2 threads on the CPU-bound work kept 1.00 cores busy",
                "not of the work done on them",
            ],
        );
        // Free-threaded: threads ran in parallel, so parallelism did not need processes.
        let free = testing::judged_as::<ParallelismCosts>(
            &with_threads(costs(false, 1.9, Some(1680.0), 0.28), 1.85, 1.9),
            Verdict::Nuanced,
        );
        testing::assert_explained("parallelism_costs_more__nuanced__no_gil", &free);
        assert!(free.explanation.contains("runs without a GIL"));
        // Free-threaded, but the threads were crowded onto one core: this run cannot tell.
        let crowded = testing::judged_as::<ParallelismCosts>(
            &with_threads(costs(false, 1.9, Some(1680.0), 0.28), 1.0, 1.0),
            Verdict::Inconclusive,
        );
        testing::assert_explained("parallelism_costs_more__inconclusive", &crowded);
        testing::judged_as::<ParallelismCosts>(
            &costs(false, 1.9, Some(1680.0), 0.28),
            Verdict::Inconclusive,
        );
    }

    #[test]
    fn costs_nuanced_on_one_count_refuted_when_cheaper() {
        let lighter = testing::judged_as::<ParallelismCosts>(
            &costs(true, 1.9, Some(10.0), 0.28),
            Verdict::Nuanced,
        );
        testing::assert_explained("parallelism_costs_more__nuanced", &lighter);
        let mut no_proc = costs(true, 1.9, None, 0.28);
        for unit in no_proc["units"].as_array_mut().unwrap() {
            unit["memory_kib_each"] = Value::Null;
        }
        let judgement = testing::judged_as::<ParallelismCosts>(&no_proc, Verdict::Nuanced);
        assert!(judgement.explanation.contains("memory not measured"));
        let cheaper = testing::judged_as::<ParallelismCosts>(
            &costs(true, 0.1, Some(5.0), 0.28),
            Verdict::Refuted,
        );
        testing::assert_explained("parallelism_costs_more__refuted", &cheaper);
    }

    fn embedded(spawn_worked: bool, child_version: &str) -> Value {
        let version = "3.11.7 (main, Jan  1 2024) [GCC 12.2.0]";
        let run = |method: &str, worked: bool| {
            // fork children are copies of the host; the others run the build's python.
            let program = if method == "fork" {
                "/bin/pyconcepts"
            } else {
                "/py/bin/python3.11"
            };
            let child = json!({"pid": 1, "program": program, "sys_executable": "/py/bin/python3",
                               "version": child_version});
            json!({"method": method, "worked": worked, "result_matches": worked,
                   "seconds": 0.3, "timed_out": false,
                   "error_type": if worked { Value::Null } else { json!("PicklingError") },
                   "error": if worked { Value::Null } else { json!("Can't pickle") },
                   "children": if worked { json!([child]) } else { json!([]) }})
        };
        json!({"embedded": true, "parent_program": "/bin/pyconcepts",
               "parent_sys_executable": "/py/bin/python3",
               "parent_sys_executable_resolved": "/py/bin/python3.11", "parent_version": version,
               "required": ["fork", "spawn"], "available": ["fork", "spawn", "forkserver"],
               "methods": [run("fork", true), run("spawn", spawn_worked),
                           run("forkserver", true)],
               "trap": [{"method": "spawn", "worked": false, "timed_out": false,
                         "timeout_s": 3.0, "seconds": 0.1, "error_type": "PicklingError",
                         "error": "Can't pickle <function square_in_snippet>: attribute lookup \
                                   square_in_snippet on __main__ failed"}],
               "leftover_children": [], "leftover_threads": [], "server_closed": true})
    }

    #[test]
    fn embedded_confirmed_when_fork_and_spawn_work_with_the_right_python() {
        let version = "3.11.7 (main, Jan  1 2024) [GCC 12.2.0]";
        let judgement =
            testing::judged_as::<EmbeddedHost>(&embedded(true, version), Verdict::Confirmed);
        testing::assert_explained("processes_from_embedded_host__confirmed", &judgement);
        assert!(judgement.explanation.contains("attribute lookup"));
        assert_eq!(
            judgement.derived.as_ref().unwrap().methods_that_worked,
            ["fork", "spawn", "forkserver"]
        );
    }

    #[test]
    fn embedded_refuted_when_spawn_fails_or_children_run_another_python() {
        let version = "3.11.7 (main, Jan  1 2024) [GCC 12.2.0]";
        let failed =
            testing::judged_as::<EmbeddedHost>(&embedded(false, version), Verdict::Refuted);
        testing::assert_explained("processes_from_embedded_host__refuted", &failed);
        assert!(failed.explanation.contains("spawn failed: PicklingError"));
        let other = testing::judged_as::<EmbeddedHost>(
            &embedded(true, "3.11.2 (Debian)"),
            Verdict::Refuted,
        );
        assert!(
            other.explanation.contains("ran Python 3.11.2"),
            "{}",
            other.explanation
        );
    }

    #[test]
    fn embedded_refuted_when_spawn_children_run_another_binary() {
        let version = "3.11.7 (main, Jan  1 2024) [GCC 12.2.0]";
        let mut evidence = embedded(true, version);
        // The PATH's python3 instead of the build's: same version string, another program.
        evidence["methods"][1]["children"][0]["program"] = json!("/usr/bin/python3.11");
        let judgement = testing::judged_as::<EmbeddedHost>(&evidence, Verdict::Refuted);
        assert!(
            judgement
                .explanation
                .contains("spawn children ran /usr/bin/python3.11, not /py/bin/python3.11"),
            "{}",
            judgement.explanation
        );
    }

    #[test]
    fn a_trap_that_timed_out_is_told_and_does_not_change_the_verdict() {
        let version = "3.11.7 (main, Jan  1 2024) [GCC 12.2.0]";
        let mut evidence = embedded(true, version);
        evidence["trap"] = json!([
            {"method": "spawn", "worked": false, "timed_out": true, "timeout_s": 3.0,
             "seconds": 3.01, "error_type": null, "error": null},
            {"method": "fork", "worked": true, "timed_out": false, "timeout_s": 3.0,
             "seconds": 0.01, "error_type": null, "error": null}]);
        let judgement = testing::judged_as::<EmbeddedHost>(&evidence, Verdict::Confirmed);
        testing::assert_quotes(
            &judgement.explanation,
            &["would have waited forever", "under fork (0.01 s) it worked"],
        );
    }

    #[test]
    fn embedded_nuanced_when_something_is_left_behind_or_fork_is_missing() {
        let version = "3.11.7 (main, Jan  1 2024) [GCC 12.2.0]";
        let mut evidence = embedded(true, version);
        evidence["leftover_children"] = json!([4242]);
        let judgement = testing::judged_as::<EmbeddedHost>(&evidence, Verdict::Nuanced);
        testing::assert_explained("processes_from_embedded_host__nuanced", &judgement);
        let mut windows = embedded(true, version);
        windows["available"] = json!(["spawn"]);
        windows["methods"] = json!([windows["methods"][1].clone()]);
        let judgement = testing::judged_as::<EmbeddedHost>(&windows, Verdict::Nuanced);
        assert!(judgement
            .explanation
            .contains("Not available on this platform: fork"));
    }

    fn at_once(speedup: f64, cores_used: f64, others: f64) -> Value {
        json!({"workers": 2, "rounds": 3, "sequential_s": 0.2, "sequential_cpu_s": 0.2,
               "parallel_s": 0.2 / speedup, "parallel_cpu_s": 0.2 / speedup * cores_used,
               "cores_used": cores_used, "others_cores": others, "speedup": speedup})
    }

    /// Evidence of the own-GIL claim: processes at `processes`, subinterpreters from `module`
    /// whose config names `gil` and whose run was `subs` (None: nothing ran).
    fn own_gil(
        gil_enabled: bool,
        processes: Value,
        module: Option<&str>,
        gil: Option<&str>,
        subs: Option<Value>,
    ) -> Value {
        json!({"gil_enabled": gil_enabled, "cores": 2,
            "processes": {"start_method": "fork", "parent_pid": 100, "child_pid": 101,
                          "name": "MARK", "before": "set when this module was imported",
                          "child_set": "changed by the child", "child_saw": "changed by the child",
                          "parent_after": "set when this module was imported"},
            "processes_at_once": processes,
            "subinterpreters": {"module": module, "missing": ["concurrent.interpreters"],
                "gil_setting": gil, "created": if module.is_some() { 2 } else { 0 },
                "parent_pid": 100, "pids": if subs.is_some() { json!([100]) } else { json!([]) },
                "results_ok": subs.is_some(), "at_once": subs,
                "error_type": null, "error": null}})
    }

    #[test]
    fn own_gil_nuanced_when_one_process_runs_interpreters_with_a_gil_each() {
        // 3.13: _interpreters, config gil 'own', two interpreters on two cores at once.
        let evidence = own_gil(
            true,
            at_once(1.9, 1.95, 0.05),
            Some("_interpreters"),
            Some("own"),
            Some(at_once(1.85, 1.9, 0.05)),
        );
        let judgement = testing::judged_as::<EachProcessOwnGil>(&evidence, Verdict::Nuanced);
        testing::assert_explained("each_process_own_gil__nuanced", &judgement);
        testing::assert_quotes(
            &judgement.explanation,
            &[
                "the GIL their config names: 'own'",
                "while this process still read 'set when this module was imported'",
            ],
        );
        let derived = judgement.derived.unwrap();
        assert!(derived.memory_separate);
        assert_eq!(
            derived.subinterpreters_ran_at_once.as_deref(),
            Some("at_once")
        );
    }

    #[test]
    fn own_gil_confirmed_when_the_interpreters_of_one_process_share_its_gil() {
        // 3.11: _xxsubinterpreters, no config to read, two interpreters taking turns.
        let evidence = own_gil(
            true,
            at_once(1.9, 1.95, 0.05),
            Some("_xxsubinterpreters"),
            None,
            Some(at_once(0.62, 1.0, 0.05)),
        );
        let judgement = testing::judged_as::<EachProcessOwnGil>(&evidence, Verdict::Confirmed);
        testing::assert_explained("each_process_own_gil__confirmed", &judgement);
        testing::assert_quotes(
            &judgement.explanation,
            &[
                "not reported by this API",
                "as they do when they share its GIL",
            ],
        );
        // No module at all: processes are the only way to a second GIL.
        let none = testing::judged_as::<EachProcessOwnGil>(
            &own_gil(true, at_once(1.9, 1.95, 0.05), None, None, None),
            Verdict::Confirmed,
        );
        assert!(none.explanation.contains("no module for subinterpreters"));
    }

    #[test]
    fn own_gil_nuanced_without_a_gil() {
        let evidence = own_gil(
            false,
            at_once(1.9, 1.95, 0.05),
            Some("_interpreters"),
            Some("own"),
            Some(at_once(1.2, 1.25, 0.05)),
        );
        let judgement = testing::judged_as::<EachProcessOwnGil>(&evidence, Verdict::Nuanced);
        assert!(judgement.explanation.contains("runs without a GIL"));
    }

    #[test]
    fn own_gil_nuanced_by_what_no_load_can_fake_even_when_the_processes_were_crowded() {
        // Interpreters of one process ran at once: no busy machine makes that happen.
        let subs_at_once = own_gil(
            true,
            at_once(1.05, 1.0, 1.0),
            Some("_interpreters"),
            Some("own"),
            Some(at_once(1.42, 1.67, 0.3)),
        );
        let judgement = testing::judged_as::<EachProcessOwnGil>(&subs_at_once, Verdict::Nuanced);
        assert!(
            judgement
                .explanation
                .contains("whether processes ran at once this run cannot tell"),
            "{}",
            judgement.explanation
        );
        // A build without a GIL is a flag, not a timing.
        let free = own_gil(
            false,
            at_once(1.05, 1.0, 1.0),
            Some("_interpreters"),
            Some("own"),
            None,
        );
        testing::judged_as::<EachProcessOwnGil>(&free, Verdict::Nuanced);
    }

    #[test]
    fn own_gil_is_inconclusive_whenever_a_timing_it_needs_was_crowded() {
        // Other programs took a core: neither the processes nor the interpreters could show
        // they ran at once.
        let busy = own_gil(
            true,
            at_once(1.05, 1.0, 1.0),
            Some("_interpreters"),
            Some("own"),
            Some(at_once(1.0, 1.0, 1.0)),
        );
        let judgement = testing::judged_as::<EachProcessOwnGil>(&busy, Verdict::Inconclusive);
        testing::assert_explained("each_process_own_gil__inconclusive", &judgement);
        assert!(judgement
            .explanation
            .contains("other programs kept 1.00 of the 2 cores"));
        // Processes fine, the interpreters crowded: never a confirmed "they share the GIL".
        let subs_busy = own_gil(
            true,
            at_once(1.9, 1.95, 0.05),
            Some("_xxsubinterpreters"),
            None,
            Some(at_once(0.9, 1.0, 0.9)),
        );
        testing::judged_as::<EachProcessOwnGil>(&subs_busy, Verdict::Inconclusive);
        // A config naming its own GIL, yet turns taken on a quiet machine: no verdict on it.
        let odd = own_gil(
            true,
            at_once(1.9, 1.95, 0.05),
            Some("_interpreters"),
            Some("own"),
            Some(at_once(0.9, 1.0, 0.0)),
        );
        testing::judged_as::<EachProcessOwnGil>(&odd, Verdict::Inconclusive);
    }

    #[test]
    fn own_gil_refuted_when_the_child_shares_memory_or_processes_take_turns_on_a_quiet_machine() {
        let mut shared = own_gil(true, at_once(1.9, 1.95, 0.05), None, None, None);
        shared["processes"]["parent_after"] = json!("changed by the child");
        let judgement = testing::judged_as::<EachProcessOwnGil>(&shared, Verdict::Refuted);
        testing::assert_explained("each_process_own_gil__refuted", &judgement);
        assert!(!judgement.derived.unwrap().memory_separate);
        let turns = own_gil(true, at_once(1.0, 1.0, 0.0), None, None, None);
        testing::judged_as::<EachProcessOwnGil>(&turns, Verdict::Refuted);
    }

    #[test]
    fn own_gil_quotes_a_subinterpreter_failure_without_a_verdict_on_it() {
        let mut failed = own_gil(
            true,
            at_once(1.9, 1.95, 0.05),
            Some("_interpreters"),
            None,
            None,
        );
        failed["subinterpreters"]["error_type"] = json!("InterpreterError");
        failed["subinterpreters"]["error"] = json!("interpreter creation failed");
        let judgement = testing::judged_as::<EachProcessOwnGil>(&failed, Verdict::Inconclusive);
        assert!(judgement
            .explanation
            .contains("_interpreters raised InterpreterError: interpreter creation failed"));
    }
}
