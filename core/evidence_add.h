/* evidence_add — evidence.add, shared with evidence.map (assessment.c), which adds the
 * corrected record through the same checks.
 */
#ifndef ASSESSD_EVIDENCE_ADD_H
#define ASSESSD_EVIDENCE_ADD_H

#include <stdbool.h>

#include "app.h"
#include "json.h"

/* Adds the evidence described by p (evidence.add's params) inside the caller's savepoint, or
 * (later) checks it against what is committed and queues it for the write thread, the reply
 * deferred. */
int evidence_add(rpc_call *c, app *a, const json_value *p, bool later);
/* The evidence.add handler: later when the write thread can take the call. */
int evidence_add_method(rpc_call *c);

#endif
