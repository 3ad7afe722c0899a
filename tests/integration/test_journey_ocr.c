/* Integration tests: an OCR Level 2 Customer Service candidate's whole journey over the socket,
 * from registration to the certification claim, and the refusals on the way. The daemon runs
 * with --today 2009-06-30 (before the qualification's last registration date). */
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

/* Adds evidence covering refs (a JSON array) as the assessor; returns its id. */
static int64_t evidence(const person_fx *as, int64_t reg, const char *method, const char *refs,
                        const char *extra)
{
    return fx_id(fx_call(as, "evidence.add",
                         "{\"registration\":%lld,\"title\":\"%s evidence\",\"method\":\"%s\","
                         "\"date\":\"2009-03-02\",\"location\":\"Portfolio\",\"criteria\":%s%s}",
                         (long long)reg, method, method, refs, extra ? extra : ""));
}

/* A summative met decision on decided, and the sign-off the day after. */
static void decide_and_sign_on(const person_fx *as, int64_t reg, const char *unit, int64_t ev,
                               const char *decided, const char *signed_on)
{
    json_doc *d = fx_call(as, "decision.record",
                          "{\"registration\":%lld,\"unit\":\"%s\",\"outcome\":\"met\",\"kind\":"
                          "\"summative\",\"justification\":\"All elements observed\","
                          "\"feedback\":\"Well done\",\"date\":\"%s\",\"evidence\":[%lld]}",
                          (long long)reg, unit, decided, (long long)ev);
    cr_assert(eq(i64, tc_error_code(d), 0), "decision on %s: %s", unit, tc_error_message(d));
    json_doc_free(d);
    d = fx_call(as, "unit.signoff", "{\"registration\":%lld,\"unit\":\"%s\",\"date\":\"%s\"}",
                (long long)reg, unit, signed_on);
    cr_assert(eq(i64, tc_error_code(d), 0), "sign-off of %s: %s", unit, tc_error_message(d));
    json_doc_free(d);
}

static void decide_and_sign(const person_fx *as, int64_t reg, const char *unit, int64_t ev)
{
    decide_and_sign_on(as, reg, unit, ev, "2009-03-10", "2009-03-11");
}

/* A 05943 registration of the centre's candidate with its IV, assessed by assessor, from
 * registered_on; units a JSON list of the units chosen, or NULL (the mandatory ones only). */
static int64_t register_05943(const centre_fx *f, const person_fx *assessor,
                              const char *registered_on, const char *units)
{
    return fx_id(fx_call(&f->admin, "registration.create",
                         "{\"candidate\":%lld,\"qualification\":\"OCR:05943\","
                         "\"centre\":%lld,\"registered_on\":\"%s\",\"assessor\":%lld,"
                         "\"iv\":%lld%s%s}",
                         (long long)f->candidate.id, (long long)f->centre, registered_on,
                         (long long)assessor->id, (long long)f->iv.id, units ? ",\"units\":" : "",
                         units ? units : ""));
}

static const json_value *unit_of(json_doc *progress, const char *number)
{
    const json_value *units = tc_path(tc_result(progress), "units");
    for (size_t i = 0; i < units->len; i++)
        if (!strcmp(tc_str(units->u.items[i], "number"), number))
            return units->u.items[i];
    cr_assert(false, "no unit %s in progress", number);
    return NULL;
}

