/* server — Unix socket, connections, framing and backpressure. See server.h. */
#include "server.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include "log.h"

typedef struct conn conn;

struct server {
    uv_loop_t *loop;
    const config *cfg;
    rpc_engine *rpc;
    store *st;
    server_hooks hooks;
    uv_pipe_t listener;
    uv_check_t check;       /* end of loop turn: commit, then release held replies */
    uv_idle_t gather;       /* while active, the loop looks for more requests without waiting */
    unsigned turn_requests; /* lines handled since the last check */
    uint64_t group_since;   /* uv_hrtime() of the first turn the open group was kept open */
    conn *conns;            /* every open connection */
    conn *held;             /* connections with replies waiting for the commit */
    conn *current;          /* the connection whose request is being handled */
    uint64_t next_serial;
    server_stats stats;
    char *path;
    int lock_fd;
    bool stopping;
    bool listener_closed;
    bool check_closing;
    void (*done)(void *);
    void *done_ud;
};

struct conn {
    uv_pipe_t pipe;
    uv_timer_t deadline; /* a started message must complete in time */
    uv_timer_t stall;    /* a paused client must read its replies in time */
    server *srv;
    conn *next, *prev;
    conn *next_held;
    bool is_held;
    void *session;
    sbuf in;       /* bytes received, not yet a complete line */
    size_t scan;   /* bytes of `in` already searched for '\n' */
    sbuf out;      /* replies not yet handed to libuv */
    sbuf held;     /* replies waiting for the group commit */
    size_t queued; /* bytes handed to libuv, not yet written */
    bool paused, closing, close_after_write, eof;
    int handles_open;
    uint64_t serial; /* names the connection to server_reply() */
    int owed;        /* deferred replies not yet sent: later requests wait for them */
};

typedef struct wreq {
    uv_write_t req;
    conn *c;
    size_t len;
    char *data;
} wreq;

static void conn_close(conn *c);
static void process(conn *c);

/* Nothing left to send, now or later. */
static bool drained(const conn *c)
{
    return !c->is_held && c->queued == 0 && c->out.len == 0 && c->owed == 0;
}
static void on_alloc(uv_handle_t *h, size_t suggested, uv_buf_t *buf);
static void on_read(uv_stream_t *stream, ssize_t nread, const uv_buf_t *buf);
static void maybe_finish(server *s);

/* ---- writing ------------------------------------------------------------------------- */

static void on_write(uv_write_t *req, int status)
{
    wreq *w = (wreq *)req;
    conn *c = w->c;
    c->queued -= w->len;
    free(w->data);
    free(w);
    if (c->closing)
        return;
    if (status < 0) { /* the client is gone (EPIPE, ECONNRESET): nothing more reaches it */
        conn_close(c);
        return;
    }
    if (c->close_after_write && drained(c)) {
        conn_close(c);
        return;
    }
    if (c->paused && c->queued <= (size_t)c->srv->cfg->output_pause / 2) {
        c->paused = false;
        uv_timer_stop(&c->stall);
        process(c); /* lines that arrived while paused */
        if (!c->closing && !c->paused && !c->eof && !c->owed)
            uv_read_start((uv_stream_t *)&c->pipe, on_alloc, on_read);
    }
}

static void flush(conn *c)
{
    if (c->closing || c->out.len == 0)
        return;
    wreq *w = malloc(sizeof *w);
    if (!w) {
        conn_close(c);
        return;
    }
    w->c = c;
    w->data = sbuf_detach(&c->out, &w->len);
    c->queued += w->len;
    c->srv->stats.bytes_out += (int64_t)w->len;
    uv_buf_t b = uv_buf_init(w->data, (unsigned)w->len);
    int rc = uv_write(&w->req, (uv_stream_t *)&c->pipe, &b, 1, on_write);
    if (rc < 0) {
        c->queued -= w->len;
        free(w->data);
        free(w);
        conn_close(c);
        return;
    }
    if (c->queued > (size_t)c->srv->cfg->output_limit) {
        log_warn("server", "dropping a client with %zu reply bytes unread", c->queued);
        c->srv->stats.dropped_slow++;
        conn_close(c);
    }
}

