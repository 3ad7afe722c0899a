/* Integration tests: every permission rule, tried by the wrong role. A refusal is 1002 and
 * names the rule that refused it; a refused write changes nothing and is still audited. */
#include <criterion/criterion.h>
#include <criterion/new/assert.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <pwd.h>
#include <unistd.h>

#include "fixture.h"

static centre_fx f;
static int64_t reg, other_reg, ev;

static void setup(void)
{
    static int n = 0;
    char number[32];
    snprintf(number, sizeof number, "PERM-%d-%d", getpid(), n++);
    fx_centre(&f, number);
    const char *fmt = "{\"candidate\":%lld,\"qualification\":\"OCR:05943\",\"centre\":%lld,"
                      "\"registered_on\":\"2009-01-05\",\"assessor\":%lld,\"iv\":%lld}";
    reg = fx_id(fx_call(&f.admin, "registration.create", fmt, (long long)f.candidate.id,
                        (long long)f.centre, (long long)f.assessor.id, (long long)f.iv.id));
    other_reg = fx_id(fx_call(&f.admin, "registration.create", fmt, (long long)f.other_candidate.id,
                              (long long)f.centre, (long long)f.dual.id, (long long)f.iv.id));
    ev = fx_id(fx_call(&f.assessor, "evidence.add",
                       "{\"registration\":%lld,\"title\":\"obs\",\"method\":\"O\",\"date\":"
                       "\"2009-02-01\",\"location\":\"p\",\"criteria\":[\"5:5.1\",\"5:5.2\"]}",
                       (long long)reg));
}

TestSuite(permissions, .init = setup);

static const char *decision =
    "{\"registration\":%lld,\"unit\":\"5\",\"outcome\":\"met\",\"kind\":\"summative\","
    "\"justification\":\"j\",\"feedback\":\"f\",\"date\":\"2009-03-01\",\"evidence\":[%lld]}";

Test(permissions, a_candidate_adds_to_their_own_portfolio_only)
{
    fx_id(fx_call(&f.candidate, "evidence.add",
                  "{\"registration\":%lld,\"title\":\"statement\",\"method\":\"EPS\",\"date\":"
                  "\"2009-02-02\",\"location\":\"p\",\"criteria\":[\"5:5.1\"]}",
                  (long long)reg));
    fx_refused(fx_call(&f.other_candidate, "evidence.add",
                       "{\"registration\":%lld,\"title\":\"x\",\"method\":\"EPS\",\"date\":"
                       "\"2009-02-02\",\"location\":\"p\",\"criteria\":[\"5:5.1\"]}",
                       (long long)reg),
               1002, "own_portfolio_only");
    fx_refused(
        fx_call(&f.other_candidate, "progress.get", "{\"registration\":%lld}", (long long)reg),
        1002, "own_portfolio_only");
    json_doc *l = fx_call(&f.candidate, "registration.list", "{}");
    cr_assert(eq(sz, tc_result(l)->len, 1), "a candidate lists only their own registrations");
    json_doc_free(l);
}

Test(permissions, a_candidate_cannot_decide_or_sign_off)
{
    fx_refused(fx_call(&f.candidate, "decision.record", decision, (long long)reg, (long long)ev),
               1002, "assessor_of_registration");
    fx_refused(fx_call(&f.candidate, "unit.signoff",
                       "{\"registration\":%lld,\"unit\":\"5\",\"date\":\"2009-03-01\"}",
                       (long long)reg),
               1002, "assessor_of_registration");
}

Test(permissions, only_the_registrations_assessor_unless_the_centre_allows_any)
{
    fx_refused(
        fx_call(&f.other_assessor, "decision.record", decision, (long long)reg, (long long)ev),
        1002, "assessor_of_registration");
    json_doc_free(fx_call(&f.admin, "centre.policy",
                          "{\"centre\":%lld,\"assessor_policy\":\"any\"}", (long long)f.centre));
    json_doc *d =
        fx_call(&f.other_assessor, "decision.record", decision, (long long)reg, (long long)ev);
    cr_assert(eq(i64, tc_error_code(d), 0), "%s", tc_error_message(d));
    json_doc_free(d);
}

Test(permissions, an_ev_reads_everything_and_writes_nothing)
{
    json_doc *d = fx_call(&f.ev, "registration.get", "{\"registration\":%lld}", (long long)reg);
    cr_assert(eq(i64, tc_error_code(d), 0));
    json_doc_free(d);
    d = fx_call(&f.ev, "progress.get", "{\"registration\":%lld}", (long long)reg);
    cr_assert(eq(i64, tc_error_code(d), 0));
    json_doc_free(d);
    d = fx_call(&f.ev, "audit.list", "{\"limit\":5}");
    cr_assert(eq(i64, tc_error_code(d), 0));
    json_doc_free(d);
    d = fx_call(&f.ev, "iv.plan", "{\"centre\":%lld}", (long long)f.centre);
    cr_assert(eq(i64, tc_error_code(d), 0));
    json_doc_free(d);
    fx_refused(fx_call(&f.ev, "evidence.add",
                       "{\"registration\":%lld,\"title\":\"x\",\"method\":\"O\",\"date\":"
                       "\"2009-02-02\",\"location\":\"p\",\"criteria\":[\"5:5.1\"]}",
                       (long long)reg),
               1002, "ev_read_only");
    fx_refused(fx_call(&f.ev, "decision.record", decision, (long long)reg, (long long)ev), 1002,
               "ev_read_only");
    /* an EV is nobody's assessor as well: no record holds 'ev' with another role */
    json_doc *x = fx_call(&f.admin, "person.create",
                          "{\"name\":\"Eve Two\",\"roles\":[\"assessor\",\"ev\"],\"centre\":%lld}",
                          (long long)f.centre);
    cr_assert(eq(i64, tc_error_code(x), -32602));
    cr_assert(strstr(tc_error_message(x), "'ev' takes no other role") != NULL);
    json_doc_free(x);
    fx_refused(fx_call(&f.ev, "review.record",
                       "{\"registration\":%lld,\"date\":\"2009-02-01\",\"notes\":\"x\"}",
                       (long long)reg),
               1002, "ev_read_only");
    fx_refused(fx_call(&f.ev, "iv.sample",
                       "{\"registration\":%lld,\"unit\":\"5\",\"outcome\":\"confirmed\","
                       "\"notes\":\"x\"}",
                       (long long)reg),
               1002, "ev_read_only");
}

