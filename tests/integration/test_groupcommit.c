/* Integration tests: group commit. Many writers at once, one of them failing: the failure is
 * rolled back alone, the others commit, every write is in the audit trail. */
#include <criterion/criterion.h>
#include <stdbool.h>
#include <criterion/new/assert.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "client.h"

static bool has(const char *haystack, const char *needle)
{
    return haystack && strstr(haystack, needle) != NULL;
}

#define N 40

Test(groupcommit, concurrent_writers_with_one_failing)
{
    int64_t centres_before = tc_stat("records.centres");
    int fds[N];
    for (int i = 0; i < N; i++)
        fds[i] = tc_connect();
    /* every connection sends its write before any reply is read */
    for (int i = 0; i < N; i++) {
        char msg[256];
        /* writer 17 reuses writer 3's number: a conflict */
        snprintf(msg, sizeof msg,
                 "{\"jsonrpc\":\"2.0\",\"id\":%d,\"method\":\"centre.create\",\"params\":"
                 "{\"number\":\"GC-%d\",\"name\":\"Centre %d\"}}\n",
                 i, i == 17 ? 3 : i, i);
        tc_sends(fds[i], msg);
    }
    int ok = 0, conflicts = 0;
    for (int i = 0; i < N; i++) {
        char *line = tc_readline(fds[i], 10000);
        json_doc *d = tc_parse(line);
        int64_t code = tc_error_code(d);
        if (code == 0)
            ok++;
        else {
            cr_assert(eq(i64, code, 1003), "%s", line);
            cr_assert(has(tc_error_message(d), "GC-3"), "%s", line);
            conflicts++;
        }
        json_doc_free(d);
        free(line);
        tc_close(fds[i]);
    }
    cr_assert(eq(int, ok, N - 1));
    cr_assert(eq(int, conflicts, 1));
    cr_assert(eq(i64, tc_stat("records.centres"), centres_before + N - 1));
    json_doc *v = tc_call1("audit.verify", "{}");
    cr_assert(tc_path(tc_result(v), "ok")->u.boolean);
    json_doc_free(v);
    json_doc *a = tc_call1("audit.list", "{\"method\":\"centre.create\",\"limit\":1000}");
    int failed_entries = 0;
    for (size_t i = 0; i < tc_result(a)->len; i++)
        if (strncmp(tc_str(tc_result(a)->u.items[i], "outcome"), "error 1003", 10) == 0)
            failed_entries++;
    cr_assert(eq(int, failed_entries, 1), "the refused write is audited too");
    json_doc_free(a);
}

Test(groupcommit, writes_arriving_together_commit_together)
{
    int64_t commits_before = tc_stat("store.group_commits");
    int fd = tc_connect();
    char *all = malloc(100 * 200);
    size_t off = 0;
    for (int i = 0; i < 100; i++)
        off += (size_t)snprintf(all + off, 200,
                                "{\"jsonrpc\":\"2.0\",\"id\":%d,\"method\":\"centre.create\","
                                "\"params\":{\"number\":\"T-%d\",\"name\":\"x\"}}\n",
                                i, i);
    tc_send(fd, all, off);
    free(all);
    for (int i = 0; i < 100; i++) {
        char *line = tc_readline(fd, 10000);
        json_doc *d = tc_parse(line);
        cr_assert(eq(i64, tc_error_code(d), 0), "%s", line);
        cr_assert(eq(i64, tc_int(json_doc_root(d), "id"), i), "replies keep their order");
        json_doc_free(d);
        free(line);
    }
    tc_close(fd);
    /* 100 writes in one socket read: one commit (two if the kernel split the bytes) */
    int64_t commits = tc_stat("store.group_commits") - commits_before;
    cr_assert(le(i64, commits, 3), "%lld commits for 100 writes", (long long)commits);
    cr_assert(ge(i64, commits, 1));
}
