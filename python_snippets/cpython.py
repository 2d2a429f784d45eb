"""Question 2: what is CPython?

Run by `pyconcepts demo cpython`, or on its own with `python3 python_snippets/cpython.py`.
Every claim's observations go into EVIDENCE; the host judges them.

We look at the interpreter from both sides: what Python says about itself (`sys`, `platform`,
`dis`), and what the C side shows (the shared library that holds the interpreter, `Py_GetVersion()`
called through the C API). Inside pyconcepts the Rust host answers through `_pyconcepts`; on its
own the snippet asks the same C functions through `ctypes`.

Then we compare with the other implementations installed on the machine: PyPy and Jython run a
probe in a child process, and Cython builds a C extension that this interpreter imports.

PARAMS (all optional):
  probe_timeout  seconds a child process (a probe, a build step) may run before it is killed
                 (default 30)
  runtimes       given by the pyconcepts host: [{"name", "path"}, ...], the runtimes it found
                 and those named by --python; on our own we look PyPy and Jython up on PATH
  others_left_out  given by the host with `demo --no-others`: why no other runtime is started
"""

import dis
import importlib
import importlib.util
import inspect
import os
import platform
import sys
import sysconfig
import tempfile
import time
import types

from runtime_probes import (  # beside this file
    build_with_cython, left_out, other_runtimes, print_not_run, probe_runtime)

try:
    import ctypes
except ImportError:  # some builds ship without ctypes; we then report less from the C side
    ctypes = None

try:
    import _pyconcepts  # the Rust host's module: present only inside pyconcepts
except ImportError:
    _pyconcepts = None

PARAMS = globals().get("PARAMS", {})
EVIDENCE = {}


def library_kind(path):
    """What a file's first bytes say it is: (header, kind, compiled machine code?)."""
    try:
        with open(path, "rb") as file:
            header = file.read(4)
    except OSError as error:
        return None, f"unreadable: {error}", False
    if header == b"\x7fELF":
        return header.hex(" "), "ELF shared object", True
    if header in (b"\xcf\xfa\xed\xfe", b"\xfe\xed\xfa\xcf", b"\xca\xfe\xba\xbe"):
        return header.hex(" "), "Mach-O binary", True
    if header[:2] == b"MZ":
        return header.hex(" "), "Windows PE/DLL", True
    return header.hex(" "), "a file of unknown format", False


def loaded_library_of(function_pointer):
    """The file the dynamic loader mapped a C function from (dladdr), through ctypes."""
    class DlInfo(ctypes.Structure):
        _fields_ = [
            ("dli_fname", ctypes.c_char_p),
            ("dli_fbase", ctypes.c_void_p),
            ("dli_sname", ctypes.c_char_p),
            ("dli_saddr", ctypes.c_void_p),
        ]

    info = DlInfo()
    address = ctypes.cast(function_pointer, ctypes.c_void_p)
    if not ctypes.CDLL(None).dladdr(address, ctypes.byref(info)) or not info.dli_fname:
        return None
    return os.fsdecode(info.dli_fname)


def c_function(name, result_type):
    """A C function of the running interpreter, called through ctypes, or None if absent."""
    if ctypes is None or not hasattr(ctypes, "pythonapi"):
        return None
    try:
        # A fresh prototype, so the shared ctypes.pythonapi attribute is left untouched.
        return ctypes.PYFUNCTYPE(result_type)((name, ctypes.pythonapi))
    except (AttributeError, OSError):
        return None


def c_side():
    """Py_GetVersion() and the library holding it: from the host, or through ctypes."""
    if _pyconcepts is not None:
        return {
            "method": "the host module _pyconcepts (Rust, through the C API)",
            "c_version": _pyconcepts.c_version(),
            "library": _pyconcepts.libpython(),
        }
    get_version = c_function("Py_GetVersion", ctypes.c_char_p if ctypes else None)
    if get_version is None:
        return {"method": "unavailable (no _pyconcepts host and no ctypes)",
                "c_version": None, "library": None}
    try:
        library = loaded_library_of(get_version)
    except (AttributeError, OSError, TypeError):  # no dladdr (or no CDLL(None)) here
        library = None
    return {
        "method": "ctypes.pythonapi (and dladdr for the library's path)",
        "c_version": get_version().decode(),
        "library": library,
    }


