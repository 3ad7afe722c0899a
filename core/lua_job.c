/* lua_job — a job's run: lh_run_job() calls the script's run(ctx) and reads the reminders it
 * returns straight from the Lua tables into their canonical JSON, checking each field on the
 * way (docs/reminders.md, "A job"). For a caller of reminders.due (an lh_keep) it writes only
 * the reminders the caller wants, and with a limit only the earliest of them, having checked
 * and counted them all. The functions the run may call are bind_data.c's. */
#include <lauxlib.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dates.h"
#include "lua_conv.h"
#include "lua_host_internal.h"
#include "store.h"

/* ---- what a job returns ------------------------------------------------------------------ */

/* A wanted reminder held back, with a keep's limit, until the earliest are known: its place in
 * the result (which stays on the stack, holding the strings). */
typedef struct kept {
    const char *due, *key;
    lua_Integer i;
} kept;

/* What ctx.wants has said yes to, with a keep's limit: the earliest (due date, then key when
 * given), the latest on top. */
typedef struct asked_one {
    char due[DATE_LEN];
    char *key; /* NULL: not given */
} asked_one;

typedef struct asked {
    asked_one *h;
    size_t n, cap;
} asked;

/* ctx.wants's hold on the run under way: one per state, kept in its registry (so never
 * collected under us); each run's ctx.wants carries its run's number, so that a copy kept from
 * an earlier run cannot answer for a later one */
typedef struct wants_box {
    job_call *jc; /* NULL between runs */
    lua_Integer run;
} wants_box;
static const char wants_key = 'w'; /* the registry's wants_box (lh__job_open) */

struct job_call {
    const char *ctx_json, *up_to, *job;
    size_t ctx_len, count;
    const lh_keep *keep; /* NULL: every reminder due by up_to is written */
    sbuf *out;
    sbuf *scratch; /* where a reminder's data is written to be checked, and let go */
    int fields;    /* stack index of the set of reminder_fields */
    kept *heap;    /* with a limit: the earliest wanted so far, the latest on top */
    size_t nheap, capheap;
    asked asked;     /* ctx.wants's */
    asked pre;       /* the rows' (assessd.data's wanted): due dates only */
    size_t declined; /* wanted but past the limit (asked or pre): counted, never built */
    size_t known;    /* wanted but known (keep->known): counted, never built */
    wants_box *box;
};

/* A reminder as read from its table, checked but for its data (the strings are the table's). */
typedef struct rem_view {
    const char *key, *kind, *due, *why, *title;
    int64_t centre, registration;
    bool wanted; /* due by up_to and, with a keep, one the caller wants */
} rem_view;

static const char *const reminder_fields[] = {
    "key", "kind", "due", "why", "title", "centre", "registration", "person", "act", "data", NULL};
static const char fields_key = 'f'; /* the registry's set of reminder_fields (lh__job_open) */

/* Pushes the field k of the table at t (an absolute index) as it is: a metatable is not
 * asked, so no Lua runs while a result is read, and nothing changes the strings the reading
 * holds (keep_earliest keeps them until the end of the run). */
static void raw_field(lua_State *L, int t, const char *k)
{
    lua_pushstring(L, k);
    lua_rawget(L, t);
}

/* Replaces the text v (n bytes of UTF-8) of field k of the table at t with one that fits:
 * control characters (but a newline when lines is set) become spaces, and text over max bytes
 * is cut at a character's boundary, ending in "…". Returns the table's new string. */
static const char *fit_text(lua_State *L, int t, const char *k, const char *v, size_t n, size_t max,
                            bool lines)
{
    luaL_Buffer b;
    size_t keep = n;
    if (n > max) {
        keep = max - 3; /* room for the ellipsis */
        while (keep > 0 && ((unsigned char)v[keep] & 0xC0) == 0x80)
            keep--; /* not inside a character */
    }
    luaL_buffinit(L, &b);
    for (size_t j = 0; j < keep; j++)
        luaL_addchar(&b, (unsigned char)v[j] < 0x20 && !(lines && v[j] == '\n') ? ' ' : v[j]);
    if (keep < n)
        luaL_addstring(&b, "\xE2\x80\xA6");
    luaL_pushresult(&b);
    lua_pushstring(L, k);
    lua_insert(L, -2);
    lua_rawset(L, t); /* the table holds it, as it held the text it replaces */
    raw_field(L, t, k);
    const char *fitted = lua_tostring(L, -1);
    lua_pop(L, 1);
    return fitted;
}

