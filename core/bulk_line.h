/* bulk_line — one line of a bulk import (docs/bulk.md): its fields' types and sizes checked
 * (bulk_shape), the registration checked as the methods check a record, then stored with its
 * evidence, decisions and sign-offs. bulk.c runs the job around it: reading the file, the
 * transactions, the savepoint each line is stored in, the problems it reports.
 */
#ifndef ASSESSD_BULK_LINE_H
#define ASSESSD_BULK_LINE_H

#include <stddef.h>
#include <stdint.h>

#include "app.h"
#include "auth.h"
#include "json.h"
#include "store.h"

typedef struct bulk_staff {
    store_person p;
    int qualified; /* -1 unknown, 0 trainee, 1 qualified (assessor award) */
} bulk_staff;

/* What one job's lines go into, and what they stored. */
typedef struct bulk_target {
    app *a;
    int64_t centre;
    session *who;      /* who started the job: the evidence's added_by */
    bulk_staff *staff; /* the people the lines named so far, read at people_generation */
    size_t nstaff, staff_cap;
    uint64_t people_generation;
    int64_t registrations, evidence, decisions, signoffs; /* stored */
    int64_t candidate, registration;                      /* what the last line stored made */
} bulk_target;

/* Checks the line (a parsed JSON value) and stores it; the counts grow only when it is stored.
 * Returns -1 with why (n bytes) saying what is wrong, the field named, when the line is refused
 * or cannot be stored: what it wrote by then is the caller's to roll back. */
int bulk_line_import(bulk_target *t, const json_value *line, char *why, size_t n);
void bulk_target_free(bulk_target *t);

#endif