Test(permissions, an_iv_never_verifies_their_own_decisions)
{
    /* dual (assessor and IV) assesses other_reg */
    int64_t e = fx_id(fx_call(&f.dual, "evidence.add",
                              "{\"registration\":%lld,\"title\":\"obs\",\"method\":\"O\","
                              "\"date\":\"2009-02-01\",\"location\":\"p\",\"criteria\":"
                              "[\"5:5.1\",\"5:5.2\"]}",
                              (long long)other_reg));
    fx_id(fx_call(&f.dual, "decision.record", decision, (long long)other_reg, (long long)e));
    fx_refused(fx_call(&f.dual, "iv.sample",
                       "{\"registration\":%lld,\"unit\":\"5\",\"outcome\":\"confirmed\","
                       "\"notes\":\"x\"}",
                       (long long)other_reg),
               1002, "own_decisions");
    /* the evidence sampled is the registration's own, current, in the unit, each named once */
    const char *with_ev = "{\"registration\":%lld,\"unit\":\"5\",\"outcome\":\"confirmed\","
                          "\"notes\":\"x\",\"evidence\":%s}";
    char list[64];
    snprintf(list, sizeof list, "[%lld]", (long long)ev); /* reg's, not other_reg's */
    fx_refused(fx_call(&f.iv, "iv.sample", with_ev, (long long)other_reg, list), 1001, NULL);
    fx_refused(fx_call(&f.iv, "iv.sample", with_ev, (long long)other_reg, "[999999]"), 1001, NULL);
    snprintf(list, sizeof list, "[%lld,%lld]", (long long)e, (long long)e);
    static const char *const bad_ev[] = {"[\"x\"]", "[1.5]"};
    for (int i = 0; i < 3; i++) {
        json_doc *x =
            fx_call(&f.iv, "iv.sample", with_ev, (long long)other_reg, i < 2 ? bad_ev[i] : list);
        cr_assert(eq(i64, tc_error_code(x), -32602), "%s", tc_error_message(x));
        cr_assert(eq(str, (char *)tc_str(json_doc_root(x), "error.data.field"), "evidence"));
        json_doc_free(x);
    }
    json_doc *d = fx_call(&f.iv, "iv.sample",
                          "{\"registration\":%lld,\"unit\":\"5\",\"outcome\":\"confirmed\","
                          "\"notes\":\"sampled the observation\",\"evidence\":[%lld]}",
                          (long long)other_reg, (long long)e);
    cr_assert(eq(i64, tc_error_code(d), 0), "%s", tc_error_message(d));
    cr_assert(not(tc_path(tc_result(d), "countersignature_required")->u.boolean));
    int64_t sample = tc_rint(d, "id");
    json_doc_free(d);
    /* a correction names a current sample of the same registration, like every other record */
    const char *correct = "{\"registration\":%lld,\"unit\":\"5\",\"outcome\":\"confirmed\","
                          "\"notes\":\"corrected\",\"supersedes\":%lld}";
    fx_refused(fx_call(&f.iv, "iv.sample", correct, (long long)reg, (long long)sample), 1001, NULL);
    /* and of the same unit */
    d = fx_call(&f.iv, "iv.sample",
                "{\"registration\":%lld,\"unit\":\"1\",\"outcome\":\"confirmed\","
                "\"notes\":\"corrected\",\"supersedes\":%lld}",
                (long long)other_reg, (long long)sample);
    cr_assert(eq(i64, tc_error_code(d), -32602), "%s", tc_error_message(d));
    cr_assert(eq(str, (char *)tc_str(json_doc_root(d), "error.data.field"), "supersedes"));
    json_doc_free(d);
    fx_id(fx_call(&f.iv, "iv.sample", correct, (long long)other_reg, (long long)sample));
    fx_refused(fx_call(&f.iv, "iv.sample", correct, (long long)other_reg, (long long)sample), 1003,
               NULL);
    d = fx_call(&f.trainee_iv, "iv.sample",
                "{\"registration\":%lld,\"unit\":\"5\",\"outcome\":\"confirmed\",\"notes\":\"x\"}",
                (long long)other_reg);
    cr_assert(tc_path(tc_result(d), "countersignature_required")->u.boolean,
              "a trainee IV's verification is countersigned");
    json_doc_free(d);
    fx_refused(fx_call(&f.assessor, "iv.sample",
                       "{\"registration\":%lld,\"unit\":\"5\",\"outcome\":\"confirmed\","
                       "\"notes\":\"x\"}",
                       (long long)reg),
               1002, "iv_only");
}

