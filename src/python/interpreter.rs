//! The embedded CPython: started once per process, runs a snippet in fresh globals, and puts the
//! interpreter back as it was afterwards.
//!
//! pyo3 never finalises the interpreter, so nothing here relies on `atexit` or on buffers being
//! flushed at exit: the host restores `sys.stdout`/`sys.stderr` itself after every snippet.

use std::sync::Once;
use std::time::{Duration, Instant};

use anyhow::{anyhow, Context};
use pyo3::exceptions::{PyKeyboardInterrupt, PySystemExit};
use pyo3::ffi;
use pyo3::prelude::*;
use pyo3::types::{PyBytes, PyDict, PyModule};
use serde_json::{Map, Value};

use crate::errors::Interrupted;
use crate::output::heartbeat::Heartbeat;
use crate::output::terminal;
use crate::python::capture::{CapturedFile, Echo, Transcript};
use crate::python::convert::{to_json, to_python};
use crate::python::frames::FrameViewer;
use crate::python::host::host_module;
use crate::python::timeout::Watchdog;
use crate::python::HARNESS_NAME;
use crate::report::{changed_keys, PythonIdentity, SectionRun, SnippetError};
use crate::snippets::sections;
use crate::snippets::{SharedModule, SnippetSource};

const HARNESS_SOURCE: &str = include_str!("harness.py");
/// The file name the harness's code carries in tracebacks.
const HARNESS_FILE: &str = "<pyconcepts harness>";
/// The harness compiled by the build's interpreter (see build.rs), and that bytecode's magic.
const HARNESS_BYTECODE: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/harness.marshal"));
const HARNESS_MAGIC: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/harness.magic"));

/// Starts the interpreter on first use; later calls do nothing. Must be called on the main
/// thread: Python delivers signals (Ctrl-C) to the thread that initialised it.
pub fn start() -> anyhow::Result<()> {
    // Embedded: pyo3's defaults, nothing to configure first.
    start_with(|| Ok(false))
}

/// Starts the interpreter as `python3 FILE ARGS` starts: python3's configuration (locale,
/// stdio encoding, signal handlers), `sys.executable` the build's `python3` program and
/// `sys.orig_argv` `[that program, FILE, ARGS...]`, both set before `site` and its `.pth` files
/// run, and `sys.argv` `[FILE, ARGS...]`. For `pyconcepts run`, the process's only interpreter.
pub fn start_as_python3(argv: &[String]) -> anyhow::Result<()> {
    start_with(|| {
        let program = python3_executable();
        initialize_like_python3(program.as_deref(), argv).map(|()| program.is_some())
    })
}

/// The start shared by both ways: `initialize` runs once, before pyo3 starts the interpreter,
/// and may start it itself with a configuration of its own; it says whether it set python3's
/// program as `sys.executable`, which the harness then keeps instead of setting its own.
fn start_with(initialize: impl FnOnce() -> anyhow::Result<bool>) -> anyhow::Result<()> {
    static START: Once = Once::new();
    let mut configured = Ok(false);
    START.call_once(|| {
        // The host module must be in the init table before the interpreter exists.
        pyo3::append_to_inittab!(host_module);
        configured = initialize();
        // Starts the interpreter unless it was just started above, and records that it runs.
        // After a failed start there is no interpreter to record: the error ends the command.
        if configured.is_ok() {
            Python::initialize();
        }
    });
    let configured = configured.context("starting the embedded Python interpreter")?;
    Python::attach(|py| -> anyhow::Result<()> {
        if py.import(HARNESS_NAME).is_ok() {
            return Ok(());
        }
        // Built by hand rather than with `PyModule::from_code`, which would give the module a
        // file-loader spec whose origin is a made-up path under the current directory — and
        // the imports demo rightly reports modules whose origin lies in a temporary directory.
        let harness = load_harness(py).map_err(|err| python_error(py, err))?;
        harness
            .call_method1("bootstrap", (configured,))
            .map_err(|err| python_error(py, err))?;
        Ok(())
    })
    .context("starting the embedded Python interpreter")
}

/// `BINDIR/python3` of the build this binary links, if it is there: what a `python3` found on
/// `PATH` (a pyenv shim included, which execs it) reports as `sys.executable`.
fn python3_executable() -> Option<std::path::PathBuf> {
    let program = std::path::Path::new(env!("PYCONCEPTS_PYTHON_BINDIR")).join("python3");
    program.is_file().then_some(program)
}

