/* sandbox — what plugin and script Lua may touch, and why. See sandbox.h.
 *
 * The rule: a plugin computes over the values the core hands it and hands values back. It has
 * no way to reach the file system, the network, the process, another plugin's state, or the
 * interpreter's internals; and nothing it does can outlive the call the core made into it.
 * Each entry below says why it is kept, changed or left out.
 */
#include "sandbox.h"

#include <lauxlib.h>
#include <lua-cjson.h>
#include <lualib.h>
#include <stdbool.h>
#include <string.h>

/* ---- the base library -------------------------------------------------------------------
 * kept: assert error ipairs next pairs pcall rawequal rawget rawlen select tonumber tostring
 *       type getmetatable _VERSION _G
 *   pure functions over values; pcall cannot swallow the time-budget stop (lua_host keeps
 *   raising it on every instruction once the budget is spent).
 * removed:
 *   dofile, loadfile  read files by name.
 *   collectgarbage    "stop" would let garbage pile up to the memory cap and "step"/"count"
 *                     expose allocator internals; the collector is the host's business.
 *   print             replaced by the bindings with a logger (stdout belongs to nobody).
 * changed:
 *   xpcall            the message handler runs after the failed call has unwound, not at the
 *                     error: Lua runs a handler with hooks off when the error comes from the
 *                     budget hook, so a handler that loops would run outside every budget.
 *   rawset            refuses the read-only library tables (below), which rawset would
 *                     otherwise fill behind their __newindex.
 *   load              text chunks only (mode "t"): bytecode can be crafted to break the VM
 *                     (CVE-2015-4335 in Redis); a chunk gets the plugin's environment unless
 *                     one is given.
 *   setmetatable      refuses metatables with __gc: a finalizer runs whenever the collector
 *                     decides, outside any call and its time budget. Tables the sandbox
 *                     protects carry __metatable, so they cannot be given a new metatable.
 * ---- libraries ---------------------------------------------------------------------------
 * string   without dump (bytecode out); the string metatable carries __metatable, so
 *          getmetatable("") cannot reach it and plugins cannot change what ("x"):f() calls.
 * table, math, utf8   pure; math.random is seeded per state by Lua.
 * cjson    encode (wrapped: refuses more than SANDBOX_CJSON_MAX_BYTES of strings, see
 *          sandbox.h) and decode and null; not cjson.new or the encoder's settings.
 * All library tables are read-only proxies: a plugin cannot replace a function another part
 * of the same plugin (or a shared library it uses) relies on.
 * left out:
 *   package/require   load native code: Debian's liblua has package.loadlib (CVE-2022-0543).
 *   io, os            the file system, the clock as a side channel, the process (os.exit,
 *                     os.execute, os.getenv); the bindings offer assessd.today() and .now().
 *   debug             reaches every local, upvalue, metatable and the registry.
 *   coroutine         not needed by plugins; keeping it out keeps the budget hook simple.
 */

static int safe_setmetatable(lua_State *L)
{
    luaL_checktype(L, 1, LUA_TTABLE);
    int t = lua_type(L, 2);
    luaL_argexpected(L, t == LUA_TNIL || t == LUA_TTABLE, 2, "nil or table");
    if (t == LUA_TTABLE) {
        lua_getfield(L, 2, "__gc");
        if (!lua_isnil(L, -1))
            return luaL_error(L, "__gc metamethods are not available to plugins");
        lua_pop(L, 1);
    }
    if (luaL_getmetafield(L, 1, "__metatable") != LUA_TNIL)
        return luaL_error(L, "cannot change a protected metatable");
    lua_settop(L, 2);
    lua_setmetatable(L, 1);
    return 1;
}

static int safe_load(lua_State *L)
{
    size_t len;
    const char *chunk = luaL_checklstring(L, 1, &len);
    const char *name = luaL_optstring(L, 2, "=(load)");
    const char *mode = luaL_optstring(L, 3, "t");
    if (strcmp(mode, "t") != 0)
        return luaL_error(L, "only text chunks may be loaded (mode \"t\")");
    int has_env = !lua_isnone(L, 4);
    if (luaL_loadbufferx(L, chunk, len, name, "t") != LUA_OK) {
        lua_pushnil(L);
        lua_insert(L, -2);
        return 2; /* nil, message */
    }
    if (has_env) {
        lua_pushvalue(L, 4);
        if (!lua_setupvalue(L, -2, 1))
            lua_pop(L, 1);
    }
    return 1;
}

