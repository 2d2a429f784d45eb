"""The Python half of the pyconcepts host: start-up fixes, identity, and demo isolation.

Loaded once into the embedded interpreter as the module `_pyconcepts_harness`. The Rust side
(`interpreter.rs`) calls these functions; snippets never see them.
"""

import builtins
import gc
import io
import linecache
import os
import signal
import sys
import sysconfig
import tokenize
import types

# `dis`, `reprlib`, `traceback` and `warnings` are imported where they are used: every demo starts
# this module, few need them, and start-up is the one cost a quick demo cannot hide.


def build_interpreter():
    """The `python` program of the build this process embeds, for child processes.

    An embedded interpreter guesses `sys.executable` from a `PATH` lookup of `python3`, which may
    be a pyenv shim or another Python altogether. The build's own binary lives in its BINDIR.
    """
    bindir = sysconfig.get_config_var("BINDIR") or ""
    for name in ("python" + sysconfig.get_config_var("VERSION"), "python3"):
        candidate = os.path.join(bindir, name)
        if os.access(candidate, os.X_OK):
            return candidate
    return sys.executable


class Terminated(KeyboardInterrupt):
    """SIGTERM arrived. A KeyboardInterrupt, so that a snippet unwinds as on Ctrl-C (its `with
    Pool()` blocks terminate their workers, its `finally` blocks run) and the host stops as it
    does on Ctrl-C; the host then stops what is left below it and exits 143."""


_HOST_PID = os.getpid()


def _on_sigterm(signum, frame):
    if os.getpid() != _HOST_PID:
        # A forked child (a fork pool's worker) inherited this handler: it ends as it would
        # have without the host, at once, as Pool.terminate() expects.
        signal.signal(signal.SIGTERM, signal.SIG_DFL)
        os.kill(os.getpid(), signal.SIGTERM)
        return
    import _pyconcepts

    _pyconcepts.note_terminated()
    raise Terminated("terminated by SIGTERM")


# The signal masks of threads that are forking, by thread id (see _fork_without_losing_sigterm).
_MASKS_BEFORE_FORK = {}


def _fork_without_losing_sigterm():
    """Makes a forked child (a fork pool's worker) end on SIGTERM as under python3, with no
    window where the signal is lost.

    A child inherits _on_sigterm, which only runs once the child's interpreter checks for
    signals, and the interpreter clears the flags of signals that arrived just after fork()
    (PyOS_AfterFork_Child). Pool.terminate() on a freshly forked worker could land there: the
    worker lived on, waiting for a task, and the host waited for it forever. So SIGTERM is
    blocked across fork() (the kernel keeps it pending, it is never lost), and the child puts
    back python3's default before unblocking it."""
    import _thread

    def before():
        _MASKS_BEFORE_FORK[_thread.get_ident()] = signal.pthread_sigmask(
            signal.SIG_BLOCK, {signal.SIGTERM}
        )

    def restore_mask():
        mask = _MASKS_BEFORE_FORK.pop(_thread.get_ident(), None)
        if mask is not None:
            signal.pthread_sigmask(signal.SIG_SETMASK, mask)

    def in_child():
        if signal.getsignal(signal.SIGTERM) is _on_sigterm:
            signal.signal(signal.SIGTERM, signal.SIG_DFL)
        restore_mask()

    os.register_at_fork(before=before, after_in_parent=restore_mask, after_in_child=in_child)


