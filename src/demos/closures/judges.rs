//! The closures judges: pure functions from the evidence of `evidence.rs` to a verdict.

use super::evidence::{
    CapturesVariablesNotValues, KeepsEnclosingState, KeepsEnclosingStateDerived, LateBinding,
    LazyEvaluation, LazyEvaluationDerived, LazyTiming,
};
use crate::complexity::median;
use crate::demos::kit::numbers::plural;
use crate::demos::kit::python::{tuple, Repr};
use crate::demos::{ClaimEvidence, NothingDerived};
use crate::report::{Judgement, Verdict};

impl ClaimEvidence for KeepsEnclosingState {
    type Derived = KeepsEnclosingStateDerived;

    fn judge(self) -> anyhow::Result<Judgement<KeepsEnclosingStateDerived>> {
        let e = self;
        // The state is kept if every result, produced after the enclosing call returned, is
        // built from every cell's contents.
        let kept_after_return = !e.cells.is_empty()
            && !e.calls_after_enclosing_returned.is_empty()
            && e.calls_after_enclosing_returned.iter().all(|call| {
                e.cells
                    .iter()
                    .all(|cell| call.result.contains(&cell.contents))
            });
        let kept_between_calls = e.counter_calls.len() >= 2
            && e.counter_calls
                .windows(2)
                .all(|pair| pair[0].checked_add(1) == Some(pair[1]))
            && e.counter_calls.last() == Some(&e.counter_cell_after);
        let cells = e
            .cells
            .iter()
            .map(|cell| format!("{} = {}", cell.name, cell.contents.repr()))
            .collect::<Vec<_>>()
            .join(", ");
        let calls = e
            .calls_after_enclosing_returned
            .iter()
            .map(|call| format!("hello({}) → {}", call.argument.repr(), call.result.repr()))
            .collect::<Vec<_>>()
            .join(", ");
        let frame = if e.uncaptured_local_freed {
            "its frame is gone (a local the closure did not use was already freed)"
        } else {
            "(its uncaptured local was not freed yet)"
        };
        let between = if kept_between_calls {
            format!(
                "State also persists from one call of the closure to the next (a counter \
                 returned {}; its cell holds {}), but that is a consequence: the cell outlives \
                 the enclosing call, which is what makes a closure",
                e.counter_calls.repr(),
                e.counter_cell_after
            )
        } else {
            format!(
                "A counter closure returned {} (cell {}), so its state did not carry from one \
                 call to the next",
                e.counter_calls.repr(),
                e.counter_cell_after
            )
        };
        let judgement = if e.freevars.is_empty() {
            Judgement::new(
                Verdict::Inconclusive,
                "The inner function has no free variables, so it is not a closure: nothing to \
                 show.",
            )
        } else if kept_after_return {
            Judgement::new(
                Verdict::Nuanced,
                format!(
                    "True, but the article's \"even after the closure is called\" misplaces the \
                     point: what matters is after the *enclosing* function returned. \
                     make_greeter() returned and {frame}; yet hello.__code__.co_freevars = {} \
                     (make_greeter's co_cellvars {}) and hello.__closure__ holds the cells \
                     {cells}, so {calls}. {between}.",
                    tuple(&e.freevars),
                    tuple(&e.enclosing_cellvars)
                ),
            )
        } else {
            Judgement::new(
                Verdict::Refuted,
                format!(
                    "After the enclosing function returned, the closure's results ({calls}) do \
                     not reflect its cells ({cells})."
                ),
            )
        };
        Ok(judgement.with_derived(KeepsEnclosingStateDerived {
            kept_after_enclosing_returned: kept_after_return,
            kept_between_calls,
        }))
    }
}

/// A first call this many times slower than the median later call shows the reuse clearly;
/// below it, the timing does not separate computing from reusing.
const MIN_FIRST_CALL_RATIO: f64 = 10.0;

impl LazyTiming {
    fn computed_once_lazily(&self) -> bool {
        self.runs_before_first_call == 0
            && self.runs_after_calls == 1
            && self.calls >= 2
            && self.same_value_every_call
    }

    fn median_later_ns(&self) -> Option<f64> {
        (!self.later_calls_ns.is_empty()).then(|| median(&self.later_calls_ns))
    }

    /// First call time over the median later call time.
    fn ratio(&self) -> Option<f64> {
        self.median_later_ns()
            .filter(|median| *median > 0.0)
            .map(|median| self.first_call_ns / median)
    }

