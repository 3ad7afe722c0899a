/* ctl_shortcuts — assessctl's commands for an assessor's common tasks. See ctl_shortcuts.h. */
#include "ctl_shortcuts.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ctl_print.h"
#include "json.h"
#include "sbuf.h"

/* "a,b,c" -> JSON array of strings */
static void csv_array(jw *w, const char *list)
{
    jw_arr_begin(w);
    while (list && *list) {
        size_t n = strcspn(list, ",");
        if (n)
            jw_strn(w, list, n);
        list += n + (list[n] == ',');
    }
    jw_arr_end(w);
}

static long long int_of(const json_value *o, const char *key)
{
    const json_value *v = json_get(o, key);
    return v && v->type == JSON_NUMBER ? (long long)v->u.num.i : 0;
}

static const char *opt(int argc, char **argv, const char *name)
{
    for (int i = 0; i < argc; i++)
        if (strcmp(argv[i], name) == 0)
            return i + 1 < argc ? argv[i + 1] : "";
    return NULL;
}

static bool flag(int argc, char **argv, const char *name)
{
    for (int i = 0; i < argc; i++)
        if (strcmp(argv[i], name) == 0)
            return true;
    return false;
}

/* ctl_print_reply(), then frees the reply. */
static int show_free(ctl_client *cl, json_doc *doc)
{
    int st = ctl_print_reply(cl, doc);
    json_doc_free(doc);
    return st;
}

static json_doc *call_or_die(ctl_client *cl, const char *method, sbuf *params)
{
    json_doc *d = ctl_call(cl, method, params->data);
    if (json_get(json_doc_root(d), "error")) {
        int st = show_free(cl, d);
        ctl_close(cl);
        exit(st);
    }
    return d;
}

static const char usage_evidence_add[] =
    "usage: assessctl evidence add REGISTRATION --title T --method O --date YYYY-MM-DD "
    "--location L --criteria 9:9.1,9:9.2 [--ranges 411:ER6:b] [--simulated] [--witness ID] "
    "[--description D]";
static const char usage_evidence_map[] = "usage: assessctl evidence map EVIDENCE REF [REF ...]";
static const char usage_progress[] = "usage: assessctl progress REGISTRATION";

/* A record's id as a shortcut's argument: digits only, else exit 2 naming what was typed
 * (atoll read "1abc" as registration 1). */
static long long id_arg(const char *what, const char *s)
{
    char *end = NULL;
    errno = 0;
    long long v = *s >= '0' && *s <= '9' ? strtoll(s, &end, 10) : 0;
    if (!end || *end || v <= 0 || errno == ERANGE)
        ctl_die(EXIT_USAGE, "%s must be a record's id (a whole number above 0), not '%s'", what, s);
    return v;
}

