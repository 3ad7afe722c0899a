/* bulk — importing a centre's existing records from a file (migrating from another system, or
 * a synthetic centre for the benchmark): bulk.import and bulk.status.
 *
 * Owns the import jobs. A job reads an NDJSON file, one registration per line (docs/bulk.md),
 * and stores it in chunks, each in a transaction of its own, from a timer on the loop: the
 * daemon keeps serving between chunks. Every line is checked as the methods would check it
 * (bulk_line.c: every field's type and size, the qualification, units and references against
 * the catalogue, the staff's roles, dates, a sign-off as unit.signoff checks it) except the
 * body plugin's evidence rules, which are for evidence as it is collected; a bad line is
 * skipped and reported with its number, the others are stored.
 */
#ifndef ASSESSD_BULK_H
#define ASSESSD_BULK_H

#include "app.h"

void bulk_register_methods(app *a);
/* Stops running jobs at shutdown (their committed chunks stay). */
void bulk_shutdown(app *a);
void bulk_free(app *a);

#endif
