//! Showing reports: for people on a terminal (colour when it is a terminal and allowed), and as
//! one JSON object per line for programs.

use std::io::{self, Write};

use crate::demos::Question;
use crate::report::{Claim, Report, Verdict};

/// Text width of explanations: readable on a projector, fits an 80-column terminal's indent.
const WRAP_WIDTH: usize = 78;
const INDENT: &str = "               ";

/// Whether to colour: `--no-color`, `NO_COLOR` and non-terminal output all say no.
#[derive(Debug, Clone, Copy)]
pub struct Style {
    pub color: bool,
}

impl Style {
    pub fn detect(no_color_flag: bool) -> Style {
        use std::io::IsTerminal;
        let no_color_env = std::env::var_os("NO_COLOR").is_some_and(|value| !value.is_empty());
        Style {
            color: !no_color_flag && !no_color_env && io::stdout().is_terminal(),
        }
    }

    fn paint(self, code: &str, text: &str) -> String {
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

    fn verdict(self, verdict: Verdict) -> String {
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

/// The banner printed before a demo's live output.
pub fn header(out: &mut impl Write, style: Style, question: &Question) -> io::Result<()> {
    let title = format!(
        "Question {} · {} — {}",
        question.number, question.name, question.title
    );
    writeln!(out)?;
    writeln!(out, "{}", style.bold(&title))?;
    writeln!(out, "{}", style.dim(&"─".repeat(title.chars().count())))?;
    out.flush()
}

/// The verdicts after the live output.
pub fn verdicts(out: &mut impl Write, style: Style, report: &Report) -> io::Result<()> {
    if let Some(error) = &report.error {
        writeln!(
            out,
            "{}",
            style.bold(&format!(
                "The snippet stopped: {}: {}",
                error.kind, error.message
            ))
        )?;
    }
    writeln!(out)?;
    writeln!(
        out,
        "{}",
        style.dim(&format!("Verdicts ({} ms)", report.duration_ms))
    )?;
    for claim in &report.claims {
        claim_block(out, style, claim)?;
    }
    out.flush()
}

fn claim_block(out: &mut impl Write, style: Style, claim: &Claim) -> io::Result<()> {
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
    for line in textwrap::wrap(&format!("“{}”", claim.claim), WRAP_WIDTH) {
        writeln!(out, "{INDENT}{}", style.dim(&line))?;
    }
    for line in textwrap::wrap(&claim.explanation, WRAP_WIDTH) {
        writeln!(out, "{INDENT}{line}")?;
    }
    Ok(())
}

/// One line of tallies after several demos.
pub fn summary(out: &mut impl Write, style: Style, reports: &[Report]) -> io::Result<()> {
    let verdicts = [
        Verdict::Confirmed,
        Verdict::Refuted,
        Verdict::Nuanced,
        Verdict::Inconclusive,
        Verdict::Skipped,
    ];
    let counts: Vec<String> = verdicts
        .iter()
        .map(|&verdict| {
            let count = reports
                .iter()
                .flat_map(|report| &report.claims)
                .filter(|claim| claim.verdict == verdict)
                .count();
            format!("{count} {}", verdict.as_str())
        })
        .collect();
    let claims: usize = reports.iter().map(|report| report.claims.len()).sum();
    writeln!(out)?;
    writeln!(
        out,
        "{}",
        style.bold(&format!(
            "{} demos, {claims} claims: {}",
            reports.len(),
            counts.join(", ")
        ))
    )
}

/// `--json`: the report as one line.
pub fn json_line(out: &mut impl Write, report: &Report) -> anyhow::Result<()> {
    serde_json::to_writer(&mut *out, report)?;
    writeln!(out)?;
    out.flush()?;
    Ok(())
}
