"""Question 9: what is a closure in Python?

Run by `pyconcepts demo closures`, or on its own with `python3 python_snippets/closures.py`.
Every claim's observations go into EVIDENCE; the host judges them. What a closure keeps is read
from the function object itself: `__code__.co_freevars`, `__closure__` and each cell's contents.
"""

import functools
import statistics
import time
import weakref

from screen import say

PARAMS = globals().get("PARAMS", {})
EVIDENCE = {}
# `pyconcepts demo NAME --frames` passes SHOW_FRAMES, which draws the live call frames;
# anywhere else (python3, a demo without --frames) this does nothing.
show_frames = globals().get("SHOW_FRAMES") or (lambda *args: None)

# Size of the deliberately slow loop behind the "expensive" value (about 15 ms at 200,000).
WORK = int(PARAMS.get("work", 200_000))


def cells_of(function):
    """(free variable name, cell contents) pairs: what the closure carries with it."""
    return [
        {"name": name, "contents": str(cell.cell_contents)}
        for name, cell in zip(function.__code__.co_freevars, function.__closure__ or ())
    ]


# %% Claim: a closure keeps the enclosing function's state
say("1. An inner function keeps its enclosing function's variables after it returned.", 0, 3)


class Scratch:
    """A local the closure does not use: a weak reference tells when the frame let go of it."""


scratch_refs = []


def make_greeter(greeting):
    punctuation = "!"
    scratch = Scratch()
    scratch_refs.append(weakref.ref(scratch))

    def greet(name):
        return f"{greeting}, {name}{punctuation}"

    return greet


hello = make_greeter("Hello")
# make_greeter has returned: its frame is gone, and with it every local nobody captured.
uncaptured_local_freed = scratch_refs[0]() is None
greeter_calls = [{"argument": name, "result": hello(name)} for name in ("Ada", "Linus")]
print(f"   make_greeter('Hello') returned; its unused local `scratch` freed: "
      f"{uncaptured_local_freed}")
print(f"   make_greeter.__code__.co_cellvars = {make_greeter.__code__.co_cellvars}")
print(f"   hello.__code__.co_freevars = {hello.__code__.co_freevars}")
for cell in cells_of(hello):
    print(f"   hello.__closure__ cell {cell['name']!r} contains {cell['contents']!r}")
for call in greeter_calls:
    print(f"   hello({call['argument']!r}) -> {call['result']!r}")


def make_counter():
    count = 0

    def increment():
        nonlocal count
        count += 1
        return count

    return increment


counter = make_counter()
counter_calls = [counter(), counter(), counter()]
print(f"   a counter closure called three times -> {counter_calls}; its cell now holds "
      f"{counter.__closure__[0].cell_contents}")
EVIDENCE["keeps_enclosing_state"] = {
    "enclosing_cellvars": list(make_greeter.__code__.co_cellvars),
    "freevars": list(hello.__code__.co_freevars),
    "cells": cells_of(hello),
    "uncaptured_local_freed": uncaptured_local_freed,
    "calls_after_enclosing_returned": greeter_calls,
    "counter_calls": counter_calls,
    "counter_cell_after": counter.__closure__[0].cell_contents,
}

# %% Claim: closures enable lazy evaluation
say("\n2. Lazy evaluation: compute an expensive value on first use only.", 0, 3)
print(f"   (the expensive value: a {WORK:,}-step loop)")
computations = {"closure": 0, "functools.cache": 0}


def expensive_total(steps):
    """Deliberately slow pure-Python work, so the first call is visibly expensive."""
    total = 0
    for i in range(steps):
        total += i * i
    return total


def lazy(compute):
    """Returns a function that calls compute() the first time only, then reuses its value."""
    value = None
    computed = False

    def get():
        nonlocal value, computed
        if not computed:
            value = compute()
            computed = True
        return value

    return get


def compute_for_closure():
    computations["closure"] += 1
    return expensive_total(WORK)


# functools.cache is 3.9+; lru_cache(maxsize=None) is the same thing on older interpreters.
cache = getattr(functools, "cache", None) or functools.lru_cache(maxsize=None)


@cache
def cached_total():
    computations["functools.cache"] += 1
    return expensive_total(WORK)


def time_calls(kind, function, calls=6):
    """Times each call separately with perf_counter_ns; counts computations before and after."""
    runs_before = computations[kind]
    durations, results = [], []
    for _ in range(calls):
        start = time.perf_counter_ns()
        results.append(function())
        durations.append(time.perf_counter_ns() - start)
    return {
        "runs_before_first_call": runs_before,
        "calls": calls,
        "runs_after_calls": computations[kind],
        "first_call_ns": durations[0],
        "later_calls_ns": durations[1:],
        "same_value_every_call": all(result == results[0] for result in results),
    }


