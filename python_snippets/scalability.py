"""Question 10: how do you write scalable code in Python?

Run by `pyconcepts demo scalability`, or on its own with `python3 python_snippets/scalability.py`.
The article's advice: choose data structures by their complexity, cache, run in parallel, and use
a distributed engine. Each piece of advice is measured here; the host fits the growth curves
(slope, class, confidence interval) and judges the evidence left in EVIDENCE.
"""

import concurrent.futures
import functools
import math
import multiprocessing
import os
import statistics
import sys
import tempfile
import textwrap
import threading
import time
import timeit

from machine_load import OtherPrograms

PARAMS = globals().get("PARAMS", {})
EVIDENCE = {}

LARGEST_N = PARAMS.get("max_n", 1_000_000)
LARGEST_COLLIDING_N = PARAMS.get("colliding_max_n", 10_000)
REPEATS = PARAMS.get("repeats", 9)
REPEAT_SECONDS = PARAMS.get("repeat_ms", 5) / 1000
SCHEDULER = PARAMS.get("scheduler")  # "tcp://HOST:PORT": run part 6 on that Dask cluster
SCHEDULER_TIMEOUT_S = 3  # a scheduler that does not answer by then is not used
DASK_INSTALL = 'pip install "dask[distributed]"'


def cores_available():
    """The cores this process may run on: the affinity mask, not just the machine's count."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # macOS and Windows have no affinity mask
        return os.cpu_count() or 1


WORKERS = PARAMS.get("workers") or cores_available()


def format_ns(ns):
    for unit, scale in (("s", 1e9), ("ms", 1e6), ("µs", 1e3)):
        if ns >= scale:
            return f"{ns / scale:.3g} {unit}"
    return f"{ns:.3g} ns"


# %% Measuring: a calibrated, repeated timeit loop
def geometric_sizes(smallest, largest, per_decade):
    """Sizes evenly spaced on a log scale, `per_decade` of them per factor of ten."""
    step = 10 ** (1 / per_decade)
    sizes = [smallest]
    while sizes[-1] * step * step ** 0.5 < largest:  # stop before a size crowds the largest
        sizes.append(round(smallest * step ** len(sizes)))
    return sizes + [largest]


def calibrated_loops(timer):
    """1, 2, 5, 10, 20, 50, …: the first loop count whose run lasts REPEAT_SECONDS, as
    `python3 -m timeit` calibrates (it aims at 0.2 s; many short repeats suit a busy machine)."""
    scale = 1
    while True:
        for multiple in (1, 2, 5):
            loops = scale * multiple
            if timer.timeit(loops) >= REPEAT_SECONDS:
                return loops
        scale *= 10


def lookup_timer(data, absent):
    """A timer for `absent in data`, set up as `python3 -m timeit -p -s SETUP STATEMENT` does:
    the setup makes `data` and `absent` local variables of timeit's loop, and the clock is CPU
    time, so time the OS gives to other programs on a busy machine does not count. (On an idle
    machine it equals the wall clock that plain `python3 -m timeit` reads.)"""
    return timeit.Timer(
        "absent in data",
        setup="data = structure; absent = missing",
        timer=time.thread_time,
        globals={"structure": data, "missing": absent},
    )


def measure_lookups(cases):
    """Nanoseconds per lookup for each (data, absent) case: REPEATS figures each, from a
    calibrated loop (garbage collection off while timing, as timeit does).

    Repeat 1 of every case runs, then repeat 2 of every case, and so on: a burst of load from
    another program then lands on all sizes alike, instead of bending the curve at one size."""
    timers = [lookup_timer(data, absent) for data, absent in cases]
    loops = [calibrated_loops(timer) for timer in timers]
    repeats = [[] for _ in cases]
    for _ in range(REPEATS):
        for timer, count, figures in zip(timers, loops, repeats):
            figures.append(timer.timeit(count) / count * 1e9)
    return list(zip(loops, repeats))


def new_curve(structure, setup):
    return {
        "structure": structure,
        "statement": "absent in data",
        "setup": setup,  # what `python3 -m timeit -p -s` runs for the same figure; n is the size
        "clock": "time.thread_time",
        "sizes": [],
        "ns_per_op": [],  # the median of the repeats
        "repeats_ns_per_op": [],
        "loops_per_repeat": [],
        "repeat_seconds": REPEAT_SECONDS,
        "interleaved": True,  # repeat i of every size comes from the same pass (round i)
    }


def record(curve, n, loops, repeats):
    curve["sizes"].append(n)
    curve["ns_per_op"].append(statistics.median(repeats))
    curve["repeats_ns_per_op"].append(repeats)
    curve["loops_per_repeat"].append(loops)
    return statistics.median(repeats)


def growth_per_decade(curve):
    """How much the time multiplies when n does by ten, from the first size to the last."""
    sizes, times = curve["sizes"], curve["ns_per_op"]
    return (times[-1] / times[0]) ** (1 / math.log10(sizes[-1] / sizes[0]))


# %% Part 1: `in` on a list and on a set
def list_and_set():
    sizes = geometric_sizes(100, LARGEST_N, per_decade=2)
    print(f"1. `absent in data` for an absent int, n from 100 to {LARGEST_N:,}")
    print(f"   (median of {REPEATS} repeats, each a timeit loop of at least "
          f"{REPEAT_SECONDS * 1000:.0f} ms of CPU time)")
    numbers = list(range(LARGEST_N))  # every size below slices it, sharing the int objects
    cases = []
    for n in sizes:
        cases += [(numbers[:n], -1), (set(numbers[:n]), -1)]
    measured = measure_lookups(cases)
    del numbers, cases
    curves = {
        "list": new_curve("list", "data = list(range(n)); absent = -1"),
        "set": new_curve("set", "data = set(range(n)); absent = -1"),
    }
    print(f"   {'n':>9}  {'list':>9}  {'set':>9}  list/set")
    for n, list_figures, set_figures in zip(sizes, measured[::2], measured[1::2]):
        list_ns = record(curves["list"], n, *list_figures)
        set_ns = record(curves["set"], n, *set_figures)
        print(f"   {n:>9,}  {format_ns(list_ns):>9}  {format_ns(set_ns):>9}  "
              f"{list_ns / set_ns:>7,.0f}×")
    print(f"   n ×10 → list time ×{growth_per_decade(curves['list']):.1f}, "
          f"set time ×{growth_per_decade(curves['set']):.2f} (the host fits the slopes)")
    EVIDENCE["list_in_linear"] = curves["list"]

    print("\n2. Where does the set start to win? Tiny sizes:")
    small_sizes = [0, 1, 2, 4, 8, 16]
    cases = []
    for n in small_sizes:
        cases += [(list(range(n)), -1), (set(range(n)), -1)]
    medians = [statistics.median(figures) for _, figures in measure_lookups(cases)]
    for n, list_ns, set_ns in zip(small_sizes, medians[::2], medians[1::2]):
        print(f"   n={n:<3} list {format_ns(list_ns):>8}   set {format_ns(set_ns):>8}")
    EVIDENCE["set_in_constant"] = {
        **curves["set"],
        "small_sizes": {
            "sizes": small_sizes,
            "list_ns_per_op": medians[::2],
            "set_ns_per_op": medians[1::2],
        },
    }


# %% Part 3: the worst case of a set
class CollidingInt(int):
    """An int whose hash is always 42: every key of a set of them lands in the same chain of
    slots, so finding (or missing) one means comparing it with the keys one by one."""

    def __hash__(self):
        return 42


class CountingInt(CollidingInt):
    """The same key, counting the comparisons a lookup makes (Python asks the subclass first)."""

    comparisons = 0
    __hash__ = CollidingInt.__hash__  # defining __eq__ alone would make it unhashable

    def __eq__(self, other):
        CountingInt.comparisons += 1
        return int.__eq__(self, other)


def colliding_set():
    sizes = geometric_sizes(100, LARGEST_COLLIDING_N, per_decade=4)
    print(f"\n3. A set of ints that all hash to 42, n from 100 to {LARGEST_COLLIDING_N:,} "
          f"(building it is quadratic)")
    curve = new_curve("set of colliding keys", "data = {CollidingInt(i) for i in range(n)}; "
                                                "absent = CollidingInt(-1)")
    curve.update(normal_set_ns_per_op=[], comparisons_per_lookup=[], build_seconds=[])
    cases = []
    for n in sizes:
        started = time.perf_counter()
        keys = {CollidingInt(i) for i in range(n)}
        curve["build_seconds"].append(time.perf_counter() - started)
        CountingInt.comparisons = 0
        CountingInt(-1) in keys  # noqa: B015 (the lookup's comparisons are the point)
        curve["comparisons_per_lookup"].append(CountingInt.comparisons)
        cases += [(keys, CollidingInt(-1)), (set(range(n)), -1)]
    measured = measure_lookups(cases)
    del cases
    print(f"   {'n':>6}  {'build':>9}  {'colliding':>9}  {'normal set':>10}  __eq__ calls")
    for index, n in enumerate(sizes):
        colliding_ns = record(curve, n, *measured[2 * index])
        normal_ns = statistics.median(measured[2 * index + 1][1])
        curve["normal_set_ns_per_op"].append(normal_ns)
        print(f"   {n:>6,}  {curve['build_seconds'][index] * 1000:>6.1f} ms  "
              f"{format_ns(colliding_ns):>9}  {format_ns(normal_ns):>10}  "
              f"{curve['comparisons_per_lookup'][index]:>6,}")
    print(f"   n ×10 → time ×{growth_per_decade(curve):.1f}: a missed lookup compares with every "
          f"key")
    EVIDENCE["set_worst_case_linear"] = curve


# %% Part 4: caching
TILE_SIZE = 48


def blur_checksum(tile_id):
    """An expensive pure function: a 3×3 box blur of a 48×48 greyscale tile, in pure Python.
    Pure (same argument, same result, no side effects) is what makes caching it safe."""
    size = TILE_SIZE
    pixels = [(tile_id * 7919 + i * 31) % 256 for i in range(size * size)]
    blurred = bytearray(size * size)
    for y in range(1, size - 1):
        for x in range(1, size - 1):
            i = y * size + x
            blurred[i] = (pixels[i - size - 1] + pixels[i - size] + pixels[i - size + 1]
                          + pixels[i - 1] + pixels[i] + pixels[i + 1]
                          + pixels[i + size - 1] + pixels[i + size] + pixels[i + size + 1]) // 9
    return sum(blurred)


def timed(function, arguments):
    """CPU seconds to call `function` on every argument, and the results."""
    started = time.thread_time()
    results = [function(argument) for argument in arguments]
    return time.thread_time() - started, results


def caching():
    distinct, calls = 10, 100
    requests = [i % distinct for i in range(calls)]  # tiles 0…9, then 0…9 again, …
    print(f"\n4. Caching: {calls} requests cycling over {distinct} tiles, each a pure-Python blur")
    uncached_seconds, expected = timed(blur_checksum, requests)
    print(f"   no cache:                {uncached_seconds * 1000:7.1f} ms of CPU")
    runs = {}
    for name, maxsize in (("fitting", 32), ("too_small", distinct - 2)):
        cached = functools.lru_cache(maxsize=maxsize)(blur_checksum)
        seconds, results = timed(cached, requests)
        info = cached.cache_info()
        runs[name] = {
            "maxsize": maxsize,
            "seconds": seconds,
            "hits": info.hits,
            "misses": info.misses,
            "results_equal": results == expected,
        }
        print(f"   lru_cache(maxsize={maxsize:<2}):    {seconds * 1000:7.1f} ms  "
              f"speedup {uncached_seconds / seconds:4.1f}×  {info}")
    print("   A cache smaller than the cycle evicts each tile just before it is asked for again.")
    EVIDENCE["caching"] = {
        "calls": calls,
        "distinct_arguments": distinct,
        "uncached_seconds": uncached_seconds,
        **runs,
    }


# %% Parts 5 and 6: the same CPU-bound job, in parallel and distributed
# Worker processes import their code by module name, so it lives in a real module file in a
# private temporary directory (this snippet's own globals are not importable by a child).
WORKER_MODULE = "scalability_workers"
WORKER_SOURCE = textwrap.dedent('''
    """The job of the scalability demo, imported by its worker processes."""
    import os
    import time


    def mandelbrot_rows(first, stop, width, height, max_iterations):
        """Escape-time iterations over rows [first, stop) of a Mandelbrot image: pure-Python,
        CPU-bound work with one exact integer result. Also returns which process did it and the
        CPU time it got, which tells a slow job from a busy machine."""
        cpu_started = time.thread_time()
        total = 0
        for row in range(first, stop):
            ci = -1.2 + 2.4 * row / height
            for column in range(width):
                cr = -2.1 + 3.0 * column / width
                zr = zi = 0.0
                iterations = 0
                while iterations < max_iterations and zr * zr + zi * zi <= 4.0:
                    zr, zi = zr * zr - zi * zi + cr, 2.0 * zr * zi + ci
                    iterations += 1
                total += iterations
        return total, os.getpid(), time.thread_time() - cpu_started


    def ready(pause):
        """A trivial task: once every worker has run one, the pool has started."""
        time.sleep(pause)
        return os.getpid()
''')
WIDTH, HEIGHT, MAX_ITERATIONS = 560, 420, 100


def job_tasks(count):
    """The image cut into `count` bands of rows: one task each."""
    bounds = [HEIGHT * i // count for i in range(count + 1)]
    return [(bounds[i], bounds[i + 1], WIDTH, HEIGHT, MAX_ITERATIONS) for i in range(count)]


def install_worker_module(directory):
    with open(os.path.join(directory, WORKER_MODULE + ".py"), "w", encoding="utf-8") as file:
        file.write(WORKER_SOURCE)
    sys.path.insert(0, directory)  # spawned children receive the parent's sys.path
    return __import__(WORKER_MODULE)


def run_locally(workers_module, tasks):
    """(seconds, results, cores other programs kept busy meanwhile) of the job in this process."""
    with OtherPrograms() as others:
        started = time.perf_counter()
        results = [workers_module.mandelbrot_rows(*task) for task in tasks]
        seconds = time.perf_counter() - started
    return seconds, results, others.cores


def summarise(results, wall_seconds):
    """The job's total, the worker processes that ran it, and the cores it kept busy."""
    cpu_seconds = sum(cpu for _, _, cpu in results)
    return {
        "total": sum(total for total, _, _ in results),
        "worker_pids": sorted({pid for _, pid, _ in results}),
        "cpu_seconds": cpu_seconds,
        "cores_used": cpu_seconds / wall_seconds,
    }


