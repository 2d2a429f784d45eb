data = {"a": [1, 2, 3]}
result = data["a"][1] + data["a"][10]