Test(permissions, a_trainee_ivs_sample_is_countersigned_by_a_qualified_iv)
{
    const char *sample_fmt =
        "{\"registration\":%lld,\"unit\":\"5\",\"outcome\":\"confirmed\",\"notes\":\"%s\"}";
    json_doc *d = fx_call(&f.trainee_iv, "iv.sample", sample_fmt, (long long)reg, "trainee's");
    cr_assert(tc_path(tc_result(d), "countersignature_required")->u.boolean);
    int64_t sample = tc_rint(d, "id");
    json_doc_free(d);
    const char *cs = "{\"sample\":%lld}";
    d = fx_call(&f.iv, "iv.plan", "{\"centre\":%lld}", (long long)f.centre);
    cr_assert(eq(sz, tc_path(tc_result(d), "awaiting_countersignature")->len, 1));
    cr_assert(eq(i64, tc_int(tc_result(d), "awaiting_countersignature.0.sample"), sample));
    json_doc_free(d);
    fx_refused(fx_call(&f.trainee_iv, "iv.countersign", cs, (long long)sample), 1002,
               "countersign_own");
    fx_refused(fx_call(&f.assessor, "iv.countersign", cs, (long long)sample), 1002, "qualified_iv");
    fx_refused(fx_call(&f.candidate, "iv.countersign", cs, (long long)sample), 1002,
               "qualified_iv");
    fx_refused(fx_call(&f.ev, "iv.countersign", cs, (long long)sample), 1002, "ev_read_only");
    fx_refused(fx_call(&f.admin, "iv.countersign", cs, (long long)sample), 1002, "qualified_iv");
    centre_fx g;
    fx_centre(&g, "PERM-OTHER-IV");
    fx_refused(fx_call(&g.iv, "iv.countersign", cs, (long long)sample), 1002, NULL);
    fx_refused(fx_call(&f.iv, "iv.countersign", cs, (long long)(sample + 1000)), 1001, NULL);

    d = fx_call(&f.iv, "iv.countersign", cs, (long long)sample);
    cr_assert(eq(i64, tc_error_code(d), 0), "%s", tc_error_message(d));
    cr_assert(eq(i64, tc_rint(d, "id"), sample));
    cr_assert(eq(i64, tc_rint(d, "countersigned_by"), f.iv.id));
    json_doc_free(d);
    fx_refused(fx_call(&f.dual, "iv.countersign", cs, (long long)sample), 1003, NULL);
    d = fx_call(&f.iv, "iv.plan", "{\"centre\":%lld}", (long long)f.centre);
    cr_assert(eq(sz, tc_path(tc_result(d), "awaiting_countersignature")->len, 0));
    json_doc_free(d);
    d = fx_call(&f.admin, "iv.samples", "{\"registration\":%lld}", (long long)reg);
    cr_assert(eq(i64, tc_int(tc_result(d), "0.countersigned_by"), f.iv.id));
    json_doc_free(d);
    d = fx_call(NULL, "audit.list", "{\"method\":\"iv.countersign\",\"record\":\"iv_sample:%lld\"}",
                (long long)sample);
    cr_assert(eq(sz, tc_result(d)->len, 1), "the countersignature is audited once");
    cr_assert(eq(str, (char *)tc_str(tc_result(d), "0.outcome"), "ok"));
    json_doc_free(d);

    /* a qualified IV's sample, and a corrected trainee sample, need none */
    d = fx_call(&f.iv, "iv.sample", sample_fmt, (long long)reg, "qualified");
    fx_refused(fx_call(&f.dual, "iv.countersign", cs, (long long)tc_rint(d, "id")), 1003, NULL);
    json_doc_free(d);
    int64_t first = fx_id(fx_call(&f.trainee_iv, "iv.sample", sample_fmt, (long long)reg, "a"));
    fx_id(fx_call(&f.trainee_iv, "iv.sample",
                  "{\"registration\":%lld,\"unit\":\"5\",\"outcome\":\"confirmed\","
                  "\"notes\":\"b\",\"supersedes\":%lld}",
                  (long long)reg, (long long)first));
    fx_refused(fx_call(&f.iv, "iv.countersign", cs, (long long)first), 1003, NULL);
}

/* Until a qualified IV countersigns it, a trainee IV's sample does not settle what it sampled:
 * the simulated evidence is still required and the sign-off still unsampled. */
Test(permissions, a_trainee_ivs_sample_counts_once_countersigned)
{
    int64_t sim = fx_id(fx_call(&f.assessor, "evidence.add",
                                "{\"registration\":%lld,\"title\":\"role play\",\"method\":"
                                "\"S\",\"simulated\":true,\"date\":\"2009-02-01\","
                                "\"location\":\"p\",\"criteria\":[\"5:5.2\"]}",
                                (long long)reg));
    int64_t sample = fx_id(fx_call(&f.trainee_iv, "iv.sample",
                                   "{\"registration\":%lld,\"unit\":\"5\",\"outcome\":"
                                   "\"confirmed\",\"notes\":\"seen\",\"date\":\"2009-02-10\"}",
                                   (long long)reg));
    json_doc *d = fx_call(&f.iv, "iv.plan", "{\"centre\":%lld}", (long long)f.centre);
    const json_value *required = tc_path(tc_result(d), "required");
    cr_assert(eq(sz, required->len, 1), "the trainee's sample alone does not settle it");
    cr_assert(eq(i64, tc_int(required, "0.evidence"), sim));
    json_doc_free(d);
    json_doc_free(fx_call(&f.iv, "iv.countersign", "{\"sample\":%lld}", (long long)sample));
    d = fx_call(&f.iv, "iv.plan", "{\"centre\":%lld}", (long long)f.centre);
    cr_assert(eq(sz, tc_path(tc_result(d), "required")->len, 0), "countersigned, it counts");
    json_doc_free(d);
}

Test(permissions, staff_management_is_for_administrators_of_the_centre)
{
    fx_refused(fx_call(&f.assessor, "person.create",
                       "{\"name\":\"X\",\"roles\":[\"assessor\"],\"centre\":%lld}",
                       (long long)f.centre),
               1002, "admin_only");
    fx_refused(fx_call(&f.candidate, "candidate.create", "{\"name\":\"X\"}"), 1002, "admin_only");
    centre_fx g;
    fx_centre(&g, "PERM-OTHER");
    fx_refused(fx_call(&g.admin, "person.create",
                       "{\"name\":\"X\",\"roles\":[\"assessor\"],\"centre\":%lld}",
                       (long long)f.centre),
               1002, "other_centre");
    fx_refused(fx_call(&g.admin, "registration.get", "{\"registration\":%lld}", (long long)reg),
               1002, "not_your_registration");
    /* and whatever they came to do there, said as another centre's */
    fx_refused(fx_call(&g.admin, "review.record",
                       "{\"registration\":%lld,\"date\":\"2009-03-01\",\"notes\":\"n\"}",
                       (long long)reg),
               1002, "other_centre");
    fx_refused(fx_call(&g.assessor, "decision.record", decision, (long long)reg, (long long)ev),
               1002, "other_centre");
    fx_refused(fx_call(&f.assessor, "plugins.reload", "{}"), 1002, "admin_only");
}

/* No person record may name root or the daemon's own user: either would demote the OS
 * administrator who administers every centre to that person. */
Test(permissions, no_person_takes_the_os_administrators_login)
{
    struct passwd *me = getpwuid(geteuid());
    cr_assert(me != NULL);
    const char *names[] = {"root", me->pw_name};
    for (int i = 0; i < 2; i++) {
        json_doc *d =
            fx_call(&f.admin, "candidate.create", "{\"name\":\"M\",\"os_user\":\"%s\"}", names[i]);
        cr_assert(eq(i64, tc_error_code(d), -32602), "%s", names[i]);
        cr_assert(eq(str, (char *)tc_str(json_doc_root(d), "error.data.field"), "os_user"));
        json_doc_free(d);
        d = fx_call(NULL, "person.create",
                    "{\"name\":\"M\",\"roles\":[\"trainer\"],\"centre\":%lld,\"os_user\":\"%s\"}",
                    (long long)f.centre, names[i]);
        cr_assert(eq(i64, tc_error_code(d), -32602), "%s", names[i]);
        json_doc_free(d);
    }
}

