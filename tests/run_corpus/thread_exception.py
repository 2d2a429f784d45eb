import threading


def boom():
    raise ValueError("in a thread")


thread = threading.Thread(target=boom, name="worker")
thread.start()
thread.join()
print("main continues")
