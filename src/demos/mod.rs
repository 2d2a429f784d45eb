//! The registry: the article's ten questions, and the demo that answers each one.
//!
//! A demo is a Python snippet (`python_snippets/<snippet>.py`) plus a folder
//! (`src/demos/<name>/`) that holds its claims and registry entry (`mod.rs`), the one schema of
//! its evidence (`evidence.rs`), its judges (`judges.rs`) and, if it draws, its charts
//! (`charts.rs`). Judging is pure — typed evidence in, verdict and explanation out, no Python
//! involved — so it is unit-tested with synthetic evidence, including evidence this machine's
//! interpreter could never produce. What demos share lives in [`kit`].
//!
//! Adding a demo takes its folder, its snippet and one registry line: `pub mod <name>;` below
//! and `demo: Some(&<name>::DEMO)` in its question (the README's "Adding a demo" walks it).

pub mod closures;
pub mod concurrency;
pub mod cpython;
pub mod dict_keys;
#[cfg(test)]
mod fuzz;
pub mod gil;
pub mod imports;
pub mod kit;
pub mod legb;
pub mod memory;
pub mod nonlocal_global;
pub mod scalability;
#[cfg(test)]
mod snapshots;

use anyhow::Context;
use schemars::{JsonSchema, Schema, SchemaGenerator};
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::errors::UsageError;
use crate::figures::Drawn;
use crate::params::ParamSpec;
use crate::report::{Claim, Judgement, Source, Verdict};
use crate::snippets::Snippet;

/// One of the article's questions, available as a demo or still to be built.
pub struct Question {
    pub number: u8,
    /// The demo's name on the command line, e.g. `dict-keys`.
    pub name: &'static str,
    pub title: &'static str,
    pub demo: Option<&'static Demo>,
}

pub const QUESTIONS: [Question; 10] = [
    Question {
        number: 1,
        name: "dict-keys",
        title: "What can be the keys of a dictionary?",
        demo: Some(&dict_keys::DEMO),
    },
    Question {
        number: 2,
        name: "cpython",
        title: "What is CPython?",
        demo: Some(&cpython::DEMO),
    },
    Question {
        number: 3,
        name: "legb",
        title: "What is LEGB in Python?",
        demo: Some(&legb::DEMO),
    },
    Question {
        number: 4,
        name: "nonlocal-global",
        title: "What are the usages of nonlocal and global keywords?",
        demo: Some(&nonlocal_global::DEMO),
    },
    Question {
        number: 5,
        name: "gil",
        title: "What is the GIL and why is it important?",
        demo: Some(&gil::DEMO),
    },
    Question {
        number: 6,
        name: "memory",
        title: "How does Python handle memory management?",
        demo: Some(&memory::DEMO),
    },
    Question {
        number: 7,
        name: "concurrency",
        title: "Where should we use multithreading, multiprocessing and asyncio?",
        demo: Some(&concurrency::DEMO),
    },
    Question {
        number: 8,
        name: "imports",
        title: "How does importing in Python work?",
        demo: Some(&imports::DEMO),
    },
    Question {
        number: 9,
        name: "closures",
        title: "What is a closure in Python?",
        demo: Some(&closures::DEMO),
    },
    Question {
        number: 10,
        name: "scalability",
        title: "How do you write scalable code in Python?",
        demo: Some(&scalability::DEMO),
    },
];

/// A runnable demo: its snippet, the parameters it accepts, the claims it judges and the
/// charts it draws.
pub struct Demo {
    pub snippet: Snippet,
    /// A picture of the evidence (a chart) drawn between the live output and the verdicts on a
    /// terminal. Pure, like the judges: it only reads the evidence.
    pub picture: Option<fn(&Value) -> Option<String>>,
    /// The report's charts, each read from the judged claims' evidence (pure, like the judges).
    pub charts: &'static [fn(&ClaimsEvidence<'_>) -> Drawn],
    /// Whether the snippet marks points where `--frames` draws the call frames.
    pub draws_frames: bool,
    pub params: &'static [ParamSpec],
    pub claims: &'static [ClaimSpec],
}

/// The evidence of a demo's judged claims, by claim key: what the snippet observed plus what
/// the judges derived from it. Charts read it.
#[derive(Clone, Copy)]
pub struct ClaimsEvidence<'a>(pub &'a [Claim]);

