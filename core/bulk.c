/* bulk — import jobs. See bulk.h and docs/bulk.md. */
#include "bulk.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <uv.h>

#include "audit.h"
#include "auth.h"
#include "bulk_line.h"
#include "dates.h"
#include "dispatch.h"
#include "log.h"
#include "people.h"
#include "store.h"

#define CHUNK_LINES 500
#define KEPT_ERRORS 50
#define PATH_BYTES  1024

typedef struct job {
    app *a;
    int64_t id, centre;
    char path[PATH_BYTES];
    FILE *f;
    char *line;
    size_t line_cap, max_line;
    int64_t lineno, errors;
    bulk_target into; /* the centre the lines go into, and the counts of what they stored */
    sbuf error_list;  /* JSON objects, comma-separated */
    int kept_errors;
    const char *state; /* running, done, failed, stopped */
    char failure[256];
    char started[21], finished[21];
    uint64_t started_ns, busy_ns;
    uv_timer_t timer;
    bool timer_open;
    session who; /* the caller, for the audit trail */
    struct job *next;
} job;

struct bulk_jobs {
    job *jobs;
    int64_t next_id;
};

static bulk_jobs *jobs_of(app *a)
{
    if (!a->bulk)
        a->bulk = calloc(1, sizeof *a->bulk);
    return a->bulk;
}

/* ---- the job ------------------------------------------------------------------------- */

static void note_error(job *j, const char *why)
{
    j->errors++;
    if (j->kept_errors >= KEPT_ERRORS)
        return;
    jw w;
    jw_init(&w, &j->error_list);
    if (j->error_list.len)
        sbuf_addc(&j->error_list, ',');
    jw_obj_begin(&w);
    jw_kint(&w, "line", j->lineno);
    jw_kstr(&w, "problem", why);
    jw_obj_end(&w);
    j->kept_errors++;
}

static void on_timer_closed(uv_handle_t *h)
{
    (void)h;
}

/* The params of the job's entries in the audit trail: {job, path, centre}, and the line's
 * number when with_line. */
static void job_params(const job *j, bool with_line, sbuf *out)
{
    jw w;
    jw_init(&w, out);
    jw_obj_begin(&w);
    jw_kint(&w, "job", j->id);
    jw_kstr(&w, "path", j->path);
    jw_kint(&w, "centre", j->centre);
    if (with_line)
        jw_kint(&w, "line", j->lineno);
    jw_obj_end(&w);
}

static void finish(job *j, const char *state)
{
    j->state = state;
    time_now_iso(j->finished);
    if (j->f) {
        fclose(j->f);
        j->f = NULL;
    }
    if (j->timer_open) {
        uv_timer_stop(&j->timer);
        uv_close((uv_handle_t *)&j->timer, on_timer_closed);
        j->timer_open = false;
    }
    /* the job's end goes into the audit trail, with what it did */
    store *st = j->a->st;
    if (!store_in_tx(st) && store_tx_begin(st) == STORE_OK) {
        char outcome[400];
        sbuf p;
        sbuf_init(&p);
        job_params(j, false, &p);
        const bulk_target *t = &j->into;
        snprintf(outcome, sizeof outcome,
                 "%s after %lld lines: %lld registrations, %lld evidence, %lld decisions, %lld "
                 "sign-offs stored; %lld lines refused%s%s",
                 state, (long long)j->lineno, (long long)t->registrations, (long long)t->evidence,
                 (long long)t->decisions, (long long)t->signoffs, (long long)j->errors,
                 j->failure[0] ? "; " : "", j->failure);
        audit_append(j->a, &j->who, "bulk.import (finished)", sbuf_cstr(&p), outcome, NULL);
        sbuf_free(&p);
        store_commit(st);
    }
    log_info("bulk", "import %lld %s: %lld registrations from %s (%lld lines refused) in %.1f s",
             (long long)j->id, state, (long long)j->into.registrations, j->path,
             (long long)j->errors, (double)(uv_hrtime() - j->started_ns) / 1e9);
}

typedef enum line_read { LINE_OK, LINE_LONG, LINE_END, LINE_ERROR } line_read;

/* Reads the next line into j->line without its line end; *len is its length, *bytes the
 * length it has in the file. A line longer than max_line is read past, not kept (LINE_LONG). */
