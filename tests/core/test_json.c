/* Unit tests of core/json: the strict parser, UTF-8 checks and the writer. */
#include <criterion/criterion.h>
#include <criterion/new/assert.h>
#include <string.h>

#include "json.h"

static json_doc *ok(const char *s)
{
    json_doc *d;
    json_error e;
    int rc = json_parse(s, strlen(s), &d, &e);
    cr_assert(eq(int, rc, 0), "%s: %s", s, e.message);
    return d;
}

static const char *bad(const char *s, size_t n)
{
    static json_error e;
    json_doc *d = NULL;
    int rc = json_parse(s, n, &d, &e);
    cr_assert(eq(int, rc, -1), "accepted: %.*s", (int)n, s);
    return e.message;
}

static char *write_back(const json_value *v)
{
    sbuf b;
    sbuf_init(&b);
    jw w;
    jw_init(&w, &b);
    jw_value(&w, v);
    return sbuf_detach(&b, NULL);
}

Test(json, parses_every_type)
{
    json_doc *d = ok(" {\"a\": [1, -2.5, 3e2, true, false, null, \"x\"], \"b\": {}} ");
    const json_value *r = json_doc_root(d);
    cr_assert(eq(int, r->type, JSON_OBJECT));
    const json_value *a = json_get(r, "a");
    cr_assert(eq(sz, a->len, 7));
    cr_assert(a->u.items[0]->u.num.is_int);
    cr_assert(eq(i64, a->u.items[0]->u.num.i, 1));
    cr_assert(not(a->u.items[1]->u.num.is_int));
    cr_assert(eq(dbl, a->u.items[1]->u.num.d, -2.5));
    cr_assert(not(a->u.items[2]->u.num.is_int));
    cr_assert(eq(int, a->u.items[5]->type, JSON_NULL));
    cr_assert(eq(str, (char *)a->u.items[6]->u.str, "x"));
    cr_assert(eq(sz, json_get(r, "b")->len, 0));
    json_doc_free(d);
}

Test(json, string_members_and_arrays_by_type)
{
    json_doc *d;
    const char *text = "{\"s\":\"x\",\"n\":1,\"a\":[]}";
    cr_assert(eq(int, json_parse(text, strlen(text), &d, NULL), 0));
    const json_value *r = json_doc_root(d);
    cr_assert(eq(str, (char *)json_get_str(r, "s"), "x"));
    cr_assert(json_get_str(r, "n") == NULL, "a number is not a string");
    cr_assert(json_get_str(r, "missing") == NULL);
    cr_assert(json_get_str(json_get(r, "a"), "s") == NULL, "an array has no members");
    cr_assert(json_is_array(json_get(r, "a")));
    cr_assert(not(json_is_array(r)));
    cr_assert(not(json_is_array(NULL)));
    json_doc_free(d);
}

Test(json, rejects_what_rfc8259_rejects)
{
    const char *cases[] = {"",      "{",        "[1,]",    "{\"a\":1,}", "01",     "1.",
                           ".5",    "+1",       "'x'",     "[1 2]",      "tru",    "nul",
                           "{a:1}", "\"\\x\"",  "// c\n1", "1 2",        "[-]",    "1e",
                           "NaN",   "Infinity", "\"\t\"",  "{\"a\" 1}",  "[\"a\"", "\"abc"};
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++)
        bad(cases[i], strlen(cases[i]));
}

Test(json, unescapes_and_joins_surrogate_pairs)
{
    json_doc *d = ok("\"a\\n\\u00e9\\ud83d\\ude00\\/\"");
    const json_value *r = json_doc_root(d);
    cr_assert(eq(str, (char *)r->u.str, "a\n\xc3\xa9\xf0\x9f\x98\x80/"));
    cr_assert(eq(sz, r->len, 9));
    json_doc_free(d);
}