    fn describe(&self, label: &str) -> String {
        format!(
            "{label}: computed {} before the first call and {} after {}; first call {:.2} ms, \
             later calls {} ns (median), ×{}",
            plural(self.runs_before_first_call, "time"),
            self.runs_after_calls,
            plural(self.calls, "call"),
            self.first_call_ns / 1e6,
            self.median_later_ns()
                .map_or("?".to_owned(), |ns| format!("{ns:.0}")),
            self.ratio().map_or("?".to_owned(), |r| format!("{r:.0}"))
        )
    }
}

impl ClaimEvidence for LazyEvaluation {
    type Derived = LazyEvaluationDerived;

    fn judge(self) -> anyhow::Result<Judgement<LazyEvaluationDerived>> {
        let e = self;
        let closure_ratio = e.closure.ratio();
        let story = format!(
            "A {}-step loop behind both. {}. {}",
            e.work,
            e.closure.describe("The closure"),
            e.cache.describe("functools.cache")
        );
        let judgement = if !e.closure.computed_once_lazily() {
            Judgement::new(
                Verdict::Refuted,
                format!("{story}. The closure did not compute exactly once, on first use."),
            )
        } else if closure_ratio.is_none_or(|ratio| ratio < MIN_FIRST_CALL_RATIO) {
            Judgement::new(
                Verdict::Inconclusive,
                format!(
                    "{story}. It computed once, but the first call was not clearly slower than \
                     the later ones (needs ×{MIN_FIRST_CALL_RATIO:.0}): the timing is too noisy \
                     to show the reuse."
                ),
            )
        } else {
            let cache_agrees = if e.cache.computed_once_lazily() {
                "functools.cache gives the same laziness without writing the closure: it is the \
                 standard tool for it"
            } else {
                "functools.cache did not behave the same way here"
            };
            Judgement::new(
                Verdict::Confirmed,
                format!(
                    "{story}. Creating the closure computed nothing; the first call paid for the \
                     computation and kept the value in the closure's cell, later calls only read \
                     it. {cache_agrees}."
                ),
            )
        };
        Ok(judgement.with_derived(LazyEvaluationDerived {
            closure_first_call_ratio: closure_ratio,
            cache_first_call_ratio: e.cache.ratio(),
        }))
    }
}

/// Each item as a tuple, the list of them as Python shows it: `[(0,), (1,), (2,)]`.
fn tuples(items: &[Vec<i64>]) -> String {
    let each: Vec<String> = items.iter().map(|item| tuple(item)).collect();
    format!("[{}]", each.join(", "))
}

impl ClaimEvidence for LateBinding {
    type Derived = NothingDerived;

    fn judge(self) -> anyhow::Result<Judgement<NothingDerived>> {
        let e = self;
        // No longer than the lists it is compared with, whatever range_stop the evidence claims.
        let longest = e
            .late
            .len()
            .max(e.default_argument.len())
            .max(e.partial.len());
        let each_value: Vec<i64> = (0..e.range_stop).take(longest + 1).collect();
        let last_value: Vec<i64> = vec![e.range_stop.saturating_sub(1); each_value.len()];
        let late = e.late == last_value && !each_value.is_empty();
        let (default_kept, partial_kept) =
            (e.default_argument == each_value, e.partial == each_value);
        let fixes_work = default_kept && partial_kept;
        // What the two fixes were seen to do, not what they are meant to do.
        let stop = e.range_stop;
        let kept = match (default_kept, partial_kept) {
            (true, true) => "both capture the value at creation".to_owned(),
            (true, false) => format!(
                "the default argument version kept each value of range({stop}), \
                 functools.partial did not"
            ),
            (false, true) => format!(
                "functools.partial kept each value of range({stop}), the default argument \
                 version did not"
            ),
            (false, false) => format!("neither kept each value of range({stop})"),
        };
        let story = format!(
            "[lambda: i for i in range({stop})] returned {}: the lambdas have co_freevars {} \
             and share one cell: {}, read when they are called, after the loop left i at {}. \
             The default argument version returned {} (the lambdas' __defaults__ {}) and \
             functools.partial {} (their .args {}): {kept}",
            e.late.repr(),
            tuple(&e.late_freevars),
            e.late_share_one_cell.repr(),
            e.range_stop.saturating_sub(1),
            e.default_argument.repr(),
            tuples(&e.defaults_seen),
            e.partial.repr(),
            tuples(&e.partial_args),
        );
        let verdict = if late && fixes_work {
            Verdict::Confirmed
        } else if e.late == each_value {
            Verdict::Refuted
        } else {
            Verdict::Nuanced
        };
        Ok(Judgement::new(verdict, format!("{story}.")))
    }
}

