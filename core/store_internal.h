/* store_internal — what the store's own files share; nothing outside store*.c includes it. */
#ifndef ASSESSD_STORE_INTERNAL_H
#define ASSESSD_STORE_INTERNAL_H

#include <sqlite3.h>
#include <stdatomic.h>
#include <uv.h>

#include "json.h"
#include "store.h"

#define STORE__CACHE 256

/* An IV sample that counts: a qualified IV's, or a trainee IV's a qualified IV has countersigned
 * (the handbook: a trainee IV's verification "must be supported by someone who has gained
 * V1"). Until then the sample waits in iv.plan's awaiting_countersignature and what it sampled
 * is still owed. */
#define SAMPLE_SUPPORTED(alias)                                                                    \
    " (" alias ".trainee = 0 OR " alias ".id IN (SELECT record_id FROM countersignature"           \
    " WHERE record = 'iv_sample'))"

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
    char *path; /* for store_open_reader */
    int busy_ms;
    /* lent to another thread (store_lend): the owner's calls wait until it comes back */
    atomic_bool lent;
    atomic_int waiting; /* the owner's calls waiting for the return */
    bool lending_ready; /* mutex and cond initialised */
    uv_thread_t borrower;
    uv_mutex_t lend_mu;
    uv_cond_t lend_cv;
    int64_t progress_changed;    /* the registration whose rev this transaction advanced */
    void (*before_tx)(void *ud); /* store_on_tx_begin */
    void *before_tx_ud;
};

/* Waits while s is lent to another thread than the caller's; every use of the connection and
 * of the store's fields goes through it. */
void store__gate(store *s);

extern const char *const store__migrations[];
extern const int store__nmigrations;

/* A cached, reset statement for a static SQL string; NULL on error (see s->err). */
sqlite3_stmt *store__stmt(store *s, const char *sql);
/* Records the connection's error message and maps an SQLite result code to STORE_*. */
int store__fail(store *s, int rc);
int store__exec(store *s, const char *sql);
/* Text column as a C string ("" for NULL). */
const char *store__text(sqlite3_stmt *st, int col);
/* Binds parameters 1..n from a format: 's' text (NULL binds null), 'i' int64 (0 binds null),
 * 'I' int64 always, 'b' bool as 0/1. Returns the statement, or NULL if it could not be
 * prepared. */
sqlite3_stmt *store__query(store *s, const char *sql, const char *fmt, ...);
/* Writes the current row as a JSON object: column names are keys; a column whose name ends in
 * "_json" holds JSON text and is written as its value under the name without the suffix, one
 * ending in "_bool" holds a flag (0 or not) written as false or true under the name without
 * the suffix; NULL is null. */
void store__row_json(sqlite3_stmt *st, jw *w);
/* Steps through every row, writing each as an object into an array. */
int store__rows_json(store *s, sqlite3_stmt *st, jw *w);
/* Steps once: STORE_OK with a row, STORE_NOTFOUND without, or an error. */
int store__one(store *s, sqlite3_stmt *st);
/* store__one for a statement selecting one integer (st NULL: it could not be prepared): its
 * value in *out with STORE_OK. */
int store__one_int64(store *s, sqlite3_stmt *st, int64_t *out);
/* The records of a table that corrections have superseded (of registration reg; 0: of all):
 * their ids, sorted, in a malloc'd array (corrections are few). A long scan tests each row
 * with store__in rather than probing the table once per row. */
enum store_superseded { STORE_EVIDENCE, STORE_DECISION, STORE_SIGNOFF };
int store__superseded(store *s, enum store_superseded table, int64_t reg, int64_t **ids, size_t *n);
bool store__in(const int64_t *ids, size_t n, int64_t id);
/* Copies n bytes of src into dst (cap bytes), cut to fit and terminated: snprintf "%.*s"
 * without its cost, for the scans' inner loops (a unit or a date per row of millions). */
void store__copy(char *dst, size_t cap, const char *src, size_t n);
/* Steps a statement that returns no rows (st NULL: it could not be prepared, STORE_ERROR). */
int store__done(store *s, sqlite3_stmt *st);
/* Advances registration reg's progress_rev after a write to what its progress reads (evidence,
 * decisions, sign-offs and their countersignatures, units): what was kept of its progress is
 * stale. Once per registration within a transaction begun by store_tx_begin (a kept progress
 * is keyed by a committed rev only); every time outside one. */
int store__progress_changed(store *s, int64_t reg);
/* store__done for an INSERT, and the new row's id into *id (when id is not NULL). */
int store__insert(store *s, sqlite3_stmt *st, int64_t *id);

#endif
