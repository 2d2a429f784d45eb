//! Question 2, "what is CPython?": the reference implementation, a C program that compiles
//! Python to its own version-specific bytecode and runs it in an adaptive, specialising loop.
//!
//! The snippet looks at the interpreter from both sides: what Python reports about itself, and
//! what the C side shows (the library the loader mapped, `Py_GetVersion()` through the C API).
//! Then it compares with the other implementations on the machine (see [`crate::runtimes`]):
//! PyPy and Jython run a probe in a child process, Cython builds an extension this CPython
//! imports, and all of them time the same loop.

mod evidence;
mod judges;

use super::kit::runtimes::PROBE_TIMEOUT;
use super::{ClaimSpec, Demo};
use crate::report::Source;
use crate::snippet;

pub const DEMO: Demo = Demo {
    snippet: snippet!("cpython.py"),
    picture: None,
    charts: &[],
    draws_frames: false,
    params: &[PROBE_TIMEOUT],
    claims: &[
        ClaimSpec::new::<evidence::ReferenceImplementation>(
            "cpython.reference_implementation",
            Source::Article,
            "The interpreter running here is CPython, the reference implementation of Python: a \
             program written in C.",
        ),
        ClaimSpec::new::<evidence::CompilesToBytecode>(
            "cpython.compiles_to_bytecode",
            Source::Article,
            "Source code is compiled to bytecode (a code object; cached as a .pyc on import) \
             which the interpreter then executes.",
        ),
        ClaimSpec::new::<evidence::BytecodeIsC>(
            "cpython.bytecode_is_c",
            Source::Article,
            "CPython is the implementation of Python whose bytecode is in the C programming \
             language.",
        ),
        ClaimSpec::new::<evidence::AdaptiveSpecialization>(
            "cpython.adaptive_specialization",
            Source::Senior,
            "\"Interpreted\" is not the whole story: once a function has run a few times, \
             CPython 3.11+ rewrites its instructions into specialised ones \
             (e.g. BINARY_OP_ADD_INT).",
        ),
        ClaimSpec::new::<evidence::OtherImplementations>(
            "cpython.other_implementations",
            Source::Article,
            "Other implementations run the same Python differently: Jython's bytecode is \
             Java's (JVM bytecode), PyPy has its own bytecode and a JIT compiler, and Cython \
             compiles Python into C extension modules for CPython.",
        ),
    ],
};