/* A string field of the table at t: NULL when absent; raises when it is not a string of 1 to
 * max bytes of UTF-8 without control characters (newlines allowed when lines is set). With fit,
 * text that is too long or holds control characters is made to fit instead (fit_text): it is
 * for people to read (a title, a why), and a name in a record must not fail the whole run. */
static const char *text_field(lua_State *L, int t, const char *k, size_t max, bool lines, bool fit,
                              lua_Integer i)
{
    raw_field(L, t, k);
    if (lua_isnil(L, -1)) {
        lua_pop(L, 1);
        return NULL;
    }
    size_t n;
    const char *v = lua_type(L, -1) == LUA_TSTRING ? lua_tolstring(L, -1, &n) : NULL;
    if (fit && v && n > 0 && json_utf8_valid(v, n)) {
        bool clean = n <= max;
        for (size_t j = 0; clean && j < n; j++)
            clean = (unsigned char)v[j] >= 0x20 || (lines && v[j] == '\n');
        lua_pop(L, 1);
        return clean ? v : fit_text(L, t, k, v, n, max, lines);
    }
    bool ok = v && n > 0 && n <= max && json_utf8_valid(v, n);
    for (size_t j = 0; ok && j < n; j++)
        ok = (unsigned char)v[j] >= 0x20 || (lines && v[j] == '\n');
    if (!ok)
        luaL_error(L,
                   "run() returned a malformed reminder: reminder %d: .%s must be text of 1 to "
                   "%d bytes",
                   (int)i, k, (int)max);
    lua_pop(L, 1); /* the table holds the string */
    return v;
}

/* A positive whole number at idx (an integer, or a float without a fraction), else 0. */
static int64_t id_value(lua_State *L, int idx)
{
    lua_Integer v = 0;
    if (lua_isinteger(L, idx))
        v = lua_tointeger(L, idx);
    else if (lua_type(L, idx) != LUA_TNUMBER || !lua_numbertointeger(lua_tonumber(L, idx), &v))
        return 0;
    return v > 0 ? (int64_t)v : 0;
}

/* The {id, name} table at idx: its id, and its name in *name (n bytes); raises naming what
 * when it is not one. */
static int64_t read_person(lua_State *L, int idx, lua_Integer i, const char *what,
                           const char **name, size_t *n)
{
    idx = lua_absindex(L, idx);
    int64_t id = 0;
    *name = NULL;
    *n = 0;
    if (lua_type(L, idx) == LUA_TTABLE) {
        raw_field(L, idx, "id");
        id = id_value(L, -1);
        raw_field(L, idx, "name");
        *name = lua_type(L, -1) == LUA_TSTRING ? lua_tolstring(L, -1, n) : NULL;
        lua_pop(L, 2); /* the table holds the name */
    }
    if (!id || !*name || !*n || *n > 256 || !json_utf8_valid(*name, *n))
        luaL_error(L,
                   "run() returned a malformed reminder: reminder %d: %s must be {id = <person "
                   "id>, name = <name>}",
                   (int)i, what);
    return id;
}

/* A record id field of the table at t: 0 when absent; raises when it is not one. */
static int64_t id_field(lua_State *L, int t, const char *k, lua_Integer i)
{
    raw_field(L, t, k);
    int64_t id = lua_isnil(L, -1) ? 0 : id_value(L, -1);
    if (!id && !lua_isnil(L, -1))
        luaL_error(L, "run() returned a malformed reminder: reminder %d: .%s must be a record id",
                   (int)i, k);
    lua_pop(L, 1);
    return id;
}

/* Whether the person with this id makes the reminder one the keep wants, or one the caller
 * sees: sets *involves and *sees. */
static void note_person(const lh_keep *keep, int64_t id, bool *involves, bool *sees)
{
    if (keep && id == keep->involves)
        *involves = true;
    if (keep && id == keep->see_person)
        *sees = true;
}

bool lh__is_kind(const char *s, size_t n)
{
    return n && strspn(s, "abcdefghijklmnopqrstuvwxyz0123456789_") == n;
}

