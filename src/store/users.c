/* The backend-independent front of users, sessions, tokens and login
 * attempts (store/users.h): checks what does not depend on the database
 * engine, then hands each call to the backend's pm_user_ops. */
#include "store/users.h"
#include "store/audit.h"

#include <stdlib.h>
#include <string.h>

#include "base/utf8.h"
#include "store/store_backend.h"
#include "store/users_backend.h"

/* ---- users ------------------------------------------------------------------ */

bool pm_user_name_valid(const char *name)
{
    size_t n = name ? strlen(name) : 0;
    if (n == 0 || n > PM_USER_NAME_MAX || !utf8_valid(name, n, NULL))
        return false;
    for (size_t i = 0; i < n;) {
        uint32_t cp;
        i += utf8_decode(name + i, n - i, &cp);
        if (cp <= 0x20 || cp == 0x7f || (cp >= 0x80 && cp < 0xa0) || cp == 0xa0 || cp == 0x3000 ||
            strchr("<>&\"'/\\", (int)cp) != NULL)
            return false;
    }
    return true;
}

/* A display name: valid UTF-8 without control characters, not too long. */
static bool display_valid(const char *d)
{
    size_t n = strlen(d);
    if (n > PM_USER_DISPLAY_MAX || !utf8_valid(d, n, NULL))
        return false;
    for (size_t i = 0; i < n; i++)
        if ((unsigned char)d[i] < 0x20 || d[i] == 0x7f)
            return false;
    return true;
}

/* The backend's user table, or NULL (err set) for a backend without one. */
static const pm_user_ops *ops_of(pm_store *s, void **impl, pm_err *err)
{
    const pm_store_ops *o = pm_store_backend(s, impl);
    if (!o->users)
        pm_err_set(err, 0, "%s 数据库后端不支持用户管理", o->name);
    return o->users;
}

static bool present(const char *s)
{
    return s && *s;
}

bool pm_store_user_add(pm_store *s, const pm_user_spec *u, long *id, pm_err *err)
{
    if (!pm_user_name_valid(u->name)) {
        pm_err_set(err, 0, "用户名“%s”无效：须为 1–%d 字节，不含空白、控制字符和 <>&\"'/\\",
                   u->name ? u->name : "", PM_USER_NAME_MAX);
        return false;
    }
    if (u->display && !display_valid(u->display)) {
        pm_err_set(err, 0, "用户 %s 的显示名称无效（最长 %d 字节，不含控制字符）", u->name, PM_USER_DISPLAY_MAX);
        return false;
    }
    if (!pm_role_valid((int)u->role)) {
        pm_err_set(err, 0, "用户 %s 的角色无效", u->name);
        return false;
    }
    if (!present(u->password_hash)) {
        pm_err_set(err, 0, "用户 %s 缺少密码", u->name);
        return false;
    }
    pm_user_spec v = *u;
    if (v.unit && !*v.unit)
        v.unit = NULL;
    void *impl;
    const pm_user_ops *o = ops_of(s, &impl, err);
    long ignored;
    return o && o->user_add(impl, &v, id ? id : &ignored, err);
}

int pm_store_user_get(pm_store *s, const char *name, pm_user *u, char **password_hash, pm_err *err)
{
    memset(u, 0, sizeof *u);
    if (password_hash)
        *password_hash = NULL;
    if (!present(name))
        return 0;
    void *impl;
    const pm_user_ops *o = ops_of(s, &impl, err);
    return o ? o->user_get(impl, name, u, password_hash, err) : -1;
}

bool pm_store_users(pm_store *s, pm_user **u, size_t *n, pm_err *err)
{
    *u = NULL;
    *n = 0;
    void *impl;
    const pm_user_ops *o = ops_of(s, &impl, err);
    return o && o->users(impl, u, n, err);
}

bool pm_store_user_count(pm_store *s, long *n, pm_err *err)
{
    *n = 0;
    void *impl;
    const pm_user_ops *o = ops_of(s, &impl, err);
    return o && o->user_count(impl, n, err);
}

