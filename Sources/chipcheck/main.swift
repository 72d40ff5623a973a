print("chipcheck")