/* Whether the run hands back a reminder of that kind, due then, at that centre: due by up_to
 * and, for a caller of reminders.due, of the kind and person asked for and one the caller sees
 * (involves, sees: from its people, note_person). The limit is another matter. */
static bool caller_wants(const job_call *jc, const char *kind, const char *due, int64_t centre,
                         bool involves, bool sees)
{
    const lh_keep *keep = jc->keep;
    if (strcmp(due, jc->up_to) > 0)
        return false;
    return !keep ||
           ((!keep->kind || strcmp(kind, keep->kind) == 0) && (!keep->involves || involves) &&
            (keep->see_all || (keep->see_centre && centre == keep->see_centre) || sees));
}

/* Checks reminder i (the table at t), all but its data, and says whether it is wanted. */
static void check_reminder(lua_State *L, int t, lua_Integer i, job_call *jc, rem_view *v)
{
    if (lua_type(L, t) != LUA_TTABLE)
        luaL_error(L,
                   "run() returned a malformed reminder: reminder %d is a %s, not a table with "
                   "key, kind, due and why",
                   (int)i, luaL_typename(L, t));
    lua_pushnil(L);
    while (lua_next(L, t)) {
        lua_pop(L, 1);
        lua_pushvalue(L, -1);
        bool known = lua_rawget(L, jc->fields) != LUA_TNIL; /* one lookup, not ten strcmp */
        lua_pop(L, 1);
        if (!known)
            luaL_error(L,
                       "run() returned a malformed reminder: reminder %d has an unknown field "
                       "'%s' (key, kind, due, why, title, centre, registration, person, act, "
                       "data)",
                       (int)i, luaL_tolstring(L, -1, NULL));
    }
    v->key = text_field(L, t, "key", 200, false, false, i);
    v->kind = text_field(L, t, "kind", 64, false, false, i);
    v->due = text_field(L, t, "due", 10, false, false, i);
    v->why = text_field(L, t, "why", 2000, true, true, i);
    v->title = text_field(L, t, "title", 200, false, true, i);
    if (!v->title && v->why) { /* the default title is the why, made to fit a title */
        size_t n = strlen(v->why);
        v->title = n <= 200 && !strchr(v->why, '\n')
                       ? v->why
                       : fit_text(L, t, "title", v->why, n, 200, false);
    }
    int64_t d;
    if (!v->key)
        luaL_error(L,
                   "run() returned a malformed reminder: reminder %d: .key is missing (a stable "
                   "name for this reminder)",
                   (int)i);
    if (!v->kind || !lh__is_kind(v->kind, strlen(v->kind)))
        luaL_error(L,
                   "run() returned a malformed reminder: reminder %d: .kind must be a word such "
                   "as review_due (a-z, 0-9, _)",
                   (int)i);
    if (!v->due || !date_parse(v->due, &d))
        luaL_error(L,
                   "run() returned a malformed reminder: reminder %d: .due must be a date "
                   "YYYY-MM-DD",
                   (int)i);
    if (!v->why)
        luaL_error(L,
                   "run() returned a malformed reminder: reminder %d: .why is missing (a "
                   "sentence saying why)",
                   (int)i);
    v->centre = id_field(L, t, "centre", i);
    v->registration = id_field(L, t, "registration", i);
    const lh_keep *keep = jc->keep;
    bool involves = false, sees = false;
    const char *name;
    size_t n;
    raw_field(L, t, "person");
    if (!lua_isnil(L, -1))
        note_person(keep, read_person(L, -1, i, ".person", &name, &n), &involves, &sees);
    lua_pop(L, 1);
    raw_field(L, t, "act");
    if (!lua_isnil(L, -1)) {
        if (lua_type(L, -1) != LUA_TTABLE)
            luaL_error(L,
                       "run() returned a malformed reminder: reminder %d: .act must be a list "
                       "of {id = <person id>, name = <name>}",
                       (int)i);
        lua_Integer m = (lua_Integer)lua_rawlen(L, -1);
        for (lua_Integer k = 1; k <= m; k++) {
            lua_rawgeti(L, -1, k);
            char what[32];
            snprintf(what, sizeof what, ".act[%d]", (int)k);
            note_person(keep, read_person(L, -1, i, what, &name, &n), &involves, &sees);
            lua_pop(L, 1);
        }
    }
    lua_pop(L, 1);
    v->wanted = caller_wants(jc, v->kind, v->due, v->centre, involves, sees);
}

