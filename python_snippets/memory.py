"""Question 6: how does Python handle memory management?

Run by `pyconcepts demo memory`, or on its own with `python3 python_snippets/memory.py`.
Every claim's observations go into EVIDENCE; the host judges them.

Everything here is CPython's memory management: names refer to objects on the heap, every
object carries a reference count and a type in its header (ctypes reads a string's memory field by
field), a name's reference is a dict entry or a frame's slot (we find the very word), an object is
freed the moment its count reaches zero, and a separate cyclic garbage collector exists for the
objects reference counting cannot free.
The last part runs the same experiment on the other implementations installed (PyPy, Jython),
each in a child process: they free memory their own way.

PARAMS (all optional):
  probe_timeout  seconds a probe on another runtime may run before it is killed (default 30)
  runtimes       given by the pyconcepts host: [{"name", "path"}, ...], the runtimes it found
                 and those named by --python; on our own we look PyPy and Jython up on PATH
  others_left_out  given by the host with `demo --no-others`: why no other runtime is started
"""

import dis
import gc
import os
import platform
import struct
import sys
import sysconfig
import threading
import weakref

from runtime_probes import other_runtimes, print_not_run, probe_runtime  # beside this file
from screen import print_row, say  # lines that fit the screen, also beside this file

try:
    import ctypes
except ImportError:  # some builds ship without ctypes
    ctypes = None

try:
    import _pyconcepts  # the Rust host's module: present only inside pyconcepts
except ImportError:
    _pyconcepts = None

PARAMS = globals().get("PARAMS", {})
EVIDENCE = {}


def choose_refcount_reader():
    """A way to read an object's true reference count (the C fields that hold it).

    sys.getrefcount(x) counts one reference too many: its own argument. We want a second,
    independent reading. Returns (reader, how it reads, its calibration); reader(x) leaves out
    the references that passing x to it holds, or is None when no honest way exists here.
    """
    if _pyconcepts is not None:
        # The host measured, once, what passing an object to refcnt adds to its count.
        return (_pyconcepts.refcnt, "_pyconcepts.refcnt (the Rust host reads ob_refcnt in C)",
                _pyconcepts.refcnt_calibration())
    if not hasattr(sys, "getrefcount"):
        return None, (f"{sys.implementation.name} has no sys.getrefcount: it does not count "
                      "references"), None
    if ctypes is None:
        return None, "no host module and no ctypes to read ob_refcnt with", None
    layout = header_layout()
    if isinstance(layout, str):
        return None, f"no host module, and {layout}", None
    return ctypes_reader(layout)


def header_layout():
    """Where this build keeps an object's count and type: a dict (name, type_offset,
    read_count(address), count_fields), or why no honest reading exists. Found by looking, not
    by version: an object's header ends with a pointer to its type, so the offset where
    id(type(x)) sits tells the layouts apart, and the count read must then agree with
    sys.getrefcount."""
    word = ctypes.sizeof(ctypes.c_void_p)
    probe = object()

    def type_pointer_at(offset):
        return ctypes.c_void_p.from_address(id(probe) + offset).value == id(object)

    def classic(address):  # struct { Py_ssize_t ob_refcnt; PyTypeObject *ob_type; }
        return ctypes.c_ssize_t.from_address(address).value

    def free_threaded(address):
        # struct { uintptr_t ob_tid; uint16_t; uint8_t ob_mutex; uint8_t ob_gc_bits;
        #          uint32_t ob_ref_local; Py_ssize_t ob_ref_shared; PyTypeObject *ob_type; }
        # The owning thread counts in ob_ref_local, the others in ob_ref_shared, whose two low
        # bits are flags: Py_REFCNT adds ob_ref_local and ob_ref_shared >> 2.
        local = ctypes.c_uint32.from_address(address + word + 4).value
        shared = ctypes.c_ssize_t.from_address(address + 2 * word).value
        return local + (shared >> 2)

    if type_pointer_at(word):
        layout = {"name": "classic", "type_offset": word, "read_count": classic,
                  "count_fields": "ob_refcnt"}
    elif type_pointer_at(3 * word) and sysconfig.get_config_var("Py_GIL_DISABLED"):
        layout = {"name": "free-threaded", "type_offset": 3 * word, "read_count": free_threaded,
                  "count_fields": "ob_ref_local + (ob_ref_shared >> 2), the free-threaded layout"}
    else:
        return ("on this build the object header has neither the classic nor the free-threaded "
                "layout (a trace-refs build?), so ctypes can't find the count")
    in_place = layout["read_count"](id(probe))  # once id() has returned, only `probe` holds it
    expected = sys.getrefcount(probe) - 1  # less getrefcount's own argument
    if in_place != expected:
        return (f"ctypes read {in_place} as the count of a new object, where sys.getrefcount "
                f"said {expected} plus its argument: the reading is not the count")
    return layout


