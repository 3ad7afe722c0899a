/* Integration tests: the shipped jobs in scripts/ against a real daemon started with --today
 * 2009-06-30. Each kind of reminder is checked on the days around its edge (the day before,
 * the day, the day after) through reminders.due {date}, and again after the record that
 * settles it; then the outbox (scripts.run stores each reminder once), the live stream
 * (reminders.subscribe) and the iCalendar feed (RFC 5545). */
#include <criterion/criterion.h>
#include <criterion/new/assert.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "fixture.h"

static bool has(const char *haystack, const char *needle)
{
    return haystack && strstr(haystack, needle) != NULL;
}

/* The number at path, or 0 when there is none (a null person, say). */
static int64_t num(const json_value *v, const char *path)
{
    const json_value *x = tc_path(v, path);
    return x && x->type == JSON_NUMBER ? x->u.num.i : 0;
}

/* reminders.due as the OS administrator. */
static json_doc *due(const char *date, int within, const char *kind)
{
    char params[200];
    snprintf(params, sizeof params, "{\"date\":\"%s\",\"within_days\":%d,\"kind\":\"%s\"}", date,
             within, kind);
    json_doc *d = tc_call1("reminders.due", params);
    cr_assert(eq(i64, tc_error_code(d), 0), "%s", tc_error_message(d));
    cr_assert(eq(sz, tc_path(tc_result(d), "failed")->len, 0), "a job failed");
    return d;
}

static const json_value *find_key(json_doc *d, const char *key)
{
    const json_value *list = tc_path(tc_result(d), "reminders");
    for (size_t i = 0; list && i < list->len; i++)
        if (!strcmp(tc_str(list->u.items[i], "key"), key))
            return list->u.items[i];
    return NULL;
}

static bool listed(const char *date, int within, const char *kind, const char *key)
{
    json_doc *d = due(date, within, kind);
    bool found = find_key(d, key) != NULL;
    json_doc_free(d);
    return found;
}

/* Whether the reminder names person among those who should act. */
static bool acts(const json_value *rem, int64_t person)
{
    const json_value *act = json_get(rem, "act");
    for (size_t i = 0; act && i < act->len; i++)
        if (tc_int(act->u.items[i], "id") == person)
            return true;
    return false;
}

static int64_t registration(centre_fx *f, const person_fx *assessor, const char *qual,
                            const char *on, const char *units)
{
    return fx_id(fx_call(&f->admin, "registration.create",
                         "{\"candidate\":%lld,\"qualification\":\"%s\",\"centre\":%lld,"
                         "\"registered_on\":\"%s\",\"assessor\":%lld,\"iv\":%lld,\"units\":%s}",
                         (long long)f->candidate.id, qual, (long long)f->centre, on,
                         (long long)assessor->id, (long long)f->iv.id, units));
}

Test(reminders, a_review_falls_due_on_its_date_and_moves_with_the_next_review)
{
    centre_fx f;
    fx_centre(&f, "R1");
    int64_t reg = registration(&f, &f.assessor, "OCR:05943", "2009-06-01", "[]");
    /* no review yet: registered_on + the review interval (28 days) */
    char key[64];
    snprintf(key, sizeof key, "review:%lld:2009-06-29", (long long)reg);
    cr_assert(not(listed("2009-06-28", 0, "review_due", key)));
    json_doc *d = due("2009-06-29", 0, "review_due");
    const json_value *r = find_key(d, key);
    cr_assert(r != NULL);
    cr_assert(eq(str, (char *)tc_str(r, "due"), "2009-06-29"));
    cr_assert(not(tc_path(r, "overdue")->u.boolean));
    cr_assert(eq(i64, tc_int(r, "days"), 0));
    cr_assert(eq(i64, tc_int(r, "registration"), reg));
    cr_assert(eq(i64, tc_int(r, "centre"), f.centre));
    cr_assert(eq(i64, tc_int(r, "person.id"), f.candidate.id));
    cr_assert(eq(str, (char *)tc_str(r, "person.name"), "Cara Candidate"));
    cr_assert(acts(r, f.assessor.id));
    cr_assert(eq(str, (char *)tc_str(r, "act.0.name"), "Sam Assessor"));
    cr_assert(has(tc_str(r, "why"), "is due today"), "%s", tc_str(r, "why"));
    json_doc_free(d);
    d = due("2009-06-30", 0, "review_due");
    r = find_key(d, key);
    cr_assert(r != NULL);
    cr_assert(tc_path(r, "overdue")->u.boolean);
    cr_assert(eq(i64, tc_int(r, "days"), -1));
    json_doc_free(d);
    /* the window: a week ahead */
    cr_assert(listed("2009-06-22", 7, "review_due", key));
    cr_assert(not(listed("2009-06-21", 7, "review_due", key)));

    /* the review is held and sets the next one */
    fx_id(fx_call(&f.assessor, "review.record",
                  "{\"registration\":%lld,\"date\":\"2009-06-30\",\"notes\":\"progress\","
                  "\"next_due\":\"2009-07-14\"}",
                  (long long)reg));
    cr_assert(not(listed("2009-06-30", 0, "review_due", key)));
    snprintf(key, sizeof key, "review:%lld:2009-07-14", (long long)reg);
    cr_assert(not(listed("2009-07-13", 0, "review_due", key)));
    cr_assert(listed("2009-07-14", 0, "review_due", key));
    cr_assert(listed("2009-07-15", 0, "review_due", key));
}

Test(reminders, a_full_claim_becomes_due_ten_weeks_after_registration)
{
    centre_fx f;
    fx_centre(&f, "R2");
    /* every chosen unit brought forward: only the ten-week rule stands in the way */
    int64_t reg = registration(&f, &f.assessor, "CG:3412-04", "2009-04-21",
                               "[{\"unit\":\"411\",\"brought_forward\":\"Level 3, 2008\"}]");
    char key[64];
    snprintf(key, sizeof key, "claim:%lld", (long long)reg);
    cr_assert(not(listed("2009-06-29", 0, "claim_eligible", key)));
    json_doc *d = due("2009-06-30", 0, "claim_eligible");
    const json_value *r = find_key(d, key);
    cr_assert(r != NULL);
    cr_assert(eq(str, (char *)tc_str(r, "due"), "2009-06-30"));
    cr_assert(acts(r, f.iv.id));
    cr_assert(acts(r, f.admin.id));
    cr_assert(has(tc_str(r, "why"), "10 weeks on 2009-06-30"), "%s", tc_str(r, "why"));
    json_doc_free(d);
    cr_assert(listed("2009-07-01", 0, "claim_eligible", key));
    /* a claim made: nothing more to remind */
    json_doc *c = fx_call(&f.iv, "claim.create", "{\"registration\":%lld,\"units\":[\"411\"]}",
                          (long long)reg);
    cr_assert(eq(i64, tc_error_code(c), 0), "%s", tc_error_message(c));
    json_doc_free(c);
    cr_assert(not(listed("2009-07-01", 0, "claim_eligible", key)));
}

