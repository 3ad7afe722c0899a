/* Integration tests: what the core itself requires of a certification claim, whatever the body's
 * plugin answers. The daemon runs a private copy of plugins/ (--today 2009-06-30); a test that
 * needs a lenient plugin replaces one of the OCR plugin's hooks in the centre's local file,
 * plugins/local/ocr.lua, as a centre's scripter could. */
#include <criterion/criterion.h>
#include <criterion/new/assert.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "fixture.h"

/* The centre's local file for the OCR plugin holds lua (NULL: there is none), then a reload. */
static void local_ocr(const char *lua)
{
    if (lua)
        tc_write("plugins/local/ocr.lua", lua);
    else
        tc_remove("plugins/local/ocr.lua");
    json_doc *d = tc_call1("plugins.reload", "{}");
    cr_assert(eq(i64, tc_rint(d, "failed"), 0));
    json_doc_free(d);
}

/* A 05943 registration (units 1 and 5 mandatory, then units, a JSON list) of the candidate. */
static int64_t register_05943(const centre_fx *f, const person_fx *candidate,
                              const person_fx *assessor, const char *units)
{
    return fx_id(fx_call(&f->admin, "registration.create",
                         "{\"candidate\":%lld,\"qualification\":\"OCR:05943\",\"centre\":%lld,"
                         "\"registered_on\":\"2009-01-05\",\"assessor\":%lld,\"iv\":%lld,"
                         "\"units\":%s}",
                         (long long)candidate->id, (long long)f->centre, (long long)assessor->id,
                         (long long)f->iv.id, units));
}

/* Evidence covering refs, a summative met decision on the unit and its sign-off, all by as. */
static void assess(const person_fx *as, int64_t reg, const char *unit, const char *refs)
{
    int64_t ev =
        fx_id(fx_call(as, "evidence.add",
                      "{\"registration\":%lld,\"title\":\"observation\",\"method\":\"O\","
                      "\"date\":\"2009-03-02\",\"location\":\"Portfolio\",\"criteria\":%s}",
                      (long long)reg, refs));
    fx_id(fx_call(as, "decision.record",
                  "{\"registration\":%lld,\"unit\":\"%s\",\"outcome\":\"met\",\"kind\":"
                  "\"summative\",\"justification\":\"Observed\",\"feedback\":\"Well done\","
                  "\"date\":\"2009-03-10\",\"evidence\":[%lld]}",
                  (long long)reg, unit, (long long)ev));
    fx_id(fx_call(as, "unit.signoff",
                  "{\"registration\":%lld,\"unit\":\"%s\",\"date\":\"2009-03-11\"}", (long long)reg,
                  unit));
}

static size_t claims_of(const centre_fx *f, int64_t reg)
{
    json_doc *d = fx_call(&f->iv, "claim.list", "{\"registration\":%lld}", (long long)reg);
    size_t n = tc_result(d)->len;
    json_doc_free(d);
    return n;
}

Test(claim_rules, a_violation_refuses_the_claim_whatever_eligible_says)
{
    centre_fx f;
    fx_centre(&f, "CLAIM-1");
    int64_t reg = register_05943(&f, &f.candidate, &f.assessor, "[\"9\",\"10\",\"21\",\"31\"]");
    assess(&f.assessor, reg, "5", "[\"5:5.1\",\"5:5.2\"]");
    local_ocr("assessd.hook('claim.check', function() return { eligible = true, violations = "
              "{ { rule = 'ten_week_rule', message = 'too soon' } } } end)\n");
    json_doc *c =
        fx_call(&f.iv, "claim.check", "{\"registration\":%lld,\"units\":[\"5\"]}", (long long)reg);
    cr_assert(eq(i64, tc_error_code(c), 0), "%s", tc_error_message(c));
    cr_assert(not(tc_path(tc_result(c), "eligible")->u.boolean),
              "a verdict listing a violation is not eligible");
    cr_assert(eq(sz, tc_path(tc_result(c), "violations")->len, 1));
    cr_assert(eq(str, (char *)tc_str(tc_result(c), "violations.0.rule"), "ten_week_rule"));
    json_doc_free(c);
    fx_refused(
        fx_call(&f.iv, "claim.create", "{\"registration\":%lld,\"units\":[\"5\"]}", (long long)reg),
        1004, "ten_week_rule");
    fx_refused(fx_call(&f.iv, "claim.create", "{\"registration\":%lld}", (long long)reg), 1004,
               "ten_week_rule");
    cr_assert(eq(sz, claims_of(&f, reg), 0), "no certificate was issued");
    /* the plugin's own verdict stands when it finds nothing */
    local_ocr(NULL);
    c = fx_call(&f.iv, "claim.create", "{\"registration\":%lld,\"units\":[\"5\"]}", (long long)reg);
    cr_assert(eq(i64, tc_error_code(c), 0), "%s", tc_error_message(c));
    json_doc_free(c);
}

