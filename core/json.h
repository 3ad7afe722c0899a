/* json — a strict JSON (RFC 8259) parser into an arena-backed tree, trees built by hand in the
 * same arena (json.c), and a streaming writer (json_write.c).
 *
 * The parser owns everything it allocates in one json_doc: free the doc and every value,
 * string and array in it goes at once. It rejects what RFC 8259 rejects (trailing commas,
 * comments, leading zeros, lone surrogates, control characters in strings) and any byte
 * sequence that is not valid UTF-8, and refuses nesting deeper than JSON_MAX_DEPTH.
 *
 * The writer appends to a caller-owned sbuf and places commas and colons itself; it never
 * allocates beyond the buffer. Strings handed to it must be valid UTF-8 (json_utf8_valid).
 */
#ifndef ASSESSD_JSON_H
#define ASSESSD_JSON_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "sbuf.h"

#define JSON_MAX_DEPTH 128

typedef enum json_type {
    JSON_NULL,
    JSON_BOOL,
    JSON_NUMBER,
    JSON_STRING,
    JSON_ARRAY,
    JSON_OBJECT,
} json_type;

typedef struct json_value json_value;

typedef struct json_member {
    const char *key;
    size_t key_len;
    json_value *value;
} json_member;

struct json_value {
    json_type type;
    size_t len; /* bytes of a string, items of an array, members of an object */
    union {
        bool boolean;
        struct {
            double d;
            int64_t i;
            bool is_int; /* written without fraction or exponent and fits int64 */
        } num;
        const char *str; /* NUL-terminated; may contain NUL (use len) */
        json_value **items;
        json_member *members;
    } u;
};

typedef struct json_doc json_doc;

typedef struct json_error {
    size_t offset; /* byte offset of the problem */
    char message[96];
} json_error;

/* Parses exactly one JSON value (surrounding whitespace allowed). Returns 0 and sets *out, or
 * -1 and fills *err. */
int json_parse(const char *text, size_t len, json_doc **out, json_error *err);
/* Parses an array one item at a time, calling fn with each as soon as it is parsed; the item
 * lives until fn returns (the next reuses its memory), so a long array never sits in memory as
 * a tree. fn returns 0 to go on, anything else to stop: that is returned. Returns 0 once the
 * array was read to its end, or -1 with err filled when the text is not one JSON array (the
 * items before the fault were seen). */
int json_parse_each(const char *text, size_t len, int (*fn)(void *ud, const json_value *v),
                    void *ud, json_error *err);
json_value *json_doc_root(json_doc *doc);
void json_doc_free(json_doc *doc);

/* Building a tree by hand (a hook's arguments, without writing and parsing text). A new doc
 * has no root (json_doc_root is NULL); what json_new* make lives in its arena, and goes with it.
 * Each returns NULL when out of memory.
 *   json_new       a null, or an empty array or object with room for `room` items or members
 *                  (json_append and json_put never grow it: the caller counts first)
 *   json_new_str   a copy of s
 *   json_new_int   an integer
 *   json_new_copy  v itself, shared: what it holds (a parsed request's strings, items and
 *                  members) must outlive the doc; NULL makes a null
 * Keys given to json_put are not copied either. */
json_doc *json_doc_new(void);
json_value *json_new(json_doc *doc, json_type t, size_t room);
json_value *json_new_str(json_doc *doc, const char *s);
json_value *json_new_int(json_doc *doc, int64_t i);
json_value *json_new_copy(json_doc *doc, const json_value *v);
void json_append(json_value *arr, json_value *item);
void json_put(json_value *obj, const char *key, size_t key_len, json_value *v);
/* Member lookup on an object (NULL when absent or when v is not an object). */
const json_value *json_get(const json_value *obj, const char *key);
/* Member lookup that takes null for absent, as the methods take a null parameter. */
const json_value *json_get_given(const json_value *obj, const char *key);
/* The string member key of obj (NULL when absent, not a string, or obj not an object). */
const char *json_get_str(const json_value *obj, const char *key);
/* Whether v is an array (false for NULL). */
bool json_is_array(const json_value *v);
const char *json_type_name(json_type t);
bool json_utf8_valid(const char *s, size_t n);
/* How many of s's first max bytes (all of s when it is shorter) to keep so as not to end inside
 * a UTF-8 character: for quoting it cut short with %.*s. */
int json_utf8_upto(const char *s, size_t max);

/* Writer. */
typedef struct jw {
    sbuf *out;
    unsigned depth;
    bool after_key;
    uint8_t first[JSON_MAX_DEPTH + 2]; /* 1 while the container at that depth is empty */
} jw;

void jw_init(jw *w, sbuf *out);
void jw_obj_begin(jw *w);
void jw_obj_end(jw *w);
void jw_arr_begin(jw *w);
void jw_arr_end(jw *w);
void jw_key(jw *w, const char *key);
void jw_keyn(jw *w, const char *key, size_t n);
void jw_str(jw *w, const char *s);
void jw_strn(jw *w, const char *s, size_t n);
void jw_int(jw *w, int64_t v);
void jw_double(jw *w, double v);
void jw_bool(jw *w, bool v);
void jw_null(jw *w);
/* Appends an already-encoded JSON value. */
void jw_raw(jw *w, const char *json, size_t n);
/* Re-encodes a parsed value. */
void jw_value(jw *w, const json_value *v);

/* Shorthands for one object member. */
void jw_kstr(jw *w, const char *key, const char *s);
void jw_kint(jw *w, const char *key, int64_t v);
void jw_kbool(jw *w, const char *key, bool v);
void jw_knull(jw *w, const char *key);
/* A string member, or null when s is NULL. */
void jw_kstr_or_null(jw *w, const char *key, const char *s);

/* Appends s to out as a JSON string literal with quotes. */
void json_escape(sbuf *out, const char *s, size_t n);

#endif
