/* lua_limits — what every call into plugin or script Lua runs under: the allocator that caps
 * a state's memory, the CPU-time budget (by the thread's CPU clock, so a busy machine does not
 * stop a plugin that was merely waiting for a core), and the protected call that turns any
 * error into an lh_error with file and line. See lua_host_internal.h.
 *
 * The budget: a timer on the calling thread's CPU clock, armed for each call, sends
 * BUDGET_SIGNAL when the budget is spent; its handler sets a hook on the state the thread is
 * running, and the hook stops the call at its next instruction. No hook is set before that:
 * with any hook set, Lua 5.4 looks at it before every instruction (a seventh of the loop's
 * time in a whole-centre progress). The sandbox gives plugins no coroutines, so the state's
 * main thread is the one running. Where no timer can be made, a call is checked every
 * LIMITS_CHECK_EVERY instructions instead. */
#include "lua_host_internal.h"

#include <errno.h>
#include <lauxlib.h>
#include <pthread.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>
#include <uv.h>

#include "log.h"

#define LIMITS_CHECK_EVERY 10000 /* instructions between clock readings, without a timer */
#define BUDGET_SIGNAL      SIGRTMIN

/* This thread's CPU time in ns (a state is only ever run by one thread at a time). */
static uint64_t cpu_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

#define CPU_READING_KEPT_NS 1000000u /* 1 ms */

/* The thread's CPU time at a call's start, to within a millisecond, for the deadline. The CPU
 * clock is a system call (under a hypervisor, as much as a short hook's own work), and a busy
 * loop calls hooks tens of thousands of times a second: a reading less than 1 ms old by the
 * wall clock (a cheap read) is used instead. A thread's CPU time grows no faster than the wall
 * clock, so the reading is at most 1 ms of CPU behind: a call may be stopped up to 1 ms of CPU
 * early, never late, and never for time the machine spent elsewhere. */
static uint64_t cpu_at_start(uint64_t wall)
{
    static _Thread_local uint64_t cpu_read, wall_read;
    if (!wall_read || wall - wall_read >= CPU_READING_KEPT_NS) {
        cpu_read = cpu_now();
        wall_read = wall;
    }
    return cpu_read;
}

/* A block Lua lets go of: the pool's when small (lua_pool.h), else malloc's. */
static void let_go(lh_plugin *p, void *block, size_t size)
{
    if (size <= LPOOL_MAX)
        lpool_free(&p->pool, block, size);
    else
        free(block);
}

void *lh__alloc(void *ud, void *ptr, size_t osize, size_t nsize)
{
    lh_plugin *p = ud;
    size_t old = ptr ? osize : 0; /* (osize without a block says what kind of object is made) */
    if (nsize == 0) {
        if (ptr)
            let_go(p, ptr, old);
        p->mem_used -= old;
        return NULL;
    }
    if (nsize > old && p->mem_used + (nsize - old) > p->mem_limit) {
        p->mem_refused = nsize - old; /* for the error's message */
        p->mem_refused_with = p->mem_used;
        return NULL; /* Lua raises LUA_ERRMEM after an emergency collection */
    }
    void *q;
    if (ptr && lpool_same_class(old, nsize))
        q = ptr; /* the block already has room */
    else if (ptr && old > LPOOL_MAX && nsize > LPOOL_MAX)
        q = realloc(ptr, nsize);
    else {
        q = nsize <= LPOOL_MAX ? lpool_alloc(&p->pool, nsize) : malloc(nsize);
        if (q && ptr) {
            memcpy(q, ptr, old < nsize ? old : nsize);
            let_go(p, ptr, old);
        }
    }
    if (!q)
        return NULL;
    p->mem_used = p->mem_used - old + nsize;
    if (p->mem_used > p->mem_peak)
        p->mem_peak = p->mem_used;
    return q;
}

static void budget_hook(lua_State *L, lua_Debug *ar)
{
    (void)ar;
    lh_plugin *p = lh__self(L);
    if (!p->deadline_ns) {
        lua_sethook(L, NULL, 0, 0); /* no call under way: a signal that came late */
        return;
    }
    if (!p->timed_out && cpu_now() < p->deadline_ns) {
        /* early: a signal an earlier call's timer sent late. This call's timer is still
         * armed; the clock is read every so often meanwhile all the same. */
        lua_sethook(L, budget_hook, LUA_MASKCOUNT, LIMITS_CHECK_EVERY);
        return;
    }
    if (!p->timed_out) {
        p->timed_out = true;
        /* From now on every instruction raises again: a pcall in the plugin may catch one
         * stop, but the next instruction after it stops again, up to our own pcall. */
        lua_sethook(L, budget_hook, LUA_MASKCOUNT, 1);
    }
    /* Level 0 is the function the hook interrupted (a hook has no frame of its own): where the
     * time went. luaL_error would name level 1, its caller. */
    luaL_where(L, 0);
    lua_pushfstring(L, "time budget of %d ms exceeded", (int)p->budget_ms);
    lua_concat(L, 2);
    lua_error(L);
}

