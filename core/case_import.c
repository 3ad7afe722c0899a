/* case_import — a CASE 1.1 package read back into the catalogue format. See case.h. */
#include <errno.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "case_internal.h"
#include "dates.h"
#include "sha256.h"

/* ---- Import ---- */

typedef struct imp_item {
    const json_value *v;
    const char *key; /* identifier, else uri; NULL: cannot be linked */
    int type;        /* K_* named by CFItemType, or -1 */
    bool on_path;    /* being visited: a cycle guard */
    bool written;
    unsigned walk; /* the last flatten() that wrote it */
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
    unsigned walks;              /* flatten() calls so far */
    size_t objects, max_objects; /* catalogue entries written, and the most it may write */
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
    const json_value *t = case__get_str(item, "CFItemType");
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
    const json_value *id = case__get_str(link, "identifier");
    if (id)
        return id->u.str;
    const json_value *uri = case__get_str(link, "uri");
    if (!uri)
        return NULL;
    if (case__str_eq(uri, case__get_str(m->doc, "uri")))
        return m->doc_key;
    for (size_t i = 0; i < m->n_items; i++)
        if (case__str_eq(uri, case__get_str(m->items[i].v, "uri")))
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
    return case__get_obj(case__get_obj(v, "extensions"), name);
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
 * items): each once, where it is first reached. An item may have several parents, and counting
 * it once per path made a 12 KB package of 24 levels of two items, each the child of both
 * above, 2^25 criteria. walk is the flatten it belongs to (m->walks, counted by the caller). */
