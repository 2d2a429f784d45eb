//! The gil demo's evidence, the one schema its snippet writes (`EVIDENCE[<claim key>]`), its
//! judges and its chart read and the report documents, and the values the judges derive from it.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::demos::kit::parallel::{self, Spread};
use crate::demos::kit::runtimes::RuntimeEntry;

// --- gil.build_has_gil -----------------------------------------------------------------------

/// Whether this interpreter was built with a GIL, and whether it runs with one.
#[derive(Deserialize, JsonSchema)]
pub struct BuildHasGil {
    /// `sys.implementation.name`.
    pub implementation: String,
    /// `platform.python_version()`.
    pub version: String,
    /// `sys._is_gil_enabled()`, which exists from 3.13; absent before.
    pub is_gil_enabled: Option<bool>,
    /// sysconfig's `Py_GIL_DISABLED`: 1 on a free-threaded build, 0 or absent on a classic one.
    pub py_gil_disabled: Value,
}

/// What the judge derives from the build.
#[derive(Debug, Serialize, JsonSchema)]
pub struct BuildHasGilDerived {
    /// Whether this is a free-threaded build (`Py_GIL_DISABLED` set and non-zero).
    pub free_threaded_build: bool,
    /// Whether the GIL is on in this process.
    pub gil_enabled: bool,
}

// --- timings shared by the CPU-bound claims ----------------------------------------------------

/// The same work done in turn on one thread and split over threads (the best of a few rounds).
#[derive(Deserialize, JsonSchema)]
pub struct Comparison {
    /// Wall time of the work done in turn, in seconds.
    pub sequential_s: f64,
    /// Wall time of the same work on the threads at once, in seconds.
    pub threaded_s: f64,
    /// CPU time of the whole process (all its threads) during the threaded run, in seconds.
    pub threaded_cpu_s: f64,
    /// Where the threads' time went, from the Linux scheduler; absent where it doesn't say.
    #[serde(default)]
    pub thread_time: Option<ThreadTime>,
    /// Each thread's progress in the threaded round kept: when (ns after the round began) it
    /// began, then one mark after each chunk of its work; absent where the work was not marked
    /// (pure Python here: part 9 marks it).
    #[serde(default)]
    pub marks_ns: Option<Vec<Vec<u64>>>,
    /// What noting the time cost, where the work was marked.
    #[serde(default)]
    pub recording: Option<RecordingCost>,
}

/// The worker threads' lifetimes, summed, split into what the scheduler saw them do (seconds).
#[derive(Deserialize, JsonSchema)]
pub struct ThreadTime {
    /// From each thread's start of work to its end.
    pub lifetime_s: f64,
    /// On a core.
    pub running_s: f64,
    /// Ready to run, but other threads or programs had every core: the machine's doing.
    pub waiting_for_core_s: f64,
    /// Asleep: held back by a lock (the GIL, for CPU-bound code), a sleep or I/O.
    pub blocked_s: f64,
}

impl ThreadTime {
    /// `seconds` as a share of the threads' lifetimes.
    pub fn share(&self, seconds: f64) -> f64 {
        if self.lifetime_s > 0.0 {
            seconds / self.lifetime_s
        } else {
            0.0
        }
    }
}

impl Comparison {
    /// The run's speedup and cores used (the kit's ratios).
    pub fn spread(&self) -> Spread {
        Spread::timed(self.sequential_s, self.threaded_s, self.threaded_cpu_s)
    }

    /// The share of the threads' time they spent asleep, where the scheduler says.
    pub fn blocked_share(&self) -> Option<f64> {
        self.thread_time.as_ref().map(|t| t.share(t.blocked_s))
    }

    /// The share of the threads' time they spent waiting for a core, where the scheduler says.
    pub fn waiting_share(&self) -> Option<f64> {
        self.thread_time
            .as_ref()
            .map(|t| t.share(t.waiting_for_core_s))
    }
}

// --- gil.cpu_threads_serialised ----------------------------------------------------------------

