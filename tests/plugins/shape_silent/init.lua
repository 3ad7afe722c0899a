-- An awarding body (SHS) that loads without error and answers none of the core's questions: a
-- call that needs a hook fails with 1005 kind "missing", naming this plugin.
assessd.register_catalogue({
  body = { code = "SHS", name = "Silent Awarding Body" },
  methods = { { code = "O", name = "Observation" } },
  witness_items = { "the candidate's name" },
  qualifications = { {
    code = "1", title = "Silent Certificate", level = 1,
    accreditation = { scheme = "QAN", number = "000/0000/9" },
    last_registration = "unknown", last_certification = "unknown",
    units = { { unit = "SHS-1", kind = "mandatory" } }, rules = { total_units = 1, mandatory_units = 1 },
  } },
  units = { {
    id = "SHS-1", number = "1", title = "Say nothing", level = 1, credit = 1, glh = 1,
    outcomes = { { number = "1", title = "Say nothing", criteria = { { number = "1.1", text = "nothing" } } } },
  } },
})
