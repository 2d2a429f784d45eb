//! `pyconcepts demo NAME…`: runs demos, judges their claims, shows the verdicts and writes the
//! report. Everything that can be checked without Python is checked before the interpreter
//! starts, so usage errors are instant.

use std::io::{self, Write};
use std::path::{Path, PathBuf};

use anyhow::Context;

use crate::cli::DemoArgs;
use crate::demos::{self, ClaimsEvidence, Demo, Question, Unfinished, QUESTIONS};
use crate::errors::{Interrupted, Outcome, UsageError};
use crate::export::{self, ReportContext, RunSections, SnippetCode};
use crate::figures::Drawn;
use crate::output::presenter::{self, Ending, Pacing};
use crate::output::render::{self, Style};
use crate::output::{lanes, matrix};
use crate::params;
use crate::python::child::{self, ChildSetup};
use crate::python::interpreter::{self, ChunkRun, Mode, Session, Setup, SnippetRun, Stop};
use crate::python::signals;
use crate::report::{PythonIdentity, Report, SectionRun, SnippetError};
use crate::runtimes;
use crate::snippets::{self, SnippetSource};

/// A demo ready to run: everything the command line said about it, checked.
struct Planned {
    question: &'static Question,
    demo: &'static Demo,
    source: SnippetSource,
    params: serde_json::Map<String, serde_json::Value>,
}

pub fn run(
    args: &DemoArgs,
    style: Style,
    snippets_dir: Option<&Path>,
    pythons: &[PathBuf],
) -> anyhow::Result<Outcome> {
    if let Some(path) = &args.report {
        // Found out now, not after every demo ran.
        export::check_path(path)?;
    }
    // Each --on interpreter describes itself while the embedded one starts: with a core to
    // spare, its description then costs the run hardly more than its own snippet's start.
    let describing: Vec<_> = args
        .on
        .iter()
        .cloned()
        .map(|given| std::thread::spawn(move || child::resolve(&given)))
        .collect();
    let plan = plan(args, snippets_dir, pythons)?;
    let shared_modules = snippets::shared_modules(snippets_dir)?;
    interpreter::start()?;
    let on = describing
        .into_iter()
        .map(|thread| {
            thread.join().unwrap_or_else(|_| {
                Err(UsageError("--on: describing the interpreter failed".into()))
            })
        })
        .collect::<Result<Vec<_>, _>>()?;
    let python = interpreter::identity()?;
    // Not locked for the whole run: a snippet's threads print through the same stdout, and a
    // lock held here while the main thread waits for them would be a deadlock.
    let mut out = io::stdout();
    let mut reports = Vec::new();
    // What each report's run did section by section, in the reports' order, for the slides.
    let mut sections: Vec<Vec<SectionRun>> = Vec::new();
    let mut outcome = Outcome::Success;
    let mut pacing = Pacing::default();
    for planned in &plan {
        if !args.json {
            render::header(&mut out, style, planned.question)?;
        }
        let setup = Setup {
            mode: Mode::Snippet {
                params: planned.params.clone(),
            },
            echo: !args.json && !args.quiet,
            frames: args.frames,
            timeout: args.timeout,
            buffered_output: false,
            shared_modules: shared_modules.clone(),
            by_sections: true,
        };
        let attempt = if args.step {
            present(&mut out, style, planned, &setup, &mut pacing)
        } else {
            interpreter::run(&planned.source, &setup).map(|run| {
                let cut_short =
                    matches!(run.stop, Some(Stop::Interrupted(_) | Stop::TimedOut { .. }));
                if setup.echo && cut_short {
                    // Best effort: the next write reports a closed stdout.
                    let _ = presenter::ensure_line_end(&mut out, &run.output);
                }
                (run, Ending::Finished)
            })
        };
        // One broken demo does not take the run down: the host's failure to run it (a shared
        // module that does not import, a broken interpreter state) becomes this demo's error,
        // and the other demos still run and the report is still written. Ctrl-C and a closed
        // stdout still end the whole run.
        let (mut run, ending) = match attempt {
            Ok(done) => done,
            Err(err) if ends_the_run(&err) => return Err(err),
            Err(err) => (host_failure(format!("{err:#}")), Ending::Finished),
        };
        sections.push(std::mem::take(&mut run.sections));
        let (report, interrupted) =
            conclude(&mut out, args, style, planned, run, ending, python.clone())?;
        let mut runs = vec![report];
        let mut interrupted = interrupted;
        for other in &on {
            if interrupted {
                break;
            }
            if !args.json {
                render::other_interpreter(&mut out, style, other)?;
            }
            let child_setup = ChildSetup {
                params: &child_params(&planned.params),
                echo: !args.json && !args.quiet,
                timeout: args.timeout,
                shared_modules: &shared_modules,
            };
            let mut run = match child::run(other, &planned.source, &child_setup) {
                Ok(run) => run,
                Err(err) if ends_the_run(&err) => return Err(err),
                Err(err) => host_failure(format!("{err:#}")),
            };
            sections.push(std::mem::take(&mut run.sections));
            if child_setup.echo && run.stop.is_some() {
                let _ = presenter::ensure_line_end(&mut out, &run.output);
            }
            let (report, stopped) = conclude(
                &mut out,
                args,
                style,
                planned,
                run,
                Ending::Finished,
                other.identity.clone(),
            )?;
            interrupted = stopped;
            runs.push(report);
        }
        if runs.len() > 1 && !args.json {
            matrix::show(&mut out, style, &runs)?;
        }
        if runs.iter().any(Report::failed) {
            outcome = Outcome::DemoFailed;
        }
        reports.extend(runs);
        if interrupted {
            outcome = Outcome::Interrupted;
            break;
        }
        interpreter::check_interrupt()?;
        if ending == Ending::Quit {
            break;
        }
    }
    let demos_run = reports
        .iter()
        .filter(|report| report.python.embedded)
        .count();
    // `--step` recaps each demo as it ends; a plain run ends with every verdict on one screen.
    if !args.json && !args.step && !reports.is_empty() {
        render::short_summary(&mut out, style, &reports)?;
    }
    if !args.json && demos_run > 1 && outcome != Outcome::Interrupted {
        render::summary(&mut out, style, &reports)?;
    }
    if let Some(path) = &args.report {
        write_report(path, &reports, sections, &plan, &python)?;
    }
    Ok(outcome)
}

