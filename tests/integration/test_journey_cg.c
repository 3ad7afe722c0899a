/* Integration tests: a City & Guilds Level 4 Contact Centre candidate (3412-05): criteria and
 * the lettered ranges of evidence requirements ("two of these groups"), the simulation wording
 * of each unit ("any performance evidence" versus "any evidence"), and claims where the unit
 * pack gives no rules of combination. The daemon runs with --today 2015-06-30. */
#include <criterion/criterion.h>
#include <criterion/new/assert.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fixture.h"

static bool has(const char *haystack, const char *needle)
{
    return haystack && strstr(haystack, needle) != NULL;
}

static int64_t add(const person_fx *as, int64_t reg, const char *method, const char *criteria,
                   const char *ranges, bool simulated)
{
    json_doc *d = fx_call(as, "evidence.add",
                          "{\"registration\":%lld,\"title\":\"evidence\",\"method\":\"%s\","
                          "\"date\":\"2015-03-02\",\"location\":\"e-portfolio\",\"criteria\":%s,"
                          "\"ranges\":%s,\"simulated\":%s}",
                          (long long)reg, method, criteria, ranges, simulated ? "true" : "false");
    cr_assert(eq(i64, tc_error_code(d), 0), "%s", tc_error_message(d));
    return fx_id(d);
}

/* All 21 criteria of unit 411. */
static const char *criteria_411 =
    "[\"411:1.1\",\"411:1.2\",\"411:1.3\",\"411:1.4\",\"411:1.5\",\"411:2.1\",\"411:2.2\","
    "\"411:2.3\",\"411:2.4\",\"411:2.5\",\"411:2.6\",\"411:2.7\",\"411:3.1\",\"411:3.2\","
    "\"411:3.3\",\"411:3.4\",\"411:3.5\",\"411:3.6\",\"411:3.7\",\"411:3.8\",\"411:3.9\"]";