def bootstrap(configured_like_python3):
    """Fixes what embedding leaves unlike `python3`: the child interpreter, Ctrl-C, SIGTERM.

    `run` starts the interpreter with python3's own configuration (`sys.executable`,
    `sys.orig_argv` and all, set before `site` runs): nothing to fix there.
    """
    if not configured_like_python3:
        sys.executable = sys._base_executable = build_interpreter()
    # Py_InitializeEx(0) installs no SIGINT handler. Installing Python's own makes Ctrl-C raise
    # KeyboardInterrupt in every snippet alike, not only in those that happen to import asyncio.
    # Like `python3`, leave it alone when whoever started us chose to ignore SIGINT.
    if signal.getsignal(signal.SIGINT) == signal.SIG_DFL:
        signal.signal(signal.SIGINT, signal.default_int_handler)
    # SIGTERM's default ends the host at once and orphans every process a snippet started.
    if signal.getsignal(signal.SIGTERM) == signal.SIG_DFL:
        signal.signal(signal.SIGTERM, _on_sigterm)
        _fork_without_losing_sigterm()


def at_exit():
    """multiprocessing's share of python3's exit: its finalizers (leaked pools are stopped, then
    the `pymp-*` directory it made in TMPDIR is removed), and its helper processes. The resource
    tracker ignores SIGTERM; told to stop, it frees what dead processes left registered."""
    util = sys.modules.get("multiprocessing.util")
    if util is None:
        return
    util._run_finalizers()
    if util.process.active_children():
        # A forked child holds the pipes whose end tells the helpers to stop: waiting for them
        # would wait for that child. The host stops what is left without their help.
        return
    for module, helper in (("multiprocessing.forkserver", "_forkserver"),
                           ("multiprocessing.resource_tracker", "_resource_tracker")):
        running = getattr(sys.modules.get(module), helper, None)
        if running is not None and hasattr(running, "_stop"):  # private: feature-checked
            running._stop()


def gil_enabled():
    """Feature-detected: 3.13+ can tell at run time; free-threaded builds say so in sysconfig."""
    probe = getattr(sys, "_is_gil_enabled", None)
    if probe is not None:
        return bool(probe())
    return not sysconfig.get_config_var("Py_GIL_DISABLED")


def identity():
    return {
        # What platform.python_version() returns, without importing platform: the first word
        # of sys.version ("3.13.0rc1", "3.13.15").
        "version": sys.version.split()[0],
        "implementation": sys.implementation.name,
        "gil_enabled": gil_enabled(),
        "free_threaded": bool(sysconfig.get_config_var("Py_GIL_DISABLED")),
        "executable": sys.executable,
    }


def details():
    """What `pyconcepts info` shows beyond the identity."""
    return {
        **identity(),
        "sys_version": sys.version,
        "prefix": sys.prefix,
        "base_prefix": sys.base_prefix,
        "child_executable": sys.executable,
        "stdlib": sysconfig.get_path("stdlib"),
        "site_packages": sysconfig.get_path("purelib"),
    }


def _installation_dirs():
    paths = sysconfig.get_paths()
    return tuple(
        os.path.join(os.path.realpath(paths[key]), "")
        for key in ("stdlib", "platstdlib", "purelib", "platlib")
        if key in paths
    )


def _from_installation(module, dirs):
    """Built-in, frozen, or loaded from the standard library or site-packages."""
    spec = getattr(module, "__spec__", None)
    origin = getattr(spec, "origin", None)
    if origin in ("built-in", "frozen"):
        return True
    locations = [origin] if origin else list(getattr(module, "__path__", None) or [])
    return bool(locations) and all(
        isinstance(place, str) and os.path.realpath(place).startswith(dirs) for place in locations
    )


