/* fuzz_app — the daemon's app, built once per fuzzing process for the harnesses that need the
 * methods, the store and the plugins (fuzz_rpc, fuzz_bulk_line): a fresh SQLite file in a
 * temporary directory, the bundled plugins and catalogue, today fixed at 2009-06-30, and one
 * centre with an assessor, an IV, a candidate and a registration already committed.
 *
 * Every fuzz input runs inside the group transaction the server would open, which
 * fuzz_app_rollback() then abandons, so each input starts from the same records.
 */
#ifndef ASSESSD_FUZZ_APP_H
#define ASSESSD_FUZZ_APP_H

#include <stdbool.h>
#include <stddef.h>

#include "app.h"
#include "auth.h"

/* The app and the session of the daemon's own user (an OS administrator). Aborts on failure. */
app *fuzz_app_open(session **admin);
/* One request line, as the server hands it to rpc_process; the reply is appended to out. */
void fuzz_app_line(const char *line, size_t n, sbuf *out);
/* Abandons whatever the last input wrote. */
void fuzz_app_rollback(void);

#endif