def ctypes_reader(layout):
    """Reads the count (layout's count fields) at the object's address id(x)."""
    read_count = layout["read_count"]

    def read_refcount(obj):
        return read_count(id(obj)) - own_references[0]

    # Passing an object to a function adds references while the call runs. Measure how many
    # this reader adds: read a probe in place (once id() has returned, the read itself holds no
    # reference), then through the reader, and subtract the difference from every reading.
    own_references = [0]
    probe = object()
    in_place = read_count(id(probe))
    in_the_call = read_refcount(probe)
    own_references[0] = in_the_call - in_place
    calibration = {"probe_count_in_place": in_place, "probe_count_in_the_call": in_the_call,
                   "argument_references": own_references[0]}
    return read_refcount, (
        f"ctypes ({layout['count_fields']} read at the object's address id(x), less the "
        f"{own_references[0]} reference{'s' if own_references[0] != 1 else ''} the reader's "
        f"argument holds)"), calibration


def immortality(obj):
    """PEP 683 (3.12+): some objects are immortal, their count pinned at a huge fixed value."""
    is_immortal = getattr(sys, "_is_immortal", None)
    if is_immortal is not None:
        return {"immortal": bool(is_immortal(obj)), "immortal_check": "sys._is_immortal()"}
    before = sys.getrefcount(obj)
    three_more = [obj, obj, obj]
    moved = sys.getrefcount(obj) - before
    del three_more
    return {"immortal": moved == 0,
            "immortal_check": f"count moved by {moved} when 3 references were added"}


class Payload:
    """A plain object, so every reference to it is one we made."""


class Node:
    """A node that can point at a partner: two of them make a reference cycle."""

    def __init__(self, name):
        self.name = name
        self.partner = None


def collections_so_far():
    """Collections run so far, all generations; None where gc.get_stats() is not CPython's."""
    stats = gc.get_stats() if hasattr(gc, "get_stats") else None
    if not isinstance(stats, list):
        return None
    return sum(generation["collections"] for generation in stats)


def generation_counts():
    """Allocations minus deallocations per generation since its last collection (CPython)."""
    return list(gc.get_count()) if hasattr(gc, "get_count") else None


read_refcount, reader_method, calibration = choose_refcount_reader()
if read_refcount is None:
    say(f"No way to read true reference counts here: {reader_method}.", 0, 2)
else:
    say(f"True reference counts come from {reader_method}.", 0, 2)
    print(f"  Calibrated on a fresh object: count {calibration['probe_count_in_place']} read in "
          f"place, {calibration['probe_count_in_the_call']} passed to the reader.")
print()

# %% Claim: names are references to objects on the heap
print("1. Names are references: two names, one object.")
numbers = [1, 2, 3]
alias = numbers  # no copy: a second name for the same list
alias.append(4)
copied = list(numbers)  # a copy is a new object
big_text = "x" * 100_000
shelf = [big_text]
print(f"   alias is numbers: {alias is numbers}\n   id(numbers) = {id(numbers):#x}, "
      f"id(alias) = {id(alias):#x}")
print(f"   alias.append(4) -> numbers is now {numbers}")
print(f"   a copy is another object: list(numbers) is numbers: {copied is numbers}")
# getsizeof(obj, None): None where the implementation cannot say (PyPy raises without a default)
sizes = {"big_str_size": sys.getsizeof(big_text, None),
         "list_holding_it_size": sys.getsizeof(shelf, None),
         "empty_list_size": sys.getsizeof([], None)}
if None in sizes.values():
    print(f"   sys.getsizeof has no answer on {sys.implementation.name}")
else:
    print(f"   sys.getsizeof: a 100,000-char str {sizes['big_str_size']:,} bytes; a list holding "
          f"it {sizes['list_holding_it_size']} bytes")
    print(f"     (an empty list: {sizes['empty_list_size']}): the list holds one "
          f"{struct.calcsize('P')}-byte reference, not the string")
EVIDENCE["names_are_references"] = {
    "same_object": alias is numbers,
    "ids_equal": id(alias) == id(numbers),
    "seen_through_other_name": list(numbers),
    "mutation_visible": numbers == [1, 2, 3, 4],
    "copy_is_same_object": copied is numbers,
    **sizes,
    "reference_size": struct.calcsize("P"),
}
del numbers, alias, copied, big_text, shelf

# %% Claim (article): after `a = "hello"` the reference count is 1
print('\n2. After a = "hello", is the reference count 1?')
greeting = "".join(["hel", "lo"])  # built at run time: a brand-new str bound to one name
a = "hello"  # the article's line: a literal, also held by the compiled code's constants
if read_refcount is None:
    EVIDENCE["refcount_starts_at_one"] = {"skipped": f"no refcount to read: {reader_method}"}
    print("   skipped: " + EVIDENCE["refcount_starts_at_one"]["skipped"])
