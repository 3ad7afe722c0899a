-- A syntax error on line 3.
assessd.job { name = "syntax", run = function(ctx)
  return { { kind = = "x" } }
end }
