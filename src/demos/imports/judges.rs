//! The imports judges: pure functions from the evidence of `evidence.rs` to a verdict.

use crate::demos::kit::python::Repr;
use std::path::Path;

use super::evidence::{
    BuiltinNotShadowable, BuiltinNotShadowableDerived, CheckedModule, HostModuleIsBuiltin,
    LocalShadowsStdlib, ModuleKind, ModulesCached, PathEntry, PathOrigin,
    PythonpathPrecedesSitePackages, PythonpathPrecedesSitePackagesDerived, SearchOrder,
    SearchOrderDerived,
};
use crate::demos::kit::parts::core_and_rest;
use crate::demos::{ClaimEvidence, NothingDerived};
use crate::report::{Judgement, Verdict};

impl PathOrigin {
    fn words(self) -> &'static str {
        match self {
            PathOrigin::ScriptDir => "script directory",
            PathOrigin::CurrentDir => "current directory",
            PathOrigin::Pythonpath => "PYTHONPATH",
            PathOrigin::StdlibZip => "standard library (zip)",
            PathOrigin::Stdlib => "standard library",
            PathOrigin::LibDynload => "lib-dynload",
            PathOrigin::SitePackages => "site-packages",
            PathOrigin::UserSite => "user site-packages",
            PathOrigin::Demo => "demo directory",
            PathOrigin::Other => "other",
        }
    }

    fn is_stdlib(self) -> bool {
        matches!(
            self,
            PathOrigin::StdlibZip | PathOrigin::Stdlib | PathOrigin::LibDynload
        )
    }

    fn is_site_packages(self) -> bool {
        matches!(self, PathOrigin::SitePackages | PathOrigin::UserSite)
    }

    /// The article's three steps: the script's directory, PYTHONPATH, the installation.
    fn article_step(self) -> Option<u8> {
        match self {
            PathOrigin::ScriptDir | PathOrigin::CurrentDir => Some(0),
            PathOrigin::Pythonpath => Some(1),
            origin if origin.is_stdlib() || origin.is_site_packages() => Some(2),
            _ => None,
        }
    }
}

/// "script directory → PYTHONPATH ×2 → standard library (zip) → …", runs of one origin merged.
fn path_story(entries: &[PathEntry]) -> String {
    let mut runs: Vec<(PathOrigin, usize)> = Vec::new();
    for entry in entries {
        match runs.last_mut() {
            Some((origin, count)) if *origin == entry.origin => *count += 1,
            _ => runs.push((entry.origin, 1)),
        }
    }
    runs.iter()
        .map(|(origin, count)| match count {
            1 => origin.words().to_owned(),
            n => format!("{} ×{n}", origin.words()),
        })
        .collect::<Vec<_>>()
        .join(" → ")
}

fn inside(path: Option<&str>, dir: &str) -> bool {
    path.is_some_and(|path| Path::new(path).starts_with(dir))
}

/// Whether a `python3 script.py` path follows the article: script directory first, then its
/// steps in order (entries of other origins are ignored).
fn follows_article(path: &[PathEntry]) -> bool {
    let steps: Vec<u8> = path
        .iter()
        .filter_map(|e| e.origin.article_step())
        .collect();
    path.first().map(|e| e.origin) == Some(PathOrigin::ScriptDir)
        && steps.windows(2).all(|pair| pair[0] <= pair[1])
}

impl ClaimEvidence for SearchOrder {
    type Derived = SearchOrderDerived;