/// Reports one run of a demo: its failure on stderr, its claims judged, its picture and verdicts
/// (or JSON line) on stdout. Returns the report, and whether Ctrl-C or SIGTERM stopped the run.
fn conclude(
    out: &mut impl Write,
    args: &DemoArgs,
    style: Style,
    planned: &Planned,
    run: SnippetRun,
    ending: Ending,
    python: PythonIdentity,
) -> anyhow::Result<(Report, bool)> {
    let name = planned.question.name;
    let error = run.error();
    match (&run.stop, &error) {
        (Some(Stop::TimedOut { .. }), Some(error)) => {
            render::error_line(&format!("demo {name} {}", error.message));
        }
        // Ctrl-C needs no traceback: whoever pressed it knows.
        (Some(Stop::Interrupted(_)), _) => {}
        (_, Some(error)) if error.traceback.is_empty() => {
            render::error_line(&format!("demo {name}: {}", error.headline()));
        }
        // The traceback goes to stderr in every mode: it names the snippet's file and line.
        (_, Some(error)) => eprint!("{}", error.traceback),
        (_, None) => {}
    }
    if let Some(why) = &run.evidence_error {
        render::error_line(&format!("demo {name}: its EVIDENCE cannot be read: {why}"));
    }
    let unfinished = unfinished(run.stop.as_ref(), ending);
    let verdicts = match &run.evidence_error {
        Some(why) => planned.demo.unreadable(why),
        None => planned.demo.judge(&run.evidence, unfinished.as_ref()),
    };
    let interrupted =
        matches!(run.stop, Some(Stop::Interrupted(_))) || ending == Ending::Interrupted;
    // A snippet that ran to its end but left unreadable evidence failed all the same.
    let error = error.or_else(|| {
        run.evidence_error.map(|why| SnippetError {
            kind: "EvidenceError".to_owned(),
            message: why,
            traceback: String::new(),
        })
    });
    let report = Report {
        demo: planned.question.name,
        question: planned.question.number,
        title: planned.question.title,
        python,
        claims: verdicts.claims,
        output: run.output,
        duration_ms: u64::try_from(run.duration.as_millis()).unwrap_or(u64::MAX),
        error,
        unreadable_evidence: verdicts.unreadable_evidence,
    };
    let picture = planned.demo.picture.and_then(|draw| draw(&run.evidence));
    if let (Some(picture), false) = (&picture, args.json) {
        render::picture(out, picture)?;
    }
    if !args.json {
        let evidence = ClaimsEvidence(&report.claims);
        let figures: Vec<Drawn> = planned
            .demo
            .charts
            .iter()
            .map(|chart| chart(&evidence))
            .collect();
        lanes::timelines(out, style, &figures)?;
    }
    if args.json {
        render::json_line(out, &report)?;
    } else if args.step {
        render::recap(out, style, &report)?;
    } else {
        render::verdicts(out, style, &report)?;
    }
    Ok((report, interrupted))
}

