"""Question 4: what are the usages of the nonlocal and global keywords?

Run by `pyconcepts demo nonlocal-global`, or on its own with
`python3 python_snippets/nonlocal_global.py`. Every claim's observations go into EVIDENCE; the
host judges them. Opcodes are read from the compiled code with `dis`.
"""

# Reading the compiled code: shared with legb.py (python_snippets/scope_probes.py).
from scope_probes import attempt, loads_of, stores_of, where_declared
# Prose wrapped to the screen's width (python_snippets/screen.py).
from screen import say

EVIDENCE = {}
# `pyconcepts demo NAME --frames` passes SHOW_FRAMES, which draws the live call frames;
# anywhere else (python3, a demo without --frames) this does nothing.
show_frames = globals().get("SHOW_FRAMES") or (lambda *args: None)


def describe(error):
    return f"{error[0]}: {error[1]}" if error else "no error"


# %% Claim: `global` rebinds the module's variable
print("1. `global total` inside a function rebinds the module's `total`.")
total = 0


def add_to_total(amount):
    global total
    total += amount
    show_frames(f"add_to_total({amount}): `global total` rebound the module's total")


total_before = total
amounts = [5, 2]
for amount in amounts:
    add_to_total(amount)
store_opcodes = stores_of(add_to_total.__code__, "total")
print(f"   total was {total_before}; after add_to_total(5), add_to_total(2) the module's "
      f"total is {globals()['total']}")
print(f"   inside the function `total` is stored with {', '.join(store_opcodes)}\n"
      f"      (listed in {where_declared(add_to_total.__code__, 'total')}, not a local)")
EVIDENCE["global_rebinds_module"] = {
    "before": total_before,
    "amounts": amounts,
    "after": globals()["total"],
    "store_opcodes": store_opcodes,
    "declared_in": where_declared(add_to_total.__code__, "total"),
    "function_globals_are_module": add_to_total.__globals__ is globals(),
}

# %% Claim: `nonlocal` rebinds the enclosing function's variable
print("\n2. `nonlocal count` rebinds the enclosing function's `count`.")


def make_counter():
    count = 0

    def increment():
        nonlocal count
        count += 1
        return count

    return increment


counter = make_counter()
calls = [counter(), counter(), counter()]
another_counter = make_counter()  # a new call of the factory: a new, independent `count`
another_first_call = another_counter()
show_frames("two counters from make_counter(): two cells, one each",
            "counter", "another_counter")
print(f"   counter() three times -> {calls}; a second counter starts at {another_first_call}")


def tally(times):
    count = 0

    def bump():
        nonlocal count
        count += 1

    for _ in range(times):
        bump()
    show_frames("tally(): bump() rebound count in the cell it shares with tally()")
    return count  # the enclosing function reads what bump() wrote


bumps = 3
seen_by_enclosing = tally(bumps)
increment_code = counter.__code__
print(f"   tally({bumps}) calls bump() {bumps} times, then itself reads count = {seen_by_enclosing}")
print(f"   increment stores `count` with {', '.join(stores_of(increment_code, 'count'))};")
print(f"   its co_freevars = {increment_code.co_freevars}, make_counter's co_cellvars = "
      f"{make_counter.__code__.co_cellvars}")
EVIDENCE["nonlocal_rebinds_enclosing"] = {
    "calls": calls,
    "cell_contents_after": counter.__closure__[0].cell_contents,
    "second_counter_first_call": another_first_call,
    "bumps": bumps,
    "seen_by_enclosing": seen_by_enclosing,
    "store_opcodes": stores_of(increment_code, "count"),
    "inner_freevars": list(increment_code.co_freevars),
    "enclosing_cellvars": list(make_counter.__code__.co_cellvars),
}

# %% Claim: without a declaration, assignment creates a new local
say("\n3. No declaration: assigning creates a new local; the outer name is untouched.", 0, 3)
level = "module"


def shadow():
    level = "shadow's own"
    return level


def enclosing():
    level = "enclosing"
    before = level

    def inner():
        level = "inner's own"
        return level

    return before, inner(), level


module_before = level
shadow_returned = shadow()
enclosing_before, inner_returned, enclosing_after = enclosing()
print(f"   shadow() returned {shadow_returned!r}; the module's level is still {level!r}")
print(f"   inner() returned {inner_returned!r};\n   enclosing()'s level went "
      f"{enclosing_before!r} -> {enclosing_after!r}")
print(f"   shadow stores `level` with {', '.join(stores_of(shadow.__code__, 'level'))} "
      f"(in {where_declared(shadow.__code__, 'level')})")
EVIDENCE["assignment_shadows"] = {
    "module_before": module_before,
    "module_after": level,
    "function_returned": shadow_returned,
    "enclosing_before": enclosing_before,
    "enclosing_after": enclosing_after,
    "inner_returned": inner_returned,
    "store_opcodes": stores_of(shadow.__code__, "level"),
    "declared_in": where_declared(shadow.__code__, "level"),
}

# %% Claim: `nonlocal` needs a binding in an enclosing function, found at compile time
print("\n4. `nonlocal` without an enclosing binding: when does Python complain?")
SOURCES = {
    "no enclosing binding": "def f():\n    nonlocal ghost\n    ghost = 1\n",
    "only a global of that name": "ghost = 0\ndef f():\n    nonlocal ghost\n    ghost = 1\n",
    "at module level": "nonlocal ghost\n",
}


