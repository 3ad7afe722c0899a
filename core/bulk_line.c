/* bulk_line — one line of a bulk import. See bulk_line.h and docs/bulk.md. */
#include "bulk_line.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "assessment.h"
#include "bulk_shape.h"
#include "catalogue.h"
#include "dates.h"
#include "evidence_fields.h"
#include "people.h"
#include "progress.h"
#include "registration.h"
#include "store.h"

/* The most references one evidence item claims (as evidence.add has it). */
#define MAX_REFS 256

typedef struct line_ctx {
    bulk_target *t;
    char *why;
    size_t n;
} line_ctx;

/* A refusal into the line's why: -1. */
#define bad(lc, ...) bulk_why((lc)->why, (lc)->n, __VA_ARGS__)

static size_t count(const json_value *list)
{
    return list ? list->len : 0;
}

/* ---- the record: as the methods check it --------------------------------------------- */

/* A line, checked: what storing it needs. */
typedef struct plan {
    const cat_body *b;
    const cat_qual *q;
    const cat_unit **chosen; /* the registration's units: the mandatory ones and those listed */
    const char **brought_forward; /* of each chosen unit: where it was achieved before, or NULL */
    size_t nchosen;
    const json_value *units, *ev, *dec, *so;
    const char *reg_on;
    char body[32], today[DATE_LEN];
    int64_t assessor, iv;
    int64_t *ev_ids; /* the stored evidence, by index */
} plan;

/* The person id, read once per import (*out): STORE_OK, STORE_NOTFOUND, or STORE_ERROR when the
 * store failed or memory ran out (*oom says which). */
static int staff_of(bulk_target *t, int64_t id, const bulk_staff **out, bool *oom)
{
    *out = NULL;
    *oom = false;
    /* a person changed since (left, given an award): every one is read again */
    if (t->people_generation != t->a->people_generation) {
        t->nstaff = 0;
        t->people_generation = t->a->people_generation;
    }
    for (size_t i = 0; i < t->nstaff; i++)
        if (t->staff[i].p.id == id) {
            *out = &t->staff[i];
            return STORE_OK;
        }
    store_person p;
    int rc = store_person_get(t->a->st, id, &p);
    if (rc != STORE_OK)
        return rc == STORE_NOTFOUND ? STORE_NOTFOUND : STORE_ERROR;
    if (t->nstaff == t->staff_cap) {
        size_t cap = t->staff_cap ? t->staff_cap * 2 : 16;
        bulk_staff *more = realloc(t->staff, cap * sizeof *more);
        if (!more) {
            *oom = true;
            return STORE_ERROR;
        }
        t->staff = more;
        t->staff_cap = cap;
    }
    t->staff[t->nstaff] = (bulk_staff){.p = p, .qualified = -1};
    *out = &t->staff[t->nstaff++];
    return STORE_OK;
}

/* Whether the assessor holds their award (else their decisions and sign-offs are a trainee's). */
static bool qualified(bulk_target *t, int64_t id)
{
    for (size_t i = 0; i < t->nstaff; i++)
        if (t->staff[i].p.id == id) {
            if (t->staff[i].qualified < 0)
                t->staff[i].qualified = people_qualified(t->a, id, "assessor");
            return t->staff[i].qualified == 1;
        }
    return false;
}

/* The person named in field (id) as registration.create checks them: of the role, of the
 * centre, not left. */
static int need_staff(line_ctx *lc, const char *field, int64_t id, unsigned role, const char *what)
{
    const bulk_staff *s;
    bool oom;
    int rc = staff_of(lc->t, id, &s, &oom);
    if (rc == STORE_NOTFOUND)
        return bad(lc, "%s: there is no person %lld", field, (long long)id);
    if (rc != STORE_OK)
        return bad(lc, "%s: cannot read person %lld: %s", field, (long long)id,
                   oom ? "out of memory" : store_errmsg(lc->t->a->st));
    char why[600];
    if (people_staff_problem(&s->p, role, what, lc->t->centre, field, why, sizeof why))
        return bad(lc, "%s", why);
    return 0;
}

