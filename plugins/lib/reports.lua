-- reports.lua — the recording documents of an NVQ centre, rendered from the records the core
-- gathers (see docs/plugins.md, "Reports"): the Cumulative Assessment Record with its evidence
-- record sheets, the witness list, the record of achievement, and the external verifier's
-- visit pack. Each comes as a printable HTML page, plain text, CSV, or a JSON table.
--
-- A body plugin names it in its manifest (libs = { "nvq", "reports" }) and calls
-- reports.register() from init.lua; a centre may replace one by declaring its own report of
-- the same name in plugins/local/<plugin>.lua.

local reports = {}

local function esc(s)
  s = tostring(s == nil and "" or s)
  if s == tostring(assessd.null) then return "" end
  return (s:gsub("[&<>\"']", { ["&"] = "&amp;", ["<"] = "&lt;", [">"] = "&gt;", ['"'] = "&quot;", ["'"] = "&#39;" }))
end

local function nvq_present(v) return v ~= nil and v ~= assessd.null end

local function val(v)
  if v == nil or v == assessd.null then return "" end
  return tostring(v)
end

-- A text cell a spreadsheet would take for a formula (=, +, -, @) is written with a leading
-- apostrophe, so that opening the file never runs what a record happens to say.
local function csv_field(v)
  local s = val(v)
  if type(v) == "string" and s:find("^[=+%-@\t\r]") then s = "'" .. s end
  if s:find('[,"\r\n]') then s = '"' .. s:gsub('"', '""') .. '"' end
  return s
end

local WIDTH = 60 -- characters of a text table's column before its cells wrap

local function ulen(s) return utf8.len(s) or #s end

