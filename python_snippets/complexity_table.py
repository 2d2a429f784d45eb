"""The time-complexity table of CPython's containers, measured.

Run by `pyconcepts complexity`, which fits each row's growth (slope, confidence interval, class)
and judges it against the table, or on its own with
`python3 python_snippets/complexity_table.py [OPERATION...] [--quick] [--list]`, which prints the
same measurements with a rough growth per row.

The rows are those of the Python wiki's "TimeComplexity" page for list, collections.deque, dict
and set, and a few beyond it where CPython surprises. Each row times one operation at sizes spaced
geometrically; each size is the median of calibrated repeats, and whatever has to be rebuilt
between operations (a fresh list for `pop(0)`) is built outside the clock, and that cost is
measured too, to show what was left out.
"""

import bisect
import collections
import ctypes
import gc
import heapq
import itertools
import math
import random
import statistics
import sys
import time
import timeit

from machine_load import OtherPrograms
import measuring
from measuring import calibrated_count, format_ns

PARAMS = globals().get("PARAMS", {})
EVIDENCE = {}

# Standalone: python3 complexity_table.py [OPERATION...] [--quick] [--list]
ARGUMENTS = [] if PARAMS else sys.argv[1:]
QUICK = PARAMS.get("quick", "--quick" in ARGUMENTS)
REPEATS = 7 if QUICK else 11
REPEAT_SECONDS = 0.0005 if QUICK else 0.001
# The most memory a batch of fresh containers takes (see FreshTimer): many times a core's cache.
BATCH_BYTES = 32 * 2**20
BIG_O_INSTALL = "python3 -m pip install big-O"
CLOCK = time.thread_time_ns  # CPU time of this thread: time given to other programs is not ours


