assessd.method("bomb.explode", function()
  local t = {}
  for i = 1, 1e9 do t[i] = ("x"):rep(100000) .. i end
  return #t
end)

assessd.method("bomb.string", function()
  return #(("x"):rep(1 << 30))
end)

assessd.method("bomb.ok", function()
  return "fine"
end)
