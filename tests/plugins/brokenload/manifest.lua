return { name = "brokenload", version = "1.0.0" }
