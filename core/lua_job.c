/* lua_job — a job's run: lh_run_job() calls the script's run(ctx) and reads the reminders it
 * returns straight from the Lua tables into their canonical JSON, checking each field on the
 * way (docs/reminders.md, "A job"). The functions the run may call are bind_data.c's. */
#include <lauxlib.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dates.h"
#include "lua_conv.h"
#include "lua_host_internal.h"
#include "store.h"

/* ---- what a job returns ------------------------------------------------------------------ */

typedef struct job_call {
    const char *ctx_json, *up_to, *job;
    size_t ctx_len, count;
    sbuf *out;
    int fields; /* stack index of the set of reminder_fields */
} job_call;

static const char *const reminder_fields[] = {
    "key", "kind", "due", "why", "title", "centre", "registration", "person", "act", "data", NULL};
static const char fields_key = 'f'; /* the registry's set of reminder_fields (lh__job_open) */

/* A string field of the table at t: NULL when absent; raises when it is not a string of 1 to
 * max bytes of UTF-8 without control characters (newlines allowed when lines is set). */
static const char *text_field(lua_State *L, int t, const char *k, size_t max, bool lines,
                              lua_Integer i)
{
    lua_getfield(L, t, k);
    if (lua_isnil(L, -1)) {
        lua_pop(L, 1);
        return NULL;
    }
    size_t n;
    const char *v = lua_type(L, -1) == LUA_TSTRING ? lua_tolstring(L, -1, &n) : NULL;
    bool ok = v && n > 0 && n <= max && json_utf8_valid(v, n);
    for (size_t j = 0; ok && j < n; j++)
        ok = (unsigned char)v[j] >= 0x20 || (lines && v[j] == '\n');
    if (!ok)
        luaL_error(L,
                   "run() returned a malformed reminder: reminder %d: .%s must be text of 1 to "
                   "%d bytes",
                   (int)i, k, (int)max);
    lua_pop(L, 1); /* the table holds the string */
    return v;
}

/* A positive whole number at idx (an integer, or a float without a fraction), else 0. */
static int64_t id_value(lua_State *L, int idx)
{
    lua_Integer v = 0;
    if (lua_isinteger(L, idx))
        v = lua_tointeger(L, idx);
    else if (lua_type(L, idx) != LUA_TNUMBER || !lua_numbertointeger(lua_tonumber(L, idx), &v))
        return 0;
    return v > 0 ? (int64_t)v : 0;
}

/* Writes {id, name} from the table at idx, or raises naming what. */
static void write_person(lua_State *L, int idx, jw *w, lua_Integer i, const char *what)
{
    idx = lua_absindex(L, idx);
    int64_t id = 0;
    const char *name = NULL;
    size_t n = 0;
    if (lua_type(L, idx) == LUA_TTABLE) {
        lua_getfield(L, idx, "id");
        id = id_value(L, -1);
        lua_getfield(L, idx, "name");
        name = lua_type(L, -1) == LUA_TSTRING ? lua_tolstring(L, -1, &n) : NULL;
        lua_pop(L, 2);
    }
    if (!id || !name || !n || n > 256 || !json_utf8_valid(name, n))
        luaL_error(L,
                   "run() returned a malformed reminder: reminder %d: %s must be {id = <person "
                   "id>, name = <name>}",
                   (int)i, what);
    jw_obj_begin(w);
    jw_kint(w, "id", id);
    jw_key(w, "name");
    jw_strn(w, name, n);
    jw_obj_end(w);
}

static void id_member(lua_State *L, int t, const char *k, jw *w, lua_Integer i)
{
    lua_getfield(L, t, k);
    jw_key(w, k);
    if (lua_isnil(L, -1)) {
        jw_null(w);
    } else {
        int64_t id = id_value(L, -1);
        if (!id)
            luaL_error(L,
                       "run() returned a malformed reminder: reminder %d: .%s must be a record "
                       "id",
                       (int)i, k);
        jw_int(w, id);
    }
    lua_pop(L, 1);
}

