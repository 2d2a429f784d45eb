//! `complexity --report FILE`: the table as a page to keep, with a log-log chart per row (the
//! medians and the fitted class), as one self-contained HTML file or as Markdown with its charts
//! in SVG files beside it. The charts are drawn by the demo reports' own SVG code.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use anyhow::Context as _;

use super::evidence::Measured;
use super::judge::Judged;
use super::rows::{Row, ROWS};
use super::runs::Stability;
use crate::complexity::Class;
use crate::export::{self, charts, html_text::escape, Format};
use crate::figures::{Curve, Figure, FittedLine, LogLog, Plot, Tone};
use crate::report::{PythonIdentity, Verdict};

/// What the report says about the run besides its rows.
pub struct Context<'a> {
    pub python: &'a PythonIdentity,
    /// "2026-05-09 14:03 UTC".
    pub date: String,
    pub quick: bool,
    pub seconds: f64,
    /// With `--runs N`, what the runs showed (the rows shown are the last run's).
    pub stability: Option<&'a Stability>,
}

/// A row's chart: its medians as points and its class's line, as SVG; or why there is none.
fn chart(row: &Row, judged: &Judged) -> Result<String, String> {
    let measured = judged.measured.as_ref().ok_or("nothing was measured")?;
    let fitted = judged.fitted.as_ref().ok_or("nothing was fitted")?;
    let points: Vec<(f64, f64)> = measured
        .sizes
        .iter()
        .copied()
        .zip(measured.ns_per_op.iter().copied())
        .collect();
    let (Some(&(from, _)), Some(&(to, _))) = (points.first(), points.last()) else {
        return Err("no sizes were measured".to_owned());
    };
    let class = judged
        .class
        .or_else(|| {
            Class::ALL
                .into_iter()
                .find(|c| row.class_label(*c) == fitted.best_fit)
        })
        .unwrap_or(row.class);
    let constant = fitted.ns_per_op;
    let tone = match judged.verdict {
        Verdict::Confirmed => Tone::Green,
        Verdict::Refuted => Tone::Red,
        _ => Tone::Blue,
    };
    let plot = LogLog {
        title: row.operation.to_owned(),
        x_label: format!("{}, logarithmic", row.size),
        y_label: "time per operation".to_owned(),
        curves: vec![Curve {
            label: format!(
                "{}: {} (slope {:.2})",
                judged.verdict.as_str(),
                fitted.class,
                fitted.slope
            ),
            tone,
            points,
            fitted: Some(FittedLine {
                from,
                to,
                at: Box::new(move |n| constant * class.shape(n)),
            }),
        }],
    };
    let figure = Figure {
        name: "complexity-row",
        caption: String::new(),
        plot: Plot::LogLog(plot),
    };
    let drawn = charts::draw(&[Some(Ok(figure))]);
    match (
        drawn.drawn.into_iter().next(),
        drawn.left_out.into_iter().next(),
    ) {
        (Some(chart), _) => Ok(chart.svg),
        (None, Some(why)) => Err(why),
        (None, None) => Err("the chart could not be drawn".to_owned()),
    }
}

/// The row of the table a judged row belongs to.
fn row_of(judged: &Judged) -> &'static Row {
    ROWS.iter()
        .find(|row| row.operation == judged.operation)
        .expect("judged rows come from the table")
}

/// `list.copy()` → `list-copy`: for the charts' file names and anchors.
fn slug(operation: &str) -> String {
    let mut slug = String::new();
    for c in operation.chars() {
        if c.is_ascii_alphanumeric() {
            slug.push(c.to_ascii_lowercase());
        } else if !slug.ends_with('-') {
            slug.push('-');
        }
    }
    slug.trim_matches('-').to_owned()
}

/// The id of the `index`th row's section: numbered, as `s | t` and `s - t` share a slug.
fn anchor(index: usize, operation: &str) -> String {
    format!("row-{:02}-{}", index + 1, slug(operation))
}

fn summary(context: &Context<'_>, judged: &[Judged]) -> String {
    let counts: Vec<String> = Verdict::ALL
        .iter()
        .filter_map(|verdict| {
            let count = judged.iter().filter(|j| j.verdict == *verdict).count();
            (count > 0).then(|| format!("{count} {}", verdict.as_str()))
        })
        .collect();
    format!(
        "{} rows measured on CPython {} in {:.1} s{}: {}.",
        judged.len(),
        context.python.label(),
        context.seconds,
        if context.quick { " (--quick)" } else { "" },
        counts.join(", ")
    )
}

