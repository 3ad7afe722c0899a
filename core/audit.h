/* audit — the append-only, hash-chained trail of every writing call.
 *
 * Each entry holds who (person, OS user), when, which method with which parameters, the
 * outcome and the record touched, and the SHA-256 of the previous entry's hash and its own
 * fields. Changing or removing an entry breaks the chain; audit_verify() finds the first break.
 * The store keeps the rows (and refuses UPDATE and DELETE); this module computes the chain.
 */
#ifndef ASSESSD_AUDIT_H
#define ASSESSD_AUDIT_H

#include "app.h"
#include "auth.h"

/* Appends an entry inside the current transaction. outcome is "ok" or "error <code>: ...". */
int audit_append(app *a, const session *who, const char *method, const char *params,
                 const char *outcome, const char *record);
/* The same on a store of the caller's choosing (the write thread's borrowed one). */
int audit_append_to(store *st, const session *who, const char *method, const char *params,
                    const char *outcome, const char *record);
void audit_register_methods(app *a);

#endif
