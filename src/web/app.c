/* Server-wide state: the store pool, the evaluation snapshot, and who the
 * sessions seen lately belong to.
 *
 * Store connections: a pm_store serves one thread at a time (SQLite is
 * opened without its own mutex), so each request borrows one from a pool
 * and gives it back when its handler returns. The pool grows to the
 * number of requests running at once, which the worker threads bound.
 *
 * The snapshot: evaluating the whole database (plan, tree, every figure,
 * the engine run) costs tens of milliseconds on a district and 0.6–0.8 s
 * at a province's size; a page must not pay it, nor wait for it. One
 * evaluation is shared, read-only, by every request. Two signals are read
 * on a dedicated watching connection: the change signal
 * (pm_store_changes) says that someone committed anything, and the data
 * generation (pm_store_data_generation) whether it was data — a login, a
 * logout or a token is not. A commit empties the sessions' cache; a new
 * data generation wakes the builder thread, which evaluates on its own
 * connection while requests go on being answered from the old snapshot,
 * and swaps the new one in when it is ready. Only the very first request
 * of a plan waits for an evaluation (there is nothing older to show), and
 * a request that itself wrote waits before it answers (web_app_release),
 * so that whoever saves a form sees it saved on the next page.
 *
 * Requests hold a reference, so a swapped-out snapshot stays whole under
 * a page being drawn; the last reference frees it.
 *
 * The database going away (a PostgreSQL server restarted, a session ended
 * by the server): a connection the server ended is closed, never lent
 * again (pm_store_lost); the watching and building connections are opened
 * again when a call on them fails (outside snap_mu: a connect may take its
 * whole timeout, requests are not queued behind it); a snapshot that
 * failed because the database could not be reached is marked so
 * (web_error answers 503 store_unavailable) and made again by the next
 * request rather than served. So the server needs no restart: the first
 * request after the database is back works. */
#include "web/app.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "base/clock.h"
#include "base/mem.h"
#include "store/plans.h"
#include "store/store.h"
#include "web/auth_cache.h"
#include "web/snap_cache.h"

typedef struct snap_box {
    web_snap s; /* first: a web_snap * is a snap_box * */
    int refs;   /* requests holding it, +1 while it is the current one */
} snap_box;

/* Snapshots of plans other than the default one, asked for by ?plan=
 * (web_plan_key): a few, the least recently built replaced first. */
#define WEB_PLAN_SNAPS 8
typedef struct plan_snap {
    char *key;  /* the key as asked (a code, a period name); NULL: free slot */
    snap_box *b;
    unsigned long long used; /* app->clock at the last request */
} plan_snap;

struct web_app {
    char *db;
    plan_snap others[WEB_PLAN_SNAPS]; /* under snap_mu */
    unsigned long long clock;
    pthread_mutex_t pool_mu;
    pm_store **free_stores; /* connections not in use */
    size_t nfree, capfree;
    pthread_mutex_t snap_mu; /* guards the snapshots and the fields below */
    pthread_cond_t snap_cv;  /* the builder is wanted, or has swapped a snapshot in */
    pm_store *watch;         /* the signals, and the first evaluation of a plan */
    bool watch_reopening;    /* a request is connecting a new watch (reopen_watch) */
    long long changes;       /* the change signal as last read */
    bool changes_known;
    double polled;           /* when (pm_clock_mono) a reader last read the signals */
    long long gen;           /* the data generation the snapshots should have */
    long long unknown_gen;   /* counts down: a generation that could not be read */
    snap_box *cur;           /* the default plan's snapshot, NULL until the first request */
    pm_store *build_store;   /* the builder thread's own connection */
    pthread_t builder;
    bool builder_running, stopping;
    unsigned long builds;    /* snapshots evaluated */
    bool log_builds;         /* PLANMON_DEBUG_SNAPSHOTS set: one stderr line per evaluation */
    web_auth_cache *auth;
    char **proxies;  /* trusted reverse proxies' addresses; set before serving */
    size_t nproxies;
};

void web_app_trust_proxies(web_app *app, const char *const *addrs, size_t n)
{
    app->proxies = xrealloc(app->proxies, (app->nproxies + n) * sizeof *app->proxies);
    for (size_t i = 0; i < n; i++)
        app->proxies[app->nproxies++] = xstrdup(addrs[i]);
}

