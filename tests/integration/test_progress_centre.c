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
    json_doc *d = tc_reply(fd, 30000);
    cr_assert(eq(i64, tc_int(json_doc_root(d), "id"), 1));
    cr_assert(eq(i64, tc_rint(d, "registrations"), REGISTRATIONS));
    cr_assert(eq(i64, tc_rint(d, "units"), REGISTRATIONS)); /* 411: no unit is known mandatory */
    /* counted one batch at a time (--progress-batch 1), added up into one line */
    const json_value *q = tc_path(tc_result(d), "qualifications");
    cr_assert(eq(sz, q->len, 1));
    cr_assert(eq(str, (char *)tc_str(q, "0.qualification"), "CG:3412-05"));
    cr_assert(eq(i64, tc_int(q, "0.registrations"), REGISTRATIONS));
    json_doc_free(d);
    d = tc_reply(fd, 30000);
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
    json_doc *d = tc_reply(fd, 30000);
    cr_assert(eq(i64, tc_rint(d, "registrations"), REGISTRATIONS));
    json_doc_free(d);
    d = tc_reply(fd, 30000);
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
    json_doc *d = tc_reply(fd, 30000);
    const json_value *r = json_doc_root(d);
    cr_assert(eq(sz, r->len, 2));
    cr_assert(eq(i64, tc_int(r, "0.result.registrations"), REGISTRATIONS));
    cr_assert(tc_path(r, "1.result.pong")->u.boolean);
    json_doc_free(d);
    tc_close(fd);
}

/* Other connections are served while a run is under way: a reload of the plugins lands between
 * its batches, and the run then refuses to mix two versions of the rules. */
Test(progress_centre, a_reload_during_a_run_fails_it)
{
    centre_fx f;
    int64_t centre = centre_with_registrations(&f, "PC-RELOAD");
    int fd = tc_connect();
    send_centre(fd, 1, centre);
    json_doc *r = tc_call1("plugins.reload", "{}"); /* answered before the run ends */
    cr_assert(eq(i64, tc_error_code(r), 0), "%s", tc_error_message(r));
    json_doc_free(r);
    json_doc *d = tc_reply(fd, 30000);
    cr_assert(eq(i64, tc_error_code(d), 1003), "%s", tc_error_message(d));
    cr_assert(eq(str, (char *)tc_error_reason(d), "plugins_reloaded"));
    json_doc_free(d);
    /* and a run after the reload is whole again */
    send_centre(fd, 2, centre);
    d = tc_reply(fd, 30000);
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

/* progress.centre on its own connection, its result. */
static json_doc *centre_now(int64_t centre)
{
    int fd = tc_connect();
    send_centre(fd, 1, centre);
    json_doc *d = tc_reply(fd, 30000);
    tc_close(fd);
    cr_assert(eq(i64, tc_error_code(d), 0), "%s", tc_error_message(d));
    return d;
}

/* Computed, kept, and the counts of a run. */
static void expect_run(int64_t centre, int64_t computed, int64_t units, int64_t ready,
                       int64_t achieved)
{
    json_doc *d = centre_now(centre);
    cr_assert(eq(i64, tc_rint(d, "registrations"), REGISTRATIONS + 1));
    cr_assert(eq(i64, tc_rint(d, "computed"), computed));
    cr_assert(eq(i64, tc_rint(d, "kept"), REGISTRATIONS + 1 - computed));
    cr_assert(eq(i64, tc_rint(d, "units"), units));
    cr_assert(eq(i64, tc_rint(d, "units_ready_for_signoff"), ready));
    cr_assert(eq(i64, tc_rint(d, "units_achieved"), achieved));
    json_doc_free(d);
}

static void ok(json_doc *d)
{
    cr_assert(eq(i64, tc_error_code(d), 0), "%s", tc_error_message(d));
    json_doc_free(d);
}

/* A run keeps each registration's summary; the next computes only the registrations changed
 * since — by evidence, a decision, a sign-off, its countersignature, a unit chosen — and a
 * reload of the same plugin files keeps them all. */
Test(progress_centre, kept_summaries_follow_every_change)
{
    centre_fx f;
    int64_t centre = centre_with_registrations(&f, "PC-KEEP");
    int64_t reg = fx_id(fx_call(&f.admin, "registration.create",
                                "{\"candidate\":%lld,\"qualification\":\"CG:3412-05\","
                                "\"centre\":%lld,\"registered_on\":\"2015-01-05\",\"assessor\":"
                                "%lld,\"iv\":%lld,\"units\":[\"411\"]}",
                                (long long)f.candidate.id, (long long)centre,
                                (long long)f.trainee.id, (long long)f.iv.id));
    expect_run(centre, REGISTRATIONS + 1, REGISTRATIONS + 1, 0, 0);
    expect_run(centre, 0, REGISTRATIONS + 1, 0, 0);

    /* every criterion and range of 411 */
    json_doc *d = fx_call(
        &f.trainee, "evidence.add",
        "{\"registration\":%lld,\"title\":\"e\",\"method\":\"O\",\"date\":\"2015-03-02\","
        "\"location\":\"p\",\"criteria\":[\"411:1.1\",\"411:1.2\",\"411:1.3\",\"411:1.4\","
        "\"411:1.5\",\"411:2.1\",\"411:2.2\",\"411:2.3\",\"411:2.4\",\"411:2.5\",\"411:2.6\","
        "\"411:2.7\",\"411:3.1\",\"411:3.2\",\"411:3.3\",\"411:3.4\",\"411:3.5\",\"411:3.6\","
        "\"411:3.7\",\"411:3.8\",\"411:3.9\"],\"ranges\":[\"411:ER4:a\",\"411:ER4:b\","
        "\"411:ER5:a\",\"411:ER5:b\",\"411:ER5:c\",\"411:ER6:a\",\"411:ER6:c\",\"411:ER7:a\","
        "\"411:ER7:b\",\"411:ER7:c\"]}",
        (long long)reg);
    int64_t ev = fx_id(d);
    expect_run(centre, 1, REGISTRATIONS + 1, 0, 0);

    ok(fx_call(&f.trainee, "decision.record",
               "{\"registration\":%lld,\"unit\":\"411\",\"outcome\":\"met\",\"kind\":"
               "\"summative\",\"justification\":\"j\",\"feedback\":\"f\",\"date\":"
               "\"2015-03-10\",\"evidence\":[%lld]}",
               (long long)reg, (long long)ev));
    expect_run(centre, 1, REGISTRATIONS + 1, 1, 0);

    /* a trainee's sign-off waits for its countersignature */
    ok(fx_call(&f.trainee, "unit.signoff",
               "{\"registration\":%lld,\"unit\":\"411\",\"date\":\"2015-03-11\"}", (long long)reg));
    expect_run(centre, 1, REGISTRATIONS + 1, 0, 0);
    ok(fx_call(&f.other_assessor, "unit.countersign", "{\"registration\":%lld,\"unit\":\"411\"}",
               (long long)reg));
    expect_run(centre, 1, REGISTRATIONS + 1, 0, 1);

    ok(fx_call(&f.admin, "registration.units", "{\"registration\":%lld,\"units\":[\"414\"]}",
               (long long)reg));
    expect_run(centre, 1, REGISTRATIONS + 2, 0, 1);

    /* the same plugin files again: nothing to compute */
    ok(tc_call1("plugins.reload", "{}"));
    expect_run(centre, 0, REGISTRATIONS + 2, 0, 1);
}
