/* Integration tests: changing the catalogue and the plugins of a running daemon (private
 * copies of plugins/ and catalogue/): a deliberate error keeps the previous version, a new
 * catalogue file is picked up by plugins.reload as a new catalogue version, a centre's own
 * file is loaded after the body's plugin. */
#include <criterion/criterion.h>
#include <criterion/new/assert.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "fixture.h"
#include "json.h"
#include "sbuf.h"

static bool has(const char *haystack, const char *needle)
{
    return haystack && strstr(haystack, needle) != NULL;
}

static const json_value *plugin(json_doc *d, const char *name)
{
    const json_value *l = tc_path(tc_result(d), "plugins");
    for (size_t i = 0; l && i < l->len; i++)
        if (!strcmp(tc_str(l->u.items[i], "name"), name))
            return l->u.items[i];
    cr_assert(false, "no plugin %s", name);
    return NULL;
}

/* Reloads the plugins; the test fails unless ocr is then in state. Returns the reply, and
 * ocr's entry in it in *ocr (when ocr is not NULL). */
static json_doc *reload_ocr(const char *state, const json_value **ocr)
{
    json_doc *d = tc_call1("plugins.reload", "{}");
    const json_value *p = plugin(d, "ocr");
    cr_assert(eq(str, (char *)tc_str(p, "state"), (char *)state), "%s",
              tc_str(p, "error.message") ? tc_str(p, "error.message") : "");
    if (ocr)
        *ocr = p;
    return d;
}

static void previous_catalogue_serves(void)
{
    json_doc *d = tc_call1("catalogue.qualification", "{\"code\":\"OCR:05943\"}");
    cr_assert(eq(i64, tc_error_code(d), 0), "the previous catalogue still serves");
    json_doc_free(d);
}

static int64_t version_of(const char *body)
{
    json_doc *d = tc_call1("catalogue.bodies", "{}");
    const json_value *r = tc_result(d);
    int64_t v = -1;
    for (size_t i = 0; i < r->len; i++)
        if (!strcmp(tc_str(r->u.items[i], "code"), body))
            v = tc_int(r->u.items[i], "catalogue_version");
    json_doc_free(d);
    return v;
}

static const char *new_qualification =
    "return { qualifications = { {\n"
    "  code = 'T0001', title = 'A test qualification', level = 2,\n"
    "  units = { { unit = 'M/102/4501', kind = 'mandatory' },\n"
    "            { unit = 'H/103/6273', kind = 'optional', theme = 'Impression and Image' } },\n"
    "  rules = { total_units = 2, mandatory_units = 1, optional_units = 1, themes_min_each = 1 },\n"
    "} } }\n";

Test(reload, a_new_catalogue_file_is_a_new_version)
{
    int64_t before = version_of("OCR");
    tc_write("catalogue/OCR/T0001.lua", new_qualification);
    json_doc_free(reload_ocr("loaded", NULL));
    json_doc *d = tc_call1("catalogue.qualification", "{\"code\":\"OCR:T0001\"}");
    cr_assert(eq(str, (char *)tc_rstr(d, "title"), "A test qualification"));
    json_doc_free(d);
    int64_t after = version_of("OCR");
    cr_assert(gt(i64, after, before));
    /* reloading the same files again stores nothing new */
    json_doc_free(tc_call1("plugins.reload", "{}"));
    cr_assert(eq(i64, version_of("OCR"), after));
    tc_remove("catalogue/OCR/T0001.lua");
    json_doc_free(tc_call1("plugins.reload", "{}"));
    d = tc_call1("catalogue.qualification", "{\"code\":\"OCR:T0001\"}");
    cr_assert(eq(i64, tc_error_code(d), 1001));
    json_doc_free(d);
}

Test(reload, a_catalogue_file_that_does_not_parse_keeps_the_previous_version)
{
    tc_write("catalogue/OCR/broken.lua", "return { qualifications = {\n  { code = 'X' \n");
    const json_value *p;
    json_doc *d = reload_ocr("degraded", &p);
    cr_assert(eq(str, (char *)tc_str(p, "error.kind"), "syntax"));
    cr_assert(has(tc_str(p, "error.file"), "catalogue/OCR/broken.lua"), "%s",
              tc_str(p, "error.file"));
    cr_assert(gt(i64, tc_int(p, "error.line"), 0));
    json_doc_free(d);
    previous_catalogue_serves();
    tc_remove("catalogue/OCR/broken.lua");
    json_doc_free(reload_ocr("loaded", NULL));
}