/* ---- the budget's timer: one per thread that runs Lua -------------------------------- */

static _Thread_local lua_State *volatile running; /* what the thread's timer stops */
static _Thread_local timer_t budget_timer;
static _Thread_local int timer_state; /* 0 not tried, 1 made, -1 cannot be */
static pthread_once_t budget_once = PTHREAD_ONCE_INIT;
static pthread_key_t timer_key; /* deletes a thread's timer when the thread ends */
static bool signal_ready;

static void on_budget_signal(int sig)
{
    (void)sig;
    lua_State *L = running;
    if (L) /* lua_sethook may be called from a signal handler (Lua's manual, lua.c's SIGINT) */
        lua_sethook(L, budget_hook, LUA_MASKCOUNT, 1);
}

static void delete_timer(void *timer)
{
    timer_delete(*(timer_t *)timer);
}

static void install_budget_signal(void)
{
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_budget_signal;
    sa.sa_flags = SA_RESTART; /* what the signal interrupts goes on */
    sigemptyset(&sa.sa_mask);
    signal_ready = pthread_key_create(&timer_key, delete_timer) == 0 &&
                   sigaction(BUDGET_SIGNAL, &sa, NULL) == 0;
    if (!signal_ready)
        log_warn("lua", "no budget signal (%s): Lua calls are timed by a hook instead",
                 strerror(errno));
}

/* This thread's budget timer, made the first time it is asked for; false if it cannot be. */
static bool thread_timer(void)
{
    if (timer_state)
        return timer_state > 0;
    timer_state = -1;
    pthread_once(&budget_once, install_budget_signal);
    if (!signal_ready)
        return false;
    sigset_t set; /* libuv's threads may have it blocked */
    sigemptyset(&set);
    sigaddset(&set, BUDGET_SIGNAL);
    struct sigevent ev;
    memset(&ev, 0, sizeof ev);
    ev.sigev_notify = SIGEV_THREAD_ID;
    ev.sigev_signo = BUDGET_SIGNAL;
    ev._sigev_un._tid = (pid_t)syscall(SYS_gettid);
    if (pthread_sigmask(SIG_UNBLOCK, &set, NULL) != 0 ||
        timer_create(CLOCK_THREAD_CPUTIME_ID, &ev, &budget_timer) != 0) {
        log_warn("lua",
                 "no budget timer for this thread (%s): its Lua calls are timed by a "
                 "hook instead",
                 strerror(errno));
        return false;
    }
    pthread_setspecific(timer_key, &budget_timer);
    timer_state = 1;
    return true;
}

/* Arms (ms > 0) or disarms (0) this thread's timer; false when there is none. */
static bool set_timer(int64_t ms)
{
    struct itimerspec t;
    memset(&t, 0, sizeof t);
    t.it_value.tv_sec = (time_t)(ms / 1000);
    t.it_value.tv_nsec = (long)(ms % 1000) * 1000000L;
    return timer_settime(budget_timer, 0, &t, NULL) == 0;
}

int lh__atpanic(lua_State *L)
{
    log_error("lua", "unprotected Lua error: %s", lua_tostring(L, -1));
    abort();
}

/* ---- protected calls ----------------------------------------------------------------- */

static void set_where(lh_plugin *p, const char *src, int line)
{
    snprintf(p->where.file, sizeof p->where.file, "%s", src);
    p->where.line = line;
}

#define MSGH_LEVELS 32 /* outer frames the message of an error may name */

/* Whether msg starts with "src:line:", the position Lua's error(message, level) gives. */
static bool names_frame(const char *msg, const lua_Debug *ar)
{
    size_t n = strlen(ar->short_src);
    if (!msg || strncmp(msg, ar->short_src, n) != 0 || msg[n] != ':')
        return false;
    char *end;
    long line = strtol(msg + n + 1, &end, 10);
    return end != msg + n + 1 && *end == ':' && line == ar->currentline;
}

/* Message handler: records where the error was raised and adds a traceback for the log. That
 * is the innermost Lua frame, unless the message names an outer one: error(message, 2) blames
 * the caller (nvq.rule's "no rule kind" names the centre's line, not the library's), and so
 * must file and line. */
