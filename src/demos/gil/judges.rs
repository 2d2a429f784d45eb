//! The gil demo's judges: each claim's verdict and explanation from its typed evidence.
//!
//! Every timing judge works from ratios measured in the same run (the kit's speedup and cores
//! used), never from absolute times, and reads them with the kit's rule for "did it run in
//! parallel" ([`parallel`]); what is the GIL's own here is the scheduler's account of where the
//! threads' time went, which tells a lock (threads asleep) from a busy machine (threads waiting
//! for a core).

use serde_json::Value;

use super::evidence::*;
use crate::complexity::median;
use crate::demos::kit::numbers::plural;
use crate::demos::kit::runtimes::{self, Finding, RuntimeEntry, Tally};
use crate::demos::kit::{parallel, parts};
use crate::demos::ClaimEvidence;
use crate::report::{Judgement, Verdict};

// --- gil.build_has_gil -----------------------------------------------------------------------

/// A sysconfig value read the way C reads a macro: set and non-zero.
fn truthy(value: &Value) -> bool {
    match value {
        Value::Null => false,
        Value::Bool(flag) => *flag,
        Value::Number(number) => number.as_f64() != Some(0.0),
        Value::String(text) => !text.is_empty() && text != "0",
        Value::Array(_) | Value::Object(_) => true,
    }
}

impl ClaimEvidence for BuildHasGil {
    type Derived = BuildHasGilDerived;

    fn judge(self) -> anyhow::Result<Judgement<BuildHasGilDerived>> {
        let e = self;
        let free_threaded_build = truthy(&e.py_gil_disabled);
        let gil_enabled = e.is_gil_enabled.unwrap_or(!free_threaded_build);
        let runtime = match e.is_gil_enabled {
            Some(flag) => format!("sys._is_gil_enabled() returned {flag}"),
            None => "sys._is_gil_enabled() does not exist (before 3.13)".to_owned(),
        };
        let build_flag = match &e.py_gil_disabled {
            Value::Null => "not set".to_owned(),
            flag => flag.to_string(),
        };
        let build = format!(
            "{} {}: Py_GIL_DISABLED is {build_flag} and {runtime}",
            e.implementation, e.version
        );
        let judgement = match (free_threaded_build, gil_enabled) {
            (false, true) => Judgement::new(
                Verdict::Confirmed,
                format!("{build}: a classic build, every thread takes the GIL to run bytecode."),
            ),
            (true, true) => Judgement::new(
                Verdict::Nuanced,
                format!(
                    "{build}: a free-threaded build, yet the GIL is on in this process; what \
                     turned it on (PYTHON_GIL=1, -X gil=1, or an extension module not declared \
                     safe without it), this evidence does not say."
                ),
            ),
            (_, false) => Judgement::new(
                Verdict::Refuted,
                format!(
                    "{build}: this interpreter runs Python threads without a GIL, so the \
                     article's premise does not hold here and the other verdicts follow that."
                ),
            ),
        };
        Ok(judgement.with_derived(BuildHasGilDerived {
            free_threaded_build,
            gil_enabled,
        }))
    }
}

// --- timings shared by the CPU-bound claims ----------------------------------------------------

/// Threads judged by the cores they kept busy alone ran at once from this share of each thread
/// beyond the first (1.4 cores of 2): a free-threaded build may run Python on every core without
/// finishing sooner, so no speedup confirms it, and with one ratio to go by the level stands a
/// tenth of a core above the kit's, which asks both ([`parallel::SCALES_SHARE`]).
const CORES_ALONE_SHARE: f64 = 0.4;
/// Threads blocked this share of their time or more were held back by a lock (two pure-Python
/// threads here: about 50% on a quiet machine, 14–40% while other programs use both cores).
const LOCKED_MIN_BLOCKED_SHARE: f64 = 0.08;
/// Threads blocked at most this share of their time never waited for a lock (native work here:
/// 0–1%, quiet machine or not).
const FREE_MAX_BLOCKED_SHARE: f64 = 0.05;
/// Threads waiting this share of their time for a core were crowded out by other programs.
const CROWDED_MIN_WAITING_SHARE: f64 = 0.1;
/// A "speedup" above this from threads that used one core is timing noise worth pointing out.
const NOISY_SERIAL_SPEEDUP: f64 = 1.2;

impl Comparison {
    fn check(&self) -> anyhow::Result<()> {
        anyhow::ensure!(
            self.sequential_s > 0.0 && self.threaded_s > 0.0 && self.threaded_cpu_s >= 0.0,
            "timings must be positive (sequential {} s, threaded {} s)",
            self.sequential_s,
            self.threaded_s
        );
        Ok(())
    }

    fn speedup(&self) -> f64 {
        self.spread().speedup
    }

    /// How many cores were busy on average while the threads ran: about 1 when only one thread
    /// can run at a time, about min(threads, cores) when all of them can.
    fn cores_used(&self) -> f64 {
        self.spread().cores_used
    }

    /// The threads spent a real part of their time asleep: something serialised them.
    fn held_by_a_lock(&self) -> bool {
        self.blocked_share()
            .is_some_and(|blocked| blocked >= LOCKED_MIN_BLOCKED_SHARE)
    }

    /// The threads never slept, but other programs kept them from the cores.
    fn crowded_out(&self) -> bool {
        self.blocked_share()
            .is_some_and(|blocked| blocked <= FREE_MAX_BLOCKED_SHARE)
            && self
                .waiting_share()
                .is_some_and(|waiting| waiting >= CROWDED_MIN_WAITING_SHARE)
    }

    fn describe(&self, threads: u32) -> String {
        let mut text = format!(
            "in turn {:.3} s, on {threads} threads {:.3} s: speedup {:.2}, cores used {:.2}",
            self.sequential_s,
            self.threaded_s,
            self.speedup(),
            self.cores_used()
        );
        if let Some(t) = &self.thread_time {
            text.push_str(&format!(
                " (the threads' time: {:.0}% running, {:.0}% waiting for a core, {:.0}% blocked)",
                100.0 * t.share(t.running_s),
                100.0 * t.share(t.waiting_for_core_s),
                100.0 * t.share(t.blocked_s)
            ));
        }
        text
    }
}

/// How threaded work used the machine, given how many threads could run at once.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Scaling {
    /// Most of the possible cores were busy (and native work finished sooner).
    Parallel,
    /// About one core was busy, however many threads there were.
    Serial,
    /// Not parallel only because other programs had the cores: the threads never slept.
    Crowded,
    /// Somewhere in between: too close to call.
    Unclear,
}

/// "With 1 thread on 2 cores": the count that left nothing to run at the same time.
fn with_threads_on_cores(threads: u32, cores: u32) -> String {
    format!(
        "With {} on {}",
        plural(threads, "thread"),
        plural(cores, "core")
    )
}

/// Threads that could run at the same time: no more than there are threads or cores.
fn parallelism(threads: u32, cores: u32) -> u32 {
    threads.min(cores)
}

/// Threads by the cores they kept busy alone: at once, one at a time (the kit's
/// [`parallel::ONE_AT_A_TIME`]), or in between.
fn cores_scaling(cores_used: f64, parallelism: u32) -> Scaling {
    if cores_used >= parallel::of_each_extra(f64::from(parallelism), CORES_ALONE_SHARE) {
        Scaling::Parallel
    } else if cores_used <= parallel::ONE_AT_A_TIME {
        Scaling::Serial
    } else {
        Scaling::Unclear
    }
}

/// Native work counts as parallel by the kit's rule (faster, on more cores); as serial when it
/// used one core while its threads slept (a lock held them back); as crowded out when its
/// threads never slept but other programs had the cores.
fn work_scaling(run: &Comparison, parallelism: u32) -> Scaling {
    let scales = run.spread().scaling(f64::from(parallelism)) == parallel::Scaling::Scales;
    match cores_scaling(run.cores_used(), parallelism) {
        _ if scales => Scaling::Parallel,
        _ if run.crowded_out() => Scaling::Crowded,
        Scaling::Serial if run.held_by_a_lock() => Scaling::Serial,
        _ => Scaling::Unclear,
    }
}

// --- gil.cpu_threads_serialised ------------------------------------------------------------

impl ClaimEvidence for CpuThreads {
    type Derived = CpuThreadsDerived;

    fn judge(self) -> anyhow::Result<Judgement<CpuThreadsDerived>> {
        let e = self;
        e.python.check()?;
        let possible = parallelism(e.threads, e.cores);
        let python = format!("Pure-Python work {}", e.python.describe(e.threads));
        let control = e
            .parallel_control
            .filter(|control| control.threaded_s > 0.0)
            .map(|control| {
                let cores_used = control.cores_used();
                (control.workload, cores_used)
            });
        let gil = if e.gil_enabled {
            "GIL enabled"
        } else {
            "no GIL"
        };
        let judgement = if possible < 2 {
            Judgement::new(
                Verdict::Inconclusive,
                format!(
                    "{python}. {} nothing could run at the same time anyway: use at least 2 \
                     threads on a machine with 2 cores.",
                    with_threads_on_cores(e.threads, e.cores)
                ),
            )
        } else {
            match cores_scaling(e.python.cores_used(), possible) {
                Scaling::Parallel => {
                    let faster = if e.python.speedup() < 1.1 {
                        " — though not faster: parallel is not the same as quicker"
                    } else {
                        ""
                    };
                    Judgement::new(
                        Verdict::Refuted,
                        format!(
                            "{python}: {} threads executed Python at the same time on this \
                             build ({gil}){faster}. The claim holds only for interpreters with \
                             a GIL.",
                            e.threads
                        ),
                    )
                }
                Scaling::Serial => serial_python(
                    &python,
                    e.gil_enabled,
                    &e.python,
                    control.as_ref(),
                    possible,
                ),
                Scaling::Unclear | Scaling::Crowded => Judgement::new(
                    Verdict::Inconclusive,
                    format!(
                        "{python}: more than one core but well short of {possible}, too close \
                         to call."
                    ),
                ),
            }
        };
        Ok(judgement.with_derived(CpuThreadsDerived {
            speedup: e.python.speedup(),
            cores_used: e.python.cores_used(),
            parallelism: possible,
            blocked_share: e.python.blocked_share(),
            control_cores_used: control.map(|(_, cores_used)| cores_used),
        }))
    }
}

/// Python threads used about one core: the GIL, if the threads slept meanwhile (or, where the
/// scheduler does not say, if native work showed the machine had more cores to give). Threads
/// that never slept but waited for a core were crowded out by other programs, and a process
/// without a GIL has none to serialise them: either way the run cannot tell.
fn serial_python<D>(
    python: &str,
    gil_enabled: bool,
    run: &Comparison,
    control: Option<&(String, f64)>,
    possible: u32,
) -> Judgement<D> {
    let gil = if gil_enabled { "GIL enabled" } else { "no GIL" };
    let control_parallel = control
        .filter(|(_, cores_used)| cores_scaling(*cores_used, possible) == Scaling::Parallel)
        .map(|(workload, cores_used)| {
            format!(
                " Not for lack of cores: {workload} on as many threads, in the same run, used \
                 {cores_used:.2} cores."
            )
        });
    // One core busy yet "faster": the run in turn was slowed more by other programs.
    let noise = if run.speedup() > NOISY_SERIAL_SPEEDUP {
        format!(
            " A speedup of {:.2} with one core busy is noise: other programs slowed the run in \
             turn more.",
            run.speedup()
        )
    } else {
        String::new()
    };
    if run.held_by_a_lock() {
        if !gil_enabled {
            return Judgement::new(
                Verdict::Inconclusive,
                format!(
                    "{python}: the threads took turns on one core and slept meanwhile, yet this \
                     process runs without a GIL: some other lock held them back, so this run \
                     says nothing about a GIL.{noise}"
                ),
            );
        }
        return Judgement::new(
            Verdict::Confirmed,
            format!(
                "{python}: the threads took turns on one core ({gil}); each slept while another \
                 held the GIL.{}{noise}",
                control_parallel.unwrap_or_default()
            ),
        );
    }
    if run.crowded_out() {
        let control = match control {
            Some((workload, cores_used)) if control_parallel.is_some() => format!(
                " ({workload} on as many threads, at another moment of the same run, got \
                 {cores_used:.2} cores)"
            ),
            Some((workload, cores_used)) => {
                format!(" ({workload}, which releases the GIL, got only {cores_used:.2} cores too)")
            }
            None => String::new(),
        };
        return Judgement::new(
            Verdict::Inconclusive,
            format!(
                "{python}, but the threads hardly ever slept, so they were not waiting for each \
                 other ({gil}): other programs had the cores while they ran{control}, so this \
                 run cannot tell the GIL from a busy machine."
            ),
        );
    }
    if let Some(control_parallel) = control_parallel {
        if !gil_enabled {
            return Judgement::new(
                Verdict::Inconclusive,
                format!(
                    "{python}: one core busy, yet this process runs without a GIL.\
                     {control_parallel} Nothing here shows what held the threads back.{noise}"
                ),
            );
        }
        return Judgement::new(
            Verdict::Confirmed,
            format!(
                "{python}: the threads took turns on one core ({gil}).{control_parallel}{noise}"
            ),
        );
    }
    let control = match control {
        Some((workload, cores_used)) => {
            format!("{workload}, which releases the GIL, used only {cores_used:.2} cores too")
        }
        None => "there was no run of GIL-releasing work to compare with".to_owned(),
    };
    Judgement::new(
        Verdict::Inconclusive,
        format!(
            "{python}, but {control}: the machine had no core to spare, so this run cannot tell \
             the GIL from a busy machine."
        ),
    )
}

// --- gil.released_by_native_code -------------------------------------------------------------

impl ClaimEvidence for NativeCode {
    type Derived = NativeCodeDerived;

