/* Integration tests: bulk.import — good lines stored and bad ones named with their line, every
 * field type-checked (a wrong type never stops the job), sign-offs checked as unit.signoff
 * checks them, the size limits, the path refused unless an absolute regular file; its audit
 * entry, and progress.centre over what it stored. */
#include <criterion/criterion.h>
#include <criterion/new/assert.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "fixture.h"

static bool has(const char *haystack, const char *needle)
{
    return haystack && strstr(haystack, needle) != NULL;
}

/* A line the methods would take: unit 9 of OCR:05943 covered, assessed and signed off. */
static const char good[] =
    "{\"candidate\":{\"name\":\"NAME\",\"uln\":\"1234567899\"},\"qualification\":\"OCR:05943\","
    "\"registered_on\":\"2009-01-05\",\"body_reference\":\"X1\",\"assessor\":ASSESSOR,\"iv\":IV,"
    "\"units\":[\"9\"],\"evidence\":[{\"title\":\"Observed call\",\"method\":\"O\",\"date\":"
    "\"2009-02-01\",\"location\":\"p3\",\"criteria\":[\"9:9.1\",\"9:9.2\",\"9:9.3\"],"
    "\"simulated\":false,\"description\":\"DESCRIPTION\"}],\"decisions\":[{\"unit\":\"9\","
    "\"outcome\":\"met\",\"kind\":\"summative\",\"date\":\"2009-02-10\",\"justification\":\"j\","
    "\"feedback\":\"f\",\"evidence\":[0]}],\"signoffs\":[{\"unit\":\"9\",\"date\":\"2009-02-11\"}]"
    "}";

/* s with the first `from` replaced by `to` (malloc'd). */
static char *replaced(const char *s, const char *from, const char *to)
{
    const char *at = strstr(s, from);
    cr_assert(at != NULL, "'%s' is not in the line", from);
    char *out = NULL;
    cr_assert(asprintf(&out, "%.*s%s%s", (int)(at - s), s, to, at + strlen(from)) >= 0);
    return out;
}

/* The good line for the centre's assessor and IV, with `from` (if any) replaced by `to`. */
static char *line_as(const centre_fx *f, const char *name, const char *from, const char *to)
{
    char as[32], iv[32];
    snprintf(as, sizeof as, "%lld", (long long)f->assessor.id);
    snprintf(iv, sizeof iv, "%lld", (long long)f->iv.id);
    char *a = replaced(good, "ASSESSOR", as), *b = replaced(a, "IV", iv);
    char *c = replaced(b, "NAME", name), *d = replaced(c, "DESCRIPTION", "d");
    free(a);
    free(b);
    free(c);
    if (!from)
        return d;
    char *e = replaced(d, from, to);
    free(d);
    return e;
}

/* A valid ULN none of this file's lines has had: a ULN names one learner, and bulk.import
 * refuses a second candidate holding one the centre has. */
static void next_uln(char out[11])
{
    static long n = 100000000;
    for (;;) {
        snprintf(out, 11, "%09ld", n++);
        int sum = 0;
        for (int i = 0; i < 9; i++)
            sum += (out[i] - '0') * (10 - i);
        int check = ((10 - sum) % 11 + 11) % 11; /* the tenth digit, weighted 1 */
        if (check < 10) {
            out[9] = (char)('0' + check);
            out[10] = '\0';
            return;
        }
    }
}

/* The good line for the centre's assessor and IV, with `from` (if any) replaced by `to`, its
 * candidate given a ULN of their own (unless `to` changed it). */
static char *line(const centre_fx *f, const char *name, const char *from, const char *to)
{
    char *l = line_as(f, name, from, to), uln[11];
    if (!strstr(l, "\"1234567899\""))
        return l;
    next_uln(uln);
    char *u = replaced(l, "1234567899", uln);
    free(l);
    return u;
}

static void put(FILE *out, char *l)
{
    fprintf(out, "%s\n", l);
    free(l);
}

static FILE *create(const char *name, char *path, size_t n)
{
    snprintf(path, n, "%s/%s", tc_tmp(), name);
    FILE *out = fopen(path, "w");
    cr_assert(out != NULL);
    return out;
}

/* Runs an import of path into the centre and waits for it: its bulk.status. */
static json_doc *import(const centre_fx *f, const char *path)
{
    json_doc *d = fx_call(NULL, "bulk.import", "{\"path\":\"%s\",\"centre\":%lld}", path,
                          (long long)f->centre);
    int64_t job = tc_rint(d, "job");
    json_doc_free(d);
    const char *state = "running";
    json_doc *st = NULL;
    for (int i = 0; i < 600 && !strcmp(state, "running"); i++) {
        usleep(50000);
        json_doc_free(st);
        st = fx_call(NULL, "bulk.status", "{\"job\":%lld}", (long long)job);
        state = tc_rstr(st, "state");
    }
    cr_assert(eq(str, (char *)state, "done"));
    return st;
}

/* How many bulk.import audit entries name path (the call and the job's end, not its lines:
 * those are lines_audited's); outcome is the last one's. */
static size_t audited(const char *path, char *outcome, size_t n)
{
    json_doc *d = fx_call(NULL, "audit.list", "{\"method\":\"bulk.import\",\"limit\":10000}");
    const json_value *all = tc_result(d);
    size_t found = 0;
    for (size_t i = 0; i < all->len; i++) {
        const char *p = tc_str(all->u.items[i], "params.path");
        const char *m = tc_str(all->u.items[i], "method");
        if (p && !strcmp(p, path) && strcmp(m, "bulk.import (line)")) {
            found++;
            snprintf(outcome, n, "%s", tc_str(all->u.items[i], "outcome"));
        }
    }
    json_doc_free(d);
    return found;
}

/* The audit entry of line n of the import of path: its outcome and record ("" for none); false
 * when there is none. */
static bool line_audited(const char *path, int64_t n, char *outcome, size_t on, char *record,
                         size_t rn)
{
    json_doc *d =
        fx_call(NULL, "audit.list", "{\"method\":\"bulk.import (line)\",\"limit\":10000}");
    const json_value *all = tc_result(d);
    bool found = false;
    for (size_t i = 0; i < all->len && !found; i++) {
        const json_value *e = all->u.items[i];
        const char *p = tc_str(e, "params.path");
        if (!p || strcmp(p, path) || tc_int(e, "params.line") != n)
            continue;
        found = true;
        snprintf(outcome, on, "%s", tc_str(e, "outcome"));
        const json_value *r = tc_path(e, "record");
        snprintf(record, rn, "%s", r && r->type == JSON_STRING ? r->u.str : "");
    }
    json_doc_free(d);
    return found;
}

