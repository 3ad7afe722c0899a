/* Unit tests of core/rpc: the JSON-RPC 2.0 envelope, batches, notifications, parameter checks
 * and the hooks. The examples of the specification are used where they fit. */
#include <criterion/criterion.h>
#include <stdbool.h>
#include <criterion/new/assert.h>
#include <string.h>

#include "rpc.h"

static bool has(const char *haystack, const char *needle)
{
    return haystack && strstr(haystack, needle) != NULL;
}

static rpc_engine *e;
static int calls, befores, afters, after_ok;

static int subtract(rpc_call *c)
{
    calls++;
    int64_t a = rpc_int(c, "minuend", 0), b = rpc_int(c, "subtrahend", 0);
    jw_int(rpc_result(c), a - b);
    return 0;
}

static int fails(rpc_call *c)
{
    calls++;
    jw *w = rpc_error_data(c, RPC_RULE_VIOLATION, NULL, "broken");
    jw_key(w, "violations");
    jw_arr_begin(w);
    jw_arr_end(w);
    return rpc_error_done(c);
}

static int before(void *ud, rpc_call *c)
{
    (void)ud;
    befores++;
    if (strcmp(rpc_call_method(c)->name, "locked.door") == 0)
        return rpc_error(c, RPC_FORBIDDEN, NULL, "no");
    return 0;
}

static void after(void *ud, rpc_call *c, bool ok)
{
    (void)ud;
    (void)c;
    afters++;
    after_ok += ok;
}

static const rpc_param sub_params[] = {
    {"minuend", P_INT, true, NULL}, {"subtrahend", P_INT, true, NULL},
    {"when", P_DATE, false, NULL},  {"tags", P_ARRAY, false, NULL},
    {NULL, 0, false, NULL},
};
static const rpc_param note_params[] = {
    {"text", P_STRING, true, "what to note"},
    {"tag", P_STRING, false, NULL},
    {NULL, 0, false, NULL},
};
static rpc_method methods[] = {
    {"math.subtract", subtract, 0, sub_params, "", NULL},
    {"note.add", subtract, 0, note_params, "", NULL},
    {"rule.fails", fails, 0, NULL, "", NULL},
    {"locked.door", subtract, 0, NULL, "", NULL},
};

static void setup(void)
{
    e = rpc_new();
    for (size_t i = 0; i < sizeof methods / sizeof *methods; i++)
        rpc_register(e, &methods[i], NULL);
    rpc_hooks h = {before, after, NULL};
    rpc_set_hooks(e, &h);
    calls = befores = afters = after_ok = 0;
}

static void teardown(void)
{
    rpc_free(e);
}

static char *run(const char *msg)
{
    sbuf out;
    sbuf_init(&out);
    rpc_process(e, NULL, msg, strlen(msg), &out);
    return sbuf_detach(&out, NULL);
}

#define EXPECT(msg, reply)                                                                         \
    do {                                                                                           \
        char *got = run(msg);                                                                      \
        cr_assert(eq(str, got, reply), "for %s", msg);                                             \
        free(got);                                                                                 \
    } while (0)

TestSuite(rpc, .init = setup, .fini = teardown);

Test(rpc, named_params)
{
    EXPECT("{\"jsonrpc\":\"2.0\",\"method\":\"math.subtract\",\"params\":{\"subtrahend\":23,"
           "\"minuend\":42},\"id\":3}",
           "{\"jsonrpc\":\"2.0\",\"id\":3,\"result\":19}\n");
    EXPECT("{\"jsonrpc\":\"2.0\",\"method\":\"math.subtract\",\"params\":{\"minuend\":1,"
           "\"subtrahend\":2},\"id\":\"abc\"}",
           "{\"jsonrpc\":\"2.0\",\"id\":\"abc\",\"result\":-1}\n");
}

Test(rpc, notification_gets_no_reply_but_runs)
{
    EXPECT("{\"jsonrpc\":\"2.0\",\"method\":\"math.subtract\",\"params\":{\"minuend\":1,"
           "\"subtrahend\":2}}",
           "");
    cr_assert(eq(int, calls, 1));
    EXPECT("{\"jsonrpc\":\"2.0\",\"method\":\"no.such\"}", "");
}

