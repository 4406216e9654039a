/* Changes to accounts, each with its entry in the audit log in the same
 * transaction (accounts.c): both land or neither. What the command line,
 * the pages and the API do to users and tokens, written once, so that
 * every door logs the same action with the same target and detail.
 *
 * The checks of each change are users.c's (names, roles, hashes); the
 * door's own rules (who may ask, "not yourself") stay with the door. */
#ifndef PM_STORE_ACCOUNTS_H
#define PM_STORE_ACCOUNTS_H
#include <stdbool.h>
#include <stddef.h>

#include "store/store.h"
#include "store/user_types.h"

/* Who acts, as the audit log names them: actor a user name (borrowed), ip
 * the client's address, NULL at the command line. */
typedef struct pm_account_by {
    const char *actor;
    const char *ip;
} pm_account_by;

/* A new user (PM_AUDIT_USER_ADD, detail: its role word). */
bool pm_account_add(pm_store *s, const pm_account_by *by, const pm_user_spec *u, pm_err *err);
/* Disables or enables user name (PM_AUDIT_USER_DISABLE / _ENABLE). */
bool pm_account_set_disabled(pm_store *s, const pm_account_by *by, const char *name, bool disabled, pm_err *err);
/* A new password hash for user name, which ends its sessions
 * (PM_AUDIT_USER_PASSWD); with revoke_tokens every API token of the user
 * ends too, *revoked set to how many (may be NULL otherwise). */
bool pm_account_passwd(pm_store *s, const pm_account_by *by, const char *name, const char *password_hash,
                       bool revoke_tokens, size_t *revoked, pm_err *err);
/* A new API token (by its hash) for user u (PM_AUDIT_TOKEN_ADD, detail:
 * the token's listed id). */
bool pm_account_token_add(pm_store *s, const pm_account_by *by, const pm_user *u, const char *token_hash,
                          const char *label, pm_err *err);
/* Revokes the token with listed id (PM_AUDIT_TOKEN_REVOKE). *user gets
 * its owner's name, malloc'd (the caller frees; NULL on failure). False
 * with err set also when no token has that id. */
bool pm_account_token_revoke(pm_store *s, const pm_account_by *by, const char *id, char **user, pm_err *err);

#endif
