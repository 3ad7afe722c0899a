/* store_journey — registrations, their units and the records around them (initial assessment,
 * plans, reviews, witnesses). See store.h. Records are appended, never changed. */
#include <stdio.h>
#include <string.h>

#include "store_internal.h"

#define REG_COLUMNS                                                                                \
    "id, candidate, centre, body, qualification, title, level, catalogue_version,"                 \
    " registered_on, body_reference, assessor, iv, progress_rev"

static void reg_row(sqlite3_stmt *st, store_registration *r)
{
    r->id = sqlite3_column_int64(st, 0);
    r->candidate = sqlite3_column_int64(st, 1);
    r->centre = sqlite3_column_int64(st, 2);
    snprintf(r->body, sizeof r->body, "%s", store__text(st, 3));
    snprintf(r->qualification, sizeof r->qualification, "%s", store__text(st, 4));
    snprintf(r->title, sizeof r->title, "%s", store__text(st, 5));
    r->level = sqlite3_column_int(st, 6);
    r->catalogue_version = sqlite3_column_int64(st, 7);
    snprintf(r->registered_on, sizeof r->registered_on, "%s", store__text(st, 8));
    snprintf(r->body_reference, sizeof r->body_reference, "%s", store__text(st, 9));
    r->assessor = sqlite3_column_int64(st, 10);
    r->iv = sqlite3_column_int64(st, 11);
    r->progress_rev = sqlite3_column_int64(st, 12);
}

int store_registration_insert(store *s, store_registration *r, const char *at)
{
    static const char sql[] =
        "INSERT INTO registration (candidate, centre, body, qualification, title, level,"
        " catalogue_version, registered_on, body_reference, assessor, iv, created_at)"
        " VALUES (?,?,?,?,?,?,?,?,?,?,?,?)";
    sqlite3_stmt *st =
        store__query(s, sql, "IIsssIIssIIs", r->candidate, r->centre, r->body, r->qualification,
                     r->title, (int64_t)r->level, r->catalogue_version, r->registered_on,
                     *r->body_reference ? r->body_reference : NULL, r->assessor, r->iv, at);
    return store__insert(s, st, &r->id);
}

int store_registration_get(store *s, int64_t id, store_registration *out)
{
    static const char sql[] = "SELECT " REG_COLUMNS " FROM registration WHERE id = ?";
    sqlite3_stmt *st = store__query(s, sql, "I", id);
    if (!st)
        return STORE_ERROR;
    int rc = store__one(s, st);
    if (rc == STORE_OK) {
        reg_row(st, out);
        sqlite3_reset(st);
    }
    return rc;
}

int store_registration_each_of(store *s, int64_t candidate,
                               int (*fn)(void *ud, const store_registration *r), void *ud)
{
    static const char sql[] = "SELECT " REG_COLUMNS " FROM registration WHERE candidate = ?";
    sqlite3_stmt *st = store__query(s, sql, "I", candidate);
    if (!st)
        return STORE_ERROR;
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        store_registration r;
        reg_row(st, &r);
        if (fn(ud, &r))
            break;
    }
    sqlite3_reset(st);
    return rc == SQLITE_DONE || rc == SQLITE_ROW ? STORE_OK : store__fail(s, rc);
}

int store_registrations_json(store *s, const store_reg_filter *f, jw *w)
{
    static const char sql[] =
        "SELECT r.id, r.candidate, p.name AS candidate_name, r.centre,"
        " r.body || ':' || r.qualification AS qualification, r.title, r.level,"
        " r.registered_on, r.assessor, r.iv FROM registration r"
        " JOIN person p ON p.id = r.candidate"
        " WHERE r.id > ?1 AND (?2 IS NULL OR r.centre = ?2) AND (?3 IS NULL OR r.candidate = ?3)"
        " AND (?4 IS NULL OR r.assessor = ?4) AND (?5 IS NULL OR r.iv = ?5)"
        " AND (?6 IS NULL OR r.body || ':' || r.qualification = ?6)"
        " ORDER BY r.id LIMIT ?7";
    sqlite3_stmt *st =
        store__query(s, sql, "IiiiisI", f->after, f->centre, f->candidate, f->assessor, f->iv,
                     f->qualification, f->limit > 0 ? f->limit : (int64_t)-1);
    return st ? store__rows_json(s, st, w) : STORE_ERROR;
}

