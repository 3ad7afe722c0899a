/* assessctl — the command-line client: one JSON-RPC call per run, printed for a person (tables
 * and indented fields) or, with --json, as the raw result.
 *
 *   assessctl [options] METHOD [key=value ...] | METHOD '{"json": "params"}' | METHOD -
 *   assessctl [options] COMMAND ...   (shortcuts: see usage() and ctl_shortcuts.h)
 *
 * key=value is typed with the method's parameter list (system.methods): ids and integers become
 * numbers, booleans true/false, arrays and objects are given as JSON; key:=JSON forces JSON.
 *
 * This file owns the command line (the options, the params, help, usage); ctl_client.c the
 * connection, ctl_print.c the printing of replies, ctl_shortcuts.c the shortcuts.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "ctl_client.h"
#include "ctl_print.h"
#include "ctl_shortcuts.h"
#include "json.h"
#include "sbuf.h"

/* ---- parameters ---------------------------------------------------------------------- */

/* The declared type of a parameter ("id", "integer", ...) from system.methods, or NULL. */
static const char *param_type(const json_value *methods, const char *method, const char *name,
                              bool *method_known)
{
    *method_known = false;
    if (!methods || methods->type != JSON_ARRAY)
        return NULL;
    for (size_t i = 0; i < methods->len; i++) {
        const json_value *m = methods->u.items[i];
        const json_value *n = json_get(m, "name");
        if (!n || n->type != JSON_STRING || strcmp(n->u.str, method) != 0)
            continue;
        *method_known = true;
        const json_value *ps = json_get(m, "params");
        if (!ps || ps->type != JSON_ARRAY)
            return NULL;
        for (size_t k = 0; k < ps->len; k++) {
            const json_value *pn = json_get(ps->u.items[k], "name");
            const json_value *pt = json_get(ps->u.items[k], "type");
            if (pn && pt && pn->type == JSON_STRING && strcmp(pn->u.str, name) == 0)
                return pt->u.str;
        }
        return NULL;
    }
    return NULL;
}

static bool is_json_value(const char *s)
{
    json_doc *d;
    if (json_parse(s, strlen(s), &d, NULL) != 0)
        return false;
    json_doc_free(d);
    return true;
}

/* A value that is not what its parameter takes: says what it takes, in a person's words. */
static void bad_value(const char *key, const char *val, const char *type)
{
    if (type && (!strcmp(type, "id") || !strcmp(type, "integer")))
        ctl_die(EXIT_USAGE, "%s=%s: %s takes a whole number%s", key, val, key,
                !strcmp(type, "id") ? " (a record's id)" : "");
    if (type && (!strcmp(type, "array") || !strcmp(type, "object")))
        ctl_die(EXIT_USAGE, "%s=%s: %s takes a JSON %s: %s:=%s", key, val, key, type, key,
                !strcmp(type, "array") ? "'[\"...\"]'" : "'{...}'");
    if (type && !strcmp(type, "boolean"))
        ctl_die(EXIT_USAGE, "%s=%s: %s takes true or false", key, val, key);
    ctl_die(EXIT_USAGE, "%s:=%s: the value after := must be JSON", key, val);
}

static void build_params(ctl_client *cl, const char *method, int argc, char **argv, sbuf *out)
{
    if (argc == 1 && strcmp(argv[0], "-") == 0) {
        char buf[65536];
        size_t n;
        while ((n = fread(buf, 1, sizeof buf, stdin)) > 0)
            sbuf_add(out, buf, n);
        size_t k = 0;
        while (k < out->len && out->data[k] && strchr(" \t\r\n", out->data[k]))
            k++;
        if (k == out->len)
            ctl_die(EXIT_USAGE,
                    "%s -: standard input held no params: give a JSON object ({} for none)",
                    method);
        return;
    }
    if (argc == 1 && argv[0][0] == '{') {
        sbuf_adds(out, argv[0]);
        return;
    }
    json_doc *methods = NULL;
    const json_value *list = NULL;
    if (argc > 0) {
        methods = ctl_call(cl, "system.methods", "{}");
        list = json_get(json_doc_root(methods), "result");
    }
    jw w;
    jw_init(&w, out);
    jw_obj_begin(&w);
    for (int i = 0; i < argc; i++) {
        char *eq = strchr(argv[i], '=');
        if (!eq || eq == argv[i])
            ctl_die(EXIT_USAGE, "'%s' is not key=value (or give the params as one JSON object)",
                    argv[i]);
        bool force_json = eq > argv[i] && eq[-1] == ':';
        size_t klen = (size_t)(eq - argv[i]) - (force_json ? 1 : 0);
        char key[128];
        snprintf(key, sizeof key, "%.*s", (int)klen, argv[i]);
        const char *val = eq + 1;
        bool known;
        const char *type = param_type(list, method, key, &known);
        bool as_json;
        if (force_json)
            as_json = true;
        else if (type)
            as_json = strcmp(type, "string") != 0 && strcmp(type, "line") != 0 &&
                      strcmp(type, "date") != 0;
        else
            as_json = !known && is_json_value(val) && val[0] != '"';
        jw_key(&w, key);
        if (as_json) {
            if (!is_json_value(val))
                bad_value(key, val, force_json ? NULL : type);
            jw_raw(&w, val, strlen(val));
        } else {
            jw_str(&w, val);
        }
    }
    jw_obj_end(&w);
    json_doc_free(methods);
}

