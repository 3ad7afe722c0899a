/* reminders_due — reminders.due and reminders.ics: every job asked afresh what is due.
 *
 * A large centre's jobs take seconds, so a call's jobs run on two threads of their own
 * (gather_start), in Lua states of their own (the previews' host: the scheduler's states are
 * left to the scheduler), while the loop goes on answering; the reply is deferred (rpc_defer,
 * server_defer) until the last job is done. One call's jobs run at a time: a call made
 * meanwhile waits its turn. A call that cannot wait (a member of a batch) waits for the one
 * under way, then runs its jobs and waits for them. The caller's session is copied at the
 * start, since the caller may leave before the end; the daemon stopping ends the calls under
 * way with 1007 shutting_down (rem_end_calls).
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
    bool started; /* its jobs are out (or done) */
    gathered g;
    due_call *link; /* the calls waiting or under way, oldest first */
};

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

static void call_free(due_call *dc)
{
    gathered_free(&dc->g);
    free(dc);
}

static void start_next(reminders *r);

/* A deferred call is over: its reply goes to its connection, the call is freed, and the next
 * one waiting starts. */
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
    start_next(r);
}

static void on_gathered(void *ud)
{
    deliver(ud);
}

/* The call's jobs out (gather_start). */
static void start(due_call *dc, bool wait, void (*finished)(void *ud))
{
    dc->started = true;
    gather_start(dc->r, &dc->g, dc->ics, dc->date, dc->within, wait, finished, dc);
}

static void start_next(reminders *r)
{
    if (r->gather || r->ending || r->holding)
        return;
    for (due_call *dc = r->calls; dc; dc = dc->link)
        if (!dc->started) {
            start(dc, false, on_gathered);
            return;
        }
}

/* The jobs out on their threads and the reply deferred; or, for a call that cannot wait, done
 * now (after the call under way, if any). */
static int run(due_call *dc)
{
    reminders *r = dc->r;
    rpc_call *d = r->a->srv ? rpc_defer(dc->c) : NULL;
    if (!d) {
        r->holding = true;
        if (r->gather)
            gather_finish(r->gather, false); /* its call is answered; the next ones wait */
        start(dc, true, NULL);               /* done when it returns */
        r->holding = false;
        write_result(dc);
        call_free(dc);
        start_next(r);
        return 0;
    }
    dc->c = d;
    dc->token = server_defer(r->a->srv);
    due_call **pp = &r->calls;
    while (*pp)
        pp = &(*pp)->link;
    *pp = dc;
    start_next(r);
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
        return rpc_error_field(c, "within_days", "within_days must be 0..3650");
    if (rem_person_param(c, r->a, &person))
        return -1;
    int64_t limit = rpc_int(c, "limit", -1);
    if (rpc_arg(c, "limit") && limit < 0)
        return rpc_error_field(c, "limit", "limit must be 0 or more");
    const char *kind = rpc_str(c, "kind");
    if (kind && strlen(kind) >= 64)
        return rpc_error_field(c, "kind", "kind is at most 63 characters");
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
    if (!r)
        return;
    r->ending = true; /* nothing starts any more */
    while (r->calls) {
        due_call *dc = r->calls;
        rpc_error(dc->c, RPC_OVERLOADED, "shutting_down",
                  "the daemon is stopping: the reminders were not all gathered");
        dc->failed = true;
        if (dc->started && r->gather)
            gather_finish(r->gather, true); /* the jobs under way end; then it is delivered */
        else
            deliver(dc);
    }
}
