-- reviews.lua — a candidate's review is due, or overdue.
--
-- The next review is the date the assessor set at the last review (review.record's next_due).
-- A candidate with no review yet is due one review interval after registration: the
-- centre's --review-interval setting (config key review_interval, 28 days by default).
-- The candidate's assessor holds the review.
--
-- This file is an example a centre may copy and change: the wording, who should act, how far
-- ahead to warn (within_days, default --reminder-within) and how often it runs.
-- docs/reminders.md lists everything a job can use.

assessd.job {
  name = "reviews",
  description = "candidate reviews due or overdue",
  every = "6h",
  calendar = true, -- reviews go into the iCalendar feed (reminders.ics)
  run = function(ctx)
    local out = {}
    -- every active registration whose next review falls on or before ctx.up_to; of those, only
    -- the ones a caller of reminders.due could be shown (wanted: the rows; ctx.wants: each)
    local wanted = { kind = "review_due", person = "candidate", act = "assessor" }
    for _, r in ipairs(assessd.data.reviews { up_to = ctx.up_to, wanted = wanted }) do
      -- the key names this review: a new review sets a new date, and so a new reminder
      local key = ("review:%d:%s"):format(r.registration, r.due)
      if ctx.wants("review_due", r.due, key, r.centre, r.candidate, r.assessor) then
        local when
        if r.due < ctx.date then
          when = "was due on " .. r.due
        elseif r.due == ctx.date then
          when = "is due today"
        else
          when = "is due on " .. r.due
        end
        local since
        if r.last_review then
          since = "the last review was on " .. r.last_review
        else
          since = "there has been no review since registration on " .. r.registered_on
        end
        out[#out + 1] = {
          kind = "review_due",
          key = key,
          due = r.due,
          centre = r.centre,
          registration = r.registration,
          person = { id = r.candidate, name = r.candidate_name },
          act = { { id = r.assessor, name = r.assessor_name } },
          title = ("Review of %s (%s)"):format(r.candidate_name, r.qualification),
          why = ("%s's review for %s %s: %s."):format(r.candidate_name, r.title, when, since),
        }
      end
    end
    return out
  end,
}
