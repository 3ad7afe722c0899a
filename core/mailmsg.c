/* mailmsg — RFC 5322 / RFC 2047 message text. See mailmsg.h. */
#include "mailmsg.h"

#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#define LINE_MAX_SOFT 76 /* body lines are wrapped here (RFC 5322 §2.1.1 asks for 78) */

static bool printable_ascii(const char *s)
{
    for (; *s; s++)
        if ((unsigned char)*s < 0x20 || (unsigned char)*s > 0x7e)
            return false;
    return true;
}

static void base64(sbuf *out, const unsigned char *p, size_t n)
{
    static const char tab[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    for (size_t i = 0; i < n; i += 3) {
        unsigned v = (unsigned)p[i] << 16;
        if (i + 1 < n)
            v |= (unsigned)p[i + 1] << 8;
        if (i + 2 < n)
            v |= p[i + 2];
        sbuf_addc(out, tab[(v >> 18) & 63]);
        sbuf_addc(out, tab[(v >> 12) & 63]);
        sbuf_addc(out, i + 1 < n ? tab[(v >> 6) & 63] : '=');
        sbuf_addc(out, i + 2 < n ? tab[v & 63] : '=');
    }
}

/* RFC 2047 encoded-words of at most 45 octets of text each (75 characters encoded), cut on
 * UTF-8 boundaries and separated by folding white space. */
static void encoded_words(sbuf *out, const char *s)
{
    size_t n = strlen(s), i = 0;
    bool first = true;
    while (i < n) {
        size_t take = n - i > 45 ? 45 : n - i;
        while (i + take < n && take > 0 && ((unsigned char)s[i + take] & 0xC0) == 0x80)
            take--;
        if (!first)
            sbuf_adds(out, "\r\n ");
        first = false;
        sbuf_adds(out, "=?UTF-8?B?");
        base64(out, (const unsigned char *)s + i, take);
        sbuf_adds(out, "?=");
        i += take;
    }
}

/* Unstructured header text: as is (folded at spaces) when printable ASCII, else encoded. */
static void header_text(sbuf *out, const char *name, const char *value)
{
    sbuf_printf(out, "%s: ", name);
    if (!printable_ascii(value)) {
        encoded_words(out, value);
        sbuf_adds(out, "\r\n");
        return;
    }
    size_t col = strlen(name) + 2;
    const char *p = value;
    while (*p) {
        const char *sp = strchr(p + 1, ' ');
        size_t word = sp ? (size_t)(sp - p) : strlen(p);
        if (col + word > 78 && col > strlen(name) + 2 && *p == ' ') {
            sbuf_adds(out, "\r\n"); /* fold before the space: it starts the next line */
            col = 0;
        }
        sbuf_add(out, p, word);
        col += word;
        p += word;
    }
    sbuf_adds(out, "\r\n");
}

int mail_addr_ok(const char *s)
{
    const char *at = s ? strchr(s, '@') : NULL;
    if (!at || at == s || !at[1] || strchr(at + 1, '@') || strlen(s) > 254)
        return 0;
    for (const char *p = s; *p; p++)
        if ((unsigned char)*p <= 0x20 || (unsigned char)*p >= 0x7f || strchr("<>()[],;:\\\"", *p))
            return 0;
    return 1;
}

/* A display name: a quoted-string when printable ASCII, else encoded-words. */
static void display_name(sbuf *out, const char *name)
{
    if (!printable_ascii(name)) {
        encoded_words(out, name);
        return;
    }
    sbuf_addc(out, '"');
    for (const char *p = name; *p; p++) {
        if (*p == '"' || *p == '\\')
            sbuf_addc(out, '\\');
        sbuf_addc(out, *p);
    }
    sbuf_addc(out, '"');
}

void mail_date(int64_t t, char out[40])
{
    static const char *const days[] = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
    static const char *const months[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                         "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
    time_t tt = (time_t)t;
    struct tm tm;
    gmtime_r(&tt, &tm);
    snprintf(out, 40, "%s, %02d %s %04d %02d:%02d:%02d +0000", days[tm.tm_wday], tm.tm_mday,
             months[tm.tm_mon], tm.tm_year + 1900, tm.tm_hour, tm.tm_min, tm.tm_sec);
}

/* One body line, wrapped at spaces near LINE_MAX_SOFT octets (a longer word is cut at 998). */
static void body_line(sbuf *out, const char *p, size_t n)
{
    if (n == 1 && *p == '.') {
        sbuf_adds(out, ". \r\n"); /* a lone dot ends the input of some mailers */
        return;
    }
    while (n > LINE_MAX_SOFT) {
        size_t cut = LINE_MAX_SOFT;
        while (cut > 0 && p[cut] != ' ')
            cut--;
        if (cut == 0) {
            /* a long word: end the line at the next space, or cut it at 998 octets */
            size_t max = n > 998 ? 998 : n;
            cut = LINE_MAX_SOFT;
            while (cut < max && p[cut] != ' ')
                cut++;
            if (cut == n)
                break;
            if (p[cut] != ' ')
                while (cut > 1 && ((unsigned char)p[cut] & 0xC0) == 0x80)
                    cut--;
        }
        sbuf_add(out, p, cut);
        sbuf_adds(out, "\r\n");
        p += cut;
        n -= cut;
        while (n && *p == ' ')
            p++, n--;
    }
    sbuf_add(out, p, n);
    sbuf_adds(out, "\r\n");
}

void mail_format(sbuf *out, const mail_msg *m)
{
    char date[40];
    mail_date(m->time, date);
    sbuf_printf(out, "Date: %s\r\n", date);
    sbuf_printf(out, "From: %s\r\n", m->from);
    sbuf_adds(out, "To: ");
    size_t used = 0;
    for (size_t i = 0; i < m->nto; i++) {
        if (!mail_addr_ok(m->to[i].email))
            continue;
        if (used++)
            sbuf_adds(out, ",\r\n ");
        if (m->to[i].name && *m->to[i].name) {
            display_name(out, m->to[i].name);
            sbuf_addc(out, ' ');
        }
        sbuf_printf(out, "<%s>", m->to[i].email);
    }
    if (!used)
        sbuf_adds(out,
                  m->to_fallback && *m->to_fallback ? m->to_fallback : "undisclosed-recipients:;");
    sbuf_adds(out, "\r\n");
    header_text(out, "Subject", m->subject);
    sbuf_printf(out, "Message-ID: <%s>\r\n", m->message_id);
    sbuf_adds(out, "MIME-Version: 1.0\r\n"
                   "Content-Type: text/plain; charset=UTF-8\r\n"
                   "Content-Transfer-Encoding: 8bit\r\n"
                   "Auto-Submitted: auto-generated\r\n");
    for (const char *const *x = m->extra; x && *x; x++)
        sbuf_printf(out, "%s\r\n", *x);
    sbuf_adds(out, "\r\n");
    const char *p = m->body;
    while (*p) {
        const char *nl = strchr(p, '\n');
        size_t n = nl ? (size_t)(nl - p) : strlen(p);
        if (n && p[n - 1] == '\r')
            n--;
        body_line(out, p, n);
        p += nl ? (size_t)(nl - p) + 1 : strlen(p);
    }
}
