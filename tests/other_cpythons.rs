//! pyconcepts on the CPythons it was not built against: CPython 3.13 embedded (the binary built
//! with `PYO3_PYTHON` naming it, in a target directory of its own), and every snippet run on its
//! own by 3.13 and by the free-threaded 3.13t, judged by the same Rust judges. The claim ids stay
//! those of the registry, the evidence that depends on the version is that interpreter's own
//! (its `.pyc` magic number and cache tag, its opcode names, its immortal objects), and the
//! verdicts that flip on a build without a GIL flip.
//!
//! The interpreters come from `.ci/cpython` (or `PYCONCEPTS_CPYTHON_313` /
//! `PYCONCEPTS_CPYTHON_313T`); without them these tests skip with one line, unless
//! `PYCONCEPTS_REQUIRE_EXTRAS=1`.

mod common;

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::{Mutex, MutexGuard};

use common::extras::{self, Extra};
use common::{claim, parse_reports, standalone_evidence};
use pyconcepts::demos::{Demo, QUESTIONS};
use pyconcepts::report::Claim;
use serde_json::Value;

/// One test at a time: each times threads and processes, which a test running beside it on the
/// same cores would crowd out.
fn alone() -> MutexGuard<'static, ()> {
    static ONE_AT_A_TIME: Mutex<()> = Mutex::new(());
    ONE_AT_A_TIME
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
}

fn demos() -> impl Iterator<Item = (&'static str, &'static Demo)> {
    QUESTIONS
        .iter()
        .filter_map(|question| question.demo.map(|demo| (question.name, demo)))
}

/// What an interpreter says about itself: the facts its evidence must carry.
struct Facts {
    version: String,
    cache_tag: String,
    magic_number: u64,
    /// `dis.opmap`'s names.
    opnames: BTreeSet<String>,
}

fn facts_of(python: &Path) -> Facts {
    let output = Command::new(python)
        .args([
            "-c",
            "import dis, importlib.util, json, platform, sys\n\
             print(json.dumps({'version': platform.python_version(),\n\
                               'cache_tag': sys.implementation.cache_tag,\n\
                               'magic': int.from_bytes(importlib.util.MAGIC_NUMBER[:2], 'little'),\n\
                               'opnames': sorted(dis.opmap)}))",
        ])
        .env_remove("PYTHONPATH")
        .output()
        .expect("the interpreter runs");
    assert!(output.status.success(), "{}", python.display());
    let found: Value = serde_json::from_slice(&output.stdout).expect("one JSON line");
    Facts {
        version: found["version"].as_str().unwrap().to_owned(),
        cache_tag: found["cache_tag"].as_str().unwrap().to_owned(),
        magic_number: found["magic"].as_u64().unwrap(),
        opnames: found["opnames"]
            .as_array()
            .unwrap()
            .iter()
            .map(|name| name.as_str().unwrap().to_owned())
            .collect(),
    }
}

/// Builds pyconcepts against `python` into `target/<dir>` (release, as a user would) and
/// returns the binary. A build already there is brought up to date, not redone.
fn build_against(python: &Path, dir: &str) -> PathBuf {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let target = root.join("target").join(dir);
    let output = Command::new(env!("CARGO"))
        .current_dir(root)
        .args(["build", "--release", "--bin", "pyconcepts", "--target-dir"])
        .arg(&target)
        .env("PYO3_PYTHON", python)
        .env_remove("CARGO_TARGET_DIR")
        .output()
        .expect("cargo runs");
    assert!(
        output.status.success(),
        "PYO3_PYTHON={} cargo build --release failed:\n{}",
        python.display(),
        String::from_utf8_lossy(&output.stderr)
    );
    target.join("release/pyconcepts")
}

fn ids(claims: impl IntoIterator<Item = impl AsRef<str>>) -> Vec<String> {
    claims
        .into_iter()
        .map(|id| id.as_ref().to_owned())
        .collect()
}

fn evidence<'a>(report: &'a Value, id: &str) -> &'a Value {
    &claim(report, id)["evidence"]
}

/// The names of `opnames` (a JSON array) that are not in `table`.
fn not_in(opnames: &Value, table: &BTreeSet<String>) -> Vec<String> {
    opnames
        .as_array()
        .expect("opnames")
        .iter()
        .filter_map(Value::as_str)
        .filter(|name| !table.contains(*name))
        .map(str::to_owned)
        .collect()
}