/* All 21 criteria of unit 411 and enough of its ranges to sign it off. */
static const char *criteria_411 =
    "[\"411:1.1\",\"411:1.2\",\"411:1.3\",\"411:1.4\",\"411:1.5\",\"411:2.1\",\"411:2.2\","
    "\"411:2.3\",\"411:2.4\",\"411:2.5\",\"411:2.6\",\"411:2.7\",\"411:3.1\",\"411:3.2\","
    "\"411:3.3\",\"411:3.4\",\"411:3.5\",\"411:3.6\",\"411:3.7\",\"411:3.8\",\"411:3.9\"]";
static const char *ranges_411 =
    "[\"411:ER4:a\",\"411:ER4:b\",\"411:ER5:a\",\"411:ER5:b\",\"411:ER5:c\",\"411:ER6:a\","
    "\"411:ER6:c\",\"411:ER7:a\",\"411:ER7:b\",\"411:ER7:c\"]";

static int64_t evidence(const person_fx *as, int64_t reg, const char *method, const char *date,
                        const char *criteria, const char *ranges, bool simulated)
{
    json_doc *d =
        fx_call(as, "evidence.add",
                "{\"registration\":%lld,\"title\":\"evidence of %s\",\"method\":\"%s\","
                "\"date\":\"%s\",\"location\":\"e-portfolio\",\"criteria\":%s,"
                "\"ranges\":%s,\"simulated\":%s}",
                (long long)reg, date, method, date, criteria, ranges, simulated ? "true" : "false");
    cr_assert(eq(i64, tc_error_code(d), 0), "%s", tc_error_message(d));
    return fx_id(d);
}

Test(reminders, a_trainee_sign_off_waits_for_its_countersignature)
{
    centre_fx f;
    fx_centre(&f, "R3");
    int64_t reg = registration(&f, &f.trainee, "CG:3412-05", "2009-03-01", "[\"411\"]");
    int64_t ev = evidence(&f.trainee, reg, "O", "2009-05-20", criteria_411, ranges_411, false);
    json_doc_free(fx_call(&f.trainee, "decision.record",
                          "{\"registration\":%lld,\"unit\":\"411\",\"outcome\":\"met\",\"kind\":"
                          "\"summative\",\"justification\":\"j\",\"feedback\":\"f\",\"date\":"
                          "\"2009-05-25\",\"evidence\":[%lld]}",
                          (long long)reg, (long long)ev));
    json_doc *d =
        fx_call(&f.trainee, "unit.signoff",
                "{\"registration\":%lld,\"unit\":\"411\",\"date\":\"2009-06-01\"}", (long long)reg);
    cr_assert(eq(str, (char *)tc_rstr(d, "status"), "awaiting_countersignature"));
    int64_t signoff = tc_rint(d, "id");
    json_doc_free(d);

    char key[64];
    snprintf(key, sizeof key, "claim:%lld", (long long)reg);
    cr_assert(not(listed("2009-06-30", 0, "claim_eligible", key)));
    cr_assert(not(listed("2009-12-31", 0, "claim_eligible", key)));
    /* the evidence has its decision: nothing waits */
    snprintf(key, sizeof key, "evidence:%lld:2009-05-20", (long long)reg);
    cr_assert(not(listed("2009-12-31", 0, "evidence_undecided", key)));
    /* the sign-off waits for the IV: 28 days after it */
    char iv_key[64];
    snprintf(iv_key, sizeof iv_key, "iv_signoff:%lld:2009-06-01", (long long)reg);
    cr_assert(not(listed("2009-06-28", 0, "iv_signoff", iv_key)));
    cr_assert(listed("2009-06-29", 0, "iv_signoff", iv_key));
    d = due("2009-06-30", 0, "iv_signoff");
    const json_value *r = find_key(d, iv_key);
    cr_assert(r != NULL);
    cr_assert(acts(r, f.iv.id));
    cr_assert(eq(i64, tc_int(r, "data.signoff"), signoff));
    cr_assert(eq(str, (char *)tc_str(r, "data.units"), "411"));
    json_doc_free(d);

    /* countersigned today (2009-06-30): eligible from today, ten weeks having long passed */
    json_doc_free(fx_call(&f.assessor, "unit.countersign",
                          "{\"registration\":%lld,\"unit\":\"411\"}", (long long)reg));
    snprintf(key, sizeof key, "claim:%lld", (long long)reg);
    cr_assert(not(listed("2009-06-29", 0, "claim_eligible", key)));
    d = due("2009-06-30", 0, "claim_eligible");
    r = find_key(d, key);
    cr_assert(r != NULL);
    cr_assert(eq(str, (char *)tc_str(r, "due"), "2009-06-30"));
    json_doc_free(d);

    /* the IV samples the unit */
    json_doc *s = fx_call(&f.iv, "iv.sample",
                          "{\"registration\":%lld,\"unit\":\"411\",\"outcome\":\"confirmed\","
                          "\"notes\":\"sampled\"}",
                          (long long)reg);
    cr_assert(eq(i64, tc_error_code(s), 0), "%s", tc_error_message(s));
    json_doc_free(s);
    cr_assert(not(listed("2009-06-30", 0, "iv_signoff", iv_key)));
}

