/* report — gathering records for the plugins' reports. See report.h. */
#include "report.h"

#include <stdbool.h>
#include <string.h>

#include "progress.h"
#include "auth.h"
#include "bodyhook.h"
#include "catalogue.h"
#include "dates.h"
#include "lua_host_internal.h"
#include "people.h"
#include "registration.h"
#include "store.h"

typedef struct found {
    const char *name, *body;
    lh_plugin *p;
    lh_report *r;
} found;

/* The body's own plugin offers the report; a plugin of no body (a centre's reports, for every
 * body) offers it when the body's plugin does not. f->body NULL: the plugins of no body. */
static void find_in(void *ud, lh_plugin *p)
{
    found *f = ud;
    if (f->p || (f->body ? !p->body || strcmp(p->body, f->body) != 0 : p->body != NULL))
        return;
    for (lh_report *r = p->reports; r; r = r->next)
        if (strcmp(r->name, f->name) == 0) {
            f->p = p;
            f->r = r;
            return;
        }
}

static void list_in(void *ud, lh_plugin *p)
{
    jw *w = ud;
    for (lh_report *r = p->reports; r; r = r->next) {
        jw_obj_begin(w);
        jw_kstr(w, "report", r->name);
        jw_kstr(w, "title", r->title);
        jw_kstr(w, "scope", r->scope);
        jw_key(w, "formats");
        jw_raw(w, r->formats, strlen(r->formats));
        jw_kstr(w, "plugin", p->name);
        jw_kstr_or_null(w, "body", p->body);
        jw_obj_end(w);
    }
}

static int m_list(rpc_call *c)
{
    app *a = rpc_call_method(c)->udata;
    jw *w = rpc_result(c);
    jw_arr_begin(w);
    lh_each(a->lh, list_in, w);
    jw_arr_end(w);
    return 0;
}

/* Everything a registration report may show: the records the handbook lists for a centre. */
static int registration_data(rpc_call *c, app *a, const reg_ctx *rc, jw *w)
{
    json_doc *progress;
    if (progress_compute(c, a, rc, false, &progress))
        return -1;
    const store_registration *r = &rc->r;
    char today[DATE_LEN], q[128];
    date_today_str(today);
    snprintf(q, sizeof q, "%s:%s", r->body, r->qualification);
    int st = STORE_OK;
    jw_obj_begin(w);
    jw_kstr(w, "today", today);
    jw_kint(w, "registration", r->id);
    jw_kstr(w, "registered_on", r->registered_on);
    jw_kstr_or_null(w, "body_reference", *r->body_reference ? r->body_reference : NULL);
    jw_key(w, "qualification");
    jw_obj_begin(w);
    jw_kstr(w, "ref", q);
    jw_kstr(w, "title", r->title);
    jw_kint(w, "level", r->level);
    jw_obj_end(w);
    people_write_brief(a, w, "candidate", r->candidate);
    people_write_brief(a, w, "assessor", r->assessor);
    people_write_brief(a, w, "iv", r->iv);
    static const char *const kinds[] = {"initial_assessment", "plan", "review"};
    static const char *const keys[] = {"initial_assessments", "plans", "reviews"};
    for (int i = 0; i < 3 && st == STORE_OK; i++) {
        jw_key(w, keys[i]);
        st = store_records_json(a->st, kinds[i], r->id, w);
    }
    if (st == STORE_OK) {
        jw_key(w, "evidence");
        st = store_evidence_json(a->st, r->id, w);
    }
    if (st == STORE_OK) {
        jw_key(w, "decisions");
        st = store_decisions_json(a->st, r->id, w);
    }
    if (st == STORE_OK) {
        jw_key(w, "signoffs");
        st = store_signoffs_json(a->st, r->id, w);
    }
    if (st == STORE_OK) {
        jw_key(w, "iv_samples");
        st = store_iv_samples_json(a->st, r->id, w);
    }
    if (st == STORE_OK) {
        jw_key(w, "appeals");
        st = store_appeals_json(a->st, r->id, w);
    }
    if (st == STORE_OK) {
        jw_key(w, "claims");
        st = store_claims_json(a->st, r->id, w);
    }
    if (st == STORE_OK) {
        jw_key(w, "witnesses");
        st = store_witnesses_json(a->st, r->centre, w);
    }
    jw_key(w, "progress");
    jw_value(w, json_doc_root(progress));
    jw_key(w, "methods");
    jw_value(w, json_get(cat_body_json(rc->body), "methods"));
    jw_obj_end(w);
    json_doc_free(progress);
    if (st != STORE_OK)
        return rpc_error(c, RPC_INTERNAL_ERROR, NULL, "%s", store_errmsg(a->st));
    return 0;
}

/* The external verifier's visit pack: registrations with achievements, staff with their
 * awards, the sampling plan. */
static int centre_data(rpc_call *c, app *a, int64_t centre, const char *body, jw *w)
{
    char today[DATE_LEN], number[64], name[256];
    date_today_str(today);
    int st = store_centre_get(a->st, centre, number, name);
    if (st == STORE_NOTFOUND)
        return rpc_error(c, RPC_NOT_FOUND, NULL, "there is no centre %lld", (long long)centre);
    if (st != STORE_OK)
        return rpc_error(c, RPC_INTERNAL_ERROR, NULL, "%s", store_errmsg(a->st));
    jw_obj_begin(w);
    jw_kstr(w, "today", today);
    jw_kint(w, "centre", centre);
    jw_kstr(w, "centre_number", number);
    jw_kstr(w, "centre_name", name);
    jw_kstr(w, "body", body);
    jw_key(w, "registrations");
    st = store_centre_registrations_json(a->st, centre, body, w);
    if (st == STORE_OK) {
        jw_key(w, "staff");
        st = store_people_json(a->st, centre, NULL, w);
    }
    if (st == STORE_OK) {
        jw_key(w, "iv_plan");
        st = store_iv_plan_json(a->st, centre, w);
    }
    jw_obj_end(w);
    if (st != STORE_OK)
        return rpc_error(c, RPC_INTERNAL_ERROR, NULL, "%s", store_errmsg(a->st));
    return 0;
}

