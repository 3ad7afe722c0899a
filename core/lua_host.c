/* lua_host — plugin states: loading, reload, methods and the hooks table. Calling hooks is
 * lua_hooks.c; the limits they run under are lua_limits.c. See lua_host.h. */
#include "lua_host_internal.h"

#include <dirent.h>
#include <errno.h>
#include <lauxlib.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <uv.h>

#include "dates.h"
#include "log.h"
#include "lua_conv.h"
#include "sandbox.h"

#define MAX_FILE (16u << 20)

typedef struct slot {
    char *name;
    lh_plugin *current; /* the running version, or NULL */
    lh_error error;     /* the last load failure */
    bool failed;        /* the last load attempt failed */
    char failed_at[21];
    int64_t mtime_ns; /* of the sources when last loaded (lh_refresh) */
    struct slot *next;
} slot;

struct lua_host {
    struct lh_opts_copy opt;
    rpc_engine *rpc;
    lh_callbacks cb;
    slot *slots;     /* sorted by name */
    uint64_t builds; /* plugin versions built so far: each one's serial */
    sbuf snapshot;   /* LH_SCRIPTS: the catalogue's qualifications, when taken (bind_data.c) */
    bool snapped;
};

static const char hooks_key = 'h';
static const char hook_options_key = 'o';

static const char *logmod(const lua_host *h)
{
    if (h->opt.log_as)
        return h->opt.log_as;
    return h->opt.kind == LH_SCRIPTS ? "scripts" : "plugins";
}

const struct lh_opts_copy *lh__options(lua_host *h)
{
    return &h->opt;
}

const lh_callbacks *lh__callbacks(lua_host *h)
{
    return &h->cb;
}

lh_plugin *lh__self(lua_State *L)
{
    return *(lh_plugin **)lua_getextraspace(L);
}

/* ---- loading ------------------------------------------------------------------------- */

static int read_file(const char *path, sbuf *out, lh_error *err)
{
    FILE *f = fopen(path, "rb");
    if (!f) {
        snprintf(err->message, sizeof err->message, "cannot read %s: %s", path, strerror(errno));
        snprintf(err->file, sizeof err->file, "%s", path);
        return -1;
    }
    char buf[65536];
    size_t n;
    while ((n = fread(buf, 1, sizeof buf, f)) > 0) {
        sbuf_add(out, buf, n);
        if (out->len > MAX_FILE) {
            fclose(f);
            snprintf(err->message, sizeof err->message, "%s is larger than %u bytes", path,
                     MAX_FILE);
            snprintf(err->file, sizeof err->file, "%s", path);
            return -1;
        }
    }
    fclose(f);
    return 0;
}

static char *dupstr(const char *s)
{
    return s ? strdup(s) : NULL;
}

static void free_plugin(lh_plugin *p)
{
    if (!p)
        return;
    if (p->L)
        lua_close(p->L);
    lpool_release(&p->pool);
    for (lh_method *m = p->methods, *n; m; m = n) {
        n = m->next;
        free(m->name);
        free(m->help);
        for (rpc_param *q = m->params; q && q->name; q++) {
            free((char *)q->name);
            free((char *)q->help);
        }
        free(m->params);
        free(m);
    }
    for (lh_report *r = p->reports, *n; r; r = n) {
        n = r->next;
        free(r->name);
        free(r->title);
        free(r->scope);
        free(r->formats);
        free(r);
    }
    free(p->name);
    free(p->dir);
    free(p->body);
    free(p->version);
    free(p->description);
    free(p->catalogue);
    free(p->catalogue_json);
    free(p->catalogue_sources);
    lh__free_job(p->job);
    free(p);
}

typedef struct load_ctx {
    lh_plugin *p;
    sbuf text;
    char path[1024];
} load_ctx;

static const char *opt_string_field(lua_State *L, int t, const char *k, const char *file)
{
    lua_getfield(L, t, k);
    if (lua_isnil(L, -1)) {
        lua_pop(L, 1);
        return NULL;
    }
    if (!lua_isstring(L, -1) || lua_type(L, -1) != LUA_TSTRING)
        luaL_error(L, "%s: field '%s' must be a string", file, k);
    const char *s = lua_tostring(L, -1);
    lua_pop(L, 1);
    return s;
}