/* The problem bulk.status lists for line n (the test fails when there is none). */
static const char *problem(const json_value *r, int64_t n)
{
    const json_value *list = tc_path(r, "problems");
    for (size_t i = 0; list && i < list->len; i++)
        if (tc_int(list->u.items[i], "line") == n)
            return tc_str(list->u.items[i], "problem");
    cr_assert(false, "line %lld is not among the problems", (long long)n);
    return NULL;
}

Test(bulk, an_import_stores_good_lines_and_names_bad_ones)
{
    centre_fx f;
    fx_centre(&f, "BULK");
    char path[1024];
    FILE *out = create("import.ndjson", path, sizeof path);
    put(out, line(&f, "Imported One", NULL, NULL));
    fprintf(out, "\n");
    put(out, line(&f, "Bad Unit", "\"units\":[\"9\"]", "\"units\":[\"999\"]"));
    fprintf(out, "{not json\n");
    put(out, line(&f, "Imported Two", "\"units\":[\"9\"]", "\"units\":[\"9\",\"21\"]"));
    /* a sign-off dated before the registration it belongs to */
    put(out, line(&f, "Signed Early", "2009-02-11", "2008-12-02"));
    fclose(out);

    /* a person of the centre, even its admin, may not make the daemon read a file */
    fx_refused(fx_call(&f.admin, "bulk.import", "{\"path\":\"%s\",\"centre\":%lld}", path,
                       (long long)f.centre),
               1002, "system_admin");
    json_doc *st = import(&f, path);
    const json_value *r = tc_result(st);
    cr_assert(eq(i64, tc_int(r, "lines"), 6));
    cr_assert(eq(i64, tc_int(r, "registrations"), 2));
    cr_assert(eq(i64, tc_int(r, "evidence"), 2));
    cr_assert(eq(i64, tc_int(r, "signoffs"), 2));
    cr_assert(eq(i64, tc_int(r, "refused"), 3));
    cr_assert(eq(i64, tc_int(r, "problems.0.line"), 3));
    cr_assert(has(tc_str(r, "problems.0.problem"), "no unit '999'"));
    cr_assert(eq(i64, tc_int(r, "problems.1.line"), 4));
    cr_assert(has(tc_str(r, "problems.1.problem"), "not JSON"));
    cr_assert(eq(i64, tc_int(r, "problems.2.line"), 6));
    cr_assert(has(tc_str(r, "problems.2.problem"), "signoffs[0] is dated 2008-12-02"), "%s",
              tc_str(r, "problems.2.problem"));
    json_doc_free(st);

    char outcome[512];
    /* the refused start, the start, the end */
    cr_assert(eq(sz, audited(path, outcome, sizeof outcome), 3));
    cr_assert(has(outcome, "done after 6 lines: 2 registrations"), "%s", outcome);
    /* and each line, stored or refused, as each call is audited done or refused: what a chunk
     * stored is in the trail with it, even when the job never ends */
    char record[64];
    cr_assert(line_audited(path, 1, outcome, sizeof outcome, record, sizeof record));
    cr_assert(has(outcome, "ok: candidate "), "%s", outcome);
    cr_assert(has(outcome, "1 evidence, 1 decisions, 1 sign-offs"), "%s", outcome);
    cr_assert(has(record, "registration:"), "%s", record);
    json_doc *g = fx_call(NULL, "registration.get", "{\"registration\":%s}", record + 13);
    cr_assert(eq(str, (char *)tc_str(tc_result(g), "candidate.name"), "Imported One"));
    json_doc_free(g);
    cr_assert(not(line_audited(path, 2, outcome, sizeof outcome, record, sizeof record)));
    for (int64_t n = 3; n <= 4; n++) {
        cr_assert(line_audited(path, n, outcome, sizeof outcome, record, sizeof record));
        cr_assert(has(outcome, "refused: "), "%s", outcome);
        cr_assert(eq(str, record, ""));
    }
    cr_assert(line_audited(path, 4, outcome, sizeof outcome, record, sizeof record));
    cr_assert(has(outcome, "refused: not JSON"), "%s", outcome);
    cr_assert(line_audited(path, 5, outcome, sizeof outcome, record, sizeof record));
    cr_assert(has(outcome, "ok: "), "%s", outcome);

    /* units 1 and 5 (mandatory) and 9 each; 21 for the second; 9 achieved in both */
    json_doc *d = fx_call(&f.iv, "progress.centre", "{\"centre\":%lld}", (long long)f.centre);
    cr_assert(eq(i64, tc_rint(d, "registrations"), 2));
    cr_assert(eq(i64, tc_rint(d, "units"), 7));
    cr_assert(eq(i64, tc_rint(d, "units_achieved"), 2));
    json_doc_free(d);
    fx_refused(fx_call(&f.candidate, "progress.centre", "{\"centre\":%lld}", (long long)f.centre),
               1002, "centre_reports");
}

/* A list field holding a string once took the daemon down mid-import. */
Test(bulk, a_list_field_of_another_type_is_refused_and_the_job_goes_on)
{
    centre_fx f;
    fx_centre(&f, "BULKTYPES");
    char path[1024];
    FILE *out = create("lists.ndjson", path, sizeof path);
    put(out, line(&f, "L1", "\"units\":[\"9\"]", "\"units\":\"9\""));
    put(out, line(&f, "L2", "\"evidence\":[{", "\"evidence\":\"abcdefgh\",\"x\":[{"));
    put(out, line(&f, "L3", "\"decisions\":[", "\"decisions\":\"abcdefgh\",\"x\":["));
    put(out, line(&f, "L4", "\"signoffs\":[", "\"signoffs\":\"abcdefgh\",\"x\":["));
    put(out, line(&f, "L5", "\"evidence\":[0]", "\"evidence\":\"abcdefgh\""));
    put(out, line(&f, "L6", "\"criteria\":[", "\"criteria\":\"9:9.1\",\"x\":["));
    put(out, line(&f, "L7", "\"evidence\":[{", "\"evidence\":[5,{"));
    put(out, line(&f, "Stored", NULL, NULL));
    fclose(out);
    json_doc *st = import(&f, path);
    const json_value *r = tc_result(st);
    cr_assert(eq(i64, tc_int(r, "registrations"), 1));
    cr_assert(eq(i64, tc_int(r, "refused"), 7));
    cr_assert(has(problem(r, 1),
                  "units must be a list of units (\"9\" or {\"unit\": \"9\", \"brought_forward\": "
                  "\"...\"}), not the string \"9\""),
              "%s", problem(r, 1));
    cr_assert(has(problem(r, 2), "evidence must be a list of objects"), "%s", problem(r, 2));
    cr_assert(has(problem(r, 3), "decisions must be a list of objects"), "%s", problem(r, 3));
    cr_assert(has(problem(r, 4), "signoffs must be a list of objects"), "%s", problem(r, 4));
    cr_assert(has(problem(r, 5), "decisions[0].evidence must be a list of indexes"), "%s",
              problem(r, 5));
    cr_assert(has(problem(r, 6), "evidence[0].criteria must be a list of strings"), "%s",
              problem(r, 6));
    cr_assert(has(problem(r, 7), "evidence[0] must be an object, not 5"), "%s", problem(r, 7));
    json_doc_free(st);
    char outcome[512];
    cr_assert(eq(sz, audited(path, outcome, sizeof outcome), 2));
    cr_assert(has(outcome, "done after 8 lines: 1 registrations"), "%s", outcome);
}

