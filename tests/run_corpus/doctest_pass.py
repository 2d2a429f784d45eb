"""Doctests that pass: python3 prints nothing."""


def double(n):
    """
    >>> double(2)
    4
    >>> [double(x) for x in range(3)]
    [0, 2, 4]
    """
    return n * 2


if __name__ == "__main__":
    import doctest

    doctest.testmod()
