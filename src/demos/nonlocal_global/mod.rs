//! Question 4, "what are the usages of nonlocal and global?": they turn an assignment into a
//! rebinding of an outer name; without them an assignment makes a new local, and mutating an
//! outer object needs neither.
//!
//! `evidence.rs` is the schema of what `python_snippets/nonlocal_global.py` records (opcodes read
//! with `dis` through the shared `scope_probes.py`) and of what the judges derive; `judges.rs`
//! turns that evidence into verdicts.

pub mod evidence;
mod judges;

use evidence::{
    AssignmentShadows, GlobalRebindsModule, MutationNeedsNoDeclaration, NonlocalNeedsBinding,
    NonlocalRebindsEnclosing,
};

use super::{ClaimSpec, Demo};
use crate::report::Source;
use crate::snippet;

pub const DEMO: Demo = Demo::new(snippet!("nonlocal_global.py"), CLAIMS).drawing_frames();

const CLAIMS: &[ClaimSpec] = &[
    ClaimSpec::new::<GlobalRebindsModule>(
        "scope.global_rebinds_module",
        Source::Article,
        "`global x` inside a function makes assignments to x rebind the module's x.",
    ),
    ClaimSpec::new::<NonlocalRebindsEnclosing>(
        "scope.nonlocal_rebinds_enclosing",
        Source::Article,
        "`nonlocal x` in a nested function rebinds the enclosing function's x, and the \
         enclosing function sees the new value.",
    ),
    ClaimSpec::new::<AssignmentShadows>(
        "scope.assignment_shadows",
        Source::Senior,
        "Without a declaration, assigning to a name in a function creates a new local; the \
         outer binding is untouched.",
    ),
    ClaimSpec::new::<NonlocalNeedsBinding>(
        "scope.nonlocal_needs_binding",
        Source::Senior,
        "`nonlocal x` with no binding of x in an enclosing function is a SyntaxError at \
         compile time, not a run-time error; `global` at module level is allowed and does \
         nothing.",
    ),
    ClaimSpec::new::<MutationNeedsNoDeclaration>(
        "scope.mutation_needs_no_declaration",
        Source::Senior,
        "Mutating an outer list or dict needs neither keyword; only rebinding the name does.",
    ),
];
