//! The one schema of the nonlocal-global evidence: what `python_snippets/nonlocal_global.py`
//! records under each claim's key of `EVIDENCE`, and what the judges derive from it. Field names
//! are the snippet's own (the JSON report is a public interface). Opcodes are CPython
//! instruction names as `dis` reports them, so they vary with the interpreter's version.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use serde_json::Value;

/// `global_rebinds_module`: a function declaring `global total` adds amounts to it.
#[derive(Deserialize, JsonSchema)]
pub struct GlobalRebindsModule {
    /// The module's `total` before the calls.
    pub before: i64,
    /// The amounts added, one call each.
    pub amounts: Vec<i64>,
    /// The module's `total` after the calls.
    pub after: i64,
    /// The instructions that store `total` inside the function (`STORE_GLOBAL`).
    pub store_opcodes: Vec<String>,
    /// The code-object field that lists `total` in the function, or null.
    pub declared_in: Option<String>,
    /// Whether the function's `__globals__` is the module's namespace.
    pub function_globals_are_module: bool,
}

/// What the `global_rebinds_module` judge computes.
#[derive(Serialize, JsonSchema)]
pub struct GlobalRebindsModuleDerived {
    /// `before` plus every amount: what `after` must be; null when it does not fit a JSON
    /// integer.
    pub expected_after: Option<i128>,
}

/// `nonlocal_rebinds_enclosing`: counters whose inner function declares `nonlocal count`.
#[derive(Deserialize, JsonSchema)]
pub struct NonlocalRebindsEnclosing {
    /// What three calls of one counter returned.
    pub calls: Vec<i64>,
    /// The contents of that counter's cell afterwards.
    pub cell_contents_after: i64,
    /// What the first call of a second counter, from a new call of the factory, returned.
    pub second_counter_first_call: i64,
    /// How many times `tally()` called its inner `bump()`.
    pub bumps: i64,
    /// The `count` that `tally()` itself read afterwards.
    pub seen_by_enclosing: i64,
    /// The instructions that store `count` in the inner function (`STORE_DEREF`).
    pub store_opcodes: Vec<String>,
    /// The inner function's `co_freevars`.
    pub inner_freevars: Vec<String>,
    /// The factory's `co_cellvars`.
    pub enclosing_cellvars: Vec<String>,
}

/// `assignment_shadows`: assignments with no declaration, in a function and in a nested one.
#[derive(Deserialize, JsonSchema)]
pub struct AssignmentShadows {
    /// The module's `level` before `shadow()` ran.
    pub module_before: String,
    /// The module's `level` after it.
    pub module_after: String,
    /// What `shadow()`, which assigns its own `level`, returned.
    pub function_returned: String,
    /// `enclosing()`'s `level` before its inner function ran.
    pub enclosing_before: String,
    /// `enclosing()`'s `level` after it.
    pub enclosing_after: String,
    /// What the inner function, which assigns its own `level`, returned.
    pub inner_returned: String,
    /// The instructions that store `level` in `shadow()` (`STORE_FAST`).
    pub store_opcodes: Vec<String>,
    /// The code-object field that lists `level` in `shadow()`, or null.
    pub declared_in: Option<String>,
}

/// `nonlocal_needs_binding`: `nonlocal` with no enclosing binding, compiled, executed and called
/// in turn; and `global` at module level.
#[derive(Deserialize, JsonSchema)]
pub struct NonlocalNeedsBinding {
    /// One case per source that misuses `nonlocal`.
    pub nonlocal_cases: Vec<NonlocalCase>,
    /// A module compiled with and without `global answer`.
    pub module_global: ModuleGlobal,
}

/// One source with a `nonlocal` that has nothing to bind to.
#[derive(Deserialize, JsonSchema)]
pub struct NonlocalCase {
    /// What the source does, in words (`no enclosing binding`).
    pub case: String,
    /// The stage that raised: `compile`, `exec` or `call`; null when none did.
    pub stage: Option<String>,
    /// The exception's type name (`SyntaxError`), else null.
    pub error_type: Option<String>,
    /// Its message, else null.
    pub error: Option<String>,
    /// The source line a `SyntaxError` names, else null.
    pub lineno: Option<i64>,
}

/// `global answer` at module level, against the same module without it.
#[derive(Deserialize, JsonSchema)]
pub struct ModuleGlobal {
    /// The exception's type name running the module with `global` raised, else null.
    pub error_type: Option<String>,
    /// Its message, else null.
    pub error: Option<String>,
    /// `answer` after the module with `global` ran.
    pub value_with_global: Value,
    /// `answer` after the module without it ran.
    pub value_without_global: Value,
    /// The instructions that store `answer` with `global` (`STORE_GLOBAL`).
    pub store_with_global: Vec<String>,
    /// The instructions that store it without (`STORE_NAME`).
    pub store_without_global: Vec<String>,
}

/// What the `nonlocal_needs_binding` judge counts.
#[derive(Serialize, JsonSchema)]
pub struct NonlocalNeedsBindingDerived {
    /// How many cases `compile()` rejected with a `SyntaxError`.
    pub compile_time_errors: usize,
}

/// `mutation_needs_no_declaration`: outer objects mutated without a declaration, and the name
/// rebound without one.
#[derive(Deserialize, JsonSchema)]
pub struct MutationNeedsNoDeclaration {
    /// A function that appends to a module-level list and sets an item of a module-level dict.
    pub mutation: Mutation,
    /// Functions that rebind the module-level list's name instead.
    pub rebinding: Vec<Rebinding>,
}

/// A function that mutates module-level objects.
#[derive(Deserialize, JsonSchema)]
pub struct Mutation {
    /// The list afterwards.
    pub history_after: Value,
    /// The dict afterwards.
    pub settings_after: Value,
    /// Whether both names still refer to the objects they referred to before.
    pub same_objects: bool,
    /// The instructions in the function that store either name (none: it only mutates).
    pub store_opcodes: Vec<String>,
    /// The instructions in the function that load the list's name (`LOAD_GLOBAL`).
    pub load_opcodes: Vec<String>,
    /// The function's `co_varnames`.
    pub function_locals: Vec<String>,
}

/// A function that assigns to the module-level list's name without declaring it.
#[derive(Deserialize, JsonSchema)]
pub struct Rebinding {
    /// The function's name.
    pub function: String,
    /// The assignment it makes, as written.
    pub statement: String,
    /// The exception's type name the call raised (`UnboundLocalError`), else null.
    pub error_type: Option<String>,
    /// Its message, else null.
    pub error: Option<String>,
    /// The instructions that store the name in the function (`STORE_FAST`).
    pub store_opcodes: Vec<String>,
    /// The module-level list after the call.
    pub history_after: Value,
}

/// What the `mutation_needs_no_declaration` judge counts.
#[derive(Serialize, JsonSchema)]
pub struct MutationNeedsNoDeclarationDerived {
    /// How many of the rebinding functions raised.
    pub rebinding_attempts_failing: usize,
}
