/* case — CASE 1.1 packages to and from the catalogue format, and Lua data-file text. See case.h
 * and docs/case.md. */
#include "case.h"

#include <errno.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dates.h"
#include "sha256.h"

/* ---- What the catalogue's objects become ---- */

enum { K_UNIT, K_ELEMENT, K_OUTCOME, K_CRITERION, K_ER, K_ITEM, K_COUNT };

typedef struct child_list {
    const char *key; /* the member holding the list */
    int kind;        /* what its objects are */
} child_list;

static const child_list unit_lists[] = {
    {"elements", K_ELEMENT}, {"outcomes", K_OUTCOME}, {"evidence_requirements", K_ER}, {NULL, 0}};
static const child_list outcome_lists[] = {{"criteria", K_CRITERION}, {NULL, 0}};
static const child_list er_lists[] = {{"items", K_ITEM}, {NULL, 0}};
static const child_list no_lists[] = {{NULL, 0}};

/* The order case_import writes members in (docs/catalogue.md's order); members it does not
 * know follow in the order the extension has them. */
static const char *const qual_keys[] = {"code",
                                        "title",
                                        "level",
                                        "accreditation",
                                        "age_group",
                                        "last_registration",
                                        "last_certification",
                                        "units",
                                        "rules",
                                        "source",
                                        "notes",
                                        NULL};
static const char *const unit_keys[] = {
    "id",         "number", "title",    "reference", "level",
    "credit",     "glh",    "aim",      "nos",       "support",
    "simulation", "rwe",    "elements", "outcomes",  "evidence_requirements",
    "assessment", "source", "notes",    NULL};
static const char *const element_keys[] = {"number", "title", "level", "notes", NULL};
static const char *const outcome_keys[] = {"number", "title", "criteria", "knowledge",
                                           "level",  "notes", NULL};
static const char *const criterion_keys[] = {"number", "text", "level", "notes", NULL};
static const char *const er_keys[] = {"number", "text", "items", "rule", "level", "notes", NULL};
static const char *const item_keys[] = {"letter", "text", "level", "notes", NULL};

typedef struct kind_info {
    const char *type;     /* CFItemType */
    const char *word;     /* its word in identifier paths */
    const char *num_key;  /* the member that is listEnumeration */
    const char *text_key; /* the member that is fullStatement */
    const char *code_sep; /* humanCodingScheme: unit's (or requirement's) code, this, number */
    const child_list *lists;
    const char *const *keys;
} kind_info;

static const kind_info kinds[K_COUNT] = {
    [K_UNIT] = {"Unit", "unit", "number", "title", "", unit_lists, unit_keys},
    [K_ELEMENT] = {"Element", "element", "number", "title", ":", no_lists, element_keys},
    [K_OUTCOME] = {"Learning Outcome", "outcome", "number", "title", ":", outcome_lists,
                   outcome_keys},
    [K_CRITERION] = {"Assessment Criterion", "criterion", "number", "text", ":", no_lists,
                     criterion_keys},
    [K_ER] = {"Evidence Requirement", "requirement", "number", "text", ":ER", er_lists, er_keys},
    [K_ITEM] = {"Evidence Item", "item", "letter", "text", ":", no_lists, item_keys},
};

#define UNKNOWN "unknown"

/* ---- Small helpers ---- */

static void *xcalloc(size_t n, size_t size)
{
    void *p = calloc(n ? n : 1, size);
    if (!p) {
        fputs("assessd: out of memory\n", stderr);
        abort();
    }
    return p;
}

static bool key_is(const json_member *m, const char *k)
{
    size_t n = strlen(k);
    return m->key_len == n && memcmp(m->key, k, n) == 0;
}

static const json_value *get_str(const json_value *obj, const char *key)
{
    const json_value *v = json_get(obj, key);
    return v && v->type == JSON_STRING ? v : NULL;
}

static const json_value *get_obj(const json_value *obj, const char *key)
{
    const json_value *v = json_get(obj, key);
    return v && v->type == JSON_OBJECT ? v : NULL;
}

static bool str_eq(const json_value *a, const json_value *b)
{
    return a && b && a->len == b->len && memcmp(a->u.str, b->u.str, a->len) == 0;
}

static bool str_is(const json_value *s, const char *c)
{
    return s && s->len == strlen(c) && memcmp(s->u.str, c, s->len) == 0;
}

static void put_str(jw *w, const json_value *s)
{
    jw_strn(w, s->u.str, s->len);
}

static bool is_int(const json_value *v)
{
    return v && v->type == JSON_NUMBER && v->u.num.is_int;
}

static bool is_date(const json_value *s)
{
    int64_t day;
    return s && s->type == JSON_STRING && s->len == 10 && date_parse(s->u.str, &day);
}

/* A list that becomes child items: an array of one or more objects. */
static bool item_list(const json_value *v)
{
    if (!v || v->type != JSON_ARRAY || v->len == 0)
        return false;
    for (size_t i = 0; i < v->len; i++)
        if (v->u.items[i]->type != JSON_OBJECT)
            return false;
    return true;
}

/* Notes that read back exactly from CASE's one text, one note a line. */
static bool notes_as_lines(const json_value *v)
{
    if (!v || v->type != JSON_ARRAY || v->len == 0)
        return false;
    for (size_t i = 0; i < v->len; i++) {
        const json_value *s = v->u.items[i];
        if (s->type != JSON_STRING || s->len == 0 || memchr(s->u.str, '\n', s->len) ||
            memchr(s->u.str, '\r', s->len))
            return false;
    }
    return true;
}

/* The members of an object that went to CASE fields; the others go to extensions. */
typedef struct keyset {
    const char *k[16];
    size_t n;
} keyset;

static void ks_add(keyset *s, const char *k)
{
    if (s->n < sizeof s->k / sizeof s->k[0])
        s->k[s->n++] = k;
}

static bool ks_has(const keyset *s, const json_member *m)
{
    for (size_t i = 0; i < s->n; i++)
        if (key_is(m, s->k[i]))
            return true;
    return false;
}

