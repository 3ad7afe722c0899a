/* lua_host — the plugins: finding them, loading them into their own Lua states, calling them
 * within limits, reloading them.
 *
 * Owns one lua_State per plugin (plugins/<name>/manifest.lua + init.lua), each with a counting
 * allocator (memory cap) and an instruction hook (time budget per call). Every call into Lua
 * goes through one protected-call wrapper with a traceback handler; a Lua error, a runaway loop
 * or a memory blow-up becomes an lh_error naming the plugin, file and line, and the daemon goes
 * on. plugins.reload builds every plugin afresh; a plugin that fails to load keeps its previous
 * version running and the failure is shown by lh_write_list().
 *
 * The sandbox (sandbox.c) decides what the Lua code may touch; the bindings (bind_assessd.c)
 * are the functions it may call.
 */
#ifndef ASSESSD_LUA_HOST_H
#define ASSESSD_LUA_HOST_H

#include <stdbool.h>
#include <stdint.h>

#include "json.h"
#include "rpc.h"
#include "sbuf.h"

typedef struct lua_host lua_host;
typedef struct lh_plugin lh_plugin;

enum lh_error_kind { LH_ERR_RUNTIME, LH_ERR_SYNTAX, LH_ERR_TIMEOUT, LH_ERR_MEMORY, LH_ERR_LOAD };

typedef struct lh_error {
    int kind;
    char plugin[64];
    char file[256]; /* "" when unknown */
    int line;       /* 0 when unknown */
    char message[1024];
} lh_error;

typedef struct lh_options {
    const char *plugins_dir;
    const char *catalogue_dir;
    int64_t time_ms;      /* budget of one call */
    int64_t load_time_ms; /* budget of loading one plugin */
    int64_t memory;       /* bytes per state */
} lh_options;

typedef struct lh_callbacks {
    /* A plugin that loaded successfully declared a catalogue (JSON text). Returning -1 with a
     * reason in err fails the load; the previous version stays. */
    int (*catalogue)(void *ud, const char *plugin, const char *body, const char *json, size_t len,
                     sbuf *err);
    /* Writes the stored catalogue version (JSON) into out; -1 if there is none. */
    int (*catalogue_version)(void *ud, int64_t version, sbuf *out);
    /* The plugin is about to be replaced or unloaded. */
    void (*unloaded)(void *ud, lh_plugin *p);
    void *ud;
} lh_callbacks;

lua_host *lh_new(const lh_options *opt, rpc_engine *rpc, const lh_callbacks *cb);
void lh_free(lua_host *h);
/* (Re)loads every plugin found; returns how many failed. */
int lh_reload(lua_host *h);
/* plugins.list: an array of {name, body, version, state, error, ...}. */
void lh_write_list(lua_host *h, jw *w);
void lh_counts(lua_host *h, int *loaded, int *failed);

lh_plugin *lh_find(lua_host *h, const char *name);
/* The loaded plugin that declared this awarding body, or NULL. */
lh_plugin *lh_find_body(lua_host *h, const char *body);
const char *lh_plugin_name(const lh_plugin *p);
const char *lh_plugin_body(const lh_plugin *p);
bool lh_has_hook(lh_plugin *p, const char *hook);
/* Calls every loaded plugin's fn in name order. */
void lh_each(lua_host *h, void (*fn)(void *ud, lh_plugin *p), void *ud);

/* Calls hook with the arguments in args_json (a JSON array, may be NULL for none); the first
 * result is returned as a parsed document in *result (NULL when the hook returned nil).
 * Returns 0, or -1 with err filled. */
int lh_call(lh_plugin *p, const char *hook, const char *args_json, size_t args_len,
            json_doc **result, lh_error *err);

/* Writes an lh_error as a 1005 plugin_error reply. */
int lh_rpc_error(rpc_call *c, const lh_error *e);

#endif
