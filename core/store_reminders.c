/* store_reminders — the reminder jobs' queries, the outbox, its deliveries and the record of job
 * runs. See store.h.
 *
 * Every query of a job is one set-based statement over the whole store (no loop per
 * registration): the migration-4 indexes keep each a handful of index probes per row. Where a
 * due date needs calendar arithmetic (registered_on + N days, started_on + 18 months) the SQL
 * pre-filters with a bound computed here and the exact date is computed in C (dates.h), which
 * keeps the SQL portable. Rows go to a sink one by one (bind_data.c makes Lua tables of them):
 * no text is built in between.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dates.h"
#include "store_internal.h"

/* a record not superseded by a correction: the list of superseded ids is computed once per
 * statement (it is not correlated), which is much cheaper than a probe per row */
#define CURRENT(table, alias)                                                                      \
    " " alias ".id NOT IN (SELECT supersedes FROM " table " WHERE supersedes IS NOT NULL)"
/* a registration still under way: no full-award claim */
#define ACTIVE(alias) " " alias ".id NOT IN (SELECT registration FROM claim WHERE full = 1)"

/* ---- helpers ----------------------------------------------------------------------------- */

#define MAX_COLS 16

/* d + days, as text; "" when d is not a date. */
static void add_days(const char *d, int64_t days, char out[DATE_LEN])
{
    int64_t n;
    if (!date_parse(d, &n)) {
        out[0] = '\0';
        return;
    }
    date_format(n + days, out);
}

/* Text column i of the current row ("" for NULL). */
static const char *col(sqlite3_stmt *st, int i)
{
    return store__text(st, i);
}

/* Hands the current row to the sink: every column, then "due" when given. */
static void emit(sqlite3_stmt *st, const store_row_sink *out, const char *due)
{
    store_col c[MAX_COLS + 1];
    int n = sqlite3_column_count(st);
    if (n > MAX_COLS)
        n = MAX_COLS;
    for (int i = 0; i < n; i++) {
        c[i].name = sqlite3_column_name(st, i);
        switch (sqlite3_column_type(st, i)) {
        case SQLITE_NULL:
            c[i].type = STORE_COL_NULL;
            break;
        case SQLITE_INTEGER:
            c[i].type = STORE_COL_INT;
            c[i].i = sqlite3_column_int64(st, i);
            break;
        default:
            c[i].type = STORE_COL_TEXT;
            c[i].s = (const char *)sqlite3_column_text(st, i);
            c[i].len = (size_t)sqlite3_column_bytes(st, i);
        }
    }
    if (due) {
        c[n] = (store_col){.name = "due", .type = STORE_COL_TEXT, .s = due, .len = strlen(due)};
        n++;
    }
    out->row(out->ud, c, n);
}

/* Every row, as it comes. */
static int rows_plain(store *s, sqlite3_stmt *st, const store_row_sink *out)
{
    if (!st)
        return STORE_ERROR;
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW)
        emit(st, out, NULL);
    sqlite3_reset(st);
    return rc == SQLITE_DONE ? STORE_OK : store__fail(s, rc);
}

typedef void (*due_fn)(sqlite3_stmt *st, const void *arg, char due[DATE_LEN]);

/* Rows of one record (column 0) that name the same unit (column 3) again: an item of evidence
 * with several references in a unit comes once per unit. The rows of a record are adjacent. */
typedef struct seen {
    int64_t record;
    int n;
    char units[32][32];
} seen;

static bool seen_before(seen *sn, sqlite3_stmt *st)
{
    int64_t record = sqlite3_column_int64(st, 0);
    const char *unit = col(st, 3);
    if (record != sn->record) {
        sn->record = record;
        sn->n = 0;
    }
    for (int i = 0; i < sn->n; i++)
        if (strcmp(sn->units[i], unit) == 0)
            return true;
    if (sn->n < 32)
        store__copy(sn->units[sn->n++], sizeof sn->units[0], unit, strlen(unit));
    return false;
}

/* Every row due on or before until, with its due date computed by fn; with sn, once per record
 * and unit. */
