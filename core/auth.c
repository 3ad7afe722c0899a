/* auth — sessions, identities and role checks. See auth.h. */
#include "auth.h"
#include "people.h"

#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static const char *const role_names[] = {"admin", "assessor", "iv", "ev", "trainer", "candidate"};
#define NROLES 6

session *session_new(app *a, uid_t uid, gid_t gid, pid_t pid)
{
    session *s = calloc(1, sizeof *s);
    if (!s)
        return NULL;
    s->a = a;
    s->uid = uid;
    s->gid = gid;
    s->pid = pid;
    s->os_admin = uid == 0 || uid == geteuid();
    struct passwd pw, *res = NULL;
    char buf[1024];
    if (getpwuid_r(uid, &pw, buf, sizeof buf, &res) == 0 && res)
        snprintf(s->os_user, sizeof s->os_user, "%s", pw.pw_name);
    else
        snprintf(s->os_user, sizeof s->os_user, "uid%u", (unsigned)uid);
    return s;
}

void session_free(session *s)
{
    free(s);
}

void auth_invalidate(session *s)
{
    s->resolved = false;
}

bool auth_known(session *s)
{
    if (!s->resolved || s->generation != s->a->people_generation) {
        s->resolved = true;
        s->generation = s->a->people_generation;
        s->person = 0;
        s->roles = 0;
        s->centre = 0;
        /* a login that no longer holds (its token revoked, its person gone) is nobody: never
         * the OS administrator the front end's process happens to be */
        if (!people_resolve_session(s->a, s) && s->os_admin && !s->logged_in) {
            /* the daemon's own user and root administer everything, person record or not */
            s->person = 0;
            s->roles = ROLE_ADMIN;
            s->centre = 0;
            snprintf(s->name, sizeof s->name, "%s (system administrator)", s->os_user);
        }
    }
    return s->person != 0 || (s->os_admin && !s->logged_in);
}

int auth_require_os_admin(rpc_call *c, const char *why)
{
    session *s = rpc_session(c);
    if (s->os_admin && s->person == 0)
        return 0;
    jw *w = rpc_error_data(c, RPC_FORBIDDEN, NULL,
                           "system_admin: %s: only the daemon's own user or root, acting as "
                           "themself, may",
                           why);
    jw_kstr(w, "rule", "system_admin");
    return rpc_error_done(c);
}

bool auth_has(const session *s, unsigned mask)
{
    return (s->roles & mask) != 0;
}

int auth_roles_parse(const char *name)
{
    for (int i = 0; i < NROLES; i++)
        if (strcmp(name, role_names[i]) == 0)
            return 1 << i;
    return 0;
}

void auth_roles_write(jw *w, unsigned roles)
{
    jw_arr_begin(w);
    for (int i = 0; i < NROLES; i++)
        if (roles & (1u << i))
            jw_str(w, role_names[i]);
    jw_arr_end(w);
}

int auth_require(rpc_call *c, unsigned mask, const char *rule)
{
    session *s = rpc_session(c);
    if (auth_known(s) && auth_has(s, mask))
        return 0;
    sbuf need;
    sbuf_init(&need);
    for (int i = 0; i < NROLES; i++)
        if (mask & (1u << i))
            sbuf_printf(&need, "%s%s", need.len ? " or " : "", role_names[i]);
    jw *w = rpc_error_data(c, RPC_FORBIDDEN, NULL, "%s: %s needs the %s role", rule,
                           rpc_call_method(c)->name, need.data);
    jw_kstr(w, "rule", rule);
    sbuf_free(&need);
    return rpc_error_done(c);
}

void auth_write_identity(jw *w, const session *s)
{
    jw_obj_begin(w);
    jw_key(w, "person");
    if (s->person)
        jw_int(w, s->person);
    else
        jw_null(w);
    jw_kstr(w, "name", s->name);
    jw_key(w, "roles");
    auth_roles_write(w, s->roles);
    jw_key(w, "centre");
    if (s->centre)
        jw_int(w, s->centre);
    else
        jw_null(w);
    jw_kstr(w, "os_user", s->os_user);
    jw_kint(w, "uid", (int64_t)s->uid);
    jw_obj_end(w);
}
