//! The verdict matrix of `demo --on`: a demo's claims down, its runs across (one column per
//! interpreter), each cell the verdict. A row whose definite verdicts differ is marked and
//! followed by a line saying why, quoting what each interpreter observed for that claim.

use std::io::{self, Write};

use serde_json::Value;

use super::render::Style;
use crate::report::{Report, Verdict};

/// How many observed values a "why" line quotes at most.
const QUOTED: usize = 3;

/// The width of a "why" line, as the explanations are wrapped.
const WRAP_WIDTH: usize = 74;

/// The width of a column: a verdict, or an interpreter's label.
const COLUMN: usize = 13;

/// One claim across the runs of a demo.
pub struct Row {
    pub id: &'static str,
    /// The claim's verdict in each run, in the runs' order (`None` where a run lacks the claim).
    pub verdicts: Vec<Option<Verdict>>,
    /// Why the definite verdicts differ, quoting each run's observed values; `None` when they
    /// agree.
    pub why: Option<String>,
}

/// The matrix of the runs of one demo, a row per claim of the first run.
pub fn rows(runs: &[Report]) -> Vec<Row> {
    let Some(first) = runs.first() else {
        return Vec::new();
    };
    let labels: Vec<String> = runs.iter().map(|run| run.python.label()).collect();
    let versions: Vec<&str> = runs.iter().map(|run| run.python.version.as_str()).collect();
    first
        .claims
        .iter()
        .enumerate()
        .map(|(index, claim)| {
            let verdicts: Vec<Option<Verdict>> = runs
                .iter()
                .map(|run| run.claims.get(index).map(|claim| claim.verdict))
                .collect();
            let why = differ(&verdicts).then(|| {
                let evidence: Vec<&Value> = runs
                    .iter()
                    .map(|run| {
                        run.claims
                            .get(index)
                            .map_or(&Value::Null, |claim| &claim.evidence)
                    })
                    .collect();
                let explanations: Vec<&str> = runs
                    .iter()
                    .map(|run| {
                        run.claims
                            .get(index)
                            .map_or("", |claim| claim.explanation.as_str())
                    })
                    .collect();
                why(&evidence, &explanations, &labels, &versions)
            });
            Row {
                id: claim.id,
                verdicts,
                why,
            }
        })
        .collect()
}

/// Prints the matrix of the runs of one demo (`runs[0]` the embedded one).
pub fn show(out: &mut impl Write, style: Style, runs: &[Report]) -> io::Result<()> {
    let Some(first) = runs.first() else {
        return Ok(());
    };
    let labels: Vec<String> = runs.iter().map(|run| run.python.label()).collect();
    let id_width = first
        .claims
        .iter()
        .map(|claim| claim.id.len())
        .max()
        .unwrap_or(0)
        + 2;
    writeln!(out)?;
    writeln!(
        out,
        "{}",
        style.dim(&format!("Verdicts across interpreters — {}", first.demo))
    )?;
    let header: String = labels
        .iter()
        .map(|label| format!("{label:<COLUMN$}"))
        .collect();
    writeln!(out, "    {:<id_width$}{}", "", style.bold(&header))?;
    for row in rows(runs) {
        let cells: String = row
            .verdicts
            .iter()
            .map(|verdict| match verdict {
                Some(verdict) => style.verdict(*verdict),
                None => format!("{:<COLUMN$}", "—"),
            })
            .collect();
        let mark = if row.why.is_some() {
            style.bold("≠")
        } else {
            " ".to_owned()
        };
        writeln!(out, "  {mark} {:<id_width$}{cells}", row.id)?;
        for line in row
            .why
            .iter()
            .flat_map(|why| textwrap::wrap(why, WRAP_WIDTH))
        {
            writeln!(out, "      {}", style.dim(&line))?;
        }
    }
    out.flush()
}

/// The runs of one demo that start at `reports[index]`: an embedded run and the `--on` runs
/// after it, when there are any.
pub fn runs_from(reports: &[Report], index: usize) -> Option<&[Report]> {
    let first = reports.get(index)?;
    if !first.python.embedded {
        return None;
    }
    let others = reports[index + 1..]
        .iter()
        .take_while(|run| !run.python.embedded && run.demo == first.demo)
        .count();
    (others > 0).then(|| &reports[index..=index + others])
}

/// Whether the definite verdicts of a row differ: a claim skipped in one run (its runtime not
/// there, say) is no difference in what the interpreters showed.
fn differ(verdicts: &[Option<Verdict>]) -> bool {
    let mut definite = verdicts
        .iter()
        .flatten()
        .filter(|verdict| **verdict != Verdict::Skipped);
    match definite.next() {
        Some(first) => definite.any(|verdict| verdict != first),
        None => false,
    }
}

