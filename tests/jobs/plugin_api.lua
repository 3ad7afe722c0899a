-- Uses the plugins' API (line 2): a script declares a job, not methods.
assessd.method("jobs.sneaky", function() return {} end)
assessd.job { name = "plugin_api", run = function(ctx) return {} end }
