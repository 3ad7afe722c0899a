/* reminders_gather — every job's reminders as of a date, for reminders.due and reminders.ics:
 * run the jobs two at a time (previews: nothing is stored), take what the caller wants, sort by
 * due date. For a caller (reminders.due) each job's run keeps only the reminders the caller
 * wants, and with a limit only the earliest of them (lh_run_job): those are copied here and the
 * earliest of every job's cut at the end, so a centre's worth of reminders is never written,
 * parsed or held. Without one (reminders.ics) every reminder is kept, and the caller filters.
 * See reminders_internal.h. */
#include <malloc.h> /* malloc_trim: glibc */
#include <stdlib.h>
#include <string.h>

#include "dates.h"
#include "log.h"
#include "reminders_internal.h"

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

bool rem_wanted(session *s, const json_value *rem, const char *kind, int64_t person)
{
    if (kind && strcmp(json_get(rem, "kind")->u.str, kind) != 0)
        return false;
    if (person && !rem_involves(rem, person))
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

/* An item that owns its text ("due\0key\0{...}"): due and key point into it. */
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

/* Whether each job's run keeps only the earliest reminders the caller wants: a caller
 * (rule.s: the runs keep what it wants, keep) and a limit. */
static bool limited(const gathered *g)
{
    return g->rule.s && g->rule.limit >= 0;
}

/* A reminder of a job's result, kept whole (the result is kept) or, with a limit, copied. */
static void take(gathered *g, const json_value *rem)
{
    if (!g->rule.s)
        g->total++; /* else the run counted them */
    item it = {json_get(rem, "due")->u.str, json_get(rem, "key")->u.str, rem, NULL, 0};
    if (!grow(g, 1))
        return;
    if (limited(g)) {
        if (item_own(&g->items[g->n], rem, it.due, it.key, g->rule.day))
            g->n++;
        return;
    }
    g->items[g->n++] = it;
}

void gather_begin(gathered *g, const keep_rule *rule)
{
    memset(g, 0, sizeof *g);
    sbuf_init(&g->failed);
    if (rule)
        g->rule = *rule;
    if (g->rule.s)
        rem_keep(rule->s, rule->kind, rule->person, rule->limit, &g->keep);
}

static int take_one(void *ud, const json_value *rem)
{
    take(ud, rem);
    return 0;
}

static void failed_entry(gathered *g, const char *job, const lh_error *err)
{
    jw w;
    jw_init(&w, &g->failed);
    if (g->failed.len)
        sbuf_addc(&g->failed, ',');
    sbuf_adds(&g->failed, "{\"job\":");
    json_escape(&g->failed, job, strlen(job));
    sbuf_adds(&g->failed, ",\"error\":");
    lh_write_error(&w, err);
    sbuf_addc(&g->failed, '}');
    log_warn("reminders", "job %s failed: %s", job, err->message);
}

/* A job's run: what it needs, and what it gave (its reminders' text, or its error). */
typedef struct job_run {
    reminders *r;
    lh_plugin *p;
    store *st;           /* what its assessd.data reads; NULL: the daemon's connection */
    const lh_keep *keep; /* NULL: every reminder */
    const char *date;
    int within, rc;
    bool ran;
    sbuf list;
    size_t count; /* with keep, how many it wants */
    lh_error err;
} job_run;

static void run_job(job_run *j)
{
    j->rc = sched_run_text(j->r, j->p, j->st, j->date, j->within, true, j->keep, &j->list,
                           &j->count, &j->err);
    j->ran = true;
}

/* Takes what a job gave: with a limit, each reminder parsed and copied in turn; without, the
 * whole result kept, items pointing into it. */
static void take_run(gathered *g, job_run *j)
{
    json_doc *doc = NULL;
    /* the text is lh_run_job's: not parsing is a fault of the daemon's (with a limit, those
     * seen before the fault stay gathered) */
    if (j->rc == 0 && (limited(g) ? json_parse_each(j->list.data, j->list.len, take_one, g, NULL)
                                  : json_parse(j->list.data, j->list.len, &doc, NULL)) != 0) {
        sched_not_json(j->p, &j->err);
        j->rc = -1;
    }
    sbuf_free(&j->list);
    if (j->rc != 0) {
        failed_entry(g, lh_plugin_name(j->p), &j->err);
        return;
    }
    if (g->rule.s)
        g->total += (int64_t)j->count;
    if (!doc)
        return;
    const json_value *list = json_doc_root(doc);
    size_t before = g->n;
    for (size_t i = 0; i < list->len; i++)
        take(g, list->u.items[i]);
    json_doc **nd = realloc(g->docs, (g->ndocs + 1) * sizeof *nd);
    if (!nd) {
        json_doc_free(doc);
        g->n = before; /* its items pointed into it */
        return;
    }
    g->docs = nd;
    g->docs[g->ndocs++] = doc;
}

/* ---- the jobs on threads of their own ------------------------------------------------------ */

#define WORKERS 2

typedef struct worker_arg {
    struct gather_run *gr;
    int k;
} worker_arg;

struct gather_run {
    reminders *r;
    gathered *g;
    job_run *runs;    /* in the scripts' (name) order, which is the order their results are taken */
    size_t *schedule; /* runs' indexes in the order the workers take them */
    size_t n, next;   /* next: the first of schedule no worker has taken (under mu) */
    bool stop;        /* under mu: take no more */
    int workers, running;
    uv_mutex_t mu;
    uv_thread_t th[WORKERS];
    store *st[WORKERS];
    worker_arg wa[WORKERS];
    uv_async_t done; /* the last worker's word to the loop */
    void (*finished)(void *ud);
    void *ud;
};

/* A worker is done (or never started); the last one out tells the loop. */
static void worker_gone(gather_run *gr)
{
    uv_mutex_lock(&gr->mu);
    bool last = --gr->running == 0;
    uv_mutex_unlock(&gr->mu);
    if (last)
        uv_async_send(&gr->done);
}

/* A worker: the next job not taken, until none is left; the last one out tells the loop. */
static void worker(void *arg)
{
    worker_arg *wa = arg;
    gather_run *gr = wa->gr;
    for (;;) {
        uv_mutex_lock(&gr->mu);
        size_t i = gr->stop ? gr->n : gr->next;
        if (i < gr->n)
            gr->next++;
        uv_mutex_unlock(&gr->mu);
        if (i >= gr->n)
            break;
        job_run *j = &gr->runs[gr->schedule[i]];
        j->st = gr->st[wa->k];
        run_job(j);
    }
    worker_gone(gr);
}

static void on_done_closed(uv_handle_t *h)
{
    gather_run *gr = h->data;
    uv_mutex_destroy(&gr->mu);
    free(gr->schedule);
    free(gr->runs);
    free(gr);
}

void gather_finish(gather_run *gr, bool stop)
{
    uv_mutex_lock(&gr->mu);
    gr->stop |= stop;
    uv_mutex_unlock(&gr->mu);
    for (int k = 0; k < gr->workers; k++)
        uv_thread_join(&gr->th[k]);
    gr->workers = 0;
    for (int k = 0; k < WORKERS; k++) {
        if (gr->st[k])
            store_close(gr->st[k]);
        gr->st[k] = NULL;
    }
    for (size_t i = 0; i < gr->n; i++)
        if (gr->runs[i].ran)
            take_run(gr->g, &gr->runs[i]);
    gr->r->gather = NULL;
    void (*finished)(void *ud) = gr->finished;
    void *ud = gr->ud;
    uv_close((uv_handle_t *)&gr->done, on_done_closed);
    if (finished)
        finished(ud);
}

static void on_done(uv_async_t *h)
{
    gather_finish(h->data, false); /* (a closed handle is not called back) */
}

/* Whether x should start before y: it took longer last time, or has never run. */
static bool longer(const job_run *x, const job_run *y)
{
    uint64_t a = lh_plugin_mean_ns(x->p), b = lh_plugin_mean_ns(y->p);
    return (a == 0 && b != 0) || (b != 0 && a > b);
}

/* The jobs of a gather, as lh_each finds them. */
typedef struct adder {
    gather_run *gr;
    bool calendar, oom;
    const lh_keep *keep;
    const char *date;
    int within;
} adder;

static void add_job(void *ud, lh_plugin *p)
{
    adder *a = ud;
    gather_run *gr = a->gr;
    if (a->oom || (a->calendar && !lh_plugin_job(p)->calendar))
        return;
    job_run *runs = realloc(gr->runs, (gr->n + 1) * sizeof *runs);
    if (runs)
        gr->runs = runs;
    size_t *schedule = runs ? realloc(gr->schedule, (gr->n + 1) * sizeof *schedule) : NULL;
    if (!schedule) {
        a->oom = true;
        return;
    }
    gr->schedule = schedule;
    runs[gr->n] =
        (job_run){.r = gr->r, .p = p, .keep = a->keep, .date = a->date, .within = a->within};
    sbuf_init(&runs[gr->n].list);
    schedule[gr->n] = gr->n;
    gr->n++;
}

/* A script that did not load and has no earlier version to run: its reminders are missing,
 * so the answer says so (one whose previous version runs is not missing anything). */
static void add_unloaded(void *ud, const lh_slot_info *si)
{
    if (!si->current && si->error)
        failed_entry(ud, si->name, si->error);
}

void gather_start(reminders *r, gathered *g, bool calendar, const char *date, int within, bool wait,
                  void (*finished)(void *ud), void *ud)
{
    gather_run *gr = calloc(1, sizeof *gr);
    adder add = {.gr = gr, .calendar = calendar, .date = date, .within = within};
    add.keep = g->rule.s ? &g->keep : NULL;
    if (gr) {
        gr->r = r;
        lh_refresh(r->previews); /* what changed on disk since */
        lh_each(r->previews, add_job, &add);
        lh_each_slot(r->previews, add_unloaded, g);
    }
    if (!gr || add.oom || uv_mutex_init(&gr->mu) != 0) {
        if (gr) {
            free(gr->runs);
            free(gr->schedule);
        }
        free(gr);
        lh_error err = {.kind = LH_ERR_RUNTIME};
        snprintf(err.message, sizeof err.message, "out of memory: no job was run");
        failed_entry(g, "*", &err);
        if (finished)
            finished(ud);
        return;
    }
    gr->g = g;
    gr->finished = finished;
    gr->ud = ud;
    job_run *runs = gr->runs;
    size_t *schedule = gr->schedule;
    /* the longest first, by their last runs (never run: first of all), so that two workers
     * end close together; the first call goes in the scripts' (name) order */
    for (size_t i = 1; i < gr->n; i++)
        for (size_t k = i; k > 0 && longer(&runs[schedule[k]], &runs[schedule[k - 1]]); k--) {
            size_t t = schedule[k];
            schedule[k] = schedule[k - 1];
            schedule[k - 1] = t;
        }
    lh_snapshot_catalogue(r->previews);
    uv_async_init(r->a->loop, &gr->done, on_done);
    gr->done.data = gr;
    r->gather = gr;
    /* each worker with a read connection of its own; the jobs' states are the previews', which
     * nothing on the loop touches while the gather is out (one gather at a time) */
    int readers = 0;
    while (readers < WORKERS && (size_t)readers < gr->n &&
           store_open_reader(r->a->st, &gr->st[readers]) == STORE_OK)
        readers++;
    gr->running = readers;
    for (int k = 0; k < readers; k++) {
        gr->wa[k] = (worker_arg){gr, k};
        if (uv_thread_create(&gr->th[gr->workers], worker, &gr->wa[k]) == 0) {
            gr->workers++;
            continue;
        }
        store_close(gr->st[k]);
        gr->st[k] = NULL;
        worker_gone(gr);
    }
    if (!gr->workers) /* no thread or connection to spare: on the loop, one after the other */
        for (size_t i = 0; i < gr->n; i++)
            run_job(&runs[schedule[i]]);
    if (wait)
        gather_finish(gr, false);
    else if (!gr->workers) /* all done (or nothing to do): answered from the loop, not from */
        uv_async_send(&gr->done); /* within the call that started it, which is still running */
}

void gather_end(gathered *g)
{
    if (g->n > 1)
        qsort(g->items, g->n, sizeof *g->items, by_due);
    /* each job kept its earliest: the earliest of them all */
    while (limited(g) && (int64_t)g->n > g->rule.limit)
        free(g->items[--g->n].text);
}

void gather_write_due(const gathered *g, jw *w)
{
    jw_arr_begin(w);
    for (size_t i = 0; i < g->n; i++) {
        const item *it = &g->items[i];
        if (it->text) /* the reminder follows its key */
            jw_raw(w, it->key + strlen(it->key) + 1, it->len);
        else
            write_due(w, it->v, it->due, g->rule.day);
    }
    jw_arr_end(w);
}

void gathered_free(gathered *g)
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
    memset(g, 0, sizeof *g);
}
