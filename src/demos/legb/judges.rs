//! The legb judges: pure functions from the evidence of `evidence.rs` to a verdict.

use super::evidence::{
    ClassBodyNotEnclosing, ClassBodyNotEnclosingDerived, CompileTimeScopes,
    CompileTimeScopesDerived, GlobalScopeIsTheFile, GlobalScopeIsTheFileDerived,
    KeywordsInBuiltins, KeywordsInBuiltinsDerived, ResolutionOrder, ResolutionOrderDerived,
    ScopeRow, UnboundCase, UnboundLocal, UnboundLocalDerived,
};
use crate::demos::kit::numbers::plural;
use crate::demos::kit::parts::core_and_rest;
use crate::demos::kit::python::Repr;
use crate::demos::ClaimEvidence;
use crate::report::{Judgement, Verdict};

/// The four levels, in the order the article says they are searched.
const LEGB: [&str; 4] = ["local", "enclosing", "global", "builtin"];

impl ClaimEvidence for ResolutionOrder {
    type Derived = ResolutionOrderDerived;

    fn judge(self) -> anyhow::Result<Judgement<ResolutionOrderDerived>> {
        let ResolutionOrder { name, steps } = self;
        let mut wrong = Vec::new();
        let mut winners = Vec::new();
        for step in &steps {
            let expected = LEGB
                .iter()
                .find(|level| step.levels.iter().any(|bound| bound == *level));
            if expected.is_some_and(|level| *level == step.found) {
                winners.push(step.found.as_str());
            } else {
                wrong.push(format!(
                    "bound at [{}], `{name}` resolved to {} ({}) instead of the {} one",
                    step.levels.join(", "),
                    step.value,
                    step.found,
                    expected.unwrap_or(&"?")
                ));
            }
        }
        let story = steps
            .iter()
            .map(|step| format!("[{}] → {}", step.levels.join(", "), step.value))
            .collect::<Vec<_>>()
            .join("; ");
        let judgement = if !wrong.is_empty() {
            Judgement::new(
                Verdict::Refuted,
                format!(
                    "The lookup did not follow L, E, G, B: {}.",
                    wrong.join("; ")
                ),
            )
        } else if LEGB.iter().any(|level| !winners.contains(level)) {
            Judgement::new(
                Verdict::Inconclusive,
                format!(
                    "Each step found the innermost binding ({story}), but not every level was \
                     shown winning: only [{}].",
                    winners.join(", ")
                ),
            )
        } else {
            Judgement::new(
                Verdict::Confirmed,
                format!(
                    "`{name}` bound at every level, then one level removed at a time: {story}. \
                     Each time the innermost remaining binding won, in the order local, \
                     enclosing, global, built-in."
                ),
            )
        };
        Ok(judgement.with_derived(ResolutionOrderDerived {
            steps_in_order: winners.len(),
        }))
    }
}

/// Whether `opcode` is an instruction that loads a name of `level`, across CPython versions:
/// 3.12+ adds LOAD_FAST_CHECK / LOAD_FAST_AND_CLEAR, 3.13 fuses LOAD_FAST_LOAD_FAST and loads a
/// closure's cell with LOAD_FAST, 3.14 borrows (LOAD_FAST_BORROW); class bodies inside functions
/// read free names with LOAD_CLASSDEREF up to 3.11 and LOAD_FROM_DICT_OR_DEREF from 3.12.
fn opcode_fits(level: &str, opcode: &str) -> bool {
    match level {
        "local" => opcode.starts_with("LOAD_FAST"),
        "free" => opcode == "LOAD_DEREF",
        "cell" => {
            opcode == "LOAD_DEREF" || opcode == "LOAD_CLOSURE" || opcode.starts_with("LOAD_FAST")
        }
        "global" | "builtin" => opcode == "LOAD_GLOBAL",
        "module" => opcode == "LOAD_NAME",
        "class" => opcode == "LOAD_NAME" || opcode == "LOAD_FROM_DICT_OR_GLOBALS",
        "class_free" => opcode == "LOAD_CLASSDEREF" || opcode == "LOAD_FROM_DICT_OR_DEREF",
        _ => false,
    }
}

/// The code-object field the compiler lists a name of `level` in.
fn expected_field(level: &str) -> &'static str {
    match level {
        "local" => "co_varnames",
        "free" | "class_free" => "co_freevars",
        "cell" => "co_cellvars",
        _ => "co_names",
    }
}

impl ScopeRow {
    fn fits(&self) -> bool {
        !self.opcodes.is_empty()
            && self.opcodes.iter().all(|op| opcode_fits(&self.level, op))
            && self.declared_in.as_deref() == Some(expected_field(&self.level))
    }

