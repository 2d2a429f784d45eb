import asyncio


async def greet(name, delay):
    await asyncio.sleep(delay)
    print("hello", name)
    return name


async def main():
    names = await asyncio.gather(greet("b", 0.02), greet("a", 0.01))
    print(names)
    raise RuntimeError("async failure")


asyncio.run(main())
