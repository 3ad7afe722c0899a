/* store_people — centres, people, awards and tokens. See store.h. */
#include <stdio.h>
#include <string.h>

#include "store_internal.h"

int store_centre_insert(store *s, const char *number, const char *name, const char *at, int64_t *id)
{
    static const char sql[] = "INSERT INTO centre (number, name, created_at) VALUES (?, ?, ?)";
    return store__insert(s, store__query(s, sql, "sss", number, name, at), id);
}

static int64_t count(store *s, const char *sql)
{
    sqlite3_stmt *st = store__stmt(s, sql);
    if (!st || sqlite3_step(st) != SQLITE_ROW)
        return -1;
    int64_t n = sqlite3_column_int64(st, 0);
    sqlite3_reset(st);
    return n;
}

int store_get_counts(store *s, store_counts *c)
{
    static const char centres[] = "SELECT count(*) FROM centre";
    static const char audit[] = "SELECT coalesce(max(seq), 0) FROM audit";
    static const char people[] = "SELECT count(*) FROM person";
    static const char regs[] = "SELECT count(*) FROM registration";
    static const char ev[] = "SELECT count(*) FROM evidence";
    static const char dec[] = "SELECT count(*) FROM decision";
    c->centres = count(s, centres);
    c->audit = count(s, audit);
    c->people = count(s, people);
    c->registrations = count(s, regs);
    c->evidence = count(s, ev);
    c->decisions = count(s, dec);
    return STORE_OK;
}

int store_centre_policy(store *s, int64_t id, char policy[16])
{
    static const char sql[] = "SELECT assessor_policy FROM centre WHERE id = ?";
    sqlite3_stmt *st = store__query(s, sql, "I", id);
    if (!st)
        return STORE_ERROR;
    int rc = store__one(s, st);
    if (rc == STORE_OK) {
        snprintf(policy, 16, "%s", store__text(st, 0));
        sqlite3_reset(st);
    }
    return rc;
}

int store_centre_get(store *s, int64_t id, char number[64], char name[256])
{
    static const char sql[] = "SELECT number, name FROM centre WHERE id = ?";
    sqlite3_stmt *st = store__query(s, sql, "I", id);
    if (!st)
        return STORE_ERROR;
    int rc = store__one(s, st);
    if (rc == STORE_OK) {
        snprintf(number, 64, "%s", store__text(st, 0));
        snprintf(name, 256, "%s", store__text(st, 1));
        sqlite3_reset(st);
    }
    return rc;
}

int store_centre_set_policy(store *s, int64_t id, const char *policy)
{
    static const char sql[] = "UPDATE centre SET assessor_policy = ? WHERE id = ?";
    return store__done(s, store__query(s, sql, "sI", policy, id));
}

int store_centres_json(store *s, jw *w)
{
    static const char sql[] = "SELECT id, number, name, assessor_policy, created_at FROM centre"
                              " ORDER BY id";
    sqlite3_stmt *st = store__query(s, sql, "");
    return st ? store__rows_json(s, st, w) : STORE_ERROR;
}

int store_person_insert(store *s, const store_person *p, const char *at, int64_t *id)
{
    static const char sql[] = "INSERT INTO person (centre, name, roles, os_user, email, uln,"
                              " created_at) VALUES (?, ?, ?, ?, ?, ?, ?)";
    sqlite3_stmt *st = store__query(s, sql, "issssss", p->centre, p->name, p->roles,
                                    *p->os_user ? p->os_user : NULL, *p->email ? p->email : NULL,
                                    *p->uln ? p->uln : NULL, at);
    return store__insert(s, st, id);
}

