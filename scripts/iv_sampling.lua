-- iv_sampling.lua — internal verification outstanding.
--
-- Simulated evidence must always be sampled by the IV (the handbook's rule): it is flagged
-- SIMULATED_DAYS after its date while its unit has no IV sample on or after it. Units signed
-- off and never sampled are flagged SIGNOFF_DAYS after the first of them, once per candidate.
-- The same lists are in iv.plan; this turns them into reminders for the registration's IV,
-- for the registrations still under way.

local SIMULATED_DAYS = 7
local SIGNOFF_DAYS = 28

assessd.job {
  name = "iv_sampling",
  description = "IV sampling outstanding: simulated evidence and sign-offs",
  daily = "07:00",
  run = function(ctx)
    local out = {}
    -- only the rows (wanted) and reminders (ctx.wants) a caller of reminders.due could be shown
    local simulated = { kind = "iv_simulated", person = "candidate", act = "iv" }
    for _, e in ipairs(assessd.data.unsampled_simulated { up_to = ctx.up_to, days = SIMULATED_DAYS, wanted = simulated }) do
      local key = ("iv_simulated:%d:%s"):format(e.evidence, e.unit)
      if ctx.wants("iv_simulated", e.due, key, e.centre, e.candidate, e.iv) then
        out[#out + 1] = {
          kind = "iv_simulated",
          key = key,
          due = e.due,
          centre = e.centre,
          registration = e.registration,
          person = { id = e.candidate, name = e.candidate_name },
          act = { { id = e.iv, name = e.iv_name } },
          title = ("Sample simulated evidence of %s, unit %s"):format(e.candidate_name, e.unit),
          why = ("%s's evidence \"%s\" of %s for unit %s was produced in a simulation, and all "
            .. "simulated evidence must be sampled by the internal verifier."):format(
            e.candidate_name, e.title, e.date, e.unit),
          data = { evidence = e.evidence, unit = e.unit },
        }
      end
    end
    -- one row per registration: units, items, oldest (the oldest sign-off's date)
    local signoffs = { kind = "iv_signoff", person = "candidate", act = "iv" }
    for _, f in ipairs(assessd.data.unsampled_signoffs { up_to = ctx.up_to, days = SIGNOFF_DAYS, wanted = signoffs }) do
      local key = ("iv_signoff:%d:%s"):format(f.registration, f.oldest)
      if ctx.wants("iv_signoff", f.due, key, f.centre, f.candidate, f.iv) then
        out[#out + 1] = {
          kind = "iv_signoff",
          key = key,
          due = f.due,
          centre = f.centre,
          registration = f.registration,
          person = { id = f.candidate, name = f.candidate_name },
          act = { { id = f.iv, name = f.iv_name } },
          title = ("Sample %s's unit %s"):format(f.candidate_name, f.units),
          why = ("%s's unit %s %s signed off (the first on %s) and %s not been sampled by the "
            .. "internal verifier after %d days."):format(f.candidate_name, f.units,
            f.items == 1 and "was" or "were", f.oldest, f.items == 1 and "has" or "have",
            SIGNOFF_DAYS),
          data = { signoff = f.signoff, units = f.units, items = f.items },
        }
      end
    end
    return out
  end,
}
