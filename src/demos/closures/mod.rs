//! Question 9, "what is a closure?": a function that carries cells of its enclosing function's
//! variables — variables, not values, read when the closure runs.
//!
//! `evidence.rs` is the schema of what `python_snippets/closures.py` records and of what the
//! judges derive; `judges.rs` turns that evidence into verdicts.

pub mod evidence;
mod judges;

use evidence::{CapturesVariablesNotValues, KeepsEnclosingState, LateBinding, LazyEvaluation};

use super::{ClaimSpec, Demo};
use crate::params::ParamSpec;
use crate::report::Source;
use crate::snippet;

pub const DEMO: Demo = Demo::new(snippet!("closures.py"), CLAIMS)
    .with_params(&[WORK])
    .drawing_frames();

const WORK: ParamSpec = ParamSpec::int(
    "work",
    10_000..=2_000_000,
    "steps of the deliberately slow loop behind the lazily computed value",
)
.with_default("200000");

const CLAIMS: &[ClaimSpec] = &[
    ClaimSpec::new::<KeepsEnclosingState>(
        "closures.keeps_enclosing_state",
        Source::Article,
        "A closure is an inner function that keeps the data of its enclosing scope even after \
         the closure is called.",
    ),
    ClaimSpec::new::<LazyEvaluation>(
        "closures.lazy_evaluation",
        Source::Article,
        "Closures allow lazy evaluation: an expensive value is computed on the first call only \
         and then reused.",
    ),
    ClaimSpec::new::<LateBinding>(
        "closures.late_binding",
        Source::Senior,
        "Closures bind late: [lambda: i for i in range(3)] all return 2; a default argument or \
         functools.partial captures each value instead (0, 1, 2).",
    ),
    ClaimSpec::new::<CapturesVariablesNotValues>(
        "closures.captures_variables_not_values",
        Source::Senior,
        "A closure captures the variable, not its value: rebinding it after the closure was \
         created changes what the closure returns, and closures from the same call share one \
         cell.",
    ),
];
