/* store_progress — a centre's registrations with their evidence, decisions and sign-offs, in
 * one ordered pass over each table (a merge by registration id), for computing every
 * registration's progress at once; the same for one registration (the progress hook's input);
 * and the summaries kept of earlier computations, so that only the registrations changed since
 * are read in full. See store.h. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store_internal.h"

/* registration g has a summary good for rules ?3 on date ?4 (today '': on any date) */
#define KEPT_ON(p)                                                                                 \
    p ".registration = g.id AND " p ".rev = g.progress_rev AND " p ".rules = ?3 AND " p            \
      ".today IN (?4, '')"
#define STALE     " AND NOT EXISTS (SELECT 1 FROM progress_summary k WHERE " KEPT_ON("k") ")"
#define OF_CENTRE " WHERE g.centre = ?1 AND (?2 IS NULL OR g.body = ?2)" STALE

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

/* Moves c past the rows of registrations before reg (rows of registrations not listed: none
 * expected). */
static int skip_before(store *s, cursor *c, int64_t reg)
{
    int rc = STORE_OK;
    while (rc == STORE_OK && c->row && sqlite3_column_int64(c->st, 0) < reg)
        rc = advance(s, c);
    return rc;
}

static void write_decision(jw *w, sqlite3_stmt *st)
{
    jw_kint(w, "id", sqlite3_column_int64(st, 2));
    jw_kstr(w, "outcome", store__text(st, 3));
    jw_kstr(w, "kind", store__text(st, 4));
    jw_kstr(w, "date", store__text(st, 5));
}

static void write_signoff(jw *w, sqlite3_stmt *st)
{
    jw_kint(w, "id", sqlite3_column_int64(st, 2));
    jw_kstr(w, "date", store__text(st, 3));
    jw_kint(w, "assessor", sqlite3_column_int64(st, 4));
    jw_kbool(w, "pending", sqlite3_column_int(st, 5) != 0);
}

/* The current rows of registration reg (column 1 the unit, 2 the record's id), which come in id
 * order rather than by unit, gathered into out as "unit \x1f {json} \x1e" records. */
static int gather(store *s, cursor *c, int64_t reg, const int64_t *gone, size_t ngone, sbuf *out,
                  void (*write)(jw *, sqlite3_stmt *))
{
    sbuf_reset(out);
    int rc = skip_before(s, c, reg);
    for (; rc == STORE_OK && at(c, reg); rc = advance(s, c)) {
        if (store__in(gone, ngone, sqlite3_column_int64(c->st, 2)))
            continue; /* superseded by a correction */
        sbuf_adds(out, store__text(c->st, 1));
        sbuf_addc(out, '\x1f');
        jw w;
        jw_init(&w, out);
        jw_obj_begin(&w);
        write(&w, c->st);
        jw_obj_end(&w);
        sbuf_addc(out, '\x1e');
    }
    return rc;
}

/* The next record of unit (ulen bytes) in a gathered list, from *at on; NULL when there is
 * none. *len is the record's length. */
static const char *next_of_unit(const sbuf *list, const char **at, const char *unit, size_t ulen,
                                size_t *len)
{
    if (!list->len)
        return NULL; /* an empty sbuf's data is NULL: no arithmetic on it */
    const char *p = *at ? *at : list->data, *end = list->data + list->len;
    while (p && p < end) {
        const char *us = memchr(p, '\x1f', (size_t)(end - p));
        const char *rec = memchr(us, '\x1e', (size_t)(end - us));
        *at = rec + 1;
        if ((size_t)(us - p) == ulen && !memcmp(p, unit, ulen)) {
            *len = (size_t)(rec - us - 1);
            return us + 1;
        }
        p = rec + 1;
    }
    return NULL;
}

/* The evidence rows of one unit, one evidence item's refs together. */
typedef struct ev_row {
    char unit[32];
    int64_t id;
    char method[16];
    bool counts;
    size_t span_at, nspans; /* its refs (spans): together in the refs buffer, commas between */
} ev_row;

/* One ref (a JSON string) in the registration's refs buffer. */
typedef struct span {
    size_t at, len;
} span;

struct store_progress_cursor {
    store *s;     /* the connection read: its own reader, or the caller's store */
    bool own;     /* s is a reader this cursor opened */
    bool covered; /* each unit's refs covered, not its evidence items */
    sqlite3_stmt *rs;
    cursor cu, ce, cd, cs;
    sbuf out, refs;
    sbuf decs, sgns; /* the registration's decisions and sign-offs (gather) */
    ev_row *evs;
    size_t nev, evcap;
    span *spans; /* the registration's refs; then, per unit, those written (covered) */
    size_t nspans, spancap;
    /* superseded records, tested per row: a probe of each table per row costs more */
    int64_t *gone_ev, *gone_dec, *gone_sgn;
    size_t ngone_ev, ngone_dec, ngone_sgn;
};