static line_read read_line(job *j, size_t *len, size_t *bytes)
{
    size_t n = 0, all = 0;
    bool any = false;
    int ch;
    while ((ch = getc_unlocked(j->f)) != EOF) {
        any = true;
        if (ch == '\n')
            break;
        if (++all > j->max_line)
            continue;
        if (n + 1 >= j->line_cap) {
            size_t cap = j->line_cap ? j->line_cap * 2 : 4096;
            if (cap > j->max_line + 1)
                cap = j->max_line + 1;
            char *more = realloc(j->line, cap);
            if (!more)
                return LINE_ERROR;
            j->line = more;
            j->line_cap = cap;
        }
        j->line[n++] = (char)ch;
    }
    if (ferror(j->f))
        return LINE_ERROR;
    if (!any)
        return LINE_END;
    while (n > 0 && j->line[n - 1] == '\r')
        n--;
    if (j->line)
        j->line[n] = '\0';
    *len = n;
    *bytes = all;
    return all > j->max_line ? LINE_LONG : LINE_OK;
}

/* A line's entry in the audit trail, in the chunk's transaction: what the line stored (record:
 * its registration) or why it was refused, as a method's call is audited done or refused. */
static int audit_line(job *j, const char *outcome, int64_t registration)
{
    sbuf p;
    sbuf_init(&p);
    job_params(j, true, &p);
    char record[40] = "";
    if (registration)
        snprintf(record, sizeof record, "registration:%lld", (long long)registration);
    int rc = audit_append(j->a, &j->who, "bulk.import (line)", sbuf_cstr(&p), outcome,
                          registration ? record : NULL);
    if (rc != 0)
        log_error("bulk", "the audit entry for line %lld of import %lld was not written",
                  (long long)j->lineno, (long long)j->id);
    sbuf_free(&p);
    return rc;
}

/* A line refused: listed in bulk.status and audited. */
static void refuse_line(job *j, const char *why)
{
    note_error(j, why);
    char outcome[1100];
    snprintf(outcome, sizeof outcome, "refused: %s", why);
    (void)audit_line(j, outcome, 0); /* logged when it fails: the line stored nothing */
}

/* One line: refused with its number and what is wrong, or stored in a savepoint of its own;
 * either way audited. */
static void one_line(job *j, size_t len)
{
    store *st = j->a->st;
    json_doc *doc;
    json_error je;
    if (json_parse(j->line, len, &doc, &je) != 0) {
        char why[160];
        snprintf(why, sizeof why, "not JSON (byte %zu): %s", je.offset, je.message);
        refuse_line(j, why);
        return;
    }
    char why[1024];
    bulk_target *t = &j->into;
    int64_t regs = t->registrations, ev = t->evidence, dec = t->decisions, so = t->signoffs;
    store_savepoint(st);
    if (bulk_line_import(t, json_doc_root(doc), why, sizeof why) != 0) {
        store_rollback(st);
        refuse_line(j, why);
    } else {
        /* audited inside the line's savepoint: a line whose entry cannot be written is not
         * stored either */
        char outcome[200];
        snprintf(outcome, sizeof outcome,
                 "ok: candidate %lld, registration %lld, %lld evidence, %lld decisions, %lld "
                 "sign-offs",
                 (long long)t->candidate, (long long)t->registration, (long long)(t->evidence - ev),
                 (long long)(t->decisions - dec), (long long)(t->signoffs - so));
        if (audit_line(j, outcome, t->registration) == 0) {
            store_release(st);
        } else {
            store_rollback(st);
            t->registrations = regs, t->evidence = ev, t->decisions = dec, t->signoffs = so;
            note_error(j, "its entry in the audit trail could not be written: nothing stored");
        }
    }
    json_doc_free(doc);
}

