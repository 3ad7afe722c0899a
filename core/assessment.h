/* assessment — the assessor's side of a portfolio: evidence (checked by the body plugin's
 * evidence.check hook), decisions, unit sign-off and countersignatures. Progress and claims
 * are progress.c and claim.c.
 */
#ifndef ASSESSD_ASSESSMENT_H
#define ASSESSD_ASSESSMENT_H

#include "app.h"
#include "json.h"
#include "registration.h"

/* Refuses a sign-off of unit u the registration's progress (progress_compute's answer) does
 * not allow, as unit.signoff decides it: 0 when the unit is ready_for_signoff. Else fails
 * the call with 1004, one violation per requirement not met (criteria and ranges without
 * evidence, no summative decision 'met', the plugin's own), or with 1005 when progress has no
 * entry for the unit. */
int assessment_refuse_unready(rpc_call *c, app *a, const reg_ctx *rc, json_doc *progress,
                              const cat_unit *u);
void assessment_register_methods(app *a);

#endif