Test(journey_ocr, level_2_from_registration_to_claim)
{
    centre_fx f;
    fx_centre(&f, "OCR-J1");
    int64_t reg = fx_id(
        fx_call(&f.admin, "registration.create",
                "{\"candidate\":%lld,\"qualification\":\"OCR:05943\",\"centre\":%lld,"
                "\"registered_on\":\"2009-01-05\",\"assessor\":%lld,\"iv\":%lld,"
                "\"units\":[\"9\",\"10\",\"21\",\"31\",\"36\"],\"body_reference\":\"OCR-REG-77\"}",
                (long long)f.candidate.id, (long long)f.centre, (long long)f.assessor.id,
                (long long)f.iv.id));

    /* the records the handbook asks a centre to keep */
    fx_id(fx_call(&f.assessor, "initial_assessment.record",
                  "{\"registration\":%lld,\"date\":\"2009-01-06\",\"outcome\":\"Experienced in "
                  "telephone work; gaps in problem solving\"}",
                  (long long)reg));
    fx_id(fx_call(&f.assessor, "plan.record",
                  "{\"registration\":%lld,\"date\":\"2009-01-07\",\"items\":[{\"unit\":\"9\","
                  "\"methods\":[\"O\",\"QC\"],\"date\":\"2009-02-01\",\"place\":\"Call centre\"}]}",
                  (long long)reg));
    int64_t rev = fx_id(fx_call(&f.assessor, "review.record",
                                "{\"registration\":%lld,\"date\":\"2009-02-01\",\"notes\":\"On "
                                "track\",\"next_due\":\"2009-03-01\"}",
                                (long long)reg));
    /* a correction supersedes, the history keeps both */
    fx_id(fx_call(&f.assessor, "review.record",
                  "{\"registration\":%lld,\"date\":\"2009-02-01\",\"notes\":\"On track; unit 9 "
                  "next\",\"next_due\":\"2009-03-01\",\"supersedes\":%lld}",
                  (long long)reg, (long long)rev));
    fx_refused(fx_call(&f.assessor, "review.record",
                       "{\"registration\":%lld,\"date\":\"2009-02-01\",\"notes\":\"x\","
                       "\"supersedes\":%lld}",
                       (long long)reg, (long long)rev),
               1003, NULL);
    json_doc *g = fx_call(&f.ev, "registration.get", "{\"registration\":%lld}", (long long)reg);
    cr_assert(eq(sz, tc_path(tc_result(g), "units")->len, 7)); /* 1 and 5 are mandatory */
    cr_assert(eq(sz, tc_path(tc_result(g), "reviews")->len, 2));
    cr_assert(eq(i64, tc_int(tc_result(g), "reviews.0.superseded_by"),
                 tc_int(tc_result(g), "reviews.1.id")));
    cr_assert(eq(str, (char *)tc_str(tc_result(g), "next_review_due"), "2009-03-01"));
    cr_assert(eq(str, (char *)tc_str(tc_result(g), "body_reference"), "OCR-REG-77"));
    json_doc_free(g);

    int64_t witness = fx_id(fx_call(&f.assessor, "witness.create",
                                    "{\"name\":\"Wendy Witness\",\"job_title\":\"Team leader\","
                                    "\"relationship\":\"line manager\",\"contact\":\"0123\"}"));

    /* simulation: allowed for unit 1, refused for unit 9 */
    int64_t e1 = evidence(&f.assessor, reg, "S", "[\"1:1.1\",\"1:1.2\"]", NULL);
    json_doc *d = fx_call(&f.assessor, "evidence.add",
                          "{\"registration\":%lld,\"title\":\"role play\",\"method\":\"O\","
                          "\"simulated\":true,\"date\":\"2009-03-01\",\"location\":\"p\","
                          "\"criteria\":[\"9:9.1\"]}",
                          (long long)reg);
    cr_assert(has(tc_error_message(d), "evidence rules"));
    fx_refused(d, 1004, "simulation_not_allowed");

    /* a witness testimony missing items is flagged, not refused */
    d = fx_call(
        &f.assessor, "evidence.add",
        "{\"registration\":%lld,\"title\":\"testimony\",\"method\":\"EWT\",\"witness\":%lld,"
        "\"date\":\"2009-03-01\",\"location\":\"p\",\"criteria\":[\"9:9.2\"],"
        "\"testimony\":{\"1\":true,\"2\":true,\"3\":true}}",
        (long long)reg, (long long)witness);
    cr_assert(eq(i64, tc_error_code(d), 0), "%s", tc_error_message(d));
    cr_assert(eq(str, (char *)tc_str(tc_result(d), "warnings.0.rule"), "witness_testimony"));
    cr_assert(has(tc_str(tc_result(d), "warnings.0.message"), "lacks 4 of the 7 items"));
    json_doc_free(d);
    /* an item marked false is not carried; an item past the body's list is named */
    d = fx_call(
        &f.assessor, "evidence.add",
        "{\"registration\":%lld,\"title\":\"testimony\",\"method\":\"EWT\",\"witness\":%lld,"
        "\"date\":\"2009-03-01\",\"location\":\"p\",\"criteria\":[\"9:9.2\"],"
        "\"testimony\":[true,false,true,true,true,true,true]}",
        (long long)reg, (long long)witness);
    cr_assert(has(tc_str(tc_result(d), "warnings.0.message"), "lacks 1 of the 7 items"), "%s",
              tc_str(tc_result(d), "warnings.0.message"));
    json_doc_free(d);
    d = fx_call(
        &f.assessor, "evidence.add",
        "{\"registration\":%lld,\"title\":\"testimony\",\"method\":\"EWT\",\"witness\":%lld,"
        "\"date\":\"2009-03-01\",\"location\":\"p\",\"criteria\":[\"9:9.2\"],"
        "\"testimony\":{\"1\":true,\"2\":true,\"3\":true,\"4\":true,\"5\":true,\"6\":true,"
        "\"7\":true,\"9\":true}}",
        (long long)reg, (long long)witness);
    cr_assert(has(tc_str(tc_result(d), "warnings.0.message"), "names item 9, but OCR lists 7"),
              "%s", tc_str(tc_result(d), "warnings.0.message"));
    json_doc_free(d);
    /* an item past the list marked false claims nothing: no warning */
    d = fx_call(
        &f.assessor, "evidence.add",
        "{\"registration\":%lld,\"title\":\"testimony\",\"method\":\"EWT\",\"witness\":%lld,"
        "\"date\":\"2009-03-01\",\"location\":\"p\",\"criteria\":[\"9:9.2\"],"
        "\"testimony\":[true,true,true,true,true,true,true,false]}",
        (long long)reg, (long long)witness);
    cr_assert(eq(sz, tc_path(tc_result(d), "warnings")->len, 0));
    json_doc_free(d);
    /* what is not a testimony's shape is refused, naming what is wrong */
    static const char *const bad[][2] = {{"{\"x\":true}", "item 'x'"},
                                         {"{\"01\":true}", "item '01'"},
                                         {"{\"1\":\"yes\"}", "item 1 is not true or false"},
                                         {"[true,5]", "testimony[1]"}};
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        d = fx_call(&f.assessor, "evidence.add",
                    "{\"registration\":%lld,\"title\":\"testimony\",\"method\":\"EWT\","
                    "\"witness\":%lld,\"date\":\"2009-03-01\",\"location\":\"p\",\"criteria\":"
                    "[\"9:9.2\"],\"testimony\":%s}",
                    (long long)reg, (long long)witness, bad[i][0]);
        cr_assert(has(tc_error_message(d), bad[i][1]), "%s: %s", bad[i][0], tc_error_message(d));
        fx_invalid(d, "testimony");
    }

    /* roles come back as a list, as person.create takes them */
    json_doc *pg = fx_call(&f.admin, "person.get", "{\"person\":%lld}", (long long)f.dual.id);
    cr_assert(eq(str, (char *)tc_str(tc_result(pg), "roles.0"), "assessor"));
    cr_assert(eq(str, (char *)tc_str(tc_result(pg), "roles.1"), "iv"));
    cr_assert(eq(sz, tc_path(tc_result(pg), "roles")->len, 2));
    json_doc_free(pg);
    /* a role named again is held once */
    int64_t twice = fx_id(fx_call(&f.admin, "person.create",
                                  "{\"name\":\"Tess Twice\",\"roles\":[\"iv\",\"iv\",\"trainer\"],"
                                  "\"centre\":%lld}",
                                  (long long)f.centre));
    pg = fx_call(&f.admin, "person.get", "{\"person\":%lld}", (long long)twice);
    cr_assert(eq(sz, tc_path(tc_result(pg), "roles")->len, 2));
    cr_assert(eq(str, (char *)tc_str(tc_result(pg), "roles.1"), "trainer"));
    json_doc_free(pg);
    /* flags come back as true or false */
    json_doc *l = fx_call(&f.assessor, "witness.list", "{}");
    cr_assert(not(tc_bool(tc_result(l), "0.signature_on_file")));
    json_doc_free(l);
    l = fx_call(&f.assessor, "evidence.list", "{\"registration\":%lld}", (long long)reg);
    cr_assert(eq(i64, tc_int(tc_result(l), "0.id"), e1));
    cr_assert(tc_bool(tc_result(l), "0.simulated"), "method S is simulation");
    cr_assert(not(tc_bool(tc_result(l), "1.simulated")));
    json_doc_free(l);

    /* a personal statement counts only once countersigned */
    evidence(&f.candidate, reg, "EPS", "[\"10:10.1\"]", NULL);
    json_doc *p = fx_call(&f.candidate, "progress.get", "{\"registration\":%lld}", (long long)reg);
    cr_assert(eq(i64, tc_int(unit_of(p, "10"), "covered"), 0));
    json_doc_free(p);

    /* sign-off is refused while anything is missing, naming each gap */
    d = fx_call(&f.assessor, "unit.signoff",
                "{\"registration\":%lld,\"unit\":\"9\",\"date\":\"2009-03-11\"}", (long long)reg);
    const json_value *v = tc_path(json_doc_root(d), "error.data.violations");
    cr_assert(v != NULL && v->len == 3, "9.1, 9.3 and the decision are missing");
    cr_assert(eq(str, (char *)tc_str(v, "0.ref"), "9:9.1"));
    cr_assert(eq(str, (char *)tc_str(v, "1.ref"), "9:9.3"));
    cr_assert(eq(str, (char *)tc_str(v, "2.rule"), "summative_decision"));
    fx_refused(d, 1004, "criterion_not_covered");

    /* evidence for every element of every unit, decisions, sign-offs */
    struct {
        const char *unit, *refs;
        int64_t ev;
    } units[] = {{"1", NULL, e1},
                 {"5", "[\"5:5.1\",\"5:5.2\"]", 0},
                 {"9", "[\"9:9.1\",\"9:9.2\",\"9:9.3\"]", 0},
                 {"10", "[\"10:10.1\",\"10:10.2\",\"10:10.3\"]", 0},
                 {"21", "[\"21:21.1\",\"21:21.2\",\"21:21.3\"]", 0},
                 {"31", "[\"31:31.1\",\"31:31.2\",\"31:31.3\"]", 0},
                 {"36", "[\"36:36.1\",\"36:36.2\",\"36:36.3\"]", 0}};
    for (size_t i = 0; i < sizeof units / sizeof *units; i++) {
        int64_t ev =
            units[i].ev ? units[i].ev : evidence(&f.assessor, reg, "O", units[i].refs, NULL);
        decide_and_sign(&f.assessor, reg, units[i].unit, ev);
    }
    fx_refused(fx_call(&f.assessor, "unit.signoff",
                       "{\"registration\":%lld,\"unit\":\"9\",\"date\":\"2009-03-12\"}",
                       (long long)reg),
               1003, NULL);

    p = fx_call(&f.candidate, "progress.get", "{\"registration\":%lld}", (long long)reg);
    const json_value *q = tc_path(tc_result(p), "qualification");
    cr_assert(tc_path(q, "achieved")->u.boolean, "the rules of combination are met");
    cr_assert(eq(sz, tc_path(q, "units_achieved")->len, 7));
    cr_assert(eq(sz, tc_path(q, "violations")->len, 0));
    const json_value *u9 = unit_of(p, "9");
    cr_assert(eq(str, (char *)tc_str(u9, "status"), "signed_off"));
    cr_assert(eq(i64, tc_int(u9, "covered"), 3));
    cr_assert(eq(i64, tc_int(u9, "total"), 3));
    cr_assert(eq(str, (char *)tc_str(u9, "criteria.1.evidence.0.method"), "EWT"));
    json_doc_free(p);

    /* the claim: eligible, then signed by the IV: two certificates for a full award */
    json_doc *c = fx_call(&f.iv, "claim.check", "{\"registration\":%lld}", (long long)reg);
    cr_assert(tc_path(tc_result(c), "eligible")->u.boolean, "%s",
              tc_path(tc_result(c), "violations.0.message")
                  ? tc_str(tc_result(c), "violations.0.message")
                  : "");
    json_doc_free(c);
    fx_refused(fx_call(&f.assessor, "claim.create", "{\"registration\":%lld}", (long long)reg),
               1002, "iv_only");
    /* an IV still working towards V1 cannot sign it, though the registration's IV could */
    c = fx_call(&f.trainee_iv, "claim.check", "{\"registration\":%lld}", (long long)reg);
    cr_assert(not(tc_path(tc_result(c), "eligible")->u.boolean));
    cr_assert(eq(str, (char *)tc_str(tc_result(c), "violations.0.rule"), "qualified_iv"));
    /* the rule names no record: its ref is null, as the protocol's shape has it */
    const json_value *ref = tc_path(tc_result(c), "violations.0.ref");
    cr_assert(ref != NULL && ref->type == JSON_NULL);
    json_doc_free(c);
    c = fx_call(&f.trainee_iv, "claim.create", "{\"registration\":%lld}", (long long)reg);
    cr_assert(eq(i64, tc_error_code(c), 1004));
    const json_value *viol = tc_path(json_doc_root(c), "error.data.violations.0");
    cr_assert(eq(str, (char *)tc_str(viol, "rule"), "qualified_iv"));
    cr_assert(tc_path(viol, "message") != NULL);
    cr_assert(tc_path(viol, "ref") != NULL && tc_path(viol, "ref")->type == JSON_NULL);
    json_doc_free(c);
    c = fx_call(&f.admin, "claim.check", "{\"registration\":%lld}", (long long)reg);
    cr_assert(tc_path(tc_result(c), "eligible")->u.boolean, "the registration's IV would sign");
    json_doc_free(c);
    c = fx_call(&f.iv, "claim.create", "{\"registration\":%lld}", (long long)reg);
    const json_value *certs = tc_path(tc_result(c), "certificates");
    cr_assert(eq(sz, certs->len, 2));
    cr_assert(eq(str, (char *)tc_str(certs, "1.title"), "OCR Level 2 NVQ in Customer Service"));
    json_doc_free(c);
    /* the full award is claimed once, and so is each unit it certificated */
    c = fx_call(&f.iv, "claim.create", "{\"registration\":%lld}", (long long)reg);
    /* the message gives the reason, and does not promise that waiting helps */
    cr_assert(has(tc_error_message(c), "may not make this claim: the full award was claimed on"),
              "%s", tc_error_message(c));
    fx_refused(c, 1004, "already_claimed");
    c = fx_call(&f.iv, "claim.check", "{\"registration\":%lld,\"units\":[\"1\",\"5\"]}",
                (long long)reg);
    cr_assert(eq(i64, tc_error_code(c), 0), "%s", tc_error_message(c));
    cr_assert(eq(str, (char *)tc_str(tc_result(c), "violations.0.ref"), "1"));
    cr_assert(eq(str, (char *)tc_str(tc_result(c), "violations.1.ref"), "5"));
    json_doc_free(c);
    c = fx_call(&f.admin, "claim.list", "{\"registration\":%lld}", (long long)reg);
    cr_assert(eq(sz, tc_result(c)->len, 1));
    cr_assert(tc_bool(tc_result(c), "0.full"));
    cr_assert(eq(sz, tc_path(tc_result(c), "0.certificates")->len, 2));
    json_doc_free(c);

    /* every write is in the audit trail, and the trail verifies */
    json_doc *a = fx_call(NULL, "audit.list", "{\"record\":\"registration:%lld\"}", (long long)reg);
    cr_assert(eq(sz, tc_result(a)->len, 1));
    cr_assert(eq(str, (char *)tc_str(tc_result(a), "0.method"), "registration.create"));
    cr_assert(eq(str, (char *)tc_str(tc_result(a), "0.actor.name"), "Ann Admin"));
    json_doc_free(a);
    a = fx_call(NULL, "audit.verify", "{}");
    cr_assert(tc_path(tc_result(a), "ok")->u.boolean);
    json_doc_free(a);
}

