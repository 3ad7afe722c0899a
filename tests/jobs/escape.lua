-- Tries to reach the process through os (line 5): the sandbox has no os.
assessd.job {
  name = "escape",
  run = function(ctx)
    os.execute("touch /tmp/assessd-escaped")
  end,
}
