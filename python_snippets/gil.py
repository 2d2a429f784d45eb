"""Question 5: what is the GIL and why is it important?

Run by `pyconcepts demo gil`, or on its own with `python3 python_snippets/gil.py`.
Every claim's observations go into EVIDENCE; the host judges them.

The last part runs the CPU-bound threads on the other implementations installed: Jython (no
GIL), PyPy (a GIL of its own), and a Cython extension whose loop releases the GIL (`nogil`).

PARAMS (all optional):
  threads        threads for the CPU-bound experiments and the race (default: the cores, at
                 least 2)
  work_ms        CPU work per experiment, in milliseconds of one core (default 200)
  probe_timeout  seconds a probe on another runtime (or a build step) may run before it is
                 killed (default 30)
  runtimes       given by the pyconcepts host: [{"name", "path"}, ...], the runtimes it found
                 and those named by --python; on our own we look PyPy and Jython up on PATH
  others_left_out  given by the host with `demo --no-others`: why no other runtime is started
"""

import dis
import hashlib
import inspect
import json
import os
import platform
import shlex
import shutil
import statistics
import subprocess
import sys
import sysconfig
import tempfile
import threading
import time

from runtime_probes import (  # beside this file
    build_with_cython, left_out, other_runtimes, print_not_run, probe_runtime, run_child)
from screen import print_row, say  # lines that fit the screen, also beside this file

PARAMS = globals().get("PARAMS", {})
EVIDENCE = {}

try:
    import _pyconcepts  # built into the pyconcepts host: Rust code that releases the GIL
except ImportError:
    _pyconcepts = None


def available_cores():
    """The cores this process may run on (its CPU affinity), not merely those in the box."""
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0))
    return os.cpu_count() or 1


CORES = available_cores()
THREADS = int(PARAMS.get("threads") or max(2, CORES))
WORK_MS = float(PARAMS.get("work_ms", 200))
ROUNDS = 3  # each timing is the best of three rounds: other programs can only slow a run down
EXTRA_ROUNDS_BUDGET_S = 0.006 * WORK_MS  # native work may take more rounds on a busy machine


def gil_enabled():
    """Feature-detected: 3.13+ can tell at run time; free-threaded builds say so in sysconfig."""
    probe = getattr(sys, "_is_gil_enabled", None)
    if probe is not None:
        return bool(probe())
    return not sysconfig.get_config_var("Py_GIL_DISABLED")


# %% Tools: timing, threads
def timed(action):
    """Runs action(); returns (wall seconds, CPU seconds of the whole process: all threads)."""
    wall, cpu = time.perf_counter(), time.process_time()
    action()
    return time.perf_counter() - wall, time.process_time() - cpu


def scheduler_clock():
    """(seconds on a core, seconds ready to run but without a core) of the calling thread, from
    the Linux scheduler's statistics; None where the system doesn't keep them."""
    try:
        with open("/proc/thread-self/schedstat") as stats:
            running_ns, waiting_ns = stats.read().split()[:2]
        return int(running_ns) / 1e9, int(waiting_ns) / 1e9
    except (OSError, ValueError):
        return None


def run_on_threads(task, shares):
    """Runs task(share) for each share on a thread of its own, waits for all, re-raises.

    Returns where the threads' time went, summed over the threads (None if the system can't
    say): running on a core; waiting for a core (other threads or programs had them all); or
    blocked, asleep because something (a lock such as the GIL, a sleep, I/O) held it back."""
    errors, accounts = [], []

    def guarded(share):
        # Reading the statistics is I/O, which lets go of the GIL; the clock brackets only the
        # task, so that taking the GIL back after a read does not count as the task's.
        before = scheduler_clock()
        born = time.perf_counter()
        try:
            task(share)
        except BaseException as error:  # handed to the main thread below
            errors.append(error)
        died = time.perf_counter()
        after = scheduler_clock()
        if before is not None and after is not None:
            accounts.append((died - born, after[0] - before[0], after[1] - before[1]))

    workers = [threading.Thread(target=guarded, args=(share,)) for share in shares]
    try:
        for worker in workers:
            worker.start()
    finally:
        for worker in workers:
            if worker.ident is not None:  # started
                worker.join()
    if errors:
        raise errors[0]
    if len(accounts) < len(workers):
        return None
    lifetime, running, waiting = (sum(column) for column in zip(*accounts))
    return {
        "lifetime_s": lifetime,
        "running_s": running,
        "waiting_for_core_s": waiting,
        "blocked_s": max(0.0, lifetime - running - waiting),
    }


def run_in_turn(task, shares):
    for share in shares:
        task(share)


def units_per_ms(task, probe):
    """How many units of task() one core gets through in a millisecond (best of three)."""
    best = min(timed(lambda: task(probe))[0] for _ in range(3))
    return probe / (best * 1000)


def cores_used(run):
    """Cores busy on average: CPU time of the whole process / wall time."""
    return run["threaded_cpu_s"] / run["threaded_s"]


def compare(task, rate, until_parallel=False, marked=None):
    """WORK_MS of task() split into THREADS equal shares: done in turn on this thread, then on
    THREADS threads at once, for ROUNDS rounds; each result is the best round.

    Other programs can take cores away from us but never lend us more, so the best round is the
    one that shows what the threads can do. With until_parallel, a few extra rounds are allowed
    while a busy machine keeps the work from showing it (a time budget keeps the demo short).

    With marked -- the same work as task, as marked(share, marks), noting the time in marks as
    it goes -- both runs do the work that way, and the best threaded round's marks are kept:
    each thread's progress, in ns after that round began."""
    share = max(1, round(rate * WORK_MS / THREADS))
    shares = [share] * THREADS
    possible = min(THREADS, CORES)
    started = time.perf_counter()
    rounds = []
    rounds_marks = []
    if marked is None:
        in_turn, on_threads = task, lambda marks: run_on_threads(task, shares)
    else:  # each thread its own list of marks; in turn, the same work, its marks not kept
        def in_turn(units):
            marked(units, [])

        def on_threads(marks):
            return run_on_threads(lambda own: marked(share, own), marks)
    while True:
        sequential_s, sequential_cpu_s = timed(lambda: run_in_turn(in_turn, shares))
        accounts = []
        marks = [[] for _ in shares]
        threads_started_ns = time.perf_counter_ns()
        threaded_s, threaded_cpu_s = timed(lambda: accounts.append(on_threads(marks)))
        rounds_marks.append([[mark - threads_started_ns for mark in own] for own in marks])
        rounds.append(
            {
                "sequential_s": sequential_s,
                "sequential_cpu_s": sequential_cpu_s,
                "threaded_s": threaded_s,
                "threaded_cpu_s": threaded_cpu_s,
                "thread_time": accounts[0],
            }
        )
        fastest_sequential = min(rounds, key=lambda r: r["sequential_s"])
        fastest_threaded = min(rounds, key=lambda r: r["threaded_s"])
        clearly_parallel = (
            cores_used(fastest_threaded) >= 0.75 * possible
            and fastest_sequential["sequential_s"] / fastest_threaded["threaded_s"]
            >= 0.7 * possible
        )
        if len(rounds) >= ROUNDS and (
            not until_parallel
            or clearly_parallel
            or possible < 2
            or time.perf_counter() - started > EXTRA_ROUNDS_BUDGET_S
        ):
            break
    result = {
        "share_per_thread": share,
        "sequential_s": fastest_sequential["sequential_s"],
        "sequential_cpu_s": fastest_sequential["sequential_cpu_s"],
        **fastest_threaded,
        "rounds": rounds,
    }
    if marked is not None:
        result["marks_ns"] = rounds_marks[rounds.index(fastest_threaded)]
    return result


