//! The one schema of the imports evidence: what `python_snippets/imports.py` records under each
//! claim's key of `EVIDENCE`, and what the judges derive from it. Field names are the snippet's
//! own (the JSON report is a public interface). Paths are absolute, as the interpreter reports
//! them; the demo's own files sit in a temporary directory that is gone after the run.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// Where a `sys.path` entry comes from, as the snippet labels it from sysconfig, site and the
/// environment.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum PathOrigin {
    /// The directory of the script `python` runs.
    ScriptDir,
    /// The current directory (an empty entry).
    CurrentDir,
    /// An entry of `PYTHONPATH`.
    Pythonpath,
    /// The standard library's zip archive.
    StdlibZip,
    /// The standard library's directory.
    Stdlib,
    /// The standard library's C extensions.
    LibDynload,
    /// The installation's site-packages.
    SitePackages,
    /// The user's site-packages.
    UserSite,
    /// Put on `sys.path` by the demo itself.
    Demo,
    /// Added by a `.pth` file or by the program.
    Other,
}

/// One `sys.path` entry and its origin.
#[derive(Deserialize, JsonSchema)]
pub struct PathEntry {
    /// The entry as it stands on `sys.path` (empty for the current directory).
    pub entry: String,
    /// Where it comes from.
    pub origin: PathOrigin,
}

/// `search_order`: what `import` consults, in order — the module cache, the finders on
/// `sys.meta_path` — and `sys.path` here and in a child `python3 script.py`.
#[derive(Deserialize, JsonSchema)]
pub struct SearchOrder {
    /// Whether a module object placed in `sys.modules`, with no file behind it, was what
    /// `import` returned.
    pub cache_answered: bool,
    /// The exception's type name importing it raised once it was taken out of `sys.modules`
    /// again (`ModuleNotFoundError`), else null.
    pub after_cache_removal_error: Option<String>,
    /// The finders on `sys.meta_path`, in the order `import` asks them.
    pub meta_path: Vec<Finder>,
    /// The first finder that answers for a few module names.
    pub found_by: Vec<FoundBy>,
    /// A module in `sys.path[0]`, imported with PathFinder taken off `sys.meta_path`.
    pub without_path_finder: WithoutPathFinder,
    /// This interpreter's `sys.path`, labelled.
    pub this_path: Vec<PathEntry>,
    /// A child `python3 script.py`'s `sys.path`, labelled; null when no child ran.
    pub child_path: Option<Vec<PathEntry>>,
    /// The child's finders' class names; null when no child ran.
    pub child_meta_path: Option<Vec<String>>,
    /// Why no child ran, else null.
    pub child_problem: Option<String>,
    /// Modules in `sys.modules` loaded from the system's temporary directory before the demo
    /// began: leftovers of earlier runs.
    pub temp_modules_at_start: Vec<String>,
}

/// A finder on `sys.meta_path`.
#[derive(Deserialize, JsonSchema)]
pub struct Finder {
    /// Its class's name (`PathFinder`).
    pub name: String,
    /// Its class's module and qualified name.
    pub qualified: String,
}

/// The first finder on `sys.meta_path` whose `find_spec` answered for a module name.
#[derive(Deserialize, JsonSchema)]
pub struct FoundBy {
    /// The module name asked for.
    pub module: String,
    /// The finder's class name; null when none answered.
    pub finder: Option<String>,
    /// The spec's origin (a path, `built-in`, `frozen`); null when none answered.
    pub origin: Option<String>,
}

/// A module that sits in `sys.path[0]`, imported without PathFinder, then with it.
#[derive(Deserialize, JsonSchema)]
pub struct WithoutPathFinder {
    /// The module's name.
    pub module: String,
    /// Whether its file is in the first `sys.path` entry.
    pub file_in_first_path_entry: bool,
    /// Whether it was imported without PathFinder.
    pub imported: bool,
    /// The exception's type name that import raised (`ModuleNotFoundError`), else null.
    pub error_type: Option<String>,
    /// Its message, else null.
    pub error: Option<String>,
    /// Whether it was imported once PathFinder was back.
    pub imported_with_path_finder: bool,
    /// The file it was then imported from, else null.
    pub origin_with_path_finder: Option<String>,
}

/// What the `search_order` judge derives; none of it when `sys.meta_path` holds no PathFinder.
#[derive(Serialize, JsonSchema)]
pub struct SearchOrderDerived {
    /// The finders `import` asks before PathFinder, in order.
    pub finders_before_path_finder: Vec<String>,
    /// How many of the probed modules a finder other than PathFinder answered for.
    pub answered_before_sys_path: usize,
    /// Whether removing PathFinder made the module in `sys.path[0]` unimportable.
    pub only_path_finder_reads_sys_path: bool,
    /// Whether the child's `sys.path` starts with the script's directory and follows the
    /// article's order; null when no child ran.
    pub child_follows_article_order: Option<bool>,
    /// Whether the child has the same finders, in the same order; null when no child ran.
    pub child_has_same_finders: Option<bool>,
}

/// `modules_cached`: a module that counts how many times its body ran, imported twice,
/// reloaded, then forgotten and imported again.
#[derive(Deserialize, JsonSchema)]
pub struct ModulesCached {
    /// The module's name.
    pub module: String,
    /// Its count after the first import.
    pub runs_after_first_import: u32,
    /// Its count after the second import.
    pub runs_after_second_import: u32,
    /// Whether the second import returned the same module object.
    pub second_import_same_object: bool,
    /// Its count after `importlib.reload`.
    pub runs_after_reload: u32,
    /// Whether the reload kept the same module object.
    pub reload_same_object: bool,
    /// Its count after it was deleted from `sys.modules` and imported again.
    pub runs_after_forgetting: u32,
    /// Whether that import made a new module object.
    pub new_object_after_forgetting: bool,
}

