/* ical — iCalendar (RFC 5545) text for the reminders feed.
 *
 * Writes content lines as the RFC asks: every line ends in CRLF, lines longer than 75 octets
 * are folded (CRLF followed by one space) without splitting a UTF-8 sequence, and TEXT values
 * escape backslash, semicolon, comma and newlines. Owns no state; the caller owns the buffer.
 */
#ifndef ASSESSD_ICAL_H
#define ASSESSD_ICAL_H

#include <stdbool.h>

#include "sbuf.h"

/* One content line "name:value", folded; value escaped as TEXT when text is true. name may
 * carry parameters ("DTSTART;VALUE=DATE"). */
void ical_line(sbuf *out, const char *name, const char *value, bool text);

typedef struct ical_event {
    const char *uid;     /* stable: the same reminder keeps its UID */
    const char *dtstamp; /* "YYYY-MM-DDTHH:MM:SSZ" */
    const char *date;    /* "YYYY-MM-DD": an all-day event */
    const char *summary;
    const char *description; /* may be NULL */
    const char *category;    /* may be NULL */
} ical_event;

/* BEGIN:VCALENDAR with VERSION, PRODID, CALSCALE and the calendar's name. */
void ical_begin(sbuf *out, const char *prodid, const char *name);
void ical_event_write(sbuf *out, const ical_event *e);
void ical_end(sbuf *out);

#endif
