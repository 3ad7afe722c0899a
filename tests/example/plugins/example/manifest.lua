return {
  name = "example",
  version = "0.1.0",
  description = "A fictional awarding body: the worked example of docs/plugins.md",
  body = "EXA",
  catalogue = "EXA",
  libs = { "nvq" },
}
