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

/* A reminder of a job's result, kept whole (the result is kept) or, with a limit, copied. */
static void take(gathered *g, const json_value *rem)
{
    if (!g->keeping)
        g->total++; /* else the run counted them */
    item it = {json_get(rem, "due")->u.str, json_get(rem, "key")->u.str, rem, NULL, 0};
    if (!grow(g, 1))
        return;
    if (g->keeping && g->rule.limit >= 0) {
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
    g->keeping = rule && rule->s;
    if (g->keeping)
        rem_keep(rule->s, rule->kind, rule->person, rule->limit, &g->keep);
}

static int take_one(void *ud, const json_value *rem)
{
    take(ud, rem);
    return 0;
}

static void job_failed(gathered *g, lh_plugin *p, const lh_error *err)
{
    jw w;
    jw_init(&w, &g->failed);
    if (g->failed.len)
        sbuf_addc(&g->failed, ',');
    sbuf_adds(&g->failed, "{\"job\":");
    json_escape(&g->failed, lh_plugin_name(p), strlen(lh_plugin_name(p)));
    sbuf_adds(&g->failed, ",\"error\":");
    lh_write_error(&w, err);
    sbuf_addc(&g->failed, '}');
    log_warn("reminders", "job %s failed: %s", lh_plugin_name(p), err->message);
}

/* A job's run: what it needs, and what it gave (its reminders' text, or its error). */
typedef struct job_run {
    reminders *r;
    lh_plugin *p;
    store *st;           /* what its assessd.data reads; NULL: the daemon's connection */
    const lh_keep *keep; /* NULL: every reminder */
    const char *date;
    int within, rc;
    sbuf list;
    size_t count; /* with keep, how many it wants */
    lh_error err;
} job_run;

static void run_job(void *arg)
{
    job_run *j = arg;
    j->rc = sched_run_text(j->r, j->p, j->st, j->date, j->within, true, j->keep, &j->list,
                           &j->count, &j->err);
}

/* Takes what a job gave: with a limit, each reminder parsed and copied in turn; without, the
 * whole result kept, items pointing into it. */
static void take_run(gathered *g, job_run *j)
{
    json_doc *doc = NULL;
    bool limited = g->keeping && g->rule.limit >= 0;
    /* the text is read_reminder's: not parsing is a fault of the daemon's (with a limit, those
     * seen before the fault stay gathered) */
    if (j->rc == 0 && (limited ? json_parse_each(j->list.data, j->list.len, take_one, g, NULL)
                               : json_parse(j->list.data, j->list.len, &doc, NULL)) != 0) {
        sched_not_json(j->p, &j->err);
        j->rc = -1;
    }
    sbuf_free(&j->list);
    if (j->rc != 0) {
        job_failed(g, j->p, &j->err);
        return;
    }
    if (g->keeping)
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

void gather_jobs(reminders *r, gathered *g, lh_plugin *p, lh_plugin *q, const char *date,
                 int within)
{
    const lh_keep *keep = g->keeping ? &g->keep : NULL;
    job_run a = {.r = r, .p = p, .keep = keep, .date = date, .within = within};
    job_run b = {.r = r, .p = q, .keep = keep, .date = date, .within = within};
    sbuf_init(&a.list);
    sbuf_init(&b.list);
    uv_thread_t helper;
    bool apart = q && store_open_reader(r->a->st, &b.st) == STORE_OK;
    if (apart && uv_thread_create(&helper, run_job, &b) != 0) {
        store_close(b.st);
        b.st = NULL;
        apart = false;
    }
    run_job(&a);
    take_run(g, &a); /* while q may still run: only the loop touches g */
    if (apart) {
        uv_thread_join(&helper);
        store_close(b.st);
    } else if (q) {
        run_job(&b);
    }
    if (q)
        take_run(g, &b);
}

void gather_end(gathered *g)
{
    if (g->n > 1)
        qsort(g->items, g->n, sizeof *g->items, by_due);
    /* each job kept its earliest: the earliest of them all */
    while (g->keeping && g->rule.limit >= 0 && (int64_t)g->n > g->rule.limit)
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