impl ClaimEvidence for CapturesVariablesNotValues {
    type Derived = NothingDerived;

    fn judge(self) -> anyhow::Result<Judgement<NothingDerived>> {
        let e = self;
        let follows_rebinding = e.value_after_rebinding == e.rebound_to
            && e.value_after_rebinding != e.value_when_created;
        let shares = e.shared_cell
            && e.account_shared_cell
            && Some(e.balance_seen_by_other_closure)
                == e.deposits
                    .iter()
                    .try_fold(0i64, |sum, &d| sum.checked_add(d));
        let story = format!(
            "read() returned {} right after it was created and {} once the enclosing \
             function rebound the variable to {}; the cell now holds {}. read and shout \
             share one cell: {} (shout() → {}). Deposits of {} through one closure were seen \
             by the other as {} (one cell: {})",
            e.value_when_created.repr(),
            e.value_after_rebinding.repr(),
            e.rebound_to.repr(),
            e.cell_contents.repr(),
            e.shared_cell.repr(),
            e.other_closure.repr(),
            e.deposits.repr(),
            e.balance_seen_by_other_closure,
            e.account_shared_cell.repr()
        );
        let verdict = if e.value_after_rebinding == e.value_when_created {
            Verdict::Refuted
        } else if follows_rebinding && shares {
            Verdict::Confirmed
        } else {
            Verdict::Nuanced
        };
        Ok(Judgement::new(verdict, format!("{story}.")))
    }
}

#[cfg(test)]
mod tests {
    use serde_json::{json, Value};

    use super::*;
    use crate::demos::testing::{self, judged};

    fn state(result: &str, counter: &[i64]) -> Value {
        json!({
            "enclosing_cellvars": ["greeting", "punctuation"],
            "freevars": ["greeting", "punctuation"],
            "cells": [{"name": "greeting", "contents": "Hello"},
                      {"name": "punctuation", "contents": "!"}],
            "uncaptured_local_freed": true,
            "calls_after_enclosing_returned": [{"argument": "Ada", "result": result}],
            "counter_calls": counter,
            "counter_cell_after": counter.last().copied().unwrap_or(0)
        })
    }

    #[test]
    fn state_kept_after_return_is_nuanced_about_the_wording() {
        let judgement = judged::<KeepsEnclosingState>(state("Hello, Ada!", &[1, 2, 3]));
        assert_eq!(judgement.verdict, Verdict::Nuanced);
        testing::assert_explained("keeps_enclosing_state__nuanced", &judgement);
        testing::assert_quotes(
            &judgement.explanation,
            &["*enclosing* function returned", "[1, 2, 3]"],
        );
        let derived = judgement.derived.unwrap();
        assert!(derived.kept_between_calls);
        assert!(derived.kept_after_enclosing_returned);
    }

    #[test]
    fn state_lost_is_refuted() {
        let judgement = judged::<KeepsEnclosingState>(state("None, Ada", &[1, 1, 1]));
        assert_eq!(judgement.verdict, Verdict::Refuted);
        testing::assert_explained("keeps_enclosing_state__refuted", &judgement);
        let derived = judgement.derived.unwrap();
        assert!(!derived.kept_between_calls);
        assert!(!derived.kept_after_enclosing_returned);
    }

    #[test]
    fn an_inner_function_without_free_variables_shows_nothing() {
        let mut evidence = state("Hello, Ada!", &[1, 2, 3]);
        evidence["freevars"] = json!([]);
        let judgement = judged::<KeepsEnclosingState>(evidence);
        assert_eq!(judgement.verdict, Verdict::Inconclusive);
        testing::assert_explained("keeps_enclosing_state__inconclusive", &judgement);
    }

    fn timing(runs_before: i64, runs_after: i64, first_ns: f64) -> Value {
        json!({"runs_before_first_call": runs_before, "calls": 6, "runs_after_calls": runs_after,
               "first_call_ns": first_ns, "later_calls_ns": [250, 200, 210, 5000, 220],
               "same_value_every_call": true})
    }

    fn lazy(closure: Value) -> Value {
        json!({"work": 200000, "closure": closure,
               "functools.cache": timing(0, 1, 9_000_000.0)})
    }

