import platform
print(platform.architecture())
