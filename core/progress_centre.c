/* progress_centre — progress.centre in slices on the loop. See progress_centre.h. */
#include "progress_centre.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <uv.h>

#include "auth.h"
#include "catalogue.h"
#include "dates.h"
#include "log.h"
#include "people.h"
#include "store.h"

#define MAX_BODIES 16
#define MAX_QUALS  64

typedef struct qtotal {
    char qual[64];
    int64_t registrations;
} qtotal;

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
    sbuf batch;
    int nbatch;
    struct {
        int64_t id, rev;
    } * batched; /* the registrations in the batch */
    char today[DATE_LEN];
    int64_t registrations, achieved, units, units_achieved, units_ready, computed, kept;
    qtotal quals[MAX_QUALS];
    int nquals;
    bool failed;
    uint64_t started_ns;
    uv_timer_t timer;
    bool timer_open;
    centre_run *next;
};

static void count_qual(centre_run *cr, const char *body, const char *code)
{
    char q[64];
    snprintf(q, sizeof q, "%s:%s", body, code);
    int i = 0;
    while (i < cr->nquals && strcmp(cr->quals[i].qual, q) != 0)
        i++;
    if (i == cr->nquals && cr->nquals < MAX_QUALS)
        snprintf(cr->quals[cr->nquals++].qual, sizeof cr->quals[0].qual, "%s", q);
    if (i < cr->nquals)
        cr->quals[i].registrations++;
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
        rpc_error(cr->c, RPC_PLUGIN_ERROR, NULL,
                  "no plugin for awarding body %s answers 'progress.batch'", body);
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

static void add_counts(centre_run *cr, const store_progress_summary *sum)
{
    cr->achieved += sum->achieved;
    cr->units += sum->units;
    cr->units_achieved += sum->units_achieved;
    cr->units_ready += sum->units_ready;
}

static int64_t count_of(const json_value *x, const char *key)
{
    const json_value *v = json_get(x, key);
    return v && v->type == JSON_NUMBER ? v->u.num.i : 0;
}

/* Keeps the batch's summaries, so that the next run reads only what changed. A failure loses
 * nothing but time: the next run computes them again. */
static void keep_batch(centre_run *cr, const store_progress_summary *sums, size_t n,
                       const char *today)
{
    store *st = cr->a->st;
    if (store_tx_begin(st) != STORE_OK || store_savepoint(st) != STORE_OK) {
        log_warn("progress", "cannot keep progress summaries: %s", store_errmsg(st));
        return;
    }
    for (size_t i = 0; i < n; i++) {
        if (store_progress_keep(st, cr->batched[i].id, cr->batched[i].rev, cr->rules, today,
                                &sums[i]) != STORE_OK) {
            log_warn("progress", "cannot keep progress summaries: %s", store_errmsg(st));
            store_rollback(st);
            return;
        }
    }
    store_release(st);
}

static int flush_batch(centre_run *cr)
{
    if (!cr->nbatch)
        return 0;
    sbuf_adds(&cr->batch, "]]");
    lh_plugin *p = body_plugin(cr);
    if (!p)
        return fail(cr);
    json_doc *out;
    lh_error err;
    int nbatch = cr->nbatch;
    bool dated = false; /* whether the rules looked at the date */
    int rc = lh_call_watching(p, "progress.batch", cr->batch.data, cr->batch.len, "today", &dated,
                              &out, &err);
    sbuf_reset(&cr->batch);
    cr->nbatch = 0;
    if (rc != 0) {
        lh_rpc_error(cr->c, &err);
        return fail(cr);
    }
    const json_value *list = out ? json_doc_root(out) : NULL;
    if (!list || list->type != JSON_ARRAY) {
        json_doc_free(out);
        rpc_error(cr->c, RPC_PLUGIN_ERROR, NULL, "plugin %s: progress.batch must return a list",
                  lh_plugin_name(p));
        return fail(cr);
    }
    size_t n = list->len;
    if (n != (size_t)nbatch) {
        json_doc_free(out);
        rpc_error(cr->c, RPC_PLUGIN_ERROR, NULL,
                  "plugin %s: progress.batch returned %zu answers for %d registrations",
                  lh_plugin_name(p), n, nbatch);
        return fail(cr);
    }
    store_progress_summary *sums = calloc(n, sizeof *sums);
    if (!sums) {
        json_doc_free(out);
        rpc_error(cr->c, RPC_INTERNAL_ERROR, NULL, "out of memory");
        return fail(cr);
    }
    for (size_t i = 0; i < n; i++) {
        const json_value *x = list->u.items[i];
        const json_value *ach = json_get(x, "achieved");
        sums[i] = (store_progress_summary){count_of(x, "units"), count_of(x, "units_achieved"),
                                           count_of(x, "units_ready"),
                                           ach && ach->type == JSON_BOOL && ach->u.boolean};
        add_counts(cr, &sums[i]);
    }
    json_doc_free(out);
    cr->computed += (int64_t)n;
    if (cr->keep)
        keep_batch(cr, sums, n, dated ? cr->today : "");
    free(sums);
    return 0;
}

static int on_registration(void *ud, const store_reg_brief *r, const char *units, size_t len)
{
    centre_run *cr = ud;
    cr->registrations++;
    count_qual(cr, r->body, r->qualification);
    if (r->kept) {
        add_counts(cr, r->kept);
        cr->kept++;
        return 0;
    }
    cr->batched[cr->nbatch].id = r->id;
    cr->batched[cr->nbatch].rev = r->progress_rev;
    sbuf_adds(&cr->batch, cr->nbatch ? "," : "[[");
    jw w;
    jw_init(&w, &cr->batch);
    jw_obj_begin(&w);
    jw_kint(&w, "registration", r->id);
    jw_kint(&w, "catalogue_version", r->catalogue_version);
    jw_kstr(&w, "body", r->body);
    jw_kstr(&w, "qualification", r->qualification);
    jw_kstr(&w, "registered_on", r->registered_on);
    jw_kstr(&w, "today", cr->today);
    jw_key(&w, "units");
    jw_raw(&w, units, len);
    jw_obj_end(&w);
    cr->nbatch++;
    if (cr->nbatch >= cr->a->cfg.progress_batch)
        return flush_batch(cr);
    return 0;
}

/* Works for about budget_ns (at least one batch). Returns 1 when every body is done, 0 when
 * there is more, -1 when the run failed (the error is in cr->c). */
static int work(centre_run *cr, uint64_t budget_ns)
{
    app *a = cr->a;
    uint64_t start = uv_hrtime();
    while (cr->body < cr->nbodies) {
        if (!cr->cur) {
            cr->plugin_serial = 0;
            if (!body_plugin(cr))
                return fail(cr);
            /* on a connection of its own when answers may wait: its snapshot outlives the turn,
             * and holds only committed records, so what is computed from it may be kept */
            cr->keep = a->srv != NULL;
            if (store_progress_open(a->st, cr->keep, cr->centre, cr->bodies[cr->body], cr->rules,
                                    cr->today, &cr->cur) != STORE_OK) {
                rpc_error(cr->c, RPC_INTERNAL_ERROR, NULL, "%s", store_errmsg(a->st));
                return fail(cr);
            }
        }
        bool done;
        int st =
            store_progress_next(cr->cur, (int)a->cfg.progress_batch, on_registration, cr, &done);
        if (cr->failed)
            return -1;
        if (st != STORE_OK) {
            rpc_error(cr->c, RPC_INTERNAL_ERROR, NULL, "%s", store_progress_error(cr->cur));
            return fail(cr);
        }
        if (done) {
            if (flush_batch(cr))
                return -1;
            store_progress_close(cr->cur);
            cr->cur = NULL;
            cr->body++;
        }
        if (uv_hrtime() - start >= budget_ns)
            break;
    }
    return cr->body >= cr->nbodies;
}

static void write_result(centre_run *cr)
{
    jw *w = rpc_result(cr->c);
    jw_obj_begin(w);
    jw_kint(w, "centre", cr->centre);
    jw_kint(w, "registrations", cr->registrations);
    jw_kint(w, "achieved", cr->achieved);
    jw_kint(w, "units", cr->units);
    jw_kint(w, "units_achieved", cr->units_achieved);
    jw_kint(w, "units_ready_for_signoff", cr->units_ready);
    jw_kint(w, "computed", cr->computed);
    jw_kint(w, "kept", cr->kept);
    jw_key(w, "qualifications");
    jw_arr_begin(w);
    for (int i = 0; i < cr->nquals; i++) {
        jw_obj_begin(w);
        jw_kstr(w, "qualification", cr->quals[i].qual);
        jw_kint(w, "registrations", cr->quals[i].registrations);
        jw_obj_end(w);
    }
    jw_arr_end(w);
    jw_key(w, "seconds");
    jw_double(w, (double)(uv_hrtime() - cr->started_ns) / 1e9);
    jw_obj_end(w);
}

static void on_timer_closed(uv_handle_t *h)
{
    free(h->data);
}

static void run_free(centre_run *cr)
{
    store_progress_close(cr->cur);
    sbuf_free(&cr->batch);
    free(cr->batched);
    if (cr->timer_open) {
        uv_timer_stop(&cr->timer);
        uv_close((uv_handle_t *)&cr->timer, on_timer_closed);
    } else {
        free(cr);
    }
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

static void on_tick(uv_timer_t *t)
{
    centre_run *cr = t->data;
    if (work(cr, (uint64_t)cr->a->cfg.progress_slice_ms * 1000000u) != 0)
        deliver(cr);
}

static void collect_body(void *ud, const cat_body *b)
{
    centre_run *cr = ud;
    if (cr->nbodies < MAX_BODIES)
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
    sbuf_init(&cr->batch);
    cr->batched = calloc((size_t)a->cfg.progress_batch, sizeof *cr->batched);
    if (!cr->batched) {
        free(cr);
        return rpc_error(c, RPC_INTERNAL_ERROR, NULL, "out of memory");
    }
    date_today_str(cr->today);
    const char *only = rpc_str(c, "body");
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
    uv_timer_init(a->loop, &cr->timer);
    cr->timer.data = cr;
    cr->timer_open = true;
    uv_timer_start(&cr->timer, on_tick, 0, 1);
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
