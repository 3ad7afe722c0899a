/* scheduler — running the jobs of scripts/: on the loop's timer, on request (scripts.run) and
 * as a preview for reminders.due and reminders.ics. See reminders.h.
 *
 * A run calls the job's run(ctx) in its sandboxed state within --script-time, checks every
 * reminder it returned (a malformed one fails the run, naming the field), and, unless it is a
 * preview, stores the new ones in the outbox in a transaction of its own (or the request's),
 * records the run (job_run) and audits it like any write. A failing run is logged with file
 * and line, shown by scripts.list and tried again at the next scheduled time; the daemon goes
 * on. Each tick also reloads the scripts whose files changed.
 */
#include <malloc.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "audit.h"
#include "dates.h"
#include "dispatch.h"
#include "log.h"
#include "reminders_internal.h"

int64_t sched_now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static void iso_ms(int64_t ms, char out[21])
{
    time_t t = (time_t)(ms / 1000);
    struct tm tm;
    gmtime_r(&t, &tm);
    strftime(out, 21, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

/* The local time min minutes into the day of now_ms, day_offset days later, in ms. */
static int64_t occurrence(int64_t now_ms, int min, int day_offset)
{
    time_t t = (time_t)(now_ms / 1000);
    struct tm tm;
    localtime_r(&t, &tm);
    tm.tm_hour = min / 60;
    tm.tm_min = min % 60;
    tm.tm_sec = 0;
    tm.tm_mday += day_offset;
    tm.tm_isdst = -1;
    return (int64_t)mktime(&tm) * 1000;
}

int64_t sched_next_ms(const lh_job *j, int64_t last_ms, int64_t now_ms)
{
    if (j->every_s > 0)
        return last_ms ? last_ms + j->every_s * 1000 : now_ms;
    if (j->daily_min < 0)
        return INT64_MAX;
    /* the latest occurrence at or before now is due unless it has run since */
    int64_t today = occurrence(now_ms, j->daily_min, 0), prev, next;
    if (today <= now_ms) {
        prev = today;
        next = occurrence(now_ms, j->daily_min, 1);
    } else {
        prev = occurrence(now_ms, j->daily_min, -1);
        next = today;
    }
    return last_ms < prev ? prev : next;
}

static job_state *state_for(reminders *r, const char *name)
{
    job_state *js = r->jobs;
    while (js && strcmp(js->name, name) != 0)
        js = js->next;
    if (!js) {
        js = calloc(1, sizeof *js);
        js->name = strdup(name);
        js->next = r->jobs;
        r->jobs = js;
    }
    if (!js->known) {
        js->known = store_job_run_last(r->a->st, name, &js->last_ms, js->last_at) != STORE_ERROR;
        if (!js->known)
            log_warn("scheduler", "cannot read the last run of %s: %s", name,
                     store_errmsg(r->a->st));
    }
    return js;
}

/* ---- running a job ----------------------------------------------------------------------- */

static bool is_id(const json_value *v)
{
    return v && v->type == JSON_NUMBER && v->u.num.is_int && v->u.num.i > 0;
}

int sched_run_text(reminders *r, lh_plugin *p, store *st, const char *date, int within_days,
                   bool preview, const lh_keep *keep, sbuf *list, size_t *count, lh_error *err)
{
    const lh_job *j = lh_plugin_job(p);
    const config *cfg = &r->a->cfg;
    if (within_days < 0)
        within_days = j->within_days >= 0 ? j->within_days : (int)cfg->reminder_within_days;
    int64_t d;
    char up_to[DATE_LEN];
    date_parse(date, &d);
    date_format(d + within_days, up_to);
    sbuf ctx;
    sbuf_init(&ctx);
    jw w;
    jw_init(&w, &ctx);
    jw_obj_begin(&w);
    jw_kstr(&w, "job", j->name);
    jw_kstr(&w, "date", date);
    jw_kstr(&w, "up_to", up_to);
    jw_kint(&w, "within_days", within_days);
    jw_kbool(&w, "preview", preview);
    jw_key(&w, "settings");
    jw_obj_begin(&w);
    jw_kint(&w, "review_interval", cfg->review_interval_days);
    jw_kint(&w, "reminder_within", cfg->reminder_within_days);
    jw_obj_end(&w);
    jw_obj_end(&w);
    uint64_t t0 = uv_hrtime();
    int rc = lh_run_job(p, st, ctx.data, ctx.len, up_to, keep, list, count, err);
    log_debug("scheduler", "%s as of %s: %zu reminder(s)%s in %.1f ms", j->name, date, *count,
              keep ? " wanted" : "", (double)(uv_hrtime() - t0) / 1e6);
    sbuf_free(&ctx);
    return rc;
}

void sched_not_json(lh_plugin *p, lh_error *err)
{
    memset(err, 0, sizeof *err);
    snprintf(err->plugin, sizeof err->plugin, "%s", lh_plugin_name(p));
    snprintf(err->message, sizeof err->message, "the reminders of %s are not JSON",
             lh_plugin_job(p)->name);
}

/* ---- runs that store -------------------------------------------------------------------- */

/* The job's name and file, kept apart from its plugin (which a reload may free). */
typedef struct job_id {
    char name[sizeof((lh_error *)0)->plugin];
    char path[sizeof((lh_error *)0)->file];
} job_id;

static void job_id_of(lh_plugin *p, job_id *id)
{
    snprintf(id->name, sizeof id->name, "%s", lh_plugin_name(p));
    snprintf(id->path, sizeof id->path, "%s", lh_plugin_path(p));
}

static int job_error(const job_id *id, lh_error *err, const char *fmt, const char *a, const char *b)
{
    memset(err, 0, sizeof *err);
    err->kind = LH_ERR_RUNTIME;
    snprintf(err->plugin, sizeof err->plugin, "%s", id->name);
    snprintf(err->file, sizeof err->file, "%s", id->path);
    snprintf(err->message, sizeof err->message, fmt, a, b);
    return -1;
}

static int64_t id_of(const json_value *v, const char *k)
{
    const json_value *x = json_get(v, k);
    if (x && x->type == JSON_OBJECT)
        x = json_get(x, "id");
    return is_id(x) ? x->u.num.i : 0;
}

/* ctx.wants in a run that stores: a key the outbox holds would not be stored again, so the
 * job need not build it (a large centre's run finds 100,000 due, and after the first run
 * nearly all are known). A key that cannot be looked up is built: the store keeps it once. */
static bool outbox_known(void *ud, const char *key)
{
    bool known = false;
    return store_reminder_known(ud, key, &known) == STORE_OK && known;
}

static lh_keep storing_keep(store *st)
{
    return (lh_keep){.see_all = true, .limit = -1, .known = outbox_known, .known_ud = st};
}

/* A run's reminders stored one at a time as they are read from the run's text (a large
 * centre's run finds 100,000: they never sit in memory as a tree). Keeps the id each got (0:
 * its key was known) for the live stream, and with a reply the first `limit` reminders and new
 * ones for scripts.run. */
typedef struct store_pass {
    reminders *r;
    const char *job;
    char now[21];
    bool command;
    int64_t next;
    sbuf body;
    int64_t *ids; /* each reminder's new id, or 0, in the run's order */
    size_t n, cap;
    int64_t nstored, limit;
    jw *all, *fresh; /* scripts.run's reminders and new, or NULL */
    bool store_failed;
} store_pass;

/* Stores reminder v unless its key is known (json_parse_each's fn). */
static int store_one(void *ud, const json_value *v)
{
    store_pass *sp = ud;
    const char *key = json_get_str(v, "key"), *kind = json_get_str(v, "kind");
    const char *due = json_get_str(v, "due");
    if (!key || !kind || !due)
        return 1; /* not what lua_job writes: the run fails */
    if (sp->n == sp->cap) {
        size_t cap = sp->cap ? 2 * sp->cap : 1024;
        int64_t *ids = realloc(sp->ids, cap * sizeof *ids);
        if (!ids) {
            sp->store_failed = true;
            return -1;
        }
        sp->ids = ids;
        sp->cap = cap;
    }
    sbuf_reset(&sp->body);
    jw w;
    jw_init(&w, &sp->body);
    jw_value(&w, v);
    store_reminder sr = {
        .centre = id_of(v, "centre"),
        .registration = id_of(v, "registration"),
        .person = id_of(v, "person"),
        .key = key,
        .kind = kind,
        .job = sp->job,
        .due = due,
        .body_json = sp->body.data,
        .created_at = sp->now,
        .command_state = sp->command ? "pending" : "none",
        .next_attempt_ms = sp->command ? sp->next : 0,
    };
    int64_t id;
    if (store_reminder_insert(sp->r->a->st, &sr, &id) != STORE_OK) {
        sp->store_failed = true;
        return -1;
    }
    sp->ids[sp->n++] = id;
    if (sp->all && (int64_t)sp->n <= sp->limit)
        jw_value(sp->all, v);
    if (id && ++sp->nstored <= sp->limit && sp->fresh) {
        jw_obj_begin(sp->fresh);
        jw_kint(sp->fresh, "id", id);
        jw_key(sp->fresh, "reminder");
        jw_value(sp->fresh, v);
        jw_obj_end(sp->fresh);
    }
    return 0;
}

/* The live stream, after the commit: each new reminder of the run's text, read again. */
typedef struct notify_pass {
    reminders *r;
    const int64_t *ids;
    size_t i, n;
} notify_pass;

static int notify_one(void *ud, const json_value *v)
{
    notify_pass *np = ud;
    if (np->i < np->n && np->ids[np->i])
        rem_notify(np->r, np->ids[np->i], v);
    np->i++;
    return 0;
}

static void error_json(sbuf *out, const lh_error *e)
{
    jw w;
    jw_init(&w, out);
    lh_write_error(&w, e);
}

/* When a run started, and as of which day. */
typedef struct run_start {
    char today[DATE_LEN], started_at[21];
    int64_t started;
} run_start;

static void run_begin(run_start *s)
{
    date_today_str(s->today);
    time_now_iso(s->started_at);
    s->started = sched_now_ms();
}

/* Stores what p's run that began at rs found (rc, and list: sched_run_text's JSON array of
 * the reminders it built; found: how many were due, built or known), records the run and what
 * the scheduler remembers of it. c is the request (scripts.run) or NULL (the timer). With w, writes
 * scripts.run's result, listing the first limit reminders and new ones. Returns 0, or -1 with err
 * filled (the run failed or could not be stored). */
static int store_run(reminders *r, const job_id *id, rpc_call *c, jw *w, int64_t limit,
                     const run_start *rs, int rc, const sbuf *list, size_t found, lh_error *err)
{
    app *a = r->a;
    const char *name = id->name;
    job_state *js = state_for(r, name);
    char finished_at[21];
    const char *today = rs->today, *started_at = rs->started_at;
    int64_t started = rs->started;
    bool own_tx = !store_in_tx(a->st);
    sbuf all, fresh, errtext;
    sbuf_init(&all);
    sbuf_init(&fresh);
    sbuf_init(&errtext);
    jw aw, fw;
    jw_init(&aw, &all);
    jw_init(&fw, &fresh);
    jw_arr_begin(&aw);
    jw_arr_begin(&fw);
    store_pass sp = {.r = r,
                     .job = name,
                     .command = a->cfg.reminder_command && *a->cfg.reminder_command,
                     .next = sched_now_ms(),
                     .limit = w ? limit : -1,
                     .all = w ? &aw : NULL,
                     .fresh = w ? &fw : NULL};
    time_now_iso(sp.now);
    sbuf_init(&sp.body);
    int64_t nstored = 0, run_id = 0;
    bool db_ok = !own_tx || store_tx_begin(a->st) == STORE_OK;
    if (db_ok && rc == 0) {
        /* in a savepoint: a list that turns out not to be one is not half stored */
        db_ok = store_savepoint(a->st) == STORE_OK;
        int prc = db_ok ? json_parse_each(list->data, list->len, store_one, &sp, NULL) : 0;
        if (!db_ok || sp.store_failed) {
            db_ok = false;
            store_rollback(a->st);
        } else if (prc != 0) {
            store_rollback(a->st);
            rc = job_error(id, err, "the reminders of %s are not JSON%s", name, "");
            sp.n = 0;
            sp.nstored = 0;
        } else {
            db_ok = store_release(a->st) == STORE_OK;
            nstored = sp.nstored;
        }
    }
    sbuf_free(&sp.body);
    jw_arr_end(&aw);
    jw_arr_end(&fw);
    /* a scheduled run that changed nothing leaves no trace but the log: the trail records
     * mutations, and a job due every few minutes would otherwise fill it */
    bool record = c || rc != 0 || nstored != 0;
    if (rc != 0)
        error_json(&errtext, err);
    time_now_iso(finished_at);
    store_job_run run = {.job = name,
                         .cause = c ? "request" : "schedule",
                         .today = today,
                         .started_at = started_at,
                         .finished_at = finished_at,
                         .error_json = rc ? errtext.data : NULL,
                         .started_ms = started,
                         .produced = rc == 0 ? (int64_t)found : 0,
                         .stored = nstored > 0 ? nstored : 0,
                         .ok = rc == 0};
    if (record)
        db_ok = db_ok && store_job_run_insert(a->st, &run, &run_id) == STORE_OK;
    if (db_ok && c) {
        dispatch_set_record(c, "job_run", run_id);
    } else if (db_ok && record) {
        /* a scheduled run is a write like any other: audited, by the scheduler */
        session who;
        memset(&who, 0, sizeof who);
        who.a = a;
        who.uid = getuid();
        snprintf(who.name, sizeof who.name, "scheduler");
        sbuf params, outcome;
        sbuf_init(&params);
        sbuf_init(&outcome);
        jw pw;
        jw_init(&pw, &params);
        jw_obj_begin(&pw);
        jw_kstr(&pw, "name", name);
        jw_kbool(&pw, "scheduled", true);
        jw_obj_end(&pw);
        if (rc == 0)
            sbuf_printf(&outcome, "ok: %lld stored", (long long)nstored);
        else
            sbuf_printf(&outcome, "error %d plugin_error: %s", RPC_PLUGIN_ERROR, err->message);
        char record[40];
        snprintf(record, sizeof record, "job_run:%lld", (long long)run_id);
        db_ok = audit_append(a, &who, "scripts.run", params.data, outcome.data, record) == 0;
        sbuf_free(&params);
        sbuf_free(&outcome);
    }
    if (own_tx && store_in_tx(a->st)) {
        if (db_ok)
            db_ok = store_commit(a->st) == STORE_OK;
        if (!db_ok) {
            log_error("scheduler", "%s: the run could not be stored: %s", name,
                      store_errmsg(a->st));
            store_abort(a->st);
        }
    }
    /* what the scheduler remembers */
    js->last_ms = started;
    snprintf(js->last_at, sizeof js->last_at, "%s", started_at);
    js->ran = true;
    js->runs++;
    js->last_ok = rc == 0 && db_ok;
    js->last_produced = run.produced;
    js->last_stored = run.stored;
    if (rc != 0) {
        js->failures++;
        js->last_error = *err;
        log_error("scheduler", "%s failed: %s%s%s:%d%s; it runs again at its next time", name,
                  err->message, err->file[0] ? " (" : "", err->file, err->line,
                  err->file[0] ? ")" : "");
    } else if (!db_ok) {
        js->failures++;
        rc = job_error(id, err, "the run could not be stored: %s%s", store_errmsg(a->st), "");
        js->last_error = *err;
    } else {
        log_msg(nstored ? LOG_INFO : LOG_DEBUG, "scheduler", "%s: %lld reminder(s), %lld new", name,
                (long long)run.produced, (long long)nstored);
        if (nstored > 0) {
            notify_pass np = {r, sp.ids, 0, sp.n};
            json_parse_each(list->data, list->len, notify_one, &np, NULL);
            deliver_kick(r);
        }
    }
    if (w && rc == 0) {
        jw_obj_begin(w);
        jw_kstr(w, "job", name);
        jw_kstr(w, "date", today);
        jw_kint(w, "run", run_id);
        jw_kint(w, "produced", run.produced);
        jw_kint(w, "stored", nstored);
        jw_key(w, "reminders");
        jw_raw(w, all.data, all.len);
        jw_key(w, "new");
        jw_raw(w, fresh.data, fresh.len);
        jw_obj_end(w);
    }
    free(sp.ids);
    sbuf_free(&all);
    sbuf_free(&fresh);
    sbuf_free(&errtext);
    return rc;
}

/* After a large run (over a big centre it reads tens of megabytes of rows and builds as many
 * of reminders, as Lua tables and as text), the memory it freed goes back to the system
 * instead of staying with the process. */
static void give_back(size_t found)
{
#ifdef __GLIBC__
    if (found >= 10000)
        malloc_trim(0);
#else
    (void)found;
#endif
}

/* Runs p now, on the loop, and stores what is new (store_run). */
static int run_and_store(reminders *r, lh_plugin *p, rpc_call *c, jw *w, int64_t limit,
                         lh_error *err)
{
    run_start rs;
    run_begin(&rs);
    lh_snapshot_catalogue(r->scripts); /* the catalogue as it is now (runs out read a copy) */
    sbuf list;
    sbuf_init(&list);
    size_t count = 0;
    lh_keep keep = storing_keep(r->a->st);
    int rc = sched_run_text(r, p, NULL, rs.today, -1, false, &keep, &list, &count, err);
    job_id id;
    job_id_of(p, &id);
    rc = store_run(r, &id, c, w, limit, &rs, rc, &list, count, err);
    sbuf_free(&list);
    give_back(count);
    return rc;
}

/* ---- the timer --------------------------------------------------------------------------- */

/* A scheduled run out on a worker thread, with a read connection of its own (what is
 * committed) and a copy of the catalogue, while the loop goes on serving. What it found is
 * stored from a timer, on the loop, when it is back: in a transaction of its own, never in a
 * request's or a group commit's. One at a time; meanwhile the scripts are not reloaded, and a
 * call that reloads them (scripts.run, scripts.reload) first waits for the worker (join). */
struct sched_work {
    uv_work_t req;
    uv_timer_t settle; /* 0 ms: stores the run's outcome outside any transaction */
    reminders *r;
    lh_plugin *p; /* for the worker only: a reload after join may free it */
    job_id id;
    store *st;
    run_start rs;
    sbuf list;
    size_t count;
    lh_error err;
    int rc;
    bool ran; /* not cancelled */
    uv_mutex_t mu;
    uv_cond_t cv;
    bool finished; /* the worker is done with the job (under mu) */
};

static void tick_one(void *ud, lh_plugin *p);

static void work_run(uv_work_t *req)
{
    sched_work *sw = req->data;
    lh_keep keep = storing_keep(sw->st);
    sw->rc = sched_run_text(sw->r, sw->p, sw->st, sw->rs.today, -1, false, &keep, &sw->list,
                            &sw->count, &sw->err);
    uv_mutex_lock(&sw->mu);
    sw->finished = true;
    uv_cond_signal(&sw->cv);
    uv_mutex_unlock(&sw->mu);
}

static void work_free(uv_handle_t *h)
{
    sched_work *sw = h->data;
    uv_cond_destroy(&sw->cv);
    uv_mutex_destroy(&sw->mu);
    free(sw);
}

/* On the loop, from the timer: stores what the run found, then the next job due. */
static void on_settle(uv_timer_t *t)
{
    sched_work *sw = t->data;
    reminders *r = sw->r;
    if (!sw->ran) /* cancelled: it runs at its next time */
        sw->rc = job_error(&sw->id, &sw->err, "the run was cancelled%s%s", "", "");
    store_run(r, &sw->id, NULL, NULL, 0, &sw->rs, sw->rc, &sw->list, sw->count, &sw->err);
    sbuf_free(&sw->list);
    give_back(sw->count);
    r->running = NULL;
    uv_close((uv_handle_t *)&sw->settle, work_free);
    if (!r->stopping) /* the next job due, without waiting for a tick */
        lh_each(r->scripts, tick_one, r);
}

static void work_done(uv_work_t *req, int status)
{
    sched_work *sw = req->data;
    store_close(sw->st);
    sw->st = NULL;
    sw->ran = status == 0;
    uv_timer_start(&sw->settle, on_settle, 0, 0);
}

/* Waits until the run out, if any, is done with its plugin (its outcome is stored later). */
static void join(reminders *r)
{
    sched_work *sw = r->running;
    if (!sw)
        return;
    uv_mutex_lock(&sw->mu);
    while (!sw->finished)
        uv_cond_wait(&sw->cv, &sw->mu);
    uv_mutex_unlock(&sw->mu);
}

/* Whether p's run is out and not yet done (scripts.list). */
static bool out_running(reminders *r, const lh_plugin *p)
{
    sched_work *sw = r->running;
    if (!sw || sw->p != p)
        return false;
    uv_mutex_lock(&sw->mu);
    bool running = !sw->finished;
    uv_mutex_unlock(&sw->mu);
    return running;
}

/* Sends p's run out to a worker; false when it cannot (it then runs on the loop). */
static bool run_out(reminders *r, lh_plugin *p)
{
    sched_work *sw = calloc(1, sizeof *sw);
    if (!sw)
        return false;
    if (uv_mutex_init(&sw->mu) != 0) {
        free(sw);
        return false;
    }
    if (uv_cond_init(&sw->cv) != 0 || store_open_reader(r->a->st, &sw->st) != STORE_OK) {
        if (sw->st)
            store_close(sw->st);
        uv_mutex_destroy(&sw->mu);
        free(sw);
        return false;
    }
    sw->r = r;
    sw->p = p;
    job_id_of(p, &sw->id);
    sw->req.data = sw;
    sbuf_init(&sw->list);
    run_begin(&sw->rs);
    lh_snapshot_catalogue(r->scripts); /* the worker reads the copy: a reload may free it */
    if (uv_queue_work(r->a->loop, &sw->req, work_run, work_done) != 0) {
        store_close(sw->st);
        uv_cond_destroy(&sw->cv);
        uv_mutex_destroy(&sw->mu);
        free(sw);
        return false;
    }
    uv_timer_init(r->a->loop, &sw->settle);
    sw->settle.data = sw;
    r->running = sw;
    return true;
}

static void tick_one(void *ud, lh_plugin *p)
{
    reminders *r = ud;
    const lh_job *j = lh_plugin_job(p);
    if (!j->schedule || r->stopping)
        return;
    job_state *js = state_for(r, j->name);
    int64_t now = sched_now_ms();
    if (now < sched_next_ms(j, js->last_ms, now))
        return;
    if (r->running)
        return; /* one run out at a time: this one's turn comes at a later tick */
    lh_error err;
    if (!run_out(r, p))
        run_and_store(r, p, NULL, NULL, 0, &err);
}

static void on_tick(uv_timer_t *t)
{
    reminders *r = t->data;
    if (r->stopping || r->running)
        return;
    lh_refresh(r->scripts);
    lh_each(r->scripts, tick_one, r);
}

void sched_start(reminders *r)
{
    uv_timer_init(r->a->loop, &r->tick);
    r->tick.data = r;
    int64_t every = r->a->cfg.scheduler_tick_ms;
    if (every > 0) {
        uv_timer_start(&r->tick, on_tick, (uint64_t)(every < 1000 ? every : 1000), (uint64_t)every);
        log_info("scheduler", "checking the jobs every %lld ms", (long long)every);
    } else {
        log_info("scheduler", "off (--scheduler-tick 0): jobs run only through scripts.run");
    }
    uv_unref((uv_handle_t *)&r->tick);
}

void sched_stop(reminders *r)
{
    uv_timer_stop(&r->tick);
    uv_close((uv_handle_t *)&r->tick, NULL);
}

void sched_free(reminders *r)
{
    for (job_state *js = r->jobs, *n; js; js = n) {
        n = js->next;
        free(js->name);
        free(js);
    }
    r->jobs = NULL;
}

/* ---- scripts.* --------------------------------------------------------------------------- */

typedef struct list_ctx {
    reminders *r;
    jw *w;
} list_ctx;

static void list_one(void *ud, const lh_slot_info *si)
{
    list_ctx *lc = ud;
    reminders *r = lc->r;
    jw *w = lc->w;
    const lh_job *j = si->current ? lh_plugin_job(si->current) : NULL;
    job_state *js = state_for(r, si->name);
    jw_obj_begin(w);
    jw_kstr(w, "name", si->name);
    sbuf file;
    sbuf_init(&file);
    sbuf_printf(&file, "%s/%s.lua", r->a->cfg.scripts_dir, si->name);
    jw_kstr(w, "file", file.data);
    sbuf_free(&file);
    jw_kstr(w, "state", si->current ? (si->error ? "degraded" : "loaded") : "failed");
    jw_kbool(w, "running", si->current && out_running(r, si->current));
    jw_kstr_or_null(w, "description", j ? j->description : NULL);
    jw_kstr_or_null(w, "schedule", j ? j->schedule : NULL);
    jw_key(w, "within_days");
    if (j && j->within_days >= 0)
        jw_int(w, j->within_days);
    else
        jw_null(w);
    jw_kbool(w, "calendar", j && j->calendar);
    jw_kstr_or_null(w, "loaded_at", si->current ? lh_plugin_loaded_at(si->current) : NULL);
    jw_key(w, "error");
    if (si->error)
        lh_write_error(w, si->error);
    else
        jw_null(w);
    jw_key(w, "last_run");
    if (js->last_ms && !js->ran) { /* before this daemon ran it: as the store recorded it */
        if (store_job_run_last_json(r->a->st, si->name, w) != STORE_OK)
            jw_null(w);
    } else if (js->last_ms) {
        jw_obj_begin(w);
        jw_kstr(w, "at", js->last_at);
        if (js->ran) {
            jw_kbool(w, "ok", js->last_ok);
            jw_kint(w, "produced", js->last_produced);
            jw_kint(w, "stored", js->last_stored);
            jw_key(w, "error");
            if (js->last_ok)
                jw_null(w);
            else
                lh_write_error(w, &js->last_error);
        }
        jw_obj_end(w);
    } else {
        jw_null(w);
    }
    jw_key(w, "next_run");
    int64_t next = j && r->a->cfg.scheduler_tick_ms > 0
                       ? sched_next_ms(j, js->last_ms, sched_now_ms())
                       : INT64_MAX;
    if (next != INT64_MAX) {
        char at[21];
        iso_ms(next, at);
        jw_str(w, at);
    } else {
        jw_null(w);
    }
    jw_kint(w, "runs", js->runs);
    jw_kint(w, "failures", js->failures);
    jw_key(w, "recent_runs");
    if (store_job_runs_json(r->a->st, si->name, 5, w) != STORE_OK) {
        jw_arr_begin(w);
        jw_arr_end(w);
    }
    jw_obj_end(w);
}

static int m_list(rpc_call *c)
{
    reminders *r = rpc_call_method(c)->udata;
    if (auth_require(c, ROLE_ADMIN, "admin_only"))
        return -1;
    list_ctx lc = {r, rpc_result(c)};
    jw_arr_begin(lc.w);
    lh_each_slot(r->scripts, list_one, &lc);
    jw_arr_end(lc.w);
    return 0;
}

static int m_run(rpc_call *c)
{
    reminders *r = rpc_call_method(c)->udata;
    if (auth_require(c, ROLE_ADMIN, "admin_only"))
        return -1;
    int64_t limit = rpc_int(c, "limit", 100);
    if (limit < 0)
        return rpc_error_field(c, "limit",
                               "limit is how many reminders to list: 0 or more, not %lld",
                               (long long)limit);
    join(r); /* a scheduled run out first: the scripts stay as they are until it is back */
    const char *name = rpc_str(c, "name");
    lh_refresh(r->scripts);
    lh_plugin *p = lh_find(r->scripts, name);
    if (!p) {
        jw *w = rpc_error_data(c, RPC_NOT_FOUND, NULL,
                               "there is no loaded job '%s' (scripts.list shows the jobs)", name);
        jw_kstr(w, "name", name);
        return rpc_error_done(c);
    }
    lh_error err;
    sbuf out;
    sbuf_init(&out);
    jw w;
    jw_init(&w, &out);
    if (run_and_store(r, p, c, &w, limit, &err) != 0) {
        sbuf_free(&out);
        return lh_rpc_error(c, &err);
    }
    jw_raw(rpc_result(c), out.data, out.len);
    sbuf_free(&out);
    return 0;
}

static int m_reload(rpc_call *c)
{
    reminders *r = rpc_call_method(c)->udata;
    if (auth_require(c, ROLE_ADMIN, "admin_only"))
        return -1;
    join(r);
    int failed = lh_reload(r->scripts);
    jw *w = rpc_result(c);
    jw_obj_begin(w);
    jw_kint(w, "failed", failed);
    jw_key(w, "scripts");
    list_ctx lc = {r, w};
    jw_arr_begin(w);
    lh_each_slot(r->scripts, list_one, &lc);
    jw_arr_end(w);
    jw_obj_end(w);
    return 0;
}

void sched_register_methods(reminders *r)
{
    static const rpc_param none[] = {RPC_PARAM_END};
    static const rpc_param run[] = {
        {"name", P_STRING, true, "the job (scripts/<name>.lua)"},
        {"limit", P_INT, false, "how many of the reminders and of the new ones to list (100)"},
        RPC_PARAM_END};
    static rpc_method methods[] = {
        {"scripts.list", m_list, 0, none,
         "the scheduled jobs: schedule, state, last run and its error, next run. Admin", NULL},
        {"scripts.run", m_run, RPC_WRITE, run,
         "run a job now; its new reminders are stored and delivered. Admin", NULL},
        {"scripts.reload", m_reload, RPC_WRITE, none,
         "reload every script (changed files are also picked up on each scheduler tick). Admin",
         NULL},
        {NULL, NULL, 0, NULL, NULL, NULL},
    };
    for (rpc_method *m = methods; m->name; m++) {
        m->udata = r;
        if (rpc_register(r->a->rpc, m, NULL) != 0)
            log_error("scheduler", "method %s is registered twice", m->name);
    }
}