impl ClaimsEvidence<'_> {
    /// The evidence of the claim keyed `key` as `T`, if it has that shape: a missing claim and
    /// a skipped one's `{"skipped": …}` do not.
    pub fn get<T: DeserializeOwned>(&self, key: &str) -> Option<T> {
        let claim = self
            .0
            .iter()
            .find(|claim| claim.id.split_once('.').map(|(_, own)| own) == Some(key))?;
        T::deserialize(&claim.evidence).ok()
    }
}

/// A judged claim's evidence in its demo's types, as a chart reads it with
/// [`ClaimsEvidence::get`]: what the snippet observed, and what the judge derived from it (none
/// when the claim could not be judged). Both lie side by side in the claim's evidence.
#[derive(Deserialize)]
#[serde(bound = "E: DeserializeOwned, D: DeserializeOwned")]
pub struct Judged<E, D> {
    #[serde(flatten)]
    pub observed: E,
    #[serde(flatten)]
    pub derived: Option<D>,
}

/// A claim a demo checks, and the pure function that judges it.
pub struct ClaimSpec {
    /// `<demo>.<key>`; the snippet records this claim's evidence under `EVIDENCE["<key>"]`.
    pub id: &'static str,
    pub source: Source,
    pub claim: &'static str,
    /// Decides the verdict from the claim's evidence. It is not called when the evidence is
    /// missing or is `{"skipped": "<reason>"}`: those claims are `skipped` with that reason.
    pub judge: fn(&Value) -> anyhow::Result<Judgement>,
    /// The JSON Schema of the claim's evidence in the report: the snippet's fields and the
    /// judge's derived ones.
    pub schema: fn(&mut SchemaGenerator) -> Schema,
}

/// A claim's evidence, in the one typed shape that its snippet writes, its judge reads and its
/// demo's charts draw; judging it is a method of the evidence.
pub trait ClaimEvidence: DeserializeOwned + JsonSchema {
    /// The values the judge derives from the evidence: added to the claim's evidence in the
    /// report, beside the snippet's own fields. [`NothingDerived`] when there are none.
    type Derived: Serialize + JsonSchema;

    fn judge(self) -> anyhow::Result<Judgement<Self::Derived>>;
}

/// The derived values of a judge that derives none.
#[derive(Serialize, JsonSchema)]
pub struct NothingDerived {}

impl ClaimSpec {
    /// The claim `id` whose evidence is `E`, judged by `E::judge`.
    pub const fn new<E: ClaimEvidence>(
        id: &'static str,
        source: Source,
        claim: &'static str,
    ) -> Self {
        ClaimSpec {
            id,
            source,
            claim,
            judge: judge_typed::<E>,
            schema: schema_of::<E>,
        }
    }

    /// The key of this claim's entry in the snippet's `EVIDENCE` dict.
    pub fn evidence_key(&self) -> &'static str {
        self.id.split_once('.').map_or(self.id, |(_, key)| key)
    }
}

fn judge_typed<E: ClaimEvidence>(evidence: &Value) -> anyhow::Result<Judgement> {
    let typed: E = read(evidence)?;
    Ok(typed.judge()?.into_report_fields())
}

/// The evidence's schema, with the derived fields beside the snippet's.
fn schema_of<E: ClaimEvidence>(generator: &mut SchemaGenerator) -> Schema {
    let observed = generator.subschema_for::<E>();
    let derived = generator.subschema_for::<E::Derived>();
    schemars::json_schema!({ "allOf": [observed, derived] })
}

/// Reads a claim's evidence into the judge's typed struct, saying what did not fit.
pub fn read<T: DeserializeOwned>(evidence: &Value) -> anyhow::Result<T> {
    T::deserialize(evidence).context("the evidence does not have the expected shape")
}

/// Why a demo ended before its snippet did: the claims it had not reached say so.
#[derive(Debug, Clone, PartialEq)]
pub enum Unfinished {
    /// The presenter quit (`--step`).
    StoppedByPresenter,
    /// Ctrl-C.
    Interrupted,
    /// SIGTERM.
    Terminated,
    /// `--timeout`: "ran past --timeout 1 s (stopped at line 3)".
    TimedOut(String),
    /// The host could not run the demo at all: why.
    HostFailed(String),
    /// The snippet raised this exception type.
    Raised(String),
}

