"""Question 2: what is CPython?

Run by `pyconcepts demo cpython`, or on its own with `python3 python_snippets/cpython.py`.
Every claim's observations go into EVIDENCE; the host judges them.

We look at the interpreter from both sides: what Python says about itself (`sys`, `platform`,
`dis`), and what the C side shows (the shared library that holds the interpreter, `Py_GetVersion()`
called through the C API). Inside pyconcepts the Rust host answers through `_pyconcepts`; on its
own the snippet asks the same C functions through `ctypes`.

We check the article's sentences against what the interpreter does: whether a file is "first
interpreted, then compiled" (a child python3 runs a file whose last line is not Python), whether
bytecode is "the machine's instructions" (where it lives in memory, what executes it), whether
Cython is a superset of Python (a plain module compiled by Cython and run both ways), and whether
it is "the" language of extensions (every compiled module this process has loaded, and the
language its machine code was written in, read from the file it came from).

Then we compare with the other implementations installed on the machine: PyPy and Jython run a
probe in a child process, and Cython builds C extensions that this interpreter imports: a loop,
and a plain Python module run both ways.

PARAMS (all optional):
  probe_timeout  seconds a child process (a probe, a build step) may run before it is killed
                 (default 30)
  runtimes       given by the pyconcepts host: [{"name", "path"}, ...], the runtimes it found
                 and those named by --python; on our own we look PyPy and Jython up on PATH
  others_left_out  given by the host with `demo --no-others`: why no other runtime is started
"""

import dis
import importlib
import importlib.machinery
import importlib.util
import inspect
import os
import platform
import re
import struct
import subprocess
import sys
import sysconfig
import tempfile
import time
import types

from runtime_probes import (  # beside this file
    build_with_cython, left_out, other_runtimes, print_not_run, probe_runtime)
from screen import fit, print_row, say  # lines that fit the screen, also beside this file

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
PROBE_TIMEOUT = float(PARAMS.get("probe_timeout", 30))
BUILT_HERE = []  # the extension modules this snippet builds with Cython and imports


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


def loaded_object_of(address):
    """(file, base address) of the shared library or program holding an address, as the dynamic
    loader names it (dladdr, through ctypes); None when it cannot tell."""
    class DlInfo(ctypes.Structure):
        _fields_ = [
            ("dli_fname", ctypes.c_char_p),
            ("dli_fbase", ctypes.c_void_p),
            ("dli_sname", ctypes.c_char_p),
            ("dli_saddr", ctypes.c_void_p),
        ]

    info = DlInfo()
    if not ctypes.CDLL(None).dladdr(ctypes.c_void_p(address), ctypes.byref(info)):
        return None
    if not info.dli_fname:
        return None
    return os.fsdecode(info.dli_fname), info.dli_fbase or 0


def loaded_library_of(function_pointer):
    """The file the dynamic loader mapped a C function from."""
    found = loaded_object_of(ctypes.cast(function_pointer, ctypes.c_void_p).value)
    return found[0] if found else None


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


# ELF's numbers for the CPUs a file's machine code is for (e_machine, from the ELF standard's
# elf.h), so that a library can be matched against platform.machine().
ELF_MACHINES = {3: "x86", 8: "MIPS", 20: "PowerPC", 21: "PowerPC64", 22: "S/390", 40: "ARM",
                62: "x86-64", 183: "AArch64", 243: "RISC-V"}
# platform.machine()'s names for the same CPUs.
MACHINE_NAMES = {"x86_64": "x86-64", "amd64": "x86-64", "i386": "x86", "i686": "x86",
                 "aarch64": "AArch64", "arm64": "AArch64", "armv7l": "ARM", "ppc64le": "PowerPC64",
                 "ppc64": "PowerPC64", "s390x": "S/390", "riscv64": "RISC-V", "mips": "MIPS"}
ELF_FILES = {}  # path -> what read_elf found, so each file is read once


