/* store_internal — what the store's own files share; nothing outside store*.c includes it. */
#ifndef ASSESSD_STORE_INTERNAL_H
#define ASSESSD_STORE_INTERNAL_H

#include <sqlite3.h>

#include "store.h"

#define STORE__CACHE 256

struct store {
    sqlite3 *db;
    struct {
        const char *sql; /* key: the address of a static string */
        sqlite3_stmt *stmt;
    } cache[STORE__CACHE];
    int cached;
    bool in_tx;
    bool in_savepoint;
    store_stats stats;
    char err[512];
};

extern const char *const store__migrations[];
extern const int store__nmigrations;

/* A cached, reset statement for a static SQL string; NULL on error (see s->err). */
sqlite3_stmt *store__stmt(store *s, const char *sql);
/* Records the connection's error message and maps an SQLite result code to STORE_*. */
int store__fail(store *s, int rc);
int store__exec(store *s, const char *sql);
/* Text column as a C string ("" for NULL). */
const char *store__text(sqlite3_stmt *st, int col);

#endif
