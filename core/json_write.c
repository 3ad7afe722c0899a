/* json_write — the streaming writer of the json module: jw_* and json_escape. See json.h. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "json.h"

void json_escape(sbuf *out, const char *s, size_t n)
{
    static const char hex[] = "0123456789abcdef";
    sbuf_reserve(out, n + 2);
    sbuf_addc(out, '"');
    size_t run = 0;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c >= 0x20 && c != '"' && c != '\\')
            continue;
        sbuf_add(out, s + run, i - run);
        run = i + 1;
        switch (c) {
        case '"':
            sbuf_add(out, "\\\"", 2);
            break;
        case '\\':
            sbuf_add(out, "\\\\", 2);
            break;
        case '\n':
            sbuf_add(out, "\\n", 2);
            break;
        case '\r':
            sbuf_add(out, "\\r", 2);
            break;
        case '\t':
            sbuf_add(out, "\\t", 2);
            break;
        case '\b':
            sbuf_add(out, "\\b", 2);
            break;
        case '\f':
            sbuf_add(out, "\\f", 2);
            break;
        default: {
            char u[6] = {'\\', 'u', '0', '0', hex[c >> 4], hex[c & 15]};
            sbuf_add(out, u, 6);
        }
        }
    }
    sbuf_add(out, s + run, n - run);
    sbuf_addc(out, '"');
}

void jw_init(jw *w, sbuf *out)
{
    w->out = out;
    w->depth = 0;
    w->after_key = false;
    w->first[0] = 1;
}

static void before_value(jw *w)
{
    if (w->after_key) {
        w->after_key = false;
        return;
    }
    if (w->depth > 0) {
        if (!w->first[w->depth])
            sbuf_addc(w->out, ',');
        w->first[w->depth] = 0;
    }
}

static void open(jw *w, char c)
{
    before_value(w);
    sbuf_addc(w->out, c);
    if (w->depth < JSON_MAX_DEPTH + 1)
        w->depth++;
    w->first[w->depth] = 1;
}

static void close_(jw *w, char c)
{
    sbuf_addc(w->out, c);
    if (w->depth > 0)
        w->depth--;
}

void jw_obj_begin(jw *w)
{
    open(w, '{');
}
void jw_obj_end(jw *w)
{
    close_(w, '}');
}
void jw_arr_begin(jw *w)
{
    open(w, '[');
}
void jw_arr_end(jw *w)
{
    close_(w, ']');
}

void jw_keyn(jw *w, const char *key, size_t n)
{
    before_value(w);
    json_escape(w->out, key, n);
    sbuf_addc(w->out, ':');
    w->after_key = true;
}

void jw_key(jw *w, const char *key)
{
    jw_keyn(w, key, strlen(key));
}

void jw_strn(jw *w, const char *s, size_t n)
{
    before_value(w);
    json_escape(w->out, s, n);
}

void jw_str(jw *w, const char *s)
{
    jw_strn(w, s, strlen(s));
}

void jw_int(jw *w, int64_t v)
{
    before_value(w);
    char buf[24], *p = buf + sizeof buf;
    uint64_t u = v < 0 ? (uint64_t)0 - (uint64_t)v : (uint64_t)v;
    do {
        *--p = (char)('0' + u % 10);
        u /= 10;
    } while (u);
    if (v < 0)
        *--p = '-';
    sbuf_add(w->out, p, (size_t)(buf + sizeof buf - p));
}

void jw_double(jw *w, double v)
{
    before_value(w);
    if (!isfinite(v)) {
        sbuf_add(w->out, "null", 4);
        return;
    }
    if (v == floor(v) && fabs(v) < 9e15) {
        sbuf_printf(w->out, "%.0f", v);
        return;
    }
    sbuf_printf(w->out, "%.17g", v);
}

void jw_bool(jw *w, bool v)
{
    before_value(w);
    sbuf_adds(w->out, v ? "true" : "false");
}

void jw_null(jw *w)
{
    before_value(w);
    sbuf_add(w->out, "null", 4);
}

void jw_raw(jw *w, const char *json, size_t n)
{
    before_value(w);
    sbuf_add(w->out, json, n);
}

void jw_value(jw *w, const json_value *v)
{
    if (!v) {
        jw_null(w);
        return;
    }
    switch (v->type) {
    case JSON_NULL:
        jw_null(w);
        break;
    case JSON_BOOL:
        jw_bool(w, v->u.boolean);
        break;
    case JSON_NUMBER:
        if (v->u.num.is_int)
            jw_int(w, v->u.num.i);
        else
            jw_double(w, v->u.num.d);
        break;
    case JSON_STRING:
        jw_strn(w, v->u.str, v->len);
        break;
    case JSON_ARRAY:
        jw_arr_begin(w);
        for (size_t i = 0; i < v->len; i++)
            jw_value(w, v->u.items[i]);
        jw_arr_end(w);
        break;
    case JSON_OBJECT:
        jw_obj_begin(w);
        for (size_t i = 0; i < v->len; i++) {
            jw_keyn(w, v->u.members[i].key, v->u.members[i].key_len);
            jw_value(w, v->u.members[i].value);
        }
        jw_obj_end(w);
        break;
    }
}

void jw_kstr(jw *w, const char *key, const char *s)
{
    jw_key(w, key);
    jw_str(w, s);
}

void jw_kint(jw *w, const char *key, int64_t v)
{
    jw_key(w, key);
    jw_int(w, v);
}

void jw_kbool(jw *w, const char *key, bool v)
{
    jw_key(w, key);
    jw_bool(w, v);
}

void jw_knull(jw *w, const char *key)
{
    jw_key(w, key);
    jw_null(w);
}

void jw_kstr_or_null(jw *w, const char *key, const char *s)
{
    jw_key(w, key);
    if (s)
        jw_str(w, s);
    else
        jw_null(w);
}
