/* lua_conv — JSON <-> Lua. See lua_conv.h. */
#include "lua_conv.h"

#include <lauxlib.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

/* Registry keys are the addresses of these statics, so they cannot collide. */
static void push(lua_State *L, const json_value *v, int depth);

static const char array_mt_key = 'a';
static const char object_mt_key = 'o';
static const char buffer_mt_key = 'b';
static const char doc_mt_key = 'd';

static int doc_gc(lua_State *L)
{
    json_doc **d = lua_touserdata(L, 1);
    json_doc_free(*d);
    *d = NULL;
    return 0;
}

static int buffer_gc(lua_State *L)
{
    sbuf_free(lua_touserdata(L, 1));
    return 0;
}

void lconv_init(lua_State *L)
{
    lua_newtable(L);
    lua_pushliteral(L, "array");
    lua_setfield(L, -2, "__name");
    lua_pushboolean(L, 0);
    lua_setfield(L, -2, "__metatable"); /* getmetatable() sees false; the marker stays ours */
    lua_rawsetp(L, LUA_REGISTRYINDEX, &array_mt_key);
    lua_newtable(L);
    lua_pushliteral(L, "object");
    lua_setfield(L, -2, "__name");
    lua_pushboolean(L, 0);
    lua_setfield(L, -2, "__metatable");
    lua_rawsetp(L, LUA_REGISTRYINDEX, &object_mt_key);
    lua_newtable(L);
    lua_pushcfunction(L, buffer_gc);
    lua_setfield(L, -2, "__gc");
    lua_pushboolean(L, 0);
    lua_setfield(L, -2, "__metatable");
    lua_rawsetp(L, LUA_REGISTRYINDEX, &buffer_mt_key);
    lua_newtable(L);
    lua_pushcfunction(L, doc_gc);
    lua_setfield(L, -2, "__gc");
    lua_pushboolean(L, 0);
    lua_setfield(L, -2, "__metatable");
    lua_rawsetp(L, LUA_REGISTRYINDEX, &doc_mt_key);
}

void lconv_push_json_text(lua_State *L, const char *text, size_t len)
{
    json_doc **box = lua_newuserdatauv(L, sizeof *box, 0);
    *box = NULL;
    lua_rawgetp(L, LUA_REGISTRYINDEX, &doc_mt_key);
    lua_setmetatable(L, -2);
    json_error je;
    if (json_parse(text, len, box, &je) != 0)
        luaL_error(L, "not JSON (byte %d): %s", (int)je.offset, je.message);
    push(L, json_doc_root(*box), 0);
    json_doc_free(*box); /* done: the box's collector finds NULL */
    *box = NULL;
    lua_remove(L, -2);
}

sbuf *lconv_push_buffer(lua_State *L)
{
    sbuf *b = lua_newuserdatauv(L, sizeof *b, 0);
    sbuf_init(b);
    lua_rawgetp(L, LUA_REGISTRYINDEX, &buffer_mt_key);
    lua_setmetatable(L, -2);
    return b;
}

void lconv_mark_array(lua_State *L, int idx)
{
    idx = lua_absindex(L, idx);
    lua_rawgetp(L, LUA_REGISTRYINDEX, &array_mt_key);
    lua_setmetatable(L, idx);
}

void lconv_mark_object(lua_State *L, int idx)
{
    idx = lua_absindex(L, idx);
    lua_rawgetp(L, LUA_REGISTRYINDEX, &object_mt_key);
    lua_setmetatable(L, idx);
}

void lconv_new_array(lua_State *L, int size)
{
    luaL_checkstack(L, 2, "lconv");
    lua_createtable(L, size, 0);
    lconv_mark_array(L, -1);
}

int lconv_is_null(lua_State *L, int idx)
{
    return lua_islightuserdata(L, idx) && lua_touserdata(L, idx) == NULL;
}

static void push(lua_State *L, const json_value *v, int depth)
{
    if (depth > LCONV_MAX_DEPTH)
        luaL_error(L, "value nested deeper than %d levels", LCONV_MAX_DEPTH);
    luaL_checkstack(L, 3, "converting JSON to Lua");
    if (!v) {
        lua_pushnil(L);
        return;
    }
    switch (v->type) {
    case JSON_NULL:
        lua_pushlightuserdata(L, NULL);
        break;
    case JSON_BOOL:
        lua_pushboolean(L, v->u.boolean);
        break;
    case JSON_NUMBER:
        if (v->u.num.is_int)
            lua_pushinteger(L, (lua_Integer)v->u.num.i);
        else
            lua_pushnumber(L, v->u.num.d);
        break;
    case JSON_STRING:
        lua_pushlstring(L, v->u.str, v->len);
        break;
    case JSON_ARRAY:
        lconv_new_array(L, (int)v->len);
        for (size_t i = 0; i < v->len; i++) {
            push(L, v->u.items[i], depth + 1);
            lua_rawseti(L, -2, (lua_Integer)i + 1);
        }
        break;
    case JSON_OBJECT:
        lua_createtable(L, 0, (int)v->len);
        for (size_t i = 0; i < v->len; i++) {
            lua_pushlstring(L, v->u.members[i].key, v->u.members[i].key_len);
            push(L, v->u.members[i].value, depth + 1);
            lua_rawset(L, -3);
        }
        break;
    }
}

void lconv_push(lua_State *L, const json_value *v)
{
    push(L, v, 0);
}

typedef struct path {
    const struct path *up;
    const char *key;   /* string key, or NULL */
    lua_Integer index; /* array index when key is NULL */
} path;

