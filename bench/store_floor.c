/* store_floor — what the store alone allows one thread for assessd's durable write.
 *
 * Owns: the ceiling figure for the write budget. The daemon's `evidence.add` makes these store
 * calls on its one loop thread, and nothing else may use the connection meanwhile:
 * the registration and its units read (store_registration_get, store_reg_unit_each), a
 * savepoint, the item and its two references (store_evidence_insert), the audit entry with its
 * SHA-256 chain hash (audit_append: store_audit_last, store_audit_insert), the release, and one
 * COMMIT (an fsync of the WAL) for every --group writes, as the daemon's group commit does.
 * store_floor makes exactly those calls, through the daemon's own store and audit code, in a
 * fresh database with the daemon's settings, and nothing else: no socket, no JSON, no
 * plugin. Its rate is what the write path could reach if everything but the store cost
 * nothing; bench/run.sh prints it beside the daemon's.
 *
 *   store_floor [--duration S] [--dir DIR] [--group N] [--format human|line]
 *
 * Prints `store_floor writes_per_s=... writes=... commits=... group=... seconds=...` and
 * removes its files. Exit status: 0 done, 2 usage, 3 the store failed.
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE /* mkdtemp; the CMake build defines it too */
#endif
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "app.h"
#include "audit.h"
#include "dates.h"
#include "auth.h"
#include "log.h"
#include "store.h"

static void die(const char *what, store *s)
{
    fprintf(stderr, "store_floor: %s: %s\n", what, s ? store_errmsg(s) : "failed");
    exit(3);
}

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void usage(FILE *f)
{
    fputs("usage: store_floor [--duration S] [--dir DIR] [--group N] [--format human|line]\n"
          "\n"
          "Makes the store calls of one evidence.add (reads, inserts, audit entry) over and\n"
          "over in a fresh database, N writes per commit, and prints the rate.\n"
          "\n"
          "  --duration S   how long to write (default 5)\n"
          "  --dir DIR      where the temporary database goes (default $TMPDIR or /tmp)\n"
          "  --group N      writes per commit (default 30: what bench/run.sh's daemon gets)\n"
          "  --format F     'line' (default): one machine-readable line; 'human'\n",
          f);
}

static int count_unit(void *ud, const char *unit_id, const char *unit, const char *bf)
{
    (void)unit_id;
    (void)unit;
    (void)bf;
    (*(int *)ud)++;
    return 0;
}

/* A centre, an assessor, a candidate and a registration on two units, as the daemon makes
 * them. */
static int64_t setup(store *s, int64_t *assessor)
{
    char at[21];
    time_now_iso(at);
    int64_t centre, candidate, version;
    store_person p = {0};
    if (store_tx_begin(s) != STORE_OK ||
        store_centre_insert(s, "FLOOR", "Floor centre", at, &centre) != STORE_OK)
        die("cannot create the centre", s);
    p.centre = centre;
    snprintf(p.name, sizeof p.name, "Sam Assessor");
    snprintf(p.roles, sizeof p.roles, "assessor");
    if (store_person_insert(s, &p, at, assessor) != STORE_OK)
        die("cannot create the assessor", s);
    snprintf(p.name, sizeof p.name, "Cara Candidate");
    snprintf(p.roles, sizeof p.roles, "candidate");
    if (store_person_insert(s, &p, at, &candidate) != STORE_OK)
        die("cannot create the candidate", s);
    if (store_catalogue_insert(s, "CG", "cg", "floor", "{}", at, &version) != STORE_OK)
        die("cannot record a catalogue version", s);
    store_registration r = {
        .candidate = candidate,
        .centre = centre,
        .catalogue_version = version,
        .assessor = *assessor,
        .iv = *assessor,
        .level = 4,
    };
    snprintf(r.body, sizeof r.body, "CG");
    snprintf(r.qualification, sizeof r.qualification, "CG:3412-05");
    snprintf(r.title, sizeof r.title, "Floor qualification");
    snprintf(r.registered_on, sizeof r.registered_on, "2015-01-05");
    if (store_registration_insert(s, &r, at) != STORE_OK ||
        store_reg_unit_insert(s, r.id, "CG:411", "411", "2015-01-05", NULL) != STORE_OK ||
        store_reg_unit_insert(s, r.id, "CG:414", "414", "2015-01-05", NULL) != STORE_OK ||
        store_commit(s) != STORE_OK)
        die("cannot create the registration", s);
    return r.id;
}

