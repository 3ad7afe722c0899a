/* dispatch — identity, savepoints and the audit trail around every call. See dispatch.h. */
#include "dispatch.h"

#include <stdio.h>
#include <stdlib.h>

#include "audit.h"
#include "auth.h"
#include "log.h"

typedef struct call_state {
    bool savepoint;
    bool later; /* queued for the write thread */
    char record[64];
} call_state;

void dispatch_set_record(rpc_call *c, const char *kind, int64_t id)
{
    call_state *cs = rpc_slot(c);
    if (cs)
        snprintf(cs->record, sizeof cs->record, "%s:%lld", kind, (long long)id);
}

static int before(void *ud, rpc_call *c)
{
    app *a = ud;
    const rpc_method *m = rpc_call_method(c);
    session *s = rpc_session(c);
    if (m->flags & RPC_WRITE) {
        call_state *cs = calloc(1, sizeof *cs);
        rpc_set_slot(c, cs);
    }
    if (!(m->flags & RPC_NOAUTH) && !auth_known(s)) {
        /* a login that ended is not an OS user without a person: say which it is */
        jw *w = s->logged_in
                    ? rpc_error_data(c, RPC_UNAUTHENTICATED, NULL,
                                     "this connection's login no longer holds: its token was "
                                     "revoked or its person left; log in again with "
                                     "session.login")
                    : rpc_error_data(c, RPC_UNAUTHENTICATED, NULL,
                                     "no person is registered for OS user '%s' (uid %u): ask "
                                     "an administrator to add one, or log in with "
                                     "session.login",
                                     s->os_user, (unsigned)s->uid);
        jw_kstr(w, "os_user", s->os_user);
        return rpc_error_done(c);
    }
    /* any EV role: a record made before person.create refused 'ev' with other roles too */
    if ((m->flags & RPC_WRITE) && s->person && auth_has(s, ROLE_EV)) {
        jw *w = rpc_error_data(c, RPC_FORBIDDEN, NULL,
                               "ev_read_only: an external verifier reads everything and writes "
                               "nothing (%s writes)",
                               m->name);
        jw_kstr(w, "rule", "ev_read_only");
        return rpc_error_done(c);
    }
    if ((m->flags & RPC_WRITE) && !(m->flags & RPC_WRITE_THREAD))
        return dispatch_write_begin(a, c);
    return 0;
}

int dispatch_write_begin(app *a, rpc_call *c)
{
    call_state *cs = rpc_slot(c);
    if (!cs)
        return rpc_error(c, RPC_INTERNAL_ERROR, NULL, "out of memory");
    if (store_tx_begin(a->st) != STORE_OK || store_savepoint(a->st) != STORE_OK)
        return rpc_error(c, RPC_OVERLOADED, NULL, "the database is busy: %s", store_errmsg(a->st));
    cs->savepoint = true;
    return 0;
}

void dispatch_write_later(rpc_call *c)
{
    call_state *cs = rpc_slot(c);
    if (cs)
        cs->later = true;
}

int dispatch_audit(store *st, rpc_call *c, const session *who, bool ok, const char *record)
{
    sbuf params, outcome;
    sbuf_init(&params);
    sbuf_init(&outcome);
    jw w;
    jw_init(&w, &params);
    if (rpc_params(c))
        jw_value(&w, rpc_params(c));
    else
        sbuf_adds(&params, "{}");
    if (ok)
        sbuf_adds(&outcome, "ok");
    else
        sbuf_printf(&outcome, "error %d %s: %s", rpc_error_code(c),
                    rpc_reason_for(rpc_error_code(c)), rpc_error_message(c));
    int rc = audit_append_to(st, who, rpc_call_method(c)->name, params.data, outcome.data, record);
    sbuf_free(&params);
    sbuf_free(&outcome);
    return rc;
}

/* The call's entry in the audit trail: its params, and "ok" or the error it got. */
static int audit_call(app *a, rpc_call *c, bool ok, const call_state *cs)
{
    session *s = rpc_session(c);
    auth_known(s);
    return dispatch_audit(a->st, c, s, ok, cs && cs->record[0] ? cs->record : NULL);
}

static void after(void *ud, rpc_call *c, bool ok)
{
    app *a = ud;
    const rpc_method *m = rpc_call_method(c);
    if (ok)
        a->calls_ok++;
    else
        a->calls_failed++;
    if (!(m->flags & RPC_WRITE))
        return;
    call_state *cs = rpc_slot(c);
    if (cs && cs->later) { /* its entry is written with it, on the write thread */
        free(cs);
        rpc_set_slot(c, NULL);
        return;
    }
    /* Refused and failed writes are audited too: who tried what is part of the record. A write
     * that was done is audited inside its savepoint, so one whose entry cannot be written is
     * not kept either. */
    if (cs && cs->savepoint && !ok)
        store_rollback(a->st);
    if (store_tx_begin(a->st) == STORE_OK) {
        if (audit_call(a, c, ok, cs) == 0) {
            if (cs && cs->savepoint && ok)
                store_release(a->st);
        } else if (ok) {
            if (cs && cs->savepoint)
                store_rollback(a->st);
            ok = false;
            a->calls_ok--;
            a->calls_failed++;
            rpc_error(c, RPC_INTERNAL_ERROR, NULL,
                      "%s was not stored: its audit entry could not be written (%s)", m->name,
                      store_errmsg(a->st));
            log_error("dispatch", "%s was undone: its audit entry could not be written", m->name);
        } else {
            log_error("dispatch", "the audit entry for %s was not written", m->name);
        }
    } else { /* the lock another process holds outlived a second busy timeout */
        if (cs && cs->savepoint && ok) /* cannot happen: the write holds the transaction */
            store_release(a->st);
        log_error("dispatch", "the audit entry for %s was not written: %s", m->name,
                  store_errmsg(a->st));
    }
    if (ok)
        a->writes++;
    free(cs);
    rpc_set_slot(c, NULL);
}

void dispatch_install(app *a)
{
    rpc_hooks h = {before, after, a};
    rpc_set_hooks(a->rpc, &h);
}