def read_elf(path):
    """What an ELF file says about itself: its CPU, its compilers' notes, its function symbols.

    {"machine": e_machine, "position_independent": bool, "comment": [the .comment section's
    strings, one per compiler or linker that wrote part of the file], "functions": [(address,
    size, name)] from the full symbol table (.symtab) or, when stripped, the dynamic one}; None
    for a file that is not a 64-bit ELF file. Only the headers and those sections are read.
    """
    if path in ELF_FILES:
        return ELF_FILES[path]
    found = None
    try:
        with open(path, "rb") as file:
            header = file.read(64)
            if header[:4] == b"\x7fELF" and header[4] == 2:  # class 2: 64-bit
                order = "<" if header[5] == 1 else ">"
                kind, machine = struct.unpack_from(order + "HH", header, 16)
                section_table, = struct.unpack_from(order + "Q", header, 0x28)
                entry_size, count, names_index = struct.unpack_from(order + "HHH", header, 0x3A)
                file.seek(section_table)
                table = file.read(entry_size * count)
                # Each section: name offset, type, flags, address, file offset, size, link, ...
                sections = [struct.unpack_from(order + "IIQQQQII", table, index * entry_size)
                            for index in range(count)]

                def contents(section):
                    file.seek(section[4])
                    return file.read(section[5])

                def c_string(blob, at):
                    return blob[at:blob.index(b"\0", at)].decode("utf-8", "replace")

                names = contents(sections[names_index])
                comment = []
                for section in sections:
                    if c_string(names, section[0]) == ".comment":
                        comment = sorted({note.decode("utf-8", "replace")
                                          for note in contents(section).split(b"\0") if note})
                functions = []
                for symbol_table in (2, 11):  # SHT_SYMTAB, else SHT_DYNSYM
                    for section in sections:
                        if section[1] != symbol_table:
                            continue
                        strings = contents(sections[section[6]])
                        for name, info, _, _, value, size in struct.iter_unpack(
                                order + "IBBHQQ", contents(section)):
                            if info & 0xF == 2 and value:  # STT_FUNC, defined here
                                functions.append((value, size, c_string(strings, name)))
                    if functions:
                        break
                found = {"machine": machine, "position_independent": kind == 3,
                         "comment": comment, "functions": functions}
    except (OSError, struct.error, ValueError):
        found = None
    ELF_FILES[path] = found
    return found


def elf_machine_name(number):
    return ELF_MACHINES.get(number, f"machine {number}")


def mapping_of(address):
    """The line of /proc/self/maps holding an address: {"permissions", "path"}, or None."""
    try:
        with open("/proc/self/maps", encoding="utf-8") as maps:
            for line in maps:
                fields = line.split(maxsplit=5)
                start, end = (int(bound, 16) for bound in fields[0].split("-"))
                if start <= address < end:
                    return {"permissions": fields[1],
                            "path": fields[5].strip() if len(fields) > 5 else ""}
    except OSError:  # no /proc here
        pass
    return None


def c_entry_point(function):
    """Where a built-in function's machine code starts: the C pointer `ml_meth` of its
    PyMethodDef, read with ctypes; None when it cannot be read.

    A builtin_function_or_method is a C struct whose object header ends with its type pointer,
    followed by the PyMethodDef pointer. The header's size differs between builds (a
    free-threaded build's is larger), so the type pointer is looked for rather than assumed, and
    the method's own name read back from the PyMethodDef checks the layout.
    """
    if ctypes is None:
        return None
    words = (ctypes.c_void_p * 8).from_address(id(function))
    try:
        after_type = [words[index] for index in range(8)].index(id(type(function))) + 1
        name, entry = (ctypes.c_void_p * 2).from_address(words[after_type])
    except (ValueError, IndexError, TypeError):
        return None
    if not name or ctypes.string_at(name).decode("utf-8", "replace") != function.__name__:
        return None
    return entry


def symbol_at(address):
    """{"file", "symbol", "compilers"} for machine code at an address: the file the loader mapped
    it from and the function symbol of that file covering it (from the file's own symbol table)."""
    mapping = mapping_of(address)
    if mapping is None or not mapping["path"].startswith("/"):
        return None
    path = mapping["path"]
    elf = read_elf(path)
    if elf is None:
        return {"file": path, "symbol": None, "compilers": []}
    offset = address
    if elf["position_independent"]:  # its symbols count from where the loader put the file
        try:
            found = loaded_object_of(address)
        except (AttributeError, OSError):  # no dladdr here
            found = None
        offset = address - found[1] if found else None
    symbol = None
    if offset is not None:
        for start, size, name in elf["functions"]:
            if start <= offset < start + max(size, 1):
                symbol = name
                break
    return {"file": path, "symbol": symbol, "compilers": elf["comment"]}


# rustc's symbols: "legacy" mangling, _ZN<length><part>...17h<16 hex digits>E, or "v0", _R...
RUST_LEGACY = re.compile(r"^_ZN(.+?)17h[0-9a-f]{16}E$")
RUST_ESCAPES = {"$LT$": "<", "$GT$": ">", "$u20$": " ", "$C$": ",", "$RF$": "&", "$BP$": "*",
                "$u7b$": "{", "$u7d$": "}", "$u27$": "'", "$SP$": "@", "..": "::"}