/* An EV reads every centre: a centre's administrator cannot make one. */
Test(permissions, only_the_os_administrator_appoints_an_external_verifier)
{
    fx_refused(fx_call(&f.admin, "person.create",
                       "{\"name\":\"E\",\"roles\":[\"ev\"],\"centre\":%lld}", (long long)f.centre),
               1002, "system_admin");
    fx_id(fx_call(NULL, "person.create", "{\"name\":\"E\",\"roles\":[\"ev\"],\"centre\":%lld}",
                  (long long)f.centre));
}

/* How many audit entries of method the caller reads whose params.key is value (a string, or a
 * number written as text). */
static size_t entries(const person_fx *as, const char *method, const char *key, const char *value)
{
    json_doc *d = fx_call(as, "audit.list", "{\"method\":\"%s\",\"limit\":10000}", method);
    cr_assert(eq(i64, tc_error_code(d), 0), "%s", tc_error_message(d));
    size_t n = 0;
    const json_value *l = tc_result(d);
    for (size_t i = 0; i < l->len; i++) {
        const json_value *v = json_get(tc_path(l->u.items[i], "params"), key);
        char num[32];
        if (v && v->type == JSON_NUMBER)
            snprintf(num, sizeof num, "%lld", (long long)v->u.num.i);
        n += v && !strcmp(v->type == JSON_STRING ? v->u.str : num, value);
    }
    json_doc_free(d);
    return n;
}

/* A centre's staff read their own centre's audit entries; an EV and the OS administrator all. */
Test(permissions, the_audit_trail_is_read_centre_by_centre)
{
    char name[64];
    snprintf(name, sizeof name, "Audited %d", getpid());
    fx_id(fx_call(&f.admin, "candidate.create", "{\"name\":\"%s\"}", name));
    json_doc_free(fx_call(NULL, "centre.policy", "{\"centre\":%lld,\"assessor_policy\":\"own\"}",
                          (long long)f.centre));
    centre_fx g;
    fx_centre(&g, "PERM-AUDIT-OTHER");
    cr_assert(eq(sz, entries(&f.admin, "candidate.create", "name", name), 1));
    cr_assert(eq(sz, entries(&f.iv, "candidate.create", "name", name), 1));
    cr_assert(eq(sz, entries(&f.ev, "candidate.create", "name", name), 1));
    cr_assert(eq(sz, entries(NULL, "candidate.create", "name", name), 1));
    cr_assert(eq(sz, entries(&g.admin, "candidate.create", "name", name), 0));
    cr_assert(eq(sz, entries(&g.iv, "candidate.create", "name", name), 0));
    /* the OS administrator's own entries on the centre: by record, or by the centre named */
    char centre[32];
    snprintf(centre, sizeof centre, "%lld", (long long)f.centre);
    cr_assert(ge(sz, entries(&f.admin, "registration.create", "centre", centre), 2));
    cr_assert(eq(sz, entries(&g.admin, "registration.create", "centre", centre), 0));
    cr_assert(eq(sz, entries(&f.admin, "centre.policy", "centre", centre), 1));
    cr_assert(eq(sz, entries(&g.admin, "centre.policy", "centre", centre), 0));
    /* one naming no centre, by the registration it is on */
    json_doc *d = fx_call(NULL, "registration.units", "{\"registration\":%lld,\"units\":[\"9\"]}",
                          (long long)reg);
    cr_assert(eq(i64, tc_error_code(d), 0), "%s", tc_error_message(d));
    json_doc_free(d);
    char regs[32];
    snprintf(regs, sizeof regs, "%lld", (long long)reg);
    cr_assert(eq(sz, entries(&f.admin, "registration.units", "registration", regs), 1));
    cr_assert(eq(sz, entries(&g.admin, "registration.units", "registration", regs), 0));
}

static size_t listed(const person_fx *as, const char *params)
{
    json_doc *d = fx_call(as, "registration.list", "%s", params);
    cr_assert(eq(i64, tc_error_code(d), 0), "%s", tc_error_message(d));
    size_t n = tc_result(d)->len;
    json_doc_free(d);
    return n;
}

/* registration.list shows what registration.get would: an assessor their own candidates (all
 * the centre's when its policy is "any"), never another centre's. */
Test(permissions, registration_list_shows_what_the_caller_may_read)
{
    cr_assert(eq(sz, listed(&f.admin, "{}"), 2));
    cr_assert(eq(sz, listed(&f.assessor, "{}"), 1));
    cr_assert(eq(sz, listed(&f.other_assessor, "{}"), 0));
    fx_refused(
        fx_call(&f.assessor, "registration.list", "{\"assessor\":%lld}", (long long)f.dual.id),
        1002, "not_your_registration");
    centre_fx g;
    fx_centre(&g, "PERM-LIST-OTHER");
    fx_refused(fx_call(&g.admin, "registration.list", "{\"centre\":%lld}", (long long)f.centre),
               1002, "other_centre");
    json_doc_free(fx_call(&f.admin, "centre.policy",
                          "{\"centre\":%lld,\"assessor_policy\":\"any\"}", (long long)f.centre));
    cr_assert(eq(sz, listed(&f.other_assessor, "{}"), 2));
    /* a candidate naming another candidate, or another centre, is refused: they were answered
     * with their own registrations, which the filter did not ask for */
    fx_refused(fx_call(&f.candidate, "registration.list", "{\"candidate\":%lld}",
                       (long long)f.other_candidate.id),
               1002, "own_portfolio_only");
    fx_refused(fx_call(&f.candidate, "registration.list", "{\"centre\":%lld}", (long long)g.centre),
               1002, "other_centre");
    cr_assert(eq(sz, listed(&f.candidate, "{}"), 1));
}

/* The candidate or an administrator of the centre lodges an appeal; an administrator or IV of
 * the centre hears it, once. Each record names a person, so the OS administrator acts through
 * one's token. */
