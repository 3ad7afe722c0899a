/* assessment — evidence, decisions, sign-off and countersignatures. See assessment.h. */
#include "assessment.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "auth.h"
#include "dates.h"
#include "dispatch.h"
#include "evidence_fields.h"
#include "bodyhook.h"
#include "people.h"
#include "progress.h"
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

static const json_value *parg(const json_value *p, const char *k)
{
    const json_value *v = json_get(p, k);
    return v && v->type != JSON_NULL ? v : NULL;
}

static const char *pstr(const json_value *p, const char *k)
{
    const json_value *v = parg(p, k);
    return v && v->type == JSON_STRING ? v->u.str : NULL;
}

static int64_t pint(const json_value *p, const char *k, int64_t def)
{
    const json_value *v = parg(p, k);
    return v && v->type == JSON_NUMBER && v->u.num.is_int ? v->u.num.i : def;
}

static bool pbool(const json_value *p, const char *k, bool def)
{
    const json_value *v = parg(p, k);
    return v && v->type == JSON_BOOL ? v->u.boolean : def;
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
    const char *method = pstr(p, "method");
    *e = (store_evidence){
        .registration = reg,
        .witness = pint(p, "witness", 0),
        .added_by = added_by,
        .supersedes = pint(p, "supersedes", 0),
        .title = pstr(p, "title"),
        .description = pstr(p, "description"),
        .method = method,
        .date = pstr(p, "date"),
        .location = pstr(p, "location"),
        .environment = pstr(p, "environment"),
        .testimony_json = testimony_json,
        .countersigned_by = pstr(p, "countersigned_by"),
        .countersigned_on = pstr(p, "countersigned_on"),
        .warnings_json = warnings_json,
        .simulated = pbool(p, "simulated", false) || strcmp(method, "S") == 0,
        .evidence_type = pstr(p, "evidence_type"),
        .prior_achievement = pbool(p, "prior_achievement", false),
        .nrefs = (size_t)rs->n,
    };
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
    ej->rs = *rs;
    ej->wtext = *wtext;
    ej->ttext = *ttext;
    time_now_iso(ej->at);
    bool testimony = ej->ttext.len > 0;
    rpc_call *d = writer_submit(a, c, &ej->base);
    if (!d)
        return -1;
    /* not run before the loop's turn ends: filled now, from the deferred call's own params */
    if (fill_evidence(&ej->e, rpc_params(d), reg, added_by, &ej->rs, ej->wtext.data,
                      testimony ? ej->ttext.data : NULL) != 0)
        ej->base.run = evidence_job_oom;
    return 0;
}

