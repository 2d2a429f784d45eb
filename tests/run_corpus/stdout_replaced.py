import io
import sys
saved = sys.stdout
sys.stdout = io.StringIO()
print("captured")
value = sys.stdout.getvalue()
sys.stdout = saved
print("got", repr(value))
sys.stdout = sys.__stdout__
print("restored from __stdout__")
