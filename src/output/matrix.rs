//! The verdict matrix of `demo --on`: a demo's claims down, its runs across (one column per
//! interpreter), each cell the verdict. A row whose verdicts differ is marked and followed by a
//! line saying why, quoting what each interpreter observed for that claim, or why the snippet
//! skipped it there.

use std::io::{self, Write};

use serde_json::Value;

use super::render::Style;
use crate::numbers::group_digits;
use crate::report::{Claim, Report, Verdict};

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
    /// Why the verdicts differ, quoting each run's observed values and the reason of a run
    /// whose snippet skipped the claim; `None` when they agree.
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
            let claims: Vec<Option<&Claim>> =
                runs.iter().map(|run| run.claims.get(index)).collect();
            let standings: Vec<Standing> = claims.iter().map(|claim| standing(*claim)).collect();
            let why = differ(&standings)
                .then(|| why_they_differ(&claims, &standings, &labels, &versions));
            Row {
                id: claim.id,
                verdicts: claims
                    .iter()
                    .map(|claim| claim.map(|c| c.verdict))
                    .collect(),
                why,
            }
        })
        .collect()
}

/// The line under a row whose runs differ: the values that differ between the runs that
/// observed something, then the reasons of those whose snippet skipped the claim.
fn why_they_differ(
    claims: &[Option<&Claim>],
    standings: &[Standing],
    labels: &[String],
    versions: &[&str],
) -> String {
    let observed: Vec<usize> = (0..claims.len())
        .filter(|&run| !matches!(standings[run], Standing::SkippedHere(_)))
        .collect();
    let values = (observed.len() > 1 && differ(&pick(standings, &observed))).then(|| {
        let evidence: Vec<&Value> = observed
            .iter()
            .map(|&run| claims[run].map_or(&Value::Null, |claim| &claim.evidence))
            .collect();
        let explanations: Vec<&str> = observed
            .iter()
            .map(|&run| claims[run].map_or("", |claim| claim.explanation.as_str()))
            .collect();
        why(
            &evidence,
            &explanations,
            &pick(labels, &observed),
            &pick(versions, &observed),
        )
    });
    match (values, skip_reasons(standings, labels)) {
        (Some(values), Some(skips)) => format!("{values} {skips}"),
        (Some(line), None) | (None, Some(line)) => line,
        (None, None) => DIFFER.to_owned(),
    }
}

/// The line under a row whose verdicts differ when no observed value says why.
const DIFFER: &str = "The verdicts differ; see each run's explanation above.";

/// What a run showed of a claim, as the matrix compares runs.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Standing<'a> {
    /// A verdict from evidence: confirmed, refuted, nuanced or inconclusive.
    Judged(Verdict),
    /// The snippet skipped the claim in this interpreter and said why (`{"skipped": reason}`):
    /// what the interpreter is or has ("this build has a GIL to begin with", no `adaptive`
    /// in its `dis`, no ctypes to read a count with). Beside a verdict from another
    /// interpreter, that is a difference between them, and the reason is quoted.
    SkippedHere(&'a str),
    /// Skipped for want of something besides the interpreter: the judge found no other runtime
    /// to compare with (not installed, left out with `--no-others`, or compared once in the
    /// embedded run and so left out of each `--on` run), the snippet's reason says what to
    /// install or that only the host has it (see [`WANTING`]), the snippet recorded nothing,
    /// or the evidence could not be read. What the claim is about was not looked at, so this
    /// is no difference beside any verdict: the run's own explanation says what is missing.
    Absent,
}

/// Words by which a snippet's reason says it skipped a claim for want of something a user adds
/// rather than for what the interpreter is: a package, tool or header files to install
/// ("not importable …; install it with …", "headers are not installed"), or the host's own
/// module, which no child run has ("exists only inside the pyconcepts program").
const WANTING: [&str; 3] = ["install", "not importable", "only inside"];

fn standing(claim: Option<&Claim>) -> Standing<'_> {
    let Some(claim) = claim else {
        return Standing::Absent;
    };
    if claim.verdict != Verdict::Skipped {
        return Standing::Judged(claim.verdict);
    }
    match claim.evidence.get("skipped").and_then(Value::as_str) {
        Some(reason) if !claim.evidence_error && !wants_an_extra(reason) => {
            Standing::SkippedHere(reason)
        }
        _ => Standing::Absent,
    }
}