/* unit.signoff refuses a unit without a summative 'met' or with criteria not covered: so does a
 * line, and stores none of it. */
Test(bulk, a_signoff_is_checked_as_unit_signoff_checks_it)
{
    centre_fx f;
    fx_centre(&f, "BULKSIGN");
    char path[1024];
    FILE *out = create("signoffs.ndjson", path, sizeof path);
    put(out, line(&f, "Decided Elsewhere", "{\"unit\":\"9\",\"outcome\"",
                  "{\"unit\":\"1\",\"outcome\""));
    put(out, line(&f, "Uncovered", "\"9:9.1\",\"9:9.2\",\"9:9.3\"", "\"9:9.1\""));
    put(out, line(&f, "Not Yet", "\"met\"", "\"not_yet\""));
    put(out, line(&f, "Formative", "\"summative\"", "\"formative\""));
    put(out, line(&f, "Signed Twice", "\"date\":\"2009-02-11\"}",
                  "\"date\":\"2009-02-11\"},{\"unit\":\"9\",\"date\":\"2009-02-12\"}"));
    put(out, line(&f, "Decided Early", "\"date\":\"2009-02-10\"", "\"date\":\"2009-01-20\""));
    put(out, line(&f, "Signed Early", "\"date\":\"2009-02-11\"", "\"date\":\"2009-02-09\""));
    put(out, line(&f, "Signed", NULL, NULL));
    fclose(out);
    json_doc *st = import(&f, path);
    const json_value *r = tc_result(st);
    cr_assert(eq(i64, tc_int(r, "registrations"), 1));
    cr_assert(eq(i64, tc_int(r, "signoffs"), 1));
    cr_assert(eq(i64, tc_int(r, "refused"), 7));
    /* the line with no decision on unit 9 decided unit 1 instead, without evidence of it */
    cr_assert(has(problem(r, 1), "evidence[0] claims nothing in unit 1"), "%s", problem(r, 1));
    cr_assert(has(problem(r, 2), "signoffs[0]: unit 9 cannot be signed off"), "%s", problem(r, 2));
    cr_assert(has(problem(r, 2), "9:9.2"), "%s", problem(r, 2));
    cr_assert(has(problem(r, 2), "9:9.3"), "%s", problem(r, 2));
    cr_assert(has(problem(r, 3), "the latest summative decision is 'not_yet'"), "%s",
              problem(r, 3));
    cr_assert(has(problem(r, 4), "no summative decision 'met'"), "%s", problem(r, 4));
    cr_assert(has(problem(r, 5), "signoffs[1] signs unit 9 off again"), "%s", problem(r, 5));
    /* what is judged exists first, as decision.record and unit.signoff have it */
    cr_assert(has(problem(r, 6), "evidence[0] is dated 2009-02-01, after the decision"), "%s",
              problem(r, 6));
    cr_assert(has(problem(r, 7), "dated before unit 9's summative decision (2009-02-10)"), "%s",
              problem(r, 7));
    json_doc_free(st);

    out = create("nodecision.ndjson", path, sizeof path);
    put(out, line(&f, "Undecided",
                  "{\"unit\":\"9\",\"outcome\":\"met\",\"kind\":\"summative\","
                  "\"date\":\"2009-02-10\",\"justification\":\"j\",\"feedback\":"
                  "\"f\",\"evidence\":[0]}",
                  ""));
    fclose(out);
    st = import(&f, path);
    r = tc_result(st);
    cr_assert(eq(i64, tc_int(r, "registrations"), 0));
    cr_assert(has(problem(r, 1), "no summative decision 'met' is recorded for the unit"), "%s",
              problem(r, 1));
    json_doc_free(st);
    json_doc *d = fx_call(&f.iv, "progress.centre", "{\"centre\":%lld}", (long long)f.centre);
    cr_assert(eq(i64, tc_rint(d, "registrations"), 1));
    cr_assert(eq(i64, tc_rint(d, "units_achieved"), 1));
    json_doc_free(d);
}

/* A value of the wrong type is refused naming the field, never taken as something else. */
Test(bulk, a_field_of_the_wrong_type_or_unknown_is_refused_naming_it)
{
    centre_fx f;
    fx_centre(&f, "BULKFIELDS");
    char path[1024];
    FILE *out = create("fields.ndjson", path, sizeof path);
    put(out, line(&f, "A", "\"simulated\":false", "\"simulated\":\"yes\""));
    put(out, line(&f, "B", "\"body_reference\":\"X1\"", "\"body_reference\":123"));
    put(out, line(&f, "C", "\"uln\":\"1234567899\"", "\"uln\":1234567899"));
    put(out, line(&f, "D", "\"evidence\":[0]", "\"evidence\":[0.9]"));
    put(out, line(&f, "E\\u0000vil", NULL, NULL));
    char as[64];
    snprintf(as, sizeof as, "\"assessor\":%lld", (long long)f.assessor.id);
    char as_str[64];
    snprintf(as_str, sizeof as_str, "\"assessor\":\"%lld\"", (long long)f.assessor.id);
    put(out, line(&f, "F", as, as_str));
    put(out, line(&f, "G", "\"units\"", "\"schema_version\":99,\"units\""));
    put(out, line(&f, "H", "\"simulated\"", "\"witness\":1,\"simulated\""));
    put(out, line(&f, "I", "\"title\":\"Observed call\"", "\"title\":null"));
    put(out, line(&f, "J", "\"feedback\":\"f\",", ""));
    put(out, line(&f, "K", "\"registered_on\":\"2009-01-05\"", "\"registered_on\":\"2009-02-30\""));
    /* quoted in the problem, cut short between characters, not inside one */
    char accents[128] = "\"assessor\":\"x";
    for (int i = 0; i < 30; i++)
        strcat(accents, "\xc3\xa9");
    strcat(accents, "\"");
    put(out, line(&f, "L", as, accents));
    put(out, line(&f, "M", as, "\"assessor\":999999"));
    /* texts evidence.add and registration.create take on one line, taken so here */
    put(out, line(&f, "N", "\"title\":\"Observed call\"", "\"title\":\"Observed\\ncall\""));
    put(out, line(&f, "O", "\"body_reference\":\"X1\"", "\"body_reference\":\"X\\t1\""));
    fclose(out);
    json_doc *st = import(&f, path);
    const json_value *r = tc_result(st);
    cr_assert(eq(i64, tc_int(r, "registrations"), 0));
    cr_assert(eq(i64, tc_int(r, "refused"), 15));
    static const char *const want[] = {
        "evidence[0].simulated must be true or false, not the string \"yes\"",
        "body_reference must be a string, not 123",
        "candidate.uln must be a string, not 1234567899",
        "decisions[0].evidence[0] must be an index into evidence (0 for its first item), not 0.9",
        "candidate.name holds the character U+0000",
        "assessor must be a positive integer id, not the string",
        "unknown field 'schema_version' (a line takes: candidate,",
        "unknown field 'witness' in evidence[0] (it takes: title,",
        "evidence[0].title is missing",
        "decisions[0].feedback is missing",
        "registered_on must be a date (YYYY-MM-DD), not the string \"2009-02-30\"",
        "assessor must be a positive integer id, not the string \"x\xc3\xa9",
        "assessor: there is no person 999999",
        "evidence[0].title must be one line of text: it holds a line break",
        "body_reference must be one line of text: it holds a line break",
    };
    for (size_t i = 0; i < sizeof want / sizeof *want; i++)
        cr_assert(has(problem(r, (int64_t)i + 1), want[i]), "line %zu: %s", i + 1,
                  problem(r, (int64_t)i + 1));
    json_doc_free(st);
}

