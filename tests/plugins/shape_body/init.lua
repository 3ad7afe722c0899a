-- An awarding body (SHP) whose hooks answer as docs/plugins.md says they return. test_plugins.c
-- replaces one hook at a time, in plugins/local/shape_body.lua, with one answering out of shape;
-- the good answers are in `shape`, for those replacements to start from.
shape = {}

local function unit(id, number, title)
  return {
    id = id, number = number, title = title, level = 1, credit = 1, glh = 1,
    outcomes = { { number = "1", title = title, criteria = { { number = "1.1", text = title } } } },
  }
end

local function qualification(code, title, level)
  return {
    code = code, title = title, level = level,
    accreditation = { scheme = "QAN", number = "000/0000/" .. code },
    last_registration = "unknown", last_certification = "unknown",
    units = { { unit = "SHP-1", kind = "mandatory" }, { unit = "SHP-2", kind = "mandatory" } },
    rules = { total_units = 2, mandatory_units = 2 },
  }
end

assessd.register_catalogue({
  body = { code = "SHP", name = "Shape Awarding Body" },
  methods = { { code = "O", name = "Observation" } },
  witness_items = { "the candidate's name" },
  qualifications = { qualification("1", "Shape Certificate", 1), qualification("2", "Shape Diploma", 2) },
  units = { unit("SHP-1", "1", "Keep in shape"), unit("SHP-2", "2", "Stay in shape") },
})

-- One unit's status: every unit is ready for sign-off (a summative "met", nothing missing).
function shape.unit(u)
  return {
    number = u.number, id = u.id, status = "ready_for_signoff", ready_for_signoff = true,
    achieved = false, covered = 1, total = 1, criteria = assessd.array(),
    missing = assessd.array(), ranges = assessd.array(), summative = "met",
    violations = assessd.array(),
  }
end

function shape.progress(reg)
  local units = assessd.array()
  for i, u in ipairs(reg.units) do units[i] = shape.unit(u) end
  return {
    units = units,
    qualification = {
      achieved = false, rules_known = true, units_achieved = assessd.array(),
      violations = assessd.array(),
    },
  }
end

-- A registration in brief: its units, none achieved, all ready.
function shape.summary(reg)
  return {
    registration = reg.registration, units = #reg.units, units_achieved = 0,
    units_ready = #reg.units, achieved = false, rules_known = true,
  }
end

function shape.summaries(regs)
  local out = assessd.array()
  for i, reg in ipairs(regs) do out[i] = shape.summary(reg) end
  return out
end

assessd.hook("evidence.check", function() return { violations = assessd.array() } end)
assessd.hook("progress", function(reg) return shape.progress(reg) end)
assessd.hook("progress.batch", function(regs) return shape.summaries(regs) end)
assessd.hook("claim.check", function() return { eligible = true, violations = assessd.array() } end)
assessd.report("shape_page", { title = "Shape", scope = "registration", formats = { "html" } },
  function() return "<p>in shape</p>" end)