    fn judge(self) -> anyhow::Result<Judgement<SearchOrderDerived>> {
        let e = self;
        let names: Vec<&str> = e.meta_path.iter().map(|f| f.name.as_str()).collect();
        let Some(path_finder) = names.iter().position(|name| *name == "PathFinder") else {
            return Ok(Judgement::new(
                Verdict::Refuted,
                format!(
                    "sys.meta_path holds [{}] and no PathFinder: nothing here searches sys.path.",
                    names.join(", ")
                ),
            ));
        };
        let answered_early: Vec<String> = e
            .found_by
            .iter()
            .filter_map(|found| match found.finder.as_deref() {
                Some(finder) if finder != "PathFinder" => Some(format!(
                    "{} by {} ({})",
                    found.module,
                    finder,
                    found.origin.as_deref().unwrap_or("no origin")
                )),
                _ => None,
            })
            .collect();
        let w = &e.without_path_finder;
        let only_path_finder_reads_path =
            w.file_in_first_path_entry && !w.imported && w.imported_with_path_finder;
        let child_follows = e.child_path.as_deref().map(follows_article);
        let same_finders_in_child = e
            .child_meta_path
            .as_ref()
            .map(|child| child.iter().map(String::as_str).eq(names.iter().copied()));
        let embedded_first = e.this_path.first().map(|entry| entry.origin);
        let runs_a_script = matches!(
            embedded_first,
            Some(PathOrigin::ScriptDir | PathOrigin::CurrentDir)
        );

        let child_story = match (&e.child_path, &e.child_problem) {
            (Some(path), _) => format!("A child `python3 script.py` searched {}", path_story(path)),
            (None, problem) => format!(
                "No child interpreter ran ({})",
                problem.as_deref().unwrap_or("no reason given")
            ),
        };
        let machinery = format!(
            "but `import` asks sys.modules first ({}), then each finder on sys.meta_path in order \
             [{}]; {} answered before sys.path was looked at; with PathFinder removed, {} (a file \
             in sys.path[0]) {}",
            if e.cache_answered {
                "a module object placed there, with no file behind it, was imported"
            } else {
                "though a module object placed there was not what the import returned"
            },
            names.join(", "),
            if answered_early.is_empty() {
                "no module was".to_owned()
            } else {
                answered_early.join(", ")
            },
            w.module,
            match (&w.error_type, only_path_finder_reads_path) {
                (Some(error), true) => format!("raised {error}: only PathFinder reads sys.path"),
                (Some(error), false) => format!("raised {error}"),
                (None, _) => "was still imported: another finder reads sys.path too".to_owned(),
            }
        );
        let embedded = if runs_a_script {
            "This interpreter runs a script: its sys.path starts with the script's directory too."
                .to_owned()
        } else {
            format!(
                "This embedded interpreter's sys.path starts with the {} and holds no script \
                 directory: only the `python` program puts it first.",
                embedded_first.map_or("nothing", PathOrigin::words)
            )
        };
        let explanation = format!("{child_story}; {machinery}. {embedded}");
        // The article's answer is all of it only if nothing answers before the walk over sys.path.
        let machinery_first = e.cache_answered || !answered_early.is_empty();
        let verdict = match child_follows {
            Some(false) => Verdict::Refuted,
            _ if machinery_first => Verdict::Nuanced,
            Some(true) => Verdict::Confirmed,
            None => Verdict::Inconclusive,
        };
        Ok(
            Judgement::new(verdict, explanation).with_derived(SearchOrderDerived {
                finders_before_path_finder: names[..path_finder]
                    .iter()
                    .map(|name| (*name).to_owned())
                    .collect(),
                answered_before_sys_path: answered_early.len(),
                only_path_finder_reads_sys_path: only_path_finder_reads_path,
                child_follows_article_order: child_follows,
                child_has_same_finders: same_finders_in_child,
            }),
        )
    }
}

impl ClaimEvidence for ModulesCached {
    type Derived = NothingDerived;

    fn judge(self) -> anyhow::Result<Judgement<NothingDerived>> {
        let e = self;
        let story = format!(
            "{}'s body counted its runs: {} after the first import, {} after the second (same \
             object: {}), {} after importlib.reload; deleted from sys.modules and imported \
             again, it ran afresh (a new module object: {}), count {}.",
            e.module,
            e.runs_after_first_import,
            e.runs_after_second_import,
            e.second_import_same_object.repr(),
            e.runs_after_reload,
            e.new_object_after_forgetting.repr(),
            e.runs_after_forgetting
        );
        let cached =
            e.runs_after_second_import == e.runs_after_first_import && e.second_import_same_object;
        let reload_reruns = e.runs_after_reload == e.runs_after_second_import + 1;
        let verdict = if e.runs_after_first_import != 1 {
            Verdict::Inconclusive
        } else {
            core_and_rest(cached, reload_reruns)
        };
        Ok(Judgement::new(verdict, story))
    }
}

impl ClaimEvidence for LocalShadowsStdlib {
    type Derived = NothingDerived;

