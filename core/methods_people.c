/* methods_people — centres, people, candidates, tokens and sessions. */
#include <string.h>

#include "app.h"
#include "auth.h"
#include "dates.h"
#include "dispatch.h"
#include "methods.h"
#include "people.h"
#include "sha256.h"

#include <stdio.h>
#include <sys/random.h>

/* A text parameter as given (absent: fine): within what its record keeps (max bytes: nothing
 * is cut short in silence) and without control characters (they end up in reminders, mail
 * headers and printed reports). */
static int text_ok(rpc_call *c, const char *field, size_t max)
{
    const char *v = rpc_str(c, field);
    if (v && !people_text_fits(v, max))
        return rpc_error_field(c, field,
                               "%s must be at most %zu bytes, without control characters (tabs, "
                               "line breaks)",
                               field, max);
    return 0;
}

static int person_texts(rpc_call *c)
{
    static const char *const fields[] = {"name", "os_user", "email", "uln"};
    for (size_t i = 0; i < sizeof fields / sizeof *fields; i++)
        if (text_ok(c, fields[i], people_text_max(fields[i])))
            return -1;
    return 0;
}

static int m_centre_create(rpc_call *c)
{
    if (auth_require(c, ROLE_ADMIN, "admin_only") != 0)
        return -1;
    app *a = rpc_call_method(c)->udata;
    const char *number = rpc_str(c, "number");
    const char *name = rpc_str(c, "name");
    if (text_ok(c, "number", 31) || text_ok(c, "name", 200))
        return -1;
    char at[21];
    time_now_iso(at);
    int64_t id;
    int rc = store_centre_insert(a->st, number, name, at, &id);
    if (rc == STORE_CONFLICT)
        return rpc_error(c, RPC_CONFLICT, NULL, "a centre numbered '%s' already exists", number);
    if (rc != STORE_OK)
        return rpc_error(c, RPC_INTERNAL_ERROR, NULL, "cannot store the centre: %s",
                         store_errmsg(a->st));
    dispatch_set_record(c, "centre", id);
    jw *w = rpc_result(c);
    jw_obj_begin(w);
    jw_kint(w, "id", id);
    jw_obj_end(w);
    return 0;
}

static int m_centre_list(rpc_call *c)
{
    app *a = rpc_call_method(c)->udata;
    if (store_centres_json(a->st, rpc_result(c)) != STORE_OK)
        return rpc_error(c, RPC_INTERNAL_ERROR, NULL, "%s", store_errmsg(a->st));
    return 0;
}

static int m_centre_policy(rpc_call *c)
{
    app *a = rpc_call_method(c)->udata;
    int64_t centre = rpc_int(c, "centre", 0);
    const char *policy = rpc_str(c, "assessor_policy");
    if (auth_require(c, ROLE_ADMIN, "admin_only") || people_need_centre(c, a, centre) ||
        people_same_centre(c, centre))
        return -1;
    if (strcmp(policy, "own") && strcmp(policy, "any"))
        return rpc_error_field(c, "assessor_policy",
                               "assessor_policy is 'own' (assessors act on the registrations they "
                               "assess) or 'any' (on every registration of the centre)");
    if (store_centre_set_policy(a->st, centre, policy) != STORE_OK)
        return rpc_error(c, RPC_INTERNAL_ERROR, NULL, "%s", store_errmsg(a->st));
    dispatch_set_record(c, "centre", centre);
    jw *w = rpc_result(c);
    jw_obj_begin(w);
    jw_kint(w, "id", centre);
    jw_kstr(w, "assessor_policy", policy);
    jw_obj_end(w);
    return 0;
}

/* Checks and stores the awards of a new person (or one more award). A refusal names field, the
 * parameter holding the awards; NULL: each award's members are the parameters themselves. */
