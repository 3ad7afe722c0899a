/* Integration tests: the plugins' reports rendered from real records — the CAR with its
 * evidence record sheets, the witness list, the record of achievement and the EV visit pack, in
 * each format. The daemon runs with --today 2009-06-30. */
#include <criterion/criterion.h>
#include <criterion/new/assert.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "fixture.h"

static bool has(const char *haystack, const char *needle)
{
    return haystack && strstr(haystack, needle) != NULL;
}

static centre_fx f;
static int64_t reg;

static void setup(void)
{
    char number[32];
    snprintf(number, sizeof number, "REP-%d", (int)getpid());
    fx_centre(&f, number);
    reg = fx_id(fx_call(&f.admin, "registration.create",
                        "{\"candidate\":%lld,\"qualification\":\"OCR:05943\",\"centre\":%lld,"
                        "\"registered_on\":\"2009-01-05\",\"assessor\":%lld,\"iv\":%lld,"
                        "\"units\":[\"9\"]}",
                        (long long)f.candidate.id, (long long)f.centre, (long long)f.assessor.id,
                        (long long)f.iv.id));
    int64_t w = fx_id(fx_call(&f.assessor, "witness.create",
                              "{\"name\":\"Wendy <Witness>\",\"job_title\":\"Team leader\","
                              "\"relationship\":\"line manager\",\"signature_on_file\":true}"));
    int64_t ev = fx_id(fx_call(&f.assessor, "evidence.add",
                               "{\"registration\":%lld,\"title\":\"Observed call, \\\"angry\\\" "
                               "customer\",\"method\":\"O\",\"date\":\"2009-02-01\",\"location\":"
                               "\"Portfolio p.3\",\"criteria\":[\"5:5.1\",\"5:5.2\"]}",
                               (long long)reg));
    fx_id(fx_call(&f.assessor, "evidence.add",
                  "{\"registration\":%lld,\"title\":\"Testimony\",\"method\":\"EWT\",\"witness\":"
                  "%lld,\"date\":\"2009-02-02\",\"location\":\"Portfolio p.4\",\"criteria\":"
                  "[\"9:9.1\"]}",
                  (long long)reg, (long long)w));
    json_doc_free(fx_call(&f.assessor, "decision.record",
                          "{\"registration\":%lld,\"unit\":\"5\",\"outcome\":\"met\",\"kind\":"
                          "\"summative\",\"justification\":\"Observed\",\"feedback\":\"Good\","
                          "\"date\":\"2009-02-03\",\"evidence\":[%lld]}",
                          (long long)reg, (long long)ev));
    json_doc_free(fx_call(&f.assessor, "unit.signoff",
                          "{\"registration\":%lld,\"unit\":\"5\",\"date\":\"2009-02-04\"}",
                          (long long)reg));
}

TestSuite(reports, .init = setup);

static char *render(const person_fx *as, const char *report, const char *format)
{
    json_doc *d =
        fx_call(as, "report.render", "{\"report\":\"%s\",\"format\":\"%s\",\"registration\":%lld}",
                report, format, (long long)reg);
    cr_assert(eq(i64, tc_error_code(d), 0), "%s %s: %s", report, format, tc_error_message(d));
    const json_value *c = tc_path(tc_result(d), "content");
    char *out = NULL;
    if (c->type == JSON_STRING) {
        out = strdup(c->u.str);
    } else {
        sbuf b;
        sbuf_init(&b);
        jw w;
        jw_init(&w, &b);
        jw_value(&w, c);
        out = sbuf_detach(&b, NULL);
    }
    json_doc_free(d);
    return out;
}

Test(reports, the_car_with_its_evidence_record_sheets)
{
    char *html = render(&f.candidate, "car", "html");
    cr_assert(has(html, "<!DOCTYPE html>"));
    cr_assert(has(html, "Cumulative Assessment Record"));
    cr_assert(has(html, "Cara Candidate"));
    cr_assert(has(html, "OCR Level 2 NVQ in Customer Service (OCR:05943)"));
    cr_assert(
        has(html, "Evidence record sheet — unit 5: Provide customer service within the rules"));
    cr_assert(has(html, "Observed call, &quot;angry&quot; customer"), "text is escaped");
    cr_assert(has(html, "5.1, 5.2"));
    cr_assert(has(html, "Signed off on 2009-02-04 by Sam Assessor."));
    cr_assert(has(html, "Method codes: O Observation of the candidate by the assessor"));
    free(html);
    char *csv = render(&f.assessor, "car", "csv");
    cr_assert(has(csv, "Unit,Ref,Date,Method,Evidence,Location,Criteria claimed,Note\r\n"));
    cr_assert(has(csv, ",\"Observed call, \"\"angry\"\" customer\",Portfolio p.3,\"5.1, 5.2\","),
              "%s", csv);
    free(csv);
    char *json = render(&f.ev, "car", "json");
    cr_assert(has(json, "\"Criteria claimed\":\"9.1\""), "%s", json);
    free(json);
    char *text = render(&f.iv, "car", "text");
    cr_assert(has(text, "EVIDENCE RECORD SHEET"));
    free(text);
}

