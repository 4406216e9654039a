/* The records of users the store's user interface (users.h) passes in and
 * out and its backends implement against (users_backend.h): one header
 * below both, so that neither includes the other. Ownership in users.h;
 * the functions that release them are here (user_types.c), since both
 * sides call them. */
#ifndef PM_USER_TYPES_H
#define PM_USER_TYPES_H
#include <stdbool.h>
#include <stddef.h>

#include "model/role.h"

typedef struct pm_user {
    long id;
    char *name;       /* login name, unique */
    char *display;    /* 显示名称; never NULL ("" when none: show name) */
    pm_role role;
    char *unit;       /* org unit code of the subtree, NULL: the whole tree */
    char *unit_name;  /* that unit's name, NULL with unit */
    char *dept;       /* department code (model/dept.h) it belongs to, NULL: none */
    char *dept_name;  /* that department's name, NULL with dept */
    char *created_at; /* UTC ISO 8601 */
    bool disabled;
} pm_user;

/* A new user (pm_store_user_add). */
typedef struct pm_user_spec {
    const char *name;
    const char *display;       /* NULL or "": none */
    pm_role role;
    const char *unit;          /* org unit code, NULL: the whole tree */
    const char *password_hash; /* secret_hash_password's string */
} pm_user_spec;

/* A change to a user (pm_store_user_update): NULL / -1 fields are kept. */
typedef struct pm_user_change {
    const char *display;       /* NULL: keep; "": clear */
    int role;                  /* a pm_role, or -1: keep */
    bool set_unit;             /* true: unit becomes `unit` (NULL: whole tree) */
    const char *unit;
    int disabled;              /* 0, 1, or -1: keep */
    const char *password_hash; /* NULL: keep */
} pm_user_change;

/* An API token as listed: never the token, only the first PM_TOKEN_ID_LEN
 * hex digits of its hash, which name it for revoking. */
#define PM_TOKEN_ID_LEN 12
typedef struct pm_token {
    char *id;         /* hash prefix */
    char *user;       /* owner's name */
    char *label;
    char *created_at; /* UTC ISO 8601 */
} pm_token;

/* One entry of the audit log (store/audit.h). */
typedef struct pm_audit {
    long id;
    char *at;     /* UTC ISO 8601 with milliseconds */
    char *actor;  /* who did it: a user name, "?" for a name that cannot exist */
    char *action; /* PM_AUDIT_* */
    char *target; /* the user or token acted on; NULL: none */
    char *detail; /* free text; NULL: none */
    char *ip;     /* the client's address; NULL: the command line */
} pm_audit;

/* Free what the store filled: one user's strings (u zeroed), an array of
 * users, tokens or audit entries with their strings. NULL is fine. */
void pm_user_clear(pm_user *u);
void pm_users_free(pm_user *u, size_t n);
void pm_tokens_free(pm_token *t, size_t n);
void pm_audits_free(pm_audit *a, size_t n);

#endif
