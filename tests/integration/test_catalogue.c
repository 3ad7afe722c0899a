/* Integration tests: the bundled catalogues over the socket, checked against the awarding
 * bodies' documents (copied to tests/fixtures/seeds): counts for every unit, every text found
 * word for word in its document, shared units, the two OCR units 23. */
#include <criterion/criterion.h>
#include <criterion/new/assert.h>
#include <ctype.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "client.h"

static bool has(const char *haystack, const char *needle)
{
    return haystack && strstr(haystack, needle) != NULL;
}

/* Collapses whitespace and drops the markup the documents carry (**, <p>, bullets). */
static char *normalise(const char *in)
{
    static const char *const drop[] = {"**", "<p>", "</p>", "</ul>", "\xe2\x80\xa2", NULL};
    size_t n = strlen(in);
    char *out = malloc(n + 1), *o = out;
    bool space = true;
    for (size_t i = 0; i < n;) {
        bool dropped = false;
        for (int k = 0; drop[k]; k++)
            if (strncmp(in + i, drop[k], strlen(drop[k])) == 0) {
                i += strlen(drop[k]);
                dropped = true;
                break;
            }
        if (dropped)
            continue;
        if (strncmp(in + i, "<ul", 3) == 0) {
            const char *gt = strchr(in + i, '>');
            i = gt ? (size_t)(gt - in) + 1 : n;
            continue;
        }
        if (isspace((unsigned char)in[i])) {
            if (!space)
                *o++ = ' ';
            space = true;
            i++;
            continue;
        }
        *o++ = in[i++];
        space = false;
    }
    *o = '\0';
    return out;
}

static char *seed(const char *name)
{
    char path[1024];
    snprintf(path, sizeof path, "%s/tests/fixtures/seeds/%s", tc_source(), name);
    FILE *f = fopen(path, "rb");
    cr_assert(f != NULL, "cannot read %s", path);
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    fseek(f, 0, SEEK_SET);
    char *buf = malloc((size_t)n + 1);
    cr_assert(eq(sz, fread(buf, 1, (size_t)n, f), (size_t)n));
    buf[n] = '\0';
    fclose(f);
    char *norm = normalise(buf);
    free(buf);
    return norm;
}

static void verbatim(const char *doc, const char *text, const char *where)
{
    char *t = normalise(text);
    cr_assert(has(doc, t), "%s: not found word for word in its document: \"%s\"", where, t);
    free(t);
}

static json_doc *unit(const char *body, const char *number)
{
    char params[256];
    snprintf(params, sizeof params, "{\"body\":\"%s\",\"number\":\"%s\"}", body, number);
    json_doc *d = tc_call1("catalogue.unit", params);
    cr_assert(eq(i64, tc_error_code(d), 0), "%s %s: %s", body, number, tc_error_message(d));
    return d;
}

static size_t len_at(const json_value *v, const char *path)
{
    const json_value *x = tc_path(v, path);
    return x && x->type == JSON_ARRAY ? x->len : 0;
}

/* Checks every text of a unit against the document. */
static void texts_of(const json_value *u, const char *doc, const char *label)
{
    verbatim(doc, tc_str(u, "title"), label);
    const json_value *el = tc_path(u, "elements");
    for (size_t i = 0; el && el->type == JSON_ARRAY && i < el->len; i++)
        verbatim(doc, tc_str(el->u.items[i], "title"), label);
    const json_value *lo = tc_path(u, "outcomes");
    for (size_t i = 0; lo && lo->type == JSON_ARRAY && i < lo->len; i++) {
        verbatim(doc, tc_str(lo->u.items[i], "title"), label);
        const json_value *cr = tc_path(lo->u.items[i], "criteria");
        for (size_t k = 0; k < cr->len; k++) {
            const char *t = tc_str(cr->u.items[k], "text");
            /* F04 3.7 runs across a page break: its two halves are printed apart */
            if (has(t, "relating to disability discrimination and equal opportunities")) {
                verbatim(doc,
                         "explain relevant legislation and external regulation relating "
                         "to disability",
                         label);
                verbatim(doc, "discrimination and equal opportunities", label);
                continue;
            }
            verbatim(doc, t, label);
        }
    }
    const json_value *er = tc_path(u, "evidence_requirements");
    for (size_t i = 0; er && er->type == JSON_ARRAY && i < er->len; i++) {
        verbatim(doc, tc_str(er->u.items[i], "text"), label);
        const json_value *items = tc_path(er->u.items[i], "items");
        for (size_t k = 0; items && items->type == JSON_ARRAY && k < items->len; k++)
            verbatim(doc, tc_str(items->u.items[k], "text"), label);
    }
}

