"""Runs one demo snippet in this interpreter for `pyconcepts demo --on`, as the embedded host does.

    python child.py serve
    python child.py run SNIPPET PARAMS RESULT_JSON

`serve` prints what this interpreter is, as one JSON line, then waits for one line on stdin:
a `run`'s arguments, its working directory and its screen's size, as a Python literal; it runs
that, or ends on an empty line or the end of stdin (the host is gone). So the interpreter starts
while the host does, and the run that follows costs the snippet, not another start.

`run` executes SNIPPET as the `__main__` module with `PARAMS` set (read from the file PARAMS, a
Python literal the host wrote; its directory first on `sys.path`, so the shared modules written
beside it import), lets it print to the inherited stdout and stderr, and writes to RESULT_JSON what the host reads back: the
snippet's `EVIDENCE` as plain data, why it could not be written so, and the exception that
stopped the snippet, with its traceback.

Neither imports `json`: it brings `re`, `enum` and `functools` along, which cost a cold start
about as much again as the interpreter's own start-up. The JSON this writes is plain enough to
write by hand, and the host writes PARAMS as a literal that needs no parser.
"""

import os
import sys
import types


def describe():
    probe = getattr(sys, "_is_gil_enabled", None)
    # The ABI flags of a free-threaded build carry a "t" (PEP 703); sysconfig says the same, but
    # importing it costs a child more than the rest of its start-up.
    free_threaded = "t" in getattr(sys, "abiflags", "")
    return {
        "version": sys.version.split()[0],
        "implementation": sys.implementation.name,
        "gil_enabled": bool(probe()) if probe is not None else not free_threaded,
        "free_threaded": free_threaded,
        "executable": sys.executable,
        "sys_version": sys.version,
        "prefix": sys.prefix,
        "version_info": list(sys.version_info[:3]),
    }


# What a JSON string cannot hold as it is: the quote, the backslash and the control characters.
# Other characters above ASCII are escaped too, as `json.dumps` does, so the line is ASCII
# whatever the encoding of the pipe or file it goes to.
_ESCAPES = {ord('"'): '\\"', ord("\\"): "\\\\", ord("\n"): "\\n", ord("\r"): "\\r",
            ord("\t"): "\\t"}


def _string(text):
    """`text` as a JSON string."""
    if text.isascii() and text.isprintable() and '"' not in text and "\\" not in text:
        return f'"{text}"'
    escaped = []
    for char in text:
        code = ord(char)
        if code in _ESCAPES:
            escaped.append(_ESCAPES[code])
        elif 0x20 <= code < 0x7F:
            escaped.append(char)
        elif code > 0xFFFF:
            code -= 0x10000
            escaped.append(f"\\u{0xD800 + (code >> 10):04x}\\u{0xDC00 + (code & 0x3FF):04x}")
        else:
            escaped.append(f"\\u{code:04x}")
    return '"' + "".join(escaped) + '"'


def _json(value, place, depth=0):
    """`value` as JSON text, or ValueError naming the place of what is not plain data."""
    if depth > 200:
        raise ValueError(f"{place} nests deeper than 200 levels")
    if value is None:
        return "null"
    if value is True or value is False:
        return "true" if value else "false"
    if isinstance(value, str):
        return _string(value)
    if isinstance(value, int):
        if abs(value) >= 2**63:
            raise ValueError(f"{place} is an integer too large for JSON; record it as a string")
        # int's own repr: a subclass's (an IntEnum's) may not be a number.
        return int.__repr__(value)
    if isinstance(value, float):
        finite = value == value and value not in (float("inf"), float("-inf"))
        return float.__repr__(value) if finite else "null"
    if isinstance(value, (list, tuple)):
        items = [_json(item, f"{place}[{index}]", depth + 1) for index, item in enumerate(value)]
        return "[" + ", ".join(items) + "]"
    if isinstance(value, dict):
        fields = []
        for key, item in value.items():
            if not isinstance(key, str):
                raise ValueError(f"{place} has a key that is not a string: {key!r}")
            fields.append(_string(key) + ": " + _json(item, f"{place}[{key!r}]", depth + 1))
        return "{" + ", ".join(fields) + "}"
    raise ValueError(f"{place} is a {type(value).__name__}, not plain data: {value!r:.80}")


def _error(exc, snippet):
    """The exception as the host reports it, its traceback from the snippet's frames on."""
    import traceback

    frames = traceback.extract_tb(exc.__traceback__)
    start = next((i for i, frame in enumerate(frames) if frame.filename == snippet), 0)
    lines = ["Traceback (most recent call last):\n"]
    lines += traceback.format_list(frames[start:])
    lines += traceback.format_exception_only(type(exc), exc)
    return {"type": type(exc).__name__, "message": str(exc), "traceback": "".join(lines)}


def run(snippet, params_path, result_path):
    with open(params_path, encoding="utf-8") as file:
        # A literal of dicts, lists, strings, numbers, booleans and None that the host wrote:
        # evaluated with no builtins, so nothing in it can call anything.
        params = eval(file.read(), {"__builtins__": {}})
    with open(snippet, encoding="utf-8") as file:
        source = file.read()
    main = types.ModuleType("__main__")
    main.__file__ = snippet
    main.__builtins__ = __builtins__
    main.PARAMS = params
    sys.modules["__main__"] = main
    sys.argv = [snippet]
    sys.path.insert(0, os.path.dirname(snippet))
    result = {"error": None, "interrupted": False}
    try:
        exec(compile(source, snippet, "exec"), main.__dict__)
    except KeyboardInterrupt as exc:
        result["interrupted"] = True
        result["error"] = _error(exc, snippet)
    except BaseException as exc:  # a snippet's SystemExit too: in a demo it is an error
        result["error"] = _error(exc, snippet)
    finally:
        sys.stdout.flush()
        sys.stderr.flush()
    evidence = main.__dict__.get("EVIDENCE", {})
    try:
        if not isinstance(evidence, dict):
            raise ValueError(f"EVIDENCE is a {type(evidence).__name__}, not a dict")
        evidence_json = _json(evidence, "EVIDENCE")
    except ValueError as why:
        evidence_json = "{}"
        result["evidence_error"] = str(why)
    fields = [f"{_string(key)}: {_json(value, key)}" for key, value in result.items()]
    fields.append(f'"evidence": {evidence_json}')
    with open(result_path, "w", encoding="utf-8") as file:
        file.write("{" + ", ".join(fields) + "}")


def serve():
    print(_json(describe(), "the description"), flush=True)
    request = sys.stdin.buffer.readline().decode("utf-8")
    if not request.strip():
        return
    # A literal the host wrote, evaluated as PARAMS is.
    snippet, params_path, result_path, directory, screen = eval(request, {"__builtins__": {}})
    # The snippet reads no input, as in a run started with its stdin on /dev/null.
    nothing = os.open(os.devnull, os.O_RDONLY)
    os.dup2(nothing, 0)
    os.close(nothing)
    os.chdir(directory)
    os.environ.update(screen)
    run(snippet, params_path, result_path)


if __name__ == "__main__":
    if sys.argv[1:2] == ["serve"]:
        serve()
    else:
        run(*sys.argv[2:5])