    fn judge(self) -> anyhow::Result<Judgement<NothingDerived>> {
        let e = self;
        let imported = e.imported_origin.as_deref();
        let tidy = if e.sys_modules_restored {
            "sys.modules was put back as it was afterwards"
        } else {
            "sys.modules was NOT put back as it was"
        };
        let (verdict, story) = if e.imported_is_shadow && inside(imported, &e.shadow_dir) {
            (
                Verdict::Confirmed,
                format!(
                    "With {}.py in the directory first on sys.path, `import {}` loaded {} \
                     instead of the standard library's {}; {tidy}.",
                    e.module,
                    e.module,
                    imported.unwrap_or("?"),
                    e.stdlib_origin
                ),
            )
        } else if imported == Some(e.stdlib_origin.as_str()) {
            (
                Verdict::Refuted,
                format!(
                    "Despite {}.py first on sys.path ({}), `import {}` loaded the standard \
                     library's {}; {tidy}.",
                    e.module, e.shadow_dir, e.module, e.stdlib_origin
                ),
            )
        } else {
            (
                Verdict::Inconclusive,
                format!(
                    "`import {}` loaded neither the local file nor the standard library's module \
                     (origin {}, error {}); {tidy}.",
                    e.module,
                    imported.unwrap_or("none"),
                    e.error.as_deref().unwrap_or("none")
                ),
            )
        };
        Ok(Judgement::new(verdict, story))
    }
}

impl ModuleKind {
    /// The `__spec__.origin` such a module has.
    fn origin(self) -> Option<&'static str> {
        match self {
            ModuleKind::BuiltIn => Some("built-in"),
            ModuleKind::Frozen => Some("frozen"),
            ModuleKind::Path => None,
        }
    }
}

impl CheckedModule {
    fn describe(&self) -> String {
        let kind = match self.kind {
            ModuleKind::BuiltIn => "built-in",
            ModuleKind::Frozen => "frozen",
            ModuleKind::Path => "found on sys.path",
        };
        format!(
            "{} ({kind}): first finder {}, {} import → origin {}",
            self.module,
            self.first_finder.as_deref().unwrap_or("none"),
            if self.fresh_import { "fresh" } else { "cached" },
            self.origin.as_deref().unwrap_or("none")
        )
    }
}

impl ClaimEvidence for BuiltinNotShadowable {
    type Derived = BuiltinNotShadowableDerived;

    fn judge(self) -> anyhow::Result<Judgement<BuiltinNotShadowableDerived>> {
        let e = self;
        // Only a module whose same-named file PathFinder would really load proves anything.
        let armed: Vec<&CheckedModule> = e
            .modules
            .iter()
            .filter(|m| inside(m.path_finder_would_load.as_deref(), &e.shadow_dir))
            .collect();
        let shadowed =
            |m: &CheckedModule| m.is_shadow || inside(m.origin.as_deref(), &e.shadow_dir);
        let kept_origin =
            |m: &CheckedModule| !shadowed(m) && m.origin.as_deref() == m.kind.origin();
        let protected: Vec<&CheckedModule> = armed
            .iter()
            .copied()
            .filter(|m| m.kind != ModuleKind::Path)
            .collect();
        let broken: Vec<String> = protected
            .iter()
            .filter(|m| !kept_origin(m))
            .map(|m| m.describe())
            .collect();
        let path_shadowed: Vec<String> = armed
            .iter()
            .filter(|m| m.kind == ModuleKind::Path && shadowed(m))
            .map(|m| m.describe())
            .collect();
        let held: Vec<String> = protected
            .iter()
            .filter(|m| kept_origin(m))
            .map(|m| m.describe())
            .collect();
        let (verdict, story) = if armed.is_empty() {
            (
                Verdict::Inconclusive,
                "PathFinder would not have loaded any of the planted files, so the test proves \
                 nothing."
                    .to_owned(),
            )
        } else if !broken.is_empty() {
            (
                Verdict::Refuted,
                format!(
                    "A file in {} replaced built-in or frozen modules: {}.",
                    e.shadow_dir,
                    broken.join("; ")
                ),
            )
        } else if !path_shadowed.is_empty() {
            (
                Verdict::Nuanced,
                format!(
                    "Built-in and frozen modules held ({}), but this build does not freeze every \
                     module: {} came from the planted file.",
                    held.join("; "),
                    path_shadowed.join("; ")
                ),
            )
        } else {
            (
                Verdict::Confirmed,
                format!(
                    "PathFinder alone would have loaded the planted files in {}, yet each \
                     import got the real module: {}.",
                    e.shadow_dir,
                    held.join("; ")
                ),
            )
        };
        Ok(
            Judgement::new(verdict, story).with_derived(BuiltinNotShadowableDerived {
                planted_and_findable: armed.len(),
                kept_their_origin: held.len(),
            }),
        )
    }
}

