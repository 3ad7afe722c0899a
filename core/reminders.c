/* reminders — the module's life cycle, the reminders.* methods and the live stream. See
 * reminders.h.
 *
 * reminders.due and reminders.ics ask every job afresh (a preview run: nothing is stored) for
 * what is due as of a date (reminders_due.c, reminders_gather.c); reminders.list reads the
 * outbox. Each caller sees the reminders of
 * their centre when they administer it, and otherwise the ones that concern them or that they
 * should act on (rem_visible); the live stream follows the same rule.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "dates.h"
#include "log.h"
#include "people.h"
#include "reminders_internal.h"

/* ---- who sees what ----------------------------------------------------------------------- */

static int64_t int_member(const json_value *v, const char *k)
{
    const json_value *x = json_get(v, k);
    return x && x->type == JSON_NUMBER && x->u.num.is_int ? x->u.num.i : 0;
}

/* Whether the reminder concerns person, or person should act on it. */
bool rem_involves(const json_value *rem, int64_t person)
{
    const json_value *p = json_get(rem, "person");
    if (p && p->type == JSON_OBJECT && int_member(p, "id") == person)
        return true;
    const json_value *act = json_get(rem, "act");
    for (size_t i = 0; act && act->type == JSON_ARRAY && i < act->len; i++)
        if (int_member(act->u.items[i], "id") == person)
            return true;
    return false;
}

void rem_keep(session *s, const char *kind, int64_t person, int64_t limit, lh_keep *k)
{
    /* who sees what, said once, in ids: rem_visible reads a stored reminder by it, a job's run
     * (lh_run_job) the reminders it returns */
    *k = (lh_keep){.kind = kind, .involves = person, .limit = limit};
    if (!auth_known(s))
        return;
    k->see_all = s->os_admin && s->person == 0;
    if (auth_has(s, ROLE_ADMIN | ROLE_EV) && s->centre)
        k->see_centre = s->centre;
    k->see_person = s->person;
}

bool rem_visible(session *s, const json_value *rem)
{
    lh_keep k;
    rem_keep(s, NULL, 0, -1, &k);
    return k.see_all || (k.see_centre && int_member(rem, "centre") == k.see_centre) ||
           (k.see_person && rem_involves(rem, k.see_person));
}

/* ---- the live stream --------------------------------------------------------------------- */

static int wants(void *ud, void *session_ptr)
{
    session *s = session_ptr;
    return s && s->subscribed && rem_visible(s, ud);
}

void rem_notify(reminders *r, int64_t id, const json_value *rem)
{
    app *a = r->a;
    if (!a->srv || !rem || rem->type != JSON_OBJECT)
        return;
    sbuf line;
    sbuf_init(&line);
    jw w;
    jw_init(&w, &line);
    jw_obj_begin(&w);
    jw_kstr(&w, "jsonrpc", "2.0");
    jw_kstr(&w, "method", "reminders.notify");
    jw_key(&w, "params");
    jw_obj_begin(&w);
    jw_kint(&w, "id", id);
    for (size_t k = 0; k < rem->len; k++) {
        jw_keyn(&w, rem->u.members[k].key, rem->u.members[k].key_len);
        jw_value(&w, rem->u.members[k].value);
    }
    jw_obj_end(&w);
    jw_obj_end(&w);
    sbuf_addc(&line, '\n');
    server_broadcast(a->srv, line.data, line.len, wants, (void *)rem);
    sbuf_free(&line);
}

/* A person the caller may ask about: themselves, or someone of a centre they administer. */
int rem_person_param(rpc_call *c, app *a, int64_t *person)
{
    session *s = rpc_session(c);
    *person = rpc_int(c, "person", 0);
    if (!*person || *person == s->person)
        return 0;
    store_person p;
    if (people_need(c, a, *person, &p))
        return -1;
    if (!auth_has(s, ROLE_ADMIN | ROLE_EV)) {
        jw *w = rpc_error_data(c, RPC_FORBIDDEN, NULL,
                               "own_reminders: you may ask for your own reminders only");
        jw_kstr(w, "rule", "own_reminders");
        return rpc_error_done(c);
    }
    return people_same_centre(c, p.centre);
}