static int cmd_evidence_add(ctl_client *cl, int argc, char **argv)
{
    const char *need[] = {"--title", "--method", "--date", "--location", "--criteria"};
    if (argc < 1)
        ctl_die(EXIT_USAGE, "%s", usage_evidence_add);
    /* every word after the registration is an option of its own or its value: a misspelt
     * one (--simulatd) is refused, not left out of the record */
    static const char *const valued[] = {"--title",    "--method", "--date",        "--location",
                                         "--criteria", "--ranges", "--description", "--witness"};
    for (int i = 1; i < argc; i++) {
        bool known = !strcmp(argv[i], "--simulated");
        for (size_t k = 0; !known && k < sizeof valued / sizeof *valued; k++)
            if (!strcmp(argv[i], valued[k]))
                known = true, i++;
        if (!known)
            ctl_die(EXIT_USAGE, "evidence add: '%s' is not one of its options\n%s", argv[i],
                    usage_evidence_add);
    }
    for (size_t i = 0; i < sizeof need / sizeof *need; i++)
        if (!opt(argc, argv, need[i]))
            ctl_die(EXIT_USAGE, "evidence add needs %s", need[i]);
    sbuf p;
    sbuf_init(&p);
    jw w;
    jw_init(&w, &p);
    jw_obj_begin(&w);
    jw_kint(&w, "registration", id_arg("the registration", argv[0]));
    jw_kstr(&w, "title", opt(argc, argv, "--title"));
    jw_kstr(&w, "method", opt(argc, argv, "--method"));
    jw_kstr(&w, "date", opt(argc, argv, "--date"));
    jw_kstr(&w, "location", opt(argc, argv, "--location"));
    jw_key(&w, "criteria");
    csv_array(&w, opt(argc, argv, "--criteria"));
    if (opt(argc, argv, "--ranges")) {
        jw_key(&w, "ranges");
        csv_array(&w, opt(argc, argv, "--ranges"));
    }
    if (opt(argc, argv, "--description"))
        jw_kstr(&w, "description", opt(argc, argv, "--description"));
    if (opt(argc, argv, "--witness"))
        jw_kint(&w, "witness", id_arg("--witness", opt(argc, argv, "--witness")));
    if (flag(argc, argv, "--simulated"))
        jw_kbool(&w, "simulated", true);
    jw_obj_end(&w);
    json_doc *d = call_or_die(cl, "evidence.add", &p);
    sbuf_free(&p);
    if (cl->json)
        return show_free(cl, d);
    const json_value *r = json_get(json_doc_root(d), "result");
    printf("evidence %lld added\n", int_of(r, "id"));
    const json_value *wn = json_get(r, "warnings");
    for (size_t i = 0; wn && wn->type == JSON_ARRAY && i < wn->len; i++)
        printf("  warning (%s): %s\n", ctl_text_of(wn->u.items[i], "rule", "?"),
               ctl_text_of(wn->u.items[i], "message", "(no message)"));
    json_doc_free(d);
    return 0;
}

static int cmd_evidence_map(ctl_client *cl, int argc, char **argv)
{
    if (argc < 2)
        ctl_die(EXIT_USAGE, "%s", usage_evidence_map);
    sbuf p;
    sbuf_init(&p);
    jw w;
    jw_init(&w, &p);
    jw_obj_begin(&w);
    jw_kint(&w, "evidence", id_arg("the evidence item", argv[0]));
    jw_key(&w, "criteria");
    jw_arr_begin(&w);
    for (int i = 1; i < argc; i++)
        jw_str(&w, argv[i]);
    jw_arr_end(&w);
    jw_obj_end(&w);
    json_doc *d = call_or_die(cl, "evidence.map", &p);
    sbuf_free(&p);
    if (cl->json)
        return show_free(cl, d);
    printf("evidence %s is now evidence %lld, mapped to %d more reference(s)\n", argv[0],
           int_of(json_get(json_doc_root(d), "result"), "id"), argc - 1);
    json_doc_free(d);
    return 0;
}

