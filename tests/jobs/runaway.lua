-- A run that never ends (and tries to catch its own stop).
assessd.job {
  name = "runaway",
  run = function(ctx)
    while true do pcall(function() while true do end end) end
  end,
}