else:
    fresh = {"getrefcount": sys.getrefcount(greeting), "true_refcount": read_refcount(greeting),
             **immortality(greeting)}
    literal = {"getrefcount": sys.getrefcount(a), "true_refcount": read_refcount(a),
               **immortality(a)}
    print_row("   a fresh string (''.join): ", f"sys.getrefcount = {fresh['getrefcount']}, "
              f"true count = {fresh['true_refcount']}")
    print("     getrefcount's own argument is one more reference while it runs")
    print_row("   the literal 'hello':      ", f"sys.getrefcount = {literal['getrefcount']}, "
              f"true count = {literal['true_refcount']}")
    held = ("a pinned marker, not a count" if literal["immortal"]
            else "the code's constants hold it too")
    print(f"     {held}; immortal: {literal['immortal']}")
    say(f"({literal['immortal_check']})", 7, 8)
    EVIDENCE["refcount_starts_at_one"] = {"method": reader_method, "calibration": calibration,
                                          "fresh": fresh, "literal": literal}

# %% Claim (article): the object holds three fields: type, value, reference count
print('\n3. What is inside the object "hello"? The article says: type, value and count.')


def memory_of(obj):
    """The object's own bytes: what sits at its address id(obj), obj.__sizeof__() long."""
    return ctypes.string_at(id(obj), obj.__sizeof__())


def str_state(text, offset):
    """The low byte of a str's state word at `offset`, decoded as CPython's bit fields: bits 2-4
    the kind (bytes per character), bit 5 compact (text inside the object), bit 6 ASCII."""
    state = memory_of(text)[offset]
    return {"kind": (state >> 2) & 7, "compact": bool(state >> 5 & 1),
            "ascii": bool(state >> 6 & 1)}


def str_fields(text, raw, before_hash, layout):
    """The fields of the str `text`, found in its bytes `raw` by the values they hold, not by a
    version's struct (`before_hash`: its bytes before hash() was first called on it):
    [{name, role, offset, size, value}], role being what the article calls it (count, type,
    value) or other; and the runs of bytes no field accounts for."""
    word = struct.calcsize("P")
    text_hash = hash(text)

    def at(offset, code="n"):
        return struct.unpack_from(code, raw, offset)[0]

    fields = []

    def add(name, role, offset, size, value):
        fields.append({"name": name, "role": role, "offset": offset, "size": size,
                       "value": value})

    type_offset = layout["type_offset"]
    if layout["name"] == "free-threaded":
        owner = at(0, "N")
        add("ob_tid", "other", 0, word,
            f"{owner:#x}, threading.get_ident(): the thread that made it"
            if owner == threading.get_ident() else f"{owner:#x}")
        add("ob_ref_local", "count", word + 4, 4, str(at(word + 4, "I")))
        add("ob_ref_shared", "count", 2 * word, word, str(at(2 * word)))
    else:
        add("ob_refcnt", "count", 0, word, str(at(0)))
    type_word = at(type_offset, "N")
    if type_word == id(str):
        add("ob_type", "type", type_offset, word, f"{type_word:#x}, id(str)")
    header_size = type_offset + word
    after_header = range(header_size, len(raw) - word + 1, word)
    length_at = next((o for o in after_header if at(o) == len(text)), None)
    if length_at is not None:
        add("length", "other", length_at, word, f"{len(text)}, len(text)")
    hash_at = next((o for o in after_header
                    if at(o) == text_hash and struct.unpack_from("n", before_hash, o)[0] == -1),
                   None)
    if hash_at is not None:
        add("hash", "other", hash_at, word, f"{text_hash}, hash(text) (-1 until hash() was called)")
        # The state word follows the hash; its decoding is trusted only if it tells a one-byte
        # ASCII string, a one-byte Latin-1 one and a two-byte one apart as they are.
        state_at = hash_at + word
        state = str_state(text, state_at)
        latin, wide = "".join(["h", "é", "llo"]), "".join(["h", "€", "llo"])
        decoded = (state == {"kind": 1, "compact": True, "ascii": True}
                   and str_state(latin, state_at)["ascii"] is False
                   and str_state(wide, state_at)["kind"] == 2)
        add("state", "other", state_at, 4,
            (f"kind {state['kind']} ({state['kind']} byte a character), compact "
             f"{state['compact']}, ascii {state['ascii']}") if decoded
            else f"{at(state_at, 'I'):#x}")
    encoded = text.encode("ascii")
    text_at = raw.rfind(encoded + b"\0")
    if text_at >= 0:
        add("text", "value", text_at, len(encoded), repr(encoded))
        add("NUL", "other", text_at + len(encoded), 1, "0, a C string's terminator")
    covered = set()
    for field in fields:
        covered.update(range(field["offset"], field["offset"] + field["size"]))
    unidentified = []
    for offset in range(len(raw)):
        if offset in covered:
            continue
        if unidentified and unidentified[-1]["offset"] + unidentified[-1]["size"] == offset:
            unidentified[-1]["size"] += 1
        else:
            unidentified.append({"offset": offset, "size": 1})
    return {"header_size": header_size, "fields": sorted(fields, key=lambda f: f["offset"]),
            "unidentified": unidentified}


