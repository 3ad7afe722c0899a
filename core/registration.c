/* registration — registrations and their units, and who may act on one. See registration.h. */
#include "registration.h"

#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "auth.h"
#include "bodyhook.h"
#include "dates.h"
#include "dispatch.h"
#include "people.h"

static int forbid(rpc_call *c, const char *rule, const char *fmt, const char *arg)
{
    jw *w = rpc_error_data(c, RPC_FORBIDDEN, NULL, fmt, arg);
    jw_kstr(w, "rule", rule);
    return rpc_error_done(c);
}

static bool assessor_of(app *a, session *s, const store_registration *r)
{
    if (!auth_has(s, ROLE_ASSESSOR) || s->centre != r->centre)
        return false;
    if (s->person == r->assessor)
        return true;
    char policy[16] = "own";
    store_centre_policy(a->st, r->centre, policy);
    return strcmp(policy, "any") == 0;
}

int registration_open(rpc_call *c, app *a, int64_t id, reg_access want, reg_ctx *out)
{
    session *s = rpc_session(c);
    int rc = store_registration_get(a->st, id, &out->r);
    if (rc == STORE_NOTFOUND) {
        jw *w =
            rpc_error_data(c, RPC_NOT_FOUND, NULL, "there is no registration %lld", (long long)id);
        jw_kint(w, "registration", id);
        return rpc_error_done(c);
    }
    if (rc != STORE_OK)
        return rpc_error(c, RPC_INTERNAL_ERROR, NULL, "%s", store_errmsg(a->st));
    const store_registration *r = &out->r;
    bool sysadmin = s->os_admin && s->person == 0;
    bool same = s->centre == r->centre;
    bool own = s->person && s->person == r->candidate;
    bool ok = false;
    /* another centre's staff act on nothing of this one: said as such, whatever they came to
     * do (reading has its own rule, not_your_registration, and EVs read everywhere) */
    if (want != REG_READ && !sysadmin && !same && !own && !auth_has(s, ROLE_CANDIDATE | ROLE_EV))
        return forbid(c, "other_centre", "%s",
                      "other_centre: that registration belongs to another centre, not yours");
    switch (want) {
    case REG_READ:
        ok = sysadmin || auth_has(s, ROLE_EV) || own ||
             (same && auth_has(s, ROLE_ADMIN | ROLE_IV | ROLE_TRAINER)) || assessor_of(a, s, r);
        if (!ok)
            return forbid(
                c, auth_has(s, ROLE_CANDIDATE) ? "own_portfolio_only" : "not_your_registration",
                "%s",
                auth_has(s, ROLE_CANDIDATE)
                    ? "own_portfolio_only: a candidate sees their own portfolio "
                      "only"
                    : "not_your_registration: you may not see this registration");
        break;
    case REG_CONTRIBUTE:
        ok = (own && auth_has(s, ROLE_CANDIDATE)) || assessor_of(a, s, r);
        if (!ok)
            return forbid(
                c, auth_has(s, ROLE_CANDIDATE) ? "own_portfolio_only" : "assessor_of_registration",
                "%s",
                auth_has(s, ROLE_CANDIDATE)
                    ? "own_portfolio_only: a candidate adds to their own "
                      "portfolio only"
                    : "assessor_of_registration: only the candidate and their "
                      "assessor add to this portfolio");
        break;
    case REG_RECORD:
        ok = assessor_of(a, s, r) || sysadmin || (same && auth_has(s, ROLE_ADMIN));
        if (!ok)
            return forbid(c, "assessor_of_registration", "%s",
                          "assessor_of_registration: only the registration's assessor (or an "
                          "administrator of its centre) records this");
        break;
    case REG_ASSESS:
        ok = assessor_of(a, s, r);
        if (!ok)
            return forbid(c, "assessor_of_registration", "%s",
                          auth_has(s, ROLE_ASSESSOR)
                              ? "assessor_of_registration: only the registration's assessor "
                                "records decisions and signs units off (centre policy 'own')"
                              : "assessor_of_registration: only an assessor records decisions "
                                "and signs units off");
        break;
    case REG_COUNTERSIGN:
        ok = same && auth_has(s, ROLE_ASSESSOR | ROLE_IV);
        if (!ok)
            return forbid(c, "qualified_assessor", "%s",
                          "qualified_assessor: a qualified assessor of the registration's centre "
                          "countersigns");
        break;
    case REG_VERIFY:
        ok = auth_has(s, ROLE_IV) && same;
        if (!ok)
            return forbid(c, "iv_only", "%s",
                          "iv_only: only an internal verifier of the registration's centre "
                          "verifies");
        break;
    }
    out->body = catalogue_version(a->cat, r->catalogue_version);
    out->qual = out->body ? cat_find_qual(out->body, r->qualification) : NULL;
    if (!out->qual)
        return rpc_error(c, RPC_INTERNAL_ERROR, NULL,
                         "registration %lld keeps catalogue version %lld, which cannot be "
                         "loaded",
                         (long long)id, (long long)r->catalogue_version);
    return 0;
}

