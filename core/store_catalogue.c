/* store_catalogue — catalogue versions. See store.h. */
#include <stdlib.h>
#include <string.h>

#include "store_internal.h"

int store_catalogue_find(store *s, const char *body, const char *hash, int64_t *id)
{
    static const char sql[] = "SELECT id FROM catalogue_version WHERE body = ? AND hash = ?";
    sqlite3_stmt *st = store__stmt(s, sql);
    if (!st)
        return STORE_ERROR;
    sqlite3_bind_text(st, 1, body, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 2, hash, -1, SQLITE_STATIC);
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW) {
        *id = sqlite3_column_int64(st, 0);
        sqlite3_reset(st);
        return STORE_OK;
    }
    sqlite3_reset(st);
    return rc == SQLITE_DONE ? STORE_NOTFOUND : store__fail(s, rc);
}

int store_catalogue_insert(store *s, const char *body, const char *plugin, const char *hash,
                           const char *json, const char *at, int64_t *id)
{
    static const char sql[] = "INSERT INTO catalogue_version (body, plugin, hash, loaded_at, json)"
                              " VALUES (?, ?, ?, ?, ?)";
    return store__insert(s, store__query(s, sql, "sssss", body, plugin, hash, at, json), id);
}

int store_catalogue_load(store *s, int64_t id, char **body, char **json)
{
    static const char sql[] = "SELECT body, json FROM catalogue_version WHERE id = ?";
    sqlite3_stmt *st = store__stmt(s, sql);
    if (!st)
        return STORE_ERROR;
    sqlite3_bind_int64(st, 1, id);
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW) {
        *body = strdup(store__text(st, 0));
        *json = strdup(store__text(st, 1));
        sqlite3_reset(st);
        return STORE_OK;
    }
    sqlite3_reset(st);
    return rc == SQLITE_DONE ? STORE_NOTFOUND : store__fail(s, rc);
}
