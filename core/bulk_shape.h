/* bulk_shape — the shape of one line of a bulk import (docs/bulk.md): every field one the
 * format has, of its type (a date a real day, an id a positive integer, an index whole and not
 * negative) and size (that of the record it is stored in), none named twice, no U+0000, the
 * required ones there and not blank. What the fields mean (the qualification, its units, the
 * people, the dates' order) is bulk_line's, which checks that once the shape is right.
 */
#ifndef ASSESSD_BULK_SHAPE_H
#define ASSESSD_BULK_SHAPE_H

#include <stddef.h>

#include "json.h"

/* 0 when line has the format's shape; else -1 with why (n bytes) naming the field and what is
 * wrong with it. */
int bulk_shape_check(const json_value *line, char *why, size_t n);
/* Writes a refusal into why (n bytes), cut after a whole UTF-8 character (bulk.status is JSON);
 * returns -1. */
int bulk_why(char *why, size_t n, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

#endif