fn wants_an_extra(reason: &str) -> bool {
    let reason = reason.to_lowercase();
    WANTING.iter().any(|words| reason.contains(words))
}

/// The items of `all` at `indices`, in their order.
fn pick<T: Clone>(all: &[T], indices: &[usize]) -> Vec<T> {
    indices.iter().map(|&index| all[index].clone()).collect()
}

/// "skipped on 3.11.7: this build has a GIL to begin with …": the reasons of the runs whose
/// snippet skipped the claim, one per reason with the interpreters that gave it.
fn skip_reasons(standings: &[Standing], labels: &[String]) -> Option<String> {
    let mut reasons: Vec<(&str, Vec<&str>)> = Vec::new();
    for (standing, label) in standings.iter().zip(labels) {
        if let Standing::SkippedHere(reason) = standing {
            let reason = reason.trim().trim_end_matches('.');
            match reasons.iter_mut().find(|(known, _)| *known == reason) {
                Some((_, on)) => on.push(label),
                None => reasons.push((reason, vec![label])),
            }
        }
    }
    let lines: Vec<String> = reasons
        .iter()
        .map(|(reason, on)| format!("skipped on {}: {reason}", on.join(" and ")))
        .collect();
    (!lines.is_empty()).then(|| format!("{}.", lines.join("; ")))
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

/// Whether a row's runs differ: two verdicts that are not the same, or a verdict beside a run
/// whose snippet skipped the claim (its evidence, the reason, is not what the other run
/// observed). A skip for want of something outside the interpreters is no difference.
fn differ(standings: &[Standing]) -> bool {
    let mut judged = standings.iter().filter_map(|standing| match standing {
        Standing::Judged(verdict) => Some(*verdict),
        _ => None,
    });
    let Some(first) = judged.next() else {
        return false;
    };
    judged.any(|verdict| verdict != first)
        || standings
            .iter()
            .any(|standing| matches!(standing, Standing::SkippedHere(_)))
}

/// "cached: true on 3.11.7, false on 3.13.15t; …": the observed values that differ
/// between the runs (plain leaves of the evidence, inside lists only where their items are
/// named, and there only the first item that differs: the others are alike), those that say
/// yes or no first, then the numbers the runs' explanations quote, then the other numbers,
/// those that differ most first, then short words other than the runs' own versions (which the
/// columns already name).
fn why(evidence: &[&Value], explanations: &[&str], labels: &[String], versions: &[&str]) -> String {
    let leaves: Vec<Vec<Leaf>> = evidence
        .iter()
        .map(|value| {
            let mut found = Vec::new();
            leaves_of(&Place::default(), value, &mut found);
            found
        })
        .collect();
    let mut shapes_seen: Vec<&str> = Vec::new();
    let mut differing: Vec<(u8, f64, &Leaf)> = leaves[0]
        .iter()
        .filter_map(|leaf| {
            let values: Vec<&Value> = leaves
                .iter()
                .map(|run| value_in(run, &leaf.path))
                .collect::<Option<_>>()?;
            if values.iter().all(|other| same(other, leaf.value)) {
                return None;
            }
            let rank = match leaf.value {
                Value::Bool(_) => (0, 0.0),
                Value::Number(_) => {
                    let quoted = values
                        .iter()
                        .zip(explanations)
                        .any(|(value, explanation)| quotes(explanation, value));
                    (if quoted { 1 } else { 2 }, -spread(&values))
                }
                Value::String(text) if text.len() <= 24 && !versions.contains(&text.as_str()) => {
                    (3, 0.0)
                }
                _ => return None,
            };
            if shapes_seen.contains(&leaf.shape.as_str()) {
                return None;
            }
            shapes_seen.push(&leaf.shape);
            Some((rank.0, rank.1, leaf))
        })
        .collect();
    // Top-level fields first: a run's headline values, not the details of one of its parts.
    differing.sort_by(|a, b| {
        a.0.cmp(&b.0)
            .then(a.2.depth.cmp(&b.2.depth))
            .then(a.1.total_cmp(&b.1))
    });
    if differing.is_empty() {
        return DIFFER.to_owned();
    }
    let quoted: Vec<String> = differing
        .iter()
        .take(QUOTED)
        .map(|(_, _, leaf)| {
            let values: Vec<String> = leaves
                .iter()
                .zip(labels)
                .map(|(run, label)| {
                    let value = value_in(run, &leaf.path).map_or("—".to_owned(), shown);
                    format!("{value} on {label}")
                })
                .collect();
            format!("{}: {}", leaf.path, values.join(", "))
        })
        .collect();
    format!("{}.", quoted.join("; "))
}

/// Whether `explanation` quotes the number `value`, as the judges write numbers: whole (its
/// thousands grouped with commas or not), to one, two or three decimals, or as a percentage.
fn quotes(explanation: &str, value: &Value) -> bool {
    let Some(x) = value.as_f64() else {
        return false;
    };
    if x == 0.0 {
        return false;
    }
    let written = [
        format!("{x:.0}"),
        group_digits(&format!("{x:.0}")),
        format!("{x:.1}"),
        format!("{x:.2}"),
        format!("{x:.3}"),
        format!("{:.0}%", x * 100.0),
    ];
    // Not part of a longer number: "1.83" is not in "11.83" nor "1,000" in "1,000,001".
    fn goes_on(mut chars: impl Iterator<Item = char>, before: bool) -> bool {
        match chars.next() {
            Some(c) if c.is_ascii_digit() || (before && c == '.') => true,
            Some(',' | '.') => chars.next().is_some_and(|c| c.is_ascii_digit()),
            _ => false,
        }
    }
    written.iter().any(|text| {
        explanation.match_indices(text.as_str()).any(|(at, _)| {
            !goes_on(explanation[..at].chars().rev(), true)
                && !goes_on(explanation[at + text.len()..].chars(), false)
        })
    })
}

/// The value at `path` in one run's leaves.
fn value_in<'a>(run: &[Leaf<'a>], path: &str) -> Option<&'a Value> {
    run.iter()
        .find(|leaf| leaf.path == path)
        .map(|leaf| leaf.value)
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

