/* Integration tests: broken jobs (a private copy of tests/jobs as the scripts directory, the
 * scheduler ticking every 100 ms). A syntax error, an error at run time, a runaway loop, a
 * memory blow-up, a malformed reminder, the store read while loading, the plugins' API and a
 * reach for `os` are each contained and reported with file and line while the daemon goes on
 * serving; a failing scheduled job is tried again; a job run many times stores its reminder
 * once; new and changed files are picked up without a restart. The tests do not depend on
 * their order. */
#include <criterion/criterion.h>
#include <criterion/new/assert.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "client.h"

static bool has(const char *haystack, const char *needle)
{
    return haystack && strstr(haystack, needle) != NULL;
}

static const json_value *job(json_doc *list, const char *name)
{
    const json_value *l = tc_result(list);
    for (size_t i = 0; l && i < l->len; i++)
        if (!strcmp(tc_str(l->u.items[i], "name"), name))
            return l->u.items[i];
    return NULL;
}

static void alive(void)
{
    json_doc *d = tc_call1("system.ping", "{}");
    cr_assert(eq(i64, tc_error_code(d), 0), "the daemon stopped serving");
    json_doc_free(d);
}

static void write_job(const char *name, const char *text)
{
    char rel[256];
    snprintf(rel, sizeof rel, "scripts/%s.lua", name);
    tc_write(rel, text);
}

/* Removes a job a test wrote, and reloads the scripts. */
static void remove_job(const char *name)
{
    char rel[256];
    snprintf(rel, sizeof rel, "scripts/%s.lua", name);
    tc_remove(rel);
    json_doc_free(tc_call1("scripts.reload", "{}"));
}

static void sleep_ms(int ms)
{
    struct timespec ts = {ms / 1000, (long)(ms % 1000) * 1000000L};
    nanosleep(&ts, NULL);
}

Test(jobs, load_failures_are_listed_with_file_and_line)
{
    json_doc *d = tc_call1("scripts.list", "{}");
    const json_value *j = job(d, "syntax");
    cr_assert(j != NULL);
    cr_assert(eq(str, (char *)tc_str(j, "state"), "failed"));
    cr_assert(eq(str, (char *)tc_str(j, "error.kind"), "syntax"));
    cr_assert(has(tc_str(j, "error.file"), "syntax.lua"));
    cr_assert(eq(i64, tc_int(j, "error.line"), 3));

    j = job(d, "early_data");
    cr_assert(eq(str, (char *)tc_str(j, "state"), "failed"));
    cr_assert(has(tc_str(j, "error.message"), "only be called while the job runs"), "%s",
              tc_str(j, "error.message"));
    cr_assert(has(tc_str(j, "error.file"), "early_data.lua"));
    cr_assert(eq(i64, tc_int(j, "error.line"), 2));

    j = job(d, "plugin_api");
    cr_assert(eq(str, (char *)tc_str(j, "state"), "failed"));
    cr_assert(has(tc_str(j, "error.message"), "is for plugins"), "%s", tc_str(j, "error.message"));
    cr_assert(eq(i64, tc_int(j, "error.line"), 2));

    j = job(d, "good");
    cr_assert(eq(str, (char *)tc_str(j, "state"), "loaded"));
    cr_assert(eq(str, (char *)tc_str(j, "schedule"), "every 1s"));
    json_doc_free(d);
    /* the plugin method was never registered */
    d = tc_call1("jobs.sneaky", "{}");
    cr_assert(eq(i64, tc_error_code(d), -32601));
    json_doc_free(d);
    alive();
}

static void run_fails(const char *name, const char *kind, const char *file, int line,
                      const char *message)
{
    char params[80];
    snprintf(params, sizeof params, "{\"name\":\"%s\"}", name);
    json_doc *d = tc_call1("scripts.run", params);
    cr_assert(eq(i64, tc_error_code(d), 1005), "%s: %s", name, tc_error_message(d));
    const json_value *data = tc_path(json_doc_root(d), "error.data");
    cr_assert(eq(str, (char *)tc_str(data, "kind"), (char *)kind), "%s", tc_error_message(d));
    cr_assert(eq(str, (char *)tc_str(data, "plugin"), (char *)name));
    if (file)
        cr_assert(has(tc_str(data, "file"), file), "%s", tc_error_message(d));
    if (line)
        cr_assert(eq(i64, tc_int(data, "line"), line), "%s", tc_error_message(d));
    if (message)
        cr_assert(has(tc_error_message(d), message), "%s", tc_error_message(d));
    json_doc_free(d);
    alive();
}

