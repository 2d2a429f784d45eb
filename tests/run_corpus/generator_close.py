def numbers():
    try:
        yield 1
        yield 2
    finally:
        print("generator cleaned up")


for n in numbers():
    print(n)
    break
print("done")
