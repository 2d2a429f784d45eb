import argparse

parser = argparse.ArgumentParser(description="Greets people.")
parser.add_argument("name", help="who to greet")
parser.add_argument("--times", type=int, default=1, help="how often")
args = parser.parse_args()
for _ in range(args.times):
    print("hello", args.name)
