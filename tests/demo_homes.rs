//! One home per demo: outside `src/demos/<demo>/`, no file of `src/` names a demo, its claims or
//! its evidence fields. What a demo knows (its evidence keys, its charts, its sentences) lives in
//! its folder; the registry (`src/demos/mod.rs`) names each demo in its `pub mod` line and its
//! question, and nowhere else. A file names a demo when it uses the demo's module as a path
//! (`gil::`, `demos::gil`), and a shared file (one in no demo's folder) also when the demo's
//! name, one of its claim ids, one of its evidence keys or one of its own evidence fields is a
//! string literal in it (`"gil"`, `"dict-keys"`, `"cpu_threads_serialised"`,
//! `"freed_at_del"`), or stands as a word in one of its `///` doc lines, which become the
//! `--help` text and the API's documentation (`For legb and closures`). Plain `//` comments, which
//! say why, and `//!` module docs are not checked. Between demo folders only paths count: one
//! demo's evidence may well have a field called like another demo's claim (`"parallelism"`).
//!
//! A demo's own evidence fields are the property names of its claims' JSON Schemas (what
//! `pyconcepts schema` documents) that contain an underscore, are at least
//! [`MIN_FIELD_LENGTH`] characters long, and belong to no other demo's schema. Shorter names
//! (`cpu_s`, `wall_s`, `p50_ms`) and names without an underscore (`threads`, `version`) are too
//! generic to mean one demo, and a field two demos share (`cores_used`, `results_equal`) is a
//! shared concept, not one demo's knowledge.

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::{Path, PathBuf};

use pyconcepts::demos::{Demo, QUESTIONS};
use schemars::SchemaGenerator;
use serde_json::Value;

/// The shortest evidence field name that counts as one demo's: `freed_at_del` does, `wall_s` not.
const MIN_FIELD_LENGTH: usize = 8;

/// Demo names that are also ordinary words: in a doc line they name the demo only beside the
/// word "demo" (`the demos cpython, memory and gil`), not in prose (`frees memory`).
const ORDINARY_WORDS: &[&str] = &[
    "memory",
    "concurrency",
    "imports",
    "closures",
    "scalability",
];

/// Words that are a demo's name or field by coincidence, or only as an example of a name, in
/// the files under a path, each with why it is not the demo.
const COINCIDENCES: &[(&str, &str, &str)] = &[
    (
        "src/complexity/",
        "ns_per_op",
        "the complexity table's own field (`fitted.ns_per_op`, as issue 17 names it), not scalability's",
    ),
    (
        "src/complexity/",
        "repeat_seconds",
        "the complexity snippet's own calibration target, named as the scalability snippet names its own",
    ),
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
        "src/demos/kit/",
        "python_implementation",
        "`platform.python_implementation()`, which every runtime's probe reports",
    ),
    (
        "src/python/child.rs",
        "cpython",
        "the implementation's name: `demo --on` runs CPythons only",
    ),
    (
        "src/report.rs",
        "cpython",
        "the implementation's name (`sys.implementation.name`) in the interpreter's identity",
    ),
    (
        "src/report.rs",
        "dict_keys.hashable_keys",
        "the example, in the report's documented schema, of a claim id",
    ),
    (
        "src/report.rs",
        "dict-keys",
        "the example, in the report's documented schema, of a demo name as `demo` takes it",
    ),
    (
        "src/python/host.rs",
        "probe_count_in_place",
        "the host module's calibration of `refcnt`, its own API, which a snippet records as is",
    ),
    (
        "src/python/host.rs",
        "probe_count_in_the_call",
        "the host module's calibration of `refcnt`, its own API, which a snippet records as is",
    ),
    (
        "src/python/host.rs",
        "argument_references",
        "the host module's calibration of `refcnt`, its own API, which a snippet records as is",
    ),
    (
        "src/python/",
        "sys_version",
        "`sys.version`, which the harness and `--on` children report of every interpreter",
    ),
    (
        "src/commands/",
        "sys_version",
        "`sys.version`, which `info` and `demo --on` report of every interpreter",
    ),
    (
        "src/python/harness.py",
        "meta_path",
        "`sys.meta_path`, which the harness restores after every snippet",
    ),
];

struct Home {
    name: &'static str,
    module: String,
    /// The claims' ids and evidence keys, and the demo's own evidence fields.
    words: Vec<String>,
}

/// The property names of every JSON Schema in `value`, nested ones included.
fn property_names(value: &Value, names: &mut BTreeSet<String>) {
    match value {
        Value::Object(fields) => {
            if let Some(Value::Object(properties)) = fields.get("properties") {
                names.extend(properties.keys().cloned());
            }
            fields.values().for_each(|item| property_names(item, names));
        }
        Value::Array(items) => items.iter().for_each(|item| property_names(item, names)),
        _ => {}
    }
}

/// The field names of a demo's evidence, observed and derived: the properties of its claims'
/// schemas and of every definition they use.
fn evidence_fields(demo: &Demo) -> BTreeSet<String> {
    let mut generator = SchemaGenerator::default();
    let mut schemas: Vec<Value> = demo
        .claims
        .iter()
        .map(|claim| serde_json::to_value((claim.schema)(&mut generator)).unwrap())
        .collect();
    schemas.extend(generator.take_definitions(true).into_iter().map(|(_, v)| v));
    let mut names = BTreeSet::new();
    for schema in &schemas {
        property_names(schema, &mut names);
    }
    names
}

