return {
  qualifications = {
    {
      code = "100", title = "Example Certificate in Reception Skills", level = 1,
      accreditation = { scheme = "QAN", number = "000/0000/0" },
      last_registration = "unknown", last_certification = "unknown",
      units = {
        { unit = "EXA-1", kind = "mandatory" },
        { unit = "EXA-2", kind = "optional", theme = "Telephone" },
      },
      rules = { total_units = 2, mandatory_units = 1, optional_units = 1, themes_min_each = 1 },
    },
  },
  units = {
    {
      id = "EXA-1", number = "1", title = "Greet visitors", level = 1, credit = 2, glh = 10,
      simulation = { allowed = false, scope = "performance", text = "No simulated performance." },
      outcomes = {
        { number = "1", title = "Be able to greet visitors", criteria = {
          { number = "1.1", text = "greet visitors politely" },
          { number = "1.2", text = "record visitors' arrival" },
        } },
      },
      evidence_requirements = {
        { number = "1", text = "Greet visitors who are:", rule = { min = 1 },
          items = { { letter = "a", text = "expected" }, { letter = "b", text = "unexpected" } } },
      },
    },
    {
      id = "EXA-2", number = "2", title = "Answer the telephone", level = 1, credit = 2, glh = 10,
      simulation = { allowed = true, scope = "any", text = "Simulation is allowed." },
      outcomes = {
        { number = "1", title = "Be able to answer calls", criteria = {
          { number = "1.1", text = "answer calls promptly" },
        } },
      },
    },
  },
}
