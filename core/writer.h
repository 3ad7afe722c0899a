/* writer — the write thread: writes whose checks are done, stored and committed off the loop.
 *
 * Owns a thread, the queue of jobs waiting for it and a read-only connection for the checks
 * that come before a job. A method that can finish on the thread (evidence.add) does its checks
 * on the loop against what is committed (writer_reader), defers its reply and queues a job. At
 * the end of a loop turn with no transaction of the loop's own open, the queue goes to the
 * thread, which borrows the store (store_lend): each job in its own savepoint with its audit
 * entry, one commit for all, and the replies go out from the loop once it returned. Meanwhile
 * the loop reads, parses and checks the next requests: the two cores share a write's work.
 *
 * Order: anything else that writes on the loop first waits until the queue is stored (the
 * store's tx hook), and any other use of the store waits while it is lent; a connection's
 * later requests wait for its deferred reply. So a job's checks see what it will be stored
 * after, and every client sees its own writes in the order it sent them.
 */
#ifndef ASSESSD_WRITER_H
#define ASSESSD_WRITER_H

#include <stdbool.h>
#include <stdint.h>

#include "app.h"
#include "auth.h"

typedef struct writer writer;
typedef struct writer_job writer_job;

struct writer_job {
    /* The job's stores, on the write thread inside its savepoint: 0, or -1 with why[] said
     * (the savepoint is then rolled back and the call fails with -32603). Sets record. */
    int (*run)(store *st, writer_job *j);
    /* The result of the call, on the loop after the commit, when run succeeded. */
    void (*reply)(writer_job *j, rpc_call *d);
    void (*free)(writer_job *j);
    /* Optional, on the loop once the call is deferred and before the job is queued: finishes
     * the job from the deferred call d (whose params outlive the job, unlike the request's). */
    void (*prepare)(writer_job *j, rpc_call *d);
    char record[64]; /* "kind:id", for the audit entry */
    char why[256];
    /* the writer's */
    rpc_call *call; /* the deferred call */
    uint64_t token;
    session who; /* a copy: the audit entry's actor */
    bool failed;
    writer_job *next;
};

/* Starts the thread for a->st (with its reader), as a->writer; -1 with err said. */
int writer_start(app *a, sbuf *err);
/* Stores what is queued, delivers the replies, stops the thread. */
void writer_stop(app *a);
/* Whether c can finish on the thread now: a writer, a call that can be deferred, no
 * transaction of the loop's own open. */
bool writer_can_take(app *a, rpc_call *c);
/* The connection the checks before a job read from (what is committed). */
store *writer_reader(app *a);
/* Defers c's reply, prepares j and queues it (its fields run, reply, free, prepare set): the
 * thread may take it at once. Returns the deferred call (j->call), or NULL with nothing queued
 * (out of memory: c is failed and j freed). */
rpc_call *writer_submit(app *a, rpc_call *c, writer_job *j);
/* The end of a loop turn (server hook): hands what is queued to the thread when it is free. */
void writer_turn_end(void *app_ud);
/* Commits made and failed by the thread, for system.stats. */
void writer_stats(app *a, int64_t *commits, int64_t *failures);

#endif
