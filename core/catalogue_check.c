/* catalogue_check — whether a body's catalogue (the JSON its plugin declared) is one assessd can
 * use: the body, every unit (id, number, title, elements, outcomes and criteria, evidence
 * requirements) and every qualification (code, title, level, units that exist), each problem
 * named. The format is docs/catalogue.md's. See catalogue_check.h. */
#include "catalogue_check.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dates.h"

typedef struct checker {
    sbuf *err;
    int problems;
    const json_value *sources; /* "units:<id>" etc. -> file, or NULL */
    const char *file;          /* the file of what is being checked, or NULL */
} checker;

/* Names the file the catalogue's key ("units", "qualifications") id came from in what follows. */
static void from_file(checker *ck, const char *key, const char *id)
{
    char name[512];
    snprintf(name, sizeof name, "%s%s%s", key, id ? ":" : "", id ? id : "");
    ck->file = json_get_str(ck->sources, name);
}

static void problem(checker *ck, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void problem(checker *ck, const char *fmt, ...)
{
    if (ck->problems++ >= 20)
        return;
    if (ck->err->len)
        sbuf_adds(ck->err, "; ");
    if (ck->file)
        sbuf_printf(ck->err, "%s: ", ck->file);
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

/* The number of element k (outcome 0) or of outcome o's criterion k: a valid reference's
 * second part, and no element or criterion of the unit before it has the same (both are
 * referred to as UNIT:NUMBER). */
static const char *ref_number(const json_value *el, const json_value *lo, size_t o, size_t k)
{
    if (o == 0)
        return json_get_str(el->u.items[k], "number");
    const json_value *cr = json_get(lo->u.items[o - 1], "criteria");
    return json_is_array(cr) && k < cr->len ? json_get_str(cr->u.items[k], "number") : NULL;
}

static void ref_once(checker *ck, const char *label, const json_value *el, const json_value *lo,
                     size_t o, size_t k)
{
    const char *n = ref_number(el, lo, o, k);
    if (!unit_number_ok(n)) {
        problem(ck,
                "unit %s: %s number '%s' must be 1 to %d characters without ':', spaces or "
                "control characters",
                label, o ? "criterion" : "element", n, UNIT_NUMBER_MAX);
        return;
    }
    /* every reference before this one: the elements, then each outcome's criteria */
    for (size_t po = 0; po <= o; po++) {
        const json_value *list = po == 0 ? el : json_get(lo->u.items[po - 1], "criteria");
        size_t count = json_is_array(list) ? list->len : 0;
        for (size_t pk = 0; pk < (po == o ? k : count); pk++) {
            const char *m = ref_number(el, lo, po, pk);
            if (m && strcmp(m, n) == 0) {
                problem(ck,
                        "unit %s: number %s is given twice (its elements and criteria are all "
                        "referred to as UNIT:NUMBER)",
                        label, n);
                return;
            }
        }
    }
}

/* What the body's rules read of a unit as a number or a permission ({allowed, scope?, text}):
 * a value of another type would make them fail at every evidence item instead. */
static void unit_values(checker *ck, const json_value *u, const char *label)
{
    static const char *const whole[] = {"level", "credit", "glh"};
    for (size_t k = 0; k < 3; k++) {
        const json_value *v = json_get(u, whole[k]);
        if (v && !(v->type == JSON_NUMBER && v->u.num.is_int) &&
            !(v->type == JSON_STRING && strcmp(v->u.str, "unknown") == 0))
            problem(ck, "unit %s: %s must be a whole number or \"unknown\"", label, whole[k]);
    }
    static const char *const allowed[] = {"simulation", "rwe"};
    for (size_t k = 0; k < 2; k++) {
        const json_value *v = json_get(u, allowed[k]);
        if (!v)
            continue;
        const json_value *a = json_get(v, "allowed");
        if (v->type != JSON_OBJECT)
            problem(ck, "unit %s: %s must be a table {allowed, text}", label, allowed[k]);
        else if (a && a->type != JSON_BOOL &&
                 !(a->type == JSON_STRING && strcmp(a->u.str, "unknown") == 0))
            problem(ck, "unit %s: %s.allowed must be true, false or \"unknown\"", label,
                    allowed[k]);
    }
    const char *scope = json_get_str(json_get(u, "simulation"), "scope");
    if (json_get(json_get(u, "simulation"), "scope") &&
        !(scope && (strcmp(scope, "any") == 0 || strcmp(scope, "performance") == 0)))
        problem(ck, "unit %s: simulation.scope must be \"any\" or \"performance\"", label);
}

static void check_unit(checker *ck, const json_value *u, size_t i, bool fresh)
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
    if (fresh)
        unit_values(ck, u, label);
    const json_value *el = json_get(u, "elements"), *lo = json_get(u, "outcomes");
    if (el && !json_is_array(el))
        problem(ck, "unit %s: elements must be a list", label);
    if (lo && !json_is_array(lo))
        problem(ck, "unit %s: outcomes must be a list", label);
    for (size_t k = 0; json_is_array(el) && k < el->len; k++) {
        if (!json_get_str(el->u.items[k], "number") || !json_get_str(el->u.items[k], "title"))
            problem(ck, "unit %s: element %zu needs a number and a title", label, k + 1);
        else
            ref_once(ck, label, el, lo, 0, k);
    }
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
            else
                ref_once(ck, label, el, lo, k + 1, j);
    }
    const json_value *er = json_get(u, "evidence_requirements");
    if (er && er->type != JSON_STRING && !json_is_array(er))
        problem(ck, "unit %s: evidence_requirements must be a list or \"unknown\"", label);
    for (size_t k = 0; json_is_array(er) && k < er->len; k++) {
        const json_value *r = er->u.items[k];
        if (!json_get_str(r, "number") || !json_get_str(r, "text"))
            problem(ck, "unit %s: evidence requirement %zu needs a number and a text", label,
                    k + 1);
        const json_value *items = json_get(r, "items"), *rule = json_get(r, "rule");
        const json_value *min = json_get(rule, "min");
        if (min && (min->type != JSON_NUMBER || !min->u.num.is_int || min->u.num.i < 1 ||
                    !json_is_array(items) || (size_t)min->u.num.i > items->len))
            problem(ck,
                    "unit %s: evidence requirement %s: rule min must be a whole number from 1 to "
                    "the number of its lettered items",
                    label, json_get_str(r, "number") ? json_get_str(r, "number") : "?");
        for (size_t j = 0; json_is_array(items) && j < items->len; j++)
            if (!json_get_str(items->u.items[j], "letter") ||
                !json_get_str(items->u.items[j], "text"))
                problem(ck, "unit %s: evidence requirement %s item %zu needs a letter and a text",
                        label, json_get_str(r, "number") ? json_get_str(r, "number") : "?", j + 1);
    }
}

