/* loadgen — a load generator for assessd's socket protocol (JSON-RPC 2.0, one message a line).
 *
 * Owns: the benchmark client. It opens N connections to a Unix socket, keeps D requests in
 * flight on each, and measures every request's latency from the moment its bytes were handed
 * to the kernel to the moment its reply line was read. The daemon answers each connection in
 * order, so a reply belongs to the oldest request in flight on its connection; the reply's id
 * is checked against it. A reply with a top-level "error" member counts as an error.
 *
 * Requests come from a weighted mix of templates ('WEIGHT:METHOD:PARAMS_JSON'); the params may
 * hold {{seq}} (a unique, increasing integer per request) and {{rand:N}} (1..N). One thread
 * (or --threads T, each with its own connections) runs an epoll loop over non-blocking sockets.
 * Latencies go into a log-linear histogram (about 1.6% resolution), so memory does not grow
 * with the length of the run. --setup requests go once on each connection before the load (a
 * session.login, say); --redis-inline speaks Redis's inline protocol instead, so that the same
 * client can be measured against redis-server.
 *
 * Exit status: 0 clean run; 1 some replies were errors (0 with --allow-errors); 2 usage;
 * 3 the run failed (cannot connect, the daemon closed a connection, a reply out of order, no
 * reply within --timeout).
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE /* getopt_long; the CMake build defines it too */
#endif
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <inttypes.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <sys/un.h>
#include <time.h>
#include <unistd.h>

enum { EXIT_OK = 0, EXIT_ERRORS = 1, EXIT_USAGE = 2, EXIT_FAILED = 3 };

#define MAX_KINDS  32
#define MAX_CODES  8
#define READ_CHUNK 65536
#define DRAIN_NS   2000000000ull /* after the run, wait this long for replies in flight */
#define SAMPLE_LEN 240           /* how much of the first error reply to keep */
#define NS_PER_SEC 1000000000ull

/* ---- histogram ------------------------------------------------------------------------- */

/* Values in nanoseconds. Below 128 one bucket per value; above, 64 buckets per power of two. */
#define HIST_LINEAR  128
#define HIST_SUB     64
#define HIST_BUCKETS (HIST_LINEAR + 57 * HIST_SUB) /* up to 2^64 */

typedef struct hist {
    uint64_t n[HIST_BUCKETS];
    uint64_t count, max, sum;
} hist;

static int hist_index(uint64_t v)
{
    if (v < HIST_LINEAR)
        return (int)v;
    int msb = 63 - __builtin_clzll(v);
    int shift = msb - 6;
    return HIST_LINEAR + (shift - 1) * HIST_SUB + (int)((v >> shift) - HIST_SUB);
}

/* The largest value that falls in bucket i. */
static uint64_t hist_upper(int i)
{
    if (i < HIST_LINEAR)
        return (uint64_t)i;
    int shift = (i - HIST_LINEAR) / HIST_SUB + 1;
    uint64_t sub = (uint64_t)((i - HIST_LINEAR) % HIST_SUB + HIST_SUB);
    return ((sub + 1) << shift) - 1;
}

static void hist_add(hist *h, uint64_t v)
{
    h->n[hist_index(v)]++;
    h->count++;
    h->sum += v;
    if (v > h->max)
        h->max = v;
}

static void hist_merge(hist *into, const hist *from)
{
    for (int i = 0; i < HIST_BUCKETS; i++)
        into->n[i] += from->n[i];
    into->count += from->count;
    into->sum += from->sum;
    if (from->max > into->max)
        into->max = from->max;
}

/* The value at quantile q (0..1): the top of the bucket holding it, never above the maximum. */
static uint64_t hist_quantile(const hist *h, double q)
{
    if (h->count == 0)
        return 0;
    uint64_t want = (uint64_t)(q * (double)h->count + 0.999999);
    if (want < 1)
        want = 1;
    uint64_t seen = 0;
    for (int i = 0; i < HIST_BUCKETS; i++) {
        seen += h->n[i];
        if (seen >= want) {
            uint64_t v = hist_upper(i);
            return v < h->max ? v : h->max;
        }
    }
    return h->max;
}

/* ---- configuration --------------------------------------------------------------------- */

typedef enum { SEG_TEXT, SEG_SEQ, SEG_RAND } seg_type;

typedef struct segment {
    seg_type type;
    const char *text; /* SEG_TEXT: points into the template */
    size_t len;
    uint64_t n; /* SEG_RAND: the upper bound */
} segment;

typedef struct kind {
    char *spec; /* the --request argument, kept for messages */
    char *method;
    char *prefix; /* {"jsonrpc":"2.0","method":"M","params": */
    size_t prefix_len;
    segment *segs;
    int nsegs;
    unsigned weight;
} kind;

typedef struct options {
    const char *socket_path;
    int connections, depth, threads;
    double duration, warmup, timeout;
    int64_t requests; /* 0: stop by time only */
    bool line_format, allow_errors;
    bool redis_inline; /* speak Redis's inline protocol, to calibrate against redis-server */
    uint64_t seq_start, seed;
    const char *label;
    const char *specs[MAX_KINDS]; /* --request arguments, parsed once all options are read */
    int nspecs;
    const char *setups[MAX_KINDS]; /* --setup: sent once on each connection before the load */
    int nsetups;
    kind kinds[MAX_KINDS];
    int nkinds;
    unsigned total_weight;
} options;

static options opt;

/* ---- shared run state ------------------------------------------------------------------ */

static atomic_uint_fast64_t next_seq;
static atomic_bool abort_run; /* a worker failed: the others stop too */
static uint64_t t_start;      /* end of the warm-up: measurement starts */
static uint64_t t_end;        /* end of the measurement by time (UINT64_MAX: by count only) */

static uint64_t now_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * NS_PER_SEC + (uint64_t)ts.tv_nsec;
}

