//! Question 8, "how does importing work?": the module cache and the finders on `sys.meta_path`
//! come before `sys.path`, whose order (script directory, `PYTHONPATH`, installation) the article
//! describes; a local file shadows the standard library, but not built-in or frozen modules.
//!
//! `evidence.rs` is the schema of what `python_snippets/imports.py` records and of what the
//! judges derive; `judges.rs` turns that evidence into verdicts.

pub mod evidence;
mod judges;

use evidence::{
    BuiltinNotShadowable, HostModuleIsBuiltin, LocalShadowsStdlib, ModulesCached,
    PythonpathPrecedesSitePackages, SearchOrder,
};

use super::{ClaimSpec, Demo};
use crate::report::Source;
use crate::snippet;

pub const DEMO: Demo = Demo::new(snippet!("imports.py"), CLAIMS);

const CLAIMS: &[ClaimSpec] = &[
    ClaimSpec::new::<SearchOrder>(
        "imports.search_order",
        Source::Article,
        "To import a module, Python searches the script's directory, then the directories in \
         PYTHONPATH, then the installation's default directories.",
    ),
    ClaimSpec::new::<ModulesCached>(
        "imports.modules_cached",
        Source::Senior,
        "Imported modules are cached in sys.modules: importing a module again does not run \
         its body again; importlib.reload does.",
    ),
    ClaimSpec::new::<LocalShadowsStdlib>(
        "imports.local_shadows_stdlib",
        Source::Senior,
        "A file in a directory earlier on sys.path shadows a standard-library module of the \
         same name (the classic bug of a script named random.py).",
    ),
    ClaimSpec::new::<BuiltinNotShadowable>(
        "imports.builtin_not_shadowable",
        Source::Senior,
        "Built-in and frozen modules (sys, itertools, os) cannot be shadowed by a file on \
         sys.path: their finders answer before PathFinder looks at sys.path.",
    ),
    ClaimSpec::new::<PythonpathPrecedesSitePackages>(
        "imports.pythonpath_precedes_site_packages",
        Source::Article,
        "PYTHONPATH directories are searched after the script's directory and before the \
         installation's directories (standard library, site-packages).",
    ),
    ClaimSpec::new::<HostModuleIsBuiltin>(
        "imports.host_module_is_builtin",
        Source::Senior,
        "A module the embedding program adds before the interpreter starts (here the Rust \
         module _pyconcepts) is a built-in module, imported by BuiltinImporter like sys.",
    ),
];