def refuse_other_versions(workdir, cached):
    """Imports a copy of the .pyc as is, and one stamped with another version's magic number."""
    own_number = int.from_bytes(importlib.util.MAGIC_NUMBER[:2], "little")
    other_magic = (own_number - 1).to_bytes(2, "little") + importlib.util.MAGIC_NUMBER[2:]
    for name, magic in (("lesson_same_magic", cached[:4]), ("lesson_other_magic", other_magic)):
        # A .pyc on its own (no .py beside it) is imported directly: "sourceless".
        with open(os.path.join(workdir, name + ".pyc"), "wb") as file:
            file.write(magic + cached[4:])
    importlib.invalidate_caches()
    accepted = importlib.import_module("lesson_same_magic").greet("again") == "hello again"
    try:
        importlib.import_module("lesson_other_magic")
        refusal = None
    except ImportError as error:
        refusal = (type(error).__name__, str(error))
    print(f"     the same bytecode copied as a bare .pyc imports again: {accepted}")
    print(f"     stamped with magic {other_magic.hex(' ')} (number {own_number - 1}, ours is "
          f"{own_number}):")
    print(f"       {refusal[0]}: {refusal[1]}" if refusal else "       imported all the same!")
    return {
        "own_magic_number": own_number,
        "other_magic_hex": other_magic.hex(" "),
        "own_magic_accepted": accepted,
        "other_magic_refused": refusal is not None,
        "refusal_type": refusal[0] if refusal else None,
        "refusal": refusal[1] if refusal else None,
    }


# %% Claim: this interpreter is CPython, the reference implementation
print("1. Which Python is this? Ask Python, then ask the C side.")
compiler = platform.python_compiler() or "an unnamed compiler"
c_view = c_side()
header, kind, machine_code = (library_kind(c_view["library"]) if c_view["library"]
                              else (None, None, False))
print(f"   sys.implementation.name          = {sys.implementation.name!r}")
print(f"   platform.python_implementation() = {platform.python_implementation()!r}")
print(f"   sys.version                      = {sys.version!r}")
if c_view["c_version"] is None:
    print(f"   the C side: {c_view['method']}")
else:
    print(f"   Py_GetVersion() from C           = {c_view['c_version']!r}")
    print(f"   interpreter library              = {c_view['library']}")
    print(f"     first bytes {header}: {kind}"
          f"{' (compiled machine code)' if machine_code else ''}")
    print(f"   (C side read by {c_view['method']})")
EVIDENCE["reference_implementation"] = {
    "implementation_name": sys.implementation.name,
    "python_implementation": platform.python_implementation(),
    "sys_version": sys.version,
    "c_version": c_view["c_version"],
    "c_side_method": c_view["method"],
    "library": c_view["library"],
    "library_header": header,
    "library_kind": kind,
    "library_is_machine_code": machine_code,
    "compiler": compiler,
}

# %% Claim: source is compiled to bytecode that the interpreter's C loop executes
print("\n2. Source code is compiled to a code object holding bytecode.")
SOURCE = '''
def area(width, height):
    return width * height
'''
module_code = compile(SOURCE, "<area source>", "exec")
[area_code] = [const for const in module_code.co_consts if isinstance(const, types.CodeType)]
namespace = {}
exec(module_code, namespace)  # running the module's code defines the function
area_result = namespace["area"](3, 4)
instructions = [
    {"offset": ins.offset, "opname": ins.opname, "opcode": ins.opcode, "argrepr": ins.argrepr}
    for ins in dis.get_instructions(area_code)
]
print(f"   compile() gave a {type(module_code).__name__} object; area's own code object has "
      f"co_code = {len(area_code.co_code)} {type(area_code.co_code).__name__}:")
print(f"     {area_code.co_code.hex(' ')}")
print("   dis reads those bytes back as instructions (offset, opcode number, name):")
for ins in instructions:
    print(f"     {ins['offset']:>3}  {ins['opcode']:>3}  {ins['opname']:<18} {ins['argrepr']}")
