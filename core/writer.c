/* writer — the write thread and its queue. See writer.h. */
#include "writer.h"

#include <stdlib.h>
#include <string.h>

#include "dispatch.h"
#include "log.h"

struct writer {
    app *a;
    store *st;     /* a->st, borrowed while the thread has a batch */
    store *reader; /* the checks' connection (loop only) */
    uv_thread_t thread;
    uv_async_t async; /* a batch is done */
    uv_mutex_t mu;
    uv_cond_t cv;
    /* under mu */
    writer_job *ready; /* queued by the loop, checked, not yet handed */
    writer_job *batch; /* handed to the thread */
    writer_job *done;  /* stored (or failed), replies not yet sent */
    bool busy, quit;
    int64_t commits, failures;
};

/* ---- the thread ------------------------------------------------------------------------ */

/* Appends the list jobs to *list. */
static void append(writer_job **list, writer_job *jobs)
{
    while (*list)
        list = &(*list)->next;
    *list = jobs;
}

static void fail_job(writer_job *j, const char *reason, const char *fmt, const char *what)
{
    j->failed = true;
    rpc_error(j->call, RPC_INTERNAL_ERROR, reason, fmt, what);
}

/* As a write on the loop is refused when another process holds the database's lock. */
static void busy_job(writer_job *j, const char *what)
{
    j->failed = true;
    rpc_error(j->call, RPC_OVERLOADED, NULL, "the database is busy: %s", what);
}

static void run_job(store *st, writer_job *j)
{
    if (store_savepoint(st) != STORE_OK) {
        fail_job(j, NULL, "%s", store_errmsg(st));
        dispatch_audit(st, j->call, &j->who, false, NULL);
        return;
    }
    if (j->run(st, j) != 0) {
        store_rollback(st);
        fail_job(j, NULL, "%s", j->why);
    }
    if (dispatch_audit(st, j->call, &j->who, !j->failed, j->record[0] ? j->record : NULL) == 0) {
        if (!j->failed)
            store_release(st);
    } else if (!j->failed) {
        store_rollback(st);
        fail_job(j, NULL, "%s was not stored: its audit entry could not be written",
                 rpc_call_method(j->call)->name);
        log_error("writer", "%s was undone: its audit entry could not be written",
                  rpc_call_method(j->call)->name);
    } else {
        log_error("writer", "the audit entry for %s was not written",
                  rpc_call_method(j->call)->name);
    }
}

/* One batch: a transaction, a savepoint per job, one commit. Returns whether it committed. */
static bool run_batch(writer *w, writer_job *jobs)
{
    store *st = w->st;
    if (store_tx_begin(st) != STORE_OK) { /* nothing written: no entry can be either */
        size_t n = 0;
        for (writer_job *j = jobs; j; j = j->next, n++)
            busy_job(j, store_errmsg(st));
        log_error("writer", "%zu queued write(s) refused, their audit entries not written: %s", n,
                  store_errmsg(st));
        return false;
    }
    for (writer_job *j = jobs; j; j = j->next)
        run_job(st, j);
    if (store_commit(st) == STORE_OK)
        return true;
    char msg[600];
    snprintf(msg, sizeof msg, "%s", store_errmsg(st));
    for (writer_job *j = jobs; j; j = j->next)
        if (!j->failed)
            fail_job(j, "commit_failed", "the group commit failed (%s): this write was not saved",
                     msg);
    return false;
}

static void thread_main(void *ud)
{
    writer *w = ud;
    uv_mutex_lock(&w->mu);
    for (;;) {
        while (!w->batch && !w->quit)
            uv_cond_wait(&w->cv, &w->mu);
        if (!w->batch)
            break;
        writer_job *jobs = w->batch;
        w->batch = NULL;
        uv_mutex_unlock(&w->mu);
        bool committed = run_batch(w, jobs);
        uv_mutex_lock(&w->mu);
        if (committed)
            w->commits++;
        else
            w->failures++;
        append(&w->done, jobs);
        /* what the loop queued meanwhile goes next, unless the loop waits for the store */
        if (w->ready && !store_wanted_back(w->st)) {
            w->batch = w->ready;
            w->ready = NULL;
            uv_async_send(&w->async); /* the replies */
            continue;
        }
        uv_mutex_unlock(&w->mu);
        store_idle(w->st);
        store_return(w->st);
        uv_mutex_lock(&w->mu);
        w->busy = false;
        uv_cond_broadcast(&w->cv);
        uv_async_send(&w->async); /* after busy is false: the loop then hands what is ready */
    }
    uv_mutex_unlock(&w->mu);
}

/* ---- the loop -------------------------------------------------------------------------- */

/* Gives the queue to the thread, if it is free and the loop has no transaction open. */
static void hand(writer *w)
{
    if (store_in_tx(w->st))
        return;
    uv_mutex_lock(&w->mu);
    if (!w->busy && w->ready) {
        store_lend(w->st, w->thread);
        w->batch = w->ready;
        w->ready = NULL;
        w->busy = true;
        uv_cond_broadcast(&w->cv);
    }
    uv_mutex_unlock(&w->mu);
}

/* Waits until everything queued is stored (the replies are left for deliver()). With a
 * transaction of the loop's own open (a stop in the middle of a turn), what is queued is
 * stored on the loop inside it instead, its replies held for that commit like the rest. */
