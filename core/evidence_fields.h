/* evidence_fields — the checks of an evidence item that no body's rules decide and that
 * evidence.add and bulk.import's evidence items share: environment, evidence_type and the
 * countersignature (countersigned_by, countersigned_on); and the record's fields as both take
 * them from the item.
 *
 * Owns nothing; reads an item given as JSON (evidence.add's params, or a line's evidence item),
 * its types already checked.
 */
#ifndef ASSESSD_EVIDENCE_FIELDS_H
#define ASSESSD_EVIDENCE_FIELDS_H

#include <stdbool.h>

#include "json.h"
#include "store.h"

typedef struct evidence_problem {
    const char *field; /* the field that is wrong */
    char message[200]; /* what is wrong, starting with the field's name */
} evidence_problem;

/* Whether item's environment, evidence_type and countersignature are as evidence.add takes
 * them; on the first that is not, fills *pr and returns false. */
bool evidence_fields_ok(const json_value *item, evidence_problem *pr);
/* Sets e's fields that are the item's own (texts, dates, flags: method S is a simulation), the
 * texts pointing into item; the others are left as they were. */
void evidence_fields_record(store_evidence *e, const json_value *item);

#endif