bool pm_store_user_update(pm_store *s, const char *name, const pm_user_change *c, pm_err *err)
{
    if (!present(name)) {
        pm_err_set(err, 0, "修改用户时缺少用户名");
        return false;
    }
    if (c->display && !display_valid(c->display)) {
        pm_err_set(err, 0, "用户 %s 的显示名称无效（最长 %d 字节，不含控制字符）", name, PM_USER_DISPLAY_MAX);
        return false;
    }
    if (c->role != -1 && !pm_role_valid(c->role)) {
        pm_err_set(err, 0, "用户 %s 的角色无效", name);
        return false;
    }
    if (c->disabled < -1 || c->disabled > 1) {
        pm_err_set(err, 0, "用户 %s 的停用标志无效", name);
        return false;
    }
    if (c->password_hash && !*c->password_hash) {
        pm_err_set(err, 0, "用户 %s 的新密码为空", name);
        return false;
    }
    pm_user_change d = *c;
    if (d.set_unit && d.unit && !*d.unit)
        d.unit = NULL;
    void *impl;
    const pm_user_ops *o = ops_of(s, &impl, err);
    return o && o->user_update(impl, name, &d, err);
}

/* ---- sessions and tokens ------------------------------------------------------ */

bool pm_store_session_add(pm_store *s, long user_id, const char *token_hash, const char *csrf,
                          int ttl_seconds, pm_err *err)
{
    if (user_id <= 0 || !present(token_hash) || !present(csrf)) {
        pm_err_set(err, 0, "保存登录会话时缺少用户、令牌或 CSRF 令牌");
        return false;
    }
    void *impl;
    const pm_user_ops *o = ops_of(s, &impl, err);
    return o && o->session_add(impl, user_id, token_hash, csrf, ttl_seconds, err);
}

int pm_store_session_get(pm_store *s, const char *token_hash, pm_user *u, char **csrf, pm_err *err)
{
    memset(u, 0, sizeof *u);
    if (csrf)
        *csrf = NULL;
    if (!present(token_hash))
        return 0;
    void *impl;
    const pm_user_ops *o = ops_of(s, &impl, err);
    return o ? o->session_get(impl, token_hash, u, csrf, err) : -1;
}

bool pm_store_session_end(pm_store *s, const char *token_hash, pm_err *err)
{
    if (!present(token_hash))
        return true;
    void *impl;
    const pm_user_ops *o = ops_of(s, &impl, err);
    return o && o->session_end(impl, token_hash, err);
}

bool pm_store_token_add(pm_store *s, long user_id, const char *token_hash, const char *label,
                        pm_err *err)
{
    if (user_id <= 0 || !present(token_hash)) {
        pm_err_set(err, 0, "保存访问令牌时缺少用户或令牌");
        return false;
    }
    if (label && !display_valid(label)) {
        pm_err_set(err, 0, "访问令牌的名称无效（最长 %d 字节，不含控制字符）", PM_USER_DISPLAY_MAX);
        return false;
    }
    void *impl;
    const pm_user_ops *o = ops_of(s, &impl, err);
    return o && o->token_add(impl, user_id, token_hash, label ? label : "", err);
}

int pm_store_token_get(pm_store *s, const char *token_hash, pm_user *u, pm_err *err)
{
    memset(u, 0, sizeof *u);
    if (!present(token_hash))
        return 0;
    void *impl;
    const pm_user_ops *o = ops_of(s, &impl, err);
    return o ? o->token_get(impl, token_hash, u, err) : -1;
}

bool pm_store_tokens(pm_store *s, const char *name, pm_token **t, size_t *n, pm_err *err)
{
    *t = NULL;
    *n = 0;
    void *impl;
    const pm_user_ops *o = ops_of(s, &impl, err);
    return o && o->tokens(impl, name, t, n, err);
}

/* A token id as listed: PM_TOKEN_ID_LEN lowercase hex digits. */
static bool token_id_valid(const char *id)
{
    if (!id || strlen(id) != PM_TOKEN_ID_LEN)
        return false;
    for (const char *p = id; *p; p++)
        if (!((*p >= '0' && *p <= '9') || (*p >= 'a' && *p <= 'f')))
            return false;
    return true;
}