fn stability_lines(stability: &Stability) -> (String, Vec<String>) {
    let title = format!(
        "Stability over {} runs: {} of {} rows never named two different classes.",
        stability.runs,
        stability.stable(),
        stability.rows.len()
    );
    let mut lines = Vec::new();
    if stability.big_o_ran() {
        let (agreed, compared) = stability.big_o_agreement();
        lines.push(format!(
            "big_O, fed the same medians, agreed with the class named in {agreed} of {compared} \
             row-runs where both named one, and flipped between classes on {} of {} rows.",
            stability.big_o_flips(),
            stability.rows.len()
        ));
    }
    for row in &stability.rows {
        lines.push(format!(
            "{} — {}: {}{}",
            row.operation,
            if row.stable { "stable" } else { "FLIPPED" },
            row.classes.join(", "),
            if stability.big_o_ran() {
                format!("; big_O: {}", row.big_o.join(", "))
            } else {
                String::new()
            }
        ));
    }
    (title, lines)
}

/// The cells of a row's line in the table that both formats show alike, as plain text: each
/// format escapes them its own way. Empty where nothing was fitted or big_O named nothing.
struct Cells {
    /// " ★" for a row beyond the wiki's table.
    star: &'static str,
    measured: String,
    slope: String,
    r2: String,
    constant: String,
    big_o: String,
}

impl Cells {
    fn of(row: &Judged) -> Cells {
        let fitted = row.fitted.as_ref();
        Cells {
            star: if row.beyond_the_table { " ★" } else { "" },
            measured: fitted.map_or_else(String::new, |f| f.class.clone()),
            slope: fitted.map_or_else(String::new, |f| {
                format!("{:.2} ({:.2}…{:.2})", f.slope, f.slope_ci[0], f.slope_ci[1])
            }),
            r2: fitted.map_or_else(String::new, |f| format!("{:.3}", f.r2)),
            constant: fitted.map_or_else(String::new, |f| format!("{:.4} {}", f.ns_per_op, f.unit)),
            big_o: row
                .big_o
                .as_ref()
                .and_then(|side| side.class.clone().or(side.answer.crashed.clone()))
                .unwrap_or_default(),
        }
    }
}

/// A row's code as both formats show it: the setup, then the statement timed.
fn timed_code(measured: &Measured) -> String {
    format!(
        "# setup, once per size, outside the clock\n{}\n# timed\n{}",
        measured.setup, measured.statement
    )
}

const STYLE: &str = "body{margin:0 auto;max-width:64rem;padding:0 1rem 2rem;\
font:15px/1.5 system-ui,sans-serif;color:#1f2328}table{border-collapse:collapse;width:100%;\
font-size:.85rem}th,td{text-align:left;padding:.2em .45em;border-bottom:1px solid #d1d9e0}\
code{font-family:ui-monospace,monospace;font-size:.9em}pre{background:#f6f8fa;padding:.6rem;\
overflow-x:auto;font-size:.8rem}.confirmed{color:#1a7f37}.refuted{color:#cf222e}\
.inconclusive{color:#8250df}.skipped{color:#6e7781}section{border-top:1px solid #d1d9e0;\
margin-top:1rem}svg{max-width:560px;width:100%;height:auto}.meta{color:#59636e}";

fn html(context: &Context<'_>, judged: &[Judged]) -> String {
    let mut page = String::new();
    let _ = write!(
        page,
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; \
         style-src 'unsafe-inline'; img-src data:\">\n\
         <title>pyconcepts: the time-complexity table, measured</title>\n<style>{STYLE}</style>\n\
         </head>\n<body>\n<h1>The time-complexity table, measured</h1>\n\
         <p class=\"meta\">{} · {}</p>\n",
        escape(&summary(context, judged)),
        escape(&context.date)
    );
    if let Some(stability) = context.stability {
        let (title, lines) = stability_lines(stability);
        let _ = writeln!(page, "<h2>{}</h2>\n<ul>", escape(&title));
        for line in lines {
            let _ = writeln!(page, "<li>{}</li>", escape(&line));
        }
        page.push_str("</ul>\n");
    }
    page.push_str(
        "<table>\n<tr><th>operation</th><th>table</th><th>timing</th><th>measured</th>\
         <th>slope (95% CI)</th><th>R²</th><th>constant</th><th>verdict</th><th>big_O</th></tr>\n",
    );
    for (index, row) in judged.iter().enumerate() {
        let cells = Cells::of(row);
        let _ = writeln!(
            page,
            "<tr><td><a href=\"#{}\"><code>{}</code></a>{}</td><td>{}</td><td>{}</td><td>{}</td>\
             <td>{}</td><td>{}</td><td>{}</td><td class=\"{}\">{}</td><td>{}</td></tr>",
            anchor(index, row.operation),
            escape(row.operation),
            cells.star,
            escape(row.documented),
            row.timing,
            escape(&cells.measured),
            cells.slope,
            cells.r2,
            escape(&cells.constant),
            row.verdict.as_str(),
            row.verdict.as_str(),
            escape(&cells.big_o)
        );
    }
    page.push_str("</table>\n<p class=\"meta\">★ beyond the wiki's table</p>\n");
    for (index, judged) in judged.iter().enumerate() {
        let row = row_of(judged);
        let _ = write!(
            page,
            "<section id=\"{}\">\n<h3><code>{}</code> <span class=\"{}\">{}</span></h3>\n\
             <p>{}</p>\n",
            anchor(index, row.operation),
            escape(row.operation),
            judged.verdict.as_str(),
            judged.verdict.as_str(),
            escape(&judged.explanation)
        );
        if let Some(measured) = &judged.measured {
            let _ = writeln!(
                page,
                "<pre><code>{}</code></pre>",
                escape(&timed_code(measured))
            );
        }
        match chart(row, judged) {
            Ok(svg) => page.push_str(&svg),
            Err(why) => {
                let _ = writeln!(page, "<p class=\"meta\">No chart: {}</p>", escape(&why));
            }
        }
        page.push_str("</section>\n");
    }
    page.push_str("</body>\n</html>\n");
    page
}