    fn judge(self) -> anyhow::Result<Judgement<NativeCodeDerived>> {
        let e = self;
        let possible = parallelism(e.threads, e.cores);
        let mut lines = Vec::new();
        let mut skipped = Vec::new();
        let mut outcomes = Vec::new();
        for (name, measured) in [
            ("_pyconcepts.burn (Rust)", &e.burn),
            ("hashlib.sha256", &e.hashlib),
        ] {
            match measured {
                Measured::Skipped { skipped: why } => {
                    skipped.push(format!("{name} skipped: {why}"));
                }
                Measured::Run(run) => {
                    run.check()?;
                    let overlap = match marked_derived(measured).0 {
                        Some(share) => format!(
                            "; the threads' progress marks overlapped {:.0}% of the time until \
                             the first finished",
                            100.0 * share
                        ),
                        None => String::new(),
                    };
                    lines.push(format!("{name} {}{overlap}", run.describe(e.threads)));
                    outcomes.push(work_scaling(run, possible));
                }
            }
        }
        let mut story = lines.join("; ");
        if !skipped.is_empty() {
            story = format!("{story} ({})", skipped.join("; "));
        }
        let count = |wanted: Scaling| outcomes.iter().filter(|&&s| s == wanted).count();
        let (parallel, serial, crowded) = (
            count(Scaling::Parallel),
            count(Scaling::Serial),
            count(Scaling::Crowded),
        );
        let judgement = if outcomes.is_empty() {
            Judgement::new(
                Verdict::Inconclusive,
                format!("Nothing was measured: {story}."),
            )
        } else if possible < 2 {
            Judgement::new(
                Verdict::Inconclusive,
                format!(
                    "{story}. {} nothing could run at the same time.",
                    with_threads_on_cores(e.threads, e.cores)
                ),
            )
        } else if serial > 0 && parallel + crowded > 0 {
            Judgement::new(
                Verdict::Nuanced,
                format!(
                    "{story}. Only native code that releases the GIL runs in parallel; code that \
                     keeps it is serialised like bytecode."
                ),
            )
        } else if parallel + crowded == outcomes.len() && e.gil_enabled == Some(false) {
            let crowded_out = if crowded == 0 {
                ""
            } else {
                " (where fewer cores were used, other programs held them: the threads were ready \
                 to run and hardly ever slept)"
            };
            Judgement::new(
                Verdict::Confirmed,
                format!(
                    "{story}. The threads ran this native work at once{crowded_out}. This \
                     process runs without a GIL, so there was none to release here."
                ),
            )
        } else if parallel + crowded == outcomes.len() {
            let how = if crowded == 0 {
                format!(
                    "The same threads that take turns for Python bytecode ran this native work \
                     on {possible} cores at once"
                )
            } else {
                "Where fewer cores were used, other programs held them: the threads were ready \
                 to run and hardly ever slept, so nothing in the interpreter held them back"
                    .to_owned()
            };
            Judgement::new(
                Verdict::Confirmed,
                format!("{story}. {how}: the GIL is released around this work."),
            )
        } else if serial == outcomes.len() {
            Judgement::new(
                Verdict::Refuted,
                format!(
                    "{story}. The threads used one core and slept meanwhile, waiting for a \
                     lock: this native code kept the GIL."
                ),
            )
        } else {
            Judgement::new(
                Verdict::Inconclusive,
                format!(
                    "{story}. Native work should have used about {possible} cores and finished \
                     that much sooner; this run falls short without showing why."
                ),
            )
        };
        let (burn_speedup, burn_cores_used, burn_blocked_share, burn_waiting_share) =
            run_derived(&e.burn);
        let (hashlib_speedup, hashlib_cores_used, hashlib_blocked_share, hashlib_waiting_share) =
            run_derived(&e.hashlib);
        let (burn_overlap_share, burn_recording_cost_percent) = marked_derived(&e.burn);
        let (hashlib_overlap_share, hashlib_recording_cost_percent) = marked_derived(&e.hashlib);
        Ok(judgement.with_derived(NativeCodeDerived {
            burn_overlap_share,
            burn_recording_cost_percent,
            hashlib_overlap_share,
            hashlib_recording_cost_percent,
            burn_speedup,
            burn_cores_used,
            burn_blocked_share,
            burn_waiting_share,
            hashlib_speedup,
            hashlib_cores_used,
            hashlib_blocked_share,
            hashlib_waiting_share,
        }))
    }
}

/// How much the threads' progress overlapped until the first finished, from their marks, and
/// what the marks cost; nothing where the work was not marked or the marks say nothing (fewer
/// than two a thread, or out of order).
fn marked_derived(measured: &Measured) -> (Option<f64>, Option<f64>) {
    let Measured::Run(run) = measured else {
        return (None, None);
    };
    let cost = run.recording.as_ref().map(RecordingCost::percent);
    let overlap = run.marks_ns.as_ref().and_then(|marks| {
        let timeline = Timeline::of(marks).ok()?;
        let start = marks.iter().map(|own| own[0]).min()?;
        Some(overlap_share(marks, start, timeline.first_finisher.2))
    });
    (overlap, cost)
}

/// A workload's speedup and cores used, and the shares of its threads' time spent blocked and
/// waiting for a core when the scheduler gave both; nothing for a workload skipped.
fn run_derived(measured: &Measured) -> (Option<f64>, Option<f64>, Option<f64>, Option<f64>) {
    let Measured::Run(run) = measured else {
        return (None, None, None, None);
    };
    let (blocked, waiting) = match (run.blocked_share(), run.waiting_share()) {
        (Some(blocked), Some(waiting)) => (Some(blocked), Some(waiting)),
        _ => (None, None),
    };
    (
        Some(run.speedup()),
        Some(run.cores_used()),
        blocked,
        waiting,
    )
}

// --- gil.io_threads_overlap ------------------------------------------------------------------

impl ClaimEvidence for IoThreads {
    type Derived = IoThreadsDerived;

    fn judge(self) -> anyhow::Result<Judgement<IoThreadsDerived>> {
        let e = self;
        anyhow::ensure!(e.threaded_s > 0.0, "the threaded time must be positive");
        let speedup = e.spread().speedup;
        let story = format!(
            "{n} waits of {wait:.0} ms: in turn {seq:.3} s, on {n} threads {thr:.3} s (speedup \
             {speedup:.1})",
            n = e.threads,
            wait = e.wait_s * 1000.0,
            seq = e.sequential_s,
            thr = e.threaded_s
        );
        let judgement = if e.threads < 2 {
            Judgement::new(
                Verdict::Inconclusive,
                format!("{story}: one thread cannot overlap with anything."),
            )
        } else if e.threaded_s <= 2.0 * e.wait_s {
            Judgement::new(
                Verdict::Confirmed,
                format!(
                    "{story}: {} threads took about the time of one wait. A thread blocked in a \
                     system call releases the GIL, so the waits overlap.",
                    e.threads
                ),
            )
        } else if e.threaded_s >= 0.8 * e.sequential_s {
            Judgement::new(
                Verdict::Refuted,
                format!("{story}: the waits did not overlap; each thread waited its turn."),
            )
        } else {
            Judgement::new(
                Verdict::Inconclusive,
                format!("{story}: some overlap, but far from the time of a single wait."),
            )
        };
        Ok(judgement.with_derived(IoThreadsDerived { speedup }))
    }
}

// --- gil.makes_code_thread_safe --------------------------------------------------------------

fn percent(lost: i64, expected: u64) -> f64 {
    if expected == 0 {
        0.0
    } else {
        100.0 * lost as f64 / expected as f64
    }
}

/// Fewer neighbours than this from different threads in the shared list, and no thread's appends
/// stand on both sides of another's: the threads never filled the objects at the same time, and
/// objects that survived them show nothing. (With a GIL on a busy machine the threads take turns
/// only every few milliseconds: 2 to 20 times in a fill, against hundreds on an idle one.)
const MIN_INTERLEAVINGS: u64 = 2;

/// What the list and the dict filled by threads at once came out as.
enum Objects {
    /// Exactly what the threads put in, in each thread's order, and the threads interleaved.
    Intact,
    /// Something missing, doubled, misplaced or wrong, or a thread raised: what.
    Corrupted(Vec<String>),
    /// Intact, but the threads did not interleave enough for it to mean anything.
    NotRaced,
}

impl BuiltIns {
    fn outcome(&self) -> Objects {
        let expected = self.expected();
        let mut wrong = Vec::new();
        if self.list_length != expected {
            wrong.push(format!("the list held {} items", self.list_length));
        }
        for (count, what) in [
            (self.list_missing, "appended items missing from the list"),
            (self.list_unexpected, "list entries doubled or unknown"),
            (self.list_out_of_order, "items out of their thread's order"),
        ] {
            if count > 0 {
                wrong.push(format!("{count} {what}"));
            }
        }
        if self.dict_length != expected {
            wrong.push(format!("the dict held {} keys", self.dict_length));
        }
        if self.dict_wrong > 0 {
            wrong.push(format!(
                "{} keys missing or wrong in the dict",
                self.dict_wrong
            ));
        }
        if !self.errors.is_empty() {
            wrong.push(format!("the threads raised {}", self.errors.join("; ")));
        }
        if !wrong.is_empty() {
            Objects::Corrupted(wrong)
        } else if self.threads < 2 || self.list_interleavings < MIN_INTERLEAVINGS {
            Objects::NotRaced
        } else {
            Objects::Intact
        }
    }

    fn describe(&self) -> String {
        format!(
            "{} appended {} items each to one list and inserted as many keys into one dict at \
             once, at a switch interval of {} µs: the list ended with {} items of {} ({} missing, \
             {} doubled or unknown, {} out of their thread's order; neighbours from different \
             threads {}), the dict with {} keys ({} missing or wrong), and {}",
            plural(self.threads, "thread"),
            self.items_per_thread,
            self.switch_interval_s * 1e6,
            self.list_length,
            self.expected(),
            self.list_missing,
            self.list_unexpected,
            self.list_out_of_order,
            plural(self.list_interleavings, "time"),
            self.dict_length,
            self.dict_wrong,
            if self.errors.is_empty() {
                "no thread raised".to_owned()
            } else {
                format!("the threads raised {}", self.errors.join("; "))
            }
        )
    }
}

impl ObjectLocks {
    /// What the list's and the dict's lock bytes read before, during and after their operations,
    /// when both were seen taken during it and free around it; `None` when not watched or not
    /// seen so.
    fn seen_held(&self) -> Option<String> {
        let ObjectLocks::Watched {
            offset,
            list_sort,
            dict_insert,
        } = self
        else {
            return None;
        };
        let around = |lock: &LockByte| {
            format!(
                "{} before, {} during, {} after",
                lock.before,
                lock.during.unwrap_or_default(),
                lock.after
            )
        };
        (list_sort.held_during() && dict_insert.held_during()).then(|| {
            format!(
                "the lock byte in each object's header (offset {offset}, ob_mutex) read, for the \
                 list, {} a list.sort whose key function read it, and for the dict, {} an \
                 insertion whose colliding key's __eq__ read it",
                around(list_sort),
                around(dict_insert)
            )
        })
    }
}

/// What kept the objects consistent, as far as this run shows: the GIL (with no lock in the
/// objects) or each object's own lock, held while an operation ran.
fn protection(gil_enabled: bool, locks: Option<&ObjectLocks>) -> String {
    let held = locks.and_then(ObjectLocks::seen_held);
    let unseen = match locks {
        Some(ObjectLocks::Skipped { skipped }) => {
            format!("per-object locks not watched: {skipped}")
        }
        Some(ObjectLocks::Watched { .. }) => {
            "the objects' own lock bytes were not seen held during their operations".to_owned()
        }
        None => "the objects' own locks were not watched".to_owned(),
    };
    match (gil_enabled, held, locks) {
        (true, None, Some(ObjectLocks::Skipped { skipped })) => format!(
            "With the GIL on, and no lock in the objects themselves ({skipped}), the GIL is what \
             kept them consistent"
        ),
        (true, Some(held), _) => {
            format!("The GIL was on, and the objects carry locks of their own as well: {held}")
        }
        (true, None, _) => format!("The GIL was on ({unseen})"),
        (false, Some(held), _) => format!(
            "This process ran without a GIL, and the objects came out intact all the same: each \
             carries a lock of its own, held while an operation runs — {held}. On this build \
             per-object locking, not a GIL, keeps the built-in objects consistent"
        ),
        (false, None, _) => format!(
            "This process ran without a GIL, and the objects came out intact all the same; what \
             kept them consistent, this run did not observe ({unseen})"
        ),
    }
}

impl ClaimEvidence for ThreadSafety {
    type Derived = ThreadSafetyDerived;

