"""How busy the machine was while a snippet measured parallel work.

A speedup below what the cores promise means two different things: the work did not scale, or
other programs took the cores. This module measures the second one directly, so that the judges
can tell them apart: the CPU every program on the machine used (/proc/stat) minus the CPU of this
process and all of its descendants (/proc/PID/stat), over the same wall time, is the number of
cores other programs kept busy. Linux only; elsewhere each function returns None.

Shared by the concurrency and scalability snippets: run standalone, Python imports it from the
snippets' directory; embedded, the host provides it.
"""

import os
import time


def machine_cpu_seconds():
    """CPU seconds every program on this machine has used since boot (/proc/stat), or None."""
    try:
        with open("/proc/stat") as stat:
            ticks = [int(field) for field in stat.readline().split()[1:9]]
    except (OSError, ValueError):
        return None
    idle = ticks[3] + ticks[4]  # idle and iowait
    return (sum(ticks) - idle) / os.sysconf("SC_CLK_TCK")


def _stat_fields(pid):
    """The fields of /proc/PID/stat after the command (which may hold spaces and parentheses)."""
    with open(f"/proc/{pid}/stat") as stat:
        return stat.read().rpartition(")")[2].split()


def tree_cpu_seconds():
    """CPU seconds of this process and every live descendant, each with the children it has
    reaped (a worker that exited mid-measurement still counts, once), or None."""
    try:
        parents = {}
        times = {}
        for entry in os.listdir("/proc"):
            if not entry.isdigit():
                continue
            try:
                fields = _stat_fields(entry)
            except OSError:  # it exited while we looked
                continue
            parents[int(entry)] = int(fields[1])
            # utime, stime, cutime, cstime: fields 14-17 of the full line.
            times[int(entry)] = sum(int(value) for value in fields[11:15])
    except OSError:
        return None
    ours = {os.getpid()}
    grew = True
    while grew:
        grew = False
        for pid, parent in parents.items():
            if parent in ours and pid not in ours:
                ours.add(pid)
                grew = True
    return sum(times.get(pid, 0) for pid in ours) / os.sysconf("SC_CLK_TCK")


class OtherPrograms:
    """Measures, over a `with` block, the cores that programs other than this one (and its
    children) kept busy: `cores` after the block, None where it cannot be known."""

    def __enter__(self):
        self._machine = machine_cpu_seconds()
        self._ours = tree_cpu_seconds()
        self._started = time.perf_counter()
        self.cores = None
        return self

    def __exit__(self, *exc_info):
        wall = time.perf_counter() - self._started
        machine, ours = machine_cpu_seconds(), tree_cpu_seconds()
        if None not in (machine, ours, self._machine, self._ours) and wall > 0:
            others = (machine - self._machine) - (ours - self._ours)
            self.cores = max(0.0, others / wall)
        return False
