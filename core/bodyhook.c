/* bodyhook — asking the body's plugin, and refusing with its violations. See bodyhook.h. */
#include "bodyhook.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "dates.h"

int bodyhook_call(rpc_call *c, app *a, const char *body, const char *hook, sbuf *args,
                  json_doc **out)
{
    lh_plugin *p = lh_find_body(a->lh, body);
    if (!p || !lh_has_hook(p, hook)) {
        jw *w = rpc_error_data(c, RPC_PLUGIN_ERROR, NULL,
                               "no plugin for awarding body %s answers '%s' (plugins.list says "
                               "why)",
                               body, hook);
        jw_kstr(w, "plugin", p ? lh_plugin_name(p) : body);
        jw_knull(w, "file");
        jw_knull(w, "line");
        return rpc_error_done(c);
    }
    lh_error err;
    if (lh_call(p, hook, args->data, args->len, out, &err) != 0)
        return lh_rpc_error(c, &err);
    if (!*out)
        return rpc_error(c, RPC_PLUGIN_ERROR, NULL, "plugin %s: hook '%s' returned nothing",
                         lh_plugin_name(p), hook);
    return 0;
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
    jw_value(w, violations);
    return rpc_error_done(c);
}

void bodyhook_registration_context(jw *w, const reg_ctx *rc)
{
    char today[DATE_LEN];
    date_today_str(today);
    jw_kint(w, "registration", rc->r.id);
    jw_kint(w, "catalogue_version", rc->r.catalogue_version);
    jw_kstr(w, "body", rc->r.body);
    jw_kstr(w, "qualification", rc->r.qualification);
    jw_kstr(w, "registered_on", rc->r.registered_on);
    jw_kstr(w, "today", today);
}