def rust_path(symbol):
    """The Rust path a rustc-mangled symbol names (pyo3::impl_::trampoline::...), or None."""
    if symbol.startswith("_R"):  # v0 mangling: shown as is
        return symbol
    match = RUST_LEGACY.match(symbol)
    if not match:
        return None
    body, parts = match.group(1), []
    while body:
        length = re.match(r"\d+", body)
        if not length:
            return None
        start = length.end()
        part = body[start:start + int(length.group())]
        for escape, text in RUST_ESCAPES.items():
            part = part.replace(escape, text)
        parts.append(part)
        body = body[start + int(length.group()):]
    return "::".join(parts)


# %% Claim: this interpreter is CPython, the reference implementation
print("1. Which Python is this? Ask Python, then ask the C side.")
compiler = platform.python_compiler() or "an unnamed compiler"
c_view = c_side()
header, kind, machine_code = (library_kind(c_view["library"]) if c_view["library"]
                              else (None, None, False))
print(f"   sys.implementation.name          = {sys.implementation.name!r}")
print(f"   platform.python_implementation() = {platform.python_implementation()!r}")
# The long values get a narrower label column, to leave them room.
print_row("   sys.version          = ", repr(sys.version))
if c_view["c_version"] is None:
    say(f"the C side: {c_view['method']}", 3, 5)
else:
    print_row("   Py_GetVersion() in C = ", repr(c_view["c_version"]))
    fit("   interpreter library  = ", str(c_view["library"]))
    print(f"     first bytes {header}: {kind}"
          f"{' (compiled machine code)' if machine_code else ''}")
    say(f"(C side read by {c_view['method']})", 3, 4)
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
    print(f"     {ins['offset']:>3}  {ins['opcode']:>3}  {ins['opname']:<18} {ins['argrepr']}"
          .rstrip())
print(f"   area(3, 4) = {area_result}")

print("\n   Importing a module writes its bytecode to __pycache__, in a private temp dir:")
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
            print(f"     {pyc['pyc_path']}: {pyc['pyc_size']} bytes, header\n"
                  f"       {pyc['header_hex']}")
            print(f"     first four bytes:            {pyc['magic_hex']}\n"
                  f"     importlib.util.MAGIC_NUMBER: {pyc['interpreter_magic_hex']} "
                  f"(equal: {pyc['magic_matches']})")
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

# %% Claim (article): "Its code is first interpreted ... and then compiled into bytecode"
print("\n3. First interpreted, then compiled? Run a file whose last line is not Python.")
BROKEN_LINES = ['print("line 1 ran")', 'print("line 2 ran")', "this line is not Python"]
BROKEN_SOURCE = "\n".join(BROKEN_LINES) + "\n"
# The real interpreter of this build, as a learner would run it: not the pyconcepts host.
bindir_python = os.path.join(sysconfig.get_config_var("BINDIR") or "", "python3")
child_python = bindir_python if os.access(bindir_python, os.X_OK) else sys.executable
for number, line in enumerate(BROKEN_LINES, 1):
    print(f"     {number}  {line}")
child = {"python": child_python, "ran": False}
with tempfile.TemporaryDirectory(prefix="pyconcepts-cpython-") as scratch:
    broken_file = os.path.join(scratch, "broken.py")
    with open(broken_file, "w", encoding="utf-8") as file:
        file.write(BROKEN_SOURCE)
    try:
        finished = subprocess.run([child_python, broken_file], capture_output=True, text=True,
                                  stdin=subprocess.DEVNULL,
                                  timeout=PROBE_TIMEOUT)
    except (OSError, subprocess.TimeoutExpired) as error:
        child["problem"] = f"{type(error).__name__}: {error}"
    else:
        stderr_lines = finished.stderr.strip().splitlines()
        where = re.findall(r'File ".*", line (\d+)', finished.stderr)
        child.update({"ran": True, "returncode": finished.returncode, "stdout": finished.stdout,
                      "error": stderr_lines[-1] if stderr_lines else None,
                      "error_line": int(where[-1]) if where else None})
if child["ran"]:
    print(f"   {child_python} broken.py")
    print(f"     printed {child['stdout']!r}, exit status {child['returncode']}, then on stderr:")
    say(f"{child['error']} (line {child['error_line']})", 7, 9)
else:
    say(f"could not run {child_python}: {child['problem']}", 3, 5)

