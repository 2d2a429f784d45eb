import os
import sys
print(sys.argv)
print(sys.orig_argv[1:])
print(os.path.basename(sys.orig_argv[0]))
print(sys.orig_argv[0] == sys.executable)
