/* bind_data — what a scheduled job (scripts/<name>.lua) sees besides `assessd.*`:
 *
 *   assessd.job{name=, run=, every= | daily=, within_days=, calendar=, description=}
 *       declares the job the file is (once, while the file loads);
 *   assessd.data.<query>{...}
 *       read-only, set-based queries over the store (store_reminders.c) and the catalogue,
 *       each returning an array of rows. They refuse unless a run of the job is under way, so
 *       nothing reads the store while a script loads.
 *
 * docs/reminders.md is the reference for every function and row. Nothing here writes: a job
 * hands its reminders back as its result (lua_job.c) and the scheduler stores them.
 */
#include <lauxlib.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app.h"
#include "catalogue.h"
#include "dates.h"
#include "lua_conv.h"
#include "lua_host_internal.h"
#include "store.h"

void lh__free_job(lh_job *j)
{
    if (!j)
        return;
    free(j->name);
    free(j->description);
    free(j->schedule);
    free(j);
}

/* ---- assessd.job ------------------------------------------------------------------------- */

/* "30s", "15m", "6h", "1d" -> seconds; 0 if it is not one. */
static int64_t parse_every(const char *s)
{
    char *end;
    long long n = strtoll(s, &end, 10);
    if (end == s || n <= 0 || n > 1000000 || strlen(end) != 1)
        return 0;
    switch (*end) {
    case 's':
        return n;
    case 'm':
        return n * 60;
    case 'h':
        return n * 3600;
    case 'd':
        return n * 86400;
    default:
        return 0;
    }
}

/* "HH:MM" -> minute of the day; -1 if it is not one. */
static int parse_daily(const char *s)
{
    if (strlen(s) != 5 || s[2] != ':')
        return -1;
    for (int i = 0; i < 5; i++)
        if (i != 2 && (s[i] < '0' || s[i] > '9'))
            return -1;
    int h = (s[0] - '0') * 10 + (s[1] - '0'), m = (s[3] - '0') * 10 + (s[4] - '0');
    return h < 24 && m < 60 ? h * 60 + m : -1;
}

static const char *opt_str_field(lua_State *L, int t, const char *k)
{
    lua_getfield(L, t, k);
    const char *v = NULL;
    if (!lua_isnil(L, -1)) {
        if (lua_type(L, -1) != LUA_TSTRING)
            luaL_error(L, "assessd.job: '%s' must be a string", k);
        v = lua_tostring(L, -1);
    }
    lua_pop(L, 1); /* the string stays reachable from the table */
    return v;
}

/* Refuses a member of the table argument 1 that fn (e.g. "assessd.job") does not take, by name
 * (what: "argument", "field"): a misspelt one ({day = 30} for {days = 30}) would otherwise be
 * ignored and the default used unseen. known is a NULL-terminated list. */
static void known_args(lua_State *L, const char *fn, const char *what, const char *const *known)
{
    if (lua_type(L, 1) != LUA_TTABLE)
        return; /* the function's own argument check says so */
    lua_pushnil(L);
    while (lua_next(L, 1)) {
        lua_pop(L, 1);
        bool ok = false;
        for (int i = 0; known[i] && lua_type(L, -1) == LUA_TSTRING; i++)
            ok |= strcmp(lua_tostring(L, -1), known[i]) == 0;
        if (ok)
            continue;
        char takes[128] = "";
        for (int i = 0; known[i]; i++)
            snprintf(takes + strlen(takes), sizeof takes - strlen(takes), "%s%s", i ? ", " : "",
                     known[i]);
        luaL_error(L, "%s: no %s '%s' (it takes %s)", fn, what, luaL_tolstring(L, -1, NULL),
                   known[0] ? takes : "none");
    }
}