static int add_span(store_progress_cursor *pc, size_t at, size_t len)
{
    if (pc->nspans == pc->spancap) {
        size_t cap = pc->spancap ? pc->spancap * 2 : 256;
        span *ns = realloc(pc->spans, cap * sizeof *ns);
        if (!ns)
            return -1;
        pc->spans = ns;
        pc->spancap = cap;
    }
    pc->spans[pc->nspans++] = (span){at, len};
    return 0;
}

/* The end of the JSON string starting at p (its opening quote), just past its closing one. */
static const char *string_end(const char *p, const char *end)
{
    for (p++; p < end && *p != '"'; p++)
        if (*p == '\\')
            p++;
    return p < end ? p + 1 : end;
}

/* The evidence item on the evidence cursor's row: an ev_row for each of its units (the units
 * column), with that unit's refs (the same line of unit_refs) as spans in the refs buffer. */
static int read_item(store_progress_cursor *pc, int64_t id)
{
    sqlite3_stmt *st = pc->ce.st;
    const char *method = store__text(st, 2), *units = store__text(st, 4),
               *refs = store__text(st, 5);
    while (*units && *refs) {
        size_t ulen = strcspn(units, "\n"), rlen = strcspn(refs, "\n");
        if (pc->nev == pc->evcap) {
            size_t cap = pc->evcap ? pc->evcap * 2 : 64;
            ev_row *ne = realloc(pc->evs, cap * sizeof *ne);
            if (!ne)
                goto oom;
            pc->evs = ne;
            pc->evcap = cap;
        }
        ev_row *e = &pc->evs[pc->nev++];
        memset(e, 0, sizeof *e);
        e->id = id;
        store__copy(e->unit, sizeof e->unit, units, ulen);
        store__copy(e->method, sizeof e->method, method, strlen(method));
        e->counts = sqlite3_column_int(st, 3) != 0;
        e->span_at = pc->nspans;
        /* the line as it is (strings and commas), then a span for each string in it */
        size_t base = pc->refs.len;
        sbuf_add(&pc->refs, refs, rlen);
        for (const char *p = refs, *end = refs + rlen; p < end;) {
            const char *q = string_end(p, end);
            if (add_span(pc, base + (size_t)(p - refs), (size_t)(q - p)) != 0)
                goto oom;
            e->nspans++;
            p = q < end && *q == ',' ? q + 1 : end;
        }
        units += ulen + (units[ulen] == '\n');
        refs += rlen + (refs[rlen] == '\n');
    }
    return STORE_OK;
oom:
    snprintf(pc->s->err, sizeof pc->s->err, "out of memory");
    return STORE_ERROR;
}

/* The unit's current evidence items: {id, method, counts, refs}. */
static void write_items(store_progress_cursor *pc, jw *w, const char *unit)
{
    jw_key(w, "evidence");
    jw_arr_begin(w);
    for (size_t i = 0; i < pc->nev; i++) {
        const ev_row *e = &pc->evs[i];
        if (strcmp(e->unit, unit) != 0)
            continue;
        jw_obj_begin(w);
        jw_kint(w, "id", e->id);
        jw_kstr(w, "method", e->method);
        jw_kbool(w, "counts", e->counts);
        jw_key(w, "refs");
        jw_raw(w, "[", 1);
        if (e->nspans) { /* its refs lie together, commas between */
            const span *first = &pc->spans[e->span_at], *last = first + e->nspans - 1;
            sbuf_add(&pc->out, pc->refs.data + first->at, last->at + last->len - first->at);
        }
        sbuf_addc(&pc->out, ']');
        jw_obj_end(w);
    }
    jw_arr_end(w);
}

/* Instead of the items: covered, the refs of the unit's current evidence that counts, each
 * once, and evidence_count, how many current items there are (counting or not). The refs
 * written so far are spans appended after the registration's own, and dropped at the end. */
