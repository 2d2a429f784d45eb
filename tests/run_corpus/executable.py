import os
import subprocess
import sys
print(os.path.basename(sys.executable), sys.executable == sys._base_executable)
print(subprocess.run([sys.executable, "-c", "print(2 + 2)"], capture_output=True, text=True).stdout, end="")