/* A decision's or sign-off's date: not after today nor before the registration (as
 * registration_act_date has it for the methods). */
static int act_date(line_ctx *lc, const plan *p, const char *what, size_t i, const char *date)
{
    if (strcmp(date, p->today) > 0 || strcmp(date, p->reg_on) < 0)
        return bad(lc, "%s[%zu] is dated %s: not after today (%s) nor before registered_on (%s)",
                   what, i, date, p->today, p->reg_on);
    return 0;
}

/* The chosen unit numbered by the first len bytes of number, or NULL. */
static const cat_unit *chosen_unit(const plan *p, const char *number, size_t len)
{
    for (size_t i = 0; i < p->nchosen; i++) {
        const char *n = cat_unit_number(p->chosen[i]);
        if (strlen(n) == len && !strncmp(n, number, len))
            return p->chosen[i];
    }
    return NULL;
}

/* The chosen unit key names, by its number or its id (as decision.record and unit.signoff
 * take a unit: registration_unit), or NULL. */
static const cat_unit *line_unit(const plan *p, const char *key)
{
    const cat_unit *u = chosen_unit(p, key, strlen(key));
    for (size_t i = 0; !u && i < p->nchosen; i++)
        if (!strcmp(cat_unit_id(p->chosen[i]), key))
            u = p->chosen[i];
    return u;
}

/* The units as registration.create chooses them: the qualification's mandatory ones, then each
 * listed (by number or id) that is not chosen yet, in the order given. */
static int check_units(line_ctx *lc, plan *p, const char *qref)
{
    size_t total = cat_qual_unit_count(p->q), room = total + count(p->units) + 1;
    p->chosen = malloc(room * sizeof *p->chosen);
    p->brought_forward = calloc(room, sizeof *p->brought_forward);
    if (!p->chosen || !p->brought_forward)
        return bad(lc, "out of memory");
    for (size_t i = 0; i < total; i++) {
        const char *kind;
        const cat_unit *u = cat_qual_unit(p->q, i, &kind, NULL);
        if (kind && !strcmp(kind, "mandatory"))
            p->chosen[p->nchosen++] = u;
    }
    for (size_t i = 0; i < count(p->units); i++) {
        const char *n, *bf;
        char why[200];
        if (registration_unit_item(p->units->u.items[i], i, &n, &bf, why, sizeof why))
            return bad(lc, "%s", why);
        const cat_unit *u = registration_qual_unit(p->b, p->q, n);
        if (!u)
            return bad(lc, "%s has no unit '%s'", qref, n);
        /* a unit named again (a mandatory one, or twice) is taken once, as registration.create
         * takes it, brought forward when any of its items says so */
        size_t k = 0;
        while (k < p->nchosen && p->chosen[k] != u)
            k++;
        if (k == p->nchosen)
            p->chosen[p->nchosen++] = u;
        if (!p->brought_forward[k]) /* the first item that says where it was achieved before */
            p->brought_forward[k] = bf;
    }
    return 0;
}

/* The unit of evidence[i].criteria[k], ref ("9:9.1", "411:ER6:b"), or NULL after refusing it. */
static const cat_unit *ref_unit(line_ctx *lc, const plan *p, size_t i, size_t k, const char *ref)
{
    const char *colon = strchr(ref, ':');
    if (!colon || colon == ref || !colon[1]) {
        bad(lc,
            "evidence[%zu].criteria[%zu] '%s' is not a reference UNIT:NUMBER (\"9:9.1\") or "
            "UNIT:ER<n>:<letter> (\"411:ER6:b\")",
            i, k, ref);
        return NULL;
    }
    const cat_unit *u = chosen_unit(p, ref, (size_t)(colon - ref));
    if (!u || !cat_unit_find_req(u, ref)) {
        bad(lc, "evidence[%zu].criteria[%zu] '%s' is not a criterion of the registration's units",
            i, k, ref);
        return NULL;
    }
    return u;
}

