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

assessd.method("escape.names", function()
  local names = {}
  for k in pairs(attempts) do names[#names + 1] = k end
  table.sort(names)
  return names
end)
