/* fuzz_rpc — libFuzzer harness for JSON-RPC request handling (core/rpc.c, rpc_params.c) and
 * the methods behind it, driven the way the server drives them: the input is one line of bytes
 * (its '\n' and a trailing '\r' taken off, blank lines skipped, as server.c does), handed to
 * rpc_process as the daemon's own user against the app of fuzz_app.c.
 *
 * Every reply must be one line of valid JSON: an object or a non-empty array of objects, each
 * with "jsonrpc":"2.0", an "id", and exactly one of "result" or "error"; an error must carry a
 * code, a non-empty message and data.reason. What the input wrote is rolled back afterwards.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz_app.h"
#include "json.h"

static session *admin;

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    fuzz_app_open(&admin);
    return 0;
}

static void check_reply(const json_value *r, const char *line)
{
    const json_value *err = json_get(r, "error");
    bool ok = r->type == JSON_OBJECT && json_get_str(r, "jsonrpc") &&
              strcmp(json_get_str(r, "jsonrpc"), "2.0") == 0 && json_get(r, "id") &&
              (json_get(r, "result") != NULL) != (err != NULL);
    if (ok && err) {
        const json_value *code = json_get(err, "code"), *data = json_get(err, "data");
        const char *msg = json_get_str(err, "message");
        ok = code && code->type == JSON_NUMBER && code->u.num.is_int && msg && *msg &&
             json_get_str(data, "reason") && *json_get_str(data, "reason");
    }
    if (!ok) {
        fprintf(stderr, "malformed reply: %s\n", line);
        abort();
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *line = (const char *)data;
    const char *nl = memchr(line, '\n', size);
    if (nl)
        size = (size_t)(nl - line); /* the server cuts the stream into lines */
    if (size && line[size - 1] == '\r')
        size--;
    bool blank = true;
    for (size_t i = 0; i < size && blank; i++)
        blank = line[i] == ' ' || line[i] == '\t' || line[i] == '\r';
    if (blank)
        return 0;
    sbuf out;
    sbuf_init(&out);
    fuzz_app_line(line, size, &out);
    fuzz_app_rollback();
    if (out.len) {
        if (out.data[out.len - 1] != '\n' || memchr(out.data, '\n', out.len - 1)) {
            fprintf(stderr, "a reply that is not one line: %s\n", out.data);
            abort();
        }
        json_doc *d = NULL;
        json_error je;
        if (json_parse(out.data, out.len, &d, &je) != 0) {
            fprintf(stderr, "a reply that is not JSON (%s at %zu): %s\n", je.message, je.offset,
                    out.data);
            abort();
        }
        const json_value *root = json_doc_root(d);
        if (root->type == JSON_ARRAY) {
            if (root->len == 0) {
                fprintf(stderr, "an empty batch reply\n");
                abort();
            }
            for (size_t i = 0; i < root->len; i++)
                check_reply(root->u.items[i], out.data);
        } else {
            check_reply(root, out.data);
        }
        json_doc_free(d);
    }
    sbuf_free(&out);
    return 0;
}