    /// `inner.x → LOAD_DEREF`: enough when the row fits its scope.
    fn brief(&self) -> String {
        format!("{}.{} → {}", self.scope, self.name, self.opcodes.join("+"))
    }

    /// Everything, for a row that does not fit.
    fn describe(&self) -> String {
        format!(
            "{}: `{}` ({}) → {} [{}]",
            self.scope,
            self.name,
            self.level,
            self.opcodes.join(", "),
            self.declared_in.as_deref().unwrap_or("in no name table")
        )
    }
}

impl ClaimEvidence for CompileTimeScopes {
    type Derived = CompileTimeScopesDerived;

    fn judge(self) -> anyhow::Result<Judgement<CompileTimeScopesDerived>> {
        let (fitting, misfits): (Vec<&ScopeRow>, Vec<&ScopeRow>) =
            self.rows.iter().partition(|row| row.fits());
        let when = if self.outer_called_before_disassembly {
            "Read with dis"
        } else {
            "Read with dis before outer() had ever run"
        };
        let table = self
            .rows
            .iter()
            .map(ScopeRow::brief)
            .collect::<Vec<_>>()
            .join(", ");
        let enclosing = &self.enclosing_deleted;
        let deletion = match &enclosing.error_type {
            Some(kind) => format!(
                "Deleting the enclosing binding at run time raised {kind}: {} — Python did not \
                 fall back to the {}global of that name, because the compiler had made it a \
                 free variable",
                enclosing.error.as_deref().unwrap_or(""),
                if enclosing.global_of_same_name {
                    "existing "
                } else {
                    ""
                }
            ),
            None => "Deleting the enclosing binding at run time made the lookup fall back to \
                     the global of that name"
                .to_owned(),
        };
        let global = &self.global_deleted;
        let fallback = if global.fell_back_to_builtin {
            format!(
                "only the global → built-in step is searched at run time: deleting the global \
                 `abs` turned {} into {}",
                global.before, global.after
            )
        } else {
            format!(
                "deleting the global `abs` gave {} then {}, not the built-in",
                global.before, global.after
            )
        };
        let judgement = if self.rows.is_empty() {
            Judgement::new(Verdict::Inconclusive, "No name's opcodes were recorded.")
        } else if !misfits.is_empty() {
            Judgement::new(
                Verdict::Refuted,
                format!(
                    "These loads do not match their scope: {}. (All rows: {table}.)",
                    misfits
                        .iter()
                        .map(|row| row.describe())
                        .collect::<Vec<_>>()
                        .join("; ")
                ),
            )
        } else {
            let verdict = if enclosing.error_type.is_some() {
                Verdict::Confirmed
            } else {
                Verdict::Nuanced
            };
            Judgement::new(
                verdict,
                format!(
                    "{when}, every name already has the load for its scope (and is listed in \
                     the matching co_varnames / co_freevars / co_cellvars / co_names): {table}. \
                     A local is a slot in the frame, an enclosing name a cell, a global a lookup \
                     in the module dict then builtins; module and class bodies look names up in \
                     dicts. {deletion}; {fallback}."
                ),
            )
        };
        Ok(judgement.with_derived(CompileTimeScopesDerived {
            rows_matching_their_scope: fitting.len(),
        }))
    }
}

impl ClaimEvidence for UnboundLocal {
    type Derived = UnboundLocalDerived;

