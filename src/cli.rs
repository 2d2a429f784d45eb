//! The command line, declared with clap's derive API: the `///` docs below are the help text.

use std::ffi::OsStr;
use std::path::PathBuf;
use std::time::Duration;

use clap::builder::{PossibleValue, StringValueParser, TypedValueParser};
use clap::{Args, Parser, Subcommand};
use clap_complete::Shell;

use crate::demos::QUESTIONS;
use crate::params::{parse_param_arg, ParamArg};
use crate::python::timeout::parse_timeout;

/// Proves or disproves, live, the claims of "10 senior Python developer interview questions",
/// by running real Python inside the CPython this program embeds.
#[derive(Debug, Parser)]
#[command(
    name = "pyconcepts",
    version,
    max_term_width = 100,
    subcommand_required = false,
    arg_required_else_help = true,
    after_help = "Exit codes: 0 ok, 1 a demo or snippet failed (or ran past --timeout), 2 usage \
                  error, 130 interrupted (Ctrl-C), 143 terminated (SIGTERM); `run` exits with \
                  the script's own status."
)]
pub struct Cli {
    /// What to do; only `--list-themes` may stand without one.
    #[command(subcommand)]
    pub command: Option<Command>,

    /// Colours for code (`show`, `--step`, the quiz): projector (the default, reads on light and
    /// dark backgrounds), dark or light. Also PYCONCEPTS_THEME.
    #[arg(long, global = true, value_name = "NAME")]
    pub theme: Option<String>,

    /// List the themes for code, each with a sample, and exit.
    #[arg(long)]
    pub list_themes: bool,

    /// Never colour the output (NO_COLOR and output that is not a terminal also turn it off).
    #[arg(long, global = true)]
    pub no_color: bool,

    /// Load snippets from DIR (e.g. an edited copy of python_snippets/) instead of the copies
    /// built into the binary.
    #[arg(long, global = true, value_name = "DIR")]
    pub snippets_dir: Option<PathBuf>,

    /// Compare with this Python interpreter too (repeatable). A file named pypy* or jython*
    /// takes the place of the PyPy or Jython found on PATH; any other (another CPython, say) is
    /// added. Used by the demos that compare other runtimes (`pyconcepts list` says which);
    /// listed by `info`.
    #[arg(long = "python", global = true, value_name = "PATH")]
    pub pythons: Vec<PathBuf>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// List the ten questions: number, demo name, title, number of claims. Starts no Python.
    List,
    /// Run demos and give each claim a verdict from what the interpreter shows.
    Demo(DemoArgs),
    /// Print a demo's Python snippet (highlighted, with line numbers, on a colour terminal).
    Show {
        /// Demo name or question number.
        #[arg(value_name = "NAME|NUMBER", value_parser = DemoName { all: false }, hide_possible_values = true)]
        name: String,

        /// Only lines A to B (1-based, inclusive): `30:40`, `30:` to the end, `:40` from the
        /// start, `30` for one line.
        #[arg(long, short = 'r', value_name = "A:B", value_parser = parse_line_range)]
        lines: Option<LineRange>,

        /// The file's exact contents: no line numbers, no colour (what a pipe gets anyway).
        #[arg(long)]
        plain: bool,

        /// Print straight to the terminal instead of through $PAGER (`less -RF` by default).
        #[arg(long)]
        no_pager: bool,
    },
    /// Describe the embedded interpreter (version, prefix, libpython, GIL, child executable) and
    /// the other runtimes found: PyPy, Jython, Cython, and those given with --python.
    Info {
        /// Print one JSON object instead of text.
        #[arg(long)]
        json: bool,
        /// Describe this CPython too, as `demo --on` would run it (repeatable).
        #[arg(long = "on", value_name = "PYTHON")]
        on: Vec<PathBuf>,
    },
    /// Predict what short snippets from the demos print, then watch Python run them. Answers
    /// are read from standard input (a pipe works); end of input ends the quiz.
    Quiz(QuizArgs),
    /// Run your own Python file as `python3 FILE.py ARGS...` would (same output, stdin, exit
    /// status), then show the EVIDENCE dict it left, if any. Options go before FILE.
    Run(RunArgs),
    /// Print a completion script for a shell, e.g. `pyconcepts completions bash >
    /// ~/.local/share/bash-completion/completions/pyconcepts`.
    Completions {
        /// The shell to complete in.
        #[arg(value_enum)]
        shell: Shell,
    },
    /// Print the JSON Schema of a line of `demo --json`: every field of the report described,
    /// and the shape of each claim's evidence.
    Schema,
    /// Measure the time-complexity table of list, deque, dict and set (and a few operations
    /// beyond it) in the embedded interpreter: fit each row's growth and judge it against the
    /// documented class.
    Complexity(ComplexityArgs),
}

