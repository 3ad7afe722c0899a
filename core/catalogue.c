/* catalogue — checking, storing and indexing the bodies' catalogues. See catalogue.h. */
#include "catalogue.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "catalogue_check.h"
#include "dates.h"
#include "log.h"
#include "sha256.h"
#include "store.h"

typedef struct unit_link {
    const cat_qual *q;
    const char *kind, *theme;
} unit_link;

struct cat_unit {
    const json_value *v;
    const char *id, *number, *title;
    cat_req *reqs;
    size_t nreqs;
    unit_link *links; /* qualifications holding this unit */
    size_t nlinks;
    char *json; /* rendered, with refs */
    size_t json_len;
};

typedef struct qual_unit {
    const cat_unit *u;
    const char *kind, *theme;
} qual_unit;

struct cat_qual {
    const json_value *v;
    const char *code;
    int level;
    qual_unit *units;
    size_t nunits;
};

struct cat_body {
    char *code, *name, *plugin;
    int64_t version;
    char hash[65];
    char loaded_at[21];
    json_doc *doc;
    cat_unit *units;
    size_t nunits;
    cat_qual *quals;
    size_t nquals;
    sbuf strings; /* refs live in here (offsets fixed up after building) */
    char **owned; /* malloc'd strings referenced by reqs */
    size_t nowned;
    struct cat_body *next;
};

struct catalogue {
    app *a;
    cat_body *current; /* sorted by code */
    cat_body *older;   /* versions loaded back for old registrations */
};

/* ---- indexing ------------------------------------------------------------------------ */

