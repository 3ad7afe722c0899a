/* ical — RFC 5545 content lines, folding and escaping. See ical.h. */
#include "ical.h"

#include <string.h>

#define FOLD_AT 75 /* octets per line, not counting the CRLF (RFC 5545 §3.1) */

/* Appends the logical line in line[0..n) folded at 75 octets, then CRLF. */
static void fold(sbuf *out, const char *line, size_t n)
{
    size_t room = FOLD_AT, i = 0;
    while (n - i > room) {
        size_t cut = i + room;
        /* never split a UTF-8 sequence: back off over continuation bytes */
        while (cut > i && ((unsigned char)line[cut] & 0xC0) == 0x80)
            cut--;
        sbuf_add(out, line + i, cut - i);
        sbuf_adds(out, "\r\n ");
        i = cut;
        room = FOLD_AT - 1; /* the leading space counts */
    }
    sbuf_add(out, line + i, n - i);
    sbuf_adds(out, "\r\n");
}

static void escape_text(sbuf *b, const char *s)
{
    for (; *s; s++) {
        switch (*s) {
        case '\\':
        case ';':
        case ',':
            sbuf_addc(b, '\\');
            sbuf_addc(b, *s);
            break;
        case '\n':
            sbuf_adds(b, "\\n");
            break;
        case '\r':
            break;
        default:
            /* other control characters are not allowed in a TEXT value */
            sbuf_addc(b, (unsigned char)*s < 0x20 || *s == 0x7f ? ' ' : *s);
        }
    }
}

void ical_line(sbuf *out, const char *name, const char *value, bool text)
{
    sbuf line;
    sbuf_init(&line);
    sbuf_adds(&line, name);
    sbuf_addc(&line, ':');
    if (text)
        escape_text(&line, value);
    else
        sbuf_adds(&line, value);
    fold(out, line.data, line.len);
    sbuf_free(&line);
}

/* "YYYY-MM-DDTHH:MM:SSZ" -> "YYYYMMDDTHHMMSSZ"; "YYYY-MM-DD" -> "YYYYMMDD" */
static void basic_format(const char *iso, char *out, size_t n)
{
    size_t j = 0;
    for (size_t i = 0; iso[i] && j + 1 < n; i++)
        if (iso[i] != '-' && iso[i] != ':')
            out[j++] = iso[i];
    out[j] = '\0';
}

void ical_begin(sbuf *out, const char *prodid, const char *name)
{
    ical_line(out, "BEGIN", "VCALENDAR", false);
    ical_line(out, "VERSION", "2.0", false);
    ical_line(out, "PRODID", prodid, false);
    ical_line(out, "CALSCALE", "GREGORIAN", false);
    ical_line(out, "METHOD", "PUBLISH", false);
    if (name)
        ical_line(out, "X-WR-CALNAME", name, true);
}

void ical_event_write(sbuf *out, const ical_event *e)
{
    char stamp[24], date[16];
    basic_format(e->dtstamp, stamp, sizeof stamp);
    basic_format(e->date, date, sizeof date);
    ical_line(out, "BEGIN", "VEVENT", false);
    ical_line(out, "UID", e->uid, false);
    ical_line(out, "DTSTAMP", stamp, false);
    ical_line(out, "DTSTART;VALUE=DATE", date, false);
    ical_line(out, "SUMMARY", e->summary, true);
    if (e->description)
        ical_line(out, "DESCRIPTION", e->description, true);
    if (e->category)
        ical_line(out, "CATEGORIES", e->category, true);
    ical_line(out, "TRANSP", "TRANSPARENT", false);
    ical_line(out, "END", "VEVENT", false);
}

void ical_end(sbuf *out)
{
    ical_line(out, "END", "VCALENDAR", false);
}