/// "cached: true on 3.11.7, false on 3.13.15t; …": the observed values (plain leaves of
/// the evidence, not inside lists) that differ between the runs: those that say yes or no
/// first, then the numbers the runs' explanations quote, then the other numbers, those that
/// differ most first, then short words other than the runs' own versions (which the columns
/// already name).
fn why(evidence: &[&Value], explanations: &[&str], labels: &[String], versions: &[&str]) -> String {
    let leaves: Vec<Vec<(String, &Value)>> = evidence
        .iter()
        .map(|value| {
            let mut found = Vec::new();
            leaves_of("", value, &mut found);
            found
        })
        .collect();
    let mut differing: Vec<(u8, f64, &str)> = leaves[0]
        .iter()
        .filter_map(|(path, value)| {
            let values: Vec<&Value> = leaves
                .iter()
                .map(|run| value_in(run, path))
                .collect::<Option<_>>()?;
            if values.iter().all(|other| same(other, value)) {
                return None;
            }
            match value {
                Value::Bool(_) => Some((0, 0.0, path.as_str())),
                Value::Number(_) => {
                    let quoted = values
                        .iter()
                        .zip(explanations)
                        .any(|(value, explanation)| quotes(explanation, value));
                    Some((if quoted { 1 } else { 2 }, -spread(&values), path.as_str()))
                }
                Value::String(text) if text.len() <= 24 && !versions.contains(&text.as_str()) => {
                    Some((3, 0.0, path.as_str()))
                }
                _ => None,
            }
        })
        .collect();
    // Top-level fields first: a run's headline values, not the details of one of its parts.
    let depth = |path: &str| path.matches('.').count();
    differing.sort_by(|a, b| {
        a.0.cmp(&b.0)
            .then(depth(a.2).cmp(&depth(b.2)))
            .then(a.1.total_cmp(&b.1))
    });
    if differing.is_empty() {
        return "The verdicts differ; see each run's explanation above.".to_owned();
    }
    let quoted: Vec<String> = differing
        .iter()
        .take(QUOTED)
        .map(|(_, _, path)| {
            let values: Vec<String> = leaves
                .iter()
                .zip(labels)
                .map(|(run, label)| {
                    let value = value_in(run, path).map_or("—".to_owned(), shown);
                    format!("{value} on {label}")
                })
                .collect();
            format!("{path}: {}", values.join(", "))
        })
        .collect();
    format!("{}.", quoted.join("; "))
}

/// Whether `explanation` quotes the number `value`, as the judges write numbers: whole, to one,
/// two or three decimals, or as a percentage.
fn quotes(explanation: &str, value: &Value) -> bool {
    let Some(x) = value.as_f64() else {
        return false;
    };
    if x == 0.0 {
        return false;
    }
    let written = [
        format!("{x:.0}"),
        format!("{x:.1}"),
        format!("{x:.2}"),
        format!("{x:.3}"),
        format!("{:.0}%", x * 100.0),
    ];
    let is_number_char = |c: char| c.is_ascii_digit() || c == '.';
    written.iter().any(|text| {
        explanation.match_indices(text.as_str()).any(|(at, _)| {
            let before = explanation[..at].chars().next_back();
            let after = explanation[at + text.len()..].chars().next();
            !before.is_some_and(is_number_char) && !after.is_some_and(|c| c.is_ascii_digit())
        })
    })
}

/// The value at `path` in one run's leaves.
fn value_in<'a>(run: &[(String, &'a Value)], path: &str) -> Option<&'a Value> {
    run.iter()
        .find(|(other, _)| other == path)
        .map(|(_, value)| *value)
}

/// How far apart numbers are: the largest over the smallest magnitude (1 for equal ones).
fn spread(values: &[&Value]) -> f64 {
    let magnitudes: Vec<f64> = values
        .iter()
        .filter_map(|v| v.as_f64())
        .map(f64::abs)
        .collect();
    let largest = magnitudes.iter().copied().fold(0.0, f64::max);
    let smallest = magnitudes.iter().copied().fold(f64::INFINITY, f64::min);
    if largest == 0.0 {
        1.0
    } else {
        largest / smallest.max(largest * 1e-6)
    }
}

/// The plain leaves of `value` with their dotted paths; lists are not entered (their items are
/// measurements of one run, not a finding to compare).
fn leaves_of<'a>(prefix: &str, value: &'a Value, found: &mut Vec<(String, &'a Value)>) {
    match value {
        Value::Object(fields) => {
            for (key, item) in fields {
                let path = if prefix.is_empty() {
                    key.clone()
                } else {
                    format!("{prefix}.{key}")
                };
                leaves_of(&path, item, found);
            }
        }
        Value::Array(_) | Value::Null => {}
        leaf => found.push((prefix.to_owned(), leaf)),
    }
}

