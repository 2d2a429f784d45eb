name = input("Your name? ")
age = int(input("Your age? "))
print(f"{name} is {age}")