def leftover_children():
    """Processes this one started that are still alive, except multiprocessing's resource
    tracker, which by design lives until this process exits."""
    try:
        import psutil
    except ImportError:
        return [child.pid for child in multiprocessing.active_children()]
    return [
        child.pid
        for child in psutil.Process().children(recursive=True)
        if "resource_tracker" not in " ".join(child.cmdline())
    ]


def parallelism(workers_module, tasks, local):
    cores = cores_available()
    print(f"\n5. The Mandelbrot job ({len(tasks)} bands of rows) on a pool of {WORKERS} "
          f"processes ({cores} cores available, {os.cpu_count()} in the machine)")
    # "spawn": a fresh interpreter per worker, the default on macOS and Windows, and safe with
    # threads (fork copies a process mid-flight). get_context never touches global state.
    context = multiprocessing.get_context("spawn")
    started = time.perf_counter()
    with context.Pool(WORKERS) as pool:  # leaving the block terminates and joins the workers
        pool.map(workers_module.ready, [0.05] * WORKERS, chunksize=1)
        start_seconds = time.perf_counter() - started
        with OtherPrograms() as others:
            started = time.perf_counter()
            results = pool.starmap(workers_module.mandelbrot_rows, tasks, chunksize=1)
            parallel_seconds = time.perf_counter() - started
    pool_run = summarise(results, parallel_seconds)
    speedup = local["seconds"] / parallel_seconds
    print(f"   one process: {local['seconds']:.2f} s; pool: {parallel_seconds:.2f} s after "
          f"{start_seconds:.2f} s of start-up → speedup {speedup:.2f}× "
          f"({pool_run['cores_used']:.2f} cores busy)")
    print(f"   same result: {pool_run['total'] == local['total']} ({pool_run['total']:,} "
          f"iterations) from worker processes {pool_run['worker_pids']}")
    # The same job on as many threads of this process, for comparison: with a GIL they take
    # turns on one core; a free-threaded build runs them at once, with no pool to start.
    with OtherPrograms() as thread_others:
        started = time.perf_counter()
        with concurrent.futures.ThreadPoolExecutor(WORKERS) as executor:
            thread_results = list(executor.map(
                lambda task: workers_module.mandelbrot_rows(*task), tasks))
        thread_seconds = time.perf_counter() - started
    thread_run = summarise(thread_results, thread_seconds)
    is_gil_enabled = getattr(sys, "_is_gil_enabled", None)  # 3.13+; before, always a GIL
    print(f"   {WORKERS} threads instead: {thread_seconds:.2f} s → speedup "
          f"{local['seconds'] / thread_seconds:.2f}× ({thread_run['cores_used']:.2f} cores busy; "
          f"GIL {'enabled' if is_gil_enabled is None or is_gil_enabled() else 'disabled'})")
    EVIDENCE["parallelism"] = {
        "start_method": "spawn",
        "cores_available": cores,
        "cpu_count": os.cpu_count(),
        "workers": WORKERS,
        "tasks": len(tasks),
        "sequential_seconds": local["seconds"],
        "sequential_cores_used": local["cores_used"],
        "start_seconds": start_seconds,
        "parallel_seconds": parallel_seconds,
        "cores_used": pool_run["cores_used"],
        # Cores other programs kept busy during each run: a crowded machine explains a low
        # speedup, and the judge says `inconclusive` rather than "no faster".
        "sequential_others_cores": local["others_cores"],
        "others_cores": others.cores,
        "worker_pids": pool_run["worker_pids"],
        "results_equal": pool_run["total"] == local["total"],
        "leftover_processes": leftover_children(),
        "threads": {
            "seconds": thread_seconds,
            "cores_used": thread_run["cores_used"],
            "others_cores": thread_others.cores,
            "results_equal": thread_run["total"] == local["total"],
            "gil_enabled": is_gil_enabled is None or bool(is_gil_enabled()),
        },
    }


