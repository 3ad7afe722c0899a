/* methods_system — system.*, plugins.* and session.whoami: the daemon describing itself. */
#include <string.h>

#include "app.h"
#include "auth.h"
#include "methods.h"
#include "progress_cache.h"
#include "writer.h"

#ifndef ASSESSD_VERSION
#define ASSESSD_VERSION "0.0.0"
#endif

/* Request rates: a sample of the request counter every second, 61 kept. */
#define NSAMPLES 61
static struct {
    uv_timer_t timer;
    int64_t samples[NSAMPLES];
    int next, filled;
    app *a;
} rate;

static void on_sample(uv_timer_t *t)
{
    (void)t;
    server_stats st;
    server_get_stats(rate.a->srv, &st);
    rate.samples[rate.next] = st.requests;
    rate.next = (rate.next + 1) % NSAMPLES;
    if (rate.filled < NSAMPLES)
        rate.filled++;
}

static double rate_over(int seconds)
{
    if (rate.filled < 2)
        return 0;
    if (seconds > rate.filled - 1)
        seconds = rate.filled - 1;
    int newest = (rate.next - 1 + NSAMPLES) % NSAMPLES;
    int oldest = (newest - seconds + NSAMPLES) % NSAMPLES;
    return (double)(rate.samples[newest] - rate.samples[oldest]) / seconds;
}

void methods_system_start(app *a)
{
    rate.a = a;
    uv_timer_init(a->loop, &rate.timer);
    uv_timer_start(&rate.timer, on_sample, 1000, 1000);
    uv_unref((uv_handle_t *)&rate.timer);
}

void methods_system_stop(app *a)
{
    (void)a;
    uv_timer_stop(&rate.timer);
    uv_close((uv_handle_t *)&rate.timer, NULL);
}

static int m_ping(rpc_call *c)
{
    jw *w = rpc_result(c);
    jw_obj_begin(w);
    jw_kbool(w, "pong", true);
    jw_kstr(w, "version", ASSESSD_VERSION);
    jw_obj_end(w);
    return 0;
}

static int m_stats(rpc_call *c)
{
    app *a = rpc_call_method(c)->udata;
    server_stats ss;
    server_get_stats(a->srv, &ss);
    store_stats st;
    store_get_stats(a->st, &st);
    int loaded, failed;
    lh_counts(a->lh, &loaded, &failed);
    jw *w = rpc_result(c);
    jw_obj_begin(w);
    jw_kstr(w, "version", ASSESSD_VERSION);
    jw_kstr(w, "started_at", a->started_at);
    jw_kint(w, "uptime_s", (int64_t)((uv_hrtime() - a->started_ns) / 1000000000u));
    jw_key(w, "connections");
    jw_obj_begin(w);
    jw_kint(w, "open", ss.connections);
    jw_kint(w, "total", ss.connections_total);
    jw_kint(w, "refused", ss.refused);
    jw_kint(w, "dropped_slow", ss.dropped_slow);
    jw_kint(w, "closed_oversize", ss.closed_oversize);
    jw_kint(w, "closed_deadline", ss.closed_deadline);
    jw_obj_end(w);
    jw_key(w, "requests");
    jw_obj_begin(w);
    jw_kint(w, "total", ss.requests);
    jw_kint(w, "messages", ss.messages);
    jw_kint(w, "ok", a->calls_ok);
    jw_kint(w, "failed", a->calls_failed);
    jw_kint(w, "writes", a->writes);
    jw_key(w, "per_second_1s");
    jw_double(w, rate_over(1));
    jw_key(w, "per_second_10s");
    jw_double(w, rate_over(10));
    jw_key(w, "per_second_60s");
    jw_double(w, rate_over(60));
    jw_obj_end(w);
    jw_key(w, "store");
    jw_obj_begin(w);
    jw_kint(w, "schema_version", store_schema_version(a->st));
    int64_t wcommits, wfailures;
    writer_stats(a, &wcommits, &wfailures);
    jw_kint(w, "group_commits", ss.commits + wcommits);
    jw_kint(w, "commit_failures", ss.commit_failures + wfailures);
    jw_kint(w, "write_thread_commits", wcommits);
    jw_kint(w, "rolled_back_requests", st.rolled_back);
    jw_kint(w, "statements_cached", st.statements_cached);
    jw_obj_end(w);
    jw_key(w, "io");
    jw_obj_begin(w);
    jw_kint(w, "bytes_in", ss.bytes_in);
    jw_kint(w, "bytes_out", ss.bytes_out);
    jw_obj_end(w);
    jw_key(w, "plugins");
    jw_obj_begin(w);
    jw_kint(w, "loaded", loaded);
    jw_kint(w, "failed", failed);
    jw_key(w, "list");
    lh_write_list(a->lh, w);
    jw_obj_end(w);
    if (a->progress) {
        pcache_stats ps;
        pcache_get_stats(a->progress, &ps);
        jw_key(w, "progress_cache");
        jw_obj_begin(w);
        jw_kint(w, "entries", ps.entries);
        jw_kint(w, "bytes", ps.bytes);
        jw_kint(w, "capacity", ps.capacity);
        jw_kint(w, "hits", ps.hits);
        jw_kint(w, "misses", ps.misses);
        jw_obj_end(w);
    }
    methods_stats_extra(a, w);
    jw_obj_end(w);
    return 0;
}

