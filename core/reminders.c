/* reminders — the module's life cycle, the reminders.* methods and the live stream. See
 * reminders.h.
 *
 * reminders.due and reminders.ics ask every job afresh (a preview run: nothing is stored) for
 * what is due as of a date; reminders.list reads the outbox. Each caller sees the reminders of
 * their centre when they administer it, and otherwise the ones that concern them or that they
 * should act on (rem_visible); the live stream follows the same rule.
 */
#include <malloc.h> /* malloc_trim: glibc */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "dates.h"
#include "ical.h"
#include "log.h"
#include "people.h"
#include "reminders_internal.h"
#include "sha256.h"

#ifndef ASSESSD_VERSION
#define ASSESSD_VERSION "0.0.0"
#endif

/* ---- who sees what ----------------------------------------------------------------------- */

static int64_t int_member(const json_value *v, const char *k)
{
    const json_value *x = json_get(v, k);
    return x && x->type == JSON_NUMBER && x->u.num.is_int ? x->u.num.i : 0;
}

/* Whether the reminder concerns person, or person should act on it. */
static bool involves(const json_value *rem, int64_t person)
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

bool rem_visible(session *s, const json_value *rem)
{
    if (!auth_known(s))
        return false;
    if (s->os_admin && s->person == 0)
        return true;
    if (auth_has(s, ROLE_ADMIN | ROLE_EV) && s->centre && int_member(rem, "centre") == s->centre)
        return true;
    return involves(rem, s->person);
}

/* ---- the live stream --------------------------------------------------------------------- */

static int wants(void *ud, void *session_ptr)
{
    session *s = session_ptr;
    return s && s->subscribed && rem_visible(s, ud);
}

void rem_publish(reminders *r, const json_value *stored)
{
    app *a = r->a;
    sbuf line;
    sbuf_init(&line);
    for (size_t i = 0; a->srv && stored && i < stored->len; i++) {
        const json_value *x = stored->u.items[i], *rem = json_get(x, "reminder");
        sbuf_reset(&line);
        jw w;
        jw_init(&w, &line);
        jw_obj_begin(&w);
        jw_kstr(&w, "jsonrpc", "2.0");
        jw_kstr(&w, "method", "reminders.notify");
        jw_key(&w, "params");
        jw_obj_begin(&w);
        jw_kint(&w, "id", int_member(x, "id"));
        for (size_t k = 0; k < rem->len; k++) {
            jw_keyn(&w, rem->u.members[k].key, rem->u.members[k].key_len);
            jw_value(&w, rem->u.members[k].value);
        }
        jw_obj_end(&w);
        jw_obj_end(&w);
        sbuf_addc(&line, '\n');
        server_broadcast(a->srv, line.data, line.len, wants, (void *)rem);
    }
    sbuf_free(&line);
    deliver_kick(r);
}

/* ---- reminders.due ----------------------------------------------------------------------- */

/* A reminder gathered: its sort key, and either its place in a job's result (kept whole) or
 * the reply's object text (reminders.due with a limit, where each job's result is let go). */
typedef struct item {
    const char *due, *key;
    const json_value *v;
    char *text;
    size_t len;
} item;

/* Which gathered reminders are kept. With a limit, the earliest `limit` wanted ones stay in a
 * heap (the latest on top) and every job's result is freed after its run: a centre's worth of
 * reminders never sits in memory at once. */
typedef struct keep_rule {
    session *s; /* NULL: keep all (the caller filters) */
    const char *kind;
    int64_t person, limit; /* limit < 0: no limit */
    int64_t day;           /* the as-of date, for overdue and days */
} keep_rule;

typedef struct gathered {
    json_doc **docs;
    size_t ndocs;
    item *items;
    size_t n, cap;
    int64_t total; /* wanted, kept or not */
    keep_rule rule;
    sbuf failed; /* JSON array members */
} gathered;

#define TRIM_AFTER 10000 /* reminders gathered */

static int item_cmp(const item *x, const item *y)
{
    int c = strcmp(x->due, y->due);
    return c ? c : strcmp(x->key, y->key);
}

