/* evidence_add — evidence.add: the references checked against the registration's units, the
 * core's own checks, the body's evidence.check rules, and the store: on the loop, or queued for
 * the write thread (writer.h) with the checks made against what is committed. See
 * evidence_add.h. */
#include "evidence_add.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "auth.h"
#include "bodyhook.h"
#include "dates.h"
#include "dispatch.h"
#include "evidence_fields.h"
#include "writer.h"

/* ---- evidence.add -------------------------------------------------------------------- */

/* The references an evidence item claims, checked against the registration's units (read
 * once per call). */
typedef struct refset {
    char (*refs)[96];
    char (*units)[32];
    int n, cap;
    const cat_unit *unit_defs[64];
    char unit_numbers[64][32];
    int nunits;
    bool units_loaded;
} refset;

static void refset_free(refset *rs)
{
    free(rs->refs);
    free(rs->units);
}

static int load_unit(void *ud, const char *unit_id, const char *unit, const char *bf)
{
    (void)unit_id;
    (void)bf;
    refset *rs = ud;
    if (rs->nunits < 64)
        snprintf(rs->unit_numbers[rs->nunits++], sizeof rs->unit_numbers[0], "%s", unit);
    return 0;
}

/* The unit of a reference in the parameter field, one of the registration's. */
static const cat_unit *refset_unit(rpc_call *c, app *a, const reg_ctx *rc, refset *rs,
                                   const char *unit, const char *field)
{
    if (!rs->units_loaded) {
        store_reg_unit_each(a->st, rc->r.id, load_unit, rs);
        rs->units_loaded = true;
    }
    for (int i = 0; i < rs->nunits; i++)
        if (!strcmp(rs->unit_numbers[i], unit)) {
            if (!rs->unit_defs[i]) {
                int amb;
                rs->unit_defs[i] = cat_find_unit(rc->body, unit, rc->qual, &amb);
            }
            if (rs->unit_defs[i])
                return rs->unit_defs[i];
        }
    return registration_unit(c, a, rc, unit, field); /* not one: fails the call, naming them */
}

static int collect_refs(rpc_call *c, app *a, const reg_ctx *rc, const json_value *list,
                        const char *field, refset *rs)
{
    for (size_t i = 0; list && i < list->len; i++) {
        const json_value *x = list->u.items[i];
        if (x->type != JSON_STRING)
            return rpc_error_field(c, field,
                                   "%s[%zu] must be a reference such as \"9:9.1\" or "
                                   "\"411:ER6:b\"",
                                   field, i);
        const char *colon = strchr(x->u.str, ':');
        if (!colon || colon == x->u.str || !colon[1]) {
            jw *w = rpc_error_data(c, RPC_INVALID_PARAMS, NULL,
                                   "%s[%zu] '%s' is not a reference UNIT:NUMBER (\"9:9.1\") or "
                                   "UNIT:ER<n>:<letter> (\"411:ER6:b\")",
                                   field, i, x->u.str);
            jw_kstr(w, "field", field);
            return rpc_error_done(c);
        }
        char unit[32];
        snprintf(unit, sizeof unit, "%.*s", (int)(colon - x->u.str), x->u.str);
        const cat_unit *u = refset_unit(c, a, rc, rs, unit, field);
        if (!u)
            return -1;
        if (!cat_unit_find_req(u, x->u.str)) {
            jw *w = rpc_error_data(c, RPC_INVALID_PARAMS, NULL,
                                   "unit %s has no criterion, element or range item '%s' "
                                   "(catalogue.unit lists them)",
                                   unit, x->u.str);
            jw_kstr(w, "field", field);
            jw_kstr(w, "ref", x->u.str);
            return rpc_error_done(c);
        }
        bool dup = false;
        for (int k = 0; k < rs->n && !dup; k++)
            dup = strcmp(rs->refs[k], x->u.str) == 0;
        if (dup)
            continue;
        if (rs->n == 256)
            return rpc_error_field(c, field, "more than 256 references");
        if (rs->n == rs->cap) {
            rs->cap = rs->cap ? rs->cap * 2 : 16;
            rs->refs = realloc(rs->refs, (size_t)rs->cap * sizeof *rs->refs);
            rs->units = realloc(rs->units, (size_t)rs->cap * sizeof *rs->units);
        }
        snprintf(rs->refs[rs->n], sizeof rs->refs[0], "%s", x->u.str);
        snprintf(rs->units[rs->n], sizeof rs->units[0], "%s", unit);
        rs->n++;
    }
    return 0;
}

static int64_t pint(const json_value *p, const char *k, int64_t def)
{
    const json_value *v = json_get_given(p, k);
    return v && v->type == JSON_NUMBER && v->u.num.is_int ? v->u.num.i : def;
}