# The same two steps in this process: compile() makes the code object, exec() runs it.
printed = []
steps = {"file_lines": len(BROKEN_LINES)}
good_part = compile("\n".join(BROKEN_LINES[:2]), "<lines 1-2>", "exec")
steps["printed_after_compile"] = list(printed)
exec(good_part, {"print": printed.append})
steps["printed_after_exec"] = list(printed)
printed.clear()
try:
    exec(BROKEN_SOURCE, {"print": printed.append})  # exec() of a string compiles it first
    steps["whole_file_error"] = None
except SyntaxError as error:
    steps["whole_file_error"] = f"{type(error).__name__}: {error.msg}"
    steps["whole_file_error_line"] = error.lineno
steps["printed_by_whole_file"] = list(printed)
print(f"   here: compile() of lines 1-2 printed {steps['printed_after_compile']};\n"
      f"         exec() of its code object then printed {steps['printed_after_exec']}")
print(f"         exec() of all {len(BROKEN_LINES)} lines: {steps['whole_file_error']} "
      f"(line {steps.get('whole_file_error_line')}), printed {steps['printed_by_whole_file']}")
EVIDENCE["interpreted_then_compiled"] = {"lines": BROKEN_LINES, "child": child, **steps}

# %% Claim (article): "CPython's bytecode is in the C programming language"
print("\n4. Is the bytecode 'in C'? Look at what it is made of, and at the interpreter.")
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
print(f"   co_code is {type(area_code.co_code).__name__}; every other byte is an opcode number\n"
      f"   from this version's table of {len(dis.opmap)} opcodes:")
print_row("     ", "  ".join(f"{code}={name}" for code, name in zip(opcode_bytes, decoded)),
          sep="  ")
if foreign:
    print(f"   its format is stamped with magic number {foreign['own_magic_number']} (cache tag "
          f"{sys.implementation.cache_tag});\n   another version's number was refused: "
          f"{foreign['other_magic_refused']}")
if sys.implementation.name == "cpython":
    say(f"C is what the interpreter is written in: compiled by {compiler}", 3, 5)
else:
    print(f"   this interpreter is {sys.implementation.name}, not CPython's C code")
if eval_loop_library:
    print("     its instruction loop, the C function _PyEval_EvalFrameDefault, is in")
    print(f"       {eval_loop_library}")
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

# %% Claim (article): "Bytecode is made out of bytes that represent the machine's instructions"
print("\n5. Are those bytes the machine's instructions? Ask what the CPU runs.")
machine = platform.machine()
library_elf = read_elf(c_view["library"]) if c_view["library"] else None
# Where the bytecode is, and where the C loop that executes it is, in this process's memory.
co_code = area_code.co_code
co_code_memory = mapping_of(id(co_code))  # CPython's id() is the object's address
code_memory = mapping_of(id(area_code))
eval_loop_address = ctypes.cast(eval_loop, ctypes.c_void_p).value if eval_loop else None
eval_loop_memory = mapping_of(eval_loop_address) if eval_loop_address else None
ext_suffix = sysconfig.get_config_var("EXT_SUFFIX")
print(f"   area's bytecode: {area_code.co_code.hex(' ')}")
print("   its opcode numbers, from dis.opname, the table of CPython's virtual machine:")
print_row("     ", "  ".join(f"{code}={name}" for code, name in zip(opcode_bytes, decoded)),
          sep="  ")
if co_code_memory:
    say(f"those bytes, a bytes object at {id(co_code):#x}, are in memory mapped "
        f"{co_code_memory['permissions']} ({co_code_memory['path'] or 'anonymous'})"
        + ("" if "x" in co_code_memory["permissions"] else ": no x, the CPU may not execute it"),
        3, 5)
if code_memory:
    say(f"the code object lives at {id(area_code):#x}, in memory mapped "
        f"{code_memory['permissions']} ({code_memory['path'] or 'anonymous'})"
        + ("" if "x" in code_memory["permissions"] else ": no x, the CPU may not execute it"),
        3, 5)
if eval_loop_memory:
    print(f"   the C loop that executes it, _PyEval_EvalFrameDefault, at {eval_loop_address:#x},")
    say(f"in memory mapped {eval_loop_memory['permissions']} ({eval_loop_memory['path']})", 5, 7)
if library_elf:
    print(f"   that library is machine code for {elf_machine_name(library_elf['machine'])} "
          f"(ELF e_machine {library_elf['machine']});\n   this CPU: platform.machine() = "
          f"{machine!r}")
print(f"   a .pyc is named for the Python version only ({sys.implementation.cache_tag}),\n"
      f"   an extension module for the CPU too ({ext_suffix})")
