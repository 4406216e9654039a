/* The server-wide state behind every request (app.c): the database path,
 * a pool of store connections (one per worker thread at most) and the
 * shared evaluation snapshot (snapshot.h). Internal to src/web/: handlers
 * reach it through web_store (context.h) and web_snapshot (snapshot.h). */
#ifndef PM_WEB_APP_H
#define PM_WEB_APP_H
#include "base/err.h"
#include "web/request.h"
#include "web/snapshot.h"

/* Opens the database once to check it (and migrate it forward), and
 * keeps that connection to watch for changes. NULL with err set. Free with
 * web_app_free once no request runs. */
web_app *web_app_new(const char *db, pm_err *err);
void web_app_free(web_app *app);
/* The reverse proxies (numeric addresses, copied) whose X-Forwarded-Proto
 * and X-Forwarded-For are believed; none unless set. */
/* Builds the default plan's first snapshot now, before the server takes
 * requests (web_serve): at the national size (96 M figures on PostgreSQL)
 * that evaluation takes about 45 s, and the request that waited for it
 * got an empty answer once libmicrohttpd's 30-s connection timeout had
 * passed, with every other request queued behind it. A server being
 * started thus refuses connections until it can answer them, and nginx
 * sends them to another server meanwhile. */
void web_app_warm(web_app *app);
void web_app_trust_proxies(web_app *app, const char *const *addrs, size_t n);
bool web_app_proxy_trusted(const web_app *app, const char *addr);

/* A store connection for r from the pool (kept in r->store until
 * released; the same one on every call). NULL with err set when the
 * database cannot be opened. web_store (context.h) answers that with an
 * error page. */
pm_store *web_app_store(web_req *r, pm_err *err);

/* Gives back what a request took (its store connection, its snapshot
 * reference); safe to call more than once. A request that may have
 * written (r->wrote) then waits until its writes are in the snapshot. */
void web_app_release(web_req *r);
/* With PLANMON_DEBUG_SNAPSHOTS set: the header X-Planmon-Snapshot naming
 * the evaluation (its serial) the request was answered from, so that a
 * test can count which snapshot served it instead of timing it. */
void web_app_debug_headers(web_req *r, web_resp *w);
/* The server's memory of sessions (auth_cache.h), emptied first if
 * anything committed since the last look. Borrowed from the app. */
struct web_auth_cache *web_app_auth_cache(web_req *r);
/* Gives back only the store connection (between the phases of a request,
 * so that a slow upload does not hold a connection). */
void web_app_release_store(web_req *r);

#endif
