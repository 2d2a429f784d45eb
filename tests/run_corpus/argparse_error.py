import argparse

parser = argparse.ArgumentParser(prog=None)
parser.add_argument("--count", type=int, required=True)
parser.parse_args()
