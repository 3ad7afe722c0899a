/* dispatch — what happens around every call: the caller must be known (unless the method says
 * otherwise), a writing call runs in its own savepoint of the group transaction, and every
 * writing call — refused, failed or done — is appended to the audit trail.
 *
 * Owns the per-call record (which record a write touched, for the audit trail).
 */
#ifndef ASSESSD_DISPATCH_H
#define ASSESSD_DISPATCH_H

#include "app.h"
#include "auth.h"
#include "rpc.h"

void dispatch_install(app *a);
/* Names the record a writing call created or changed ("evidence:12"), for the audit trail. */
void dispatch_set_record(rpc_call *c, const char *kind, int64_t id);
/* For an RPC_WRITE_THREAD method that writes on the loop after all: opens its savepoint as
 * dispatch does for other writes. 0, or -1 with c failed. */
int dispatch_write_begin(app *a, rpc_call *c);
/* The call was queued for the write thread (writer_submit): its entry is written there. */
void dispatch_write_later(rpc_call *c);
/* The audit entry of call c (its params; "ok" or its error) by who, on st. */
int dispatch_audit(store *st, rpc_call *c, const session *who, bool ok, const char *record);

#endif
