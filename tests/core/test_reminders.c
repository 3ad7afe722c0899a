/* Unit tests of the reminders' text formats and schedules: iCalendar content lines (RFC 5545:
 * CRLF, folding at 75 octets without splitting UTF-8, TEXT escaping), RFC 5322 messages
 * (headers, CRLF, encoded-words, wrapped body) and when a job runs next. */
#include <criterion/criterion.h>
#include <criterion/new/assert.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "ical.h"
#include "lua_host.h"
#include "mailmsg.h"
#include "reminders_internal.h"

static bool has(const char *haystack, const char *needle)
{
    return haystack && strstr(haystack, needle) != NULL;
}

/* Every line ends in CRLF, no line is longer than max octets, and there is no bare CR or LF. */
static bool crlf_lines_within(const char *s, size_t max)
{
    const char *p = s;
    while (*p) {
        const char *crlf = strstr(p, "\r\n");
        if (!crlf)
            return false;
        for (const char *q = p; q < crlf; q++)
            if (*q == '\r' || *q == '\n')
                return false;
        if ((size_t)(crlf - p) > max)
            return false;
        p = crlf + 2;
    }
    return true;
}

/* RFC 5545 §3.1: removes every CRLF followed by one space. */
static char *unfold(const char *s)
{
    char *out = malloc(strlen(s) + 1), *o = out;
    for (const char *p = s; *p; p++) {
        if (p[0] == '\r' && p[1] == '\n' && p[2] == ' ') {
            p += 2;
            continue;
        }
        *o++ = *p;
    }
    *o = '\0';
    return out;
}

Test(ical, short_lines_are_one_line_with_crlf)
{
    sbuf b;
    sbuf_init(&b);
    ical_line(&b, "SUMMARY", "Review of Cara", true);
    cr_assert(eq(str, b.data, "SUMMARY:Review of Cara\r\n"));
    sbuf_free(&b);
}

Test(ical, text_values_are_escaped)
{
    sbuf b;
    sbuf_init(&b);
    ical_line(&b, "DESCRIPTION", "a, b; c\\d\nnext", true);
    cr_assert(eq(str, b.data, "DESCRIPTION:a\\, b\\; c\\\\d\\nnext\r\n"));
    sbuf_free(&b);
}

Test(ical, long_lines_fold_at_75_octets)
{
    char value[400];
    memset(value, 'x', sizeof value - 1);
    value[sizeof value - 1] = '\0';
    sbuf b;
    sbuf_init(&b);
    ical_line(&b, "DESCRIPTION", value, true);
    cr_assert(crlf_lines_within(b.data, 75), "%s", b.data);
    /* the first line is exactly 75 octets; continuation lines start with one space */
    cr_assert(eq(int, (int)(strstr(b.data, "\r\n") - b.data), 75));
    cr_assert(eq(int, b.data[77], ' '));
    char *u = unfold(b.data);
    cr_assert(eq(int, (int)strlen(u), (int)strlen("DESCRIPTION:") + 399 + 2));
    cr_assert(has(u, value));
    free(u);
    sbuf_free(&b);
}

Test(ical, folding_never_splits_a_utf8_sequence)
{
    /* "é" is two octets: a fold at an odd offset would cut one in half */
    sbuf v;
    sbuf_init(&v);
    sbuf_adds(&v, "A");
    for (int i = 0; i < 100; i++)
        sbuf_adds(&v, "\xc3\xa9");
    sbuf b;
    sbuf_init(&b);
    ical_line(&b, "SUMMARY", v.data, true);
    cr_assert(crlf_lines_within(b.data, 75));
    cr_assert(json_utf8_valid(b.data, b.len));
    for (const char *p = b.data; (p = strstr(p, "\r\n ")); p += 3)
        cr_assert(ne(int, (unsigned char)p[3] & 0xC0, 0x80), "a line starts inside a sequence");
    char *u = unfold(b.data);
    cr_assert(has(u, v.data));
    free(u);
    sbuf_free(&b);
    sbuf_free(&v);
}

Test(ical, an_event_has_the_required_properties)
{
    sbuf b;
    sbuf_init(&b);
    ical_begin(&b, "-//assessd//test//EN", "test");
    ical_event e = {.uid = "abc@assessd",
                    .dtstamp = "2009-06-30T06:00:00Z",
                    .date = "2009-07-14",
                    .summary = "Review",
                    .description = "why",
                    .category = "review_due"};
    ical_event_write(&b, &e);
    ical_end(&b);
    const char *want[] = {"BEGIN:VCALENDAR\r\n",
                          "VERSION:2.0\r\n",
                          "PRODID:-//assessd//test//EN\r\n",
                          "BEGIN:VEVENT\r\n",
                          "UID:abc@assessd\r\n",
                          "DTSTAMP:20090630T060000Z\r\n",
                          "DTSTART;VALUE=DATE:20090714\r\n",
                          "SUMMARY:Review\r\n",
                          "END:VEVENT\r\n",
                          "END:VCALENDAR\r\n"};
    for (size_t i = 0; i < sizeof want / sizeof *want; i++)
        cr_assert(has(b.data, want[i]), "missing %s", want[i]);
    cr_assert(crlf_lines_within(b.data, 75));
    sbuf_free(&b);
}

/* ---- RFC 5322 ------------------------------------------------------------------------------ */