static void usage(FILE *out)
{
    fprintf(
        out,
        "usage: assessctl [--socket PATH] [--as TOKEN] [--json] [--timeout SECONDS] METHOD "
        "[key=value ...]\n"
        "       assessctl METHOD '{\"json\": \"params\"}'   |   assessctl METHOD -  (params on "
        "stdin)\n"
        "       assessctl help [METHOD]\n\n"
        "Calls one method of the assessd daemon and prints the result: objects as fields,\n"
        "lists as tables; --json prints the raw result. Values are typed from the method's\n"
        "parameter list; key:=JSON passes JSON as is (arrays, objects).\n\n"
        "  --socket PATH   the daemon's socket (default $ASSESSD_SOCKET or ./var/assessd.sock)\n"
        "  --as TOKEN      act as the person the token belongs to (default $ASSESSD_TOKEN;\n"
        "                  without one, as the OS user a person record names)\n"
        "  --json          print the result as JSON\n"
        "  --timeout S     give up waiting after S seconds (default 30)\n\n"
        "Shortcuts: evidence add REGISTRATION --title T ...; evidence map EVIDENCE REF...;\n"
        "           progress REGISTRATION\n\n"
        "Exit status: 0 success, 1 the daemon answered with an error, 2 usage, 3 no daemon.\n");
}

static int help(ctl_client *cl, const char *method)
{
    if (method && ctl_shortcut_help(method))
        return 0;
    json_doc *doc = ctl_call(cl, "system.methods", "{}");
    const json_value *list = json_get(json_doc_root(doc), "result");
    if (!list || list->type != JSON_ARRAY) {
        json_doc_free(doc);
        ctl_die(EXIT_CONNECT, "the daemon did not list its methods");
    }
    if (!method) {
        usage(stdout);
        printf("\nmethods (asked of the daemon at %s):\n", cl->socket_path);
        for (size_t i = 0; i < list->len; i++) {
            const json_value *n = json_get(list->u.items[i], "name");
            const json_value *h = json_get(list->u.items[i], "help");
            const json_value *wr = json_get(list->u.items[i], "writes");
            printf("  %-26s %s%s\n", n->u.str, h && h->type == JSON_STRING ? h->u.str : "",
                   wr && wr->type == JSON_BOOL && wr->u.boolean ? " [writes]" : "");
        }
        json_doc_free(doc);
        return 0;
    }
    for (size_t i = 0; i < list->len; i++) {
        const json_value *m = list->u.items[i];
        const json_value *n = json_get(m, "name");
        if (strcmp(n->u.str, method) != 0)
            continue;
        const json_value *h = json_get(m, "help");
        printf("%s — %s\n", method, h && h->type == JSON_STRING ? h->u.str : "");
        const json_value *ps = json_get(m, "params");
        if (ps && ps->type == JSON_ARRAY) {
            printf("\nparameters:\n");
            int width = 16; /* the longest name, so the columns line up */
            for (size_t k = 0; k < ps->len; k++)
                if ((int)strlen(ctl_text_of(ps->u.items[k], "name", "")) > width)
                    width = (int)strlen(ctl_text_of(ps->u.items[k], "name", ""));
            for (size_t k = 0; k < ps->len; k++) {
                const json_value *p = ps->u.items[k];
                const json_value *req = json_get(p, "required");
                printf("  %-*s %-8s %s%s\n", width, ctl_text_of(p, "name", "?"),
                       ctl_text_of(p, "type", "?"), ctl_text_of(p, "help", ""),
                       req && req->u.boolean ? " (required)" : "");
            }
            if (!ps->len)
                printf("  (none)\n");
        }
        json_doc_free(doc);
        return 0;
    }
    json_doc_free(doc);
    ctl_die(EXIT_USAGE, "the daemon has no method '%s' (assessctl help lists them)", method);
}

