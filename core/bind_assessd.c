/* bind_assessd — the `assessd` namespace a plugin sees (and `print`).
 *
 * Registration functions (hook, method, report, catalogue_files, register_catalogue) work only
 * while the plugin is loading: called later they refuse, so a plugin cannot change what it
 * offers in the middle of a request. The rest are pure helpers. docs/plugins.md is the
 * reference for everything here.
 */
#include <dirent.h>
#include <lauxlib.h>
#include <stdlib.h>
#include <string.h>

#include "dates.h"
#include "log.h"
#include "lua_conv.h"
#include "lua_host_internal.h"
#include "sandbox.h"

static lh_plugin *loading(lua_State *L, const char *fn)
{
    lh_plugin *p = lh__self(L);
    if (lh__options(p->host)->kind == LH_SCRIPTS)
        luaL_error(L, "assessd.%s is for plugins: a script declares its job with assessd.job{}",
                   fn);
    if (p->phase != LH_LOADING)
        luaL_error(L, "assessd.%s may only be called while the plugin loads (from init.lua)", fn);
    return p;
}

static void log_args(lua_State *L, int first, log_level level)
{
    lh_plugin *p = lh__self(L);
    int n = lua_gettop(L); /* before the buffer: luaL_buffinit pushes a placeholder */
    luaL_Buffer b;
    luaL_buffinit(L, &b);
    for (int i = first; i <= n; i++) {
        size_t len;
        const char *s = luaL_tolstring(L, i, &len);
        if (i > first)
            luaL_addchar(&b, ' ');
        luaL_addvalue(&b);
        (void)s;
    }
    luaL_pushresult(&b);
    char module[80];
    snprintf(module, sizeof module, "%s %s",
             lh__options(p->host)->kind == LH_SCRIPTS ? "script" : "plugin", p->name);
    log_msg(level, module, "%s", lua_tostring(L, -1));
}

static int l_print(lua_State *L)
{
    log_args(L, 1, LOG_INFO);
    return 0;
}

static int l_log(lua_State *L)
{
    const char *lv = luaL_checkstring(L, 1);
    int level = log_level_parse(lv);
    if (level < 0)
        return luaL_argerror(L, 1, "debug, info, warn or error");
    log_args(L, 2, (log_level)level);
    return 0;
}

static int l_today(lua_State *L)
{
    char d[DATE_LEN];
    date_today_str(d);
    lua_pushstring(L, d);
    return 1;
}

static int l_now(lua_State *L)
{
    char t[21];
    time_now_iso(t);
    lua_pushstring(L, t);
    return 1;
}

/* assessd.date_add(date, {days=, weeks=, months=}) -> date */
static int l_date_add(lua_State *L)
{
    const char *s = luaL_checkstring(L, 1);
    luaL_checktype(L, 2, LUA_TTABLE);
    int64_t day;
    if (!date_parse(s, &day))
        return luaL_argerror(L, 1, "a date YYYY-MM-DD");
    lua_getfield(L, 2, "months");
    day = date_add_months(day, (int)luaL_optinteger(L, -1, 0));
    lua_getfield(L, 2, "weeks");
    day += 7 * luaL_optinteger(L, -1, 0);
    lua_getfield(L, 2, "days");
    day += luaL_optinteger(L, -1, 0);
    char out[DATE_LEN];
    date_format(day, out);
    lua_pushstring(L, out);
    return 1;
}

/* assessd.days_between(a, b) -> b - a in days */
static int l_days_between(lua_State *L)
{
    int64_t a, b;
    if (!date_parse(luaL_checkstring(L, 1), &a))
        return luaL_argerror(L, 1, "a date YYYY-MM-DD");
    if (!date_parse(luaL_checkstring(L, 2), &b))
        return luaL_argerror(L, 2, "a date YYYY-MM-DD");
    lua_pushinteger(L, (lua_Integer)(b - a));
    return 1;
}