static int by_due(const void *a, const void *b)
{
    return item_cmp(a, b);
}

/* The filters of reminders.due and reminders.ics: visible to the caller, of this kind, and
 * involving this person (0: anyone). */
static bool wanted(session *s, const json_value *rem, const char *kind, int64_t person)
{
    if (kind && strcmp(json_get(rem, "kind")->u.str, kind) != 0)
        return false;
    if (person && !involves(rem, person))
        return false;
    return rem_visible(s, rem);
}

/* The reminder as reminders.due answers it: its fields, overdue and days. */
static void write_due(jw *w, const json_value *rem, const char *due, int64_t day)
{
    jw_obj_begin(w);
    for (size_t k = 0; k < rem->len; k++) {
        jw_keyn(w, rem->u.members[k].key, rem->u.members[k].key_len);
        jw_value(w, rem->u.members[k].value);
    }
    int64_t d;
    date_parse(due, &d);
    jw_kbool(w, "overdue", d < day);
    jw_kint(w, "days", d - day);
    jw_obj_end(w);
}

static void heap_swap(item *h, size_t i, size_t j)
{
    item t = h[i];
    h[i] = h[j];
    h[j] = t;
}

static void heap_down(item *h, size_t n, size_t i)
{
    for (;;) {
        size_t big = i, l = 2 * i + 1, r = l + 1;
        if (l < n && item_cmp(&h[l], &h[big]) > 0)
            big = l;
        if (r < n && item_cmp(&h[r], &h[big]) > 0)
            big = r;
        if (big == i)
            return;
        heap_swap(h, i, big);
        i = big;
    }
}

/* An item that owns its text: due and key point into it. */
static bool item_own(item *it, const json_value *rem, const char *due, const char *key, int64_t day)
{
    sbuf t;
    sbuf_init(&t);
    size_t dl = strlen(due), kl = strlen(key);
    sbuf_add(&t, due, dl + 1);
    sbuf_add(&t, key, kl + 1);
    size_t at = t.len;
    jw w;
    jw_init(&w, &t);
    write_due(&w, rem, due, day);
    size_t len = t.len - at;
    it->text = sbuf_detach(&t, NULL);
    if (!it->text)
        return false;
    it->due = it->text;
    it->key = it->text + dl + 1;
    it->v = NULL;
    it->len = len;
    return true;
}

static const char *item_json(const item *it)
{
    return it->due + strlen(it->due) + 1 + strlen(it->key) + 1;
}

static bool grow(gathered *g, size_t more)
{
    if (g->n + more <= g->cap)
        return true;
    size_t cap = (g->n + more) * 2;
    item *ni = realloc(g->items, cap * sizeof *ni);
    if (!ni)
        return false;
    g->items = ni;
    g->cap = cap;
    return true;
}

/* One reminder of a job's result: counted when wanted; kept whole, or in the heap. */
static void take(gathered *g, const json_value *rem)
{
    keep_rule *k = &g->rule;
    if (k->s && !wanted(k->s, rem, k->kind, k->person))
        return;
    g->total++;
    item it = {json_get(rem, "due")->u.str, json_get(rem, "key")->u.str, rem, NULL, 0};
    if (!k->s || k->limit < 0) {
        if (grow(g, 1))
            g->items[g->n++] = it;
        return;
    }
    if (k->limit == 0)
        return;
    if ((int64_t)g->n < k->limit) {
        if (!grow(g, 1) || !item_own(&g->items[g->n], rem, it.due, it.key, k->day))
            return;
        /* sift up */
        size_t i = g->n++;
        while (i && item_cmp(&g->items[(i - 1) / 2], &g->items[i]) < 0) {
            heap_swap(g->items, i, (i - 1) / 2);
            i = (i - 1) / 2;
        }
    } else if (item_cmp(&it, &g->items[0]) < 0) {
        item mine;
        if (!item_own(&mine, rem, it.due, it.key, k->day))
            return;
        free(g->items[0].text);
        g->items[0] = mine;
        heap_down(g->items, g->n, 0);
    }
}