layout = header_layout() if ctypes is not None and hasattr(sys, "getrefcount") else None
if not isinstance(layout, dict):
    why = layout or ("no ctypes to read an object's memory with" if ctypes is None
                     else f"{sys.implementation.name}'s id() is not an address")
    EVIDENCE["object_has_three_fields"] = {"skipped": f"no object memory to read: {why}"}
    print("   skipped: " + EVIDENCE["object_has_three_fields"]["skipped"])
else:
    text = "".join(["hel", "lo"])  # equal to "hello", and new: its hash not computed yet
    # Read in place: once id() has returned, nothing but the name text holds the string.
    before_hash = ctypes.string_at(id(text), text.__sizeof__())
    hash(text)  # a str computes its hash on first use, and keeps it
    raw = ctypes.string_at(id(text), text.__sizeof__())
    found = str_fields(text, raw, before_hash, layout)
    size, literal_size = sys.getsizeof(text), sys.getsizeof("hello")
    print(f"   sys.getsizeof('hello') = {literal_size} bytes for {len('hello')} bytes of text; "
          f"an object(): {object().__sizeof__()}")
    print(f"   the {size} bytes at id(text), read by ctypes ({layout['name']} header: "
          f"{found['header_size']} bytes):")
    unknown = [{**gap, "name": "?", "value": "(no field found here)"}
               for gap in found["unidentified"]]
    for field in sorted(found["fields"] + unknown, key=lambda field: field["offset"]):
        unit = "byte " if field["size"] == 1 else "bytes"
        print_row(f"     +{field['offset']:<3} {field['size']:>2} {unit}  {field['name']:<14}",
                  field["value"])
    EVIDENCE["object_has_three_fields"] = {
        "method": "ctypes.string_at(id(text), text.__sizeof__())",
        "layout": layout["name"],
        "text": text,
        "size": size,
        "literal_size": literal_size,
        "bare_object_size": object().__sizeof__(),
        **found,
    }
    del text, raw, before_hash

# %% Claim (article): "on the stack, the reference to a is stored"
print("\n4. Where is the reference to a kept? The article says: on the stack.")


def memory_map():
    """This process's mappings from /proc/self/maps: (start, end, permissions, name)."""
    rows = []
    with open("/proc/self/maps", encoding="ascii", errors="replace") as maps:
        for line in maps:
            parts = line.split(maxsplit=5)
            start, end = (int(bound, 16) for bound in parts[0].split("-"))
            rows.append((start, end, parts[1], parts[5].strip() if len(parts) > 5 else ""))
    return rows


def mapping_of(address, mappings):
    return next((row for row in mappings if row[0] <= address < row[1]), None)


def c_stack_of_this_thread():
    """The C stack of the running thread, [low, high), as pthread_getattr_np says; None where
    the C library has no such call."""
    libc = ctypes.CDLL(None)
    if not hasattr(libc, "pthread_getattr_np"):
        return None
    libc.pthread_self.restype = ctypes.c_ulong
    attributes = ctypes.create_string_buffer(256)  # larger than any pthread_attr_t
    if libc.pthread_getattr_np(ctypes.c_ulong(libc.pthread_self()), attributes) != 0:
        return None
    low, size = ctypes.c_void_p(), ctypes.c_size_t()
    libc.pthread_attr_getstack(attributes, ctypes.byref(low), ctypes.byref(size))
    libc.pthread_attr_destroy(attributes)
    return [low.value, low.value + size.value]


def word_holding(obj, target, span, before=None):
    """The address of a word that holds id(target), looked for inside `obj` and one pointer
    away from it (`span` bytes from where each of its words points); with `before`, the word in
    front of it must hold id(before), as a dict entry's key does. Only readable mappings are
    read, so a word that is not a pointer costs nothing. Returns (address, offset of the
    object's word that pointed there, None when inside the object) or None."""
    word = struct.calcsize("P")
    mappings = memory_map()  # read now: the interpreter may have mapped more memory since

    def word_at(address):
        return ctypes.c_size_t.from_address(address).value

    def holds(address):
        return word_at(address) == id(target) and (before is None
                                                     or word_at(address - word) == id(before))

    start, size = id(obj), obj.__sizeof__() // word * word
    for address in range(start + word, start + size, word):
        if holds(address):
            return address, None
    for offset in range(0, size, word):
        pointer = word_at(start + offset)
        mapping = mapping_of(pointer, mappings)
        if pointer % word or mapping is None or not mapping[2].startswith("r"):
            continue
        for address in range(pointer + word, min(pointer + span, mapping[1]), word):
            if holds(address):
                return address, offset
    return None