/* The references of criteria list cr, each once, into refs (room for MAX_REFS): a reference
 * named again is taken once, as evidence.add takes it. How many there are; MAX_REFS + 1 when
 * there are more than MAX_REFS. */
static size_t unique_refs(const json_value *cr, const char **refs)
{
    size_t n = 0;
    for (size_t k = 0; k < cr->len; k++) {
        const char *ref = cr->u.items[k]->u.str;
        bool again = false;
        for (size_t j = 0; j < n && !again; j++)
            again = !strcmp(refs[j], ref);
        if (again)
            continue;
        if (n == MAX_REFS)
            return MAX_REFS + 1;
        refs[n++] = ref;
    }
    return n;
}

static int check_evidence(line_ctx *lc, plan *p)
{
    const char *refs[MAX_REFS];
    for (size_t i = 0; i < count(p->ev); i++) {
        const json_value *cr = json_get_given(p->ev->u.items[i], "criteria");
        if (!cr->len)
            return bad(lc, "evidence[%zu].criteria names no criteria", i);
        const char *date = json_get_given(p->ev->u.items[i], "date")->u.str;
        if (strcmp(date, p->today) > 0) /* as evidence.add: no record after today */
            return bad(lc, "evidence[%zu].date %s is after today (%s)", i, date, p->today);
        for (size_t k = 0; k < cr->len; k++)
            if (!ref_unit(lc, p, i, k, cr->u.items[k]->u.str))
                return -1;
        if (unique_refs(cr, refs) > MAX_REFS)
            return bad(lc, "evidence[%zu].criteria names more than %d references", i, MAX_REFS);
        evidence_problem pr;
        if (!evidence_fields_ok(p->ev->u.items[i], &pr))
            return bad(lc, "evidence[%zu].%s", i, pr.message);
    }
    return 0;
}

/* Whether evidence item e claims something in unit (a reference "UNIT:..."). */
static bool claims_unit(const json_value *e, const char *unit)
{
    const json_value *cr = json_get_given(e, "criteria");
    size_t n = strlen(unit);
    for (size_t k = 0; k < cr->len; k++) {
        const char *ref = cr->u.items[k]->u.str;
        if (!strncmp(ref, unit, n) && ref[n] == ':')
            return true;
    }
    return false;
}

/* As decision.record checks a decision, with evidence named by index into the line's. */
static int check_decisions(line_ctx *lc, const plan *p)
{
    for (size_t i = 0; i < count(p->dec); i++) {
        const json_value *d = p->dec->u.items[i];
        const char *outcome = json_get_str(d, "outcome"), *kind = json_get_str(d, "kind");
        const cat_unit *u = line_unit(p, json_get_str(d, "unit"));
        if (!u)
            return bad(lc, "decisions[%zu].unit '%s' is not one of the registration's units", i,
                       json_get_str(d, "unit"));
        const char *unit = cat_unit_number(u);
        if (strcmp(outcome, "met") && strcmp(outcome, "not_yet"))
            return bad(lc, "decisions[%zu].outcome is 'met' or 'not_yet', not '%.*s'", i,
                       json_utf8_upto(outcome, 40), outcome);
        if (strcmp(kind, "formative") && strcmp(kind, "summative"))
            return bad(lc, "decisions[%zu].kind is 'formative' or 'summative', not '%.*s'", i,
                       json_utf8_upto(kind, 40), kind);
        if (act_date(lc, p, "decisions", i, json_get_str(d, "date")))
            return -1;
        const json_value *de = json_get_given(d, "evidence");
        if (!strcmp(kind, "summative") && de->len == 0)
            return bad(lc, "decisions[%zu] is summative: its evidence names what it relies on", i);
        for (size_t k = 0; k < de->len; k++) {
            int64_t x = de->u.items[k]->u.num.i;
            if ((size_t)x >= count(p->ev))
                return bad(lc,
                           "decisions[%zu].evidence[%zu] is %lld: the line has %zu evidence "
                           "item(s)",
                           i, k, (long long)x, count(p->ev));
            for (size_t y = 0; y < k; y++)
                if (de->u.items[y]->u.num.i == x)
                    return bad(lc, "decisions[%zu].evidence[%zu] names evidence[%lld] again", i, k,
                               (long long)x);
            if (!claims_unit(p->ev->u.items[x], unit))
                return bad(lc,
                           "decisions[%zu].evidence[%zu]: evidence[%lld] claims nothing in "
                           "unit %s",
                           i, k, (long long)x, unit);
            const char *made = json_get_str(p->ev->u.items[x], "date");
            if (strcmp(made, json_get_str(d, "date")) > 0) /* as decision.record: it exists first */
                return bad(lc,
                           "decisions[%zu].evidence[%zu]: evidence[%lld] is dated %s, after the "
                           "decision (%s): what is judged exists first",
                           i, k, (long long)x, made, json_get_str(d, "date"));
        }
    }
    return 0;
}

