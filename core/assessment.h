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

/* Runs the progress hook for a registration; *out holds {units, qualification}. Fails the
 * call (1005) when the plugin fails. */
int assessment_progress(rpc_call *c, app *a, const reg_ctx *rc, json_doc **out);
void assessment_register_methods(app *a);

#endif
