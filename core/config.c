/* config — one table of keys. See config.h. */
#include "config.h"

#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <sys/un.h>

#include "dates.h"
#include "log.h"

/* the longest line a config file may have, its line end aside */
#define CONFIG_LINE_MAX 4094

#ifndef ASSESSD_VERSION
#define ASSESSD_VERSION "0.0.0"
#endif

typedef enum { T_STR, T_INT, T_SIZE, T_MS, T_DATE, T_LEVEL } key_type;

typedef struct key {
    const char *name; /* as in the file; the flag is --name with '_' as '-' */
    key_type type;
    size_t offset;
    int64_t min, max;
    const char *def;
    const char *help;
} key;

#define S(f) offsetof(config, f)
static const key keys[] = {
    {"config", T_STR, S(config_file), 0, 0, "", "read settings from this file (key = value lines)"},
    {"data", T_STR, S(data_dir), 0, 0, "./var", "data directory: the SQLite file and the socket"},
    {"socket", T_STR, S(socket_path), 0, 0, "", "socket path (default <data>/assessd.sock)"},
    {"plugins", T_STR, S(plugins_dir), 0, 0, "./plugins", "plugin directory"},
    {"catalogue", T_STR, S(catalogue_dir), 0, 0, "./catalogue", "catalogue directory"},
    {"scripts", T_STR, S(scripts_dir), 0, 0, "./scripts", "scheduled Lua jobs"},
    {"today", T_DATE, S(today), 0, 0, "",
     "use this date (YYYY-MM-DD) as today, for tests and rehearsals"},
    {"log_level", T_LEVEL, S(log_level), 0, 0, "info", "debug, info, warn or error"},
    {"max_line", T_SIZE, S(max_line), 1024, 256 << 20, "1M",
     "longest request line (bytes; K and M suffixes)"},
    {"max_batch", T_INT, S(max_batch), 1, 100000, "1000", "most requests in one JSON-RPC batch"},
    {"message_timeout", T_MS, S(message_timeout_ms), 10, 3600000, "10000",
     "ms a started message may take to complete"},
    {"max_connections", T_INT, S(max_connections), 1, 100000, "256",
     "simultaneous client connections"},
    {"output_pause", T_SIZE, S(output_pause), 4096, 1LL << 30, "1M",
     "stop reading from a client with this many reply bytes unread"},
    {"output_limit", T_SIZE, S(output_limit), 4096, 1LL << 32, "64M",
     "drop a client with this many reply bytes unread"},
    {"stall_timeout", T_MS, S(stall_timeout_ms), 10, 3600000, "10000",
     "ms a paused client may take to read its replies before it is dropped"},
    {"lua_time", T_MS, S(lua_time_ms), 1, 600000, "100", "ms budget for one call into a plugin"},
    {"lua_load_time", T_MS, S(lua_load_time_ms), 10, 600000, "2000",
     "ms budget for loading one plugin and its catalogue"},
    {"lua_memory", T_SIZE, S(lua_memory), 1 << 20, 1LL << 32, "64M",
     "memory cap of one plugin's Lua state"},
    {"busy_timeout", T_MS, S(busy_timeout_ms), 0, 600000, "5000",
     "ms SQLite waits for a lock held by another connection"},
    {"write_thread", T_INT, S(write_thread), 0, 1, "1",
     "1: evidence.add is stored and committed on a thread of its own while the loop goes on "
     "(0: every write on the loop)"},
    {"commit_wait_us", T_INT, S(commit_wait_us), 0, 100000, "2000",
     "microseconds a group commit may wait while more requests keep arriving (0: commit every "
     "loop turn)"},
    {"review_interval", T_INT, S(review_interval_days), 1, 3650, "28",
     "default days between candidate reviews"},
    {"progress_slice", T_MS, S(progress_slice_ms), 0, 10000, "20",
     "ms of work progress.centre does at once, before it lets other requests in (0: one batch)"},
    {"progress_batch", T_INT, S(progress_batch), 1, 10000, "100",
     "registrations per call of a plugin's progress.batch hook"},
    {"script_time", T_MS, S(script_time_ms), 1, 600000, "5000",
     "ms budget for one run of a scheduled job (scripts/)"},
    {"script_memory", T_SIZE, S(script_memory), 1 << 20, 1LL << 32, "256M",
     "memory cap of one scheduled job's Lua state"},
    {"scheduler_tick", T_MS, S(scheduler_tick_ms), 0, 86400000, "60000",
     "ms between scheduler checks (and script reloads); 0: jobs run only through scripts.run"},
    {"reminder_within", T_INT, S(reminder_within_days), 0, 3650, "7",
     "days ahead a reminder is raised (a job may set its own)"},
    {"calendar_days", T_INT, S(calendar_days), 1, 3650, "90",
     "days ahead the iCalendar feed (reminders.ics) looks"},
    {"reminder_command", T_STR, S(reminder_command), 0, 0, "",
     "command given each new reminder as an RFC 5322 message on stdin (e.g. \"sendmail -t\")"},
    {"reminder_from", T_STR, S(reminder_from), 0, 0, "",
     "From: of reminder messages (default assessd@<host name>)"},
    {"reminder_to", T_STR, S(reminder_to), 0, 0, "",
     "address a reminder goes to when nobody who should act has an email address"},
    {"reminder_attempts", T_INT, S(reminder_attempts), 1, 1000, "5",
     "attempts at delivering a reminder through the command before giving up"},
    {"reminder_retry", T_MS, S(reminder_retry_ms), 10, 86400000, "60000",
     "ms before the first retry of a failed delivery; doubled for each further one"},
    {"reminder_command_timeout", T_MS, S(reminder_command_timeout_ms), 100, 3600000, "30000",
     "ms the reminder command may run before it is killed"},
};
#undef S
#define NKEYS (sizeof keys / sizeof keys[0])