Test(reload, a_duplicate_and_a_dangling_reference_are_refused_by_name)
{
    tc_write("catalogue/OCR/dup.lua",
             "return { qualifications = { { code = '05943', title = 'again', level = 2, "
             "units = {} } } }\n");
    const json_value *p;
    json_doc *d = reload_ocr("degraded", &p);
    cr_assert(has(tc_str(p, "error.message"), "dup.lua"), "%s", tc_str(p, "error.message"));
    cr_assert(has(tc_str(p, "error.message"), "05943.lua"), "names the first file too");
    json_doc_free(d);
    tc_remove("catalogue/OCR/dup.lua");
    tc_write("catalogue/OCR/dangling.lua",
             "return { qualifications = { { code = 'T0002', title = 'x', level = 2, "
             "units = { { unit = 'NO/SUCH/UNIT', kind = 'mandatory' } } } } }\n");
    d = reload_ocr("degraded", &p);
    cr_assert(has(tc_str(p, "error.message"), "NO/SUCH/UNIT"), "%s", tc_str(p, "error.message"));
    json_doc_free(d);
    tc_remove("catalogue/OCR/dangling.lua");
    json_doc_free(tc_call1("plugins.reload", "{}"));
}

/* A date the rules read that is not a date would turn the rule off: refused by name. */
Test(reload, a_qualification_date_that_is_not_a_date_is_refused_by_name)
{
    tc_write("catalogue/OCR/baddate.lua",
             "return { qualifications = { { code = 'T0003', title = 'x', level = 2, "
             "last_registration = '31/01/2009', units = {} } } }\n");
    const json_value *p;
    json_doc *d = reload_ocr("degraded", &p);
    cr_assert(has(tc_str(p, "error.message"), "T0003: last_registration must be a date"), "%s",
              tc_str(p, "error.message"));
    json_doc_free(d);
    tc_remove("catalogue/OCR/baddate.lua");
    json_doc_free(reload_ocr("loaded", NULL));
}

/* What the rules would read wrongly is refused when the catalogue loads, each named. */
Test(reload, a_catalogue_the_rules_would_misread_is_refused_by_name)
{
    tc_write("catalogue/OCR/misread.lua",
             "return { units = { { id = 'T/000/0001', number = 'T1', title = 'x',\n"
             "  elements = { { number = '1.1', title = 'a' } },\n"
             "  outcomes = { { number = '1', title = 'o', criteria = {\n"
             "    { number = '1.1', text = 'again' }, { number = '1:2', text = 'colon' } } } },\n"
             "  evidence_requirements = { { number = '1', text = 'r', rule = { min = 3 },\n"
             "    items = { { letter = 'a', text = 'a' } } } } } },\n"
             "  qualifications = { { code = 'T0004', title = 'x', level = 2,\n"
             "    rules = { total_units = 'three' },\n"
             "    units = { { unit = 'T/000/0001', kind = 'sometimes' } } } } }\n");
    const json_value *p;
    json_doc *d = reload_ocr("degraded", &p);
    const char *m = tc_str(p, "error.message");
    cr_assert(has(m, "/catalogue/OCR/misread.lua: unit T/000/0001: number 1.1 is given twice"),
              "%s", m);
    cr_assert(has(m, "/catalogue/OCR/misread.lua: qualification T0004: rules.total_units"), "%s",
              m);
    cr_assert(has(m, "criterion number '1:2'"), "%s", m);
    cr_assert(has(m, "rule min must be a whole number from 1"), "%s", m);
    cr_assert(has(m, "rules.total_units must be a whole number"), "%s", m);
    cr_assert(has(m, "has kind 'sometimes'"), "%s", m);
    json_doc_free(d);
    tc_remove("catalogue/OCR/misread.lua");
    json_doc_free(reload_ocr("loaded", NULL));
}

/* A registration names its units by number: a qualification that lists a unit twice, or two
 * units with one number, is refused by name instead of failing every progress call later. */
