/* deliver — the command channel of reminders: each new reminder, as an RFC 5322 message on the
 * stdin of the configured command (--reminder-command, run with /bin/sh -c through uv_spawn),
 * one at a time, never blocking the loop.
 *
 * A delivery succeeds when the command exits 0 within --reminder-command-timeout. Otherwise it
 * is tried again after --reminder-retry ms, doubled for each further attempt, until
 * --reminder-attempts; then the reminder is marked failed. Every attempt is a row of
 * reminder_delivery (with the exit status and the start of the command's output) and an audit
 * entry, written in a transaction of its own. The queue is the outbox itself (command_state
 * "pending", next_attempt), so deliveries resume after a restart and a delivered reminder is
 * never sent again. On shutdown a running command is sent SIGTERM (SIGKILL a second later) and
 * the attempt is recorded as interrupted.
 */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "audit.h"
#include "dates.h"
#include "log.h"
#include "mailmsg.h"
#include "reminders_internal.h"
#include "sha256.h"

#define OUTPUT_KEEP 1024 /* bytes of the command's output kept for the record */
#define GRACE_MS    1000 /* after exit (or SIGTERM), for the pipes to drain */

extern char **environ;

static void check(reminders *r);
/* Signals the command's whole process group: it runs in a session of its own, so what /bin/sh
 * started (a sendmail, a sleep) goes with it, not only the shell. */
static void kill_group(delivery *d, int sig)
{
    if (d->proc.pid <= 0 || kill(-d->proc.pid, sig) != 0)
        uv_process_kill(&d->proc, sig);
}

static void on_kill_timer(uv_timer_t *t);

static bool configured(reminders *r)
{
    return r->a->cfg.reminder_command && *r->a->cfg.reminder_command;
}

static void on_retry(uv_timer_t *t)
{
    check(t->data);
}

void deliver_init(reminders *r)
{
    uv_timer_init(r->a->loop, &r->retry);
    r->retry.data = r;
    uv_unref((uv_handle_t *)&r->retry);
}

void deliver_kick(reminders *r)
{
    if (configured(r) && !r->stopping && !r->dl.busy)
        uv_timer_start(&r->retry, on_retry, 0, 0);
}

/* ---- finishing an attempt ---------------------------------------------------------------- */