def recording_cost(marked, unmarked, chunks, rounds):
    """What noting the time costs: `chunks` chunks of work on this thread, as marked(chunks,
    marks) and as unmarked(chunks), each the best of `rounds` rounds (some run undisturbed)."""
    with_marks, without_marks = [], []
    for _ in range(rounds):
        with_marks.append(timed(lambda: marked(chunks, []))[0])
        without_marks.append(timed(lambda: unmarked(chunks))[0])
    return {"chunks": chunks, "with_marks_s": min(with_marks),
            "without_marks_s": min(without_marks), "rounds": rounds}


def show_recording(what, chunks, cost):
    """What the progress marks cost, for a timeline drawn from them."""
    say(f"{what}; {cost['chunks']} {chunks} took {cost['with_marks_s'] * 1000:.3f} ms with the "
        f"marks, {cost['without_marks_s'] * 1000:.3f} ms without (best of {cost['rounds']})", 5)


TABLE = "   {:<31}{:>9}{:>12}{:>9}{:>12}"


def show(label, run):
    """A row of the table, then where the threads' time went."""
    print(TABLE.format(
        label,
        f"{run['sequential_s']:.3f} s",
        f"{run['threaded_s']:.3f} s",
        f"{run['sequential_s'] / run['threaded_s']:.2f}",
        f"{cores_used(run):.2f}",
    ))
    account = run["thread_time"]
    if account is not None and account["lifetime_s"] > 0:
        share = {key: account[key] / account["lifetime_s"] for key in account}
        say(f"the threads' time: {share['running_s']:.0%} running, "
            f"{share['waiting_for_core_s']:.0%} waiting for a core, "
            f"{share['blocked_s']:.0%} blocked", 5)


# %% Claim: does this interpreter have a GIL at all?
is_gil_enabled = getattr(sys, "_is_gil_enabled", None)
EVIDENCE["build_has_gil"] = {
    "implementation": sys.implementation.name,
    "version": platform.python_version(),
    # sys._is_gil_enabled() exists from 3.13; None means "this interpreter can't say at run time".
    "is_gil_enabled": bool(is_gil_enabled()) if is_gil_enabled is not None else None,
    # 1 on a free-threaded ("t") build, 0 or None on a classic one.
    "py_gil_disabled": sysconfig.get_config_var("Py_GIL_DISABLED"),
}
say(f"1. {sys.implementation.name} {platform.python_version()}: GIL "
    f"{'enabled' if gil_enabled() else 'disabled'}", 0, 3)
say(f"sysconfig Py_GIL_DISABLED = {EVIDENCE['build_has_gil']['py_gil_disabled']!r}, "
    f"sys._is_gil_enabled() = "
    f"{'(not in this version)' if is_gil_enabled is None else is_gil_enabled()}")
say(f"{CORES} cores; the CPU experiments use {THREADS} threads and {WORK_MS:g} ms of work, "
    f"best of {ROUNDS} rounds.")
say("cores used = CPU time of the process / wall time; blocked = asleep, e.g. waiting for "
    "the GIL.")


# %% Claim: only one thread runs Python at a time
def python_work(loops):
    """CPU-bound pure Python: nothing in here releases the GIL."""
    total = 0
    for number in range(loops):
        total += number * number % 7
    return total


say("\n2. CPU-bound pure Python: the same work in turn, then on threads.", 0, 3)
print(TABLE.format("", "in turn", f"{THREADS} threads", "speedup", "cores used"))
python_run = compare(python_work, units_per_ms(python_work, 200_000))
show("pure-Python loop", python_run)
EVIDENCE["cpu_threads_serialised"] = {
    "threads": THREADS,
    "cores": CORES,
    "gil_enabled": gil_enabled(),
    "python": python_run,
    "parallel_control": None,  # filled in below: native work on the same machine, same moment
}


# %% Claim (senior): native code that releases the GIL runs in parallel
BUFFER = bytes(4 * 2**20)  # 4 MiB: hashlib lets go of the GIL while it hashes large buffers


RECORDING_CHUNKS = 2  # what the marks cost: this many chunks with and without them...
RECORDING_ROUNDS = 11  # ... the best of this many rounds each (a busy machine spoils some)


def hash_work(count):
    for _ in range(count):
        hashlib.sha256(BUFFER).digest()


def hash_marked(count, marks):
    """hash_work(count), noting the time before the first hash and after each: the same work,
    and this thread's progress (a mark costs far less than a 4 MiB hash)."""
    marks.append(time.perf_counter_ns())
    for _ in range(count):
        hashlib.sha256(BUFFER).digest()
        marks.append(time.perf_counter_ns())


def burn_marked(units, marks):
    """_pyconcepts.burn(units), one unit (about 1 ms) per call, noting the time before the first
    and after each: the same work, and this thread's progress. Rust cannot note the time for
    Python, so the work is cut into chunks that Python timestamps."""
    marks.append(time.perf_counter_ns())
    for _ in range(units):
        _pyconcepts.burn(1)
        marks.append(time.perf_counter_ns())


say("\n3. The same amount of CPU work in native code that releases the GIL:", 0, 3)
print(TABLE.format("", "in turn", f"{THREADS} threads", "speedup", "cores used"))
if _pyconcepts is not None:
    burn_run = compare(_pyconcepts.burn, units_per_ms(_pyconcepts.burn, 10), until_parallel=True,
                       marked=burn_marked)
    show("_pyconcepts.burn (Rust)", burn_run)
    burn_run["recording"] = recording_cost(burn_marked, _pyconcepts.burn, RECORDING_CHUNKS,
                                           RECORDING_ROUNDS)
    show_recording("each thread noted the time after every unit (one call each)", "units",
                   burn_run["recording"])
