/* store — connection, migrations, statement cache and the group transaction. See store.h. */
#include "store_internal.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "log.h"

const char *store_errmsg(store *s)
{
    return s->err;
}

int store__fail(store *s, int rc)
{
    snprintf(s->err, sizeof s->err, "%s", sqlite3_errmsg(s->db));
    int primary = rc & 0xff;
    if (primary == SQLITE_CONSTRAINT)
        return STORE_CONFLICT;
    if (primary == SQLITE_BUSY || primary == SQLITE_LOCKED)
        return STORE_BUSY;
    return STORE_ERROR;
}

/* Lent to a thread other than the caller's. */
static bool lent_away(store *s)
{
    if (!atomic_load_explicit(&s->lent, memory_order_acquire))
        return false;
    uv_thread_t self = uv_thread_self();
    return !uv_thread_equal(&self, &s->borrower);
}

void store__gate(store *s)
{
    if (!lent_away(s))
        return;
    atomic_fetch_add(&s->waiting, 1);
    uv_mutex_lock(&s->lend_mu);
    while (atomic_load_explicit(&s->lent, memory_order_acquire))
        uv_cond_wait(&s->lend_cv, &s->lend_mu);
    uv_mutex_unlock(&s->lend_mu);
    atomic_fetch_sub(&s->waiting, 1);
}

int store_lending_init(store *s)
{
    if (s->lending_ready)
        return STORE_OK;
    if (uv_mutex_init(&s->lend_mu) != 0)
        return STORE_ERROR;
    if (uv_cond_init(&s->lend_cv) != 0) {
        uv_mutex_destroy(&s->lend_mu);
        return STORE_ERROR;
    }
    s->lending_ready = true;
    return STORE_OK;
}

void store_lend(store *s, uv_thread_t borrower)
{
    uv_mutex_lock(&s->lend_mu);
    s->borrower = borrower;
    atomic_store_explicit(&s->lent, true, memory_order_release);
    uv_mutex_unlock(&s->lend_mu);
}

void store_return(store *s)
{
    uv_mutex_lock(&s->lend_mu);
    atomic_store_explicit(&s->lent, false, memory_order_release);
    uv_cond_broadcast(&s->lend_cv);
    uv_mutex_unlock(&s->lend_mu);
}

bool store_wanted_back(store *s)
{
    return atomic_load(&s->waiting) > 0;
}

void store_on_tx_begin(store *s, void (*fn)(void *ud), void *ud)
{
    s->before_tx = fn;
    s->before_tx_ud = ud;
}

int store__exec(store *s, const char *sql)
{
    store__gate(s);
    char *msg = NULL;
    int rc = sqlite3_exec(s->db, sql, NULL, NULL, &msg);
    if (rc != SQLITE_OK) {
        snprintf(s->err, sizeof s->err, "%s", msg ? msg : sqlite3_errstr(rc));
        sqlite3_free(msg);
        return (rc & 0xff) == SQLITE_CONSTRAINT ? STORE_CONFLICT : STORE_ERROR;
    }
    return STORE_OK;
}

sqlite3_stmt *store__stmt(store *s, const char *sql)
{
    store__gate(s);
    unsigned h = (unsigned)(((uintptr_t)sql >> 3) % STORE__CACHE);
    for (int i = 0; i < STORE__CACHE; i++) {
        unsigned k = (h + (unsigned)i) % STORE__CACHE;
        if (s->cache[k].sql == sql) {
            sqlite3_stmt *st = s->cache[k].stmt;
            sqlite3_reset(st);
            sqlite3_clear_bindings(st);
            return st;
        }
        if (s->cache[k].sql == NULL) {
            sqlite3_stmt *st;
            int rc = sqlite3_prepare_v3(s->db, sql, -1, SQLITE_PREPARE_PERSISTENT, &st, NULL);
            if (rc != SQLITE_OK) {
                store__fail(s, rc);
                log_error("store", "cannot prepare statement: %s", s->err);
                return NULL;
            }
            s->cache[k].sql = sql;
            s->cache[k].stmt = st;
            s->cached++;
            return st;
        }
    }
    /* cache full (more distinct statements than slots): prepare without caching is not
     * possible with this interface, so the cache is sized well above the statement count */
    snprintf(s->err, sizeof s->err, "statement cache full");
    log_error("store", "statement cache full (%d)", STORE__CACHE);
    return NULL;
}

