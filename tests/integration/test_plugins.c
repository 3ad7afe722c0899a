/* Integration tests: plugins inside the running daemon (a private copy of tests/plugins):
 * errors reported with file and line, a runaway loop that leaves the daemon serving,
 * plugins.reload with a broken plugin keeping the previous version, and a body plugin's answers
 * out of shape (shape_body, shape_silent) failing the call with 1005 and storing nothing. */
#include <criterion/criterion.h>
#include <stdbool.h>
#include <criterion/new/assert.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "fixture.h"

static bool has(const char *haystack, const char *needle)
{
    return haystack && strstr(haystack, needle) != NULL;
}

static const json_value *plugin(json_doc *list, const char *name)
{
    const json_value *l = tc_result(list);
    if (l && l->type == JSON_OBJECT)
        l = json_get(l, "plugins");
    for (size_t i = 0; l && i < l->len; i++)
        if (strcmp(tc_str(l->u.items[i], "name"), name) == 0)
            return l->u.items[i];
    return NULL;
}

static void write_file(const char *rel, const char *text)
{
    char in_plugins[512];
    snprintf(in_plugins, sizeof in_plugins, "plugins/%s", rel);
    tc_write(in_plugins, text);
}

Test(plugins, a_list_shows_states_and_errors)
{
    json_doc *d = tc_call1("plugins.list", "{}");
    const json_value *good = plugin(d, "good");
    cr_assert(good != NULL);
    cr_assert(eq(str, (char *)tc_str(good, "state"), "loaded"));
    cr_assert(eq(str, (char *)tc_str(good, "version"), "1.0.0"));
    const json_value *broken = plugin(d, "brokenload");
    cr_assert(eq(str, (char *)tc_str(broken, "state"), "failed"));
    cr_assert(eq(str, (char *)tc_str(broken, "error.kind"), "syntax"));
    cr_assert(eq(i64, tc_int(broken, "error.line"), 6));
    json_doc_free(d);
}

Test(plugins, a_plugin_error_names_plugin_file_and_line)
{
    json_doc *d = tc_call1("faulty.boom", "{}");
    cr_assert(eq(i64, tc_error_code(d), 1005));
    const json_value *data = tc_path(json_doc_root(d), "error.data");
    cr_assert(eq(str, (char *)tc_str(data, "plugin"), "faulty"));
    cr_assert(has(tc_str(data, "file"), "faulty/init.lua"));
    cr_assert(eq(i64, tc_int(data, "line"), 2));
    json_doc_free(d);
}

/* error(message, 2) puts the caller's position in the message: file and line say the same. */
Test(plugins, an_error_blaming_its_caller_names_the_callers_line)
{
    json_doc *d = tc_call1("faulty.blame", "{}");
    cr_assert(eq(i64, tc_error_code(d), 1005));
    const json_value *data = tc_path(json_doc_root(d), "error.data");
    cr_assert(has(tc_error_message(d), "faulty/init.lua:23: n must be positive"), "%s",
              tc_error_message(d));
    cr_assert(has(tc_str(data, "file"), "faulty/init.lua"));
    cr_assert(eq(i64, tc_int(data, "line"), 23), "%s", tc_error_message(d));
    json_doc_free(d);
}

/* A stopped loop is named where it spins, in the message as in file and line, not where the
 * function that spins was called from. */
Test(plugins, a_stopped_loop_is_named_where_it_spins)
{
    json_doc *d = tc_call1("runaway.nested", "{}");
    cr_assert(eq(str, (char *)tc_str(json_doc_root(d), "error.data.kind"), "timeout"));
    cr_assert(has(tc_error_message(d), "runaway/init.lua:30: time budget of 100 ms"), "%s",
              tc_error_message(d));
    cr_assert(eq(i64, tc_int(json_doc_root(d), "error.data.line"), 30));
    json_doc_free(d);
}