static int l_array(lua_State *L)
{
    if (lua_isnoneornil(L, 1))
        lua_newtable(L);
    luaL_checktype(L, 1, LUA_TTABLE);
    lua_settop(L, 1);
    lconv_mark_array(L, 1);
    return 1;
}

static int l_object(lua_State *L)
{
    if (lua_isnoneornil(L, 1))
        lua_newtable(L);
    luaL_checktype(L, 1, LUA_TTABLE);
    lua_settop(L, 1);
    lconv_mark_object(L, 1);
    return 1;
}

/* Writes the value at idx as JSON into a collectable buffer (pushed on the stack). */
static sbuf *to_json(lua_State *L, int idx)
{
    idx = lua_absindex(L, idx);
    sbuf *out = lconv_push_buffer(L);
    jw w;
    jw_init(&w, out);
    lconv_write(L, idx, &w);
    return out;
}

static int l_json(lua_State *L)
{
    luaL_checkany(L, 1);
    sbuf *out = to_json(L, 1);
    lua_pushlstring(L, out->data ? out->data : "", out->len);
    return 1;
}

static int l_json_decode(lua_State *L)
{
    size_t n;
    const char *s = luaL_checklstring(L, 1, &n);
    lconv_push_json_text(L, s, n);
    return 1;
}

/* assessd.catalogue_version(id) -> the body catalogue stored as that version (a table), for
 * registrations pinned to an older catalogue. */
static int l_catalogue_version(lua_State *L)
{
    lh_plugin *p = lh__self(L);
    lua_Integer id = luaL_checkinteger(L, 1);
    const lh_callbacks *cb = lh__callbacks(p->host);
    if (!cb->catalogue_version)
        return luaL_error(L, "catalogue versions are not available here");
    sbuf *out = lconv_push_buffer(L);
    /* a body's plugin reads its own body's versions: the numbers run across every body, so
     * another's number would otherwise hand it another body's catalogue without a word */
    int rc = cb->catalogue_version(cb->ud, p->body, (int64_t)id, out);
    if (rc == -2)
        return luaL_error(L, "catalogue version %d is %s's, not %s's", (int)id, sbuf_cstr(out),
                          p->body);
    if (rc != 0)
        return luaL_error(L, "no catalogue version %d", (int)id);
    lconv_push_json_text(L, out->data, out->len);
    return 1;
}

static int l_hook(lua_State *L)
{
    loading(L, "hook");
    const char *name = luaL_checkstring(L, 1);
    luaL_checktype(L, 2, LUA_TFUNCTION);
    if (!*name || strlen(name) > 64)
        return luaL_argerror(L, 1, "a hook name");
    /* a name the core never asks is most likely misspelt: said in the log, and loaded (a
     * plugin may keep hooks of its own) */
    static const char *const asked[] = {"evidence.check", "progress", "progress.batch",
                                        "claim.check"};
    bool known = false;
    for (size_t i = 0; i < sizeof asked / sizeof *asked && !known; i++)
        known = strcmp(name, asked[i]) == 0;
    if (!known)
        log_warn("plugins",
                 "%s registers hook '%s', which the core never asks (it asks evidence.check, "
                 "progress, progress.batch and claim.check)",
                 lh_plugin_name(lh__self(L)), name);
    /* the options: only progress.batch has one, the shape of each unit's evidence */
    lua_settop(L, 3);
    lh__push_hook_options(L);
    if (lua_isnil(L, 3)) {
        lua_pushnil(L);
    } else {
        luaL_checktype(L, 3, LUA_TTABLE);
        lua_newtable(L);
        lua_pushnil(L);
        while (lua_next(L, 3)) {
            const char *k = lua_type(L, -2) == LUA_TSTRING ? lua_tostring(L, -2) : "?";
            if (strcmp(k, "evidence") != 0 || strcmp(name, "progress.batch") != 0)
                return luaL_error(L, "assessd.hook: no option '%s' for hook %s%s", k, name,
                                  strcmp(name, "progress.batch") ? "" : " (it has: evidence)");
            const char *v = lua_type(L, -1) == LUA_TSTRING ? lua_tostring(L, -1) : "";
            if (strcmp(v, "items") != 0 && strcmp(v, "covered") != 0)
                return luaL_error(L,
                                  "assessd.hook: option evidence of %s is \"items\" or "
                                  "\"covered\"",
                                  name);
            lua_pushvalue(L, -2);
            lua_insert(L, -2);
            lua_settable(L, -4);
        }
    }
    lua_setfield(L, -2, name);
    lh__push_hooks(L);
    lua_pushvalue(L, 2);
    lua_setfield(L, -2, name);
    return 0;
}