static const char *ptype(rpc_ptype t)
{
    static const char *const names[] = {"string", "integer", "id",  "boolean", "date",
                                        "array",  "object",  "any", "line"};
    return names[t];
}

static void one_method(void *ud, const rpc_method *m, const void *owner)
{
    jw *w = ud;
    jw_obj_begin(w);
    jw_kstr(w, "name", m->name);
    jw_kstr(w, "help", m->help ? m->help : "");
    jw_kbool(w, "writes", (m->flags & RPC_WRITE) != 0);
    jw_kstr(w, "provider", owner ? lh_plugin_name(owner) : "core");
    jw_key(w, "params");
    if (m->params) {
        jw_arr_begin(w);
        for (const rpc_param *p = m->params; p->name; p++) {
            jw_obj_begin(w);
            jw_kstr(w, "name", p->name);
            jw_kstr(w, "type", ptype(p->type));
            jw_kbool(w, "required", p->required);
            jw_kstr(w, "help", p->help ? p->help : "");
            jw_obj_end(w);
        }
        jw_arr_end(w);
    } else {
        jw_null(w); /* a plugin method: it checks its own parameters */
    }
    jw_obj_end(w);
}

static int m_methods(rpc_call *c)
{
    app *a = rpc_call_method(c)->udata;
    jw *w = rpc_result(c);
    jw_arr_begin(w);
    rpc_each_method(a->rpc, one_method, w);
    jw_arr_end(w);
    return 0;
}

static int m_plugins_list(rpc_call *c)
{
    app *a = rpc_call_method(c)->udata;
    jw *w = rpc_result(c);
    lh_write_list(a->lh, w);
    return 0;
}

static int m_plugins_reload(rpc_call *c)
{
    if (auth_require(c, ROLE_ADMIN, "admin_only") != 0)
        return -1;
    app *a = rpc_call_method(c)->udata;
    int failed = lh_reload(a->lh);
    if (a->progress)
        pcache_clear(a->progress); /* the rules may have changed */
    jw *w = rpc_result(c);
    jw_obj_begin(w);
    jw_kint(w, "failed", failed);
    jw_key(w, "plugins");
    lh_write_list(a->lh, w);
    jw_obj_end(w);
    return 0;
}

static int m_whoami(rpc_call *c)
{
    session *s = rpc_session(c);
    bool known = auth_known(s);
    jw *w = rpc_result(c);
    if (!known) {
        jw_obj_begin(w);
        jw_knull(w, "person");
        jw_kstr(w, "os_user", s->os_user);
        jw_kint(w, "uid", (int64_t)s->uid);
        jw_key(w, "roles");
        jw_arr_begin(w);
        jw_arr_end(w);
        jw_obj_end(w);
        return 0;
    }
    auth_write_identity(w, s);
    return 0;
}

static const rpc_param none[] = {RPC_PARAM_END};

void methods_system_register(app *a)
{
    static rpc_method methods[] = {
        {"system.ping", m_ping, RPC_NOAUTH, none, "is the daemon there: {pong, version}", NULL},
        {"system.stats", m_stats, 0, none, "counts, uptime, plugin states, request rates", NULL},
        {"system.methods", m_methods, RPC_NOAUTH, none, "every method with its parameters", NULL},
        {"plugins.list", m_plugins_list, 0, none, "loaded plugins with state and errors", NULL},
        {"plugins.reload", m_plugins_reload, RPC_WRITE, none,
         "reload every plugin without a restart; a broken one keeps its previous version", NULL},
        {"session.whoami", m_whoami, RPC_NOAUTH, none, "who the daemon thinks you are", NULL},
        {NULL, NULL, 0, NULL, NULL, NULL},
    };
    app_register(a, methods);
}