static int add_awards(rpc_call *c, app *a, int64_t person, const json_value *awards,
                      const char *field)
{
    char at[21];
    time_now_iso(at);
    for (size_t i = 0; awards && i < awards->len; i++) {
        const json_value *aw = awards->u.items[i];
        const json_value *code = json_get(aw, "code"), *role = json_get(aw, "role");
        const json_value *st = json_get(aw, "started_on"), *ach = json_get(aw, "achieved_on");
        if (aw->type != JSON_OBJECT || !code || code->type != JSON_STRING)
            return rpc_error_field(c, field ? field : "code",
                                   "awards[%zu] needs a code (e.g. A1, V1)", i);
        for (size_t k = 0; field && k < aw->len; k++) {
            const char *key = aw->u.members[k].key;
            if (strcmp(key, "code") && strcmp(key, "role") && strcmp(key, "started_on") &&
                strcmp(key, "achieved_on"))
                return rpc_error_field(c, field,
                                       "awards[%zu] (%s) has no member '%.64s': an award is "
                                       "{code, role?, started_on?, achieved_on?}",
                                       i, code->u.str, key);
        }
        if (role && role->type != JSON_STRING)
            return rpc_error_field(c, field ? field : "role",
                                   "awards[%zu] (%s): role must be assessor, iv or ev", i,
                                   code->u.str);
        const char *r = role ? role->u.str : NULL;
        if (!r && !strcmp(code->u.str, "A1"))
            r = "assessor";
        if (!r && !strcmp(code->u.str, "V1"))
            r = "iv";
        if (!r || (strcmp(r, "assessor") && strcmp(r, "iv") && strcmp(r, "ev")))
            return rpc_error_field(c, field ? field : "role",
                                   "awards[%zu] (%s): role must be assessor, iv or ev", i,
                                   code->u.str);
        int64_t d;
        const char *started = st ? st->u.str : NULL, *achieved = ach ? ach->u.str : NULL;
        const char *bad_date =
            st && (st->type != JSON_STRING || !date_parse(started, &d))      ? "started_on"
            : ach && (ach->type != JSON_STRING || !date_parse(achieved, &d)) ? "achieved_on"
                                                                             : NULL;
        if (bad_date)
            return rpc_error_field(c, field ? field : bad_date,
                                   "awards[%zu] (%s): dates are YYYY-MM-DD", i, code->u.str);
        if (!started && !achieved)
            return rpc_error_field(c, field ? field : "achieved_on",
                                   "awards[%zu] (%s): give achieved_on, or started_on for an award "
                                   "still being worked towards",
                                   i, code->u.str);
        /* like every record's, an award's dates are not after today */
        char today[DATE_LEN];
        date_today_str(today);
        const char *late = started && strcmp(started, today) > 0     ? "started_on"
                           : achieved && strcmp(achieved, today) > 0 ? "achieved_on"
                                                                     : NULL;
        if (late)
            return rpc_error_field(c, field ? field : late,
                                   "awards[%zu] (%s): %s %s is after today (%s)", i, code->u.str,
                                   late, !strcmp(late, "started_on") ? started : achieved, today);
        if (started && achieved && strcmp(started, achieved) > 0)
            return rpc_error_field(c, field ? field : "started_on",
                                   "awards[%zu] (%s): started_on %s is after achieved_on %s", i,
                                   code->u.str, started, achieved);
        if (store_award_insert(a->st, person, code->u.str, r, started, achieved, at) != STORE_OK)
            return rpc_error(c, RPC_INTERNAL_ERROR, NULL, "%s", store_errmsg(a->st));
    }
    return 0;
}

static int create_person(rpc_call *c, app *a, store_person *p, const json_value *awards)
{
    if (*p->os_user && people_os_administrator(p->os_user)) {
        jw *w = rpc_error_data(c, RPC_INVALID_PARAMS, NULL,
                               "os_user '%s' is an OS administrator of this daemon (root or its "
                               "own user), who administers every centre and cannot be a "
                               "person's login: give the person an OS user of their own, or "
                               "a token (person.token)",
                               p->os_user);
        jw_kstr(w, "field", "os_user");
        return rpc_error_done(c);
    }
    char at[21];
    time_now_iso(at);
    int64_t id;
    int rc = store_person_insert(a->st, p, at, &id);
    if (rc == STORE_CONFLICT)
        return rpc_error(c, RPC_CONFLICT, NULL, "OS user '%s' already belongs to a person",
                         p->os_user);
    if (rc != STORE_OK)
        return rpc_error(c, RPC_INTERNAL_ERROR, NULL, "%s", store_errmsg(a->st));
    if (add_awards(c, a, id, awards, "awards") != 0)
        return -1;
    a->people_generation++;
    dispatch_set_record(c, "person", id);
    jw *w = rpc_result(c);
    jw_obj_begin(w);
    jw_kint(w, "id", id);
    jw_obj_end(w);
    return 0;
}