static void on_tick(uv_timer_t *t)
{
    job *j = t->data;
    store *st = j->a->st;
    if (store_in_tx(st))
        return; /* a request's transaction is open: come back next tick */
    uint64_t t0 = uv_hrtime();
    if (store_tx_begin(st) != STORE_OK) {
        snprintf(j->failure, sizeof j->failure, "cannot start a transaction: %s", store_errmsg(st));
        finish(j, "failed");
        return;
    }
    int n = 0;
    line_read got = LINE_OK;
    while (n < CHUNK_LINES) {
        size_t len, bytes;
        got = read_line(j, &len, &bytes);
        if (got == LINE_END || got == LINE_ERROR)
            break;
        j->lineno++;
        if (got == LINE_LONG) {
            char why[160];
            snprintf(why, sizeof why,
                     "the line is %zu bytes long: a line holds at most %zu (--max-line), as a "
                     "request does",
                     bytes, j->max_line);
            refuse_line(j, why);
            n++;
            continue;
        }
        if (len == 0)
            continue;
        n++;
        one_line(j, len);
    }
    if (store_commit(st) != STORE_OK) {
        snprintf(j->failure, sizeof j->failure, "a commit failed: %s", store_errmsg(st));
        finish(j, "failed");
        return;
    }
    j->busy_ns += uv_hrtime() - t0;
    if (got == LINE_ERROR) {
        snprintf(j->failure, sizeof j->failure, "cannot read line %lld: %s",
                 (long long)j->lineno + 1, ferror(j->f) ? strerror(errno) : "out of memory");
        finish(j, "failed");
    } else if (got == LINE_END) {
        finish(j, "done");
    }
}

static job *find_job(app *a, int64_t id)
{
    for (job *j = jobs_of(a)->jobs; j; j = j->next)
        if (j->id == id)
            return j;
    return NULL;
}

static void write_job(jw *w, job *j)
{
    jw_obj_begin(w);
    jw_kint(w, "job", j->id);
    jw_kstr(w, "state", j->state);
    jw_kstr(w, "path", j->path);
    jw_kint(w, "centre", j->centre);
    jw_kint(w, "lines", j->lineno);
    jw_kint(w, "registrations", j->into.registrations);
    jw_kint(w, "evidence", j->into.evidence);
    jw_kint(w, "decisions", j->into.decisions);
    jw_kint(w, "signoffs", j->into.signoffs);
    jw_kint(w, "refused", j->errors);
    jw_key(w, "problems");
    jw_raw(w, "[", 1);
    sbuf_add(w->out, j->error_list.data ? j->error_list.data : "", j->error_list.len);
    sbuf_addc(w->out, ']');
    jw_kstr_or_null(w, "failure", j->failure[0] ? j->failure : NULL);
    jw_kstr(w, "started", j->started);
    jw_kstr_or_null(w, "finished", j->finished[0] ? j->finished : NULL);
    jw_key(w, "seconds");
    jw_double(w, (double)((j->finished[0] ? 0 : uv_hrtime() - j->started_ns) + j->busy_ns) / 1e9);
    jw_obj_end(w);
}

/* The file at path, opened for reading: an absolute path (the audit trail records what was
 * read) to a regular file (a FIFO is not waited on: it is opened without blocking). NULL after
 * failing the call. */
static FILE *open_regular(rpc_call *c, const char *path)
{
    if (path[0] != '/') {
        rpc_error_field(c, "path",
                        "path '%s' is relative: give an absolute path (the audit trail records "
                        "the file that was read)",
                        path);
        return NULL;
    }
    if (strlen(path) >= PATH_BYTES) {
        rpc_error_field(c, "path", "path is %zu bytes long: it may be at most %d", strlen(path),
                        PATH_BYTES - 1);
        return NULL;
    }
    int fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
    if (fd < 0) {
        rpc_error_field(c, "path", "cannot read %s: %s", path, strerror(errno));
        return NULL;
    }
    struct stat sb;
    if (fstat(fd, &sb) != 0) {
        rpc_error_field(c, "path", "cannot read %s: %s", path, strerror(errno));
        close(fd);
        return NULL;
    }
    if (!S_ISREG(sb.st_mode)) {
        rpc_error_field(c, "path", "%s is not a regular file%s: give the path of an NDJSON file",
                        path, S_ISDIR(sb.st_mode) ? " but a directory" : "");
        close(fd);
        return NULL;
    }
    int flags = fcntl(fd, F_GETFL);
    if (flags < 0 || fcntl(fd, F_SETFL, flags & ~O_NONBLOCK) != 0) {
        rpc_error_field(c, "path", "cannot read %s: %s", path, strerror(errno));
        close(fd);
        return NULL;
    }
    FILE *f = fdopen(fd, "r");
    if (!f) {
        rpc_error_field(c, "path", "cannot read %s: %s", path, strerror(errno));
        close(fd);
    }
    return f;
}

