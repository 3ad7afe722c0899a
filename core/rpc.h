/* rpc — JSON-RPC 2.0 over one message: parse, validate, dispatch, and build the reply.
 *
 * Owns the method registry (name -> handler, parameter spec, flags). It knows nothing of
 * sockets or SQL: the server hands it a line and gets back the reply text; the application
 * supplies hooks that run around each call (authorisation, and for writing methods the
 * transaction savepoint and the audit record). Batches, notifications and the error codes follow
 * the specification; every error carries data.reason. The params are checked against the
 * method's parameter spec (rpc_params.h) before the handler runs.
 *
 * Handlers return 0 after writing exactly one value with rpc_result(), or -1 after rpc_error().
 * A handler that writes part of a result and then fails loses the partial result.
 */
#ifndef ASSESSD_RPC_H
#define ASSESSD_RPC_H

#include <stdbool.h>
#include <stdint.h>

#include "json.h"
#include "sbuf.h"

enum {
    RPC_PARSE_ERROR = -32700,
    RPC_INVALID_REQUEST = -32600,
    RPC_METHOD_NOT_FOUND = -32601,
    RPC_INVALID_PARAMS = -32602,
    RPC_INTERNAL_ERROR = -32603,
    RPC_NOT_FOUND = 1001,
    RPC_FORBIDDEN = 1002,
    RPC_CONFLICT = 1003,
    RPC_RULE_VIOLATION = 1004,
    RPC_PLUGIN_ERROR = 1005,
    RPC_UNAUTHENTICATED = 1006,
    RPC_OVERLOADED = 1007,
};

typedef enum rpc_ptype {
    P_STRING,
    P_INT,
    P_ID, /* a positive integer naming a record */
    P_BOOL,
    P_DATE, /* "YYYY-MM-DD", a real calendar date */
    P_ARRAY,
    P_OBJECT,
    P_ANY,
    P_LINE, /* a string on one line: no line break, tab or other control character */
} rpc_ptype;

typedef struct rpc_param {
    const char *name;
    rpc_ptype type;
    bool required;
    const char *help;
} rpc_param;

/* Ends a parameter list: static const rpc_param p[] = {{"id", P_ID, true, NULL}, RPC_PARAM_END}; */
#define RPC_PARAM_END                                                                              \
    {                                                                                              \
        NULL, 0, false, NULL                                                                       \
    }

enum {
    RPC_WRITE = 1 << 0,        /* mutates: runs inside the group transaction, audited */
    RPC_NOAUTH = 1 << 1,       /* may be called by an unknown caller */
    RPC_WRITE_THREAD = 1 << 2, /* a write that may finish on the write thread (writer.h): the
                                * handler opens its savepoint itself (dispatch_write_begin) when
                                * it does not */
};

typedef struct rpc_call rpc_call;
typedef int (*rpc_fn)(rpc_call *c);

typedef struct rpc_method {
    const char *name;
    rpc_fn fn;
    unsigned flags;
    const rpc_param *params; /* NULL-name terminated; NULL: no validation */
    const char *help;
    void *udata;
} rpc_method;

/* Run around every dispatched call of a known method, before its parameters are checked.
 * before() may refuse the call by calling rpc_error() and returning -1. after() is always
 * called once before() was; ok says whether the call succeeded. */
typedef struct rpc_hooks {
    int (*before)(void *ud, rpc_call *c);
    void (*after)(void *ud, rpc_call *c, bool ok);
    void *ud;
} rpc_hooks;

typedef struct rpc_engine rpc_engine;

rpc_engine *rpc_new(void);
void rpc_free(rpc_engine *e);
void rpc_set_hooks(rpc_engine *e, const rpc_hooks *h);
void rpc_set_max_batch(rpc_engine *e, int64_t n);
/* The largest result a reading method may return (0: no limit); a larger one becomes error
 * 1007 with reason reply_too_large and data {bytes, limit}. */
void rpc_set_max_reply(rpc_engine *e, size_t bytes);
/* Registers a method; the struct and its strings must outlive the registration. owner groups
 * methods for rpc_unregister_owner (NULL for the core). Returns -1 if the name is taken. */
