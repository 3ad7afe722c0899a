/* Integration tests: what a centre's scripter writes beside the bundled plugins — a rule in
 * plugins/local/ocr.lua, a plugin of the centre's own with a report — and the mistakes they
 * make, each said by name with nothing stored. The daemon runs a private copy of plugins/
 * (--today 2009-06-30). */
#include <criterion/criterion.h>
#include <criterion/new/assert.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "fixture.h"

static bool has(const char *haystack, const char *needle)
{
    return haystack && strstr(haystack, needle) != NULL;
}

/* Writes rel under the plugins copy (NULL: removes it), then reloads; nothing fails to load. */
static void plugin_file(const char *rel, const char *lua)
{
    char path[512];
    snprintf(path, sizeof path, "plugins/%s", rel);
    if (lua)
        tc_write(path, lua);
    else
        tc_remove(path);
    json_doc *d = tc_call1("plugins.reload", "{}");
    cr_assert(eq(i64, tc_rint(d, "failed"), 0), "%s", tc_error_message(d));
    json_doc_free(d);
}

/* A 05943 registration of f's candidate. */
static int64_t registration(const centre_fx *f)
{
    return fx_id(fx_call(&f->admin, "registration.create",
                         "{\"candidate\":%lld,\"qualification\":\"OCR:05943\",\"centre\":%lld,"
                         "\"registered_on\":\"2009-01-05\",\"assessor\":%lld,\"iv\":%lld}",
                         (long long)f->candidate.id, (long long)f->centre,
                         (long long)f->assessor.id, (long long)f->iv.id));
}

static json_doc *add_evidence(const centre_fx *f, int64_t reg)
{
    return fx_call(&f->assessor, "evidence.add",
                   "{\"registration\":%lld,\"title\":\"observation\",\"method\":\"O\","
                   "\"date\":\"2009-03-02\",\"location\":\"Portfolio\",\"criteria\":[\"1:1.1\"]}",
                   (long long)reg);
}

static size_t evidence_of(const centre_fx *f, int64_t reg)
{
    json_doc *d = fx_call(&f->assessor, "evidence.list", "{\"registration\":%lld}", (long long)reg);
    size_t n = tc_result(d)->len;
    json_doc_free(d);
    return n;
}

/* A rule answering what no rule answers — a string meant as a refusal, true — fails the call
 * naming the rule, and the evidence is not added: it is never let through as if the rule had
 * found nothing. */
Test(local_rules, a_rule_answering_out_of_shape_is_named_and_stores_nothing)
{
    centre_fx f;
    fx_centre(&f, "LOCAL1");
    int64_t reg = registration(&f);
    static const char *const answers[][2] = {
        {"return 'the title is too short'", "evidence rule 'mine' returned a string"},
        {"return true", "evidence rule 'mine' returned a boolean"},
        {"return { warning = 5 }", "evidence rule 'mine' returned a warning that is a number"},
        {"return { nvq.violation('mine', 'ok'), 'no' }", "returned a string (item 2)"},
    };
    for (size_t i = 0; i < sizeof answers / sizeof answers[0]; i++) {
        char lua[256];
        snprintf(lua, sizeof lua, "nvq.rule('evidence', 'mine', function(ev, ctx) %s end)\n",
                 answers[i][0]);
        plugin_file("local/ocr.lua", lua);
        json_doc *d = add_evidence(&f, reg);
        cr_assert(eq(i64, tc_error_code(d), 1005), "%s: %s", answers[i][0], tc_error_message(d));
        cr_assert(has(tc_error_message(d), answers[i][1]), "%s", tc_error_message(d));
        json_doc_free(d);
        cr_assert(eq(sz, evidence_of(&f, reg), 0), "%s: nothing is stored", answers[i][0]);
    }
    /* a unit rule does not warn: its warning would be dropped unseen */
    plugin_file("local/ocr.lua", "nvq.rule('unit', 'mine', function() return { warning = 'w' } "
                                 "end)\n");
    json_doc *d = fx_call(&f.assessor, "progress.get", "{\"registration\":%lld}", (long long)reg);
    cr_assert(eq(i64, tc_error_code(d), 1005));
    cr_assert(has(tc_error_message(d), "unit rule 'mine' returned a warning"), "%s",
              tc_error_message(d));
    json_doc_free(d);
    /* what the docs show still works: a violation refuses, a warning is kept */
    plugin_file("local/ocr.lua", "nvq.rule('evidence', 'mine', function(ev) if ev.title == 'no' "
                                 "then return nvq.violation('mine', 'not this one') end\n"
                                 "return { warning = 'kept' } end)\n");
    d = add_evidence(&f, reg);
    cr_assert(eq(i64, tc_error_code(d), 0), "%s", tc_error_message(d));
    cr_assert(eq(str, (char *)tc_rstr(d, "warnings.0.message"), "kept"));
    json_doc_free(d);
    cr_assert(eq(sz, evidence_of(&f, reg), 1));
    plugin_file("local/ocr.lua", NULL);
}

/* A plugin of no body — the centre's own — offers its report for every body's registrations
 * (and its centre reports with body=), as report.list shows it; a body's own report of the
 * same name comes first. */