static void drain(writer *w)
{
    uv_mutex_lock(&w->mu);
    for (;;) {
        while (w->busy)
            uv_cond_wait(&w->cv, &w->mu);
        if (!w->ready)
            break;
        if (store_in_tx(w->st)) {
            writer_job *jobs = w->ready;
            w->ready = NULL;
            uv_mutex_unlock(&w->mu);
            for (writer_job *j = jobs; j; j = j->next)
                run_job(w->st, j);
            uv_mutex_lock(&w->mu);
            append(&w->done, jobs);
            break;
        }
        uv_mutex_unlock(&w->mu);
        hand(w);
        uv_mutex_lock(&w->mu);
    }
    uv_mutex_unlock(&w->mu);
}

/* The store's tx hook: the loop is about to write on its own. */
static void before_loop_tx(void *ud)
{
    drain(ud);
}

static void complete(writer *w, writer_job *j)
{
    app *a = w->a;
    rpc_call *d = j->call;
    if (j->failed) {
        a->calls_ok--;
        a->calls_failed++;
    } else {
        j->reply(j, d);
        a->writes++;
    }
    if (a->srv)
        server_reply(a->srv, j->token, d);
    else
        rpc_drop(d);
    j->free(j);
}

static void deliver(writer *w)
{
    uv_mutex_lock(&w->mu);
    writer_job *jobs = w->done;
    w->done = NULL;
    uv_mutex_unlock(&w->mu);
    while (jobs) {
        writer_job *next = jobs->next;
        complete(w, jobs);
        jobs = next;
    }
}

static void on_async(uv_async_t *h)
{
    writer *w = h->data;
    deliver(w);
    hand(w);
}

static void on_closed(uv_handle_t *h)
{
    free(h->data); /* the writer */
}

int writer_start(app *a, sbuf *err)
{
    writer *w = calloc(1, sizeof *w);
    if (!w) {
        sbuf_adds(err, "cannot start the write thread: out of memory");
        return -1;
    }
    w->a = a;
    w->st = a->st;
    if (store_lending_init(a->st) != STORE_OK || store_open_reader(a->st, &w->reader) != STORE_OK) {
        sbuf_printf(err, "cannot start the write thread: %s", store_errmsg(a->st));
        free(w);
        return -1;
    }
    int rc = uv_mutex_init(&w->mu);
    if (rc != 0)
        goto no_mutex;
    if ((rc = uv_cond_init(&w->cv)) != 0)
        goto no_cond;
    if ((rc = uv_async_init(a->loop, &w->async, on_async)) != 0)
        goto no_async;
    w->async.data = w;
    if ((rc = uv_thread_create(&w->thread, thread_main, w)) != 0) {
        uv_cond_destroy(&w->cv);
        uv_mutex_destroy(&w->mu);
        store_close(w->reader);
        uv_close((uv_handle_t *)&w->async, on_closed); /* which frees w */
        sbuf_printf(err, "cannot start the write thread: %s", uv_strerror(rc));
        return -1;
    }
    store_on_tx_begin(a->st, before_loop_tx, w);
    a->writer = w;
    return 0;
no_async:
    uv_cond_destroy(&w->cv);
no_cond:
    uv_mutex_destroy(&w->mu);
no_mutex:
    sbuf_printf(err, "cannot start the write thread: %s", uv_strerror(rc));
    store_close(w->reader);
    free(w);
    return -1;
}

void writer_stop(app *a)
{
    writer *w = a->writer;
    if (!w)
        return;
    drain(w);
    deliver(w);
    store_on_tx_begin(a->st, NULL, NULL);
    uv_mutex_lock(&w->mu);
    w->quit = true;
    uv_cond_broadcast(&w->cv);
    uv_mutex_unlock(&w->mu);
    uv_thread_join(&w->thread);
    uv_close((uv_handle_t *)&w->async, on_closed);
    uv_cond_destroy(&w->cv);
    uv_mutex_destroy(&w->mu);
    store_close(w->reader);
    a->writer = NULL;
}

bool writer_can_take(app *a, rpc_call *c)
{
    return a->writer && a->srv && rpc_can_defer(c) && !store_in_tx(a->st);
}

store *writer_reader(app *a)
{
    return a->writer->reader;
}

rpc_call *writer_submit(app *a, rpc_call *c, writer_job *j)
{
    writer *w = a->writer;
    rpc_call *d = rpc_defer(c);
    if (!d) {
        j->free(j);
        rpc_error(c, RPC_INTERNAL_ERROR, NULL, "out of memory");
        return NULL;
    }
    session *s = rpc_session(c);
    auth_known(s);
    j->who = *s;
    j->call = d;
    j->token = server_defer(a->srv);
    j->failed = false;
    j->next = NULL;
    if (j->prepare)
        j->prepare(j, d);
    uv_mutex_lock(&w->mu);
    append(&w->ready, j);
    uv_mutex_unlock(&w->mu);
    dispatch_write_later(c);
    return d;
}

void writer_turn_end(void *app_ud)
{
    app *a = app_ud;
    if (a->writer)
        hand(a->writer);
}

void writer_stats(app *a, int64_t *commits, int64_t *failures)
{
    *commits = *failures = 0;
    writer *w = a->writer;
    if (!w)
        return;
    uv_mutex_lock(&w->mu);
    *commits = w->commits;
    *failures = w->failures;
    uv_mutex_unlock(&w->mu);
}