static void die(int code, const char *fmt, ...) __attribute__((format(printf, 2, 3), noreturn));
static void die(int code, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fputs("loadgen: ", stderr);
    vfprintf(stderr, fmt, ap);
    fputc('\n', stderr);
    va_end(ap);
    exit(code);
}

static void *xmalloc(size_t n)
{
    void *p = malloc(n ? n : 1);
    if (!p)
        die(EXIT_FAILED, "out of memory");
    return p;
}

static void *xcalloc(size_t n, size_t size)
{
    void *p = calloc(n ? n : 1, size ? size : 1);
    if (!p)
        die(EXIT_FAILED, "out of memory");
    return p;
}

/* ---- connections and workers ----------------------------------------------------------- */

typedef struct slot {
    uint64_t sent_ns;
    uint64_t id;
    int kind;
    bool measured;
} slot;

typedef struct conn {
    int fd;
    int number; /* 0-based, across all workers */
    char *out;
    size_t out_len, out_off, out_cap;
    char *in;
    size_t in_len, in_cap;
    slot *ring; /* requests in flight, oldest at head */
    int head, count;
    uint64_t next_id;
    size_t skip;   /* Redis mode: bytes of a bulk string still to come after its $N line */
    bool want_out; /* EPOLLOUT is armed */
} conn;

typedef struct code_count {
    long long code;
    uint64_t n;
} code_count;

typedef struct worker {
    pthread_t thread;
    conn *conns;
    int nconns;
    int ep;
    uint64_t rng;
    int64_t budget; /* measured requests this worker may still send; -1: no limit */
    int inflight;   /* over all its connections */
    bool stopping;  /* no more requests: draining replies in flight */
    uint64_t last_progress;
    uint64_t last_measured_reply;
    hist h[MAX_KINDS];
    uint64_t errors[MAX_KINDS];
    uint64_t unmeasured, unmeasured_errors;
    code_count codes[MAX_CODES];
    int ncodes;
    char first_error[SAMPLE_LEN + 1];
    char failure[512];
} worker;

static void fail(worker *w, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void fail(worker *w, const char *fmt, ...)
{
    if (w->failure[0])
        return;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(w->failure, sizeof w->failure, fmt, ap);
    va_end(ap);
    atomic_store(&abort_run, true);
}

static uint64_t rng_next(worker *w)
{
    /* xorshift64* */
    uint64_t x = w->rng;
    x ^= x >> 12;
    x ^= x << 25;
    x ^= x >> 27;
    w->rng = x;
    return x * 0x2545F4914F6CDD1Dull;
}

static void out_reserve(conn *c, size_t extra)
{
    if (c->out_len + extra <= c->out_cap)
        return;
    if (c->out_off > 0) { /* move the unsent tail to the front first */
        memmove(c->out, c->out + c->out_off, c->out_len - c->out_off);
        c->out_len -= c->out_off;
        c->out_off = 0;
        if (c->out_len + extra <= c->out_cap)
            return;
    }
    size_t cap = c->out_cap ? c->out_cap : 4096;
    while (cap < c->out_len + extra)
        cap *= 2;
    char *p = realloc(c->out, cap);
    if (!p)
        die(EXIT_FAILED, "out of memory");
    c->out = p;
    c->out_cap = cap;
}

static void out_add(conn *c, const char *p, size_t n)
{
    if (n == 0)
        return;
    out_reserve(c, n);
    memcpy(c->out + c->out_len, p, n);
    c->out_len += n;
}

static void out_u64(conn *c, uint64_t v)
{
    char tmp[24];
    int i = sizeof tmp;
    do {
        tmp[--i] = (char)('0' + v % 10);
        v /= 10;
    } while (v);
    out_add(c, tmp + i, sizeof tmp - (size_t)i);
}

static int pick_kind(worker *w)
{
    if (opt.nkinds == 1)
        return 0;
    unsigned r = (unsigned)(rng_next(w) % opt.total_weight);
    for (int k = 0; k < opt.nkinds; k++) {
        if (r < opt.kinds[k].weight)
            return k;
        r -= opt.kinds[k].weight;
    }
    return opt.nkinds - 1;
}

/* Appends one request line to the connection's output. */
static void compose(worker *w, conn *c, int k, uint64_t id)
{
    const kind *kd = &opt.kinds[k];
    out_add(c, kd->prefix, kd->prefix_len);
    for (int i = 0; i < kd->nsegs; i++) {
        const segment *s = &kd->segs[i];
        switch (s->type) {
        case SEG_TEXT:
            out_add(c, s->text, s->len);
            break;
        case SEG_SEQ:
            out_u64(c, atomic_fetch_add(&next_seq, 1));
            break;
        case SEG_RAND:
            out_u64(c, rng_next(w) % s->n + 1);
            break;
        }
    }
    if (opt.redis_inline) {
        out_add(c, "\r\n", 2);
        return;
    }
    static const char id_key[] = ",\"id\":";
    out_add(c, id_key, sizeof id_key - 1);
    out_u64(c, id);
    out_add(c, "}\n", 2);
}

static void arm(worker *w, conn *c, bool want_out)
{
    if (c->want_out == want_out)
        return;
    struct epoll_event ev = {.events = EPOLLIN | (want_out ? EPOLLOUT : 0), .data.ptr = c};
    if (epoll_ctl(w->ep, EPOLL_CTL_MOD, c->fd, &ev) != 0)
        fail(w, "epoll_ctl: %s", strerror(errno));
    c->want_out = want_out;
}

/* When a connection breaks, what the daemon said last (a refusal, say) helps: the first line
 * still unread on the socket, or what is buffered, or nothing. */
static const char *last_words(conn *c, char *buf, size_t cap)
{
    size_t n = 0;
    if (c->in_len > 0) {
        n = c->in_len < cap - 1 ? c->in_len : cap - 1;
        memcpy(buf, c->in, n);
    } else {
        ssize_t r = recv(c->fd, buf, cap - 1, MSG_DONTWAIT);
        n = r > 0 ? (size_t)r : 0;
    }
    buf[n] = '\0';
    buf[strcspn(buf, "\r\n")] = '\0';
    return buf;
}

/* Writes what the kernel takes; arms EPOLLOUT for the rest. */
static void flush(worker *w, conn *c)
{
    while (c->out_off < c->out_len) {
        ssize_t n = send(c->fd, c->out + c->out_off, c->out_len - c->out_off, MSG_NOSIGNAL);
        if (n > 0) {
            c->out_off += (size_t)n;
            continue;
        }
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
            arm(w, c, true);
            return;
        }
        const char *why = n < 0 ? strerror(errno) : "closed";
        char said[256];
        last_words(c, said, sizeof said);
        fail(w, "connection %d: send: %s%s%s", c->number, why, said[0] ? "; the daemon said: " : "",
             said);
        return;
    }
    c->out_off = c->out_len = 0;
    arm(w, c, false);
}