Test(plugins, a_runaway_loop_leaves_the_daemon_serving)
{
    json_doc *d = tc_call1("runaway.sneaky", "{}");
    cr_assert(eq(i64, tc_error_code(d), 1005));
    cr_assert(eq(str, (char *)tc_str(json_doc_root(d), "error.data.kind"), "timeout"));
    /* the daemon's --lua-time (100 ms in tests/CMakeLists.txt) is what stopped it: no clock
     * is read here, so a busy machine cannot fail the test */
    cr_assert(has(tc_error_message(d), "time budget of 100 ms"), "%s", tc_error_message(d));
    json_doc_free(d);
    d = tc_call1("system.ping", "{}");
    cr_assert(eq(i64, tc_error_code(d), 0));
    json_doc_free(d);
    d = tc_call1("bomb.explode", "{}");
    cr_assert(eq(str, (char *)tc_str(json_doc_root(d), "error.data.kind"), "memory"));
    json_doc_free(d);
    /* one request far over the cap is said as such, not as what was in use after it */
    d = tc_call1("bomb.string", "{}");
    cr_assert(eq(str, (char *)tc_str(json_doc_root(d), "error.data.kind"), "memory"));
    cr_assert(has(tc_error_message(d), "1073741824 more were asked for"), "%s",
              tc_error_message(d));
    json_doc_free(d);
    d = tc_call1("bomb.ok", "{}");
    cr_assert(eq(str, (char *)tc_result(d)->u.str, "fine"));
    json_doc_free(d);
}

Test(plugins, reload_with_a_broken_plugin_keeps_the_old_version)
{
    write_file("good/init.lua", "assessd.method('good.echo', function(p) return p end)\n"
                                "local broken = = 1\n");
    json_doc *d = tc_call1("plugins.reload", "{}");
    cr_assert(ge(i64, tc_rint(d, "failed"), 2)); /* good and brokenload */
    const json_value *good = plugin(d, "good");
    cr_assert(eq(str, (char *)tc_str(good, "state"), "degraded"));
    cr_assert(eq(str, (char *)tc_str(good, "error.kind"), "syntax"));
    cr_assert(eq(i64, tc_int(good, "error.line"), 2));
    cr_assert(has(tc_str(good, "error.file"), "good/init.lua"));
    json_doc_free(d);
    /* the previous version still answers, including a method the broken one dropped */
    d = tc_call1("good.add", "{\"a\":2,\"b\":3}");
    cr_assert(eq(i64, tc_rint(d, "sum"), 5));
    json_doc_free(d);

    /* mend it, with a new method and version: the reload picks both up */
    write_file("good/manifest.lua", "return { name = 'good', version = '2.0.0' }\n");
    write_file("good/init.lua", "assessd.method('good.twice', function(p) return p.n * 2 end)\n");
    d = tc_call1("plugins.reload", "{}");
    good = plugin(d, "good");
    cr_assert(eq(str, (char *)tc_str(good, "state"), "loaded"));
    cr_assert(eq(str, (char *)tc_str(good, "version"), "2.0.0"));
    json_doc_free(d);
    d = tc_call1("good.twice", "{\"n\":21}");
    cr_assert(eq(i64, tc_rint(d, ""), 42));
    json_doc_free(d);
    d = tc_call1("good.add", "{\"a\":2,\"b\":3}");
    cr_assert(eq(i64, tc_error_code(d), -32601), "the old method went with the old version");
    json_doc_free(d);
}

Test(plugins, a_new_plugin_folder_is_picked_up_by_reload)
{
    char dir[1024];
    snprintf(dir, sizeof dir, "%s/plugins/fresh", tc_tmp());
    mkdir(dir, 0755);
    write_file("fresh/manifest.lua", "return { name = 'fresh', version = '0.1' }\n");
    write_file("fresh/init.lua", "assessd.method('fresh.hello', function() return 'hi' end)\n");
    json_doc *d = tc_call1("plugins.reload", "{}");
    cr_assert(eq(str, (char *)tc_str(plugin(d, "fresh"), "state"), "loaded"));
    json_doc_free(d);
    d = tc_call1("fresh.hello", "{}");
    cr_assert(eq(str, (char *)tc_result(d)->u.str, "hi"));
    json_doc_free(d);
}

