//! Showing reports: for people on a terminal (colour when it is a terminal and allowed), and as
//! one JSON object per line for programs.

use std::io::{self, IsTerminal, Write};
use std::sync::atomic::{AtomicBool, Ordering};

use serde_json::Value;

use crate::demos::Question;

use crate::output::terminal;
use crate::output::theme::{self, Depth, Palette, Theme};
use crate::report::{self, Claim, Report, Verdict};

/// Explanations hang under the verdict word.
const INDENT: &str = "               ";

/// The width explanations are wrapped to after their indent: the terminal's text width (80 off a
/// terminal, at most 100), less the indent.
fn explanation_width() -> usize {
    terminal::text_width().saturating_sub(INDENT.len()).max(30)
}

/// Whether to colour: `--no-color`, `NO_COLOR`, `TERM=dumb` and non-terminal output all say no;
/// and with which colours code is painted.
#[derive(Debug, Clone, Copy)]
pub struct Style {
    pub color: bool,
    pub palette: Palette,
}

/// Text a colour [`Style`] painted, its SGR escapes (`ESC [ … m`) taken out: for tests that
/// compare it with the plain text.
#[cfg(test)]
pub(crate) fn strip_escapes(text: &str) -> String {
    let mut out = String::new();
    let mut chars = text.chars();
    while let Some(c) = chars.next() {
        if c == '\x1b' {
            for c in chars.by_ref() {
                if c == 'm' {
                    break;
                }
            }
        } else {
            out.push(c);
        }
    }
    out
}

/// `--no-color` as given, for the error lines written where no [`Style`] is at hand (`main`).
static NO_COLOR_FLAG: AtomicBool = AtomicBool::new(false);

impl Style {
    /// `CLICOLOR_FORCE` (set, not `0`) colours output that is not a terminal, e.g. for
    /// `less -R`; `--no-color` and `NO_COLOR` still win.
    pub fn detect(no_color_flag: bool) -> Style {
        NO_COLOR_FLAG.store(no_color_flag, Ordering::Relaxed);
        Style::for_stream(no_color_flag, io::stdout().is_terminal())
    }

    /// No colour at all (for text that is no terminal's, and for tests).
    pub fn plain() -> Style {
        Style {
            color: false,
            palette: Palette {
                theme: &theme::THEMES[0],
                depth: Depth::Ansi16,
            },
        }
    }

    /// The same, painting code with `theme`.
    pub fn with_theme(self, theme: &'static Theme) -> Style {
        Style {
            palette: Palette {
                theme,
                ..self.palette
            },
            ..self
        }
    }

    /// The style of standard error: the same rules, but its own terminal test.
    pub fn for_stderr() -> Style {
        Style::for_stream(
            NO_COLOR_FLAG.load(Ordering::Relaxed),
            io::stderr().is_terminal(),
        )
    }

    fn for_stream(no_color_flag: bool, terminal: bool) -> Style {
        let set = |name: &str| std::env::var_os(name).is_some_and(|value| !value.is_empty());
        let forced = std::env::var_os("CLICOLOR_FORCE")
            .is_some_and(|value| !value.is_empty() && value != "0");
        // `TERM=dumb` shows no colour, unless colour is forced (an editor's shell piping into
        // `less -R`): then 256 colours, which `less -R` and every current terminal show.
        let depth = match Depth::detect() {
            Some(depth) => Some(depth),
            None if forced => Some(Depth::Ansi256),
            None => None,
        };
        let allowed = !no_color_flag && !set("NO_COLOR") && (forced || terminal);
        Style {
            color: allowed && depth.is_some(),
            palette: Palette {
                theme: &theme::THEMES[0],
                depth: depth.unwrap_or(Depth::Ansi16),
            },
        }
    }

    pub fn paint(self, code: &str, text: &str) -> String {
        if self.color {
            format!("\x1b[{code}m{text}\x1b[0m")
        } else {
            text.to_owned()
        }
    }

    pub fn bold(self, text: &str) -> String {
        self.paint("1", text)
    }

