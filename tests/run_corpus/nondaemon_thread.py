import threading
import time


def late():
    time.sleep(0.2)
    print("the thread finished after the main code")


threading.Thread(target=late).start()
print("main code done")