    fn judge(self) -> anyhow::Result<Judgement<UnboundLocalDerived>> {
        let UnboundLocal { cases } = self;
        let unbound = |case: &&UnboundCase| {
            case.error_type.as_deref() == Some("UnboundLocalError")
                && case.declared_in.as_deref() == Some("co_varnames")
        };
        let raised = cases.iter().filter(unbound).count();
        let story = cases
            .iter()
            .map(|case| {
                let outcome = match (&case.error_type, &case.result) {
                    (Some(kind), _) => format!("raised {kind}"),
                    (None, Some(result)) => format!("returned {result}"),
                    (None, None) => "returned nothing".to_owned(),
                };
                format!(
                    "{}() {outcome} (`{}` in {}, loaded with {})",
                    case.function,
                    case.name,
                    case.declared_in.as_deref().unwrap_or("no name table"),
                    case.opcodes.join(", ")
                )
            })
            .collect::<Vec<_>>()
            .join("; ");
        let mut messages: Vec<String> = cases
            .iter()
            .filter_map(|case| {
                let kind = case.error_type.as_deref()?;
                let subclass = if case.is_name_error {
                    " (a subclass of NameError)"
                } else {
                    ""
                };
                Some(format!(
                    "{kind}{subclass}: {}",
                    case.error.as_deref().unwrap_or("")
                ))
            })
            .collect();
        messages.dedup();
        let globals: Vec<String> = cases
            .iter()
            .map(|case| case.global_value.to_string())
            .collect();
        let story = match globals.first() {
            // Nothing ran: say so, rather than a global's value and a story that are not there.
            None => "The evidence holds no function to run, so nothing shows whether an \
                     assignment later in a body makes the name local before it."
                .to_owned(),
            Some(global) => format!(
                "With a global of the same name set to {global}: {story}. The message: {}.",
                if messages.is_empty() {
                    "none".to_owned()
                } else {
                    messages.join(" / ")
                }
            ),
        };
        let verdict = if cases.is_empty() {
            Verdict::Inconclusive
        } else if raised == cases.len() {
            Verdict::Confirmed
        } else if cases.iter().all(|case| case.result.is_some()) {
            Verdict::Refuted
        } else {
            Verdict::Nuanced
        };
        let tail = match verdict {
            Verdict::Confirmed => {
                " The compiler saw an assignment, made the name local (a fast slot) for the \
                 whole body, so the global is never consulted — even when the assignment \
                 cannot run."
            }
            _ => "",
        };
        Ok(
            Judgement::new(verdict, format!("{story}{tail}")).with_derived(UnboundLocalDerived {
                cases_raising: raised,
            }),
        )
    }
}

impl ClaimEvidence for ClassBodyNotEnclosing {
    type Derived = ClassBodyNotEnclosingDerived;

    fn judge(self) -> anyhow::Result<Judgement<ClassBodyNotEnclosingDerived>> {
        let ClassBodyNotEnclosing {
            method,
            class_comprehension: class_comp,
            function_comprehension: comp,
        } = self;
        let method_blind = method.error_type.as_deref() == Some("NameError");
        let method_story = match &method.error_type {
            Some(kind) => format!(
                "A method reading the class-level `retries` raised {kind}: {}, while \
                 self.retries gave {}",
                method.error.as_deref().unwrap_or(""),
                method.via_self
            ),
            None => "A method read the class-level name without self".to_owned(),
        };
        let class_comp_blind = class_comp.error_type.is_some();
        let class_comp_story = match &class_comp.error_type {
            Some(kind) => format!(
                "inside the class body, [retries * n for n in range(2)] raised {kind}: {} \
                 (though the outermost iterable range(retries), evaluated in the class body, \
                 gave {})",
                class_comp.error.as_deref().unwrap_or(""),
                class_comp.first_iterable
            ),
            None => {
                "inside the class body a comprehension could read a class-level name".to_owned()
            }
        };
        let isolated = comp.loop_variable_before == comp.loop_variable_after;
        let how = if comp.separate_code_object {
            format!(
                "the comprehension compiled to its own code object ({}), called like a function",
                comp.nested_code_objects.join(", ")
            )
        } else {
            let saved = comp
                .loop_variable_opcodes
                .iter()
                .any(|op| op.contains("AND_CLEAR"));
            format!(
                "this interpreter inlines comprehensions (PEP 709: no nested code object; the \
                 function touches the loop variable with {}){}",
                comp.loop_variable_opcodes.join(", "),
                if saved {
                    ", saving the outer value and restoring it afterwards, so it still behaves \
                     as a scope of its own"
                } else {
                    ""
                }
            )
        };
        let comp_story = format!(
            "{how}; the function's own `item` was {} before and {} after the comprehension",
            comp.loop_variable_before, comp.loop_variable_after
        );
        let own_scope = isolated && class_comp_blind;
        let verdict = core_and_rest(method_blind, own_scope);
        Ok(Judgement::new(
            verdict,
            format!("{method_story}; {class_comp_story}; {comp_story}."),
        )
        .with_derived(ClassBodyNotEnclosingDerived {
            comprehension_inlined: !comp.separate_code_object,
        }))
    }
}

impl ClaimEvidence for KeywordsInBuiltins {
    type Derived = KeywordsInBuiltinsDerived;