static int l_job(lua_State *L)
{
    lh_plugin *p = lh__self(L);
    if (p->phase != LH_LOADING)
        return luaL_error(L, "assessd.job may only be called while the script loads");
    if (p->job)
        return luaL_error(L,
                          "assessd.job: a script declares one job (this one already declared "
                          "'%s')",
                          p->job->name);
    luaL_checktype(L, 1, LUA_TTABLE);
    static const char *const known[] = {"name",        "run",      "every",       "daily",
                                        "within_days", "calendar", "description", NULL};
    known_args(L, "assessd.job", "field", known);
    const char *name = opt_str_field(L, 1, "name");
    if (name && strcmp(name, p->name) != 0)
        return luaL_error(L, "assessd.job: name '%s' does not match the file name '%s.lua'", name,
                          p->name);
    const char *every = opt_str_field(L, 1, "every"), *daily = opt_str_field(L, 1, "daily");
    const char *description = opt_str_field(L, 1, "description");
    if (every && daily)
        return luaL_error(L, "assessd.job: give 'every' or 'daily', not both");
    int64_t every_s = every ? parse_every(every) : 0;
    if (every && !every_s)
        return luaL_error(L,
                          "assessd.job: every = '%s' is not a period such as \"30m\", \"6h\" "
                          "or \"1d\"",
                          every);
    int daily_min = daily ? parse_daily(daily) : -1;
    if (daily && daily_min < 0)
        return luaL_error(L, "assessd.job: daily = '%s' is not a time \"HH:MM\"", daily);
    lua_getfield(L, 1, "within_days");
    int within = -1;
    if (!lua_isnil(L, -1)) {
        if (!lua_isinteger(L, -1) || lua_tointeger(L, -1) < 0 || lua_tointeger(L, -1) > 3650)
            return luaL_error(L, "assessd.job: within_days must be a whole number of days 0..3650");
        within = (int)lua_tointeger(L, -1);
    }
    lua_getfield(L, 1, "calendar");
    if (!lua_isnil(L, -1) && !lua_isboolean(L, -1))
        return luaL_error(L, "assessd.job: calendar must be true or false");
    bool calendar = lua_toboolean(L, -1);
    lua_getfield(L, 1, "run");
    if (!lua_isfunction(L, -1))
        return luaL_error(L, "assessd.job: 'run' must be a function(ctx) returning the reminders");
    lh__push_hooks(L);
    lua_pushvalue(L, -2);
    lua_setfield(L, -2, "job.run");

    lh_job *j = calloc(1, sizeof *j);
    if (!j)
        return luaL_error(L, "out of memory");
    j->name = strdup(p->name);
    j->description = description ? strdup(description) : NULL;
    if (every || daily) {
        size_t n = strlen(every ? every : daily) + 8;
        j->schedule = malloc(n);
        if (j->schedule)
            snprintf(j->schedule, n, "%s %s", every ? "every" : "daily", every ? every : daily);
    }
    j->every_s = every_s;
    j->daily_min = daily_min;
    j->within_days = within;
    j->calendar = calendar;
    p->job = j;
    return 0;
}

/* ---- assessd.data ------------------------------------------------------------------------ */

static app *running(lua_State *L, const char *fn)
{
    lh_plugin *p = lh__self(L);
    if (p->phase != LH_CALLING)
        luaL_error(L, "assessd.data.%s may only be called while the job runs", fn);
    return lh__options(p->host)->bind_ud;
}

/* The connection this run reads (lh_run_job's st). */
static store *run_store(lua_State *L, app *a)
{
    lh_plugin *p = lh__self(L);
    return p->job_store ? p->job_store : a->st;
}

/* A date argument t.k (required unless def is given). */
static const char *date_arg(lua_State *L, const char *fn, const char *k, const char *def)
{
    if (lua_type(L, 1) != LUA_TTABLE)
        luaL_error(L, "assessd.data.%s takes a table of arguments: {%s = ...}", fn, k);
    lua_getfield(L, 1, k);
    bool absent = lua_isnil(L, -1);
    /* the string stays alive: the argument table holds it */
    const char *v = lua_type(L, -1) == LUA_TSTRING ? lua_tostring(L, -1) : NULL;
    lua_pop(L, 1);
    if (absent && def)
        return def;
    int64_t d;
    if (!v || !date_parse(v, &d))
        luaL_error(L, "assessd.data.%s: '%s' must be a date YYYY-MM-DD", fn, k);
    return v;
}

static int64_t int_arg(lua_State *L, const char *fn, const char *k, int64_t def, int64_t max)
{
    lua_getfield(L, 1, k);
    int64_t v = def;
    if (!lua_isnil(L, -1)) {
        if (!lua_isinteger(L, -1) || lua_tointeger(L, -1) < 0 || lua_tointeger(L, -1) > max)
            luaL_error(L, "assessd.data.%s: '%s' must be a whole number 0..%d", fn, k, (int)max);
        v = lua_tointeger(L, -1);
    }
    lua_pop(L, 1);
    return v;
}

