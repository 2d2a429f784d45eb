//! `pyconcepts completions SHELL`: a shell's completion script, demo names included.

use std::io::{self, Write};

use anyhow::Context;
use clap::CommandFactory;

use crate::cli::Cli;
use crate::errors::Outcome;

pub fn run(shell: clap_complete::Shell) -> anyhow::Result<Outcome> {
    let mut command = Cli::command();
    // clap_complete panics when its writer fails (a closed pipe, a full disk): it writes into
    // memory, and the one write to stdout below fails like any other subcommand's.
    let mut out = Vec::new();
    clap_complete::generate(shell, &mut command, "pyconcepts", &mut out);
    if shell == clap_complete::Shell::Fish {
        // clap_complete's fish script completes options' values but not positional ones: add
        // the demo names for `demo`, `show` and `quiz`.
        for subcommand in command.get_subcommands() {
            for arg in subcommand.get_positionals() {
                for value in arg.get_possible_values() {
                    let help = value
                        .get_help()
                        .map(|help| help.to_string())
                        .unwrap_or_default();
                    writeln!(
                        out,
                        "complete -c pyconcepts -n \"__fish_pyconcepts_using_subcommand {}\" -f \
                         -a \"{}\" -d '{}'",
                        subcommand.get_name(),
                        value.get_name(),
                        help.replace('\\', "\\\\").replace('\'', "\\'")
                    )?;
                }
            }
        }
    }
    let mut stdout = io::stdout().lock();
    stdout
        .write_all(&out)
        .and_then(|()| stdout.flush())
        .context("writing the completion script")?;
    Ok(Outcome::Success)
}
