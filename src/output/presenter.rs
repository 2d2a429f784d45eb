//! Presenter mode (`--step`): a snippet shown and run section by section, at the pace of the
//! person on stage.
//!
//! For each `# %%` section: its title and its code (highlighted on a colour terminal; a page at
//! a time when it is taller than the screen), a pause until Enter, the live output of running it
//! — in the same globals as the sections before, so the snippet behaves as it does whole — then
//! the verdicts of the claims whose evidence that section recorded. On a terminal a second pause
//! keeps that output and those verdicts on screen until the presenter moves on. `q` stops
//! cleanly. The Enters come from standard input, so a pipe drives it (one Enter per section);
//! when input ends, the rest runs without pausing, so it never hangs.

use std::collections::HashMap;
use std::io::{IsTerminal, Write};

use serde_json::Value;

use crate::demos::Demo;
use crate::output::highlight;
use crate::output::prompt::{self, Go, Reply};
use crate::output::render::{self, Style};
use crate::output::terminal;
use crate::python::interpreter::{self, Session, Stop};
use crate::report::{changed_keys, SectionRun};
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
    /// What each section that ran printed and recorded, for the report's slides.
    pub sections: Vec<SectionRun>,
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
        sections: Vec::new(),
    };
    let mut recorded = Value::Object(serde_json::Map::new());
    // Pauses that only a person needs (between pages, after a section's output) are made on a
    // terminal only: from a pipe every line read is a section's Enter.
    let at_terminal = std::io::stdin().is_terminal() && std::io::stdout().is_terminal();
    for (index, section) in sections.iter().enumerate() {
        let title = heading(section, index + 1, sections.len());
        if show_section(out, style, section, &title, at_terminal && !pacing.autoplay)?
            == Paged::Quit
        {
            presented.ending = Ending::Quit;
            writeln!(out, "{}", style.dim("Stopped by the presenter."))?;
            break;
        }
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
        if chunk.output.is_empty() && chunk.stop.is_none() {
            writeln!(out, "{}", style.dim(&silent_section(section.text)))?;
        }
        presented.output.push_str(&chunk.output);
        presented.duration += chunk.duration;
        let mut run = SectionRun::of(section, sections.len());
        run.output = chunk.output;
        run.duration = chunk.duration;
        let evidence = session.evidence();
        if let Ok(evidence) = &evidence {
            run.evidence_keys = changed_keys(&recorded, evidence);
            recorded = evidence.clone();
        }
        presented.sections.push(run);
        if let SectionKind::Quiz { why, .. } = &section.kind {
            if !why.is_empty() {
                let text = textwrap::fill(&format!("Why: {}", why.join(" ")), 78);
                writeln!(out, "{}", style.dim(&text))?;
            }
        }
        if let Some(demo) = demo {
            // Unreadable evidence is reported once, when the demo ends.
            if let Ok(evidence) = &evidence {
                show_new_verdicts(out, style, demo, evidence, &mut judged)?;
            }
        }
        if chunk.stop.is_some() {
            let rest: Vec<String> = (index + 1..sections.len())
                .map(|later| heading(&sections[later], later + 1, sections.len()))
                .collect();
            if !rest.is_empty() {
                let why = match &chunk.stop {
                    Some(Stop::Raised(error)) => format!("it raised {}", error.kind),
                    Some(Stop::TimedOut { .. }) => "it ran past --timeout".to_owned(),
                    Some(Stop::Interrupted(_)) => "Ctrl-C".to_owned(),
                    Some(Stop::Exited { .. }) => "it called sys.exit".to_owned(),
                    Some(Stop::HostFailed(_)) | None => "the host could not run it".to_owned(),
                };
                writeln!(
                    out,
                    "{}",
                    style.dim(&format!(
                        "Stopped in [{}/{}] ({why}); not run: {}",
                        index + 1,
                        sections.len(),
                        rest.join(" · ")
                    ))
                )?;
            }
            presented.stop = chunk.stop;
            break;
        }
        let next = sections.get(index + 1);
        if let (Some(next), true, false) = (next, at_terminal, pacing.autoplay) {
            let hint = style.dim(&format!(
                "▶ Enter shows {} · q + Enter stops ",
                heading(next, index + 2, sections.len())
            ));
            match prompt::ask(out, &hint)? {
                Reply::Line(line) if prompt::presenter_intent(&line) == Go::Quit => {
                    presented.ending = Ending::Quit;
                    writeln!(out, "{}", style.dim("Stopped by the presenter."))?;
                    break;
                }
                Reply::Line(_) => {}
                Reply::EndOfInput => pacing.autoplay = true,
                Reply::Interrupted => {
                    presented.ending = Ending::Interrupted;
                    break;
                }
            }
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

/// "[3/9] Claim: …", the section's place and title.
fn heading(section: &Section<'_>, number: usize, total: usize) -> String {
    format!("[{number}/{total}] {}", section.heading(total))
}

/// Whether the presenter let a paged section's code run.
#[derive(Debug, PartialEq, Eq)]
enum Paged {
    Shown,
    Quit,
}

/// The section's heading and code; with `paging`, code taller than the screen a page at a time
/// (Enter for the next page), so that no line scrolls away unseen.
fn show_section(
    out: &mut impl Write,
    style: Style,
    section: &Section<'_>,
    heading: &str,
    paging: bool,
) -> std::io::Result<Paged> {
    writeln!(out)?;
    writeln!(out, "{}", style.bold(heading))?;
    let lines = section.display_lines();
    // Room for the heading, the prompt under the page and a line of context above.
    let page = terminal::size().map_or(usize::MAX, |(_, rows)| rows.saturating_sub(4).max(5));
    let mut shown = 0;
    while shown < lines.len() {
        let end = if paging {
            (shown + page).min(lines.len())
        } else {
            lines.len()
        };
        write!(out, "{}", highlight::numbered(&lines[shown..end], style))?;
        shown = end;
        if shown < lines.len() {
            let hint = style.dim(&format!(
                "▼ Enter shows {} more line{} · q + Enter stops ",
                lines.len() - shown,
                if lines.len() - shown == 1 { "" } else { "s" }
            ));
            match prompt::ask(out, &hint)? {
                Reply::Line(line) if prompt::presenter_intent(&line) == Go::Quit => {
                    return Ok(Paged::Quit)
                }
                Reply::Line(_) => {}
                // The rest of the code at once; the run prompt that follows decides the rest.
                Reply::EndOfInput | Reply::Interrupted => {
                    write!(out, "{}", highlight::numbered(&lines[shown..], style))?;
                    shown = lines.len();
                }
            }
        }
    }
    if let SectionKind::Quiz { choices, .. } = &section.kind {
        for (letter, choice) in ('a'..='z').zip(choices) {
            writeln!(out, "   {letter}) {choice}")?;
        }
    }
    Ok(Paged::Shown)
}

/// What to say for a section that printed nothing: the names it defines at its top level
/// (`def`, `class`, assignments), so the step is not a blank.
fn silent_section(code: &str) -> String {
    let mut names: Vec<&str> = Vec::new();
    for line in code.lines() {
        let defined = ["def ", "async def ", "class "]
            .iter()
            .find_map(|keyword| line.strip_prefix(keyword))
            .map(|rest| rest.split(['(', ':', ' ']).next().unwrap_or(""))
            .or_else(|| {
                let (target, rest) = line.split_once('=')?;
                let target = target.trim_end();
                let plain_name = !target.is_empty()
                    && !target.starts_with(|c: char| c.is_ascii_digit())
                    && target.chars().all(|c| c.is_alphanumeric() || c == '_');
                (plain_name && !rest.starts_with('=')).then_some(target)
            });
        if let Some(name) = defined.filter(|name| !name.is_empty()) {
            if !names.contains(&name) {
                names.push(name);
            }
        }
    }
    if names.is_empty() {
        "(this section prints nothing)".to_owned()
    } else {
        format!("(prints nothing; defines {})", names.join(", "))
    }
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_silent_section_names_what_it_defines() {
        let code = "# %% Helpers\ndef slow_square(n):\n    return n * n\n\nasync def fetch():\n    pass\nclass Box:\n    x = 1\nLIMIT = 10\nLIMIT == 3\ncounter[0] = 1\n";
        assert_eq!(
            silent_section(code),
            "(prints nothing; defines slow_square, fetch, Box, LIMIT)"
        );
        assert_eq!(silent_section("pass\n"), "(this section prints nothing)");
    }
}