static int rows_due(store *s, sqlite3_stmt *st, const char *until, due_fn fn, const void *arg,
                    const store_row_sink *out, seen *sn)
{
    if (!st)
        return STORE_ERROR;
    int rc;
    char due[DATE_LEN];
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        if (sn && seen_before(sn, st))
            continue;
        fn(st, arg, due);
        if (due[0] && strcmp(due, until) <= 0)
            emit(st, out, due);
    }
    sqlite3_reset(st);
    return rc == SQLITE_DONE ? STORE_OK : store__fail(s, rc);
}

/* ---- the jobs' queries ------------------------------------------------------------------- */
/* The queries that look inside registrations start from the active ones (CROSS JOIN keeps
 * that order in SQLite; elsewhere it is a plain join): their cost follows the registrations
 * under way, not everything the centre ever recorded. */

/* columns 8 registered_on, 9 last_review, 10 next_due */
static void review_due(sqlite3_stmt *st, const void *arg, char due[DATE_LEN])
{
    int64_t interval = *(const int64_t *)arg;
    if (*col(st, 10))
        snprintf(due, DATE_LEN, "%s", col(st, 10));
    else
        add_days(*col(st, 9) ? col(st, 9) : col(st, 8), interval, due);
}

int store_rem_reviews(store *s, const char *until, int64_t interval_days, const store_row_sink *out)
{
    /* the latest current review of each active registration; none: registered_on + interval */
    static const char sql[] =
        "SELECT g.id AS registration, g.centre, g.candidate, pc.name AS candidate_name,"
        " g.assessor, pa.name AS assessor_name, g.body || ':' || g.qualification AS qualification,"
        " g.title, g.registered_on, v.date AS last_review, v.next_due"
        " FROM (SELECT x.*, (SELECT r.id FROM review r WHERE r.registration = x.id AND" CURRENT(
            "review",
            "r") " ORDER BY r.date DESC, r.id DESC LIMIT 1) AS last_id"
                 " FROM registration x WHERE" ACTIVE(
                     "x") ") g"
                          " LEFT JOIN review v ON v.id = g.last_id"
                          " JOIN person pc ON pc.id = g.candidate"
                          " JOIN person pa ON pa.id = g.assessor"
                          " WHERE CASE WHEN v.id IS NULL THEN g.registered_on <= ?2"
                          " WHEN v.next_due IS NULL THEN v.date <= ?2 ELSE v.next_due <= ?1 END"
                          " ORDER BY g.id";
    char bound[DATE_LEN];
    add_days(until, -interval_days, bound);
    return rows_due(s, store__query(s, sql, "ss", until, bound), until, review_due, &interval_days,
                    out, NULL);
}

/* columns 10 registered_on, 11 last_signed */
static void claim_due(sqlite3_stmt *st, const void *arg, char due[DATE_LEN])
{
    add_days(col(st, 10), *(const int64_t *)arg, due);
    if (strcmp(col(st, 11), due) > 0)
        snprintf(due, DATE_LEN, "%s", col(st, 11));
}

int store_rem_claim_ready(store *s, const char *until, int64_t min_days, const store_row_sink *out)
{
    /* every chosen unit brought forward, or signed off and not awaiting a countersignature;
     * no claim of any kind yet */
    static const char sql[] =
        "SELECT g.id AS registration, g.centre, g.candidate, pc.name AS candidate_name, g.iv,"
        " pi.name AS iv_name, g.assessor, pa.name AS assessor_name,"
        " g.body || ':' || g.qualification AS qualification, g.title, g.registered_on,"
        " (SELECT max(CASE WHEN c.date > f.date THEN c.date ELSE f.date END) FROM signoff f"
        " LEFT JOIN countersignature c ON c.record = 'signoff' AND c.record_id = f.id"
        " WHERE f.registration = g.id AND" CURRENT(
            "signoff",
            "f") ") AS last_signed"
                 " FROM registration g JOIN person pc ON pc.id = g.candidate"
                 " JOIN person pi ON pi.id = g.iv JOIN person pa ON pa.id = g.assessor"
                 " WHERE g.registered_on <= ?1"
                 " AND NOT EXISTS (SELECT 1 FROM claim c WHERE c.registration = g.id)"
                 " AND EXISTS (SELECT 1 FROM registration_unit u WHERE u.registration = g.id)"
                 " AND NOT EXISTS (SELECT 1 FROM registration_unit u WHERE u.registration = g.id"
                 " AND u.brought_forward IS NULL AND NOT EXISTS (SELECT 1 FROM signoff f"
                 " WHERE f.registration = g.id AND f.unit = u.unit AND" CURRENT(
                     "signoff", "f") " AND (f.trainee = 0 OR EXISTS (SELECT 1 FROM"
                                     " countersignature c WHERE c.record = 'signoff'"
                                     " AND c.record_id = f.id))))"
                                     " ORDER BY g.id";
    char bound[DATE_LEN];
    add_days(until, -min_days, bound);
    return rows_due(s, store__query(s, sql, "s", bound), until, claim_due, &min_days, out, NULL);
}

