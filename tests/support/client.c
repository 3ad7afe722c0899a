/* client — integration-test helpers. See client.h. */
#include "client.h"

#include <criterion/criterion.h>
#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include "sbuf.h"

#define MAXFD 1024
static sbuf pending[MAXFD]; /* bytes read past the last returned line, per fd */

int tc_connect(void)
{
    signal(SIGPIPE, SIG_IGN); /* a closed connection is a result to check, not a crash */
    const char *path = getenv("ASSESSD_SOCKET");
    cr_assert(path != NULL, "ASSESSD_SOCKET is not set (run through with-daemon.sh)");
    int fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
    cr_assert(fd >= 0 && fd < MAXFD);
    struct sockaddr_un sa = {.sun_family = AF_UNIX};
    snprintf(sa.sun_path, sizeof sa.sun_path, "%s", path);
    cr_assert(connect(fd, (struct sockaddr *)&sa, sizeof sa) == 0, "connect %s: %s", path,
              strerror(errno));
    sbuf_init(&pending[fd]);
    return fd;
}

void tc_close(int fd)
{
    sbuf_free(&pending[fd]);
    close(fd);
}

void tc_send(int fd, const char *data, size_t n)
{
    size_t off = 0;
    while (off < n) {
        ssize_t w = write(fd, data + off, n - off);
        if (w < 0 && errno == EINTR)
            continue;
        if (w < 0 && (errno == EPIPE || errno == ECONNRESET))
            return; /* the daemon closed the connection: the test reads why */
        cr_assert(w > 0, "write: %s", strerror(errno));
        off += (size_t)w;
    }
}

void tc_sends(int fd, const char *s)
{
    tc_send(fd, s, strlen(s));
}

char *tc_readline(int fd, int timeout_ms)
{
    sbuf *b = &pending[fd];
    for (;;) {
        char *nl = b->len ? memchr(b->data, '\n', b->len) : NULL;
        if (nl) {
            size_t n = (size_t)(nl - b->data);
            char *line = malloc(n + 1);
            memcpy(line, b->data, n);
            line[n] = '\0';
            sbuf_consume(b, n + 1);
            return line;
        }
        struct pollfd p = {.fd = fd, .events = POLLIN};
        int pr = poll(&p, 1, timeout_ms);
        if (pr <= 0)
            return NULL;
        sbuf_reserve(b, 65536);
        ssize_t r = read(fd, b->data + b->len, 65536);
        if (r <= 0)
            return NULL;
        b->len += (size_t)r;
        b->data[b->len] = '\0';
    }
}

bool tc_closed(int fd, int timeout_ms)
{
    char buf[4096];
    for (;;) {
        struct pollfd p = {.fd = fd, .events = POLLIN};
        if (poll(&p, 1, timeout_ms) <= 0)
            return false;
        ssize_t r = read(fd, buf, sizeof buf);
        if (r == 0 || (r < 0 && errno == ECONNRESET))
            return true;
        if (r < 0)
            return false;
    }
}

json_doc *tc_parse(const char *line)
{
    json_doc *d;
    json_error e;
    cr_assert(line != NULL, "no reply");
    cr_assert(json_parse(line, strlen(line), &d, &e) == 0, "reply is not JSON (%s): %s", e.message,
              line);
    return d;
}

json_doc *tc_reply(int fd, int timeout_ms)
{
    char *line = tc_readline(fd, timeout_ms);
    cr_assert(line != NULL, "no reply within %d ms", timeout_ms);
    json_doc *d = tc_parse(line);
    free(line);
    return d;
}

json_doc *tc_call(int fd, const char *method, const char *params_json)
{
    static int id = 0;
    char *req = NULL;
    size_t n = 0;
    FILE *f = open_memstream(&req, &n);
    fprintf(f, "{\"jsonrpc\":\"2.0\",\"id\":%d,\"method\":\"%s\",\"params\":%s}\n", ++id, method,
            params_json ? params_json : "{}");
    fclose(f);
    tc_send(fd, req, n);
    free(req);
    char *line = tc_readline(fd, 20000);
    cr_assert(line != NULL, "no reply to %s", method);
    json_doc *d = tc_parse(line);
    free(line);
    return d;
}