else:
    burn_run = {
        "skipped": "_pyconcepts.burn exists only inside the host: run `pyconcepts demo gil`"
    }
    say(f"_pyconcepts.burn: skipped ({burn_run['skipped']})")
hash_run = compare(hash_work, units_per_ms(hash_work, 4), until_parallel=True,
                   marked=hash_marked)
show("hashlib.sha256, 4 MiB buffers", hash_run)
hash_run["recording"] = recording_cost(hash_marked, hash_work, RECORDING_CHUNKS, RECORDING_ROUNDS)
show_recording("each thread noted the time after every hash", "hashes", hash_run["recording"])
hash_run["buffer_bytes"] = len(BUFFER)
EVIDENCE["released_by_native_code"] = {
    "threads": THREADS,
    "cores": CORES,
    "gil_enabled": gil_enabled(),
    "burn": burn_run,
    "hashlib": hash_run,
}
# The control for step 2: the native run that used the most cores shows what the machine allowed.
control_name, control_run = max(
    [("hashlib.sha256", hash_run)]
    + ([("_pyconcepts.burn", burn_run)] if "skipped" not in burn_run else []),
    key=lambda named: cores_used(named[1]),
)
EVIDENCE["cpu_threads_serialised"]["parallel_control"] = {
    "workload": control_name,
    "threaded_s": control_run["threaded_s"],
    "threaded_cpu_s": control_run["threaded_cpu_s"],
    "thread_time": control_run["thread_time"],
}
say("Native code that releases the GIL never waits for it: its threads run at once on every "
    "core the machine gives them. The GIL serialises Python bytecode, not threads.")

# %% Claim: threads blocked in I/O overlap
IO_THREADS = 4  # waiting needs no core, so more threads than cores is fine
IO_WAIT_S = 0.1


def wait_for_io(seconds):
    time.sleep(seconds)  # a blocking system call: the GIL is released while it waits


say(f"\n4. {IO_THREADS} waits of {IO_WAIT_S * 1000:g} ms each (time.sleep releases the GIL):",
    0, 3)
io_sequential_s, _ = timed(lambda: run_in_turn(wait_for_io, [IO_WAIT_S] * IO_THREADS))
io_threaded_s, io_threaded_cpu_s = timed(
    lambda: run_on_threads(wait_for_io, [IO_WAIT_S] * IO_THREADS)
)
say(f"in turn {io_sequential_s:.3f} s, on {IO_THREADS} threads {io_threaded_s:.3f} s "
    f"(speedup {io_sequential_s / io_threaded_s:.1f})")
EVIDENCE["io_threads_overlap"] = {
    "threads": IO_THREADS,
    "wait_s": IO_WAIT_S,
    "sequential_s": io_sequential_s,
    "threaded_s": io_threaded_s,
    "threaded_cpu_s": io_threaded_cpu_s,
}


# %% Claim: the GIL makes your code thread-safe
class Counter:
    def __init__(self):
        self.value = 0
        self.running = True  # the main thread ends the race by setting this to False


def add_one(value):
    return value + 1


def increment_unsafely(counter):
    done = 0
    while counter.running:
        value = counter.value  # read
        value = add_one(value)  # a call: a point where the interpreter may switch threads
        counter.value = value  # write back, possibly over another thread's updates
        done += 1
    return done


def increment_with_lock(counter, lock):
    done = 0
    while counter.running:
        with lock:  # read, call and write happen as one step for the other threads
            value = counter.value
            value = add_one(value)
            counter.value = value
        done += 1
    return done


def increment_plainly(counter):
    done = 0
    while counter.running:
        counter.value += 1
        done += 1
    return done


RACE_S = 0.1  # each race lasts this long, all threads running at once
RACE_SWITCH_INTERVAL = 1e-6  # ask for a thread switch as often as the interpreter allows


def race(increment, *extra):
    """THREADS threads add 1 to one shared counter for RACE_S seconds, all at once. Each also
    counts its own additions in a local variable, which no other thread touches: their sum is
    what the counter should say."""
    counter = Counter()
    start_line = threading.Barrier(THREADS + 1, timeout=30)  # the workers and this thread
    counts, errors = [], []

    def worker():
        try:
            start_line.wait()
            counts.append(increment(counter, *extra))
        except BaseException as error:  # handed to the main thread below
            errors.append(error)

    workers = [threading.Thread(target=worker) for _ in range(THREADS)]
    try:
        for thread in workers:
            thread.start()
        start_line.wait()
        time.sleep(RACE_S)  # this thread only referees: asleep, it never holds the GIL
    finally:
        counter.running = False
        for thread in workers:
            if thread.ident is not None:  # started
                thread.join()
    if errors:
        raise errors[0]
    expected = sum(counts)
    return {
        "per_thread": counts,
        "expected": expected,
        "observed": counter.value,
        "lost_updates": expected - counter.value,
        "seconds": RACE_S,
    }


def bytecode_of_line(function, text):
    """Names of the instructions of the line of `function` containing `text` (captured, not
    assumed: they differ between versions). Empty if the source can't be read."""
    try:
        lines, first = inspect.getsourcelines(function)
    except (OSError, TypeError):
        return []
    wanted = [first + i for i, line in enumerate(lines) if text in line]
    names, line = [], None
    for instruction in dis.get_instructions(function):
        # 3.13+ has line_number; 3.11 and 3.12 have positions.lineno.
        number = getattr(instruction, "line_number", None)
        if number is None and getattr(instruction, "positions", None) is not None:
            number = instruction.positions.lineno
        if number is None and isinstance(instruction.starts_line, int):
            number = instruction.starts_line
        line = number if number is not None else line
        if line in wanted and instruction.opname not in ("CACHE", "NOP"):
            names.append(instruction.opname)
    return names


default_interval = sys.getswitchinterval()
say(f"\n5. {THREADS} threads add 1 to one shared counter for {RACE_S * 1000:g} ms, switch "
    f"interval {RACE_SWITCH_INTERVAL * 1e6:g} µs:", 0, 3)
try:
    sys.setswitchinterval(RACE_SWITCH_INTERVAL)
    unlocked = race(increment_unsafely)
    locked = race(increment_with_lock, threading.Lock())
    plain = race(increment_plainly)
finally:
    sys.setswitchinterval(default_interval)
plain["bytecode"] = bytecode_of_line(increment_plainly, "counter.value += 1")
print(f"   {'':<30}{'additions':>11}{'counter':>11}{'lost':>11}")
for label, result in (
    ("read, add_one(), write", unlocked),
    ("the same inside `with lock:`", locked),
    ("plain `counter.value += 1`", plain),
):
    print(f"   {label:<30}{result['expected']:>11,}{result['observed']:>11,}"
          f"{result['lost_updates']:>11,}")