/* A report no format could render is refused when the plugin loads, saying why. */
Test(plugins, a_report_without_formats_fails_the_load)
{
    char dir[1024];
    snprintf(dir, sizeof dir, "%s/plugins/noformats", tc_tmp());
    mkdir(dir, 0755);
    write_file("noformats/manifest.lua", "return { name = 'noformats', version = '0.1' }\n");
    write_file("noformats/init.lua", "assessd.report('empty', { formats = {} }, function() end)\n");
    json_doc *d = tc_call1("plugins.reload", "{}");
    const json_value *p = plugin(d, "noformats");
    cr_assert(eq(str, (char *)tc_str(p, "state"), "failed"));
    cr_assert(has(tc_str(p, "error.message"), "report 'empty': formats lists none"), "%s",
              tc_str(p, "error.message"));
    json_doc_free(d);
    write_file("noformats/init.lua",
               "assessd.report('empty', { formats = { 'text' } }, function() return '' end)\n");
    d = tc_call1("plugins.reload", "{}");
    cr_assert(eq(str, (char *)tc_str(plugin(d, "noformats"), "state"), "loaded"));
    json_doc_free(d);
}

/* ---- a body plugin's answers out of shape: tests/plugins/shape_body and shape_silent ---- */

/* Writes text as shape_body's local file (NULL: removes it) and reloads. */
static void shape_local(const char *text)
{
    char local[1024];
    snprintf(local, sizeof local, "%s/plugins/local", tc_tmp());
    mkdir(local, 0755);
    if (text)
        tc_write("plugins/local/shape_body.lua", text);
    else
        tc_remove("plugins/local/shape_body.lua");
    json_doc *d = tc_call1("plugins.reload", "{}");
    cr_assert(eq(str, (char *)tc_str(plugin(d, "shape_body"), "state"), "loaded"));
    json_doc_free(d);
}

/* Replaces shape_body's hook with one running body (Lua, its argument is `arg`). */
static void shape_hook(const char *hook, const char *body)
{
    char text[1024];
    snprintf(text, sizeof text, "assessd.hook('%s', function(arg)\n%s\nend)\n", hook, body);
    shape_local(text);
}

/* d is a 1005 of plugin name's hook with every member protocol.md lists (file and line null
 * where there is none) and a message saying what; frees d. */
static void fails_1005(json_doc *d, const char *name, const char *hook, const char *kind,
                       const char *what)
{
    cr_assert(eq(i64, tc_error_code(d), 1005), "%s", tc_error_message(d));
    const json_value *data = tc_path(json_doc_root(d), "error.data");
    cr_assert(eq(str, (char *)tc_str(data, "reason"), "plugin_error"));
    cr_assert(eq(str, (char *)tc_str(data, "plugin"), (char *)name), "%s", tc_error_message(d));
    cr_assert(eq(str, (char *)tc_str(data, "hook"), (char *)hook), "%s", tc_error_message(d));
    cr_assert(eq(str, (char *)tc_str(data, "kind"), (char *)kind), "%s", tc_error_message(d));
    cr_assert(json_get(data, "file") != NULL && json_get(data, "line") != NULL,
              "file and line, null where there is none: %s", tc_error_message(d));
    cr_assert(has(tc_error_message(d), what), "%s", tc_error_message(d));
    json_doc_free(d);
}

/* A registration of f's candidate (or other candidate) on qualification (BODY:CODE). */
static int64_t shape_registration(const centre_fx *f, const person_fx *candidate,
                                  const char *qualification)
{
    return fx_id(fx_call(&f->admin, "registration.create",
                         "{\"candidate\":%lld,\"qualification\":\"%s\",\"centre\":%lld,"
                         "\"registered_on\":\"2020-01-06\",\"assessor\":%lld,\"iv\":%lld}",
                         (long long)candidate->id, qualification, (long long)f->centre,
                         (long long)f->assessor.id, (long long)f->iv.id));
}

