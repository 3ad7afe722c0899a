-- catalogue/OCR/body.lua — the awarding body, its method-of-assessment codes and the items a
-- written witness testimony must include.
-- Source: /work/shared/seeds/003_fb839c99cc443610.txt (OCR Centre Handbook, Level 2/3/4 NVQ in
-- Customer Service):
--   body name      §1.2, line 104 ("The awarding body for this NVQ is Oxford Cambridge and RSA
--                  Examinations (OCR)")
--   methods        §8.2 "Recording the method of assessment", table at lines 1166-1171
--   witness_items  §3.10 "Witness testimonies", lines 463-471
-- Notes:
--   * The §8.2 table is flattened in the seed: the row "Examination of the evidence by the
--     assessor: Examination of a product Examination of the witness testimony Examination of a
--     case history Examination of a personal statement Examination of written answers to
--     questions | EP EWT ECH EPS EWQ" (line 1168) and the row "Questioning of the candidate or
--     witness by the assessor: Questioning of the candidate Questioning of the witness | QC QW"
--     (line 1169) are paired up by order (1st description with 1st code, ...). The words before the
--     colon are kept as `group` (without the colon).
--   * "Professional Discussion" and "Simulated Activities" keep the capitals of the seed.
--   * The last witness item keeps its closing full stop, as printed (line 471).
return {
  body = { code = "OCR", name = "Oxford Cambridge and RSA Examinations" },

  methods = {
    { code = "O",   name = "Observation of the candidate by the assessor" },
    { code = "EP",  name = "Examination of a product",                     group = "Examination of the evidence by the assessor" },
    { code = "EWT", name = "Examination of the witness testimony",         group = "Examination of the evidence by the assessor" },
    { code = "ECH", name = "Examination of a case history",                group = "Examination of the evidence by the assessor" },
    { code = "EPS", name = "Examination of a personal statement",          group = "Examination of the evidence by the assessor" },
    { code = "EWQ", name = "Examination of written answers to questions",  group = "Examination of the evidence by the assessor" },
    { code = "QC",  name = "Questioning of the candidate",                 group = "Questioning of the candidate or witness by the assessor" },
    { code = "QW",  name = "Questioning of the witness",                   group = "Questioning of the candidate or witness by the assessor" },
    { code = "PD",  name = "Professional Discussion" },
    { code = "S",   name = "Simulated Activities" },
  },

  -- "If a witness provides a written statement they should include the following:" (line 463)
  witness_items = {
    "the candidate's name",
    "the date, time and venue of the activity carried out",
    "a description of the activities performed by the candidate",
    "the date of writing the testimony",
    "a description of their relationship to the candidate",
    "their signature and job title",
    "their contact details (such as telephone number).",
  },
}
