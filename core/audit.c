/* audit — the hash chain and the audit.* methods. See audit.h. */
#include "audit.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "dates.h"
#include "log.h"
#include "sha256.h"

#define GENESIS "0000000000000000000000000000000000000000000000000000000000000000"

static void field(sha256_ctx *h, const char *s)
{
    sha256_update(h, s, strlen(s));
    sha256_update(h, "\x1f", 1); /* unit separator: fields cannot run into each other */
}

static void entry_hash(const store_audit_row *r, char out[65])
{
    sha256_ctx h;
    char num[3][24];
    snprintf(num[0], sizeof num[0], "%" PRId64, r->seq);
    snprintf(num[1], sizeof num[1], "%" PRId64, r->actor_person);
    snprintf(num[2], sizeof num[2], "%" PRId64, r->actor_uid);
    sha256_init(&h);
    field(&h, r->prev_hash);
    field(&h, num[0]);
    field(&h, r->at);
    field(&h, num[1]);
    field(&h, num[2]);
    field(&h, r->actor_name);
    field(&h, r->method);
    field(&h, r->params);
    field(&h, r->outcome);
    field(&h, r->record ? r->record : "");
    uint8_t d[32];
    sha256_final(&h, d);
    sha256_to_hex(d, out);
}

int audit_append(app *a, const session *who, const char *method, const char *params,
                 const char *outcome, const char *record)
{
    return audit_append_to(a->st, who, method, params, outcome, record);
}

int audit_append_to(store *st, const session *who, const char *method, const char *params,
                    const char *outcome, const char *record)
{
    int64_t last;
    char prev[65];
    if (store_audit_last(st, &last, prev) != STORE_OK)
        return -1;
    char at[21], hash[65];
    time_now_iso(at);
    store_audit_row r = {
        .seq = last + 1,
        .at = at,
        .actor_person = who ? who->person : 0,
        .actor_uid = who ? (int64_t)who->uid : -1,
        .actor_name = who ? who->name : "",
        .method = method,
        .params = params,
        .outcome = outcome,
        .record = record ? record : "",
        .prev_hash = last ? prev : GENESIS,
    };
    entry_hash(&r, hash);
    r.hash = hash;
    if (store_audit_insert(st, &r) != STORE_OK) {
        log_error("audit", "cannot append to the audit trail: %s", store_errmsg(st));
        return -1;
    }
    return 0;
}

/* ---- audit.list ---------------------------------------------------------------------- */

static int list_row(void *ud, const store_audit_row *r)
{
    jw *w = ud;
    jw_obj_begin(w);
    jw_kint(w, "seq", r->seq);
    jw_kstr(w, "at", r->at);
    jw_key(w, "actor");
    jw_obj_begin(w);
    jw_key(w, "person");
    if (r->actor_person)
        jw_int(w, r->actor_person);
    else
        jw_null(w);
    jw_kstr(w, "name", r->actor_name);
    jw_kint(w, "uid", r->actor_uid);
    jw_obj_end(w);
    jw_kstr(w, "method", r->method);
    jw_key(w, "params");
    json_doc *doc;
    if (json_parse(r->params, strlen(r->params), &doc, NULL) == 0) {
        jw_value(w, json_doc_root(doc));
        json_doc_free(doc);
    } else {
        jw_str(w, r->params);
    }
    jw_kstr(w, "outcome", r->outcome);
    jw_kstr_or_null(w, "record", r->record[0] ? r->record : NULL);
    jw_kstr(w, "hash", r->hash);
    jw_obj_end(w);
    return 0;
}

/* since / until: a date (until: to its end) or a UTC time as the trail writes them,
 * YYYY-MM-DDTHH:MM:SSZ; the comparable time in out. False when it is neither. */
static bool trail_time(const char *s, bool until, char out[21])
{
    int64_t day;
    char d[11];
    size_t n = strlen(s);
    if (n != 10 && n != 20)
        return false;
    snprintf(d, sizeof d, "%.10s", s);
    if (!date_parse(d, &day))
        return false;
    if (n == 10) {
        snprintf(out, 21, "%sT%s", d, until ? "23:59:59Z" : "00:00:00Z");
        return true;
    }
    int h, m, sec;
    char t, z, c1, c2;
    if (sscanf(s + 10, "%c%2d%c%2d%c%2d%c", &t, &h, &c1, &m, &c2, &sec, &z) != 7 || t != 'T' ||
        c1 != ':' || c2 != ':' || z != 'Z' || h > 23 || m > 59 || sec > 60 || h < 0 || m < 0 ||
        sec < 0)
        return false;
    for (int i = 11; i < 19; i++)
        if (i != 13 && i != 16 && (s[i] < '0' || s[i] > '9'))
            return false;
    snprintf(out, 21, "%s", s);
    return true;
}

