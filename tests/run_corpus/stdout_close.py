import sys
print("before closing")
sys.stdout.close()
print("after closing", file=sys.stderr)
print("this raises")
