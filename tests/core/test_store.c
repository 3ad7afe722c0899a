/* Unit tests of core/store: migrations, the refusal of a newer schema, savepoints inside the
 * group transaction, durability across reopen, and the append-only audit table. */
#include <criterion/criterion.h>
#include <stdbool.h>
#include <criterion/new/assert.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "store.h"

static bool has(const char *haystack, const char *needle)
{
    return haystack && strstr(haystack, needle) != NULL;
}

static char dir[64];
static char path[128];

static void setup(void)
{
    snprintf(dir, sizeof dir, "/tmp/assessd-store-XXXXXX");
    cr_assert(mkdtemp(dir) != NULL);
    snprintf(path, sizeof path, "%s/t.db", dir);
}

static void teardown(void)
{
    char cmd[200];
    snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
    cr_assert(eq(int, system(cmd), 0));
}

TestSuite(store, .init = setup, .fini = teardown);

static store *open_at(int version)
{
    store *s = NULL;
    sbuf err;
    sbuf_init(&err);
    store_options o = {.busy_timeout_ms = 1000, .target_version = version};
    cr_assert(eq(int, store_open(&s, path, &o, &err), STORE_OK), "%s", sbuf_cstr(&err));
    sbuf_free(&err);
    return s;
}

static void raw(const char *sql)
{
    sqlite3 *db;
    cr_assert(eq(int, sqlite3_open(path, &db), SQLITE_OK));
    char *msg = NULL;
    int rc = sqlite3_exec(db, sql, NULL, NULL, &msg);
    cr_assert(eq(int, rc, SQLITE_OK), "%s: %s", sql, msg ? msg : "");
    sqlite3_close(db);
}

Test(store, new_database_gets_the_latest_schema)
{
    store *s = open_at(0);
    cr_assert(eq(int, store_schema_version(s), store_latest_version()));
    store_close(s);
}

Test(store, migrates_an_old_database_and_keeps_its_rows)
{
    store *s = open_at(1);
    cr_assert(eq(int, store_schema_version(s), 1));
    int64_t id;
    cr_assert(eq(int, store_tx_begin(s), STORE_OK));
    cr_assert(
        eq(int, store_centre_insert(s, "C1", "Old centre", "2009-01-01T00:00:00Z", &id), STORE_OK));
    cr_assert(eq(int, store_commit(s), STORE_OK));
    store_close(s);
    s = open_at(0);
    cr_assert(eq(int, store_schema_version(s), store_latest_version()));
    store_counts n;
    store_get_counts(s, &n);
    cr_assert(eq(i64, n.centres, 1));
    store_close(s);
}

Test(store, refuses_a_newer_database)
{
    store_close(open_at(0));
    char sql[64];
    snprintf(sql, sizeof sql, "PRAGMA user_version = %d", store_latest_version() + 1);
    raw(sql);
    store *s = NULL;
    sbuf err;
    sbuf_init(&err);
    store_options o = {.busy_timeout_ms = 100};
    cr_assert(eq(int, store_open(&s, path, &o, &err), STORE_ERROR));
    cr_assert(has(sbuf_cstr(&err), "newer assessd"), "%s", err.data);
    sbuf_free(&err);
}

Test(store, a_failed_request_is_rolled_back_alone)
{
    store *s = open_at(0);
    int64_t id;
    cr_assert(eq(int, store_tx_begin(s), STORE_OK));
    cr_assert(eq(int, store_savepoint(s), STORE_OK));
    cr_assert(eq(int, store_centre_insert(s, "A", "first", "t", &id), STORE_OK));
    cr_assert(eq(int, store_release(s), STORE_OK));
    cr_assert(eq(int, store_savepoint(s), STORE_OK));
    cr_assert(eq(int, store_centre_insert(s, "B", "second", "t", &id), STORE_OK));
    cr_assert(eq(int, store_centre_insert(s, "A", "dup", "t", &id), STORE_CONFLICT));
    cr_assert(eq(int, store_rollback(s), STORE_OK));
    cr_assert(eq(int, store_savepoint(s), STORE_OK));
    cr_assert(eq(int, store_centre_insert(s, "C", "third", "t", &id), STORE_OK));
    cr_assert(eq(int, store_release(s), STORE_OK));
    cr_assert(eq(int, store_commit(s), STORE_OK));
    store_close(s);
    s = open_at(0);
    store_counts n;
    store_get_counts(s, &n);
    cr_assert(eq(i64, n.centres, 2)); /* A and C; B went with the failed request */
    store_close(s);
}