Test(journey_ocr, rules_of_combination_name_what_is_missing)
{
    centre_fx f;
    fx_centre(&f, "OCR-J2");
    int64_t reg =
        register_05943(&f, &f.assessor, "2009-06-01", "[\"9\",\"10\",\"11\",\"31\",\"36\"]");
    const char *all[][2] = {{"1", "[\"1:1.1\",\"1:1.2\"]"},
                            {"5", "[\"5:5.1\",\"5:5.2\"]"},
                            {"9", "[\"9:9.1\",\"9:9.2\",\"9:9.3\"]"},
                            {"10", "[\"10:10.1\",\"10:10.2\",\"10:10.3\"]"},
                            {"11", "[\"11:11.1\",\"11:11.2\",\"11:11.3\"]"},
                            {"31", "[\"31:31.1\",\"31:31.2\",\"31:31.3\"]"},
                            {"36", "[\"36:36.1\",\"36:36.2\",\"36:36.3\"]"}};
    for (size_t i = 0; i < 7; i++)
        decide_and_sign_on(&f.assessor, reg, all[i][0],
                           evidence(&f.assessor, reg, "O", all[i][1], NULL), "2009-06-10",
                           "2009-06-11");
    /* assessment follows the registration: a decision dated before it names the date */
    json_doc *early = fx_call(&f.assessor, "decision.record",
                              "{\"registration\":%lld,\"unit\":\"1\",\"outcome\":\"met\","
                              "\"kind\":\"formative\",\"justification\":\"j\",\"feedback\":\"f\","
                              "\"date\":\"2009-05-31\",\"evidence\":[]}",
                              (long long)reg);
    cr_assert(eq(i64, tc_error_code(early), -32602));
    cr_assert(eq(str, (char *)tc_str(json_doc_root(early), "error.data.field"), "date"));
    json_doc_free(early);
    json_doc *p = fx_call(&f.iv, "progress.get", "{\"registration\":%lld}", (long long)reg);
    const json_value *q = tc_path(tc_result(p), "qualification");
    cr_assert(not(tc_path(q, "achieved")->u.boolean));
    cr_assert(eq(sz, tc_path(q, "violations")->len, 1));
    cr_assert(eq(str, (char *)tc_str(q, "violations.0.rule"), "theme"));
    cr_assert(eq(str, (char *)tc_str(q, "violations.0.message"), "no unit from theme Delivery"));
    json_doc_free(p);
    /* registered four weeks ago: the ten-week rule blocks a full claim */
    json_doc *c = fx_call(&f.iv, "claim.check", "{\"registration\":%lld}", (long long)reg);
    cr_assert(not(tc_path(tc_result(c), "eligible")->u.boolean));
    const json_value *v = tc_path(tc_result(c), "violations");
    bool ten = false, theme = false;
    for (size_t i = 0; i < v->len; i++) {
        ten |= !strcmp(tc_str(v->u.items[i], "rule"), "ten_week_rule");
        theme |= !strcmp(tc_str(v->u.items[i], "rule"), "theme");
    }
    cr_assert(ten && theme, "both the ten-week rule and the missing theme");
    json_doc_free(c);
    /* units may be claimed on their own */
    c = fx_call(&f.iv, "claim.check", "{\"registration\":%lld,\"units\":[\"9\",\"10\"]}",
                (long long)reg);
    cr_assert(tc_path(tc_result(c), "eligible")->u.boolean);
    json_doc_free(c);
}