Test(reminders, evidence_without_a_decision_and_simulated_evidence_unsampled)
{
    centre_fx f;
    fx_centre(&f, "R4");
    int64_t reg = registration(&f, &f.assessor, "CG:3412-05", "2009-05-01", "[\"411\"]");
    int64_t ev = evidence(&f.assessor, reg, "O", "2009-06-10", "[\"411:1.1\"]", "[]", false);
    int64_t sim = evidence(&f.assessor, reg, "QC", "2009-06-10", "[\"411:3.1\"]", "[]", true);
    char key[64], sim_key[64];
    /* no decision 14 days after the evidence: one reminder for the candidate's two items */
    snprintf(key, sizeof key, "evidence:%lld:2009-06-10", (long long)reg);
    cr_assert(not(listed("2009-06-23", 0, "evidence_undecided", key)));
    cr_assert(listed("2009-06-24", 0, "evidence_undecided", key));
    json_doc *d = due("2009-06-25", 0, "evidence_undecided");
    const json_value *r = find_key(d, key);
    cr_assert(r != NULL);
    cr_assert(acts(r, f.assessor.id));
    cr_assert(eq(i64, tc_int(r, "data.evidence"), ev));
    cr_assert(eq(i64, tc_int(r, "data.items"), 2));
    cr_assert(eq(str, (char *)tc_str(r, "data.units"), "411"));
    cr_assert(has(tc_str(r, "why"), "2 items of evidence"), "%s", tc_str(r, "why"));
    json_doc_free(d);
    /* simulated evidence not sampled 7 days after it */
    snprintf(sim_key, sizeof sim_key, "iv_simulated:%lld:411", (long long)sim);
    cr_assert(not(listed("2009-06-16", 0, "iv_simulated", sim_key)));
    cr_assert(listed("2009-06-17", 0, "iv_simulated", sim_key));
    d = due("2009-06-18", 0, "iv_simulated");
    r = find_key(d, sim_key);
    cr_assert(r != NULL);
    cr_assert(acts(r, f.iv.id));
    json_doc_free(d);

    /* a decision on the unit dated on or after the evidence settles both items of evidence */
    json_doc_free(fx_call(&f.assessor, "decision.record",
                          "{\"registration\":%lld,\"unit\":\"411\",\"outcome\":\"not_yet\","
                          "\"kind\":\"formative\",\"justification\":\"j\",\"feedback\":\"f\","
                          "\"date\":\"2009-06-12\",\"evidence\":[%lld]}",
                          (long long)reg, (long long)ev));
    cr_assert(not(listed("2009-06-25", 0, "evidence_undecided", key)));
    /* evidence after that decision waits again, from its own date */
    int64_t later = evidence(&f.assessor, reg, "O", "2009-06-20", "[\"411:1.2\"]", "[]", false);
    snprintf(key, sizeof key, "evidence:%lld:2009-06-20", (long long)reg);
    cr_assert(not(listed("2009-07-03", 0, "evidence_undecided", key)));
    d = due("2009-07-04", 0, "evidence_undecided");
    r = find_key(d, key);
    cr_assert(r != NULL);
    cr_assert(eq(i64, tc_int(r, "data.evidence"), later));
    cr_assert(eq(i64, tc_int(r, "data.items"), 1));
    json_doc_free(d);
    /* the IV samples the unit after the simulated evidence */
    json_doc_free(fx_call(&f.iv, "iv.sample",
                          "{\"registration\":%lld,\"unit\":\"411\",\"outcome\":\"confirmed\","
                          "\"notes\":\"role play seen\",\"date\":\"2009-06-15\"}",
                          (long long)reg));
    cr_assert(not(listed("2009-06-18", 0, "iv_simulated", sim_key)));
}

/* A trainee IV's sample settles the simulated evidence only once a qualified IV countersigns. */
Test(reminders, a_trainee_ivs_sample_waits_for_its_countersignature)
{
    centre_fx f;
    fx_centre(&f, "REM-TRAINEE-IV");
    int64_t reg = registration(&f, &f.assessor, "CG:3412-05", "2009-05-01", "[\"411\"]");
    int64_t sim = evidence(&f.assessor, reg, "QC", "2009-06-10", "[\"411:3.1\"]", "[]", true);
    char sim_key[64];
    snprintf(sim_key, sizeof sim_key, "iv_simulated:%lld:411", (long long)sim);
    int64_t sample = fx_id(fx_call(&f.trainee_iv, "iv.sample",
                                   "{\"registration\":%lld,\"unit\":\"411\",\"outcome\":"
                                   "\"confirmed\",\"notes\":\"seen\",\"date\":\"2009-06-15\"}",
                                   (long long)reg));
    cr_assert(listed("2009-06-18", 0, "iv_simulated", sim_key));
    json_doc_free(fx_call(&f.iv, "iv.countersign", "{\"sample\":%lld}", (long long)sample));
    cr_assert(not(listed("2009-06-18", 0, "iv_simulated", sim_key)));
}

/* An item for two units waits on each of them: a decision on one leaves the other waiting. */
Test(reminders, evidence_for_two_units_waits_on_each)
{
    centre_fx f;
    fx_centre(&f, "REM-TWO-UNITS");
    int64_t reg = registration(&f, &f.assessor, "CG:3412-05", "2009-05-01", "[\"411\",\"412\"]");
    int64_t ev = evidence(&f.assessor, reg, "O", "2009-06-10",
                          "[\"412:1.1\",\"411:1.1\",\"412:1.2\"]", "[]", false);
    char key[64];
    snprintf(key, sizeof key, "evidence:%lld:2009-06-10", (long long)reg);
    json_doc *d = due("2009-06-25", 0, "evidence_undecided");
    const json_value *r = find_key(d, key);
    cr_assert(r != NULL);
    cr_assert(eq(i64, tc_int(r, "data.items"), 1));
    cr_assert(eq(str, (char *)tc_str(r, "data.units"), "411, 412"));
    json_doc_free(d);
    json_doc *dec = fx_call(&f.assessor, "decision.record",
                            "{\"registration\":%lld,\"unit\":\"411\",\"outcome\":\"not_yet\","
                            "\"kind\":\"formative\",\"justification\":\"j\",\"feedback\":"
                            "\"f\",\"date\":\"2009-06-12\",\"evidence\":[%lld]}",
                            (long long)reg, (long long)ev);
    cr_assert(eq(i64, tc_error_code(dec), 0), "%s", tc_error_message(dec));
    json_doc_free(dec);
    d = due("2009-06-25", 0, "evidence_undecided");
    r = find_key(d, key);
    cr_assert(r != NULL, "unit 412 has no decision yet");
    cr_assert(eq(i64, tc_int(r, "data.items"), 1));
    cr_assert(eq(str, (char *)tc_str(r, "data.units"), "412"));
    json_doc_free(d);
}

