assessd.method("runaway.spin", function()
  while true do end
end)

-- A loop that catches its own stop: the stop must get through anyway.
assessd.method("runaway.sneaky", function()
  while true do
    pcall(function() while true do end end)
  end
end)

assessd.method("runaway.ok", function()
  return "still here"
end)

-- A message handler that never returns: it runs after the failed call, inside the budget.
assessd.method("runaway.handler", function()
  return xpcall(function() while true do end end, function() while true do end end)
end)

-- xpcall as Lua has it otherwise: results on success, the handler's answer on failure.
assessd.method("runaway.xpcall", function()
  local ok, a, b = xpcall(function(x, y) return x + y, x * y end, function(e) return "h" end, 2, 3)
  local bad, msg = xpcall(function() error("boom", 0) end, function(e) return "handled " .. e end)
  return { ok = ok, a = a, b = b, bad = bad, msg = msg }
end)

-- The loop is in a function another Lua function calls: the stop names the loop's line.
local function spin_here()
  while true do end -- line 30
end
assessd.method("runaway.nested", function()
  spin_here()
  return "never"
end)