Test(permissions, appeals_are_lodged_and_heard_by_the_right_people)
{
    int64_t dec =
        fx_id(fx_call(&f.assessor, "decision.record", decision, (long long)reg, (long long)ev));
    const char *lodge = "{\"registration\":%lld,\"decision\":%lld,\"grounds\":\"g\","
                        "\"date\":\"2009-03-02\"}";
    fx_refused(fx_call(&f.other_candidate, "appeal.lodge", lodge, (long long)reg, (long long)dec),
               1002, "own_portfolio_only");
    fx_refused(fx_call(&f.assessor, "appeal.lodge", lodge, (long long)reg, (long long)dec), 1002,
               "appellant");
    fx_refused(fx_call(NULL, "appeal.lodge", lodge, (long long)reg, (long long)dec), 1002,
               "appellant");
    fx_id(fx_call(&f.admin, "appeal.lodge", lodge, (long long)reg, (long long)dec));
    int64_t appeal =
        fx_id(fx_call(&f.candidate, "appeal.lodge", lodge, (long long)reg, (long long)dec));
    const char *hear = "{\"appeal\":%lld,\"date\":\"2009-03-10\",\"outcome\":\"dismissed\","
                       "\"notes\":\"n\"}";
    fx_refused(fx_call(&f.assessor, "appeal.hear", hear, (long long)appeal), 1002, "appeal_panel");
    fx_refused(fx_call(NULL, "appeal.hear", hear, (long long)appeal), 1002, "appeal_panel");
    json_doc *d = fx_call(&f.iv, "appeal.hear", hear, (long long)appeal);
    cr_assert(eq(str, (char *)tc_rstr(d, "status"), "heard"), "%s", tc_error_message(d));
    json_doc_free(d);
    fx_refused(fx_call(&f.admin, "appeal.hear", hear, (long long)appeal), 1003, NULL);
}

/* An appeal is lodged by today, not before the decision it is against; it is heard by today,
 * not before it was lodged. */
Test(permissions, appeals_are_dated_in_order)
{
    int64_t dec =
        fx_id(fx_call(&f.assessor, "decision.record", decision, (long long)reg, (long long)ev));
    const char *lodge = "{\"registration\":%lld,\"decision\":%lld,\"grounds\":\"g\","
                        "\"date\":\"%s\"}";
    fx_invalid(
        fx_call(&f.candidate, "appeal.lodge", lodge, (long long)reg, (long long)dec, "2009-07-01"),
        "date");
    json_doc *d =
        fx_call(&f.candidate, "appeal.lodge", lodge, (long long)reg, (long long)dec, "2009-02-28");
    cr_assert(strstr(tc_error_message(d), "made 2009-03-01") != NULL, "%s", tc_error_message(d));
    fx_invalid(d, "date");
    int64_t appeal = fx_id(
        fx_call(&f.candidate, "appeal.lodge", lodge, (long long)reg, (long long)dec, "2009-03-05"));
    const char *hear = "{\"appeal\":%lld,\"date\":\"%s\",\"outcome\":\"dismissed\","
                       "\"notes\":\"n\"}";
    fx_invalid(fx_call(&f.iv, "appeal.hear", hear, (long long)appeal, "2009-07-01"), "date");
    fx_invalid(fx_call(&f.iv, "appeal.hear", hear, (long long)appeal, "2009-03-04"), "date");
    fx_id(fx_call(&f.iv, "appeal.hear", hear, (long long)appeal, "2009-03-05"));
}

/* No record is dated after today, evidence included, whatever the body's rules say. */
Test(permissions, evidence_is_not_dated_after_today)
{
    json_doc *d = fx_call(&f.assessor, "evidence.add",
                          "{\"registration\":%lld,\"title\":\"obs\",\"method\":\"O\",\"date\":"
                          "\"2009-07-01\",\"location\":\"p\",\"criteria\":[\"5:5.1\"]}",
                          (long long)reg);
    cr_assert(eq(i64, tc_error_code(d), -32602), "%s", tc_error_message(d));
    cr_assert(eq(str, (char *)tc_str(json_doc_root(d), "error.data.field"), "date"));
    json_doc_free(d);
    /* nor countersigned after today, or before the statement itself, or by nobody */
    const char *ps = "{\"registration\":%lld,\"title\":\"statement\",\"method\":\"EPS\","
                     "\"date\":\"2009-02-01\",\"location\":\"p\",\"criteria\":[\"5:5.1\"]%s}";
    fx_invalid(
        fx_call(&f.assessor, "evidence.add", ps, (long long)reg,
                ",\"countersigned_by\":\"Line manager\",\"countersigned_on\":\"2009-07-01\""),
        "countersigned_on");
    fx_invalid(
        fx_call(&f.assessor, "evidence.add", ps, (long long)reg,
                ",\"countersigned_by\":\"Line manager\",\"countersigned_on\":\"2009-01-31\""),
        "countersigned_on");
    fx_invalid(fx_call(&f.assessor, "evidence.add", ps, (long long)reg,
                       ",\"countersigned_on\":\"2009-02-01\""),
               "countersigned_by");
    fx_id(fx_call(&f.assessor, "evidence.add", ps, (long long)reg,
                  ",\"countersigned_by\":\"Line manager\",\"countersigned_on\":\"2009-02-01\""));
}

static int64_t login_code(const char *token)
{
    char login[160];
    snprintf(login, sizeof login, "{\"token\":\"%s\"}", token);
    json_doc *d = tc_call1("session.login", login);
    int64_t code = tc_error_code(d);
    json_doc_free(d);
    return code;
}

/* Someone who left acts no more: their tokens are revoked, nobody can give them a new one or
 * a new registration, and their records stay. Revoking tokens ends a login in progress. */