static char *own(cat_body *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static char *own(cat_body *b, const char *fmt, ...)
{
    sbuf s;
    sbuf_init(&s);
    va_list ap;
    va_start(ap, fmt);
    sbuf_vprintf(&s, fmt, ap);
    va_end(ap);
    char *p = sbuf_detach(&s, NULL);
    b->owned = realloc(b->owned, (b->nowned + 1) * sizeof *b->owned);
    b->owned[b->nowned++] = p;
    return p;
}

static void add_req(cat_unit *u, cat_req r)
{
    u->reqs = realloc(u->reqs, (u->nreqs + 1) * sizeof *u->reqs);
    u->reqs[u->nreqs++] = r;
}

static void index_unit(cat_body *b, cat_unit *u)
{
    const json_value *el = json_get(u->v, "elements");
    for (size_t k = 0; json_is_array(el) && k < el->len; k++) {
        const char *n = json_get_str(el->u.items[k], "number");
        add_req(u, (cat_req){own(b, "%s:%s", u->number, n), n,
                             json_get_str(el->u.items[k], "title"), CAT_ELEMENT, -1});
    }
    const json_value *lo = json_get(u->v, "outcomes");
    for (size_t k = 0; json_is_array(lo) && k < lo->len; k++) {
        const json_value *cr = json_get(lo->u.items[k], "criteria");
        for (size_t j = 0; json_is_array(cr) && j < cr->len; j++) {
            const char *n = json_get_str(cr->u.items[j], "number");
            add_req(u, (cat_req){own(b, "%s:%s", u->number, n), n,
                                 json_get_str(cr->u.items[j], "text"), CAT_CRITERION, -1});
        }
    }
    const json_value *er = json_get(u->v, "evidence_requirements");
    for (size_t k = 0; json_is_array(er) && k < er->len; k++) {
        const json_value *items = json_get(er->u.items[k], "items");
        const char *en = json_get_str(er->u.items[k], "number");
        for (size_t j = 0; json_is_array(items) && j < items->len; j++) {
            const char *letter = json_get_str(items->u.items[j], "letter");
            char *num = own(b, "ER%s:%s", en, letter);
            add_req(u, (cat_req){own(b, "%s:%s", u->number, num), num,
                                 json_get_str(items->u.items[j], "text"), CAT_ER_ITEM, (int)k});
        }
    }
}

/* Copies v into w, adding "ref" to elements, criteria, evidence requirements and items. */
static void render_list_with_refs(jw *w, const json_value *list, const char *unit, int what)
{
    jw_arr_begin(w);
    for (size_t i = 0; i < list->len; i++) {
        const json_value *o = list->u.items[i];
        if (o->type != JSON_OBJECT) {
            jw_value(w, o);
            continue;
        }
        jw_obj_begin(w);
        for (size_t k = 0; k < o->len; k++) {
            const json_member *m = &o->u.members[k];
            jw_keyn(w, m->key, m->key_len);
            if (what == 1 && strcmp(m->key, "criteria") == 0 && json_is_array(m->value))
                render_list_with_refs(w, m->value, unit, 0);
            else if (what == 2 && strcmp(m->key, "items") == 0 && json_is_array(m->value)) {
                jw_arr_begin(w);
                for (size_t j = 0; j < m->value->len; j++) {
                    const json_value *it = m->value->u.items[j];
                    jw_obj_begin(w);
                    for (size_t x = 0; x < it->len; x++) {
                        jw_keyn(w, it->u.members[x].key, it->u.members[x].key_len);
                        jw_value(w, it->u.members[x].value);
                    }
                    char ref[160];
                    snprintf(ref, sizeof ref, "%s:ER%s:%s", unit, json_get_str(o, "number"),
                             json_get_str(it, "letter"));
                    jw_kstr(w, "ref", ref);
                    jw_obj_end(w);
                }
                jw_arr_end(w);
            } else
                jw_value(w, m->value);
        }
        char ref[160];
        if (what == 0)
            snprintf(ref, sizeof ref, "%s:%s", unit, json_get_str(o, "number"));
        else if (what == 2)
            snprintf(ref, sizeof ref, "%s:ER%s", unit, json_get_str(o, "number"));
        else
            ref[0] = '\0';
        if (ref[0])
            jw_kstr(w, "ref", ref);
        jw_obj_end(w);
    }
    jw_arr_end(w);
}

static void render_unit(cat_body *b, cat_unit *u)
{
    sbuf out;
    sbuf_init(&out);
    jw w;
    jw_init(&w, &out);
    jw_obj_begin(&w);
    jw_kstr(&w, "body", b->code);
    for (size_t k = 0; k < u->v->len; k++) {
        const json_member *m = &u->v->u.members[k];
        jw_keyn(&w, m->key, m->key_len);
        if (strcmp(m->key, "elements") == 0 && json_is_array(m->value))
            render_list_with_refs(&w, m->value, u->number, 0);
        else if (strcmp(m->key, "outcomes") == 0 && json_is_array(m->value))
            render_list_with_refs(&w, m->value, u->number, 1);
        else if (strcmp(m->key, "evidence_requirements") == 0 && json_is_array(m->value))
            render_list_with_refs(&w, m->value, u->number, 2);
        else
            jw_value(&w, m->value);
    }
    jw_key(&w, "qualifications");
    jw_arr_begin(&w);
    for (size_t i = 0; i < u->nlinks; i++) {
        jw_obj_begin(&w);
        jw_kstr(&w, "qualification", own(b, "%s:%s", b->code, u->links[i].q->code));
        jw_kstr(&w, "title", json_get_str(u->links[i].q->v, "title"));
        jw_kstr_or_null(&w, "kind", u->links[i].kind);
        jw_kstr_or_null(&w, "theme", u->links[i].theme);
        jw_obj_end(&w);
    }
    jw_arr_end(&w);
    jw_kint(&w, "requirements", (int64_t)u->nreqs);
    jw_obj_end(&w);
    u->json = sbuf_detach(&out, &u->json_len);
}

static void free_body(cat_body *b)
{
    if (!b)
        return;
    for (size_t i = 0; i < b->nunits; i++) {
        free(b->units[i].reqs);
        free(b->units[i].links);
        free(b->units[i].json);
    }
    for (size_t i = 0; i < b->nquals; i++)
        free(b->quals[i].units);
    for (size_t i = 0; i < b->nowned; i++)
        free(b->owned[i]);
    free(b->owned);
    free(b->units);
    free(b->quals);
    json_doc_free(b->doc);
    free(b->code);
    free(b->name);
    free(b->plugin);
    free(b);
}

static cat_unit *unit_by_id(cat_body *b, const char *id)
{
    for (size_t i = 0; i < b->nunits; i++)
        if (strcmp(b->units[i].id, id) == 0)
            return &b->units[i];
    return NULL;
}

/* Builds the index over a checked catalogue; takes the doc. */
static cat_body *build(json_doc *doc, const char *plugin)
{
    const json_value *root = json_doc_root(doc);
    cat_body *b = calloc(1, sizeof *b);
    b->doc = doc;
    b->code = strdup(json_get_str(json_get(root, "body"), "code"));
    b->name = strdup(json_get_str(json_get(root, "body"), "name"));
    b->plugin = strdup(plugin);
    const json_value *units = json_get(root, "units"), *quals = json_get(root, "qualifications");
    b->nunits = units->len;
    b->units = calloc(units->len + 1, sizeof *b->units);
    for (size_t i = 0; i < units->len; i++) {
        cat_unit *u = &b->units[i];
        u->v = units->u.items[i];
        u->id = json_get_str(u->v, "id");
        u->number = json_get_str(u->v, "number");
        u->title = json_get_str(u->v, "title");
        index_unit(b, u);
    }
    b->nquals = quals->len;
    b->quals = calloc(quals->len + 1, sizeof *b->quals);
    for (size_t i = 0; i < quals->len; i++) {
        cat_qual *q = &b->quals[i];
        q->v = quals->u.items[i];
        q->code = json_get_str(q->v, "code");
        q->level = (int)json_get(q->v, "level")->u.num.i;
        const json_value *qu = json_get(q->v, "units");
        q->nunits = qu->len;
        q->units = calloc(qu->len + 1, sizeof *q->units);
        for (size_t k = 0; k < qu->len; k++) {
            cat_unit *u = unit_by_id(b, json_get_str(qu->u.items[k], "unit"));
            q->units[k] = (qual_unit){u, json_get_str(qu->u.items[k], "kind"),
                                      json_get_str(qu->u.items[k], "theme")};
            u->links = realloc(u->links, (u->nlinks + 1) * sizeof *u->links);
            u->links[u->nlinks++] = (unit_link){q, q->units[k].kind, q->units[k].theme};
        }
    }
    for (size_t i = 0; i < b->nunits; i++)
        render_unit(b, &b->units[i]);
    return b;
}

/* ---- the registry -------------------------------------------------------------------- */

catalogue *catalogue_new(app *a)
{
    catalogue *c = calloc(1, sizeof *c);
    if (c)
        c->a = a;
    return c;
}

void catalogue_free(catalogue *c)
{
    if (!c)
        return;
    for (cat_body *b = c->current, *n; b; b = n) {
        n = b->next;
        free_body(b);
    }
    for (cat_body *b = c->older, *n; b; b = n) {
        n = b->next;
        free_body(b);
    }
    free(c);
}

static int store_version(catalogue *c, cat_body *b, const char *json, sbuf *err)
{
    store *st = c->a->st;
    int rc = store_catalogue_find(st, b->code, b->hash, &b->version);
    if (rc == STORE_OK)
        return 0;
    if (rc != STORE_NOTFOUND) {
        sbuf_printf(err, "cannot look up catalogue versions: %s", store_errmsg(st));
        return -1;
    }
    /* inside a request (plugins.reload) the group transaction is open; at start it is not */
    bool own_tx = !store_in_tx(st);
    if (own_tx && store_tx_begin(st) != STORE_OK) {
        sbuf_printf(err, "cannot store the catalogue: %s", store_errmsg(st));
        return -1;
    }
    rc = store_catalogue_insert(st, b->code, b->plugin, b->hash, json, b->loaded_at, &b->version);
    if (own_tx)
        rc = rc == STORE_OK ? store_commit(st) : (store_abort(st), rc);
    if (rc != STORE_OK) {
        sbuf_printf(err, "cannot store the catalogue: %s", store_errmsg(st));
        return -1;
    }
    log_info("catalogue", "stored %s catalogue version %lld (%.12s)", b->code,
             (long long)b->version, b->hash);
    return 0;
}

int catalogue_install(catalogue *c, const char *plugin, const char *body, const char *json,
                      size_t len, const char *sources, sbuf *err)
{
    json_doc *doc, *from = NULL;
    json_error je;
    if (json_parse(json, len, &doc, &je) != 0) {
        sbuf_printf(err, "the catalogue is not valid JSON: %s", je.message);
        return -1;
    }
    if (sources && json_parse(sources, strlen(sources), &from, NULL) != 0)
        from = NULL; /* the problems are then named without their files */
    int checked = cat_check(json_doc_root(doc), body, from ? json_doc_root(from) : NULL, err);
    if (from)
        json_doc_free(from);
    if (checked != 0) {
        json_doc_free(doc);
        return -1;
    }
    cat_body *b = build(doc, plugin);
    sha256_hex(json, len, b->hash);
    time_now_iso(b->loaded_at);
    if (store_version(c, b, json, err) != 0) {
        free_body(b);
        return -1;
    }
    /* replace the current version of this body; the old one stays reachable by version id */
    cat_body **pp = &c->current;
    while (*pp && strcmp((*pp)->code, b->code) < 0)
        pp = &(*pp)->next;
    if (*pp && strcmp((*pp)->code, b->code) == 0) {
        cat_body *old = *pp;
        b->next = old->next;
        *pp = b;
        if (old->version == b->version) {
            free_body(old);
        } else {
            old->next = c->older;
            c->older = old;
        }
    } else {
        b->next = *pp;
        *pp = b;
    }
    return 0;
}

const cat_body *catalogue_body(catalogue *c, const char *code)
{
    for (cat_body *b = c->current; b; b = b->next)
        if (strcmp(b->code, code) == 0)
            return b;
    return NULL;
}

const cat_body *catalogue_version(catalogue *c, int64_t id)
{
    for (cat_body *b = c->current; b; b = b->next)
        if (b->version == id)
            return b;
    for (cat_body *b = c->older; b; b = b->next)
        if (b->version == id)
            return b;
    char *body, *json;
    if (store_catalogue_load(c->a->st, id, &body, &json) != STORE_OK)
        return NULL;
    json_doc *doc;
    cat_body *b = NULL;
    sbuf err;
    sbuf_init(&err);
    if (json_parse(json, strlen(json), &doc, NULL) == 0) {
        if (cat_stored_check(json_doc_root(doc), body, &err) == 0) {
            b = build(doc, "(stored)");
            b->version = id;
            sha256_hex(json, strlen(json), b->hash);
            b->next = c->older;
            c->older = b;
        } else {
            json_doc_free(doc);
            log_error("catalogue", "stored version %lld does not check: %s", (long long)id,
                      err.data);
        }
    }
    sbuf_free(&err);
    free(body);
    free(json);
    return b;
}

void catalogue_each_body(catalogue *c, void (*fn)(void *ud, const cat_body *b), void *ud)
{
    for (cat_body *b = c->current; b; b = b->next)
        fn(ud, b);
}

/* ---- accessors ----------------------------------------------------------------------- */

const char *cat_body_code(const cat_body *b)
{
    return b->code;
}
const char *cat_body_name(const cat_body *b)
{
    return b->name;
}
int64_t cat_body_version(const cat_body *b)
{
    return b->version;
}
const json_value *cat_body_json(const cat_body *b)
{
    return json_doc_root(b->doc);
}

const json_value *cat_body_methods(const cat_body *b)
{
    const json_value *m = json_get(json_doc_root(b->doc), "methods");
    return json_is_array(m) ? m : NULL;
}

bool cat_body_has_method(const cat_body *b, const char *code)
{
    const json_value *m = cat_body_methods(b);
    for (size_t i = 0; m && i < m->len; i++) {
        const char *c = json_get_str(m->u.items[i], "code");
        if (c && strcmp(c, code) == 0)
            return true;
    }
    return false;
}

void cat_body_write_summary(const cat_body *b, jw *w)
{
    jw_obj_begin(w);
    jw_kstr(w, "code", b->code);
    jw_kstr(w, "name", b->name);
    jw_kstr(w, "plugin", b->plugin);
    jw_kint(w, "catalogue_version", b->version);
    jw_kstr(w, "catalogue_hash", b->hash);
    jw_kstr(w, "loaded_at", b->loaded_at);
    jw_kint(w, "qualifications", (int64_t)b->nquals);
    jw_kint(w, "units", (int64_t)b->nunits);
    jw_key(w, "methods");
    const json_value *m = json_get(json_doc_root(b->doc), "methods");
    if (m)
        jw_value(w, m);
    else
        jw_str(w, "unknown");
    jw_key(w, "witness_items");
    const json_value *wi = json_get(json_doc_root(b->doc), "witness_items");
    if (wi)
        jw_value(w, wi);
    else
        jw_str(w, "unknown");
    jw_obj_end(w);
}

size_t cat_qual_count(const cat_body *b)
{
    return b->nquals;
}
const cat_qual *cat_qual_at(const cat_body *b, size_t i)
{
    return i < b->nquals ? &b->quals[i] : NULL;
}
const cat_qual *cat_find_qual(const cat_body *b, const char *code)
{
    for (size_t i = 0; i < b->nquals; i++)
        if (strcmp(b->quals[i].code, code) == 0)
            return &b->quals[i];
    return NULL;
}
const char *cat_qual_code(const cat_qual *q)
{
    return q->code;
}
const json_value *cat_qual_json(const cat_qual *q)
{
    return q->v;
}
int cat_qual_level(const cat_qual *q)
{
    return q->level;
}
size_t cat_qual_unit_count(const cat_qual *q)
{
    return q->nunits;
}
const cat_unit *cat_qual_unit(const cat_qual *q, size_t i, const char **kind, const char **theme)
{
    if (i >= q->nunits)
        return NULL;
    if (kind)
        *kind = q->units[i].kind;
    if (theme)
        *theme = q->units[i].theme;
    return q->units[i].u;
}

void cat_qual_write(const cat_body *b, const cat_qual *q, bool full, jw *w)
{
    static const char *const brief[] = {
        "title", "level", "accreditation", "age_group", "last_registration", "last_certification"};
    jw_obj_begin(w);
    jw_kstr(w, "body", b->code);
    jw_kstr(w, "code", q->code);
    char ref[128];
    snprintf(ref, sizeof ref, "%s:%s", b->code, q->code);
    jw_kstr(w, "qualification", ref);
    for (size_t i = 0; i < sizeof brief / sizeof *brief; i++) {
        const json_value *v = json_get(q->v, brief[i]);
        jw_key(w, brief[i]);
        if (v)
            jw_value(w, v);
        else
            jw_str(w, "unknown");
    }
    jw_kint(w, "unit_count", (int64_t)q->nunits);
    if (full) {
        jw_key(w, "units");
        jw_arr_begin(w);
        for (size_t i = 0; i < q->nunits; i++) {
            const cat_unit *u = q->units[i].u;
            jw_obj_begin(w);
            jw_kstr(w, "number", u->number);
            jw_kstr(w, "id", u->id);
            jw_kstr(w, "title", u->title);
            jw_kstr_or_null(w, "kind", q->units[i].kind);
            jw_kstr_or_null(w, "theme", q->units[i].theme);
            jw_key(w, "level");
            const json_value *lv = json_get(u->v, "level");
            if (lv)
                jw_value(w, lv);
            else
                jw_str(w, "unknown");
            jw_obj_end(w);
        }
        jw_arr_end(w);
        /* themes in the order they first appear */
        jw_key(w, "themes");
        jw_arr_begin(w);
        for (size_t i = 0; i < q->nunits; i++) {
            const char *t = q->units[i].theme;
            bool seen = false;
            for (size_t k = 0; t && k < i && !seen; k++)
                seen = q->units[k].theme && strcmp(q->units[k].theme, t) == 0;
            if (t && !seen)
                jw_str(w, t);
        }
        jw_arr_end(w);
        static const char *const more[] = {"rules", "source", "notes"};
        for (size_t i = 0; i < sizeof more / sizeof *more; i++) {
            const json_value *v = json_get(q->v, more[i]);
            jw_key(w, more[i]);
            if (v)
                jw_value(w, v);
            else if (strcmp(more[i], "notes") == 0) {
                jw_arr_begin(w);
                jw_arr_end(w);
            } else
                jw_str(w, "unknown");
        }
    }
    jw_obj_end(w);
}

size_t cat_unit_count(const cat_body *b)
{
    return b->nunits;
}
const cat_unit *cat_unit_at(const cat_body *b, size_t i)
{
    return i < b->nunits ? &b->units[i] : NULL;
}

const cat_unit *cat_find_unit(const cat_body *b, const char *key, const cat_qual *qual,
                              int *ambiguous)
{
    *ambiguous = 0;
    for (size_t i = 0; i < b->nunits; i++)
        if (strcmp(b->units[i].id, key) == 0)
            return &b->units[i];
    const cat_unit *found = NULL;
    if (qual) {
        for (size_t i = 0; i < qual->nunits; i++)
            if (strcmp(qual->units[i].u->number, key) == 0) {
                if (found)
                    *ambiguous = 1;
                found = qual->units[i].u;
            }
    } else {
        for (size_t i = 0; i < b->nunits; i++)
            if (strcmp(b->units[i].number, key) == 0) {
                if (found)
                    *ambiguous = 1;
                found = &b->units[i];
            }
    }
    return *ambiguous ? NULL : found;
}

const char *cat_unit_id(const cat_unit *u)
{
    return u->id;
}
const char *cat_unit_number(const cat_unit *u)
{
    return u->number;
}
const char *cat_unit_title(const cat_unit *u)
{
    return u->title;
}
const json_value *cat_unit_json(const cat_unit *u)
{
    return u->v;
}
void cat_unit_write(const cat_unit *u, jw *w)
{
    jw_raw(w, u->json, u->json_len);
}
size_t cat_unit_req_count(const cat_unit *u)
{
    return u->nreqs;
}
const cat_req *cat_unit_req(const cat_unit *u, size_t i)
{
    return i < u->nreqs ? &u->reqs[i] : NULL;
}
const cat_req *cat_unit_find_req(const cat_unit *u, const char *ref)
{
    for (size_t i = 0; i < u->nreqs; i++)
        if (strcmp(u->reqs[i].ref, ref) == 0)
            return &u->reqs[i];
    return NULL;
}

int cat_unit_simulation(const cat_unit *u, const char **scope, const char **text)
{
    const json_value *s = json_get(u->v, "simulation");
    *scope = json_get_str(s, "scope");
    *text = json_get_str(s, "text");
    const json_value *a = json_get(s, "allowed");
    if (a && a->type == JSON_BOOL)
        return a->u.boolean ? 1 : 0;
    return -1;
}

static int on_catalogue(void *ud, const char *plugin, const char *body, const char *json,
                        size_t len, const char *sources, sbuf *err)
{
    app *a = ud;
    return catalogue_install(a->cat, plugin, body, json, len, sources, err);
}

static int on_catalogue_version(void *ud, const char *body, int64_t version, sbuf *out)
{
    app *a = ud;
    const cat_body *b = catalogue_version(a->cat, version);
    if (!b)
        return -1;
    if (body && strcmp(cat_body_code(b), body) != 0) {
        sbuf_printf(out, "%s", cat_body_code(b));
        return -2;
    }
    jw w;
    jw_init(&w, out);
    jw_value(&w, cat_body_json(b));
    return 0;
}

lh_callbacks catalogue_plugin_callbacks(app *a)
{
    return (lh_callbacks){
        .catalogue = on_catalogue, .catalogue_version = on_catalogue_version, .ud = a};
}