/// The GIL-releasing work run in the same demo: proof that this machine had cores to spare.
#[derive(Deserialize, JsonSchema)]
pub struct ParallelControl {
    /// Which native workload: the one that kept the most cores busy.
    pub workload: String,
    /// Its wall time on the threads, in seconds.
    pub threaded_s: f64,
    /// The process's CPU time meanwhile, in seconds.
    pub threaded_cpu_s: f64,
}

impl ParallelControl {
    /// The cores it kept busy on average.
    pub fn cores_used(&self) -> f64 {
        parallel::cores_used(self.threaded_cpu_s, self.threaded_s)
    }
}

/// CPU-bound pure Python done in turn, then on threads.
#[derive(Deserialize, JsonSchema)]
pub struct CpuThreads {
    /// Threads the work was split over.
    pub threads: u32,
    /// Cores this process may run on (its CPU affinity).
    pub cores: u32,
    /// Whether the GIL is on in this process.
    pub gil_enabled: bool,
    /// The timings.
    pub python: Comparison,
    /// The native work of `released_by_native_code` that used the most cores.
    pub parallel_control: Option<ParallelControl>,
}

/// What the judge derives from the timings.
#[derive(Debug, Serialize, JsonSchema)]
pub struct CpuThreadsDerived {
    /// Wall time in turn ÷ wall time on threads.
    pub speedup: f64,
    /// CPU time ÷ wall time of the threaded run: cores busy on average.
    pub cores_used: f64,
    /// Threads that could run at once: no more than there are threads or cores.
    pub parallelism: u32,
    /// The share of their time the threads spent asleep, where the scheduler says.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub blocked_share: Option<f64>,
    /// The cores the parallel control kept busy, when there was one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub control_cores_used: Option<f64>,
}

// --- gil.released_by_native_code -------------------------------------------------------------

/// A workload's evidence: measured, or skipped with the reason.
#[derive(Deserialize, JsonSchema)]
#[serde(untagged)]
pub enum Measured {
    /// Not run here (`_pyconcepts.burn` exists only inside the host).
    Skipped {
        /// Why.
        skipped: String,
    },
    /// The timings.
    Run(Comparison),
}

/// Native code that releases the GIL, in turn and on threads: Rust (`_pyconcepts.burn`) and
/// `hashlib.sha256` on large buffers.
#[derive(Deserialize, JsonSchema)]
pub struct NativeCode {
    /// Threads the work was split over.
    pub threads: u32,
    /// Cores this process may run on.
    pub cores: u32,
    /// Whether the GIL is on in this process; absent from evidence recorded before the snippet
    /// said.
    #[serde(default)]
    pub gil_enabled: Option<bool>,
    /// The host's Rust loop.
    pub burn: Measured,
    /// `hashlib.sha256` of 4 MiB buffers.
    pub hashlib: Measured,
}

/// What the judge derives from each workload that ran (absent for one skipped; the shares
/// absent where the scheduler does not say).
#[derive(Debug, Serialize, Deserialize, JsonSchema)]
pub struct NativeCodeDerived {
    /// Rust: wall time in turn ÷ wall time on threads.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub burn_speedup: Option<f64>,
    /// Rust: cores busy on average on the threads.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub burn_cores_used: Option<f64>,
    /// Rust: the share of their time the threads spent asleep.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub burn_blocked_share: Option<f64>,
    /// Rust: the share of their time the threads spent waiting for a core.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub burn_waiting_share: Option<f64>,
    /// hashlib: wall time in turn ÷ wall time on threads.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub hashlib_speedup: Option<f64>,
    /// hashlib: cores busy on average on the threads.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub hashlib_cores_used: Option<f64>,
    /// hashlib: the share of their time the threads spent asleep.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub hashlib_blocked_share: Option<f64>,
    /// hashlib: the share of their time the threads spent waiting for a core.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub hashlib_waiting_share: Option<f64>,
    /// Rust: the share of the time until the first thread finished in which two threads or
    /// more were making progress at once, from their marks; absent without marks.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub burn_overlap_share: Option<f64>,
    /// Rust: the marks' extra wall time, in percent of the work without them.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub burn_recording_cost_percent: Option<f64>,
    /// hashlib: the share of the time until the first thread finished in which two threads or
    /// more were making progress at once, from their marks; absent without marks.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub hashlib_overlap_share: Option<f64>,
    /// hashlib: the marks' extra wall time, in percent of the work without them.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub hashlib_recording_cost_percent: Option<f64>,
}

