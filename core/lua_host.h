/* lua_host — the plugins: finding them, loading them into their own Lua states, calling them
 * within limits, reloading them. A second host of the script kind does the same for the
 * scheduled jobs in scripts/ (see below).
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
 *
 * Script kind (LH_SCRIPTS): each <dir>/<name>.lua is one state, loaded with the same sandbox,
 * limits and error reports, plus bind_data.c (assessd.job to declare the job the file is,
 * assessd.data.* to read the store while the job runs). The job's run function is the hook
 * "job.run" (lh_call); lh_refresh() reloads only the files whose mtime changed.
 */
#ifndef ASSESSD_LUA_HOST_H
#define ASSESSD_LUA_HOST_H

#include <stdbool.h>
#include <stdint.h>

#include "json.h"
#include "rpc.h"
#include "sbuf.h"

struct store;

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

enum lh_kind { LH_PLUGINS, LH_SCRIPTS };

typedef struct lh_options {
    const char *plugins_dir; /* LH_SCRIPTS: the scripts directory */
    const char *catalogue_dir;
    int64_t time_ms;      /* budget of one call */
    int64_t load_time_ms; /* budget of loading one plugin */
    int64_t memory;       /* bytes per state */
    int kind;             /* LH_PLUGINS (0) or LH_SCRIPTS */
    void *bind_ud;        /* LH_SCRIPTS: handed to bind_data (the app) */
    const char *log_as;   /* the log's module name (a literal); NULL: "plugins" or "scripts" */
} lh_options;

/* The job a script declared with assessd.job{...}. */
typedef struct lh_job {
    char *name;
    char *description;
    char *schedule;  /* "every 6h", "daily 06:00", or NULL: run on request only */
    int64_t every_s; /* > 0: every so many seconds */
    int daily_min;   /* >= 0: daily at this minute of the local day */
    int within_days; /* >= 0: the job's own notice window in days; -1: the default */
    bool calendar;   /* its reminders belong in the iCalendar feed */
} lh_job;

