/* What a store backend implements for users, sessions, API tokens and login
 * attempts (store/users.h): a second table of functions, reached from the
 * backend's pm_store_ops through its `users` member. Internal to
 * src/store/. users.c checks the arguments first (names valid, hashes and
 * tokens present), as store.c does for the main table. */
#ifndef PM_USERS_BACKEND_H
#define PM_USERS_BACKEND_H
#include <stddef.h>

#include "base/err.h"
#include "store/user_types.h"

typedef struct pm_user_ops {
    bool (*user_add)(void *impl, const pm_user_spec *u, long *id, pm_err *err);
    int (*user_get)(void *impl, const char *name, pm_user *u, char **password_hash, pm_err *err);
    bool (*users)(void *impl, pm_user **u, size_t *n, pm_err *err);
    bool (*user_count)(void *impl, long *n, pm_err *err);
    bool (*user_update)(void *impl, const char *name, const pm_user_change *c, pm_err *err);

    bool (*session_add)(void *impl, long user_id, const char *token_hash, const char *csrf,
                        int ttl_seconds, pm_err *err);
    int (*session_get)(void *impl, const char *token_hash, pm_user *u, char **csrf, pm_err *err);
    bool (*session_end)(void *impl, const char *token_hash, pm_err *err);

    bool (*token_add)(void *impl, long user_id, const char *token_hash, const char *label, pm_err *err);
    int (*token_get)(void *impl, const char *token_hash, pm_user *u, pm_err *err);
    bool (*tokens)(void *impl, const char *name, pm_token **t, size_t *n, pm_err *err);
    int (*token_revoke)(void *impl, const char *id, char **user, pm_err *err);
    bool (*tokens_revoke_user)(void *impl, const char *name, size_t *n, pm_err *err);

    bool (*audit_add)(void *impl, const pm_audit *a, pm_err *err);
    bool (*audit_list)(void *impl, size_t limit, pm_audit **a, size_t *n, pm_err *err);

    bool (*login_failed)(void *impl, const char *name, const char *ip, pm_err *err);
    bool (*login_failures)(void *impl, const char *name, const char *ip, int window_seconds,
                           int *by_name, int *by_ip, pm_err *err);
    bool (*login_forget)(void *impl, const char *name, pm_err *err);
} pm_user_ops;

/* The SQLite backend's (sqlite_users.c; tokens listed and revoked in
 * sqlite_tokens.c, the audit log in sqlite_audit.c). */
extern const pm_user_ops pm_sqlite_user_ops;
bool sq_tokens(void *impl, const char *name, pm_token **t, size_t *n, pm_err *err);
int sq_token_revoke(void *impl, const char *id, char **user, pm_err *err);
bool sq_tokens_revoke_user(void *impl, const char *name, size_t *n, pm_err *err);
bool sq_audit_add(void *impl, const pm_audit *a, pm_err *err);
bool sq_audit_list(void *impl, size_t limit, pm_audit **a, size_t *n, pm_err *err);

#endif
