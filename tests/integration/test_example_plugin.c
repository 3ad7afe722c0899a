/* Integration tests: the worked example of docs/plugins.md (tests/example/) loaded into a real
 * daemon: a new body from data files, a rule of its own, a method of its own. If this test
 * fails, the documentation is wrong. */
#include <criterion/criterion.h>
#include <criterion/new/assert.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "fixture.h"

Test(example, a_new_body_from_the_documentation)
{
    json_doc *d = tc_call1("catalogue.qualification", "{\"code\":\"EXA:100\"}");
    cr_assert(eq(str, (char *)tc_rstr(d, "title"), "Example Certificate in Reception Skills"));
    json_doc_free(d);
    d = tc_call1("example.criteria", "{\"code\":\"100\"}");
    cr_assert(eq(i64, tc_rint(d, "0.criteria"), 2));
    cr_assert(eq(str, (char *)tc_rstr(d, "1.title"), "Answer the telephone"));
    json_doc_free(d);

    centre_fx f;
    fx_centre(&f, "EXAMPLE");
    int64_t reg = fx_id(fx_call(&f.admin, "registration.create",
                                "{\"candidate\":%lld,\"qualification\":\"EXA:100\",\"centre\":%lld,"
                                "\"registered_on\":\"2020-01-06\",\"assessor\":%lld,\"iv\":%lld,"
                                "\"units\":[\"2\"]}",
                                (long long)f.candidate.id, (long long)f.centre,
                                (long long)f.assessor.id, (long long)f.iv.id));
    int64_t ev = fx_id(fx_call(&f.assessor, "evidence.add",
                               "{\"registration\":%lld,\"title\":\"obs\",\"method\":\"O\","
                               "\"date\":\"2020-02-01\",\"location\":\"desk\",\"criteria\":"
                               "[\"1:1.1\",\"1:1.2\"],\"ranges\":[\"1:ER1:b\"]}",
                               (long long)reg));
    json_doc_free(fx_call(&f.assessor, "decision.record",
                          "{\"registration\":%lld,\"unit\":\"1\",\"outcome\":\"met\",\"kind\":"
                          "\"summative\",\"justification\":\"j\",\"feedback\":\"f\",\"date\":"
                          "\"2020-02-02\",\"evidence\":[%lld]}",
                          (long long)reg, (long long)ev));
    const char *signoff = "{\"registration\":%lld,\"unit\":\"1\",\"date\":\"2020-02-03\"}";
    fx_refused(fx_call(&f.assessor, "unit.signoff", signoff, (long long)reg), 1004,
               "professional_discussion");
    fx_id(fx_call(&f.assessor, "evidence.add",
                  "{\"registration\":%lld,\"title\":\"discussion\",\"method\":\"PD\",\"date\":"
                  "\"2020-02-01\",\"location\":\"recording\",\"criteria\":[\"1:1.1\"]}",
                  (long long)reg));
    d = fx_call(&f.assessor, "unit.signoff", signoff, (long long)reg);
    cr_assert(eq(str, (char *)tc_rstr(d, "status"), "signed_off"));
    json_doc_free(d);
}