/* A candidate's progress as a table: one row per unit, then the rules of combination. */
static int cmd_progress(ctl_client *cl, int argc, char **argv)
{
    if (argc < 1)
        ctl_die(EXIT_USAGE, "%s", usage_progress);
    sbuf p;
    sbuf_init(&p);
    sbuf_printf(&p, "{\"registration\":%lld}", id_arg("the registration", argv[0]));
    json_doc *d = call_or_die(cl, "progress.get", &p);
    sbuf_free(&p);
    if (cl->json)
        return show_free(cl, d);
    const json_value *r = json_get(json_doc_root(d), "result");
    const json_value *q = json_get(r, "qualification");
    printf("registration %s: %s (%s), registered %s\n\n", argv[0], ctl_text_of(q, "title", "?"),
           ctl_text_of(q, "ref", "?"), ctl_text_of(r, "registered_on", "?"));
    /* rebuild the units as flat rows for the table printer */
    sbuf rows;
    sbuf_init(&rows);
    jw w;
    jw_init(&w, &rows);
    jw_arr_begin(&w);
    const json_value *units = json_get(r, "units");
    for (size_t i = 0; units && i < units->len; i++) {
        const json_value *u = units->u.items[i];
        jw_obj_begin(&w);
        jw_kstr(&w, "unit", ctl_text_of(u, "number", "?"));
        jw_kstr(&w, "title", ctl_text_of(u, "title", ""));
        jw_kstr(&w, "status", ctl_text_of(u, "status", ""));
        char cov[48];
        snprintf(cov, sizeof cov, "%lld/%lld", int_of(u, "covered"), int_of(u, "total"));
        jw_kstr(&w, "criteria", cov);
        const json_value *ranges = json_get(u, "ranges");
        int met = 0;
        bool listed = ranges && ranges->type == JSON_ARRAY && ranges->len;
        for (size_t k = 0; listed && k < ranges->len; k++) {
            const json_value *m = json_get(ranges->u.items[k], "met");
            met += m && m->type == JSON_BOOL && m->u.boolean;
        }
        char rg[48] = "-";
        if (listed)
            snprintf(rg, sizeof rg, "%d/%zu", met, ranges->len);
        jw_kstr(&w, "ranges", rg);
        jw_key(&w, "missing");
        const json_value *missing = json_get(u, "missing");
        if (missing)
            jw_value(&w, missing);
        else
            jw_null(&w);
        jw_obj_end(&w);
    }
    jw_arr_end(&w);
    json_doc *t;
    json_parse(rows.data, rows.len, &t, NULL);
    ctl_print_value(stdout, json_doc_root(t), 0);
    json_doc_free(t);
    sbuf_free(&rows);
    const json_value *ach = json_get(q, "achieved");
    printf("\nqualification: %s\n",
           ach && ach->type == JSON_BOOL && ach->u.boolean ? "achieved" : "not achieved");
    const json_value *v = json_get(q, "violations");
    for (size_t i = 0; v && v->type == JSON_ARRAY && i < v->len; i++)
        printf("  - %s\n", ctl_text_of(v->u.items[i], "message", "(no message)"));
    json_doc_free(d);
    return 0;
}

/* evidence add ..., evidence map ...: the word after evidence names the command. */
static int cmd_evidence(ctl_client *cl, int argc, char **argv)
{
    if (argc >= 1 && !strcmp(argv[0], "add"))
        return cmd_evidence_add(cl, argc - 1, argv + 1);
    if (argc >= 1 && !strcmp(argv[0], "map"))
        return cmd_evidence_map(cl, argc - 1, argv + 1);
    /* the shortcut, with no or another word after it */
    ctl_die(EXIT_USAGE, "evidence %s%s%s\n%s\n%s", argc ? "'" : "", argc ? argv[0] : "",
            argc ? "' is not one of its commands (add, map)" : "needs a command: add or map",
            usage_evidence_add, usage_evidence_map);
}

static void help_evidence(void)
{
    printf("%s\n  (evidence.add as an assessor types it)\n%s\n  (evidence.map: more "
           "references for an item)\n",
           usage_evidence_add, usage_evidence_map);
}

static void help_progress(void)
{
    printf("%s\n  (progress.get as a table of units, then the qualification's "
           "rules)\n",
           usage_progress);
}

/* The shortcuts: the word that names each, what runs it, what help prints for it. */
typedef struct shortcut {
    const char *name;
    int (*run)(ctl_client *cl, int argc, char **argv);
    void (*help)(void);
} shortcut;

static const shortcut shortcuts[] = {
    {"evidence", cmd_evidence, help_evidence},
    {"progress", cmd_progress, help_progress},
};

static const shortcut *find(const char *name)
{
    for (size_t i = 0; i < sizeof shortcuts / sizeof *shortcuts; i++)
        if (!strcmp(shortcuts[i].name, name))
            return &shortcuts[i];
    return NULL;
}

bool ctl_shortcut_is(const char *name)
{
    return find(name) != NULL;
}

int ctl_shortcut_run(ctl_client *cl, const char *name, int argc, char **argv)
{
    const shortcut *s = find(name);
    return s ? s->run(cl, argc, argv) : -1;
}

bool ctl_shortcut_help(const char *name)
{
    const shortcut *s = find(name);
    if (s)
        s->help();
    return s != NULL;
}