static void path_string(const path *p, luaL_Buffer *b)
{
    if (!p) {
        luaL_addstring(b, "value");
        return;
    }
    path_string(p->up, b);
    if (p->key) {
        luaL_addchar(b, '.');
        luaL_addstring(b, p->key);
    } else {
        char n[32];
        snprintf(n, sizeof n, "[%lld]", (long long)p->index);
        luaL_addstring(b, n);
    }
}

static int bad(lua_State *L, const path *p, const char *what)
{
    luaL_Buffer b;
    luaL_buffinit(L, &b);
    luaL_addstring(&b, "cannot convert to JSON: ");
    path_string(p, &b);
    luaL_addstring(&b, " ");
    luaL_addstring(&b, what);
    luaL_pushresult(&b);
    return lua_error(L);
}

/* 1 array, 2 object, 0 undecided (empty) — from the marker, else from the keys. */
static int table_kind(lua_State *L, int idx, const path *p, lua_Integer *n_out)
{
    int kind = 0;
    if (lua_getmetatable(L, idx)) {
        lua_rawgetp(L, LUA_REGISTRYINDEX, &array_mt_key);
        if (lua_rawequal(L, -1, -2))
            kind = 1;
        lua_pop(L, 1);
        lua_rawgetp(L, LUA_REGISTRYINDEX, &object_mt_key);
        if (lua_rawequal(L, -1, -2))
            kind = 2;
        lua_pop(L, 2);
    }
    lua_Integer count = 0, max = 0;
    bool strings = false, ints = false;
    lua_pushnil(L);
    while (lua_next(L, idx)) {
        lua_pop(L, 1);
        count++;
        if (lua_type(L, -1) == LUA_TSTRING) {
            strings = true;
        } else if (lua_isinteger(L, -1) && lua_tointeger(L, -1) >= 1) {
            ints = true;
            if (lua_tointeger(L, -1) > max)
                max = lua_tointeger(L, -1);
        } else {
            lua_pop(L, 1);
            return bad(L, p, "has a key that is neither a string nor a positive integer");
        }
    }
    if (strings && ints)
        return bad(L, p, "mixes array items and named fields");
    if (ints && max != count)
        return bad(L, p, "is a sparse array (holes cannot be written as JSON)");
    if (kind == 1 && strings)
        return bad(L, p, "is marked as an array but has named fields");
    if (kind == 2 && ints)
        return bad(L, p, "is marked as an object but has array items");
    *n_out = count;
    if (kind)
        return kind;
    if (ints)
        return 1;
    if (strings)
        return 2;
    return 1; /* empty: a list */
}

static int cmp_keys(const void *a, const void *b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

static void write(lua_State *L, int idx, jw *w, const path *p, int depth)
{
    idx = lua_absindex(L, idx);
    if (depth > LCONV_MAX_DEPTH) {
        bad(L, p, "is nested too deeply (or refers to itself)");
        return;
    }
    luaL_checkstack(L, 4, "converting Lua to JSON");
    switch (lua_type(L, idx)) {
    case LUA_TNIL:
        jw_null(w);
        return;
    case LUA_TBOOLEAN:
        jw_bool(w, lua_toboolean(L, idx));
        return;
    case LUA_TNUMBER:
        if (lua_isinteger(L, idx)) {
            jw_int(w, (int64_t)lua_tointeger(L, idx));
        } else {
            double d = lua_tonumber(L, idx);
            if (!isfinite(d)) {
                bad(L, p, "is not a finite number");
                return;
            }
            jw_double(w, d);
        }
        return;
    case LUA_TSTRING: {
        size_t n;
        const char *s = lua_tolstring(L, idx, &n);
        if (!json_utf8_valid(s, n)) {
            bad(L, p, "is a string that is not valid UTF-8");
            return;
        }
        jw_strn(w, s, n);
        return;
    }
    case LUA_TLIGHTUSERDATA:
        if (lua_touserdata(L, idx) == NULL) {
            jw_null(w);
            return;
        }
        break;
    case LUA_TTABLE: {
        lua_Integer n = 0;
        int kind = table_kind(L, idx, p, &n);
        if (kind == 1) {
            jw_arr_begin(w);
            for (lua_Integer i = 1; i <= n; i++) {
                lua_rawgeti(L, idx, i);
                path sub = {p, NULL, i};
                write(L, -1, w, &sub, depth + 1);
                lua_pop(L, 1);
            }
            jw_arr_end(w);
        } else {
            /* keys in sorted order: the same table always gives the same text (catalogue
             * versions are keyed by a hash of it) */
            const char **keys = lua_newuserdatauv(L, (size_t)(n ? n : 1) * sizeof *keys, 0);
            int keys_idx = lua_gettop(L);
            lua_Integer k = 0;
            lua_pushnil(L);
            while (lua_next(L, idx)) {
                lua_pop(L, 1);
                keys[k++] = lua_tostring(L, -1); /* anchored by the table itself */
            }
            qsort(keys, (size_t)k, sizeof *keys, cmp_keys);
            jw_obj_begin(w);
            for (lua_Integer i = 0; i < k; i++) {
                size_t kn = strlen(keys[i]);
                if (!json_utf8_valid(keys[i], kn))
                    bad(L, p, "has a field name that is not valid UTF-8");
                jw_keyn(w, keys[i], kn);
                lua_pushstring(L, keys[i]);
                lua_rawget(L, idx);
                path sub = {p, keys[i], 0};
                write(L, -1, w, &sub, depth + 1);
                lua_pop(L, 1);
            }
            jw_obj_end(w);
            lua_remove(L, keys_idx);
        }
        return;
    }
    default:
        break;
    }
    char what[64];
    snprintf(what, sizeof what, "is a %s", luaL_typename(L, idx));
    bad(L, p, what);
}

void lconv_write(lua_State *L, int idx, jw *w)
{
    write(L, idx, w, NULL, 0);
}