/* A line is bounded as a request is (--max-line), a field by the record it is stored in. */
Test(bulk, an_over_long_line_or_field_is_refused_with_its_line)
{
    centre_fx f;
    fx_centre(&f, "BULKSIZE");
    char path[1024];
    FILE *out = create("sizes.ndjson", path, sizeof path);
    size_t big = (1u << 20) + 10; /* the daemon's default --max-line is 1M */
    char *huge = malloc(big + 20);
    cr_assert(huge != NULL);
    strcpy(huge, "\"description\":\"");
    memset(huge + strlen(huge), 'x', big);
    strcpy(huge + 15 + big, "\"");
    put(out, line(&f, "Huge", "\"description\":\"d\"", huge));
    free(huge);
    char name[400];
    memset(name, 'N', 300);
    name[300] = '\0';
    put(out, line(&f, name, NULL, NULL));
    put(out, line(&f, "Stored", NULL, NULL));
    fclose(out);
    json_doc *st = import(&f, path);
    const json_value *r = tc_result(st);
    cr_assert(eq(i64, tc_int(r, "registrations"), 1));
    cr_assert(eq(i64, tc_int(r, "refused"), 2));
    cr_assert(has(problem(r, 1), "a line holds at most 1048576 (--max-line)"), "%s", problem(r, 1));
    cr_assert(has(problem(r, 2), "candidate.name must be at most 200 bytes"), "%s", problem(r, 2));
    json_doc_free(st);
}

/* What was read must be a file the audit trail can name. */
Test(bulk, a_path_must_be_an_absolute_path_to_a_regular_file)
{
    centre_fx f;
    fx_centre(&f, "BULKPATH");
    json_doc *d = fx_call(NULL, "bulk.import", "{\"path\":\"%s\",\"centre\":%lld}", tc_tmp(),
                          (long long)f.centre);
    cr_assert(eq(i64, tc_error_code(d), -32602));
    cr_assert(has(tc_error_message(d), "is not a regular file but a directory"), "%s",
              tc_error_message(d));
    cr_assert(eq(str, (char *)tc_str(json_doc_root(d), "error.data.field"), "path"));
    json_doc_free(d);
    d = fx_call(NULL, "bulk.import", "{\"path\":\"centre.ndjson\",\"centre\":%lld}",
                (long long)f.centre);
    cr_assert(eq(i64, tc_error_code(d), -32602));
    cr_assert(has(tc_error_message(d), "give an absolute path"), "%s", tc_error_message(d));
    cr_assert(eq(str, (char *)tc_str(json_doc_root(d), "error.data.field"), "path"));
    json_doc_free(d);
    /* a FIFO nobody writes to is refused at once, not waited on */
    char fifo[1024];
    snprintf(fifo, sizeof fifo, "%s/bulk.fifo", tc_tmp());
    unlink(fifo);
    cr_assert(eq(int, mkfifo(fifo, 0600), 0));
    d = fx_call(NULL, "bulk.import", "{\"path\":\"%s\",\"centre\":%lld}", fifo,
                (long long)f.centre);
    cr_assert(eq(i64, tc_error_code(d), -32602), "%s", tc_error_message(d));
    cr_assert(has(tc_error_message(d), "is not a regular file"), "%s", tc_error_message(d));
    json_doc_free(d);
    unlink(fifo);
    d = fx_call(NULL, "bulk.status", "{}");
    for (size_t i = 0; i < tc_result(d)->len; i++)
        cr_assert(not(eq(str, (char *)tc_str(tc_result(d)->u.items[i], "path"), (char *)tc_tmp())));
    json_doc_free(d);
}

/* The references of the first evidence item of the centre's registration number i (0 first). */
static size_t refs_of(const centre_fx *f, size_t i)
{
    json_doc *l = fx_call(NULL, "registration.list", "{\"centre\":%lld}", (long long)f->centre);
    int64_t reg = tc_int(tc_result(l), i == 0 ? "0.id" : i == 1 ? "1.id" : "2.id");
    json_doc_free(l);
    json_doc *e = fx_call(&f->assessor, "evidence.list", "{\"registration\":%lld}", (long long)reg);
    size_t n = tc_path(tc_result(e), "0.refs")->len;
    json_doc_free(e);
    return n;
}

/* Evidence as evidence.add has it: not dated after today, a reference named again taken once
 * (evidence.add takes ["9:9.1", "9:9.1"] as ["9:9.1"]; a line once refused it). */