int pm_store_token_revoke(pm_store *s, const char *id, char **user, pm_err *err)
{
    if (user)
        *user = NULL;
    if (!token_id_valid(id)) {
        pm_err_set(err, 0, "令牌编号“%s”无效：应为 %d 位十六进制数字（见 planmon token list）", id ? id : "",
                   PM_TOKEN_ID_LEN);
        return 0;
    }
    void *impl;
    const pm_user_ops *o = ops_of(s, &impl, err);
    return o ? o->token_revoke(impl, id, user, err) : -1;
}

bool pm_store_tokens_revoke_user(pm_store *s, const char *name, size_t *n, pm_err *err)
{
    size_t ignored;
    if (!present(name)) {
        pm_err_set(err, 0, "撤销令牌时缺少用户名");
        return false;
    }
    void *impl;
    const pm_user_ops *o = ops_of(s, &impl, err);
    return o && o->tokens_revoke_user(impl, name, n ? n : &ignored, err);
}

/* ---- the audit log ---------------------------------------------------------------- */

const char *pm_audit_label(const char *action)
{
    static const struct {
        const char *word, *label;
    } labels[] = {
        {PM_AUDIT_LOGIN, "登录"},           {PM_AUDIT_LOGIN_FAILED, "登录失败"},
        {PM_AUDIT_LOGOUT, "退出登录"},      {PM_AUDIT_USER_ADD, "创建用户"},
        {PM_AUDIT_USER_PASSWD, "修改密码"}, {PM_AUDIT_USER_DISABLE, "停用用户"},
        {PM_AUDIT_USER_ENABLE, "启用用户"}, {PM_AUDIT_TOKEN_ADD, "创建访问令牌"},
        {PM_AUDIT_TOKEN_REVOKE, "撤销访问令牌"},
    };
    for (size_t i = 0; action && i < sizeof labels / sizeof labels[0]; i++)
        if (!strcmp(labels[i].word, action))
            return labels[i].label;
    return action ? action : "";
}

bool pm_store_audit_add(pm_store *s, const char *actor, const char *action, const char *target,
                        const char *detail, const char *ip, pm_err *err)
{
    if (!present(actor) || !present(action)) {
        pm_err_set(err, 0, "审计记录缺少操作人或操作");
        return false;
    }
    pm_audit a = {0, NULL, (char *)actor, (char *)action, (char *)target, (char *)detail, (char *)ip};
    void *impl;
    const pm_user_ops *o = ops_of(s, &impl, err);
    return o && o->audit_add(impl, &a, err);
}

bool pm_store_audit_list(pm_store *s, size_t limit, pm_audit **a, size_t *n, pm_err *err)
{
    *a = NULL;
    *n = 0;
    void *impl;
    const pm_user_ops *o = ops_of(s, &impl, err);
    return o && o->audit_list(impl, limit, a, n, err);
}

/* ---- login attempts ------------------------------------------------------------ */

bool pm_store_login_failed(pm_store *s, const char *name, const char *ip, pm_err *err)
{
    void *impl;
    const pm_user_ops *o = ops_of(s, &impl, err);
    return o && o->login_failed(impl, name ? name : "", ip ? ip : "", err);
}

bool pm_store_login_failures(pm_store *s, const char *name, const char *ip, int window_seconds,
                             int *by_name, int *by_ip, pm_err *err)
{
    *by_name = *by_ip = 0;
    if (window_seconds <= 0)
        return true;
    void *impl;
    const pm_user_ops *o = ops_of(s, &impl, err);
    return o && o->login_failures(impl, name ? name : "", ip ? ip : "", window_seconds, by_name, by_ip, err);
}

bool pm_store_login_forget(pm_store *s, const char *name, pm_err *err)
{
    void *impl;
    const pm_user_ops *o = ops_of(s, &impl, err);
    return o && o->login_forget(impl, name ? name : "", err);
}
