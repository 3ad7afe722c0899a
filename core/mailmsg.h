/* mailmsg — RFC 5322 messages, for the reminder command (deliver.c).
 *
 * Writes a complete message: Date, From, To, Subject, Message-ID and MIME headers, then a
 * blank line and a UTF-8 text body, every line ending in CRLF. Header text that is not
 * printable ASCII becomes RFC 2047 encoded-words; long header lines are folded and body lines
 * wrapped well under the 998-octet limit. Owns no state.
 */
#ifndef ASSESSD_MAILMSG_H
#define ASSESSD_MAILMSG_H

#include <stddef.h>
#include <stdint.h>

#include "sbuf.h"

typedef struct mail_addr {
    const char *name; /* display name, UTF-8; may be NULL */
    const char *email;
} mail_addr;

typedef struct mail_msg {
    const char *from; /* an addr-spec or "Name <addr-spec>", used as given */
    const mail_addr *to;
    size_t nto;
    const char *to_fallback;  /* the To: when no address is usable; NULL or "": a group */
    const char *subject;      /* UTF-8 */
    const char *message_id;   /* without the angle brackets */
    int64_t time;             /* seconds since the epoch */
    const char *body;         /* UTF-8 text, '\n' line ends */
    const char *const *extra; /* NULL-terminated header lines "Name: value" (ASCII), or NULL */
} mail_msg;

void mail_format(sbuf *out, const mail_msg *m);
/* The RFC 5322 date-time of t, in UTC: "Tue, 30 Jun 2009 06:00:00 +0000". */
void mail_date(int64_t t, char out[40]);
/* Whether s is a plain addr-spec we are willing to put in a header (local@domain, no spaces,
 * brackets or line breaks). */
int mail_addr_ok(const char *s);

#endif