/* evidence.check's arguments, built in d: the item as given with its "refs", and the
 * registration's context with the body's "methods" and "witness_items" and the "units" the
 * refs touch ({number, id} each, once). The request's values are shared, not copied. */
static const json_value *check_args(json_doc *d, rpc_call *c, app *a, const reg_ctx *rc,
                                    const json_value *p, refset *rs)
{
    json_value *args = json_new(d, JSON_ARRAY, 2), *ev = json_new(d, JSON_OBJECT, p->len + 1),
               *refs = json_new(d, JSON_ARRAY, (size_t)rs->n),
               *units = json_new(d, JSON_ARRAY, (size_t)rs->n), *ctx = bodyhook_context(d, rc, 3);
    if (!args || !ev || !refs || !units || !ctx)
        return NULL;
    for (size_t i = 0; i < p->len; i++) {
        json_value *v = json_new_copy(d, p->u.members[i].value);
        if (!v)
            return NULL;
        json_put(ev, p->u.members[i].key, p->u.members[i].key_len, v);
    }
    for (int i = 0; i < rs->n; i++) {
        json_value *ref = json_new_str(d, rs->refs[i]);
        if (!ref)
            return NULL;
        json_append(refs, ref);
    }
    json_put(ev, "refs", 4, refs);
    for (int i = 0; i < rs->n; i++) {
        bool seen = false;
        for (int k = 0; k < i && !seen; k++)
            seen = strcmp(rs->units[k], rs->units[i]) == 0;
        if (seen)
            continue;
        const cat_unit *u = refset_unit(c, a, rc, rs, rs->units[i], "criteria"); /* found before */
        json_value *o = json_new(d, JSON_OBJECT, 2), *number = json_new_str(d, cat_unit_number(u)),
                   *id = json_new_str(d, cat_unit_id(u));
        if (!o || !number || !id)
            return NULL;
        json_put(o, "number", 6, number);
        json_put(o, "id", 2, id);
        json_append(units, o);
    }
    const json_value *cat = cat_body_json(rc->body);
    json_value *methods = json_new_copy(d, json_get(cat, "methods")),
               *witness_items = json_new_copy(d, json_get(cat, "witness_items"));
    if (!methods || !witness_items)
        return NULL;
    json_put(ctx, "methods", 7, methods);
    json_put(ctx, "witness_items", 13, witness_items);
    json_put(ctx, "units", 5, units);
    json_append(args, ev);
    json_append(args, ctx);
    return args;
}

/* A witness testimony (absent: none) as the docs give it: the items of the body's list that
 * the testimony carries, by number from 1, each true or false ({"1": true, "2": false}), or a
 * list of true or false in the list's order. Fails the call with -32602 (field testimony). */
static int testimony_ok(rpc_call *c, const json_value *tm)
{
    static const char shape[] = "{\"1\": true, \"2\": false, ...} or [true, false, ...]";
    if (!tm)
        return 0;
    if (tm->type != JSON_OBJECT && tm->type != JSON_ARRAY)
        return rpc_error_field(c, "testimony",
                               "testimony lists which of the witness testimony's items it "
                               "carries: %s",
                               shape);
    for (size_t i = 0; i < tm->len; i++) {
        if (tm->type == JSON_ARRAY) {
            if (tm->u.items[i]->type != JSON_BOOL)
                return rpc_error_field(c, "testimony", "testimony[%zu] is not true or false: %s", i,
                                       shape);
            continue;
        }
        const json_member *m = &tm->u.members[i];
        bool number = m->key_len > 0 && m->key_len <= 4 && m->key[0] != '0';
        for (size_t k = 0; number && k < m->key_len; k++)
            number = m->key[k] >= '0' && m->key[k] <= '9';
        if (!number)
            return rpc_error_field(c, "testimony",
                                   "testimony names item '%.64s': items are numbered from 1 as the "
                                   "body lists them (%s)",
                                   m->key, shape);
        if (m->value->type != JSON_BOOL)
            return rpc_error_field(c, "testimony", "testimony's item %s is not true or false: %s",
                                   m->key, shape);
    }
    return 0;
}

/* The record evidence.add stores, from its params p (the texts stay p's) and the checked
 * references rs (their block is e->refs, the caller's to free). -1: out of memory. */