Test(journey_ocr, a_trainee_assessor_is_countersigned)
{
    centre_fx f;
    fx_centre(&f, "OCR-J3");
    int64_t reg = register_05943(&f, &f.trainee, "2009-01-05", NULL);
    int64_t ev = evidence(&f.trainee, reg, "O", "[\"5:5.1\",\"5:5.2\"]", NULL);
    json_doc *d = fx_call(&f.trainee, "decision.record",
                          "{\"registration\":%lld,\"unit\":\"5\",\"outcome\":\"met\",\"kind\":"
                          "\"summative\",\"justification\":\"Observed\",\"feedback\":\"Good\","
                          "\"date\":\"2009-03-10\",\"evidence\":[%lld]}",
                          (long long)reg, (long long)ev);
    cr_assert(tc_path(tc_result(d), "countersignature_required")->u.boolean);
    int64_t decision = tc_rint(d, "id");
    json_doc_free(d);
    d = fx_call(&f.iv, "decision.list", "{\"registration\":%lld}", (long long)reg);
    cr_assert(tc_bool(tc_result(d), "0.trainee"));
    json_doc_free(d);
    /* a unit is signed off once it is decided, not before */
    d = fx_call(&f.trainee, "unit.signoff",
                "{\"registration\":%lld,\"unit\":\"5\",\"date\":\"2009-03-09\"}", (long long)reg);
    cr_assert(strstr(tc_error_message(d), "(2009-03-10)") != NULL, "%s", tc_error_message(d));
    fx_invalid(d, "date");
    d = fx_call(&f.trainee, "unit.signoff",
                "{\"registration\":%lld,\"unit\":\"5\",\"date\":\"2009-03-11\"}", (long long)reg);
    cr_assert(eq(str, (char *)tc_rstr(d, "status"), "awaiting_countersignature"));
    json_doc_free(d);
    json_doc *c =
        fx_call(&f.iv, "claim.check", "{\"registration\":%lld,\"units\":[\"5\"]}", (long long)reg);
    cr_assert(
        eq(str, (char *)tc_str(tc_result(c), "violations.0.rule"), "countersignature_pending"));
    json_doc_free(c);
    /* nobody countersigns their own work; a trainee cannot countersign */
    fx_refused(fx_call(&f.trainee, "unit.countersign", "{\"registration\":%lld,\"unit\":\"5\"}",
                       (long long)reg),
               1002, "countersign_own");
    fx_refused(
        fx_call(&f.trainee, "decision.countersign", "{\"decision\":%lld}", (long long)decision),
        1002, "countersign_own");
    d = fx_call(&f.other_assessor, "decision.countersign", "{\"decision\":%lld}",
                (long long)decision);
    cr_assert(eq(i64, tc_error_code(d), 0), "%s", tc_error_message(d));
    json_doc_free(d);
    d = fx_call(&f.other_assessor, "unit.countersign", "{\"registration\":%lld,\"unit\":\"5\"}",
                (long long)reg);
    cr_assert(eq(str, (char *)tc_rstr(d, "status"), "signed_off"));
    json_doc_free(d);
    json_doc *p = fx_call(&f.iv, "progress.get", "{\"registration\":%lld}", (long long)reg);
    cr_assert(eq(str, (char *)tc_str(unit_of(p, "5"), "status"), "signed_off"));
    json_doc_free(p);
}

