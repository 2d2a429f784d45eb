//! The cpython demo's judges: each claim's verdict and explanation from its typed evidence.

use crate::demos::kit::parts;
use std::collections::BTreeMap;

use super::evidence::*;
use crate::demos::kit::runtimes::{self, Finding, RuntimeEntry, Tally};
use crate::demos::ClaimEvidence;
use crate::report::{Judgement, Verdict};

impl ClaimEvidence for ReferenceImplementation {
    type Derived = ReferenceImplementationDerived;

    fn judge(self) -> anyhow::Result<Judgement<ReferenceImplementationDerived>> {
        let e = self;
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
        Ok(judgement.with_derived(ReferenceImplementationDerived {
            c_side_agrees: e.c_version.as_deref() == Some(&e.sys_version),
        }))
    }
}

impl ClaimEvidence for CompilesToBytecode {
    type Derived = CompilesToBytecodeDerived;

    fn judge(self) -> anyhow::Result<Judgement<CompilesToBytecodeDerived>> {
        let e = self;
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
        let verdict = parts::core_and_rest(compiled && !opnames.is_empty(), cached);
        Ok(
            Judgement::new(verdict, format!("{in_memory}; {on_disk}.")).with_derived(
                CompilesToBytecodeDerived {
                    instruction_count: opnames.len(),
                },
            ),
        )
    }
}

impl ClaimEvidence for BytecodeIsC {
    type Derived = BytecodeIsCDerived;

    fn judge(self) -> anyhow::Result<Judgement<BytecodeIsCDerived>> {
        let e = self;
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
        Ok(judgement.with_derived(BytecodeIsCDerived {
            interpreter_is_machine_code: compiled_machine_code,
        }))
    }
}

impl ClaimEvidence for AdaptiveSpecialization {
    type Derived = AdaptiveSpecializationDerived;

    fn judge(self) -> anyhow::Result<Judgement<AdaptiveSpecializationDerived>> {
        let e = self;
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
            (None, _) => {
                let build = match e.free_threaded_build {
                    Some(true) => " This is a free-threaded build (Py_GIL_DISABLED = 1).",
                    Some(false) => " This is a build with a GIL (Py_GIL_DISABLED not set).",
                    None => "",
                };
                Judgement::new(
                    Verdict::Refuted,
                    format!(
                        "After {} calls, dis(adaptive=True) still shows the instructions as \
                         compiled ({}): this interpreter did not specialise them.{build}",
                        e.calls,
                        e.after.join(", ")
                    ),
                )
            }
        };
        Ok(judgement.with_derived(AdaptiveSpecializationDerived {
            rewritten_instructions: rewrites.len(),
            specialised_after_calls: e.changed_after_call,
        }))
    }
}

/// How one runtime that ran stands next to CPython, and the sentence that says so: `None` for
/// another CPython (a `--python` extra), which is shown but is no other implementation.
fn compare_runtime(
    runtime: &RuntimeEntry<HowItRuns>,
    cpython: &HereCpython,
) -> (Option<Finding>, String) {
    let name = &runtime.name;
    let who = runtime.label();
    let found = &runtime.found;
    if runtime.is_cython() {
        let compiled =
            found.machine_code == Some(true) && found.function_type.as_deref() != Some("function");
        let text = format!(
            "{who} translated the loop into {} lines of C, compiled into {} ({}), which this \
             CPython imported: its functions are {}",
            found.c_lines.unwrap_or(0),
            found.module_file.as_deref().unwrap_or("a module"),
            if found.machine_code == Some(true) {
                "machine code"
            } else {
                "not machine code"
            },
            found.function_type.as_deref().unwrap_or("?")
        );
        let finding = if compiled {
            Finding::AsClaimed
        } else {
            Finding::Unclear
        };
        return (Some(finding), text);
    }
    if runtime.is_cpython() {
        return (
            None,
            format!("{name} is {who}: CPython too, not another implementation"),
        );
    }
    if let Some(method) = &found.java_method {
        let proxy = found
            .proxy_java_class
            .as_deref()
            .map_or(String::new(), |class| {
                format!(
                    "; a Python class implementing java.lang.Runnable became the JVM class {class}"
                )
            });
        return (
            Some(Finding::AsClaimed),
            format!(
                "{who} ran a Python function as the JVM method {method}, of a class compiled \
                 from Python to JVM bytecode — Java's bytecode, not Java source{proxy}"
            ),
        );
    }
    let own_bytecode = match &found.opnames {
        Some(opnames) if *opnames != cpython.opnames => Some(true),
        Some(_) => Some(false),
        None => None,
    };
    let bytecode = match (&found.opnames, own_bytecode) {
        (Some(opnames), Some(true)) => format!(
            "compiled area() to its own bytecode ({}; CPython {}: {})",
            opnames.join(" "),
            cpython.version,
            cpython.opnames.join(" ")
        ),
        (Some(opnames), _) => format!(
            "compiled area() to CPython's bytecode ({})",
            opnames.join(" ")
        ),
        (None, _) => "showed no bytecode".to_owned(),
    };
    let jit = match found.jit {
        Some(true) => " and has a JIT compiler (pypyjit)",
        Some(false) => " and has no JIT compiler",
        None => "",
    };
    // It runs Python its own way (its own bytecode, a JIT), or CPython's: the same bytecode and
    // no JIT; or its probe could not tell.
    let finding = match (own_bytecode, found.jit) {
        (Some(true), _) | (_, Some(true)) => Finding::AsClaimed,
        (Some(false), Some(false)) => Finding::Against,
        _ => Finding::Unclear,
    };
    (Some(finding), format!("{who} {bytecode}{jit}"))
}

