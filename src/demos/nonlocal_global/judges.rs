//! The nonlocal-global judges: pure functions from the evidence of `evidence.rs` to a verdict.

use super::evidence::{
    AssignmentShadows, GlobalRebindsModule, GlobalRebindsModuleDerived, MutationNeedsNoDeclaration,
    MutationNeedsNoDeclarationDerived, NonlocalCase, NonlocalNeedsBinding,
    NonlocalNeedsBindingDerived, NonlocalRebindsEnclosing,
};
use crate::demos::kit::parts::both_parts;
use crate::demos::kit::python::{tuple, Repr};
use crate::demos::{ClaimEvidence, NothingDerived};
use crate::report::{Judgement, Verdict};

fn opcodes(list: &[String]) -> String {
    if list.is_empty() {
        "no opcode".to_owned()
    } else {
        list.join(", ")
    }
}

/// What became of a name's value across a call: "stayed 'module'" or "changed from 'module' to
/// 'own'", never "stayed" for a value that changed.
fn stayed_or_changed(before: &str, after: &str) -> String {
    if before == after {
        format!("stayed {}", before.repr())
    } else {
        format!("changed from {} to {}", before.repr(), after.repr())
    }
}

/// `value` when JSON can hold it as an integer (within `u64` or `i64`), else `None`.
fn json_integer(value: i128) -> Option<i128> {
    (u64::try_from(value).is_ok() || i64::try_from(value).is_ok()).then_some(value)
}

impl ClaimEvidence for GlobalRebindsModule {
    type Derived = GlobalRebindsModuleDerived;

    fn judge(self) -> anyhow::Result<Judgement<GlobalRebindsModuleDerived>> {
        let e = self;
        // Wide enough that no recorded amounts overflow it.
        let expected =
            i128::from(e.before) + e.amounts.iter().map(|&a| i128::from(a)).sum::<i128>();
        let how = format!(
            "inside the function `total` is stored with {} and listed in {} (not a local); the \
             function's __globals__ is the module's namespace: {}",
            opcodes(&e.store_opcodes),
            e.declared_in.as_deref().unwrap_or("no name table"),
            e.function_globals_are_module.repr()
        );
        let verdict = if i128::from(e.after) == expected && e.after != e.before {
            Verdict::Confirmed
        } else if e.after == e.before {
            Verdict::Refuted
        } else {
            Verdict::Inconclusive
        };
        Ok(Judgement::new(
            verdict,
            format!(
                "The module's total went from {} to {} after adding {} (expected \
                 {expected}); {how}.",
                e.before,
                e.after,
                e.amounts.repr()
            ),
        )
        .with_derived(GlobalRebindsModuleDerived {
            expected_after: json_integer(expected),
        }))
    }
}

impl ClaimEvidence for NonlocalRebindsEnclosing {
    type Derived = NothingDerived;

    fn judge(self) -> anyhow::Result<Judgement<NothingDerived>> {
        let e = self;
        let counts_up = !e.calls.is_empty()
            && e.calls
                .iter()
                .enumerate()
                .all(|(index, &value)| value == index as i64 + 1);
        let enclosing_sees = e.seen_by_enclosing == e.bumps;
        let story = format!(
            "The counter returned {} and its cell now holds {}; a second counter from a new \
             call of the factory started at {}. tally() called bump() {} times and then read \
             count = {} itself. increment stores `count` with {} (co_freevars {}; the \
             factory's co_cellvars {}): it writes the enclosing call's cell, not a local",
            e.calls.repr(),
            e.cell_contents_after,
            e.second_counter_first_call,
            e.bumps,
            e.seen_by_enclosing,
            opcodes(&e.store_opcodes),
            tuple(&e.inner_freevars),
            tuple(&e.enclosing_cellvars)
        );
        let verdict = both_parts(counts_up, enclosing_sees);
        Ok(Judgement::new(verdict, format!("{story}.")))
    }
}

impl ClaimEvidence for AssignmentShadows {
    type Derived = NothingDerived;

    fn judge(self) -> anyhow::Result<Judgement<NothingDerived>> {
        let e = self;
        let module_untouched = e.module_before == e.module_after;
        let enclosing_untouched = e.enclosing_before == e.enclosing_after;
        let story = format!(
            "shadow() returned {} while the module's `level` {}; inner() returned {} while \
             enclosing()'s `level` {}. The assignment compiled to {} (the name is in {}): a new \
             local slot",
            e.function_returned.repr(),
            stayed_or_changed(&e.module_before, &e.module_after),
            e.inner_returned.repr(),
            stayed_or_changed(&e.enclosing_before, &e.enclosing_after),
            opcodes(&e.store_opcodes),
            e.declared_in.as_deref().unwrap_or("no name table")
        );
        let verdict = both_parts(module_untouched, enclosing_untouched);
        Ok(Judgement::new(verdict, format!("{story}.")))
    }
}