    pub fn dim(self, text: &str) -> String {
        self.paint("2", text)
    }

    pub fn verdict(self, verdict: Verdict) -> String {
        let code = match verdict {
            Verdict::Confirmed => "1;32",
            Verdict::Refuted => "1;31",
            Verdict::Nuanced => "1;33",
            Verdict::Inconclusive => "1;35",
            Verdict::Skipped => "2",
        };
        self.paint(code, &format!("{:<13}", verdict.as_str().to_uppercase()))
    }
}

/// Writes `pyconcepts: <message>` to standard error, the prefix in red on a colour terminal,
/// so that an error stands out from the output before it.
pub fn error_line(message: &str) {
    let prefix = Style::for_stderr().paint("1;31", "pyconcepts:");
    eprintln!("{prefix} {message}");
}

/// The banner printed before a demo's live output.
pub fn header(out: &mut impl Write, style: Style, question: &Question) -> io::Result<()> {
    let title = format!(
        "Question {} · {} — {}",
        question.number, question.name, question.title
    );
    let lines = textwrap::wrap(&title, terminal::text_width());
    let rule = lines.iter().map(|line| line.chars().count()).max();
    writeln!(out)?;
    for line in &lines {
        writeln!(out, "{}", style.bold(line))?;
    }
    writeln!(out, "{}", style.dim(&"─".repeat(rule.unwrap_or(0))))?;
    out.flush()
}

/// The line before a demo's run in another interpreter (`demo --on`).
pub fn other_interpreter(
    out: &mut impl Write,
    style: Style,
    interpreter: &crate::python::child::Interpreter,
) -> io::Result<()> {
    let line = format!(
        "On {} ({})",
        interpreter.label(),
        interpreter.path.display()
    );
    writeln!(out)?;
    writeln!(out, "{}", style.bold(&line))?;
    writeln!(out, "{}", style.dim(&"┄".repeat(line.chars().count())))?;
    out.flush()
}

/// A demo's picture of its evidence, between its live output and its verdicts.
pub fn picture(out: &mut impl Write, text: &str) -> io::Result<()> {
    writeln!(out)?;
    out.write_all(text.as_bytes())?;
    if !text.ends_with('\n') {
        writeln!(out)?;
    }
    out.flush()
}

/// The verdicts after the live output.
pub fn verdicts(out: &mut impl Write, style: Style, report: &Report) -> io::Result<()> {
    if let Some(error) = &report.error {
        writeln!(
            out,
            "{}",
            style.bold(&format!("The snippet stopped: {}", error.headline()))
        )?;
    }
    writeln!(out)?;
    let on = if report.python.embedded {
        String::new()
    } else {
        format!(" on {}", report.python.label())
    };
    writeln!(
        out,
        "{}",
        style.dim(&format!("Verdicts{on} ({} ms)", report.duration_ms))
    )?;
    for claim in &report.claims {
        claim_block(out, style, claim)?;
    }
    out.flush()
}

/// One claim: verdict, id, who claims it, the claim in words, and the explanation.
pub fn claim_block(out: &mut impl Write, style: Style, claim: &Claim) -> io::Result<()> {
    let source = match claim.source {
        crate::report::Source::Article => "the article says",
        crate::report::Source::Senior => "a senior adds",
    };
    writeln!(
        out,
        "  {}{}  {}",
        style.verdict(claim.verdict),
        style.bold(claim.id),
        style.dim(&format!("({source})"))
    )?;
    let width = explanation_width();
    for line in textwrap::wrap(&format!("“{}”", claim.claim), width) {
        writeln!(out, "{INDENT}{}", style.dim(&line))?;
    }
    for line in textwrap::wrap(&claim.explanation, width) {
        writeln!(out, "{INDENT}{line}")?;
    }
    Ok(())
}

