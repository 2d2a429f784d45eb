import atexit


class Failing:
    """A callable whose repr is the same in every run (a function's shows its address)."""

    def __call__(self):
        raise ValueError("an atexit handler fails")

    def __repr__(self):
        return "<the failing handler>"


atexit.register(print, "registered first, runs last")
atexit.register(Failing())
atexit.register(print, "registered last, runs first")
print("main done")