Test(permissions, people_who_leave_act_no_more)
{
    const char *leave = "{\"person\":%lld,\"date\":\"2009-06-01\"}";
    fx_refused(fx_call(&f.assessor, "person.leave", leave, (long long)f.other_assessor.id), 1002,
               "admin_only");
    centre_fx g;
    fx_centre(&g, "PERM-LEAVE-OTHER");
    fx_refused(fx_call(&g.admin, "person.leave", leave, (long long)f.other_assessor.id), 1002,
               "other_centre");
    cr_assert(eq(i64, login_code(f.other_assessor.token), 0));
    json_doc *d = fx_call(&f.admin, "person.leave", leave, (long long)f.other_assessor.id);
    cr_assert(eq(str, (char *)tc_rstr(d, "left_on"), "2009-06-01"), "%s", tc_error_message(d));
    json_doc_free(d);
    cr_assert(eq(i64, login_code(f.other_assessor.token), 1006));
    d = fx_call(&f.admin, "person.leave", leave, (long long)f.other_assessor.id);
    cr_assert(eq(i64, tc_error_code(d), 1003));
    json_doc_free(d);
    d = fx_call(&f.admin, "person.token", "{\"person\":%lld}", (long long)f.other_assessor.id);
    cr_assert(eq(i64, tc_error_code(d), 1003));
    json_doc_free(d);
    d = fx_call(&f.admin, "registration.create",
                "{\"candidate\":%lld,\"qualification\":\"OCR:05943\",\"centre\":%lld,"
                "\"registered_on\":\"2009-06-05\",\"assessor\":%lld,\"iv\":%lld}",
                (long long)f.other_candidate.id, (long long)f.centre,
                (long long)f.other_assessor.id, (long long)f.iv.id);
    cr_assert(eq(i64, tc_error_code(d), -32602), "%s", tc_error_message(d));
    json_doc_free(d);
    d = fx_call(&f.admin, "person.get", "{\"person\":%lld}", (long long)f.other_assessor.id);
    cr_assert(eq(str, (char *)tc_rstr(d, "left_on"), "2009-06-01"));
    json_doc_free(d);

    /* a login in progress ends with its token; a new token works */
    int fd = tc_connect();
    char login[160];
    snprintf(login, sizeof login, "{\"token\":\"%s\"}", f.assessor.token);
    d = tc_call(fd, "session.login", login);
    cr_assert(eq(i64, tc_error_code(d), 0));
    json_doc_free(d);
    d = fx_call(&f.admin, "person.revoke_tokens", "{\"person\":%lld}", (long long)f.assessor.id);
    cr_assert(eq(i64, tc_rint(d, "revoked"), 1), "%s", tc_error_message(d));
    json_doc_free(d);
    d = tc_call(fd, "registration.get", "{\"registration\":1}");
    cr_assert(eq(i64, tc_error_code(d), 1006));
    /* the refusal says the login ended, not that the OS user has no person record */
    cr_assert(strstr(tc_error_message(d), "login no longer holds") != NULL, "%s",
              tc_error_message(d));
    json_doc_free(d);
    tc_close(fd);
    cr_assert(eq(i64, login_code(f.assessor.token), 1006));
    d = fx_call(&f.admin, "person.token", "{\"person\":%lld}", (long long)f.assessor.id);
    cr_assert(eq(i64, login_code(tc_rstr(d, "token")), 0));
    json_doc_free(d);
}

/* A person's texts are kept whole or refused: never cut short, never with control characters. */
Test(permissions, a_persons_texts_are_kept_whole_or_refused)
{
    char longname[260];
    memset(longname, 'n', 201);
    longname[201] = '\0';
    const char *bad[][2] = {{"name", "Tab\\tTina"},
                            {"name", longname},
                            {"os_user", longname},
                            {"email", "a\\nb@example.org"}};
    for (size_t i = 0; i < 4; i++) {
        json_doc *d = strcmp(bad[i][0], "name")
                          ? fx_call(&f.admin, "candidate.create",
                                    "{\"name\":\"Cara\",\"%s\":\"%s\"}", bad[i][0], bad[i][1])
                          : fx_call(&f.admin, "candidate.create", "{\"name\":\"%s\"}", bad[i][1]);
        cr_assert(eq(i64, tc_error_code(d), -32602), "%s", bad[i][0]);
        cr_assert(eq(str, (char *)tc_str(json_doc_root(d), "error.data.field"), (char *)bad[i][0]));
        json_doc_free(d);
    }
    longname[200] = '\0';
    fx_id(fx_call(&f.admin, "candidate.create", "{\"name\":\"%s\"}", longname));
}

Test(permissions, a_bad_token_is_unauthenticated)
{
    person_fx nobody = {.id = 0, .token = "0000"};
    int fd = tc_connect();
    json_doc *d = tc_call(fd, "session.login", "{\"token\":\"0000\"}");
    fx_refused(d, 1006, NULL);
    tc_close(fd);
    (void)nobody;
}

Test(permissions, refusals_are_audited_and_change_nothing)
{
    fx_refused(fx_call(&f.candidate, "unit.signoff",
                       "{\"registration\":%lld,\"unit\":\"5\",\"date\":\"2009-03-01\"}",
                       (long long)reg),
               1002, NULL);
    json_doc *a = fx_call(NULL, "audit.list", "{\"method\":\"unit.signoff\",\"limit\":10000}");
    const json_value *r = tc_result(a);
    cr_assert(gt(sz, r->len, 0));
    const json_value *last = r->u.items[r->len - 1];
    cr_assert(strncmp(tc_str(last, "outcome"), "error 1002 forbidden", 20) == 0, "%s",
              tc_str(last, "outcome"));
    cr_assert(eq(i64, tc_int(last, "actor.person"), f.candidate.id));
    json_doc_free(a);
    json_doc *p = fx_call(&f.assessor, "progress.get", "{\"registration\":%lld}", (long long)reg);
    const json_value *units = tc_path(tc_result(p), "units");
    for (size_t i = 0; i < units->len; i++)
        cr_assert(strcmp(tc_str(units->u.items[i], "status"), "signed_off") != 0);
    json_doc_free(p);
}

/* An invalid parameter (-32602) names it in data.field, as the caller sent it: for a problem
 * inside a list or an object, the top-level parameter. */