/* The day of the line's latest summative decision on unit u, or NULL. */
static const char *summative_date(const plan *p, const cat_unit *u)
{
    const char *latest = NULL;
    for (size_t i = 0; i < count(p->dec); i++) {
        const json_value *d = p->dec->u.items[i];
        if (!strcmp(json_get_str(d, "kind"), "summative") &&
            line_unit(p, json_get_str(d, "unit")) == u &&
            (!latest || strcmp(json_get_str(d, "date"), latest) > 0))
            latest = json_get_str(d, "date");
    }
    return latest;
}

static int check_signoffs(line_ctx *lc, const plan *p)
{
    for (size_t i = 0; i < count(p->so); i++) {
        const cat_unit *u = line_unit(p, json_get_str(p->so->u.items[i], "unit"));
        if (!u)
            return bad(lc, "signoffs[%zu].unit '%s' is not one of the registration's units", i,
                       json_get_str(p->so->u.items[i], "unit"));
        if (act_date(lc, p, "signoffs", i, json_get_str(p->so->u.items[i], "date")))
            return -1;
        for (size_t k = 0; k < i; k++)
            if (line_unit(p, json_get_str(p->so->u.items[k], "unit")) == u)
                return bad(lc, "signoffs[%zu] signs unit %s off again (signoffs[%zu])", i,
                           cat_unit_number(u), k);
        const char *decided = summative_date(p, u), *date = json_get_str(p->so->u.items[i], "date");
        if (decided && strcmp(date, decided) < 0) /* as unit.signoff */
            return bad(lc,
                       "signoffs[%zu] (%s) is dated before unit %s's summative decision (%s): a "
                       "unit is signed off once it is decided",
                       i, date, cat_unit_number(u), decided);
    }
    return 0;
}