/* "BODY:CODE" -> body and code. */
static void qual_arg(lua_State *L, const char *fn, char body[32], char code[64])
{
    if (lua_type(L, 1) != LUA_TTABLE)
        luaL_error(L, "assessd.data.%s takes a table of arguments: {qualification = ...}", fn);
    lua_getfield(L, 1, "qualification");
    const char *q = lua_tostring(L, -1);
    const char *colon = q ? strchr(q, ':') : NULL;
    if (!colon || colon == q || colon - q >= 32 || strlen(colon + 1) >= 64 || !colon[1])
        luaL_error(L, "assessd.data.%s: 'qualification' must be BODY:CODE", fn);
    snprintf(body, 32, "%.*s", (int)(colon - q), q);
    snprintf(code, 64, "%s", colon + 1);
    lua_pop(L, 1);
}

/* Rows from the store become Lua tables in the result array (a NULL column is absent, so it
 * is nil in Lua rather than a null a script could mistake for a value). Each row is made in a
 * protected call: the store must not be left by a longjmp (it may hold memory across a row),
 * so a failure (the memory cap) stops the rows and is raised once the store has returned. */
typedef struct pusher {
    lua_State *L;
    int table; /* the result array's index */
    lua_Integer n;
    bool failed; /* the error object is then on top of the stack */
    const store_col *c;
    int nc;
    /* wanted = {kind =, person =, act =}: only the rows whose reminder could be wanted */
    job_call *job;
    const char *kind, *cols[4]; /* due, centre, person, act (NULL: not named) */
    int at[4];                  /* their places in the row, found at the first */
    const char *missing;        /* a column named that the rows do not have */
} pusher;

/* Whether the row's reminder could be in what the run hands back (wanted = {...}). */
static bool row_wanted(pusher *p, const store_col *c, int n)
{
    int64_t v[4] = {0};
    const char *due = NULL;
    for (int k = 0; k < 4; k++) {
        if (!p->cols[k])
            continue;
        int at = p->at[k];
        if (at < 0 || at >= n || strcmp(c[at].name, p->cols[k]) != 0) {
            for (at = 0; at < n && strcmp(c[at].name, p->cols[k]) != 0; at++)
                ;
            if (at == n) {
                p->missing = p->cols[k];
                return false;
            }
            p->at[k] = at;
        }
        if (k == 0)
            due = c[at].type == STORE_COL_TEXT ? c[at].s : NULL;
        else
            v[k] = c[at].type == STORE_COL_INT ? c[at].i : 0;
    }
    if (!due)
        return true; /* no due date: the script decides */
    int64_t people[2] = {v[2], v[3]};
    return lh__job_row_wanted(p->job, p->kind, due, v[1], people, 2);
}

static int push_row_body(lua_State *L)
{
    pusher *p = lua_touserdata(L, 1); /* 2: the result array */
    lua_createtable(L, 0, p->nc);
    for (int i = 0; i < p->nc; i++) {
        const store_col *c = &p->c[i];
        if (c->type == STORE_COL_NULL)
            continue;
        if (c->type == STORE_COL_INT)
            lua_pushinteger(L, (lua_Integer)c->i);
        else
            lua_pushlstring(L, c->s ? c->s : "", c->len);
        lua_setfield(L, -2, c->name);
    }
    lua_rawseti(L, 2, p->n + 1);
    p->n++;
    return 0;
}

static void push_row(void *ud, const store_col *c, int n)
{
    pusher *p = ud;
    lua_State *L = p->L;
    if (p->failed || p->missing || !lua_checkstack(L, 4)) {
        p->failed = true;
        return;
    }
    if (p->kind && !row_wanted(p, c, n))
        return;
    p->c = c;
    p->nc = n;
    lua_pushcfunction(L, push_row_body);
    lua_pushlightuserdata(L, p);
    lua_pushvalue(L, p->table);
    if (lua_pcall(L, 2, 0, 0) != LUA_OK)
        p->failed = true; /* the error object stays on top */
}

/* Returns the rows (the array on top of the stack), or raises: the rows' failure, or the
 * store's message. */
static int done(lua_State *L, store *st, pusher *px, const char *fn, int rc)
{
    if (px->missing)
        return luaL_error(
            L, "assessd.data.%s: wanted names the column '%s', which its rows do not have", fn,
            px->missing);
    if (px->failed) {
        if (lua_gettop(L) > px->table)
            return lua_error(L);
        return luaL_error(L, "assessd.data.%s: out of stack space", fn);
    }
    if (rc != STORE_OK)
        return luaL_error(L, "assessd.data.%s: %s", fn, store_errmsg(st));
    return 1;
}

