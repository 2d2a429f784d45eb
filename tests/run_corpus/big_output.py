import sys
for i in range(20000):
    print(i, "x" * (i % 50))
sys.stdout.write("tail without newline")