/* Checks the data of the reminder at t (any JSON value; raises naming a bad part). */
static void check_data(lua_State *L, int t, job_call *jc)
{
    raw_field(L, t, "data");
    if (!lua_isnil(L, -1)) {
        jw w;
        sbuf_reset(jc->scratch);
        jw_init(&w, jc->scratch);
        lconv_write(L, -1, &w);
    }
    lua_pop(L, 1);
}

static void write_person(lua_State *L, int idx, jw *w)
{
    const char *name;
    size_t n;
    int64_t id = read_person(L, idx, 0, "", &name, &n); /* checked: does not raise */
    jw_obj_begin(w);
    jw_kint(w, "id", id);
    jw_key(w, "name");
    jw_strn(w, name, n);
    jw_obj_end(w);
}

static void id_member(jw *w, const char *k, int64_t id)
{
    jw_key(w, k);
    if (id)
        jw_int(w, id);
    else
        jw_null(w);
}

/* Writes the checked reminder at t canonically, checking its data on the way. */
static void write_reminder(lua_State *L, int t, const rem_view *v, job_call *jc, jw *w)
{
    jw_obj_begin(w);
    jw_kstr(w, "key", v->key);
    jw_kstr(w, "kind", v->kind);
    jw_kstr(w, "job", jc->job);
    jw_kstr(w, "due", v->due);
    jw_kstr(w, "title", v->title ? v->title : v->why);
    jw_kstr(w, "why", v->why);
    id_member(w, "centre", v->centre);
    id_member(w, "registration", v->registration);
    raw_field(L, t, "person");
    jw_key(w, "person");
    if (lua_isnil(L, -1))
        jw_null(w);
    else
        write_person(L, -1, w);
    lua_pop(L, 1);
    raw_field(L, t, "act");
    jw_key(w, "act");
    jw_arr_begin(w);
    lua_Integer m = lua_isnil(L, -1) ? 0 : (lua_Integer)lua_rawlen(L, -1);
    for (lua_Integer k = 1; k <= m; k++) {
        lua_rawgeti(L, -1, k);
        write_person(L, -1, w);
        lua_pop(L, 1);
    }
    jw_arr_end(w);
    lua_pop(L, 1);
    raw_field(L, t, "data");
    jw_key(w, "data");
    if (lua_isnil(L, -1))
        jw_null(w);
    else
        lconv_write(L, -1, w); /* any JSON value; raises naming a bad part */
    lua_pop(L, 1);
    jw_obj_end(w);
}

/* ---- the earliest so many: a heap with the latest on top --------------------------------- */

/* Both heaps below hold entries of at most HEAP_ENTRY bytes, ordered by cmp. */
#define HEAP_ENTRY 32
_Static_assert(sizeof(kept) <= HEAP_ENTRY && sizeof(asked_one) <= HEAP_ENTRY, "heap entries");
typedef int (*heap_cmp)(const void *, const void *);

static void heap_swap(char *h, size_t size, size_t a, size_t b)
{
    char t[HEAP_ENTRY];
    memcpy(t, h + a * size, size);
    memcpy(h + a * size, h + b * size, size);
    memcpy(h + b * size, t, size);
}

/* Room in *h (capacity *cap, n held) for one more of at most limit; false: out of memory. */
static bool heap_room(void **h, size_t *cap, size_t n, size_t size, size_t limit)
{
    if (n < *cap)
        return true;
    size_t c = *cap ? 2 * *cap : 64;
    if (c > limit)
        c = limit;
    void *more = realloc(*h, c * size);
    if (!more)
        return false;
    *h = more;
    *cap = c;
    return true;
}

/* The entry just put at the end (n - 1) rises to its place. */
static void heap_up(void *base, size_t size, size_t n, heap_cmp cmp)
{
    char *h = base;
    for (size_t at = n - 1; at && cmp(h + (at - 1) / 2 * size, h + at * size) < 0;
         at = (at - 1) / 2)
        heap_swap(h, size, at, (at - 1) / 2);
}

