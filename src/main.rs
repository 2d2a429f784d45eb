//! The `pyconcepts` binary: parse the command line, run it, turn the outcome into an exit code.

use std::process::ExitCode;

use clap::Parser;
use pyconcepts::cli::Cli;
use pyconcepts::errors::{is_broken_pipe, outcome_of, Outcome};
use pyconcepts::output::render::error_line;
use pyconcepts::python::{interpreter, signals};

fn main() -> ExitCode {
    // clap prints its own message and exits 2 on a usage error (0 for --help and --version).
    let cli = Cli::parse();
    let result = pyconcepts::commands::run(cli);
    interpreter::finish();
    if signals::terminated() {
        // The snippet has unwound (or the host stopped its probes): end what is left.
        signals::stop_descendants();
        error_line("terminated by SIGTERM");
        return Outcome::Terminated.into();
    }
    match result {
        Ok(outcome) => outcome.into(),
        Err(err) if is_broken_pipe(&err) => Outcome::Success.into(),
        Err(err) => {
            let outcome = outcome_of(&err);
            error_line(&format!("{err:#}"));
            outcome.into()
        }
    }
}