Test(rpc, spec_error_codes)
{
    EXPECT("{\"jsonrpc\":\"2.0\",\"method\":\"foobar\",\"id\":\"1\"}",
           "{\"jsonrpc\":\"2.0\",\"id\":\"1\",\"error\":{\"code\":-32601,\"message\":\"unknown "
           "method 'foobar'\",\"data\":{\"reason\":\"unknown_method\",\"method\":\"foobar\"}}}\n");
    char *got = run("{\"jsonrpc\":\"2.0\",\"method\":\"foobar,\"params\":\"bar\",\"baz]");
    cr_assert(has(got, "\"code\":-32700"), "%s", got);
    cr_assert(has(got, "\"id\":null"), "%s", got);
    free(got);
    got = run("{\"jsonrpc\":\"2.0\",\"method\":1,\"params\":\"bar\"}");
    cr_assert(has(got, "\"code\":-32600"), "%s", got);
    free(got);
    got = run("{\"method\":\"math.subtract\",\"id\":1}");
    cr_assert(has(got, "\"code\":-32600") && has(got, "\"id\":1"), "%s", got);
    free(got);
    got = run("{\"jsonrpc\":\"2.0\",\"method\":\"math.subtract\",\"params\":[42,23],\"id\":1}");
    cr_assert(has(got, "\"code\":-32602") && has(got, "named"), "%s", got);
    free(got);
    got = run("{\"jsonrpc\":\"2.0\",\"method\":\"math.subtract\",\"id\":{\"a\":1}}");
    cr_assert(has(got, "\"code\":-32600") && has(got, "\"id\":null"), "%s", got);
    free(got);
}

Test(rpc, param_checks_name_the_field)
{
    char *got = run("{\"jsonrpc\":\"2.0\",\"method\":\"math.subtract\",\"params\":{\"minuend\":"
                    "1},\"id\":1}");
    cr_assert(has(got, "-32602") && has(got, "missing parameter 'subtrahend'") &&
                  has(got, "\"field\":\"subtrahend\""),
              "%s", got);
    free(got);
    got = run("{\"jsonrpc\":\"2.0\",\"method\":\"math.subtract\",\"params\":{\"minuend\":\"1\","
              "\"subtrahend\":2},\"id\":1}");
    cr_assert(has(got, "'minuend' must be an integer"), "%s", got);
    free(got);
    got = run("{\"jsonrpc\":\"2.0\",\"method\":\"math.subtract\",\"params\":{\"minuend\":1,"
              "\"subtrahend\":2,\"extra\":1},\"id\":1}");
    cr_assert(has(got, "unknown parameter 'extra'") && has(got, "minuend, subtrahend"), "%s", got);
    free(got);
    got = run("{\"jsonrpc\":\"2.0\",\"method\":\"math.subtract\",\"params\":{\"minuend\":1,"
              "\"subtrahend\":2,\"when\":\"2023-02-29\"},\"id\":1}");
    cr_assert(has(got, "'when' must be a date"), "%s", got);
    free(got);
    cr_assert(eq(int, calls, 0));
}

/* a required string says something: empty or blank is refused; an optional one may be "" */
Test(rpc, a_required_string_is_not_blank)
{
    char *got = run("{\"jsonrpc\":\"2.0\",\"method\":\"note.add\",\"params\":{\"text\":\"\"},"
                    "\"id\":1}");
    cr_assert(has(got, "-32602") && has(got, "'text' is empty (what to note)") &&
                  has(got, "\"field\":\"text\""),
              "%s", got);
    free(got);
    got = run("{\"jsonrpc\":\"2.0\",\"method\":\"note.add\",\"params\":{\"text\":\" \\t\\n\"},"
              "\"id\":1}");
    cr_assert(has(got, "-32602"), "%s", got);
    free(got);
    cr_assert(eq(int, calls, 0));
    got = run("{\"jsonrpc\":\"2.0\",\"method\":\"note.add\",\"params\":{\"text\":\"x\","
              "\"tag\":\"\"},\"id\":1}");
    cr_assert(has(got, "\"result\""), "%s", got);
    free(got);
    cr_assert(eq(int, calls, 1));
}

