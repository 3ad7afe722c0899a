/* Unit tests of a plugin's fingerprint (lh_plugin_fingerprint): the same files give the same
 * fingerprint across reloads, and any change to a file the plugin loads gives another — it
 * decides which kept progress summaries are still good. */
#include <criterion/criterion.h>
#include <criterion/new/assert.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "lua_host.h"
#include "rpc.h"

static char dir[256];

static void write_file(const char *name, const char *text)
{
    char path[512];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    FILE *f = fopen(path, "w");
    cr_assert(f != NULL, "cannot write %s", path);
    fputs(text, f);
    fclose(f);
}

static int64_t fingerprint(lua_host *h)
{
    cr_assert(eq(int, lh_reload(h), 0));
    lh_plugin *p = lh_find(h, "fp");
    cr_assert(p != NULL, "the plugin did not load");
    return lh_plugin_fingerprint(p);
}

Test(fingerprint, follows_the_files_not_the_reloads)
{
    snprintf(dir, sizeof dir, "%s/fp-XXXXXX", getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp");
    cr_assert(mkdtemp(dir) != NULL);
    char plugins[300];
    snprintf(plugins, sizeof plugins, "%s", dir);
    strcat(dir, "/fp");
    cr_assert(eq(int, mkdir(dir, 0700), 0));
    write_file("manifest.lua", "return { name = \"fp\", version = \"1\" }\n");
    write_file("init.lua", "local answer = 42\n");

    rpc_engine *rpc = rpc_new();
    lh_options o = {.plugins_dir = plugins,
                    .catalogue_dir = plugins,
                    .time_ms = 100,
                    .load_time_ms = 2000,
                    .memory = 8 << 20};
    lua_host *h = lh_new(&o, rpc, NULL);
    int64_t first = fingerprint(h);
    uint64_t serial = lh_plugin_serial(lh_find(h, "fp"));
    cr_assert(gt(i64, first, 0));
    /* reloaded unchanged: a new version of the state, the same fingerprint */
    cr_assert(eq(i64, fingerprint(h), first));
    cr_assert(ne(u64, lh_plugin_serial(lh_find(h, "fp")), serial));
    /* one byte more in init.lua */
    write_file("init.lua", "local answer = 42 \n");
    int64_t second = fingerprint(h);
    cr_assert(ne(i64, second, first));
    /* the manifest counts too */
    write_file("manifest.lua", "return { name = \"fp\", version = \"2\" }\n");
    cr_assert(ne(i64, fingerprint(h), second));
    /* and back to the first files, the first fingerprint */
    write_file("manifest.lua", "return { name = \"fp\", version = \"1\" }\n");
    write_file("init.lua", "local answer = 42\n");
    cr_assert(eq(i64, fingerprint(h), first));
    lh_free(h);
    rpc_free(rpc);
    char cmd[600];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", plugins);
    cr_assert(eq(int, system(cmd), 0));
}
