-- Reads the store while loading (line 2): refused, the data is for runs only.
local admins = assessd.data.admins()
assessd.job { name = "early_data", run = function(ctx) return {} end }
