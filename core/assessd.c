/* assessd — the daemon's main(): reads the configuration, opens the store, loads the plugins,
 * serves the socket until SIGINT, SIGTERM or SIGHUP, then finishes what is in flight and exits
 * 0. */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include "app.h"
#include "audit.h"
#include "auth.h"
#include "catalogue.h"
#include "dates.h"
#include "dispatch.h"
#include "log.h"
#include "methods.h"
#include "progress_cache.h"
#include "assessment.h"
#include "bulk.h"
#include "progress_centre.h"
#include "claim.h"
#include "progress.h"
#include "journey.h"
#include "registration.h"
#include "reminders.h"
#include "report.h"
#include "verification.h"
#include "writer.h"

#ifndef ASSESSD_VERSION
#define ASSESSD_VERSION "0.0.0"
#endif

static uv_signal_t sigint, sigterm, sighup;
static bool stopping;
static reminders *rem;

static void *on_session_open(void *ud, uid_t uid, gid_t gid, pid_t pid)
{
    return session_new(ud, uid, gid, pid);
}

static void on_session_close(void *ud, void *s)
{
    (void)ud;
    session_free(s);
}

static void on_stopped(void *ud)
{
    app *a = ud;
    methods_system_stop(a);
    bulk_shutdown(a);
    reminders_stop(rem);
    uv_close((uv_handle_t *)&sigint, NULL);
    uv_close((uv_handle_t *)&sigterm, NULL);
    uv_close((uv_handle_t *)&sighup, NULL);
    log_info("assessd", "all connections closed");
}

static void on_signal(uv_signal_t *h, int signum)
{
    app *a = h->data;
    if (stopping) {
        log_warn("assessd", "second %s: exiting at once", strsignal(signum));
        exit(1);
    }
    stopping = true;
    log_info("assessd", "%s: no longer accepting; finishing requests in flight", strsignal(signum));
    progress_centre_stop(a); /* their replies go out with the rest */
    writer_stop(a);          /* what it has queued is stored and answered first */
    reminders_end_calls(rem);
    server_stop(a->srv, on_stopped, a);
}

/* mkdir -p, the last component with mode 0750 */
static int ensure_dir(const char *dir)
{
    char path[4096];
    snprintf(path, sizeof path, "%s", dir);
    for (char *p = path + 1; *p; p++) {
        if (*p != '/')
            continue;
        *p = '\0';
        if (mkdir(path, 0755) != 0 && errno != EEXIST)
            return -1;
        *p = '/';
    }
    if (mkdir(path, 0750) == 0 || errno == EEXIST)
        return 0;
    return -1;
}

/* Holds <dir>/assessd.lock for the daemon's life: one daemon per data directory, whatever
 * socket each is given, and the check comes before the database is opened (a refused
 * daemon changes nothing). Returns the descriptor, or -1. */
static int lock_data_dir(const char *dir)
{
    sbuf path;
    sbuf_init(&path);
    sbuf_printf(&path, "%s/assessd.lock", dir);
    int fd = open(path.data, O_RDWR | O_CREAT | O_CLOEXEC, 0640);
    if (fd < 0) {
        log_error("assessd", "cannot open %s: %s", path.data, strerror(errno));
    } else if (flock(fd, LOCK_EX | LOCK_NB) != 0) {
        log_error("assessd",
                  "another assessd uses the data directory %s (it holds %s); refusing to start",
                  dir, path.data);
        close(fd);
        fd = -1;
    }
    sbuf_free(&path);
    return fd;
}