const char *store__text(sqlite3_stmt *st, int col)
{
    const unsigned char *t = sqlite3_column_text(st, col);
    return t ? (const char *)t : "";
}

sqlite3_stmt *store__query(store *s, const char *sql, const char *fmt, ...)
{
    sqlite3_stmt *st = store__stmt(s, sql);
    if (!st)
        return NULL;
    va_list ap;
    va_start(ap, fmt);
    for (int i = 1; fmt && *fmt; fmt++, i++) {
        switch (*fmt) {
        case 's': {
            const char *t = va_arg(ap, const char *);
            if (t)
                sqlite3_bind_text(st, i, t, -1, SQLITE_TRANSIENT);
            else
                sqlite3_bind_null(st, i);
            break;
        }
        case 'i': {
            int64_t v = va_arg(ap, int64_t);
            if (v)
                sqlite3_bind_int64(st, i, v);
            else
                sqlite3_bind_null(st, i);
            break;
        }
        case 'I':
            sqlite3_bind_int64(st, i, va_arg(ap, int64_t));
            break;
        case 'b':
            sqlite3_bind_int(st, i, va_arg(ap, int) ? 1 : 0);
            break;
        }
    }
    va_end(ap);
    return st;
}

void store__row_json(sqlite3_stmt *st, jw *w)
{
    int n = sqlite3_column_count(st);
    jw_obj_begin(w);
    for (int i = 0; i < n; i++) {
        const char *name = sqlite3_column_name(st, i);
        size_t len = strlen(name);
        bool is_json = len > 5 && strcmp(name + len - 5, "_json") == 0;
        bool is_bool = len > 5 && strcmp(name + len - 5, "_bool") == 0;
        jw_keyn(w, name, is_json || is_bool ? len - 5 : len);
        switch (sqlite3_column_type(st, i)) {
        case SQLITE_NULL:
            jw_null(w);
            break;
        case SQLITE_INTEGER:
            if (is_bool) {
                jw_bool(w, sqlite3_column_int64(st, i) != 0);
                break;
            }
            jw_int(w, sqlite3_column_int64(st, i));
            break;
        case SQLITE_FLOAT:
            jw_double(w, sqlite3_column_double(st, i));
            break;
        default: {
            const char *t = (const char *)sqlite3_column_text(st, i);
            int tl = sqlite3_column_bytes(st, i);
            if (is_json)
                jw_raw(w, t, (size_t)tl);
            else
                jw_strn(w, t, (size_t)tl);
        }
        }
    }
    jw_obj_end(w);
}

int store__rows_json(store *s, sqlite3_stmt *st, jw *w)
{
    jw_arr_begin(w);
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW)
        store__row_json(st, w);
    jw_arr_end(w);
    sqlite3_reset(st);
    return rc == SQLITE_DONE ? STORE_OK : store__fail(s, rc);
}

int store__one(store *s, sqlite3_stmt *st)
{
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW)
        return STORE_OK;
    sqlite3_reset(st);
    return rc == SQLITE_DONE ? STORE_NOTFOUND : store__fail(s, rc);
}

int store__one_int64(store *s, sqlite3_stmt *st, int64_t *out)
{
    if (!st)
        return STORE_ERROR;
    int rc = store__one(s, st);
    if (rc == STORE_OK) {
        *out = sqlite3_column_int64(st, 0);
        sqlite3_reset(st);
    }
    return rc;
}

int store__done(store *s, sqlite3_stmt *st)
{
    if (!st)
        return STORE_ERROR; /* s->err says why it could not be prepared */
    int rc = sqlite3_step(st);
    sqlite3_reset(st);
    return rc == SQLITE_DONE ? STORE_OK : store__fail(s, rc);
}

int store__insert(store *s, sqlite3_stmt *st, int64_t *id)
{
    int rc = store__done(s, st);
    if (rc == STORE_OK && id)
        *id = sqlite3_last_insert_rowid(s->db);
    return rc;
}

int store_latest_version(void)
{
    return store__nmigrations;
}

