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
