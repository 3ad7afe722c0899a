/* methods_catalogue — catalogue.*: the awarding bodies' qualifications and units, read-only,
 * served from the catalogue module's index. */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "app.h"
#include "auth.h"
#include "case.h"
#include "catalogue.h"
#include "dates.h"
#include "lua_host.h"
#include "methods.h"
#include "progress_cache.h"

#include <errno.h>
#include <stdio.h>
#include <sys/stat.h>
#include <unistd.h>

static catalogue *cat_of(rpc_call *c)
{
    return ((app *)rpc_call_method(c)->udata)->cat;
}

static const cat_body *need_body(rpc_call *c, const char *code)
{
    const cat_body *b = catalogue_body(cat_of(c), code);
    if (!b) {
        jw *w =
            rpc_error_data(c, RPC_NOT_FOUND, NULL,
                           "no awarding body '%s' is loaded (catalogue.bodies lists them)", code);
        jw_kstr(w, "body", code);
        rpc_error_done(c);
    }
    return b;
}

static const cat_qual *need_qual(rpc_call *c, const cat_body *b, const char *code)
{
    const cat_qual *q = cat_find_qual(b, code);
    if (!q) {
        jw *w = rpc_error_data(c, RPC_NOT_FOUND, NULL,
                               "%s has no qualification '%s' (catalogue.qualifications lists "
                               "them)",
                               cat_body_code(b), code);
        jw_kstr(w, "qualification", code);
        rpc_error_done(c);
    }
    return q;
}

static void one_body(void *ud, const cat_body *b)
{
    cat_body_write_summary(b, ud);
}

static int m_bodies(rpc_call *c)
{
    jw *w = rpc_result(c);
    jw_arr_begin(w);
    catalogue_each_body(cat_of(c), one_body, w);
    jw_arr_end(w);
    return 0;
}

typedef struct qlist {
    jw *w;
} qlist;

static void quals_of(void *ud, const cat_body *b)
{
    jw *w = ud;
    for (size_t i = 0; i < cat_qual_count(b); i++)
        cat_qual_write(b, cat_qual_at(b, i), false, w);
}

static int m_qualifications(rpc_call *c)
{
    const char *body = rpc_str(c, "body");
    const cat_body *b = NULL;
    if (body && !(b = need_body(c, body)))
        return -1;
    jw *w = rpc_result(c);
    jw_arr_begin(w);
    if (b)
        quals_of(w, b);
    else
        catalogue_each_body(cat_of(c), quals_of, w);
    jw_arr_end(w);
    return 0;
}

/* "OCR:05943" or code plus body; field is the parameter holding the code */
static int split_qual(rpc_call *c, const char *body, const char *field, const cat_body **b,
                      const cat_qual **q)
{
    const char *code = rpc_str(c, field);
    char bodybuf[64];
    const char *colon = strchr(code, ':');
    if (colon) {
        snprintf(bodybuf, sizeof bodybuf, "%.*s", (int)(colon - code), code);
        if (body && strcmp(body, bodybuf) != 0)
            return rpc_error_field(c, field, "qualification '%s' belongs to %s, not %s", code,
                                   bodybuf, body);
        body = bodybuf;
        code = colon + 1;
    }
    if (!body)
        return rpc_error_field(c, "body",
                               "name the body, or the qualification as BODY:CODE (e.g. "
                               "OCR:05943)");
    if (!(*b = need_body(c, body)) || !(*q = need_qual(c, *b, code)))
        return -1;
    return 0;
}

static int m_qualification(rpc_call *c)
{
    const cat_body *b;
    const cat_qual *q;
    if (split_qual(c, rpc_str(c, "body"), "code", &b, &q) != 0)
        return -1;
    cat_qual_write(b, q, true, rpc_result(c));
    return 0;
}

