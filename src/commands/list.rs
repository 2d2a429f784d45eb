//! `pyconcepts list`: the article's questions, their demos' claim counts, what their demos do
//! with `--frames` and the other runtimes, and their parameters; and
//! `--list-themes`, the colours for code.

use std::io::{self, Write};

use crate::demos::{Demo, QUESTIONS};
use crate::errors::Outcome;
use crate::output::highlight;
use crate::output::render::Style;
use crate::output::terminal;
use crate::output::theme::THEMES;

/// The columns before the title: the number (3), two spaces, the name (16), a space and the
/// claim count (`7 claims  `, 10).
const TITLE_COLUMN: usize = 3 + 2 + 16 + 1 + 10;

pub fn run(style: Style) -> anyhow::Result<Outcome> {
    let mut out = io::stdout().lock();
    let width = terminal::text_width();
    let title_width = width.saturating_sub(TITLE_COLUMN).max(20);
    let hanging = " ".repeat(TITLE_COLUMN);
    for question in &QUESTIONS {
        let status = match question.demo {
            Some(demo) => format!("{} claims", demo.claims.len()),
            None => "not yet".to_owned(),
        };
        let title = textwrap::wrap(question.title, title_width).join(&format!("\n{hanging}"));
        writeln!(
            out,
            "{:>3}  {:<16} {:<10}{title}",
            question.number,
            question.name,
            if question.demo.is_some() {
                status
            } else {
                style.dim(&status)
            }
        )?;
        let note = |text: &str| {
            // Options such as `--no-others` are not broken at their hyphens.
            let options = textwrap::Options::new(width)
                .initial_indent("       ")
                .subsequent_indent("           ")
                .word_splitter(textwrap::WordSplitter::NoHyphenation);
            style.dim(&textwrap::fill(text, options))
        };
        if question.demo.is_some_and(|demo| demo.draws_frames) {
            writeln!(out, "{}", note("--frames draws its call frames"))?;
        }
        if question.demo.is_some_and(Demo::compares_other_runtimes) {
            writeln!(
                out,
                "{}",
                note(
                    "compares other runtimes (PyPy, Jython, Cython): --python adds one, \
                     --no-others leaves them all out"
                )
            )?;
        }
        for spec in question.demo.map_or(&[][..], |demo| demo.params) {
            let kind = spec.kind_label();
            let default = spec
                .default
                .map_or(String::new(), |d| format!(", default {d}"));
            let line = format!("--param {}=…  {} ({kind}{default})", spec.name, spec.help);
            writeln!(out, "{}", note(&line))?;
        }
    }
    writeln!(
        out,
        "\n{}",
        style.dim(
            "Beyond the questions: `pyconcepts complexity` measures the time-complexity table of \
             list, deque, dict and set (--list names its rows)."
        )
    )?;
    Ok(Outcome::Success)
}

/// Code shown in each theme, for choosing one.
const SAMPLE: &str = "def greet(name=\"world\"):  # a comment\n    return len(name) + 42";

/// `--list-themes`: each theme's name, what it is for, and a sample in its colours.
pub fn themes(style: Style) -> anyhow::Result<Outcome> {
    let mut out = io::stdout().lock();
    for theme in &THEMES {
        writeln!(out, "{}", style.bold(&theme.to_string()))?;
        let lines: Vec<(usize, &str)> = SAMPLE
            .lines()
            .enumerate()
            .map(|(i, l)| (i + 1, l))
            .collect();
        write!(
            out,
            "{}",
            highlight::numbered(&lines, style.with_theme(theme))
        )?;
        writeln!(out)?;
    }
    writeln!(
        out,
        "Choose one with --theme NAME or PYCONCEPTS_THEME=NAME; the default is {}.",
        THEMES[0].name
    )?;
    Ok(Outcome::Success)
}