/* Replies go out now, or wait for the commit when the turn has an open transaction. */
static void emit(conn *c, sbuf *reply)
{
    if (reply->len == 0)
        return;
    server *s = c->srv;
    if (store_in_tx(s->st)) {
        sbuf_add(&c->held, reply->data, reply->len);
        if (!c->is_held) {
            c->is_held = true;
            c->next_held = s->held;
            s->held = c;
        }
    } else if (c->is_held) {
        sbuf_add(&c->held, reply->data, reply->len); /* keep the order */
    } else {
        sbuf_add(&c->out, reply->data, reply->len);
    }
    sbuf_reset(reply);
}

static void on_gather(uv_idle_t *h)
{
    (void)h; /* being active is its job: the loop's next poll does not wait */
}

/* Group commit, gathered: a turn that handled requests leaves the transaction open and the
 * loop looks again at once, so that requests that arrived meanwhile (other clients' next
 * writes) join the same commit. The first turn that finds none commits, as does one that comes
 * commit_wait_us after the group was first kept open. */
static bool gather_more(server *s)
{
    unsigned handled = s->turn_requests;
    s->turn_requests = 0;
    if (handled == 0 || s->stopping || s->cfg->commit_wait_us <= 0 || !store_in_tx(s->st))
        return false;
    uint64_t now = uv_hrtime();
    if (!s->group_since)
        s->group_since = now;
    return now - s->group_since < (uint64_t)s->cfg->commit_wait_us * 1000;
}

static void on_check(uv_check_t *h)
{
    server *s = h->data;
    if (gather_more(s)) {
        uv_idle_start(&s->gather, on_gather);
        return;
    }
    uv_idle_stop(&s->gather);
    s->group_since = 0;
    if (!s->held && !store_in_tx(s->st)) {
        store_idle(s->st);
        if (s->hooks.turn_end)
            s->hooks.turn_end(s->hooks.ud);
        return;
    }
    bool ok = true;
    if (store_in_tx(s->st)) {
        ok = store_commit(s->st) == STORE_OK;
        if (ok)
            s->stats.commits++;
        else
            s->stats.commit_failures++;
    }
    store_idle(s->st);
    conn *c = s->held;
    s->held = NULL;
    while (c) {
        conn *next = c->next_held;
        c->is_held = false;
        c->next_held = NULL;
        if (ok) {
            sbuf_add(&c->out, c->held.data, c->held.len);
            sbuf_reset(&c->held);
            flush(c);
            if (c->close_after_write && drained(c))
                conn_close(c);
        } else {
            /* nothing of this turn reached the disk: say so and close, so that no client
             * believes a write was kept */
            char msg[600];
            snprintf(msg, sizeof msg,
                     "the group commit failed (%s): requests since your last reply were not "
                     "saved",
                     store_errmsg(s->st));
            /* every reply held, as this error with its id */
            rpc_fail_replies(&c->out, c->held.data, c->held.len, RPC_INTERNAL_ERROR,
                             "commit_failed", msg);
            sbuf_reset(&c->held);
            c->close_after_write = true;
            flush(c);
        }
        c = next;
    }
    if (s->hooks.turn_end)
        s->hooks.turn_end(s->hooks.ud);
    maybe_finish(s);
}

/* ---- reading ------------------------------------------------------------------------- */

static void on_alloc(uv_handle_t *h, size_t suggested, uv_buf_t *buf)
{
    conn *c = h->data;
    (void)suggested;
    size_t want = 65536;
    sbuf_reserve(&c->in, want);
    buf->base = c->in.data + c->in.len;
    buf->len = c->in.cap - c->in.len - 1;
}