#[derive(Debug, Args)]
pub struct ComplexityArgs {
    /// Operations (e.g. "list.pop(0)") or containers (list, deque, dict, set, str) to measure;
    /// every row by default. `--list` names them.
    #[arg(value_name = "OPERATION")]
    pub operations: Vec<String>,

    /// Print one JSON object per row, one per line, and nothing else on stdout.
    #[arg(long)]
    pub json: bool,

    /// Also write the table to FILE (.html, self-contained, or .md with its charts as SVG files
    /// beside it), with a log-log chart per row.
    #[arg(long, value_name = "FILE", value_hint = clap::ValueHint::FilePath)]
    pub report: Option<PathBuf>,

    /// Fewer sizes and repeats: a live class in seconds rather than a minute.
    #[arg(long)]
    pub quick: bool,

    /// Measure the table N times and show which rows kept their class in every run (and big_O's
    /// classes beside ours).
    #[arg(long, value_name = "N", default_value_t = 1, value_parser = clap::value_parser!(u32).range(1..=20))]
    pub runs: u32,

    /// List the rows (operation, documented class, timing, size) without measuring anything.
    #[arg(long, conflicts_with_all = ["json", "report", "quick", "runs"])]
    pub list: bool,
}

#[derive(Debug, Args)]
pub struct DemoArgs {
    /// Demo names or question numbers, or `all`.
    #[arg(
        required = true,
        value_name = "NAME|NUMBER|all",
        value_parser = DemoName { all: true },
        hide_possible_values = true
    )]
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

    /// Presenter mode: show each section of the snippet (its `# %%` title and code), run it when
    /// Enter is pressed, then give the verdicts its evidence decides; `q` stops. Reads the
    /// Enters from standard input; at its end, runs the rest without pausing.
    #[arg(long, conflicts_with_all = ["json", "quiet"])]
    pub step: bool,

    /// Draw the live call frames (locals, cells shared by closures) where the snippet marks
    /// them, in the demos that draw frames (`pyconcepts list` says which).
    #[arg(long)]
    pub frames: bool,

    /// Stop a snippet that runs longer than SECONDS (exit 1); with --step, each section.
    #[arg(long, value_name = "SECONDS", value_parser = parse_timeout)]
    pub timeout: Option<Duration>,

    /// Also run each demo in this CPython, 3.11 or later (repeatable): a path, or a name looked
    /// up on PATH such as python3.13t. It runs as a child process with the same snippet and
    /// judges, and the terminal then shows a verdict matrix, a column per interpreter. Unlike
    /// --python, which adds a runtime to the comparison sections of the demos that compare
    /// other runtimes, --on runs the whole demo there.
    #[arg(long = "on", value_name = "PYTHON", conflicts_with_all = ["step", "frames"])]
    pub on: Vec<PathBuf>,

    /// Leave the other runtimes out (PyPy, Jython, Cython, --python): none is started, and the
    /// claims that compare with them are `skipped`. Keeps a demo to its core: seconds instead
    /// of a JVM's start and a C build.
    #[arg(long)]
    pub no_others: bool,

    /// Also write the run to FILE, to hand out: FILE.html is one self-contained page (charts,
    /// highlighted code, no network needed); FILE.md gets its charts as SVG files beside it.
    /// Written even when a demo fails.
    #[arg(long, value_name = "FILE", value_hint = clap::ValueHint::FilePath)]
    pub report: Option<PathBuf>,
}

