//! `pyconcepts list`: the article's questions, their demos' claim counts and parameters.

use std::io::{self, Write};

use crate::demos::QUESTIONS;
use crate::errors::Outcome;
use crate::output::render::Style;
use crate::params::ParamKind;

pub fn run(style: Style) -> anyhow::Result<Outcome> {
    let mut out = io::stdout().lock();
    for question in &QUESTIONS {
        let status = match question.demo {
            Some(demo) => format!("{} claims", demo.claims.len()),
            None => style.dim("not yet available"),
        };
        writeln!(
            out,
            "{:>3}  {:<16} {:<64} {status}",
            question.number, question.name, question.title
        )?;
        for spec in question.demo.map_or(&[][..], |demo| demo.params) {
            let kind = match spec.kind {
                ParamKind::Int { min, max } => format!("integer {min}..={max}"),
                ParamKind::Float { min, max } => format!("number {min}..={max}"),
                ParamKind::Text => "text".to_owned(),
                ParamKind::Address => "address".to_owned(),
            };
            let default = spec
                .default
                .map_or(String::new(), |d| format!(", default {d}"));
            writeln!(
                out,
                "{}",
                style.dim(&format!(
                    "       --param {}=…  {} ({kind}{default})",
                    spec.name, spec.help
                ))
            )?;
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