static const key *find(const char *name, size_t n)
{
    for (size_t i = 0; i < NKEYS; i++) {
        const char *k = keys[i].name;
        if (strlen(k) != n)
            continue;
        size_t j = 0;
        for (; j < n; j++) {
            char a = name[j] == '-' ? '_' : name[j];
            if (a != k[j])
                break;
        }
        if (j == n)
            return &keys[i];
    }
    return NULL;
}

/* 0, -1 when v is not a number, -2 when it is one beyond 64 bits. */
static int parse_int(const char *v, int64_t *out, bool size_suffix)
{
    errno = 0;
    char *end;
    long long x = strtoll(v, &end, 10);
    if (end == v)
        return -1;
    long long unit = 1;
    if (size_suffix) {
        if (*end == 'K' || *end == 'k')
            unit = 1024, end++;
        else if (*end == 'M' || *end == 'm')
            unit = 1024 * 1024, end++;
        else if (*end == 'G' || *end == 'g')
            unit = 1024LL * 1024 * 1024, end++;
    }
    if (*end)
        return -1;
    if (errno || x > LLONG_MAX / unit || x < LLONG_MIN / unit)
        return -2;
    *out = x * unit;
    return 0;
}

/* A date as the daemon reads it (dates.c): what this takes, --today then uses. */
static bool valid_date(const char *v)
{
    int64_t day;
    return date_parse(v, &day);
}

/* The setting as a flag spells it (max_line: max-line), for messages. */
static const char *flag(const key *k, char out[64])
{
    snprintf(out, 64, "%s", k->name);
    for (char *p = out; *p; p++)
        if (*p == '_')
            *p = '-';
    return out;
}