    fn judge(self) -> anyhow::Result<Judgement<KeywordsInBuiltinsDerived>> {
        let e = self;
        let claimed = e.keywords.len() + e.dunders.len();
        let found: Vec<&str> = e
            .keywords
            .iter()
            .filter(|w| w.in_builtins)
            .map(|w| w.word.as_str())
            .chain(
                e.dunders
                    .iter()
                    .filter(|d| d.in_builtins)
                    .map(|d| d.name.as_str()),
            )
            .collect();
        let keywords: Vec<&str> = e
            .keywords
            .iter()
            .filter(|w| w.is_keyword && !w.in_builtins)
            .map(|w| w.word.as_str())
            .collect();
        let syntax_errors: Vec<&str> = e
            .keywords
            .iter()
            .filter_map(|w| w.as_expression_error_type.as_deref())
            .collect();
        let raised = match syntax_errors.first() {
            Some(kind) => format!("{} raised {kind}", syntax_errors.len()),
            None => "none raised an error".to_owned(),
        };
        let absent = match keywords.len() {
            0 => "none is a keyword (keyword.iskeyword) absent from builtins".to_owned(),
            1 => format!(
                "1 is a keyword (keyword.iskeyword) absent from builtins: {}",
                keywords[0]
            ),
            count => format!(
                "{count} are keywords (keyword.iskeyword) absent from builtins: [{}]",
                keywords.join(", ")
            ),
        };
        let words = format!(
            "Of the {} listed, {absent}; used where a name goes, {raised}",
            plural(e.keywords.len() as u64, "word"),
        );
        let dunders = e
            .dunders
            .iter()
            .map(|d| {
                let place = if d.in_module_globals {
                    "a global of the module".to_owned()
                } else {
                    match &d.lookup_error_type {
                        Some(kind) => format!("not a name at all ({kind})"),
                        None => "resolvable".to_owned(),
                    }
                };
                format!("{}: in builtins {}, {place}", d.name, d.in_builtins.repr())
            })
            .collect::<Vec<_>>()
            .join("; ");
        let examples = e
            .builtins_examples
            .iter()
            .map(|(name, kind)| format!("{name} ({kind})"))
            .collect::<Vec<_>>()
            .join(", ");
        let real = format!(
            "The built-in scope really holds {} names, e.g. {examples}; the language's {} \
             keywords are consumed by the parser before any name lookup",
            e.builtins_count, e.keyword_count
        );
        let verdict = if claimed == 0 {
            Verdict::Inconclusive
        } else if found.is_empty() {
            Verdict::Refuted
        } else if found.len() == claimed {
            Verdict::Confirmed
        } else {
            Verdict::Nuanced
        };
        // Only the parts the evidence has: no keywords listed, no sentence about them.
        let words = (!e.keywords.is_empty()).then_some(words);
        let dunders = (!dunders.is_empty()).then_some(dunders);
        let lead = match verdict {
            _ if claimed == 0 => "The evidence lists none of the article's names, neither \
                                  keywords nor dunders, so none was looked up in builtins."
                .to_owned(),
            Verdict::Refuted => {
                let keywords = words
                    .map(|words| format!(" Keywords are not names at all. {words}."))
                    .unwrap_or_default();
                let dunders = dunders
                    .map(|dunders| format!("{dunders}; "))
                    .unwrap_or_default();
                format!(
                    "None of the {claimed} names the article lists is in builtins.{keywords} \
                     {dunders}'__main__' is the name of the module run as a script (its \
                     __name__ here is {}).",
                    e.module_name.repr()
                )
            }
            _ => {
                std::iter::once(format!(
                    "In builtins: [{}] of the {claimed} listed",
                    found.join(", ")
                ))
                .chain(words)
                .chain(dunders)
                .collect::<Vec<_>>()
                .join(". ")
                    + "."
            }
        };
        Ok(
            Judgement::new(verdict, format!("{lead} {real}.")).with_derived(
                KeywordsInBuiltinsDerived {
                    listed_names_in_builtins: found.len(),
                },
            ),
        )
    }
}

impl ClaimEvidence for GlobalScopeIsTheFile {
    type Derived = GlobalScopeIsTheFileDerived;

