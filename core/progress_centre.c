/* progress_centre — progress.centre: the store read on a worker thread, the rules run on the
 * loop a batch at a time. See progress_centre.h. */
#include "progress_centre.h"

#include <malloc.h> /* malloc_trim: glibc */
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <uv.h>

#include "auth.h"
#include "bodyhook.h"
#include "catalogue.h"
#include "dates.h"
#include "log.h"
#include "people.h"
#include "progress_shape.h"
#include "store.h"

#define MAX_BODIES 16
#define MAX_QUALS  64

typedef struct qtotal {
    char qual[64];
    int64_t registrations;
} qtotal;

/* What a run has counted: a fill's share is counted off the loop and added on it. */
typedef struct tally {
    int64_t registrations, achieved, units, units_achieved, units_ready, computed, kept;
    qtotal quals[MAX_QUALS];
    int nquals;
} tally;

/* One read from the store: up to progress_batch registrations, the kept summaries among them
 * counted, the rest written as the plugin's argument. A deferred run reads the next fill on a
 * worker thread (the cursor has a connection of its own) while the loop runs the plugin over
 * the last one: the store's share and the rules' share of the work overlap. */
typedef struct fill {
    centre_run *cr;
    uv_work_t req;
    sbuf batch;
    json_doc *args; /* the batch parsed: the hook's arguments */
    bool parsed;    /* args made (or failed: out of memory) */
    int n;
    struct {
        int64_t id, rev;
    } * regs; /* the registrations in the batch */
    tally t;
    bool done; /* the body's cursor is at its end */
    int rc;    /* the store's status */
} fill;

struct centre_run {
    app *a;
    rpc_call *c;    /* the call while its handler runs, then its deferred copy */
    uint64_t token; /* server_defer's, once deferred */
    int64_t centre;
    char bodies[MAX_BODIES][32];
    int nbodies, body; /* the bodies to cover; the one under way */
    store_progress_cursor *cur;
    uint64_t plugin_serial; /* of the body's plugin when its first batch went out */
    int64_t rules;          /* and its fingerprint: which kept summaries are good */
    bool keep;              /* store what is computed (read on a snapshot of committed state) */
    fill fills[2];
    int next_fill; /* the one the next read goes into */
    bool reading;  /* a fill is on a worker thread */
    /* the loop has computed every fill it had and waits for the one being read: that one comes
     * back unparsed and the loop parses it, the worker going on to the next meanwhile */
    atomic_bool loop_idle;
    bool off_loop; /* any fill was */
    bool replied;  /* delivered: freed when the fill under way comes back */
    char today[DATE_LEN];
    tally t;
    bool failed;
    uint64_t started_ns;
    centre_run *next;
};

/* The tally's count of qualification q, added if new; NULL when MAX_QUALS are counted. */
static qtotal *qual_of(tally *t, const char *q)
{
    int i = 0;
    while (i < t->nquals && strcmp(t->quals[i].qual, q) != 0)
        i++;
    if (i == t->nquals) {
        if (t->nquals == MAX_QUALS)
            return NULL;
        t->quals[t->nquals++] = (qtotal){.registrations = 0};
        snprintf(t->quals[i].qual, sizeof t->quals[i].qual, "%s", q);
    }
    return &t->quals[i];
}

static void count_qual(tally *t, const char *body, const char *code)
{
    char q[64];
    snprintf(q, sizeof q, "%s:%s", body, code);
    qtotal *n = qual_of(t, q);
    if (n)
        n->registrations++;
}

static void add_counts(tally *t, const store_progress_summary *sum)
{
    t->achieved += sum->achieved;
    t->units += sum->units;
    t->units_achieved += sum->units_achieved;
    t->units_ready += sum->units_ready;
}

static void merge(tally *into, const tally *from)
{
    into->registrations += from->registrations;
    into->achieved += from->achieved;
    into->units += from->units;
    into->units_achieved += from->units_achieved;
    into->units_ready += from->units_ready;
    into->computed += from->computed;
    into->kept += from->kept;
    for (int k = 0; k < from->nquals; k++) {
        qtotal *n = qual_of(into, from->quals[k].qual);
        if (n)
            n->registrations += from->quals[k].registrations;
    }
}

static int fail(centre_run *cr)
{
    cr->failed = true;
    return -1;
}

