/* ctl_print — assessctl's printing of replies for a person. See ctl_print.h. */
#include "ctl_print.h"

#include <stdlib.h>
#include <string.h>

#include "sbuf.h"

static void scalar(sbuf *b, const json_value *v)
{
    switch (v->type) {
    case JSON_NULL:
        sbuf_adds(b, "-");
        break;
    case JSON_BOOL:
        sbuf_adds(b, v->u.boolean ? "yes" : "no");
        break;
    case JSON_NUMBER:
        if (v->u.num.is_int)
            sbuf_printf(b, "%lld", (long long)v->u.num.i);
        else
            sbuf_printf(b, "%g", v->u.num.d);
        break;
    case JSON_STRING:
        sbuf_add(b, v->u.str, v->len);
        break;
    case JSON_ARRAY: {
        bool simple = true;
        for (size_t i = 0; i < v->len; i++)
            simple &= v->u.items[i]->type != JSON_ARRAY && v->u.items[i]->type != JSON_OBJECT;
        if (simple) {
            for (size_t i = 0; i < v->len; i++) {
                if (i)
                    sbuf_adds(b, ", ");
                scalar(b, v->u.items[i]);
            }
            break;
        }
    }
        /* fall through */
    case JSON_OBJECT: {
        jw w;
        jw_init(&w, b);
        jw_value(&w, v);
        break;
    }
    }
}

static size_t display_width(const char *s, size_t n)
{
    size_t w = 0;
    for (size_t i = 0; i < n; i++)
        if (((unsigned char)s[i] & 0xC0) != 0x80)
            w++;
    return w;
}

static void pad(FILE *out, size_t n)
{
    while (n--)
        fputc(' ', out);
}

static bool is_table(const json_value *v)
{
    if (v->type != JSON_ARRAY || v->len == 0)
        return false;
    for (size_t i = 0; i < v->len; i++)
        if (v->u.items[i]->type != JSON_OBJECT)
            return false;
    return true;
}

#define MAXCOLS 24
#define CELLMAX 48

static void print_table(FILE *out, const json_value *rows, int indent)
{
    const char *cols[MAXCOLS];
    size_t ncols = 0;
    for (size_t r = 0; r < rows->len; r++) {
        const json_value *o = rows->u.items[r];
        for (size_t i = 0; i < o->len && ncols < MAXCOLS; i++) {
            size_t k = 0;
            while (k < ncols && strcmp(cols[k], o->u.members[i].key) != 0)
                k++;
            if (k == ncols)
                cols[ncols++] = o->u.members[i].key;
        }
    }
    size_t width[MAXCOLS];
    sbuf *cells = calloc(rows->len * ncols + 1, sizeof *cells);
    for (size_t k = 0; k < ncols; k++)
        width[k] = display_width(cols[k], strlen(cols[k]));
    for (size_t r = 0; r < rows->len; r++)
        for (size_t k = 0; k < ncols; k++) {
            sbuf *cell = &cells[r * ncols + k];
            sbuf_init(cell);
            const json_value *v = json_get(rows->u.items[r], cols[k]);
            if (v)
                scalar(cell, v);
            for (size_t i = 0; i < cell->len; i++)
                if (cell->data[i] == '\n' || cell->data[i] == '\t')
                    cell->data[i] = ' ';
            size_t wd = display_width(cell->data ? cell->data : "", cell->len);
            if (wd > CELLMAX) {
                /* cut at a character boundary and mark it */
                size_t keep = 0, seen = 0;
                while (keep < cell->len && seen < CELLMAX - 1) {
                    keep++;
                    while (keep < cell->len && ((unsigned char)cell->data[keep] & 0xC0) == 0x80)
                        keep++;
                    seen++;
                }
                cell->len = keep;
                sbuf_adds(cell, "…");
                wd = CELLMAX;
            }
            if (wd > width[k])
                width[k] = wd;
        }
    pad(out, (size_t)indent);
    for (size_t k = 0; k < ncols; k++) {
        fprintf(out, "%s", cols[k]);
        if (k + 1 < ncols)
            pad(out, width[k] - display_width(cols[k], strlen(cols[k])) + 2);
    }
    fputc('\n', out);
    for (size_t r = 0; r < rows->len; r++) {
        pad(out, (size_t)indent);
        for (size_t k = 0; k < ncols; k++) {
            sbuf *cell = &cells[r * ncols + k];
            const char *t = cell->data ? cell->data : "";
            fputs(t, out);
            if (k + 1 < ncols)
                pad(out, width[k] - display_width(t, cell->len) + 2);
            sbuf_free(cell);
        }
        fputc('\n', out);
    }
    free(cells);
}

