/* bodyhook — asking the body's plugin, and refusing with its violations. See bodyhook.h. */
#include "bodyhook.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "dates.h"

int bodyhook_call_tree(rpc_call *c, app *a, const char *body, const char *hook,
                       const json_value *args, json_doc **out)
{
    *out = NULL;
    lh_plugin *p = lh_find_body(a->lh, body);
    if (!p || !lh_has_hook(p, hook))
        return bodyhook_missing(c, a, body, hook);
    lh_error err;
    if (lh_call_watching(p, hook, args, NULL, NULL, out, &err) != 0)
        return lh_rpc_error(c, &err);
    if (!*out)
        return bodyhook_bad_answer(c, a, body, hook, "nothing (nil)");
    return 0;
}

int bodyhook_missing(rpc_call *c, app *a, const char *body, const char *hook)
{
    lh_plugin *p = lh_find_body(a->lh, body);
    jw *w;
    if (p)
        w = rpc_error_data(
            c, RPC_PLUGIN_ERROR, NULL,
            "plugin %s, of awarding body %s, declares no hook '%s' (docs/plugins.md, "
            "\"Hooks\", says what a body's plugin answers)",
            lh_plugin_name(p), body, hook);
    else
        w = rpc_error_data(c, RPC_PLUGIN_ERROR, NULL,
                           "no plugin is loaded for awarding body %s to answer '%s' (plugins.list "
                           "shows whether one failed to load)",
                           body, hook);
    jw_kstr_or_null(w, "plugin", p ? lh_plugin_name(p) : NULL);
    jw_kstr(w, "kind", "missing");
    jw_kstr(w, "hook", hook);
    jw_kstr(w, "body", body);
    jw_knull(w, "file");
    jw_knull(w, "line");
    return rpc_error_done(c);
}

int bodyhook_call(rpc_call *c, app *a, const char *body, const char *hook, sbuf *args,
                  json_doc **out)
{
    *out = NULL;
    json_doc *d = NULL;
    json_error je;
    if (json_parse(args->data, args->len, &d, &je) != 0)
        return rpc_error(c, RPC_INTERNAL_ERROR, NULL, "hook '%s': arguments are not JSON: %s", hook,
                         je.message);
    int rc = bodyhook_call_tree(c, a, body, hook, json_doc_root(d), out);
    json_doc_free(d);
    return rc;
}

static int bad_answer(rpc_call *c, const char *plugin, const char *hook, const char *fmt,
                      va_list ap) __attribute__((format(printf, 4, 0)));
static int bad_answer(rpc_call *c, const char *plugin, const char *hook, const char *fmt,
                      va_list ap)
{
    char what[400];
    vsnprintf(what, sizeof what, fmt, ap);
    /* a report's hook is "report:<name>", described under "Reports", not "Hooks" */
    bool report = strncmp(hook, "report:", 7) == 0;
    jw *w = rpc_error_data(c, RPC_PLUGIN_ERROR, NULL,
                           "plugin %s: hook '%s' answered with %s (docs/plugins.md, \"%s\", "
                           "says what it returns)",
                           plugin, hook, what, report ? "Reports" : "Hooks");
    jw_kstr(w, "plugin", plugin);
    jw_kstr(w, "kind", "runtime");
    jw_kstr(w, "hook", hook);
    jw_knull(w, "file");
    jw_knull(w, "line");
    return rpc_error_done(c);
}

int bodyhook_bad_answer(rpc_call *c, app *a, const char *body, const char *hook, const char *fmt,
                        ...)
{
    lh_plugin *p = lh_find_body(a->lh, body);
    va_list ap;
    va_start(ap, fmt);
    int rc = bad_answer(c, p ? lh_plugin_name(p) : body, hook, fmt, ap);
    va_end(ap);
    return rc;
}

int bodyhook_bad_answer_of(rpc_call *c, const char *plugin, const char *hook, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int rc = bad_answer(c, plugin, hook, fmt, ap);
    va_end(ap);
    return rc;
}