    fn judge(self) -> anyhow::Result<Judgement<ThreadSafetyDerived>> {
        let e = self;
        // "ended at 400000 instead of 400000" for a count that came out right is no English.
        let ended = if e.unlocked.lost_updates == 0 {
            format!(
                "ended at {}, as expected: no update lost",
                e.unlocked.observed
            )
        } else {
            format!(
                "ended at {} instead of {}: {} lost ({:.0}%)",
                e.unlocked.observed,
                e.unlocked.expected,
                plural(e.unlocked.lost_updates, "update"),
                percent(e.unlocked.lost_updates, e.unlocked.expected)
            )
        };
        let unlocked = format!(
            "{} doing read / call / write on a shared counter at a switch interval of {} µs \
             {ended}",
            plural(e.threads, "thread"),
            e.switch_interval_s * 1e6,
        );
        let locked = format!(
            "inside `with lock:` they lost {} of {}",
            e.locked.lost_updates, e.locked.expected
        );
        let bytecode = &e.plain_increment.bytecode;
        let shown = if bytecode.is_empty() {
            String::new()
        } else {
            format!(" ({})", bytecode.join(" "))
        };
        let no_gil = e.gil_enabled == Some(false);
        let plain = if e.plain_increment.lost_updates == 0 && no_gil {
            format!(
                "The plain `counter.value += 1` loop lost 0 of {} in this run, with no GIL in \
                 the process: luck of the timing, not a guarantee.",
                e.plain_increment.expected
            )
        } else if e.plain_increment.lost_updates == 0 {
            let no_call = if !bytecode.is_empty() && !bytecode.iter().any(|op| op.contains("CALL"))
            {
                ", which has no call between its read and its write,"
            } else {
                ""
            };
            let steps = if bytecode.len() > 1 {
                format!(
                    ": it is still {} instructions, not one step",
                    bytecode.len()
                )
            } else {
                String::new()
            };
            format!(
                "The plain `counter.value += 1` loop{shown}{no_call} lost 0 of {} in this run, \
                 where read / call / write lost {}; no lost update in one run is no \
                 guarantee{steps}.",
                e.plain_increment.expected, e.unlocked.lost_updates
            )
        } else {
            format!(
                "Even the plain `counter.value += 1` loop{shown} lost {} of {}: it is no \
                 atomic step on this interpreter either.",
                e.plain_increment.lost_updates, e.plain_increment.expected
            )
        };
        let logic = format!("{unlocked}; {locked}");
        let objects = e.built_ins.as_ref().map(|built_ins| {
            (
                built_ins.describe(),
                built_ins.outcome(),
                protection(!no_gil, e.object_locks.as_ref()),
            )
        });
        let judgement = match &objects {
            _ if e.locked.lost_updates != 0 => Judgement::new(
                Verdict::Inconclusive,
                format!(
                    "{unlocked}, but {locked}: with a lock nothing should be lost, so this \
                     experiment is broken."
                ),
            ),
            None => Judgement::new(
                Verdict::Inconclusive,
                format!(
                    "{logic}. This evidence has no check of the built-in objects filled by \
                     threads at once, so it shows only half the claim. {plain}"
                ),
            ),
            Some((described, Objects::Corrupted(wrong), _)) => Judgement::new(
                parts::core_and_rest(false, false),
                format!(
                    "{described}: {}. Not even the interpreter's own objects stayed consistent. \
                     And {logic}. {plain}",
                    wrong.join(", ")
                ),
            ),
            Some((described, Objects::NotRaced, _)) => Judgement::new(
                Verdict::Inconclusive,
                format!(
                    "{described}: intact, but with neighbours from different threads {} only, \
                     the threads did not fill the objects at the same time, so that shows \
                     nothing. {logic}. {plain}",
                    plural(
                        e.built_ins
                            .as_ref()
                            .map_or(0, |built_ins| built_ins.list_interleavings),
                        "time"
                    )
                ),
            ),
            Some((described, Objects::Intact, _)) if e.unlocked.lost_updates <= 0 => {
                Judgement::new(
                    Verdict::Inconclusive,
                    format!(
                        "{described}: intact. But {logic}: the race window did not open in this \
                         run, and no lost update is no proof of safety. {plain}"
                    ),
                )
            }
            Some((described, Objects::Intact, protected)) => Judgement::new(
                // The objects' safety is the claim's core; that threads cannot interfere with
                // one another is the rest, and the lost updates deny it.
                parts::core_and_rest(true, false),
                format!(
                    "{described}: every item and key there exactly once, in each thread's order. \
                     {protected}. But {logic}: the threads interfered with each other's \
                     read-modify-write, which spans several steps, and only the lock kept it \
                     whole. {plain}"
                ),
            ),
        };
        Ok(judgement.with_derived(ThreadSafetyDerived {
            unlocked_lost_percent: percent(e.unlocked.lost_updates, e.unlocked.expected),
            plain_lost_percent: percent(e.plain_increment.lost_updates, e.plain_increment.expected),
            built_ins_intact: objects
                .as_ref()
                .map(|(_, outcome, _)| !matches!(outcome, Objects::Corrupted(_))),
        }))
    }
}

// --- gil.switch_interval_latency -------------------------------------------------------------

/// The convoy shows when waking up beside a spinning thread costs this share of the interval.
const CONVOY_MIN_SHARE: f64 = 0.4;
/// Below this share of the interval the waking thread did not wait for anybody.
const NO_CONVOY_MAX_SHARE: f64 = 0.1;
/// A smaller interval helps when it cuts the median lateness to at most this share.
const SMALLER_HELPS_RATIO: f64 = 0.6;

impl ClaimEvidence for SwitchLatency {
    type Derived = SwitchLatencyDerived;

    fn judge(self) -> anyhow::Result<Judgement<SwitchLatencyDerived>> {
        let e = self;
        anyhow::ensure!(
            e.default_interval_ms > 0.0,
            "the switch interval must be positive"
        );
        let extra_default = e.loaded_default.p50_ms - e.idle.p50_ms;
        let extra_small = e.loaded_small.p50_ms - e.idle.p50_ms;
        let story = format!(
            "time.sleep woke up late by p50 {:.2} ms (p99 {:.2}) alone, {:.2} ms (p99 {:.2}) \
             beside a CPU-bound thread at the default {} ms interval, {:.2} ms (p99 {:.2}) at {} \
             ms",
            e.idle.p50_ms,
            e.idle.p99_ms,
            e.loaded_default.p50_ms,
            e.loaded_default.p99_ms,
            e.default_interval_ms,
            e.loaded_small.p50_ms,
            e.loaded_small.p99_ms,
            e.small_interval_ms
        );
        let convoy = extra_default >= CONVOY_MIN_SHARE * e.default_interval_ms;
        let no_convoy = extra_default <= NO_CONVOY_MAX_SHARE * e.default_interval_ms;
        let smaller_helps = e.loaded_small.p50_ms <= SMALLER_HELPS_RATIO * e.loaded_default.p50_ms;
        let judgement = if convoy && smaller_helps {
            Judgement::new(
                Verdict::Confirmed,
                format!(
                    "{story}. The waking thread waited {extra_default:.2} ms for the GIL, about \
                     one switch interval, because the CPU-bound thread gives it up only when \
                     asked after that interval (the convoy effect); a {} ms interval cut the \
                     wait to {extra_small:.2} ms.",
                    e.small_interval_ms
                ),
            )
        } else if convoy {
            Judgement::new(
                Verdict::Nuanced,
                format!(
                    "{story}. The waking thread did wait for the GIL ({extra_default:.2} ms), but \
                     the smaller interval did not shorten the wait."
                ),
            )
        } else if no_convoy {
            Judgement::new(
                Verdict::Refuted,
                format!(
                    "{story}: a CPU-bound thread did not delay the waking one, so there was no \
                     GIL to wait for."
                ),
            )
        } else {
            Judgement::new(
                Verdict::Inconclusive,
                format!(
                    "{story}: an extra {extra_default:.2} ms, too small against a {} ms interval \
                     to call.",
                    e.default_interval_ms
                ),
            )
        };
        Ok(judgement.with_derived(SwitchLatencyDerived {
            extra_wait_default_ms: extra_default,
            extra_wait_small_ms: extra_small,
        }))
    }
}

// --- gil.handed_over_when_thread_finishes ----------------------------------------------------

/// "≫ 1": at least this many changes of the thread making progress before the first thread
/// finished say the threads took turns; fewer could be the threads' start alone.
const MIN_HAND_OFFS: usize = 5;
/// A thread that ran alone for fewer switch intervals than this had no turn to lose: the
/// interpreter asks for the GIL back after an interval, so one run that short shows nothing.
const MIN_INTERVALS_ALONE: f64 = 4.0;
/// With a GIL, turns this close to the switch interval (÷ or × 2) are the interval's.
const ABOUT_THE_INTERVAL: f64 = 2.0;
/// A gap between a thread's consecutive marks up to this many times its median gap is the thread
/// at work; a longer one, the thread held back (waiting for the GIL, or for a core).
const BUSY_GAP_FACTOR: f64 = 3.0;
/// Threads that made progress at the same time at most this share of the time took turns.
const TURNS_MAX_OVERLAP: f64 = 0.2;
/// Threads that made progress at the same time at least this share of the time ran at once.
const AT_ONCE_MIN_OVERLAP: f64 = 0.5;

/// Who made progress when, from each thread's marks (ns after a common start, in order).
#[derive(Debug, PartialEq)]
struct Timeline {
    /// Changes of the thread making progress, all marks in time order.
    hand_offs: usize,
    /// Those before the first thread's last mark (a change at that moment is the hand-over at
    /// its end).
    hand_offs_before_first_finish: usize,
    /// The first thread to finish: its index, its first mark and its last.
    first_finisher: (usize, u64, u64),
    /// Start to start of consecutive turns (runs of marks by one thread), in ns, in order.
    turns_ns: Vec<f64>,
    /// The median gap between a thread's consecutive marks, over every thread, in ns.
    mark_spacing_ns: f64,
    /// The share of the time until the first finish during which two threads or more were at
    /// work (gaps of theirs no longer than [`BUSY_GAP_FACTOR`] × their median gap).
    overlap_share: f64,
}

impl Timeline {
    fn of(marks: &[Vec<u64>]) -> anyhow::Result<Timeline> {
        anyhow::ensure!(!marks.is_empty(), "no thread left progress marks");
        for (thread, own) in marks.iter().enumerate() {
            anyhow::ensure!(
                own.len() >= 2,
                "thread {} left {} progress mark(s): at least its start and one chunk expected",
                thread + 1,
                own.len()
            );
            if let Some(at) = own.windows(2).position(|pair| pair[1] < pair[0]) {
                anyhow::bail!(
                    "thread {}'s progress marks go back in time at mark {}",
                    thread + 1,
                    at + 1
                );
            }
        }
        let mut merged: Vec<(u64, usize)> = marks
            .iter()
            .enumerate()
            .flat_map(|(thread, own)| own.iter().map(move |&mark| (mark, thread)))
            .collect();
        merged.sort_unstable();
        let changes: Vec<u64> = merged
            .windows(2)
            .filter(|pair| pair[0].1 != pair[1].1)
            .map(|pair| pair[1].0)
            .collect();
        let first_finisher = marks
            .iter()
            .enumerate()
            .map(|(thread, own)| (thread, own[0], own[own.len() - 1]))
            .min_by_key(|&(thread, _, last)| (last, thread))
            .expect("at least one thread, checked above");
        let first_finish = first_finisher.2;
        let turn_starts: Vec<u64> = std::iter::once(merged[0].0)
            .chain(changes.iter().copied())
            .collect();
        let turns_ns = turn_starts
            .windows(2)
            .map(|pair| (pair[1] - pair[0]) as f64)
            .collect();
        let gaps = |own: &[u64]| -> Vec<f64> {
            own.windows(2)
                .map(|pair| (pair[1] - pair[0]) as f64)
                .collect()
        };
        let all_gaps: Vec<f64> = marks.iter().flat_map(|own| gaps(own)).collect();
        Ok(Timeline {
            hand_offs: changes.len(),
            hand_offs_before_first_finish: changes.iter().filter(|&&at| at < first_finish).count(),
            first_finisher,
            turns_ns,
            mark_spacing_ns: median(&all_gaps),
            overlap_share: overlap_share(marks, merged[0].0, first_finish),
        })
    }

    fn median_turn_ns(&self) -> Option<f64> {
        (!self.turns_ns.is_empty()).then(|| median(&self.turns_ns))
    }
}

/// When one thread was at work, from its marks (in order): between consecutive marks no
/// further apart than [`BUSY_GAP_FACTOR`] × its median gap, each stretch joined with the next
/// where they touch. Marks out of order say nothing: the pairs that go back are left out.
pub(super) fn at_work(own: &[u64]) -> Vec<(u64, u64)> {
    let forward = || own.windows(2).filter(|pair| pair[1] >= pair[0]);
    let gaps: Vec<f64> = forward().map(|pair| (pair[1] - pair[0]) as f64).collect();
    if gaps.is_empty() {
        return Vec::new();
    }
    let busy_gap = BUSY_GAP_FACTOR * median(&gaps);
    let mut stretches: Vec<(u64, u64)> = Vec::new();
    for pair in forward().filter(|pair| (pair[1] - pair[0]) as f64 <= busy_gap) {
        match stretches.last_mut() {
            Some(last) if last.1 == pair[0] => last.1 = pair[1],
            _ => stretches.push((pair[0], pair[1])),
        }
    }
    stretches
}

/// The share of `start..end` in which two threads or more were at work ([`at_work`]), over the
/// time at least one was.
pub(super) fn overlap_share(marks: &[Vec<u64>], start: u64, end: u64) -> f64 {
    // (+1 at a busy stretch's start, -1 at its end); ends sort before starts at the same moment,
    // so that one thread's adjoining stretches never count as two threads.
    let mut events: Vec<(u64, i32)> = Vec::new();
    for own in marks {
        for (from, to) in at_work(own) {
            let (from, to) = (from.max(start), to.min(end));
            if from < to {
                events.push((from, 1));
                events.push((to, -1));
            }
        }
    }
    events.sort_unstable();
    let (mut any, mut several, mut busy, mut last) = (0u64, 0u64, 0i32, start);
    for (at, change) in events {
        let stretch = at - last;
        if busy >= 1 {
            any += stretch;
        }
        if busy >= 2 {
            several += stretch;
        }
        busy += change;
        last = at;
    }
    if any == 0 {
        0.0
    } else {
        several as f64 / any as f64
    }
}

impl ClaimEvidence for HandedOver {
    type Derived = HandedOverDerived;