/* Every unit of the registration achieved, none ready for sign-off: a plugin that would certify
 * a portfolio without evidence. */
static const char *lenient_progress =
    "assessd.hook('progress', function(reg)\n"
    "  local units = {}\n"
    "  for i, u in ipairs(reg.units) do\n"
    "    units[i] = { number = u.number, ready_for_signoff = false, achieved = true }\n"
    "  end\n"
    "  return { units = units, qualification = { achieved = true, rules_known = true,\n"
    "    units_achieved = {}, violations = {} } }\n"
    "end)\n";

static size_t count_rule(const json_value *violations, const char *rule, const char *ref)
{
    size_t n = 0;
    for (size_t i = 0; i < violations->len; i++) {
        const json_value *v = violations->u.items[i], *r = json_get(v, "ref");
        n += !strcmp(tc_str(v, "rule"), rule) &&
             (!ref || (r && r->type == JSON_STRING && !strcmp(r->u.str, ref)));
    }
    return n;
}

Test(claim_rules, only_signed_off_units_are_claimed_whatever_the_plugin_says)
{
    centre_fx f;
    fx_centre(&f, "CLAIM-2");
    /* unit 5 signed off by a trainee, not countersigned; unit 36 brought forward */
    int64_t reg = register_05943(
        &f, &f.candidate, &f.trainee,
        "[\"9\",\"10\",\"21\",\"31\",{\"unit\":\"36\",\"brought_forward\":\"Level 2, 2008\"}]");
    assess(&f.trainee, reg, "5", "[\"5:5.1\",\"5:5.2\"]");

    /* the shipped rules find an unsigned unit once, though the core and the plugin both do */
    json_doc *c =
        fx_call(&f.iv, "claim.check", "{\"registration\":%lld,\"units\":[\"9\"]}", (long long)reg);
    const json_value *v = tc_path(tc_result(c), "violations");
    cr_assert(eq(sz, v->len, 1), "%s", v->len ? tc_str(v, "0.message") : "");
    cr_assert(eq(sz, count_rule(v, "unit_not_signed_off", "9"), 1));
    json_doc_free(c);

    local_ocr(lenient_progress);
    c = fx_call(&f.iv, "claim.check", "{\"registration\":%lld}", (long long)reg);
    cr_assert(eq(i64, tc_error_code(c), 0), "%s", tc_error_message(c));
    cr_assert(not(tc_path(tc_result(c), "eligible")->u.boolean));
    v = tc_path(tc_result(c), "violations");
    static const char *const unsigned_units[] = {"1", "9", "10", "21", "31"};
    for (size_t i = 0; i < 5; i++)
        cr_assert(eq(sz, count_rule(v, "unit_not_signed_off", unsigned_units[i]), 1),
                  "unit %s has no sign-off", unsigned_units[i]);
    cr_assert(eq(sz, count_rule(v, "countersignature_pending", "5"), 1));
    cr_assert(eq(sz, v->len, 6), "unit 36 is brought forward: nothing against it");
    json_doc_free(c);
    fx_refused(fx_call(&f.iv, "claim.create", "{\"registration\":%lld}", (long long)reg), 1004,
               "unit_not_signed_off");
    fx_refused(
        fx_call(&f.iv, "claim.create", "{\"registration\":%lld,\"units\":[\"9\"]}", (long long)reg),
        1004, "unit_not_signed_off");
    fx_refused(
        fx_call(&f.iv, "claim.create", "{\"registration\":%lld,\"units\":[\"5\"]}", (long long)reg),
        1004, "countersignature_pending");
    fx_refused(fx_call(&f.iv, "claim.create", "{\"registration\":%lld,\"units\":[\"11\"]}",
                       (long long)reg),
               1004, "unit_not_registered");
    cr_assert(eq(sz, claims_of(&f, reg), 0), "no certificate without sign-off");

    /* a unit brought forward, and a trainee's sign-off once countersigned, are claimed */
    c = fx_call(&f.iv, "claim.create", "{\"registration\":%lld,\"units\":[\"36\"]}",
                (long long)reg);
    cr_assert(eq(i64, tc_error_code(c), 0), "%s", tc_error_message(c));
    json_doc_free(c);
    json_doc_free(fx_call(&f.other_assessor, "unit.countersign",
                          "{\"registration\":%lld,\"unit\":\"5\"}", (long long)reg));
    c = fx_call(&f.iv, "claim.create", "{\"registration\":%lld,\"units\":[\"5\"]}", (long long)reg);
    cr_assert(eq(i64, tc_error_code(c), 0), "%s", tc_error_message(c));
    json_doc_free(c);
    cr_assert(eq(sz, claims_of(&f, reg), 2));
    local_ocr(NULL);
}

