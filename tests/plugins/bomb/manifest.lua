return { name = "bomb", version = "1.0.0" }