impl Unfinished {
    /// Why a claim has no evidence: "the snippet raised ValueError before this claim was checked".
    fn reason(&self) -> String {
        match self {
            Unfinished::StoppedByPresenter => {
                "stopped by the presenter before this claim was checked".to_owned()
            }
            Unfinished::Interrupted => {
                "the demo was interrupted (Ctrl-C) before this claim was checked".to_owned()
            }
            Unfinished::Terminated => {
                "the demo was terminated (SIGTERM) before this claim was checked".to_owned()
            }
            Unfinished::TimedOut(how) => format!("the snippet {how} before this claim was checked"),
            Unfinished::HostFailed(why) => format!("the demo could not be run ({why})"),
            Unfinished::Raised(kind) => {
                format!("the snippet raised {kind} before this claim was checked")
            }
        }
    }
}

/// The verdicts of every claim of a demo, and whether any claim's evidence was unreadable.
pub struct Verdicts {
    pub claims: Vec<Claim>,
    pub unreadable_evidence: bool,
}

impl Demo {
    /// The demo of `snippet` that judges `claims`: without parameters, charts, a terminal
    /// picture or frames, which the `with_…` setters and [`Demo::drawing_frames`] add.
    pub const fn new(snippet: Snippet, claims: &'static [ClaimSpec]) -> Self {
        Demo {
            snippet,
            picture: None,
            charts: &[],
            draws_frames: false,
            params: &[],
            claims,
        }
    }

    /// The same demo, taking `params`.
    pub const fn with_params(self, params: &'static [ParamSpec]) -> Self {
        Demo { params, ..self }
    }

    /// The same demo, drawing `charts` in the report.
    pub const fn with_charts(self, charts: &'static [fn(&ClaimsEvidence<'_>) -> Drawn]) -> Self {
        Demo { charts, ..self }
    }

    /// The same demo, drawing `picture` on a terminal.
    pub const fn with_picture(self, picture: fn(&Value) -> Option<String>) -> Self {
        Demo {
            picture: Some(picture),
            ..self
        }
    }

    /// The same demo, whose snippet marks where `--frames` draws the call frames.
    pub const fn drawing_frames(self) -> Self {
        Demo {
            draws_frames: true,
            ..self
        }
    }

    /// Whether the demo compares with other runtimes (PyPy, Jython, Cython, `--python`), which
    /// `--no-others` leaves out: every demo that runs probes on them takes their time limit,
    /// `--param probe_timeout`.
    pub fn compares_other_runtimes(&self) -> bool {
        self.params
            .iter()
            .any(|param| param.name == kit::runtimes::PROBE_TIMEOUT.name)
    }

    /// Judges every claim from `evidence` (the snippet's `EVIDENCE` dict). `unfinished`
    /// explains why a claim without evidence has none (the snippet raised, was interrupted).
    pub fn judge(&self, evidence: &Value, unfinished: Option<&Unfinished>) -> Verdicts {
        let mut unreadable_evidence = false;
        let claims = self
            .claims
            .iter()
            .map(|spec| {
                let own = evidence.get(spec.evidence_key()).cloned();
                let mut evidence_error = false;
                let (judgement, observed) = match own {
                    None => {
                        let reason = match unfinished {
                            Some(why) => format!("No evidence: {}.", why.reason()),
                            None => format!(
                                "No evidence: the snippet recorded nothing under EVIDENCE[{:?}].",
                                spec.evidence_key()
                            ),
                        };
                        (Judgement::new(Verdict::Skipped, reason), Value::Null)
                    }
                    Some(observed) => {
                        let judgement = match observed.get("skipped") {
                            Some(reason) => Judgement::new(Verdict::Skipped, skip_reason(reason)),
                            None => (spec.judge)(&observed).unwrap_or_else(|err| {
                                evidence_error = true;
                                Judgement::new(
                                    Verdict::Skipped,
                                    format!(
                                        "A defect of the demo, not a finding: the snippet's \
                                         evidence under EVIDENCE[{:?}] is not what this claim's \
                                         judge reads ({err:#}), so the claim could not be judged.",
                                        spec.evidence_key()
                                    ),
                                )
                            }),
                        };
                        (judgement, observed)
                    }
                };
                unreadable_evidence |= evidence_error;
                Claim {
                    id: spec.id,
                    source: spec.source,
                    claim: spec.claim,
                    verdict: judgement.verdict,
                    evidence: with_derived(observed, judgement.derived.unwrap_or_default()),
                    explanation: judgement.explanation,
                    evidence_error,
                }
            })
            .collect();
        Verdicts {
            claims,
            unreadable_evidence,
        }
    }

    /// Every claim `skipped` because the snippet's `EVIDENCE` as a whole could not be read
    /// (`why` names the place): a defect of the demo, not a finding.
    pub fn unreadable(&self, why: &str) -> Verdicts {
        let claims = self
            .claims
            .iter()
            .map(|spec| Claim {
                id: spec.id,
                source: spec.source,
                claim: spec.claim,
                verdict: Verdict::Skipped,
                evidence: Value::Null,
                explanation: format!(
                    "A defect of the demo, not a finding: the snippet's EVIDENCE could not be \
                     read ({why}), so no claim could be judged."
                ),
                evidence_error: true,
            })
            .collect();
        Verdicts {
            claims,
            unreadable_evidence: true,
        }
    }
}

