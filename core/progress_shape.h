/* progress_shape — whether a body plugin's progress answers are what docs/plugins.md says the
 * hooks return, before the core reads, stores or enforces anything of them.
 *
 * The progress hook answers for one registration: one entry per unit it has, each with the
 * booleans the core enforces (ready_for_signoff, achieved), and the qualification's
 * {achieved, rules_known, units_achieved, violations}. The progress.batch hook answers one
 * summary per registration handed, in the order handed: counts that are whole, not negative
 * and not above the registration's units. A check that fails says what is wrong in why, for
 * the 1005 that names the plugin and the hook (bodyhook_bad_answer).
 */
#ifndef ASSESSD_PROGRESS_SHAPE_H
#define ASSESSD_PROGRESS_SHAPE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "json.h"
#include "store.h"

/* Whether answer is the progress hook's answer for a registration whose units (as handed to
 * the hook: a list of objects with a string number) are units. */
bool progress_shape_ok(const json_value *answer, const json_value *units, char *why, size_t n);
/* Whether x, answer i (from 0) of a progress.batch call, is the summary of registration reg,
 * which has nunits units; *sum is what it says when it is. */
bool progress_summary_ok(const json_value *x, size_t i, int64_t reg, size_t nunits,
                         store_progress_summary *sum, char *why, size_t n);

#endif