static void record(reminders *r)
{
    delivery *d = &r->dl;
    app *a = r->a;
    bool ok = !d->spawn_error[0] && !d->timed_out && !d->interrupted && d->exit_status == 0 &&
              d->term_signal == 0;
    sbuf detail;
    sbuf_init(&detail);
    if (d->spawn_error[0])
        sbuf_adds(&detail, d->spawn_error);
    else if (d->interrupted)
        sbuf_adds(&detail, "interrupted: the daemon was stopping");
    else if (d->timed_out)
        sbuf_printf(&detail, "timed out after %lld ms",
                    (long long)a->cfg.reminder_command_timeout_ms);
    else if (d->term_signal)
        sbuf_printf(&detail, "killed by signal %d", d->term_signal);
    else
        sbuf_printf(&detail, "exit status %lld", (long long)d->exit_status);
    if (d->output.len) {
        /* keep valid UTF-8 only: the detail goes into JSON */
        sbuf_adds(&detail, ": ");
        size_t n = d->output.len;
        while (n && !json_utf8_valid(d->output.data, n))
            n--;
        sbuf_add(&detail, d->output.data, n);
        while (detail.len &&
               (detail.data[detail.len - 1] == '\n' || detail.data[detail.len - 1] == '\r'))
            detail.data[--detail.len] = '\0';
    }
    int64_t max = a->cfg.reminder_attempts, next = 0;
    const char *state = ok ? "delivered" : d->attempt >= max ? "failed" : "pending";
    if (!ok && d->attempt < max) {
        int64_t delay = a->cfg.reminder_retry_ms;
        for (int64_t i = 1; i < d->attempt && delay < 86400000; i++)
            delay *= 2;
        next = sched_now_ms() + (delay < 86400000 ? delay : 86400000);
    }
    char finished[21];
    time_now_iso(finished);
    bool own_tx = !store_in_tx(a->st);
    bool db_ok = !own_tx || store_tx_begin(a->st) == STORE_OK;
    store_delivery row = {.reminder = d->id,
                          .attempt = d->attempt,
                          .channel = "command",
                          .started_at = d->started_at,
                          .finished_at = finished,
                          .detail = detail.data,
                          .ok = ok};
    db_ok = db_ok && store_delivery_insert(a->st, &row, NULL) == STORE_OK &&
            store_reminder_set_state(a->st, d->id, state, d->attempt, next) == STORE_OK;
    if (db_ok) {
        session who;
        memset(&who, 0, sizeof who);
        who.a = a;
        who.uid = getuid();
        snprintf(who.name, sizeof who.name, "reminder delivery");
        sbuf params, outcome;
        sbuf_init(&params);
        sbuf_init(&outcome);
        sbuf_printf(&params, "{\"reminder\":%lld,\"channel\":\"command\",\"attempt\":%lld}",
                    (long long)d->id, (long long)d->attempt);
        if (ok)
            sbuf_adds(&outcome, "ok");
        else
            sbuf_printf(&outcome, "error: %s", detail.data);
        char rec[40];
        snprintf(rec, sizeof rec, "reminder:%lld", (long long)d->id);
        db_ok = audit_append(a, &who, "reminders.deliver", params.data, outcome.data, rec) == 0;
        sbuf_free(&params);
        sbuf_free(&outcome);
    }
    if (own_tx && store_in_tx(a->st)) {
        if (db_ok)
            db_ok = store_commit(a->st) == STORE_OK;
        if (!db_ok)
            store_abort(a->st);
    }
    if (!db_ok)
        log_error("deliver", "reminder %lld: the attempt could not be recorded: %s",
                  (long long)d->id, store_errmsg(a->st));
    else if (ok)
        log_info("deliver", "reminder %lld delivered (attempt %lld)", (long long)d->id,
                 (long long)d->attempt);
    else
        log_warn("deliver", "reminder %lld: attempt %lld of %lld failed (%s)%s", (long long)d->id,
                 (long long)d->attempt, (long long)max, detail.data,
                 !strcmp(state, "failed") ? "; giving up" : "; it will be retried");
    sbuf_free(&detail);
}

static void on_closed(uv_handle_t *h)
{
    reminders *r = h->data;
    delivery *d = &r->dl;
    if (--d->open > 0)
        return;
    record(r);
    sbuf_free(&d->message);
    sbuf_free(&d->output);
    d->busy = false;
    deliver_kick(r);
}

static void close_h(uv_handle_t *h)
{
    if (!uv_is_closing(h))
        uv_close(h, on_closed);
}

/* Once the command has exited and both output pipes are done, the timer goes last. */
static void settle(reminders *r)
{
    delivery *d = &r->dl;
    if (d->exited && uv_is_closing((uv_handle_t *)&d->out) && uv_is_closing((uv_handle_t *)&d->err))
        close_h((uv_handle_t *)&d->kill);
}

/* ---- the command's side ------------------------------------------------------------------ */

static void on_exit_cb(uv_process_t *p, int64_t status, int sig)
{
    reminders *r = p->data;
    delivery *d = &r->dl;
    d->exited = true;
    d->exit_status = status;
    d->term_signal = sig;
    close_h((uv_handle_t *)&d->proc);
    close_h((uv_handle_t *)&d->in);
    /* the pipes get a moment to drain what the command wrote last */
    uv_timer_start(&d->kill, on_kill_timer, GRACE_MS, 0);
    settle(r);
}

static void on_alloc(uv_handle_t *h, size_t suggested, uv_buf_t *buf)
{
    (void)h;
    static char chunk[4096];
    (void)suggested;
    *buf = uv_buf_init(chunk, sizeof chunk);
}