EVIDENCE["bytecode_is_machine_code"] = {
    "co_code_hex": area_code.co_code.hex(" "),
    "opcodes": opcode_bytes,
    "opnames": decoded,
    "unknown_opcodes": unknown,
    "machine": machine,
    "machine_elf_name": MACHINE_NAMES.get(machine.lower()),
    "library": c_view["library"],
    "library_elf_machine": library_elf["machine"] if library_elf else None,
    "library_elf_machine_name": (elf_machine_name(library_elf["machine"]) if library_elf
                                 else None),
    "co_code_address": id(co_code),
    "co_code_memory": co_code_memory,
    "code_object_address": id(area_code),
    "code_object_memory": code_memory,
    "eval_loop_address": eval_loop_address,
    "eval_loop_memory": eval_loop_memory,
    "cache_tag": sys.implementation.cache_tag,
    "pyc_path": pyc.get("pyc_path"),
    "ext_suffix": ext_suffix,
}

# %% Claim (senior): the interpreter specialises instructions as code runs
print("\n6. Not just 'interpreted': the adaptive interpreter rewrites hot code.")


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
    say("skipped: " + EVIDENCE["adaptive_specialization"]["skipped"], 3, 5)
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
print("\n7. Other implementations run the same Python differently.")
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

def squares(numbers):
    return [number * number for number in numbers]

def every_opname(code):
    """The instructions of a code object and of the code objects nested in it."""
    names = [ins.opname for ins in dis.get_instructions(code)]
    for const in code.co_consts:
        if hasattr(const, "co_code"):
            names += every_opname(const)
    return names

found = {"implementation": platform.python_implementation(),
         "python_version": platform.python_version(), "platform": str(sys.platform)}
found["version"] = found["python_version"]
try:
    import dis, opcode
    found["opnames"] = [ins.opname for ins in dis.get_instructions(area)]
    found["comprehension_opnames"] = every_opname(squares.__code__)
    found["opcode_names"] = sorted(opcode.opmap)
    found["cache_tag"] = sys.implementation.cache_tag
except (ImportError, AttributeError):  # Python 2's dis has no get_instructions
    found["opnames"] = None
jit_loops = []
if hasattr(sys, "pypy_version_info"):  # PyPy: its own bytecode, and a JIT compiler
    found["version"] = ".".join(str(part) for part in sys.pypy_version_info[:3])
    try:  # the opcodes PyPy's own opcode module adds to CPython's, under a comment saying so
        import inspect, re
        source = inspect.getsource(opcode)
        at = source.lower().find("# pypy modification")
        if at < 0:
            found["pypy_section_opcodes"] = None
        else:
            line_end = source.find("\\n", at)
            found["pypy_section_marker"] = source[at:line_end].strip()
            found["pypy_section_opcodes"] = re.findall(
                "^[a-z_]+_op[(][^A-Z]*([A-Z_0-9]+)", source[line_end:], re.MULTILINE)
    except (ImportError, OSError, TypeError, NameError):
        found["pypy_section_opcodes"] = None
    try:
        import pypyjit
        found["jit"] = True

        def on_compile(info):  # PyPy calls this each time its JIT compiles machine code
            key = info.greenkey
            jit_loops.append({"kind": info.type, "asm_bytes": getattr(info, "asmlen", None),
                              "code": getattr(key[0], "co_name", None) if key else None})

        pypyjit.set_compile_hook(on_compile)
    except ImportError:
        found["jit"] = False

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
if found.get("jit"):
    pypyjit.set_compile_hook(None)
    found["jit_loops"] = jit_loops
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
    BUILT_HERE.append(fast_loop)
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
              f"-> fast_loop.c ({entry['c_lines']:,} lines)")
        say(f"-> {entry['compiler']} -> {entry['module_file']}", 11, 13)
        print(f"           ({entry['file_kind']}), built in {entry['build_seconds']} s")
        print(f"           imported here: type(fast_loop.spin) is {entry['function_type']}")
    else:
        python = ("" if entry["version"] == entry["python_version"]
                  else f" (Python {entry['python_version']})")
        java = f" on Java {entry['java_version']}" if entry.get("java_version") else ""
        print_row(f"   {name:<7} ", f"{entry['implementation']} {entry['version']}{python}{java}, "
                                    f"at {entry['path']}")
        print(f"           sys.platform {entry['platform']!r}; ran in {entry['wall_seconds']} s")
        if entry.get("opnames"):
            say(f"area's bytecode: {' '.join(entry['opnames'])}", 11, 13)
        if entry.get("pypy_section_opcodes"):
            not_here = [name for name in entry["pypy_section_opcodes"] if name not in dis.opmap]
            emitted = [name for name in entry["pypy_section_opcodes"]
                       if name in entry.get("comprehension_opnames", [])]
            print("           its opcode module adds, under the comment")
            print(f"             {entry['pypy_section_marker']!r}:")
            print_row("             ", ", ".join(entry["pypy_section_opcodes"]))
            if not_here == entry["pypy_section_opcodes"]:
                print("           not one of them is in this CPython's table")
            else:
                print_row("           not in this CPython's table: ",
                          ", ".join(not_here) or "none")
            print("           [number * number for number in numbers] compiles to one of them:")
            print(f"             {', '.join(emitted) or 'no'}")
        spin_loops = [loop for loop in entry.get("jit_loops", []) if loop["code"] == "spin"]
        for loop in spin_loops:
            print(f"           its JIT (pypyjit) compiled a {loop['kind']} of spin() while it "
                  f"ran:\n             {loop['asm_bytes']} bytes of machine code")
        if entry.get("jit") and not spin_loops:
            print("           its JIT (pypyjit) compiled nothing of spin() while it ran")
        if entry.get("java_method"):
            print("           the JVM's stack trace names a Python function,")
            print(f"             {entry['java_method']}:")
            print("           a method of a class compiled from Python to JVM bytecode")
            print("           a Python class implementing java.lang.Runnable is the JVM class")
            print(f"           {entry['proxy_java_class']},\n"
                  f"           run by the java.lang.Thread {entry['run_by_java_thread']!r}")


