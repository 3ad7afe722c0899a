/* bulk — import jobs. See bulk.h and docs/bulk.md. */
#include "bulk.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <uv.h>

#include "audit.h"
#include "auth.h"
#include "catalogue.h"
#include "dates.h"
#include "dispatch.h"
#include "log.h"
#include "people.h"
#include "store.h"

#define CHUNK_LINES 500
#define KEPT_ERRORS 50

typedef struct staff {
    int64_t id, centre;
    unsigned roles;
    int qualified; /* -1 unknown, 0 trainee, 1 qualified (assessor award) */
} staff;

typedef struct job {
    app *a;
    int64_t id, centre;
    char path[1024];
    FILE *f;
    char *line;
    size_t line_cap;
    int64_t lineno, registrations, evidence, decisions, signoffs, errors;
    sbuf error_list; /* JSON objects, comma-separated */
    int kept_errors;
    const char *state; /* running, done, failed, stopped */
    char failure[256];
    char started[21], finished[21];
    uint64_t started_ns, busy_ns;
    uv_timer_t timer;
    bool timer_open;
    session who; /* the caller, for the audit trail */
    staff *staff;
    size_t nstaff, staff_cap;
    struct job *next;
} job;

struct bulk_jobs {
    job *jobs;
    int64_t next_id;
};

static bulk_jobs *jobs_of(app *a)
{
    if (!a->bulk)
        a->bulk = calloc(1, sizeof *a->bulk);
    return a->bulk;
}

/* ---- checking one line ---------------------------------------------------------------- */

typedef struct line_ctx {
    job *j;
    char why[512];
} line_ctx;

