//! `pyconcepts show NAME`: a demo's snippet, highlighted.

use std::io::{self, Write};
use std::path::Path;

use crate::demos;
use crate::errors::Outcome;
use crate::output::highlight;
use crate::output::render::Style;

pub fn run(name: &str, snippets_dir: Option<&Path>, style: Style) -> anyhow::Result<Outcome> {
    let (_, demo) = demos::lookup(name)?;
    let source = demo.snippet.load(snippets_dir)?;
    let text = highlight::file(&source.code, style.color);
    io::stdout().lock().write_all(text.as_bytes())?;
    Ok(Outcome::Success)
}