// --- gil.io_threads_overlap ------------------------------------------------------------------

/// Blocking waits (`time.sleep`) in turn, then on threads.
#[derive(Deserialize, JsonSchema)]
pub struct IoThreads {
    /// Threads, one wait each.
    pub threads: u32,
    /// One wait, in seconds.
    pub wait_s: f64,
    /// Wall time of the waits in turn, in seconds.
    pub sequential_s: f64,
    /// Wall time of the waits on threads, in seconds.
    pub threaded_s: f64,
    /// CPU time of the process during the threaded waits, in seconds (about none).
    #[serde(default)]
    pub threaded_cpu_s: f64,
}

impl IoThreads {
    /// The threaded waits' speedup and cores used.
    pub fn spread(&self) -> Spread {
        Spread::timed(self.sequential_s, self.threaded_s, self.threaded_cpu_s)
    }
}

/// What the judge derives from the waits.
#[derive(Debug, Serialize, JsonSchema)]
pub struct IoThreadsDerived {
    /// Wall time in turn ÷ wall time on threads.
    pub speedup: f64,
}

// --- gil.makes_code_thread_safe --------------------------------------------------------------

/// Threads incrementing one shared counter: how many updates survived.
#[derive(Deserialize, JsonSchema)]
pub struct RaceResult {
    /// The increments made.
    pub expected: u64,
    /// The counter's final value.
    pub observed: u64,
    /// `expected - observed`: increments another thread overwrote.
    pub lost_updates: i64,
}

/// The plain `counter.value += 1` loop, raced the same way.
#[derive(Deserialize, JsonSchema)]
pub struct PlainIncrement {
    /// The increments made.
    pub expected: u64,
    /// Increments another thread overwrote.
    pub lost_updates: i64,
    /// Instruction names of the `counter.value += 1` line, captured with `dis`.
    pub bytecode: Vec<String>,
}

/// Threads appending to one list and inserting into one dict at once, and what the two objects
/// held afterwards, checked item by item.
#[derive(Deserialize, JsonSchema)]
pub struct BuiltIns {
    /// Threads filling the objects at once.
    pub threads: u32,
    /// Items each thread appended to the list, and keys it inserted into the dict.
    pub items_per_thread: u64,
    /// `sys.setswitchinterval` meanwhile, in seconds.
    pub switch_interval_s: f64,
    /// The list's length afterwards.
    pub list_length: u64,
    /// Items appended that the list did not hold.
    pub list_missing: u64,
    /// Entries beyond one of each item appended: duplicates, or values nobody appended.
    pub list_unexpected: u64,
    /// Items found out of the order their thread appended them in.
    pub list_out_of_order: u64,
    /// Neighbours in the list appended by different threads: how often the appends interleaved.
    pub list_interleavings: u64,
    /// The dict's length afterwards.
    pub dict_length: u64,
    /// Keys inserted that the dict lacked, or held with another value.
    pub dict_wrong: u64,
    /// Exceptions the threads raised, as `Type: message`.
    pub errors: Vec<String>,
}

impl BuiltIns {
    /// The items (and keys) the threads put in.
    pub fn expected(&self) -> u64 {
        u64::from(self.threads).saturating_mul(self.items_per_thread)
    }
}

/// An object's own lock byte, read before, while and after an operation on the object.
#[derive(Deserialize, JsonSchema)]
pub struct LockByte {
    /// Before the operation.
    pub before: u64,
    /// From inside it (our Python code, called by the operation); absent if it never called us.
    pub during: Option<u64>,
    /// After it.
    pub after: u64,
}

impl LockByte {
    /// Free before and after, taken while the operation ran.
    pub fn held_during(&self) -> bool {
        self.before == 0 && self.after == 0 && self.during.is_some_and(|during| during != 0)
    }
}

