/* progress — what a registration has achieved: progress.get (cached until a write changes
 * it) and the computation the sign-off and claims rely on. A whole centre's is
 * progress_centre.c. See progress.h. */
#include "progress.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bodyhook.h"
#include "catalogue.h"
#include "progress_cache.h"
#include "progress_shape.h"
#include "store.h"

/* The progress replies kept (about 10,000 registrations' worth). */
#define PROGRESS_CACHE_BYTES (32u << 20)

static int compute(rpc_call *c, app *a, const reg_ctx *rc, bool texts, bool brief, json_doc **out)
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
    if (brief)
        jw_kbool(&w, "brief", true);
    jw_key(&w, "units");
    int st = store_progress_units(a->st, rc->r.id, &w);
    jw_obj_end(&w);
    jw_arr_end(&w);
    if (st != STORE_OK) {
        sbuf_free(&args);
        return rpc_error(c, RPC_INTERNAL_ERROR, NULL, "%s", store_errmsg(a->st));
    }
    json_doc *ad = NULL;
    json_error je;
    int r = json_parse(args.data, args.len, &ad, &je);
    sbuf_free(&args);
    if (r != 0)
        return rpc_error(c, RPC_INTERNAL_ERROR, NULL, "hook 'progress': arguments are not JSON: %s",
                         je.message);
    const json_value *reg = json_doc_root(ad)->u.items[0];
    r = bodyhook_call_tree(c, a, rc->r.body, "progress", json_doc_root(ad), out);
    char why[300];
    if (r == 0 &&
        !progress_shape_ok(json_doc_root(*out), json_get(reg, "units"), why, sizeof why)) {
        json_doc_free(*out);
        *out = NULL;
        r = bodyhook_bad_answer(c, a, rc->r.body, "progress", "%s", why);
    }
    json_doc_free(ad);
    return r;
}

int progress_compute(rpc_call *c, app *a, const reg_ctx *rc, bool texts, json_doc **out)
{
    return compute(c, a, rc, texts, false, out);
}

int progress_compute_brief(rpc_call *c, app *a, const reg_ctx *rc, json_doc **out)
{
    return compute(c, a, rc, false, true, out);
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
    const char *cached =
        texts || !a->progress ? NULL : pcache_get(a->progress, rc.r.id, rc.r.progress_rev, &len);
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
        pcache_put(a->progress, rc.r.id, rc.r.progress_rev, out.data, out.len);
    sbuf_free(&out);
    return 0;
}

static const rpc_param p_progress[] = {
    {"registration", P_ID, true, NULL},
    {"texts", P_BOOL, false, "include each criterion's text (default: references only)"},
    RPC_PARAM_END};

void progress_register_methods(app *a)
{
    static rpc_method methods[] = {
        {"progress.get", m_progress, 0, p_progress,
         "per unit: status, criteria covered, what is missing; the rules of combination", NULL},
        {NULL, NULL, 0, NULL, NULL, NULL},
    };
    app_register(a, methods);
}
