/* verification — internal verification (samples, the sampling plan, countersignatures of a
 * trainee IV's work) and appeals against assessment decisions. */
#ifndef ASSESSD_VERIFICATION_H
#define ASSESSD_VERIFICATION_H

#include "app.h"
#include "registration.h"

/* An internal verifier is independent of the unit's assessment: the caller made no current
 * decision or sign-off on the unit and is not the registration's assessor. Fails the call with
 * 1002 (rule own_decisions, naming the unit) otherwise. iv.sample and claim.create ask it. */
int verification_independent(rpc_call *c, app *a, const reg_ctx *rc, const char *unit);
/* How person stands to the unit's assessment, in *how: VERIFY_INDEPENDENT, VERIFY_ASSESSED (a
 * current decision or sign-off of theirs on the unit) or VERIFY_ASSESSOR (the registration's
 * assessor). Returns a STORE_* status. verification_independent asks it of the caller,
 * claim.check of the IV who would sign. */
enum { VERIFY_INDEPENDENT, VERIFY_ASSESSED, VERIFY_ASSESSOR };
int verification_involvement(app *a, const reg_ctx *rc, int64_t person, const char *unit, int *how);
void verification_register_methods(app *a);

#endif
