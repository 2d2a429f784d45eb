"""Question 2: what is CPython?

Run by `pyconcepts demo cpython`, or on its own with `python3 python_snippets/cpython.py`.
Every claim's observations go into EVIDENCE; the host judges them.

We look at the interpreter from both sides: what Python says about itself (`sys`, `platform`,
`dis`), and what the C side shows (the shared library that holds the interpreter, `Py_GetVersion()`
called through the C API). Inside pyconcepts the Rust host answers through `_pyconcepts`; on its
own the snippet asks the same C functions through `ctypes`.
"""

import dis
import importlib
import importlib.util
import inspect
import os
import platform
import sys
import tempfile
import types

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


# --- Claim: this interpreter is CPython, the reference implementation ------------------------
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

# --- Claim: source is compiled to bytecode that the interpreter's C loop executes -------------
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

# --- Claim (article): "CPython's bytecode is in the C programming language" ----------------
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

# --- Claim (senior): the interpreter specialises instructions as code runs ------------------
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
    }
