//! Question 2, "what is CPython?": the reference implementation, a C program that compiles
//! Python to its own version-specific bytecode and runs it in an adaptive, specialising loop.
//!
//! The snippet looks at the interpreter from both sides: what Python reports about itself, and
//! what the C side shows (the library the loader mapped, `Py_GetVersion()` through the C API).

use serde::Deserialize;
use serde_json::Value;

use super::{read, ClaimSpec, Demo};
use crate::report::{Judgement, Source, Verdict};
use crate::snippet;

pub const DEMO: Demo = Demo {
    snippet: snippet!("cpython.py"),
    picture: None,
    params: &[],
    claims: &[
        ClaimSpec {
            id: "cpython.reference_implementation",
            source: Source::Article,
            claim: "The interpreter running here is CPython, the reference implementation of \
                    Python: a program written in C.",
            judge: reference_implementation,
        },
        ClaimSpec {
            id: "cpython.compiles_to_bytecode",
            source: Source::Article,
            claim: "Source code is compiled to bytecode (a code object; cached as a .pyc on \
                    import) which the interpreter then executes.",
            judge: compiles_to_bytecode,
        },
        ClaimSpec {
            id: "cpython.bytecode_is_c",
            source: Source::Article,
            claim: "CPython is the implementation of Python whose bytecode is in the C \
                    programming language.",
            judge: bytecode_is_c,
        },
        ClaimSpec {
            id: "cpython.adaptive_specialization",
            source: Source::Senior,
            claim: "\"Interpreted\" is not the whole story: once a function has run a few times, \
                    CPython 3.11+ rewrites its instructions into specialised ones \
                    (e.g. BINARY_OP_ADD_INT).",
            judge: adaptive_specialization,
        },
    ],
};

#[derive(Deserialize)]
struct ReferenceImplementation {
    implementation_name: String,
    python_implementation: String,
    sys_version: String,
    c_version: Option<String>,
    c_side_method: String,
    library: Option<String>,
    library_kind: Option<String>,
    #[serde(default)]
    library_is_machine_code: bool,
    compiler: String,
}

fn reference_implementation(evidence: &Value) -> anyhow::Result<Judgement> {
    let e: ReferenceImplementation = read(evidence)?;
    let identity = format!(
        "sys.implementation.name is {:?} and platform.python_implementation() is {:?}",
        e.implementation_name, e.python_implementation
    );
    if e.implementation_name != "cpython" {
        return Ok(Judgement::new(
            Verdict::Refuted,
            format!(
                "{identity}: this interpreter is not CPython, so CPython's answers (its \
                 bytecode, its reference counts) do not describe it."
            ),
        ));
    }
    let library = match (&e.library, &e.library_kind) {
        (Some(path), Some(kind)) if e.library_is_machine_code => {
            format!("{path} (an {kind}: compiled machine code)")
        }
        (Some(path), Some(kind)) => format!("{path} ({kind})"),
        (Some(path), None) => path.clone(),
        _ => "a library the loader would not name".to_owned(),
    };
    let judgement = match &e.c_version {
        Some(c_version) if *c_version != e.sys_version => Judgement::new(
            Verdict::Inconclusive,
            format!(
                "{identity}, but Python and C disagree: sys.version is {:?} while \
                 Py_GetVersion() (read through {}) returns {c_version:?} from {library}. Two \
                 builds are mixed up in this process.",
                e.sys_version, e.c_side_method
            ),
        ),
        Some(c_version) => Judgement::new(
            Verdict::Confirmed,
            format!(
                "{identity}; the C side agrees: Py_GetVersion(), read through {}, returns the \
                 same {c_version:?}, from {library}, built by {}.",
                e.c_side_method, e.compiler
            ),
        ),
        None => Judgement::new(
            Verdict::Confirmed,
            format!(
                "{identity}; the C side could not be read ({}), so this rests on what Python \
                 reports: built by {}.",
                e.c_side_method, e.compiler
            ),
        ),
    };
    Ok(judgement.with(
        "c_side_agrees",
        e.c_version.as_deref() == Some(&e.sys_version),
    ))
}