def listening_sockets():
    """TCP ports this process still listens on."""
    import psutil

    connections = getattr(psutil.Process(), "net_connections", None) or psutil.Process().connections
    return sorted(c.laddr.port for c in connections(kind="tcp") if c.status == psutil.CONN_LISTEN)


def distributed(workers_module, tasks, local, scratch):
    print("\n6. The same job on Dask's distributed scheduler (scheduler + worker processes, TCP)")
    try:
        import dask
        import distributed as dask_distributed
        from dask.distributed import Client, LocalCluster
    except ImportError as error:
        reason = f"dask.distributed is not importable ({error}); install it with: {DASK_INSTALL}"
        print(f"   skipped: {reason}")
        EVIDENCE["distributed"] = {"skipped": reason}
        return
    import logging

    threads_before = set(threading.enumerate())
    listening_before = listening_sockets()
    cluster = client = None
    # Every scratch file Dask writes (locks, spill space) goes into our temporary directory.
    with dask.config.set({"temporary-directory": scratch}):
        started = time.perf_counter()
        try:
            if SCHEDULER:
                try:
                    client = Client(SCHEDULER, timeout=f"{SCHEDULER_TIMEOUT_S}s")
                except Exception as error:  # unreachable, refused, not a Dask scheduler
                    reason = (f"the scheduler at {SCHEDULER} did not answer within "
                              f"{SCHEDULER_TIMEOUT_S} s: {type(error).__name__}: {error}")
                    print(f"   skipped: {reason}")
                    EVIDENCE["distributed"] = {"skipped": reason}
                    return
                # That cluster's processes cannot import our temporary module: ship the file to
                # them (Dask's way to send code that is not installed where the work runs).
                client.upload_file(workers_module.__file__)
                where = f"the existing cluster at {SCHEDULER}"
            else:
                # The workers are spawned from this process and inherit its sys.path, so they
                # import the job's module like the process pool's workers did.
                cluster = LocalCluster(
                    n_workers=WORKERS,
                    threads_per_worker=1,  # one process per core: pure Python holds the GIL
                    processes=True,
                    host="127.0.0.1",  # nothing listens beyond this machine
                    # Ports the system picks (scheduler_port=0 is the default): a fixed one
                    # (the dashboard's 8787) would collide with a second run, or a user's own.
                    dashboard_address="127.0.0.1:0",
                    # A worker whose heartbeat races the shutdown logs an ERROR with a traceback:
                    # noise on a projector, and the result is checked below anyway.
                    silence_logs=logging.CRITICAL,
                )
                client = Client(cluster)
                where = "a LocalCluster on 127.0.0.1"
            # As the pool's workers ran `ready` first: each worker imports the job's module
            # before the clock starts, so the timing is of the job, not of start-up.
            client.run(workers_module.ready, 0.0)
            start_seconds = time.perf_counter() - started
            listening_while_running = sorted(set(listening_sockets()) - set(listening_before))
            worker_addresses = sorted(client.scheduler_info()["workers"])
            print(f"   {where}: scheduler {client.scheduler.address}, {len(worker_addresses)} "
                  f"workers, ready in {start_seconds:.2f} s")
            if listening_while_running:  # the scheduler's and the dashboard's, system-picked
                print(f"   this process listens on ports {listening_while_running}")
            with OtherPrograms() as others:
                started = time.perf_counter()
                # pure=False: Dask would otherwise give identical calls one key and compute
                # them once.
                futures = client.map(workers_module.mandelbrot_rows, *zip(*tasks), pure=False)
                results = client.gather(futures)
                wall_seconds = time.perf_counter() - started
            scheduler_address = client.scheduler.address
        finally:
            closing = time.perf_counter()
            if client is not None:
                client.close()
            if cluster is not None:
                cluster.close()
            close_seconds = time.perf_counter() - closing
    dask_run = summarise(results, wall_seconds)
    same = dask_run["total"] == local["total"]
    print(f"   {len(tasks)} tasks in {wall_seconds:.2f} s on worker processes "
          f"{dask_run['worker_pids']} ({dask_run['cores_used']:.2f} cores busy; one process: "
          f"{local['seconds']:.2f} s) → speedup {local['seconds'] / wall_seconds:.2f}×")
    print(f"   same result: {same}; closed in {close_seconds:.2f} s")
    leftovers = leftover_children()
    still_listening = sorted(set(listening_sockets()) - set(listening_before))
    # Dask keeps one idle thread per process ("Dask-Offload") for any later client to reuse.
    extra_threads = sorted(t.name for t in set(threading.enumerate()) - threads_before)
    print(f"   after closing: {len(leftovers)} worker processes, {len(still_listening)} "
          f"listening sockets, extra threads: {', '.join(extra_threads) or 'none'}")
    EVIDENCE["distributed"] = {
        "engine": f"dask.distributed {dask_distributed.__version__}",
        "cluster": "existing" if SCHEDULER else "LocalCluster",
        "scheduler_address": scheduler_address,
        "worker_addresses": worker_addresses,
        "workers": len(worker_addresses),
        "worker_pids": dask_run["worker_pids"],
        "tasks": len(tasks),
        "start_seconds": start_seconds,
        "wall_seconds": wall_seconds,
        "close_seconds": close_seconds,
        "cores_used": dask_run["cores_used"],
        "local_seconds": local["seconds"],
        "local_cores_used": local["cores_used"],
        "cores_available": cores_available(),
        "local_others_cores": local["others_cores"],
        # An existing cluster's workers are not our processes (and may be on other machines):
        # their CPU would count as other programs', so the load there is unknown.
        "others_cores": None if SCHEDULER else others.cores,
        "results_equal": same,
        "leftover_processes": leftovers,
        "listening_while_running": listening_while_running,
        "listening_after_close": still_listening,
        "threads_after_close": extra_threads,
    }


