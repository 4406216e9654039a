/* The PostgreSQL backend's users, sessions, API tokens, the audit log and
 * login attempts (users_backend.h), as sqlite_users.c and sqlite_audit.c
 * do them. Listing and revoking tokens is not done yet (fails, naming
 * itself). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/mem.h"
#include "store/pg_backend.h"
#include "store/pg_conn.h"
#include "store/users_backend.h"

/* The columns every user read returns first, in this order (user_row). */
#define USER_COLS                                                                                  \
    "u.id, u.name, u.display_name, u.role, o.code, o.name, u.created_at, u.disabled, u.dept_code, d.name"
#define USER_FROM " FROM users u LEFT JOIN org_unit o ON o.id = u.unit_id LEFT JOIN dept d ON d.code = u.dept_code"
#define NUSER_COLS 10

static const char SQL_USER_ADD[] = "INSERT INTO users(name, display_name, role, unit_id, password_hash, created_at)"
                                   " VALUES ($1, coalesce($2, ''), $3, $4, $5, $6) RETURNING id";
static const char SQL_USER_TAKEN[] = "SELECT 1 FROM users WHERE name = $1";
static const char SQL_USER_GET[] = "SELECT " USER_COLS ", u.password_hash" USER_FROM " WHERE u.name = $1";
static const char SQL_USERS[] = "SELECT " USER_COLS USER_FROM " ORDER BY u.id";
static const char SQL_USER_COUNT[] = "SELECT count(*) FROM users";

static void user_row(pm_user *u, const PGresult *r, int i)
{
    memset(u, 0, sizeof *u);
    u->id = (long)pg_int(r, i, 0);
    u->name = pg_dup(r, i, 1);
    u->display = pg_dup0(r, i, 2);
    if (!pm_role_parse(PQgetvalue(r, i, 3), &u->role))
        u->role = PM_ROLE_REPORTER; /* the CHECK constraint rules this out; least rights */
    u->unit = pg_dup(r, i, 4);
    u->unit_name = pg_dup(r, i, 5);
    u->created_at = pg_dup(r, i, 6);
    u->disabled = pg_int(r, i, 7) != 0;
    u->dept = pg_dup(r, i, 8);
    u->dept_name = pg_dup(r, i, 9);
}

static bool pu_user_add(void *impl, const pm_user_spec *u, long *id, pm_err *err)
{
    pgs *p = impl;
    bool outer;
    if (!pg_work_begin(p, &outer, err))
        return false;
    pg_args q = {0};
    pg_arg_text(&q, u->name);
    PGresult *r = pg_run(p, SQL_USER_TAKEN, &q, err, "读取用户失败");
    bool ok = r && !PQntuples(r);
    if (r && PQntuples(r))
        pm_err_set(err, 0, "用户名 %s 已存在", u->name);
    PQclear(r);
    long uid = 0;
    if (ok && u->unit)
        ok = pg_find_unit(p, u->unit, &uid, err) == 1;
    if (ok) {
        char at[40];
        pg_args a = {0};
        pg_arg_text(&a, u->name);
        pg_arg_text(&a, u->display);
        pg_arg_text(&a, pm_role_str(u->role));
        pg_arg_id(&a, uid);
        pg_arg_text(&a, u->password_hash);
        pg_arg_text(&a, pg_now(at, sizeof at));
        r = pg_run(p, SQL_USER_ADD, &a, err, "保存用户失败");
        ok = r != NULL;
        if (ok)
            *id = (long)pg_int(r, 0, 0);
        PQclear(r);
    }
    return pg_work_end(p, outer, ok, err);
}

static int one_user(PGresult *r, pm_user *u, char **extra);

static int pu_user_get(void *impl, const char *name, pm_user *u, char **password_hash, pm_err *err)
{
    pg_args a = {0};
    pg_arg_text(&a, name);
    return one_user(pg_run(impl, SQL_USER_GET, &a, err, "读取用户失败"), u, password_hash);
}