/* Fills the connection's pipeline up to the depth, as far as the phase and budget allow. */
static void refill(worker *w, conn *c, uint64_t now)
{
    if (w->stopping || now >= t_end)
        return;
    bool measured = now >= t_start;
    int added = 0;
    while (c->count < opt.depth) {
        if (measured && w->budget == 0)
            break;
        int k = pick_kind(w);
        slot *s = &c->ring[(c->head + c->count) % opt.depth];
        s->id = c->next_id++;
        s->kind = k;
        s->measured = measured;
        s->sent_ns = now;
        compose(w, c, k, s->id);
        c->count++;
        w->inflight++;
        if (measured && w->budget > 0)
            w->budget--;
        added++;
    }
    if (added)
        flush(w, c);
}

static void note_code(worker *w, long long code)
{
    for (int i = 0; i < w->ncodes; i++) {
        if (w->codes[i].code == code) {
            w->codes[i].n++;
            return;
        }
    }
    if (w->ncodes < MAX_CODES)
        w->codes[w->ncodes++] = (code_count){code, 1};
}

/* What a reply line says at its top level. */
typedef struct reply_info {
    bool has_id, id_null, is_error;
    uint64_t id;
    long long code;
} reply_info;

/* Reads the top-level members of one JSON object line: "id" and whether "error" is there (and
 * its "code"). Nested objects are skipped, so an "error" inside a result does not count. A
 * JSON-RPC reply holds "result" or "error", never both: once the id and either are seen the
 * scan stops, so a large result costs nothing to classify. */
static reply_info scan_reply(const char *p, size_t n)
{
    reply_info r = {0};
    bool seen_result = false;
    int depth = 0;
    for (size_t i = 0; i < n; i++) {
        char ch = p[i];
        if (ch == '{' || ch == '[') {
            depth++;
        } else if (ch == '}' || ch == ']') {
            depth--;
        } else if (ch == '"') {
            size_t start = ++i;
            while (i < n && p[i] != '"')
                i += p[i] == '\\' ? 2 : 1;
            if (i >= n)
                break;
            size_t len = i - start;
            if (depth != 1)
                continue;
            size_t j = i + 1;
            while (j < n && (p[j] == ' ' || p[j] == '\t'))
                j++;
            if (j >= n || p[j] != ':')
                continue; /* a value, not a key */
            j++;
            while (j < n && (p[j] == ' ' || p[j] == '\t'))
                j++;
            if (len == 6 && memcmp(p + start, "result", 6) == 0) {
                if (r.has_id)
                    return r;
                seen_result = true;
            } else if (len == 2 && memcmp(p + start, "id", 2) == 0) {
                r.has_id = true;
                if (j < n && p[j] >= '0' && p[j] <= '9')
                    r.id = strtoull(p + j, NULL, 10);
                else
                    r.id_null = true; /* null, or an id this client never sends */
                if (seen_result || r.is_error)
                    return r;
            } else if (len == 5 && memcmp(p + start, "error", 5) == 0) {
                r.is_error = true;
                static const char key[] = "\"code\":";
                if (j + sizeof key < n && p[j] == '{' &&
                    memcmp(p + j + 1, key, sizeof key - 1) == 0)
                    r.code = strtoll(p + j + sizeof key, NULL, 10);
                if (r.has_id)
                    return r;
            }
            i = j - 1;
        }
    }
    return r;
}

static void on_reply(worker *w, conn *c, const char *line, size_t n, uint64_t now)
{
    if (n && line[n - 1] == '\r')
        n--;
    if (n == 0)
        return;
    if (c->count == 0) {
        fail(w, "connection %d: a reply arrived with no request in flight: %.*s", c->number,
             (int)(n < 200 ? n : 200), line);
        return;
    }
    slot *s = &c->ring[c->head];
    reply_info r = {0};
    if (opt.redis_inline) {
        /* one line a reply; a bulk string's value follows its $N line and is skipped */
        r.is_error = line[0] == '-';
        if (line[0] == '$' && line[1] != '-')
            c->skip = (size_t)strtoull(line + 1, NULL, 10) + 2;
    } else {
        r = scan_reply(line, n);
    }
    if (!opt.redis_inline &&
        (!r.has_id || (!r.id_null && r.id != s->id) || (r.id_null && !r.is_error))) {
        fail(w, "connection %d: expected the reply to request id %" PRIu64 ", got: %.*s", c->number,
             s->id, (int)(n < 200 ? n : 200), line);
        return;
    }
    c->head = (c->head + 1) % opt.depth;
    c->count--;
    w->inflight--;
    w->last_progress = now;
    if (r.is_error) {
        note_code(w, r.code);
        if (!w->first_error[0])
            snprintf(w->first_error, sizeof w->first_error, "%.*s",
                     (int)(n < SAMPLE_LEN ? n : SAMPLE_LEN), line);
    }
    if (s->measured && now <= t_end) {
        hist_add(&w->h[s->kind], now - s->sent_ns);
        if (r.is_error)
            w->errors[s->kind]++;
        w->last_measured_reply = now;
    } else {
        w->unmeasured++;
        if (r.is_error)
            w->unmeasured_errors++;
    }
}

