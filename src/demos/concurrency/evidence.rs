//! The one schema of the concurrency evidence: what `python_snippets/concurrency.py` records
//! under each claim's key of `EVIDENCE`, and what the judges derive from it. Field names are the
//! snippet's own (the JSON report is a public interface). The judges and the report's charts
//! both read these types.
//!
//! Fields the judges do not need default when absent, so an edited snippet that leaves them out
//! is still judged.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::demos::kit::parallel::{self, Spread};

// --- 1 and 2: one table, two workloads, four models --------------------------------------------

/// One model's best run of a workload.
#[derive(Debug, Deserialize, JsonSchema)]
pub struct Timing {
    /// Wall time of the run, in seconds.
    pub wall_s: f64,
    /// CPU time of every process of ours during the run (the pool's workers included), in
    /// seconds.
    pub cpu_s: f64,
    /// `cpu_s` ÷ `wall_s`: how many cores the run kept busy on average.
    pub cores_used: f64,
    /// CPU that other programs on the machine used during the run, in cores (null without
    /// /proc).
    #[serde(default)]
    pub others_cores: Option<f64>,
    /// The sequential run's wall time ÷ this one's, as the snippet's table prints it.
    #[serde(default)]
    pub speedup: Option<f64>,
}

/// The same workload run four ways.
#[derive(Debug, Deserialize, JsonSchema)]
pub struct Models {
    /// One task after another, in the main thread.
    pub sequential: Timing,
    /// On a thread pool.
    pub threading: Timing,
    /// On a warm process pool.
    pub multiprocessing: Timing,
    /// As coroutines on one event loop.
    pub asyncio: Timing,
}

