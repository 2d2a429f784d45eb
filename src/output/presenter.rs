//! Presenter mode (`--step`): a snippet shown and run section by section, at the pace of the
//! person on stage.
//!
//! For each `# %%` section: its title and its code (highlighted on a colour terminal), a pause
//! until Enter, the live output of running it — in the same globals as the sections before, so
//! the snippet behaves as it does whole — then the verdicts of the claims whose evidence that
//! section recorded. `q` stops cleanly. The Enters come from standard input, so a pipe drives it;
//! when input ends, the rest runs without pausing, so it never hangs.

use std::collections::HashMap;
use std::io::Write;

use serde_json::Value;

use crate::demos::Demo;
use crate::output::highlight;
use crate::output::prompt::{self, Go, Reply};
use crate::output::render::{self, Style};
use crate::python::interpreter::{self, Session, Stop};
use crate::snippets::sections::{self, Section, SectionKind};
use crate::snippets::SnippetSource;

/// Whether the presenter still answers prompts; shared by all demos of one command.
#[derive(Debug, Default)]
pub struct Pacing {
    /// Input ended: run everything else without pausing.
    pub autoplay: bool,
}

/// How a presentation ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ending {
    /// Every section ran (or one raised or timed out: the stop says which).
    Finished,
    /// The presenter typed `q`.
    Quit,
    /// Ctrl-C at a prompt.
    Interrupted,
}

/// What a presentation produced; the caller judges and reports it.
pub struct Presented {
    pub ending: Ending,
    /// Why the snippet stopped early, if it did (raised, Ctrl-C, timeout).
    pub stop: Option<Stop>,
    pub output: String,
    pub duration: std::time::Duration,
}

/// Presents `source` in `session` (already open), section by section. With a demo, the verdicts
/// of claims whose evidence appeared (or changed) in a section are shown after it.
pub fn present(
    out: &mut impl Write,
    style: Style,
    source: &SnippetSource,
    demo: Option<&Demo>,
    session: &mut Session,
    pacing: &mut Pacing,
) -> anyhow::Result<Presented> {
    let sections = sections::runnable(&source.code, |text| {
        interpreter::compiles(text, &source.file_name)
    });
    let mut judged: HashMap<&'static str, Value> = HashMap::new();
    let mut presented = Presented {
        ending: Ending::Finished,
        stop: None,
        output: String::new(),
        duration: std::time::Duration::ZERO,
    };
    for (index, section) in sections.iter().enumerate() {
        show_section(out, style, section, index + 1, sections.len())?;
        if !pacing.autoplay {
            let hint = style.dim("▶ Enter runs this section · q + Enter stops ");
            match prompt::ask(out, &hint)? {
                Reply::Line(line) if prompt::presenter_intent(&line) == Go::Quit => {
                    presented.ending = Ending::Quit;
                    writeln!(out, "{}", style.dim("Stopped by the presenter."))?;
                    break;
                }
                Reply::Line(_) => {}
                Reply::EndOfInput => {
                    pacing.autoplay = true;
                    writeln!(
                        out,
                        "{}",
                        style.dim("(end of input: the rest runs without pausing)")
                    )?;
                }
                Reply::Interrupted => {
                    presented.ending = Ending::Interrupted;
                    break;
                }
            }
        }
        out.flush()?;
        let chunk = session.run_chunk(&section.padded_code())?;
        ensure_line_end(out, &chunk.output)?;
        presented.output.push_str(&chunk.output);
        presented.duration += chunk.duration;
        if let SectionKind::Quiz { why, .. } = &section.kind {
            if !why.is_empty() {
                let text = textwrap::fill(&format!("Why: {}", why.join(" ")), 78);
                writeln!(out, "{}", style.dim(&text))?;
            }
        }
        if let Some(demo) = demo {
            // Unreadable evidence is reported once, when the demo ends.
            if let Ok(evidence) = session.evidence() {
                show_new_verdicts(out, style, demo, &evidence, &mut judged)?;
            }
        }
        if chunk.stop.is_some() {
            presented.stop = chunk.stop;
            break;
        }
    }
    out.flush()?;
    Ok(presented)
}

/// Leaves the cursor at the start of a line after live output that did not end one.
pub fn ensure_line_end(out: &mut impl Write, output: &str) -> std::io::Result<()> {
    if !output.is_empty() && !output.ends_with('\n') {
        writeln!(out)?;
    }
    Ok(())
}

fn show_section(
    out: &mut impl Write,
    style: Style,
    section: &Section<'_>,
    number: usize,
    total: usize,
) -> std::io::Result<()> {
    let title = match &section.kind {
        SectionKind::Quiz { question, .. } => format!("Predict: {question}"),
        SectionKind::Story if section.title.is_empty() && total > 1 => "Set-up".to_owned(),
        SectionKind::Story if section.title.is_empty() => "The whole snippet".to_owned(),
        SectionKind::Story => section.title.to_owned(),
    };
    let heading = format!("[{number}/{total}] {title}");
    writeln!(out)?;
    writeln!(out, "{}", style.bold(&heading))?;
    write!(
        out,
        "{}",
        highlight::numbered(&section.display_lines(), style)
    )?;
    if let SectionKind::Quiz { choices, .. } = &section.kind {
        for (letter, choice) in ('a'..='z').zip(choices) {
            writeln!(out, "   {letter}) {choice}")?;
        }
    }
    Ok(())
}

/// Shows each claim whose evidence is new or changed since the last section, judged now.
fn show_new_verdicts(
    out: &mut impl Write,
    style: Style,
    demo: &Demo,
    evidence: &Value,
    judged: &mut HashMap<&'static str, Value>,
) -> std::io::Result<()> {
    let changed: Vec<&'static str> = demo
        .claims
        .iter()
        .map(|spec| spec.evidence_key())
        .filter(|key| match evidence.get(*key) {
            Some(value) => judged.get(key) != Some(value),
            None => false,
        })
        .collect();
    if changed.is_empty() {
        return Ok(());
    }
    let verdicts = demo.judge(evidence, None);
    writeln!(out)?;
    for (spec, claim) in demo.claims.iter().zip(&verdicts.claims) {
        let key = spec.evidence_key();
        if changed.contains(&key) {
            render::claim_block(out, style, claim)?;
            judged.insert(key, evidence[key].clone());
        }
    }
    Ok(())
}
