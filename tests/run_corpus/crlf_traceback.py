def fail(x):
    return 1 / x

print("crlf source")
fail(0)