/// The per-object locks of a free-threaded build, watched from inside operations that hold
/// them; skipped on a build whose objects have none.
#[derive(Deserialize, JsonSchema)]
#[serde(untagged)]
pub enum ObjectLocks {
    /// Not watched, and why (a classic build: its objects carry no lock).
    Skipped {
        /// Why.
        skipped: String,
    },
    /// Watched.
    Watched {
        /// Where the lock byte (`ob_mutex`) sits in an object's header, in bytes.
        offset: u64,
        /// A list's, around `list.sort` with a key function that reads it.
        list_sort: LockByte,
        /// A dict's, around an insertion whose colliding key's `__eq__` reads it.
        dict_insert: LockByte,
    },
}

/// A read / call / write increment raced by threads, without and with a lock, and the plain
/// `+=` loop; a list and a dict filled by threads at once; the objects' own locks, where a build
/// has them.
#[derive(Deserialize, JsonSchema)]
pub struct ThreadSafety {
    /// Threads racing.
    pub threads: u32,
    /// `sys.setswitchinterval` during the race, in seconds.
    pub switch_interval_s: f64,
    /// Read, call, write: no lock.
    pub unlocked: RaceResult,
    /// The same inside `with lock:`.
    pub locked: RaceResult,
    /// `counter.value += 1`, no lock.
    pub plain_increment: PlainIncrement,
    /// The list and dict filled at once (absent in runs recorded before they were).
    #[serde(default)]
    pub built_ins: Option<BuiltIns>,
    /// The objects' own locks (absent in runs recorded before they were watched).
    #[serde(default)]
    pub object_locks: Option<ObjectLocks>,
    /// Whether the GIL was on during the race (absent in runs recorded before it was noted).
    #[serde(default)]
    pub gil_enabled: Option<bool>,
}

/// What the judge derives from the race.
#[derive(Debug, Serialize, JsonSchema)]
pub struct ThreadSafetyDerived {
    /// Updates lost without the lock, in percent of those made.
    pub unlocked_lost_percent: f64,
    /// Updates the plain `+=` loop lost, in percent of those made.
    pub plain_lost_percent: f64,
    /// Whether the list and the dict held exactly what the threads put in, in order, with no
    /// thread raising; absent when they were not filled.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub built_ins_intact: Option<bool>,
}

// --- gil.switch_interval_latency -------------------------------------------------------------

/// How late `time.sleep` woke up, over many naps.
#[derive(Deserialize, JsonSchema)]
pub struct Lateness {
    /// The median, in milliseconds.
    pub p50_ms: f64,
    /// The 99th percentile, in milliseconds.
    pub p99_ms: f64,
}

/// The first naps of a thread beside the spinning one, and the spinner's progress meanwhile.
#[derive(Deserialize, JsonSchema)]
pub struct NapsBeside {
    /// Each nap: when the napping thread called `time.sleep` and when it was back (ns after
    /// the spinning thread was started).
    pub naps_ns: Vec<(u64, u64)>,
    /// The spinning thread's progress: a mark after each chunk of its loop, until the last of
    /// these naps ended (ns after it was started).
    pub spinner_marks_ns: Vec<u64>,
}

/// Who ran when beside the spinning thread: the first naps at each interval.
#[derive(Deserialize, JsonSchema)]
pub struct ConvoyTimeline {
    /// Loops of the spinning thread between two of its marks.
    pub spin_chunk_loops: u64,
    /// At the default interval.
    pub loaded_default: NapsBeside,
    /// At the smaller interval.
    pub loaded_small: NapsBeside,
    /// What the spinner's marks cost: chunks of its loop timed with and without them.
    pub recording: RecordingCost,
}

/// A thread napping alone, then beside a CPU-bound thread at two switch intervals.
#[derive(Deserialize, JsonSchema)]
pub struct SwitchLatency {
    /// `sys.getswitchinterval()` by default, in milliseconds.
    pub default_interval_ms: f64,
    /// The smaller interval tried, in milliseconds.
    pub small_interval_ms: f64,
    /// Alone.
    pub idle: Lateness,
    /// Beside a CPU-bound thread, at the default interval.
    pub loaded_default: Lateness,
    /// Beside a CPU-bound thread, at the smaller interval.
    pub loaded_small: Lateness,
    /// One nap, in milliseconds (absent in runs recorded before it was read).
    #[serde(default)]
    pub nap_ms: Option<f64>,
    /// The first naps beside the spinner, as a timeline (absent in runs recorded before).
    #[serde(default)]
    pub timeline: Option<ConvoyTimeline>,
}