Test(store, an_uncommitted_transaction_is_lost_on_close)
{
    store *s = open_at(0);
    int64_t id;
    store_tx_begin(s);
    store_centre_insert(s, "X", "never committed", "t", &id);
    store_close(s);
    s = open_at(0);
    store_counts n;
    store_get_counts(s, &n);
    cr_assert(eq(i64, n.centres, 0));
    store_close(s);
}

Test(store, the_audit_table_refuses_updates_and_deletes)
{
    store *s = open_at(0);
    store_tx_begin(s);
    store_audit_row r = {.seq = 1,
                         .at = "t",
                         .actor_name = "x",
                         .method = "m",
                         .params = "{}",
                         .outcome = "ok",
                         .record = "",
                         .prev_hash = "0",
                         .hash = "h"};
    cr_assert(eq(int, store_audit_insert(s, &r), STORE_OK));
    cr_assert(eq(int, store_commit(s), STORE_OK));
    store_close(s);
    sqlite3 *db;
    sqlite3_open(path, &db);
    cr_assert(ne(int, sqlite3_exec(db, "UPDATE audit SET outcome = 'x'", 0, 0, 0), SQLITE_OK));
    cr_assert(ne(int, sqlite3_exec(db, "DELETE FROM audit", 0, 0, 0), SQLITE_OK));
    sqlite3_close(db);
}

/* Asserts the first text column of the first row of sql ("" when there is none). */
static void first_is(const char *sql, const char *want)
{
    sqlite3 *db;
    sqlite3_stmt *st;
    cr_assert(eq(int, sqlite3_open(path, &db), SQLITE_OK));
    cr_assert(eq(int, sqlite3_prepare_v2(db, sql, -1, &st, NULL), SQLITE_OK), "%s: %s", sql,
              sqlite3_errmsg(db));
    const unsigned char *t = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_text(st, 0) : NULL;
    char *got = strdup(t ? (const char *)t : "");
    sqlite3_finalize(st);
    sqlite3_close(db);
    cr_assert(eq(str, got, (char *)want), "%s", sql);
    free(got);
}

static void item_json(store *s, int64_t id, sbuf *out)
{
    jw w;
    jw_init(&w, out);
    cr_assert(eq(int, store_evidence_one_json(s, id, &w), STORE_OK));
}

/* Version 5 rebuilds evidence_ref clustered by evidence item: every reference survives, in the
 * order it was given (not sorted). Version 6 puts each item's units on the item: each once, in
 * the order of its first reference as the refs sort; version 7 each unit's refs, sorted. */
Test(store, evidence_references_keep_their_order_and_give_the_item_its_units)
{
    store_close(open_at(4));
    raw("INSERT INTO evidence (id, registration, title, method, date, location, added_at)"
        " VALUES (7, 1, 't', 'O', '2015-03-02', 'p', '2015-03-02T00:00:00Z');"
        "INSERT INTO evidence_ref (evidence, unit, ref) VALUES (7, '412', '412:2.1');"
        "INSERT INTO evidence_ref (evidence, unit, ref) VALUES (7, '411', '411:10.1');"
        "INSERT INTO evidence_ref (evidence, unit, ref) VALUES (7, '412', '412:1.1');"
        "INSERT INTO evidence (id, registration, title, method, date, location, added_at)"
        " VALUES (8, 1, 't', 'O', '2015-03-02', 'p', '2015-03-02T00:00:00Z');");
    store *s = open_at(0);
    sbuf out;
    sbuf_init(&out);
    item_json(s, 7, &out);
    cr_assert(has(sbuf_cstr(&out), "\"refs\":[\"412:2.1\",\"411:10.1\",\"412:1.1\"]"), "%s",
              sbuf_cstr(&out));
    first_is("SELECT units FROM evidence WHERE id = 7", "411\n412");
    first_is("SELECT unit_refs FROM evidence WHERE id = 7",
             "\"411:10.1\"\n\"412:1.1\",\"412:2.1\"");
    /* an item without references has no units */
    first_is("SELECT units FROM evidence WHERE id = 8", "");
    first_is("SELECT unit_refs FROM evidence WHERE id = 8", "");
    sbuf_free(&out);
    store_close(s);
}

/* An evidence item of registration reg claiming n refs (of the units beside them). */
static store_evidence item_of(int64_t reg, size_t n, const char **refs, const char **units)
{
    return (store_evidence){.registration = reg,
                            .title = "t",
                            .method = "O",
                            .date = "2015-03-02",
                            .location = "p",
                            .warnings_json = "[]",
                            .nrefs = n,
                            .refs = refs,
                            .units = units};
}

