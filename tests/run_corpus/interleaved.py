import sys
for i in range(200):
    print("out", i)
    print("err", i, file=sys.stderr)