def geometric_sizes(smallest, largest, per_decade):
    """Sizes evenly spaced on a log scale, `per_decade` of them per factor of ten, from
    `smallest` to `largest`. With --quick, half as many, but never fewer than five: the host
    checks each half of the sizes on its own, and a half needs three."""
    if QUICK:
        decades = math.log10(largest / smallest)
        per_decade = min(per_decade, max(per_decade // 2, 4 / decades))
    return measuring.geometric_sizes(smallest, largest, per_decade)


class CollidingInt(int):
    """An int whose hash is always 42: every key of a dict or set of them lands on the same
    chain of slots, so finding one means comparing it with the keys one by one."""

    def __hash__(self):
        return 42


def with_room(items):
    """A copy of `items` with room for one more item, as a list that grew by appending has: an
    insert then moves the items, instead of also reallocating them (the copy of a list has no
    room to spare)."""
    copy = items.copy()
    copy.append(None)
    copy.pop()
    return copy


# %% The rows: each operation, its documented class, its timed statement and how its input grows
class Row:
    """One operation of the table, as the wiki documents it and as it is timed here.

    `setup` runs once per size n, outside the clock, and names what the statement uses. A
    statement that leaves its container as it found it is timed by `timeit`, exactly as
    `python3 -m timeit -s SETUP STATEMENT` times it. One that changes it (`pop(0)`) needs the
    container as it was for every run: `fresh` builds one, outside the clock, and the statement
    runs once on each of many fresh containers; `ops` is how many operations one run of the
    statement makes (a loop of n appends makes n)."""

    def __init__(self, operation, documented, statement, setup, sizes, fresh=None, ops="1",
                 note=""):
        self.operation = operation
        self.documented = documented
        self.statement = statement
        self.setup = setup
        self.sizes = sizes
        self.fresh = fresh  # (name, expression) of the fresh container, or None
        self.ops = ops
        self.note = note


# Sizes per kind of row. Each starts where the operation's own work outweighs the fixed cost of
# a call (and beyond 256, the last cached int). Those that allocate what they copy stop before
# the time per item starts to grow with the memory they take (caches, TLB, fresh pages): a
# growth by steps that no complexity class describes.
FLAT = geometric_sizes(1_000, 1_000_000, per_decade=3)  # most rows
CACHED = geometric_sizes(4_000, 100_000, per_decade=4)  # extend: 8 bytes an item
# Copies: 8 bytes an item, twice. Below 10,000 items, a copy made after other rows sometimes ran
# 1.4 times as fast per item as one above, in the same run.
COPIES = geometric_sizes(10_000, 100_000, per_decade=4)
SLICES = geometric_sizes(10_000, 80_000, per_decade=5)  # beyond L1 and within L2, both
SMALL = geometric_sizes(1_000, 20_000, per_decade=4)  # copies of int objects
# A dict's table doubles as it grows, a small set's quadruples: sizes that grow by the same factor
# keep the same share of the table filled, so the same work per item at every size.
DICTS = [1_000 * 2 ** i for i in range(5)]  # 1,000 to 16,000 items
SETS = [50 * 4 ** i for i in range(5)]  # 50 to 12,800 items
UNIONS = [25 * 4 ** i for i in range(5)]  # 25 to 6,400 items each, half of them shared
ADDS = [100 * 4 ** i for i in range(5)]  # 100 to 25,600 adds
WIDE = geometric_sizes(100, 1_000_000, per_decade=2)  # O(log n) rows: log n needs decades
COLLIDING = geometric_sizes(200, 5_000, per_decade=4)  # building n colliding keys is O(n²)
# A tenth of n operations on a container of n: a list of None to loop over, since looping over
# range(m) makes a new int object per step beyond 256 (smaller ints are cached), a cost per
# operation that would appear only at the larger sizes.
TENTH = "steps = [None] * (n // 10)"
NONE = "[None] * n"  # n references to one object: the container's own work, not n objects'

ROWS = [
    # list
    Row("list.copy()", "O(n)", "s.copy()", f"base = {NONE}", COPIES, fresh=("s", "base.copy()"),
        note="a fresh list"),
    Row("list.append(x)", "O(1) amortised", "for x in items:\n    s.append(x)",
        f"items = {NONE}", FLAT, fresh=("s", "[]"), ops="n",
        note="n appends to an empty list, total time ÷ n"),
    Row("list.pop()", "O(1)", "for _ in steps:\n    s.pop()", f"base = {NONE}; {TENTH}", FLAT,
        fresh=("s", "base.copy()"), ops="len(steps)", note="n/10 pops from a list of n"),
    Row("list.pop(0)", "O(n)", "s.pop(0)", f"base = {NONE}", FLAT, fresh=("s", "base.copy()")),
    Row("list.insert(0, x)", "O(n)", "s.insert(0, None)", f"base = {NONE}", FLAT,
        fresh=("s", "with_room(base)"), note="a list with room for one more item"),
    Row("list[i]", "O(1)", "s[i]", "s = list(range(n)); i = n // 2", FLAT),
    Row("list[i] = x", "O(1)", "s[i] = None", f"s = {NONE}; i = n // 2", FLAT),
    Row("del list[0]", "O(n)", "del s[0]", f"base = {NONE}", FLAT, fresh=("s", "base.copy()")),
    Row("for x in list", "O(n)", "for x in s:\n    pass", f"s = {NONE}", FLAT),
    # A slice of a fresh list ran 1.4 times as fast per item at its small sizes as at its large ones
    # in some runs and not in others, after the rows before it: here the list and the slices,
    # 80 KB to 640 KB each, share one level of cache at every size.
    Row("list[a:a+k]", "O(k)", "s[:k]", f"s = [None] * {SLICES[-1]}; k = n", SLICES,
        note=f"k items of a list of {SLICES[-1]:,}"),
    Row("list.extend(t)", "O(k)", "s.extend(t)", "t = [None] * n", CACHED, fresh=("s", "[]"),
        note="k = len(t) items onto an empty list"),
    Row("list.sort()", "O(n log n)", "s.sort()",
        "rng = random.Random(n); base = [rng.random() for _ in range(n)]",
        geometric_sizes(2_000, 300_000, per_decade=3), fresh=("s", "base.copy()"),
        note="random floats"),
    Row("x in list", "O(n)", "x in s", "s = list(range(n)); x = -1", FLAT, note="x absent"),
    Row("min(list)", "O(n)", "min(s)", "s = list(range(n))", FLAT),
    Row("max(list)", "O(n)", "max(s)", "s = list(range(n))", FLAT),
    Row("len(list)", "O(1)", "len(s)", f"s = {NONE}", FLAT),
    Row("sorted(list), already sorted", "O(n)", "sorted(s)", "s = list(range(n))", SMALL),
    Row("heapq.heappush", "O(log n)", "for x in newcomers:\n    heapq.heappush(h, x)",
        "base = list(range(n)); newcomers = list(range(-1, -1 - n // 10, -1))", WIDE,
        fresh=("h", "base.copy()"), ops="len(newcomers)",
        note="n/10 new smallest items onto a heap of n"),
    Row("heapq.heappop", "O(log n)", "for _ in steps:\n    heapq.heappop(h)",
        f"base = list(range(n)); {TENTH}", WIDE, fresh=("h", "base.copy()"), ops="len(steps)",
        note="n/10 pops from a heap of n"),
    Row("bisect.bisect_left", "O(log n)", "bisect.bisect_left(s, x)",
        "s = list(range(n)); x = n // 3", WIDE),
    # collections.deque
    Row("deque.append(x)", "O(1)", "for _ in steps:\n    d.append(None)",
        f"base = collections.deque({NONE}); {TENTH}", FLAT, fresh=("d", "base.copy()"),
        ops="len(steps)", note="n/10 appends to a deque of n"),
    Row("deque.appendleft(x)", "O(1)", "for _ in steps:\n    d.appendleft(None)",
        f"base = collections.deque({NONE}); {TENTH}", FLAT, fresh=("d", "base.copy()"),
        ops="len(steps)", note="n/10 appends to a deque of n"),
    Row("deque.pop()", "O(1)", "for _ in steps:\n    d.pop()",
        f"base = collections.deque({NONE}); {TENTH}", FLAT, fresh=("d", "base.copy()"),
        ops="len(steps)", note="n/10 pops from a deque of n"),
    Row("deque.popleft()", "O(1)", "for _ in steps:\n    d.popleft()",
        f"base = collections.deque({NONE}); {TENTH}", FLAT, fresh=("d", "base.copy()"),
        ops="len(steps)", note="n/10 pops from a deque of n"),
    Row("deque.rotate(k)", "O(k)", "d.rotate(k)",
        f"d = collections.deque([None] * {2 * FLAT[-1] + 1}); k = n", FLAT,
        note=f"a deque of {2 * FLAT[-1] + 1:,}"),
    # Reaching the middle walks n/128 blocks of 64 items, one pointer after another: each step
    # costs what the memory holding the block costs, so every deque is a fresh one, far from the
    # cache at every size.
    Row("deque[n//2]", "O(n)", "d[i]", f"base = collections.deque({NONE}); i = n // 2",
        geometric_sizes(10_000, 1_000_000, per_decade=3), fresh=("d", "base.copy()"),
        note="the middle item of a fresh deque"),
    # dict
    Row("dict[k]", "O(1)", "d[k]", "d = dict.fromkeys(range(n)); k = n // 2", FLAT),
    Row("dict[k] = v", "O(1)", "d[k] = None", "d = dict.fromkeys(range(n)); k = n // 2", FLAT,
        note="an existing key"),
    Row("del dict[k]", "O(1)", "for k in doomed:\n    del d[k]",
        "base = dict.fromkeys(range(n)); doomed = list(range(n // 2, n // 2 + n // 10))", FLAT,
        fresh=("d", "base.copy()"), ops="len(doomed)", note="n/10 neighbouring keys of a dict of n"),
    Row("k in dict", "O(1)", "k in d", "d = dict.fromkeys(range(n)); k = -1", FLAT,
        note="k absent"),
    Row("for k in dict", "O(n)", "for k in d:\n    pass", "d = dict.fromkeys(range(n))", FLAT),
    Row("dict.copy()", "O(n)", "d.copy()", "base = dict.fromkeys(range(n))", DICTS,
        fresh=("d", "base.copy()"), note="a fresh dict"),
    Row("dict[k], colliding keys", "O(n)", "d[k]",
        "keys = [CollidingInt(i) for i in range(n)]; d = dict.fromkeys(keys); k = keys[-1]",
        COLLIDING, note="every key hashes to 42; k the last inserted"),
    Row("dict[k] = v, colliding keys", "O(n)", "d[k] = None",
        "keys = [CollidingInt(i) for i in range(n)]; d = dict.fromkeys(keys); k = keys[-1]",
        COLLIDING, note="every key hashes to 42; k the last inserted"),
    Row("del dict[k], colliding keys", "O(n)", "del d[k]",
        "keys = [CollidingInt(i) for i in range(n)]; base = dict.fromkeys(keys); k = keys[-1]",
        COLLIDING, fresh=("d", "base.copy()"), note="every key hashes to 42; k the last inserted"),
    # set
    Row("x in set", "O(1)", "x in s", "s = set(range(n)); x = -1", FLAT, note="x absent"),
    Row("x in set, colliding keys", "O(n)", "x in s",
        "s = {CollidingInt(i) for i in range(n)}; x = CollidingInt(-1)", COLLIDING,
        note="every key hashes to 42; x absent"),
    Row("set.add(x)", "O(1) amortised", "for x in items:\n    s.add(x)", "items = list(range(n))",
        ADDS, fresh=("s", "set()"), ops="n", note="n adds to an empty set, total time ÷ n"),
    Row("s | t", "O(len(s)+len(t))", "s | t",
        "s = set(range(1000, 1000 + n)); t = set(range(1000 + n // 2, 1000 + n + n // 2))",
        UNIONS, note="len(s) = len(t) = n, half of them equal"),
    Row("s & t", "O(min(len(s), len(t)))", "s & t",
        "t = set(range(1000, 101_000)); s = set(range(1000, 1000 + n))", SETS,
        note="len(s) = k, len(t) = 100,000"),
    Row("s & t, the larger grows", "O(min(len(s), len(t)))", "s & t",
        "s = set(range(1000)); t = set(range(n))", FLAT, note="len(s) = 1,000, len(t) = n"),
    Row("s - t", "O(len(s))", "s - t", "s = set(range(1000, 1000 + n)); t = set(range(-100_000, 0))",
        SETS, note="len(s) = n, len(t) = 100,000, no items in common"),
    Row("s - t, t grows", "O(len(s))", "s - t", "s = set(range(1000)); t = set(range(-n, 0))",
        FLAT, note="len(s) = 1,000, len(t) = n, no items in common"),
    # str
    Row('s += "x"', "O(1) amortised", 'for _ in steps:\n    text += "x"', "steps = [None] * n",
        FLAT, fresh=("text", '""'), ops="n", note="n steps from an empty string, total time ÷ n"),
    Row('s += "x", another reference', "O(n)", 'alias = text\ntext += "x"', "base = 'x' * n",
        geometric_sizes(40_000, 320_000, per_decade=6), fresh=("text", "base"),
        note="on a string of n characters that the container list also references"),
]


# %% Measuring: calibrated repeats, setup outside the clock
def build(row, n):
    """The names the row's statement uses at size n: its setup, run outside the clock."""
    scope = {**globals(), "n": n}
    exec(row.setup, scope)
    return {name: value for name, value in scope.items() if name not in globals()}


def indented(code, depth):
    return "\n".join(" " * depth + line for line in code.splitlines())


def compile_loop(row, namespace, body):
    """A function that runs `body` once on each fresh container it is given and returns the CPU
    nanoseconds that took. As timeit's template does, it first copies what the setup made into
    local variables, so that the statement reads them as fast as under `python3 -m timeit`."""
    lines = ["def timed(_given, _containers, _clock):"]
    lines += [f"    {key} = _given[{key!r}]" for key in namespace]
    lines += ["    _started = _clock()", f"    for {row.fresh[0]} in _containers:",
              indented(body, 8), "    return _clock() - _started"]
    scope = dict(globals())
    exec("\n".join(lines), scope)
    return scope["timed"]


class FreshTimer:
    """Times a row that changes its container: the statement runs once on each of `count` fresh
    containers. They are built outside the clock (that time is measured apart: it is what the
    figure leaves out), in batches of BATCH_BYTES, far more than a core's cache holds, so that
    the statement meets every container where it meets them at every size: in main memory. (Had
    a batch fit in the cache, the small sizes would have run from a faster memory than the large
    ones, a difference in time per element that no complexity class describes.) The loop over
    the containers is timed with an empty body too: it is in the figure, as timeit's own loop is
    in timeit's."""

    def __init__(self, row, namespace):
        self.namespace = namespace
        self.fresh = compile(row.fresh[1], "<fresh>", "eval")
        self.timed = compile_loop(row, namespace, row.statement)
        self.empty = compile_loop(row, namespace, "pass")
        self.ops = eval(row.ops, globals(), namespace)
        sample = self.containers(1)
        before = sys.getsizeof(sample[0])
        # Once through: a statement that fills its container (append) makes it bigger than built.
        self.timed(namespace, sample, CLOCK)
        self.batch = max(1, BATCH_BYTES // max(before, sys.getsizeof(sample[0])))
        self.count = 1

    def containers(self, count):
        return [eval(self.fresh, globals(), self.namespace) for _ in range(count)]

    def run(self, count):
        """(ns running the statement, ns building the containers, ns of the empty loop) over
        `count` fresh containers."""
        elapsed = setup = loop = 0
        for first in range(0, count, self.batch):
            started = CLOCK()
            containers = self.containers(min(self.batch, count - first))
            setup += CLOCK() - started
            loop += self.empty(self.namespace, containers, CLOCK)
            elapsed += self.timed(self.namespace, containers, CLOCK)
            del containers
        return elapsed, setup, loop

    def calibrate(self):
        """The first number of containers of 1, 2, 5, 10, … whose statements run
        REPEAT_SECONDS."""
        self.count = calibrated_count(lambda count: self.run(count)[0] / 1e9, REPEAT_SECONDS)

    def repeat(self):
        """(ns per operation; ns per operation spent building the containers, outside the clock;
        ns per operation of the timed loop with an empty body)."""
        elapsed, setup, loop = self.run(self.count)
        ops = self.count * self.ops
        return elapsed / ops, setup / ops, loop / ops


class SteadyTimer:
    """Times a row whose statement leaves its container as it was, with timeit's own loop: the
    setup's names become local variables of timeit's function, as with `-s SETUP`."""

    def __init__(self, row, namespace):
        names = [key for key in namespace if key != "n"]
        self.timer = timeit.Timer(
            row.statement,
            setup="; ".join(f"{key} = _given[{key!r}]" for key in names),
            timer=time.thread_time,
            globals={**globals(), "_given": namespace},
        )
        self.count = 1

    def calibrate(self):
        """The first loop count of 1, 2, 5, 10, … whose run lasts REPEAT_SECONDS."""
        self.count = calibrated_count(self.timer.timeit, REPEAT_SECONDS)

    def repeat(self):
        return self.timer.timeit(self.count) / self.count * 1e9, None, None


def measure(row):
    """Every size of the row, REPEATS times, in rounds: repeat 1 of every size, then repeat 2 of
    every size, and so on, each round visiting the sizes in its own shuffled order. A burst of
    load from another program then slows a round's sizes alike, or a random few of them, instead
    of the small ones or the large ones: it does not tilt the curve."""
    timer_class = FreshTimer if row.fresh else SteadyTimer
    timers = []
    for n in row.sizes:
        timer = timer_class(row, build(row, n))
        timer.calibrate()
        timers.append(timer)
    figures = [[] for _ in row.sizes]
    order = list(range(len(row.sizes)))
    shuffle = random.Random(row.operation).shuffle  # the same orders at every run
    with OtherPrograms() as others:
        for _ in range(REPEATS):
            shuffle(order)
            for index in order:
                figures[index].append(timers[index].repeat())
    evidence = {
        "documented": row.documented,
        "statement": row.statement,
        "setup": row.setup,
        "note": row.note,
        "clock": "time.thread_time",
        "sizes": row.sizes,
        "ns_per_op": [statistics.median(op for op, _, _ in repeats) for repeats in figures],
        "repeats_ns_per_op": [[op for op, _, _ in repeats] for repeats in figures],
        "loops_per_repeat": [timer.count for timer in timers],
        "repeat_seconds": REPEAT_SECONDS,
        "interleaved": True,
        "others_cores": others.cores,
    }
    if row.fresh:
        evidence["fresh"] = {
            "container": f"{row.fresh[0]} = {row.fresh[1]}",
            "ops_per_container": row.ops,
            "setup_ns_per_op": [statistics.median(setup for _, setup, _ in repeats)
                                for repeats in figures],
            "loop_ns_per_op": [statistics.median(loop for _, _, loop in repeats)
                               for repeats in figures],
        }
    else:
        evidence["timeit"] = timeit_command(row, row.sizes[-1])
    return evidence


def timeit_command(row, n):
    """The `python3 -m timeit` command line that times the same statement at size n (CPU time,
    `-p`, as here): its figure should be this row's last."""
    return ["python3", "-m", "timeit", "-p",
            "-s", "import bisect, collections, itertools, random",
            "-s", "class CollidingInt(int): __hash__ = lambda self: 42",
            "-s", f"n = {n}", "-s", row.setup, row.statement]


# %% big_O, side by side
def big_o_class(sizes, ns_per_op):
    """What the big_O package (PyPI `big-O`) infers from the same medians, in seconds as it
    expects them: the name of its class. Its simplicity bias (1e-6 s² by default: a class must
    beat a simpler one's squared error by that much) dwarfs every squared error of times per
    operation, which would make its answer Constant whatever the data: it is set to 0, and the
    default answer is recorded beside. When its call raises, the classes that raise when fitted
    alone are named, and the others still answer."""
    try:
        import big_o
        import numpy
    except ImportError as error:
        return {"skipped": f"big_O is not importable ({error}); install it with: "
                           f"{BIG_O_INSTALL}"}
    # As big_O's own measure_execution_time gives them: sizes as int64, times in seconds.
    ns = numpy.array(sizes, dtype="int64")
    seconds = numpy.array(ns_per_op) / 1e9
    classes = big_o.complexities.ALL_CLASSES
    answer = {}
    try:
        best, _ = big_o.infer_big_o_class(ns, seconds, simplicity_bias=0)
        default, _ = big_o.infer_big_o_class(ns, seconds)
    except Exception as error:  # whatever it raises is what the comparison reports
        answer["crashed"] = f"{type(error).__name__}: {error}"
        crashing = []
        for candidate in classes:
            try:
                candidate().fit(ns, seconds)
            except Exception:
                crashing.append(candidate)
        answer["crashing_classes"] = [c.__name__ for c in crashing]
        classes = [c for c in classes if c not in crashing]
        try:
            best, _ = big_o.infer_big_o_class(ns, seconds, classes=classes, simplicity_bias=0)
            default, _ = big_o.infer_big_o_class(ns, seconds, classes=classes)
        except Exception:
            return answer
    return {**answer, "class": type(best).__name__, "fitted": str(best),
            "default_class": type(default).__name__}


# %% The table, row by row
def growth_per_decade(sizes, times):
    """How much the time multiplies when n does by ten, from the first size to the last."""
    return (times[-1] / times[0]) ** (1 / math.log10(sizes[-1] / sizes[0]))


def tell(row, evidence):
    sizes, times = evidence["sizes"], evidence["ns_per_op"]
    print(f"{row.operation:<30} documented {row.documented:<24} n = {sizes[0]:,} … {sizes[-1]:,}")
    print(f"    {format_ns(times[0])} … {format_ns(times[-1])} per operation; n ×10 → time "
          f"×{growth_per_decade(sizes, times):.2f} (the host fits the class)")
    fresh = evidence.get("fresh")
    if fresh:
        print(f"    fresh containers built outside the clock: {format_ns(fresh['setup_ns_per_op'][-1])}"
              f" per operation left out at n = {sizes[-1]:,}; the timed loop alone: "
              f"{format_ns(fresh['loop_ns_per_op'][-1])}")
    big_o = evidence["big_o"]
    if "skipped" in big_o:
        print(f"    big_O: {big_o['skipped']}")
        return
    if "crashed" in big_o:
        print(f"    big_O crashed ({big_o['crashed']}, in {', '.join(big_o['crashing_classes'])});"
              f" without those:", end="")
    else:
        print("    big_O:", end="")
    print(f" {big_o.get('class')} (with its default simplicity bias: {big_o.get('default_class')})")


def fresh_memory():
    """Each row starts from the same memory: what earlier rows freed is given back to the system
    (glibc's malloc_trim; elsewhere there is none, and this does nothing). Otherwise their
    leftovers in the allocator serve some sizes of the next row faster than others: a slice of
    1,000 items ran 1.4 times as fast per item as one of 50,000 after the rows before it, and as
    fast after this."""
    gc.collect()
    try:
        libc = ctypes.CDLL(None)
    except OSError:
        return
    trim = getattr(libc, "malloc_trim", None)
    if trim is not None:
        trim(0)


def steady_allocator():
    """glibc's malloc serves a block above a threshold (128 KiB at first) straight from the
    system, in fresh pages, and gives it back when it is freed: every copy of a big list or string
    would then also pay a page fault per 4 KiB, a cost per element found only above the
    threshold. Freeing one large block raises the threshold to that block's size (glibc adapts it
    to the largest block freed, as happens early in any long-running program), so the big blocks
    measured here are reused instead. Elsewhere this is one large allocation, and no more."""
    block = bytearray(31 * 2**20)
    del block


def main(wanted):
    rows = [row for row in ROWS if not wanted or row.operation in wanted]
    print(f"{len(rows)} operations, median of {REPEATS} repeats of at least "
          f"{REPEAT_SECONDS * 1000:g} ms of CPU time each\n")
    for row in rows:
        fresh_memory()
        steady_allocator()
        evidence = measure(row)
        evidence["big_o"] = big_o_class(evidence["sizes"], evidence["ns_per_op"])
        EVIDENCE[row.operation] = evidence
        tell(row, evidence)


if PARAMS:
    main(PARAMS.get("operations", []))
elif __name__ == "__main__":
    if "--list" in ARGUMENTS:
        print("\n".join(f"{row.operation}\t{row.documented}" for row in ROWS))
    else:
        main([argument for argument in ARGUMENTS if not argument.startswith("--")])
