/* Integration tests of the connection limits. The daemon runs with --max-line 4096
 * --message-timeout 500 --max-connections 8 --output-pause 65536 --output-limit 512K
 * --stall-timeout 1500 (tests/CMakeLists.txt). */
#include <criterion/criterion.h>
#include <stdbool.h>
#include <criterion/new/assert.h>
#include <stdlib.h>
#include <stdio.h>
#include <string.h>
#include <fcntl.h>
#include <unistd.h>

#include "client.h"

static bool has(const char *haystack, const char *needle)
{
    return haystack && strstr(haystack, needle) != NULL;
}

Test(limits, a_line_over_the_configured_limit)
{
    int fd = tc_connect();
    char big[5001];
    memset(big, 'x', sizeof big);
    big[5000] = '\n';
    tc_send(fd, big, sizeof big);
    json_doc *d = tc_reply(fd, 5000);
    cr_assert(eq(str, (char *)tc_error_reason(d), "line_too_long"));
    cr_assert(has(tc_error_message(d), "4096"), "%s", tc_error_message(d));
    json_doc_free(d);
    cr_assert(tc_closed(fd, 3000));
    tc_close(fd);
}

Test(limits, a_line_at_the_limit_is_read)
{
    int fd = tc_connect();
    char line[4097];
    const char *head = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"system.ping\",\"params\":{}}";
    memset(line, ' ', 4096);
    memcpy(line, head, strlen(head));
    line[4096] = '\n';
    tc_send(fd, line, sizeof line);
    json_doc *d = tc_reply(fd, 5000);
    cr_assert(eq(i64, tc_error_code(d), 0));
    json_doc_free(d);
    tc_close(fd);
}

Test(limits, an_unfinished_message_is_cut_off_at_the_deadline)
{
    int fd = tc_connect();
    tc_sends(fd, "{\"jsonrpc\":\"2.0\",");
    json_doc *d = tc_reply(fd, 5000);
    cr_assert(eq(str, (char *)tc_error_reason(d), "message_timeout"));
    json_doc_free(d);
    cr_assert(tc_closed(fd, 3000));
    tc_close(fd);
}

Test(limits, a_trickling_sender_cannot_extend_the_deadline)
{
    int fd = tc_connect();
    const char *msg = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"system.ping\"}\n";
    /* one byte every 100 ms: the line would take 5 s, the deadline is 500 ms */
    bool closed = false;
    for (const char *p = msg; *p && !closed; p++) {
        if (write(fd, p, 1) != 1)
            closed = true;
        usleep(100000);
        char *line = tc_readline(fd, 1);
        if (line) {
            json_doc *d = tc_parse(line);
            cr_assert(eq(str, (char *)tc_error_reason(d), "message_timeout"), "%s", line);
            json_doc_free(d);
            free(line);
            closed = true;
        }
    }
    cr_assert(closed, "a trickling sender kept its connection");
    tc_close(fd);
}

Test(limits, connections_beyond_the_limit_are_refused_clearly)
{
    int fds[8];
    for (int i = 0; i < 8; i++) {
        fds[i] = tc_connect();
        json_doc *d = tc_call(fds[i], "system.ping", "{}");
        cr_assert(eq(i64, tc_error_code(d), 0));
        json_doc_free(d);
    }
    int extra = tc_connect();
    json_doc *d = tc_reply(extra, 5000);
    cr_assert(eq(i64, tc_error_code(d), 1007));
    cr_assert(has(tc_error_message(d), "too many connections"));
    json_doc_free(d);
    cr_assert(tc_closed(extra, 3000));
    tc_close(extra);
    tc_close(fds[0]);
    usleep(100000);
    int again = tc_connect(); /* a freed place is usable */
    d = tc_call(again, "system.ping", "{}");
    cr_assert(eq(i64, tc_error_code(d), 0));
    json_doc_free(d);
    tc_close(again);
    for (int i = 1; i < 8; i++)
        tc_close(fds[i]);
}

/* A client that sends requests and hangs up before its replies are written: the daemon's write
 * fails (EPIPE), and the connection must be closed then, not kept open waiting for nothing; 24
 * such clients would otherwise hold every one of the 8 places. */
Test(limits, a_client_gone_before_its_replies_frees_its_place)
{
    const char *req = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"system.ping\"}\n";
    size_t n = strlen(req);
    char *all = malloc(n * 100);
    for (int i = 0; i < 100; i++)
        memcpy(all + (size_t)i * n, req, n);
    for (int i = 0; i < 24; i++) {
        int fd = tc_connect();
        tc_send(fd, all, n * 100);
        tc_close(fd);
    }
    free(all);
    usleep(500000);
    json_doc *d = tc_call1("system.ping", "{}");
    cr_assert(eq(i64, tc_error_code(d), 0), "%s", tc_error_message(d));
    json_doc_free(d);
}

