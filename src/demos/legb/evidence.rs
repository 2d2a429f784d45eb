//! The one schema of the legb evidence: what `python_snippets/legb.py` records under each
//! claim's key of `EVIDENCE`, and what the judges derive from it. Field names are the snippet's
//! own (the JSON report is a public interface). Opcodes are CPython instruction names as `dis`
//! reports them, so they vary with the interpreter's version.

use std::collections::BTreeMap;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use serde_json::Value;

/// `resolution_order`: one name bound at every level, then one level removed at a time.
#[derive(Deserialize, JsonSchema)]
pub struct ResolutionOrder {
    /// The name looked up (`len`).
    pub name: String,
    /// Each lookup, from the name bound at all four levels down to the built-in alone.
    pub steps: Vec<Step>,
}

/// One lookup of the name from the innermost function.
#[derive(Deserialize, JsonSchema)]
pub struct Step {
    /// The levels at which the name was bound in this step: `local`, `enclosing`, `global`,
    /// `builtin`.
    pub levels: Vec<String>,
    /// `repr()` of what the innermost function saw.
    pub value: String,
    /// The level that value came from (one of `levels`, or the value's `repr()` when it is
    /// none of them).
    pub found: String,
}

/// What the `resolution_order` judge counts.
#[derive(Serialize, JsonSchema)]
pub struct ResolutionOrderDerived {
    /// How many steps found the innermost level the name was bound at.
    pub steps_in_order: usize,
}

/// `compile_time_scopes`: the instructions the compiler emitted for names of each scope, read
/// before the code ran, and what deleting a binding at run time does.
#[derive(Deserialize, JsonSchema)]
pub struct CompileTimeScopes {
    /// Whether `outer()` had run before its code was disassembled (it had not: the scopes are
    /// in the compiled code already).
    pub outer_called_before_disassembly: bool,
    /// One row per name read in a function, class body or module.
    pub rows: Vec<ScopeRow>,
    /// An enclosing binding deleted before the inner function reads it.
    pub enclosing_deleted: EnclosingDeleted,
    /// A global that shadows a built-in (`abs`), deleted.
    pub global_deleted: GlobalDeleted,
}

/// How one name is loaded where it is read.
#[derive(Deserialize, JsonSchema)]
pub struct ScopeRow {
    /// The function, class body or module the name is read in.
    pub scope: String,
    /// The name.
    pub name: String,
    /// The name's level as the source is written: `local`, `free`, `cell`, `global`,
    /// `builtin`, `module`, `class`, `class_free`.
    pub level: String,
    /// The load instructions `dis` found for the name, in order.
    pub opcodes: Vec<String>,
    /// The code-object field that lists the name (`co_varnames`, `co_freevars`, ...), or null
    /// when none does.
    pub declared_in: Option<String>,
}

/// An inner function reading an enclosing name whose binding was deleted.
#[derive(Deserialize, JsonSchema)]
pub struct EnclosingDeleted {
    /// Whether a global of the same name exists (to show it is not consulted).
    pub global_of_same_name: bool,
    /// The exception's type name the read raised (`NameError`), else null.
    pub error_type: Option<String>,
    /// Its message, else null.
    pub error: Option<String>,
}

/// A function reading a global that shadowed a built-in, before and after the global is deleted.
#[derive(Deserialize, JsonSchema)]
pub struct GlobalDeleted {
    /// `repr()` of what it read while the global existed.
    pub before: String,
    /// `repr()` of what it read after the global was deleted.
    pub after: String,
    /// Whether that was the built-in itself.
    pub fell_back_to_builtin: bool,
}

/// What the `compile_time_scopes` judge counts.
#[derive(Serialize, JsonSchema)]
pub struct CompileTimeScopesDerived {
    /// How many rows are loaded with their scope's instructions and listed in its table.
    pub rows_matching_their_scope: usize,
}

/// `unbound_local`: functions that read a name the compiler made local by an assignment.
#[derive(Deserialize, JsonSchema)]
pub struct UnboundLocal {
    /// One case per function called.
    pub cases: Vec<UnboundCase>,
}

