/* assessment — the assessor's side of a portfolio: evidence (checked by the body's plugin),
 * decisions, unit sign-off and countersignatures, progress, and certification claims.
 *
 * Owns the conversation with the body plugin's hooks (evidence.check, progress, claim.check):
 * it gathers the records, hands them to the plugin with the registration's catalogue version,
 * and turns the plugin's answers into replies (1004 with one violation per broken rule).
 */
#ifndef ASSESSD_ASSESSMENT_H
#define ASSESSD_ASSESSMENT_H

#include "app.h"
#include "json.h"
#include "registration.h"

/* Runs the progress hook for a registration; *out holds {units, qualification}; texts adds
 * each criterion's text. Fails the call (1005) when the plugin fails. */
int assessment_progress(rpc_call *c, app *a, const reg_ctx *rc, bool texts, json_doc **out);
/* Something progress depends on changed for registration reg (a cached reply is dropped). */
void assessment_changed(app *a, int64_t reg);
void assessment_register_methods(app *a);

#endif
