/* registration — a candidate's registration on a qualification and the units chosen.
 *
 * Owns the rules of who may read or act on a registration (registration_open), which the
 * records kept around it (journey.c), assessment and verification use too.
 */
#ifndef ASSESSD_REGISTRATION_H
#define ASSESSD_REGISTRATION_H

#include "app.h"
#include "catalogue.h"
#include "rpc.h"
#include "store.h"

/* The most bytes of a registration's body_reference (its record keeps no more: a longer one is
 * refused, by registration.create and bulk.import alike, not cut short). */
#define REG_BODY_REFERENCE_MAX (sizeof((store_registration *)0)->body_reference - 1)

typedef enum reg_access {
    REG_READ,        /* see it */
    REG_CONTRIBUTE,  /* add to the portfolio: the candidate, or its assessor */
    REG_RECORD,      /* plans, reviews, initial assessment: its assessor, or an admin */
    REG_ASSESS,      /* decisions and sign-off: its assessor */
    REG_VERIFY,      /* internal verification: an IV of the centre */
    REG_COUNTERSIGN, /* supporting a trainee's work: an assessor or IV of the centre */
} reg_access;

typedef struct reg_ctx {
    store_registration r;
    const cat_body *body; /* the catalogue version the registration keeps */
    const cat_qual *qual;
} reg_ctx;

/* Loads registration id and checks the caller may act on it as asked; fails the call with
 * 1001 or 1002 (naming the rule) otherwise. */
int registration_open(rpc_call *c, app *a, int64_t id, reg_access want, reg_ctx *out);
/* A read method's whole body: the registration named by the "registration" parameter, opened
 * for reading, and the store's list of its records (list) as the result. */
int registration_list(rpc_call *c, int (*list)(store *s, int64_t reg, jw *w));
/* Each id of the array ev (NULL: none) once, naming a current evidence item of the registration
 * that claims something in unit and is dated on or before date (the decision's or sample's:
 * what is judged exists first). Fails the call with -32602 (field evidence), 1001 or 1003
 * otherwise. */
int registration_evidence_of_unit(rpc_call *c, app *a, const reg_ctx *rc, const char *unit,
                                  const json_value *ev, const char *date);
/* A record's date: not after today, and for an assessment or verification act (assessing)
 * not before the registration (OCR's handbook: the centre registers a candidate, then
 * allocates an assessor). Fails the call with -32602 (field date) otherwise. */
int registration_act_date(rpc_call *c, const reg_ctx *rc, const char *date, bool assessing);
/* Records the caller's countersignature of record ("decision", "iv_sample") id, once (1003
 * naming it as what, e.g. "IV sample", when it already has one), and answers
 * {id, countersigned_by}. The caller has checked who may countersign it. */
int registration_countersign(rpc_call *c, app *a, const char *record, const char *what, int64_t id);
/* A correction names the record it supersedes (id; 0: none): of the same kind and registration,
 * current, and for a record of a unit (unit not NULL) of the same unit. Fails the call with
 * 1001, 1003 or -32602 (field supersedes) otherwise. */
int registration_supersedes(rpc_call *c, app *a, const char *kind, int64_t reg, int64_t id,
                            const char *unit);
/* A unit of the registration by number (or id): fails the call with -32602 naming the units it
 * has when the unit is not one of them (data.field: field, the parameter that named the unit;
 * data.unit: the unit). */
const cat_unit *registration_unit(rpc_call *c, app *a, const reg_ctx *rc, const char *unit,
                                  const char *field);
/* The unit of qualification q (of body b) that key names: its number or its id, as
 * registration.create and bulk.import take a unit to choose. NULL when q has no such unit (or
 * several share the number). */
const cat_unit *registration_qual_unit(const cat_body *b, const cat_qual *q, const char *key);
/* Item i of a list of units to choose (x): a unit number or id, or {unit, brought_forward} for a
 * unit brought forward, brought_forward saying as text where it was achieved before. Sets *key
 * and *bf (NULL: not brought forward); -1 with why (n bytes) when x is neither. The units of
 * registration.create and registration.units and of a bulk.import line all take them so. */
int registration_unit_item(const json_value *x, size_t i, const char **key, const char **bf,
                           char *why, size_t n);
void registration_register_methods(app *a);

#endif
