/* fuzz_bulk_line — libFuzzer harness for one line of a bulk import (core/bulk_line.c and
 * bulk_shape.c), stored as bulk.c's job stores it: parsed, then bulk_line_import into centre 1
 * of the app of fuzz_app.c, inside a savepoint of the group transaction, as the daemon's own
 * user. The input is the line (up to its first '\n').
 *
 * A refused line must get a reason that is valid UTF-8 (bulk.status reports it as JSON); what
 * the line wrote is rolled back afterwards, and the job's cache of people freed.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bulk_line.h"
#include "fuzz_app.h"
#include "json.h"

static app *a;
static session *admin;

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    a = fuzz_app_open(&admin);
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *line = (const char *)data;
    const char *nl = memchr(line, '\n', size);
    if (nl)
        size = (size_t)(nl - line);
    json_doc *doc = NULL;
    if (json_parse(line, size, &doc, NULL) != 0)
        return 0;
    if (store_tx_begin(a->st) != STORE_OK || store_savepoint(a->st) != STORE_OK)
        abort();
    bulk_target t = {.a = a, .centre = 1, .who = admin};
    char why[1024];
    memset(why, 0x55, sizeof why);
    if (bulk_line_import(&t, json_doc_root(doc), why, sizeof why) != 0) {
        size_t n = strnlen(why, sizeof why);
        if (n == 0 || n == sizeof why || !json_utf8_valid(why, n)) {
            fprintf(stderr, "bad refusal: %.*s\n", (int)n, why);
            abort();
        }
        store_rollback(a->st);
    } else {
        store_release(a->st);
    }
    fuzz_app_rollback();
    bulk_target_free(&t);
    json_doc_free(doc);
    return 0;
}
