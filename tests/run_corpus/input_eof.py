line = input("one line: ")
print("got", line)
second = input("another: ")
print("never", second)