/// What the judge derives from the lateness.
#[derive(Debug, Serialize, JsonSchema)]
pub struct SwitchLatencyDerived {
    /// The median lateness beside the CPU-bound thread less that alone, at the default interval,
    /// in milliseconds.
    pub extra_wait_default_ms: f64,
    /// The same at the smaller interval, in milliseconds.
    pub extra_wait_small_ms: f64,
}

// --- gil.handed_over_when_thread_finishes ----------------------------------------------------

/// What noting the time costs: the same work on one thread, timed with and without the marks.
#[derive(Debug, Deserialize, JsonSchema)]
pub struct RecordingCost {
    /// Chunks of work timed each way.
    pub chunks: u64,
    /// The best wall time with a mark after every chunk, in seconds.
    pub with_marks_s: f64,
    /// The best wall time of the same work without marks, in seconds.
    pub without_marks_s: f64,
    /// Rounds timed each way.
    pub rounds: u32,
}

impl RecordingCost {
    /// The marks' extra wall time, in percent of the work without them (negative: lost in noise).
    pub fn percent(&self) -> f64 {
        100.0 * (self.with_marks_s - self.without_marks_s) / self.without_marks_s
    }
}

/// CPU-bound pure-Python threads started together, each noting the time as it went: who made
/// progress when.
#[derive(Deserialize, JsonSchema)]
pub struct HandedOver {
    /// Threads running the work at once.
    pub threads: u32,
    /// Cores this process may run on.
    pub cores: u32,
    /// Whether the GIL was on in this process.
    pub gil_enabled: bool,
    /// `sys.getswitchinterval()` meanwhile, in seconds.
    pub switch_interval_s: f64,
    /// Chunks of work each thread did.
    pub chunks_per_thread: u64,
    /// Iterations of part 2's loop in a chunk.
    pub loops_per_chunk: u64,
    /// Each thread's progress: when (ns after a common start taken before the threads were
    /// started) it had done k chunks; the first entry is when it began, one more per chunk.
    pub marks_ns: Vec<Vec<u64>>,
    /// Where the threads' time went, from the Linux scheduler; absent where it doesn't say.
    pub thread_time: Option<ThreadTime>,
    /// What noting the time cost.
    pub recording: RecordingCost,
}

/// What the judge derives from the threads' progress marks.
#[derive(Debug, Serialize, Deserialize, JsonSchema)]
pub struct HandedOverDerived {
    /// Times the thread making progress changed, all marks in time order: hand-offs, where a
    /// lock decides who runs.
    pub hand_offs: usize,
    /// Of those, the ones before the first thread finished.
    pub hand_offs_before_first_finish: usize,
    /// When the first thread finished, in ms after the common start.
    pub first_finish_ms: f64,
    /// The median turn: how long one thread kept making progress before another did, in ms;
    /// absent without a change.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub median_turn_ms: Option<f64>,
    /// The median turn ÷ the switch interval.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub turn_per_switch_interval: Option<f64>,
    /// The median time between a thread's consecutive marks, in ms: the shortest turn the
    /// record can show.
    pub mark_spacing_ms: f64,
    /// The share of the time until the first thread finished in which two threads or more were
    /// making progress at once.
    pub overlap_share: f64,
    /// The marks' extra wall time, in percent of the work without them.
    pub recording_cost_percent: f64,
}

// --- gil.implementation_specific ------------------------------------------------------------

/// What a runtime's probe measured: part 2's timings on its own threads, or for Cython the C
/// loop that releases the GIL and the same loop holding it, on this CPython's threads.
#[derive(Deserialize, JsonSchema)]
pub struct ThreadsRun {
    /// The pure-Python loop in turn and on threads (PyPy, Jython, another CPython).
    #[serde(flatten)]
    pub run: Option<Comparison>,
    /// Cython: the `with nogil:` loop.
    pub nogil: Option<Comparison>,
    /// Cython: the same C loop holding the GIL.
    pub holding_gil: Option<Comparison>,
}

