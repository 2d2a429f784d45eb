"""Running probes on the other Python runtimes: shared by the cpython, memory and gil demos.

Not a demo of its own. Run standalone, a snippet imports this file from its own directory;
inside pyconcepts, the host provides it. A probe is a short program run by another runtime
(PyPy, Jython, another CPython) in a child process that prints one JSON line; a runtime that
gave none is shown the same way in every snippet (`print_not_run`).
"""

import importlib.util
import json
import os
import shlex
import shutil
import signal
import subprocess
import sys
import sysconfig
import textwrap
import time

# How to install each runtime the probes use: the one table of these commands. The Rust host
# reads this block when it is compiled (src/runtimes.rs) to print the same lines, so keep it
# literal: one `"name": "command",` a line.
INSTALL = {
    "pypy3": "apt-get install pypy3",
    "jython": "apt-get install jython",
    "cython": "python3 -m pip install cython",
}
INTERPRETERS = ("pypy3", "jython")  # looked up on PATH; Cython is a package of this Python
# What starting each one involves, said while it starts: a JVM takes seconds.
STARTING = {"pypy3": "PyPy, with its JIT", "jython": "Jython, in a JVM"}


def left_out(params):
    """Why the other runtimes are not to be started at all (`demo --no-others`), or None."""
    return params.get("others_left_out")


def other_runtimes(params):
    """[{"name", "path", ...}]: the host's list (with --python extras), else a PATH lookup."""
    listed = params.get("runtimes")
    if listed is None:  # on our own, or a host that does not list them
        listed = [{"name": name, "path": shutil.which(name)} for name in INTERPRETERS]
    reason = left_out(params)
    if reason:
        return [{**runtime, "left_out": reason} for runtime in listed]
    return listed


