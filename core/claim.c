/* claim — certification claims: claim.check (a dry run) and claim.create (signed by the
 * internal verifier). The body's plugin decides eligibility (the "claim.check" hook) from the
 * registration's progress, dates and the signing IV's qualification. See claim.h. */
#include "claim.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bodyhook.h"
#include "catalogue.h"
#include "dates.h"
#include "dispatch.h"
#include "people.h"
#include "progress.h"
#include "registration.h"
#include "verification.h"

/* ---- what earlier claims hold ------------------------------------------------------------ */

typedef struct claimed_unit {
    char unit[32], date[11];
    int64_t claim;
} claimed_unit;

typedef struct prior_claims {
    claimed_unit *units;
    size_t n, cap;
    int64_t full_claim; /* the first full-award claim, 0: none */
    char full_date[11];
    bool oom;
} prior_claims;

static int add_prior(void *ud, int64_t id, bool full, const char *units_json, const char *date)
{
    prior_claims *p = ud;
    if (full && !p->full_claim) {
        p->full_claim = id;
        snprintf(p->full_date, sizeof p->full_date, "%s", date);
    }
    json_doc *d;
    if (json_parse(units_json, strlen(units_json), &d, NULL) != 0)
        return 0; /* the store wrote it: cannot happen, and would claim nothing */
    const json_value *arr = json_doc_root(d);
    for (size_t i = 0; arr->type == JSON_ARRAY && i < arr->len; i++) {
        if (arr->u.items[i]->type != JSON_STRING)
            continue;
        if (p->n == p->cap) {
            size_t cap = p->cap ? p->cap * 2 : 16;
            claimed_unit *u = realloc(p->units, cap * sizeof *u);
            if (!u) {
                p->oom = true;
                break;
            }
            p->units = u;
            p->cap = cap;
        }
        claimed_unit *u = &p->units[p->n++];
        snprintf(u->unit, sizeof u->unit, "%s", arr->u.items[i]->u.str);
        snprintf(u->date, sizeof u->date, "%s", date);
        u->claim = id;
    }
    json_doc_free(d);
    return p->oom;
}

static const claimed_unit *prior_unit(const prior_claims *p, const char *unit)
{
    for (size_t i = 0; i < p->n; i++)
        if (!strcmp(p->units[i].unit, unit))
            return &p->units[i];
    return NULL;
}

/* ---- the registration's units ------------------------------------------------------------ */

typedef struct reg_unit {
    char unit[32];
    bool brought_forward;
} reg_unit;

typedef struct reg_units {
    reg_unit *units;
    size_t n, cap;
    bool oom;
} reg_units;

static int add_reg_unit(void *ud, const char *unit_id, const char *unit, const char *bf)
{
    (void)unit_id;
    reg_units *r = ud;
    if (r->n == r->cap) {
        size_t cap = r->cap ? r->cap * 2 : 16;
        reg_unit *u = realloc(r->units, cap * sizeof *u);
        if (!u) {
            r->oom = true;
            return 1;
        }
        r->units = u;
        r->cap = cap;
    }
    snprintf(r->units[r->n].unit, sizeof r->units[r->n].unit, "%s", unit);
    r->units[r->n++].brought_forward = bf != NULL;
    return 0;
}

/* DESIGN §4, "Claims: only finished, signed-off units", checked on the records whatever the
 * plugin's progress says (the plugin may only refuse more): a unit claimed is one of the
 * registration's (unit_not_registered), brought forward or signed off (unit_not_signed_off),
 * and a trainee assessor's sign-off is countersigned (countersignature_pending). Writes the
 * violation, if any, to vw; fails only when the store does. */
static int check_signed_off(app *a, int64_t reg, const reg_units *ru, const char *unit, jw *vw)
{
    const reg_unit *r = NULL;
    for (size_t i = 0; i < ru->n && !r; i++)
        if (!strcmp(ru->units[i].unit, unit))
            r = &ru->units[i];
    if (!r) {
        bodyhook_violation(vw, "unit_not_registered", unit,
                           "unit %s is not among the registration's units", unit);
        return STORE_OK;
    }
    if (r->brought_forward)
        return STORE_OK;
    store_signoff so;
    int st = store_signoff_get(a->st, reg, unit, &so);
    if (st == STORE_NOTFOUND)
        bodyhook_violation(vw, "unit_not_signed_off", unit,
                           "unit %s has no current sign-off: only units the assessor has "
                           "signed off, or brought forward, are claimed",
                           unit);
    else if (st == STORE_OK && so.trainee && !so.countersigned)
        bodyhook_violation(vw, "countersignature_pending", unit,
                           "unit %s's sign-off by a trainee assessor on %s awaits a qualified "
                           "assessor's countersignature",
                           unit, so.date);
    return st == STORE_NOTFOUND ? STORE_OK : st;
}