static size_t rest_count(const json_value *obj, const keyset *used)
{
    size_t n = 0;
    if (obj && obj->type == JSON_OBJECT)
        for (size_t i = 0; i < obj->len; i++)
            n += !ks_has(used, &obj->u.members[i]);
    return n;
}

static void rest_write(jw *w, const json_value *obj, const keyset *used)
{
    jw_obj_begin(w);
    for (size_t i = 0; i < obj->len; i++) {
        const json_member *m = &obj->u.members[i];
        if (ks_has(used, m))
            continue;
        jw_keyn(w, m->key, m->key_len);
        jw_value(w, m->value);
    }
    jw_obj_end(w);
}

/* ---- Export ---- */

typedef struct node {
    char id[37];
    sbuf uri;
    sbuf path; /* length-prefixed parts: what the identifier is made from */
    sbuf code; /* humanCodingScheme */
    const json_value *title;
} node;

typedef struct exporter {
    const json_value *body_code;
    const json_value *qual_code;
    const json_value *units; /* the catalogue's units, or NULL */
    sbuf urn_body;
    const char *now;
    jw *out;
    jw assoc;
    sbuf assoc_buf;
    node doc;
} exporter;

static void part(sbuf *b, const char *s, size_t n)
{
    sbuf_printf(b, "%zu:", n);
    sbuf_add(b, s, n);
}

static void part_num(sbuf *b, size_t v)
{
    char num[24];
    int n = snprintf(num, sizeof num, "%zu", v);
    part(b, num, (size_t)n);
}

static void make_id(const exporter *x, const sbuf *path, char out[37])
{
    sbuf b;
    sbuf_init(&b);
    sbuf_adds(&b, "assessd-case-v1");
    part(&b, x->body_code->u.str, x->body_code->len);
    part(&b, x->qual_code->u.str, x->qual_code->len);
    sbuf_add(&b, path->data, path->len);
    uint8_t d[32];
    sha256_ctx c;
    sha256_init(&c);
    sha256_update(&c, b.data, b.len);
    sha256_final(&c, d);
    sbuf_free(&b);
    d[6] = (uint8_t)((d[6] & 0x0f) | 0x50); /* version 5: name-based */
    d[8] = (uint8_t)((d[8] & 0x3f) | 0x80); /* RFC 4122 variant */
    static const char hex[] = "0123456789abcdef";
    size_t o = 0;
    for (int i = 0; i < 16; i++) {
        if (i == 4 || i == 6 || i == 8 || i == 10)
            out[o++] = '-';
        out[o++] = hex[d[i] >> 4];
        out[o++] = hex[d[i] & 15];
    }
    out[o] = '\0';
}

static void node_init(exporter *x, node *n, const node *parent, const char *word,
                      const json_value *key, size_t index, size_t dup, const char *collection)
{
    sbuf_init(&n->uri);
    sbuf_init(&n->path);
    sbuf_init(&n->code);
    n->title = NULL;
    if (parent)
        sbuf_add(&n->path, parent->path.data, parent->path.len);
    part(&n->path, word, strlen(word));
    if (key) {
        part(&n->path, "n", 1);
        part(&n->path, key->u.str, key->len);
    } else {
        part(&n->path, "i", 1);
        part_num(&n->path, index);
    }
    if (dup) {
        part(&n->path, "d", 1);
        part_num(&n->path, dup);
    }
    make_id(x, &n->path, n->id);
    sbuf_printf(&n->uri, "urn:assessd:%s:%s:%s", sbuf_cstr(&x->urn_body), collection, n->id);
}

static void node_free(node *n)
{
    sbuf_free(&n->uri);
    sbuf_free(&n->path);
    sbuf_free(&n->code);
}

static void write_link(jw *w, const char *key, const node *n)
{
    jw_key(w, key);
    jw_obj_begin(w);
    jw_key(w, "title");
    if (n->title)
        put_str(w, n->title);
    else
        jw_str(w, "");
    jw_kstr(w, "identifier", n->id);
    jw_key(w, "uri");
    jw_strn(w, n->uri.data, n->uri.len);
    jw_obj_end(w);
}

static void write_notes(jw *w, const json_value *notes)
{
    sbuf b;
    sbuf_init(&b);
    for (size_t i = 0; i < notes->len; i++) {
        if (i)
            sbuf_addc(&b, '\n');
        sbuf_add(&b, notes->u.items[i]->u.str, notes->u.items[i]->len);
    }
    jw_key(w, "notes");
    jw_strn(w, sbuf_cstr(&b), b.len);
    sbuf_free(&b);
}

/* How many earlier objects of arr have the same key: a number printed twice among siblings. */
static size_t dup_before(const json_value *arr, size_t i, const char *key)
{
    const json_value *k = get_str(arr->u.items[i], key);
    size_t d = 0;
    if (k)
        for (size_t j = 0; j < i; j++)
            d += str_eq(k, get_str(arr->u.items[j], key));
    return d;
}

static void write_assoc(exporter *x, const node *child, const node *parent, size_t seq)
{
    node a;
    sbuf_init(&a.uri);
    sbuf_init(&a.path);
    part(&a.path, "isChildOf", 9);
    sbuf_add(&a.path, child->path.data, child->path.len);
    make_id(x, &a.path, a.id);
    sbuf_printf(&a.uri, "urn:assessd:%s:CFAssociations:%s", sbuf_cstr(&x->urn_body), a.id);
    jw *w = &x->assoc;
    jw_obj_begin(w);
    jw_kstr(w, "identifier", a.id);
    jw_key(w, "uri");
    jw_strn(w, a.uri.data, a.uri.len);
    jw_kstr(w, "associationType", "isChildOf");
    jw_kint(w, "sequenceNumber", (int64_t)seq);
    write_link(w, "originNodeURI", child);
    write_link(w, "destinationNodeURI", parent);
    write_link(w, "CFDocumentURI", &x->doc);
    jw_kstr(w, "lastChangeDateTime", x->now);
    jw_obj_end(w);
    sbuf_free(&a.uri);
    sbuf_free(&a.path);
}