/* The body's plugin, the same version as for the run's earlier batches. */
static lh_plugin *body_plugin(centre_run *cr)
{
    const char *body = cr->bodies[cr->body];
    lh_plugin *p = lh_find_body(cr->a->lh, body);
    if (!p || !lh_has_hook(p, "progress.batch")) {
        bodyhook_missing(cr->c, cr->a, body, "progress.batch");
        return NULL;
    }
    if (!cr->plugin_serial) {
        cr->plugin_serial = lh_plugin_serial(p);
        cr->rules = lh_plugin_fingerprint(p);
    } else if (cr->plugin_serial != lh_plugin_serial(p)) {
        rpc_error(cr->c, RPC_CONFLICT, "plugins_reloaded",
                  "the plugin of awarding body %s was reloaded while the centre's progress was "
                  "being computed: ask again",
                  body);
        return NULL;
    }
    return p;
}

/* Keeps the batch's summaries, so that the next run reads only what changed. A failure loses
 * nothing but time: the next run computes them again. */
static void keep_batch(centre_run *cr, const fill *f, const store_progress_summary *sums,
                       const char *today)
{
    store *st = cr->a->st;
    if (store_tx_begin(st) != STORE_OK || store_savepoint(st) != STORE_OK) {
        log_warn("progress", "cannot keep progress summaries: %s", store_errmsg(st));
        return;
    }
    for (int i = 0; i < f->n; i++) {
        if (store_progress_keep(st, f->regs[i].id, f->regs[i].rev, cr->rules, today, &sums[i]) !=
            STORE_OK) {
            log_warn("progress", "cannot keep progress summaries: %s", store_errmsg(st));
            store_rollback(st);
            return;
        }
    }
    store_release(st);
}

/* Reads the plugin's answer to a fill's batch into sums (one per registration): a list, one
 * answer per registration in the order they were handed, each in shape (progress_shape.h).
 * Fails the call with 1005 naming the plugin, the hook and what is wrong otherwise. */
static int summaries(centre_run *cr, const fill *f, lh_plugin *p, json_doc *out,
                     store_progress_summary *sums)
{
    const char *name = lh_plugin_name(p);
    if (!sums)
        return rpc_error(cr->c, RPC_INTERNAL_ERROR, NULL, "out of memory");
    const json_value *list = out ? json_doc_root(out) : NULL;
    if (!list || list->type != JSON_ARRAY)
        return bodyhook_bad_answer_of(cr->c, name, "progress.batch", "%s, not a list",
                                      list ? json_type_name(list->type) : "nothing (nil)");
    if (list->len != (size_t)f->n)
        return bodyhook_bad_answer_of(cr->c, name, "progress.batch",
                                      "%zu answers for %d registrations (one per registration, "
                                      "in the order they were handed)",
                                      list->len, f->n);
    /* the batch as handed: [[reg, ...]] */
    const json_value *regs = json_doc_root(f->args)->u.items[0];
    char why[300];
    for (size_t i = 0; i < list->len; i++) {
        const json_value *units = json_get(regs->u.items[i], "units");
        if (!progress_summary_ok(list->u.items[i], i, f->regs[i].id, units ? units->len : 0,
                                 &sums[i], why, sizeof why))
            return bodyhook_bad_answer_of(cr->c, name, "progress.batch", "%s", why);
    }
    return 0;
}

/* Runs the body's plugin over a fill's batch and counts the answers. */
static int compute(centre_run *cr, fill *f)
{
    if (!f->n)
        return 0;
    if (!f->args) {
        rpc_error(cr->c, RPC_INTERNAL_ERROR, NULL, "out of memory");
        return fail(cr);
    }
    lh_plugin *p = body_plugin(cr);
    if (!p)
        return fail(cr);
    json_doc *out;
    lh_error err;
    bool dated = false; /* whether the rules looked at the date */
    int rc =
        lh_call_watching(p, "progress.batch", json_doc_root(f->args), "today", &dated, &out, &err);
    store_progress_summary *sums = NULL;
    if (rc != 0) {
        lh_rpc_error(cr->c, &err);
    } else {
        sums = calloc((size_t)f->n, sizeof *sums);
        rc = summaries(cr, f, p, out, sums);
    }
    json_doc_free(out);
    json_doc_free(f->args);
    f->args = NULL;
    if (rc != 0) {
        free(sums);
        return fail(cr);
    }
    size_t n = (size_t)f->n;
    for (size_t i = 0; i < n; i++)
        add_counts(&cr->t, &sums[i]);
    cr->t.computed += (int64_t)n;
    if (cr->keep)
        keep_batch(cr, f, sums, dated ? cr->today : "");
    free(sums);
    return 0;
}

