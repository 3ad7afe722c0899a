/* config — the daemon's settings: one table of keys, filled from defaults, an optional config
 * file and command-line flags (in that order; a later source wins).
 *
 * Every key is one row of the table in config.c (name, type, bounds, default, help): adding a
 * setting is adding a row and a field. `assessd --help` prints the table. The struct is owned by
 * the caller; strings in it are owned by the struct and freed by config_free().
 */
#ifndef ASSESSD_CONFIG_H
#define ASSESSD_CONFIG_H

#include <stdint.h>
#include <stdio.h>

#include "sbuf.h"

typedef struct config {
    char *data_dir;
    char *socket_path; /* after config_load: never empty (default <data_dir>/assessd.sock) */
    char *plugins_dir;
    char *catalogue_dir;
    char *scripts_dir;
    char *today; /* empty: the machine's date */
    char *log_level;
    char *config_file;
    int64_t max_line;
    int64_t max_batch;
    int64_t message_timeout_ms;
    int64_t max_connections;
    int64_t output_pause;
    int64_t output_limit;
    int64_t stall_timeout_ms;
    int64_t lua_time_ms;
    int64_t lua_load_time_ms;
    int64_t lua_memory;
    int64_t busy_timeout_ms;
    int64_t commit_wait_us; /* how long a group commit may gather requests (0: each turn) */
    int64_t write_thread;   /* 1: evidence.add is stored on the write thread (writer.h) */
    int64_t review_interval_days;
    int64_t progress_slice_ms; /* progress.centre's work before its reply is deferred */
    int64_t progress_batch;    /* registrations per progress.batch call */
    /* scheduled jobs and reminders (reminders.h) */
    int64_t script_time_ms;
    int64_t script_memory;
    int64_t scheduler_tick_ms; /* 0: jobs run only when asked (scripts.run) */
    int64_t reminder_within_days;
    int64_t calendar_days;
    char *reminder_command; /* empty: no command channel */
    char *reminder_from;    /* empty: assessd@<host name> */
    char *reminder_to;      /* empty: only the people who should act */
    int64_t reminder_attempts;
    int64_t reminder_retry_ms;
    int64_t reminder_command_timeout_ms;
} config;

enum { CONFIG_OK = 0, CONFIG_EXIT = 1, CONFIG_ERROR = -1 };

/* Fills c from defaults, the file named by --config (if any) and argv. Returns CONFIG_OK,
 * CONFIG_EXIT after --help or --version was printed, or CONFIG_ERROR with the reason in err. */
int config_load(config *c, int argc, char **argv, sbuf *err);
/* Sets one key from its text form (as a flag or file line would); used by tests too. */
int config_set(config *c, const char *key, const char *value, sbuf *err);
void config_defaults(config *c);
void config_free(config *c);
void config_print_help(FILE *out);

#endif
