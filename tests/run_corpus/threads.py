import threading
import time

results = []
lock = threading.Lock()


def work(n):
    time.sleep(0.01 * n)
    with lock:
        results.append(n * n)


threads = [threading.Thread(target=work, args=(n,)) for n in range(5)]
for thread in threads:
    thread.start()
for thread in threads:
    thread.join()
print(sorted(results))