#[derive(Deserialize)]
struct Instruction {
    opname: String,
}

#[derive(Deserialize)]
struct Pyc {
    pyc_written: bool,
    pyc_path: Option<String>,
    pyc_size: Option<u64>,
    magic_hex: Option<String>,
    interpreter_magic_hex: Option<String>,
    #[serde(default)]
    magic_matches: bool,
}

#[derive(Deserialize)]
struct CompilesToBytecode {
    code_type: String,
    co_code_type: String,
    co_code_size: usize,
    instructions: Vec<Instruction>,
    call_result: Value,
    pyc: Pyc,
}

fn compiles_to_bytecode(evidence: &Value) -> anyhow::Result<Judgement> {
    let e: CompilesToBytecode = read(evidence)?;
    let compiled = e.code_type == "code" && e.co_code_type == "bytes" && e.co_code_size > 0;
    let opnames: Vec<&str> = e.instructions.iter().map(|i| i.opname.as_str()).collect();
    let in_memory = format!(
        "compile() returned a {} object whose co_code is {} {} that dis reads as {} \
         instructions ({}); running it gave area(3, 4) = {}",
        e.code_type,
        e.co_code_size,
        e.co_code_type,
        opnames.len(),
        opnames.join(", "),
        e.call_result
    );
    let magic = |hex: &Option<String>| hex.clone().unwrap_or_else(|| "?".to_owned());
    let cached = e.pyc.pyc_written && e.pyc.magic_matches;
    let on_disk = if e.pyc.pyc_written {
        format!(
            "importing a module wrote {} ({} bytes) whose first four bytes {} {} \
             importlib.util.MAGIC_NUMBER {}",
            e.pyc.pyc_path.as_deref().unwrap_or("a .pyc"),
            e.pyc.pyc_size.unwrap_or(0),
            magic(&e.pyc.magic_hex),
            if e.pyc.magic_matches {
                "equal"
            } else {
                "differ from"
            },
            magic(&e.pyc.interpreter_magic_hex)
        )
    } else {
        "importing a module wrote no .pyc to __pycache__".to_owned()
    };
    let verdict = match (compiled && !opnames.is_empty(), cached) {
        (true, true) => Verdict::Confirmed,
        (true, false) => Verdict::Nuanced,
        (false, _) => Verdict::Refuted,
    };
    Ok(Judgement::new(verdict, format!("{in_memory}; {on_disk}."))
        .with("instruction_count", opnames.len()))
}

#[derive(Deserialize)]
struct BytecodeIsC {
    implementation_name: String,
    co_code_type: String,
    opcodes: Vec<u16>,
    opnames: Vec<String>,
    unknown_opcodes: usize,
    opcode_table_size: usize,
    cache_tag: Option<String>,
    own_magic_number: Option<u32>,
    other_magic_refused: Option<bool>,
    refusal: Option<String>,
    compiler: String,
    library: Option<String>,
    library_kind: Option<String>,
    #[serde(default)]
    library_is_machine_code: bool,
    eval_loop_library: Option<String>,
}

