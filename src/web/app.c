/* Server-wide state: the store pool and the evaluation snapshot.
 *
 * Store connections: a pm_store serves one thread at a time (SQLite is
 * opened without its own mutex), so each request borrows one from a pool
 * and gives it back when its handler returns. The pool grows to the
 * number of requests running at once, which the worker threads bound.
 *
 * The snapshot: evaluating the whole database (plan, tree, every figure,
 * the engine run) costs tens of milliseconds on a district; a page must
 * not pay it each time. One evaluation is shared, read-only, by every
 * request, and rebuilt when the change signal (pm_store_changes) on a watching
 * connection says another connection (a pooled one, or another process
 * such as `planmon import`) committed. Requests hold a reference, so a
 * rebuilt snapshot replaces the old one without pulling it from under a
 * page being drawn; the last reference frees it. */
#include "web/app.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "base/mem.h"
#include "store/plans.h"
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
    pthread_mutex_t snap_mu;
    pm_store *watch; /* only for data_version and evaluating; under snap_mu */
    snap_box *cur;   /* the current snapshot, NULL until the first request */
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

web_app *web_app_new(const char *db, pm_err *err)
{
    pm_store *watch = pm_store_open(db, PM_STORE_OPEN, err);
    if (!watch)
        return NULL;
    web_app *app = xcalloc(1, sizeof *app);
    app->db = xstrdup(db);
    app->watch = watch;
    pthread_mutex_init(&app->pool_mu, NULL);
    pthread_mutex_init(&app->snap_mu, NULL);
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
    for (size_t i = 0; i < app->nfree; i++)
        pm_store_close(app->free_stores[i]);
    free(app->free_stores);
    snap_unref(app->cur);
    for (size_t i = 0; i < WEB_PLAN_SNAPS; i++) {
        snap_unref(app->others[i].b);
        free(app->others[i].key);
    }
    pm_store_close(app->watch);
    pthread_mutex_destroy(&app->pool_mu);
    pthread_mutex_destroy(&app->snap_mu);
    for (size_t i = 0; i < app->nproxies; i++)
        free(app->proxies[i]);
    free(app->proxies);
    free(app->db);
    free(app);
}

/* ---- store pool ------------------------------------------------------------- */

pm_store *web_app_store(web_req *r, pm_err *err)
{
    if (r->store)
        return r->store;
    web_app *app = r->app;
    pthread_mutex_lock(&app->pool_mu);
    pm_store *s = app->nfree ? app->free_stores[--app->nfree] : NULL;
    pthread_mutex_unlock(&app->pool_mu);
    if (!s && !(s = pm_store_open(app->db, PM_STORE_OPEN, err)))
        return NULL;
    r->store = s;
    return s;
}

void web_app_release_store(web_req *r)
{
    if (!r->store)
        return;
    web_app *app = r->app;
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

/* A new snapshot of the database as it is now, stamped with version, of
 * the plan key names (NULL: the default plan). */
static snap_box *snap_build(web_app *app, long long version, const char *key)
{
    snap_box *b = xcalloc(1, sizeof *b);
    b->refs = 1;
    b->s.version = version;
    b->s.no_plan = !pm_store_use_plan(app->watch, key, &b->s.err);
    b->s.ok = !b->s.no_plan && pm_evaluate(app->watch, &b->s.ev, &b->s.err);
    pm_err ignored = {0};
    pm_store_use_plan(app->watch, NULL, &ignored);
    /* The plans, listed once per snapshot (a new plan is a commit, hence a
     * new snapshot): every page's selector reads them from here. */
    if (!pm_store_plans(app->watch, &b->s.plans, &b->s.nplans, &ignored))
        b->s.plans = NULL, b->s.nplans = 0;
    if (b->s.ok && b->s.ev.tree.n == 0) {
        b->s.ok = false;
        pm_err_set(&b->s.err, 0, "数据库中还没有组织机构（先运行 planmon units import）");
    }
    b->s.cache = web_snap_cache_new();
    strmap_init(&b->s.units, b->s.ev.tree.n);
    for (size_t i = 0; i < b->s.ev.tree.n; i++)
        strmap_put(&b->s.units, b->s.ev.tree.u[i].code, (int)i);
    return b;
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

const web_snap *web_snapshot(web_req *r)
{
    if (r->snap)
        return r->snap;
    web_app *app = r->app;
    pthread_mutex_lock(&app->snap_mu);
    long long v = -1;
    pm_err err = {0};
    /* The version is read before evaluating: a commit that lands during the
     * evaluation changes it again, so the next request rebuilds. Never
     * stale, at worst rebuilt once too often. */
    bool known = pm_store_changes(app->watch, &v, &err);
    const char *key = web_plan_key(r);
    snap_box **slot = key ? plan_slot(app, key) : &app->cur;
    if (!*slot || !known || v != (*slot)->s.version) {
        /* Rebuilt under the lock: requests arriving meanwhile wait for
         * this one evaluation instead of each starting their own. */
        snap_unref(*slot);
        *slot = snap_build(app, known ? v : -1, key);
    }
    snap_box *b = *slot;
    b->refs++;
    pthread_mutex_unlock(&app->snap_mu);
    r->snap = &b->s;
    return r->snap;
}

int web_snap_unit(const web_snap *s, const char *code)
{
    return code ? strmap_get(&s->units, code) : -1;
}

void web_app_release(web_req *r)
{
    web_app_release_store(r);
    if (r->snap) {
        pthread_mutex_lock(&r->app->snap_mu);
        snap_unref((snap_box *)(void *)r->snap);
        pthread_mutex_unlock(&r->app->snap_mu);
        r->snap = NULL;
    }
}