static int write_covered(store_progress_cursor *pc, jw *w, const char *unit)
{
    size_t mine = pc->nspans, items = 0;
    const char *refs = pc->refs.data;
    jw_key(w, "covered");
    jw_raw(w, "[", 1);
    for (size_t i = 0; i < pc->nev; i++) {
        const ev_row *e = &pc->evs[i];
        if (strcmp(e->unit, unit) != 0)
            continue;
        items++;
        for (size_t k = 0; e->counts && k < e->nspans; k++) {
            span r = pc->spans[e->span_at + k];
            size_t j = mine;
            while (j < pc->nspans && (pc->spans[j].len != r.len ||
                                      memcmp(refs + pc->spans[j].at, refs + r.at, r.len) != 0))
                j++;
            if (j < pc->nspans)
                continue; /* written already */
            if (pc->nspans > mine)
                sbuf_addc(&pc->out, ',');
            sbuf_add(&pc->out, refs + r.at, r.len);
            if (add_span(pc, r.at, r.len) != 0) {
                pc->nspans = mine;
                snprintf(pc->s->err, sizeof pc->s->err, "out of memory");
                return STORE_ERROR;
            }
        }
    }
    sbuf_addc(&pc->out, ']');
    pc->nspans = mine;
    jw_kint(w, "evidence_count", (int64_t)items);
    return STORE_OK;
}

/* The five statements of a cursor, each ordered by registration: the registrations, their
 * units, evidence items (with their units' refs), decisions and sign-offs. Over a centre (?1, body
 * ?2 or every body), the registrations without a summary good for rules ?3 on date ?4 come with
 * their records, the others with their summary only; over one registration (?5), its records
 * always, its units in the order they were chosen. */
#define UNITS_SQL(where, order)                                                                    \
    "SELECT u.registration, u.unit_id, u.unit, u.brought_forward FROM registration g"              \
    " JOIN registration_unit u ON u.registration = g.id" where " ORDER BY " order
#define EVIDENCE_SQL(where)                                                                        \
    "SELECT g.id, e.id, e.method, (e.method <> 'EPS' OR e.countersigned_by IS NOT NULL),"          \
    " e.units, e.unit_refs FROM registration g JOIN evidence e ON e.registration = g.id" where     \
    " ORDER BY g.id, e.id"
#define DECISIONS_SQL(where)                                                                       \
    "SELECT g.id, d.unit, d.id, d.outcome, d.kind, d.date FROM registration g"                     \
    " JOIN decision d ON d.registration = g.id" where " ORDER BY g.id, d.id"
#define SIGNOFFS_SQL(where)                                                                        \
    "SELECT g.id, f.unit, f.id, f.date, f.assessor, f.trainee AND NOT EXISTS (SELECT 1 FROM"       \
    " countersignature c WHERE c.record = 'signoff' AND c.record_id = f.id)"                       \
    " FROM registration g JOIN signoff f ON f.registration = g.id" where " ORDER BY g.id, f.id"
#define ONE " WHERE g.id = ?5"

static const char *const of_centre[5] = {
    "SELECT g.id, g.catalogue_version, g.body, g.qualification, g.registered_on,"
    " g.progress_rev, k.units, k.units_achieved, k.units_ready, k.achieved"
    " FROM registration g LEFT JOIN progress_summary k ON " KEPT_ON(
        "k") " WHERE g.centre = ?1 AND (?2 IS NULL OR g.body = ?2) ORDER BY g.id",
    UNITS_SQL(OF_CENTRE, "g.id"),
    EVIDENCE_SQL(OF_CENTRE),
    DECISIONS_SQL(OF_CENTRE),
    SIGNOFFS_SQL(OF_CENTRE),
};
static const char *const of_one[5] = {
    "SELECT g.id, g.catalogue_version, g.body, g.qualification, g.registered_on,"
    " g.progress_rev, NULL, NULL, NULL, NULL FROM registration g" ONE,
    UNITS_SQL(ONE, "u.rowid"),
    EVIDENCE_SQL(ONE),
    DECISIONS_SQL(ONE),
    SIGNOFFS_SQL(ONE),
};

/* Opens a cursor with the statements sql (of_centre or of_one); reg is of_one's registration,
 * 0 for of_centre. */
