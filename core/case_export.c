/* case_export — a qualification as a CASE 1.1 package. See case.h. */
#include <errno.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "case_internal.h"
#include "dates.h"
#include "sha256.h"

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
        case__put_str(w, n->title);
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
    const json_value *k = case__get_str(arr->u.items[i], key);
    size_t d = 0;
    if (k)
        for (size_t j = 0; j < i; j++)
            d += case__str_eq(k, case__get_str(arr->u.items[j], key));
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
        if (u->type == JSON_OBJECT && case__str_eq(case__get_str(u, "id"), id))
            return u;
    }
    return NULL;
}

/* Writes obj as a CFItem, its isChildOf association and then its children. arr and index say
 * where it sits (for a unit: the qualification's units list and its entry there). */
static void export_item(exporter *x, const json_value *obj, int kind, const json_value *arr,
                        size_t index, const node *parent, const node *unit, size_t seq)
{
    const kind_info *k = &case__kinds[kind];
    const json_value *entry = kind == K_UNIT ? arr->u.items[index] : NULL;
    const char *path_key = kind == K_UNIT ? "unit" : k->num_key;
    node n;
    node_init(x, &n, kind == K_UNIT ? NULL : parent, k->word,
              case__get_str(arr->u.items[index], path_key), index, dup_before(arr, index, path_key),
              "CFItems");

    const json_value *num = case__get_str(obj, k->num_key);
    const json_value *text = case__get_str(obj, k->text_key);
    if (kind == K_UNIT) {
        const json_value *c = num ? num : case__get_str(obj, "id");
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
        case__ks_add(&used, k->num_key);
    if (text)
        case__ks_add(&used, k->text_key);
    if (case__is_int(level))
        case__ks_add(&used, "level");
    if (case__notes_as_lines(notes))
        case__ks_add(&used, "notes");
    for (const child_list *l = k->lists; l->key; l++)
        if (case__item_list(json_get(obj, l->key)))
            case__ks_add(&used, l->key);
    keyset entry_used = {.n = 0};
    case__ks_add(&entry_used, "unit");

    jw *w = x->out;
    jw_obj_begin(w);
    jw_kstr(w, "identifier", n.id);
    jw_key(w, "uri");
    jw_strn(w, n.uri.data, n.uri.len);
    jw_kstr(w, "CFItemType", k->type);
    jw_key(w, "fullStatement");
    if (text)
        case__put_str(w, text);
    else
        jw_str(w, "");
    jw_key(w, "humanCodingScheme");
    jw_strn(w, sbuf_cstr(&n.code), n.code.len);
    if (num) {
        jw_key(w, "listEnumeration");
        case__put_str(w, num);
    }
    if (case__is_int(level)) {
        char lv[24];
        snprintf(lv, sizeof lv, "%lld", (long long)level->u.num.i);
        jw_key(w, "educationLevel");
        jw_arr_begin(w);
        jw_str(w, lv);
        jw_arr_end(w);
    }
    if (case__notes_as_lines(notes))
        write_notes(w, notes);
    jw_kstr(w, "lastChangeDateTime", x->now);
    write_link(w, "CFDocumentURI", &x->doc);
    size_t rest = case__rest_count(obj, &used), entry_rest = case__rest_count(entry, &entry_used);
    if (rest || entry_rest) {
        jw_key(w, "extensions");
        jw_obj_begin(w);
        if (rest) {
            jw_key(w, "assessd");
            case__rest_write(w, obj, &used);
        }
        if (entry_rest) {
            jw_key(w, "assessdEntry");
            case__rest_write(w, entry, &entry_used);
        }
        jw_obj_end(w);
    }
    jw_obj_end(w);
    write_assoc(x, &n, parent, seq);

    size_t child_seq = 0;
    for (const child_list *l = k->lists; l->key; l++) {
        const json_value *list = json_get(obj, l->key);
        if (!case__item_list(list))
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
    const json_value *body = case__get_obj(catalogue, "body");
    const json_value *body_code = case__get_str(body, "code");
    if (!body_code || body_code->len == 0) {
        sbuf_adds(err, "the catalogue has no body.code");
        return -1;
    }
    const json_value *quals = json_get(catalogue, "qualifications");
    const json_value *qual = NULL;
    if (quals && quals->type == JSON_ARRAY)
        for (size_t i = 0; i < quals->len && !qual; i++) {
            const json_value *q = quals->u.items[i];
            if (q->type == JSON_OBJECT &&
                case__str_is(case__get_str(q, "code"), qual_code ? qual_code : ""))
                qual = q;
        }
    if (!qual) {
        sbuf_printf(err, "no qualification '%s' in the catalogue of %s", qual_code ? qual_code : "",
                    body_code->u.str);
        return -1;
    }
    const json_value *units = json_get(catalogue, "units");
    const json_value *entries = json_get(qual, "units");
    if (case__item_list(entries))
        for (size_t i = 0; i < entries->len; i++) {
            const json_value *id = case__get_str(entries->u.items[i], "unit");
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

    exporter x = {.body_code = body_code,
                  .qual_code = case__get_str(qual, "code"),
                  .units = units,
                  .out = out};
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
    const json_value *title = case__get_str(qual, "title");
    const json_value *last_cert = json_get(qual, "last_certification");
    const json_value *notes = json_get(qual, "notes");
    x.doc.title = title;

    keyset used = {.n = 0};
    if (title)
        case__ks_add(&used, "title");
    if (case__is_date(last_cert))
        case__ks_add(&used, "last_certification");
    if (case__notes_as_lines(notes))
        case__ks_add(&used, "notes");
    if (case__item_list(entries))
        case__ks_add(&used, "units");

    jw_obj_begin(out);
    jw_key(out, "CFDocument");
    jw_obj_begin(out);
    jw_kstr(out, "identifier", x.doc.id);
    jw_key(out, "uri");
    jw_strn(out, x.doc.uri.data, x.doc.uri.len);
    jw_key(out, "creator");
    const json_value *body_name = case__get_str(body, "name");
    case__put_str(out, body_name ? body_name : body_code);
    jw_key(out, "title");
    if (title)
        case__put_str(out, title);
    else
        jw_str(out, "");
    jw_kstr(out, "lastChangeDateTime", x.now);
    if (case__is_date(last_cert)) {
        jw_key(out, "statusEndDate");
        case__put_str(out, last_cert);
    }
    if (case__notes_as_lines(notes))
        write_notes(out, notes);
    jw_key(out, "extensions");
    jw_obj_begin(out);
    jw_key(out, "assessd");
    case__rest_write(out, qual, &used);
    jw_key(out, "assessdBody");
    jw_obj_begin(out);
    jw_key(out, "code");
    case__put_str(out, body_code);
    jw_obj_end(out);
    jw_obj_end(out);
    jw_obj_end(out);

    jw_key(out, "CFItems");
    jw_arr_begin(out);
    if (case__item_list(entries))
        for (size_t i = 0; i < entries->len; i++)
            export_item(&x, find_unit(units, case__get_str(entries->u.items[i], "unit")), K_UNIT,
                        entries, i, &x.doc, NULL, i + 1);
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