int registration_list(rpc_call *c, int (*list)(store *s, int64_t reg, jw *w))
{
    app *a = rpc_call_method(c)->udata;
    reg_ctx rc;
    if (registration_open(c, a, rpc_int(c, "registration", 0), REG_READ, &rc))
        return -1;
    if (list(a->st, rc.r.id, rpc_result(c)) != STORE_OK)
        return rpc_error(c, RPC_INTERNAL_ERROR, NULL, "%s", store_errmsg(a->st));
    return 0;
}

typedef struct unit_list {
    sbuf *names;
} unit_list;

static int list_unit(void *ud, const char *unit_id, const char *unit, const char *bf)
{
    (void)unit_id;
    (void)bf;
    unit_list *l = ud;
    sbuf_printf(l->names, "%s%s", l->names->len ? ", " : "", unit);
    return 0;
}

typedef struct find_unit {
    const char *want;
    char id[64];
} find_unit;

static int match_unit(void *ud, const char *unit_id, const char *unit, const char *bf)
{
    (void)bf;
    find_unit *f = ud;
    if (strcmp(f->want, unit) == 0 || strcmp(f->want, unit_id) == 0) {
        snprintf(f->id, sizeof f->id, "%s", unit_id);
        return 1;
    }
    return 0;
}

const cat_unit *registration_unit(rpc_call *c, app *a, const reg_ctx *rc, const char *unit,
                                  const char *field)
{
    find_unit f = {.want = unit};
    store_reg_unit_each(a->st, rc->r.id, match_unit, &f);
    const cat_unit *u = NULL;
    if (f.id[0]) {
        int amb;
        u = cat_find_unit(rc->body, f.id, rc->qual, &amb);
    }
    if (!u) {
        sbuf names;
        sbuf_init(&names);
        unit_list l = {&names};
        store_reg_unit_each(a->st, rc->r.id, list_unit, &l);
        jw *w = rpc_error_data(c, RPC_INVALID_PARAMS, NULL,
                               "unit '%s' is not among registration %lld's units (%s)", unit,
                               (long long)rc->r.id, names.len ? names.data : "none chosen");
        jw_kstr(w, "field", field);
        jw_kstr(w, "unit", unit);
        sbuf_free(&names);
        rpc_error_done(c);
    }
    return u;
}

/* ---- registration.create ------------------------------------------------------------- */

/* The title without the body's name and the level: "OCR Level 2 NVQ in Customer Service" and
 * another body's "Level 2 NVQ in Customer Service" name the same qualification. */
