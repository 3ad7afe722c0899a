/* evidence_fields — checks shared by evidence.add and bulk.import. See evidence_fields.h. */
#include "evidence_fields.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "dates.h"

static const char *text(const json_value *item, const char *key)
{
    const json_value *v = json_get(item, key);
    return v && v->type == JSON_STRING ? v->u.str : NULL;
}

static bool problem(evidence_problem *pr, const char *field, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static bool problem(evidence_problem *pr, const char *field, const char *fmt, ...)
{
    pr->field = field;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(pr->message, sizeof pr->message, fmt, ap);
    va_end(ap);
    return false;
}

bool evidence_fields_ok(const json_value *item, evidence_problem *pr)
{
    const char *env = text(item, "environment");
    if (env && strcmp(env, "workplace") && strcmp(env, "rwe"))
        return problem(pr, "environment",
                       "environment is 'workplace' or 'rwe' (a realistic working environment)");
    const char *etype = text(item, "evidence_type");
    if (etype && strcmp(etype, "performance") && strcmp(etype, "knowledge"))
        return problem(pr, "evidence_type",
                       "evidence_type is 'performance' or 'knowledge' (left out: the method's "
                       "own)");
    /* who authenticated a statement, log or diary, and when: not after today, nor before the
     * item's own date (what is countersigned exists first) */
    const char *on = text(item, "countersigned_on"), *date = text(item, "date");
    if (!on)
        return true;
    if (!text(item, "countersigned_by"))
        return problem(pr, "countersigned_by",
                       "countersigned_on says when countersigned_by signed: give who "
                       "countersigned too");
    char today[DATE_LEN];
    date_today_str(today);
    if (strcmp(on, today) > 0)
        return problem(pr, "countersigned_on", "countersigned_on %s is after today (%s)", on,
                       today);
    if (date && strcmp(on, date) < 0)
        return problem(pr, "countersigned_on",
                       "countersigned_on %s is before the evidence's date (%s): what is "
                       "countersigned exists first",
                       on, date);
    return true;
}

static bool flag(const json_value *item, const char *key)
{
    const json_value *v = json_get_given(item, key);
    return v && v->type == JSON_BOOL && v->u.boolean;
}

void evidence_fields_record(store_evidence *e, const json_value *item)
{
    e->title = json_get_str(item, "title");
    e->description = json_get_str(item, "description");
    e->method = json_get_str(item, "method");
    e->date = json_get_str(item, "date");
    e->location = json_get_str(item, "location");
    e->environment = json_get_str(item, "environment");
    e->evidence_type = json_get_str(item, "evidence_type");
    e->countersigned_by = json_get_str(item, "countersigned_by");
    e->countersigned_on = json_get_str(item, "countersigned_on");
    e->prior_achievement = flag(item, "prior_achievement");
    e->simulated = flag(item, "simulated") || (e->method && !strcmp(e->method, "S"));
}
