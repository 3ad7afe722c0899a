/* verification — IV samples and plan, appeals. See verification.h. */
#include "verification.h"

#include <stdio.h>
#include <string.h>

#include "auth.h"
#include "dates.h"
#include "dispatch.h"
#include "people.h"
#include "registration.h"

int verification_involvement(app *a, const reg_ctx *rc, int64_t person, const char *unit, int *how)
{
    bool own = false;
    int st = store_assessed_by(a->st, rc->r.id, unit, person, &own);
    *how = own ? VERIFY_ASSESSED : person == rc->r.assessor ? VERIFY_ASSESSOR : VERIFY_INDEPENDENT;
    return st;
}

int verification_independent(rpc_call *c, app *a, const reg_ctx *rc, const char *unit)
{
    session *s = rpc_session(c);
    int how;
    if (verification_involvement(a, rc, s->person, unit, &how) != STORE_OK)
        return rpc_error(c, RPC_INTERNAL_ERROR, NULL, "%s", store_errmsg(a->st));
    if (how == VERIFY_INDEPENDENT)
        return 0;
    jw *w = rpc_error_data(c, RPC_FORBIDDEN, NULL,
                           "own_decisions: an internal verifier never verifies their own "
                           "assessment decisions (%s unit %s of registration %lld)",
                           how == VERIFY_ASSESSED ? "you assessed" : "you are the assessor of",
                           unit, (long long)rc->r.id);
    jw_kstr(w, "rule", "own_decisions");
    return rpc_error_done(c);
}

static int m_sample(rpc_call *c)
{
    app *a = rpc_call_method(c)->udata;
    session *s = rpc_session(c);
    reg_ctx rc;
    if (registration_open(c, a, rpc_int(c, "registration", 0), REG_VERIFY, &rc))
        return -1;
    const cat_unit *u = registration_unit(c, a, &rc, rpc_str(c, "unit"), "unit");
    if (!u)
        return -1;
    if (verification_independent(c, a, &rc, cat_unit_number(u)))
        return -1;
    const char *outcome = rpc_str(c, "outcome");
    if (strcmp(outcome, "confirmed") && strcmp(outcome, "action_required"))
        return rpc_error_field(c, "outcome",
                               "outcome is 'confirmed' (the assessment decisions stand) or "
                               "'action_required' (see actions)");
    if (!strcmp(outcome, "action_required") && (!rpc_str(c, "actions") || !*rpc_str(c, "actions")))
        return rpc_error_field(c, "actions",
                               "an outcome of action_required says which actions, in 'actions'");
    char today[DATE_LEN], at[21];
    date_today_str(today);
    time_now_iso(at);
    const char *date = rpc_str(c, "date") ? rpc_str(c, "date") : today;
    if (registration_act_date(c, &rc, date, true))
        return -1;
    int64_t sup = rpc_int(c, "supersedes", 0);
    if (registration_supersedes(c, a, "iv_sample", rc.r.id, sup, cat_unit_number(u)))
        return -1;
    const json_value *ev = rpc_arg(c, "evidence");
    if (registration_evidence_of_unit(c, a, &rc, cat_unit_number(u), ev, date))
        return -1;
    sbuf etext;
    sbuf_init(&etext);
    jw w;
    jw_init(&w, &etext);
    if (ev)
        jw_value(&w, ev);
    else
        sbuf_adds(&etext, "[]");
    bool trainee = !people_qualified(a, s->person, "iv");
    int64_t id;
    int st = store_iv_sample_insert(a->st, rc.r.id, cat_unit_number(u), s->person, trainee, outcome,
                                    rpc_str(c, "notes"), rpc_str(c, "actions"), etext.data, date,
                                    sup, at, &id);
    sbuf_free(&etext);
    if (st != STORE_OK)
        return rpc_error(c, RPC_INTERNAL_ERROR, NULL, "%s", store_errmsg(a->st));
    dispatch_set_record(c, "iv_sample", id);
    jw *r = rpc_result(c);
    jw_obj_begin(r);
    jw_kint(r, "id", id);
    jw_kbool(r, "countersignature_required", trainee);
    jw_obj_end(r);
    return 0;
}

/* OCR handbook: verification by an IV still working towards V1 must be supported by someone
 * who has gained V1, recorded by countersigning it. */