typedef struct lh_callbacks {
    /* A plugin that loaded successfully declared a catalogue (JSON text), and, when it gave
     * them, the files its parts came from (JSON, or NULL). Returning -1 with a reason in err
     * fails the load; the previous version stays. */
    int (*catalogue)(void *ud, const char *plugin, const char *body, const char *json, size_t len,
                     const char *sources, sbuf *err);
    /* Writes the stored catalogue version (JSON) into out; -1 if there is none, -2 (its body's
     * code in out) if body is not NULL and the version is another body's. */
    int (*catalogue_version)(void *ud, const char *body, int64_t version, sbuf *out);
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
/* Whether the hook was registered with option = value (assessd.hook's third argument). */
bool lh_hook_option_is(lh_plugin *p, const char *hook, const char *option, const char *value);
/* Calls every loaded plugin's fn in name order. */
void lh_each(lua_host *h, void (*fn)(void *ud, lh_plugin *p), void *ud);

/* Calls hook with the arguments in args_json (a JSON array, may be NULL for none); the first
 * result is returned as a parsed document in *result (NULL when the hook returned nil).
 * Returns 0, or -1 with err filled. */
int lh_call(lh_plugin *p, const char *hook, const char *args_json, size_t args_len,
            json_doc **result, lh_error *err);

/* lh_call with its arguments already parsed (args: an array), for a hook whose first argument
 * is a list of objects that each hold the member `watched`: the hook reads it by name as usual
 * (through the object's metatable: pairs and rawget do not see it), and *read says whether it
 * did, for any of them. progress.batch answers that never read `today` are good on any date.
 * (watched and read NULL: a plain call, which is what lh_call makes.) */
int lh_call_watching(lh_plugin *p, const char *hook, const json_value *args, const char *watched,
                     bool *read, json_doc **result, lh_error *err);

/* Writes an lh_error as a 1005 plugin_error reply. */
int lh_rpc_error(rpc_call *c, const lh_error *e);
/* Writes an lh_error as {kind, message, file, line}. */
void lh_write_error(jw *w, const lh_error *e);

/* Loads what is new or changed (by mtime) and unloads what is gone; returns how many of the
 * loads failed. A file that failed is tried again only once it changes. */
int lh_refresh(lua_host *h);
/* Every slot, loaded or not, in name order: error is NULL unless the last load failed. */
typedef struct lh_slot_info {
    const char *name;
    lh_plugin *current; /* the running version, or NULL */
    const lh_error *error;
    const char *failed_at;
} lh_slot_info;
void lh_each_slot(lua_host *h, void (*fn)(void *ud, const lh_slot_info *si), void *ud);
/* LH_SCRIPTS: the job a script declared (never NULL for a loaded script). */
const lh_job *lh_plugin_job(const lh_plugin *p);
/* Which of a job's reminders a caller wants (reminders.due): one of kind (NULL: any), involving
 * the person involves (0: anyone) as its person or one who acts, and one the caller sees:
 * every one (see_all), those of the centre see_centre (0: none), those involving see_person.
 * With limit >= 0 only the earliest limit of them (by due date, then key). With known (a run
 * that stores), ctx.wants also says no to a key for which known(known_ud, key) holds: one the
 * outbox has, which would not be stored again; it is counted all the same. */
typedef struct lh_keep {
    const char *kind;
    int64_t involves;
    bool see_all;
    int64_t see_centre, see_person;
    int64_t limit;
    bool (*known)(void *ud, const char *key);
    void *known_ud;
} lh_keep;
/* LH_SCRIPTS: calls the job's run(ctx) (ctx_json: an object) and checks what it returns as it
 * reads it: *out gets a JSON array of the reminders due on or before up_to, each in canonical
 * form (docs/reminders.md), and *count their number. With keep, only those it wants are
 * written (every reminder is checked all the same), and *count is the number it wants, over
 * the limit or known or not. A malformed reminder fails the run, naming it and its field. Returns
 * 0, or -1 with err filled (lua_job.c). assessd.data reads st, or the daemon's own connection when
 * st is NULL. With a reader of its own (store_open_reader) a run may go on another thread than the
 * loop's: it touches nothing but its plugin's state and st, and reads the settings and the host's
 * copy of the catalogue (lh_snapshot_catalogue; without one, the catalogue itself, which must then
 * not change meanwhile). Nothing else may touch the plugin while it runs. */
int lh_run_job(lh_plugin *p, struct store *st, const char *ctx_json, size_t ctx_len,
               const char *up_to, const lh_keep *keep, sbuf *out, size_t *count, lh_error *err);
/* LH_SCRIPTS: copies what assessd.data.qualifications{} reads from the catalogue; the host's
 * runs read the copy from then on (bind_data.c). For runs on other threads than the loop's,
 * which may reload the catalogue meanwhile; taken on the loop, while none of them runs. */
void lh_snapshot_catalogue(lua_host *h);
/* How long a call into the plugin has taken on average, wall clock (0: never called). */
uint64_t lh_plugin_mean_ns(const lh_plugin *p);
/* The plugin's folder, or the script's file. */
const char *lh_plugin_path(const lh_plugin *p);
const char *lh_plugin_loaded_at(const lh_plugin *p);
/* A number no other version of any plugin of this host has had: work spread over loop turns
 * compares it to know that a reload did not swap the plugin under it. */
uint64_t lh_plugin_serial(const lh_plugin *p);
/* What the plugin's code and data are: a digest of every file read while it loaded (manifest,
 * libraries, init.lua, the centre's override, catalogue files), as 64 bits. Two loads of the same
 * files have the same fingerprint; answers a hook computed from its input alone may be kept
 * across reloads and restarts while it stays the same. */
int64_t lh_plugin_fingerprint(const lh_plugin *p);

#endif
