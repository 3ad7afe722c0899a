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
#include "store.h"

/* The progress replies kept (about 10,000 registrations' worth). */
#define PROGRESS_CACHE_BYTES (32u << 20)

/* Whether the list at key of o is absent or a list of objects; *list is it (NULL: absent). */
static bool objects_at(const json_value *o, const char *key, const json_value **list, char *why,
                       size_t n, const char *unit)
{
    *list = json_get(o, key);
    if (!*list || (*list)->type == JSON_NULL) {
        *list = NULL;
        return true;
    }
    bool ok = (*list)->type == JSON_ARRAY;
    for (size_t i = 0; ok && i < (*list)->len; i++)
        ok = (*list)->u.items[i]->type == JSON_OBJECT;
    if (!ok)
        snprintf(why, n, "unit %s's %s that are not a list of objects", unit, key);
    return ok;
}

static bool is_int(const json_value *v)
{
    return v && v->type == JSON_NUMBER && v->u.num.is_int;
}

/* The progress hook's answer as the core reads it (sign-off, claims, progress.get): an object;
 * units, a list of objects each with a string number; a unit's criteria with a string ref; its
 * ranges with a string ref and rule and whole items and covered, missing a list of strings; its
 * violations as every hook's. why says what is wrong when it is not. */
static bool progress_shape(const json_value *root, char *why, size_t n)
{
    if (root->type != JSON_OBJECT) {
        snprintf(why, n, "%s, not an object {units, qualification}", json_type_name(root->type));
        return false;
    }
    const json_value *units = json_get(root, "units");
    if (units && units->type != JSON_ARRAY) {
        snprintf(why, n, "units that are %s, not a list", json_type_name(units->type));
        return false;
    }
    for (size_t i = 0; units && i < units->len; i++) {
        const json_value *u = units->u.items[i];
        const char *num = u->type == JSON_OBJECT ? json_get_str(u, "number") : NULL;
        if (!num) {
            snprintf(why, n, "units[%zu] that is not an object with a string number", i + 1);
            return false;
        }
        const json_value *crit, *ranges;
        if (!objects_at(u, "criteria", &crit, why, n, num) ||
            !objects_at(u, "ranges", &ranges, why, n, num))
            return false;
        for (size_t k = 0; crit && k < crit->len; k++)
            if (!json_get_str(crit->u.items[k], "ref")) {
                snprintf(why, n, "unit %s's criteria[%zu] without a string ref", num, k + 1);
                return false;
            }
        for (size_t k = 0; ranges && k < ranges->len; k++) {
            const json_value *x = ranges->u.items[k], *miss = json_get(x, "missing");
            bool ok = json_get_str(x, "ref") && json_get_str(x, "rule") &&
                      is_int(json_get(x, "items")) && is_int(json_get(x, "covered")) &&
                      (!miss || miss->type == JSON_ARRAY);
            for (size_t m = 0; ok && miss && m < miss->len; m++)
                ok = miss->u.items[m]->type == JSON_STRING;
            if (!ok) {
                snprintf(why, n,
                         "unit %s's ranges[%zu] without ref, rule, items, covered and missing "
                         "as the docs give them",
                         num, k + 1);
                return false;
            }
        }
        char where[96];
        snprintf(where, sizeof where, "unit %s's violations", num);
        if (!bodyhook_violations_ok(json_get(u, "violations"), where, why, n))
            return false;
    }
    return true;
}

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
    char why[200];
    if (r == 0 && !progress_shape(json_doc_root(*out), why, sizeof why)) {
        json_doc_free(*out);
        *out = NULL;
        return bodyhook_bad_answer(c, a, rc->r.body, "progress", "%s", why);
    }
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