static int bad(line_ctx *lc, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static int bad(line_ctx *lc, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(lc->why, sizeof lc->why, fmt, ap);
    va_end(ap);
    return -1;
}

static const char *str(const json_value *o, const char *k)
{
    const json_value *v = json_get(o, k);
    return v && v->type == JSON_STRING ? v->u.str : NULL;
}

static int64_t num(const json_value *o, const char *k)
{
    const json_value *v = json_get(o, k);
    return v && v->type == JSON_NUMBER && v->u.num.is_int ? v->u.num.i : 0;
}

static const staff *staff_of(job *j, int64_t id)
{
    for (size_t i = 0; i < j->nstaff; i++)
        if (j->staff[i].id == id)
            return &j->staff[i];
    store_person p;
    if (store_person_get(j->a->st, id, &p) != STORE_OK)
        return NULL;
    if (j->nstaff == j->staff_cap) {
        j->staff_cap = j->staff_cap ? j->staff_cap * 2 : 16;
        j->staff = realloc(j->staff, j->staff_cap * sizeof *j->staff);
    }
    const char *badrole;
    staff s = {.id = id,
               .centre = p.centre,
               .roles = people_roles_mask(p.roles, &badrole),
               .qualified = -1};
    j->staff[j->nstaff] = s;
    return &j->staff[j->nstaff++];
}

static bool qualified(job *j, int64_t id)
{
    for (size_t i = 0; i < j->nstaff; i++)
        if (j->staff[i].id == id) {
            if (j->staff[i].qualified < 0)
                j->staff[i].qualified = people_qualified(j->a, id, "assessor");
            return j->staff[i].qualified == 1;
        }
    return false;
}

static int need_staff(line_ctx *lc, int64_t id, unsigned role, const char *what)
{
    const staff *s = staff_of(lc->j, id);
    if (!s || s->centre != lc->j->centre || !(s->roles & role))
        return bad(lc, "%s %lld is not %s of centre %lld", what, (long long)id,
                   role == ROLE_IV ? "an internal verifier" : "an assessor",
                   (long long)lc->j->centre);
    return 0;
}

/* A decision's or sign-off's date: a date, not after today nor before the registration (as
 * registration_act_date has it for the methods). */
static int act_date(line_ctx *lc, const char *what, size_t i, const char *date, const char *reg_on,
                    const char *today)
{
    int64_t day;
    if (!date || !date_parse(date, &day))
        return bad(lc, "%s[%zu].date must be a date (YYYY-MM-DD)", what, i);
    if (strcmp(date, today) > 0 || strcmp(date, reg_on) < 0)
        return bad(lc, "%s[%zu] is dated %s: not after today (%s) nor before registered_on (%s)",
                   what, i, date, today, reg_on);
    return 0;
}

static bool in_list(const json_value *units, const char *number)
{
    for (size_t i = 0; units && i < units->len; i++)
        if (units->u.items[i]->type == JSON_STRING && !strcmp(units->u.items[i]->u.str, number))
            return true;
    return false;
}

/* Stores one registration line; every problem is reported before anything is written. */
static int import_line(line_ctx *lc, const json_value *r)
{
    job *j = lc->j;
    app *a = j->a;
    if (r->type != JSON_OBJECT)
        return bad(lc, "a line must be a JSON object (one registration)");
    const json_value *cand = json_get(r, "candidate");
    const char *cname = str(cand, "name"), *uln = str(cand, "uln");
    if (!cname || !*cname)
        return bad(lc, "candidate.name is missing");
    if (uln && !people_uln_valid(uln))
        return bad(lc, "candidate.uln '%s' is not a valid ULN", uln);
    const char *qref = str(r, "qualification"), *colon = qref ? strchr(qref, ':') : NULL;
    if (!colon)
        return bad(lc, "qualification must be BODY:CODE");
    char body[32];
    snprintf(body, sizeof body, "%.*s", (int)(colon - qref), qref);
    const cat_body *b = catalogue_body(a->cat, body);
    const cat_qual *q = b ? cat_find_qual(b, colon + 1) : NULL;
    if (!q)
        return bad(lc, "no qualification %s is loaded", qref);
    const char *reg_on = str(r, "registered_on");
    int64_t day;
    char today[DATE_LEN];
    date_today_str(today);
    if (!reg_on || !date_parse(reg_on, &day) || strcmp(reg_on, today) > 0)
        return bad(lc, "registered_on must be a date no later than today");
    const json_value *last = json_get(cat_qual_json(q), "last_registration");
    if (last && last->type == JSON_STRING && strcmp(last->u.str, "unknown") &&
        strcmp(reg_on, last->u.str) > 0)
        return bad(lc, "%s's last registration date was %s", qref, last->u.str);
    int64_t assessor = num(r, "assessor"), iv = num(r, "iv");
    if (need_staff(lc, assessor, ROLE_ASSESSOR, "assessor") || need_staff(lc, iv, ROLE_IV, "iv"))
        return -1;
    if (assessor == iv)
        return bad(lc, "the internal verifier must not be the assessor");
    /* the units: the mandatory ones and those listed */
    const json_value *units = json_get(r, "units");
    const cat_unit *chosen[64];
    size_t nchosen = 0;
    for (size_t i = 0; i < cat_qual_unit_count(q) && nchosen < 64; i++) {
        const char *kind;
        const cat_unit *u = cat_qual_unit(q, i, &kind, NULL);
        if ((kind && !strcmp(kind, "mandatory")) || in_list(units, cat_unit_number(u)))
            chosen[nchosen++] = u;
    }
    for (size_t i = 0; units && i < units->len; i++) {
        const char *n = units->u.items[i]->type == JSON_STRING ? units->u.items[i]->u.str : "";
        bool found = false;
        for (size_t k = 0; k < nchosen && !found; k++)
            found = !strcmp(cat_unit_number(chosen[k]), n);
        if (!found)
            return bad(lc, "%s has no unit '%s'", qref, n);
    }
    /* evidence references */
    const json_value *ev = json_get(r, "evidence");
    for (size_t i = 0; ev && i < ev->len; i++) {
        const json_value *e = ev->u.items[i];
        const char *d = str(e, "date");
        if (!str(e, "title") || !str(e, "method") || !str(e, "location") || !d ||
            !date_parse(d, &day))
            return bad(lc, "evidence[%zu] needs title, method, date and location", i);
        const json_value *cr = json_get(e, "criteria");
        if (!cr || cr->type != JSON_ARRAY || !cr->len)
            return bad(lc, "evidence[%zu] names no criteria", i);
        for (size_t k = 0; k < cr->len; k++) {
            const char *ref = cr->u.items[k]->type == JSON_STRING ? cr->u.items[k]->u.str : "";
            const char *c2 = strchr(ref, ':');
            const cat_unit *u = NULL;
            for (size_t x = 0; c2 && x < nchosen && !u; x++)
                if (strlen(cat_unit_number(chosen[x])) == (size_t)(c2 - ref) &&
                    !strncmp(cat_unit_number(chosen[x]), ref, (size_t)(c2 - ref)))
                    u = chosen[x];
            if (!u || !cat_unit_find_req(u, ref))
                return bad(lc,
                           "evidence[%zu]: '%s' is not a criterion of the registration's "
                           "units",
                           i, ref);
        }
    }
    const json_value *dec = json_get(r, "decisions");
    for (size_t i = 0; dec && i < dec->len; i++) {
        const json_value *d = dec->u.items[i];
        const char *unit = str(d, "unit"), *outcome = str(d, "outcome"), *kind = str(d, "kind");
        bool ok = false;
        for (size_t x = 0; unit && x < nchosen && !ok; x++)
            ok = !strcmp(cat_unit_number(chosen[x]), unit);
        if (!ok || !outcome || (strcmp(outcome, "met") && strcmp(outcome, "not_yet")) || !kind ||
            (strcmp(kind, "formative") && strcmp(kind, "summative")) || !str(d, "date") ||
            !str(d, "justification"))
            return bad(lc,
                       "decisions[%zu] needs a chosen unit, outcome met|not_yet, kind "
                       "formative|summative, date and justification",
                       i);
        if (act_date(lc, "decisions", i, str(d, "date"), reg_on, today))
            return -1;
        const json_value *de = json_get(d, "evidence");
        for (size_t k = 0; de && k < de->len; k++) {
            int64_t x = de->u.items[k]->type == JSON_NUMBER ? de->u.items[k]->u.num.i : -1;
            if (x < 0 || !ev || (size_t)x >= ev->len)
                return bad(lc, "decisions[%zu].evidence[%zu] is not an index into evidence", i, k);
        }
    }
    const json_value *so = json_get(r, "signoffs");
    for (size_t i = 0; so && i < so->len; i++) {
        const char *unit = str(so->u.items[i], "unit");
        bool ok = false;
        for (size_t x = 0; unit && x < nchosen && !ok; x++)
            ok = !strcmp(cat_unit_number(chosen[x]), unit);
        if (!ok || !str(so->u.items[i], "date"))
            return bad(lc, "signoffs[%zu] needs a chosen unit and a date", i);
        if (act_date(lc, "signoffs", i, str(so->u.items[i], "date"), reg_on, today))
            return -1;
    }

    /* store it */
    char at[21];
    time_now_iso(at);
    store *st = a->st;
    store_person p = {.centre = j->centre};
    snprintf(p.name, sizeof p.name, "%s", cname);
    snprintf(p.roles, sizeof p.roles, "candidate");
    snprintf(p.uln, sizeof p.uln, "%s", uln ? uln : "");
    snprintf(p.email, sizeof p.email, "%s", str(cand, "email") ? str(cand, "email") : "");
    int64_t cid;
    if (store_person_insert(st, &p, at, &cid) != STORE_OK)
        return bad(lc, "cannot store the candidate: %s", store_errmsg(st));
    store_registration reg = {.candidate = cid,
                              .centre = j->centre,
                              .assessor = assessor,
                              .iv = iv,
                              .level = cat_qual_level(q),
                              .catalogue_version = cat_body_version(b)};
    snprintf(reg.body, sizeof reg.body, "%s", body);
    snprintf(reg.qualification, sizeof reg.qualification, "%s", cat_qual_code(q));
    snprintf(reg.title, sizeof reg.title, "%s", json_get(cat_qual_json(q), "title")->u.str);
    snprintf(reg.registered_on, sizeof reg.registered_on, "%s", reg_on);
    const char *bref = str(r, "body_reference");
    snprintf(reg.body_reference, sizeof reg.body_reference, "%s", bref ? bref : "");
    if (store_registration_insert(st, &reg, at) != STORE_OK)
        return bad(lc, "cannot store the registration: %s", store_errmsg(st));
    for (size_t i = 0; i < nchosen; i++)
        if (store_reg_unit_insert(st, reg.id, cat_unit_id(chosen[i]), cat_unit_number(chosen[i]),
                                  reg_on, NULL) != STORE_OK)
            return bad(lc, "cannot store the units: %s", store_errmsg(st));
    int64_t *ev_ids = calloc(ev ? ev->len + 1 : 1, sizeof *ev_ids);
    if (!ev_ids)
        return bad(lc, "out of memory");
    for (size_t i = 0; ev && i < ev->len; i++) {
        const json_value *e = ev->u.items[i];
        const json_value *sim = json_get(e, "simulated");
        const json_value *cr = json_get(e, "criteria");
        const char **refs = malloc(2 * (cr->len + 1) * sizeof *refs);
        char(*unit)[32] = malloc((cr->len + 1) * sizeof *unit);
        if (!refs || !unit) {
            free(refs);
            free(unit);
            free(ev_ids);
            return bad(lc, "out of memory");
        }
        const char **units = refs + cr->len + 1;
        for (size_t k = 0; k < cr->len; k++) {
            refs[k] = cr->u.items[k]->u.str;
            snprintf(unit[k], sizeof unit[k], "%.*s", (int)(strchr(refs[k], ':') - refs[k]),
                     refs[k]);
            units[k] = unit[k];
        }
        store_evidence se = {
            .registration = reg.id,
            .added_by = j->who.person,
            .title = str(e, "title"),
            .description = str(e, "description"),
            .method = str(e, "method"),
            .date = str(e, "date"),
            .location = str(e, "location"),
            .warnings_json = "[]",
            .simulated = sim && sim->type == JSON_BOOL && sim->u.boolean,
            .nrefs = cr->len,
            .refs = refs,
            .units = units,
        };
        int rc = store_evidence_insert(st, &se, at, &ev_ids[i]);
        free(refs);
        free(unit);
        if (rc != STORE_OK) {
            free(ev_ids);
            return bad(lc, "cannot store evidence: %s", store_errmsg(st));
        }
        j->evidence++;
    }
    for (size_t i = 0; dec && i < dec->len; i++) {
        const json_value *d = dec->u.items[i];
        sbuf ids;
        sbuf_init(&ids);
        sbuf_addc(&ids, '[');
        const json_value *de = json_get(d, "evidence");
        for (size_t k = 0; de && k < de->len; k++)
            sbuf_printf(&ids, "%s%lld", k ? "," : "", (long long)ev_ids[de->u.items[k]->u.num.i]);
        sbuf_addc(&ids, ']');
        int64_t id;
        int rc = store_decision_insert(st, reg.id, str(d, "unit"), str(d, "outcome"),
                                       str(d, "kind"), str(d, "justification"),
                                       str(d, "feedback") ? str(d, "feedback") : "", str(d, "date"),
                                       ids.data, assessor, !qualified(j, assessor), 0, at, &id);
        sbuf_free(&ids);
        if (rc != STORE_OK) {
            free(ev_ids);
            return bad(lc, "cannot store a decision: %s", store_errmsg(st));
        }
        j->decisions++;
    }
    free(ev_ids);
    for (size_t i = 0; so && i < so->len; i++) {
        int64_t id;
        if (store_signoff_insert(st, reg.id, str(so->u.items[i], "unit"),
                                 str(so->u.items[i], "date"), assessor, !qualified(j, assessor), at,
                                 &id) != STORE_OK)
            return bad(lc, "cannot store a sign-off: %s", store_errmsg(st));
        j->signoffs++;
    }
    j->registrations++;
    return 0;
}

/* ---- the job ------------------------------------------------------------------------- */

static void note_error(job *j, const char *why)
{
    j->errors++;
    if (j->kept_errors >= KEPT_ERRORS)
        return;
    jw w;
    jw_init(&w, &j->error_list);
    if (j->error_list.len)
        sbuf_addc(&j->error_list, ',');
    jw_obj_begin(&w);
    jw_kint(&w, "line", j->lineno);
    jw_kstr(&w, "problem", why);
    jw_obj_end(&w);
    j->kept_errors++;
}

static void on_timer_closed(uv_handle_t *h)
{
    (void)h;
}

static void finish(job *j, const char *state)
{
    j->state = state;
    time_now_iso(j->finished);
    if (j->f) {
        fclose(j->f);
        j->f = NULL;
    }
    if (j->timer_open) {
        uv_timer_stop(&j->timer);
        uv_close((uv_handle_t *)&j->timer, on_timer_closed);
        j->timer_open = false;
    }
    /* the job's end goes into the audit trail, with what it did */
    store *st = j->a->st;
    if (!store_in_tx(st) && store_tx_begin(st) == STORE_OK) {
        char params[1400], outcome[400];
        sbuf p;
        sbuf_init(&p);
        jw w;
        jw_init(&w, &p);
        jw_obj_begin(&w);
        jw_kint(&w, "job", j->id);
        jw_kstr(&w, "path", j->path);
        jw_kint(&w, "centre", j->centre);
        jw_obj_end(&w);
        snprintf(params, sizeof params, "%s", p.data);
        sbuf_free(&p);
        snprintf(outcome, sizeof outcome,
                 "%s: %lld registrations, %lld evidence, %lld decisions, %lld sign-offs stored; "
                 "%lld lines refused%s%s",
                 state, (long long)j->registrations, (long long)j->evidence,
                 (long long)j->decisions, (long long)j->signoffs, (long long)j->errors,
                 j->failure[0] ? "; " : "", j->failure);
        audit_append(j->a, &j->who, "bulk.import (finished)", params, outcome, NULL);
        store_commit(st);
    }
    log_info("bulk", "import %lld %s: %lld registrations from %s (%lld lines refused) in %.1f s",
             (long long)j->id, state, (long long)j->registrations, j->path, (long long)j->errors,
             (double)(uv_hrtime() - j->started_ns) / 1e9);
}

static void on_tick(uv_timer_t *t)
{
    job *j = t->data;
    store *st = j->a->st;
    if (store_in_tx(st))
        return; /* a request's transaction is open: come back next tick */
    uint64_t t0 = uv_hrtime();
    if (store_tx_begin(st) != STORE_OK) {
        snprintf(j->failure, sizeof j->failure, "cannot start a transaction: %s", store_errmsg(st));
        finish(j, "failed");
        return;
    }
    int n = 0;
    bool eof = false;
    while (n < CHUNK_LINES) {
        ssize_t len = getline(&j->line, &j->line_cap, j->f);
        if (len < 0) {
            eof = true;
            break;
        }
        j->lineno++;
        while (len > 0 && (j->line[len - 1] == '\n' || j->line[len - 1] == '\r'))
            j->line[--len] = '\0';
        if (len == 0)
            continue;
        n++;
        json_doc *doc;
        json_error je;
        line_ctx lc = {.j = j};
        if (json_parse(j->line, (size_t)len, &doc, &je) != 0) {
            char why[160];
            snprintf(why, sizeof why, "not JSON (byte %zu): %s", je.offset, je.message);
            note_error(j, why);
            continue;
        }
        store_savepoint(st);
        if (import_line(&lc, json_doc_root(doc)) != 0) {
            store_rollback(st);
            note_error(j, lc.why);
        } else {
            store_release(st);
        }
        json_doc_free(doc);
    }
    if (store_commit(st) != STORE_OK) {
        snprintf(j->failure, sizeof j->failure, "a commit failed: %s", store_errmsg(st));
        finish(j, "failed");
        return;
    }
    j->busy_ns += uv_hrtime() - t0;
    if (eof)
        finish(j, "done");
}

static job *find_job(app *a, int64_t id)
{
    for (job *j = jobs_of(a)->jobs; j; j = j->next)
        if (j->id == id)
            return j;
    return NULL;
}

static void write_job(jw *w, job *j)
{
    jw_obj_begin(w);
    jw_kint(w, "job", j->id);
    jw_kstr(w, "state", j->state);
    jw_kstr(w, "path", j->path);
    jw_kint(w, "centre", j->centre);
    jw_kint(w, "lines", j->lineno);
    jw_kint(w, "registrations", j->registrations);
    jw_kint(w, "evidence", j->evidence);
    jw_kint(w, "decisions", j->decisions);
    jw_kint(w, "signoffs", j->signoffs);
    jw_kint(w, "refused", j->errors);
    jw_key(w, "problems");
    jw_raw(w, "[", 1);
    sbuf_add(w->out, j->error_list.data ? j->error_list.data : "", j->error_list.len);
    sbuf_addc(w->out, ']');
    jw_kstr_or_null(w, "failure", j->failure[0] ? j->failure : NULL);
    jw_kstr(w, "started", j->started);
    jw_kstr_or_null(w, "finished", j->finished[0] ? j->finished : NULL);
    jw_key(w, "seconds");
    jw_double(w, (double)((j->finished[0] ? 0 : uv_hrtime() - j->started_ns) + j->busy_ns) / 1e9);
    jw_obj_end(w);
}

static int m_import(rpc_call *c)
{
    app *a = rpc_call_method(c)->udata;
    session *s = rpc_session(c);
    /* reading files by path is for the machine's administrators */
    if (auth_require_os_admin(c, "a bulk import reads a file on the daemon's machine"))
        return -1;
    int64_t centre = rpc_int(c, "centre", 0);
    char policy[16];
    if (store_centre_policy(a->st, centre, policy) != STORE_OK)
        return rpc_error(c, RPC_NOT_FOUND, NULL, "there is no centre %lld", (long long)centre);
    const char *path = rpc_str(c, "path");
    FILE *f = fopen(path, "r");
    if (!f)
        return rpc_error(c, RPC_INVALID_PARAMS, NULL, "cannot read %s: %s", path, strerror(errno));
    bulk_jobs *bj = jobs_of(a);
    job *j = calloc(1, sizeof *j);
    j->a = a;
    j->id = ++bj->next_id;
    j->centre = centre;
    j->f = f;
    j->state = "running";
    j->who = *s;
    sbuf_init(&j->error_list);
    snprintf(j->path, sizeof j->path, "%s", path);
    time_now_iso(j->started);
    j->started_ns = uv_hrtime();
    uv_timer_init(a->loop, &j->timer);
    j->timer.data = j;
    j->timer_open = true;
    uv_timer_start(&j->timer, on_tick, 0, 1);
    j->next = bj->jobs;
    bj->jobs = j;
    dispatch_set_record(c, "centre", centre);
    jw *w = rpc_result(c);
    jw_obj_begin(w);
    jw_kint(w, "job", j->id);
    jw_kstr(w, "state", j->state);
    jw_obj_end(w);
    return 0;
}

static int m_status(rpc_call *c)
{
    app *a = rpc_call_method(c)->udata;
    if (auth_require(c, ROLE_ADMIN, "admin_only"))
        return -1;
    int64_t id = rpc_int(c, "job", 0);
    if (id) {
        job *j = find_job(a, id);
        if (!j)
            return rpc_error(c, RPC_NOT_FOUND, NULL, "there is no import job %lld", (long long)id);
        write_job(rpc_result(c), j);
        return 0;
    }
    jw *w = rpc_result(c);
    jw_arr_begin(w);
    for (job *j = jobs_of(a)->jobs; j; j = j->next)
        write_job(w, j);
    jw_arr_end(w);
    return 0;
}

void bulk_shutdown(app *a)
{
    bulk_jobs *bj = a->bulk;
    if (!bj)
        return;
    for (job *j = bj->jobs, *n; j; j = n) {
        n = j->next;
        if (j->timer_open)
            finish(j, "stopped");
    }
}

void bulk_free(app *a)
{
    bulk_jobs *bj = a->bulk;
    if (!bj)
        return;
    for (job *j = bj->jobs, *n; j; j = n) {
        n = j->next;
        if (j->f)
            fclose(j->f);
        free(j->line);
        free(j->staff);
        sbuf_free(&j->error_list);
        free(j);
    }
    free(bj);
    a->bulk = NULL;
}

static const rpc_param p_import[] = {
    {"path", P_STRING, true, "an NDJSON file on the daemon's machine, one registration a line"},
    {"centre", P_ID, true, "the centre the registrations belong to"},
    RPC_PARAM_END};
static const rpc_param p_status[] = {{"job", P_ID, false, "one job (default: all)"}, RPC_PARAM_END};

void bulk_register_methods(app *a)
{
    static rpc_method methods[] = {
        {"bulk.import", m_import, RPC_WRITE, p_import,
         "import registrations with their evidence, decisions and sign-offs from a file "
         "(docs/bulk.md)",
         NULL},
        {"bulk.status", m_status, 0, p_status, "how far an import has come", NULL},
        {NULL, NULL, 0, NULL, NULL, NULL},
    };
    app_register(a, methods);
}