Test(bulk, evidence_is_checked_as_evidence_add_checks_it)
{
    centre_fx f;
    fx_centre(&f, "BULKEVIDENCE");
    int64_t reg = fx_id(fx_call(NULL, "registration.create",
                                "{\"candidate\":%lld,\"qualification\":\"OCR:05943\","
                                "\"centre\":%lld,\"registered_on\":\"2009-01-05\",\"assessor\":"
                                "%lld,\"iv\":%lld,\"units\":[\"9\"]}",
                                (long long)f.candidate.id, (long long)f.centre,
                                (long long)f.assessor.id, (long long)f.iv.id));
    json_doc_free(fx_call(&f.assessor, "evidence.add",
                          "{\"registration\":%lld,\"title\":\"t\",\"method\":\"O\",\"date\":"
                          "\"2009-02-01\",\"location\":\"l\",\"criteria\":[\"9:9.1\",\"9:9.1\","
                          "\"9:9.2\",\"9:9.3\"]}",
                          (long long)reg));
    cr_assert(eq(sz, refs_of(&f, 0), 3));

    char path[1024];
    FILE *out = create("evidence.ndjson", path, sizeof path);
    put(out, line(&f, "A", "\"date\":\"2009-02-01\"", "\"date\":\"2099-02-01\""));
    put(out, line(&f, "B", "\"9:9.1\",\"9:9.2\"", "\"9:9.1\",\"9:9.1\",\"9:9.2\""));
    /* 300 references, 3 of them different: within evidence.add's 256 */
    sbuf many;
    sbuf_init(&many);
    for (int i = 0; i < 297; i++)
        sbuf_adds(&many, "\"9:9.1\",");
    sbuf_adds(&many, "\"9:9.1\",\"9:9.2\"");
    put(out, line(&f, "C", "\"9:9.1\",\"9:9.2\"", sbuf_cstr(&many)));
    sbuf_free(&many);
    fclose(out);
    json_doc *st = import(&f, path);
    const json_value *r = tc_result(st);
    cr_assert(eq(i64, tc_int(r, "registrations"), 2), "%s", problem(r, 2));
    cr_assert(has(problem(r, 1), "evidence[0].date 2099-02-01 is after today"), "%s",
              problem(r, 1));
    json_doc_free(st);
    cr_assert(eq(sz, refs_of(&f, 1), 3));
    cr_assert(eq(sz, refs_of(&f, 2), 3));
}

/* A unit named twice is taken once, as registration.create takes it. */
Test(bulk, a_unit_named_twice_is_taken_once)
{
    centre_fx f;
    fx_centre(&f, "BULKTWICE");
    char path[1024];
    FILE *out = create("twice.ndjson", path, sizeof path);
    put(out, line(&f, "A", "\"units\":[\"9\"]", "\"units\":[\"9\",\"9\"]"));
    fclose(out);
    json_doc *st = import(&f, path);
    cr_assert(eq(i64, tc_int(tc_result(st), "registrations"), 1), "%s", problem(tc_result(st), 1));
    json_doc_free(st);
    json_doc *l = fx_call(NULL, "registration.list", "{\"centre\":%lld}", (long long)f.centre);
    int64_t reg = tc_int(tc_result(l), "0.id");
    json_doc_free(l);
    json_doc *g = fx_call(NULL, "registration.get", "{\"registration\":%lld}", (long long)reg);
    const json_value *units = tc_path(tc_result(g), "units");
    size_t nines = 0;
    for (size_t i = 0; i < units->len; i++)
        nines += !strcmp(tc_str(units->u.items[i], "unit"), "9");
    cr_assert(eq(sz, nines, 1));
    json_doc_free(g);
}

/* A ULN names one learner: a line whose candidate's ULN the centre has (from an earlier line
 * or an earlier import of the same file) is refused, naming the candidate; the file imported
 * again stores nothing twice. */
Test(bulk, a_uln_the_centre_has_is_refused_so_a_second_import_stores_nothing_twice)
{
    centre_fx f;
    fx_centre(&f, "BULKULN");
    char path[1024];
    FILE *out = create("uln.ndjson", path, sizeof path);
    put(out, line_as(&f, "Once", NULL, NULL));
    put(out, line_as(&f, "Twice", NULL, NULL));
    fclose(out);
    json_doc *st = import(&f, path);
    cr_assert(eq(i64, tc_int(tc_result(st), "registrations"), 1));
    cr_assert(has(problem(tc_result(st), 2), "candidate.uln 1234567899 is already candidate"), "%s",
              problem(tc_result(st), 2));
    json_doc_free(st);
    st = import(&f, path);
    cr_assert(eq(i64, tc_int(tc_result(st), "registrations"), 0));
    cr_assert(has(problem(tc_result(st), 1), "is already candidate"), "%s",
              problem(tc_result(st), 1));
    json_doc_free(st);
    json_doc *l = fx_call(NULL, "registration.list", "{\"centre\":%lld}", (long long)f.centre);
    cr_assert(eq(sz, tc_result(l)->len, 1));
    json_doc_free(l);
}

/* Someone who left acts no more and gets no new registration (person.leave): registration.create
 * refuses them as a line's assessor or IV, and so does a line, with the same words. */
Test(bulk, staff_who_left_are_refused_as_registration_create_refuses_them)
{
    centre_fx f;
    fx_centre(&f, "BULKLEFT");
    int64_t leaver =
        fx_id(fx_call(NULL, "person.create",
                      "{\"name\":\"Leo Leaver\",\"roles\":[\"assessor\",\"iv\"],\"centre\":%lld,"
                      "\"awards\":[{\"code\":\"A1\",\"achieved_on\":\"2005-01-01\"}]}",
                      (long long)f.centre));
    char as[64], iv[64], leaver_as[64], leaver_iv[64];
    snprintf(as, sizeof as, "\"assessor\":%lld", (long long)f.assessor.id);
    snprintf(iv, sizeof iv, "\"iv\":%lld", (long long)f.iv.id);
    snprintf(leaver_as, sizeof leaver_as, "\"assessor\":%lld", (long long)leaver);
    snprintf(leaver_iv, sizeof leaver_iv, "\"iv\":%lld", (long long)leaver);
    char path[1024];
    FILE *out = create("before.ndjson", path, sizeof path);
    put(out, line(&f, "Before", as, leaver_as));
    fclose(out);
    json_doc *st = import(&f, path);
    cr_assert(eq(i64, tc_int(tc_result(st), "registrations"), 1));
    json_doc_free(st);

    json_doc_free(fx_call(NULL, "person.leave", "{\"person\":%lld,\"date\":\"2009-06-01\"}",
                          (long long)leaver));
    json_doc *d = fx_call(NULL, "registration.create",
                          "{\"candidate\":%lld,\"qualification\":\"OCR:05943\",\"centre\":%lld,"
                          "\"registered_on\":\"2009-01-05\",\"assessor\":%lld,\"iv\":%lld}",
                          (long long)f.candidate.id, (long long)f.centre, (long long)leaver,
                          (long long)f.iv.id);
    cr_assert(eq(i64, tc_error_code(d), -32602));
    cr_assert(has(tc_error_message(d), "left the centre on 2009-06-01"), "%s", tc_error_message(d));
    json_doc_free(d);

    out = create("after.ndjson", path, sizeof path);
    put(out, line(&f, "As Assessor", as, leaver_as));
    put(out, line(&f, "As IV", iv, leaver_iv));
    put(out, line(&f, "Stored", NULL, NULL));
    fclose(out);
    st = import(&f, path);
    const json_value *r = tc_result(st);
    cr_assert(eq(i64, tc_int(r, "registrations"), 1));
    char want[128];
    snprintf(want, sizeof want, "assessor: person %lld (Leo Leaver) left the centre on 2009-06-01",
             (long long)leaver);
    cr_assert(has(problem(r, 1), want), "%s", problem(r, 1));
    snprintf(want, sizeof want, "iv: person %lld (Leo Leaver) left the centre on 2009-06-01",
             (long long)leaver);
    cr_assert(has(problem(r, 2), want), "%s", problem(r, 2));
    json_doc_free(st);
}