static int m_import(rpc_call *c)
{
    app *a = rpc_call_method(c)->udata;
    session *s = rpc_session(c);
    /* reading files by path is for the machine's administrators */
    if (auth_require_os_admin(c, "a bulk import reads a file on the daemon's machine"))
        return -1;
    int64_t centre = rpc_int(c, "centre", 0);
    char policy[16];
    if (store_centre_policy(a->st, centre, policy) != STORE_OK)
        return rpc_error(c, RPC_NOT_FOUND, NULL, "there is no centre %lld", (long long)centre);
    const char *path = rpc_str(c, "path");
    FILE *f = open_regular(c, path);
    if (!f)
        return -1;
    bulk_jobs *bj = jobs_of(a);
    job *j = calloc(1, sizeof *j);
    j->a = a;
    j->id = ++bj->next_id;
    j->centre = centre;
    j->f = f;
    j->state = "running";
    j->who = *s;
    j->max_line = (size_t)a->cfg.max_line;
    j->into = (bulk_target){.a = a, .centre = centre, .who = &j->who};
    sbuf_init(&j->error_list);
    snprintf(j->path, sizeof j->path, "%s", path);
    time_now_iso(j->started);
    j->started_ns = uv_hrtime();
    uv_timer_init(a->loop, &j->timer);
    j->timer.data = j;
    j->timer_open = true;
    uv_timer_start(&j->timer, on_tick, 0, 1);
    j->next = bj->jobs;
    bj->jobs = j;
    dispatch_set_record(c, "centre", centre);
    jw *w = rpc_result(c);
    jw_obj_begin(w);
    jw_kint(w, "job", j->id);
    jw_kstr(w, "state", j->state);
    jw_obj_end(w);
    return 0;
}

static int m_status(rpc_call *c)
{
    app *a = rpc_call_method(c)->udata;
    if (auth_require(c, ROLE_ADMIN, "admin_only"))
        return -1;
    /* a job's problems quote its lines (names, ULNs): an administrator sees their centre's
     * jobs, as they see its records (other_centre) */
    session *s = rpc_session(c);
    int64_t id = rpc_int(c, "job", 0);
    if (id) {
        job *j = find_job(a, id);
        if (!j)
            return rpc_error(c, RPC_NOT_FOUND, NULL, "there is no import job %lld", (long long)id);
        if (people_same_centre(c, j->centre))
            return -1;
        write_job(rpc_result(c), j);
        return 0;
    }
    jw *w = rpc_result(c);
    jw_arr_begin(w);
    for (job *j = jobs_of(a)->jobs; j; j = j->next)
        if (people_in_centre(s, j->centre))
            write_job(w, j);
    jw_arr_end(w);
    return 0;
}

void bulk_shutdown(app *a)
{
    bulk_jobs *bj = a->bulk;
    if (!bj)
        return;
    for (job *j = bj->jobs, *n; j; j = n) {
        n = j->next;
        if (j->timer_open)
            finish(j, "stopped");
    }
}

void bulk_free(app *a)
{
    bulk_jobs *bj = a->bulk;
    if (!bj)
        return;
    for (job *j = bj->jobs, *n; j; j = n) {
        n = j->next;
        if (j->f)
            fclose(j->f);
        free(j->line);
        bulk_target_free(&j->into);
        sbuf_free(&j->error_list);
        free(j);
    }
    free(bj);
    a->bulk = NULL;
}

static const rpc_param p_import[] = {
    {"path", P_STRING, true, "an NDJSON file on the daemon's machine, one registration a line"},
    {"centre", P_ID, true, "the centre the registrations belong to"},
    RPC_PARAM_END};
static const rpc_param p_status[] = {{"job", P_ID, false, "one job (default: all)"}, RPC_PARAM_END};

void bulk_register_methods(app *a)
{
    static rpc_method methods[] = {
        {"bulk.import", m_import, RPC_WRITE, p_import,
         "import registrations with their evidence, decisions and sign-offs from a file "
         "(docs/bulk.md)",
         NULL},
        {"bulk.status", m_status, 0, p_status, "how far an import has come", NULL},
        {NULL, NULL, 0, NULL, NULL, NULL},
    };
    app_register(a, methods);
}