/* An item is stored with its references, in the order given, a ref given twice once. */
Test(store, an_item_is_stored_with_its_references_and_units)
{
    store_close(open_at(0));
    /* the registration alone (the store's connection checks the item's reference to it) */
    raw("INSERT INTO registration (id, candidate, centre, body, qualification, title, level,"
        " catalogue_version, registered_on, assessor, iv, created_at)"
        " VALUES (1, 1, 1, 'CG', 'q', 't', 2, 1, '2015-01-01', 2, 3, 't')");
    store *s = open_at(0);
    const char *refs[] = {"413:2.1", "412:1.1", "413:2.1", "413:1.1"};
    const char *units[] = {"413", "412", "413", "413"};
    store_evidence e = item_of(1, 4, refs, units);
    int64_t id = 0;
    cr_assert(eq(int, store_tx_begin(s), STORE_OK));
    cr_assert(eq(int, store_evidence_insert(s, &e, "2015-03-02T00:00:00Z", &id), STORE_OK));
    cr_assert(eq(int, store_commit(s), STORE_OK));
    sbuf out;
    sbuf_init(&out);
    item_json(s, id, &out);
    cr_assert(has(sbuf_cstr(&out), "\"refs\":[\"413:2.1\",\"412:1.1\",\"413:1.1\"]"), "%s",
              sbuf_cstr(&out));
    sbuf_free(&out);
    store_close(s);
    first_is("SELECT units FROM evidence", "412\n413");
    first_is("SELECT unit_refs FROM evidence", "\"412:1.1\"\n\"413:1.1\",\"413:2.1\"");
}

/* A registration's progress_rev as committed. */
static int64_t rev_of(int64_t reg)
{
    sqlite3 *db;
    sqlite3_stmt *st;
    cr_assert(eq(int, sqlite3_open(path, &db), SQLITE_OK));
    cr_assert(eq(
        int,
        sqlite3_prepare_v2(db, "SELECT progress_rev FROM registration WHERE id = ?", -1, &st, NULL),
        SQLITE_OK));
    sqlite3_bind_int64(st, 1, reg);
    cr_assert(eq(int, sqlite3_step(st), SQLITE_ROW));
    int64_t rev = sqlite3_column_int64(st, 0);
    sqlite3_finalize(st);
    sqlite3_close(db);
    return rev;
}

/* What is kept of a registration's progress is keyed by its progress_rev: every committed
 * write to what progress reads must change it, however the store saves advancing it twice in
 * one transaction, and whatever a rolled-back request took with it. */
Test(store, every_committed_write_changes_the_registrations_progress_rev)
{
    store_close(open_at(0));
    raw("INSERT INTO registration (id, candidate, centre, body, qualification, title, level,"
        " catalogue_version, registered_on, assessor, iv, created_at) VALUES"
        " (1, 1, 1, 'CG', 'q', 't', 2, 1, '2015-01-01', 2, 3, 't'),"
        " (2, 1, 1, 'CG', 'q', 't', 2, 1, '2015-01-01', 2, 3, 't');"
        "INSERT INTO person (id, name, roles, created_at) VALUES (2, 'a', 'assessor', 't'),"
        " (4, 'b', 'assessor', 't')");
    store *s = open_at(0);
    const char *refs[] = {"411:1.1"}, *units[] = {"411"};
    store_evidence e1 = item_of(1, 1, refs, units), e2 = item_of(2, 1, refs, units);
    const char *at = "2015-03-02T00:00:00Z";
    int64_t id, before = rev_of(1);

    /* the request that advanced it is rolled back; the next one, in the same transaction,
     * must advance it again */
    cr_assert(eq(int, store_tx_begin(s), STORE_OK));
    cr_assert(eq(int, store_savepoint(s), STORE_OK));
    cr_assert(eq(int, store_evidence_insert(s, &e1, at, &id), STORE_OK));
    cr_assert(eq(int, store_rollback(s), STORE_OK));
    cr_assert(eq(int, store_savepoint(s), STORE_OK));
    cr_assert(eq(int, store_reg_unit_insert(s, 1, "411", "411", "2015-03-02", NULL), STORE_OK));
    cr_assert(eq(int, store_release(s), STORE_OK));
    cr_assert(eq(int, store_commit(s), STORE_OK));
    int64_t after = rev_of(1);
    cr_assert(ne(i64, after, before));

    /* many writes of two registrations in one transaction: both change */
    int64_t other = rev_of(2);
    cr_assert(eq(int, store_tx_begin(s), STORE_OK));
    cr_assert(eq(int, store_evidence_insert(s, &e1, at, &id), STORE_OK));
    cr_assert(eq(int, store_evidence_insert(s, &e1, at, &id), STORE_OK));
    cr_assert(eq(int, store_evidence_insert(s, &e2, at, &id), STORE_OK));
    int64_t signoff;
    cr_assert(
        eq(int, store_signoff_insert(s, 1, "411", "2015-03-03", 2, true, at, &signoff), STORE_OK));
    cr_assert(eq(int, store_commit(s), STORE_OK));
    cr_assert(ne(i64, rev_of(1), after));
    cr_assert(ne(i64, rev_of(2), other));

    /* the next transaction's write changes it again, and so does one outside a transaction:
     * the countersignature of that sign-off */
    after = rev_of(1);
    cr_assert(eq(int, store_tx_begin(s), STORE_OK));
    cr_assert(eq(int,
                 store_decision_insert(s, 1, "411", "met", "summative", "j", "f", "2015-03-03",
                                       "[]", 2, false, 0, at, &id),
                 STORE_OK));
    cr_assert(eq(int, store_commit(s), STORE_OK));
    cr_assert(ne(i64, rev_of(1), after));
    after = rev_of(1);
    cr_assert(
        eq(int, store_countersign_insert(s, "signoff", signoff, 4, "2015-03-04", at), STORE_OK));
    cr_assert(ne(i64, rev_of(1), after));
    store_close(s);
}

