-- nvq.lua — the rule logic that NVQ-style awarding bodies share.
--
-- A body plugin names it in its manifest (libs = { "nvq" }) and calls nvq.body{...} from
-- init.lua: that loads the body's catalogue files, hands the catalogue to the core and declares
-- the hooks the core calls (evidence.check, progress, claim.check). Every rule is a named
-- function in nvq.rules, so a plugin — or a centre, in plugins/local/<plugin>.lua — can add,
-- replace or remove one by name without editing this file (see docs/plugins.md).
--
-- A rule returns nil when it is satisfied, or a violation { rule =, message =, ref = }
-- (or a list of them). An evidence rule may instead return { warning = "..." }.

local nvq = {}

nvq.rules = { evidence = {}, unit = {}, qualification = {}, claim = {} }

-- progress.centre hands nvq.summaries each unit's refs covered instead of its evidence items
-- (assessd.hook's evidence = "covered"): far less to build for a whole centre, and all that
-- this file's rules need. A unit or qualification rule added after nvq.body — by the plugin or
-- by the centre — may look at the items, so from then on they are handed over after all.
local batch_hook -- what nvq.body registered for progress.batch
local function register_batch(evidence)
  assessd.hook("progress.batch", batch_hook, batch_hook == nvq.summaries and { evidence = evidence } or nil)
end

-- Adds a rule, or replaces the rule of that name (keeping its place in the order).
function nvq.rule(kind, name, fn)
  local list = nvq.rules[kind]
  if not list then error("no rule kind '" .. tostring(kind) .. "' (evidence, unit, qualification, claim)", 2) end
  if batch_hook and (kind == "unit" or kind == "qualification") then register_batch("items") end
  for _, r in ipairs(list) do
    if r.name == name then r.fn = fn; return end
  end
  list[#list + 1] = { name = name, fn = fn }
end

function nvq.remove_rule(kind, name)
  local list = nvq.rules[kind]
  for i, r in ipairs(list or {}) do
    if r.name == name then table.remove(list, i); return true end
  end
  return false
end

-- JSON null arrives as assessd.null: a value, but no record.
local function present(v)
  return v ~= nil and v ~= assessd.null
end
nvq.present = present

local function violation(rule, message, ref)
  return { rule = rule, message = message, ref = ref }
end
nvq.violation = violation

-- What a rule may answer, said when it answers something else (a scripter's string meant as a
-- refusal must not let the evidence through unrefused).
local function bad_answer(kind, name, what)
  local answers = kind == "evidence" and 'a list of them or {warning = "..."}' or "or a list of them"
  error(("%s rule '%s' returned %s: a rule returns nil, nvq.violation(rule, message, ref), %s (docs/plugins.md)"):format(kind, name, what, answers), 0)
end

-- One item a rule answered: a warning (evidence rules only) or a violation.
local function take(kind, r, v, violations, warnings, at)
  if type(v) ~= "table" then bad_answer(kind, r.name, ("a %s%s"):format(type(v), at)) end
  if v.warning ~= nil then
    if kind ~= "evidence" then bad_answer(kind, r.name, "a warning" .. at) end
    if type(v.warning) ~= "string" then bad_answer(kind, r.name, ("a warning that is a %s%s"):format(type(v.warning), at)) end
    warnings[#warnings + 1] = { rule = r.name, message = v.warning, ref = v.ref }
  elseif type(v.message) ~= "string" then
    bad_answer(kind, r.name, ("a violation without a message%s"):format(at))
  else
    v.rule = v.rule or r.name
    violations[#violations + 1] = v
  end
end

-- Runs every rule of a kind; returns violations and warnings (both lists).
local function run_rules(kind, ...)
  local violations, warnings = assessd.array(), assessd.array()
  for _, r in ipairs(nvq.rules[kind]) do
    local out = r.fn(...)
    if out ~= nil then
      if type(out) ~= "table" then
        bad_answer(kind, r.name, "a " .. type(out))
      elseif out.warning ~= nil or out.rule ~= nil or out.message ~= nil then
        take(kind, r, out, violations, warnings, "")
      else
        for i, v in ipairs(out) do take(kind, r, v, violations, warnings, (" (item %d)"):format(i)) end
      end
    end
  end
  return violations, warnings
end

-- ---- the catalogue -------------------------------------------------------------------------

-- Merges the body's catalogue files ({file=, data=} from assessd.catalogue_files()) into one
-- catalogue; a key given twice is an error naming both files. Returns the catalogue and the
-- file each part came from ("units:<id>", "qualifications:<code>", "body", ...).
function nvq.load_catalogue(files)
  local cat = { qualifications = assessd.array(), units = assessd.array() }
  local from = {}
  local single = { body = true, methods = true, witness_items = true }
  for _, f in ipairs(files) do
    for key, value in pairs(f.data) do
      if single[key] then
        if from[key] then
          error(("%s: '%s' is already given in %s"):format(f.file, key, from[key]), 0)
        end
        cat[key], from[key] = value, f.file
      elseif key == "qualifications" or key == "units" then
        local id_field = key == "units" and "id" or "code"
        for i, item in ipairs(value) do
          local id = item[id_field]
          if type(id) ~= "string" then
            error(("%s: %s[%d] has no %s"):format(f.file, key, i, id_field), 0)
          end
          local seen = from[key .. ":" .. id]
          if seen then
            error(("%s: %s '%s' is already defined in %s"):format(f.file, key == "units" and "unit" or "qualification", id, seen), 0)
          end
          from[key .. ":" .. id] = f.file
          cat[key][#cat[key] + 1] = item
        end
      else
        error(("%s: unknown catalogue key '%s' (body, methods, witness_items, qualifications, units)"):format(f.file, key), 0)
      end
    end
  end
  if not cat.body then error("no catalogue file gives the body (body = { code =, name = })", 0) end
  return cat, from
end

-- Catalogues by version, as the core stored them (registrations keep the version they were
-- registered against).
local versions = {}

local function index(cat)
  cat._units = {}
  for _, u in ipairs(cat.units) do cat._units[u.id] = u end
  cat._quals = {}
  for _, q in ipairs(cat.qualifications) do cat._quals[q.code] = q end
  return cat
end

function nvq.catalogue(version)
  local cat = versions[version]
  if not cat then
    cat = index(assessd.catalogue_version(version))
    versions[version] = cat
  end
  return cat
end

-- ---- evidence ------------------------------------------------------------------------------

-- Methods whose evidence shows what the candidate did (performance), as opposed to what they
-- know (questioning, written answers, discussion).
nvq.performance_methods = { O = true, EP = true, EWT = true, ECH = true, EPS = true, S = true }

local function is_performance(ev)
  if ev.evidence_type then return ev.evidence_type == "performance" end
  return nvq.performance_methods[ev.method] == true
end

-- The units an evidence item touches, with their catalogue entries.
local function ev_units(ev, ctx)
  local cat = nvq.catalogue(ctx.catalogue_version)
  local out = {}
  for _, u in ipairs(ctx.units or {}) do
    out[#out + 1] = { number = u.number, def = cat._units[u.id] }
  end
  return out
end

nvq.rule("evidence", "method_code", function(ev, ctx)
  local methods = ctx.methods
  if type(methods) ~= "table" then
    return { warning = ("%s's documents give no method codes: '%s' is recorded as given"):format(ctx.body, ev.method) }
  end
  for _, m in ipairs(methods) do
    if m.code == ev.method then return nil end
  end
  local codes = {}
  for _, m in ipairs(methods) do codes[#codes + 1] = m.code end
  return violation("method_code", ("'%s' is not one of %s's method codes (%s)"):format(ev.method, ctx.body, table.concat(codes, ", ")))
end)

nvq.rule("evidence", "simulation", function(ev, ctx)
  if not (ev.simulated or ev.method == "S") then return nil end
  local out = {}
  for _, u in ipairs(ev_units(ev, ctx)) do
    local sim = u.def and u.def.simulation or {}
    if sim.allowed == false then
      if sim.scope ~= "performance" or is_performance(ev) then
        out[#out + 1] = violation("simulation_not_allowed",
          ("unit %s does not allow %s evidence from simulation: %s"):format(u.number,
            sim.scope == "performance" and "performance" or "any", sim.text or ""), u.number)
      end
    elseif sim.allowed ~= true then
      out[#out + 1] = { warning = ("unit %s: whether simulation is allowed is not known (the awarding body's document does not say)"):format(u.number), ref = u.number }
    end
  end
  return out
end)

nvq.rule("evidence", "realistic_working_environment", function(ev, ctx)
  if ev.environment ~= "rwe" then return nil end
  local out = {}
  for _, u in ipairs(ev_units(ev, ctx)) do
    local rwe = u.def and u.def.rwe or {}
    if rwe.allowed == false then
      out[#out + 1] = violation("rwe_not_allowed",
        ("unit %s may not be assessed in a realistic working environment"):format(u.number), u.number)
    elseif rwe.allowed ~= true then
      out[#out + 1] = { warning = ("unit %s: whether a realistic working environment is allowed is not known"):format(u.number), ref = u.number }
    end
  end
  return out
end)

nvq.rule("evidence", "not_in_future", function(ev, ctx)
  if ev.date and ev.date > ctx.today then
    return violation("date_in_future", ("evidence dated %s is after today (%s)"):format(ev.date, ctx.today))
  end
end)

nvq.rule("evidence", "before_registration", function(ev, ctx)
  if ev.date and ctx.registered_on and ev.date < ctx.registered_on and not ev.prior_achievement then
    return { warning = ("evidence dated %s is before the registration (%s): it must be current (accreditation of prior achievement)"):format(ev.date, ctx.registered_on) }
  end
end)

-- Witness testimony must carry the items the body lists (OCR handbook 3.10: seven items).
nvq.rule("evidence", "witness_testimony", function(ev, ctx)
  if ev.method ~= "EWT" then return nil end
  if not present(ev.witness) then
    return violation("witness_required", "a witness testimony (EWT) names its witness")
  end
  local required = ctx.witness_items
  if type(required) ~= "table" then return nil end
  -- each item numbered from 1, true when the testimony carries it: {["1"] = true} or {true}
  local given = ev.testimony or {}
  local missing, out = {}, {}
  for i, item in ipairs(required) do
    if given[tostring(i)] ~= true and given[i] ~= true then missing[#missing + 1] = item end
  end
  local extra = {}
  for k, v in pairs(given) do
    local n = tonumber(k)
    if n and n > #required and v == true then extra[#extra + 1] = tostring(k) end
  end
  table.sort(extra, function(x, y) return tonumber(x) < tonumber(y) end)
  if #missing > 0 then
    out[#out + 1] = { warning = ("the witness testimony lacks %d of the %d items it must carry: %s"):format(#missing, #required, table.concat(missing, "; ")) }
  end
  if #extra > 0 then
    out[#out + 1] = { warning = ("the witness testimony names item %s, but %s lists %d items"):format(table.concat(extra, ", "), ctx.body, #required) }
  end
  return out
end)

-- Personal statements, logs and diaries count only once someone who can authenticate them has
-- countersigned them (OCR handbook 3.11).
nvq.rule("evidence", "countersignature", function(ev, ctx)
  if ev.method == "EPS" and not present(ev.countersigned_by) then
    return { warning = "a personal statement, log or diary counts only once countersigned by someone who can authenticate it" }
  end
end)

function nvq.check_evidence(ev, ctx)
  local violations, warnings = run_rules("evidence", ev, ctx)
  return { violations = violations, warnings = warnings }
end

-- ---- progress -------------------------------------------------------------------------------

local function er_need(er)
  local rule = er.rule
  if type(rule) ~= "table" then return 0, "none" end
  if rule.all then return #er.items, "all" end
  if rule.min then return rule.min, ("at least %d"):format(rule.min) end
  return 0, "choice"
end

-- The registration's catalogue, qualification and the qualification's units by unit id (kept
-- on the qualification: asked for by every progress and summary).
local function qualification_of(reg)
  local cat = nvq.catalogue(reg.catalogue_version)
  local q = cat._quals[reg.qualification]
  if not q then error("qualification " .. tostring(reg.qualification) .. " is not in catalogue version " .. tostring(reg.catalogue_version)) end
  local place = q._place
  if not place then
    place = {}
    for _, qu in ipairs(q.units) do place[qu.unit] = qu end
    q._place = place
  end
  return cat, q, place
end

-- A catalogue unit's requirements as nvq.unit_status reads them, refs and all, made once per
-- unit number and catalogue version: a unit's status is asked for on every progress.get and
-- every sign-off (and every line of a bulk import), and the refs are the same each time.
local function detail_of(u, def)
  local key = u.number
  def._details = def._details or {}
  local d = def._details[key]
  if d then return d end
  d = { reqs = {}, ranges = {} }
  for _, e in ipairs(def.elements or {}) do
    d.reqs[#d.reqs + 1] = { ref = key .. ":" .. e.number, number = e.number, text = e.title }
  end
  for _, o in ipairs(def.outcomes or {}) do
    for _, c in ipairs(o.criteria) do
      d.reqs[#d.reqs + 1] = { ref = key .. ":" .. c.number, number = c.number, text = c.text }
    end
  end
  if type(def.evidence_requirements) == "table" then
    for _, er in ipairs(def.evidence_requirements) do
      if er.items and #er.items > 0 then
        local need, how = er_need(er)
        local items = {}
        for i, it in ipairs(er.items) do items[i] = ("%s:ER%s:%s"):format(key, er.number, it.letter) end
        d.ranges[#d.ranges + 1] = { ref = ("%s:ER%s"):format(key, er.number), need = need, how = how, items = items }
      end
    end
  end
  def._details[key] = d
  return d
end

-- The status of one unit of a registration: what is covered, what is missing.
--   u = { number, id, kind, theme, evidence = {{id, method, refs, counts}}, decisions, signoff }
-- brief (reg.brief: the core reads only the statuses) leaves out criteria, missing and ranges.
function nvq.unit_status(u, def, texts, brief)
  local covered = {}
  for _, ev in ipairs(u.evidence or {}) do
    if ev.counts ~= false then
      for _, ref in ipairs(ev.refs or {}) do
        if brief then
          covered[ref] = true
        else
          local list = covered[ref]
          if not list then list = {}; covered[ref] = list end
          list[#list + 1] = { evidence = ev.id, method = ev.method }
        end
      end
    end
  end
  local st = {
    number = u.number, id = u.id, title = def.title, kind = u.kind, theme = u.theme,
    criteria = assessd.array(), missing = assessd.array(), ranges = assessd.array(),
    violations = assessd.array(),
  }
  local detail = detail_of(u, def)
  local total, got = #detail.reqs, 0
  for _, r in ipairs(detail.reqs) do
    local evs = covered[r.ref]
    if brief then
      if evs then got = got + 1 end
    else
      if evs then got = got + 1 else st.missing[#st.missing + 1] = r.ref end
      st.criteria[#st.criteria + 1] = { ref = r.ref, number = r.number, text = texts and r.text or nil, covered = evs ~= nil, evidence = evs or assessd.array() }
    end
  end
  st.covered, st.total = got, total
  local ranges_ok = true
  for _, rg in ipairs(detail.ranges) do
    local have, missing_items = 0, assessd.array()
    for _, ref in ipairs(rg.items) do
      if covered[ref] then have = have + 1 elseif not brief then missing_items[#missing_items + 1] = ref end
    end
    local ok = have >= rg.need
    if not ok then ranges_ok = false end
    if not brief then
      st.ranges[#st.ranges + 1] = {
        ref = rg.ref, rule = rg.how, need = rg.need,
        covered = have, items = #rg.items, met = ok,
        missing = ok and assessd.array() or missing_items,
      }
    end
  end
  local latest
  for _, d in ipairs(u.decisions or {}) do
    if d.kind == "summative" and (not latest or d.date >= latest.date) then latest = d end
  end
  st.summative = latest and latest.outcome or assessd.null
  for _, v in ipairs((run_rules("unit", u, def, st))) do st.violations[#st.violations + 1] = v end
  local ready = got == total and ranges_ok and latest ~= nil and latest.outcome == "met" and #st.violations == 0
  st.ready_for_signoff = ready
  if present(u.signoff) and u.signoff.pending then
    st.status = "awaiting_countersignature"
  elseif present(u.signoff) then
    st.status = "signed_off"
  elseif present(u.brought_forward) then
    st.status = "brought_forward"
  elseif ready then
    st.status = "ready_for_signoff"
  elseif (u.evidence and #u.evidence > 0) or (u.decisions and #u.decisions > 0) then
    st.status = "in_progress"
  else
    st.status = "not_started"
  end
  st.achieved = st.status == "signed_off" or st.status == "brought_forward"
  return st
end

-- Rules of combination over the units achieved.
nvq.rule("qualification", "rules_known", function(q, units)
  if type(q.rules) ~= "table" then
    return violation("rules_of_combination_unknown",
      ("the rules of combination of %s are not in the documents loaded: whether the full award is achieved cannot be decided"):format(q.code))
  end
end)

local function achieved_of(q, units)
  local by_id, achieved = {}, {}
  for _, u in ipairs(units) do by_id[u.id] = u end
  for _, qu in ipairs(q.units) do
    local u = by_id[qu.unit]
    if u and u.achieved then achieved[#achieved + 1] = { unit = u, kind = qu.kind, theme = qu.theme } end
  end
  return achieved, by_id
end

nvq.rule("qualification", "mandatory_units", function(q, units)
  if type(q.rules) ~= "table" then return nil end
  local _, by_id = achieved_of(q, units)
  local out = {}
  for _, qu in ipairs(q.units) do
    if qu.kind == "mandatory" then
      local u = by_id[qu.unit]
      if not (u and u.achieved) then
        out[#out + 1] = violation("mandatory_unit", ("mandatory unit %s is not achieved"):format(u and u.number or qu.unit), u and u.number or qu.unit)
      end
    end
  end
  return out
end)

nvq.rule("qualification", "total_units", function(q, units)
  local r = q.rules
  if type(r) ~= "table" or type(r.total_units) ~= "number" then return nil end
  local achieved = achieved_of(q, units)
  if #achieved < r.total_units then
    return violation("total_units", ("%d of the %d units needed are achieved"):format(#achieved, r.total_units))
  end
end)

nvq.rule("qualification", "optional_units", function(q, units)
  local r = q.rules
  if type(r) ~= "table" or type(r.optional_units) ~= "number" then return nil end
  local n = 0
  for _, a in ipairs((achieved_of(q, units))) do
    if a.kind == "optional" then n = n + 1 end
  end
  if n < r.optional_units then
    return violation("optional_units", ("%d of the %d optional units needed are achieved"):format(n, r.optional_units))
  end
end)

nvq.rule("qualification", "themes", function(q, units)
  local r = q.rules
  if type(r) ~= "table" or type(r.themes_min_each) ~= "number" then return nil end
  local themes, order = {}, {}
  for _, qu in ipairs(q.units) do
    if qu.theme and not themes[qu.theme] then themes[qu.theme] = 0; order[#order + 1] = qu.theme end
  end
  for _, a in ipairs((achieved_of(q, units))) do
    if a.theme then themes[a.theme] = themes[a.theme] + 1 end
  end
  local out = {}
  for _, t in ipairs(order) do
    if themes[t] < r.themes_min_each then
      out[#out + 1] = violation("theme", ("no unit from theme %s"):format(t), t)
    end
  end
  return out
end)

nvq.rule("qualification", "brought_forward", function(q, units)
  local r = q.rules
  local bf = type(r) == "table" and r.brought_forward
  if type(bf) ~= "table" or type(bf.max_claimable) ~= "number" then return nil end
  local n = 0
  for _, u in ipairs(units) do if u.status == "brought_forward" then n = n + 1 end end
  if n > bf.max_claimable then
    return violation("brought_forward_limit", ("%d units are brought forward from Level %s; at most %d may be claimed"):format(n, tostring(bf.from_level), bf.max_claimable))
  end
end)

-- reg = { catalogue_version, body, qualification, units = {...}, registered_on, today, texts? }
-- (texts: include each criterion's text; the core asks for them when it explains a refusal)
function nvq.progress(reg)
  local cat, q, place = qualification_of(reg)
  local units = assessd.array()
  for _, u in ipairs(reg.units) do
    local def = cat._units[u.id]
    if place[u.id] then u.kind, u.theme = place[u.id].kind, place[u.id].theme end
    if not def then error("unit " .. tostring(u.id) .. " is not in catalogue version " .. tostring(reg.catalogue_version)) end
    units[#units + 1] = nvq.unit_status(u, def, reg.texts, reg.brief)
  end
  local violations = run_rules("qualification", q, units, reg)
  local achieved = assessd.array()
  for _, u in ipairs(units) do if u.achieved then achieved[#achieved + 1] = u.number end end
  local known = type(q.rules) == "table"
  return {
    units = units,
    qualification = {
      ref = tostring(reg.body) .. ":" .. q.code, code = q.code, title = q.title,
      units_achieved = achieved,
      achieved = known and #violations == 0,
      rules_known = known,
      violations = violations,
    },
  }
end

-- ---- a whole centre at once ------------------------------------------------------------------

-- The requirements of a catalogue unit as flat lists of refs (detail_of's, without the texts),
-- kept once per unit and version: the whole-centre loop compares strings, not tables.
local function plan_of(u, def)
  def._plans = def._plans or {}
  local plan = def._plans[u.number]
  if plan then return plan end
  local d = detail_of(u, def)
  plan = { reqs = {}, ranges = d.ranges }
  for i, r in ipairs(d.reqs) do plan.reqs[i] = r.ref end
  def._plans[u.number] = plan
  return plan
end

-- covered[ref] == stamp marks what the unit being summarised has evidence for: one table for
-- every unit of every registration, so that a centre's worth of units allocates nothing.
local covered, stamp = {}, 0

-- A registration's progress in brief (statuses and counts, no per-criterion detail), by the
-- same rules as nvq.progress: for computing a whole centre. reg is as progress.batch hands it:
-- each unit with its evidence items, or (evidence = "covered") its covered refs and
-- evidence_count.
function nvq.summary(reg)
  local cat, q, place = qualification_of(reg)
  local unit_rules = #nvq.rules.unit > 0
  local units, signed, ready = {}, 0, 0
  for i, u in ipairs(reg.units) do
    local def = cat._units[u.id]
    if not def then error("unit " .. tostring(u.id) .. " is not in catalogue version " .. tostring(reg.catalogue_version)) end
    local at = place[u.id]
    if at then u.kind, u.theme = at.kind, at.theme end
    stamp = stamp + 1
    local evidence, items = u.evidence, u.evidence_count
    if evidence then
      items = #evidence
      for e = 1, items do
        local ev = evidence[e]
        if ev.counts ~= false then
          local refs = ev.refs
          for r = 1, #refs do covered[refs[r]] = stamp end
        end
      end
    else -- evidence = "covered": the refs of the evidence that counts, each once
      local refs = u.covered
      for r = 1, #refs do covered[refs[r]] = stamp end
    end
    local plan = plan_of(u, def)
    local reqs, got = plan.reqs, 0
    for r = 1, #reqs do if covered[reqs[r]] == stamp then got = got + 1 end end
    local ranges_ok = true
    for _, range in ipairs(plan.ranges) do
      local have, items = 0, range.items
      for r = 1, #items do if covered[items[r]] == stamp then have = have + 1 end end
      if have < range.need then ranges_ok = false; break end
    end
    local latest
    for _, d in ipairs(u.decisions) do
      if d.kind == "summative" and (not latest or d.date >= latest.date) then latest = d end
    end
    local st = { number = u.number, id = u.id, covered = got, total = #reqs, violations = {} }
    if unit_rules then
      for _, v in ipairs((run_rules("unit", u, def, st))) do st.violations[#st.violations + 1] = v end
    end
    local status
    local signoff = u.signoff
    if present(signoff) and signoff.pending then status = "awaiting_countersignature"
    elseif present(signoff) then status = "signed_off"
    elseif present(u.brought_forward) then status = "brought_forward"
    elseif got == #reqs and ranges_ok and latest and latest.outcome == "met" and #st.violations == 0 then status = "ready_for_signoff"
    elseif items > 0 or #u.decisions > 0 then status = "in_progress"
    else status = "not_started" end
    st.status = status
    st.achieved = status == "signed_off" or status == "brought_forward"
    if st.achieved then signed = signed + 1 end
    if status == "ready_for_signoff" then ready = ready + 1 end
    units[i] = st
  end
  local violations = run_rules("qualification", q, units, reg)
  return {
    registration = reg.registration,
    units = #units, units_achieved = signed, units_ready = ready,
    achieved = type(q.rules) == "table" and #violations == 0,
    rules_known = type(q.rules) == "table",
  }
end

-- Many registrations in one call: a list of nvq.summary answers.
function nvq.summaries(regs)
  local out = assessd.array()
  for i, reg in ipairs(regs) do out[i] = nvq.summary(reg) end
  return out
end

-- ---- claims ---------------------------------------------------------------------------------

-- claim = { full, units = {numbers}, progress = <nvq.progress result>, registered_on, today,
--           last_certification, iv = { qualified } }
nvq.rule("claim", "units_signed_off", function(claim)
  local out = {}
  local by_number = {}
  for _, u in ipairs(claim.progress.units) do by_number[u.number] = u end
  for _, n in ipairs(claim.units) do
    local u = by_number[n]
    if not u then
      out[#out + 1] = violation("unit_not_registered", ("unit %s is not among the registration's units"):format(n), n)
    elseif u.status == "awaiting_countersignature" then
      out[#out + 1] = violation("countersignature_pending", ("unit %s's sign-off by a trainee assessor awaits a qualified assessor's countersignature"):format(n), n)
    elseif not u.achieved then
      out[#out + 1] = violation("unit_not_signed_off", ("unit %s is not finished and signed off by the assessor"):format(n), n)
    end
  end
  return out
end)

nvq.rule("claim", "ten_week_rule", function(claim)
  if not claim.full then return nil end
  local days = assessd.days_between(claim.registered_on, claim.today)
  if days < 70 then
    return violation("ten_week_rule", ("the candidate has been registered for %d days; a full award needs at least ten weeks (70 days), that is from %s"):format(days, assessd.date_add(claim.registered_on, { weeks = 10 })))
  end
end)

nvq.rule("claim", "qualified_iv", function(claim)
  if not (claim.iv and claim.iv.qualified) then
    return violation("qualified_iv", "without a qualified internal verifier the centre cannot submit claims for certification")
  end
end)

nvq.rule("claim", "last_certification_date", function(claim)
  local last = claim.last_certification
  if type(last) == "string" and last ~= "unknown" and claim.today > last then
    return violation("last_certification_date", ("the last certification date of this qualification was %s"):format(last))
  end
end)

nvq.rule("claim", "rules_of_combination", function(claim)
  if not claim.full then return nil end
  local q = claim.progress.qualification
  if q.achieved then return nil end
  local out = {}
  for _, v in ipairs(q.violations) do out[#out + 1] = v end
  if #out == 0 then out[1] = violation("rules_of_combination", "the rules of combination are not met") end
  return out
end)

function nvq.check_claim(claim)
  local violations = run_rules("claim", claim)
  return { eligible = #violations == 0, violations = violations }
end

-- ---- the body -------------------------------------------------------------------------------

-- Loads the catalogue, hands it to the core and declares the hooks. opts may override any of
-- the hook functions.
function nvq.body(opts)
  opts = opts or {}
  local cat, from = nvq.load_catalogue(assessd.catalogue_files())
  if cat.body.code ~= assessd.plugin.body then
    error(("the catalogue is for body '%s' but the manifest says '%s'"):format(cat.body.code, tostring(assessd.plugin.body)), 0)
  end
  assessd.register_catalogue(cat, from)
  assessd.hook("evidence.check", opts.check_evidence or nvq.check_evidence)
  assessd.hook("progress", opts.progress or nvq.progress)
  batch_hook = opts.progress_batch or nvq.summaries
  register_batch("covered")
  assessd.hook("claim.check", opts.check_claim or nvq.check_claim)
  nvq.current = index(cat)
  return cat
end

return nvq