typedef struct preview {
    reminders *r;
    gathered *g;
    const char *date;
    int within;
    bool calendar_only;
} preview;

static void preview_one(void *ud, lh_plugin *p)
{
    preview *pv = ud;
    gathered *g = pv->g;
    if (pv->calendar_only && !lh_plugin_job(p)->calendar)
        return;
    json_doc *doc;
    lh_error err;
    if (sched_run(pv->r, p, pv->date, pv->within, true, &doc, &err) != 0) {
        jw w;
        jw_init(&w, &g->failed);
        if (g->failed.len)
            sbuf_addc(&g->failed, ',');
        sbuf_adds(&g->failed, "{\"job\":");
        json_escape(&g->failed, lh_plugin_name(p), strlen(lh_plugin_name(p)));
        sbuf_adds(&g->failed, ",\"error\":");
        lh_write_error(&w, &err);
        sbuf_addc(&g->failed, '}');
        log_warn("reminders", "job %s failed: %s", lh_plugin_name(p), err.message);
        return;
    }
    const json_value *list = json_doc_root(doc);
    size_t before = g->n;
    for (size_t i = 0; i < list->len; i++)
        take(g, list->u.items[i]);
    if (g->rule.s && g->rule.limit >= 0) {
        json_doc_free(doc); /* what it kept, it copied */
        return;
    }
    json_doc **nd = realloc(g->docs, (g->ndocs + 1) * sizeof *nd);
    if (!nd) {
        json_doc_free(doc);
        g->n = before; /* its items pointed into it */
        return;
    }
    g->docs = nd;
    g->docs[g->ndocs++] = doc;
}

/* Every job's reminders as of date, sorted by due date, kept by the rule. */
static void gather(reminders *r, const char *date, int within, bool calendar_only,
                   const keep_rule *rule, gathered *g)
{
    memset(g, 0, sizeof *g);
    sbuf_init(&g->failed);
    if (rule)
        g->rule = *rule;
    preview pv = {r, g, date, within, calendar_only};
    lh_refresh(r->scripts);
    lh_each(r->scripts, preview_one, &pv);
    if (g->n > 1)
        qsort(g->items, g->n, sizeof *g->items, by_due);
}

static void gathered_free(gathered *g)
{
    for (size_t i = 0; i < g->ndocs; i++)
        json_doc_free(g->docs[i]);
    for (size_t i = 0; i < g->n; i++)
        free(g->items[i].text);
    free(g->docs);
    free(g->items);
    sbuf_free(&g->failed);
    /* A large centre's reminders take hundreds of MB while they are gathered; hand the freed
     * heap back to the system, or the daemon stays that large. */
    if (g->total > TRIM_AFTER)
        malloc_trim(0);
}

/* A person the caller may ask about: themselves, or someone of a centre they administer. */
static int person_param(rpc_call *c, app *a, int64_t *person)
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

