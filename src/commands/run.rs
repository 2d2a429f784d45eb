//! `pyconcepts run FILE.py [ARGS...]`: an instructor's own file, run in the embedded harness the
//! way `python3 FILE.py ARGS...` runs it — `__main__`, `__file__`, `sys.argv`, the script's
//! directory first on `sys.path`, standard input passed through, the same standard output, the
//! traceback on standard error, the same exit status — and, on top, the `EVIDENCE` dict it left
//! shown as a table (or in `--json`).

use std::io::Write;
use std::path::{Path, PathBuf};

use serde::Serialize;
use serde_json::Value;

use crate::cli::RunArgs;
use crate::errors::{Outcome, UsageError};
use crate::output::presenter::{self, Ending, Pacing};
use crate::output::render::{self, Style};
use crate::python::interpreter::{self, Mode, Session, Setup, Stop};
use crate::report::{PythonIdentity, SnippetError};
use crate::snippets::SnippetSource;

/// `run --json`: one object on stdout.
#[derive(Serialize)]
struct ScriptReport {
    file: String,
    argv: Vec<String>,
    /// The exit status python3 would have given.
    exit_status: u8,
    python: PythonIdentity,
    /// The `EVIDENCE` dict the script left, or null.
    evidence: Option<Value>,
    /// What the script printed, stdout and stderr interleaved as written.
    output: String,
    duration_ms: u64,
    #[serde(skip_serializing_if = "Option::is_none")]
    error: Option<SnippetError>,
}

pub fn run(args: &RunArgs, style: Style) -> anyhow::Result<Outcome> {
    let given = args.command.first().expect("clap requires FILE");
    let path = Path::new(given);
    if !path.is_file() {
        return Err(UsageError(format!(
            "can't open file {given:?}: {}",
            if path.exists() {
                "not a file"
            } else {
                "no such file"
            }
        ))
        .into());
    }
    // python3 names the script by its absolute path (not resolving symlinks) in `__file__` and
    // tracebacks, and keeps argv[0] as typed.
    let file_name = absolute(path)?.display().to_string();
    // sys.argv: the file as typed, then its arguments.
    let argv: Vec<String> = args.command.clone();

    interpreter::start_as_python3(&argv)?;
    // `--step` cuts the text into sections; a plain run lets Python read the file itself.
    let sections_text = if args.step {
        interpreter::source_text(&file_name)?
    } else {
        None
    };
    let source = SnippetSource {
        file_name,
        code: sections_text.clone().unwrap_or_default(),
    };
    let setup = Setup {
        mode: Mode::Script { argv: argv.clone() },
        echo: !args.json,
        buffered_output: !args.json && !args.step,
        frames: args.frames,
        timeout: args.timeout,
        ..Setup::default()
    };
    let mut session = Session::open(&source, &setup)?;
    let reported = session.reports_like_python3();
    // Unlocked: the script's threads print through the same stdout (see `commands::demo`).
    let mut out = std::io::stdout();
    let (mut stop, mut output, mut duration) = if sections_text.is_some() {
        let presented = presenter::present(
            &mut out,
            style,
            &source,
            None,
            &mut session,
            &mut Pacing::default(),
        )?;
        match presented.ending {
            Ending::Interrupted => return Ok(Outcome::Interrupted),
            Ending::Quit | Ending::Finished => {}
        }
        (presented.stop, presented.output, presented.duration)
    } else {
        let chunk = session.run_file(Path::new(&source.file_name))?;
        (chunk.stop, chunk.output, chunk.duration)
    };
    // As python3: the traceback first, then threads are waited for and atexit handlers run
    // (after a KeyboardInterrupt too; not after --timeout stopped the script).
    let mut status = report_stop(stop.as_ref(), &source.file_name, reported);
    if !matches!(stop, Some(Stop::TimedOut { .. })) {
        let exited = matches!(stop, Some(Stop::Exited { .. }));
        let (finish, flushed) = session.finish_script(exited)?;
        output.push_str(&finish.output);
        duration += finish.duration;
        if finish.stop.is_some() {
            let finish_status = report_stop(finish.stop.as_ref(), &source.file_name, reported);
            if status == 0 {
                status = finish_status;
            }
            stop = stop.or(finish.stop);
        }
        if !flushed {
            // python3's exit status when stdout could not be flushed at exit.
            status = 120;
        }
    }
    let evidence = match session.evidence_dict() {
        Some(Ok(evidence)) => Some(evidence),
        Some(Err(err)) => {
            render::error_line(&format!("EVIDENCE can't be shown: {err:#}"));
            None
        }
        None => None,
    };
    session.close()?;
    if args.json {
        let report = ScriptReport {
            file: source.file_name,
            argv,
            exit_status: status,
            python: interpreter::identity()?,
            evidence,
            output,
            duration_ms: u64::try_from(duration.as_millis()).unwrap_or(u64::MAX),
            error: stop.map(Stop::into_error),
        };
        serde_json::to_writer(&mut out, &report)?;
        writeln!(out)?;
    } else if let Some(evidence) = &evidence {
        // The script's own output is left byte for byte as python3's; only the table, which
        // python3 would not print, starts on a line of its own.
        presenter::ensure_line_end(&mut out, &output)?;
        render::evidence_table(&mut out, style, evidence)?;
    }
    match out.flush() {
        // The reader went away while the script wrote: the script saw that as python3 would
        // (BrokenPipeError) and its own status stands; the terminal writer still holds the
        // bytes it could not write.
        Err(err) if err.kind() == std::io::ErrorKind::BrokenPipe => {}
        flushed => flushed?,
    }
    Ok(Outcome::Script(status))
}

/// Says on stderr why the script stopped, as python3 would, unless the session `reported` it
/// already through the script's own streams, and gives its exit status.
fn report_stop(stop: Option<&Stop>, file_name: &str, reported: bool) -> u8 {
    match stop {
        None => 0,
        Some(Stop::Raised(error)) => {
            if !reported {
                eprint!("{}", error.traceback);
            }
            1
        }
        Some(Stop::Interrupted(error)) => {
            if !reported {
                eprint!("{}", error.traceback);
            }
            130
        }
        Some(Stop::TimedOut { limit, line }) => {
            eprintln!(
                "pyconcepts: {file_name} {}",
                interpreter::timeout_message(*limit, *line)
            );
            1
        }
        Some(Stop::Exited { status, message }) => {
            if let Some(message) = message {
                eprintln!("{message}");
            }
            *status
        }
        Some(Stop::HostFailed(why)) => {
            render::error_line(&format!("{file_name}: {why}"));
            1
        }
    }
}

/// The script's absolute path as python3 makes it (`_Py_abspath`): an absolute path as given,
/// else the working directory, `/`, and the path as typed — `.` and `..` kept, as python3
/// keeps them in `__file__` and tracebacks.
fn absolute(path: &Path) -> std::io::Result<PathBuf> {
    if path.is_absolute() {
        return Ok(path.to_path_buf());
    }
    let mut joined = std::env::current_dir()?.into_os_string();
    joined.push("/");
    joined.push(path);
    Ok(PathBuf::from(joined))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn relative_paths_are_joined_to_the_working_directory_as_typed() {
        let cwd = std::env::current_dir().unwrap();
        assert_eq!(
            absolute(Path::new("./a/../x.py")).unwrap().into_os_string(),
            format!("{}/./a/../x.py", cwd.display()).as_str()
        );
        assert_eq!(
            absolute(Path::new("/a/./b.py")).unwrap().into_os_string(),
            "/a/./b.py"
        );
    }
}
