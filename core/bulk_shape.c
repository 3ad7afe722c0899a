/* bulk_shape — the fields of a bulk import's line. See bulk_shape.h and docs/bulk.md. */
#include "bulk_shape.h"

#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "dates.h"
#include "registration.h"
#include "rpc_params.h"

int bulk_why(char *why, size_t n, const char *fmt, ...)
{
    if (!why || !n)
        return -1; /* a quiet check: only whether it passes */
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(why, n, fmt, ap);
    va_end(ap);
    /* a message cut at the buffer's end ends with whole characters (bulk.status is JSON) */
    size_t len = strlen(why);
    for (int k = 0; k < 3 && len && !json_utf8_valid(why, len); k++)
        why[--len] = '\0';
    return -1;
}

typedef struct shape_ctx {
    char *why;
    size_t n;
} shape_ctx;

/* A refusal into the line's why: -1. */
#define bad(lc, ...) bulk_why((lc)->why, (lc)->n, __VA_ARGS__)

typedef enum ftype {
    F_TEXT,    /* a string */
    F_LINE,    /* a string on one line: no line break, tab or other control character */
    F_DATE,    /* a string "YYYY-MM-DD", a real date */
    F_ID,      /* a positive integer */
    F_BOOL,    /* true or false */
    F_OBJECT,  /* an object */
    F_TEXTS,   /* a list of strings, none blank */
    F_UNITS,   /* a list of units: strings, none blank, or objects {unit, brought_forward} */
    F_INDEXES, /* a list of indexes into the line's evidence: whole numbers from 0 */
    F_OBJECTS, /* a list of objects */
} ftype;

typedef struct field {
    const char *name;
    ftype type;
    bool required; /* present and not null; a required string not blank */
    size_t max;    /* the longest string (of a list: each), in bytes; 0: the line's limit */
} field;

static const char *const type_text[] = {
    [F_TEXT] = "a string",
    [F_LINE] = "a string",
    [F_DATE] = "a date (YYYY-MM-DD)",
    [F_ID] = "a positive integer id",
    [F_BOOL] = "true or false",
    [F_OBJECT] = "an object",
    [F_TEXTS] = "a list of strings",
    [F_UNITS] = "a list of units (\"9\" or {\"unit\": \"9\", \"brought_forward\": \"...\"})",
    [F_INDEXES] = "a list of indexes into evidence (0 for its first item)",
    [F_OBJECTS] = "a list of objects",
};

#define FIELDS_END                                                                                 \
    {                                                                                              \
        NULL, F_TEXT, false, 0                                                                     \
    }

/* The sizes are those of the records they are stored in (store.h): a longer value would be cut
 * short there. */
static const field line_fields[] = {{"candidate", F_OBJECT, true, 0},
                                    {"qualification", F_TEXT, true, 95},
                                    {"registered_on", F_DATE, true, 0},
                                    {"body_reference", F_LINE, false, REG_BODY_REFERENCE_MAX},
                                    {"assessor", F_ID, true, 0},
                                    {"iv", F_ID, true, 0},
                                    {"units", F_UNITS, false, 31},
                                    {"evidence", F_OBJECTS, false, 0},
                                    {"decisions", F_OBJECTS, false, 0},
                                    {"signoffs", F_OBJECTS, false, 0},
                                    FIELDS_END};
/* (a candidate's texts are checked as candidate.create checks them: people_text_ok) */
static const field candidate_fields[] = {
    {"name", F_TEXT, true, 0}, {"uln", F_TEXT, false, 0}, {"email", F_TEXT, false, 0}, FIELDS_END};
static const field evidence_fields[] = {{"title", F_LINE, true, 0},
                                        {"method", F_TEXT, true, 0},
                                        {"date", F_DATE, true, 0},
                                        {"location", F_LINE, true, 0},
                                        {"criteria", F_TEXTS, true, 95},
                                        {"description", F_TEXT, false, 0},
                                        {"simulated", F_BOOL, false, 0},
                                        {"environment", F_TEXT, false, 0},
                                        {"evidence_type", F_TEXT, false, 0},
                                        {"prior_achievement", F_BOOL, false, 0},
                                        {"countersigned_by", F_LINE, false, 0},
                                        {"countersigned_on", F_DATE, false, 0},
                                        FIELDS_END};