static void copy_opt(char *dst, size_t n, const char *src)
{
    snprintf(dst, n, "%s", src ? src : "");
}

static int m_person_create(rpc_call *c)
{
    app *a = rpc_call_method(c)->udata;
    store_person p = {.centre = rpc_int(c, "centre", 0)};
    if (auth_require(c, ROLE_ADMIN, "admin_only") || people_need_centre(c, a, p.centre) ||
        people_same_centre(c, p.centre))
        return -1;
    const json_value *roles = rpc_arg(c, "roles");
    sbuf r;
    sbuf_init(&r);
    unsigned seen = 0;
    for (size_t i = 0; i < roles->len; i++) {
        const json_value *x = roles->u.items[i];
        unsigned role = x->type == JSON_STRING ? (unsigned)auth_roles_parse(x->u.str) : 0;
        if (!role) {
            sbuf_free(&r);
            return rpc_error_field(c, "roles",
                                   "roles[%zu] must be one of admin, assessor, iv, ev, trainer, "
                                   "candidate",
                                   i);
        }
        if (!(seen & role)) /* a role named again is held once */
            sbuf_printf(&r, "%s%s", seen ? "," : "", x->u.str);
        seen |= role;
    }
    if (!roles->len) {
        sbuf_free(&r);
        return rpc_error_field(c, "roles", "a person needs at least one role");
    }
    const char *bad;
    unsigned mask = people_roles_mask(r.data, &bad);
    if ((mask & ROLE_EV) && mask != ROLE_EV) {
        sbuf_free(&r);
        return rpc_error_field(c, "roles",
                               "roles: an external verifier is appointed by the awarding body and "
                               "only inspects, so 'ev' takes no other role (a centre role needs a "
                               "person record of its own)");
    }
    copy_opt(p.roles, sizeof p.roles, r.data);
    sbuf_free(&r);
    /* an EV reads every centre's records: no centre may appoint its own */
    if ((mask & ROLE_EV) &&
        auth_require_os_admin(c, "an external verifier reads every centre's records and is "
                                 "appointed by the awarding body, not by a centre"))
        return -1;
    if (person_texts(c))
        return -1;
    copy_opt(p.name, sizeof p.name, rpc_str(c, "name"));
    copy_opt(p.os_user, sizeof p.os_user, rpc_str(c, "os_user"));
    copy_opt(p.email, sizeof p.email, rpc_str(c, "email"));
    if (!*p.name)
        return rpc_error_field(c, "name", "name must not be empty");
    return create_person(c, a, &p, rpc_arg(c, "awards"));
}

static int m_candidate_create(rpc_call *c)
{
    app *a = rpc_call_method(c)->udata;
    session *s = rpc_session(c);
    if (auth_require(c, ROLE_ADMIN, "admin_only"))
        return -1;
    store_person p = {.centre = rpc_int(c, "centre", s->centre)};
    if (!p.centre)
        return rpc_error_field(c, "centre", "name the centre: you do not belong to one");
    if (people_need_centre(c, a, p.centre) || people_same_centre(c, p.centre))
        return -1;
    if (person_texts(c))
        return -1;
    copy_opt(p.name, sizeof p.name, rpc_str(c, "name"));
    copy_opt(p.roles, sizeof p.roles, "candidate");
    copy_opt(p.os_user, sizeof p.os_user, rpc_str(c, "os_user"));
    copy_opt(p.email, sizeof p.email, rpc_str(c, "email"));
    copy_opt(p.uln, sizeof p.uln, rpc_str(c, "uln"));
    if (!*p.name)
        return rpc_error_field(c, "name", "name must not be empty");
    if (*p.uln && !people_uln_valid(p.uln)) {
        jw *w = rpc_error_data(c, RPC_INVALID_PARAMS, NULL,
                               "ULN '%s' is not valid: a ULN is 10 digits, not starting with 0, "
                               "and its check digit must agree",
                               p.uln);
        jw_kstr(w, "field", "uln");
        return rpc_error_done(c);
    }
    int64_t twin;
    int rc = *p.uln ? store_person_by_uln(a->st, p.centre, p.uln, &twin) : STORE_NOTFOUND;
    if (rc == STORE_OK) {
        /* one learner, one record: a second would split their evidence and claims */
        jw *w = rpc_error_data(c, RPC_CONFLICT, NULL,
                               "ULN %s is already candidate %lld's at centre %lld: a ULN names "
                               "one learner, who has one record at the centre",
                               p.uln, (long long)twin, (long long)p.centre);
        jw_kint(w, "person", twin);
        jw_kstr(w, "field", "uln");
        return rpc_error_done(c);
    }
    if (rc != STORE_NOTFOUND)
        return rpc_error(c, RPC_INTERNAL_ERROR, NULL, "%s", store_errmsg(a->st));
    return create_person(c, a, &p, NULL);
}

