"""Question 7: where should we use multithreading, multiprocessing and asyncio?

Run by `pyconcepts demo concurrency`, or on its own with `python3 python_snippets/concurrency.py`.
The same two workloads -- CPU-bound (pure-Python arithmetic) and I/O-bound (requests to a slow
TCP server on 127.0.0.1) -- run four ways: sequentially, on threads, on processes and on an
asyncio event loop. Then: what one blocking call does to an event loop, what starting processes,
threads and tasks costs, whether multiprocessing works from inside an embedded interpreter, and
whether only a process has a GIL of its own (two subinterpreters of this one process, on two
threads).
Every claim's observations go into EVIDENCE; the host judges them.

Everything runs under `if __name__ == "__main__":` because a `spawn` child started from a plain
`python3` run re-imports this file: the guard keeps the child from re-running the whole demo.
"""

import asyncio
import concurrent.futures
import contextlib
import gc
import importlib
import multiprocessing
import os
import socket
import socketserver
import sys
import sysconfig
import tempfile
import textwrap
import threading
import time

from machine_load import machine_cpu_seconds
from screen import fit, say  # lines that fit the screen, also beside this file

PARAMS = globals().get("PARAMS", {})
EVIDENCE = {}


def usable_cores():
    """Cores this process may run on (the affinity mask), not merely how many the machine has."""
    if hasattr(os, "process_cpu_count"):  # 3.13+
        return os.process_cpu_count() or 1
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0))
    return os.cpu_count() or 1


CORES = usable_cores()
WORKERS = int(PARAMS.get("workers", max(2, CORES)))  # threads / processes for the CPU work
WORK_MS = int(PARAMS.get("work_ms", 25))  # CPU work of one task; 4 tasks per worker
REPEATS = int(PARAMS.get("repeats", 3))  # each CPU-bound timing is the best of this many rounds
REQUESTS = int(PARAMS.get("requests", 16))  # I/O-bound: requests to the slow server
DELAY_MS = int(PARAMS.get("delay_ms", 50))  # how long the server waits before answering
BLOCK_MS = int(PARAMS.get("block_ms", 200))  # how long the misbehaving coroutine blocks
START_COUNT = int(PARAMS.get("start_count", 4))  # processes started in the cost comparison
THREADS_PER_PROCESS = 50  # threads and tasks are so cheap that we start many more of them
TASKS_PER_WORKER = 4  # small tasks: a worker slowed down by another program takes fewer of them
EXTRA_ROUNDS_BUDGET_S = 4.5  # extra CPU-bound rounds on a busy machine stop by then
TIMEOUT_S = 60.0  # safety net for healthy pools: never reached unless something is broken
TRAP_TIMEOUT_S = 3.0  # a pool that has not answered by then never will
HEARTBEAT_MS = 10  # the other coroutines wake up this often

# The worker functions live in a real module file, not in this snippet. A `spawn` child is a new
# interpreter: it receives a function *by name* (module + qualified name) and imports it. Inside
# the pyconcepts host this snippet's globals are not any importable module, so a function defined
# here cannot be found by a child. The module is written into a private temporary directory and
# put on sys.path; spawn children receive the parent's sys.path and find it there too.
WORKER_MODULE_NAME = "pyconcepts_concurrency_workers"
WORKER_MODULE_SOURCE = textwrap.dedent(
    '''
    """Worker functions of the concurrency demo: importable by threads and child processes alike."""
    import os
    import signal
    import socket
    import sys
    import time


    def quiet_worker():
        """Pool initializer. Ctrl-C reaches every process of the terminal's group: a worker
        leaves it to the parent, which stops the pool. And a child inherits the parent's
        stdout, which may carry JSON: the worker's goes to /dev/null."""
        signal.signal(signal.SIGINT, signal.SIG_IGN)
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, 1)
        os.close(devnull)


    def spin(iterations):
        """Pure-Python CPU work. Returns (checksum, CPU seconds this process spent on it)."""
        cpu_started = time.process_time()
        total = 0
        for i in range(iterations):
            total += i * i % 7
        return total, time.process_time() - cpu_started


    def fetch(port, number):
        """One request to the slow server: connect, ask, wait for the answer. Mostly waiting.
        Returns (reply, CPU seconds spent, when (perf_counter_ns) it began, had sent the
        request, had the answer and had closed the connection)."""
        cpu_started = time.process_time()
        began = time.perf_counter_ns()
        with socket.create_connection(("127.0.0.1", port), timeout=30) as connection:
            connection.sendall(b"request %d\\n" % number)
            sent = time.perf_counter_ns()
            reply = b""
            while not reply.endswith(b"\\n"):
                chunk = connection.recv(1024)
                if not chunk:
                    break
                reply += chunk
            answered = time.perf_counter_ns()
        moments = [began, sent, answered, time.perf_counter_ns()]
        return reply.decode().strip(), time.process_time() - cpu_started, moments


    def square(x):
        return x * x


    MARK = "set when this module was imported"


    def change_mark(value):
        """Assigns this module's global in the process that runs it; says who saw what."""
        global MARK
        MARK = value
        return os.getpid(), MARK


    def whoami(_):
        """Which program and Python this worker process is running."""
        try:
            program = os.readlink("/proc/self/exe")  # the binary the kernel is running
        except OSError:
            program = None
        return {"pid": os.getpid(), "program": program,
                "sys_executable": sys.executable, "version": sys.version}


    def wait_for_release(ready, release):
        """Cost comparison: say "I am running", then idle until released."""
        quiet_worker()
        ready.wait()
        release.wait()
    '''
)


def square_in_snippet(x):
    """The trap: the same function as workers.square, but defined in this snippet."""
    return x * x


# %% small tools


