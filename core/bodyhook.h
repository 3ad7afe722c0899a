/* bodyhook — the core asking an awarding body's plugin a question (a hook) about a
 * registration, and turning a refusal into 1004 with one violation per broken rule.
 */
#ifndef ASSESSD_BODYHOOK_H
#define ASSESSD_BODYHOOK_H

#include "app.h"
#include "registration.h"

/* Calls hook of body's plugin with args (a JSON array); fails the call with 1005 when there
 * is no such plugin or hook (bodyhook_missing), or the plugin fails. The tree form hands the plugin
 * args as they are (a hot path's arguments are built, not written and parsed: json_new). */
int bodyhook_call(rpc_call *c, app *a, const char *body, const char *hook, sbuf *args,
                  json_doc **out);
int bodyhook_call_tree(rpc_call *c, app *a, const char *body, const char *hook,
                       const json_value *args, json_doc **out);
/* One violation {rule, message, ref} (ref NULL: null) written to w, for the core's own rules. */
void bodyhook_violation(jw *w, const char *rule, const char *ref, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
/* A plugin's violations as the protocol promises them: each {rule, message, ref}, a member the
 * plugin left out written as null, the plugin's other members after them. */
void bodyhook_write_violations(jw *w, const json_value *violations);
/* No plugin answers hook for body: 1005 kind "missing" with the plugin's name (null when none
 * is loaded for the body), the hook and the body; returns -1. */
int bodyhook_missing(rpc_call *c, app *a, const char *body, const char *hook);
/* A hook's answer is not what docs/plugins.md says it returns: 1005 (kind "runtime", file and
 * line null) naming the plugin, the hook and what is wrong (nothing of the request is stored);
 * returns -1. The _of form names the plugin itself (a report's hook is "report:<name>"). */
int bodyhook_bad_answer(rpc_call *c, app *a, const char *body, const char *hook, const char *fmt,
                        ...) __attribute__((format(printf, 5, 6)));
int bodyhook_bad_answer_of(rpc_call *c, const char *plugin, const char *hook, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
/* Whether v (at where, e.g. "violations") is absent or a list of objects with a string rule and
 * message; why says what is wrong when not. */
bool bodyhook_violations_ok(const json_value *v, const char *where, char *why, size_t n);
/* 1004 with the violations given; returns -1. */
int bodyhook_refuse(rpc_call *c, const json_value *violations, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
/* The registration's members every hook receives: registration, catalogue_version, body,
 * qualification, registered_on, today — written as members of w's open object, or made as an
 * object in d with room for `room` more members (NULL when out of memory). */
#define BODYHOOK_CONTEXT_MEMBERS 6
void bodyhook_registration_context(jw *w, const reg_ctx *rc);
json_value *bodyhook_context(json_doc *d, const reg_ctx *rc, size_t room);

#endif
