/* assessment — evidence, decisions, sign-off and countersignatures. See assessment.h. */
#include "assessment.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "auth.h"
#include "dates.h"
#include "dispatch.h"
#include "bodyhook.h"
#include "people.h"
#include "progress.h"
#include "evidence_add.h"

/* Maps evidence to more criteria: a correction that supersedes the record with the union of
 * its references and the new ones (the history keeps both). */
static int m_evidence_map(rpc_call *c)
{
    app *a = rpc_call_method(c)->udata;
    int64_t id = rpc_int(c, "evidence", 0);
    sbuf row;
    sbuf_init(&row);
    jw w;
    jw_init(&w, &row);
    int st = store_evidence_one_json(a->st, id, &w);
    if (st == STORE_NOTFOUND)
        return rpc_error(c, RPC_NOT_FOUND, NULL, "there is no evidence %lld", (long long)id);
    if (st != STORE_OK)
        return rpc_error(c, RPC_INTERNAL_ERROR, NULL, "%s", store_errmsg(a->st));
    json_doc *old;
    json_parse(row.data, row.len, &old, NULL);
    sbuf_free(&row);
    const json_value *o = json_doc_root(old);
    /* the new record: the old one's fields, its refs plus the new ones, superseding it */
    static const char *const keep[] = {
        "registration", "title",     "description",      "method",
        "date",         "location",  "simulated",        "environment",
        "witness",      "testimony", "countersigned_by", "countersigned_on"};
    sbuf np;
    sbuf_init(&np);
    jw_init(&w, &np);
    jw_obj_begin(&w);
    for (size_t i = 0; i < sizeof keep / sizeof *keep; i++) {
        const json_value *v = json_get(o, keep[i]);
        if (!v || v->type == JSON_NULL)
            continue;
        jw_key(&w, keep[i]);
        if (!strcmp(keep[i], "simulated"))
            jw_bool(&w, v->type == JSON_NUMBER ? v->u.num.i != 0 : v->u.boolean);
        else
            jw_value(&w, v);
    }
    jw_key(&w, "criteria");
    jw_arr_begin(&w);
    const json_value *refs = json_get(o, "refs"); /* a list (null or absent: none) */
    for (size_t i = 0; refs && i < refs->len; i++)
        jw_value(&w, refs->u.items[i]);
    const json_value *more = rpc_arg(c, "criteria");
    for (size_t i = 0; more && i < more->len; i++)
        jw_value(&w, more->u.items[i]);
    jw_arr_end(&w);
    jw_kint(&w, "supersedes", id);
    jw_obj_end(&w);
    json_doc_free(old);
    json_doc *nd;
    json_parse(np.data, np.len, &nd, NULL);
    sbuf_free(&np);
    int rc = evidence_add(c, a, json_doc_root(nd), false);
    json_doc_free(nd);
    return rc;
}

static int m_evidence_list(rpc_call *c)
{
    return registration_list(c, store_evidence_json);
}

/* ---- decisions ----------------------------------------------------------------------- */

