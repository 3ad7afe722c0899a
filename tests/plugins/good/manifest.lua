return { name = "good", version = "1.0.0", description = "a well-behaved test plugin" }
