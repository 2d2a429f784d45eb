"""How the timing snippets choose what to measure and say what they measured: sizes spaced
geometrically, loop counts calibrated as `python3 -m timeit` calibrates its own, and times in the
unit that suits them.

Shared by the scalability and complexity_table snippets: run standalone, Python imports it from
the snippets' directory; embedded, the host provides it.
"""


def geometric_sizes(smallest, largest, per_decade):
    """Sizes evenly spaced on a log scale, `per_decade` of them per factor of ten, from
    `smallest` to `largest`."""
    step = 10 ** (1 / per_decade)
    sizes = [smallest]
    while sizes[-1] * step * step ** 0.5 < largest:  # stop before a size crowds the largest
        sizes.append(round(smallest * step ** len(sizes)))
    return sizes + [largest]


def calibrated_count(seconds_taken_by, at_least):
    """1, 2, 5, 10, 20, 50, …: the first count for which `seconds_taken_by(count)` reaches
    `at_least` seconds, as `python3 -m timeit` calibrates (it aims at 0.2 s; many short repeats
    suit a busy machine)."""
    scale = 1
    while True:
        for multiple in (1, 2, 5):
            count = scale * multiple
            if seconds_taken_by(count) >= at_least:
                return count
        scale *= 10


def format_ns(ns):
    """A time given in nanoseconds, in the largest unit it reaches, to three figures."""
    for unit, scale in (("s", 1e9), ("ms", 1e6), ("µs", 1e3)):
        if ns >= scale:
            return f"{ns / scale:.3g} {unit}"
    return f"{ns:.3g} ns"