Test(reminders, a_trainee_award_deadline_is_18_months_after_starting)
{
    centre_fx f;
    fx_centre(&f, "R5");
    /* the fixture's trainee assessor started on 2008-06-01, the trainee IV on 2008-09-01 */
    char key[80];
    snprintf(key, sizeof key, "award:%lld:assessor:2009-12-01", (long long)f.trainee.id);
    cr_assert(not(listed("2009-11-30", 0, "award_deadline", key)));
    json_doc *d = due("2009-12-01", 0, "award_deadline");
    const json_value *r = find_key(d, key);
    cr_assert(r != NULL);
    cr_assert(eq(i64, tc_int(r, "person.id"), f.trainee.id));
    cr_assert(acts(r, f.trainee.id));
    cr_assert(acts(r, f.admin.id));
    json_doc_free(d);
    cr_assert(listed("2009-12-02", 0, "award_deadline", key));
    /* "near": the job warns 90 days ahead by default, a window asks further */
    d = tc_call1("reminders.due", "{\"date\":\"2009-09-02\",\"kind\":\"award_deadline\"}");
    cr_assert(find_key(d, key) != NULL);
    json_doc_free(d);
    d = tc_call1("reminders.due", "{\"date\":\"2009-09-01\",\"kind\":\"award_deadline\"}");
    cr_assert(find_key(d, key) == NULL);
    json_doc_free(d);
    char iv_key[80];
    snprintf(iv_key, sizeof iv_key, "award:%lld:iv:2010-03-01", (long long)f.trainee_iv.id);
    cr_assert(listed("2010-03-01", 0, "award_deadline", iv_key));
    /* qualified people have no deadline */
    d = due("2030-01-01", 0, "award_deadline");
    const json_value *list = tc_path(tc_result(d), "reminders");
    for (size_t i = 0; i < list->len; i++)
        cr_assert(num(list->u.items[i], "person.id") != f.assessor.id);
    json_doc_free(d);
    /* the award achieved: no more reminder */
    json_doc *a = fx_call(NULL, "person.award",
                          "{\"person\":%lld,\"code\":\"A1\",\"achieved_on\":\"2009-06-15\"}",
                          (long long)f.trainee.id);
    cr_assert(eq(i64, tc_error_code(a), 0), "%s", tc_error_message(a));
    json_doc_free(a);
    cr_assert(not(listed("2009-12-02", 0, "award_deadline", key)));
}

Test(reminders, a_qualification_last_registration_and_certification_dates)
{
    centre_fx f;
    fx_centre(&f, "R6");
    int64_t reg = registration(&f, &f.assessor, "OCR:05943", "2009-06-01", "[]");
    char key[80];
    snprintf(key, sizeof key, "last_registration:OCR:05943:%lld:2009-07-31", (long long)f.centre);
    cr_assert(not(listed("2009-07-30", 0, "last_registration", key)));
    json_doc *d = due("2009-07-31", 0, "last_registration");
    const json_value *r = find_key(d, key);
    cr_assert(r != NULL);
    cr_assert(acts(r, f.admin.id));
    cr_assert(has(tc_str(r, "why"), "1 candidate(s)"), "%s", tc_str(r, "why"));
    json_doc_free(d);
    cr_assert(not(listed("2009-08-01", 0, "last_registration", key))); /* too late to act */
    cr_assert(listed("2009-07-30", 1, "last_registration", key));

    snprintf(key, sizeof key, "last_certification:%lld:2011-07-31", (long long)reg);
    cr_assert(not(listed("2011-07-30", 0, "last_certification", key)));
    cr_assert(listed("2011-07-31", 0, "last_certification", key));
    d = due("2011-08-01", 0, "last_certification");
    r = find_key(d, key);
    cr_assert(r != NULL);
    cr_assert(tc_path(r, "overdue")->u.boolean);
    cr_assert(acts(r, f.assessor.id));
    cr_assert(acts(r, f.iv.id));
    json_doc_free(d);

    /* C&G's dates are "unknown": no reminder, ever */
    int64_t cg = fx_id(fx_call(&f.admin, "registration.create",
                               "{\"candidate\":%lld,\"qualification\":\"CG:3412-04\","
                               "\"centre\":%lld,\"registered_on\":\"2009-06-01\",\"assessor\":"
                               "%lld,\"iv\":%lld,\"units\":[\"411\"]}",
                               (long long)f.other_candidate.id, (long long)f.centre,
                               (long long)f.assessor.id, (long long)f.iv.id));
    d = due("2030-01-01", 0, "last_certification");
    const json_value *list = tc_path(tc_result(d), "reminders");
    bool ocr = false;
    for (size_t i = 0; i < list->len; i++) {
        cr_assert(num(list->u.items[i], "registration") != cg);
        ocr |= num(list->u.items[i], "registration") == reg;
    }
    cr_assert(ocr);
    json_doc_free(d);
}

static bool in_new(json_doc *run, const char *key)
{
    const json_value *n = tc_path(tc_result(run), "new");
    for (size_t i = 0; n && i < n->len; i++)
        if (!strcmp(tc_str(n->u.items[i], "reminder.key"), key))
            return true;
    return false;
}

Test(reminders, scripts_run_stores_each_reminder_once)
{
    centre_fx f;
    fx_centre(&f, "R7");
    int64_t reg = registration(&f, &f.assessor, "OCR:05943", "2009-06-01", "[]");
    char key[64];
    snprintf(key, sizeof key, "review:%lld:2009-06-29", (long long)reg);
    json_doc *run = tc_call1("scripts.run", "{\"name\":\"reviews\"}");
    cr_assert(eq(i64, tc_error_code(run), 0), "%s", tc_error_message(run));
    cr_assert(in_new(run, key));
    cr_assert(tc_rint(run, "stored") >= 1);
    json_doc_free(run);
    run = tc_call1("scripts.run", "{\"name\":\"reviews\"}");
    cr_assert(not(in_new(run, key)));
    cr_assert(eq(i64, tc_rint(run, "stored"), 0));
    json_doc_free(run);

    char params[80];
    snprintf(params, sizeof params, "{\"registration\":%lld}", (long long)reg);
    json_doc *l = tc_call1("reminders.list", params);
    const json_value *list = tc_result(l);
    int count = 0;
    for (size_t i = 0; i < list->len; i++)
        count += !strcmp(tc_str(list->u.items[i], "key"), key);
    cr_assert(eq(int, count, 1));
    cr_assert(eq(str, (char *)tc_str(list, "0.delivery.command"), "none"));
    json_doc_free(l);

    /* scripts.run is an administrator's, and names a loaded job */
    fx_refused(fx_call(&f.assessor, "scripts.run", "{\"name\":\"reviews\"}"), 1002, "admin_only");
    fx_refused(tc_call1("scripts.run", "{\"name\":\"no_such_job\"}"), 1001, NULL);
    /* and is audited */
    json_doc *a = tc_call1("audit.list", "{\"method\":\"scripts.run\",\"limit\":1000}");
    cr_assert(tc_result(a)->len >= 2);
    json_doc_free(a);
}