print(f"   area(3, 4) = {area_result}")

print("\n   Importing a module writes its bytecode to __pycache__ (in a private temp dir):")
MODULE = "bytecode_lesson"
module_source = "def greet(name):\n    return 'hello ' + name\n"
saved_dont_write = sys.dont_write_bytecode
saved_pycache_prefix = sys.pycache_prefix
pyc = {"pyc_written": False}
foreign = {}  # filled when a .pyc exists to experiment on
with tempfile.TemporaryDirectory(prefix="pyconcepts-cpython-") as workdir:
    try:
        with open(os.path.join(workdir, MODULE + ".py"), "w", encoding="utf-8") as file:
            file.write(module_source)
        # -B or PYTHONDONTWRITEBYTECODE would skip the cache, PYTHONPYCACHEPREFIX would move it
        # out of our temp dir: switch both off just for this import.
        sys.dont_write_bytecode = False
        sys.pycache_prefix = None
        sys.path.insert(0, workdir)
        importlib.invalidate_caches()
        sys.modules.pop(MODULE, None)
        lesson = importlib.import_module(MODULE)
        cache_path = importlib.util.cache_from_source(lesson.__file__)
        pyc = {"pyc_written": os.path.exists(cache_path),
               "pyc_path": os.path.relpath(cache_path, workdir)}
        if not pyc["pyc_written"]:  # e.g. a read-only temp dir: the import works all the same
            print(f"     no {pyc['pyc_path']} was written")
        else:
            with open(cache_path, "rb") as file:
                cached = file.read()
            pyc.update({
                "pyc_size": len(cached),
                "header_hex": cached[:16].hex(" "),
                "magic_hex": cached[:4].hex(" "),
                "interpreter_magic_hex": importlib.util.MAGIC_NUMBER.hex(" "),
                "magic_matches": cached[:4] == importlib.util.MAGIC_NUMBER,
                "cache_tag": sys.implementation.cache_tag,
                "module_works": lesson.greet("bytecode") == "hello bytecode",
            })
            print(f"     {pyc['pyc_path']}: {pyc['pyc_size']} bytes, header {pyc['header_hex']}")
            print(f"     first four bytes {pyc['magic_hex']}; importlib.util.MAGIC_NUMBER is "
                  f"{pyc['interpreter_magic_hex']}: equal = {pyc['magic_matches']}")
            foreign = refuse_other_versions(workdir, cached)
    finally:
        sys.dont_write_bytecode = saved_dont_write
        sys.pycache_prefix = saved_pycache_prefix
        if workdir in sys.path:
            sys.path.remove(workdir)
        sys.path_importer_cache.pop(workdir, None)
        for name in (MODULE, "lesson_same_magic", "lesson_other_magic"):
            sys.modules.pop(name, None)
temp_dir_removed = not os.path.exists(workdir)
print(f"     temp dir {workdir} removed: {temp_dir_removed}")
EVIDENCE["compiles_to_bytecode"] = {
    "code_type": type(area_code).__name__,
    "co_code_type": type(area_code.co_code).__name__,
    "co_code_size": len(area_code.co_code),
    "instruction_count": len(instructions),
    "instructions": instructions,
    "call_result": area_result,
    "pyc": pyc,
    "temp_dir": workdir,
    "temp_dir_removed": temp_dir_removed,
}

# %% Claim (article): "CPython's bytecode is in the C programming language"
print("\n3. Is the bytecode 'in C'? Look at what it is made of, and what the interpreter is.")
opcode_bytes = list(area_code.co_code[::2])  # CPython 3.6+: 2-byte units, opcode then argument
decoded = [dis.opname[op] for op in opcode_bytes]
unknown = sum(name.startswith("<") for name in decoded)  # dis.opname says "<n>" for holes
eval_loop = c_function("_PyEval_EvalFrameDefault", None)
eval_loop_library = None
if eval_loop is not None:
    try:
        eval_loop_library = loaded_library_of(eval_loop)
    except (AttributeError, OSError, TypeError):  # no dladdr (or no CDLL(None)) here
        pass
print(f"   co_code is {type(area_code.co_code).__name__}; every other byte is an opcode number "
      f"from this version's table of {len(dis.opmap)} opcodes:")