bool web_app_proxy_trusted(const web_app *app, const char *addr)
{
    for (size_t i = 0; addr && *addr && i < app->nproxies; i++)
        if (!strcmp(app->proxies[i], addr))
            return true;
    return false;
}

static void *builder_main(void *arg);

web_app *web_app_new(const char *db, pm_err *err)
{
    pm_store *watch = pm_store_open(db, PM_STORE_OPEN, err);
    if (!watch)
        return NULL;
    pm_store *build = pm_store_open(db, PM_STORE_OPEN, err);
    if (!build) {
        pm_store_close(watch);
        return NULL;
    }
    web_app *app = xcalloc(1, sizeof *app);
    app->db = xstrdup(db);
    app->watch = watch;
    app->build_store = build;
    app->auth = web_auth_cache_new();
    app->unknown_gen = -1;
    const char *dbg = getenv("PLANMON_DEBUG_SNAPSHOTS");
    app->log_builds = dbg && *dbg && strcmp(dbg, "0");
    pthread_mutex_init(&app->pool_mu, NULL);
    pthread_mutex_init(&app->snap_mu, NULL);
    pthread_cond_init(&app->snap_cv, NULL);
    app->builder_running = pthread_create(&app->builder, NULL, builder_main, app) == 0;
    return app;
}

static void snap_unref(snap_box *b)
{
    if (!b || --b->refs > 0)
        return;
    web_snap_cache_free(b->s.cache);
    pm_evaluation_free(&b->s.ev);
    strmap_free(&b->s.units);
    pm_plan_infos_free(b->s.plans, b->s.nplans);
    free(b);
}

void web_app_free(web_app *app)
{
    if (!app)
        return;
    if (app->builder_running) {
        pthread_mutex_lock(&app->snap_mu);
        app->stopping = true;
        pthread_cond_broadcast(&app->snap_cv);
        pthread_mutex_unlock(&app->snap_mu);
        pthread_join(app->builder, NULL);
    }
    for (size_t i = 0; i < app->nfree; i++)
        pm_store_close(app->free_stores[i]);
    free(app->free_stores);
    snap_unref(app->cur);
    for (size_t i = 0; i < WEB_PLAN_SNAPS; i++) {
        snap_unref(app->others[i].b);
        free(app->others[i].key);
    }
    pm_store_close(app->watch);
    pm_store_close(app->build_store);
    web_auth_cache_free(app->auth);
    pthread_mutex_destroy(&app->pool_mu);
    pthread_cond_destroy(&app->snap_cv);
    pthread_mutex_destroy(&app->snap_mu);
    for (size_t i = 0; i < app->nproxies; i++)
        free(app->proxies[i]);
    free(app->proxies);
    free(app->db);
    free(app);
}

/* ---- store pool ------------------------------------------------------------- */

/* A pooled connection, or NULL when the pool is empty. One the server
 * ended while it sat in the pool (a restart, pg_terminate_backend), or one
 * lost during the request that gave it back, is closed, not lent: the
 * request would fail on it although the server is back. The one look at
 * each connection per request is here (pm_store_lost reads the socket). */
static pm_store *pool_take(web_app *app)
{
    for (;;) {
        pthread_mutex_lock(&app->pool_mu);
        pm_store *s = app->nfree ? app->free_stores[--app->nfree] : NULL;
        pthread_mutex_unlock(&app->pool_mu);
        if (!s || !pm_store_lost(s))
            return s;
        pm_store_close(s);
    }
}

pm_store *web_app_store(web_req *r, pm_err *err)
{
    if (r->store)
        return r->store;
    web_app *app = r->app;
    pm_store *s = r->fresh_store ? NULL : pool_take(app);
    if (!s && !(s = pm_store_open(app->db, PM_STORE_OPEN, err)))
        return NULL;
    r->store = s;
    if (r->method && strcmp(r->method, "GET") && strcmp(r->method, "HEAD"))
        r->wrote = true;
    return s;
}

