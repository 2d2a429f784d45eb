//! The one schema of the closures evidence: what `python_snippets/closures.py` records under each
//! claim's key of `EVIDENCE`, and what the judges derive from it. Field names are the snippet's
//! own (the JSON report is a public interface).

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// `keeps_enclosing_state`: a greeter closure called after its factory returned, and a counter
/// closure called three times.
#[derive(Deserialize, JsonSchema)]
pub struct KeepsEnclosingState {
    /// The factory's `co_cellvars`: its variables that closures capture.
    pub enclosing_cellvars: Vec<String>,
    /// The closure's `co_freevars`.
    pub freevars: Vec<String>,
    /// The closure's cells, in `co_freevars` order.
    pub cells: Vec<Cell>,
    /// Whether a local of the factory that the closure did not capture was already freed (a
    /// weak reference to it is dead): the factory's frame is gone.
    pub uncaptured_local_freed: bool,
    /// The closure's calls, made after the factory returned.
    pub calls_after_enclosing_returned: Vec<Call>,
    /// What the counter closure's calls returned, in order.
    pub counter_calls: Vec<i64>,
    /// The counter's cell contents afterwards.
    pub counter_cell_after: i64,
}

/// One cell a closure carries.
#[derive(Deserialize, JsonSchema)]
pub struct Cell {
    /// The free variable's name.
    pub name: String,
    /// `str()` of the cell's contents.
    pub contents: String,
}

/// One call of the greeter closure.
#[derive(Deserialize, JsonSchema)]
pub struct Call {
    /// The argument it was called with.
    pub argument: String,
    /// What it returned.
    pub result: String,
}

/// What the `keeps_enclosing_state` judge decides.
#[derive(Serialize, JsonSchema)]
pub struct KeepsEnclosingStateDerived {
    /// Whether every call after the factory returned was built from every cell's contents.
    pub kept_after_enclosing_returned: bool,
    /// Whether the counter counted up by one per call, and its cell holds the last count.
    pub kept_between_calls: bool,
}

/// `lazy_evaluation`: an expensive value behind a closure and behind `functools.cache`, each
/// called several times.
#[derive(Deserialize, JsonSchema)]
pub struct LazyEvaluation {
    /// Steps of the deliberately slow loop that computes the value (`--param work`).
    pub work: i64,
    /// The closure that computes the value on its first call.
    pub closure: LazyTiming,
    /// The `functools.cache`-decorated function that does the same.
    #[serde(rename = "functools.cache")]
    pub cache: LazyTiming,
}

/// The calls of one lazy variant, each timed on its own.
#[derive(Deserialize, JsonSchema)]
pub struct LazyTiming {
    /// How many times the value had been computed before the first call.
    pub runs_before_first_call: i64,
    /// How many calls were made.
    pub calls: i64,
    /// How many times the value had been computed after all the calls.
    pub runs_after_calls: i64,
    /// The first call's time, in nanoseconds.
    pub first_call_ns: f64,
    /// Each later call's time, in nanoseconds.
    pub later_calls_ns: Vec<f64>,
    /// Whether every call returned the same value.
    pub same_value_every_call: bool,
}

/// What the `lazy_evaluation` judge computes.
#[derive(Serialize, JsonSchema)]
pub struct LazyEvaluationDerived {
    /// The closure's first call time over the median of its later calls; null when there are
    /// no later calls or their median is 0.
    pub closure_first_call_ratio: Option<f64>,
    /// The same ratio for `functools.cache`.
    pub cache_first_call_ratio: Option<f64>,
}

/// `late_binding`: lambdas made in a loop, plain, with a default argument, and with
/// `functools.partial`.
#[derive(Deserialize, JsonSchema)]
pub struct LateBinding {
    /// The loop ran over `range(range_stop)`.
    pub range_stop: i64,
    /// What the plain lambdas (`lambda: i`) returned.
    pub late: Vec<i64>,
    /// The plain lambdas' `co_freevars`.
    pub late_freevars: Vec<String>,
    /// Whether the plain lambdas share one cell.
    pub late_share_one_cell: bool,
    /// What the lambdas with a default argument (`lambda i=i: i`) returned.
    pub default_argument: Vec<i64>,
    /// Each of those lambdas' `__defaults__`.
    pub defaults_seen: Vec<Vec<i64>>,
    /// What the `functools.partial` objects returned.
    pub partial: Vec<i64>,
    /// Each partial's bound `args`.
    pub partial_args: Vec<Vec<i64>>,
}

/// `captures_variables_not_values`: closures reading a variable their factory rebinds, and two
/// closures sharing an account's cell.
#[derive(Deserialize, JsonSchema)]
pub struct CapturesVariablesNotValues {
    /// What `read()` returned right after it was created.
    pub value_when_created: String,
    /// The value the factory then rebound the variable to.
    pub rebound_to: String,
    /// What `read()` returned after the rebinding.
    pub value_after_rebinding: String,
    /// What the other closure from the same call, `shout()`, returned.
    pub other_closure: String,
    /// Whether `read` and `shout` share one cell.
    pub shared_cell: bool,
    /// That cell's contents.
    pub cell_contents: String,
    /// The amounts deposited through one account closure.
    pub deposits: Vec<i64>,
    /// The balance the other account closure read afterwards.
    pub balance_seen_by_other_closure: i64,
    /// Whether the two account closures share one cell.
    pub account_shared_cell: bool,
}
