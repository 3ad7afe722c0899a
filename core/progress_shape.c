/* progress_shape — checking a body plugin's progress answers. See progress_shape.h. */
#include "progress_shape.h"

#include <stdio.h>
#include <string.h>

#include "bodyhook.h"

static bool is_int(const json_value *v)
{
    return v && v->type == JSON_NUMBER && v->u.num.is_int;
}

static bool is_bool(const json_value *v)
{
    return v && v->type == JSON_BOOL;
}

/* The first of flags (ending in NULL) whose value in o is not true or false, or NULL. */
static const char *first_not_bool(const json_value *o, const char *const *flags)
{
    for (; *flags; flags++)
        if (!is_bool(json_get(o, *flags)))
            return *flags;
    return NULL;
}

/* What v is, for a message: its number, or its type ("nothing" when absent). */
static const char *shown(const json_value *v, char *buf, size_t n)
{
    if (!v)
        return "nothing";
    if (is_int(v))
        snprintf(buf, n, "%lld", (long long)v->u.num.i);
    else if (v->type == JSON_NUMBER)
        snprintf(buf, n, "%g", v->u.num.d);
    else {
        const char *t = json_type_name(v->type);
        snprintf(buf, n, "%s %s", strchr("aeiou", t[0]) ? "an" : "a", t);
    }
    return buf;
}

/* Whether the registration's units (as handed to the hook) include number. */
static bool has_unit(const json_value *units, const char *number)
{
    for (size_t k = 0; units && k < units->len; k++) {
        const char *n = json_get_str(units->u.items[k], "number");
        if (n && strcmp(n, number) == 0)
            return true;
    }
    return false;
}

/* Whether the list at key of o is absent or a list of objects; *list is it (NULL: absent). */
static bool objects_at(const json_value *o, const char *key, const json_value **list, char *why,
                       size_t n, const char *unit)
{
    *list = json_get(o, key);
    if (!*list || (*list)->type == JSON_NULL) {
        *list = NULL;
        return true;
    }
    bool ok = (*list)->type == JSON_ARRAY;
    for (size_t i = 0; ok && i < (*list)->len; i++)
        ok = (*list)->u.items[i]->type == JSON_OBJECT;
    if (!ok)
        snprintf(why, n, "unit %s's %s that are not a list of objects", unit, key);
    return ok;
}

/* One unit's status: the booleans the core enforces; criteria with a string ref; ranges with
 * a string ref and rule, whole items and covered, missing a list of strings; violations as
 * every hook's. */
static bool unit_ok(const json_value *u, const char *num, char *why, size_t n)
{
    char b[64];
    const char *f = first_not_bool(u, (const char *const[]){"ready_for_signoff", "achieved", NULL});
    if (f) {
        snprintf(why, n, "unit %s's %s that is %s, not true or false", num, f,
                 shown(json_get(u, f), b, sizeof b));
        return false;
    }
    const json_value *crit, *ranges;
    if (!objects_at(u, "criteria", &crit, why, n, num) ||
        !objects_at(u, "ranges", &ranges, why, n, num))
        return false;
    for (size_t k = 0; crit && k < crit->len; k++)
        if (!json_get_str(crit->u.items[k], "ref")) {
            snprintf(why, n, "unit %s's criteria[%zu] without a string ref", num, k + 1);
            return false;
        }
    for (size_t k = 0; ranges && k < ranges->len; k++) {
        const json_value *x = ranges->u.items[k], *miss = json_get(x, "missing");
        bool ok = json_get_str(x, "ref") && json_get_str(x, "rule") &&
                  is_int(json_get(x, "items")) && is_int(json_get(x, "covered")) &&
                  (!miss || miss->type == JSON_ARRAY);
        for (size_t m = 0; ok && miss && m < miss->len; m++)
            ok = miss->u.items[m]->type == JSON_STRING;
        if (!ok) {
            snprintf(why, n,
                     "unit %s's ranges[%zu] without ref, rule, items, covered and missing as the "
                     "docs give them",
                     num, k + 1);
            return false;
        }
    }
    char where[96];
    snprintf(where, sizeof where, "unit %s's violations", num);
    return bodyhook_violations_ok(json_get(u, "violations"), where, why, n);
}

/* One entry per unit of the registration, each once. */
static bool units_ok(const json_value *list, const json_value *units, char *why, size_t n)
{
    char b[64];
    if (!list || list->type != JSON_ARRAY) {
        snprintf(why, n, "units that are %s, not a list with one entry per unit",
                 shown(list, b, sizeof b));
        return false;
    }
    for (size_t i = 0; i < list->len; i++) {
        const json_value *u = list->u.items[i];
        const char *num = u->type == JSON_OBJECT ? json_get_str(u, "number") : NULL;
        if (!num) {
            snprintf(why, n, "units[%zu] that is not an object with a string number", i + 1);
            return false;
        }
        if (!has_unit(units, num)) {
            snprintf(why, n, "units[%zu] for unit %s, which the registration does not have", i + 1,
                     num);
            return false;
        }
        for (size_t j = 0; j < i; j++)
            if (strcmp(json_get_str(list->u.items[j], "number"), num) == 0) {
                snprintf(why, n, "unit %s twice (units[%zu] and units[%zu])", num, j + 1, i + 1);
                return false;
            }
        if (!unit_ok(u, num, why, n))
            return false;
    }
    /* each entry is a unit of the registration, once: fewer entries leave one out */
    for (size_t k = 0; units && list->len < units->len && k < units->len; k++) {
        const char *num = json_get_str(units->u.items[k], "number");
        if (num && !has_unit(list, num)) {
            snprintf(why, n, "no entry for unit %s (one per unit of the registration)", num);
            return false;
        }
    }
    return true;
}