/* The parameters a method declares ({ {name=, type=, required=, help=}, ... } at idx), as the
 * core's methods declare theirs: the core then checks every call against them. */
static rpc_param *method_params(lua_State *L, int idx, const char *method)
{
    static const struct {
        const char *name;
        rpc_ptype type;
    } types[] = {{"string", P_STRING}, {"integer", P_INT},   {"id", P_ID},
                 {"boolean", P_BOOL},  {"date", P_DATE},     {"line", P_LINE},
                 {"array", P_ARRAY},   {"object", P_OBJECT}, {"any", P_ANY}};
    if (!lua_istable(L, idx))
        luaL_error(L, "method '%s': params must be a list of {name=, type=, required=, help=}",
                   method);
    size_t n = (size_t)lua_rawlen(L, idx);
    rpc_param *ps = calloc(n + 1, sizeof *ps);
    if (!ps) {
        luaL_error(L, "out of memory");
        return NULL;
    }
    for (size_t i = 0; i < n; i++) {
        lua_rawgeti(L, idx, (lua_Integer)i + 1);
        int t = lua_gettop(L);
        if (!lua_istable(L, t)) { /* no name: refused below */
            lua_newtable(L);
            lua_replace(L, t);
        }
        static const char *const keys[] = {"name", "type", "required", "help"};
        for (int f = 0; f < 4; f++) { /* raw: no metamethod runs (or fails) meanwhile */
            lua_pushstring(L, keys[f]);
            lua_rawget(L, t);
        }
        const char *name = lua_type(L, t + 1) == LUA_TSTRING ? lua_tostring(L, t + 1) : NULL;
        const char *type = lua_type(L, t + 2) == LUA_TSTRING ? lua_tostring(L, t + 2) : "any";
        int k = -1;
        for (size_t j = 0; j < sizeof types / sizeof *types && k < 0; j++)
            if (strcmp(type, types[j].name) == 0)
                k = (int)j;
        if (!name || !*name || strlen(name) > 64 || k < 0) {
            for (size_t j = 0; j < i; j++) {
                free((char *)ps[j].name);
                free((char *)ps[j].help);
            }
            free(ps);
            luaL_error(L,
                       "method '%s': params[%d] needs a name and a type (string, integer, id, "
                       "boolean, date, array, object or any)",
                       method, (int)i + 1);
            return NULL; /* (luaL_error does not return) */
        }
        ps[i].name = strdup(name);
        ps[i].type = types[k].type;
        ps[i].required = lua_toboolean(L, t + 3);
        ps[i].help = lua_type(L, t + 4) == LUA_TSTRING ? strdup(lua_tostring(L, t + 4)) : NULL;
        lua_settop(L, t - 1);
    }
    return ps;
}

