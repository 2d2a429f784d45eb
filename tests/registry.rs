//! The registry is what adding a demo takes: its folder, its snippet and one line. Every demo
//! has both, its claims have unique ids under a prefix of its own, and the evidence its snippet leaves
//! when run standalone by `python3` is what its claims' judges read.

mod common;

use std::path::Path;

use pyconcepts::demos::{Demo, QUESTIONS};

fn demos() -> impl Iterator<Item = (&'static str, &'static Demo)> {
    QUESTIONS
        .iter()
        .filter_map(|question| question.demo.map(|demo| (question.name, demo)))
}

/// `dict_keys` for `dict-keys`: the demo's folder under `src/demos/` and its claims' prefix.
fn module_of(name: &str) -> String {
    name.replace('-', "_")
}

#[test]
fn every_demo_has_its_folder_its_snippet_and_claims_under_a_prefix_of_its_own() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut ids = Vec::new();
    let mut prefixes = Vec::new();
    for (name, demo) in demos() {
        let module = module_of(name);
        assert!(
            root.join("src/demos")
                .join(&module)
                .join("mod.rs")
                .is_file(),
            "demo {name} has no folder src/demos/{module}/"
        );
        let snippet = root.join("python_snippets").join(demo.snippet.file_name);
        assert!(snippet.is_file(), "demo {name}: no {}", snippet.display());
        assert_eq!(
            std::fs::read_to_string(&snippet).unwrap(),
            demo.snippet.embedded,
            "demo {name}: the embedded snippet is not the file"
        );
        assert!(!demo.claims.is_empty(), "demo {name} has no claims");
        // A demo's claims share one prefix, its own: usually its folder's name (`gil.`), an
        // older public one for some (`scope.` for nonlocal-global).
        let prefix = |id: &str| id.split_once('.').map(|(prefix, _)| prefix.to_owned());
        let own = prefix(demo.claims[0].id);
        assert!(
            own.is_some(),
            "claim {} has no `<prefix>.`",
            demo.claims[0].id
        );
        for claim in demo.claims {
            assert_eq!(prefix(claim.id), own, "claim {} of demo {name}", claim.id);
            ids.push(claim.id);
        }
        prefixes.push((own.unwrap(), name));
    }
    prefixes.sort();
    prefixes.dedup();
    for pair in prefixes.windows(2) {
        assert_ne!(
            pair[0].0, pair[1].0,
            "demos {} and {} share a prefix",
            pair[0].1, pair[1].1
        );
    }
    let total = ids.len();
    ids.sort_unstable();
    ids.dedup();
    assert_eq!(ids.len(), total, "two claims share an id");
}

#[test]
fn each_snippet_run_by_python3_leaves_the_evidence_its_claims_read() {
    for (name, demo) in demos() {
        let evidence =
            common::standalone_evidence(common::extras::python(), demo.snippet.file_name);
        for spec in demo.claims {
            assert!(
                evidence.get(spec.evidence_key()).is_some(),
                "demo {name}: standalone, EVIDENCE has no {:?}",
                spec.evidence_key()
            );
        }
        let verdicts = demo.judge(&evidence, None);
        let defects: Vec<String> = verdicts
            .claims
            .iter()
            .filter(|claim| claim.evidence_error)
            .map(|claim| format!("{}: {}", claim.id, claim.explanation))
            .collect();
        assert!(
            defects.is_empty() && !verdicts.unreadable_evidence,
            "demo {name}: evidence its judges cannot read: {defects:#?}"
        );
    }
}
