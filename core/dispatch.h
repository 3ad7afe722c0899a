/* dispatch — what happens around every call: the caller must be known (unless the method says
 * otherwise), a writing call runs in its own savepoint of the group transaction, and every
 * writing call — refused, failed or done — is appended to the audit trail.
 *
 * Owns the per-call record (which record a write touched, for the audit trail).
 */
#ifndef ASSESSD_DISPATCH_H
#define ASSESSD_DISPATCH_H

#include "app.h"
#include "rpc.h"

void dispatch_install(app *a);
/* Names the record a writing call created or changed ("evidence:12"), for the audit trail. */
void dispatch_set_record(rpc_call *c, const char *kind, int64_t id);

#endif