static int m_decision_record(rpc_call *c)
{
    app *a = rpc_call_method(c)->udata;
    session *s = rpc_session(c);
    reg_ctx rc;
    if (registration_open(c, a, rpc_int(c, "registration", 0), REG_ASSESS, &rc))
        return -1;
    const char *unit = rpc_str(c, "unit"), *outcome = rpc_str(c, "outcome");
    const char *kind = rpc_str(c, "kind"), *date = rpc_str(c, "date");
    const cat_unit *u = registration_unit(c, a, &rc, unit, "unit");
    if (!u)
        return -1;
    if (strcmp(outcome, "met") && strcmp(outcome, "not_yet"))
        return rpc_error_field(c, "outcome", "outcome is 'met' or 'not_yet'");
    if (strcmp(kind, "formative") && strcmp(kind, "summative"))
        return rpc_error_field(c, "kind", "kind is 'formative' or 'summative'");
    if (registration_act_date(c, &rc, date, true))
        return -1;
    const json_value *ev = rpc_arg(c, "evidence");
    if (!strcmp(kind, "summative") && ev->len == 0)
        return rpc_error_field(c, "evidence",
                               "a summative decision names the evidence it relies on");
    if (registration_evidence_of_unit(c, a, &rc, cat_unit_number(u), ev, date))
        return -1;
    int64_t sup = rpc_int(c, "supersedes", 0), id;
    if (registration_supersedes(c, a, "decision", rc.r.id, sup, cat_unit_number(u)))
        return -1;
    bool trainee = !people_qualified(a, s->person, "assessor");
    sbuf etext;
    sbuf_init(&etext);
    jw w;
    jw_init(&w, &etext);
    jw_value(&w, ev);
    char at[21];
    time_now_iso(at);
    int st = store_decision_insert(a->st, rc.r.id, cat_unit_number(u), outcome, kind,
                                   rpc_str(c, "justification"), rpc_str(c, "feedback"), date,
                                   etext.data, s->person, trainee, sup, at, &id);
    sbuf_free(&etext);
    if (st != STORE_OK)
        return rpc_error(c, RPC_INTERNAL_ERROR, NULL, "%s", store_errmsg(a->st));
    dispatch_set_record(c, "decision", id);
    jw *r = rpc_result(c);
    jw_obj_begin(r);
    jw_kint(r, "id", id);
    jw_kbool(r, "countersignature_required", trainee);
    jw_obj_end(r);
    return 0;
}

static int m_decision_list(rpc_call *c)
{
    return registration_list(c, store_decisions_json);
}

static int m_decision_countersign(rpc_call *c)
{
    app *a = rpc_call_method(c)->udata;
    store_decision d;
    int st = store_decision_get(a->st, rpc_int(c, "decision", 0), &d);
    if (st == STORE_NOTFOUND)
        return rpc_error(c, RPC_NOT_FOUND, NULL, "there is no decision %lld",
                         (long long)rpc_int(c, "decision", 0));
    reg_ctx rc;
    if (st != STORE_OK || registration_open(c, a, d.registration, REG_COUNTERSIGN, &rc))
        return st != STORE_OK ? rpc_error(c, RPC_INTERNAL_ERROR, NULL, "%s", store_errmsg(a->st))
                              : -1;
    if (people_countersigner(c, a, rc.r.centre, d.assessor, "assessor", "decisions"))
        return -1;
    if (!d.trainee)
        return rpc_error(c, RPC_CONFLICT, NULL,
                         "decision %lld was made by a qualified assessor: it needs no "
                         "countersignature",
                         (long long)d.id);
    return registration_countersign(c, a, "decision", "decision", d.id);
}

/* ---- unit sign-off ------------------------------------------------------------------- */