print("   `counter.value += 1` runs as:")
say(" ".join(plain["bytecode"]) or "(source unavailable)", 5)
if plain["bytecode"]:
    say(f"{len(plain['bytecode'])} instructions, not one step: losing none of its updates in a "
        f"run is luck, not a guarantee.")

ITEMS_PER_THREAD = 100_000


def fill(shared_list, shared_dict, me):
    """Appends this thread's items to one list and inserts them as keys into one dict, both
    shared by every thread: each is one operation on a built-in object, with no read-modify-write
    of ours. Item i of thread `me` is i * THREADS + me, so every item says whose it is."""
    for i in range(ITEMS_PER_THREAD):
        item = i * THREADS + me
        shared_list.append(item)
        shared_dict[item] = me


def fill_at_once():
    """THREADS threads fill one list and one dict at once; returns what the objects hold
    afterwards, checked item by item against what the threads put in."""
    shared_list, shared_dict, errors = [], {}, []
    # Started one by one, the first thread could be done before the last begins.
    start_line = threading.Barrier(THREADS, timeout=30)

    def worker(me):
        try:
            start_line.wait()
            fill(shared_list, shared_dict, me)
        except BaseException as error:  # a corrupted object may raise: that is evidence too
            errors.append(f"{type(error).__name__}: {error}")

    workers = [threading.Thread(target=worker, args=(me,)) for me in range(THREADS)]
    for thread in workers:
        thread.start()
    for thread in workers:
        thread.join()
    expected = range(THREADS * ITEMS_PER_THREAD)
    present = set(shared_list)
    next_of = [0] * THREADS  # each thread's items must come in the order it appended them
    out_of_order = 0
    for item in shared_list:
        if item in expected:
            me, i = item % THREADS, item // THREADS
            out_of_order += i != next_of[me]
            next_of[me] = i + 1
    return {
        "threads": THREADS,
        "items_per_thread": ITEMS_PER_THREAD,
        "switch_interval_s": RACE_SWITCH_INTERVAL,
        "list_length": len(shared_list),
        "list_missing": sum(1 for item in expected if item not in present),
        "list_unexpected": len(shared_list) - sum(1 for item in present if item in expected),
        "list_out_of_order": out_of_order,
        # Neighbours in the list appended by different threads: how often the threads took turns
        # while they appended. Without any, the race never happened.
        "list_interleavings": sum(1 for before, after in zip(shared_list, shared_list[1:])
                                  if before % THREADS != after % THREADS),
        "dict_length": len(shared_dict),
        "dict_wrong": sum(1 for item in expected if shared_dict.get(item) != item % THREADS),
        "errors": errors,
    }


def lock_byte_offset():
    """Where a free-threaded build keeps an object's own lock, ob_mutex: after the owning
    thread's id (a pointer) and ob_flags (16 bits) in its header (Include/object.h). A classic
    build's header has no lock (a reference count and the type): None there."""
    if not sysconfig.get_config_var("Py_GIL_DISABLED"):
        return None
    import ctypes
    return ctypes.sizeof(ctypes.c_void_p) + ctypes.sizeof(ctypes.c_uint16)


def watch_object_locks(offset):
    """The lock byte of a list and of a dict before, while and after an operation holds it: a
    list.sort whose key function (our Python code, run in the middle of the sort) reads it, and
    a dict insertion whose key's __eq__ (run while the dict compares colliding keys) reads it."""
    import ctypes

    def lock_byte(obj):
        return ctypes.c_uint8.from_address(id(obj) + offset).value

    watched_list = [3, 1, 2]
    seen = {"before": lock_byte(watched_list)}

    def key(item):
        seen["during"] = lock_byte(watched_list)
        return item

    watched_list.sort(key=key)
    seen["after"] = lock_byte(watched_list)
    watched_dict, seen_in_dict = {}, {}

    class CollidingKey:
        def __hash__(self):
            return 1

        def __eq__(self, other):
            seen_in_dict["during"] = lock_byte(watched_dict)
            return False

    watched_dict[CollidingKey()] = 1
    seen_in_dict["before"] = lock_byte(watched_dict)
    watched_dict[CollidingKey()] = 2  # same hash: the dict compares it with the first key
    seen_in_dict["after"] = lock_byte(watched_dict)
    return {"offset": offset, "list_sort": seen, "dict_insert": seen_in_dict}


try:
    sys.setswitchinterval(RACE_SWITCH_INTERVAL)
    built_ins = fill_at_once()
finally:
    sys.setswitchinterval(default_interval)
offset = lock_byte_offset()
if offset is None:
    object_locks = {"skipped": "this build has no per-object locks: Py_GIL_DISABLED is "
                               f"{sysconfig.get_config_var('Py_GIL_DISABLED')!r}"}
else:
    try:
        object_locks = watch_object_locks(offset)
    except ImportError as error:
        object_locks = {"skipped": f"ctypes, needed to read an object's header, is missing: "
                                   f"{error}"}
say(f"The interpreter's own objects: {THREADS} threads append {ITEMS_PER_THREAD:,} items each "
    f"to one list and insert as many keys into one dict, at the same switch interval:")
print_row("     list: ", f"{built_ins['list_length']:,} items of {THREADS * ITEMS_PER_THREAD:,}, "
          f"{built_ins['list_missing']} missing, {built_ins['list_unexpected']} doubled or unknown, "
          f"{built_ins['list_out_of_order']} out of their thread's order, "
          f"the threads' appends interleaved {built_ins['list_interleavings']:,} times")
print_row("     dict: ", f"{built_ins['dict_length']:,} keys of {THREADS * ITEMS_PER_THREAD:,}, "
          f"{built_ins['dict_wrong']} missing or wrong, errors in the threads: "
          f"{'; '.join(built_ins['errors']) or 'none'}")
if "skipped" in object_locks:
    say(f"Per-object locks: {object_locks['skipped']}.")
else:
    # One word, so that a narrow screen moves it to the next line whole.
    say(f"Each object's own lock (the byte at offset {object_locks['offset']} of its header), "
        f"before/during/after:")
    for label, seen in (("list.sort(key=...)", object_locks["list_sort"]),
                        ("dict insertion comparing keys", object_locks["dict_insert"])):
        print(f"     {label:<31}{seen['before']} / {seen.get('during')} / {seen['after']}")
EVIDENCE["makes_code_thread_safe"] = {
    "threads": THREADS,
    "race_s": RACE_S,
    "switch_interval_s": RACE_SWITCH_INTERVAL,
    "unlocked": unlocked,
    "locked": locked,
    "plain_increment": plain,
    "built_ins": built_ins,
    "object_locks": object_locks,
    "gil_enabled": gil_enabled(),
}


