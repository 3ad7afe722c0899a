/* store — the only module that talks to SQLite.
 *
 * Owns the database connection, the schema and its migrations (store_schema.c), the cache of
 * prepared statements and the group transaction. The rest of the core sees records, never SQL.
 *
 * Durability: WAL with synchronous=FULL, so a COMMIT that returned is on disk. Group commit: the
 * server opens one transaction per loop turn (store_tx_begin), each writing request runs inside
 * its own savepoint (store_savepoint / store_release / store_rollback) so that a failing request
 * is undone alone, and store_commit makes the whole turn durable before any reply is sent.
 *
 * Functions return 0 on success or a negative STORE_* code; store_errmsg() says why.
 */
#ifndef ASSESSD_STORE_H
#define ASSESSD_STORE_H

#include <stdbool.h>
#include <stdint.h>

#include "sbuf.h"

enum {
    STORE_OK = 0,
    STORE_ERROR = -1,
    STORE_NOTFOUND = -2,
    STORE_CONFLICT = -3, /* a uniqueness or reference constraint */
    STORE_BUSY = -4,
};

typedef struct store store;

typedef struct store_options {
    int64_t busy_timeout_ms;
    int target_version; /* 0: the latest; tests open old versions to exercise migrations */
} store_options;

/* Opens (creating if needed) the database at path and applies pending migrations in one
 * transaction. Refuses a database whose schema is newer than this build. */
int store_open(store **out, const char *path, const store_options *opt, sbuf *err);
void store_close(store *s);
const char *store_errmsg(store *s);
int store_schema_version(store *s);
int store_latest_version(void);

/* The group transaction. */
int store_tx_begin(store *s); /* no-op when already open */
bool store_in_tx(store *s);
int store_savepoint(store *s);
int store_release(store *s);
int store_rollback(store *s); /* to the savepoint, which is then released */
int store_commit(store *s);
int store_abort(store *s); /* rolls the whole transaction back */
/* Counts for system.stats. */
typedef struct store_stats {
    int64_t commits, rolled_back, statements_cached;
} store_stats;
void store_get_stats(store *s, store_stats *st);

/* ---- audit trail (store_audit.c) ---- */
typedef struct store_audit_row {
    int64_t seq;
    const char *at;
    int64_t actor_person; /* 0: none */
    int64_t actor_uid;
    const char *actor_name, *method, *params, *outcome, *record; /* record may be "" */
    const char *prev_hash, *hash;
} store_audit_row;

typedef struct store_audit_filter {
    int64_t after_seq;                                  /* entries with seq > after_seq */
    int64_t person;                                     /* 0: any */
    const char *method_prefix, *record, *since, *until; /* NULL: any */
    int64_t limit;                                      /* 0: no limit */
} store_audit_filter;

/* The last entry's seq and hash as recorded in the chain head (0 and "" when empty). */
int store_audit_head(store *s, int64_t *seq, char hash[65]);
/* The entry with the highest seq (0 and "" when empty). */
int store_audit_last(store *s, int64_t *seq, char hash[65]);
/* Inserts row (row->seq is assigned and returned) and moves the head to it. */
int store_audit_insert(store *s, store_audit_row *row);
/* Calls fn for each matching entry in seq order; fn returns non-zero to stop. */
int store_audit_each(store *s, const store_audit_filter *f,
                     int (*fn)(void *ud, const store_audit_row *row), void *ud);

/* ---- centres and people (store_people.c) ---- */
int store_centre_insert(store *s, const char *number, const char *name, const char *at,
                        int64_t *id);

/* ---- catalogue versions (store_catalogue.c) ---- */
/* The id of the version of body with this hash, or STORE_NOTFOUND. */
int store_catalogue_find(store *s, const char *body, const char *hash, int64_t *id);
int store_catalogue_insert(store *s, const char *body, const char *plugin, const char *hash,
                           const char *json, const char *at, int64_t *id);
/* Loads a version; *body and *json are malloc'd. */
int store_catalogue_load(store *s, int64_t id, char **body, char **json);

/* ---- counts for system.stats ---- */
typedef struct store_counts {
    int64_t centres, people, registrations, evidence, decisions, audit;
} store_counts;
int store_get_counts(store *s, store_counts *c);

#endif