impl ClaimEvidence for PythonpathPrecedesSitePackages {
    type Derived = PythonpathPrecedesSitePackagesDerived;

    fn judge(self) -> anyhow::Result<Judgement<PythonpathPrecedesSitePackagesDerived>> {
        let e = self;
        let position = |test: &dyn Fn(PathOrigin) -> bool| {
            e.child_path.iter().position(|entry| test(entry.origin))
        };
        let pythonpath_at: Vec<usize> = e
            .child_path
            .iter()
            .enumerate()
            .filter(|(_, entry)| entry.origin == PathOrigin::Pythonpath)
            .map(|(index, _)| index)
            .collect();
        let script_at = position(&|origin| origin == PathOrigin::ScriptDir);
        let stdlib_at = position(&|origin| origin.is_stdlib());
        let site_at = position(&|origin| origin.is_site_packages());
        let all_before =
            |limit: Option<usize>| limit.is_none_or(|l| pythonpath_at.iter().all(|&i| i < l));
        let in_given_order = e
            .pythonpath
            .iter()
            .map(|dir| e.child_path.iter().position(|entry| &entry.entry == dir))
            .collect::<Option<Vec<usize>>>()
            .is_some_and(|at| at.windows(2).all(|pair| pair[0] < pair[1]));
        // The imports agree with the positions: the script's copy wins over PYTHONPATH's, and
        // PYTHONPATH's copy over the standard library's.
        let script_wins = e
            .where_am_i_origin
            .as_deref()
            .is_none_or(|origin| Path::new(origin).starts_with(&e.script_dir));
        let pythonpath_beats_stdlib = e.stdlib_name_origin.as_deref().is_none_or(|origin| {
            e.pythonpath
                .iter()
                .any(|dir| Path::new(origin).starts_with(dir))
        });
        let after_script =
            script_at.is_some_and(|s| pythonpath_at.iter().all(|&i| i > s)) && script_wins;
        let before_stdlib = all_before(stdlib_at) && pythonpath_beats_stdlib;
        let before_site = all_before(site_at);

        let at = |index: Option<usize>| index.map_or("absent".to_owned(), |i| i.to_string());
        let mut story = format!(
            "In a child `python3 script.py` with PYTHONPATH set to {} entries ({:.0} ms), sys.path \
             ran {}: script directory at {}, PYTHONPATH at {}{}, standard library from {}, \
             site-packages from {}.",
            e.pythonpath.len(),
            e.child_seconds * 1000.0,
            path_story(&e.child_path),
            at(script_at),
            pythonpath_at.repr(),
            if in_given_order { " in the order given" } else { " (not in the order given)" },
            at(stdlib_at),
            at(site_at)
        );
        if let Some(origin) = &e.where_am_i_origin {
            story += &format!(
                " where_am_i.py, in both the script directory and PYTHONPATH, came from {origin}."
            );
        }
        if let (Some(name), Some(origin)) = (&e.stdlib_name, &e.stdlib_name_origin) {
            story += &format!(" {name}.py in PYTHONPATH beat the standard library's: {origin}.");
        }
        let verdict = if pythonpath_at.is_empty() || !before_site {
            Verdict::Refuted
        } else if after_script && before_stdlib {
            Verdict::Confirmed
        } else {
            Verdict::Nuanced
        };
        Ok(
            Judgement::new(verdict, story).with_derived(PythonpathPrecedesSitePackagesDerived {
                script_dir_index: script_at,
                pythonpath_indices: pythonpath_at,
                first_stdlib_index: stdlib_at,
                first_site_packages_index: site_at,
            }),
        )
    }
}

impl ClaimEvidence for HostModuleIsBuiltin {
    type Derived = NothingDerived;