say(f"Each other runtime runs a probe in a child process (killed after {PROBE_TIMEOUT:g} s).")
print(f"   {'here':<7} CPython {platform.python_version()}")
say(f"area's bytecode: {' '.join(ins['opname'] for ins in instructions)}", 11, 13)
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

print(f"\n   The same loop, spin({LOOP_N:,}), best round on each:")
print(f"     {'':<34} {'time':>11}  speed vs CPython")
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
                "opcode_names": sorted(dis.opmap), "loop_seconds": cpython_loop},
    "loop": {"source": SPIN_SOURCE.strip(), "n": LOOP_N},
    "runtimes": compared,
    "temp_dir": cython_dir,
    "temp_dir_removed": cython_dir_removed,
}

# %% Claim (article): "The Cython language is a superset of Python"
print("\n8. Is Cython a superset of Python? Compile plain Python with it, run both.")
# Plain Python, nothing of Cython's: big integers, a closure, a generator, a class, an exception.
PLAIN_PYTHON = '''
def fib(n):
    a, b = 0, 1
    for _ in range(n):
        a, b = b, a + b
    return a


def make_counter():
    count = 0

    def counter():
        nonlocal count
        count += 1
        return count
    return counter


def evens(n):
    yield from (i for i in range(n) if i % 2 == 0)


class Point:
    def __init__(self, x, y):
        self.x, self.y = x, y

    def __repr__(self):
        return f"Point({self.x}, {self.y})"


def divide(a, b):
    try:
        return a / b
    except ZeroDivisionError as error:
        return f"{type(error).__name__}: {error}"


def results():
    counter = make_counter()
    counter()
    return {"fib(100)": fib(100), "counter()": counter(), "list(evens(9))": list(evens(9)),
            "Point(1, 2)": repr(Point(1, 2)), "divide(1, 0)": divide(1, 0),
            "sorted(words, key=len)": sorted(["ccc", "a", "bb"], key=len)}
'''


def what_it_is(module):
    """How a module's function and class look from Python: where Cython and Python may differ."""
    return {"type(fib)": type(module["fib"]).__name__,
            "inspect.isfunction(fib)": inspect.isfunction(module["fib"]),
            "type(Point)": type(module["Point"]).__name__}


as_python = {}
exec(PLAIN_PYTHON, as_python)
python_results = {key: repr(value) for key, value in as_python["results"]().items()}
superset = {"source_lines": PLAIN_PYTHON.strip().count("\n") + 1,
            "python_results": python_results, "python_is": what_it_is(as_python)}
with tempfile.TemporaryDirectory(prefix="pyconcepts-cython-") as superset_dir:
    plain_module, build = build_with_cython(superset_dir, "plain_python", PLAIN_PYTHON,
                                            PROBE_TIMEOUT, left_out(PARAMS))
superset["build"] = build
superset["temp_dir_removed"] = not os.path.exists(superset_dir)
if plain_module is not None:
    BUILT_HERE.append(plain_module)
    cython_results = {key: repr(value) for key, value in plain_module.results().items()}
    superset.update({"module_file": os.path.basename(plain_module.__file__),
                     "cython_results": cython_results,
                     "cython_is": what_it_is(vars(plain_module))})