static int m_list(rpc_call *c)
{
    if (auth_require(c, ROLE_ADMIN | ROLE_IV | ROLE_EV, "audit_readers") != 0)
        return -1;
    app *a = rpc_call_method(c)->udata;
    store_audit_filter f = {
        .after_seq = rpc_int(c, "after", 0),
        .person = rpc_int(c, "person", 0),
        .method_prefix = rpc_str(c, "method"),
        .record = rpc_str(c, "record"),
        .since = rpc_str(c, "since"),
        .until = rpc_str(c, "until"),
        .limit = rpc_int(c, "limit", 100),
    };
    /* a centre's staff read their centre's entries; an EV, like the OS administrator, all */
    session *s = rpc_session(c);
    if (!auth_has(s, ROLE_EV) && !(s->os_admin && s->person == 0))
        f.centre = s->centre ? s->centre : -1;
    if (f.limit < 1 || f.limit > 10000)
        return rpc_error_field(c, "limit", "limit must be between 1 and 10000");
    char since[21], until[21];
    static const char form[] = "a date (YYYY-MM-DD) or a UTC time (YYYY-MM-DDTHH:MM:SSZ)";
    if (f.since && !trail_time(f.since, false, since))
        return rpc_error_field(c, "since", "since must be %s, not '%.40s'", form, f.since);
    if (f.until && !trail_time(f.until, true, until))
        return rpc_error_field(c, "until", "until must be %s, not '%.40s'", form, f.until);
    if (f.since)
        f.since = since;
    if (f.until)
        f.until = until;
    jw *w = rpc_result(c);
    jw_arr_begin(w);
    if (store_audit_each(a->st, &f, list_row, w) != STORE_OK)
        return rpc_error(c, RPC_INTERNAL_ERROR, NULL, "cannot read the audit trail: %s",
                         store_errmsg(a->st));
    jw_arr_end(w);
    return 0;
}

/* ---- audit.verify -------------------------------------------------------------------- */

typedef struct verify {
    int64_t expect_seq;
    char prev[65];
    int64_t checked;
    int64_t bad_seq;
    char problem[256];
} verify;

static int verify_row(void *ud, const store_audit_row *r)
{
    verify *v = ud;
    char h[65];
    if (r->seq != v->expect_seq) {
        v->bad_seq = v->expect_seq;
        snprintf(v->problem, sizeof v->problem,
                 "entry %" PRId64 " is missing (the next entry is %" PRId64 ")", v->expect_seq,
                 r->seq);
        return 1;
    }
    if (strcmp(r->prev_hash, v->prev) != 0) {
        v->bad_seq = r->seq;
        snprintf(v->problem, sizeof v->problem,
                 "entry %" PRId64 " does not follow the entry before it (an entry was removed "
                 "or changed)",
                 r->seq);
        return 1;
    }
    entry_hash(r, h);
    if (strcmp(h, r->hash) != 0) {
        v->bad_seq = r->seq;
        snprintf(v->problem, sizeof v->problem,
                 "entry %" PRId64 " was changed after it was written (its hash does not match "
                 "its contents)",
                 r->seq);
        return 1;
    }
    snprintf(v->prev, sizeof v->prev, "%s", r->hash);
    v->expect_seq++;
    v->checked++;
    return 0;
}

static int m_verify(rpc_call *c)
{
    if (auth_require(c, ROLE_ADMIN | ROLE_IV | ROLE_EV, "audit_readers") != 0)
        return -1;
    app *a = rpc_call_method(c)->udata;
    verify v = {.expect_seq = 1};
    snprintf(v.prev, sizeof v.prev, "%s", GENESIS);
    store_audit_filter f = {0};
    if (store_audit_each(a->st, &f, verify_row, &v) != STORE_OK)
        return rpc_error(c, RPC_INTERNAL_ERROR, NULL, "cannot read the audit trail: %s",
                         store_errmsg(a->st));
    if (!v.bad_seq) {
        int64_t head_seq;
        char head_hash[65];
        if (store_audit_head(a->st, &head_seq, head_hash) != STORE_OK)
            return rpc_error(c, RPC_INTERNAL_ERROR, NULL, "cannot read the audit head: %s",
                             store_errmsg(a->st));
        int64_t last = v.expect_seq - 1;
        if (head_seq != last || (last && strcmp(head_hash, v.prev) != 0)) {
            v.bad_seq = last + 1;
            snprintf(v.problem, sizeof v.problem,
                     "the trail ends at entry %" PRId64 " but its head records entry %" PRId64
                     ": entries were removed from the end",
                     last, head_seq);
        }
    }
    jw *w = rpc_result(c);
    jw_obj_begin(w);
    jw_kbool(w, "ok", v.bad_seq == 0);
    jw_kint(w, "entries", v.checked);
    if (v.bad_seq) {
        jw_kint(w, "first_bad", v.bad_seq);
        jw_kstr(w, "problem", v.problem);
    } else {
        jw_kstr_or_null(w, "head", v.checked ? v.prev : NULL);
    }
    jw_obj_end(w);
    return 0;
}

static const rpc_param list_params[] = {
    {"after", P_INT, false, "entries after this seq (for paging)"},
    {"person", P_ID, false, "only this person's calls"},
    {"method", P_STRING, false, "only methods starting with this"},
    {"record", P_STRING, false, "only calls that touched this record, e.g. evidence:12"},
    {"since", P_STRING, false, "from this UTC time (or date)"},
    {"until", P_STRING, false, "up to this UTC time (or to the end of this date)"},
    {"limit", P_INT, false, "at most this many (default 100)"},
    RPC_PARAM_END,
};
static const rpc_param no_params[] = {RPC_PARAM_END};

void audit_register_methods(app *a)
{
    static rpc_method methods[] = {
        {"audit.list", m_list, 0, list_params, "the audit trail, filtered", NULL},
        {"audit.verify", m_verify, 0, no_params,
         "check the hash chain for changed or removed entries", NULL},
        {NULL, NULL, 0, NULL, NULL, NULL},
    };
    app_register(a, methods);
}
