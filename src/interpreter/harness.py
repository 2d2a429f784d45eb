"""The Python half of the pyconcepts host: start-up fixes, identity, and demo isolation.

Loaded once into the embedded interpreter as the module `_pyconcepts_harness`. The Rust side
(`interpreter.rs`) calls these functions; snippets never see them.
"""

import gc
import linecache
import os
import platform
import signal
import sys
import sysconfig
import traceback


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


def bootstrap():
    """Fixes what embedding leaves unlike `python3`: the child interpreter and Ctrl-C."""
    sys.executable = sys._base_executable = build_interpreter()
    # Py_InitializeEx(0) installs no SIGINT handler. Installing Python's own makes Ctrl-C raise
    # KeyboardInterrupt in every snippet alike, not only in those that happen to import asyncio.
    # Like `python3`, leave it alone when whoever started us chose to ignore SIGINT.
    if signal.getsignal(signal.SIGINT) == signal.SIG_DFL:
        signal.signal(signal.SIGINT, signal.default_int_handler)


def gil_enabled():
    """Feature-detected: 3.13+ can tell at run time; free-threaded builds say so in sysconfig."""
    probe = getattr(sys, "_is_gil_enabled", None)
    if probe is not None:
        return bool(probe())
    return not sysconfig.get_config_var("Py_GIL_DISABLED")


def identity():
    return {
        "version": platform.python_version(),
        "implementation": sys.implementation.name,
        "gil_enabled": gil_enabled(),
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
        "streams": (sys.stdin, sys.stdout, sys.stderr),
        "excepthook": sys.excepthook,
        "gc_enabled": gc.isenabled(),
        "gc_threshold": gc.get_threshold(),
        "gc_debug": gc.get_debug(),
        "gc_callbacks": list(gc.callbacks),
        "cwd": os.getcwd(),
        "environ": dict(os.environ),
        "sigint": signal.getsignal(signal.SIGINT),
    }


def restore_state(state):
    sys.stdin, sys.stdout, sys.stderr = state["streams"]
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


def prepare(file_name, code):
    """Lets tracebacks quote lines of snippets that exist only inside the binary."""
    linecache.cache[file_name] = (len(code), None, code.splitlines(True), file_name)
    sys.argv[:] = [file_name]


def describe_exception(error, trace):
    """(type name, message, formatted traceback) of an exception a snippet raised."""
    lines = traceback.format_exception(type(error), error, trace)
    return type(error).__name__, str(error), "".join(lines)