def save_state():
    """Everything a snippet might change that would leak into the next demo."""
    return {
        "path": list(sys.path),
        "meta_path": list(sys.meta_path),
        "path_hooks": list(sys.path_hooks),
        "path_importer_cache": set(sys.path_importer_cache),
        "modules": set(sys.modules),
        "switch_interval": sys.getswitchinterval(),
        "recursion_limit": sys.getrecursionlimit(),
        "int_max_str_digits": sys.get_int_max_str_digits(),
        "dont_write_bytecode": sys.dont_write_bytecode,
        "argv": list(sys.argv),
        "executable": (sys.executable, sys._base_executable),
        "streams": (sys.stdin, sys.stdout, sys.stderr),
        "original_streams": (sys.__stdout__, sys.__stderr__),
        "excepthook": sys.excepthook,
        "gc_enabled": gc.isenabled(),
        "gc_threshold": gc.get_threshold(),
        "gc_debug": gc.get_debug(),
        "gc_callbacks": list(gc.callbacks),
        "cwd": os.getcwd(),
        "environ": dict(os.environ),
        "sigint": signal.getsignal(signal.SIGINT),
        "sigterm": signal.getsignal(signal.SIGTERM),
        "main": sys.modules.get("__main__"),
        # A snippet that rebinds `builtins.len` would break every later demo.
        "builtins": dict(vars(builtins)),
        "os_exit": os._exit,
    }


def restore_state(state):
    # Builtins first, with no builtin call (a snippet may have rebound `set` or `list`): the
    # rest of this function needs them.
    names = builtins.__dict__
    saved = state["builtins"]
    for name in [name for name in names if name not in saved]:
        del names[name]
    names.update(saved)
    sys.stdin, sys.stdout, sys.stderr = state["streams"]
    sys.__stdout__, sys.__stderr__ = state["original_streams"]
    sys.path[:] = state["path"]
    sys.meta_path[:] = state["meta_path"]
    sys.path_hooks[:] = state["path_hooks"]
    for key in set(sys.path_importer_cache) - state["path_importer_cache"]:
        del sys.path_importer_cache[key]
    # Modules a snippet imported from elsewhere (a temporary directory, a shadowing file) are
    # forgotten, so the next demo imports afresh. Standard-library and site-packages modules stay
    # cached, as in any long-running interpreter: live objects (threads, pools) still use them.
    dirs = _installation_dirs()
    for name in set(sys.modules) - state["modules"]:
        module = sys.modules.get(name)
        if module is not None and not _from_installation(module, dirs):
            del sys.modules[name]
    sys.setswitchinterval(state["switch_interval"])
    sys.setrecursionlimit(state["recursion_limit"])
    sys.set_int_max_str_digits(state["int_max_str_digits"])
    sys.dont_write_bytecode = state["dont_write_bytecode"]
    sys.argv[:] = state["argv"]
    sys.executable, sys._base_executable = state["executable"]
    sys.excepthook = state["excepthook"]
    sys.settrace(None)
    sys.setprofile(None)
    (gc.enable if state["gc_enabled"] else gc.disable)()
    gc.set_threshold(*state["gc_threshold"])
    gc.set_debug(state["gc_debug"])
    gc.callbacks[:] = state["gc_callbacks"]
    os.chdir(state["cwd"])
    for key in set(os.environ) - set(state["environ"]):
        del os.environ[key]
    for key, value in state["environ"].items():
        if os.environ.get(key) != value:
            os.environ[key] = value
    signal.signal(signal.SIGINT, state["sigint"])
    signal.signal(signal.SIGTERM, state["sigterm"])
    if state["main"] is not None:
        sys.modules["__main__"] = state["main"]
    else:
        sys.modules.pop("__main__", None)
    os._exit = state["os_exit"]


def _source_lines(code):
    """The lines `linecache` reads from a file: universal newlines, split at "\\n" only."""
    return io.StringIO(code, newline=None).readlines()


def prepare(file_name, code):
    """Lets tracebacks quote lines of snippets that exist only inside the binary."""
    linecache.cache[file_name] = (len(code), None, _source_lines(code), file_name)
    sys.argv[:] = [file_name]