/// The parameters of a run in another interpreter: the embedded run's, with the other runtimes
/// left out, since they were compared in the embedded run and do not change with the CPython.
fn child_params(
    params: &serde_json::Map<String, serde_json::Value>,
) -> serde_json::Map<String, serde_json::Value> {
    let mut params = params.clone();
    params.insert(
        "others_left_out".to_owned(),
        runtimes::LEFT_OUT_ON_OTHER_PYTHON.into(),
    );
    params
}

/// A demo the host could not run: no output, no evidence, and why as its stop.
fn host_failure(message: String) -> SnippetRun {
    SnippetRun {
        evidence: serde_json::Value::Object(serde_json::Map::new()),
        evidence_error: None,
        output: String::new(),
        duration: std::time::Duration::ZERO,
        stop: Some(Stop::HostFailed(message)),
        sections: Vec::new(),
    }
}

/// Why the demo ended before its snippet's end, if it did.
fn unfinished(stop: Option<&Stop>, ending: Ending) -> Option<Unfinished> {
    // SIGTERM unwinds a snippet as Ctrl-C does; the claims say which one stopped it.
    let interrupted = || {
        if signals::terminated() {
            Unfinished::Terminated
        } else {
            Unfinished::Interrupted
        }
    };
    match (stop, ending) {
        (_, Ending::Quit) => Some(Unfinished::StoppedByPresenter),
        (_, Ending::Interrupted) | (Some(Stop::Interrupted(_)), _) => Some(interrupted()),
        (Some(Stop::TimedOut { limit, line }), _) => Some(Unfinished::TimedOut(
            interpreter::timeout_message(*limit, *line),
        )),
        (Some(Stop::HostFailed(why)), _) => Some(Unfinished::HostFailed(why.clone())),
        (Some(Stop::Raised(error)), _) => Some(Unfinished::Raised(error.kind.clone())),
        (Some(Stop::Exited { .. }), _) => Some(Unfinished::Raised("SystemExit".to_owned())),
        (None, Ending::Finished) => None,
    }
}

/// Whether a failure to run one demo must end the whole run: Ctrl-C, or stdout closed.
fn ends_the_run(err: &anyhow::Error) -> bool {
    err.downcast_ref::<Interrupted>().is_some()
        || err
            .chain()
            .any(|cause| cause.downcast_ref::<io::Error>().is_some())
}

/// `--report FILE`: what this run showed, with each demo's snippet as it ran and what each
/// report's run did section by section (`sections`, in the reports' order); the paths written
/// go to stderr, so that `--json` keeps stdout to itself.
fn write_report(
    path: &Path,
    reports: &[Report],
    sections: Vec<Vec<SectionRun>>,
    plan: &[Planned],
    python: &PythonIdentity,
) -> anyhow::Result<()> {
    let build = interpreter::details().ok().and_then(|details| {
        details
            .get("sys_version")
            .and_then(serde_json::Value::as_str)
            .map(str::to_owned)
    });
    let context = ReportContext {
        date: export::date_label(std::time::SystemTime::now()),
        python,
        build,
        snippets: plan
            .iter()
            .map(|planned| SnippetCode {
                demo: planned.question.name,
                file_name: &planned.source.file_name,
                code: &planned.source.code,
            })
            .collect(),
        figures: reports
            .iter()
            .map(|report| draw_figures(plan, report, &report.claims))
            .collect(),
        sections: reports
            .iter()
            .zip(sections)
            .map(|(report, sections)| RunSections {
                figure_sections: export::place_figures(&sections, &report.claims, |claims| {
                    draw_figures(plan, report, claims)
                }),
                sections,
            })
            .collect(),
    };
    let written = export::write(path, reports, &context)?;
    let names: Vec<String> = written.iter().map(|p| p.display().to_string()).collect();
    eprintln!("pyconcepts: report written to {}", names.join(", "));
    Ok(())
}