void web_app_release_store(web_req *r)
{
    if (!r->store)
        return;
    web_app *app = r->app;
    /* Pooled even if lost meanwhile: pool_take closes it. */
    pthread_mutex_lock(&app->pool_mu);
    app->free_stores = xgrow(app->free_stores, &app->capfree, app->nfree + 1, sizeof *app->free_stores);
    app->free_stores[app->nfree++] = r->store;
    pthread_mutex_unlock(&app->pool_mu);
    r->store = NULL;
}

/* ---- snapshot ------------------------------------------------------------------ */

const char *web_plan_key(const web_req *r)
{
    const char *q = web_query(r, "plan");
    if (q)
        return *q ? q : NULL;
    const char *c = web_cookie(r, WEB_PLAN_COOKIE);
    return c && *c ? c : NULL;
}

/* A new snapshot of the database as it is now, read through st, stamped
 * with the data generation gen, of the plan key names (NULL: the default
 * plan). With PLANMON_DEBUG_SNAPSHOTS set, each evaluation is a line on
 * stderr (tests count them: a login must not make one). */
static snap_box *snap_build(web_app *app, pm_store *st, long long gen, const char *key)
{
    double t0 = (pm_clock_mono() * 1e3);
    unsigned long unavailable = pm_store_unavailable_count();
    snap_box *b = xcalloc(1, sizeof *b);
    b->refs = 1;
    b->s.version = gen;
    b->s.no_plan = !pm_store_use_plan(st, key, &b->s.err);
    b->s.ok = !b->s.no_plan && pm_evaluate(st, &b->s.ev, &b->s.err);
    pm_err ignored = {0};
    /* The plans, listed once per snapshot (a new plan is a data change,
     * hence a new snapshot): every page's selector and web_plans_list read
     * them from here; listed before the handle goes back to the default,
     * so that in_use marks the snapshot's plan. */
    if (!pm_store_plans(st, &b->s.plans, &b->s.nplans, &ignored))
        b->s.plans = NULL, b->s.nplans = 0;
    pm_store_use_plan(st, NULL, &ignored);
    /* Counted on this thread, which built it all: a failure of the
     * database, not of its content (pages answer 503 store_unavailable). */
    b->s.unavailable = !b->s.ok && pm_store_unavailable_count() != unavailable;
    if (b->s.ok && b->s.ev.tree.n == 0) {
        b->s.ok = false;
        pm_err_set(&b->s.err, 0, "数据库中还没有组织机构（先运行 planmon units import）");
    }
    b->s.cache = web_snap_cache_new();
    strmap_init(&b->s.units, b->s.ev.tree.n);
    for (size_t i = 0; i < b->s.ev.tree.n; i++)
        strmap_put(&b->s.units, b->s.ev.tree.u[i].code, (int)i);
    unsigned long n = __atomic_add_fetch(&app->builds, 1, __ATOMIC_RELAXED);
    b->s.serial = n;
    if (app->log_builds)
        fprintf(stderr, "planmon: debug: snapshot %lu built (plan %s, generation %lld, %zu units) in %.1f ms\n", n,
                key ? key : "default", gen, b->s.ev.tree.n, (pm_clock_mono() * 1e3) - t0);
    return b;
}

/* A new connection in place of *st, lost: true when it took its place
 * (the database is back), false when it could not be opened (*st stays:
 * its calls fail at once, and count as unavailable). under_lock: called
 * and returning under snap_mu, which the connect (up to its timeout) runs
 * without, so that requests are not queued behind it; *st is swapped
 * under it. */
static bool reopen(web_app *app, pm_store **st, bool under_lock)
{
    pm_err err = {0};
    if (under_lock)
        pthread_mutex_unlock(&app->snap_mu);
    pm_store *fresh = pm_store_open(app->db, PM_STORE_OPEN, &err);
    if (under_lock)
        pthread_mutex_lock(&app->snap_mu);
    if (!fresh)
        return false;
    pm_store_close(*st);
    *st = fresh;
    return true;
}

/* reopen for the watch (under snap_mu). While it connects the lost watch
 * stays in place for the requests that come (they use it only under
 * snap_mu, and fail at once). One request connects at a time: the others
 * go on without waiting for it. */
static bool reopen_watch(web_app *app)
{
    if (app->watch_reopening)
        return false;
    app->watch_reopening = true;
    bool ok = reopen(app, &app->watch, true);
    app->watch_reopening = false;
    return ok;
}

