/* log — one line per event on stderr: "2026-11-23T16:30:15.123Z info  server: message".
 *
 * Owns the current level (a process-wide setting, set once from the configuration). Messages
 * below the level cost one comparison. Lines are written with a single write() so that they do
 * not interleave with other processes sharing the terminal.
 */
#ifndef ASSESSD_LOG_H
#define ASSESSD_LOG_H

typedef enum log_level { LOG_DEBUG, LOG_INFO, LOG_WARN, LOG_ERROR } log_level;

void log_set_level(log_level level);
/* Parses "debug", "info", "warn", "error"; returns -1 for anything else. */
int log_level_parse(const char *name);
void log_msg(log_level level, const char *module, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

#define log_debug(mod, ...) log_msg(LOG_DEBUG, mod, __VA_ARGS__)
#define log_info(mod, ...)  log_msg(LOG_INFO, mod, __VA_ARGS__)
#define log_warn(mod, ...)  log_msg(LOG_WARN, mod, __VA_ARGS__)
#define log_error(mod, ...) log_msg(LOG_ERROR, mod, __VA_ARGS__)

#endif