static const json_value *find_unit(const json_value *units, const json_value *id)
{
    if (!units || units->type != JSON_ARRAY)
        return NULL;
    for (size_t i = 0; i < units->len; i++) {
        const json_value *u = units->u.items[i];
        if (u->type == JSON_OBJECT && str_eq(get_str(u, "id"), id))
            return u;
    }
    return NULL;
}

/* Writes obj as a CFItem, its isChildOf association and then its children. arr and index say
 * where it sits (for a unit: the qualification's units list and its entry there). */
static void export_item(exporter *x, const json_value *obj, int kind, const json_value *arr,
                        size_t index, const node *parent, const node *unit, size_t seq)
{
    const kind_info *k = &kinds[kind];
    const json_value *entry = kind == K_UNIT ? arr->u.items[index] : NULL;
    const char *path_key = kind == K_UNIT ? "unit" : k->num_key;
    node n;
    node_init(x, &n, kind == K_UNIT ? NULL : parent, k->word,
              get_str(arr->u.items[index], path_key), index, dup_before(arr, index, path_key),
              "CFItems");

    const json_value *num = get_str(obj, k->num_key);
    const json_value *text = get_str(obj, k->text_key);
    if (kind == K_UNIT) {
        const json_value *c = num ? num : get_str(obj, "id");
        if (c)
            sbuf_add(&n.code, c->u.str, c->len);
        else
            sbuf_printf(&n.code, "#%zu", index + 1);
    } else {
        const sbuf *base = kind == K_ITEM ? &parent->code : &unit->code;
        sbuf_add(&n.code, base->data, base->len);
        sbuf_adds(&n.code, k->code_sep);
        if (num)
            sbuf_add(&n.code, num->u.str, num->len);
        else
            sbuf_printf(&n.code, "#%zu", index + 1);
    }
    n.title = text;

    keyset used = {.n = 0};
    const json_value *level = json_get(obj, "level");
    const json_value *notes = json_get(obj, "notes");
    if (num)
        ks_add(&used, k->num_key);
    if (text)
        ks_add(&used, k->text_key);
    if (is_int(level))
        ks_add(&used, "level");
    if (notes_as_lines(notes))
        ks_add(&used, "notes");
    for (const child_list *l = k->lists; l->key; l++)
        if (item_list(json_get(obj, l->key)))
            ks_add(&used, l->key);
    keyset entry_used = {.n = 0};
    ks_add(&entry_used, "unit");

    jw *w = x->out;
    jw_obj_begin(w);
    jw_kstr(w, "identifier", n.id);
    jw_key(w, "uri");
    jw_strn(w, n.uri.data, n.uri.len);
    jw_kstr(w, "CFItemType", k->type);
    jw_key(w, "fullStatement");
    if (text)
        put_str(w, text);
    else
        jw_str(w, "");
    jw_key(w, "humanCodingScheme");
    jw_strn(w, sbuf_cstr(&n.code), n.code.len);
    if (num) {
        jw_key(w, "listEnumeration");
        put_str(w, num);
    }
    if (is_int(level)) {
        char lv[24];
        snprintf(lv, sizeof lv, "%lld", (long long)level->u.num.i);
        jw_key(w, "educationLevel");
        jw_arr_begin(w);
        jw_str(w, lv);
        jw_arr_end(w);
    }
    if (notes_as_lines(notes))
        write_notes(w, notes);
    jw_kstr(w, "lastChangeDateTime", x->now);
    write_link(w, "CFDocumentURI", &x->doc);
    size_t rest = rest_count(obj, &used), entry_rest = rest_count(entry, &entry_used);
    if (rest || entry_rest) {
        jw_key(w, "extensions");
        jw_obj_begin(w);
        if (rest) {
            jw_key(w, "assessd");
            rest_write(w, obj, &used);
        }
        if (entry_rest) {
            jw_key(w, "assessdEntry");
            rest_write(w, entry, &entry_used);
        }
        jw_obj_end(w);
    }
    jw_obj_end(w);
    write_assoc(x, &n, parent, seq);

    size_t child_seq = 0;
    for (const child_list *l = k->lists; l->key; l++) {
        const json_value *list = json_get(obj, l->key);
        if (!item_list(list))
            continue;
        for (size_t i = 0; i < list->len; i++)
            export_item(x, list->u.items[i], l->kind, list, i, &n, kind == K_UNIT ? &n : unit,
                        ++child_seq);
    }
    node_free(&n);
}

static void urn_encode(sbuf *out, const json_value *s)
{
    for (size_t i = 0; i < s->len; i++) {
        unsigned char c = (unsigned char)s->u.str[i];
        if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
            c == '-' || c == '.' || c == '_' || c == '~')
            sbuf_addc(out, (char)c);
        else
            sbuf_printf(out, "%%%02X", c);
    }
}

