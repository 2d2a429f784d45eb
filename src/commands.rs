//! What each subcommand does. Everything that can be checked without Python (names, parameters,
//! snippet files) is checked before the interpreter starts, so usage errors are instant.

use std::io::{self, Write};
use std::path::Path;

use anyhow::Context;

use crate::cli::{Cli, Command, DemoArgs};
use crate::demos::{self, Demo, Question, QUESTIONS};
use crate::errors::{Outcome, UsageError};
use crate::params::{self, ParamKind};
use crate::render::{self, Style};
use crate::report::Report;
use crate::snippets::{self, SnippetSource};
use crate::interpreter;

pub fn run(cli: Cli) -> anyhow::Result<Outcome> {
    let style = Style::detect(cli.no_color);
    if let Some(dir) = &cli.snippets_dir {
        snippets::check_dir(dir)?;
    }
    let snippets_dir = cli.snippets_dir.as_deref();
    match cli.command {
        Command::List => list(style),
        Command::Show { name } => show(&name, snippets_dir),
        Command::Info { json } => info(json),
        Command::Demo(args) => demo(&args, style, snippets_dir),
    }
}

fn list(style: Style) -> anyhow::Result<Outcome> {
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
            };
            let default = spec.default.map_or(String::new(), |d| format!(", default {d}"));
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
    Ok(Outcome::Success)
}

fn show(name: &str, snippets_dir: Option<&Path>) -> anyhow::Result<Outcome> {
    let (_, demo) = available(name)?;
    let source = demo.snippet.load(snippets_dir)?;
    io::stdout().lock().write_all(source.code.as_bytes())?;
    Ok(Outcome::Success)
}

fn info(json: bool) -> anyhow::Result<Outcome> {
    interpreter::start()?;
    let details = interpreter::details()?;
    let mut out = io::stdout().lock();
    if json {
        serde_json::to_writer(&mut out, &details)?;
        writeln!(out)?;
    } else {
        for (key, value) in &details {
            let value = value
                .as_str()
                .map_or_else(|| value.to_string(), str::to_owned);
            writeln!(out, "{:<18} {value}", format!("{key}:"))?;
        }
    }
    Ok(Outcome::Success)
}

/// A demo ready to run: everything the command line said about it, checked.
struct Planned {
    question: &'static Question,
    demo: &'static Demo,
    source: SnippetSource,
    params: serde_json::Map<String, serde_json::Value>,
}

fn demo(args: &DemoArgs, style: Style, snippets_dir: Option<&Path>) -> anyhow::Result<Outcome> {
    let plan = plan(args, snippets_dir)?;
    interpreter::start()?;
    let python = interpreter::identity()?;
    let mut out = io::stdout().lock();
    let mut reports = Vec::new();
    let mut outcome = Outcome::Success;
    for planned in &plan {
        if !args.json {
            render::header(&mut out, style, planned.question)?;
        }
        let echo = !args.json && !args.quiet;
        let run = interpreter::run_snippet(&planned.source, &planned.params, echo)
            .with_context(|| format!("running demo {}", planned.question.name))?;
        if let Some(error) = &run.error {
            if !run.interrupted {
                // The traceback goes to stderr in every mode: it names the snippet's file and line.
                eprint!("{}", error.traceback);
            }
        }
        let stopped_early = run.error.as_ref().map(|error| {
            if run.interrupted {
                "the demo was interrupted (Ctrl-C) before this claim was checked".to_owned()
            } else {
                format!(
                    "the snippet raised {} before this claim was checked",
                    error.kind
                )
            }
        });
        let verdicts = planned.demo.judge(&run.evidence, stopped_early.as_deref());
        let report = Report {
            demo: planned.question.name,
            question: planned.question.number,
            title: planned.question.title,
            python: python.clone(),
            claims: verdicts.claims,
            output: run.output,
            duration_ms: u64::try_from(run.duration.as_millis()).unwrap_or(u64::MAX),
            error: run.error,
            unreadable_evidence: verdicts.unreadable_evidence,
        };
        if args.json {
            render::json_line(&mut out, &report)?;
        } else {
            render::verdicts(&mut out, style, &report)?;
        }
        if run.interrupted {
            return Ok(Outcome::Interrupted);
        }
        interpreter::check_interrupt()?;
        if report.failed() {
            outcome = Outcome::DemoFailed;
        }
        reports.push(report);
    }
    if !args.json && reports.len() > 1 {
        render::summary(&mut out, style, &reports)?;
    }
    Ok(outcome)
}

/// Resolves names, loads snippets and checks parameters: every usage error, before Python starts.
fn plan(args: &DemoArgs, snippets_dir: Option<&Path>) -> anyhow::Result<Vec<Planned>> {
    let mut selected: Vec<(&'static Question, &'static Demo)> = Vec::new();
    for target in &args.demos {
        if target == "all" {
            selected.extend(QUESTIONS.iter().filter_map(|q| q.demo.map(|demo| (q, demo))));
        } else {
            selected.push(available(target)?);
        }
    }
    let specs: Vec<_> = selected
        .iter()
        .flat_map(|(_, demo)| demo.params.iter())
        .collect();
    params::check_known(&args.params, &specs)?;
    selected
        .into_iter()
        .map(|(question, demo)| {
            Ok(Planned {
                question,
                demo,
                source: demo.snippet.load(snippets_dir)?,
                params: params::for_demo(demo.params, &args.params)?,
            })
        })
        .collect()
}

/// The demo of a question given by name or number, or a usage error that helps.
fn available(target: &str) -> Result<(&'static Question, &'static Demo), UsageError> {
    if target.contains(['/', '\\']) || target.starts_with('.') || target.ends_with(".py") {
        return Err(UsageError(format!(
            "{target:?} looks like a path; demos are named (see `pyconcepts list`), and \
             --snippets-dir DIR loads edited snippets"
        )));
    }
    let Some(question) = demos::find(target) else {
        let closest = closest_names(target);
        let hint = if closest.is_empty() {
            "see `pyconcepts list`".to_owned()
        } else {
            format!("did you mean {}?", closest.join(" or "))
        };
        return Err(UsageError(format!("no demo named {target:?}; {hint}")));
    };
    match question.demo {
        Some(demo) => Ok((question, demo)),
        None => Err(UsageError(format!(
            "demo {} (question {}) is not available yet",
            question.name, question.number
        ))),
    }
}

fn closest_names(target: &str) -> Vec<&'static str> {
    let mut scored: Vec<(f64, &'static str)> = QUESTIONS
        .iter()
        .map(|question| (strsim::jaro_winkler(target, question.name), question.name))
        .filter(|(score, _)| *score > 0.75)
        .collect();
    scored.sort_by(|a, b| b.0.total_cmp(&a.0));
    scored.into_iter().take(2).map(|(_, name)| name).collect()
}
