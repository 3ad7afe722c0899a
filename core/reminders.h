/* reminders — scheduled Lua jobs (scripts/) and the reminders they raise.
 *
 * Owns the script host (a lua_host of the script kind: each scripts/<job>.lua in its own
 * sandboxed state, with the plugins' limits and error reports, plus assessd.job and
 * assessd.data from bind_data.c), the scheduler (a libuv timer on the loop), the outbox
 * (each reminder stored once under the job's stable key) and the delivery channels: the live
 * stream of reminders.notify notifications to subscribed connections, the configured command
 * (an RFC 5322 message on its stdin, retried with backoff, every attempt recorded) and the
 * iCalendar feed (reminders.ics).
 *
 * Methods: scripts.list, scripts.run, scripts.reload, reminders.due, reminders.list,
 * reminders.subscribe, reminders.unsubscribe, reminders.ics. docs/reminders.md describes all
 * of it. The pieces: scheduler.c (running and scheduling jobs), reminders.c (the methods and
 * the live stream), deliver.c (the command channel), ical.c and mailmsg.c (the text formats).
 */
#ifndef ASSESSD_REMINDERS_H
#define ASSESSD_REMINDERS_H

#include "app.h"

typedef struct reminders reminders;

/* Loads scripts/ and registers the methods (before the server starts). */
reminders *reminders_new(app *a);
/* Starts the scheduler and the command channel on the loop (after the server started). */
void reminders_start(reminders *r);
/* Stops the timers and ends a running delivery command (on SIGINT/SIGTERM); the loop then
 * runs until the last handle is closed. */
void reminders_stop(reminders *r);
/* Ends the reminders.due and reminders.ics calls under way with 1007 (shutting_down), their
 * replies sent: before server_stop(), which then delivers them. */
void reminders_end_calls(reminders *r);
void reminders_free(reminders *r);

#endif
