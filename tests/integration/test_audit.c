/* Integration tests: the audit trail is tamper-evident. The test edits the daemon's database
 * behind its back (as an intruder with the file would) and audit.verify must find each change. */
#include <criterion/criterion.h>
#include <criterion/new/assert.h>
#include <sqlite3.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "client.h"

static bool has(const char *haystack, const char *needle)
{
    return haystack && strstr(haystack, needle) != NULL;
}

static void sql(const char *text)
{
    char path[1024];
    snprintf(path, sizeof path, "%s/var/assessd.db", tc_tmp());
    sqlite3 *db;
    cr_assert(eq(int, sqlite3_open(path, &db), SQLITE_OK));
    sqlite3_busy_timeout(db, 5000);
    char *err = NULL;
    int rc = sqlite3_exec(db, text, NULL, NULL, &err);
    cr_assert(eq(int, rc, SQLITE_OK), "%s: %s", text, err ? err : "");
    sqlite3_close(db);
}

static json_doc *verify(void)
{
    return tc_call1("audit.verify", "{}");
}

Test(audit, changes_and_removals_are_found)
{
    for (int i = 0; i < 4; i++) {
        char p[96];
        snprintf(p, sizeof p, "{\"number\":\"AUD-%d\",\"name\":\"Audited %d\"}", i, i);
        json_doc_free(tc_call1("centre.create", p));
    }
    json_doc *v = verify();
    cr_assert(tc_path(tc_result(v), "ok")->u.boolean);
    cr_assert(eq(i64, tc_rint(v, "entries"), 4));
    json_doc_free(v);

    /* a changed entry */
    sql("DROP TRIGGER audit_no_update; DROP TRIGGER audit_no_delete;"
        "UPDATE audit SET params = '{\"number\":\"AUD-1\",\"name\":\"Forged\"}' WHERE seq = 2");
    v = verify();
    cr_assert(not(tc_path(tc_result(v), "ok")->u.boolean));
    cr_assert(eq(i64, tc_rint(v, "first_bad"), 2));
    cr_assert(has(tc_rstr(v, "problem"), "changed"));
    json_doc_free(v);
    sql("UPDATE audit SET params = '{\"number\":\"AUD-1\",\"name\":\"Audited 1\"}' WHERE seq = 2");
    v = verify();
    cr_assert(tc_path(tc_result(v), "ok")->u.boolean, "restored");
    json_doc_free(v);

    /* a removed entry */
    sql("CREATE TABLE saved AS SELECT * FROM audit WHERE seq = 3; DELETE FROM audit WHERE seq = 3");
    v = verify();
    cr_assert(eq(i64, tc_rint(v, "first_bad"), 3));
    cr_assert(has(tc_rstr(v, "problem"), "missing"));
    json_doc_free(v);
    sql("INSERT INTO audit SELECT * FROM saved; DROP TABLE saved");

    /* entries removed from the end */
    sql("DELETE FROM audit WHERE seq = 4");
    v = verify();
    cr_assert(not(tc_path(tc_result(v), "ok")->u.boolean));
    cr_assert(has(tc_rstr(v, "problem"), "removed from the end"), "%s", tc_rstr(v, "problem"));
    json_doc_free(v);
}

/* since and until take a date (until: to its end) or a UTC time; anything else names the field */
Test(audit, since_and_until_are_dates_or_times)
{
    json_doc *d = tc_call1("centre.create", "{\"number\":\"AUD-T\",\"name\":\"Audit times\"}");
    cr_assert(eq(i64, tc_error_code(d), 0), "%s", tc_error_message(d));
    json_doc_free(d);
    char today[11], q[160];
    time_t t = time(NULL);
    struct tm tm;
    gmtime_r(&t, &tm);
    strftime(today, sizeof today, "%Y-%m-%d", &tm);
    /* today as until reaches the end of the day: the entry just written is in */
    snprintf(q, sizeof q, "{\"method\":\"centre.create\",\"since\":\"%s\",\"until\":\"%s\"}", today,
             today);
    d = tc_call1("audit.list", q);
    cr_assert(eq(i64, tc_error_code(d), 0), "%s", tc_error_message(d));
    cr_assert(tc_result(d)->len >= 1, "an entry of today is within since=until=today");
    json_doc_free(d);
    snprintf(q, sizeof q, "{\"method\":\"centre.create\",\"until\":\"2000-01-01T00:00:00Z\"}");
    d = tc_call1("audit.list", q);
    cr_assert(eq(sz, tc_result(d)->len, 0));
    json_doc_free(d);
    static const char *const bad[][2] = {
        {"since", "garbage"},
        {"until", "x"},
        {"since", "2009-13-01"},
        {"until", "2009-06-30T25:00:00Z"},
        {"since", "2009-06-30 10:00:00"},
    };
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        snprintf(q, sizeof q, "{\"%s\":\"%s\"}", bad[i][0], bad[i][1]);
        d = tc_call1("audit.list", q);
        cr_assert(eq(i64, tc_error_code(d), -32602), "%s", q);
        cr_assert(eq(str, (char *)tc_str(json_doc_root(d), "error.data.field"), (char *)bad[i][0]));
        json_doc_free(d);
    }
}

/* A write refused because another process holds the database's write lock cannot be audited
 * while the lock is held: the daemon says so in its log instead of dropping the entry unseen. */
Test(audit, an_entry_that_cannot_be_written_is_logged)
{
    char path[1024];
    snprintf(path, sizeof path, "%s/var/assessd.db", tc_tmp());
    sqlite3 *db;
    cr_assert(eq(int, sqlite3_open(path, &db), SQLITE_OK));
    cr_assert(eq(int, sqlite3_exec(db, "BEGIN IMMEDIATE", NULL, NULL, NULL), SQLITE_OK));
    json_doc *r = tc_call1("centre.create", "{\"number\":\"BUSY-1\",\"name\":\"Locked out\"}");
    sqlite3_exec(db, "ROLLBACK", NULL, NULL, NULL);
    sqlite3_close(db);
    cr_assert(eq(i64, tc_error_code(r), 1007), "the write under another's lock");
    json_doc_free(r);
    snprintf(path, sizeof path, "%s/daemon.log", tc_tmp());
    FILE *f = fopen(path, "r");
    cr_assert(f != NULL, "the daemon's log %s", path);
    char line[2048];
    bool logged = false;
    while (fgets(line, sizeof line, f))
        logged = logged || has(line, "the audit entry for centre.create was not written");
    fclose(f);
    cr_assert(logged, "the missing audit entry is not in the log");
}

/* A write whose audit entry cannot be written is not kept: the call fails, naming why, and the
 * record is not stored (the same call succeeds once the trail takes entries again). */
Test(audit, writes_that_cannot_be_audited_are_undone)
{
    sql("CREATE TRIGGER test_refuses BEFORE INSERT ON audit WHEN NEW.params LIKE '%AUD-UNDONE%'"
        " BEGIN SELECT RAISE(ABORT, 'the test refuses this entry'); END");
    const char *p = "{\"number\":\"AUD-UNDONE\",\"name\":\"Not audited\"}";
    json_doc *d = tc_call1("centre.create", p);
    cr_assert(eq(i64, tc_error_code(d), -32603), "%s", tc_error_message(d));
    cr_assert(has(tc_error_message(d), "its audit entry could not be written"), "%s",
              tc_error_message(d));
    json_doc_free(d);
    sql("DROP TRIGGER test_refuses");
    d = tc_call1("centre.create", p);
    cr_assert(eq(i64, tc_error_code(d), 0), "the first call stored the centre: %s",
              tc_error_message(d));
    json_doc_free(d);
}
