-- This plugin does not compile: the daemon must start anyway and say why.
assessd.method("brokenload.never", function()
  return 1
end

local x = = 2
