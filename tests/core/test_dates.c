/* Unit tests of core/dates. */
#include <criterion/criterion.h>
#include <criterion/new/assert.h>

#include "dates.h"

Test(dates, parses_real_dates_only)
{
    int64_t d;
    cr_assert(date_parse("1970-01-01", &d));
    cr_assert(eq(i64, d, 0));
    cr_assert(date_parse("2024-02-29", &d));
    cr_assert(not(date_parse("2023-02-29", &d)));
    cr_assert(not(date_parse("2024-13-01", &d)));
    cr_assert(not(date_parse("2024-1-01", &d)));
    cr_assert(not(date_parse("31/07/2009", &d)));
    cr_assert(not(date_parse("2024-04-31", &d)));
}

Test(dates, formats_and_adds)
{
    int64_t d;
    char out[DATE_LEN];
    cr_assert(date_parse("2009-07-31", &d));
    date_format(d + 70, out); /* ten weeks */
    cr_assert(eq(str, out, "2009-10-09"));
    date_format(date_add_months(d, 18), out);
    cr_assert(eq(str, out, "2011-01-31"));
    cr_assert(date_parse("2024-01-31", &d));
    date_format(date_add_months(d, 1), out);
    cr_assert(eq(str, out, "2024-02-29"));
}

Test(dates, today_can_be_fixed)
{
    char out[DATE_LEN];
    dates_set_today("2010-03-04");
    date_today_str(out);
    cr_assert(eq(str, out, "2010-03-04"));
    dates_set_today(NULL);
    date_today_str(out);
    cr_assert(ne(str, out, "2010-03-04"));
}

/* Found by fuzz/fuzz_dates: a month before year 0 read the month table at index -1 (and a
 * large count overflowed int). */
Test(dates, adds_months_across_year_zero)
{
    int64_t d;
    char out[DATE_LEN];
    cr_assert(date_parse("0000-01-31", &d));
    int64_t back = date_add_months(d, -1); /* 31 December of year -1 */
    cr_assert(eq(i64, back, d - 31));
    cr_assert(eq(i64, date_add_months(back, 1), d));
    cr_assert(eq(i64, date_add_months(d, -13), d - 31 - 365)); /* -1 is not a leap year */
    cr_assert(date_parse("2009-01-31", &d));
    date_format(date_add_months(d, -2009 * 12), out);
    cr_assert(eq(str, out, "0000-01-31"));
}