/* Reads both signals (under snap_mu; reopen_watch lets it go). A commit
 * of any kind empties the sessions' cache; a data generation that moved
 * (or cannot be read) wakes the builder. Never stale: each signal is read before what it guards is
 * rebuilt, so a commit landing meanwhile is seen at the next request.
 * A writer (after its commit) reads the data generation whatever the
 * change signal says and empties the sessions' cache: PostgreSQL's change
 * signal (a notification) may reach the server after the writer's next
 * request, the generation is read from the database itself.
 *
 * Readers read the signals at most once every POLL_SECS: under load
 * (thousands of requests a second) the read, on SQLite a WAL lock and an
 * fstat taken under snap_mu, was two thirds of a request's system calls
 * and made the other worker wait on the lock (strace -c of the history
 * page under wrk: 2 fcntl, 1 fstat and 2.1 futex calls a request). Another
 * process's commit is seen a millisecond later at most; the server's own
 * writers read at once. */
#define POLL_SECS 0.001
static void poll_signals(web_app *app, bool writer)
{
    double t = pm_clock_mono();
    if (!writer && app->changes_known && t - app->polled < POLL_SECS)
        return;
    app->polled = t;
    long long v;
    pm_err err = {0};
    bool known = pm_store_changes(app->watch, &v, &err);
    /* The watch lost (that read told: pm_store_lost reads no more): the
     * notifications missed while it was away are unknown, the generation
     * is read whatever the new watch says. */
    if (!known && pm_store_lost(app->watch) && reopen_watch(app)) {
        err = (pm_err){0};
        known = pm_store_changes(app->watch, &v, &err);
        app->changes_known = false;
    }
    bool same = known && app->changes_known && v == app->changes;
    if (same && !writer)
        return;
    app->changes = v;
    app->changes_known = known;
    web_auth_cache_forget(app->auth);
    long long g;
    if (!pm_store_data_generation(app->watch, &g, &err))
        g = app->unknown_gen--; /* never equal to a snapshot's: rebuilt */
    if (g != app->gen) {
        app->gen = g;
        pthread_cond_broadcast(&app->snap_cv);
    }
}

/* The slot of the snapshot of plan key (under snap_mu): its own, else a
 * free one, else the least recently used one's (emptied). */
static snap_box **plan_slot(web_app *app, const char *key)
{
    plan_snap *hit = NULL, *old = &app->others[0];
    for (size_t i = 0; i < WEB_PLAN_SNAPS && !hit; i++) {
        plan_snap *p = &app->others[i];
        if (p->key && !strcmp(p->key, key))
            hit = p;
        else if (!p->key || (old->key && p->used < old->used))
            old = p;
    }
    if (!hit) {
        hit = old;
        snap_unref(hit->b);
        hit->b = NULL;
        free(hit->key);
        hit->key = xstrdup(key);
    }
    hit->used = ++app->clock;
    return &hit->b;
}

/* A snapshot older than the data generation (under snap_mu): its key in
 * *key (NULL for the default plan) and true, or false when all are fresh. */
static bool stale_slot(web_app *app, const char **key)
{
    if (app->cur && app->cur->s.version != app->gen) {
        *key = NULL;
        return true;
    }
    for (size_t i = 0; i < WEB_PLAN_SNAPS; i++)
        if (app->others[i].b && app->others[i].b->s.version != app->gen) {
            *key = app->others[i].key;
            return true;
        }
    return false;
}

/* The slot of key if it holds a snapshot (under snap_mu), else NULL. */
static snap_box **find_slot(web_app *app, const char *key)
{
    if (!key)
        return &app->cur;
    for (size_t i = 0; i < WEB_PLAN_SNAPS; i++)
        if (app->others[i].key && !strcmp(app->others[i].key, key))
            return &app->others[i].b;
    return NULL;
}

/* The builder thread: evaluates each stale snapshot on its own connection,
 * outside the lock, and swaps the result in. */
