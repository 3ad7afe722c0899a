/* claim — certification claims (claim.check, claim.create). */
#ifndef ASSESSD_CLAIM_H
#define ASSESSD_CLAIM_H

#include "app.h"

void claim_register_methods(app *a);

#endif
