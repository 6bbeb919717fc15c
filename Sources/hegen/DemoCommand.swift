func runDemo(_ arguments: [String]) throws { print("EncryptedLM") }