/* Reads what is there, answers each complete line, then tops the pipeline up again. */
static void on_readable(worker *w, conn *c)
{
    if (c->in_cap - c->in_len < READ_CHUNK) {
        size_t cap = c->in_cap ? c->in_cap * 2 : 2 * READ_CHUNK;
        while (cap - c->in_len < READ_CHUNK)
            cap *= 2;
        char *p = realloc(c->in, cap);
        if (!p)
            die(EXIT_FAILED, "out of memory");
        c->in = p;
        c->in_cap = cap;
    }
    ssize_t n = read(c->fd, c->in + c->in_len, c->in_cap - c->in_len);
    if (n < 0) {
        if (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR)
            return;
        fail(w, "connection %d: read: %s", c->number, strerror(errno));
        return;
    }
    if (n == 0) {
        char said[256];
        last_words(c, said, sizeof said);
        fail(w, "connection %d: the daemon closed it with %d request(s) in flight%s%s", c->number,
             c->count, said[0] ? "; it said: " : "", said);
        return;
    }
    uint64_t now = now_ns();
    c->in_len += (size_t)n;
    size_t start = 0;
    for (;;) {
        if (c->skip) {
            size_t take = c->in_len - start < c->skip ? c->in_len - start : c->skip;
            start += take;
            c->skip -= take;
            if (c->skip)
                break;
        }
        char *nl = memchr(c->in + start, '\n', c->in_len - start);
        if (!nl)
            break;
        size_t len = (size_t)(nl - (c->in + start));
        on_reply(w, c, c->in + start, len, now);
        if (w->failure[0])
            return;
        start += len + 1;
    }
    if (start) {
        memmove(c->in, c->in + start, c->in_len - start);
        c->in_len -= start;
    }
    refill(w, c, now);
}

static void *worker_run(void *arg)
{
    worker *w = arg;
    struct epoll_event evs[64];
    uint64_t now = now_ns();
    w->last_progress = now;
    for (int i = 0; i < w->nconns; i++)
        refill(w, &w->conns[i], now);
    uint64_t drain_until = 0;
    while (!w->failure[0] && !atomic_load(&abort_run)) {
        now = now_ns();
        if (!w->stopping && (now >= t_end || (w->budget == 0 && now >= t_start))) {
            w->stopping = true;
            /* by count, the replies still to come are measured: wait for them (--timeout
             * still applies); by time, they are not, so wait only briefly */
            drain_until = t_end == UINT64_MAX ? UINT64_MAX : now + DRAIN_NS;
        }
        if (w->stopping && (w->inflight == 0 || now >= drain_until))
            break;
        if (w->inflight > 0 && now - w->last_progress > (uint64_t)(opt.timeout * 1e9)) {
            fail(w, "no reply for %.1f s with %d request(s) in flight", opt.timeout, w->inflight);
            break;
        }
        /* wake for the next phase boundary, or at least every 100 ms to check the clock */
        uint64_t next = now + 100000000ull;
        if (!w->stopping && t_start > now && t_start < next)
            next = t_start;
        if (!w->stopping && t_end > now && t_end < next)
            next = t_end;
        int wait_ms = (int)((next - now + 999999) / 1000000);
        int n = epoll_wait(w->ep, evs, (int)(sizeof evs / sizeof *evs), wait_ms);
        if (n < 0 && errno != EINTR) {
            fail(w, "epoll_wait: %s", strerror(errno));
            break;
        }
        for (int i = 0; i < n && !w->failure[0]; i++) {
            conn *c = evs[i].data.ptr;
            if (evs[i].events & EPOLLOUT)
                flush(w, c);
            if (!w->failure[0] && (evs[i].events & (EPOLLIN | EPOLLHUP | EPOLLERR)))
                on_readable(w, c);
        }
    }
    return NULL;
}

/* Sends the --setup requests on a new, still blocking, connection and waits for each reply (a
 * session.login, say, so that the load runs as one person). An error reply fails the run. */
static void setup_connection(int fd, int number)
{
    struct timeval tv = {.tv_sec = (time_t)opt.timeout,
                         .tv_usec =
                             (suseconds_t)((opt.timeout - (double)(time_t)opt.timeout) * 1e6)};
    setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
    for (int i = 0; i < opt.nsetups; i++) {
        const char *spec = opt.setups[i];
        char line[8192];
        int n;
        if (opt.redis_inline) {
            n = snprintf(line, sizeof line, "%s\r\n", spec);
        } else {
            const char *colon = strchr(spec, ':');
            int ml = colon ? (int)(colon - spec) : (int)strlen(spec);
            n = snprintf(line, sizeof line,
                         "{\"jsonrpc\":\"2.0\",\"method\":\"%.*s\",\"params\":%s,"
                         "\"id\":0}\n",
                         ml, spec, colon ? colon + 1 : "{}");
        }
        if (n < 0 || (size_t)n >= sizeof line)
            die(EXIT_USAGE, "--setup '%s' is too long", spec);
        for (int off = 0; off < n;) {
            ssize_t w = send(fd, line + off, (size_t)(n - off), MSG_NOSIGNAL);
            if (w < 0 && errno == EINTR)
                continue;
            if (w <= 0)
                die(EXIT_FAILED, "connection %d: --setup '%s': send: %s", number, spec,
                    strerror(errno));
            off += (int)w;
        }
        size_t got = 0;
        char *nl = NULL;
        while (!nl) {
            if (got == sizeof line - 1)
                die(EXIT_FAILED, "connection %d: --setup '%s': the reply is too long", number,
                    spec);
            ssize_t r = read(fd, line + got, sizeof line - 1 - got);
            if (r < 0 && errno == EINTR)
                continue;
            if (r <= 0)
                die(EXIT_FAILED, "connection %d: --setup '%s': %s", number, spec,
                    r == 0 ? "the daemon closed the connection" : strerror(errno));
            nl = memchr(line + got, '\n', (size_t)r);
            got += (size_t)r;
        }
        size_t len = (size_t)(nl - line);
        line[len] = '\0';
        bool error = opt.redis_inline ? line[0] == '-' : scan_reply(line, len).is_error;
        if (error || nl + 1 != line + got)
            die(EXIT_FAILED, "connection %d: --setup '%s' failed: %.300s", number, spec, line);
    }
    struct timeval none = {0};
    setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &none, sizeof none);
}

