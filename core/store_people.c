/* store_people — centres, people, awards and tokens. See store.h. */
#include "store_internal.h"

int store_centre_insert(store *s, const char *number, const char *name, const char *at, int64_t *id)
{
    static const char sql[] = "INSERT INTO centre (number, name, created_at) VALUES (?, ?, ?)";
    sqlite3_stmt *st = store__stmt(s, sql);
    if (!st)
        return STORE_ERROR;
    sqlite3_bind_text(st, 1, number, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 2, name, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 3, at, -1, SQLITE_STATIC);
    int rc = sqlite3_step(st);
    if (rc != SQLITE_DONE)
        return store__fail(s, rc);
    *id = sqlite3_last_insert_rowid(s->db);
    return STORE_OK;
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
    c->centres = count(s, centres);
    c->audit = count(s, audit);
    c->people = c->registrations = c->evidence = c->decisions = -1;
    return STORE_OK;
}