static void on_read(uv_stream_t *s, ssize_t n, const uv_buf_t *buf)
{
    reminders *r = s->data;
    delivery *d = &r->dl;
    if (n > 0) {
        size_t room = d->output.len < OUTPUT_KEEP ? OUTPUT_KEEP - d->output.len : 0;
        sbuf_add(&d->output, buf->base, (size_t)n < room ? (size_t)n : room);
        return;
    }
    if (n < 0) {
        close_h((uv_handle_t *)s);
        settle(r);
    }
}

static void on_written(uv_write_t *w, int status)
{
    reminders *r = w->data;
    (void)status; /* a command that does not read its input is its own business */
    close_h((uv_handle_t *)&r->dl.in);
}

static void on_kill_timer(uv_timer_t *t)
{
    reminders *r = t->data;
    delivery *d = &r->dl;
    if (!d->exited) {
        if (!d->interrupted)
            d->timed_out = true;
        kill_group(d, SIGKILL);
        uv_timer_start(&d->kill, on_kill_timer, GRACE_MS, 0);
        return;
    }
    /* exited, but something (a child it left behind) still holds a pipe: end it, stop waiting */
    if (d->proc.pid > 0)
        kill(-d->proc.pid, SIGKILL);
    close_h((uv_handle_t *)&d->out);
    close_h((uv_handle_t *)&d->err);
    settle(r);
}

/* ---- starting an attempt ----------------------------------------------------------------- */

static void host_name(char out[256])
{
    if (gethostname(out, 256) != 0 || !*out)
        snprintf(out, 256, "localhost");
    out[255] = '\0';
}

/* The message for reminder body (its canonical JSON). */
static void build_message(reminders *r, const store_reminder *sr, const json_value *rem, sbuf *out,
                          sbuf *to_list)
{
    app *a = r->a;
    char host[256], from[300], digest[65];
    host_name(host);
    if (a->cfg.reminder_from && *a->cfg.reminder_from)
        snprintf(from, sizeof from, "%s", a->cfg.reminder_from);
    else
        snprintf(from, sizeof from, "assessd@%s", host);
    sha256_hex(sr->key, strlen(sr->key), digest);
    char msgid[400];
    snprintf(msgid, sizeof msgid, "reminder-%.32s@%s", digest, host);

    const json_value *act = json_get(rem, "act");
    size_t n = act && act->type == JSON_ARRAY ? act->len : 0;
    mail_addr *to = calloc(n ? n : 1, sizeof *to);
    store_person *people = calloc(n ? n : 1, sizeof *people);
    size_t nto = 0;
    sbuf names;
    sbuf_init(&names);
    for (size_t i = 0; i < n; i++) {
        const json_value *x = act->u.items[i];
        const char *name = json_get(x, "name")->u.str;
        sbuf_printf(&names, "%s%s", i ? ", " : "", name);
        if (store_person_get(a->st, json_get(x, "id")->u.num.i, &people[nto]) == STORE_OK &&
            mail_addr_ok(people[nto].email)) {
            to[nto].name = people[nto].name;
            to[nto].email = people[nto].email;
            sbuf_printf(to_list, "%s%s", to_list->len ? "," : "", people[nto].email);
            nto++;
        }
    }
    sbuf body;
    sbuf_init(&body);
    sbuf_printf(&body, "%s\n\nDue: %s\n", json_get(rem, "why")->u.str, sr->due);
    const json_value *person = json_get(rem, "person");
    if (person && person->type == JSON_OBJECT)
        sbuf_printf(&body, "Concerns: %s\n", json_get(person, "name")->u.str);
    if (sr->registration)
        sbuf_printf(&body, "Registration: %lld\n", (long long)sr->registration);
    if (names.len)
        sbuf_printf(&body, "To act: %s\n", names.data);
    sbuf_printf(&body, "Reminder: %s (%s, from the job %s)\n\n-- \nassessd\n", sr->key, sr->kind,
                sr->job);
    char kind_hdr[120];
    snprintf(kind_hdr, sizeof kind_hdr, "X-Assessd-Reminder: %s", sr->kind);
    const char *extra[] = {kind_hdr, NULL};
    sbuf subject;
    sbuf_init(&subject);
    sbuf_printf(&subject, "[assessd] %s", json_get(rem, "title")->u.str);
    mail_msg m = {.from = from,
                  .to = to,
                  .nto = nto,
                  .to_fallback = a->cfg.reminder_to,
                  .subject = subject.data,
                  .message_id = msgid,
                  .time = sched_now_ms() / 1000,
                  .body = body.data,
                  .extra = extra};
    mail_format(out, &m);
    if (!nto && a->cfg.reminder_to && *a->cfg.reminder_to)
        sbuf_adds(to_list, a->cfg.reminder_to);
    sbuf_free(&subject);
    sbuf_free(&body);
    sbuf_free(&names);
    free(people);
    free(to);
}

