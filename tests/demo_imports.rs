//! `pyconcepts demo imports`: each verdict and its key evidence, the interpreter left as it was
//! found between demos, and the snippet run on its own by plain `python3`.

mod common;

use std::path::Path;
use std::sync::OnceLock;

use common::{assert_verdict, claim, demo_json, pyconcepts, run_standalone};
use serde_json::Value;

/// The demo run between two `imports` runs in one process: `memory` once it is available.
fn other_demo() -> &'static str {
    let output = pyconcepts().arg("list").output().expect("pyconcepts runs");
    let listing = String::from_utf8_lossy(&output.stdout);
    let memory_ready = listing.lines().any(|line| {
        line.split_whitespace().nth(1) == Some("memory") && !line.contains("not yet available")
    });
    if memory_ready {
        "memory"
    } else {
        "dict-keys"
    }
}

/// `demo imports <other> imports` in one process, run once for all the tests of this file.
fn sandwich() -> &'static [Value] {
    static REPORTS: OnceLock<Vec<Value>> = OnceLock::new();
    REPORTS.get_or_init(|| {
        let reports = demo_json(&["imports", other_demo(), "imports"]);
        assert_eq!(reports.len(), 3);
        reports
    })
}

fn first() -> &'static Value {
    &sandwich()[0]
}

fn evidence<'a>(report: &'a Value, key: &str) -> &'a Value {
    &claim(report, &format!("imports.{key}"))["evidence"]
}

fn strings(value: &Value) -> Vec<&str> {
    value
        .as_array()
        .expect("an array")
        .iter()
        .map(|item| item.as_str().expect("a string"))
        .collect()
}

fn finder_names(report: &Value) -> Vec<&str> {
    evidence(report, "search_order")["meta_path"]
        .as_array()
        .expect("meta_path")
        .iter()
        .map(|finder| finder["name"].as_str().expect("finder name"))
        .collect()
}

fn path_origins(path: &Value) -> Vec<&str> {
    path.as_array()
        .expect("a labelled sys.path")
        .iter()
        .map(|entry| entry["origin"].as_str().expect("origin"))
        .collect()
}

/// The finders a plain run of the build's own interpreter has: what the embedded one should have.
fn real_finder_names() -> Vec<String> {
    let info = pyconcepts()
        .args(["info", "--json"])
        .output()
        .expect("pyconcepts info runs");
    let info: Value = serde_json::from_slice(&info.stdout).expect("info is JSON");
    let python = info["child_executable"].as_str().expect("child_executable");
    let output = std::process::Command::new(python)
        .args([
            "-c",
            "import sys; print('\\n'.join((f if isinstance(f, type) else type(f)).__name__ \
             for f in sys.meta_path))",
        ])
        .env_remove("PYTHONPATH")
        .output()
        .expect("the build's python runs");
    assert!(output.status.success());
    String::from_utf8_lossy(&output.stdout)
        .lines()
        .map(str::to_owned)
        .collect()
}

#[test]
fn every_claim_has_its_verdict() {
    for report in [first(), &sandwich()[2]] {
        assert!(report.get("error").is_none(), "{}", report["error"]);
        assert_verdict(report, "imports.search_order", "nuanced");
        assert_verdict(report, "imports.modules_cached", "confirmed");
        assert_verdict(report, "imports.local_shadows_stdlib", "confirmed");
        assert_verdict(report, "imports.builtin_not_shadowable", "confirmed");
        assert_verdict(
            report,
            "imports.pythonpath_precedes_site_packages",
            "confirmed",
        );
        assert_verdict(report, "imports.host_module_is_builtin", "confirmed");
    }
}

#[test]
fn finders_are_the_interpreters_own_in_order() {
    let names = finder_names(first());
    let real = real_finder_names();
    assert_eq!(names, real, "the embedded interpreter's sys.meta_path");
    assert_eq!(names.last(), Some(&"PathFinder"), "PathFinder comes last");
    let builtin = names.iter().position(|n| *n == "BuiltinImporter");
    assert!(builtin.is_some_and(|b| b < names.len() - 1), "{names:?}");
    let search = evidence(first(), "search_order");
    assert_eq!(strings(&search["child_meta_path"]), names);
    assert_eq!(search["child_has_same_finders"], true);
    // Each probe was answered by the finder whose kind it is; only PathFinder reads sys.path.
    let found_by = search["found_by"].as_array().expect("found_by");
    let answered = |module: &str| {
        found_by
            .iter()
            .find(|row| row["module"] == module)
            .unwrap_or_else(|| panic!("no probe of {module}"))
    };
    assert_eq!(answered("sys")["finder"], "BuiltinImporter");
    assert_eq!(answered("_pyconcepts")["finder"], "BuiltinImporter");
    assert_eq!(answered("imports_demo_located")["finder"], "PathFinder");
    assert_eq!(search["without_path_finder"]["imported"], false);
    assert_eq!(
        search["without_path_finder"]["error_type"],
        "ModuleNotFoundError"
    );
    assert_eq!(search["only_path_finder_reads_sys_path"], true);
    assert_eq!(search["cache_answered"], true);
}