/* Reads lines from fd for up to ms, returning whether a reminders.notify for key came. */
static bool notified(int fd, const char *key, int ms)
{
    bool seen = false;
    char *line;
    while ((line = tc_readline(fd, ms)) != NULL) {
        json_doc *d = tc_parse(line);
        const json_value *m = json_get(json_doc_root(d), "method");
        if (m && !strcmp(m->u.str, "reminders.notify") &&
            !strcmp(tc_str(json_doc_root(d), "params.key"), key))
            seen = true;
        json_doc_free(d);
        free(line);
        if (seen)
            break;
    }
    return seen;
}

Test(reminders, subscribers_hear_new_reminders_they_may_see)
{
    centre_fx f;
    fx_centre(&f, "R8");
    int admin = tc_connect();
    json_doc *s = tc_call(admin, "reminders.subscribe", "{}");
    cr_assert(tc_path(tc_result(s), "subscribed")->u.boolean);
    json_doc_free(s);
    int cand = tc_connect();
    char login[160];
    snprintf(login, sizeof login, "{\"token\":\"%s\"}", f.candidate.token);
    json_doc_free(tc_call(cand, "session.login", login));
    json_doc_free(tc_call(cand, "reminders.subscribe", "{}"));

    int64_t mine = registration(&f, &f.assessor, "OCR:05943", "2009-06-02", "[]");
    int64_t theirs = fx_id(fx_call(&f.admin, "registration.create",
                                   "{\"candidate\":%lld,\"qualification\":\"OCR:05943\","
                                   "\"centre\":%lld,\"registered_on\":\"2009-06-02\","
                                   "\"assessor\":%lld,\"iv\":%lld}",
                                   (long long)f.other_candidate.id, (long long)f.centre,
                                   (long long)f.assessor.id, (long long)f.iv.id));
    json_doc_free(tc_call1("scripts.run", "{\"name\":\"reviews\"}"));
    char k1[64], k2[64];
    snprintf(k1, sizeof k1, "review:%lld:2009-06-30", (long long)mine);
    snprintf(k2, sizeof k2, "review:%lld:2009-06-30", (long long)theirs);
    cr_assert(notified(admin, k1, 2000));
    cr_assert(notified(cand, k1, 2000));
    cr_assert(not(notified(cand, k2, 300)), "a candidate heard of another's review");
    tc_close(admin);
    tc_close(cand);
}

/* Whether the outbox, as reminders.list shows it to as, holds the reminder with key. */
static bool listed_to(const person_fx *as, const char *key)
{
    json_doc *d = fx_call(as, "reminders.list", "{\"kind\":\"review_due\",\"limit\":1000}");
    const json_value *l = tc_result(d);
    cr_assert(l != NULL, "%s", tc_error_message(d));
    bool found = false;
    for (size_t i = 0; i < l->len; i++)
        found |= !strcmp(tc_str(l->u.items[i], "key"), key);
    json_doc_free(d);
    return found;
}

/* A centre's administrator sees the stored reminders of the centre, though not named in them,
 * and not another centre's. */
Test(reminders, the_outbox_shows_a_centre_admin_the_centres_reminders)
{
    centre_fx f, g;
    fx_centre(&f, "R11");
    fx_centre(&g, "R12");
    int64_t ours = registration(&f, &f.assessor, "OCR:05943", "2009-06-02", "[]");
    int64_t theirs = registration(&g, &g.assessor, "OCR:05943", "2009-06-02", "[]");
    json_doc_free(tc_call1("scripts.run", "{\"name\":\"reviews\"}"));
    char k1[64], k2[64];
    snprintf(k1, sizeof k1, "review:%lld:2009-06-30", (long long)ours);
    snprintf(k2, sizeof k2, "review:%lld:2009-06-30", (long long)theirs);
    cr_assert(listed_to(&f.admin, k1), "the admin does not see the centre's review");
    cr_assert(not(listed_to(&f.admin, k2)), "the admin sees another centre's review");
    cr_assert(listed_to(&g.admin, k2));
    cr_assert(not(listed_to(&f.candidate, k2)));
}

/* ---- the iCalendar feed ------------------------------------------------------------------ */

static char *ics(const person_fx *as, const char *params)
{
    json_doc *d = fx_call(as, "reminders.ics", "%s", params);
    cr_assert(eq(i64, tc_error_code(d), 0), "%s", tc_error_message(d));
    const json_value *v = tc_result(d);
    cr_assert(v->type == JSON_STRING);
    char *text = strdup(v->u.str);
    json_doc_free(d);
    return text;
}

static bool rfc5545_lines(const char *s)
{
    for (const char *p = s; *p;) {
        const char *crlf = strstr(p, "\r\n");
        if (!crlf || crlf - p > 75)
            return false;
        for (const char *q = p; q < crlf; q++)
            if (*q == '\n' || *q == '\r')
                return false;
        p = crlf + 2;
    }
    return true;
}

static char *unfold(const char *s)
{
    char *out = malloc(strlen(s) + 1), *o = out;
    for (const char *p = s; *p; p++) {
        if (p[0] == '\r' && p[1] == '\n' && p[2] == ' ') {
            p += 2;
            continue;
        }
        *o++ = *p;
    }
    *o = '\0';
    return out;
}

/* Each VEVENT of the unfolded text holds the properties RFC 5545 requires, and ours. */
static void events_complete(const char *u, int *events)
{
    *events = 0;
    for (const char *e = u; (e = strstr(e, "BEGIN:VEVENT\r\n")); e++) {
        const char *end = strstr(e, "END:VEVENT\r\n");
        cr_assert(end != NULL);
        size_t n = (size_t)(end - e);
        char *ev = strndup(e, n);
        static const char *const props[] = {
            "\r\nUID:", "\r\nDTSTAMP:", "\r\nDTSTART;VALUE=DATE:", "\r\nSUMMARY:"};
        for (size_t i = 0; i < 4; i++)
            cr_assert(has(ev, props[i]), "an event lacks %s", props[i] + 2);
        free(ev);
        (*events)++;
    }
}

