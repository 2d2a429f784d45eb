"""Question 8: how does importing work?

Run by `pyconcepts demo imports`, or on its own with `python3 python_snippets/imports.py`.
The article says: the script's directory, then PYTHONPATH, then the installation's directories.
That is the sys.path part. Before sys.path come the module cache (sys.modules) and the finders
on sys.meta_path, and only one of those finders (PathFinder) ever reads sys.path.

Everything happens in a private temporary directory that is removed afterwards; sys.path,
sys.meta_path and sys.modules are put back as they were found, even if something fails.
Every claim's observations go into EVIDENCE; the host judges them.
"""

import importlib
import importlib.machinery
import importlib.util
import json
import os
import site
import subprocess
import sys
import sysconfig
import tempfile
import textwrap
import time
import types

PARAMS = globals().get("PARAMS", {})
EVIDENCE = {}

# Standard-library modules with no side effects on import, one of which nobody has imported yet
# (picked at run time). Not `this` or `antigravity`: they print and open browsers.
SHADOW_CANDIDATES = ("colorsys", "tabnanny", "wave", "sched", "netrc", "chunk", "sndhdr", "imghdr")
BUILTIN_CANDIDATES = ("itertools", "time", "errno")  # compiled into the interpreter binary
FROZEN_CANDIDATE = "os"  # frozen in 3.11+ release builds: detected below, not assumed
CHILD_TIMEOUT_SECONDS = 20

# %% Where each sys.path entry comes from
ORIGIN_WORDS = {
    "script_dir": "script directory",
    "current_dir": "current directory ('')",
    "pythonpath": "PYTHONPATH",
    "stdlib_zip": "standard library (zip)",
    "stdlib": "standard library",
    "lib_dynload": "lib-dynload (C extensions)",
    "site_packages": "site-packages",
    "user_site": "user site-packages",
    "demo": "put there by this demo",
    "other": "other (a .pth file or the program)",
}


def installation_places():
    """(origin, directory) of this installation's own entries, from sysconfig and site."""
    paths = sysconfig.get_paths()
    nodot = sysconfig.get_config_var("py_version_nodot") or "%d%d" % sys.version_info[:2]
    zip_name = "python%s.zip" % nodot
    places = [
        ("stdlib_zip", os.path.join(sys.base_prefix, getattr(sys, "platlibdir", "lib"), zip_name)),
        ("stdlib", paths.get("stdlib")),
        ("stdlib", paths.get("platstdlib")),
        ("lib_dynload", sysconfig.get_config_var("DESTSHARED")),
        ("user_site", site.getusersitepackages()),
    ]
    site_dirs = list(getattr(site, "getsitepackages", list)())
    site_dirs += [paths.get("purelib"), paths.get("platlib")]
    places += [("site_packages", directory) for directory in site_dirs]
    return [(origin, place) for origin, place in places if place]


def same_place(one, other):
    return os.path.normcase(os.path.realpath(one)) == os.path.normcase(os.path.realpath(other))


def inside(path, directory):
    """Whether `path` lies in `directory` (symbolic links resolved, as /tmp may be one)."""
    if not isinstance(path, str) or not os.path.isabs(path):
        return False
    real_path, real_dir = os.path.realpath(path), os.path.realpath(directory)
    return os.path.commonpath([real_path, real_dir]) == real_dir


def label_path(entries, script_dir=None, pythonpath=(), ours=()):
    """Each sys.path entry with the origin it matches first (as sys.path is built, in order)."""
    known = [("script_dir", script_dir)] if script_dir else []
    known += [("pythonpath", entry) for entry in pythonpath if entry]
    known += [("demo", entry) for entry in ours]
    known += installation_places()
    labelled = []
    for entry in entries:
        origin = "current_dir" if entry == "" else "other"
        if entry:
            origin = next((kind for kind, place in known if same_place(entry, place)), "other")
        labelled.append({"entry": entry, "origin": origin})
    return labelled


def finder_name(finder):
    cls = finder if isinstance(finder, type) else type(finder)
    return cls.__name__


def finder_qualified_name(finder):
    cls = finder if isinstance(finder, type) else type(finder)
    return "%s.%s" % (cls.__module__, cls.__qualname__)


