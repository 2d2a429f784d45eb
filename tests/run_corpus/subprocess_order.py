import subprocess
import sys
print("before the child")
subprocess.run([sys.executable, "-c", "print('from the child')"])
print("after the child")