int case_export(const json_value *catalogue, const char *qual_code, const char *now_iso, jw *out,
                sbuf *err)
{
    if (!catalogue || catalogue->type != JSON_OBJECT) {
        sbuf_adds(err, "the catalogue is not an object");
        return -1;
    }
    const json_value *body = get_obj(catalogue, "body");
    const json_value *body_code = get_str(body, "code");
    if (!body_code || body_code->len == 0) {
        sbuf_adds(err, "the catalogue has no body.code");
        return -1;
    }
    const json_value *quals = json_get(catalogue, "qualifications");
    const json_value *qual = NULL;
    if (quals && quals->type == JSON_ARRAY)
        for (size_t i = 0; i < quals->len && !qual; i++) {
            const json_value *q = quals->u.items[i];
            if (q->type == JSON_OBJECT && str_is(get_str(q, "code"), qual_code ? qual_code : ""))
                qual = q;
        }
    if (!qual) {
        sbuf_printf(err, "no qualification '%s' in the catalogue of %s", qual_code ? qual_code : "",
                    body_code->u.str);
        return -1;
    }
    const json_value *units = json_get(catalogue, "units");
    const json_value *entries = json_get(qual, "units");
    if (item_list(entries))
        for (size_t i = 0; i < entries->len; i++) {
            const json_value *id = get_str(entries->u.items[i], "unit");
            if (!id) {
                sbuf_printf(err, "qualification %s: units[%zu] names no unit", qual_code, i + 1);
                return -1;
            }
            if (!find_unit(units, id)) {
                sbuf_printf(err, "qualification %s: unit '%s' is not in the catalogue of %s",
                            qual_code, id->u.str, body_code->u.str);
                return -1;
            }
        }

    exporter x = {
        .body_code = body_code, .qual_code = get_str(qual, "code"), .units = units, .out = out};
    char now[21];
    if (!now_iso) {
        time_now_iso(now);
        now_iso = now;
    }
    x.now = now_iso;
    sbuf_init(&x.urn_body);
    urn_encode(&x.urn_body, body_code);
    sbuf_init(&x.assoc_buf);
    jw_init(&x.assoc, &x.assoc_buf);
    jw_arr_begin(&x.assoc);
    node_init(&x, &x.doc, NULL, "document", NULL, 0, 0, "CFDocuments");
    const json_value *title = get_str(qual, "title");
    const json_value *last_cert = json_get(qual, "last_certification");
    const json_value *notes = json_get(qual, "notes");
    x.doc.title = title;

    keyset used = {.n = 0};
    if (title)
        ks_add(&used, "title");
    if (is_date(last_cert))
        ks_add(&used, "last_certification");
    if (notes_as_lines(notes))
        ks_add(&used, "notes");
    if (item_list(entries))
        ks_add(&used, "units");

    jw_obj_begin(out);
    jw_key(out, "CFDocument");
    jw_obj_begin(out);
    jw_kstr(out, "identifier", x.doc.id);
    jw_key(out, "uri");
    jw_strn(out, x.doc.uri.data, x.doc.uri.len);
    jw_key(out, "creator");
    const json_value *body_name = get_str(body, "name");
    put_str(out, body_name ? body_name : body_code);
    jw_key(out, "title");
    if (title)
        put_str(out, title);
    else
        jw_str(out, "");
    jw_kstr(out, "lastChangeDateTime", x.now);
    if (is_date(last_cert)) {
        jw_key(out, "statusEndDate");
        put_str(out, last_cert);
    }
    if (notes_as_lines(notes))
        write_notes(out, notes);
    jw_key(out, "extensions");
    jw_obj_begin(out);
    jw_key(out, "assessd");
    rest_write(out, qual, &used);
    jw_key(out, "assessdBody");
    jw_obj_begin(out);
    jw_key(out, "code");
    put_str(out, body_code);
    jw_obj_end(out);
    jw_obj_end(out);
    jw_obj_end(out);

    jw_key(out, "CFItems");
    jw_arr_begin(out);
    if (item_list(entries))
        for (size_t i = 0; i < entries->len; i++)
            export_item(&x, find_unit(units, get_str(entries->u.items[i], "unit")), K_UNIT, entries,
                        i, &x.doc, NULL, i + 1);
    jw_arr_end(out);
    jw_arr_end(&x.assoc);
    jw_key(out, "CFAssociations");
    jw_raw(out, x.assoc_buf.data, x.assoc_buf.len);
    jw_obj_end(out);

    node_free(&x.doc);
    sbuf_free(&x.assoc_buf);
    sbuf_free(&x.urn_body);
    return 0;
}

/* ---- Import ---- */

typedef struct imp_item {
    const json_value *v;
    const char *key; /* identifier, else uri; NULL: cannot be linked */
    int type;        /* K_* named by CFItemType, or -1 */
    bool on_path;    /* being visited: a cycle guard */
    bool written;
} imp_item;

typedef struct edge {
    const char *parent;
    size_t child; /* index into items */
    int64_t seq;
    bool has_seq;
    size_t pos;
} edge;

typedef struct importer {
    const json_value *doc;
    const char *doc_key;
    bool ours;
    imp_item *items;
    size_t n_items;
    edge *edges;
    size_t n_edges;
} importer;

#define MAX_DEPTH 32

static int cmp_key(const char *a, const char *b)
{
    if (!a || !b)
        return (a == NULL) - (b == NULL);
    return strcmp(a, b);
}

static int cmp_items(const void *pa, const void *pb)
{
    const imp_item *a = pa, *b = pb;
    return cmp_key(a->key, b->key);
}

static int cmp_edges(const void *pa, const void *pb)
{
    const edge *a = pa, *b = pb;
    int c = cmp_key(a->parent, b->parent);
    if (c)
        return c;
    if (a->has_seq != b->has_seq)
        return a->has_seq ? -1 : 1;
    if (a->has_seq && a->seq != b->seq)
        return a->seq < b->seq ? -1 : 1;
    return a->pos < b->pos ? -1 : a->pos > b->pos;
}

/* Lower-case letters and digits only: "Learning Outcome", "learning_outcome" and
 * "LearningOutcome" compare equal. */
static bool type_is(const json_value *t, const char *want)
{
    size_t j = 0;
    for (size_t i = 0; i < t->len; i++) {
        char c = t->u.str[i];
        if (c >= 'A' && c <= 'Z')
            c = (char)(c - 'A' + 'a');
        if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')))
            continue;
        if (want[j] != c)
            return false;
        j++;
    }
    return want[j] == '\0';
}

static int item_type(const json_value *item)
{
    static const struct {
        const char *name;
        int kind;
    } names[] = {
        {"unit", K_UNIT},
        {"element", K_ELEMENT},
        {"learningoutcome", K_OUTCOME},
        {"outcome", K_OUTCOME},
        {"assessmentcriterion", K_CRITERION},
        {"assessmentcriteria", K_CRITERION},
        {"criterion", K_CRITERION},
        {"evidencerequirement", K_ER},
        {"evidenceitem", K_ITEM},
    };
    const json_value *t = get_str(item, "CFItemType");
    if (t)
        for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
            if (type_is(t, names[i].name))
                return names[i].kind;
    return -1;
}

static imp_item *find_item(const importer *m, const char *key)
{
    if (!key)
        return NULL;
    imp_item probe = {.key = key};
    return bsearch(&probe, m->items, m->n_items, sizeof *m->items, cmp_items);
}

