/* fuzz_bulk_shape — libFuzzer harness for the shape check of one bulk import line
 * (core/bulk_shape.c): the input is one line of an NDJSON import file. A line refused must get
 * a reason that is valid UTF-8 and fits its buffer (bulk.status reports it as JSON).
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bulk_shape.h"
#include "json.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    json_doc *d = NULL;
    if (json_parse((const char *)data, size, &d, NULL) != 0)
        return 0;
    /* bulk.c's buffer, and one so small that the reason must be cut */
    static const size_t sizes[] = {1024, 24};
    for (size_t i = 0; i < sizeof sizes / sizeof *sizes; i++) {
        char why[1024];
        memset(why, 0x55, sizeof why);
        if (bulk_shape_check(json_doc_root(d), why, sizes[i]) != 0) {
            size_t n = strnlen(why, sizes[i]);
            if (n == 0 || n == sizes[i] || !json_utf8_valid(why, n)) {
                fprintf(stderr, "bad refusal: %.*s\n", (int)n, why);
                abort();
            }
        }
    }
    json_doc_free(d);
    return 0;
}
