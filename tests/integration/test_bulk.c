/* Integration tests: bulk.import of a small file with one bad line, its audit entry, and
 * progress.centre over what it stored. */
#include <criterion/criterion.h>
#include <criterion/new/assert.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "fixture.h"

static bool has(const char *haystack, const char *needle)
{
    return haystack && strstr(haystack, needle) != NULL;
}

Test(bulk, an_import_stores_good_lines_and_names_bad_ones)
{
    centre_fx f;
    fx_centre(&f, "BULK");
    char path[1024];
    snprintf(path, sizeof path, "%s/import.ndjson", tc_tmp());
    FILE *out = fopen(path, "w");
    cr_assert(out != NULL);
    const char *line =
        "{\"candidate\":{\"name\":\"%s\"},\"qualification\":\"CG:3412-05\",\"registered_on\":"
        "\"2014-06-02\",\"assessor\":%lld,\"iv\":%lld,\"units\":[%s],\"evidence\":[{\"title\":"
        "\"Observed\",\"method\":\"O\",\"date\":\"2014-07-01\",\"location\":\"p\",\"criteria\":"
        "[\"411:1.1\",\"411:1.2\"]}],\"decisions\":[{\"unit\":\"411\",\"outcome\":\"met\","
        "\"kind\":\"summative\",\"date\":\"2014-08-01\",\"justification\":\"j\",\"evidence\":[0]}],"
        "\"signoffs\":[{\"unit\":\"411\",\"date\":\"2014-08-02\"}]}\n";
    fprintf(out, line, "Imported One", (long long)f.assessor.id, (long long)f.iv.id, "\"411\"");
    fprintf(out, "\n");
    fprintf(out, line, "Bad Unit", (long long)f.assessor.id, (long long)f.iv.id, "\"999\"");
    fprintf(out, "{not json\n");
    fprintf(out, line, "Imported Two", (long long)f.assessor.id, (long long)f.iv.id,
            "\"411\",\"416\"");
    /* a sign-off dated before the registration it belongs to */
    char early[2048];
    snprintf(early, sizeof early, line, "Signed Early", (long long)f.assessor.id,
             (long long)f.iv.id, "\"411\"");
    char *so = strstr(early, "\"2014-08-02\"");
    cr_assert(so != NULL);
    memcpy(so + 1, "2014-05-02", 10);
    fputs(early, out);
    fclose(out);

    /* a person of the centre, even its admin, may not make the daemon read a file */
    fx_refused(fx_call(&f.admin, "bulk.import", "{\"path\":\"%s\",\"centre\":%lld}", path,
                       (long long)f.centre),
               1002, "system_admin");
    json_doc *d = fx_call(NULL, "bulk.import", "{\"path\":\"%s\",\"centre\":%lld}", path,
                          (long long)f.centre);
    int64_t job = tc_rint(d, "job");
    json_doc_free(d);
    const char *state = "running";
    json_doc *st = NULL;
    for (int i = 0; i < 100 && !strcmp(state, "running"); i++) {
        usleep(50000);
        json_doc_free(st);
        st = fx_call(NULL, "bulk.status", "{\"job\":%lld}", (long long)job);
        state = tc_rstr(st, "state");
    }
    cr_assert(eq(str, (char *)state, "done"));
    const json_value *r = tc_result(st);
    cr_assert(eq(i64, tc_int(r, "registrations"), 2));
    cr_assert(eq(i64, tc_int(r, "evidence"), 2));
    cr_assert(eq(i64, tc_int(r, "refused"), 3));
    cr_assert(eq(i64, tc_int(r, "problems.0.line"), 3));
    cr_assert(has(tc_str(r, "problems.0.problem"), "no unit '999'"));
    cr_assert(eq(i64, tc_int(r, "problems.1.line"), 4));
    cr_assert(has(tc_str(r, "problems.1.problem"), "not JSON"));
    cr_assert(eq(i64, tc_int(r, "problems.2.line"), 6));
    cr_assert(has(tc_str(r, "problems.2.problem"), "signoffs[0] is dated 2014-05-02"), "%s",
              tc_str(r, "problems.2.problem"));
    json_doc_free(st);

    d = fx_call(NULL, "audit.list", "{\"method\":\"bulk.import\"}");
    cr_assert(eq(sz, tc_result(d)->len, 3)); /* the refused start, the start, the end */
    cr_assert(has(tc_str(tc_result(d), "2.outcome"), "done: 2 registrations"));
    json_doc_free(d);

    d = fx_call(&f.iv, "progress.centre", "{\"centre\":%lld}", (long long)f.centre);
    cr_assert(eq(i64, tc_rint(d, "registrations"), 2));
    cr_assert(eq(i64, tc_rint(d, "units"), 3));
    cr_assert(eq(i64, tc_rint(d, "units_achieved"), 2));
    json_doc_free(d);
    fx_refused(fx_call(&f.candidate, "progress.centre", "{\"centre\":%lld}", (long long)f.centre),
               1002, "centre_reports");
}