#[derive(Debug, Args)]
pub struct QuizArgs {
    /// Only this demo's questions (name or number); all demos' by default.
    #[arg(value_name = "NAME|NUMBER", value_parser = DemoName { all: false }, hide_possible_values = true)]
    pub demo: Option<String>,

    /// Stop a question's code that runs longer than SECONDS.
    #[arg(long, value_name = "SECONDS", value_parser = parse_timeout)]
    pub timeout: Option<Duration>,

    /// Go straight on to the next question after an answer (on a terminal the quiz otherwise
    /// waits for Enter, so the class can discuss the answer).
    #[arg(long)]
    pub no_pause: bool,
}

#[derive(Debug, Args)]
pub struct RunArgs {
    /// The Python file, then the arguments it gets in sys.argv (everything after FILE is the
    /// script's, even when it looks like an option).
    #[arg(
        required = true,
        value_name = "FILE.py [ARGS]",
        trailing_var_arg = true,
        allow_hyphen_values = true,
        value_hint = clap::ValueHint::FilePath
    )]
    pub command: Vec<String>,

    /// Print one JSON object (exit status, EVIDENCE, output) instead of the script's live output.
    #[arg(long, conflicts_with = "step")]
    pub json: bool,

    /// Presenter mode for your file: section by section at its `# %%` markers.
    #[arg(long)]
    pub step: bool,

    /// Give the script SHOW_FRAMES(label), which draws its live call frames.
    #[arg(long)]
    pub frames: bool,

    /// Stop the script if it runs longer than SECONDS (exit 1).
    #[arg(long, value_name = "SECONDS", value_parser = parse_timeout)]
    pub timeout: Option<Duration>,
}

/// Lines `first..=last` of a file, 1-based; `last` `None` runs to the end.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LineRange {
    pub first: usize,
    pub last: Option<usize>,
}

fn parse_line_range(text: &str) -> Result<LineRange, String> {
    let number = |part: &str| {
        part.trim()
            .parse::<usize>()
            .ok()
            .filter(|&n| n > 0)
            .ok_or_else(|| format!("{part:?} is not a line number (they start at 1)"))
    };
    let range = match text.split_once(':') {
        None => {
            let line = number(text)?;
            LineRange {
                first: line,
                last: Some(line),
            }
        }
        Some((first, last)) => LineRange {
            first: if first.trim().is_empty() {
                1
            } else {
                number(first)?
            },
            last: if last.trim().is_empty() {
                None
            } else {
                Some(number(last)?)
            },
        },
    };
    match range.last {
        Some(last) if last < range.first => Err(format!(
            "the range ends (line {last}) before it starts (line {})",
            range.first
        )),
        _ => Ok(range),
    }
}

/// A demo name or number: any text is accepted here (the registry checks it, with suggestions,
/// before Python starts), while shell completion offers the demo names.
#[derive(Debug, Clone, Copy)]
struct DemoName {
    /// Whether `all` is offered too.
    all: bool,
}

impl TypedValueParser for DemoName {
    type Value = String;

    fn parse_ref(
        &self,
        cmd: &clap::Command,
        arg: Option<&clap::Arg>,
        value: &OsStr,
    ) -> Result<String, clap::Error> {
        StringValueParser::new().parse_ref(cmd, arg, value)
    }

