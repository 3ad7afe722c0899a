return {
  name = "shape_body",
  version = "1.0.0",
  description = "an awarding body whose answers test_plugins.c bends out of shape",
  body = "SHP",
}