    fn judge(self) -> anyhow::Result<Judgement<HandedOverDerived>> {
        let e = self;
        anyhow::ensure!(
            e.switch_interval_s > 0.0,
            "the switch interval must be positive, not {}",
            e.switch_interval_s
        );
        anyhow::ensure!(
            e.marks_ns.len() == e.threads as usize,
            "{} threads ran but {} left progress marks",
            e.threads,
            e.marks_ns.len()
        );
        let timeline = Timeline::of(&e.marks_ns)?;
        let ms = |ns: f64| ns / 1e6;
        let interval_ms = e.switch_interval_s * 1e3;
        let threads = e.marks_ns.len();
        let (finisher, finisher_start, first_finish) = timeline.first_finisher;
        let last_finish = e
            .marks_ns
            .iter()
            .map(|own| own[own.len() - 1])
            .max()
            .unwrap_or(first_finish);
        let median_turn = timeline.median_turn_ns();
        let cost = e.recording.percent();
        // Half a tenth of a percent or less reads as 0.0%: no cost worth a number.
        let cost_text = if cost.is_finite() && cost >= 0.05 {
            format!("{cost:.1}% more time")
        } else {
            "no measurable time".to_owned()
        };
        let waiting = e
            .thread_time
            .as_ref()
            .map(|t| t.share(t.waiting_for_core_s));
        let crowded = waiting.is_some_and(|share| share >= CROWDED_MIN_WAITING_SHARE);
        let waiting_text = waiting
            .map(|share| {
                format!(
                    "; the threads spent {:.0}% of their time waiting for a core",
                    100.0 * share
                )
            })
            .unwrap_or_default();
        let story = format!(
            "{} on {}, started together, each did {} chunks of {} loops, noting the time \
             after each (the marks cost {cost_text}: {} chunks took {:.3} ms with them, {:.3} ms \
             without, best of {}). Thread {} finished first, at {:.2} ms, the last at {:.2} ms; \
             the thread making progress changed {} before the first finished, {} in all; \
             sys.getswitchinterval() is {interval_ms} ms{waiting_text}",
            plural(e.threads, "pure-Python thread"),
            plural(e.cores, "core"),
            e.chunks_per_thread,
            e.loops_per_chunk,
            e.recording.chunks,
            e.recording.with_marks_s * 1e3,
            e.recording.without_marks_s * 1e3,
            e.recording.rounds,
            finisher + 1,
            ms(first_finish as f64),
            ms(last_finish as f64),
            plural(timeline.hand_offs_before_first_finish as u64, "time"),
            timeline.hand_offs
        );
        let turns = match median_turn {
            Some(turn) => format!(
                "The median turn lasted {:.2} ms ({:.1} switch intervals; marks {:.3} ms apart), \
                 and progress overlapped {:.0}% of the time until the first finished",
                ms(turn),
                ms(turn) / interval_ms,
                ms(timeline.mark_spacing_ns),
                100.0 * timeline.overlap_share
            ),
            None => String::new(),
        };
        let before = timeline.hand_offs_before_first_finish;
        let alone_intervals = ms((first_finish - finisher_start) as f64) / interval_ms;
        let judgement = if threads < 2 {
            Judgement::new(
                Verdict::Inconclusive,
                format!(
                    "{story}. One thread has nobody to hand the GIL to: use at least 2 threads."
                ),
            )
        } else if before == 0 && !e.gil_enabled {
            Judgement::new(
                Verdict::Inconclusive,
                format!(
                    "{story}. Only thread {} made progress until it finished, but this process \
                     runs without a GIL: whatever held the others back, it was not a GIL kept \
                     to the end.",
                    finisher + 1
                ),
            )
        } else if before == 0 && alone_intervals < MIN_INTERVALS_ALONE {
            Judgement::new(
                Verdict::Inconclusive,
                format!(
                    "{story}. Thread {} ran alone for {alone_intervals:.1} switch intervals only: \
                     too short to have lost a turn. More work per thread would show it.",
                    finisher + 1
                ),
            )
        } else if before == 0 && (crowded || waiting.is_none()) {
            Judgement::new(
                Verdict::Inconclusive,
                format!(
                    "{story}. Only thread {} made progress until it finished, but {}: this run \
                     cannot tell a GIL kept to the end from a busy machine.",
                    finisher + 1,
                    if crowded {
                        "the threads waited for a core meanwhile"
                    } else {
                        "the scheduler does not say whether the others waited for a core"
                    }
                ),
            )
        } else if before == 0 {
            Judgement::new(
                Verdict::Confirmed,
                format!(
                    "{story}. Thread {} ran alone for {alone_intervals:.1} switch intervals until \
                     it finished, and the others, asleep rather than waiting for a core, made no \
                     progress until then: it kept the GIL to the end and passed it on, as the \
                     article says.",
                    finisher + 1
                ),
            )
        } else if before < MIN_HAND_OFFS {
            Judgement::new(
                Verdict::Inconclusive,
                format!(
                    "{story}. {turns}. {before} changes before the first thread finished are too \
                     few to tell turns from the threads' start."
                ),
            )
        } else if e.gil_enabled && timeline.overlap_share > TURNS_MAX_OVERLAP {
            Judgement::new(
                Verdict::Inconclusive,
                format!(
                    "{story}. {turns}. With the GIL on, two threads cannot both run Python: the \
                     marks contradict the build, so this run shows nothing."
                ),
            )
        } else if e.gil_enabled {
            let tie = match median_turn.map(|turn| ms(turn) / interval_ms) {
                Some(ratio) if (1.0 / ABOUT_THE_INTERVAL..=ABOUT_THE_INTERVAL).contains(&ratio) => {
                    "about one switch interval each: the interval after which the interpreter \
                     asks the thread holding the GIL to let a waiting one have it"
                        .to_owned()
                }
                Some(ratio) if ratio > ABOUT_THE_INTERVAL && crowded => {
                    "longer than the switch interval, while other programs kept the threads \
                     waiting for a core"
                        .to_owned()
                }
                Some(ratio) if ratio > ABOUT_THE_INTERVAL => {
                    "longer than the switch interval, for a reason this run does not show"
                        .to_owned()
                }
                _ => "shorter than the switch interval, for a reason this run does not show"
                    .to_owned(),
            };
            Judgement::new(
                Verdict::Refuted,
                format!(
                    "{story}. {turns}. The threads took turns with the GIL long before either \
                     finished, {tie}. No thread kept the GIL until it finished."
                ),
            )
        } else if timeline.overlap_share >= AT_ONCE_MIN_OVERLAP {
            Judgement::new(
                Verdict::Refuted,
                format!(
                    "{story}. {turns}. This process runs without a GIL: the threads made \
                     progress at the same time, their marks interleaved, and there was no lock to \
                     hand over, at the end or before."
                ),
            )
        } else {
            let why = if crowded {
                "other programs left them fewer cores than threads"
            } else {
                "for a reason this run does not show"
            };
            Judgement::new(
                Verdict::Refuted,
                format!(
                    "{story}. {turns}. This process runs without a GIL, yet the threads made \
                     progress at the same time only {:.0}% of the time ({why}); either way the \
                     others made progress long before the first finished, and no GIL was handed \
                     over.",
                    100.0 * timeline.overlap_share
                ),
            )
        };
        Ok(judgement.with_derived(HandedOverDerived {
            hand_offs: timeline.hand_offs,
            hand_offs_before_first_finish: before,
            first_finish_ms: ms(first_finish as f64),
            median_turn_ms: median_turn.map(ms),
            turn_per_switch_interval: median_turn.map(|turn| ms(turn) / interval_ms),
            mark_spacing_ms: ms(timeline.mark_spacing_ns),
            overlap_share: timeline.overlap_share,
            recording_cost_percent: cost,
        }))
    }
}

// --- gil.extension_reenables_gil -------------------------------------------------------------

/// The warning's first sentence, which says what happened (the rest says how to override it).
fn first_sentence(warning: &str) -> &str {
    warning
        .find(". ")
        .map_or(warning, |end| &warning[..=end])
        .trim_end_matches('.')
}

impl ClaimEvidence for ExtensionReenablesGil {
    type Derived = ExtensionReenablesGilDerived;

    fn judge(self) -> anyhow::Result<Judgement<ExtensionReenablesGilDerived>> {
        let e = self;
        let possible = parallelism(e.threads, e.cores);
        let (undeclared, kept_off, declared) =
            (&e.undeclared, &e.undeclared_python_gil_0, &e.declared);
        for child in [undeclared, kept_off, declared] {
            child.after.check()?;
        }
        if let Some(before) = &undeclared.before {
            before.check()?;
        }
        let warning = undeclared
            .gil_warning()
            .map(|warning| format!(", with \"{}\"", first_sentence(warning)))
            .unwrap_or_else(|| ", with no warning".to_owned());
        let override_ = kept_off.python_gil.as_deref().unwrap_or("unset");
        // "turned … from false to false" would say the import changed what it left alone.
        let import = if undeclared.gil_before == undeclared.gil_after {
            format!("left sys._is_gil_enabled() at {}", undeclared.gil_after)
        } else {
            format!(
                "turned sys._is_gil_enabled() from {} to {}",
                undeclared.gil_before, undeclared.gil_after
            )
        };
        let flags = format!(
            "{} built two extension modules against {} in {:.2} s (temporary directory removed: \
             {}). In a fresh child, importing `{}`, which declares nothing about the GIL, \
             {import}{warning}; with PYTHON_GIL={override_} the same import went {} → {}; \
             importing `{}` (Py_mod_gil = Py_MOD_GIL_NOT_USED) went {} → {}",
            e.compiler,
            e.include_dir,
            e.build_seconds,
            if e.temp_dir_removed { "yes" } else { "no" },
            undeclared.module,
            kept_off.gil_before,
            kept_off.gil_after,
            declared.module,
            declared.gil_before,
            declared.gil_after
        );
        let cores_before = undeclared.before.as_ref().map(Comparison::cores_used);
        let threads = format!(
            "Part 2's pure-Python threads in that child, after the import: {}{}; with \
             PYTHON_GIL={override_}: {}; beside `{}`: {}",
            undeclared.after.describe(e.threads),
            undeclared
                .before
                .as_ref()
                .map(|before| format!("; before it: {}", before.describe(e.threads)))
                .unwrap_or_default(),
            kept_off.after.describe(e.threads),
            declared.module,
            declared.after.describe(e.threads)
        );
        let story = format!("{flags}. {threads}");
        let after = cores_scaling(undeclared.after.cores_used(), possible);
        let before = cores_before.map(|cores_used| cores_scaling(cores_used, possible));
        let judgement = if undeclared.gil_before {
            Judgement::new(
                Verdict::Inconclusive,
                format!(
                    "{story}. The child started with the GIL already on, so there was nothing for \
                     the import to turn on."
                ),
            )
        } else if !undeclared.gil_after {
            Judgement::new(
                Verdict::Refuted,
                format!("{story}. The import left the GIL off."),
            )
        } else if kept_off.gil_after {
            Judgement::new(
                Verdict::Nuanced,
                format!(
                    "{story}. The GIL came back, but PYTHON_GIL={override_} did not keep it off."
                ),
            )
        } else if declared.gil_after {
            Judgement::new(
                Verdict::Nuanced,
                format!(
                    "{story}. The GIL came back, but the module that declares it runs without \
                     the GIL turned it on too: this run does not show the declaration matters."
                ),
            )
        } else if possible < 2 {
            Judgement::new(
                Verdict::Confirmed,
                format!(
                    "{story}. {} the threads could not show it, but the flag does: the GIL \
                     came back with the module that did not declare it can do without, and \
                     PYTHON_GIL={override_} kept it off.",
                    with_threads_on_cores(e.threads, e.cores)
                ),
            )
        } else {
            match (before, after) {
                (_, Scaling::Parallel) => Judgement::new(
                    Verdict::Inconclusive,
                    format!(
                        "{story}. The flag says the GIL is on, yet the threads after the import \
                         kept {:.2} cores busy: the timings contradict it.",
                        undeclared.after.cores_used()
                    ),
                ),
                (Some(Scaling::Parallel), Scaling::Serial) => Judgement::new(
                    Verdict::Confirmed,
                    format!(
                        "{story}. The same threads fell back from {:.2} cores to {:.2}: the GIL \
                         came back with the module that did not declare it can do without, for \
                         the whole process; PYTHON_GIL={override_} kept it off.",
                        cores_before.unwrap_or_default(),
                        undeclared.after.cores_used()
                    ),
                ),
                (_, Scaling::Serial) => Judgement::new(
                    Verdict::Confirmed,
                    format!(
                        "{story}. The flag shows the GIL came back with the module that did not \
                         declare it can do without, and PYTHON_GIL={override_} kept it off; the threads \
                         used about one core after the import, but {}, so this run shows no \
                         fall back in cores.",
                        match cores_before {
                            Some(cores_used) => format!(
                                "only {cores_used:.2} before it too: other programs had the cores"
                            ),
                            None => "were not timed before it".to_owned(),
                        }
                    ),
                ),
                (_, Scaling::Unclear | Scaling::Crowded) => Judgement::new(
                    Verdict::Inconclusive,
                    format!(
                        "{story}. The flag says the GIL came back, but the threads after the \
                         import used {:.2} cores, between one and {possible}: too close to call.",
                        undeclared.after.cores_used()
                    ),
                ),
            }
        };
        Ok(judgement.with_derived(ExtensionReenablesGilDerived {
            cores_used_before: cores_before,
            cores_used_after: undeclared.after.cores_used(),
            cores_used_with_python_gil_0: kept_off.after.cores_used(),
            cores_used_after_declared: declared.after.cores_used(),
        }))
    }
}

// --- gil.implementation_specific ------------------------------------------------------------

/// Threads blocked this share of their time or more took turns for a lock. Higher than
/// `LOCKED_MIN_BLOCKED_SHARE`: a JVM's threads sleep a little at its safepoints (up to 8% here),
/// and that must not pass for a GIL; two threads taking turns sleep 40–50% of the time.
const TURNS_MIN_BLOCKED_SHARE: f64 = 0.2;
/// Threads that waited at most this share of their time for a core had one free.
const FREE_CORE_MAX_WAITING_SHARE: f64 = 0.05;