/* column 4 started_on */
static void award_due(sqlite3_stmt *st, const void *arg, char due[DATE_LEN])
{
    int64_t d;
    if (!date_parse(col(st, 4), &d)) {
        due[0] = '\0';
        return;
    }
    date_format(date_add_months(d, (int)*(const int64_t *)arg), due);
}

int store_rem_award_deadlines(store *s, const char *until, int64_t months, const char *today,
                              const store_row_sink *out)
{
    /* people working towards an assessor or IV award who hold none for the role by today */
    static const char sql[] =
        "SELECT p.id AS person, p.name, p.centre, a.role, min(a.started_on) AS started_on"
        " FROM award a JOIN person p ON p.id = a.person"
        " WHERE a.role IN ('assessor', 'iv') AND a.started_on IS NOT NULL AND a.started_on <= ?1"
        " AND ',' || p.roles || ',' LIKE '%,' || a.role || ',%'"
        " AND NOT EXISTS (SELECT 1 FROM award b WHERE b.person = a.person AND b.role = a.role"
        " AND b.achieved_on IS NOT NULL AND b.achieved_on <= ?2)"
        " GROUP BY p.id, p.name, p.centre, a.role ORDER BY p.id, a.role";
    /* started_on + months <= until; months clamp to the month's end, so allow a few days */
    int64_t u;
    char bound[DATE_LEN];
    if (!date_parse(until, &u))
        return STORE_ERROR;
    date_format(date_add_months(u, -(int)months) + 4, bound);
    return rows_due(s, store__query(s, sql, "ss", bound, today), until, award_due, &months, out,
                    NULL);
}

int store_rem_registrations_on(store *s, const char *body, const char *code,
                               const store_row_sink *out)
{
    static const char sql[] =
        "SELECT g.id AS registration, g.centre, g.candidate, pc.name AS candidate_name,"
        " g.assessor, pa.name AS assessor_name, g.iv, pi.name AS iv_name, g.registered_on"
        " FROM registration g JOIN person pc ON pc.id = g.candidate"
        " JOIN person pa ON pa.id = g.assessor JOIN person pi ON pi.id = g.iv"
        " WHERE g.body = ?1 AND g.qualification = ?2 AND" ACTIVE("g") " ORDER BY g.id";
    return rows_plain(s, store__query(s, sql, "ss", body, code), out);
}

int store_rem_centres_on(store *s, const char *body, const char *code, const store_row_sink *out)
{
    static const char sql[] =
        "SELECT g.centre, c.name AS centre_name, c.number AS centre_number,"
        " count(*) AS registrations FROM registration g JOIN centre c ON c.id = g.centre"
        " WHERE g.body = ?1 AND g.qualification = ?2 AND" ACTIVE(
            "g") " GROUP BY g.centre, c.name, c.number ORDER BY g.centre";
    return rows_plain(s, store__query(s, sql, "ss", body, code), out);
}

/* column 2: the date the wait starts from */
static void wait_due(sqlite3_stmt *st, const void *arg, char due[DATE_LEN])
{
    add_days(col(st, 2), *(const int64_t *)arg, due);
}

/* What one registration has waiting: the units, how many items, the oldest date. */
typedef struct pending {
    int64_t registration, items, first_id;
    char oldest[DATE_LEN];
    sbuf units; /* "411, 412" */
    int nunits;
    char unit_list[32][32];
} pending;

