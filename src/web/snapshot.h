/* The evaluated database, shared by all requests (app.c builds and swaps
 * it): plan, tree, engine, targets. Rebuilt when the database changes
 * (pm_store_changes). */
#ifndef PM_WEB_SNAPSHOT_H
#define PM_WEB_SNAPSHOT_H
#include <stdbool.h>

#include "base/err.h"
#include "base/strmap.h"
#include "store/evaluate.h"
#include "web/request.h"

/* Read-only; valid until the request ends. ok false: the database could
 * not be evaluated (no plan, no units…) and err says why. */
typedef struct web_snap {
    pm_evaluation ev;
    bool ok;
    bool no_plan; /* not ok because the request named a plan the database lacks (404) */
    bool unavailable; /* not ok because the database could not be reached (503 store_unavailable) */
    pm_err err;
    long long version;
    unsigned long serial; /* this server's n-th evaluation (1, 2, …): tests tell snapshots apart by it */
    strmap units; /* unit code → preorder index (keys borrowed from ev.tree) */
    struct web_snap_cache *cache; /* status documents and sessions seen under it (snap_cache.c) */
    pm_plan_info *plans;          /* every plan in the database, for the pages' plan selector */
    size_t nplans;                /* 0 when they could not be listed (no selector then) */
} web_snap;

/* The request's snapshot, taken on first use and held until the request
 * ends (web_app_release). Never NULL. Of the plan the request works on
 * (web_plan_key): one snapshot per plan asked for. */
const web_snap *web_snapshot(web_req *r);
/* The plan a request works on: the query parameter `plan` (a code or a
 * period name; empty: the default), else the cookie a page visited with
 * ?plan= set (WEB_PLAN_COOKIE), else NULL for the database's default
 * plan. Borrowed for the request. */
#define WEB_PLAN_COOKIE "pm_plan"
const char *web_plan_key(const web_req *r);
/* The preorder index of a unit code in the snapshot's tree, or -1. O(1). */
int web_snap_unit(const web_snap *s, const char *code);

#endif
