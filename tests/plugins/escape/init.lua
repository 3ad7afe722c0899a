-- Each attempt either raises (the sandbox held) or returns "escaped".
local attempts = {
  io = function() return io.open("/etc/passwd") end,
  os = function() return os.execute("touch /tmp/assessd-pwned") end,
  require = function() return require("os") end,
  package = function() return package.loadlib("libc.so.6", "system") end,
  dofile = function() return dofile("/etc/passwd") end,
  loadfile = function() return loadfile("/etc/passwd") end,
  debug = function() return debug.getregistry() end,
  collectgarbage = function() return collectgarbage("stop") end,
  dump = function() return string.dump(function() end) end,
  bytecode = function()
    local f, err = load("\27LuaT\0\25\147\r\n\26\n", "=x")
    if f then return "escaped" end
    error(err)
  end,
  bytecode_mode = function() return load("return 1", "=x", "b") end,
  string_metatable = function()
    local mt = getmetatable("")
    mt.__index = { upper = function() return "escaped" end }
    return ("x"):upper()
  end,
  string_library = function() string.upper = function() return "escaped" end end,
  -- the real table behind a library's proxy, through its __pairs
  library_via_pairs = function()
    local _, state = pairs(string)
    state.format = function() return "escaped" end
    return ("%d"):format(7)
  end,
  library_rawset = function() rawset(string, "format", function() return "escaped" end) end,
  math_rawset = function() rawset(math, "floor", function() return "escaped" end) end,
  gc_finaliser = function() return setmetatable({}, { __gc = function() end }) end,
  other_plugin = function()
    if secret ~= nil then return "escaped" end
    error("no global 'secret' here")
  end,
  coroutine = function() return coroutine.create(function() end) end,
}

assessd.method("escape.try", function(params)
  local f = attempts[params.what]
  if not f then error("no attempt named " .. tostring(params.what)) end
  local result = f()
  if result == nil then return "escaped (returned nil without raising)" end
  return "escaped"
end)

-- pairs over a library still lists it, without handing the real table out
assessd.method("escape.count_math", function()
  local n = 0
  for k, v in pairs(math) do if type(v) == "function" then n = n + 1 end end
  return n
end)

assessd.method("escape.names", function()
  local names = {}
  for k in pairs(attempts) do names[#names + 1] = k end
  table.sort(names)
  return names
end)