def found_where(found):
    """How word_holding reached the word it found."""
    if found[1] is None:
        return "inside the object"
    return f"one pointer away, from the object's word at +{found[1]}"


def place(address):
    """Which mapping `address` lies in, and whether it is in the running thread's C stack."""
    mapping = mapping_of(address, memory_map())
    return {"address": address,
            "on_c_stack": C_STACK is not None and C_STACK[0] <= address < C_STACK[1],
            "mapping": None if mapping is None else (mapping[3] or "anonymous"),
            "mapping_start": None if mapping is None else mapping[0]}


def opcodes_naming(code, name):
    """The opcodes that store or load the variable `name` in a code object."""
    by_name = set(dis.hasname) | set(dis.haslocal)
    return sorted({instruction.opname for instruction in dis.get_instructions(code)
                   if instruction.opcode in by_name and instruction.argval == name})


class Held:
    """A fresh object: the only word that holds its address is the one we look for."""


def callee_local():
    """A function called by the one below: where its own local's reference lies."""
    mine = Held()
    frame = sys._getframe()
    found = word_holding(frame, mine, 64 * struct.calcsize("P"))
    return found and found[0]


def function_local():
    """Inside a function, `a = "hello"`: where the reference is, and what the frame says."""
    a = "".join(["hel", "lo"])  # "hello", built here so that no other word holds its address
    frame = sys._getframe()
    found = word_holding(frame, a, 64 * struct.calcsize("P"))
    a = Held()  # rebinding the name must change that very word
    follows = found is not None and ctypes.c_size_t.from_address(found[0]).value == id(a)
    callee = callee_local()
    return {
        "in_co_varnames": "a" in frame.f_code.co_varnames,
        "opcodes": opcodes_naming(function_local.__code__, "a"),
        "in_f_locals": frame.f_locals.get("a") is a,
        "frame_type": type(frame).__name__,
        "frame_size": sys.getsizeof(frame),
        "frame": place(id(frame)),
        "slot": None if found is None else place(found[0]),
        "slot_found": None if found is None else found_where(found),
        "slot_in_frame_object": None if found is None else found[1] is None,
        "slot_follows_rebinding": follows,
        "callee_slot": None if not callee else place(callee),
        "callee_above_by": None if not (callee and found) else callee - found[0],
    }


a = "hello"  # the article's line again, at the top level of this file
namespace = globals()
store = opcodes_naming(compile('a = "hello"', "<module>", "exec"), "a")
module_level = {
    "in_globals": "a" in namespace and namespace["a"] is a,
    "globals_is_module_dict": namespace is getattr(sys.modules.get(namespace.get("__name__")),
                                                   "__dict__", None),
    "frame_locals_is_globals": sys._getframe().f_locals is namespace,
    "dict_refers_to_it": any(referrer is namespace for referrer in gc.get_referrers(a)),
    "opcodes": store,
    "namespace_type": type(namespace).__name__,
    "namespace_size": sys.getsizeof(namespace, None),
}
where_unknown = None
if ctypes is None or not hasattr(sys, "getrefcount"):
    where_unknown = "addresses can't be read here (no ctypes, or id() is not an address)"
elif not os.path.exists("/proc/self/maps"):
    where_unknown = "no /proc/self/maps to tell which memory an address is in"
if where_unknown is None:
    C_STACK = c_stack_of_this_thread()
    key = next(name for name in namespace if name == "a")  # the dict's own key object
    entry = word_holding(namespace, a, namespace.__sizeof__(), before=key)
    module_level["namespace"] = place(id(namespace))
    module_level["entry"] = None if entry is None else place(entry[0])
    module_level["entry_found"] = None if entry is None else found_where(entry)
    a = Held()  # rebinding the name must change that very word, then back to the article's a
    module_level["entry_follows_rebinding"] = (
        entry is not None and ctypes.c_size_t.from_address(entry[0]).value == id(a))
    a = "hello"
    local = function_local()
else:
    C_STACK, local = None, None
sized = ("" if module_level["namespace_size"] is None
         else f" of {module_level['namespace_size']} bytes")
print(f"   at the top level: 'a' in globals(): {module_level['in_globals']}; stored by "
      f"{module_level['opcodes']}")
print(f"     globals() is a {module_level['namespace_type']}{sized}")
if where_unknown is None:
    print(f"   this thread's C stack: {C_STACK[0]:#x}..{C_STACK[1]:#x}" if C_STACK
          else "   this thread's C stack: unknown")
    if module_level["entry"]:
        entry = module_level["entry"]
        print(f"     the dict at {module_level['namespace']['address']:#x}")
        print(f"     a's reference at {entry['address']:#x},\n"
              f"       {module_level['entry_found']}")
        say(f"in {entry['mapping']} memory; on the C stack: {entry['on_c_stack']}; "
            f"rebinding a changed it: {module_level['entry_follows_rebinding']}", 5, 7)
    print(f"   inside a function: {local['opcodes']}\n"
          f"     frame.f_locals['a'] is a: {local['in_f_locals']}")
    print(f"     the frame object at {local['frame']['address']:#x}")
    if local["slot"]:
        slot = local["slot"]
        print(f"     a's slot at {slot['address']:#x},\n       {local['slot_found']}")
        say(f"in {slot['mapping']} memory; on the C stack: {slot['on_c_stack']}; "
            f"rebinding a changed it: {local['slot_follows_rebinding']}", 5, 7)
        print(f"     a callee's local sits {local['callee_above_by']} bytes above it")
