/* fuzz_json — libFuzzer harness for the JSON parser (core/json.c) and writer (json_write.c).
 *
 * The input is the text of one message. Whatever json_parse accepts must be re-encoded by
 * jw_value into valid UTF-8 that parses again, and re-encoding must then be stable; json_parse_each
 * must agree with json_parse on whether an array is well formed. A refusal must say where and why
 * (a non-empty message, an offset within the input).
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "json.h"

static void encode(const json_value *v, sbuf *out)
{
    jw w;
    jw_init(&w, out);
    jw_value(&w, v);
}

static int count_item(void *ud, const json_value *v)
{
    (void)v;
    (*(size_t *)ud)++;
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *text = (const char *)data;
    json_doc *d = NULL;
    json_error err;
    memset(&err, 0, sizeof err);
    int rc = json_parse(text, size, &d, &err);
    if (rc != 0) {
        if (err.message[0] == '\0' || err.offset > size)
            abort(); /* a refusal must say why, and where */
    } else {
        sbuf a, b;
        sbuf_init(&a);
        sbuf_init(&b);
        encode(json_doc_root(d), &a);
        if (!json_utf8_valid(a.data, a.len))
            abort();
        json_doc *d2 = NULL;
        json_error err2;
        if (json_parse(a.data, a.len, &d2, &err2) != 0) {
            fprintf(stderr, "re-encoded text refused: %s at %zu: %.*s\n", err2.message, err2.offset,
                    (int)a.len, a.data);
            abort();
        }
        encode(json_doc_root(d2), &b);
        /* the first encoding may differ (-0.0 is written -0, which reads back as the integer
         * 0): from then on it must be stable */
        json_doc *d3 = NULL;
        sbuf c;
        sbuf_init(&c);
        if (json_parse(b.data, b.len, &d3, &err2) != 0)
            abort();
        encode(json_doc_root(d3), &c);
        if (b.len != c.len || memcmp(b.data, c.data, b.len) != 0) {
            fprintf(stderr, "not stable: %.*s / %.*s\n", (int)b.len, b.data, (int)c.len, c.data);
            abort();
        }
        json_doc_free(d3);
        sbuf_free(&c);
        json_doc_free(d2);
        sbuf_free(&a);
        sbuf_free(&b);
    }
    /* the streaming reader: the same verdict for an array, the same number of items */
    size_t items = 0;
    json_error err3;
    memset(&err3, 0, sizeof err3);
    int each = json_parse_each(text, size, count_item, &items, &err3);
    if (each == -1 && err3.message[0] == '\0')
        abort();
    if (rc == 0 && json_doc_root(d)->type == JSON_ARRAY) {
        if (each != 0 || items != json_doc_root(d)->len) {
            fprintf(stderr, "json_parse_each: %d, %zu items (json_parse: %zu): %s\n", each, items,
                    json_doc_root(d)->len, err3.message);
            abort();
        }
    } else if (each == 0 && rc != 0 && strstr(err.message, "deep") == NULL) {
        fprintf(stderr, "json_parse_each accepted what json_parse refused: %s\n", err.message);
        abort();
    }
    if (d)
        json_doc_free(d);
    return 0;
}