static int m_person_get(rpc_call *c)
{
    app *a = rpc_call_method(c)->udata;
    session *s = rpc_session(c);
    store_person p;
    if (people_need(c, a, rpc_int(c, "person", 0), &p))
        return -1;
    if (p.id != s->person && !auth_has(s, ROLE_ADMIN | ROLE_ASSESSOR | ROLE_IV | ROLE_EV))
        return auth_require(c, ROLE_ADMIN | ROLE_ASSESSOR | ROLE_IV | ROLE_EV, "staff_only");
    if (!auth_has(s, ROLE_EV) && p.centre && people_same_centre(c, p.centre))
        return -1;
    if (store_person_json(a->st, p.id, rpc_result(c)) != STORE_OK)
        return rpc_error(c, RPC_INTERNAL_ERROR, NULL, "%s", store_errmsg(a->st));
    return 0;
}

static int m_person_list(rpc_call *c)
{
    app *a = rpc_call_method(c)->udata;
    session *s = rpc_session(c);
    if (auth_require(c, ROLE_ADMIN | ROLE_ASSESSOR | ROLE_IV | ROLE_EV, "staff_only"))
        return -1;
    int64_t centre = rpc_int(c, "centre", s->centre);
    if (centre && !auth_has(s, ROLE_EV) && people_same_centre(c, centre))
        return -1;
    /* a role, not a pattern: the store matches it with LIKE */
    const char *role = rpc_str(c, "role");
    if (role && !auth_roles_parse(role))
        return rpc_error_field(c, "role",
                               "role must be one of admin, assessor, iv, ev, trainer, candidate");
    if (store_people_json(a->st, centre, role, rpc_result(c)) != STORE_OK)
        return rpc_error(c, RPC_INTERNAL_ERROR, NULL, "%s", store_errmsg(a->st));
    return 0;
}

static int m_person_award(rpc_call *c)
{
    app *a = rpc_call_method(c)->udata;
    store_person p;
    if (auth_require(c, ROLE_ADMIN, "admin_only") ||
        people_need(c, a, rpc_int(c, "person", 0), &p) || people_same_centre(c, p.centre))
        return -1;
    /* one award, given as the parameters themselves */
    if (add_awards(c, a, p.id,
                   &(json_value){.type = JSON_ARRAY,
                                 .len = 1,
                                 .u.items = (json_value *[]){(json_value *)rpc_params(c)}},
                   NULL))
        return -1;
    a->people_generation++;
    dispatch_set_record(c, "person", p.id);
    jw *w = rpc_result(c);
    if (store_person_json(a->st, p.id, w) != STORE_OK)
        return rpc_error(c, RPC_INTERNAL_ERROR, NULL, "%s", store_errmsg(a->st));
    return 0;
}