print("     " + "  ".join(f"{code}={name}" for code, name in zip(opcode_bytes, decoded)))
if foreign:
    print(f"   its format is stamped with magic number {foreign['own_magic_number']} (cache tag "
          f"{sys.implementation.cache_tag}); another version's number was refused: "
          f"{foreign['other_magic_refused']}")
if sys.implementation.name == "cpython":
    print(f"   C is what the interpreter is written in: compiled by {compiler}")
else:
    print(f"   this interpreter is {sys.implementation.name}, not CPython's C code")
if eval_loop_library:
    print(f"     its instruction loop, the C function _PyEval_EvalFrameDefault, is in "
          f"{eval_loop_library}")
EVIDENCE["bytecode_is_c"] = {
    "implementation_name": sys.implementation.name,
    "co_code_type": type(area_code.co_code).__name__,
    "co_code_hex": area_code.co_code.hex(" "),
    "opcodes": opcode_bytes,
    "opnames": decoded,
    "unknown_opcodes": unknown,
    "opcode_table_size": len(dis.opmap),
    "cache_tag": sys.implementation.cache_tag,
    **foreign,
    "compiler": compiler,
    "library": c_view["library"],
    "library_kind": kind,
    "library_is_machine_code": machine_code,
    "eval_loop_found": eval_loop is not None,
    "eval_loop_library": eval_loop_library,
}

# %% Claim (senior): the interpreter specialises instructions as code runs
print("\n4. 'Interpreted' is not the whole story: the adaptive interpreter rewrites hot code.")


class Point:
    def __init__(self, x):
        self.x = x


def shifted(point, offset):
    return offset + point.x  # an int addition and an instance-attribute read


if "adaptive" not in inspect.signature(dis.get_instructions).parameters:
    EVIDENCE["adaptive_specialization"] = {
        "skipped": f"dis.get_instructions() has no 'adaptive' parameter on Python "
                   f"{platform.python_version()} ({sys.implementation.name}): no specialising "
                   f"adaptive interpreter to show (CPython 3.11+)"
    }
    print("   skipped: " + EVIDENCE["adaptive_specialization"]["skipped"])
else:
    def opnames(function):
        return [ins.opname for ins in dis.get_instructions(function, adaptive=True)]

    CALLS = 64
    point = Point(2)
    before = opnames(shifted)
    changed_after = None  # the call after which the instructions first changed
    for call in range(1, CALLS + 1):
        shifted(point, call)
        if changed_after is None and opnames(shifted) != before:
            changed_after = call
    after = opnames(shifted)
    # Rewritten instructions whose names are not in the compiler's opcode table.
    specialised = [new for old, new in zip(before, after) if new != old and new not in dis.opmap]
    print(f"   shifted(point, n) called {CALLS} times; first rewritten after call {changed_after}")
    print(f"     {'before':<24} after")
    for old, new in zip(before, after):
        mark = "  <- rewritten" if new != old else ""
        print(f"     {old:<24} {new}{mark}")
    EVIDENCE["adaptive_specialization"] = {
        "calls": CALLS,
        "before": before,
        "after": after,
        "changed_after_call": changed_after,
        "specialised": specialised,
        # Py_GIL_DISABLED: whether this is a free-threaded build, told beside what the bytecode
        # shows (the bytecode, not the build flag, decides whether it specialised).
        "free_threaded_build": bool(sysconfig.get_config_var("Py_GIL_DISABLED")),
    }

# %% Claim (article): other implementations - "Jython's bytecode is in Java"; Cython
print("\n5. Other implementations run the same Python differently.")
PROBE_TIMEOUT = float(PARAMS.get("probe_timeout", 30))
LOOP_N = 1_000_000
LOOP_ROUNDS = 5  # best of 5 rounds here; a probe also keeps going for 1 s so a JIT can warm up

# One loop's source, run by every implementation: this CPython, PyPy, Jython, and Cython.
SPIN_SOURCE = '''
def spin(n):
    total = 0
    for i in range(n):
        total += i % 7
    return total
'''