def install_streams(out_file, err_file, like_python3, buffered):
    """Makes `sys.stdout` and `sys.stderr` the text streams python3 builds in `create_stdio`,
    on the host's capturing files instead of `FileIO`: a `TextIOWrapper` with the encoding and
    errors of the interpreter's own streams for `run` (else UTF-8, strict on stdout).

    `buffered` (plain `run`): python3's buffering — a `BufferedWriter` of the descriptor's
    block size, line-buffered on a terminal (stderr always), or write-through as `python3 -u`
    when PYTHONUNBUFFERED says so. Otherwise the text layer writes each line through at once,
    as python3 does on a terminal, so lines reach the transcript in the order written (a line's
    unfinished end waits for its newline, a flush or the end of the code). Returns every layer,
    for the host to flush whatever the script did with `sys.stdout`."""
    # What start-up code (`sitecustomize`, a `.pth` file) printed waits in the interpreter's own
    # buffered streams, which nothing flushes later: pyo3 never finalises the interpreter.
    _flush_io()
    layers = []
    streams = []
    for raw, original, fallback_errors in (
        (out_file, sys.__stdout__, "strict"),
        (err_file, sys.__stderr__, "backslashreplace"),
    ):
        if like_python3 and original is not None:
            encoding, errors = original.encoding, original.errors
        else:
            encoding, errors = "utf-8", fallback_errors
        if not buffered:
            layer, line_buffering, write_through = raw, True, False
        elif original is not None and original.write_through:
            layer, line_buffering, write_through = raw, False, True
        else:
            layer = io.BufferedWriter(raw, _block_size(raw))
            line_buffering = raw is err_file or raw.isatty()
            write_through = False
            layers.append(layer)
        stream = io.TextIOWrapper(
            layer, encoding, errors, "\n", line_buffering, write_through
        )
        stream.mode = "w"
        streams.append(stream)
    sys.stdout = sys.__stdout__ = streams[0]
    sys.stderr = sys.__stderr__ = streams[1]
    return streams + layers


def _block_size(raw):
    """What `open()` picks as buffer size: the descriptor's st_blksize, else the default."""
    try:
        size = os.fstat(raw.fileno()).st_blksize
    except (OSError, io.UnsupportedOperation):
        return io.DEFAULT_BUFFER_SIZE
    return size if size > 1 else io.DEFAULT_BUFFER_SIZE


def compiled(source, file_name):
    """`source` compiled, and the warnings compiling it raised, not shown yet: `(code, warnings)`,
    or None when it does not compile. A demo's snippet is compiled whole first, to check it, then
    section by section; each section shows its warnings when it runs (`show_warnings`)."""
    import warnings

    with warnings.catch_warnings(record=True) as raised:
        warnings.simplefilter("always")
        try:
            code = compile(source, file_name, "exec", dont_inherit=True)
        except Exception:  # SyntaxError, a NUL byte (ValueError), nesting too deep
            return None
    return code, raised


def show_warnings(raised):
    """Warns again, as `compiled` recorded them, through the filters and streams now in force."""
    import warnings

    for warning in raised:
        warnings.warn_explicit(warning.message, warning.category, warning.filename, warning.lineno)


def flush_layers(layers):
    """Writes out what the streams of a session still hold, ignoring closed or detached ones."""
    for layer in layers:
        try:
            layer.flush()
        except (ValueError, OSError):
            pass


class SharedModuleFinder:
    """Imports the modules the snippets share (`runtime_probes`) from the host's copies.

    Run standalone, a snippet imports them from its own directory; embedded, this finder, first
    on sys.meta_path for the demo, provides them. It runs a module's code only when a snippet
    imports it, so a broken shared module fails the demos that import it, at their import line
    and with its own traceback, and no other. Having no origin in the installation, the module
    is forgotten with the snippet's other imports afterwards, and the finder goes with the rest
    of sys.meta_path.
    """

    def __init__(self):
        self.sources = {}

    def find_spec(self, name, path=None, target=None):
        if path is not None or name not in self.sources:
            return None
        file_name, _ = self.sources[name]
        from importlib.machinery import ModuleSpec

        return ModuleSpec(name, self, origin=file_name)

    def create_module(self, spec):
        return None  # the default module

    def exec_module(self, module):
        file_name, code = self.sources[module.__name__]
        module.__file__ = file_name
        exec(compile(code, file_name, "exec"), module.__dict__)