/// The fields that name an item of a list of objects, in the order they are tried. A list
/// whose items all have one of them, each a different string, holds named parts of a finding
/// (the runtimes compared, the objects looked at), and the same part is found in each run by
/// its name; any other list holds measurements of one run (rounds, samples, events), not a
/// finding to compare, and is not entered.
const NAMING_FIELDS: [&str; 5] = ["name", "id", "label", "key", "expression"];

/// A plain value of the evidence and where it is.
struct Leaf<'a> {
    /// `cores_used`, `python.speedup`, or `items[None].count` for the item of list `items`
    /// whose naming field is `"None"`.
    path: String,
    /// The path with the items' names left out (`items[].count`): the same field of any item.
    shape: String,
    /// How many objects and lists deep it lies.
    depth: usize,
    value: &'a Value,
}

/// Where `leaves_of` is: the path so far, the same without item names, and the depth.
#[derive(Default)]
struct Place {
    path: String,
    shape: String,
    depth: usize,
}

impl Place {
    fn field(&self, key: &str) -> Place {
        let join = |prefix: &str| {
            if prefix.is_empty() {
                key.to_owned()
            } else {
                format!("{prefix}.{key}")
            }
        };
        Place {
            path: join(&self.path),
            shape: join(&self.shape),
            depth: self.depth + 1,
        }
    }

    fn item(&self, name: &str) -> Place {
        Place {
            path: format!("{}[{name}]", self.path),
            shape: format!("{}[]", self.shape),
            depth: self.depth + 1,
        }
    }
}

/// The plain leaves of `value`, entering objects and the lists whose items are named (see
/// [`NAMING_FIELDS`]); the naming field itself is left out, the same in every run.
fn leaves_of<'a>(place: &Place, value: &'a Value, found: &mut Vec<Leaf<'a>>) {
    match value {
        Value::Object(fields) => {
            for (key, item) in fields {
                leaves_of(&place.field(key), item, found);
            }
        }
        Value::Array(items) => {
            let Some(naming) = naming_field(items) else {
                return;
            };
            for item in items {
                let (Some(fields), Some(name)) = (item.as_object(), item[naming].as_str()) else {
                    continue;
                };
                let place = place.item(name);
                for (key, field) in fields.iter().filter(|(key, _)| *key != naming) {
                    leaves_of(&place.field(key), field, found);
                }
            }
        }
        Value::Null => {}
        leaf => found.push(Leaf {
            path: place.path.clone(),
            shape: place.shape.clone(),
            depth: place.depth.saturating_sub(1),
            value: leaf,
        }),
    }
}