static bool pu_users(void *impl, pm_user **u, size_t *n, pm_err *err)
{
    *u = NULL;
    *n = 0;
    PGresult *r = pg_run(impl, SQL_USERS, NULL, err, "读取用户列表失败");
    if (!r)
        return false;
    *n = (size_t)PQntuples(r);
    *u = *n ? xcalloc(*n, sizeof **u) : NULL;
    for (int i = 0; i < PQntuples(r); i++)
        user_row(&(*u)[i], r, i);
    PQclear(r);
    return true;
}

static bool pu_user_count(void *impl, long *n, pm_err *err)
{
    PGresult *r = pg_run(impl, SQL_USER_COUNT, NULL, err, "统计用户失败");
    *n = r ? (long)pg_int(r, 0, 0) : 0;
    PQclear(r);
    return r != NULL;
}

static const char SQL_USER_SET[] =
    "UPDATE users SET display_name = coalesce($1, display_name), role = coalesce($2, role),"
    " unit_id = CASE WHEN $3::integer = 1 THEN $4::bigint ELSE unit_id END,"
    " disabled = coalesce($5::integer, disabled), password_hash = coalesce($6, password_hash) WHERE name = $7";
static const char SQL_USER_LOGOUT[] = "DELETE FROM sessions WHERE user_id = (SELECT id FROM users WHERE name = $1)";

/* As sqlite_users.c: a new password or a disabled account ends every
 * session of the user at once. */
static bool pu_user_update(void *impl, const char *name, const pm_user_change *c, pm_err *err)
{
    pgs *p = impl;
    bool outer;
    if (!pg_work_begin(p, &outer, err))
        return false;
    long uid = 0;
    bool ok = !(c->set_unit && c->unit) || pg_find_unit(p, c->unit, &uid, err) == 1;
    if (ok) {
        pg_args a = {0};
        pg_arg_text(&a, c->display);
        pg_arg_text(&a, c->role >= 0 ? pm_role_str((pm_role)c->role) : NULL);
        pg_arg_int(&a, c->set_unit);
        pg_arg_id(&a, c->set_unit && c->unit ? uid : 0);
        if (c->disabled >= 0)
            pg_arg_int(&a, c->disabled);
        else
            pg_arg_text(&a, NULL);
        pg_arg_text(&a, c->password_hash);
        pg_arg_text(&a, name);
        PGresult *r = pg_run(p, SQL_USER_SET, &a, err, "修改用户失败");
        ok = r && !strcmp(PQcmdTuples(r), "1");
        if (r && !ok)
            pm_err_set(err, 0, "未知用户：%s", name);
        PQclear(r);
    }
    if (ok && (c->password_hash || c->disabled == 1)) {
        pg_args a = {0};
        pg_arg_text(&a, name);
        ok = pg_do(p, SQL_USER_LOGOUT, &a, err, "结束用户的登录会话失败");
    }
    return pg_work_end(p, outer, ok, err);
}

/* ---- sessions and tokens ---------------------------------------------------------------- */

/* Times of sessions and login attempts are the real clock's (never
 * PLANMON_NOW), compared as ISO text as in SQLite. */
static const char SQL_SESSION_PURGE[] = "DELETE FROM sessions WHERE expires_at <= $1";
static const char SQL_SESSION_ADD[] = "INSERT INTO sessions(token_hash, user_id, csrf, created_at, expires_at)"
                                      " VALUES ($1, $2, $3, $4, $5)";
static const char SQL_SESSION_GET[] = "SELECT " USER_COLS ", s.csrf" USER_FROM " JOIN sessions s ON s.user_id = u.id"
                                      " WHERE s.token_hash = $1 AND s.expires_at > $2 AND u.disabled = 0";
