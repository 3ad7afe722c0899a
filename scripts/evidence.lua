-- evidence.lua — evidence waiting too long for an assessment decision.
--
-- Evidence that is current (not superseded) waits for a decision on each unit it claims for:
-- once the unit has a current decision dated on or after the evidence, it has been looked at.
-- After DAYS days without one, the candidate's assessor is reminded, once per candidate: the
-- reminder names the units and counts the items, and is dated DAYS after the oldest of them.

local DAYS = 14

assessd.job {
  name = "evidence",
  description = "evidence with no assessment decision after " .. DAYS .. " days",
  every = "6h",
  run = function(ctx)
    local out = {}
    -- one row per registration: units, items, oldest (date), evidence (the oldest item's id)
    -- what a caller of reminders.due would not be shown need not be read (wanted) nor built
    -- (ctx.wants): the rows are reminders of this kind for the candidate's assessor
    local wanted = { kind = "evidence_undecided", person = "candidate", act = "assessor" }
    for _, e in ipairs(assessd.data.undecided_evidence { up_to = ctx.up_to, days = DAYS, wanted = wanted }) do
      -- a decision on everything waiting ends it; evidence added later starts a new one
      local key = ("evidence:%d:%s"):format(e.registration, e.oldest)
      if ctx.wants("evidence_undecided", e.due, key, e.centre, e.candidate, e.assessor) then
        local what
        if e.items == 1 then
          what = ("an item of evidence of %s"):format(e.oldest)
        else
          what = ("%d items of evidence, the oldest of %s,"):format(e.items, e.oldest)
        end
        out[#out + 1] = {
          kind = "evidence_undecided",
          key = key,
          due = e.due,
          centre = e.centre,
          registration = e.registration,
          person = { id = e.candidate, name = e.candidate_name },
          act = { { id = e.assessor, name = e.assessor_name } },
          title = ("Decide on %s's evidence (unit %s)"):format(e.candidate_name, e.units),
          why = ("%s's %s for unit %s %s waited more than %d days for an assessment decision.")
            :format(e.candidate_name, what, e.units, e.items == 1 and "has" or "have", DAYS),
          data = { evidence = e.evidence, units = e.units, items = e.items, oldest = e.oldest },
        }
      end
    end
    return out
  end,
}
