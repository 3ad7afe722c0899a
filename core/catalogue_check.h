/* catalogue_check — checking a body's catalogue before catalogue.c stores and indexes it: the
 * only rules a catalogue file must keep (docs/catalogue.md). */
#ifndef ASSESSD_CATALOGUE_CHECK_H
#define ASSESSD_CATALOGUE_CHECK_H

#include "json.h"
#include "sbuf.h"

/* Checks the catalogue root declared for body (its manifest's code). Returns 0, or -1 with the
 * problems in err ("; "-separated, the first twenty and how many more). */
int cat_check(const json_value *root, const char *body, sbuf *err);

#endif
