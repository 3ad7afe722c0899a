-- A run that eats memory until the cap stops it (in big steps, so that the cap comes well
-- before the time budget even under a sanitizer).
assessd.job {
  name = "bomb",
  run = function(ctx)
    local t = {}
    for i = 1, 1e9 do t[i] = ("x"):rep(1 << 20) .. i end
  end,
}
