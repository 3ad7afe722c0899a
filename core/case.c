/* case — what the catalogue's objects become in CASE 1.1 (the tables), the helpers export and
 * import share, and Lua data-file text. Export is case_export.c, import case_import.c. See
 * case.h and docs/case.md. */
#include <errno.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "case_internal.h"
#include "dates.h"
#include "sha256.h"

/* ---- What the catalogue's objects become ---- */

static const child_list unit_lists[] = {
    {"elements", K_ELEMENT}, {"outcomes", K_OUTCOME}, {"evidence_requirements", K_ER}, {NULL, 0}};
static const child_list outcome_lists[] = {{"criteria", K_CRITERION}, {NULL, 0}};
static const child_list er_lists[] = {{"items", K_ITEM}, {NULL, 0}};
static const child_list no_lists[] = {{NULL, 0}};

/* The order case_import writes members in (docs/catalogue.md's order); members it does not
 * know follow in the order the extension has them. */
const char *const case__qual_keys[] = {"code",
                                       "title",
                                       "level",
                                       "accreditation",
                                       "age_group",
                                       "last_registration",
                                       "last_certification",
                                       "units",
                                       "rules",
                                       "source",
                                       "notes",
                                       NULL};
static const char *const unit_keys[] = {
    "id",         "number", "title",    "reference", "level",
    "credit",     "glh",    "aim",      "nos",       "support",
    "simulation", "rwe",    "elements", "outcomes",  "evidence_requirements",
    "assessment", "source", "notes",    NULL};
static const char *const element_keys[] = {"number", "title", "level", "notes", NULL};
static const char *const outcome_keys[] = {"number", "title", "criteria", "knowledge",
                                           "level",  "notes", NULL};
static const char *const criterion_keys[] = {"number", "text", "level", "notes", NULL};
static const char *const er_keys[] = {"number", "text", "items", "rule", "level", "notes", NULL};
static const char *const item_keys[] = {"letter", "text", "level", "notes", NULL};

const kind_info case__kinds[K_COUNT] = {
    [K_UNIT] = {"Unit", "unit", "number", "title", "", unit_lists, unit_keys},
    [K_ELEMENT] = {"Element", "element", "number", "title", ":", no_lists, element_keys},
    [K_OUTCOME] = {"Learning Outcome", "outcome", "number", "title", ":", outcome_lists,
                   outcome_keys},
    [K_CRITERION] = {"Assessment Criterion", "criterion", "number", "text", ":", no_lists,
                     criterion_keys},
    [K_ER] = {"Evidence Requirement", "requirement", "number", "text", ":ER", er_lists, er_keys},
    [K_ITEM] = {"Evidence Item", "item", "letter", "text", ":", no_lists, item_keys},
};

/* ---- Small helpers ---- */

void *case__xcalloc(size_t n, size_t size)
{
    void *p = calloc(n ? n : 1, size);
    if (!p) {
        fputs("assessd: out of memory\n", stderr);
        abort();
    }
    return p;
}

bool case__key_is(const json_member *m, const char *k)
{
    size_t n = strlen(k);
    return m->key_len == n && memcmp(m->key, k, n) == 0;
}

const json_value *case__get_str(const json_value *obj, const char *key)
{
    const json_value *v = json_get(obj, key);
    return v && v->type == JSON_STRING ? v : NULL;
}

const json_value *case__get_obj(const json_value *obj, const char *key)
{
    const json_value *v = json_get(obj, key);
    return v && v->type == JSON_OBJECT ? v : NULL;
}

bool case__str_eq(const json_value *a, const json_value *b)
{
    return a && b && a->len == b->len && memcmp(a->u.str, b->u.str, a->len) == 0;
}

bool case__str_is(const json_value *s, const char *c)
{
    return s && s->len == strlen(c) && memcmp(s->u.str, c, s->len) == 0;
}

void case__put_str(jw *w, const json_value *s)
{
    jw_strn(w, s->u.str, s->len);
}

bool case__is_int(const json_value *v)
{
    return v && v->type == JSON_NUMBER && v->u.num.is_int;
}

bool case__is_date(const json_value *s)
{
    int64_t day;
    return s && s->type == JSON_STRING && s->len == 10 && date_parse(s->u.str, &day);
}

/* A list that becomes child items: an array of one or more objects. */
bool case__item_list(const json_value *v)
{
    if (!v || v->type != JSON_ARRAY || v->len == 0)
        return false;
    for (size_t i = 0; i < v->len; i++)
        if (v->u.items[i]->type != JSON_OBJECT)
            return false;
    return true;
}

/* Notes that read back exactly from CASE's one text, one note a line. */
bool case__notes_as_lines(const json_value *v)
{
    if (!v || v->type != JSON_ARRAY || v->len == 0)
        return false;
    for (size_t i = 0; i < v->len; i++) {
        const json_value *s = v->u.items[i];
        if (s->type != JSON_STRING || s->len == 0 || memchr(s->u.str, '\n', s->len) ||
            memchr(s->u.str, '\r', s->len))
            return false;
    }
    return true;
}

/* The members of an object that went to CASE fields; the others go to extensions. */

void case__ks_add(keyset *s, const char *k)
{
    if (s->n < sizeof s->k / sizeof s->k[0])
        s->k[s->n++] = k;
}

bool case__ks_has(const keyset *s, const json_member *m)
{
    for (size_t i = 0; i < s->n; i++)
        if (case__key_is(m, s->k[i]))
            return true;
    return false;
}

size_t case__rest_count(const json_value *obj, const keyset *used)
{
    size_t n = 0;
    if (obj && obj->type == JSON_OBJECT)
        for (size_t i = 0; i < obj->len; i++)
            n += !case__ks_has(used, &obj->u.members[i]);
    return n;
}