/* The reasons a unit is not ready, one violation each. */
static void write_missing(jw *w, const json_value *u)
{
    jw_arr_begin(w);
    const json_value *crit = json_get(u, "criteria");
    for (size_t i = 0; crit && i < crit->len; i++) {
        const json_value *x = crit->u.items[i];
        const json_value *cov = json_get(x, "covered");
        if (cov && cov->type == JSON_BOOL && cov->u.boolean)
            continue;
        const json_value *ref = json_get(x, "ref"), *text = json_get(x, "text");
        char msg[700];
        snprintf(msg, sizeof msg, "%s \"%s\" has no evidence", ref->u.str,
                 text && text->type == JSON_STRING ? text->u.str : "");
        jw_obj_begin(w);
        jw_kstr(w, "rule", "criterion_not_covered");
        jw_kstr(w, "message", msg);
        jw_kstr(w, "ref", ref->u.str);
        jw_obj_end(w);
    }
    const json_value *ranges = json_get(u, "ranges");
    for (size_t i = 0; ranges && i < ranges->len; i++) {
        const json_value *x = ranges->u.items[i];
        const json_value *met = json_get(x, "met");
        if (met && met->type == JSON_BOOL && met->u.boolean)
            continue;
        const json_value *ref = json_get(x, "ref"), *rule = json_get(x, "rule");
        const json_value *miss = json_get(x, "missing");
        char msg[700];
        sbuf m; /* a long ref or list is cut at the end, never written past it */
        sbuf_init(&m);
        sbuf_printf(&m, "%s needs %s of its %lld items; %lld covered (missing:", ref->u.str,
                    rule->u.str, (long long)json_get(x, "items")->u.num.i,
                    (long long)json_get(x, "covered")->u.num.i);
        for (size_t k = 0; miss && k < miss->len && m.len < sizeof msg; k++)
            sbuf_printf(&m, " %s", miss->u.items[k]->u.str);
        snprintf(msg, sizeof msg, "%s)", sbuf_cstr(&m));
        sbuf_free(&m);
        jw_obj_begin(w);
        jw_kstr(w, "rule", "range_not_covered");
        jw_kstr(w, "message", msg);
        jw_kstr(w, "ref", ref->u.str);
        jw_obj_end(w);
    }
    const json_value *summ = json_get(u, "summative");
    if (!summ || summ->type != JSON_STRING || strcmp(summ->u.str, "met") != 0) {
        jw_obj_begin(w);
        jw_kstr(w, "rule", "summative_decision");
        jw_kstr(w, "message",
                summ && summ->type == JSON_STRING
                    ? "the latest summative decision is 'not_yet'"
                    : "no summative decision 'met' is recorded for the unit");
        jw_kstr(w, "ref", json_get(u, "number")->u.str);
        jw_obj_end(w);
    }
    const json_value *v = json_get(u, "violations");
    for (size_t i = 0; v && i < v->len; i++)
        jw_value(w, v->u.items[i]);
    jw_arr_end(w);
}

int assessment_refuse_unready(rpc_call *c, app *a, const reg_ctx *rc, json_doc *progress,
                              const cat_unit *u)
{
    const json_value *st = progress_unit(progress, cat_unit_number(u));
    if (!st)
        return bodyhook_bad_answer(c, a, rc->r.body, "progress", "no entry for unit %s",
                                   cat_unit_number(u));
    /* a broken unit rule refuses it whatever ready_for_signoff says (protocol.md) */
    const json_value *ready = json_get(st, "ready_for_signoff"),
                     *broken = json_get(st, "violations");
    if (ready && ready->type == JSON_BOOL && ready->u.boolean &&
        !(broken && broken->type == JSON_ARRAY && broken->len > 0))
        return 0;
    sbuf vs;
    sbuf_init(&vs);
    jw w;
    jw_init(&w, &vs);
    write_missing(&w, st);
    if (vs.len == 2) { /* "[]": a refusal always says why */
        sbuf_reset(&vs);
        jw_init(&w, &vs);
        jw_arr_begin(&w);
        bodyhook_violation(&w, "not_ready", NULL,
                           "the body's rules answered that the unit is not ready for sign-off, "
                           "giving no reason");
        jw_arr_end(&w);
    }
    json_doc *vd;
    json_parse(vs.data, vs.len, &vd, NULL);
    bodyhook_refuse(c, json_doc_root(vd),
                    "unit %s cannot be signed off: %zu requirement(s) not met", cat_unit_number(u),
                    json_doc_root(vd)->len);
    json_doc_free(vd);
    sbuf_free(&vs);
    return -1;
}

