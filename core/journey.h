/* journey — the records kept around a registration that are not assessment: the initial
 * assessment, assessment plans and reviews (each correctable by a record superseding it), and
 * a centre's witness list. Who may write them is registration_open's REG_RECORD; the store's
 * side is store_journey.c.
 */
#ifndef ASSESSD_JOURNEY_H
#define ASSESSD_JOURNEY_H

#include "app.h"

/* initial_assessment.record, plan.record, review.record, witness.create, witness.list. */
void journey_register_methods(app *a);

#endif
