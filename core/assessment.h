/* assessment — the assessor's side of a portfolio: evidence (checked by the body plugin's
 * evidence.check hook), decisions, unit sign-off and countersignatures. Progress and claims
 * are progress.c and claim.c.
 */
#ifndef ASSESSD_ASSESSMENT_H
#define ASSESSD_ASSESSMENT_H

#include "app.h"
#include "json.h"
#include "registration.h"

void assessment_register_methods(app *a);

#endif