/// `Py_InitializeFromConfig` with `PyConfig_InitPythonConfig`, the configuration the `python3`
/// program itself uses, then releases the GIL as pyo3 does after starting the interpreter.
/// Without the build's program, Python finds `python3` on `PATH` itself, as embedded.
fn initialize_like_python3(
    program: Option<&std::path::Path>,
    argv: &[String],
) -> anyhow::Result<()> {
    use std::ffi::CString;
    use std::os::unix::ffi::OsStrExt;

    let c_string = |text: &[u8]| CString::new(text).context("a NUL byte in an argument");
    let program_known = program.is_some();
    let program =
        c_string(program.map_or(b"python3".as_slice(), |path| path.as_os_str().as_bytes()))?;
    let script_argv = argv
        .iter()
        .map(|arg| c_string(arg.as_bytes()))
        .collect::<anyhow::Result<Vec<_>>>()?;
    let mut orig_argv = vec![program.clone()];
    orig_argv.extend(script_argv.iter().cloned());
    let check = |status: ffi::PyStatus| -> anyhow::Result<()> {
        // SAFETY: a status returned by the C API; err_msg is NULL or a static string.
        unsafe {
            if ffi::PyStatus_Exception(status) == 0 {
                return Ok(());
            }
            let message = if status.err_msg.is_null() {
                "failed".into()
            } else {
                std::ffi::CStr::from_ptr(status.err_msg).to_string_lossy()
            };
            Err(anyhow!(
                "configuring the interpreter like python3: {message}"
            ))
        }
    };
    // SAFETY: the config is initialised by PyConfig_InitPythonConfig before any other use, only
    // changed through the PyConfig_* setters, and cleared once the interpreter started from it.
    unsafe {
        let mut config = std::mem::MaybeUninit::<ffi::PyConfig>::uninit();
        ffi::PyConfig_InitPythonConfig(config.as_mut_ptr());
        let mut config = config.assume_init();
        let started = (|| -> anyhow::Result<()> {
            // The arguments are the script's as they are, not python3's options.
            config.parse_argv = 0;
            if program_known {
                check(ffi::PyConfig_SetBytesString(
                    &mut config,
                    &mut config.program_name,
                    program.as_ptr(),
                ))?;
                check(ffi::PyConfig_SetBytesString(
                    &mut config,
                    &mut config.executable,
                    program.as_ptr(),
                ))?;
            }
            // Decoded from bytes by Python itself (the locale, surrogateescape), as python3's
            // `main` decodes its command line: first the whole of it for `sys.orig_argv`...
            check(set_bytes_argv(&mut config, &orig_argv))?;
            let decoded = config.argv;
            check(ffi::PyConfig_SetWideStringList(
                &mut config,
                &mut config.orig_argv,
                decoded.length,
                decoded.items,
            ))?;
            // ... then what the script sees in `sys.argv`.
            check(set_bytes_argv(&mut config, &script_argv))?;
            check(ffi::Py_InitializeFromConfig(&config))
        })();
        ffi::PyConfig_Clear(&mut config);
        started?;
        ffi::PyEval_SaveThread();
    }
    Ok(())
}

/// `PyConfig_SetBytesArgv` with `argv`, which it copies.
///
/// # Safety
/// `config` was initialised by `PyConfig_InitPythonConfig`.
unsafe fn set_bytes_argv(config: &mut ffi::PyConfig, argv: &[std::ffi::CString]) -> ffi::PyStatus {
    let mut pointers: Vec<*const std::ffi::c_char> =
        argv.iter().map(|text| text.as_ptr()).collect();
    ffi::PyConfig_SetBytesArgv(
        config,
        pointers.len() as ffi::Py_ssize_t,
        pointers.as_mut_ptr().cast(),
    )
}