void lh__fingerprint(lh_plugin *p, const char *path, const char *text, size_t len)
{
    /* name and length first, so that moving bytes between files changes the digest */
    const char *base = strrchr(path, '/');
    base = base ? base + 1 : path;
    uint64_t n = len;
    sha256_update(&p->files, base, strlen(base) + 1);
    sha256_update(&p->files, &n, sizeof n);
    sha256_update(&p->files, text, len);
}

static void run_file(lua_State *L, load_ctx *lc, const char *path, bool data)
{
    lh_error ferr = {0};
    sbuf_reset(&lc->text);
    if (read_file(path, &lc->text, &ferr) != 0)
        luaL_error(L, "%s", ferr.message);
    lh__fingerprint(lc->p, path, lc->text.data, lc->text.len);
    char chunk[1100];
    snprintf(chunk, sizeof chunk, "@%s", path);
    if (sandbox_load(L, lc->text.data, lc->text.len, chunk) != LUA_OK) {
        lc->p->syntax_error = true;
        lua_error(L);
    }
    if (data)
        sandbox_run_data(L, chunk);
    else
        lua_call(L, 0, 0);
}

static int load_body(lua_State *L, void *ud)
{
    load_ctx *lc = ud;
    lh_plugin *p = lc->p;
    const struct lh_opts_copy *o = &p->host->opt;
    lconv_init(L);
    sandbox_open(L);
    lua_newtable(L);
    lua_rawsetp(L, LUA_REGISTRYINDEX, &hooks_key);
    lua_newtable(L);
    lua_rawsetp(L, LUA_REGISTRYINDEX, &hook_options_key);
    bind_assessd_open(L);
    if (o->kind == LH_SCRIPTS) {
        /* a script is one file that declares its job */
        bind_data_open(L);
        lh__job_open(L);
        p->phase = LH_LOADING;
        run_file(L, lc, p->dir, false);
        p->phase = LH_IDLE;
        if (!p->job)
            luaL_error(L, "%s declares no job: it must call assessd.job{name=, run=}", p->dir);
        return 0;
    }

    /* manifest.lua: data only */
    snprintf(lc->path, sizeof lc->path, "%s/manifest.lua", p->dir);
    run_file(L, lc, lc->path, true);
    int mt = lua_gettop(L);
    const char *name = opt_string_field(L, mt, "name", lc->path);
    if (name && strcmp(name, p->name) != 0)
        luaL_error(L, "%s: name '%s' does not match the folder name '%s'", lc->path, name, p->name);
    p->body = dupstr(opt_string_field(L, mt, "body", lc->path));
    p->version = dupstr(opt_string_field(L, mt, "version", lc->path));
    p->description = dupstr(opt_string_field(L, mt, "description", lc->path));
    p->catalogue = dupstr(opt_string_field(L, mt, "catalogue", lc->path));
    if (!p->version)
        luaL_error(L, "%s: field 'version' is required", lc->path);
    if (p->catalogue && (strchr(p->catalogue, '/') || p->catalogue[0] == '.'))
        luaL_error(L, "%s: 'catalogue' must be a folder name under the catalogue directory",
                   lc->path);
    /* expose the manifest to the plugin as assessd.plugin */
    lua_getglobal(L, "assessd");
    lua_pushvalue(L, mt);
    lua_setfield(L, -2, "plugin");
    lua_pop(L, 1);

    /* shared libraries named in the manifest: plugins/lib/<name>.lua, each a global */
    lua_getfield(L, mt, "libs");
    if (!lua_isnil(L, -1)) {
        luaL_checktype(L, -1, LUA_TTABLE);
        lua_Integer n = luaL_len(L, -1);
        for (lua_Integer i = 1; i <= n; i++) {
            lua_geti(L, -1, i);
            const char *lib = lua_tostring(L, -1);
            if (!lib || !*lib || strchr(lib, '/') || strchr(lib, '.'))
                luaL_error(L, "%s: libs[%d] must be a library name", lc->path, (int)i);
            char libpath[1024];
            snprintf(libpath, sizeof libpath, "%s/lib/%s.lua", o->plugins_dir, lib);
            lh_error ferr = {0};
            sbuf_reset(&lc->text);
            if (read_file(libpath, &lc->text, &ferr) != 0)
                luaL_error(L, "%s: library '%s': %s", lc->path, lib, ferr.message);
            lh__fingerprint(p, libpath, lc->text.data, lc->text.len);
            char chunk[1100];
            snprintf(chunk, sizeof chunk, "@%s", libpath);
            if (sandbox_load(L, lc->text.data, lc->text.len, chunk) != LUA_OK) {
                p->syntax_error = true;
                lua_error(L);
            }
            lua_call(L, 0, 1);
            if (!lua_istable(L, -1))
                luaL_error(L, "%s must return a table", libpath);
            lua_setglobal(L, lib);
            lua_pop(L, 1);
        }
    }
    lua_pop(L, 1);

    p->phase = LH_LOADING;
    snprintf(lc->path, sizeof lc->path, "%s/init.lua", p->dir);
    run_file(L, lc, lc->path, false);

    /* the centre's own overrides, loaded after the plugin: plugins/local/<name>.lua */
    char local[1024];
    snprintf(local, sizeof local, "%s/local/%s.lua", o->plugins_dir, p->name);
    struct stat st;
    if (stat(local, &st) == 0)
        run_file(L, lc, local, false);
    p->phase = LH_IDLE;
    return 0;
}