/* A candidate's name and email are taken as candidate.create takes them: the name at most 200
 * bytes, the email 254, neither with a control character (nothing cut short). */
Test(bulk, a_candidate_is_checked_as_candidate_create_checks_one)
{
    centre_fx f;
    fx_centre(&f, "BULKCANDIDATE");
    char name[202], email[300];
    memset(name, 'N', 201);
    name[201] = '\0';
    memset(email, 'e', 255);
    email[255] = '\0';
    const char *const texts[][2] = {
        {"name", "Tab\\tName"}, {"name", name}, {"email", "a@b\\r\\nBcc: c@d"}, {"email", email}};
    for (size_t i = 0; i < sizeof texts / sizeof *texts; i++) {
        bool is_name = !strcmp(texts[i][0], "name");
        json_doc *d = fx_call(
            NULL, "candidate.create", "{\"name\":\"%s\",\"email\":\"%s\",\"centre\":%lld}",
            is_name ? texts[i][1] : "Cara", is_name ? "c@d" : texts[i][1], (long long)f.centre);
        cr_assert(eq(i64, tc_error_code(d), -32602), "%s: %s", texts[i][0], texts[i][1]);
        cr_assert(
            eq(str, (char *)tc_str(json_doc_root(d), "error.data.field"), (char *)texts[i][0]));
        json_doc_free(d);
    }
    char path[1024], *at;
    FILE *out = create("candidates.ndjson", path, sizeof path);
    put(out, line(&f, "Tab\\tName", NULL, NULL));
    put(out, line(&f, name, NULL, NULL));
    cr_assert(asprintf(&at, "\"email\":\"a@b\\r\\nBcc: c@d\",\"uln\"") >= 0);
    put(out, line(&f, "Crlf", "\"uln\"", at));
    free(at);
    cr_assert(asprintf(&at, "\"email\":\"%s\",\"uln\"", email) >= 0);
    put(out, line(&f, "Long Mail", "\"uln\"", at));
    free(at);
    name[200] = '\0';
    put(out, line(&f, name, NULL, NULL)); /* 200 bytes: stored */
    fclose(out);
    json_doc *st = import(&f, path);
    const json_value *r = tc_result(st);
    cr_assert(eq(i64, tc_int(r, "registrations"), 1));
    for (int64_t i = 1; i <= 2; i++)
        cr_assert(has(problem(r, i), "candidate.name must be at most 200 bytes, without control "
                                     "characters"),
                  "%s", problem(r, i));
    for (int64_t i = 3; i <= 4; i++)
        cr_assert(has(problem(r, i), "candidate.email must be at most 254 bytes, without control "
                                     "characters"),
                  "%s", problem(r, i));
    json_doc_free(st);
}

/* A body_reference the record cannot keep is refused by registration.create as by a line, never
 * cut short: registration.create once stored the first 63 bytes of a longer one. */
Test(bulk, a_body_reference_too_long_is_refused_by_both_never_cut_short)
{
    centre_fx f;
    fx_centre(&f, "BULKBODYREF");
    char ref[70];
    memset(ref, 'R', 64);
    ref[64] = '\0';
    const char *fmt = "{\"candidate\":%lld,\"qualification\":\"OCR:05943\",\"centre\":%lld,"
                      "\"registered_on\":\"2009-01-05\",\"assessor\":%lld,\"iv\":%lld,"
                      "\"body_reference\":\"%s\"}";
    json_doc *d = fx_call(NULL, "registration.create", fmt, (long long)f.candidate.id,
                          (long long)f.centre, (long long)f.assessor.id, (long long)f.iv.id, ref);
    cr_assert(eq(i64, tc_error_code(d), -32602));
    cr_assert(eq(str, (char *)tc_str(json_doc_root(d), "error.data.field"), "body_reference"));
    cr_assert(has(tc_error_message(d), "body_reference is 64 bytes long: it holds at most 63"),
              "%s", tc_error_message(d));
    json_doc_free(d);
    char path[1024], with[100];
    FILE *out = create("bodyref.ndjson", path, sizeof path);
    snprintf(with, sizeof with, "\"body_reference\":\"%s\"", ref);
    put(out, line(&f, "Long Ref", "\"body_reference\":\"X1\"", with));
    ref[63] = '\0';
    snprintf(with, sizeof with, "\"body_reference\":\"%s\"", ref);
    put(out, line(&f, "Ref", "\"body_reference\":\"X1\"", with));
    fclose(out);
    json_doc *st = import(&f, path);
    cr_assert(eq(i64, tc_int(tc_result(st), "registrations"), 1));
    cr_assert(
        has(problem(tc_result(st), 1), "body_reference is 64 bytes long: it holds at most 63"),
        "%s", problem(tc_result(st), 1));
    json_doc_free(st);
    /* 63 bytes are kept whole */
    int64_t reg =
        fx_id(fx_call(NULL, "registration.create", fmt, (long long)f.candidate.id,
                      (long long)f.centre, (long long)f.assessor.id, (long long)f.iv.id, ref));
    d = fx_call(NULL, "registration.get", "{\"registration\":%lld}", (long long)reg);
    cr_assert(eq(str, (char *)tc_str(tc_result(d), "body_reference"), ref));
    json_doc_free(d);
}

/* The units of a registration, in the order registration.get lists them ("1,5,21,9"). */
static void units_of(int64_t reg, char *out, size_t n)
{
    json_doc *g = fx_call(NULL, "registration.get", "{\"registration\":%lld}", (long long)reg);
    const json_value *units = tc_path(tc_result(g), "units");
    size_t k = 0;
    out[0] = '\0';
    for (size_t i = 0; i < units->len && k < n; i++)
        k += (size_t)snprintf(out + k, n - k, "%s%s", i ? "," : "",
                              tc_str(units->u.items[i], "unit"));
    json_doc_free(g);
}

/* A unit is named by its number or its id (catalogue.qualification lists both), as
 * registration.create, decision.record and unit.signoff take it, and is stored by its number;
 * the units are chosen in registration.create's order: the mandatory ones, then those listed. */
