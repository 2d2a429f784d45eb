//! One home per demo: outside `src/demos/<demo>/`, no file of `src/` names a demo or its claims.
//! What a demo knows (its evidence keys, its charts, its sentences) lives in its folder; the
//! registry (`src/demos/mod.rs`) names each demo in its `pub mod` line and its question, and
//! nowhere else. A file names a demo when it uses the demo's module as a path (`gil::`,
//! `demos::gil`), and a shared file (one in no demo's folder) also when the demo's name, one of
//! its claim ids or one of its evidence keys is a string literal in it (`"gil"`, `"dict-keys"`,
//! `"cpu_threads_serialised"`). Between demo folders only paths count: one demo's evidence may
//! well have a field called like another demo's claim (`"parallelism"`).

use std::fs;
use std::path::{Path, PathBuf};

use pyconcepts::demos::QUESTIONS;

/// Literals that are a demo's name by coincidence, in the files under a path, each with why it
/// is not the demo.
const COINCIDENCES: &[(&str, &str, &str)] = &[
    (
        "src/export/mod.rs",
        "cpython",
        "the implementation's name (`sys.implementation.name`), spelled for people",
    ),
    (
        "src/demos/kit/",
        "cpython",
        "the implementation's name, which tells CPython from the other runtimes",
    ),
    (
        "src/python/child.rs",
        "cpython",
        "the implementation's name: `demo --on` runs CPythons only",
    ),
];

struct Home {
    name: &'static str,
    module: String,
    /// The claims' ids and evidence keys.
    words: Vec<&'static str>,
}

fn homes() -> Vec<Home> {
    QUESTIONS
        .iter()
        .filter_map(|question| {
            let demo = question.demo?;
            let mut words: Vec<&str> = demo.claims.iter().map(|claim| claim.id).collect();
            words.extend(demo.claims.iter().map(|claim| claim.evidence_key()));
            Some(Home {
                name: question.name,
                module: question.name.replace('-', "_"),
                words,
            })
        })
        .collect()
}

fn files(dir: &Path, found: &mut Vec<PathBuf>) {
    for entry in fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            files(&path, found);
        } else if matches!(
            path.extension().and_then(|e| e.to_str()),
            Some("rs" | "py" | "json")
        ) {
            found.push(path);
        }
    }
}

/// The string literals of a source file (Rust or Python), roughly: what sits between two
/// double quotes on one line.
fn literals(line: &str) -> Vec<&str> {
    line.split('"').skip(1).step_by(2).collect()
}

/// Whether `line` uses module `module` as a path: `gil::` or `demos::gil` (not `fragile::`).
fn names_module(line: &str, module: &str) -> bool {
    let is_ident = |c: char| c.is_alphanumeric() || c == '_';
    line.match_indices(module).any(|(at, _)| {
        let before = line[..at].chars().next_back();
        let after = &line[at + module.len()..];
        !before.is_some_and(is_ident)
            && (after.starts_with("::") || line[..at].ends_with("demos::"))
            && !after.starts_with(|c: char| is_ident(c))
    })
}

#[test]
fn no_file_outside_a_demo_folder_names_the_demo() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut sources = Vec::new();
    files(&root.join("src"), &mut sources);
    let homes = homes();
    let mut found = Vec::new();
    for path in &sources {
        let relative = path
            .strip_prefix(root)
            .unwrap()
            .to_string_lossy()
            .into_owned();
        let text = fs::read_to_string(path).unwrap();
        let registry = relative == "src/demos/mod.rs";
        let shared = !homes
            .iter()
            .any(|home| relative.starts_with(&format!("src/demos/{}/", home.module)));
        for home in &homes {
            if relative.starts_with(&format!("src/demos/{}/", home.module)) {
                continue;
            }
            for (number, line) in text.lines().enumerate() {
                let trimmed = line.trim_start();
                if trimmed.starts_with("//")
                    || trimmed.starts_with('#') && !trimmed.starts_with("#[")
                {
                    continue;
                }
                let registry_line = registry
                    && (trimmed == format!("pub mod {};", home.module)
                        || trimmed.starts_with(&format!("name: \"{}\"", home.name))
                        || trimmed.starts_with(&format!("demo: Some(&{}::DEMO)", home.module)));
                if registry_line {
                    continue;
                }
                let named = shared
                    && literals(line).into_iter().any(|literal| {
                        (literal == home.name || home.words.contains(&literal))
                            && !COINCIDENCES.iter().any(|(under, word, _)| {
                                relative.starts_with(under) && *word == literal
                            })
                    })
                    || names_module(line, &home.module);
                if named {
                    found.push(format!(
                        "{relative}:{}: names demo {}: {}",
                        number + 1,
                        home.name,
                        line.trim()
                    ));
                }
            }
        }
    }
    assert!(
        found.is_empty(),
        "per-demo knowledge outside its folder:\n{}",
        found.join("\n")
    );
}

#[test]
fn the_check_sees_a_demo_named_outside_its_folder() {
    assert!(names_module("use crate::demos::gil::DEMO;", "gil"));
    assert!(names_module("let x = gil::DEMO;", "gil"));
    assert!(!names_module("let fragile::x = 1;", "gil"));
    assert!(!names_module("gil_enabled: bool", "gil"));
    assert_eq!(
        literals(r#"match demo { "gil" => 1, "x" => 2 }"#),
        ["gil", "x"]
    );
}