/* Whether a is one of assessctl's own options (not a shortcut's, such as --title). */
static bool client_option(const char *a)
{
    return !strcmp(a, "--json") || !strcmp(a, "--socket") || !strncmp(a, "--socket=", 9) ||
           !strcmp(a, "--as") || !strcmp(a, "--timeout");
}

/* The option at argv[i] (an argument starting --); returns the index of its last word. */
static int take_option(ctl_client *cl, int argc, char **argv, int i)
{
    const char *a = argv[i];
    bool valued = !strcmp(a, "--socket") || !strcmp(a, "--as") || !strcmp(a, "--timeout");
    if (valued && i + 1 >= argc)
        ctl_die(EXIT_USAGE, "%s needs a value", a);
    if (strcmp(a, "--json") == 0) {
        cl->json = true;
    } else if (strcmp(a, "--socket") == 0) {
        cl->socket_path = argv[++i];
    } else if (strncmp(a, "--socket=", 9) == 0) {
        cl->socket_path = a + 9;
    } else if (strcmp(a, "--as") == 0) {
        cl->token = argv[++i];
    } else if (strcmp(a, "--timeout") == 0) {
        char *end;
        double t = strtod(argv[++i], &end);
        if (end == argv[i] || *end || !(t > 0) || t > 86400)
            ctl_die(EXIT_USAGE, "--timeout takes seconds, more than 0 and at most 86400, not '%s'",
                    argv[i]);
        cl->timeout_ms = (int)(t * 1000 + 0.5);
    } else {
        usage(stderr);
        ctl_die(EXIT_USAGE, "unknown option %s", a);
    }
    return i;
}

int main(int argc, char **argv)
{
    ctl_client cl = {.fd = -1, .timeout_ms = 30000};
    sbuf_init(&cl.in);
    cl.socket_path = getenv("ASSESSD_SOCKET");
    cl.token = getenv("ASSESSD_TOKEN");
    if (!cl.socket_path || !*cl.socket_path)
        cl.socket_path = "./var/assessd.sock";
    int i = 1;
    for (; i < argc && argv[i][0] == '-' && argv[i][1] == '-'; i++) {
        if (strcmp(argv[i], "--help") == 0) {
            if (access(cl.socket_path, F_OK) == 0)
                return help(&cl, NULL);
            usage(stdout);
            printf("\n(the method list comes from the daemon; none is running at %s)\n",
                   cl.socket_path);
            return 0;
        }
        i = take_option(&cl, argc, argv, i);
    }
    if (i >= argc) {
        usage(stderr);
        return EXIT_USAGE;
    }
    const char *method = argv[i++];
    if (strcmp(method, "help") == 0) {
        int st = help(&cl, i < argc ? argv[i] : NULL);
        ctl_close(&cl);
        return st;
    }
    /* a method's own arguments are key=value, JSON or -; one starting -- is an option,
     * wherever it stands (assessctl audit.list limit=5 --json). A shortcut's arguments
     * hold options of its own (--title): only assessctl's are taken from among them. */
    bool is_shortcut = ctl_shortcut_is(method);
    int kept = i;
    for (int k = i; k < argc; k++) {
        if (argv[k][0] == '-' && argv[k][1] == '-' && (!is_shortcut || client_option(argv[k])))
            k = take_option(&cl, argc, argv, k);
        else
            argv[kept++] = argv[k];
    }
    argc = kept;
    if (is_shortcut) {
        int st = ctl_shortcut_run(&cl, method, argc - i, argv + i);
        ctl_close(&cl);
        return st;
    }
    if (!strchr(method, '.')) {
        usage(stderr);
        ctl_die(EXIT_USAGE, "'%s' is not a method (methods look like noun.verb; assessctl help)",
                method);
    }
    sbuf params;
    sbuf_init(&params);
    build_params(&cl, method, argc - i, argv + i, &params);
    if (params.len == 0)
        sbuf_adds(&params, "{}");
    json_doc *check;
    json_error je;
    if (json_parse(params.data, params.len, &check, &je) != 0)
        ctl_die(EXIT_USAGE, "the params are not JSON: %s (byte %zu)", je.message, je.offset);
    if (json_doc_root(check)->type != JSON_OBJECT)
        ctl_die(EXIT_USAGE, "the params must be a JSON object of named parameters");
    /* re-encoded on one line: a request is one line, whatever the params' layout */
    sbuf_reset(&params);
    jw pw;
    jw_init(&pw, &params);
    jw_value(&pw, json_doc_root(check));
    json_doc_free(check);
    json_doc *reply = ctl_call(&cl, method, params.data);
    int status = ctl_print_reply(&cl, reply);
    json_doc_free(reply);
    sbuf_free(&params);
    ctl_close(&cl);
    return status;
}
