/* ctl_client — assessctl's connection to the daemon. See ctl_client.h. */
#include "ctl_client.h"

#include <errno.h>
#include <poll.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

void ctl_die(int code, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fputs("assessctl: ", stderr);
    vfprintf(stderr, fmt, ap);
    fputc('\n', stderr);
    va_end(ap);
    exit(code);
}

static void connect_daemon(ctl_client *cl)
{
    struct sockaddr_un sa = {.sun_family = AF_UNIX};
    if (strlen(cl->socket_path) >= sizeof sa.sun_path)
        ctl_die(EXIT_USAGE, "socket path too long: %s", cl->socket_path);
    snprintf(sa.sun_path, sizeof sa.sun_path, "%s", cl->socket_path);
    cl->fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (cl->fd < 0 || connect(cl->fd, (struct sockaddr *)&sa, sizeof sa) != 0)
        ctl_die(EXIT_CONNECT,
                "cannot connect to %s: %s (is assessd running? --socket or "
                "ASSESSD_SOCKET name another socket)",
                cl->socket_path, strerror(errno));
    if (cl->token) {
        sbuf p;
        sbuf_init(&p);
        jw w;
        jw_init(&w, &p);
        jw_obj_begin(&w);
        jw_kstr(&w, "token", cl->token);
        jw_obj_end(&w);
        json_doc *d = ctl_call(cl, "session.login", p.data);
        sbuf_free(&p);
        const json_value *e = json_get(json_doc_root(d), "error");
        if (e) {
            const json_value *m = json_get(e, "message");
            ctl_die(EXIT_RPC, "cannot log in with the token: %s",
                    m && m->type == JSON_STRING ? m->u.str : "?");
        }
        json_doc_free(d);
    }
}

void ctl_close(ctl_client *cl)
{
    sbuf_free(&cl->in);
    if (cl->fd >= 0)
        close(cl->fd);
    cl->fd = -1;
}

json_doc *ctl_call(ctl_client *cl, const char *method, const char *params_json)
{
    if (cl->fd < 0)
        connect_daemon(cl);
    sbuf req;
    sbuf_init(&req);
    jw w;
    jw_init(&w, &req);
    jw_obj_begin(&w);
    jw_kstr(&w, "jsonrpc", "2.0");
    jw_kint(&w, "id", ++cl->next_id);
    jw_kstr(&w, "method", method);
    jw_key(&w, "params");
    jw_raw(&w, params_json, strlen(params_json));
    jw_obj_end(&w);
    sbuf_addc(&req, '\n');
    size_t off = 0;
    while (off < req.len) {
        ssize_t n = write(cl->fd, req.data + off, req.len - off);
        if (n < 0) {
            if (errno == EINTR)
                continue;
            ctl_die(EXIT_CONNECT, "cannot send to %s: %s", cl->socket_path, strerror(errno));
        }
        off += (size_t)n;
    }
    sbuf_free(&req);
    for (;;) {
        char *nl = cl->in.len ? memchr(cl->in.data, '\n', cl->in.len) : NULL;
        if (nl) {
            size_t n = (size_t)(nl - cl->in.data);
            json_doc *doc;
            json_error je;
            if (json_parse(cl->in.data, n, &doc, &je) != 0)
                ctl_die(EXIT_CONNECT, "the daemon sent something that is not JSON: %s", je.message);
            sbuf_consume(&cl->in, n + 1);
            return doc;
        }
        struct pollfd p = {.fd = cl->fd, .events = POLLIN};
        int pr = poll(&p, 1, cl->timeout_ms);
        if (pr == 0)
            ctl_die(EXIT_CONNECT, "no reply from the daemon within %d ms", cl->timeout_ms);
        if (pr < 0 && errno != EINTR)
            ctl_die(EXIT_CONNECT, "poll: %s", strerror(errno));
        sbuf_reserve(&cl->in, 65536);
        ssize_t n = read(cl->fd, cl->in.data + cl->in.len, 65536);
        if (n == 0)
            ctl_die(EXIT_CONNECT, "the daemon closed the connection");
        if (n < 0) {
            if (errno == EINTR)
                continue;
            ctl_die(EXIT_CONNECT, "read: %s", strerror(errno));
        }
        cl->in.len += (size_t)n;
        cl->in.data[cl->in.len] = '\0';
    }
}