static const char SQL_SESSION_END[] = "DELETE FROM sessions WHERE token_hash = $1";
static const char SQL_TOKEN_ADD[] = "INSERT INTO api_tokens(token_hash, user_id, name, created_at) VALUES ($1, $2, $3, $4)";
static const char SQL_TOKEN_GET[] = "SELECT " USER_COLS USER_FROM " JOIN api_tokens t ON t.user_id = u.id"
                                    " WHERE t.token_hash = $1 AND u.disabled = 0";

static bool pu_session_add(void *impl, long user_id, const char *token_hash, const char *csrf, int ttl_seconds,
                           pm_err *err)
{
    pgs *p = impl;
    bool outer;
    if (!pg_work_begin(p, &outer, err))
        return false;
    char now[40], until[40];
    pg_args purge = {0};
    pg_arg_text(&purge, pg_clock(0, now, sizeof now));
    pg_args a = {0};
    pg_arg_text(&a, token_hash);
    pg_arg_int(&a, user_id);
    pg_arg_text(&a, csrf);
    pg_arg_text(&a, now);
    pg_arg_text(&a, pg_clock(ttl_seconds, until, sizeof until));
    bool ok = pg_do(p, SQL_SESSION_PURGE, &purge, err, "清除过期会话失败") &&
              pg_do(p, SQL_SESSION_ADD, &a, err, "保存登录会话失败");
    return pg_work_end(p, outer, ok, err);
}

/* One user row of r (1), none (0), or -1 when r is NULL; extra column
 * NUSER_COLS to *extra when asked. Clears r. */
static int one_user(PGresult *r, pm_user *u, char **extra)
{
    if (!r)
        return -1;
    int found = PQntuples(r) > 0;
    if (found) {
        user_row(u, r, 0);
        if (extra)
            *extra = pg_dup(r, 0, NUSER_COLS);
    }
    PQclear(r);
    return found;
}

static int pu_session_get(void *impl, const char *token_hash, pm_user *u, char **csrf, pm_err *err)
{
    char now[40];
    pg_args a = {0};
    pg_arg_text(&a, token_hash);
    pg_arg_text(&a, pg_clock(0, now, sizeof now));
    return one_user(pg_run(impl, SQL_SESSION_GET, &a, err, "读取登录会话失败"), u, csrf);
}

static bool pu_session_end(void *impl, const char *token_hash, pm_err *err)
{
    pg_args a = {0};
    pg_arg_text(&a, token_hash);
    return pg_do(impl, SQL_SESSION_END, &a, err, "结束登录会话失败");
}

static bool pu_token_add(void *impl, long user_id, const char *token_hash, const char *label, pm_err *err)
{
    char now[40];
    pg_args a = {0};
    pg_arg_text(&a, token_hash);
    pg_arg_int(&a, user_id);
    pg_arg_text(&a, label);
    pg_arg_text(&a, pg_clock(0, now, sizeof now));
    return pg_do(impl, SQL_TOKEN_ADD, &a, err, "保存访问令牌失败");
}

static int pu_token_get(void *impl, const char *token_hash, pm_user *u, pm_err *err)
{
    pg_args a = {0};
    pg_arg_text(&a, token_hash);
    return one_user(pg_run(impl, SQL_TOKEN_GET, &a, err, "读取访问令牌失败"), u, NULL);
}

/* ---- the audit log, login attempts ------------------------------------------------------------ */

static const char SQL_AUDIT_ADD[] = "INSERT INTO audit_log(at, actor, action, target, detail, ip)"
                                    " VALUES ($1, $2, $3, $4, $5, $6)";
static const char SQL_AUDIT_LIST[] = "SELECT id, at, actor, action, target, detail, ip FROM audit_log"
                                     " ORDER BY id DESC LIMIT $1";
static const char SQL_LOGIN_PURGE[] = "DELETE FROM login_attempts WHERE at < $1";
static const char SQL_LOGIN_FAILED[] = "INSERT INTO login_attempts(name, ip, at) VALUES ($1, $2, $3)";
static const char SQL_LOGIN_COUNT[] = "SELECT (SELECT count(*) FROM login_attempts WHERE name = $1 AND at > $3),"
                                      " (SELECT count(*) FROM login_attempts WHERE ip = $2 AND at > $3)";