static int m_countersign(rpc_call *c)
{
    app *a = rpc_call_method(c)->udata;
    int64_t id = rpc_int(c, "sample", 0);
    store_iv_sample v;
    int st = store_iv_sample_get(a->st, id, &v);
    if (st == STORE_NOTFOUND)
        return rpc_error(c, RPC_NOT_FOUND, NULL, "there is no IV sample %lld", (long long)id);
    if (st != STORE_OK)
        return rpc_error(c, RPC_INTERNAL_ERROR, NULL, "%s", store_errmsg(a->st));
    reg_ctx rc;
    if (registration_open(c, a, v.registration, REG_READ, &rc) ||
        people_countersigner(c, a, rc.r.centre, v.iv, "iv", "sample"))
        return -1;
    if (!v.trainee)
        return rpc_error(c, RPC_CONFLICT, NULL,
                         "IV sample %lld was made by a qualified internal verifier: it needs no "
                         "countersignature",
                         (long long)id);
    if (v.superseded)
        return rpc_error(c, RPC_CONFLICT, NULL,
                         "IV sample %lld has been corrected by a later sample: countersign that "
                         "one",
                         (long long)id);
    return registration_countersign(c, a, "iv_sample", "IV sample", id);
}

static int m_samples(rpc_call *c)
{
    return registration_list(c, store_iv_samples_json);
}

static int m_plan(rpc_call *c)
{
    app *a = rpc_call_method(c)->udata;
    session *s = rpc_session(c);
    if (auth_require(c, ROLE_IV | ROLE_ADMIN | ROLE_EV, "verifiers_only"))
        return -1;
    int64_t centre = rpc_int(c, "centre", 0);
    if (!auth_has(s, ROLE_EV) && people_same_centre(c, centre))
        return -1;
    if (store_iv_plan_json(a->st, centre, rpc_result(c)) != STORE_OK)
        return rpc_error(c, RPC_INTERNAL_ERROR, NULL, "%s", store_errmsg(a->st));
    return 0;
}

static int m_appeal_lodge(rpc_call *c)
{
    app *a = rpc_call_method(c)->udata;
    session *s = rpc_session(c);
    reg_ctx rc;
    if (registration_open(c, a, rpc_int(c, "registration", 0), REG_READ, &rc))
        return -1;
    bool own = s->person == rc.r.candidate;
    /* the record names who lodged it: a person (the OS administrator acts through a token) */
    if (!own && !(auth_has(s, ROLE_ADMIN) && s->person && s->centre == rc.r.centre)) {
        jw *w = rpc_error_data(c, RPC_FORBIDDEN, NULL,
                               "appellant: the candidate, or an administrator of the centre, "
                               "lodges an appeal (the OS administrator: as one of them, with "
                               "their token)");
        jw_kstr(w, "rule", "appellant");
        return rpc_error_done(c);
    }
    int64_t decision = rpc_int(c, "decision", 0);
    const char *date = rpc_str(c, "date");
    if (registration_act_date(c, &rc, date, false))
        return -1;
    if (decision) {
        store_decision d;
        if (store_decision_get(a->st, decision, &d) != STORE_OK || d.registration != rc.r.id)
            return rpc_error(c, RPC_NOT_FOUND, NULL, "registration %lld has no decision %lld",
                             (long long)rc.r.id, (long long)decision);
        if (strcmp(date, d.date) < 0)
            return rpc_error_field(c, "date",
                                   "the appeal (lodged %s) is dated before decision %lld (made %s)",
                                   date, (long long)decision, d.date);
    }
    char at[21];
    time_now_iso(at);
    int64_t id;
    if (store_appeal_insert(a->st, rc.r.id, decision, s->person, date, rpc_str(c, "grounds"), at,
                            &id) != STORE_OK)
        return rpc_error(c, RPC_INTERNAL_ERROR, NULL, "%s", store_errmsg(a->st));
    dispatch_set_record(c, "appeal", id);
    jw *w = rpc_result(c);
    jw_obj_begin(w);
    jw_kint(w, "id", id);
    jw_obj_end(w);
    return 0;
}