static int m_person_token(rpc_call *c)
{
    app *a = rpc_call_method(c)->udata;
    store_person p;
    if (auth_require(c, ROLE_ADMIN, "admin_only") ||
        people_need(c, a, rpc_int(c, "person", 0), &p) || people_same_centre(c, p.centre))
        return -1;
    if (*p.left_on)
        return rpc_error(c, RPC_CONFLICT, NULL, "person %lld (%s) left on %s: they get no token",
                         (long long)p.id, p.name, p.left_on);
    unsigned char raw[24];
    if (getrandom(raw, sizeof raw, 0) != (ssize_t)sizeof raw)
        return rpc_error(c, RPC_INTERNAL_ERROR, NULL, "no randomness for a token");
    char token[2 * sizeof raw + 1], hash[65], at[21];
    for (size_t i = 0; i < sizeof raw; i++)
        snprintf(token + 2 * i, 3, "%02x", raw[i]);
    sha256_hex(token, strlen(token), hash);
    time_now_iso(at);
    if (store_token_insert(a->st, hash, p.id, at) != STORE_OK)
        return rpc_error(c, RPC_INTERNAL_ERROR, NULL, "%s", store_errmsg(a->st));
    dispatch_set_record(c, "person", p.id);
    jw *w = rpc_result(c);
    jw_obj_begin(w);
    jw_kint(w, "person", p.id);
    jw_kstr(w, "token", token); /* shown once; only its hash is kept */
    jw_obj_end(w);
    return 0;
}

/* The person named, for a centre administrator of theirs (or the OS administrator) to act on. */
static int staff_change(rpc_call *c, app *a, store_person *p)
{
    return auth_require(c, ROLE_ADMIN, "admin_only") ||
           people_need(c, a, rpc_int(c, "person", 0), p) || people_same_centre(c, p->centre);
}

static int m_person_leave(rpc_call *c)
{
    app *a = rpc_call_method(c)->udata;
    session *s = rpc_session(c);
    store_person p;
    if (staff_change(c, a, &p))
        return -1;
    const char *date = rpc_str(c, "date");
    char today[DATE_LEN], at[21];
    date_today_str(today);
    if (strcmp(date, today) > 0)
        return rpc_error_field(c, "date", "the date %s is after today (%s)", date, today);
    if (p.id == s->person)
        return rpc_error(c, RPC_CONFLICT, NULL,
                         "you are person %lld: another administrator records that you left",
                         (long long)p.id);
    time_now_iso(at);
    int rc = store_person_leave(a->st, p.id, date, at);
    if (rc == STORE_CONFLICT)
        return rpc_error(c, RPC_CONFLICT, NULL, "person %lld (%s) left on %s already",
                         (long long)p.id, p.name, p.left_on);
    if (rc != STORE_OK)
        return rpc_error(c, RPC_INTERNAL_ERROR, NULL, "%s", store_errmsg(a->st));
    a->people_generation++; /* every session of theirs looks them up again, and is refused */
    dispatch_set_record(c, "person", p.id);
    jw *w = rpc_result(c);
    jw_obj_begin(w);
    jw_kint(w, "person", p.id);
    jw_kstr(w, "left_on", date);
    jw_obj_end(w);
    return 0;
}

static int m_person_revoke_tokens(rpc_call *c)
{
    app *a = rpc_call_method(c)->udata;
    store_person p;
    if (staff_change(c, a, &p))
        return -1;
    char at[21];
    time_now_iso(at);
    int64_t n;
    if (store_tokens_revoke(a->st, p.id, at, &n) != STORE_OK)
        return rpc_error(c, RPC_INTERNAL_ERROR, NULL, "%s", store_errmsg(a->st));
    a->people_generation++; /* sessions logged in with them look the token's person up again */
    dispatch_set_record(c, "person", p.id);
    jw *w = rpc_result(c);
    jw_obj_begin(w);
    jw_kint(w, "person", p.id);
    jw_kint(w, "revoked", n);
    jw_obj_end(w);
    return 0;
}

static int m_session_login(rpc_call *c)
{
    app *a = rpc_call_method(c)->udata;
    session *s = rpc_session(c);
    const char *token = rpc_str(c, "token");
    char hash[65];
    sha256_hex(token, strlen(token), hash);
    int64_t person;
    if (store_token_person(a->st, hash, &person) != STORE_OK)
        return rpc_error(c, RPC_UNAUTHENTICATED, NULL, "that token is not known, or was revoked");
    s->logged_in = true;
    s->login_person = person;
    snprintf(s->login_hash, sizeof s->login_hash, "%s", hash);
    s->resolved = false;
    auth_known(s);
    auth_write_identity(rpc_result(c), s);
    return 0;
}

void methods_stats_extra(app *a, jw *w)
{
    store_counts n;
    store_get_counts(a->st, &n);
    jw_key(w, "records");
    jw_obj_begin(w);
    jw_kint(w, "centres", n.centres);
    jw_kint(w, "people", n.people);
    jw_kint(w, "registrations", n.registrations);
    jw_kint(w, "evidence", n.evidence);
    jw_kint(w, "decisions", n.decisions);
    jw_kint(w, "audit_entries", n.audit);
    jw_obj_end(w);
}