    fn judge(self) -> anyhow::Result<Judgement<NothingDerived>> {
        let e = self;
        let origin = e.origin.as_deref().unwrap_or("none");
        let loader = e.loader.as_deref().unwrap_or("none");
        let plain = match e.plain_python_has_it {
            Some(false) => {
                " A plain python3 child of the same build cannot import it: the program \
                            added it to the interpreter's built-in table before starting it."
                    .to_owned()
            }
            Some(true) => " A plain python3 child could import it too.".to_owned(),
            None => String::new(),
        };
        let story = format!(
            "find_spec({}) gave origin {} and loader {loader}; in \
             sys.builtin_module_names: {}; has __file__: {}. sys: origin {}, loader {}.{plain}",
            e.module.repr(),
            origin.repr(),
            e.in_builtin_module_names.repr(),
            e.has_file.repr(),
            e.sys_origin.repr(),
            e.sys_loader.as_deref().unwrap_or("none")
        );
        let verdict =
            if origin == "built-in" && loader == "BuiltinImporter" && e.in_builtin_module_names {
                Verdict::Confirmed
            } else if e.has_file || Path::new(origin).is_absolute() {
                Verdict::Refuted
            } else {
                Verdict::Inconclusive
            };
        Ok(Judgement::new(verdict, story))
    }
}

#[cfg(test)]
mod tests {
    use serde_json::{json, Value};

    use super::*;
    use crate::demos::testing::{self, judged};

    fn entry(path: &str, origin: &str) -> Value {
        json!({"entry": path, "origin": origin})
    }

    fn child_path() -> Value {
        json!([
            entry("/tmp/t/script_dir", "script_dir"),
            entry("/tmp/t/pythonpath_a", "pythonpath"),
            entry("/tmp/t/pythonpath_b", "pythonpath"),
            entry("/py/lib/python311.zip", "stdlib_zip"),
            entry("/py/lib/python3.11", "stdlib"),
            entry("/py/lib/python3.11/lib-dynload", "lib_dynload"),
            entry("/py/lib/python3.11/site-packages", "site_packages"),
        ])
    }

    const FINDERS: [&str; 4] = [
        "DistutilsMetaFinder",
        "BuiltinImporter",
        "FrozenImporter",
        "PathFinder",
    ];

    fn search_evidence() -> Value {
        json!({
            "cache_answered": true,
            "after_cache_removal_error": "ModuleNotFoundError",
            "meta_path": FINDERS.map(|name| json!({"name": name, "qualified": format!("m.{name}")})),
            "found_by": [{"module": "sys", "finder": "BuiltinImporter", "origin": "built-in"},
                         {"module": "os", "finder": "FrozenImporter", "origin": "frozen"},
                         {"module": "m", "finder": "PathFinder", "origin": "/tmp/t/on_path/m.py"}],
            "without_path_finder": {"module": "m", "file_in_first_path_entry": true,
                "imported": false, "error_type": "ModuleNotFoundError",
                "error": "No module named 'm'", "imported_with_path_finder": true,
                "origin_with_path_finder": "/tmp/t/on_path/m.py"},
            "this_path": [entry("/py/lib/python311.zip", "stdlib_zip"),
                          entry("/py/lib/python3.11", "stdlib")],
            "child_path": child_path(),
            "child_meta_path": FINDERS,
            "child_problem": null,
            "temp_modules_at_start": [],
        })
    }

    #[test]
    fn search_order_is_nuanced_by_the_machinery_before_sys_path() {
        let judgement = judged::<SearchOrder>(search_evidence());
        assert_eq!(judgement.verdict, Verdict::Nuanced);
        testing::assert_explained("search_order__nuanced", &judgement);
        testing::assert_quotes(
            &judgement.explanation,
            &[
                "script directory → PYTHONPATH ×2 → standard library (zip)",
                "sys by BuiltinImporter (built-in)",
                "no script directory",
            ],
        );
        let derived = judgement.derived.unwrap();
        assert_eq!(derived.answered_before_sys_path, 2);
        assert_eq!(derived.child_has_same_finders, Some(true));
        assert_eq!(
            derived.finders_before_path_finder,
            ["DistutilsMetaFinder", "BuiltinImporter", "FrozenImporter"]
        );
        assert!(derived.only_path_finder_reads_sys_path);
    }

