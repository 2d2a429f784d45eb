import sys


def hook(kind, value, trace):
    print(f"custom hook: {kind.__name__}: {value}", file=sys.stderr)
    print("hook also writes stdout")


sys.excepthook = hook
raise LookupError("nothing found")