/* ---- reading: on the loop, or on a worker thread (nothing here touches the loop's state) -- */

static int on_registration(void *ud, const store_reg_brief *r, const char *units, size_t len)
{
    fill *f = ud;
    f->t.registrations++;
    count_qual(&f->t, r->body, r->qualification);
    if (r->kept) {
        add_counts(&f->t, r->kept);
        f->t.kept++;
        return 0;
    }
    f->regs[f->n].id = r->id;
    f->regs[f->n].rev = r->progress_rev;
    sbuf_adds(&f->batch, f->n ? "," : "[[");
    jw w;
    jw_init(&w, &f->batch);
    jw_obj_begin(&w);
    jw_kint(&w, "registration", r->id);
    jw_kint(&w, "catalogue_version", r->catalogue_version);
    jw_kstr(&w, "body", r->body);
    jw_kstr(&w, "qualification", r->qualification);
    jw_kstr(&w, "registered_on", r->registered_on);
    jw_kstr(&w, "today", f->cr->today);
    jw_key(&w, "units");
    jw_raw(&w, units, len);
    jw_obj_end(&w);
    f->n++;
    return 0;
}

/* Reads the next registrations of the body under way into f. */
static void read_fill(fill *f)
{
    centre_run *cr = f->cr;
    sbuf_reset(&f->batch);
    json_doc_free(f->args);
    f->args = NULL;
    f->n = 0;
    f->t = (tally){.registrations = 0};
    f->done = false;
    f->parsed = false;
    f->rc =
        store_progress_next(cr->cur, (int)cr->a->cfg.progress_batch, on_registration, f, &f->done);
    if (f->rc == STORE_OK && f->n)
        sbuf_adds(&f->batch, "]]");
}

/* The batch read into f, as the hook's arguments. On a worker thread unless the loop has nothing
 * else to do: whichever of the two would otherwise wait does it. */
static void parse_fill(fill *f)
{
    f->parsed = true;
    if (f->rc == STORE_OK && f->n && json_parse(f->batch.data, f->batch.len, &f->args, NULL) != 0)
        f->args = NULL; /* only out of memory: the core wrote it */
}

/* ---- the run --------------------------------------------------------------------------- */

/* Opens the cursor of the body under way. */
static int open_body(centre_run *cr)
{
    app *a = cr->a;
    cr->plugin_serial = 0;
    lh_plugin *p = body_plugin(cr);
    if (!p)
        return fail(cr);
    /* on a connection of its own when answers may wait: its snapshot outlives the turn, and
     * holds only committed records, so what is computed from it may be kept */
    cr->keep = a->srv != NULL;
    /* the plugin's choice: every evidence item, or each unit's refs covered (far less to build) */
    bool covered = lh_hook_option_is(p, "progress.batch", "evidence", "covered");
    if (store_progress_open(a->st, cr->keep, covered, cr->centre, cr->bodies[cr->body], cr->rules,
                            cr->today, &cr->cur) != STORE_OK) {
        rpc_error(cr->c, RPC_INTERNAL_ERROR, NULL, "%s", store_errmsg(a->st));
        return fail(cr);
    }
    return 0;
}

/* Takes a fill that has been read: adds up what it counted, computes its batch, and moves to
 * the next body at the end of one. Returns -1 when the run failed (the error is in cr->c). */
static int take(centre_run *cr, fill *f, bool *body_done)
{
    *body_done = false;
    if (f->rc != STORE_OK) {
        rpc_error(cr->c, RPC_INTERNAL_ERROR, NULL, "%s", store_progress_error(cr->cur));
        return fail(cr);
    }
    if (!f->parsed)
        parse_fill(f);
    merge(&cr->t, &f->t);
    if (f->done) {
        store_progress_close(cr->cur);
        cr->cur = NULL;
        *body_done = true;
    }
    return compute(cr, f);
}

/* Works on the loop for about budget_ns (at least one batch). Returns 1 when every body is
 * done, 0 when there is more, -1 when the run failed (the error is in cr->c). */
