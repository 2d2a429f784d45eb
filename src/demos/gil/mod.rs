//! Question 5, "what is the GIL and why is it important?": the GIL serialises Python bytecode,
//! not threads; it keeps the interpreter's own objects consistent but not your code's
//! read-modify-write; and threads take turns with it long before either finishes, as their own
//! progress marks show.
//!
//! Every timing judge works from ratios measured in the same run (speedup, cores used = process
//! CPU time / wall time, read by the kit's rule for parallel work), never from absolute times,
//! so the verdicts follow the interpreter that produced the evidence: on a free-threaded build
//! they turn against the article. Where Linux says where the threads' time went (running,
//! waiting for a core, blocked), a busy machine is told apart from the GIL: threads the GIL
//! serialises sleep; threads other programs crowd out wait for a core. The same measurements,
//! taken in child processes on Jython and PyPy and on a Cython `nogil` loop, show the GIL is
//! CPython's (and PyPy's), not Python's. On a free-threaded build, two tiny C extension modules
//! built at run time show the GIL coming back: importing one that does not declare it can run
//! without the GIL turns it on, in a child process, unless `PYTHON_GIL=0`.

mod charts;
mod evidence;
mod judges;

use super::kit::runtimes::PROBE_TIMEOUT;
use super::{ClaimSpec, Demo};
use crate::params::ParamSpec;
use crate::report::Source;
use crate::snippet;

pub const DEMO: Demo = Demo::new(snippet!("gil.py"), CLAIMS)
    .with_params(PARAMS)
    .with_charts(&[charts::gil, charts::turns, charts::convoy]);

const PARAMS: &[ParamSpec] = &[
    ParamSpec::int(
        "threads",
        1..=64,
        "threads for the CPU-bound experiments and the race (default: the number of \
         cores, at least 2)",
    ),
    ParamSpec::int(
        "work_ms",
        20..=10_000,
        "CPU work per experiment in ms of one core; each runs at least 3 rounds, in \
         turn and on threads: about 15× this in all, plus 2 s for the rest and \
         10–15 s for part 7's other runtimes (a JVM start, a C build) when installed, \
         and on a free-threaded build about 1.5 s for part 8's extension modules",
    )
    .with_default("200"),
    PROBE_TIMEOUT,
];

const CLAIMS: &[ClaimSpec] = &[
    ClaimSpec::new::<evidence::BuildHasGil>(
        "gil.build_has_gil",
        Source::Article,
        "CPython has a Global Interpreter Lock: a thread must hold it to run Python \
         code.",
    ),
    ClaimSpec::new::<evidence::CpuThreads>(
        "gil.cpu_threads_serialised",
        Source::Article,
        "Only one thread at a time can execute Python code, so CPU-bound pure-Python \
         threads use one core and run no faster than one thread.",
    ),
    ClaimSpec::new::<evidence::NativeCode>(
        "gil.released_by_native_code",
        Source::Senior,
        "The GIL serialises bytecode, not threads: native code that releases it (Rust, \
         hashlib on large buffers) runs on several cores at once from Python threads.",
    ),
    ClaimSpec::new::<evidence::IoThreads>(
        "gil.io_threads_overlap",
        Source::Senior,
        "Threads blocked in I/O release the GIL: N of them finish in about the time of \
         one.",
    ),
    ClaimSpec::new::<evidence::ThreadSafety>(
        "gil.makes_code_thread_safe",
        Source::Article,
        "The GIL makes CPython thread-safe and does not allow threads to interfere \
         with one another.",
    ),
    ClaimSpec::new::<evidence::SwitchLatency>(
        "gil.switch_interval_latency",
        Source::Senior,
        "A thread waking from I/O beside a CPU-bound thread waits for the GIL, up to \
         the switch interval (sys.getswitchinterval(), 5 ms by default); a smaller \
         interval shortens the wait.",
    ),
    ClaimSpec::new::<evidence::HandedOver>(
        "gil.handed_over_when_thread_finishes",
        Source::Article,
        "A thread holding the GIL keeps it until it finishes; only then does it release it \
         and pass it to another thread.",
    ),
    ClaimSpec::new::<evidence::ImplementationSpecific>(
        "gil.implementation_specific",
        Source::Article,
        "The GIL is a feature of CPython, the implementation, not of Python: Jython \
         runs pure-Python threads on several cores at once, PyPy has a GIL of its \
         own, and Cython code that releases the GIL (nogil) runs in parallel from \
         CPython's threads.",
    ),
    ClaimSpec::new::<evidence::ExtensionReenablesGil>(
        "gil.extension_reenables_gil",
        Source::Senior,
        "On a free-threaded build, importing an extension module that does not declare \
         it can run without the GIL turns the GIL back on (sys._is_gil_enabled() becomes \
         True, with a RuntimeWarning) and CPU-bound threads fall back to one core; \
         PYTHON_GIL=0 keeps it off.",
    ),
];