fn bytecode_is_c(evidence: &Value) -> anyhow::Result<Judgement> {
    let e: BytecodeIsC = read(evidence)?;
    let decoded = e.co_code_type == "bytes" && !e.opcodes.is_empty() && e.unknown_opcodes == 0;
    let version_bound = e.other_magic_refused == Some(true);
    let compiled_machine_code = e.library_is_machine_code;
    let pairs: Vec<String> = e
        .opcodes
        .iter()
        .zip(&e.opnames)
        .map(|(code, name)| format!("{code}={name}"))
        .collect();
    let mut facts = vec![format!(
        "co_code is a {} object of {}'s own opcode numbers ({}), decoded by this version's \
         table of {} opcodes",
        e.co_code_type,
        if e.implementation_name == "cpython" {
            "CPython"
        } else {
            &e.implementation_name
        },
        pairs.join(" "),
        e.opcode_table_size
    )];
    if version_bound {
        facts.push(format!(
            "its format belongs to one version (magic number {}, cache tag {}): the same \
             bytes stamped with another version's magic were refused ({})",
            e.own_magic_number
                .map_or_else(|| "?".to_owned(), |n| n.to_string()),
            e.cache_tag.as_deref().unwrap_or("?"),
            e.refusal.as_deref().unwrap_or("refused")
        ));
    }
    let library = match (&e.library, &e.library_kind) {
        (Some(path), Some(kind)) if compiled_machine_code => {
            format!(" into {path}, an {kind} of machine code")
        }
        (Some(path), _) => format!(" into {path}"),
        _ => String::new(),
    };
    let eval_loop = match &e.eval_loop_library {
        Some(path) if e.library.as_ref() == Some(path) => {
            ", and the loop that executes the bytecode, the C function \
             _PyEval_EvalFrameDefault, is in that library"
                .to_owned()
        }
        Some(path) => format!(
            ", and the loop that executes the bytecode, the C function \
             _PyEval_EvalFrameDefault, is in {path}"
        ),
        None => String::new(),
    };
    let interpreter = if e.implementation_name == "cpython" {
        format!(
            "C is the language the interpreter is written in: it was compiled by {}{library}\
             {eval_loop}",
            e.compiler
        )
    } else {
        format!(
            "this interpreter is {}, not CPython, so what CPython is written in is not shown \
             here",
            e.implementation_name
        )
    };
    let judgement = if decoded && (version_bound || compiled_machine_code) {
        facts.push(interpreter);
        Judgement::new(
            Verdict::Refuted,
            format!("The bytecode is not C: {}.", facts.join("; ")),
        )
    } else {
        Judgement::new(
            Verdict::Inconclusive,
            format!(
                "Could not show what the bytecode is made of: {} of {} opcodes did not decode \
                 with this version's table, and no other version's magic number was refused.",
                e.unknown_opcodes,
                e.opcodes.len()
            ),
        )
    };
    Ok(judgement.with("interpreter_is_machine_code", compiled_machine_code))
}

#[derive(Deserialize)]
struct AdaptiveSpecialization {
    calls: u32,
    before: Vec<String>,
    after: Vec<String>,
    changed_after_call: Option<u32>,
    specialised: Vec<String>,
}