static void pending_start(pending *p, int64_t registration)
{
    p->registration = registration;
    p->items = p->first_id = 0;
    p->oldest[0] = '\0';
    p->nunits = 0;
    sbuf_reset(&p->units);
}

static void pending_add(pending *p, int64_t id, const char *date, const char *unit, bool new_item)
{
    if (new_item)
        p->items++;
    if (!p->oldest[0] || strcmp(date, p->oldest) < 0) {
        store__copy(p->oldest, sizeof p->oldest, date, strlen(date));
        p->first_id = id;
    }
    for (int i = 0; i < p->nunits; i++)
        if (strcmp(p->unit_list[i], unit) == 0)
            return;
    if (p->nunits < 32)
        store__copy(p->unit_list[p->nunits++], sizeof p->unit_list[0], unit, strlen(unit));
    if (p->units.len)
        sbuf_add(&p->units, ", ", 2);
    sbuf_adds(&p->units, unit);
}

/* Hands over the registration's row: the columns of st (its person columns, read while st is
 * on a row of this registration: 0..5) and the aggregate. */
static void pending_emit(pending *p, const store_col *who, int nwho, const char *first_key,
                         int64_t days, const char *until, const store_row_sink *out)
{
    if (!p->items)
        return;
    char due[DATE_LEN];
    add_days(p->oldest, days, due);
    if (!due[0] || strcmp(due, until) > 0)
        return;
    store_col c[MAX_COLS];
    int n = 0;
    for (int i = 0; i < nwho && n < MAX_COLS - 6; i++)
        c[n++] = who[i];
    c[n++] = (store_col){.name = first_key, .type = STORE_COL_INT, .i = p->first_id};
    c[n++] = (store_col){
        .name = "units", .type = STORE_COL_TEXT, .s = p->units.data, .len = p->units.len};
    c[n++] = (store_col){.name = "items", .type = STORE_COL_INT, .i = p->items};
    c[n++] = (store_col){
        .name = "oldest", .type = STORE_COL_TEXT, .s = p->oldest, .len = strlen(p->oldest)};
    c[n++] = (store_col){.name = "due", .type = STORE_COL_TEXT, .s = due, .len = strlen(due)};
    out->row(out->ud, c, n);
}

/* The registration columns of the current row (0..ncols-1), copied: they outlive the step. */
typedef struct who {
    store_col c[8];
    sbuf text;
    int n;
} who;

static void who_copy(who *w, sqlite3_stmt *st, int ncols)
{
    sbuf_reset(&w->text);
    size_t off[8];
    for (int i = 0; i < ncols; i++) {
        w->c[i].name = sqlite3_column_name(st, i);
        w->c[i].type =
            sqlite3_column_type(st, i) == SQLITE_INTEGER ? STORE_COL_INT : STORE_COL_TEXT;
        w->c[i].i = sqlite3_column_int64(st, i);
        off[i] = w->text.len;
        w->c[i].len = (size_t)sqlite3_column_bytes(st, i);
        sbuf_add(&w->text, col(st, i), w->c[i].len + 1);
    }
    for (int i = 0; i < ncols; i++)
        w->c[i].s = w->text.data + off[i];
    w->n = ncols;
}

/* The person columns of a registration that has something waiting (one lookup per such
 * registration, not per row of the scan). */
static int registration_who(store *s, int64_t reg, const char *actor, who *w)
{
    static const char assessor[] =
        "SELECT g.id AS registration, g.centre, g.candidate, pc.name AS candidate_name,"
        " g.assessor, pa.name AS assessor_name FROM registration g"
        " JOIN person pc ON pc.id = g.candidate JOIN person pa ON pa.id = g.assessor"
        " WHERE g.id = ?";
    static const char iv[] =
        "SELECT g.id AS registration, g.centre, g.candidate, pc.name AS candidate_name,"
        " g.iv, pi.name AS iv_name FROM registration g"
        " JOIN person pc ON pc.id = g.candidate JOIN person pi ON pi.id = g.iv WHERE g.id = ?";
    sqlite3_stmt *st = store__query(s, strcmp(actor, "iv") ? assessor : iv, "I", reg);
    if (!st)
        return STORE_ERROR;
    int rc = store__one(s, st);
    if (rc == STORE_OK) {
        who_copy(w, st, 6);
        sqlite3_reset(st);
    }
    return rc;
}