    #[test]
    fn search_order_confirmed_when_only_sys_path_decides() {
        // A hypothetical import system that is nothing but a walk over sys.path.
        let mut evidence = search_evidence();
        evidence["cache_answered"] = json!(false);
        evidence["meta_path"] = json!([{"name": "PathFinder", "qualified": "x.PathFinder"}]);
        evidence["found_by"] = json!([{"module": "m", "finder": "PathFinder", "origin": "/m.py"}]);
        let judgement = judged::<SearchOrder>(evidence);
        assert_eq!(judgement.verdict, Verdict::Confirmed);
        testing::assert_explained("search_order__confirmed", &judgement);
        assert!(judgement
            .explanation
            .contains("no module was answered before"));
    }

    #[test]
    fn search_order_inconclusive_without_a_child_and_without_machinery_first() {
        let mut evidence = search_evidence();
        evidence["cache_answered"] = json!(false);
        evidence["meta_path"] = json!([{"name": "PathFinder", "qualified": "x.PathFinder"}]);
        evidence["found_by"] = json!([{"module": "m", "finder": "PathFinder", "origin": "/m.py"}]);
        evidence["child_path"] = Value::Null;
        evidence["child_meta_path"] = Value::Null;
        evidence["child_problem"] = json!("the child interpreter exited 1: boom");
        let judgement = judged::<SearchOrder>(evidence);
        assert_eq!(judgement.verdict, Verdict::Inconclusive);
        testing::assert_explained("search_order__inconclusive", &judgement);
    }

    #[test]
    fn search_order_refuted_when_the_child_path_is_out_of_order() {
        let mut evidence = search_evidence();
        evidence["child_path"] = json!([
            entry("/tmp/t/script_dir", "script_dir"),
            entry("/py/lib/python3.11", "stdlib"),
            entry("/tmp/t/pythonpath_a", "pythonpath"),
        ]);
        let judgement = judged::<SearchOrder>(evidence.clone());
        assert_eq!(judgement.verdict, Verdict::Refuted);
        testing::assert_explained("search_order__refuted", &judgement);
        assert_eq!(
            judgement.derived.unwrap().child_follows_article_order,
            Some(false)
        );
        evidence["meta_path"] = json!([{"name": "BuiltinImporter", "qualified": "b"}]);
        let without_path_finder = judged::<SearchOrder>(evidence);
        assert!(without_path_finder.explanation.contains("no PathFinder"));
        // Nothing to derive without PathFinder: the report adds no derived fields.
        assert!(without_path_finder.derived.is_none());
    }

    #[test]
    fn search_order_without_a_child_still_judges_the_machinery() {
        let mut evidence = search_evidence();
        evidence["child_path"] = Value::Null;
        evidence["child_meta_path"] = Value::Null;
        evidence["child_problem"] = json!("the child interpreter exited 1: boom");
        let judgement = judged::<SearchOrder>(evidence);
        assert_eq!(judgement.verdict, Verdict::Nuanced);
        testing::assert_explained("search_order__nuanced__no_child", &judgement);
        assert!(judgement.explanation.contains("exited 1: boom"));
        let derived = judgement.derived.unwrap();
        assert_eq!(derived.child_follows_article_order, None);
        assert_eq!(derived.child_has_same_finders, None);
    }

    fn cache(second: u32, reload: u32) -> Value {
        json!({"module": "counter", "runs_after_first_import": 1,
               "runs_after_second_import": second, "second_import_same_object": second == 1,
               "runs_after_reload": reload, "reload_same_object": true,
               "runs_after_forgetting": 1, "new_object_after_forgetting": true})
    }

    #[test]
    fn cache_verdicts_follow_the_counter() {
        let confirmed = judged::<ModulesCached>(cache(1, 2));
        assert_eq!(confirmed.verdict, Verdict::Confirmed);
        testing::assert_explained("modules_cached__confirmed", &confirmed);
        assert!(confirmed.explanation.contains("1 after the second"));
        let judgement = judged::<ModulesCached>(cache(2, 3));
        assert_eq!(judgement.verdict, Verdict::Refuted);
        testing::assert_explained("modules_cached__refuted", &judgement);
        let judgement = judged::<ModulesCached>(cache(1, 1));
        assert_eq!(judgement.verdict, Verdict::Nuanced);
        testing::assert_explained("modules_cached__nuanced", &judgement);
        let mut never_ran = cache(1, 2);
        never_ran["runs_after_first_import"] = json!(0);
        let judgement = judged::<ModulesCached>(never_ran);
        assert_eq!(judgement.verdict, Verdict::Inconclusive);
        testing::assert_explained("modules_cached__inconclusive", &judgement);
    }

