import atexit

atexit.register(print, "atexit runs after a KeyboardInterrupt too")
print("working")
raise KeyboardInterrupt