/* progress.batch's answers are checked one by one, in the order the registrations were handed
 * (docs/plugins.md): a bad one fails progress.centre and none of the batch is kept. */
Test(plugins, a_batch_answer_out_of_shape_fails_and_is_not_kept)
{
    centre_fx f;
    fx_centre(&f, "SHAPEB");
    shape_registration(&f, &f.candidate, "SHP:1");
    shape_registration(&f, &f.candidate, "SHP:2");
    shape_registration(&f, &f.other_candidate, "SHP:1");
    shape_registration(&f, &f.other_candidate, "SHP:2");
    char params[64]; /* SHP only: shape_silent has no progress.batch */
    snprintf(params, sizeof params, "{\"centre\":%lld,\"body\":\"SHP\"}", (long long)f.centre);
    static const char *const bad[][2] = {
        {"local o = shape.summaries(arg) o[1].units = 'many' return o",
         "units is a string, not its 2 units"},
        {"local o = shape.summaries(arg) o[1].units = 3 return o", "units is 3, not its 2 units"},
        {"local o = shape.summaries(arg) o[2].units_achieved = -5 return o",
         "units_achieved is -5, not a whole number"},
        {"local o = shape.summaries(arg) o[3].units_ready = 1e9 return o",
         "units_ready is 1000000000, not"},
        {"local o = shape.summaries(arg) o[4].units_ready = 3 return o", "units_ready is 3, not"},
        {"local o = shape.summaries(arg) o[1].achieved = 'yes' return o",
         ": achieved is a string, not true or false"},
        {"local o = shape.summaries(arg) o[1].rules_known = nil return o",
         "rules_known is nothing"},
        {"return 5", "a list"},
        {"local o = shape.summaries(arg) o[2] = 5 return o", "answers[2]"},
        {"local o = shape.summaries(arg) o[1] = { registration = 999 } return o", "999"},
        {"local o = shape.summaries(arg) o[4].registration = 999 return o", "999"},
        {"return assessd.array()", "0 answers for 4 registrations"},
        {"local o, r = shape.summaries(arg), assessd.array()\n"
         "for i = #o, 1, -1 do r[#r + 1] = o[i] end\n"
         "return r",
         "in the order"},
    };
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        shape_hook("progress.batch", bad[i][0]);
        fails_1005(tc_call1("progress.centre", params), "shape_body", "progress.batch", "runtime",
                   bad[i][1]);
    }
    /* the same rules again: had the answers in reverse been kept, they would answer now */
    fails_1005(tc_call1("progress.centre", params), "shape_body", "progress.batch", "runtime",
               "in the order");
    shape_local(NULL);
    json_doc *d = tc_call1("progress.centre", params);
    cr_assert(eq(i64, tc_rint(d, "registrations"), 4));
    cr_assert(eq(i64, tc_rint(d, "computed"), 4));
    cr_assert(eq(i64, tc_rint(d, "units"), 8));
    cr_assert(eq(i64, tc_rint(d, "units_achieved"), 0));
    cr_assert(eq(i64, tc_rint(d, "units_ready_for_signoff"), 8));
    json_doc_free(d);
}

/* The progress hook's answer is checked against the shape docs/plugins.md gives it: one entry
 * per unit of the registration, each with booleans ready_for_signoff and achieved, and the
 * qualification's {achieved, rules_known, units_achieved, violations}. */