#[test]
fn embedded_313_runs_every_demo_with_the_same_claims_and_its_own_evidence() {
    let test = "embedded_313_runs_every_demo_with_the_same_claims_and_its_own_evidence";
    let _alone = alone();
    if !extras::have(test, &[Extra::Cpython313]) {
        return;
    }
    let python = extras::cpython(Extra::Cpython313).expect("present");
    let facts = facts_of(&python);
    let embedded_311 = facts_of(Path::new(&extras::python()));
    let binary = build_against(&python, "cpython-3.13");
    let output = Command::new(&binary)
        .args(["demo", "all", "--json", "--no-others"])
        .env("NO_COLOR", "1")
        .env_remove("PYTHONPATH")
        .output()
        .expect("the 3.13 build runs");
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(
        output.status.success(),
        "exit {:?}\n{}",
        output.status.code(),
        String::from_utf8_lossy(&output.stderr)
    );
    let reports = parse_reports(&stdout);
    let names: Vec<&str> = demos().map(|(name, _)| name).collect();
    let ran: Vec<&str> = reports
        .iter()
        .map(|r| r["demo"].as_str().unwrap())
        .collect();
    assert_eq!(ran, names, "demo all ran every demo, in order");
    for (report, (name, demo)) in reports.iter().zip(demos()) {
        assert!(
            report.get("error").is_none() && report.get("unreadable_evidence").is_none(),
            "demo {name} failed on {}: {report}",
            facts.version
        );
        assert_eq!(report["python"]["version"], facts.version.as_str());
        let reported = ids(report["claims"]
            .as_array()
            .unwrap()
            .iter()
            .map(|claim| claim["id"].as_str().unwrap()));
        assert_eq!(
            reported,
            ids(demo.claims.iter().map(|spec| spec.id)),
            "demo {name}: the claim ids of the 3.11 build"
        );
        for claim in report["claims"].as_array().unwrap() {
            assert!(
                claim.get("evidence_error").is_none(),
                "{}: {}",
                claim["id"],
                claim["explanation"]
            );
        }
    }
    let report = |name: &str| &reports[names.iter().position(|n| *n == name).unwrap()];

    // cpython: the bytecode is 3.13's, stamped with its magic number and cache tag.
    let bytecode = evidence(report("cpython"), "cpython.bytecode_is_c");
    assert_eq!(bytecode["cache_tag"], facts.cache_tag.as_str());
    assert_eq!(bytecode["own_magic_number"], facts.magic_number);
    assert_eq!(bytecode["unknown_opcodes"], 0);
    assert!(
        not_in(&bytecode["opnames"], &facts.opnames).is_empty(),
        "opcode names not in {}'s dis.opmap: {bytecode}",
        facts.version
    );
    assert!(
        !not_in(&bytecode["opnames"], &embedded_311.opnames).is_empty(),
        "no opcode name of {} that {} lacks: {}",
        facts.version,
        embedded_311.version,
        bytecode["opnames"]
    );
    let adaptive = evidence(report("cpython"), "cpython.adaptive_specialization");
    assert!(
        not_in(&adaptive["before"], &facts.opnames).is_empty(),
        "{adaptive}"
    );

    // memory: None, True, 0 and () are immortal on 3.12+, and sys.getrefcount says a marker.
    let tracked = evidence(report("memory"), "memory.refcount_tracks_references");
    let shared = tracked["shared_objects"]
        .as_array()
        .expect("shared objects");
    let none = shared
        .iter()
        .find(|object| object["expression"] == "None")
        .expect("None");
    assert_eq!(none["immortal"], true, "{none}");
    assert_eq!(none["getrefcount"], none["getrefcount_with_3_more"]);
    assert_eq!(
        claim(report("memory"), "memory.refcount_tracks_references")["verdict"],
        "nuanced"
    );

    // concurrency: 3.13 has _interpreters, whose isolated config gives an interpreter its own
    // GIL; two of them in the embedded process, on two threads, are what the claim is judged by.
    let own_gil = claim(report("concurrency"), "concurrency.each_process_own_gil");
    let subs = &own_gil["evidence"]["subinterpreters"];
    assert_eq!(subs["module"], "_interpreters", "{subs}");
    assert_eq!(subs["gil_setting"], "own", "{subs}");
    assert_eq!(subs["results_ok"], true, "{subs}");
    assert!(
        ["nuanced", "inconclusive"].contains(&own_gil["verdict"].as_str().unwrap()),
        "{own_gil}"
    );

    // gil: a build with a GIL, which no extension module needs to turn back on.
    let build = evidence(report("gil"), "gil.build_has_gil");
    assert_eq!(build["version"], facts.version.as_str());
    assert_eq!(build["is_gil_enabled"], true);
    let reentry = claim(report("gil"), "gil.extension_reenables_gil");
    assert_eq!(reentry["verdict"], "skipped");
    assert!(
        reentry["explanation"]
            .as_str()
            .unwrap()
            .contains("has a GIL to begin with"),
        "{reentry}"
    );
}