/* The IV who would sign is independent of the unit's assessment (verification_involvement):
 * else claim.check lists own_decisions, so that a dry run that says eligible is a claim the IV
 * may make, and claim.create refuses with 1002. Fails only when the store does. */
static int check_own(app *a, const reg_ctx *rc, int64_t iv, const char *unit, jw *vw)
{
    int how = VERIFY_INDEPENDENT;
    int st = iv ? verification_involvement(a, rc, iv, unit, &how) : STORE_OK;
    if (st == STORE_OK && how != VERIFY_INDEPENDENT)
        bodyhook_violation(vw, "own_decisions", unit,
                           "the IV who would sign the claim (person %lld) %s unit %s: an internal "
                           "verifier never verifies their own assessment decisions",
                           (long long)iv,
                           how == VERIFY_ASSESSED ? "assessed" : "is the assessor of", unit);
    return st;
}

/* units, when given: unit numbers, each once. Fails the call with -32602 naming the item. */
static int check_units_param(rpc_call *c, const json_value *units)
{
    if (!units)
        return 0;
    if (!units->len)
        return rpc_error_field(c, "units",
                               "units names no unit: name at least one, or leave it "
                               "out to claim every unit achieved");
    for (size_t i = 0; i < units->len; i++) {
        const json_value *u = units->u.items[i];
        if (u->type != JSON_STRING || !u->len)
            return rpc_error_field(c, "units", "units[%zu] must be a unit number, e.g. \"5\"", i);
        for (size_t k = 0; k < i; k++)
            if (!strcmp(units->u.items[k]->u.str, u->u.str))
                return rpc_error_field(c, "units", "units[%zu] names unit %s a second time", i,
                                       u->u.str);
    }
    return 0;
}

static bool no_ref(const json_value *ref)
{
    return !ref || ref->type == JSON_NULL;
}

/* Whether the list holds a violation of v's rule about the same ref (a string, or none). */
static bool found_already(const json_value *list, const json_value *v)
{
    const json_value *ref = json_get(v, "ref");
    for (size_t i = 0; i < list->len; i++) {
        const json_value *x = list->u.items[i], *xref = json_get(x, "ref");
        if (strcmp(json_get_str(x, "rule"), json_get_str(v, "rule")))
            continue;
        if (no_ref(ref) ? no_ref(xref)
                        : ref->type == JSON_STRING && xref && xref->type == JSON_STRING &&
                              !strcmp(ref->u.str, xref->u.str))
            return true;
    }
    return false;
}

/* The verdict as clients see it: the core's violations (core, a JSON list) first, then the
 * plugin's but for one the core has found already (the nvq library checks sign-offs too);
 * eligible only when the plugin said so and nobody found a violation (a plugin that answers
 * eligible with a violation has still found one: whatever claim.check finds refuses
 * claim.create). */
static int merge_verdict(rpc_call *c, json_doc **verdict, const sbuf *core)
{
    json_doc *cd;
    if (json_parse(core->data, core->len, &cd, NULL) != 0) {
        json_doc_free(*verdict);
        *verdict = NULL;
        return rpc_error(c, RPC_INTERNAL_ERROR, NULL, "out of memory");
    }
    const json_value *cv = json_doc_root(cd);
    const json_value *root = json_doc_root(*verdict), *el = json_get(root, "eligible");
    const json_value *pv = json_get(root, "violations");
    size_t nplugin = pv && pv->type == JSON_ARRAY ? pv->len : 0;
    bool eligible = el->u.boolean && !cv->len && !nplugin;
    sbuf text;
    sbuf_init(&text);
    jw w;
    jw_init(&w, &text);
    jw_obj_begin(&w);
    jw_kbool(&w, "eligible", eligible);
    jw_key(&w, "violations");
    jw_arr_begin(&w);
    for (size_t i = 0; i < cv->len; i++)
        jw_value(&w, cv->u.items[i]);
    for (size_t i = 0; i < nplugin; i++)
        if (!found_already(cv, pv->u.items[i]))
            jw_value(&w, pv->u.items[i]);
    if (!eligible && !cv->len && !nplugin) /* a refusal always says why */
        bodyhook_violation(&w, "not_eligible", NULL,
                           "the body's rules answered that the claim is not eligible, giving "
                           "no reason");
    jw_arr_end(&w);
    json_doc_free(cd);
    for (size_t i = 0; root->type == JSON_OBJECT && i < root->len; i++) {
        const json_member *m = &root->u.members[i];
        if ((m->key_len == 8 && !memcmp(m->key, "eligible", 8)) ||
            (m->key_len == 10 && !memcmp(m->key, "violations", 10)))
            continue;
        jw_keyn(&w, m->key, m->key_len);
        jw_value(&w, m->value);
    }
    jw_obj_end(&w);
    json_doc *merged;
    int rc = json_parse(text.data, text.len, &merged, NULL);
    sbuf_free(&text);
    if (rc != 0) {
        json_doc_free(*verdict);
        *verdict = NULL;
        return rpc_error(c, RPC_INTERNAL_ERROR, NULL, "out of memory");
    }
    json_doc_free(*verdict);
    *verdict = merged;
    return 0;
}

