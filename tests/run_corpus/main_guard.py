import sys
print(__name__, __spec__, __package__, sys.modules["__main__"].__name__)
print(sorted(k for k in globals() if k.startswith("__")))