static int flush_pending(store *s, pending *p, who *w, const char *first_key, const char *actor,
                         int64_t days, const char *until, const store_row_sink *out)
{
    if (!p->items)
        return STORE_OK;
    int rc = registration_who(s, p->registration, actor, w);
    if (rc == STORE_OK)
        pending_emit(p, w->c, w->n, first_key, days, until, out);
    return rc == STORE_NOTFOUND ? STORE_OK : rc;
}

int store_rem_undecided_evidence(store *s, const char *until, int64_t days,
                                 const store_row_sink *out)
{
    /* Current evidence whose unit has no current decision dated on or after it, one row per
     * registration. Two ordered scans of the registrations under way, merged here: their
     * decisions (unit, date) and their evidence items (date, units), the second through the
     * index of items by date alone. A probe per item would cost several times the scan. */
    static const char decisions[] =
        "SELECT d.registration, d.unit, d.date FROM registration g CROSS JOIN decision d"
        " WHERE" ACTIVE("g") " AND d.registration = g.id AND" CURRENT("decision", "d") " ORDER BY "
                                                                                       "g.id";
    static const char items[] =
        "SELECT g.id, e.id, e.date, e.units FROM registration g CROSS JOIN evidence e"
        " WHERE" ACTIVE("g") " AND e.registration = g.id AND e.date <= ?1"
                             " ORDER BY g.id, e.date, e.id";
    char bound[DATE_LEN];
    add_days(until, -days, bound);
    int64_t *gone;
    size_t ngone;
    if (store__superseded(s, STORE_EVIDENCE, 0, &gone, &ngone) != STORE_OK) {
        free(gone);
        return STORE_ERROR;
    }
    sqlite3_stmt *ds = store__query(s, decisions, "");
    int drc = ds ? sqlite3_step(ds) : SQLITE_ERROR;
    sqlite3_stmt *es = ds ? store__query(s, items, "s", bound) : NULL;
    if (!es) {
        if (ds)
            sqlite3_reset(ds);
        free(gone);
        return STORE_ERROR;
    }
    /* the current registration's last decision date per unit */
    struct {
        char unit[32];
        char date[DATE_LEN];
    } dec[64];
    int ndec = 0;
    pending p = {.registration = 0};
    sbuf_init(&p.units);
    who w = {.n = 0};
    sbuf_init(&w.text);
    int rc, frc = STORE_OK;
    while (frc == STORE_OK && (rc = sqlite3_step(es)) == SQLITE_ROW) {
        int64_t reg = sqlite3_column_int64(es, 0);
        if (reg != p.registration) {
            frc = flush_pending(s, &p, &w, "evidence", "assessor", days, until, out);
            pending_start(&p, reg);
            /* bring the decision cursor to this registration */
            ndec = 0;
            while (drc == SQLITE_ROW && sqlite3_column_int64(ds, 0) < reg)
                drc = sqlite3_step(ds);
            while (drc == SQLITE_ROW && sqlite3_column_int64(ds, 0) == reg) {
                const char *u = col(ds, 1), *d = col(ds, 2);
                int k = 0;
                while (k < ndec && strcmp(dec[k].unit, u) != 0)
                    k++;
                if (k == ndec && ndec < 64) {
                    store__copy(dec[k].unit, sizeof dec[k].unit, u, strlen(u));
                    dec[k].date[0] = '\0';
                    ndec++;
                }
                if (k < ndec && strcmp(d, dec[k].date) > 0)
                    store__copy(dec[k].date, sizeof dec[k].date, d, strlen(d));
                drc = sqlite3_step(ds);
            }
        }
        int64_t id = sqlite3_column_int64(es, 1);
        if (store__in(gone, ngone, id))
            continue; /* superseded by a correction */
        const char *date = col(es, 2);
        bool counted = false;
        for (const char *unit = col(es, 3); *unit;) {
            const char *nl = strchr(unit, '\n');
            size_t len = nl ? (size_t)(nl - unit) : strlen(unit);
            char one[32];
            store__copy(one, sizeof one, unit, len);
            unit = nl ? nl + 1 : unit + len;
            int k = 0;
            while (k < ndec && strcmp(dec[k].unit, one) != 0)
                k++;
            if (k < ndec && strcmp(dec[k].date, date) >= 0)
                continue; /* decided on or after it */
            pending_add(&p, id, date, one, !counted);
            counted = true;
        }
    }
    sqlite3_reset(es);
    sqlite3_reset(ds);
    if (frc == STORE_OK && rc == SQLITE_DONE)
        frc = flush_pending(s, &p, &w, "evidence", "assessor", days, until, out);
    sbuf_free(&p.units);
    sbuf_free(&w.text);
    free(gone);
    if (frc != STORE_OK)
        return frc;
    return rc == SQLITE_DONE && drc != SQLITE_ERROR ? STORE_OK : store__fail(s, rc);
}