/// Every snippet run on its own by `python`, judged: the claims by id.
fn standalone_claims(python: &Path, only: Option<&[&str]>) -> Vec<Claim> {
    let mut claims = Vec::new();
    for (name, demo) in demos() {
        if only.is_some_and(|only| !only.contains(&name)) {
            continue;
        }
        let evidence = standalone_evidence(python, demo.snippet.file_name);
        let verdicts = demo.judge(&evidence, None);
        let defects: Vec<String> = verdicts
            .claims
            .iter()
            .filter(|claim| claim.evidence_error)
            .map(|claim| format!("{}: {}", claim.id, claim.explanation))
            .collect();
        assert!(
            defects.is_empty() && !verdicts.unreadable_evidence,
            "demo {name} on {}: evidence its judges cannot read: {defects:#?}",
            python.display()
        );
        claims.extend(verdicts.claims);
    }
    claims
}

fn verdict_of<'a>(claims: &'a [Claim], id: &str) -> (&'a str, &'a str) {
    let claim = claims
        .iter()
        .find(|claim| claim.id == id)
        .unwrap_or_else(|| panic!("no claim {id}"));
    (claim.verdict.as_str(), claim.explanation.as_str())
}

fn assert_one_of(claims: &[Claim], id: &str, allowed: &[&str]) {
    let (verdict, explanation) = verdict_of(claims, id);
    assert!(
        allowed.contains(&verdict),
        "{id}: {verdict}, not one of {allowed:?}: {explanation}"
    );
}

#[test]
fn snippets_on_313_standalone_keep_the_gil_and_show_immortal_objects() {
    let test = "snippets_on_313_standalone_keep_the_gil_and_show_immortal_objects";
    let _alone = alone();
    if !extras::have(test, &[Extra::Cpython313]) {
        return;
    }
    let python = extras::cpython(Extra::Cpython313).expect("present");
    let claims = standalone_claims(&python, Some(&["gil", "memory", "cpython"]));
    assert_one_of(&claims, "gil.build_has_gil", &["confirmed"]);
    assert_one_of(
        &claims,
        "gil.cpu_threads_serialised",
        &["confirmed", "inconclusive"],
    );
    assert_one_of(&claims, "gil.extension_reenables_gil", &["skipped"]);
    assert_one_of(&claims, "cpython.adaptive_specialization", &["confirmed"]);
    assert_one_of(&claims, "memory.refcount_tracks_references", &["nuanced"]);
    assert_one_of(&claims, "memory.refcount_starts_at_one", &["nuanced"]);
}

#[test]
fn snippets_on_free_threaded_313t_follow_a_build_without_a_gil() {
    let test = "snippets_on_free_threaded_313t_follow_a_build_without_a_gil";
    let _alone = alone();
    if !extras::have(test, &[Extra::Cpython313t]) {
        return;
    }
    let python = extras::cpython(Extra::Cpython313t).expect("present");
    let claims = standalone_claims(&python, None);
    assert_one_of(&claims, "gil.build_has_gil", &["refuted"]);
    // A busy machine can keep the threads on one core: inconclusive then, never confirmed.
    assert_one_of(
        &claims,
        "gil.cpu_threads_serialised",
        &["refuted", "inconclusive"],
    );
    // Built with the machine's C compiler; the flag shows the GIL coming back even when a
    // busy machine blurs the timings.
    assert_one_of(
        &claims,
        "gil.extension_reenables_gil",
        &["confirmed", "inconclusive"],
    );
    let (_, reentry) = verdict_of(&claims, "gil.extension_reenables_gil");
    assert!(
        reentry.contains("turned sys._is_gil_enabled() from false to true"),
        "{reentry}"
    );
    assert!(
        reentry.contains("with PYTHON_GIL=0 the same import went false → false"),
        "{reentry}"
    );
    assert_one_of(&claims, "cpython.adaptive_specialization", &["refuted"]);
    // ctypes reads the free-threaded count fields, and the shared objects are immortal.
    assert_one_of(&claims, "memory.refcount_tracks_references", &["nuanced"]);
    let (_, tracked) = verdict_of(&claims, "memory.refcount_tracks_references");
    assert!(tracked.contains("free-threaded layout"), "{tracked}");
    assert!(tracked.contains("are immortal here"), "{tracked}");
    // CPU-bound threads scale here: processes are not the only way.
    assert_one_of(
        &claims,
        "concurrency.cpu_bound_needs_processes",
        &["nuanced", "inconclusive"],
    );
    // No GIL to own; its interpreters' config still names one of their own.
    assert_one_of(
        &claims,
        "concurrency.each_process_own_gil",
        &["nuanced", "inconclusive"],
    );
    let (_, own_gil) = verdict_of(&claims, "concurrency.each_process_own_gil");
    assert!(
        own_gil.contains("_interpreters created 2 interpreters in this process"),
        "{own_gil}"
    );
}
