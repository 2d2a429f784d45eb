//! Question 9, "what is a closure?": a function that carries cells of its enclosing function's
//! variables — variables, not values, read when the closure runs.

use serde::Deserialize;
use serde_json::Value;

use super::{read, ClaimSpec, Demo};
use crate::params::{ParamKind, ParamSpec};
use crate::report::{Judgement, Source, Verdict};
use crate::snippet;

pub const DEMO: Demo = Demo {
    snippet: snippet!("closures.py"),
    picture: None,
    charts: &[],
    draws_frames: true,
    params: &[ParamSpec {
        name: "work",
        kind: ParamKind::Int {
            min: 10_000,
            max: 2_000_000,
        },
        default: Some("200000"),
        help: "steps of the deliberately slow loop behind the lazily computed value",
    }],
    claims: &[
        ClaimSpec {
            id: "closures.keeps_enclosing_state",
            source: Source::Article,
            claim: "A closure is an inner function that keeps the data of its enclosing scope \
                    even after the closure is called.",
            judge: keeps_enclosing_state,
            schema: crate::demos::untyped,
        },
        ClaimSpec {
            id: "closures.lazy_evaluation",
            source: Source::Article,
            claim: "Closures allow lazy evaluation: an expensive value is computed on the first \
                    call only and then reused.",
            judge: lazy_evaluation,
            schema: crate::demos::untyped,
        },
        ClaimSpec {
            id: "closures.late_binding",
            source: Source::Senior,
            claim: "Closures bind late: [lambda: i for i in range(3)] all return 2; a default \
                    argument or functools.partial captures each value instead (0, 1, 2).",
            judge: late_binding,
            schema: crate::demos::untyped,
        },
        ClaimSpec {
            id: "closures.captures_variables_not_values",
            source: Source::Senior,
            claim: "A closure captures the variable, not its value: rebinding it after the \
                    closure was created changes what the closure returns, and closures from the \
                    same call share one cell.",
            judge: captures_variables_not_values,
            schema: crate::demos::untyped,
        },
    ],
};

#[derive(Deserialize)]
struct Cell {
    name: String,
    /// str() of the cell's contents.
    contents: String,
}

#[derive(Deserialize)]
struct Call {
    argument: String,
    result: String,
}

#[derive(Deserialize)]
struct KeepsState {
    enclosing_cellvars: Vec<String>,
    freevars: Vec<String>,
    cells: Vec<Cell>,
    uncaptured_local_freed: bool,
    calls_after_enclosing_returned: Vec<Call>,
    counter_calls: Vec<i64>,
    counter_cell_after: i64,
}

fn keeps_enclosing_state(evidence: &Value) -> anyhow::Result<Judgement> {
    let e: KeepsState = read(evidence)?;
    // The state is kept if every result, produced after the enclosing call returned, is built
    // from every cell's contents.
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
        .map(|cell| format!("{} = {:?}", cell.name, cell.contents))
        .collect::<Vec<_>>()
        .join(", ");
    let calls = e
        .calls_after_enclosing_returned
        .iter()
        .map(|call| format!("hello({:?}) → {:?}", call.argument, call.result))
        .collect::<Vec<_>>()
        .join(", ");
    let frame = if e.uncaptured_local_freed {
        "its frame is gone (a local the closure did not use was already freed)"
    } else {
        "(its uncaptured local was not freed yet)"
    };
    let between = if kept_between_calls {
        format!(
            "State also persists from one call of the closure to the next (a counter returned \
             {:?}; its cell holds {}), but that is a consequence: the cell outlives the \
             enclosing call, which is what makes a closure",
            e.counter_calls, e.counter_cell_after
        )
    } else {
        format!(
            "A counter closure returned {:?} (cell {}), so its state did not carry from one \
             call to the next",
            e.counter_calls, e.counter_cell_after
        )
    };
    let judgement = if e.freevars.is_empty() {
        Judgement::new(
            Verdict::Inconclusive,
            "The inner function has no free variables, so it is not a closure: nothing to show.",
        )
    } else if kept_after_return {
        Judgement::new(
            Verdict::Nuanced,
            format!(
                "True, but the article's \"even after the closure is called\" misplaces the \
                 point: what matters is after the *enclosing* function returned. \
                 make_greeter() returned and {frame}; yet hello.__code__.co_freevars = {:?} \
                 (make_greeter's co_cellvars {:?}) and hello.__closure__ holds the cells \
                 {cells}, so {calls}. {between}.",
                e.freevars, e.enclosing_cellvars
            ),
        )
    } else {
        Judgement::new(
            Verdict::Refuted,
            format!(
                "After the enclosing function returned, the closure's results ({calls}) do not \
                 reflect its cells ({cells})."
            ),
        )
    };
    Ok(judgement
        .with("kept_after_enclosing_returned", kept_after_return)
        .with("kept_between_calls", kept_between_calls))
}

