-- A run whose reminders take their kind from a shared prototype (a metatable's __index), which
-- the daemon does not consult: the fields are read from each reminder table itself. Asked for
-- anything, the prototype also rewrites the other reminders' keys and churns the collector,
-- which would pull strings from under a reading that followed it.
local out = {}
local proto = {}
setmetatable(proto, {
  __index = function(_, k)
    for i, r in ipairs(out) do rawset(r, "key", ("rewritten:%d:%s"):format(i, k)) end
    collectgarbage()
    return "test"
  end,
})
assessd.job {
  name = "inherited",
  run = function(ctx)
    for i = 1, 50 do
      out[i] = setmetatable({ key = "i:" .. i, due = ctx.date, why = "inherited" }, { __index = proto })
    end
    return out
  end,
}
