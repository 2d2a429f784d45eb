"""A failing doctest: the report goes to stdout, the status stays 0."""


def add(a, b):
    """
    >>> add(1, 1)
    3
    >>> add("a", 1)
    'a1'
    """
    return a + b


if __name__ == "__main__":
    import doctest

    failures, tried = doctest.testmod()
    print(f"{failures} of {tried} failed")