Test(journey_ocr, registration_rules)
{
    centre_fx f;
    fx_centre(&f, "OCR-J4");
    const char *fmt = "{\"candidate\":%lld,\"qualification\":\"%s\",\"centre\":%lld,"
                      "\"registered_on\":\"%s\",\"assessor\":%lld,\"iv\":%lld}";
    fx_id(fx_call(&f.admin, "registration.create", fmt, (long long)f.candidate.id, "OCR:05943",
                  (long long)f.centre, "2009-01-05", (long long)f.assessor.id, (long long)f.iv.id));
    /* the same qualification twice */
    fx_refused(fx_call(&f.admin, "registration.create", fmt, (long long)f.candidate.id, "OCR:05943",
                       (long long)f.centre, "2009-01-06", (long long)f.assessor.id,
                       (long long)f.iv.id),
               1003, NULL);
    /* the assessor as IV */
    fx_refused(fx_call(&f.admin, "registration.create", fmt, (long long)f.other_candidate.id,
                       "OCR:05944", (long long)f.centre, "2009-01-06", (long long)f.dual.id,
                       (long long)f.dual.id),
               1004, "iv_independent");
    /* a date in the future, a person without the role, an unknown qualification */
    fx_refused(fx_call(&f.admin, "registration.create", fmt, (long long)f.other_candidate.id,
                       "OCR:05944", (long long)f.centre, "2009-07-01", (long long)f.assessor.id,
                       (long long)f.iv.id),
               1004, "registration_date");
    fx_refused(fx_call(&f.admin, "registration.create", fmt, (long long)f.other_candidate.id,
                       "OCR:05944", (long long)f.centre, "2009-01-06", (long long)f.iv.id,
                       (long long)f.assessor.id),
               -32602, NULL);
    fx_refused(fx_call(&f.admin, "registration.create", fmt, (long long)f.other_candidate.id,
                       "OCR:00000", (long long)f.centre, "2009-01-06", (long long)f.assessor.id,
                       (long long)f.iv.id),
               1001, NULL);
    /* an unknown unit, an unknown criterion: named */
    int64_t reg = fx_id(fx_call(&f.admin, "registration.create", fmt,
                                (long long)f.other_candidate.id, "OCR:05944", (long long)f.centre,
                                "2009-01-06", (long long)f.assessor.id, (long long)f.iv.id));
    json_doc *d = fx_call(&f.assessor, "evidence.add",
                          "{\"registration\":%lld,\"title\":\"x\",\"method\":\"O\",\"date\":"
                          "\"2009-02-01\",\"location\":\"p\",\"criteria\":[\"99:99.1\"]}",
                          (long long)reg);
    cr_assert(has(tc_error_message(d), "unit '99' is not among registration"));
    fx_refused(d, -32602, NULL);
    d = fx_call(&f.assessor, "evidence.add",
                "{\"registration\":%lld,\"title\":\"x\",\"method\":\"O\",\"date\":\"2009-02-01\","
                "\"location\":\"p\",\"criteria\":[\"7:7.9\"]}",
                (long long)reg);
    cr_assert(has(tc_error_message(d), "'7:7.9'"));
    fx_refused(d, -32602, NULL);
    /* ULNs are checked */
    fx_refused(fx_call(&f.admin, "candidate.create", "{\"name\":\"X\",\"uln\":\"1234567890\"}"),
               -32602, NULL);
    int64_t y =
        fx_id(fx_call(&f.admin, "candidate.create", "{\"name\":\"Y\",\"uln\":\"1234567899\"}"));
    /* a ULN names one learner: the centre's second record of them is refused, naming the first */
    json_doc *d2 =
        fx_call(&f.admin, "candidate.create", "{\"name\":\"Y Again\",\"uln\":\"1234567899\"}");
    cr_assert(eq(i64, tc_int(json_doc_root(d2), "error.data.person"), y));
    cr_assert(has(tc_error_message(d2), "1234567899"), "%s", tc_error_message(d2));
    fx_refused(d2, 1003, NULL);
    /* at another centre the same learner is another centre's record */
    centre_fx g;
    fx_centre(&g, "OCR-ULN2");
    fx_id(fx_call(&g.admin, "candidate.create", "{\"name\":\"Y\",\"uln\":\"1234567899\"}"));
}