static void reject(conn *c, int code, const char *reason, const char *message)
{
    sbuf line;
    sbuf_init(&line);
    rpc_error_line(&line, code, reason, message);
    emit(c, &line);
    sbuf_free(&line);
    c->close_after_write = true;
    uv_read_stop((uv_stream_t *)&c->pipe);
    uv_timer_stop(&c->deadline);
    sbuf_reset(&c->in);
    c->scan = 0;
    flush(c);
    if (!c->is_held && c->queued == 0 && c->out.len == 0)
        conn_close(c);
}

static void on_deadline(uv_timer_t *t)
{
    conn *c = t->data;
    char msg[128];
    snprintf(msg, sizeof msg, "message not completed within %lld ms; closing",
             (long long)c->srv->cfg->message_timeout_ms);
    c->srv->stats.closed_deadline++;
    reject(c, RPC_INVALID_REQUEST, "message_timeout", msg);
}

static void on_stall(uv_timer_t *t)
{
    conn *c = t->data;
    log_warn("server", "dropping a client that has not read %zu reply bytes for %lld ms", c->queued,
             (long long)c->srv->cfg->stall_timeout_ms);
    c->srv->stats.dropped_slow++;
    conn_close(c);
}

static bool blank(const char *p, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (p[i] != ' ' && p[i] != '\t' && p[i] != '\r')
            return false;
    return true;
}

static void handle_line(conn *c, const char *line, size_t n, sbuf *reply)
{
    if (n && line[n - 1] == '\r')
        n--;
    if (blank(line, n))
        return;
    c->srv->stats.messages++;
    c->srv->turn_requests++;
    c->srv->current = c;
    c->srv->stats.requests += rpc_process(c->srv->rpc, c->session, line, n, reply);
    c->srv->current = NULL;
    emit(c, reply);
}

static void process(conn *c)
{
    server *s = c->srv;
    size_t max = (size_t)s->cfg->max_line;
    bool consumed = false, partial = false; /* partial: what is left has no newline */
    sbuf reply;
    sbuf_init(&reply);
    size_t start = 0;
    while (!c->closing && !c->close_after_write && !c->paused && !c->owed) {
        char *base = c->in.data + start;
        size_t avail = c->in.len - start;
        size_t from = c->scan > start ? c->scan - start : 0;
        char *nl = avail > from ? memchr(base + from, '\n', avail - from) : NULL;
        if (!nl) {
            c->scan = c->in.len;
            partial = true;
            break;
        }
        size_t n = (size_t)(nl - base);
        consumed = true;
        if (n > max) {
            start += n + 1;
            s->stats.closed_oversize++;
            char msg[128];
            snprintf(msg, sizeof msg, "request line of %zu bytes exceeds the limit of %zu", n, max);
            sbuf_consume(&c->in, start);
            sbuf_free(&reply);
            reject(c, RPC_INVALID_REQUEST, "line_too_long", msg);
            return;
        }
        handle_line(c, base, n, &reply);
        start += n + 1;
        c->scan = start;
        if (c->queued + c->out.len + c->held.len > (size_t)s->cfg->output_pause) {
            c->paused = true;
            uv_read_stop((uv_stream_t *)&c->pipe);
            uv_timer_start(&c->stall, on_stall, (uint64_t)s->cfg->stall_timeout_ms, 0);
        }
    }
    sbuf_free(&reply);
    if (start) {
        sbuf_consume(&c->in, start);
        c->scan = c->scan >= start ? c->scan - start : 0;
    }
    if (c->closing)
        return;
    if (partial && c->in.len > max && !c->close_after_write) {
        s->stats.closed_oversize++;
        char msg[128];
        snprintf(msg, sizeof msg, "request line exceeds the limit of %zu bytes", max);
        reject(c, RPC_INVALID_REQUEST, "line_too_long", msg);
        return;
    }
    if (consumed || c->in.len == 0)
        uv_timer_stop(&c->deadline);
    if (partial && c->in.len > 0 && !uv_is_active((uv_handle_t *)&c->deadline))
        uv_timer_start(&c->deadline, on_deadline, (uint64_t)s->cfg->message_timeout_ms, 0);
    flush(c);
}