static int m_unit_signoff(rpc_call *c)
{
    app *a = rpc_call_method(c)->udata;
    session *s = rpc_session(c);
    reg_ctx rc;
    if (registration_open(c, a, rpc_int(c, "registration", 0), REG_ASSESS, &rc))
        return -1;
    const cat_unit *u = registration_unit(c, a, &rc, rpc_str(c, "unit"), "unit");
    if (!u)
        return -1;
    const char *date = rpc_str(c, "date");
    if (registration_act_date(c, &rc, date, true))
        return -1;
    store_signoff so;
    if (store_signoff_get(a->st, rc.r.id, cat_unit_number(u), &so) == STORE_OK)
        return rpc_error(c, RPC_CONFLICT, NULL, "unit %s was already signed off on %s",
                         cat_unit_number(u), so.date);
    char decided[11];
    int got = store_summative_date(a->st, rc.r.id, cat_unit_number(u), decided);
    if (got != STORE_OK && got != STORE_NOTFOUND)
        return rpc_error(c, RPC_INTERNAL_ERROR, NULL, "%s", store_errmsg(a->st));
    if (got == STORE_OK && strcmp(date, decided) < 0)
        return rpc_error_field(c, "date",
                               "the sign-off (%s) is dated before the unit's summative decision "
                               "(%s): a unit is signed off once it is decided",
                               date, decided);
    json_doc *progress;
    if (progress_compute(c, a, &rc, true, &progress))
        return -1;
    int not_ready = assessment_refuse_unready(c, a, &rc, progress, u);
    json_doc_free(progress);
    if (not_ready)
        return -1;
    bool trainee = !people_qualified(a, s->person, "assessor");
    char at[21];
    time_now_iso(at);
    int64_t id;
    if (store_signoff_insert(a->st, rc.r.id, cat_unit_number(u), date, s->person, trainee, at,
                             &id) != STORE_OK)
        return rpc_error(c, RPC_INTERNAL_ERROR, NULL, "%s", store_errmsg(a->st));
    dispatch_set_record(c, "signoff", id);
    jw *w = rpc_result(c);
    jw_obj_begin(w);
    jw_kint(w, "id", id);
    jw_kstr(w, "status", trainee ? "awaiting_countersignature" : "signed_off");
    jw_obj_end(w);
    return 0;
}

static int m_unit_countersign(rpc_call *c)
{
    app *a = rpc_call_method(c)->udata;
    session *s = rpc_session(c);
    reg_ctx rc;
    if (registration_open(c, a, rpc_int(c, "registration", 0), REG_COUNTERSIGN, &rc))
        return -1;
    const cat_unit *u = registration_unit(c, a, &rc, rpc_str(c, "unit"), "unit");
    if (!u)
        return -1;
    store_signoff so;
    int st = store_signoff_get(a->st, rc.r.id, cat_unit_number(u), &so);
    if (st == STORE_NOTFOUND)
        return rpc_error(c, RPC_NOT_FOUND, NULL, "unit %s has not been signed off",
                         cat_unit_number(u));
    if (st != STORE_OK)
        return rpc_error(c, RPC_INTERNAL_ERROR, NULL, "%s", store_errmsg(a->st));
    if (people_countersigner(c, a, rc.r.centre, so.assessor, "assessor", "sign-off"))
        return -1;
    if (!so.trainee || so.countersigned)
        return rpc_error(c, RPC_CONFLICT, NULL,
                         "unit %s's sign-off is not awaiting a "
                         "countersignature",
                         cat_unit_number(u));
    char today[DATE_LEN], at[21];
    date_today_str(today);
    time_now_iso(at);
    if (store_countersign_insert(a->st, "signoff", so.id, s->person, today, at) != STORE_OK)
        return rpc_error(c, RPC_INTERNAL_ERROR, NULL, "%s", store_errmsg(a->st));
    dispatch_set_record(c, "signoff", so.id);
    jw *w = rpc_result(c);
    jw_obj_begin(w);
    jw_kint(w, "id", so.id);
    jw_kstr(w, "status", "signed_off");
    jw_obj_end(w);
    return 0;
}

