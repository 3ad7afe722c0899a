local function fail_deliberately()
  error("deliberate failure") -- line 2
end

assessd.method("faulty.boom", function()
  fail_deliberately()
end)

assessd.method("faulty.index", function()
  local t = nil
  return t.field -- line 11
end)

assessd.method("faulty.badvalue", function()
  return { f = function() end }
end)