def memory_kib(pid="self"):
    """(RSS, USS) of a process in KiB. RSS counts every page it maps, shared ones included; USS
    only the pages no other process shares (what it really adds). None where /proc is missing."""
    fields = {}
    try:
        with open(f"/proc/{pid}/smaps_rollup") as rollup:
            for line in rollup:
                name, _, rest = line.partition(":")
                if rest.strip().endswith("kB"):
                    fields[name] = int(rest.split()[0])
    except OSError:
        return None, None
    rss = fields.get("Rss")
    uss = fields.get("Private_Clean", 0) + fields.get("Private_Dirty", 0)
    return rss, uss


def child_pids():
    """Processes whose parent is this process (from /proc), with their state letter."""
    children = {}
    try:
        entries = os.listdir("/proc")
    except OSError:
        return {child.pid: "?" for child in multiprocessing.active_children()}
    for entry in entries:
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as stat:
                # "pid (command) state ppid ...": the command may hold spaces and parentheses.
                fields = stat.read().rpartition(")")[2].split()
        except OSError:
            continue
        if int(fields[1]) == os.getpid():
            children[int(entry)] = fields[0]
    return children


def measure(run):
    """Times `run()`, which returns (results, CPU seconds spent in child processes).
    cores used = CPU seconds of every process of ours / wall seconds. `others_cores` is the CPU
    that other programs on the machine took meanwhile: the room left for parallel work."""
    machine_started = machine_cpu_seconds()
    cpu_started = time.process_time()  # this process, all of its threads
    started = time.perf_counter()
    results, child_cpu = run()
    wall = time.perf_counter() - started
    cpu = time.process_time() - cpu_started + child_cpu
    machine_finished = machine_cpu_seconds()
    others = None
    if machine_started is not None and machine_finished is not None:
        others = max(0.0, (machine_finished - machine_started - cpu) / wall)
    return {"wall_s": wall, "cpu_s": cpu, "cores_used": cpu / wall, "others_cores": others}, results


def best_of(rounds, models, keep_going=lambda best: False, max_rounds=None,
            budget_s=EXTRA_ROUNDS_BUDGET_S):
    """Runs every model once per round, interleaved, and keeps each one's fastest run: a busy
    machine only ever slows a run down, so the fastest is the least disturbed. While
    `keep_going(best)` says the picture is still unclear, adds rounds, up to `max_rounds` and
    as long as the next one should end within `budget_s` of the start.
    Returns the best runs, the results, the rounds run, and the cores other programs used on
    average over all of them (None without /proc)."""
    best, results, runs, done = {}, {}, [], 0
    started = time.perf_counter()

    def another_round_fits():
        elapsed = time.perf_counter() - started
        return elapsed + elapsed / done <= budget_s

    while done < rounds or (done < (max_rounds or rounds) and keep_going(best)
                            and another_round_fits()):
        for name, run in models.items():
            timing, results[name] = measure(run)
            runs.append(timing)
            if name not in best or timing["wall_s"] < best[name]["wall_s"]:
                best[name] = timing
        done += 1
    others = None
    if all(run["others_cores"] is not None for run in runs):
        others = (sum(run["others_cores"] * run["wall_s"] for run in runs)
                  / sum(run["wall_s"] for run in runs))
    return best, results, done, others


def with_speedups(timings):
    baseline = timings["sequential"]["wall_s"]
    for timing in timings.values():
        timing["speedup"] = baseline / timing["wall_s"]
    return timings


def error_text(error):
    return type(error).__name__, str(error) or repr(error)


# %% 1 and 2: one table, two workloads, four models


def calibrate_iterations(spin, work_ms):
    """How many loop iterations of `spin` take about `work_ms` of CPU on this machine."""
    probe = 100_000
    best = min(spin(probe)[1] for _ in range(5)) or 1e-3  # the fastest: least disturbed
    return max(1000, int(probe * work_ms / 1000 / best))


class SlowHandler(socketserver.StreamRequestHandler):
    """Answers each request after a delay, like a slow database or web service."""

    def handle(self):
        request = self.rfile.readline().strip()
        time.sleep(self.server.delay_s)
        self.wfile.write(b"answer to " + request + b"\n")


class SlowServer(socketserver.ThreadingTCPServer):
    request_queue_size = 128  # every request may arrive at once: don't drop connections
    daemon_threads = False  # server_close() joins the handler threads: none outlives the demo
    block_on_close = True