static const field decision_fields[] = {
    {"unit", F_TEXT, true, 31},         {"outcome", F_TEXT, true, 0},
    {"kind", F_TEXT, true, 0},          {"date", F_DATE, true, 0},
    {"justification", F_TEXT, true, 0}, {"feedback", F_TEXT, true, 0},
    {"evidence", F_INDEXES, true, 0},   FIELDS_END};
static const field signoff_fields[] = {
    {"unit", F_TEXT, true, 31}, {"date", F_DATE, true, 0}, FIELDS_END};

static size_t count(const json_value *list)
{
    return list ? list->len : 0;
}

/* What a value of the wrong type is, for the refusal: "the string \"1\"", "0.9", "a list". */
static const char *what(const json_value *v, char *buf, size_t n)
{
    switch (v->type) {
    case JSON_STRING:
        snprintf(buf, n, "the string \"%.*s%s\"", json_utf8_upto(v->u.str, 40), v->u.str,
                 strlen(v->u.str) > 40 ? "..." : "");
        break;
    case JSON_NUMBER:
        if (v->u.num.is_int)
            snprintf(buf, n, "%lld", (long long)v->u.num.i);
        else
            snprintf(buf, n, "%g", v->u.num.d);
        break;
    case JSON_BOOL:
        snprintf(buf, n, "%s", v->u.boolean ? "true" : "false");
        break;
    case JSON_ARRAY:
        snprintf(buf, n, "a list");
        break;
    case JSON_OBJECT:
        snprintf(buf, n, "an object");
        break;
    case JSON_NULL:
        snprintf(buf, n, "null");
        break;
    }
    return buf;
}

/* A string at path: no U+0000, at most max bytes (0: any), not blank when required. */
static int check_text(shape_ctx *lc, const char *path, const json_value *v, size_t max,
                      bool required)
{
    if (strlen(v->u.str) != v->len)
        return bad(lc, "%s holds the character U+0000 (\\u0000), which no record may contain",
                   path);
    if (max && v->len > max)
        return bad(lc, "%s is %zu bytes long: it holds at most %zu", path, v->len, max);
    if (required && rpc_blank(v->u.str))
        return bad(lc, "%s is empty", path);
    return 0;
}

static int check_value(shape_ctx *lc, const char *path, const field *f, const json_value *v)
{
    int64_t day;
    bool ok;
    switch (f->type) {
    case F_TEXT:
    case F_LINE:
        ok = v->type == JSON_STRING;
        break;
    case F_DATE:
        ok = v->type == JSON_STRING && strlen(v->u.str) == v->len && date_parse(v->u.str, &day);
        break;
    case F_ID:
        ok = v->type == JSON_NUMBER && v->u.num.is_int && v->u.num.i > 0;
        break;
    case F_BOOL:
        ok = v->type == JSON_BOOL;
        break;
    case F_OBJECT:
        ok = v->type == JSON_OBJECT;
        break;
    default:
        ok = v->type == JSON_ARRAY;
        break;
    }
    char got[64];
    if (!ok)
        return bad(lc, "%s must be %s, not %s", path, type_text[f->type], what(v, got, sizeof got));
    if (f->type == F_TEXT)
        return check_text(lc, path, v, f->max, f->required);
    if (f->type == F_LINE) {
        if (check_text(lc, path, v, f->max, f->required))
            return -1;
        if (!rpc_one_line(v->u.str, v->len))
            return bad(lc,
                       "%s must be one line of text: it holds a line break, tab or other control "
                       "character",
                       path);
        return 0;
    }
    for (size_t i = 0; (f->type == F_TEXTS || f->type == F_UNITS || f->type == F_INDEXES ||
                        f->type == F_OBJECTS) &&
                       i < v->len;
         i++) {
        const json_value *x = v->u.items[i];
        char item[160] = "";
        if (lc->why) /* named for a message; a quiet check has none */
            snprintf(item, sizeof item, "%.120s[%zu]", path, i);
        if (f->type == F_TEXTS && x->type != JSON_STRING)
            return bad(lc, "%s must be a string, not %s", item, what(x, got, sizeof got));
        if (f->type == F_TEXTS && check_text(lc, item, x, f->max, true))
            return -1;
        if (f->type == F_UNITS && x->type != JSON_STRING && x->type != JSON_OBJECT)
            return bad(lc, "%s must be a unit number or {unit, brought_forward}, not %s", item,
                       what(x, got, sizeof got));
        if (f->type == F_UNITS && x->type == JSON_STRING && check_text(lc, item, x, f->max, true))
            return -1;
        if (f->type == F_UNITS && x->type == JSON_OBJECT && rpc_params_has_nul(x))
            return bad(lc, "%s holds the character U+0000 (\\u0000), which no record may contain",
                       item);
        if (f->type == F_INDEXES && (x->type != JSON_NUMBER || !x->u.num.is_int || x->u.num.i < 0))
            return bad(lc, "%s must be an index into evidence (0 for its first item), not %s", item,
                       what(x, got, sizeof got));
        if (f->type == F_OBJECTS && x->type != JSON_OBJECT)
            return bad(lc, "%s must be an object, not %s", item, what(x, got, sizeof got));
    }
    return 0;
}