# Cython's own language is more than Python: the loop Cython compiled in section 7, with its
# `cdef long`, is not Python at all.
try:
    compile(CYTHON_SOURCE, "fast_loop.pyx", "exec")
    superset["cdef_error"] = None
except SyntaxError as error:
    superset.update({"cdef_error": f"{type(error).__name__}: {error.msg}",
                     "cdef_error_line": error.lineno,
                     "cdef_error_text": (error.text or "").strip()})
superset["cdef_built_by_cython"] = any(entry["name"] == "cython" and entry["status"] == "ran"
                                       for entry in compared)
if not print_not_run(build):
    print(f"   Cython {build['version']}: plain_python.pyx ({superset['source_lines']} lines of "
          f"Python) -> {build['c_lines']:,} lines of C\n     -> {superset['module_file']}")
    # Two tables, to fit the screen: what came out the same both ways, then what differs.
    outcomes = [(key, value, superset["cython_results"].get(key))
                for key, value in python_results.items()]
    outcomes += [(key, str(value), str(superset["cython_is"][key]))
                 for key, value in superset["python_is"].items()]
    same = [(key, value) for key, value, other in outcomes if other == value]
    differ = [(key, value, other) for key, value, other in outcomes if other != value]
    key_width = max(len(key) for key, _, _ in outcomes) + 2
    if same:
        print("   the same run as Python and compiled by Cython:")
        for key, value in same:
            print_row(f"     {key:<{key_width}}", value)
    if differ:
        value_width = max(len("run as Python"), *(len(value) for _, value, _ in differ)) + 2
        print(f"   {'different:':<{key_width + 2}}{'run as Python':<{value_width}}"
              f"compiled by Cython")
        for key, value, other in differ:
            print_row(f"     {key:<{key_width}}{value:<{value_width}}", str(other))
print(f"   compile() of fast_loop.pyx, the cdef source Cython "
      f"{'built in section 7' if superset['cdef_built_by_cython'] else 'builds'}:")
say(f"{superset['cdef_error'] or 'compiled!'}"
    + (f" (line {superset['cdef_error_line']}: {superset['cdef_error_text']})"
       if superset["cdef_error"] else ""), 5, 7)
EVIDENCE["cython_superset"] = superset

# %% Claim (article): "Cython ... is the compiled language used to create CPython extensions"
print("\n9. Which languages are the compiled modules of this very process written in?")
# A Cython-built module says so itself: its functions are Cython's own type, it has the
# __test__ dict Cython adds, and a C API table (__pyx_capi__) when it exports one.
CYTHON_FUNCTION = "cython_function_or_method"


def cython_markers(module, symbols):
    markers = []
    if any(type(value).__name__ == CYTHON_FUNCTION for value in vars(module).values()):
        markers.append(f"functions of type {CYTHON_FUNCTION}")
    if isinstance(vars(module).get("__test__"), dict):
        markers.append("a __test__ dict")
    if "__pyx_capi__" in vars(module):
        markers.append("__pyx_capi__")
    if any(name.startswith("__pyx_") for _, _, name in symbols):
        markers.append("__pyx_ symbols in its file")
    return markers


def survey(module):
    """One compiled module: where it came from, and what its machine code says of its language."""
    spec = getattr(module, "__spec__", None)
    loader = getattr(spec, "loader", None) or getattr(module, "__loader__", None)
    entry = {"name": module.__name__,
             "kind": "built-in" if module.__name__ in sys.builtin_module_names else "file",
             "origin": getattr(spec, "origin", None),
             "loader": loader.__name__ if isinstance(loader, type) else type(loader).__name__,
             "function": None, "file": None, "symbol": None, "rust_path": None,
             "compilers": [], "cython_markers": [], "language": None}
    functions = [value for value in vars(module).values()
                 if type(value) is types.BuiltinFunctionType and value.__self__ is module]
    located = None
    if functions:
        entry["function"] = functions[0].__name__
        address = c_entry_point(functions[0])
        located = symbol_at(address) if address else None
    origin = entry["origin"]
    elf = read_elf(origin) if origin and os.path.isfile(origin) else None
    entry["cython_markers"] = cython_markers(module, elf["functions"] if elf else [])
    if located:
        entry.update({"file": located["file"], "symbol": located["symbol"],
                      "compilers": located["compilers"]})
    elif elf:
        entry.update({"file": origin, "compilers": elf["comment"]})
    symbol = entry["symbol"] or ""
    entry["rust_path"] = rust_path(symbol) if symbol else None
    if entry["cython_markers"]:
        entry["language"] = "Cython"
    elif entry["rust_path"]:
        entry["language"] = "Rust"
    elif symbol.startswith("_Z"):
        entry["language"] = "C++"
    elif re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", symbol):
        entry["language"] = "C"  # a C function keeps its own name in the file: nothing mangled
    file = entry["file"] or ""
    entry["in_installation"] = file.startswith(os.path.realpath(sys.base_prefix) + os.sep)
    return entry


