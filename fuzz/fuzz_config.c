/* fuzz_config — libFuzzer harness for the config file parser (core/config.c): the input is
 * the text of a --config file, read by config_load as the daemon reads it. A refusal must say
 * why; what it takes must be what the daemon then uses (a today that dates.c reads); everything
 * config_load allocated must go with config_free.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "config.h"
#include "dates.h"

static char path[64];

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    snprintf(path, sizeof path, "/tmp/fuzz_config.XXXXXX");
    int fd = mkstemp(path);
    if (fd < 0)
        abort();
    close(fd);
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    FILE *f = fopen(path, "w");
    if (!f)
        abort();
    if (size && fwrite(data, 1, size, f) != size)
        abort();
    fclose(f);
    char *argv[] = {"assessd", "--config", path, NULL};
    config c;
    sbuf err;
    sbuf_init(&err);
    int rc = config_load(&c, 3, argv, &err);
    if (rc == CONFIG_ERROR && err.len == 0)
        abort();
    if (rc == CONFIG_OK && (!c.socket_path || !*c.socket_path))
        abort();
    int64_t day;
    if (rc == CONFIG_OK && *c.today && !date_parse(c.today, &day)) {
        /* the daemon would quietly run on the machine's date */
        fprintf(stderr, "today = '%s' taken, but it is no date\n", c.today);
        abort();
    }
    config_free(&c);
    sbuf_free(&err);
    return 0;
}
