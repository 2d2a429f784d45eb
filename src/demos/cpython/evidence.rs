//! The cpython demo's evidence, the one schema its snippet writes (`EVIDENCE[<claim key>]`), its
//! judges read and the report documents, and the values the judges derive from it.

use std::collections::BTreeMap;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::demos::kit::runtimes::RuntimeEntry;

// --- cpython.reference_implementation ---------------------------------------------------------

/// What the interpreter says it is, from Python and from the C side.
#[derive(Deserialize, JsonSchema)]
pub struct ReferenceImplementation {
    /// `sys.implementation.name`, e.g. `cpython`.
    pub implementation_name: String,
    /// `platform.python_implementation()`, e.g. `CPython`.
    pub python_implementation: String,
    /// `sys.version`.
    pub sys_version: String,
    /// `Py_GetVersion()` read from C; absent when the C side could not be reached.
    pub c_version: Option<String>,
    /// How the C side was read: the host module `_pyconcepts`, or `ctypes`.
    pub c_side_method: String,
    /// The path of the shared library that holds the interpreter, where the loader names it.
    pub library: Option<String>,
    /// What that library's first bytes say it is, e.g. "ELF shared object".
    pub library_kind: Option<String>,
    /// Whether that library is compiled machine code.
    #[serde(default)]
    pub library_is_machine_code: bool,
    /// `platform.python_compiler()`: the C compiler that built the interpreter.
    pub compiler: String,
}

/// What the judge derives from the two sides.
#[derive(Debug, Serialize, JsonSchema)]
pub struct ReferenceImplementationDerived {
    /// Whether `Py_GetVersion()` returned `sys.version`.
    pub c_side_agrees: bool,
}

// --- cpython.compiles_to_bytecode -------------------------------------------------------------

/// One instruction of `area`'s code object, as `dis` reads it.
#[derive(Deserialize, JsonSchema)]
pub struct Instruction {
    /// The instruction's name, e.g. `BINARY_OP`.
    pub opname: String,
}

/// The `.pyc` that importing a module wrote to `__pycache__`.
#[derive(Deserialize, JsonSchema)]
pub struct Pyc {
    /// Whether the import wrote one.
    pub pyc_written: bool,
    /// Its path, relative to the snippet's temporary directory.
    pub pyc_path: Option<String>,
    /// Its size, in bytes.
    pub pyc_size: Option<u64>,
    /// Its first four bytes, in hex: the magic number of the bytecode's format.
    pub magic_hex: Option<String>,
    /// `importlib.util.MAGIC_NUMBER`, in hex: this interpreter's own.
    pub interpreter_magic_hex: Option<String>,
    /// Whether the two are equal.
    #[serde(default)]
    pub magic_matches: bool,
}

/// A function compiled with `compile()`, run, and a module imported so that its bytecode is
/// cached.
#[derive(Deserialize, JsonSchema)]
pub struct CompilesToBytecode {
    /// The type of `area`'s code object: `code`.
    pub code_type: String,
    /// The type of its `co_code`: `bytes`.
    pub co_code_type: String,
    /// The length of `co_code`, in bytes.
    pub co_code_size: usize,
    /// `co_code` read back by `dis`.
    pub instructions: Vec<Instruction>,
    /// What running it gave: `area(3, 4)`.
    pub call_result: Value,
    /// The cached bytecode of an imported module.
    pub pyc: Pyc,
}

/// What the judge derives from the code object.
#[derive(Debug, Serialize, JsonSchema)]
pub struct CompilesToBytecodeDerived {
    /// The instructions `dis` read.
    pub instruction_count: usize,
}

// --- cpython.bytecode_is_c --------------------------------------------------------------------

/// What the bytecode is made of, whether it belongs to one version, and what the interpreter that
/// runs it is.
#[derive(Deserialize, JsonSchema)]
pub struct BytecodeIsC {
    /// `sys.implementation.name`.
    pub implementation_name: String,
    /// The type of `area`'s `co_code`.
    pub co_code_type: String,
    /// Every other byte of `co_code`: opcode numbers.
    pub opcodes: Vec<u16>,
    /// Their names in this version's `dis.opname` table.
    pub opnames: Vec<String>,
    /// How many of them the table does not name.
    pub unknown_opcodes: usize,
    /// The opcodes in this version's table (`dis.opmap`).
    pub opcode_table_size: usize,
    /// `sys.implementation.cache_tag`, e.g. `cpython-311`.
    pub cache_tag: Option<String>,
    /// The number in this version's magic, when a `.pyc` was there to test with.
    pub own_magic_number: Option<u32>,
    /// Whether the same bytecode stamped with another version's magic was refused.
    pub other_magic_refused: Option<bool>,
    /// The refusal's message.
    pub refusal: Option<String>,
    /// `platform.python_compiler()`.
    pub compiler: String,
    /// The shared library that holds the interpreter.
    pub library: Option<String>,
    /// What that library's first bytes say it is.
    pub library_kind: Option<String>,
    /// Whether that library is compiled machine code.
    #[serde(default)]
    pub library_is_machine_code: bool,
    /// The library that holds the C function `_PyEval_EvalFrameDefault`, the loop that executes
    /// bytecode, where the loader names it.
    pub eval_loop_library: Option<String>,
}