def provide_module(name, file_name, code):
    """Makes a module the snippets share importable as `name` for this snippet."""
    linecache.cache[file_name] = (len(code), None, _source_lines(code), file_name)
    finder = next((f for f in sys.meta_path if isinstance(f, SharedModuleFinder)), None)
    if finder is None:
        finder = SharedModuleFinder()
        sys.meta_path.insert(0, finder)
    finder.sources[name] = (file_name, code)


class SnippetExit(BaseException):
    """A demo's snippet called os._exit(): a demo cannot end pyconcepts, so it stops here.

    A BaseException, as SystemExit is, so that the snippet's `except Exception` lets it through.
    """


def refuse_exit():
    """For a demo: os._exit() in this process raises SnippetExit instead of ending pyconcepts
    (the other demos must still run, the report must still be written). A process forked from
    here (multiprocessing's workers end with os._exit) still exits for real. restore_state puts
    the real os._exit back."""
    host = os.getpid()
    real_exit = os._exit

    def _exit(status):
        if os.getpid() != host:
            real_exit(status)
        raise SnippetExit(
            f"the snippet called os._exit({status!r}); a demo cannot end pyconcepts (the other "
            "demos still run and the report is still written), so this demo stops here"
        )

    os._exit = _exit


def describe_exception(error, trace):
    """(type name, message, formatted traceback) of an exception a snippet raised."""
    import traceback

    lines = traceback.format_exception(type(error), error, trace)
    return type(error).__name__, str(error), "".join(lines)


def allow_interrupts():
    """Makes SIGINT raise KeyboardInterrupt even if whoever started us ignored it: the --timeout
    watchdog stops a snippet with SIGINT. Restored with the rest of the state afterwards."""
    if signal.getsignal(signal.SIGINT) in (signal.SIG_IGN, signal.SIG_DFL, None):
        signal.signal(signal.SIGINT, signal.default_int_handler)


def innermost_line(trace, file_name):
    """The line of `file_name` where a traceback's innermost frame in that file was."""
    line = None
    while trace is not None:
        if trace.tb_frame.f_code.co_filename == file_name:
            line = trace.tb_lineno
        trace = trace.tb_next
    return line


# --- `pyconcepts run FILE.py`: the script runs as `python3 FILE.py` would run it --------------


def main_module(file_name, argv):
    """A real `__main__` module, as `python3 FILE` makes one: `__name__ == "__main__"`, an
    absolute `__file__`, `sys.argv`, and the script's directory (symlinks resolved) first on
    `sys.path` unless `PYTHONSAFEPATH` says not to. Being `sys.modules["__main__"]`, its classes
    pickle and multiprocessing's spawn finds it. Returns its namespace; `restore_state` puts
    the host's `__main__` back."""
    import builtins
    import importlib.machinery

    module = types.ModuleType("__main__")
    module.__file__ = file_name
    module.__cached__ = None
    module.__loader__ = importlib.machinery.SourceFileLoader("__main__", file_name)
    module.__spec__ = None
    module.__package__ = None
    module.__annotations__ = {}
    module.__builtins__ = builtins
    sys.modules["__main__"] = module
    sys.argv[:] = argv
    if not sys.flags.safe_path:
        sys.path.insert(0, os.path.dirname(os.path.realpath(file_name)))
    return module.__dict__


def source_text(file_name):
    """The script's text as Python decodes it (BOM, coding cookie, universal newlines), for
    `--step` to cut into sections; None when it does not decode, and runs whole instead."""
    try:
        with tokenize.open(file_name) as source:
            return source.read()
    except (SyntaxError, UnicodeDecodeError):
        return None