# %% Claim (senior): a CPU-bound thread delays the others by up to the switch interval
NAPS = 50
NAP_S = 0.001
SPIN_CHUNK = 10_000  # loops of the spinning thread between two of its progress marks
TIMELINE_NAPS = 10  # the naps kept for the timeline, with the spinner's marks meanwhile


def wake_up_lateness_ms(naps=None):
    """How much later than asked time.sleep(1 ms) returns, NAPS times, in milliseconds; each
    nap's start and end (perf_counter_ns) go into `naps` when given."""
    lateness = []
    for _ in range(NAPS):
        start = time.perf_counter_ns()
        time.sleep(NAP_S)
        woke = time.perf_counter_ns()
        lateness.append((woke - start) / 1e6 - NAP_S * 1000)
        if naps is not None:
            naps.append([start, woke])
    return lateness


def spin(stop, marks):
    """CPU-bound pure Python that never blocks: it keeps the GIL until asked to hand it over.
    It notes the time after every SPIN_CHUNK loops: its progress."""
    while not stop.is_set():
        for _ in range(SPIN_CHUNK):
            pass
        marks.append(time.perf_counter_ns())


def spin_chunks(chunks, marks=None):
    """`chunks` of the spinner's loops, noting the time after each when given `marks`."""
    for _ in range(chunks):
        for _ in range(SPIN_CHUNK):
            pass
        if marks is not None:
            marks.append(time.perf_counter_ns())


def beside_a_spinning_thread():
    """The naps' lateness beside a spinning thread, and the timeline of the first TIMELINE_NAPS:
    each nap's start and end, and the spinner's marks until then, in ns after the spinner
    was started."""
    stop = threading.Event()
    naps, marks = [], []
    started_ns = time.perf_counter_ns()
    spinner = threading.Thread(target=spin, args=(stop, marks))
    spinner.start()
    try:
        time.sleep(0.01)  # let the spinner get going
        lateness = wake_up_lateness_ms(naps)
    finally:
        stop.set()
        spinner.join()
    naps = [[at - started_ns for at in nap] for nap in naps[:TIMELINE_NAPS]]
    until = naps[-1][1] if naps else 0
    return lateness, {
        "naps_ns": naps,
        "spinner_marks_ns": [mark - started_ns for mark in marks if mark - started_ns <= until],
    }


def percentiles(lateness):
    ordered = sorted(lateness)

    def at(fraction):
        return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]

    return {"p50_ms": at(0.50), "p99_ms": at(0.99), "samples": len(ordered)}


small_interval = default_interval / 10
say(f"\n6. How late does time.sleep({NAP_S * 1000:g} ms) wake up? {NAPS} naps each.", 0, 3)
try:
    idle = percentiles(wake_up_lateness_ms())
    lateness, default_timeline = beside_a_spinning_thread()
    loaded_default = percentiles(lateness)
    sys.setswitchinterval(small_interval)
    lateness, small_timeline = beside_a_spinning_thread()
    loaded_small = percentiles(lateness)
finally:
    sys.setswitchinterval(default_interval)
spin_recording = recording_cost(spin_chunks, spin_chunks, 10, 20)
LATENESS = "   {:<44}{:>9}{:>10}"
print(LATENESS.format("", "p50", "p99"))
for label, result in (
    ("alone", idle),
    (f"beside a CPU-bound thread, interval {default_interval * 1000:g} ms", loaded_default),
    (f"beside a CPU-bound thread, interval {small_interval * 1000:g} ms", loaded_small),
):
    print(LATENESS.format(label, f"{result['p50_ms']:.2f} ms", f"{result['p99_ms']:.2f} ms"))
say("The waking thread needs the GIL back; the spinning thread hands it over only once the "
    "switch interval (sys.setswitchinterval) has passed.")
show_recording(f"the spinning thread noted the time every {SPIN_CHUNK:,} loops",
               f"x {SPIN_CHUNK:,} loops", spin_recording)
EVIDENCE["switch_interval_latency"] = {
    "nap_ms": NAP_S * 1000,
    "default_interval_ms": default_interval * 1000,
    "small_interval_ms": small_interval * 1000,
    "idle": idle,
    "loaded_default": loaded_default,
    "loaded_small": loaded_small,
    "timeline": {
        "spin_chunk_loops": SPIN_CHUNK,
        "loaded_default": default_timeline,
        "loaded_small": small_timeline,
        "recording": spin_recording,
    },
}


# %% Claim (senior): the GIL belongs to CPython, not to Python
say("\n7. The GIL is CPython's: the pure-Python threads of part 2 on other implementations.",
    0, 3)
PROBE_TIMEOUT = float(PARAMS.get("probe_timeout", 30))

# Runs in each other runtime, in a child process: Python 2.7 (Jython) as well as Python 3.
# Part 2's experiment: the same loop in turn, then on threads. It prints one JSON line.
THREADS_PROBE = """
import json, platform, sys, threading, time

try:
    range = xrange  # Python 2: range(n) would build a list of n ints first
except NameError:
    pass

def python_work(loops):
    total = 0
    for number in range(loops):
        total += number * number % 7
    return total

threads, work_s = int(sys.argv[1]), float(sys.argv[2])
clock = getattr(time, "perf_counter", time.time)
thread_cpu = getattr(time, "thread_time", None)  # Python 3.7+: this thread's CPU time
try:
    from java.lang import System
    from java.lang.management import ManagementFactory
except ImportError:
    pass
else:  # Jython: the JVM's clocks; a thread's CPU time from java.lang.management
    clock = lambda: System.nanoTime() / 1e9
    thread_cpu = lambda: ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime() / 1e9

def scheduler_clock():
    # (seconds on a core, seconds waiting for one) of this thread, from Linux; else None
    try:
        with open("/proc/thread-self/schedstat") as stats:
            running, waiting = stats.read().split()[:2]
        return int(running) / 1e9, int(waiting) / 1e9
    except (IOError, OSError, ValueError):
        return None

def worker(loops, accounts):
    before, cpu, born = scheduler_clock(), thread_cpu(), clock()
    python_work(loops)
    lifetime, cpu, after = clock() - born, thread_cpu() - cpu, scheduler_clock()
    if before and after:
        accounts.append((lifetime, cpu, after[0] - before[0], after[1] - before[1]))
    else:
        accounts.append((lifetime, cpu, None, None))

def run(shares, on_threads):
    # (wall seconds, CPU seconds of the working threads, where their time went)
    accounts, started = [], clock()
    if on_threads:
        workers = [threading.Thread(target=worker, args=(share, accounts)) for share in shares]
        for thread in workers:
            thread.start()
        for thread in workers:
            thread.join()
    else:
        for share in shares:
            worker(share, accounts)
    wall = clock() - started
    lifetime, cpu = sum(a[0] for a in accounts), sum(a[1] for a in accounts)
    if any(a[2] is None for a in accounts):
        return wall, cpu, None
    running, waiting = sum(a[2] for a in accounts), sum(a[3] for a in accounts)
    return wall, cpu, {"lifetime_s": lifetime, "running_s": running, "waiting_for_core_s": waiting,
                       "blocked_s": max(0.0, lifetime - running - waiting)}

started = clock()
while clock() - started < 1.0:  # warm up first: a JIT compiles the loop after a while
    python_work(100000)
fastest = None
for _ in range(3):  # then measure the warm loop's speed, to give each thread its share
    timed = clock()
    python_work(1000000)
    fastest = min(fastest or 1e9, clock() - timed)
share = int(1000000 / fastest * work_s / threads)
rounds = [(run([share] * threads, False), run([share] * threads, True)) for _ in range(3)]
# Other programs can only take cores away: the fastest round in turn, and the round on threads
# that used the most cores, show what this runtime can do.
in_turn = min(r[0] for r in rounds)
on_threads = max((r[1] for r in rounds), key=lambda result: result[1] / result[0])
version = platform.python_version()
if hasattr(sys, "pypy_version_info"):
    version = ".".join(str(part) for part in sys.pypy_version_info[:3])
found = {"implementation": platform.python_implementation(), "version": version,
         "threads": threads, "share_per_thread": share, "sequential_s": in_turn[0],
         "sequential_cpu_s": in_turn[1], "threaded_s": on_threads[0],
         "threaded_cpu_s": on_threads[1], "thread_time": on_threads[2]}
sys.stdout.write(json.dumps(found) + "\\n")
"""

