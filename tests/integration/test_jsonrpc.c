/* Integration tests: the JSON-RPC 2.0 contract over the socket. */
#include <criterion/criterion.h>
#include <criterion/new/assert.h>
#include <stdlib.h>
#include <stdio.h>
#include <string.h>

#include "client.h"

static json_doc *raw(int fd, const char *msg)
{
    tc_sends(fd, msg);
    return tc_reply(fd, 5000);
}

Test(jsonrpc, ping_answers_pong_and_version)
{
    json_doc *d = tc_call1("system.ping", "{}");
    cr_assert(tc_path(tc_result(d), "pong")->u.boolean);
    cr_assert(strlen(tc_rstr(d, "version")) > 0);
    json_doc_free(d);
}

Test(jsonrpc, every_error_path)
{
    int fd = tc_connect();
    struct {
        const char *msg;
        int64_t code;
        const char *reason;
    } cases[] = {
        {"{not json}\n", -32700, "parse_error"},
        {"[]\n", -32600, "invalid_request"},
        {"\"a string\"\n", -32600, "invalid_request"},
        {"{\"jsonrpc\":\"1.0\",\"id\":1,\"method\":\"system.ping\"}\n", -32600, "invalid_request"},
        {"{\"jsonrpc\":\"2.0\",\"id\":1}\n", -32600, "invalid_request"},
        /* "2.0" followed by U+0000 is not "2.0" */
        {"{\"jsonrpc\":\"2.0\\u0000\",\"id\":1,\"method\":\"system.ping\"}\n", -32600,
         "invalid_request"},
        {"{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"no.such\"}\n", -32601, "unknown_method"},
        {"{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"system.ping\",\"params\":[1]}\n", -32602,
         "invalid_params"},
        {"{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"system.ping\",\"params\":{\"x\":1}}\n", -32602,
         "invalid_params"},
        {"{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"centre.create\",\"params\":{\"name\":\"x\"}}"
         "\n",
         -32602, "invalid_params"},
        {"{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"system.ping\",\"extra\":1}\n", -32600,
         "invalid_request"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        json_doc *d = raw(fd, cases[i].msg);
        cr_assert(eq(i64, tc_error_code(d), cases[i].code), "%s", cases[i].msg);
        cr_assert(eq(str, (char *)tc_error_reason(d), (char *)cases[i].reason), "%s", cases[i].msg);
        cr_assert(strlen(tc_error_message(d)) > 0);
        json_doc_free(d);
    }
    tc_close(fd);
}

Test(jsonrpc, ids_come_back_as_sent)
{
    int fd = tc_connect();
    json_doc *d = raw(fd, "{\"jsonrpc\":\"2.0\",\"id\":\"s-1\",\"method\":\"system.ping\"}\n");
    cr_assert(eq(str, (char *)tc_str(json_doc_root(d), "id"), "s-1"));
    json_doc_free(d);
    d = raw(fd, "{\"jsonrpc\":\"2.0\",\"id\":null,\"method\":\"system.ping\"}\n");
    cr_assert(eq(int, tc_path(json_doc_root(d), "id")->type, JSON_NULL));
    json_doc_free(d);
    d = raw(fd, "{\"jsonrpc\":\"2.0\",\"id\":123456789012,\"method\":\"system.ping\"}\n");
    cr_assert(eq(i64, tc_int(json_doc_root(d), "id"), 123456789012LL));
    json_doc_free(d);
    tc_close(fd);
}

Test(jsonrpc, notifications_get_no_reply)
{
    int fd = tc_connect();
    tc_sends(fd, "{\"jsonrpc\":\"2.0\",\"method\":\"system.ping\"}\n");
    tc_sends(fd, "{\"jsonrpc\":\"2.0\",\"method\":\"no.such\"}\n");
    tc_sends(fd, "[{\"jsonrpc\":\"2.0\",\"method\":\"system.ping\"}]\n");
    /* not even with parameters it cannot take */
    tc_sends(fd, "{\"jsonrpc\":\"2.0\",\"method\":\"system.ping\",\"params\":[]}\n");
    tc_sends(fd, "{\"jsonrpc\":\"2.0\",\"method\":\"system.ping\",\"params\":{\"x\":1}}\n");
    json_doc *d = raw(fd, "{\"jsonrpc\":\"2.0\",\"id\":42,\"method\":\"system.ping\"}\n");
    cr_assert(eq(i64, tc_int(json_doc_root(d), "id"), 42)); /* the first reply is this one */
    json_doc_free(d);
    tc_close(fd);
}

Test(jsonrpc, a_batch_gets_one_array_in_order)
{
    int fd = tc_connect();
    json_doc *d = raw(fd, "[{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"system.ping\"},"
                          "{\"jsonrpc\":\"2.0\",\"method\":\"system.ping\"},"
                          "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"no.such\"},"
                          "{\"jsonrpc\":\"2.0\",\"id\":3,\"method\":\"session.whoami\"}]\n");
    const json_value *r = json_doc_root(d);
    cr_assert(eq(int, r->type, JSON_ARRAY));
    cr_assert(eq(sz, r->len, 3));
    cr_assert(eq(i64, tc_int(r, "0.id"), 1));
    cr_assert(eq(i64, tc_int(r, "1.error.code"), -32601));
    cr_assert(eq(i64, tc_int(r, "2.id"), 3));
    json_doc_free(d);
    tc_close(fd);
}

Test(jsonrpc, empty_lists_are_arrays)
{
    json_doc *d = tc_call1("audit.list", "{\"method\":\"no.such.method\"}");
    cr_assert(eq(int, tc_result(d)->type, JSON_ARRAY));
    cr_assert(eq(sz, tc_result(d)->len, 0));
    json_doc_free(d);
}

Test(jsonrpc, methods_are_listed_with_their_parameters)
{
    json_doc *d = tc_call1("system.methods", "{}");
    const json_value *list = tc_result(d);
    bool found = false;
    for (size_t i = 0; i < list->len; i++) {
        if (strcmp(tc_str(list->u.items[i], "name"), "centre.create") != 0)
            continue;
        found = true;
        cr_assert(tc_path(list->u.items[i], "writes")->u.boolean);
        cr_assert(eq(str, (char *)tc_str(list->u.items[i], "params.0.name"), "number"));
        cr_assert(tc_path(list->u.items[i], "params.0.required")->u.boolean);
    }
    cr_assert(found);
    json_doc_free(d);
}

Test(jsonrpc, the_caller_is_identified)
{
    json_doc *d = tc_call1("session.whoami", "{}");
    /* the tests run as the daemon's own user: an administrator */
    cr_assert(eq(str, (char *)tc_rstr(d, "roles.0"), "admin"));
    json_doc_free(d);
}

/* A member named twice is refused, never read one way here and another in a front end. */
Test(jsonrpc, a_member_named_twice_is_refused)
{
    int fd = tc_connect();
    json_doc *d = raw(fd, "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"catalogue.qualification\","
                          "\"params\":{\"code\":\"OCR:05943\",\"code\":\"OCR:05944\"}}\n");
    cr_assert(eq(i64, tc_int(json_doc_root(d), "error.code"), -32602));
    cr_assert(eq(str, (char *)tc_str(json_doc_root(d), "error.data.field"), "code"));
    cr_assert(eq(i64, tc_int(json_doc_root(d), "id"), 1));
    json_doc_free(d);
    /* and in a large object too (sorted there, not compared pairwise) */
    char big[1024] = "{\"jsonrpc\":\"2.0\",\"id\":3,\"method\":\"system.ping\",\"params\":{";
    for (int i = 0; i < 20; i++)
        snprintf(big + strlen(big), sizeof big - strlen(big), "\"k%02d\":1,", i);
    strcat(big, "\"k07\":2}}\n");
    d = raw(fd, big);
    cr_assert(eq(str, (char *)tc_str(json_doc_root(d), "error.data.field"), "k07"));
    json_doc_free(d);
    d = raw(fd, "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"system.ping\",\"method\":\"x.y\"}\n");
    cr_assert(eq(i64, tc_int(json_doc_root(d), "error.code"), -32600));
    json_doc_free(d);
    tc_close(fd);
}

/* An id comes back exactly, or is refused: a fraction or a number past 64 bits could not. */
Test(jsonrpc, a_numeric_id_comes_back_exactly_or_is_refused)
{
    int fd = tc_connect();
    json_doc *d =
        raw(fd, "{\"jsonrpc\":\"2.0\",\"id\":9007199254740993,\"method\":\"system.ping\"}\n");
    cr_assert(eq(i64, tc_int(json_doc_root(d), "id"), 9007199254740993LL));
    json_doc_free(d);
    static const char *const bad[] = {"0.1", "123456789012345678901234567890", "1e3"};
    for (size_t i = 0; i < 3; i++) {
        char line[160];
        snprintf(line, sizeof line, "{\"jsonrpc\":\"2.0\",\"id\":%s,\"method\":\"system.ping\"}\n",
                 bad[i]);
        d = raw(fd, line);
        cr_assert(eq(i64, tc_int(json_doc_root(d), "error.code"), -32600), "%s", bad[i]);
        json_doc_free(d);
    }
    tc_close(fd);
}

/* An error message quoting what was sent cuts it short (an unknown parameter at 64 bytes, an
 * unknown method at 128, the whole message at 511): never inside a UTF-8 sequence, or the reply
 * would not be UTF-8, and so not JSON. */
Test(jsonrpc, a_message_cut_short_is_still_utf8)
{
    char e40[81] = "", e150[301] = "";
    for (int i = 0; i < 40; i++)
        strcat(e40, "\xc3\xa9"); /* é */
    for (int i = 0; i < 150; i++)
        strcat(e150, "\xc3\xa9");
    char msg[1024];
    struct {
        const char *fmt, *arg;
        int64_t code;
    } cases[] = {
        {"{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"centre.create\",\"params\":{\"x%s\":1}}\n",
         e40, -32602},
        {"{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"x%s\"}\n", e150, -32601},
        {"{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"bulk.import\",\"params\":{\"path\":\"%s\","
         "\"centre\":%lld}}\n",
         e150, -32602},
    };
    int fd = tc_connect();
    json_doc *c = tc_call(fd, "centre.create", "{\"number\":\"UTF8-1\",\"name\":\"Cut\"}");
    long long centre = (long long)tc_rint(c, "id");
    json_doc_free(c);
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        snprintf(msg, sizeof msg, cases[i].fmt, cases[i].arg, centre);
        json_doc *d = raw(fd, msg); /* fails the test unless the reply is JSON */
        cr_assert(eq(i64, tc_error_code(d), cases[i].code), "%s", msg);
        json_doc_free(d);
    }
    tc_close(fd);
}

