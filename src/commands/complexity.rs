//! `pyconcepts complexity [OPERATION...]`: measures rows of the time-complexity table in the
//! embedded interpreter, one run of the table's snippet per row (so each row starts from a clean
//! interpreter and its memory is freed before the next), judges each as it comes, and shows it:
//! a line on the terminal, or a JSON object per line, and optionally a report.

use std::io::{self, IsTerminal, Write};
use std::path::Path;
use std::time::Instant;

use serde_json::{Map, Value};

use crate::cli::ComplexityArgs;
use crate::complexity::table::evidence::Measured;
use crate::complexity::table::judge::{judge, Judged};
use crate::complexity::table::report::{self, Context};
use crate::complexity::table::rows::{self, Container, Row, ROWS};
use crate::complexity::table::runs::Stability;
use crate::complexity::table::terminal::{self, Columns, Progress};
use crate::complexity::table::SNIPPET;
use crate::errors::{Outcome, UsageError};
use crate::export;
use crate::output::render::Style;
use crate::python::interpreter::{self, Mode, Setup, Stop};
use crate::snippets::{self, SharedModule, SnippetSource};

pub fn run(
    args: &ComplexityArgs,
    style: Style,
    snippets_dir: Option<&Path>,
) -> anyhow::Result<Outcome> {
    if args.list {
        return list(style);
    }
    let rows = select(&args.operations)?;
    if let Some(path) = &args.report {
        export::check_path(path)?;
    }
    let source = SNIPPET.load(snippets_dir)?;
    let shared_modules = snippets::shared_modules(snippets_dir)?;
    interpreter::start()?;
    let python = interpreter::identity()?;
    let columns = Columns::for_rows(&rows);
    let mut out = io::stdout();
    let mut progress = Progress::new(!args.json && io::stderr().is_terminal());
    let started = Instant::now();
    let mut runs: Vec<Vec<Judged>> = Vec::new();
    let mut outcome = Outcome::Success;
    for run in 1..=args.runs {
        if !args.json {
            if run == 1 {
                terminal::header(&mut out, style, &python, columns, args.quick)?;
            } else {
                writeln!(
                    out,
                    "\n{}",
                    style.bold(&format!("Run {run} of {}", args.runs))
                )?;
            }
        }
        let mut judged_rows = Vec::new();
        let mut group: Option<Container> = None;
        for (index, row) in rows.iter().enumerate() {
            let mut place = format!("{}/{}", index + 1, rows.len());
            if args.runs > 1 {
                place.push_str(&format!(", run {run}/{}", args.runs));
            }
            progress.show(style, &format!("  measuring {} ({place})…", row.operation));
            let measured = measure(row, &source, &shared_modules, args.quick)?;
            progress.clear();
            let measured = match measured {
                Measurement::Done(measured) => Ok(*measured),
                Measurement::Failed(why) => {
                    outcome = Outcome::DemoFailed;
                    Err(why)
                }
                Measurement::Interrupted => return Ok(Outcome::Interrupted),
            };
            let mut judged = judge(row, measured);
            if args.runs > 1 {
                judged.run = Some(run);
            }
            if args.json {
                serde_json::to_writer(&mut out, &judged)?;
                writeln!(out)?;
                out.flush()?;
            } else {
                if group != Some(row.container) {
                    terminal::group(&mut out, style, row.container)?;
                    group = Some(row.container);
                }
                terminal::row(&mut out, style, columns, row, &judged)?;
            }
            judged_rows.push(judged);
            // Ctrl-C pressed while the host judged or printed.
            interpreter::check_interrupt()?;
        }
        runs.push(judged_rows);
    }
    let elapsed = started.elapsed();
    let stability = (runs.len() > 1).then(|| Stability::of(&runs));
    let last = runs.last().map_or(&[][..], Vec::as_slice);
    if !args.json {
        terminal::closing(&mut out, style, last, elapsed)?;
        if let Some(stability) = &stability {
            terminal::stability(&mut out, style, stability)?;
        }
    }
    if let Some(path) = &args.report {
        let context = Context {
            python: &python,
            date: report::date_now(),
            quick: args.quick,
            seconds: elapsed.as_secs_f64(),
            stability: stability.as_ref(),
        };
        let written = report::write(path, &context, last)?;
        let names: Vec<String> = written.iter().map(|p| p.display().to_string()).collect();
        eprintln!("pyconcepts: report written to {}", names.join(", "));
    }
    Ok(outcome)
}