static size_t criteria_count(const json_value *u)
{
    size_t n = 0;
    const json_value *lo = tc_path(u, "outcomes");
    for (size_t i = 0; lo && lo->type == JSON_ARRAY && i < lo->len; i++)
        n += len_at(lo->u.items[i], "criteria");
    return n;
}

static size_t item_count(const json_value *u)
{
    size_t n = 0;
    const json_value *er = tc_path(u, "evidence_requirements");
    for (size_t i = 0; er && er->type == JSON_ARRAY && i < er->len; i++)
        n += len_at(er->u.items[i], "items");
    return n;
}

Test(catalogue, bodies_and_qualifications)
{
    json_doc *d = tc_call1("catalogue.bodies", "{}");
    const json_value *r = tc_result(d);
    cr_assert(eq(sz, r->len, 2));
    cr_assert(eq(str, (char *)tc_str(r, "0.code"), "CG"));
    cr_assert(eq(i64, tc_int(r, "0.qualifications"), 5));
    cr_assert(eq(i64, tc_int(r, "0.units"), 12));
    cr_assert(eq(str, (char *)tc_str(r, "1.code"), "OCR"));
    cr_assert(eq(i64, tc_int(r, "1.qualifications"), 3));
    cr_assert(eq(i64, tc_int(r, "1.units"), 47)); /* 45 handbook units, AG26, F04 */
    cr_assert(eq(sz, len_at(r, "1.methods"), 10));
    cr_assert(eq(sz, len_at(r, "1.witness_items"), 7));
    json_doc_free(d);

    d = tc_call1("catalogue.qualifications", "{\"body\":\"OCR\"}");
    r = tc_result(d);
    cr_assert(eq(sz, r->len, 3));
    cr_assert(eq(str, (char *)tc_str(r, "0.title"), "OCR Level 2 NVQ in Customer Service"));
    cr_assert(eq(str, (char *)tc_str(r, "0.accreditation.number"), "100/6084/4"));
    cr_assert(eq(str, (char *)tc_str(r, "0.last_registration"), "2009-07-31"));
    cr_assert(eq(str, (char *)tc_str(r, "0.last_certification"), "2011-07-31"));
    cr_assert(eq(str, (char *)tc_str(r, "2.last_certification"), "2012-07-31"));
    json_doc_free(d);

    d = tc_call1("catalogue.qualification", "{\"code\":\"CG:3412-05\"}");
    r = tc_result(d);
    cr_assert(eq(str, (char *)tc_str(r, "title"), "Level 4 Diploma in Contact Centre Operations"));
    cr_assert(eq(str, (char *)tc_str(r, "accreditation.number"), "600/1288/2"));
    cr_assert(eq(str, (char *)tc_str(r, "age_group"), "18+"));
    cr_assert(eq(str, (char *)tc_str(r, "rules"), "unknown"));
    cr_assert(eq(sz, len_at(r, "units"), 12));
    json_doc_free(d);
}

Test(catalogue, ocr_rules_of_combination)
{
    struct {
        const char *code;
        int total, mandatory, optional, units;
    } q[] = {{"05943", 7, 2, 5, 19}, {"05944", 8, 2, 6, 20}, {"05945", 9, 2, 7, 16}};
    for (int i = 0; i < 3; i++) {
        char params[64];
        snprintf(params, sizeof params, "{\"body\":\"OCR\",\"code\":\"%s\"}", q[i].code);
        json_doc *d = tc_call1("catalogue.qualification", params);
        const json_value *r = tc_result(d);
        cr_assert(eq(i64, tc_int(r, "rules.total_units"), q[i].total));
        cr_assert(eq(i64, tc_int(r, "rules.mandatory_units"), q[i].mandatory));
        cr_assert(eq(i64, tc_int(r, "rules.optional_units"), q[i].optional));
        cr_assert(eq(i64, tc_int(r, "rules.themes_min_each"), 1));
        cr_assert(eq(sz, len_at(r, "units"), (size_t)q[i].units), "%s", q[i].code);
        cr_assert(eq(sz, len_at(r, "themes"), 4));
        json_doc_free(d);
    }
}