static void subject(const char *title, const char *body, char *out, size_t n)
{
    char low[512];
    size_t k = 0;
    for (const char *p = title; *p && k < sizeof low - 1; p++)
        low[k++] = (char)tolower((unsigned char)*p);
    low[k] = '\0';
    char bl[64];
    size_t bk = 0;
    for (const char *p = body; *p && bk < sizeof bl - 1; p++)
        bl[bk++] = (char)tolower((unsigned char)*p);
    bl[bk] = '\0';
    size_t o = 0;
    const char *p = low;
    while (*p && o < n - 1) {
        while (*p == ' ')
            p++;
        size_t wl = strcspn(p, " ");
        if (!wl)
            break;
        bool skip = (wl == bk && strncmp(p, bl, wl) == 0) || (wl == 5 && !strncmp(p, "level", 5));
        bool digits = true;
        for (size_t i = 0; i < wl; i++)
            digits &= isdigit((unsigned char)p[i]) != 0;
        if (!skip && !digits) {
            o += (size_t)snprintf(out + o, n - o, "%s%.*s", o ? " " : "", (int)wl, p);
        }
        p += wl;
    }
    out[o < n ? o : n - 1] = '\0';
}

typedef struct entry_check {
    const store_registration *new_reg;
    char subject[256];
    int64_t clash_same, clash_other;
    char other_body[32], other_title[256];
} entry_check;

static int check_entry(void *ud, const store_registration *r)
{
    entry_check *e = ud;
    if (!strcmp(r->body, e->new_reg->body) && !strcmp(r->qualification, e->new_reg->qualification))
        e->clash_same = r->id;
    char sub[256];
    subject(r->title, r->body, sub, sizeof sub);
    if (strcmp(r->body, e->new_reg->body) != 0 && r->level == e->new_reg->level &&
        !strcmp(sub, e->subject)) {
        e->clash_other = r->id;
        snprintf(e->other_body, sizeof e->other_body, "%s", r->body);
        snprintf(e->other_title, sizeof e->other_title, "%s", r->title);
    }
    return 0;
}

/* The person the parameter field names (id): of the role, of the centre, still there. */
static int need_role_person(rpc_call *c, app *a, const char *field, int64_t id, unsigned role,
                            const char *what, int64_t centre, store_person *p)
{
    if (people_need(c, a, id, p))
        return -1;
    char why[600];
    if (people_staff_problem(p, role, what, centre, field, why, sizeof why))
        return rpc_error_field(c, field, "%s", why);
    return 0;
}