static int user_version(store *s)
{
    sqlite3_stmt *st;
    int v = -1;
    if (sqlite3_prepare_v2(s->db, "PRAGMA user_version", -1, &st, NULL) == SQLITE_OK) {
        if (sqlite3_step(st) == SQLITE_ROW)
            v = sqlite3_column_int(st, 0);
        sqlite3_finalize(st);
    }
    return v;
}

int store_schema_version(store *s)
{
    return user_version(s);
}

static int migrate(store *s, int target, sbuf *err)
{
    int current = user_version(s);
    if (current < 0) {
        sbuf_printf(err, "cannot read the schema version: %s", sqlite3_errmsg(s->db));
        return STORE_ERROR;
    }
    if (current > store__nmigrations) {
        sbuf_printf(err,
                    "the database schema is version %d but this assessd knows versions up to "
                    "%d: it was written by a newer assessd; refusing to start",
                    current, store__nmigrations);
        return STORE_ERROR;
    }
    if (current >= target)
        return STORE_OK;
    if (current > 0) /* an upgrade rewrites records: on a large database it takes a while */
        log_info("store",
                 "upgrading the database from schema %d to %d: on a large database this takes "
                 "a while (one transaction: stopping the daemon meanwhile loses nothing)",
                 current, target);
    struct timespec t0, t1;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    if (store__exec(s, "BEGIN IMMEDIATE") != STORE_OK) {
        sbuf_printf(err, "cannot start the migration: %s", s->err);
        return STORE_ERROR;
    }
    for (int v = current + 1; v <= target; v++) {
        if (store__exec(s, store__migrations[v - 1]) != STORE_OK) {
            sbuf_printf(err, "migration to schema version %d failed: %s", v, s->err);
            store__exec(s, "ROLLBACK");
            return STORE_ERROR;
        }
        char pragma[64];
        snprintf(pragma, sizeof pragma, "PRAGMA user_version = %d", v);
        if (store__exec(s, pragma) != STORE_OK) {
            sbuf_printf(err, "cannot record schema version %d: %s", v, s->err);
            store__exec(s, "ROLLBACK");
            return STORE_ERROR;
        }
    }
    if (store__exec(s, "COMMIT") != STORE_OK) {
        sbuf_printf(err, "cannot commit the migration: %s", s->err);
        store__exec(s, "ROLLBACK");
        return STORE_ERROR;
    }
    clock_gettime(CLOCK_MONOTONIC, &t1);
    log_info("store", "schema migrated from version %d to %d in %.1f s", current, target,
             (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9);
    return STORE_OK;
}

/* SQLite keeps memory statistics by default, taking a global mutex on every allocation of
 * every connection: nothing here reads them, and each thread has connections of its own.
 * Settable only before SQLite initialises, which the first open does. */
static void configure_sqlite(void)
{
    static bool done;
    if (!done) {
        sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
        done = true;
    }
}

int store_open(store **out, const char *path, const store_options *opt, sbuf *err)
{
    configure_sqlite();
    store *s = calloc(1, sizeof *s);
    if (!s) {
        sbuf_printf(err, "out of memory");
        return STORE_ERROR;
    }
    int rc = sqlite3_open_v2(
        path, &s->db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, NULL);
    if (rc != SQLITE_OK) {
        sbuf_printf(err, "cannot open database %s: %s", path,
                    s->db ? sqlite3_errmsg(s->db) : sqlite3_errstr(rc));
        sqlite3_close(s->db);
        free(s);
        return STORE_ERROR;
    }
    /* SQLite falls back to reading a file it may not write: every write would then fail at
     * run time ("attempt to write a readonly database"), so such a file is refused here. */
    if (sqlite3_db_readonly(s->db, "main") == 1) {
        sbuf_printf(err,
                    "cannot write the database %s (the file is read-only to this user: check "
                    "its owner and mode); refusing to start",
                    path);
        sqlite3_close(s->db);
        free(s);
        return STORE_ERROR;
    }
    sqlite3_extended_result_codes(s->db, 1);
    s->busy_ms = (int)(opt ? opt->busy_timeout_ms : 5000);
    sqlite3_busy_timeout(s->db, s->busy_ms);
    s->path = strdup(path);
    static const char *const pragmas[] = {
        "PRAGMA journal_mode = WAL",  "PRAGMA synchronous = FULL",  "PRAGMA foreign_keys = ON",
        "PRAGMA temp_store = MEMORY", "PRAGMA cache_size = -16000", /* 16 MB page cache */
    };
    for (size_t i = 0; i < sizeof pragmas / sizeof *pragmas; i++) {
        if (store__exec(s, pragmas[i]) != STORE_OK) {
            sbuf_printf(err, "cannot set up database %s (%s): %s", path, pragmas[i], s->err);
            store_close(s);
            return STORE_ERROR;
        }
    }
    int target = (opt && opt->target_version > 0) ? opt->target_version : store__nmigrations;
    if (target > store__nmigrations)
        target = store__nmigrations;
    if (migrate(s, target, err) != STORE_OK) {
        store_close(s);
        return STORE_ERROR;
    }
    *out = s;
    return STORE_OK;
}

void store_close(store *s)
{
    if (!s)
        return;
    if (s->in_tx)
        store__exec(s, "ROLLBACK");
    for (int i = 0; i < STORE__CACHE; i++)
        if (s->cache[i].stmt)
            sqlite3_finalize(s->cache[i].stmt);
    sqlite3_close(s->db);
    if (s->lending_ready) {
        uv_cond_destroy(&s->lend_cv);
        uv_mutex_destroy(&s->lend_mu);
    }
    free(s->path);
    free(s);
}

static int cmp_id(const void *a, const void *b)
{
    int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
    return x < y ? -1 : x > y;
}

int store__superseded(store *s, enum store_superseded table, int64_t reg, int64_t **ids, size_t *n)
{
    static const char *const sql[] = {
        [STORE_EVIDENCE] = "SELECT supersedes FROM evidence WHERE supersedes IS NOT NULL",
        [STORE_DECISION] = "SELECT supersedes FROM decision WHERE supersedes IS NOT NULL",
        [STORE_SIGNOFF] = "SELECT supersedes FROM signoff WHERE supersedes IS NOT NULL",
    };
    static const char *const of_reg[] = {
        [STORE_EVIDENCE] = "SELECT supersedes FROM evidence WHERE registration = ?"
                           " AND supersedes IS NOT NULL",
        [STORE_DECISION] = "SELECT supersedes FROM decision WHERE registration = ?"
                           " AND supersedes IS NOT NULL",
        [STORE_SIGNOFF] = "SELECT supersedes FROM signoff WHERE registration = ?"
                          " AND supersedes IS NOT NULL",
    };
    sqlite3_stmt *st =
        reg ? store__query(s, of_reg[table], "I", reg) : store__query(s, sql[table], "");
    *ids = NULL;
    *n = 0;
    if (!st)
        return STORE_ERROR;
    size_t cap = 0;
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        if (*n == cap) {
            cap = cap ? cap * 2 : 64;
            int64_t *more = realloc(*ids, cap * sizeof *more);
            if (!more) {
                sqlite3_reset(st);
                snprintf(s->err, sizeof s->err, "out of memory");
                return STORE_ERROR;
            }
            *ids = more;
        }
        (*ids)[(*n)++] = sqlite3_column_int64(st, 0);
    }
    sqlite3_reset(st);
    if (*n > 1)
        qsort(*ids, *n, sizeof **ids, cmp_id);
    return rc == SQLITE_DONE ? STORE_OK : store__fail(s, rc);
}