static int work(centre_run *cr, uint64_t budget_ns)
{
    uint64_t start = uv_hrtime();
    while (cr->body < cr->nbodies) {
        if (!cr->cur && open_body(cr))
            return -1;
        fill *f = &cr->fills[0];
        read_fill(f);
        bool body_done;
        if (take(cr, f, &body_done))
            return -1;
        if (body_done)
            cr->body++;
        if (uv_hrtime() - start >= budget_ns)
            break;
    }
    return cr->body >= cr->nbodies;
}

static void write_result(centre_run *cr)
{
    const tally *t = &cr->t;
    jw *w = rpc_result(cr->c);
    jw_obj_begin(w);
    jw_kint(w, "centre", cr->centre);
    jw_kint(w, "registrations", t->registrations);
    jw_kint(w, "achieved", t->achieved);
    jw_kint(w, "units", t->units);
    jw_kint(w, "units_achieved", t->units_achieved);
    jw_kint(w, "units_ready_for_signoff", t->units_ready);
    jw_kint(w, "computed", t->computed);
    jw_kint(w, "kept", t->kept);
    jw_key(w, "qualifications");
    jw_arr_begin(w);
    for (int i = 0; i < t->nquals; i++) {
        jw_obj_begin(w);
        jw_kstr(w, "qualification", t->quals[i].qual);
        jw_kint(w, "registrations", t->quals[i].registrations);
        jw_obj_end(w);
    }
    jw_arr_end(w);
    jw_key(w, "seconds");
    jw_double(w, (double)(uv_hrtime() - cr->started_ns) / 1e9);
    jw_obj_end(w);
}

/* Frees the run, or (a fill still being read) marks it to be freed when the fill is back. */
static void run_free(centre_run *cr)
{
    if (cr->reading) {
        cr->replied = true;
        return;
    }
    store_progress_close(cr->cur);
    for (int i = 0; i < 2; i++) {
        sbuf_free(&cr->fills[i].batch);
        json_doc_free(cr->fills[i].args);
        free(cr->fills[i].regs);
    }
    /* what the worker threads allocated (their reader's page cache, the batches) went back to
     * their own malloc arenas, which glibc does not shrink by itself: give it to the system */
    if (cr->off_loop)
        malloc_trim(0);
    free(cr);
}

/* A deferred run is over: its reply goes to its connection, and the run is freed. */
static void deliver(centre_run *cr)
{
    app *a = cr->a;
    for (centre_run **pp = &a->centre_runs; *pp; pp = &(*pp)->next) {
        if (*pp == cr) {
            *pp = cr->next;
            break;
        }
    }
    if (!cr->failed)
        write_result(cr);
    if (!server_reply(a->srv, cr->token, cr->c))
        log_debug("progress", "progress.centre of centre %lld: the caller has gone",
                  (long long)cr->centre);
    run_free(cr);
}

static void read_on_worker(uv_work_t *req)
{
    fill *f = req->data;
    read_fill(f);
    if (!atomic_load(&f->cr->loop_idle))
        parse_fill(f);
}

static void on_read(uv_work_t *req, int status);

/* Sends the next read to a worker thread, opening the next body's cursor first if need be.
 * Returns 1 when the run is over instead — every body done, or a failure (in cr->c) — and the
 * caller delivers it. */
static int read_next(centre_run *cr)
{
    if (!cr->cur && (cr->body >= cr->nbodies || open_body(cr)))
        return 1;
    fill *f = &cr->fills[cr->next_fill];
    cr->next_fill ^= 1;
    f->req.data = f;
    if (uv_queue_work(cr->a->loop, &f->req, read_on_worker, on_read) != 0) {
        rpc_error(cr->c, RPC_INTERNAL_ERROR, NULL, "cannot start reading the store");
        return fail(cr), 1;
    }
    cr->reading = cr->off_loop = true;
    return 0;
}

static void on_read(uv_work_t *req, int status)
{
    fill *f = req->data;
    centre_run *cr = f->cr;
    cr->reading = false;
    atomic_store(&cr->loop_idle, false);
    if (cr->replied) {
        run_free(cr); /* ended while this was read (the daemon stopping) */
        return;
    }
    if (status != 0) {
        rpc_error(cr->c, RPC_INTERNAL_ERROR, NULL, "reading the store: %s", uv_strerror(status));
        fail(cr);
        deliver(cr);
        return;
    }
    /* the next read goes to the worker first, to overlap with the plugin's run below */
    if (f->rc == STORE_OK && !f->done && read_next(cr)) {
        deliver(cr);
        return;
    }
    bool read_under_way = cr->reading, body_done;
    if (take(cr, f, &body_done)) {
        deliver(cr);
        return;
    }
    if (body_done)
        cr->body++;
    if (!read_under_way && read_next(cr)) {
        deliver(cr);
        return;
    }
    atomic_store(&cr->loop_idle, true); /* until the read under way is back */
}

