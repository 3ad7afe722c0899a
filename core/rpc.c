/* rpc — JSON-RPC 2.0 envelope, registry and dispatch. See rpc.h. */
#include "rpc.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "log.h"
#include "rpc_params.h"

typedef struct entry {
    const rpc_method *m;
    const void *owner;
    struct entry *next;
} entry;

#define NBUCKETS 256

struct rpc_engine {
    entry *buckets[NBUCKETS];
    size_t count;
    rpc_hooks hooks;
    int64_t max_batch;
    size_t max_reply; /* 0: no limit */
};

struct rpc_call {
    rpc_engine *e;
    const rpc_method *m;
    void *session;
    const json_value *params;
    const json_value *id; /* NULL for a notification */
    sbuf result;
    jw rw;
    bool result_started;
    sbuf err;
    jw ew;
    bool failed;
    int code;
    char message[512];
    void *slot;
    bool in_batch;     /* a member of a batch: its reply cannot wait */
    size_t batch_used; /* bytes of the batch's reply written before this call's */
    bool deferred;     /* rpc_defer() took it: no reply now */
    json_doc *own;     /* a deferred copy's [id, params] */
};

static unsigned hash(const char *s)
{
    unsigned h = 2166136261u;
    while (*s)
        h = (h ^ (unsigned char)*s++) * 16777619u;
    return h % NBUCKETS;
}

rpc_engine *rpc_new(void)
{
    rpc_engine *e = calloc(1, sizeof *e);
    if (e)
        e->max_batch = 1000;
    return e;
}

void rpc_free(rpc_engine *e)
{
    if (!e)
        return;
    for (int i = 0; i < NBUCKETS; i++) {
        entry *x = e->buckets[i];
        while (x) {
            entry *n = x->next;
            free(x);
            x = n;
        }
    }
    free(e);
}

void rpc_set_hooks(rpc_engine *e, const rpc_hooks *h)
{
    e->hooks = *h;
}

void rpc_set_max_batch(rpc_engine *e, int64_t n)
{
    e->max_batch = n;
}

void rpc_set_max_reply(rpc_engine *e, size_t bytes)
{
    e->max_reply = bytes;
}

/* A reading call whose result is over the limit gets an error instead, which says how large
 * it was: the connection would otherwise be dropped as a client that does not read. In a
 * batch the limit is the whole reply's: a call gets what the calls before it left. A write's
 * result is kept whatever its size: the write is done and the caller must hear so. */
static void limit_reply(rpc_call *c)
{
    size_t max = c->e->max_reply;
    if (max && c->in_batch)
        max = c->batch_used < max ? max - c->batch_used : 1;
    if (!max || c->failed || !c->result_started || c->result.len <= max ||
        (c->m->flags & RPC_WRITE))
        return;
    size_t len = c->result.len;
    sbuf_reset(&c->result);
    c->result_started = false;
    jw *w = rpc_error_data(c, RPC_OVERLOADED, "reply_too_large",
                           "the result of %s would be %zu bytes, more than the %zu a reply may "
                           "hold: ask for less (a filter, a limit or a date range)",
                           c->m->name, len, max);
    jw_kint(w, "bytes", (int64_t)len);
    jw_kint(w, "limit", (int64_t)max);
    rpc_error_done(c);
}

const rpc_method *rpc_find(rpc_engine *e, const char *name)
{
    for (entry *x = e->buckets[hash(name)]; x; x = x->next)
        if (strcmp(x->m->name, name) == 0)
            return x->m;
    return NULL;
}

int rpc_register(rpc_engine *e, const rpc_method *m, const void *owner)
{
    if (rpc_find(e, m->name))
        return -1;
    entry *x = malloc(sizeof *x);
    if (!x)
        return -1;
    unsigned h = hash(m->name);
    x->m = m;
    x->owner = owner;
    x->next = e->buckets[h];
    e->buckets[h] = x;
    e->count++;
    return 0;
}

void rpc_unregister_owner(rpc_engine *e, const void *owner)
{
    for (int i = 0; i < NBUCKETS; i++) {
        entry **pp = &e->buckets[i];
        while (*pp) {
            if ((*pp)->owner == owner) {
                entry *dead = *pp;
                *pp = dead->next;
                free(dead);
                e->count--;
            } else {
                pp = &(*pp)->next;
            }
        }
    }
}

typedef struct pair {
    const rpc_method *m;
    const void *owner;
} pair;

