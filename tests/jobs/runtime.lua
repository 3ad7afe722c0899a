-- A run that fails on line 5, every second: reported each time, tried again each time.
assessd.job {
  name = "runtime",
  every = "1s",
  run = function(ctx) error("broken on purpose") end,
}