int main(int argc, char **argv)
{
    signal(SIGPIPE, SIG_IGN);
    app a;
    memset(&a, 0, sizeof a);
    sbuf err;
    sbuf_init(&err);
    int rc = config_load(&a.cfg, argc, argv, &err);
    if (rc != CONFIG_OK) {
        if (rc == CONFIG_ERROR)
            fprintf(stderr, "assessd: %s\n", sbuf_cstr(&err));
        sbuf_free(&err);
        config_free(&a.cfg);
        return rc == CONFIG_EXIT ? 0 : 2;
    }
    uint64_t t0 = uv_hrtime();
    a.started_ns = t0;
    time_now_iso(a.started_at);
    log_set_level((log_level)log_level_parse(a.cfg.log_level));
    dates_set_today(a.cfg.today);
    if (*a.cfg.today)
        log_info("assessd", "today is fixed at %s (--today)", a.cfg.today);
    int status = 1, dir_lock = -1;
    if (ensure_dir(a.cfg.data_dir) != 0) {
        log_error("assessd", "cannot create the data directory %s: %s", a.cfg.data_dir,
                  strerror(errno));
        goto out;
    }
    dir_lock = lock_data_dir(a.cfg.data_dir);
    if (dir_lock < 0)
        goto out;
    sbuf dbpath;
    sbuf_init(&dbpath);
    sbuf_printf(&dbpath, "%s/assessd.db", a.cfg.data_dir);
    store_options so = {.busy_timeout_ms = a.cfg.busy_timeout_ms};
    if (store_open(&a.st, dbpath.data, &so, &err) != STORE_OK) {
        log_error("assessd", "%s", sbuf_cstr(&err));
        sbuf_free(&dbpath);
        goto out;
    }
    a.loop = uv_default_loop();
    a.rpc = rpc_new();
    rpc_set_max_batch(a.rpc, a.cfg.max_batch);
    /* under the output limit, past which the server drops a connection as not reading */
    rpc_set_max_reply(a.rpc, (size_t)a.cfg.output_limit / 2);
    dispatch_install(&a);
    methods_system_register(&a);
    methods_people_register(&a);
    audit_register_methods(&a);
    catalogue_register_methods(&a);
    registration_register_methods(&a);
    journey_register_methods(&a);
    assessment_register_methods(&a);
    progress_register_methods(&a);
    progress_centre_register_methods(&a);
    claim_register_methods(&a);
    bulk_register_methods(&a);
    verification_register_methods(&a);
    report_register_methods(&a);
    a.cat = catalogue_new(&a);
    lh_options lo = {
        .plugins_dir = a.cfg.plugins_dir,
        .catalogue_dir = a.cfg.catalogue_dir,
        .time_ms = a.cfg.lua_time_ms,
        .load_time_ms = a.cfg.lua_load_time_ms,
        .memory = a.cfg.lua_memory,
    };
    lh_callbacks cb = catalogue_plugin_callbacks(&a);
    a.lh = lh_new(&lo, a.rpc, &cb);
    int failed = lh_reload(a.lh);
    rem = reminders_new(&a);
    server_hooks hooks = {on_session_open, on_session_close, writer_turn_end, &a};
    if (server_start(&a.srv, a.loop, &a.cfg, a.rpc, a.st, &hooks, &err) != 0) {
        log_error("assessd", "%s", sbuf_cstr(&err));
        sbuf_free(&dbpath);
        goto out;
    }
    if (a.cfg.write_thread && writer_start(&a, &err) != 0) {
        log_error("assessd", "%s", sbuf_cstr(&err));
        sbuf_free(&dbpath);
        goto out;
    }
    methods_system_start(&a);
    reminders_start(rem);
    uv_signal_init(a.loop, &sigint);
    uv_signal_init(a.loop, &sigterm);
    uv_signal_init(a.loop, &sighup);
    sigint.data = sigterm.data = sighup.data = &a;
    uv_signal_start(&sigint, on_signal, SIGINT);
    uv_signal_start(&sigterm, on_signal, SIGTERM);
    /* the terminal closing, or an operator expecting a reload (plugins.reload does that):
     * stopped as cleanly as SIGTERM, not killed by the default action with the socket left */
    uv_signal_start(&sighup, on_signal, SIGHUP);
    int loaded, nfailed;
    lh_counts(a.lh, &loaded, &nfailed);
    (void)failed;
    log_info("assessd",
             "assessd %s ready in %.1f ms: database %s (schema %d), %d plugin(s) loaded, %d "
             "failed",
             ASSESSD_VERSION, (double)(uv_hrtime() - t0) / 1e6, dbpath.data,
             store_schema_version(a.st), loaded, nfailed);
    sbuf_free(&dbpath);
    uv_run(a.loop, UV_RUN_DEFAULT);
    status = 0;
out:
    writer_stop(&a);
    if (a.srv)
        server_free(a.srv);
    reminders_free(rem);
    lh_free(a.lh);
    catalogue_free(a.cat);
    pcache_free(a.progress);
    bulk_free(&a);
    rpc_free(a.rpc);
    if (a.st)
        store_close(a.st);
    if (dir_lock >= 0)
        close(dir_lock); /* the next daemon may have the data directory */
    if (a.loop) {
        uv_run(a.loop, UV_RUN_NOWAIT);
        if (uv_loop_close(a.loop) != 0)
            log_warn("assessd", "the event loop still had open handles at exit");
    }
    if (status == 0)
        log_info("assessd", "stopped");
    config_free(&a.cfg);
    sbuf_free(&err);
    return status;
}