    fn judge(self) -> anyhow::Result<Judgement<GlobalScopeIsTheFileDerived>> {
        let GlobalScopeIsTheFile {
            module_name,
            globals_type,
            globals_is_module_dict,
            here,
            elsewhere,
            second_scope: second,
        } = self;
        let file_sees_its_globals =
            here.function_globals_is_ours && here.read_returned == here.value;
        let defining_module_globals_used = elsewhere.function_globals_is_its_module_dict
            && !elsewhere.function_globals_is_ours
            && elsewhere.called_from_here_returned == elsewhere.value
            && elsewhere.value != here.value;
        let second_scope_in_one_file = second.same_file
            && second.function_globals_is_namespace
            && second.read_returned == second.value
            && second.value != here.value
            && second.our_function_returned_after == here.value;
        let main_module = format!("sys.modules[{}]", module_name.repr());
        let namespace = if globals_is_module_dict {
            format!(
                "globals() is a {globals_type} and is {main_module}.__dict__: the module's \
                 namespace"
            )
        } else {
            format!(
                "globals() is a {globals_type} that is not {main_module}.__dict__: this file's \
                 code runs in a namespace of its own, and that namespace is its global scope"
            )
        };
        let own = format!(
            "a function of this file returned {}, the value of this file's global (its \
             __globals__ is ours: {})",
            here.read_returned.repr(),
            here.function_globals_is_ours.repr()
        );
        let other_module = format!(
            "{}, a module built from no file (has __file__: {}): its function, called from this \
             file, returned {}, not {} (its __globals__ is its module's __dict__: {}; is ours: \
             {}), and {} after this file assigned that module's global",
            elsewhere.module,
            elsewhere.has_file.repr(),
            elsewhere.called_from_here_returned.repr(),
            here.value.repr(),
            elsewhere.function_globals_is_its_module_dict.repr(),
            elsewhere.function_globals_is_ours.repr(),
            elsewhere.after_assignment_from_here.repr()
        );
        let second_text = format!(
            "code compiled as this very file ({}; same co_filename: {}) and run by exec(code, \
             namespace) in a new dict defined a function that returned {} (its __globals__ is \
             that dict: {}), while this file's own function still returned {}",
            second.file,
            second.same_file.repr(),
            second.read_returned.repr(),
            second.function_globals_is_namespace.repr(),
            second.our_function_returned_after.repr()
        );
        let judgement = if !file_sees_its_globals {
            Judgement::new(
                Verdict::Refuted,
                format!("Code of this file did not see this file's globals: {own}; {namespace}."),
            )
        } else if defining_module_globals_used || second_scope_in_one_file {
            Judgement::new(
                Verdict::Nuanced,
                format!(
                    "Within one file the claim holds: {own}. But the global scope is a \
                     namespace, a dict, not the file: {namespace}; {other_module}; \
                     {second_text}. A function reads the globals of the namespace it was \
                     defined in, wherever it is called from, and one file's code can run in \
                     two of them."
                ),
            )
        } else {
            Judgement::new(
                Verdict::Confirmed,
                format!(
                    "Every function read the globals of the file it was written in: {own}; \
                     {other_module}; {second_text}; {namespace}."
                ),
            )
        };
        Ok(judgement.with_derived(GlobalScopeIsTheFileDerived {
            defining_module_globals_used,
            second_scope_in_one_file,
        }))
    }
}

#[cfg(test)]
mod tests {
    use serde_json::{json, Value};

    use super::*;
    use crate::demos::testing::{self, judged};

    fn step(levels: &[&str], found: &str) -> Value {
        json!({"levels": levels, "value": format!("'{found} len'"), "found": found})
    }

    #[test]
    fn resolution_confirmed_when_innermost_wins_at_each_step() {
        let evidence = json!({"name": "len", "steps": [
            step(&["local", "enclosing", "global", "builtin"], "local"),
            step(&["enclosing", "global", "builtin"], "enclosing"),
            step(&["global", "builtin"], "global"),
            step(&["builtin"], "builtin"),
        ]});
        let judgement = judged::<ResolutionOrder>(evidence);
        assert_eq!(judgement.verdict, Verdict::Confirmed);
        testing::assert_explained("resolution_order__confirmed", &judgement);
        assert!(judgement.explanation.contains("'enclosing len'"));
        assert_eq!(judgement.derived.unwrap().steps_in_order, 4);
    }

    #[test]
    fn resolution_refuted_when_global_beats_enclosing() {
        let evidence = json!({"name": "len", "steps": [
            step(&["enclosing", "global", "builtin"], "global"),
        ]});
        let judgement = judged::<ResolutionOrder>(evidence);
        assert_eq!(judgement.verdict, Verdict::Refuted);
        testing::assert_explained("resolution_order__refuted", &judgement);
    }

    #[test]
    fn resolution_inconclusive_when_a_level_is_never_shown() {
        let evidence = json!({"name": "len", "steps": [step(&["global", "builtin"], "global")]});
        let judgement = judged::<ResolutionOrder>(evidence);
        assert_eq!(judgement.verdict, Verdict::Inconclusive);
        testing::assert_explained("resolution_order__inconclusive", &judgement);
    }

    fn row(scope: &str, level: &str, opcodes: &[&str], field: &str) -> Value {
        json!({"scope": scope, "name": "x", "level": level, "opcodes": opcodes,
               "declared_in": field})
    }

    fn scopes(rows: Vec<Value>, enclosing_error: Option<&str>) -> Value {
        json!({"outer_called_before_disassembly": false, "rows": rows,
               "enclosing_deleted": {"global_of_same_name": true,
                   "error_type": enclosing_error,
                   "error": enclosing_error.map(|_| "cannot access free variable 'x'")},
               "global_deleted": {"before": "'global abs'", "after": "<built-in function abs>",
                   "fell_back_to_builtin": true}})
    }