Test(plugins, a_progress_answer_out_of_shape_fails_the_call)
{
    centre_fx f;
    fx_centre(&f, "SHAPEP");
    int64_t reg = shape_registration(&f, &f.candidate, "SHP:1");
    json_doc *d = fx_call(&f.assessor, "progress.get", "{\"registration\":%lld}", (long long)reg);
    cr_assert(eq(i64, tc_error_code(d), 0), "%s", tc_error_message(d));
    json_doc_free(d);
    static const char *const bad[][2] = {
        {"p.qualification = nil", "qualification that is nothing"},
        {"p.qualification = {}", "qualification that is an array"},
        {"p.qualification.achieved = 'yes'", "qualification.achieved that is a string"},
        {"p.qualification.rules_known = nil", "qualification.rules_known that is nothing"},
        {"p.qualification.units_achieved = nil", "qualification.units_achieved that is nothing"},
        {"p.qualification.units_achieved = { '99' }", "units_achieved[1] '99', not a unit"},
        {"p.qualification.violations = { 'x' }", "qualification.violations[1] that is not"},
        {"p.units[3] = shape.unit({ number = '99', id = 'SHP-99' })",
         "unit 99, which the registration does not have"},
        {"p.units[2] = nil", "no entry for unit 2"},
        {"p.units[2] = shape.unit({ number = '1', id = 'SHP-1' })", "unit 1 twice"},
        {"p.units[1].ready_for_signoff = 'yes'", "ready_for_signoff that is a string"},
        {"p.units[1].ready_for_signoff = nil", "ready_for_signoff that is nothing"},
        {"p.units[2].achieved = 'yes'", "unit 2's achieved that is a string"},
    };
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        char body[512];
        snprintf(body, sizeof body, "local p = shape.progress(arg)\n%s\nreturn p", bad[i][0]);
        shape_hook("progress", body);
        fails_1005(fx_call(&f.assessor, "progress.get", "{\"registration\":%lld}", (long long)reg),
                   "shape_body", "progress", "runtime", bad[i][1]);
        fails_1005(fx_call(&f.assessor, "unit.signoff",
                           "{\"registration\":%lld,\"unit\":\"1\",\"date\":\"2020-02-03\"}",
                           (long long)reg),
                   "shape_body", "progress", "runtime", bad[i][1]);
    }
    shape_local(NULL);
}

/* unit.signoff refuses (1004) a unit whose progress lists violations, one per broken unit rule,
 * whatever its ready_for_signoff says. */
Test(plugins, a_unit_with_violations_is_not_signed_off)
{
    centre_fx f;
    fx_centre(&f, "SHAPEV");
    int64_t reg = shape_registration(&f, &f.candidate, "SHP:1");
    shape_hook("progress", "local p = shape.progress(arg)\n"
                           "p.units[1].violations = { { rule = 'mine', message = 'not yet' } }\n"
                           "return p");
    const char *signoff = "{\"registration\":%lld,\"unit\":\"1\",\"date\":\"2020-02-03\"}";
    json_doc *d = fx_call(&f.assessor, "unit.signoff", signoff, (long long)reg);
    cr_assert(eq(sz,
                 tc_path(json_doc_root(d), "error.data.violations")
                     ? tc_path(json_doc_root(d), "error.data.violations")->len
                     : 0,
                 1),
              "%s", tc_error_message(d));
    fx_refused(d, 1004, "mine");
    shape_local(NULL);
    d = fx_call(&f.assessor, "unit.signoff", signoff, (long long)reg);
    cr_assert(eq(str, (char *)tc_rstr(d, "status"), "signed_off"), "the refusal kept nothing");
    json_doc_free(d);
}

/* Every 1005 carries what protocol.md lists: the plugin by name, the hook, the kind, file and
 * line (null where there is none): a body plugin without the hook asked, a report that is not
 * a string. */