/* The bodies the centre has registrations with: a body it does not use is not asked (its
 * plugin need not answer progress.batch). */
static void collect_body(void *ud, const cat_body *b)
{
    centre_run *cr = ud;
    bool used = true;
    store_centre_uses_body(cr->a->st, cr->centre, cat_body_code(b), &used);
    if (used && cr->nbodies < MAX_BODIES)
        snprintf(cr->bodies[cr->nbodies++], sizeof cr->bodies[0], "%s", cat_body_code(b));
}

static int m_centre(rpc_call *c)
{
    app *a = rpc_call_method(c)->udata;
    session *s = rpc_session(c);
    int64_t centre = rpc_int(c, "centre", 0);
    if (auth_require(c, ROLE_ADMIN | ROLE_IV | ROLE_EV, "centre_reports") ||
        (!auth_has(s, ROLE_EV) && people_same_centre(c, centre)))
        return -1;
    centre_run *cr = calloc(1, sizeof *cr);
    if (!cr)
        return rpc_error(c, RPC_INTERNAL_ERROR, NULL, "out of memory");
    cr->a = a;
    cr->c = c;
    cr->centre = centre;
    cr->started_ns = uv_hrtime();
    for (int i = 0; i < 2; i++) {
        cr->fills[i].cr = cr;
        sbuf_init(&cr->fills[i].batch);
        cr->fills[i].regs = calloc((size_t)a->cfg.progress_batch, sizeof *cr->fills[i].regs);
        if (!cr->fills[i].regs) {
            run_free(cr);
            return rpc_error(c, RPC_INTERNAL_ERROR, NULL, "out of memory");
        }
    }
    date_today_str(cr->today);
    const char *only = rpc_str(c, "body");
    if (only && !catalogue_body(a->cat, only)) {
        run_free(cr);
        jw *w =
            rpc_error_data(c, RPC_NOT_FOUND, NULL,
                           "no awarding body '%s' is loaded (catalogue.bodies lists them)", only);
        jw_kstr(w, "body", only);
        return rpc_error_done(c);
    }
    if (only)
        snprintf(cr->bodies[cr->nbodies++], sizeof cr->bodies[0], "%s", only);
    else
        catalogue_each_body(a->cat, collect_body, cr);
    /* the first slice now: a small centre is answered at once */
    int st = work(cr, (uint64_t)a->cfg.progress_slice_ms * 1000000u);
    rpc_call *d = st == 0 && a->srv ? rpc_defer(c) : NULL;
    if (!d) {
        /* done, failed, or a call that cannot wait (in a batch): finish here */
        while (st == 0)
            st = work(cr, UINT64_MAX);
        if (st > 0)
            write_result(cr);
        run_free(cr);
        return st > 0 ? 0 : -1;
    }
    cr->c = d;
    cr->token = server_defer(a->srv);
    cr->next = a->centre_runs;
    a->centre_runs = cr;
    atomic_store(&cr->loop_idle, true);
    if (read_next(cr))
        deliver(cr);
    return 0;
}

void progress_centre_stop(app *a)
{
    while (a->centre_runs) {
        centre_run *cr = a->centre_runs;
        rpc_error(cr->c, RPC_OVERLOADED, "shutting_down",
                  "the daemon is stopping: progress.centre was not finished");
        cr->failed = true;
        deliver(cr);
    }
}

void progress_centre_register_methods(app *a)
{
    static const rpc_param params[] = {
        {"centre", P_ID, true, NULL},
        {"body", P_STRING, false, "one awarding body (default: every body)"},
        RPC_PARAM_END};
    static rpc_method methods[] = {
        {"progress.centre", m_centre, 0, params,
         "every registration of a centre: how many achieved, units achieved and ready", NULL},
        {NULL, NULL, 0, NULL, NULL, NULL},
    };
    app_register(a, methods);
}