static const rpc_param p_evidence[] = {
    {"registration", P_ID, true, NULL},
    {"title", P_LINE, true, "what it is"},
    {"method", P_STRING, true, "method code: O, EP, EWT, ECH, EPS, EWQ, QC, QW, PD, S"},
    {"date", P_DATE, true, "when it was produced or observed"},
    {"location", P_LINE, true, "where it is kept (it may stay where it is normally stored)"},
    {"criteria", P_ARRAY, true, "references it shows: [\"9:9.1\", \"411:2.3\"]"},
    {"ranges", P_ARRAY, false, "range items it shows: [\"411:ER6:b\"]"},
    {"description", P_STRING, false, NULL},
    {"simulated", P_BOOL, false, "produced in a simulation"},
    {"environment", P_STRING, false, "workplace or rwe (realistic working environment)"},
    {"evidence_type", P_STRING, false, "performance or knowledge (default: from the method)"},
    {"witness", P_ID, false, "the witness (from witness.list)"},
    {"testimony", P_ANY, false, "the items of a witness testimony present: {\"1\": true, ...}"},
    {"countersigned_by", P_LINE, false, "who authenticated a statement, log or diary"},
    {"countersigned_on", P_DATE, false, NULL},
    {"prior_achievement", P_BOOL, false, "evidence of prior achievement"},
    {"supersedes", P_ID, false, "the evidence this record corrects"},
    RPC_PARAM_END};
static const rpc_param p_reg[] = {{"registration", P_ID, true, NULL}, RPC_PARAM_END};
static const rpc_param p_map[] = {
    {"evidence", P_ID, true, "the evidence"},
    {"criteria", P_ARRAY, true, "more references it shows: [\"9:9.3\", \"411:ER6:c\"]"},
    RPC_PARAM_END};
static const rpc_param p_decision[] = {
    {"registration", P_ID, true, NULL},
    {"unit", P_STRING, true, "the unit number"},
    {"outcome", P_STRING, true, "met or not_yet"},
    {"kind", P_STRING, true, "formative or summative"},
    {"justification", P_STRING, true, "why: enough detail to justify the decision"},
    {"feedback", P_STRING, true, "feedback to the candidate"},
    {"date", P_DATE, true, NULL},
    {"evidence", P_ARRAY, true, "ids of the evidence relied on"},
    {"supersedes", P_ID, false, "the decision this one corrects"},
    RPC_PARAM_END};
static const rpc_param p_countersign[] = {{"decision", P_ID, true, NULL}, RPC_PARAM_END};
static const rpc_param p_signoff[] = {{"registration", P_ID, true, NULL},
                                      {"unit", P_STRING, true, "the unit number"},
                                      {"date", P_DATE, true, NULL},
                                      RPC_PARAM_END};
static const rpc_param p_unit[] = {
    {"registration", P_ID, true, NULL}, {"unit", P_STRING, true, "the unit number"}, RPC_PARAM_END};
void assessment_register_methods(app *a)
{
    static rpc_method methods[] = {
        {"evidence.add", evidence_add_method, RPC_WRITE | RPC_WRITE_THREAD, p_evidence,
         "add evidence mapped to criteria; the body's rules may refuse it or warn", NULL},
        {"evidence.map", m_evidence_map, RPC_WRITE, p_map,
         "map evidence to more criteria (a correction superseding the record)", NULL},
        {"evidence.list", m_evidence_list, 0, p_reg, "a portfolio's evidence, with history", NULL},
        {"decision.record", m_decision_record, RPC_WRITE, p_decision,
         "an assessment decision (formative or summative) with justification and feedback", NULL},
        {"decision.list", m_decision_list, 0, p_reg, "a registration's decisions", NULL},
        {"decision.countersign", m_decision_countersign, RPC_WRITE, p_countersign,
         "a qualified assessor supports a trainee's decision", NULL},
        {"unit.signoff", m_unit_signoff, RPC_WRITE, p_signoff,
         "sign a unit off (refused while anything is missing)", NULL},
        {"unit.countersign", m_unit_countersign, RPC_WRITE, p_unit,
         "a qualified assessor countersigns a trainee's sign-off", NULL},
        {NULL, NULL, 0, NULL, NULL, NULL},
    };
    app_register(a, methods);
}