#[derive(Deserialize)]
struct LazyTiming {
    runs_before_first_call: i64,
    calls: i64,
    runs_after_calls: i64,
    first_call_ns: f64,
    later_calls_ns: Vec<f64>,
    same_value_every_call: bool,
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
        let mut later = self.later_calls_ns.clone();
        if later.is_empty() {
            return None;
        }
        later.sort_by(f64::total_cmp);
        let middle = later.len() / 2;
        Some(if later.len() % 2 == 0 {
            (later[middle - 1] + later[middle]) / 2.0
        } else {
            later[middle]
        })
    }

    /// First call time over the median later call time.
    fn ratio(&self) -> Option<f64> {
        self.median_later_ns()
            .filter(|median| *median > 0.0)
            .map(|median| self.first_call_ns / median)
    }

    fn describe(&self, label: &str) -> String {
        format!(
            "{label}: computed {} times before the first call and {} after {} calls; first call \
             {:.2} ms, later calls {} ns (median), ×{}",
            self.runs_before_first_call,
            self.runs_after_calls,
            self.calls,
            self.first_call_ns / 1e6,
            self.median_later_ns()
                .map_or("?".to_owned(), |ns| format!("{ns:.0}")),
            self.ratio().map_or("?".to_owned(), |r| format!("{r:.0}"))
        )
    }
}

#[derive(Deserialize)]
struct LazyEvaluation {
    work: i64,
    closure: LazyTiming,
    #[serde(rename = "functools.cache")]
    cache: LazyTiming,
}

fn lazy_evaluation(evidence: &Value) -> anyhow::Result<Judgement> {
    let e: LazyEvaluation = read(evidence)?;
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
                "{story}. It computed once, but the first call was not clearly slower than the \
                 later ones (needs ×{MIN_FIRST_CALL_RATIO:.0}): the timing is too noisy to show \
                 the reuse."
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
    Ok(judgement
        .with("closure_first_call_ratio", closure_ratio)
        .with("cache_first_call_ratio", e.cache.ratio()))
}

#[derive(Deserialize)]
struct LateBinding {
    range_stop: i64,
    late: Vec<i64>,
    late_freevars: Vec<String>,
    late_share_one_cell: bool,
    default_argument: Vec<i64>,
    defaults_seen: Vec<Vec<i64>>,
    partial: Vec<i64>,
    partial_args: Vec<Vec<i64>>,
}