/* The handbook's minimum centre records (3.17), in the printed CAR as in the HTML one */
Test(reports, the_car_holds_the_centre_records_in_text_too)
{
    json_doc_free(fx_call(&f.assessor, "initial_assessment.record",
                          "{\"registration\":%lld,\"date\":\"2009-01-06\",\"outcome\":"
                          "\"Experienced on the telephone\"}",
                          (long long)reg));
    json_doc_free(fx_call(&f.assessor, "review.record",
                          "{\"registration\":%lld,\"date\":\"2009-02-10\",\"notes\":\"On "
                          "track\",\"feedback\":\"Keep the log going\"}",
                          (long long)reg));
    json_doc_free(fx_call(&f.iv, "iv.sample",
                          "{\"registration\":%lld,\"unit\":\"5\",\"outcome\":"
                          "\"action_required\",\"notes\":\"Thin\",\"actions\":\"Add an observed "
                          "call\",\"date\":\"2009-02-20\"}",
                          (long long)reg));
    /* a long title with accented letters wraps whole; a formula-like cell is made harmless */
    fx_id(fx_call(&f.assessor, "evidence.add",
                  "{\"registration\":%lld,\"title\":\"%s\",\"method\":\"O\",\"date\":"
                  "\"2009-02-05\",\"location\":\"=HYPERLINK(1)\",\"criteria\":[\"9:9.2\"]}",
                  (long long)reg,
                  "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAéééééé and the end"));
    char *text = render(&f.iv, "car", "text");
    cr_assert(has(text, "Candidate: Cara Candidate"), "%s", text);
    cr_assert(has(text, "INITIAL ASSESSMENT") && has(text, "Experienced on the telephone"));
    cr_assert(has(text, "REVIEWS AND FEEDBACK") && has(text, "Keep the log going"));
    cr_assert(has(text, "ASSESSMENT DECISIONS") && has(text, "Observed"));
    cr_assert(has(text, "Signed off on 2009-02-04 by Sam Assessor."));
    cr_assert(has(text, "INTERNAL VERIFICATION") && has(text, "Add an observed call"));
    cr_assert(has(text, "AAAAéééé") && has(text, "éé and the end"), "nothing is cut off: %s", text);
    free(text);
    char *html = render(&f.ev, "car", "html");
    cr_assert(has(html, "<h3>Internal verification</h3>") && has(html, "Add an observed call"));
    cr_assert(has(html, "Experienced on the telephone") && has(html, "Keep the log going"));
    free(html);
    char *csv = render(&f.assessor, "car", "csv");
    cr_assert(has(csv, ",'=HYPERLINK(1),"), "%s", csv);
    free(csv);
}

Test(reports, witness_list_and_record_of_achievement)
{
    char *html = render(&f.assessor, "witness_list", "html");
    cr_assert(has(html, "Wendy &lt;Witness&gt;"));
    cr_assert(has(html, "line manager"));
    cr_assert(has(html, "<td>yes</td>"), "her signature is on file: %s", html);
    free(html);
    char *roa = render(&f.candidate, "record_of_achievement", "text");
    cr_assert(has(roa, "finished and signed off"), "%s", roa);
    free(roa);
}

Test(reports, the_ev_visit_pack_and_refusals)
{
    json_doc *d = fx_call(&f.ev, "report.render",
                          "{\"report\":\"ev_visit_pack\",\"format\":\"html\",\"centre\":%lld,"
                          "\"body\":\"OCR\"}",
                          (long long)f.centre);
    const char *html = tc_rstr(d, "content");
    cr_assert(has(html, "External verifier&#39;s visit pack"));
    cr_assert(has(html, "Cara Candidate"));
    cr_assert(has(html, "A1 achieved 2005-01-01"));
    cr_assert(has(html, "A1 working towards since 2008-06-01"));
    char centre[96];
    snprintf(centre, sizeof centre, "<dd>REP-%d Centre REP-%d</dd>", (int)getpid(), (int)getpid());
    cr_assert(has(html, centre), "the centre by its number and name");
    cr_assert(not(has(html, "Ann Admin")), "the assessment team lists assessors and IVs only");
    cr_assert(has(html, "Dee Dual</td><td>assessor, iv</td>"), "each of the roles: %s", html);
    json_doc_free(d);
    d = fx_call(&f.ev, "report.render",
                "{\"report\":\"ev_visit_pack\",\"format\":\"text\",\"centre\":%lld,"
                "\"body\":\"OCR\"}",
                (long long)f.centre);
    const char *text = tc_rstr(d, "content");
    cr_assert(has(text, "ASSESSORS AND INTERNAL VERIFIERS") &&
                  has(text, "SIGN-OFFS NOT YET SAMPLED"),
              "%s", text);
    json_doc_free(d);
    fx_refused(fx_call(&f.ev, "report.render",
                       "{\"report\":\"ev_visit_pack\",\"format\":\"html\",\"centre\":999999,"
                       "\"body\":\"OCR\"}"),
               1001, NULL);
    fx_refused(fx_call(&f.other_candidate, "report.render",
                       "{\"report\":\"car\",\"format\":\"html\",\"registration\":%lld}",
                       (long long)reg),
               1002, "own_portfolio_only");
    fx_refused(fx_call(&f.assessor, "report.render",
                       "{\"report\":\"nope\",\"format\":\"html\",\"registration\":%lld}",
                       (long long)reg),
               1001, NULL);
    fx_refused(fx_call(&f.assessor, "report.render",
                       "{\"report\":\"car\",\"format\":\"pdf\",\"registration\":%lld}",
                       (long long)reg),
               -32602, NULL);
    d = fx_call(NULL, "report.list", "{}");
    cr_assert(ge(sz, tc_result(d)->len, 8)); /* four reports from each of two bodies */
    json_doc_free(d);
}
