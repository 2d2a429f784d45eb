print("Grüße, ☃, 日本語, emoji: 🐍")
print("combining: e\u0301", "rtl: \u05e9\u05dc\u05d5\u05dd")