else:
    print(f"   addresses: {where_unknown}")
EVIDENCE["reference_on_the_stack"] = {"module_level": module_level, "function": local,
                                      "c_stack": C_STACK, "addresses_unknown": where_unknown}
del namespace

# %% Claim: the count follows references as they come and go
print("\n5. The count follows the references.")


def counted_inside(obj):
    """Measured while a call runs: its parameter is one more reference."""
    return sys.getrefcount(obj), read_refcount(obj)


if read_refcount is None:
    EVIDENCE["refcount_tracks_references"] = {"skipped": f"no refcount to read: {reader_method}"}
    print("   skipped: " + EVIDENCE["refcount_tracks_references"]["skipped"])
else:
    rows = []

    def record(step, expected, counts=None, at_least=False):
        """One row: the count we expect from the references we made, and the counts read."""
        getrefcount, true_count = counts or (sys.getrefcount(payload), read_refcount(payload))
        rows.append({"step": step, "expected": expected, "at_least": at_least,
                     "getrefcount": getrefcount, "true_refcount": true_count})
        wanted = f"{'>=' if at_least else ''}{expected}"
        print(f"   {step:<32} expected {wanted:<4} getrefcount {getrefcount}   "
              f"true count {true_count}")

    payload = Payload()
    record("payload = Payload()", 1)
    other_name = payload
    record("other_name = payload", 2)
    box = [payload]
    record("box = [payload]", 3)
    # The parameter is one more reference; some versions also keep the caller's stack slot.
    record("inside counted_inside(payload)", 4, counted_inside(payload), at_least=True)
    record("after the call returned", 3)
    del other_name
    record("del other_name", 2)
    box.clear()
    record("box.clear()", 1)

    # Objects every program shares: does their count move with ours? Since 3.12 (PEP 683) some
    # are immortal: their count is pinned at a marker value that no reference changes.
    def with_three_more(expression, obj):
        before = sys.getrefcount(obj)
        three_more = [obj, obj, obj]
        after = sys.getrefcount(obj)
        del three_more
        return {"expression": expression, "getrefcount": before,
                "getrefcount_with_3_more": after, **immortality(obj)}

    shared = [with_three_more(*pair) for pair in (("None", None), ("True", True), ("0", 0),
                                                   ("()", ()))]
    print("   objects every program shares, before and with 3 more references:")
    for row in shared:
        print(f"   {row['expression']:<6} sys.getrefcount {row['getrefcount']:>12,} -> "
              f"{row['getrefcount_with_3_more']:>12,}   immortal: {row['immortal']}")
    EVIDENCE["refcount_tracks_references"] = {"method": reader_method, "calibration": calibration,
                                              "rows": rows, "shared_objects": shared}
    del payload, box

# %% Claim (senior): a count of zero frees the object at once
print("\n6. At a count of zero the object is freed at once (garbage collector off).")
events = []
gc_was_enabled = gc.isenabled()
gc.disable()  # so that nothing but reference counting can free the object
try:
    collections_before = collections_so_far()
    doomed = Payload()
    weakref.finalize(doomed, events.append, "finalizer ran")
    events.append("before del")
    del doomed  # the only reference goes: count 1 -> 0
    events.append("after del")
    gc_enabled_at_del = gc.isenabled()
    collections_after = collections_so_far()
    collections_between = (None if collections_before is None
                           else collections_after - collections_before)
    freed_at_del = events == ["before del", "finalizer ran", "after del"]
    if "finalizer ran" not in events:  # another implementation may free it only on collection
        gc.collect()
        events.append("after gc.collect()")
finally:
    if gc_was_enabled:
        gc.enable()
print(f"   events in order: {events}")
print(f"   gc enabled at the del: {gc_enabled_at_del}; collections meanwhile: "
      f"{collections_between}")
EVIDENCE["zero_refcount_frees_immediately"] = {
    "events": events,
    "freed_at_del": freed_at_del,
    "gc_enabled_at_del": gc_enabled_at_del,
    "collections_between": collections_between,
}