static lh_plugin *build(lua_host *h, const char *name, lh_error *err)
{
    lh_plugin *p = calloc(1, sizeof *p);
    if (!p)
        return NULL;
    p->host = h;
    p->serial = ++h->builds;
    p->name = strdup(name);
    sbuf d;
    sbuf_init(&d);
    sbuf_printf(&d, "%s/%s%s", h->opt.plugins_dir, name, h->opt.kind == LH_SCRIPTS ? ".lua" : "");
    p->dir = sbuf_detach(&d, NULL);
    p->mem_limit = (size_t)h->opt.memory;
    p->L = lua_newstate(lh__alloc, p);
    memset(err, 0, sizeof *err);
    snprintf(err->plugin, sizeof err->plugin, "%s", name);
    if (!p->L) {
        err->kind = LH_ERR_MEMORY;
        snprintf(err->message, sizeof err->message, "cannot create a Lua state");
        free_plugin(p);
        return NULL;
    }
    *(lh_plugin **)lua_getextraspace(p->L) = p;
    /* A state holds mostly long-lived data (a body's catalogue) and each hook call makes
     * short-lived garbage: a cycle starts when memory has grown to four times what the last
     * left (Lua's default is twice), so each cycle's walk over the catalogue pays for more
     * garbage. The first progress.centre over 20,000 registrations: 6 % less of the loop's
     * time (bench/README.md). The state's memory limit still holds: at it, Lua collects. */
    lua_gc(p->L, LUA_GCINC, 400, 0, 0);
    lua_atpanic(p->L, lh__atpanic);
    sha256_init(&p->files);
    load_ctx lc = {.p = p};
    sbuf_init(&lc.text);
    int rc = lh__run_within(p, load_body, &lc, h->opt.load_time_ms, err);
    sbuf_free(&lc.text);
    p->calls = 0; /* loading is not a call */
    p->errors = 0;
    p->busy_ns = 0;
    p->phase = LH_IDLE;
    if (rc != 0) {
        if (p->syntax_error && err->kind == LH_ERR_RUNTIME)
            err->kind = LH_ERR_SYNTAX;
        free_plugin(p);
        return NULL;
    }
    uint8_t digest[32];
    sha256_final(&p->files, digest);
    uint64_t fp = 0;
    for (int i = 0; i < 8; i++)
        fp = fp << 8 | digest[i];
    p->fingerprint = (int64_t)(fp >> 1); /* positive: SQLite keeps it as it is */
    time_now_iso(p->loaded_at);
    return p;
}

/* ---- plugin methods ------------------------------------------------------------------ */

typedef struct method_call {
    lh_method *m;
    rpc_call *c;
    sbuf out;
} method_call;

static int method_body(lua_State *L, void *ud)
{
    method_call *mc = ud;
    lua_rawgeti(L, LUA_REGISTRYINDEX, mc->m->ref);
    const json_value *params = rpc_params(mc->c);
    if (params)
        lconv_push(L, params);
    else
        lua_newtable(L);
    lua_call(L, 1, 1);
    jw w;
    jw_init(&w, &mc->out);
    lconv_write(L, -1, &w);
    return 0;
}