/// The rows the command line names, in the table's order; all of them when it names none.
/// Every name is checked before Python starts.
fn select(names: &[String]) -> Result<Vec<&'static Row>, UsageError> {
    if names.is_empty() {
        return Ok(ROWS.iter().collect());
    }
    let mut wanted: Vec<&'static Row> = Vec::new();
    for name in names {
        let Some(found) = rows::named(name) else {
            let closest = rows::closest(name);
            let hint = if closest.is_empty() {
                "see `pyconcepts complexity --list`".to_owned()
            } else {
                let quoted: Vec<String> = closest.iter().map(|name| format!("{name:?}")).collect();
                format!("did you mean {}?", quoted.join(" or "))
            };
            return Err(UsageError(format!(
                "no operation or container named {name:?}; {hint}"
            )));
        };
        wanted.extend(found);
    }
    Ok(ROWS
        .iter()
        .filter(|row| wanted.iter().any(|w| w.operation == row.operation))
        .collect())
}

/// `--list`: the rows, grouped, without measuring anything.
fn list(style: Style) -> anyhow::Result<Outcome> {
    let mut out = io::stdout().lock();
    for container in Container::ALL {
        writeln!(out, "{}", style.bold(container.title()))?;
        for row in ROWS.iter().filter(|row| row.container == container) {
            let beyond = if row.beyond_the_table {
                "  (beyond the wiki's table)"
            } else {
                ""
            };
            writeln!(
                out,
                "  {:<30} {:<24} {:<10} {}{}",
                row.operation,
                row.documented,
                row.timing.label(),
                style.dim(row.size),
                style.dim(beyond)
            )?;
        }
    }
    Ok(Outcome::Success)
}

/// How measuring one row ended.
enum Measurement {
    Done(Box<Measured>),
    /// The snippet raised, or left measurements that cannot be read: why.
    Failed(String),
    /// Ctrl-C (or SIGTERM) stopped the snippet.
    Interrupted,
}

/// Runs the snippet for one row and reads its measurements.
fn measure(
    row: &Row,
    source: &SnippetSource,
    shared_modules: &[SharedModule],
    quick: bool,
) -> anyhow::Result<Measurement> {
    let mut params = Map::new();
    params.insert("operations".to_owned(), Value::from(vec![row.operation]));
    params.insert("quick".to_owned(), Value::Bool(quick));
    let setup = Setup {
        mode: Mode::Snippet { params },
        echo: false,
        frames: false,
        timeout: None,
        buffered_output: false,
        shared_modules: shared_modules.to_vec(),
        // The table's report is its own page, with no slides of the snippet's sections.
        by_sections: false,
    };
    let run = interpreter::run(source, &setup)?;
    match &run.stop {
        Some(Stop::Interrupted(_)) => return Ok(Measurement::Interrupted),
        Some(stop) => {
            let error = stop.clone().into_error();
            if error.traceback.is_empty() {
                eprintln!(
                    "pyconcepts: complexity {}: {}: {}",
                    row.operation, error.kind, error.message
                );
            } else {
                eprint!("{}", error.traceback);
            }
            return Ok(Measurement::Failed(format!(
                "the snippet stopped: {}: {}",
                error.kind, error.message
            )));
        }
        None => {}
    }
    if let Some(why) = run.evidence_error {
        return Ok(Measurement::Failed(format!(
            "the snippet's EVIDENCE cannot be read: {why}"
        )));
    }
    let Some(recorded) = run.evidence.get(row.operation) else {
        return Ok(Measurement::Failed(
            "the snippet recorded no measurements for it".to_owned(),
        ));
    };
    Ok(match serde_json::from_value::<Measured>(recorded.clone()) {
        Ok(measured) => Measurement::Done(Box::new(measured)),
        Err(why) => Measurement::Failed(format!("its measurements cannot be read: {why}")),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn operations_and_containers_select_rows_in_the_tables_order() {
        let rows = select(&["x in set".to_owned(), "list".to_owned()]).unwrap();
        assert_eq!(rows[0].operation, "list.copy()");
        assert_eq!(rows.last().unwrap().operation, "x in set");
        assert_eq!(select(&[]).unwrap().len(), ROWS.len());
        let twice = select(&["len(list)".to_owned(), "len(list)".to_owned()]).unwrap();
        assert_eq!(twice.len(), 1);
    }

    #[test]
    fn an_unknown_operation_is_a_usage_error_with_a_suggestion() {
        let err = select(&["list.pop(1)".to_owned()]).unwrap_err();
        assert!(
            err.0.contains("did you mean") && err.0.contains("\"list.pop(0)\""),
            "{}",
            err.0
        );
        let err = select(&["frobnicate".to_owned()]).unwrap_err();
        assert!(err.0.contains("--list"), "{}", err.0);
    }
}