static void *builder_main(void *arg)
{
    web_app *app = arg;
    pthread_mutex_lock(&app->snap_mu);
    while (!app->stopping) {
        const char *key;
        if (!stale_slot(app, &key)) {
            pthread_cond_wait(&app->snap_cv, &app->snap_mu);
            continue;
        }
        long long gen = app->gen;
        char *mine = key ? xstrdup(key) : NULL; /* the slot may be reused meanwhile */
        pthread_mutex_unlock(&app->snap_mu);
        /* Its own connection, used by no other thread: reopened outside
         * the lock. */
        if (pm_store_lost(app->build_store))
            reopen(app, &app->build_store, false);
        snap_box *fresh = snap_build(app, app->build_store, gen, mine);
        pthread_mutex_lock(&app->snap_mu);
        snap_box **slot = find_slot(app, mine);
        if (slot && *slot) {
            snap_unref(*slot);
            *slot = fresh;
        } else {
            snap_unref(fresh); /* its plan's slot went to another plan */
        }
        free(mine);
        pthread_cond_broadcast(&app->snap_cv);
    }
    pthread_mutex_unlock(&app->snap_mu);
    return NULL;
}

void web_app_warm(web_app *app)
{
    pthread_mutex_lock(&app->snap_mu);
    poll_signals(app, false);
    if (!app->cur) {
        snap_box *b = snap_build(app, app->watch, app->gen, NULL);
        /* One the database's absence spoiled is dropped: the first
         * request builds it, as without this. */
        if (b->s.unavailable)
            snap_unref(b);
        else
            app->cur = b;
    }
    pthread_mutex_unlock(&app->snap_mu);
}

const web_snap *web_snapshot(web_req *r)
{
    if (r->snap)
        return r->snap;
    web_app *app = r->app;
    pthread_mutex_lock(&app->snap_mu);
    poll_signals(app, false);
    const char *key = web_plan_key(r);
    snap_box **slot = key ? plan_slot(app, key) : &app->cur;
    if (!*slot) {
        /* Nothing to answer from yet: evaluated here, under the lock, so
         * that requests arriving meanwhile wait for this one evaluation
         * instead of each starting their own. */
        *slot = snap_build(app, app->watch, app->gen, key);
    } else if ((*slot)->s.version != app->gen && (!app->builder_running || (*slot)->s.unavailable)) {
        /* (A snapshot the database's absence spoiled is nothing to answer
         * from either: once the database is back, the first request gets
         * a real one, not a 503.) */
        snap_unref(*slot);
        *slot = snap_build(app, app->watch, app->gen, key);
    }
    snap_box *b = *slot;
    b->refs++;
    pthread_mutex_unlock(&app->snap_mu);
    r->snap = &b->s;
    return r->snap;
}

void web_app_debug_headers(web_req *r, web_resp *w)
{
    if (!r->app->log_builds || !r->snap)
        return;
    char n[32];
    snprintf(n, sizeof n, "%lu", r->snap->serial);
    web_add_header(w, "X-Planmon-Snapshot", n);
}

web_auth_cache *web_app_auth_cache(web_req *r)
{
    web_snapshot(r); /* reads the signals: a logout empties the cache first */
    return r->app->auth;
}

int web_snap_unit(const web_snap *s, const char *code)
{
    return code ? strmap_get(&s->units, code) : -1;
}

/* After a request that may have written: waits until its plan's snapshot
 * has the data generation its commit made (the builder's evaluation), so
 * that the page the writer sees next shows what it wrote. Only writers
 * wait; a reader is never held back by a rebuild. */
static void settle(web_req *r)
{
    web_app *app = r->app;
    const char *key = web_plan_key(r);
    pthread_mutex_lock(&app->snap_mu);
    poll_signals(app, true);
    snap_box **slot = find_slot(app, key);
    while (app->builder_running && !app->stopping && slot && *slot && (*slot)->s.version != app->gen) {
        pthread_cond_wait(&app->snap_cv, &app->snap_mu);
        slot = find_slot(app, key);
    }
    pthread_mutex_unlock(&app->snap_mu);
}

void web_app_release(web_req *r)
{
    bool wrote = r->wrote;
    r->wrote = false;
    web_app_release_store(r);
    if (r->snap) {
        pthread_mutex_lock(&r->app->snap_mu);
        snap_unref((snap_box *)(void *)r->snap);
        pthread_mutex_unlock(&r->app->snap_mu);
        r->snap = NULL;
    }
    if (wrote)
        settle(r);
}