static size_t audited(int fd, const char *method)
{
    char params[128];
    snprintf(params, sizeof params, "{\"method\":\"%s\",\"limit\":10000}", method);
    json_doc *d = tc_call(fd, "audit.list", params);
    size_t n = tc_result(d)->len;
    json_doc_free(d);
    return n;
}

/* Every writing call is audited, refused ones too: params as an array, or naming a parameter
 * twice, were refused before the audit hook ran and left no entry. */
Test(jsonrpc, a_writing_call_with_malformed_params_is_audited)
{
    int fd = tc_connect();
    size_t before = audited(fd, "witness.create");
    json_doc *d = raw(fd, "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"witness.create\","
                          "\"params\":[\"Wil Witness\"]}\n");
    cr_assert(eq(i64, tc_error_code(d), -32602));
    json_doc_free(d);
    d = raw(fd, "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"witness.create\","
                "\"params\":{\"name\":\"Wil\",\"name\":\"Bill\"}}\n");
    cr_assert(eq(i64, tc_error_code(d), -32602));
    cr_assert(eq(str, (char *)tc_str(json_doc_root(d), "error.data.field"), "name"));
    json_doc_free(d);
    cr_assert(eq(sz, audited(fd, "witness.create"), before + 2));
    tc_close(fd);
}
