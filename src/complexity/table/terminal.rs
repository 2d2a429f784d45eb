//! The table on a terminal: a line per row as soon as it is measured, grouped by container, the
//! verdicts coloured, the rows beyond the wiki's table marked; then the tally, why each row that
//! is not confirmed is not, and with `--runs` the stability of every row. Progress goes to
//! stderr, on a terminal only.

use std::io::{self, Write};
use std::time::Duration;

use super::judge::Judged;
use super::rows::{Container, Row, Timing};
use super::runs::Stability;
use crate::numbers::{format_ns, plural};
use crate::output::render::Style;
use crate::report::{PythonIdentity, Verdict};

/// Explanations wrap here, as the demos' do.
const WRAP_WIDTH: usize = 78;
/// The marks of a row beyond the wiki's table and of an amortised one.
const BEYOND: &str = "★";
const AMORTISED: &str = "ᵃ";

/// The widths of the columns, from the rows to be shown.
#[derive(Debug, Clone, Copy)]
pub struct Columns {
    operation: usize,
    documented: usize,
}

impl Columns {
    pub fn for_rows(rows: &[&Row]) -> Columns {
        let width = |text: &str| text.chars().count();
        Columns {
            operation: rows
                .iter()
                .map(|row| width(row.operation) + 2)
                .max()
                .unwrap_or(20),
            documented: rows
                .iter()
                .map(|row| width(row.documented))
                .max()
                .unwrap_or(5)
                .max(5),
        }
    }
}

/// `text` padded with spaces to `width` characters (not bytes: `★`, `…`, `²` are one each).
fn pad(text: &str, width: usize) -> String {
    let count = text.chars().count();
    format!("{text}{}", " ".repeat(width.saturating_sub(count)))
}

/// The title and the column headings.
pub fn header(
    out: &mut impl Write,
    style: Style,
    python: &PythonIdentity,
    columns: Columns,
    quick: bool,
) -> io::Result<()> {
    let title = format!(
        "The time-complexity table, measured on CPython {}{}",
        python.label(),
        if quick { " (--quick: fewer sizes)" } else { "" }
    );
    writeln!(out, "{}", style.bold(&title))?;
    writeln!(out, "{}", style.dim(&"─".repeat(title.chars().count())))?;
    let headings = format!(
        "    {} {} {} {:>5}  {}  {:>5}  {} {} big_O",
        pad("operation", columns.operation),
        pad("table", columns.documented),
        pad("measured", 12),
        "slope",
        pad("95% CI", 11),
        "R²",
        pad("constant", 16),
        pad("verdict", 13),
    );
    writeln!(out, "{}", style.dim(&headings))?;
    out.flush()
}

/// The heading of a container's group.
pub fn group(out: &mut impl Write, style: Style, container: Container) -> io::Result<()> {
    writeln!(out, "  {}", style.bold(container.title()))
}

/// "0.52 ns/elem", "38.2 ns/op", "12.3 ns·log n"
fn constant(judged: &Judged) -> String {
    let Some(fitted) = &judged.fitted else {
        return String::new();
    };
    let unit = match fitted.unit.as_str() {
        "ns per operation" => "/op".to_owned(),
        "ns per element" => "/elem".to_owned(),
        other => other.trim_start_matches("ns × ").to_owned(),
    };
    let separator = if unit.starts_with('/') { "" } else { "·" };
    format!("{}{separator}{unit}", format_ns(fitted.ns_per_op))
}

/// One row's line.
pub fn row(
    out: &mut impl Write,
    style: Style,
    columns: Columns,
    row: &Row,
    judged: &Judged,
) -> io::Result<()> {
    let marker = if row.beyond_the_table {
        style.paint("33", BEYOND)
    } else {
        " ".to_owned()
    };
    let mut operation = row.operation.to_owned();
    if row.timing == Timing::Amortised {
        operation.push_str(AMORTISED);
    }
    let (measured, slope, interval, r2) = match &judged.fitted {
        Some(fitted) => (
            fitted.class.clone(),
            format!("{:.2}", fitted.slope),
            format!("{:.2}…{:.2}", fitted.slope_ci[0], fitted.slope_ci[1]),
            format!("{:.3}", fitted.r2),
        ),
        None => ("—".to_owned(), String::new(), String::new(), String::new()),
    };
    let big_o = match &judged.big_o {
        Some(side) => match (&side.class, side.agrees) {
            (Some(class), Some(false)) => style.paint("31", class),
            (Some(class), _) => class.clone(),
            (None, _) if side.answer.skipped.is_some() => String::new(),
            (None, _) => style.paint("31", "crashed"),
        },
        None => String::new(),
    };
    writeln!(
        out,
        "  {marker} {} {} {} {slope:>5}  {}  {r2:>5}  {} {} {big_o}",
        pad(&operation, columns.operation),
        pad(row.documented, columns.documented),
        pad(&measured, 12),
        pad(&interval, 11),
        pad(&constant(judged), 16),
        style.verdict(judged.verdict),
    )?;
    out.flush()
}

