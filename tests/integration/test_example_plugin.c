/* Integration tests: the worked example of docs/plugins.md (tests/example/) loaded into a real
 * daemon: a new body from data files, a rule of its own, a method of its own. If this test
 * fails, the documentation is wrong. */
#include <criterion/criterion.h>
#include <criterion/new/assert.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "fixture.h"

/* A registration on EXA:100 (unit 1 mandatory, unit 2 chosen) at the centre of f. */
static int64_t register_exa(const centre_fx *f)
{
    return fx_id(fx_call(&f->admin, "registration.create",
                         "{\"candidate\":%lld,\"qualification\":\"EXA:100\",\"centre\":%lld,"
                         "\"registered_on\":\"2020-01-06\",\"assessor\":%lld,\"iv\":%lld,"
                         "\"units\":[\"2\"]}",
                         (long long)f->candidate.id, (long long)f->centre,
                         (long long)f->assessor.id, (long long)f->iv.id));
}

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
    int64_t reg = register_exa(&f);
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

/* What docs/plugins.md says an evidence rule receives: the call's parameters plus `refs` (each
 * once, criteria then ranges), and the registration's context. A centre's local rule shows it
 * back as a warning. */
Test(example, an_evidence_rule_sees_the_item_and_its_context)
{
    char local[1024];
    snprintf(local, sizeof local, "%s/plugins/local", tc_tmp());
    mkdir(local, 0755);
    tc_write("plugins/local/example.lua",
             "nvq.rule('evidence', 'show', function(ev, ctx)\n"
             "  if ev.title ~= 'show me' then return nil end\n"
             "  return { warning = cjson.encode({ ev = ev, ctx = ctx }) }\n"
             "end)\n");
    json_doc *d = tc_call1("plugins.reload", "{}");
    cr_assert(eq(i64, tc_rint(d, "failed"), 0));
    json_doc_free(d);
    centre_fx f;
    fx_centre(&f, "SHOW");
    int64_t reg = register_exa(&f);
    d = fx_call(&f.assessor, "evidence.add",
                "{\"registration\":%lld,\"title\":\"show me\",\"method\":\"O\",\"date\":"
                "\"2020-02-01\",\"location\":\"desk\",\"criteria\":[\"1:1.2\",\"1:1.1\","
                "\"1:1.2\"],\"ranges\":[\"1:ER1:b\"],\"simulated\":false}",
                (long long)reg);
    const char *shown = tc_rstr(d, "warnings.0.message");
    cr_assert(shown != NULL, "%s", tc_error_message(d));
    json_doc *seen;
    json_error je;
    cr_assert(eq(int, json_parse(shown, strlen(shown), &seen, &je), 0), "%s", shown);
    const json_value *ev = json_get(json_doc_root(seen), "ev"),
                     *ctx = json_get(json_doc_root(seen), "ctx");
    cr_assert(eq(i64, tc_int(ev, "registration"), reg));
    cr_assert(eq(str, (char *)tc_str(ev, "title"), "show me"));
    cr_assert(eq(str, (char *)tc_str(ev, "location"), "desk"));
    cr_assert(eq(str, (char *)tc_str(ev, "criteria.2"), "1:1.2"), "the parameters as given");
    cr_assert(json_get(ev, "simulated") && json_get(ev, "simulated")->type == JSON_BOOL);
    const json_value *refs = json_get(ev, "refs");
    cr_assert(eq(sz, refs ? refs->len : 0, 3));
    cr_assert(eq(str, (char *)tc_str(ev, "refs.0"), "1:1.2"));
    cr_assert(eq(str, (char *)tc_str(ev, "refs.1"), "1:1.1"));
    cr_assert(eq(str, (char *)tc_str(ev, "refs.2"), "1:ER1:b"));
    cr_assert(eq(i64, tc_int(ctx, "registration"), reg));
    cr_assert(gt(i64, tc_int(ctx, "catalogue_version"), 0));
    cr_assert(eq(str, (char *)tc_str(ctx, "body"), "EXA"));
    cr_assert(eq(str, (char *)tc_str(ctx, "qualification"), "100"));
    cr_assert(eq(str, (char *)tc_str(ctx, "registered_on"), "2020-01-06"));
    cr_assert(eq(sz, strlen(tc_str(ctx, "today")), 10));
    cr_assert(eq(str, (char *)tc_str(ctx, "methods.1.code"), "PD"));
    cr_assert(eq(str, (char *)tc_str(ctx, "witness_items.3"), "the witness's signature"));
    const json_value *units = json_get(ctx, "units");
    cr_assert(eq(sz, units ? units->len : 0, 1), "unit 1, once");
    cr_assert(eq(str, (char *)tc_str(ctx, "units.0.number"), "1"));
    cr_assert(eq(str, (char *)tc_str(ctx, "units.0.id"), "EXA-1"));
    json_doc_free(seen);
    json_doc_free(d);
    tc_remove("plugins/local/example.lua");
    d = tc_call1("plugins.reload", "{}");
    json_doc_free(d);
}