int rpc_register(rpc_engine *e, const rpc_method *m, const void *owner);
void rpc_unregister_owner(rpc_engine *e, const void *owner);
const rpc_method *rpc_find(rpc_engine *e, const char *name);
/* Calls fn for every registered method, in name order. */
void rpc_each_method(rpc_engine *e, void (*fn)(void *ud, const rpc_method *m, const void *owner),
                     void *ud);

/* Processes one message (an object or a batch) and appends the reply line, with its '\n', to
 * out; appends nothing when no reply is due (notifications only). session is handed to handlers
 * through rpc_session(). Returns the number of calls dispatched. */
int rpc_process(rpc_engine *e, void *session, const char *msg, size_t len, sbuf *out);
/* Appends a bare error reply (id null) — for framing errors found before parsing. */
void rpc_error_line(sbuf *out, int code, const char *reason, const char *message);
/* Each reply line in replies (as rpc_process wrote them: an object, or a batch's array) once
 * more as this error, with the id each reply had, appended to out. */
void rpc_fail_replies(sbuf *out, const char *replies, size_t len, int code, const char *reason,
                      const char *message);

/* ---- inside a handler ---- */
void *rpc_session(rpc_call *c);
const rpc_method *rpc_call_method(rpc_call *c);
const json_value *rpc_params(rpc_call *c);
/* A parameter's value, or NULL when absent or null. */
const json_value *rpc_arg(rpc_call *c, const char *name);
const char *rpc_str(rpc_call *c, const char *name); /* NULL when absent */
int64_t rpc_int(rpc_call *c, const char *name, int64_t def);
bool rpc_bool(rpc_call *c, const char *name, bool def);
bool rpc_is_notification(rpc_call *c);

jw *rpc_result(rpc_call *c);
int rpc_error(rpc_call *c, int code, const char *reason, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
/* Starts an error whose data object the caller extends (after "reason"); returns the writer
 * positioned inside data. Returns -1 through rpc_error_done(). */
jw *rpc_error_data(rpc_call *c, int code, const char *reason, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
int rpc_error_done(rpc_call *c);
/* -32602 naming the parameter at fault in data.field; returns -1. */
int rpc_error_field(rpc_call *c, const char *field, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
bool rpc_failed(rpc_call *c);
int rpc_error_code(rpc_call *c);
/* The error message of a failed call (for logs and the audit trail). */
const char *rpc_error_message(rpc_call *c);
/* Answers later: returns a copy of the call (its id and params copied) that outlives the
 * handler, or NULL when the call cannot wait — a notification, or a member of a batch — and
 * must be answered now. After a copy is taken the handler returns 0 and no reply goes out for
 * the call; the caller then uses the copy like any call (rpc_result, rpc_error, rpc_str, ...)
 * and ends it with rpc_finish, which appends the reply line to out and frees the copy, or
 * rpc_drop, which frees it unanswered (its connection is gone). The after-hook has already
 * run, at the time of the original call. */
rpc_call *rpc_defer(rpc_call *c);
/* Whether rpc_defer(c) would defer it (not in a batch, not a notification, not failed). */
bool rpc_can_defer(rpc_call *c);
void rpc_finish(rpc_call *deferred, sbuf *out);
void rpc_drop(rpc_call *deferred);
/* A call of no request, for code outside one (a bulk import's job) that uses the helpers
 * which fail a call: what they refuse is read with rpc_failed, rpc_error_message and
 * rpc_error_json. It has no method and no parameters, and is never answered: rpc_drop frees it.
 * NULL when out of memory. */
rpc_call *rpc_call_detached(rpc_engine *e, void *session);
/* The error a failed call answers, {code, message, data} as JSON text ("" when it has not
 * failed). */
const char *rpc_error_json(rpc_call *c);
/* Application slot for the hooks (e.g. the audit record being prepared). */
void rpc_set_slot(rpc_call *c, void *p);
void *rpc_slot(rpc_call *c);

const char *rpc_reason_for(int code);

#endif