Test(catalogue, every_ocr_handbook_unit_has_its_elements_word_for_word)
{
    static const struct {
        const char *n;
        size_t elements;
    } expect[] = {{"1", 2},  {"5", 2},  {"6", 2},         {"7", 2},  {"8", 2},  {"9", 3},
                  {"10", 3}, {"11", 3}, {"12", 2},        {"13", 2}, {"14", 3}, {"15", 3},
                  {"16", 2}, {"17", 3}, {"18", 2},        {"19", 3}, {"20", 2}, {"21", 3},
                  {"22", 2}, {"24", 2}, {"25", 3},        {"26", 3}, {"27", 2}, {"28", 3},
                  {"29", 2}, {"30", 2}, {"31", 3},        {"32", 3}, {"33", 2}, {"34", 2},
                  {"35", 2}, {"36", 3}, {"37", 3},        {"38", 3}, {"39", 3}, {"40", 3},
                  {"41", 3}, {"42", 3}, {"43", 3},        {"44", 3}, {"45", 2}, {"46", 3},
                  {"47", 2}, {"48", 2}, {"L/103/6283", 2}};
    char *doc = seed("003_fb839c99cc443610.txt");
    for (size_t i = 0; i < sizeof expect / sizeof *expect; i++) {
        json_doc *d = unit("OCR", expect[i].n);
        const json_value *u = tc_result(d);
        cr_assert(eq(sz, len_at(u, "elements"), expect[i].elements), "unit %s", expect[i].n);
        cr_assert(
            eq(int, tc_path(u, "simulation.allowed")->u.boolean,
               !strcmp(expect[i].n, "1") || !strcmp(expect[i].n, "5") || !strcmp(expect[i].n, "6")),
            "simulation of unit %s", expect[i].n);
        texts_of(u, doc, expect[i].n);
        json_doc_free(d);
    }
    free(doc);
}

Test(catalogue, ocr_single_units)
{
    char *doc = seed("000_989cf4847903b7bd.txt");
    json_doc *d = unit("OCR", "AG26");
    const json_value *u = tc_result(d);
    cr_assert(eq(str, (char *)tc_str(u, "title"), "Negotiate and maintain service agreements"));
    cr_assert(eq(str, (char *)tc_str(u, "number"), "23"));
    cr_assert(eq(i64, tc_int(u, "level"), 4));
    cr_assert(eq(i64, tc_int(u, "credit"), 3));
    cr_assert(eq(i64, tc_int(u, "glh"), 20));
    cr_assert(eq(sz, len_at(u, "outcomes"), 3));
    cr_assert(eq(sz, criteria_count(u), 10));
    cr_assert(eq(str, (char *)tc_str(u, "outcomes.1.criteria.3.ref"), "23:2.4"));
    texts_of(u, doc, "AG26");
    json_doc_free(d);
    free(doc);

    doc = seed("004_c11e2a3cd454358c.txt");
    d = unit("OCR", "F04");
    u = tc_result(d);
    cr_assert(eq(i64, tc_int(u, "level"), 3));
    cr_assert(eq(i64, tc_int(u, "credit"), 6));
    cr_assert(eq(i64, tc_int(u, "glh"), 40));
    cr_assert(eq(sz, criteria_count(u), 17));
    cr_assert(eq(str, (char *)tc_str(u, "outcomes.2.criteria.6.text"),
                 "explain relevant legislation and external regulation relating to disability "
                 "discrimination and equal opportunities"));
    cr_assert(has(tc_str(u, "aim"), "to and understand the all rules"), "garbled aim kept");
    texts_of(u, doc, "F04");
    json_doc_free(d);
    free(doc);
}

Test(catalogue, the_two_units_23)
{
    json_doc *d = tc_call1("catalogue.unit", "{\"body\":\"OCR\",\"number\":\"23\"}");
    cr_assert(eq(i64, tc_error_code(d), -32602));
    cr_assert(eq(str, (char *)tc_error_reason(d), "ambiguous"));
    cr_assert(eq(str, (char *)tc_str(json_doc_root(d), "error.data.field"), "number"));
    cr_assert(eq(sz, len_at(json_doc_root(d), "error.data.candidates"), 2));
    json_doc_free(d);
    d = tc_call1("catalogue.unit", "{\"qualification\":\"OCR:05943\",\"number\":\"23\"}");
    cr_assert(eq(str, (char *)tc_rstr(d, "title"),
                 "Recognise diversity when delivering customer service"));
    json_doc_free(d);
}

Test(catalogue, shared_units_are_stored_once_and_linked_to_each_level)
{
    json_doc *d = unit("OCR", "L/103/6283");
    const json_value *q = tc_path(tc_result(d), "qualifications");
    cr_assert(eq(sz, q->len, 2));
    cr_assert(eq(str, (char *)tc_str(q, "0.qualification"), "OCR:05943"));
    cr_assert(eq(str, (char *)tc_str(q, "1.qualification"), "OCR:05944"));
    json_doc_free(d);
    d = unit("OCR", "R/103/6284"); /* unit 7: mandatory at L3 and L4 */
    q = tc_path(tc_result(d), "qualifications");
    cr_assert(eq(sz, q->len, 2));
    cr_assert(eq(str, (char *)tc_str(q, "0.kind"), "mandatory"));
    cr_assert(eq(str, (char *)tc_str(q, "1.kind"), "mandatory"));
    json_doc_free(d);
}

