"""Question 6: how does Python handle memory management?

Run by `pyconcepts demo memory`, or on its own with `python3 python_snippets/memory.py`.
Every claim's observations go into EVIDENCE; the host judges them.

Everything here is CPython's memory management: names refer to objects on the heap, every
object carries a reference count, an object is freed the moment its count reaches zero, and a
separate cyclic garbage collector exists for the objects reference counting cannot free.
The last part runs the same experiment on the other implementations installed (PyPy, Jython),
each in a child process: they free memory their own way.

PARAMS (all optional):
  probe_timeout  seconds a probe on another runtime may run before it is killed (default 30)
  runtimes       given by the pyconcepts host: [{"name", "path"}, ...], the runtimes it found
                 and those named by --python; on our own we look PyPy and Jython up on PATH
  others_left_out  given by the host with `demo --no-others`: why no other runtime is started
"""

import gc
import platform
import struct
import sys
import sysconfig
import weakref

from runtime_probes import other_runtimes, print_not_run, probe_runtime  # beside this file

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
    independent reading. Returns (reader, how it reads); reader(x) leaves out the reference
    that passing x to it holds, or is None when no honest way exists on this interpreter.
    """
    if _pyconcepts is not None:
        return _pyconcepts.refcnt, "_pyconcepts.refcnt (the Rust host reads ob_refcnt in C)"
    if not hasattr(sys, "getrefcount"):
        return None, (f"{sys.implementation.name} has no sys.getrefcount: it does not count "
                      "references")
    if ctypes is None:
        return None, "no host module and no ctypes to read ob_refcnt with"
    layout = object_layout()
    if isinstance(layout, str):
        return None, f"no host module, and {layout}"
    return ctypes_reader(*layout)


def object_layout():
    """Where this build keeps an object's count: (read_count(address), the fields read), or why
    no honest reading exists. Found by looking, not by version: an object's header ends with
    a pointer to its type, so the offset where id(type(x)) sits tells the layouts apart, and
    the count read must then agree with sys.getrefcount."""
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
        read, fields = classic, "ob_refcnt"
    elif type_pointer_at(3 * word) and sysconfig.get_config_var("Py_GIL_DISABLED"):
        read = free_threaded
        fields = "ob_ref_local + (ob_ref_shared >> 2), the free-threaded layout"
    else:
        return ("on this build the object header has neither the classic nor the free-threaded "
                "layout (a trace-refs build?), so ctypes can't find the count")
    in_place = read(id(probe))  # once id() has returned, nothing but `probe` holds it
    expected = sys.getrefcount(probe) - 1  # less getrefcount's own argument
    if in_place != expected:
        return (f"ctypes read {in_place} as the count of a new object, where sys.getrefcount "
                f"said {expected} plus its argument: the reading is not the count")
    return read, fields


def ctypes_reader(read_count, fields):
    """Reads the count (`fields`) at the object's address id(x)."""
    def read_refcount(obj):
        return read_count(id(obj)) - own_references[0]

    # Passing an object to a function adds references while the call runs. Measure how many
    # this reader adds: read a probe in place (once id() has returned, the read itself holds no
    # reference), then through the reader, and subtract the difference from every reading.
    own_references = [0]
    probe = object()
    in_place = read_count(id(probe))
    own_references[0] = read_refcount(probe) - in_place
    return read_refcount, (
        f"ctypes ({fields} read at the object's address id(x), less the "
        f"{own_references[0]} reference{'s' if own_references[0] != 1 else ''} the reader's "
        f"argument holds)")


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


read_refcount, reader_method = choose_refcount_reader()
if read_refcount is None:
    print(f"No way to read true reference counts here: {reader_method}.\n")
else:
    print(f"True reference counts come from {reader_method}.\n")

# %% Claim: names are references to objects on the heap
print("1. Names are references: two names, one object.")
numbers = [1, 2, 3]
alias = numbers  # no copy: a second name for the same list
alias.append(4)
copied = list(numbers)  # a copy is a new object
big_text = "x" * 100_000
shelf = [big_text]
print(f"   alias is numbers: {alias is numbers}; id(numbers) = {id(numbers):#x}, "
      f"id(alias) = {id(alias):#x}")