static void on_read(uv_stream_t *stream, ssize_t nread, const uv_buf_t *buf)
{
    conn *c = stream->data;
    (void)buf;
    if (nread > 0) {
        c->in.len += (size_t)nread;
        c->in.data[c->in.len] = '\0';
        c->srv->stats.bytes_in += nread;
        process(c);
        return;
    }
    if (nread == 0)
        return;
    /* EOF or error: a final line without its newline is still a message */
    uv_read_stop(stream);
    c->eof = true;
    uv_timer_stop(&c->deadline);
    if (nread == UV_EOF && c->in.len > 0 && !c->close_after_write) {
        sbuf_addc(&c->in, '\n');
        c->paused = false;
        process(c);
    }
    if (c->closing || c->owed)
        return; /* with a reply owed, server_reply() finishes the connection */
    c->close_after_write = true;
    flush(c);
    if (drained(c))
        conn_close(c);
}

/* ---- connections --------------------------------------------------------------------- */

static void on_conn_closed(uv_handle_t *h)
{
    conn *c = h->data;
    if (--c->handles_open > 0)
        return;
    server *s = c->srv;
    if (s->hooks.session_close)
        s->hooks.session_close(s->hooks.ud, c->session);
    sbuf_free(&c->in);
    sbuf_free(&c->out);
    sbuf_free(&c->held);
    free(c);
    maybe_finish(s);
}

static void conn_close(conn *c)
{
    if (c->closing)
        return;
    server *s = c->srv;
    c->closing = true;
    if (c->is_held) { /* unlink from the held list; its replies cannot be delivered */
        conn **pp = &s->held;
        while (*pp && *pp != c)
            pp = &(*pp)->next_held;
        if (*pp)
            *pp = c->next_held;
        c->is_held = false;
    }
    if (c->prev)
        c->prev->next = c->next;
    else
        s->conns = c->next;
    if (c->next)
        c->next->prev = c->prev;
    s->stats.connections--;
    c->handles_open = 3;
    uv_close((uv_handle_t *)&c->deadline, on_conn_closed);
    uv_close((uv_handle_t *)&c->stall, on_conn_closed);
    uv_close((uv_handle_t *)&c->pipe, on_conn_closed);
}

static void on_refused_closed(uv_handle_t *h)
{
    free(h);
}

static void on_refused_written(uv_write_t *req, int status)
{
    (void)status;
    uv_close((uv_handle_t *)req->handle, on_refused_closed);
    free(req->data);
    free(req);
}

static void refuse(server *s, uv_pipe_t *p, const char *why)
{
    sbuf line;
    sbuf_init(&line);
    rpc_error_line(&line, RPC_OVERLOADED, NULL, why);
    uv_write_t *req = malloc(sizeof *req);
    size_t n;
    char *data = sbuf_detach(&line, &n);
    if (!req) {
        free(data);
        uv_close((uv_handle_t *)p, on_refused_closed);
        return;
    }
    req->data = data;
    uv_buf_t b = uv_buf_init(data, (unsigned)n);
    if (uv_write(req, (uv_stream_t *)p, &b, 1, on_refused_written) < 0) {
        free(data);
        free(req);
        uv_close((uv_handle_t *)p, on_refused_closed);
    }
    s->stats.refused++;
}

