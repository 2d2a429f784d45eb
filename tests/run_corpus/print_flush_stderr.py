import sys
import time
print("progress", end="", flush=True)
for _ in range(3):
    sys.stdout.write(".")
    sys.stdout.flush()
    time.sleep(0.01)
sys.stdout.write("\n")
print("warning", file=sys.stderr, flush=True)