static void print_object(FILE *out, const json_value *v, int indent)
{
    size_t kw = 0;
    for (size_t i = 0; i < v->len; i++)
        if (v->u.members[i].key_len > kw)
            kw = v->u.members[i].key_len;
    for (size_t i = 0; i < v->len; i++) {
        const json_member *m = &v->u.members[i];
        const json_value *x = m->value;
        pad(out, (size_t)indent);
        fprintf(out, "%s:", m->key);
        bool nested = (x->type == JSON_OBJECT && x->len) || is_table(x) ||
                      (x->type == JSON_ARRAY && x->len &&
                       (x->u.items[0]->type == JSON_ARRAY || x->u.items[0]->type == JSON_OBJECT));
        if (nested) {
            fputc('\n', out);
            ctl_print_value(out, x, indent + 2);
        } else {
            pad(out, kw - m->key_len + 1);
            sbuf b;
            sbuf_init(&b);
            scalar(&b, x);
            fprintf(out, "%s\n", x->type == JSON_ARRAY && !x->len ? "(none)" : sbuf_cstr(&b));
            sbuf_free(&b);
        }
    }
}

void ctl_print_value(FILE *out, const json_value *v, int indent)
{
    if (is_table(v)) {
        print_table(out, v, indent);
    } else if (v->type == JSON_OBJECT) {
        print_object(out, v, indent);
    } else if (v->type == JSON_ARRAY) {
        if (!v->len) {
            pad(out, (size_t)indent);
            fputs("(none)\n", out);
        }
        for (size_t i = 0; i < v->len; i++) {
            pad(out, (size_t)indent);
            fputs("- ", out);
            if (v->u.items[i]->type == JSON_OBJECT || v->u.items[i]->type == JSON_ARRAY) {
                fputc('\n', out);
                ctl_print_value(out, v->u.items[i], indent + 2);
            } else {
                sbuf b;
                sbuf_init(&b);
                scalar(&b, v->u.items[i]);
                fprintf(out, "%s\n", sbuf_cstr(&b));
                sbuf_free(&b);
            }
        }
    } else {
        sbuf b;
        sbuf_init(&b);
        scalar(&b, v);
        pad(out, (size_t)indent);
        fprintf(out, "%s\n", sbuf_cstr(&b));
        sbuf_free(&b);
    }
}
int ctl_print_reply(ctl_client *cl, json_doc *doc)
{
    const json_value *r = json_doc_root(doc);
    const json_value *err = json_get(r, "error");
    if (err) {
        const json_value *code = json_get(err, "code"), *msg = json_get(err, "message");
        const json_value *data = json_get(err, "data");
        const json_value *reason = json_get(data, "reason");
        fprintf(stderr, "assessctl: error %lld (%s): %s\n",
                code && code->type == JSON_NUMBER ? (long long)code->u.num.i : 0LL,
                reason && reason->type == JSON_STRING ? reason->u.str : "?",
                msg && msg->type == JSON_STRING ? msg->u.str : "");
        const json_value *viol = json_get(data, "violations");
        if (viol && viol->type == JSON_ARRAY)
            for (size_t i = 0; i < viol->len; i++) {
                const json_value *rule = json_get(viol->u.items[i], "rule");
                const json_value *m = json_get(viol->u.items[i], "message");
                fprintf(stderr, "  - %s: %s\n",
                        rule && rule->type == JSON_STRING ? rule->u.str : "?",
                        m && m->type == JSON_STRING ? m->u.str : "");
            }
        if (data && cl->json) {
            sbuf b;
            sbuf_init(&b);
            jw w;
            jw_init(&w, &b);
            jw_value(&w, err);
            fprintf(stderr, "%s\n", b.data);
            sbuf_free(&b);
        }
        return EXIT_RPC;
    }
    const json_value *res = json_get(r, "result");
    if (cl->json) {
        sbuf b;
        sbuf_init(&b);
        jw w;
        jw_init(&w, &b);
        jw_value(&w, res);
        printf("%s\n", b.data);
        sbuf_free(&b);
    } else if (res && json_get_str(res, "content_type") && json_get_str(res, "content")) {
        /* a document (report.render): the page itself, to print or save */
        const json_value *content = json_get(res, "content");
        fwrite(content->u.str, 1, content->len, stdout);
    } else if (res && res->type == JSON_STRING) {
        /* a text (reminders.ics): as it is, CRLF and all; a line end only if it has none */
        fwrite(res->u.str, 1, res->len, stdout);
        if (!res->len || res->u.str[res->len - 1] != '\n')
            fputc('\n', stdout);
    } else if (res) {
        ctl_print_value(stdout, res, 0);
    }
    const json_value *ok = json_get(res, "ok");
    if (res && res->type == JSON_OBJECT && ok && ok->type == JSON_BOOL && !ok->u.boolean)
        return EXIT_FAILED;
    return 0;
}

const char *ctl_text_of(const json_value *o, const char *key, const char *dflt)
{
    const char *t = json_get_str(o, key);
    return t ? t : dflt;
}