fn load_harness(py: Python<'_>) -> PyResult<Bound<'_, PyModule>> {
    let harness = PyModule::new(py, HARNESS_NAME)?;
    let builtins = py.import("builtins")?;
    let code = match precompiled_harness(py)? {
        Some(code) => code,
        None => builtins.call_method1("compile", (HARNESS_SOURCE, HARNESS_FILE, "exec"))?,
    };
    builtins.call_method1("exec", (code, harness.dict()))?;
    py.import("sys")?
        .getattr("modules")?
        .set_item(HARNESS_NAME, &harness)?;
    Ok(harness)
}

/// The harness's code object as `build.rs` compiled it, when this interpreter's bytecode is that
/// build's (same magic number); `None` sends the host back to compiling the source.
fn precompiled_harness(py: Python<'_>) -> PyResult<Option<Bound<'_, PyAny>>> {
    // Loaded at every start (it is how Python imports anything), unlike importlib.util.
    let magic = py
        .import("_frozen_importlib_external")?
        .getattr("MAGIC_NUMBER")?;
    if magic.extract::<&[u8]>()? != HARNESS_MAGIC {
        return Ok(None);
    }
    let code = py
        .import("marshal")?
        .call_method1("loads", (PyBytes::new(py, HARNESS_BYTECODE),))?;
    Ok(Some(code))
}

/// Version, implementation and GIL of the embedded interpreter, as each report states them.
pub fn identity() -> anyhow::Result<PythonIdentity> {
    let details = call_harness("identity")?;
    let identity: PythonIdentity =
        serde_json::from_value(details).context("reading the interpreter's identity")?;
    Ok(PythonIdentity {
        embedded: true,
        ..identity
    })
}

/// Everything `pyconcepts info` shows about the embedded interpreter.
pub fn details() -> anyhow::Result<Map<String, Value>> {
    let mut details = match call_harness("details")? {
        Value::Object(fields) => fields,
        other => return Err(anyhow!("unexpected interpreter details: {other}")),
    };
    let libpython = Python::attach(|py| -> PyResult<String> {
        py.import("_pyconcepts")?
            .call_method0("libpython")?
            .extract()
    })
    .context("asking the host module for the loaded libpython")?;
    details.insert("libpython".into(), libpython.into());
    Ok(details)
}

fn call_harness(function: &str) -> anyhow::Result<Value> {
    Python::attach(|py| {
        let result = py
            .import(HARNESS_NAME)
            .and_then(|harness| harness.call_method0(function))
            .map_err(|err| python_error(py, err))?;
        to_json(&result, function)
    })
}

/// A script's text as Python decodes it (BOM, coding cookie, universal newlines), or `None`
/// when it does not decode.
pub fn source_text(file_name: &str) -> anyhow::Result<Option<String>> {
    Python::attach(|py| {
        py.import(HARNESS_NAME)
            .and_then(|harness| harness.call_method1("source_text", (file_name,)))
            .and_then(|text| text.extract())
            .map_err(|err| python_error(py, err))
    })
}

/// Whether `code` compiles as Python (`file_name` only names it in Python's bookkeeping). Its
/// compile-time warnings are not shown: the code is compiled again to run, and shows them then.
pub fn compiles(code: &str, file_name: &str) -> bool {
    Python::attach(|py| {
        py.import(HARNESS_NAME)
            .and_then(|harness| harness.call_method1("compiled", (code, file_name)))
            .is_ok_and(|compiled| !compiled.is_none())
    })
}

/// What running a snippet produced.
pub struct SnippetRun {
    /// The snippet's `EVIDENCE` dict as plain data (an empty object when it left none, or when
    /// it could not be read).
    pub evidence: Value,
    /// Why `EVIDENCE` could not be read as plain data: a defect of the snippet, which fails the
    /// demo like an exception would.
    pub evidence_error: Option<String>,
    pub output: String,
    pub duration: Duration,
    /// `None` when the snippet ran to its end.
    pub stop: Option<Stop>,
    /// What each section did, in order, up to the one that stopped the snippet; empty when it
    /// ran whole (see [`Setup::by_sections`]).
    pub sections: Vec<SectionRun>,
}

impl SnippetRun {
    /// The report's `error`: why the snippet stopped, if it did.
    pub fn error(&self) -> Option<SnippetError> {
        self.stop.clone().map(Stop::into_error)
    }
}

/// Runs a whole snippet as `setup` says, and restores the interpreter's state afterwards.
pub fn run(source: &SnippetSource, setup: &Setup) -> anyhow::Result<SnippetRun> {
    let mut session = Session::open(source, setup)?;
    let (chunk, sections) = if setup.by_sections {
        session.run_by_sections(&source.code)?
    } else {
        (session.run_chunk(&source.code)?, Vec::new())
    };
    let evidence = session.evidence();
    session.close()?;
    Ok(SnippetRun {
        sections,
        ..SnippetRun::from_chunk(chunk, evidence)
    })
}

impl SnippetRun {
    /// What a snippet run in pieces produced: all its pieces' `chunk`, and its evidence (see
    /// [`Session::evidence`]).
    pub fn from_chunk(chunk: ChunkRun, evidence: Result<Value, String>) -> SnippetRun {
        let (evidence, evidence_error) = match evidence {
            Ok(evidence) => (evidence, None),
            Err(why) => (Value::Object(Map::new()), Some(why)),
        };
        SnippetRun {
            evidence,
            evidence_error,
            output: chunk.output,
            duration: chunk.duration,
            stop: chunk.stop,
            sections: Vec::new(),
        }
    }
}

/// How a snippet is run.
#[derive(Debug, Clone, Default)]
pub struct Setup {
    /// A demo's snippet or a script.
    pub mode: Mode,
    /// Show the output live as well as recording it.
    pub echo: bool,
    /// python3's buffering of stdout and stderr (block-buffered on a pipe, line-buffered on a
    /// terminal), for bytes and their order relative to child processes exactly as python3's.
    /// Otherwise each line reaches the transcript and the terminal as soon as it is written.
    pub buffered_output: bool,
    /// Put `SHOW_FRAMES(label)` in the globals (`--frames`).
    pub frames: bool,
    /// Stop each piece of code that runs longer than this (`--timeout`).
    pub timeout: Option<Duration>,
    /// Modules the snippet may import as if they sat beside it (demos only).
    pub shared_modules: Vec<SharedModule>,
    /// Run a snippet section by section (its `# %%` sections, as `--step` does, without
    /// pausing) and record what each printed and recorded, for the report's slides; it still
    /// runs whole when its sections cannot run apart (see [`Session::run_by_sections`]).
    pub by_sections: bool,
}

/// What kind of code runs.
#[derive(Debug, Clone)]
pub enum Mode {
    /// A snippet (a demo's, a quiz's) in fresh globals, with its `PARAMS` global (the demo's
    /// parameters); `sys.exit` is an exception like any other.
    Snippet { params: Map<String, Value> },
    /// Code run as `python3 FILE ARGS` runs a script (`pyconcepts run`): a real `__main__`
    /// module, `sys.argv`, the script's directory first on `sys.path`, `SystemExit` as an exit
    /// status, and threads and `atexit` handlers finished at the end.
    Script { argv: Vec<String> },
}

impl Default for Mode {
    fn default() -> Self {
        Mode::Snippet { params: Map::new() }
    }
}

/// Why a piece of code stopped before its end.
#[derive(Debug, Clone)]
pub enum Stop {
    /// It raised (a syntax error included).
    Raised(SnippetError),
    /// Ctrl-C: `KeyboardInterrupt`, with its traceback (scripts print it, as python3 does).
    Interrupted(SnippetError),
    /// `--timeout` stopped it; `line` is where the snippet was at that moment.
    TimedOut {
        limit: Duration,
        line: Option<usize>,
    },
    /// A script called `sys.exit` (scripts only: in a demo that is an exception like any other).
    Exited { status: u8, message: Option<String> },
    /// The host could not run it at all (a shared module that does not import, a broken
    /// interpreter state): why.
    HostFailed(String),
}

impl Stop {
    /// The stop as the report's `error`.
    pub fn into_error(self) -> SnippetError {
        match self {
            Stop::Raised(error) | Stop::Interrupted(error) => error,
            Stop::TimedOut { limit, line } => SnippetError {
                kind: "Timeout".to_owned(),
                message: timeout_message(limit, line),
                traceback: String::new(),
            },
            Stop::Exited { status, message } => SnippetError {
                kind: "SystemExit".to_owned(),
                message: message.unwrap_or_else(|| status.to_string()),
                traceback: String::new(),
            },
            Stop::HostFailed(message) => SnippetError {
                kind: "HostError".to_owned(),
                message,
                traceback: String::new(),
            },
        }
    }
}

/// "ran past --timeout 1 s (stopped at line 3)".
pub fn timeout_message(limit: Duration, line: Option<usize>) -> String {
    let place = line.map_or(String::new(), |line| format!(" (stopped at line {line})"));
    format!(
        "ran past --timeout {}{place}",
        crate::python::timeout::seconds(limit)
    )
}

/// What running one piece of code produced.
pub struct ChunkRun {
    /// What it printed, both streams interleaved.
    pub output: String,
    pub duration: Duration,
    /// `None` when it ran to its end.
    pub stop: Option<Stop>,
}

/// A snippet being run in one globals dict, piece by piece (`--step` runs it section by section)
/// or whole. Opening saves the interpreter's state and installs the capture; closing, or
/// dropping, restores it.
pub struct Session {
    file_name: String,
    globals: Py<PyDict>,
    /// The state to restore; `None` once restored.
    saved: Option<Py<PyAny>>,
    transcript: Transcript,
    timeout: Option<Duration>,
    script: bool,
    /// Uncaught exceptions and `sys.exit` messages are reported on the script's own stderr,
    /// through its `sys.excepthook`, as python3 reports them (`run`, unless `--json`).
    reports_like_python3: bool,
    /// Every layer of the captured streams, flushed before the host's own output.
    stream_layers: Option<Py<PyAny>>,
    /// A demo shown live: a spinner fills its silences on a terminal.
    heartbeat: bool,
}

impl Session {
    pub fn open(source: &SnippetSource, setup: &Setup) -> anyhow::Result<Session> {
        Python::attach(|py| -> anyhow::Result<Session> {
            let harness = py.import(HARNESS_NAME)?;
            let saved = harness.call_method0("save_state")?.unbind();
            let mut session = Session {
                file_name: source.file_name.clone(),
                globals: PyDict::new(py).unbind(),
                saved: Some(saved),
                transcript: Transcript::default(),
                timeout: setup.timeout,
                script: matches!(setup.mode, Mode::Script { .. }),
                reports_like_python3: matches!(setup.mode, Mode::Script { .. }) && setup.echo,
                stream_layers: None,
                heartbeat: setup.echo && !matches!(setup.mode, Mode::Script { .. }),
            };
            // From here on, dropping `session` restores the state if a step below fails.
            if !session.script {
                // A script's lines are read from its file, as python3's linecache reads them.
                harness.call_method1("prepare", (&source.file_name, &source.code))?;
                // A script exits with os._exit as under python3; a demo must not end the run.
                harness.call_method0("refuse_exit")?;
            }
            // Only to the snippets that name them: the imports demo shows sys.meta_path, where
            // the finder that provides them sits.
            let named = setup
                .shared_modules
                .iter()
                .filter(|module| source.code.contains(module.name.as_str()));
            for module in named {
                harness.call_method1(
                    "provide_module",
                    (&module.name, &module.source.file_name, &module.source.code),
                )?;
            }
            let globals = match &setup.mode {
                Mode::Script { argv } => harness
                    .call_method1("main_module", (&source.file_name, argv.clone()))?
                    .cast_into::<PyDict>()
                    .map_err(PyErr::from)?,
                Mode::Snippet { params } => {
                    let globals = PyDict::new(py);
                    globals.set_item("__name__", "__main__")?;
                    globals.set_item("__file__", &source.file_name)?;
                    globals.set_item("__builtins__", py.import("builtins")?)?;
                    globals.set_item("PARAMS", to_python(py, &Value::Object(params.clone()))?)?;
                    globals
                }
            };
            if setup.frames {
                let viewer = FrameViewer::new(globals.clone().unbind(), source.file_name.clone());
                globals.set_item("SHOW_FRAMES", Py::new(py, viewer)?)?;
            }
            if setup.timeout.is_some() {
                harness.call_method0("allow_interrupts")?;
            }
            let (out, err) = if setup.echo {
                (Echo::Stdout, Echo::Stderr)
            } else {
                (Echo::Silent, Echo::Silent)
            };
            let fold_width = (!session.script).then(terminal::fold_width).flatten();
            let file = |echo| {
                Py::new(
                    py,
                    CapturedFile::new(echo, session.transcript.clone(), session.script, fold_width),
                )
            };
            let layers = harness.call_method1(
                "install_streams",
                (
                    file(out)?,
                    file(err)?,
                    session.script,
                    setup.buffered_output,
                ),
            )?;
            session.stream_layers = Some(layers.unbind());
            session.globals = globals.unbind();
            Ok(session)
        })
        .map_err(host_error)
    }

    /// Compiles and runs `code` in the session's globals. `code` is compiled as if it were the
    /// whole file (a section is padded with blank lines: see `Section::padded_code`), so
    /// tracebacks name the file's true lines. Errors only when the host itself fails.
    pub fn run_chunk(&mut self, code: &str) -> anyhow::Result<ChunkRun> {
        self.guarded(|py, globals| {
            let builtins = py.import("builtins")?;
            // Python's own compile() and exec(), called from Rust: no host frame appears in a
            // traceback, and a syntax error is reported with the snippet's file name and line.
            Ok(builtins
                .call_method1("compile", (code, &self.file_name, "exec"))
                .and_then(|code| builtins.call_method1("exec", (code, globals)))
                .err())
        })
    }

    /// Runs `code`, a whole snippet, section by section in the session's globals, as `--step`
    /// does but without pausing, when that runs what running it whole does: the whole file
    /// compiles (a syntax error anywhere stops it before its first line, as under python3) and
    /// so does each section alone (see [`sections::separable`]); otherwise it runs whole. Each
    /// section is compiled once and shows its compile-time warnings as it runs, as under
    /// `--step`. The compiling and the running are one piece of work for the watchdog, so
    /// `--timeout` limits the snippet as when it runs whole, and a Ctrl-C while compiling stops
    /// it as one while it runs. Stops at the first section that raises or is stopped. Returns
    /// the run as a whole (all sections' output) and what each section that ran printed and
    /// recorded; none when it ran whole.
    pub fn run_by_sections(&mut self, code: &str) -> anyhow::Result<(ChunkRun, Vec<SectionRun>)> {
        let mut runs: Vec<SectionRun> = Vec::new();
        let mut printed = String::new();
        let mut recorded = Value::Object(Map::new());
        let chunk = self.guarded(|py, globals| {
            let builtins = py.import("builtins")?;
            let harness = py.import(HARNESS_NAME)?;
            // `(code object, its compile-time warnings)`, or None for a syntax error.
            let compile = |text: &str| -> PyResult<Option<(Bound<'_, PyAny>, Bound<'_, PyAny>)>> {
                let compiled = harness.call_method1("compiled", (text, &self.file_name))?;
                if compiled.is_none() {
                    return Ok(None);
                }
                compiled.extract().map(Some)
            };
            let run_whole = |code: &Bound<'_, PyAny>, warnings: &Bound<'_, PyAny>| {
                harness
                    .call_method1("show_warnings", (warnings,))
                    .and_then(|_| builtins.call_method1("exec", (code, globals)))
                    .err()
            };
            let whole = match compile(code) {
                Ok(Some(whole)) => whole,
                // Compiled again, shown: the syntax error and its warnings, as python3 shows
                // them, before any line runs.
                Ok(None) => {
                    return Ok(builtins
                        .call_method1("compile", (code, &self.file_name, "exec"))
                        .and_then(|code| builtins.call_method1("exec", (code, globals)))
                        .err())
                }
                Err(stopped) => return Ok(Some(stopped)),
            };
            // `separable` keeps exactly the candidates it was told compile, in order.
            let mut compiled = Vec::new();
            let mut stopped = None;
            let separable = sections::separable(code, |section| {
                if stopped.is_some() {
                    return false;
                }
                match compile(&section.padded_code()) {
                    Ok(Some(section)) => {
                        compiled.push(section);
                        true
                    }
                    Ok(None) => false,
                    Err(err) => {
                        stopped = Some(err);
                        false
                    }
                }
            });
            if stopped.is_some() {
                return Ok(stopped);
            }
            let Some(separable) = separable else {
                return Ok(run_whole(&whole.0, &whole.1));
            };
            let total = separable.len();
            for (section, (code, warnings)) in separable.iter().zip(&compiled) {
                let mut run = SectionRun::of(section, total);
                let started = Instant::now();
                let raised = run_whole(code, warnings)
                    // The host's own Python between two sections may get the Ctrl-C or the
                    // watchdog's SIGINT meant for the snippet: it stops the snippet there.
                    .or_else(|| self.flush_streams(&harness).err());
                run.duration = started.elapsed();
                if let Some(err) = raised {
                    // Its output and evidence are collected once the stop is handled.
                    runs.push(run);
                    return Ok(Some(err));
                }
                run.output = self.transcript.take();
                printed.push_str(&run.output);
                // Unreadable evidence is the whole run's to report, once it ends.
                if let Ok(evidence) = self.evidence() {
                    run.evidence_keys = changed_keys(&recorded, &evidence);
                    recorded = evidence;
                }
                runs.push(run);
            }
            Ok(None)
        })?;
        // What the last section printed after its last flush (its threads), or before it
        // stopped, and what the one that stopped recorded.
        if let Some(last) = runs.last_mut() {
            last.output.push_str(&chunk.output);
            if chunk.stop.is_some() {
                if let Ok(evidence) = self.evidence() {
                    last.evidence_keys = changed_keys(&recorded, &evidence);
                }
            }
        }
        printed.push_str(&chunk.output);
        Ok((
            ChunkRun {
                output: printed,
                ..chunk
            },
            runs,
        ))
    }

    /// Writes out what the captured streams still buffer, into the transcript.
    fn flush_streams(&self, harness: &Bound<'_, PyModule>) -> PyResult<()> {
        if let Some(layers) = &self.stream_layers {
            harness.call_method1("flush_layers", (layers,))?;
        }
        Ok(())
    }

    /// Runs the script file as python3 runs it: Python's own file parser reads the bytes
    /// (BOM, coding cookie, CRLF, and the SyntaxError for a file that is not Python at all).
    pub fn run_file(&mut self, path: &std::path::Path) -> anyhow::Result<ChunkRun> {
        use std::os::unix::ffi::OsStrExt;
        let c_path = std::ffi::CString::new(path.as_os_str().as_bytes())
            .context("a NUL byte in the script's path")?;
        self.guarded(|py, globals| {
            // SAFETY: fopen gets two NUL-terminated strings; PyRun_FileExFlags gets the open
            // FILE (and closes it: closeit = 1), a NUL-terminated name and a live dict, with
            // the GIL held; its result is a new reference or NULL with an exception set.
            unsafe {
                let file = libc::fopen(c_path.as_ptr(), c"rb".as_ptr());
                if file.is_null() {
                    return Err(std::io::Error::last_os_error().into());
                }
                let result = ffi::PyRun_FileExFlags(
                    file.cast(),
                    c_path.as_ptr(),
                    ffi::Py_file_input,
                    globals.as_ptr(),
                    globals.as_ptr(),
                    1,
                    std::ptr::null_mut(),
                );
                if result.is_null() {
                    Ok(Some(PyErr::fetch(py)))
                } else {
                    ffi::Py_DECREF(result);
                    Ok(None)
                }
            }
        })
    }

    /// For scripts, after their code: what python3 does at exit — wait for non-daemon threads,
    /// run `atexit` handlers, flush stdout and stderr. Their output is captured like the
    /// script's. `exited`: the script called `sys.exit`. The flag is false when flushing
    /// failed (python3 then exits 120).
    pub fn finish_script(&mut self, exited: bool) -> anyhow::Result<(ChunkRun, bool)> {
        let flushed = std::cell::Cell::new(true);
        let chunk = self.guarded(|py, globals| {
            match py
                .import(HARNESS_NAME)?
                .call_method1("finish_script", (globals, exited))
            {
                Ok(result) => {
                    let (ok, unraisable): (bool, Bound<'_, PyAny>) = result.extract()?;
                    if !unraisable.is_none() {
                        let (error, stream): (Bound<'_, PyAny>, Bound<'_, PyAny>) =
                            unraisable.extract()?;
                        // "Exception ignored in: <stdout>", through sys.unraisablehook.
                        PyErr::from_value(error).write_unraisable(py, Some(&stream));
                    }
                    flushed.set(ok);
                    Ok(None)
                }
                Err(err) => Ok(Some(err)),
            }
        })?;
        Ok((chunk, flushed.get()))
    }

    /// Runs `action` under the watchdog and turns what it raised into a `Stop`.
    fn guarded(
        &self,
        action: impl for<'py> FnOnce(Python<'py>, &Bound<'py, PyDict>) -> PyResult<Option<PyErr>>,
    ) -> anyhow::Result<ChunkRun> {
        let watchdog = self
            .timeout
            .map(|limit| Watchdog::arm(limit, self.file_name.clone()));
        let heartbeat = self
            .heartbeat
            .then(|| Heartbeat::start(terminal::columns()))
            .flatten();
        let started = Instant::now();
        let raised = Python::attach(|py| action(py, self.globals.bind(py)));
        drop(heartbeat);
        let fired = watchdog.is_some_and(Watchdog::disarm);
        let duration = started.elapsed();
        Python::attach(|py| -> anyhow::Result<ChunkRun> {
            if fired {
                // The watchdog's last SIGINT may still be pending: it was for the snippet, not
                // for the host code that runs next.
                let _ = py.check_signals();
            }
            let raised = raised?;
            let harness = py.import(HARNESS_NAME)?;
            let stop = match raised {
                None if !fired => None,
                _ if fired => {
                    let line = match &raised {
                        Some(err) => harness
                            .call_method1("innermost_line", (err.traceback(py), &self.file_name))?
                            .extract()?,
                        None => None,
                    };
                    Some(Stop::TimedOut {
                        limit: self.timeout.unwrap_or_default(),
                        line,
                    })
                }
                Some(err) if self.script && err.is_instance_of::<PySystemExit>(py) => {
                    let (status, message): (u8, Option<String>) = harness
                        .call_method1("exit_status", (err.value(py), self.reports_like_python3))?
                        .extract()?;
                    Some(Stop::Exited { status, message })
                }
                Some(err) => {
                    if self.reports_like_python3 {
                        harness
                            .call_method1("report_uncaught", (err.value(py), err.traceback(py)))?;
                    }
                    let interrupted = err.is_instance_of::<PyKeyboardInterrupt>(py);
                    let error = describe(&harness, err)?;
                    Some(if interrupted {
                        Stop::Interrupted(error)
                    } else {
                        Stop::Raised(error)
                    })
                }
                None => None,
            };
            // What the code left in the streams' buffers belongs to its output: python3
            // flushes it after the main code too.
            if let Some(layers) = &self.stream_layers {
                harness.call_method1("flush_layers", (layers,))?;
            }
            Ok(ChunkRun {
                output: self.transcript.take(),
                duration,
                stop,
            })
        })
        .map_err(host_error)
    }

    /// The snippet's `EVIDENCE` dict as plain data so far (an empty object when there is none),
    /// or why it cannot be read: not a dict, or holding what JSON cannot (the place is named).
    pub fn evidence(&self) -> Result<Value, String> {
        Python::attach(|py| {
            let evidence = self.globals.bind(py).get_item("EVIDENCE").ok().flatten();
            match evidence {
                None => Ok(Value::Object(Map::new())),
                Some(evidence) if evidence.is_none() => Ok(Value::Object(Map::new())),
                Some(evidence) if !evidence.is_instance_of::<PyDict>() => Err(format!(
                    "EVIDENCE is a {}, not a dict: record each claim's evidence under its key, \
                     EVIDENCE = {{\"<claim key>\": {{...}}}}",
                    evidence
                        .get_type()
                        .name()
                        .map_or_else(|_| "?".to_owned(), |name| name.to_string())
                )),
                Some(evidence) => to_json(&evidence, "EVIDENCE").map_err(|err| format!("{err:#}")),
            }
        })
    }

    /// `EVIDENCE` when the code left a dict under that name (scripts need not), as plain data.
    pub fn evidence_dict(&self) -> Option<anyhow::Result<Value>> {
        Python::attach(|py| {
            let evidence = self.globals.bind(py).get_item("EVIDENCE").ok()??;
            evidence
                .is_instance_of::<PyDict>()
                .then(|| to_json(&evidence, "EVIDENCE"))
        })
    }

    /// Whether uncaught exceptions and exit messages were already reported as python3 does.
    pub fn reports_like_python3(&self) -> bool {
        self.reports_like_python3
    }

    /// Restores the interpreter's state (streams, sys.path, modules, …), after writing out what
    /// the captured streams still buffer.
    pub fn close(mut self) -> anyhow::Result<()> {
        self.restore()
    }

    fn restore(&mut self) -> anyhow::Result<()> {
        let Some(saved) = self.saved.take() else {
            return Ok(());
        };
        let layers = self.stream_layers.take();
        Python::attach(|py| -> anyhow::Result<()> {
            let harness = py.import(HARNESS_NAME)?;
            if let Some(layers) = layers {
                harness.call_method1("flush_layers", (layers,))?;
            }
            harness.call_method1("restore_state", (saved,))?;
            Ok(())
        })
        .map_err(host_error)
    }
}

impl Drop for Session {
    fn drop(&mut self) {
        let _ = self.restore();
    }
}

/// A failure of the host's own Python calls as a Rust error (Ctrl-C becomes `Interrupted`).
fn host_error(err: anyhow::Error) -> anyhow::Error {
    match err.downcast::<PyErr>() {
        Ok(py_err) => Python::attach(|py| python_error(py, py_err)),
        Err(other) => other,
    }
}

fn describe(harness: &Bound<'_, PyModule>, err: PyErr) -> PyResult<SnippetError> {
    let py = harness.py();
    // pyo3 keeps the traceback beside the exception rather than in `__traceback__` on 3.11.
    let (kind, message, traceback): (String, String, String) = harness
        .call_method1("describe_exception", (err.value(py), err.traceback(py)))?
        .extract()?;
    Ok(SnippetError {
        kind,
        message,
        traceback,
    })
}

/// A Python exception raised by the host's own calls, as a Rust error; Ctrl-C becomes
/// `Interrupted` so that `main` exits 130.
fn python_error(py: Python<'_>, err: PyErr) -> anyhow::Error {
    if err.is_instance_of::<PyKeyboardInterrupt>(py) {
        anyhow::Error::new(Interrupted)
    } else {
        anyhow!("Python error in the host: {err}")
    }
}

/// Raises `KeyboardInterrupt` as `Interrupted` if Ctrl-C arrived while Rust code was running.
pub fn check_interrupt() -> anyhow::Result<()> {
    Python::attach(|py| py.check_signals().map_err(|err| python_error(py, err)))
}

/// What `python3` does for multiprocessing at exit and pyo3, which never finalises, does not: run
/// its finalizers, which stop leaked pools and remove its `pymp-*` temporary directory, and stop
/// its helper processes. Does nothing when the interpreter never started.
pub fn finish() {
    // SAFETY: Py_IsInitialized may be called at any time, without the GIL.
    if unsafe { pyo3::ffi::Py_IsInitialized() } == 0 {
        return;
    }
    Python::attach(|py| {
        // At exit there is nobody left to tell: a finalizer that fails leaves a directory.
        let _ = py
            .import(HARNESS_NAME)
            .and_then(|harness| harness.call_method0("at_exit"));
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_precompiled_harness_is_the_harness_source_compiled_by_this_interpreter() {
        // Not `start()`: that installs signal handlers, which only the main thread may do.
        Python::initialize();
        Python::attach(|py| {
            let compiled = py
                .import("builtins")
                .and_then(|b| b.call_method1("compile", (HARNESS_SOURCE, HARNESS_FILE, "exec")))
                .unwrap();
            let precompiled = precompiled_harness(py)
                .unwrap()
                .expect("build.rs compiled it with the interpreter these tests link");
            // Code objects compare their bytecode, constants and names: a stale build would not.
            assert!(precompiled.eq(&compiled).unwrap());
        });
    }
}
