//! Reports to keep (`demo --report FILE`): the demos that ran, their claims and verdicts, the
//! snippets, what they printed and charts of their measurements, as one self-contained HTML page
//! (which also presents itself as slides, a slide per section of each snippet) or as Markdown
//! with its charts in SVG files beside it.
//!
//! Everything here is pure — reports and a [`ReportContext`] in, files' contents out — except
//! [`write`], which puts the files on disk. Each format implements [`Exporter`]; the charts are
//! the same SVG for both.

pub(crate) mod charts;
mod code;
mod html;
pub(crate) mod html_text;
mod markdown;
mod slides;
mod svg;

use std::path::{Path, PathBuf};
use std::time::{SystemTime, UNIX_EPOCH};

use anyhow::Context;

use crate::errors::UsageError;
use crate::figures::Drawn;
use crate::report::{PythonIdentity, Report, SectionRun, Verdict};

pub use slides::place_figures;

/// The format of a report, chosen by its file's extension.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// `.html`/`.htm`: one page with its CSS and charts inline, nothing fetched from anywhere.
    Html,
    /// `.md`/`.markdown`: charts written beside it as `<stem>-<chart>.svg`.
    Markdown,
}

impl Format {
    /// The format `path`'s extension asks for, or a usage error naming the ones there are.
    pub fn from_path(path: &Path) -> Result<Format, UsageError> {
        let extension = path
            .extension()
            .and_then(|extension| extension.to_str())
            .map(str::to_ascii_lowercase);
        match extension.as_deref() {
            Some("html" | "htm") => Ok(Format::Html),
            Some("md" | "markdown") => Ok(Format::Markdown),
            _ => Err(UsageError(format!(
                "--report {}: the file name must end in .html or .md (the format follows the \
                 extension)",
                path.display()
            ))),
        }
    }

    fn exporter(self) -> &'static dyn Exporter {
        match self {
            Format::Html => &html::HtmlExporter,
            Format::Markdown => &markdown::MarkdownExporter,
        }
    }
}

/// Checks `--report FILE` before anything runs: a known extension, in a directory that exists.
pub fn check_path(path: &Path) -> Result<Format, UsageError> {
    let format = Format::from_path(path)?;
    let directory = match path.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent,
        _ => Path::new("."),
    };
    if !directory.is_dir() {
        return Err(UsageError(format!(
            "--report {}: there is no directory {}",
            path.display(),
            directory.display()
        )));
    }
    Ok(format)
}

/// What a report says besides the demos' own reports.
pub struct ReportContext<'a> {
    /// When the demos ran, for people: "2026-05-09 14:03 UTC" (see [`date_label`]).
    pub date: String,
    /// The interpreter that produced the evidence.
    pub python: &'a PythonIdentity,
    /// Its build line (`sys.version`), e.g. "3.11.7 (main, May  9 2026, 07:35:25) [GCC 12.2.0]".
    pub build: Option<String>,
    /// The Python each demo ran, as run (embedded or from `--snippets-dir`).
    pub snippets: Vec<SnippetCode<'a>>,
    /// Each report's figures, in the reports' order: the chart data its demo read from its
    /// evidence (a demo run twice has two entries).
    pub figures: Vec<Vec<Drawn>>,
    /// Each report's run section by section, in the reports' order, for the HTML report's
    /// slides; a report without an entry gets one slide for its whole run.
    pub sections: Vec<RunSections>,
}

/// One run of a demo, section by section.
#[derive(Debug, Clone, Default)]
pub struct RunSections {
    /// What each section of the snippet printed and recorded; empty when the run recorded no
    /// sections (another interpreter's, or a snippet whose sections cannot run apart).
    pub sections: Vec<SectionRun>,
    /// For each of the report's figures (as in [`ReportContext::figures`]), the index of the
    /// section whose slide shows it ([`place_figures`]).
    pub figure_sections: Vec<usize>,
}

impl ReportContext<'_> {
    fn snippet(&self, demo: &str) -> Option<&SnippetCode<'_>> {
        self.snippets.iter().find(|snippet| snippet.demo == demo)
    }

    /// The charts of the `index`th report, drawn.
    fn charts(&self, index: usize) -> charts::Charts {
        charts::draw(self.figures.get(index).map_or(&[][..], Vec::as_slice))
    }
}

/// One demo's snippet source.
pub struct SnippetCode<'a> {
    /// The demo's name, as in [`Report::demo`].
    pub demo: &'a str,
    pub file_name: &'a str,
    pub code: &'a str,
}