/* progress.centre (the plugin's progress.batch hook, over the streamed store) must count what
 * progress.get (the plugin's progress hook) says of each registration. */
Test(journey_ocr, progress_centre_agrees_with_progress_get)
{
    centre_fx f;
    fx_centre(&f, "OCR-J5");
    int64_t regs[2];
    const person_fx *cands[2] = {&f.candidate, &f.other_candidate};
    for (int i = 0; i < 2; i++)
        regs[i] = fx_id(fx_call(&f.admin, "registration.create",
                                "{\"candidate\":%lld,\"qualification\":\"OCR:05943\","
                                "\"centre\":%lld,\"registered_on\":\"2009-01-05\",\"assessor\":"
                                "%lld,\"iv\":%lld,\"units\":[\"9\",\"10\",\"21\",\"31\",\"36\"]}",
                                (long long)cands[i]->id, (long long)f.centre,
                                (long long)f.assessor.id, (long long)f.iv.id));
    /* the first: unit 9 ready for sign-off; unit 10 only an uncountersigned statement */
    int64_t ev = evidence(&f.assessor, regs[0], "O", "[\"9:9.1\",\"9:9.2\",\"9:9.3\"]", NULL);
    int64_t met = fx_id(fx_call(&f.assessor, "decision.record",
                                "{\"registration\":%lld,\"unit\":\"9\",\"outcome\":\"met\","
                                "\"kind\":\"summative\",\"justification\":\"j\",\"feedback\":"
                                "\"f\",\"date\":\"2009-03-10\",\"evidence\":[%lld]}",
                                (long long)regs[0], (long long)ev));
    evidence(&f.candidate, regs[0], "EPS", "[\"10:10.1\",\"10:10.2\",\"10:10.3\"]", NULL);
    /* the second: units 1 and 9 signed off, unit 21 half covered */
    decide_and_sign(&f.assessor, regs[1], "1",
                    evidence(&f.assessor, regs[1], "O", "[\"1:1.1\",\"1:1.2\"]", NULL));
    decide_and_sign(&f.assessor, regs[1], "9",
                    evidence(&f.assessor, regs[1], "O", "[\"9:9.1\",\"9:9.2\",\"9:9.3\"]", NULL));
    evidence(&f.assessor, regs[1], "O", "[\"21:21.1\"]", NULL);

    int64_t units = 0, achieved = 0, ready = 0, quals = 0;
    for (int i = 0; i < 2; i++) {
        json_doc *p = fx_call(&f.iv, "progress.get", "{\"registration\":%lld}", (long long)regs[i]);
        const json_value *us = tc_path(tc_result(p), "units");
        for (size_t u = 0; u < us->len; u++) {
            const char *st = tc_str(us->u.items[u], "status");
            units++;
            achieved += !strcmp(st, "signed_off") || !strcmp(st, "brought_forward");
            ready += !strcmp(st, "ready_for_signoff");
        }
        quals += tc_path(tc_result(p), "qualification.achieved")->u.boolean;
        json_doc_free(p);
    }
    cr_assert(eq(i64, ready, 1));
    cr_assert(eq(i64, achieved, 2));
    json_doc *d = fx_call(&f.iv, "progress.centre", "{\"centre\":%lld}", (long long)f.centre);
    cr_assert(eq(i64, tc_rint(d, "registrations"), 2));
    cr_assert(eq(i64, tc_rint(d, "units"), units));
    cr_assert(eq(i64, tc_rint(d, "units_achieved"), achieved));
    cr_assert(eq(i64, tc_rint(d, "units_ready_for_signoff"), ready));
    cr_assert(eq(i64, tc_rint(d, "achieved"), quals));
    json_doc_free(d);

    /* a correction, dated before what it corrects: only the correction counts, in both */
    fx_id(fx_call(&f.assessor, "decision.record",
                  "{\"registration\":%lld,\"unit\":\"9\",\"outcome\":\"not_yet\",\"kind\":"
                  "\"summative\",\"justification\":\"j\",\"feedback\":\"f\",\"date\":"
                  "\"2009-03-09\",\"evidence\":[%lld],\"supersedes\":%lld}",
                  (long long)regs[0], (long long)ev, (long long)met));
    json_doc *p = fx_call(&f.iv, "progress.get", "{\"registration\":%lld}", (long long)regs[0]);
    const json_value *us = tc_path(tc_result(p), "units");
    for (size_t u = 0; u < us->len; u++)
        cr_assert(strcmp(tc_str(us->u.items[u], "status"), "ready_for_signoff") != 0);
    json_doc_free(p);
    d = fx_call(&f.iv, "progress.centre", "{\"centre\":%lld}", (long long)f.centre);
    cr_assert(eq(i64, tc_rint(d, "units_ready_for_signoff"), 0));
    cr_assert(eq(i64, tc_rint(d, "computed"), 1));
    json_doc_free(d);
}