fn homes() -> Vec<Home> {
    let demos: Vec<(&'static str, &'static Demo)> = QUESTIONS
        .iter()
        .filter_map(|question| Some((question.name, question.demo?)))
        .collect();
    let fields: Vec<BTreeSet<String>> = demos
        .iter()
        .map(|(_, demo)| evidence_fields(demo))
        .collect();
    let mut demos_with: BTreeMap<&str, usize> = BTreeMap::new();
    for name in fields.iter().flatten() {
        *demos_with.entry(name).or_default() += 1;
    }
    demos
        .iter()
        .zip(&fields)
        .map(|((name, demo), fields)| {
            let mut words: Vec<String> = demo
                .claims
                .iter()
                .map(|claim| claim.id.to_owned())
                .collect();
            words.extend(
                demo.claims
                    .iter()
                    .map(|claim| claim.evidence_key().to_owned()),
            );
            words.extend(
                fields
                    .iter()
                    .filter(|field| own_field(field, demos_with[field.as_str()]))
                    .cloned(),
            );
            Home {
                name,
                module: name.replace('-', "_"),
                words,
            }
        })
        .collect()
}

/// Whether an evidence field that `demos` demos have is specific enough to mean one demo.
fn own_field(name: &str, demos: usize) -> bool {
    demos == 1 && name.contains('_') && name.chars().count() >= MIN_FIELD_LENGTH
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

/// Whether `word` stands in `text` as a word of its own: not inside a longer name (letters,
/// digits, `_` and `-` continue a word, and so does a dot between two of them: the key of a
/// claim id, `dict_keys.hashable_keys`, is part of the id), case as given.
fn has_word(text: &str, word: &str) -> bool {
    let continues = |c: char| c.is_alphanumeric() || c == '_' || c == '-';
    text.match_indices(word).any(|(at, _)| {
        let mut before = text[..at].chars().rev();
        let after = &text[at + word.len()..];
        let joined_before = match before.next() {
            Some('.') => before.next().is_some_and(continues),
            other => other.is_some_and(continues),
        };
        let joined_after = match after.strip_prefix('.') {
            Some(rest) => rest.starts_with(continues),
            None => after.starts_with(continues),
        };
        !joined_before && !joined_after
    })
}

/// Whether a doc line names the demo in words: its name (an ordinary word only beside "demo"),
/// or one of its claim ids, keys or fields that could be nothing else (those with an underscore
/// or a dot; a key such as `caching` is an ordinary word too).
fn doc_names(doc: &str, home: &Home, coincidence: &dyn Fn(&str) -> bool) -> bool {
    let name = has_word(doc, home.name)
        && (!ORDINARY_WORDS.contains(&home.name) || doc.contains("demo"))
        && !coincidence(home.name);
    name || home
        .words
        .iter()
        .any(|word| word.contains(['_', '.']) && has_word(doc, word) && !coincidence(word))
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
                let coincidence = |word: &str| {
                    COINCIDENCES
                        .iter()
                        .any(|(under, known, _)| relative.starts_with(under) && *known == word)
                };
                if let Some(doc) = trimmed.strip_prefix("///") {
                    if shared && !registry && doc_names(doc, home, &coincidence) {
                        found.push(format!(
                            "{relative}:{}: names demo {} in its docs: {}",
                            number + 1,
                            home.name,
                            line.trim()
                        ));
                    }
                    continue;
                }
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
                        (literal == home.name || home.words.iter().any(|word| word == literal))
                            && !coincidence(literal)
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
    let home = Home {
        name: "legb",
        module: "legb".to_owned(),
        words: vec![
            "legb.resolution_order".to_owned(),
            "resolution_order".to_owned(),
        ],
    };
    let never = |_: &str| false;
    assert!(doc_names(
        " For legb, nonlocal-global and closures.",
        &home,
        &never
    ));
    assert!(doc_names(" See `resolution_order`.", &home, &never));
    assert!(!doc_names(" The legbs; a resolution order.", &home, &never));
    assert!(!doc_names(
        " As in `other.resolution_order`.",
        &home,
        &never
    ));
    let memory = Home {
        name: "memory",
        module: "memory".to_owned(),
        words: Vec::new(),
    };
    assert!(doc_names(
        " Used by the demos cpython, memory and gil.",
        &memory,
        &never
    ));
    assert!(!doc_names(" It frees memory.", &memory, &never));
    assert!(own_field("freed_at_del", 1));
    assert!(
        !own_field("freed_at_del", 2),
        "a field two demos have is shared"
    );
    assert!(!own_field("wall_s", 1), "too short to mean one demo");
    assert!(!own_field("threads", 1), "an ordinary word");
    assert!(names_module("use crate::demos::gil::DEMO;", "gil"));
    assert!(names_module("let x = gil::DEMO;", "gil"));
    assert!(!names_module("let fragile::x = 1;", "gil"));
    assert!(!names_module("gil_enabled: bool", "gil"));
    assert_eq!(
        literals(r#"match demo { "gil" => 1, "x" => 2 }"#),
        ["gil", "x"]
    );
}
