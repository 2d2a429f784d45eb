"""What the compiler decided about a name, read back from the compiled code.

Which scope a name belongs to is settled when a function is compiled, and the code object says
so: the instructions that load or store the name (read with `dis`), and the table that lists it
(`co_varnames` for locals, `co_cellvars` and `co_freevars` for closure cells, `co_names` for
globals and attributes). `attempt` records what an action raised, so a demo can show an error
without stopping.

Shared by the legb and nonlocal_global snippets: run standalone, Python imports it from the
snippets' directory; embedded, the host provides it.
"""

import dis


def attempt(action):
    """Runs `action`; returns (result, None) or (None, (exception type name, message))."""
    try:
        return action(), None
    except Exception as error:  # the demo records whatever the interpreter raises
        return None, (type(error).__name__, str(error))


def loads_of(code, name):
    """The opcodes in `code` that load the *variable* `name`, in order."""
    return _variable_opcodes(code, name, "LOAD")


def stores_of(code, name):
    """The opcodes in `code` that store the *variable* `name`, in order."""
    return _variable_opcodes(code, name, "STORE")


def _variable_opcodes(code, name, action):
    found = []
    for instruction in dis.get_instructions(code):
        opname = instruction.opname
        if not opname.startswith(action) or any(
            part in opname for part in ("ATTR", "SUBSCR", "METHOD", "CONST")
        ):
            continue  # attribute, item and constant accesses carry names too: not variables
        # 3.13 fuses two accesses into one instruction (LOAD_FAST_LOAD_FAST): argval is a pair.
        argval = instruction.argval
        if name in (argval if isinstance(argval, tuple) else (argval,)):
            found.append(opname)
    return found


def where_declared(code, name):
    """Which field of the code object lists `name`: the compiler's own scope table."""
    for field in ("co_varnames", "co_cellvars", "co_freevars", "co_names"):
        if name in getattr(code, field):
            return field
    return None


def nested_code(code, name):
    """The code object compiled for the function or class `name` inside `code`."""
    return next(c for c in code.co_consts if hasattr(c, "co_code") and c.co_name == name)
