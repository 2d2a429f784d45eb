//! `pyconcepts show NAME`: a demo's snippet, highlighted.
//!
//! One rule for decorations, as bat has: on a terminal (or with colour forced) the code gets line
//! numbers, and colour unless `--no-color`; to a pipe, or with `--plain`, it is the file's exact
//! text, so `pyconcepts show NAME > copy.py` gives a runnable copy.

use std::io::IsTerminal;
use std::path::Path;

use crate::cli::LineRange;
use crate::demos;
use crate::errors::{Outcome, UsageError};
use crate::output::render::Style;
use crate::output::{highlight, pager};

/// What to show.
pub struct Request<'a> {
    pub name: &'a str,
    pub lines: Option<LineRange>,
    pub plain: bool,
    /// Page a text taller than the terminal.
    pub pager: bool,
}

pub fn run(
    request: &Request,
    snippets_dir: Option<&Path>,
    style: Style,
) -> anyhow::Result<Outcome> {
    let (_, demo) = demos::lookup(request.name)?;
    let source = demo.snippet.load(snippets_dir)?;
    let total = source.code.lines().count();
    let range = request.lines.unwrap_or(LineRange {
        first: 1,
        last: None,
    });
    if range.first > total {
        return Err(UsageError(format!(
            "--lines {}: {} has {total} lines",
            range.first, source.file_name
        ))
        .into());
    }
    let last = range.last.unwrap_or(total).min(total);
    let decorated = !request.plain && (style.color || std::io::stdout().is_terminal());
    let text = if decorated {
        let lines: Vec<(usize, &str)> = source
            .code
            .lines()
            .enumerate()
            .map(|(index, line)| (index + 1, line))
            .filter(|(number, _)| (range.first..=last).contains(number))
            .collect();
        highlight::numbered(&lines, style)
    } else if request.lines.is_none() {
        source.code.clone()
    } else {
        source
            .code
            .split_inclusive('\n')
            .skip(range.first - 1)
            .take(last + 1 - range.first)
            .collect()
    };
    pager::show(&text, request.pager)?;
    Ok(Outcome::Success)
}