static void on_connection(uv_stream_t *listener, int status)
{
    server *s = listener->data;
    if (status < 0) {
        log_warn("server", "accept failed: %s", uv_strerror(status));
        return;
    }
    if (s->stopping)
        return;
    if (s->stats.connections >= s->cfg->max_connections) {
        uv_pipe_t *p = malloc(sizeof *p);
        if (!p)
            return;
        uv_pipe_init(s->loop, p, 0);
        if (uv_accept(listener, (uv_stream_t *)p) == 0) {
            char why[128];
            snprintf(why, sizeof why, "too many connections (the limit is %lld); try again later",
                     (long long)s->cfg->max_connections);
            refuse(s, p, why);
        } else {
            uv_close((uv_handle_t *)p, on_refused_closed);
        }
        return;
    }
    conn *c = calloc(1, sizeof *c);
    if (!c)
        return;
    c->serial = ++s->next_serial;
    c->srv = s;
    sbuf_init(&c->in);
    sbuf_init(&c->out);
    sbuf_init(&c->held);
    uv_pipe_init(s->loop, &c->pipe, 0);
    c->pipe.data = c;
    if (uv_accept(listener, (uv_stream_t *)&c->pipe) != 0) {
        c->closing = true;
        c->handles_open = 1;
        uv_close((uv_handle_t *)&c->pipe, on_conn_closed);
        return;
    }
    uv_timer_init(s->loop, &c->deadline);
    uv_timer_init(s->loop, &c->stall);
    c->deadline.data = c;
    c->stall.data = c;
    c->next = s->conns;
    if (s->conns)
        s->conns->prev = c;
    s->conns = c;
    s->stats.connections++;
    s->stats.connections_total++;

    struct ucred cred = {.pid = 0, .uid = (uid_t)-1, .gid = (gid_t)-1};
    uv_os_fd_t fd;
    socklen_t len = sizeof cred;
    if (uv_fileno((uv_handle_t *)&c->pipe, &fd) == 0)
        getsockopt(fd, SOL_SOCKET, SO_PEERCRED, &cred, &len);
    if (s->hooks.session_open)
        c->session = s->hooks.session_open(s->hooks.ud, cred.uid, cred.gid, cred.pid);
    uv_read_start((uv_stream_t *)&c->pipe, on_alloc, on_read);
}

/* ---- the socket file ----------------------------------------------------------------- */

static int prepare_dir(const char *path, sbuf *err)
{
    char dir[sizeof(((struct sockaddr_un *)0)->sun_path) + 1];
    const char *slash = strrchr(path, '/');
    if (!slash) {
        snprintf(dir, sizeof dir, ".");
    } else {
        size_t n = (size_t)(slash - path);
        if (n == 0)
            n = 1;
        snprintf(dir, sizeof dir, "%.*s", (int)n, path);
    }
    struct stat st;
    if (stat(dir, &st) != 0) {
        if (mkdir(dir, 0750) != 0 && errno != EEXIST) {
            sbuf_printf(err, "cannot create the socket directory %s: %s", dir, strerror(errno));
            return -1;
        }
        if (stat(dir, &st) != 0) {
            sbuf_printf(err, "cannot inspect %s: %s", dir, strerror(errno));
            return -1;
        }
    }
    if (!S_ISDIR(st.st_mode)) {
        sbuf_printf(err, "%s is not a directory", dir);
        return -1;
    }
    /* The socket itself is 0660 from the moment it exists (bound under umask 0117): the
     * directory's mode is left as it is (it may be /run or /tmp, everyone's). Only one that
     * others may write to without the sticky bit is refused: anyone could replace the socket. */
    if ((st.st_mode & S_IWOTH) && !(st.st_mode & S_ISVTX)) {
        sbuf_printf(err,
                    "the socket directory %s lets anyone replace the socket (mode %04o: "
                    "writable by others, without the sticky bit); put the socket in a "
                    "directory only its owner and group can write to",
                    dir, (unsigned)(st.st_mode & 07777));
        return -1;
    }
    return 0;
}