def _flush_io():
    """python3's `flush_io()` after the main code: stderr, then stdout, errors ignored."""
    for name in ("stderr", "stdout"):
        stream = getattr(sys, name, None)
        if stream is not None:
            try:
                stream.flush()
            except Exception:
                pass


def report_uncaught(error, trace):
    """What python3's `PyErr_Print` does with an exception the script did not catch: the
    script's own `sys.excepthook` (the default one prints the traceback on `sys.stderr`),
    with python3's words when the hook is missing or fails itself."""
    _flush_io()
    # As PyErr_Print: the traceback the exception unwound with, on the exception itself.
    error.__traceback__ = trace
    sys.last_type, sys.last_value, sys.last_traceback = type(error), error, trace
    hook = getattr(sys, "excepthook", None)
    if hook is None:
        _write_stderr("sys.excepthook is missing\n")
        sys.__excepthook__(type(error), error, trace)
        return
    try:
        hook(type(error), error, trace)
    except BaseException as hook_error:
        _write_stderr("Error in sys.excepthook:\n")
        # The hook's own traceback, from the hook's frame on: this function is not python3's.
        hook_error.__traceback__ = hook_error.__traceback__.tb_next
        sys.__excepthook__(type(hook_error), hook_error, hook_error.__traceback__)
        _write_stderr("\nOriginal exception was:\n")
        sys.__excepthook__(type(error), error, trace)


def _write_stderr(text):
    stream = getattr(sys, "stderr", None)
    if stream is not None:
        try:
            stream.write(text)
        except Exception:
            pass


def exit_status(error, report):
    """(exit status, text for stderr or None) of a SystemExit, the way python3 exits on it.
    With `report`, the text is written to the script's `sys.stderr` as python3 writes it
    instead of being returned."""
    _flush_io()
    code = error.code
    if code is None:
        return 0, None
    if isinstance(code, int):
        # python3 reads a C long (-1 when out of its range), then exit() keeps the low byte.
        return (code if -(2**63) <= code < 2**63 else -1) & 0xFF, None
    message = str(code)
    if report:
        _write_stderr(message + "\n")
        return 1, None
    return 1, message


def finish_script(globals_, exited):
    """What python3 does after the script: forget `__file__` (not when it left by sys.exit,
    which finalises from inside), wait for non-daemon threads, run atexit, flush stdout and
    stderr. Returns whether the flush worked (python3 exits 120 when not) and the stdout
    flush's exception with the stream, for the host to report as python3 does, from C."""
    if not exited:
        globals_.pop("__file__", None)
        globals_.pop("__cached__", None)
    threading = sys.modules.get("threading")
    if threading is not None:
        threading._shutdown()
    import atexit

    atexit._run_exitfuncs()
    flushed, unraisable = True, None
    for name in ("stdout", "stderr"):
        stream = getattr(sys, name, None)
        if stream is None or getattr(stream, "closed", False):
            continue
        try:
            stream.flush()
        except Exception as error:
            flushed = False
            if name == "stdout":
                # Raised inside C in python3: no Python frame to show.
                unraisable = (error.with_traceback(None), stream)
    return flushed, unraisable


# --- `--frames`: the live call frames, read from the interpreter ------------------------------

_SHORT = None


def _short_repr():
    global _SHORT
    if _SHORT is None:
        import reprlib

        _SHORT = reprlib.Repr()
        _SHORT.maxstring = 40
        _SHORT.maxother = 40
        _SHORT.maxlist = 6
        _SHORT.maxtuple = 6
        _SHORT.maxdict = 4
        _SHORT.maxset = 6
        _SHORT.maxlevel = 3
    return _SHORT

# What the snippet protocol puts in globals; not part of any story about scopes.
_PROTOCOL_NAMES = {"PARAMS", "EVIDENCE", "SHOW_FRAMES", "show_frames"}