Test(jobs, a_failing_run_is_reported_with_file_and_line)
{
    run_fails("runtime", "runtime", "runtime.lua", 5, "broken on purpose");
    run_fails("escape", "runtime", "escape.lua", 5, "os");
    run_fails("malformed", "runtime", "malformed.lua", 0, ".due must be a date");
    run_fails("stray_field", "runtime", "stray_field.lua", 0,
              "reminder 1 has an unknown field 'titel'");
    /* a reminder's fields are its own: a metatable's __index is not asked */
    run_fails("inherited", "runtime", "inherited.lua", 0, "reminder 1: .kind must be a word");
}

/* An argument assessd.data's function does not take is refused by name, as assessd.job's
 * unknown fields are: a misspelt days = would otherwise leave the default in force unseen. */
Test(jobs, assessd_data_names_an_argument_it_does_not_take)
{
    write_job("misspelt", "assessd.job {\n"
                          "  run = function(ctx)\n"
                          "    return assessd.data.claim_ready { up_to = ctx.up_to, day = 30 }\n"
                          "  end,\n"
                          "}\n");
    json_doc_free(tc_call1("scripts.reload", "{}"));
    run_fails("misspelt", "runtime", "misspelt.lua", 3,
              "assessd.data.claim_ready: no argument 'day' (it takes up_to, days, wanted)");
    write_job("misspelt", "assessd.job {\n"
                          "  run = function(ctx)\n"
                          "    return assessd.data.admins { centre = 1 }\n"
                          "  end,\n"
                          "}\n");
    json_doc_free(tc_call1("scripts.reload", "{}"));
    run_fails("misspelt", "runtime", "misspelt.lua", 3,
              "assessd.data.admins: no argument 'centre' (it takes none)");
    remove_job("misspelt");
}

Test(jobs, a_runaway_loop_and_a_memory_blow_up_are_stopped)
{
    /* the --script-time of tests/CMakeLists.txt (200 ms) stopped it, by its own clock */
    run_fails("runaway", "timeout", "runaway.lua", 0, "time budget of 200 ms");
    run_fails("bomb", "memory", NULL, 0, "memory limit");
    /* the states are usable again */
    json_doc *d = tc_call1("scripts.run", "{\"name\":\"good\"}");
    cr_assert(eq(i64, tc_error_code(d), 0), "%s", tc_error_message(d));
    json_doc_free(d);
}

Test(jobs, reminders_due_names_the_jobs_that_failed)
{
    json_doc *d = tc_call1("reminders.due", "{}");
    const json_value *runtime = tc_failed_job(d, "runtime");
    cr_assert(runtime != NULL);
    cr_assert(eq(i64, tc_int(runtime, "line"), 5));
    /* what the working jobs found is still listed */
    const json_value *list = tc_path(tc_result(d), "reminders");
    cr_assert(eq(str, (char *)tc_str(list, "0.kind"), "test"));
    /* and so are the jobs that did not load: their reminders are missing too */
    const json_value *syntax = tc_failed_job(d, "syntax");
    cr_assert(syntax != NULL, "a script that does not load is named among the failed");
    cr_assert(eq(str, (char *)tc_str(syntax, "kind"), "syntax"));
    cr_assert(eq(i64, tc_int(syntax, "line"), 3));
    json_doc_free(d);
}