static int violation1(rpc_call *c, const char *rule, const char *ref, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
static int violation1(rpc_call *c, const char *rule, const char *ref, const char *fmt, ...)
{
    char msg[600];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    jw *w = rpc_error_data(c, RPC_RULE_VIOLATION, NULL, "%s", msg);
    jw_key(w, "violations");
    jw_arr_begin(w);
    bodyhook_violation(w, rule, ref, "%s", msg);
    jw_arr_end(w);
    return rpc_error_done(c);
}

const cat_unit *registration_qual_unit(const cat_body *b, const cat_qual *q, const char *key)
{
    int amb;
    const cat_unit *u = cat_find_unit(b, key, q, &amb);
    for (size_t k = 0; u && k < cat_qual_unit_count(q); k++)
        if (cat_qual_unit(q, k, NULL, NULL) == u)
            return u;
    return NULL;
}

int registration_unit_item(const json_value *x, size_t i, const char **key, const char **bf,
                           char *why, size_t n)
{
    *key = *bf = NULL;
    if (x->type == JSON_STRING) {
        *key = x->u.str;
    } else if (x->type == JSON_OBJECT) {
        const json_value *u = json_get(x, "unit"), *f = json_get(x, "brought_forward");
        *key = u && u->type == JSON_STRING ? u->u.str : NULL;
        *bf = f && f->type == JSON_STRING && f->len ? f->u.str : NULL;
        for (size_t k = 0; k < x->len; k++) {
            const json_member *m = &x->u.members[k];
            bool unit = m->key_len == 4 && !memcmp(m->key, "unit", 4);
            if (!unit && !(m->key_len == 15 && !memcmp(m->key, "brought_forward", 15))) {
                /* cut before a character, not inside one: bulk.status reports why as JSON */
                snprintf(why, n, "units[%zu] has no member '%.*s': it is {unit, brought_forward}",
                         i, json_utf8_upto(m->key, 64), m->key);
                return -1;
            }
        }
        if (f && !*bf) {
            snprintf(why, n,
                     "units[%zu].brought_forward says where the unit was achieved before, as "
                     "text (e.g. \"Level 3, 2008\")",
                     i);
            return -1;
        }
    }
    if (!*key) {
        snprintf(why, n, "units[%zu] must be a unit number, or {unit, brought_forward}", i);
        return -1;
    }
    return 0;
}

/* Where units (as choose_units takes them) says unit u was achieved before: the first item
 * naming it with brought_forward, or NULL. A unit named again is taken once, with this. */
static const char *brought_forward_of(const cat_body *b, const cat_qual *q, const json_value *units,
                                      const cat_unit *u)
{
    for (size_t i = 0; units && i < units->len; i++) {
        const char *num, *bf;
        char why[200];
        if (!registration_unit_item(units->u.items[i], i, &num, &bf, why, sizeof why) && bf &&
            registration_qual_unit(b, q, num) == u)
            return bf;
    }
    return NULL;
}

static int choose_units(rpc_call *c, app *a, const cat_body *b, const cat_qual *q, int64_t reg,
                        const json_value *units, const char *on, bool include_mandatory)
{
    /* the mandatory units first, each with where it was achieved before when units says */
    for (size_t i = 0; include_mandatory && i < cat_qual_unit_count(q); i++) {
        const char *kind;
        const cat_unit *u = cat_qual_unit(q, i, &kind, NULL);
        if (kind && !strcmp(kind, "mandatory") &&
            store_reg_unit_insert(a->st, reg, cat_unit_id(u), cat_unit_number(u), on,
                                  brought_forward_of(b, q, units, u)) != STORE_OK)
            return rpc_error(c, RPC_INTERNAL_ERROR, NULL, "%s", store_errmsg(a->st));
    }
    for (size_t i = 0; units && i < units->len; i++) {
        const char *num, *bf;
        char why[200];
        if (registration_unit_item(units->u.items[i], i, &num, &bf, why, sizeof why))
            return rpc_error_field(c, "units", "%s", why);
        const cat_unit *u = registration_qual_unit(b, q, num);
        if (!u) {
            jw *w = rpc_error_data(c, RPC_INVALID_PARAMS, NULL,
                                   "%s:%s has no unit '%s' (catalogue.qualification lists them)",
                                   cat_body_code(b), cat_qual_code(q), num);
            jw_kstr(w, "field", "units");
            jw_kstr(w, "unit", num);
            return rpc_error_done(c);
        }
        /* the first item naming the unit (this one, when it is stored now) with
         * brought_forward says where it was achieved */
        int rc = store_reg_unit_insert(a->st, reg, cat_unit_id(u), cat_unit_number(u), on,
                                       bf ? bf : brought_forward_of(b, q, units, u));
        if (rc == STORE_CONFLICT && include_mandatory)
            continue; /* a unit named again (a mandatory one, or twice): taken once */
        if (rc == STORE_CONFLICT)
            return rpc_error(c, RPC_CONFLICT, NULL, "unit %s is already chosen", num);
        if (rc != STORE_OK)
            return rpc_error(c, RPC_INTERNAL_ERROR, NULL, "%s", store_errmsg(a->st));
    }
    return 0;
}

static int m_create(rpc_call *c)
{
    app *a = rpc_call_method(c)->udata;
    if (auth_require(c, ROLE_ADMIN, "admin_only"))
        return -1;
    store_registration r = {.candidate = rpc_int(c, "candidate", 0),
                            .centre = rpc_int(c, "centre", 0),
                            .assessor = rpc_int(c, "assessor", 0),
                            .iv = rpc_int(c, "iv", 0)};
    if (people_need_centre(c, a, r.centre) || people_same_centre(c, r.centre))
        return -1;
    store_person cand, assessor, iv;
    if (need_role_person(c, a, "candidate", r.candidate, ROLE_CANDIDATE, "a candidate", r.centre,
                         &cand) ||
        need_role_person(c, a, "assessor", r.assessor, ROLE_ASSESSOR, "an assessor", r.centre,
                         &assessor) ||
        need_role_person(c, a, "iv", r.iv, ROLE_IV, "an internal verifier", r.centre, &iv))
        return -1;
    const char *qual = rpc_str(c, "qualification");
    const char *colon = strchr(qual, ':');
    if (!colon)
        return rpc_error_field(
            c, "qualification",
            "qualification is BODY:CODE, e.g. OCR:05943 (catalogue.qualifications)");
    snprintf(r.body, sizeof r.body, "%.*s", (int)(colon - qual), qual);
    snprintf(r.qualification, sizeof r.qualification, "%s", colon + 1);
    const cat_body *b = catalogue_body(a->cat, r.body);
    const cat_qual *q = b ? cat_find_qual(b, r.qualification) : NULL;
    if (!q)
        return rpc_error(c, RPC_NOT_FOUND, NULL, "no qualification %s is loaded", qual);
    const json_value *qv = cat_qual_json(q);
    snprintf(r.title, sizeof r.title, "%s", json_get(qv, "title")->u.str);
    r.level = cat_qual_level(q);
    r.catalogue_version = cat_body_version(b);
    snprintf(r.registered_on, sizeof r.registered_on, "%s", rpc_str(c, "registered_on"));
    const char *ref = rpc_str(c, "body_reference");
    if (ref && strlen(ref) > REG_BODY_REFERENCE_MAX)
        return rpc_error_field(c, "body_reference",
                               "body_reference is %zu bytes long: it holds at most %zu",
                               strlen(ref), REG_BODY_REFERENCE_MAX);
    snprintf(r.body_reference, sizeof r.body_reference, "%s", ref ? ref : "");
    char today[DATE_LEN];
    date_today_str(today);
    if (strcmp(r.registered_on, today) > 0)
        return violation1(c, "registration_date", NULL,
                          "the registration date %s is after today (%s)", r.registered_on, today);
    const json_value *last = json_get(qv, "last_registration");
    if (last && last->type == JSON_STRING && strcmp(last->u.str, "unknown") &&
        strcmp(r.registered_on, last->u.str) > 0)
        return violation1(c, "last_registration_date", NULL,
                          "%s's last registration date was %s; candidates cannot be "
                          "registered on %s",
                          qual, last->u.str, r.registered_on);
    if (r.assessor == r.iv)
        return violation1(c, "iv_independent", NULL,
                          "the internal verifier must not be the candidate's assessor: an IV "
                          "never verifies their own decisions");
    entry_check e = {.new_reg = &r};
    subject(r.title, r.body, e.subject, sizeof e.subject);
    store_registration_each_of(a->st, r.candidate, check_entry, &e);
    if (e.clash_same)
        return rpc_error(c, RPC_CONFLICT, NULL,
                         "%s is already registered for %s (registration %lld)", cand.name, qual,
                         (long long)e.clash_same);
    if (e.clash_other)
        return violation1(c, "entry_restriction", NULL,
                          "%s is registered with %s for '%s' (registration %lld): a candidate "
                          "should not enter with another awarding body for a qualification at "
                          "the same level with the same title",
                          cand.name, e.other_body, e.other_title, (long long)e.clash_other);
    char at[21];
    time_now_iso(at);
    if (store_registration_insert(a->st, &r, at) != STORE_OK)
        return rpc_error(c, RPC_INTERNAL_ERROR, NULL, "%s", store_errmsg(a->st));
    if (choose_units(c, a, b, q, r.id, rpc_arg(c, "units"), r.registered_on, true))
        return -1;
    dispatch_set_record(c, "registration", r.id);
    jw *w = rpc_result(c);
    jw_obj_begin(w);
    jw_kint(w, "id", r.id);
    jw_kint(w, "catalogue_version", r.catalogue_version);
    jw_obj_end(w);
    return 0;
}

static int m_units(rpc_call *c)
{
    app *a = rpc_call_method(c)->udata;
    reg_ctx rc;
    if (registration_open(c, a, rpc_int(c, "registration", 0), REG_RECORD, &rc))
        return -1;
    if (rpc_arg(c, "units")->len == 0)
        return rpc_error_field(c, "units", "units names the units to add: at least one");
    char today[DATE_LEN];
    date_today_str(today);
    if (choose_units(c, a, rc.body, rc.qual, rc.r.id, rpc_arg(c, "units"), today, false))
        return -1;
    dispatch_set_record(c, "registration", rc.r.id);
    jw *w = rpc_result(c);
    if (store_reg_units_json(a->st, rc.r.id, w) != STORE_OK)
        return rpc_error(c, RPC_INTERNAL_ERROR, NULL, "%s", store_errmsg(a->st));
    return 0;
}

/* ---- registration.get ---------------------------------------------------------------- */

static int m_get(rpc_call *c)
{
    app *a = rpc_call_method(c)->udata;
    reg_ctx rc;
    if (registration_open(c, a, rpc_int(c, "registration", 0), REG_READ, &rc))
        return -1;
    const store_registration *r = &rc.r;
    jw *w = rpc_result(c);
    jw_obj_begin(w);
    jw_kint(w, "id", r->id);
    people_write_brief(a, w, "candidate", r->candidate);
    jw_kint(w, "centre", r->centre);
    jw_key(w, "qualification");
    jw_obj_begin(w);
    char ref[128];
    snprintf(ref, sizeof ref, "%s:%s", r->body, r->qualification);
    jw_kstr(w, "qualification", ref);
    jw_kstr(w, "title", r->title);
    jw_kint(w, "level", r->level);
    jw_obj_end(w);
    jw_kstr(w, "registered_on", r->registered_on);
    jw_kstr_or_null(w, "body_reference", *r->body_reference ? r->body_reference : NULL);
    jw_kint(w, "catalogue_version", r->catalogue_version);
    people_write_brief(a, w, "assessor", r->assessor);
    people_write_brief(a, w, "iv", r->iv);
    jw_key(w, "units");
    int ok = store_reg_units_json(a->st, r->id, w);
    static const char *const kinds[] = {"initial_assessment", "plan", "review"};
    static const char *const keys[] = {"initial_assessments", "plans", "reviews"};
    for (int i = 0; i < 3 && ok == STORE_OK; i++) {
        jw_key(w, keys[i]);
        ok = store_records_json(a->st, kinds[i], r->id, w);
    }
    char due[11], last[11];
    store_next_review(a->st, r->id, due, last);
    jw_kstr_or_null(w, "last_review", *last ? last : NULL);
    jw_kstr_or_null(w, "next_review_due", *due ? due : NULL);
    jw_obj_end(w);
    if (ok != STORE_OK)
        return rpc_error(c, RPC_INTERNAL_ERROR, NULL, "%s", store_errmsg(a->st));
    return 0;
}

static int m_list(rpc_call *c)
{
    app *a = rpc_call_method(c)->udata;
    session *s = rpc_session(c);
    store_reg_filter f = {.centre = rpc_int(c, "centre", 0),
                          .candidate = rpc_int(c, "candidate", 0),
                          .assessor = rpc_int(c, "assessor", 0),
                          .iv = rpc_int(c, "iv", 0),
                          .qualification = rpc_str(c, "qualification"),
                          .after = rpc_int(c, "after", 0),
                          .limit = rpc_int(c, "limit", 1000)};
    bool sysadmin = s->os_admin && s->person == 0;
    if (!sysadmin && !auth_has(s, ROLE_EV)) {
        if (auth_has(s, ROLE_ADMIN | ROLE_IV | ROLE_TRAINER | ROLE_ASSESSOR)) {
            if (f.centre && people_same_centre(c, f.centre))
                return -1;
            f.centre = s->centre; /* staff see their own centre */
            char policy[16] = "own";
            store_centre_policy(a->st, s->centre, policy);
            /* an assessor alone sees whom registration.get would show them */
            if (!auth_has(s, ROLE_ADMIN | ROLE_IV | ROLE_TRAINER) && strcmp(policy, "any") != 0) {
                if (f.assessor && f.assessor != s->person)
                    return forbid(c, "not_your_registration", "%s",
                                  "not_your_registration: an assessor lists the registrations "
                                  "they assess");
                f.assessor = s->person;
            }
        } else if (auth_has(s, ROLE_CANDIDATE)) {
            if (f.centre && people_same_centre(c, f.centre))
                return -1;
            /* candidates see their own: asking for someone else's is refused, as for an
             * assessor, not answered with the caller's own */
            if (f.candidate && f.candidate != s->person)
                return forbid(c, "own_portfolio_only", "%s",
                              "own_portfolio_only: a candidate lists their own registrations");
            f.candidate = s->person;
        } else {
            return auth_require(c, ROLE_ADMIN, "no_role");
        }
    }
    if (store_registrations_json(a->st, &f, rpc_result(c)) != STORE_OK)
        return rpc_error(c, RPC_INTERNAL_ERROR, NULL, "%s", store_errmsg(a->st));
    return 0;
}

/* ---- records ------------------------------------------------------------------------- */

int registration_supersedes(rpc_call *c, app *a, const char *kind, int64_t reg, int64_t id,
                            const char *unit)
{
    if (!id)
        return 0;
    int64_t owner;
    bool superseded;
    char was[32] = "";
    int rc = store_record_owner(a->st, kind, id, &owner, &superseded, was);
    if (rc == STORE_NOTFOUND || (rc == STORE_OK && owner != reg))
        return rpc_error(c, RPC_NOT_FOUND, NULL, "registration %lld has no %s %lld to supersede",
                         (long long)reg, kind, (long long)id);
    if (rc != STORE_OK)
        return rpc_error(c, RPC_INTERNAL_ERROR, NULL, "%s", store_errmsg(a->st));
    if (superseded)
        return rpc_error(c, RPC_CONFLICT, NULL,
                         "%s %lld is already superseded: correct the record that replaced it", kind,
                         (long long)id);
    if (unit && strcmp(unit, was) != 0)
        return rpc_error_field(c, "supersedes",
                               "%s %lld is of unit %s, not %s: a correction keeps the unit of the "
                               "record it corrects",
                               kind, (long long)id, was, unit);
    return 0;
}

int registration_evidence_of_unit(rpc_call *c, app *a, const reg_ctx *rc, const char *unit,
                                  const json_value *ev, const char *date)
{
    for (size_t i = 0; ev && i < ev->len; i++) {
        const json_value *x = ev->u.items[i];
        if (x->type != JSON_NUMBER || !x->u.num.is_int)
            return rpc_error_field(c, "evidence", "evidence[%zu] must be an evidence id", i);
        for (size_t k = 0; k < i; k++)
            if (ev->u.items[k]->u.num.i == x->u.num.i)
                return rpc_error_field(c, "evidence", "evidence[%zu] names evidence %lld again", i,
                                       (long long)x->u.num.i);
        bool current, in_unit;
        char made[11];
        int st =
            store_evidence_in_unit(a->st, x->u.num.i, rc->r.id, unit, &current, &in_unit, made);
        if (st == STORE_NOTFOUND)
            return rpc_error(c, RPC_NOT_FOUND, NULL, "registration %lld has no evidence %lld",
                             (long long)rc->r.id, (long long)x->u.num.i);
        if (st != STORE_OK)
            return rpc_error(c, RPC_INTERNAL_ERROR, NULL, "%s", store_errmsg(a->st));
        if (!current)
            return rpc_error(c, RPC_CONFLICT, NULL,
                             "evidence %lld was superseded: name the corrected record",
                             (long long)x->u.num.i);
        if (!in_unit)
            return rpc_error_field(c, "evidence", "evidence %lld claims nothing in unit %s",
                                   (long long)x->u.num.i, unit);
        if (strcmp(made, date) > 0)
            return rpc_error_field(c, "evidence",
                                   "evidence %lld is dated %s, after this record's date (%s): what "
                                   "is judged exists first",
                                   (long long)x->u.num.i, made, date);
    }
    return 0;
}

int registration_countersign(rpc_call *c, app *a, const char *record, const char *what, int64_t id)
{
    session *s = rpc_session(c);
    char today[DATE_LEN], at[21];
    date_today_str(today);
    time_now_iso(at);
    int st = store_countersign_insert(a->st, record, id, s->person, today, at);
    if (st == STORE_CONFLICT)
        return rpc_error(c, RPC_CONFLICT, NULL, "%s %lld is already countersigned", what,
                         (long long)id);
    if (st != STORE_OK)
        return rpc_error(c, RPC_INTERNAL_ERROR, NULL, "%s", store_errmsg(a->st));
    dispatch_set_record(c, record, id);
    jw *w = rpc_result(c);
    jw_obj_begin(w);
    jw_kint(w, "id", id);
    jw_kint(w, "countersigned_by", s->person);
    jw_obj_end(w);
    return 0;
}

int registration_act_date(rpc_call *c, const reg_ctx *rc, const char *date, bool assessing)
{
    char today[DATE_LEN];
    date_today_str(today);
    if (strcmp(date, today) > 0)
        return rpc_error_field(c, "date", "the date %s is after today (%s)", date, today);
    if (assessing && strcmp(date, rc->r.registered_on) < 0)
        return rpc_error_field(c, "date",
                               "the date %s is before the registration (%s): assessment and "
                               "verification follow it",
                               date, rc->r.registered_on);
    return 0;
}

static const rpc_param p_create[] = {
    {"candidate", P_ID, true, "the candidate (a person)"},
    {"qualification", P_STRING, true, "BODY:CODE, e.g. OCR:05943"},
    {"centre", P_ID, true, "the centre"},
    {"registered_on", P_DATE, true, "date of registration with the awarding body"},
    {"assessor", P_ID, true, "the candidate's assessor"},
    {"iv", P_ID, true, "the internal verifier"},
    {"units", P_ARRAY, false,
     "optional units chosen (mandatory ones are always included); "
     "{unit, brought_forward} for units brought forward"},
    {"body_reference", P_LINE, false, "the awarding body's confirmation of registration"},
    RPC_PARAM_END};
static const rpc_param p_reg[] = {{"registration", P_ID, true, "the registration"}, RPC_PARAM_END};
static const rpc_param p_units[] = {{"registration", P_ID, true, "the registration"},
                                    {"units", P_ARRAY, true, "unit numbers to add"},
                                    RPC_PARAM_END};
static const rpc_param p_list[] = {{"centre", P_ID, false, NULL},
                                   {"candidate", P_ID, false, NULL},
                                   {"assessor", P_ID, false, NULL},
                                   {"iv", P_ID, false, NULL},
                                   {"qualification", P_STRING, false, "BODY:CODE"},
                                   {"after", P_INT, false, "ids after this (paging)"},
                                   {"limit", P_INT, false, "at most this many (default 1000)"},
                                   RPC_PARAM_END};
void registration_register_methods(app *a)
{
    static rpc_method methods[] = {
        {"registration.create", m_create, RPC_WRITE, p_create,
         "register a candidate on a qualification", NULL},
        {"registration.get", m_get, 0, p_reg,
         "a registration with its units, initial assessment, plans and reviews", NULL},
        {"registration.list", m_list, 0, p_list, "registrations you may see", NULL},
        {"registration.units", m_units, RPC_WRITE, p_units, "choose more units", NULL},
        {NULL, NULL, 0, NULL, NULL, NULL},
    };
    app_register(a, methods);
}