static int l_method(lua_State *L)
{
    lh_plugin *p = loading(L, "method");
    const char *name = luaL_checkstring(L, 1);
    const char *dot = strchr(name, '.');
    if (!dot || dot == name || !dot[1] || strlen(name) > 64)
        return luaL_argerror(L, 1, "a method name 'noun.verb'");
    const char *help = NULL;
    int fn = 2;
    bool declared = false;
    if (lua_istable(L, 2)) {
        lua_getfield(L, 2, "help");
        help = lua_tostring(L, -1);
        lua_getfield(L, 2, "params");
        declared = !lua_isnil(L, -1);
        fn = 3;
    }
    luaL_checktype(L, fn, LUA_TFUNCTION);
    for (lh_method *m = p->methods; m; m = m->next)
        if (strcmp(m->name, name) == 0)
            return luaL_error(L, "method '%s' is declared twice", name);
    rpc_param *params = declared ? method_params(L, 5, name) : NULL; /* (1-3, help, params) */
    lua_pushvalue(L, fn);
    int ref = luaL_ref(L, LUA_REGISTRYINDEX); /* released with the state */
    lh_method *m = calloc(1, sizeof *m);
    if (!m) {
        free(params);
        return luaL_error(L, "out of memory");
    }
    m->name = strdup(name);
    m->help = strdup(help ? help : "(plugin method)");
    m->params = params;
    m->p = p;
    m->ref = ref;
    m->next = p->methods;
    p->methods = m;
    return 0;
}

/* assessd.report(name, {title=, scope="registration"|"centre", formats={...}}, fn) */
static int l_report(lua_State *L)
{
    lh_plugin *p = loading(L, "report");
    const char *name = luaL_checkstring(L, 1);
    luaL_checktype(L, 2, LUA_TTABLE);
    luaL_checktype(L, 3, LUA_TFUNCTION);
    lua_getfield(L, 2, "title");
    const char *title = luaL_optstring(L, -1, name);
    lua_getfield(L, 2, "scope");
    const char *scope = luaL_optstring(L, -1, "registration");
    if (strcmp(scope, "registration") && strcmp(scope, "centre"))
        return luaL_error(L, "report '%s': scope must be 'registration' or 'centre'", name);
    lua_getfield(L, 2, "formats");
    if (!lua_istable(L, -1))
        return luaL_error(L, "report '%s': formats must be a list such as {'html', 'text'}", name);
    int list = lua_gettop(L);
    sbuf *f = lconv_push_buffer(L);
    jw w;
    jw_init(&w, f);
    jw_arr_begin(&w);
    lua_Integer n = luaL_len(L, list);
    for (lua_Integer i = 1; i <= n; i++) {
        lua_geti(L, list, i);
        const char *fmt = lua_tostring(L, -1);
        if (!fmt || (strcmp(fmt, "html") && strcmp(fmt, "csv") && strcmp(fmt, "json") &&
                     strcmp(fmt, "text")))
            return luaL_error(L, "report '%s': format %d must be html, csv, json or text", name,
                              (int)i);
        jw_str(&w, fmt);
        lua_pop(L, 1);
    }
    jw_arr_end(&w);
    if (n == 0)
        return luaL_error(L,
                          "report '%s': formats lists none, so it could never be rendered: name "
                          "one or more of html, csv, json and text",
                          name);
    lh_report *r = calloc(1, sizeof *r);
    if (!r)
        return luaL_error(L, "report '%s': out of memory", name);
    r->name = strdup(name);
    r->title = strdup(title);
    r->scope = strdup(scope);
    r->formats = strdup(sbuf_cstr(f));
    if (!r->name || !r->title || !r->scope || !r->formats) {
        free(r->name);
        free(r->title);
        free(r->scope);
        free(r->formats);
        free(r);
        return luaL_error(L, "report '%s': out of memory", name);
    }
    r->next = p->reports;
    p->reports = r;
    lh__push_hooks(L);
    lua_pushfstring(L, "report:%s", name);
    lua_pushvalue(L, 3);
    lua_settable(L, -3);
    return 0;
}

static int cmp_names_arr(const void *a, const void *b)
{
    return strcmp((const char *)a, (const char *)b);
}

/* assessd.catalogue_files() -> { {file=, data=}, ... } for catalogue/<manifest.catalogue>/,
 * in file-name order. Loading runs on the loop thread only, so the name list can be static. */
static char cat_names[512][256];