Test(catalogue, every_cg_unit_with_its_ranges_word_for_word)
{
    static const struct {
        const char *n;
        size_t outcomes, criteria, ers, items;
        int level;
    } expect[] = {{"411", 3, 21, 8, 13, 4}, {"412", 4, 25, 6, 7, 4}, {"413", 4, 22, 7, 12, 4},
                  {"414", 4, 24, 7, 0, 4},  {"415", 4, 22, 5, 7, 4}, {"416", 3, 7, 0, 0, 4},
                  {"417", 5, 7, 0, 0, 4},   {"418", 3, 10, 0, 0, 4}, {"509", 3, 7, 0, 0, 5},
                  {"510", 5, 6, 0, 0, 5},   {"511", 5, 15, 0, 0, 5}, {"512", 3, 6, 0, 0, 5}};
    char *doc = seed("001_d0da2d14e6e4dd64.txt");
    for (size_t i = 0; i < sizeof expect / sizeof *expect; i++) {
        json_doc *d = unit("CG", expect[i].n);
        const json_value *u = tc_result(d);
        cr_assert(eq(sz, len_at(u, "outcomes"), expect[i].outcomes), "%s", expect[i].n);
        cr_assert(eq(sz, criteria_count(u), expect[i].criteria), "%s", expect[i].n);
        cr_assert(eq(sz, len_at(u, "evidence_requirements"), expect[i].ers), "%s", expect[i].n);
        cr_assert(eq(sz, item_count(u), expect[i].items), "%s", expect[i].n);
        cr_assert(eq(i64, tc_int(u, "level"), expect[i].level), "%s", expect[i].n);
        texts_of(u, doc, expect[i].n);
        json_doc_free(d);
    }
    free(doc);
    /* the ranges' rules and references */
    json_doc *d = unit("CG", "411");
    const json_value *u = tc_result(d);
    cr_assert(eq(i64, tc_int(u, "evidence_requirements.5.rule.min"), 2)); /* two of these groups */
    cr_assert(eq(str, (char *)tc_str(u, "evidence_requirements.5.items.1.ref"), "411:ER6:b"));
    cr_assert(tc_path(u, "evidence_requirements.3.rule.all")->u.boolean);
    cr_assert(eq(str, (char *)tc_str(u, "simulation.scope"), "performance"));
    json_doc_free(d);
    d = unit("CG", "414");
    cr_assert(eq(str, (char *)tc_str(tc_result(d), "simulation.scope"), "any"));
    json_doc_free(d);
    d = unit("CG", "415");
    cr_assert(eq(i64, tc_int(tc_result(d), "evidence_requirements.3.rule.min"), 1));
    cr_assert(eq(str, (char *)tc_str(tc_result(d), "glh"), "unknown")); /* 47 or 73? */
    json_doc_free(d);
}

Test(catalogue, search_finds_criteria_and_elements)
{
    json_doc *d = tc_call1("catalogue.search", "{\"text\":\"referred complaints\"}");
    const json_value *r = tc_result(d);
    cr_assert(gt(sz, r->len, 0));
    bool cg = false, ocr = false;
    for (size_t i = 0; i < r->len; i++) {
        cg |= !strcmp(tc_str(r->u.items[i], "body"), "CG");
        ocr |= !strcmp(tc_str(r->u.items[i], "body"), "OCR");
    }
    cr_assert(cg && ocr, "unit 412 (CG) and unit 35 (OCR) both match");
    json_doc_free(d);
    d = tc_call1("catalogue.search", "{\"text\":\"TWO DIFFERENT COMMUNICATION media\"}");
    r = tc_result(d);
    cr_assert(eq(sz, r->len, 1));
    cr_assert(eq(str, (char *)tc_str(r, "0.unit"), "411"));
    cr_assert(eq(str, (char *)tc_str(r, "0.kind"), "evidence_requirement"));
    json_doc_free(d);
    d = tc_call1("catalogue.search", "{\"text\":\"xyzzy\"}");
    cr_assert(eq(sz, tc_result(d)->len, 0));
    json_doc_free(d);
}

Test(catalogue, bad_references_are_named)
{
    json_doc *d = tc_call1("catalogue.unit", "{\"body\":\"XYZ\",\"number\":\"1\"}");
    cr_assert(eq(i64, tc_error_code(d), 1001));
    cr_assert(has(tc_error_message(d), "XYZ"));
    json_doc_free(d);
    d = tc_call1("catalogue.unit", "{\"body\":\"OCR\",\"number\":\"99\"}");
    cr_assert(eq(i64, tc_error_code(d), 1001));
    json_doc_free(d);
    d = tc_call1("catalogue.qualification", "{\"code\":\"OCR:99999\"}");
    cr_assert(eq(i64, tc_error_code(d), 1001));
    cr_assert(has(tc_error_message(d), "99999"));
    json_doc_free(d);
}