/// The explanation of a claim the snippet skipped itself: `{"skipped": "<reason>"}`.
fn skip_reason(reason: &Value) -> String {
    match reason.as_str().map(str::trim) {
        Some(text) if !text.is_empty() => text.to_owned(),
        _ => "The snippet skipped this claim without giving a reason.".to_owned(),
    }
}

fn with_derived(observed: Value, derived: serde_json::Map<String, Value>) -> Value {
    if derived.is_empty() {
        return observed;
    }
    match observed {
        Value::Object(mut fields) => {
            fields.extend(derived);
            Value::Object(fields)
        }
        other => {
            let mut fields = serde_json::Map::new();
            fields.insert("observed".into(), other);
            fields.extend(derived);
            Value::Object(fields)
        }
    }
}

/// Finds a question by demo name or number.
pub fn find(name_or_number: &str) -> Option<&'static Question> {
    QUESTIONS.iter().find(|question| {
        question.name == name_or_number || question.number.to_string() == name_or_number
    })
}

/// The demo of a question given by name or number, or a usage error that helps.
pub fn lookup(target: &str) -> Result<(&'static Question, &'static Demo), UsageError> {
    if target.contains(['/', '\\']) || target.starts_with('.') || target.ends_with(".py") {
        return Err(UsageError(format!(
            "{target:?} looks like a path; demos are named (see `pyconcepts list`), and \
             --snippets-dir DIR loads edited snippets"
        )));
    }
    let Some(question) = find(target) else {
        let closest = closest_names(target);
        let hint = if closest.is_empty() {
            "see `pyconcepts list`".to_owned()
        } else {
            format!("did you mean {}?", closest.join(" or "))
        };
        return Err(UsageError(format!("no demo named {target:?}; {hint}")));
    };
    match question.demo {
        Some(demo) => Ok((question, demo)),
        None => Err(UsageError(format!(
            "demo {} (question {}) is not available yet",
            question.name, question.number
        ))),
    }
}

/// The names a typo most likely meant: similar as a whole (Jaro-Winkler, which rewards a shared
/// start) or one edit away, swapped letters included (`gli` for `gil`, which Jaro-Winkler scores
/// low on a three-letter word).
fn closest_names(target: &str) -> Vec<&'static str> {
    let mut scored: Vec<(f64, &'static str)> = QUESTIONS
        .iter()
        .map(|question| {
            let similarity = strsim::jaro_winkler(target, question.name);
            let one_edit = strsim::damerau_levenshtein(target, question.name) <= 1;
            (
                if one_edit {
                    similarity.max(0.9)
                } else {
                    similarity
                },
                question.name,
            )
        })
        .filter(|(score, _)| *score > 0.75)
        .collect();
    scored.sort_by(|a, b| b.0.total_cmp(&a.0));
    scored.into_iter().take(2).map(|(_, name)| name).collect()
}

/// What the demos' own tests share: claims as judged, and the charts drawn from them.
#[cfg(test)]
pub(crate) mod testing {
    use serde_json::Value;

