/* Unit tests of core/config: defaults, flags, the file, bounds. */
#include <criterion/criterion.h>
#include <stdbool.h>
#include <criterion/new/assert.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "config.h"

static bool has(const char *haystack, const char *needle)
{
    return haystack && strstr(haystack, needle) != NULL;
}

static int load(config *c, sbuf *err, int argc, char **argv)
{
    sbuf_init(err);
    return config_load(c, argc, argv, err);
}

Test(config, defaults)
{
    config c;
    sbuf err;
    char *argv[] = {"assessd", NULL};
    cr_assert(eq(int, load(&c, &err, 1, argv), CONFIG_OK));
    cr_assert(eq(str, c.data_dir, "./var"));
    cr_assert(eq(str, c.socket_path, "./var/assessd.sock"));
    cr_assert(eq(i64, c.max_line, 1 << 20));
    cr_assert(eq(i64, c.message_timeout_ms, 10000));
    cr_assert(eq(i64, c.lua_time_ms, 100));
    cr_assert(eq(i64, c.lua_memory, 64 << 20));
    config_free(&c);
    sbuf_free(&err);
}

Test(config, flags_in_both_forms_and_sizes)
{
    config c;
    sbuf err;
    char *argv[] = {"assessd", "--data", "/tmp/x", "--max-line=64K", "--lua_time", "250", NULL};
    cr_assert(eq(int, load(&c, &err, 6, argv), CONFIG_OK), "%s", sbuf_cstr(&err));
    cr_assert(eq(str, c.data_dir, "/tmp/x"));
    cr_assert(eq(str, c.socket_path, "/tmp/x/assessd.sock"));
    cr_assert(eq(i64, c.max_line, 65536));
    cr_assert(eq(i64, c.lua_time_ms, 250));
    config_free(&c);
    sbuf_free(&err);
}