/// What a runtime's threads did, from the same numbers part 2 measured on CPython.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Threads {
    /// They kept most of the possible cores busy at once.
    Parallel,
    /// Fewer cores, but the threads never slept: other programs had the cores, no lock held them.
    NeverBlocked,
    /// About one core, though the threads slept while another ran or a core stood free: they
    /// took turns for a lock.
    TookTurns,
    /// None of these clearly.
    Unclear,
}

fn threads_of(run: &Comparison, possible: u32) -> Threads {
    let blocked = run.blocked_share().unwrap_or(0.0);
    // A thread starts counting once it runs Python, which takes the GIL: threads of a loop that
    // never lets go of it start one after the other, so they never look blocked. About one core
    // busy while another stood free says the same.
    let core_free = run
        .waiting_share()
        .is_some_and(|waiting| waiting <= FREE_CORE_MAX_WAITING_SHARE);
    match cores_scaling(run.cores_used(), possible) {
        Scaling::Parallel => Threads::Parallel,
        _ if run.crowded_out() => Threads::NeverBlocked,
        Scaling::Serial if blocked >= TURNS_MIN_BLOCKED_SHARE || core_free => Threads::TookTurns,
        _ => Threads::Unclear,
    }
}

impl Threads {
    /// Which measurement decided this reading, with its value: cores used (CPU time over wall
    /// time) and the threads' sleeping, never the speedup, which other programs also move.
    fn reading(self, run: &Comparison) -> String {
        let cores = run.cores_used();
        let blocked = 100.0 * run.blocked_share().unwrap_or(0.0);
        match self {
            Threads::Parallel => format!("ran at once: cores used {cores:.2}"),
            Threads::TookTurns => {
                format!("took turns: cores used {cores:.2}, blocked {blocked:.0}% of their time")
            }
            Threads::NeverBlocked => format!(
                "never slept, yet cores used {cores:.2}: other programs had the cores, so no \
                 lock held them back, and nothing shows them running at once either"
            ),
            Threads::Unclear => {
                format!("unclear: cores used {cores:.2}, blocked {blocked:.0}% of their time")
            }
        }
    }
}

/// A row of the comparison: which code, whether it should have a GIL, what its threads did.
struct Row {
    label: String,
    expects_gil: bool,
    threads: Threads,
    text: String,
}

impl Row {
    fn new(label: String, expects_gil: bool, run: &Comparison, e: &ImplementationSpecific) -> Self {
        let threads = threads_of(run, parallelism(e.threads, e.cores));
        let text = format!(
            "{label}: {} → {}",
            run.describe(e.threads),
            threads.reading(run)
        );
        Row {
            label,
            expects_gil,
            threads,
            text,
        }
    }

    /// As claimed when the threads did what this runtime's GIL (or its absence) predicts,
    /// against when they did the opposite, unclear when the run cannot tell. Threads that
    /// never slept but had no free core show no GIL, yet not the threads at once the claim is
    /// about: unclear.
    fn finding(&self) -> Finding {
        match (self.expects_gil, self.threads) {
            (true, Threads::TookTurns) | (false, Threads::Parallel) => Finding::AsClaimed,
            (true, Threads::Parallel) | (false, Threads::TookTurns) => Finding::Against,
            _ => Finding::Unclear,
        }
    }
}

/// "its GIL, or its absence, predicts" for one row, "their …" for several.
fn gil_predicts(rows: usize) -> &'static str {
    if rows == 1 {
        "its GIL, or its absence, predicts"
    } else {
        "their GIL, or its absence, predicts"
    }
}

/// What one runtime that ran adds to the comparison.
enum Part {
    /// Rows judged against the GIL the runtime has, or has not.
    Rows(Vec<Row>),
    /// Another CPython, or an implementation this demo knows no GIL of: shown, not judged.
    Shown(String),
}

fn part_of(runtime: &RuntimeEntry<ThreadsRun>, e: &ImplementationSpecific) -> anyhow::Result<Part> {
    let missing = || anyhow::anyhow!("{} ran but left no timings", runtime.name);
    let label = runtime.label();
    if runtime.is_cython() {
        let found = &runtime.found;
        let nogil = found.nogil.as_ref().ok_or_else(missing)?;
        let holding = found.holding_gil.as_ref().ok_or_else(missing)?;
        nogil.check()?;
        holding.check()?;
        return Ok(Part::Rows(vec![
            Row::new("a Cython `with nogil:` loop".into(), false, nogil, e),
            Row::new("the same C loop holding the GIL".into(), true, holding, e),
        ]));
    }
    let run = runtime.found.run.as_ref().ok_or_else(missing)?;
    run.check()?;
    let implementation = runtime.implementation.as_deref().unwrap_or("");
    Ok(match implementation.to_ascii_lowercase().as_str() {
        _ if runtime.is_cpython() => Part::Shown(format!("{label}: {}", run.describe(e.threads))),
        "jython" => Part::Rows(vec![Row::new(label, false, run, e)]),
        "pypy" => Part::Rows(vec![Row::new(label, true, run, e)]),
        _ => Part::Shown(format!("{label}: {}", run.describe(e.threads))),
    })
}

impl ClaimEvidence for ImplementationSpecific {
    type Derived = ImplementationSpecificDerived;

    fn judge(self) -> anyhow::Result<Judgement<ImplementationSpecificDerived>> {
        let e = self;
        e.cpython.run.check()?;
        let possible = parallelism(e.threads, e.cores);
        let mut rows = Vec::new();
        let mut unjudged = Vec::new();
        for runtime in runtimes::ran(&e.runtimes) {
            match part_of(runtime, &e)? {
                Part::Rows(judged) => rows.extend(judged),
                Part::Shown(shown) => unjudged.push(shown),
            }
        }
        let here = format!(
            "CPython {} (part 2): {}",
            e.cpython.version,
            e.cpython.run.describe(e.threads)
        );
        let story = std::iter::once(here)
            .chain(rows.iter().map(|row| row.text.clone()))
            .chain(unjudged.iter().cloned())
            .collect::<Vec<_>>()
            .join("; ");
        let not_compared = runtimes::not_compared(&e.runtimes);
        let tally: Tally = rows.iter().map(Row::finding).collect();
        let unexpected: Vec<&str> = rows
            .iter()
            .filter(|row| row.finding() == Finding::Against)
            .map(|row| row.label.as_str())
            .collect();
        let judgement = if rows.is_empty() {
            Judgement::new(
                Verdict::Skipped,
                format!("{} {story}.", runtimes::nothing_to_compare(&e.runtimes)),
            )
        } else if possible < 2 {
            Judgement::new(
                Verdict::Inconclusive,
                format!(
                    "{story}.{not_compared} {} nothing could run at the same time.",
                    with_threads_on_cores(e.threads, e.cores)
                ),
            )
        } else {
            // Both halves of the claim need a run of their own: threads that ran at once where
            // there is no GIL, and threads that took turns where there is one.
            let shown = |expects_gil: bool| {
                rows.iter().any(|row| {
                    row.expects_gil == expects_gil && row.finding() == Finding::AsClaimed
                })
            };
            let verdict = match tally.verdict() {
                Verdict::Confirmed if !(shown(true) && shown(false)) => Verdict::Inconclusive,
                verdict => verdict,
            };
            let ending = match verdict {
                Verdict::Inconclusive if tally.as_claimed > 0 => format!(
                    "Judged by cores used, not speed: {} of {} did what their GIL, or its \
                     absence, predicts, but no run here shows {}.",
                    tally.as_claimed,
                    plural(rows.len() as u64, "row"),
                    if shown(true) {
                        "threads with no GIL using several cores at once"
                    } else {
                        "threads with a GIL taking turns"
                    }
                ),
                Verdict::Inconclusive => "Other programs kept the cores busy: judged by cores \
                                          used, not speed, no run shows whether a GIL held its \
                                          threads back."
                    .to_owned(),
                Verdict::Confirmed => "Whether threads run Python at once depends on the \
                                       implementation, as cores used shows (CPU time over wall \
                                       time, not speed): threads with no GIL to wait for used \
                                       several cores at once, those with one took turns."
                    .to_owned(),
                Verdict::Refuted => format!(
                    "{} did the opposite of what {}.",
                    unexpected.join(", "),
                    gil_predicts(unexpected.len())
                ),
                _ => format!(
                    "But {} did the opposite of what {}.",
                    unexpected.join(", "),
                    gil_predicts(unexpected.len())
                ),
            };
            Judgement::new(verdict, format!("{story}.{not_compared} {ending}"))
        };
        Ok(judgement.with_derived(ImplementationSpecificDerived {
            ran: runtimes::ran_labels(&e.runtimes),
            rows_as_expected: tally.as_claimed,
            rows_against_expectation: tally.against,
        }))
    }
}
#[cfg(test)]
pub(super) mod tests {
    use super::*;
    use crate::demos::kit::runtimes::testing::{missing, ran, timed_out};
    use crate::demos::testing::{self, judge};
    use serde_json::{json, Value};

    fn comparison(sequential_s: f64, threaded_s: f64, cores_used: f64) -> Value {
        json!({"sequential_s": sequential_s, "sequential_cpu_s": sequential_s,
               "threaded_s": threaded_s, "threaded_cpu_s": threaded_s * cores_used,
               "share_per_thread": 100, "rounds": []})
    }

    /// Where the threads' time went, as shares of their summed lifetimes.
    fn accounted(mut run: Value, running: f64, waiting: f64, blocked: f64) -> Value {
        let lifetime = 2.0 * run["threaded_s"].as_f64().unwrap();
        run["thread_time"] = json!({"lifetime_s": lifetime, "running_s": lifetime * running,
            "waiting_for_core_s": lifetime * waiting, "blocked_s": lifetime * blocked});
        run
    }

    #[test]
    fn classic_build_has_a_gil_free_threaded_does_not() {
        let classic = json!({"implementation": "cpython", "version": "3.11.7",
                             "is_gil_enabled": null, "py_gil_disabled": null});
        let judgement = testing::judged_as::<BuildHasGil>(&classic, Verdict::Confirmed);
        testing::assert_explained("build_has_gil__confirmed", &judgement);
        assert!(judgement.explanation.contains("does not exist"));
        let free = json!({"implementation": "cpython", "version": "3.13.1",
                          "is_gil_enabled": false, "py_gil_disabled": 1});
        let judgement = testing::judged_as::<BuildHasGil>(&free, Verdict::Refuted);
        testing::assert_explained("build_has_gil__refuted", &judgement);
        let reenabled = json!({"implementation": "cpython", "version": "3.13.1",
                               "is_gil_enabled": true, "py_gil_disabled": 1});
        let judgement = testing::judged_as::<BuildHasGil>(&reenabled, Verdict::Nuanced);
        testing::assert_explained("build_has_gil__nuanced", &judgement);
        let classic_313 = json!({"implementation": "cpython", "version": "3.13.1",
                                 "is_gil_enabled": true, "py_gil_disabled": 0});
        testing::judged_as::<BuildHasGil>(&classic_313, Verdict::Confirmed);
    }

    fn cpu(python: Value, control_cores: Option<f64>, threads: u32, cores: u32) -> Value {
        let control = control_cores.map(|cores_used| {
            json!({"workload": "hashlib.sha256", "threaded_s": 0.1, "threaded_cpu_s": 0.1 * cores_used})
        });
        json!({"threads": threads, "cores": cores, "gil_enabled": true, "python": python,
               "parallel_control": control})
    }

    #[test]
    fn python_threads_on_one_core_confirm_when_the_control_used_two() {
        let evidence = cpu(comparison(0.20, 0.21, 1.00), Some(1.9), 2, 2);
        let judgement = testing::judged_as::<CpuThreads>(&evidence, Verdict::Confirmed);
        testing::assert_explained("cpu_threads_serialised__confirmed", &judgement);
        testing::assert_quotes(&judgement.explanation, &["cores used 1.00", "1.90 cores"]);
    }

    #[test]
    fn python_threads_that_slept_were_held_by_the_gil_even_on_a_busy_machine() {
        // Other programs crowded the control out, but the Python threads slept 30% of their time.
        let evidence = cpu(
            accounted(comparison(0.27, 0.22, 1.0), 0.5, 0.2, 0.3),
            Some(0.67),
            2,
            2,
        );
        let judgement = testing::judged_as::<CpuThreads>(&evidence, Verdict::Confirmed);
        assert!(judgement.explanation.contains("30% blocked"));
        assert!(!judgement.explanation.contains("Not for lack of cores"));
        assert!(judgement
            .explanation
            .contains("A speedup of 1.23 with one core busy is noise"));
        assert_eq!(judgement.derived.unwrap().blocked_share, Some(0.3));
    }

    #[test]
    fn busy_machine_without_a_spare_core_is_inconclusive() {
        // Threads that never slept yet used one core: a free-threaded build on a busy machine
        // looks like this, and so might anything else; the run cannot tell.
        let crowded = accounted(comparison(0.20, 0.21, 1.0), 0.5, 0.48, 0.02);
        let judgement = testing::judged_as::<CpuThreads>(
            &cpu(crowded, Some(1.05), 2, 2),
            Verdict::Inconclusive,
        );
        testing::assert_explained("cpu_threads_serialised__inconclusive", &judgement);
        assert!(judgement.explanation.contains("hardly ever slept"));
        let no_control = cpu(comparison(0.20, 0.21, 1.00), None, 2, 2);
        testing::judged_as::<CpuThreads>(&no_control, Verdict::Inconclusive);
    }