static int by_name(const void *a, const void *b)
{
    return strcmp(((const pair *)a)->m->name, ((const pair *)b)->m->name);
}

void rpc_each_method(rpc_engine *e, void (*fn)(void *ud, const rpc_method *m, const void *owner),
                     void *ud)
{
    pair *all = malloc((e->count + 1) * sizeof *all);
    if (!all)
        return;
    size_t n = 0;
    for (int i = 0; i < NBUCKETS; i++)
        for (entry *x = e->buckets[i]; x; x = x->next)
            all[n++] = (pair){x->m, x->owner};
    qsort(all, n, sizeof *all, by_name);
    for (size_t i = 0; i < n; i++)
        fn(ud, all[i].m, all[i].owner);
    free(all);
}

const char *rpc_reason_for(int code)
{
    switch (code) {
    case RPC_PARSE_ERROR:
        return "parse_error";
    case RPC_INVALID_REQUEST:
        return "invalid_request";
    case RPC_METHOD_NOT_FOUND:
        return "unknown_method";
    case RPC_INVALID_PARAMS:
        return "invalid_params";
    case RPC_INTERNAL_ERROR:
        return "internal_error";
    case RPC_NOT_FOUND:
        return "not_found";
    case RPC_FORBIDDEN:
        return "forbidden";
    case RPC_CONFLICT:
        return "conflict";
    case RPC_RULE_VIOLATION:
        return "rule_violation";
    case RPC_PLUGIN_ERROR:
        return "plugin_error";
    case RPC_UNAUTHENTICATED:
        return "unauthenticated";
    case RPC_OVERLOADED:
        return "overloaded";
    }
    return "error";
}

/* ---- inside a handler ---------------------------------------------------------------- */

void *rpc_session(rpc_call *c)
{
    return c->session;
}

const rpc_method *rpc_call_method(rpc_call *c)
{
    return c->m;
}

const json_value *rpc_params(rpc_call *c)
{
    return c->params;
}

const json_value *rpc_arg(rpc_call *c, const char *name)
{
    const json_value *v = json_get(c->params, name);
    return (v && v->type != JSON_NULL) ? v : NULL;
}

const char *rpc_str(rpc_call *c, const char *name)
{
    const json_value *v = rpc_arg(c, name);
    return (v && v->type == JSON_STRING) ? v->u.str : NULL;
}

int64_t rpc_int(rpc_call *c, const char *name, int64_t def)
{
    const json_value *v = rpc_arg(c, name);
    return (v && v->type == JSON_NUMBER && v->u.num.is_int) ? v->u.num.i : def;
}

bool rpc_bool(rpc_call *c, const char *name, bool def)
{
    const json_value *v = rpc_arg(c, name);
    return (v && v->type == JSON_BOOL) ? v->u.boolean : def;
}

bool rpc_is_notification(rpc_call *c)
{
    return c->id == NULL;
}

jw *rpc_result(rpc_call *c)
{
    sbuf_reset(&c->result);
    jw_init(&c->rw, &c->result);
    c->result_started = true;
    return &c->rw;
}

/* A message cut short (a precision such as %.64s, or the buffer's size) may hold part of a
 * UTF-8 sequence, which the reply may not carry: each byte of one becomes '?'. */
static void mend_utf8(char *s)
{
    size_t n = strlen(s);
    for (size_t i = 0; i < n;) {
        size_t k = 1;
        while (k <= 4 && i + k <= n && !json_utf8_valid(s + i, k))
            k++;
        if (k <= 4 && i + k <= n)
            i += k;
        else
            s[i++] = '?';
    }
}

jw *rpc_error_data(rpc_call *c, int code, const char *reason, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(c->message, sizeof c->message, fmt, ap);
    va_end(ap);
    mend_utf8(c->message);
    c->failed = true;
    c->code = code;
    sbuf_reset(&c->err);
    jw_init(&c->ew, &c->err);
    jw_obj_begin(&c->ew);
    jw_kint(&c->ew, "code", code);
    jw_kstr(&c->ew, "message", c->message);
    jw_key(&c->ew, "data");
    jw_obj_begin(&c->ew);
    jw_kstr(&c->ew, "reason", reason ? reason : rpc_reason_for(code));
    return &c->ew;
}

int rpc_error_done(rpc_call *c)
{
    jw_obj_end(&c->ew);
    jw_obj_end(&c->ew);
    return -1;
}