static int l_catalogue_files(lua_State *L)
{
    lh_plugin *p = loading(L, "catalogue_files");
    if (!p->catalogue)
        return luaL_error(L, "the manifest names no catalogue folder");
    const struct lh_opts_copy *o = lh__options(p->host);
    char dir[1024];
    snprintf(dir, sizeof dir, "%s/%s", o->catalogue_dir, p->catalogue);
    DIR *d = opendir(dir);
    if (!d)
        return luaL_error(L, "cannot read the catalogue folder %s", dir);
    int n = 0;
    bool too_many = false;
    struct dirent *e;
    while ((e = readdir(d))) {
        size_t len = strlen(e->d_name);
        if (e->d_name[0] == '.' || len <= 4 || len >= 256 || strcmp(e->d_name + len - 4, ".lua"))
            continue;
        if (n == 512) {
            too_many = true;
            break;
        }
        memcpy(cat_names[n++], e->d_name, len + 1);
    }
    closedir(d);
    if (too_many)
        return luaL_error(L, "%s holds more than 512 catalogue files", dir);
    qsort(cat_names, (size_t)n, sizeof cat_names[0], cmp_names_arr);
    lconv_new_array(L, n);
    for (int i = 0; i < n; i++) {
        char full[1400];
        snprintf(full, sizeof full, "%s/%.255s", dir, cat_names[i]);
        FILE *f = fopen(full, "rb");
        if (!f)
            return luaL_error(L, "cannot read %s", full);
        sbuf *text = lconv_push_buffer(L);
        char chunk[4096];
        size_t got;
        while ((got = fread(chunk, 1, sizeof chunk, f)) > 0)
            sbuf_add(text, chunk, got);
        fclose(f);
        lh__fingerprint(lh__self(L), full, text->data ? text->data : "", text->len);
        char chunkname[1410];
        snprintf(chunkname, sizeof chunkname, "@%s", full);
        if (sandbox_load(L, text->data ? text->data : "", text->len, chunkname) != LUA_OK) {
            lh__self(L)->syntax_error = true;
            return lua_error(L);
        }
        sandbox_run_data(L, chunkname);
        lua_createtable(L, 0, 2);
        lua_pushstring(L, full);
        lua_setfield(L, -2, "file");
        lua_insert(L, -2);
        lua_setfield(L, -2, "data");
        lua_rawseti(L, -3, i + 1);
        lua_pop(L, 1); /* the text buffer */
    }
    return 1;
}

static int l_register_catalogue(lua_State *L)
{
    lh_plugin *p = loading(L, "register_catalogue");
    luaL_checktype(L, 1, LUA_TTABLE);
    if (!p->body)
        return luaL_error(L, "only an awarding-body plugin (manifest 'body') has a catalogue");
    sbuf *out = to_json(L, 1);
    free(p->catalogue_json);
    p->catalogue_json = strdup(sbuf_cstr(out));
    free(p->catalogue_sources);
    p->catalogue_sources = NULL;
    if (lua_istable(L, 2)) { /* the file each part came from, to name it in a refusal */
        sbuf *src = to_json(L, 2);
        p->catalogue_sources = strdup(sbuf_cstr(src));
    }
    return 0;
}

void bind_assessd_open(lua_State *L)
{
    static const luaL_Reg fns[] = {
        {"log", l_log},
        {"today", l_today},
        {"now", l_now},
        {"date_add", l_date_add},
        {"days_between", l_days_between},
        {"array", l_array},
        {"object", l_object},
        {"json", l_json},
        {"json_decode", l_json_decode},
        {"catalogue_version", l_catalogue_version},
        {"hook", l_hook},
        {"method", l_method},
        {"report", l_report},
        {"catalogue_files", l_catalogue_files},
        {"register_catalogue", l_register_catalogue},
        {NULL, NULL},
    };
    luaL_newlib(L, fns);
    lua_pushlightuserdata(L, NULL);
    lua_setfield(L, -2, "null");
    lua_setglobal(L, "assessd");
    lua_pushcfunction(L, l_print);
    lua_setglobal(L, "print");
}