    use super::{ClaimsEvidence, Demo};
    use crate::export::charts::{self, Charts};
    use crate::figures::{Drawn, Lanes, Plot};
    use crate::report::{Claim, Source, Verdict};

    /// The folder of demo `name` under `src/demos/`: `dict_keys` for `dict-keys`.
    pub fn folder(name: &str) -> String {
        name.replace('-', "_")
    }

    /// The evidence of a real run, recorded in the demo's folder (`sample_evidence.json`).
    pub fn sample_evidence(name: &str) -> Value {
        let path = format!(
            "{}/src/demos/{}/sample_evidence.json",
            env!("CARGO_MANIFEST_DIR"),
            folder(name)
        );
        let text = std::fs::read_to_string(&path).unwrap_or_else(|err| panic!("{path}: {err}"));
        serde_json::from_str(&text).unwrap_or_else(|err| panic!("{path}: {err}"))
    }

    /// What `E`'s judge decides about `evidence`, or why the evidence cannot be judged (it
    /// has not `E`'s shape, or the judge refuses it), as the demo reads a snippet's.
    pub fn judge<E: super::ClaimEvidence>(
        evidence: &Value,
    ) -> anyhow::Result<crate::report::Judgement<E::Derived>> {
        super::read::<E>(evidence)?.judge()
    }

    /// What `E`'s judge decides about `evidence`, which must have `E`'s shape.
    pub fn judged<E: super::ClaimEvidence>(
        evidence: Value,
    ) -> crate::report::Judgement<E::Derived> {
        judge::<E>(&evidence).expect("a judgement")
    }

    /// What `E`'s judge decides about `evidence`, asserted to be `verdict` (the explanation is
    /// shown when it is not), for the assertions that follow.
    #[track_caller]
    pub fn judged_as<E: super::ClaimEvidence>(
        evidence: &Value,
        verdict: Verdict,
    ) -> crate::report::Judgement<E::Derived> {
        let judgement = judge::<E>(evidence).expect("a judgement");
        assert_eq!(judgement.verdict, verdict, "{}", judgement.explanation);
        judgement
    }

    /// Asserts that `explanation` quotes each of `quoted` as written, naming the first it lacks.
    #[track_caller]
    pub fn assert_quotes(explanation: &str, quoted: &[&str]) {
        for part in quoted {
            assert!(explanation.contains(part), "{part:?} not in {explanation}");
        }
    }

    /// Pins a judge's whole explanation of synthetic evidence, with its verdict, as the snapshot
    /// `snapshots/synthetic__<name>.snap` of the demo whose tests call it, so that a change of
    /// wording is a diff to review (`INSTA_UPDATE=always cargo test --lib`, then read it).
    #[track_caller]
    pub fn assert_explained<D>(name: &str, judgement: &crate::report::Judgement<D>) {
        let caller = std::panic::Location::caller().file();
        let demo = caller
            .strip_prefix("src/demos/")
            .and_then(|rest| rest.split_once('/'))
            .map(|(demo, _)| demo)
            .unwrap_or_else(|| panic!("{caller} is in no demo's folder"));
        insta::with_settings!({
            snapshot_path => format!("{demo}/snapshots"),
            prepend_module_to_snapshot => false,
            omit_expression => true,
            description => format!("{caller}: a judge's verdict and explanation"),
        }, {
            insta::assert_snapshot!(
                format!("synthetic__{name}"),
                format!("[{}]\n{}", judgement.verdict.as_str(), judgement.explanation)
            );
        });
    }

    /// Asserts that `judgement` is `verdict` (showing its explanation when it is not), then pins
    /// its explanation as [`assert_explained`] does.
    #[track_caller]
    pub fn assert_judged<D>(name: &str, verdict: Verdict, judgement: &crate::report::Judgement<D>) {
        assert_eq!(judgement.verdict, verdict, "{}", judgement.explanation);
        assert_explained(name, judgement);
    }

    /// A judged claim with this evidence.
    pub fn claim(id: &'static str, verdict: Verdict, evidence: Value) -> Claim {
        Claim {
            id,
            source: Source::Article,
            claim: "",
            verdict,
            evidence,
            explanation: String::new(),
            evidence_error: false,
        }
    }