Test(json, rejects_lone_surrogates_and_bad_utf8)
{
    bad("\"\\ud83d\"", 8);
    bad("\"\\ude00\"", 8);
    bad("\"\xc3\"", 3);             /* truncated sequence */
    bad("\"\xc0\xaf\"", 4);         /* overlong '/' */
    bad("\"\xed\xa0\x80\"", 5);     /* encoded surrogate */
    bad("\"\xf4\x90\x80\x80\"", 6); /* above U+10FFFF */
    bad("\xff", 1);
    cr_assert(json_utf8_valid("h\xc3\xa9llo", 6));
    cr_assert(not(json_utf8_valid("\xe2\x82", 2)));
}

Test(json, reports_the_offset_of_an_error)
{
    json_doc *d;
    json_error e;
    cr_assert(eq(int, json_parse("[1, x]", 6, &d, &e), -1));
    cr_assert(eq(sz, e.offset, 4));
}

Test(json, caps_nesting)
{
    char deep[JSON_MAX_DEPTH + 2];
    memset(deep, '[', sizeof deep);
    const char *msg = bad(deep, sizeof deep);
    cr_assert(eq(str, (char *)msg, "nesting too deep"));
    char fine[2 * JSON_MAX_DEPTH];
    memset(fine, '[', JSON_MAX_DEPTH);
    memset(fine + JSON_MAX_DEPTH, ']', JSON_MAX_DEPTH);
    json_doc *d;
    cr_assert(eq(int, json_parse(fine, sizeof fine, &d, NULL), 0));
    json_doc_free(d);
}

Test(json, keeps_big_integers_as_numbers)
{
    json_doc *d = ok("[9007199254740993, 99999999999999999999]");
    const json_value *r = json_doc_root(d);
    cr_assert(r->u.items[0]->u.num.is_int);
    cr_assert(eq(i64, r->u.items[0]->u.num.i, 9007199254740993LL));
    cr_assert(not(r->u.items[1]->u.num.is_int)); /* beyond int64: a double */
    json_doc_free(d);
}

Test(json, writer_places_commas_and_escapes)
{
    sbuf b;
    sbuf_init(&b);
    jw w;
    jw_init(&w, &b);
    jw_obj_begin(&w);
    jw_kstr(&w, "s", "q\"\\\n\x01");
    jw_key(&w, "a");
    jw_arr_begin(&w);
    jw_int(&w, 1);
    jw_arr_begin(&w);
    jw_arr_end(&w);
    jw_obj_begin(&w);
    jw_obj_end(&w);
    jw_null(&w);
    jw_arr_end(&w);
    jw_kbool(&w, "t", true);
    jw_obj_end(&w);
    cr_assert(eq(str, b.data, "{\"s\":\"q\\\"\\\\\\n\\u0001\",\"a\":[1,[],{},null],\"t\":true}"));
    sbuf_free(&b);
}

Test(json, round_trips)
{
    const char *text = "{\"a\":[1,2.5,\"\xc3\xa9\",{\"b\":null}],\"c\":[],\"d\":{}}";
    json_doc *d = ok(text);
    char *back = write_back(json_doc_root(d));
    cr_assert(eq(str, back, (char *)text));
    free(back);
    json_doc_free(d);
}

/* json_parse_each: what the callback saw, each item written back, joined by '|'. */
typedef struct seen {
    sbuf text;
    int n, stop_at;
} seen;

static int see(void *ud, const json_value *v)
{
    seen *s = ud;
    char *t = write_back(v);
    sbuf_printf(&s->text, "%s%s", s->n ? "|" : "", t);
    free(t);
    return ++s->n == s->stop_at ? 7 : 0;
}

static int each(const char *text, seen *s, json_error *err)
{
    sbuf_init(&s->text);
    s->n = 0;
    return json_parse_each(text, strlen(text), see, s, err);
}

