/* progress — what a registration has achieved: progress.get (cached until a write changes
 * it) and the computation the sign-off and claims rely on. See progress.h. */
#include "progress.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <uv.h>

#include "auth.h"
#include "bodyhook.h"
#include "catalogue.h"
#include "dates.h"
#include "people.h"
#include "progress_cache.h"
#include "store.h"

/* The progress replies kept (about 10,000 registrations' worth). */
#define PROGRESS_CACHE_BYTES (32u << 20)

int progress_compute(rpc_call *c, app *a, const reg_ctx *rc, bool texts, json_doc **out)
{
    sbuf args;
    sbuf_init(&args);
    jw w;
    jw_init(&w, &args);
    jw_arr_begin(&w);
    jw_obj_begin(&w);
    bodyhook_registration_context(&w, rc);
    if (texts)
        jw_kbool(&w, "texts", true);
    jw_key(&w, "units");
    int st = store_progress_units(a->st, rc->r.id, &w);
    jw_obj_end(&w);
    jw_arr_end(&w);
    if (st != STORE_OK) {
        sbuf_free(&args);
        return rpc_error(c, RPC_INTERNAL_ERROR, NULL, "%s", store_errmsg(a->st));
    }
    int r = bodyhook_call(c, a, rc->r.body, "progress", &args, out);
    sbuf_free(&args);
    return r;
}

const json_value *progress_unit(json_doc *progress, const char *unit)
{
    const json_value *units = json_get(json_doc_root(progress), "units");
    for (size_t i = 0; units && i < units->len; i++) {
        const json_value *n = json_get(units->u.items[i], "number");
        if (n && n->type == JSON_STRING && strcmp(n->u.str, unit) == 0)
            return units->u.items[i];
    }
    return NULL;
}

static int m_progress(rpc_call *c)
{
    app *a = rpc_call_method(c)->udata;
    reg_ctx rc;
    if (registration_open(c, a, rpc_int(c, "registration", 0), REG_READ, &rc))
        return -1;
    bool texts = rpc_bool(c, "texts", false);
    if (!a->progress)
        a->progress = pcache_new(PROGRESS_CACHE_BYTES);
    size_t len;
    const char *cached = texts || !a->progress ? NULL : pcache_get(a->progress, rc.r.id, &len);
    if (cached) {
        jw_raw(rpc_result(c), cached, len);
        return 0;
    }
    json_doc *p;
    if (progress_compute(c, a, &rc, texts, &p))
        return -1;
    sbuf out;
    sbuf_init(&out);
    jw w;
    jw_init(&w, &out);
    jw_obj_begin(&w);
    jw_kint(&w, "registration", rc.r.id);
    jw_kstr(&w, "registered_on", rc.r.registered_on);
    jw_kint(&w, "catalogue_version", rc.r.catalogue_version);
    const json_value *root = json_doc_root(p);
    for (size_t i = 0; i < root->len; i++) {
        jw_keyn(&w, root->u.members[i].key, root->u.members[i].key_len);
        jw_value(&w, root->u.members[i].value);
    }
    jw_obj_end(&w);
    json_doc_free(p);
    jw_raw(rpc_result(c), out.data, out.len);
    /* what an open transaction's writes showed may yet be rolled back: keep only the
     * committed state */
    if (!texts && a->progress && !store_in_tx(a->st))
        pcache_put(a->progress, rc.r.id, out.data, out.len);
    sbuf_free(&out);
    return 0;
}

void progress_changed(app *a, int64_t reg)
{
    if (a->progress)
        pcache_drop(a->progress, reg);
}

/* ---- progress.centre: every registration of a centre ------------------------------------- */

#define BATCH 100

typedef struct qtotal {
    char qual[64];
    int64_t registrations, achieved;
} qtotal;

typedef struct centre_run {
    app *a;
    rpc_call *c;
    lh_plugin *plugin;
    sbuf batch;
    int nbatch;
    char today[DATE_LEN];
    int64_t registrations, achieved, units, units_achieved, units_ready;
    qtotal quals[64];
    int nquals;
    int failed;
} centre_run;

static void count_qual(centre_run *cr, const char *body, const char *code)
{
    char q[64];
    snprintf(q, sizeof q, "%s:%s", body, code);
    int i = 0;
    while (i < cr->nquals && strcmp(cr->quals[i].qual, q) != 0)
        i++;
    if (i == cr->nquals && cr->nquals < 64)
        snprintf(cr->quals[cr->nquals++].qual, sizeof cr->quals[0].qual, "%s", q);
    if (i < cr->nquals)
        cr->quals[i].registrations++;
}

