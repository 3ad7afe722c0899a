/* catalogue_check — checking a body's catalogue before catalogue.c stores and indexes it: the
 * only rules a catalogue file must keep (docs/catalogue.md). */
#ifndef ASSESSD_CATALOGUE_CHECK_H
#define ASSESSD_CATALOGUE_CHECK_H

#include <stdbool.h>

#include "json.h"
#include "sbuf.h"

/* Checks the catalogue root declared for body (its manifest's code). Returns 0, or -1 with the
 * problems in err ("; "-separated, the first twenty and how many more). fresh: a catalogue a
 * plugin declares now, which also keeps the rules added since older versions were stored (a
 * stored version is read with the rules it was stored under, so that its registrations go on
 * working). */
int cat_check(const json_value *root, const char *body, bool fresh, sbuf *err);

#endif
