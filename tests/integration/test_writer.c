/* Integration tests: the write thread. evidence.add from many connections at once is checked on
 * the loop, stored and committed on the thread, each write once, each with its audit entry, and
 * a connection's requests keep their order around it. */
#include <criterion/criterion.h>
#include <criterion/new/assert.h>
#include <sqlite3.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "fixture.h"

#define N 40

static int64_t registration(centre_fx *f, const char *number)
{
    fx_centre(f, number);
    return fx_id(fx_call(&f->admin, "registration.create",
                         "{\"candidate\":%lld,\"qualification\":\"CG:3412-05\",\"centre\":%lld,"
                         "\"registered_on\":\"2015-01-05\",\"assessor\":%lld,\"iv\":%lld,"
                         "\"units\":[\"411\",\"414\"]}",
                         (long long)f->candidate.id, (long long)f->centre,
                         (long long)f->assessor.id, (long long)f->iv.id));
}

static int login(const person_fx *p)
{
    int fd = tc_connect();
    char params[128];
    snprintf(params, sizeof params, "{\"token\":\"%s\"}", p->token);
    json_doc *d = tc_call(fd, "session.login", params);
    cr_assert(eq(i64, tc_error_code(d), 0), "%s", tc_error_message(d));
    json_doc_free(d);
    return fd;
}

static void send_evidence(int fd, int id, int64_t reg, const char *criterion)
{
    char msg[400];
    snprintf(msg, sizeof msg,
             "{\"jsonrpc\":\"2.0\",\"id\":%d,\"method\":\"evidence.add\",\"params\":"
             "{\"registration\":%lld,\"title\":\"item %d\",\"method\":\"O\",\"date\":"
             "\"2015-03-02\",\"location\":\"shop floor\",\"criteria\":[\"%s\"]}}\n",
             id, (long long)reg, id, criterion);
    tc_sends(fd, msg);
}

/* The daemon's database opened by another process holding its write lock. */
static sqlite3 *hold_lock(void)
{
    char path[1024];
    snprintf(path, sizeof path, "%s/var/assessd.db", tc_tmp());
    sqlite3 *db;
    cr_assert(eq(int, sqlite3_open(path, &db), SQLITE_OK));
    cr_assert(eq(int, sqlite3_exec(db, "BEGIN IMMEDIATE", NULL, NULL, NULL), SQLITE_OK));
    return db;
}

static void let_go(sqlite3 *db)
{
    cr_assert(eq(int, sqlite3_exec(db, "ROLLBACK", NULL, NULL, NULL), SQLITE_OK));
    sqlite3_close(db);
}