int rpc_error(rpc_call *c, int code, const char *reason, const char *fmt, ...)
{
    char msg[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    rpc_error_data(c, code, reason, "%s", msg);
    return rpc_error_done(c);
}

int rpc_error_field(rpc_call *c, const char *field, const char *fmt, ...)
{
    char msg[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    jw *w = rpc_error_data(c, RPC_INVALID_PARAMS, NULL, "%s", msg);
    jw_kstr(w, "field", field);
    return rpc_error_done(c);
}

bool rpc_failed(rpc_call *c)
{
    return c->failed;
}

int rpc_error_code(rpc_call *c)
{
    return c->failed ? c->code : 0;
}

const char *rpc_error_message(rpc_call *c)
{
    return c->failed ? c->message : "";
}

void rpc_set_slot(rpc_call *c, void *p)
{
    c->slot = p;
}

void *rpc_slot(rpc_call *c)
{
    return c->slot;
}

/* ---- envelope ------------------------------------------------------------------------ */

static void write_reply(jw *w, const json_value *id, rpc_call *c)
{
    jw_obj_begin(w);
    jw_kstr(w, "jsonrpc", "2.0");
    jw_key(w, "id");
    jw_value(w, id); /* NULL -> null */
    if (c->failed) {
        jw_key(w, "error");
        jw_raw(w, c->err.data, c->err.len);
    } else {
        jw_key(w, "result");
        if (c->result_started && c->result.len)
            jw_raw(w, c->result.data, c->result.len);
        else
            jw_null(w);
    }
    jw_obj_end(w);
}

static void call_reset(rpc_call *c)
{
    c->m = NULL;
    c->params = NULL;
    c->id = NULL;
    c->result_started = false;
    c->failed = false;
    c->code = 0;
    c->message[0] = '\0';
    c->slot = NULL;
    c->deferred = false;
    sbuf_reset(&c->result);
    sbuf_reset(&c->err);
}

/* params given as an array, or naming a parameter twice: -1 with the call failed. Checked
 * once the method is known and the hooks have run, so that a writing call refused here is
 * audited like any other refusal. */
static int params_named_once(rpc_call *c)
{
    const json_value *p = c->params;
    if (p && p->type == JSON_ARRAY)
        return rpc_error(c, RPC_INVALID_PARAMS, NULL,
                         "params must be an object of named parameters, not an array");
    const json_member *dup = p ? rpc_params_twice(p) : NULL;
    if (dup)
        return rpc_error_field(c, dup->key, "params names '%.64s' twice", dup->key);
    return 0;
}

/* Handles one request object; writes its reply to w unless it is a notification. Returns 1 if
 * a handler ran. */
static int one(rpc_engine *e, rpc_call *c, const json_value *req, jw *w, bool *replied)
{
    call_reset(c);
    *replied = false;
    int ran = 0;
    const json_value *idv = json_get(req, "id");
    bool has_id = idv != NULL;
    const json_value *reply_id = NULL;
    if (req->type != JSON_OBJECT) {
        rpc_error(c, RPC_INVALID_REQUEST, NULL, "a request must be a JSON object, not %s",
                  json_type_name(req->type));
        goto reply;
    }
    if (has_id && idv->type != JSON_STRING && idv->type != JSON_NUMBER && idv->type != JSON_NULL) {
        rpc_error(c, RPC_INVALID_REQUEST, NULL, "id must be a string, a number or null");
        goto reply;
    }
    /* an id is echoed exactly: a fraction, a number past 64 bits or -0 (an integer 0) could
     * not be */
    if (has_id && idv->type == JSON_NUMBER &&
        (!idv->u.num.is_int || (idv->u.num.i == 0 && signbit(idv->u.num.d)))) {
        rpc_error(c, RPC_INVALID_REQUEST, NULL,
                  "a numeric id must be a whole number of at most 64 bits (or give a string), "
                  "so that the reply can carry it back exactly");
        goto reply;
    }
    reply_id = idv;
    const json_value *ver = json_get(req, "jsonrpc");
    if (!ver || ver->type != JSON_STRING || ver->len != 3 || strcmp(ver->u.str, "2.0") != 0) {
        rpc_error(c, RPC_INVALID_REQUEST, NULL, "\"jsonrpc\" must be \"2.0\"");
        goto reply;
    }
    const json_value *method = json_get(req, "method");
    if (!method || method->type != JSON_STRING) {
        rpc_error(c, RPC_INVALID_REQUEST, NULL, "\"method\" must be a string");
        goto reply;
    }
    for (size_t i = 0; i < req->len; i++) {
        const json_member *k = &req->u.members[i];
        if (!rpc_key_is(k, "jsonrpc") && !rpc_key_is(k, "id") && !rpc_key_is(k, "method") &&
            !rpc_key_is(k, "params")) {
            rpc_error(c, RPC_INVALID_REQUEST, NULL, "unknown member '%.64s' in request", k->key);
            goto reply;
        }
    }
    const json_member *dup = rpc_params_twice(req);
    if (dup) {
        rpc_error(c, RPC_INVALID_REQUEST, NULL, "the request names '%.64s' twice", dup->key);
        goto reply;
    }
    const json_value *params = json_get(req, "params");
    if (params && params->type != JSON_OBJECT && params->type != JSON_ARRAY) {
        rpc_error(c, RPC_INVALID_REQUEST, NULL, "params must be an object");
        goto reply;
    }
    c->id = has_id ? idv : NULL;
    c->params = params;
    bool nul = rpc_params_has_nul(method);
    c->m = nul ? NULL : rpc_find(e, method->u.str);
    if (!c->m) {
        /* a name holding U+0000 is named whole in data.method, not cut where C's string ends */
        jw *ew = nul ? rpc_error_data(c, RPC_METHOD_NOT_FOUND, NULL,
                                      "unknown method: its name holds the character U+0000 "
                                      "(\\u0000), which no method's name contains")
                     : rpc_error_data(c, RPC_METHOD_NOT_FOUND, NULL, "unknown method '%.128s'",
                                      method->u.str);
        jw_key(ew, "method");
        jw_strn(ew, method->u.str, method->len);
        rpc_error_done(c);
        goto refused;
    }
    int admitted = e->hooks.before ? e->hooks.before(e->hooks.ud, c) : 0;
    if (admitted == 0 && params_named_once(c) == 0 && rpc_params_check(c) == 0) {
        int rc = c->m->fn(c);
        if (rc != 0 && !c->failed)
            rpc_error(c, RPC_INTERNAL_ERROR, NULL, "%s failed", c->m->name);
        if (rc == 0 && c->failed)
            c->failed = false; /* the handler recovered from an inner error */
        limit_reply(c);
        ran = 1;
    }
    if (e->hooks.after)
        e->hooks.after(e->hooks.ud, c, !c->failed);
    if (!has_id || c->deferred)
        return ran;
    goto reply;
refused: /* a well-formed request refused before it ran: a notification is never answered */
    if (!has_id)
        return ran;
reply:
    write_reply(w, reply_id, c);
    *replied = true;
    return ran;
}

/* ---- deferred replies ---------------------------------------------------------------- */

bool rpc_can_defer(rpc_call *c)
{
    return !c->in_batch && c->id && !c->deferred && !c->failed;
}

rpc_call *rpc_defer(rpc_call *c)
{
    if (!rpc_can_defer(c))
        return NULL;
    /* the id and params live in the request, which is freed when the handler returns */
    sbuf copy;
    sbuf_init(&copy);
    jw w;
    jw_init(&w, &copy);
    jw_arr_begin(&w);
    jw_value(&w, c->id);
    jw_value(&w, c->params);
    jw_arr_end(&w);
    json_doc *own;
    int rc = json_parse(copy.data, copy.len, &own, NULL);
    sbuf_free(&copy);
    rpc_call *d = rc == 0 ? calloc(1, sizeof *d) : NULL;
    if (!d) {
        if (rc == 0)
            json_doc_free(own);
        return NULL;
    }
    d->e = c->e;
    d->m = c->m;
    d->session = c->session;
    d->own = own;
    d->id = json_doc_root(own)->u.items[0];
    d->params = json_doc_root(own)->u.items[1];
    if (d->params->type == JSON_NULL)
        d->params = NULL;
    sbuf_init(&d->result);
    sbuf_init(&d->err);
    c->deferred = true;
    return d;
}

void rpc_finish(rpc_call *d, sbuf *out)
{
    limit_reply(d);
    jw w;
    jw_init(&w, out);
    write_reply(&w, d->id, d);
    sbuf_addc(out, '\n');
    rpc_drop(d);
}

rpc_call *rpc_call_detached(rpc_engine *e, void *session)
{
    rpc_call *c = calloc(1, sizeof *c);
    if (!c)
        return NULL;
    c->e = e;
    c->session = session;
    sbuf_init(&c->result);
    sbuf_init(&c->err);
    return c;
}

const char *rpc_error_json(rpc_call *c)
{
    return c->failed ? sbuf_cstr(&c->err) : "";
}

void rpc_drop(rpc_call *d)
{
    if (!d)
        return;
    sbuf_free(&d->result);
    sbuf_free(&d->err);
    json_doc_free(d->own);
    free(d);
}

/* An error reply object with this id (NULL: null). */
static void error_object(jw *w, const json_value *id, int code, const char *reason,
                         const char *message)
{
    jw_obj_begin(w);
    jw_kstr(w, "jsonrpc", "2.0");
    jw_key(w, "id");
    if (id)
        jw_value(w, id);
    else
        jw_null(w);
    jw_key(w, "error");
    jw_obj_begin(w);
    jw_kint(w, "code", code);
    jw_kstr(w, "message", message);
    jw_key(w, "data");
    jw_obj_begin(w);
    jw_kstr(w, "reason", reason ? reason : rpc_reason_for(code));
    jw_obj_end(w);
    jw_obj_end(w);
    jw_obj_end(w);
}

void rpc_error_line(sbuf *out, int code, const char *reason, const char *message)
{
    jw w;
    jw_init(&w, out);
    error_object(&w, NULL, code, reason, message);
    sbuf_addc(out, '\n');
}

void rpc_fail_replies(sbuf *out, const char *replies, size_t len, int code, const char *reason,
                      const char *message)
{
    const char *p = replies, *end = replies + len;
    while (p < end) {
        const char *nl = memchr(p, '\n', (size_t)(end - p));
        size_t n = nl ? (size_t)(nl - p) : (size_t)(end - p);
        json_doc *d;
        if (n && json_parse(p, n, &d, NULL) == 0) {
            const json_value *r = json_doc_root(d);
            jw w;
            jw_init(&w, out);
            if (r->type == JSON_ARRAY) {
                jw_arr_begin(&w);
                for (size_t i = 0; i < r->len; i++)
                    error_object(&w, json_get(r->u.items[i], "id"), code, reason, message);
                jw_arr_end(&w);
                sbuf_addc(out, '\n');
            } else if (!json_get(r, "method")) { /* a notification of ours (reminders.notify)
                                                   is about what was not kept: dropped */
                error_object(&w, json_get(r, "id"), code, reason, message);
                sbuf_addc(out, '\n');
            }
            json_doc_free(d);
        }
        p += n + 1;
    }
}

int rpc_process(rpc_engine *e, void *session, const char *msg, size_t len, sbuf *out)
{
    json_doc *doc;
    json_error jerr;
    if (json_parse(msg, len, &doc, &jerr) != 0) {
        char m[160];
        snprintf(m, sizeof m, "parse error at byte %zu: %s", jerr.offset, jerr.message);
        rpc_error_line(out, RPC_PARSE_ERROR, NULL, m);
        return 0;
    }
    const json_value *root = json_doc_root(doc);
    rpc_call c;
    memset(&c, 0, sizeof c);
    c.e = e;
    c.session = session;
    sbuf_init(&c.result);
    sbuf_init(&c.err);
    int ran = 0;
    size_t start = out->len;
    jw w;
    jw_init(&w, out);
    bool replied;
    if (root->type == JSON_ARRAY) {
        if (root->len == 0) {
            rpc_error_line(out, RPC_INVALID_REQUEST, NULL, "an empty batch is not a request");
        } else if ((int64_t)root->len > e->max_batch) {
            char m[128];
            snprintf(m, sizeof m, "a batch of %zu requests exceeds the limit of %lld", root->len,
                     (long long)e->max_batch);
            rpc_error_line(out, RPC_INVALID_REQUEST, NULL, m);
        } else {
            bool any = false;
            jw_arr_begin(&w);
            c.in_batch = true;
            for (size_t i = 0; i < root->len; i++) {
                c.batch_used = out->len - start;
                ran += one(e, &c, root->u.items[i], &w, &replied);
                any |= replied;
            }
            jw_arr_end(&w);
            if (any)
                sbuf_addc(out, '\n');
            else
                out->len = start, out->data[start] = '\0'; /* notifications only: no reply */
        }
    } else {
        ran += one(e, &c, root, &w, &replied);
        if (replied)
            sbuf_addc(out, '\n');
    }
    sbuf_free(&c.result);
    sbuf_free(&c.err);
    json_doc_free(doc);
    return ran;
}
