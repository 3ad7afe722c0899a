/* sqlite_rate — SQLite's own rate of durable single-row transactions on this machine.
 *
 * Owns: the reference figure for assessd's durable writes. It opens a fresh database file in a
 * temporary directory with the daemon's settings (journal_mode=WAL, synchronous=FULL) and
 * inserts one row per transaction (BEGIN IMMEDIATE; INSERT; COMMIT) for the given time. The
 * table is shaped like an evidence row: a few integers and about 200 bytes of text. Every
 * COMMIT waits for an fsync of the WAL, so the figure is mostly the disk's flush rate; a
 * daemon that commits many writes together should beat it by a wide margin.
 *
 * --journal delete measures SQLite's default rollback journal instead (a journal written and
 * synced, the database written and synced, the journal deleted, for every row): a second
 * reading of "SQLite's rate" that bench/run.sh reports beside the budget, never as it.
 *
 *   sqlite_rate [--duration S] [--dir DIR] [--text-bytes N] [--journal wal|delete]
 *               [--format human|line]
 *
 * Prints `sqlite_fsync_rate rows_per_s=... rows=... seconds=... journal=...` (--format line,
 * the default) and removes its files. Exit status: 0 done, 2 usage, 3 SQLite failed.
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE /* mkdtemp; the CMake build defines it too */
#endif
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <sqlite3.h>

static void die(int code, const char *fmt, const char *arg)
{
    fputs("sqlite_rate: ", stderr);
    fprintf(stderr, fmt, arg);
    fputc('\n', stderr);
    exit(code);
}

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void exec(sqlite3 *db, const char *sql)
{
    char *msg = NULL;
    if (sqlite3_exec(db, sql, NULL, NULL, &msg) != SQLITE_OK)
        die(3, "%s", msg ? msg : sqlite3_errmsg(db));
}

static void usage(FILE *f)
{
    fputs("usage: sqlite_rate [--duration S] [--dir DIR] [--text-bytes N] [--journal wal|delete]\n"
          "                   [--format human|line]\n"
          "\n"
          "Inserts one row per transaction into a fresh SQLite file (WAL unless --journal\n"
          "delete, synchronous=FULL)\n"
          "for S seconds (default 5) and prints the rate.\n"
          "\n"
          "  --duration S      how long to insert (default 5)\n"
          "  --dir DIR         where the temporary database goes (default $TMPDIR or /tmp);\n"
          "                    use the file system the daemon's data lives on\n"
          "  --text-bytes N    bytes of text per row (default 200)\n"
          "  --journal J       'wal' (default: the daemon's) or 'delete' (SQLite's default)\n"
          "  --format F        'line' (default): one machine-readable line; 'human'\n",
          f);
}