static int method_trampoline(rpc_call *c)
{
    lh_method *m = rpc_call_method(c)->udata;
    method_call mc = {.m = m, .c = c};
    sbuf_init(&mc.out);
    lh_error err;
    m->p->phase = LH_CALLING;
    int rc = lh__run_within(m->p, method_body, &mc, m->p->host->opt.time_ms, &err);
    m->p->phase = LH_IDLE;
    if (rc != 0) {
        sbuf_free(&mc.out);
        return lh_rpc_error(c, &err);
    }
    jw *w = rpc_result(c);
    jw_raw(w, mc.out.data, mc.out.len);
    sbuf_free(&mc.out);
    return 0;
}

static int register_methods(lua_host *h, lh_plugin *p, lh_error *err)
{
    for (lh_method *m = p->methods; m; m = m->next) {
        m->m.name = m->name;
        m->m.fn = method_trampoline;
        m->m.flags = 0;
        m->m.params = m->params;
        m->m.help = m->help;
        m->m.udata = m;
        if (rpc_register(h->rpc, &m->m, p) != 0) {
            rpc_unregister_owner(h->rpc, p);
            snprintf(err->message, sizeof err->message,
                     "method '%s' is already provided by the core or another plugin", m->name);
            err->kind = LH_ERR_LOAD;
            return -1;
        }
    }
    return 0;
}

/* ---- the host ------------------------------------------------------------------------ */

lua_host *lh_new(const lh_options *opt, rpc_engine *rpc, const lh_callbacks *cb)
{
    lua_host *h = calloc(1, sizeof *h);
    if (!h)
        return NULL;
    h->opt.plugins_dir = strdup(opt->plugins_dir);
    h->opt.catalogue_dir = strdup(opt->catalogue_dir);
    h->opt.time_ms = opt->time_ms;
    h->opt.load_time_ms = opt->load_time_ms;
    h->opt.memory = opt->memory;
    h->opt.kind = opt->kind;
    h->opt.bind_ud = opt->bind_ud;
    h->opt.log_as = opt->log_as;
    h->rpc = rpc;
    sbuf_init(&h->snapshot);
    if (cb)
        h->cb = *cb;
    return h;
}

static void unload(lua_host *h, lh_plugin *p)
{
    if (!p)
        return;
    if (h->cb.unloaded)
        h->cb.unloaded(h->cb.ud, p);
    rpc_unregister_owner(h->rpc, p);
    free_plugin(p);
}

void lh_free(lua_host *h)
{
    if (!h)
        return;
    for (slot *s = h->slots, *n; s; s = n) {
        n = s->next;
        unload(h, s->current);
        free(s->name);
        free(s);
    }
    free(h->opt.plugins_dir);
    free(h->opt.catalogue_dir);
    sbuf_free(&h->snapshot);
    free(h);
}

