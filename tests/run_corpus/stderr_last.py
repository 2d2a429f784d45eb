import sys
print("stdout line")
sys.stderr.write("stderr is last, no newline")