static int m_unit(rpc_call *c)
{
    const char *body = rpc_str(c, "body"), *number = rpc_str(c, "number");
    const char *qual = rpc_str(c, "qualification");
    const cat_body *b = NULL;
    const cat_qual *q = NULL;
    if (qual) {
        if (split_qual(c, body, "qualification", &b, &q) != 0)
            return -1;
    } else if (!(b = need_body(c, body))) {
        return -1;
    }
    int ambiguous;
    const cat_unit *u = cat_find_unit(b, number, q, &ambiguous);
    if (ambiguous) {
        jw *w = rpc_error_data(c, RPC_INVALID_PARAMS, "ambiguous",
                               "%s has several units numbered %s: give the qualification, or "
                               "the unit's id",
                               cat_body_code(b), number);
        jw_kstr(w, "field", "number");
        jw_key(w, "candidates");
        jw_arr_begin(w);
        for (size_t i = 0; i < cat_unit_count(b); i++) {
            const cat_unit *x = cat_unit_at(b, i);
            if (strcmp(cat_unit_number(x), number) != 0)
                continue;
            jw_obj_begin(w);
            jw_kstr(w, "id", cat_unit_id(x));
            jw_kstr(w, "title", cat_unit_title(x));
            jw_obj_end(w);
        }
        jw_arr_end(w);
        return rpc_error_done(c);
    }
    if (!u) {
        jw *w = rpc_error_data(c, RPC_NOT_FOUND, NULL, "%s has no unit '%s'%s%s", cat_body_code(b),
                               number, q ? " in " : "", q ? cat_qual_code(q) : "");
        jw_kstr(w, "unit", number);
        return rpc_error_done(c);
    }
    cat_unit_write(u, rpc_result(c));
    return 0;
}

static int m_units(rpc_call *c)
{
    const cat_body *b = need_body(c, rpc_str(c, "body"));
    if (!b)
        return -1;
    jw *w = rpc_result(c);
    jw_arr_begin(w);
    for (size_t i = 0; i < cat_unit_count(b); i++) {
        const cat_unit *u = cat_unit_at(b, i);
        const json_value *v = cat_unit_json(u);
        jw_obj_begin(w);
        jw_kstr(w, "number", cat_unit_number(u));
        jw_kstr(w, "id", cat_unit_id(u));
        jw_kstr(w, "title", cat_unit_title(u));
        static const char *const k[] = {"level", "credit", "glh"};
        for (int j = 0; j < 3; j++) {
            const json_value *x = json_get(v, k[j]);
            jw_key(w, k[j]);
            if (x)
                jw_value(w, x);
            else
                jw_str(w, "unknown");
        }
        jw_kint(w, "requirements", (int64_t)cat_unit_req_count(u));
        jw_obj_end(w);
    }
    jw_arr_end(w);
    return 0;
}

/* ---- catalogue.search ---------------------------------------------------------------- */

typedef struct search {
    char words[8][64];
    int nwords;
    int64_t limit, found;
    const char *body;
    jw *w;
} search;

static bool contains_ci(const char *hay, const char *needle)
{
    size_t n = strlen(needle);
    for (const char *p = hay; *p; p++) {
        size_t i = 0;
        while (i < n && p[i] && tolower((unsigned char)p[i]) == needle[i])
            i++;
        if (i == n)
            return true;
    }
    return false;
}

static void match(search *s, const cat_body *b, const cat_unit *u, const char *kind,
                  const char *ref, const char *text)
{
    if (!text || s->found >= s->limit)
        return;
    for (int i = 0; i < s->nwords; i++)
        if (!contains_ci(text, s->words[i]))
            return;
    s->found++;
    jw *w = s->w;
    jw_obj_begin(w);
    jw_kstr(w, "body", cat_body_code(b));
    jw_kstr(w, "unit", cat_unit_number(u));
    jw_kstr(w, "unit_id", cat_unit_id(u));
    jw_kstr(w, "unit_title", cat_unit_title(u));
    jw_kstr(w, "kind", kind);
    jw_kstr_or_null(w, "ref", ref);
    jw_kstr(w, "text", text);
    jw_obj_end(w);
}

static void search_body(void *ud, const cat_body *b)
{
    search *s = ud;
    if (s->body && strcmp(s->body, cat_body_code(b)) != 0)
        return;
    for (size_t i = 0; i < cat_unit_count(b); i++) {
        const cat_unit *u = cat_unit_at(b, i);
        const json_value *v = cat_unit_json(u);
        match(s, b, u, "unit", NULL, cat_unit_title(u));
        const json_value *lo = json_get(v, "outcomes");
        for (size_t k = 0; lo && lo->type == JSON_ARRAY && k < lo->len; k++) {
            const json_value *t = json_get(lo->u.items[k], "title");
            if (t && t->type == JSON_STRING)
                match(s, b, u, "outcome", NULL, t->u.str);
        }
        for (size_t k = 0; k < cat_unit_req_count(u); k++) {
            const cat_req *r = cat_unit_req(u, k);
            static const char *const kinds[] = {"element", "criterion", "evidence_item"};
            match(s, b, u, kinds[r->kind], r->ref, r->text);
        }
        const json_value *er = json_get(v, "evidence_requirements");
        for (size_t k = 0; er && er->type == JSON_ARRAY && k < er->len; k++) {
            const json_value *t = json_get(er->u.items[k], "text");
            if (t && t->type == JSON_STRING)
                match(s, b, u, "evidence_requirement", NULL, t->u.str);
        }
    }
}