print(f"   alias.append(4) -> numbers is now {numbers}; list(numbers) is numbers: "
      f"{copied is numbers}")
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
    print(f"   a fresh string (''.join): sys.getrefcount = {fresh['getrefcount']}, "
          f"true count = {fresh['true_refcount']}")
    print("     getrefcount's own argument is one more reference while it runs")
    print(f"   the literal 'hello':      sys.getrefcount = {literal['getrefcount']}, "
          f"true count = {literal['true_refcount']}")
    held = ("a pinned marker, not a count" if literal["immortal"]
            else "the code's constants hold it too")
    print(f"     {held}; immortal: {literal['immortal']} ({literal['immortal_check']})")
    EVIDENCE["refcount_starts_at_one"] = {"method": reader_method, "fresh": fresh,
                                          "literal": literal}

# %% Claim: the count follows references as they come and go
print("\n3. The count follows the references.")


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
    EVIDENCE["refcount_tracks_references"] = {"method": reader_method, "rows": rows,
                                              "shared_objects": shared}
    del payload, box

# %% Claim (senior): a count of zero frees the object at once
print("\n4. When the count reaches zero the object is freed at once (garbage collector off).")
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
print("\n5. What is the garbage collector for, then? Reference cycles.")
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
    freed_by_collect = first_ref() is None and cycle_events == ["cycle freed"]
    counts_after_collect = generation_counts()
finally:
    if gc_was_enabled:
        gc.enable()
print(f"   an acyclic object, gc off: freed at del = {acyclic_freed_at_del}")
print(f"   a two-node cycle: count {count_before_del} before del, {count_after_del} after: "
      f"alive = {alive_after_del}")
print(f"   generation thresholds {thresholds}; after {allocations} allocations the counts are "
      f"{counts_with_clutter},")
print(f"     yet with gc off nothing ran: cycle still alive = {alive_past_threshold}")
print(f"   gc.collect() returned {collected} (unreachable objects found); cycle freed = "
      f"{freed_by_collect}; counts now {counts_after_collect}")
EVIDENCE["gc_frees_zero_refcount"] = {
    "acyclic_freed_at_del": acyclic_freed_at_del,
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
print("\n6. Small ints and interned strings are shared objects.")


def built_twice(text):
    """Two ints made from the same text at run time: one shared object, or two?"""
    first, second = int(text), int(text)
    return first is second


ints = [{"value": value, "shared": built_twice(str(value))}
        for value in (-6, -5, 0, 100, 256, 257, 1000)]
print("   int(text) is int(text), both built at run time from the same text:")
print("     " + ", ".join(f"{row['value']}: {row['shared']}" for row in ints))
first_built, second_built = "".join(["hel", "lo"]), "".join(["hel", "lo"])
strings = {
    "built_equal": first_built == second_built,
    "built_same_object": first_built is second_built,
    "interned_same_object": sys.intern(first_built) is sys.intern(second_built),
    "literal_is_interned": sys.intern(first_built) is a,
}
print(f"   two strings joined at run time: equal {strings['built_equal']}, same object "
      f"{strings['built_same_object']}")
print(f"   after sys.intern: same object {strings['interned_same_object']}; "
      f"the literal 'hello' is that interned object: {strings['literal_is_interned']}")
EVIDENCE["small_int_and_interning"] = {"ints": ints, "strings": strings}

# %% Claim (article): "we are talking about CPython; other implementations may differ"
print("\n7. Reference counting is CPython's: the experiment of part 4 on other implementations.")
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
print("   Each other runtime deletes an object's last reference, then calls gc.collect(), in a")
print(f"   child process (killed if it runs past {PROBE_TIMEOUT:g} s).")
for entry in [{"name": "here", "status": "ran", **here}, *compared]:
    name = entry["name"]
    if not print_not_run(entry):
        took = f" ({entry['wall_seconds']} s)" if "wall_seconds" in entry else ", part 4"
        counts = "has" if entry["has_getrefcount"] else "no"
        print(f"   {name:<7} {entry['implementation']} {entry['version']}{took}: {counts} "
              f"sys.getrefcount; its {entry['callback']} callback ran")
        print(f"           {when_freed(entry['events'])}: {' -> '.join(entry['events'])}")
EVIDENCE["refcounting_is_cpython_specific"] = {"cpython": here, "runtimes": compared}

# %% Quiz time: predict, then run
# Each quiz section runs alone in `pyconcepts quiz`, so it defines what it uses.
print("\nQuiz: predict each line before it prints.")

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