def run_stages(source):
    """Compiles, executes, then calls f(); reports the stage that raised, if any."""
    namespace = {}
    try:
        code = compile(source, "<nonlocal demo>", "exec")
    except SyntaxError as error:
        return {"stage": "compile", "error_type": type(error).__name__, "error": error.msg,
                "lineno": error.lineno}
    for stage, action in (("exec", lambda: exec(code, namespace)),
                          ("call", lambda: namespace.get("f", lambda: None)())):
        _, error = attempt(action)
        if error:
            return {"stage": stage, "error_type": error[0], "error": error[1], "lineno": None}
    return {"stage": None, "error_type": None, "error": None, "lineno": None}


nonlocal_cases = []
for case, source in SOURCES.items():
    outcome = run_stages(source)
    nonlocal_cases.append({"case": case, **outcome})
    if outcome["stage"]:
        stage = {"compile": "compile()", "exec": "exec()", "call": "f()"}[outcome["stage"]]
        print(f"   {case:<27} -> {stage} raised")
        say(f"{outcome['error_type']}: {outcome['error']} (line {outcome['lineno']})", 6, 8)
    else:
        print(f"   {case:<27} -> compiled, ran and was called without an error")

with_global = compile("global answer\nanswer = 42\n", "<module with global>", "exec")
without_global = compile("answer = 42\n", "<module without global>", "exec")
with_namespace, without_namespace = {}, {}
_, with_error = attempt(lambda: exec(with_global, with_namespace))
_, without_error = attempt(lambda: exec(without_global, without_namespace))
module_global = {
    "error_type": with_error[0] if with_error else None,
    "error": with_error[1] if with_error else None,
    "value_with_global": with_namespace.get("answer"),
    "value_without_global": without_namespace.get("answer"),
    "store_with_global": stores_of(with_global, "answer"),
    "store_without_global": stores_of(without_global, "answer"),
}
print(f"   `global answer` at module level -> {describe(with_error)}:")
print(f"      with it    answer = {module_global['value_with_global']} "
      f"(stored with {', '.join(module_global['store_with_global'])})")
print(f"      without it answer = {module_global['value_without_global']} "
      f"(stored with {', '.join(module_global['store_without_global'])})")
EVIDENCE["nonlocal_needs_binding"] = {"nonlocal_cases": nonlocal_cases, "module_global": module_global}

# %% Claim: mutating an outer object needs no declaration; rebinding does
say("\n5. Mutating an outer list or dict needs no keyword; rebinding the name does.", 0, 3)
history = []
settings = {"mode": "slow"}
original_history, original_settings = history, settings


def record(event):
    history.append(event)  # mutates the list the global name refers to
    settings["mode"] = "fast"  # item assignment mutates the dict; the name is not rebound


record("start")
record_code = record.__code__
print(f"   after record('start'): history = {history}, settings = {settings}")
record_stores = stores_of(record_code, "history") + stores_of(record_code, "settings")
print(f"   in record(): opcodes storing the names history/settings: {record_stores or 'none'};")
print(f"   history is loaded with {', '.join(loads_of(record_code, 'history'))}; "
      f"locals: {record_code.co_varnames}")


def rebind_with_plus(event):
    history = history + [event]  # a new list bound to the name: `history` becomes local


def rebind_with_augmented(event):
    history += [event]  # += on a list mutates in place, yet it still rebinds the name


rebinding = []
for function, statement in ((rebind_with_plus, "history = history + [event]"),
                            (rebind_with_augmented, "history += [event]")):
    _, error = attempt(lambda: function("again"))
    rebinding.append({
        "function": function.__name__,
        "statement": statement,
        "error_type": error[0] if error else None,
        "error": error[1] if error else None,
        "store_opcodes": stores_of(function.__code__, "history"),
        "history_after": list(history),
    })
    print(f"   {function.__name__}('again') [{statement}] ->")
    say(describe(error), 6, 8)
EVIDENCE["mutation_needs_no_declaration"] = {
    "mutation": {
        "history_after": list(history),
        "settings_after": dict(settings),
        "same_objects": history is original_history and settings is original_settings,
        "store_opcodes": record_stores,
        "load_opcodes": loads_of(record_code, "history"),
        "function_locals": list(record_code.co_varnames),
    },
    "rebinding": rebinding,
}

# %% Quiz time: predict, then run
# Each quiz section runs alone in `pyconcepts quiz`, so it defines what it uses.
print("\nShort cases, each on its own:")

# %% quiz: reset() assigns count without a declaration. What is printed?
# choice: 1 1
# choice: 0 1
# choice: 0 0
# why: without `nonlocal`, `count = 1` makes a new local in reset(); the enclosing count is
# why: untouched.
def outer():
    count = 0

    def reset():
        count = 1
        return count

    from_reset = reset()
    return count, from_reset


print(*outer())

# %% quiz: add() appends to a module-level list without `global`. What is printed?
# choice: []
# choice: UnboundLocalError
# choice: [1]
# why: append mutates the object the global name refers to; only rebinding the name
# why: (items = ...) would need `global`.
items = []


def add():
    items.append(1)


add()
print(items)