/// `local_shadows_stdlib`: a file named like a standard-library module, first on `sys.path`.
#[derive(Deserialize, JsonSchema)]
pub struct LocalShadowsStdlib {
    /// The module shadowed: the first of `candidates` nobody had imported yet.
    pub module: String,
    /// The standard-library modules the demo may pick from.
    pub candidates: Vec<String>,
    /// The standard library's file of that module.
    pub stdlib_origin: String,
    /// The directory holding the same-named file.
    pub shadow_dir: String,
    /// Its index on `sys.path` during the import.
    pub shadow_dir_index: usize,
    /// The file `import` loaded, else null.
    pub imported_origin: Option<String>,
    /// Whether the imported module is the planted file (it defines `SHADOW`).
    pub imported_is_shadow: bool,
    /// `Type: message` of the exception the import raised, else null.
    pub error: Option<String>,
    /// Whether `sys.modules` was put back as it was afterwards.
    pub sys_modules_restored: bool,
}

/// `builtin_not_shadowable`: files named like built-in and frozen modules, first on `sys.path`.
#[derive(Deserialize, JsonSchema)]
pub struct BuiltinNotShadowable {
    /// The directory holding the planted files.
    pub shadow_dir: String,
    /// One row per module checked.
    pub modules: Vec<CheckedModule>,
}

/// What kind of module a name is in this interpreter.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum ModuleKind {
    /// Compiled into the interpreter (`sys.builtin_module_names`).
    #[serde(rename = "built-in")]
    BuiltIn,
    /// Frozen into the interpreter (found by FrozenImporter).
    Frozen,
    /// Neither: found by PathFinder in this build.
    Path,
}

/// A module whose name a planted file on `sys.path` also has, imported afresh.
#[derive(Deserialize, JsonSchema)]
pub struct CheckedModule {
    /// The module's name.
    pub module: String,
    /// What kind of module it is.
    pub kind: ModuleKind,
    /// The file PathFinder alone would load for that name (the planted one), else null.
    pub path_finder_would_load: Option<String>,
    /// The class name of the first finder that answers for it, else null.
    pub first_finder: Option<String>,
    /// Whether it was imported afresh (`sys` never is: the cached one is what every import
    /// gets).
    pub fresh_import: bool,
    /// The imported module's spec origin, else null.
    pub origin: Option<String>,
    /// The class name of its loader, else null.
    pub loader: Option<String>,
    /// Whether the imported module is the planted file.
    pub is_shadow: bool,
}

/// What the `builtin_not_shadowable` judge counts.
#[derive(Serialize, JsonSchema)]
pub struct BuiltinNotShadowableDerived {
    /// How many modules' planted files PathFinder would really have loaded.
    pub planted_and_findable: usize,
    /// How many of those, built-in or frozen, kept their own origin.
    pub kept_their_origin: usize,
}

/// `pythonpath_precedes_site_packages`: a child `python3 script.py` run with `PYTHONPATH` set.
#[derive(Deserialize, JsonSchema)]
pub struct PythonpathPrecedesSitePackages {
    /// The child's interpreter (`sys.executable`).
    pub executable: String,
    /// The script's directory.
    pub script_dir: String,
    /// The `PYTHONPATH` entries given, in order.
    pub pythonpath: Vec<String>,
    /// The child's `sys.path`, labelled.
    pub child_path: Vec<PathEntry>,
    /// Where the child imported `where_am_i` from (a copy sits in the script directory and in
    /// the first `PYTHONPATH` entry), else null.
    pub where_am_i_origin: Option<String>,
    /// A standard-library module name with a same-named file in `PYTHONPATH`, else null.
    pub stdlib_name: Option<String>,
    /// Where the child imported that module from, else null.
    pub stdlib_name_origin: Option<String>,
    /// How long the child ran, in seconds.
    pub child_seconds: f64,
}

/// What the `pythonpath_precedes_site_packages` judge finds in the child's `sys.path`.
#[derive(Serialize, JsonSchema)]
pub struct PythonpathPrecedesSitePackagesDerived {
    /// The script directory's index; null when absent.
    pub script_dir_index: Option<usize>,
    /// The indices of the `PYTHONPATH` entries.
    pub pythonpath_indices: Vec<usize>,
    /// The first standard-library entry's index; null when absent.
    pub first_stdlib_index: Option<usize>,
    /// The first site-packages entry's index; null when absent.
    pub first_site_packages_index: Option<usize>,
}

/// `host_module_is_builtin`: the host's own module, `_pyconcepts`, beside `sys`.
#[derive(Deserialize, JsonSchema)]
pub struct HostModuleIsBuiltin {
    /// The module's name.
    pub module: String,
    /// Its spec's origin (`built-in`), else null.
    pub origin: Option<String>,
    /// Its loader's class name (`BuiltinImporter`), else null.
    pub loader: Option<String>,
    /// Whether it is in `sys.builtin_module_names`.
    pub in_builtin_module_names: bool,
    /// Whether it has a `__file__`.
    pub has_file: bool,
    /// `sys`'s spec origin, for comparison.
    pub sys_origin: Option<String>,
    /// `sys`'s loader's class name.
    pub sys_loader: Option<String>,
    /// Whether a plain `python3` child could import it; null when no child ran.
    pub plain_python_has_it: Option<bool>,
}