/// What the judge derives about the interpreter.
#[derive(Debug, Serialize, JsonSchema)]
pub struct BytecodeIsCDerived {
    /// Whether the interpreter is compiled machine code (its library is).
    pub interpreter_is_machine_code: bool,
}

// --- cpython.adaptive_specialization ----------------------------------------------------------

/// A function's instructions (`dis(adaptive=True)`) before and after it ran many times.
#[derive(Deserialize, JsonSchema)]
pub struct AdaptiveSpecialization {
    /// How many times it was called.
    pub calls: u32,
    /// The instructions before the first call.
    pub before: Vec<String>,
    /// The instructions after the last.
    pub after: Vec<String>,
    /// The call after which they first changed; absent when they never did.
    pub changed_after_call: Option<u32>,
    /// The rewritten instructions whose names are not in the compiler's opcode table.
    pub specialised: Vec<String>,
    /// Whether this is a free-threaded build (sysconfig's `Py_GIL_DISABLED`); absent from
    /// evidence recorded before the snippet looked.
    #[serde(default)]
    pub free_threaded_build: Option<bool>,
}

/// What the judge derives from the rewriting.
#[derive(Debug, Serialize, JsonSchema)]
pub struct AdaptiveSpecializationDerived {
    /// Instructions that changed.
    pub rewritten_instructions: usize,
    /// The call after which they first changed (null when they never did).
    pub specialised_after_calls: Option<u32>,
}

// --- cpython.other_implementations ------------------------------------------------------------

/// The embedded CPython's side of the comparison.
#[derive(Deserialize, JsonSchema)]
pub struct HereCpython {
    /// `platform.python_version()`.
    pub version: String,
    /// The instructions of `area` in CPython's `dis`.
    pub opnames: Vec<String>,
    /// The best round of the loop `spin(n)`, in seconds.
    pub loop_seconds: f64,
}

/// The loop every runtime timed.
#[derive(Deserialize, JsonSchema)]
pub struct Loop {
    /// Its argument: iterations per round.
    pub n: u64,
}

/// What a runtime's probe found about how it runs Python.
#[derive(Deserialize, JsonSchema)]
pub struct HowItRuns {
    /// The bytecode of `area` in the runtime's own `dis` (null on Jython, which has none).
    pub opnames: Option<Vec<String>>,
    /// Whether it has a JIT compiler (PyPy's `pypyjit`).
    pub jit: Option<bool>,
    /// Jython: a Python function as the JVM's stack trace names it.
    pub java_method: Option<String>,
    /// Jython: the JVM class a Python class implementing `java.lang.Runnable` became.
    pub proxy_java_class: Option<String>,
    /// Cython: the lines of C it wrote for the loop.
    pub c_lines: Option<u64>,
    /// Cython: the file of the extension module that was built and imported.
    pub module_file: Option<String>,
    /// Cython: whether that file is machine code.
    pub machine_code: Option<bool>,
    /// Cython: the type of a function of that module, as this CPython sees it.
    pub function_type: Option<String>,
    /// The best round of the loop, in seconds.
    pub loop_seconds: Option<f64>,
    /// Cython: the best round of the same loop with C types declared, in seconds.
    pub typed_loop_seconds: Option<f64>,
}

/// The same function and loop on each other runtime: PyPy and Jython in child processes, and a
/// Cython extension this CPython built and imported.
#[derive(Deserialize, JsonSchema)]
pub struct OtherImplementations {
    /// The embedded CPython.
    pub cpython: HereCpython,
    /// The loop every runtime timed.
    #[serde(rename = "loop")]
    pub spin: Loop,
    /// Each other runtime: whether it ran and, when it did, its findings beside.
    pub runtimes: Vec<RuntimeEntry<HowItRuns>>,
}

/// What the judge derives from the comparison.
#[derive(Debug, Serialize, JsonSchema)]
pub struct OtherImplementationsDerived {
    /// The runtimes that ran, e.g. "PyPy 7.3.11".
    pub ran: Vec<String>,
    /// How many of them are not CPython.
    pub other_implementations_ran: usize,
    /// How many times faster than CPython each runtime ran the loop (its best round), rounded to
    /// a tenth, by runtime (Cython twice: the loop as is, and typed).
    pub speedups: BTreeMap<String, f64>,
}
