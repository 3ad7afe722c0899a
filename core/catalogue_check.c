/* catalogue_check — whether a body's catalogue (the JSON its plugin declared) is one assessd can
 * use: the body, every unit (id, number, title, elements, outcomes and criteria, evidence
 * requirements) and every qualification (code, title, level, units that exist), each problem
 * named. The format is docs/catalogue.md's. See catalogue_check.h. */
#include "catalogue_check.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "dates.h"

typedef struct checker {
    sbuf *err;
    int problems;
} checker;

static void problem(checker *ck, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void problem(checker *ck, const char *fmt, ...)
{
    if (ck->problems++ >= 20)
        return;
    if (ck->err->len)
        sbuf_adds(ck->err, "; ");
    va_list ap;
    va_start(ap, fmt);
    sbuf_vprintf(ck->err, fmt, ap);
    va_end(ap);
}

/* A unit number goes before the ':' of every reference to the unit ("411:1.2") and stands on
 * a line of its own in the store's lists of an item's units, which read it into 32 bytes. */
#define UNIT_NUMBER_MAX 31
static bool unit_number_ok(const char *n)
{
    size_t len = strlen(n);
    if (len == 0 || len > UNIT_NUMBER_MAX)
        return false;
    for (size_t k = 0; k < len; k++)
        if ((unsigned char)n[k] <= ' ' || n[k] == ':' || n[k] == 0x7f)
            return false;
    return true;
}

static void check_unit(checker *ck, const json_value *u, size_t i)
{
    const char *id = json_get_str(u, "id");
    const char *label = id ? id : "?";
    if (u->type != JSON_OBJECT) {
        problem(ck, "units[%zu] is not a table", i + 1);
        return;
    }
    if (!id || !*id)
        problem(ck, "units[%zu] has no id", i + 1);
    const char *number = json_get_str(u, "number");
    if (!number)
        problem(ck, "unit %s has no number", label);
    else if (!unit_number_ok(number))
        problem(ck,
                "unit %s: number '%s' must be 1 to %d characters without ':', spaces or control "
                "characters (a reference is UNIT:NUMBER)",
                label, number, UNIT_NUMBER_MAX);
    if (!json_get_str(u, "title"))
        problem(ck, "unit %s has no title", label);
    const json_value *el = json_get(u, "elements"), *lo = json_get(u, "outcomes");
    if (el && !json_is_array(el))
        problem(ck, "unit %s: elements must be a list", label);
    if (lo && !json_is_array(lo))
        problem(ck, "unit %s: outcomes must be a list", label);
    for (size_t k = 0; json_is_array(el) && k < el->len; k++)
        if (!json_get_str(el->u.items[k], "number") || !json_get_str(el->u.items[k], "title"))
            problem(ck, "unit %s: element %zu needs a number and a title", label, k + 1);
    for (size_t k = 0; json_is_array(lo) && k < lo->len; k++) {
        const json_value *o = lo->u.items[k];
        if (!json_get_str(o, "number") || !json_get_str(o, "title"))
            problem(ck, "unit %s: outcome %zu needs a number and a title", label, k + 1);
        const json_value *cr = json_get(o, "criteria");
        if (!json_is_array(cr)) {
            problem(ck, "unit %s: outcome %zu has no criteria list", label, k + 1);
            continue;
        }
        for (size_t j = 0; j < cr->len; j++)
            if (!json_get_str(cr->u.items[j], "number") || !json_get_str(cr->u.items[j], "text"))
                problem(ck, "unit %s: outcome %zu criterion %zu needs a number and a text", label,
                        k + 1, j + 1);
    }
    const json_value *er = json_get(u, "evidence_requirements");
    if (er && er->type != JSON_STRING && !json_is_array(er))
        problem(ck, "unit %s: evidence_requirements must be a list or \"unknown\"", label);
    for (size_t k = 0; json_is_array(er) && k < er->len; k++) {
        const json_value *r = er->u.items[k];
        if (!json_get_str(r, "number") || !json_get_str(r, "text"))
            problem(ck, "unit %s: evidence requirement %zu needs a number and a text", label,
                    k + 1);
        const json_value *items = json_get(r, "items");
        for (size_t j = 0; json_is_array(items) && j < items->len; j++)
            if (!json_get_str(items->u.items[j], "letter") ||
                !json_get_str(items->u.items[j], "text"))
                problem(ck, "unit %s: evidence requirement %s item %zu needs a letter and a text",
                        label, json_get_str(r, "number") ? json_get_str(r, "number") : "?", j + 1);
    }
}

int cat_check(const json_value *root, const char *body, sbuf *err)
{
    checker ck = {err, 0};
    if (root->type != JSON_OBJECT) {
        problem(&ck, "the catalogue must be a table");
        return -1;
    }
    const json_value *b = json_get(root, "body");
    const char *code = json_get_str(b, "code");
    if (!code || !json_get_str(b, "name"))
        problem(&ck, "body must have a code and a name");
    else if (strcmp(code, body) != 0)
        problem(&ck, "body code '%s' differs from the manifest's body '%s'", code, body);
    const json_value *units = json_get(root, "units"), *quals = json_get(root, "qualifications");
    if (!json_is_array(units))
        problem(&ck, "units must be a list");
    if (!json_is_array(quals))
        problem(&ck, "qualifications must be a list");
    if (ck.problems)
        return -1;
    for (size_t i = 0; i < units->len; i++) {
        check_unit(&ck, units->u.items[i], i);
        const char *id = json_get_str(units->u.items[i], "id");
        for (size_t j = 0; id && j < i; j++) {
            const char *other = json_get_str(units->u.items[j], "id");
            if (other && strcmp(id, other) == 0)
                problem(&ck, "unit id %s appears twice", id);
        }
    }
    for (size_t i = 0; i < quals->len; i++) {
        const json_value *q = quals->u.items[i];
        const char *qc = json_get_str(q, "code");
        if (!qc || !json_get_str(q, "title")) {
            problem(&ck, "qualifications[%zu] needs a code and a title", i + 1);
            continue;
        }
        if (!unit_number_ok(qc))
            problem(&ck,
                    "qualification code '%s' must be 1 to %d characters without spaces or ':' "
                    "(it is written BODY:CODE)",
                    qc, UNIT_NUMBER_MAX);
        const json_value *lv = json_get(q, "level");
        if (!lv || lv->type != JSON_NUMBER || !lv->u.num.is_int)
            problem(&ck, "qualification %s needs an integer level", qc);
        static const char *const dated[] = {"last_registration", "last_certification"};
        for (size_t k = 0; k < 2; k++) {
            const json_value *d = json_get(q, dated[k]);
            int64_t day;
            if (d && !(d->type == JSON_STRING &&
                       (strcmp(d->u.str, "unknown") == 0 || date_parse(d->u.str, &day))))
                problem(&ck, "qualification %s: %s must be a date YYYY-MM-DD or \"unknown\"", qc,
                        dated[k]);
        }
        for (size_t j = 0; j < i; j++) {
            const char *other = json_get_str(quals->u.items[j], "code");
            if (other && strcmp(qc, other) == 0)
                problem(&ck, "qualification %s appears twice", qc);
        }
        const json_value *qu = json_get(q, "units");
        if (!json_is_array(qu)) {
            problem(&ck, "qualification %s: units must be a list", qc);
            continue;
        }
        for (size_t k = 0; k < qu->len; k++) {
            const char *uid = json_get_str(qu->u.items[k], "unit");
            bool found = false;
            for (size_t j = 0; uid && j < units->len && !found; j++) {
                const char *id = json_get_str(units->u.items[j], "id");
                found = id && strcmp(id, uid) == 0;
            }
            if (!found)
                problem(&ck, "qualification %s names unit '%s', which is not in the catalogue", qc,
                        uid ? uid : "?");
        }
    }
    if (ck.problems > 20)
        sbuf_printf(err, "; and %d more problems", ck.problems - 20);
    return ck.problems ? -1 : 0;
}
