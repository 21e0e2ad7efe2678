"""Domain rules and use cases of the after-school app; plain Python, no Qt."""
