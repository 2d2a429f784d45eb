//! The README stays true about the code: every path it names in backquotes exists. A path with
//! `<name>` stands for every demo's folder (`src/demos/<name>/evidence.rs` must exist for each
//! demo) and one with `<snippet>` for every demo's snippet.

use std::path::Path;

use pyconcepts::demos::QUESTIONS;

const ROOTS: &[&str] = &[
    "src/",
    "python_snippets/",
    "tests/",
    "benches/",
    ".ci/",
    "build.rs",
];

/// The backquoted spans of `text` that look like paths of this repository.
fn named_paths(text: &str) -> Vec<String> {
    text.split('`')
        .skip(1)
        .step_by(2)
        .filter(|span| ROOTS.iter().any(|root| span.starts_with(root)))
        .filter(|span| !span.contains(char::is_whitespace))
        .map(|span| span.trim_end_matches([',', '.', ':']).to_owned())
        .collect()
}

/// The real paths a named one stands for: itself, or one per demo for a template.
fn expanded(path: &str) -> Vec<String> {
    let demos = QUESTIONS.iter().filter_map(|question| {
        let demo = question.demo?;
        Some((question.name.replace('-', "_"), demo.snippet.file_name))
    });
    if path.contains("<name>") {
        demos
            .map(|(folder, _)| path.replace("<name>", &folder))
            .collect()
    } else if path.contains("<snippet>.py") {
        demos
            .map(|(_, file_name)| path.replace("<snippet>.py", file_name))
            .collect()
    } else {
        vec![path.to_owned()]
    }
}

#[test]
fn every_path_the_readme_names_exists() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let readme = std::fs::read_to_string(root.join("README.md")).unwrap();
    let named = named_paths(&readme);
    assert!(named.len() > 20, "the README names only {named:?}");
    let missing: Vec<String> = named
        .iter()
        .filter(|path| !path.contains(['*', '…']) && !path.contains("<demo>"))
        .flat_map(|path| expanded(path))
        .filter(|path| !root.join(path).exists())
        .collect();
    assert!(
        missing.is_empty(),
        "the README names paths that do not exist: {missing:#?}"
    );
}

#[test]
fn templates_stand_for_every_demo() {
    assert_eq!(
        named_paths("see `src/demos/<name>/mod.rs`, and `tests/x.rs`."),
        ["src/demos/<name>/mod.rs", "tests/x.rs"]
    );
    assert!(expanded("src/demos/<name>/mod.rs").contains(&"src/demos/dict_keys/mod.rs".to_owned()));
    assert_eq!(expanded("src/lib.rs"), ["src/lib.rs"]);
}