/* t.wanted = {kind =, person =, act =}: the rows are those of reminders of kind, due on the
 * row's due, at its centre, concerning the person in its column person, for the one in its
 * column act to act on; only those that could be wanted are made (docs/reminders.md). */
static void wanted_arg(lua_State *L, const char *fn, pusher *px)
{
    if (lua_type(L, 1) != LUA_TTABLE)
        return; /* the function's own argument check says so */
    if (lua_getfield(L, 1, "wanted") == LUA_TNIL) {
        lua_pop(L, 1);
        return;
    }
    if (!lua_istable(L, -1))
        luaL_error(L, "assessd.data.%s: 'wanted' must be {kind =, person =, act =}", fn);
    static const char *const names[] = {"kind", "person", "act"};
    const char *v[3];
    for (int k = 0; k < 3; k++) {
        lua_getfield(L, -1, names[k]);
        v[k] = lua_type(L, -1) == LUA_TSTRING ? lua_tostring(L, -1) : NULL;
        if (!lua_isnil(L, -1) && !v[k])
            luaL_error(L, "assessd.data.%s: wanted.%s must be a %s", fn, names[k],
                       k ? "column name" : "kind");
        lua_pop(L, 1); /* the table holds the string, and the argument table the table */
    }
    lua_pop(L, 1);
    if (!v[0] || !lh__is_kind(v[0], strlen(v[0])))
        luaL_error(L, "assessd.data.%s: wanted.kind must be a kind such as review_due", fn);
    px->job = lh__job_current(L);
    px->kind = v[0];
    px->cols[0] = "due";
    px->cols[1] = "centre";
    px->cols[2] = v[1];
    px->cols[3] = v[2];
}

#define ARGS(fn, ...)                                                                              \
    do {                                                                                           \
        static const char *const known_[] = {__VA_ARGS__, NULL};                                   \
        known_args(L, "assessd.data." fn, "argument", known_);                                     \
    } while (0)

/* The app, a new result array on the stack, and the sink that fills it. */
#define BEGIN(fn)                                                                                  \
    app *a = running(L, fn);                                                                       \
    store *st = run_store(L, a);                                                                   \
    luaL_checkstack(L, 8, fn);                                                                     \
    lconv_new_array(L, 0);                                                                         \
    pusher px = {L, lua_gettop(L), 0, false, NULL, 0, NULL, NULL, {NULL}, {-1, -1, -1, -1}, NULL}; \
    wanted_arg(L, fn, &px);                                                                        \
    store_row_sink out = {push_row, &px}

static int l_reviews(lua_State *L)
{
    BEGIN("reviews");
    ARGS("reviews", "up_to", "interval_days", "wanted");
    const char *until = date_arg(L, "reviews", "up_to", NULL);
    int64_t interval = int_arg(L, "reviews", "interval_days", a->cfg.review_interval_days, 3650);
    return done(L, st, &px, "reviews", store_rem_reviews(st, until, interval, &out));
}

static int l_claim_ready(lua_State *L)
{
    BEGIN("claim_ready");
    ARGS("claim_ready", "up_to", "days", "wanted");
    const char *until = date_arg(L, "claim_ready", "up_to", NULL);
    int64_t days = int_arg(L, "claim_ready", "days", 70, 3650);
    return done(L, st, &px, "claim_ready", store_rem_claim_ready(st, until, days, &out));
}

static int l_award_deadlines(lua_State *L)
{
    BEGIN("award_deadlines");
    ARGS("award_deadlines", "up_to", "months", "date", "wanted");
    const char *until = date_arg(L, "award_deadlines", "up_to", NULL);
    int64_t months = int_arg(L, "award_deadlines", "months", 18, 120);
    char today[DATE_LEN];
    date_today_str(today);
    const char *date = date_arg(L, "award_deadlines", "date", today);
    return done(L, st, &px, "award_deadlines",
                store_rem_award_deadlines(st, until, months, date, &out));
}

static int l_registrations(lua_State *L)
{
    BEGIN("registrations");
    ARGS("registrations", "qualification");
    char body[32], code[64];
    qual_arg(L, "registrations", body, code);
    return done(L, st, &px, "registrations", store_rem_registrations_on(st, body, code, &out));
}

static int l_centres(lua_State *L)
{
    BEGIN("centres");
    ARGS("centres", "qualification");
    char body[32], code[64];
    qual_arg(L, "centres", body, code);
    return done(L, st, &px, "centres", store_rem_centres_on(st, body, code, &out));
}