static int m_due(rpc_call *c)
{
    reminders *r = rpc_call_method(c)->udata;
    session *s = rpc_session(c);
    char today[DATE_LEN];
    date_today_str(today);
    const char *date = rpc_str(c, "date");
    if (!date)
        date = today;
    int64_t within = rpc_int(c, "within_days", -1), person;
    if (rpc_arg(c, "within_days") && (within < 0 || within > 3650))
        return rpc_error(c, RPC_INVALID_PARAMS, NULL, "within_days must be 0..3650");
    if (person_param(c, r->a, &person))
        return -1;
    const char *kind = rpc_str(c, "kind");
    int64_t limit = rpc_int(c, "limit", -1);
    if (rpc_arg(c, "limit") && limit < 0)
        return rpc_error(c, RPC_INVALID_PARAMS, NULL, "limit must be 0 or more");
    int64_t day;
    date_parse(date, &day);
    keep_rule rule = {s, kind, person, limit, day};
    gathered g;
    gather(r, date, (int)within, false, &rule, &g);
    jw *w = rpc_result(c);
    jw_obj_begin(w);
    jw_kstr(w, "date", date);
    jw_key(w, "within_days");
    if (within >= 0)
        jw_int(w, within);
    else
        jw_null(w);
    jw_key(w, "reminders");
    jw_arr_begin(w);
    for (size_t i = 0; i < g.n; i++) {
        if (g.items[i].text)
            jw_raw(w, item_json(&g.items[i]), g.items[i].len);
        else
            write_due(w, g.items[i].v, g.items[i].due, day);
    }
    jw_arr_end(w);
    int64_t total = g.total;
    jw_kint(w, "total", total);
    jw_key(w, "failed");
    sbuf failed;
    sbuf_init(&failed);
    sbuf_printf(&failed, "[%s]", g.failed.data ? g.failed.data : "");
    jw_raw(w, failed.data, failed.len);
    sbuf_free(&failed);
    jw_obj_end(w);
    gathered_free(&g);
    return 0;
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
    if (!rem_visible(lc->s, rem) || (lc->person && !involves(rem, lc->person))) {
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
        return rpc_error(c, RPC_INVALID_PARAMS, NULL, "limit must be 1..10000");
    if (person_param(c, r->a, &person))
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

/* ---- reminders.ics ----------------------------------------------------------------------- */

static int m_ics(rpc_call *c)
{
    reminders *r = rpc_call_method(c)->udata;
    session *s = rpc_session(c);
    int64_t person;
    if (person_param(c, r->a, &person))
        return -1;
    char today[DATE_LEN], now[21];
    date_today_str(today);
    time_now_iso(now);
    gathered g;
    gather(r, today, (int)r->a->cfg.calendar_days, true, NULL, &g);
    sbuf cal, text;
    sbuf_init(&cal);
    sbuf_init(&text);
    char name[300];
    if (person) {
        store_person p;
        store_person_get(r->a->st, person, &p);
        snprintf(name, sizeof name, "assessd: %s", p.name);
    } else {
        snprintf(name, sizeof name, "assessd reminders");
    }
    ical_begin(&cal, "-//assessd//assessd " ASSESSD_VERSION "//EN", name);
    for (size_t i = 0; i < g.n; i++) {
        const json_value *rem = g.items[i].v;
        if (!wanted(s, rem, NULL, person))
            continue;
        const char *key = json_get(rem, "key")->u.str;
        char digest[65], uid[120];
        sha256_hex(key, strlen(key), digest);
        snprintf(uid, sizeof uid, "%.32s@assessd", digest);
        sbuf_reset(&text);
        sbuf_adds(&text, json_get(rem, "why")->u.str);
        const json_value *act = json_get(rem, "act");
        for (size_t k = 0; k < act->len; k++)
            sbuf_printf(&text, "%s%s",
                        k ? ", " : "\nTo act: ", json_get(act->u.items[k], "name")->u.str);
        ical_event e = {.uid = uid,
                        .dtstamp = now,
                        .date = json_get(rem, "due")->u.str,
                        .summary = json_get(rem, "title")->u.str,
                        .description = text.data,
                        .category = json_get(rem, "kind")->u.str};
        ical_event_write(&cal, &e);
    }
    ical_end(&cal);
    jw_str(rpc_result(c), cal.data);
    sbuf_free(&cal);
    sbuf_free(&text);
    gathered_free(&g);
    return 0;
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
        {"reminders.due", m_due, 0, due,
         "everything due or overdue as of a date: kind, due date, whom it concerns, who should "
         "act and why",
         NULL},
        {"reminders.list", m_list, 0, list, "the outbox: stored reminders with delivery state",
         NULL},
        {"reminders.subscribe", m_subscribe, 0, none,
         "receive new reminders on this connection as reminders.notify notifications", NULL},
        {"reminders.unsubscribe", m_unsubscribe, 0, none, "stop the notifications", NULL},
        {"reminders.ics", m_ics, 0, ics,
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
    sched_stop(r);
    deliver_stop(r);
}

void reminders_free(reminders *r)
{
    if (!r)
        return;
    lh_free(r->scripts);
    sched_free(r);
    free(r);
}
