/* reminders_internal — what the files of the reminders module share (scheduler.c,
 * reminders.c, deliver.c); nothing else includes it. See reminders.h. */
#ifndef ASSESSD_REMINDERS_INTERNAL_H
#define ASSESSD_REMINDERS_INTERNAL_H

#include <stdbool.h>
#include <stdint.h>
#include <uv.h>

#include "auth.h"
#include "json.h"
#include "lua_host.h"
#include "reminders.h"

/* What the scheduler remembers of a job between runs (and across reloads). */
typedef struct job_state {
    char *name;
    bool known;      /* last_ms was looked up in the store */
    int64_t last_ms; /* the last run's start, ms since the epoch; 0: never */
    char last_at[21];
    bool ran, last_ok; /* since the daemon started */
    lh_error last_error;
    int64_t last_produced, last_stored, runs, failures;
    struct job_state *next;
} job_state;

/* The command channel's delivery under way. */
typedef struct delivery {
    bool busy, exited, timed_out, interrupted;
    int64_t id, attempt;
    char started_at[21];
    int64_t exit_status;
    int term_signal;
    int open; /* handles of this delivery not yet closed */
    char spawn_error[160];
    uv_process_t proc;
    uv_pipe_t in, out, err;
    uv_write_t write;
    uv_timer_t kill;
    sbuf message, output;
} delivery;

typedef struct due_call due_call;
typedef struct gather_run gather_run;
typedef struct sched_work sched_work;

struct reminders {
    app *a;
    lua_host *scripts;
    lua_host *previews;  /* the same jobs in states of their own, for reminders.due and .ics */
    gather_run *gather;  /* the one out, if any (reminders_gather.c) */
    sched_work *running; /* a scheduled run out on a worker, if any (scheduler.c) */
    job_state *jobs;
    due_call *calls; /* reminders.due and reminders.ics under way (reminders_due.c) */
    bool started, stopping;
    bool ending;  /* rem_end_calls: no call starts its jobs any more */
    bool holding; /* a call that cannot wait runs its jobs: no other starts meanwhile */
    uv_timer_t tick;
    uv_timer_t retry; /* when the next pending delivery is due */
    delivery dl;
};

/* ---- scheduler.c ---- */
/* Runs a job as of date (YYYY-MM-DD) within within_days (-1: the job's own window, else the
 * default) and checks what it returned: list (reset first) gets the JSON text of an array of
 * canonical reminders (see docs/reminders.md) in the job's order, and the job's assessd.data
 * reads st (NULL: the daemon's connection). With keep, only the reminders it wants are in the
 * list, and *count says how many it wants (lh_run_job). With a reader of its own it may run on
 * another thread while the loop waits for it: it reads the settings and the job's own state
 * only. Returns 0, or -1 with err filled. */
int sched_run_text(reminders *r, lh_plugin *p, store *st, const char *date, int within_days,
                   bool preview, const lh_keep *keep, sbuf *list, size_t *count, lh_error *err);
/* Fills err for a job whose reminders did not parse. */
void sched_not_json(lh_plugin *p, lh_error *err);
/* When a job with this schedule runs next, having last started at last_ms (0: never), as of
 * now_ms; INT64_MAX for a job without a schedule. */
int64_t sched_next_ms(const lh_job *j, int64_t last_ms, int64_t now_ms);
int64_t sched_now_ms(void);
void sched_register_methods(reminders *r);
void sched_start(reminders *r);
void sched_stop(reminders *r);
void sched_free(reminders *r);

/* ---- reminders.c ---- */
/* Whether the session may see a reminder (its centre's admin, or a person it concerns or who
 * should act). */
bool rem_visible(session *s, const json_value *rem);
/* The person parameter: the caller, or someone of a centre they administer (else an error
 * reply, -1). */
int rem_person_param(rpc_call *c, app *a, int64_t *person);
/* Whether the reminder concerns person, or person should act on it. */
bool rem_involves(const json_value *rem, int64_t person);
/* Who sees what (the rule rem_visible applies), and what rem_wanted(s, rem, kind, person)
 * keeps, in ids: for a job's run to keep it (with limit). */
void rem_keep(session *s, const char *kind, int64_t person, int64_t limit, lh_keep *k);
/* Sends a new reminder, stored as id, to the live stream's subscribers who may see it (after
 * its run is committed); deliver_kick() then hands the new ones to the command channel. */
void rem_notify(reminders *r, int64_t id, const json_value *rem);
void rem_register_methods(reminders *r);

/* ---- reminders_gather.c ---- */
/* A reminder gathered: its sort key, and either its place in a job's result (kept whole) or
 * the reply's object text (with a limit, where each job's result is let go). */
typedef struct item {
    const char *due, *key;
    const json_value *v;
    char *text;
    size_t len;
} item;
/* Which reminders are kept: with s NULL all of them (the caller filters); else those the
 * session may see, of kind and involving person (when set), and with limit >= 0 only the
 * earliest limit of them. */
typedef struct keep_rule {
    session *s;
    const char *kind;
    int64_t person, limit;
    int64_t day; /* the as-of date, for overdue and days */
} keep_rule;
typedef struct gathered {
    json_doc **docs;
    size_t ndocs;
    item *items; /* sorted by due date once gather_end has run */
    size_t n, cap;
    int64_t total; /* wanted, kept or not */
    keep_rule rule;
    lh_keep keep; /* with rule.s: what the jobs' runs keep (rem_keep) */
    sbuf failed;  /* JSON array members {job, error} */
} gathered;
void gather_begin(gathered *g, const keep_rule *rule); /* rule NULL: keep all */
/* Runs every job of the previews' host (reloaded first where its file changed; with calendar,
 * the calendar jobs only), each a preview as of date, and takes their reminders into g: on
 * two threads of their own, each with a read connection of its own, while the loop goes on;
 * when the last is done, the loop takes what they gave and calls finished(ud) (finished may be
 * NULL). With wait, or without a thread or a connection to spare, that is done before this
 * returns. One gather at a time (r->gather): the previews' Lua states and their copy of the
 * catalogue are the threads' until it is finished. */
void gather_start(reminders *r, gathered *g, bool calendar, const char *date, int within, bool wait,
                  void (*finished)(void *ud), void *ud);
/* Waits for the gather's threads (the loop waits), takes what they gave and calls its
 * finished; with stop, jobs not yet begun are not run. */
void gather_finish(gather_run *gr, bool stop);
void gather_end(gathered *g);
/* The kept reminders as reminders.due answers them: an array. */
void gather_write_due(const gathered *g, jw *w);
void gathered_free(gathered *g);
bool rem_wanted(session *s, const json_value *rem, const char *kind, int64_t person);

/* ---- reminders_due.c ---- */
int rem_m_due(rpc_call *c);
int rem_m_ics(rpc_call *c);
/* Ends every reminders.due and reminders.ics under way with error 1007 (shutting_down). */
void rem_end_calls(reminders *r);

/* ---- deliver.c ---- */
void deliver_init(reminders *r);
/* Looks for a pending delivery soon. */
void deliver_kick(reminders *r);
void deliver_stop(reminders *r);

#endif
