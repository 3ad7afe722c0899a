/* server — the Unix socket, its connections and NDJSON framing, on the libuv loop.
 *
 * Owns the listening socket (created safely: a private directory, mode 0660, a stale socket
 * replaced, a live one refused), every client connection and its buffers. Each complete line
 * goes to rpc_process(); replies are written in order. While the store holds an open group
 * transaction, replies are held and released only after the commit, so that no client hears
 * "ok" for a write that is not yet on disk. The commit comes at the end of the first loop turn
 * that handled no request, or commit_wait_us after the group was first kept open: writes that
 * keep arriving share it.
 *
 * Limits (from config): line length, message deadline, connection count, unread-output pause
 * and drop marks, stall timeout.
 */
#ifndef ASSESSD_SERVER_H
#define ASSESSD_SERVER_H

#include <stdbool.h>
#include <stdint.h>
#include <sys/types.h>
#include <uv.h>

#include "config.h"
#include "rpc.h"
#include "sbuf.h"
#include "store.h"

typedef struct server server;

typedef struct server_hooks {
    /* A new connection from the process with these credentials; returns its session. */
    void *(*session_open)(void *ud, uid_t uid, gid_t gid, pid_t pid);
    void (*session_close)(void *ud, void *session);
    /* The end of a loop turn, after the group commit (NULL: none): the write thread takes what
     * was queued for it then (writer.h). */
    void (*turn_end)(void *ud);
    void *ud;
} server_hooks;

typedef struct server_stats {
    int64_t connections, connections_total, refused, requests, messages, bytes_in, bytes_out;
    int64_t dropped_slow, closed_oversize, closed_deadline, commits, commit_failures;
} server_stats;

int server_start(server **out, uv_loop_t *loop, const config *cfg, rpc_engine *rpc, store *st,
                 const server_hooks *hooks, sbuf *err);
/* Stops accepting, commits and sends what is in flight, closes every connection, removes the
 * socket, then calls done (on the loop). */
void server_stop(server *s, void (*done)(void *ud), void *ud);
void server_free(server *s);
void server_get_stats(server *s, server_stats *st);
/* Inside a handler that deferred its reply (rpc_defer): marks the connection as owed a reply and
 * returns a token naming it (0 outside a request). The connection's later requests wait, so
 * that replies keep their order. */
uint64_t server_defer(server *s);
/* Finishes the deferred call (rpc_finish: its reply line, and the copy freed), sends the reply
 * it owed the connection named by token and lets the connection's waiting requests run. Returns
 * false when the connection has gone (the reply is dropped). */
bool server_reply(server *s, uint64_t token, rpc_call *deferred);
/* Sends a notification line to every connection whose session satisfies want (for event
 * streams such as reminders.subscribe). Returns how many were sent. */
int server_broadcast(server *s, const char *line, size_t len, int (*want)(void *ud, void *session),
                     void *ud);

#endif
