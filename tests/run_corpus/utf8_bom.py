print("with a BOM")
import sys
print(open(__file__, "rb").read(3))