def _short(value):
    if isinstance(value, types.FunctionType):
        return f"<function {value.__qualname__}>"
    if isinstance(value, type):
        return f"<class {value.__qualname__}>"
    if isinstance(value, types.ModuleType):
        return f"<module {value.__name__}>"
    try:
        return _short_repr().repr(value)
    except Exception:  # a broken __repr__ must not break the diagram
        return f"<{type(value).__name__} object>"


def _qualname(code):
    return getattr(code, "co_qualname", code.co_name)


def _cell_view(name, cell):
    try:
        return {"name": name, "cell": hex(id(cell)), "value": _short(cell.cell_contents)}
    except ValueError:  # an empty cell: the variable is not assigned yet
        return {"name": name, "cell": hex(id(cell)), "value": None}


def _closure_view(function):
    if not isinstance(function, types.FunctionType) or not function.__closure__:
        return []
    return [
        _cell_view(name, cell)
        for name, cell in zip(function.__code__.co_freevars, function.__closure__)
    ]


def _binding(name, value):
    return {"name": name, "value": _short(value), "closure": _closure_view(value)}


def _same(cell, frame_values, name):
    """Whether `cell` holds what the frame sees under `name` (both unassigned counts)."""
    try:
        content = cell.cell_contents
    except ValueError:
        return name not in frame_values
    return name in frame_values and frame_values[name] is content


def _function_of(frame, caller):
    """The function object whose call made `frame`, or None when it can't be told apart.

    A frame does not expose its function before 3.13, but the function is alive while it runs:
    it is one of the live functions whose `__code__` is the frame's code. Several (two closures
    made by one factory) are told apart by the cells' contents, then by which one the caller
    holds."""
    code = frame.f_code
    candidates = [
        referrer
        for referrer in gc.get_referrers(code)
        if isinstance(referrer, types.FunctionType) and referrer.__code__ is code
    ]
    if len(candidates) > 1 and code.co_freevars:
        values = frame.f_locals
        candidates = [
            function
            for function in candidates
            if all(
                _same(cell, values, name)
                for name, cell in zip(code.co_freevars, function.__closure__ or ())
            )
        ]
    if len(candidates) > 1 and caller is not None:
        near = list(caller.f_locals.values()) + list(caller.f_globals.values())
        held = [function for function in candidates if any(function is v for v in near)]
        if held:
            candidates = held
    return candidates[0] if len(candidates) == 1 else None


def _own_cells(frame, nearby_functions):
    """The cell objects of a frame's cell variables, found in closures made by this call."""
    code = frame.f_code
    values = frame.f_locals
    prefix = _qualname(code) + ".<locals>."
    found = {}
    for function in nearby_functions:
        if not function.__closure__ or not function.__qualname__.startswith(prefix):
            continue
        for name, cell in zip(function.__code__.co_freevars, function.__closure__):
            if name in code.co_cellvars and name not in found and _same(cell, values, name):
                found[name] = cell
    return found


def _names_used(code):
    """Global names a function loads and stores, and free variables it assigns (nonlocal)."""
    import dis

    loads, stores, nonlocal_stores = [], [], []
    for instruction in dis.get_instructions(code):
        name = instruction.argval
        if instruction.opname == "LOAD_GLOBAL" and name not in loads:
            loads.append(name)
        elif instruction.opname in ("STORE_GLOBAL", "DELETE_GLOBAL") and name not in stores:
            stores.append(name)
        elif (
            instruction.opname in ("STORE_DEREF", "DELETE_DEREF")
            and name in code.co_freevars
            and name not in nonlocal_stores
        ):
            nonlocal_stores.append(name)
    return loads, stores, nonlocal_stores