/* ---- reminders.list ---------------------------------------------------------------------- */

typedef struct list_ctx {
    reminders *r;
    session *s;
    jw *w;
    int64_t left;
    int64_t person;
    int rc;
} list_ctx;

static int list_row(void *ud, const store_reminder *sr)
{
    list_ctx *lc = ud;
    json_doc *doc;
    if (json_parse(sr->body_json, strlen(sr->body_json), &doc, NULL) != 0)
        return 0;
    const json_value *rem = json_doc_root(doc);
    if (!rem_visible(lc->s, rem) || (lc->person && !rem_involves(rem, lc->person))) {
        json_doc_free(doc);
        return 0;
    }
    jw *w = lc->w;
    jw_obj_begin(w);
    jw_kint(w, "id", sr->id);
    jw_kstr(w, "created_at", sr->created_at);
    for (size_t k = 0; k < rem->len; k++) {
        jw_keyn(w, rem->u.members[k].key, rem->u.members[k].key_len);
        jw_value(w, rem->u.members[k].value);
    }
    json_doc_free(doc);
    jw_key(w, "delivery");
    jw_obj_begin(w);
    jw_kstr(w, "command", sr->command_state);
    jw_kint(w, "attempts", sr->attempts);
    jw_key(w, "next_attempt");
    if (sr->next_attempt_ms && !strcmp(sr->command_state, "pending")) {
        time_t t = (time_t)(sr->next_attempt_ms / 1000);
        struct tm tm;
        char at[24];
        gmtime_r(&t, &tm);
        strftime(at, sizeof at, "%Y-%m-%dT%H:%M:%SZ", &tm);
        jw_str(w, at);
    } else {
        jw_null(w);
    }
    jw_key(w, "attempts_made");
    if (store_deliveries_json(lc->r->a->st, sr->id, w) != STORE_OK) {
        lc->rc = -1;
        return 1;
    }
    jw_obj_end(w);
    jw_obj_end(w);
    return --lc->left <= 0;
}

static int m_list(rpc_call *c)
{
    reminders *r = rpc_call_method(c)->udata;
    int64_t limit = rpc_int(c, "limit", 100), person;
    if (limit < 1 || limit > 10000)
        return rpc_error_field(c, "limit", "limit must be 1..10000");
    if (rem_person_param(c, r->a, &person))
        return -1;
    store_reminder_filter f = {.after = rpc_int(c, "after", 0),
                               .id = rpc_int(c, "reminder", 0),
                               .registration = rpc_int(c, "registration", 0),
                               .state = rpc_str(c, "state"),
                               .kind = rpc_str(c, "kind")};
    sbuf out;
    sbuf_init(&out);
    jw w;
    jw_init(&w, &out);
    list_ctx lc = {r, rpc_session(c), &w, limit, person, 0};
    jw_arr_begin(&w);
    int rc = store_reminder_each(r->a->st, &f, list_row, &lc);
    jw_arr_end(&w);
    if (rc != STORE_OK || lc.rc) {
        sbuf_free(&out);
        return rpc_error(c, RPC_INTERNAL_ERROR, NULL, "%s", store_errmsg(r->a->st));
    }
    jw_raw(rpc_result(c), out.data, out.len);
    sbuf_free(&out);
    return 0;
}

/* ---- the live stream's switch ------------------------------------------------------------ */

static int subscription(rpc_call *c, bool on)
{
    session *s = rpc_session(c);
    s->subscribed = on;
    jw *w = rpc_result(c);
    jw_obj_begin(w);
    jw_kbool(w, "subscribed", on);
    jw_kstr(w, "method", "reminders.notify");
    jw_obj_end(w);
    return 0;
}

static int m_subscribe(rpc_call *c)
{
    return subscription(c, true);
}

static int m_unsubscribe(rpc_call *c)
{
    return subscription(c, false);
}