static int connect_socket(const char *path, int number)
{
    struct sockaddr_un sa = {.sun_family = AF_UNIX};
    if (strlen(path) >= sizeof sa.sun_path)
        die(EXIT_USAGE, "socket path too long: %s", path);
    memcpy(sa.sun_path, path, strlen(path) + 1);
    int fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd < 0)
        die(EXIT_FAILED, "socket: %s", strerror(errno));
    if (connect(fd, (struct sockaddr *)&sa, sizeof sa) != 0)
        die(EXIT_FAILED, "cannot connect to %s: %s (is assessd running?)", path, strerror(errno));
    setup_connection(fd, number);
    int fl = fcntl(fd, F_GETFL);
    if (fl < 0 || fcntl(fd, F_SETFL, fl | O_NONBLOCK) != 0)
        die(EXIT_FAILED, "fcntl: %s", strerror(errno));
    return fd;
}

/* ---- options --------------------------------------------------------------------------- */

static void usage(FILE *f)
{
    fputs("usage: loadgen --socket PATH [options]\n"
          "\n"
          "Drives an assessd socket with JSON-RPC requests and reports throughput and latency.\n"
          "\n"
          "  --socket PATH         the daemon's Unix socket (required)\n"
          "  --connections N       connections to open (default 1)\n"
          "  --pipeline D          requests in flight on each connection (default 1)\n"
          "  --threads T           threads sharing the connections (default 1)\n"
          "  --duration S          measure for S seconds (default 10, unless --requests)\n"
          "  --warmup S            send for S seconds first, without measuring (default 0)\n"
          "  --requests N          measure N requests, then stop (with --duration: first wins)\n"
          "  --request W:M:P       a request in the mix: weight W, method M, params P (JSON\n"
          "                        object; default {}). Repeatable. P may hold {{seq}}, a unique\n"
          "                        increasing integer, and {{rand:N}}, a random integer 1..N.\n"
          "                        Default: 1:system.ping:{}\n"
          "  --setup M:P           a request sent once on each connection before the load, its\n"
          "                        reply awaited (an error fails the run): session.login with a\n"
          "                        token, say. Repeatable. No placeholders.\n"
          "  --seq-start N         first {{seq}} value (default: microseconds since the epoch,\n"
          "                        so that runs against one database do not collide)\n"
          "  --seed N              random seed for the mix and {{rand}} (default 1)\n"
          "  --timeout S           fail when no reply comes for S seconds (default 10)\n"
          "  --allow-errors        exit 0 even when replies were errors\n"
          "  --format human|line   human-readable report, or one machine-readable line\n"
          "  --label NAME          the method= field of --format line (default: the methods)\n"
          "  --redis-inline        speak Redis's inline protocol instead, to measure this client\n"
          "                        against redis-server: --request W:COMMAND LINE (placeholders\n"
          "                        as above); a reply is one line, or a $N line and its value;\n"
          "                        a reply starting with '-' is an error. Default: 1:PING\n"
          "\n"
          "Exit status: 0 clean; 1 replies were errors; 2 usage; 3 the run failed.\n",
          f);
}

static double parse_seconds(const char *name, const char *v)
{
    char *end;
    errno = 0;
    double d = strtod(v, &end);
    if (end == v || *end || errno || d < 0 || d > 86400)
        die(EXIT_USAGE, "--%s: '%s' is not a number of seconds", name, v);
    return d;
}

static int64_t parse_count(const char *name, const char *v, int64_t min, int64_t max)
{
    char *end;
    errno = 0;
    long long n = strtoll(v, &end, 10);
    if (end == v || *end || errno || n < min || n > max)
        die(EXIT_USAGE, "--%s: '%s' is not an integer in %lld..%lld", name, v, (long long)min,
            (long long)max);
    return n;
}

/* Splits the params template into literal text, {{seq}} and {{rand:N}}. */
static void parse_template(kind *k, const char *t)
{
    size_t cap = 8;
    k->segs = xmalloc(cap * sizeof *k->segs);
    k->nsegs = 0;
    const char *p = t;
    while (*p) {
        const char *open = strstr(p, "{{");
        const char *lit_end = open ? open : p + strlen(p);
        if ((size_t)k->nsegs + 2 > cap) {
            cap *= 2;
            segment *s = realloc(k->segs, cap * sizeof *s);
            if (!s)
                die(EXIT_FAILED, "out of memory");
            k->segs = s;
        }
        if (lit_end > p)
            k->segs[k->nsegs++] = (segment){SEG_TEXT, p, (size_t)(lit_end - p), 0};
        if (!open)
            break;
        const char *close = strstr(open, "}}");
        if (!close)
            die(EXIT_USAGE, "--request '%s': '{{' without '}}'", k->spec);
        const char *name = open + 2;
        size_t len = (size_t)(close - name);
        if (len == 3 && memcmp(name, "seq", 3) == 0) {
            k->segs[k->nsegs++] = (segment){SEG_SEQ, NULL, 0, 0};
        } else if (len > 5 && memcmp(name, "rand:", 5) == 0) {
            char num[32];
            if (len - 5 >= sizeof num)
                die(EXIT_USAGE, "--request '%s': bad {{rand:N}}", k->spec);
            memcpy(num, name + 5, len - 5);
            num[len - 5] = '\0';
            uint64_t n = (uint64_t)parse_count("request {{rand:N}}", num, 1, INT64_MAX);
            k->segs[k->nsegs++] = (segment){SEG_RAND, NULL, 0, n};
        } else {
            die(EXIT_USAGE,
                "--request '%s': unknown placeholder '{{%.*s}}' (known: {{seq}}, "
                "{{rand:N}})",
                k->spec, (int)len, name);
        }
        p = close + 2;
    }
}