static int m_search(rpc_call *c)
{
    search s = {.limit = rpc_int(c, "limit", 50), .body = rpc_str(c, "body")};
    const char *text = rpc_str(c, "text");
    if (s.limit < 1 || s.limit > 1000)
        return rpc_error_field(c, "limit", "limit must be between 1 and 1000");
    if (s.body && !need_body(c, s.body))
        return -1;
    /* words, lower-cased; all must appear in the same text */
    const char *p = text;
    while (*p && s.nwords < 8) {
        while (*p && isspace((unsigned char)*p))
            p++;
        int n = 0;
        while (*p && !isspace((unsigned char)*p) && n < 63)
            s.words[s.nwords][n++] = (char)tolower((unsigned char)*p++);
        while (*p && !isspace((unsigned char)*p))
            p++;
        s.words[s.nwords][n] = '\0';
        if (n)
            s.nwords++;
    }
    if (!s.nwords)
        return rpc_error_field(c, "text", "text must hold at least one word");
    s.w = rpc_result(c);
    jw_arr_begin(s.w);
    catalogue_each_body(cat_of(c), search_body, &s);
    jw_arr_end(s.w);
    return 0;
}

/* ---- CASE 1.x ------------------------------------------------------------------------ */

static int m_export(rpc_call *c)
{
    const cat_body *b;
    const cat_qual *q;
    if (split_qual(c, rpc_str(c, "body"), "qualification", &b, &q) != 0)
        return -1;
    const char *format = rpc_str(c, "format");
    if (format && strcmp(format, "case"))
        return rpc_error_field(c, "format", "the export format is 'case' (1EdTech CASE 1.x)");
    char now[21];
    time_now_iso(now);
    sbuf out, err;
    sbuf_init(&out);
    sbuf_init(&err);
    jw w;
    jw_init(&w, &out);
    int rc = case_export(cat_body_json(b), cat_qual_code(q), now, &w, &err);
    if (rc == 0)
        jw_raw(rpc_result(c), out.data, out.len);
    else
        rpc_error(c, RPC_INTERNAL_ERROR, NULL, "cannot export: %s", sbuf_cstr(&err));
    sbuf_free(&out);
    sbuf_free(&err);
    return rc;
}

/* What the body's plugin reports as wrong (its slot's error: the previous version may still
 * run), into out ("" if nothing). */
typedef struct body_problem {
    const char *body;
    char *out;
    size_t n;
} body_problem;

static void slot_problem(void *ud, const lh_slot_info *si)
{
    body_problem *q = ud;
    const char *b = si->current ? lh_plugin_body(si->current) : NULL;
    if (b && si->error && strcmp(b, q->body) == 0)
        snprintf(q->out, q->n, "%s", si->error->message);
}

static void plugin_problem(app *a, const char *body, char *out, size_t n)
{
    body_problem q = {body, out, n};
    out[0] = '\0';
    lh_each_slot(a->lh, slot_problem, &q);
}

/* Writes the imported qualification's Lua text as catalogue/<BODY>/case-<code>.lua and reloads
 * the plugins; a file that breaks the body's plugin is taken back (the earlier one restored)
 * and the call fails naming what the plugin said. */
