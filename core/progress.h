/* progress — a registration's progress: per unit its status, the criteria and ranges covered
 * and missing, and for the qualification the rules of combination met or broken. The body's
 * plugin computes it (the "progress" hook) from the records this module gathers; replies are
 * cached per registration until a write changes its progress_rev (progress_cache.h).
 */
#ifndef ASSESSD_PROGRESS_H
#define ASSESSD_PROGRESS_H

#include <stdbool.h>

#include "app.h"
#include "json.h"
#include "registration.h"

/* Runs the progress hook; *out holds {units, qualification}; texts adds each criterion's
 * text. Fails the call (1005) when the plugin fails. */
int progress_compute(rpc_call *c, app *a, const reg_ctx *rc, bool texts, json_doc **out);
/* progress_compute for a caller that reads only each unit's statuses (ready_for_signoff,
 * achieved, violations): the hook is told reg.brief, and may leave out criteria, ranges and
 * missing (a bulk import's sign-off check; what is missing is asked for again with texts). */
int progress_compute_brief(rpc_call *c, app *a, const reg_ctx *rc, json_doc **out);
/* The status of one unit in a computed progress, or NULL. */
const json_value *progress_unit(json_doc *progress, const char *unit);
void progress_register_methods(app *a);

#endif