/// One file of a report: its name (no directory) and contents.
#[derive(Debug, Clone, PartialEq)]
pub struct OutputFile {
    pub name: String,
    pub contents: String,
}

/// A report as files: the main one first, then what it links to (the Markdown's charts).
#[derive(Debug, Clone)]
pub struct Rendered {
    pub files: Vec<OutputFile>,
}

/// One report format.
pub trait Exporter {
    /// The files of the report `file_name` (e.g. `run.html`, whose stem is `run`): the report
    /// first, then the files it links to, named after the stem so that several reports can
    /// share a directory.
    fn render(
        &self,
        file_name: &str,
        stem: &str,
        reports: &[Report],
        context: &ReportContext<'_>,
    ) -> anyhow::Result<Rendered>;
}

/// The report's files for `path`, in the format its extension names; nothing is written.
pub fn render(
    path: &Path,
    reports: &[Report],
    context: &ReportContext<'_>,
) -> anyhow::Result<Rendered> {
    let format = Format::from_path(path)?;
    let file_name = path
        .file_name()
        .and_then(|name| name.to_str())
        .context("the report's file name is not valid UTF-8")?;
    let stem = path
        .file_stem()
        .and_then(|stem| stem.to_str())
        .unwrap_or(file_name);
    format.exporter().render(file_name, stem, reports, context)
}

/// Writes the report to `path` (and its charts beside it, for Markdown); returns every path
/// written, the report first.
pub fn write(
    path: &Path,
    reports: &[Report],
    context: &ReportContext<'_>,
) -> anyhow::Result<Vec<PathBuf>> {
    let rendered = render(path, reports, context)?;
    let directory = path.parent().unwrap_or(Path::new(""));
    let mut written = Vec::new();
    for (index, file) in rendered.files.iter().enumerate() {
        let target = if index == 0 {
            path.to_path_buf()
        } else {
            directory.join(&file.name)
        };
        std::fs::write(&target, &file.contents)
            .with_context(|| format!("writing the report {}", target.display()))?;
        written.push(target);
    }
    Ok(written)
}

/// "2026-05-09 14:03 UTC" for `time`: UTC, so a report read elsewhere is not an hour off.
pub fn date_label(time: SystemTime) -> String {
    let seconds = time
        .duration_since(UNIX_EPOCH)
        .map_or(0, |since| since.as_secs());
    let days = i64::try_from(seconds / 86_400).unwrap_or(0);
    let (year, month, day) = civil_from_days(days);
    let minutes_today = (seconds % 86_400) / 60;
    format!(
        "{year:04}-{month:02}-{day:02} {:02}:{:02} UTC",
        minutes_today / 60,
        minutes_today % 60
    )
}

/// The proleptic Gregorian date of a day count since 1970-01-01 (Howard Hinnant's algorithm).
fn civil_from_days(days: i64) -> (i64, u32, u32) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let day_of_era = z.rem_euclid(146_097);
    let year_of_era =
        (day_of_era - day_of_era / 1460 + day_of_era / 36_524 - day_of_era / 146_096) / 365;
    let day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
    let mp = (5 * day_of_year + 2) / 153;
    let day = (day_of_year - (153 * mp + 2) / 5 + 1) as u32;
    let month = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let year = year_of_era + era * 400 + i64::from(month <= 2);
    (year, month, day)
}

/// How many of a demo's claims got each verdict (those that got any), in the order the
/// verdicts are explained in `report.rs`.
fn verdict_counts(report: &Report) -> Vec<(Verdict, usize)> {
    crate::report::tally(&report.claims)
        .into_iter()
        .filter(|(_, count)| *count > 0)
        .collect()
}

/// Prose from a demo (claims, explanations): its `backquoted` parts become `code`, the rest
/// `plain`. An odd number of backquotes pairs nothing reliably: the whole text is then plain.
fn prose_with(text: &str, plain: fn(&str) -> String, code: fn(&str) -> String) -> String {
    let parts: Vec<&str> = text.split('`').collect();
    if parts.len() % 2 == 0 {
        return plain(text);
    }
    parts
        .iter()
        .enumerate()
        .map(|(index, part)| {
            if index % 2 == 1 {
                code(part)
            } else {
                plain(part)
            }
        })
        .collect()
}

/// "GIL enabled"/"no GIL", as the identity line says it.
fn gil_words(python: &PythonIdentity) -> &'static str {
    if python.gil_enabled {
        "GIL enabled"
    } else {
        "no GIL (free-threaded)"
    }
}

