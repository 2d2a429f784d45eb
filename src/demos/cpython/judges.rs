//! The cpython demo's judges: each claim's verdict and explanation from its typed evidence.

use std::collections::BTreeMap;

use serde_json::Value;

use super::evidence::*;
use crate::demos::kit::numbers;
use crate::demos::kit::parts;
use crate::demos::kit::python::Repr;
use crate::demos::kit::runtimes::{self, Finding, RuntimeEntry, Status, Tally};
use crate::demos::ClaimEvidence;
use crate::report::{Judgement, Verdict};

impl ClaimEvidence for ReferenceImplementation {
    type Derived = ReferenceImplementationDerived;

    fn judge(self) -> anyhow::Result<Judgement<ReferenceImplementationDerived>> {
        let e = self;
        let identity = format!(
            "sys.implementation.name is {} and platform.python_implementation() is {}",
            e.implementation_name.repr(),
            e.python_implementation.repr()
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
                    "{identity}, but Python and C disagree: sys.version is {} while \
                 Py_GetVersion() (read through {}) returns {} from {library}. Two \
                 builds are mixed up in this process.",
                    e.sys_version.repr(),
                    e.c_side_method,
                    c_version.repr()
                ),
            ),
            Some(c_version) => Judgement::new(
                Verdict::Confirmed,
                format!(
                    "{identity}; the C side agrees: Py_GetVersion(), read through {}, returns the \
                 same {}, from {library}, built by {}.",
                    e.c_side_method,
                    c_version.repr(),
                    e.compiler
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
            "compile() returned a {} object whose co_code is {} {} that dis reads as {} ({}); \
             running it gave area(3, 4) = {}",
            e.code_type,
            e.co_code_size,
            e.co_code_type,
            numbers::plural(opnames.len() as u64, "instruction"),
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

/// A CPython's opcode table, to tell another implementation's own opcodes from CPython's.
struct CpythonTable<'a> {
    /// "CPython 3.11.7".
    label: String,
    /// Its version, e.g. "3.11.7".
    version: &'a str,
    /// Its opcode names.
    names: &'a [String],
}

/// "3.9" of "3.9.16": the language version, whose bytecode a CPython of the same one shares.
fn language_version(version: &str) -> &str {
    let mut dots = version.match_indices('.').map(|(at, _)| at);
    match (dots.next(), dots.next()) {
        (Some(_), Some(second)) => &version[..second],
        _ => version,
    }
}

/// Whether a runtime has opcodes of its own, and the sentence part that says which, judged from
/// what is specific to the implementation: opcodes no CPython compared has, either in its whole
/// table when a CPython of the same language version was compared, or among those its own
/// `opcode` module says it adds. A table of another language version differs from CPython's for
/// that reason alone (PyPy 3.9's BINARY_MULTIPLY is CPython 3.9's), so it shows nothing.
fn own_opcodes(
    found: &HowItRuns,
    here: &HereCpython,
    tables: &[CpythonTable],
) -> (Option<bool>, String) {
    let (bytecode, text) = specific_opcodes(found, tables);
    // area()'s instructions differ whenever the language versions do: quoted, and said to be so.
    let language = found.python_version.as_deref().map(language_version);
    let across = match (&found.opnames, language) {
        (Some(opnames), Some(language)) if language != language_version(&here.version) => {
            format!(
                "compiled area() to {} (CPython {}: {}), a comparison across language versions \
                 (Python {language} against {}) that alone shows nothing of the implementation; \
                 it ",
                opnames.join(" "),
                here.version,
                here.opnames.join(" "),
                language_version(&here.version)
            )
        }
        _ => String::new(),
    };
    (bytecode, format!("{across}{text}"))
}

/// The opcodes specific to the implementation, and the sentence part that names them.
fn specific_opcodes(found: &HowItRuns, tables: &[CpythonTable]) -> (Option<bool>, String) {
    let in_cpython = |name: &String| tables.iter().any(|table| table.names.contains(name));
    let compared: Vec<&str> = tables.iter().map(|table| table.label.as_str()).collect();
    let compared = compared.join(", ");
    let language = found.python_version.as_deref().map(language_version);
    let same_language = tables
        .iter()
        .find(|table| Some(language_version(table.version)) == language);
    let emitted = |own: &[&String]| {
        let used: Vec<&str> = own
            .iter()
            .filter(|name| {
                found
                    .comprehension_opnames
                    .as_ref()
                    .is_some_and(|opnames| opnames.contains(name))
            })
            .map(|name| name.as_str())
            .collect();
        if used.is_empty() {
            String::new()
        } else {
            format!(
                ", and its compiler emitted {} for a list comprehension",
                used.join(", ")
            )
        }
    };
    let compared_with = match same_language {
        Some(cpython) => format!("{compared}; {} is of its language version", cpython.label),
        None => compared.clone(),
    };
    match (
        &found.opcode_names,
        &found.pypy_section_opcodes,
        same_language,
    ) {
        (table, Some(declared), _) if !declared.is_empty() => {
            let own: Vec<&String> = declared.iter().filter(|name| !in_cpython(name)).collect();
            let marker = found
                .pypy_section_marker
                .as_deref()
                .unwrap_or("a comment of its own");
            // Beside its own, a table may keep opcodes CPython dropped before the versions
            // compared (SETUP_EXCEPT, gone in 3.8): absent from every table, yet not PyPy's.
            let unclaimed: Vec<&str> = match (table, same_language) {
                (Some(table), Some(_)) => table
                    .iter()
                    .filter(|name| !in_cpython(name) && !declared.contains(name))
                    .map(String::as_str)
                    .collect(),
                _ => Vec::new(),
            };
            let unclaimed = if unclaimed.is_empty() {
                String::new()
            } else {
                format!(
                    "; its table also has {}, in no CPython compared either, which its module \
                     does not list as its own",
                    unclaimed.join(", ")
                )
            };
            let text = if own.is_empty() {
                format!(
                    "has no opcode of its own: the opcodes its opcode module adds under {marker:?} \
                     ({}) are all in a CPython table compared ({compared_with})",
                    declared.join(", ")
                )
            } else {
                let names: Vec<&str> = own.iter().map(|name| name.as_str()).collect();
                format!(
                    "has opcodes of its own: its opcode module adds {} under {marker:?}, in no \
                     CPython table compared ({compared_with}){}{unclaimed}",
                    names.join(", "),
                    emitted(&own)
                )
            };
            (Some(!own.is_empty()), text)
        }
        (Some(table), _, Some(_)) => {
            let own: Vec<&String> = table.iter().filter(|name| !in_cpython(name)).collect();
            let names: Vec<&str> = own.iter().map(|name| name.as_str()).collect();
            let text = if own.is_empty() {
                format!("has no opcode that the CPythons compared lack ({compared_with})")
            } else {
                format!(
                    "has opcodes the CPython of its language version lacks: {} of its table are \
                     in no CPython compared ({compared_with}): {}{}",
                    own.len(),
                    names.join(", "),
                    emitted(&own)
                )
            };
            (Some(!own.is_empty()), text)
        }
        (Some(table), _, None) => {
            let absent = table.iter().filter(|name| !in_cpython(name)).count();
            (
                None,
                format!(
                    "has {absent} names in its opcode table that {compared} lacks, but no \
                     CPython of its language version was compared and it names none as its own: \
                     that shows no bytecode of its own"
                ),
            )
        }
        _ => (None, "showed no opcode table".to_owned()),
    }
}

/// Whether a runtime's JIT compiled the loop to machine code, and the sentence part that says so.
fn jit_compiled(found: &HowItRuns) -> (Option<bool>, String) {
    let rounds = match (found.first_round_seconds, found.loop_seconds) {
        (Some(first), Some(best)) => format!(
            " (first round {:.1} ms, best {:.1} ms)",
            first * 1000.0,
            best * 1000.0
        ),
        _ => String::new(),
    };
    match (found.jit, &found.jit_loops) {
        (Some(true), Some(loops)) => {
            let spin: Vec<&JitLoop> = loops
                .iter()
                .filter(|jit| jit.code.as_deref() == Some("spin"))
                .filter(|jit| jit.asm_bytes.is_some_and(|bytes| bytes > 0))
                .collect();
            match spin.first() {
                Some(first) => (
                    Some(true),
                    format!(
                        "its JIT compiler (pypyjit) compiled spin()'s {} into {} bytes of \
                         machine code while it ran{rounds}",
                        first.kind,
                        first.asm_bytes.unwrap_or(0)
                    ),
                ),
                None => (
                    Some(false),
                    format!(
                        "its JIT compiler (pypyjit) compiled nothing of spin() while it ran{rounds}"
                    ),
                ),
            }
        }
        (Some(true), None) => (
            None,
            "it has the JIT module pypyjit, but what it compiled was not recorded".to_owned(),
        ),
        (Some(false), _) => (
            Some(false),
            "it has no JIT compiler (no pypyjit)".to_owned(),
        ),
        (None, _) => (None, String::new()),
    }
}

/// How one runtime that ran stands next to CPython, and the sentence that says so: `None` for
/// another CPython (a `--python` extra), which is shown but is no other implementation.
fn compare_runtime(
    runtime: &RuntimeEntry<HowItRuns>,
    here: &HereCpython,
    tables: &[CpythonTable],
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
    let (bytecode, bytecode_text) = own_opcodes(found, here, tables);
    let (jit, jit_text) = jit_compiled(found);
    // The claim says both: PyPy has its own bytecode *and* a JIT compiler.
    let finding = match (bytecode, jit) {
        (Some(true), Some(true)) => Finding::AsClaimed,
        (Some(false), Some(false)) => Finding::Against,
        (Some(true), Some(false)) | (Some(false), Some(true)) => Finding::Partly,
        _ => Finding::Unclear,
    };
    let cache = found.cache_tag.as_deref().map_or(String::new(), |tag| {
        format!(" (its .pyc files are tagged {tag})")
    });
    let jit_text = if jit_text.is_empty() {
        String::new()
    } else {
        format!("; {jit_text}")
    };
    (
        Some(finding),
        format!("{who} {bytecode_text}{cache}{jit_text}"),
    )
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
        numbers::round(ratio, 1),
    )
}

impl ClaimEvidence for OtherImplementations {
    type Derived = OtherImplementationsDerived;

