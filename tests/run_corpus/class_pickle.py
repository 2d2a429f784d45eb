import pickle
from dataclasses import dataclass


@dataclass
class Point:
    x: int
    y: int


p = pickle.loads(pickle.dumps(Point(1, 2)))
print(p, type(p).__module__)