int store_reg_unit_insert(store *s, int64_t reg, const char *unit_id, const char *unit,
                          const char *chosen_on, const char *brought_forward)
{
    static const char sql[] = "INSERT INTO registration_unit (registration, unit_id, unit,"
                              " chosen_on, brought_forward) VALUES (?, ?, ?, ?, ?)";
    int rc = store__done(
        s, store__query(s, sql, "Issss", reg, unit_id, unit, chosen_on, brought_forward));
    return rc == STORE_OK ? store__progress_changed(s, reg) : rc;
}

int store_reg_units_json(store *s, int64_t reg, jw *w)
{
    static const char sql[] = "SELECT unit, unit_id, chosen_on, brought_forward"
                              " FROM registration_unit WHERE registration = ? ORDER BY rowid";
    sqlite3_stmt *st = store__query(s, sql, "I", reg);
    return st ? store__rows_json(s, st, w) : STORE_ERROR;
}

int store_reg_unit_each(store *s, int64_t reg,
                        int (*fn)(void *ud, const char *unit_id, const char *unit,
                                  const char *brought_forward),
                        void *ud)
{
    static const char sql[] = "SELECT unit_id, unit, brought_forward FROM registration_unit"
                              " WHERE registration = ? ORDER BY rowid";
    sqlite3_stmt *st = store__query(s, sql, "I", reg);
    if (!st)
        return STORE_ERROR;
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        const char *bf = (const char *)sqlite3_column_text(st, 2);
        if (fn(ud, store__text(st, 0), store__text(st, 1), bf))
            break;
    }
    sqlite3_reset(st);
    return rc == SQLITE_DONE || rc == SQLITE_ROW ? STORE_OK : store__fail(s, rc);
}

/* The superseding records are found by their own `supersedes`, so nothing is ever updated. */
int store_record_owner(store *s, const char *kind, int64_t id, int64_t *reg, bool *superseded,
                       char unit[32])
{
#define OWNER(table, unit)                                                                         \
    "SELECT registration, EXISTS (SELECT 1 FROM " table " n WHERE n.supersedes = t.id), " unit     \
    " FROM " table " t WHERE t.id = ?"
    static const char ia[] = OWNER("initial_assessment", "''"), plan[] = OWNER("plan", "''"),
                      review[] = OWNER("review", "''"), evidence[] = OWNER("evidence", "''"),
                      decision[] = OWNER("decision", "unit"), signoff[] = OWNER("signoff", "unit"),
                      sample[] = OWNER("iv_sample", "unit");
#undef OWNER
    const char *sql = !strcmp(kind, "initial_assessment") ? ia
                      : !strcmp(kind, "plan")             ? plan
                      : !strcmp(kind, "review")           ? review
                      : !strcmp(kind, "evidence")         ? evidence
                      : !strcmp(kind, "decision")         ? decision
                      : !strcmp(kind, "signoff")          ? signoff
                      : !strcmp(kind, "iv_sample")        ? sample
                                                          : NULL;
    if (!sql)
        return STORE_ERROR;
    sqlite3_stmt *st = store__query(s, sql, "I", id);
    if (!st)
        return STORE_ERROR;
    int rc = store__one(s, st);
    if (rc == STORE_OK) {
        *reg = sqlite3_column_int64(st, 0);
        *superseded = sqlite3_column_int(st, 1) != 0;
        snprintf(unit, 32, "%s", store__text(st, 2));
        sqlite3_reset(st);
    }
    return rc;
}

int store_ia_insert(store *s, int64_t reg, const char *date, const char *outcome, const char *notes,
                    int64_t by, int64_t supersedes, const char *at, int64_t *id)
{
    static const char sql[] = "INSERT INTO initial_assessment (registration, date, outcome, notes,"
                              " recorded_by, recorded_at, supersedes) VALUES (?,?,?,?,?,?,?)";
    return store__insert(
        s, store__query(s, sql, "Isssisi", reg, date, outcome, notes, by, at, supersedes), id);
}