static void flatten(importer *m, jw *w, imp_item *it, int kind, int depth, unsigned walk)
{
    if (depth > MAX_DEPTH)
        return;
    size_t lo, hi;
    children(m, it->key, &lo, &hi);
    bool was = it->on_path;
    it->on_path = true;
    for (size_t e = lo; e < hi; e++) {
        imp_item *c = &m->items[m->edges[e].child];
        if (c->on_path || c->walk == walk)
            continue;
        c->walk = walk;
        imp_object(m, w, c, kind, depth + 1);
        flatten(m, w, c, kind, depth + 1, walk);
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
    const kind_info *k = &case__kinds[kind];
    const json_value *v = it->v, *e = ext ? json_get(ext, key) : NULL;
    if (e) {
        jw_key(w, key);
        jw_value(w, e);
        return;
    }
    if (strcmp(key, k->num_key) == 0) {
        const json_value *le = case__get_str(v, "listEnumeration"),
                         *hcs = case__get_str(v, "humanCodingScheme");
        const json_value *s = m->ours ? le : kind == K_ITEM ? (le ? le : hcs) : (hcs ? hcs : le);
        if (s || !m->ours) {
            jw_key(w, key);
            if (s)
                case__put_str(w, s);
            else
                jw_str(w, UNKNOWN);
        }
        return;
    }
    if (strcmp(key, k->text_key) == 0) {
        const json_value *s = case__get_str(v, "fullStatement");
        if (!s && !m->ours)
            s = case__get_str(v, "abbreviatedStatement");
        if (s || !m->ours) {
            jw_key(w, key);
            if (s)
                case__put_str(w, s);
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
        const json_value *notes = case__get_str(v, "notes");
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
            flatten(m, w, it, l->kind, depth, ++m->walks);
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
            const json_value *uri = case__get_str(v, "uri");
            if (uri && it->key && !case__str_is(uri, it->key))
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
    const kind_info *k = &case__kinds[kind];
    const json_value *ext = ext_of(it->v, "assessd");
    if (++m->objects > m->max_objects)
        return; /* refused once the units are written */
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
                known = case__key_is(mb, *key);
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
    return case__get_str(ext_of(it->v, "assessd"), "id");
}

static bool same_unit(const imp_item *a, const imp_item *b)
{
    const json_value *ia = unit_id(a), *ib = unit_id(b);
    if (ia || ib)
        return case__str_eq(ia, ib);
    return cmp_key(a->key, b->key) == 0;
}

static void write_unit_ref(jw *w, const imp_item *it)
{
    const json_value *id = unit_id(it);
    if (id)
        case__put_str(w, id);
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
        const json_value *t = case__get_str(doc, "title");
        if (t || !m->ours) {
            jw_key(w, key);
            if (t)
                case__put_str(w, t);
            else
                jw_str(w, UNKNOWN);
        }
    } else if (!strcmp(key, "last_certification")) {
        const json_value *d = case__get_str(doc, "statusEndDate");
        if (case__is_date(d)) {
            jw_key(w, key);
            case__put_str(w, d);
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
                    if (case__key_is(&entry->u.members[i], "unit"))
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
        const json_value *notes = case__get_str(doc, "notes");
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
            const json_value *uri = case__get_str(doc, "uri"),
                             *url = case__get_str(doc, "officialSourceURL");
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
    importer m = {.doc = case__get_obj(package, "CFDocument")};
    const json_value *doc_id = case__get_str(m.doc, "identifier");
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
    const json_value *from = case__get_str(ext_of(m.doc, "assessdBody"), "code");
    if (m.ours && from && !case__str_is(from, body_code ? body_code : "")) {
        sbuf_printf(err, "the package was exported from the catalogue of %s, not of %s",
                    from->u.str, body_code ? body_code : "");
        return -1;
    }

    size_t n_items = items ? items->len : 0, n_assocs = assocs ? assocs->len : 0;
    m.items = case__xcalloc(n_items, sizeof *m.items);
    /* An outcome under each of n units is written n times: n units and n criteria (a line of
     * 400 KB) made a million entries and a gigabyte. Every package assessd exports writes
     * each item once. */
    m.max_objects = 100000 + 4 * n_items;
    for (size_t i = 0; i < n_items; i++) {
        const json_value *v = items->u.items[i];
        if (v->type != JSON_OBJECT)
            continue;
        const json_value *id = case__get_str(v, "identifier");
        if (!id)
            id = case__get_str(v, "uri");
        imp_item *it = &m.items[m.n_items++];
        it->v = v;
        it->key = id ? id->u.str : NULL;
        it->type = item_type(v);
    }
    qsort(m.items, m.n_items, sizeof *m.items, cmp_items);
    m.edges = case__xcalloc(n_assocs, sizeof *m.edges);
    for (size_t i = 0; i < n_assocs; i++) {
        const json_value *a = assocs->u.items[i];
        if (a->type != JSON_OBJECT ||
            !case__str_is(case__get_str(a, "associationType"), "isChildOf"))
            continue;
        imp_item *child = find_item(&m, link_key(&m, case__get_obj(a, "originNodeURI")));
        const char *parent = link_key(&m, case__get_obj(a, "destinationNodeURI"));
        if (!child || !parent)
            continue;
        const json_value *seq = json_get(a, "sequenceNumber");
        m.edges[m.n_edges++] = (edge){.parent = parent,
                                      .child = (size_t)(child - m.items),
                                      .seq = case__is_int(seq) ? seq->u.num.i : 0,
                                      .has_seq = case__is_int(seq),
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
    if (m.objects > m.max_objects) {
        sbuf_printf(err,
                    "the package reads as more than %zu catalogue entries from %zu CFItems: items "
                    "under several parents are repeated under each",
                    m.max_objects, m.n_items);
        sbuf_free(&ub);
        sbuf_free(&scratch);
        free(m.items);
        free(m.edges);
        return -1;
    }
    size_t skipped = 0;
    for (size_t i = 0; i < m.n_items; i++)
        skipped += !m.items[i].written;

    const json_value *ext = ext_of(m.doc, "assessd");
    jw_obj_begin(out);
    jw_key(out, "qualifications");
    jw_arr_begin(out);
    jw_obj_begin(out);
    for (const char *const *key = case__qual_keys; *key; key++)
        imp_qual_member(&m, out, ext, *key, skipped);
    if (ext)
        for (size_t i = 0; i < ext->len; i++) {
            const json_member *mb = &ext->u.members[i];
            bool known = false;
            for (const char *const *key = case__qual_keys; *key && !known; key++)
                known = case__key_is(mb, *key);
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
