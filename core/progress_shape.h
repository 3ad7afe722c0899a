/* progress_shape — whether a body plugin's progress answers are what docs/plugins.md says the
 * hooks return, before the core reads, stores or enforces anything of them.
 *
 * The progress hook answers for one registration: one entry per unit it has, each with the
 * booleans the core enforces (ready_for_signoff, achieved), and the qualification's
 * {achieved, rules_known, units_achieved, violations}. A check that fails says what is wrong in
 * why, for the 1005 that names the plugin and the hook (bodyhook_bad_answer).
 */
#ifndef ASSESSD_PROGRESS_SHAPE_H
#define ASSESSD_PROGRESS_SHAPE_H

#include <stdbool.h>
#include <stddef.h>

#include "json.h"

/* Whether answer is the progress hook's answer for a registration whose units (as handed to
 * the hook: a list of objects with a string number) are units. */
bool progress_shape_ok(const json_value *answer, const json_value *units, char *why, size_t n);

#endif