/* xpcall(f, handler, ...): pcall, then the handler on the error once the call has unwound
 * (inside the budget, where a handler that runs on runs out of time like any code). */
static int safe_xpcall(lua_State *L)
{
    int n = lua_gettop(L);
    luaL_checktype(L, 2, LUA_TFUNCTION);
    lua_pushvalue(L, 1);
    lua_rotate(L, 3, 1); /* f handler f args... */
    int status = lua_pcall(L, n - 2, LUA_MULTRET, 0);
    if (status == LUA_OK) {
        lua_pushboolean(L, 1);
        lua_replace(L, 1); /* true handler results... */
        lua_remove(L, 2);
        return lua_gettop(L);
    }
    lua_pushvalue(L, 2);
    lua_insert(L, -2); /* ... handler error */
    lua_call(L, 1, 1);
    lua_pushboolean(L, 0);
    lua_insert(L, -2);
    return 2;
}

static const char readonly_mark[] = "read-only"; /* the proxies' __metatable */

static bool is_readonly(lua_State *L, int idx)
{
    int t = luaL_getmetafield(L, idx, "__metatable"); /* pushes nothing when there is none */
    if (t == LUA_TNIL)
        return false;
    bool ro = t == LUA_TSTRING && strcmp(lua_tostring(L, -1), readonly_mark) == 0;
    lua_pop(L, 1);
    return ro;
}

static int safe_rawset(lua_State *L)
{
    luaL_checktype(L, 1, LUA_TTABLE);
    luaL_checkany(L, 2);
    luaL_checkany(L, 3);
    lua_settop(L, 3);
    if (is_readonly(L, 1))
        return luaL_error(L, "attempt to modify a read-only library table");
    lua_rawset(L, 1);
    return 1;
}

static int readonly_newindex(lua_State *L)
{
    return luaL_error(L, "attempt to modify a read-only library table");
}

/* The proxies' iterator: the real table is its upvalue, never handed out. */
static int proxy_next(lua_State *L)
{
    lua_settop(L, 2);
    if (lua_next(L, lua_upvalueindex(1)) == 0)
        return 0;
    return 2;
}

static int proxy_pairs(lua_State *L)
{
    lua_pushvalue(L, lua_upvalueindex(1)); /* the iterator */
    lua_pushvalue(L, 1);                   /* the proxy, as the state */
    lua_pushnil(L);
    return 3;
}

/* Replaces the table at the top of the stack with a read-only proxy of it. */
static void make_readonly(lua_State *L)
{
    int real = lua_gettop(L);
    lua_newtable(L); /* proxy */
    lua_newtable(L); /* its metatable */
    lua_pushvalue(L, real);
    lua_setfield(L, -2, "__index");
    lua_pushcfunction(L, readonly_newindex);
    lua_setfield(L, -2, "__newindex");
    lua_pushvalue(L, real);
    lua_pushcclosure(L, proxy_next, 1);
    lua_pushcclosure(L, proxy_pairs, 1);
    lua_setfield(L, -2, "__pairs");
    lua_pushstring(L, readonly_mark);
    lua_setfield(L, -2, "__metatable");
    lua_setmetatable(L, -2);
    lua_replace(L, real);
}

static int cjson_encode_orig_key; /* registry key: the real cjson.encode */

/* Sums string bytes (keys and values) reachable from the value at idx, up to a limit. */
static size_t string_bytes(lua_State *L, int idx, size_t acc, int depth)
{
    idx = lua_absindex(L, idx);
    if (acc > SANDBOX_CJSON_MAX_BYTES || depth > 1000)
        return SANDBOX_CJSON_MAX_BYTES + 1;
    switch (lua_type(L, idx)) {
    case LUA_TSTRING:
        return acc + lua_rawlen(L, idx);
    case LUA_TTABLE:
        luaL_checkstack(L, 3, "cjson.encode");
        lua_pushnil(L);
        while (lua_next(L, idx)) {
            acc = string_bytes(L, -2, acc, depth + 1);
            acc = string_bytes(L, -1, acc, depth + 1);
            lua_pop(L, 1);
            if (acc > SANDBOX_CJSON_MAX_BYTES) {
                lua_pop(L, 1);
                return acc;
            }
        }
        return acc;
    default:
        return acc;
    }
}

