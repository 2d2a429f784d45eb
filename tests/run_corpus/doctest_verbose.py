def square(x):
    """
    >>> square(3)
    9
    """
    return x * x


if __name__ == "__main__":
    import doctest

    doctest.testmod(verbose=True)