# A Cython extension for this interpreter: the same C loop twice, one releasing the GIL.
CYTHON_SOURCE = """
def work_nogil(long loops):
    cdef long total = 0, number
    with nogil:  # C code that touches no Python object may let go of the GIL
        for number in range(loops):
            total += number * number % 7
    return total


def work_holding_gil(long loops):
    cdef long total = 0, number
    for number in range(loops):
        total += number * number % 7
    return total
"""


section_started = time.perf_counter()
probe_arguments = ["-c", THREADS_PROBE, str(THREADS), str(WORK_MS / 1000)]
compared = [probe_runtime(runtime, probe_arguments, PROBE_TIMEOUT)
            for runtime in other_runtimes(PARAMS)]
with tempfile.TemporaryDirectory(prefix="pyconcepts-cython-") as cython_dir:
    nogil_loop, cython = build_with_cython(cython_dir, "nogil_loop", CYTHON_SOURCE, PROBE_TIMEOUT,
                                           left_out(PARAMS))
cython_dir_removed = not os.path.exists(cython_dir)
if nogil_loop is not None:  # the extension stays loaded after its file is gone
    cython["nogil"] = compare(nogil_loop.work_nogil,
                              units_per_ms(nogil_loop.work_nogil, 1_000_000), until_parallel=True)
    cython["holding_gil"] = compare(nogil_loop.work_holding_gil,
                                    units_per_ms(nogil_loop.work_holding_gil, 1_000_000))
compared.append(cython)

say(f"Each other runtime runs it in a child process (killed if it runs past "
    f"{PROBE_TIMEOUT:g} s), warmed up for 1 s; cores used there = CPU time of the working "
    f"threads / wall time.")
print(TABLE.format("", "in turn", f"{THREADS} threads", "speedup", "cores used"))
show(f"CPython {platform.python_version()} (part 2)", python_run)
for entry in compared:
    if print_not_run(entry):
        continue
    if entry["name"] == "cython":
        show("Cython, `with nogil:` C loop", entry["nogil"])
        show("Cython, same C loop, GIL held", entry["holding_gil"])
        say("(threads of a loop that never lets go of the GIL run one after the other; a "
            "thread's clock starts once it holds the GIL, so waiting to start is not counted)",
            5, 6)
    else:
        show(f"{entry['implementation']} {entry['version']} ({entry['wall_seconds']} s)", entry)
if cython["status"] == "ran":
    say(f"(Cython {cython['version']} built nogil_loop in {cython['build_seconds']} s in "
        f"{cython_dir}, removed: {cython_dir_removed})")
EVIDENCE["implementation_specific"] = {
    "threads": THREADS,
    "cores": CORES,
    "cpython": {"implementation": sys.implementation.name, "version": platform.python_version(),
                **{key: python_run[key] for key in ("sequential_s", "threaded_s",
                                                    "threaded_cpu_s", "thread_time")}},
    "runtimes": compared,
    "temp_dir": cython_dir,
    "temp_dir_removed": cython_dir_removed,
    "seconds": round(time.perf_counter() - section_started, 2),
}

# %% Claim (senior): on a free-threaded build, an extension module can turn the GIL back on
say("\n8. The GIL comes back: importing an extension module that does not declare it can run "
    "without the GIL.", 0, 3)

# Two tiny extension modules in one C file, built for this interpreter at run time. The first
# says nothing about free-threading (as every module written before 3.13 does); the second
# declares, with the Py_mod_gil slot, that it does not need the GIL.
EXTENSION_SOURCE = r"""
#include <Python.h>

static struct PyModuleDef undeclared_def = {
    PyModuleDef_HEAD_INIT, "undeclared", "Declares nothing about the GIL.", -1, NULL,
};

PyMODINIT_FUNC PyInit_undeclared(void) { return PyModule_Create(&undeclared_def); }

static PyModuleDef_Slot declared_slots[] = {
#ifdef Py_mod_gil
    {Py_mod_gil, Py_MOD_GIL_NOT_USED},
#endif
    {0, NULL},
};

static struct PyModuleDef declared_def = {
    PyModuleDef_HEAD_INIT, "declared", "Declares it runs without the GIL.", 0, NULL,
    declared_slots,
};

PyMODINIT_FUNC PyInit_declared(void) { return PyModuleDef_Init(&declared_def); }
"""

