/* claim — certification claims: claim.check (a dry run) and claim.create (signed by the
 * internal verifier). The body's plugin decides eligibility (the "claim.check" hook) from the
 * registration's progress, dates and the signing IV's qualification. See claim.h. */
#include "claim.h"

#include <stdio.h>
#include <string.h>

#include "bodyhook.h"
#include "catalogue.h"
#include "dates.h"
#include "dispatch.h"
#include "people.h"
#include "progress.h"
#include "registration.h"

/* Builds the claim hook's argument and asks the plugin; *verdict = {eligible, violations}. iv is
 * the internal verifier who signs (or would sign) the claim. */
static int check_claim(rpc_call *c, app *a, const reg_ctx *rc, int64_t iv, bool full,
                       const json_value *units, const char *date, json_doc **verdict, sbuf *claimed)
{
    json_doc *progress;
    if (progress_compute(c, a, rc, false, &progress))
        return -1;
    sbuf args;
    sbuf_init(&args);
    jw w;
    jw_init(&w, &args);
    jw_arr_begin(&w);
    jw_obj_begin(&w);
    jw_kbool(&w, "full", full);
    jw_key(&w, "units");
    jw cw;
    jw_init(&cw, claimed);
    jw_arr_begin(&cw);
    if (units) {
        for (size_t i = 0; i < units->len; i++)
            if (units->u.items[i]->type == JSON_STRING)
                jw_str(&cw, units->u.items[i]->u.str);
    } else {
        /* a full claim covers every unit achieved; a unit claim, every unit signed off */
        const json_value *us = json_get(json_doc_root(progress), "units");
        for (size_t i = 0; us && i < us->len; i++) {
            const json_value *ach = json_get(us->u.items[i], "achieved");
            if (ach && ach->type == JSON_BOOL && ach->u.boolean)
                jw_str(&cw, json_get(us->u.items[i], "number")->u.str);
        }
    }
    jw_arr_end(&cw);
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
    const json_value *el = json_get(json_doc_root(v), "eligible");
    if (!el || el->type != JSON_BOOL || !el->u.boolean) {
        bodyhook_refuse(c, json_get(json_doc_root(v), "violations"),
                        "registration %lld may not claim yet", (long long)rc.r.id);
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
        {NULL, NULL, 0, NULL, NULL, NULL},
    };
    app_register(a, methods);
}
