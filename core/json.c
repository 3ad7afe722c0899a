/* json — the strict parser of the json module (the writer is json_write.c). See json.h. */
#include "json.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- arena ---------------------------------------------------------------------------- */

typedef struct arena_block {
    struct arena_block *next;
    size_t used, cap;
    max_align_t data[];
} arena_block;

struct json_doc {
    arena_block *blocks;
    json_value *root;
    size_t block; /* bytes of a new block (0: 16 KB) */
};

static void *arena_alloc(json_doc *doc, size_t n)
{
    n = (n + sizeof(max_align_t) - 1) & ~(sizeof(max_align_t) - 1);
    arena_block *b = doc->blocks;
    if (!b || b->cap - b->used < n) {
        size_t want = doc->block ? doc->block : 16384, cap = n > want ? n : want;
        b = malloc(sizeof(*b) + cap);
        if (!b)
            return NULL;
        b->cap = cap;
        b->used = 0;
        b->next = doc->blocks;
        doc->blocks = b;
    }
    void *p = (char *)b->data + b->used;
    b->used += n;
    return p;
}

void json_doc_free(json_doc *doc)
{
    if (!doc)
        return;
    arena_block *b = doc->blocks;
    while (b) {
        arena_block *next = b->next;
        free(b);
        b = next;
    }
    free(doc);
}

json_value *json_doc_root(json_doc *doc)
{
    return doc->root;
}

/* ---- building by hand ------------------------------------------------------------------ */

json_doc *json_doc_new(void)
{
    json_doc *d = calloc(1, sizeof *d);
    if (d)
        d->block = 2048; /* a hook's arguments: small */
    return d;
}

json_value *json_new(json_doc *doc, json_type t, size_t room)
{
    json_value *v = arena_alloc(doc, sizeof *v);
    if (!v)
        return NULL;
    memset(v, 0, sizeof *v);
    v->type = t;
    if (t == JSON_ARRAY && room) {
        v->u.items = arena_alloc(doc, room * sizeof(json_value *));
        if (!v->u.items)
            return NULL;
    } else if (t == JSON_OBJECT && room) {
        v->u.members = arena_alloc(doc, room * sizeof(json_member));
        if (!v->u.members)
            return NULL;
    } else if (t == JSON_STRING) {
        v->u.str = "";
    }
    return v;
}

json_value *json_new_str(json_doc *doc, const char *s)
{
    size_t n = strlen(s);
    json_value *v = json_new(doc, JSON_STRING, 0);
    char *copy = v ? arena_alloc(doc, n + 1) : NULL;
    if (!copy)
        return NULL;
    memcpy(copy, s, n + 1);
    v->u.str = copy;
    v->len = n;
    return v;
}

json_value *json_new_int(json_doc *doc, int64_t i)
{
    json_value *v = json_new(doc, JSON_NUMBER, 0);
    if (v) {
        v->u.num.i = i;
        v->u.num.d = (double)i;
        v->u.num.is_int = true;
    }
    return v;
}

json_value *json_new_copy(json_doc *doc, const json_value *v)
{
    if (!v)
        return json_new(doc, JSON_NULL, 0);
    json_value *c = arena_alloc(doc, sizeof *c);
    if (c)
        *c = *v;
    return c;
}

void json_append(json_value *arr, json_value *item)
{
    arr->u.items[arr->len++] = item;
}

void json_put(json_value *obj, const char *key, size_t key_len, json_value *v)
{
    obj->u.members[obj->len++] = (json_member){key, key_len, v};
}

/* ---- UTF-8 ---------------------------------------------------------------------------- */

/* Length of the valid UTF-8 sequence at s (1–4), or 0 when it is not valid (overlongs,
 * surrogates and code points above U+10FFFF are invalid). */
