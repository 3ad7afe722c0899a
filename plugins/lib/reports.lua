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

local function csv_field(v)
  local s = val(v)
  if s:find('[,"\r\n]') then s = '"' .. s:gsub('"', '""') .. '"' end
  return s
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
    local width = {}
    for i, h in ipairs(t.head) do width[i] = utf8.len(h) or #h end
    for _, r in ipairs(t.rows) do
      for i = 1, #t.head do
        local n = utf8.len(val(r[i])) or #val(r[i])
        if n > width[i] then width[i] = math.min(n, 60) end
      end
    end
    local function line(cells)
      local out = {}
      for i = 1, #t.head do
        local s = val(cells[i])
        if (utf8.len(s) or #s) > 60 then s = s:sub(1, 57) .. "..." end
        out[i] = s .. string.rep(" ", width[i] - (utf8.len(s) or #s))
      end
      return (table.concat(out, "  "):gsub("%s+$", ""))
    end
    local lines = { line(t.head) }
    for _, r in ipairs(t.rows) do lines[#lines + 1] = line(r) end
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
    { "Candidate", name(d.candidate) .. ((d.candidate and d.candidate.uln) and (" (ULN " .. d.candidate.uln .. ")") or "") },
    { "Qualification", d.qualification.title .. " (" .. d.qualification.ref .. ")" },
    { "Registered", d.registered_on .. (nvq_present(d.body_reference) and ("; awarding body reference " .. d.body_reference) or "") },
    { "Assessor", name(d.assessor) }, { "Internal verifier", name(d.iv) },
    { "Printed", d.today },
  }
end

local function current(list)
  local out = {}
  for _, r in ipairs(list or {}) do if not nvq_present(r.superseded_by) then out[#out + 1] = r end end
  return out
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
                          (e.simulated == 1 or e.simulated == true) and "simulated" or "" }
    end
  end
  return { head = { "Ref", "Date", "Method", "Evidence", "Location", "Criteria claimed", "Note" }, rows = rows }
end

local function decisions_of(d, unit)
  local rows = {}
  for _, x in ipairs(current(d.decisions)) do
    if x.unit == unit.number then
      rows[#rows + 1] = { x.date, x.kind, x.outcome, x.justification, x.feedback, x.assessor_name,
                          x.trainee == 1 and (nvq_present(x.countersigned_by) and "countersigned" or "awaiting countersignature") or "" }
    end
  end
  return { head = { "Date", "Kind", "Outcome", "Justification", "Feedback", "Assessor", "Support" }, rows = rows }
end

local function car_summary(d)
  local rows = {}
  for _, u in ipairs(d.progress.units) do
    rows[#rows + 1] = { u.number, u.title, u.kind, u.theme, (u.status:gsub("_", " ")),
                        ("%d/%d"):format(u.covered, u.total), table.concat(u.missing, ", ") }
  end
  return { head = { "Unit", "Title", "Kind", "Theme", "Status", "Criteria", "Missing" }, rows = rows }
end

local function legend(d)
  if type(d.methods) ~= "table" then return "" end
  local parts = {}
  for _, m in ipairs(d.methods) do parts[#parts + 1] = esc(m.code) .. " " .. esc(m.name) end
  return '<p class="legend">Method codes: ' .. table.concat(parts, "; ") .. ".</p>"
end

function reports.car(d, format)
  if format ~= "html" then
    local rows = {}
    for _, u in ipairs(d.progress.units) do
      for _, r in ipairs(evidence_sheet(d, u).rows) do
        rows[#rows + 1] = { u.number, r[1], r[2], r[3], r[4], r[5], r[6], r[7] }
      end
    end
    local t = { head = { "Unit", "Ref", "Date", "Method", "Evidence", "Location", "Criteria claimed", "Note" }, rows = rows }
    if format == "text" then
      return "CUMULATIVE ASSESSMENT RECORD\n" .. d.qualification.title .. " — " .. name(d.candidate) .. "\n\n" ..
        table_out("text", car_summary(d)) .. "\nEVIDENCE RECORD SHEET\n" .. table_out("text", t)
    end
    return table_out(format, t)
  end
  local body = { "<h2>Units</h2>", table_out("html", car_summary(d)) }
  for _, u in ipairs(d.progress.units) do
    body[#body + 1] = ('<section class="unit"><h2>Evidence record sheet — unit %s: %s</h2>'):format(esc(u.number), esc(u.title))
    body[#body + 1] = table_out("html", evidence_sheet(d, u))
    body[#body + 1] = "<h3>Assessment decisions</h3>" .. table_out("html", decisions_of(d, u))
    local so = ""
    for _, s in ipairs(current(d.signoffs)) do
      if s.unit == u.number then so = ("Signed off on %s by %s%s."):format(s.date, s.assessor_name,
        s.trainee == 1 and (nvq_present(s.countersigned_by) and ", countersigned" or ", awaiting countersignature") or "") end
    end
    body[#body + 1] = "<p>" .. esc(so ~= "" and so or "Not signed off.") .. "</p></section>"
  end
  body[#body + 1] = legend(d)
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
                          w.signature_on_file == 1 and "yes" or "no", table.concat(used[w.id], ", ") }
    end
  end
  local t = { head = { "Witness", "Job title", "Relationship to the candidate", "Contact", "Signature on file", "Evidence" }, rows = rows }
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
  if format ~= "html" then return table_out(format, t) end
  local q = d.progress.qualification
  local verdict = q.achieved and "The rules of combination are met." or
    ("Not yet achieved: " .. (function() local m = {} for _, v in ipairs(q.violations) do m[#m + 1] = v.message end return table.concat(m, "; ") end)() .. ".")
  return page("Record of achievement", header_of(d), table_out("html", t) .. "<p>" .. esc(verdict) .. "</p>")
end

-- ---- the external verifier's visit pack (a centre) -------------------------------------------

function reports.ev_visit_pack(d, format)
  local cand = { head = { "Registration", "Candidate", "ULN", "Qualification", "Registered", "Assessor", "IV", "Units", "Signed off", "Claims", "Last claim" }, rows = {} }
  for _, r in ipairs(d.registrations) do
    cand.rows[#cand.rows + 1] = { r.registration, r.candidate, r.uln, r.qualification, r.registered_on, r.assessor, r.iv, r.units, r.units_signed_off, r.claims, r.last_claim }
  end
  if format ~= "html" then return table_out(format, cand) end
  local staff = { head = { "Name", "Roles", "Awards" }, rows = {} }
  for _, p in ipairs(d.staff) do
    if not p.roles:match("^candidate$") then
      local aw = {}
      for _, a in ipairs(p.awards) do
        aw[#aw + 1] = a.code .. (nvq_present(a.achieved_on) and (" achieved " .. a.achieved_on) or (" working towards since " .. val(a.started_on)))
      end
      staff.rows[#staff.rows + 1] = { p.name, p.roles, table.concat(aw, "; ") }
    end
  end
  local req = { head = { "Registration", "Unit", "Evidence", "Title", "Date", "Why" }, rows = {} }
  for _, x in ipairs(d.iv_plan.required) do req.rows[#req.rows + 1] = { x.registration, x.unit, x.evidence, x.title, x.date, x.reason } end
  local body = table.concat({
    "<h2>Candidates registered, with achievements to date and certification records</h2>", table_out("html", cand),
    "<h2>Assessors and internal verifiers (with their A and V units)</h2>", table_out("html", staff),
    "<h2>Internal verification: samples still required</h2>", table_out("html", req),
  })
  return page("External verifier's visit pack", { { "Centre", d.centre }, { "Awarding body", d.body }, { "Prepared", d.today } }, body)
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