/* The entry just put on top sinks to its place. */
static void heap_down(void *base, size_t size, size_t n, heap_cmp cmp)
{
    char *h = base;
    for (size_t at = 0;;) {
        size_t big = at, l = 2 * at + 1, r = l + 1;
        if (l < n && cmp(h + l * size, h + big * size) > 0)
            big = l;
        if (r < n && cmp(h + r * size, h + big * size) > 0)
            big = r;
        if (big == at)
            return;
        heap_swap(h, size, at, big);
        at = big;
    }
}

/* ---- with a limit: the earliest wanted of the result ------------------------------------- */

static int kept_cmp(const void *a, const void *b)
{
    const kept *x = a, *y = b;
    int c = strcmp(x->due, y->due);
    return c ? c : strcmp(x->key, y->key);
}

/* Holds reminder i back if it is among the limit earliest so far (due date, then key). */
static void keep_earliest(lua_State *L, job_call *jc, const rem_view *v, lua_Integer i)
{
    kept k = {v->due, v->key, i};
    size_t limit = (size_t)jc->keep->limit;
    if (jc->nheap < limit) {
        if (!heap_room((void **)&jc->heap, &jc->capheap, jc->nheap, sizeof k, limit))
            luaL_error(L, "out of memory keeping the earliest reminders");
        jc->heap[jc->nheap++] = k;
        heap_up(jc->heap, sizeof k, jc->nheap, kept_cmp);
    } else if (limit && kept_cmp(&k, &jc->heap[0]) < 0) {
        jc->heap[0] = k;
        heap_down(jc->heap, sizeof k, jc->nheap, kept_cmp);
    }
}

/* ---- ctx.wants: what need not be built ----------------------------------------------- */

/* Whether ids names a person of the keep's: the argument at idx, an id or a list of ids or of
 * {id =} tables (a reminder's act). */
static void note_arg(lua_State *L, int idx, const lh_keep *keep, bool *involves, bool *sees)
{
    if (lua_isnoneornil(L, idx))
        return;
    if (lua_type(L, idx) != LUA_TTABLE) {
        int64_t id = id_value(L, idx);
        if (!id)
            luaL_argerror(L, idx, "a person id, or a list of them");
        note_person(keep, id, involves, sees);
        return;
    }
    lua_Integer m = (lua_Integer)lua_rawlen(L, idx);
    for (lua_Integer k = 1; k <= m; k++) {
        if (lua_rawgeti(L, idx, k) == LUA_TTABLE) {
            lua_pushstring(L, "id");
            lua_rawget(L, -2);
            lua_replace(L, -2);
        }
        int64_t id = id_value(L, -1);
        lua_pop(L, 1);
        if (!id)
            luaL_argerror(L, idx, "a list of person ids or of {id =, name =}");
        note_person(keep, id, involves, sees);
    }
}

/* Orders as the result is read (due, then key); a tie with a key not given is no order. */
static int asked_cmp(const void *a, const void *b)
{
    const asked_one *x = a, *y = b;
    int c = strcmp(x->due, y->due);
    return c || !x->key || !y->key ? c : strcmp(x->key, y->key);
}

/* With a limit: whether a wanted reminder due then (with that key, or NULL) may be among the
 * earliest of a's; a no is counted in jc. A tie that the keys do not settle says yes: the
 * reading decides. Out of memory: yes, and *oom (a yes not held only means fewer noes). */
static bool among_earliest(job_call *jc, asked *a, const char *due, const char *key, bool *oom)
{
    size_t limit = (size_t)jc->keep->limit;
    asked_one one = {.key = (char *)key};
    memcpy(one.due, due, DATE_LEN);
    bool room = a->n < limit;
    int c = room ? -1 : limit ? asked_cmp(&one, &a->h[0]) : 1;
    if (c > 0) {
        jc->declined++;
        return false;
    }
    if (c == 0)
        return true;
    if (room && !heap_room((void **)&a->h, &a->cap, a->n, sizeof one, limit))
        return *oom = true;
    one.key = key ? strdup(key) : NULL;
    if (key && !one.key)
        return *oom = true;
    if (room) {
        a->h[a->n++] = one;
        heap_up(a->h, sizeof one, a->n, asked_cmp);
    } else {
        free(a->h[0].key);
        a->h[0] = one;
        heap_down(a->h, sizeof one, a->n, asked_cmp);
    }
    return true;
}