/* The key a LinkURI points at: its identifier, else the key of the item (or document) whose
 * uri it gives. */
static const char *link_key(const importer *m, const json_value *link)
{
    const json_value *id = get_str(link, "identifier");
    if (id)
        return id->u.str;
    const json_value *uri = get_str(link, "uri");
    if (!uri)
        return NULL;
    if (str_eq(uri, get_str(m->doc, "uri")))
        return m->doc_key;
    for (size_t i = 0; i < m->n_items; i++)
        if (str_eq(uri, get_str(m->items[i].v, "uri")))
            return m->items[i].key;
    return NULL;
}

/* The isChildOf edges under parent: [*lo, *hi). */
static void children(const importer *m, const char *parent, size_t *lo, size_t *hi)
{
    size_t a = 0, b = m->n_edges;
    while (a < b) {
        size_t mid = a + (b - a) / 2;
        if (cmp_key(m->edges[mid].parent, parent) < 0)
            a = mid + 1;
        else
            b = mid;
    }
    *lo = a;
    while (a < m->n_edges && cmp_key(m->edges[a].parent, parent) == 0)
        a++;
    *hi = a;
}

static bool has_children(const importer *m, const imp_item *it)
{
    size_t lo, hi;
    if (!it->key)
        return false;
    children(m, it->key, &lo, &hi);
    return lo < hi;
}

static const json_value *ext_of(const json_value *v, const char *name)
{
    return get_obj(get_obj(v, "extensions"), name);
}

/* How a unit's children read: by CFItemType where it is an element, outcome or requirement;
 * the others are outcomes if any of them has children, elements if none has. */
static int unit_child_kind(const importer *m, const imp_item *unit, const imp_item *c)
{
    if (c->type == K_ELEMENT || c->type == K_OUTCOME || c->type == K_ER)
        return c->type;
    size_t lo, hi;
    children(m, unit->key, &lo, &hi);
    for (size_t e = lo; e < hi; e++) {
        const imp_item *o = &m->items[m->edges[e].child];
        if (o->type != K_ELEMENT && o->type != K_OUTCOME && o->type != K_ER && !o->on_path &&
            has_children(m, o))
            return K_OUTCOME;
    }
    return K_ELEMENT;
}

static void imp_object(importer *m, jw *w, imp_item *it, int kind, int depth);

/* Writes the children of a unit that read as kind; returns how many. With w NULL only counts. */
static size_t unit_children(importer *m, jw *w, imp_item *unit, int kind, int depth)
{
    size_t lo, hi, n = 0;
    children(m, unit->key, &lo, &hi);
    for (size_t e = lo; e < hi; e++) {
        imp_item *c = &m->items[m->edges[e].child];
        if (c->on_path || unit_child_kind(m, unit, c) != kind)
            continue;
        n++;
        if (w)
            imp_object(m, w, c, kind, depth + 1);
    }
    return n;
}

/* Writes every descendant of it, in order, as kind (an outcome's criteria, a requirement's
 * items). */
static void flatten(importer *m, jw *w, imp_item *it, int kind, int depth)
{
    if (depth > MAX_DEPTH)
        return;
    size_t lo, hi;
    children(m, it->key, &lo, &hi);
    bool was = it->on_path;
    it->on_path = true;
    for (size_t e = lo; e < hi; e++) {
        imp_item *c = &m->items[m->edges[e].child];
        if (c->on_path)
            continue;
        imp_object(m, w, c, kind, depth + 1);
        flatten(m, w, c, kind, depth + 1);
    }
    it->on_path = was;
}

static void write_lines(jw *w, const json_value *text)
{
    const char *s = text->u.str, *end = s + text->len;
    while (s < end) {
        const char *nl = memchr(s, '\n', (size_t)(end - s));
        const char *e = nl ? nl : end;
        size_t n = (size_t)(e - s);
        if (n && s[n - 1] == '\r')
            n--;
        if (n)
            jw_strn(w, s, n);
        s = nl ? nl + 1 : end;
    }
}

static bool canon_int(const json_value *s, int64_t *out)
{
    if (!s || s->type != JSON_STRING || s->len == 0 || s->len > 20)
        return false;
    char buf[24], back[24];
    memcpy(buf, s->u.str, s->len);
    buf[s->len] = '\0';
    errno = 0;
    char *end;
    long long v = strtoll(buf, &end, 10);
    if (*end || errno)
        return false;
    snprintf(back, sizeof back, "%lld", v);
    if (strcmp(back, buf) != 0)
        return false;
    *out = v;
    return true;
}

static void unknown_policy(jw *w)
{
    jw_obj_begin(w);
    jw_kstr(w, "allowed", UNKNOWN);
    jw_kstr(w, "text", UNKNOWN);
    jw_obj_end(w);
}

/* One member of an imported item: from its assessd extension, else from the CASE field it was
 * exported to, else (a package from elsewhere) what the format says for a value not given. */
