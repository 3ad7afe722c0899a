/* people — roles, ULNs, trainee status and session identities. See people.h. */
#include "people.h"

#include <ctype.h>
#include <pwd.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "dates.h"
#include "rpc_params.h"

bool people_uln_valid(const char *uln)
{
    if (strlen(uln) != 10 || uln[0] == '0')
        return false;
    int sum = 0;
    for (int i = 0; i < 10; i++) {
        if (!isdigit((unsigned char)uln[i]))
            return false;
        sum += (uln[i] - '0') * (10 - i);
    }
    return sum % 11 == 10;
}

static const struct {
    const char *field;
    size_t max;
} person_texts[] = {{"name", 200}, {"os_user", 63}, {"email", 254}, {"uln", 15}};

size_t people_text_max(const char *field)
{
    for (size_t i = 0; i < sizeof person_texts / sizeof *person_texts; i++)
        if (!strcmp(person_texts[i].field, field))
            return person_texts[i].max;
    return 0;
}

bool people_text_fits(const char *value, size_t max)
{
    size_t n = strlen(value);
    return n <= max && rpc_one_line(value, n);
}

bool people_text_ok(const char *field, const char *value)
{
    return people_text_fits(value, people_text_max(field));
}

unsigned people_roles_mask(const char *roles, const char **bad)
{
    static char word[32];
    unsigned mask = 0;
    const char *p = roles;
    *bad = NULL;
    while (*p) {
        while (*p == ',' || *p == ' ')
            p++;
        size_t n = strcspn(p, ", ");
        if (!n)
            break;
        snprintf(word, sizeof word, "%.*s", (int)n, p);
        int r = auth_roles_parse(word);
        if (!r) {
            *bad = word;
            return 0;
        }
        mask |= (unsigned)r;
        p += n;
    }
    return mask;
}

static void fill(session *s, const store_person *p)
{
    const char *bad;
    s->person = p->id;
    s->roles = people_roles_mask(p->roles, &bad);
    s->centre = p->centre;
    snprintf(s->name, sizeof s->name, "%s", p->name);
}

bool people_os_administrator(const char *os_user)
{
    struct passwd pw, *res = NULL;
    char buf[1024];
    if (strcmp(os_user, "root") == 0)
        return true;
    return getpwnam_r(os_user, &pw, buf, sizeof buf, &res) == 0 && res &&
           (res->pw_uid == 0 || res->pw_uid == geteuid());
}

bool people_resolve_session(app *a, session *s)
{
    store_person p;
    if (s->logged_in) {
        int64_t still;
        return store_token_person(a->st, s->login_hash, &still) == STORE_OK &&
               still == s->login_person && people_become(a, s, s->login_person) == 0;
    }
    /* root and the daemon's own user administer everything: no person record demotes them
     * (they act as a person only through a token) */
    if (s->os_admin)
        return false;
    if (store_person_by_os_user(a->st, s->os_user, &p) != STORE_OK || *p.left_on)
        return false; /* someone who left acts no more */
    fill(s, &p);
    return true;
}

int people_become(app *a, session *s, int64_t id)
{
    store_person p;
    if (store_person_get(a->st, id, &p) != STORE_OK || *p.left_on)
        return -1;
    fill(s, &p);
    return 0;
}

bool people_qualified(app *a, int64_t person, const char *role)
{
    char today[DATE_LEN], started[11];
    date_today_str(today);
    bool q = false;
    store_award_status(a->st, person, role, today, &q, started);
    return q;
}

int people_staff_problem(const store_person *p, unsigned role, const char *what, int64_t centre,
                         const char *field, char *why, size_t n)
{
    const char *bad;
    if (!(people_roles_mask(p->roles, &bad) & role))
        snprintf(why, n, "%s: person %lld (%s) is not %s", field, (long long)p->id, p->name, what);
    else if (p->centre != centre)
        snprintf(why, n, "%s: person %lld (%s) is not of centre %lld", field, (long long)p->id,
                 p->name, (long long)centre);
    else if (*p->left_on)
        snprintf(why, n, "%s: person %lld (%s) left the centre on %s", field, (long long)p->id,
                 p->name, p->left_on);
    else
        return 0;
    return -1;
}

int people_need(rpc_call *c, app *a, int64_t id, store_person *out)
{
    int rc = store_person_get(a->st, id, out);
    if (rc == STORE_NOTFOUND) {
        jw *w = rpc_error_data(c, RPC_NOT_FOUND, NULL, "there is no person %lld", (long long)id);
        jw_kint(w, "person", id);
        return rpc_error_done(c);
    }
    if (rc != STORE_OK)
        return rpc_error(c, RPC_INTERNAL_ERROR, NULL, "cannot read person %lld: %s", (long long)id,
                         store_errmsg(a->st));
    return 0;
}

int people_need_centre(rpc_call *c, app *a, int64_t centre)
{
    char policy[16];
    int rc = store_centre_policy(a->st, centre, policy);
    if (rc == STORE_NOTFOUND) {
        jw *w =
            rpc_error_data(c, RPC_NOT_FOUND, NULL, "there is no centre %lld", (long long)centre);
        jw_kint(w, "centre", centre);
        return rpc_error_done(c);
    }
    if (rc != STORE_OK)
        return rpc_error(c, RPC_INTERNAL_ERROR, NULL, "%s", store_errmsg(a->st));
    return 0;
}

bool people_in_centre(const session *s, int64_t centre)
{
    return (s->os_admin && s->person == 0) || s->centre == centre;
}

int people_same_centre(rpc_call *c, int64_t centre)
{
    session *s = rpc_session(c);
    if (people_in_centre(s, centre))
        return 0;
    jw *w = rpc_error_data(c, RPC_FORBIDDEN, NULL,
                           "other_centre: that record belongs to centre %lld, not yours",
                           (long long)centre);
    jw_kstr(w, "rule", "other_centre");
    return rpc_error_done(c);
}

int people_countersigner(rpc_call *c, app *a, int64_t centre, int64_t author, const char *role,
                         const char *what)
{
    session *s = rpc_session(c);
    bool iv = strcmp(role, "iv") == 0;
    const char *rule = iv ? "qualified_iv" : "qualified_assessor";
    if (auth_require(c, iv ? ROLE_IV : ROLE_ASSESSOR, rule))
        return -1;
    if (s->centre != centre && people_same_centre(c, centre))
        return -1;
    if (s->person == author) {
        jw *w = rpc_error_data(c, RPC_FORBIDDEN, NULL,
                               "countersign_own: nobody countersigns their own %s", what);
        jw_kstr(w, "rule", "countersign_own");
        return rpc_error_done(c);
    }
    /* the daemon's own user acts for nobody: it has no award, so it countersigns nothing */
    if (!people_qualified(a, s->person, role)) {
        jw *w = rpc_error_data(c, RPC_FORBIDDEN, NULL,
                               "%s: only a%s holding their award countersigns a trainee's %s", rule,
                               iv ? "n internal verifier" : "n assessor", what);
        jw_kstr(w, "rule", rule);
        return rpc_error_done(c);
    }
    return 0;
}

void people_write_brief(app *a, jw *w, const char *key, int64_t id)
{
    store_person p;
    jw_key(w, key);
    if (store_person_get(a->st, id, &p) != STORE_OK) {
        jw_null(w);
        return;
    }
    jw_obj_begin(w);
    jw_kint(w, "id", p.id);
    jw_kstr(w, "name", p.name);
    if (*p.uln)
        jw_kstr(w, "uln", p.uln);
    jw_obj_end(w);
}