static char *message(const char *subject, const char *body, const mail_addr *to, size_t nto)
{
    mail_msg m = {.from = "assessd@example.org",
                  .to = to,
                  .nto = nto,
                  .subject = subject,
                  .message_id = "reminder-1@example.org",
                  .time = 1246341600, /* 2009-06-30 06:00:00 UTC, a Tuesday */
                  .body = body};
    sbuf b;
    sbuf_init(&b);
    mail_format(&b, &m);
    return sbuf_detach(&b, NULL);
}

Test(mailmsg, headers_body_and_crlf)
{
    mail_addr to[] = {{"Sam Assessor", "sam@example.org"}, {"No Address", "not an address"}};
    char *m = message("Review of Cara", "line one\nline two\n", to, 2);
    cr_assert(has(m, "Date: Tue, 30 Jun 2009 06:00:00 +0000\r\n"), "%s", m);
    cr_assert(has(m, "From: assessd@example.org\r\n"));
    cr_assert(has(m, "To: \"Sam Assessor\" <sam@example.org>\r\n"), "%s", m);
    cr_assert(not(has(m, "not an address")));
    cr_assert(has(m, "Subject: Review of Cara\r\n"));
    cr_assert(has(m, "Message-ID: <reminder-1@example.org>\r\n"));
    cr_assert(has(m, "Content-Type: text/plain; charset=UTF-8\r\n"));
    cr_assert(has(m, "\r\n\r\nline one\r\nline two\r\n"), "%s", m);
    cr_assert(crlf_lines_within(m, 78));
    free(m);
}

Test(mailmsg, no_usable_address_is_an_empty_group)
{
    char *m = message("s", "b", NULL, 0);
    cr_assert(has(m, "To: undisclosed-recipients:;\r\n"), "%s", m);
    free(m);
}

Test(mailmsg, non_ascii_header_text_is_encoded)
{
    mail_addr to[] = {{"Zoë Assessor", "zoe@example.org"}};
    char *m = message("Review of Zoë", "Zoë's review\n", to, 1);
    cr_assert(has(m, "Subject: =?UTF-8?B?"), "%s", m);
    cr_assert(has(m, "To: =?UTF-8?B?"), "%s", m);
    /* every header is ASCII; the body keeps its UTF-8 */
    const char *body = strstr(m, "\r\n\r\n");
    for (const char *p = m; p < body; p++)
        cr_assert(lt(int, (unsigned char)*p, 0x80));
    cr_assert(has(body, "Zoë's review"));
    free(m);
}

Test(mailmsg, long_subjects_fold_and_long_body_lines_wrap)
{
    char words[600] = "";
    for (int i = 0; i < 60; i++)
        strcat(words, "reminder ");
    char *m = message(words, words, NULL, 0);
    cr_assert(crlf_lines_within(m, 998));
    /* the body is wrapped at spaces well under the limit, the subject folded */
    const char *body = strstr(m, "\r\n\r\n") + 4;
    cr_assert(crlf_lines_within(body, 78), "%s", body);
    cr_assert(has(m, "Subject: reminder"));
    cr_assert(has(m, "\r\n reminder"), "%s", m);
    free(m);
}

Test(mailmsg, addresses_are_checked)
{
    cr_assert(mail_addr_ok("a@b.c"));
    cr_assert(not(mail_addr_ok("a b@c")));
    cr_assert(not(mail_addr_ok("a@b\r\nBcc: x@y")));
    cr_assert(not(mail_addr_ok("<a@b>")));
    cr_assert(not(mail_addr_ok("")));
    cr_assert(not(mail_addr_ok(NULL)));
}

/* ---- schedules ----------------------------------------------------------------------------- */

static int64_t local_ms(int y, int mo, int d, int h, int mi)
{
    struct tm tm = {.tm_year = y - 1900,
                    .tm_mon = mo - 1,
                    .tm_mday = d,
                    .tm_hour = h,
                    .tm_min = mi,
                    .tm_isdst = -1};
    return (int64_t)mktime(&tm) * 1000;
}

Test(schedule, every_runs_at_once_then_after_its_period)
{
    lh_job j = {.every_s = 3600, .daily_min = -1};
    int64_t now = local_ms(2009, 6, 30, 12, 0);
    cr_assert(eq(i64, sched_next_ms(&j, 0, now), now));
    cr_assert(eq(i64, sched_next_ms(&j, now - 60000, now), now - 60000 + 3600000));
}

Test(schedule, daily_catches_up_once_then_waits_for_the_next_day)
{
    lh_job j = {.every_s = 0, .daily_min = 6 * 60};
    int64_t at6 = local_ms(2009, 6, 30, 6, 0), now = local_ms(2009, 6, 30, 9, 0);
    /* never ran, or last ran yesterday: today's 06:00 is due */
    cr_assert(eq(i64, sched_next_ms(&j, 0, now), at6));
    cr_assert(eq(i64, sched_next_ms(&j, local_ms(2009, 6, 29, 6, 0), now), at6));
    /* ran at 06:00 today: tomorrow's */
    cr_assert(eq(i64, sched_next_ms(&j, at6, now), local_ms(2009, 7, 1, 6, 0)));
    /* before 06:00, having run yesterday: today's, still ahead */
    int64_t early = local_ms(2009, 6, 30, 5, 0);
    cr_assert(eq(i64, sched_next_ms(&j, local_ms(2009, 6, 29, 6, 1), early), at6));
}

Test(schedule, a_job_without_a_schedule_never_runs_by_itself)
{
    lh_job j = {.every_s = 0, .daily_min = -1};
    cr_assert(eq(i64, sched_next_ms(&j, 0, local_ms(2009, 6, 30, 12, 0)), INT64_MAX));
}