/* The number of the catalogue unit with id uid, or NULL. */
static const char *number_of(const json_value *units, const char *uid)
{
    for (size_t j = 0; uid && j < units->len; j++) {
        const char *id = json_get_str(units->u.items[j], "id");
        if (id && strcmp(id, uid) == 0)
            return json_get_str(units->u.items[j], "number");
    }
    return NULL;
}

/* A registration names its units by number ("9", "9:9.1"): a qualification listing one unit
 * twice, or two units with one number, would make its references ambiguous. */
static void units_once(checker *ck, const char *qc, const json_value *qu, const json_value *units)
{
    const char **nums = calloc(qu->len ? qu->len : 1, sizeof *nums); /* each listed unit's */
    if (!nums) {
        problem(ck, "out of memory checking qualification %s", qc);
        return;
    }
    for (size_t k = 0; k < qu->len; k++)
        nums[k] = number_of(units, json_get_str(qu->u.items[k], "unit"));
    for (size_t k = 0; k < qu->len; k++) {
        const char *uid = json_get_str(qu->u.items[k], "unit");
        const char *num = nums[k];
        for (size_t j = 0; uid && j < k; j++) {
            const char *other = json_get_str(qu->u.items[j], "unit");
            const char *onum = nums[j];
            if (other && strcmp(uid, other) == 0) {
                problem(ck, "qualification %s lists unit '%s' twice", qc, uid);
                break;
            }
            if (num && onum && strcmp(num, onum) == 0) {
                problem(ck,
                        "qualification %s: units '%s' and '%s' are both numbered %s (a "
                        "registration refers to its units by number)",
                        qc, other, uid, num);
                break;
            }
        }
    }
    free(nums);
}