/* Whether the result's `eligible` is true (the test fails when it is not a boolean). */
static bool eligible(json_doc *d)
{
    const json_value *e = tc_path(tc_result(d), "eligible");
    cr_assert(e != NULL && e->type == JSON_BOOL);
    return e->u.boolean;
}

/* A 1002 own_decisions refusal whose message names the unit. */
static void own_decisions(json_doc *d, const char *unit)
{
    char want[32];
    snprintf(want, sizeof want, "unit %s ", unit);
    cr_assert(strstr(tc_error_message(d), want) != NULL, "%s", tc_error_message(d));
    fx_refused(d, 1002, "own_decisions");
}

Test(claim_rules, an_iv_does_not_claim_units_they_assessed)
{
    centre_fx f;
    fx_centre(&f, "CLAIM-3");
    local_ocr(NULL);
    /* dual (assessor with A1, IV with V1) assesses this registration */
    int64_t reg = register_05943(&f, &f.candidate, &f.dual, "[\"9\",\"10\",\"21\",\"31\"]");
    assess(&f.dual, reg, "9", "[\"9:9.1\",\"9:9.2\",\"9:9.3\"]");
    own_decisions(fx_call(&f.dual, "iv.sample",
                          "{\"registration\":%lld,\"unit\":\"9\",\"outcome\":\"confirmed\","
                          "\"notes\":\"x\"}",
                          (long long)reg),
                  "9");
    own_decisions(fx_call(&f.dual, "claim.create", "{\"registration\":%lld,\"units\":[\"9\"]}",
                          (long long)reg),
                  "9");
    /* with no units named, the units claimed are those achieved: unit 9 */
    own_decisions(
        fx_call(&f.dual, "claim.create", "{\"registration\":%lld,\"full\":false}", (long long)reg),
        "9");
    cr_assert(eq(sz, claims_of(&f, reg), 0));

    /* another registration, assessed by whoever of the centre: dual decided on unit 10 and
     * signed off unit 9; sam assessed unit 5 and signed off unit 10 on dual's decision */
    json_doc_free(fx_call(&f.admin, "centre.policy",
                          "{\"centre\":%lld,\"assessor_policy\":\"any\"}", (long long)f.centre));
    int64_t other =
        register_05943(&f, &f.other_candidate, &f.assessor, "[\"9\",\"10\",\"21\",\"31\"]");
    assess(&f.assessor, other, "5", "[\"5:5.1\",\"5:5.2\"]");
    assess(&f.dual, other, "9", "[\"9:9.1\",\"9:9.2\",\"9:9.3\"]");
    int64_t ev = fx_id(fx_call(&f.assessor, "evidence.add",
                               "{\"registration\":%lld,\"title\":\"observation\",\"method\":\"O\","
                               "\"date\":\"2009-03-02\",\"location\":\"Portfolio\",\"criteria\":"
                               "[\"10:10.1\",\"10:10.2\",\"10:10.3\"]}",
                               (long long)other));
    fx_id(fx_call(&f.dual, "decision.record",
                  "{\"registration\":%lld,\"unit\":\"10\",\"outcome\":\"met\",\"kind\":"
                  "\"summative\",\"justification\":\"Observed\",\"feedback\":\"Good\","
                  "\"date\":\"2009-03-10\",\"evidence\":[%lld]}",
                  (long long)other, (long long)ev));
    fx_id(fx_call(&f.assessor, "unit.signoff",
                  "{\"registration\":%lld,\"unit\":\"10\",\"date\":\"2009-03-11\"}",
                  (long long)other));
    own_decisions(fx_call(&f.dual, "claim.create",
                          "{\"registration\":%lld,\"units\":[\"5\",\"9\"]}", (long long)other),
                  "9");
    own_decisions(fx_call(&f.dual, "claim.create", "{\"registration\":%lld,\"units\":[\"10\"]}",
                          (long long)other),
                  "10");
    cr_assert(eq(sz, claims_of(&f, other), 0));
    /* the dry run says so too, naming only the unit dual assessed, and is eligible for the IV
     * who did not */
    json_doc *k = fx_call(&f.dual, "claim.check", "{\"registration\":%lld,\"units\":[\"5\",\"9\"]}",
                          (long long)other);
    const json_value *viol = tc_path(tc_result(k), "violations");
    cr_assert(viol != NULL && viol->type == JSON_ARRAY, "%s", tc_error_message(k));
    size_t own9 = 0, own5 = 0;
    for (size_t i = 0; i < viol->len; i++)
        if (!strcmp(tc_str(viol->u.items[i], "rule"), "own_decisions")) {
            own9 += !strcmp(tc_str(viol->u.items[i], "ref"), "9");
            own5 += !strcmp(tc_str(viol->u.items[i], "ref"), "5");
        }
    cr_assert(eq(sz, own9, 1));
    cr_assert(eq(sz, own5, 0));
    cr_assert(not(eligible(k)));
    json_doc_free(k);
    k = fx_call(&f.iv, "claim.check", "{\"registration\":%lld,\"units\":[\"9\",\"10\"]}",
                (long long)other);
    cr_assert(eligible(k), "%s", tc_error_message(k));
    json_doc_free(k);
    /* what dual did not assess, dual claims; what dual assessed, another IV claims */
    json_doc *c = fx_call(&f.dual, "claim.create", "{\"registration\":%lld,\"units\":[\"5\"]}",
                          (long long)other);
    cr_assert(eq(i64, tc_error_code(c), 0), "%s", tc_error_message(c));
    json_doc_free(c);
    c = fx_call(&f.iv, "claim.create", "{\"registration\":%lld,\"units\":[\"9\",\"10\"]}",
                (long long)other);
    cr_assert(eq(i64, tc_error_code(c), 0), "%s", tc_error_message(c));
    json_doc_free(c);
    c = fx_call(&f.iv, "claim.create", "{\"registration\":%lld,\"units\":[\"9\"]}", (long long)reg);
    cr_assert(eq(i64, tc_error_code(c), 0), "%s", tc_error_message(c));
    json_doc_free(c);
}