# Runs in each other runtime, in a child process: Python 2.7 (Jython) as well as Python 3.
# It prints one JSON line, the last thing on its stdout.
IMPLEMENTATION_PROBE = SPIN_SOURCE + '''
import json, platform, sys, time

try:
    range = xrange  # Python 2: range(n) would build a list of n ints before the loop
except NameError:
    pass

def area(width, height):
    return width * height

found = {"implementation": platform.python_implementation(),
         "python_version": platform.python_version(), "platform": str(sys.platform)}
found["version"] = found["python_version"]
if hasattr(sys, "pypy_version_info"):  # PyPy: its own bytecode, and a JIT compiler
    found["version"] = ".".join(str(part) for part in sys.pypy_version_info[:3])
    try:
        import pypyjit
        found["jit"] = True
    except ImportError:
        found["jit"] = False
try:
    import dis
    found["opnames"] = [ins.opname for ins in dis.get_instructions(area)]
except (ImportError, AttributeError):  # Python 2's dis has no get_instructions
    found["opnames"] = None

timer = getattr(time, "perf_counter", time.time)  # Python 2 has only time.time
try:
    from java.lang import Class, Object, Runnable, System, Thread
except ImportError:
    pass
else:  # Jython: Python compiled to JVM classes
    timer = lambda: System.nanoTime() / 1e9  # finer than Jython's time.time (milliseconds)

    def where_am_i():
        """This Python function, as the JVM's own stack trace names it."""
        for frame in Thread.currentThread().getStackTrace():
            if frame.getMethodName().startswith("where_am_i$"):
                return frame.getClassName() + "." + frame.getMethodName()

    class Greeter(Runnable):  # a Python class implementing a Java interface
        def run(self):
            found["run_by_java_thread"] = Thread.currentThread().getName()

    java_thread = Thread(Greeter())
    java_thread.start()
    java_thread.join()
    found.update({"java_version": System.getProperty("java.version"),
                  "java_method": where_am_i(),
                  "object_java_class": Class.getName(Object.getClass(area)),
                  "proxy_java_class": Greeter().getClass().getName()})

# The loop: at least 5 rounds and 1 s of running, so that a JIT warms up; the best round counts.
n, rounds = int(sys.argv[1]), []
while len(rounds) < 5 or (sum(rounds) < 1.0 and len(rounds) < 200):
    started = timer()
    spin(n)
    rounds.append(timer() - started)
found.update({"loop_seconds": min(rounds), "first_round_seconds": rounds[0],
              "rounds": len(rounds)})
sys.stdout.write(json.dumps(found) + "\\n")
'''

# Compiled by Cython into a C extension for this interpreter: the loop as is, and with C types.
CYTHON_SOURCE = SPIN_SOURCE + '''

def spin_typed(long n):
    cdef long total = 0, i
    for i in range(n):
        total += i % 7
    return total
'''


def best_round(function, rounds=LOOP_ROUNDS):
    """The fastest of a few runs of function(LOOP_N): other programs only ever slow one down."""
    times = []
    for _ in range(rounds):
        started = time.perf_counter()
        function(LOOP_N)
        times.append(time.perf_counter() - started)
    return min(times)


def cython_loop(workdir):
    """The loop as a Cython extension built here: the build's facts and the loop's timings."""
    fast_loop, facts = build_with_cython(workdir, "fast_loop", CYTHON_SOURCE, PROBE_TIMEOUT,
                                         left_out(PARAMS))
    if fast_loop is None:
        return facts
    header, kind, machine_code = library_kind(fast_loop.__file__)
    return {**facts, "module_file": os.path.basename(fast_loop.__file__), "file_kind": kind,
            "machine_code": machine_code, "function_type": type(fast_loop.spin).__name__,
            "loop_seconds": best_round(fast_loop.spin),
            "typed_loop_seconds": best_round(fast_loop.spin_typed)}