/* 0: path is free (or was a stale socket, now removed); -1: refuse. */
static int claim_path(const char *path, sbuf *err)
{
    struct stat st;
    if (lstat(path, &st) != 0)
        return errno == ENOENT
                   ? 0
                   : (sbuf_printf(err, "cannot inspect %s: %s", path, strerror(errno)), -1);
    if (!S_ISSOCK(st.st_mode)) {
        sbuf_printf(err, "%s exists and is not a socket; refusing to replace it", path);
        return -1;
    }
    int fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd < 0) {
        sbuf_printf(err, "socket: %s", strerror(errno));
        return -1;
    }
    struct sockaddr_un sa = {.sun_family = AF_UNIX};
    snprintf(sa.sun_path, sizeof sa.sun_path, "%s", path);
    int rc = connect(fd, (struct sockaddr *)&sa, sizeof sa);
    int e = errno;
    close(fd);
    if (rc == 0) {
        sbuf_printf(err, "another assessd is already serving on %s; refusing to start", path);
        return -1;
    }
    if (e != ECONNREFUSED && e != ENOENT) {
        sbuf_printf(err, "cannot probe the existing socket %s: %s", path, strerror(e));
        return -1;
    }
    if (unlink(path) != 0 && errno != ENOENT) {
        sbuf_printf(err, "cannot remove the stale socket %s: %s", path, strerror(errno));
        return -1;
    }
    log_info("server", "removed a stale socket left by an earlier run: %s", path);
    return 0;
}

int server_start(server **out, uv_loop_t *loop, const config *cfg, rpc_engine *rpc, store *st,
                 const server_hooks *hooks, sbuf *err)
{
    const char *path = cfg->socket_path;
    if (strlen(path) >= sizeof(((struct sockaddr_un *)0)->sun_path)) {
        sbuf_printf(err, "socket path too long (%zu bytes, at most %zu): %s", strlen(path),
                    sizeof(((struct sockaddr_un *)0)->sun_path) - 1, path);
        return -1;
    }
    if (prepare_dir(path, err))
        return -1;
    /* One daemon per socket: a lock beside it settles a race between two starting daemons. */
    sbuf lockpath;
    sbuf_init(&lockpath);
    sbuf_printf(&lockpath, "%s.lock", path);
    int lock_fd = open(lockpath.data, O_RDWR | O_CREAT | O_CLOEXEC, 0660);
    if (lock_fd < 0) { /* not another daemon: a directory this user may not write, say */
        sbuf_printf(err, "cannot open the socket's lock file %s: %s", lockpath.data,
                    strerror(errno));
        sbuf_free(&lockpath);
        return -1;
    }
    if (flock(lock_fd, LOCK_EX | LOCK_NB) != 0) {
        sbuf_printf(err, "another assessd holds %s; refusing to start", lockpath.data);
        close(lock_fd);
        sbuf_free(&lockpath);
        return -1;
    }
    sbuf_free(&lockpath);
    if (claim_path(path, err)) {
        close(lock_fd);
        return -1;
    }
    server *s = calloc(1, sizeof *s);
    if (!s) {
        close(lock_fd);
        sbuf_printf(err, "out of memory");
        return -1;
    }
    s->loop = loop;
    s->cfg = cfg;
    s->rpc = rpc;
    s->st = st;
    s->lock_fd = lock_fd;
    if (hooks)
        s->hooks = *hooks;
    s->path = strdup(path);
    uv_pipe_init(loop, &s->listener, 0);
    s->listener.data = s;
    mode_t old = umask(0117);
    int rc = uv_pipe_bind(&s->listener, path);
    umask(old);
    if (rc == 0)
        rc = chmod(path, 0660) == 0 ? 0 : uv_translate_sys_error(errno);
    if (rc == 0)
        rc = uv_listen((uv_stream_t *)&s->listener, 511, on_connection);
    if (rc != 0) {
        sbuf_printf(err, "cannot listen on %s: %s", path, uv_strerror(rc));
        uv_close((uv_handle_t *)&s->listener, NULL);
        uv_run(loop, UV_RUN_NOWAIT);
        close(lock_fd);
        free(s->path);
        free(s);
        return -1;
    }
    uv_check_init(loop, &s->check);
    s->check.data = s;
    uv_check_start(&s->check, on_check);
    uv_idle_init(loop, &s->gather);
    s->gather.data = s;
    log_info("server", "listening on %s", path);
    *out = s;
    return 0;
}

