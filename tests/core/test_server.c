/* Unit tests of core/server: the group commit's gathering, step by step. The loop runs in the
 * test's own thread one turn at a time (UV_RUN_NOWAIT), and the clients are plain sockets, so
 * what arrives in which turn is decided by the test, not by timing. */
#include <criterion/criterion.h>
#include <criterion/new/assert.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include "server.h"

static char dir[] = "/tmp/assessd-server-XXXXXX";
static char sock_path[100], db_path[128];
static uv_loop_t loop;
static config cfg;
static store *st;
static rpc_engine *rpc;
static server *srv;
static int session_token;

/* t.write: a write in the group transaction, as dispatch opens it for a real method */
static int t_write(rpc_call *c)
{
    int64_t id;
    if (store_tx_begin(st) != STORE_OK ||
        store_centre_insert(st, rpc_str(c, "number"), "x", "2015-01-01T00:00:00Z", &id) != STORE_OK)
        return rpc_error(c, RPC_INTERNAL_ERROR, NULL, "%s", store_errmsg(st));
    jw_int(rpc_result(c), id);
    return 0;
}

static const rpc_method write_method = {"t.write", t_write, RPC_WRITE, NULL, "a test write", NULL};

static void *session_open(void *ud, uid_t uid, gid_t gid, pid_t pid)
{
    (void)ud, (void)uid, (void)gid, (void)pid;
    return &session_token;
}

static void session_close(void *ud, void *session)
{
    (void)ud, (void)session;
}

static void start(const char *commit_wait_us)
{
    cr_assert(mkdtemp(dir) != NULL);
    snprintf(sock_path, sizeof sock_path, "%s/run/s.sock", dir);
    snprintf(db_path, sizeof db_path, "%s/db.sqlite", dir);
    config_defaults(&cfg);
    sbuf err;
    sbuf_init(&err);
    cr_assert(eq(int, config_set(&cfg, "socket", sock_path, &err), CONFIG_OK), "%s", err.data);
    cr_assert(eq(int, config_set(&cfg, "commit_wait_us", commit_wait_us, &err), CONFIG_OK), "%s",
              err.data);
    cr_assert(eq(int, store_open(&st, db_path, NULL, &err), STORE_OK), "%s", err.data);
    rpc = rpc_new();
    rpc_register(rpc, &write_method, NULL);
    uv_loop_init(&loop);
    server_hooks hooks = {session_open, session_close, NULL, NULL};
    cr_assert(eq(int, server_start(&srv, &loop, &cfg, rpc, st, &hooks, &err), 0), "%s", err.data);
    sbuf_free(&err);
}

static void stopped(void *ud)
{
    *(bool *)ud = true;
}

static void finish(void)
{
    bool done = false;
    server_stop(srv, stopped, &done);
    while (!done)
        uv_run(&loop, UV_RUN_ONCE);
    server_free(srv);
    uv_run(&loop, UV_RUN_NOWAIT);
    cr_assert(eq(int, uv_loop_close(&loop), 0), "every handle closed");
    rpc_free(rpc);
    store_close(st);
    config_free(&cfg);
    char cmd[300];
    snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
    cr_assert(eq(int, system(cmd), 0));
    strcpy(dir, "/tmp/assessd-server-XXXXXX");
}

/* A client connected and accepted (the loop turns until the server has it). */
static int client(int64_t connections_before)
{
    int fd = socket(AF_UNIX, SOCK_STREAM, 0);
    struct sockaddr_un a = {.sun_family = AF_UNIX};
    snprintf(a.sun_path, sizeof a.sun_path, "%s", sock_path);
    cr_assert(eq(int, connect(fd, (struct sockaddr *)&a, sizeof a), 0), "%s", strerror(errno));
    server_stats s;
    for (int i = 0; i < 100; i++) {
        uv_run(&loop, UV_RUN_NOWAIT);
        server_get_stats(srv, &s);
        if (s.connections > connections_before)
            return fd;
    }
    cr_fatal("the server did not accept the connection");
    return -1;
}

static void send_write(int fd, const char *number)
{
    char msg[200];
    int n = snprintf(msg, sizeof msg,
                     "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"t.write\",\"params\":"
                     "{\"number\":\"%s\"}}\n",
                     number);
    cr_assert(eq(long, (long)write(fd, msg, (size_t)n), (long)n));
}

/* What the client has been sent so far, without waiting ("" when nothing). */
static char *received(int fd)
{
    static char buf[4096];
    ssize_t n = recv(fd, buf, sizeof buf - 1, MSG_DONTWAIT);
    if (n < 0) {
        cr_assert(eq(int, errno, EAGAIN), "%s", strerror(errno));
        n = 0;
    }
    buf[n] = 0;
    return buf;
}

static int64_t commits(void)
{
    server_stats s;
    server_get_stats(srv, &s);
    return s.commits;
}

Test(server, a_write_arriving_while_the_group_gathers_joins_its_commit)
{
    start("100000");
    int a = client(0), b = client(1);
    int64_t before = commits();
    send_write(a, "A");
    uv_run(&loop, UV_RUN_NOWAIT); /* A is handled; the group stays open */
    cr_assert(eq(str, received(a), ""), "no reply before the commit");
    send_write(b, "B");
    uv_run(&loop, UV_RUN_NOWAIT); /* B joins it */
    cr_assert(eq(str, received(a), ""));
    cr_assert(eq(str, received(b), ""));
    cr_assert(eq(i64, commits(), before));
    uv_run(&loop, UV_RUN_NOWAIT); /* a turn with nothing new: the commit */
    cr_assert(eq(i64, commits(), before + 1), "one commit for both");
    cr_assert(not(eq(ptr, strstr(received(a), "\"result\":1"), NULL)));
    cr_assert(not(eq(ptr, strstr(received(b), "\"result\":2"), NULL)));
    close(a);
    close(b);
    finish();
}

Test(server, with_no_wait_each_turn_commits)
{
    start("0");
    int a = client(0), b = client(1);
    int64_t before = commits();
    send_write(a, "A");
    uv_run(&loop, UV_RUN_NOWAIT);
    cr_assert(eq(i64, commits(), before + 1));
    cr_assert(not(eq(ptr, strstr(received(a), "\"result\":1"), NULL)), "the reply at once");
    send_write(b, "B");
    uv_run(&loop, UV_RUN_NOWAIT);
    cr_assert(eq(i64, commits(), before + 2));
    cr_assert(not(eq(ptr, strstr(received(b), "\"result\":2"), NULL)));
    close(a);
    close(b);
    finish();
}

Test(server, the_wait_is_bounded_while_requests_keep_coming)
{
    start("1"); /* 1 microsecond: gone by the second turn */
    int a = client(0), b = client(1);
    int64_t before = commits();
    send_write(a, "A");
    uv_run(&loop, UV_RUN_NOWAIT); /* kept open: the wait starts now */
    cr_assert(eq(str, received(a), ""));
    usleep(1000);
    send_write(b, "B");
    uv_run(&loop, UV_RUN_NOWAIT); /* B handled, and the wait is over: committed in this turn */
    cr_assert(eq(i64, commits(), before + 1));
    cr_assert(not(eq(ptr, strstr(received(a), "\"result\":1"), NULL)));
    cr_assert(not(eq(ptr, strstr(received(b), "\"result\":2"), NULL)));
    close(a);
    close(b);
    finish();
}
