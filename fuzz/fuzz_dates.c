/* fuzz_dates — libFuzzer harness for the calendar dates (core/dates.c).
 *
 * The input is a date as a request would give it (the first line), then optionally a number of
 * months. date_parse must accept exactly the real days written YYYY-MM-DD, and what it accepts
 * must format back to the same ten bytes; date_add_months must land on a real day of the right
 * month.
 */
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dates.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *s = malloc(size + 1);
    if (!s)
        return 0;
    memcpy(s, data, size);
    s[size] = '\0';
    char *nl = strchr(s, '\n');
    long months = 0;
    if (nl) {
        *nl = '\0';
        months = strtol(nl + 1, NULL, 10) % 1200000; /* within +-100000 years */
    }
    int64_t day;
    if (date_parse(s, &day)) {
        char out[DATE_LEN];
        date_format(day, out);
        if (strcmp(out, s) != 0) {
            fprintf(stderr, "%s formats back as %s\n", s, out);
            abort();
        }
        int64_t moved = date_add_months(day, (int)months);
        date_format(moved, out);
        int64_t again;
        /* a real day, unless it left the four-digit years (date_format clamps those) */
        bool inside = moved >= -719528 /* 0000-01-01 */ && moved <= 2932896 /* 9999-12-31 */;
        if (inside && (!date_parse(out, &again) || again != moved)) {
            fprintf(stderr, "%s + %ld months: %s (%lld)\n", s, months, out, (long long)moved);
            abort();
        }
    }
    free(s);
    return 0;
}