static const char SQL_LOGIN_FORGET[] = "DELETE FROM login_attempts WHERE name = $1";

static bool pu_audit_add(void *impl, const pm_audit *x, pm_err *err)
{
    char now[40];
    pg_args a = {0};
    pg_arg_text(&a, pg_clock(0, now, sizeof now));
    pg_arg_text(&a, x->actor);
    pg_arg_text(&a, x->action);
    pg_arg_text(&a, x->target);
    pg_arg_text(&a, x->detail);
    pg_arg_text(&a, x->ip);
    return pg_do(impl, SQL_AUDIT_ADD, &a, err, "写入审计日志失败");
}

static bool pu_audit_list(void *impl, size_t limit, pm_audit **out, size_t *n, pm_err *err)
{
    *out = NULL;
    *n = 0;
    pg_args a = {0};
    if (limit)
        pg_arg_int(&a, (long long)limit);
    else
        pg_arg_text(&a, NULL); /* LIMIT NULL: all */
    PGresult *r = pg_run(impl, SQL_AUDIT_LIST, &a, err, "读取审计日志失败");
    if (!r)
        return false;
    *n = (size_t)PQntuples(r);
    *out = *n ? xcalloc(*n, sizeof **out) : NULL;
    for (int i = 0; i < PQntuples(r); i++) {
        pm_audit *x = &(*out)[i];
        x->id = (long)pg_int(r, i, 0);
        x->at = pg_dup0(r, i, 1);
        x->actor = pg_dup0(r, i, 2);
        x->action = pg_dup0(r, i, 3);
        x->target = pg_dup(r, i, 4);
        x->detail = pg_dup(r, i, 5);
        x->ip = pg_dup(r, i, 6);
    }
    PQclear(r);
    return true;
}

static bool pu_login_failed(void *impl, const char *name, const char *ip, pm_err *err)
{
    pgs *p = impl;
    bool outer;
    if (!pg_work_begin(p, &outer, err))
        return false;
    char day_ago[40], now[40];
    pg_args purge = {0};
    pg_arg_text(&purge, pg_clock(-86400, day_ago, sizeof day_ago));
    pg_args a = {0};
    pg_arg_text(&a, name);
    pg_arg_text(&a, ip);
    pg_arg_text(&a, pg_clock(0, now, sizeof now));
    bool ok = pg_do(p, SQL_LOGIN_PURGE, &purge, err, "清除过期的登录记录失败") &&
              pg_do(p, SQL_LOGIN_FAILED, &a, err, "记录登录失败失败");
    return pg_work_end(p, outer, ok, err);
}

static bool pu_login_failures(void *impl, const char *name, const char *ip, int window_seconds, int *by_name,
                              int *by_ip, pm_err *err)
{
    char since[40];
    pg_args a = {0};
    pg_arg_text(&a, name);
    pg_arg_text(&a, ip);
    pg_arg_text(&a, pg_clock(-window_seconds, since, sizeof since));
    PGresult *r = pg_run(impl, SQL_LOGIN_COUNT, &a, err, "统计登录失败次数失败");
    if (!r)
        return false;
    *by_name = (int)pg_int(r, 0, 0);
    *by_ip = (int)pg_int(r, 0, 1);
    PQclear(r);
    return true;
}

static bool pu_login_forget(void *impl, const char *name, pm_err *err)
{
    pg_args a = {0};
    pg_arg_text(&a, name);
    return pg_do(impl, SQL_LOGIN_FORGET, &a, err, "清除登录失败记录失败");
}

/* API tokens listed and revoked, as sqlite_tokens.c: a token is named by
 * the first 12 hex digits of its hash (PM_TOKEN_ID_LEN). */