int store_rem_unsampled_simulated(store *s, const char *until, int64_t days,
                                  const store_row_sink *out)
{
    /* as store_iv_plan_json's "required" (registrations under way): no current IV sample of
     * the unit on or after it. From the index of simulated items: left to itself the planner
     * reads every item in id order (to spare the sort) to find the few simulated ones. */
    static const char sql[] =
        "SELECT e.id AS evidence, e.title, e.date, r.unit, g.id AS registration, g.centre,"
        " g.candidate, pc.name AS candidate_name, g.assessor, pa.name AS assessor_name, g.iv,"
        " pi.name AS iv_name FROM evidence e INDEXED BY evidence_simulated"
        " CROSS JOIN evidence_ref r JOIN registration g ON g.id = e.registration"
        " JOIN person pc ON pc.id = g.candidate JOIN person pa ON pa.id = g.assessor JOIN person "
        "pi ON pi.id = g.iv"
        " WHERE e.simulated = 1 AND e.date <= ?1 AND" CURRENT("evidence", "e") " AND" ACTIVE(
            "g") " AND r.evidence = e.id AND NOT EXISTS (SELECT 1 FROM iv_sample v"
                 " WHERE v.registration = e.registration AND v.unit = r.unit"
                 " AND v.date >= e.date AND" CURRENT("iv_sample", "v") " AND" SAMPLE_SUPPORTED(
                     "v") ")"
                          " ORDER BY e.id";
    char bound[DATE_LEN];
    add_days(until, -days, bound);
    seen sn = {.record = 0};
    return rows_due(s, store__query(s, sql, "s", bound), until, wait_due, &days, out, &sn);
}

int store_rem_unsampled_signoffs(store *s, const char *until, int64_t days,
                                 const store_row_sink *out)
{
    /* as store_iv_plan_json's "unsampled_signoffs", for registrations under way: current
     * sign-offs with no current IV sample of the unit, one row per registration */
    static const char sql[] =
        "SELECT g.id AS registration, g.centre, g.candidate, pc.name AS candidate_name, g.iv,"
        " pi.name AS iv_name, f.id, f.date, f.unit FROM registration g CROSS JOIN signoff f"
        " JOIN person pc ON pc.id = g.candidate JOIN person pi ON pi.id = g.iv"
        " WHERE" ACTIVE("g") " AND f.registration = g.id AND f.date <= ?1 AND" CURRENT(
            "signoff",
            "f") " AND NOT EXISTS (SELECT 1 FROM iv_sample v WHERE v.registration = f.registration"
                 " AND v.unit = f.unit AND" CURRENT("iv_sample", "v") " AND" SAMPLE_SUPPORTED(
                     "v") ") ORDER BY g.id";
    char bound[DATE_LEN];
    add_days(until, -days, bound);
    sqlite3_stmt *st = store__query(s, sql, "s", bound);
    if (!st)
        return STORE_ERROR;
    pending p = {.registration = 0};
    sbuf_init(&p.units);
    who w = {.n = 0};
    sbuf_init(&w.text);
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        int64_t reg = sqlite3_column_int64(st, 0);
        if (reg != p.registration) {
            pending_emit(&p, w.c, w.n, "signoff", days, until, out);
            pending_start(&p, reg);
            who_copy(&w, st, 6);
        }
        pending_add(&p, sqlite3_column_int64(st, 6), col(st, 7), col(st, 8), true);
    }
    if (rc == SQLITE_DONE)
        pending_emit(&p, w.c, w.n, "signoff", days, until, out);
    sqlite3_reset(st);
    sbuf_free(&p.units);
    sbuf_free(&w.text);
    return rc == SQLITE_DONE ? STORE_OK : store__fail(s, rc);
}