/* C strings and the store end at U+0000: a name or value holding it is refused, not cut */
Test(rpc, u0000_is_refused_wherever_it_is)
{
    char *got = run("{\"jsonrpc\":\"2.0\",\"method\":\"math.subtract\\u0000x\",\"params\":"
                    "{\"minuend\":3,\"subtrahend\":2},\"id\":1}");
    cr_assert(has(got, "-32601") && has(got, "U+0000") &&
                  has(got, "\"method\":\"math.subtract\\u0000x\""),
              "%s", got);
    free(got);
    got = run("{\"jsonrpc\":\"2.0\",\"method\":\"math.subtract\",\"params\":{\"minuend\":3,"
              "\"subtrahend\":2,\"when\":\"2023-01-01\\u0000x\"},\"id\":1}");
    cr_assert(has(got, "-32602") && has(got, "U+0000") && has(got, "\"field\":\"when\""), "%s",
              got);
    free(got);
    got = run("{\"jsonrpc\":\"2.0\",\"method\":\"math.subtract\",\"params\":{\"minuend\":3,"
              "\"subtrahend\":2,\"tags\":[\"a\",{\"b\":[\"c\\u0000\"]}]},\"id\":1}");
    cr_assert(has(got, "U+0000") && has(got, "\"field\":\"tags\""), "%s", got);
    free(got);
    got = run("{\"jsonrpc\":\"2.0\",\"method\":\"math.subtract\",\"params\":{\"minuend\":3,"
              "\"subtrahend\\u0000x\":2},\"id\":1}");
    cr_assert(has(got, "-32602"), "%s", got);
    free(got);
    got = run("{\"jsonrpc\":\"2.0\",\"method\":\"math.subtract\",\"params\":{\"minuend\":3,"
              "\"subtrahend\":2},\"id\\u0000x\":1}");
    cr_assert(has(got, "-32600"), "%s", got);
    free(got);
    cr_assert(eq(int, calls, 0));
}

Test(rpc, batches)
{
    char *got = run("[{\"jsonrpc\":\"2.0\",\"method\":\"math.subtract\",\"params\":{\"minuend\":"
                    "2,\"subtrahend\":1},\"id\":\"1\"},"
                    "{\"jsonrpc\":\"2.0\",\"method\":\"math.subtract\",\"params\":{\"minuend\":"
                    "2,\"subtrahend\":1}},"
                    "{\"foo\":\"boo\"},"
                    "{\"jsonrpc\":\"2.0\",\"method\":\"nope\",\"id\":\"5\"},1]");
    cr_assert(
        eq(str, got,
           "[{\"jsonrpc\":\"2.0\",\"id\":\"1\",\"result\":1},"
           "{\"jsonrpc\":\"2.0\",\"id\":null,\"error\":{\"code\":-32600,\"message\":"
           "\"\\\"jsonrpc\\\" must be \\\"2.0\\\"\",\"data\":{\"reason\":\"invalid_request\"}}},"
           "{\"jsonrpc\":\"2.0\",\"id\":\"5\",\"error\":{\"code\":-32601,\"message\":"
           "\"unknown method 'nope'\",\"data\":{\"reason\":\"unknown_method\",\"method\":"
           "\"nope\"}}},"
           "{\"jsonrpc\":\"2.0\",\"id\":null,\"error\":{\"code\":-32600,\"message\":\"a "
           "request must be a JSON object, not number\",\"data\":{\"reason\":"
           "\"invalid_request\"}}}]\n"));
    free(got);
    cr_assert(eq(int, calls, 2));
    EXPECT("[]", "{\"jsonrpc\":\"2.0\",\"id\":null,\"error\":{\"code\":-32600,\"message\":\"an "
                 "empty batch is not a request\",\"data\":{\"reason\":\"invalid_request\"}}}\n");
    /* a batch of notifications only gets nothing back */
    EXPECT("[{\"jsonrpc\":\"2.0\",\"method\":\"math.subtract\",\"params\":{\"minuend\":1,"
           "\"subtrahend\":1}}]",
           "");
}

