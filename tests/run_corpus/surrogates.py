import sys
print("lone surrogate:", "\udcff")
print("stderr too", "\udcff", file=sys.stderr)
print(sys.stdout.errors, sys.stderr.errors)