    /// The judgement of these rows, asserted confirmed: a NameError when the enclosing binding
    /// was deleted, and every row loaded as its scope says.
    fn confirmed_scopes(name: &str, rows: Vec<Value>) -> Judgement<CompileTimeScopesDerived> {
        let judgement = judged::<CompileTimeScopes>(scopes(rows, Some("NameError")));
        assert_eq!(
            judgement.verdict,
            Verdict::Confirmed,
            "{}",
            judgement.explanation
        );
        testing::assert_explained(name, &judgement);
        judgement
    }

    #[test]
    fn scopes_confirmed_on_3_11_opcodes() {
        let judgement = confirmed_scopes(
            "compile_time_scopes__confirmed__3_11",
            vec![
                row("inner", "local", &["LOAD_FAST"], "co_varnames"),
                row("inner", "free", &["LOAD_DEREF"], "co_freevars"),
                row("inner", "global", &["LOAD_GLOBAL"], "co_names"),
                row(
                    "outer",
                    "cell",
                    &["LOAD_CLOSURE", "LOAD_DEREF"],
                    "co_cellvars",
                ),
                row("<module>", "module", &["LOAD_NAME"], "co_names"),
                row("Inner", "class_free", &["LOAD_CLASSDEREF"], "co_freevars"),
            ],
        );
        testing::assert_quotes(
            &judgement.explanation,
            &["LOAD_DEREF", "before outer() had ever run"],
        );
    }

    #[test]
    fn scopes_confirmed_on_3_12_to_3_14_opcodes() {
        let judgement = confirmed_scopes(
            "compile_time_scopes__confirmed__3_12_to_3_14",
            vec![
                row("inner", "local", &["LOAD_FAST_LOAD_FAST"], "co_varnames"),
                row("inner", "local", &["LOAD_FAST_BORROW"], "co_varnames"),
                row("inner", "local", &["LOAD_FAST_CHECK"], "co_varnames"),
                row("outer", "cell", &["LOAD_FAST", "LOAD_DEREF"], "co_cellvars"),
                row(
                    "class C",
                    "class",
                    &["LOAD_FROM_DICT_OR_GLOBALS"],
                    "co_names",
                ),
                row(
                    "Inner",
                    "class_free",
                    &["LOAD_FROM_DICT_OR_DEREF"],
                    "co_freevars",
                ),
            ],
        );
        assert_eq!(judgement.derived.unwrap().rows_matching_their_scope, 6);
    }

    #[test]
    fn scopes_refuted_when_a_free_name_is_loaded_as_a_global() {
        let evidence = scopes(
            vec![row("inner", "free", &["LOAD_GLOBAL"], "co_names")],
            Some("NameError"),
        );
        let judgement = judged::<CompileTimeScopes>(evidence);
        assert_eq!(judgement.verdict, Verdict::Refuted);
        testing::assert_explained("compile_time_scopes__refuted", &judgement);
        assert!(judgement.explanation.contains("LOAD_GLOBAL"));
        assert_eq!(judgement.derived.unwrap().rows_matching_their_scope, 0);
    }

    #[test]
    fn scopes_nuanced_when_a_deleted_enclosing_name_falls_back() {
        let evidence = scopes(
            vec![row("inner", "free", &["LOAD_DEREF"], "co_freevars")],
            None,
        );
        let judgement = judged::<CompileTimeScopes>(evidence);
        assert_eq!(judgement.verdict, Verdict::Nuanced);
        testing::assert_explained("compile_time_scopes__nuanced", &judgement);
    }

    #[test]
    fn scopes_inconclusive_without_a_row() {
        let judgement = judged::<CompileTimeScopes>(scopes(vec![], Some("NameError")));
        assert_eq!(judgement.verdict, Verdict::Inconclusive);
        testing::assert_explained("compile_time_scopes__inconclusive", &judgement);
    }

    fn case(error_type: Option<&str>, field: &str) -> Value {
        json!({"function": "read_then_assign", "name": "counter", "global_value": 10,
               "result": if error_type.is_some() { Value::Null } else { json!("10") },
               "error_type": error_type,
               "error": error_type.map(|_| "cannot access local variable 'counter'"),
               "is_name_error": error_type.is_some(),
               "opcodes": ["LOAD_FAST_CHECK"], "declared_in": field})
    }