static int open_cursor(store *s, bool own_connection, bool covered, const char *const sql[5],
                       int64_t centre, const char *body, int64_t rules, const char *today,
                       int64_t reg, store_progress_cursor **out)
{
    *out = NULL;
    store_progress_cursor *pc = calloc(1, sizeof *pc);
    if (!pc) {
        snprintf(s->err, sizeof s->err, "out of memory");
        return STORE_ERROR;
    }
    pc->s = s;
    pc->covered = covered;
    sbuf_init(&pc->out);
    sbuf_init(&pc->refs);
    sbuf_init(&pc->decs);
    sbuf_init(&pc->sgns);
    if (own_connection) {
        if (store_open_reader(s, &pc->s) != STORE_OK) {
            free(pc);
            return STORE_ERROR;
        }
        pc->own = true;
        /* one snapshot for the five statements, however many loop turns they take */
        if (store__exec(pc->s, "BEGIN") != STORE_OK) {
            snprintf(s->err, sizeof s->err, "%s", pc->s->err);
            store_progress_close(pc);
            return STORE_ERROR;
        }
        pc->s->in_tx = true;
    }
    store *r = pc->s;
    int rc = store__superseded(r, STORE_EVIDENCE, reg, &pc->gone_ev, &pc->ngone_ev);
    if (rc == STORE_OK)
        rc = store__superseded(r, STORE_DECISION, reg, &pc->gone_dec, &pc->ngone_dec);
    if (rc == STORE_OK)
        rc = store__superseded(r, STORE_SIGNOFF, reg, &pc->gone_sgn, &pc->ngone_sgn);
    if (rc != STORE_OK) {
        if (r != s)
            snprintf(s->err, sizeof s->err, "%s", r->err);
        store_progress_close(pc);
        return STORE_ERROR;
    }
    /* of_one's statements have parameters up to ?5, of_centre's up to ?4 */
    const char *types = reg ? "IsIsI" : "IsIs";
    pc->rs = store__query(r, sql[0], types, centre, body, rules, today, reg);
    pc->cu.st = store__query(r, sql[1], types, centre, body, rules, today, reg);
    pc->ce.st = store__query(r, sql[2], types, centre, body, rules, today, reg);
    pc->cd.st = store__query(r, sql[3], types, centre, body, rules, today, reg);
    pc->cs.st = store__query(r, sql[4], types, centre, body, rules, today, reg);
    rc = pc->rs && pc->cu.st && pc->ce.st && pc->cd.st && pc->cs.st ? STORE_OK : STORE_ERROR;
    if (rc == STORE_OK)
        rc = advance(r, &pc->cu);
    if (rc == STORE_OK)
        rc = advance(r, &pc->ce);
    if (rc == STORE_OK)
        rc = advance(r, &pc->cd);
    if (rc == STORE_OK)
        rc = advance(r, &pc->cs);
    if (rc != STORE_OK) {
        if (r != s)
            snprintf(s->err, sizeof s->err, "%s", r->err);
        store_progress_close(pc);
        return STORE_ERROR;
    }
    *out = pc;
    return STORE_OK;
}

int store_progress_open(store *s, bool own_connection, bool covered, int64_t centre,
                        const char *body, int64_t rules, const char *today,
                        store_progress_cursor **out)
{
    return open_cursor(s, own_connection, covered, of_centre, centre, body, rules, today, 0, out);
}

typedef struct one_reg {
    jw *w;
    bool found;
} one_reg;

static int write_units(void *ud, const store_reg_brief *r, const char *units, size_t len)
{
    (void)r;
    one_reg *o = ud;
    jw_raw(o->w, units, len);
    o->found = true;
    return 1; /* the one registration */
}

int store_progress_units(store *s, int64_t reg, jw *w)
{
    store_progress_cursor *pc;
    if (open_cursor(s, false, false, of_one, 0, NULL, 0, NULL, reg, &pc) != STORE_OK)
        return STORE_ERROR;
    one_reg o = {w, false};
    bool done;
    int rc = store_progress_next(pc, 1, write_units, &o, &done);
    if (rc == STORE_OK && !o.found) {
        jw_arr_begin(w); /* no such registration: no units */
        jw_arr_end(w);
    }
    store_progress_close(pc);
    return rc;
}