Test(jobs, the_scheduler_retries_a_failing_job_and_stores_once)
{
    sleep_ms(2500); /* the scheduler ticks every 100 ms; good and runtime run every second */
    json_doc *d = tc_call1("scripts.list", "{}");
    const json_value *j = job(d, "runtime");
    cr_assert(tc_int(j, "failures") >= 2, "runtime failed %lld times",
              (long long)tc_int(j, "failures"));
    cr_assert(not(tc_path(j, "last_run.ok")->u.boolean));
    cr_assert(eq(i64, tc_int(j, "last_run.error.line"), 5));
    cr_assert(has(tc_str(j, "last_run.error.file"), "runtime.lua"));
    cr_assert(tc_path(j, "next_run")->type == JSON_STRING);
    j = job(d, "good");
    cr_assert(tc_int(j, "runs") >= 2);
    cr_assert(tc_path(j, "last_run.ok")->u.boolean);
    json_doc_free(d);

    /* good has run every second with the same key: one reminder */
    d = tc_call1("reminders.list", "{\"kind\":\"test\"}");
    cr_assert(eq(sz, tc_result(d)->len, 1));
    json_doc_free(d);
    /* scheduled runs that stored something, or failed, are in the audit trail */
    d = tc_call1("audit.list", "{\"method\":\"scripts.run\",\"limit\":1000}");
    const json_value *l = tc_result(d);
    bool by_scheduler = false;
    for (size_t i = 0; i < l->len; i++)
        by_scheduler |= !strcmp(tc_str(l->u.items[i], "actor.name"), "scheduler");
    cr_assert(by_scheduler);
    json_doc_free(d);
    alive();
}

Test(jobs, files_are_picked_up_without_a_restart)
{
    /* a new file, failing, then mended: each version is picked up by its mtime */
    write_job("flaky", "assessd.job { name = \"flaky\", every = \"1s\",\n"
                       "  run = function(ctx) error(\"not yet\") end }\n");
    sleep_ms(1500);
    json_doc *d = tc_call1("scripts.list", "{}");
    const json_value *j = job(d, "flaky");
    cr_assert(j != NULL, "the new file was not loaded");
    cr_assert(eq(str, (char *)tc_str(j, "state"), "loaded"));
    cr_assert(not(tc_path(j, "last_run.ok")->u.boolean));
    cr_assert(eq(i64, tc_int(j, "last_run.error.line"), 2));
    json_doc_free(d);
    write_job("flaky", "assessd.job { name = \"flaky\", every = \"1s\",\n"
                       "  run = function(ctx) return {} end }\n");
    sleep_ms(1500);
    d = tc_call1("scripts.list", "{}");
    j = job(d, "flaky");
    cr_assert(tc_path(j, "last_run.ok")->u.boolean, "the mended job did not run");
    json_doc_free(d);

    /* a broken edit keeps the previous version, shown as degraded */
    write_job("flaky", "assessd.job { name = \"flaky\", every = \n");
    d = tc_call1("scripts.reload", "{}");
    cr_assert(eq(i64, tc_error_code(d), 0));
    json_doc_free(d);
    d = tc_call1("scripts.list", "{}");
    j = job(d, "flaky");
    cr_assert(eq(str, (char *)tc_str(j, "state"), "degraded"));
    cr_assert(eq(str, (char *)tc_str(j, "error.kind"), "syntax"));
    json_doc_free(d);

    /* a removed file is unloaded */
    remove_job("flaky");
    d = tc_call1("scripts.list", "{}");
    cr_assert(job(d, "flaky") == NULL);
    json_doc_free(d);
    alive();
}

/* A job for ctx.wants: 30 reminders of kind, due 2090-01-01 plus 0-9 days, three on each day
 * (the later the run comes to one, the earlier its key: ties matter). use 0 builds them all; 1
 * and 2 only those ctx.wants says yes to, asked without the key and with it. Only for dates in
 * 2090, so that the other tests' calls do not see them. */
static void wants_job(const char *name, const char *kind, int use)
{
    char cond[200], text[1024];
    const char *conds[] = {"true", "ctx.wants(\"%s\", due, nil, nil, 1)",
                           "ctx.wants(\"%s\", due, key, nil, 1)"};
    snprintf(cond, sizeof cond, conds[use], kind);
    snprintf(text, sizeof text,
             "assessd.job { name = \"%s\", every = \"1d\", run = function(ctx)\n"
             "  local out = {}\n"
             "  if ctx.date < \"2090-01-01\" then return out end\n"
             "  for i = 1, 30 do\n"
             "    local due = assessd.date_add(\"2090-01-01\", { days = (i * 7) %% 10 })\n"
             "    local key = \"%s:\" .. (100 - i)\n"
             "    if %s then\n"
             "      out[#out + 1] = { key = key, kind = \"%s\", due = due, why = "
             "\"w\",\n"
             "        person = { id = 1, name = \"P\" } }\n"
             "    end\n"
             "  end\n"
             "  return out\n"
             "end }\n",
             name, kind, cond, kind);
    write_job(name, text);
}

