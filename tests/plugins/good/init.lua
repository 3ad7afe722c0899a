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