void store__copy(char *dst, size_t cap, const char *src, size_t n)
{
    if (n >= cap)
        n = cap - 1;
    memcpy(dst, src, n);
    dst[n] = '\0';
}

bool store__in(const int64_t *ids, size_t n, int64_t id)
{
    return n && bsearch(&id, ids, n, sizeof *ids, cmp_id) != NULL;
}

int store_open_reader(store *s, store **out)
{
    *out = NULL;
    store *r = calloc(1, sizeof *r);
    if (!r || !s->path) {
        free(r);
        snprintf(s->err, sizeof s->err, "out of memory");
        return STORE_ERROR;
    }
    int rc = sqlite3_open_v2(s->path, &r->db, SQLITE_OPEN_READONLY | SQLITE_OPEN_NOMUTEX, NULL);
    if (rc != SQLITE_OK) {
        snprintf(s->err, sizeof s->err, "cannot open a reader on %s: %s", s->path,
                 r->db ? sqlite3_errmsg(r->db) : sqlite3_errstr(rc));
        sqlite3_close(r->db);
        free(r);
        return STORE_ERROR;
    }
    sqlite3_extended_result_codes(r->db, 1);
    r->busy_ms = s->busy_ms;
    sqlite3_busy_timeout(r->db, r->busy_ms);
    *out = r;
    return STORE_OK;
}