Test(local_rules, a_centre_plugin_of_no_body_renders_its_reports)
{
    centre_fx f;
    fx_centre(&f, "LOCAL2");
    int64_t reg = registration(&f);
    char dir[1024];
    snprintf(dir, sizeof dir, "%s/plugins/northfield", tc_tmp());
    mkdir(dir, 0755);
    tc_write("plugins/northfield/manifest.lua", "return { name = 'northfield', version = '1' }\n");
    plugin_file(
        "northfield/init.lua",
        "assessd.report('nf_hello', { title = 'Hello', scope = 'registration', "
        "formats = { 'text' } }, function(data) return 'Hello ' .. data.candidate.name end)\n"
        "assessd.report('nf_staff', { title = 'Staff', scope = 'centre', "
        "formats = { 'json' } }, function(data) return { n = #data.staff } end)\n"
        "assessd.report('car', { title = 'Not the CAR', scope = 'registration', "
        "formats = { 'text' } }, function() return 'not the CAR' end)\n");
    json_doc *d = fx_call(&f.assessor, "report.render",
                          "{\"report\":\"nf_hello\",\"format\":\"text\",\"registration\":%lld}",
                          (long long)reg);
    cr_assert(eq(i64, tc_error_code(d), 0), "%s", tc_error_message(d));
    cr_assert(has(tc_rstr(d, "content"), "Hello "), "%s", tc_rstr(d, "content"));
    json_doc_free(d);
    d = fx_call(&f.admin, "report.render",
                "{\"report\":\"nf_staff\",\"format\":\"json\",\"centre\":%lld,\"body\":\"OCR\"}",
                (long long)f.centre);
    cr_assert(eq(i64, tc_error_code(d), 0), "%s", tc_error_message(d));
    cr_assert(gt(i64, tc_rint(d, "content.n"), 0));
    json_doc_free(d);
    d = fx_call(&f.assessor, "report.render",
                "{\"report\":\"car\",\"format\":\"text\",\"registration\":%lld}", (long long)reg);
    cr_assert(eq(i64, tc_error_code(d), 0), "%s", tc_error_message(d));
    cr_assert(not(has(tc_rstr(d, "content"), "not the CAR")), "the body's own report first");
    json_doc_free(d);
    tc_remove("plugins/northfield/init.lua");
    tc_remove("plugins/northfield/manifest.lua");
    rmdir(dir);
    d = tc_call1("plugins.reload", "{}");
    json_doc_free(d);
}

/* A json report is a table: JSON text (cjson.encode's) would reach the client as one string. */
Test(local_rules, a_json_report_answering_text_is_refused)
{
    centre_fx f;
    fx_centre(&f, "LOCAL3");
    int64_t reg = registration(&f);
    plugin_file("local/ocr.lua",
                "assessd.report('nf_json', { title = 'J', scope = 'registration', "
                "formats = { 'json' } }, function() return cjson.encode({ a = 1 }) end)\n");
    json_doc *d = fx_call(&f.assessor, "report.render",
                          "{\"report\":\"nf_json\",\"format\":\"json\",\"registration\":%lld}",
                          (long long)reg);
    cr_assert(eq(i64, tc_error_code(d), 1005), "%s", tc_error_message(d));
    cr_assert(eq(str, (char *)tc_str(json_doc_root(d), "error.data.hook"), "report:nf_json"));
    cr_assert(has(tc_error_message(d), "string, not a table"), "%s", tc_error_message(d));
    /* the message points at where the docs say what a report returns */
    cr_assert(has(tc_error_message(d), "docs/plugins.md, \"Reports\""), "%s", tc_error_message(d));
    json_doc_free(d);
    plugin_file("local/ocr.lua", NULL);
}

/* plugins/local/<plugin>.lua misspelt would never run: the reload says so in the log. */
Test(local_rules, a_local_file_naming_no_plugin_is_said_in_the_log)
{
    plugin_file("local/ocrr.lua", "nvq.rule('evidence', 'never', function() end)\n");
    char path[1024];
    snprintf(path, sizeof path, "%s/daemon.log", tc_tmp());
    FILE *f = fopen(path, "r");
    cr_assert(f != NULL);
    char line[2048];
    bool said = false;
    while (fgets(line, sizeof line, f))
        said |= has(line, "local/ocrr.lua is loaded by no plugin: there is no plugin 'ocrr'");
    fclose(f);
    cr_assert(said, "the log names the file");
    plugin_file("local/ocrr.lua", NULL);
}

/* Catalogue versions are numbered across the bodies: a body's plugin asking for another body's
 * number is told so, never handed that body's catalogue. */
Test(local_rules, a_body_plugin_reads_only_its_own_catalogue_versions)
{
    plugin_file("local/ocr.lua", "assessd.method('local_rules.version', function(p)\n"
                                 "  return assessd.catalogue_version(p.v).body.code\n"
                                 "end)\n");
    int own = 0, other = 0;
    for (int v = 1; v <= 8; v++) {
        char params[32];
        snprintf(params, sizeof params, "{\"v\":%d}", v);
        json_doc *d = tc_call1("local_rules.version", params);
        if (tc_error_code(d) == 0) {
            cr_assert(eq(str, (char *)tc_result(d)->u.str, "OCR"), "version %d", v);
            own++;
        } else {
            cr_assert(eq(i64, tc_error_code(d), 1005));
            if (has(tc_error_message(d), "is CG's, not OCR's"))
                other++;
            else
                cr_assert(has(tc_error_message(d), "no catalogue version"), "%s",
                          tc_error_message(d));
        }
        json_doc_free(d);
    }
    cr_assert(gt(int, own, 0));
    cr_assert(gt(int, other, 0), "CG's version is refused by name");
    plugin_file("local/ocr.lua", NULL);
}