json_doc *tc_call1(const char *method, const char *params_json)
{
    int fd = tc_connect();
    json_doc *d = tc_call(fd, method, params_json);
    tc_close(fd);
    return d;
}

const json_value *tc_result(json_doc *d)
{
    return json_get(json_doc_root(d), "result");
}

int64_t tc_error_code(json_doc *d)
{
    const json_value *e = json_get(json_doc_root(d), "error");
    if (!e)
        return 0;
    const json_value *c = json_get(e, "code");
    return c && c->type == JSON_NUMBER ? c->u.num.i : -1;
}

const char *tc_error_reason(json_doc *d)
{
    const json_value *r = tc_path(json_doc_root(d), "error.data.reason");
    return r && r->type == JSON_STRING ? r->u.str : "";
}

const char *tc_error_message(json_doc *d)
{
    const json_value *r = tc_path(json_doc_root(d), "error.message");
    return r && r->type == JSON_STRING ? r->u.str : "";
}

const json_value *tc_path(const json_value *v, const char *path)
{
    char key[128];
    while (v && *path) {
        const char *dot = strchr(path, '.');
        size_t n = dot ? (size_t)(dot - path) : strlen(path);
        snprintf(key, sizeof key, "%.*s", (int)n, path);
        if (v->type == JSON_ARRAY) {
            char *end;
            long i = strtol(key, &end, 10);
            v = (*end == '\0' && i >= 0 && (size_t)i < v->len) ? v->u.items[i] : NULL;
        } else {
            v = json_get(v, key);
        }
        path += n + (dot ? 1 : 0);
    }
    return v;
}

int64_t tc_int(const json_value *v, const char *path)
{
    const json_value *x = tc_path(v, path);
    cr_assert(x && x->type == JSON_NUMBER, "no number at %s", path);
    return x->u.num.i;
}

bool tc_bool(const json_value *v, const char *path)
{
    const json_value *x = tc_path(v, path);
    cr_assert(x && x->type == JSON_BOOL, "no true or false at %s", path);
    return x->u.boolean;
}

const char *tc_str(const json_value *v, const char *path)
{
    const json_value *x = tc_path(v, path);
    cr_assert(x && x->type == JSON_STRING, "no string at %s", path);
    return x->u.str;
}

static void assert_ok(json_doc *d)
{
    cr_assert(tc_error_code(d) == 0, "call failed: %lld %s", (long long)tc_error_code(d),
              tc_error_message(d));
}

int64_t tc_rint(json_doc *d, const char *path)
{
    assert_ok(d);
    return tc_int(tc_result(d), path);
}

const char *tc_rstr(json_doc *d, const char *path)
{
    assert_ok(d);
    return tc_str(tc_result(d), path);
}

const char *tc_tmp(void)
{
    const char *t = getenv("ASSESSD_TMP");
    cr_assert(t != NULL, "ASSESSD_TMP is not set");
    return t;
}

const json_value *tc_failed_job(json_doc *d, const char *job)
{
    const json_value *failed = tc_path(tc_result(d), "failed");
    for (size_t i = 0; failed && i < failed->len; i++)
        if (!strcmp(tc_str(failed->u.items[i], "job"), job))
            return tc_path(failed->u.items[i], "error");
    return NULL;
}

void tc_write(const char *rel, const char *text)
{
    char path[1024];
    snprintf(path, sizeof path, "%s/%s", tc_tmp(), rel);
    FILE *f = fopen(path, "w");
    cr_assert(f != NULL, "cannot write %s", path);
    fputs(text, f);
    fclose(f);
}

void tc_remove(const char *rel)
{
    char path[1024];
    snprintf(path, sizeof path, "%s/%s", tc_tmp(), rel);
    unlink(path);
}

const char *tc_source(void)
{
    const char *t = getenv("ASSESSD_SOURCE");
    cr_assert(t != NULL, "ASSESSD_SOURCE is not set");
    return t;
}

int64_t tc_stat(const char *path)
{
    json_doc *d = tc_call1("system.stats", "{}");
    int64_t v = tc_rint(d, path);
    json_doc_free(d);
    return v;
}
