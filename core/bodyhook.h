/* bodyhook — the core asking an awarding body's plugin a question (a hook) about a
 * registration, and turning a refusal into 1004 with one violation per broken rule.
 */
#ifndef ASSESSD_BODYHOOK_H
#define ASSESSD_BODYHOOK_H

#include "app.h"
#include "registration.h"

/* Calls hook of body's plugin with args (a JSON array); fails the call with 1005 when there
 * is no such plugin or hook, or the plugin fails. */
int bodyhook_call(rpc_call *c, app *a, const char *body, const char *hook, sbuf *args,
                  json_doc **out);
/* 1004 with the violations given; returns -1. */
int bodyhook_refuse(rpc_call *c, const json_value *violations, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
/* The registration's members every hook receives: registration, catalogue_version, body,
 * qualification, registered_on, today. */
void bodyhook_registration_context(jw *w, const reg_ctx *rc);

#endif
