return { name = "runaway", version = "1.0.0" }
