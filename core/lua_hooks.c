/* lua_hooks — calling a plugin's hooks: the arguments from JSON into Lua, the first result back
 * to JSON, within the call's limits; the watched member of lh_call_watching. See lua_host.h. */
#include <lauxlib.h>
#include <stdio.h>
#include <string.h>

#include "lua_conv.h"
#include "lua_host_internal.h"

bool lh_has_hook(lh_plugin *p, const char *hook)
{
    lua_State *L = p->L;
    lh__push_hooks(L);
    lua_getfield(L, -1, hook);
    bool has = lua_isfunction(L, -1);
    lua_pop(L, 2);
    return has;
}

bool lh_hook_option_is(lh_plugin *p, const char *hook, const char *option, const char *value)
{
    lua_State *L = p->L;
    int top = lua_gettop(L);
    lh__push_hook_options(L);
    bool is = lua_getfield(L, -1, hook) == LUA_TTABLE &&
              lua_getfield(L, -1, option) == LUA_TSTRING && !strcmp(lua_tostring(L, -1), value);
    lua_settop(L, top);
    return is;
}

typedef struct hook_call {
    const char *hook;
    const json_value *args; /* an array, or NULL */
    sbuf out;
    bool returned_nil;
    const char *watched; /* lh_call_watching */
    bool read;
} hook_call;

/* __index of a watched object: upvalue 1 the member's value, 2 the call */
static int watched_index(lua_State *L)
{
    hook_call *hc = lua_touserdata(L, lua_upvalueindex(2));
    const char *k = lua_type(L, 2) == LUA_TSTRING ? lua_tostring(L, 2) : NULL;
    if (!k || strcmp(k, hc->watched) != 0)
        return 0;
    hc->read = true;
    lua_pushvalue(L, lua_upvalueindex(1));
    return 1;
}

/* Moves the watched member of each object of the list at idx behind a metatable. What cannot be
 * watched (not a list; an object with a metatable already) counts as read: the answer is then
 * never taken for one that does not depend on the member. */
static void watch_members(lua_State *L, int idx, hook_call *hc)
{
    if (!lua_istable(L, idx)) {
        hc->read = true;
        return;
    }
    lua_Integer n = (lua_Integer)lua_rawlen(L, idx);
    for (lua_Integer i = 1; i <= n; i++) {
        if (lua_rawgeti(L, idx, i) == LUA_TTABLE && !lua_getmetatable(L, -1)) {
            lua_pushstring(L, hc->watched);
            lua_rawget(L, -2); /* value */
            lua_pushstring(L, hc->watched);
            lua_pushnil(L);
            lua_rawset(L, -4);
            lua_createtable(L, 0, 1); /* value mt */
            lua_insert(L, -2);        /* mt value */
            lua_pushlightuserdata(L, hc);
            lua_pushcclosure(L, watched_index, 2);
            lua_setfield(L, -2, "__index");
            lua_setmetatable(L, -2);
        } else if (lua_istable(L, -1)) {
            lua_pop(L, 1); /* its metatable */
            hc->read = true;
        }
        lua_pop(L, 1);
    }
}

static int hook_body(lua_State *L, void *ud)
{
    hook_call *hc = ud;
    lh__push_hooks(L);
    lua_getfield(L, -1, hc->hook);
    if (!lua_isfunction(L, -1))
        return luaL_error(L, "the plugin has no '%s' hook", hc->hook);
    int nargs = hc->args ? (int)hc->args->len : 0;
    luaL_checkstack(L, nargs + 4, "too many hook arguments");
    for (int i = 0; i < nargs; i++)
        lconv_push(L, hc->args->u.items[i]);
    if (hc->watched && nargs > 0)
        watch_members(L, lua_gettop(L) - nargs + 1, hc);
    lua_call(L, nargs, 1);
    if (lua_isnil(L, -1)) {
        hc->returned_nil = true;
        return 0;
    }
    jw w;
    jw_init(&w, &hc->out);
    lconv_write(L, -1, &w);
    return 0;
}

static int internal_error(lh_plugin *p, lh_error *err, const char *fmt, const char *a,
                          const char *b)
{
    memset(err, 0, sizeof *err);
    err->kind = LH_ERR_RUNTIME;
    snprintf(err->plugin, sizeof err->plugin, "%s", p->name);
    snprintf(err->message, sizeof err->message, fmt, a, b);
    return -1;
}

int lh_call_watching(lh_plugin *p, const char *hook, const json_value *args, const char *watched,
                     bool *read, json_doc **result, lh_error *err)
{
    *result = NULL;
    if (args && args->type != JSON_ARRAY)
        return internal_error(p, err, "hook '%s': arguments must be an array%s", hook, "");
    hook_call hc = {.hook = hook, .args = args, .watched = watched};
    sbuf_init(&hc.out);
    p->phase = LH_CALLING;
    int rc = lh__run_within(p, hook_body, &hc, lh__options(p->host)->time_ms, err);
    p->phase = LH_IDLE;
    json_error je;
    if (rc == 0 && !hc.returned_nil && json_parse(hc.out.data, hc.out.len, result, &je) != 0)
        rc = internal_error(p, err, "hook '%s' returned bad JSON: %s", hook, je.message);
    sbuf_free(&hc.out);
    if (read)
        *read = hc.read;
    return rc;
}

int lh_call(lh_plugin *p, const char *hook, const char *args_json, size_t args_len,
            json_doc **result, lh_error *err)
{
    *result = NULL;
    json_doc *args = NULL;
    json_error je;
    if (args_json && args_len && json_parse(args_json, args_len, &args, &je) != 0)
        return internal_error(p, err, "hook '%s': arguments are not JSON: %s", hook, je.message);
    int rc = lh_call_watching(p, hook, args ? json_doc_root(args) : NULL, NULL, NULL, result, err);
    json_doc_free(args);
    return rc;
}

int lh_rpc_error(rpc_call *c, const lh_error *e)
{
    jw *w = rpc_error_data(c, RPC_PLUGIN_ERROR, NULL, "plugin %s: %s", e->plugin, e->message);
    jw_kstr(w, "plugin", e->plugin);
    lh__write_error_place(w, e);
    return rpc_error_done(c);
}