/// "CPython" for "cpython": the implementation's usual spelling.
fn implementation_name(python: &PythonIdentity) -> String {
    match python.implementation.as_str() {
        "cpython" => "CPython".to_owned(),
        "pypy" => "PyPy".to_owned(),
        other => other.to_owned(),
    }
}

/// " on 3.13.15t" for a run in another interpreter (`demo --on`), nothing for the embedded one.
fn on_label(report: &Report) -> String {
    if report.python.embedded {
        String::new()
    } else {
        format!(" on {}", report.python.label())
    }
}

/// A duration in milliseconds for people: "850 ms", "18.8 s".
fn duration_label(ms: u64) -> String {
    if ms < 1000 {
        format!("{ms} ms")
    } else {
        format!("{:.1} s", ms as f64 / 1000.0)
    }
}

/// What a snippet printed, without terminal escapes or other control characters (tabs and
/// newlines stay): neither a page nor a Markdown file can show them.
fn printable(output: &str) -> String {
    let mut text = String::with_capacity(output.len());
    let mut chars = output.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\x1b' => {
                // CSI sequences (colours, cursor moves): ESC [ parameters final-byte.
                if chars.peek() == Some(&'[') {
                    chars.next();
                    for c in chars.by_ref() {
                        if ('@'..='~').contains(&c) {
                            break;
                        }
                    }
                }
            }
            '\r' => {
                if chars.peek() != Some(&'\n') {
                    text.push('\n');
                }
            }
            '\n' | '\t' => text.push(c),
            c if c.is_control() => {}
            c => text.push(c),
        }
    }
    text
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::figures::{Curve, Figure, FittedLine, LogLog, Plot, Tone};
    use crate::report::{Claim, SnippetError, Source, Verdict};
    use serde_json::json;

    pub(crate) fn python() -> PythonIdentity {
        PythonIdentity {
            version: "3.11.7".into(),
            implementation: "cpython".into(),
            gil_enabled: true,
            free_threaded: false,
            executable: None,
            embedded: true,
        }
    }

    pub(crate) fn claim(id: &'static str, verdict: Verdict, explanation: &str) -> Claim {
        Claim {
            id,
            source: Source::Article,
            claim: "`a < b` & friends hold",
            verdict,
            evidence: json!({"observed": "<tag> & more"}),
            explanation: explanation.to_owned(),
            evidence_error: false,
        }
    }

    /// A report with hostile text everywhere text can go.
    pub(crate) fn report(demo: &'static str, claims: Vec<Claim>) -> Report {
        Report {
            demo,
            question: 1,
            title: "What can be the keys of a <dict> & why?",
            python: python(),
            claims,
            output: "x < y & z\n\x1b[1mbold\x1b[0m </pre><script>alert(1)</script>\n```\n".into(),
            duration_ms: 1234,
            error: None,
            unreadable_evidence: false,
        }
    }

    pub(crate) fn context<'a>(python: &'a PythonIdentity, code: &'a str) -> ReportContext<'a> {
        ReportContext {
            date: "2026-05-09 14:03 UTC".into(),
            python,
            build: Some("3.11.7 (main) [GCC <12>]".into()),
            snippets: vec![SnippetCode {
                demo: "example",
                file_name: "python_snippets/example.py",
                code,
            }],
            figures: Vec::new(),
            sections: Vec::new(),
        }
    }

    pub(crate) const CODE: &str = "if a < b and c & d:\n    print(\"</pre>\")  # `ok`\n";

    /// A report with measurements: two claims confirmed, one skipped.
    pub(crate) fn measured_report() -> Report {
        let claims = vec![
            claim("measured.list", Verdict::Confirmed, "linear"),
            claim("measured.set", Verdict::Confirmed, "flat"),
            claim("measured.colliding", Verdict::Skipped, "no"),
        ];
        Report {
            demo: "measured",
            question: 10,
            title: "How do you write scalable code in Python?",
            ..report("measured", claims)
        }
    }

    /// The figures a demo would draw for `report`: a log-log chart of two curves of nine
    /// points each for a measured report, nothing for any other.
    pub(crate) fn figures_of(report: &Report) -> Vec<Drawn> {
        if report.demo != "measured" {
            return Vec::new();
        }
        let sizes: Vec<f64> = (0..=8)
            .map(|i| 10f64.powf(2.0 + f64::from(i) / 2.0))
            .collect();
        let curve = |label: &str, tone, time: fn(f64) -> f64| Curve {
            label: label.to_owned(),
            tone,
            points: sizes.iter().map(|&n| (n, time(n))).collect(),
            fitted: Some(FittedLine {
                from: sizes[0],
                to: sizes[8],
                at: Box::new(time),
            }),
        };
        vec![Some(Ok(Figure {
            name: "complexity",
            caption: "Both axes are logarithmic.".to_owned(),
            plot: Plot::LogLog(LogLog {
                title: "Time per lookup of an absent value".to_owned(),
                x_label: "n".to_owned(),
                y_label: "time".to_owned(),
                curves: vec![
                    curve("list: O(n), 7.03 ns per element", Tone::Blue, |n| {
                        20.0 + 7.0 * n
                    }),
                    curve("set: O(1), 15.0 ns", Tone::Green, |_| 15.0),
                ],
            }),
        }))]
    }

    #[test]
    fn the_extension_chooses_the_format() {
        assert_eq!(
            Format::from_path(Path::new("a/run.html")).unwrap(),
            Format::Html
        );
        assert_eq!(
            Format::from_path(Path::new("RUN.HTM")).unwrap(),
            Format::Html
        );
        assert_eq!(
            Format::from_path(Path::new("x.md")).unwrap(),
            Format::Markdown
        );
        for bad in ["x.pdf", "x", "html", "x.html.txt"] {
            let err = Format::from_path(Path::new(bad)).unwrap_err();
            assert!(err.0.contains(".html or .md"), "{bad}: {}", err.0);
        }
    }

    #[test]
    fn a_missing_directory_is_a_usage_error() {
        let err = check_path(Path::new("/no/such/dir/run.html")).unwrap_err();
        assert!(err.0.contains("no directory /no/such/dir"), "{}", err.0);
        assert_eq!(check_path(Path::new("run.md")).unwrap(), Format::Markdown);
    }

    #[test]
    fn dates_are_utc_calendar_dates() {
        let at = |seconds: u64| date_label(UNIX_EPOCH + std::time::Duration::from_secs(seconds));
        assert_eq!(at(0), "1970-01-01 00:00 UTC");
        assert_eq!(
            at(951_782_400 + 3_600 * 13 + 60 * 7),
            "2000-02-29 13:07 UTC"
        );
        assert_eq!(at(1_778_284_800), "2026-05-09 00:00 UTC");
    }

    #[test]
    fn printable_drops_escapes_and_control_characters() {
        assert_eq!(
            printable("\x1b[1;32mok\x1b[0m\r\nline\rnext\x07\tend"),
            "ok\nline\nnext\tend"
        );
    }

    /// Writes the measured report, its chart included, as `file_name` in a new directory: the
    /// directory (removed when dropped), the report's path, and the paths written.
    fn write_measured(file_name: &str) -> (tempfile::TempDir, PathBuf, Vec<PathBuf>) {
        let dir = tempfile::tempdir().unwrap();
        let python = python();
        let mut context = context(&python, CODE);
        let reports = [measured_report()];
        context.figures = reports.iter().map(figures_of).collect();
        let path = dir.path().join(file_name);
        let written = write(&path, &reports, &context).unwrap();
        (dir, path, written)
    }

    #[test]
    fn markdown_charts_are_written_beside_the_report() {
        let (dir, path, written) = write_measured("my run.md");
        assert_eq!(written[0], path);
        assert_eq!(written[1], dir.path().join("my run-complexity.svg"));
        assert_eq!(written.len(), 2);
        let markdown = std::fs::read_to_string(&path).unwrap();
        assert!(markdown.contains("(my%20run-complexity.svg)"), "{markdown}");
        let svg = std::fs::read_to_string(&written[1]).unwrap();
        assert!(svg.starts_with("<svg"), "{svg}");
    }

    #[test]
    fn html_is_one_file() {
        let (_dir, path, written) = write_measured("run.html");
        assert_eq!(written, [path]);
    }

    #[test]
    fn a_failed_demo_still_has_its_report() {
        let mut failed = report("example", vec![claim("example.x", Verdict::Skipped, "no")]);
        failed.error = Some(SnippetError {
            kind: "ZeroDivisionError".into(),
            message: "division by zero".into(),
            traceback: "Traceback <most recent call last>\n".into(),
        });
        let python = python();
        let context = context(&python, CODE);
        for name in ["r.html", "r.md"] {
            let rendered =
                render(Path::new(name), std::slice::from_ref(&failed), &context).unwrap();
            let text = &rendered.files[0].contents;
            assert!(text.contains("ZeroDivisionError"), "{name}");
            assert!(text.contains("division by zero"), "{name}");
        }
    }
}