static void on_listener_closed(uv_handle_t *h)
{
    server *s = h->data;
    s->listener_closed = true;
    unlink(s->path);
    maybe_finish(s);
}

static void on_check_closed(uv_handle_t *h)
{
    server *s = h->data;
    void (*done)(void *) = s->done;
    s->done = NULL;
    if (done)
        done(s->done_ud);
}

static void on_gather_closed(uv_handle_t *h)
{
    server *s = h->data;
    uv_close((uv_handle_t *)&s->check, on_check_closed);
}

/* When stopping and nothing is left open, the gather and check handles go last (the check's
 * close after the gather's) and then done runs. */
static void maybe_finish(server *s)
{
    if (!s->stopping || s->conns || s->held || !s->listener_closed || s->check_closing)
        return;
    if (store_in_tx(s->st))
        return; /* the check callback commits first, then comes back here */
    s->check_closing = true;
    uv_check_stop(&s->check);
    uv_idle_stop(&s->gather);
    uv_close((uv_handle_t *)&s->gather, on_gather_closed);
}

void server_stop(server *s, void (*done)(void *ud), void *ud)
{
    if (s->stopping)
        return;
    s->stopping = true;
    s->done = done;
    s->done_ud = ud;
    uv_close((uv_handle_t *)&s->listener, on_listener_closed);
    /* Lines already received were answered as they arrived; what remains in flight is held or
     * queued. Each connection closes once its replies are written. */
    for (conn *c = s->conns, *next; c; c = next) {
        next = c->next;
        uv_read_stop((uv_stream_t *)&c->pipe);
        uv_timer_stop(&c->deadline);
        c->paused = false;
        c->close_after_write = true;
        flush(c);
        /* a reply still owed by now will not come (the application stops its work first) */
        if (drained(c) || c->owed)
            conn_close(c);
    }
}

uint64_t server_defer(server *s)
{
    conn *c = s->current;
    if (!c)
        return 0;
    c->owed++;
    uv_read_stop((uv_stream_t *)&c->pipe);
    return c->serial;
}

static bool reply_to(server *s, uint64_t token, sbuf *line)
{
    conn *c = s->conns;
    while (c && c->serial != token)
        c = c->next;
    if (!c || c->closing || c->owed == 0)
        return false;
    emit(c, line);
    c->owed--;
    if (c->owed)
        return true;
    if (c->eof)
        c->paused = false; /* as at EOF in on_read: answer what is left, then close */
    if (!c->paused)
        process(c); /* the requests that waited */
    if (c->closing)
        return true;
    if (c->eof && !c->owed) {
        c->close_after_write = true;
        flush(c);
        if (drained(c))
            conn_close(c);
        return true;
    }
    if (!c->paused && !c->owed && !c->close_after_write)
        uv_read_start((uv_stream_t *)&c->pipe, on_alloc, on_read);
    flush(c);
    return true;
}

bool server_reply(server *s, uint64_t token, rpc_call *deferred)
{
    sbuf line;
    sbuf_init(&line);
    rpc_finish(deferred, &line);
    bool sent = reply_to(s, token, &line);
    sbuf_free(&line);
    return sent;
}

/* Only after server_stop's done callback: every handle is closed by then. */
void server_free(server *s)
{
    if (!s)
        return;
    if (s->lock_fd >= 0)
        close(s->lock_fd);
    free(s->path);
    free(s);
}

void server_get_stats(server *s, server_stats *st)
{
    *st = s->stats;
}

int server_broadcast(server *s, const char *line, size_t len, int (*want)(void *ud, void *session),
                     void *ud)
{
    int n = 0;
    for (conn *c = s->conns; c; c = c->next) {
        if (c->closing || c->close_after_write || !want(ud, c->session))
            continue;
        sbuf tmp;
        sbuf_init(&tmp);
        sbuf_add(&tmp, line, len);
        emit(c, &tmp);
        sbuf_free(&tmp);
        flush(c);
        n++;
    }
    return n;
}
