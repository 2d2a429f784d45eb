print("ok")
x = "ÿ"
