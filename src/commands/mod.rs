//! The subcommands, one module each. `run` checks what needs no Python (the snippets directory,
//! `--python` paths) and hands over; each subcommand checks its own arguments before it starts
//! the interpreter, so usage errors are instant.

mod completions;
mod complexity;
mod demo;
mod info;
mod list;
pub mod quiz;
pub mod run;
pub mod schema;
mod show;

use crate::cli::{Cli, Command};
use crate::errors::{Outcome, UsageError};
use crate::output::render::Style;
use crate::output::theme;
use crate::runtimes;
use crate::snippets;

pub fn run(cli: Cli) -> anyhow::Result<Outcome> {
    let theme = theme::choose(cli.theme.as_deref()).map_err(UsageError)?;
    let style = Style::detect(cli.no_color).with_theme(theme);
    let Some(command) = cli.command else {
        if cli.list_themes {
            return list::themes(style);
        }
        return Err(UsageError("a command is needed; see `pyconcepts --help`".into()).into());
    };
    if cli.list_themes {
        return Err(UsageError("--list-themes takes no command".into()).into());
    }
    if let Some(dir) = &cli.snippets_dir {
        snippets::check_dir(dir)?;
    }
    runtimes::check_given(&cli.pythons)?;
    let snippets_dir = cli.snippets_dir.as_deref();
    match command {
        Command::List => list::run(style),
        Command::Show {
            name,
            lines,
            plain,
            no_pager,
        } => show::run(
            &show::Request {
                name: &name,
                lines,
                plain,
                pager: !no_pager,
            },
            snippets_dir,
            style,
        ),
        Command::Info { json, on } => info::run(json, &cli.pythons, &on),
        Command::Demo(args) => demo::run(&args, style, snippets_dir, &cli.pythons),
        Command::Quiz(args) => quiz::run(&args, style, snippets_dir),
        Command::Run(args) => run::run(&args, style),
        Command::Completions { shell } => completions::run(shell),
        Command::Schema => schema::run(),
        Command::Complexity(args) => complexity::run(&args, style, snippets_dir),
    }
}