Test(rpc, batch_limit)
{
    rpc_set_max_batch(e, 2);
    char *got = run("[{\"jsonrpc\":\"2.0\",\"method\":\"x\",\"id\":1},{\"jsonrpc\":\"2.0\","
                    "\"method\":\"x\",\"id\":2},{\"jsonrpc\":\"2.0\",\"method\":\"x\",\"id\":3}]");
    cr_assert(has(got, "exceeds the limit of 2"), "%s", got);
    free(got);
}

Test(rpc, application_errors_carry_data)
{
    EXPECT("{\"jsonrpc\":\"2.0\",\"method\":\"rule.fails\",\"id\":7}",
           "{\"jsonrpc\":\"2.0\",\"id\":7,\"error\":{\"code\":1004,\"message\":\"broken\","
           "\"data\":{\"reason\":\"rule_violation\",\"violations\":[]}}}\n");
}

Test(rpc, hooks_run_around_calls_and_can_refuse)
{
    char *got = run("{\"jsonrpc\":\"2.0\",\"method\":\"locked.door\",\"id\":1}");
    cr_assert(has(got, "\"code\":1002"), "%s", got);
    free(got);
    cr_assert(eq(int, calls, 0));
    cr_assert(eq(int, befores, 1));
    cr_assert(eq(int, afters, 1));
    cr_assert(eq(int, after_ok, 0));
    free(run("{\"jsonrpc\":\"2.0\",\"method\":\"math.subtract\",\"params\":{\"minuend\":1,"
             "\"subtrahend\":1},\"id\":1}"));
    cr_assert(eq(int, afters, 2));
    cr_assert(eq(int, after_ok, 1));
}

/* When a group commit fails, every reply held for a connection goes out as the failure, each
 * with its own id (a batch's as an array), so a client can tell which requests were lost. */
Test(rpc, failed_replies_keep_their_ids)
{
    const char *held = "{\"jsonrpc\":\"2.0\",\"id\":7,\"result\":{\"id\":1}}\n"
                       "[{\"jsonrpc\":\"2.0\",\"id\":\"a\",\"result\":{}},"
                       "{\"jsonrpc\":\"2.0\",\"id\":8,\"error\":{\"code\":-32602}}]\n";
    sbuf out;
    sbuf_init(&out);
    rpc_fail_replies(&out, held, strlen(held), RPC_INTERNAL_ERROR, "commit_failed", "disk full");
    const char *nl = strchr(out.data, '\n');
    cr_assert(nl != NULL);
    json_doc *one, *batch;
    cr_assert(eq(int, json_parse(out.data, (size_t)(nl - out.data), &one, NULL), 0));
    cr_assert(eq(int, json_parse(nl + 1, strlen(nl + 1) - 1, &batch, NULL), 0));
    const json_value *r = json_doc_root(one);
    cr_assert(eq(i64, json_get(r, "id")->u.num.i, 7));
    cr_assert(eq(str, (char *)json_get_str(json_get(json_get(r, "error"), "data"), "reason"),
                 "commit_failed"));
    const json_value *b = json_doc_root(batch);
    cr_assert(eq(sz, b->len, 2));
    cr_assert(eq(str, (char *)json_get_str(b->u.items[0], "id"), "a"));
    cr_assert(eq(i64, json_get(b->u.items[1], "id")->u.num.i, 8));
    cr_assert(
        eq(str, (char *)json_get_str(json_get(b->u.items[1], "error"), "message"), "disk full"));
    json_doc_free(one);
    json_doc_free(batch);
    sbuf_free(&out);
}

/* Found by fuzz/fuzz_json (-0 re-encodes as 0): an id -0 came back as 0, not as sent. */
Test(rpc, an_id_of_minus_zero_is_refused)
{
    char *got = run("{\"jsonrpc\":\"2.0\",\"method\":\"math.subtract\",\"params\":{\"minuend\":1,"
                    "\"subtrahend\":2},\"id\":-0}");
    cr_assert(has(got, "\"code\":-32600") && has(got, "\"id\":null"), "%s", got);
    free(got);
}
