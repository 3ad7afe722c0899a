/* methods_people — centres, people, candidates, tokens and sessions. */
#include <string.h>

#include "app.h"
#include "auth.h"
#include "dates.h"
#include "dispatch.h"
#include "methods.h"

static int m_centre_create(rpc_call *c)
{
    if (auth_require(c, ROLE_ADMIN, "admin_only") != 0)
        return -1;
    app *a = rpc_call_method(c)->udata;
    const char *number = rpc_str(c, "number");
    const char *name = rpc_str(c, "name");
    if (!*number || !*name)
        return rpc_error(c, RPC_INVALID_PARAMS, NULL, "number and name must not be empty");
    char at[21];
    time_now_iso(at);
    int64_t id;
    int rc = store_centre_insert(a->st, number, name, at, &id);
    if (rc == STORE_CONFLICT)
        return rpc_error(c, RPC_CONFLICT, NULL, "a centre numbered '%s' already exists", number);
    if (rc != STORE_OK)
        return rpc_error(c, RPC_INTERNAL_ERROR, NULL, "cannot store the centre: %s",
                         store_errmsg(a->st));
    dispatch_set_record(c, "centre", id);
    jw *w = rpc_result(c);
    jw_obj_begin(w);
    jw_kint(w, "id", id);
    jw_obj_end(w);
    return 0;
}

void methods_stats_extra(app *a, jw *w)
{
    store_counts n;
    store_get_counts(a->st, &n);
    jw_key(w, "records");
    jw_obj_begin(w);
    jw_kint(w, "centres", n.centres);
    jw_kint(w, "audit_entries", n.audit);
    jw_obj_end(w);
}

static const rpc_param centre_create[] = {
    {"number", P_STRING, true, "the centre number the awarding body gave"},
    {"name", P_STRING, true, "the centre's name"},
    {NULL, 0, false, NULL},
};

void methods_people_register(app *a)
{
    static rpc_method methods[] = {
        {"centre.create", m_centre_create, RPC_WRITE, centre_create, "add a centre", NULL},
        {NULL, NULL, 0, NULL, NULL, NULL},
    };
    app_register(a, methods);
}
