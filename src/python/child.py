"""Runs one demo snippet in this interpreter for `pyconcepts demo --on`, as the embedded host does.

    python child.py describe
    python child.py run SNIPPET PARAMS_JSON RESULT_JSON

`describe` prints what this interpreter is, as one JSON line. `run` executes SNIPPET as the
`__main__` module with `PARAMS` set (its directory first on `sys.path`, so the shared modules
written beside it import), lets it print to the inherited stdout and stderr, and writes to
RESULT_JSON what the host reads back: the snippet's `EVIDENCE` as plain data, why it could not be
written so, and the exception that stopped the snippet, with its traceback.
"""

import json
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


def _plain(value, place, depth=0):
    """`value` as JSON data, or ValueError naming the place of what is not."""
    if depth > 200:
        raise ValueError(f"{place} nests deeper than 200 levels")
    if value is None or isinstance(value, (bool, str)):
        return value
    if isinstance(value, int):
        if abs(value) >= 2**63:
            raise ValueError(f"{place} is an integer too large for JSON; record it as a string")
        return value
    if isinstance(value, float):
        return value if value == value and value not in (float("inf"), float("-inf")) else None
    if isinstance(value, (list, tuple)):
        return [_plain(item, f"{place}[{index}]", depth + 1) for index, item in enumerate(value)]
    if isinstance(value, dict):
        plain = {}
        for key, item in value.items():
            if not isinstance(key, str):
                raise ValueError(f"{place} has a key that is not a string: {key!r}")
            plain[key] = _plain(item, f"{place}[{key!r}]", depth + 1)
        return plain
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
        params = json.load(file)
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
        result["evidence"] = _plain(evidence, "EVIDENCE")
    except ValueError as why:
        result["evidence"] = {}
        result["evidence_error"] = str(why)
    with open(result_path, "w", encoding="utf-8") as file:
        json.dump(result, file)


if __name__ == "__main__":
    if sys.argv[1:2] == ["describe"]:
        print(json.dumps(describe()))
    else:
        run(*sys.argv[2:5])