# %% Claim (article): "the garbage collector deletes objects whose count reached zero"
print("\n7. What is the garbage collector for, then? Reference cycles.")
cycle_events = []
gc_was_enabled = gc.isenabled()
thresholds = list(gc.get_threshold()) if hasattr(gc, "get_threshold") else None
counts_at_start = generation_counts()
# Allocate well past generation 0's threshold (or plenty, where there is none to read).
allocations = 3 * thresholds[0] if thresholds else 10_000
gc.disable()
try:
    gc.collect()  # start clean, so the collect() below counts only our cycle
    lone = Node("lone")
    lone_ref = weakref.ref(lone)
    del lone
    acyclic_freed_at_del = lone_ref() is None

    first, second = Node("first"), Node("second")
    first.partner, second.partner = second, first  # each keeps the other alive
    first_ref = weakref.ref(first)
    weakref.finalize(first, cycle_events.append, "cycle freed")
    count_before_del = read_refcount(first) if read_refcount else None
    del first, second
    alive_after_del = first_ref() is not None
    count_after_del = read_refcount(first_ref()) if read_refcount else None

    # With the collector disabled, no amount of allocation triggers a collection.
    clutter = [[] for _ in range(allocations)]
    counts_with_clutter = generation_counts()
    alive_past_threshold = first_ref() is not None
    del clutter

    collected = gc.collect()
    acyclic_freed_by_collect = lone_ref() is None
    freed_by_collect = first_ref() is None and cycle_events == ["cycle freed"]
    counts_after_collect = generation_counts()
finally:
    if gc_was_enabled:
        gc.enable()
print(f"   an acyclic object, gc off: freed at del = {acyclic_freed_at_del}")
print(f"   a two-node cycle: count {count_before_del} before del, {count_after_del} after: "
      f"alive = {alive_after_del}")
print(f"   generation thresholds {thresholds};\n   after {allocations} allocations the counts "
      f"are {counts_with_clutter},")
print(f"     yet with gc off nothing ran: cycle still alive = {alive_past_threshold}")
print(f"   gc.collect() returned {collected} (unreachable objects found); cycle freed = "
      f"{freed_by_collect};\n   counts now {counts_after_collect}")
EVIDENCE["gc_frees_zero_refcount"] = {
    "acyclic_freed_at_del": acyclic_freed_at_del,
    "acyclic_freed_by_collect": acyclic_freed_by_collect,
    "cycle_count_before_del": count_before_del,
    "cycle_count_after_del": count_after_del,
    "cycle_alive_after_del": alive_after_del,
    "allocations_while_disabled": allocations,
    "cycle_alive_past_threshold": alive_past_threshold,
    "collected": collected,
    "cycle_freed_by_collect": freed_by_collect,
    "thresholds": thresholds,
    "counts_at_start": counts_at_start,
    "counts_with_clutter": counts_with_clutter,
    "counts_after_collect": counts_after_collect,
    "gc_enabled_restored": gc.isenabled() == gc_was_enabled,
}

# %% Claim (senior): small ints and interned strings are shared
print("\n8. Small ints and interned strings are shared objects.")


def built_twice(text):
    """Two ints made from the same text at run time: one shared object, or two?"""
    first, second = int(text), int(text)
    return first is second


def last_shared(step, limit):
    """Walking from 0 by `step`, the last n before int(str(n)) stops being one shared object
    (at most `limit` steps out: an implementation may share every int)."""
    n = 0
    while abs(n) < limit and built_twice(str(n + step)):
        n += step
    return n


ints = [{"value": value, "shared": built_twice(str(value))}
        for value in (-6, -5, 0, 100, 256, 257, 1000)]
SCAN_LIMIT = 100_000
cache = {"zero_shared": built_twice("0"), "lowest": last_shared(-1, SCAN_LIMIT),
         "highest": last_shared(1, SCAN_LIMIT), "scan_limit": SCAN_LIMIT}
print("   int(text) is int(text), both built at run time from the same text:")
print("     " + ", ".join(f"{row['value']}: {row['shared']}" for row in ints))
edges = ("the scan stopped at its limit" if SCAN_LIMIT in (-cache["lowest"], cache["highest"])
         else f"{cache['lowest'] - 1} and {cache['highest'] + 1} are not")
print(f"   walking out from 0 (at most {SCAN_LIMIT:,} each way),")
print(f"   every int from {cache['lowest']} to {cache['highest']} is shared; {edges}")
first_built, second_built = "".join(["hel", "lo"]), "".join(["hel", "lo"])
strings = {
    "built_equal": first_built == second_built,
    "built_same_object": first_built is second_built,
    "interned_same_object": sys.intern(first_built) is sys.intern(second_built),
    "literal_is_interned": sys.intern(first_built) is a,
}
print(f"   two strings joined at run time: equal {strings['built_equal']}, same object "
      f"{strings['built_same_object']}")
print(f"   after sys.intern: same object {strings['interned_same_object']};\n"
      f"   the literal 'hello' is that interned object: {strings['literal_is_interned']}")
EVIDENCE["small_int_and_interning"] = {"ints": ints, "cache": cache, "strings": strings}

