return { name = "escape", version = "1.0.0", description = "tries every way out of the sandbox" }