    #[test]
    fn free_threaded_build_refutes_serialised_threads() {
        // A free-threaded 3.13t: pure-Python threads on both cores.
        let mut evidence = cpu(comparison(0.20, 0.105, 1.96), Some(1.95), 2, 2);
        evidence["gil_enabled"] = json!(false);
        let judgement = testing::judged_as::<CpuThreads>(&evidence, Verdict::Refuted);
        testing::assert_explained("cpu_threads_serialised__refuted", &judgement);
        assert!(judgement.explanation.contains("no GIL"));
        // Jython: both cores busy, yet slower than one thread.
        let slower = cpu(comparison(0.20, 1.25, 1.98), Some(1.9), 2, 2);
        let judgement = testing::judged_as::<CpuThreads>(&slower, Verdict::Refuted);
        assert!(judgement.explanation.contains("not faster"));
    }

    #[test]
    fn free_threaded_build_crowded_out_is_inconclusive_not_serialised() {
        // A real 3.13t run on a busy machine: one core between the threads, which never slept
        // but waited for a core half their time; hashlib got 1.92 cores moments later.
        let crowded = accounted(comparison(0.219, 0.190, 1.0), 0.71, 0.51, 0.0);
        let mut evidence = cpu(crowded, Some(1.92), 2, 2);
        evidence["gil_enabled"] = json!(false);
        let judgement = testing::judged_as::<CpuThreads>(&evidence, Verdict::Inconclusive);
        testing::assert_quotes(
            &judgement.explanation,
            &[
                "cores used 1.00",
                "51% waiting for a core, 0% blocked",
                "hardly ever slept",
                "(no GIL)",
                "got 1.92 cores",
            ],
        );
        assert!(!judgement.explanation.contains("took turns"));
        // The same numbers with a GIL: the threads did not sleep, so the GIL did not hold them.
        evidence["gil_enabled"] = json!(true);
        testing::judged_as::<CpuThreads>(&evidence, Verdict::Inconclusive);
    }

    #[test]
    fn free_threaded_build_whose_threads_slept_blames_no_gil() {
        let locked = accounted(comparison(0.20, 0.21, 1.0), 0.5, 0.0, 0.5);
        let mut evidence = cpu(locked, Some(1.9), 2, 2);
        evidence["gil_enabled"] = json!(false);
        let judgement = testing::judged_as::<CpuThreads>(&evidence, Verdict::Inconclusive);
        assert!(judgement.explanation.contains("runs without a GIL"));
        assert!(!judgement.explanation.contains("held the GIL"));
        // Without the scheduler's account, one core on a build without a GIL shows nothing.
        let mut unexplained = cpu(comparison(0.20, 0.21, 1.0), Some(1.9), 2, 2);
        unexplained["gil_enabled"] = json!(false);
        testing::judged_as::<CpuThreads>(&unexplained, Verdict::Inconclusive);
    }

    #[test]
    fn cores_used_between_one_and_two_is_too_close_to_call() {
        let evidence = cpu(comparison(0.20, 0.15, 1.3), Some(1.9), 2, 2);
        testing::judged_as::<CpuThreads>(&evidence, Verdict::Inconclusive);
    }

    #[test]
    fn one_thread_or_one_core_cannot_show_anything() {
        let one_core = cpu(comparison(0.20, 0.21, 1.0), Some(1.0), 4, 1);
        testing::judged_as::<CpuThreads>(&one_core, Verdict::Inconclusive);
    }

    #[test]
    fn broken_timings_are_an_error_not_a_verdict() {
        let evidence = cpu(comparison(0.20, 0.0, 1.0), Some(1.9), 2, 2);
        assert!(judge::<CpuThreads>(&evidence).is_err());
    }

    fn native(burn: Value, hashlib: Value) -> Value {
        json!({"threads": 2, "cores": 2, "burn": burn, "hashlib": hashlib})
    }

    #[test]
    fn native_work_on_two_cores_is_confirmed() {
        let evidence = native(
            accounted(comparison(0.2, 0.101, 1.97), 0.99, 0.01, 0.0),
            comparison(0.2, 0.106, 1.9),
        );
        let judgement = testing::judged_as::<NativeCode>(&evidence, Verdict::Confirmed);
        testing::assert_explained("released_by_native_code__confirmed", &judgement);
        assert!(judgement.explanation.contains("on 2 cores at once"));
        let derived = judgement.derived.unwrap();
        assert!(derived.burn_cores_used.unwrap() > 1.9);
        assert_eq!(derived.burn_blocked_share, Some(0.0));
        assert_eq!(derived.hashlib_blocked_share, None);
    }

    #[test]
    fn native_work_without_a_gil_has_nothing_to_release() {
        // 3.13t standalone: no host, hashlib on 2 cores, and no GIL in the process.
        let mut evidence = native(
            json!({"skipped": "_pyconcepts.burn exists only inside the host"}),
            accounted(comparison(0.202, 0.102, 1.92), 0.99, 0.02, 0.0),
        );
        evidence["gil_enabled"] = json!(false);
        let judgement = testing::judged_as::<NativeCode>(&evidence, Verdict::Confirmed);
        testing::assert_quotes(
            &judgement.explanation,
            &[
                "cores used 1.92",
                "runs without a GIL, so there was none to release",
            ],
        );
        assert!(!judgement
            .explanation
            .contains("take turns for Python bytecode"));
    }

    #[test]
    fn skipped_burn_leaves_hashlib_to_judge() {
        let evidence = native(
            json!({"skipped": "_pyconcepts.burn exists only inside the host"}),
            comparison(0.2, 0.106, 1.9),
        );
        let judgement = testing::judged_as::<NativeCode>(&evidence, Verdict::Confirmed);
        assert!(judgement.explanation.contains("burn (Rust) skipped"));
        let derived = judgement.derived.unwrap();
        assert_eq!(derived.burn_speedup, None);
        assert!(derived.hashlib_speedup.is_some());
    }

    #[test]
    fn native_code_keeping_the_gil_is_refuted_or_nuanced() {
        let held = |run| accounted(run, 0.5, 0.0, 0.5);
        let both_serial = native(
            held(comparison(0.2, 0.2, 1.0)),
            held(comparison(0.2, 0.2, 1.0)),
        );
        let judgement = testing::judged_as::<NativeCode>(&both_serial, Verdict::Refuted);
        testing::assert_explained("released_by_native_code__refuted", &judgement);
        let mixed = native(
            comparison(0.2, 0.101, 1.97),
            held(comparison(0.2, 0.2, 1.0)),
        );
        let judgement = testing::judged_as::<NativeCode>(&mixed, Verdict::Nuanced);
        testing::assert_explained("released_by_native_code__nuanced", &judgement);
    }

    #[test]
    fn a_busy_machine_slows_native_work_but_does_not_refute_it() {
        // Other programs held the cores: the threads waited for one instead of sleeping.
        let crowded = |run| accounted(run, 0.49, 0.49, 0.02);
        let one_crowded = native(
            crowded(comparison(0.2, 0.2, 1.0)),
            comparison(0.2, 0.106, 1.9),
        );
        let judgement = testing::judged_as::<NativeCode>(&one_crowded, Verdict::Confirmed);
        testing::assert_quotes(
            &judgement.explanation,
            &[
                "49% waiting for a core, 2% blocked",
                "other programs held them",
            ],
        );
        let both_crowded = native(
            crowded(comparison(0.2, 0.2, 1.0)),
            crowded(comparison(0.36, 0.30, 0.67)),
        );
        testing::judged_as::<NativeCode>(&both_crowded, Verdict::Confirmed);
        // Without the scheduler's account, one core used proves nothing either way.
        let unexplained = native(comparison(0.2, 0.2, 1.0), comparison(0.2, 0.2, 1.0));
        let judgement = testing::judged_as::<NativeCode>(&unexplained, Verdict::Inconclusive);
        testing::assert_explained("released_by_native_code__inconclusive", &judgement);
    }

    #[test]
    fn busy_cores_without_a_speedup_are_not_parallel() {
        let no_gain = native(comparison(0.2, 0.19, 1.9), comparison(0.2, 0.106, 1.9));
        testing::judged_as::<NativeCode>(&no_gain, Verdict::Inconclusive);
    }

    #[test]
    fn io_waits_overlap_or_not() {
        let overlap =
            json!({"threads": 8, "wait_s": 0.05, "sequential_s": 0.40, "threaded_s": 0.052});
        let judgement = testing::judged_as::<IoThreads>(&overlap, Verdict::Confirmed);
        testing::assert_explained("io_threads_overlap__confirmed", &judgement);
        assert!(judgement.explanation.contains("speedup 7.7"));
        let serial =
            json!({"threads": 8, "wait_s": 0.05, "sequential_s": 0.40, "threaded_s": 0.40});
        let judgement = testing::judged_as::<IoThreads>(&serial, Verdict::Refuted);
        testing::assert_explained("io_threads_overlap__refuted", &judgement);
        let partial =
            json!({"threads": 8, "wait_s": 0.05, "sequential_s": 0.40, "threaded_s": 0.2});
        let judgement = testing::judged_as::<IoThreads>(&partial, Verdict::Inconclusive);
        testing::assert_explained("io_threads_overlap__inconclusive", &judgement);
    }

    /// Two threads' list and dict, intact, with `interleavings` neighbours from different
    /// threads; a classic build's skipped lock watch.
    fn filled(interleavings: u64) -> Value {
        json!({"threads": 2, "items_per_thread": 100_000, "switch_interval_s": 1e-6,
               "list_length": 200_000, "list_missing": 0, "list_unexpected": 0,
               "list_out_of_order": 0, "list_interleavings": interleavings,
               "dict_length": 200_000, "dict_wrong": 0, "errors": []})
    }

    fn race(unlocked_lost: i64, locked_lost: i64, plain_lost: i64) -> Value {
        let result = |lost: i64| {
            json!({"expected": 400_000, "observed": 400_000 - lost,
                                         "lost_updates": lost, "seconds": 0.1})
        };
        let mut plain = result(plain_lost);
        plain["bytecode"] = json!(["LOAD_FAST", "LOAD_ATTR", "BINARY_OP", "STORE_ATTR"]);
        json!({"threads": 2, "increments_per_thread": 200_000, "switch_interval_s": 1e-6,
               "unlocked": result(unlocked_lost), "locked": result(locked_lost),
               "plain_increment": plain, "built_ins": filled(163),
               "object_locks": {"skipped": "this build has no per-object locks: \
                                            Py_GIL_DISABLED is None"},
               "gil_enabled": true})
    }

    /// What 3.13t showed: each object's lock byte taken during the operation that read it.
    fn watched_locks(during: u64) -> Value {
        let lock = json!({"before": 0, "during": during, "after": 0});
        json!({"offset": 10, "list_sort": lock, "dict_insert": lock})
    }

    #[test]
    fn intact_objects_but_lost_updates_nuance_thread_safety() {
        let judgement = testing::judged_as::<ThreadSafety>(&race(93_464, 0, 0), Verdict::Nuanced);
        testing::assert_explained("makes_code_thread_safe__nuanced", &judgement);
        testing::assert_quotes(
            &judgement.explanation,
            &[
                "the list ended with 200000 items of 200000 (0 missing, 0 doubled or unknown, 0 out \
                 of their thread's order; neighbours from different threads 163 times)",
                "the dict with 200000 keys (0 missing or wrong), and no thread raised",
                "no lock in the objects themselves (this build has no per-object locks",
                "the GIL is what kept them consistent",
                "93464 updates lost (23%)",
                "(LOAD_FAST LOAD_ATTR BINARY_OP STORE_ATTR), which has no call between its read and \
                 its write, lost 0 of 400000 in this run",
            ],
        );
        // Nothing the evidence does not show: no word on where versions switch threads.
        assert!(!judgement.explanation.contains("3.10"));
        assert_eq!(judgement.derived.unwrap().built_ins_intact, Some(true));
        let plain_loses_too =
            testing::judged_as::<ThreadSafety>(&race(93_464, 0, 120), Verdict::Nuanced);
        assert!(plain_loses_too.explanation.contains("lost 120 of 400000"));
    }

    #[test]
    fn corrupted_objects_refute_thread_safety() {
        let mut broken = race(93_464, 0, 0);
        broken["built_ins"]["list_length"] = json!(199_998);
        broken["built_ins"]["list_missing"] = json!(2);
        broken["built_ins"]["errors"] = json!(["IndexError: list index out of range"]);
        let judgement = testing::judged_as::<ThreadSafety>(&broken, Verdict::Refuted);
        testing::assert_explained("makes_code_thread_safe__refuted", &judgement);
        testing::assert_quotes(
            &judgement.explanation,
            &[
                "the list held 199998 items, 2 appended items missing from the list",
                "the threads raised IndexError: list index out of range",
                "Not even the interpreter's own objects stayed consistent",
            ],
        );
        assert_eq!(judgement.derived.unwrap().built_ins_intact, Some(false));
    }

    #[test]
    fn without_a_gil_per_object_locks_keep_the_objects_intact() {
        let mut free = race(93_464, 0, 0);
        free["gil_enabled"] = json!(false);
        free["object_locks"] = watched_locks(1);
        let judgement = testing::judged_as::<ThreadSafety>(&free, Verdict::Nuanced);
        testing::assert_explained(
            "makes_code_thread_safe__nuanced__per_object_locks",
            &judgement,
        );
        testing::assert_quotes(
            &judgement.explanation,
            &[
                "This process ran without a GIL, and the objects came out intact all the same",
                "(offset 10, ob_mutex) read, for the list, 0 before, 1 during, 0 after a list.sort",
                "per-object locking, not a GIL, keeps the built-in objects consistent",
                "luck of the timing",
            ],
        );
        assert!(!judgement.explanation.contains("the GIL is what kept"));
        // Locks not seen held: the run says nothing about what protected the objects.
        free["object_locks"] = watched_locks(0);
        let judgement = testing::judged_as::<ThreadSafety>(&free, Verdict::Nuanced);
        assert!(judgement.explanation.contains("this run did not observe"));
        assert!(!judgement.explanation.contains("per-object locking, not"));
    }