Test(permissions, a_bad_parameter_is_named_people_and_registrations)
{
    long long c = (long long)f.centre;
    fx_invalid(fx_call(&f.admin, "person.create",
                       "{\"name\":\"W\",\"roles\":[\"wizard\"],\"centre\":%lld}", c),
               "roles");
    fx_invalid(
        fx_call(&f.admin, "person.create", "{\"name\":\"W\",\"roles\":[],\"centre\":%lld}", c),
        "roles");
    /* a centre's number and name are kept whole: short, on one line */
    char longnum[64];
    memset(longnum, '7', 40);
    longnum[40] = '\0';
    fx_invalid(fx_call(&f.admin, "centre.create", "{\"number\":\"%s\",\"name\":\"N\"}", longnum),
               "number");
    fx_invalid(fx_call(&f.admin, "centre.create", "{\"number\":\"PERM-NL\",\"name\":\"A\\nB\"}"),
               "name");
    fx_invalid(fx_call(&f.admin, "registration.units", "{\"registration\":%lld,\"units\":[]}",
                       (long long)reg),
               "units");
    fx_invalid(fx_call(&f.admin, "person.create",
                       "{\"name\":\"W\",\"roles\":[\"assessor\"],\"centre\":%lld,"
                       "\"awards\":[{\"code\":\"A1\"}]}",
                       c),
               "awards");
    fx_invalid(fx_call(&f.admin, "person.create",
                       "{\"name\":\"W\",\"roles\":[\"assessor\"],\"centre\":%lld,"
                       "\"awards\":[{\"code\":\"X9\",\"achieved_on\":\"2005-01-01\"}]}",
                       c),
               "awards");
    long long who = (long long)f.assessor.id;
    fx_invalid(fx_call(&f.admin, "person.award", "{\"person\":%lld,\"code\":\"A1\"}", who),
               "achieved_on");
    fx_invalid(fx_call(&f.admin, "person.award",
                       "{\"person\":%lld,\"code\":\"A1\",\"started_on\":\"2005\"}", who),
               "started_on");
    fx_invalid(fx_call(&f.admin, "person.award",
                       "{\"person\":%lld,\"code\":\"X9\",\"achieved_on\":\"2005-01-01\"}", who),
               "role");
    /* an award is dated by today, started before it was achieved; its members are named */
    fx_invalid(fx_call(&f.admin, "person.award",
                       "{\"person\":%lld,\"code\":\"A1\",\"achieved_on\":\"2009-07-01\"}", who),
               "achieved_on");
    fx_invalid(fx_call(&f.admin, "person.award",
                       "{\"person\":%lld,\"code\":\"A1\",\"started_on\":\"2009-07-01\"}", who),
               "started_on");
    fx_invalid(fx_call(&f.admin, "person.award",
                       "{\"person\":%lld,\"code\":\"A1\",\"started_on\":\"2009-05-01\","
                       "\"achieved_on\":\"2009-01-01\"}",
                       who),
               "started_on");
    json_doc *aw = fx_call(&f.admin, "person.create",
                           "{\"name\":\"W\",\"roles\":[\"assessor\"],\"centre\":%lld,"
                           "\"awards\":[{\"code\":\"A1\",\"achieved\":\"2005-01-01\"}]}",
                           c);
    cr_assert(strstr(tc_error_message(aw), "no member 'achieved'") != NULL, "%s",
              tc_error_message(aw));
    fx_invalid(aw, "awards");
    aw = fx_call(&f.admin, "person.create",
                 "{\"name\":\"W\",\"roles\":[\"assessor\"],\"centre\":%lld,"
                 "\"awards\":[{\"code\":\"A1\",\"achieved_on\":20050101}]}",
                 c);
    cr_assert(strstr(tc_error_message(aw), "YYYY-MM-DD") != NULL, "%s", tc_error_message(aw));
    fx_invalid(aw, "awards");
    fx_invalid(
        fx_call(&f.admin, "centre.policy", "{\"centre\":%lld,\"assessor_policy\":\"bogus\"}", c),
        "assessor_policy");
    fx_invalid(fx_call(NULL, "candidate.create", "{\"name\":\"Nobody's\"}"), "centre");
    fx_invalid(fx_call(NULL, "witness.create", "{\"name\":\"Nobody's\"}"), "centre");
    const char *reg_fmt = "{\"candidate\":%lld,\"qualification\":\"%s\",\"centre\":%lld,"
                          "\"registered_on\":\"2009-01-05\",\"assessor\":%lld,\"iv\":%lld%s}";
    long long cand = (long long)f.candidate.id;
    fx_invalid(fx_call(&f.admin, "registration.create", reg_fmt, cand, "bad", c, who,
                       (long long)f.iv.id, ""),
               "qualification");
    fx_invalid(
        fx_call(&f.admin, "registration.create", reg_fmt, cand, "OCR:05944", c, who, who, ""),
        "iv");
    fx_invalid(fx_call(&f.admin, "registration.create", reg_fmt, cand, "OCR:05944", c,
                       (long long)f.iv.id, (long long)f.iv.id, ""),
               "assessor");
    fx_invalid(fx_call(&f.admin, "registration.create", reg_fmt, (long long)f.assessor.id,
                       "OCR:05944", c, who, (long long)f.iv.id, ""),
               "candidate");
    json_doc *d = fx_call(&f.admin, "registration.create", reg_fmt, (long long)f.other_candidate.id,
                          "OCR:05944", c, who, (long long)f.iv.id, ",\"units\":[\"999\"]");
    cr_assert(eq(str, (char *)tc_str(json_doc_root(d), "error.data.unit"), "999"));
    fx_invalid(d, "units");
}

