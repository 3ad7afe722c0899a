/* ctl_client — assessctl's connection to the daemon: one JSON-RPC request at a time over the
 * daemon's Unix socket, and the exit statuses of a run.
 *
 * Owns the socket (opened on the first call, logged in with --as's token when one is given) and
 * the bytes read from it. A daemon that cannot be reached, is silent or answers with something
 * that is not JSON ends the process with a message and EXIT_CONNECT (a refused token: EXIT_RPC):
 * a client of one call has nothing to fall back on.
 */
#ifndef ASSESSD_CTL_CLIENT_H
#define ASSESSD_CTL_CLIENT_H

#include <stdbool.h>

#include "json.h"
#include "sbuf.h"

/* EXIT_FAILED: the call was answered, and its answer is a check that failed ({"ok": false, ...},
 * as audit.verify gives for a broken trail), so a script can test the status alone. */
enum { EXIT_RPC = 1, EXIT_USAGE = 2, EXIT_CONNECT = 3, EXIT_FAILED = 4 };

typedef struct ctl_client {
    const char *socket_path;
    const char *token; /* --as: act as the person this token belongs to */
    int fd;
    bool json;
    int timeout_ms;
    sbuf in;
    int next_id;
} ctl_client;

/* Prints "assessctl: " and the message on stderr and exits with code. */
void ctl_die(int code, const char *fmt, ...) __attribute__((format(printf, 2, 3), noreturn));
/* Sends one request and returns the parsed reply (caller frees). */
json_doc *ctl_call(ctl_client *cl, const char *method, const char *params_json);
/* Closes the connection and frees what was read. */
void ctl_close(ctl_client *cl);

#endif
