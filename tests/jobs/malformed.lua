-- A run whose reminder lacks its due date.
assessd.job {
  name = "malformed",
  run = function(ctx) return { { kind = "test", key = "m:1", why = "no date" } } end,
}
