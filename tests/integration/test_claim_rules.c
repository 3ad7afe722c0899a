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
