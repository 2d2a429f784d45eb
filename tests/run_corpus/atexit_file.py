import atexit


def show():
    print("__file__ at exit:", globals().get("__file__", "gone"))


atexit.register(show)
print("__file__ now:", __file__.endswith("atexit_file.py"))