/* ctx.wants: a job that builds only what it is told is wanted answers reminders.due as one
 * that builds everything (the same first ones, ties on a day included, and the same total);
 * what it is handed is checked, and it serves only its own run. */
Test(jobs, ctx_wants_leaves_out_only_what_would_not_be_shown)
{
    wants_job("wants_all", "wall", 0);
    wants_job("wants_some", "wsome", 1);
    wants_job("wants_keyed", "wkeyed", 2);
    write_job("wants_bad", "assessd.job { name = \"wants_bad\", every = \"1d\",\n"
                           "  run = function(ctx)\n"
                           "    if ctx.date >= \"2090-01-01\" then ctx.wants(\"Not a kind\", "
                           "ctx.date) end\n"
                           "    return {} end }\n");
    write_job("wants_kept", "assessd.job { name = \"wants_kept\", every = \"1d\",\n"
                            "  run = function(ctx)\n"
                            "    if ctx.date < \"2090-01-01\" then return {} end\n"
                            "    if KEPT then KEPT(\"k\", ctx.date) end\n"
                            "    KEPT = ctx.wants\n"
                            "    return {} end }\n");
    json_doc_free(tc_call1("scripts.reload", "{}"));
    size_t limits[] = {0, 1, 2, 4, 7, 29, 30, 40};
    const char *kinds[] = {"wall", "wsome", "wkeyed"};
    for (size_t l = 0; l < sizeof limits / sizeof *limits; l++) {
        json_doc *d[3];
        const json_value *got[3];
        size_t n = limits[l] < 30 ? limits[l] : 30;
        for (int k = 0; k < 3; k++) {
            char params[160];
            snprintf(params, sizeof params,
                     "{\"date\":\"2090-01-01\",\"within_days\":20,\"kind\":\"%s\","
                     "\"limit\":%zu}",
                     kinds[k], limits[l]);
            d[k] = tc_call1("reminders.due", params);
            cr_assert(eq(i64, tc_rint(d[k], "total"), 30), "%s, limit %zu", kinds[k], limits[l]);
            got[k] = tc_path(tc_result(d[k]), "reminders");
            cr_assert(eq(sz, got[k]->len, n), "%s, limit %zu", kinds[k], limits[l]);
        }
        for (int k = 1; k < 3; k++)
            for (size_t i = 0; i < n; i++) {
                const char *a = strchr(tc_str(got[k]->u.items[i], "key"), ':');
                const char *b = strchr(tc_str(got[0]->u.items[i], "key"), ':');
                cr_assert(eq(str, (char *)a, (char *)b), "%s, limit %zu, reminder %zu", kinds[k],
                          limits[l], i);
            }
        for (int k = 0; k < 3; k++)
            json_doc_free(d[k]);
    }
    /* the calls above ran wants_kept, which kept its ctx.wants */
    for (int call = 0; call < 2; call++) {
        json_doc *d =
            tc_call1("reminders.due", "{\"date\":\"2090-01-01\",\"within_days\":0,\"limit\":1}");
        const json_value *bad = tc_failed_job(d, "wants_bad");
        const json_value *kept = tc_failed_job(d, "wants_kept");
        cr_assert(bad && has(tc_str(bad, "message"), "a kind is a word"),
                  "call %d: the bad kind was not refused by name", call);
        cr_assert(kept && has(tc_str(kept, "message"), "ctx.wants is for the run it was handed to"),
                  "call %d: a ctx.wants kept from an earlier run was not refused", call);
        json_doc_free(d);
    }
    const char *names[] = {"wants_all", "wants_some", "wants_keyed", "wants_bad", "wants_kept"};
    for (int k = 0; k < 5; k++) {
        char rel[256];
        snprintf(rel, sizeof rel, "scripts/%s.lua", names[k]);
        tc_remove(rel);
    }
    json_doc_free(tc_call1("scripts.reload", "{}"));
    alive();
}

/* A title or a why too long, or holding control characters (a name as a record has it), is made
 * to fit rather than failing the run: one record does not silence a job for everyone. */