static int set_key(config *c, const key *k, const char *value, sbuf *err)
{
    void *field = (char *)c + k->offset;
    char f[64];
    switch (k->type) {
    case T_DATE:
        if (*value && !valid_date(value)) {
            sbuf_printf(err, "--%s: '%s' is not a date (YYYY-MM-DD)", flag(k, f), value);
            return -1;
        }
        /* fall through */
    case T_LEVEL:
        if (k->type == T_LEVEL && log_level_parse(value) < 0) {
            sbuf_printf(err, "--%s: '%s' is not one of debug, info, warn, error", flag(k, f),
                        value);
            return -1;
        }
        /* fall through */
    case T_STR: {
        char **s = field;
        free(*s);
        *s = strdup(value);
        return 0;
    }
    case T_INT:
    case T_SIZE:
    case T_MS: {
        int64_t x;
        int rc = parse_int(value, &x, k->type == T_SIZE);
        if (rc == -1) {
            sbuf_printf(err, "--%s: '%s' is not %s", flag(k, f), value,
                        k->type == T_SIZE ? "a size (bytes, or with K, M, G)" : "an integer");
            return -1;
        }
        if (rc == -2) {
            sbuf_printf(err, "--%s: '%s' is outside %lld..%lld", flag(k, f), value,
                        (long long)k->min, (long long)k->max);
            return -1;
        }
        if (x < k->min || x > k->max) {
            sbuf_printf(err, "--%s: %lld is outside %lld..%lld", flag(k, f), (long long)x,
                        (long long)k->min, (long long)k->max);
            return -1;
        }
        *(int64_t *)field = x;
        return 0;
    }
    }
    return -1;
}

int config_set(config *c, const char *name, const char *value, sbuf *err)
{
    const key *k = find(name, strlen(name));
    if (!k) {
        sbuf_printf(err, "unknown setting '%s' (assessd --help lists them)", name);
        return -1;
    }
    return set_key(c, k, value, err);
}

void config_defaults(config *c)
{
    memset(c, 0, sizeof *c);
    sbuf ignore;
    sbuf_init(&ignore);
    for (size_t i = 0; i < NKEYS; i++)
        set_key(c, &keys[i], keys[i].def, &ignore);
    sbuf_free(&ignore);
}

void config_free(config *c)
{
    for (size_t i = 0; i < NKEYS; i++)
        if (keys[i].type == T_STR || keys[i].type == T_DATE || keys[i].type == T_LEVEL) {
            char **s = (char **)((char *)c + keys[i].offset);
            free(*s);
            *s = NULL;
        }
}

static char *trim(char *s)
{
    while (isspace((unsigned char)*s))
        s++;
    char *e = s + strlen(s);
    while (e > s && isspace((unsigned char)e[-1]))
        *--e = '\0';
    return s;
}

static int load_file(config *c, const char *path, sbuf *err)
{
    FILE *f = fopen(path, "r");
    if (!f) {
        sbuf_printf(err, "cannot read config file %s: %s", path, strerror(errno));
        return -1;
    }
    /* getline, not fgets: a NUL byte would hide the rest of its line (and with fgets, the
     * length of a long one, whose rest was then read as a line of its own) */
    char *line = NULL;
    size_t cap = 0;
    ssize_t got;
    int lineno = 0, rc = 0;
    while (rc == 0 && (got = getline(&line, &cap, f)) >= 0) {
        lineno++;
        size_t len = (size_t)got - (got > 0 && line[got - 1] == '\n');
        if (len > CONFIG_LINE_MAX) {
            sbuf_printf(err, "%s:%d: line longer than %d bytes", path, lineno, CONFIG_LINE_MAX);
            rc = -1;
            break;
        }
        if (memchr(line, '\0', len)) {
            sbuf_printf(err, "%s:%d: the line holds a NUL byte", path, lineno);
            rc = -1;
            break;
        }
        char *s = trim(line);
        if (*s == '\0' || *s == '#')
            continue;
        char *eq = strchr(s, '=');
        if (!eq) {
            sbuf_printf(err, "%s:%d: expected 'key = value'", path, lineno);
            rc = -1;
            break;
        }
        *eq = '\0';
        char *name = trim(s), *value = trim(eq + 1);
        const key *k = find(name, strlen(name));
        if (!k || strcmp(k->name, "config") == 0) {
            sbuf_printf(err, "%s:%d: unknown setting '%s'", path, lineno, name);
            rc = -1;
            break;
        }
        if (set_key(c, k, value, err)) {
            sbuf_printf(err, " (%s:%d)", path, lineno);
            rc = -1;
        }
    }
    free(line);
    fclose(f);
    return rc;
}