    fn shadowing(origin: &str, is_shadow: bool) -> Value {
        json!({"module": "colorsys", "candidates": ["colorsys"],
               "stdlib_origin": "/py/lib/python3.11/colorsys.py", "shadow_dir": "/tmp/t/shadow",
               "shadow_dir_index": 0, "imported_origin": origin, "imported_is_shadow": is_shadow,
               "error": null, "sys_modules_restored": true})
    }

    #[test]
    fn shadowing_judged_by_the_imported_origin() {
        let confirmed = judged::<LocalShadowsStdlib>(shadowing("/tmp/t/shadow/colorsys.py", true));
        assert_eq!(confirmed.verdict, Verdict::Confirmed);
        testing::assert_explained("local_shadows_stdlib__confirmed", &confirmed);
        assert!(confirmed.explanation.contains("/tmp/t/shadow/colorsys.py"));
        let refuted =
            judged::<LocalShadowsStdlib>(shadowing("/py/lib/python3.11/colorsys.py", false));
        assert_eq!(refuted.verdict, Verdict::Refuted);
        testing::assert_explained("local_shadows_stdlib__refuted", &refuted);
        let elsewhere = judged::<LocalShadowsStdlib>(shadowing("/elsewhere/colorsys.py", false));
        assert_eq!(elsewhere.verdict, Verdict::Inconclusive);
        testing::assert_explained("local_shadows_stdlib__inconclusive", &elsewhere);
    }

    fn checked(module: &str, kind: &str, origin: &str, is_shadow: bool) -> Value {
        json!({"module": module, "kind": kind,
               "path_finder_would_load": format!("/tmp/t/shadow/{module}.py"),
               "first_finder": if is_shadow { "PathFinder" } else { "BuiltinImporter" },
               "fresh_import": module != "sys", "origin": origin, "loader": "X",
               "is_shadow": is_shadow})
    }

    #[test]
    fn builtins_hold_unless_the_planted_file_wins() {
        let held = json!({"shadow_dir": "/tmp/t/shadow", "modules": [
            checked("sys", "built-in", "built-in", false),
            checked("os", "frozen", "frozen", false)]});
        let judgement = judged::<BuiltinNotShadowable>(held.clone());
        assert_eq!(judgement.verdict, Verdict::Confirmed);
        testing::assert_explained("builtin_not_shadowable__confirmed", &judgement);
        assert!(judgement.explanation.contains("os (frozen"));
        let derived = judgement.derived.unwrap();
        assert_eq!(derived.kept_their_origin, 2);
        assert_eq!(derived.planted_and_findable, 2);

        // A build without frozen modules (e.g. -X frozen_modules=off): os is an ordinary file.
        let unfrozen = json!({"shadow_dir": "/tmp/t/shadow", "modules": [
            checked("sys", "built-in", "built-in", false),
            checked("os", "path", "/tmp/t/shadow/os.py", true)]});
        let judgement = judged::<BuiltinNotShadowable>(unfrozen);
        assert_eq!(judgement.verdict, Verdict::Nuanced);
        testing::assert_explained("builtin_not_shadowable__nuanced", &judgement);

        let broken = json!({"shadow_dir": "/tmp/t/shadow", "modules": [
            checked("sys", "built-in", "/tmp/t/shadow/sys.py", true)]});
        let judgement = judged::<BuiltinNotShadowable>(broken);
        assert_eq!(judgement.verdict, Verdict::Refuted);
        testing::assert_explained("builtin_not_shadowable__refuted", &judgement);

        let mut unarmed = held.clone();
        unarmed["modules"][0]["path_finder_would_load"] = Value::Null;
        unarmed["modules"][1]["path_finder_would_load"] = Value::Null;
        let judgement = judged::<BuiltinNotShadowable>(unarmed);
        assert_eq!(judgement.verdict, Verdict::Inconclusive);
        testing::assert_explained("builtin_not_shadowable__inconclusive", &judgement);
    }

    fn pythonpath_evidence(path: Value) -> Value {
        json!({"executable": "/py/bin/python3.11", "script_dir": "/tmp/t/script_dir",
               "pythonpath": ["/tmp/t/pythonpath_a", "/tmp/t/pythonpath_b"],
               "child_path": path, "where_am_i_origin": "/tmp/t/script_dir/where_am_i.py",
               "stdlib_name": "colorsys", "stdlib_name_origin": "/tmp/t/pythonpath_b/colorsys.py",
               "child_seconds": 0.031})
    }