static size_t utf8_seq(const unsigned char *s, size_t n)
{
    unsigned c = s[0];
    if (c < 0x80)
        return 1;
    if (c >= 0xC2 && c <= 0xDF)
        return (n >= 2 && (s[1] & 0xC0) == 0x80) ? 2 : 0;
    if (c >= 0xE0 && c <= 0xEF) {
        if (n < 3 || (s[1] & 0xC0) != 0x80 || (s[2] & 0xC0) != 0x80)
            return 0;
        if (c == 0xE0 && s[1] < 0xA0)
            return 0;
        if (c == 0xED && s[1] >= 0xA0)
            return 0;
        return 3;
    }
    if (c >= 0xF0 && c <= 0xF4) {
        if (n < 4 || (s[1] & 0xC0) != 0x80 || (s[2] & 0xC0) != 0x80 || (s[3] & 0xC0) != 0x80)
            return 0;
        if (c == 0xF0 && s[1] < 0x90)
            return 0;
        if (c == 0xF4 && s[1] >= 0x90)
            return 0;
        return 4;
    }
    return 0;
}

int json_utf8_upto(const char *s, size_t max)
{
    size_t n = strnlen(s, max + 1);
    if (n <= max)
        return (int)n;
    n = max;
    while (n && ((unsigned char)s[n] & 0xC0) == 0x80)
        n--;
    return (int)n;
}

bool json_utf8_valid(const char *s, size_t n)
{
    const unsigned char *p = (const unsigned char *)s;
    size_t i = 0;
    while (i < n) {
        if (p[i] < 0x80) {
            i++;
            continue;
        }
        size_t k = utf8_seq(p + i, n - i);
        if (!k)
            return false;
        i += k;
    }
    return true;
}

/* ---- parser --------------------------------------------------------------------------- */

typedef struct parser {
    const char *p, *start, *end;
    json_doc *doc;
    json_error *err;
    sbuf scratch;       /* string unescaping */
    json_value **stack; /* children collected before they are copied to the arena */
    size_t stack_len, stack_cap;
    json_member *mstack;
    size_t mstack_len, mstack_cap;
    unsigned depth;
    json_error own_err; /* where errors go when the caller passes none */
} parser;

static int fail(parser *ps, const char *msg)
{
    if (ps->err && ps->err->message[0] == '\0') {
        ps->err->offset = (size_t)(ps->p - ps->start);
        snprintf(ps->err->message, sizeof ps->err->message, "%s", msg);
    }
    return -1;
}

static void skip_ws(parser *ps)
{
    while (ps->p < ps->end && (*ps->p == ' ' || *ps->p == '\t' || *ps->p == '\n' || *ps->p == '\r'))
        ps->p++;
}

static json_value *new_value(parser *ps, json_type t)
{
    json_value *v = arena_alloc(ps->doc, sizeof *v);
    if (!v)
        return NULL;
    memset(v, 0, sizeof *v);
    v->type = t;
    return v;
}

static int hex4(parser *ps, unsigned *out)
{
    if (ps->end - ps->p < 4)
        return fail(ps, "truncated \\u escape");
    unsigned v = 0;
    for (int i = 0; i < 4; i++) {
        char c = ps->p[i];
        v <<= 4;
        if (c >= '0' && c <= '9')
            v |= (unsigned)(c - '0');
        else if (c >= 'a' && c <= 'f')
            v |= (unsigned)(c - 'a' + 10);
        else if (c >= 'A' && c <= 'F')
            v |= (unsigned)(c - 'A' + 10);
        else
            return fail(ps, "bad \\u escape");
    }
    ps->p += 4;
    *out = v;
    return 0;
}