Test(permissions, a_bad_parameter_is_named_assessment_records)
{
    long long r = (long long)reg, e = (long long)ev;
    const char *dec = "{\"registration\":%lld,\"unit\":\"%s\",\"outcome\":\"%s\",\"kind\":\"%s\","
                      "\"justification\":\"j\",\"feedback\":\"f\",\"date\":\"2009-03-01\","
                      "\"evidence\":[%s]}";
    fx_invalid(fx_call(&f.assessor, "decision.record", dec, r, "5", "maybe", "formative", ""),
               "outcome");
    fx_invalid(fx_call(&f.assessor, "decision.record", dec, r, "5", "met", "other", ""), "kind");
    fx_invalid(fx_call(&f.assessor, "decision.record", dec, r, "5", "met", "summative", ""),
               "evidence");
    json_doc *d = fx_call(&f.assessor, "decision.record", dec, r, "99", "met", "formative", "");
    cr_assert(eq(str, (char *)tc_str(json_doc_root(d), "error.data.unit"), "99"));
    fx_invalid(d, "unit");
    /* a decision or a sample judges evidence that exists by its date */
    long long later = (long long)fx_id(fx_call(&f.assessor, "evidence.add",
                                               "{\"registration\":%lld,\"title\":\"later\","
                                               "\"method\":\"O\",\"date\":\"2009-03-05\","
                                               "\"location\":\"p\",\"criteria\":[\"5:5.1\"]}",
                                               r));
    char named[32];
    snprintf(named, sizeof named, "%lld", later);
    d = fx_call(&f.assessor, "decision.record", dec, r, "5", "met", "summative", named);
    cr_assert(strstr(tc_error_message(d), "dated 2009-03-05") != NULL, "%s", tc_error_message(d));
    fx_invalid(d, "evidence");
    fx_invalid(fx_call(&f.iv, "iv.sample",
                       "{\"registration\":%lld,\"unit\":\"5\",\"outcome\":\"confirmed\","
                       "\"notes\":\"n\",\"date\":\"2009-03-04\",\"evidence\":[%lld]}",
                       r, later),
               "evidence");
    fx_invalid(fx_call(&f.assessor, "unit.signoff",
                       "{\"registration\":%lld,\"unit\":\"99\",\"date\":\"2009-03-01\"}", r),
               "unit");
    fx_invalid(fx_call(&f.assessor, "review.record",
                       "{\"registration\":%lld,\"date\":\"2009-03-01\",\"notes\":\"n\","
                       "\"next_due\":\"2009-02-01\"}",
                       r),
               "next_due");
    const char *plan = "{\"registration\":%lld,\"date\":\"2009-03-01\",\"items\":[%s]}";
    fx_invalid(
        fx_call(&f.assessor, "plan.record", plan, r, "{\"unit\":\"5\",\"methods\":[\"ZZ\"]}"),
        "items");
    fx_invalid(fx_call(&f.assessor, "plan.record", plan, r, "{\"unit\":\"99\"}"), "items");
    fx_invalid(fx_call(&f.assessor, "plan.record", plan, r, "\"5\""), "items");
    fx_invalid(fx_call(&f.assessor, "plan.record", plan, r, "{\"unit\":\"5\",\"date\":\"soon\"}"),
               "items");
    /* a plan item's methods are a list, its place text; nothing else is a plan item's */
    fx_invalid(fx_call(&f.assessor, "plan.record", plan, r, "{\"unit\":\"5\",\"methods\":\"O\"}"),
               "items");
    fx_invalid(fx_call(&f.assessor, "plan.record", plan, r, "{\"unit\":\"5\",\"place\":5}"),
               "items");
    json_doc *pd = fx_call(&f.assessor, "plan.record", plan, r, "{\"unit\":\"5\",\"where\":\"x\"}");
    cr_assert(strstr(tc_error_message(pd), "'where'") != NULL, "%s", tc_error_message(pd));
    fx_invalid(pd, "items");
    fx_invalid(fx_call(&f.assessor, "plan.record", plan, r, ""), "items");
    /* a plan is agreed by today, like every record */
    fx_invalid(fx_call(&f.assessor, "plan.record",
                       "{\"registration\":%lld,\"date\":\"2009-07-01\",\"items\":[{\"unit\":"
                       "\"5\"}]}",
                       r),
               "date");
    const char *add = "{\"registration\":%lld,\"title\":\"t\",\"method\":\"O\",\"date\":"
                      "\"2009-02-01\",\"location\":\"p\",\"criteria\":[%s]}";
    fx_invalid(fx_call(&f.assessor, "evidence.add", add, r, ""), "criteria");
    fx_invalid(fx_call(&f.assessor, "evidence.add", add, r, "\"99:1.1\""), "criteria");
    fx_invalid(fx_call(&f.assessor, "evidence.map", "{\"evidence\":%lld,\"criteria\":[7]}", e),
               "criteria");
    const char *sample = "{\"registration\":%lld,\"unit\":\"5\",\"outcome\":\"%s\","
                         "\"notes\":\"n\",\"date\":\"2009-03-01\"}";
    fx_invalid(fx_call(&f.iv, "iv.sample", sample, r, "maybe"), "outcome");
    fx_invalid(fx_call(&f.iv, "iv.sample", sample, r, "action_required"), "actions");
    int64_t appeal = fx_id(fx_call(&f.candidate, "appeal.lodge",
                                   "{\"registration\":%lld,\"grounds\":\"g\","
                                   "\"date\":\"2009-03-02\"}",
                                   r));
    fx_invalid(fx_call(&f.iv, "appeal.hear",
                       "{\"appeal\":%lld,\"date\":\"2009-03-10\",\"outcome\":\"maybe\","
                       "\"notes\":\"n\"}",
                       (long long)appeal),
               "outcome");
}

Test(permissions, a_bad_parameter_is_named_reading_calls)
{
    fx_invalid(fx_call(NULL, "catalogue.search", "{\"text\":\"customer\",\"limit\":0}"), "limit");
    fx_invalid(fx_call(NULL, "catalogue.qualification", "{\"code\":\"05943\"}"), "body");
    fx_invalid(fx_call(NULL, "catalogue.qualification", "{\"code\":\"OCR:05943\",\"body\":\"CG\"}"),
               "code");
    fx_invalid(fx_call(NULL, "catalogue.unit",
                       "{\"body\":\"CG\",\"number\":\"1\",\"qualification\":\"OCR:05943\"}"),
               "qualification");
    fx_invalid(fx_call(NULL, "catalogue.export",
                       "{\"qualification\":\"OCR:05943\","
                       "\"format\":\"pdf\"}"),
               "format");
    const char *render = "{\"report\":\"%s\",\"format\":\"%s\",%s}";
    char by_reg[64];
    snprintf(by_reg, sizeof by_reg, "\"registration\":%lld", (long long)reg);
    fx_invalid(fx_call(&f.assessor, "report.render", render, "car", "pdf", by_reg), "format");
    char by_centre[64];
    snprintf(by_centre, sizeof by_centre, "\"centre\":%lld", (long long)f.centre);
    fx_invalid(fx_call(&f.admin, "report.render", render, "ev_visit_pack", "html", by_centre),
               "body");
    snprintf(by_centre, sizeof by_centre, "\"centre\":%lld,\"body\":\"OCR\"", (long long)f.centre);
    fx_invalid(fx_call(&f.admin, "report.render", render, "car", "html", by_centre), "report");
    fx_invalid(fx_call(NULL, "reminders.list", "{\"limit\":0}"), "limit");
    fx_invalid(fx_call(NULL, "reminders.due", "{\"within_days\":4000}"), "within_days");
    fx_invalid(fx_call(NULL, "reminders.due", "{\"limit\":-1}"), "limit");
    char kind[80];
    memset(kind, 'k', 70);
    kind[70] = '\0';
    fx_invalid(fx_call(NULL, "reminders.due", "{\"kind\":\"%s\"}", kind), "kind");
}

/* person.list's role is one of the roles, not a LIKE pattern: "ass%" matched assessors, and a
 * long one failed in SQLite ("LIKE or GLOB pattern too complex", -32603). */
Test(permissions, person_list_takes_a_role_not_a_pattern)
{
    fx_invalid(fx_call(&f.admin, "person.list", "{\"role\":\"%s\"}", "ass%"), "role");
    fx_invalid(fx_call(&f.admin, "person.list", "{\"role\":\"%s\"}", "_v"), "role");
    char *big = malloc(70001);
    memset(big, 'a', 70000);
    big[70000] = '\0';
    fx_invalid(fx_call(NULL, "person.list", "{\"role\":\"%s\"}", big), "role");
    free(big);
    json_doc *d = fx_call(&f.admin, "person.list", "{\"role\":\"iv\"}");
    cr_assert(eq(i64, tc_error_code(d), 0));
    cr_assert(ge(sz, tc_result(d)->len, 1));
    json_doc_free(d);
}