impl Models {
    /// Every model, named, in the order of the snippet's table.
    pub fn named(&self) -> [(&'static str, &Timing); 4] {
        [
            ("sequential", &self.sequential),
            ("threading", &self.threading),
            ("multiprocessing", &self.multiprocessing),
            ("asyncio", &self.asyncio),
        ]
    }

    /// How `model` did against the sequential run: its speedup, and the cores it used.
    pub fn spread(&self, model: &Timing) -> Spread {
        Spread {
            speedup: parallel::speedup(self.sequential.wall_s, model.wall_s),
            cores_used: model.cores_used,
        }
    }
}

/// `cpu_bound_needs_processes`: pure-Python arithmetic, the best of several rounds per model.
#[derive(Debug, Deserialize, JsonSchema)]
pub struct CpuBound {
    /// The cores this process may run on.
    pub cores: u32,
    /// Threads and processes the work was spread over.
    pub workers: u32,
    /// Tasks in all (4 per worker).
    pub tasks: u32,
    /// CPU work of one task, in ms, as asked.
    #[serde(default)]
    pub work_ms: Option<f64>,
    /// Loop iterations of one task, calibrated to `work_ms`.
    #[serde(default)]
    pub iterations_per_task: Option<u64>,
    /// Rounds run: each model's best run is kept.
    pub rounds: u32,
    /// The process pool's start method (`fork`, `spawn`, `forkserver`).
    #[serde(default)]
    pub start_method: String,
    /// Whether this build has a GIL.
    pub gil_enabled: bool,
    /// Whether every model computed the sequential result.
    pub results_equal: bool,
    /// Each model's best run.
    pub models: Models,
    /// CPU other programs used on average over every run of the section, in cores (null without
    /// /proc).
    #[serde(default)]
    pub others_cores_average: Option<f64>,
    /// The pool workers' CPU time two ways, to check the one counted in `cores_used`.
    #[serde(default)]
    pub pool_cpu_s: Option<PoolCpu>,
}

/// The CPU time of the process pool's workers over the whole table.
#[derive(Debug, Deserialize, JsonSchema)]
pub struct PoolCpu {
    /// As `os.times()` counts the children once they are joined, in seconds.
    pub os_times_after_join: f64,
    /// As the workers reported their own, in seconds.
    pub reported_by_workers: f64,
}

/// What the `cpu_bound_needs_processes` judge derived (2 decimals each).
#[derive(Debug, Serialize, JsonSchema)]
pub struct CpuBoundDerived {
    /// Sequential wall time ÷ the processes' wall time.
    pub processes_speedup: f64,
    /// Sequential wall time ÷ the threads' wall time.
    pub threads_speedup: f64,
    /// Sequential wall time ÷ the event loop's wall time.
    pub asyncio_speedup: f64,
    /// The processes' CPU time ÷ the sequential run's: well above 1 when cores running at once
    /// slowed each other down.
    pub processes_cpu_inflation: f64,
}

/// `io_bound_threads_or_asyncio`: requests to a local server that answers each after a delay.
#[derive(Debug, Deserialize, JsonSchema)]
pub struct IoBound {
    /// Requests sent.
    pub requests: u32,
    /// How long the server waited before answering each, in ms.
    pub delay_ms: f64,
    /// Processes in the pool (threads and coroutines: one per request).
    pub workers: u32,
    /// The server's address (`127.0.0.1:PORT`).
    #[serde(default)]
    pub server: String,
    /// Whether every model got every reply right.
    pub replies_ok: bool,
    /// Each model's run.
    pub models: Models,
    /// Each request's moments on threads and on the event loop (absent in runs recorded before
    /// they were noted).
    #[serde(default)]
    pub timeline: Option<IoTimeline>,
}

/// When each request began (connecting), had been sent, had its answer and was closed, in ns
/// after its model's run began: one entry per request, in the order they were started.
#[derive(Debug, Deserialize, JsonSchema)]
pub struct IoTimeline {
    /// On the thread pool, one thread per request.
    #[serde(default)]
    pub threading: Vec<Vec<u64>>,
    /// As coroutines on one event loop.
    #[serde(default)]
    pub asyncio: Vec<Vec<u64>>,
}

/// The moments of one request, when all four were noted and come in order: began, sent,
/// answered, closed.
pub fn request_moments(moments: &[u64]) -> Option<[u64; 4]> {
    let moments: [u64; 4] = moments.try_into().ok()?;
    moments
        .windows(2)
        .all(|pair| pair[0] <= pair[1])
        .then_some(moments)
}

/// The most requests waiting for their answers at the same moment (sent, not yet answered),
/// counting only requests whose moments are in order.
pub fn most_waiting_at_once(requests: &[Vec<u64>]) -> usize {
    // +1 when a request was sent, -1 when its answer came; answers first at the same moment.
    let mut events: Vec<(u64, i32)> = requests
        .iter()
        .filter_map(|moments| request_moments(moments))
        .flat_map(|[_, sent, answered, _]| [(sent, 1), (answered, -1)])
        .collect();
    events.sort_unstable();
    let (mut waiting, mut most) = (0i32, 0i32);
    for (_, change) in events {
        waiting += change;
        most = most.max(waiting);
    }
    most.max(0) as usize
}

/// What the `io_bound_threads_or_asyncio` judge derived (2 decimals each).
#[derive(Debug, Serialize, Deserialize, JsonSchema)]
pub struct IoBoundDerived {
    /// Sequential wall time ÷ the threads' wall time.
    pub threads_speedup: f64,
    /// Sequential wall time ÷ the event loop's wall time.
    pub asyncio_speedup: f64,
    /// Sequential wall time ÷ the processes' wall time.
    pub processes_speedup: f64,
    /// The most requests on threads that waited for their answers at the same moment, from
    /// the timeline; absent without one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub threads_waiting_at_once: Option<usize>,
    /// The same on the event loop.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub asyncio_waiting_at_once: Option<usize>,
}

// --- 3: one blocking call stalls the whole event loop ------------------------------------------

/// `blocking_call_stalls_event_loop`: coroutines ticking while another one waits, three ways.
#[derive(Debug, Deserialize, JsonSchema)]
pub struct BlockingCall {
    /// How long the misbehaving coroutine waited, in ms.
    pub block_ms: f64,
    /// How often the other coroutines woke up, in ms.
    #[serde(default)]
    pub heartbeat_ms: Option<f64>,
    /// How many other coroutines ticked.
    pub heartbeats: u32,
    /// The other coroutines' lateness, for each way of waiting.
    pub variants: Variants,
}

/// The three ways of waiting.
#[derive(Debug, Deserialize, JsonSchema)]
pub struct Variants {
    /// `time.sleep`: blocks the loop's only thread.
    pub time_sleep: Lateness,
    /// `await asyncio.sleep`: yields to the loop.
    pub asyncio_sleep: Lateness,
    /// `asyncio.to_thread(time.sleep, …)`: blocks another thread.
    pub to_thread: Lateness,
}

/// How late the other coroutines woke up while one coroutine waited one way.
#[derive(Debug, Deserialize, JsonSchema)]
pub struct Lateness {
    /// The waiting call, in words (`await asyncio.sleep`).
    pub call: String,
    /// How many wake-ups were recorded.
    #[serde(default)]
    pub wakeups: Option<u32>,
    /// The median wake-up's lateness, in ms.
    pub median_lateness_ms: f64,
    /// The latest wake-up's lateness, in ms.
    pub max_lateness_ms: f64,
    /// Who ran when meanwhile (absent in runs recorded before it was noted).
    #[serde(default)]
    pub timeline: Option<LoopTimeline>,
}

/// The event loop's tasks during one way of waiting, in ns after the scenario began.
#[derive(Debug, Deserialize, JsonSchema)]
pub struct LoopTimeline {
    /// Each ticking coroutine's wake-ups: when it went to sleep, when it was due, when it woke.
    pub heartbeats_ns: Vec<Vec<(u64, u64, u64)>>,
    /// When the waiting coroutine began its wait and when it was back.
    pub wait_ns: Vec<u64>,
}

impl LoopTimeline {
    /// The longest time in which no ticking coroutine woke up, over every one of them, from the
    /// first wake-up to the last, in ns: the loop's longest stall; `None` with fewer than two
    /// wake-ups.
    pub fn longest_gap_ns(&self) -> Option<u64> {
        let mut woke: Vec<u64> = self
            .heartbeats_ns
            .iter()
            .flatten()
            .map(|&(_, _, woke)| woke)
            .collect();
        woke.sort_unstable();
        woke.windows(2).map(|pair| pair[1] - pair[0]).max()
    }
}

/// What the `blocking_call_stalls_event_loop` judge derived.
#[derive(Debug, Serialize, Deserialize, JsonSchema)]
pub struct BlockingCallDerived {
    /// The worst lateness with `time.sleep` ÷ that with `await asyncio.sleep` (at least 0.1 ms),
    /// 2 decimals.
    pub stall_ratio: f64,
    /// With `time.sleep`: the longest time no ticking coroutine woke up, in ms, from the
    /// timeline (the gap across every task); absent without one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub time_sleep_longest_gap_ms: Option<f64>,
    /// The same with `await asyncio.sleep`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub asyncio_sleep_longest_gap_ms: Option<f64>,
    /// The same with `asyncio.to_thread`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub to_thread_longest_gap_ms: Option<f64>,
}

// --- 4: what it costs to start processes, threads and tasks ------------------------------------

/// `parallelism_costs_more`: processes (per start method), threads and tasks started, per unit.
#[derive(Debug, Deserialize, JsonSchema)]
pub struct ParallelismCosts {
    /// Whether this build has a GIL.
    pub gil_enabled: bool,
    /// One entry per kind started.
    pub units: Vec<StartCost>,
    /// How part 1's threads did on the CPU-bound work: whether threads gave parallelism on
    /// this build (null when part 1 did not run).
    #[serde(default)]
    pub threads_on_cpu_work: Option<ThreadsOnCpuWork>,
}

/// Part 1's CPU-bound work on threads, against the same work done sequentially.
#[derive(Debug, Deserialize, JsonSchema)]
pub struct ThreadsOnCpuWork {
    /// The cores this process may run on.
    pub cores: u32,
    /// Threads the work was spread over.
    pub workers: u32,
    /// The sequential run's wall time ÷ the threads'.
    pub speedup: f64,
    /// The threads' CPU time ÷ their wall time.
    pub cores_used: f64,
}

/// What starting one kind of unit cost, per unit.
#[derive(Debug, Deserialize, JsonSchema)]
pub struct StartCost {
    /// `process (fork)`, `process (spawn)`, `thread`, `asyncio task`.
    pub kind: String,
    /// How many were started.
    pub count: u32,
    /// Wall time until all of them were running, in ms.
    #[serde(default)]
    pub start_ms_total: Option<f64>,
    /// Wall time until running, per unit, in ms: mostly waiting for the scheduler, so noisy.
    pub start_ms_each: f64,
    /// CPU time spent starting one (and, for processes, the child's own CPU), in ms: the
    /// resource.
    pub cpu_ms_each: f64,
    /// Resident memory added per unit, in KiB (null without /proc).
    #[serde(default)]
    pub rss_kib_each: Option<f64>,
    /// Memory added per unit, in KiB: RSS growth, and for a process its USS, the pages it shares
    /// with no other process (null without /proc).
    pub memory_kib_each: Option<f64>,
}

/// What the `parallelism_costs_more` judge derived (absent when processes and threads or tasks
/// were not both measured).
#[derive(Debug, Serialize, JsonSchema)]
pub struct ParallelismCostsDerived {
    /// The cheapest process's CPU per start ÷ the dearest thread's or task's (2 decimals).
    pub process_vs_concurrent_time_ratio: Option<f64>,
    /// The same for memory; null when memory was not measured.
    pub process_vs_concurrent_memory_ratio: Option<f64>,
}

// --- 5: multiprocessing from inside an embedded interpreter ------------------------------------

/// `processes_from_embedded_host`: a process pool tried with each start method from inside the
/// pyconcepts host, and the trap of a worker defined in the snippet itself.
#[derive(Debug, Deserialize, JsonSchema)]
pub struct EmbeddedHost {
    /// Whether the snippet ran inside the pyconcepts host (false: as a plain script).
    pub embedded: bool,
    /// The binary this process runs (`/proc/self/exe`; null where unknown).
    pub parent_program: Option<String>,
    /// `sys.executable`: the Python that spawn and forkserver start.
    pub parent_sys_executable: String,
    /// `sys.executable` with its symbolic links resolved: what a spawned child's kernel runs.
    pub parent_sys_executable_resolved: String,
    /// `sys.version` of this interpreter.
    pub parent_version: String,
    /// The start methods the claim needs (`fork`, `spawn`).
    pub required: Vec<String>,
    /// The start methods this platform has.
    pub available: Vec<String>,
    /// Each available method's try.
    pub methods: Vec<MethodRun>,
    /// The trap: a worker defined in the snippet, under each method.
    pub trap: Vec<TrapRun>,
    /// Child processes left afterwards (recorded once everything is shut down).
    #[serde(default)]
    pub leftover_children: Vec<u32>,
    /// Threads left afterwards, by name.
    #[serde(default)]
    pub leftover_threads: Vec<String>,
    /// Whether the slow server's port refused connections afterwards (true when absent).
    #[serde(default = "yes")]
    pub server_closed: bool,
}

fn yes() -> bool {
    true
}

/// A pool started with one method, mapping importable worker functions.
#[derive(Debug, Deserialize, JsonSchema)]
pub struct MethodRun {
    /// The start method.
    pub method: String,
    /// Whether the pool answered.
    pub worked: bool,
    /// Whether it computed the sequential result.
    pub result_matches: bool,
    /// Wall time of the try, in seconds.
    pub seconds: f64,
    /// Whether the pool gave no answer in time.
    pub timed_out: bool,
    /// The exception's type name when the try raised, else null.
    pub error_type: Option<String>,
    /// Its message, else null.
    pub error: Option<String>,
    /// What each distinct child process ran.
    pub children: Vec<Child>,
}

/// What one child process of a pool ran.
#[derive(Debug, Deserialize, JsonSchema)]
pub struct Child {
    /// The binary the child's kernel process runs (`/proc/self/exe`; null where unknown).
    pub program: Option<String>,
    /// The child's `sys.executable`.
    #[serde(default)]
    pub sys_executable: Option<String>,
    /// The child's `sys.version`.
    pub version: String,
}

/// The trap under one start method: a worker function defined in the snippet's `__main__`.
#[derive(Debug, Deserialize, JsonSchema)]
pub struct TrapRun {
    /// The start method.
    pub method: String,
    /// Whether the pool computed the result.
    pub worked: bool,
    /// Whether the pool gave no answer within `timeout_s` (and was terminated).
    pub timed_out: bool,
    /// How long the try could wait, in seconds.
    pub timeout_s: f64,
    /// Wall time of the try, in seconds.
    pub seconds: f64,
    /// The exception's type name when the try raised, else null.
    pub error_type: Option<String>,
    /// Its message, else null.
    pub error: Option<String>,
}

/// What the `processes_from_embedded_host` judge derived.
#[derive(Debug, Serialize, JsonSchema)]
pub struct EmbeddedHostDerived {
    /// The start methods whose pool worked and computed the right result.
    pub methods_that_worked: Vec<String>,
}

// --- 6: each process has its own GIL, interpreter and memory -----------------------------------

/// `each_process_own_gil`: a child process's memory, processes running Python at once, and
/// whether one process can hold several interpreters that do so too.
#[derive(Debug, Deserialize, JsonSchema)]
pub struct EachProcessOwnGil {
    /// Whether this build has a GIL at all (`sys._is_gil_enabled()`, else `Py_GIL_DISABLED`).
    pub gil_enabled: bool,
    /// The cores this process may run on.
    pub cores: u32,
    /// A child process assigning a module global.
    pub processes: SeparateMemory,
    /// Part 1's CPU-bound work on processes against the sequential run.
    pub processes_at_once: AtOnce,
    /// Subinterpreters: several interpreters in this one process.
    pub subinterpreters: Subinterpreters,
}

/// A module global assigned in a child process, read in both.
#[derive(Debug, Deserialize, JsonSchema)]
pub struct SeparateMemory {
    /// The start method of the child (`fork`, `spawn`).
    pub start_method: String,
    /// This process's PID.
    pub parent_pid: u32,
    /// The child's PID.
    pub child_pid: u32,
    /// The global's name.
    pub name: String,
    /// Its value here before the child ran.
    pub before: String,
    /// The value the child assigned.
    pub child_set: String,
    /// What the child read back after assigning.
    pub child_saw: String,
    /// What this process read afterwards.
    pub parent_after: String,
}

/// The same CPU work done one piece at a time, then by several workers at once.
#[derive(Debug, Deserialize, JsonSchema)]
pub struct AtOnce {
    /// Workers that ran at once (processes, or threads each in its own interpreter).
    pub workers: u32,
    /// Rounds run; the fastest run of each way is kept.
    pub rounds: u32,
    /// Wall time one piece at a time, in seconds.
    pub sequential_s: f64,
    /// CPU time one piece at a time, in seconds.
    pub sequential_cpu_s: f64,
    /// Wall time at once, in seconds.
    pub parallel_s: f64,
    /// CPU time at once (every thread and process of ours), in seconds.
    pub parallel_cpu_s: f64,
    /// `parallel_cpu_s` ÷ `parallel_s`.
    pub cores_used: f64,
    /// Cores other programs kept busy during the run at once (null without /proc).
    pub others_cores: Option<f64>,
    /// `sequential_s` ÷ `parallel_s`.
    pub speedup: f64,
}

/// What this build offers to run several interpreters in one process, and what they did.
#[derive(Debug, Deserialize, JsonSchema)]
pub struct Subinterpreters {
    /// The module found (`concurrent.interpreters`, `_interpreters`, `_xxsubinterpreters`), or
    /// null when none is importable.
    pub module: Option<String>,
    /// The modules tried before it, not importable here.
    pub missing: Vec<String>,
    /// The GIL the first interpreter's config says it has (`own`, `shared`), null where the API
    /// does not tell (`_xxsubinterpreters`).
    pub gil_setting: Option<String>,
    /// Interpreters created.
    pub created: u32,
    /// This process's PID.
    pub parent_pid: u32,
    /// The PIDs the interpreters reported (this process's when they live in it).
    pub pids: Vec<u32>,
    /// Whether every interpreter computed the expected checksum in both runs.
    pub results_ok: bool,
    /// Their CPU work in turn on one thread, then at once on one thread each (null when it could
    /// not run).
    pub at_once: Option<AtOnce>,
    /// The exception's type name when creating or running them raised, else null.
    pub error_type: Option<String>,
    /// Its message, else null.
    pub error: Option<String>,
}

/// What the `each_process_own_gil` judge found.
#[derive(Debug, Serialize, JsonSchema)]
pub struct EachProcessOwnGilDerived {
    /// The child's assignment stayed in the child, in a process of another PID.
    pub memory_separate: bool,
    /// How the processes ran Python: `at_once` (on several cores), `took_turns` (on a machine
    /// that had room for more), or `unclear` (crowded, or too close to call).
    pub processes_ran_at_once: String,
    /// The same for the interpreters of one process, or null when they did not run.
    pub subinterpreters_ran_at_once: Option<String>,
}