static void asked_free(asked *a)
{
    for (size_t i = 0; i < a->n; i++)
        free(a->h[i].key);
    free(a->h);
}

/* Whether a reminder so described could be in what the run hands back (a: the heap it counts
 * against, with a limit). */
static bool wanted(job_call *jc, asked *a, const char *kind, const char *due, const char *key,
                   int64_t centre, bool involves, bool sees, bool *oom)
{
    bool yes = caller_wants(jc, kind, due, centre, involves, sees);
    if (yes && jc->keep && jc->keep->limit >= 0)
        yes = among_earliest(jc, a, due, key, oom);
    return yes;
}

/* ctx.wants(kind, due, key, centre, person, act...): false when a reminder of that kind, due
 * then, with that key (or nil), at that centre, concerning those people would not be in what
 * the run hands back: due after up_to, not one the caller of reminders.due sees or asked for, or
 * (with a limit) later than the earliest so many it has been asked about. Such a reminder need
 * not be built; one past the limit is counted in the total here. docs/reminders.md. */
static int l_wants(lua_State *L)
{
    wants_box *box = lua_touserdata(L, lua_upvalueindex(1));
    job_call *jc = box->jc;
    if (!jc || box->run != lua_tointeger(L, lua_upvalueindex(2)))
        return luaL_error(L, "ctx.wants is for the run it was handed to");
    size_t kn, dn;
    const char *kind = luaL_checklstring(L, 1, &kn);
    const char *due = luaL_checklstring(L, 2, &dn);
    int64_t day;
    if (!lh__is_kind(kind, kn))
        luaL_argerror(L, 1, "a kind is a word such as review_due (a-z, 0-9, _)");
    if (dn != DATE_LEN - 1 || !date_parse(due, &day))
        luaL_argerror(L, 2, "a date YYYY-MM-DD");
    const char *key = lua_isnoneornil(L, 3) ? NULL : luaL_checkstring(L, 3);
    int64_t centre = lua_isnoneornil(L, 4) ? 0 : id_value(L, 4);
    if (!centre && !lua_isnoneornil(L, 4))
        luaL_argerror(L, 4, "a centre id");
    bool involves = false, sees = false;
    for (int i = 5; i <= lua_gettop(L); i++)
        note_arg(L, i, jc->keep, &involves, &sees);
    bool oom = false;
    bool yes = wanted(jc, &jc->asked, kind, due, key, centre, involves, sees, &oom);
    if (oom)
        return luaL_error(L, "out of memory in ctx.wants");
    if (yes && key && jc->keep && jc->keep->known && jc->keep->known(jc->keep->known_ud, key)) {
        jc->known++;
        yes = false;
    }
    lua_pushboolean(L, yes);
    return 1;
}

job_call *lh__job_current(lua_State *L)
{
    lua_rawgetp(L, LUA_REGISTRYINDEX, &wants_key);
    wants_box *box = lua_touserdata(L, -1);
    lua_pop(L, 1);
    return box ? box->jc : NULL;
}

bool lh__job_row_wanted(job_call *jc, const char *kind, const char *due, int64_t centre,
                        const int64_t *people, int npeople)
{
    if (!jc)
        return true;
    int64_t d;
    if (strlen(due) != DATE_LEN - 1 || !date_parse(due, &d))
        return true; /* not a date: the script's ctx.wants or the reading says so */
    bool involves = false, sees = false, oom = false;
    for (int i = 0; i < npeople; i++)
        if (people[i] > 0) /* 0: no such column, or no one */
            note_person(jc->keep, people[i], &involves, &sees);
    return wanted(jc, &jc->pre, kind, due, NULL, centre, involves, sees, &oom);
}

/* ctx, with its wants */
static void push_ctx(lua_State *L, job_call *jc)
{
    lconv_push_json_text(L, jc->ctx_json, jc->ctx_len);
    lua_rawgetp(L, LUA_REGISTRYINDEX, &wants_key);
    jc->box = lua_touserdata(L, -1);
    jc->box->jc = jc;
    lua_pushinteger(L, ++jc->box->run);
    lua_pushcclosure(L, l_wants, 2);
    lua_setfield(L, -2, "wants");
}