# Runs in a child process of this interpreter, so that this process's GIL stays as it is. It
# times part 2's pure-Python threads, imports one module from the file, times them again, and
# prints one JSON line.
GIL_CHILD = """
import importlib.util, json, sys, threading, time, warnings

path, module, loops, threads, timed_before = sys.argv[1:6]
loops, threads = int(loops), int(threads)

def python_work(loops):
    total = 0
    for number in range(loops):
        total += number * number % 7
    return total

def on_threads():
    # Part 2's experiment, best of 2 rounds: the round whose threads used the most cores.
    rounds = []
    for _ in range(2):
        wall, cpu = time.perf_counter(), time.process_time()
        for _ in range(threads):
            python_work(loops)
        sequential_s = time.perf_counter() - wall
        workers = [threading.Thread(target=python_work, args=(loops,)) for _ in range(threads)]
        wall, cpu = time.perf_counter(), time.process_time()
        for worker in workers:
            worker.start()
        for worker in workers:
            worker.join()
        rounds.append({"sequential_s": sequential_s, "threaded_s": time.perf_counter() - wall,
                       "threaded_cpu_s": time.process_time() - cpu})
    return max(rounds, key=lambda r: r["threaded_cpu_s"] / r["threaded_s"])

found = {"gil_before": sys._is_gil_enabled()}
found["before"] = on_threads() if timed_before == "1" else None
with warnings.catch_warnings(record=True) as caught:
    warnings.simplefilter("always")
    # The module's name picks the PyInit_<name> function inside the file.
    spec = importlib.util.spec_from_file_location(module, path)
    spec.loader.exec_module(importlib.util.module_from_spec(spec))
found["gil_after"] = sys._is_gil_enabled()
found["warnings"] = [f"{w.category.__name__}: {w.message}" for w in caught]
found["after"] = on_threads()
print(json.dumps(found))
"""


def build_extension(workdir):
    """Compiles EXTENSION_SOURCE against this interpreter's own headers: (path, facts), or
    (None, why not)."""
    compiler = shlex.split(sysconfig.get_config_var("CC") or "cc")
    if shutil.which(compiler[0]) is None:
        return None, (f"no C compiler to build an extension module with: {compiler[0]} (this "
                      f"interpreter's CC) is not on PATH; install it with `apt-get install gcc`")
    include = sysconfig.get_paths()["include"]
    if not os.path.exists(os.path.join(include, "Python.h")):
        return None, f"this interpreter's headers are not installed (no Python.h in {include})"
    source = os.path.join(workdir, "gil_modules.c")
    # Any name works: each module is loaded from this file by the name of its init function.
    extension = os.path.join(workdir, "gil_modules" + sysconfig.get_config_var("EXT_SUFFIX"))
    with open(source, "w", encoding="utf-8") as file:
        file.write(EXTENSION_SOURCE)
    started = time.perf_counter()
    _, problem = run_child([*compiler, "-shared", "-fPIC", "-O1", "-I", include,
                            "-I", sysconfig.get_paths()["platinclude"], source, "-o", extension],
                           PROBE_TIMEOUT)
    if problem:
        return None, f"{compiler[0]} could not build the extension module: {problem}"
    return extension, {"compiler": compiler[0], "include_dir": include,
                       "build_seconds": round(time.perf_counter() - started, 2)}


