/* The audit log (issue 10): who did what to accounts, when, from where —
 * logins, failed logins, logouts, user and API-token changes. Part of the
 * store interface; rows are only ever appended (the schema's triggers
 * refuse UPDATE and DELETE), so the log cannot be tidied after the fact.
 *
 * Ownership: pm_audit rows filled here own their strings
 * (pm_audits_free, user_types.h); strings passed in are borrowed. */
#ifndef PM_STORE_AUDIT_H
#define PM_STORE_AUDIT_H
#include <stdbool.h>
#include <stddef.h>

#include "store/store.h"
#include "store/user_types.h"

/* The actions, stable words for scripts (the CLI and page show labels). */
#define PM_AUDIT_LOGIN "login"
#define PM_AUDIT_LOGIN_FAILED "login_failed"
#define PM_AUDIT_LOGOUT "logout"
#define PM_AUDIT_USER_ADD "user_add"
#define PM_AUDIT_USER_PASSWD "user_passwd"
#define PM_AUDIT_USER_DISABLE "user_disable"
#define PM_AUDIT_USER_ENABLE "user_enable"
#define PM_AUDIT_TOKEN_ADD "token_add"
#define PM_AUDIT_TOKEN_REVOKE "token_revoke"
/* The Chinese label of an action word ("登录" …); the word itself when unknown. */
const char *pm_audit_label(const char *action);

/* Appends one entry (at = now). target, detail, ip may be NULL. */
bool pm_store_audit_add(pm_store *s, const char *actor, const char *action, const char *target,
                        const char *detail, const char *ip, pm_err *err);
/* The newest `limit` entries (0: all), newest first; *a malloc'd. */
bool pm_store_audit_list(pm_store *s, size_t limit, pm_audit **a, size_t *n, pm_err *err);

#endif
