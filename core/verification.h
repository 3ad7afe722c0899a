/* verification — internal verification (samples, the sampling plan, countersignatures of a
 * trainee IV's work) and appeals against assessment decisions. */
#ifndef ASSESSD_VERIFICATION_H
#define ASSESSD_VERIFICATION_H

#include "app.h"

void verification_register_methods(app *a);

#endif