Test(bulk, a_unit_is_named_as_the_methods_name_it)
{
    centre_fx f;
    fx_centre(&f, "BULKUNITID");
    int64_t reg = fx_id(fx_call(NULL, "registration.create",
                                "{\"candidate\":%lld,\"qualification\":\"OCR:05943\","
                                "\"centre\":%lld,\"registered_on\":\"2009-01-05\",\"assessor\":"
                                "%lld,\"iv\":%lld,\"units\":[\"21\",\"H/103/6273\"]}",
                                (long long)f.candidate.id, (long long)f.centre,
                                (long long)f.assessor.id, (long long)f.iv.id));
    char by_method[256], by_line[256];
    units_of(reg, by_method, sizeof by_method);
    cr_assert(eq(str, by_method, "1,5,21,9"));

    char path[1024];
    FILE *out = create("unitid.ndjson", path, sizeof path);
    char *a = line(&f, "By Id", "\"units\":[\"9\"]", "\"units\":[\"21\",\"H/103/6273\"]");
    char *b = replaced(a, "{\"unit\":\"9\",\"outcome\"", "{\"unit\":\"H/103/6273\",\"outcome\"");
    put(out, replaced(b, "{\"unit\":\"9\",\"date\"", "{\"unit\":\"H/103/6273\",\"date\""));
    free(a);
    free(b);
    fclose(out);
    json_doc *st = import(&f, path);
    cr_assert(eq(i64, tc_int(tc_result(st), "registrations"), 1), "%s", problem(tc_result(st), 1));
    cr_assert(eq(i64, tc_int(tc_result(st), "signoffs"), 1));
    json_doc_free(st);
    json_doc *l = fx_call(NULL, "registration.list", "{\"centre\":%lld}", (long long)f.centre);
    int64_t imported = tc_int(tc_result(l), "1.id");
    json_doc_free(l);
    cr_assert(imported != reg);
    units_of(imported, by_line, sizeof by_line);
    cr_assert(eq(str, by_line, by_method));
    json_doc *d = fx_call(NULL, "decision.list", "{\"registration\":%lld}", (long long)imported);
    cr_assert(eq(str, (char *)tc_str(tc_result(d), "0.unit"), "9"));
    json_doc_free(d);
    d = fx_call(&f.iv, "progress.get", "{\"registration\":%lld}", (long long)imported);
    const json_value *units = tc_path(tc_result(d), "units");
    bool signed_off = false;
    for (size_t i = 0; i < units->len; i++)
        signed_off |= !strcmp(tc_str(units->u.items[i], "number"), "9") &&
                      !strcmp(tc_str(units->u.items[i], "status"), "signed_off");
    cr_assert(signed_off);
    json_doc_free(d);
}

/* A field named twice is refused, as a method refuses a parameter named twice (JSON readers
 * differ on which of the two counts): a line once took the first. */
Test(bulk, a_field_named_twice_is_refused_as_a_parameter_named_twice_is)
{
    centre_fx f;
    fx_centre(&f, "BULKTWICEKEY");
    json_doc *d =
        fx_call(NULL, "candidate.create", "{\"name\":\"Cara\",\"name\":\"Other\",\"centre\":%lld}",
                (long long)f.centre);
    cr_assert(eq(i64, tc_error_code(d), -32602));
    json_doc_free(d);
    char path[1024], iv[64], twice[128];
    snprintf(iv, sizeof iv, "\"iv\":%lld", (long long)f.iv.id);
    snprintf(twice, sizeof twice, "\"iv\":%lld,\"iv\":%lld", (long long)f.iv.id,
             (long long)f.dual.id);
    FILE *out = create("twicekey.ndjson", path, sizeof path);
    put(out, line(&f, "Cara", "\"name\":\"Cara\"", "\"name\":\"Cara\",\"name\":\"Other\""));
    put(out, line(&f, "Two IVs", iv, twice));
    put(out, line(&f, "Two Titles", "\"method\":\"O\"", "\"method\":\"O\",\"title\":\"t\""));
    put(out,
        line(&f, "Two Units", "\"unit\":\"9\",\"date\"", "\"unit\":\"9\",\"unit\":\"1\",\"date\""));
    put(out, line(&f, "Stored", NULL, NULL));
    fclose(out);
    json_doc *st = import(&f, path);
    const json_value *r = tc_result(st);
    cr_assert(eq(i64, tc_int(r, "registrations"), 1));
    cr_assert(has(problem(r, 1), "candidate names 'name' twice"), "%s", problem(r, 1));
    cr_assert(has(problem(r, 2), "the line names 'iv' twice"), "%s", problem(r, 2));
    cr_assert(has(problem(r, 3), "evidence[0] names 'title' twice"), "%s", problem(r, 3));
    cr_assert(has(problem(r, 4), "signoffs[0] names 'unit' twice"), "%s", problem(r, 4));
    json_doc_free(st);
}

/* A unit brought forward is given as registration.create takes it, {unit, brought_forward}, and
 * stored the same; an item of another shape is refused by both with the same words. */
Test(bulk, a_unit_brought_forward_is_taken_as_registration_create_takes_it)
{
    centre_fx f;
    fx_centre(&f, "BULKBF");
    const char *fmt = "{\"candidate\":%lld,\"qualification\":\"OCR:05943\",\"centre\":%lld,"
                      "\"registered_on\":\"2009-01-05\",\"assessor\":%lld,\"iv\":%lld,"
                      "\"units\":[\"9\",%s]}";
    static const char *const wrong[][2] = {
        {"{\"unit\":\"10\",\"bf\":\"x\"}", "units[1] has no member 'bf'"},
        {"{\"unit\":\"10\",\"brought_forward\":\"\"}",
         "units[1].brought_forward says where the unit was achieved before"},
        {"{\"brought_forward\":\"x\"}",
         "units[1] must be a unit number, or {unit, brought_forward}"},
    };
    for (size_t i = 0; i < sizeof wrong / sizeof *wrong; i++) {
        json_doc *d =
            fx_call(NULL, "registration.create", fmt, (long long)f.candidate.id,
                    (long long)f.centre, (long long)f.assessor.id, (long long)f.iv.id, wrong[i][0]);
        cr_assert(has(tc_error_message(d), wrong[i][1]), "%s", tc_error_message(d));
        json_doc_free(d);
    }
    /* unit 1 is mandatory, chosen whatever the list says: it keeps where it was achieved */
    const char *bf = "{\"unit\":\"10\",\"brought_forward\":\"Level 3, 2008\"},"
                     "{\"unit\":\"1\",\"brought_forward\":\"Level 1, 2007\"}";
    int64_t reg =
        fx_id(fx_call(NULL, "registration.create", fmt, (long long)f.candidate.id,
                      (long long)f.centre, (long long)f.assessor.id, (long long)f.iv.id, bf));
    char path[1024], units[200];
    FILE *out = create("bf.ndjson", path, sizeof path);
    for (size_t i = 0; i < sizeof wrong / sizeof *wrong; i++) {
        snprintf(units, sizeof units, "\"units\":[\"9\",%s]", wrong[i][0]);
        put(out, line(&f, "Wrong", "\"units\":[\"9\"]", units));
    }
    snprintf(units, sizeof units, "\"units\":[\"9\",%s]", bf);
    put(out, line(&f, "Brought Forward", "\"units\":[\"9\"]", units));
    fclose(out);
    json_doc *st = import(&f, path);
    const json_value *r = tc_result(st);
    cr_assert(eq(i64, tc_int(r, "registrations"), 1), "%s", problem(r, 4));
    for (size_t i = 0; i < sizeof wrong / sizeof *wrong; i++)
        cr_assert(has(problem(r, (int64_t)i + 1), wrong[i][1]), "%s", problem(r, (int64_t)i + 1));
    json_doc_free(st);
    json_doc *l = fx_call(NULL, "registration.list", "{\"centre\":%lld}", (long long)f.centre);
    int64_t imported = tc_int(tc_result(l), "1.id");
    json_doc_free(l);
    int64_t regs[2] = {reg, imported};
    for (int k = 0; k < 2; k++) {
        json_doc *g =
            fx_call(NULL, "registration.get", "{\"registration\":%lld}", (long long)regs[k]);
        const json_value *us = tc_path(tc_result(g), "units");
        int found = 0;
        for (size_t i = 0; i < us->len; i++) {
            const json_value *b = tc_path(us->u.items[i], "brought_forward");
            const char *unit = tc_str(us->u.items[i], "unit");
            const char *want = !strcmp(unit, "10")  ? "Level 3, 2008"
                               : !strcmp(unit, "1") ? "Level 1, 2007"
                                                    : NULL;
            found += want && b && b->type == JSON_STRING && !strcmp(b->u.str, want);
        }
        cr_assert(eq(int, found, 2), "registration %lld", (long long)regs[k]);
        json_doc_free(g);
    }
}

