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

-- error(message, 2) blames the caller, as a library does a bad argument: so do file and line.
local function check_positive(n)
  if n <= 0 then error("n must be positive", 2) end
end
assessd.method("faulty.blame", function()
  check_positive(-1) -- line 23
end)