Test(reload, a_qualification_with_two_units_of_one_number_is_refused_by_name)
{
    tc_write("catalogue/OCR/twice.lua",
             "return { units = { { id = 'T/000/0009', number = '9', title = 'another 9',\n"
             "  outcomes = { { number = '1', title = 'o', criteria = {\n"
             "    { number = '1.1', text = 'a' } } } } } },\n"
             "  qualifications = { { code = 'T0009', title = 'x', level = 2,\n"
             "    units = { { unit = 'H/103/6273', kind = 'mandatory' },\n"
             "              { unit = 'T/000/0009', kind = 'optional' },\n"
             "              { unit = 'H/103/6273', kind = 'optional' } } } } }\n");
    const json_value *p;
    json_doc *d = reload_ocr("degraded", &p);
    const char *m = tc_str(p, "error.message");
    cr_assert(has(m, "units 'H/103/6273' and 'T/000/0009' are both numbered 9"), "%s", m);
    cr_assert(has(m, "qualification T0009 lists unit 'H/103/6273' twice"), "%s", m);
    /* each problem starts with the file the qualification came from */
    cr_assert(has(m, "/catalogue/OCR/twice.lua: qualification T0009 lists"), "%s", m);
    json_doc_free(d);
    previous_catalogue_serves();
    tc_remove("catalogue/OCR/twice.lua");
    json_doc_free(reload_ocr("loaded", NULL));
}

/* A unit value of the wrong type loaded, and the body's rules then failed on every evidence
 * item that read it (simulation = true: "attempt to index a boolean value"). */
Test(reload, a_unit_value_of_the_wrong_type_is_refused_by_name)
{
    tc_write("catalogue/OCR/types.lua",
             "return { units = { { id = 'T/000/0010', number = 'T10', title = 'x',\n"
             "  level = '2', credit = 2.5, glh = true, simulation = true,\n"
             "  rwe = { allowed = 'yes', text = 'r' } } } }\n");
    const json_value *p;
    json_doc *d = reload_ocr("degraded", &p);
    const char *m = tc_str(p, "error.message");
    cr_assert(has(m, "unit T/000/0010: level must be a whole number"), "%s", m);
    cr_assert(has(m, "unit T/000/0010: credit must be a whole number"), "%s", m);
    cr_assert(has(m, "unit T/000/0010: glh must be a whole number"), "%s", m);
    cr_assert(has(m, "unit T/000/0010: simulation must be a table"), "%s", m);
    cr_assert(has(m, "unit T/000/0010: rwe.allowed must be true, false or"), "%s", m);
    cr_assert(has(m, "/catalogue/OCR/types.lua: unit T/000/0010: level"), "%s", m);
    json_doc_free(d);
    previous_catalogue_serves();
    tc_write("catalogue/OCR/types.lua",
             "return { units = { { id = 'T/000/0010', number = 'T10', title = 'x',\n"
             "  simulation = { allowed = false, scope = 'some', text = 's' } } } }\n");
    d = reload_ocr("degraded", &p);
    m = tc_str(p, "error.message");
    cr_assert(has(m, "unit T/000/0010: simulation.scope must be"), "%s", m);
    json_doc_free(d);
    tc_remove("catalogue/OCR/types.lua");
    json_doc_free(reload_ocr("loaded", NULL));
}

Test(reload, a_unit_number_that_would_break_references_is_refused_by_name)
{
    /* a reference is UNIT:NUMBER, and the store lists an item's units one per line */
    static const char *const numbers[] = {"4:1", "4\\n1", "12345678901234567890123456789012"};
    for (size_t k = 0; k < sizeof numbers / sizeof *numbers; k++) {
        char text[512];
        snprintf(text, sizeof text,
                 "return { units = { { id = 'T/BAD/%zu', number = \"%s\", title = 'x', "
                 "outcomes = { { number = '1', title = 'y', criteria = { { number = '1.1', "
                 "text = 'z' } } } } } } }\n",
                 k, numbers[k]);
        tc_write("catalogue/OCR/badunit.lua", text);
        const json_value *p;
        json_doc *d = reload_ocr("degraded", &p);
        char want[64];
        snprintf(want, sizeof want, "unit T/BAD/%zu: number", k);
        cr_assert(has(tc_str(p, "error.message"), want), "%s", tc_str(p, "error.message"));
        json_doc_free(d);
        previous_catalogue_serves();
    }
    tc_remove("catalogue/OCR/badunit.lua");
    json_doc_free(reload_ocr("loaded", NULL));
}