fn late_binding(evidence: &Value) -> anyhow::Result<Judgement> {
    let e: LateBinding = read(evidence)?;
    // No longer than the lists it is compared with, whatever range_stop the evidence claims.
    let longest = e
        .late
        .len()
        .max(e.default_argument.len())
        .max(e.partial.len());
    let each_value: Vec<i64> = (0..e.range_stop).take(longest + 1).collect();
    let last_value: Vec<i64> = vec![e.range_stop.saturating_sub(1); each_value.len()];
    let late = e.late == last_value && !each_value.is_empty();
    let fixes_work = e.default_argument == each_value && e.partial == each_value;
    let story = format!(
        "[lambda: i for i in range({stop})] returned {:?}: the lambdas have the free variable(s) \
         {:?} and share one cell: {}, read when they are called, after the loop left i at {}. \
         The default argument version returned {:?} (each lambda's __defaults__ {:?}) and \
         functools.partial {:?} (bound args {:?}): both capture the value at creation",
        e.late,
        e.late_freevars,
        e.late_share_one_cell,
        e.range_stop.saturating_sub(1),
        e.default_argument,
        e.defaults_seen,
        e.partial,
        e.partial_args,
        stop = e.range_stop
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

#[derive(Deserialize)]
struct CapturesVariables {
    value_when_created: String,
    rebound_to: String,
    value_after_rebinding: String,
    other_closure: String,
    shared_cell: bool,
    cell_contents: String,
    deposits: Vec<i64>,
    balance_seen_by_other_closure: i64,
    account_shared_cell: bool,
}

fn captures_variables_not_values(evidence: &Value) -> anyhow::Result<Judgement> {
    let e: CapturesVariables = read(evidence)?;
    let follows_rebinding =
        e.value_after_rebinding == e.rebound_to && e.value_after_rebinding != e.value_when_created;
    let shares = e.shared_cell
        && e.account_shared_cell
        && Some(e.balance_seen_by_other_closure)
            == e.deposits
                .iter()
                .try_fold(0i64, |sum, &d| sum.checked_add(d));
    let story = format!(
        "read() returned {:?} right after it was created and {:?} once the enclosing function \
         rebound the variable to {:?}; the cell now holds {:?}. read and shout share one cell: \
         {} (shout() → {:?}). Deposits of {:?} through one closure were seen by the other as \
         {} (one cell: {})",
        e.value_when_created,
        e.value_after_rebinding,
        e.rebound_to,
        e.cell_contents,
        e.shared_cell,
        e.other_closure,
        e.deposits,
        e.balance_seen_by_other_closure,
        e.account_shared_cell
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

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

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
        let judgement = keeps_enclosing_state(&state("Hello, Ada!", &[1, 2, 3])).unwrap();
        assert_eq!(judgement.verdict, Verdict::Nuanced);
        assert!(judgement
            .explanation
            .contains("*enclosing* function returned"));
        assert!(judgement.explanation.contains("[1, 2, 3]"));
        assert_eq!(
            judgement.derived.as_ref().unwrap()["kept_between_calls"],
            true
        );
    }

    #[test]
    fn state_lost_is_refuted() {
        let judgement = keeps_enclosing_state(&state("None, Ada", &[1, 1, 1])).unwrap();
        assert_eq!(judgement.verdict, Verdict::Refuted);
        assert_eq!(
            judgement.derived.as_ref().unwrap()["kept_between_calls"],
            false
        );
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
        let judgement = lazy_evaluation(&lazy(timing(0, 1, 9_000_000.0))).unwrap();
        assert_eq!(
            judgement.verdict,
            Verdict::Confirmed,
            "{}",
            judgement.explanation
        );
        // Median of the later calls is 220 ns, so the ratio is about 40,909.
        let ratio = judgement.derived.as_ref().unwrap()["closure_first_call_ratio"]
            .as_f64()
            .unwrap();
        assert!((ratio - 9_000_000.0 / 220.0).abs() < 1.0);
        assert!(judgement.explanation.contains("functools.cache"));
    }

    #[test]
    fn lazy_inconclusive_when_timing_is_too_close_and_refuted_when_eager() {
        let noisy = lazy_evaluation(&lazy(timing(0, 1, 1_000.0))).unwrap();
        assert_eq!(noisy.verdict, Verdict::Inconclusive);
        let eager = lazy_evaluation(&lazy(timing(1, 1, 9_000_000.0))).unwrap();
        assert_eq!(eager.verdict, Verdict::Refuted);
        let every_call = lazy_evaluation(&lazy(timing(0, 6, 9_000_000.0))).unwrap();
        assert_eq!(every_call.verdict, Verdict::Refuted);
    }

    fn late(values: &[i64], fixed: &[i64]) -> Value {
        json!({"range_stop": 3, "late": values, "late_freevars": ["i"],
               "late_share_one_cell": true, "default_argument": fixed,
               "defaults_seen": [[0], [1], [2]], "partial": [0, 1, 2],
               "partial_args": [[0], [1], [2]]})
    }

    #[test]
    fn late_binding_verdicts() {
        let confirmed = late_binding(&late(&[2, 2, 2], &[0, 1, 2])).unwrap();
        assert_eq!(confirmed.verdict, Verdict::Confirmed);
        assert!(confirmed.explanation.contains("[2, 2, 2]"));
        assert!(confirmed.explanation.contains("[0, 1, 2]"));
        assert_eq!(
            late_binding(&late(&[0, 1, 2], &[0, 1, 2])).unwrap().verdict,
            Verdict::Refuted
        );
        assert_eq!(
            late_binding(&late(&[2, 2, 2], &[2, 2, 2])).unwrap().verdict,
            Verdict::Nuanced
        );
    }

    fn captured(after: &str, shared: bool) -> Value {
        json!({"value_when_created": "first", "rebound_to": "second",
               "value_after_rebinding": after, "other_closure": after.to_uppercase(),
               "shared_cell": shared, "cell_contents": after, "deposits": [10, 5],
               "balance_seen_by_other_closure": 15, "account_shared_cell": shared})
    }

    #[test]
    fn captures_variables_verdicts() {
        assert_eq!(
            captures_variables_not_values(&captured("second", true))
                .unwrap()
                .verdict,
            Verdict::Confirmed
        );
        assert_eq!(
            captures_variables_not_values(&captured("first", true))
                .unwrap()
                .verdict,
            Verdict::Refuted
        );
        assert_eq!(
            captures_variables_not_values(&captured("second", false))
                .unwrap()
                .verdict,
            Verdict::Nuanced
        );
    }
}