    #[test]
    fn pythonpath_position_decides() {
        let confirmed = judged::<PythonpathPrecedesSitePackages>(pythonpath_evidence(child_path()));
        assert_eq!(confirmed.verdict, Verdict::Confirmed);
        testing::assert_explained("pythonpath_precedes_site_packages__confirmed", &confirmed);
        assert!(confirmed.explanation.contains("in the order given"));
        let derived = confirmed.derived.unwrap();
        assert_eq!(derived.script_dir_index, Some(0));
        assert_eq!(derived.pythonpath_indices, [1, 2]);
        assert_eq!(derived.first_stdlib_index, Some(3));
        assert_eq!(derived.first_site_packages_index, Some(6));

        // After the standard library but still before site-packages: only half right.
        let late = json!([
            entry("/tmp/t/script_dir", "script_dir"),
            entry("/py/lib/python3.11", "stdlib"),
            entry("/tmp/t/pythonpath_a", "pythonpath"),
            entry("/tmp/t/pythonpath_b", "pythonpath"),
            entry("/py/lib/python3.11/site-packages", "site_packages")
        ]);
        let judgement = judged::<PythonpathPrecedesSitePackages>(pythonpath_evidence(late));
        assert_eq!(judgement.verdict, Verdict::Nuanced);
        testing::assert_explained("pythonpath_precedes_site_packages__nuanced", &judgement);

        let after_site = json!([
            entry("/tmp/t/script_dir", "script_dir"),
            entry("/py/lib/python3.11/site-packages", "site_packages"),
            entry("/tmp/t/pythonpath_a", "pythonpath")
        ]);
        let judgement = judged::<PythonpathPrecedesSitePackages>(pythonpath_evidence(after_site));
        assert_eq!(judgement.verdict, Verdict::Refuted);
        testing::assert_explained(
            "pythonpath_precedes_site_packages__refuted__after_site",
            &judgement,
        );

        let missing = json!([
            entry("/tmp/t/script_dir", "script_dir"),
            entry("/py/lib/python3.11", "stdlib")
        ]);
        let judgement = judged::<PythonpathPrecedesSitePackages>(pythonpath_evidence(missing));
        assert_eq!(judgement.verdict, Verdict::Refuted);
        testing::assert_explained(
            "pythonpath_precedes_site_packages__refuted__missing",
            &judgement,
        );
    }

    #[test]
    fn host_module_builtin_or_not() {
        let builtin = json!({"module": "_pyconcepts", "origin": "built-in",
            "loader": "BuiltinImporter", "in_builtin_module_names": true, "has_file": false,
            "sys_origin": "built-in", "sys_loader": "BuiltinImporter",
            "plain_python_has_it": false});
        let judgement = judged::<HostModuleIsBuiltin>(builtin);
        assert_eq!(judgement.verdict, Verdict::Confirmed);
        testing::assert_explained("host_module_is_builtin__confirmed", &judgement);
        assert!(judgement.explanation.contains("cannot import it"));

        // Had the host shipped an extension module instead, it would be loaded from a file.
        let extension = json!({"module": "_pyconcepts",
            "origin": "/site-packages/_pyconcepts.cpython-311-x86_64-linux-gnu.so",
            "loader": "ExtensionFileLoader", "in_builtin_module_names": false, "has_file": true,
            "sys_origin": "built-in", "sys_loader": "BuiltinImporter",
            "plain_python_has_it": true});
        let judgement = judged::<HostModuleIsBuiltin>(extension);
        assert_eq!(judgement.verdict, Verdict::Refuted);
        testing::assert_explained("host_module_is_builtin__refuted", &judgement);

        // Neither built-in nor a file: a frozen module, say.
        let frozen = json!({"module": "_pyconcepts", "origin": "frozen",
            "loader": "FrozenImporter", "in_builtin_module_names": false, "has_file": false,
            "sys_origin": "built-in", "sys_loader": "BuiltinImporter",
            "plain_python_has_it": null});
        let judgement = judged::<HostModuleIsBuiltin>(frozen);
        assert_eq!(judgement.verdict, Verdict::Inconclusive);
        testing::assert_explained("host_module_is_builtin__inconclusive", &judgement);
    }
}