compiled_here = [module for _, module in sorted(sys.modules.items())
                 if isinstance(module, types.ModuleType)
                 and (module.__name__ in sys.builtin_module_names
                      or isinstance(getattr(getattr(module, "__spec__", None), "loader", None),
                                    importlib.machinery.ExtensionFileLoader))]
# A Cython module may enter itself in sys.modules: each module once.
loaded = [survey(module) for module in
          compiled_here + [built for built in BUILT_HERE
                           if not any(built is module for module in compiled_here)]]
by_language = {}
for entry in loaded:
    by_language.setdefault(entry["language"] or "not told", []).append(entry)
for language, entries in sorted(by_language.items(), key=lambda item: -len(item[1])):
    print_row(f"   {language:<9} {len(entries):>3}: ",
              f"{', '.join(entry['name'] for entry in entries[:8])}"
              f"{', ...' if len(entries) > 8 else ''}")
for language in ("C", "Rust", "Cython"):
    for entry in by_language.get(language, [])[:2]:
        print(f"     {entry['name']} ({entry['kind']}, loader {entry['loader']}):")
        if entry["symbol"]:
            say(f"{entry['name']}.{entry['function']} enters machine code at "
                f"{entry['rust_path'] or entry['symbol']}", 7, 9)
        if entry["file"]:
            # The name and its folder apart: a whole path is often wider than the screen.
            folder, name = os.path.split(entry["file"])
            say(f"in {name}, in the folder {folder},", 7, 9)
            print_row("       built by ", "; ".join(entry["compilers"]) or "?", sep="; ")
        if entry["cython_markers"]:
            print_row("       Cython's markers: ", ", ".join(entry["cython_markers"]))
host_module = {"present": _pyconcepts is not None}
if _pyconcepts is None:
    host_module["reason"] = ("no module _pyconcepts: this is not the pyconcepts host, so no "
                             "extension written in Rust is loaded")
    say(host_module["reason"])
EVIDENCE["cython_is_the_extension_language"] = {
    "method": ("each module's first function's C entry point (its PyMethodDef's ml_meth, read "
               "with ctypes), the file /proc/self/maps maps it from, and that file's ELF symbol "
               "table and .comment notes" if ctypes else
               "the modules' own markers only: without ctypes no C entry point can be read"),
    "modules": loaded,
    "host_module": host_module,
    "cython_built_here": [module.__name__ for module in BUILT_HERE],
    "cython_not_built_because": None if BUILT_HERE else build.get("reason"),
}

# %% Quiz time: predict, then run
# Each quiz section runs alone in `pyconcepts quiz`, so it defines what it uses.
print("\nShort cases, each on its own:")

# %% quiz: What is a function's body once Python has compiled it?
# choice: str str
# choice: function bytes
# choice: code bytes
# why: CPython compiles source to a code object whose co_code is bytecode for its virtual
# why: machine: bytes, not C and not machine code.
def add(a, b):
    return a + b


print(type(add.__code__).__name__, type(add.__code__.co_code).__name__)


# %% quiz: A program's first line prints, its last line is not Python. What does running it print?
# choice: first line ran SyntaxError
# choice: SyntaxError
# choice: first line ran
# why: CPython compiles the whole source to bytecode before it runs any of it: the syntax error
# why: on the last line stops it before the first line has run.
program = 'print("first line ran")\nthis line is not Python\n'
try:
    exec(program)
except SyntaxError as error:
    print(type(error).__name__)


# %% quiz: Does a .pyc's name, and an extension module's, name this CPU (platform.machine())?
# choice: True True
# choice: False True
# choice: False False
# why: bytecode is for CPython's virtual machine, so a .pyc is named for the Python version only;
# why: an extension module is machine code, so its name carries the CPU it was compiled for.
import importlib.util
import platform
import sysconfig

cpu = platform.machine()
print(cpu in importlib.util.cache_from_source("lesson.py"),
      cpu in sysconfig.get_config_var("EXT_SUFFIX"))
