-- awards.lua — a trainee assessor's or internal verifier's award deadline is near, or past.
--
-- A person working towards the assessor award (A1) or the verifier award (V1) must achieve it
-- within 18 months of starting (award.started_on, the earliest for the role); until then
-- their decisions are countersigned. The reminder goes to the person and to the centre's
-- administrators from 90 days before the deadline, and stays until the award is recorded as
-- achieved (person.award with achieved_on).

local MONTHS = 18
local ROLE = { assessor = "assessor award (A1)", iv = "internal verifier award (V1)" }

assessd.job {
  name = "awards",
  description = "trainee assessors' and IVs' award deadlines",
  daily = "06:00",
  within_days = 90,
  calendar = true,
  run = function(ctx)
    local out = {}
    local admins = {}
    for _, p in ipairs(assessd.data.admins()) do
      if p.centre then
        admins[p.centre] = admins[p.centre] or {}
        table.insert(admins[p.centre], { id = p.id, name = p.name })
      end
    end
    local rows = assessd.data.award_deadlines { up_to = ctx.up_to, months = MONTHS, date = ctx.date }
    for _, t in ipairs(rows) do
      local act = { { id = t.person, name = t.name } }
      for _, a in ipairs(admins[t.centre] or {}) do
        if a.id ~= t.person then act[#act + 1] = a end
      end
      local state
      if t.due < ctx.date then
        state = "that date has passed"
      else
        state = ("%d days from %s"):format(assessd.days_between(ctx.date, t.due), ctx.date)
      end
      out[#out + 1] = {
        kind = "award_deadline",
        key = ("award:%d:%s:%s"):format(t.person, t.role, t.due),
        due = t.due,
        centre = t.centre,
        person = { id = t.person, name = t.name },
        act = act,
        title = ("%s: %s due %s"):format(t.name, ROLE[t.role] or t.role, t.due),
        why = ("%s started working towards the %s on %s and must achieve it within %d months, "
          .. "by %s (%s)."):format(t.name, ROLE[t.role] or t.role, t.started_on, MONTHS, t.due,
          state),
      }
    end
    return out
  end,
}