void rem_register_methods(reminders *r)
{
    static const rpc_param none[] = {RPC_PARAM_END};
    static const rpc_param due[] = {
        {"date", P_DATE, false, "as of this date (default today)"},
        {"within_days", P_INT, false,
         "also what falls due this many days later (default: each "
         "job's window, else --reminder-within)"},
        {"kind", P_STRING, false, "only this kind (review_due, award_deadline, ...)"},
        {"person", P_ID, false, "only reminders concerning this person or for them to act on"},
        {"limit", P_INT, false, "at most this many, the earliest due first (default: all)"},
        RPC_PARAM_END};
    static const rpc_param list[] = {
        {"after", P_INT, false, "reminders after this id (paging)"},
        {"limit", P_INT, false, "at most this many (default 100)"},
        {"state", P_STRING, false, "command delivery: none, pending, delivered or failed"},
        {"kind", P_STRING, false, "only this kind"},
        {"registration", P_ID, false, "only reminders about this registration"},
        {"reminder", P_ID, false, "this one reminder"},
        {"person", P_ID, false, "only reminders concerning this person or for them to act on"},
        RPC_PARAM_END};
    static const rpc_param ics[] = {
        {"person", P_ID, false, "the person whose calendar it is (default: what you may see)"},
        RPC_PARAM_END};
    static rpc_method methods[] = {
        {"reminders.due", rem_m_due, 0, due,
         "everything due or overdue as of a date: kind, due date, whom it concerns, who should "
         "act and why",
         NULL},
        {"reminders.list", m_list, 0, list, "the outbox: stored reminders with delivery state",
         NULL},
        {"reminders.subscribe", m_subscribe, 0, none,
         "receive new reminders on this connection as reminders.notify notifications", NULL},
        {"reminders.unsubscribe", m_unsubscribe, 0, none, "stop the notifications", NULL},
        {"reminders.ics", rem_m_ics, 0, ics,
         "an iCalendar (RFC 5545) feed of reviews and deadlines, as text", NULL},
        {NULL, NULL, 0, NULL, NULL, NULL},
    };
    for (rpc_method *m = methods; m->name; m++) {
        m->udata = r;
        if (rpc_register(r->a->rpc, m, NULL) != 0)
            log_error("reminders", "method %s is registered twice", m->name);
    }
}

/* ---- life cycle -------------------------------------------------------------------------- */

reminders *reminders_new(app *a)
{
    reminders *r = calloc(1, sizeof *r);
    if (!r)
        return NULL;
    r->a = a;
    lh_options lo = {
        .plugins_dir = a->cfg.scripts_dir,
        .catalogue_dir = a->cfg.catalogue_dir,
        .time_ms = a->cfg.script_time_ms,
        .load_time_ms = a->cfg.lua_load_time_ms,
        .memory = a->cfg.script_memory,
        .kind = LH_SCRIPTS,
        .bind_ud = a,
    };
    r->scripts = lh_new(&lo, a->rpc, NULL);
    lo.log_as = "previews"; /* loaded at the first reminders.due, then as the files change */
    r->previews = lh_new(&lo, a->rpc, NULL);
    int failed = lh_reload(r->scripts);
    int loaded, nfailed;
    lh_counts(r->scripts, &loaded, &nfailed);
    log_info("reminders", "%d job(s) loaded from %s, %d failed", loaded, a->cfg.scripts_dir,
             failed);
    sched_register_methods(r);
    rem_register_methods(r);
    return r;
}

void reminders_start(reminders *r)
{
    r->started = true;
    sched_start(r);
    deliver_init(r);
    deliver_kick(r); /* deliveries left pending by an earlier run */
}

void reminders_stop(reminders *r)
{
    if (!r || !r->started || r->stopping)
        return;
    r->stopping = true;
    rem_end_calls(r); /* any made since the signal */
    sched_stop(r);
    deliver_stop(r);
}

void reminders_end_calls(reminders *r)
{
    rem_end_calls(r);
}

void reminders_free(reminders *r)
{
    if (!r)
        return;
    lh_free(r->scripts);
    lh_free(r->previews);
    sched_free(r);
    free(r);
}
