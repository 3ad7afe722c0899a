-- A run whose reminder has a field the core does not know (a misspelt "title").
assessd.job {
  name = "stray_field",
  run = function(ctx)
    return { { kind = "test", key = "s:1", due = ctx.date, why = "a stray field", titel = "x" } }
  end,
}