static int l_undecided_evidence(lua_State *L)
{
    BEGIN("undecided_evidence");
    ARGS("undecided_evidence", "up_to", "days", "wanted");
    const char *until = date_arg(L, "undecided_evidence", "up_to", NULL);
    int64_t days = int_arg(L, "undecided_evidence", "days", 14, 3650);
    return done(L, st, &px, "undecided_evidence",
                store_rem_undecided_evidence(st, until, days, &out));
}

static int l_unsampled_simulated(lua_State *L)
{
    BEGIN("unsampled_simulated");
    ARGS("unsampled_simulated", "up_to", "days", "wanted");
    const char *until = date_arg(L, "unsampled_simulated", "up_to", NULL);
    int64_t days = int_arg(L, "unsampled_simulated", "days", 7, 3650);
    return done(L, st, &px, "unsampled_simulated",
                store_rem_unsampled_simulated(st, until, days, &out));
}

static int l_unsampled_signoffs(lua_State *L)
{
    BEGIN("unsampled_signoffs");
    ARGS("unsampled_signoffs", "up_to", "days", "wanted");
    const char *until = date_arg(L, "unsampled_signoffs", "up_to", NULL);
    int64_t days = int_arg(L, "unsampled_signoffs", "days", 28, 3650);
    return done(L, st, &px, "unsampled_signoffs",
                store_rem_unsampled_signoffs(st, until, days, &out));
}

static int l_admins(lua_State *L)
{
    BEGIN("admins");
    known_args(L, "assessd.data.admins", "argument", (const char *const[]){NULL});
    return done(L, st, &px, "admins", store_rem_admins(st, &out));
}

/* The current catalogue's qualifications with their last dates (strings as the catalogue
 * gives them: a date or "unknown"). */
static void one_body(void *ud, const cat_body *b)
{
    jw *w = ud;
    for (size_t i = 0; i < cat_qual_count(b); i++) {
        const cat_qual *q = cat_qual_at(b, i);
        const json_value *qv = cat_qual_json(q);
        jw_obj_begin(w);
        sbuf id;
        sbuf_init(&id);
        sbuf_printf(&id, "%s:%s", cat_body_code(b), cat_qual_code(q));
        jw_kstr(w, "qualification", id.data);
        sbuf_free(&id);
        jw_kstr(w, "body", cat_body_code(b));
        jw_kstr(w, "code", cat_qual_code(q));
        static const char *const fields[] = {"title", "last_registration", "last_certification"};
        for (size_t k = 0; k < 3; k++) {
            const json_value *v = json_get(qv, fields[k]);
            jw_kstr_or_null(w, fields[k], v && v->type == JSON_STRING ? v->u.str : NULL);
        }
        jw_kint(w, "level", cat_qual_level(q));
        jw_obj_end(w);
    }
}

static void write_qualifications(app *a, sbuf *out)
{
    jw w;
    jw_init(&w, out);
    jw_arr_begin(&w);
    if (a->cat)
        catalogue_each_body(a->cat, one_body, &w);
    jw_arr_end(&w);
}

void lh_snapshot_catalogue(lua_host *h)
{
    write_qualifications(lh__options(h)->bind_ud, lh__snapshot(h, true));
}

static int l_qualifications(lua_State *L)
{
    app *a = running(L, "qualifications");
    known_args(L, "assessd.data.qualifications", "argument", (const char *const[]){NULL});
    const sbuf *snap = lh__snapshot(lh__self(L)->host, false);
    if (snap) {
        lconv_push_json_text(L, snap->data, snap->len);
        return 1;
    }
    sbuf *buf = lconv_push_buffer(L);
    write_qualifications(a, buf);
    lconv_push_json_text(L, buf->data, buf->len);
    return 1;
}

void bind_data_open(lua_State *L)
{
    static const luaL_Reg data[] = {
        {"reviews", l_reviews},
        {"claim_ready", l_claim_ready},
        {"award_deadlines", l_award_deadlines},
        {"qualifications", l_qualifications},
        {"registrations", l_registrations},
        {"centres", l_centres},
        {"undecided_evidence", l_undecided_evidence},
        {"unsampled_simulated", l_unsampled_simulated},
        {"unsampled_signoffs", l_unsampled_signoffs},
        {"admins", l_admins},
        {NULL, NULL},
    };
    lua_getglobal(L, "assessd");
    lua_pushcfunction(L, l_job);
    lua_setfield(L, -2, "job");
    luaL_newlib(L, data);
    lua_setfield(L, -2, "data");
    lua_pop(L, 1);
}