static void add_kind(const char *arg)
{
    if (opt.nkinds >= MAX_KINDS)
        die(EXIT_USAGE, "at most %d --request templates", MAX_KINDS);
    kind *k = &opt.kinds[opt.nkinds];
    k->spec = strdup(arg);
    const char *c1 = strchr(arg, ':');
    if (!c1)
        die(EXIT_USAGE, "--request '%s': expected WEIGHT:METHOD[:PARAMS_JSON]", arg);
    char wbuf[16];
    size_t wl = (size_t)(c1 - arg);
    if (wl == 0 || wl >= sizeof wbuf)
        die(EXIT_USAGE, "--request '%s': the weight must be a positive integer", arg);
    memcpy(wbuf, arg, wl);
    wbuf[wl] = '\0';
    k->weight = (unsigned)parse_count("request weight", wbuf, 1, 1000000);
    if (opt.redis_inline) {
        const char *cmd = c1 + 1;
        size_t ml = strcspn(cmd, " ");
        if (ml == 0 || strpbrk(cmd, "\r\n"))
            die(EXIT_USAGE, "--request '%s': expected WEIGHT:COMMAND LINE", arg);
        k->method = xmalloc(ml + 1);
        memcpy(k->method, cmd, ml);
        k->method[ml] = '\0';
        k->prefix = xmalloc(1);
        k->prefix[0] = '\0';
        k->prefix_len = 0;
        parse_template(k, cmd);
        opt.total_weight += k->weight;
        opt.nkinds++;
        return;
    }
    const char *m = c1 + 1;
    const char *c2 = strchr(m, ':');
    size_t ml = c2 ? (size_t)(c2 - m) : strlen(m);
    if (ml == 0)
        die(EXIT_USAGE, "--request '%s': no method", arg);
    for (size_t i = 0; i < ml; i++)
        if (m[i] == '"' || m[i] == '\\' || (unsigned char)m[i] < 0x20)
            die(EXIT_USAGE,
                "--request '%s': the method name has a character JSON would need "
                "escaped",
                arg);
    k->method = xmalloc(ml + 1);
    memcpy(k->method, m, ml);
    k->method[ml] = '\0';
    const char *params = c2 ? c2 + 1 : "{}";
    while (*params == ' ')
        params++;
    if (*params != '{')
        die(EXIT_USAGE, "--request '%s': the params must be a JSON object", arg);
    size_t cap = ml + 64;
    k->prefix = xmalloc(cap);
    k->prefix_len = (size_t)snprintf(
        k->prefix, cap, "{\"jsonrpc\":\"2.0\",\"method\":\"%s\",\"params\":", k->method);
    parse_template(k, params);
    opt.total_weight += k->weight;
    opt.nkinds++;
}

static void parse_options(int argc, char **argv)
{
    enum {
        O_SOCKET = 256,
        O_CONNS,
        O_DEPTH,
        O_THREADS,
        O_DURATION,
        O_WARMUP,
        O_REQUESTS,
        O_REQUEST,
        O_SEQ,
        O_SEED,
        O_TIMEOUT,
        O_ALLOW,
        O_FORMAT,
        O_LABEL,
        O_SETUP,
        O_REDIS,
        O_HELP
    };
    static const struct option longs[] = {
        {"socket", required_argument, NULL, O_SOCKET},
        {"connections", required_argument, NULL, O_CONNS},
        {"pipeline", required_argument, NULL, O_DEPTH},
        {"threads", required_argument, NULL, O_THREADS},
        {"duration", required_argument, NULL, O_DURATION},
        {"warmup", required_argument, NULL, O_WARMUP},
        {"requests", required_argument, NULL, O_REQUESTS},
        {"request", required_argument, NULL, O_REQUEST},
        {"seq-start", required_argument, NULL, O_SEQ},
        {"seed", required_argument, NULL, O_SEED},
        {"timeout", required_argument, NULL, O_TIMEOUT},
        {"allow-errors", no_argument, NULL, O_ALLOW},
        {"format", required_argument, NULL, O_FORMAT},
        {"label", required_argument, NULL, O_LABEL},
        {"setup", required_argument, NULL, O_SETUP},
        {"redis-inline", no_argument, NULL, O_REDIS},
        {"help", no_argument, NULL, O_HELP},
        {NULL, 0, NULL, 0},
    };
    opt.connections = 1;
    opt.depth = 1;
    opt.threads = 1;
    opt.duration = -1;
    opt.timeout = 10;
    opt.seed = 1;
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    opt.seq_start = (uint64_t)ts.tv_sec * 1000000u + (uint64_t)ts.tv_nsec / 1000u;
    int o;
    while ((o = getopt_long(argc, argv, "", longs, NULL)) != -1) {
        switch (o) {
        case O_SOCKET:
            opt.socket_path = optarg;
            break;
        case O_CONNS:
            opt.connections = (int)parse_count("connections", optarg, 1, 10000);
            break;
        case O_DEPTH:
            opt.depth = (int)parse_count("pipeline", optarg, 1, 100000);
            break;
        case O_THREADS:
            opt.threads = (int)parse_count("threads", optarg, 1, 64);
            break;
        case O_DURATION:
            opt.duration = parse_seconds("duration", optarg);
            break;
        case O_WARMUP:
            opt.warmup = parse_seconds("warmup", optarg);
            break;
        case O_REQUESTS:
            opt.requests = parse_count("requests", optarg, 1, INT64_MAX);
            break;
        case O_REQUEST:
            if (opt.nspecs >= MAX_KINDS)
                die(EXIT_USAGE, "at most %d --request templates", MAX_KINDS);
            opt.specs[opt.nspecs++] = optarg;
            break;
        case O_REDIS:
            opt.redis_inline = true;
            break;
        case O_SEQ:
            opt.seq_start = (uint64_t)parse_count("seq-start", optarg, 0, INT64_MAX);
            break;
        case O_SEED:
            opt.seed = (uint64_t)parse_count("seed", optarg, 0, INT64_MAX);
            break;
        case O_TIMEOUT:
            opt.timeout = parse_seconds("timeout", optarg);
            break;
        case O_ALLOW:
            opt.allow_errors = true;
            break;
        case O_FORMAT:
            if (strcmp(optarg, "line") == 0)
                opt.line_format = true;
            else if (strcmp(optarg, "human") != 0)
                die(EXIT_USAGE, "--format: 'human' or 'line', not '%s'", optarg);
            break;
        case O_SETUP:
            if (opt.nsetups >= MAX_KINDS)
                die(EXIT_USAGE, "at most %d --setup requests", MAX_KINDS);
            opt.setups[opt.nsetups++] = optarg;
            break;
        case O_LABEL:
            opt.label = optarg;
            break;
        case O_HELP:
            usage(stdout);
            exit(EXIT_OK);
        default:
            usage(stderr);
            exit(EXIT_USAGE);
        }
    }
    if (optind < argc)
        die(EXIT_USAGE, "unexpected argument '%s' (see --help)", argv[optind]);
    if (!opt.socket_path)
        die(EXIT_USAGE, "--socket PATH is required (see --help)");
    if (opt.duration == 0)
        die(EXIT_USAGE, "--duration must be more than 0");
    if (opt.duration < 0 && opt.requests == 0)
        opt.duration = 10;
    if (opt.timeout <= 0)
        die(EXIT_USAGE, "--timeout must be more than 0");
    if (opt.threads > opt.connections)
        opt.threads = opt.connections;
    if (opt.requests > 0 && opt.requests < opt.threads)
        opt.threads = (int)opt.requests;
    for (int i = 0; i < opt.nspecs; i++)
        add_kind(opt.specs[i]);
    if (opt.nkinds == 0)
        add_kind(opt.redis_inline ? "1:PING" : "1:system.ping:{}");
}