Test(jobs, a_long_title_or_why_is_made_to_fit)
{
    write_job(
        "wordy",
        "assessd.job { name = \"wordy\",\n"
        "  run = function(ctx) return {\n"
        "    { kind = \"wordy\", key = \"wordy:1\", due = ctx.date,\n"
        "      title = \"Tab\\there \" .. string.rep(\"\\u{e9}\", 150),\n"
        "      why = string.rep(\"x\", 2500), act = { { id = 1, name = \"S\" } } },\n"
        "    { kind = \"wordy\", key = \"wordy:3\", due = ctx.date,\n"
        "      why = \"line\\n\" .. string.rep(\"y\", 300), act = { { id = 1, name = \"S\" } } },\n"
        "    { kind = \"wordy\", key = \"wordy:2\", due = ctx.date, why = \"fine\",\n"
        "      act = { { id = 1, name = \"S\" } } } } end }\n");
    json_doc_free(tc_call1("scripts.reload", "{}"));
    json_doc *d = tc_call1("reminders.due", "{\"kind\":\"wordy\"}");
    cr_assert(eq(i64, tc_rint(d, "total"), 3), "%s", tc_error_message(d));
    const json_value *r = tc_path(tc_result(d), "reminders");
    const char *title = NULL, *why = NULL;
    for (size_t i = 0; i < r->len; i++)
        if (!strcmp(tc_str(r->u.items[i], "key"), "wordy:1")) {
            title = tc_str(r->u.items[i], "title");
            why = tc_str(r->u.items[i], "why");
        }
    cr_assert(title != NULL && why != NULL);
    cr_assert(le(sz, strlen(title), 200));
    cr_assert(eq(int, strncmp(title, "Tab here ", 9), 0), "%s", title);
    cr_assert(has(title, "\xC3\xA9\xE2\x80\xA6"), "cut between characters, with an ellipsis");
    cr_assert(eq(sz, strlen(why), 2000));
    /* without a title, the why made to fit one */
    const char *deflt = NULL;
    for (size_t i = 0; i < r->len; i++)
        if (!strcmp(tc_str(r->u.items[i], "key"), "wordy:3"))
            deflt = tc_str(r->u.items[i], "title");
    cr_assert(deflt != NULL);
    cr_assert(le(sz, strlen(deflt), 200), "%zu", strlen(deflt));
    cr_assert(strchr(deflt, '\n') == NULL, "%s", deflt);
    json_doc_free(d);
    remove_job("wordy");
}

/* A run that returns nothing has most likely forgotten its `return`: it fails, saying so. */
Test(jobs, a_run_that_returns_nothing_fails)
{
    write_job("forgot", "assessd.job { name = \"forgot\",\n"
                        "  run = function(ctx) local out = {} end }\n");
    json_doc_free(tc_call1("scripts.reload", "{}"));
    json_doc *d = tc_call1("scripts.run", "{\"name\":\"forgot\"}");
    cr_assert(eq(i64, tc_error_code(d), 1005));
    cr_assert(has(tc_error_message(d), "returned nothing"), "%s", tc_error_message(d));
    json_doc_free(d);
    remove_job("forgot");
}

/* Whether scripts.list shows the job's scheduled run out, within 5 s of asking. Only a daemon
 * answering while the run is out can say so. */
static bool seen_running(const char *name)
{
    for (int i = 0; i < 500; i++) {
        json_doc *d = tc_call1("scripts.list", "{}");
        const json_value *j = job(d, name);
        bool seen = j && tc_path(j, "running")->u.boolean;
        json_doc_free(d);
        if (seen)
            return true;
        sleep_ms(10);
    }
    return false;
}

/* A scheduled run goes out to a worker thread: while a runaway job spins through its budget,
 * the daemon answers, and scripts.list can see it running (on the loop, nothing could be
 * answered until the run was over). */
Test(jobs, a_scheduled_run_leaves_the_daemon_answering)
{
    write_job("spin", "assessd.job { name = \"spin\", every = \"1s\",\n"
                      "  run = function(ctx) while true do end end }\n");
    json_doc_free(tc_call1("scripts.reload", "{}"));
    cr_assert(seen_running("spin"), "the spinning job was never seen running: the loop was held");
    json_doc *d = tc_call1("scripts.run", "{\"name\":\"good\"}"); /* waits for the run out */
    cr_assert(eq(i64, tc_error_code(d), 0), "%s", tc_error_message(d));
    json_doc_free(d);
    remove_job("spin");
}

