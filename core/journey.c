/* journey — initial assessments, plans, reviews and the witness list. See journey.h. */
#include "journey.h"

#include <string.h>

#include "auth.h"
#include "dates.h"
#include "dispatch.h"
#include "people.h"
#include "registration.h"

static int created(rpc_call *c, const char *kind, int64_t id)
{
    dispatch_set_record(c, kind, id);
    jw *w = rpc_result(c);
    jw_obj_begin(w);
    jw_kint(w, "id", id);
    jw_obj_end(w);
    return 0;
}

/* The registration named by the call, opened for recording; the record's date (not after
 * today) and the record of kind it corrects (*sup, 0: none) checked. */
static int record_open(rpc_call *c, app *a, const char *kind, reg_ctx *rc, int64_t *sup)
{
    *sup = rpc_int(c, "supersedes", 0);
    if (registration_open(c, a, rpc_int(c, "registration", 0), REG_RECORD, rc) ||
        registration_act_date(c, rc, rpc_str(c, "date"), false) ||
        registration_supersedes(c, a, kind, rc->r.id, *sup, NULL))
        return -1;
    return 0;
}

static int m_initial_assessment(rpc_call *c)
{
    app *a = rpc_call_method(c)->udata;
    reg_ctx rc;
    int64_t sup, id;
    if (record_open(c, a, "initial_assessment", &rc, &sup))
        return -1;
    char at[21];
    time_now_iso(at);
    session *s = rpc_session(c);
    if (store_ia_insert(a->st, rc.r.id, rpc_str(c, "date"), rpc_str(c, "outcome"),
                        rpc_str(c, "notes"), s->person, sup, at, &id) != STORE_OK)
        return rpc_error(c, RPC_INTERNAL_ERROR, NULL, "%s", store_errmsg(a->st));
    return created(c, "initial_assessment", id);
}

/* items[i] of a plan: {unit, methods?, date?, place?}, the unit one of the registration's, the
 * methods a list of the body's method codes, the date a day, the place text. */
static int plan_item_ok(rpc_call *c, app *a, const reg_ctx *rc, const json_value *it, size_t i)
{
    static const char shape[] = "{unit, methods?, date?, place?}";
    const json_value *unit = json_get(it, "unit");
    if (it->type != JSON_OBJECT || !unit || unit->type != JSON_STRING)
        return rpc_error_field(c, "items", "items[%zu] must be %s", i, shape);
    for (size_t k = 0; k < it->len; k++) {
        const char *key = it->u.members[k].key;
        if (strcmp(key, "unit") && strcmp(key, "methods") && strcmp(key, "date") &&
            strcmp(key, "place"))
            return rpc_error_field(
                c, "items", "items[%zu] has '%.64s', which a plan item has not %s", i, key, shape);
    }
    if (!registration_unit(c, a, rc, unit->u.str, "items"))
        return -1;
    const json_value *m = json_get(it, "methods");
    if (m && m->type != JSON_ARRAY)
        return rpc_error_field(c, "items", "items[%zu].methods must be a list of %s's method codes",
                               i, cat_body_code(rc->body));
    for (size_t k = 0; m && k < m->len; k++)
        if (m->u.items[k]->type != JSON_STRING ||
            (cat_body_methods(rc->body) && !cat_body_has_method(rc->body, m->u.items[k]->u.str)))
            return rpc_error_field(c, "items",
                                   "items[%zu].methods[%zu] is not one of %s's method codes", i, k,
                                   cat_body_code(rc->body));
    const json_value *d = json_get(it, "date"), *place = json_get(it, "place");
    int64_t day;
    if (d && (d->type != JSON_STRING || d->len != 10 || !date_parse(d->u.str, &day)))
        return rpc_error_field(c, "items", "items[%zu].date is YYYY-MM-DD", i);
    if (place && place->type != JSON_STRING)
        return rpc_error_field(c, "items", "items[%zu].place must be text", i);
    return 0;
}

static int m_plan(rpc_call *c)
{
    app *a = rpc_call_method(c)->udata;
    reg_ctx rc;
    int64_t sup, id;
    if (record_open(c, a, "plan", &rc, &sup))
        return -1;
    const json_value *items = rpc_arg(c, "items");
    if (items->len == 0)
        return rpc_error_field(c, "items", "a plan names at least one unit in items");
    for (size_t i = 0; i < items->len; i++)
        if (plan_item_ok(c, a, &rc, items->u.items[i], i))
            return -1;
    sbuf itext;
    sbuf_init(&itext);
    jw w;
    jw_init(&w, &itext);
    jw_value(&w, items);
    char at[21];
    time_now_iso(at);
    session *s = rpc_session(c);
    int r = store_plan_insert(a->st, rc.r.id, rpc_str(c, "date"), itext.data, rpc_str(c, "notes"),
                              s->person, sup, at, &id);
    sbuf_free(&itext);
    if (r != STORE_OK)
        return rpc_error(c, RPC_INTERNAL_ERROR, NULL, "%s", store_errmsg(a->st));
    return created(c, "plan", id);
}