Test(reminders, the_calendar_feed_is_rfc_5545)
{
    centre_fx f;
    fx_centre(&f, "R9");
    registration(&f, &f.assessor, "OCR:05943", "2009-06-20", "[]"); /* review due 2009-07-18 */
    char params[64];
    snprintf(params, sizeof params, "{\"person\":%lld}", (long long)f.candidate.id);
    char *a = ics(NULL, params);
    const char *head = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:";
    cr_assert(eq(int, strncmp(a, head, strlen(head)), 0), "%.60s", a);
    cr_assert(has(a, "END:VCALENDAR\r\n"));
    cr_assert(eq(str, a + strlen(a) - 15, "END:VCALENDAR\r\n"));
    cr_assert(rfc5545_lines(a), "a line is not CRLF-terminated or longer than 75 octets");
    cr_assert(has(a, "\r\n "), "long lines are folded");
    char *u = unfold(a);
    cr_assert(has(u, "DTSTART;VALUE=DATE:20090718\r\n"), "%s", u);
    cr_assert(has(u, "CATEGORIES:review_due\r\n"));
    /* TEXT escaping: the reason's commas and the "To act" line */
    cr_assert(has(u, "\\nTo act: Sam Assessor"), "%s", u);
    int events;
    events_complete(u, &events);
    cr_assert(eq(int, events, 1), "%s", u);

    /* the same reminder keeps its UID */
    char *b = ics(&f.candidate, "{}");
    char *ub = unfold(b);
    const char *uid_a = strstr(u, "\r\nUID:"), *uid_b = strstr(ub, "\r\nUID:");
    cr_assert(uid_a != NULL && uid_b != NULL);
    cr_assert(eq(int, strncmp(uid_a, uid_b, (size_t)(strstr(uid_a + 2, "\r\n") - uid_a)), 0));
    free(ub);
    free(b);
    free(u);
    free(a);

    /* someone else's calendar is not a candidate's to read */
    fx_refused(fx_call(&f.other_candidate, "reminders.ics", "%s", params), 1002, "own_reminders");
}

Test(reminders, people_see_their_own_reminders)
{
    centre_fx f;
    fx_centre(&f, "R10");
    int64_t reg = registration(&f, &f.assessor, "OCR:05943", "2009-06-01", "[]");
    json_doc *d = fx_call(&f.candidate, "reminders.due", "{}");
    const json_value *list = tc_path(tc_result(d), "reminders");
    bool own = false;
    for (size_t i = 0; i < list->len; i++) {
        const json_value *r = list->u.items[i];
        cr_assert(num(r, "person.id") == f.candidate.id || acts(r, f.candidate.id));
        own |= num(r, "registration") == reg;
    }
    cr_assert(own);
    json_doc_free(d);
    /* the centre's administrator sees the centre's, not another centre's */
    d = fx_call(&f.admin, "reminders.due", "{}");
    list = tc_path(tc_result(d), "reminders");
    cr_assert(list->len > 0);
    for (size_t i = 0; i < list->len; i++)
        cr_assert(eq(i64, num(list->u.items[i], "centre"), f.centre));
    json_doc_free(d);
}

/* limit: the earliest due first, and total says how many there are in all. */
Test(reminders, due_with_a_limit_counts_what_it_leaves_out)
{
    centre_fx f;
    fx_centre(&f, "REM-LIMIT"); /* a trainee assessor and a trainee IV: two award deadlines */
    json_doc *all = due("2030-01-01", 0, "award_deadline");
    const json_value *list = tc_path(tc_result(all), "reminders");
    cr_assert(ge(sz, list->len, 2));
    cr_assert(eq(i64, tc_rint(all, "total"), (int64_t)list->len));
    json_doc *one = tc_call1("reminders.due", "{\"date\":\"2030-01-01\",\"within_days\":0,"
                                              "\"kind\":\"award_deadline\",\"limit\":1}");
    cr_assert(eq(sz, tc_path(tc_result(one), "reminders")->len, 1));
    cr_assert(eq(i64, tc_rint(one, "total"), (int64_t)list->len));
    cr_assert(
        eq(str, (char *)tc_str(tc_result(one), "reminders.0.key"), (char *)tc_str(list, "0.key")));
    json_doc_free(one);
    json_doc_free(all);
    json_doc *bad = tc_call1("reminders.due", "{\"limit\":-1}");
    cr_assert(eq(i64, tc_error_code(bad), -32602));
    json_doc_free(bad);
}

/* A limited answer is the unlimited one cut short: the same reminders in the same order, from
 * every job at once (the earliest are kept as each job's result comes in). */
Test(reminders, a_limited_answer_is_a_prefix_of_the_whole)
{
    centre_fx f;
    fx_centre(&f, "REM-PREFIX");
    registration(&f, &f.assessor, "CG:3412-05", "2009-01-05", "[\"411\"]");
    json_doc *all = tc_call1("reminders.due", "{\"date\":\"2030-01-01\",\"within_days\":0}");
    const json_value *list = tc_path(tc_result(all), "reminders");
    size_t n = list->len;
    cr_assert(ge(sz, n, 4), "too few reminders to compare: %zu", n);
    bool kinds_differ = false;
    for (size_t i = 1; i < n; i++)
        kinds_differ |= strcmp(tc_str(list->u.items[i], "kind"), tc_str(list, "0.kind")) != 0;
    cr_assert(kinds_differ, "the reminders should come from more than one job");
    size_t limits[] = {1, 2, 3, n / 2, n - 1, n, n + 5};
    for (size_t l = 0; l < sizeof limits / sizeof *limits; l++) {
        char params[120];
        snprintf(params, sizeof params, "{\"date\":\"2030-01-01\",\"within_days\":0,\"limit\":%zu}",
                 limits[l]);
        json_doc *d = tc_call1("reminders.due", params);
        const json_value *got = tc_path(tc_result(d), "reminders");
        cr_assert(eq(i64, tc_rint(d, "total"), (int64_t)n));
        cr_assert(eq(sz, got->len, limits[l] < n ? limits[l] : n));
        for (size_t i = 0; i < got->len; i++) {
            cr_assert(eq(str, (char *)tc_str(got->u.items[i], "key"),
                         (char *)tc_str(list->u.items[i], "key")),
                      "limit %zu, reminder %zu", limits[l], i);
            cr_assert(eq(i64, tc_int(got->u.items[i], "days"), tc_int(list->u.items[i], "days")));
        }
        json_doc_free(d);
    }
    json_doc_free(all);
}