/* The qualification: {achieved, rules_known, units_achieved, violations}. */
static bool qualification_ok(const json_value *q, const json_value *units, char *why, size_t n)
{
    char b[64];
    if (!q || q->type != JSON_OBJECT) {
        snprintf(why, n,
                 "qualification that is %s, not {achieved, rules_known, units_achieved, "
                 "violations}",
                 shown(q, b, sizeof b));
        return false;
    }
    static const char *const flags[] = {"achieved", "rules_known", NULL};
    const char *f = first_not_bool(q, flags);
    if (f) {
        snprintf(why, n, "qualification.%s that is %s, not true or false", f,
                 shown(json_get(q, f), b, sizeof b));
        return false;
    }
    const json_value *ua = json_get(q, "units_achieved");
    if (!ua || ua->type != JSON_ARRAY) {
        snprintf(why, n, "qualification.units_achieved that is %s, not a list of unit numbers",
                 shown(ua, b, sizeof b));
        return false;
    }
    for (size_t i = 0; i < ua->len; i++) {
        const json_value *x = ua->u.items[i];
        if (x->type != JSON_STRING || !has_unit(units, x->u.str)) {
            snprintf(why, n,
                     "qualification.units_achieved[%zu] %s%s%s, not a unit of the registration",
                     i + 1, x->type == JSON_STRING ? "'" : "",
                     x->type == JSON_STRING ? x->u.str : shown(x, b, sizeof b),
                     x->type == JSON_STRING ? "'" : "");
            return false;
        }
    }
    return bodyhook_violations_ok(json_get(q, "violations"), "qualification.violations", why, n);
}

bool progress_shape_ok(const json_value *answer, const json_value *units, char *why, size_t n)
{
    if (answer->type != JSON_OBJECT) {
        snprintf(why, n, "%s, not an object {units, qualification}", json_type_name(answer->type));
        return false;
    }
    return units_ok(json_get(answer, "units"), units, why, n) &&
           qualification_ok(json_get(answer, "qualification"), units, why, n);
}

bool progress_summary_ok(const json_value *x, size_t i, int64_t reg, size_t nunits,
                         store_progress_summary *sum, char *why, size_t n)
{
    char b[64];
    if (x->type != JSON_OBJECT) {
        snprintf(why, n,
                 "answers[%zu] that is %s, not {registration, units, units_achieved, "
                 "units_ready, achieved, rules_known}",
                 i + 1, shown(x, b, sizeof b));
        return false;
    }
    const json_value *r = json_get(x, "registration");
    if (!is_int(r) || r->u.num.i != reg) {
        snprintf(why, n,
                 "answers[%zu] for registration %s where registration %lld was asked (one answer "
                 "per registration, in the order they were handed)",
                 i + 1, shown(r, b, sizeof b), (long long)reg);
        return false;
    }
    const json_value *u = json_get(x, "units");
    if (!is_int(u) || u->u.num.i != (int64_t)nunits) {
        snprintf(why, n, "answers[%zu] (registration %lld): units is %s, not its %zu units", i + 1,
                 (long long)reg, shown(u, b, sizeof b), nunits);
        return false;
    }
    static const char *const counts[] = {"units_achieved", "units_ready"};
    int64_t got[2];
    for (size_t k = 0; k < 2; k++) {
        const json_value *c = json_get(x, counts[k]);
        if (!is_int(c) || c->u.num.i < 0 || c->u.num.i > (int64_t)nunits) {
            snprintf(why, n,
                     "answers[%zu] (registration %lld): %s is %s, not a whole number from 0 to its "
                     "%zu units",
                     i + 1, (long long)reg, counts[k], shown(c, b, sizeof b), nunits);
            return false;
        }
        got[k] = c->u.num.i;
    }
    static const char *const flags[] = {"achieved", "rules_known", NULL};
    const char *f = first_not_bool(x, flags);
    if (f) {
        snprintf(why, n, "answers[%zu] (registration %lld): %s is %s, not true or false", i + 1,
                 (long long)reg, f, shown(json_get(x, f), b, sizeof b));
        return false;
    }
    *sum = (store_progress_summary){(int64_t)nunits, got[0], got[1],
                                    json_get(x, "achieved")->u.boolean};
    return true;
}
