import multiprocessing as mp


def square(n):
    return n * n


if __name__ == "__main__":
    ctx = mp.get_context("spawn")
    with ctx.Pool(2) as pool:
        print(pool.map(square, range(6)))
    process = ctx.Process(target=print, args=("hello from a spawned child",))
    process.start()
    process.join()
    print("exit code", process.exitcode)