static int write_import(rpc_call *c, app *a, const cat_body *b, const char *code, const sbuf *lua,
                        char *path, size_t pathn)
{
    /* the file name from the code: letters, digits, '-' and '_' only */
    char safe[128];
    size_t k = 0;
    for (const char *p = code; *p && k < sizeof safe - 1; p++)
        safe[k++] = (isalnum((unsigned char)*p) || *p == '-' || *p == '_') ? *p : '_';
    safe[k] = '\0';
    snprintf(path, pathn, "%s/%s/case-%s.lua", a->cfg.catalogue_dir, cat_body_code(b), safe);
    struct stat st;
    bool exists = stat(path, &st) == 0;
    if (exists && !rpc_bool(c, "replace", false))
        return rpc_error(c, RPC_CONFLICT, NULL, "%s exists: give replace=true to overwrite it",
                         path);
    if (!exists && cat_find_qual(b, code))
        return rpc_error(c, RPC_CONFLICT, NULL,
                         "%s:%s is already in the catalogue, from a file of its own: a second "
                         "definition would stop the body's plugin loading",
                         cat_body_code(b), code);
    char *old = NULL;
    size_t oldn = 0;
    FILE *f = exists ? fopen(path, "r") : NULL;
    if (exists) { /* kept whole, to put back if the new one breaks; or nothing is written */
        old = f ? malloc((size_t)st.st_size + 1) : NULL;
        oldn = old ? fread(old, 1, (size_t)st.st_size, f) : 0;
        if (f)
            fclose(f);
        if (!old || oldn != (size_t)st.st_size) {
            free(old);
            return rpc_error(c, RPC_INTERNAL_ERROR, NULL,
                             "cannot read %s to keep it while it is replaced: nothing was written",
                             path);
        }
    }
    char body[64], before[512]; /* b goes with the reload; what its plugin said before */
    snprintf(body, sizeof body, "%s", cat_body_code(b));
    plugin_problem(a, body, before, sizeof before);
    f = fopen(path, "w");
    if (!f || fwrite(lua->data, 1, lua->len, f) != lua->len || fclose(f) != 0) {
        int e = errno;
        if (f)
            fclose(f);
        free(old);
        return rpc_error(c, RPC_INTERNAL_ERROR, NULL, "cannot write %s: %s", path, strerror(e));
    }
    int rc = 0;
    lh_reload(a->lh);
    char why[512];
    plugin_problem(a, body, why, sizeof why); /* the body's own plugin, not the others' */
    bool broke = *why && strcmp(why, before) != 0;
    const cat_body *nb = catalogue_body(cat_of(c), body);
    if (broke || !nb || !cat_find_qual(nb, code)) {
        if (!broke)
            snprintf(why, sizeof why, "it does not read %s", path);
        if (old) {
            f = fopen(path, "w");
            if (f) {
                fwrite(old, 1, oldn, f);
                fclose(f);
            }
        } else {
            unlink(path);
        }
        lh_reload(a->lh);
        jw *w = rpc_error_data(c, RPC_INVALID_PARAMS, NULL,
                               "%s:%s was not added: the %s plugin does not load it (%s); the "
                               "catalogue is as it was",
                               body, code, body, why);
        jw_kstr(w, "field", "package");
        rc = rpc_error_done(c);
    }
    free(old);
    if (a->progress)
        pcache_clear(a->progress);
    return rc;
}

static int m_import(rpc_call *c)
{
    app *a = rpc_call_method(c)->udata;
    const char *body = rpc_str(c, "body");
    bool write = rpc_bool(c, "write", false);
    const cat_body *b = NULL;
    /* the catalogue is every centre's: only the machine's administrators change it */
    if (write && (auth_require_os_admin(c, "catalogue.import with write changes the catalogue "
                                           "every centre uses") ||
                  !(b = need_body(c, body))))
        return -1;
    sbuf out, err;
    sbuf_init(&out);
    sbuf_init(&err);
    jw w;
    jw_init(&w, &out);
    if (case_import(rpc_arg(c, "package"), body, &w, &err) != 0) {
        jw *ew = rpc_error_data(c, RPC_INVALID_PARAMS, NULL,
                                "not a CASE package this catalogue "
                                "can read: %s",
                                sbuf_cstr(&err));
        jw_kstr(ew, "field", "package");
        sbuf_free(&out);
        sbuf_free(&err);
        return rpc_error_done(c);
    }
    json_doc *doc;
    json_parse(out.data, out.len, &doc, NULL);
    const json_value *root = json_doc_root(doc);
    const json_value *quals = json_get(root, "qualifications");
    const json_value *cv = quals && quals->type == JSON_ARRAY && quals->len
                               ? json_get(quals->u.items[0], "code")
                               : NULL;
    int rc = 0;
    if (!cv || cv->type != JSON_STRING || !*cv->u.str) {
        jw *ew = rpc_error_data(c, RPC_INVALID_PARAMS, NULL,
                                "not a CASE package this catalogue can read: it names no "
                                "qualification code (CFDocument.extensions.assessd.code, or "
                                "CFDocument.identifier)");
        jw_kstr(ew, "field", "package");
        rc = rpc_error_done(c);
    }
    sbuf lua;
    sbuf_init(&lua);
    char path[1024] = "";
    if (rc == 0) {
        sbuf_printf(&lua, "-- imported from a CASE package by catalogue.import\n");
        case_lua_text(root, &lua);
        if (write)
            rc = write_import(c, a, b, cv->u.str, &lua, path, sizeof path);
    }
    if (rc == 0) {
        jw *r = rpc_result(c);
        jw_obj_begin(r);
        jw_kstr(r, "qualification", cv->u.str);
        jw_key(r, "catalogue");
        jw_value(r, root);
        jw_kstr(r, "lua", lua.data);
        jw_kstr_or_null(r, "written", write ? path : NULL);
        jw_obj_end(r);
    }
    json_doc_free(doc);
    sbuf_free(&lua);
    sbuf_free(&out);
    sbuf_free(&err);
    return rc;
}

