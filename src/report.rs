//! The result of running one demo: its claims, their verdicts, and what the snippet printed.
//!
//! These types are the JSON report (`demo --json`), a public interface: field names and the
//! lowercase verdict and source words are relied on by users' scripts and by our tests.

use schemars::JsonSchema;
use serde::Serialize;
use serde_json::Value;

use crate::snippets::sections::{Section, SectionKind};

/// How the evidence observed in this run stands against a claim.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum Verdict {
    /// The evidence shows the claim holds.
    Confirmed,
    /// The evidence shows the claim is false.
    Refuted,
    /// Partly true: the evidence shows where the claim stops holding.
    Nuanced,
    /// Evidence was gathered but is too noisy or too close to call.
    Inconclusive,
    /// Evidence could not be gathered (missing feature, package or runtime); the reason says why.
    Skipped,
}

impl Verdict {
    /// Every verdict, in the order they are explained above (and tallied).
    pub const ALL: [Verdict; 5] = [
        Verdict::Confirmed,
        Verdict::Refuted,
        Verdict::Nuanced,
        Verdict::Inconclusive,
        Verdict::Skipped,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Verdict::Confirmed => "confirmed",
            Verdict::Refuted => "refuted",
            Verdict::Nuanced => "nuanced",
            Verdict::Inconclusive => "inconclusive",
            Verdict::Skipped => "skipped",
        }
    }
}

/// How many of `claims` got each verdict, every verdict in [`Verdict::ALL`]'s order.
pub fn tally<'a>(claims: impl IntoIterator<Item = &'a Claim>) -> [(Verdict, usize); 5] {
    let mut counts = Verdict::ALL.map(|verdict| (verdict, 0));
    for claim in claims {
        if let Some((_, count)) = counts
            .iter_mut()
            .find(|(verdict, _)| *verdict == claim.verdict)
        {
            *count += 1;
        }
    }
    counts
}

/// Who makes the claim: the article itself, or the senior answer it should have given.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum Source {
    Article,
    Senior,
}

/// What a demo's judge decided about one claim, from that claim's evidence, and the values it
/// derived (`D`: a typed struct per claim, documented in the demo's `evidence.rs`).
#[derive(Debug, Clone, PartialEq)]
pub struct Judgement<D = Derived> {
    pub verdict: Verdict,
    /// Quotes the observed values that led to the verdict.
    pub explanation: String,
    /// Values the judge derived from the raw evidence (a fitted slope, a speedup); they are
    /// added to the claim's evidence in the report so the explanation can be checked.
    pub derived: Option<D>,
}

/// Derived values as they go into the report: the fields of a judge's typed struct.
pub type Derived = serde_json::Map<String, Value>;

impl<D> Judgement<D> {
    pub fn new(verdict: Verdict, explanation: impl Into<String>) -> Self {
        Judgement {
            verdict,
            explanation: explanation.into(),
            derived: None,
        }
    }

    /// Records the values computed from the evidence, shown beside the snippet's own values.
    pub fn with_derived(mut self, derived: D) -> Self {
        self.derived = Some(derived);
        self
    }
}

impl<D: Serialize> Judgement<D> {
    /// The judgement with its derived values as report fields. A struct is its fields; anything
    /// else (which no judge should derive) is kept whole under `derived`.
    pub fn into_report_fields(self) -> Judgement {
        let derived = self.derived.map(|derived| {
            match serde_json::to_value(derived).unwrap_or(Value::Null) {
                Value::Object(fields) => fields,
                other => Derived::from_iter([("derived".to_owned(), other)]),
            }
        });
        Judgement {
            verdict: self.verdict,
            explanation: self.explanation,
            derived,
        }
    }
}

/// One claim of a demo with its verdict, as it appears in the report.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct Claim {
    /// Stable identifier, e.g. `dict_keys.hashable_keys`.
    pub id: &'static str,
    pub source: Source,
    /// The claim in words, as the article makes it or as a senior would.
    pub claim: &'static str,
    pub verdict: Verdict,
    /// What the snippet observed for this claim, plus the values the judge derived from it;
    /// its shape is the claim's own (`pyconcepts schema` gives each), `{"skipped": "<reason>"}`
    /// when the snippet skipped it, or `null` when the snippet recorded nothing.
    pub evidence: Value,
    /// Why the verdict, in words that quote the observed values.
    pub explanation: String,
    /// Set (and serialised) only when the verdict is `skipped` because the snippet's evidence
    /// for this claim could not be read or did not have the shape the judge reads: a defect of
    /// the demo, not a finding about Python.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub evidence_error: bool,
}

/// Which interpreter produced the evidence.
#[derive(Debug, Clone, Serialize, serde::Deserialize, PartialEq, JsonSchema)]
pub struct PythonIdentity {
    /// The first word of `sys.version`, e.g. `3.11.7` or `3.13.0rc1`.
    pub version: String,
    /// `sys.implementation.name`, e.g. `cpython`.
    pub implementation: String,
    /// Whether the GIL was on while the demo ran (`sys._is_gil_enabled()` where it exists).
    pub gil_enabled: bool,
    /// Whether the build is free-threaded (`Py_GIL_DISABLED`): it can run without a GIL.
    #[serde(default)]
    pub free_threaded: bool,
    /// The interpreter's `sys.executable`: for the embedded one, the `python3` its children run.
    #[serde(default)]
    pub executable: Option<String>,
    /// Whether pyconcepts embeds this interpreter; otherwise it ran as a child (`demo --on`).
    #[serde(default)]
    pub embedded: bool,
}