/* Builds the claim hook's argument and asks the plugin; *verdict = {eligible, violations}. iv is
 * the internal verifier who signs (or would sign) the claim. The core's own rules come first:
 * a unit is claimed once (already_claimed), a full award once, a claim names a unit
 * (nothing_to_claim), and every unit claimed is finished (check_signed_off). */
static int check_claim(rpc_call *c, app *a, const reg_ctx *rc, int64_t iv, bool full,
                       const json_value *units, const char *date, json_doc **verdict, sbuf *claimed)
{
    if (check_units_param(c, units))
        return -1;
    prior_claims prior = {0};
    reg_units ru = {0};
    if (store_claim_each(a->st, rc->r.id, add_prior, &prior) != STORE_OK || prior.oom ||
        store_reg_unit_each(a->st, rc->r.id, add_reg_unit, &ru) != STORE_OK || ru.oom) {
        free(prior.units);
        free(ru.units);
        return rpc_error(c, RPC_INTERNAL_ERROR, NULL, "%s",
                         prior.oom || ru.oom ? "out of memory" : store_errmsg(a->st));
    }
    json_doc *progress;
    if (progress_compute(c, a, rc, false, &progress)) {
        free(prior.units);
        free(ru.units);
        return -1;
    }
    sbuf core;
    sbuf_init(&core);
    jw vw; /* the core's violations, as a list */
    jw_init(&vw, &core);
    jw_arr_begin(&vw);
    if (full && prior.full_claim)
        bodyhook_violation(&vw, "already_claimed", NULL,
                           "the full award was claimed on %s (claim %lld)", prior.full_date,
                           (long long)prior.full_claim);
    jw cw;
    jw_init(&cw, claimed);
    jw_arr_begin(&cw);
    size_t nclaimed = 0;
    int st = STORE_OK;
    if (units) {
        for (size_t i = 0; i < units->len && st == STORE_OK; i++, nclaimed++) {
            const char *u = units->u.items[i]->u.str;
            const claimed_unit *p = full ? NULL : prior_unit(&prior, u);
            if (p)
                bodyhook_violation(&vw, "already_claimed", u,
                                   "unit %s was claimed on %s (claim %lld)", u, p->date,
                                   (long long)p->claim);
            st = check_signed_off(a, rc->r.id, &ru, u, &vw);
            if (st == STORE_OK)
                st = check_own(a, rc, iv, u, &vw);
            jw_str(&cw, u);
        }
    } else {
        /* a full claim covers every unit achieved; a unit claim, every one not claimed yet */
        const json_value *us = json_get(json_doc_root(progress), "units");
        for (size_t i = 0; us && i < us->len && st == STORE_OK; i++) {
            const json_value *ach = json_get(us->u.items[i], "achieved");
            const char *u = json_get(us->u.items[i], "number")->u.str;
            if (ach && ach->type == JSON_BOOL && ach->u.boolean &&
                (full || !prior_unit(&prior, u))) {
                st = check_signed_off(a, rc->r.id, &ru, u, &vw);
                if (st == STORE_OK)
                    st = check_own(a, rc, iv, u, &vw);
                jw_str(&cw, u);
                nclaimed++;
            }
        }
    }
    jw_arr_end(&cw);
    if (!nclaimed)
        bodyhook_violation(&vw, "nothing_to_claim", NULL, "%s",
                           prior.n ? "every unit achieved has been claimed already"
                                   : "no unit is achieved yet");
    free(prior.units);
    free(ru.units);
    if (st != STORE_OK) {
        json_doc_free(progress);
        sbuf_free(&core);
        return rpc_error(c, RPC_INTERNAL_ERROR, NULL, "%s", store_errmsg(a->st));
    }
    sbuf args;
    sbuf_init(&args);
    jw w;
    jw_init(&w, &args);
    jw_arr_begin(&w);
    jw_obj_begin(&w);
    jw_kbool(&w, "full", full);
    jw_key(&w, "units");
    jw_raw(&w, claimed->data, claimed->len);
    jw_key(&w, "progress");
    jw_value(&w, json_doc_root(progress));
    jw_kstr(&w, "registered_on", rc->r.registered_on);
    jw_kstr(&w, "today", date);
    jw_key(&w, "last_certification");
    const json_value *lc = json_get(cat_qual_json(rc->qual), "last_certification");
    jw_value(&w, lc);
    jw_key(&w, "iv");
    jw_obj_begin(&w);
    jw_kint(&w, "person", iv);
    jw_kbool(&w, "qualified", people_qualified(a, iv, "iv"));
    jw_obj_end(&w);
    jw_obj_end(&w);
    jw_arr_end(&w);
    json_doc_free(progress);
    int r = bodyhook_call(c, a, rc->r.body, "claim.check", &args, verdict);
    sbuf_free(&args);
    if (r == 0) {
        const json_value *root = json_doc_root(*verdict), *el = json_get(root, "eligible");
        char why[200] = "an object without a true or false 'eligible'";
        if (!el || el->type != JSON_BOOL ||
            !bodyhook_violations_ok(json_get(root, "violations"), "violations", why, sizeof why)) {
            json_doc_free(*verdict);
            *verdict = NULL;
            r = bodyhook_bad_answer(c, a, rc->r.body, "claim.check", "%s", why);
        }
    }
    jw_arr_end(&vw);
    if (r == 0)
        r = merge_verdict(c, verdict, &core);
    sbuf_free(&core);
    return r;
}