Test(config, refuses_bad_values_with_the_reason)
{
    struct {
        char *flag, *value, *says;
    } cases[] = {
        {"--max-line", "10", "outside"},
        {"--max-line", "lots", "not a size"},
        {"--today", "2010-02-30", "not a date"},
        {"--log-level", "loud", "not one of"},
        {"--no-such", "1", "unknown setting"},
        /* found by fuzz/fuzz_config: --today took what sscanf("%4d-%2d-%2d") reads, which
         * dates.c refuses: the daemon then ran on the machine's date instead */
        {"--today", "+009-01-05", "not a date"},
        {"--today", "2009-+1-05", "not a date"},
        {"--today", "2009-01-+5", "not a date"},
        {"--today", " 009-01-05", "not a date"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        config c;
        sbuf err;
        char *argv[] = {"assessd", cases[i].flag, cases[i].value, NULL};
        cr_assert(eq(int, load(&c, &err, 3, argv), CONFIG_ERROR), "%s accepted", cases[i].flag);
        cr_assert(has(sbuf_cstr(&err), cases[i].says), "%s: %s", cases[i].flag, err.data);
        cr_assert(has(sbuf_cstr(&err), cases[i].flag), "spelled as given: %s", err.data);
        config_free(&c);
        sbuf_free(&err);
    }
}

Test(config, file_then_flags)
{
    char path[] = "/tmp/assessd-config-XXXXXX";
    int fd = mkstemp(path);
    FILE *f = fdopen(fd, "w");
    fprintf(f, "# a comment\ndata = /srv/a\nmax_connections = 12\nlua_time = 50\n");
    fclose(f);
    config c;
    sbuf err;
    char *argv[] = {"assessd", "--lua-time", "70", "--config", path, NULL};
    cr_assert(eq(int, load(&c, &err, 5, argv), CONFIG_OK), "%s", sbuf_cstr(&err));
    cr_assert(eq(str, c.data_dir, "/srv/a"));
    cr_assert(eq(i64, c.max_connections, 12));
    cr_assert(eq(i64, c.lua_time_ms, 70)); /* the flag wins over the file */
    config_free(&c);
    sbuf_free(&err);
    f = fopen(path, "w");
    fprintf(f, "max_connections = zero\n");
    fclose(f);
    char *argv2[] = {"assessd", "--config", path, NULL};
    cr_assert(eq(int, load(&c, &err, 3, argv2), CONFIG_ERROR));
    cr_assert(has(sbuf_cstr(&err), ":1"), "names the line: %s", err.data);
    config_free(&c);
    sbuf_free(&err);
    unlink(path);
}

/* A socket path the system cannot bind is refused with the settings, before the daemon creates
 * its data directory or opens (and perhaps upgrades) the database. */
Test(config, refuses_a_socket_path_too_long_to_bind)
{
    char data[200];
    memset(data, 'd', sizeof data - 1);
    data[0] = '/';
    data[sizeof data - 1] = '\0';
    config c;
    sbuf err;
    char *argv[] = {"assessd", "--data", data, NULL};
    cr_assert(eq(int, load(&c, &err, 3, argv), CONFIG_ERROR), "a 212-byte socket path accepted");
    cr_assert(has(sbuf_cstr(&err), "socket path too long"), "%s", err.data);
    config_free(&c);
    sbuf_free(&err);
    char sock[108];
    memset(sock, 's', sizeof sock - 1);
    sock[0] = '/';
    sock[sizeof sock - 1] = '\0'; /* 107 bytes: the longest that fits */
    char *argv2[] = {"assessd", "--socket", sock, NULL};
    cr_assert(eq(int, load(&c, &err, 3, argv2), CONFIG_OK), "%s", sbuf_cstr(&err));
    config_free(&c);
    sbuf_free(&err);
}

/* A line longer than the file reader's buffer is refused as such, at its own number, instead
 * of its rest being read as a further line (or, if blank, dropped with the value cut short). */
Test(config, refuses_a_file_line_too_long)
{
    char path[] = "/tmp/assessd-config-XXXXXX";
    int fd = mkstemp(path);
    FILE *f = fdopen(fd, "w");
    fprintf(f, "# a comment\nreminder_from = ");
    for (int i = 0; i < 5000; i++)
        fputc('a', f);
    fprintf(f, "\nmax_connections = 12\n");
    fclose(f);
    config c;
    sbuf err;
    char *argv[] = {"assessd", "--config", path, NULL};
    cr_assert(eq(int, load(&c, &err, 3, argv), CONFIG_ERROR), "a 5016-byte line accepted");
    cr_assert(has(sbuf_cstr(&err), ":2: line longer than"), "%s", err.data);
    config_free(&c);
    sbuf_free(&err);
    unlink(path);
}

/* Found by fuzz/fuzz_config: a size times its K, M or G overflowed (undefined behaviour) and
 * could wrap round to a value inside the bounds: 18014398509482048K is 2^64 + 64K. */
Test(config, refuses_a_size_beyond_64_bits)
{
    const char *values[] = {"18014398509482048K", "9223372036854775807G", "-9223372036854775807M",
                            "99999999999999999999"};
    for (size_t i = 0; i < sizeof values / sizeof *values; i++) {
        config c;
        sbuf err;
        char *argv[] = {"assessd", "--max-line", (char *)values[i], NULL};
        cr_assert(eq(int, load(&c, &err, 3, argv), CONFIG_ERROR), "%s taken as %lld", values[i],
                  (long long)c.max_line);
        cr_assert(has(sbuf_cstr(&err), "outside"), "%s", err.data);
        config_free(&c);
        sbuf_free(&err);
    }
}

/* Found reading config.c for fuzz/fuzz_config: a NUL byte ended the line as fgets and strlen read
 * it, and what followed on that line was silently ignored (or, on a long line, read as a line of
 * its own). */
Test(config, refuses_a_file_line_holding_nul)
{
    char path[] = "/tmp/assessd-config-XXXXXX";
    int fd = mkstemp(path);
    FILE *f = fdopen(fd, "w");
    fprintf(f, "data = /tmp/x");
    fputc('\0', f);
    fprintf(f, "y\nmax_connections = 12\n");
    fclose(f);
    config c;
    sbuf err;
    char *argv[] = {"assessd", "--config", path, NULL};
    cr_assert(eq(int, load(&c, &err, 3, argv), CONFIG_ERROR), "data taken as %s", c.data_dir);
    cr_assert(has(sbuf_cstr(&err), ":1: the line holds a NUL byte"), "%s", err.data);
    config_free(&c);
    sbuf_free(&err);
    unlink(path);
}