static int m_render(rpc_call *c)
{
    app *a = rpc_call_method(c)->udata;
    session *s = rpc_session(c);
    const char *name = rpc_str(c, "report"), *format = rpc_str(c, "format");
    int64_t reg = rpc_int(c, "registration", 0), centre = rpc_int(c, "centre", 0);
    if (strcmp(format, "html") && strcmp(format, "csv") && strcmp(format, "json") &&
        strcmp(format, "text"))
        return rpc_error_field(c, "format", "format is html, csv, json or text");
    if (!reg == !centre)
        return rpc_error(c, RPC_INVALID_PARAMS, NULL,
                         "give either registration (a candidate's report) or centre (with "
                         "body: a centre's report)");
    reg_ctx rc;
    const char *body = rpc_str(c, "body");
    if (reg) {
        if (registration_open(c, a, reg, REG_READ, &rc))
            return -1;
        body = rc.r.body;
    } else {
        if (!body)
            return rpc_error_field(c, "body",
                                   "a centre's report is for one awarding body: give body");
        if (auth_require(c, ROLE_ADMIN | ROLE_IV | ROLE_EV, "centre_reports") ||
            (!auth_has(s, ROLE_EV) && people_same_centre(c, centre)))
            return -1;
    }
    found f = {name, body, NULL, NULL};
    lh_each(a->lh, find_in, &f);
    if (!f.p) {
        f.body = NULL;
        lh_each(a->lh, find_in, &f);
    }
    if (!f.p)
        return rpc_error(c, RPC_NOT_FOUND, NULL,
                         "no plugin for %s offers a report '%s' (report.list lists them)", body,
                         name);
    if (strcmp(f.r->scope, reg ? "registration" : "centre") != 0)
        return rpc_error_field(c, "report", "report '%s' is for a %s", name, f.r->scope);
    char quoted[16];
    snprintf(quoted, sizeof quoted, "\"%s\"", format);
    if (!strstr(f.r->formats, quoted))
        return rpc_error_field(c, "format", "report '%s' comes as %s, not %s", name, f.r->formats,
                               format);
    sbuf args;
    sbuf_init(&args);
    jw w;
    jw_init(&w, &args);
    jw_arr_begin(&w);
    int rcode = reg ? registration_data(c, a, &rc, &w) : centre_data(c, a, centre, body, &w);
    jw_str(&w, format);
    jw_arr_end(&w);
    if (rcode) {
        sbuf_free(&args);
        return -1;
    }
    char hook[96];
    snprintf(hook, sizeof hook, "report:%s", name);
    json_doc *out;
    lh_error err;
    if (lh_call(f.p, hook, args.data, args.len, &out, &err) != 0) {
        sbuf_free(&args);
        return lh_rpc_error(c, &err);
    }
    sbuf_free(&args);
    const json_value *content = out ? json_doc_root(out) : NULL;
    /* json is a table: a string there is most likely cjson.encode's text, which would reach
     * the client as one JSON string rather than the table */
    bool json = !strcmp(format, "json");
    if (!content || (!json && content->type != JSON_STRING) ||
        (json && content->type != JSON_OBJECT && content->type != JSON_ARRAY)) {
        const char *got = content ? json_type_name(content->type) : "nothing (nil)";
        json_doc_free(out);
        return bodyhook_bad_answer_of(c, f.p->name, hook, "%s, not %s", got,
                                      json ? "a table (the report's data, not JSON text)"
                                           : "a string");
    }
    static const char *const types[][2] = {{"html", "text/html; charset=utf-8"},
                                           {"csv", "text/csv; charset=utf-8"},
                                           {"text", "text/plain; charset=utf-8"},
                                           {"json", "application/json"}};
    const char *type = "";
    for (int i = 0; i < 4; i++)
        if (!strcmp(types[i][0], format))
            type = types[i][1];
    jw *rw = rpc_result(c);
    jw_obj_begin(rw);
    jw_kstr(rw, "report", name);
    jw_kstr(rw, "title", f.r->title);
    jw_kstr(rw, "format", format);
    jw_kstr(rw, "content_type", type);
    jw_key(rw, "content");
    jw_value(rw, content);
    jw_obj_end(rw);
    json_doc_free(out);
    return 0;
}

static const rpc_param p_none[] = {RPC_PARAM_END};
static const rpc_param p_render[] = {
    {"report", P_STRING, true, "car, witness_list, record_of_achievement, ev_visit_pack, ..."},
    {"format", P_STRING, true, "html, csv, json or text"},
    {"registration", P_ID, false, "for a candidate's report"},
    {"centre", P_ID, false, "for a centre's report"},
    {"body", P_STRING, false, "the awarding body, for a centre's report"},
    RPC_PARAM_END};

void report_register_methods(app *a)
{
    static rpc_method methods[] = {
        {"report.list", m_list, 0, p_none, "the reports the plugins offer", NULL},
        {"report.render", m_render, 0, p_render,
         "render a report: a page (html, text, csv) or a table (json)", NULL},
        {NULL, NULL, 0, NULL, NULL, NULL},
    };
    app_register(a, methods);
}