int store_rem_admins(store *s, const store_row_sink *out)
{
    static const char sql[] = "SELECT id, name, centre, email FROM person"
                              " WHERE ',' || roles || ',' LIKE '%,admin,%' ORDER BY centre, id";
    return rows_plain(s, store__query(s, sql, ""), out);
}

/* ---- the outbox -------------------------------------------------------------------------- */

int store_reminder_insert(store *s, const store_reminder *r, int64_t *id)
{
    static const char sql[] =
        "INSERT INTO reminder (reminder_key, kind, job, due, centre, registration, person, body,"
        " created_at, command_state, attempts, next_attempt) VALUES (?,?,?,?,?,?,?,?,?,?,0,?)"
        " ON CONFLICT (reminder_key) DO NOTHING";
    sqlite3_stmt *st = store__query(s, sql, "ssssiiisssi", r->key, r->kind, r->job, r->due,
                                    r->centre, r->registration, r->person, r->body_json,
                                    r->created_at, r->command_state, r->next_attempt_ms);
    if (!st)
        return STORE_ERROR;
    int rc = store__done(s, st);
    *id = rc == STORE_OK && sqlite3_changes(s->db) == 1 ? sqlite3_last_insert_rowid(s->db) : 0;
    return rc;
}

int store_reminder_known(store *s, const char *key, bool *known)
{
    int64_t one;
    int rc = store__one_int64(
        s, store__query(s, "SELECT 1 FROM reminder WHERE reminder_key = ?", "s", key), &one);
    *known = rc == STORE_OK;
    return rc == STORE_NOTFOUND ? STORE_OK : rc;
}

static void reminder_row(sqlite3_stmt *st, store_reminder *r)
{
    memset(r, 0, sizeof *r);
    r->id = sqlite3_column_int64(st, 0);
    r->key = col(st, 1);
    r->kind = col(st, 2);
    r->job = col(st, 3);
    r->due = col(st, 4);
    r->centre = sqlite3_column_int64(st, 5);
    r->registration = sqlite3_column_int64(st, 6);
    r->person = sqlite3_column_int64(st, 7);
    r->body_json = col(st, 8);
    r->created_at = col(st, 9);
    r->command_state = col(st, 10);
    r->attempts = sqlite3_column_int64(st, 11);
    r->next_attempt_ms = sqlite3_column_int64(st, 12);
}

#define REMINDER_COLUMNS                                                                           \
    "id, reminder_key, kind, job, due, centre, registration, person, body, created_at,"            \
    " command_state, attempts, next_attempt"

int store_reminder_each(store *s, const store_reminder_filter *f,
                        int (*fn)(void *ud, const store_reminder *r), void *ud)
{
    static const char sql[] =
        "SELECT " REMINDER_COLUMNS " FROM reminder WHERE id > ?1"
        " AND (?2 IS NULL OR centre = ?2) AND (?3 IS NULL OR command_state = ?3)"
        " AND (?4 IS NULL OR kind = ?4) AND (?5 IS NULL OR registration = ?5)"
        " AND (?6 IS NULL OR id = ?6) ORDER BY id";
    sqlite3_stmt *st = store__query(s, sql, "Iissii", f->after, f->centre, f->state, f->kind,
                                    f->registration, f->id);
    if (!st)
        return STORE_ERROR;
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        store_reminder r;
        reminder_row(st, &r);
        if (fn(ud, &r)) {
            rc = SQLITE_DONE;
            break;
        }
    }
    sqlite3_reset(st);
    return rc == SQLITE_DONE ? STORE_OK : store__fail(s, rc);
}