static int capped_encode(lua_State *L)
{
    luaL_checkany(L, 1);
    lua_settop(L, 1);
    if (string_bytes(L, 1, 0, 0) > SANDBOX_CJSON_MAX_BYTES)
        return luaL_error(L, "cjson.encode: the value holds more than %d bytes of strings",
                          (int)SANDBOX_CJSON_MAX_BYTES);
    lua_rawgetp(L, LUA_REGISTRYINDEX, &cjson_encode_orig_key);
    lua_insert(L, 1);
    lua_call(L, 1, 1);
    return 1;
}

static void open_cjson(lua_State *L)
{
    luaL_requiref(L, "cjson", luaopen_cjson, 0);
    int real = lua_gettop(L);
    lua_newtable(L);
    lua_getfield(L, real, "encode");
    lua_rawsetp(L, LUA_REGISTRYINDEX, &cjson_encode_orig_key);
    lua_pushcfunction(L, capped_encode);
    lua_setfield(L, -2, "encode");
    lua_getfield(L, real, "decode");
    lua_setfield(L, -2, "decode");
    lua_getfield(L, real, "null");
    lua_setfield(L, -2, "null");
    lua_remove(L, real);
    make_readonly(L);
    lua_setglobal(L, "cjson");
}

static void open_lib(lua_State *L, const char *name, lua_CFunction open)
{
    luaL_requiref(L, name, open, 0);
    make_readonly(L);
    lua_setglobal(L, name);
}

void sandbox_open(lua_State *L)
{
    luaL_requiref(L, LUA_GNAME, luaopen_base, 1);
    lua_pop(L, 1);
    static const char *const removed[] = {"dofile", "loadfile", "collectgarbage",
                                          "print",  "require",  "warn"};
    for (size_t i = 0; i < sizeof removed / sizeof *removed; i++) {
        lua_pushnil(L);
        lua_setglobal(L, removed[i]);
    }
    lua_pushcfunction(L, safe_load);
    lua_setglobal(L, "load");
    lua_pushcfunction(L, safe_setmetatable);
    lua_setglobal(L, "setmetatable");
    lua_pushcfunction(L, safe_xpcall);
    lua_setglobal(L, "xpcall");
    lua_pushcfunction(L, safe_rawset);
    lua_setglobal(L, "rawset");

    /* string: drop dump, then lock the metatable strings share */
    luaL_requiref(L, LUA_STRLIBNAME, luaopen_string, 0);
    lua_pushnil(L);
    lua_setfield(L, -2, "dump");
    lua_pushliteral(L, "");
    lua_getmetatable(L, -1);
    lua_pushliteral(L, "locked");
    lua_setfield(L, -2, "__metatable");
    lua_pop(L, 2);
    make_readonly(L);
    lua_setglobal(L, LUA_STRLIBNAME);

    open_lib(L, LUA_TABLIBNAME, luaopen_table);
    open_lib(L, LUA_MATHLIBNAME, luaopen_math);
    open_lib(L, LUA_UTF8LIBNAME, luaopen_utf8);
    open_cjson(L);
}

int sandbox_load(lua_State *L, const char *text, size_t len, const char *chunkname)
{
    return luaL_loadbufferx(L, text, len, chunkname, "t");
}

void sandbox_run_data(lua_State *L, const char *chunkname)
{
    lua_newtable(L); /* the empty environment: data files call nothing */
    lua_setupvalue(L, -2, 1);
    lua_call(L, 0, 1);
    if (!lua_istable(L, -1))
        luaL_error(L, "%s must return a table (it returned %s)", chunkname + (*chunkname == '@'),
                   luaL_typename(L, -1));
}