def import_in_child(extension, module, python_gil, timed_before):
    """A fresh child of this interpreter imports `module`, with PYTHON_GIL set to `python_gil`
    (or unset); returns what it saw, or {"failed": why}."""
    environment = {key: value for key, value in os.environ.items() if key != "PYTHON_GIL"}
    if python_gil is not None:
        environment["PYTHON_GIL"] = python_gil
    share = max(1, python_run["share_per_thread"] // 3)  # a third of part 2's work: ~70 ms
    command = [sys.executable, "-S", "-c", GIL_CHILD, extension, module, str(share),
               str(THREADS), "1" if timed_before else "0"]
    try:
        done = subprocess.run(command, env=environment, capture_output=True, text=True,
                              timeout=PROBE_TIMEOUT, stdin=subprocess.DEVNULL)
    except subprocess.TimeoutExpired:
        return {"failed": f"killed after its {PROBE_TIMEOUT:g} s timeout"}
    if done.returncode != 0:
        last = (done.stderr.strip().splitlines() or ["no message"])[-1]
        return {"failed": f"exited with status {done.returncode}: {last}"}
    return {"module": module, "python_gil": python_gil,
            **json.loads(done.stdout.strip().splitlines()[-1])}


section_started = time.perf_counter()
build = EVIDENCE["build_has_gil"]  # as seen in part 1, before any extension was imported here
if not build["py_gil_disabled"] or build["is_gil_enabled"] is None:
    runtime_flag = ("does not exist" if build["is_gil_enabled"] is None
                    else f"is {build['is_gil_enabled']}")
    reentry = {"skipped": f"this build has a GIL to begin with (Py_GIL_DISABLED is "
                          f"{build['py_gil_disabled']!r}, sys._is_gil_enabled() {runtime_flag}): "
                          f"there is no GIL for an extension module to turn back on"}
else:
    with tempfile.TemporaryDirectory(prefix="pyconcepts-gil-") as extension_dir:
        extension, built = build_extension(extension_dir)
        if extension is None:
            reentry = {"skipped": built}
        else:
            runs = {
                "undeclared": import_in_child(extension, "undeclared", None, True),
                "undeclared_python_gil_0": import_in_child(extension, "undeclared", "0", False),
                "declared": import_in_child(extension, "declared", None, False),
            }
            failed = {name: run["failed"] for name, run in runs.items() if "failed" in run}
            if failed:
                reentry = {"skipped": "a child process failed: " + "; ".join(
                    f"{name}: {why}" for name, why in failed.items())}
            else:
                reentry = {"threads": THREADS, "cores": CORES, **built, **runs,
                           "temp_dir": extension_dir}
    reentry["temp_dir_removed"] = not os.path.exists(extension_dir)
    reentry["seconds"] = round(time.perf_counter() - section_started, 2)
if "skipped" in reentry:
    say(f"skipped: {reentry['skipped']}")
else:
    say(f"{reentry['compiler']} built two modules against {reentry['include_dir']} in "
        f"{reentry['build_seconds']} s; each is imported by a fresh child of this interpreter.")
    print(TABLE.format("", "in turn", f"{THREADS} threads", "speedup", "cores used"))
    for label, run, when in (
        ("before any import", reentry["undeclared"], "before"),
        ("after importing `undeclared`", reentry["undeclared"], "after"),
        ("the same, PYTHON_GIL=0", reentry["undeclared_python_gil_0"], "after"),
        ("after importing `declared`", reentry["declared"], "after"),
    ):
        show(label, {**run[when], "thread_time": None})
    for label, run in (("undeclared", reentry["undeclared"]),
                       ("undeclared, PYTHON_GIL=0", reentry["undeclared_python_gil_0"]),
                       ("declared", reentry["declared"])):
        say(f"{label}: sys._is_gil_enabled() {run['gil_before']} -> {run['gil_after']}")
        for warning in run["warnings"]:
            say(warning, 5)
    say(f"({reentry['seconds']} s in all; the temporary directory {reentry['temp_dir']} "
        f"removed: {reentry['temp_dir_removed']})")
EVIDENCE["extension_reenables_gil"] = reentry

# %% Claim: a thread keeps the GIL until it finishes, then passes it on
say("\n9. Who runs when? CPU-bound pure-Python threads each note the time as they go.", 0, 3)

# The work, in switch intervals of one core, shared by the threads; each thread gets at least
# TURNS_PER_THREAD intervals of it, so that it would have to give the GIL up several times
# before finishing if the interpreter takes it away after an interval.
HANDOVER_INTERVALS = 40
TURNS_PER_THREAD = 10
HANDOVER_MARKS = 2000  # timestamps in all, shared by the threads: enough to see every turn
OVERHEAD_ROUNDS = 40  # rounds of about a millisecond, the best kept: some run undisturbed


def work_and_mark(marks, chunks, loops, clock=time.perf_counter_ns):
    """part 2's loop, `chunks` times `loops` of it, noting the time before the first chunk and
    after each one: marks[k] is when this thread had done k chunks."""
    marks.append(clock())
    for _ in range(chunks):
        python_work(loops)
        marks.append(clock())


def work_unmarked(chunks, loops):
    for _ in range(chunks):
        python_work(loops)


def turns(marks):
    """From each thread's marks, relative to a common start: the moments at which the thread
    that made progress changed, in time order (a mark tells which thread was running then)."""
    merged = sorted((mark, thread) for thread, thread_marks in enumerate(marks)
                    for mark in thread_marks)
    return [(mark, thread) for (_, before), (mark, thread) in zip(merged, merged[1:])
            if thread != before]


interval_s = sys.getswitchinterval()
handover_threads = THREADS
rate = python_run["share_per_thread"] * THREADS / WORK_MS  # part 2's loops per ms of one core
per_thread_ms = min(1000.0, 1000 * interval_s * max(TURNS_PER_THREAD,
                                                    HANDOVER_INTERVALS / handover_threads))
chunks = max(10, HANDOVER_MARKS // handover_threads)
loops = max(1, round(rate * per_thread_ms / chunks))

# What noting the time costs: a hundredth of one thread's work, with and without the marks.
timed_chunks = max(2, chunks // 100)
with_marks, without_marks = [], []
for _ in range(OVERHEAD_ROUNDS):
    with_marks.append(timed(lambda: work_and_mark([], timed_chunks, loops))[0])
    without_marks.append(timed(lambda: work_unmarked(timed_chunks, loops))[0])

marks = [[] for _ in range(handover_threads)]
start_line = threading.Barrier(handover_threads, timeout=30)


def start_together_and_mark(own):
    start_line.wait()  # started one by one, the first thread could be done before the last began
    work_and_mark(own, chunks, loops)


started_ns = time.perf_counter_ns()
handover_time = run_on_threads(start_together_and_mark, marks)
marks = [[mark - started_ns for mark in thread_marks] for thread_marks in marks]

first_finish = min(thread_marks[-1] for thread_marks in marks)
changes = turns(marks)
before_finish = [change for change in changes if change[0] < first_finish]
turn_starts = [min(thread_marks[0] for thread_marks in marks)] + [at for at, _ in changes]
slices = [after - before for before, after in zip(turn_starts, turn_starts[1:])]
say(f"{handover_threads} threads, each {chunks} chunks of {loops:,} loops (about "
    f"{per_thread_ms:g} ms of one core), noting the time after each; {timed_chunks} chunks took "
    f"{min(with_marks) * 1000:.3f} ms with the marks, {min(without_marks) * 1000:.3f} ms "
    f"without (best of {OVERHEAD_ROUNDS}).")
for thread, thread_marks in enumerate(marks):
    print(f"     thread {thread + 1}: started at {thread_marks[0] / 1e6:.2f} ms, finished at "
          f"{thread_marks[-1] / 1e6:.2f} ms")
say(f"progress changed hands {len(before_finish)} times before the first thread finished, at "
    f"{first_finish / 1e6:.2f} ms:")
first = [f"thread {thread + 1} at {at / 1e6:.2f} ms" for at, thread in changes[:4]]
say(f"{', '.join(first) or 'none'}{', ...' if len(changes) > 4 else ''}", 5)
if slices:
    print(f"   median turn {statistics.median(slices) / 1e6:.2f} ms; sys.getswitchinterval() = "
          f"{interval_s * 1000:g} ms")
EVIDENCE["handed_over_when_thread_finishes"] = {
    "threads": handover_threads,
    "cores": CORES,
    "gil_enabled": gil_enabled(),
    "switch_interval_s": interval_s,
    "chunks_per_thread": chunks,
    "loops_per_chunk": loops,
    "marks_ns": marks,
    "thread_time": handover_time,
    "recording": {
        "chunks": timed_chunks,
        "with_marks_s": min(with_marks),
        "without_marks_s": min(without_marks),
        "rounds": OVERHEAD_ROUNDS,
    },
}

# %% Quiz time: predict, then run
# Each quiz section runs alone in `pyconcepts quiz`, so it defines what it uses.
print("\nShort cases, each on its own:")

# %% quiz: Four threads each append 1,000 items to one list. How long is the list?
# choice: less than 4000: appends get lost
# choice: 4000
# why: list.append is a single call that holds the GIL (a per-object lock on free-threaded
# why: builds). Updates get lost in read-modify-write sequences, not in one append.
import threading

items = []


def work():
    for _ in range(1000):
        items.append(1)


threads = [threading.Thread(target=work) for _ in range(4)]
for thread in threads:
    thread.start()
for thread in threads:
    thread.join()
print(len(items))

# %% quiz: Two threads each run the same CPU-bound loop. Does the second make progress before the first finishes?
# choice: no: the first keeps the GIL until it is done
# choice: yes
# why: a thread waiting for the GIL asks the one holding it to let go after
# why: sys.getswitchinterval() (5 ms by default), so CPU-bound threads take turns every few
# why: milliseconds, long before either finishes; on a free-threaded build they run at once.
import threading
import time

progress = {"A": [], "B": []}
start_line = threading.Barrier(2)


def count(name):
    start_line.wait()  # both threads begin together
    for _ in range(100):  # 100 steps of about half a millisecond each
        for _ in range(20_000):
            pass
        progress[name].append(time.perf_counter())  # when this thread finished a step


threads = [threading.Thread(target=count, args=(name,)) for name in progress]
for thread in threads:
    thread.start()
for thread in threads:
    thread.join()
first, second = sorted(progress, key=lambda name: progress[name][-1])
print("yes" if progress[second][0] < progress[first][-1] else "no")
