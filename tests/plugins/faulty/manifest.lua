return { name = "faulty", version = "1.0.0" }