    #[test]
    fn no_lost_update_proves_nothing_and_a_leaky_lock_means_a_broken_experiment() {
        let quiet = testing::judged_as::<ThreadSafety>(&race(0, 0, 0), Verdict::Inconclusive);
        testing::assert_explained("makes_code_thread_safe__inconclusive", &quiet);
        assert!(quiet.explanation.contains("no proof of safety"));
        let leaky = testing::judged_as::<ThreadSafety>(&race(1000, 5, 0), Verdict::Inconclusive);
        assert!(leaky.explanation.contains("broken"));
    }

    #[test]
    fn objects_the_threads_hardly_raced_over_or_never_filled_show_half_the_claim() {
        let mut calm = race(93_464, 0, 0);
        calm["built_ins"] = filled(1);
        let judgement = testing::judged_as::<ThreadSafety>(&calm, Verdict::Inconclusive);
        assert!(judgement
            .explanation
            .contains("neighbours from different threads 1 time only"));
        let mut before_the_check = race(93_464, 0, 0);
        before_the_check
            .as_object_mut()
            .unwrap()
            .remove("built_ins");
        let judgement =
            testing::judged_as::<ThreadSafety>(&before_the_check, Verdict::Inconclusive);
        assert!(judgement.explanation.contains("shows only half the claim"));
        assert_eq!(judgement.derived.unwrap().built_ins_intact, None);
    }

    fn latency(idle: f64, loaded_default: f64, loaded_small: f64) -> Value {
        let at = |p50: f64| json!({"p50_ms": p50, "p99_ms": p50 * 1.2, "samples": 50});
        json!({"nap_ms": 1.0, "default_interval_ms": 5.0, "small_interval_ms": 0.5,
               "idle": at(idle), "loaded_default": at(loaded_default),
               "loaded_small": at(loaded_small)})
    }

    #[test]
    fn convoy_effect_follows_the_latencies() {
        let measured =
            testing::judged_as::<SwitchLatency>(&latency(0.08, 5.21, 0.70), Verdict::Confirmed);
        testing::assert_explained("switch_interval_latency__confirmed", &measured);
        assert!(measured.explanation.contains("5.21 ms"));
        // A free-threaded build: nobody waits for a lock.
        let free_threaded =
            testing::judged_as::<SwitchLatency>(&latency(0.08, 0.10, 0.09), Verdict::Refuted);
        testing::assert_explained("switch_interval_latency__refuted", &free_threaded);
        let stubborn =
            testing::judged_as::<SwitchLatency>(&latency(0.08, 5.2, 5.0), Verdict::Nuanced);
        testing::assert_explained("switch_interval_latency__nuanced", &stubborn);
        let noisy =
            testing::judged_as::<SwitchLatency>(&latency(0.08, 1.2, 0.7), Verdict::Inconclusive);
        testing::assert_explained("switch_interval_latency__inconclusive", &noisy);
    }

    const SPACING_NS: u64 = 100_000;

    /// Threads that take turns of `per_turn` chunks, one at a time, marks `SPACING_NS` apart:
    /// what a GIL handed over every 5 ms gives at `per_turn` 50, and the article's model (each
    /// thread to its end, then the next) at `per_turn` = `chunks`.
    pub(in crate::demos::gil) fn taking_turns(
        threads: usize,
        chunks: usize,
        per_turn: usize,
    ) -> Vec<Vec<u64>> {
        let mut marks = vec![Vec::new(); threads];
        let mut now = 0;
        while marks.iter().any(|own: &Vec<u64>| own.len() < chunks + 1) {
            for own in marks.iter_mut().filter(|own| own.len() < chunks + 1) {
                if own.is_empty() {
                    own.push(now);
                }
                for _ in 0..per_turn.min(chunks + 1 - own.len()) {
                    now += SPACING_NS;
                    own.push(now);
                }
            }
        }
        marks
    }

    /// Threads all at work at once, each offset by a fraction of a chunk: a free-threaded build
    /// with a core each.
    pub(in crate::demos::gil) fn at_once(threads: usize, chunks: usize) -> Vec<Vec<u64>> {
        (0..threads as u64)
            .map(|thread| {
                (0..=chunks as u64)
                    .map(|k| k * SPACING_NS + thread * SPACING_NS / threads as u64)
                    .collect()
            })
            .collect()
    }

    fn handover(marks: Vec<Vec<u64>>, gil_enabled: bool, waiting: f64) -> Value {
        let lifetime = 0.4;
        json!({"threads": marks.len(), "cores": 2, "gil_enabled": gil_enabled,
               "switch_interval_s": 0.005, "chunks_per_thread": marks[0].len() - 1,
               "loops_per_chunk": 900, "marks_ns": marks,
               "thread_time": {"lifetime_s": lifetime, "running_s": lifetime * (0.5 - waiting),
                               "waiting_for_core_s": lifetime * waiting,
                               "blocked_s": lifetime * 0.5},
               "recording": {"chunks": 50, "with_marks_s": 0.00402, "without_marks_s": 0.004,
                             "rounds": 15}})
    }

    #[test]
    fn a_timeline_counts_turns_and_their_length() {
        // A GIL handed over every 50 chunks (5 ms): 40 turns, 39 changes, the first thread done
        // in its 20th turn, with one change of the 39 after that.
        let turns = Timeline::of(&taking_turns(2, 1000, 50)).unwrap();
        assert_eq!(turns.hand_offs, 39);
        assert_eq!(turns.hand_offs_before_first_finish, 38);
        assert_eq!(turns.first_finisher, (0, 0, 195_000_000));
        assert_eq!(turns.median_turn_ns(), Some(5e6));
        assert_eq!(turns.mark_spacing_ns, SPACING_NS as f64);
        assert_eq!(turns.overlap_share, 0.0);
        // The article's model: one thread to its end, then the other; its one change is the
        // hand-over at the end.
        let article = Timeline::of(&taking_turns(2, 1000, 1000)).unwrap();
        assert_eq!(article.hand_offs, 1);
        assert_eq!(article.hand_offs_before_first_finish, 0);
        assert_eq!(article.median_turn_ns(), Some(100e6));
        // At once: the marks interleave, every change half a spacing apart, all of it overlap.
        let overlapping = Timeline::of(&at_once(2, 1000)).unwrap();
        assert_eq!(overlapping.hand_offs, 2001);
        assert_eq!(overlapping.median_turn_ns(), Some(50_000.0));
        assert!(overlapping.overlap_share > 0.99, "{overlapping:?}");
        // Three threads in turn.
        let three = Timeline::of(&taking_turns(3, 300, 50)).unwrap();
        assert_eq!(three.hand_offs, 17);
        assert_eq!(three.hand_offs_before_first_finish, 15);
    }

    #[test]
    fn a_thread_is_at_work_where_its_marks_come_close_together() {
        // Two turns of 3 marks, 5 ms apart: two stretches, the gap between them left out.
        let marks = [0, 100, 200, 300, 5_300, 5_400, 5_500];
        assert_eq!(at_work(&marks), [(0, 300), (5_300, 5_500)]);
        // Marks that go back say nothing for that pair; one mark, nothing at all.
        assert_eq!(at_work(&[0, 100, 50, 150, 250]), [(0, 100), (50, 250)]);
        assert!(at_work(&[7]).is_empty());
        assert!(at_work(&[]).is_empty());
    }

    #[test]
    fn native_threads_marks_say_how_much_their_progress_overlapped() {
        let marked = |marks: Vec<Vec<u64>>| {
            let mut run = comparison(0.2, 0.1, 2.0);
            run["marks_ns"] = json!(marks);
            run["recording"] = json!({"chunks": 2, "with_marks_s": 0.00202,
                                      "without_marks_s": 0.002, "rounds": 7});
            run
        };
        let judged = testing::judged_as::<NativeCode>(
            &native(marked(at_once(2, 100)), marked(taking_turns(2, 100, 10))),
            Verdict::Confirmed,
        );
        let derived = judged.derived.unwrap();
        assert!(derived.burn_overlap_share.unwrap() > 0.99, "{derived:?}");
        assert_eq!(derived.hashlib_overlap_share, Some(0.0));
        let cost = derived.burn_recording_cost_percent.unwrap();
        assert!((cost - 1.0).abs() < 1e-9, "{cost}");
        assert!(
            judged
                .explanation
                .contains("the threads' progress marks overlapped 100% of the time"),
            "{}",
            judged.explanation
        );
        // Marks that go back in time draw nothing and derive nothing; the verdict stands.
        let judged = testing::judged_as::<NativeCode>(
            &native(
                marked(vec![vec![0, 5, 3], vec![0, 5]]),
                json!({"skipped": "no hashlib"}),
            ),
            Verdict::Confirmed,
        );
        assert_eq!(judged.derived.unwrap().burn_overlap_share, None);
    }

    #[test]
    fn a_timeline_refuses_marks_that_go_back_in_time_or_say_nothing() {
        let err = Timeline::of(&[vec![0, 5, 3]]).unwrap_err();
        assert!(
            err.to_string().contains("go back in time at mark 2"),
            "{err}"
        );
        let err = Timeline::of(&[vec![0, 5], vec![7]]).unwrap_err();
        assert!(
            err.to_string().contains("thread 2 left 1 progress mark"),
            "{err}"
        );
        assert!(Timeline::of(&[]).is_err());
    }

    #[test]
    fn turns_of_a_switch_interval_long_before_the_end_refute_the_article() {
        let judgement = testing::judged_as::<HandedOver>(
            &handover(taking_turns(2, 1000, 50), true, 0.0),
            Verdict::Refuted,
        );
        testing::assert_explained("handed_over_when_thread_finishes__refuted", &judgement);
        testing::assert_quotes(
            &judgement.explanation,
            &[
                "Thread 1 finished first, at 195.00 ms, the last at 200.00 ms",
                "changed 38 times before the first finished, 39 in all",
                "sys.getswitchinterval() is 5 ms",
                "The median turn lasted 5.00 ms (1.0 switch intervals; marks 0.100 ms apart)",
                "about one switch interval each",
                "the marks cost 0.5% more time: 50 chunks took 4.020 ms with them, 4.000 ms without",
            ],
        );
        let derived = judgement.derived.unwrap();
        assert_eq!(derived.hand_offs_before_first_finish, 38);
        assert_eq!(derived.median_turn_ms, Some(5.0));
        // Stretched turns on a busy machine are still turns: refuted, without "about".
        let judgement = testing::judged_as::<HandedOver>(
            &handover(taking_turns(2, 1000, 150), true, 0.3),
            Verdict::Refuted,
        );
        assert!(judgement
            .explanation
            .contains("longer than the switch interval, while other programs"));
    }

    #[test]
    fn one_thread_to_its_end_then_the_next_confirms_the_article() {
        let article = taking_turns(2, 1000, 1000);
        let judgement = testing::judged_as::<HandedOver>(
            &handover(article.clone(), true, 0.0),
            Verdict::Confirmed,
        );
        testing::assert_explained("handed_over_when_thread_finishes__confirmed", &judgement);
        assert!(judgement
            .explanation
            .contains("Thread 1 ran alone for 20.0 switch intervals"));
        // The same picture while the threads waited for a core, or with nobody to say whether
        // they did: a busy machine can starve a thread too.
        let crowded = testing::judged_as::<HandedOver>(
            &handover(article.clone(), true, 0.3),
            Verdict::Inconclusive,
        );
        testing::assert_explained("handed_over_when_thread_finishes__inconclusive", &crowded);
        let mut unknown = handover(article.clone(), true, 0.0);
        unknown["thread_time"] = Value::Null;
        testing::judged_as::<HandedOver>(&unknown, Verdict::Inconclusive);
        // Without a GIL, no GIL was kept to the end, whatever held the other thread back.
        let no_gil =
            testing::judged_as::<HandedOver>(&handover(article, false, 0.0), Verdict::Inconclusive);
        assert!(no_gil.explanation.contains("it was not a GIL"));
        // Work shorter than a few switch intervals could not have lost a turn.
        let short = testing::judged_as::<HandedOver>(
            &handover(taking_turns(2, 100, 100), true, 0.0),
            Verdict::Inconclusive,
        );
        assert!(short.explanation.contains("too short to have lost a turn"));
    }

    #[test]
    fn threads_at_once_without_a_gil_hand_nothing_over() {
        let judgement = testing::judged_as::<HandedOver>(
            &handover(at_once(2, 1000), false, 0.0),
            Verdict::Refuted,
        );
        testing::assert_explained(
            "handed_over_when_thread_finishes__refuted__no_gil",
            &judgement,
        );
        testing::assert_quotes(
            &judgement.explanation,
            &[
                "progress overlapped 100% of the time",
                "no lock to hand over",
            ],
        );
        // Without a GIL but sharing one core: turns, blamed on the machine, not a GIL.
        let shared = testing::judged_as::<HandedOver>(
            &handover(taking_turns(2, 1000, 35), false, 0.4),
            Verdict::Refuted,
        );
        assert!(shared
            .explanation
            .contains("other programs left them fewer cores than threads"));
        // The same overlap with the GIL on contradicts the build.
        testing::judged_as::<HandedOver>(
            &handover(at_once(2, 1000), true, 0.0),
            Verdict::Inconclusive,
        );
    }