def frames_snapshot(globals_, file_name, label, names):
    """The live frames of the snippet, from its module frame to the function that called
    SHOW_FRAMES (called from Rust, so frame 1 is that caller): each function's locals, the cells
    it shares with closures (by id), the global names it uses, and the builtins it falls back on.
    `names`, when given, are the globals to show besides those; otherwise, from module level, the
    closures the module holds. Plain data; the host draws it."""
    chain = []
    frame = sys._getframe(1)
    module_frame = None
    while frame is not None:
        if frame.f_globals is globals_ and frame.f_code.co_name == "<module>":
            module_frame = frame
            break
        chain.append(frame)
        frame = frame.f_back
    chain.reverse()  # outermost first, as the calls were made

    functions = [
        _function_of(frame, chain[index - 1] if index else module_frame)
        for index, frame in enumerate(chain)
    ]
    nearby = [function for function in functions if function is not None]
    for frame in chain:
        nearby += [v for v in frame.f_locals.values() if isinstance(v, types.FunctionType)]
    nearby += [v for v in globals_.values() if isinstance(v, types.FunctionType)]

    builtin_names = vars(__import__("builtins"))
    global_loads, frames = [], []
    for frame, function in zip(chain, functions):
        code = frame.f_code
        if code.co_filename != file_name:
            frames.append({"name": _qualname(code), "line": frame.f_lineno,
                           "file": code.co_filename, "foreign": True})
            continue
        loads, stores, nonlocal_stores = _names_used(code)
        for name in loads + stores:
            if name not in global_loads:
                global_loads.append(name)
        values = frame.f_locals
        local_rows = []
        for name in code.co_varnames:
            if name in code.co_cellvars:
                continue
            if name in values:
                local_rows.append(_binding(name, values[name]))
            else:
                local_rows.append({"name": name, "value": None, "closure": []})
        own = _own_cells(frame, nearby)
        cells = []
        for name in code.co_cellvars:
            if name in own:
                cells.append(_cell_view(name, own[name]))
            else:  # no closure holds this cell yet: show the value, the box is not visible
                value = _short(values[name]) if name in values else None
                cells.append({"name": name, "cell": None, "value": value})
        free = []
        closure = dict(zip(code.co_freevars, function.__closure__ or ())) if function else {}
        for name in code.co_freevars:
            if name in closure:
                free.append(_cell_view(name, closure[name]))
            else:
                value = _short(values[name]) if name in values else None
                free.append({"name": name, "cell": None, "value": value})
        frames.append({
            "name": _qualname(code),
            "line": frame.f_lineno,
            "file": code.co_filename,
            "foreign": False,
            "locals": local_rows,
            "cells": cells,
            "free": free,
            "declared_global": stores,
            "declared_nonlocal": nonlocal_stores,
        })

    module_rows, listed = [], set()
    for name in global_loads:
        if name in globals_ and name not in _PROTOCOL_NAMES:
            module_rows.append(_binding(name, globals_[name]))
            listed.add(name)
    # Globals that a function on the stack hides behind a name of its own: LEGB at work.
    for frame in chain:
        code = frame.f_code
        if code.co_filename != file_name:
            continue
        for name in code.co_varnames + code.co_cellvars + code.co_freevars:
            if name in globals_ and name not in listed and name not in _PROTOCOL_NAMES:
                module_rows.append({**_binding(name, globals_[name]), "shadowed": True})
                listed.add(name)
    if names:
        for name in names:
            if name in listed:
                continue
            if name in globals_:
                module_rows.append(_binding(name, globals_[name]))
            else:
                module_rows.append({"name": name, "value": None, "closure": []})
            listed.add(name)
    elif not chain:  # from module level: the closures it holds, whose cells outlived their calls
        for name, value in globals_.items():
            if name not in listed and isinstance(value, types.FunctionType) and value.__closure__:
                module_rows.append(_binding(name, value))
                listed.add(name)
    builtins_used = [
        name
        for name in global_loads
        if name not in globals_ and name in builtin_names and name not in _PROTOCOL_NAMES
    ]
    return {
        "label": str(label),
        "module_line": module_frame.f_lineno if module_frame is not None else None,
        "module": module_rows,
        "builtins": builtins_used,
        "frames": frames,
    }
