/* Account changes with their audit entry (accounts.h). Each change is a
 * small function of the shape `audited` runs inside one transaction. */
#include "store/accounts.h"

#include <stdlib.h>
#include <string.h>

#include "store/audit.h"
#include "store/users.h"

/* change(s, ctx, err), then its audit entry, in one transaction; on any
 * failure both are rolled back. False with err set. */
static bool audited(pm_store *s, const pm_account_by *by, const char *action, const char *target,
                    const char *detail, bool (*change)(pm_store *s, void *ctx, pm_err *err), void *ctx,
                    pm_err *err)
{
    if (!pm_store_begin(s, err))
        return false;
    if (!change(s, ctx, err) || !pm_store_audit_add(s, by->actor, action, target, detail, by->ip, err) ||
        !pm_store_commit(s, err)) {
        pm_store_rollback(s);
        return false;
    }
    return true;
}

static bool add_user(pm_store *s, void *ctx, pm_err *err)
{
    return pm_store_user_add(s, ctx, NULL, err);
}

bool pm_account_add(pm_store *s, const pm_account_by *by, const pm_user_spec *u, pm_err *err)
{
    pm_user_spec v = *u;
    return audited(s, by, PM_AUDIT_USER_ADD, u->name, pm_role_str(u->role), add_user, &v, err);
}

typedef struct user_change {
    const char *name;
    pm_user_change change;
    bool revoke_tokens;
    size_t revoked;
} user_change;

static bool change_user(pm_store *s, void *ctx, pm_err *err)
{
    user_change *c = ctx;
    return pm_store_user_update(s, c->name, &c->change, err) &&
           (!c->revoke_tokens || pm_store_tokens_revoke_user(s, c->name, &c->revoked, err));
}

bool pm_account_set_disabled(pm_store *s, const pm_account_by *by, const char *name, bool disabled, pm_err *err)
{
    user_change c = {name, {.role = -1, .disabled = disabled ? 1 : 0}, false, 0};
    return audited(s, by, disabled ? PM_AUDIT_USER_DISABLE : PM_AUDIT_USER_ENABLE, name, NULL, change_user, &c,
                   err);
}

bool pm_account_passwd(pm_store *s, const pm_account_by *by, const char *name, const char *password_hash,
                       bool revoke_tokens, size_t *revoked, pm_err *err)
{
    user_change c = {name, {.role = -1, .disabled = -1, .password_hash = password_hash}, revoke_tokens, 0};
    bool ok = audited(s, by, PM_AUDIT_USER_PASSWD, name, revoke_tokens ? "撤销全部访问令牌" : NULL, change_user,
                      &c, err);
    if (revoked)
        *revoked = ok ? c.revoked : 0;
    return ok;
}

typedef struct new_token {
    long user_id;
    const char *hash, *label;
} new_token;

static bool add_token(pm_store *s, void *ctx, pm_err *err)
{
    const new_token *t = ctx;
    return pm_store_token_add(s, t->user_id, t->hash, t->label, err);
}

bool pm_account_token_add(pm_store *s, const pm_account_by *by, const pm_user *u, const char *token_hash,
                          const char *label, pm_err *err)
{
    new_token t = {u->id, token_hash, label};
    char id[PM_TOKEN_ID_LEN + 1] = ""; /* the id token list shows: the hash's first digits */
    if (token_hash)
        strncat(id, token_hash, PM_TOKEN_ID_LEN);
    return audited(s, by, PM_AUDIT_TOKEN_ADD, u->name, id, add_token, &t, err);
}

typedef struct revoke {
    const char *id;
    char *user; /* the owner, malloc'd by the store */
} revoke;

static bool do_revoke(pm_store *s, void *ctx, pm_err *err)
{
    revoke *r = ctx;
    return pm_store_token_revoke(s, r->id, &r->user, err) == 1;
}

bool pm_account_token_revoke(pm_store *s, const pm_account_by *by, const char *id, char **user, pm_err *err)
{
    revoke r = {id ? id : "", NULL};
    bool ok = audited(s, by, PM_AUDIT_TOKEN_REVOKE, r.id, NULL, do_revoke, &r, err);
    if (!ok) {
        free(r.user);
        r.user = NULL;
    }
    *user = r.user;
    return ok;
}