static void person_row(sqlite3_stmt *st, store_person *p)
{
    p->id = sqlite3_column_int64(st, 0);
    p->centre = sqlite3_column_int64(st, 1);
    snprintf(p->name, sizeof p->name, "%s", store__text(st, 2));
    snprintf(p->roles, sizeof p->roles, "%s", store__text(st, 3));
    snprintf(p->os_user, sizeof p->os_user, "%s", store__text(st, 4));
    snprintf(p->email, sizeof p->email, "%s", store__text(st, 5));
    snprintf(p->uln, sizeof p->uln, "%s", store__text(st, 6));
    snprintf(p->left_on, sizeof p->left_on, "%s", store__text(st, 8));
}

/* The one person st selects, if any. */
static int one_person(store *s, sqlite3_stmt *st, store_person *out)
{
    if (!st)
        return STORE_ERROR;
    int rc = store__one(s, st);
    if (rc == STORE_OK) {
        person_row(st, out);
        sqlite3_reset(st);
    }
    return rc;
}

int store_person_get(store *s, int64_t id, store_person *out)
{
    static const char sql[] =
        "SELECT id, centre, name, roles, os_user, email, uln, created_at, left_on FROM person"
        " WHERE id = ?";
    return one_person(s, store__query(s, sql, "I", id), out);
}

int store_person_by_uln(store *s, int64_t centre, const char *uln, int64_t *id)
{
    static const char sql[] = "SELECT id FROM person WHERE centre = ? AND uln = ? ORDER BY id"
                              " LIMIT 1";
    return store__one_int64(s, store__query(s, sql, "Is", centre, uln), id);
}

int store_person_by_os_user(store *s, const char *os_user, store_person *out)
{
    static const char sql[] =
        "SELECT id, centre, name, roles, os_user, email, uln, created_at, left_on FROM person"
        " WHERE os_user = ?";
    return one_person(s, store__query(s, sql, "s", os_user), out);
}

/* A person as JSON, with the awards (a second query: kept portable, no JSON in SQL). */
static int person_rows(store *s, sqlite3_stmt *st, jw *w, bool one)
{
    int rc, n = 0;
    if (!one)
        jw_arr_begin(w);
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        store_person p;
        person_row(st, &p);
        jw_obj_begin(w);
        jw_kint(w, "id", p.id);
        jw_key(w, "centre");
        if (p.centre)
            jw_int(w, p.centre);
        else
            jw_null(w);
        jw_kstr(w, "name", p.name);
        jw_key(w, "roles"); /* kept as "assessor,iv"; a list, as person.create takes them */
        jw_arr_begin(w);
        for (const char *r = p.roles; *r;) {
            size_t n = strcspn(r, ",");
            if (n)
                jw_strn(w, r, n);
            r += n + (r[n] == ',');
        }
        jw_arr_end(w);
        jw_kstr_or_null(w, "os_user", *p.os_user ? p.os_user : NULL);
        jw_kstr_or_null(w, "email", *p.email ? p.email : NULL);
        jw_kstr_or_null(w, "uln", *p.uln ? p.uln : NULL);
        jw_kstr(w, "created_at", store__text(st, 7));
        jw_kstr_or_null(w, "left_on", *p.left_on ? p.left_on : NULL);
        jw_key(w, "awards");
        int arc = store_awards_json(s, p.id, w);
        jw_obj_end(w);
        n++;
        if (arc != STORE_OK) {
            sqlite3_reset(st);
            return arc;
        }
        if (one)
            break;
    }
    if (!one)
        jw_arr_end(w);
    sqlite3_reset(st);
    if (rc != SQLITE_DONE && rc != SQLITE_ROW)
        return store__fail(s, rc);
    return one && n == 0 ? STORE_NOTFOUND : STORE_OK;
}

int store_people_json(store *s, int64_t centre, const char *role, jw *w)
{
    static const char sql[] =
        "SELECT id, centre, name, roles, os_user, email, uln, created_at, left_on FROM person"
        " WHERE (?1 IS NULL OR centre = ?1)"
        " AND (?2 IS NULL OR ',' || roles || ',' LIKE '%,' || ?2 || ',%') ORDER BY id";
    sqlite3_stmt *st = store__query(s, sql, "is", centre, role);
    return st ? person_rows(s, st, w, false) : STORE_ERROR;
}