static int check_line(line_ctx *lc, const json_value *r, plan *p)
{
    app *a = lc->t->a;
    const json_value *cand = json_get_given(r, "candidate");
    static const char *const texts[] = {"name", "uln", "email"};
    for (size_t i = 0; i < sizeof texts / sizeof *texts; i++) {
        const char *v = json_get_str(cand, texts[i]);
        if (v && !people_text_ok(texts[i], v))
            return bad(lc,
                       "candidate.%s must be at most %zu bytes, without control characters "
                       "(tabs, line breaks), as candidate.create takes it",
                       texts[i], people_text_max(texts[i]));
    }
    const char *uln = json_get_str(cand, "uln");
    if (uln && *uln && !people_uln_valid(uln))
        return bad(lc,
                   "candidate.uln '%.*s' is not a valid ULN: 10 digits, not starting with 0, "
                   "whose check digit agrees",
                   json_utf8_upto(uln, 40), uln);
    int64_t twin;
    int rc = uln && *uln ? store_person_by_uln(a->st, lc->t->centre, uln, &twin) : STORE_NOTFOUND;
    if (rc == STORE_OK)
        return bad(lc,
                   "candidate.uln %s is already candidate %lld's at centre %lld (imported "
                   "before, or by an earlier line): a ULN names one learner, who has one record",
                   uln, (long long)twin, (long long)lc->t->centre);
    if (rc != STORE_NOTFOUND)
        return bad(lc, "cannot look the ULN up: %s", store_errmsg(a->st));
    const char *qref = json_get_str(r, "qualification"), *colon = strchr(qref, ':');
    if (!colon || colon == qref || !colon[1])
        return bad(lc, "qualification must be BODY:CODE, e.g. OCR:05943, not '%s'", qref);
    if ((size_t)(colon - qref) < sizeof p->body) {
        snprintf(p->body, sizeof p->body, "%.*s", (int)(colon - qref), qref);
        p->b = catalogue_body(a->cat, p->body);
    }
    p->q = p->b ? cat_find_qual(p->b, colon + 1) : NULL;
    if (!p->q)
        return bad(lc, "no qualification %s is loaded", qref);
    p->reg_on = json_get_str(r, "registered_on");
    date_today_str(p->today);
    if (strcmp(p->reg_on, p->today) > 0)
        return bad(lc, "registered_on %s is after today (%s)", p->reg_on, p->today);
    const json_value *last = json_get(cat_qual_json(p->q), "last_registration");
    if (last && last->type == JSON_STRING && strcmp(last->u.str, "unknown") &&
        strcmp(p->reg_on, last->u.str) > 0)
        return bad(lc, "%s's last registration date was %s", qref, last->u.str);
    p->assessor = json_get_given(r, "assessor")->u.num.i;
    p->iv = json_get_given(r, "iv")->u.num.i;
    if (need_staff(lc, "assessor", p->assessor, ROLE_ASSESSOR, "an assessor") ||
        need_staff(lc, "iv", p->iv, ROLE_IV, "an internal verifier"))
        return -1;
    if (p->assessor == p->iv)
        return bad(lc, "the internal verifier must not be the assessor");
    p->units = json_get_given(r, "units");
    p->ev = json_get_given(r, "evidence");
    p->dec = json_get_given(r, "decisions");
    p->so = json_get_given(r, "signoffs");
    return check_units(lc, p, qref) || check_evidence(lc, p) || check_decisions(lc, p) ||
           check_signoffs(lc, p);
}

/* ---- storing it ---------------------------------------------------------------------- */

static int store_evidence_item(line_ctx *lc, int64_t reg, const char *at, const json_value *e,
                               int64_t *id)
{
    store *st = lc->t->a->st;
    const json_value *cr = json_get_given(e, "criteria");
    const char **refs = malloc(2 * (MAX_REFS + 1) * sizeof *refs);
    char(*unit)[32] = malloc((MAX_REFS + 1) * sizeof *unit);
    if (!refs || !unit) {
        free(refs);
        free(unit);
        return bad(lc, "out of memory");
    }
    const char **units = refs + MAX_REFS + 1;
    size_t nrefs = unique_refs(cr, refs); /* (at most MAX_REFS: checked) */
    for (size_t k = 0; k < nrefs; k++) {
        snprintf(unit[k], sizeof unit[k], "%.*s", (int)(strchr(refs[k], ':') - refs[k]), refs[k]);
        units[k] = unit[k];
    }
    store_evidence se = {
        .registration = reg,
        .added_by = lc->t->who->person,
        .warnings_json = "[]",
        .nrefs = nrefs,
        .refs = refs,
        .units = units,
    };
    evidence_fields_record(&se, e);
    int rc = store_evidence_insert(st, &se, at, id);
    free(refs);
    free(unit);
    if (rc != STORE_OK)
        return bad(lc, "cannot store evidence: %s", store_errmsg(st));
    return 0;
}