    #[test]
    fn few_changes_or_one_thread_show_nothing() {
        // Two turns each: two changes before the first finished.
        let few = testing::judged_as::<HandedOver>(
            &handover(taking_turns(2, 1000, 500), true, 0.0),
            Verdict::Inconclusive,
        );
        assert!(few.explanation.contains("too few"));
        let alone = testing::judged_as::<HandedOver>(
            &handover(taking_turns(1, 1000, 50), true, 0.0),
            Verdict::Inconclusive,
        );
        assert!(alone.explanation.contains("nobody to hand the GIL to"));
        let mut mismatched = handover(taking_turns(2, 1000, 50), true, 0.0);
        mismatched["threads"] = json!(3);
        assert!(judge::<HandedOver>(&mismatched).is_err());
    }

    /// A runtime's part 2 as the snippet reports it.
    fn runtime_run(name: &str, implementation: &str, version: &str, mut run: Value) -> Value {
        run["implementation"] = json!(implementation);
        run["version"] = json!(version);
        run["threads"] = json!(2);
        ran(name, run)
    }

    fn jython_threads(cores_used: f64, running: f64, waiting: f64, blocked: f64) -> Value {
        let run = accounted(
            comparison(0.20, 0.20 / cores_used, cores_used),
            running,
            waiting,
            blocked,
        );
        runtime_run("jython", "Jython", "2.7.3", run)
    }

    fn pypy_threads(cores_used: f64, blocked: f64) -> Value {
        let run = accounted(
            comparison(0.20, 0.21, cores_used),
            1.0 - blocked,
            0.0,
            blocked,
        );
        runtime_run("pypy3", "PyPy", "7.3.11", run)
    }

    fn cython_threads(nogil_cores: f64, holding_blocked: f64) -> Value {
        json!({"name": "cython", "status": "ran", "version": "3.3.1", "build_seconds": 1.5,
               "nogil": accounted(comparison(0.22, 0.22 / nogil_cores, nogil_cores), 0.97, 0.01, 0.02),
               "holding_gil": accounted(comparison(0.20, 0.20, 1.0), 1.0 - holding_blocked, 0.0,
                                        holding_blocked)})
    }

    fn specific(runtimes: Vec<Value>) -> Value {
        let mut here = accounted(comparison(0.194, 0.181, 1.0), 0.55, 0.0, 0.45);
        here["implementation"] = json!("cpython");
        here["version"] = json!("3.11.7");
        json!({"threads": 2, "cores": 2, "cpython": here, "runtimes": runtimes,
               "temp_dir": "/tmp/pyconcepts-cython-x", "temp_dir_removed": true, "seconds": 9.5})
    }

    #[test]
    fn gil_per_implementation_confirmed_by_jython_pypy_and_cython() {
        let evidence = specific(vec![
            pypy_threads(1.05, 0.45),
            jython_threads(1.86, 0.97, 0.01, 0.02),
            cython_threads(1.97, 0.32),
        ]);
        let judgement = testing::judged_as::<ImplementationSpecific>(&evidence, Verdict::Confirmed);
        testing::assert_explained("implementation_specific__confirmed", &judgement);
        testing::assert_quotes(
            &judgement.explanation,
            &[
                "CPython 3.11.7 (part 2): in turn 0.194 s, on 2 threads 0.181 s",
                "PyPy 7.3.11: in turn 0.200 s, on 2 threads 0.210 s: speedup 0.95, cores used 1.05",
                "Jython 2.7.3: in turn 0.200 s, on 2 threads 0.108 s: speedup 1.86, cores used 1.86",
                "a Cython `with nogil:` loop: in turn 0.220 s",
                "the same C loop holding the GIL",
            ],
        );
        let derived = judgement.derived.unwrap();
        assert_eq!(derived.ran, ["PyPy 7.3.11", "Jython 2.7.3", "Cython 3.3.1"]);
        assert_eq!(derived.rows_as_expected, 4);
        assert_eq!(derived.rows_against_expectation, 0);
    }

    #[test]
    fn a_loop_that_never_lets_go_of_the_gil_took_turns_even_without_sleeping() {
        // Its second thread starts counting only once the first let go: never "blocked", but
        // one core busy while the other stood free.
        let never_released = cython_threads(1.95, 0.0);
        let judgement = testing::judged_as::<ImplementationSpecific>(
            &specific(vec![never_released]),
            Verdict::Confirmed,
        );
        assert_eq!(judgement.derived.unwrap().rows_as_expected, 2);
        // Crowded by other programs instead, the same numbers say nothing.
        let mut crowded = cython_threads(1.95, 0.0);
        crowded["holding_gil"] = accounted(comparison(0.2, 0.2, 1.0), 0.6, 0.4, 0.0);
        let judgement = judge::<ImplementationSpecific>(&specific(vec![crowded])).unwrap();
        assert_eq!(judgement.derived.unwrap().rows_as_expected, 1);
    }

    #[test]
    fn gil_per_implementation_crowded_jython_that_never_slept_is_inconclusive() {
        // A busy machine: Jython's threads got one core between them but never slept. That
        // shows no lock, but not threads running at once: the claim is not shown either way,
        // and the explanation says cores used decided it, not Jython's speedup.
        let evidence = specific(vec![
            missing("pypy3", "apt-get install pypy3"),
            jython_threads(0.98, 0.54, 0.44, 0.02),
        ]);
        let judgement =
            testing::judged_as::<ImplementationSpecific>(&evidence, Verdict::Inconclusive);
        testing::assert_explained("implementation_specific__inconclusive", &judgement);
        testing::assert_quotes(
            &judgement.explanation,
            &[
                "Not compared: pypy3 is missing",
                "never slept, yet cores used 0.98",
                "judged by cores used, not speed",
            ],
        );
        // The same Jython beside Cython's two loops: those show both halves.
        let mut evidence = specific(vec![jython_threads(0.98, 0.54, 0.44, 0.02)]);
        evidence["runtimes"]
            .as_array_mut()
            .unwrap()
            .push(cython_threads(1.95, 0.45));
        testing::judged_as::<ImplementationSpecific>(&evidence, Verdict::Confirmed);
        let crowded = accounted(comparison(0.30, 0.38, 0.67), 0.34, 0.60, 0.06);
        let crowded_pypy = specific(vec![runtime_run("pypy3", "PyPy", "7.3.11", crowded)]);
        testing::judged_as::<ImplementationSpecific>(&crowded_pypy, Verdict::Inconclusive);
    }

    #[test]
    fn gil_per_implementation_skipped_when_no_other_implementation_ran() {
        let evidence = specific(vec![
            missing("pypy3", "apt-get install pypy3"),
            timed_out("jython"),
            json!({"name": "cython", "status": "missing",
                   "install": "python3 -m pip install cython",
                   "reason": "/usr/bin/python3.11 has no Cython package"}),
            runtime_run(
                "python3.10",
                "CPython",
                "3.10.12",
                accounted(comparison(0.2, 0.2, 1.0), 0.5, 0.0, 0.5),
            ),
        ]);
        let judgement = testing::judged_as::<ImplementationSpecific>(&evidence, Verdict::Skipped);
        testing::assert_explained("implementation_specific__skipped", &judgement);
        testing::assert_quotes(
            &judgement.explanation,
            &[
                "install it with `apt-get install pypy3`",
                "jython gave no result (killed after its 1 s timeout)",
                "install it with `python3 -m pip install cython`",
                "CPython 3.10.12: in turn",
            ],
        );
    }

    #[test]
    fn gil_per_implementation_refuted_or_nuanced_against_expectations() {
        // An imaginary Jython with a lock that serialises its threads.
        let locked_jython = jython_threads(1.0, 0.5, 0.0, 0.5);
        let judgement = testing::judged_as::<ImplementationSpecific>(
            &specific(vec![locked_jython.clone()]),
            Verdict::Refuted,
        );
        testing::assert_explained("implementation_specific__refuted", &judgement);
        assert!(judgement
            .explanation
            .contains("Jython 2.7.3 did the opposite"));
        // A PyPy without a GIL beside it: one row each way.
        let free_pypy = pypy_threads(1.9, 0.01);
        let mixed = specific(vec![free_pypy, jython_threads(1.86, 0.97, 0.01, 0.02)]);
        let judgement = testing::judged_as::<ImplementationSpecific>(&mixed, Verdict::Nuanced);
        testing::assert_explained("implementation_specific__nuanced", &judgement);
        assert!(judgement
            .explanation
            .contains("But PyPy 7.3.11 did the opposite"));
        // A JVM's safepoints (a few % asleep) on a busy machine are not a GIL: that run is unclear.
        let safepoints = accounted(comparison(0.20, 0.20 / 1.15, 1.15), 0.58, 0.34, 0.08);
        let safepoints = specific(vec![runtime_run("jython", "Jython", "2.7.3", safepoints)]);
        testing::judged_as::<ImplementationSpecific>(&safepoints, Verdict::Inconclusive);
    }

    #[test]
    fn gil_per_implementation_needs_two_cores_and_timings() {
        let mut one_core = specific(vec![jython_threads(1.0, 0.97, 0.01, 0.02)]);
        one_core["cores"] = json!(1);
        testing::judged_as::<ImplementationSpecific>(&one_core, Verdict::Inconclusive);
        let no_timings = specific(vec![json!({"name": "jython", "status": "ran",
                                              "implementation": "Jython", "version": "2.7.3"})]);
        let err = judge::<ImplementationSpecific>(&no_timings).unwrap_err();
        assert!(
            err.to_string().contains("jython ran but left no timings"),
            "{err}"
        );
    }

    const GIL_WARNING: &str = "RuntimeWarning: The global interpreter lock (GIL) has been \
        enabled to load module 'undeclared', which has not declared that it can run safely \
        without the GIL. To override this behavior and keep the GIL disabled (at your own risk), \
        run with PYTHON_GIL=0 or -Xgil=0.";

    fn child(module: &str, python_gil: Option<&str>, gil_after: bool, after: Value) -> Value {
        json!({"module": module, "python_gil": python_gil, "gil_before": false,
               "gil_after": gil_after,
               "warnings": if gil_after { vec![GIL_WARNING] } else { vec![] },
               "before": null, "after": after})
    }

    /// What a free-threaded 3.13t showed: the GIL on after `undeclared`, off with PYTHON_GIL=0
    /// and after `declared`; `cores` the cores used before and after the first import.
    fn reentry(cores: (f64, f64)) -> Value {
        let mut undeclared = child("undeclared", None, true, comparison(0.110, 0.142, cores.1));
        undeclared["before"] = comparison(0.146, 0.075, cores.0);
        json!({"threads": 2, "cores": 2, "compiler": "gcc",
               "include_dir": "/opt/python3.13t/include/python3.13t", "build_seconds": 0.12,
               "undeclared": undeclared,
               "undeclared_python_gil_0": child("undeclared", Some("0"), false,
                                                comparison(0.105, 0.070, 1.77)),
               "declared": child("declared", None, false, comparison(0.101, 0.079, 1.60)),
               "temp_dir": "/tmp/pyconcepts-gil-x", "temp_dir_removed": true, "seconds": 1.4})
    }

    #[test]
    fn an_undeclared_extension_turns_the_gil_back_on() {
        let judgement =
            testing::judged_as::<ExtensionReenablesGil>(&reentry((1.79, 1.0)), Verdict::Confirmed);
        testing::assert_explained("extension_reenables_gil__confirmed", &judgement);
        testing::assert_quotes(
            &judgement.explanation,
            &[
                "turned sys._is_gil_enabled() from false to true, with \"RuntimeWarning: The global \
                 interpreter lock (GIL) has been enabled to load module 'undeclared', which has not \
                 declared that it can run safely without the GIL\";",
                "with PYTHON_GIL=0 the same import went false → false",
                "importing `declared` (Py_mod_gil = Py_MOD_GIL_NOT_USED) went false → false",
                "fell back from 1.79 cores to 1.00",
                "temporary directory removed: yes",
            ],
        );
        let derived = judgement.derived.unwrap();
        assert!((derived.cores_used_before.unwrap() - 1.79).abs() < 1e-9);
        assert!((derived.cores_used_with_python_gil_0 - 1.77).abs() < 1e-9);
    }

    #[test]
    fn the_gil_back_on_a_busy_machine_is_shown_by_the_flag_alone() {
        let judgement =
            testing::judged_as::<ExtensionReenablesGil>(&reentry((1.0, 1.0)), Verdict::Confirmed);
        assert!(judgement
            .explanation
            .contains("only 1.00 before it too: other programs had the cores"));
        // The flag on, yet the threads on both cores: the timings contradict it.
        let contradicted = testing::judged_as::<ExtensionReenablesGil>(
            &reentry((1.9, 1.9)),
            Verdict::Inconclusive,
        );
        testing::assert_explained("extension_reenables_gil__inconclusive", &contradicted);
        testing::judged_as::<ExtensionReenablesGil>(&reentry((1.9, 1.3)), Verdict::Inconclusive);
    }

    #[test]
    fn the_gil_staying_off_refutes_or_an_ignored_override_nuances() {
        let mut stayed_off = reentry((1.8, 1.8));
        stayed_off["undeclared"]["gil_after"] = json!(false);
        stayed_off["undeclared"]["warnings"] = json!([]);
        let judgement = testing::judged_as::<ExtensionReenablesGil>(&stayed_off, Verdict::Refuted);
        testing::assert_explained("extension_reenables_gil__refuted", &judgement);
        assert!(judgement.explanation.contains("with no warning"));
        let mut ignored = reentry((1.8, 1.0));
        ignored["undeclared_python_gil_0"]["gil_after"] = json!(true);
        let judgement = testing::judged_as::<ExtensionReenablesGil>(&ignored, Verdict::Nuanced);
        testing::assert_explained("extension_reenables_gil__nuanced", &judgement);
        assert!(judgement
            .explanation
            .contains("PYTHON_GIL=0 did not keep it off"));
        let mut declared_too = reentry((1.8, 1.0));
        declared_too["declared"]["gil_after"] = json!(true);
        testing::judged_as::<ExtensionReenablesGil>(&declared_too, Verdict::Nuanced);
    }
}