/// One function that reads, and somewhere assigns, a name that is also a global.
#[derive(Deserialize, JsonSchema)]
pub struct UnboundCase {
    /// The function's name.
    pub function: String,
    /// The name it reads.
    pub name: String,
    /// The value of the global of the same name.
    pub global_value: Value,
    /// `repr()` of the return value when the call did not raise, else null.
    pub result: Option<String>,
    /// The exception's type name when it raised (`UnboundLocalError`), else null.
    pub error_type: Option<String>,
    /// Its message, else null.
    pub error: Option<String>,
    /// Whether that exception is a subclass of `NameError`.
    pub is_name_error: bool,
    /// The load instructions `dis` found for the name in the function.
    pub opcodes: Vec<String>,
    /// The code-object field that lists the name, or null.
    pub declared_in: Option<String>,
}

/// What the `unbound_local` judge counts.
#[derive(Serialize, JsonSchema)]
pub struct UnboundLocalDerived {
    /// How many cases raised `UnboundLocalError` with the name listed as a local.
    pub cases_raising: usize,
}

/// `class_body_not_enclosing`: a method and comprehensions reading class-level names, and a
/// comprehension's loop variable inside a function.
#[derive(Deserialize, JsonSchema)]
pub struct ClassBodyNotEnclosing {
    /// A method reading a class-level name without `self.`.
    pub method: MethodLookup,
    /// A comprehension in a class body reading a class-level name.
    pub class_comprehension: ClassComprehension,
    /// A comprehension in a function whose loop variable has a function local's name.
    pub function_comprehension: FunctionComprehension,
}

/// A method reading the class-level `retries` without `self.`.
#[derive(Deserialize, JsonSchema)]
pub struct MethodLookup {
    /// The exception's type name the read raised (`NameError`), else null.
    pub error_type: Option<String>,
    /// Its message, else null.
    pub error: Option<String>,
    /// What `self.retries` gave.
    pub via_self: Value,
}

/// `[retries * n for n in range(2)]` in the class body that defines `retries`.
#[derive(Deserialize, JsonSchema)]
pub struct ClassComprehension {
    /// What `[n for n in range(retries)]` gave: its outermost iterable is evaluated in the class
    /// body.
    pub first_iterable: Value,
    /// The exception's type name the comprehension raised (`NameError`), else null.
    pub error_type: Option<String>,
    /// Its message, else null.
    pub error: Option<String>,
}

/// A comprehension whose loop variable is named like a local of the function around it.
#[derive(Deserialize, JsonSchema)]
pub struct FunctionComprehension {
    /// Whether the comprehension compiled to a code object of its own (up to 3.11; 3.12+
    /// inlines it, PEP 709).
    pub separate_code_object: bool,
    /// The names of the code objects nested in the function (`<listcomp>`).
    pub nested_code_objects: Vec<String>,
    /// The instructions the function loads and stores the loop variable with, each once.
    pub loop_variable_opcodes: Vec<String>,
    /// `repr()` of the function's own variable before the comprehension.
    pub loop_variable_before: String,
    /// `repr()` of it after the comprehension.
    pub loop_variable_after: String,
}

/// What the `class_body_not_enclosing` judge derives.
#[derive(Serialize, JsonSchema)]
pub struct ClassBodyNotEnclosingDerived {
    /// Whether this interpreter inlines comprehensions (no nested code object).
    pub comprehension_inlined: bool,
}

/// `keywords_in_builtins`: the words the article places in the built-in scope, and what that
/// scope really holds.
#[derive(Deserialize, JsonSchema)]
pub struct KeywordsInBuiltins {
    /// The keywords the article lists (`in`, `and`, ...).
    pub keywords: Vec<Word>,
    /// How many keywords the language has (`len(keyword.kwlist)`).
    pub keyword_count: usize,
    /// The dunder names the article lists (`__file__`, `__main__`).
    pub dunders: Vec<Dunder>,
    /// This module's `__name__`.
    pub module_name: String,
    /// How many names the `builtins` module holds.
    pub builtins_count: usize,
    /// A few built-in names, each with its object's type name.
    pub builtins_examples: BTreeMap<String, String>,
}