/* Adds the evidence described by p (evidence.add's parameters). */
static int add_evidence(rpc_call *c, app *a, const json_value *p, bool later)
{
    session *s = rpc_session(c);
    reg_ctx rc;
    if (registration_open(c, a, pint(p, "registration", 0), REG_CONTRIBUTE, &rc))
        return -1;
    refset rset = {0}, *rs = &rset;
    int fail = collect_refs(c, a, &rc, parg(p, "criteria"), "criteria", rs) ||
               collect_refs(c, a, &rc, parg(p, "ranges"), "ranges", rs);
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
        fail = registration_act_date(c, &rc, pstr(p, "date"), false);
    evidence_problem pr;
    if (!fail && !evidence_fields_ok(p, &pr))
        fail = rpc_error_field(c, pr.field, "%s", pr.message);
    if (!fail)
        fail = testimony_ok(c, parg(p, "testimony"));
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
    const json_value *testimony = parg(p, "testimony");
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

static int m_evidence_add(rpc_call *c)
{
    app *a = rpc_call_method(c)->udata;
    const json_value *p = rpc_params(c);
    /* a correction reads the record it supersedes, which may be queued: on the loop */
    if (parg(p, "supersedes") || !writer_can_take(a, c)) {
        if (dispatch_write_begin(a, c))
            return -1;
        return add_evidence(c, a, p, false);
    }
    /* the checks read what is committed, while the write thread may hold the store */
    store *own = a->st;
    a->st = writer_reader(a);
    int rc = add_evidence(c, a, p, true);
    store_idle(a->st);
    a->st = own;
    return rc;
}

/* Maps evidence to more criteria: a correction that supersedes the record with the union of
 * its references and the new ones (the history keeps both). */
static int m_evidence_map(rpc_call *c)
{
    app *a = rpc_call_method(c)->udata;
    int64_t id = rpc_int(c, "evidence", 0);
    sbuf row;
    sbuf_init(&row);
    jw w;
    jw_init(&w, &row);
    int st = store_evidence_one_json(a->st, id, &w);
    if (st == STORE_NOTFOUND)
        return rpc_error(c, RPC_NOT_FOUND, NULL, "there is no evidence %lld", (long long)id);
    if (st != STORE_OK)
        return rpc_error(c, RPC_INTERNAL_ERROR, NULL, "%s", store_errmsg(a->st));
    json_doc *old;
    json_parse(row.data, row.len, &old, NULL);
    sbuf_free(&row);
    const json_value *o = json_doc_root(old);
    /* the new record: the old one's fields, its refs plus the new ones, superseding it */
    static const char *const keep[] = {
        "registration", "title",     "description",      "method",
        "date",         "location",  "simulated",        "environment",
        "witness",      "testimony", "countersigned_by", "countersigned_on"};
    sbuf np;
    sbuf_init(&np);
    jw_init(&w, &np);
    jw_obj_begin(&w);
    for (size_t i = 0; i < sizeof keep / sizeof *keep; i++) {
        const json_value *v = parg(o, keep[i]);
        if (!v)
            continue;
        jw_key(&w, keep[i]);
        if (!strcmp(keep[i], "simulated"))
            jw_bool(&w, v->type == JSON_NUMBER ? v->u.num.i != 0 : v->u.boolean);
        else
            jw_value(&w, v);
    }
    jw_key(&w, "criteria");
    jw_arr_begin(&w);
    const json_value *refs = parg(o, "refs");
    for (size_t i = 0; refs && i < refs->len; i++)
        jw_value(&w, refs->u.items[i]);
    const json_value *more = rpc_arg(c, "criteria");
    for (size_t i = 0; more && i < more->len; i++)
        jw_value(&w, more->u.items[i]);
    jw_arr_end(&w);
    jw_kint(&w, "supersedes", id);
    jw_obj_end(&w);
    json_doc_free(old);
    json_doc *nd;
    json_parse(np.data, np.len, &nd, NULL);
    sbuf_free(&np);
    int rc = add_evidence(c, a, json_doc_root(nd), false);
    json_doc_free(nd);
    return rc;
}

static int m_evidence_list(rpc_call *c)
{
    return registration_list(c, store_evidence_json);
}

/* ---- decisions ----------------------------------------------------------------------- */

static int m_decision_record(rpc_call *c)
{
    app *a = rpc_call_method(c)->udata;
    session *s = rpc_session(c);
    reg_ctx rc;
    if (registration_open(c, a, rpc_int(c, "registration", 0), REG_ASSESS, &rc))
        return -1;
    const char *unit = rpc_str(c, "unit"), *outcome = rpc_str(c, "outcome");
    const char *kind = rpc_str(c, "kind"), *date = rpc_str(c, "date");
    const cat_unit *u = registration_unit(c, a, &rc, unit, "unit");
    if (!u)
        return -1;
    if (strcmp(outcome, "met") && strcmp(outcome, "not_yet"))
        return rpc_error_field(c, "outcome", "outcome is 'met' or 'not_yet'");
    if (strcmp(kind, "formative") && strcmp(kind, "summative"))
        return rpc_error_field(c, "kind", "kind is 'formative' or 'summative'");
    if (registration_act_date(c, &rc, date, true))
        return -1;
    const json_value *ev = rpc_arg(c, "evidence");
    if (!strcmp(kind, "summative") && ev->len == 0)
        return rpc_error_field(c, "evidence",
                               "a summative decision names the evidence it relies on");
    if (registration_evidence_of_unit(c, a, &rc, cat_unit_number(u), ev, date))
        return -1;
    int64_t sup = rpc_int(c, "supersedes", 0), id;
    if (registration_supersedes(c, a, "decision", rc.r.id, sup, cat_unit_number(u)))
        return -1;
    bool trainee = !people_qualified(a, s->person, "assessor");
    sbuf etext;
    sbuf_init(&etext);
    jw w;
    jw_init(&w, &etext);
    jw_value(&w, ev);
    char at[21];
    time_now_iso(at);
    int st = store_decision_insert(a->st, rc.r.id, cat_unit_number(u), outcome, kind,
                                   rpc_str(c, "justification"), rpc_str(c, "feedback"), date,
                                   etext.data, s->person, trainee, sup, at, &id);
    sbuf_free(&etext);
    if (st != STORE_OK)
        return rpc_error(c, RPC_INTERNAL_ERROR, NULL, "%s", store_errmsg(a->st));
    dispatch_set_record(c, "decision", id);
    jw *r = rpc_result(c);
    jw_obj_begin(r);
    jw_kint(r, "id", id);
    jw_kbool(r, "countersignature_required", trainee);
    jw_obj_end(r);
    return 0;
}

static int m_decision_list(rpc_call *c)
{
    return registration_list(c, store_decisions_json);
}

static int m_decision_countersign(rpc_call *c)
{
    app *a = rpc_call_method(c)->udata;
    store_decision d;
    int st = store_decision_get(a->st, rpc_int(c, "decision", 0), &d);
    if (st == STORE_NOTFOUND)
        return rpc_error(c, RPC_NOT_FOUND, NULL, "there is no decision %lld",
                         (long long)rpc_int(c, "decision", 0));
    reg_ctx rc;
    if (st != STORE_OK || registration_open(c, a, d.registration, REG_COUNTERSIGN, &rc))
        return st != STORE_OK ? rpc_error(c, RPC_INTERNAL_ERROR, NULL, "%s", store_errmsg(a->st))
                              : -1;
    if (people_countersigner(c, a, rc.r.centre, d.assessor, "assessor", "decisions"))
        return -1;
    if (!d.trainee)
        return rpc_error(c, RPC_CONFLICT, NULL,
                         "decision %lld was made by a qualified assessor: it needs no "
                         "countersignature",
                         (long long)d.id);
    return registration_countersign(c, a, "decision", "decision", d.id);
}

/* ---- unit sign-off ------------------------------------------------------------------- */

/* The reasons a unit is not ready, one violation each. */
static void write_missing(jw *w, const json_value *u)
{
    jw_arr_begin(w);
    const json_value *crit = json_get(u, "criteria");
    for (size_t i = 0; crit && i < crit->len; i++) {
        const json_value *x = crit->u.items[i];
        const json_value *cov = json_get(x, "covered");
        if (cov && cov->type == JSON_BOOL && cov->u.boolean)
            continue;
        const json_value *ref = json_get(x, "ref"), *text = json_get(x, "text");
        char msg[700];
        snprintf(msg, sizeof msg, "%s \"%s\" has no evidence", ref->u.str,
                 text && text->type == JSON_STRING ? text->u.str : "");
        jw_obj_begin(w);
        jw_kstr(w, "rule", "criterion_not_covered");
        jw_kstr(w, "message", msg);
        jw_kstr(w, "ref", ref->u.str);
        jw_obj_end(w);
    }
    const json_value *ranges = json_get(u, "ranges");
    for (size_t i = 0; ranges && i < ranges->len; i++) {
        const json_value *x = ranges->u.items[i];
        const json_value *met = json_get(x, "met");
        if (met && met->type == JSON_BOOL && met->u.boolean)
            continue;
        const json_value *ref = json_get(x, "ref"), *rule = json_get(x, "rule");
        const json_value *miss = json_get(x, "missing");
        char msg[700];
        sbuf m; /* a long ref or list is cut at the end, never written past it */
        sbuf_init(&m);
        sbuf_printf(&m, "%s needs %s of its %lld items; %lld covered (missing:", ref->u.str,
                    rule->u.str, (long long)json_get(x, "items")->u.num.i,
                    (long long)json_get(x, "covered")->u.num.i);
        for (size_t k = 0; miss && k < miss->len && m.len < sizeof msg; k++)
            sbuf_printf(&m, " %s", miss->u.items[k]->u.str);
        snprintf(msg, sizeof msg, "%s)", sbuf_cstr(&m));
        sbuf_free(&m);
        jw_obj_begin(w);
        jw_kstr(w, "rule", "range_not_covered");
        jw_kstr(w, "message", msg);
        jw_kstr(w, "ref", ref->u.str);
        jw_obj_end(w);
    }
    const json_value *summ = json_get(u, "summative");
    if (!summ || summ->type != JSON_STRING || strcmp(summ->u.str, "met") != 0) {
        jw_obj_begin(w);
        jw_kstr(w, "rule", "summative_decision");
        jw_kstr(w, "message",
                summ && summ->type == JSON_STRING
                    ? "the latest summative decision is 'not_yet'"
                    : "no summative decision 'met' is recorded for the unit");
        jw_kstr(w, "ref", json_get(u, "number")->u.str);
        jw_obj_end(w);
    }
    const json_value *v = json_get(u, "violations");
    for (size_t i = 0; v && i < v->len; i++)
        jw_value(w, v->u.items[i]);
    jw_arr_end(w);
}

int assessment_refuse_unready(rpc_call *c, app *a, const reg_ctx *rc, json_doc *progress,
                              const cat_unit *u)
{
    const json_value *st = progress_unit(progress, cat_unit_number(u));
    if (!st)
        return bodyhook_bad_answer(c, a, rc->r.body, "progress", "no entry for unit %s",
                                   cat_unit_number(u));
    /* a broken unit rule refuses it whatever ready_for_signoff says (protocol.md) */
    const json_value *ready = json_get(st, "ready_for_signoff"),
                     *broken = json_get(st, "violations");
    if (ready && ready->type == JSON_BOOL && ready->u.boolean &&
        !(broken && broken->type == JSON_ARRAY && broken->len > 0))
        return 0;
    sbuf vs;
    sbuf_init(&vs);
    jw w;
    jw_init(&w, &vs);
    write_missing(&w, st);
    if (vs.len == 2) { /* "[]": a refusal always says why */
        sbuf_reset(&vs);
        jw_init(&w, &vs);
        jw_arr_begin(&w);
        bodyhook_violation(&w, "not_ready", NULL,
                           "the body's rules answered that the unit is not ready for sign-off, "
                           "giving no reason");
        jw_arr_end(&w);
    }
    json_doc *vd;
    json_parse(vs.data, vs.len, &vd, NULL);
    bodyhook_refuse(c, json_doc_root(vd),
                    "unit %s cannot be signed off: %zu requirement(s) not met", cat_unit_number(u),
                    json_doc_root(vd)->len);
    json_doc_free(vd);
    sbuf_free(&vs);
    return -1;
}

static int m_unit_signoff(rpc_call *c)
{
    app *a = rpc_call_method(c)->udata;
    session *s = rpc_session(c);
    reg_ctx rc;
    if (registration_open(c, a, rpc_int(c, "registration", 0), REG_ASSESS, &rc))
        return -1;
    const cat_unit *u = registration_unit(c, a, &rc, rpc_str(c, "unit"), "unit");
    if (!u)
        return -1;
    const char *date = rpc_str(c, "date");
    if (registration_act_date(c, &rc, date, true))
        return -1;
    store_signoff so;
    if (store_signoff_get(a->st, rc.r.id, cat_unit_number(u), &so) == STORE_OK)
        return rpc_error(c, RPC_CONFLICT, NULL, "unit %s was already signed off on %s",
                         cat_unit_number(u), so.date);
    char decided[11];
    int got = store_summative_date(a->st, rc.r.id, cat_unit_number(u), decided);
    if (got != STORE_OK && got != STORE_NOTFOUND)
        return rpc_error(c, RPC_INTERNAL_ERROR, NULL, "%s", store_errmsg(a->st));
    if (got == STORE_OK && strcmp(date, decided) < 0)
        return rpc_error_field(c, "date",
                               "the sign-off (%s) is dated before the unit's summative decision "
                               "(%s): a unit is signed off once it is decided",
                               date, decided);
    json_doc *progress;
    if (progress_compute(c, a, &rc, true, &progress))
        return -1;
    int not_ready = assessment_refuse_unready(c, a, &rc, progress, u);
    json_doc_free(progress);
    if (not_ready)
        return -1;
    bool trainee = !people_qualified(a, s->person, "assessor");
    char at[21];
    time_now_iso(at);
    int64_t id;
    if (store_signoff_insert(a->st, rc.r.id, cat_unit_number(u), date, s->person, trainee, at,
                             &id) != STORE_OK)
        return rpc_error(c, RPC_INTERNAL_ERROR, NULL, "%s", store_errmsg(a->st));
    dispatch_set_record(c, "signoff", id);
    jw *w = rpc_result(c);
    jw_obj_begin(w);
    jw_kint(w, "id", id);
    jw_kstr(w, "status", trainee ? "awaiting_countersignature" : "signed_off");
    jw_obj_end(w);
    return 0;
}

static int m_unit_countersign(rpc_call *c)
{
    app *a = rpc_call_method(c)->udata;
    session *s = rpc_session(c);
    reg_ctx rc;
    if (registration_open(c, a, rpc_int(c, "registration", 0), REG_COUNTERSIGN, &rc))
        return -1;
    const cat_unit *u = registration_unit(c, a, &rc, rpc_str(c, "unit"), "unit");
    if (!u)
        return -1;
    store_signoff so;
    int st = store_signoff_get(a->st, rc.r.id, cat_unit_number(u), &so);
    if (st == STORE_NOTFOUND)
        return rpc_error(c, RPC_NOT_FOUND, NULL, "unit %s has not been signed off",
                         cat_unit_number(u));
    if (st != STORE_OK)
        return rpc_error(c, RPC_INTERNAL_ERROR, NULL, "%s", store_errmsg(a->st));
    if (people_countersigner(c, a, rc.r.centre, so.assessor, "assessor", "sign-off"))
        return -1;
    if (!so.trainee || so.countersigned)
        return rpc_error(c, RPC_CONFLICT, NULL,
                         "unit %s's sign-off is not awaiting a "
                         "countersignature",
                         cat_unit_number(u));
    char today[DATE_LEN], at[21];
    date_today_str(today);
    time_now_iso(at);
    if (store_countersign_insert(a->st, "signoff", so.id, s->person, today, at) != STORE_OK)
        return rpc_error(c, RPC_INTERNAL_ERROR, NULL, "%s", store_errmsg(a->st));
    dispatch_set_record(c, "signoff", so.id);
    jw *w = rpc_result(c);
    jw_obj_begin(w);
    jw_kint(w, "id", so.id);
    jw_kstr(w, "status", "signed_off");
    jw_obj_end(w);
    return 0;
}

static const rpc_param p_evidence[] = {
    {"registration", P_ID, true, NULL},
    {"title", P_LINE, true, "what it is"},
    {"method", P_STRING, true, "method code: O, EP, EWT, ECH, EPS, EWQ, QC, QW, PD, S"},
    {"date", P_DATE, true, "when it was produced or observed"},
    {"location", P_LINE, true, "where it is kept (it may stay where it is normally stored)"},
    {"criteria", P_ARRAY, true, "references it shows: [\"9:9.1\", \"411:2.3\"]"},
    {"ranges", P_ARRAY, false, "range items it shows: [\"411:ER6:b\"]"},
    {"description", P_STRING, false, NULL},
    {"simulated", P_BOOL, false, "produced in a simulation"},
    {"environment", P_STRING, false, "workplace or rwe (realistic working environment)"},
    {"evidence_type", P_STRING, false, "performance or knowledge (default: from the method)"},
    {"witness", P_ID, false, "the witness (from witness.list)"},
    {"testimony", P_ANY, false, "the items of a witness testimony present: {\"1\": true, ...}"},
    {"countersigned_by", P_LINE, false, "who authenticated a statement, log or diary"},
    {"countersigned_on", P_DATE, false, NULL},
    {"prior_achievement", P_BOOL, false, "evidence of prior achievement"},
    {"supersedes", P_ID, false, "the evidence this record corrects"},
    RPC_PARAM_END};
static const rpc_param p_reg[] = {{"registration", P_ID, true, NULL}, RPC_PARAM_END};
static const rpc_param p_map[] = {
    {"evidence", P_ID, true, "the evidence"},
    {"criteria", P_ARRAY, true, "more references it shows: [\"9:9.3\", \"411:ER6:c\"]"},
    RPC_PARAM_END};
static const rpc_param p_decision[] = {
    {"registration", P_ID, true, NULL},
    {"unit", P_STRING, true, "the unit number"},
    {"outcome", P_STRING, true, "met or not_yet"},
    {"kind", P_STRING, true, "formative or summative"},
    {"justification", P_STRING, true, "why: enough detail to justify the decision"},
    {"feedback", P_STRING, true, "feedback to the candidate"},
    {"date", P_DATE, true, NULL},
    {"evidence", P_ARRAY, true, "ids of the evidence relied on"},
    {"supersedes", P_ID, false, "the decision this one corrects"},
    RPC_PARAM_END};
static const rpc_param p_countersign[] = {{"decision", P_ID, true, NULL}, RPC_PARAM_END};
static const rpc_param p_signoff[] = {{"registration", P_ID, true, NULL},
                                      {"unit", P_STRING, true, "the unit number"},
                                      {"date", P_DATE, true, NULL},
                                      RPC_PARAM_END};
static const rpc_param p_unit[] = {
    {"registration", P_ID, true, NULL}, {"unit", P_STRING, true, "the unit number"}, RPC_PARAM_END};
void assessment_register_methods(app *a)
{
    static rpc_method methods[] = {
        {"evidence.add", m_evidence_add, RPC_WRITE | RPC_WRITE_THREAD, p_evidence,
         "add evidence mapped to criteria; the body's rules may refuse it or warn", NULL},
        {"evidence.map", m_evidence_map, RPC_WRITE, p_map,
         "map evidence to more criteria (a correction superseding the record)", NULL},
        {"evidence.list", m_evidence_list, 0, p_reg, "a portfolio's evidence, with history", NULL},
        {"decision.record", m_decision_record, RPC_WRITE, p_decision,
         "an assessment decision (formative or summative) with justification and feedback", NULL},
        {"decision.list", m_decision_list, 0, p_reg, "a registration's decisions", NULL},
        {"decision.countersign", m_decision_countersign, RPC_WRITE, p_countersign,
         "a qualified assessor supports a trainee's decision", NULL},
        {"unit.signoff", m_unit_signoff, RPC_WRITE, p_signoff,
         "sign a unit off (refused while anything is missing)", NULL},
        {"unit.countersign", m_unit_countersign, RPC_WRITE, p_unit,
         "a qualified assessor countersigns a trainee's sign-off", NULL},
        {NULL, NULL, 0, NULL, NULL, NULL},
    };
    app_register(a, methods);
}
