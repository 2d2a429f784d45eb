//! Question 7, "where should we use multithreading, multiprocessing and asyncio?": the same
//! CPU-bound and I/O-bound work run sequentially, on threads, on processes and on an event loop,
//! judged from wall times and the cores each model really used; and whether only a process has a
//! GIL of its own, against the subinterpreters this build offers (found by importing, never by
//! version).
//!
//! Timing judges scale their thresholds with the parallelism available (`min(workers, cores)`) and
//! answer `inconclusive` between a clear "scales" and a clear "stays flat", or when other programs
//! left too little room on the machine: a busy laptop must not produce a wrong verdict.

mod charts;
pub mod evidence;
mod judges;

use evidence::{
    BlockingCall, CpuBound, EachProcessOwnGil, EmbeddedHost, IoBound, ParallelismCosts,
};

use super::{ClaimSpec, Demo};
use crate::params::ParamSpec;
use crate::report::Source;
use crate::snippet;

pub const DEMO: Demo = Demo::new(snippet!("concurrency.py"), CLAIMS)
    .with_params(PARAMS)
    .with_charts(&[
        charts::cpu_bound,
        charts::io_bound,
        charts::io_timeline,
        charts::loop_timeline,
    ]);

const PARAMS: &[ParamSpec] = &[
    ParamSpec::int(
        "workers",
        1..=32,
        "threads and processes for the CPU-bound work (default: the usable cores, at \
         least 2)",
    ),
    ParamSpec::int(
        "work_ms",
        1..=2000,
        "CPU work of one task, in ms; each worker gets 4 tasks",
    )
    .with_default("25"),
    ParamSpec::int(
        "repeats",
        1..=10,
        "rounds of the CPU-bound timings (best run kept; up to twice as many while \
         processes show no clear speedup)",
    )
    .with_default("3"),
    ParamSpec::int(
        "requests",
        1..=256,
        "I/O-bound: requests sent to the slow local server",
    )
    .with_default("16"),
    ParamSpec::int(
        "delay_ms",
        1..=2000,
        "I/O-bound: how long the server waits before answering each request",
    )
    .with_default("50"),
    ParamSpec::int(
        "block_ms",
        20..=5000,
        "how long the misbehaving coroutine blocks (or waits politely)",
    )
    .with_default("200"),
    ParamSpec::int(
        "start_count",
        1..=16,
        "processes started per start method in the cost comparison (threads and \
         tasks: 50 times as many)",
    )
    .with_default("4"),
];

const CLAIMS: &[ClaimSpec] = &[
    ClaimSpec::new::<CpuBound>(
        "concurrency.cpu_bound_needs_processes",
        Source::Article,
        "For CPU-bound work, processes scale with the cores; threads and asyncio do not.",
    ),
    ClaimSpec::new::<IoBound>(
        "concurrency.io_bound_threads_or_asyncio",
        Source::Article,
        "For I/O-bound work, threads and asyncio overlap the waits.",
    ),
    ClaimSpec::new::<BlockingCall>(
        "concurrency.blocking_call_stalls_event_loop",
        Source::Senior,
        "One coroutine that calls a blocking function (time.sleep) instead of awaiting \
         stalls every other task on the event loop; await asyncio.sleep or \
         asyncio.to_thread does not.",
    ),
    ClaimSpec::new::<ParallelismCosts>(
        "concurrency.parallelism_costs_more",
        Source::Article,
        "Parallelism requires more resources than concurrency: starting processes \
         costs more time and memory than starting threads or asyncio tasks.",
    ),
    ClaimSpec::new::<EmbeddedHost>(
        "concurrency.processes_from_embedded_host",
        Source::Senior,
        "multiprocessing works from inside an embedded interpreter with both the fork \
         and the spawn start methods, when children run the build's own Python and \
         the worker functions live in an importable module.",
    ),
    ClaimSpec::new::<EachProcessOwnGil>(
        "concurrency.each_process_own_gil",
        Source::Article,
        "Each process has its own GIL, Python interpreter, memory space and state \
         information.",
    ),
];
