/* Unit tests of the Lua host and its sandbox, with the test plugins of tests/plugins loaded
 * into real plugin states: escapes, runaway loops, memory bombs, errors with file and line. */
#include <criterion/criterion.h>
#include <stdbool.h>
#include <criterion/new/assert.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lua_host.h"
#include "rpc.h"

static bool has(const char *haystack, const char *needle)
{
    return haystack && strstr(haystack, needle) != NULL;
}

static rpc_engine *rpc;
static lua_host *lh;

static void setup(void)
{
    const char *src = getenv("ASSESSD_SOURCE");
    cr_assert(src != NULL, "ASSESSD_SOURCE is not set");
    static char plugins[1024], cat[1024];
    snprintf(plugins, sizeof plugins, "%s/tests/plugins", src);
    snprintf(cat, sizeof cat, "%s/catalogue", src);
    rpc = rpc_new();
    lh_options o = {.plugins_dir = plugins,
                    .catalogue_dir = cat,
                    .time_ms = 100,
                    .load_time_ms = 2000,
                    .memory = 8 << 20};
    lh = lh_new(&o, rpc, NULL);
    lh_reload(lh);
}

static void teardown(void)
{
    lh_free(lh);
    rpc_free(rpc);
}

TestSuite(sandbox, .init = setup, .fini = teardown, .timeout = 60);

static json_doc *call(const char *method, const char *params)
{
    char msg[512];
    snprintf(msg, sizeof msg, "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"%s\",\"params\":%s}",
             method, params);
    sbuf out;
    sbuf_init(&out);
    rpc_process(rpc, NULL, msg, strlen(msg), &out);
    json_doc *d;
    cr_assert(eq(int, json_parse(out.data, out.len, &d, NULL), 0), "%s", out.data);
    sbuf_free(&out);
    return d;
}

static const json_value *err_of(json_doc *d)
{
    return json_get(json_doc_root(d), "error");
}

static const char *errfield(json_doc *d, const char *k)
{
    const json_value *v = json_get(json_get(err_of(d), "data"), k);
    return v && v->type == JSON_STRING ? v->u.str : NULL;
}

Test(sandbox, every_escape_attempt_raises)
{
    json_doc *names = call("escape.names", "{}");
    const json_value *list = json_get(json_doc_root(names), "result");
    cr_assert(list && list->type == JSON_ARRAY && list->len >= 15);
    for (size_t i = 0; i < list->len; i++) {
        char params[128];
        snprintf(params, sizeof params, "{\"what\":\"%s\"}", list->u.items[i]->u.str);
        json_doc *d = call("escape.try", params);
        const json_value *e = err_of(d);
        cr_assert(e != NULL, "the sandbox let '%s' through", list->u.items[i]->u.str);
        cr_assert(eq(i64, json_get(e, "code")->u.num.i, 1005), "%s", list->u.items[i]->u.str);
        cr_assert(eq(str, (char *)errfield(d, "plugin"), "escape"));
        json_doc_free(d);
    }
    json_doc_free(names);
}