static const rpc_param none[] = {RPC_PARAM_END};
static const rpc_param p_export[] = {{"qualification", P_STRING, true, "BODY:CODE"},
                                     {"body", P_STRING, false, NULL},
                                     {"format", P_STRING, false, "case (the default)"},
                                     RPC_PARAM_END};
static const rpc_param p_import[] = {
    {"package", P_OBJECT, true, "a CASE 1.x package: {CFDocument, CFItems, CFAssociations}"},
    {"body", P_STRING, true, "the awarding body it belongs to"},
    {"write", P_BOOL, false, "write it as catalogue/<body>/case-<code>.lua and reload (admin)"},
    {"replace", P_BOOL, false, "overwrite an earlier import"},
    RPC_PARAM_END};
static const rpc_param p_quals[] = {{"body", P_STRING, false, "only this body (e.g. OCR)"},
                                    RPC_PARAM_END};
static const rpc_param p_units[] = {{"body", P_STRING, true, "the awarding body (OCR, CG)"},
                                    RPC_PARAM_END};
static const rpc_param p_qual[] = {
    {"body", P_STRING, false, "the awarding body (OCR, CG); optional with BODY:CODE"},
    {"code", P_STRING, true, "the qualification code (05943) or BODY:CODE"},
    RPC_PARAM_END};
static const rpc_param p_unit[] = {
    {"body", P_STRING, false, "the awarding body; optional when qualification is BODY:CODE"},
    {"number", P_STRING, true, "the unit number (9, 411, F04) or its id (T/601/1235)"},
    {"qualification", P_STRING, false, "BODY:CODE or CODE: tells units sharing a number apart"},
    RPC_PARAM_END};
static const rpc_param p_search[] = {
    {"text", P_STRING, true, "words that must all appear (any case)"},
    {"body", P_STRING, false, "only this body"},
    {"limit", P_INT, false, "at most this many matches (default 50)"},
    RPC_PARAM_END};

void catalogue_register_methods(app *a)
{
    static rpc_method methods[] = {
        {"catalogue.bodies", m_bodies, 0, none, "the awarding bodies loaded", NULL},
        {"catalogue.qualifications", m_qualifications, 0, p_quals,
         "qualifications: code, title, level, accreditation number, dates", NULL},
        {"catalogue.qualification", m_qualification, 0, p_qual,
         "one qualification with its units, themes and rules of combination", NULL},
        {"catalogue.units", m_units, 0, p_units, "every unit of a body, in brief", NULL},
        {"catalogue.unit", m_unit, 0, p_unit,
         "one unit: elements or outcomes and criteria, evidence requirements, policies", NULL},
        {"catalogue.export", m_export, 0, p_export, "a qualification as a 1EdTech CASE 1.x package",
         NULL},
        {"catalogue.import", m_import, RPC_WRITE, p_import,
         "read a CASE package into the catalogue format (and, with write, add it)", NULL},
        {"catalogue.search", m_search, 0, p_search,
         "search titles, outcomes, criteria, elements and evidence requirements", NULL},
        {NULL, NULL, 0, NULL, NULL, NULL},
    };
    app_register(a, methods);
}