static int fill_evidence(store_evidence *e, const json_value *p, int64_t reg, int64_t added_by,
                         const refset *rs, const char *warnings_json, const char *testimony_json)
{
    *e = (store_evidence){
        .registration = reg,
        .witness = pint(p, "witness", 0),
        .added_by = added_by,
        .supersedes = pint(p, "supersedes", 0),
        .testimony_json = testimony_json,
        .warnings_json = warnings_json,
        .nrefs = (size_t)rs->n,
    };
    evidence_fields_record(e, p);
    /* the refs and their units side by side, in one block */
    const char **refs = malloc(2 * (size_t)(rs->n + 1) * sizeof *refs);
    if (!refs)
        return -1;
    e->refs = refs;
    e->units = refs + rs->n + 1;
    for (int i = 0; i < rs->n; i++) {
        refs[i] = rs->refs[i];
        refs[rs->n + 1 + i] = rs->units[i];
    }
    return 0;
}

static void evidence_result(jw *rw, int64_t id, const sbuf *warnings_json)
{
    jw_obj_begin(rw);
    jw_kint(rw, "id", id);
    jw_key(rw, "warnings");
    jw_raw(rw, warnings_json->data, warnings_json->len);
    jw_obj_end(rw);
}

/* evidence.add on the write thread: the checked record, stored there (writer.h). */
typedef struct evidence_job {
    writer_job base; /* first: the writer's pointer is the job's */
    store_evidence e;
    refset rs;
    sbuf wtext, ttext;
    char at[21];
    int64_t id;
} evidence_job;

static int evidence_job_run(store *st, writer_job *j)
{
    evidence_job *ej = (evidence_job *)j;
    if (store_evidence_insert(st, &ej->e, ej->at, &ej->id) != STORE_OK) {
        snprintf(j->why, sizeof j->why, "%s", store_errmsg(st));
        return -1;
    }
    snprintf(j->record, sizeof j->record, "evidence:%lld", (long long)ej->id);
    return 0;
}

static int evidence_job_oom(store *st, writer_job *j)
{
    (void)st;
    snprintf(j->why, sizeof j->why, "out of memory");
    return -1;
}

static void evidence_job_reply(writer_job *j, rpc_call *d)
{
    evidence_job *ej = (evidence_job *)j;
    evidence_result(rpc_result(d), ej->id, &ej->wtext);
}

static void evidence_job_free(writer_job *j)
{
    evidence_job *ej = (evidence_job *)j;
    free((void *)ej->e.refs);
    refset_free(&ej->rs);
    sbuf_free(&ej->wtext);
    sbuf_free(&ej->ttext);
    free(ej);
}

/* The record's texts from the deferred call's params, the request's being freed. */
static void evidence_job_prepare(writer_job *j, rpc_call *d)
{
    evidence_job *ej = (evidence_job *)j;
    if (fill_evidence(&ej->e, rpc_params(d), ej->e.registration, ej->e.added_by, &ej->rs,
                      ej->wtext.data, ej->ttext.len ? ej->ttext.data : NULL) != 0)
        j->run = evidence_job_oom;
}

/* Queues the checked evidence for the write thread; the job takes rs and the texts. */
static int queue_evidence(rpc_call *c, app *a, int64_t reg, int64_t added_by, refset *rs,
                          sbuf *wtext, sbuf *ttext)
{
    evidence_job *ej = calloc(1, sizeof *ej);
    if (!ej) {
        refset_free(rs);
        sbuf_free(wtext);
        sbuf_free(ttext);
        return rpc_error(c, RPC_INTERNAL_ERROR, NULL, "out of memory");
    }
    ej->base.run = evidence_job_run;
    ej->base.reply = evidence_job_reply;
    ej->base.free = evidence_job_free;
    ej->base.prepare = evidence_job_prepare;
    ej->rs = *rs;
    ej->wtext = *wtext;
    ej->ttext = *ttext;
    ej->e.registration = reg;
    ej->e.added_by = added_by;
    time_now_iso(ej->at);
    return writer_submit(a, c, &ej->base) ? 0 : -1;
}