static int check(const json_value *root, const char *body, bool fresh, const json_value *sources,
                 sbuf *err)
{
    checker ck = {err, 0, sources, NULL};
    if (root->type != JSON_OBJECT) {
        problem(&ck, "the catalogue must be a table");
        return -1;
    }
    const json_value *b = json_get(root, "body");
    const char *code = json_get_str(b, "code");
    from_file(&ck, "body", NULL);
    if (!code || !json_get_str(b, "name"))
        problem(&ck, "body must have a code and a name");
    else if (strcmp(code, body) != 0)
        problem(&ck, "body code '%s' differs from the manifest's body '%s'", code, body);
    ck.file = NULL;
    const json_value *units = json_get(root, "units"), *quals = json_get(root, "qualifications");
    if (!json_is_array(units))
        problem(&ck, "units must be a list");
    if (!json_is_array(quals))
        problem(&ck, "qualifications must be a list");
    if (ck.problems)
        return -1;
    for (size_t i = 0; i < units->len; i++) {
        from_file(&ck, "units", json_get_str(units->u.items[i], "id"));
        check_unit(&ck, units->u.items[i], i, fresh);
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
        from_file(&ck, "qualifications", qc);
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
        const json_value *rules = json_get(q, "rules");
        static const char *const counts[] = {"total_units", "mandatory_units", "optional_units",
                                             "themes_min_each"};
        for (size_t k = 0; rules && rules->type == JSON_OBJECT && k < 4; k++) {
            const json_value *v = json_get(rules, counts[k]);
            if (v && !(v->type == JSON_NUMBER && v->u.num.is_int && v->u.num.i >= 0) &&
                !(v->type == JSON_STRING && strcmp(v->u.str, "unknown") == 0))
                problem(&ck, "qualification %s: rules.%s must be a whole number or \"unknown\"", qc,
                        counts[k]);
        }
        for (size_t k = 0; k < qu->len; k++) {
            const char *uid = json_get_str(qu->u.items[k], "unit");
            const char *kind = json_get_str(qu->u.items[k], "kind");
            if (kind && strcmp(kind, "mandatory") && strcmp(kind, "optional") &&
                strcmp(kind, "unknown"))
                problem(&ck,
                        "qualification %s: unit '%s' has kind '%s', not mandatory, optional or "
                        "unknown",
                        qc, uid ? uid : "?", kind);
            bool found = false;
            for (size_t j = 0; uid && j < units->len && !found; j++) {
                const char *id = json_get_str(units->u.items[j], "id");
                found = id && strcmp(id, uid) == 0;
            }
            if (!found)
                problem(&ck, "qualification %s names unit '%s', which is not in the catalogue", qc,
                        uid ? uid : "?");
        }
        if (fresh)
            units_once(&ck, qc, qu, units);
    }
    if (ck.problems > 20)
        sbuf_printf(err, "; and %d more problems", ck.problems - 20);
    return ck.problems ? -1 : 0;
}

int cat_check(const json_value *root, const char *body, const json_value *sources, sbuf *err)
{
    return check(root, body, true, sources, err);
}

int cat_stored_check(const json_value *root, const char *body, sbuf *err)
{
    return check(root, body, false, NULL, err);
}