def who_finds(name):
    """Asks each finder on sys.meta_path in turn, as `import` does after a sys.modules miss.

    Returns (name of the first finder that answered, its spec) or (None, None). Nothing is
    imported: find_spec only locates.
    """
    for finder in sys.meta_path:
        find_spec = getattr(finder, "find_spec", None)
        spec = find_spec(name, None) if find_spec else None
        if spec is not None:
            return finder_name(finder), spec
    return None, None


def attempt_import(name):
    """importlib.import_module(name) -> (module, None) or (None, (error type, message))."""
    try:
        return importlib.import_module(name), None
    except ImportError as error:
        return None, (type(error).__name__, str(error))


def import_afresh(name):
    """Imports `name` as if for the first time, then puts sys.modules back as it was.

    `import` never searches for a name already in sys.modules: it returns the cached module. So
    the entry is taken out for the import and put back afterwards (or the new one dropped), and
    the rest of the interpreter never sees the module imported here.
    """
    original = sys.modules.pop(name, None)
    try:
        return attempt_import(name)
    finally:
        if original is not None:
            sys.modules[name] = original
        else:
            sys.modules.pop(name, None)


def write(path, text):
    with open(path, "w", encoding="utf-8") as handle:
        handle.write(text)


def modules_from(directory):
    """Names in sys.modules whose file lies in `directory`."""
    return sorted(
        name
        for name, module in list(sys.modules.items())
        if inside(getattr(getattr(module, "__spec__", None), "origin", None), directory)
    )


COUNTER_MODULE = '''\
"""Counts how many times its body has run. A reload re-runs the body in the same namespace."""
try:
    body_runs += 1  # exists only when the body ran before in this namespace (a reload)
except NameError:
    body_runs = 1
'''

LOCATED_MODULE = '''"""A plain module in a directory on sys.path: only PathFinder finds it."""\n'''

SHADOW_MODULE = '''\
"""A local file named like a standard-library module: the classic `random.py` bug."""
SHADOW = True
'''

WHERE_AM_I_MODULE = '''WHERE = %r\n'''

# The child interpreter runs this as `python3 show_import_state.py <stdlib module name>`.
CHILD_SCRIPT = '''\
"""Reports what a freshly started `python3 script.py` sees, as JSON on stdout."""
import importlib
import json
import sys

state = {
    "path": list(sys.path),
    "meta_path": [
        (finder if isinstance(finder, type) else type(finder)).__name__ for finder in sys.meta_path
    ],
}
import where_am_i  # one copy in the script's directory, one in the first PYTHONPATH entry

state["where_am_i"] = where_am_i.__spec__.origin
if len(sys.argv) > 1:  # a standard-library name, with a same-named file in PYTHONPATH
    state["stdlib_name"] = importlib.import_module(sys.argv[1]).__spec__.origin
try:
    import _pyconcepts  # the host's module: not part of a plain python3
    state["has_host_module"] = True
except ImportError:
    state["has_host_module"] = False
print(json.dumps(state))
'''