Test(writer, evidence_from_many_connections_is_stored_once_each_and_audited)
{
    centre_fx f;
    int64_t reg = registration(&f, "WT-1");
    int64_t thread_commits = tc_stat("store.write_thread_commits");
    int fds[N];
    for (int i = 0; i < N; i++)
        fds[i] = login(&f.assessor);
    /* every connection sends before any reply is read; one names a criterion 411 lacks */
    for (int i = 0; i < N; i++)
        send_evidence(fds[i], i, reg, i == 7 ? "411:9.9" : "411:1.1");
    int64_t ids[N];
    for (int i = 0; i < N; i++) {
        json_doc *d = tc_reply(fds[i], 10000);
        if (i == 7) {
            cr_assert(eq(i64, tc_error_code(d), -32602), "the unknown criterion is refused");
            ids[i] = 0;
        } else {
            cr_assert(eq(i64, tc_error_code(d), 0), "%s", tc_error_message(d));
            ids[i] = tc_int(tc_result(d), "id");
        }
        json_doc_free(d);
    }
    for (int i = 0; i < N; i++)
        for (int k = 0; k < i; k++)
            cr_assert(i == 7 || k == 7 || ids[i] != ids[k], "ids %d and %d are both %lld", i, k,
                      (long long)ids[i]);
    cr_assert(gt(i64, tc_stat("store.write_thread_commits"), thread_commits),
              "stored on the write thread");
    /* each stored once: the portfolio holds exactly the N - 1 accepted items */
    json_doc *l = fx_call(&f.assessor, "evidence.list", "{\"registration\":%lld}", (long long)reg);
    cr_assert(eq(i64, tc_error_code(l), 0), "%s", tc_error_message(l));
    cr_assert(eq(sz, tc_result(l)->len, (size_t)(N - 1)));
    json_doc_free(l);
    /* each with its entry, the refused one too, and the chain holds */
    json_doc *a = fx_call(NULL, "audit.list", "{\"method\":\"evidence.add\",\"limit\":1000}");
    /* (the trail holds the other test's entries too: only this test's items are counted) */
    int entries[N] = {0}, refused = 0;
    for (size_t i = 0; i < tc_result(a)->len; i++) {
        const json_value *e = tc_result(a)->u.items[i];
        if (!strcmp(tc_str(e, "outcome"), "ok")) {
            const char *record = tc_str(e, "record");
            cr_assert(eq(int, strncmp(record, "evidence:", 9), 0), "%s", record);
            int64_t rid = strtoll(record + 9, NULL, 10);
            for (int k = 0; k < N; k++)
                entries[k] += k != 7 && ids[k] == rid;
        } else if (!strcmp(tc_str(e, "params.title"), "item 7")) {
            cr_assert(eq(int, strncmp(tc_str(e, "outcome"), "error -32602", 12), 0), "%s",
                      tc_str(e, "outcome"));
            refused++;
        }
    }
    for (int k = 0; k < N; k++)
        cr_assert(eq(int, entries[k], k == 7 ? 0 : 1), "item %d has %d entries", k, entries[k]);
    cr_assert(eq(int, refused, 1));
    json_doc_free(a);
    json_doc *v = tc_call1("audit.verify", "{}");
    cr_assert(tc_bool(tc_result(v), "ok"));
    json_doc_free(v);
    for (int i = 0; i < N; i++)
        tc_close(fds[i]);
}

Test(writer, a_connections_requests_keep_their_order_around_a_queued_write)
{
    centre_fx f;
    int64_t reg = registration(&f, "WT-2");
    int fd = login(&f.assessor);
    /* pipelined: the write, then a read that must see it, then a correction of it (which
     * runs on the loop) */
    send_evidence(fd, 1, reg, "411:1.2");
    char msg[300];
    snprintf(msg, sizeof msg,
             "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"evidence.list\",\"params\":"
             "{\"registration\":%lld}}\n",
             (long long)reg);
    tc_sends(fd, msg);
    json_doc *d = tc_reply(fd, 10000);
    cr_assert(eq(i64, tc_error_code(d), 0), "%s", tc_error_message(d));
    cr_assert(eq(i64, tc_int(json_doc_root(d), "id"), 1));
    int64_t id = tc_int(tc_result(d), "id");
    json_doc_free(d);
    d = tc_reply(fd, 10000);
    cr_assert(eq(i64, tc_int(json_doc_root(d), "id"), 2));
    cr_assert(eq(sz, tc_result(d)->len, (size_t)1), "the list sees the write before it");
    cr_assert(eq(i64, tc_int(tc_result(d)->u.items[0], "id"), id));
    json_doc_free(d);
    tc_close(fd);
}