Test(reload, a_centre_file_is_loaded_after_the_plugin)
{
    tc_write("plugins/local/ocr.lua",
             "assessd.method('ocr.centre_rules', function()\n"
             "  local names = {}\n"
             "  for _, r in ipairs(nvq.rules.unit) do names[#names + 1] = r.name end\n"
             "  return names\n"
             "end)\n"
             "nvq.rule('unit', 'two_observations', function() return nil end)\n");
    json_doc_free(reload_ocr("loaded", NULL));
    json_doc *d = tc_call1("ocr.centre_rules", "{}");
    cr_assert(eq(str, (char *)tc_rstr(d, "0"), "two_observations"));
    json_doc_free(d);
    tc_write("plugins/local/ocr.lua", "nvq.rule('unit', 'x', function() end\n");
    const json_value *p;
    d = reload_ocr("degraded", &p);
    cr_assert(has(tc_str(p, "error.file"), "local/ocr.lua"));
    json_doc_free(d);
    tc_remove("plugins/local/ocr.lua");
    json_doc_free(tc_call1("plugins.reload", "{}"));
}

/* An OCR 05943 registration (its mandatory units) in a new centre (number). */
static int64_t ocr_registration(centre_fx *f, const char *number)
{
    fx_centre(f, number);
    return fx_id(fx_call(&f->admin, "registration.create",
                         "{\"candidate\":%lld,\"qualification\":\"OCR:05943\","
                         "\"centre\":%lld,\"registered_on\":\"2009-01-05\","
                         "\"assessor\":%lld,\"iv\":%lld}",
                         (long long)f->candidate.id, (long long)f->centre,
                         (long long)f->assessor.id, (long long)f->iv.id));
}

static const char obs_add[] = "{\"registration\":%lld,\"title\":\"obs\",\"method\":\"O\","
                              "\"date\":\"2009-02-01\",\"location\":\"p\",\"criteria\":"
                              "[\"5:5.1\",\"5:5.2\"]}";

/* An OCR 05943 registration in a new centre (number) whose unit 5 has one observation
 * (5:5.1, 5:5.2) and a met summative decision on it. Returns the registration. */
static int64_t unit5_observed_and_met(centre_fx *f, const char *number)
{
    int64_t reg = ocr_registration(f, number);
    int64_t ev = fx_id(fx_call(&f->assessor, "evidence.add", obs_add, (long long)reg));
    json_doc_free(fx_call(&f->assessor, "decision.record",
                          "{\"registration\":%lld,\"unit\":\"5\",\"outcome\":\"met\","
                          "\"kind\":\"summative\",\"justification\":\"j\",\"feedback\":"
                          "\"f\",\"date\":\"2009-02-02\",\"evidence\":[%lld]}",
                          (long long)reg, (long long)ev));
    return reg;
}

Test(reload, a_centre_rule_changes_what_a_sign_off_needs)
{
    tc_write("plugins/local/ocr.lua",
             "nvq.rule('unit', 'two_observations', function(unit)\n"
             "  local n = 0\n"
             "  for _, ev in ipairs(unit.evidence or {}) do\n"
             "    if ev.method == 'O' and ev.counts ~= false then n = n + 1 end\n"
             "  end\n"
             "  if n < 2 then\n"
             "    return nvq.violation('two_observations', ('unit %s has %d observation(s); "
             "this centre requires two'):format(unit.number, n), unit.number)\n"
             "  end\n"
             "end)\n");
    json_doc_free(tc_call1("plugins.reload", "{}"));
    centre_fx f;
    int64_t reg = unit5_observed_and_met(&f, "OVERRIDE");
    const char *signoff = "{\"registration\":%lld,\"unit\":\"5\",\"date\":\"2009-02-03\"}";
    json_doc *d = fx_call(&f.assessor, "unit.signoff", signoff, (long long)reg);
    cr_assert(has(tc_error_message(d), "1 requirement(s) not met"), "%s", tc_error_message(d));
    fx_refused(d, 1004, "two_observations");
    fx_id(fx_call(&f.assessor, "evidence.add", obs_add, (long long)reg));
    d = fx_call(&f.assessor, "unit.signoff", signoff, (long long)reg);
    cr_assert(eq(str, (char *)tc_rstr(d, "status"), "signed_off"));
    json_doc_free(d);
    tc_remove("plugins/local/ocr.lua");
    json_doc_free(tc_call1("plugins.reload", "{}"));
}

