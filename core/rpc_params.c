/* rpc_params — what a request's params may hold. See rpc_params.h. */
#include "rpc_params.h"

#include <stdlib.h>
#include <string.h>

#include "dates.h"
#include "sbuf.h"

static const char *ptype_name(rpc_ptype t)
{
    switch (t) {
    case P_STRING:
        return "a string";
    case P_INT:
        return "an integer";
    case P_ID:
        return "a positive integer id";
    case P_BOOL:
        return "true or false";
    case P_DATE:
        return "a date (YYYY-MM-DD)";
    case P_ARRAY:
        return "an array";
    case P_OBJECT:
        return "an object";
    case P_ANY:
        return "any value";
    case P_LINE:
        return "one line of text (no line breaks, tabs or other control characters)";
    }
    return "?";
}

static bool type_ok(rpc_ptype t, const json_value *v)
{
    switch (t) {
    case P_STRING:
        return v->type == JSON_STRING;
    case P_INT:
        return v->type == JSON_NUMBER && v->u.num.is_int;
    case P_ID:
        return v->type == JSON_NUMBER && v->u.num.is_int && v->u.num.i > 0;
    case P_BOOL:
        return v->type == JSON_BOOL;
    case P_DATE: {
        int64_t day;
        return v->type == JSON_STRING && v->len == 10 && date_parse(v->u.str, &day);
    }
    case P_ARRAY:
        return v->type == JSON_ARRAY;
    case P_OBJECT:
        return v->type == JSON_OBJECT;
    case P_ANY:
        return true;
    case P_LINE:
        return v->type == JSON_STRING && rpc_one_line(v->u.str, v->len);
    }
    return false;
}

static int by_key(const void *a, const void *b)
{
    const json_member *x = *(const json_member *const *)a, *y = *(const json_member *const *)b;
    size_t n = x->key_len < y->key_len ? x->key_len : y->key_len;
    int c = memcmp(x->key, y->key, n);
    return c ? c : (x->key_len > y->key_len) - (x->key_len < y->key_len);
}

/* Sorted, not compared pairwise, when the object is large. */
const json_member *rpc_params_twice(const json_value *obj)
{
    if (obj->len < 2)
        return NULL;
    if (obj->len <= 16) { /* the usual request: pairwise, nothing allocated */
        for (size_t i = 1; i < obj->len; i++)
            for (size_t k = 0; k < i; k++) {
                const json_member *a = &obj->u.members[k], *b = &obj->u.members[i];
                if (a->key_len == b->key_len && !memcmp(a->key, b->key, a->key_len))
                    return b;
            }
        return NULL;
    }
    const json_member **m = malloc(obj->len * sizeof *m);
    if (!m)
        return NULL;
    for (size_t i = 0; i < obj->len; i++)
        m[i] = &obj->u.members[i];
    qsort(m, obj->len, sizeof *m, by_key);
    const json_member *dup = NULL;
    for (size_t i = 1; i < obj->len && !dup; i++)
        if (!by_key(&m[i - 1], &m[i]))
            dup = m[i];
    free(m);
    return dup;
}

bool rpc_params_has_nul(const json_value *v)
{
    switch (v->type) {
    case JSON_STRING:
        return strlen(v->u.str) != v->len;
    case JSON_ARRAY:
        for (size_t i = 0; i < v->len; i++)
            if (rpc_params_has_nul(v->u.items[i]))
                return true;
        return false;
    case JSON_OBJECT:
        for (size_t i = 0; i < v->len; i++)
            if (strlen(v->u.members[i].key) != v->u.members[i].key_len ||
                rpc_params_has_nul(v->u.members[i].value))
                return true;
        return false;
    default:
        return false;
    }
}

/* Spaces, tabs and line ends. */
bool rpc_one_line(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if ((unsigned char)s[i] < 0x20 || s[i] == 0x7f)
            return false;
    return true;
}

bool rpc_blank(const char *s)
{
    for (; *s; s++)
        if (*s != ' ' && *s != '\t' && *s != '\r' && *s != '\n')
            return false;
    return true;
}

bool rpc_key_is(const json_member *m, const char *name)
{
    return m->key_len == strlen(name) && memcmp(m->key, name, m->key_len) == 0;
}

int rpc_params_check(rpc_call *c)
{
    const rpc_method *m = rpc_call_method(c);
    const rpc_param *spec = m->params;
    if (!spec)
        return 0;
    const json_value *p = rpc_params(c);
    for (size_t i = 0; p && i < p->len; i++) {
        const json_member *mb = &p->u.members[i];
        const rpc_param *s = spec;
        while (s->name && !rpc_key_is(mb, s->name))
            s++;
        if (!s->name) {
            sbuf known;
            sbuf_init(&known);
            for (const rpc_param *k = spec; k->name; k++)
                sbuf_printf(&known, "%s%s", k == spec ? "" : ", ", k->name);
            jw *w = rpc_error_data(c, RPC_INVALID_PARAMS, NULL,
                                   "unknown parameter '%.64s' for %s (it takes: %s)", mb->key,
                                   m->name, known.len ? known.data : "no parameters");
            jw_kstr(w, "field", mb->key);
            sbuf_free(&known);
            return rpc_error_done(c);
        }
        if (mb->value->type == JSON_NULL)
            continue;
        if (rpc_params_has_nul(mb->value)) {
            jw *w = rpc_error_data(c, RPC_INVALID_PARAMS, NULL,
                                   "parameter '%s' holds the character U+0000 (\\u0000), which "
                                   "no record may contain",
                                   s->name);
            jw_kstr(w, "field", s->name);
            return rpc_error_done(c);
        }
        if (!type_ok(s->type, mb->value)) {
            jw *w = rpc_error_data(c, RPC_INVALID_PARAMS, NULL, "parameter '%s' must be %s",
                                   s->name, ptype_name(s->type));
            jw_kstr(w, "field", s->name);
            return rpc_error_done(c);
        }
        if (s->required && (s->type == P_STRING || s->type == P_LINE) &&
            rpc_blank(mb->value->u.str)) {
            jw *w = rpc_error_data(c, RPC_INVALID_PARAMS, NULL, "parameter '%s' is empty (%s)",
                                   s->name, s->help ? s->help : "a string");
            jw_kstr(w, "field", s->name);
            return rpc_error_done(c);
        }
    }
    for (const rpc_param *s = spec; s->name; s++) {
        if (!s->required || rpc_arg(c, s->name))
            continue;
        jw *w = rpc_error_data(c, RPC_INVALID_PARAMS, NULL, "missing parameter '%s' (%s)", s->name,
                               s->help ? s->help : ptype_name(s->type));
        jw_kstr(w, "field", s->name);
        return rpc_error_done(c);
    }
    return 0;
}