int store_progress_next(store_progress_cursor *pc, int n,
                        int (*fn)(void *ud, const store_reg_brief *r, const char *units,
                                  size_t len),
                        void *ud, bool *done)
{
    *done = false;
    store *s = pc->s;
    sqlite3_stmt *rs = pc->rs;
    int rc = STORE_OK, step = SQLITE_ROW;
    while (n-- > 0 && rc == STORE_OK && (step = sqlite3_step(rs)) == SQLITE_ROW) {
        int64_t reg = sqlite3_column_int64(rs, 0);
        store_reg_brief b = {reg,
                             sqlite3_column_int64(rs, 1),
                             store__text(rs, 2),
                             store__text(rs, 3),
                             store__text(rs, 4),
                             sqlite3_column_int64(rs, 5),
                             NULL};
        if (sqlite3_column_type(rs, 6) != SQLITE_NULL) {
            store_progress_summary kept = {sqlite3_column_int64(rs, 6), sqlite3_column_int64(rs, 7),
                                           sqlite3_column_int64(rs, 8),
                                           sqlite3_column_int(rs, 9) != 0};
            b.kept = &kept;
            if (fn(ud, &b, NULL, 0)) {
                *done = true;
                return STORE_OK;
            }
            continue;
        }
        /* this registration's evidence, grouped by item */
        pc->nev = 0;
        pc->nspans = 0;
        sbuf_reset(&pc->refs);
        if (rc == STORE_OK)
            rc = skip_before(s, &pc->ce, reg);
        while (rc == STORE_OK && at(&pc->ce, reg)) {
            int64_t id = sqlite3_column_int64(pc->ce.st, 1);
            if (!store__in(pc->gone_ev, pc->ngone_ev, id)) /* else superseded by a correction */
                rc = read_item(pc, id);
            if (rc == STORE_OK)
                rc = advance(s, &pc->ce);
        }
        /* the units, each with its evidence, decisions and sign-off */
        sbuf_reset(&pc->out);
        jw w;
        jw_init(&w, &pc->out);
        jw_arr_begin(&w);
        if (rc == STORE_OK)
            rc = skip_before(s, &pc->cu, reg);
        if (rc == STORE_OK)
            rc = gather(s, &pc->cd, reg, pc->gone_dec, pc->ngone_dec, &pc->decs, write_decision);
        if (rc == STORE_OK)
            rc = gather(s, &pc->cs, reg, pc->gone_sgn, pc->ngone_sgn, &pc->sgns, write_signoff);
        while (rc == STORE_OK && at(&pc->cu, reg)) {
            const char *unit = store__text(pc->cu.st, 2);
            size_t ulen = strlen(unit);
            jw_obj_begin(&w);
            jw_kstr(&w, "id", store__text(pc->cu.st, 1));
            jw_kstr(&w, "number", unit);
            if (sqlite3_column_type(pc->cu.st, 3) != SQLITE_NULL)
                jw_kstr(&w, "brought_forward", store__text(pc->cu.st, 3));
            if (pc->covered)
                rc = write_covered(pc, &w, unit);
            else
                write_items(pc, &w, unit);
            /* the unit's decisions, and its latest current sign-off */
            jw_key(&w, "decisions");
            jw_arr_begin(&w);
            const char *rec, *from = NULL, *signoff = NULL;
            size_t len, signoff_len = 0;
            while ((rec = next_of_unit(&pc->decs, &from, unit, ulen, &len)))
                jw_raw(&w, rec, len);
            jw_arr_end(&w);
            for (from = NULL; (rec = next_of_unit(&pc->sgns, &from, unit, ulen, &len));)
                signoff = rec, signoff_len = len;
            jw_key(&w, "signoff");
            if (signoff)
                jw_raw(&w, signoff, signoff_len);
            else
                jw_null(&w);
            jw_obj_end(&w);
            if (rc == STORE_OK)
                rc = advance(s, &pc->cu);
        }
        jw_arr_end(&w);
        if (rc != STORE_OK)
            break;
        if (fn(ud, &b, pc->out.data, pc->out.len)) {
            *done = true; /* the caller stops here */
            return STORE_OK;
        }
    }
    if (rc == STORE_OK && step != SQLITE_ROW) {
        if (step == SQLITE_DONE)
            *done = true;
        else
            rc = store__fail(s, step);
    }
    return rc;
}

const char *store_progress_error(store_progress_cursor *pc)
{
    return pc->s->err;
}

void store_progress_close(store_progress_cursor *pc)
{
    if (!pc)
        return;
    sqlite3_stmt *all[] = {pc->rs, pc->cu.st, pc->ce.st, pc->cd.st, pc->cs.st};
    for (size_t i = 0; i < sizeof all / sizeof *all; i++)
        if (all[i])
            sqlite3_reset(all[i]);
    if (pc->own)
        store_close(pc->s); /* ends the read transaction */
    sbuf_free(&pc->out);
    sbuf_free(&pc->refs);
    sbuf_free(&pc->decs);
    sbuf_free(&pc->sgns);
    free(pc->evs);
    free(pc->spans);
    free(pc->gone_ev);
    free(pc->gone_dec);
    free(pc->gone_sgn);
    free(pc);
}

int store_progress_keep(store *s, int64_t reg, int64_t rev, int64_t rules, const char *today,
                        const store_progress_summary *sum)
{
    static const char sql[] =
        "INSERT OR REPLACE INTO progress_summary (registration, rev, rules, today, units,"
        " units_achieved, units_ready, achieved) SELECT ?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8"
        " FROM registration WHERE id = ?1 AND progress_rev = ?2";
    sqlite3_stmt *st = store__query(s, sql, "IIIsIIIb", reg, rev, rules, today, sum->units,
                                    sum->units_achieved, sum->units_ready, (int)sum->achieved);
    return st ? store__done(s, st) : STORE_ERROR;
}
