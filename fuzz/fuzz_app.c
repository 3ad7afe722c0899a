/* fuzz_app — the app the fuzz harnesses share. See fuzz_app.h. */
#include "fuzz_app.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "assessment.h"
#include "audit.h"
#include "catalogue.h"
#include "claim.h"
#include "dates.h"
#include "dispatch.h"
#include "journey.h"
#include "log.h"
#include "methods.h"
#include "progress.h"
#include "registration.h"
#include "report.h"
#include "verification.h"

static app the_app;
static session *admin_session;
static char dir[64];

/* Methods left out: they touch the machine (files, the catalogue directory, child processes),
 * the server or its timers, none of which a harness has. */
static const char *const skipped[] = {
    "bulk.import", "catalogue.import", "plugins.reload", "system.stats", NULL,
};

static void keep(void *ud, const rpc_method *m, const void *owner)
{
    for (const char *const *s = skipped; *s; s++)
        if (strcmp(m->name, *s) == 0)
            return;
    rpc_register(ud, m, owner);
}

static void remove_dir(void)
{
    static const char *const files[] = {"assessd.db", "assessd.db-wal", "assessd.db-shm"};
    char path[128];
    for (size_t i = 0; i < sizeof files / sizeof *files; i++) {
        snprintf(path, sizeof path, "%s/%s", dir, files[i]);
        unlink(path);
    }
    rmdir(dir);
}

void fuzz_app_line(const char *line, size_t n, sbuf *out)
{
    rpc_process(the_app.rpc, admin_session, line, n, out);
}

void fuzz_app_rollback(void)
{
    if (store_in_tx(the_app.st))
        store_abort(the_app.st);
    store_idle(the_app.st);
}

/* A setup request that must succeed, committed. */
static void must(const char *line)
{
    sbuf out;
    sbuf_init(&out);
    fuzz_app_line(line, strlen(line), &out);
    if (strstr(sbuf_cstr(&out), "\"error\"")) {
        fprintf(stderr, "fuzz_app: setup failed: %s -> %s", line, out.data);
        abort();
    }
    if (store_in_tx(the_app.st) && store_commit(the_app.st) != STORE_OK)
        abort();
    store_idle(the_app.st);
    sbuf_free(&out);
}

app *fuzz_app_open(session **admin)
{
    if (the_app.st) {
        *admin = admin_session;
        return &the_app;
    }
    app *a = &the_app;
    log_set_level(LOG_ERROR);
    config_defaults(&a->cfg);
    dates_set_today("2009-06-30");
    snprintf(dir, sizeof dir, "/tmp/fuzz_app.XXXXXX");
    if (!mkdtemp(dir))
        abort();
    atexit(remove_dir);
    sbuf err, path;
    sbuf_init(&err);
    sbuf_init(&path);
    sbuf_printf(&path, "%s/assessd.db", dir);
    store_options so = {.busy_timeout_ms = 1000};
    if (store_open(&a->st, path.data, &so, &err) != STORE_OK) {
        fprintf(stderr, "fuzz_app: %s\n", sbuf_cstr(&err));
        abort();
    }
    a->loop = uv_default_loop();
    /* every module's methods, then only those a harness can run */
    rpc_engine *all = rpc_new();
    a->rpc = all;
    methods_system_register(a);
    methods_people_register(a);
    audit_register_methods(a);
    catalogue_register_methods(a);
    registration_register_methods(a);
    journey_register_methods(a);
    assessment_register_methods(a);
    progress_register_methods(a);
    claim_register_methods(a);
    verification_register_methods(a);
    report_register_methods(a);
    a->rpc = rpc_new();
    rpc_set_max_batch(a->rpc, a->cfg.max_batch);
    rpc_set_max_reply(a->rpc, (size_t)a->cfg.output_limit / 2);
    rpc_each_method(all, keep, a->rpc);
    rpc_free(all);
    dispatch_install(a);
    a->cat = catalogue_new(a);
    lh_options lo = {
        .plugins_dir = ASSESSD_SOURCE_DIR "/plugins",
        .catalogue_dir = ASSESSD_SOURCE_DIR "/catalogue",
        .time_ms = a->cfg.lua_time_ms,
        .load_time_ms = a->cfg.lua_load_time_ms,
        .memory = a->cfg.lua_memory,
    };
    lh_callbacks cb = catalogue_plugin_callbacks(a);
    a->lh = lh_new(&lo, a->rpc, &cb);
    if (lh_reload(a->lh) != 0) {
        fprintf(stderr, "fuzz_app: a plugin failed to load\n");
        abort();
    }
    admin_session = session_new(a, getuid(), getgid(), getpid());
    must("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"centre.create\",\"params\":"
         "{\"number\":\"12345\",\"name\":\"Northfield College\"}}");
    must("{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"person.create\",\"params\":{\"name\":\"Sam "
         "Assessor\",\"roles\":[\"assessor\"],\"centre\":1,\"awards\":[{\"code\":\"A1\","
         "\"achieved_on\":\"2005-01-01\"}]}}");
    must("{\"jsonrpc\":\"2.0\",\"id\":3,\"method\":\"person.create\",\"params\":{\"name\":\"Ivy "
         "Verifier\",\"roles\":[\"iv\"],\"centre\":1,\"awards\":[{\"code\":\"V1\","
         "\"achieved_on\":\"2004-01-01\"}]}}");
    must("{\"jsonrpc\":\"2.0\",\"id\":4,\"method\":\"candidate.create\",\"params\":{\"name\":"
         "\"Cara Candidate\",\"uln\":\"1234567899\",\"centre\":1}}");
    must("{\"jsonrpc\":\"2.0\",\"id\":5,\"method\":\"registration.create\",\"params\":"
         "{\"candidate\":3,\"qualification\":\"OCR:05943\",\"centre\":1,\"registered_on\":"
         "\"2009-01-05\",\"assessor\":1,\"iv\":2,\"units\":[\"9\",\"21\",\"31\",\"36\",\"10\"]}}");
    sbuf_free(&err);
    sbuf_free(&path);
    *admin = admin_session;
    return a;
}