/* A hook that answers out of shape fails the call with 1005 naming plugin and hook; it neither
 * stops the daemon nor lets a record through. Each case replaces one hook in the centre's
 * local file. */
static void local_hook(const char *hook, const char *answer)
{
    char local[1024], text[512];
    snprintf(local, sizeof local, "%s/plugins/local", tc_tmp());
    mkdir(local, 0755);
    snprintf(text, sizeof text, "assessd.hook('%s', function() return %s end)\n", hook, answer);
    tc_write("plugins/local/example.lua", text);
    json_doc *d = tc_call1("plugins.reload", "{}");
    cr_assert(eq(i64, tc_rint(d, "failed"), 0));
    json_doc_free(d);
}

static void fails_1005(json_doc *d, const char *hook)
{
    cr_assert(eq(i64, tc_error_code(d), 1005), "%s", tc_error_message(d));
    cr_assert(eq(str, (char *)tc_str(json_doc_root(d), "error.data.hook"), (char *)hook));
    cr_assert(strstr(tc_error_message(d), "answered with") != NULL, "%s", tc_error_message(d));
    json_doc_free(d);
    d = tc_call1("system.ping", "{}");
    cr_assert(tc_path(tc_result(d), "pong")->u.boolean, "the daemon still answers");
    json_doc_free(d);
}

Test(example, a_hook_answering_out_of_shape_fails_the_call)
{
    centre_fx f;
    fx_centre(&f, "SHAPES");
    int64_t reg = register_exa(&f);
    const char *add = "{\"registration\":%lld,\"title\":\"obs\",\"method\":\"O\",\"date\":"
                      "\"2020-02-01\",\"location\":\"desk\",\"criteria\":[\"1:1.1\"]}";
    static const char *const evidence_answers[] = {"'str'",
                                                   "42",
                                                   "{ violations = 'x' }",
                                                   "{ violations = { rule = 'r', message = 'm' } }",
                                                   "{ violations = { 'a' } }",
                                                   "{ warnings = 5 }",
                                                   "nil"};
    for (size_t i = 0; i < sizeof evidence_answers / sizeof *evidence_answers; i++) {
        local_hook("evidence.check", evidence_answers[i]);
        fails_1005(fx_call(&f.assessor, "evidence.add", add, (long long)reg), "evidence.check");
    }
    json_doc *l = fx_call(&f.assessor, "evidence.list", "{\"registration\":%lld}", (long long)reg);
    cr_assert(eq(sz, tc_result(l)->len, 0), "no evidence got through a rule that failed");
    json_doc_free(l);

    tc_remove("plugins/local/example.lua");
    json_doc_free(tc_call1("plugins.reload", "{}"));
    fx_id(fx_call(&f.assessor, "evidence.add", add, (long long)reg));
    static const char *const progress_answers[] = {
        "'str'", "{ 'a', 'b' }", "{ units = { { achieved = true } } }",
        "{ units = { { number = '1', criteria = { { covered = false } } } } }",
        "{ units = { { number = '1', ranges = { { ref = '1:ER1' } } } } }"};
    for (size_t i = 0; i < sizeof progress_answers / sizeof *progress_answers; i++) {
        local_hook("progress", progress_answers[i]);
        fails_1005(fx_call(&f.assessor, "progress.get", "{\"registration\":%lld}", (long long)reg),
                   "progress");
        fails_1005(fx_call(&f.iv, "claim.check", "{\"registration\":%lld}", (long long)reg),
                   "progress");
    }
    /* without an entry for the unit being signed off */
    local_hook("progress", "{ units = {}, qualification = { achieved = false, rules_known = true, "
                           "units_achieved = {} } }");
    fails_1005(fx_call(&f.assessor, "unit.signoff",
                       "{\"registration\":%lld,\"unit\":\"1\",\"date\":\"2020-02-03\"}",
                       (long long)reg),
               "progress");
    /* a range whose text outruns the refusal's message is cut, not written past its end */
    local_hook("progress", "{ units = { { number = '1', ready_for_signoff = false, achieved = "
                           "false, ranges = { { ref = string.rep('R', 690), rule = 'all', items "
                           "= 3, covered = 0 } } }, { number = '2', ready_for_signoff = false, "
                           "achieved = false } }, qualification = { achieved = false, "
                           "rules_known = true, units_achieved = {} } }");
    json_doc *d =
        fx_call(&f.assessor, "unit.signoff",
                "{\"registration\":%lld,\"unit\":\"1\",\"date\":\"2020-02-03\"}", (long long)reg);
    cr_assert(eq(i64, tc_error_code(d), 1004), "%s", tc_error_message(d));
    const char *msg = tc_str(json_doc_root(d), "error.data.violations.0.message");
    cr_assert(msg != NULL && strlen(msg) < 700 && strncmp(msg, "RRRR", 4) == 0);
    json_doc_free(d);
    local_hook("claim.check", "{ violations = {} }");
    fails_1005(fx_call(&f.iv, "claim.check", "{\"registration\":%lld}", (long long)reg),
               "claim.check");
    tc_remove("plugins/local/example.lua");
    json_doc_free(tc_call1("plugins.reload", "{}"));
}
