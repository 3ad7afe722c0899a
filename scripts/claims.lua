-- claims.lua — a candidate has become eligible to claim the full award.
--
-- Eligible: registered for at least ten weeks (70 days), every unit chosen for the
-- registration signed off by the assessor (or brought forward) and not awaiting a qualified
-- assessor's countersignature, and no claim made yet. The reminder is dated the day the last
-- of these came true. The body's own rules of combination are checked by claim.check when the
-- claim is made; this only says it is worth looking.
--
-- The internal verifier signs the claim and the centre's administrators send it.

local WEEKS = 10

local function admins_by_centre()
  local by = {}
  for _, p in ipairs(assessd.data.admins()) do
    if p.centre then
      by[p.centre] = by[p.centre] or {}
      table.insert(by[p.centre], { id = p.id, name = p.name })
    end
  end
  return by
end

assessd.job {
  name = "claims",
  description = "candidates newly eligible to claim the full award",
  every = "6h",
  run = function(ctx)
    local out = {}
    local admins -- looked up at the first candidate: most runs find none
    for _, r in ipairs(assessd.data.claim_ready { up_to = ctx.up_to, days = WEEKS * 7 }) do
      admins = admins or admins_by_centre()
      local act = { { id = r.iv, name = r.iv_name } }
      for _, a in ipairs(admins[r.centre] or {}) do
        if a.id ~= r.iv then act[#act + 1] = a end
      end
      local key = ("claim:%d"):format(r.registration) -- once per registration
      if ctx.wants("claim_eligible", r.due, key, r.centre, r.candidate, act) then
        out[#out + 1] = {
          kind = "claim_eligible",
          key = key,
          due = r.due,
          centre = r.centre,
          registration = r.registration,
          person = { id = r.candidate, name = r.candidate_name },
          act = act,
          title = ("%s can claim %s"):format(r.candidate_name, r.qualification),
          why = ("%s has been registered for %s since %s (%d weeks on %s) and every chosen unit is "
            .. "signed off: the full award can be claimed."):format(r.candidate_name, r.title,
            r.registered_on, WEEKS, assessd.date_add(r.registered_on, { weeks = WEEKS })),
        }
      end
    end
    return out
  end,
}