Test(json, parse_each_gives_each_item_of_an_array_in_turn)
{
    seen s = {.stop_at = 0};
    json_error err;
    cr_assert(eq(int, each(" [ {\"a\":[1,\"x\"]}, 2 ,\"s\",[],null ] ", &s, &err), 0), "%s",
              err.message);
    cr_assert(eq(str, (char *)sbuf_cstr(&s.text), "{\"a\":[1,\"x\"]}|2|\"s\"|[]|null"));
    sbuf_free(&s.text);
    cr_assert(eq(int, each("[]", &s, &err), 0));
    cr_assert(eq(int, s.n, 0));
    sbuf_free(&s.text);
    /* many items, each in memory only while it is looked at */
    sbuf big;
    sbuf_init(&big);
    sbuf_addc(&big, '[');
    for (int i = 0; i < 5000; i++)
        sbuf_printf(&big, "%s{\"i\":%d,\"pad\":\"%0200d\"}", i ? "," : "", i, i);
    sbuf_addc(&big, ']');
    cr_assert(eq(int, each(sbuf_cstr(&big), &s, &err), 0));
    cr_assert(eq(int, s.n, 5000));
    cr_assert(strstr(sbuf_cstr(&s.text), "{\"i\":4999,") != NULL);
    sbuf_free(&s.text);
    sbuf_free(&big);
}

Test(json, parse_each_stops_when_asked_and_names_what_is_wrong)
{
    seen s = {.stop_at = 2};
    cr_assert(eq(int, each("[1,2,3]", &s, NULL), 7));
    cr_assert(eq(str, (char *)sbuf_cstr(&s.text), "1|2"));
    sbuf_free(&s.text);
    s.stop_at = 0;
    static const struct {
        const char *text, *message, *seen;
    } cases[] = {
        {"{\"a\":1}", "expected an array", ""},
        {"[1,]", "unexpected character", "1"},
        {"[1 2]", "expected ',' or ']' in array", ""},
        {"[1,2", "unterminated array", "1"},
        {"[1] x", "trailing characters after the JSON value", "1"},
        {"[[[", "unexpected end of input", ""},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        json_error err;
        cr_assert(eq(int, each(cases[i].text, &s, &err), -1), "%s", cases[i].text);
        cr_assert(eq(str, err.message, (char *)cases[i].message), "%s", cases[i].text);
        cr_assert(eq(str, (char *)sbuf_cstr(&s.text), (char *)cases[i].seen), "%s", cases[i].text);
        sbuf_free(&s.text);
    }
}

Test(json, a_tree_built_by_hand_shares_what_it_is_given)
{
    json_doc *req = ok("{\"title\":\"obs\",\"criteria\":[\"1:1.1\"],\"n\":7}");
    const json_value *p = json_doc_root(req);
    json_doc *d = json_doc_new();
    json_value *obj = json_new(d, JSON_OBJECT, p->len + 2), *list = json_new(d, JSON_ARRAY, 2);
    cr_assert(obj && list);
    for (size_t i = 0; i < p->len; i++)
        json_put(obj, p->u.members[i].key, p->u.members[i].key_len,
                 json_new_copy(d, p->u.members[i].value));
    char word[] = "copied";
    json_append(list, json_new_str(d, word));
    json_append(list, json_new_int(d, -42));
    word[0] = 'X'; /* json_new_str made its own copy */
    json_put(obj, "list", 4, list);
    json_put(obj, "none", 4, json_new_copy(d, json_get(p, "absent")));
    char *text = write_back(obj);
    cr_assert(eq(str, text,
                 "{\"title\":\"obs\",\"criteria\":[\"1:1.1\"],\"n\":7,\"list\":[\"copied\",-42],"
                 "\"none\":null}"));
    free(text);
    cr_assert(eq(ptr, (void *)json_get(obj, "criteria")->u.items,
                 (void *)json_get(p, "criteria")->u.items),
              "a copy shares the request's items");
    cr_assert(json_get(obj, "n")->u.num.is_int);
    cr_assert(eq(ptr, json_doc_root(d), NULL));
    json_doc_free(d);
    json_doc_free(req);
}