/// The end of a plain run, like pytest's short summary: one line per claim (verdict, id, the
/// explanation's first words), under each demo's name when there are several, so the last screen
/// holds every verdict of the run.
pub fn short_summary(out: &mut impl Write, style: Style, reports: &[Report]) -> io::Result<()> {
    let columns = terminal::columns();
    // Under its demo's name a claim needs only the part of its id after the demo's prefix.
    let key = |id: &'static str| id.split_once('.').map_or(id, |(_, key)| key);
    writeln!(out)?;
    writeln!(out, "{}", style.bold("Summary"))?;
    for report in reports {
        let on = if report.python.embedded {
            String::new()
        } else {
            format!(" on {}", report.python.label())
        };
        let prefix = report
            .claims
            .first()
            .and_then(|claim| claim.id.split_once('.'))
            .map_or(String::new(), |(prefix, _)| format!("  ({prefix}.*)"));
        writeln!(
            out,
            "  {}{}",
            style.bold(&format!("{}{on}", report.demo)),
            style.dim(&prefix)
        )?;
        let key_width = report
            .claims
            .iter()
            .map(|claim| key(claim.id).chars().count())
            .max()
            .unwrap_or(0);
        for claim in &report.claims {
            let room = columns.saturating_sub(4 + 13 + key_width + 2);
            let words = first_words(&claim.explanation, room);
            writeln!(
                out,
                "    {}{:<key_width$}  {}",
                style.verdict(claim.verdict),
                key(claim.id),
                style.dim(&words)
            )?;
        }
    }
    out.flush()
}

/// The explanation's first clause (to the first `;`, `:` or sentence end), cut to `room`
/// columns with `…`; nothing when there is no room worth reading.
fn first_words(explanation: &str, room: usize) -> String {
    if room < 16 {
        return String::new();
    }
    let clause_end = explanation
        .char_indices()
        .find(|&(index, c)| {
            matches!(c, ';' | ':')
                || (c == '.'
                    && explanation[index + 1..]
                        .chars()
                        .next()
                        .is_none_or(char::is_whitespace))
        })
        .map_or(explanation.len(), |(index, _)| index);
    let clause = explanation[..clause_end].trim();
    if clause.chars().count() <= room {
        return clause.to_owned();
    }
    let mut cut = String::new();
    for word in clause.split_whitespace() {
        if cut.chars().count() + word.chars().count() + 2 > room {
            break;
        }
        if !cut.is_empty() {
            cut.push(' ');
        }
        cut.push_str(word);
    }
    format!("{cut}…")
}

/// One line of tallies after several demos.
pub fn summary(out: &mut impl Write, style: Style, reports: &[Report]) -> io::Result<()> {
    let counts: Vec<String> = report::tally(reports.iter().flat_map(|report| &report.claims))
        .iter()
        .map(|(verdict, count)| format!("{count} {}", verdict.as_str()))
        .collect();
    let claims: usize = reports.iter().map(|report| report.claims.len()).sum();
    // With `--on` a demo has a report per interpreter: count demos by their embedded runs.
    let demos = reports
        .iter()
        .filter(|report| report.python.embedded)
        .count();
    let mut interpreters: Vec<String> =
        reports.iter().map(|report| report.python.label()).collect();
    interpreters.sort();
    interpreters.dedup();
    let what = if interpreters.len() > 1 {
        format!(
            "{demos} demos on {} interpreters, {claims} verdicts",
            interpreters.len()
        )
    } else {
        format!("{demos} demos, {claims} claims")
    };
    writeln!(out)?;
    let line = format!("{what}: {}", counts.join(", "));
    for part in textwrap::wrap(&line, terminal::text_width()) {
        writeln!(out, "{}", style.bold(&part))?;
    }
    Ok(())
}

/// `--json`: the report as one line.
pub fn json_line(out: &mut impl Write, report: &Report) -> anyhow::Result<()> {
    serde_json::to_writer(&mut *out, report)?;
    writeln!(out)?;
    out.flush()?;
    Ok(())
}