static int msgh(lua_State *L)
{
    lh_plugin *p = lh__self(L);
    p->where.file[0] = '\0';
    p->where.line = 0;
    const char *msg = lua_tostring(L, 1);
    lua_Debug ar;
    for (int level = 0; lua_getstack(L, level, &ar); level++) {
        if (!lua_getinfo(L, "Sl", &ar))
            break;
        if (ar.currentline <= 0)
            continue;
        if (!p->where.file[0])
            set_where(p, ar.short_src, ar.currentline);
        if (names_frame(msg, &ar)) {
            set_where(p, ar.short_src, ar.currentline);
            break;
        }
        if (level >= MSGH_LEVELS)
            break; /* an error's level is a small number; a stack overflow is deep */
    }
    if (!msg) {
        if (luaL_callmeta(L, 1, "__tostring") && lua_type(L, -1) == LUA_TSTRING)
            msg = lua_tostring(L, -1);
        else
            msg = lua_pushfstring(L, "(error object is a %s value)", luaL_typename(L, 1));
    }
    luaL_traceback(L, L, msg, 1);
    return 1;
}

/* "file:line: message" -> fills file/line when the handler did not (syntax errors). */
static void parse_position(lh_error *e, const char *msg)
{
    const char *colon = strchr(msg, ':');
    if (!colon)
        return;
    const char *q = colon + 1;
    int line = 0;
    while (*q >= '0' && *q <= '9')
        line = line * 10 + (*q++ - '0');
    if (*q != ':' || line == 0)
        return;
    if (!e->file[0]) {
        snprintf(e->file, sizeof e->file, "%.*s", (int)(colon - msg), msg);
        e->line = line;
    }
}

typedef struct run_ctx {
    int (*body)(lua_State *L, void *ud);
    void *ud;
} run_ctx;

static int run_body(lua_State *L)
{
    run_ctx *rc = lua_touserdata(L, 1);
    lua_settop(L, 0);
    return rc->body(L, rc->ud);
}

int lh__run_within(lh_plugin *p, int (*body)(lua_State *, void *), void *ud, int64_t budget_ms,
                   lh_error *err)
{
    lua_State *L = p->L;
    int top = lua_gettop(L);
    run_ctx rc = {body, ud};
    p->budget_ms = budget_ms;
    p->timed_out = false;
    uint64_t start = uv_hrtime();
    p->deadline_ns = cpu_at_start(start) + (uint64_t)budget_ms * 1000000u;
    /* a call made from inside another (none is, today) is timed by the hook: the thread's
     * timer stays the outer call's */
    lua_State *outer = running;
    bool timed = !outer && budget_ms > 0 && thread_timer() && set_timer(budget_ms);
    if (timed)
        running = L;
    else
        lua_sethook(L, budget_hook, LUA_MASKCOUNT, LIMITS_CHECK_EVERY);
    p->where.file[0] = '\0';
    p->where.line = 0;
    int status = LUA_ERRMEM;
    if (lua_checkstack(L, 3)) {
        lua_pushcfunction(L, msgh);
        lua_pushcfunction(L, run_body);
        lua_pushlightuserdata(L, &rc);
        status = lua_pcall(L, 1, 0, top + 1);
    }
    if (timed) {
        running = NULL; /* before disarming: a signal on its way now finds no state */
        set_timer(0);
    }
    p->deadline_ns = 0;
    lua_sethook(L, NULL, 0, 0);
    p->busy_ns += uv_hrtime() - start;
    p->calls++;
    if (status == LUA_OK) {
        lua_settop(L, top);
        return 0;
    }
    p->errors++;
    memset(err, 0, sizeof *err);
    snprintf(err->plugin, sizeof err->plugin, "%s", p->name);
    const char *msg = lua_tostring(L, -1);
    if (status == LUA_ERRMEM) {
        err->kind = LH_ERR_MEMORY;
        snprintf(err->message, sizeof err->message,
                 "memory limit of %zu bytes exceeded: %zu more were asked for with %zu in use",
                 p->mem_limit, p->mem_refused, p->mem_refused_with);
    } else {
        err->kind = p->timed_out ? LH_ERR_TIMEOUT : LH_ERR_RUNTIME;
        snprintf(err->file, sizeof err->file, "%s", p->where.file);
        err->line = p->where.line;
        /* The first line of the traceback is the message; keep the rest for the log. */
        const char *nl = msg ? strchr(msg, '\n') : NULL;
        snprintf(err->message, sizeof err->message, "%.*s",
                 nl ? (int)(nl - msg) : (int)strlen(msg ? msg : ""), msg ? msg : "");
        if (p->syntax_error) {
            /* a chunk that did not compile: its own position is in the message */
            err->file[0] = '\0';
            err->line = 0;
        }
        parse_position(err, err->message);
        log_debug("lua", "%s: %s", p->name, msg ? msg : "");
    }
    lua_settop(L, top);
    /* Give back what the failed call left behind; a state at its cap stays usable. */
    lua_gc(L, LUA_GCCOLLECT);
    return -1;
}

int lh__run(lh_plugin *p, int (*body)(lua_State *, void *), void *ud, lh_error *err)
{
    p->phase = LH_CALLING;
    int rc = lh__run_within(p, body, ud, lh__options(p->host)->time_ms, err);
    p->phase = LH_IDLE;
    return rc;
}
