# -*- coding: latin-1 -*-
print("café", len("café"))
raise ValueError("été")