static void expect_centre(int64_t centre, int64_t computed, int64_t ready)
{
    char params[64];
    snprintf(params, sizeof params, "{\"centre\":%lld}", (long long)centre);
    json_doc *d = tc_call1("progress.centre", params);
    cr_assert(eq(i64, tc_error_code(d), 0), "%s", tc_error_message(d));
    cr_assert(eq(i64, tc_rint(d, "computed"), computed));
    cr_assert(eq(i64, tc_rint(d, "kept"), 1 - computed));
    cr_assert(eq(i64, tc_rint(d, "units_ready_for_signoff"), ready));
    json_doc_free(d);
}

/* progress.centre's kept summaries belong to the plugin's files: a centre's rule added, then
 * taken away, makes the next call compute again each time; a reload of the same files does
 * not. */
Test(reload, kept_progress_follows_the_plugin_files)
{
    centre_fx f;
    unit5_observed_and_met(&f, "KEPT");
    expect_centre(f.centre, 1, 1);
    json_doc_free(tc_call1("plugins.reload", "{}"));
    expect_centre(f.centre, 0, 1);
    tc_write("plugins/local/ocr.lua",
             "nvq.rule('unit', 'two_observations', function(unit)\n"
             "  if #unit.evidence < 2 then return nvq.violation('two_observations', 'two', "
             "unit.number) end\n"
             "end)\n");
    json_doc_free(tc_call1("plugins.reload", "{}"));
    expect_centre(f.centre, 1, 0);
    tc_remove("plugins/local/ocr.lua");
    json_doc_free(tc_call1("plugins.reload", "{}"));
    expect_centre(f.centre, 1, 1);
}
/* A progress.batch hook registered with evidence = "covered" gets each unit's refs covered by
 * the evidence that counts, each once, and how many items there are, instead of the items:
 * here a hook that answers with what it saw, in counts of the shape docs/plugins.md gives (the
 * refs covered as units achieved, the units with three items as units ready, whether any unit
 * carried its items as achieved). An option it does not know fails the load. */
Test(reload, a_batch_hook_may_take_the_refs_covered)
{
    tc_write("plugins/local/ocr.lua",
             "assessd.hook('progress.batch', function(regs)\n"
             "  local out = assessd.array()\n"
             "  for i, reg in ipairs(regs) do\n"
             "    local refs, three, with_items = 0, 0, 0\n"
             "    for _, u in ipairs(reg.units) do\n"
             "      refs = refs + #u.covered\n"
             "      if u.evidence_count == 3 then three = three + 1 end\n"
             "      if u.evidence ~= nil then with_items = with_items + 1 end\n"
             "    end\n"
             "    out[i] = { registration = reg.registration, units = #reg.units,\n"
             "               units_achieved = refs, units_ready = three,\n"
             "               achieved = with_items > 0, rules_known = false }\n"
             "  end\n"
             "  return out\n"
             "end, { evidence = 'covered' })\n");
    json_doc_free(reload_ocr("loaded", NULL));
    centre_fx f;
    int64_t reg = ocr_registration(&f, "COVERED");
    /* 5.1 twice over, 5.2 only in a statement that does not count until countersigned */
    const char *add = "{\"registration\":%lld,\"title\":\"t\",\"method\":\"%s\",\"date\":"
                      "\"2009-02-01\",\"location\":\"p\",\"criteria\":[%s]}";
    fx_id(fx_call(&f.assessor, "evidence.add", add, (long long)reg, "O", "\"5:5.1\""));
    fx_id(fx_call(&f.assessor, "evidence.add", add, (long long)reg, "O", "\"5:5.1\""));
    fx_id(fx_call(&f.candidate, "evidence.add", add, (long long)reg, "EPS", "\"5:5.2\""));
    char params[64];
    snprintf(params, sizeof params, "{\"centre\":%lld}", (long long)f.centre);
    json_doc *d = tc_call1("progress.centre", params);
    cr_assert(eq(i64, tc_error_code(d), 0), "%s", tc_error_message(d));
    cr_assert(eq(i64, tc_rint(d, "units"), 2));                   /* units 1 and 5 */
    cr_assert(eq(i64, tc_rint(d, "units_achieved"), 1));          /* 5.1, once */
    cr_assert(eq(i64, tc_rint(d, "units_ready_for_signoff"), 1)); /* unit 5's three items */
    cr_assert(eq(i64, tc_rint(d, "achieved"), 0));                /* no unit's items */
    json_doc_free(d);

    tc_write("plugins/local/ocr.lua",
             "assessd.hook('progress.batch', nvq.summaries, { evidence = 'all' })\n");
    const json_value *p;
    d = reload_ocr("degraded", &p);
    cr_assert(has(tc_str(p, "error.message"), "option evidence of progress.batch is \"items\" or "
                                              "\"covered\""),
              "%s", tc_str(p, "error.message"));
    json_doc_free(d);
    tc_write("plugins/local/ocr.lua",
             "assessd.hook('progress', nvq.progress, { evidence = 'covered' })\n");
    d = reload_ocr("degraded", &p);
    cr_assert(has(tc_str(p, "error.message"), "no option 'evidence' for hook progress"), "%s",
              tc_str(p, "error.message"));
    json_doc_free(d);
    tc_remove("plugins/local/ocr.lua");
    json_doc_free(tc_call1("plugins.reload", "{}"));
}