typedef struct candidate {
    store_reminder r;
    sbuf strings; /* key, kind, job, due, body, NUL-separated: the row's text outlives the step */
    bool found;
} candidate;

static int take(void *ud, const store_reminder *sr)
{
    candidate *c = ud;
    c->r = *sr;
    const char *src[] = {sr->key, sr->kind, sr->job, sr->due, sr->body_json};
    size_t off[5];
    for (int i = 0; i < 5; i++) {
        off[i] = c->strings.len;
        sbuf_add(&c->strings, src[i], strlen(src[i]) + 1);
    }
    c->r.key = c->strings.data + off[0];
    c->r.kind = c->strings.data + off[1];
    c->r.job = c->strings.data + off[2];
    c->r.due = c->strings.data + off[3];
    c->r.body_json = c->strings.data + off[4];
    c->r.created_at = c->r.command_state = "";
    c->found = true;
    return 1;
}

static void spawn(reminders *r, candidate *c, const json_value *rem)
{
    delivery *d = &r->dl;
    app *a = r->a;
    uv_loop_t *loop = a->loop;
    memset(&d->proc, 0, sizeof d->proc);
    d->busy = true;
    d->exited = d->timed_out = d->interrupted = false;
    d->exit_status = 0;
    d->term_signal = 0;
    d->spawn_error[0] = '\0';
    d->id = c->r.id;
    d->attempt = c->r.attempts + 1;
    time_now_iso(d->started_at);
    sbuf_init(&d->message);
    sbuf_init(&d->output);
    sbuf to;
    sbuf_init(&to);
    build_message(r, &c->r, rem, &d->message, &to);

    uv_pipe_init(loop, &d->in, 0);
    uv_pipe_init(loop, &d->out, 0);
    uv_pipe_init(loop, &d->err, 0);
    uv_timer_init(loop, &d->kill);
    d->in.data = d->out.data = d->err.data = d->kill.data = d->proc.data = r;
    d->open = 4;

    /* the environment: ours, and what the reminder is */
    size_t nenv = 0;
    while (environ[nenv])
        nenv++;
    char **env = calloc(nenv + 6, sizeof *env);
    memcpy(env, environ, nenv * sizeof *env);
    sbuf extra[5];
    const char *names[] = {"ASSESSD_REMINDER_ID", "ASSESSD_REMINDER_KEY", "ASSESSD_REMINDER_KIND",
                           "ASSESSD_REMINDER_ATTEMPT", "ASSESSD_REMINDER_TO"};
    for (int i = 0; i < 5; i++)
        sbuf_init(&extra[i]);
    sbuf_printf(&extra[0], "%s=%lld", names[0], (long long)d->id);
    sbuf_printf(&extra[1], "%s=%s", names[1], c->r.key);
    sbuf_printf(&extra[2], "%s=%s", names[2], c->r.kind);
    sbuf_printf(&extra[3], "%s=%lld", names[3], (long long)d->attempt);
    sbuf_printf(&extra[4], "%s=%s", names[4], to.data ? to.data : "");
    for (int i = 0; i < 5; i++)
        env[nenv + (size_t)i] = extra[i].data;

    char *args[] = {"/bin/sh", "-c", a->cfg.reminder_command, NULL};
    uv_stdio_container_t stdio[3] = {
        {.flags = UV_CREATE_PIPE | UV_READABLE_PIPE, .data.stream = (uv_stream_t *)&d->in},
        {.flags = UV_CREATE_PIPE | UV_WRITABLE_PIPE, .data.stream = (uv_stream_t *)&d->out},
        {.flags = UV_CREATE_PIPE | UV_WRITABLE_PIPE, .data.stream = (uv_stream_t *)&d->err},
    };
    uv_process_options_t opt = {.exit_cb = on_exit_cb,
                                .file = args[0],
                                .args = args,
                                .env = env,
                                .stdio_count = 3,
                                .stdio = stdio,
                                .flags = UV_PROCESS_DETACHED}; /* its own process group */
    int rc = uv_spawn(loop, &d->proc, &opt);
    d->proc.data = r;
    d->open++; /* the process handle, closed even when the spawn failed */
    free(env);
    for (int i = 0; i < 5; i++)
        sbuf_free(&extra[i]);
    sbuf_free(&to);
    if (rc != 0) {
        snprintf(d->spawn_error, sizeof d->spawn_error, "cannot start the command: %s",
                 uv_strerror(rc));
        d->exited = true;
        close_h((uv_handle_t *)&d->proc);
        close_h((uv_handle_t *)&d->in);
        close_h((uv_handle_t *)&d->out);
        close_h((uv_handle_t *)&d->err);
        close_h((uv_handle_t *)&d->kill);
        return;
    }
    log_info("deliver", "reminder %lld: running the command (attempt %lld, pid %d)",
             (long long)d->id, (long long)d->attempt, d->proc.pid);
    uv_read_start((uv_stream_t *)&d->out, on_alloc, on_read);
    uv_read_start((uv_stream_t *)&d->err, on_alloc, on_read);
    d->write.data = r;
    uv_buf_t b = uv_buf_init(d->message.data, (unsigned)d->message.len);
    if (uv_write(&d->write, (uv_stream_t *)&d->in, &b, 1, on_written) != 0)
        close_h((uv_handle_t *)&d->in);
    uv_timer_start(&d->kill, on_kill_timer, (uint64_t)a->cfg.reminder_command_timeout_ms, 0);
}