/* A request that waits for a run out and then fails does not take the run with it: the run's
 * outcome is stored on its own, outside the request. */
Test(jobs, a_failing_request_does_not_undo_a_scheduled_run)
{
    write_job("spin2", "assessd.job { name = \"spin2\", every = \"1s\",\n"
                       "  run = function(ctx) while true do end end }\n");
    json_doc_free(tc_call1("scripts.reload", "{}"));
    cr_assert(seen_running("spin2"), "the spinning job was never seen running");
    json_doc *d = tc_call1("scripts.run", "{\"name\":\"no_such_job\"}"); /* joins, then fails */
    cr_assert(eq(i64, tc_error_code(d), 1001));
    json_doc_free(d);
    sleep_ms(100);
    d = tc_call1("scripts.list", "{}");
    const json_value *j = job(d, "spin2");
    cr_assert(j != NULL);
    cr_assert(ge(sz, tc_path(j, "recent_runs")->len, 1), "the failed run was recorded");
    json_doc_free(d);
    remove_job("spin2");
}

/* scripts.run lists the first `limit` reminders and new ones (100 by default), however many
 * the run found and stored: a large centre's run finds 100,000, and its reply has to reach the
 * administrator. Every one is stored all the same, once; and a reminder the outbox already
 * holds is one ctx.wants says need not be built, counted in what the run found. */
Test(jobs, scripts_run_lists_the_first_ones_and_stores_them_all)
{
    /* the odd ones are asked about, the even ones built without asking */
    write_job("many", "assessd.job { name = \"many\", run = function(ctx)\n"
                      "  local out = {}\n"
                      "  for i = 1, 150 do\n"
                      "    local key = (\"many:%03d\"):format(i)\n"
                      "    if i % 2 == 0 or ctx.wants(\"many\", ctx.date, key, nil, 1) then\n"
                      "      out[#out + 1] = { key = key, kind = \"many\", due = ctx.date,\n"
                      "        why = \"w\", person = { id = 1, name = \"P\" } }\n"
                      "    end\n"
                      "  end\n"
                      "  return out\n"
                      "end }\n");
    json_doc_free(tc_call1("scripts.reload", "{}"));
    json_doc *d = tc_call1("scripts.run", "{\"name\":\"many\"}");
    cr_assert(eq(i64, tc_error_code(d), 0), "%s", tc_error_message(d));
    cr_assert(eq(i64, tc_rint(d, "produced"), 150));
    cr_assert(eq(i64, tc_rint(d, "stored"), 150));
    cr_assert(eq(sz, tc_path(tc_result(d), "reminders")->len, 100));
    cr_assert(eq(sz, tc_path(tc_result(d), "new")->len, 100));
    cr_assert(eq(str, (char *)tc_str(tc_result(d), "reminders.0.key"), "many:001"));
    cr_assert(eq(str, (char *)tc_str(tc_result(d), "new.99.reminder.key"), "many:100"));
    cr_assert(tc_int(tc_result(d), "new.0.id") > 0);
    json_doc_free(d);
    /* all 150 were stored: none is new the second time, and the 75 asked about are known, so
     * only the 75 built without asking come back */
    d = tc_call1("scripts.run", "{\"name\":\"many\"}");
    cr_assert(eq(i64, tc_rint(d, "produced"), 150));
    cr_assert(eq(i64, tc_rint(d, "stored"), 0));
    cr_assert(eq(sz, tc_path(tc_result(d), "reminders")->len, 75));
    cr_assert(eq(str, (char *)tc_str(tc_result(d), "reminders.0.key"), "many:002"));
    cr_assert(eq(sz, tc_path(tc_result(d), "new")->len, 0));
    json_doc_free(d);
    d = tc_call1("scripts.run", "{\"name\":\"many\",\"limit\":3}");
    cr_assert(eq(sz, tc_path(tc_result(d), "reminders")->len, 3));
    json_doc_free(d);
    d = tc_call1("scripts.run", "{\"name\":\"many\",\"limit\":-1}");
    cr_assert(eq(i64, tc_error_code(d), -32602));
    cr_assert(eq(str, (char *)tc_str(json_doc_root(d), "error.data.field"), "limit"));
    json_doc_free(d);
    remove_job("many");
}
