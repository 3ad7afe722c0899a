/* fixture — a centre with its staff and candidates, for the journey tests: every person has a
 * token, and fx_call() acts as that person over its own connection. */
#ifndef ASSESSD_TEST_FIXTURE_H
#define ASSESSD_TEST_FIXTURE_H

#include <stdint.h>

#include "client.h"

typedef struct person_fx {
    int64_t id;
    char token[64];
} person_fx;

typedef struct centre_fx {
    int64_t centre;
    person_fx admin, assessor, trainee, other_assessor, iv, trainee_iv, ev, candidate,
        other_candidate, dual; /* dual: assessor and iv */
} centre_fx;

/* Creates centre `number` and its people (as the OS administrator running the tests). */
void fx_centre(centre_fx *f, const char *number);
/* Calls method as the person (NULL: the OS administrator); params is printf-formatted JSON. */
json_doc *fx_call(const person_fx *as, const char *method, const char *params, ...)
    __attribute__((format(printf, 3, 4)));
/* The id of a successful create/add/record (the test fails otherwise). */
int64_t fx_id(json_doc *d);
/* Asserts an error code and, when rule is not NULL, that error.data (or a violation) names it;
 * frees the reply. */
void fx_refused(json_doc *d, int64_t code, const char *rule);
/* Asserts the call was refused as an invalid parameter (-32602) whose error.data.field names
 * field; frees the reply. */
void fx_invalid(json_doc *d, const char *field);

#endif
