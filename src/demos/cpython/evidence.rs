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
    /// Every opcode name of its own table (`dis.opmap`); absent from evidence recorded before
    /// the snippet listed them.
    #[serde(default)]
    pub opcode_names: Vec<String>,
    /// The best round of the loop `spin(n)`, in seconds.
    pub loop_seconds: f64,
}

/// The loop every runtime timed.
#[derive(Deserialize, JsonSchema)]
pub struct Loop {
    /// Its argument: iterations per round.
    pub n: u64,
}

/// Machine code PyPy's JIT compiled while its probe ran, as its compile hook
/// (`pypyjit.set_compile_hook`) reported it.
#[derive(Deserialize, JsonSchema)]
pub struct JitLoop {
    /// What was compiled: `loop` or `bridge`.
    pub kind: String,
    /// The size of the machine code, in bytes.
    pub asm_bytes: Option<u64>,
    /// The name of the function whose loop it is (`spin`), when the hook named one.
    pub code: Option<String>,
}

/// What a runtime's probe found about how it runs Python.
#[derive(Deserialize, JsonSchema)]
pub struct HowItRuns {
    /// The version of the Python language it implements (`platform.python_version()`).
    pub python_version: Option<String>,
    /// The bytecode of `area` in the runtime's own `dis` (null on Jython, which has none).
    pub opnames: Option<Vec<String>>,
    /// The instructions of `squares`, a list comprehension, and of the code nested in it.
    pub comprehension_opnames: Option<Vec<String>>,
    /// Every opcode name of its own table (`opcode.opmap`).
    pub opcode_names: Option<Vec<String>>,
    /// `sys.implementation.cache_tag`: the name its `.pyc` files carry.
    pub cache_tag: Option<String>,
    /// PyPy: the comment of its own `opcode` module under which it defines opcodes of its own.
    pub pypy_section_marker: Option<String>,
    /// PyPy: the opcodes its `opcode` module defines under that comment.
    pub pypy_section_opcodes: Option<Vec<String>>,
    /// Whether it has a JIT compiler (PyPy's `pypyjit`).
    pub jit: Option<bool>,
    /// PyPy: what its JIT compiled to machine code while the loop ran.
    pub jit_loops: Option<Vec<JitLoop>>,
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
    /// The first round of the loop, in seconds: before a JIT has compiled it.
    pub first_round_seconds: Option<f64>,
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

// --- cpython.interpreted_then_compiled --------------------------------------------------------

/// A child `python3` run on a file whose last line is not Python.
#[derive(Deserialize, JsonSchema)]
pub struct BrokenFileRun {
    /// The interpreter run: this build's own `python3` (sysconfig's `BINDIR`).
    pub python: String,
    /// Whether it could be run at all.
    pub ran: bool,
    /// Why it could not, when it could not.
    pub problem: Option<String>,
    /// Its exit status.
    pub returncode: Option<i32>,
    /// Everything it printed on stdout.
    pub stdout: Option<String>,
    /// The last line of its stderr: the error.
    pub error: Option<String>,
    /// The line of the file the error names.
    pub error_line: Option<usize>,
}

/// A file whose first lines print and whose last line is a syntax error, run by a child
/// `python3`, and the same two steps taken apart in this process: `compile()`, then `exec()`.
#[derive(Deserialize, JsonSchema)]
pub struct InterpretedThenCompiled {
    /// The file's lines.
    pub lines: Vec<String>,
    /// The child `python3` that ran the file.
    pub child: BrokenFileRun,
    /// How many lines the file has: the last is the syntax error.
    pub file_lines: usize,
    /// What `compile()` of the lines before the error printed (they call `print`).
    pub printed_after_compile: Vec<String>,
    /// What `exec()` of the code object `compile()` returned printed.
    pub printed_after_exec: Vec<String>,
    /// The error `exec()` of the whole file's source raised, e.g. "SyntaxError: invalid syntax".
    pub whole_file_error: Option<String>,
    /// The line it names.
    #[serde(default)]
    pub whole_file_error_line: Option<usize>,
    /// What that `exec()` printed before the error.
    pub printed_by_whole_file: Vec<String>,
}

/// What the judge derives from the runs.
#[derive(Debug, Serialize, JsonSchema)]
pub struct InterpretedThenCompiledDerived {
    /// Lines the child printed before it stopped at the syntax error (null when it did not run).
    pub printed_before_the_error: Option<usize>,
    /// Whether, in this process, compiling ran nothing and running the code object did.
    pub compiled_before_run: bool,
}

// --- cpython.bytecode_is_machine_code ---------------------------------------------------------

/// A region of this process's memory, as `/proc/self/maps` lists it.
#[derive(Deserialize, JsonSchema)]
pub struct Mapping {
    /// Its permissions, e.g. `rw-p` (readable, writable, not executable) or `r-xp`.
    pub permissions: String,
    /// The file mapped there; empty for anonymous memory (the heap, an allocator's arena).
    pub path: String,
}

impl Mapping {
    /// Whether the CPU may execute what is there.
    pub fn executable(&self) -> bool {
        self.permissions.contains('x')
    }
}

/// What area's bytecode is, where it is in memory, and what executes it.
#[derive(Deserialize, JsonSchema)]
pub struct BytecodeIsMachineCode {
    /// `co_code`, in hex.
    pub co_code_hex: String,
    /// Every other byte of it: opcode numbers.
    pub opcodes: Vec<u16>,
    /// Their names in `dis.opname`, CPython's table of its virtual machine's instructions.
    pub opnames: Vec<String>,
    /// How many of them that table does not name.
    pub unknown_opcodes: usize,
    /// `platform.machine()`: this CPU, e.g. `x86_64`.
    pub machine: String,
    /// The same CPU as ELF names it (`x86-64`), when known.
    pub machine_elf_name: Option<String>,
    /// The shared library that holds the interpreter.
    pub library: Option<String>,
    /// The CPU its machine code is for: its ELF header's `e_machine`.
    pub library_elf_machine: Option<u16>,
    /// That number's name, e.g. `x86-64`.
    pub library_elf_machine_name: Option<String>,
    /// The address of the bytes object `co_code` (CPython's `id()`), when recorded.
    #[serde(default)]
    pub co_code_address: Option<u64>,
    /// The memory those bytes are in.
    #[serde(default)]
    pub co_code_memory: Option<Mapping>,
    /// The code object's address (CPython's `id()`).
    pub code_object_address: u64,
    /// The memory the code object is in.
    pub code_object_memory: Option<Mapping>,
    /// The address of `_PyEval_EvalFrameDefault`, the C loop that executes bytecode.
    pub eval_loop_address: Option<u64>,
    /// The memory that loop is in.
    pub eval_loop_memory: Option<Mapping>,
    /// `sys.implementation.cache_tag`: what a `.pyc`'s name says it is for.
    pub cache_tag: Option<String>,
    /// The `.pyc` an import wrote, relative to its temporary directory.
    pub pyc_path: Option<String>,
    /// sysconfig's `EXT_SUFFIX`: what an extension module's name says it is for.
    pub ext_suffix: Option<String>,
}

/// What the judge derives about the bytecode and the machine code.
#[derive(Debug, Serialize, JsonSchema)]
pub struct BytecodeIsMachineCodeDerived {
    /// Whether the memory holding the bytecode (the bytes object, the code object) is
    /// executable (null when not seen).
    pub bytecode_memory_executable: Option<bool>,
    /// Whether the memory holding the evaluation loop is executable (null when not seen).
    pub eval_loop_memory_executable: Option<bool>,
    /// Whether libpython's machine code is for this CPU (null when not read).
    pub library_is_for_this_cpu: Option<bool>,
}

// --- cpython.cython_superset ------------------------------------------------------------------

/// What the Cython build of the plain module reported.
#[derive(Deserialize, JsonSchema)]
pub struct CythonBuild {
    /// The lines of C Cython wrote.
    pub c_lines: Option<u64>,
    /// The C compiler that built the extension.
    pub compiler: Option<String>,
    /// How long the build took, in seconds.
    pub build_seconds: Option<f64>,
}

/// A plain Python module run as Python and compiled by Cython, and Cython's own `cdef` source
/// given to Python's `compile()`.
#[derive(Deserialize, JsonSchema)]
pub struct CythonSuperset {
    /// The plain module's length, in lines.
    pub source_lines: usize,
    /// What its `results()` returned run as Python: each expression's `repr`.
    pub python_results: BTreeMap<String, String>,
    /// What its function and class are, run as Python.
    pub python_is: BTreeMap<String, Value>,
    /// The Cython build: whether it ran, and if not, why not.
    pub build: RuntimeEntry<CythonBuild>,
    /// The extension module's file name.
    pub module_file: Option<String>,
    /// What `results()` returned compiled by Cython.
    pub cython_results: Option<BTreeMap<String, String>>,
    /// What its function and class are, compiled by Cython.
    pub cython_is: Option<BTreeMap<String, Value>>,
    /// The error `compile()` raised for the `cdef` source Cython built (`fast_loop.pyx`); null
    /// when Python compiled it.
    pub cdef_error: Option<String>,
    /// The line it names.
    #[serde(default)]
    pub cdef_error_line: Option<usize>,
    /// That line's text.
    #[serde(default)]
    pub cdef_error_text: Option<String>,
    /// Whether Cython built that same source in this run (the other-implementations section).
    pub cdef_built_by_cython: bool,
}

/// What the judge derives from the two runs.
#[derive(Debug, Serialize, JsonSchema)]
pub struct CythonSupersetDerived {
    /// The expressions whose results differ between Python and Cython.
    pub differing_results: Vec<String>,
    /// What differs in what the objects are (type, `inspect.isfunction`).
    pub differing_objects: Vec<String>,
}

// --- cpython.cython_is_the_extension_language -------------------------------------------------

/// One compiled module loaded in this process, and what its machine code says of its language.
#[derive(Deserialize, JsonSchema)]
pub struct LoadedModule {
    /// Its name.
    pub name: String,
    /// `built-in` (in `sys.builtin_module_names`) or `file` (an extension module's file).
    pub kind: String,
    /// `__spec__.origin`: `built-in`, or the extension module's file.
    pub origin: Option<String>,
    /// The loader's type, e.g. `BuiltinImporter`, `ExtensionFileLoader`.
    pub loader: String,
    /// The module-level function whose machine code was traced.
    pub function: Option<String>,
    /// The file that machine code is mapped from.
    pub file: Option<String>,
    /// The function symbol of that file covering the function's C entry point.
    pub symbol: Option<String>,
    /// The Rust path a rustc-mangled symbol names.
    pub rust_path: Option<String>,
    /// The file's `.comment` notes: the compilers and linkers that wrote it.
    pub compilers: Vec<String>,
    /// What marks the module as Cython's (its functions' type, a `__test__` dict, ...).
    pub cython_markers: Vec<String>,
    /// The language those facts tell: `C`, `Rust`, `C++`, `Cython`; null when they tell none.
    pub language: Option<String>,
    /// Whether the file is part of CPython's own installation (under `sys.base_prefix`).
    pub in_installation: bool,
}

/// Whether the pyconcepts host's own module is loaded.
#[derive(Deserialize, JsonSchema)]
pub struct HostModule {
    /// Whether `_pyconcepts` is importable here.
    pub present: bool,
    /// Why it is not, when it is not.
    pub reason: Option<String>,
}

/// Every compiled module of this process (built-in ones and extension files) with the language
/// its machine code was written in.
#[derive(Deserialize, JsonSchema)]
pub struct CythonIsTheExtensionLanguage {
    /// How the language was read.
    pub method: String,
    /// The modules.
    pub modules: Vec<LoadedModule>,
    /// The host's module.
    pub host_module: HostModule,
    /// The modules this snippet built with Cython in the sections before.
    pub cython_built_here: Vec<String>,
    /// Why it built none, when it built none (Cython missing, left out).
    #[serde(default)]
    pub cython_not_built_because: Option<String>,
}

/// What the judge derives from the survey.
#[derive(Debug, Serialize, JsonSchema)]
pub struct CythonIsTheExtensionLanguageDerived {
    /// Whether a module built by Cython is loaded.
    pub cython_module_loaded: bool,
    /// Whether a module written in another language (C, Rust, C++) is loaded.
    pub other_language_loaded: bool,
    /// How many modules each language accounts for.
    pub by_language: BTreeMap<String, usize>,
    /// Modules whose language their machine code did not tell.
    pub untold: usize,
}