    fn judge(self) -> anyhow::Result<Judgement<OtherImplementationsDerived>> {
        let e = self;
        let ran = runtimes::ran(&e.runtimes);
        // Every CPython whose opcode table this run saw: this one, and any --python CPython.
        let mut tables = vec![CpythonTable {
            label: format!("CPython {}", e.cpython.version),
            version: &e.cpython.version,
            names: &e.cpython.opcode_names,
        }];
        for runtime in ran.iter().filter(|runtime| runtime.is_cpython()) {
            if let (Some(version), Some(names)) = (
                runtime.found.python_version.as_deref(),
                runtime.found.opcode_names.as_deref(),
            ) {
                tables.push(CpythonTable {
                    label: format!("CPython {version}"),
                    version,
                    names,
                });
            }
        }
        let compared: Vec<(Option<Finding>, String)> = ran
            .iter()
            .map(|runtime| compare_runtime(runtime, &e.cpython, &tables))
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

/// `["a", "b"]` as Python prints a list of strings: what `print` calls recorded.
fn printed_list(printed: &[String]) -> String {
    let items: Vec<String> = printed.iter().map(|text| format!("'{text}'")).collect();
    format!("[{}]", items.join(", "))
}

impl ClaimEvidence for InterpretedThenCompiled {
    type Derived = InterpretedThenCompiledDerived;

    fn judge(self) -> anyhow::Result<Judgement<InterpretedThenCompiledDerived>> {
        let e = self;
        let last = e.file_lines;
        let first_line = e.lines.first().map_or("?", String::as_str);
        let last_line = e.lines.last().map_or("?", String::as_str);
        let child = &e.child;
        let printed = child
            .stdout
            .as_deref()
            .filter(|_| child.ran)
            .map(|out| out.lines().filter(|line| !line.trim().is_empty()).count());
        let syntax_error_at_last = child
            .error
            .as_deref()
            .is_some_and(|error| error.starts_with("SyntaxError"))
            && child.error_line == Some(last);
        // In this process: compiling ran none of it, running the code object ran it, and the
        // whole file's source failed to compile before any of it ran.
        let compiled_before_run = e.printed_after_compile.is_empty()
            && !e.printed_after_exec.is_empty()
            && e.whole_file_error.is_some()
            && e.printed_by_whole_file.is_empty();
        let here = format!(
            "in this process, compile() of the lines before it printed {} and returned a code \
             object, whose exec() then printed {}; exec() of the whole file's source raised {} \
             (line {}) and printed {}",
            printed_list(&e.printed_after_compile),
            printed_list(&e.printed_after_exec),
            e.whole_file_error.as_deref().unwrap_or("no error"),
            e.whole_file_error_line
                .map_or_else(|| "?".to_owned(), |line| line.to_string()),
            printed_list(&e.printed_by_whole_file)
        );
        let file = format!(
            "a file of {last} lines whose line 1 is {first_line} and whose last line, {last}, \
             is not Python ({last_line})"
        );
        let (verdict, text) = match printed {
            Some(0) if syntax_error_at_last && compiled_before_run => (
                Verdict::Refuted,
                format!(
                    "Nothing is interpreted before it is compiled: {} ran {file}: it printed \
                     nothing and stopped with {} at line {last}, exit status {}. The whole file \
                     was compiled to bytecode before any of it ran, and compiling failed. The \
                     same two steps apart: {here}.",
                    child.python,
                    child.error.as_deref().unwrap_or("?"),
                    child
                        .returncode
                        .map_or_else(|| "?".to_owned(), |code| code.to_string())
                ),
            ),
            Some(lines) if lines > 0 && syntax_error_at_last => (
                Verdict::Confirmed,
                format!(
                    "{} ran {file}: it printed {} before stopping with {} at line {last}, so \
                     its first lines ran before the last was compiled; {here}.",
                    child.python,
                    numbers::plural(lines as u64, "line"),
                    child.error.as_deref().unwrap_or("?")
                ),
            ),
            None if compiled_before_run => (
                Verdict::Refuted,
                format!(
                    "{} could not be run ({}), but in this process the source is compiled \
                     before any of it runs: {here}.",
                    child.python,
                    child.problem.as_deref().unwrap_or("no reason given")
                ),
            ),
            _ => (
                Verdict::Inconclusive,
                format!(
                    "{} on {file} gave {} on stdout and {} (line {}), which does not tell \
                     whether anything ran before compiling; {here}.",
                    child.python,
                    printed.map_or_else(
                        || "nothing".to_owned(),
                        |n| numbers::plural(n as u64, "line")
                    ),
                    child.error.as_deref().unwrap_or("no error"),
                    child
                        .error_line
                        .map_or_else(|| "?".to_owned(), |line| line.to_string())
                ),
            ),
        };
        Ok(
            Judgement::new(verdict, text).with_derived(InterpretedThenCompiledDerived {
                printed_before_the_error: printed,
                compiled_before_run,
            }),
        )
    }
}

impl ClaimEvidence for BytecodeIsMachineCode {
    type Derived = BytecodeIsMachineCodeDerived;

    fn judge(self) -> anyhow::Result<Judgement<BytecodeIsMachineCodeDerived>> {
        let e = self;
        let virtual_machine = !e.opcodes.is_empty() && e.unknown_opcodes == 0;
        let bytecode_executable = match (&e.co_code_memory, &e.code_object_memory) {
            (None, None) => None,
            (bytes, code) => Some(bytes.iter().chain(code).any(Mapping::executable)),
        };
        let loop_executable = e.eval_loop_memory.as_ref().map(Mapping::executable);
        let for_this_cpu = match (&e.library_elf_machine_name, &e.machine_elf_name) {
            (Some(library), Some(cpu)) => Some(library == cpu),
            _ => None,
        };
        let pairs: Vec<String> = e
            .opcodes
            .iter()
            .zip(&e.opnames)
            .map(|(code, name)| format!("{code}={name}"))
            .collect();
        let mut facts = vec![format!(
            "area's bytecode, {}, is opcode numbers that dis.opname, the table of CPython's \
             virtual machine, names: {}",
            e.co_code_hex,
            pairs.join(" ")
        )];
        let where_is = |mapping: &Mapping| {
            if mapping.path.is_empty() {
                "anonymous memory".to_owned()
            } else {
                mapping.path.clone()
            }
        };
        let may_not_run = |memory: &Mapping| {
            if memory.executable() {
                ""
            } else {
                ", which the CPU may not execute"
            }
        };
        if let (Some(memory), Some(address)) = (&e.co_code_memory, e.co_code_address) {
            facts.push(format!(
                "those bytes are data, a bytes object at {address:#x} in memory mapped {} ({}){}",
                memory.permissions,
                where_is(memory),
                may_not_run(memory)
            ));
        }
        if let Some(memory) = &e.code_object_memory {
            facts.push(format!(
                "so is the code object, at {:#x} in memory mapped {} ({}){}",
                e.code_object_address,
                memory.permissions,
                where_is(memory),
                may_not_run(memory)
            ));
        }
        let library_cpu = match (&e.library_elf_machine_name, e.library_elf_machine) {
            (Some(name), Some(number)) => format!(
                ", an ELF file of machine code for {name} (e_machine {number}); this CPU is \
                 {} (platform.machine())",
                e.machine.repr()
            ),
            _ => String::new(),
        };
        match (&e.eval_loop_memory, e.eval_loop_address) {
            (Some(memory), Some(address)) => facts.push(format!(
                "what executes them is the C loop _PyEval_EvalFrameDefault, machine code at \
                 {address:#x} in memory mapped {} from {}{library_cpu}",
                memory.permissions,
                where_is(memory)
            )),
            _ => {
                if let Some(library) = &e.library {
                    facts.push(format!("the interpreter is {library}{library_cpu}"));
                }
            }
        }
        if let (Some(tag), Some(suffix)) = (&e.cache_tag, &e.ext_suffix) {
            facts.push(format!(
                "a .pyc is named for the Python version alone ({}), a compiled extension \
                 module for the CPU too ({suffix})",
                e.pyc_path.as_deref().unwrap_or(tag)
            ));
        }
        let apart = bytecode_executable == Some(false) && loop_executable == Some(true);
        let judgement = if virtual_machine && (apart || for_this_cpu == Some(true)) {
            Judgement::new(
                Verdict::Refuted,
                format!(
                    "The bytes are instructions of CPython's virtual machine, not of this CPU: \
                     {}.",
                    facts.join("; ")
                ),
            )
        } else {
            Judgement::new(
                Verdict::Inconclusive,
                format!(
                    "Could not tell what the bytecode's bytes are instructions for: {} of {} \
                     opcodes decoded with dis.opname, and the memory maps {} where the bytecode \
                     and the loop that executes it lie.",
                    e.opcodes.len() - e.unknown_opcodes.min(e.opcodes.len()),
                    e.opcodes.len(),
                    if bytecode_executable.is_some() && loop_executable.is_some() {
                        "showed"
                    } else {
                        "did not show"
                    }
                ),
            )
        };
        Ok(judgement.with_derived(BytecodeIsMachineCodeDerived {
            bytecode_memory_executable: bytecode_executable,
            eval_loop_memory_executable: loop_executable,
            library_is_for_this_cpu: for_this_cpu,
        }))
    }
}

/// A recorded value as Python shows it: `True`, a string without JSON's quotes.
fn python_value(value: &Value) -> String {
    match value {
        Value::Bool(true) => "True".to_owned(),
        Value::Bool(false) => "False".to_owned(),
        Value::String(text) => text.clone(),
        other => other.to_string(),
    }
}

impl ClaimEvidence for CythonSuperset {
    type Derived = CythonSupersetDerived;

    fn judge(self) -> anyhow::Result<Judgement<CythonSupersetDerived>> {
        let e = self;
        let build = &e.build;
        let cdef = match (&e.cdef_error, e.cdef_error_line) {
            (Some(error), line) => format!(
                "Cython's own language is more than Python: Python's compile() rejects the \
                 source with cdef that Cython {} (fast_loop.pyx) with {error}{}",
                if e.cdef_built_by_cython {
                    "built above"
                } else {
                    "builds"
                },
                match (line, &e.cdef_error_text) {
                    (Some(line), Some(text)) if !text.is_empty() => {
                        format!(" at line {line} ({text})")
                    }
                    (Some(line), _) => format!(" at line {line}"),
                    _ => String::new(),
                }
            ),
            (None, _) => "Python's compile() accepted the cdef source too".to_owned(),
        };
        let empty = CythonSupersetDerived {
            differing_results: Vec::new(),
            differing_objects: Vec::new(),
        };
        let (Some(cython_results), true) = (&e.cython_results, build.ran()) else {
            let judgement = match build.status {
                Status::Failed
                    if build
                        .reason
                        .as_deref()
                        .is_some_and(|reason| reason.starts_with("cython:")) =>
                {
                    Judgement::new(
                        Verdict::Refuted,
                        format!(
                            "Cython rejected a plain Python module of {}: {}. {cdef}.",
                            numbers::plural(e.source_lines as u64, "line"),
                            build.reason.as_deref().unwrap_or("?")
                        ),
                    )
                }
                Status::Failed => Judgement::new(
                    Verdict::Inconclusive,
                    format!(
                        "The plain Python module could not be built: {}. {cdef}.",
                        build.why_not_run()
                    ),
                ),
                _ => Judgement::new(
                    Verdict::Skipped,
                    format!(
                        "Nothing compiled the plain Python module with Cython: {}.",
                        build.why_not_run()
                    ),
                ),
            };
            return Ok(judgement.with_derived(empty));
        };
        let differing_results: Vec<String> = e
            .python_results
            .iter()
            .filter(|(key, value)| cython_results.get(*key) != Some(value))
            .map(|(key, _)| key.clone())
            .collect();
        let cython_is = e.cython_is.as_ref();
        let differing_objects: Vec<String> = e
            .python_is
            .iter()
            .filter_map(|(key, python)| {
                let compiled = cython_is.and_then(|is| is.get(key))?;
                (compiled != python).then(|| {
                    format!(
                        "{key} is {}, not {}",
                        python_value(compiled),
                        python_value(python)
                    )
                })
            })
            .collect();
        let results: Vec<String> = e
            .python_results
            .iter()
            .map(|(key, value)| format!("{key} = {value}"))
            .collect();
        let built = format!(
            "Cython {} compiled a plain Python module of {} into {} lines of C, which {} built \
             into {}{}",
            build.version.as_deref().unwrap_or("?"),
            numbers::plural(e.source_lines as u64, "line"),
            build.found.c_lines.unwrap_or(0),
            build.found.compiler.as_deref().unwrap_or("the C compiler"),
            e.module_file.as_deref().unwrap_or("an extension module"),
            build
                .found
                .build_seconds
                .map_or(String::new(), |seconds| format!(" ({seconds} s in all)"))
        );
        let objects = if differing_objects.is_empty() {
            String::new()
        } else {
            format!(
                ". What differs is what its objects are, not what they compute: {}",
                differing_objects.join(", ")
            )
        };
        let rejects_cdef = e.cdef_error.is_some();
        let (verdict, text) = if differing_results.is_empty() {
            (
                parts::core_and_rest(true, rejects_cdef),
                format!(
                    "{built}; run compiled and run as Python, it gave the same results: {}{objects}. \
                     {cdef}.",
                    results.join(", ")
                ),
            )
        } else {
            let differences: Vec<String> = differing_results
                .iter()
                .map(|key| {
                    format!(
                        "{key} = {} as Python, {} compiled",
                        e.python_results[key],
                        cython_results.get(key).map_or("nothing", String::as_str)
                    )
                })
                .collect();
            (
                Verdict::Nuanced,
                format!(
                    "{built}, but it did not behave the same: {}{objects}. {cdef}.",
                    differences.join("; ")
                ),
            )
        };
        Ok(
            Judgement::new(verdict, text).with_derived(CythonSupersetDerived {
                differing_results,
                differing_objects,
            }),
        )
    }
}

/// The last part of a path: the file's own name.
fn file_name(path: &str) -> &str {
    path.rsplit('/').next().unwrap_or(path)
}

/// "_abc (built-in, loader BuiltinImporter; get_cache_token() enters machine code at
/// _abc_get_cache_token in libpython3.11.so.1.0)": one module and the facts that tell its
/// language.
fn module_facts(module: &LoadedModule) -> String {
    let origin = match module.origin.as_deref() {
        Some("built-in") => "built-in".to_owned(),
        Some(origin) => format!("from {}", file_name(origin)),
        None => "no origin".to_owned(),
    };
    let mut facts = vec![format!("{origin}, loader {}", module.loader)];
    if let (Some(function), Some(symbol)) = (&module.function, &module.symbol) {
        let shown = match &module.rust_path {
            Some(path) if path != symbol => format!("{path} (rustc's mangled {symbol})"),
            _ => symbol.clone(),
        };
        let file = match module.file.as_deref() {
            Some(file) if module.origin.as_deref() != Some(file) => {
                format!(" in {}", file_name(file))
            }
            _ => String::new(),
        };
        facts.push(format!("{function}() enters machine code at {shown}{file}"));
    }
    if !module.cython_markers.is_empty() {
        facts.push(format!(
            "Cython's markers: {}",
            module.cython_markers.join(", ")
        ));
    }
    format!("{} ({})", module.name, facts.join("; "))
}

/// "1 is", "3 are": a count and its verb.
fn count_is(count: usize, one: &str, many: &str) -> String {
    format!("{count} {}", if count == 1 { one } else { many })
}

/// The compilers a group of modules' files name, e.g. "GCC: (Debian 12.2.0-14) 12.2.0".
fn compilers_of(modules: &[&LoadedModule], keep: impl Fn(&str) -> bool) -> Vec<String> {
    let mut compilers: Vec<String> = modules
        .iter()
        .flat_map(|module| module.compilers.iter())
        .filter(|note| keep(note))
        .cloned()
        .collect();
    compilers.sort();
    compilers.dedup();
    compilers
}

impl ClaimEvidence for CythonIsTheExtensionLanguage {
    type Derived = CythonIsTheExtensionLanguageDerived;

    fn judge(self) -> anyhow::Result<Judgement<CythonIsTheExtensionLanguageDerived>> {
        let e = self;
        let mut by_language: BTreeMap<String, Vec<&LoadedModule>> = BTreeMap::new();
        let mut untold: Vec<&LoadedModule> = Vec::new();
        for module in &e.modules {
            match &module.language {
                Some(language) => by_language
                    .entry(language.clone())
                    .or_default()
                    .push(module),
                None => untold.push(module),
            }
        }
        let count = |language: &str| by_language.get(language).map_or(0, Vec::len);
        let mut groups = Vec::new();
        if let Some(c) = by_language.get("C") {
            let built_in: Vec<&&LoadedModule> = c
                .iter()
                .filter(|module| module.kind == "built-in")
                .collect();
            let files: Vec<&&LoadedModule> = c
                .iter()
                .filter(|module| module.kind != "built-in")
                .collect();
            let own = c.iter().filter(|module| module.in_installation).count();
            let mut examples = Vec::new();
            if let Some(module) = built_in.first() {
                examples.push(format!(
                    "{} built-in, such as {}",
                    built_in.len(),
                    module_facts(module)
                ));
            }
            if let Some(module) = files.first() {
                examples.push(format!(
                    "{}, such as {}",
                    numbers::plural(files.len() as u64, "extension file"),
                    module_facts(module)
                ));
            }
            groups.push(format!(
                "{} C, {} plain unmangled C names: {}; {} in CPython's own files, built by {}",
                count_is(c.len(), "is", "are"),
                if c.len() == 1 {
                    "its functions' symbols"
                } else {
                    "their functions' symbols"
                },
                examples.join(", and "),
                match (c.len(), own) {
                    (1, 1) => "it is".to_owned(),
                    (1, _) => "it is not".to_owned(),
                    (_, 1) => "1 of them is".to_owned(),
                    (_, own) => format!("{own} of them are"),
                },
                compilers_of(c, |note| !note.starts_with("Linker")).join("; ")
            ));
        }
        if let Some(rust) = by_language.get("Rust") {
            let names: Vec<String> = rust.iter().map(|module| module_facts(module)).collect();
            let rustc = compilers_of(rust, |note| note.starts_with("rustc"));
            groups.push(format!(
                "{} Rust: {}{}",
                count_is(rust.len(), "is", "are"),
                names.join(", "),
                if rustc.is_empty() {
                    String::new()
                } else {
                    format!(", a file whose .comment notes name {}", rustc.join("; "))
                }
            ));
        }
        if let Some(cpp) = by_language.get("C++") {
            let names: Vec<String> = cpp.iter().map(|module| module_facts(module)).collect();
            groups.push(format!(
                "{} C++: {}",
                count_is(cpp.len(), "is", "are"),
                names.join(", ")
            ));
        }
        if let Some(cython) = by_language.get("Cython") {
            let names: Vec<String> = cython.iter().map(|module| module_facts(module)).collect();
            let built_here: Vec<&str> = cython
                .iter()
                .map(|module| module.name.as_str())
                .filter(|name| e.cython_built_here.iter().any(|here| here == name))
                .collect();
            groups.push(format!(
                "{} built by Cython: {}{}",
                count_is(cython.len(), "was", "were"),
                names.join(", "),
                if built_here.is_empty() {
                    String::new()
                } else {
                    format!(" ({} built by this demo)", built_here.join(", "))
                }
            ));
        }
        let host = match (&e.host_module.present, &e.host_module.reason) {
            (false, Some(reason)) => format!(" The host's module is absent here: {reason}."),
            (false, None) => " The host's module _pyconcepts is absent here.".to_owned(),
            (true, _) => String::new(),
        };
        let unknown = if untold.is_empty() {
            String::new()
        } else {
            let names = |traced: bool| {
                untold
                    .iter()
                    .filter(|module| module.function.is_some() == traced)
                    .map(|module| module.name.as_str())
                    .collect::<Vec<_>>()
                    .join(", ")
            };
            let reasons: Vec<String> = [
                (names(false), "no module-level function to trace"),
                (names(true), "no symbol found for its entry point"),
            ]
            .into_iter()
            .filter(|(names, _)| !names.is_empty())
            .map(|(names, why)| format!("{names} ({why})"))
            .collect();
            format!(
                " {} told no language: {}.",
                numbers::plural(untold.len() as u64, "module"),
                reasons.join("; ")
            )
        };
        let others = count("C") + count("Rust") + count("C++");
        let cython = count("Cython");
        // A count of none or one reads as such, not as "0 tell their language: ."
        let told = match e.modules.len() - untold.len() {
            0 => "none tells its language".to_owned(),
            1 => format!("1 tells its language: {}", groups.join("; ")),
            told => format!("{told} tell their language: {}", groups.join("; ")),
        };
        let survey = format!(
            "Of the {} loaded in this process (built-in and extension files), {told}.\
             {unknown}{host} (Read from {}.)",
            numbers::plural(e.modules.len() as u64, "compiled module"),
            e.method
        );
        let (verdict, ending) = match (others > 0, cython > 0) {
            (true, true) => (
                Verdict::Nuanced,
                " Cython is one language CPython extensions are written in, not the one.",
            ),
            (true, false) => (
                Verdict::Refuted,
                " None of them was built by Cython: in this process it is not the language \
                 extensions were made in.",
            ),
            (false, true) => (
                Verdict::Confirmed,
                " Every module whose language could be told was built by Cython.",
            ),
            (false, false) => (
                Verdict::Inconclusive,
                " No module's language could be told.",
            ),
        };
        let not_built = match (&e.cython_not_built_because, cython) {
            (Some(reason), 0) => format!(" This run built no module with Cython: {reason}."),
            _ => String::new(),
        };
        Ok(
            Judgement::new(verdict, format!("{survey}{ending}{not_built}")).with_derived(
                CythonIsTheExtensionLanguageDerived {
                    cython_module_loaded: cython > 0,
                    other_language_loaded: others > 0,
                    by_language: by_language
                        .iter()
                        .map(|(language, modules)| (language.clone(), modules.len()))
                        .collect(),
                    untold: untold.len(),
                },
            ),
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::demos::kit::runtimes::testing::{missing, ran, timed_out};
    use crate::demos::testing::{self, judge};
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
        testing::assert_explained("reference_implementation__confirmed", &agreed);
        assert!(agreed.explanation.contains("libpython3.11.so.1.0"));
        assert!(agreed.derived.unwrap().c_side_agrees);
        let mixed =
            judge::<ReferenceImplementation>(&identity("cpython", json!("3.11.2 (Debian)")));
        let mixed = mixed.unwrap();
        assert_eq!(mixed.verdict, Verdict::Inconclusive);
        testing::assert_explained("reference_implementation__inconclusive", &mixed);
        let no_c_side =
            judge::<ReferenceImplementation>(&identity("cpython", Value::Null)).unwrap();
        assert_eq!(no_c_side.verdict, Verdict::Confirmed);
        testing::assert_explained("reference_implementation__confirmed__no_c_side", &no_c_side);
        assert!(no_c_side.explanation.contains("could not be read"));
    }

    #[test]
    fn reference_implementation_refuted_on_pypy() {
        let mut pypy = identity("pypy", Value::Null);
        pypy["python_implementation"] = json!("PyPy");
        let judgement = judge::<ReferenceImplementation>(&pypy).unwrap();
        assert_eq!(judgement.verdict, Verdict::Refuted);
        testing::assert_explained("reference_implementation__refuted", &judgement);
        assert!(judgement.explanation.contains("'PyPy'"));
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
        testing::assert_explained("compiles_to_bytecode__confirmed", &both);
        assert!(both.explanation.contains("a7 0d 0d 0a equal"));
        let stale = judge::<CompilesToBytecode>(&compiled(true, false)).unwrap();
        assert_eq!(stale.verdict, Verdict::Nuanced);
        testing::assert_explained("compiles_to_bytecode__nuanced", &stale);
        let mut no_code = compiled(true, true);
        no_code["co_code_size"] = json!(0);
        let judgement = judge::<CompilesToBytecode>(&no_code).unwrap();
        assert_eq!(judgement.verdict, Verdict::Refuted);
        testing::assert_explained("compiles_to_bytecode__refuted", &judgement);
    }

    #[test]
    fn bytecode_without_pyc_fields_is_nuanced() {
        let evidence = json!({"code_type": "code", "co_code_type": "bytes", "co_code_size": 4,
            "instructions": [{"opname": "RESUME"}], "call_result": 12,
            "pyc": {"pyc_written": false}});
        let judgement = judge::<CompilesToBytecode>(&evidence).unwrap();
        assert_eq!(judgement.verdict, Verdict::Nuanced);
        testing::assert_explained("compiles_to_bytecode__nuanced_2", &judgement);
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
        testing::assert_explained("bytecode_is_c__refuted", &judgement);
        testing::assert_quotes(
            &judgement.explanation,
            &[
                "151=RESUME",
                "bad magic number",
                "compiled by GCC 12.2.0 into /lib/",
                "is in that library",
            ],
        );
        // Either fact alone still shows the bytecode is CPython's, not C.
        let no_magic_test = judge::<BytecodeIsC>(&made_of(0, false, true)).unwrap();
        assert_eq!(no_magic_test.verdict, Verdict::Refuted);
        testing::assert_explained("bytecode_is_c__refuted__no_magic_test", &no_magic_test);
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
        testing::assert_explained("bytecode_is_c__refuted_2", &judgement);
        assert!(judgement.explanation.contains("this interpreter is pypy"));
        assert!(!judgement.explanation.contains("compiled by"));
    }

    #[test]
    fn bytecode_is_c_inconclusive_when_nothing_decodes() {
        let judgement = judge::<BytecodeIsC>(&made_of(2, false, false)).unwrap();
        assert_eq!(judgement.verdict, Verdict::Inconclusive);
        testing::assert_explained("bytecode_is_c__inconclusive", &judgement);
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
        testing::assert_explained("adaptive_specialization__confirmed", &judgement);
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
        testing::assert_explained("adaptive_specialization__refuted", &judgement);
        testing::assert_quotes(
            &judgement.explanation,
            &[
                "After 64 calls",
                "(RESUME, LOAD_FAST_LOAD_FAST, LOAD_ATTR, BINARY_OP)",
                "This is a free-threaded build (Py_GIL_DISABLED = 1).",
            ],
        );
        let ordinary = adaptive(&["RESUME", "LOAD_ATTR", "BINARY_OP_INPLACE"], json!(3), &[]);
        let judgement = judge::<AdaptiveSpecialization>(&ordinary).unwrap();
        assert_eq!(judgement.verdict, Verdict::Inconclusive);
        testing::assert_explained("adaptive_specialization__inconclusive", &judgement);
    }

    /// CPython 3.11's opcode table, in part: enough for the names the tests' PyPy uses.
    const CPYTHON_311_TABLE: [&str; 7] = [
        "BINARY_OP",
        "BUILD_LIST",
        "CACHE",
        "LIST_APPEND",
        "LOAD_FAST",
        "RESUME",
        "RETURN_VALUE",
    ];
    /// PyPy 3.9's, in part: CPython 3.9's names and the three it adds.
    const PYPY_TABLE: [&str; 8] = [
        "BINARY_MULTIPLY",
        "BUILD_LIST_FROM_ARG",
        "CALL_METHOD",
        "CALL_METHOD_KW",
        "LIST_APPEND",
        "LOAD_FAST",
        "LOAD_REVDB_VAR",
        "RETURN_VALUE",
    ];

    /// PyPy 7.3.11 as its probe reports it; `jit`: whether pypyjit compiled spin's loop.
    fn pypy(opnames: &[&str], jit: bool) -> Value {
        let jit_loops = if jit {
            json!([{"kind": "loop", "asm_bytes": 437, "code": "spin"},
                   {"kind": "loop", "asm_bytes": 405, "code": "_regular_sum"}])
        } else {
            json!([])
        };
        ran(
            "pypy3",
            json!({"implementation": "PyPy", "version": "7.3.11", "python_version": "3.9.16",
                   "platform": "linux", "opnames": opnames,
                   "comprehension_opnames": ["LOAD_FAST", "BUILD_LIST_FROM_ARG", "FOR_ITER",
                                             "LIST_APPEND", "RETURN_VALUE"],
                   "opcode_names": PYPY_TABLE, "cache_tag": "pypy39",
                   "pypy_section_marker": "# pypy modification, experimental bytecode",
                   "pypy_section_opcodes": ["BUILD_LIST_FROM_ARG", "CALL_METHOD_KW",
                                            "LOAD_REVDB_VAR"],
                   "jit": true, "jit_loops": jit_loops,
                   "loop_seconds": 0.0011, "first_round_seconds": 0.012, "rounds": 200}),
        )
    }

    /// Another CPython given with --python, as its probe reports it.
    fn other_cpython(version: &str, table: &[&str]) -> Value {
        ran(
            &format!("python{}", language_version(version)),
            json!({"implementation": "CPython", "version": version, "python_version": version,
                   "platform": "linux", "opnames": ["LOAD_FAST", "BINARY_MULTIPLY"],
                   "opcode_names": table, "loop_seconds": 0.06}),
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
                           "opnames": CPYTHON_AREA, "opcode_names": CPYTHON_311_TABLE,
                           "loop_seconds": 0.0444},
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
        testing::assert_judged(
            "other_implementations__confirmed",
            Verdict::Confirmed,
            &judgement,
        );
        testing::assert_quotes(
            &judgement.explanation,
            &[
                "PyPy 7.3.11 compiled area() to LOAD_FAST LOAD_FAST BINARY_MULTIPLY RETURN_VALUE \
                 (CPython 3.11.7: RESUME LOAD_FAST LOAD_FAST BINARY_OP RETURN_VALUE), a comparison \
                 across language versions (Python 3.9 against 3.11) that alone shows nothing",
                "its opcode module adds BUILD_LIST_FROM_ARG, CALL_METHOD_KW, LOAD_REVDB_VAR under \
                 \"# pypy modification, experimental bytecode\", in no CPython table compared \
                 (CPython 3.11.7), and its compiler emitted BUILD_LIST_FROM_ARG for a list \
                 comprehension (its .pyc files are tagged pypy39)",
                "its JIT compiler (pypyjit) compiled spin()'s loop into 437 bytes of machine code \
                 while it ran (first round 12.0 ms, best 1.1 ms)",
                "the JVM method org.python.pycode._pyx0.where_am_i$5",
                "8457 lines of C",
                "cython_function_or_method",
                "pypy3 1.1 ms (40.4× faster)",
                "cython (typed) 1.2 ms (37.0× faster)",
            ],
        );
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
        testing::assert_explained("other_implementations__skipped", &judgement);
        testing::assert_quotes(
            &judgement.explanation,
            &[
                "pypy3 is missing (pypy3 is not on PATH; install it with `apt-get install pypy3`)",
                "jython gave no result (killed after its 1 s timeout)",
                "`python3 -m pip install cython`",
            ],
        );
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
        testing::assert_explained("other_implementations__skipped_2", &judgement);
        assert!(judgement
            .explanation
            .contains("python3.10 is CPython 3.10.12: CPython too"));
        // When every runtime listed ran, none was missing: the explanation must not say that
        // none was listed (it did).
        let judgement =
            judge::<OtherImplementations>(&implementations(vec![other_cpython])).unwrap();
        assert_eq!(judgement.verdict, Verdict::Skipped);
        testing::assert_explained("other_implementations__skipped_3", &judgement);
        assert_eq!(
            judgement.explanation,
            "No other implementation ran, so there is nothing to compare: every runtime listed \
             ran, and python3.10 is CPython. Only CPython ran: python3.10 is CPython 3.10.12: \
             CPython too, not another implementation."
        );
    }

    #[test]
    fn other_implementations_refuted_or_nuanced_when_one_runs_like_cpython() {
        // An imaginary PyPy of CPython's language version, with CPython's table, no opcodes of
        // its own and no JIT.
        let mut like_cpython = pypy(&CPYTHON_AREA, false);
        like_cpython["python_version"] = json!("3.11.7");
        like_cpython["opcode_names"] = json!(CPYTHON_311_TABLE);
        like_cpython["pypy_section_opcodes"] = Value::Null;
        like_cpython["jit"] = json!(false);
        let judgement =
            judge::<OtherImplementations>(&implementations(vec![like_cpython.clone()])).unwrap();
        testing::assert_judged(
            "other_implementations__refuted",
            Verdict::Refuted,
            &judgement,
        );
        assert!(judgement.explanation.contains(
            "has no opcode that the CPythons compared lack (CPython 3.11.7; CPython 3.11.7 is of \
             its language version)"
        ));
        assert!(judgement
            .explanation
            .contains("it has no JIT compiler (no pypyjit)"));
        assert!(!judgement.explanation.contains("compiled area()"));
        let mixed = implementations(vec![like_cpython, cython()]);
        let judgement = judge::<OtherImplementations>(&mixed).unwrap();
        assert_eq!(judgement.verdict, Verdict::Nuanced);
        testing::assert_explained("other_implementations__nuanced", &judgement);
    }

    #[test]
    fn opcodes_of_another_language_version_show_no_bytecode_of_pypys_own() {
        // Without its opcode module's own list, PyPy 3.9's table against CPython 3.11's differs
        // by the language version: BINARY_MULTIPLY is CPython 3.9's. Only the JIT is shown.
        let mut unlisted = pypy(&PYPY_AREA, true);
        unlisted["pypy_section_opcodes"] = Value::Null;
        let judgement = judge::<OtherImplementations>(&implementations(vec![unlisted])).unwrap();
        testing::assert_judged(
            "other_implementations__inconclusive",
            Verdict::Inconclusive,
            &judgement,
        );
        assert!(judgement.explanation.contains(
            "has 5 names in its opcode table that CPython 3.11.7 lacks, but no CPython of its \
             language version was compared and it names none as its own"
        ));
        assert!(!judgement.explanation.contains("opcodes of its own"));
    }

    #[test]
    fn a_cpython_of_pypys_language_version_decides_which_opcodes_are_pypys() {
        // CPython 3.9 has CALL_METHOD and BINARY_MULTIPLY: only the three PyPy adds are its own.
        let cpython_39 = other_cpython(
            "3.9.18",
            &[
                "BINARY_MULTIPLY",
                "CALL_METHOD",
                "LIST_APPEND",
                "LOAD_FAST",
                "RETURN_VALUE",
            ],
        );
        let mut unlisted = pypy(&PYPY_AREA, true);
        unlisted["pypy_section_opcodes"] = Value::Null;
        let evidence = implementations(vec![unlisted, cpython_39.clone()]);
        let judgement = judge::<OtherImplementations>(&evidence).unwrap();
        testing::assert_judged(
            "other_implementations__confirmed_2",
            Verdict::Confirmed,
            &judgement,
        );
        assert!(judgement.explanation.contains(
            "has opcodes the CPython of its language version lacks: 3 of its table are in no \
             CPython compared (CPython 3.11.7, CPython 3.9.18; CPython 3.9.18 is of its language \
             version): BUILD_LIST_FROM_ARG, CALL_METHOD_KW, LOAD_REVDB_VAR, and its compiler \
             emitted BUILD_LIST_FROM_ARG"
        ));
        // With its own list, an opcode CPython dropped earlier (absent from every table
        // compared) is told apart from PyPy's own.
        let mut old_opcode = pypy(&PYPY_AREA, true);
        old_opcode["opcode_names"]
            .as_array_mut()
            .unwrap()
            .push(json!("SETUP_EXCEPT"));
        let evidence = implementations(vec![old_opcode, cpython_39]);
        let judgement = judge::<OtherImplementations>(&evidence).unwrap();
        testing::assert_judged(
            "other_implementations__confirmed_3",
            Verdict::Confirmed,
            &judgement,
        );
        assert!(judgement.explanation.contains(
            "its opcode module adds BUILD_LIST_FROM_ARG, CALL_METHOD_KW, LOAD_REVDB_VAR under \
             \"# pypy modification, experimental bytecode\", in no CPython table compared \
             (CPython 3.11.7, CPython 3.9.18; CPython 3.9.18 is of its language version), and its \
             compiler emitted BUILD_LIST_FROM_ARG for a list comprehension; its table also has \
             SETUP_EXCEPT, in no CPython compared either, which its module does not list as its \
             own"
        ));
        // A CPython 3.9 with every one of PyPy's opcodes leaves it none of its own: with its
        // JIT, PyPy is then partly as claimed.
        let everything = other_cpython("3.9.18", &PYPY_TABLE);
        let evidence = implementations(vec![pypy(&PYPY_AREA, true), everything]);
        let judgement = judge::<OtherImplementations>(&evidence).unwrap();
        testing::assert_judged(
            "other_implementations__nuanced_2",
            Verdict::Nuanced,
            &judgement,
        );
        assert!(judgement.explanation.contains("has no opcode of its own"));
    }

    #[test]
    fn a_jit_that_compiled_nothing_is_no_jit_shown() {
        let judgement =
            judge::<OtherImplementations>(&implementations(vec![pypy(&PYPY_AREA, false)])).unwrap();
        testing::assert_judged(
            "other_implementations__nuanced_3",
            Verdict::Nuanced,
            &judgement,
        );
        assert!(judgement
            .explanation
            .contains("its JIT compiler (pypyjit) compiled nothing of spin() while it ran"));
    }

    #[test]
    fn other_implementations_inconclusive_when_the_probe_cannot_tell() {
        let judgement =
            judge::<OtherImplementations>(&implementations(vec![jython(Value::Null)])).unwrap();
        assert_eq!(judgement.verdict, Verdict::Inconclusive);
        testing::assert_explained("other_implementations__inconclusive_2", &judgement);
        assert!(judgement.explanation.contains("showed no opcode table"));
    }
    fn broken_file(stdout: &str, error_line: usize) -> Value {
        json!({"lines": ["print(\"line 1 ran\")", "print(\"line 2 ran\")",
                         "this line is not Python"],
               "child": {"python": "/usr/bin/python3", "ran": true, "returncode": 1,
                         "stdout": stdout, "error": "SyntaxError: invalid syntax",
                         "error_line": error_line},
               "file_lines": 3, "printed_after_compile": [],
               "printed_after_exec": ["line 1 ran", "line 2 ran"],
               "whole_file_error": "SyntaxError: invalid syntax", "whole_file_error_line": 3,
               "printed_by_whole_file": []})
    }

    #[test]
    fn a_file_that_prints_nothing_before_its_syntax_error_refutes_interpreting_first() {
        let judgement = judge::<InterpretedThenCompiled>(&broken_file("", 3)).unwrap();
        assert_eq!(judgement.verdict, Verdict::Refuted);
        testing::assert_explained("interpreted_then_compiled__refuted", &judgement);
        testing::assert_quotes(
            &judgement.explanation,
            &[
                "/usr/bin/python3 ran a file of 3 lines whose line 1 is print(\"line 1 ran\")",
                ": it printed nothing and stopped with SyntaxError: invalid syntax at line 3, exit \
                 status 1",
                "compile() of the lines before it printed [] and returned a code object, whose \
                 exec() then printed ['line 1 ran', 'line 2 ran']",
            ],
        );
        let derived = judgement.derived.unwrap();
        assert_eq!(derived.printed_before_the_error, Some(0));
        assert!(derived.compiled_before_run);
    }

    #[test]
    fn a_file_that_ran_its_first_lines_before_the_error_would_confirm_it() {
        // What a line-by-line interpreter would have done.
        let judgement =
            judge::<InterpretedThenCompiled>(&broken_file("line 1 ran\nline 2 ran\n", 3)).unwrap();
        assert_eq!(judgement.verdict, Verdict::Confirmed);
        testing::assert_explained("interpreted_then_compiled__confirmed", &judgement);
        assert!(judgement
            .explanation
            .contains("it printed 2 lines before stopping"));
        // An error elsewhere than the last line tells nothing.
        let elsewhere = judge::<InterpretedThenCompiled>(&broken_file("", 1)).unwrap();
        assert_eq!(elsewhere.verdict, Verdict::Inconclusive);
        testing::assert_explained("interpreted_then_compiled__inconclusive", &elsewhere);
    }

    #[test]
    fn without_a_child_python3_the_in_process_steps_decide() {
        let mut evidence = broken_file("", 3);
        evidence["child"] = json!({"python": "/nowhere/python3", "ran": false,
                                   "problem": "FileNotFoundError: no such file"});
        let judgement = judge::<InterpretedThenCompiled>(&evidence).unwrap();
        assert_eq!(judgement.verdict, Verdict::Refuted);
        testing::assert_explained("interpreted_then_compiled__refuted_2", &judgement);
        assert!(judgement
            .explanation
            .contains("/nowhere/python3 could not be run (FileNotFoundError: no such file)"));
        assert_eq!(judgement.derived.unwrap().printed_before_the_error, None);
    }

    fn bytecode_memory(code_permissions: &str, unknown: usize) -> Value {
        json!({"co_code_hex": "97 00 7c 00 53 00", "opcodes": [151, 124, 83],
               "opnames": ["RESUME", "LOAD_FAST", "RETURN_VALUE"], "unknown_opcodes": unknown,
               "machine": "x86_64", "machine_elf_name": "x86-64",
               "library": "/lib/libpython3.11.so.1.0", "library_elf_machine": 62,
               "library_elf_machine_name": "x86-64",
               "co_code_address": 140_000_000_500_u64,
               "co_code_memory": {"permissions": code_permissions, "path": "[heap]"},
               "code_object_address": 140_000_000_000_u64,
               "code_object_memory": {"permissions": code_permissions, "path": ""},
               "eval_loop_address": 140_000_100_000_u64,
               "eval_loop_memory": {"permissions": "r-xp", "path": "/lib/libpython3.11.so.1.0"},
               "cache_tag": "cpython-311",
               "pyc_path": "__pycache__/bytecode_lesson.cpython-311.pyc",
               "ext_suffix": ".cpython-311-x86_64-linux-gnu.so"})
    }

    #[test]
    fn bytecode_in_memory_the_cpu_may_not_execute_is_not_machine_code() {
        let judgement = judge::<BytecodeIsMachineCode>(&bytecode_memory("rw-p", 0)).unwrap();
        assert_eq!(judgement.verdict, Verdict::Refuted);
        testing::assert_explained("bytecode_is_machine_code__refuted", &judgement);
        testing::assert_quotes(
            &judgement.explanation,
            &[
                "151=RESUME 124=LOAD_FAST 83=RETURN_VALUE",
                "those bytes are data, a bytes object at 0x2098a679f4 in memory mapped rw-p \
                 ([heap]), which the CPU may not execute; so is the code object, at 0x2098a67800 \
                 in memory mapped rw-p (anonymous memory), which the CPU may not execute",
                "in memory mapped r-xp from /lib/libpython3.11.so.1.0, an ELF file of machine code \
                 for x86-64 (e_machine 62); this CPU is 'x86_64'",
                "(__pycache__/bytecode_lesson.cpython-311.pyc), a compiled extension module for \
                 the CPU too (.cpython-311-x86_64-linux-gnu.so)",
            ],
        );
        let derived = judgement.derived.unwrap();
        assert_eq!(derived.bytecode_memory_executable, Some(false));
        assert_eq!(derived.library_is_for_this_cpu, Some(true));
    }

    #[test]
    fn bytecode_that_does_not_decode_tells_nothing() {
        let judgement = judge::<BytecodeIsMachineCode>(&bytecode_memory("r-xp", 3)).unwrap();
        assert_eq!(judgement.verdict, Verdict::Inconclusive);
        testing::assert_explained("bytecode_is_machine_code__inconclusive", &judgement);
        assert!(judgement.explanation.contains("0 of 3 opcodes decoded"));
        // Without /proc, the library's CPU alone still tells the two apart.
        let mut no_maps = bytecode_memory("rw-p", 0);
        no_maps["code_object_memory"] = Value::Null;
        no_maps["co_code_memory"] = Value::Null;
        no_maps["eval_loop_memory"] = Value::Null;
        let judgement = judge::<BytecodeIsMachineCode>(&no_maps).unwrap();
        assert_eq!(judgement.verdict, Verdict::Refuted);
        testing::assert_explained("bytecode_is_machine_code__refuted_2", &judgement);
        assert!(judgement
            .explanation
            .contains("the interpreter is /lib/libpython3.11.so.1.0, an ELF file"));
    }

    const PLAIN_RESULTS: [(&str, &str); 2] =
        [("fib(100)", "354224848179261915075"), ("counter()", "2")];

    fn superset(build: Value, cython_results: Value) -> Value {
        let results: serde_json::Map<String, Value> = PLAIN_RESULTS
            .iter()
            .map(|(key, value)| ((*key).to_owned(), json!(value)))
            .collect();
        json!({"source_lines": 42, "python_results": results,
               "python_is": {"type(fib)": "function", "inspect.isfunction(fib)": true},
               "build": build, "temp_dir_removed": true,
               "module_file": "plain_python.cpython-311-x86_64-linux-gnu.so",
               "cython_results": cython_results,
               "cython_is": {"type(fib)": "cython_function_or_method",
                             "inspect.isfunction(fib)": false},
               "cdef_error": "SyntaxError: invalid syntax", "cdef_error_line": 9,
               "cdef_error_text": "def spin_typed(long n):", "cdef_built_by_cython": true})
    }

    fn built() -> Value {
        json!({"name": "cython", "status": "ran", "version": "3.3.1", "compiler": "gcc",
               "pyx_lines": 42, "c_lines": 13789, "build_seconds": 2.4})
    }

    #[test]
    fn cython_running_plain_python_alike_and_cdef_not_being_python_confirm_the_superset() {
        let same = json!({"fib(100)": "354224848179261915075", "counter()": "2"});
        let judgement = judge::<CythonSuperset>(&superset(built(), same)).unwrap();
        testing::assert_judged("cython_superset__confirmed", Verdict::Confirmed, &judgement);
        testing::assert_quotes(
            &judgement.explanation,
            &[
                "Cython 3.3.1 compiled a plain Python module of 42 lines",
                "into 13789 lines of C, which gcc built into \
                 plain_python.cpython-311-x86_64-linux-gnu.so (2.4 s in all)",
                "the same results: counter() = 2, fib(100) = 354224848179261915075",
                "What differs is what its objects are, not what they compute: \
                 inspect.isfunction(fib) is False, not True, type(fib) is \
                 cython_function_or_method, not function",
                "Python's compile() rejects the source with cdef that Cython built above \
                 (fast_loop.pyx) with SyntaxError: invalid syntax at line 9 (def spin_typed(long \
                 n):)",
            ],
        );
        // Python accepting the cdef source would leave nothing observed beyond Python.
        let mut evidence = superset(
            built(),
            json!({"fib(100)": "354224848179261915075",
                                                    "counter()": "2"}),
        );
        evidence["cdef_error"] = Value::Null;
        let judgement = judge::<CythonSuperset>(&evidence).unwrap();
        assert_eq!(judgement.verdict, Verdict::Nuanced);
        testing::assert_explained("cython_superset__nuanced", &judgement);
    }

    #[test]
    fn a_result_that_differs_once_compiled_nuances_the_superset() {
        let overflowed = json!({"fib(100)": "3736710778780434371", "counter()": "2"});
        let judgement = judge::<CythonSuperset>(&superset(built(), overflowed)).unwrap();
        assert_eq!(judgement.verdict, Verdict::Nuanced);
        testing::assert_explained("cython_superset__nuanced_2", &judgement);
        assert!(judgement.explanation.contains(
            "did not behave the same: fib(100) = 354224848179261915075 as Python, \
             3736710778780434371 compiled"
        ));
        assert_eq!(judgement.derived.unwrap().differing_results, ["fib(100)"]);
    }

    #[test]
    fn the_superset_is_skipped_without_cython_and_refuted_if_cython_rejects_python() {
        let missing = json!({"name": "cython", "status": "missing",
                             "install": "python3 -m pip install cython",
                             "reason": "/usr/bin/python3 has no Cython package"});
        let judgement = judge::<CythonSuperset>(&superset(missing, Value::Null)).unwrap();
        assert_eq!(judgement.verdict, Verdict::Skipped);
        testing::assert_explained("cython_superset__skipped", &judgement);
        assert!(judgement
            .explanation
            .contains("install it with `python3 -m pip install cython`"));
        let left_out = json!({"name": "cython", "status": "left_out",
                              "reason": "left out with --no-others"});
        let judgement = judge::<CythonSuperset>(&superset(left_out, Value::Null)).unwrap();
        assert_eq!(judgement.verdict, Verdict::Skipped);
        testing::assert_explained("cython_superset__skipped_2", &judgement);
        assert!(judgement
            .explanation
            .contains("cython was left out with --no-others"));
        let rejected = json!({"name": "cython", "status": "failed", "version": "3.3.1",
                              "reason": "cython: exited with status 1: plain_python.pyx:3:4: \
                                         Syntax error"});
        let judgement = judge::<CythonSuperset>(&superset(rejected, Value::Null)).unwrap();
        assert_eq!(judgement.verdict, Verdict::Refuted);
        testing::assert_explained("cython_superset__refuted", &judgement);
        assert!(judgement
            .explanation
            .contains("Cython rejected a plain Python module"));
        let no_compiler = json!({"name": "cython", "status": "failed", "version": "3.3.1",
                                 "reason": "gcc: killed after its 30 s timeout"});
        let judgement = judge::<CythonSuperset>(&superset(no_compiler, Value::Null)).unwrap();
        assert_eq!(judgement.verdict, Verdict::Inconclusive);
        testing::assert_explained("cython_superset__inconclusive", &judgement);
    }

    fn module(name: &str, origin: &str, symbol: Value, language: Value) -> Value {
        let built_in = origin == "built-in";
        json!({"name": name, "kind": if built_in { "built-in" } else { "file" },
               "origin": origin,
               "loader": if built_in { "BuiltinImporter" } else { "ExtensionFileLoader" },
               "function": if symbol.is_null() { Value::Null } else { json!("f") },
               "file": if built_in { "/lib/libpython3.11.so.1.0" } else { origin },
               "symbol": symbol, "rust_path": null,
               "compilers": ["GCC: (Debian 12.2.0-14) 12.2.0"], "cython_markers": [],
               "language": language, "in_installation": true})
    }

    fn rust_host() -> Value {
        json!({"name": "_pyconcepts", "kind": "built-in", "origin": "built-in",
               "loader": "BuiltinImporter", "function": "refcnt",
               "file": "/work/target/debug/pyconcepts",
               "symbol": "_ZN4pyo35impl_10trampoline32fastcall_cfunction_with_keywords17h3778b0f3f53bfeeaE",
               "rust_path": "pyo3::impl_::trampoline::fastcall_cfunction_with_keywords",
               "compilers": ["GCC: (Debian 12.2.0-14) 12.2.0", "Linker: LLD 22.1.2",
                             "rustc version 1.95.0 (59807616e 2026-04-14)"],
               "cython_markers": [], "language": "Rust", "in_installation": false})
    }

    fn cython_module() -> Value {
        json!({"name": "fast_loop", "kind": "file",
               "origin": "/tmp/x/fast_loop.cpython-311-x86_64-linux-gnu.so",
               "loader": "ExtensionFileLoader", "function": null, "file": null, "symbol": null,
               "rust_path": null, "compilers": [],
               "cython_markers": ["functions of type cython_function_or_method",
                                  "a __test__ dict"],
               "language": "Cython", "in_installation": false})
    }

    fn extension_survey(modules: Vec<Value>, host: bool) -> Value {
        json!({"method": "each module's first function's C entry point",
               "modules": modules,
               "host_module": if host { json!({"present": true}) } else {
                   json!({"present": false, "reason": "no module _pyconcepts: this is not the \
                                                       pyconcepts host"}) },
               "cython_built_here": if host { json!(["fast_loop"]) } else { json!([]) },
               "cython_not_built_because": if host { Value::Null } else {
                   json!("left out with --no-others") }})
    }

    #[test]
    fn c_rust_and_cython_modules_in_one_process_make_cython_one_language_of_several() {
        let evidence = extension_survey(
            vec![
                module(
                    "_abc",
                    "built-in",
                    json!("_abc_get_cache_token"),
                    json!("C"),
                ),
                module(
                    "math",
                    "/lib/math.cpython-311-x86_64-linux-gnu.so",
                    json!("math_acos"),
                    json!("C"),
                ),
                rust_host(),
                cython_module(),
                module("errno", "built-in", Value::Null, Value::Null),
            ],
            true,
        );
        let judgement = judge::<CythonIsTheExtensionLanguage>(&evidence).unwrap();
        testing::assert_judged(
            "cython_is_the_extension_language__nuanced",
            Verdict::Nuanced,
            &judgement,
        );
        testing::assert_quotes(
            &judgement.explanation,
            &[
                "Of the 5 compiled modules loaded in this process (built-in and extension files), \
                 4 tell their language: 2 are C",
                "1 built-in, such as _abc (built-in, loader BuiltinImporter; f() enters machine \
                 code at _abc_get_cache_token in libpython3.11.so.1.0)",
                "math (from math.cpython-311-x86_64-linux-gnu.so, loader ExtensionFileLoader; f() \
                 enters machine code at math_acos)",
                "1 is Rust: _pyconcepts (built-in, loader BuiltinImporter; refcnt() enters machine \
                 code at pyo3::impl_::trampoline::fastcall_cfunction_with_keywords (rustc's \
                 mangled",
                "a file whose .comment notes name rustc version 1.95.0",
                "1 was built by Cython: fast_loop (from fast_loop.cpython-311-x86_64-linux-gnu.so, \
                 loader ExtensionFileLoader; Cython's markers: functions of type \
                 cython_function_or_method, a __test__ dict) (fast_loop built by this demo)",
                "1 module told no language: errno (no module-level function to trace).",
                "Cython is one language CPython extensions are written in, not the one.",
            ],
        );
        let derived = judgement.derived.unwrap();
        assert_eq!(derived.by_language["C"], 2);
        assert_eq!(derived.untold, 1);
    }

    #[test]
    fn c_modules_alone_refute_cython_as_the_extension_language() {
        let evidence = extension_survey(
            vec![module(
                "_abc",
                "built-in",
                json!("_abc_get_cache_token"),
                json!("C"),
            )],
            false,
        );
        let judgement = judge::<CythonIsTheExtensionLanguage>(&evidence).unwrap();
        assert_eq!(judgement.verdict, Verdict::Refuted);
        testing::assert_explained("cython_is_the_extension_language__refuted", &judgement);
        assert!(judgement.explanation.contains(
            "The host's module is absent here: no module _pyconcepts: this is not the \
             pyconcepts host."
        ));
        assert!(judgement.explanation.contains(
            "None of them was built by Cython: in this process it is not the language \
             extensions were made in. This run built no module with Cython: left out with \
             --no-others."
        ));
        let derived = judgement.derived.unwrap();
        assert!(derived.other_language_loaded && !derived.cython_module_loaded);
        let only_cython = extension_survey(vec![cython_module()], false);
        let judgement = judge::<CythonIsTheExtensionLanguage>(&only_cython).unwrap();
        assert_eq!(judgement.verdict, Verdict::Confirmed);
        testing::assert_explained("cython_is_the_extension_language__confirmed", &judgement);
        let untold = extension_survey(
            vec![module("errno", "built-in", Value::Null, Value::Null)],
            false,
        );
        let judgement = judge::<CythonIsTheExtensionLanguage>(&untold).unwrap();
        assert_eq!(judgement.verdict, Verdict::Inconclusive);
        testing::assert_explained("cython_is_the_extension_language__inconclusive", &judgement);
    }

    #[test]
    fn a_language_version_is_major_and_minor() {
        assert_eq!(language_version("3.9.16"), "3.9");
        assert_eq!(language_version("3.13"), "3.13");
    }
}