static void put_utf8(sbuf *b, unsigned cp)
{
    char u[4];
    size_t n;
    if (cp < 0x80) {
        u[0] = (char)cp;
        n = 1;
    } else if (cp < 0x800) {
        u[0] = (char)(0xC0 | (cp >> 6));
        u[1] = (char)(0x80 | (cp & 0x3F));
        n = 2;
    } else if (cp < 0x10000) {
        u[0] = (char)(0xE0 | (cp >> 12));
        u[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
        u[2] = (char)(0x80 | (cp & 0x3F));
        n = 3;
    } else {
        u[0] = (char)(0xF0 | (cp >> 18));
        u[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
        u[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
        u[3] = (char)(0x80 | (cp & 0x3F));
        n = 4;
    }
    sbuf_add(b, u, n);
}

/* Parses a string literal (ps->p at the opening quote) into arena memory. */
static int parse_string(parser *ps, const char **out, size_t *out_len)
{
    ps->p++; /* opening quote */
    const char *run = ps->p;
    bool escaped = false;
    sbuf_reset(&ps->scratch);
    for (;;) {
        if (ps->p >= ps->end)
            return fail(ps, "unterminated string");
        unsigned char c = (unsigned char)*ps->p;
        if (c == '"')
            break;
        if (c < 0x20)
            return fail(ps, "control character in string");
        if (c == '\\') {
            if (!escaped) {
                sbuf_add(&ps->scratch, run, (size_t)(ps->p - run));
                escaped = true;
            } else {
                sbuf_add(&ps->scratch, run, (size_t)(ps->p - run));
            }
            ps->p++;
            if (ps->p >= ps->end)
                return fail(ps, "unterminated string");
            char e = *ps->p++;
            switch (e) {
            case '"':
                sbuf_addc(&ps->scratch, '"');
                break;
            case '\\':
                sbuf_addc(&ps->scratch, '\\');
                break;
            case '/':
                sbuf_addc(&ps->scratch, '/');
                break;
            case 'b':
                sbuf_addc(&ps->scratch, '\b');
                break;
            case 'f':
                sbuf_addc(&ps->scratch, '\f');
                break;
            case 'n':
                sbuf_addc(&ps->scratch, '\n');
                break;
            case 'r':
                sbuf_addc(&ps->scratch, '\r');
                break;
            case 't':
                sbuf_addc(&ps->scratch, '\t');
                break;
            case 'u': {
                unsigned cp;
                if (hex4(ps, &cp))
                    return -1;
                if (cp >= 0xD800 && cp <= 0xDBFF) {
                    unsigned lo;
                    if (ps->end - ps->p < 2 || ps->p[0] != '\\' || ps->p[1] != 'u')
                        return fail(ps, "lone surrogate in \\u escape");
                    ps->p += 2;
                    if (hex4(ps, &lo))
                        return -1;
                    if (lo < 0xDC00 || lo > 0xDFFF)
                        return fail(ps, "lone surrogate in \\u escape");
                    cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
                } else if (cp >= 0xDC00 && cp <= 0xDFFF) {
                    return fail(ps, "lone surrogate in \\u escape");
                }
                put_utf8(&ps->scratch, cp);
                break;
            }
            default:
                ps->p--;
                return fail(ps, "bad escape in string");
            }
            run = ps->p;
            continue;
        }
        if (c < 0x80) {
            ps->p++;
            continue;
        }
        size_t k = utf8_seq((const unsigned char *)ps->p, (size_t)(ps->end - ps->p));
        if (!k)
            return fail(ps, "invalid UTF-8 in string");
        ps->p += k;
    }
    const char *src;
    size_t n;
    if (escaped) {
        sbuf_add(&ps->scratch, run, (size_t)(ps->p - run));
        src = ps->scratch.data;
        n = ps->scratch.len;
    } else {
        src = run;
        n = (size_t)(ps->p - run);
    }
    ps->p++; /* closing quote */
    char *s = arena_alloc(ps->doc, n + 1);
    if (!s)
        return fail(ps, "out of memory");
    if (n)
        memcpy(s, src, n);
    s[n] = '\0';
    *out = s;
    *out_len = n;
    return 0;
}

static int parse_number(parser *ps, json_value **out)
{
    const char *s = ps->p;
    bool is_int = true;
    if (ps->p < ps->end && *ps->p == '-')
        ps->p++;
    if (ps->p >= ps->end)
        return fail(ps, "bad number");
    if (*ps->p == '0') {
        ps->p++;
    } else if (*ps->p >= '1' && *ps->p <= '9') {
        while (ps->p < ps->end && *ps->p >= '0' && *ps->p <= '9')
            ps->p++;
    } else {
        return fail(ps, "bad number");
    }
    if (ps->p < ps->end && *ps->p == '.') {
        is_int = false;
        ps->p++;
        if (ps->p >= ps->end || *ps->p < '0' || *ps->p > '9')
            return fail(ps, "bad number: digit expected after '.'");
        while (ps->p < ps->end && *ps->p >= '0' && *ps->p <= '9')
            ps->p++;
    }
    if (ps->p < ps->end && (*ps->p == 'e' || *ps->p == 'E')) {
        is_int = false;
        ps->p++;
        if (ps->p < ps->end && (*ps->p == '+' || *ps->p == '-'))
            ps->p++;
        if (ps->p >= ps->end || *ps->p < '0' || *ps->p > '9')
            return fail(ps, "bad number: digit expected in exponent");
        while (ps->p < ps->end && *ps->p >= '0' && *ps->p <= '9')
            ps->p++;
    }
    char tmp[64];
    size_t n = (size_t)(ps->p - s);
    if (n >= sizeof tmp)
        return fail(ps, "number too long");
    memcpy(tmp, s, n);
    tmp[n] = '\0';
    json_value *v = new_value(ps, JSON_NUMBER);
    if (!v)
        return fail(ps, "out of memory");
    v->u.num.d = strtod(tmp, NULL);
    if (!isfinite(v->u.num.d))
        return fail(ps, "number out of range");
    if (is_int) {
        errno = 0;
        long long ll = strtoll(tmp, NULL, 10);
        if (errno == ERANGE)
            is_int = false; /* beyond int64: keep only the double */
        else
            v->u.num.i = ll;
    }
    v->u.num.is_int = is_int;
    *out = v;
    return 0;
}

static int parse_value(parser *ps, json_value **out);

static int push_item(parser *ps, json_value *v)
{
    if (ps->stack_len == ps->stack_cap) {
        size_t cap = ps->stack_cap ? ps->stack_cap * 2 : 64;
        json_value **s = realloc(ps->stack, cap * sizeof *s);
        if (!s)
            return fail(ps, "out of memory");
        ps->stack = s;
        ps->stack_cap = cap;
    }
    ps->stack[ps->stack_len++] = v;
    return 0;
}

static int push_member(parser *ps, const char *k, size_t kn, json_value *v)
{
    if (ps->mstack_len == ps->mstack_cap) {
        size_t cap = ps->mstack_cap ? ps->mstack_cap * 2 : 64;
        json_member *s = realloc(ps->mstack, cap * sizeof *s);
        if (!s)
            return fail(ps, "out of memory");
        ps->mstack = s;
        ps->mstack_cap = cap;
    }
    ps->mstack[ps->mstack_len++] = (json_member){k, kn, v};
    return 0;
}

static int parse_array(parser *ps, json_value **out)
{
    ps->p++;
    size_t base = ps->stack_len;
    skip_ws(ps);
    if (ps->p < ps->end && *ps->p == ']') {
        ps->p++;
    } else {
        for (;;) {
            json_value *item;
            skip_ws(ps);
            if (parse_value(ps, &item) || push_item(ps, item))
                return -1;
            skip_ws(ps);
            if (ps->p >= ps->end)
                return fail(ps, "unterminated array");
            if (*ps->p == ',') {
                ps->p++;
                continue;
            }
            if (*ps->p == ']') {
                ps->p++;
                break;
            }
            return fail(ps, "expected ',' or ']' in array");
        }
    }
    json_value *v = new_value(ps, JSON_ARRAY);
    if (!v)
        return fail(ps, "out of memory");
    v->len = ps->stack_len - base;
    if (v->len) {
        v->u.items = arena_alloc(ps->doc, v->len * sizeof(json_value *));
        if (!v->u.items)
            return fail(ps, "out of memory");
        memcpy(v->u.items, ps->stack + base, v->len * sizeof(json_value *));
    }
    ps->stack_len = base;
    *out = v;
    return 0;
}

static int parse_object(parser *ps, json_value **out)
{
    ps->p++;
    size_t base = ps->mstack_len;
    skip_ws(ps);
    if (ps->p < ps->end && *ps->p == '}') {
        ps->p++;
    } else {
        for (;;) {
            skip_ws(ps);
            if (ps->p >= ps->end || *ps->p != '"')
                return fail(ps, "expected a string key in object");
            const char *k;
            size_t kn;
            if (parse_string(ps, &k, &kn))
                return -1;
            skip_ws(ps);
            if (ps->p >= ps->end || *ps->p != ':')
                return fail(ps, "expected ':' after object key");
            ps->p++;
            skip_ws(ps);
            json_value *item;
            if (parse_value(ps, &item) || push_member(ps, k, kn, item))
                return -1;
            skip_ws(ps);
            if (ps->p >= ps->end)
                return fail(ps, "unterminated object");
            if (*ps->p == ',') {
                ps->p++;
                continue;
            }
            if (*ps->p == '}') {
                ps->p++;
                break;
            }
            return fail(ps, "expected ',' or '}' in object");
        }
    }
    json_value *v = new_value(ps, JSON_OBJECT);
    if (!v)
        return fail(ps, "out of memory");
    v->len = ps->mstack_len - base;
    if (v->len) {
        v->u.members = arena_alloc(ps->doc, v->len * sizeof(json_member));
        if (!v->u.members)
            return fail(ps, "out of memory");
        memcpy(v->u.members, ps->mstack + base, v->len * sizeof(json_member));
    }
    ps->mstack_len = base;
    *out = v;
    return 0;
}

static int literal(parser *ps, const char *word, json_type t, bool b, json_value **out)
{
    size_t n = strlen(word);
    if ((size_t)(ps->end - ps->p) < n || memcmp(ps->p, word, n) != 0)
        return fail(ps, "unexpected character");
    ps->p += n;
    json_value *v = new_value(ps, t);
    if (!v)
        return fail(ps, "out of memory");
    v->u.boolean = b;
    *out = v;
    return 0;
}

static int parse_value(parser *ps, json_value **out)
{
    skip_ws(ps);
    if (ps->p >= ps->end)
        return fail(ps, "unexpected end of input");
    char c = *ps->p;
    int rc;
    switch (c) {
    case '{':
    case '[':
        if (++ps->depth > JSON_MAX_DEPTH)
            return fail(ps, "nesting too deep");
        rc = c == '{' ? parse_object(ps, out) : parse_array(ps, out);
        ps->depth--;
        return rc;
    case '"': {
        json_value *v = new_value(ps, JSON_STRING);
        if (!v)
            return fail(ps, "out of memory");
        if (parse_string(ps, &v->u.str, &v->len))
            return -1;
        *out = v;
        return 0;
    }
    case 't':
        return literal(ps, "true", JSON_BOOL, true, out);
    case 'f':
        return literal(ps, "false", JSON_BOOL, false, out);
    case 'n':
        return literal(ps, "null", JSON_NULL, false, out);
    default:
        if (c == '-' || (c >= '0' && c <= '9'))
            return parse_number(ps, out);
        if ((unsigned char)c >= 0x80 &&
            !utf8_seq((const unsigned char *)ps->p, (size_t)(ps->end - ps->p)))
            return fail(ps, "invalid UTF-8");
        return fail(ps, "unexpected character");
    }
}

/* Readies ps to parse text into a new doc (err may be NULL: then ps keeps its own). Returns 0,
 * or -1 with err filled. */
static int parser_open(parser *ps, const char *text, size_t len, json_error *err)
{
    *ps = (parser){.p = text, .start = text, .end = text + len, .err = err ? err : &ps->own_err};
    ps->err->offset = 0;
    ps->err->message[0] = '\0';
    ps->doc = calloc(1, sizeof *ps->doc);
    if (!ps->doc) {
        snprintf(ps->err->message, sizeof ps->err->message, "out of memory");
        return -1;
    }
    sbuf_init(&ps->scratch);
    return 0;
}

/* Frees what parsing used; the doc too unless keep. */
static void parser_close(parser *ps, bool keep)
{
    sbuf_free(&ps->scratch);
    free(ps->stack);
    free(ps->mstack);
    if (!keep)
        json_doc_free(ps->doc);
}

/* After the value: nothing but whitespace. */
static int at_end(parser *ps)
{
    skip_ws(ps);
    return ps->p == ps->end ? 0 : fail(ps, "trailing characters after the JSON value");
}

int json_parse(const char *text, size_t len, json_doc **out, json_error *err)
{
    parser ps;
    if (parser_open(&ps, text, len, err))
        return -1;
    json_value *root = NULL;
    int rc = parse_value(&ps, &root);
    if (rc == 0)
        rc = at_end(&ps);
    parser_close(&ps, rc == 0);
    if (rc)
        return -1;
    ps.doc->root = root;
    *out = ps.doc;
    return 0;
}

/* Frees every arena block but the newest and empties it: the next value reuses its memory. */
static void arena_reset(json_doc *doc)
{
    arena_block *b = doc->blocks;
    if (!b)
        return;
    for (arena_block *x = b->next; x;) {
        arena_block *next = x->next;
        free(x);
        x = next;
    }
    b->next = NULL;
    b->used = 0;
}

int json_parse_each(const char *text, size_t len, int (*fn)(void *ud, const json_value *v),
                    void *ud, json_error *err)
{
    parser ps;
    if (parser_open(&ps, text, len, err))
        return -1;
    int rc = 0;
    skip_ws(&ps);
    if (ps.p >= ps.end || *ps.p != '[') {
        rc = fail(&ps, "expected an array");
    } else {
        ps.p++;
        ps.depth = 1;
        skip_ws(&ps);
        bool more = ps.p < ps.end && *ps.p != ']';
        while (rc == 0 && more) {
            json_value *item = NULL;
            arena_reset(ps.doc);
            if (parse_value(&ps, &item)) {
                rc = -1;
                break;
            }
            skip_ws(&ps);
            if (ps.p < ps.end && *ps.p == ',') {
                ps.p++;
            } else if (ps.p >= ps.end || *ps.p != ']') {
                rc = fail(&ps,
                          ps.p >= ps.end ? "unterminated array" : "expected ',' or ']' in array");
                break;
            } else {
                more = false;
            }
            rc = fn(ud, item);
        }
        if (rc == 0 && (ps.p >= ps.end || *ps.p != ']'))
            rc = fail(&ps, "unterminated array");
        if (rc == 0) {
            ps.p++;
            rc = at_end(&ps);
        }
    }
    parser_close(&ps, false);
    return rc;
}

const json_value *json_get(const json_value *obj, const char *key)
{
    if (!obj || obj->type != JSON_OBJECT)
        return NULL;
    size_t kn = strlen(key);
    for (size_t i = 0; i < obj->len; i++)
        if (obj->u.members[i].key_len == kn && memcmp(obj->u.members[i].key, key, kn) == 0)
            return obj->u.members[i].value;
    return NULL;
}

const json_value *json_get_given(const json_value *obj, const char *key)
{
    const json_value *v = json_get(obj, key);
    return v && v->type != JSON_NULL ? v : NULL;
}

const char *json_get_str(const json_value *obj, const char *key)
{
    const json_value *v = json_get(obj, key);
    return v && v->type == JSON_STRING ? v->u.str : NULL;
}

bool json_is_array(const json_value *v)
{
    return v && v->type == JSON_ARRAY;
}

const char *json_type_name(json_type t)
{
    switch (t) {
    case JSON_NULL:
        return "null";
    case JSON_BOOL:
        return "boolean";
    case JSON_NUMBER:
        return "number";
    case JSON_STRING:
        return "string";
    case JSON_ARRAY:
        return "array";
    case JSON_OBJECT:
        return "object";
    }
    return "?";
}