#[test]
fn embedded_sys_path_has_no_script_directory_unlike_the_child() {
    let search = evidence(first(), "search_order");
    let here = path_origins(&search["this_path"]);
    assert!(
        !here.contains(&"script_dir") && !here.contains(&"current_dir"),
        "{here:?}"
    );
    assert!(
        here.contains(&"stdlib") && here.contains(&"site_packages"),
        "{here:?}"
    );
    let child = path_origins(&search["child_path"]);
    assert_eq!(child.first(), Some(&"script_dir"), "{child:?}");
    assert_eq!(search["child_follows_article_order"], true);
}

#[test]
fn a_local_file_shadows_the_stdlib_from_inside_the_temp_dir() {
    let shadow = evidence(first(), "local_shadows_stdlib");
    let shadow_dir = shadow["shadow_dir"].as_str().expect("shadow_dir");
    let origin = shadow["imported_origin"].as_str().expect("imported_origin");
    let module = shadow["module"].as_str().expect("module");
    assert!(
        Path::new(origin).starts_with(shadow_dir),
        "{origin} not in {shadow_dir}"
    );
    assert_eq!(
        Path::new(origin).file_name(),
        Some(std::ffi::OsStr::new(&format!("{module}.py")))
    );
    assert!(!module.is_empty() && module != "this" && module != "antigravity");
    let stdlib = shadow["stdlib_origin"].as_str().expect("stdlib_origin");
    assert_ne!(origin, stdlib);
    assert_eq!(shadow["imported_is_shadow"], true);
    assert_eq!(shadow["sys_modules_restored"], true);
    // A private temporary directory, removed afterwards.
    let temp = std::env::temp_dir();
    assert!(
        Path::new(shadow_dir).starts_with(&temp) || shadow_dir.starts_with("/tmp"),
        "{shadow_dir} is not a temporary directory"
    );
    assert!(
        !Path::new(shadow_dir).exists(),
        "{shadow_dir} was left behind"
    );
}

#[test]
fn builtin_and_frozen_modules_keep_their_origin() {
    let checked = evidence(first(), "builtin_not_shadowable");
    let shadow_dir = checked["shadow_dir"].as_str().expect("shadow_dir");
    let modules = checked["modules"].as_array().expect("modules");
    assert!(modules.iter().any(|m| m["module"] == "sys"));
    for module in modules {
        let trap = module["path_finder_would_load"]
            .as_str()
            .expect("a planted file");
        assert!(Path::new(trap).starts_with(shadow_dir), "{module}");
        assert_eq!(module["is_shadow"], false, "{module}");
        // Frozen or not is feature-detected by the snippet: check against what it found.
        match module["kind"].as_str().expect("kind") {
            "built-in" => {
                assert_eq!(module["origin"], "built-in", "{module}");
                assert_eq!(module["loader"], "BuiltinImporter", "{module}");
                assert_eq!(module["first_finder"], "BuiltinImporter", "{module}");
            }
            "frozen" => {
                assert_eq!(module["origin"], "frozen", "{module}");
                assert_eq!(module["loader"], "FrozenImporter", "{module}");
                assert_eq!(module["first_finder"], "FrozenImporter", "{module}");
            }
            other => panic!(
                "{} is {other}: expected built-in or frozen",
                module["module"]
            ),
        }
    }
}