/// Numbers within 1 % of each other are the same finding; measurements are never exact.
fn same(a: &Value, b: &Value) -> bool {
    match (a.as_f64(), b.as_f64()) {
        (Some(x), Some(y)) => (x - y).abs() <= 0.01 * x.abs().max(y.abs()),
        _ => a == b,
    }
}

/// A value as quoted: whole numbers as they are, others to three significant figures.
fn shown(value: &Value) -> String {
    match value {
        Value::Number(number) if number.is_f64() => {
            let x = number.as_f64().unwrap_or(0.0);
            if x == 0.0 || !x.is_finite() {
                return x.to_string();
            }
            let magnitude = x.abs().log10().floor() as i32;
            let decimals = usize::try_from(2 - magnitude).unwrap_or(0);
            format!("{x:.decimals$}")
        }
        Value::String(text) => format!("{text:?}"),
        other => other.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn a_skip_beside_a_verdict_is_no_difference_and_two_verdicts_are() {
        use Verdict::*;
        assert!(!differ(&[Some(Confirmed), Some(Skipped), Some(Confirmed)]));
        assert!(differ(&[Some(Confirmed), Some(Refuted)]));
        assert!(!differ(&[Some(Skipped), Some(Skipped)]));
        assert!(!differ(&[Some(Confirmed), None]));
    }

    #[test]
    fn the_why_line_quotes_what_differs_yes_or_no_first() {
        let classic = json!({"cached": true, "speedup": 1.004, "version": "3.11.7",
                             "rounds": [1, 2], "workers": 2});
        let free = json!({"cached": false, "speedup": 1.94, "version": "3.13.15",
                          "rounds": [3], "workers": 2});
        let classic_more = json!({"cached": true, "speedup": 1.004, "version": "3.11.7",
                                  "misses": 0.9, "policy": "lru"});
        let free_more = json!({"cached": false, "speedup": 1.94, "version": "3.13.15",
                               "misses": 0.85, "policy": "fifo"});
        let labels = ["3.11.7".to_owned(), "3.13.15t".to_owned()];
        let line = why(
            &[&classic, &free],
            &["", ""],
            &labels,
            &["3.11.7", "3.13.15"],
        );
        assert_eq!(
            line,
            "cached: true on 3.11.7, false on 3.13.15t; speedup: 1.00 on 3.11.7, \
             1.94 on 3.13.15t."
        );
        // The numbers that differ most come first; the versions are the columns' own.
        let line = why(
            &[&classic_more, &free_more],
            &["", ""],
            &labels,
            &["3.11.7", "3.13.15"],
        );
        assert_eq!(
            line,
            "cached: true on 3.11.7, false on 3.13.15t; speedup: 1.00 on 3.11.7, \
             1.94 on 3.13.15t; misses: 0.900 on 3.11.7, 0.850 on 3.13.15t."
        );
    }

    #[test]
    fn the_numbers_the_explanations_quote_come_before_the_others() {
        let classic = json!({"miss_rate": 0.49, "speedup": 1.004});
        let free = json!({"miss_rate": 0.007, "speedup": 1.94});
        let explanations = ["speedup 1.00, missed 49%", "speedup 1.94"];
        let labels = ["3.11.7".to_owned(), "3.13.15t".to_owned()];
        let line = why(&[&classic, &free], &explanations, &labels, &[]);
        assert!(line.starts_with("miss_rate: 0.490 on 3.11.7"), "{line}");
        let explanations = ["speedup 1.00", "speedup 1.94"];
        let line = why(&[&classic, &free], &explanations, &labels, &[]);
        assert!(
            line.starts_with("speedup: 1.00 on 3.11.7, 1.94 on 3.13.15t"),
            "{line}"
        );
        assert!(quotes("speedup 1.82, cores used 1.83", &json!(1.8251)));
        assert!(!quotes("took 11.83 s", &json!(1.83)));
        assert!(quotes("lost 24% of them", &json!(0.241)));
        assert_eq!(shown(&json!(0.008838)), "0.00884");
        assert_eq!(shown(&json!(5.1114)), "5.11");
        assert_eq!(shown(&json!(1234.56)), "1235");
        assert_eq!(shown(&json!(4294967295u64)), "4294967295");
    }

    #[test]
    fn values_within_a_percent_are_the_same_finding() {
        let a = json!({"speedup": 1.000, "nested": {"ok": true}});
        let b = json!({"speedup": 1.005, "nested": {"ok": true}});
        assert_eq!(
            why(&[&a, &b], &["", ""], &["a".into(), "b".into()], &[]),
            "The verdicts differ; see each run's explanation above."
        );
    }
}
