/* Integration tests: NDJSON framing over the real socket. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdbool.h>
#include <criterion/new/assert.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "client.h"

static bool has(const char *haystack, const char *needle)
{
    return haystack && strstr(haystack, needle) != NULL;
}

#define PING "{\"jsonrpc\":\"2.0\",\"id\":%d,\"method\":\"system.ping\"}\n"

static void expect_pong(int fd, int id)
{
    char *line = tc_readline(fd, 5000);
    json_doc *d = tc_parse(line);
    cr_assert(eq(i64, tc_int(json_doc_root(d), "id"), id), "%s", line);
    cr_assert(eq(int, tc_path(json_doc_root(d), "result.pong")->u.boolean, 1), "%s", line);
    json_doc_free(d);
    free(line);
}

Test(framing, a_message_split_across_reads)
{
    int fd = tc_connect();
    const char *msg = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"system.ping\"}\n";
    size_t n = strlen(msg);
    for (size_t i = 0; i < n; i += 7) {
        tc_send(fd, msg + i, n - i < 7 ? n - i : 7);
        usleep(20000);
    }
    expect_pong(fd, 1);
    tc_close(fd);
}

Test(framing, several_messages_in_one_read_are_answered_in_order)
{
    int fd = tc_connect();
    char buf[4096];
    size_t off = 0;
    for (int i = 1; i <= 20; i++)
        off += (size_t)snprintf(buf + off, sizeof buf - off, PING, i);
    tc_send(fd, buf, off);
    for (int i = 1; i <= 20; i++)
        expect_pong(fd, i);
    tc_close(fd);
}

Test(framing, crlf_and_blank_lines)
{
    int fd = tc_connect();
    tc_sends(fd, "\n\r\n  \n{\"jsonrpc\":\"2.0\",\"id\":5,\"method\":\"system.ping\"}\r\n");
    expect_pong(fd, 5);
    tc_close(fd);
}

Test(framing, an_oversized_line_is_refused_and_the_connection_closed)
{
    int fd = tc_connect();
    size_t n = (1 << 20) + 100;
    char *big = malloc(n);
    memset(big, ' ', n);
    memcpy(big, "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"system.ping\",\"params\":{\"x\":\"",
           63);
    tc_send(fd, big, n);
    free(big);
    char *line = tc_readline(fd, 5000);
    json_doc *d = tc_parse(line);
    cr_assert(eq(i64, tc_error_code(d), -32600), "%s", line);
    cr_assert(eq(str, (char *)tc_error_reason(d), "line_too_long"));
    cr_assert(tc_closed(fd, 5000), "the connection stays open");
    json_doc_free(d);
    free(line);
    tc_close(fd);
    /* the daemon goes on serving */
    json_doc *p = tc_call1("system.ping", "{}");
    cr_assert(eq(i64, tc_error_code(p), 0));
    json_doc_free(p);
}

Test(framing, a_last_message_without_newline_before_eof_is_answered)
{
    int fd = tc_connect();
    tc_sends(fd, "{\"jsonrpc\":\"2.0\",\"id\":9,\"method\":\"system.ping\"}");
    shutdown(fd, SHUT_WR);
    expect_pong(fd, 9);
    cr_assert(tc_closed(fd, 5000));
    tc_close(fd);
}

Test(framing, invalid_utf8_is_a_parse_error)
{
    int fd = tc_connect();
    tc_sends(fd, "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"system.ping\",\"params\":{\"x\":"
                 "\"\xff\xfe\"}}\n");
    char *line = tc_readline(fd, 5000);
    json_doc *d = tc_parse(line);
    cr_assert(eq(i64, tc_error_code(d), -32700), "%s", line);
    cr_assert(has(tc_error_message(d), "UTF-8"), "%s", line);
    json_doc_free(d);
    free(line);
    /* a parse error does not end the connection */
    tc_sends(fd, "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"system.ping\"}\n");
    expect_pong(fd, 2);
    tc_close(fd);
}

Test(framing, a_slow_sender_within_the_deadline_is_served)
{
    int fd = tc_connect();
    const char *msg = "{\"jsonrpc\":\"2.0\",\"id\":3,\"method\":\"system.ping\"}\n";
    for (const char *p = msg; *p; p += 4) {
        tc_send(fd, p, strlen(p) < 4 ? strlen(p) : 4);
        usleep(50000); /* about 0.6 s in all, well inside the 10 s deadline */
    }
    expect_pong(fd, 3);
    tc_close(fd);
}