/// A table cell of Markdown: its pipes escaped.
fn cell(text: &str) -> String {
    text.replace('|', "\\|")
}

/// The Markdown page and its charts: (file name, SVG) for each chart, named after `stem`.
fn markdown(
    context: &Context<'_>,
    judged: &[Judged],
    stem: &str,
) -> (String, Vec<(String, String)>) {
    let mut page = String::new();
    let mut files = Vec::new();
    let _ = write!(
        page,
        "# The time-complexity table, measured\n\n{} {}\n\n",
        summary(context, judged),
        context.date
    );
    if let Some(stability) = context.stability {
        let (title, lines) = stability_lines(stability);
        let _ = writeln!(page, "## {title}\n");
        for line in lines {
            let _ = writeln!(page, "- {}", cell(&line));
        }
        page.push('\n');
    }
    page.push_str(
        "| operation | table | timing | measured | slope (95% CI) | R² | constant | verdict | big_O |\n\
         |---|---|---|---|---|---|---|---|---|\n",
    );
    for row in judged {
        let cells = Cells::of(row);
        let _ = writeln!(
            page,
            "| `{}`{} | {} | {} | {} | {} | {} | {} | {} | {} |",
            cell(row.operation),
            cells.star,
            cell(row.documented),
            row.timing,
            cells.measured,
            cells.slope,
            cells.r2,
            cells.constant,
            row.verdict.as_str(),
            cell(&cells.big_o)
        );
    }
    page.push_str("\n★ beyond the wiki's table\n");
    for (index, judged) in judged.iter().enumerate() {
        let row = row_of(judged);
        let _ = write!(
            page,
            "\n## `{}` — {}\n\n{}\n\n",
            row.operation,
            judged.verdict.as_str(),
            judged.explanation
        );
        if let Some(measured) = &judged.measured {
            let _ = write!(page, "```python\n{}\n```\n\n", timed_code(measured));
        }
        match chart(row, judged) {
            Ok(svg) => {
                let name = format!("{stem}-{}.svg", anchor(index, row.operation));
                let _ = writeln!(page, "![{}]({name})", row.operation);
                files.push((name, svg));
            }
            Err(why) => {
                let _ = writeln!(page, "No chart: {why}");
            }
        }
    }
    (page, files)
}

/// Writes the report to `path` (its charts beside it, for Markdown); returns the paths written,
/// the report first.
pub fn write(
    path: &Path,
    context: &Context<'_>,
    judged: &[Judged],
) -> anyhow::Result<Vec<PathBuf>> {
    let format = Format::from_path(path)?;
    let stem = path
        .file_stem()
        .and_then(|stem| stem.to_str())
        .context("the report's file name is not valid UTF-8")?;
    let directory = path.parent().unwrap_or(Path::new(""));
    let (page, charts) = match format {
        Format::Html => (html(context, judged), Vec::new()),
        Format::Markdown => markdown(context, judged, stem),
    };
    let mut written = vec![path.to_path_buf()];
    std::fs::write(path, page).with_context(|| format!("writing the report {}", path.display()))?;
    for (name, svg) in charts {
        let target = directory.join(name);
        std::fs::write(&target, svg)
            .with_context(|| format!("writing the chart {}", target.display()))?;
        written.push(target);
    }
    Ok(written)
}

/// The date line of a report written now.
pub fn date_now() -> String {
    export::date_label(std::time::SystemTime::now())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs_name_files_and_anchors_safely() {
        assert_eq!(slug("list.copy()"), "list-copy");
        assert_eq!(
            slug("s += \"x\", another reference"),
            "s-x-another-reference"
        );
        assert_eq!(slug("s | t"), "s-t");
        assert_eq!(cell("s | t"), "s \\| t");
    }
}
