/* reminders_due — reminders.due and reminders.ics: every job asked afresh what is due.
 *
 * A large centre's jobs take seconds, so a call runs two jobs per loop turn, side by side on the
 * loop's thread and a helper (gather_jobs), and the reply is deferred (rpc_defer, server_defer)
 * until the last: other connections are answered in between.
 * A call that cannot wait (a member of a batch) runs every job in one turn, two at a time. The
 * caller's session is copied at the start, since the caller may leave before the end; the daemon
 * stopping ends the calls under way with 1007 shutting_down (rem_end_calls).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dates.h"
#include "ical.h"
#include "log.h"
#include "reminders_internal.h"
#include "sha256.h"

#ifndef ASSESSD_VERSION
#define ASSESSD_VERSION "0.0.0"
#endif

struct due_call {
    reminders *r;
    rpc_call *c;    /* the call while its handler runs, then its deferred copy */
    uint64_t token; /* server_defer's, once deferred */
    bool ics, failed;
    session who; /* the caller's, copied */
    char date[DATE_LEN], kind[64], calendar_name[300];
    int within;
    int64_t person;
    char **jobs; /* names, in order */
    size_t njobs, next;
    gathered g;
    uv_timer_t timer;
    bool timer_open;
    due_call *link;
};

static void collect_job(void *ud, lh_plugin *p)
{
    due_call *dc = ud;
    if (dc->ics && !lh_plugin_job(p)->calendar)
        return;
    char **nj = realloc(dc->jobs, (dc->njobs + 1) * sizeof *nj);
    if (!nj)
        return;
    dc->jobs = nj;
    dc->jobs[dc->njobs] = strdup(lh_plugin_name(p));
    if (dc->jobs[dc->njobs])
        dc->njobs++;
}

/* The next job still loaded (one that was reloaded away since the start is passed over), or
 * NULL when none remains. */
static lh_plugin *next_job(due_call *dc)
{
    while (dc->next < dc->njobs) {
        lh_plugin *p = lh_find(dc->r->scripts, dc->jobs[dc->next++]);
        if (p)
            return p;
    }
    return NULL;
}

/* Runs the next two jobs, at once (gather_jobs). Returns whether any remain. */
static bool step(due_call *dc)
{
    lh_plugin *p = next_job(dc);
    if (p)
        gather_jobs(dc->r, &dc->g, p, next_job(dc), dc->date, dc->within);
    return dc->next < dc->njobs;
}

static void write_due_result(due_call *dc)
{
    jw *w = rpc_result(dc->c);
    jw_obj_begin(w);
    jw_kstr(w, "date", dc->date);
    jw_key(w, "within_days");
    if (dc->within >= 0)
        jw_int(w, dc->within);
    else
        jw_null(w);
    jw_key(w, "reminders");
    gather_write_due(&dc->g, w);
    jw_kint(w, "total", dc->g.total);
    jw_key(w, "failed");
    sbuf failed;
    sbuf_init(&failed);
    sbuf_printf(&failed, "[%s]", dc->g.failed.data ? dc->g.failed.data : "");
    jw_raw(w, failed.data, failed.len);
    sbuf_free(&failed);
    jw_obj_end(w);
}

static void write_ics_result(due_call *dc)
{
    char now[21];
    time_now_iso(now);
    sbuf cal, text;
    sbuf_init(&cal);
    sbuf_init(&text);
    ical_begin(&cal, "-//assessd//assessd " ASSESSD_VERSION "//EN", dc->calendar_name);
    for (size_t i = 0; i < dc->g.n; i++) {
        const json_value *rem = dc->g.items[i].v;
        if (!rem_wanted(&dc->who, rem, NULL, dc->person))
            continue;
        const char *key = json_get(rem, "key")->u.str;
        char digest[65], uid[120];
        sha256_hex(key, strlen(key), digest);
        snprintf(uid, sizeof uid, "%.32s@assessd", digest);
        sbuf_reset(&text);
        sbuf_adds(&text, json_get(rem, "why")->u.str);
        const json_value *act = json_get(rem, "act");
        for (size_t k = 0; k < act->len; k++)
            sbuf_printf(&text, "%s%s",
                        k ? ", " : "\nTo act: ", json_get(act->u.items[k], "name")->u.str);
        ical_event e = {.uid = uid,
                        .dtstamp = now,
                        .date = json_get(rem, "due")->u.str,
                        .summary = json_get(rem, "title")->u.str,
                        .description = text.data,
                        .category = json_get(rem, "kind")->u.str};
        ical_event_write(&cal, &e);
    }
    ical_end(&cal);
    jw_str(rpc_result(dc->c), cal.data);
    sbuf_free(&cal);
    sbuf_free(&text);
}

static void write_result(due_call *dc)
{
    gather_end(&dc->g);
    if (dc->ics)
        write_ics_result(dc);
    else
        write_due_result(dc);
}

static void on_timer_closed(uv_handle_t *h)
{
    free(h->data);
}

