import sys
sys.stdout.reconfigure(encoding="latin-1", errors="replace")
print("caf\u00e9 \u2603")
sys.stdout.reconfigure(line_buffering=True)
print(sys.stdout.encoding, sys.stdout.errors, sys.stdout.line_buffering)