static const rpc_param none[] = {RPC_PARAM_END};
static const rpc_param centre_policy[] = {
    {"centre", P_ID, true, "the centre"},
    {"assessor_policy", P_STRING, true, "own or any"},
    RPC_PARAM_END,
};
static const rpc_param person_create[] = {
    {"name", P_STRING, true, "full name"},
    {"roles", P_ARRAY, true, "admin, assessor, iv, ev, trainer, candidate"},
    {"centre", P_ID, true, "the centre"},
    {"os_user", P_STRING, false, "the OS user this person connects as"},
    {"email", P_STRING, false, "email address"},
    {"awards", P_ARRAY, false, "[{code, role?, started_on?, achieved_on?}], e.g. A1, V1"},
    RPC_PARAM_END,
};
static const rpc_param candidate_create[] = {
    {"name", P_STRING, true, "full name"},
    {"uln", P_STRING, false, "Unique Learner Number (10 digits)"},
    {"email", P_STRING, false, "email address"},
    {"os_user", P_STRING, false, "the OS user the candidate connects as"},
    {"centre", P_ID, false, "the centre (default: yours)"},
    RPC_PARAM_END,
};
static const rpc_param person_id[] = {{"person", P_ID, true, "the person"}, RPC_PARAM_END};
static const rpc_param person_list[] = {{"centre", P_ID, false, "the centre (default: yours)"},
                                        {"role", P_STRING, false, "only people with this role"},
                                        RPC_PARAM_END};
static const rpc_param person_award[] = {
    {"person", P_ID, true, "the person"},
    {"code", P_STRING, true, "the award (A1, V1, ...)"},
    {"role", P_STRING, false, "assessor, iv or ev (A1 and V1 imply it)"},
    {"started_on", P_DATE, false, "working towards it since"},
    {"achieved_on", P_DATE, false, "achieved on"},
    RPC_PARAM_END,
};
static const rpc_param person_leave[] = {
    {"person", P_ID, true, "the person"},
    {"date", P_DATE, true, "the day they left"},
    RPC_PARAM_END,
};
static const rpc_param login[] = {{"token", P_STRING, true, "from person.token"}, RPC_PARAM_END};
static const rpc_param centre_create[] = {
    {"number", P_STRING, true, "the centre number the awarding body gave"},
    {"name", P_STRING, true, "the centre's name"},
    RPC_PARAM_END,
};

void methods_people_register(app *a)
{
    static rpc_method methods[] = {
        {"centre.create", m_centre_create, RPC_WRITE, centre_create, "add a centre", NULL},
        {"centre.list", m_centre_list, 0, none, "the centres", NULL},
        {"centre.policy", m_centre_policy, RPC_WRITE, centre_policy,
         "whether assessors act on any registration of the centre or only their own", NULL},
        {"person.create", m_person_create, RPC_WRITE, person_create,
         "add a member of staff (or anyone with roles)", NULL},
        {"person.get", m_person_get, 0, person_id, "one person with their awards", NULL},
        {"person.list", m_person_list, 0, person_list, "the people of a centre", NULL},
        {"person.award", m_person_award, RPC_WRITE, person_award,
         "record an assessor or verifier award (achieved, or being worked towards)", NULL},
        {"person.token", m_person_token, RPC_WRITE, person_id,
         "a login token for a trusted front end acting as this person", NULL},
        {"person.leave", m_person_leave, RPC_WRITE, person_leave,
         "record that a person left: they act no more and their tokens are revoked", NULL},
        {"person.revoke_tokens", m_person_revoke_tokens, RPC_WRITE, person_id,
         "revoke every login token of the person (person.token gives a new one)", NULL},
        {"candidate.create", m_candidate_create, RPC_WRITE, candidate_create,
         "add a candidate (a person with the candidate role)", NULL},
        {"session.login", m_session_login, RPC_NOAUTH, login,
         "act as the person a token belongs to, for this connection", NULL},
        {NULL, NULL, 0, NULL, NULL, NULL},
    };
    app_register(a, methods);
}