sbuf *lh__snapshot(lua_host *h, bool take)
{
    if (take) {
        sbuf_reset(&h->snapshot);
        h->snapped = true;
    }
    return h->snapped ? &h->snapshot : NULL;
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Folder names under plugins_dir that hold a manifest.lua, sorted. */
static char **discover(lua_host *h, size_t *count)
{
    *count = 0;
    DIR *d = opendir(h->opt.plugins_dir);
    if (!d) {
        log_warn(logmod(h), "cannot read the directory %s: %s", h->opt.plugins_dir,
                 strerror(errno));
        return NULL;
    }
    char **names = NULL;
    size_t n = 0, cap = 0;
    struct dirent *e;
    while ((e = readdir(d))) {
        if (e->d_name[0] == '.' || strcmp(e->d_name, "lib") == 0 || strcmp(e->d_name, "local") == 0)
            continue;
        char path[1024];
        size_t len = strlen(e->d_name);
        if (h->opt.kind == LH_SCRIPTS) {
            /* scripts/<name>.lua */
            if (len <= 4 || len > 68 || strcmp(e->d_name + len - 4, ".lua") != 0)
                continue;
            snprintf(path, sizeof path, "%s/%s", h->opt.plugins_dir, e->d_name);
        } else {
            snprintf(path, sizeof path, "%s/%s/manifest.lua", h->opt.plugins_dir, e->d_name);
        }
        struct stat st;
        if (stat(path, &st) != 0 || !S_ISREG(st.st_mode))
            continue;
        if (n == cap) {
            cap = cap ? cap * 2 : 8;
            char **nn = realloc(names, cap * sizeof *nn);
            if (!nn)
                break;
            names = nn;
        }
        names[n++] = h->opt.kind == LH_SCRIPTS ? strndup(e->d_name, len - 4) : strdup(e->d_name);
    }
    closedir(d);
    if (names)
        qsort(names, n, sizeof *names, cmp_str);
    *count = n;
    return names;
}

static slot *get_slot(lua_host *h, const char *name)
{
    slot **pp = &h->slots;
    while (*pp && strcmp((*pp)->name, name) < 0)
        pp = &(*pp)->next;
    if (*pp && strcmp((*pp)->name, name) == 0)
        return *pp;
    slot *s = calloc(1, sizeof *s);
    s->name = strdup(name);
    s->next = *pp;
    *pp = s;
    return s;
}

static bool body_taken(lua_host *h, const char *body, const slot *except)
{
    for (slot *s = h->slots; s; s = s->next)
        if (s != except && s->current && s->current->body && strcmp(s->current->body, body) == 0)
            return true;
    return false;
}

static void load_one(lua_host *h, const char *name)
{
    slot *s = get_slot(h, name);
    lh_error err;
    lh_plugin *p = build(h, name, &err);
    if (p && p->body && body_taken(h, p->body, s)) {
        memset(&err, 0, sizeof err);
        snprintf(err.plugin, sizeof err.plugin, "%s", name);
        err.kind = LH_ERR_LOAD;
        snprintf(err.message, sizeof err.message,
                 "awarding body '%s' is already provided by another plugin", p->body);
        free_plugin(p);
        p = NULL;
    }
    if (p && p->catalogue_json && h->cb.catalogue) {
        sbuf why;
        sbuf_init(&why);
        if (h->cb.catalogue(h->cb.ud, p->name, p->body, p->catalogue_json,
                            strlen(p->catalogue_json), p->catalogue_sources, &why) != 0) {
            memset(&err, 0, sizeof err);
            snprintf(err.plugin, sizeof err.plugin, "%s", name);
            err.kind = LH_ERR_LOAD;
            snprintf(err.message, sizeof err.message, "catalogue refused: %s", sbuf_cstr(&why));
            free_plugin(p);
            p = NULL;
        }
        sbuf_free(&why);
    }
    if (p) {
        lh_plugin *old = s->current;
        if (old)
            rpc_unregister_owner(h->rpc, old);
        if (register_methods(h, p, &err) != 0) {
            snprintf(err.plugin, sizeof err.plugin, "%s", name);
            if (old)
                register_methods(h, old, &(lh_error){0});
            free_plugin(p);
            p = NULL;
        } else {
            s->current = p;
            s->failed = false;
            if (old) {
                if (h->cb.unloaded)
                    h->cb.unloaded(h->cb.ud, old);
                free_plugin(old);
            }
            log_info(logmod(h), "loaded %s%s%s%s%s", p->name, p->version ? " " : "",
                     p->version ? p->version : "", p->body ? " for " : "", p->body ? p->body : "");
            return;
        }
    }
    s->failed = true;
    s->error = err;
    time_now_iso(s->failed_at);
    log_error(logmod(h), "%s failed to load: %s%s%s:%d%s", name, err.message,
              err.file[0] ? " (" : "", err.file, err.line, err.file[0] ? ")" : "");
    if (s->current)
        log_warn(logmod(h), "%s: keeping the previous version %s", name,
                 s->current->version ? s->current->version : s->current->loaded_at);
}

/* A signature of a plugin's or script's sources (mtimes and sizes), for lh_refresh. */
static int64_t source_sig(lua_host *h, const char *name)
{
    static const char *const plugin_files[] = {"manifest.lua", "init.lua"};
    char path[1024];
    uint64_t sig = 0; /* unsigned: the mixing may wrap */
    for (int i = 0; i < (h->opt.kind == LH_SCRIPTS ? 1 : 2); i++) {
        if (h->opt.kind == LH_SCRIPTS)
            snprintf(path, sizeof path, "%s/%s.lua", h->opt.plugins_dir, name);
        else
            snprintf(path, sizeof path, "%s/%s/%s", h->opt.plugins_dir, name, plugin_files[i]);
        struct stat st;
        if (stat(path, &st) == 0)
            sig = sig * 31 + (uint64_t)st.st_mtim.tv_sec * 1000000000u +
                  (uint64_t)st.st_mtim.tv_nsec + (uint64_t)st.st_size;
    }
    return (int64_t)(sig >> 1);
}

/* plugins/local/<name>.lua is loaded into plugin <name>: a file there that names no plugin (a
 * misspelling: local/ocrr.lua) would never run and say nothing, so the log says so. */
static void warn_stray_overrides(lua_host *h, char **names, size_t n)
{
    char dir[1024];
    snprintf(dir, sizeof dir, "%s/local", h->opt.plugins_dir);
    DIR *d = opendir(dir);
    if (!d)
        return;
    struct dirent *e;
    while ((e = readdir(d))) {
        size_t len = strlen(e->d_name);
        if (e->d_name[0] == '.' || len <= 4 || strcmp(e->d_name + len - 4, ".lua") != 0)
            continue;
        bool found = false;
        for (size_t i = 0; i < n && !found; i++)
            found = strlen(names[i]) == len - 4 && strncmp(names[i], e->d_name, len - 4) == 0;
        if (!found)
            log_warn(logmod(h),
                     "%s/%s is loaded by no plugin: there is no plugin '%.*s' (a centre's file "
                     "is local/<plugin>.lua, named after a folder of %s)",
                     dir, e->d_name, (int)(len - 4), e->d_name, h->opt.plugins_dir);
    }
    closedir(d);
}

static int reload(lua_host *h, bool only_changed)
{
    size_t n;
    char **names = discover(h, &n);
    /* plugins whose folder is gone are unloaded */
    for (slot **pp = &h->slots; *pp;) {
        bool found = false;
        for (size_t i = 0; i < n && !found; i++)
            found = strcmp(names[i], (*pp)->name) == 0;
        if (!found) {
            slot *dead = *pp;
            *pp = dead->next;
            log_info(logmod(h), "unloaded %s (it is gone)", dead->name);
            unload(h, dead->current);
            free(dead->name);
            free(dead);
        } else {
            pp = &(*pp)->next;
        }
    }
    int failed = 0;
    for (size_t i = 0; i < n; i++) {
        slot *s = get_slot(h, names[i]);
        int64_t sig = source_sig(h, names[i]);
        if (!only_changed || sig != s->mtime_ns || (!s->current && !s->failed)) {
            s->mtime_ns = sig;
            load_one(h, names[i]);
            failed += s->failed;
        }
    }
    if (h->opt.kind != LH_SCRIPTS && !only_changed)
        warn_stray_overrides(h, names, n);
    for (size_t i = 0; i < n; i++)
        free(names[i]);
    free(names);
    return failed;
}

int lh_reload(lua_host *h)
{
    return reload(h, false);
}

int lh_refresh(lua_host *h)
{
    return reload(h, true);
}

void lh_each_slot(lua_host *h, void (*fn)(void *ud, const lh_slot_info *si), void *ud)
{
    for (slot *s = h->slots; s; s = s->next) {
        lh_slot_info si = {s->name, s->current, s->failed ? &s->error : NULL,
                           s->failed ? s->failed_at : NULL};
        fn(ud, &si);
    }
}

const lh_job *lh_plugin_job(const lh_plugin *p)
{
    return p->job;
}

uint64_t lh_plugin_mean_ns(const lh_plugin *p)
{
    return p->calls ? p->busy_ns / (uint64_t)p->calls : 0;
}

const char *lh_plugin_path(const lh_plugin *p)
{
    return p->dir;
}

uint64_t lh_plugin_serial(const lh_plugin *p)
{
    return p->serial;
}

int64_t lh_plugin_fingerprint(const lh_plugin *p)
{
    return p->fingerprint;
}

const char *lh_plugin_loaded_at(const lh_plugin *p)
{
    return p->loaded_at;
}

void lh_counts(lua_host *h, int *loaded, int *failed)
{
    *loaded = *failed = 0;
    for (slot *s = h->slots; s; s = s->next) {
        *loaded += s->current != NULL;
        *failed += s->failed;
    }
}

void lh__write_error_place(jw *w, const lh_error *e)
{
    static const char *const kinds[] = {"runtime", "syntax", "timeout", "memory", "load"};
    jw_kstr(w, "kind", kinds[e->kind]);
    jw_kstr_or_null(w, "file", e->file[0] ? e->file : NULL);
    jw_key(w, "line");
    if (e->line)
        jw_int(w, e->line);
    else
        jw_null(w);
}

void lh_write_error(jw *w, const lh_error *e)
{
    jw_obj_begin(w);
    jw_kstr(w, "message", e->message);
    lh__write_error_place(w, e);
    jw_obj_end(w);
}

void lh_write_list(lua_host *h, jw *w)
{
    jw_arr_begin(w);
    for (slot *s = h->slots; s; s = s->next) {
        lh_plugin *p = s->current;
        jw_obj_begin(w);
        jw_kstr(w, "name", s->name);
        jw_kstr_or_null(w, "body", p ? p->body : NULL);
        jw_kstr_or_null(w, "version", p ? p->version : NULL);
        jw_kstr_or_null(w, "description", p ? p->description : NULL);
        /* loaded; degraded: the last reload failed, the previous version runs; failed */
        jw_kstr(w, "state", p ? (s->failed ? "degraded" : "loaded") : "failed");
        jw_kstr_or_null(w, "loaded_at", p ? p->loaded_at : NULL);
        jw_key(w, "error");
        if (s->failed)
            lh_write_error(w, &s->error);
        else
            jw_null(w);
        if (p) {
            jw_kint(w, "memory", (int64_t)p->mem_used);
            jw_kint(w, "memory_limit", (int64_t)p->mem_limit);
            jw_kint(w, "calls", p->calls);
            jw_kint(w, "errors", p->errors);
            jw_kint(w, "busy_ms", (int64_t)(p->busy_ns / 1000000u));
            jw_key(w, "methods");
            jw_arr_begin(w);
            for (lh_method *m = p->methods; m; m = m->next)
                jw_str(w, m->name);
            jw_arr_end(w);
            jw_key(w, "hooks");
            jw_arr_begin(w);
            lua_State *L = p->L;
            const char *names[256];
            size_t nn = 0;
            lua_rawgetp(L, LUA_REGISTRYINDEX, &hooks_key);
            lua_pushnil(L);
            while (lua_next(L, -2)) {
                lua_pop(L, 1);
                if (lua_type(L, -1) == LUA_TSTRING && nn < 256)
                    names[nn++] = lua_tostring(L, -1); /* anchored by the hooks table */
            }
            qsort(names, nn, sizeof *names, cmp_str);
            for (size_t i = 0; i < nn; i++)
                jw_str(w, names[i]);
            lua_pop(L, 1);
            jw_arr_end(w);
        }
        jw_obj_end(w);
    }
    jw_arr_end(w);
}

lh_plugin *lh_find(lua_host *h, const char *name)
{
    for (slot *s = h->slots; s; s = s->next)
        if (strcmp(s->name, name) == 0)
            return s->current;
    return NULL;
}

lh_plugin *lh_find_body(lua_host *h, const char *body)
{
    for (slot *s = h->slots; s; s = s->next)
        if (s->current && s->current->body && strcmp(s->current->body, body) == 0)
            return s->current;
    return NULL;
}

void lh_each(lua_host *h, void (*fn)(void *ud, lh_plugin *p), void *ud)
{
    for (slot *s = h->slots; s; s = s->next)
        if (s->current)
            fn(ud, s->current);
}

const char *lh_plugin_name(const lh_plugin *p)
{
    return p->name;
}

const char *lh_plugin_body(const lh_plugin *p)
{
    return p->body;
}

void lh__push_hooks(lua_State *L)
{
    lua_rawgetp(L, LUA_REGISTRYINDEX, &hooks_key);
}

void lh__push_hook_options(lua_State *L)
{
    lua_rawgetp(L, LUA_REGISTRYINDEX, &hook_options_key);
}