static const char SQL_TOKENS[] = "SELECT substr(t.token_hash, 1, 12), u.name, t.name, t.created_at"
                                 " FROM api_tokens t JOIN users u ON u.id = t.user_id"
                                 " WHERE $1::text IS NULL OR u.name = $1"
                                 " ORDER BY t.created_at COLLATE \"C\", u.name COLLATE \"C\"";
static const char SQL_TOKEN_OWNER[] = "SELECT u.name FROM api_tokens t JOIN users u ON u.id = t.user_id"
                                      " WHERE substr(t.token_hash, 1, 12) = $1";
static const char SQL_TOKEN_DEL[] = "DELETE FROM api_tokens WHERE substr(token_hash, 1, 12) = $1";
static const char SQL_TOKENS_DEL_USER[] =
    "DELETE FROM api_tokens WHERE user_id = (SELECT id FROM users WHERE name = $1)";

static bool pu_tokens(void *impl, const char *name, pm_token **t, size_t *n, pm_err *err)
{
    pg_args a = {0};
    pg_arg_text(&a, name);
    PGresult *r = pg_run(impl, SQL_TOKENS, &a, err, "读取访问令牌列表失败");
    if (!r)
        return false;
    *t = xnrealloc(*t, *n + (size_t)PQntuples(r) + 1, sizeof **t);
    for (int i = 0; i < PQntuples(r); i++) {
        pm_token *x = &(*t)[(*n)++];
        memset(x, 0, sizeof *x);
        x->id = pg_dup0(r, i, 0);
        x->user = pg_dup0(r, i, 1);
        x->label = pg_dup0(r, i, 2);
        x->created_at = pg_dup0(r, i, 3);
    }
    PQclear(r);
    return true;
}

static int pu_token_revoke(void *impl, const char *id, char **user, pm_err *err)
{
    pgs *p = impl;
    bool outer;
    if (!pg_work_begin(p, &outer, err))
        return -1;
    pg_args a = {0};
    pg_arg_text(&a, id);
    PGresult *r = pg_run(p, SQL_TOKEN_OWNER, &a, err, "查找访问令牌失败");
    int found = r ? PQntuples(r) > 0 : -1;
    if (found == 1 && user)
        *user = pg_dup0(r, 0, 0);
    PQclear(r);
    if (found == 1 && !pg_do(p, SQL_TOKEN_DEL, &a, err, "撤销访问令牌失败"))
        found = -1;
    else if (found == 0)
        pm_err_set(err, 0, "没有编号为 %s 的访问令牌", id);
    return pg_work_end(p, outer, found >= 0, err) ? found : -1;
}

static bool pu_tokens_revoke_user(void *impl, const char *name, size_t *n, pm_err *err)
{
    char what[200];
    snprintf(what, sizeof what, "撤销用户 %s 的访问令牌失败", name);
    pg_args a = {0};
    pg_arg_text(&a, name);
    PGresult *r = pg_run(impl, SQL_TOKENS_DEL_USER, &a, err, what);
    *n = r ? (size_t)strtoull(PQcmdTuples(r), NULL, 10) : 0;
    PQclear(r);
    return r != NULL;
}

const pm_user_ops pm_pg_user_ops = {
    .user_add = pu_user_add,
    .user_get = pu_user_get,
    .users = pu_users,
    .user_count = pu_user_count,
    .user_update = pu_user_update,
    .session_add = pu_session_add,
    .session_get = pu_session_get,
    .session_end = pu_session_end,
    .token_add = pu_token_add,
    .token_get = pu_token_get,
    .tokens = pu_tokens,
    .token_revoke = pu_token_revoke,
    .tokens_revoke_user = pu_tokens_revoke_user,
    .audit_add = pu_audit_add,
    .audit_list = pu_audit_list,
    .login_failed = pu_login_failed,
    .login_failures = pu_login_failures,
    .login_forget = pu_login_forget,
};