static void check(reminders *r)
{
    if (!configured(r) || r->stopping || r->dl.busy)
        return;
    candidate c = {.found = false};
    sbuf_init(&c.strings);
    int rc = store_reminder_next_pending(r->a->st, take, &c);
    if (rc != STORE_OK) {
        if (rc != STORE_NOTFOUND)
            log_error("deliver", "cannot read the outbox: %s", store_errmsg(r->a->st));
        sbuf_free(&c.strings);
        return;
    }
    int64_t now = sched_now_ms();
    if (c.r.next_attempt_ms > now) {
        uv_timer_start(&r->retry, on_retry, (uint64_t)(c.r.next_attempt_ms - now), 0);
        sbuf_free(&c.strings);
        return;
    }
    json_doc *doc;
    if (json_parse(c.r.body_json, strlen(c.r.body_json), &doc, NULL) != 0) {
        log_error("deliver", "reminder %lld: its stored text is not JSON; marked failed",
                  (long long)c.r.id);
        store_reminder_set_state(r->a->st, c.r.id, "failed", c.r.attempts, 0);
        sbuf_free(&c.strings);
        deliver_kick(r);
        return;
    }
    spawn(r, &c, json_doc_root(doc));
    json_doc_free(doc);
    sbuf_free(&c.strings);
}

void deliver_stop(reminders *r)
{
    uv_timer_stop(&r->retry);
    uv_close((uv_handle_t *)&r->retry, NULL);
    delivery *d = &r->dl;
    if (d->busy && !d->exited) {
        d->interrupted = true;
        kill_group(d, SIGTERM);
        uv_timer_start(&d->kill, on_kill_timer, GRACE_MS, 0);
    }
}
