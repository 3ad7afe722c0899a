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

struct reminders {
    app *a;
    lua_host *scripts;
    job_state *jobs;
    bool started, stopping;
    uv_timer_t tick;
    uv_timer_t retry; /* when the next pending delivery is due */
    delivery dl;
};

/* ---- scheduler.c ---- */
/* Runs a job as of date (YYYY-MM-DD) within within_days (-1: the job's own window, else the
 * default) and checks what it returned. On success *out is a JSON array of canonical reminders
 * (see docs/reminders.md) in the job's order. Returns 0, or -1 with err filled. */
int sched_run(reminders *r, lh_plugin *p, const char *date, int within_days, bool preview,
              json_doc **out, lh_error *err);
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
/* Sends new reminders (an array of {id, reminder}) to the live stream and the command channel. */
void rem_publish(reminders *r, const json_value *stored);
void rem_register_methods(reminders *r);

/* ---- deliver.c ---- */
void deliver_init(reminders *r);
/* Looks for a pending delivery soon. */
void deliver_kick(reminders *r);
void deliver_stop(reminders *r);

#endif