def cpu_and_io_tables(workers, process_pool, method):
    tasks = WORKERS * TASKS_PER_WORKER
    iterations = calibrate_iterations(workers.spin, WORK_MS)
    reported_cpu = 0.0  # CPU seconds the pool's workers report, checked against os.times later

    def on_pool(function, *arguments):
        """Maps on the process pool; returns the results and the CPU the workers spent."""
        nonlocal reported_cpu
        done = list(process_pool.map(function, *arguments, timeout=TIMEOUT_S))
        reported_cpu += sum(r[1] for r in done)
        return [r[0] for r in done], sum(r[1] for r in done)

    def cpu_sequential():
        return [workers.spin(iterations)[0] for _ in range(tasks)], 0.0

    def cpu_threads():
        with concurrent.futures.ThreadPoolExecutor(max_workers=WORKERS) as pool:
            return [r[0] for r in pool.map(workers.spin, [iterations] * tasks)], 0.0

    def cpu_processes():
        return on_pool(workers.spin, [iterations] * tasks)  # workers report their own CPU

    async def spin_in_coroutine():
        return workers.spin(iterations)[0]  # no await inside: the loop can't switch away

    def cpu_asyncio():
        async def all_tasks():
            return await asyncio.gather(*(spin_in_coroutine() for _ in range(tasks)))

        return asyncio.run(all_tasks()), 0.0

    say(f"1. CPU-bound: {tasks} tasks of ~{WORK_MS} ms of pure-Python arithmetic "
        f"({iterations:,} loop iterations each), {WORKERS} workers, {CORES} usable cores.", 0, 3)

    def processes_unclear(best):
        """Processes have not (yet) shown a clear speedup on more than one core's worth of CPU:
        maybe another program is using the machine."""
        clear = 1 + 0.4 * (min(WORKERS, CORES) - 1)
        speedup = best["sequential"]["wall_s"] / best["multiprocessing"]["wall_s"]
        return clear > 1 and (speedup < clear or best["multiprocessing"]["cores_used"] < clear)

    cpu, cpu_results, rounds, cpu_others = best_of(REPEATS, {
        "sequential": cpu_sequential,
        "threading": cpu_threads,
        "multiprocessing": cpu_processes,
        "asyncio": cpu_asyncio,
    }, keep_going=processes_unclear, max_rounds=2 * REPEATS)
    with_speedups(cpu)
    cpu_results_equal = all(r == cpu_results["sequential"] for r in cpu_results.values())

    say(f"2. I/O-bound: {REQUESTS} requests to a server on 127.0.0.1 that answers each after "
        f"{DELAY_MS} ms.", 0, 3)
    server = SlowServer(("127.0.0.1", 0), SlowHandler)  # port 0: the OS picks a free port
    server.delay_s = DELAY_MS / 1000
    port = server.server_address[1]
    serving = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05},
                               name="slow-server")
    serving.start()
    try:
        def io_sequential():
            return [workers.fetch(port, n)[0] for n in range(REQUESTS)], 0.0

        # Each request's moments on threads and on the event loop, for the timeline: began,
        # sent, answered, closed, in ns after the model's run began.
        io_timeline = {}

        def io_threads():
            began = time.perf_counter_ns()
            with concurrent.futures.ThreadPoolExecutor(max_workers=REQUESTS) as pool:
                done = list(pool.map(workers.fetch, [port] * REQUESTS, range(REQUESTS)))
            io_timeline["threading"] = [[at - began for at in r[2]] for r in done]
            return [r[0] for r in done], 0.0

        def io_processes():
            return on_pool(workers.fetch, [port] * REQUESTS, range(REQUESTS))

        async def fetch_async(number, moments):
            moments.append(time.perf_counter_ns())
            reader, writer = await asyncio.open_connection("127.0.0.1", port)
            try:
                writer.write(b"request %d\n" % number)
                await writer.drain()
                moments.append(time.perf_counter_ns())
                reply = (await reader.readline()).decode().strip()
                moments.append(time.perf_counter_ns())
                return reply
            finally:
                writer.close()
                await writer.wait_closed()
                moments.append(time.perf_counter_ns())

        def io_asyncio():
            moments = [[] for _ in range(REQUESTS)]

            async def all_requests():
                return await asyncio.gather(*(fetch_async(n, own) for n, own in enumerate(moments)))

            began = time.perf_counter_ns()
            replies = asyncio.run(all_requests())
            io_timeline["asyncio"] = [[at - began for at in own] for own in moments]
            return replies, 0.0

        io, io_results, _, _ = best_of(1, {
            "sequential": io_sequential,
            "threading": io_threads,
            "multiprocessing": io_processes,
            "asyncio": io_asyncio,
        })
    finally:
        server.shutdown()
        server.server_close()  # closes the listening socket and joins the handler threads
        serving.join()
    with_speedups(io)
    expected_replies = [f"answer to request {n}" for n in range(REQUESTS)]
    io_replies_ok = all(r == expected_replies for r in io_results.values())

    print("\n   workload   model              wall   speedup  cores used")
    for workload, timings in (("CPU-bound", cpu), ("I/O-bound", io)):
        for model, t in timings.items():
            print(f"   {workload:<10} {model:<16} {t['wall_s']:6.3f} s  {t['speedup']:5.2f}x"
                  f"  {t['cores_used']:9.2f}")
    say(f"(CPU-bound: the best of {rounds} rounds; processes: a warm pool of {WORKERS} "
        f"'{method}' workers, whose CPU time counts in cores used.)", 3, 4)
    if cpu_others is not None and cpu_others >= 0.25:
        say(f"Meanwhile other programs on this machine used {cpu_others:.2f} of its {CORES} "
            "cores on average: parallel work had less room.")
    inflation = cpu["multiprocessing"]["cpu_s"] / cpu["sequential"]["cpu_s"]
    if inflation >= 1.25:
        say(f"The processes' work took {inflation:.2f}x the CPU time it took on one core "
            "alone: cores running at once slowed each other down.")

    gil = gil_enabled()
    EVIDENCE["cpu_bound_needs_processes"] = {
        "cores": CORES, "workers": WORKERS, "tasks": tasks, "work_ms": WORK_MS,
        "iterations_per_task": iterations, "rounds": rounds, "start_method": method,
        "gil_enabled": gil, "results_equal": cpu_results_equal, "models": cpu,
        "others_cores_average": cpu_others,
    }
    EVIDENCE["io_bound_threads_or_asyncio"] = {
        "requests": REQUESTS, "delay_ms": DELAY_MS, "workers": WORKERS,
        "server": f"127.0.0.1:{port}", "replies_ok": io_replies_ok, "models": io,
        "timeline": io_timeline,
    }
    return port, reported_cpu


def gil_enabled():
    probe = getattr(sys, "_is_gil_enabled", None)  # 3.13+
    if probe is not None:
        return bool(probe())
    return not sysconfig.get_config_var("Py_GIL_DISABLED")


# %% 3: one blocking call stalls the whole event loop