fn adaptive_specialization(evidence: &Value) -> anyhow::Result<Judgement> {
    let e: AdaptiveSpecialization = read(evidence)?;
    let rewrites: Vec<String> = e
        .before
        .iter()
        .zip(&e.after)
        .filter(|(old, new)| old != new)
        .map(|(old, new)| format!("{old} → {new}"))
        .collect();
    let judgement = match (e.changed_after_call, e.specialised.is_empty()) {
        (Some(call), false) => Judgement::new(
            Verdict::Confirmed,
            format!(
                "By call {call} (of {}) the interpreter had rewritten the function's \
                 instructions in place: {}. None of {} is in the compiler's opcode table: \
                 they are quickened and specialised forms that assume what the calls so far \
                 showed (int operands, an instance attribute) and fall back if that changes.",
                e.calls,
                rewrites.join(", "),
                e.specialised.join(", ")
            ),
        ),
        (Some(call), true) => Judgement::new(
            Verdict::Inconclusive,
            format!(
                "The instructions changed after call {call} ({}), but only into ordinary \
                 opcodes: no specialised instruction to point at.",
                rewrites.join(", ")
            ),
        ),
        (None, _) => Judgement::new(
            Verdict::Refuted,
            format!(
                "After {} calls, dis(adaptive=True) still shows the instructions as compiled \
                 ({}): this interpreter did not specialise them (free-threaded 3.13 builds, \
                 for one, turn specialisation off).",
                e.calls,
                e.after.join(", ")
            ),
        ),
    };
    Ok(judgement
        .with("rewritten_instructions", rewrites.len())
        .with("specialised_after_calls", e.changed_after_call))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    const VERSION: &str = "3.11.7 (main, May  9 2026, 07:35:25) [GCC 12.2.0]";

    fn identity(name: &str, c_version: Value) -> Value {
        json!({"implementation_name": name, "python_implementation": "CPython",
               "sys_version": VERSION, "c_version": c_version,
               "c_side_method": "the host module _pyconcepts (Rust, through the C API)", "library": "/lib/libpython3.11.so.1.0",
               "library_header": "7f 45 4c 46",
               "library_kind": "ELF shared object", "library_is_machine_code": true,
               "compiler": "GCC 12.2.0"})
    }

    #[test]
    fn reference_implementation_needs_python_and_c_to_agree() {
        let agreed = reference_implementation(&identity("cpython", json!(VERSION))).unwrap();
        assert_eq!(agreed.verdict, Verdict::Confirmed);
        assert!(agreed.explanation.contains("libpython3.11.so.1.0"));
        assert_eq!(agreed.derived["c_side_agrees"], true);
        let mixed = reference_implementation(&identity("cpython", json!("3.11.2 (Debian)")));
        assert_eq!(mixed.unwrap().verdict, Verdict::Inconclusive);
        let no_c_side = reference_implementation(&identity("cpython", Value::Null)).unwrap();
        assert_eq!(no_c_side.verdict, Verdict::Confirmed);
        assert!(no_c_side.explanation.contains("could not be read"));
    }

    #[test]
    fn reference_implementation_refuted_on_pypy() {
        let mut pypy = identity("pypy", Value::Null);
        pypy["python_implementation"] = json!("PyPy");
        let judgement = reference_implementation(&pypy).unwrap();
        assert_eq!(judgement.verdict, Verdict::Refuted);
        assert!(judgement.explanation.contains("\"PyPy\""));
    }

    fn compiled(pyc_written: bool, magic_matches: bool) -> Value {
        json!({"code_type": "code", "co_code_type": "bytes", "co_code_size": 12,
               "instruction_count": 2,
               "instructions": [{"offset": 0, "opname": "RESUME", "opcode": 151, "argrepr": ""},
                                {"offset": 2, "opname": "RETURN_VALUE", "opcode": 83,
                                 "argrepr": ""}],
               "call_result": 12,
               "pyc": {"pyc_written": pyc_written,
                       "pyc_path": "__pycache__/bytecode_lesson.cpython-311.pyc",
                       "pyc_size": 294, "magic_hex": "a7 0d 0d 0a",
                       "interpreter_magic_hex": "a7 0d 0d 0a", "magic_matches": magic_matches},
               "temp_dir": "/tmp/pyconcepts-cpython-x", "temp_dir_removed": true})
    }

    #[test]
    fn bytecode_confirmed_only_with_a_matching_pyc() {
        let both = compiles_to_bytecode(&compiled(true, true)).unwrap();
        assert_eq!(both.verdict, Verdict::Confirmed);
        assert!(both.explanation.contains("a7 0d 0d 0a equal"));
        let stale = compiles_to_bytecode(&compiled(true, false)).unwrap();
        assert_eq!(stale.verdict, Verdict::Nuanced);
        let mut no_code = compiled(true, true);
        no_code["co_code_size"] = json!(0);
        assert_eq!(
            compiles_to_bytecode(&no_code).unwrap().verdict,
            Verdict::Refuted
        );
    }

    #[test]
    fn bytecode_without_pyc_fields_is_nuanced() {
        let evidence = json!({"code_type": "code", "co_code_type": "bytes", "co_code_size": 4,
            "instructions": [{"opname": "RESUME"}], "call_result": 12,
            "pyc": {"pyc_written": false}});
        assert_eq!(
            compiles_to_bytecode(&evidence).unwrap().verdict,
            Verdict::Nuanced
        );
    }

    fn made_of(unknown: usize, refused: bool, machine_code: bool) -> Value {
        json!({"implementation_name": "cpython",
               "co_code_type": "bytes", "co_code_hex": "97 00 53 00", "opcodes": [151, 83],
               "opnames": ["RESUME", "RETURN_VALUE"], "unknown_opcodes": unknown,
               "opcode_table_size": 110, "cache_tag": "cpython-311", "own_magic_number": 3495,
               "other_magic_hex": "a6 0d 0d 0a", "own_magic_accepted": true,
               "other_magic_refused": refused, "refusal_type": "ImportError",
               "refusal": "bad magic number in 'lesson_other_magic': b'\\xa6\\r\\r\\n'",
               "compiler": "GCC 12.2.0", "library": "/lib/libpython3.11.so.1.0",
               "library_kind": "ELF shared object", "library_is_machine_code": machine_code,
               "eval_loop_found": true,
               "eval_loop_library": "/lib/libpython3.11.so.1.0"})
    }

    #[test]
    fn bytecode_is_c_refuted_by_opcodes_and_a_compiled_interpreter() {
        let judgement = bytecode_is_c(&made_of(0, true, true)).unwrap();
        assert_eq!(judgement.verdict, Verdict::Refuted);
        assert!(judgement.explanation.contains("151=RESUME"));
        assert!(judgement.explanation.contains("bad magic number"));
        assert!(judgement
            .explanation
            .contains("compiled by GCC 12.2.0 into /lib/"));
        assert!(judgement.explanation.contains("is in that library"));
        // Either fact alone still shows the bytecode is CPython's, not C.
        let no_magic_test = bytecode_is_c(&made_of(0, false, true)).unwrap();
        assert_eq!(no_magic_test.verdict, Verdict::Refuted);
    }

    #[test]
    fn bytecode_is_c_on_pypy_speaks_only_of_the_bytecode() {
        let mut pypy = made_of(0, true, false);
        pypy["implementation_name"] = json!("pypy");
        pypy["compiler"] = json!("an unnamed compiler");
        pypy["library"] = Value::Null;
        pypy["eval_loop_library"] = Value::Null;
        let judgement = bytecode_is_c(&pypy).unwrap();
        assert_eq!(judgement.verdict, Verdict::Refuted);
        assert!(judgement.explanation.contains("this interpreter is pypy"));
        assert!(!judgement.explanation.contains("compiled by"));
    }

    #[test]
    fn bytecode_is_c_inconclusive_when_nothing_decodes() {
        let judgement = bytecode_is_c(&made_of(2, false, false)).unwrap();
        assert_eq!(judgement.verdict, Verdict::Inconclusive);
        assert!(judgement.explanation.contains("2 of 2"));
    }

    fn adaptive(after: &[&str], changed: Value, specialised: &[&str]) -> Value {
        json!({"calls": 64, "before": ["RESUME", "LOAD_ATTR", "BINARY_OP"], "after": after,
               "changed_after_call": changed, "specialised": specialised})
    }

    #[test]
    fn specialisation_confirmed_when_instructions_are_rewritten() {
        let evidence = adaptive(
            &[
                "RESUME_QUICK",
                "LOAD_ATTR_INSTANCE_VALUE",
                "BINARY_OP_ADD_INT",
            ],
            json!(8),
            &[
                "RESUME_QUICK",
                "LOAD_ATTR_INSTANCE_VALUE",
                "BINARY_OP_ADD_INT",
            ],
        );
        let judgement = adaptive_specialization(&evidence).unwrap();
        assert_eq!(judgement.verdict, Verdict::Confirmed);
        assert!(judgement
            .explanation
            .contains("BINARY_OP → BINARY_OP_ADD_INT"));
        assert_eq!(judgement.derived["specialised_after_calls"], 8);
        assert!(judgement.explanation.contains("By call 8 (of 64)"));
    }

    #[test]
    fn specialisation_refuted_on_a_build_that_never_rewrites() {
        // A free-threaded 3.13 build has dis(adaptive=True) but no specialisation.
        let evidence = adaptive(&["RESUME", "LOAD_ATTR", "BINARY_OP"], Value::Null, &[]);
        let judgement = adaptive_specialization(&evidence).unwrap();
        assert_eq!(judgement.verdict, Verdict::Refuted);
        assert!(judgement.explanation.contains("After 64 calls"));
        let ordinary = adaptive(&["RESUME", "LOAD_ATTR", "BINARY_OP_INPLACE"], json!(3), &[]);
        assert_eq!(
            adaptive_specialization(&ordinary).unwrap().verdict,
            Verdict::Inconclusive
        );
    }
}
