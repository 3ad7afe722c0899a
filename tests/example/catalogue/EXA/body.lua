-- A fictional body for the worked example in docs/plugins.md.
return {
  body = { code = "EXA", name = "Example Awarding Body" },
  methods = {
    { code = "O", name = "Observation" },
    { code = "PD", name = "Professional discussion" },
    { code = "QC", name = "Questioning of the candidate" },
  },
  witness_items = { "the candidate's name", "the date", "what the candidate did", "the witness's signature" },
}