def run_child(command, timeout):
    """Runs a command; returns (stdout, problem): problem says why it gave no result.

    The child leads a process group of its own, and at the timeout the whole group is killed:
    a launcher script (Debian's `jython` is one) may leave the real work to a grandchild.
    """
    try:
        child = subprocess.Popen(command, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                                 stderr=subprocess.PIPE, text=True, start_new_session=True)
    except OSError as error:
        return None, f"could not start: {error}"
    finished = False
    try:
        out, err = child.communicate(timeout=timeout)
        finished = True
    except subprocess.TimeoutExpired:
        return None, f"killed after its {timeout:g} s timeout"
    finally:
        if not finished:  # timed out, or interrupted: end it and everything it started
            try:
                os.killpg(child.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
            child.communicate()
    if child.returncode != 0:
        last = (err.strip().splitlines() or ["no message"])[-1]
        return None, f"exited with status {child.returncode}: {last}"
    return out, None


def run_probe(command, timeout):
    """Runs a probe; returns (the dict it printed as its last line, problem)."""
    out, problem = run_child(command, timeout)
    if problem:
        return None, problem
    try:
        return json.loads(out.strip().splitlines()[-1]), None
    except (IndexError, ValueError):
        return None, "printed no JSON line"


def probe_runtime(runtime, arguments, timeout):
    """`runtime` running `arguments` (e.g. ["-c", PROBE]): what it printed, or why it did not."""
    name, path = runtime["name"], runtime.get("path")
    if runtime.get("left_out"):  # nothing is started
        return {"name": name, "status": "left_out", "reason": runtime["left_out"]}
    if not path:
        install = runtime.get("install") or INSTALL.get(name)
        return {"name": name, "status": "missing", "install": install,
                "reason": runtime.get("reason") or f"{name} is not on PATH"}
    # Said as it starts and as it ends: a probe may take seconds with nothing else to see.
    print(f"   starting {STARTING.get(name, name)}…", end="", flush=True)
    started = time.perf_counter()
    try:
        found, problem = run_probe([path, *arguments], timeout)
    except BaseException:
        print(flush=True)  # an interruption's message starts on a line of its own
        raise
    wall = round(time.perf_counter() - started, 2)
    print(f" {'no result' if problem else 'done'} in {wall:.1f} s", flush=True)
    if problem:
        return {"name": name, "path": path, "status": "failed", "reason": problem,
                "timed_out": problem.startswith("killed"), "wall_seconds": wall}
    return {"name": name, "path": path, "status": "ran", "wall_seconds": wall, **found}


def print_not_run(entry):
    """A row on a runtime whose probe gave no result, in the column layout the snippets share
    (the name, then why, and how to install it when it is missing); False when it ran. A reason
    too long for 80 columns (a child's error message) goes on under the reason's column."""
    name, status = entry["name"], entry["status"]
    if status == "ran":
        return False
    if status == "missing":
        install = f"; install: {entry['install']}" if entry.get("install") else ""
        said = f"missing: {entry['reason']}{install}"
    elif status == "failed":
        where = f"{entry['path']}: " if entry.get("path") else ""
        said = f"{where}no result, {entry['reason']}"
    else:  # left out, as asked
        said = entry["reason"]
    print(textwrap.fill(said, 80, initial_indent=f"   {name:<7} ", subsequent_indent=" " * 11,
                        break_long_words=False, break_on_hyphens=False))
    return True


def build_with_cython(workdir, name, source, timeout, left_out=None):
    """name.pyx -> .c (Cython, in a child python) -> .so (the C compiler) -> imported here.

    Returns (the module or None, the facts of the build with "status" "ran"/"missing"/"failed",
    or "left_out" when `left_out` says why nothing is to be built).
    The module is imported from its file: no sys.path or sys.modules entry to clean up.
    """
    if left_out:
        return None, {"name": "cython", "status": "left_out", "reason": left_out}
    version, problem = run_probe([sys.executable, "-c",
                                  "import json, Cython; print(json.dumps(Cython.__version__))"],
                                 timeout)
    if problem:
        if "No module named" in problem:
            return None, {"name": "cython", "status": "missing", "install": INSTALL["cython"],
                          "reason": f"{sys.executable} has no Cython package"}
        return None, {"name": "cython", "status": "failed", "reason": f"import Cython {problem}"}
    compiler = shlex.split(sysconfig.get_config_var("CC") or "cc")
    if shutil.which(compiler[0]) is None:
        return None, {"name": "cython", "status": "missing",
                      "install": f"apt-get install {compiler[0]}",
                      "reason": f"no C compiler: {compiler[0]} is not on PATH"}
    pyx = os.path.join(workdir, name + ".pyx")
    c_file = os.path.join(workdir, name + ".c")
    extension = os.path.join(workdir, name + sysconfig.get_config_var("EXT_SUFFIX"))
    with open(pyx, "w", encoding="utf-8") as file:
        file.write(source)
    print(f"   building {name}.pyx with Cython and {compiler[0]}…", end="", flush=True)
    started = time.perf_counter()
    steps = [  # Cython writes C; the C compiler turns it into a shared library for this Python
        ("cython", [sys.executable, "-m", "cython", "-3", pyx, "-o", c_file]),
        (compiler[0], [*compiler, *shlex.split(sysconfig.get_config_var("CCSHARED") or ""),
                       "-shared", "-O1", "-I", sysconfig.get_paths()["include"], c_file,
                       "-o", extension]),
    ]
    for step, command in steps:
        try:
            _, problem = run_child(command, timeout)
        except BaseException:
            print(flush=True)
            raise
        if problem:
            print(f" {step} failed", flush=True)
            return None, {"name": "cython", "status": "failed", "version": version,
                          "reason": f"{step}: {problem}", "timed_out": problem.startswith("killed")}
    build_seconds = round(time.perf_counter() - started, 2)
    print(f" built in {build_seconds:.1f} s", flush=True)
    with open(c_file, encoding="utf-8") as file:
        c_lines = sum(1 for _ in file)
    spec = importlib.util.spec_from_file_location(name, extension)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module, {"name": "cython", "status": "ran", "version": version,
                    "compiler": compiler[0], "pyx_lines": source.strip().count("\n") + 1,
                    "c_lines": c_lines, "build_seconds": build_seconds}