Test(journey_cg, level_4_unit_411_with_its_ranges)
{
    centre_fx f;
    fx_centre(&f, "CG-J1");
    int64_t reg = fx_id(fx_call(&f.admin, "registration.create",
                                "{\"candidate\":%lld,\"qualification\":\"CG:3412-05\","
                                "\"centre\":%lld,\"registered_on\":\"2015-01-05\",\"assessor\":"
                                "%lld,\"iv\":%lld,\"units\":[\"411\",\"414\"]}",
                                (long long)f.candidate.id, (long long)f.centre,
                                (long long)f.assessor.id, (long long)f.iv.id));

    /* C&G's pack gives no method codes: recorded as given, with a warning */
    json_doc *d = fx_call(&f.assessor, "evidence.add",
                          "{\"registration\":%lld,\"title\":\"observation\",\"method\":\"O\","
                          "\"date\":\"2015-03-01\",\"location\":\"p\",\"criteria\":[\"411:1.1\"]}",
                          (long long)reg);
    cr_assert(eq(str, (char *)tc_str(tc_result(d), "warnings.0.rule"), "method_code"));
    json_doc_free(d);

    /* 411 forbids simulated performance evidence, not simulated knowledge evidence */
    d = fx_call(&f.assessor, "evidence.add",
                "{\"registration\":%lld,\"title\":\"role play\",\"method\":\"O\",\"simulated\":"
                "true,\"date\":\"2015-03-01\",\"location\":\"p\",\"criteria\":[\"411:2.1\"]}",
                (long long)reg);
    cr_assert(has(tc_error_message(d), "evidence rules"));
    fx_refused(d, 1004, "simulation_not_allowed");
    add(&f.assessor, reg, "QC", "[\"411:3.1\"]", "[]", true);
    /* 414 forbids any simulated evidence */
    fx_refused(fx_call(&f.assessor, "evidence.add",
                       "{\"registration\":%lld,\"title\":\"quiz\",\"method\":\"QC\",\"simulated\":"
                       "true,\"date\":\"2015-03-01\",\"location\":\"p\",\"criteria\":"
                       "[\"414:4.1\"]}",
                       (long long)reg),
               1004, "simulation_not_allowed");

    /* every criterion, and all of the "all of" ranges, but only one of ER6's five groups */
    int64_t ev = add(&f.assessor, reg, "O", criteria_411,
                     "[\"411:ER4:a\",\"411:ER4:b\",\"411:ER5:a\",\"411:ER5:b\",\"411:ER5:c\","
                     "\"411:ER6:a\",\"411:ER7:a\",\"411:ER7:b\",\"411:ER7:c\"]",
                     false);
    json_doc_free(fx_call(&f.assessor, "decision.record",
                          "{\"registration\":%lld,\"unit\":\"411\",\"outcome\":\"met\",\"kind\":"
                          "\"summative\",\"justification\":\"j\",\"feedback\":\"f\",\"date\":"
                          "\"2015-03-10\",\"evidence\":[%lld]}",
                          (long long)reg, (long long)ev));
    d = fx_call(&f.assessor, "unit.signoff",
                "{\"registration\":%lld,\"unit\":\"411\",\"date\":\"2015-03-11\"}", (long long)reg);
    const json_value *v = tc_path(json_doc_root(d), "error.data.violations");
    cr_assert(v != NULL && v->len == 1);
    cr_assert(eq(str, (char *)tc_str(v, "0.rule"), "range_not_covered"));
    cr_assert(eq(str, (char *)tc_str(v, "0.ref"), "411:ER6"));
    cr_assert(has(tc_str(v, "0.message"), "at least 2"), "%s", tc_str(v, "0.message"));
    fx_refused(d, 1004, "range_not_covered");

    json_doc *p = fx_call(&f.candidate, "progress.get", "{\"registration\":%lld}", (long long)reg);
    const json_value *units = tc_path(tc_result(p), "units");
    const json_value *u411 = NULL;
    for (size_t i = 0; i < units->len; i++)
        if (!strcmp(tc_str(units->u.items[i], "number"), "411"))
            u411 = units->u.items[i];
    cr_assert(u411 != NULL);
    cr_assert(eq(i64, tc_int(u411, "covered"), 21));
    cr_assert(eq(i64, tc_int(u411, "total"), 21));
    cr_assert(eq(i64, tc_int(u411, "ranges.2.covered"), 1)); /* ER6 */
    cr_assert(eq(i64, tc_int(u411, "ranges.2.need"), 2));
    json_doc_free(p);

    /* a second group for ER6: progress.get (cached above) shows it at once */
    add(&f.assessor, reg, "O", "[\"411:2.2\"]", "[\"411:ER6:c\"]", false);
    p = fx_call(&f.candidate, "progress.get", "{\"registration\":%lld}", (long long)reg);
    units = tc_path(tc_result(p), "units");
    u411 = NULL;
    for (size_t i = 0; i < units->len; i++)
        if (!strcmp(tc_str(units->u.items[i], "number"), "411"))
            u411 = units->u.items[i];
    cr_assert(u411 != NULL);
    cr_assert(eq(i64, tc_int(u411, "ranges.2.covered"), 2)); /* ER6 */
    json_doc_free(p);
    /* and the unit signs off */
    d = fx_call(&f.assessor, "unit.signoff",
                "{\"registration\":%lld,\"unit\":\"411\",\"date\":\"2015-03-11\"}", (long long)reg);
    cr_assert(eq(str, (char *)tc_rstr(d, "status"), "signed_off"));
    json_doc_free(d);

    /* the pack gives no rules of combination: a full claim cannot be decided, a unit claim can */
    json_doc *c =
        fx_call(&f.iv, "claim.check", "{\"registration\":%lld,\"full\":true}", (long long)reg);
    cr_assert(not(tc_path(tc_result(c), "eligible")->u.boolean));
    bool unknown = false;
    const json_value *cv = tc_path(tc_result(c), "violations");
    for (size_t i = 0; i < cv->len; i++)
        unknown |= !strcmp(tc_str(cv->u.items[i], "rule"), "rules_of_combination_unknown");
    cr_assert(unknown);
    json_doc_free(c);
    c = fx_call(&f.iv, "claim.create", "{\"registration\":%lld,\"units\":[\"411\"]}",
                (long long)reg);
    cr_assert(eq(sz, tc_path(tc_result(c), "certificates")->len, 1));
    json_doc_free(c);

    /* a unit is claimed once; and a claim names each unit once, as a unit number */
    c = fx_call(&f.iv, "claim.create", "{\"registration\":%lld,\"units\":[\"411\"]}",
                (long long)reg);
    cr_assert(eq(i64, tc_error_code(c), 1004));
    cr_assert(eq(str, (char *)tc_str(json_doc_root(c), "error.data.violations.0.rule"),
                 "already_claimed"));
    cr_assert(eq(str, (char *)tc_str(json_doc_root(c), "error.data.violations.0.ref"), "411"));
    json_doc_free(c);
    static const char *const bad_units[] = {"[]", "[411]", "[\"\"]", "[\"411\",\"411\"]", "[null]"};
    for (size_t i = 0; i < sizeof bad_units / sizeof *bad_units; i++) {
        c = fx_call(&f.iv, "claim.create", "{\"registration\":%lld,\"units\":%s}", (long long)reg,
                    bad_units[i]);
        cr_assert(eq(i64, tc_error_code(c), -32602), "units %s", bad_units[i]);
        cr_assert(eq(str, (char *)tc_str(json_doc_root(c), "error.data.field"), "units"));
        json_doc_free(c);
    }
    /* with no units named, a unit claim takes those achieved and not yet claimed: none here */
    c = fx_call(&f.iv, "claim.check", "{\"registration\":%lld,\"full\":false}", (long long)reg);
    cr_assert(not(tc_path(tc_result(c), "eligible")->u.boolean));
    cr_assert(eq(str, (char *)tc_str(tc_result(c), "violations.0.rule"), "nothing_to_claim"));
    json_doc_free(c);
    c = fx_call(&f.iv, "claim.list", "{\"registration\":%lld}", (long long)reg);
    cr_assert(eq(sz, tc_result(c)->len, 1), "the refused claims stored nothing");
    json_doc_free(c);
}