int main(int argc, char **argv)
{
    double duration = 5;
    long text_bytes = 200;
    const char *dir = getenv("TMPDIR");
    bool line = true;
    bool wal = true;
    if (!dir || !*dir)
        dir = "/tmp";
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        const char *v = i + 1 < argc ? argv[i + 1] : NULL;
        char *end;
        if (strcmp(a, "--help") == 0) {
            usage(stdout);
            return 0;
        }
        if (!v) {
            usage(stderr);
            return 2;
        }
        i++;
        if (strcmp(a, "--duration") == 0) {
            duration = strtod(v, &end);
            if (end == v || *end || duration <= 0 || duration > 3600)
                die(2, "--duration: '%s' is not a number of seconds", v);
        } else if (strcmp(a, "--dir") == 0) {
            dir = v;
        } else if (strcmp(a, "--text-bytes") == 0) {
            text_bytes = strtol(v, &end, 10);
            if (end == v || *end || text_bytes < 0 || text_bytes > 1000000)
                die(2, "--text-bytes: '%s' is not a byte count", v);
        } else if (strcmp(a, "--journal") == 0) {
            if (strcmp(v, "delete") == 0)
                wal = false;
            else if (strcmp(v, "wal") != 0)
                die(2, "--journal: 'wal' or 'delete', not '%s'", v);
        } else if (strcmp(a, "--format") == 0) {
            if (strcmp(v, "human") == 0)
                line = false;
            else if (strcmp(v, "line") != 0)
                die(2, "--format: 'human' or 'line', not '%s'", v);
        } else {
            usage(stderr);
            return 2;
        }
    }

    char tmpl[4096];
    if (snprintf(tmpl, sizeof tmpl, "%s/sqlite_rate.XXXXXX", dir) >= (int)sizeof tmpl)
        die(2, "--dir too long: %s", dir);
    if (!mkdtemp(tmpl))
        die(3, "cannot create a temporary directory: %s", strerror(errno));
    char path[4200];
    snprintf(path, sizeof path, "%s/rate.db", tmpl);

    sqlite3 *db;
    if (sqlite3_open(path, &db) != SQLITE_OK)
        die(3, "cannot open the database: %s", sqlite3_errmsg(db));
    exec(db, wal ? "PRAGMA journal_mode = WAL" : "PRAGMA journal_mode = DELETE");
    exec(db, "PRAGMA synchronous = FULL");
    exec(db, "CREATE TABLE evidence ("
             "  id INTEGER PRIMARY KEY,"
             "  registration INTEGER NOT NULL,"
             "  unit INTEGER NOT NULL,"
             "  criterion INTEGER NOT NULL,"
             "  assessor INTEGER NOT NULL,"
             "  created_at INTEGER NOT NULL,"
             "  description TEXT NOT NULL)");
    sqlite3_stmt *ins, *begin, *commit;
    if (sqlite3_prepare_v2(db,
                           "INSERT INTO evidence (registration, unit, criterion, assessor, "
                           "created_at, description) VALUES (?, ?, ?, ?, ?, ?)",
                           -1, &ins, NULL) != SQLITE_OK ||
        sqlite3_prepare_v2(db, "BEGIN IMMEDIATE", -1, &begin, NULL) != SQLITE_OK ||
        sqlite3_prepare_v2(db, "COMMIT", -1, &commit, NULL) != SQLITE_OK)
        die(3, "cannot prepare: %s", sqlite3_errmsg(db));

    char *text = malloc((size_t)text_bytes + 1);
    if (!text)
        die(3, "%s", "out of memory");
    for (long i = 0; i < text_bytes; i++)
        text[i] = (char)('a' + i % 26);
    text[text_bytes] = '\0';

    long rows = 0;
    double t0 = now_s(), t = t0;
    while (t - t0 < duration) {
        if (sqlite3_step(begin) != SQLITE_DONE)
            die(3, "BEGIN: %s", sqlite3_errmsg(db));
        sqlite3_reset(begin);
        sqlite3_bind_int64(ins, 1, 1000 + rows % 997);
        sqlite3_bind_int64(ins, 2, 1 + rows % 31);
        sqlite3_bind_int64(ins, 3, 1 + rows % 7);
        sqlite3_bind_int64(ins, 4, 42);
        sqlite3_bind_int64(ins, 5, 1700000000 + rows);
        sqlite3_bind_text(ins, 6, text, (int)text_bytes, SQLITE_STATIC);
        if (sqlite3_step(ins) != SQLITE_DONE)
            die(3, "INSERT: %s", sqlite3_errmsg(db));
        sqlite3_reset(ins);
        if (sqlite3_step(commit) != SQLITE_DONE)
            die(3, "COMMIT: %s", sqlite3_errmsg(db));
        sqlite3_reset(commit);
        rows++;
        t = now_s();
    }
    double seconds = t - t0;

    sqlite3_finalize(ins);
    sqlite3_finalize(begin);
    sqlite3_finalize(commit);
    sqlite3_close(db);
    free(text);
    static const char *const suffixes[] = {"", "-wal", "-shm", "-journal"};
    for (size_t i = 0; i < sizeof suffixes / sizeof *suffixes; i++) {
        char f[4300];
        snprintf(f, sizeof f, "%s%s", path, suffixes[i]);
        unlink(f);
    }
    rmdir(tmpl);

    double rate = (double)rows / seconds;
    if (line)
        printf("sqlite_fsync_rate rows_per_s=%.0f rows=%ld seconds=%.2f text_bytes=%ld "
               "journal=%s sqlite=%s\n",
               rate, rows, seconds, text_bytes, wal ? "wal" : "delete", sqlite3_libversion());
    else
        printf("SQLite %s, %s, synchronous=FULL, one row (%ld bytes of text) per "
               "transaction:\n  %ld rows in %.2f s = %.0f rows/s (%.0f us per commit)\n",
               sqlite3_libversion(), wal ? "WAL" : "rollback journal (DELETE)", text_bytes, rows,
               seconds, rate, 1e6 * seconds / (double)rows);
    return 0;
}
