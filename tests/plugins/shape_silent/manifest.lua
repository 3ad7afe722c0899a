return {
  name = "shape_silent",
  version = "1.0.0",
  description = "an awarding body whose plugin loads, declaring a catalogue and no hooks",
  body = "SHS",
}