/* A refusal always says why: a plugin that answers not eligible (or not ready) and gives no
 * reason is refused with the core's own not_eligible (not_ready) naming that. */
Test(claim_rules, a_refusal_without_reasons_still_says_why)
{
    centre_fx f;
    fx_centre(&f, "CLAIM-NOREASON");
    int64_t reg = register_05943(&f, &f.candidate, &f.assessor, "[\"9\",\"10\",\"21\",\"31\"]");
    assess(&f.assessor, reg, "5", "[\"5:5.1\",\"5:5.2\"]");
    local_ocr("assessd.hook('claim.check', function() return { eligible = false, violations = "
              "{} } end)\n");
    fx_refused(
        fx_call(&f.iv, "claim.create", "{\"registration\":%lld,\"units\":[\"5\"]}", (long long)reg),
        1004, "not_eligible");
    local_ocr("assessd.hook('progress', function(reg)\n"
              "  local units = {}\n"
              "  for _, u in ipairs(reg.units) do\n"
              "    units[#units + 1] = { number = u.number, ready_for_signoff = false,\n"
              "      achieved = false, summative = 'met' }\n"
              "  end\n"
              "  return { units = units, qualification = { achieved = false, rules_known = true,\n"
              "    units_achieved = assessd.array({}), violations = assessd.array({}) } }\n"
              "end)\n");
    fx_refused(fx_call(&f.assessor, "unit.signoff",
                       "{\"registration\":%lld,\"unit\":\"9\",\"date\":\"2009-03-11\"}",
                       (long long)reg),
               1004, "not_ready");
    local_ocr(NULL);
}