/// A keyword the article calls built-in.
#[derive(Deserialize, JsonSchema)]
pub struct Word {
    /// The word.
    pub word: String,
    /// Whether `keyword.iskeyword()` says it is one.
    pub is_keyword: bool,
    /// Whether the `builtins` module has an attribute of that name.
    pub in_builtins: bool,
    /// The exception's type name compiling the word as an expression raised (`SyntaxError`),
    /// else null.
    pub as_expression_error_type: Option<String>,
}

/// A dunder name the article calls built-in.
#[derive(Deserialize, JsonSchema)]
pub struct Dunder {
    /// The name.
    pub name: String,
    /// Whether the `builtins` module has it.
    pub in_builtins: bool,
    /// Whether this module's globals have it.
    pub in_module_globals: bool,
    /// The exception's type name evaluating it as a name raised (`NameError`), else null.
    pub lookup_error_type: Option<String>,
}

/// What the `keywords_in_builtins` judge counts.
#[derive(Serialize, JsonSchema)]
pub struct KeywordsInBuiltinsDerived {
    /// How many of the names the article lists are really in `builtins`.
    pub listed_names_in_builtins: usize,
}

/// `global_scope_is_the_file`: where a function finds its globals — this file's, a module built
/// at run time from no file, and this file's code run by `exec` in a second namespace.
#[derive(Deserialize, JsonSchema)]
pub struct GlobalScopeIsTheFile {
    /// This file's `__name__`.
    pub module_name: String,
    /// The type name of `globals()` (`dict`).
    pub globals_type: String,
    /// Whether `globals() is sys.modules[__name__].__dict__`: true when Python ran the file as
    /// a module; false inside pyconcepts, which runs it with `exec` in a dict of its own.
    pub globals_is_module_dict: bool,
    /// A function defined in this file, reading a global of this file.
    pub here: HereScope,
    /// A module built at run time (`types.ModuleType`) with a global of the same name.
    pub elsewhere: ElsewhereScope,
    /// Code compiled under this file's name and run by `exec(code, namespace)` in a new dict.
    pub second_scope: SecondScope,
}

/// This file's own global and the function of this file that reads it.
#[derive(Deserialize, JsonSchema)]
pub struct HereScope {
    /// The global's value in this file.
    pub value: String,
    /// What the function returned.
    pub read_returned: String,
    /// Whether the function's `__globals__` is this file's `globals()`.
    pub function_globals_is_ours: bool,
}

/// A module of no file whose function, called from this file, reads its own global.
#[derive(Deserialize, JsonSchema)]
pub struct ElsewhereScope {
    /// The module's name.
    pub module: String,
    /// Whether the module has a `__file__` (it has none: it was built from a string).
    pub has_file: bool,
    /// The value of the module's global of the same name.
    pub value: String,
    /// What the module's function returned when called from this file.
    pub called_from_here_returned: String,
    /// Whether that function's `__globals__` is its module's `__dict__`.
    pub function_globals_is_its_module_dict: bool,
    /// Whether that function's `__globals__` is this file's `globals()`.
    pub function_globals_is_ours: bool,
    /// What the function returned after this file assigned the module's global
    /// (`elsewhere.place = ...`).
    pub after_assignment_from_here: String,
}

/// This file's code run a second time, in another namespace.
#[derive(Deserialize, JsonSchema)]
pub struct SecondScope {
    /// The file name the code was compiled under (this file's).
    pub file: String,
    /// Whether the function it defined has this file as its `co_filename`.
    pub same_file: bool,
    /// The value the code assigned to the global in the new namespace.
    pub value: String,
    /// What the function it defined returned.
    pub read_returned: String,
    /// Whether that function's `__globals__` is the namespace given to `exec`.
    pub function_globals_is_namespace: bool,
    /// This file's global afterwards.
    pub our_value_after: String,
    /// What this file's own function returned afterwards.
    pub our_function_returned_after: String,
}

/// What the `global_scope_is_the_file` judge found.
#[derive(Serialize, JsonSchema)]
pub struct GlobalScopeIsTheFileDerived {
    /// The function of another module used that module's globals, called from this file.
    pub defining_module_globals_used: bool,
    /// `exec` gave this file's code a second global scope.
    pub second_scope_in_one_file: bool,
}