/* The columns of the one row a reminders query handed over. */
typedef struct one_row {
    int rows;
    int64_t signoff, items;
    char units[64], oldest[16], iv_name[32];
} one_row;

static void take_row(void *ud, const store_col *c, int n)
{
    one_row *r = ud;
    r->rows++;
    for (int i = 0; i < n; i++) {
        if (!strcmp(c[i].name, "signoff"))
            r->signoff = c[i].i;
        else if (!strcmp(c[i].name, "items"))
            r->items = c[i].i;
        else if (!strcmp(c[i].name, "units"))
            snprintf(r->units, sizeof r->units, "%s", c[i].s);
        else if (!strcmp(c[i].name, "oldest"))
            snprintf(r->oldest, sizeof r->oldest, "%s", c[i].s);
        else if (!strcmp(c[i].name, "iv_name"))
            snprintf(r->iv_name, sizeof r->iv_name, "%s", c[i].s);
    }
}

/* A sign-off corrected by a later one waits no more: the IV samples what is current. (The schema
 * has sign-off corrections, as the reads expect them; no request writes one yet.) */
Test(store, unsampled_signoffs_leave_out_what_a_correction_superseded)
{
    store_close(open_at(0));
    raw("INSERT INTO person (id, name, roles, created_at) VALUES (1, 'Cand', 'candidate', 't'),"
        " (2, 'Ass', 'assessor', 't'), (3, 'Ivy', 'iv', 't');"
        "INSERT INTO registration (id, candidate, centre, body, qualification, title, level,"
        " catalogue_version, registered_on, assessor, iv, created_at)"
        " VALUES (1, 1, 1, 'CG', 'q', 't', 2, 1, '2015-01-01', 2, 3, 't');"
        "INSERT INTO signoff (id, registration, unit, date, assessor, recorded_at)"
        " VALUES (10, 1, '411', '2015-02-01', 2, 't'), (12, 1, '412', '2015-03-01', 2, 't');"
        "INSERT INTO signoff (id, registration, unit, date, assessor, recorded_at, supersedes)"
        " VALUES (11, 1, '411', '2015-02-10', 2, 't', 10);");
    store *s = open_at(0);
    one_row r = {0};
    store_row_sink sink = {take_row, &r};
    cr_assert(eq(int, store_rem_unsampled_signoffs(s, "2015-12-31", 28, &sink), STORE_OK));
    cr_assert(eq(int, r.rows, 1));
    cr_assert(eq(i64, r.signoff, 11), "the oldest current sign-off, not the superseded one");
    cr_assert(eq(i64, r.items, 2));
    cr_assert(eq(str, r.oldest, "2015-02-10"));
    cr_assert(eq(str, r.units, "411, 412"));
    cr_assert(eq(str, r.iv_name, "Ivy"));
    /* sampled: nothing waits for 411 */
    store_close(s);
    raw("INSERT INTO iv_sample (registration, unit, iv, outcome, notes, evidence, date,"
        " recorded_at) VALUES (1, '411', 3, 'confirmed', 'n', '[]', '2015-04-01', 't')");
    s = open_at(0);
    r = (one_row){0};
    cr_assert(eq(int, store_rem_unsampled_signoffs(s, "2015-12-31", 28, &sink), STORE_OK));
    cr_assert(eq(int, r.rows, 1));
    cr_assert(eq(i64, r.signoff, 12));
    cr_assert(eq(str, r.units, "412"));
    store_close(s);
}