static int m_claim_check(rpc_call *c)
{
    app *a = rpc_call_method(c)->udata;
    reg_ctx rc;
    if (registration_open(c, a, rpc_int(c, "registration", 0), REG_READ, &rc))
        return -1;
    char today[DATE_LEN];
    date_today_str(today);
    const char *date = rpc_str(c, "date") ? rpc_str(c, "date") : today;
    json_doc *v;
    sbuf claimed;
    sbuf_init(&claimed);
    bool full = rpc_bool(c, "full", rpc_arg(c, "units") == NULL);
    /* the one who would sign: the caller when an IV of the centre, else the registration's IV */
    session *s = rpc_session(c);
    int64_t iv =
        s->person && auth_has(s, ROLE_IV) && s->centre == rc.r.centre ? s->person : rc.r.iv;
    int r = check_claim(c, a, &rc, iv, full, rpc_arg(c, "units"), date, &v, &claimed);
    if (r == 0) {
        jw *w = rpc_result(c);
        jw_obj_begin(w);
        jw_kbool(w, "full", full);
        jw_key(w, "units");
        jw_raw(w, claimed.data, claimed.len);
        const json_value *root = json_doc_root(v);
        for (size_t i = 0; i < root->len; i++) {
            const json_member *m = &root->u.members[i];
            jw_keyn(w, m->key, m->key_len);
            if (m->key_len == 10 && !memcmp(m->key, "violations", 10))
                bodyhook_write_violations(w, m->value);
            else
                jw_value(w, m->value);
        }
        jw_obj_end(w);
        json_doc_free(v);
    }
    sbuf_free(&claimed);
    return r;
}

/* The IV who signs a claim checks and confirms the assessment behind it (the handbook: each
 * assessor's work is checked by an internal verifier), so, as for iv.sample, never their own:
 * check_claim has listed own_decisions for each unit claimed they assessed; the first is
 * refused as iv.sample refuses it (1002, naming the unit). */
static int check_independent(rpc_call *c, app *a, const reg_ctx *rc, json_doc *verdict)
{
    const json_value *vs = json_get(json_doc_root(verdict), "violations");
    for (size_t i = 0; vs && vs->type == JSON_ARRAY && i < vs->len; i++) {
        const char *rule = json_get_str(vs->u.items[i], "rule");
        const char *unit = json_get_str(vs->u.items[i], "ref");
        if (rule && unit && !strcmp(rule, "own_decisions") &&
            verification_independent(c, a, rc, unit))
            return -1;
    }
    return 0;
}