static int m_appeal_hear(rpc_call *c)
{
    app *a = rpc_call_method(c)->udata;
    session *s = rpc_session(c);
    int64_t appeal = rpc_int(c, "appeal", 0), reg, decision;
    bool heard;
    char lodged_on[11];
    int st = store_appeal_get(a->st, appeal, &reg, &decision, lodged_on, &heard);
    if (st == STORE_NOTFOUND)
        return rpc_error(c, RPC_NOT_FOUND, NULL, "there is no appeal %lld", (long long)appeal);
    reg_ctx rc;
    if (st != STORE_OK || registration_open(c, a, reg, REG_READ, &rc))
        return st != STORE_OK ? rpc_error(c, RPC_INTERNAL_ERROR, NULL, "%s", store_errmsg(a->st))
                              : -1;
    if (auth_require(c, ROLE_ADMIN | ROLE_IV, "appeal_panel") || people_same_centre(c, rc.r.centre))
        return -1;
    if (!s->person) { /* the hearing names who heard it */
        jw *w = rpc_error_data(c, RPC_FORBIDDEN, NULL,
                               "appeal_panel: an administrator or IV of the centre hears an appeal "
                               "(the OS administrator: as one of them, with their token)");
        jw_kstr(w, "rule", "appeal_panel");
        return rpc_error_done(c);
    }
    if (decision) {
        store_decision d;
        if (store_decision_get(a->st, decision, &d) == STORE_OK && d.assessor == s->person) {
            jw *w = rpc_error_data(c, RPC_FORBIDDEN, NULL,
                                   "own_decisions: the assessor who made the decision does not "
                                   "hear the appeal against it");
            jw_kstr(w, "rule", "own_decisions");
            return rpc_error_done(c);
        }
    }
    if (heard)
        return rpc_error(c, RPC_CONFLICT, NULL, "appeal %lld has already been heard",
                         (long long)appeal);
    const char *outcome = rpc_str(c, "outcome"), *date = rpc_str(c, "date");
    if (strcmp(outcome, "upheld") && strcmp(outcome, "dismissed"))
        return rpc_error_field(c, "outcome", "outcome is 'upheld' or 'dismissed'");
    if (registration_act_date(c, &rc, date, false))
        return -1;
    if (strcmp(date, lodged_on) < 0)
        return rpc_error_field(c, "date",
                               "the hearing (%s) is dated before the appeal was lodged (%s)", date,
                               lodged_on);
    char at[21];
    time_now_iso(at);
    int64_t id;
    if (store_appeal_hear(a->st, appeal, date, s->person, outcome, rpc_str(c, "notes"), at, &id) !=
        STORE_OK)
        return rpc_error(c, RPC_INTERNAL_ERROR, NULL, "%s", store_errmsg(a->st));
    dispatch_set_record(c, "appeal", appeal);
    jw *w = rpc_result(c);
    jw_obj_begin(w);
    jw_kint(w, "id", appeal);
    jw_kstr(w, "status", "heard");
    jw_kstr(w, "outcome", outcome);
    jw_obj_end(w);
    return 0;
}

static int m_appeal_list(rpc_call *c)
{
    return registration_list(c, store_appeals_json);
}

static const rpc_param p_sample[] = {
    {"registration", P_ID, true, NULL},
    {"unit", P_STRING, true, "the unit number"},
    {"outcome", P_STRING, true, "confirmed or action_required"},
    {"notes", P_STRING, true, "what was sampled and found"},
    {"actions", P_STRING, false, "actions resulting from the verification"},
    {"evidence", P_ARRAY, false, "ids of the evidence sampled"},
    {"date", P_DATE, false, "default today"},
    {"supersedes", P_ID, false, "the sample record this one corrects"},
    RPC_PARAM_END};
static const rpc_param p_countersign[] = {{"sample", P_ID, true, "the trainee IV's sample"},
                                          RPC_PARAM_END};
static const rpc_param p_reg[] = {{"registration", P_ID, true, NULL}, RPC_PARAM_END};
static const rpc_param p_plan[] = {{"centre", P_ID, true, NULL}, RPC_PARAM_END};
static const rpc_param p_lodge[] = {{"registration", P_ID, true, NULL},
                                    {"decision", P_ID, false, "the decision appealed against"},
                                    {"grounds", P_STRING, true, NULL},
                                    {"date", P_DATE, true, "when it was lodged"},
                                    RPC_PARAM_END};
static const rpc_param p_hear[] = {{"appeal", P_ID, true, NULL},
                                   {"date", P_DATE, true, "when it was heard"},
                                   {"outcome", P_STRING, true, "upheld or dismissed"},
                                   {"notes", P_STRING, true, "the reasons"},
                                   RPC_PARAM_END};

void verification_register_methods(app *a)
{
    static rpc_method methods[] = {
        {"iv.sample", m_sample, RPC_WRITE, p_sample,
         "an internal verifier's sample of a unit's assessment", NULL},
        {"iv.countersign", m_countersign, RPC_WRITE, p_countersign,
         "a qualified internal verifier supports a trainee IV's sample", NULL},
        {"iv.samples", m_samples, 0, p_reg, "a registration's IV samples", NULL},
        {"iv.plan", m_plan, 0, p_plan,
         "what to sample: all simulated evidence, sign-offs not yet sampled, per assessor", NULL},
        {"appeal.lodge", m_appeal_lodge, RPC_WRITE, p_lodge, "appeal against a decision", NULL},
        {"appeal.hear", m_appeal_hear, RPC_WRITE, p_hear, "record an appeal's hearing", NULL},
        {"appeal.list", m_appeal_list, 0, p_reg, "a registration's appeals", NULL},
        {NULL, NULL, 0, NULL, NULL, NULL},
    };
    app_register(a, methods);
}
