import sys
print("about to fail")
sys.exit("fatal: no configuration found")
