/* catalogue_check — checking a body's catalogue before catalogue.c stores and indexes it: the
 * only rules a catalogue file must keep (docs/catalogue.md). */
#ifndef ASSESSD_CATALOGUE_CHECK_H
#define ASSESSD_CATALOGUE_CHECK_H

#include <stdbool.h>

#include "json.h"
#include "sbuf.h"

/* Checks the catalogue root a plugin declares now for body (its manifest's code). Returns 0, or
 * -1 with the problems in err ("; "-separated, the first twenty and how many more). sources,
 * when not NULL, maps "units:<id>", "qualifications:<code>" and "body" to the file each came
 * from: a problem with one of them then starts with its file. */
int cat_check(const json_value *root, const char *body, const json_value *sources, sbuf *err);

/* Checks a stored catalogue version with the rules it was stored under (not those added since),
 * so that its registrations go on working. As cat_check otherwise. */
int cat_stored_check(const json_value *root, const char *body, sbuf *err);

#endif