Test(writer, a_lock_held_by_another_process_refuses_the_queued_write_and_loses_nothing)
{
    centre_fx f;
    int64_t reg = registration(&f, "WT-3");
    int fd = login(&f.assessor);
    send_evidence(fd, 1, reg, "411:1.3");
    json_doc *d = tc_reply(fd, 10000);
    cr_assert(eq(i64, tc_error_code(d), 0), "%s", tc_error_message(d));
    json_doc_free(d);
    /* another process holds the write lock longer than the daemon waits (--busy-timeout 200):
     * the checks pass (they read), the thread cannot begin its transaction */
    sqlite3 *db = hold_lock();
    send_evidence(fd, 2, reg, "411:1.4");
    d = tc_reply(fd, 10000);
    cr_assert(eq(i64, tc_error_code(d), 1007), "%s", tc_error_message(d));
    cr_assert(not(eq(ptr, strstr(tc_error_message(d), "the database is busy"), NULL)), "%s",
              tc_error_message(d));
    json_doc_free(d);
    let_go(db);
    /* the lock gone, the same connection writes again, and only the two written are there */
    send_evidence(fd, 3, reg, "411:1.5");
    d = tc_reply(fd, 10000);
    cr_assert(eq(i64, tc_error_code(d), 0), "%s", tc_error_message(d));
    json_doc_free(d);
    json_doc *l = fx_call(&f.assessor, "evidence.list", "{\"registration\":%lld}", (long long)reg);
    cr_assert(eq(sz, tc_result(l)->len, (size_t)2));
    json_doc_free(l);
    json_doc *v = tc_call1("audit.verify", "{}");
    cr_assert(tc_bool(tc_result(v), "ok"));
    json_doc_free(v);
    tc_close(fd);
}

/* The seq of the first audit entry whose string at key is name. */
static int64_t seq_of(const char *key, const char *name)
{
    json_doc *a = tc_call1("audit.list", "{\"limit\":10000}");
    int64_t seq = 0;
    for (size_t i = 0; i < tc_result(a)->len && !seq; i++) {
        const json_value *e = tc_result(a)->u.items[i];
        const json_value *v = tc_path(e, key);
        if (v && v->type == JSON_STRING && !strcmp(v->u.str, name))
            seq = tc_int(e, "seq");
    }
    json_doc_free(a);
    cr_assert(gt(i64, seq, 0), "no audit entry with %s %s", key, name);
    return seq;
}

Test(writer, a_write_on_the_loop_waits_for_the_queued_one_before_it)
{
    centre_fx f;
    int64_t reg = registration(&f, "WT-4");
    int z = login(&f.assessor), a = login(&f.assessor), y = tc_connect(), b = tc_connect();
    /* the lock held, the thread waits in its BEGIN for z's write, and the loop, wanting the
     * store for y's read, waits for the thread: a's and b's requests arrive meanwhile and are
     * read in the same turn once the lock goes, a's first, with no transaction of the loop's
     * open (y only read): a's is queued, then b's begins one on the loop */
    sqlite3 *db = hold_lock();
    send_evidence(z, 1, reg, "411:2.1");
    usleep(30000);
    tc_sends(y, "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"audit.list\",\"params\":"
                "{\"limit\":1}}\n");
    usleep(30000);
    send_evidence(a, 1, reg, "411:2.2");
    tc_sends(b, "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"centre.create\",\"params\":"
                "{\"number\":\"WT-4B\",\"name\":\"b\"}}\n");
    usleep(30000);
    let_go(db);
    int fds[] = {z, y, a, b};
    for (int i = 0; i < 4; i++) {
        json_doc *d = tc_reply(fds[i], 10000);
        cr_assert(eq(i64, tc_error_code(d), 0), "%d: %s", i, tc_error_message(d));
        json_doc_free(d);
        tc_close(fds[i]);
    }
    /* b's write was begun on the loop after a's was queued: a's is stored first */
    int64_t queued = 0, loop = seq_of("params.number", "WT-4B");
    json_doc *l = tc_call1("audit.list", "{\"method\":\"evidence.add\",\"limit\":10000}");
    for (size_t i = 0; i < tc_result(l)->len; i++) {
        const json_value *e = tc_result(l)->u.items[i];
        if (!strcmp(tc_str(e, "params.criteria.0"), "411:2.2"))
            queued = tc_int(e, "seq");
    }
    json_doc_free(l);
    cr_assert(gt(i64, queued, 0));
    cr_assert(lt(i64, queued, loop), "the queued write (entry %lld) before the loop's (%lld)",
              (long long)queued, (long long)loop);
}