/// The field that names each item of `items`: the first of [`NAMING_FIELDS`] that every item
/// has as a string, a different one each.
fn naming_field(items: &[Value]) -> Option<&'static str> {
    NAMING_FIELDS.into_iter().find(|field| {
        let names: Option<Vec<&str>> = items.iter().map(|item| item[*field].as_str()).collect();
        names.is_some_and(|names| {
            !names.is_empty()
                && names
                    .iter()
                    .enumerate()
                    .all(|(at, name)| !names[..at].contains(name))
        })
    })
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

    use crate::export::tests::{claim, python, report};
    use crate::report::PythonIdentity;

    /// A run of a demo of three claims in `version` (free-threaded or not).
    fn run(version: &str, free_threaded: bool, claims: Vec<(Verdict, Value, &str)>) -> Report {
        let ids = ["kit.first", "kit.second", "kit.third"];
        let claims = claims
            .into_iter()
            .zip(ids)
            .map(|((verdict, evidence, explanation), id)| Claim {
                evidence,
                ..claim(id, verdict, explanation)
            })
            .collect();
        Report {
            python: PythonIdentity {
                version: version.into(),
                gil_enabled: !free_threaded,
                free_threaded,
                embedded: false,
                ..python()
            },
            ..report("kit", claims)
        }
    }

    #[test]
    fn two_verdicts_differ_and_a_skip_for_want_of_an_extra_does_not() {
        use Standing::*;
        use Verdict::*;
        assert!(!differ(&[Judged(Confirmed), Absent, Judged(Confirmed)]));
        assert!(differ(&[Judged(Confirmed), Judged(Refuted)]));
        assert!(!differ(&[Absent, Absent]));
        assert!(!differ(&[SkippedHere("no GIL"), Absent]));
        assert!(differ(&[SkippedHere("no GIL"), Judged(Confirmed)]));
        assert!(!differ(&[SkippedHere("no GIL"), SkippedHere("no GIL")]));
        let skipped = |reason: &str| Claim {
            verdict: Verdict::Skipped,
            evidence: json!({ "skipped": reason }),
            ..claim("kit.first", Verdict::Skipped, reason)
        };
        let here = skipped("this build has a GIL to begin with");
        assert_eq!(
            standing(Some(&here)),
            SkippedHere("this build has a GIL to begin with")
        );
        for wanting in [
            "Dask: dask.distributed is not importable; install it with: pip install dask",
            "no C compiler: install it with `apt-get install gcc`",
            "this interpreter's headers are not installed (no Python.h in /x)",
            "run by plain python3: the module exists only inside the pyconcepts program",
        ] {
            assert_eq!(standing(Some(&skipped(wanting))), Absent, "{wanting}");
        }
        let unreadable = Claim {
            evidence_error: true,
            ..skipped("this build has a GIL to begin with")
        };
        assert_eq!(standing(Some(&unreadable)), Absent);
        assert_eq!(standing(None), Absent);
    }

    #[test]
    fn a_skip_the_snippet_made_beside_a_verdict_is_marked_and_its_reason_quoted() {
        let gil_reason = "this build has a GIL to begin with: nothing to turn back on";
        let classic = run(
            "3.11.7",
            false,
            vec![
                (Verdict::Skipped, json!({"skipped": gil_reason}), gil_reason),
                // The judge found no other runtime: no difference.
                (
                    Verdict::Skipped,
                    json!({"others": 0, "ran": []}),
                    "Nothing to compare",
                ),
                (
                    Verdict::Skipped,
                    json!({"skipped": "not here."}),
                    "not here",
                ),
            ],
        );
        let free = run(
            "3.13.15",
            true,
            vec![
                (Verdict::Confirmed, json!({"turned_on": true}), "it did"),
                (
                    Verdict::Confirmed,
                    json!({"others": 2, "ran": ["a", "b"]}),
                    "compared",
                ),
                (
                    Verdict::Skipped,
                    json!({"skipped": "not here."}),
                    "not here",
                ),
            ],
        );
        let other_free = run(
            "3.14.0",
            true,
            vec![
                (Verdict::Refuted, json!({"turned_on": false}), "it did not"),
                (
                    Verdict::Refuted,
                    json!({"others": 2, "ran": ["a", "b"]}),
                    "compared",
                ),
                (Verdict::Confirmed, json!({"here": true}), "here"),
            ],
        );
        let rows = rows(&[classic.clone(), free.clone()]);
        assert_eq!(
            rows[0].why.as_deref(),
            Some("skipped on 3.11.7: this build has a GIL to begin with: nothing to turn back on.")
        );
        assert_eq!(rows[1].why, None);
        assert_eq!(rows[2].why, None, "skipped alike on both");
        // With the definite verdicts differing too, their values come first.
        let rows = super::rows(&[classic, free, other_free]);
        assert_eq!(
            rows[0].why.as_deref(),
            Some(
                "turned_on: true on 3.13.15t, false on 3.14.0t. skipped on 3.11.7: this build \
                 has a GIL to begin with: nothing to turn back on."
            )
        );
        // A run skipped for want of another runtime still shows what it observed.
        assert_eq!(
            rows[1].why.as_deref(),
            Some("others: 0 on 3.11.7, 2 on 3.13.15t, 2 on 3.14.0t.")
        );
        assert_eq!(
            rows[2].why.as_deref(),
            Some("skipped on 3.11.7 and 3.13.15t: not here.")
        );
    }

    #[test]
    fn the_named_items_of_a_list_are_compared_item_by_item() {
        let explanation = |count: &str| format!("the count of nothing read {count}");
        let old = json!({"items": [
            {"label": "nothing", "count": 6224, "pinned": false, "samples": [1, 2]},
            {"label": "truth", "count": 580, "pinned": false, "samples": [3]}],
            "rounds": [{"took": 1.0}, {"took": 2.0}], "steps": 7});
        let new = json!({"items": [
            {"label": "nothing", "count": 4294967295u64, "pinned": true, "samples": [1]},
            {"label": "truth", "count": 4294967295u64, "pinned": true, "samples": [3]}],
            "rounds": [{"took": 5.0}], "steps": 7});
        let line = why(
            &[&old, &new],
            &[&explanation("6,224"), &explanation("4,294,967,295")],
            &["3.11.7".into(), "3.13.15".into()],
            &[],
        );
        // The first item that differs stands for its list; unnamed lists are not entered.
        assert_eq!(
            line,
            "items[nothing].pinned: false on 3.11.7, true on 3.13.15; items[nothing].count: \
             6224 on 3.11.7, 4294967295 on 3.13.15."
        );
        let mut found = Vec::new();
        leaves_of(&Place::default(), &old, &mut found);
        let paths: Vec<(&str, &str, usize)> = found
            .iter()
            .map(|leaf| (leaf.path.as_str(), leaf.shape.as_str(), leaf.depth))
            .collect();
        assert_eq!(
            paths,
            [
                ("items[nothing].count", "items[].count", 2),
                ("items[nothing].pinned", "items[].pinned", 2),
                ("items[truth].count", "items[].count", 2),
                ("items[truth].pinned", "items[].pinned", 2),
                ("steps", "steps", 0),
            ]
        );
        // A list whose items share a name, or lack one, is not entered.
        assert_eq!(
            naming_field(&[json!({"name": "a"}), json!({"name": "a"})]),
            None
        );
        assert_eq!(
            naming_field(&[json!({"name": "a"}), json!({"id": "b"})]),
            None
        );
        assert_eq!(
            naming_field(&[json!({"id": 1, "key": "a"}), json!({"id": 2, "key": "b"})]),
            Some("key")
        );
        assert!(quotes("read 4,294,967,295 then", &json!(4294967295u64)));
        assert!(!quotes("read 1,000,001,165", &json!(1000)));
        assert!(!quotes("read 11,000", &json!(1000)));
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
        let two_runs = |first: &Value, second: &Value| {
            why(&[first, second], &["", ""], &labels, &["3.11.7", "3.13.15"])
        };
        let line = two_runs(&classic, &free);
        assert_eq!(
            line,
            "cached: true on 3.11.7, false on 3.13.15t; speedup: 1.00 on 3.11.7, \
             1.94 on 3.13.15t."
        );
        // The numbers that differ most come first; the versions are the columns' own.
        let line = two_runs(&classic_more, &free_more);
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
