-- A plugin that behaves: echoes, adds, keeps a global another plugin must not see.
secret = "good's secret"

assessd.method("good.echo", { help = "returns its params" }, function(params)
  return params
end)

assessd.method("good.add", function(params)
  return { sum = params.a + params.b }
end)

assessd.method("good.version", function()
  return { version = assessd.plugin.version, today = assessd.today() }
end)

assessd.method("good.empty", function()
  return { list = {}, object = assessd.object({}), decoded = assessd.json_decode("[]") }
end)

assessd.hook("greet", function(name)
  return { greeting = "hello " .. name }
end)

-- A list of objects that may carry `when`: read it from the first, or only count the fields
-- pairs() shows.
assessd.hook("peek", function(list, read)
  if type(list) ~= "table" then return { fields = -1 } end
  if read then return { when = list[1].when } end
  local fields = 0
  for _ in pairs(list[1]) do fields = fields + 1 end
  return { fields = fields, raw = rawget(list[1], "when") == nil }
end)