int store_tx_begin(store *s)
{
    store__gate(s);
    if (s->in_tx)
        return STORE_OK;
    if (s->before_tx && !atomic_load_explicit(&s->lent, memory_order_acquire))
        s->before_tx(s->before_tx_ud); /* the owner's: what was queued for the borrower first */
    int rc = store__exec(s, "BEGIN IMMEDIATE");
    if (rc == STORE_OK)
        s->in_tx = true;
    s->progress_changed = 0;
    return rc;
}

int store__progress_changed(store *s, int64_t reg)
{
    static const char sql[] =
        "UPDATE registration SET progress_rev = progress_rev + 1 WHERE id = ?";
    /* (a transaction SQLite rolled back by itself leaves in_tx set: hence the second test) */
    bool in_tx = s->in_tx && !sqlite3_get_autocommit(s->db);
    if (in_tx && s->progress_changed == reg)
        return STORE_OK;
    int rc = store__done(s, store__query(s, sql, "I", reg));
    s->progress_changed = rc == STORE_OK && in_tx ? reg : 0;
    return rc;
}

bool store_in_tx(store *s)
{
    if (lent_away(s))
        return false; /* lent only with the owner's transaction closed */
    return s->in_tx;
}

/* The savepoint statements run for every writing request: prepared once, not parsed each
 * time. */
static int run_cached(store *s, const char *sql)
{
    sqlite3_stmt *st = store__stmt(s, sql);
    if (!st)
        return STORE_ERROR;
    int rc = sqlite3_step(st);
    sqlite3_reset(st);
    return rc == SQLITE_DONE ? STORE_OK : store__fail(s, rc);
}

int store_savepoint(store *s)
{
    static const char sql[] = "SAVEPOINT request";
    int rc = run_cached(s, sql);
    if (rc == STORE_OK)
        s->in_savepoint = true;
    return rc;
}

int store_release(store *s)
{
    static const char sql[] = "RELEASE request";
    s->in_savepoint = false;
    return run_cached(s, sql);
}

int store_rollback(store *s)
{
    static const char rollback[] = "ROLLBACK TO request", release[] = "RELEASE request";
    s->in_savepoint = false;
    s->progress_changed = 0; /* the advance may have been rolled back with the request */
    int rc = run_cached(s, rollback);
    if (rc == STORE_OK)
        rc = run_cached(s, release);
    s->stats.rolled_back++;
    return rc;
}

int store_commit(store *s)
{
    if (!s->in_tx)
        return STORE_OK;
    s->progress_changed = 0;
    int rc = store__exec(s, "COMMIT");
    if (rc != STORE_OK) {
        log_error("store", "commit failed: %s", s->err);
        char why[sizeof s->err]; /* what failed, not what the rollback then said */
        snprintf(why, sizeof why, "%s", s->err);
        store__exec(s, "ROLLBACK");
        snprintf(s->err, sizeof s->err, "%s", why);
    } else {
        s->stats.commits++;
    }
    s->in_tx = false;
    return rc;
}

int store_abort(store *s)
{
    if (!s->in_tx)
        return STORE_OK;
    s->in_tx = false;
    s->progress_changed = 0;
    return store__exec(s, "ROLLBACK");
}

void store_idle(store *s)
{
    if (lent_away(s))
        return; /* the borrower ends its own statements */
    for (int i = 0; i < STORE__CACHE; i++)
        if (s->cache[i].stmt && sqlite3_stmt_busy(s->cache[i].stmt))
            sqlite3_reset(s->cache[i].stmt);
}

void store_get_stats(store *s, store_stats *st)
{
    store__gate(s);
    *st = s->stats;
    st->statements_cached = s->cached;
}
