import warnings


def old():
    warnings.warn("old() is deprecated", DeprecationWarning, stacklevel=2)


warnings.simplefilter("always")
old()
warnings.warn("a user warning")
print("after the warnings")