/* What a detached call refused, after prefix: its message and each violation's. */
static int refused(line_ctx *lc, const char *prefix, rpc_call *c)
{
    sbuf m;
    sbuf_init(&m);
    sbuf_printf(&m, "%s%s", prefix, rpc_error_message(c));
    const char *text = rpc_error_json(c);
    json_doc *d;
    if (*text && json_parse(text, strlen(text), &d, NULL) == 0) {
        const json_value *v = json_get(json_get(json_doc_root(d), "data"), "violations");
        for (size_t i = 0; v && v->type == JSON_ARRAY && i < v->len; i++) {
            const char *msg = json_get_str(v->u.items[i], "message");
            if (msg)
                sbuf_printf(&m, "%s%s", i ? "; " : ": ", msg);
        }
        json_doc_free(d);
    }
    bad(lc, "%s", sbuf_cstr(&m));
    sbuf_free(&m);
    return -1;
}

/* Each sign-off as unit.signoff decides it: the body plugin's progress hook, given what the
 * line stored, finds the unit ready_for_signoff. The progress is computed once for the line,
 * after its evidence and decisions and before its sign-offs are stored, and again with the
 * criteria's texts to say what is missing when a unit is not ready. */
static int check_ready(line_ctx *lc, const plan *p, const reg_ctx *rc)
{
    app *a = lc->t->a;
    rpc_call *c = rpc_call_detached(a->rpc, lc->t->who);
    if (!c)
        return bad(lc, "out of memory");
    json_doc *progress = NULL;
    int fail = progress_compute_brief(c, a, rc, &progress);
    if (fail)
        refused(lc, "signoffs: ", c);
    for (size_t i = 0; !fail && i < count(p->so); i++) {
        const cat_unit *u = line_unit(p, json_get_str(p->so->u.items[i], "unit"));
        if (!assessment_refuse_unready(c, a, rc, progress, u))
            continue;
        fail = -1;
        char prefix[64];
        snprintf(prefix, sizeof prefix, "signoffs[%zu]: ", i);
        rpc_call *again = rpc_call_detached(a->rpc, lc->t->who);
        json_doc *texts = NULL;
        if (again && !progress_compute(again, a, rc, true, &texts) &&
            assessment_refuse_unready(again, a, rc, texts, u))
            refused(lc, prefix, again);
        else
            refused(lc, prefix, c);
        json_doc_free(texts);
        rpc_drop(again);
    }
    json_doc_free(progress);
    rpc_drop(c);
    return fail;
}