/* Each job's run keeps what the caller may see, of the kind and person asked, and with a
 * limit the earliest of them: for every caller the limited answer is the start of the whole
 * one, and the whole one only what the caller may see. */
Test(reminders, each_caller_gets_the_start_of_their_own_list)
{
    centre_fx f;
    fx_centre(&f, "REM-VIEW");
    registration(&f, &f.assessor, "CG:3412-05", "2009-01-05", "[\"411\"]");
    const person_fx *who[] = {&f.candidate, &f.assessor, &f.iv, &f.admin, &f.ev, NULL};
    const char *names[] = {"candidate", "assessor", "iv", "admin", "ev", "os admin"};
    const char *filters[] = {"", ",\"kind\":\"review_due\"", NULL};
    json_doc *every[2]; /* what the OS administrator sees: everything */
    for (size_t q = 0; filters[q]; q++) {
        char params[120];
        snprintf(params, sizeof params, "{\"date\":\"2030-01-01\",\"within_days\":0%s}",
                 filters[q]);
        every[q] = tc_call1("reminders.due", params);
    }
    for (size_t k = 0; k < sizeof names / sizeof *names; k++) {
        for (size_t q = 0; filters[q]; q++) {
            json_doc *all = fx_call(who[k], "reminders.due",
                                    "{\"date\":\"2030-01-01\",\"within_days\":0%s}", filters[q]);
            const json_value *list = tc_path(tc_result(all), "reminders");
            cr_assert(list != NULL, "%s: %s", names[k], tc_error_message(all));
            size_t n = list->len;
            cr_assert(gt(sz, n, 0), "%s sees nothing", names[k]);
            /* exactly what the caller may see of everything, in the same order */
            const json_value *ev = tc_path(tc_result(every[q]), "reminders");
            size_t at = 0;
            for (size_t e = 0; e < ev->len; e++) {
                const json_value *x = ev->u.items[e];
                int64_t id = who[k] ? who[k]->id : 0;
                bool mine = num(x, "person.id") == id || acts(x, id);
                bool sees = !who[k] || mine;
                if (who[k] == &f.admin || who[k] == &f.ev)
                    sees |= num(x, "centre") == f.centre;
                if (!sees)
                    continue;
                cr_assert(lt(sz, at, n), "%s does not see %s", names[k], tc_str(x, "key"));
                cr_assert(
                    eq(str, (char *)tc_str(list->u.items[at], "key"), (char *)tc_str(x, "key")),
                    "%s, reminder %zu", names[k], at);
                if (filters[q][0])
                    cr_assert(eq(str, (char *)tc_str(x, "kind"), "review_due"));
                at++;
            }
            cr_assert(eq(sz, at, n), "%s sees more than they may", names[k]);
            size_t limits[] = {0, 1, n / 2, n + 1};
            for (size_t l = 0; l < sizeof limits / sizeof *limits; l++) {
                json_doc *d = fx_call(who[k], "reminders.due",
                                      "{\"date\":\"2030-01-01\",\"within_days\":0,\"limit\":%zu%s}",
                                      limits[l], filters[q]);
                const json_value *got = tc_path(tc_result(d), "reminders");
                cr_assert(eq(i64, tc_rint(d, "total"), (int64_t)n), "%s", names[k]);
                cr_assert(eq(sz, got->len, limits[l] < n ? limits[l] : n), "%s", names[k]);
                for (size_t i = 0; i < got->len; i++)
                    cr_assert(eq(str, (char *)tc_str(got->u.items[i], "key"),
                                 (char *)tc_str(list->u.items[i], "key")),
                              "%s, limit %zu, reminder %zu", names[k], limits[l], i);
                json_doc_free(d);
            }
            json_doc_free(all);
        }
    }
    /* the reminders involving a person: the OS administrator's person filter */
    const json_value *ev = tc_path(tc_result(every[0]), "reminders");
    size_t n = 0;
    for (size_t e = 0; e < ev->len; e++)
        n += num(ev->u.items[e], "person.id") == f.assessor.id ||
             acts(ev->u.items[e], f.assessor.id);
    cr_assert(gt(sz, n, 1), "the assessor is in %zu reminders", n);
    size_t person_limits[] = {1, n - 1};
    for (size_t pl = 0; pl < 2; pl++) {
        size_t limit = person_limits[pl];
        char params[160];
        snprintf(params, sizeof params,
                 "{\"date\":\"2030-01-01\",\"within_days\":0,\"person\":%lld,\"limit\":%zu}",
                 (long long)f.assessor.id, limit);
        json_doc *d = tc_call1("reminders.due", params);
        cr_assert(eq(i64, tc_rint(d, "total"), (int64_t)n), "person, limit %zu", limit);
        const json_value *got = tc_path(tc_result(d), "reminders");
        cr_assert(eq(sz, got->len, limit));
        for (size_t i = 0; i < got->len; i++)
            cr_assert(num(got->u.items[i], "person.id") == f.assessor.id ||
                      acts(got->u.items[i], f.assessor.id));
        json_doc_free(d);
    }
    json_doc_free(every[0]);
    json_doc_free(every[1]);
}

/* reminders.due runs its jobs off the loop and answers later: the connection's next request is
 * answered after it, in order, and a batch member runs every job at once, with the same
 * answer. */