# %% Claim (article): "we are talking about CPython; other implementations may differ"
print("\n9. Reference counting is CPython's: part 6 again, on other implementations.")
PROBE_TIMEOUT = float(PARAMS.get("probe_timeout", 30))

# Runs in each other runtime, in a child process: Python 2.7 (Jython) as well as Python 3.
# It prints one JSON line, the last thing on its stdout.
FREEING_PROBE = """
import gc, json, platform, sys, time, weakref

class Payload(object):
    pass

events = []
doomed = Payload()
if hasattr(weakref, "finalize"):  # Python 3.4+
    weakref.finalize(doomed, events.append, "finalizer ran")
    callback = "weakref.finalize"
else:  # Python 2.7: the hook finalize is built on
    watcher = weakref.ref(doomed, lambda ref: events.append("finalizer ran"))
    callback = "weakref.ref"
events.append("before del")
del doomed  # its only reference goes
events.append("after del")
gc.collect()
events.append("after gc.collect()")
waited = 0.0
while "finalizer ran" not in events and waited < 2.0:  # a JVM runs it later, on its own thread
    time.sleep(0.05)
    waited += 0.05

version = platform.python_version()
if hasattr(sys, "pypy_version_info"):
    version = ".".join(str(part) for part in sys.pypy_version_info[:3])
found = {"implementation": platform.python_implementation(), "version": version,
         "has_getrefcount": hasattr(sys, "getrefcount"), "callback": callback,
         "events": events, "freed_at_del": events[1] == "finalizer ran"}
sys.stdout.write(json.dumps(found) + "\\n")
"""


def when_freed(events):
    """Where in the sequence of events the callback ran."""
    if "finalizer ran" not in events:
        return "not at all (waited 2 s)"
    before = events[events.index("finalizer ran") - 1]
    return {"before del": "inside the del", "after del": "during gc.collect()",
            "after gc.collect()": "after gc.collect() had returned"}[before]


here = {"implementation": platform.python_implementation(), "version": platform.python_version(),
        "has_getrefcount": hasattr(sys, "getrefcount"), "callback": "weakref.finalize",
        "events": events, "freed_at_del": freed_at_del}
compared = [probe_runtime(runtime, ["-c", FREEING_PROBE], PROBE_TIMEOUT)
            for runtime in other_runtimes(PARAMS)]
say("Each other runtime deletes an object's last reference, then calls gc.collect(), in a "
    f"child process (killed if it runs past {PROBE_TIMEOUT:g} s).")
for entry in [{"name": "here", "status": "ran", **here}, *compared]:
    name = entry["name"]
    if not print_not_run(entry):
        took = f" ({entry['wall_seconds']} s)" if "wall_seconds" in entry else ", part 6"
        counts = "has" if entry["has_getrefcount"] else "no"
        print(f"   {name:<7} {entry['implementation']} {entry['version']}{took}: {counts} "
              f"sys.getrefcount;")
        print(f"           its {entry['callback']} callback ran {when_freed(entry['events'])}:")
        print_row("           ", " -> ".join(entry["events"]))
EVIDENCE["refcounting_is_cpython_specific"] = {"cpython": here, "runtimes": compared}

# %% Quiz time: predict, then run
# Each quiz section runs alone in `pyconcepts quiz`, so it defines what it uses.
print("\nShort cases, each on its own:")

# %% quiz: `b = a`, then b.append(3). What is printed?
# choice: [1, 2] [1, 2, 3]
# choice: [1, 2, 3] [1, 2, 3]
# why: assignment binds a second name to the same list; append changes that one object.
a = [1, 2]
b = a
b.append(3)
print(a, b)

# %% quiz: When does __del__ run?
# choice: end freed;
# choice: freed; end
# choice: end
# why: CPython frees an object the moment its reference count drops to zero: at `del`, not
# why: at a later garbage collection.
class Noisy:
    def __del__(self):
        print("freed", end="; ")


thing = Noisy()
del thing
print("end")

# %% quiz: `a = "hello"` at the top level, `a = "hi"` inside f: what does f print?
# choice: hi hello
# choice: hello hello
# choice: hi hi
# why: a name bound at a module's top level is an entry of the module's dict (the frame's
# why: f_globals, a heap object like any other); a name bound inside a function is a slot of
# why: that call's frame (f_locals). Neither is a C stack slot.
import sys

a = "hello"


def f():
    a = "hi"
    frame = sys._getframe()
    print(frame.f_locals["a"], frame.f_globals["a"])


f()

# %% quiz: How many bytes does "hello" take beyond an empty str, and is its size over 5?
# choice: 5 False
# choice: 5 True
# choice: 0 True
# why: the text costs a byte a character; everything else (the header's count and type, the
# why: length, the hash, the state) every str carries, empty or not.
import sys

print(sys.getsizeof("hello") - sys.getsizeof(""), sys.getsizeof("hello") > 5)