/* ---- report ---------------------------------------------------------------------------- */

static double us(uint64_t ns)
{
    return (double)ns / 1000.0;
}

static void method_list(char *buf, size_t cap)
{
    size_t used = 0;
    buf[0] = '\0';
    for (int k = 0; k < opt.nkinds; k++) {
        bool seen = false;
        for (int j = 0; j < k; j++)
            seen |= strcmp(opt.kinds[j].method, opt.kinds[k].method) == 0;
        if (seen)
            continue;
        int n = snprintf(buf + used, cap - used, "%s%s", used ? "," : "", opt.kinds[k].method);
        if (n < 0 || (size_t)n >= cap - used)
            break;
        used += (size_t)n;
    }
}

int main(int argc, char **argv)
{
    parse_options(argc, argv);
    atomic_store(&next_seq, opt.seq_start);

    worker *ws = xcalloc((size_t)opt.threads, sizeof *ws);
    int64_t per = opt.requests / opt.threads, extra = opt.requests % opt.threads;
    int conn_no = 0;
    for (int t = 0; t < opt.threads; t++) {
        worker *w = &ws[t];
        w->rng = (opt.seed + 1) * 0x9E3779B97F4A7C15ull + (uint64_t)t * 0xBF58476D1CE4E5B9ull;
        if (w->rng == 0)
            w->rng = 1;
        w->budget = opt.requests > 0 ? per + (t < extra ? 1 : 0) : -1;
        w->nconns = opt.connections / opt.threads + (t < opt.connections % opt.threads ? 1 : 0);
        w->conns = xcalloc((size_t)w->nconns, sizeof *w->conns);
        w->ep = epoll_create1(EPOLL_CLOEXEC);
        if (w->ep < 0)
            die(EXIT_FAILED, "epoll_create1: %s", strerror(errno));
        for (int i = 0; i < w->nconns; i++) {
            conn *c = &w->conns[i];
            c->number = conn_no++;
            c->fd = connect_socket(opt.socket_path, c->number);
            c->ring = xcalloc((size_t)opt.depth, sizeof *c->ring);
            c->next_id = 1;
            struct epoll_event ev = {.events = EPOLLIN, .data.ptr = c};
            if (epoll_ctl(w->ep, EPOLL_CTL_ADD, c->fd, &ev) != 0)
                die(EXIT_FAILED, "epoll_ctl: %s", strerror(errno));
        }
    }

    struct rusage ru0, ru1;
    getrusage(RUSAGE_SELF, &ru0);
    uint64_t t0 = now_ns();
    t_start = t0 + (uint64_t)(opt.warmup * 1e9);
    t_end = opt.duration > 0 ? t_start + (uint64_t)(opt.duration * 1e9) : UINT64_MAX;
    for (int t = 0; t < opt.threads; t++)
        if (pthread_create(&ws[t].thread, NULL, worker_run, &ws[t]) != 0)
            die(EXIT_FAILED, "cannot start thread %d", t);
    for (int t = 0; t < opt.threads; t++)
        pthread_join(ws[t].thread, NULL);
    uint64_t t_done = now_ns();
    getrusage(RUSAGE_SELF, &ru1);

    /* merge */
    static hist total, per_kind[MAX_KINDS];
    uint64_t kind_errors[MAX_KINDS] = {0};
    uint64_t errors = 0, unmeasured = 0, unmeasured_errors = 0, last_reply = 0;
    code_count codes[MAX_CODES];
    int ncodes = 0;
    const char *first_error = NULL;
    const char *failure = NULL;
    for (int t = 0; t < opt.threads; t++) {
        worker *w = &ws[t];
        if (w->failure[0] && !failure)
            failure = w->failure;
        for (int k = 0; k < opt.nkinds; k++) {
            hist_merge(&per_kind[k], &w->h[k]);
            hist_merge(&total, &w->h[k]);
            kind_errors[k] += w->errors[k];
            errors += w->errors[k];
        }
        unmeasured += w->unmeasured;
        unmeasured_errors += w->unmeasured_errors;
        if (w->last_measured_reply > last_reply)
            last_reply = w->last_measured_reply;
        if (w->first_error[0] && !first_error)
            first_error = w->first_error;
        for (int i = 0; i < w->ncodes; i++) {
            int j = 0;
            while (j < ncodes && codes[j].code != w->codes[i].code)
                j++;
            if (j < ncodes)
                codes[j].n += w->codes[i].n;
            else if (ncodes < MAX_CODES)
                codes[ncodes++] = w->codes[i];
        }
        for (int i = 0; i < w->nconns; i++) {
            close(w->conns[i].fd);
            free(w->conns[i].ring);
            free(w->conns[i].in);
            free(w->conns[i].out);
        }
        free(w->conns);
        close(w->ep);
    }
    if (failure)
        die(EXIT_FAILED, "the run failed: %s", failure);

    /* the measured window: the fixed duration, or up to the last measured reply */
    uint64_t window = t_end != UINT64_MAX && t_done >= t_end
                          ? t_end - t_start
                          : (last_reply > t_start ? last_reply - t_start : 0);
    double seconds = (double)window / 1e9;
    double rps = seconds > 0 ? (double)total.count / seconds : 0;
    uint64_t all_errors = errors + unmeasured_errors;
    double cpu = (double)(ru1.ru_utime.tv_sec - ru0.ru_utime.tv_sec) +
                 (double)(ru1.ru_utime.tv_usec - ru0.ru_utime.tv_usec) / 1e6 +
                 (double)(ru1.ru_stime.tv_sec - ru0.ru_stime.tv_sec) +
                 (double)(ru1.ru_stime.tv_usec - ru0.ru_stime.tv_usec) / 1e6;
    char methods[512];
    method_list(methods, sizeof methods);

    if (opt.line_format) {
        printf("loadgen method=%s conns=%d depth=%d rps=%.0f p50_us=%.0f p99_us=%.0f "
               "p999_us=%.0f max_us=%.0f errors=%" PRIu64 " requests=%" PRIu64
               " seconds=%.2f threads=%d\n",
               opt.label ? opt.label : methods, opt.connections, opt.depth, rps,
               us(hist_quantile(&total, 0.50)), us(hist_quantile(&total, 0.99)),
               us(hist_quantile(&total, 0.999)), us(total.max), all_errors, total.count, seconds,
               opt.threads);
    } else {
        printf("loadgen: %s, %d connection(s) x pipeline %d, %d thread(s)\n", methods,
               opt.connections, opt.depth, opt.threads);
        printf("  measured    %" PRIu64 " requests in %.2f s (after %.1f s warm-up, %" PRIu64
               " unmeasured replies)\n",
               total.count, seconds, opt.warmup, unmeasured);
        printf("  throughput  %.0f requests/s\n", rps);
        printf("  errors      %" PRIu64 " measured, %" PRIu64 " unmeasured\n", errors,
               unmeasured_errors);
        printf("  latency     p50 %.1f us  p99 %.1f us  p99.9 %.1f us  max %.1f us  mean "
               "%.1f us\n",
               us(hist_quantile(&total, 0.50)), us(hist_quantile(&total, 0.99)),
               us(hist_quantile(&total, 0.999)), us(total.max),
               total.count ? us(total.sum / total.count) : 0.0);
        printf("  client cpu  %.2f s (%.0f%% of one core)\n", cpu,
               t_done > t0 ? 100.0 * cpu / ((double)(t_done - t0) / 1e9) : 0.0);
        if (opt.nkinds > 1) {
            printf("  per request template:\n");
            for (int k = 0; k < opt.nkinds; k++) {
                const hist *h = &per_kind[k];
                const char *spec = opt.kinds[k].spec;
                printf("    %.*s%s\n", 70, spec, strlen(spec) > 70 ? "..." : "");
                printf("      %" PRIu64 " requests, %" PRIu64
                       " errors, p50 %.1f us  p99 %.1f us  max %.1f us\n",
                       h->count, kind_errors[k], us(hist_quantile(h, 0.50)),
                       us(hist_quantile(h, 0.99)), us(h->max));
            }
        }
    }
    fflush(stdout);

    int status = EXIT_OK;
    if (all_errors > 0) {
        fprintf(stderr,
                "loadgen: *** %" PRIu64 " ERROR REPLIES (%" PRIu64 " measured, %" PRIu64
                " in warm-up or drain) ***\n",
                all_errors, errors, unmeasured_errors);
        for (int i = 0; i < ncodes && !opt.redis_inline; i++)
            fprintf(stderr, "loadgen:     code %lld: %" PRIu64 "\n", codes[i].code, codes[i].n);
        if (first_error)
            fprintf(stderr, "loadgen:     first: %s\n", first_error);
        if (!opt.allow_errors)
            status = EXIT_ERRORS;
    }
    if (total.count == 0) {
        fprintf(stderr, "loadgen: no request was measured\n");
        status = EXIT_FAILED;
    }
    for (int k = 0; k < opt.nkinds; k++) {
        free(opt.kinds[k].spec);
        free(opt.kinds[k].method);
        free(opt.kinds[k].prefix);
        free(opt.kinds[k].segs);
    }
    free(ws);
    return status;
}