impl ClaimEvidence for NonlocalNeedsBinding {
    type Derived = NonlocalNeedsBindingDerived;

    fn judge(self) -> anyhow::Result<Judgement<NonlocalNeedsBindingDerived>> {
        let NonlocalNeedsBinding {
            nonlocal_cases: cases,
            module_global: module,
        } = self;
        let at_compile = |case: &&NonlocalCase| {
            case.stage.as_deref() == Some("compile")
                && case.error_type.as_deref() == Some("SyntaxError")
        };
        let compile_errors = cases.iter().filter(at_compile).count();
        let never_raised: Vec<&str> = cases
            .iter()
            .filter(|case| case.stage.is_none())
            .map(|case| case.case.as_str())
            .collect();
        let cases_story = cases
            .iter()
            .map(|case| match (&case.stage, &case.error_type) {
                (Some(stage), Some(kind)) => format!(
                    "{}: {} raised {kind}: {}{}",
                    case.case,
                    match stage.as_str() {
                        "compile" => "compile()",
                        "exec" => "exec()",
                        _ => "calling f()",
                    },
                    case.error.as_deref().unwrap_or(""),
                    case.lineno
                        .map_or(String::new(), |line| format!(" (line {line})"))
                ),
                _ => format!("{}: no error at any stage", case.case),
            })
            .collect::<Vec<_>>()
            .join("; ");
        let module_harmless =
            module.error_type.is_none() && module.value_with_global == module.value_without_global;
        let module_story = match &module.error_type {
            None => format!(
                "`global answer` at module level compiled and ran: answer = {} with it, {} \
                 without; it only changes the store from {} to {}, and at module level both \
                 write the same dict",
                module.value_with_global,
                module.value_without_global,
                opcodes(&module.store_without_global),
                opcodes(&module.store_with_global)
            ),
            Some(kind) => format!(
                "`global` at module level raised {kind}: {}",
                module.error.as_deref().unwrap_or("")
            ),
        };
        let verdict = if cases.is_empty() {
            Verdict::Inconclusive
        } else if !never_raised.is_empty() {
            Verdict::Refuted
        } else if compile_errors == cases.len() && module_harmless {
            Verdict::Confirmed
        } else {
            Verdict::Nuanced
        };
        let lead = if verdict == Verdict::Confirmed {
            "Rejected by compile() before a single statement ran"
        } else {
            "Where `nonlocal` without a binding failed"
        };
        Ok(
            Judgement::new(verdict, format!("{lead} — {cases_story}. {module_story}."))
                .with_derived(NonlocalNeedsBindingDerived {
                    compile_time_errors: compile_errors,
                }),
        )
    }
}

impl ClaimEvidence for MutationNeedsNoDeclaration {
    type Derived = MutationNeedsNoDeclarationDerived;

    fn judge(self) -> anyhow::Result<Judgement<MutationNeedsNoDeclarationDerived>> {
        let MutationNeedsNoDeclaration {
            mutation: m,
            rebinding,
        } = self;
        let mutated = m.same_objects && m.store_opcodes.is_empty();
        let rebind_fails = rebinding.iter().filter(|r| r.error_type.is_some()).count();
        let stores = if m.store_opcodes.is_empty() {
            "it has no store to those names".to_owned()
        } else {
            format!(
                "it stores to those names with {}",
                opcodes(&m.store_opcodes)
            )
        };
        let mutation_story = format!(
            "Without any declaration, record() changed the outer objects in place: history = \
             {}, settings = {} (same objects: {}); {stores} and loads them with {}; its only \
             locals are {}",
            m.history_after.repr(),
            m.settings_after.repr(),
            m.same_objects.repr(),
            opcodes(&m.load_opcodes),
            tuple(&m.function_locals)
        );
        let rebinding_story = rebinding
            .iter()
            .map(|r| {
                let outcome = match &r.error_type {
                    Some(kind) => format!("raised {kind}: {}", r.error.as_deref().unwrap_or("")),
                    None => "worked".to_owned(),
                };
                format!(
                    "{}() `{}` (stored with {}) {outcome}",
                    r.function,
                    r.statement,
                    opcodes(&r.store_opcodes)
                )
            })
            .collect::<Vec<_>>()
            .join("; ");
        let augmented_fails = rebinding
            .iter()
            .any(|r| r.statement.contains("+=") && r.error_type.is_some());
        let augmented_note = if augmented_fails {
            " Even `+=`, which mutates a list in place, is an assignment to the name, so it \
             makes the name local."
        } else {
            ""
        };
        let verdict = if !mutated {
            Verdict::Refuted
        } else if rebinding.is_empty() {
            Verdict::Inconclusive
        } else if rebind_fails == rebinding.len() {
            Verdict::Confirmed
        } else {
            Verdict::Nuanced
        };
        let rebinding_story = if rebinding.is_empty() {
            " No function tried to rebind the name without a declaration.".to_owned()
        } else {
            format!(" Rebinding the name without a declaration: {rebinding_story}.")
        };
        Ok(Judgement::new(
            verdict,
            format!("{mutation_story}.{rebinding_story}{augmented_note}"),
        )
        .with_derived(MutationNeedsNoDeclarationDerived {
            rebinding_attempts_failing: rebind_fails,
        }))
    }
}

