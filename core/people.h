/* people — people and what follows from their records: roles, the ULN check, trainee status
 * from assessor and verifier awards, and the person a session acts for.
 *
 * Owns no state: everything is read from the store when asked.
 */
#ifndef ASSESSD_PEOPLE_H
#define ASSESSD_PEOPLE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "app.h"
#include "auth.h"
#include "rpc.h"
#include "store.h"

/* A Unique Learner Number: 10 digits, the first not 0, the sum of the digits weighted 10 down
 * to 1 leaves 10 modulo 11. */
bool people_uln_valid(const char *uln);
/* "admin,assessor" -> role mask; 0 with *bad set to the first unknown name. */
unsigned people_roles_mask(const char *roles, const char **bad);
/* Whether an OS user name is root or the daemon's own user: the OS administrators, whom no
 * person record may name. */
bool people_os_administrator(const char *os_user);
/* Fills the session from the person whose os_user it connects as (or the token's person after
 * session.login); false if none, and always for an OS administrator not logged in. */
bool people_resolve_session(app *a, session *s);
/* Makes the session act as person id. */
int people_become(app *a, session *s, int64_t id);
/* Whether the person holds an achieved award for role ("assessor" or "iv") by today. */
bool people_qualified(app *a, int64_t person, const char *role);
/* The most bytes a person's text field holds: name 200, os_user 63, email 254, uln 15 (0: not a
 * text field of a person). */
size_t people_text_max(const char *field);
/* Whether value is at most max bytes, without control characters. */
bool people_text_fits(const char *value, size_t max);
/* Whether value is fit for a person's text field: within people_text_max and without control
 * characters (they end up in reminders, mail headers and printed reports). bulk.import's
 * candidate asks it; person.create and candidate.create check people_text_max the same way. */
bool people_text_ok(const char *field, const char *value);
/* Whether person p may be named in field (e.g. "assessor") of a record of centre: holding role
 * (what: "an assessor"), of the centre, not left. 0 when they may; else -1 with why (n bytes)
 * saying why not, naming field. registration.create and bulk.import both ask it. */
int people_staff_problem(const store_person *p, unsigned role, const char *what, int64_t centre,
                         const char *field, char *why, size_t n);
/* Loads a person or fails the call with 1001. */
int people_need(rpc_call *c, app *a, int64_t id, store_person *out);
/* Fails the call with 1001 (data.centre) when there is no such centre. */
int people_need_centre(rpc_call *c, app *a, int64_t centre);
/* Whether session s acts on records of this centre: the OS administrator (acting as themself)
 * on every centre's, anyone else on their own centre's. */
bool people_in_centre(const session *s, int64_t centre);
/* May the caller act on records of this centre? OS administrators everywhere; others in their
 * own centre. Fails the call with 1002 when not. */
int people_same_centre(rpc_call *c, int64_t centre);
/* May the caller countersign a trainee's work (what: "decisions", "sign-off", "sample") done by
 * author in centre? Only a person of that centre holding their award for role ("assessor" or
 * "iv"), never the author. Fails the call with 1002 naming the rule (qualified_assessor,
 * qualified_iv, other_centre, countersign_own) when not. */
int people_countersigner(rpc_call *c, app *a, int64_t centre, int64_t author, const char *role,
                         const char *what);
/* Writes key: {id, name, uln?} for the person, or null when there is none. */
void people_write_brief(app *a, jw *w, const char *key, int64_t id);

#endif