int store_reminder_next_pending(store *s, int (*fn)(void *ud, const store_reminder *r), void *ud)
{
    static const char sql[] = "SELECT " REMINDER_COLUMNS " FROM reminder"
                              " WHERE command_state = 'pending' ORDER BY next_attempt, id LIMIT 1";
    sqlite3_stmt *st = store__query(s, sql, "");
    if (!st)
        return STORE_ERROR;
    int rc = store__one(s, st);
    if (rc == STORE_OK) {
        store_reminder r;
        reminder_row(st, &r);
        fn(ud, &r);
        sqlite3_reset(st);
    }
    return rc;
}

int store_reminder_set_state(store *s, int64_t id, const char *state, int64_t attempts,
                             int64_t next_attempt_ms)
{
    static const char sql[] = "UPDATE reminder SET command_state = ?2, attempts = ?3,"
                              " next_attempt = ?4 WHERE id = ?1";
    return store__done(s, store__query(s, sql, "IsIi", id, state, attempts, next_attempt_ms));
}

int store_delivery_insert(store *s, const store_delivery *d, int64_t *id)
{
    static const char sql[] =
        "INSERT INTO reminder_delivery (reminder, channel, attempt, started_at, finished_at, ok,"
        " detail) VALUES (?, ?, ?, ?, ?, ?, ?)";
    sqlite3_stmt *st = store__query(s, sql, "IsIssbs", d->reminder, d->channel, d->attempt,
                                    d->started_at, d->finished_at, (int)d->ok, d->detail);
    return store__insert(s, st, id);
}

int store_deliveries_json(store *s, int64_t reminder, jw *w)
{
    static const char sql[] = "SELECT channel, attempt, started_at, finished_at,"
                              " ok AS ok_bool, detail FROM reminder_delivery"
                              " WHERE reminder = ? ORDER BY id";
    sqlite3_stmt *st = store__query(s, sql, "I", reminder);
    return st ? store__rows_json(s, st, w) : STORE_ERROR;
}

/* ---- job runs ---------------------------------------------------------------------------- */

int store_job_run_insert(store *s, const store_job_run *r, int64_t *id)
{
    static const char sql[] =
        "INSERT INTO job_run (job, cause, today, started_at, started_ms, finished_at, ok,"
        " produced, stored, error) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
    sqlite3_stmt *st =
        store__query(s, sql, "ssssIsbIIs", r->job, r->cause, r->today, r->started_at, r->started_ms,
                     r->finished_at, (int)r->ok, r->produced, r->stored, r->error_json);
    return store__insert(s, st, id);
}

int store_job_run_last(store *s, const char *job, int64_t *started_ms, char started_at[21])
{
    static const char sql[] = "SELECT started_ms, started_at FROM job_run WHERE job = ?"
                              " ORDER BY started_ms DESC, id DESC LIMIT 1";
    sqlite3_stmt *st = store__query(s, sql, "s", job);
    if (!st)
        return STORE_ERROR;
    int rc = store__one(s, st);
    if (rc == STORE_OK) {
        *started_ms = sqlite3_column_int64(st, 0);
        snprintf(started_at, 21, "%s", col(st, 1));
        sqlite3_reset(st);
    }
    return rc;
}

int store_job_runs_json(store *s, const char *job, int64_t limit, jw *w)
{
    static const char sql[] =
        "SELECT id, cause, today, started_at, finished_at,"
        " ok AS ok_bool, produced, stored,"
        " error AS error_json FROM job_run WHERE job = ? ORDER BY started_ms DESC, id DESC"
        " LIMIT ?";
    sqlite3_stmt *st = store__query(s, sql, "sI", job, limit);
    return st ? store__rows_json(s, st, w) : STORE_ERROR;
}

int store_job_run_last_json(store *s, const char *job, jw *w)
{
    static const char sql[] =
        "SELECT started_at AS at, ok AS ok_bool,"
        " produced, stored, coalesce(error, 'null') AS error_json FROM job_run WHERE job = ?"
        " ORDER BY started_ms DESC, id DESC LIMIT 1";
    sqlite3_stmt *st = store__query(s, sql, "s", job);
    if (!st)
        return STORE_ERROR;
    int rc = store__one(s, st);
    if (rc == STORE_OK) {
        store__row_json(st, w);
        sqlite3_reset(st);
    }
    return rc;
}