-- s as lines of at most width (WIDTH) characters, broken at spaces where it can and at its own
-- line breaks; nothing is cut off.
local function wrap(s, width)
  width = width or WIDTH
  local out = {}
  for para in (s .. "\n"):gmatch("(.-)\r?\n") do
    local line = ""
    for word in para:gmatch("%S+") do
      while ulen(word) > width do
        if line ~= "" then out[#out + 1] = line; line = "" end
        local cut = utf8.offset(word, width + 1) or (#word + 1)
        out[#out + 1] = word:sub(1, cut - 1)
        word = word:sub(cut)
      end
      if line == "" then line = word
      elseif ulen(line) + 1 + ulen(word) <= width then line = line .. " " .. word
      else out[#out + 1] = line; line = word end
    end
    out[#out + 1] = line
  end
  return out
end

-- A table as {head = {...}, rows = {{...}}} in the requested format.
local function table_out(format, t)
  if format == "csv" then
    local lines = { table.concat((function() local h = {} for i, x in ipairs(t.head) do h[i] = csv_field(x) end return h end)(), ",") }
    for _, r in ipairs(t.rows) do
      local f = {}
      for i = 1, #t.head do f[i] = csv_field(r[i]) end
      lines[#lines + 1] = table.concat(f, ",")
    end
    return table.concat(lines, "\r\n") .. "\r\n"
  elseif format == "text" then
    if #t.rows == 0 then return "(none recorded)\n" end
    local width, cells = {}, {}
    for i, h in ipairs(t.head) do width[i] = ulen(h) end
    for k, r in ipairs(t.rows) do
      cells[k] = {}
      for i = 1, #t.head do
        cells[k][i] = wrap(val(r[i]))
        for _, l in ipairs(cells[k][i]) do width[i] = math.max(width[i], ulen(l)) end
      end
    end
    local function line(parts)
      local out = {}
      for i = 1, #t.head do out[i] = parts[i] .. string.rep(" ", width[i] - ulen(parts[i])) end
      return (table.concat(out, "  "):gsub("%s+$", ""))
    end
    local lines = { line(t.head) }
    local rule = {}
    for i = 1, #t.head do rule[i] = string.rep("-", width[i]) end
    lines[#lines + 1] = line(rule)
    for k = 1, #t.rows do
      local height = 1
      for i = 1, #t.head do height = math.max(height, #cells[k][i]) end
      for n = 1, height do
        local parts = {}
        for i = 1, #t.head do parts[i] = cells[k][i][n] or "" end
        lines[#lines + 1] = line(parts)
      end
    end
    return table.concat(lines, "\n") .. "\n"
  elseif format == "json" then
    local rows = assessd.array()
    for _, r in ipairs(t.rows) do
      local o = assessd.object()
      for i, h in ipairs(t.head) do o[h] = r[i] end
      rows[#rows + 1] = o
    end
    return rows
  end
  local out = { "<table><thead><tr>" }
  for _, h in ipairs(t.head) do out[#out + 1] = "<th>" .. esc(h) .. "</th>" end
  out[#out + 1] = "</tr></thead><tbody>"
  for _, r in ipairs(t.rows) do
    out[#out + 1] = "<tr>"
    for i = 1, #t.head do out[#out + 1] = "<td>" .. esc(val(r[i])) .. "</td>" end
    out[#out + 1] = "</tr>"
  end
  if #t.rows == 0 then out[#out + 1] = ('<tr><td colspan="%d" class="none">none recorded</td></tr>'):format(#t.head) end
  out[#out + 1] = "</tbody></table>"
  return table.concat(out)
end

local STYLE = [[
body { font-family: "DejaVu Sans", Arial, sans-serif; font-size: 10.5pt; margin: 2em; color: #111; }
h1 { font-size: 16pt; margin: 0 0 .2em; } h2 { font-size: 12.5pt; margin: 1.4em 0 .4em; border-bottom: 1px solid #999; }
h3 { font-size: 11pt; margin: 1em 0 .3em; }
dl.head { display: grid; grid-template-columns: max-content auto; gap: .15em 1.2em; margin: .8em 0; }
dl.head dt { font-weight: bold; } dl.head dd { margin: 0; }
table { border-collapse: collapse; width: 100%; margin: .4em 0 1em; }
th, td { border: 1px solid #777; padding: .25em .45em; text-align: left; vertical-align: top; }
th { background: #e8e8e8; } td.none { color: #666; font-style: italic; }
.legend { font-size: 9pt; color: #333; } .sign { margin-top: 2em; } .sign span { display: inline-block; width: 16em; border-top: 1px solid #000; margin-right: 3em; padding-top: .2em; }
@media print { body { margin: 0; } section.unit { page-break-inside: avoid; } h2 { page-break-after: avoid; } }
]]

local function page(title, header, body)
  local dl = { '<dl class="head">' }
  for _, kv in ipairs(header) do dl[#dl + 1] = ("<dt>%s</dt><dd>%s</dd>"):format(esc(kv[1]), esc(kv[2])) end
  dl[#dl + 1] = "</dl>"
  return table.concat({
    '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>', esc(title),
    "</title><style>", STYLE, "</style></head><body><h1>", esc(title), "</h1>",
    table.concat(dl), body, "</body></html>\n" })
end

local function name(p) return p ~= nil and p ~= assessd.null and p.name or "" end

local function header_of(d)
  return {
    { "Candidate", name(d.candidate) .. ((d.candidate and nvq_present(d.candidate.uln)) and (" (ULN " .. d.candidate.uln .. ")") or "") },
    { "Qualification", d.qualification.title .. " (" .. d.qualification.ref .. ")" ..
      (nvq_present(d.qualification.level) and (", level " .. tostring(d.qualification.level)) or "") },
    { "Registered", d.registered_on .. (nvq_present(d.body_reference) and ("; awarding body reference " .. d.body_reference) or "") },
    { "Assessor", name(d.assessor) }, { "Internal verifier", name(d.iv) },
    { "Printed", d.today },
  }
end

-- A page of plain text: the title, the header, then each section's heading and table or text.
local function text_page(title, header, sections)
  local out = { title:upper(), string.rep("=", ulen(title)) }
  for _, kv in ipairs(header) do out[#out + 1] = kv[1] .. ": " .. val(kv[2]) end
  for _, sec in ipairs(sections) do
    out[#out + 1] = ""
    out[#out + 1] = sec.title:upper()
    if sec.table then out[#out + 1] = (table_out("text", sec.table):gsub("\n$", "")) end
    if sec.text then out[#out + 1] = table.concat(wrap(sec.text, 96), "\n") end
  end
  return table.concat(out, "\n") .. "\n"
end

local function current(list)
  local out = {}
  for _, r in ipairs(list or {}) do if not nvq_present(r.superseded_by) then out[#out + 1] = r end end
  return out
end

local function support(x)
  if x.trainee ~= true then return "" end
  return nvq_present(x.countersigned_by) and "countersigned" or "awaiting countersignature"
end

-- ---- the Cumulative Assessment Record -------------------------------------------------------

local function evidence_sheet(d, unit)
  local rows = {}
  for _, e in ipairs(current(d.evidence)) do
    local claims = {}
    for _, r in ipairs(e.refs) do
      if r:match("^([^:]+):") == unit.number then claims[#claims + 1] = r:sub(#unit.number + 2) end
    end
    if #claims > 0 then
      rows[#rows + 1] = { e.id, e.date, e.method, e.title, e.location, table.concat(claims, ", "),
                          e.simulated == true and "simulated" or "" }
    end
  end
  return { head = { "Ref", "Date", "Method", "Evidence", "Location", "Criteria claimed", "Note" }, rows = rows }
end

local function decisions_of(d, unit)
  local rows = {}
  for _, x in ipairs(current(d.decisions)) do
    if x.unit == unit.number then
      rows[#rows + 1] = { x.date, x.kind, x.outcome, x.justification, x.feedback, x.assessor_name, support(x) }
    end
  end
  return { head = { "Date", "Kind", "Outcome", "Justification", "Feedback", "Assessor", "Support" }, rows = rows }
end

-- Internal verification of the unit: dates, outcomes and the actions resulting (handbook 3.17).
local function samples_of(d, unit)
  local rows = {}
  for _, x in ipairs(current(d.iv_samples)) do
    if x.unit == unit.number then
      rows[#rows + 1] = { x.date, x.iv_name, x.outcome:gsub("_", " "), x.notes, x.actions, support(x) }
    end
  end
  return { head = { "Date", "Internal verifier", "Outcome", "Notes", "Actions", "Support" }, rows = rows }
end

local function signoff_of(d, unit)
  for _, s in ipairs(current(d.signoffs)) do
    if s.unit == unit.number then
      local sup = support(s)
      return ("Signed off on %s by %s%s."):format(s.date, s.assessor_name, sup ~= "" and (", " .. sup) or "")
    end
  end
  return "Not signed off."
end

local function car_summary(d)
  local rows = {}
  for _, u in ipairs(d.progress.units) do
    rows[#rows + 1] = { u.number, u.title, u.kind, u.theme, (u.status:gsub("_", " ")),
                        ("%d/%d"):format(u.covered, u.total), table.concat(u.missing, ", ") }
  end
  return { head = { "Unit", "Title", "Kind", "Theme", "Status", "Criteria", "Missing" }, rows = rows }
end

local function initial_assessment(d)
  local rows = {}
  for _, x in ipairs(current(d.initial_assessments)) do rows[#rows + 1] = { x.date, x.outcome, x.notes } end
  return { head = { "Date", "Outcome", "Notes" }, rows = rows }
end

local function reviews(d)
  local rows = {}
  for _, x in ipairs(current(d.reviews)) do rows[#rows + 1] = { x.date, x.notes, x.feedback, x.next_due } end
  return { head = { "Date", "Review", "Feedback", "Next review" }, rows = rows }
end

local function appeals(d)
  local rows = {}
  for _, x in ipairs(d.appeals or {}) do
    rows[#rows + 1] = { x.lodged_on, x.decision, x.grounds, x.status, x.heard_on, x.outcome, x.outcome_notes }
  end
  return { head = { "Lodged", "Decision", "Grounds", "Status", "Heard", "Outcome", "Reasons" }, rows = rows }
end

local function certification(d)
  local rows = {}
  for _, x in ipairs(d.claims or {}) do
    local units = type(x.units) == "table" and table.concat(x.units, ", ") or val(x.units)
    rows[#rows + 1] = { x.date, x.full == true and "full award" or "units", units, x.iv_name }
  end
  return { head = { "Claimed", "Claim", "Units", "Signed by" }, rows = rows }
end

local function method_codes(d)
  if type(d.methods) ~= "table" then return nil end
  local parts = {}
  for _, m in ipairs(d.methods) do parts[#parts + 1] = val(m.code) .. " " .. val(m.name) end
  return "Method codes: " .. table.concat(parts, "; ") .. "."
end

-- The record, as sections: what the handbook's minimum centre records list (3.17).
local function car_sections(d)
  local out = {
    { title = "Units", table = car_summary(d) },
    { title = "Initial assessment", table = initial_assessment(d) },
    { title = "Reviews and feedback", table = reviews(d) },
  }
  for _, u in ipairs(d.progress.units) do
    out[#out + 1] = { title = ("Evidence record sheet — unit %s: %s"):format(u.number, u.title), table = evidence_sheet(d, u), unit = true }
    out[#out + 1] = { title = "Assessment decisions", table = decisions_of(d, u), level = 3 }
    out[#out + 1] = { title = "Sign-off", text = signoff_of(d, u), level = 3 }
    out[#out + 1] = { title = "Internal verification", table = samples_of(d, u), level = 3 }
  end
  out[#out + 1] = { title = "Appeals", table = appeals(d) }
  out[#out + 1] = { title = "Certification", table = certification(d) }
  return out
end

function reports.car(d, format)
  if format == "csv" or format == "json" then
    local rows = {}
    for _, u in ipairs(d.progress.units) do
      for _, r in ipairs(evidence_sheet(d, u).rows) do
        rows[#rows + 1] = { u.number, r[1], r[2], r[3], r[4], r[5], r[6], r[7] }
      end
    end
    return table_out(format, { head = { "Unit", "Ref", "Date", "Method", "Evidence", "Location", "Criteria claimed", "Note" }, rows = rows })
  end
  local sections = car_sections(d)
  if format == "text" then
    local codes = method_codes(d)
    if codes then sections[#sections + 1] = { title = "Methods", text = codes } end
    return text_page("Cumulative Assessment Record", header_of(d), sections)
  end
  local body, open = {}, false
  for _, sec in ipairs(sections) do
    if sec.unit then
      if open then body[#body + 1] = "</section>" end
      body[#body + 1] = '<section class="unit">'
      open = true
    elseif not sec.level and open then
      body[#body + 1] = "</section>"
      open = false
    end
    local h = sec.level == 3 and "h3" or "h2"
    body[#body + 1] = ("<%s>%s</%s>"):format(h, esc(sec.title), h)
    if sec.table then body[#body + 1] = table_out("html", sec.table) end
    if sec.text then body[#body + 1] = "<p>" .. esc(sec.text) .. "</p>" end
  end
  if open then body[#body + 1] = "</section>" end
  local codes = method_codes(d)
  if codes then body[#body + 1] = '<p class="legend">' .. esc(codes) .. "</p>" end
  body[#body + 1] = '<div class="sign"><span>Candidate</span><span>Assessor</span></div>'
  return page("Cumulative Assessment Record", header_of(d), table.concat(body))
end

-- ---- the witness list ------------------------------------------------------------------------

function reports.witness_list(d, format)
  local used = {}
  for _, e in ipairs(current(d.evidence)) do
    if nvq_present(e.witness) then
      used[e.witness] = used[e.witness] or {}
      table.insert(used[e.witness], tostring(e.id))
    end
  end
  local rows = {}
  for _, w in ipairs(d.witnesses) do
    if used[w.id] then
      rows[#rows + 1] = { w.name, w.job_title, w.relationship, w.contact,
                          w.signature_on_file == true and "yes" or "no", table.concat(used[w.id], ", ") }
    end
  end
  local t = { head = { "Witness", "Job title", "Relationship to the candidate", "Contact", "Signature on file", "Evidence" }, rows = rows }
  if format == "text" then return text_page("Witness list", header_of(d), { { title = "Witnesses", table = t } }) end
  if format ~= "html" then return table_out(format, t) end
  return page("Witness list", header_of(d), table_out("html", t))
end

-- ---- the record of achievement ---------------------------------------------------------------

function reports.record_of_achievement(d, format)
  local signed = {}
  for _, s in ipairs(current(d.signoffs)) do signed[s.unit] = s end
  local rows = {}
  for _, u in ipairs(d.progress.units) do
    local s = signed[u.number]
    rows[#rows + 1] = { u.number, u.title, u.status == "signed_off" and "finished and signed off" or (u.status:gsub("_", " ")),
                        s and s.date or "", s and s.assessor_name or "" }
  end
  local t = { head = { "Unit", "Title", "Status", "Signed off", "Assessor" }, rows = rows }
  if format == "csv" or format == "json" then return table_out(format, t) end
  local q = d.progress.qualification
  local verdict = q.achieved and "The rules of combination are met." or
    ("Not yet achieved: " .. (function() local m = {} for _, v in ipairs(q.violations) do m[#m + 1] = v.message end return table.concat(m, "; ") end)() .. ".")
  if format == "text" then
    return text_page("Record of achievement", header_of(d), {
      { title = "Units", table = t }, { title = "Qualification", text = verdict },
      { title = "Certification", table = certification(d) } })
  end
  return page("Record of achievement", header_of(d), table_out("html", t) .. "<p>" .. esc(verdict) .. "</p>" ..
    "<h2>Certification</h2>" .. table_out("html", certification(d)))
end

-- ---- the external verifier's visit pack (a centre) -------------------------------------------

function reports.ev_visit_pack(d, format)
  local cand = { head = { "Registration", "Candidate", "ULN", "Qualification", "Registered", "Assessor", "IV", "Units", "Signed off", "Claims", "Last claim" }, rows = {} }
  for _, r in ipairs(d.registrations) do
    cand.rows[#cand.rows + 1] = { r.registration, r.candidate, r.uln, r.qualification, r.registered_on, r.assessor, r.iv, r.units, r.units_signed_off, r.claims, r.last_claim }
  end
  if format == "csv" or format == "json" then return table_out(format, cand) end
  -- the assessment team: assessors and IVs, with their A and V units (not administrators or EVs)
  local staff = { head = { "Name", "Roles", "Awards" }, rows = {} }
  for _, p in ipairs(d.staff) do
    local team = false
    for _, role in ipairs(p.roles) do team = team or role == "assessor" or role == "iv" end
    if team then
      local aw = {}
      for _, a in ipairs(p.awards) do
        aw[#aw + 1] = a.code .. (nvq_present(a.achieved_on) and (" achieved " .. a.achieved_on) or (" working towards since " .. val(a.started_on)))
      end
      staff.rows[#staff.rows + 1] = { p.name, table.concat(p.roles, ", "), table.concat(aw, "; ") }
    end
  end
  local plan = d.iv_plan
  local req = { head = { "Registration", "Unit", "Evidence", "Title", "Date", "Why" }, rows = {} }
  for _, x in ipairs(plan.required) do req.rows[#req.rows + 1] = { x.registration, x.unit, x.evidence, x.title, x.date, x.reason } end
  local unsampled = { head = { "Registration", "Unit", "Signed off", "Assessor" }, rows = {} }
  for _, x in ipairs(plan.unsampled_signoffs or {}) do unsampled.rows[#unsampled.rows + 1] = { x.registration, x.unit, x.signed_off, x.assessor_name } end
  local per = { head = { "Assessor", "Sign-offs", "Sampled" }, rows = {} }
  for _, x in ipairs(plan.by_assessor or {}) do per.rows[#per.rows + 1] = { x.name, x.signoffs, x.sampled } end
  local awaiting = { head = { "Registration", "Unit", "Sample", "Internal verifier", "Date" }, rows = {} }
  for _, x in ipairs(plan.awaiting_countersignature or {}) do awaiting.rows[#awaiting.rows + 1] = { x.registration, x.unit, x.sample, x.iv_name, x.date } end
  local sections = {
    { title = "Candidates registered, with achievements to date and certification records", table = cand },
    { title = "Assessors and internal verifiers (with their A and V units)", table = staff },
    { title = "Internal verification: samples still required", table = req },
    { title = "Sign-offs not yet sampled", table = unsampled },
    { title = "Sampling by assessor", table = per },
    { title = "Trainee internal verifiers' samples awaiting countersignature", table = awaiting },
  }
  local centre = val(d.centre_number) .. " " .. val(d.centre_name)
  local header = { { "Centre", centre }, { "Awarding body", d.body }, { "Prepared", d.today } }
  if format == "text" then return text_page("External verifier's visit pack", header, sections) end
  local body = {}
  for _, sec in ipairs(sections) do body[#body + 1] = "<h2>" .. esc(sec.title) .. "</h2>" .. table_out("html", sec.table) end
  return page("External verifier's visit pack", header, table.concat(body))
end

-- Declares the four reports for the calling body plugin.
function reports.register()
  local all = { "html", "text", "csv", "json" }
  assessd.report("car", { title = "Cumulative Assessment Record", scope = "registration", formats = all }, reports.car)
  assessd.report("witness_list", { title = "Witness list", scope = "registration", formats = all }, reports.witness_list)
  assessd.report("record_of_achievement", { title = "Record of achievement", scope = "registration", formats = all }, reports.record_of_achievement)
  assessd.report("ev_visit_pack", { title = "External verifier's visit pack", scope = "centre", formats = all }, reports.ev_visit_pack)
end

return reports
