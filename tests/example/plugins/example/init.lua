-- The shared NVQ rules, the catalogue in catalogue/EXA/, and one rule of this body's own.
nvq.body()

-- Every unit needs a professional discussion (method PD) before it is signed off.
nvq.rule("unit", "professional_discussion", function(unit)
  for _, ev in ipairs(unit.evidence or {}) do
    if ev.method == "PD" and ev.counts ~= false then return nil end
  end
  return nvq.violation("professional_discussion",
    ("unit %s has no professional discussion yet"):format(unit.number), unit.number)
end)

-- A read-only method of the plugin's own: the units of a qualification with their criteria.
assessd.method("example.criteria", { help = "criteria per unit of an EXA qualification" },
  function(params)
    local q = nvq.current._quals[params.code]
    if not q then error("no qualification " .. tostring(params.code)) end
    local out = {}
    for _, qu in ipairs(q.units) do
      local u = nvq.current._units[qu.unit]
      local n = 0
      for _, o in ipairs(u.outcomes or {}) do n = n + #o.criteria end
      out[#out + 1] = { unit = u.number, title = u.title, criteria = n }
    end
    return out
  end)