static void imp_member(importer *m, jw *w, imp_item *it, int kind, const json_value *ext,
                       const char *key, int depth)
{
    const kind_info *k = &kinds[kind];
    const json_value *v = it->v, *e = ext ? json_get(ext, key) : NULL;
    if (e) {
        jw_key(w, key);
        jw_value(w, e);
        return;
    }
    if (strcmp(key, k->num_key) == 0) {
        const json_value *le = get_str(v, "listEnumeration"),
                         *hcs = get_str(v, "humanCodingScheme");
        const json_value *s = m->ours ? le : kind == K_ITEM ? (le ? le : hcs) : (hcs ? hcs : le);
        if (s || !m->ours) {
            jw_key(w, key);
            if (s)
                put_str(w, s);
            else
                jw_str(w, UNKNOWN);
        }
        return;
    }
    if (strcmp(key, k->text_key) == 0) {
        const json_value *s = get_str(v, "fullStatement");
        if (!s && !m->ours)
            s = get_str(v, "abbreviatedStatement");
        if (s || !m->ours) {
            jw_key(w, key);
            if (s)
                put_str(w, s);
            else
                jw_str(w, UNKNOWN);
        }
        return;
    }
    if (strcmp(key, "level") == 0) {
        const json_value *el = json_get(v, "educationLevel");
        int64_t lv;
        if (el && el->type == JSON_ARRAY && el->len == 1 && canon_int(el->u.items[0], &lv))
            jw_kint(w, key, lv);
        else if (!m->ours && kind == K_UNIT)
            jw_kstr(w, key, UNKNOWN);
        return;
    }
    if (strcmp(key, "notes") == 0) {
        const json_value *notes = get_str(v, "notes");
        bool note = !m->ours && kind == K_UNIT;
        if (!notes && !note)
            return;
        jw_key(w, key);
        jw_arr_begin(w);
        if (notes)
            write_lines(w, notes);
        if (note)
            jw_str(w, "Imported from a CASE CFItem without assessd extensions: reference, "
                      "credit, guided learning hours and the simulation and realistic working "
                      "environment policies are not in CASE and are \"unknown\", as is the "
                      "level unless educationLevel gives one.");
        jw_arr_end(w);
        return;
    }
    for (const child_list *l = k->lists; l->key; l++) {
        if (strcmp(key, l->key) != 0)
            continue;
        if (kind == K_UNIT) {
            if (unit_children(m, NULL, it, l->kind, depth)) {
                jw_key(w, key);
                jw_arr_begin(w);
                unit_children(m, w, it, l->kind, depth);
                jw_arr_end(w);
            } else if (!m->ours && l->kind == K_ER) {
                jw_kstr(w, key, UNKNOWN);
            }
        } else if (has_children(m, it) || (!m->ours && kind == K_OUTCOME)) {
            jw_key(w, key);
            jw_arr_begin(w);
            flatten(m, w, it, l->kind, depth);
            jw_arr_end(w);
        }
        return;
    }
    if (kind == K_UNIT && strcmp(key, "id") == 0) {
        jw_kstr(w, key, it->key ? it->key : UNKNOWN);
        return;
    }
    if (m->ours)
        return;
    if (kind == K_UNIT) {
        if (!strcmp(key, "reference") || !strcmp(key, "credit") || !strcmp(key, "glh")) {
            jw_kstr(w, key, UNKNOWN);
        } else if (!strcmp(key, "simulation") || !strcmp(key, "rwe")) {
            jw_key(w, key);
            unknown_policy(w);
        } else if (!strcmp(key, "source")) {
            sbuf s;
            sbuf_init(&s);
            sbuf_printf(&s, "CASE CFItem %s", it->key ? it->key : UNKNOWN);
            const json_value *uri = get_str(v, "uri");
            if (uri && it->key && !str_is(uri, it->key))
                sbuf_printf(&s, " (%s)", uri->u.str);
            jw_key(w, key);
            jw_strn(w, s.data, s.len);
            sbuf_free(&s);
        }
    } else if (kind == K_ER && !strcmp(key, "rule") && has_children(m, it)) {
        jw_kstr(w, key, UNKNOWN);
    }
}

static void imp_object(importer *m, jw *w, imp_item *it, int kind, int depth)
{
    const kind_info *k = &kinds[kind];
    const json_value *ext = ext_of(it->v, "assessd");
    bool was = it->on_path;
    it->written = true;
    it->on_path = true;
    jw_obj_begin(w);
    if (depth <= MAX_DEPTH)
        for (const char *const *key = k->keys; *key; key++)
            imp_member(m, w, it, kind, ext, *key, depth);
    if (ext)
        for (size_t i = 0; i < ext->len; i++) {
            const json_member *mb = &ext->u.members[i];
            bool known = false;
            for (const char *const *key = k->keys; *key && !known; key++)
                known = key_is(mb, *key);
            if (known)
                continue;
            jw_keyn(w, mb->key, mb->key_len);
            jw_value(w, mb->value);
        }
    jw_obj_end(w);
    it->on_path = was;
}

static const json_value *unit_id(const imp_item *it)
{
    return get_str(ext_of(it->v, "assessd"), "id");
}

static bool same_unit(const imp_item *a, const imp_item *b)
{
    const json_value *ia = unit_id(a), *ib = unit_id(b);
    if (ia || ib)
        return str_eq(ia, ib);
    return cmp_key(a->key, b->key) == 0;
}

static void write_unit_ref(jw *w, const imp_item *it)
{
    const json_value *id = unit_id(it);
    if (id)
        put_str(w, id);
    else
        jw_str(w, it->key ? it->key : UNKNOWN);
}