impl PythonIdentity {
    /// "3.13.15t" for a free-threaded 3.13.15, "3.11.7" otherwise.
    pub fn label(&self) -> String {
        let suffix = if self.free_threaded { "t" } else { "" };
        format!("{}{suffix}", self.version)
    }
}

/// Why a snippet stopped before it finished.
#[derive(Debug, Clone, Serialize, serde::Deserialize, JsonSchema)]
pub struct SnippetError {
    /// The exception's type name, e.g. `ZeroDivisionError`.
    #[serde(rename = "type")]
    pub kind: String,
    /// The exception's message (`str(exc)`), or what stopped the snippet.
    pub message: String,
    /// Python's own formatted traceback, naming the snippet's file and line.
    pub traceback: String,
}

impl SnippetError {
    /// The traceback's last line as Python prints it: `ZeroDivisionError: division by zero`,
    /// or just `KeyboardInterrupt` when the exception has no message.
    pub fn headline(&self) -> String {
        if self.message.is_empty() {
            self.kind.clone()
        } else {
            format!("{}: {}", self.kind, self.message)
        }
    }
}

/// Everything one demo run produced; serialised as one line of `demo --json`.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct Report {
    /// The demo's name, as `pyconcepts demo` takes it (`dict-keys`).
    pub demo: &'static str,
    /// The article's question the demo answers, 1 to 10.
    pub question: u8,
    /// The question, as the article asks it.
    pub title: &'static str,
    pub python: PythonIdentity,
    /// Every claim of the demo, in the demo's order, judged or skipped.
    pub claims: Vec<Claim>,
    /// What the snippet printed, stdout and stderr interleaved as written.
    pub output: String,
    /// How long the snippet ran, in milliseconds.
    pub duration_ms: u64,
    /// Present when the snippet raised; the claims it did not reach are `skipped`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error: Option<SnippetError>,
    /// Set when the snippet's evidence could not be read, or a claim's evidence did not have
    /// the shape its judge expects: a defect of the demo, reported as those claims being
    /// `skipped` (each with `evidence_error`) and the demo as failed. Serialised only when set.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub unreadable_evidence: bool,
}

impl Report {
    /// A demo failed when its snippet raised or a claim's evidence could not be read.
    pub fn failed(&self) -> bool {
        self.error.is_some() || self.unreadable_evidence
    }
}

/// What one `# %%` section of a snippet did when the demo ran it, section by section: the
/// report's slides show it. Not part of the JSON report, whose `output` is all of it.
#[derive(Debug, Clone, PartialEq)]
pub struct SectionRun {
    /// What an audience reads above it (`Section::heading`): its title, "Predict: …", "Set-up".
    pub heading: String,
    /// The 1-based line of its first line (its marker) in the snippet.
    pub first_line: usize,
    /// Its lines as an audience sees them (`Section::display_lines`), numbered as in the file.
    pub lines: Vec<(usize, String)>,
    /// A quiz item's multiple-choice answers, in order; empty otherwise.
    pub choices: Vec<String>,
    /// What it printed, stdout and stderr interleaved as written.
    pub output: String,
    /// The `EVIDENCE` keys it added or changed, sorted: the claims it recorded.
    pub evidence_keys: Vec<String>,
    pub duration: std::time::Duration,
}

impl SectionRun {
    /// `section`, one of `total`, before it runs: no output nor evidence yet.
    pub fn of(section: &Section<'_>, total: usize) -> SectionRun {
        let choices = match &section.kind {
            SectionKind::Quiz { choices, .. } => {
                choices.iter().map(|&choice| choice.to_owned()).collect()
            }
            SectionKind::Story => Vec::new(),
        };
        SectionRun {
            heading: section.heading(total),
            first_line: section.first_line,
            lines: section
                .display_lines()
                .into_iter()
                .map(|(number, line)| (number, line.to_owned()))
                .collect(),
            choices,
            output: String::new(),
            evidence_keys: Vec::new(),
            duration: std::time::Duration::ZERO,
        }
    }
}

/// The keys of `after` (an `EVIDENCE` dict as data) that are not in `before` or hold another
/// value there, sorted.
pub fn changed_keys(before: &Value, after: &Value) -> Vec<String> {
    let Some(after) = after.as_object() else {
        return Vec::new();
    };
    after
        .iter()
        .filter(|(key, value)| before.get(key.as_str()) != Some(*value))
        .map(|(key, _)| key.clone())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn changed_keys_are_the_new_and_the_changed_ones() {
        let before = json!({"kept": 1, "changed": [1]});
        let after = json!({"new": {}, "kept": 1, "changed": [1, 2]});
        assert_eq!(changed_keys(&before, &after), ["changed", "new"]);
        assert!(changed_keys(&after, &after).is_empty());
        assert_eq!(changed_keys(&json!(null), &json!({"a": 0})), ["a"]);
    }
}