Test(plugins, every_plugin_error_names_plugin_hook_and_kind)
{
    json_doc *d = tc_call1("plugins.list", "{}");
    const json_value *silent = plugin(d, "shape_silent");
    cr_assert(eq(str, (char *)tc_str(silent, "state"), "loaded"));
    cr_assert(json_get(silent, "error")->type == JSON_NULL);
    json_doc_free(d);
    centre_fx f;
    fx_centre(&f, "SHAPEE");
    int64_t reg = shape_registration(&f, &f.candidate, "SHS:1");
    fails_1005(fx_call(&f.assessor, "progress.get", "{\"registration\":%lld}", (long long)reg),
               "shape_silent", "progress", "missing", "declares no hook 'progress'");
    char params[96];
    snprintf(params, sizeof params, "{\"centre\":%lld,\"body\":\"SHS\"}", (long long)f.centre);
    fails_1005(tc_call1("progress.centre", params), "shape_silent", "progress.batch", "missing",
               "declares no hook 'progress.batch'");
    /* a body nobody loaded is not a plugin's failure: it is not there */
    snprintf(params, sizeof params, "{\"centre\":%lld,\"body\":\"NOSUCH\"}", (long long)f.centre);
    d = tc_call1("progress.centre", params);
    cr_assert(eq(i64, tc_error_code(d), 1001), "%s", tc_error_message(d));
    cr_assert(eq(str, (char *)tc_str(json_doc_root(d), "error.data.body"), "NOSUCH"));
    json_doc_free(d);
    /* a centre is asked only of the bodies it has registrations with */
    centre_fx g;
    fx_centre(&g, "SHAPE-ONLY-SHP");
    shape_registration(&g, &g.candidate, "SHP:1");
    snprintf(params, sizeof params, "{\"centre\":%lld}", (long long)g.centre);
    d = tc_call1("progress.centre", params);
    cr_assert(eq(i64, tc_error_code(d), 0), "%s", tc_error_message(d));
    cr_assert(eq(i64, tc_rint(d, "registrations"), 1));
    json_doc_free(d);

    int64_t shp = shape_registration(&f, &f.candidate, "SHP:1");
    shape_local("assessd.report('shape_page', { title = 'Shape', scope = 'registration', "
                "formats = { 'html' } }, function() return 42 end)\n");
    snprintf(params, sizeof params,
             "{\"report\":\"shape_page\",\"format\":\"html\",\"registration\":%lld}",
             (long long)shp);
    fails_1005(tc_call1("report.render", params), "shape_body", "report:shape_page", "runtime",
               "a string");
    shape_local(NULL);
}

/* A plugin method that declares its parameters is checked like the core's methods: types,
 * required ones, unknown ones refused by name; and system.methods lists them. */
Test(plugins, a_method_declaring_its_params_is_checked_by_the_core)
{
    shape_local("assessd.method('shape.sum', { help = 'adds', params = {\n"
                "  { name = 'a', type = 'integer', required = true, help = 'the first' },\n"
                "  { name = 'b', type = 'integer' }, { name = 'label', type = 'line' } } },\n"
                "  function(p) return (p.a or 0) + (p.b or 0) end)\n");
    json_doc *d = tc_call1("shape.sum", "{\"a\":2,\"b\":3}");
    cr_assert(eq(i64, tc_rint(d, ""), 5), "%s", tc_error_message(d));
    json_doc_free(d);
    static const char *const bad[][2] = {{"{\"a\":2,\"c\":1}", "c"},
                                         {"{\"b\":1}", "a"},
                                         {"{\"a\":\"x\"}", "a"},
                                         {"{\"a\":1,\"label\":\"two\\nlines\"}", "label"}};
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        d = tc_call1("shape.sum", bad[i][0]);
        cr_assert(eq(i64, tc_error_code(d), -32602), "%s", bad[i][0]);
        cr_assert(eq(str, (char *)tc_str(json_doc_root(d), "error.data.field"), (char *)bad[i][1]));
        json_doc_free(d);
    }
    d = tc_call1("system.methods", "{}");
    const json_value *l = tc_result(d);
    bool listed = false;
    for (size_t i = 0; i < l->len; i++)
        if (!strcmp(tc_str(l->u.items[i], "name"), "shape.sum"))
            listed = !strcmp(tc_str(l->u.items[i], "params.0.name"), "a");
    cr_assert(listed, "system.methods lists the declared parameters");
    json_doc_free(d);
    shape_local(NULL);
}