/* catalogue.import's parameters: OCR:05943's own package (the code changed to code when not
 * NULL), into body, to be written. */
static char *import_params(const char *code, const char *body)
{
    json_doc *e = tc_call1("catalogue.export", "{\"qualification\":\"OCR:05943\"}");
    cr_assert(eq(i64, tc_error_code(e), 0));
    sbuf t;
    sbuf_init(&t);
    jw w;
    jw_init(&w, &t);
    jw_obj_begin(&w);
    jw_key(&w, "package");
    jw_value(&w, tc_result(e));
    jw_kstr(&w, "body", body);
    jw_kbool(&w, "write", true);
    jw_obj_end(&w);
    json_doc_free(e);
    char *s = strdup(sbuf_cstr(&t));
    sbuf_free(&t);
    char *at = code ? strstr(s, "\"code\":\"05943\"") : NULL;
    if (code) {
        cr_assert(at != NULL && strlen(code) == 5);
        memcpy(at + 8, code, 5);
    }
    return s;
}

/* Writing to the catalogue every centre uses is for the machine's administrators, into a body
 * that is loaded, and never leaves the body's plugin broken. */
Test(reload, a_catalogue_import_writes_only_what_loads)
{
    centre_fx f;
    fx_centre(&f, "IMPORT-1");
    char *p = import_params("T9943", "OCR");
    fx_refused(fx_call(&f.admin, "catalogue.import", "%s", p), 1002, "system_admin");
    free(p);
    p = import_params("T9943", "../../escaped");
    json_doc *d = tc_call1("catalogue.import", p);
    cr_assert(eq(i64, tc_error_code(d), 1001), "%s", tc_error_message(d));
    json_doc_free(d);
    free(p);
    cr_assert(access("../../escaped", F_OK) != 0);
    /* already in the catalogue, from a file of its own */
    p = import_params(NULL, "OCR");
    d = tc_call1("catalogue.import", p);
    cr_assert(eq(i64, tc_error_code(d), 1003), "%s", tc_error_message(d));
    json_doc_free(d);
    free(p);
    /* a new code over the same units: the plugin would not load, so nothing is written */
    p = import_params("T9943", "OCR");
    d = tc_call1("catalogue.import", p);
    cr_assert(eq(i64, tc_error_code(d), -32602), "%s", tc_error_message(d));
    cr_assert(has(tc_error_message(d), "the catalogue is as it was"), "%s", tc_error_message(d));
    cr_assert(has(tc_error_message(d), "already"), "what the plugin said: %s", tc_error_message(d));
    json_doc_free(d);
    free(p);
    char path[1024];
    snprintf(path, sizeof path, "%s/catalogue/OCR/case-T9943.lua", tc_tmp());
    cr_assert(access(path, F_OK) != 0, "the file is taken back");
    json_doc_free(reload_ocr("loaded", NULL));
    /* a package naming no qualification code is refused, and the daemon goes on */
    d = tc_call1("catalogue.import", "{\"package\":{\"CFDocument\":{\"identifier\":\"x\","
                                     "\"extensions\":{\"assessd\":{}}}},\"body\":\"OCR\"}");
    cr_assert(eq(i64, tc_error_code(d), -32602), "%s", tc_error_message(d));
    json_doc_free(d);
    previous_catalogue_serves();
}