    #[test]
    fn lazy_confirmed_when_computed_once_and_first_call_dominates() {
        let judgement = judged::<LazyEvaluation>(lazy(timing(0, 1, 9_000_000.0)));
        testing::assert_judged("lazy_evaluation__confirmed", Verdict::Confirmed, &judgement);
        assert!(judgement.explanation.contains("functools.cache"));
        // Median of the later calls is 220 ns, so the ratio is about 40,909.
        let ratio = judgement.derived.unwrap().closure_first_call_ratio.unwrap();
        assert!((ratio - 9_000_000.0 / 220.0).abs() < 1.0);
    }

    #[test]
    fn lazy_inconclusive_when_timing_is_too_close_and_refuted_when_eager() {
        let noisy = judged::<LazyEvaluation>(lazy(timing(0, 1, 1_000.0)));
        assert_eq!(noisy.verdict, Verdict::Inconclusive);
        testing::assert_explained("lazy_evaluation__inconclusive", &noisy);
        let eager = judged::<LazyEvaluation>(lazy(timing(1, 1, 9_000_000.0)));
        assert_eq!(eager.verdict, Verdict::Refuted);
        testing::assert_explained("lazy_evaluation__refuted", &eager);
        let every_call = judged::<LazyEvaluation>(lazy(timing(0, 6, 9_000_000.0)));
        assert_eq!(every_call.verdict, Verdict::Refuted);
        testing::assert_explained("lazy_evaluation__refuted__every_call", &every_call);
    }

    #[test]
    fn lazy_ratio_is_absent_without_later_calls() {
        let mut closure = timing(0, 1, 9_000_000.0);
        closure["later_calls_ns"] = json!([]);
        let judgement = judged::<LazyEvaluation>(lazy(closure));
        assert_eq!(judgement.verdict, Verdict::Inconclusive);
        testing::assert_explained("lazy_evaluation__inconclusive__no_later_calls", &judgement);
        assert!(judgement
            .explanation
            .contains("later calls ? ns (median), ×?"));
        let derived = judgement.derived.unwrap();
        assert_eq!(derived.closure_first_call_ratio, None);
        assert!(derived.cache_first_call_ratio.is_some());
    }

    fn late(values: &[i64], fixed: &[i64]) -> Value {
        json!({"range_stop": 3, "late": values, "late_freevars": ["i"],
               "late_share_one_cell": true, "default_argument": fixed,
               "defaults_seen": [[0], [1], [2]], "partial": [0, 1, 2],
               "partial_args": [[0], [1], [2]]})
    }

    #[test]
    fn late_binding_verdicts() {
        let confirmed = judged::<LateBinding>(late(&[2, 2, 2], &[0, 1, 2]));
        assert_eq!(confirmed.verdict, Verdict::Confirmed);
        testing::assert_explained("late_binding__confirmed", &confirmed);
        testing::assert_quotes(&confirmed.explanation, &["[2, 2, 2]", "[0, 1, 2]"]);
        let judgement = judged::<LateBinding>(late(&[0, 1, 2], &[0, 1, 2]));
        assert_eq!(judgement.verdict, Verdict::Refuted);
        testing::assert_explained("late_binding__refuted", &judgement);
        let judgement = judged::<LateBinding>(late(&[2, 2, 2], &[2, 2, 2]));
        assert_eq!(judgement.verdict, Verdict::Nuanced);
        testing::assert_explained("late_binding__nuanced", &judgement);
    }

    fn captured(after: &str, shared: bool) -> Value {
        json!({"value_when_created": "first", "rebound_to": "second",
               "value_after_rebinding": after, "other_closure": after.to_uppercase(),
               "shared_cell": shared, "cell_contents": after, "deposits": [10, 5],
               "balance_seen_by_other_closure": 15, "account_shared_cell": shared})
    }

    #[test]
    fn captures_variables_verdicts() {
        let judgement = judged::<CapturesVariablesNotValues>(captured("second", true));
        assert_eq!(judgement.verdict, Verdict::Confirmed);
        testing::assert_explained("captures_variables_not_values__confirmed", &judgement);
        let judgement = judged::<CapturesVariablesNotValues>(captured("first", true));
        assert_eq!(judgement.verdict, Verdict::Refuted);
        testing::assert_explained("captures_variables_not_values__refuted", &judgement);
        let judgement = judged::<CapturesVariablesNotValues>(captured("second", false));
        assert_eq!(judgement.verdict, Verdict::Nuanced);
        testing::assert_explained("captures_variables_not_values__nuanced", &judgement);
    }
}