    #[test]
    fn unbound_local_verdicts() {
        let all = json!({"cases": [case(Some("UnboundLocalError"), "co_varnames"),
                                   case(Some("UnboundLocalError"), "co_varnames")]});
        let judgement = judged::<UnboundLocal>(all);
        assert_eq!(judgement.verdict, Verdict::Confirmed);
        testing::assert_explained("unbound_local__confirmed", &judgement);
        assert!(judgement.explanation.contains("LOAD_FAST_CHECK"));
        assert_eq!(judgement.derived.unwrap().cases_raising, 2);
        let none = json!({"cases": [case(None, "co_names")]});
        let judgement = judged::<UnboundLocal>(none);
        assert_eq!(judgement.verdict, Verdict::Refuted);
        testing::assert_explained("unbound_local__refuted", &judgement);
        let half = json!({"cases": [case(Some("UnboundLocalError"), "co_varnames"),
                                    case(None, "co_names")]});
        let judgement = judged::<UnboundLocal>(half);
        assert_eq!(judgement.verdict, Verdict::Nuanced);
        testing::assert_explained("unbound_local__nuanced", &judgement);
        let judgement = judged::<UnboundLocal>(json!({"cases": []}));
        assert_eq!(judgement.verdict, Verdict::Inconclusive);
        testing::assert_explained("unbound_local__inconclusive", &judgement);
    }

    fn class_body(method_error: Option<&str>, separate: bool, after: &str) -> Value {
        json!({
            "method": {"error_type": method_error, "error": "name 'retries' is not defined",
                       "via_self": 3},
            "class_comprehension": {"first_iterable": [0, 1, 2], "error_type": "NameError",
                                    "error": "name 'retries' is not defined"},
            "function_comprehension": {
                "separate_code_object": separate,
                "nested_code_objects": if separate { json!(["<listcomp>"]) } else { json!([]) },
                "loop_variable_opcodes": if separate { json!(["LOAD_FAST", "STORE_FAST"]) }
                    else { json!(["LOAD_FAST", "LOAD_FAST_AND_CLEAR", "STORE_FAST"]) },
                "loop_variable_before": "'before'", "loop_variable_after": after}
        })
    }

    #[test]
    fn class_body_confirmed_with_a_separate_comprehension_code_object() {
        let judgement =
            judged::<ClassBodyNotEnclosing>(class_body(Some("NameError"), true, "'before'"));
        assert_eq!(judgement.verdict, Verdict::Confirmed);
        testing::assert_explained("class_body_not_enclosing__confirmed", &judgement);
        assert!(judgement.explanation.contains("<listcomp>"));
        assert!(!judgement.derived.unwrap().comprehension_inlined);
    }

    #[test]
    fn class_body_confirmed_and_explained_when_comprehensions_are_inlined() {
        let judgement =
            judged::<ClassBodyNotEnclosing>(class_body(Some("NameError"), false, "'before'"));
        assert_eq!(judgement.verdict, Verdict::Confirmed);
        testing::assert_explained("class_body_not_enclosing__confirmed__inlined", &judgement);
        testing::assert_quotes(&judgement.explanation, &["PEP 709", "LOAD_FAST_AND_CLEAR"]);
        assert!(judgement.derived.unwrap().comprehension_inlined);
    }

    #[test]
    fn class_body_nuanced_when_the_loop_variable_leaks_and_refuted_when_methods_see_it() {
        let leaks = judged::<ClassBodyNotEnclosing>(class_body(Some("NameError"), false, "2"));
        assert_eq!(leaks.verdict, Verdict::Nuanced);
        testing::assert_explained("class_body_not_enclosing__nuanced", &leaks);
        let sees = judged::<ClassBodyNotEnclosing>(class_body(None, true, "'before'"));
        assert_eq!(sees.verdict, Verdict::Refuted);
        testing::assert_explained("class_body_not_enclosing__refuted", &sees);
    }

    fn keywords(in_builtins: bool) -> Value {
        json!({
            "keywords": [{"word": "in", "is_keyword": true, "in_builtins": in_builtins,
                          "as_expression_error_type": "SyntaxError"}],
            "keyword_count": 35,
            "dunders": [{"name": "__file__", "in_builtins": false, "in_module_globals": true,
                         "lookup_error_type": null},
                        {"name": "__main__", "in_builtins": false, "in_module_globals": false,
                         "lookup_error_type": "NameError"}],
            "module_name": "__main__", "builtins_count": 157,
            "builtins_examples": {"len": "builtin_function_or_method"}
        })
    }

