/* auth — who is calling, and what their roles allow.
 *
 * Owns the per-connection session: the peer's credentials (SO_PEERCRED), the person they map
 * to and that person's roles. The daemon's own uid and root are administrators; another uid is
 * the person whose record names that OS user; session.login switches a trusted front end to
 * the person a token belongs to. Handlers ask auth_require() for a role and get a 1002 naming
 * the rule when the caller lacks it.
 */
#ifndef ASSESSD_AUTH_H
#define ASSESSD_AUTH_H

#include <stdbool.h>
#include <stdint.h>
#include <sys/types.h>

#include "app.h"
#include "rpc.h"

enum {
    ROLE_ADMIN = 1 << 0,
    ROLE_ASSESSOR = 1 << 1,
    ROLE_IV = 1 << 2,
    ROLE_EV = 1 << 3,
    ROLE_TRAINER = 1 << 4,
    ROLE_CANDIDATE = 1 << 5,
};

typedef struct session {
    app *a;
    uid_t uid;
    gid_t gid;
    pid_t pid;
    bool os_admin;       /* root or the daemon's own user */
    bool resolved;       /* person lookup done for this uid */
    uint64_t generation; /* app->people_generation when resolved */
    int64_t person;      /* 0: none */
    unsigned roles;
    int64_t centre; /* the person's centre, 0 for an OS administrator */
    char name[256];
    char os_user[64];
    bool subscribed; /* wants reminder notifications */
    bool logged_in;  /* acting as a person through session.login */
    int64_t login_person;
    char login_hash[65]; /* the token's hash: a revoked token ends the login */
} session;

session *session_new(app *a, uid_t uid, gid_t gid, pid_t pid);
void session_free(session *s);
/* Makes sure the session knows its person (looked up once); false if the caller is unknown. */
bool auth_known(session *s);
/* Forget the cached person, so the next call looks it up again (after person changes). */
void auth_invalidate(session *s);
/* 0 if the caller holds one of the roles in mask; else a 1002 error naming rule, -1. */
int auth_require(rpc_call *c, unsigned mask, const char *rule);
/* 0 if the caller is an OS administrator acting as themself (not through a token); else a
 * 1002 naming rule system_admin and why (what the call would touch), -1. */
int auth_require_os_admin(rpc_call *c, const char *why);
bool auth_has(const session *s, unsigned mask);
/* "admin,assessor" <-> mask */
int auth_roles_parse(const char *name);
void auth_roles_write(jw *w, unsigned roles);
/* Writes {person, name, roles, ...} for session.whoami and the audit trail. */
void auth_write_identity(jw *w, const session *s);

#endif