static int flush_batch(centre_run *cr)
{
    if (!cr->nbatch)
        return 0;
    sbuf_adds(&cr->batch, "]]");
    json_doc *out;
    lh_error err;
    int rc = lh_call(cr->plugin, "progress.batch", cr->batch.data, cr->batch.len, &out, &err);
    sbuf_reset(&cr->batch);
    cr->nbatch = 0;
    if (rc != 0) {
        lh_rpc_error(cr->c, &err);
        return cr->failed = -1;
    }
    const json_value *list = out ? json_doc_root(out) : NULL;
    if (!list || list->type != JSON_ARRAY) {
        json_doc_free(out);
        rpc_error(cr->c, RPC_PLUGIN_ERROR, NULL, "plugin %s: progress.batch must return a list",
                  lh_plugin_name(cr->plugin));
        return cr->failed = -1;
    }
    for (size_t i = 0; i < list->len; i++) {
        const json_value *x = list->u.items[i];
        const json_value *ach = json_get(x, "achieved"), *u = json_get(x, "units");
        const json_value *ua = json_get(x, "units_achieved"), *ur = json_get(x, "units_ready");
        cr->achieved += ach && ach->type == JSON_BOOL && ach->u.boolean;
        cr->units += u && u->type == JSON_NUMBER ? u->u.num.i : 0;
        cr->units_achieved += ua && ua->type == JSON_NUMBER ? ua->u.num.i : 0;
        cr->units_ready += ur && ur->type == JSON_NUMBER ? ur->u.num.i : 0;
    }
    json_doc_free(out);
    return 0;
}

static int on_registration(void *ud, const store_reg_brief *r, const char *units, size_t len)
{
    centre_run *cr = ud;
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
    cr->registrations++;
    count_qual(cr, r->body, r->qualification);
    if (cr->nbatch == BATCH)
        return flush_batch(cr);
    return 0;
}

typedef struct bodies {
    const char *list[16];
    int n;
} bodies;

static void collect_body(void *ud, const cat_body *b)
{
    bodies *bs = ud;
    if (bs->n < 16)
        bs->list[bs->n++] = cat_body_code(b);
}

static int m_centre(rpc_call *c)
{
    app *a = rpc_call_method(c)->udata;
    session *s = rpc_session(c);
    int64_t centre = rpc_int(c, "centre", 0);
    if (auth_require(c, ROLE_ADMIN | ROLE_IV | ROLE_EV, "centre_reports") ||
        (!auth_has(s, ROLE_EV) && people_same_centre(c, centre)))
        return -1;
    uint64_t t0 = uv_hrtime();
    bodies bs = {.n = 0};
    const char *only = rpc_str(c, "body");
    if (only)
        bs.list[bs.n++] = only;
    else
        catalogue_each_body(a->cat, collect_body, &bs);
    centre_run cr = {.a = a, .c = c};
    sbuf_init(&cr.batch);
    date_today_str(cr.today);
    for (int i = 0; i < bs.n && !cr.failed; i++) {
        cr.plugin = lh_find_body(a->lh, bs.list[i]);
        if (!cr.plugin || !lh_has_hook(cr.plugin, "progress.batch")) {
            cr.failed =
                rpc_error(c, RPC_PLUGIN_ERROR, NULL,
                          "no plugin for awarding body %s answers 'progress.batch'", bs.list[i]);
            break;
        }
        int st = store_progress_stream(a->st, centre, bs.list[i], on_registration, &cr);
        if (!cr.failed && st != STORE_OK)
            cr.failed = rpc_error(c, RPC_INTERNAL_ERROR, NULL, "%s", store_errmsg(a->st));
        if (!cr.failed)
            flush_batch(&cr);
    }
    sbuf_free(&cr.batch);
    if (cr.failed)
        return -1;
    jw *w = rpc_result(c);
    jw_obj_begin(w);
    jw_kint(w, "centre", centre);
    jw_kint(w, "registrations", cr.registrations);
    jw_kint(w, "achieved", cr.achieved);
    jw_kint(w, "units", cr.units);
    jw_kint(w, "units_achieved", cr.units_achieved);
    jw_kint(w, "units_ready_for_signoff", cr.units_ready);
    jw_key(w, "qualifications");
    jw_arr_begin(w);
    for (int i = 0; i < cr.nquals; i++) {
        jw_obj_begin(w);
        jw_kstr(w, "qualification", cr.quals[i].qual);
        jw_kint(w, "registrations", cr.quals[i].registrations);
        jw_obj_end(w);
    }
    jw_arr_end(w);
    jw_key(w, "seconds");
    jw_double(w, (double)(uv_hrtime() - t0) / 1e9);
    jw_obj_end(w);
    return 0;
}

static const rpc_param p_centre[] = {
    {"centre", P_ID, true, NULL},
    {"body", P_STRING, false, "one awarding body (default: every body)"},
    RPC_PARAM_END};
static const rpc_param p_progress[] = {
    {"registration", P_ID, true, NULL},
    {"texts", P_BOOL, false, "include each criterion's text (default: references only)"},
    RPC_PARAM_END};

void progress_register_methods(app *a)
{
    static rpc_method methods[] = {
        {"progress.get", m_progress, 0, p_progress,
         "per unit: status, criteria covered, what is missing; the rules of combination", NULL},
        {"progress.centre", m_centre, 0, p_centre,
         "every registration of a centre: how many achieved, units achieved and ready", NULL},
        {NULL, NULL, 0, NULL, NULL, NULL},
    };
    app_register(a, methods);
}