static void call_free(due_call *dc)
{
    gathered_free(&dc->g);
    for (size_t i = 0; i < dc->njobs; i++)
        free(dc->jobs[i]);
    free(dc->jobs);
    if (dc->timer_open) {
        uv_timer_stop(&dc->timer);
        uv_close((uv_handle_t *)&dc->timer, on_timer_closed);
    } else {
        free(dc);
    }
}

/* A deferred call is over: its reply goes to its connection, and the call is freed. */
static void deliver(due_call *dc)
{
    reminders *r = dc->r;
    for (due_call **pp = &r->calls; *pp; pp = &(*pp)->link) {
        if (*pp == dc) {
            *pp = dc->link;
            break;
        }
    }
    if (!dc->failed)
        write_result(dc);
    gathered_free(&dc->g); /* before the reply: the heap it took is given back first */
    if (!server_reply(r->a->srv, dc->token, dc->c))
        log_debug("reminders", "%s: the caller has gone",
                  dc->ics ? "reminders.ics" : "reminders.due");
    call_free(dc);
}

static void on_tick(uv_timer_t *t)
{
    due_call *dc = t->data;
    if (!step(dc))
        deliver(dc);
}

/* The first job now; the rest one per loop turn when the reply may wait, else at once. */
static int run(due_call *dc)
{
    reminders *r = dc->r;
    lh_refresh(r->scripts);
    lh_each(r->scripts, collect_job, dc);
    bool more = step(dc);
    rpc_call *d = more && r->a->srv ? rpc_defer(dc->c) : NULL;
    if (!d) {
        while (more)
            more = step(dc);
        write_result(dc);
        call_free(dc);
        return 0;
    }
    dc->c = d;
    dc->token = server_defer(r->a->srv);
    dc->link = r->calls;
    r->calls = dc;
    uv_timer_init(r->a->loop, &dc->timer);
    dc->timer.data = dc;
    dc->timer_open = true;
    uv_timer_start(&dc->timer, on_tick, 0, 1);
    return 0;
}

static due_call *call_new(rpc_call *c, bool ics)
{
    due_call *dc = calloc(1, sizeof *dc);
    if (!dc)
        return NULL;
    dc->r = rpc_call_method(c)->udata;
    dc->c = c;
    dc->ics = ics;
    dc->who = *(session *)rpc_session(c);
    return dc;
}

int rem_m_due(rpc_call *c)
{
    reminders *r = rpc_call_method(c)->udata;
    int64_t within = rpc_int(c, "within_days", -1), person;
    if (rpc_arg(c, "within_days") && (within < 0 || within > 3650))
        return rpc_error(c, RPC_INVALID_PARAMS, NULL, "within_days must be 0..3650");
    if (rem_person_param(c, r->a, &person))
        return -1;
    int64_t limit = rpc_int(c, "limit", -1);
    if (rpc_arg(c, "limit") && limit < 0)
        return rpc_error(c, RPC_INVALID_PARAMS, NULL, "limit must be 0 or more");
    const char *kind = rpc_str(c, "kind");
    if (kind && strlen(kind) >= 64)
        return rpc_error(c, RPC_INVALID_PARAMS, NULL, "kind is at most 63 characters");
    due_call *dc = call_new(c, false);
    if (!dc)
        return rpc_error(c, RPC_INTERNAL_ERROR, NULL, "out of memory");
    const char *date = rpc_str(c, "date");
    if (date)
        snprintf(dc->date, sizeof dc->date, "%s", date);
    else
        date_today_str(dc->date);
    snprintf(dc->kind, sizeof dc->kind, "%s", kind ? kind : "");
    dc->within = (int)within;
    dc->person = person;
    keep_rule rule = {&dc->who, kind ? dc->kind : NULL, person, limit, 0};
    date_parse(dc->date, &rule.day);
    gather_begin(&dc->g, &rule);
    return run(dc);
}

int rem_m_ics(rpc_call *c)
{
    reminders *r = rpc_call_method(c)->udata;
    int64_t person;
    if (rem_person_param(c, r->a, &person))
        return -1;
    due_call *dc = call_new(c, true);
    if (!dc)
        return rpc_error(c, RPC_INTERNAL_ERROR, NULL, "out of memory");
    date_today_str(dc->date);
    dc->within = (int)r->a->cfg.calendar_days;
    dc->person = person;
    if (person) {
        store_person p;
        store_person_get(r->a->st, person, &p);
        snprintf(dc->calendar_name, sizeof dc->calendar_name, "assessd: %s", p.name);
    } else {
        snprintf(dc->calendar_name, sizeof dc->calendar_name, "assessd reminders");
    }
    gather_begin(&dc->g, NULL);
    return run(dc);
}

void rem_end_calls(reminders *r)
{
    while (r && r->calls) {
        due_call *dc = r->calls;
        rpc_error(dc->c, RPC_OVERLOADED, "shutting_down",
                  "the daemon is stopping: the reminders were not all gathered");
        dc->failed = true;
        deliver(dc);
    }
}