async def heartbeat(period_s, stop_at, lateness, wakeups):
    """Wakes up every `period_s` and records how late each wake-up was, and when (ns: when it
    went to sleep, when it was due, when it woke)."""
    while time.perf_counter() < stop_at:
        asleep = time.perf_counter_ns()
        due = asleep + round(period_s * 1e9)
        await asyncio.sleep(period_s)
        woke = time.perf_counter_ns()
        lateness.append((woke - due) / 1e9)
        wakeups.append([asleep, due, woke])


async def slow_coroutine(how, block_s, waited):
    await asyncio.sleep(0.02)  # let the heartbeats get going first
    waited.append(time.perf_counter_ns())
    if how == "time.sleep":
        time.sleep(block_s)  # blocks the thread, and so the loop and every task on it
    elif how == "await asyncio.sleep":
        await asyncio.sleep(block_s)  # suspends only this coroutine
    else:
        await asyncio.to_thread(time.sleep, block_s)  # the blocking call moves to a thread
    waited.append(time.perf_counter_ns())


async def blocking_scenario(how, block_s, heartbeats):
    """The heartbeats' lateness, sorted, and the timeline: each heartbeat's wake-ups and when
    the slow coroutine waited, in ns after the scenario began."""
    lateness, wakeups, waited = [], [[] for _ in range(heartbeats)], []
    began = time.perf_counter_ns()
    stop_at = time.perf_counter() + block_s + 0.08
    await asyncio.gather(
        *(heartbeat(HEARTBEAT_MS / 1000, stop_at, lateness, own) for own in wakeups),
        slow_coroutine(how, block_s, waited),
    )
    timeline = {
        "heartbeats_ns": [[[at - began for at in wakeup] for wakeup in own] for own in wakeups],
        "wait_ns": [at - began for at in waited],
    }
    return sorted(lateness), timeline