/// After the table: the tally, the legend, and why each row that is not confirmed is not.
pub fn closing(
    out: &mut impl Write,
    style: Style,
    judged: &[Judged],
    elapsed: Duration,
) -> io::Result<()> {
    let counts: Vec<String> = crate::report::Verdict::ALL
        .iter()
        .filter_map(|verdict| {
            let count = judged.iter().filter(|j| j.verdict == *verdict).count();
            (count > 0).then(|| format!("{count} {}", verdict.as_str()))
        })
        .collect();
    writeln!(out)?;
    writeln!(
        out,
        "{} in {:.1} s: {}",
        plural(judged.len() as u64, "row"),
        elapsed.as_secs_f64(),
        counts.join(", ")
    )?;
    let big_o_skip = judged
        .iter()
        .find_map(|j| j.big_o.as_ref()?.answer.skipped.clone());
    let legend = [
        format!("{BEYOND} beyond the wiki's table"),
        format!("{AMORTISED} amortised: the total time of n operations from empty, ÷ n"),
        "measured: the class whose band holds the slope's whole 95% interval".to_owned(),
    ];
    writeln!(out, "{}", style.dim(&legend.join(" · ")))?;
    if let Some(why) = big_o_skip {
        writeln!(out, "{}", style.dim(&format!("big_O: {why}")))?;
    } else if let Some(note) = big_o_note(judged) {
        writeln!(out, "{}", style.dim(&note))?;
    }
    for row in judged.iter().filter(|j| j.verdict != Verdict::Confirmed) {
        writeln!(out)?;
        writeln!(out, "  {} {}", style.verdict(row.verdict), row.operation)?;
        for line in textwrap::wrap(&row.explanation, WRAP_WIDTH) {
            writeln!(out, "  {:13} {line}", "")?;
        }
    }
    out.flush()
}

/// How big_O was asked, and how often it failed: "big_O (fed the same medians, simplicity bias
/// 0; with its default it answered Constant for 40 of 44 rows) raised on 30 rows: IndexError: …
/// in Cubic's fit; its class is then from the other classes."
fn big_o_note(judged: &[Judged]) -> Option<String> {
    let answers: Vec<_> = judged
        .iter()
        .filter_map(|j| j.big_o.as_ref())
        .filter(|side| side.answer.skipped.is_none())
        .collect();
    if answers.is_empty() {
        return None;
    }
    let constant = answers
        .iter()
        .filter(|side| side.answer.default_class.as_deref() == Some("Constant"))
        .count();
    let mut note = format!(
        "big_O: fed the same medians with simplicity bias 0 (with its default bias it answered \
         Constant for {constant} of {} rows)",
        answers.len()
    );
    let crashed: Vec<_> = answers
        .iter()
        .filter(|side| side.answer.crashed.is_some())
        .collect();
    if let Some(first) = crashed.first() {
        note.push_str(&format!(
            "; its call raised on {} rows ({}, fitting {}), and its class is then the best of \
             the others",
            crashed.len(),
            first.answer.crashed.as_deref().unwrap_or_default(),
            first.answer.crashing_classes.join(", ")
        ));
    }
    Some(note)
}

/// With `--runs N`: which rows kept their class, and big_O beside.
pub fn stability(out: &mut impl Write, style: Style, stability: &Stability) -> io::Result<()> {
    writeln!(out)?;
    writeln!(
        out,
        "{}",
        style.bold(&format!(
            "Stability over {} runs: {} of {} rows never named two different classes",
            stability.runs,
            stability.stable(),
            stability.rows.len()
        ))
    )?;
    let ran = stability.big_o_ran();
    for row in &stability.rows {
        let mark = if row.stable {
            style.paint("32", "stable  ")
        } else {
            style.paint("1;31", "FLIPPED ")
        };
        let mut line = format!("  {mark} {:<30} {}", row.operation, row.classes.join(" "));
        if ran {
            let flip = if row.big_o_flipped {
                style.paint("31", " (flipped)")
            } else {
                String::new()
            };
            line.push_str(&format!("   big_O: {}{flip}", row.big_o.join(" ")));
        }
        writeln!(out, "{line}")?;
    }
    if ran {
        let (agreed, compared) = stability.big_o_agreement();
        writeln!(
            out,
            "big_O, fed the same medians: agreed with the class named in {agreed} of \
             {compared} row-runs where both named one; flipped between classes on {} of {} \
             rows.",
            stability.big_o_flips(),
            stability.rows.len()
        )?;
    }
    out.flush()
}

/// "measuring list.pop(0) (4/44)…" on stderr, replaced by the next and erased at the end (also
/// when Ctrl-C unwinds the run): on a terminal only.
pub struct Progress {
    enabled: bool,
    shown: bool,
}

impl Progress {
    pub fn new(enabled: bool) -> Progress {
        Progress {
            enabled,
            shown: false,
        }
    }

    pub fn show(&mut self, style: Style, text: &str) {
        if self.enabled {
            // Best effort: progress that cannot be written is no reason to stop measuring.
            let mut err = io::stderr().lock();
            let _ = write!(err, "\r\x1b[K{}", style.dim(text));
            let _ = err.flush();
            self.shown = true;
        }
    }

    pub fn clear(&mut self) {
        if self.shown {
            let mut err = io::stderr().lock();
            let _ = write!(err, "\r\x1b[K");
            let _ = err.flush();
            self.shown = false;
        }
    }
}

impl Drop for Progress {
    fn drop(&mut self) {
        self.clear();
    }
}