Test(limits, a_client_that_does_not_read_is_paused_then_dropped)
{
    int lazy = tc_connect();
    /* system.methods replies are several KB: 2000 of them far exceed the 64 KB pause mark */
    const char *req = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"system.methods\"}\n";
    size_t n = strlen(req);
    char *all = malloc(n * 2000);
    for (int i = 0; i < 2000; i++)
        memcpy(all + (size_t)i * n, req, n);
    /* the daemon stops reading, so the socket buffers fill: write what fits, never block */
    fcntl(lazy, F_SETFL, fcntl(lazy, F_GETFL) | O_NONBLOCK);
    size_t off = 0;
    while (off < n * 2000) {
        ssize_t w = write(lazy, all + off, n * 2000 - off);
        if (w <= 0)
            break;
        off += (size_t)w;
    }
    free(all);
    cr_assert(gt(sz, off, 64 * 1024 / 1), "could not even send 64 KB");
    fcntl(lazy, F_SETFL, fcntl(lazy, F_GETFL) & ~O_NONBLOCK);
    usleep(300000);
    /* meanwhile others are served */
    json_doc *d = tc_call1("system.ping", "{}");
    cr_assert(eq(i64, tc_error_code(d), 0));
    json_doc_free(d);
    /* after the 1.5 s stall timeout the lazy client is gone */
    sleep(3);
    d = tc_call1("system.stats", "{}");
    cr_assert(ge(i64, tc_rint(d, "connections.dropped_slow"), 1));
    json_doc_free(d);
    cr_assert(tc_closed(lazy, 5000));
    tc_close(lazy);
}

/* A reading call's result over half the output limit (256 KB here) would get the connection
 * dropped as a client that does not read: it is an error instead, and the connection lives. */
Test(limits, a_result_too_large_for_a_reply_is_an_error)
{
    int fd = tc_connect();
    json_doc *d = tc_call(fd, "catalogue.export", "{\"qualification\":\"CG:3412-05\"}");
    cr_assert(eq(i64, tc_error_code(d), 1007));
    cr_assert(eq(str, (char *)tc_error_reason(d), "reply_too_large"));
    cr_assert(has(tc_error_message(d), "catalogue.export"), "%s", tc_error_message(d));
    cr_assert(gt(i64, tc_int(json_doc_root(d), "error.data.bytes"), 256 * 1024));
    cr_assert(eq(i64, tc_int(json_doc_root(d), "error.data.limit"), 256 * 1024));
    json_doc_free(d);
    d = tc_call(fd, "system.ping", "{}");
    cr_assert(eq(i64, tc_error_code(d), 0));
    json_doc_free(d);
    tc_close(fd);
}

/* In a batch the limit is the whole reply's: the reads after the room is used up get
 * reply_too_large, the write's reply comes, and the connection stays. */
Test(limits, a_batch_reply_keeps_within_the_limit)
{
    int fd = tc_connect();
    const char *exp = "{\"jsonrpc\":\"2.0\",\"id\":%d,\"method\":\"catalogue.export\","
                      "\"params\":{\"qualification\":\"OCR:05943\"}}";
    char line[2048], one[256];
    snprintf(line, sizeof line,
             "[{\"jsonrpc\":\"2.0\",\"id\":0,\"method\":\"centre.create\",\"params\":"
             "{\"number\":\"BATCH-%d\",\"name\":\"Batch\"}}",
             getpid());
    for (int i = 1; i <= 5; i++) {
        snprintf(one, sizeof one, exp, i);
        strcat(line, ",");
        strcat(line, one);
    }
    strcat(line, "]\n");
    tc_sends(fd, line);
    json_doc *d = tc_reply(fd, 10000);
    cr_assert(d != NULL, "the batch was not answered");
    const json_value *r = json_doc_root(d);
    cr_assert(eq(sz, r->len, 6));
    cr_assert(gt(i64, tc_int(r, "0.result.id"), 0), "the write's reply");
    cr_assert(tc_path(r, "1.result") != NULL, "the first export fits");
    for (int i = 2; i <= 5; i++) {
        char p[32];
        snprintf(p, sizeof p, "%d.error.data.reason", i);
        cr_assert(eq(str, (char *)tc_str(r, p), "reply_too_large"), "%d", i);
    }
    json_doc_free(d);
    d = tc_call(fd, "system.ping", "{}");
    cr_assert(eq(i64, tc_error_code(d), 0), "the connection stays");
    json_doc_free(d);
    tc_close(fd);
}
