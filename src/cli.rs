//! The command line, declared with clap's derive API: the `///` docs below are the help text.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};

use crate::params::{parse_param_arg, ParamArg};

/// Proves or disproves, live, the claims of "10 senior Python developer interview questions",
/// by running real Python inside the CPython this program embeds.
#[derive(Debug, Parser)]
#[command(
    name = "pyconcepts",
    version,
    max_term_width = 100,
    after_help = "Exit codes: 0 ok, 1 a demo or snippet failed, 2 usage error, 130 interrupted."
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,

    /// Never colour the output (NO_COLOR and output that is not a terminal also turn it off).
    #[arg(long, global = true)]
    pub no_color: bool,

    /// Load snippets from DIR (e.g. an edited copy of python_snippets/) instead of the copies
    /// built into the binary.
    #[arg(long, global = true, value_name = "DIR")]
    pub snippets_dir: Option<PathBuf>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// List the ten questions: number, demo name, title, number of claims. Starts no Python.
    List,
    /// Run demos and give each claim a verdict from what the interpreter shows.
    Demo(DemoArgs),
    /// Print a demo's Python snippet.
    Show {
        /// Demo name or question number.
        #[arg(value_name = "NAME|NUMBER")]
        name: String,
    },
    /// Describe the embedded interpreter: version, prefix, libpython, GIL, child executable.
    Info {
        /// Print one JSON object instead of text.
        #[arg(long)]
        json: bool,
    },
}

#[derive(Debug, Args)]
pub struct DemoArgs {
    /// Demo names or question numbers, or `all`.
    #[arg(required = true, value_name = "NAME|NUMBER|all")]
    pub demos: Vec<String>,

    /// Print one JSON report per demo, one per line, and nothing else on stdout.
    #[arg(long)]
    pub json: bool,

    /// Hide the snippets' live output; show only verdicts and explanations.
    #[arg(long, short)]
    pub quiet: bool,

    /// Set a demo parameter, passed to the snippet in PARAMS (repeatable; see `list`).
    #[arg(long = "param", value_name = "KEY=VALUE", value_parser = parse_param_arg)]
    pub params: Vec<ParamArg>,
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    #[test]
    fn verify_cli() {
        Cli::command().debug_assert();
    }

    #[test]
    fn param_is_repeatable_and_global_flags_go_anywhere() {
        let cli = Cli::try_parse_from([
            "pyconcepts",
            "demo",
            "gil",
            "--param",
            "threads=4",
            "--param",
            "x=1",
            "--no-color",
        ])
        .unwrap();
        assert!(cli.no_color);
        let Command::Demo(args) = cli.command else {
            panic!("not a demo command")
        };
        assert_eq!(args.params.len(), 2);
        assert_eq!(args.demos, ["gil"]);
    }
}
