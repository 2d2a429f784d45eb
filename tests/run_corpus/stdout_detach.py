import io
import sys
sys.stdout = io.TextIOWrapper(sys.stdout.detach(), encoding="utf-16-le")
print("wide")
