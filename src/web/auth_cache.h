/* Who the session cookies and API tokens seen lately belong to
 * (auth_cache.c). Internal to src/web/: app.c keeps one for the server and
 * forgets everything in it after any commit to the database (a logout, a
 * new password, a disabled user, a revoked token all commit); auth.c asks
 * it before the store. */
#ifndef PM_WEB_AUTH_CACHE_H
#define PM_WEB_AUTH_CACHE_H
#include <stdbool.h>
#include <stddef.h>

#include "store/users.h"

typedef struct web_auth_cache web_auth_cache;

/* Seconds a remembered session or token is trusted before the store is
 * asked again (an expired session lives on at most this long; anything
 * that ends one sooner commits, and a commit empties the cache). */
#define WEB_AUTH_CACHE_TTL 60

web_auth_cache *web_auth_cache_new(void);
void web_auth_cache_free(web_auth_cache *c);
/* Forgets every entry and starts a new epoch. Thread-safe. */
void web_auth_cache_forget(web_auth_cache *c);
/* The current epoch: read it before asking the store, and hand it to put,
 * so that an answer read before a forget is not remembered after it. */
unsigned long web_auth_cache_epoch(web_auth_cache *c);

/* The user behind a token hash (secret_token_hash) of kind 's' (session
 * cookie) or 't' (bearer token), if remembered: fills *u (the caller
 * pm_user_clears it) and csrf (cap bytes; sessions only). */
bool web_auth_cache_get(web_auth_cache *c, char kind, const char *hash, pm_user *u, char *csrf, size_t cap);
/* Remembers a user found in the store for that hash (u and csrf copied;
 * csrf may be NULL), unless the cache was emptied since epoch or is full. */
void web_auth_cache_put(web_auth_cache *c, unsigned long epoch, char kind, const char *hash, const pm_user *u,
                        const char *csrf);

#endif
