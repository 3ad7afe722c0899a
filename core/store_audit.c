/* store_audit — rows of the audit trail and its head. See store.h. */
#include <stdio.h>
#include <string.h>

#include "store_internal.h"

int store_audit_head(store *s, int64_t *seq, char hash[65])
{
    static const char sql[] = "SELECT seq, hash FROM audit_head WHERE id = 1";
    sqlite3_stmt *st = store__stmt(s, sql);
    if (!st)
        return STORE_ERROR;
    *seq = 0;
    hash[0] = '\0';
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW) {
        *seq = sqlite3_column_int64(st, 0);
        snprintf(hash, 65, "%s", store__text(st, 1));
        sqlite3_reset(st); /* an active statement would pin an old snapshot of the database */
        return STORE_OK;
    }
    sqlite3_reset(st);
    return rc == SQLITE_DONE ? STORE_OK : store__fail(s, rc);
}

int store_audit_last(store *s, int64_t *seq, char hash[65])
{
    static const char sql[] = "SELECT seq, hash FROM audit ORDER BY seq DESC LIMIT 1";
    sqlite3_stmt *st = store__stmt(s, sql);
    if (!st)
        return STORE_ERROR;
    *seq = 0;
    hash[0] = '\0';
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW) {
        *seq = sqlite3_column_int64(st, 0);
        snprintf(hash, 65, "%s", store__text(st, 1));
        sqlite3_reset(st); /* an active statement would pin an old snapshot of the database */
        return STORE_OK;
    }
    sqlite3_reset(st);
    return rc == SQLITE_DONE ? STORE_OK : store__fail(s, rc);
}

int store_audit_insert(store *s, store_audit_row *row)
{
    static const char ins[] =
        "INSERT INTO audit (seq, at, actor_person, actor_uid, actor_name, method, params,"
        " outcome, record, prev_hash, hash) VALUES (?,?,?,?,?,?,?,?,?,?,?)";
    static const char head[] = "INSERT INTO audit_head (id, seq, hash) VALUES (1, ?, ?)"
                               " ON CONFLICT (id) DO UPDATE SET seq = excluded.seq,"
                               " hash = excluded.hash";
    sqlite3_stmt *st = store__stmt(s, ins);
    if (!st)
        return STORE_ERROR;
    sqlite3_bind_int64(st, 1, row->seq);
    sqlite3_bind_text(st, 2, row->at, -1, SQLITE_STATIC);
    if (row->actor_person)
        sqlite3_bind_int64(st, 3, row->actor_person);
    else
        sqlite3_bind_null(st, 3);
    sqlite3_bind_int64(st, 4, row->actor_uid);
    sqlite3_bind_text(st, 5, row->actor_name, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 6, row->method, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 7, row->params, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 8, row->outcome, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 9, row->record ? row->record : "", -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 10, row->prev_hash, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 11, row->hash, -1, SQLITE_STATIC);
    int rc = sqlite3_step(st);
    if (rc != SQLITE_DONE)
        return store__fail(s, rc);
    st = store__stmt(s, head);
    if (!st)
        return STORE_ERROR;
    sqlite3_bind_int64(st, 1, row->seq);
    sqlite3_bind_text(st, 2, row->hash, -1, SQLITE_STATIC);
    rc = sqlite3_step(st);
    return rc == SQLITE_DONE ? STORE_OK : store__fail(s, rc);
}

/* An entry of centre ?8: by one of its people, or on one of its records (an OS administrator's
 * entries name the record, or the centre among their params when there is none). Each a probe
 * by primary key: the trail is read in seq order. */
#define RECORD_ID " CAST(substr(record, instr(record, ':') + 1) AS INTEGER)"
#define OWNED(kind)                                                                                \
    " OR (record GLOB '" kind ":*' AND EXISTS (SELECT 1 FROM " kind " x JOIN registration g ON"    \
    " g.id = x.registration WHERE x.id =" RECORD_ID " AND g.centre = ?8))"
#define CENTRE_ENTRY                                                                               \
    " OR EXISTS (SELECT 1 FROM person x WHERE x.id = actor_person AND x.centre = ?8)"              \
    " OR record = 'centre:' || ?8"                                                                 \
    " OR (actor_person IS NULL AND record = '' AND json_valid(params)"                             \
    " AND json_extract(params, '$.centre') = ?8)"                                                  \
    " OR (record GLOB 'person:*' AND EXISTS (SELECT 1 FROM person x"                               \
    " WHERE x.id =" RECORD_ID " AND x.centre = ?8))"                                               \
    " OR (record GLOB 'registration:*' AND EXISTS (SELECT 1 FROM registration x"                   \
    " WHERE x.id =" RECORD_ID " AND x.centre = ?8))" OWNED("evidence") OWNED("decision")           \
        OWNED("signoff") OWNED("iv_sample") OWNED("claim") OWNED("appeal")

int store_audit_each(store *s, const store_audit_filter *f,
                     int (*fn)(void *ud, const store_audit_row *row), void *ud)
{
    static const char sql[] =
        "SELECT seq, at, actor_person, actor_uid, actor_name, method, params, outcome, record,"
        " prev_hash, hash FROM audit"
        " WHERE seq > ?1 AND (?2 = 0 OR actor_person = ?2)"
        " AND (?3 IS NULL OR substr(method, 1, length(?3)) = ?3)"
        " AND (?4 IS NULL OR record = ?4) AND (?5 IS NULL OR at >= ?5)"
        " AND (?6 IS NULL OR at <= ?6) AND (?8 = 0" CENTRE_ENTRY ")"
        " ORDER BY seq LIMIT ?7";
    sqlite3_stmt *st = store__stmt(s, sql);
    if (!st)
        return STORE_ERROR;
    sqlite3_bind_int64(st, 1, f->after_seq);
    sqlite3_bind_int64(st, 2, f->person);
    if (f->method_prefix)
        sqlite3_bind_text(st, 3, f->method_prefix, -1, SQLITE_STATIC);
    if (f->record)
        sqlite3_bind_text(st, 4, f->record, -1, SQLITE_STATIC);
    if (f->since)
        sqlite3_bind_text(st, 5, f->since, -1, SQLITE_STATIC);
    if (f->until)
        sqlite3_bind_text(st, 6, f->until, -1, SQLITE_STATIC);
    sqlite3_bind_int64(st, 7, f->limit > 0 ? f->limit : -1);
    sqlite3_bind_int64(st, 8, f->centre);
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        store_audit_row r = {
            .seq = sqlite3_column_int64(st, 0),
            .at = store__text(st, 1),
            .actor_person = sqlite3_column_int64(st, 2),
            .actor_uid = sqlite3_column_int64(st, 3),
            .actor_name = store__text(st, 4),
            .method = store__text(st, 5),
            .params = store__text(st, 6),
            .outcome = store__text(st, 7),
            .record = store__text(st, 8),
            .prev_hash = store__text(st, 9),
            .hash = store__text(st, 10),
        };
        if (fn(ud, &r)) {
            sqlite3_reset(st);
            return STORE_OK;
        }
    }
    sqlite3_reset(st);
    return rc == SQLITE_DONE ? STORE_OK : store__fail(s, rc);
}