/* progress.get lists a registration's units in the order they were chosen, not by unit id
 * (36 is M/103/6793, 9 is H/103/6273). */
Test(journey_ocr, progress_lists_units_in_the_order_chosen)
{
    centre_fx f;
    fx_centre(&f, "OCR-J6");
    int64_t reg = register_05943(&f, &f.assessor, "2009-01-05", "[\"36\",\"9\"]");
    json_doc *p = fx_call(&f.iv, "progress.get", "{\"registration\":%lld}", (long long)reg);
    cr_assert(eq(i64, tc_error_code(p), 0), "%s", tc_error_message(p));
    const json_value *us = tc_path(tc_result(p), "units");
    size_t at36 = us->len, at9 = us->len; /* the qualification's mandatory units come too */
    for (size_t i = 0; i < us->len; i++) {
        const char *n = tc_str(us->u.items[i], "number");
        if (!strcmp(n, "36"))
            at36 = i;
        else if (!strcmp(n, "9"))
            at9 = i;
    }
    cr_assert(lt(sz, at36, at9), "36 at %zu, 9 at %zu", at36, at9);
    cr_assert(lt(sz, at9, us->len));
    json_doc_free(p);
}

/* What evidence.add is told about an item is kept with it: its type and prior achievement */
Test(journey_ocr, evidence_keeps_its_type_and_prior_achievement)
{
    centre_fx f;
    fx_centre(&f, "OCR-EVIDENCE-TYPE");
    int64_t reg = register_05943(&f, &f.assessor, "2009-01-05", NULL);
    const char *add =
        "{\"registration\":%lld,\"title\":\"earlier certificate\",\"method\":\"QW\","
        "\"date\":\"2008-11-03\",\"location\":\"college\",\"criteria\":[\"1:1.1\"]%s}";
    fx_refused(fx_call(&f.assessor, "evidence.add", add, (long long)reg,
                       ",\"evidence_type\":\"practical\""),
               -32602, NULL);
    fx_refused(fx_call(&f.assessor, "evidence.add", add, (long long)reg, ",\"testimony\":5"),
               -32602, NULL);
    json_doc *d = fx_call(&f.assessor, "evidence.add", add, (long long)reg,
                          ",\"evidence_type\":\"knowledge\",\"prior_achievement\":true");
    cr_assert(eq(i64, tc_error_code(d), 0), "%s", tc_error_message(d));
    cr_assert(eq(sz, tc_path(tc_result(d), "warnings")->len, 0),
              "prior achievement is not warned about as evidence from before registration");
    int64_t id = tc_rint(d, "id");
    json_doc_free(d);
    int64_t plain = fx_id(fx_call(&f.assessor, "evidence.add", add, (long long)reg, ""));
    d = fx_call(&f.assessor, "evidence.list", "{\"registration\":%lld}", (long long)reg);
    const json_value *items = tc_result(d);
    cr_assert(eq(sz, items->len, 2));
    cr_assert(eq(i64, tc_int(items, "0.id"), id));
    cr_assert(eq(str, (char *)tc_str(items, "0.evidence_type"), "knowledge"));
    cr_assert(tc_bool(items, "0.prior_achievement"));
    cr_assert(eq(i64, tc_int(items, "1.id"), plain));
    cr_assert(eq(int, tc_path(items, "1.evidence_type")->type, JSON_NULL));
    cr_assert(not(tc_bool(items, "1.prior_achievement")));
    json_doc_free(d);
}