/* Adds the evidence described by p (evidence.add's parameters). */
int evidence_add(rpc_call *c, app *a, const json_value *p, bool later)
{
    session *s = rpc_session(c);
    reg_ctx rc;
    if (registration_open(c, a, pint(p, "registration", 0), REG_CONTRIBUTE, &rc))
        return -1;
    refset rset = {0}, *rs = &rset;
    int fail = collect_refs(c, a, &rc, json_get_given(p, "criteria"), "criteria", rs) ||
               collect_refs(c, a, &rc, json_get_given(p, "ranges"), "ranges", rs);
    if (!fail && rs->n == 0)
        fail = rpc_error_field(c, "criteria",
                               "criteria must name at least one criterion or element the "
                               "evidence shows");
    int64_t witness = pint(p, "witness", 0), sup = pint(p, "supersedes", 0);
    if (!fail && witness) {
        int64_t wc;
        if (store_witness_centre(a->st, witness, &wc) != STORE_OK || wc != rc.r.centre)
            fail = rpc_error(c, RPC_NOT_FOUND, NULL,
                             "witness %lld is not on centre %lld's witness list",
                             (long long)witness, (long long)rc.r.centre);
    }
    if (!fail)
        fail = registration_supersedes(c, a, "evidence", rc.r.id, sup, NULL);
    if (!fail) /* the core's, whatever the body's rules say: no record is dated after today */
        fail = registration_act_date(c, &rc, json_get_str(p, "date"), false);
    evidence_problem pr;
    if (!fail && !evidence_fields_ok(p, &pr))
        fail = rpc_error_field(c, pr.field, "%s", pr.message);
    if (!fail)
        fail = testimony_ok(c, json_get_given(p, "testimony"));
    if (fail) {
        refset_free(rs);
        return -1;
    }
    /* the body's evidence rules */
    json_doc *ad = json_doc_new();
    const json_value *args = ad ? check_args(ad, c, a, &rc, p, rs) : NULL;
    json_doc *verdict = NULL;
    if (!args || bodyhook_call_tree(c, a, rc.r.body, "evidence.check", args, &verdict)) {
        if (!args)
            rpc_error(c, RPC_INTERNAL_ERROR, NULL, "out of memory");
        json_doc_free(ad);
        refset_free(rs);
        return -1;
    }
    json_doc_free(ad);
    const json_value *root = json_doc_root(verdict);
    const json_value *v = json_get(root, "violations");
    const json_value *warn = json_get(root, "warnings");
    char why[200];
    bool shaped = root->type == JSON_OBJECT;
    if (!shaped)
        snprintf(why, sizeof why, "%s, not an object {violations, warnings}",
                 json_type_name(root->type));
    else if ((shaped = bodyhook_violations_ok(v, "violations", why, sizeof why)) && warn &&
             warn->type != JSON_ARRAY && warn->type != JSON_NULL) {
        snprintf(why, sizeof why, "warnings that are %s, not a list", json_type_name(warn->type));
        shaped = false;
    }
    if (!shaped) { /* the evidence is refused: a rule that cannot be read is not a pass */
        bodyhook_bad_answer(c, a, rc.r.body, "evidence.check", "%s", why);
        json_doc_free(verdict);
        refset_free(rs);
        return -1;
    }
    if (v && v->type == JSON_ARRAY && v->len) {
        bodyhook_refuse(c, v, "the evidence breaks %zu of %s's evidence rules", v->len, rc.r.body);
        json_doc_free(verdict);
        refset_free(rs);
        return -1;
    }
    sbuf wtext, ttext;
    sbuf_init(&wtext);
    sbuf_init(&ttext);
    jw ww;
    jw_init(&ww, &wtext);
    if (warn && warn->type == JSON_ARRAY)
        jw_value(&ww, warn);
    else
        sbuf_adds(&wtext, "[]");
    const json_value *testimony = json_get_given(p, "testimony");
    if (testimony) {
        jw tw;
        jw_init(&tw, &ttext);
        jw_value(&tw, testimony);
    }
    json_doc_free(verdict);
    if (later) /* stored on the write thread, answered when it is committed */
        return queue_evidence(c, a, rc.r.id, s->person, rs, &wtext, &ttext);
    char at[21];
    time_now_iso(at);
    store_evidence e;
    int64_t id;
    bool oom = fill_evidence(&e, p, rc.r.id, s->person, rs, wtext.data,
                             testimony ? ttext.data : NULL) != 0;
    int st = oom ? STORE_ERROR : store_evidence_insert(a->st, &e, at, &id);
    free((void *)e.refs);
    refset_free(rs);
    sbuf_free(&ttext);
    if (st != STORE_OK) {
        sbuf_free(&wtext);
        return rpc_error(c, RPC_INTERNAL_ERROR, NULL, "%s",
                         oom ? "out of memory" : store_errmsg(a->st));
    }
    dispatch_set_record(c, "evidence", id);
    evidence_result(rpc_result(c), id, &wtext);
    sbuf_free(&wtext);
    return 0;
}

int evidence_add_method(rpc_call *c)
{
    app *a = rpc_call_method(c)->udata;
    const json_value *p = rpc_params(c);
    /* a correction reads the record it supersedes, which may be queued: on the loop */
    if (json_get_given(p, "supersedes") || !writer_can_take(a, c)) {
        if (dispatch_write_begin(a, c))
            return -1;
        return evidence_add(c, a, p, false);
    }
    /* the checks read what is committed, while the write thread may hold the store */
    store *own = a->st;
    a->st = writer_reader(a);
    int rc = evidence_add(c, a, p, true);
    store_idle(a->st);
    a->st = own;
    return rc;
}