    /// The report charts `demo` draws from these claims.
    pub fn drawn_from_claims(demo: &Demo, claims: &[Claim]) -> Charts {
        let evidence = ClaimsEvidence(claims);
        let figures: Vec<_> = demo.charts.iter().map(|chart| chart(&evidence)).collect();
        charts::draw(&figures)
    }

    /// The report charts `demo` draws from confirmed claims with this evidence.
    pub fn drawn(demo: &Demo, evidence: &[(&'static str, Value)]) -> Charts {
        let claims: Vec<Claim> = evidence
            .iter()
            .map(|(id, value)| claim(id, Verdict::Confirmed, value.clone()))
            .collect();
        drawn_from_claims(demo, &claims)
    }

    /// The timeline a chart function drew, which must have drawn one.
    #[track_caller]
    pub fn timeline_of(drawn: Drawn) -> Lanes {
        captioned_timeline(drawn, &[])
    }

    /// The timeline a chart function drew, asserted to have a caption that quotes each of
    /// `quoted`.
    #[track_caller]
    pub fn captioned_timeline(drawn: Drawn, quoted: &[&str]) -> Lanes {
        let figure = drawn.expect("a figure").expect("drawn");
        assert_quotes(&figure.caption, quoted);
        match figure.plot {
            Plot::Lanes(lanes) => lanes,
            _ => panic!("not a timeline"),
        }
    }

    /// A timeline as the terminal shows it: 80 columns, no colour.
    pub fn plain_lanes(timeline: &Lanes) -> String {
        crate::output::lanes::lanes(timeline, 80, crate::output::render::Style::plain())
            .unwrap_or_else(|err| panic!("cannot draw the timeline: {err}"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    /// The evidence of the example demo's claims.
    #[derive(Deserialize, JsonSchema)]
    struct Counted {
        count: u32,
    }

    impl ClaimEvidence for Counted {
        type Derived = NothingDerived;

        fn judge(self) -> anyhow::Result<Judgement<NothingDerived>> {
            Ok(Judgement::new(
                Verdict::Confirmed,
                format!("{} counted", self.count),
            ))
        }
    }

    /// A demo of two claims, whose evidence is a count.
    const EXAMPLE: Demo = Demo::new(
        Snippet {
            file_name: "example.py",
            embedded: "",
        },
        &[
            ClaimSpec::new::<Counted>("example.first", Source::Article, "One."),
            ClaimSpec::new::<Counted>("example.second", Source::Senior, "Two."),
        ],
    );

    fn lookup_error(target: &str) -> String {
        match lookup(target) {
            Ok((question, _)) => panic!("{target:?} found question {}", question.number),
            Err(UsageError(message)) => message,
        }
    }

    #[test]
    fn lookup_finds_a_demo_by_name_or_number() {
        for question in &QUESTIONS {
            assert_eq!(lookup(question.name).unwrap().0.number, question.number);
            let number = question.number.to_string();
            assert_eq!(lookup(&number).unwrap().0.name, question.name);
        }
    }

    #[test]
    fn lookup_refuses_with_the_message_that_helps() {
        let name = QUESTIONS[0].name;
        let short = &name[..name.len() - 1];
        assert_eq!(
            lookup_error(short),
            format!("no demo named {short:?}; did you mean {name}?")
        );
        assert_eq!(
            lookup_error("gli"),
            "no demo named \"gli\"; did you mean gil?"
        );
        assert_eq!(
            lookup_error("zzz"),
            "no demo named \"zzz\"; see `pyconcepts list`"
        );
        assert_eq!(
            lookup_error("../legb.py"),
            "\"../legb.py\" looks like a path; demos are named (see `pyconcepts list`), and \
             --snippets-dir DIR loads edited snippets"
        );
    }

    #[test]
    fn names_and_numbers_are_unique_and_in_order() {
        for (index, question) in QUESTIONS.iter().enumerate() {
            assert_eq!(usize::from(question.number), index + 1);
            assert_eq!(
                QUESTIONS.iter().filter(|q| q.name == question.name).count(),
                1
            );
        }
    }

    #[test]
    fn claim_ids_are_unique_and_keyed() {
        let mut ids: Vec<&str> = QUESTIONS
            .iter()
            .filter_map(|q| q.demo)
            .flat_map(|demo| demo.claims.iter().map(|claim| claim.id))
            .collect();
        let total = ids.len();
        ids.sort_unstable();
        ids.dedup();
        assert_eq!(ids.len(), total, "duplicate claim id");
        assert!(ids.iter().all(|id| id.contains('.')));
    }

    #[test]
    fn missing_or_skipped_evidence_is_skipped_never_judged() {
        let demo = &EXAMPLE;
        let evidence = json!({"first": {"skipped": "no dicts today"}});
        let verdicts = demo.judge(
            &evidence,
            Some(&Unfinished::Raised("ValueError".to_owned())),
        );
        assert!(!verdicts.unreadable_evidence);
        assert_eq!(verdicts.claims[0].verdict, Verdict::Skipped);
        assert_eq!(verdicts.claims[0].explanation, "no dicts today");
        for claim in &verdicts.claims[1..] {
            assert_eq!(claim.verdict, Verdict::Skipped);
            assert!(claim.explanation.contains("ValueError"));
        }
    }

    #[test]
    fn malformed_evidence_is_skipped_and_flagged_as_a_defect_of_the_demo() {
        let verdicts = EXAMPLE.judge(&json!({"first": {"accepted": 3}}), None);
        assert!(verdicts.unreadable_evidence);
        let claim = &verdicts.claims[0];
        assert_eq!(claim.verdict, Verdict::Skipped);
        assert!(claim.evidence_error);
        assert!(
            claim
                .explanation
                .starts_with("A defect of the demo, not a finding"),
            "{}",
            claim.explanation
        );
        assert!(claim.explanation.contains("EVIDENCE[\"first\"]"));
        let json = serde_json::to_value(claim).unwrap();
        assert_eq!(json["evidence_error"], true);
        // An ordinary skip is not flagged: the field is absent.
        let plain = serde_json::to_value(&verdicts.claims[1]).unwrap();
        assert!(plain.get("evidence_error").is_none(), "{plain}");
    }

    #[test]
    fn a_skip_without_a_reason_says_so() {
        for reason in [json!(""), json!("  "), json!(null), json!(3)] {
            let verdicts = EXAMPLE.judge(&json!({"first": {"skipped": reason}}), None);
            let claim = &verdicts.claims[0];
            assert_eq!(claim.verdict, Verdict::Skipped);
            assert_eq!(
                claim.explanation,
                "The snippet skipped this claim without giving a reason."
            );
            assert!(!verdicts.unreadable_evidence);
        }
    }

    #[test]
    fn a_judged_claim_reads_as_its_observed_fields_and_what_was_derived_if_anything() {
        #[derive(Deserialize)]
        struct Doubled {
            doubled: u32,
        }
        let claims = [
            testing::claim(
                "example.first",
                Verdict::Confirmed,
                json!({"count": 2, "doubled": 4}),
            ),
            testing::claim("example.second", Verdict::Skipped, json!({"count": 3})),
        ];
        let evidence = ClaimsEvidence(&claims);
        let first: Judged<Counted, Doubled> = evidence.get("first").unwrap();
        assert_eq!(first.observed.count, 2);
        assert_eq!(first.derived.map(|derived| derived.doubled), Some(4));
        let second: Judged<Counted, Doubled> = evidence.get("second").unwrap();
        assert_eq!(second.observed.count, 3);
        assert!(second.derived.is_none());
        assert!(evidence.get::<Judged<Counted, Doubled>>("third").is_none());
    }

    #[test]
    #[should_panic(expected = "\"absent\" not in 3 counted")]
    fn assert_quotes_names_the_part_an_explanation_lacks() {
        testing::assert_quotes("3 counted", &["3", "counted", "absent"]);
    }

    #[test]
    fn unreadable_evidence_skips_every_claim_as_a_defect() {
        let why = "EVIDENCE[\"x\"] is an integer too large for JSON; record it as a string";
        let verdicts = EXAMPLE.unreadable(why);
        assert!(verdicts.unreadable_evidence);
        assert_eq!(verdicts.claims.len(), EXAMPLE.claims.len());
        for claim in &verdicts.claims {
            assert_eq!(claim.verdict, Verdict::Skipped);
            assert!(claim.evidence_error);
            assert!(claim.explanation.contains(why), "{}", claim.explanation);
            assert!(claim.explanation.contains("defect of the demo"));
        }
    }
}