def run_child(workdir, stdlib_name):
    """Runs `python3 show_import_state.py` with PYTHONPATH set; returns its report or a reason."""
    script_dir = os.path.join(workdir, "script_dir")
    pythonpath = [os.path.join(workdir, "pythonpath_a"), os.path.join(workdir, "pythonpath_b")]
    for directory in [script_dir] + pythonpath:
        os.mkdir(directory)
    script = os.path.join(script_dir, "show_import_state.py")
    write(script, CHILD_SCRIPT)
    write(os.path.join(script_dir, "where_am_i.py"), WHERE_AM_I_MODULE % "script directory")
    write(os.path.join(pythonpath[0], "where_am_i.py"), WHERE_AM_I_MODULE % "PYTHONPATH")
    if stdlib_name:
        write(os.path.join(pythonpath[1], stdlib_name + ".py"), SHADOW_MODULE)
    if not sys.executable:
        return None, "this interpreter does not know its own `python` program (sys.executable)"
    # A clean environment: no PYTHONHOME, PYTHONSAFEPATH, PYTHONSTARTUP... only our PYTHONPATH.
    env = {key: value for key, value in os.environ.items() if not key.startswith("PYTHON")}
    env["PYTHONPATH"] = os.pathsep.join(pythonpath)
    command = [sys.executable, script] + ([stdlib_name] if stdlib_name else [])
    started = time.perf_counter()
    try:
        completed = subprocess.run(
            command, cwd=workdir, env=env, capture_output=True, text=True,
            timeout=CHILD_TIMEOUT_SECONDS,
        )
    except (OSError, subprocess.TimeoutExpired) as error:
        return None, "the child interpreter could not run: %s: %s" % (type(error).__name__, error)
    seconds = time.perf_counter() - started
    if completed.returncode != 0:
        return None, "the child interpreter exited %d: %s" % (
            completed.returncode, completed.stderr.strip()[-500:] or "(nothing on stderr)")
    try:
        report = json.loads(completed.stdout)
    except ValueError:
        return None, "the child interpreter printed something else: %r" % completed.stdout[:200]
    report.update(
        executable=sys.executable, script_dir=script_dir, pythonpath=pythonpath,
        seconds=round(seconds, 4),
        labelled=label_path(report["path"], script_dir=script_dir, pythonpath=pythonpath),
    )
    return report, None


# Lines are laid out to fit 80 columns, the narrowest terminal a class uses. This file imports
# none of the snippets' shared modules (so it has its own `fit`): inside
# pyconcepts, the finder that provides them would join the sys.meta_path shown here.
LINE_WIDTH = 80


def fit(head, tail, indent):
    """Prints `head` and `tail` on one line when it fits, else `tail` (a path, an error message)
    on the next line, `indent` spaces in."""
    if len(head) + len(tail) <= LINE_WIDTH:
        print(head + tail)
    else:
        print(head.rstrip())
        print(textwrap.fill(tail, LINE_WIDTH, initial_indent=" " * indent,
                            subsequent_indent=" " * (indent + 2), break_long_words=False,
                            break_on_hyphens=False))


def show_path(labelled, indent="        "):
    """sys.path, one numbered entry a row: where it comes from, then the entry itself."""
    width = max(len(ORIGIN_WORDS[item["origin"]]) for item in labelled) if labelled else 0
    for index, item in enumerate(labelled):
        head = "%s%2d  %-*s  " % (indent, index, width, ORIGIN_WORDS[item["origin"]])
        fit(head, shown(item["entry"]) or "''", len(indent) + 4)


def shown(path):
    """Paths are printed shorter: in the temporary directory as <tmp>/..., in the installation
    as <prefix>/... (each folder is named once, at the start)."""
    if not isinstance(path, str):
        return path
    if WORKDIR:
        path = path.replace(WORKDIR, "<tmp>")
    if PREFIX and (path == PREFIX or path.startswith(PREFIX + os.sep)):
        path = "<prefix>" + path[len(PREFIX):]
    return path


# The installation's folder, named once and then shown as <prefix>, where that is shorter.
PREFIX = sys.base_prefix if len(sys.base_prefix or "") > len("<prefix>") else None


def pick_shadow_candidate():
    """A standard-library module found by PathFinder in the stdlib directory, not imported yet."""
    stdlib = sysconfig.get_path("stdlib")
    for name in SHADOW_CANDIDATES:
        if name in sys.modules:
            continue
        finder, spec = who_finds(name)
        if finder is not None and inside(spec.origin, stdlib):
            return name, spec.origin
    return None, None


def script_directory():
    """The directory of the script being run, if there is one (python3 path/to/script.py)."""
    script = sys.argv[0] if sys.argv else ""
    return os.path.dirname(os.path.abspath(script)) if script and os.path.isfile(script) else None


def modules_loaded_from_temp():
    """Modules in sys.modules loaded from the system's temporary directory: leftovers."""
    return [name for name in modules_from(tempfile.gettempdir()) if name != "__main__"]


# %% The demo
WORKDIR = None
saved_path = list(sys.path)
saved_meta_path = list(sys.meta_path)
saved_modules = set(sys.modules)
temp_modules_at_start = modules_loaded_from_temp()
try:
    import _pyconcepts  # the host's own module: present only inside pyconcepts