void config_print_help(FILE *out)
{
    fprintf(out, "usage: assessd [--setting value ...]\n\n"
                 "The assessment daemon: serves JSON-RPC on a Unix socket.\n\n"
                 "settings (also accepted as 'name = value' lines in the --config file):\n");
    for (size_t i = 0; i < NKEYS; i++) {
        char f[64], opt[70];
        snprintf(opt, sizeof opt, "--%s", flag(&keys[i], f));
        fprintf(out, "  %-20s %s", opt, keys[i].help);
        if (*keys[i].def)
            fprintf(out, " [%s]", keys[i].def);
        fputc('\n', out);
    }
    fprintf(out, "  %-20s %s\n  %-20s %s\n", "--help", "print this help", "--version",
            "print the version");
}

int config_load(config *c, int argc, char **argv, sbuf *err)
{
    config_defaults(c);
    /* First pass: --help, --version and --config, so that flags override the file. */
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0) {
            config_print_help(stdout);
            return CONFIG_EXIT;
        }
        if (strcmp(argv[i], "--version") == 0) {
            printf("assessd %s\n", ASSESSD_VERSION);
            return CONFIG_EXIT;
        }
        if (strncmp(argv[i], "--config=", 9) == 0 && load_file(c, argv[i] + 9, err))
            return CONFIG_ERROR;
        if (strcmp(argv[i], "--config") == 0 && i + 1 < argc && load_file(c, argv[++i], err))
            return CONFIG_ERROR;
    }
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (strncmp(a, "--", 2) != 0) {
            sbuf_printf(err, "unexpected argument '%s' (assessd --help lists the settings)", a);
            return CONFIG_ERROR;
        }
        a += 2;
        const char *eq = strchr(a, '=');
        const char *value;
        size_t n = eq ? (size_t)(eq - a) : strlen(a);
        const key *k = find(a, n);
        if (!k) {
            sbuf_printf(err, "unknown setting '--%.*s' (assessd --help lists them)", (int)n, a);
            return CONFIG_ERROR;
        }
        if (eq) {
            value = eq + 1;
        } else {
            if (i + 1 >= argc) {
                char f[64];
                sbuf_printf(err, "--%s needs a value", flag(k, f));
                return CONFIG_ERROR;
            }
            value = argv[++i];
        }
        if (strcmp(k->name, "config") == 0)
            continue;
        if (set_key(c, k, value, err))
            return CONFIG_ERROR;
    }
    if (c->output_limit < c->output_pause) {
        sbuf_printf(err, "--output-limit (%lld) must not be below --output-pause (%lld)",
                    (long long)c->output_limit, (long long)c->output_pause);
        return CONFIG_ERROR;
    }
    if (*c->socket_path == '\0') {
        sbuf s;
        sbuf_init(&s);
        sbuf_printf(&s, "%s/assessd.sock", c->data_dir);
        free(c->socket_path);
        c->socket_path = sbuf_detach(&s, NULL);
    }
    /* Checked here, before the daemon creates the data directory or opens the database: a
     * daemon refused for its socket has changed nothing (not even upgraded the schema). */
    size_t max = sizeof(((struct sockaddr_un *)0)->sun_path) - 1;
    if (strlen(c->socket_path) > max) {
        sbuf_printf(err,
                    "socket path too long (%zu bytes, at most %zu): %s (give a shorter --socket, "
                    "or a shorter --data)",
                    strlen(c->socket_path), max, c->socket_path);
        return CONFIG_ERROR;
    }
    return CONFIG_OK;
}
