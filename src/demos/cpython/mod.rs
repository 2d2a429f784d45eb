//! Question 2, "what is CPython?": the reference implementation, a C program that compiles
//! Python to its own version-specific bytecode and runs it in an adaptive, specialising loop.
//!
//! The snippet looks at the interpreter from both sides: what Python reports about itself, and
//! what the C side shows (the library the loader mapped, `Py_GetVersion()` through the C API,
//! the memory the bytecode and the evaluation loop are in). It runs a file whose last line is not
//! Python, to see whether anything runs before it is compiled. Then it compares with the other
//! implementations on the machine (see [`crate::runtimes`]): PyPy and Jython run a probe in a
//! child process, Cython builds extensions this CPython imports, and all of them time the same
//! loop. Last, it reads which language each compiled module of the process was written in.

mod evidence;
mod judges;

use super::kit::runtimes::PROBE_TIMEOUT;
use super::{ClaimSpec, Demo};
use crate::report::Source;
use crate::snippet;

pub const DEMO: Demo = Demo::new(snippet!("cpython.py"), CLAIMS).with_params(&[PROBE_TIMEOUT]);

const CLAIMS: &[ClaimSpec] = &[
    ClaimSpec::new::<evidence::ReferenceImplementation>(
        "cpython.reference_implementation",
        Source::Article,
        "The interpreter running here is CPython, the reference implementation of Python: a \
         program written in C.",
    ),
    ClaimSpec::new::<evidence::InterpretedThenCompiled>(
        "cpython.interpreted_then_compiled",
        Source::Article,
        "Python code is first interpreted by another program (the interpreter) and then \
         compiled into bytecode.",
    ),
    ClaimSpec::new::<evidence::CompilesToBytecode>(
        "cpython.compiles_to_bytecode",
        Source::Senior,
        "Source code is compiled to bytecode (a code object; cached as a .pyc on import) \
         which the interpreter then executes.",
    ),
    ClaimSpec::new::<evidence::BytecodeIsC>(
        "cpython.bytecode_is_c",
        Source::Article,
        "CPython is the implementation of Python whose bytecode is in the C programming \
         language.",
    ),
    ClaimSpec::new::<evidence::BytecodeIsMachineCode>(
        "cpython.bytecode_is_machine_code",
        Source::Article,
        "Bytecode is made out of bytes that represent the machine's instructions.",
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
    ClaimSpec::new::<evidence::CythonSuperset>(
        "cpython.cython_superset",
        Source::Article,
        "The Cython language is a superset of Python that supports several C programming \
         language features.",
    ),
    ClaimSpec::new::<evidence::CythonIsTheExtensionLanguage>(
        "cpython.cython_is_the_extension_language",
        Source::Article,
        "Cython is the compiled language used to create CPython extensions.",
    ),
];
