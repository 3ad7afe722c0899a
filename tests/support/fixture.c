/* fixture — see fixture.h. */
#include "fixture.h"

#include <criterion/criterion.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

json_doc *fx_call(const person_fx *as, const char *method, const char *params, ...)
{
    char *p = NULL;
    va_list ap;
    va_start(ap, params);
    cr_assert(vasprintf(&p, params, ap) >= 0);
    va_end(ap);
    int fd = tc_connect();
    if (as) {
        char login[160];
        snprintf(login, sizeof login, "{\"token\":\"%s\"}", as->token);
        json_doc *l = tc_call(fd, "session.login", login);
        cr_assert(tc_error_code(l) == 0, "login failed");
        json_doc_free(l);
    }
    json_doc *d = tc_call(fd, method, p);
    tc_close(fd);
    free(p);
    return d;
}

int64_t fx_id(json_doc *d)
{
    int64_t id = tc_rint(d, "id");
    json_doc_free(d);
    return id;
}

static bool names_rule(const json_value *err, const char *rule)
{
    const json_value *r = tc_path(err, "data.rule");
    if (r && r->type == JSON_STRING && strcmp(r->u.str, rule) == 0)
        return true;
    const json_value *v = tc_path(err, "data.violations");
    for (size_t i = 0; v && v->type == JSON_ARRAY && i < v->len; i++) {
        const json_value *x = json_get(v->u.items[i], "rule");
        if (x && x->type == JSON_STRING && strcmp(x->u.str, rule) == 0)
            return true;
    }
    const json_value *reason = tc_path(err, "data.reason");
    return reason && reason->type == JSON_STRING && strcmp(reason->u.str, rule) == 0;
}

void fx_refused(json_doc *d, int64_t code, const char *rule)
{
    const json_value *err = json_get(json_doc_root(d), "error");
    cr_assert(err != NULL, "the call was not refused (wanted %lld %s)", (long long)code,
              rule ? rule : "");
    cr_assert(tc_error_code(d) == code, "error %lld (%s) instead of %lld %s",
              (long long)tc_error_code(d), tc_error_message(d), (long long)code, rule ? rule : "");
    if (rule)
        cr_assert(names_rule(err, rule), "the refusal does not name rule %s: %s", rule,
                  tc_error_message(d));
    json_doc_free(d);
}

void fx_invalid(json_doc *d, const char *field)
{
    cr_assert(tc_error_code(d) == -32602, "error %lld (%s) instead of -32602 naming %s",
              (long long)tc_error_code(d), tc_error_message(d), field);
    const json_value *fv = tc_path(json_doc_root(d), "error.data.field");
    cr_assert(fv && fv->type == JSON_STRING && strcmp(fv->u.str, field) == 0,
              "'%s' names %s, not the parameter %s", tc_error_message(d),
              fv && fv->type == JSON_STRING ? fv->u.str : "no field", field);
    json_doc_free(d);
}

static void person(person_fx *p, int64_t centre, const char *name, const char *roles,
                   const char *awards)
{
    if (strcmp(roles, "[\"candidate\"]") == 0)
        p->id = fx_id(fx_call(NULL, "candidate.create", "{\"name\":\"%s\",\"centre\":%lld}", name,
                              (long long)centre));
    else
        p->id = fx_id(fx_call(NULL, "person.create",
                              "{\"name\":\"%s\",\"roles\":%s,\"centre\":%lld,\"awards\":%s}", name,
                              roles, (long long)centre, awards));
    json_doc *t = fx_call(NULL, "person.token", "{\"person\":%lld}", (long long)p->id);
    snprintf(p->token, sizeof p->token, "%s", tc_rstr(t, "token"));
    json_doc_free(t);
}

void fx_centre(centre_fx *f, const char *number)
{
    memset(f, 0, sizeof *f);
    f->centre = fx_id(fx_call(NULL, "centre.create", "{\"number\":\"%s\",\"name\":\"Centre %s\"}",
                              number, number));
    int64_t c = f->centre;
    person(&f->admin, c, "Ann Admin", "[\"admin\"]", "[]");
    person(&f->assessor, c, "Sam Assessor", "[\"assessor\"]",
           "[{\"code\":\"A1\",\"achieved_on\":\"2005-01-01\"}]");
    person(&f->trainee, c, "Tia Trainee", "[\"assessor\"]",
           "[{\"code\":\"A1\",\"started_on\":\"2008-06-01\"}]");
    person(&f->other_assessor, c, "Oli Other", "[\"assessor\"]",
           "[{\"code\":\"A1\",\"achieved_on\":\"2006-01-01\"}]");
    person(&f->iv, c, "Ivy Verifier", "[\"iv\"]",
           "[{\"code\":\"V1\",\"achieved_on\":\"2004-01-01\"}]");
    person(&f->trainee_iv, c, "Tom Trainee IV", "[\"iv\"]",
           "[{\"code\":\"V1\",\"started_on\":\"2008-09-01\"}]");
    person(&f->ev, c, "Eve External", "[\"ev\"]", "[]");
    person(&f->candidate, c, "Cara Candidate", "[\"candidate\"]", "[]");
    person(&f->other_candidate, c, "Carl Candidate", "[\"candidate\"]", "[]");
    person(&f->dual, c, "Dee Dual", "[\"assessor\",\"iv\"]",
           "[{\"code\":\"A1\",\"achieved_on\":\"2005-01-01\"},{\"code\":\"V1\","
           "\"achieved_on\":\"2005-01-01\"}]");
}
