/* lua_host_internal — what lua_host.c shares with the limits (lua_limits.c) and the binding
 * files (bind_*.c). */
#ifndef ASSESSD_LUA_HOST_INTERNAL_H
#define ASSESSD_LUA_HOST_INTERNAL_H

#include <lua.h>

#include "lua_host.h"
#include "lua_pool.h"
#include "sha256.h"

enum lh_phase { LH_IDLE, LH_LOADING, LH_CALLING };

typedef struct lh_method {
    rpc_method m; /* m.udata points back here */
    char *name;
    char *help;
    rpc_param *params; /* declared ({params = ...}), ended by RPC_PARAM_END; NULL: any */
    int ref;           /* the Lua function, in the plugin's registry */
    lh_plugin *p;
    struct lh_method *next;
} lh_method;

typedef struct lh_report {
    char *name, *title, *scope;
    char *formats; /* JSON array text */
    struct lh_report *next;
} lh_report;

struct lh_plugin {
    lua_host *host;
    uint64_t serial;  /* unique to this version of the plugin (lh_plugin_serial) */
    sha256_ctx files; /* while loading: every file read (lh__fingerprint) */
    int64_t fingerprint;
    char *name;
    char *dir;
    char *body; /* from the manifest; NULL if the plugin is not a body */
    char *version;
    char *description;
    char *catalogue;         /* catalogue folder name, or NULL */
    char *catalogue_json;    /* declared while loading, handed to the core on success */
    char *catalogue_sources; /* JSON: the file each part came from, when the plugin said */
    lua_State *L;
    size_t mem_used, mem_limit, mem_peak;
    lpool pool;                           /* the state's small blocks (lh__alloc) */
    size_t mem_refused, mem_refused_with; /* the last allocation refused, and what was in use */
    uint64_t deadline_ns;                 /* in this thread's CPU time; 0: no call under way */
    int64_t budget_ms;
    bool timed_out;
    bool syntax_error; /* set while loading when a chunk did not compile */
    int phase;
    lh_method *methods;
    lh_report *reports;
    lh_job *job;             /* LH_SCRIPTS: declared while loading */
    struct store *job_store; /* LH_SCRIPTS: what assessd.data reads during a run; NULL: the app's */
    lh_error where;          /* position captured by the message handler */
    char loaded_at[21];
    int64_t calls, errors;
    uint64_t busy_ns;
};

struct lh_opts_copy {
    char *plugins_dir, *catalogue_dir;
    int64_t time_ms, load_time_ms, memory;
    int kind;
    void *bind_ud;
    const char *log_as;
};

/* The plugin a state belongs to (kept in the state's extra space). */
lh_plugin *lh__self(lua_State *L);
/* An error's kind, file and line, as members of the object being written. */
void lh__write_error_place(jw *w, const lh_error *e);
/* Adds a file read while loading to the plugin's fingerprint. */
void lh__fingerprint(lh_plugin *p, const char *path, const char *text, size_t len);
/* The `assessd` table and print (bind_assessd.c). */
void bind_assessd_open(lua_State *L);
/* A script's additions: assessd.job and assessd.data (bind_data.c). */
void bind_data_open(lua_State *L);
/* What reading a job's result needs in the state (lua_job.c). */
void lh__job_open(lua_State *L);
/* Whether s (n bytes) is a reminder kind: a word of a-z, 0-9 and _. */
bool lh__is_kind(const char *s, size_t n);
typedef struct job_call job_call;
/* The job run under way in L's state (NULL: none), and whether a row of assessd.data that
 * becomes a reminder of kind, due then, at centre, concerning people, could be in what the run
 * hands back: as ctx.wants, without the key (a tie says yes); a no past the limit is counted.
 * Never raises (called while the store is mid-scan). */
job_call *lh__job_current(lua_State *L);
bool lh__job_row_wanted(job_call *jc, const char *kind, const char *due, int64_t centre,
                        const int64_t *people, int npeople);
void lh__free_job(lh_job *j);
/* The hooks table of the plugin state, pushed on the stack. */
void lh__push_hooks(lua_State *L);
/* The options each hook was registered with (hook name -> option -> string), pushed. */
void lh__push_hook_options(lua_State *L);
const struct lh_opts_copy *lh__options(lua_host *h);
/* The host's copy of the catalogue's qualifications (lh_snapshot_catalogue): with take, emptied
 * for a new copy; else NULL until one was taken. */
sbuf *lh__snapshot(lua_host *h, bool take);
/* lua_limits.c: the allocator of every state (ud: its lh_plugin), counting towards mem_limit;
 * the panic handler (logs, aborts). */
void *lh__alloc(void *ud, void *ptr, size_t osize, size_t nsize);
int lh__atpanic(lua_State *L);
/* Runs body(L, ud) in protected mode within budget_ms of CPU time. Returns 0, or -1 with err
 * filled (kind, message, file, line). The body may push and pop freely; the stack is restored
 * afterwards, and a failed call's garbage collected. */
int lh__run_within(lh_plugin *p, int (*body)(lua_State *L, void *ud), void *ud, int64_t budget_ms,
                   lh_error *err);
/* Runs body(L, ud) as a call into the plugin (phase LH_CALLING): protected, within the call
 * budget, errors with file and line. Returns 0, or -1 with err filled. */
int lh__run(lh_plugin *p, int (*body)(lua_State *L, void *ud), void *ud, lh_error *err);
const lh_callbacks *lh__callbacks(lua_host *h);

#endif