def main():
    list_and_set()
    colliding_set()
    caching()
    with tempfile.TemporaryDirectory(prefix="pyconcepts-scalability-") as scratch:
        workers_module = install_worker_module(scratch)
        try:
            tasks = job_tasks(4 * WORKERS)  # a few tasks per worker evens out the bands' costs
            local_seconds, results, others = run_locally(workers_module, tasks)
            local = {"seconds": local_seconds, "others_cores": others,
                     **summarise(results, local_seconds)}
            parallelism(workers_module, tasks, local)
            distributed(workers_module, tasks, local, scratch)
        finally:
            sys.path.remove(scratch)
            sys.modules.pop(WORKER_MODULE, None)


# Spawned processes import this file again under another name when it runs standalone: the
# guard keeps them from re-running the demo.
if __name__ == "__main__":
    main()

# %% Quiz time: predict, then run
# Each quiz section runs alone in `pyconcepts quiz`, so it defines what it uses.
print("\nQuiz: predict each line before it prints.")

# %% quiz: `-1 in items` on 100,000 numbers: which container answers faster?
# choice: the list
# choice: the set
# why: a list is scanned item by item (O(n)); a set hashes -1 and looks in one slot (O(1)).
import timeit

items = list(range(100_000))
as_set = set(items)
list_time = timeit.timeit(lambda: -1 in items, number=20)
set_time = timeit.timeit(lambda: -1 in as_set, number=20)
print("the set" if set_time < list_time else "the list")