def blocking_call():
    heartbeats = 3
    say(f"\n3. {heartbeats} coroutines wake up every {HEARTBEAT_MS} ms while another one waits "
        f"{BLOCK_MS} ms. How late are their wake-ups?", 0, 3)
    print(f"   {'the one waiting with':<28}{'others woke up late by at most':>32}{'median':>10}")
    variants = {}
    for key, how in (("time_sleep", "time.sleep"), ("asyncio_sleep", "await asyncio.sleep"),
                     ("to_thread", "asyncio.to_thread")):
        lateness, timeline = asyncio.run(blocking_scenario(how, BLOCK_MS / 1000, heartbeats))
        median_ms, max_ms = lateness[len(lateness) // 2] * 1000, lateness[-1] * 1000
        variants[key] = {"call": how, "wakeups": len(lateness),
                         "median_lateness_ms": median_ms, "max_lateness_ms": max_ms,
                         "timeline": timeline}
        print(f"   {how + '(...)':<28}{max_ms:>29.1f} ms{median_ms:>7.1f} ms")
    EVIDENCE["blocking_call_stalls_event_loop"] = {
        "block_ms": BLOCK_MS, "heartbeat_ms": HEARTBEAT_MS, "heartbeats": heartbeats,
        "variants": variants,
    }


# %% 4: what it costs to start processes, threads and tasks


def start_processes(workers, method, count):
    """Starts `count` processes, waits until every one is running, measures them, releases them."""
    context = multiprocessing.get_context(method)
    ready = context.Barrier(count + 1)  # the children and this process
    release = context.Event()
    processes = [context.Process(target=workers.wait_for_release, args=(ready, release))
                 for _ in range(count)]
    started_processes = []  # only what really started is joined
    children_before = os.times()
    cpu_started = time.process_time()
    started = time.perf_counter()
    try:
        for process in processes:
            process.start()
            started_processes.append(process)
        ready.wait(timeout=TIMEOUT_S)
        seconds = time.perf_counter() - started
        cpu = time.process_time() - cpu_started
        sizes = [memory_kib(process.pid) for process in processes]
    finally:
        release.set()
        for process in started_processes:
            process.join(timeout=TIMEOUT_S)
            if process.is_alive():
                process.kill()
                process.join()
            process.close()
    children_after = os.times()  # the children's CPU time counts once they are joined
    cpu += (children_after.children_user - children_before.children_user
            + children_after.children_system - children_before.children_system)
    rss = [size[0] for size in sizes if size[0] is not None]
    uss = [size[1] for size in sizes if size[1] is not None]
    return {
        "kind": f"process ({method})", "count": count, "start_ms_total": seconds * 1000,
        "start_ms_each": seconds * 1000 / count, "cpu_ms_each": cpu * 1000 / count,
        "rss_kib_each": sum(rss) / len(rss) if rss else None,
        "memory_kib_each": sum(uss) / len(uss) if uss else None,  # USS: what each one adds
    }


def start_threads(count):
    running, counting = 0, threading.Lock()
    all_running, release = threading.Event(), threading.Event()

    def idle():
        nonlocal running
        with counting:
            running += 1
            if running == count:
                all_running.set()
        release.wait()

    threads = [threading.Thread(target=idle) for _ in range(count)]
    started_threads = []  # only what really started is joined
    gc.collect()
    rss_before = memory_kib()[0]
    cpu_started = time.process_time()
    started = time.perf_counter()
    try:
        for thread in threads:
            thread.start()
            started_threads.append(thread)
        all_running.wait(timeout=TIMEOUT_S)
        seconds = time.perf_counter() - started
        cpu = time.process_time() - cpu_started
        rss_after = memory_kib()[0]
    finally:
        release.set()
        for thread in started_threads:
            thread.join()
    return unit_cost("thread", count, seconds, cpu, rss_before, rss_after)


def start_tasks(count):
    async def all_tasks():
        running = 0
        all_running, release = asyncio.Event(), asyncio.Event()

        async def task():
            nonlocal running
            running += 1
            if running == count:
                all_running.set()
            await release.wait()

        gc.collect()
        rss_before = memory_kib()[0]
        cpu_started = time.process_time()
        started = time.perf_counter()
        tasks = [asyncio.create_task(task()) for _ in range(count)]
        await all_running.wait()
        seconds = time.perf_counter() - started
        cpu = time.process_time() - cpu_started
        rss_after = memory_kib()[0]
        release.set()
        await asyncio.gather(*tasks)
        return unit_cost("asyncio task", count, seconds, cpu, rss_before, rss_after)

    return asyncio.run(all_tasks())


def unit_cost(kind, count, seconds, cpu, rss_before, rss_after):
    delta = rss_after - rss_before if rss_before is not None and rss_after is not None else None
    return {
        "kind": kind, "count": count, "start_ms_total": seconds * 1000,
        "start_ms_each": seconds * 1000 / count, "cpu_ms_each": cpu * 1000 / count,
        "rss_kib_each": None if delta is None else delta / count,
        "memory_kib_each": None if delta is None else max(delta, 0) / count,  # RSS growth
    }


def start_costs(workers, methods):
    many = START_COUNT * THREADS_PER_PROCESS
    say(f"\n4. What starting them costs: {START_COUNT} processes per start method, "
        f"{many} threads, {many} asyncio tasks. Per unit:", 0, 3)
    units = [start_processes(workers, method, START_COUNT)
             for method in ("fork", "spawn") if method in methods]
    units += [start_threads(many), start_tasks(many)]
    print("   unit               until running   CPU spent   memory added")
    for unit in units:
        memory = unit["memory_kib_each"]
        memory = "n/a" if memory is None else f"{memory:9.1f} KiB"
        print(f"   {unit['kind']:<18} {unit['start_ms_each']:9.3f} ms  "
              f"{unit['cpu_ms_each']:7.3f} ms  {memory}")
    say("(CPU spent includes the children's; a process's memory is its USS, the pages it "
        "shares with no other process)", 3, 4)
    threads = EVIDENCE["cpu_bound_needs_processes"]
    EVIDENCE["parallelism_costs_more"] = {
        "gil_enabled": gil_enabled(), "units": units,
        # Whether parallelism needs processes on this build at all: part 1's threads.
        "threads_on_cpu_work": {
            "cores": threads["cores"], "workers": threads["workers"],
            "speedup": threads["models"]["threading"]["speedup"],
            "cores_used": threads["models"]["threading"]["cores_used"],
        },
    }


# %% 5: multiprocessing from inside an embedded interpreter


def try_pool(method, jobs, timeout, initializer=None):
    """Runs each (function, items) job as a map on one 2-process pool. Returns (list of results
    or None, error or None, timed out?). A pool whose workers can't run the function may wait
    forever, so every wait has a timeout and the pool is always terminated and joined."""
    context = multiprocessing.get_context(method)
    pool = context.Pool(2, initializer=initializer)
    try:
        results = [pool.map_async(function, items).get(timeout=timeout)
                   for function, items in jobs]
        pool.close()
        return results, None, False
    except multiprocessing.TimeoutError:
        return None, None, True
    except Exception as error:  # whatever the interpreter raises is the evidence
        return None, error_text(error), False
    finally:
        pool.terminate()  # nothing left to stop on a closed, finished pool; kills a stuck one
        pool.join()


def embedded_host(workers, methods):
    in_host = is_embedded()
    try:
        own_program = os.readlink("/proc/self/exe")
    except OSError:
        own_program = None
    say(f"\n5. multiprocessing from {'inside the pyconcepts host' if in_host else 'python3'}, "
        f"which is the program {own_program}.", 0, 3)
    say(f"sys.executable is {sys.executable}: the Python that spawn and forkserver start.")
    expected = [workers.square(x) for x in range(20)]
    tried = []
    print(f"   {'method':<11} {'squares on the pool':<26}the child process runs")
    for method in methods:
        started = time.perf_counter()
        results, error, timed_out = try_pool(
            method, [(workers.square, range(20)), (workers.whoami, range(2))], TIMEOUT_S,
            workers.quiet_worker)
        seconds = time.perf_counter() - started
        squares, identities = results or (None, [])
        children = {(i["program"], i["sys_executable"], i["version"]) for i in identities}
        tried.append({
            "method": method,
            "worked": results is not None,
            "result_matches": squares == expected,
            "seconds": seconds,
            "timed_out": timed_out,
            "error_type": error[0] if error else None,
            "error": error[1] if error else None,
            "children": [{"program": p, "sys_executable": e, "version": v}
                         for p, e, v in sorted(children, key=str)],
        })
        if results is None:
            why = f"{error[0]}: {error[1]}" if error else f"no answer within {TIMEOUT_S:.0f} s"
            say(f"{method:<11} FAILED after {seconds:.2f} s: {why}", 3, 15)
        for program, executable, version in sorted(children, key=str):
            if method == "fork":  # fork copies the running process: no program is started
                which = "a copy of this process" if program == own_program else "?!"
            else:
                which = ("sys.executable" if program == os.path.realpath(executable) else
                         f"not sys.executable {executable}")
            # The program's path is long: on a narrow screen it goes on lines of its own.
            fit(f"   {method:<11} {'== sequential' if squares == expected else '!= sequential'}"
                f" in {seconds:4.2f} s   ", f"{program} ({which}), Python {version.split()[0]}")

    print("   The trap: the same function, defined in this snippet instead of a module:")
    trap = []
    for method in [m for m in ("spawn", "fork") if m in methods]:
        started = time.perf_counter()
        results, error, timed_out = try_pool(method, [(square_in_snippet, [1, 2, 3])],
                                             TRAP_TIMEOUT_S)
        seconds = time.perf_counter() - started
        trap.append({
            "method": method, "worked": results == [[1, 4, 9]], "timed_out": timed_out,
            "timeout_s": TRAP_TIMEOUT_S, "seconds": seconds,
            "error_type": error[0] if error else None, "error": error[1] if error else None,
        })
        if timed_out:
            outcome = (f"no answer within {TRAP_TIMEOUT_S:.0f} s: the pool would have waited "
                       "forever, so it was terminated")
        elif error:
            outcome = f"failed after {seconds:.2f} s: {error[0]}: {error[1]}"
        else:
            outcome = f"worked ({results[0]}) in {seconds:.2f} s"
        say(f"{method:<11} {outcome}", 3, 15)
    say("A pool sends its function to the workers by module and name (pickle): the function "
        "must live in a module the child can import.")
    if any(t["worked"] for t in trap):
        say("Run as a script, this file is itself an importable __main__: a spawn child "
            "re-imports it (as __mp_main__), which is why all the work here sits under "
            "`if __name__ == \"__main__\":`.")
    EVIDENCE["processes_from_embedded_host"] = {
        "embedded": in_host,
        "parent_program": own_program,
        "parent_sys_executable": sys.executable,
        "parent_sys_executable_resolved": os.path.realpath(sys.executable),
        "parent_version": sys.version,
        "required": ["fork", "spawn"],
        "available": methods,
        "methods": tried,
        "trap": trap,
    }


def is_embedded():
    try:
        import _pyconcepts  # noqa: F401 (only the pyconcepts host has this module)
    except ImportError:
        return False
    return True


# %% 6: each process has its own GIL, interpreter and memory -- and one process can hold several

SUBINTERPRETER_MODULES = ("concurrent.interpreters", "_interpreters", "_xxsubinterpreters")
SUB_WORK_MS = 40  # CPU work of each subinterpreter in one timed run
SUB_ROUNDS = 3  # best of this many (up to twice as many while the picture is unclear)
SUB_BUDGET_S = 1.5  # extra rounds stop by then
# Runs inside a subinterpreter: pure-Python CPU work, then its PID and checksum down a pipe (an
# int file descriptor crosses interpreters; the subinterpreter has no _pyconcepts, and needs none).
# The loop sits in a function, as workers.spin's does: at module level its names would be dict
# lookups, slower than the work it was calibrated on.
SUB_SPIN_SOURCE = """
import os


def spin(iterations):
    total = 0
    for i in range(iterations):
        total += i * i % 7
    return total


os.write(REPLY_FD, b"%d %d\\n" % (os.getpid(), spin(ITERATIONS)))
"""


class Subinterpreters:
    """The subinterpreter API this build has, behind one small interface: `concurrent.interpreters`
    (3.14+), `_interpreters` (3.13), `_xxsubinterpreters` (3.11, 3.12). Found by importing, never
    by version: which module exists and what it can do is the evidence."""

    def __init__(self):
        self.missing = []
        self.module_name, self.module = None, None
        for name in SUBINTERPRETER_MODULES:
            try:
                self.module = importlib.import_module(name)
                self.module_name = name
                break
            except ImportError:
                self.missing.append(name)
        self.created = []

    def create(self):
        """A new interpreter, asking for a GIL of its own where the API lets us ask."""
        if self.module_name == "concurrent.interpreters":
            interpreter = self.module.create()
        elif self.module_name == "_interpreters":
            interpreter = self.module.create(self.module.new_config("isolated"))
        else:
            interpreter = self.module.create()
        self.created.append(interpreter)
        return interpreter

    def gil_setting(self, interpreter):
        """The GIL the interpreter's config says it has ('own', 'shared'), where the API tells."""
        low_level = sys.modules.get("_interpreters")
        if low_level is None or not hasattr(low_level, "get_config"):
            return None
        interpreter_id = getattr(interpreter, "id", interpreter)
        return getattr(low_level.get_config(interpreter_id), "gil", None)

    def run(self, interpreter, source, **names):
        """Runs `source` in the interpreter's __main__ with `names` bound; raises if it failed."""
        if self.module_name == "concurrent.interpreters":
            interpreter.prepare_main(**names)
            interpreter.exec(source)
        elif self.module_name == "_interpreters":
            failure = self.module.exec(interpreter, source, names)
            if failure is not None:  # 3.13 returns what the code raised instead of raising it
                raise RuntimeError(f"in the subinterpreter: {getattr(failure, 'msg', failure)}")
        else:
            self.module.run_string(interpreter, source, names)

    def close(self):
        for interpreter in self.created:
            if self.module_name == "concurrent.interpreters":
                interpreter.close()
            else:
                self.module.destroy(interpreter)
        self.created = []


@contextlib.contextmanager
def process_pool_of(workers_count, initializer, method):
    """A process pool, shut down after the block.

    Interrupted (Ctrl-C, SIGTERM) while the pool is still starting, the pool may hold a
    manager thread that was never started, and shutdown() then raises RuntimeError: the
    interruption is what must reach the caller, so that error is dropped on that path only."""
    pool = concurrent.futures.ProcessPoolExecutor(
        max_workers=workers_count, initializer=initializer,
        mp_context=multiprocessing.get_context(method))
    try:
        yield pool
    except BaseException:
        with contextlib.suppress(RuntimeError):
            pool.shutdown(wait=True, cancel_futures=True)
        raise
    pool.shutdown(wait=True, cancel_futures=True)


def separate_memory(workers, method):
    """A child process assigns a module global; does this process see it?"""
    before = workers.MARK
    with process_pool_of(1, workers.quiet_worker, method) as pool:
        child_pid, child_saw = pool.submit(workers.change_mark, "changed by the child").result(
            timeout=TIMEOUT_S)
    return {"start_method": method, "parent_pid": os.getpid(), "child_pid": child_pid,
            "name": "MARK", "before": before, "child_set": "changed by the child",
            "child_saw": child_saw, "parent_after": workers.MARK}


def processes_at_once():
    """Part 1's processes against its sequential run: the same work, two ways."""
    cpu = EVIDENCE["cpu_bound_needs_processes"]
    sequential, processes = cpu["models"]["sequential"], cpu["models"]["multiprocessing"]
    return {"workers": cpu["workers"], "rounds": cpu["rounds"],
            "sequential_s": sequential["wall_s"], "sequential_cpu_s": sequential["cpu_s"],
            "parallel_s": processes["wall_s"], "parallel_cpu_s": processes["cpu_s"],
            "cores_used": processes["cores_used"], "others_cores": processes["others_cores"],
            "speedup": sequential["wall_s"] / processes["wall_s"]}


def subinterpreters_at_once(workers):
    """Two interpreters in this one process, each given CPU work: in turn on this thread, then
    at once on two threads. With one GIL between them they take turns; with a GIL each (or
    none) they run together."""
    found = {"module": None, "missing": [], "gil_setting": None, "created": 0,
             "parent_pid": os.getpid(), "pids": [], "results_ok": False, "at_once": None,
             "error_type": None, "error": None}
    api = Subinterpreters()
    found["module"], found["missing"] = api.module_name, api.missing
    if api.module is None:
        return found
    iterations = calibrate_iterations(workers.spin, SUB_WORK_MS)
    expected = workers.spin(iterations)[0]
    reply_read, reply_write = os.pipe()
    os.set_blocking(reply_read, False)
    try:
        interpreters = [api.create() for _ in range(2)]
        found["created"] = len(interpreters)
        found["gil_setting"] = api.gil_setting(interpreters[0])

        def replies():
            """What the interpreters wrote; never waits: one that wrote nothing is a wrong
            result, not a hang."""
            try:
                text = os.read(reply_read, 65536).decode()
            except BlockingIOError:
                return []
            return [tuple(int(field) for field in line.split()) for line in text.splitlines()]

        def in_turn():
            for interpreter in interpreters:
                api.run(interpreter, SUB_SPIN_SOURCE, ITERATIONS=iterations, REPLY_FD=reply_write)
            return replies(), 0.0

        def at_once():
            failures = []

            def run_in(interpreter):
                try:
                    api.run(interpreter, SUB_SPIN_SOURCE, ITERATIONS=iterations,
                            REPLY_FD=reply_write)
                except Exception as error:  # reported below, on this thread
                    failures.append(error)

            threads = [threading.Thread(target=run_in, args=(i,)) for i in interpreters]
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join()
            if failures:
                raise failures[0]
            return replies(), 0.0

        def unclear(best):
            """Between what counts as taking turns and as running at once for two workers (the
            host's rule: below 1.15, from 1.3), or other programs busy on more than a quarter of
            a core: another round may settle it."""
            at_once_run = best["at_once"]
            speedup = best["in_turn"]["wall_s"] / at_once_run["wall_s"]
            crowded = (at_once_run["others_cores"] or 0) > 0.25
            return CORES > 1 and (crowded or 1.15 <= min(speedup, at_once_run["cores_used"]) < 1.3)

        best, results, rounds, _ = best_of(SUB_ROUNDS, {"in_turn": in_turn, "at_once": at_once},
                                           keep_going=unclear, max_rounds=2 * SUB_ROUNDS,
                                           budget_s=SUB_BUDGET_S)
        answers = results["in_turn"] + results["at_once"]
        found["pids"] = sorted({pid for pid, _ in answers})
        found["results_ok"] = len(answers) == 4 and all(total == expected for _, total in answers)
        in_turn_run, at_once_run = best["in_turn"], best["at_once"]
        found["at_once"] = {
            "workers": len(interpreters), "rounds": rounds,
            "sequential_s": in_turn_run["wall_s"], "sequential_cpu_s": in_turn_run["cpu_s"],
            "parallel_s": at_once_run["wall_s"], "parallel_cpu_s": at_once_run["cpu_s"],
            "cores_used": at_once_run["cores_used"], "others_cores": at_once_run["others_cores"],
            "speedup": in_turn_run["wall_s"] / at_once_run["wall_s"]}
    except Exception as error:  # whatever the interpreter raises is the evidence
        found["error_type"], found["error"] = error_text(error)
    finally:
        api.close()
        os.close(reply_read)
        os.close(reply_write)
    return found


def own_gil(workers, method):
    say("\n6. Each process has its own GIL, interpreter and memory. Does only a process?", 0, 3)
    memory = separate_memory(workers, method)
    say(f"a child process (pid {memory['child_pid']}; this one is {memory['parent_pid']}) "
        f"set workers.MARK = {memory['child_set']!r} and read back {memory['child_saw']!r}; "
        f"here MARK is {memory['parent_after']!r}.")
    processes = processes_at_once()
    say(f"part 1's {processes['workers']} processes, each running Python: cores used "
        f"{processes['cores_used']:.2f}, speedup {processes['speedup']:.2f}")
    subs = subinterpreters_at_once(workers)
    if subs["module"] is None:
        say(f"this build has no subinterpreter module (tried {', '.join(subs['missing'])}).")
    elif subs["error"]:
        say(f"{subs['module']}: {subs['error_type']}: {subs['error']}")
    else:
        setting = subs["gil_setting"] or "not reported by this API"
        runs = subs["at_once"]
        say(f"{subs['module']}: {subs['created']} interpreters in this process (pids "
            f"{subs['pids']}), their config's GIL: {setting}; each given ~{SUB_WORK_MS} ms of CPU "
            f"work: in turn {runs['sequential_s']:.3f} s, on two threads at once "
            f"{runs['parallel_s']:.3f} s: speedup {runs['speedup']:.2f}, cores used "
            f"{runs['cores_used']:.2f}")
    say(f"this build {'has a GIL' if gil_enabled() else 'runs without a GIL'}.")
    EVIDENCE["each_process_own_gil"] = {
        "gil_enabled": gil_enabled(), "cores": CORES, "processes": memory,
        "processes_at_once": processes, "subinterpreters": subs,
    }


# %% clean-up: nothing may outlive the demo


def stop_multiprocessing_helpers(children_before):
    """multiprocessing keeps two helper processes for the rest of the program's life: the
    resource tracker (started by spawn and forkserver) and the fork server. A long-lived host
    that must leave nothing behind stops the ones this demo started, as CPython's own tests do
    (with these private methods, hence the feature checks)."""
    from multiprocessing import forkserver, resource_tracker

    for helper, pid_attribute in ((forkserver._forkserver, "_forkserver_pid"),
                                  (resource_tracker._resource_tracker, "_pid")):
        pid = getattr(helper, pid_attribute, None)
        if pid is not None and pid not in children_before and hasattr(helper, "_stop"):
            helper._stop()


def main():
    children_before = set(child_pids())
    threads_before = {thread.ident for thread in threading.enumerate()}
    methods = multiprocessing.get_all_start_methods()
    # The table's processes: fork where the platform has it (Linux's default), else spawn.
    table_method = "fork" if "fork" in methods else "spawn"
    port = None
    with tempfile.TemporaryDirectory(prefix="pyconcepts-concurrency-") as private_dir:
        with open(os.path.join(private_dir, WORKER_MODULE_NAME + ".py"), "w") as module_file:
            module_file.write(WORKER_MODULE_SOURCE)
        sys.path.insert(0, private_dir)
        try:
            workers = importlib.import_module(WORKER_MODULE_NAME)
            times_before = os.times()
            with process_pool_of(WORKERS, workers.quiet_worker, table_method) as process_pool:
                # Start the workers before timing anything: start-up is measured in part 4.
                list(process_pool.map(workers.square, range(WORKERS * 4), timeout=TIMEOUT_S))
                port, reported_cpu = cpu_and_io_tables(workers, process_pool, table_method)
            times_after = os.times()  # children's CPU time counts once they are joined
            children_cpu = (times_after.children_user - times_before.children_user
                            + times_after.children_system - times_before.children_system)
            say(f"Cross-check: once joined, the pool's workers had used {children_cpu:.2f} s "
                f"of CPU (os.times); their own reports add up to {reported_cpu:.2f} s.")
            EVIDENCE["cpu_bound_needs_processes"]["pool_cpu_s"] = {
                "os_times_after_join": children_cpu, "reported_by_workers": reported_cpu}
            blocking_call()
            start_costs(workers, methods)
            embedded_host(workers, methods)
            own_gil(workers, table_method)
        finally:
            sys.path.remove(private_dir)
            sys.modules.pop(WORKER_MODULE_NAME, None)
            gc.collect()  # semaphores of dead pools are released when their objects are freed
            stop_multiprocessing_helpers(children_before)

    leftover_children = {pid: state for pid, state in child_pids().items()
                         if pid not in children_before}
    leftover_threads = [thread.name for thread in threading.enumerate()
                        if thread.ident not in threads_before]
    server_closed = port is None or refuses_connections(port)
    say(f"\nAfterwards: {len(leftover_children)} child processes and "
        f"{len(leftover_threads)} threads left; the server's port "
        f"{'refuses connections' if server_closed else 'STILL ACCEPTS connections'}.")
    if "processes_from_embedded_host" in EVIDENCE:
        EVIDENCE["processes_from_embedded_host"]["leftover_children"] = sorted(leftover_children)
        EVIDENCE["processes_from_embedded_host"]["leftover_threads"] = leftover_threads
        EVIDENCE["processes_from_embedded_host"]["server_closed"] = server_closed


def refuses_connections(port):
    try:
        socket.create_connection(("127.0.0.1", port), timeout=1).close()
    except OSError:
        return True
    return False


if __name__ == "__main__":
    main()

# %% Quiz time: predict, then run
# Each quiz section runs alone in `pyconcepts quiz`, so it defines what it uses. Each runs its
# code under the guard too: a spawn child re-imports this file when it runs as a script.
if __name__ == "__main__":
    print("\nShort cases, each on its own:")

# %% quiz: asyncio.gather runs three coroutines that each sleep 0.1 s. About how long?
# choice: about 0.3 s
# choice: about 0.1 s
# why: while one coroutine awaits its sleep, the event loop runs the others: the waits overlap.
import asyncio
import time


async def nap():
    await asyncio.sleep(0.1)


async def main():
    started = time.perf_counter()
    await asyncio.gather(nap(), nap(), nap())
    return time.perf_counter() - started


if __name__ == "__main__":
    print("about 0.1 s" if asyncio.run(main()) < 0.2 else "about 0.3 s")

# %% quiz: A thread, then a child process, each assign the global `owner`. What is printed here?
# choice: main main
# choice: thread process
# choice: thread thread
# why: a thread shares its process's memory, so its assignment is seen here. A child process has a
# why: memory space of its own (under fork, a copy): its assignment never reaches this process.
import multiprocessing
import threading

owner = "main"


def take_over(who):
    global owner
    owner = who


if __name__ == "__main__":
    thread = threading.Thread(target=take_over, args=("thread",))
    thread.start()
    thread.join()
    after_thread = owner
    methods = multiprocessing.get_all_start_methods()
    context = multiprocessing.get_context("fork" if "fork" in methods else "spawn")
    child = context.Process(target=take_over, args=("process",))
    child.start()
    child.join()
    print(after_thread, owner)