def show_runtime(entry):
    """What one runtime showed, in a few lines."""
    name = entry["name"]
    if print_not_run(entry):
        return
    if name == "cython":
        print(f"   {name:<7} Cython {entry['version']}: fast_loop.pyx ({entry['pyx_lines']} lines) "
              f"-> fast_loop.c ({entry['c_lines']:,} lines of C)")
        print(f"           -> {entry['compiler']} -> {entry['module_file']} "
              f"({entry['file_kind']}), built in {entry['build_seconds']} s")
        print(f"           imported by this CPython: type(fast_loop.spin) is "
              f"{entry['function_type']}")
    else:
        python = ("" if entry["version"] == entry["python_version"]
                  else f" (Python {entry['python_version']})")
        java = f" on Java {entry['java_version']}" if entry.get("java_version") else ""
        print(f"   {name:<7} {entry['implementation']} {entry['version']}{python}{java} at "
              f"{entry['path']}, sys.platform {entry['platform']!r}: {entry['wall_seconds']} s")
        if entry.get("opnames"):
            print(f"           area's bytecode, its own: {' '.join(entry['opnames'])}")
        if entry.get("jit"):
            print("           and a JIT compiler (module pypyjit) that turns hot loops into "
                  "machine code")
        if entry.get("java_method"):
            print(f"           the JVM's stack trace names a Python function "
                  f"{entry['java_method']}:")
            print("           a method of a class compiled from Python to JVM bytecode")
            print("           a Python class implementing java.lang.Runnable is the JVM class")
            print(f"           {entry['proxy_java_class']}, run by the java.lang.Thread "
                  f"{entry['run_by_java_thread']!r}")


print("   Each other runtime runs a probe in a child process (killed if it runs past "
      f"{PROBE_TIMEOUT:g} s).")
print(f"   {'CPython ' + platform.python_version():<15} here: area's bytecode: "
      f"{' '.join(ins['opname'] for ins in instructions)}")
loop_namespace = {}
exec(SPIN_SOURCE, loop_namespace)  # the very loop the other runtimes run
cpython_loop = best_round(loop_namespace["spin"])
probe_arguments = ["-c", IMPLEMENTATION_PROBE, str(LOOP_N)]
compared = [probe_runtime(runtime, probe_arguments, PROBE_TIMEOUT)
            for runtime in other_runtimes(PARAMS)]
with tempfile.TemporaryDirectory(prefix="pyconcepts-cython-") as cython_dir:
    compared.append(cython_loop(cython_dir))
cython_dir_removed = not os.path.exists(cython_dir)
for entry in compared:
    show_runtime(entry)
print(f"   (Cython's temp dir {cython_dir} removed: {cython_dir_removed})")

print(f"\n   The same loop, spin({LOOP_N:,}), best round on each:    time   speed vs CPython")
print(f"     {'CPython ' + platform.python_version() + ' (here)':<34} "
      f"{cpython_loop * 1000:8.1f} ms")
for entry in compared:
    if entry["status"] != "ran":
        continue
    timings = [(f"{entry['name']} ({entry.get('implementation', 'Cython')} "
                f"{entry['version']})", entry["loop_seconds"])]
    if entry["name"] == "cython":
        timings = [("Cython, the loop as is", entry["loop_seconds"]),
                   ("Cython, typed (cdef long)", entry["typed_loop_seconds"])]
    for label, seconds in timings:
        print(f"     {label:<34} {seconds * 1000:8.1f} ms  {cpython_loop / seconds:8.1f}x")
EVIDENCE["other_implementations"] = {
    "cpython": {"implementation": sys.implementation.name, "version": platform.python_version(),
                "opnames": [ins["opname"] for ins in instructions],
                "loop_seconds": cpython_loop},
    "loop": {"source": SPIN_SOURCE.strip(), "n": LOOP_N},
    "runtimes": compared,
    "temp_dir": cython_dir,
    "temp_dir_removed": cython_dir_removed,
}

# %% Quiz time: predict, then run
# Each quiz section runs alone in `pyconcepts quiz`, so it defines what it uses.
print("\nQuiz: predict each line before it prints.")

# %% quiz: What is a function's body once Python has compiled it?
# choice: str str
# choice: function bytes
# choice: code bytes
# why: CPython compiles source to a code object whose co_code is bytecode for its virtual
# why: machine: bytes, not C and not machine code.
def add(a, b):
    return a + b


print(type(add.__code__).__name__, type(add.__code__.co_code).__name__)
