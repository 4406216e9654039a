/* The store's users, sessions, API tokens and login attempts: what the web
 * pages and the API authenticate against (issue 5). Part of the store
 * interface (store.h); kept in its own header so that code that never
 * authenticates does not see it.
 *
 * The store keeps secrets only in forms that let nobody in: passwords as
 * argon2id strings, tokens as their hash (base/secret.h makes both). It
 * does not hash anything itself: it speaks SQL only.
 *
 * Ownership: pm_user structs filled here own their strings; release them
 * with pm_user_clear (one) or pm_users_free (an array), user_types.h.
 * Strings passed in are borrowed. Functions returning int answer 1 found,
 * 0 not found, -1 failure (err set). */
#ifndef PM_STORE_USERS_H
#define PM_STORE_USERS_H
#include <stdbool.h>
#include <stddef.h>

#include "store/store.h"
#include "store/user_types.h"

/* Limits the store front checks (bytes of UTF-8). */
#define PM_USER_NAME_MAX 64
#define PM_USER_DISPLAY_MAX 128

/* A name a user may log in with: 1..PM_USER_NAME_MAX bytes of valid UTF-8,
 * no blanks, no control characters, none of <>&"'/\ (names show up in
 * pages, URLs and history). */
bool pm_user_name_valid(const char *name);

/* Adds a user; *id (may be NULL) gets its id. A taken name or an unknown
 * unit is an error naming it. */
bool pm_store_user_add(pm_store *s, const pm_user_spec *u, long *id, pm_err *err);
/* Looks a user up by name, disabled ones too. *password_hash (NULL to
 * skip) gets a malloc'd copy the caller frees. */
int pm_store_user_get(pm_store *s, const char *name, pm_user *u, char **password_hash, pm_err *err);
/* Every user, in the order they were made; *u malloc'd (pm_users_free). */
bool pm_store_users(pm_store *s, pm_user **u, size_t *n, pm_err *err);
/* How many users exist (0 on a database from before users). */
bool pm_store_user_count(pm_store *s, long *n, pm_err *err);

/* A change to a user: NULL / -1 fields are kept. Changing the password or
 * disabling the user ends every session of the user (API tokens stay:
 * they are revoked one by one). */
bool pm_store_user_update(pm_store *s, const char *name, const pm_user_change *c, pm_err *err);

/* Sessions. token_hash is secret_token_hash of the cookie's token; the
 * CSRF token is kept as is (it only proves a form came from our page).
 * ttl_seconds from now; <= 0 makes one that is over already (tests).
 * Adding one also drops every expired session. */
bool pm_store_session_add(pm_store *s, long user_id, const char *token_hash, const char *csrf,
                          int ttl_seconds, pm_err *err);
/* The user of a live session: not expired, user not disabled. *csrf
 * (NULL to skip) gets a malloc'd copy. */
int pm_store_session_get(pm_store *s, const char *token_hash, pm_user *u, char **csrf, pm_err *err);
/* Ends one session (logout); no such session is not an error. */
bool pm_store_session_end(pm_store *s, const char *token_hash, pm_err *err);

/* API tokens (Authorization: Bearer …), named by their owner's label. */
bool pm_store_token_add(pm_store *s, long user_id, const char *token_hash, const char *label,
                        pm_err *err);
/* The user of a token, if the user is not disabled. */
int pm_store_token_get(pm_store *s, const char *token_hash, pm_user *u, pm_err *err);

/* The tokens of user `name` (NULL: everyone's), oldest first; *t malloc'd. */
bool pm_store_tokens(pm_store *s, const char *name, pm_token **t, size_t *n, pm_err *err);
/* Revokes the token named by id (a listed id): 1 revoked, 0 no such
 * token, -1 failure. *user (NULL to skip) gets the owner's name, malloc'd. */
int pm_store_token_revoke(pm_store *s, const char *id, char **user, pm_err *err);
/* Revokes every token of user `name`; *n (may be NULL) how many. */
bool pm_store_tokens_revoke_user(pm_store *s, const char *name, size_t *n, pm_err *err);

/* Login attempts for rate limiting. failed records one failure (and drops
 * those older than a day); failures counts those within the last
 * window_seconds by name and by client address; forget clears a name's
 * failures after a successful login. */
bool pm_store_login_failed(pm_store *s, const char *name, const char *ip, pm_err *err);
bool pm_store_login_failures(pm_store *s, const char *name, const char *ip, int window_seconds,
                             int *by_name, int *by_ip, pm_err *err);
bool pm_store_login_forget(pm_store *s, const char *name, pm_err *err);

#endif
