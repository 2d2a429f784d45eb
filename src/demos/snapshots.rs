//! Snapshots of what every judge says about the recorded real run (`sample_evidence.json`).
//!
//! One text per demo holds each claim's verdict and whole explanation, so a change of wording or
//! of a quoted number shows up as a diff to review (`INSTA_UPDATE=always cargo test --lib
//! snapshots`, or `cargo insta review`) instead of a `contains` that quietly stops matching. The
//! numbers come from the fixed sample, so the texts are the same on every machine. With
//! `CI=true`, insta never writes: a missing or changed snapshot fails the test.

use serde_json::{Map, Value};

use super::QUESTIONS;
use crate::report::Claim;

const SAMPLE: &str = include_str!("sample_evidence.json");

/// Every demo's name and the verdicts of its claims on its sample evidence.
fn judged_samples() -> Vec<(&'static str, Vec<Claim>)> {
    let samples: Map<String, Value> = serde_json::from_str(SAMPLE).expect("sample evidence");
    QUESTIONS
        .iter()
        .filter_map(|question| {
            let demo = question.demo?;
            let sample = samples
                .get(question.name)
                .unwrap_or_else(|| panic!("no sample evidence for {}", question.name));
            Some((question.name, demo.judge(sample, None).claims))
        })
        .collect()
}

/// The claims as one text to read: id, verdict, then the explanation as the judge wrote it.
fn as_text(claims: &[Claim]) -> String {
    claims
        .iter()
        .map(|claim| {
            format!(
                "{} [{}]\n{}\n",
                claim.id,
                claim.verdict.as_str(),
                claim.explanation
            )
        })
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn every_judge_explains_the_sample_run_as_recorded() {
    for (name, claims) in judged_samples() {
        insta::assert_snapshot!(name, as_text(&claims));
    }
}
