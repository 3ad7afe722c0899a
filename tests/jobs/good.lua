-- A job that always has one reminder, due today: run every second by the scheduler, it must
-- still be stored once.
assessd.job {
  name = "good",
  every = "1s",
  run = function(ctx)
    return {
      { kind = "test", key = "good:" .. ctx.date, due = ctx.date, why = "always due",
        act = { { id = 1, name = "Someone" } } },
    }
  end,
}