bool bodyhook_violations_ok(const json_value *v, const char *where, char *why, size_t n)
{
    if (!v || v->type == JSON_NULL)
        return true;
    if (v->type != JSON_ARRAY) {
        snprintf(why, n, "%s that is %s, not a list", where, json_type_name(v->type));
        return false;
    }
    for (size_t i = 0; i < v->len; i++) {
        const json_value *x = v->u.items[i];
        if (x->type != JSON_OBJECT || !json_get_str(x, "rule") || !json_get_str(x, "message")) {
            snprintf(why, n, "%s[%zu] that is not {rule = \"name\", message = \"...\", ref}", where,
                     i + 1);
            return false;
        }
    }
    return true;
}

void bodyhook_violation(jw *w, const char *rule, const char *ref, const char *fmt, ...)
{
    char msg[600];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    jw_obj_begin(w);
    jw_kstr(w, "rule", rule);
    jw_kstr(w, "message", msg);
    jw_kstr_or_null(w, "ref", ref);
    jw_obj_end(w);
}

void bodyhook_write_violations(jw *w, const json_value *violations)
{
    static const char *const keys[] = {"rule", "message", "ref"};
    jw_arr_begin(w);
    for (size_t i = 0; violations && violations->type == JSON_ARRAY && i < violations->len; i++) {
        const json_value *v = violations->u.items[i];
        if (v->type != JSON_OBJECT) {
            jw_value(w, v);
            continue;
        }
        jw_obj_begin(w);
        for (size_t k = 0; k < 3; k++) {
            jw_key(w, keys[k]);
            jw_value(w, json_get(v, keys[k])); /* null when the plugin left it out */
        }
        for (size_t m = 0; m < v->len; m++) {
            const json_member *x = &v->u.members[m];
            bool known = false;
            for (size_t k = 0; k < 3 && !known; k++)
                known = strlen(keys[k]) == x->key_len && !memcmp(keys[k], x->key, x->key_len);
            if (!known) {
                jw_keyn(w, x->key, x->key_len);
                jw_value(w, x->value);
            }
        }
        jw_obj_end(w);
    }
    jw_arr_end(w);
}

int bodyhook_refuse(rpc_call *c, const json_value *violations, const char *fmt, ...)
{
    char msg[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    jw *w = rpc_error_data(c, RPC_RULE_VIOLATION, NULL, "%s", msg);
    jw_key(w, "violations");
    bodyhook_write_violations(w, violations);
    return rpc_error_done(c);
}

json_value *bodyhook_context(json_doc *d, const reg_ctx *rc, size_t room)
{
    char today[DATE_LEN];
    date_today_str(today);
    json_value *ctx = json_new(d, JSON_OBJECT, BODYHOOK_CONTEXT_MEMBERS + room);
    json_value *m[BODYHOOK_CONTEXT_MEMBERS] = {
        json_new_int(d, rc->r.id),
        json_new_int(d, rc->r.catalogue_version),
        json_new_str(d, rc->r.body),
        json_new_str(d, rc->r.qualification),
        json_new_str(d, rc->r.registered_on),
        json_new_str(d, today),
    };
    static const char *const keys[BODYHOOK_CONTEXT_MEMBERS] = {
        "registration", "catalogue_version", "body", "qualification", "registered_on", "today",
    };
    for (int i = 0; i < BODYHOOK_CONTEXT_MEMBERS; i++) {
        if (!ctx || !m[i])
            return NULL;
        json_put(ctx, keys[i], strlen(keys[i]), m[i]);
    }
    return ctx;
}

void bodyhook_registration_context(jw *w, const reg_ctx *rc)
{
    json_doc *d = json_doc_new();
    const json_value *ctx = d ? bodyhook_context(d, rc, 0) : NULL;
    for (size_t i = 0; ctx && i < ctx->len; i++) {
        jw_keyn(w, ctx->u.members[i].key, ctx->u.members[i].key_len);
        jw_value(w, ctx->u.members[i].value);
    }
    json_doc_free(d);
}
