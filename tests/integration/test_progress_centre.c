/* Integration tests: progress.centre computed in slices between other requests. The daemon runs
 * with --progress-batch 1 --progress-slice 0 (tests/CMakeLists.txt): one registration per loop
 * turn, so that even a small centre's run spans many turns and its reply is deferred. */
#include <criterion/criterion.h>
#include <criterion/new/assert.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "fixture.h"

#define REGISTRATIONS 30

/* A centre with REGISTRATIONS City & Guilds registrations of unit 411 (the catalogue knows no
 * mandatory unit of 3412-05). Returns the centre's id. */
static int64_t centre_with_registrations(centre_fx *f, const char *number)
{
    fx_centre(f, number);
    for (int i = 0; i < REGISTRATIONS; i++) {
        char params[160];
        snprintf(params, sizeof params, "{\"name\":\"Candidate %d\",\"centre\":%lld}", i,
                 (long long)f->centre);
        int64_t cand = fx_id(fx_call(&f->admin, "candidate.create", "%s", params));
        fx_id(fx_call(&f->admin, "registration.create",
                      "{\"candidate\":%lld,\"qualification\":\"CG:3412-05\",\"centre\":%lld,"
                      "\"registered_on\":\"2015-01-05\",\"assessor\":%lld,\"iv\":%lld,"
                      "\"units\":[\"411\"]}",
                      (long long)cand, (long long)f->centre, (long long)f->assessor.id,
                      (long long)f->iv.id));
    }
    return f->centre;
}

static json_doc *read_reply(int fd)
{
    char *line = tc_readline(fd, 30000);
    cr_assert(line != NULL, "no reply");
    json_doc *d = tc_parse(line);
    free(line);
    return d;
}

static void send_centre(int fd, int id, int64_t centre)
{
    char req[160];
    snprintf(req, sizeof req,
             "{\"jsonrpc\":\"2.0\",\"id\":%d,\"method\":\"progress.centre\",\"params\":"
             "{\"centre\":%lld}}\n",
             id, (long long)centre);
    tc_sends(fd, req);
}

/* Requests sent behind a deferred one are answered after it, in order; the counts are all the
 * registrations'. */
Test(progress_centre, replies_keep_their_order_behind_a_deferred_one)
{
    centre_fx f;
    int64_t centre = centre_with_registrations(&f, "PC-ORDER");
    int fd = tc_connect();
    send_centre(fd, 1, centre);
    tc_sends(fd, "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"system.ping\"}\n");
    json_doc *d = read_reply(fd);
    cr_assert(eq(i64, tc_int(json_doc_root(d), "id"), 1));
    cr_assert(eq(i64, tc_rint(d, "registrations"), REGISTRATIONS));
    cr_assert(eq(i64, tc_rint(d, "units"), REGISTRATIONS)); /* 411: no unit is known mandatory */
    json_doc_free(d);
    d = read_reply(fd);
    cr_assert(eq(i64, tc_int(json_doc_root(d), "id"), 2));
    cr_assert(tc_path(tc_result(d), "pong")->u.boolean);
    json_doc_free(d);
    tc_close(fd);
}

/* A client that sends its requests and closes its side still gets every reply. */
Test(progress_centre, a_half_closed_connection_gets_its_replies)
{
    centre_fx f;
    int64_t centre = centre_with_registrations(&f, "PC-EOF");
    int fd = tc_connect();
    send_centre(fd, 1, centre);
    tc_sends(fd, "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"system.ping\"}\n");
    shutdown(fd, SHUT_WR);
    json_doc *d = read_reply(fd);
    cr_assert(eq(i64, tc_rint(d, "registrations"), REGISTRATIONS));
    json_doc_free(d);
    d = read_reply(fd);
    cr_assert(eq(i64, tc_int(json_doc_root(d), "id"), 2));
    json_doc_free(d);
    cr_assert(tc_closed(fd, 5000));
    tc_close(fd);
}

/* In a batch the call cannot wait: it runs in one go, with the same answer. */
Test(progress_centre, in_a_batch_it_runs_at_once)
{
    centre_fx f;
    int64_t centre = centre_with_registrations(&f, "PC-BATCH");
    int fd = tc_connect();
    char req[300];
    snprintf(req, sizeof req,
             "[{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"progress.centre\",\"params\":"
             "{\"centre\":%lld}},{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"system.ping\"}]\n",
             (long long)centre);
    tc_sends(fd, req);
    json_doc *d = read_reply(fd);
    const json_value *r = json_doc_root(d);
    cr_assert(eq(sz, r->len, 2));
    cr_assert(eq(i64, tc_int(r, "0.result.registrations"), REGISTRATIONS));
    cr_assert(tc_path(r, "1.result.pong")->u.boolean);
    json_doc_free(d);
    tc_close(fd);
}

/* Other connections are served while a run is under way: a reload of the plugins lands between
 * its slices, and the run then refuses to mix two versions of the rules. */
Test(progress_centre, a_reload_during_a_run_fails_it)
{
    centre_fx f;
    int64_t centre = centre_with_registrations(&f, "PC-RELOAD");
    int fd = tc_connect();
    send_centre(fd, 1, centre);
    json_doc *r = tc_call1("plugins.reload", "{}"); /* answered before the run ends */
    cr_assert(eq(i64, tc_error_code(r), 0), "%s", tc_error_message(r));
    json_doc_free(r);
    json_doc *d = read_reply(fd);
    cr_assert(eq(i64, tc_error_code(d), 1003), "%s", tc_error_message(d));
    cr_assert(eq(str, (char *)tc_error_reason(d), "plugins_reloaded"));
    json_doc_free(d);
    /* and a run after the reload is whole again */
    send_centre(fd, 2, centre);
    d = read_reply(fd);
    cr_assert(eq(i64, tc_rint(d, "registrations"), REGISTRATIONS));
    json_doc_free(d);
    tc_close(fd);
}

/* A caller that leaves mid-run costs nothing: the daemon goes on serving. */
Test(progress_centre, a_caller_that_leaves_mid_run)
{
    centre_fx f;
    int64_t centre = centre_with_registrations(&f, "PC-LEAVE");
    int fd = tc_connect();
    send_centre(fd, 1, centre);
    tc_close(fd);
    usleep(200000);
    json_doc *d = tc_call1("system.ping", "{}");
    cr_assert(eq(i64, tc_error_code(d), 0));
    json_doc_free(d);
}
