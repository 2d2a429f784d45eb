//! Snapshots of what every judge says about a recorded real run: each demo's
//! `<demo>/sample_evidence.json`, its judges' texts in `<demo>/snapshots/explanations.snap`.
//!
//! One text per demo holds each claim's verdict and whole explanation, so a change of wording or
//! of a quoted number shows up as a diff to review (`INSTA_UPDATE=always cargo test --lib
//! snapshots`, or `cargo insta review`) instead of a `contains` that quietly stops matching. The
//! numbers come from the fixed sample, so the texts are the same on every machine. With
//! `CI=true`, insta never writes: a missing or changed snapshot fails the test.

use super::testing::{folder, sample_evidence};
use super::QUESTIONS;
use crate::report::Claim;

/// Every demo's name and the verdicts of its claims on its sample evidence.
fn judged_samples() -> Vec<(&'static str, Vec<Claim>)> {
    QUESTIONS
        .iter()
        .filter_map(|question| {
            let demo = question.demo?;
            let sample = sample_evidence(question.name);
            Some((question.name, demo.judge(&sample, None).claims))
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
        insta::with_settings!({
            snapshot_path => format!("{}/snapshots", folder(name)),
            prepend_module_to_snapshot => false,
        }, {
            insta::assert_snapshot!("explanations", as_text(&claims));
        });
    }
}

/// An explanation is wrapped by the terminal and the report, never by its author: a `\\` ending
/// a source line inside a string (an escaped backslash, not a continuation) keeps a backslash,
/// the line break and the next line's indentation. Only the judge's own words are checked: a
/// value it quotes from the evidence is the snippet's (C's `__DATE__` is "May  9 2026").
fn layout_slip(explanation: &str) -> Option<&'static str> {
    let own_words = without_quoted_values(explanation);
    let mut chars = own_words.chars().peekable();
    while let Some(char) = chars.next() {
        if char == '\\' && chars.peek().is_some_and(|next| next.is_whitespace()) {
            return Some("a backslash followed by white space");
        }
    }
    own_words.contains("  ").then_some("a run of spaces")
}

/// `explanation` with the text of every quoted value emptied: `"…"`, and `'…'` as Python's
/// `repr` writes a string. A `'` after a letter or digit is an apostrophe ("the module's"), not
/// the start of a value, and one before a letter or digit does not end it.
fn without_quoted_values(explanation: &str) -> String {
    let chars: Vec<char> = explanation.chars().collect();
    let mut own_words = String::with_capacity(explanation.len());
    let mut open: Option<char> = None;
    for (index, &char) in chars.iter().enumerate() {
        let before = index.checked_sub(1).map(|at| chars[at]);
        let after = chars.get(index + 1).copied();
        let word_char = |c: Option<char>| c.is_some_and(char::is_alphanumeric);
        match (open, char) {
            (None, '"') => open = Some('"'),
            (None, '\'') if !word_char(before) => open = Some('\''),
            (Some('"'), '"') => open = None,
            (Some('\''), '\'') if !word_char(after) => open = None,
            (Some(_), _) => continue,
            _ => {}
        }
        own_words.push(char);
    }
    own_words
}

#[test]
fn no_explanation_of_the_sample_run_keeps_a_line_break_of_its_source() {
    let slips: Vec<String> = judged_samples()
        .into_iter()
        .flat_map(|(_, claims)| claims)
        .filter_map(|claim| {
            let slip = layout_slip(&claim.explanation)?;
            Some(format!("{} has {slip}: {:?}", claim.id, claim.explanation))
        })
        .collect();
    assert!(slips.is_empty(), "{}", slips.join("\n"));
}

#[test]
fn a_kept_line_break_is_a_layout_slip_and_a_plain_sentence_is_not() {
    assert!(layout_slip("at work \\\n                 here").is_some());
    assert!(layout_slip("the count\\ fell").is_some());
    assert!(layout_slip("two  spaces").is_some());
    assert_eq!(layout_slip("A plain sentence, with C:\\path."), None);
    assert_eq!(
        layout_slip("Py_GetVersion() says \"(main, May  9 2026)\"."),
        None
    );
    assert_eq!(
        layout_slip("the module's Py_GetVersion() says '3.11.7 (main, May  9 2026)'."),
        None
    );
    assert!(layout_slip("the module's  count and the threads' time").is_some());
}

/// The explanations the sample run does not reach (a refuted claim, a runtime not installed) are
/// checked in their source: no line of a demo ends in `\\`, which inside a string is the slip
/// above and outside one is not Rust.
#[test]
fn no_demo_source_line_ends_in_an_escaped_backslash() {
    let demos = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src/demos");
    let mut sources = vec![demos.clone()];
    let mut slips = Vec::new();
    while let Some(path) = sources.pop() {
        if path.is_dir() {
            let entries = std::fs::read_dir(&path).expect("read src/demos");
            sources.extend(entries.map(|entry| entry.expect("read src/demos").path()));
        } else if path.extension().is_some_and(|ext| ext == "rs") {
            let text = std::fs::read_to_string(&path).expect("read a demo's source");
            for (index, line) in text.lines().enumerate() {
                let backslashes = line.len() - line.trim_end_matches('\\').len();
                if backslashes % 2 == 0 && backslashes > 0 {
                    slips.push(format!("{}:{}: {}", path.display(), index + 1, line.trim()));
                }
            }
        }
    }
    assert!(slips.is_empty(), "{}", slips.join("\n"));
}