static int job_body(lua_State *L, void *ud)
{
    job_call *jc = ud;
    lh__push_hooks(L);
    lua_getfield(L, -1, "job.run");
    if (!lua_isfunction(L, -1))
        return luaL_error(L, "the script declares no job");
    push_ctx(L, jc);
    lua_call(L, 1, 1);
    int res = lua_gettop(L);
    lua_rawgetp(L, LUA_REGISTRYINDEX, &fields_key);
    jc->fields = lua_gettop(L);
    jc->scratch = lconv_push_buffer(L);
    jw w;
    jw_init(&w, jc->out);
    jw_arr_begin(&w);
    if (lua_isnil(L, res)) /* most likely a forgotten `return out` */
        return luaL_error(L, "run() returned nothing: it must return a list of reminders ({} "
                             "when nothing is due)");
    if (lua_type(L, res) != LUA_TTABLE)
        return luaL_error(L, "run() must return a list of reminders (it returned a %s)",
                          luaL_typename(L, res));
    lua_Integer n = (lua_Integer)lua_rawlen(L, res);
    lua_pushnil(L);
    if (n == 0 && lua_next(L, res))
        return luaL_error(L, "run() must return a list of reminders {{...}, {...}}, not one "
                             "table with named fields");
    luaL_checkstack(L, 16, "reading the reminders");
    /* with a limit, each is checked and only the earliest wanted are written, at the end */
    bool limited = jc->keep && jc->keep->limit >= 0;
    for (lua_Integer i = 1; i <= n; i++) {
        lua_rawgeti(L, res, i);
        int t = lua_gettop(L);
        rem_view v;
        check_reminder(L, t, i, jc, &v);
        if (!v.wanted || limited)
            check_data(L, t, jc);
        if (v.wanted) {
            jc->count++;
            if (limited)
                keep_earliest(L, jc, &v, i);
            else
                write_reminder(L, t, &v, jc, &w);
        }
        lua_pop(L, 1);
    }
    for (size_t k = 0; k < jc->nheap; k++) {
        lua_rawgeti(L, res, jc->heap[k].i);
        int t = lua_gettop(L);
        rem_view v;
        check_reminder(L, t, jc->heap[k].i, jc, &v);
        write_reminder(L, t, &v, jc, &w);
        lua_pop(L, 1);
    }
    jw_arr_end(&w);
    return 0;
}

int lh_run_job(lh_plugin *p, store *st, const char *ctx_json, size_t ctx_len, const char *up_to,
               const lh_keep *keep, sbuf *out, size_t *count, lh_error *err)
{
    job_call jc = {.ctx_json = ctx_json,
                   .ctx_len = ctx_len,
                   .up_to = up_to,
                   .job = p->job ? p->job->name : p->name,
                   .keep = keep,
                   .out = out};
    sbuf_reset(out);
    p->job_store = st;
    /* what a run builds lives until its end (the result refers to it all): the incremental
     * collector would only go over it again and again; a state at its cap is still collected
     * (Lua's emergency collection) before an allocation fails */
    lua_gc(p->L, LUA_GCSTOP);
    int rc = lh__run(p, job_body, &jc, err);
    lua_gc(p->L, LUA_GCRESTART);
    p->job_store = NULL;
    if (jc.box)
        jc.box->jc = NULL;
    free(jc.heap);
    asked_free(&jc.asked);
    asked_free(&jc.pre);
    /* what the run built (a large centre's reminders, as Lua tables) is garbage now: give it
     * back at once rather than keep it until the state's next collection */
    lua_gc(p->L, LUA_GCCOLLECT);
    *count = jc.count + jc.declined + jc.known;
    if (rc != 0 && !err->file[0]) {
        /* raised from C while reading the result: no Lua line to point at, but the file */
        snprintf(err->file, sizeof err->file, "%s", p->dir);
    }
    return rc;
}

void lh__job_open(lua_State *L)
{
    lua_newtable(L);
    for (int k = 0; reminder_fields[k]; k++) {
        lua_pushboolean(L, 1);
        lua_setfield(L, -2, reminder_fields[k]);
    }
    lua_rawsetp(L, LUA_REGISTRYINDEX, &fields_key);
    wants_box *box = lua_newuserdatauv(L, sizeof *box, 0);
    *box = (wants_box){NULL, 0};
    lua_rawsetp(L, LUA_REGISTRYINDEX, &wants_key);
}
