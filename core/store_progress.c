/* store_progress — a centre's registrations with their evidence, decisions and sign-offs, in
 * one ordered pass over each table (a merge by registration id), for computing every
 * registration's progress at once. See store.h. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store_internal.h"

#define CURRENT(table, alias)                                                                      \
    " NOT EXISTS (SELECT 1 FROM " table " n WHERE n.supersedes = " alias ".id)"

/* A cursor over rows ordered by registration (column 0). */
typedef struct cursor {
    sqlite3_stmt *st;
    bool row; /* st holds a row */
} cursor;

static int advance(store *s, cursor *c)
{
    int rc = sqlite3_step(c->st);
    c->row = rc == SQLITE_ROW;
    return rc == SQLITE_ROW || rc == SQLITE_DONE ? STORE_OK : store__fail(s, rc);
}

static bool at(cursor *c, int64_t reg)
{
    return c->row && sqlite3_column_int64(c->st, 0) == reg;
}

/* The evidence rows of one unit, one evidence item's refs together. */
typedef struct ev_row {
    char unit[32];
    int64_t id;
    char method[16];
    bool counts;
    size_t refs_at, refs_len; /* into the registration's refs buffer */
} ev_row;

int store_progress_stream(store *s, int64_t centre, const char *body,
                          int (*fn)(void *ud, const store_reg_brief *r, const char *units,
                                    size_t len),
                          void *ud)
{
    static const char regs[] = "SELECT id, catalogue_version, body, qualification, registered_on"
                               " FROM registration WHERE centre = ?1 AND (?2 IS NULL OR body = ?2)"
                               " ORDER BY id";
    static const char units[] =
        "SELECT u.registration, u.unit_id, u.unit, u.brought_forward FROM registration g"
        " JOIN registration_unit u ON u.registration = g.id"
        " WHERE g.centre = ?1 AND (?2 IS NULL OR g.body = ?2) ORDER BY g.id";
    static const char evidence[] =
        "SELECT g.id, e.id, e.method, (e.method <> 'EPS' OR e.countersigned_by IS NOT NULL),"
        " r.unit, r.ref FROM registration g JOIN evidence e ON e.registration = g.id"
        " JOIN evidence_ref r ON r.evidence = e.id"
        " WHERE g.centre = ?1 AND (?2 IS NULL OR g.body = ?2) AND" CURRENT(
            "evidence", "e") " ORDER BY g.id, e.id";
    static const char decisions[] =
        "SELECT g.id, d.unit, d.id, d.outcome, d.kind, d.date FROM registration g"
        " JOIN decision d ON d.registration = g.id"
        " WHERE g.centre = ?1 AND (?2 IS NULL OR g.body = ?2) AND" CURRENT(
            "decision", "d") " ORDER BY g.id, d.id";
    static const char signoffs[] =
        "SELECT g.id, f.unit, f.id, f.date, f.assessor, f.trainee AND NOT EXISTS (SELECT 1 FROM"
        " countersignature c WHERE c.record = 'signoff' AND c.record_id = f.id)"
        " FROM registration g JOIN signoff f ON f.registration = g.id"
        " WHERE g.centre = ?1 AND (?2 IS NULL OR g.body = ?2) AND" CURRENT(
            "signoff", "f") " ORDER BY g.id, f.id";
    sqlite3_stmt *rs = store__query(s, regs, "Is", centre, body);
    cursor cu = {store__query(s, units, "Is", centre, body), false};
    cursor ce = {store__query(s, evidence, "Is", centre, body), false};
    cursor cd = {store__query(s, decisions, "Is", centre, body), false};
    cursor cs = {store__query(s, signoffs, "Is", centre, body), false};
    if (!rs || !cu.st || !ce.st || !cd.st || !cs.st)
        return STORE_ERROR;
    int rc = advance(s, &cu);
    if (rc == STORE_OK)
        rc = advance(s, &ce);
    if (rc == STORE_OK)
        rc = advance(s, &cd);
    if (rc == STORE_OK)
        rc = advance(s, &cs);
    sbuf out, refs;
    sbuf_init(&out);
    sbuf_init(&refs);
    ev_row *evs = NULL;
    size_t nev = 0, evcap = 0;
    int step;
    while (rc == STORE_OK && (step = sqlite3_step(rs)) == SQLITE_ROW) {
        int64_t reg = sqlite3_column_int64(rs, 0);
        /* this registration's evidence, grouped by item */
        nev = 0;
        sbuf_reset(&refs);
        while (rc == STORE_OK && ce.row && sqlite3_column_int64(ce.st, 0) < reg)
            rc = advance(s, &ce); /* rows of registrations not listed (none expected) */
        while (rc == STORE_OK && at(&ce, reg)) {
            int64_t id = sqlite3_column_int64(ce.st, 1);
            const char *unit = store__text(ce.st, 4);
            ev_row *last = nev ? &evs[nev - 1] : NULL;
            if (!last || last->id != id || strcmp(last->unit, unit) != 0) {
                if (nev == evcap) {
                    evcap = evcap ? evcap * 2 : 64;
                    evs = realloc(evs, evcap * sizeof *evs);
                }
                last = &evs[nev++];
                memset(last, 0, sizeof *last);
                last->id = id;
                snprintf(last->unit, sizeof last->unit, "%s", unit);
                snprintf(last->method, sizeof last->method, "%s", store__text(ce.st, 2));
                last->counts = sqlite3_column_int(ce.st, 3) != 0;
                last->refs_at = refs.len;
            } else {
                sbuf_addc(&refs, ',');
            }
            const char *ref = store__text(ce.st, 5);
            json_escape(&refs, ref, strlen(ref));
            last->refs_len = refs.len - last->refs_at;
            rc = advance(s, &ce);
        }
        /* the units, each with its evidence, decisions and sign-off */
        sbuf_reset(&out);
        jw w;
        jw_init(&w, &out);
        jw_arr_begin(&w);
        while (rc == STORE_OK && cu.row && sqlite3_column_int64(cu.st, 0) < reg)
            rc = advance(s, &cu);
        /* decisions and sign-offs of the registration come in id order, not by unit: gather */
        sbuf decs, sgns;
        sbuf_init(&decs);
        sbuf_init(&sgns);
        while (rc == STORE_OK && cd.row && sqlite3_column_int64(cd.st, 0) < reg)
            rc = advance(s, &cd);
        while (rc == STORE_OK && at(&cd, reg)) {
            /* unit \x1f json \x1e */
            sbuf_adds(&decs, store__text(cd.st, 1));
            sbuf_addc(&decs, '\x1f');
            jw dw;
            jw_init(&dw, &decs);
            jw_obj_begin(&dw);
            jw_kint(&dw, "id", sqlite3_column_int64(cd.st, 2));
            jw_kstr(&dw, "outcome", store__text(cd.st, 3));
            jw_kstr(&dw, "kind", store__text(cd.st, 4));
            jw_kstr(&dw, "date", store__text(cd.st, 5));
            jw_obj_end(&dw);
            sbuf_addc(&decs, '\x1e');
            rc = advance(s, &cd);
        }
        while (rc == STORE_OK && cs.row && sqlite3_column_int64(cs.st, 0) < reg)
            rc = advance(s, &cs);
        while (rc == STORE_OK && at(&cs, reg)) {
            sbuf_adds(&sgns, store__text(cs.st, 1));
            sbuf_addc(&sgns, '\x1f');
            jw gw;
            jw_init(&gw, &sgns);
            jw_obj_begin(&gw);
            jw_kint(&gw, "id", sqlite3_column_int64(cs.st, 2));
            jw_kstr(&gw, "date", store__text(cs.st, 3));
            jw_kint(&gw, "assessor", sqlite3_column_int64(cs.st, 4));
            jw_kbool(&gw, "pending", sqlite3_column_int(cs.st, 5) != 0);
            jw_obj_end(&gw);
            sbuf_addc(&sgns, '\x1e');
            rc = advance(s, &cs);
        }
        while (rc == STORE_OK && at(&cu, reg)) {
            const char *unit = store__text(cu.st, 2);
            size_t ulen = strlen(unit);
            jw_obj_begin(&w);
            jw_kstr(&w, "id", store__text(cu.st, 1));
            jw_kstr(&w, "number", unit);
            if (sqlite3_column_type(cu.st, 3) != SQLITE_NULL)
                jw_kstr(&w, "brought_forward", store__text(cu.st, 3));
            jw_key(&w, "evidence");
            jw_arr_begin(&w);
            for (size_t i = 0; i < nev; i++) {
                if (strcmp(evs[i].unit, unit) != 0)
                    continue;
                jw_obj_begin(&w);
                jw_kint(&w, "id", evs[i].id);
                jw_kstr(&w, "method", evs[i].method);
                jw_kbool(&w, "counts", evs[i].counts);
                jw_key(&w, "refs");
                jw_raw(&w, "[", 1);
                sbuf_add(&out, refs.data + evs[i].refs_at, evs[i].refs_len);
                sbuf_addc(&out, ']');
                jw_obj_end(&w);
            }
            jw_arr_end(&w);
            /* the unit's decisions, and its latest current sign-off */
            jw_key(&w, "decisions");
            jw_arr_begin(&w);
            const char *signoff = NULL;
            size_t signoff_len = 0;
            for (int pass = 0; pass < 2; pass++) {
                sbuf *list = pass ? &sgns : &decs;
                const char *p = list->data, *end = list->data + list->len;
                while (p && p < end) {
                    const char *us = memchr(p, '\x1f', (size_t)(end - p));
                    const char *rec = memchr(us, '\x1e', (size_t)(end - us));
                    if ((size_t)(us - p) == ulen && !memcmp(p, unit, ulen)) {
                        if (pass == 0)
                            jw_raw(&w, us + 1, (size_t)(rec - us - 1));
                        else
                            signoff = us + 1, signoff_len = (size_t)(rec - us - 1);
                    }
                    p = rec + 1;
                }
                if (pass == 0)
                    jw_arr_end(&w);
            }
            jw_key(&w, "signoff");
            if (signoff)
                jw_raw(&w, signoff, signoff_len);
            else
                jw_null(&w);
            jw_obj_end(&w);
            rc = advance(s, &cu);
        }
        jw_arr_end(&w);
        sbuf_free(&decs);
        sbuf_free(&sgns);
        if (rc != STORE_OK)
            break;
        store_reg_brief b = {reg, sqlite3_column_int64(rs, 1), store__text(rs, 2),
                             store__text(rs, 3), store__text(rs, 4)};
        if (fn(ud, &b, out.data, out.len))
            break;
    }
    sqlite3_reset(rs);
    sqlite3_reset(cu.st);
    sqlite3_reset(ce.st);
    sqlite3_reset(cd.st);
    sqlite3_reset(cs.st);
    sbuf_free(&out);
    sbuf_free(&refs);
    free(evs);
    return rc;
}