#[cfg(test)]
mod tests {
    use serde_json::{json, Value};

    use super::*;
    use crate::demos::testing::{self, judged};

    #[test]
    fn global_confirmed_refuted_inconclusive() {
        let evidence = |after: i64| {
            json!({"before": 0, "amounts": [5, 2], "after": after,
                   "store_opcodes": ["STORE_GLOBAL"], "declared_in": "co_names",
                   "function_globals_are_module": true})
        };
        let confirmed = judged::<GlobalRebindsModule>(evidence(7));
        assert_eq!(confirmed.verdict, Verdict::Confirmed);
        testing::assert_explained("global_rebinds_module__confirmed", &confirmed);
        assert!(confirmed.explanation.contains("STORE_GLOBAL"));
        assert_eq!(confirmed.derived.unwrap().expected_after, Some(7));
        let judgement = judged::<GlobalRebindsModule>(evidence(0));
        assert_eq!(judgement.verdict, Verdict::Refuted);
        testing::assert_explained("global_rebinds_module__refuted", &judgement);
        let judgement = judged::<GlobalRebindsModule>(evidence(5));
        assert_eq!(judgement.verdict, Verdict::Inconclusive);
        testing::assert_explained("global_rebinds_module__inconclusive", &judgement);
    }

    #[test]
    fn an_expected_total_json_cannot_hold_is_derived_as_null() {
        let evidence = json!({"before": i64::MAX, "amounts": [i64::MAX, i64::MAX], "after": 0,
                              "store_opcodes": ["STORE_GLOBAL"], "declared_in": "co_names",
                              "function_globals_are_module": true});
        let judgement = judged::<GlobalRebindsModule>(evidence);
        assert_eq!(judgement.derived.unwrap().expected_after, None);
    }

    fn nonlocal(calls: &[i64], seen: i64) -> Value {
        json!({"calls": calls, "cell_contents_after": 3, "second_counter_first_call": 1,
               "bumps": 3, "seen_by_enclosing": seen, "store_opcodes": ["STORE_DEREF"],
               "inner_freevars": ["count"], "enclosing_cellvars": ["count"]})
    }

    #[test]
    fn nonlocal_verdicts() {
        let confirmed = judged::<NonlocalRebindsEnclosing>(nonlocal(&[1, 2, 3], 3));
        assert_eq!(confirmed.verdict, Verdict::Confirmed);
        testing::assert_explained("nonlocal_rebinds_enclosing__confirmed", &confirmed);
        assert!(confirmed.explanation.contains("STORE_DEREF"));
        let judgement = judged::<NonlocalRebindsEnclosing>(nonlocal(&[1, 1, 1], 0));
        assert_eq!(judgement.verdict, Verdict::Refuted);
        testing::assert_explained("nonlocal_rebinds_enclosing__refuted", &judgement);
        let judgement = judged::<NonlocalRebindsEnclosing>(nonlocal(&[1, 2, 3], 0));
        assert_eq!(judgement.verdict, Verdict::Nuanced);
        testing::assert_explained("nonlocal_rebinds_enclosing__nuanced", &judgement);
    }

    #[test]
    fn shadowing_refuted_when_the_outer_name_changes() {
        let evidence = |module_after: &str| {
            json!({"module_before": "module", "module_after": module_after,
                   "function_returned": "own", "enclosing_before": "enclosing",
                   "enclosing_after": "enclosing", "inner_returned": "inner",
                   "store_opcodes": ["STORE_FAST"], "declared_in": "co_varnames"})
        };
        let judgement = judged::<AssignmentShadows>(evidence("module"));
        assert_eq!(judgement.verdict, Verdict::Confirmed);
        testing::assert_explained("assignment_shadows__confirmed", &judgement);
        let judgement = judged::<AssignmentShadows>(evidence("own"));
        assert_eq!(judgement.verdict, Verdict::Nuanced);
        testing::assert_explained("assignment_shadows__nuanced", &judgement);
        let mut both_changed = evidence("own");
        both_changed["enclosing_after"] = json!("inner");
        let judgement = judged::<AssignmentShadows>(both_changed);
        assert_eq!(judgement.verdict, Verdict::Refuted);
        testing::assert_explained("assignment_shadows__refuted", &judgement);
    }