total_getter = lazy(compute_for_closure)  # creating it computes nothing yet
lazy_variants = {
    "closure": time_calls("closure", total_getter),
    "functools.cache": time_calls("functools.cache", cached_total),
}
for kind, timing in lazy_variants.items():
    later = statistics.median(timing["later_calls_ns"])
    print(f"   {kind:<16} computations: {timing['runs_before_first_call']} before the first "
          f"call, {timing['runs_after_calls']} after {timing['calls']} calls")
    print(f"   {'':<16} first call {timing['first_call_ns'] / 1e6:.2f} ms, later calls "
          f"{later:.0f} ns (median)")
EVIDENCE["lazy_evaluation"] = {"work": WORK, **lazy_variants}

# %% Claim (senior): closures bind late
print("\n3. Late binding: a closure reads its variable when called, not when created.")
STOP = 3
late = [lambda: i for i in range(STOP)]
with_default = [lambda i=i: i for i in range(STOP)]


def identity(value):
    return value


with_partial = [functools.partial(identity, i) for i in range(STOP)]
late_values = [f() for f in late]
print(f"   {f'[lambda: i for i in range({STOP})]':<41} -> {late_values}")
print(f"      the three share one cell: "
      f"{all(f.__closure__[0] is late[0].__closure__[0] for f in late)}, which holds "
      f"{late[0].__closure__[0].cell_contents} once the loop is over")
print(f"   {f'[lambda i=i: i for i in range({STOP})]':<41} -> {[f() for f in with_default]}")
print(f"      their defaults: {[f.__defaults__ for f in with_default]}")
print(f"   {f'[partial(identity, i) for i in range({STOP})]':<41} -> "
      f"{[f() for f in with_partial]}")
print(f"      their bound args: {[f.args for f in with_partial]}")
EVIDENCE["late_binding"] = {
    "range_stop": STOP,
    "late": late_values,
    "late_freevars": list(late[0].__code__.co_freevars),
    "late_share_one_cell": all(f.__closure__[0] is late[0].__closure__[0] for f in late),
    "default_argument": [f() for f in with_default],
    "defaults_seen": [list(f.__defaults__) for f in with_default],
    "partial": [f() for f in with_partial],
    "partial_args": [list(f.args) for f in with_partial],
}

# %% Claim (senior): closures capture variables, not values
print("\n4. A closure captures the variable (a cell), not the value it had.")


def make_reader():
    message = "first"

    def read():
        return message

    def shout():
        return message.upper()

    seen_at_creation = read()
    message = "second"  # rebinding after both closures were created
    show_frames("make_reader(): read and shout hold the one cell `message` lives in")
    return read, shout, seen_at_creation, message


read, shout, seen_at_creation, rebound_to = make_reader()
print(f"   read() right after it was created -> {seen_at_creation!r}")
print(f"   after `message` was rebound: read() -> {read()!r}; shout() -> {shout()!r}")
print(f"   read and shout share one cell: {read.__closure__[0] is shout.__closure__[0]}")


def make_account():
    balance = 0

    def deposit(amount):
        nonlocal balance
        balance += amount

    def current():
        return balance

    return deposit, current


deposit, current = make_account()
deposits = [10, 5]
for amount in deposits:
    deposit(amount)
show_frames("after make_account() returned: deposit and current still share its cell",
            "deposit", "current")
print(f"   deposit(10), deposit(5) on one closure; the other closure, current(), -> {current()}")
print(f"   deposit and current share one cell: {deposit.__closure__[0] is current.__closure__[0]}")
EVIDENCE["captures_variables_not_values"] = {
    "value_when_created": seen_at_creation,
    "rebound_to": rebound_to,
    "value_after_rebinding": read(),
    "other_closure": shout(),
    "shared_cell": read.__closure__[0] is shout.__closure__[0],
    "cell_contents": read.__closure__[0].cell_contents,
    "deposits": deposits,
    "balance_seen_by_other_closure": current(),
    "account_shared_cell": deposit.__closure__[0] is current.__closure__[0],
}

# %% Quiz time: predict, then run
# Each quiz section runs alone in `pyconcepts quiz`, so it defines what it uses.
print("\nShort cases, each on its own:")

# %% quiz: Three lambdas made in a comprehension, then called. What is printed?
# choice: [0, 1, 2]
# choice: [2, 2, 2]
# choice: [0, 0, 0]
# why: the lambdas share one cell for i and read it when called, after the loop left it at 2.
# why: A default argument (lambda i=i: i) binds early and gives [0, 1, 2].
print([f() for f in [lambda: i for i in range(3)]])

# %% quiz: Two counters from one factory. What is printed?
# choice: 1 2 1
# choice: 1 2 3
# choice: 1 1 1
# why: each call of make_counter() creates a new cell for count; each closure keeps its own.
def make_counter():
    count = 0

    def increment():
        nonlocal count
        count += 1
        return count

    return increment


first, second = make_counter(), make_counter()
print(first(), first(), second())
