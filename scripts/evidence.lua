-- evidence.lua — evidence waiting too long for an assessment decision.
--
-- Evidence that is current (not superseded) waits for a decision on each unit it claims for:
-- once the unit has a current decision dated on or after the evidence, it has been looked at.
-- After DAYS days without one, the candidate's assessor is reminded.

local DAYS = 14

assessd.job {
  name = "evidence",
  description = "evidence with no assessment decision after " .. DAYS .. " days",
  every = "6h",
  run = function(ctx)
    local out = {}
    for _, e in ipairs(assessd.data.undecided_evidence { up_to = ctx.up_to, days = DAYS }) do
      out[#out + 1] = {
        kind = "evidence_undecided",
        key = ("evidence:%d:%s"):format(e.evidence, e.unit),
        due = e.due,
        centre = e.centre,
        registration = e.registration,
        person = { id = e.candidate, name = e.candidate_name },
        act = { { id = e.assessor, name = e.assessor_name } },
        title = ("Decide on %s's evidence for unit %s"):format(e.candidate_name, e.unit),
        why = ("%s's evidence \"%s\" of %s for unit %s has had no assessment decision for %d "
          .. "days."):format(e.candidate_name, e.title, e.date, e.unit, DAYS),
        data = { evidence = e.evidence, unit = e.unit },
      }
    end
    return out
  end,
}
