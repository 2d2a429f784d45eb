import sys


def hook(kind, value, trace):
    raise RuntimeError("the hook itself fails")


sys.excepthook = hook
1 / 0