int store_plan_insert(store *s, int64_t reg, const char *date, const char *items_json,
                      const char *notes, int64_t by, int64_t supersedes, const char *at,
                      int64_t *id)
{
    static const char sql[] = "INSERT INTO plan (registration, date, items, notes, recorded_by,"
                              " recorded_at, supersedes) VALUES (?,?,?,?,?,?,?)";
    return store__insert(
        s, store__query(s, sql, "Isssisi", reg, date, items_json, notes, by, at, supersedes), id);
}

int store_review_insert(store *s, int64_t reg, const char *date, const char *notes,
                        const char *feedback, const char *next_due, int64_t by, int64_t supersedes,
                        const char *at, int64_t *id)
{
    static const char sql[] =
        "INSERT INTO review (registration, date, notes, feedback, next_due, recorded_by,"
        " recorded_at, supersedes) VALUES (?,?,?,?,?,?,?,?)";
    return store__insert(
        s,
        store__query(s, sql, "Issssisi", reg, date, notes, feedback, next_due, by, at, supersedes),
        id);
}

int store_records_json(store *s, const char *kind, int64_t reg, jw *w)
{
#define SUPERSEDED(table)                                                                          \
    " (SELECT n.id FROM " table " n WHERE n.supersedes = t.id) AS superseded_by FROM " table       \
    " t WHERE t.registration = ? ORDER BY t.id"
    static const char ia[] = "SELECT t.id, t.date, t.outcome, t.notes, t.recorded_by,"
                             " t.recorded_at, t.supersedes," SUPERSEDED("initial_assessment");
    static const char plan[] = "SELECT t.id, t.date, t.items AS items_json, t.notes,"
                               " t.recorded_by, t.recorded_at, t.supersedes," SUPERSEDED("plan");
    static const char review[] =
        "SELECT t.id, t.date, t.notes, t.feedback, t.next_due,"
        " t.recorded_by, t.recorded_at, t.supersedes," SUPERSEDED("review");
#undef SUPERSEDED
    const char *sql = !strcmp(kind, "initial_assessment") ? ia
                      : !strcmp(kind, "plan")             ? plan
                      : !strcmp(kind, "review")           ? review
                                                          : NULL;
    if (!sql)
        return STORE_ERROR;
    sqlite3_stmt *st = store__query(s, sql, "I", reg);
    return st ? store__rows_json(s, st, w) : STORE_ERROR;
}

int store_next_review(store *s, int64_t reg, char due[11], char last[11])
{
    static const char sql[] =
        "SELECT coalesce(t.next_due, ''), t.date FROM review t WHERE t.registration = ?"
        " AND NOT EXISTS (SELECT 1 FROM review n WHERE n.supersedes = t.id)"
        " ORDER BY t.date DESC, t.id DESC LIMIT 1";
    sqlite3_stmt *st = store__query(s, sql, "I", reg);
    if (!st)
        return STORE_ERROR;
    due[0] = last[0] = '\0';
    int rc = store__one(s, st);
    if (rc == STORE_OK) {
        snprintf(due, 11, "%s", store__text(st, 0));
        snprintf(last, 11, "%s", store__text(st, 1));
        sqlite3_reset(st);
    }
    return rc == STORE_NOTFOUND ? STORE_OK : rc;
}

int store_witness_insert(store *s, int64_t centre, const char *name, const char *job_title,
                         const char *relationship, const char *contact, bool signature, int64_t by,
                         const char *at, int64_t *id)
{
    static const char sql[] =
        "INSERT INTO witness (centre, name, job_title, relationship, contact, signature_on_file,"
        " created_by, created_at) VALUES (?,?,?,?,?,?,?,?)";
    return store__insert(s,
                         store__query(s, sql, "Issssbis", centre, name, job_title, relationship,
                                      contact, (int)signature, by, at),
                         id);
}

int store_witness_centre(store *s, int64_t id, int64_t *centre)
{
    static const char sql[] = "SELECT centre FROM witness WHERE id = ?";
    return store__one_int64(s, store__query(s, sql, "I", id), centre);
}

int store_witnesses_json(store *s, int64_t centre, jw *w)
{
    static const char sql[] =
        "SELECT id, centre, name, job_title, relationship, contact,"
        " signature_on_file AS signature_on_file_bool, created_at FROM witness"
        " WHERE (?1 IS NULL OR centre = ?1) ORDER BY id";
    sqlite3_stmt *st = store__query(s, sql, "i", centre);
    return st ? store__rows_json(s, st, w) : STORE_ERROR;
}