static int store_line(line_ctx *lc, const json_value *r, plan *p)
{
    bulk_target *t = lc->t;
    store *st = t->a->st;
    char at[21];
    time_now_iso(at);
    const json_value *cand = json_get_given(r, "candidate");
    store_person person = {.centre = t->centre};
    snprintf(person.name, sizeof person.name, "%s", json_get_str(cand, "name"));
    snprintf(person.roles, sizeof person.roles, "candidate");
    snprintf(person.uln, sizeof person.uln, "%s",
             json_get_str(cand, "uln") ? json_get_str(cand, "uln") : "");
    snprintf(person.email, sizeof person.email, "%s",
             json_get_str(cand, "email") ? json_get_str(cand, "email") : "");
    int64_t cid;
    if (store_person_insert(st, &person, at, &cid) != STORE_OK)
        return bad(lc, "cannot store the candidate: %s", store_errmsg(st));
    store_registration reg = {.candidate = cid,
                              .centre = t->centre,
                              .assessor = p->assessor,
                              .iv = p->iv,
                              .level = cat_qual_level(p->q),
                              .catalogue_version = cat_body_version(p->b)};
    snprintf(reg.body, sizeof reg.body, "%s", p->body);
    snprintf(reg.qualification, sizeof reg.qualification, "%s", cat_qual_code(p->q));
    snprintf(reg.title, sizeof reg.title, "%s", json_get(cat_qual_json(p->q), "title")->u.str);
    snprintf(reg.registered_on, sizeof reg.registered_on, "%s", p->reg_on);
    const char *bref = json_get_str(r, "body_reference");
    snprintf(reg.body_reference, sizeof reg.body_reference, "%s", bref ? bref : "");
    if (store_registration_insert(st, &reg, at) != STORE_OK)
        return bad(lc, "cannot store the registration: %s", store_errmsg(st));
    for (size_t i = 0; i < p->nchosen; i++)
        if (store_reg_unit_insert(st, reg.id, cat_unit_id(p->chosen[i]),
                                  cat_unit_number(p->chosen[i]), p->reg_on,
                                  p->brought_forward[i]) != STORE_OK)
            return bad(lc, "cannot store the units: %s", store_errmsg(st));
    p->ev_ids = calloc(count(p->ev) + 1, sizeof *p->ev_ids);
    if (!p->ev_ids)
        return bad(lc, "out of memory");
    for (size_t i = 0; i < count(p->ev); i++)
        if (store_evidence_item(lc, reg.id, at, p->ev->u.items[i], &p->ev_ids[i]))
            return -1;
    bool trainee = !qualified(t, p->assessor);
    for (size_t i = 0; i < count(p->dec); i++) {
        const json_value *d = p->dec->u.items[i], *de = json_get_given(d, "evidence");
        sbuf ids;
        sbuf_init(&ids);
        sbuf_addc(&ids, '[');
        for (size_t k = 0; k < de->len; k++)
            sbuf_printf(&ids, "%s%lld", k ? "," : "",
                        (long long)p->ev_ids[de->u.items[k]->u.num.i]);
        sbuf_addc(&ids, ']');
        int64_t id;
        int rc = store_decision_insert(
            st, reg.id, cat_unit_number(line_unit(p, json_get_str(d, "unit"))),
            json_get_str(d, "outcome"), json_get_str(d, "kind"), json_get_str(d, "justification"),
            json_get_str(d, "feedback"), json_get_str(d, "date"), ids.data, p->assessor, trainee, 0,
            at, &id);
        sbuf_free(&ids);
        if (rc != STORE_OK)
            return bad(lc, "cannot store a decision: %s", store_errmsg(st));
    }
    reg_ctx rc = {.r = reg, .body = p->b, .qual = p->q};
    if (count(p->so) && check_ready(lc, p, &rc))
        return -1;
    for (size_t i = 0; i < count(p->so); i++) {
        int64_t id;
        if (store_signoff_insert(
                st, reg.id, cat_unit_number(line_unit(p, json_get_str(p->so->u.items[i], "unit"))),
                json_get_str(p->so->u.items[i], "date"), p->assessor, trainee, at, &id) != STORE_OK)
            return bad(lc, "cannot store a sign-off: %s", store_errmsg(st));
    }
    t->candidate = cid;
    t->registration = reg.id;
    t->registrations++;
    t->evidence += (int64_t)count(p->ev);
    t->decisions += (int64_t)count(p->dec);
    t->signoffs += (int64_t)count(p->so);
    return 0;
}

int bulk_line_import(bulk_target *t, const json_value *line, char *why, size_t n)
{
    line_ctx lc = {.t = t, .why = why, .n = n};
    plan p = {0};
    int rc =
        bulk_shape_check(line, why, n) || check_line(&lc, line, &p) || store_line(&lc, line, &p);
    free(p.chosen);
    free(p.brought_forward);
    free(p.ev_ids);
    return rc ? -1 : 0;
}

void bulk_target_free(bulk_target *t)
{
    free(t->staff);
    t->staff = NULL;
    t->nstaff = t->staff_cap = 0;
}