/* The members of object o (at where: "" for the line) against spec: none unknown, each of its
 * type and size, the required ones there. */
static int check_fields(shape_ctx *lc, const char *where, const json_value *o, const field *spec)
{
    /* as a method refuses a parameter named twice: JSON readers differ on which one counts */
    const json_member *twice = rpc_params_twice(o);
    if (twice)
        return bad(lc, "%s names '%.*s' twice (which of the two would count?)",
                   *where ? where : "the line", json_utf8_upto(twice->key, 64), twice->key);
    for (size_t i = 0; i < o->len; i++) {
        const json_member *m = &o->u.members[i];
        const field *f = spec;
        while (f->name && !(strlen(f->name) == m->key_len && !memcmp(f->name, m->key, m->key_len)))
            f++;
        if (!f->name) {
            char known[256];
            size_t k = 0;
            for (const field *x = spec; x->name && k < sizeof known; x++)
                k += (size_t)snprintf(known + k, sizeof known - k, "%s%s", x == spec ? "" : ", ",
                                      x->name);
            return bad(lc, "unknown field '%.*s'%s%s (%s takes: %s)", json_utf8_upto(m->key, 64),
                       m->key, *where ? " in " : "", where, *where ? "it" : "a line", known);
        }
        if (m->value->type == JSON_NULL)
            continue;
        /* quietly first: the path is spelt out only for the message of a value that fails */
        shape_ctx quiet = {NULL, 0};
        if (check_value(&quiet, "", f, m->value) == 0)
            continue;
        char path[128];
        snprintf(path, sizeof path, "%s%s%s", where, *where ? "." : "", f->name);
        if (check_value(lc, path, f, m->value))
            return -1;
    }
    for (const field *f = spec; f->name; f++)
        if (f->required && !json_get_given(o, f->name))
            return bad(lc, "%s%s%s is missing", where, *where ? "." : "", f->name);
    return 0;
}

static int check_shape(shape_ctx *lc, const json_value *r)
{
    char got[64];
    if (r->type != JSON_OBJECT)
        return bad(lc, "a line must be a JSON object (one registration), not %s",
                   what(r, got, sizeof got));
    if (check_fields(lc, "", r, line_fields) ||
        check_fields(lc, "candidate", json_get_given(r, "candidate"), candidate_fields))
        return -1;
    static const struct {
        const char *name;
        const field *spec;
    } lists[] = {{"evidence", evidence_fields},
                 {"decisions", decision_fields},
                 {"signoffs", signoff_fields}};
    for (size_t l = 0; l < sizeof lists / sizeof *lists; l++) {
        const json_value *list = json_get_given(r, lists[l].name);
        for (size_t i = 0; i < count(list); i++) {
            char where[64];
            snprintf(where, sizeof where, "%s[%zu]", lists[l].name, i);
            if (check_fields(lc, where, list->u.items[i], lists[l].spec))
                return -1;
        }
    }
    return 0;
}

int bulk_shape_check(const json_value *line, char *why, size_t n)
{
    shape_ctx lc = {why, n};
    return check_shape(&lc, line);
}