/// The embedded CPython's part 2, for comparison.
#[derive(Deserialize, JsonSchema)]
pub struct HereThreads {
    /// `platform.python_version()`.
    pub version: String,
    /// Part 2's timings.
    #[serde(flatten)]
    pub run: Comparison,
}

/// Part 2's experiment on the other implementations, in child processes, and on a Cython
/// extension.
#[derive(Deserialize, JsonSchema)]
pub struct ImplementationSpecific {
    /// Threads the work was split over.
    pub threads: u32,
    /// Cores this process may run on.
    pub cores: u32,
    /// The embedded CPython.
    pub cpython: HereThreads,
    /// Each other runtime: whether it ran and, when it did, its timings beside.
    pub runtimes: Vec<RuntimeEntry<ThreadsRun>>,
}

/// What the judge derives from the comparison.
#[derive(Debug, Serialize, JsonSchema)]
pub struct ImplementationSpecificDerived {
    /// The runtimes that ran, e.g. "PyPy 7.3.11".
    pub ran: Vec<String>,
    /// Rows (a runtime, or one of Cython's two loops) whose threads did what its GIL, or its
    /// absence, predicts.
    pub rows_as_expected: usize,
    /// Rows whose threads did the opposite.
    pub rows_against_expectation: usize,
}

// --- gil.extension_reenables_gil -------------------------------------------------------------

/// A fresh child process of this interpreter that imported one of the two extension modules.
#[derive(Deserialize, JsonSchema)]
pub struct ChildImport {
    /// `undeclared` (says nothing about free-threading, as modules written before 3.13 do) or
    /// `declared` (its `Py_mod_gil` slot says `Py_MOD_GIL_NOT_USED`).
    pub module: String,
    /// `PYTHON_GIL` in the child's environment; absent when unset.
    pub python_gil: Option<String>,
    /// `sys._is_gil_enabled()` before the import.
    pub gil_before: bool,
    /// `sys._is_gil_enabled()` after it.
    pub gil_after: bool,
    /// The warnings the import raised, as `Category: message`.
    pub warnings: Vec<String>,
    /// Part 2's pure-Python threads before the import (timed in the first child only).
    pub before: Option<Comparison>,
    /// The same threads after it.
    pub after: Comparison,
}

impl ChildImport {
    /// The RuntimeWarning that says the GIL was enabled, if the import raised one.
    pub fn gil_warning(&self) -> Option<&str> {
        self.warnings
            .iter()
            .find(|warning| warning.starts_with("RuntimeWarning") && warning.contains("GIL"))
            .map(String::as_str)
    }
}

/// Two tiny C extension modules built at run time against this interpreter's headers, each
/// imported by a child process, one of them also with `PYTHON_GIL=0`.
#[derive(Deserialize, JsonSchema)]
pub struct ExtensionReenablesGil {
    /// Threads the pure-Python work was split over.
    pub threads: u32,
    /// Cores this process may run on.
    pub cores: u32,
    /// The C compiler (this interpreter's `CC`).
    pub compiler: String,
    /// The headers it compiled against (sysconfig's `include`).
    pub include_dir: String,
    /// Seconds the build took.
    pub build_seconds: f64,
    /// `undeclared` imported, `PYTHON_GIL` unset.
    pub undeclared: ChildImport,
    /// `undeclared` imported with `PYTHON_GIL=0`.
    pub undeclared_python_gil_0: ChildImport,
    /// `declared` imported, `PYTHON_GIL` unset.
    pub declared: ChildImport,
    /// Whether the temporary directory of the build was removed afterwards.
    pub temp_dir_removed: bool,
}

/// What the judge derives from the three children.
#[derive(Debug, Serialize, JsonSchema)]
pub struct ExtensionReenablesGilDerived {
    /// Cores the threads kept busy before the import of `undeclared`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cores_used_before: Option<f64>,
    /// After it.
    pub cores_used_after: f64,
    /// After it, with `PYTHON_GIL=0`.
    pub cores_used_with_python_gil_0: f64,
    /// After importing `declared`.
    pub cores_used_after_declared: f64,
}