/* A title, a place, a name: one line each. A line break or tab in one would break the printed
 * record, a CSV report's row or a reminder's subject, so it is refused naming the field; the
 * long texts (description, justification, notes) keep theirs. */
Test(journey_ocr, one_line_texts_refuse_line_breaks)
{
    centre_fx f;
    fx_centre(&f, "OCR-ONE-LINE");
    int64_t reg = register_05943(&f, &f.assessor, "2009-01-05", NULL);
    const char *add = "{\"registration\":%lld,\"title\":\"%s\",\"method\":\"O\","
                      "\"date\":\"2009-03-02\",\"location\":\"%s\",\"criteria\":[\"1:1.1\"],"
                      "\"description\":\"%s\"}";
    json_doc *d =
        fx_call(&f.assessor, "evidence.add", add, (long long)reg, "Calls\\nlog", "desk", "");
    cr_assert(has(tc_error_message(d), "one line of text"), "%s", tc_error_message(d));
    fx_invalid(d, "title");
    fx_invalid(fx_call(&f.assessor, "evidence.add", add, (long long)reg, "Calls", "desk\\t2", ""),
               "location");
    fx_invalid(
        fx_call(&f.assessor, "evidence.add", add, (long long)reg, "Calls\\u007f", "desk", ""),
        "title");
    /* a description may run over lines; accents and other letters are text, not controls */
    fx_id(fx_call(&f.assessor, "evidence.add", add, (long long)reg, "Appel au caf\\u00e9", "desk",
                  "First call.\\nSecond call."));
    fx_invalid(fx_call(&f.assessor, "witness.create", "{\"name\":\"Ann\\r\\nBcc: x@y\"}"), "name");
    fx_invalid(fx_call(&f.assessor, "witness.create", "{\"name\":\"Ann\",\"contact\":\"01\\n2\"}"),
               "contact");
    fx_invalid(fx_call(&f.admin, "registration.create",
                       "{\"candidate\":%lld,\"qualification\":\"OCR:05944\",\"centre\":%lld,"
                       "\"registered_on\":\"2009-01-05\",\"assessor\":%lld,\"iv\":%lld,"
                       "\"body_reference\":\"R1\\nR2\"}",
                       (long long)f.other_candidate.id, (long long)f.centre,
                       (long long)f.assessor.id, (long long)f.iv.id),
               "body_reference");
    /* nothing refused was stored */
    d = fx_call(&f.assessor, "evidence.list", "{\"registration\":%lld}", (long long)reg);
    cr_assert(eq(sz, tc_result(d)->len, 1));
    json_doc_free(d);
    /* system.methods names the type, so a client knows to send such a value as text */
    d = fx_call(&f.assessor, "system.methods", "{}");
    const json_value *ms = tc_result(d);
    const char *type = NULL;
    for (size_t i = 0; i < ms->len && !type; i++)
        if (!strcmp(tc_str(ms->u.items[i], "name"), "evidence.add"))
            type = tc_str(ms->u.items[i], "params.1.type");
    cr_assert(eq(str, (char *)type, "line"));
    json_doc_free(d);
}