    fn possible_values(&self) -> Option<Box<dyn Iterator<Item = PossibleValue> + '_>> {
        let names = QUESTIONS
            .iter()
            .map(|question| PossibleValue::new(question.name).help(question.title));
        let all = self
            .all
            .then(|| PossibleValue::new("all").help("every available demo"));
        Some(Box::new(names.chain(all)))
    }
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
    fn line_ranges_read_like_bats() {
        let range = |first, last| Ok(LineRange { first, last });
        assert_eq!(parse_line_range("30:40"), range(30, Some(40)));
        assert_eq!(parse_line_range("30:"), range(30, None));
        assert_eq!(parse_line_range(":40"), range(1, Some(40)));
        assert_eq!(parse_line_range("7"), range(7, Some(7)));
        assert!(parse_line_range("40:30")
            .unwrap_err()
            .contains("before it starts"));
        assert!(parse_line_range("0:3").unwrap_err().contains("start at 1"));
        assert!(parse_line_range("a:b").is_err());
    }

    #[test]
    fn param_is_repeatable_and_global_flags_go_anywhere() {
        let cli = Cli::try_parse_from([
            "pyconcepts",
            "demo",
            "5",
            "--param",
            "threads=4",
            "--param",
            "x=1",
            "--no-color",
        ])
        .unwrap();
        assert!(cli.no_color);
        let Some(Command::Demo(args)) = cli.command else {
            panic!("not a demo command")
        };
        assert_eq!(args.params.len(), 2);
        assert_eq!(args.demos, ["5"]);
    }

    #[test]
    fn demo_names_accept_numbers_and_anything_the_registry_will_judge() {
        let cli = Cli::try_parse_from(["pyconcepts", "demo", "3", "all", "dict-key"]).unwrap();
        let Some(Command::Demo(args)) = cli.command else {
            panic!("not a demo command")
        };
        assert_eq!(args.demos, ["3", "all", "dict-key"]);
    }

    #[test]
    fn everything_after_the_file_belongs_to_the_script() {
        let cli = Cli::try_parse_from([
            "pyconcepts",
            "run",
            "--timeout",
            "2",
            "x.py",
            "--json",
            "-v",
            "a",
        ])
        .unwrap();
        let Some(Command::Run(args)) = cli.command else {
            panic!("not a run command")
        };
        assert_eq!(args.command, ["x.py", "--json", "-v", "a"]);
        assert!(!args.json);
        assert_eq!(args.timeout, Some(Duration::from_secs(2)));
    }

    #[test]
    fn report_takes_a_file() {
        let cli =
            Cli::try_parse_from(["pyconcepts", "demo", "5", "--report", "out/run.html"]).unwrap();
        let Some(Command::Demo(args)) = cli.command else {
            panic!("not a demo command")
        };
        assert_eq!(args.report, Some(PathBuf::from("out/run.html")));
    }

    #[test]
    fn complexity_takes_operations_with_spaces_and_parentheses() {
        let cli = Cli::try_parse_from([
            "pyconcepts",
            "complexity",
            "list.pop(0)",
            "s & t, the larger grows",
            "--quick",
            "--runs",
            "5",
        ])
        .unwrap();
        let Some(Command::Complexity(args)) = cli.command else {
            panic!("not a complexity command")
        };
        assert_eq!(args.operations, ["list.pop(0)", "s & t, the larger grows"]);
        assert!(args.quick);
        assert_eq!(args.runs, 5);
        assert!(Cli::try_parse_from(["pyconcepts", "complexity", "--runs", "0"]).is_err());
        assert!(Cli::try_parse_from(["pyconcepts", "complexity", "--list", "--json"]).is_err());
    }

    #[test]
    fn step_excludes_json_and_quiet() {
        assert!(Cli::try_parse_from(["pyconcepts", "demo", "1", "--step", "--json"]).is_err());
        assert!(Cli::try_parse_from(["pyconcepts", "demo", "1", "--step", "-q"]).is_err());
        assert!(Cli::try_parse_from(["pyconcepts", "demo", "1", "--timeout", "0"]).is_err());
    }
}