/// "pypy3 1.1 ms (40.9× faster)": a runtime's best round of the loop next to CPython's.
fn speed(label: &str, seconds: f64, cpython_seconds: f64) -> (String, f64) {
    let ratio = cpython_seconds / seconds;
    let relation = if (0.9..=1.1).contains(&ratio) {
        "as fast".to_owned()
    } else if ratio > 1.0 {
        format!("{ratio:.1}× faster")
    } else {
        format!("{:.1}× slower", 1.0 / ratio)
    };
    (
        format!("{label} {:.1} ms ({relation})", seconds * 1000.0),
        (ratio * 10.0).round() / 10.0,
    )
}

impl ClaimEvidence for OtherImplementations {
    type Derived = OtherImplementationsDerived;

    fn judge(self) -> anyhow::Result<Judgement<OtherImplementationsDerived>> {
        let e = self;
        let ran = runtimes::ran(&e.runtimes);
        let compared: Vec<(Option<Finding>, String)> = ran
            .iter()
            .map(|runtime| compare_runtime(runtime, &e.cpython))
            .collect();
        let others = compared
            .iter()
            .filter(|(finding, _)| finding.is_some())
            .count();

        let mut speedups = BTreeMap::new();
        let mut timings = vec![format!(
            "CPython {} {:.1} ms",
            e.cpython.version,
            e.cpython.loop_seconds * 1000.0
        )];
        for runtime in &ran {
            let rows = match (runtime.found.loop_seconds, runtime.found.typed_loop_seconds) {
                (Some(plain), Some(typed)) => vec![
                    (format!("{} (the loop as is)", runtime.name), plain),
                    (format!("{} (typed)", runtime.name), typed),
                ],
                (Some(plain), None) => vec![(runtime.name.clone(), plain)],
                _ => vec![],
            };
            for (name, seconds) in rows.into_iter().filter(|(_, seconds)| *seconds > 0.0) {
                let (text, ratio) = speed(&name, seconds, e.cpython.loop_seconds);
                timings.push(text);
                speedups.insert(name, ratio);
            }
        }
        let findings: Vec<&str> = compared.iter().map(|(_, text)| text.as_str()).collect();
        let story = format!(
            "{}. The loop spin({}), best round: {}",
            findings.join("; "),
            e.spin.n,
            timings.join(", ")
        );
        let judgement = if others == 0 {
            let also = if findings.is_empty() {
                String::new()
            } else {
                format!(" Only CPython ran: {}.", findings.join("; "))
            };
            Judgement::new(
                Verdict::Skipped,
                format!("{}{also}", runtimes::nothing_to_compare(&e.runtimes)),
            )
        } else {
            let tally: Tally = compared
                .iter()
                .filter_map(|(finding, _)| *finding)
                .collect();
            let verdict = tally.verdict();
            let ending = match verdict {
                Verdict::Confirmed => "",
                Verdict::Refuted => {
                    " Every other implementation that ran showed CPython's own way."
                }
                Verdict::Nuanced => " Not every implementation that ran differed from CPython.",
                _ => " The probes that ran could not show how their runtimes run Python.",
            };
            Judgement::new(
                verdict,
                format!("{story}.{}{ending}", runtimes::not_compared(&e.runtimes)),
            )
        };
        Ok(judgement.with_derived(OtherImplementationsDerived {
            ran: runtimes::ran_labels(&e.runtimes),
            other_implementations_ran: others,
            speedups,
        }))
    }
}
#[cfg(test)]
mod tests {
    use super::*;
    use crate::demos::kit::runtimes::testing::{missing, ran, timed_out};
    use crate::demos::testing::judge;
    use serde_json::{json, Value};

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
        let agreed =
            judge::<ReferenceImplementation>(&identity("cpython", json!(VERSION))).unwrap();
        assert_eq!(agreed.verdict, Verdict::Confirmed);
        assert!(agreed.explanation.contains("libpython3.11.so.1.0"));
        assert!(agreed.derived.unwrap().c_side_agrees);
        let mixed =
            judge::<ReferenceImplementation>(&identity("cpython", json!("3.11.2 (Debian)")));
        assert_eq!(mixed.unwrap().verdict, Verdict::Inconclusive);
        let no_c_side =
            judge::<ReferenceImplementation>(&identity("cpython", Value::Null)).unwrap();
        assert_eq!(no_c_side.verdict, Verdict::Confirmed);
        assert!(no_c_side.explanation.contains("could not be read"));
    }

    #[test]
    fn reference_implementation_refuted_on_pypy() {
        let mut pypy = identity("pypy", Value::Null);
        pypy["python_implementation"] = json!("PyPy");
        let judgement = judge::<ReferenceImplementation>(&pypy).unwrap();
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
        let both = judge::<CompilesToBytecode>(&compiled(true, true)).unwrap();
        assert_eq!(both.verdict, Verdict::Confirmed);
        assert!(both.explanation.contains("a7 0d 0d 0a equal"));
        let stale = judge::<CompilesToBytecode>(&compiled(true, false)).unwrap();
        assert_eq!(stale.verdict, Verdict::Nuanced);
        let mut no_code = compiled(true, true);
        no_code["co_code_size"] = json!(0);
        assert_eq!(
            judge::<CompilesToBytecode>(&no_code).unwrap().verdict,
            Verdict::Refuted
        );
    }

    #[test]
    fn bytecode_without_pyc_fields_is_nuanced() {
        let evidence = json!({"code_type": "code", "co_code_type": "bytes", "co_code_size": 4,
            "instructions": [{"opname": "RESUME"}], "call_result": 12,
            "pyc": {"pyc_written": false}});
        assert_eq!(
            judge::<CompilesToBytecode>(&evidence).unwrap().verdict,
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
        let judgement = judge::<BytecodeIsC>(&made_of(0, true, true)).unwrap();
        assert_eq!(judgement.verdict, Verdict::Refuted);
        assert!(judgement.explanation.contains("151=RESUME"));
        assert!(judgement.explanation.contains("bad magic number"));
        assert!(judgement
            .explanation
            .contains("compiled by GCC 12.2.0 into /lib/"));
        assert!(judgement.explanation.contains("is in that library"));
        // Either fact alone still shows the bytecode is CPython's, not C.
        let no_magic_test = judge::<BytecodeIsC>(&made_of(0, false, true)).unwrap();
        assert_eq!(no_magic_test.verdict, Verdict::Refuted);
    }

    #[test]
    fn bytecode_is_c_on_pypy_speaks_only_of_the_bytecode() {
        let mut pypy = made_of(0, true, false);
        pypy["implementation_name"] = json!("pypy");
        pypy["compiler"] = json!("an unnamed compiler");
        pypy["library"] = Value::Null;
        pypy["eval_loop_library"] = Value::Null;
        let judgement = judge::<BytecodeIsC>(&pypy).unwrap();
        assert_eq!(judgement.verdict, Verdict::Refuted);
        assert!(judgement.explanation.contains("this interpreter is pypy"));
        assert!(!judgement.explanation.contains("compiled by"));
    }

    #[test]
    fn bytecode_is_c_inconclusive_when_nothing_decodes() {
        let judgement = judge::<BytecodeIsC>(&made_of(2, false, false)).unwrap();
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
        let judgement = judge::<AdaptiveSpecialization>(&evidence).unwrap();
        assert_eq!(judgement.verdict, Verdict::Confirmed);
        assert!(judgement
            .explanation
            .contains("BINARY_OP → BINARY_OP_ADD_INT"));
        assert_eq!(judgement.derived.unwrap().specialised_after_calls, Some(8));
        assert!(judgement.explanation.contains("By call 8 (of 64)"));
    }

    #[test]
    fn specialisation_refuted_on_a_build_that_never_rewrites() {
        // A free-threaded 3.13 build has dis(adaptive=True) but no specialisation.
        let mut evidence = adaptive(
            &["RESUME", "LOAD_FAST_LOAD_FAST", "LOAD_ATTR", "BINARY_OP"],
            Value::Null,
            &[],
        );
        evidence["free_threaded_build"] = json!(true);
        let judgement = judge::<AdaptiveSpecialization>(&evidence).unwrap();
        assert_eq!(judgement.verdict, Verdict::Refuted);
        assert!(judgement.explanation.contains("After 64 calls"));
        assert!(judgement
            .explanation
            .contains("(RESUME, LOAD_FAST_LOAD_FAST, LOAD_ATTR, BINARY_OP)"));
        assert!(judgement
            .explanation
            .contains("This is a free-threaded build (Py_GIL_DISABLED = 1)."));
        let ordinary = adaptive(&["RESUME", "LOAD_ATTR", "BINARY_OP_INPLACE"], json!(3), &[]);
        assert_eq!(
            judge::<AdaptiveSpecialization>(&ordinary).unwrap().verdict,
            Verdict::Inconclusive
        );
    }

    fn pypy(opnames: &[&str], jit: bool) -> Value {
        ran(
            "pypy3",
            json!({"implementation": "PyPy", "version": "7.3.11", "python_version": "3.9.16",
                   "platform": "linux", "opnames": opnames, "jit": jit,
                   "loop_seconds": 0.0011, "first_round_seconds": 0.012, "rounds": 200}),
        )
    }

    fn jython(java_method: Value) -> Value {
        ran(
            "jython",
            json!({"implementation": "Jython", "version": "2.7.3", "python_version": "2.7.3",
                   "platform": "java17.0.15", "opnames": null, "java_version": "17.0.15",
                   "java_method": java_method,
                   "object_java_class": "org.python.core.PyFunction",
                   "proxy_java_class": "org.python.proxies.__main__$Greeter$0",
                   "run_by_java_thread": "Thread-0", "loop_seconds": 0.0105}),
        )
    }

    fn cython() -> Value {
        json!({"name": "cython", "status": "ran", "version": "3.3.1", "compiler": "gcc",
               "pyx_lines": 12, "c_lines": 8457,
               "module_file": "fast_loop.cpython-311-x86_64-linux-gnu.so",
               "file_kind": "ELF shared object", "machine_code": true,
               "function_type": "cython_function_or_method", "build_seconds": 1.8,
               "loop_seconds": 0.0386, "typed_loop_seconds": 0.0012})
    }

    const CPYTHON_AREA: [&str; 5] = [
        "RESUME",
        "LOAD_FAST",
        "LOAD_FAST",
        "BINARY_OP",
        "RETURN_VALUE",
    ];
    const PYPY_AREA: [&str; 4] = ["LOAD_FAST", "LOAD_FAST", "BINARY_MULTIPLY", "RETURN_VALUE"];

    fn implementations(runtimes: Vec<Value>) -> Value {
        json!({"cpython": {"implementation": "cpython", "version": "3.11.7",
                           "opnames": CPYTHON_AREA, "loop_seconds": 0.0444},
               "loop": {"source": "def spin(n): ...", "n": 1_000_000},
               "runtimes": runtimes, "temp_dir": "/tmp/pyconcepts-cython-x",
               "temp_dir_removed": true})
    }

    #[test]
    fn other_implementations_confirmed_when_each_shows_its_own_way() {
        let evidence = implementations(vec![
            pypy(&PYPY_AREA, true),
            jython(json!("org.python.pycode._pyx0.where_am_i$5")),
            cython(),
        ]);
        let judgement = judge::<OtherImplementations>(&evidence).unwrap();
        assert_eq!(
            judgement.verdict,
            Verdict::Confirmed,
            "{}",
            judgement.explanation
        );
        for quoted in [
            "PyPy 7.3.11 compiled area() to its own bytecode (LOAD_FAST LOAD_FAST \
             BINARY_MULTIPLY RETURN_VALUE",
            "has a JIT compiler",
            "the JVM method org.python.pycode._pyx0.where_am_i$5",
            "8457 lines of C",
            "cython_function_or_method",
            "pypy3 1.1 ms (40.4× faster)",
            "cython (typed) 1.2 ms (37.0× faster)",
        ] {
            assert!(
                judgement.explanation.contains(quoted),
                "{quoted:?} not in {}",
                judgement.explanation
            );
        }
        let derived = judgement.derived.unwrap();
        assert_eq!(derived.ran, ["PyPy 7.3.11", "Jython 2.7.3", "Cython 3.3.1"]);
        assert_eq!(derived.speedups["pypy3"], 40.4);
        assert_eq!(derived.other_implementations_ran, 3);
    }

    #[test]
    fn other_implementations_skipped_with_install_lines_when_none_ran() {
        let evidence = implementations(vec![
            missing("pypy3", "apt-get install pypy3"),
            timed_out("jython"),
            missing("cython", "python3 -m pip install cython"),
        ]);
        let judgement = judge::<OtherImplementations>(&evidence).unwrap();
        assert_eq!(judgement.verdict, Verdict::Skipped);
        for quoted in [
            "pypy3 is missing (pypy3 is not on PATH; install it with `apt-get install pypy3`)",
            "jython gave no result (killed after its 1 s timeout)",
            "`python3 -m pip install cython`",
        ] {
            assert!(
                judgement.explanation.contains(quoted),
                "{quoted:?} not in {}",
                judgement.explanation
            );
        }
        assert_eq!(judgement.derived.unwrap().other_implementations_ran, 0);
    }

    #[test]
    fn another_cpython_alone_is_not_another_implementation() {
        let other_cpython = ran(
            "python3.10",
            json!({"implementation": "CPython", "version": "3.10.12",
                   "python_version": "3.10.12", "platform": "linux",
                   "opnames": ["LOAD_FAST", "LOAD_FAST", "BINARY_MULTIPLY", "RETURN_VALUE"],
                   "loop_seconds": 0.06}),
        );
        let evidence = implementations(vec![
            missing("pypy3", "apt-get install pypy3"),
            other_cpython.clone(),
        ]);
        let judgement = judge::<OtherImplementations>(&evidence).unwrap();
        assert_eq!(judgement.verdict, Verdict::Skipped);
        assert!(judgement
            .explanation
            .contains("python3.10 is CPython 3.10.12: CPython too"));
        // When every runtime listed ran, none was missing: the explanation must not say that
        // none was listed (it did).
        let judgement =
            judge::<OtherImplementations>(&implementations(vec![other_cpython])).unwrap();
        assert_eq!(judgement.verdict, Verdict::Skipped);
        assert_eq!(
            judgement.explanation,
            "No other implementation ran, so there is nothing to compare: every runtime listed \
             ran, and python3.10 is CPython. Only CPython ran: python3.10 is CPython 3.10.12: \
             CPython too, not another implementation."
        );
    }

    #[test]
    fn other_implementations_refuted_or_nuanced_when_one_runs_like_cpython() {
        // An imaginary PyPy without a JIT that compiled to CPython's own bytecode.
        let like_cpython = pypy(&CPYTHON_AREA, false);
        let judgement =
            judge::<OtherImplementations>(&implementations(vec![like_cpython.clone()])).unwrap();
        assert_eq!(judgement.verdict, Verdict::Refuted);
        assert!(judgement
            .explanation
            .contains("compiled area() to CPython's bytecode"));
        assert!(judgement.explanation.contains("has no JIT compiler"));
        let mixed = implementations(vec![like_cpython, cython()]);
        assert_eq!(
            judge::<OtherImplementations>(&mixed).unwrap().verdict,
            Verdict::Nuanced
        );
    }

    #[test]
    fn other_implementations_inconclusive_when_the_probe_cannot_tell() {
        let judgement =
            judge::<OtherImplementations>(&implementations(vec![jython(Value::Null)])).unwrap();
        assert_eq!(judgement.verdict, Verdict::Inconclusive);
        assert!(judgement.explanation.contains("showed no bytecode"));
    }
}