static int m_review(rpc_call *c)
{
    app *a = rpc_call_method(c)->udata;
    reg_ctx rc;
    int64_t sup, id;
    const char *date = rpc_str(c, "date");
    if (record_open(c, a, "review", &rc, &sup))
        return -1;
    char next[DATE_LEN];
    const char *next_due = rpc_str(c, "next_due");
    if (!next_due) {
        /* the centre's default interval (--review-interval) */
        int64_t d;
        date_parse(date, &d);
        date_format(d + a->cfg.review_interval_days, next);
        next_due = next;
    } else if (strcmp(next_due, date) <= 0) {
        return rpc_error_field(c, "next_due", "next_due (%s) must be after the review's date (%s)",
                               next_due, date);
    }
    char at[21];
    time_now_iso(at);
    session *s = rpc_session(c);
    if (store_review_insert(a->st, rc.r.id, date, rpc_str(c, "notes"), rpc_str(c, "feedback"),
                            next_due, s->person, sup, at, &id) != STORE_OK)
        return rpc_error(c, RPC_INTERNAL_ERROR, NULL, "%s", store_errmsg(a->st));
    return created(c, "review", id);
}

static int m_witness_create(rpc_call *c)
{
    app *a = rpc_call_method(c)->udata;
    session *s = rpc_session(c);
    if (auth_require(c, ROLE_ADMIN | ROLE_ASSESSOR | ROLE_CANDIDATE, "witness_list"))
        return -1;
    int64_t centre = rpc_int(c, "centre", s->centre), id;
    if (!centre)
        return rpc_error_field(c, "centre", "name the centre: you do not belong to one");
    if (people_same_centre(c, centre))
        return -1;
    char at[21];
    time_now_iso(at);
    int rc = store_witness_insert(a->st, centre, rpc_str(c, "name"), rpc_str(c, "job_title"),
                                  rpc_str(c, "relationship"), rpc_str(c, "contact"),
                                  rpc_bool(c, "signature_on_file", false), s->person, at, &id);
    if (rc == STORE_CONFLICT)
        return rpc_error(c, RPC_NOT_FOUND, NULL, "there is no centre %lld", (long long)centre);
    if (rc != STORE_OK)
        return rpc_error(c, RPC_INTERNAL_ERROR, NULL, "%s", store_errmsg(a->st));
    return created(c, "witness", id);
}

static int m_witness_list(rpc_call *c)
{
    app *a = rpc_call_method(c)->udata;
    session *s = rpc_session(c);
    int64_t centre = rpc_int(c, "centre", s->centre);
    if (centre && !auth_has(s, ROLE_EV) && people_same_centre(c, centre))
        return -1;
    if (store_witnesses_json(a->st, centre, rpc_result(c)) != STORE_OK)
        return rpc_error(c, RPC_INTERNAL_ERROR, NULL, "%s", store_errmsg(a->st));
    return 0;
}

static const rpc_param p_ia[] = {
    {"registration", P_ID, true, NULL},
    {"date", P_DATE, true, NULL},
    {"outcome", P_STRING, true, "what the candidate already has and the gaps"},
    {"notes", P_STRING, false, NULL},
    {"supersedes", P_ID, false, "the record this one corrects"},
    RPC_PARAM_END};
static const rpc_param p_plan[] = {
    {"registration", P_ID, true, NULL},
    {"date", P_DATE, true, "when the plan was agreed"},
    {"items", P_ARRAY, true, "[{unit, methods: [codes], date, place}]"},
    {"notes", P_STRING, false, NULL},
    {"supersedes", P_ID, false, "the plan this one corrects"},
    RPC_PARAM_END};
static const rpc_param p_review[] = {
    {"registration", P_ID, true, NULL},
    {"date", P_DATE, true, NULL},
    {"notes", P_STRING, true, "what was reviewed"},
    {"feedback", P_STRING, false, "feedback given to the candidate"},
    {"next_due", P_DATE, false, "next review (default: the centre's interval)"},
    {"supersedes", P_ID, false, "the review this one corrects"},
    RPC_PARAM_END};
static const rpc_param p_witness[] = {
    {"name", P_LINE, true, NULL},
    {"job_title", P_LINE, false, NULL},
    {"relationship", P_LINE, false, "their relationship to the candidate"},
    {"contact", P_LINE, false, "contact details (telephone)"},
    {"signature_on_file", P_BOOL, false, "a sample signature is held"},
    {"centre", P_ID, false, "default: yours"},
    RPC_PARAM_END};
static const rpc_param p_witness_list[] = {{"centre", P_ID, false, "default: yours"},
                                           RPC_PARAM_END};

void journey_register_methods(app *a)
{
    static rpc_method methods[] = {
        {"initial_assessment.record", m_initial_assessment, RPC_WRITE, p_ia,
         "the initial assessment of a candidate", NULL},
        {"plan.record", m_plan, RPC_WRITE, p_plan,
         "an assessment plan: units, methods, dates, places", NULL},
        {"review.record", m_review, RPC_WRITE, p_review,
         "a review or feedback session, with the next due date", NULL},
        {"witness.create", m_witness_create, RPC_WRITE, p_witness, "add to the witness list", NULL},
        {"witness.list", m_witness_list, 0, p_witness_list, "the witness list", NULL},
        {NULL, NULL, 0, NULL, NULL, NULL},
    };
    app_register(a, methods);
}