void case__rest_write(jw *w, const json_value *obj, const keyset *used)
{
    jw_obj_begin(w);
    for (size_t i = 0; i < obj->len; i++) {
        const json_member *m = &obj->u.members[i];
        if (case__ks_has(used, m))
            continue;
        jw_keyn(w, m->key, m->key_len);
        jw_value(w, m->value);
    }
    jw_obj_end(w);
}

/* ---- Lua text ---- */

static bool lua_ident(const char *k, size_t n)
{
    static const char *const reserved[] = {
        "and",      "break",  "do",   "else", "elseif", "end",   "false", "for",
        "function", "goto",   "if",   "in",   "local",  "nil",   "not",   "or",
        "repeat",   "return", "then", "true", "until",  "while", NULL};
    if (n == 0 || (k[0] >= '0' && k[0] <= '9'))
        return false;
    for (size_t i = 0; i < n; i++) {
        char c = k[i];
        if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
              c == '_'))
            return false;
    }
    for (const char *const *r = reserved; *r; r++)
        if (strlen(*r) == n && memcmp(*r, k, n) == 0)
            return false;
    return true;
}

static void lua_string(sbuf *out, const char *s, size_t n)
{
    sbuf_addc(out, '"');
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        switch (c) {
        case '"':
            sbuf_adds(out, "\\\"");
            break;
        case '\\':
            sbuf_adds(out, "\\\\");
            break;
        case '\n':
            sbuf_adds(out, "\\n");
            break;
        case '\r':
            sbuf_adds(out, "\\r");
            break;
        case '\t':
            sbuf_adds(out, "\\t");
            break;
        default:
            if (c < 0x20 || c == 0x7f)
                sbuf_printf(out, "\\%03u", c); /* three digits: a digit may follow */
            else
                sbuf_addc(out, (char)c);
        }
    }
    sbuf_addc(out, '"');
}

static void lua_number(sbuf *out, const json_value *v)
{
    if (v->u.num.is_int) {
        if (v->u.num.i == INT64_MIN)
            sbuf_adds(out, "(-9223372036854775807 - 1)");
        else
            sbuf_printf(out, "%lld", (long long)v->u.num.i);
        return;
    }
    char buf[40];
    for (int prec = 15; prec <= 17; prec++) {
        snprintf(buf, sizeof buf, "%.*g", prec, v->u.num.d);
        if (strtod(buf, NULL) == v->u.num.d)
            break;
    }
    sbuf_adds(out, buf);
    if (!strpbrk(buf, ".eEn")) /* keep it a float: 2.0, not 2 */
        sbuf_adds(out, ".0");
}

static bool is_container(const json_value *v)
{
    return v->type == JSON_ARRAY || v->type == JSON_OBJECT;
}

static void lua_value(sbuf *out, const json_value *v, int indent);

static void lua_key(sbuf *out, const json_member *m)
{
    if (lua_ident(m->key, m->key_len)) {
        sbuf_add(out, m->key, m->key_len);
    } else {
        sbuf_addc(out, '[');
        lua_string(out, m->key, m->key_len);
        sbuf_addc(out, ']');
    }
    sbuf_adds(out, " = ");
}

/* A table of scalars on one line: an object always ({ number = "9.1", title = "..." }), a list
 * when it fits in 100 columns. */
static bool lua_one_line(sbuf *out, const json_value *v, int indent)
{
    for (size_t i = 0; i < v->len; i++)
        if (is_container(v->type == JSON_ARRAY ? v->u.items[i] : v->u.members[i].value))
            return false;
    sbuf line;
    sbuf_init(&line);
    sbuf_adds(&line, "{ ");
    for (size_t i = 0; i < v->len; i++) {
        if (i)
            sbuf_adds(&line, ", ");
        if (v->type == JSON_OBJECT)
            lua_key(&line, &v->u.members[i]);
        lua_value(&line, v->type == JSON_ARRAY ? v->u.items[i] : v->u.members[i].value, indent);
    }
    sbuf_adds(&line, " }");
    bool ok = v->type == JSON_OBJECT || line.len + (size_t)indent <= 100;
    if (ok)
        sbuf_add(out, line.data, line.len);
    sbuf_free(&line);
    return ok;
}

static void lua_value(sbuf *out, const json_value *v, int indent)
{
    switch (v->type) {
    case JSON_NULL:
        sbuf_adds(out, "nil");
        return;
    case JSON_BOOL:
        sbuf_adds(out, v->u.boolean ? "true" : "false");
        return;
    case JSON_NUMBER:
        lua_number(out, v);
        return;
    case JSON_STRING:
        lua_string(out, v->u.str, v->len);
        return;
    case JSON_ARRAY:
    case JSON_OBJECT:
        break;
    }
    if (v->len == 0) {
        sbuf_adds(out, "{}");
        return;
    }
    if (lua_one_line(out, v, indent))
        return;
    sbuf_adds(out, "{\n");
    for (size_t i = 0; i < v->len; i++) {
        sbuf_printf(out, "%*s", indent + 2, "");
        if (v->type == JSON_OBJECT)
            lua_key(out, &v->u.members[i]);
        lua_value(out, v->type == JSON_ARRAY ? v->u.items[i] : v->u.members[i].value, indent + 2);
        sbuf_adds(out, ",\n");
    }
    sbuf_printf(out, "%*s}", indent, "");
}

void case_lua_text(const json_value *v, sbuf *out)
{
    sbuf_adds(out, "return ");
    if (v)
        lua_value(out, v, 0);
    else
        sbuf_adds(out, "nil");
    sbuf_addc(out, '\n');
}