static int m_claim_create(rpc_call *c)
{
    app *a = rpc_call_method(c)->udata;
    session *s = rpc_session(c);
    reg_ctx rc;
    if (registration_open(c, a, rpc_int(c, "registration", 0), REG_VERIFY, &rc))
        return -1;
    char today[DATE_LEN];
    date_today_str(today);
    json_doc *v;
    sbuf claimed;
    sbuf_init(&claimed);
    bool full = rpc_bool(c, "full", rpc_arg(c, "units") == NULL);
    /* the caller signs (OCR: no claims without a suitably qualified internal verifier) */
    if (check_claim(c, a, &rc, s->person, full, rpc_arg(c, "units"), today, &v, &claimed)) {
        sbuf_free(&claimed);
        return -1;
    }
    if (check_independent(c, a, &rc, v)) {
        json_doc_free(v);
        sbuf_free(&claimed);
        return -1;
    }
    const json_value *el = json_get(json_doc_root(v), "eligible");
    if (!el || el->type != JSON_BOOL || !el->u.boolean) {
        /* the message gives the first reason: "yet" would promise that waiting helps, and a
         * unit claimed already never will */
        const json_value *vs = json_get(json_doc_root(v), "violations");
        const json_value *first = vs && vs->type == JSON_ARRAY && vs->len ? vs->u.items[0] : NULL;
        const json_value *msg = first ? json_get(first, "message") : NULL;
        bodyhook_refuse(
            c, vs, "registration %lld may not make this claim: %.300s%s", (long long)rc.r.id,
            msg && msg->type == JSON_STRING ? msg->u.str : "see data.violations",
            vs && vs->type == JSON_ARRAY && vs->len > 1 ? " (and more: data.violations)" : "");
        json_doc_free(v);
        sbuf_free(&claimed);
        return -1;
    }
    json_doc_free(v);
    /* OCR handbook 5.1: a full award gives a unit certificate and a qualification certificate */
    sbuf certs;
    sbuf_init(&certs);
    jw w;
    jw_init(&w, &certs);
    jw_arr_begin(&w);
    jw_obj_begin(&w);
    jw_kstr(&w, "certificate", "units");
    jw_key(&w, "units");
    jw_raw(&w, claimed.data, claimed.len);
    jw_obj_end(&w);
    if (full) {
        jw_obj_begin(&w);
        jw_kstr(&w, "certificate", "qualification");
        jw_kstr(&w, "title", rc.r.title);
        jw_obj_end(&w);
    }
    jw_arr_end(&w);
    char at[21];
    time_now_iso(at);
    int64_t id;
    int st = store_claim_insert(a->st, rc.r.id, full, claimed.data, today, s->person, certs.data,
                                at, &id);
    if (st != STORE_OK) {
        sbuf_free(&claimed);
        sbuf_free(&certs);
        return rpc_error(c, RPC_INTERNAL_ERROR, NULL, "%s", store_errmsg(a->st));
    }
    dispatch_set_record(c, "claim", id);
    jw *r = rpc_result(c);
    jw_obj_begin(r);
    jw_kint(r, "id", id);
    jw_key(r, "certificates");
    jw_raw(r, certs.data, certs.len);
    jw_obj_end(r);
    sbuf_free(&claimed);
    sbuf_free(&certs);
    return 0;
}

static int m_claim_list(rpc_call *c)
{
    return registration_list(c, store_claims_json);
}

static const rpc_param p_reg[] = {{"registration", P_ID, true, NULL}, RPC_PARAM_END};
static const rpc_param p_claim[] = {
    {"registration", P_ID, true, NULL},
    {"full", P_BOOL, false, "the full award (default when no units are named)"},
    {"units", P_ARRAY, false, "unit numbers to claim"},
    {"date", P_DATE, false, "check as of this date (default today)"},
    RPC_PARAM_END};
static const rpc_param p_claim_create[] = {
    {"registration", P_ID, true, NULL},
    {"full", P_BOOL, false, "the full award (default when no units are named)"},
    {"units", P_ARRAY, false, "unit numbers to claim"},
    RPC_PARAM_END};

void claim_register_methods(app *a)
{
    static rpc_method methods[] = {
        {"claim.check", m_claim_check, 0, p_claim,
         "dry run of a certification claim: {eligible, violations}", NULL},
        {"claim.create", m_claim_create, RPC_WRITE, p_claim_create,
         "the certification claim, signed by the internal verifier", NULL},
        {"claim.list", m_claim_list, 0, p_reg, "a registration's claims", NULL},
        {NULL, NULL, 0, NULL, NULL, NULL},
    };
    app_register(a, methods);
}
