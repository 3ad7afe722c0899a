-- qualification_dates.lua — a qualification's last registration or last certification date is
-- near, for the centres and candidates registered on it.
--
-- The dates come from the awarding body's catalogue (catalogue.qualifications:
-- last_registration, last_certification). A date the catalogue gives as "unknown" raises no
-- reminder. After the last registration date nothing can be done about it, so that reminder
-- stops; a candidate not yet certified by the last certification date stays overdue, since
-- their claim will be refused.

local function is_date(s)
  return type(s) == "string" and s:match("^%d%d%d%d%-%d%d%-%d%d$") ~= nil
end

assessd.job {
  name = "qualification_dates",
  description = "last registration and certification dates of qualifications in use",
  daily = "06:10",
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
    for _, q in ipairs(assessd.data.qualifications()) do
      local last = q.last_registration
      if is_date(last) and last >= ctx.date and last <= ctx.up_to then
        for _, c in ipairs(assessd.data.centres { qualification = q.qualification }) do
          out[#out + 1] = {
            kind = "last_registration",
            key = ("last_registration:%s:%d:%s"):format(q.qualification, c.centre, last),
            due = last,
            centre = c.centre,
            act = admins[c.centre] or {},
            title = ("Last registrations for %s: %s"):format(q.qualification, last),
            why = ("%s (%s): the last date to register candidates is %s; %d candidate(s) are "
              .. "registered on it at %s."):format(q.title, q.qualification, last,
              c.registrations, c.centre_name),
          }
        end
      end
      last = q.last_certification
      if is_date(last) and last <= ctx.up_to then
        for _, r in ipairs(assessd.data.registrations { qualification = q.qualification }) do
          local act = { { id = r.assessor, name = r.assessor_name }, { id = r.iv, name = r.iv_name } }
          for _, a in ipairs(admins[r.centre] or {}) do act[#act + 1] = a end
          out[#out + 1] = {
            kind = "last_certification",
            key = ("last_certification:%d:%s"):format(r.registration, last),
            due = last,
            centre = r.centre,
            registration = r.registration,
            person = { id = r.candidate, name = r.candidate_name },
            act = act,
            title = ("Last certification of %s for %s: %s"):format(q.qualification,
              r.candidate_name, last),
            why = ("%s is not yet certificated for %s; the last certification date is %s, and "
              .. "claims after it are refused."):format(r.candidate_name, q.title, last),
          }
        end
      end
    end
    return out
  end,
}