static void imp_qual_member(importer *m, jw *w, const json_value *ext, const char *key,
                            size_t skipped)
{
    const json_value *doc = m->doc, *e = ext ? json_get(ext, key) : NULL;
    if (e) {
        jw_key(w, key);
        jw_value(w, e);
        return;
    }
    if (!strcmp(key, "code")) {
        if (!m->ours)
            jw_kstr(w, key, m->doc_key);
    } else if (!strcmp(key, "title")) {
        const json_value *t = get_str(doc, "title");
        if (t || !m->ours) {
            jw_key(w, key);
            if (t)
                put_str(w, t);
            else
                jw_str(w, UNKNOWN);
        }
    } else if (!strcmp(key, "last_certification")) {
        const json_value *d = get_str(doc, "statusEndDate");
        if (is_date(d)) {
            jw_key(w, key);
            put_str(w, d);
        } else if (!m->ours) {
            jw_kstr(w, key, UNKNOWN);
        }
    } else if (!strcmp(key, "units")) {
        size_t lo, hi;
        children(m, m->doc_key, &lo, &hi);
        if (lo == hi && m->ours)
            return;
        jw_key(w, key);
        jw_arr_begin(w);
        for (size_t e2 = lo; e2 < hi; e2++) {
            const imp_item *c = &m->items[m->edges[e2].child];
            const json_value *entry = ext_of(c->v, "assessdEntry");
            jw_obj_begin(w);
            jw_key(w, "unit");
            write_unit_ref(w, c);
            if (entry) {
                for (size_t i = 0; i < entry->len; i++) {
                    if (key_is(&entry->u.members[i], "unit"))
                        continue;
                    jw_keyn(w, entry->u.members[i].key, entry->u.members[i].key_len);
                    jw_value(w, entry->u.members[i].value);
                }
            } else if (!m->ours) {
                jw_kstr(w, "kind", UNKNOWN);
            }
            jw_obj_end(w);
        }
        jw_arr_end(w);
    } else if (!strcmp(key, "notes")) {
        const json_value *notes = get_str(doc, "notes");
        if (!notes && m->ours && !skipped)
            return;
        jw_key(w, key);
        jw_arr_begin(w);
        if (notes)
            write_lines(w, notes);
        if (!m->ours)
            jw_str(w, "Imported from a CASE package without assessd extensions: the level, "
                      "accreditation, last registration date, rules of combination and the kind "
                      "(mandatory or optional) of each unit are not in CASE and are "
                      "\"unknown\".");
        if (skipped) {
            char text[200];
            snprintf(text, sizeof text,
                     "%zu CFItem(s) of the package are not under the CFDocument in a place the "
                     "catalogue form has (isChildOf associations) and were left out.",
                     skipped);
            jw_str(w, text);
        }
        jw_arr_end(w);
    } else if (!m->ours) {
        if (!strcmp(key, "level") || !strcmp(key, "accreditation") ||
            !strcmp(key, "last_registration") || !strcmp(key, "rules")) {
            jw_kstr(w, key, UNKNOWN);
        } else if (!strcmp(key, "source")) {
            sbuf s;
            sbuf_init(&s);
            sbuf_printf(&s, "CASE CFDocument %s", m->doc_key);
            const json_value *uri = get_str(doc, "uri"), *url = get_str(doc, "officialSourceURL");
            if (uri)
                sbuf_printf(&s, " (%s)", uri->u.str);
            if (url)
                sbuf_printf(&s, "; official source %s", url->u.str);
            jw_key(w, key);
            jw_strn(w, s.data, s.len);
            sbuf_free(&s);
        }
    }
}

int case_import(const json_value *package, const char *body_code, jw *out, sbuf *err)
{
    if (!package || package->type != JSON_OBJECT) {
        sbuf_adds(err, "a CASE package is an object with CFDocument, CFItems and CFAssociations");
        return -1;
    }
    importer m = {.doc = get_obj(package, "CFDocument")};
    const json_value *doc_id = get_str(m.doc, "identifier");
    if (!m.doc || !doc_id) {
        sbuf_adds(err, "the package has no CFDocument with an identifier");
        return -1;
    }
    m.doc_key = doc_id->u.str;
    const json_value *items = json_get(package, "CFItems");
    const json_value *assocs = json_get(package, "CFAssociations");
    if ((items && items->type != JSON_ARRAY) || (assocs && assocs->type != JSON_ARRAY)) {
        sbuf_adds(err, "CFItems and CFAssociations must be arrays");
        return -1;
    }
    m.ours = ext_of(m.doc, "assessd") != NULL;
    const json_value *from = get_str(ext_of(m.doc, "assessdBody"), "code");
    if (m.ours && from && !str_is(from, body_code ? body_code : "")) {
        sbuf_printf(err, "the package was exported from the catalogue of %s, not of %s",
                    from->u.str, body_code ? body_code : "");
        return -1;
    }

    size_t n_items = items ? items->len : 0, n_assocs = assocs ? assocs->len : 0;
    m.items = xcalloc(n_items, sizeof *m.items);
    for (size_t i = 0; i < n_items; i++) {
        const json_value *v = items->u.items[i];
        if (v->type != JSON_OBJECT)
            continue;
        const json_value *id = get_str(v, "identifier");
        if (!id)
            id = get_str(v, "uri");
        imp_item *it = &m.items[m.n_items++];
        it->v = v;
        it->key = id ? id->u.str : NULL;
        it->type = item_type(v);
    }
    qsort(m.items, m.n_items, sizeof *m.items, cmp_items);
    m.edges = xcalloc(n_assocs, sizeof *m.edges);
    for (size_t i = 0; i < n_assocs; i++) {
        const json_value *a = assocs->u.items[i];
        if (a->type != JSON_OBJECT || !str_is(get_str(a, "associationType"), "isChildOf"))
            continue;
        imp_item *child = find_item(&m, link_key(&m, get_obj(a, "originNodeURI")));
        const char *parent = link_key(&m, get_obj(a, "destinationNodeURI"));
        if (!child || !parent)
            continue;
        const json_value *seq = json_get(a, "sequenceNumber");
        m.edges[m.n_edges++] = (edge){.parent = parent,
                                      .child = (size_t)(child - m.items),
                                      .seq = is_int(seq) ? seq->u.num.i : 0,
                                      .has_seq = is_int(seq),
                                      .pos = i};
    }
    qsort(m.edges, m.n_edges, sizeof *m.edges, cmp_edges);

    /* Units first, into a buffer: the qualification's notes say what was left out. */
    sbuf ub, scratch;
    sbuf_init(&ub);
    sbuf_init(&scratch);
    jw uw;
    jw_init(&uw, &ub);
    jw_arr_begin(&uw);
    size_t lo, hi;
    children(&m, m.doc_key, &lo, &hi);
    for (size_t e = lo; e < hi; e++) {
        imp_item *c = &m.items[m.edges[e].child];
        bool dup = false;
        for (size_t p = lo; p < e && !dup; p++)
            dup = same_unit(&m.items[m.edges[p].child], c);
        if (dup) { /* listed twice: the catalogue holds the unit once */
            jw sw;
            jw_init(&sw, &scratch);
            imp_object(&m, &sw, c, K_UNIT, 1);
            continue;
        }
        imp_object(&m, &uw, c, K_UNIT, 1);
    }
    jw_arr_end(&uw);
    size_t skipped = 0;
    for (size_t i = 0; i < m.n_items; i++)
        skipped += !m.items[i].written;

    const json_value *ext = ext_of(m.doc, "assessd");
    jw_obj_begin(out);
    jw_key(out, "qualifications");
    jw_arr_begin(out);
    jw_obj_begin(out);
    for (const char *const *key = qual_keys; *key; key++)
        imp_qual_member(&m, out, ext, *key, skipped);
    if (ext)
        for (size_t i = 0; i < ext->len; i++) {
            const json_member *mb = &ext->u.members[i];
            bool known = false;
            for (const char *const *key = qual_keys; *key && !known; key++)
                known = key_is(mb, *key);
            if (known)
                continue;
            jw_keyn(out, mb->key, mb->key_len);
            jw_value(out, mb->value);
        }
    jw_obj_end(out);
    jw_arr_end(out);
    jw_key(out, "units");
    jw_raw(out, ub.data, ub.len);
    jw_obj_end(out);

    sbuf_free(&ub);
    sbuf_free(&scratch);
    free(m.items);
    free(m.edges);
    return 0;
}