/// The figures of `report`'s demo drawn from `claims` (all of the report's, or some of them).
/// The demo is found by name: with `--on`, a demo has several reports.
fn draw_figures(plan: &[Planned], report: &Report, claims: &[crate::report::Claim]) -> Vec<Drawn> {
    let Some(planned) = plan
        .iter()
        .find(|planned| planned.question.name == report.demo)
    else {
        return Vec::new();
    };
    let evidence = ClaimsEvidence(claims);
    planned
        .demo
        .charts
        .iter()
        .map(|chart| chart(&evidence))
        .collect()
}

/// `--step`: one demo presented section by section; returns what a plain run would, and how
/// the presentation ended.
fn present(
    out: &mut impl Write,
    style: Style,
    planned: &Planned,
    setup: &Setup,
    pacing: &mut Pacing,
) -> anyhow::Result<(SnippetRun, Ending)> {
    let context = || format!("running demo {}", planned.question.name);
    let mut session = Session::open(&planned.source, setup).with_context(context)?;
    let presented = presenter::present(
        out,
        style,
        &planned.source,
        Some(planned.demo),
        &mut session,
        pacing,
    )
    .with_context(context)?;
    let evidence = session.evidence();
    session.close()?;
    let chunk = ChunkRun {
        output: presented.output,
        duration: presented.duration,
        stop: presented.stop,
    };
    let run = SnippetRun {
        sections: presented.sections,
        ..SnippetRun::from_chunk(chunk, evidence)
    };
    Ok((run, presented.ending))
}

/// Resolves names, loads snippets and checks parameters: every usage error, before Python starts.
/// Every demo's `PARAMS` also gets `runtimes`, the other runtimes found, and with `--no-others`
/// `others_left_out`, why none of them is to be started (reserved keys: no demo declares them,
/// so `--param runtimes=…` is refused).
fn plan(
    args: &DemoArgs,
    snippets_dir: Option<&Path>,
    pythons: &[PathBuf],
) -> anyhow::Result<Vec<Planned>> {
    let mut selected: Vec<(&'static Question, &'static Demo)> = Vec::new();
    for target in &args.demos {
        if target == "all" {
            selected.extend(
                QUESTIONS
                    .iter()
                    .filter_map(|q| q.demo.map(|demo| (q, demo))),
            );
        } else {
            selected.push(demos::lookup(target)?);
        }
    }
    let specs: Vec<_> = selected
        .iter()
        .flat_map(|(_, demo)| demo.params.iter())
        .collect();
    params::check_known(&args.params, &specs)?;
    if args.frames {
        if let Some((question, _)) = selected.iter().find(|(_, demo)| !demo.draws_frames) {
            let drawing: Vec<&str> = QUESTIONS
                .iter()
                .filter(|q| q.demo.is_some_and(|demo| demo.draws_frames))
                .map(|q| q.name)
                .collect();
            return Err(UsageError(format!(
                "--frames draws call frames for {}; demo {} has none to draw",
                drawing.join(", "),
                question.name
            ))
            .into());
        }
    }
    let others = runtimes::params_value(&runtimes::locate(pythons));
    selected
        .into_iter()
        .map(|(question, demo)| {
            let mut params = params::for_demo(demo.params, &args.params)?;
            params.insert("runtimes".to_owned(), others.clone());
            if args.no_others {
                params.insert("others_left_out".to_owned(), runtimes::LEFT_OUT.into());
            }
            Ok(Planned {
                question,
                demo,
                source: demo.snippet.load(snippets_dir)?,
                params,
            })
        })
        .collect()
}