/* One evidence.add's store calls, as the daemon makes them (assessment.c, dispatch.c). */
static void one_write(app *a, int64_t reg, int64_t person, long seq)
{
    store *s = a->st;
    store_registration r;
    int units = 0;
    if (store_registration_get(s, reg, &r) != STORE_OK ||
        store_reg_unit_each(s, reg, count_unit, &units) != STORE_OK || units != 2)
        die("cannot read the registration", s);
    if (store_savepoint(s) != STORE_OK)
        die("savepoint", s);
    static const char text[] = "Observed the candidate handling customer calls; notes Observed "
                               "the candidate handling customer calls; notes Observed the "
                               "candidate handling customer calls; notes Observed the candidate "
                               "handling customer calls; notes ";
    char title[64], ref1[16], ref2[16], params[768], at[21];
    snprintf(title, sizeof title, "bench evidence %ld", seq);
    snprintf(ref1, sizeof ref1, "411:1.%ld", 1 + seq % 5);
    snprintf(ref2, sizeof ref2, "411:2.%ld", 1 + seq % 7);
    const char *refs[] = {ref1, ref2}, *unit_of[] = {"411", "411"};
    store_evidence e = {
        .registration = reg,
        .added_by = person,
        .title = title,
        .description = text,
        .method = "O",
        .date = "2015-03-02",
        .location = "e-portfolio",
        .warnings_json = "[{\"rule\":\"method_code\",\"message\":\"City & Guilds's documents "
                         "give no method codes: 'O' is recorded as given\"}]",
        .nrefs = 2,
        .refs = refs,
        .units = unit_of,
    };
    time_now_iso(at);
    int64_t id;
    if (store_evidence_insert(s, &e, at, &id) != STORE_OK)
        die("cannot insert the evidence", s);
    /* the request's parameters as the daemon audits them */
    snprintf(params, sizeof params,
             "{\"registration\":%lld,\"title\":\"%s\",\"method\":\"O\",\"date\":\"2015-03-02\","
             "\"location\":\"e-portfolio\",\"criteria\":[\"%s\",\"%s\"],\"description\":\"%s\"}",
             (long long)reg, title, ref1, ref2, text);
    char record[40];
    snprintf(record, sizeof record, "evidence:%lld", (long long)id);
    session who = {.person = person, .uid = 1000};
    snprintf(who.name, sizeof who.name, "Sam Assessor");
    if (audit_append(a, &who, "evidence.add", params, "ok", record) != 0)
        die("cannot append to the audit trail", s);
    if (store_release(s) != STORE_OK)
        die("release", s);
}

int main(int argc, char **argv)
{
    double duration = 5;
    long group = 30;
    const char *dir = getenv("TMPDIR");
    bool line = true;
    if (!dir || !*dir)
        dir = "/tmp";
    for (int i = 1; i < argc; i++) {
        const char *o = argv[i], *v = i + 1 < argc ? argv[i + 1] : NULL;
        char *end = NULL;
        if (!strcmp(o, "--help")) {
            usage(stdout);
            return 0;
        }
        if (!v) {
            usage(stderr);
            return 2;
        }
        if (!strcmp(o, "--duration")) {
            duration = strtod(v, &end);
            if (*end || duration <= 0) {
                fprintf(stderr, "store_floor: --duration must be a positive number of seconds\n");
                return 2;
            }
        } else if (!strcmp(o, "--group")) {
            group = strtol(v, &end, 10);
            if (*end || group < 1 || group > 100000) {
                fprintf(stderr, "store_floor: --group must be 1 to 100000 writes per commit\n");
                return 2;
            }
        } else if (!strcmp(o, "--dir")) {
            dir = v;
        } else if (!strcmp(o, "--format") && (!strcmp(v, "human") || !strcmp(v, "line"))) {
            line = !strcmp(v, "line");
        } else {
            usage(stderr);
            return 2;
        }
        i++;
    }
    log_set_level(LOG_WARN);
    char tmp[4096];
    snprintf(tmp, sizeof tmp, "%s/store_floor.XXXXXX", dir);
    if (!mkdtemp(tmp)) {
        perror("store_floor: mkdtemp");
        return 3;
    }
    char path[4200];
    snprintf(path, sizeof path, "%s/floor.db", tmp);
    store *s;
    sbuf err;
    sbuf_init(&err);
    if (store_open(&s, path, NULL, &err) != STORE_OK) {
        fprintf(stderr, "store_floor: %s\n", sbuf_cstr(&err));
        return 3;
    }
    sbuf_free(&err);
    app a = {.st = s};
    int64_t person, reg = setup(s, &person);
    long writes = 0, commits = 0;
    double t0 = now_s(), t = t0;
    while (t - t0 < duration) {
        if (store_tx_begin(s) != STORE_OK)
            die("begin", s);
        for (long k = 0; k < group; k++)
            one_write(&a, reg, person, writes++);
        if (store_commit(s) != STORE_OK)
            die("commit", s);
        commits++;
        t = now_s();
    }
    double secs = t - t0;
    store_close(s);
    static const char *const suffix[] = {"/floor.db", "/floor.db-wal", "/floor.db-shm"};
    for (size_t i = 0; i < sizeof suffix / sizeof *suffix; i++) {
        snprintf(path, sizeof path, "%s%s", tmp, suffix[i]);
        unlink(path);
    }
    rmdir(tmp);
    if (line)
        printf("store_floor writes_per_s=%.0f writes=%ld commits=%ld group=%ld seconds=%.2f\n",
               (double)writes / secs, writes, commits, group, secs);
    else
        printf("%.0f writes/s: the store calls of %ld evidence.add writes, %ld per commit, in "
               "%.2f s\n",
               (double)writes / secs, writes, group, secs);
    return 0;
}