    fn binding(stage: Option<&str>, module_error: Option<&str>) -> Value {
        json!({
            "nonlocal_cases": [{"case": "no enclosing binding", "stage": stage,
                "error_type": stage.map(|_| "SyntaxError"),
                "error": stage.map(|_| "no binding for nonlocal 'ghost' found"),
                "lineno": 2}],
            "module_global": {"error_type": module_error, "error": module_error,
                "value_with_global": 42, "value_without_global": 42,
                "store_with_global": ["STORE_GLOBAL"], "store_without_global": ["STORE_NAME"]}
        })
    }

    #[test]
    fn nonlocal_binding_checked_at_compile_time() {
        let confirmed = judged::<NonlocalNeedsBinding>(binding(Some("compile"), None));
        assert_eq!(confirmed.verdict, Verdict::Confirmed);
        testing::assert_explained("nonlocal_needs_binding__confirmed", &confirmed);
        testing::assert_quotes(
            &confirmed.explanation,
            &["no binding for nonlocal 'ghost' found", "STORE_GLOBAL"],
        );
        assert_eq!(confirmed.derived.unwrap().compile_time_errors, 1);
        // A run-time failure would be a different story.
        let at_call = judged::<NonlocalNeedsBinding>(binding(Some("call"), None));
        assert_eq!(at_call.verdict, Verdict::Nuanced);
        testing::assert_explained("nonlocal_needs_binding__nuanced", &at_call);
        assert_eq!(at_call.derived.unwrap().compile_time_errors, 0);
        let judgement = judged::<NonlocalNeedsBinding>(binding(None, None));
        assert_eq!(judgement.verdict, Verdict::Refuted);
        testing::assert_explained("nonlocal_needs_binding__refuted", &judgement);
        let judgement =
            judged::<NonlocalNeedsBinding>(binding(Some("compile"), Some("SyntaxError")));
        assert_eq!(judgement.verdict, Verdict::Nuanced);
        testing::assert_explained(
            "nonlocal_needs_binding__nuanced__module_global_raised",
            &judgement,
        );
        let mut no_case = binding(None, None);
        no_case["nonlocal_cases"] = json!([]);
        let judgement = judged::<NonlocalNeedsBinding>(no_case);
        assert_eq!(judgement.verdict, Verdict::Inconclusive);
        testing::assert_explained("nonlocal_needs_binding__inconclusive", &judgement);
    }

    fn mutation(stores: &[&str], rebind_error: Option<&str>) -> Value {
        json!({
            "mutation": {"history_after": ["start"], "settings_after": {"mode": "fast"},
                "same_objects": true, "store_opcodes": stores, "load_opcodes": ["LOAD_GLOBAL"],
                "function_locals": ["event"]},
            "rebinding": [{"function": "rebind_with_augmented", "statement": "history += [event]",
                "error_type": rebind_error,
                "error": rebind_error.map(|_| "cannot access local variable 'history'"),
                "store_opcodes": ["STORE_FAST"], "history_after": ["start"]}]
        })
    }

    #[test]
    fn mutation_verdicts() {
        let confirmed =
            judged::<MutationNeedsNoDeclaration>(mutation(&[], Some("UnboundLocalError")));
        assert_eq!(confirmed.verdict, Verdict::Confirmed);
        testing::assert_explained("mutation_needs_no_declaration__confirmed", &confirmed);
        testing::assert_quotes(&confirmed.explanation, &["UnboundLocalError", "Even `+=`"]);
        assert_eq!(confirmed.derived.unwrap().rebinding_attempts_failing, 1);
        let judgement = judged::<MutationNeedsNoDeclaration>(mutation(&[], None));
        assert_eq!(judgement.verdict, Verdict::Nuanced);
        testing::assert_explained("mutation_needs_no_declaration__nuanced", &judgement);
        let judgement = judged::<MutationNeedsNoDeclaration>(mutation(
            &["STORE_GLOBAL"],
            Some("UnboundLocalError"),
        ));
        assert_eq!(judgement.verdict, Verdict::Refuted);
        testing::assert_explained("mutation_needs_no_declaration__refuted", &judgement);
        let mut no_rebinding = mutation(&[], None);
        no_rebinding["rebinding"] = json!([]);
        let judgement = judged::<MutationNeedsNoDeclaration>(no_rebinding);
        assert_eq!(judgement.verdict, Verdict::Inconclusive);
        testing::assert_explained("mutation_needs_no_declaration__inconclusive", &judgement);
    }
}