Test(journey_cg, a_level_3_diploma_holds_only_its_units)
{
    centre_fx f;
    fx_centre(&f, "CG-J2");
    fx_refused(fx_call(&f.admin, "registration.create",
                       "{\"candidate\":%lld,\"qualification\":\"CG:3412-04\",\"centre\":%lld,"
                       "\"registered_on\":\"2015-01-05\",\"assessor\":%lld,\"iv\":%lld,"
                       "\"units\":[\"413\"]}",
                       (long long)f.candidate.id, (long long)f.centre, (long long)f.assessor.id,
                       (long long)f.iv.id),
               -32602, NULL);
    /* a centre that does not exist is not found, whoever the people are */
    json_doc *nc = fx_call(NULL, "registration.create",
                           "{\"candidate\":%lld,\"qualification\":\"CG:3412-04\",\"centre\":"
                           "999999,\"registered_on\":\"2015-01-05\",\"assessor\":%lld,\"iv\":%lld}",
                           (long long)f.candidate.id, (long long)f.assessor.id, (long long)f.iv.id);
    cr_assert(eq(i64, tc_error_code(nc), 1001), "%s", tc_error_message(nc));
    cr_assert(eq(i64, tc_int(json_doc_root(nc), "error.data.centre"), 999999));
    json_doc_free(nc);
    /* a unit brought forward says where from, as text; nothing else rides along */
    static const char *const bad[] = {"{\"unit\":\"411\",\"brought_forward\":true}",
                                      "{\"unit\":\"411\",\"brought_forward\":\"\"}",
                                      "{\"unit\":\"411\",\"bogus\":1}",
                                      "{\"brought_forward\":\"x\"}"};
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        json_doc *d =
            fx_call(&f.admin, "registration.create",
                    "{\"candidate\":%lld,\"qualification\":\"CG:3412-04\",\"centre\":%lld,"
                    "\"registered_on\":\"2015-01-05\",\"assessor\":%lld,\"iv\":%lld,"
                    "\"units\":[%s]}",
                    (long long)f.candidate.id, (long long)f.centre, (long long)f.assessor.id,
                    (long long)f.iv.id, bad[i]);
        cr_assert(eq(i64, tc_error_code(d), -32602), "%s", bad[i]);
        cr_assert(eq(str, (char *)tc_str(json_doc_root(d), "error.data.field"), "units"));
        json_doc_free(d);
    }
    fx_id(fx_call(&f.admin, "registration.create",
                  "{\"candidate\":%lld,\"qualification\":\"CG:3412-04\",\"centre\":%lld,"
                  "\"registered_on\":\"2015-01-05\",\"assessor\":%lld,\"iv\":%lld,"
                  "\"units\":[\"411\",\"412\"]}",
                  (long long)f.candidate.id, (long long)f.centre, (long long)f.assessor.id,
                  (long long)f.iv.id));
}