/* ---- Lua text ---- */

static bool lua_ident(const char *k, size_t n)
{
    static const char *const reserved[] = {
        "and",      "break",  "do",   "else", "elseif", "end",   "false", "for",
        "function", "goto",   "if",   "in",   "local",  "nil",   "not",   "or",
        "repeat",   "return", "then", "true", "until",  "while", NULL};
    if (n == 0 || (k[0] >= '0' && k[0] <= '9'))
        return false;
    for (size_t i = 0; i < n; i++) {
        char c = k[i];
        if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
              c == '_'))
            return false;
    }
    for (const char *const *r = reserved; *r; r++)
        if (strlen(*r) == n && memcmp(*r, k, n) == 0)
            return false;
    return true;
}

static void lua_string(sbuf *out, const char *s, size_t n)
{
    sbuf_addc(out, '"');
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        switch (c) {
        case '"':
            sbuf_adds(out, "\\\"");
            break;
        case '\\':
            sbuf_adds(out, "\\\\");
            break;
        case '\n':
            sbuf_adds(out, "\\n");
            break;
        case '\r':
            sbuf_adds(out, "\\r");
            break;
        case '\t':
            sbuf_adds(out, "\\t");
            break;
        default:
            if (c < 0x20 || c == 0x7f)
                sbuf_printf(out, "\\%03u", c); /* three digits: a digit may follow */
            else
                sbuf_addc(out, (char)c);
        }
    }
    sbuf_addc(out, '"');
}

static void lua_number(sbuf *out, const json_value *v)
{
    if (v->u.num.is_int) {
        if (v->u.num.i == INT64_MIN)
            sbuf_adds(out, "(-9223372036854775807 - 1)");
        else
            sbuf_printf(out, "%lld", (long long)v->u.num.i);
        return;
    }
    char buf[40];
    for (int prec = 15; prec <= 17; prec++) {
        snprintf(buf, sizeof buf, "%.*g", prec, v->u.num.d);
        if (strtod(buf, NULL) == v->u.num.d)
            break;
    }
    sbuf_adds(out, buf);
    if (!strpbrk(buf, ".eEn")) /* keep it a float: 2.0, not 2 */
        sbuf_adds(out, ".0");
}

static bool is_container(const json_value *v)
{
    return v->type == JSON_ARRAY || v->type == JSON_OBJECT;
}

static void lua_value(sbuf *out, const json_value *v, int indent);

static void lua_key(sbuf *out, const json_member *m)
{
    if (lua_ident(m->key, m->key_len)) {
        sbuf_add(out, m->key, m->key_len);
    } else {
        sbuf_addc(out, '[');
        lua_string(out, m->key, m->key_len);
        sbuf_addc(out, ']');
    }
    sbuf_adds(out, " = ");
}

/* A table of scalars on one line: an object always ({ number = "9.1", title = "..." }), a list
 * when it fits in 100 columns. */
static bool lua_one_line(sbuf *out, const json_value *v, int indent)
{
    for (size_t i = 0; i < v->len; i++)
        if (is_container(v->type == JSON_ARRAY ? v->u.items[i] : v->u.members[i].value))
            return false;
    sbuf line;
    sbuf_init(&line);
    sbuf_adds(&line, "{ ");
    for (size_t i = 0; i < v->len; i++) {
        if (i)
            sbuf_adds(&line, ", ");
        if (v->type == JSON_OBJECT)
            lua_key(&line, &v->u.members[i]);
        lua_value(&line, v->type == JSON_ARRAY ? v->u.items[i] : v->u.members[i].value, indent);
    }
    sbuf_adds(&line, " }");
    bool ok = v->type == JSON_OBJECT || line.len + (size_t)indent <= 100;
    if (ok)
        sbuf_add(out, line.data, line.len);
    sbuf_free(&line);
    return ok;
}

static void lua_value(sbuf *out, const json_value *v, int indent)
{
    switch (v->type) {
    case JSON_NULL:
        sbuf_adds(out, "nil");
        return;
    case JSON_BOOL:
        sbuf_adds(out, v->u.boolean ? "true" : "false");
        return;
    case JSON_NUMBER:
        lua_number(out, v);
        return;
    case JSON_STRING:
        lua_string(out, v->u.str, v->len);
        return;
    case JSON_ARRAY:
    case JSON_OBJECT:
        break;
    }
    if (v->len == 0) {
        sbuf_adds(out, "{}");
        return;
    }
    if (lua_one_line(out, v, indent))
        return;
    sbuf_adds(out, "{\n");
    for (size_t i = 0; i < v->len; i++) {
        sbuf_printf(out, "%*s", indent + 2, "");
        if (v->type == JSON_OBJECT)
            lua_key(out, &v->u.members[i]);
        lua_value(out, v->type == JSON_ARRAY ? v->u.items[i] : v->u.members[i].value, indent + 2);
        sbuf_adds(out, ",\n");
    }
    sbuf_printf(out, "%*s}", indent, "");
}

void case_lua_text(const json_value *v, sbuf *out)
{
    sbuf_adds(out, "return ");
    if (v)
        lua_value(out, v, 0);
    else
        sbuf_adds(out, "nil");
    sbuf_addc(out, '\n');
}
