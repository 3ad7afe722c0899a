/* dates — calendar dates (ISO 8601 YYYY-MM-DD) and "today".
 *
 * Owns the process-wide notion of today: the machine's local date, unless dates_set_today()
 * fixed it (the --today setting, for tests and rehearsals). Dates are handled as day numbers
 * (days since 1970-01-01) so that rules like "ten weeks after registration" are plain
 * arithmetic.
 */
#ifndef ASSESSD_DATES_H
#define ASSESSD_DATES_H

#include <stdbool.h>
#include <stdint.h>

#define DATE_LEN 11 /* "YYYY-MM-DD" and NUL */

/* Parses "YYYY-MM-DD" into a day number; false if it is not a real date. */
bool date_parse(const char *s, int64_t *day);
void date_format(int64_t day, char out[DATE_LEN]);
/* Adds months, clamping the day to the end of the month (31 Jan + 1 month = 28/29 Feb). */
int64_t date_add_months(int64_t day, int months);
/* "" or NULL: the machine's date. */
void dates_set_today(const char *iso);
int64_t date_today(void);
void date_today_str(char out[DATE_LEN]);
/* The current UTC time as "YYYY-MM-DDTHH:MM:SSZ". */
void time_now_iso(char out[21]);

#endif