Test(sandbox, specific_refusals_say_why)
{
    struct {
        const char *what, *says;
    } cases[] = {
        {"io", "global 'io'"},
        {"require", "global 'require'"},
        {"dump", "field 'dump'"},
        {"bytecode", "binary chunk"},
        {"bytecode_mode", "only text chunks"},
        {"string_library", "read-only"},
        {"library_via_pairs", "read-only"},
        {"library_rawset", "read-only"},
        {"gc_finaliser", "__gc"},
        {"other_plugin", "no global 'secret'"},
        {"debug", "global 'debug'"},
        {"collectgarbage", "global 'collectgarbage'"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        char params[128];
        snprintf(params, sizeof params, "{\"what\":\"%s\"}", cases[i].what);
        json_doc *d = call("escape.try", params);
        const json_value *m = json_get(err_of(d), "message");
        cr_assert(m && has(m->u.str, cases[i].says), "%s: %s", cases[i].what,
                  m ? m->u.str : "(no error)");
        json_doc_free(d);
    }
}

Test(sandbox, errors_name_file_and_line)
{
    json_doc *d = call("faulty.boom", "{}");
    cr_assert(has(errfield(d, "file"), "faulty/init.lua"), "%s", errfield(d, "file"));
    cr_assert(eq(i64, json_get(json_get(err_of(d), "data"), "line")->u.num.i, 2));
    cr_assert(has(json_get(err_of(d), "message")->u.str, "deliberate failure"));
    json_doc_free(d);
    d = call("faulty.index", "{}");
    cr_assert(eq(i64, json_get(json_get(err_of(d), "data"), "line")->u.num.i, 11));
    json_doc_free(d);
    d = call("faulty.badvalue", "{}");
    cr_assert(has(json_get(err_of(d), "message")->u.str, "value.f is a function"), "%s",
              json_get(err_of(d), "message")->u.str);
    json_doc_free(d);
}

Test(sandbox, a_runaway_loop_is_stopped_even_when_it_catches_the_stop)
{
    const char *m[] = {"runaway.spin", "runaway.sneaky"};
    for (int i = 0; i < 2; i++) {
        json_doc *d = call(m[i], "{}");
        cr_assert(eq(str, (char *)errfield(d, "kind"), "timeout"), "%s", m[i]);
        cr_assert(has(json_get(err_of(d), "message")->u.str, "time budget of 100 ms"));
        json_doc_free(d);
    }
    json_doc *d = call("runaway.ok", "{}");
    cr_assert(eq(str, (char *)json_get(json_doc_root(d), "result")->u.str, "still here"));
    json_doc_free(d);
}

/* Lua runs an xpcall handler with hooks off when the error comes from the budget hook: the
 * sandbox's xpcall runs it after the call, inside the budget */
Test(sandbox, an_xpcall_handler_cannot_outrun_the_budget)
{
    json_doc *d = call("runaway.handler", "{}");
    cr_assert(eq(str, (char *)errfield(d, "kind"), "timeout"));
    json_doc_free(d);
    d = call("runaway.xpcall", "{}");
    const json_value *r = json_get(json_doc_root(d), "result");
    cr_assert(json_get(r, "ok")->u.boolean);
    cr_assert(eq(i64, json_get(r, "a")->u.num.i, 5));
    cr_assert(eq(i64, json_get(r, "b")->u.num.i, 6));
    cr_assert(not(json_get(r, "bad")->u.boolean));
    cr_assert(eq(str, (char *)json_get(r, "msg")->u.str, "handled boom"));
    json_doc_free(d);
    d = call("escape.count_math", "{}");
    cr_assert(gt(i64, json_get(json_doc_root(d), "result")->u.num.i, 20), "pairs lists math");
    json_doc_free(d);
}

Test(sandbox, a_memory_bomb_is_contained_and_the_state_recovers)
{
    const char *m[] = {"bomb.explode", "bomb.string"};
    for (int i = 0; i < 2; i++) {
        json_doc *d = call(m[i], "{}");
        const json_value *e = err_of(d);
        cr_assert(e != NULL, "%s was not stopped", m[i]);
        const char *kind = errfield(d, "kind");
        cr_assert(eq(str, (char *)kind, "memory"), "%s: %s", m[i], json_get(e, "message")->u.str);
        json_doc_free(d);
    }
    json_doc *d = call("bomb.ok", "{}");
    cr_assert(eq(str, (char *)json_get(json_doc_root(d), "result")->u.str, "fine"));
    json_doc_free(d);
}

Test(sandbox, a_plugin_that_does_not_compile_is_listed_with_its_error)
{
    sbuf out;
    sbuf_init(&out);
    jw w;
    jw_init(&w, &out);
    lh_write_list(lh, &w);
    json_doc *d;
    cr_assert(eq(int, json_parse(out.data, out.len, &d, NULL), 0));
    const json_value *list = json_doc_root(d);
    const json_value *broken = NULL;
    for (size_t i = 0; i < list->len; i++)
        if (strcmp(json_get(list->u.items[i], "name")->u.str, "brokenload") == 0)
            broken = list->u.items[i];
    cr_assert(broken != NULL);
    cr_assert(eq(str, (char *)json_get(broken, "state")->u.str, "failed"));
    const json_value *e = json_get(broken, "error");
    cr_assert(eq(str, (char *)json_get(e, "kind")->u.str, "syntax"));
    cr_assert(has(json_get(e, "file")->u.str, "brokenload/init.lua"));
    cr_assert(eq(i64, json_get(e, "line")->u.num.i, 6));
    json_doc_free(d);
    sbuf_free(&out);
}

Test(sandbox, values_cross_the_boundary_intact)
{
    json_doc *d = call("good.echo", "{\"a\":[1,2.5,\"\xc3\xa9\",null,true],\"b\":{},\"c\":[]}");
    sbuf out;
    sbuf_init(&out);
    jw w;
    jw_init(&w, &out);
    jw_value(&w, json_get(json_doc_root(d), "result"));
    /* b: {} comes back as [] (an empty table is a list unless marked); c stays [] */
    cr_assert(has(out.data, "\"a\":[1,2.5,\"\xc3\xa9\",null,true]"), "%s", out.data);
    cr_assert(has(out.data, "\"c\":[]"), "%s", out.data);
    sbuf_free(&out);
    json_doc_free(d);
    d = call("good.empty", "{}");
    const json_value *r = json_get(json_doc_root(d), "result");
    cr_assert(eq(int, json_get(r, "list")->type, JSON_ARRAY));
    cr_assert(eq(int, json_get(r, "object")->type, JSON_OBJECT));
    cr_assert(eq(int, json_get(r, "decoded")->type, JSON_ARRAY));
    json_doc_free(d);
}

Test(sandbox, hooks_are_called_with_arguments)
{
    lh_plugin *p = lh_find(lh, "good");
    cr_assert(p != NULL);
    cr_assert(lh_has_hook(p, "greet"));
    json_doc *res;
    lh_error err;
    cr_assert(eq(int, lh_call(p, "greet", "[\"centre\"]", 10, &res, &err), 0), "%s", err.message);
    cr_assert(eq(str, (char *)json_get(json_doc_root(res), "greeting")->u.str, "hello centre"));
    json_doc_free(res);
    cr_assert(eq(int, lh_call(p, "nope", NULL, 0, &res, &err), -1));
    cr_assert(has(err.message, "no 'nope' hook"));
}

/* lh_call_watching over args given as JSON text. */
static int peek_watching(lh_plugin *p, const char *args, bool *read, json_doc **res, lh_error *err)
{
    json_doc *a;
    cr_assert(eq(int, json_parse(args, strlen(args), &a, NULL), 0));
    int rc = lh_call_watching(p, "peek", json_doc_root(a), "when", read, res, err);
    json_doc_free(a);
    return rc;
}

/* lh_call_watching: the watched member reads as usual by name, and the call says whether the
 * hook read it. */
Test(sandbox, a_watched_member_says_whether_it_was_read)
{
    lh_plugin *p = lh_find(lh, "good");
    cr_assert(p != NULL);
    json_doc *res;
    lh_error err;
    bool read = false;
    const char *args = "[[{\"when\":\"2015-06-30\",\"n\":1},{\"when\":\"2015-07-01\"}],true]";
    cr_assert(eq(int, peek_watching(p, args, &read, &res, &err), 0), "%s", err.message);
    cr_assert(read);
    cr_assert(eq(str, (char *)json_get(json_doc_root(res), "when")->u.str, "2015-06-30"));
    json_doc_free(res);
    args = "[[{\"when\":\"2015-06-30\",\"n\":1}],false]";
    read = true;
    cr_assert(eq(int, peek_watching(p, args, &read, &res, &err), 0), "%s", err.message);
    cr_assert(not(read));
    cr_assert(eq(i64, json_get(json_doc_root(res), "fields")->u.num.i, 1));
    cr_assert(json_get(json_doc_root(res), "raw")->u.boolean);
    json_doc_free(res);
    /* lh_call leaves the member where it was */
    cr_assert(eq(int, lh_call(p, "peek", args, strlen(args), &res, &err), 0), "%s", err.message);
    cr_assert(eq(i64, json_get(json_doc_root(res), "fields")->u.num.i, 2));
    json_doc_free(res);
    /* what cannot be watched counts as read */
    args = "[\"not a list\",false]";
    read = false;
    cr_assert(eq(int, peek_watching(p, args, &read, &res, &err), 0), "%s", err.message);
    cr_assert(read);
    json_doc_free(res);
}