/* Checks reminder i (the table at t) and, when it is due by up_to, writes it canonically. */
static void read_reminder(lua_State *L, int t, lua_Integer i, job_call *jc, jw *w)
{
    if (lua_type(L, t) != LUA_TTABLE)
        luaL_error(L,
                   "run() returned a malformed reminder: reminder %d is a %s, not a table with "
                   "key, kind, due and why",
                   (int)i, luaL_typename(L, t));
    lua_pushnil(L);
    while (lua_next(L, t)) {
        lua_pop(L, 1);
        lua_pushvalue(L, -1);
        bool known = lua_rawget(L, jc->fields) != LUA_TNIL; /* one lookup, not ten strcmp */
        lua_pop(L, 1);
        if (!known)
            luaL_error(L,
                       "run() returned a malformed reminder: reminder %d has an unknown field "
                       "'%s' (key, kind, due, why, title, centre, registration, person, act, "
                       "data)",
                       (int)i, luaL_tolstring(L, -1, NULL));
    }
    const char *key = text_field(L, t, "key", 200, false, i);
    const char *kind = text_field(L, t, "kind", 64, false, i);
    const char *due = text_field(L, t, "due", 10, false, i);
    const char *why = text_field(L, t, "why", 2000, true, i);
    const char *title = text_field(L, t, "title", 200, false, i);
    int64_t d;
    if (!key)
        luaL_error(L,
                   "run() returned a malformed reminder: reminder %d: .key is missing (a stable "
                   "name for this reminder)",
                   (int)i);
    if (!kind || strspn(kind, "abcdefghijklmnopqrstuvwxyz0123456789_") != strlen(kind))
        luaL_error(L,
                   "run() returned a malformed reminder: reminder %d: .kind must be a word such "
                   "as review_due (a-z, 0-9, _)",
                   (int)i);
    if (!due || !date_parse(due, &d))
        luaL_error(L,
                   "run() returned a malformed reminder: reminder %d: .due must be a date "
                   "YYYY-MM-DD",
                   (int)i);
    if (!why)
        luaL_error(L,
                   "run() returned a malformed reminder: reminder %d: .why is missing (a "
                   "sentence saying why)",
                   (int)i);
    jw sw;
    if (strcmp(due, jc->up_to) > 0) {
        /* beyond the window: checked all the same, and not kept */
        sbuf *scratch = lconv_push_buffer(L);
        jw_init(&sw, scratch);
        jw_arr_begin(&sw);
        w = &sw;
    }
    jw_obj_begin(w);
    jw_kstr(w, "key", key);
    jw_kstr(w, "kind", kind);
    jw_kstr(w, "job", jc->job);
    jw_kstr(w, "due", due);
    jw_kstr(w, "title", title ? title : why);
    jw_kstr(w, "why", why);
    id_member(L, t, "centre", w, i);
    id_member(L, t, "registration", w, i);
    lua_getfield(L, t, "person");
    jw_key(w, "person");
    if (lua_isnil(L, -1))
        jw_null(w);
    else
        write_person(L, -1, w, i, ".person");
    lua_pop(L, 1);
    lua_getfield(L, t, "act");
    jw_key(w, "act");
    jw_arr_begin(w);
    if (!lua_isnil(L, -1)) {
        if (lua_type(L, -1) != LUA_TTABLE)
            luaL_error(L,
                       "run() returned a malformed reminder: reminder %d: .act must be a list "
                       "of {id = <person id>, name = <name>}",
                       (int)i);
        lua_Integer n = (lua_Integer)lua_rawlen(L, -1);
        for (lua_Integer k = 1; k <= n; k++) {
            lua_rawgeti(L, -1, k);
            char what[32];
            snprintf(what, sizeof what, ".act[%d]", (int)k);
            write_person(L, -1, w, i, what);
            lua_pop(L, 1);
        }
    }
    jw_arr_end(w);
    lua_pop(L, 1);
    lua_getfield(L, t, "data");
    jw_key(w, "data");
    if (lua_isnil(L, -1))
        jw_null(w);
    else
        lconv_write(L, -1, w); /* any JSON value; raises naming a bad part */
    lua_pop(L, 1);
    jw_obj_end(w);
    if (strcmp(due, jc->up_to) > 0)
        lua_pop(L, 1); /* the scratch buffer */
    else
        jc->count++;
}

static int job_body(lua_State *L, void *ud)
{
    job_call *jc = ud;
    lh__push_hooks(L);
    lua_getfield(L, -1, "job.run");
    if (!lua_isfunction(L, -1))
        return luaL_error(L, "the script declares no job");
    lconv_push_json_text(L, jc->ctx_json, jc->ctx_len);
    lua_call(L, 1, 1);
    int res = lua_gettop(L);
    lua_rawgetp(L, LUA_REGISTRYINDEX, &fields_key);
    jc->fields = lua_gettop(L);
    jw w;
    jw_init(&w, jc->out);
    jw_arr_begin(&w);
    if (!lua_isnil(L, res)) {
        if (lua_type(L, res) != LUA_TTABLE)
            return luaL_error(L, "run() must return a list of reminders (it returned a %s)",
                              luaL_typename(L, res));
        lua_Integer n = (lua_Integer)lua_rawlen(L, res);
        lua_pushnil(L);
        if (n == 0 && lua_next(L, res))
            return luaL_error(L, "run() must return a list of reminders {{...}, {...}}, not one "
                                 "table with named fields");
        luaL_checkstack(L, 16, "reading the reminders");
        for (lua_Integer i = 1; i <= n; i++) {
            lua_rawgeti(L, res, i);
            read_reminder(L, lua_gettop(L), i, jc, &w);
            lua_pop(L, 1);
        }
    }
    jw_arr_end(&w);
    return 0;
}

int lh_run_job(lh_plugin *p, store *st, const char *ctx_json, size_t ctx_len, const char *up_to,
               sbuf *out, size_t *count, lh_error *err)
{
    job_call jc = {.ctx_json = ctx_json,
                   .ctx_len = ctx_len,
                   .up_to = up_to,
                   .job = p->job ? p->job->name : p->name,
                   .out = out};
    sbuf_reset(out);
    p->job_store = st;
    int rc = lh__run(p, job_body, &jc, err);
    p->job_store = NULL;
    /* what the run built (a large centre's reminders, as Lua tables) is garbage now: give it
     * back at once rather than keep it until the state's next collection */
    lua_gc(p->L, LUA_GCCOLLECT);
    *count = jc.count;
    if (rc != 0 && !err->file[0]) {
        /* raised from C while reading the result: no Lua line to point at, but the file */
        snprintf(err->file, sizeof err->file, "%s", p->dir);
    }
    return rc;
}

void lh__job_open(lua_State *L)
{
    lua_newtable(L);
    for (int k = 0; reminder_fields[k]; k++) {
        lua_pushboolean(L, 1);
        lua_setfield(L, -2, reminder_fields[k]);
    }
    lua_rawsetp(L, LUA_REGISTRYINDEX, &fields_key);
}