/// One line per claim after a presented (`--step`) demo, whose explanations were shown as its
/// sections ran.
pub fn recap(out: &mut impl Write, style: Style, report: &Report) -> io::Result<()> {
    writeln!(out)?;
    writeln!(
        out,
        "{}",
        style.dim(&format!(
            "Recap · {} ({} ms of Python)",
            report.demo, report.duration_ms
        ))
    )?;
    for claim in &report.claims {
        // A skipped claim's explanation was never shown: say why it has no verdict.
        let why = if claim.verdict == Verdict::Skipped {
            format!("  {}", style.dim(&claim.explanation))
        } else {
            String::new()
        };
        writeln!(out, "  {}{}{why}", style.verdict(claim.verdict), claim.id)?;
    }
    out.flush()
}

/// The shortest cut of a value in an evidence table, however narrow the terminal.
const MIN_TABLE_VALUE_WIDTH: usize = 20;

/// An `EVIDENCE` dict as a two-column table: nested dicts become dotted keys, other values are
/// compact JSON.
pub fn evidence_table(out: &mut impl Write, style: Style, evidence: &Value) -> io::Result<()> {
    let mut rows = Vec::new();
    flatten("", evidence, &mut rows);
    writeln!(out)?;
    writeln!(out, "{}", style.bold("EVIDENCE"))?;
    if rows.is_empty() {
        writeln!(out, "  {}", style.dim("(empty)"))?;
    }
    let width = rows
        .iter()
        .map(|(key, _)| key.chars().count())
        .max()
        .unwrap_or(0)
        .min(40);
    // Values fill the rest of the screen's line (`--json` has them whole).
    let value_width = terminal::columns()
        .saturating_sub(width + 4)
        .max(MIN_TABLE_VALUE_WIDTH);
    for (key, value) in rows {
        let value = if value.chars().count() > value_width {
            let cut: String = value.chars().take(value_width - 1).collect();
            format!("{cut}…")
        } else {
            value
        };
        let padded = format!("{key:<width$}");
        writeln!(out, "  {}  {value}", style.bold(&padded))?;
    }
    out.flush()
}

fn flatten(prefix: &str, value: &Value, rows: &mut Vec<(String, String)>) {
    match value {
        Value::Object(fields) if !fields.is_empty() || prefix.is_empty() => {
            for (key, item) in fields {
                let path = if prefix.is_empty() {
                    key.clone()
                } else {
                    format!("{prefix}.{key}")
                };
                flatten(&path, item, rows);
            }
        }
        Value::String(text) => rows.push((prefix.to_owned(), text.clone())),
        other => rows.push((prefix.to_owned(), other.to_string())),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_summary_takes_an_explanations_first_clause_cut_at_a_word() {
        assert_eq!(
            first_words("Speedup 1.02 on 2 threads: one core at a time.", 60),
            "Speedup 1.02 on 2 threads"
        );
        assert_eq!(first_words("3.5 ms. Then more", 60), "3.5 ms");
        assert_eq!(
            first_words("one two three four five six seven", 20),
            "one two three four…"
        );
        assert_eq!(first_words("anything", 10), "");
    }

    #[test]
    fn evidence_table_flattens_nested_dicts_and_truncates_long_values() {
        let evidence = serde_json::json!({
            "speedup": 1.5,
            "run": {"threads": 4, "label": "io", "empty": {}},
            "items": [1, 2],
            "long": "x".repeat(200),
        });
        let mut out = Vec::new();
        evidence_table(&mut out, Style::plain(), &evidence).unwrap();
        let text = String::from_utf8(out).unwrap();
        assert!(text.contains("  speedup      1.5\n"), "{text}");
        assert!(text.contains("  run.threads  4\n"), "{text}");
        assert!(text.contains("  run.label    io\n"), "{text}");
        assert!(text.contains("  run.empty    {}\n"), "{text}");
        assert!(text.contains("  items        [1,2]\n"), "{text}");
        assert!(
            text.contains(&format!(
                "{}…",
                "x".repeat(terminal::columns() - (11 + 4) - 1)
            )),
            "{text}"
        );
    }
}