    #[test]
    fn keywords_refuted_when_none_is_a_builtin() {
        let judgement = judged::<KeywordsInBuiltins>(keywords(false));
        assert_eq!(judgement.verdict, Verdict::Refuted);
        testing::assert_explained("keywords_in_builtins__refuted", &judgement);
        testing::assert_quotes(&judgement.explanation, &["157 names", "SyntaxError"]);
        assert_eq!(judgement.derived.unwrap().listed_names_in_builtins, 0);
        let one = judged::<KeywordsInBuiltins>(keywords(true));
        assert_eq!(one.verdict, Verdict::Nuanced);
        testing::assert_explained("keywords_in_builtins__nuanced", &one);
        assert_eq!(one.derived.unwrap().listed_names_in_builtins, 1);
    }

    #[test]
    fn keywords_confirmed_when_every_listed_name_is_a_builtin_and_inconclusive_without_one() {
        let mut every = keywords(true);
        for dunder in every["dunders"].as_array_mut().unwrap() {
            dunder["in_builtins"] = json!(true);
            dunder["lookup_error_type"] = Value::Null;
        }
        let judgement = judged::<KeywordsInBuiltins>(every);
        assert_eq!(judgement.verdict, Verdict::Confirmed);
        testing::assert_explained("keywords_in_builtins__confirmed", &judgement);
        let mut none = keywords(false);
        none["keywords"] = json!([]);
        none["dunders"] = json!([]);
        let judgement = judged::<KeywordsInBuiltins>(none);
        assert_eq!(judgement.verdict, Verdict::Inconclusive);
        testing::assert_explained("keywords_in_builtins__inconclusive", &judgement);
    }

    fn global_scope(embedded: bool, second_returns: &str) -> Value {
        json!({
            "module_name": "__main__", "globals_type": "dict",
            "globals_is_module_dict": !embedded,
            "here": {"value": "this file's global", "read_returned": "this file's global",
                     "function_globals_is_ours": true},
            "elsewhere": {"module": "legb_elsewhere", "has_file": false,
                          "value": "the other module's global",
                          "called_from_here_returned": "the other module's global",
                          "function_globals_is_its_module_dict": true,
                          "function_globals_is_ours": false,
                          "after_assignment_from_here": "assigned from this file"},
            "second_scope": {"file": "/s/legb.py", "same_file": true,
                             "value": "a second global scope of this file",
                             "read_returned": second_returns,
                             "function_globals_is_namespace": true,
                             "our_value_after": "this file's global",
                             "our_function_returned_after": "this file's global"}
        })
    }

    #[test]
    fn global_scope_is_a_namespace_not_the_file() {
        let judgement = judged::<GlobalScopeIsTheFile>(global_scope(
            false,
            "a second global scope of this file",
        ));
        testing::assert_judged(
            "global_scope_is_the_file__nuanced",
            Verdict::Nuanced,
            &judgement,
        );
        testing::assert_quotes(
            &judgement.explanation,
            &[
                "is sys.modules['__main__'].__dict__",
                "\"the other module's global\"",
            ],
        );
        let derived = judgement.derived.unwrap();
        assert!(derived.defining_module_globals_used && derived.second_scope_in_one_file);
        // Inside the host the file's own scope is already a namespace exec was given.
        let embedded = judged::<GlobalScopeIsTheFile>(global_scope(
            true,
            "a second global scope of this file",
        ));
        assert_eq!(embedded.verdict, Verdict::Nuanced);
        testing::assert_explained("global_scope_is_the_file__nuanced__embedded", &embedded);
        assert!(embedded
            .explanation
            .contains("runs in a namespace of its own"));
    }

    #[test]
    fn global_scope_confirmed_when_every_function_sees_its_files_globals() {
        // No second scope and another module's function reading this file's globals: the file
        // would be the scope.
        let mut evidence = global_scope(false, "this file's global");
        evidence["second_scope"]["function_globals_is_namespace"] = json!(false);
        evidence["elsewhere"]["called_from_here_returned"] = json!("this file's global");
        let judgement = judged::<GlobalScopeIsTheFile>(evidence);
        testing::assert_judged(
            "global_scope_is_the_file__confirmed",
            Verdict::Confirmed,
            &judgement,
        );
        let derived = judgement.derived.unwrap();
        assert!(!derived.defining_module_globals_used && !derived.second_scope_in_one_file);
    }

    #[test]
    fn global_scope_refuted_when_the_files_own_function_misses_its_globals() {
        let mut evidence = global_scope(false, "a second global scope of this file");
        evidence["here"]["read_returned"] = json!("something else");
        evidence["here"]["function_globals_is_ours"] = json!(false);
        let judgement = judged::<GlobalScopeIsTheFile>(evidence);
        assert_eq!(judgement.verdict, Verdict::Refuted);
        testing::assert_explained("global_scope_is_the_file__refuted", &judgement);
    }
}