#[test]
fn pythonpath_lands_after_the_script_dir_and_before_the_stdlib() {
    let e = evidence(first(), "pythonpath_precedes_site_packages");
    let indices: Vec<u64> = e["pythonpath_indices"]
        .as_array()
        .expect("pythonpath_indices")
        .iter()
        .map(|i| i.as_u64().expect("index"))
        .collect();
    let script = e["script_dir_index"].as_u64().expect("script_dir_index");
    let stdlib = e["first_stdlib_index"]
        .as_u64()
        .expect("first_stdlib_index");
    let site = e["first_site_packages_index"].as_u64().expect("site");
    assert_eq!(script, 0);
    assert!(!indices.is_empty());
    assert!(
        indices
            .iter()
            .all(|&i| script < i && i < stdlib && i < site),
        "{indices:?} {stdlib} {site}"
    );
    let path = e["child_path"].as_array().expect("child_path");
    let pythonpath = strings(&e["pythonpath"]);
    let placed: Vec<&str> = indices
        .iter()
        .map(|&i| path[i as usize]["entry"].as_str().expect("entry"))
        .collect();
    assert_eq!(placed, pythonpath, "PYTHONPATH entries, in the order given");
    let script_dir = e["script_dir"].as_str().expect("script_dir");
    let where_am_i = e["where_am_i_origin"].as_str().expect("where_am_i");
    assert!(Path::new(where_am_i).starts_with(script_dir));
    let stdlib_name = e["stdlib_name_origin"]
        .as_str()
        .expect("stdlib_name_origin");
    assert!(pythonpath
        .iter()
        .any(|dir| Path::new(stdlib_name).starts_with(dir)));
}

#[test]
fn host_module_is_a_builtin_like_sys() {
    let e = evidence(first(), "host_module_is_builtin");
    assert_eq!(e["origin"], "built-in");
    assert_eq!(e["loader"], "BuiltinImporter");
    assert_eq!(e["in_builtin_module_names"], true);
    assert_eq!(e["has_file"], false);
    assert_eq!(e["plain_python_has_it"], false);
}

#[test]
fn another_demo_in_between_changes_nothing() {
    let (before, after) = (&sandwich()[0], &sandwich()[2]);
    let verdicts = |report: &Value| -> Vec<(String, String)> {
        report["claims"]
            .as_array()
            .expect("claims")
            .iter()
            .map(|c| (c["id"].to_string(), c["verdict"].to_string()))
            .collect()
    };
    assert_eq!(verdicts(before), verdicts(after));
    assert_eq!(finder_names(before), finder_names(after));
    let (first_search, second_search) = (
        evidence(before, "search_order"),
        evidence(after, "search_order"),
    );
    assert_eq!(first_search["this_path"], second_search["this_path"]);
    assert_eq!(
        path_origins(&first_search["child_path"]),
        path_origins(&second_search["child_path"])
    );
    // Nothing imported from a temporary directory was left in sys.modules by the runs before.
    for search in [first_search, second_search] {
        assert_eq!(search["temp_modules_at_start"], Value::Array(vec![]));
    }
    for report in [before, after] {
        let output = report["output"].as_str().expect("output");
        assert!(
            output.contains("sys.path restored: True; sys.meta_path restored: True;"),
            "{output}"
        );
        assert!(output.contains("left in sys.modules: none"), "{output}");
    }
}

#[test]
fn a_second_run_finds_the_same_stdlib_module_unimported() {
    // The first run must not leave the shadowed module (or its shadow) imported.
    let reports = demo_json(&["imports", "imports"]);
    let module = |report: &Value| evidence(report, "local_shadows_stdlib")["module"].clone();
    assert_eq!(module(&reports[0]), module(&reports[1]));
}

#[test]
fn standalone_run_tells_the_story_and_skips_the_host_claim() {
    let output = run_standalone("imports.py");
    let stdout = String::from_utf8_lossy(&output.stdout);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "{stdout}\n{stderr}");
    assert!(!stderr.contains("Traceback"), "{stderr}");
    // The story's lines are folded to fit 80 columns: compare the words, not the line breaks.
    let story = common::flat(&stdout);
    for step in [
        "1. What `import name` does, in order.",
        "2. The module cache",
        "3. A file in the first sys.path directory shadows",
        "4. Files named like built-in or frozen modules",
        "5. Where PYTHONPATH lands",
        "6. The host's own module",
        "exists only inside the pyconcepts program",
        "Both start with the directory of the script",
        "sys.path restored: True; sys.meta_path restored: True;",
        "temporary directory removed: True",
    ] {
        assert!(story.contains(step), "missing {step:?} in:\n{stdout}");
    }
    common::assert_fits_80_columns("imports.py", &stdout);
    // Run as a script, python3 puts the script's directory first. Its row names the origin,
    // then the path: on the next line when the row would be wider than 80 columns.
    let listing = stdout
        .split("sys.path of this interpreter")
        .nth(1)
        .expect("the labelled sys.path");
    let mut rows = listing.lines().skip(1);
    let mut first_entry = rows.next().expect("first entry").to_owned();
    if let Some(path) = rows
        .next()
        .filter(|row| !row.trim_start().starts_with("1 "))
    {
        first_entry.push_str(path);
    }
    assert!(
        first_entry.contains("python_snippets") && first_entry.contains("script directory"),
        "{first_entry}"
    );
}
