/* app — the running daemon: the pieces one process holds, wired together by assessd.c.
 *
 * Owned by main(); every method handler reaches it through its rpc_method udata. Nothing here
 * is a global: tests build an app of their own.
 */
#ifndef ASSESSD_APP_H
#define ASSESSD_APP_H

#include <stdint.h>
#include <uv.h>

#include "config.h"
#include "lua_host.h"
#include "rpc.h"
#include "server.h"
#include "store.h"

typedef struct catalogue catalogue;
typedef struct pcache pcache;
typedef struct bulk_jobs bulk_jobs;
typedef struct centre_run centre_run;
typedef struct writer writer;

typedef struct app {
    config cfg;
    uv_loop_t *loop;
    store *st;
    rpc_engine *rpc;
    lua_host *lh;
    server *srv;
    catalogue *cat;
    pcache *progress;        /* progress.get replies until their registration changes */
    bulk_jobs *bulk;         /* import jobs (bulk.c) */
    centre_run *centre_runs; /* progress.centre calls under way (progress_centre.c) */
    writer *writer;          /* the write thread (writer.c), NULL without one */
    uint64_t started_ns;
    char started_at[21];
    int64_t calls_ok, calls_failed, writes;
    uint64_t people_generation; /* bumped by every change to people: sessions re-resolve */
} app;

/* Registers a table of methods (NULL-name terminated) with udata = the app. */
void app_register(app *a, rpc_method *methods);

#endif