int store_person_json(store *s, int64_t id, jw *w)
{
    static const char sql[] =
        "SELECT id, centre, name, roles, os_user, email, uln, created_at, left_on FROM person"
        " WHERE id = ?";
    sqlite3_stmt *st = store__query(s, sql, "I", id);
    return st ? person_rows(s, st, w, true) : STORE_ERROR;
}

int store_award_insert(store *s, int64_t person, const char *code, const char *role,
                       const char *started_on, const char *achieved_on, const char *at)
{
    static const char sql[] = "INSERT INTO award (person, code, role, started_on, achieved_on,"
                              " created_at) VALUES (?, ?, ?, ?, ?, ?)";
    return store__done(
        s, store__query(s, sql, "Isssss", person, code, role, started_on, achieved_on, at));
}

int store_awards_json(store *s, int64_t person, jw *w)
{
    static const char sql[] = "SELECT code, role, started_on, achieved_on FROM award"
                              " WHERE person = ? ORDER BY id";
    sqlite3_stmt *st = store__query(s, sql, "I", person);
    return st ? store__rows_json(s, st, w) : STORE_ERROR;
}

int store_award_status(store *s, int64_t person, const char *role, const char *today,
                       bool *qualified, char started_on[11])
{
    static const char sql[] =
        "SELECT coalesce(max(achieved_on IS NOT NULL AND achieved_on <= ?3), 0),"
        " coalesce(min(started_on), '') FROM award WHERE person = ?1 AND role = ?2";
    sqlite3_stmt *st = store__query(s, sql, "Iss", person, role, today);
    if (!st)
        return STORE_ERROR;
    int rc = store__one(s, st);
    if (rc == STORE_OK) {
        *qualified = sqlite3_column_int(st, 0) != 0;
        snprintf(started_on, 11, "%s", store__text(st, 1));
        sqlite3_reset(st);
    }
    return rc;
}

int store_token_insert(store *s, const char *hash, int64_t person, const char *at)
{
    static const char sql[] = "INSERT INTO token (hash, person, created_at) VALUES (?, ?, ?)";
    return store__done(s, store__query(s, sql, "sIs", hash, person, at));
}

int store_token_person(store *s, const char *hash, int64_t *person)
{
    static const char sql[] = "SELECT person FROM token WHERE hash = ? AND revoked_at IS NULL";
    return store__one_int64(s, store__query(s, sql, "s", hash), person);
}

int store_tokens_revoke(store *s, int64_t person, const char *at, int64_t *n)
{
    static const char sql[] =
        "UPDATE token SET revoked_at = ? WHERE person = ? AND revoked_at IS NULL";
    int rc = store__done(s, store__query(s, sql, "sI", at, person));
    if (n)
        *n = rc == STORE_OK ? sqlite3_changes(s->db) : 0;
    return rc;
}

int store_person_leave(store *s, int64_t person, const char *date, const char *at)
{
    static const char sql[] = "UPDATE person SET left_on = ? WHERE id = ? AND left_on IS NULL";
    int rc = store__done(s, store__query(s, sql, "sI", date, person));
    if (rc != STORE_OK)
        return rc;
    if (sqlite3_changes(s->db) == 0)
        return STORE_CONFLICT;
    return store_tokens_revoke(s, person, at, NULL);
}

int store_centre_uses_body(store *s, int64_t centre, const char *body, bool *yes)
{
    static const char sql[] =
        "SELECT EXISTS (SELECT 1 FROM registration WHERE centre = ? AND body = ?)";
    sqlite3_stmt *st = store__query(s, sql, "Is", centre, body);
    if (!st)
        return STORE_ERROR;
    int rc = store__one(s, st);
    *yes = rc == STORE_OK && sqlite3_column_int(st, 0) != 0;
    sqlite3_reset(st);
    return rc == STORE_NOTFOUND ? STORE_OK : rc;
}
