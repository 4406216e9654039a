/* What a snapshot remembers for the requests that share it (snap_cache.c):
 * the status documents built for it, rendered pieces of pages, and who the
 * session cookies and API tokens seen under it belong to. Internal to
 * src/web/: app.c makes one with every snapshot and frees it with the
 * snapshot (a commit to the database makes a new snapshot, so nothing here
 * outlives the data it was read from); handlers use the request's view of
 * it (context.h), auth.c the session functions below. */
#ifndef PM_WEB_SNAP_CACHE_H
#define PM_WEB_SNAP_CACHE_H
#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

#include "store/users.h"
#include "web/request.h"

typedef struct web_snap web_snap;
typedef struct web_snap_cache web_snap_cache;

web_snap_cache *web_snap_cache_new(void);
/* Frees the cache and everything in it; no request may hold anything of it. */
void web_snap_cache_free(web_snap_cache *c);

/* The status document (web_status_doc) of snapshot s for unit u, year and
 * method, built once and shared: read-only, borrowed while the snapshot is
 * held. When the cache cannot hold it, a fresh one is returned and *own
 * set to it (the caller json_decrefs *own, which is NULL otherwise). */
const json_t *web_snap_status_doc(const web_snap *s, int u, int year, bool sdg, json_t **own);
/* Answers 200 in w with that document as JSON, serialised once too. */
void web_snap_status_json(const web_snap *s, web_resp *w, int u, int year, bool sdg);

/* Rendered pieces of pages, by web_fragment_key (context.h): get appends the piece to
 * b and returns true when it is there; put remembers b's bytes from `from`
 * on (nothing when the cache is full). */
bool web_snap_fragment_get(const web_snap *s, uint64_t key, buf *b);
void web_snap_fragment_put(const web_snap *s, uint64_t key, const buf *b, size_t from);

/* Seconds a remembered session or token is trusted before the store is
 * asked again (an expired session lives on at most this long; anything
 * that ends one sooner — logout, a new password, a disabled user, a
 * revoked token — commits, which makes a new snapshot and forgets all). */
#define WEB_AUTH_CACHE_TTL 60

/* The user behind a token hash (secret_token_hash) of kind 's' (session
 * cookie) or 't' (bearer token), if remembered: fills *u (the caller
 * pm_user_clears it) and csrf (cap bytes; sessions only). */
bool web_auth_cache_get(const web_snap *s, char kind, const char *hash, pm_user *u, char *csrf, size_t cap);
/* Remembers a user found in the store for that hash (u and csrf copied;
 * csrf may be NULL). Does nothing when the cache is full. */
void web_auth_cache_put(const web_snap *s, char kind, const char *hash, const pm_user *u, const char *csrf);

#endif