except ImportError:
    _pyconcepts = None

with tempfile.TemporaryDirectory(prefix="pyconcepts-imports-") as workdir:
    WORKDIR = workdir
    on_path = os.path.join(workdir, "on_path")
    shadow_dir = os.path.join(workdir, "shadow")
    os.mkdir(on_path)
    os.mkdir(shadow_dir)
    print("Working in a private temporary directory, shown as <tmp>:\n   %s" % workdir)
    if PREFIX:
        print("Python's installation (sys.base_prefix), shown as <prefix>:\n   %s" % PREFIX)
    try:
        shadow_name, stdlib_origin = pick_shadow_candidate()

        # --- Claim (article): the search order ---------------------------------------------
        print("\n1. What `import name` does, in order.")
        print("   a) sys.modules first, the cache of every module imported so far:")
        phantom = types.ModuleType("imports_demo_phantom", "It exists only in sys.modules.")
        sys.modules["imports_demo_phantom"] = phantom
        try:
            import imports_demo_phantom  # no file anywhere: only the cache can answer
            cache_answered = imports_demo_phantom is phantom
        finally:
            del sys.modules["imports_demo_phantom"]
        _, phantom_error = attempt_import("imports_demo_phantom")
        print("      a module object put in sys.modules (no file anywhere) imports:\n"
              "        the very same object -> %s" % cache_answered)
        fit("      taken out of sys.modules again -> ", "%s: %s" % (phantom_error or ("", "")), 8)

        print("   b) on a cache miss, each finder on sys.meta_path is asked in this order:")
        meta_path = [{"name": finder_name(f), "qualified": finder_qualified_name(f)}
                     for f in sys.meta_path]
        for index, finder in enumerate(meta_path, 1):
            note = "  <- only it reads sys.path" if finder["name"] == "PathFinder" else ""
            print("        %d. %s%s" % (index, finder["qualified"], note))

        write(os.path.join(on_path, "imports_demo_located.py"), LOCATED_MODULE)
        write(os.path.join(on_path, "imports_demo_counter.py"), COUNTER_MODULE)
        sys.path.insert(0, on_path)
        importlib.invalidate_caches()  # finders cache directory listings: forget them
        print("   c) which finder answers first for a few names (nothing is imported here):")
        probes = ["sys", FROZEN_CANDIDATE] + ([shadow_name] if shadow_name else [])
        probes += ["imports_demo_located", "_pyconcepts"]
        found_by = []
        for name in probes:
            finder, spec = who_finds(name)
            found_by.append({"module": name, "finder": finder,
                             "origin": spec.origin if spec else None})
            fit("      %-20s  %-15s  " % (name, finder or "nobody"),
                shown(spec.origin) if spec else "(not found)", 8)

        print("   d) take PathFinder off sys.meta_path, then import a module in sys.path[0]:")
        file_in_first_entry = sys.path[0] == on_path and os.path.isfile(
            os.path.join(on_path, "imports_demo_located.py"))
        path_finders = [f for f in sys.meta_path if finder_name(f) == "PathFinder"]
        sys.meta_path[:] = [f for f in saved_meta_path if f not in path_finders]
        try:
            located, located_error = attempt_import("imports_demo_located")
        finally:
            sys.meta_path[:] = saved_meta_path
        fit("      without PathFinder -> ",
            "%s: %s" % located_error if located_error else "imported (!)", 8)
        located_again, _ = attempt_import("imports_demo_located")
        located_origin = located_again.__spec__.origin if located_again else None
        fit("      with PathFinder back -> imported from ", str(shown(located_origin)), 8)

        script_dir = script_directory()
        pythonpath_env = os.environ.get("PYTHONPATH", "").split(os.pathsep)
        here = label_path(saved_path, script_dir=script_dir, pythonpath=pythonpath_env)
        runs_a_script = bool(here) and here[0]["origin"] in ("script_dir", "current_dir")
        print("   e) sys.path of this interpreter, each entry labelled by where it comes from:")
        show_path(here)
        child, child_problem = run_child(workdir, shadow_name)
        if child:
            print("      and of a child `%s show_import_state.py` (PYTHONPATH set):"
                  % os.path.basename(child["executable"]))
            show_path(child["labelled"])
            if runs_a_script:
                print("      Both start with the directory of the script that `python` runs.")
            else:
                print("      This interpreter is embedded in a program: no script directory in "
                      "front.\n      Only the `python` program puts the script's directory first.")
        else:
            print("      (no child interpreter: %s)" % child_problem)
        EVIDENCE["search_order"] = {
            "cache_answered": cache_answered,
            "after_cache_removal_error": phantom_error[0] if phantom_error else None,
            "meta_path": meta_path,
            "found_by": found_by,
            "without_path_finder": {
                "module": "imports_demo_located",
                "file_in_first_path_entry": file_in_first_entry,
                "imported": located is not None,
                "error_type": located_error[0] if located_error else None,
                "error": located_error[1] if located_error else None,
                "imported_with_path_finder": located_again is not None,
                "origin_with_path_finder": located_origin,
            },
            "this_path": here,
            "child_path": child["labelled"] if child else None,
            "child_meta_path": child["meta_path"] if child else None,
            "child_problem": child_problem,
            "temp_modules_at_start": temp_modules_at_start,
        }

        # --- Claim: the module cache -------------------------------------------------------
        print("\n2. The module cache: a module's body runs once, however often it is imported.")
        import imports_demo_counter
        runs_first = imports_demo_counter.body_runs
        first_object = imports_demo_counter
        import imports_demo_counter  # noqa: F811 (importing again is the point)
        runs_second = imports_demo_counter.body_runs
        print("   import imports_demo_counter, twice: body_runs = %d, then %d; same object: %s"
              % (runs_first, runs_second, imports_demo_counter is first_object))
        reloaded = importlib.reload(imports_demo_counter)
        runs_reload = reloaded.body_runs
        print("   importlib.reload(imports_demo_counter): body_runs = %d (same object: %s)"
              % (runs_reload, reloaded is first_object))
        del sys.modules["imports_demo_counter"]
        fresh, _ = attempt_import("imports_demo_counter")
        print("   del sys.modules['imports_demo_counter'], import again:\n      a new module "
              "object (%s), body_runs = %d" % (fresh is not first_object, fresh.body_runs))
        EVIDENCE["modules_cached"] = {
            "module": "imports_demo_counter",
            "runs_after_first_import": runs_first,
            "runs_after_second_import": runs_second,
            "second_import_same_object": imports_demo_counter is first_object,
            "runs_after_reload": runs_reload,
            "reload_same_object": reloaded is first_object,
            "runs_after_forgetting": fresh.body_runs,
            "new_object_after_forgetting": fresh is not first_object,
        }
        sys.path.remove(on_path)

        # --- Claim (senior): a local file shadows the standard library ---------------------
        print("\n3. A file in the first sys.path directory shadows a standard-library module.")
        if shadow_name is None:
            EVIDENCE["local_shadows_stdlib"] = {
                "skipped": "every candidate module (%s) was already imported or is missing"
                           % ", ".join(SHADOW_CANDIDATES)}
            print("   (skipped: every candidate was already imported or is missing)")
        else:
            shadow_file = os.path.join(shadow_dir, shadow_name + ".py")
            write(shadow_file, SHADOW_MODULE)
            sys.path.insert(0, shadow_dir)
            importlib.invalidate_caches()
            # Nobody had imported it (that is how it was picked); were it cached, the import
            # below would not search at all. Whatever sits in sys.modules now goes back after.
            original = sys.modules.get(shadow_name)
            try:
                imported, import_error = import_afresh(shadow_name)
            finally:
                sys.path.remove(shadow_dir)
            origin = imported.__spec__.origin if imported else None
            is_shadow = bool(getattr(imported, "SHADOW", False))
            fit("   the standard library's %s: " % shadow_name, shown(stdlib_origin), 6)
            fit("   with %s in sys.path[0], `import %s` loaded: "
                % (shown(shadow_file), shadow_name), str(shown(origin)), 6)
            print("   Code expecting the real module now gets AttributeError: name a script\n"
                  "   random.py, and every `import random` near it finds the script instead.")
            if hasattr(sys.flags, "safe_path"):
                print("   (`python -P` / PYTHONSAFEPATH=1 keep the script's directory off sys.path;"
                      "\n   here safe_path=%s)" % sys.flags.safe_path)
            EVIDENCE["local_shadows_stdlib"] = {
                "module": shadow_name,
                "candidates": list(SHADOW_CANDIDATES),
                "stdlib_origin": stdlib_origin,
                "shadow_dir": shadow_dir,
                "shadow_dir_index": 0,
                "imported_origin": origin,
                "imported_is_shadow": is_shadow,
                "error": "%s: %s" % import_error if import_error else None,
                "sys_modules_restored": sys.modules.get(shadow_name) is original,
            }

        # --- Claim: built-in and frozen modules cannot be shadowed -------------------------
        print("\n4. Files named like built-in or frozen modules, first on sys.path:")
        builtin_name = next((n for n in BUILTIN_CANDIDATES if n in sys.builtin_module_names), None)
        targets = ["sys"] + ([builtin_name] if builtin_name else []) + [FROZEN_CANDIDATE]
        sys.path.insert(0, shadow_dir)
        try:
            for name in targets:
                write(os.path.join(shadow_dir, name + ".py"), SHADOW_MODULE)
            importlib.invalidate_caches()
            checked = []
            for name in targets:
                if name in sys.builtin_module_names:
                    kind = "built-in"
                elif importlib.machinery.FrozenImporter.find_spec(name) is not None:
                    kind = "frozen"
                else:
                    kind = "path"
                # What PathFinder alone would return: the trap is set and findable.
                trap = importlib.machinery.PathFinder.find_spec(name)
                first_finder, _ = who_finds(name)
                if name == "sys":
                    # sys is never re-imported: the cached one is what every `import sys` gets.
                    module, fresh = sys.modules["sys"], False
                else:
                    # A real, fresh import: the original is taken out of the cache and put back.
                    module, _ = import_afresh(name)
                    fresh = True
                spec = getattr(module, "__spec__", None)
                checked.append({
                    "module": name,
                    "kind": kind,
                    "path_finder_would_load": trap.origin if trap else None,
                    "first_finder": first_finder,
                    "fresh_import": fresh,
                    "origin": spec.origin if spec else None,
                    "loader": finder_name(spec.loader) if spec and spec.loader else None,
                    "is_shadow": bool(getattr(module, "SHADOW", False)),
                })
                fit("   %-10s %-9s PathFinder alone would load " % (name, kind),
                    shown(trap.origin) if trap else "nothing", 14)
                print("%14sfirst finder to answer: %s" % ("", first_finder))
                fit("%14s%s import -> origin " % ("", "a fresh" if fresh else "the cached"),
                    repr(checked[-1]["origin"]), 16)
        finally:
            sys.path.remove(shadow_dir)
        print("   Built-in and frozen modules are answered by BuiltinImporter and\n"
              "   FrozenImporter: PathFinder, which would find the files, is never asked.")
        EVIDENCE["builtin_not_shadowable"] = {"shadow_dir": shadow_dir, "modules": checked}

        # --- Claim (article): PYTHONPATH comes after the script dir, before the installation -
        print("\n5. Where PYTHONPATH lands, in a child `python3 script.py`:")
        if child is None:
            EVIDENCE["pythonpath_precedes_site_packages"] = {"skipped": child_problem}
            print("   (skipped: %s)" % child_problem)
        else:
            positions = {}
            for index, item in enumerate(child["labelled"]):
                positions.setdefault(item["origin"], []).append(index)
            for origin in ("script_dir", "pythonpath", "stdlib_zip", "stdlib", "site_packages"):
                print("   %-24s at index %s" % (ORIGIN_WORDS[origin], positions.get(origin)))
            print("   where_am_i.py, in the script directory and in PYTHONPATH: the child "
                  "imported\n      %s" % shown(child["where_am_i"]))
            if child.get("stdlib_name"):
                print("   %s.py, in PYTHONPATH and in the standard library: the child imported\n"
                      "      %s" % (shadow_name, shown(child["stdlib_name"])))
            print("   (the child ran in %.0f ms)" % (child["seconds"] * 1000))
            EVIDENCE["pythonpath_precedes_site_packages"] = {
                "executable": child["executable"],
                "script_dir": child["script_dir"],
                "pythonpath": child["pythonpath"],
                "child_path": child["labelled"],
                "where_am_i_origin": child["where_am_i"],
                "stdlib_name": shadow_name,
                "stdlib_name_origin": child.get("stdlib_name"),
                "child_seconds": child["seconds"],
            }

        # --- Claim (senior): the host's module is a built-in -------------------------------
        print("\n6. The host's own module, _pyconcepts (written in Rust):")
        if _pyconcepts is None:
            reason = ("run by plain python3: the `_pyconcepts` module exists only inside the "
                      "pyconcepts program (run `pyconcepts demo imports`)")
            EVIDENCE["host_module_is_builtin"] = {"skipped": reason}
            print(textwrap.fill("(skipped: %s)" % reason, LINE_WIDTH, initial_indent="   ",
                                subsequent_indent="    "))
        else:
            host_spec = importlib.util.find_spec("_pyconcepts")
            sys_spec = importlib.util.find_spec("sys")
            EVIDENCE["host_module_is_builtin"] = {
                "module": "_pyconcepts",
                "origin": host_spec.origin,
                "loader": finder_name(host_spec.loader),
                "in_builtin_module_names": "_pyconcepts" in sys.builtin_module_names,
                "has_file": hasattr(_pyconcepts, "__file__"),
                "sys_origin": sys_spec.origin,
                "sys_loader": finder_name(sys_spec.loader),
                "plain_python_has_it": child["has_host_module"] if child else None,
            }
            print("   find_spec('_pyconcepts'): origin %r, loader %s"
                  % (host_spec.origin, finder_name(host_spec.loader)))
            print("   find_spec('sys'):         origin %r, loader %s"
                  % (sys_spec.origin, finder_name(sys_spec.loader)))
            print("   '_pyconcepts' in sys.builtin_module_names: %s;\n   a plain python3 child "
                  "can import it: %s" % ("_pyconcepts" in sys.builtin_module_names,
                                         child["has_host_module"] if child else "(no child)"))
            print("   The program put it in the interpreter's table of built-in modules\n"
                  "   before starting it.")
    finally:
        # Leave the interpreter as we found it: sys.path, sys.meta_path, and no module of ours.
        sys.path[:] = saved_path
        sys.meta_path[:] = saved_meta_path
        for name in modules_from(workdir):
            del sys.modules[name]
        for key in [key for key in sys.path_importer_cache if inside(key, workdir)]:
            del sys.path_importer_cache[key]
        importlib.invalidate_caches()

leftovers = sorted(name for name in set(sys.modules) - saved_modules
                   if name.startswith("imports_demo_"))
print("\nTidied up: sys.path restored: %s; sys.meta_path restored: %s;\n"
      "modules of this demo left in sys.modules: %s;\ntemporary directory removed: %s"
      % (sys.path == saved_path, sys.meta_path == saved_meta_path, leftovers or "none",
         not os.path.exists(WORKDIR)))

# %% Quiz time: predict, then run
# Each quiz section runs alone in `pyconcepts quiz`, so it defines what it uses.
print("\nShort cases, each on its own:")

# %% quiz: A module is imported twice. How often does its body run?
# choice: module body runs module body runs imported twice
# choice: module body runs imported twice
# why: the first import runs the module and caches it in sys.modules; the second finds it there.
import os
import sys
import tempfile

with tempfile.TemporaryDirectory() as place:
    with open(os.path.join(place, "quiz_noisy_module.py"), "w") as module:
        module.write("print('module body runs')\n")
    sys.path.insert(0, place)
    try:
        import quiz_noisy_module
        import quiz_noisy_module  # noqa: F811 (the second import is the question)
    finally:
        sys.path.remove(place)
        sys.modules.pop("quiz_noisy_module", None)
print("imported twice")