Test(reminders, due_answers_in_order_whether_deferred_or_batched)
{
    centre_fx f;
    fx_centre(&f, "REM-DEFER");
    json_doc *direct = tc_call1("reminders.due", "{\"date\":\"2030-01-01\",\"within_days\":0}");
    int64_t total = tc_rint(direct, "total");
    cr_assert(gt(i64, total, 0));
    json_doc_free(direct);

    int fd = tc_connect();
    tc_sends(fd, "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"reminders.due\",\"params\":"
                 "{\"date\":\"2030-01-01\",\"within_days\":0}}\n"
                 "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"system.ping\"}\n"
                 "[{\"jsonrpc\":\"2.0\",\"id\":3,\"method\":\"reminders.due\",\"params\":"
                 "{\"date\":\"2030-01-01\",\"within_days\":0}},"
                 "{\"jsonrpc\":\"2.0\",\"id\":4,\"method\":\"reminders.ics\"}]\n");
    shutdown(fd, SHUT_WR); /* and a half-closed connection still gets every reply */
    json_doc *d = tc_reply(fd, 30000);
    cr_assert(eq(i64, tc_int(json_doc_root(d), "id"), 1));
    cr_assert(eq(i64, tc_rint(d, "total"), total));
    json_doc_free(d);
    d = tc_reply(fd, 30000);
    cr_assert(eq(i64, tc_int(json_doc_root(d), "id"), 2));
    json_doc_free(d);
    d = tc_reply(fd, 30000);
    const json_value *r = json_doc_root(d);
    cr_assert(eq(sz, r->len, 2));
    cr_assert(eq(i64, tc_int(r, "0.result.total"), total));
    cr_assert(has(tc_str(r, "1.result"), "BEGIN:VCALENDAR"));
    json_doc_free(d);
    cr_assert(tc_closed(fd, 5000));
    tc_close(fd);
}

/* A caller that leaves while its reminders are gathered costs nothing: the daemon goes on. */
Test(reminders, a_caller_that_leaves_mid_gathering)
{
    int fd = tc_connect();
    tc_sends(fd, "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"reminders.due\",\"params\":"
                 "{\"date\":\"2030-01-01\",\"within_days\":0}}\n"
                 "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"reminders.ics\"}\n");
    tc_close(fd);
    usleep(200000);
    json_doc *d = tc_call1("system.ping", "{}");
    cr_assert(eq(i64, tc_error_code(d), 0));
    json_doc_free(d);
}

static void write_script(const char *name, const char *text)
{
    char rel[256];
    snprintf(rel, sizeof rel, "scripts/%s.lua", name);
    tc_write(rel, text);
}

static void remove_script(const char *name)
{
    char rel[256];
    snprintf(rel, sizeof rel, "scripts/%s.lua", name);
    tc_remove(rel);
}

/* assessd.data's wanted = {kind, person, act} names the rows' columns: a column the rows do not
 * have, or a kind that is not one, fails the run by name (only in 2031, for this test). */
Test(reminders, wanted_names_what_is_wrong_with_it)
{
    centre_fx f;
    fx_centre(&f, "REM-WANTED");
    registration(&f, &f.assessor, "CG:3412-05", "2009-01-05", "[\"411\"]");
    static const char job[] = "assessd.job { name = \"%s\", every = \"1d\", run = function(ctx)\n"
                              "  if ctx.date < \"2031-01-01\" then return {} end\n"
                              "  assessd.data.reviews { up_to = ctx.up_to, wanted = %s }\n"
                              "  return {}\n"
                              "end }\n";
    char text[600];
    snprintf(text, sizeof text, job, "wanted_column",
             "{ kind = \"review_due\", person = \"candidat\", act = \"assessor\" }");
    write_script("wanted_column", text);
    snprintf(text, sizeof text, job, "wanted_kind", "{ kind = \"Review due\" }");
    write_script("wanted_kind", text);
    json_doc_free(tc_call1("scripts.reload", "{}"));
    json_doc *d =
        tc_call1("reminders.due", "{\"date\":\"2031-01-01\",\"within_days\":0,\"limit\":5}");
    const json_value *column = tc_failed_job(d, "wanted_column");
    const json_value *kind = tc_failed_job(d, "wanted_kind");
    cr_assert(column && has(tc_str(column, "message"),
                            "wanted names the column 'candidat', which its rows do not have"),
              "the misspelt column was not named");
    cr_assert(kind && has(tc_str(kind, "message"), "wanted.kind must be a kind"),
              "the bad kind was not named");
    /* the shipped jobs answered all the same */
    cr_assert(gt(sz, tc_path(tc_result(d), "reminders")->len, 0));
    json_doc_free(d);
    remove_script("wanted_column");
    remove_script("wanted_kind");
    json_doc_free(tc_call1("scripts.reload", "{}"));
}

/* wanted's rows tie on a day: the later row may still come first (its key sorts first), so a
 * tie lets it through to ctx.wants, which knows the key. Two reviews due the same day; the job
 * gives the later registration the smaller key; the assessor's first one is the later's. */
Test(reminders, rows_due_the_same_day_are_left_to_the_key)
{
    centre_fx f;
    fx_centre(&f, "REM-TIE");
    int64_t first = registration(&f, &f.assessor, "CG:3412-05", "2009-03-02", "[\"411\"]");
    int64_t later = registration(&f, &f.assessor, "CG:3412-04", "2009-03-02", "[\"411\"]");
    cr_assert(gt(i64, later, first));
    write_script(
        "wanted_tie",
        "assessd.job { name = \"wanted_tie\", every = \"1d\", run = function(ctx)\n"
        "  local out = {}\n"
        "  if ctx.date < \"2032-01-01\" then return out end\n"
        "  local wanted = { kind = \"wtie\", person = \"candidate\", act = \"assessor\" }\n"
        "  for _, r in ipairs(assessd.data.reviews { up_to = ctx.up_to, wanted = wanted }) "
        "do\n"
        "    local key = (\"wtie:%d\"):format(1000000000 - r.registration)\n"
        "    if ctx.wants(\"wtie\", r.due, key, r.centre, r.candidate, r.assessor) then\n"
        "      out[#out + 1] = { kind = \"wtie\", key = key, due = r.due, why = \"w\",\n"
        "        centre = r.centre, person = { id = r.candidate, name = \"c\" },\n"
        "        act = { { id = r.assessor, name = \"a\" } } }\n"
        "    end\n"
        "  end\n"
        "  return out\n"
        "end }\n");
    json_doc_free(tc_call1("scripts.reload", "{}"));
    json_doc *d =
        fx_call(&f.assessor, "reminders.due",
                "{\"date\":\"2032-01-01\",\"within_days\":0,\"kind\":\"wtie\",\"limit\":1}");
    cr_assert(eq(i64, tc_rint(d, "total"), 2), "%s", tc_error_message(d));
    char key[64];
    snprintf(key, sizeof key, "wtie:%lld", (long long)(1000000000 - later));
    cr_assert(eq(str, (char *)tc_rstr(d, "reminders.0.key"), key));
    json_doc_free(d);
    remove_script("wanted_tie");
    json_doc_free(tc_call1("scripts.reload", "{}"));
}
