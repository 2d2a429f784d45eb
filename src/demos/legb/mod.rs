//! Question 3, "what is LEGB?": names resolve local, enclosing, global, built-in — but the
//! compiler, not a run-time search, decides which of those scopes a name belongs to.
//!
//! `evidence.rs` is the schema of what `python_snippets/legb.py` records (opcodes read with
//! `dis` through the shared `scope_probes.py`) and of what the judges derive; `judges.rs` turns
//! that evidence into verdicts.

pub mod evidence;
mod judges;

use evidence::{
    ClassBodyNotEnclosing, CompileTimeScopes, GlobalScopeIsTheFile, KeywordsInBuiltins,
    ResolutionOrder, UnboundLocal,
};

use super::{ClaimSpec, Demo};
use crate::report::Source;
use crate::snippet;

pub const DEMO: Demo = Demo::new(snippet!("legb.py"), CLAIMS).drawing_frames();

const CLAIMS: &[ClaimSpec] = &[
    ClaimSpec::new::<ResolutionOrder>(
        "legb.resolution_order",
        Source::Article,
        "A name is looked up in the Local scope, then the Enclosing function's, then the \
         Global (module) scope, then the Built-in scope.",
    ),
    ClaimSpec::new::<CompileTimeScopes>(
        "legb.compile_time_scopes",
        Source::Senior,
        "Which scope a name belongs to is decided when the code is compiled: the compiler \
         emits a different load instruction for a local, a free (enclosing), a global and a \
         module- or class-level name.",
    ),
    ClaimSpec::new::<UnboundLocal>(
        "legb.unbound_local",
        Source::Senior,
        "An assignment anywhere in a function makes the name local for the whole body: \
         reading it first raises UnboundLocalError although a global of that name exists.",
    ),
    ClaimSpec::new::<ClassBodyNotEnclosing>(
        "legb.class_body_not_enclosing",
        Source::Senior,
        "A class body is not an enclosing scope: its names are not visible inside its \
         methods; and comprehensions get a scope of their own.",
    ),
    ClaimSpec::new::<KeywordsInBuiltins>(
        "legb.keywords_in_builtins",
        Source::Article,
        "Keywords such as in, and, or, def, class and expressions like __main__ and __file__ \
         are in the built-in scope.",
    ),
    ClaimSpec::new::<GlobalScopeIsTheFile>(
        "legb.global_scope_is_the_file",
        Source::Article,
        "The names in the global scope are visible to all code in one Python script (one \
         file with a .py extension).",
    ),
];
