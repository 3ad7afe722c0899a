/* progress_centre — progress.centre: every registration of a centre at once, for its dashboard.
 *
 * The store streams the centre's registrations with their evidence, decisions and sign-offs
 * (store_progress_open, on a read-only connection of its own: one snapshot throughout); each
 * body's plugin turns them into counts, progress_batch registrations per call of its
 * "progress.batch" hook. A large centre takes seconds: the first progress_slice ms of work are
 * done at once (a small centre is answered there), then the reply is deferred (rpc_defer,
 * server_defer) and the reading moves to libuv's worker threads, one batch ahead of the loop,
 * which runs each batch through the plugin as it comes back, other requests answered in
 * between. The cursor reads on a connection of its own, used by one thread at a time; nothing
 * the worker runs touches the loop's state (what it counts is added up on the loop). A call
 * that cannot wait — a member of a batch — runs in one go on the loop. A plugin reloaded while a
 * run is under way fails the run (1003 plugins_reloaded): its counts would mix two versions of the
 * rules.
 *
 * Each answer is kept in the store (store_progress_keep) with the registration's progress_rev,
 * the plugin's fingerprint and the date — or no date, when the hook never read `today`
 * (lh_call_watching); the next run hands the plugin only the registrations
 * without a summary still good, so a dashboard over a large centre costs what changed since.
 * Only a run on its own snapshot keeps what it computed: a batch member may read writes of the
 * turn that are not committed yet.
 */
#ifndef ASSESSD_PROGRESS_CENTRE_H
#define ASSESSD_PROGRESS_CENTRE_H

#include "app.h"

void progress_centre_register_methods(app *a);
/* Ends every run under way with error 1007 (shutting_down), its reply sent: before
 * server_stop(), which then delivers it. */
void progress_centre_stop(app *a);

#endif