/* A job's problems quote its lines (names, ULNs): another centre's administrator does not see
 * them, as they see none of its records (other_centre); its own administrator does. */
Test(bulk, another_centres_administrator_does_not_see_a_job)
{
    centre_fx f, g;
    fx_centre(&f, "BULKSEEN");
    fx_centre(&g, "BULKOTHER");
    char path[1024];
    FILE *out = create("seen.ndjson", path, sizeof path);
    put(out, line(&f, "Private Name", "\"units\":[\"9\"]", "\"units\":[\"999\"]"));
    fclose(out);
    json_doc *st = import(&f, path);
    int64_t job = tc_int(tc_result(st), "job");
    json_doc_free(st);
    fx_refused(fx_call(&g.admin, "bulk.status", "{\"job\":%lld}", (long long)job), 1002,
               "other_centre");
    json_doc *d = fx_call(&g.admin, "bulk.status", "{}");
    for (size_t i = 0; i < tc_result(d)->len; i++)
        cr_assert(tc_int(tc_result(d)->u.items[i], "centre") == g.centre);
    json_doc_free(d);
    d = fx_call(&f.admin, "bulk.status", "{\"job\":%lld}", (long long)job);
    cr_assert(has(tc_str(tc_result(d), "problems.0.problem"), "no unit '999'"));
    json_doc_free(d);
    d = fx_call(&f.admin, "bulk.status", "{}");
    bool listed = false;
    for (size_t i = 0; i < tc_result(d)->len; i++)
        listed |= tc_int(tc_result(d)->u.items[i], "job") == job;
    cr_assert(listed);
    json_doc_free(d);
}

/* Evidence.add's optional fields no body rule decides are taken by a line and checked as
 * evidence.add checks them: a paper record's environment, type, prior achievement and
 * countersignature come across with it. */
Test(bulk, evidence_keeps_its_environment_type_and_countersignature)
{
    centre_fx f;
    fx_centre(&f, "BULKEVFIELDS");
    char path[1024];
    FILE *out = create("evfields.ndjson", path, sizeof path);
    const char *from = "\"simulated\":false";
    put(out, line(&f, "A", from,
                  "\"simulated\":false,\"environment\":\"rwe\",\"evidence_type\":\"knowledge\","
                  "\"prior_achievement\":true,\"countersigned_by\":\"Pat Supervisor\","
                  "\"countersigned_on\":\"2009-02-03\""));
    put(out, line(&f, "B", from, "\"environment\":\"home\""));
    put(out, line(&f, "C", from, "\"evidence_type\":\"practical\""));
    put(out, line(&f, "D", from, "\"countersigned_on\":\"2009-02-03\""));
    put(out,
        line(&f, "E", from, "\"countersigned_by\":\"Pat\",\"countersigned_on\":\"2009-01-31\""));
    put(out,
        line(&f, "F", from, "\"countersigned_by\":\"Pat\",\"countersigned_on\":\"2099-01-01\""));
    put(out, line(&f, "G", from, "\"prior_achievement\":\"yes\""));
    fclose(out);
    json_doc *st = import(&f, path);
    const json_value *r = tc_result(st);
    cr_assert(eq(i64, tc_int(r, "registrations"), 1), "%s", problem(r, 2));
    static const char *const want[] = {
        "evidence[0].environment is 'workplace' or 'rwe'",
        "evidence[0].evidence_type is 'performance' or 'knowledge'",
        "evidence[0].countersigned_on says when countersigned_by signed",
        "evidence[0].countersigned_on 2009-01-31 is before the evidence's date (2009-02-01)",
        "evidence[0].countersigned_on 2099-01-01 is after today",
        "evidence[0].prior_achievement must be true or false",
    };
    for (size_t i = 0; i < sizeof want / sizeof *want; i++)
        cr_assert(has(problem(r, (int64_t)i + 2), want[i]), "line %zu: %s", i + 2,
                  problem(r, (int64_t)i + 2));
    json_doc_free(st);
    json_doc *l = fx_call(NULL, "registration.list", "{\"centre\":%lld}", (long long)f.centre);
    int64_t reg = tc_int(tc_result(l), "0.id");
    json_doc_free(l);
    json_doc *e = fx_call(&f.assessor, "evidence.list", "{\"registration\":%lld}", (long long)reg);
    const json_value *item = tc_path(tc_result(e), "0");
    cr_assert(eq(str, (char *)tc_str(item, "environment"), "rwe"));
    cr_assert(eq(str, (char *)tc_str(item, "evidence_type"), "knowledge"));
    cr_assert(tc_bool(item, "prior_achievement"));
    cr_assert(eq(str, (char *)tc_str(item, "countersigned_by"), "Pat Supervisor"));
    cr_assert(eq(str, (char *)tc_str(item, "countersigned_on"), "2009-02-03"));
    json_doc_free(e);
}
