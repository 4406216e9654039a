/* The SQLite backend of users, sessions, API tokens and login attempts
 * (users_backend.h), on the connection sqlite_store.c opened, through the
 * statement helpers of sqlite_conn.h. A call that writes more than one
 * statement runs as one unit of work. */
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/mem.h"
#include "store/sqlite_bind.h"
#include "store/sqlite_conn.h"
#include "store/users.h"
#include "store/users_backend.h"

#define NOW "strftime('%Y-%m-%dT%H:%M:%fZ', 'now')"

/* The columns every user read returns first, in this order (user_row). */
#define USER_COLS                                                                                  \
    "u.id, u.name, u.display_name, u.role, o.code, o.name, u.created_at, u.disabled, u.dept_code, d.name"
#define USER_FROM " FROM users u LEFT JOIN org_unit o ON o.id = u.unit_id LEFT JOIN dept d ON d.code = u.dept_code"
#define NUSER_COLS 10

/* Fills u from the USER_COLS at the start of the row (u zeroed). */
static void user_row(void *item, sqlite3_stmt *st)
{
    pm_user *u = item;
    u->id = (long)sqlite3_column_int64(st, 0);
    u->name = sq_col_dup(st, 1);
    u->display = sq_col_dup0(st, 2);
    const char *role = (const char *)sqlite3_column_text(st, 3);
    if (!role || !pm_role_parse(role, &u->role))
        u->role = PM_ROLE_REPORTER; /* the CHECK constraint rules this out; least rights */
    u->unit = sq_col_dup(st, 4);
    u->unit_name = sq_col_dup(st, 5);
    u->created_at = sq_col_dup(st, 6);
    u->disabled = sqlite3_column_int(st, 7) != 0;
    u->dept = sq_col_dup(st, 8);
    u->dept_name = sq_col_dup(st, 9);
}

/* Runs a query for at most one user row (binds done, rc their result).
 * Extra text columns after USER_COLS go to *extra when asked. 1/0/-1. */
static int one_user(sq *s, sqlite3_stmt *st, int rc, pm_user *u, char **extra, pm_err *err,
                    const char *what)
{
    if (!st)
        return -1;
    char msg[300];
    snprintf(msg, sizeof msg, "数据库 %s %s失败", s->path, what);
    int found = sq_one(s, st, rc, err, msg);
    if (found == 1) {
        memset(u, 0, sizeof *u);
        user_row(u, st);
        if (extra)
            *extra = sq_col_dup(st, NUSER_COLS);
        sq_done(st);
    }
    return found;
}

/* The id of a unit code: 1 found, 0 not there (err says so), -1 error. */
static int unit_id(sq *s, const char *code, long *id, pm_err *err)
{
    int found = sq_lookup_id(s, sq_sql_unit_id, code, id, err);
    if (found == 0)
        pm_err_set(err, 0, "未知组织机构：%s", code);
    return found;
}

/* ---- users ---------------------------------------------------------------------- */

static bool name_taken(sq *s, const char *name, bool *taken, pm_err *err)
{
    int found = sq_lookup_id(s, "SELECT id FROM users WHERE name = :code", name, NULL, err);
    *taken = found == 1;
    return found >= 0;
}

static bool su_user_add(void *impl, const pm_user_spec *u, long *id, pm_err *err)
{
    bool outer;
    if (!sq_work_begin(impl, true, &outer, err))
        return false;
    long uid = 0;
    bool taken = false;
    bool ok = name_taken(impl, u->name, &taken, err);
    if (ok && taken) {
        pm_err_set(err, 0, "用户名 %s 已存在", u->name);
        ok = false;
    }
    if (ok && u->unit)
        ok = unit_id(impl, u->unit, &uid, err) == 1;
    sqlite3_stmt *st = ok ? sq_use(impl,
                                 "INSERT INTO users(name, display_name, role, unit_id, password_hash, created_at)"
                                 " VALUES (:name, coalesce(:display, ''), :role, :unit_id, :hash, " NOW ")",
                                 err)
                          : NULL;
    if (st) {
        int rc = SQLITE_OK;
        sq_bind_text(st, ":name", u->name, &rc);
        sq_bind_text(st, ":display", u->display, &rc);
        sq_bind_text(st, ":role", pm_role_str(u->role), &rc);
        if (u->unit)
            sq_bind_int(st, ":unit_id", uid, &rc);
        else
            sq_bind_null(st, ":unit_id", &rc);
        sq_bind_text(st, ":hash", u->password_hash, &rc);
        ok = sq_run(impl, st, rc, err, "数据库 %s 保存用户失败", ((sq *)impl)->path);
        if (ok)
            *id = (long)sqlite3_last_insert_rowid(((sq *)impl)->db);
    } else {
        ok = false;
    }
    return sq_work_end(impl, outer, ok, err);
}

static int su_user_get(void *impl, const char *name, pm_user *u, char **password_hash, pm_err *err)
{
    sqlite3_stmt *st = sq_use(impl, "SELECT " USER_COLS ", u.password_hash" USER_FROM " WHERE u.name = :name", err);
    int rc = SQLITE_OK;
    if (st)
        sq_bind_text(st, ":name", name, &rc);
    return one_user(impl, st, rc, u, password_hash, err, "读取用户");
}

static bool su_users(void *impl, pm_user **u, size_t *n, pm_err *err)
{
    bool ok;
    *u = sq_collect(impl, sq_use(impl, "SELECT " USER_COLS USER_FROM " ORDER BY u.id", err), *u, n, sizeof **u,
                    user_row, &ok, err, "读取用户列表失败");
    if (!ok) {
        pm_users_free(*u, *n);
        *u = NULL;
        *n = 0;
    }
    return ok;
}

static bool su_user_count(void *impl, long *n, pm_err *err)
{
    long long count = 0;
    bool ok = sq_int(impl, "SELECT count(*) FROM users", &count, err, "统计用户失败");
    *n = (long)count;
    return ok;
}

static bool su_user_update(void *impl, const char *name, const pm_user_change *c, pm_err *err)
{
    bool outer;
    if (!sq_work_begin(impl, true, &outer, err))
        return false;
    long uid = 0;
    bool ok = !(c->set_unit && c->unit) || unit_id(impl, c->unit, &uid, err) == 1;
    sqlite3_stmt *st =
        ok ? sq_use(impl,
                  "UPDATE users SET display_name = coalesce(:display, display_name),"
                  " role = coalesce(:role, role),"
                  " unit_id = CASE WHEN :set_unit THEN :unit_id ELSE unit_id END,"
                  " disabled = coalesce(:disabled, disabled),"
                  " password_hash = coalesce(:hash, password_hash)"
                  " WHERE name = :name",
                  err)
           : NULL;
    if (st) {
        int rc = SQLITE_OK;
        sq_bind_text(st, ":display", c->display, &rc);
        sq_bind_text(st, ":role", c->role >= 0 ? pm_role_str((pm_role)c->role) : NULL, &rc);
        sq_bind_int(st, ":set_unit", c->set_unit, &rc);
        if (c->set_unit && c->unit)
            sq_bind_int(st, ":unit_id", uid, &rc);
        else
            sq_bind_null(st, ":unit_id", &rc);
        if (c->disabled >= 0)
            sq_bind_int(st, ":disabled", c->disabled, &rc);
        else
            sq_bind_null(st, ":disabled", &rc);
        sq_bind_text(st, ":hash", c->password_hash, &rc);
        sq_bind_text(st, ":name", name, &rc);
        ok = sq_run(impl, st, rc, err, "数据库 %s 修改用户失败", ((sq *)impl)->path);
        if (ok && sqlite3_changes(((sq *)impl)->db) != 1) {
            pm_err_set(err, 0, "未知用户：%s", name);
            ok = false;
        }
    } else {
        ok = false;
    }
    /* A new password or a disabled account ends every session: whoever
     * held the old password is out at once. */
    if (ok && (c->password_hash || c->disabled == 1)) {
        st = sq_use(impl, "DELETE FROM sessions WHERE user_id = (SELECT id FROM users WHERE name = :name)", err);
        int rc = SQLITE_OK;
        if (st)
            sq_bind_text(st, ":name", name, &rc);
        ok = st && sq_run(impl, st, rc, err, "数据库 %s 结束用户的登录会话失败", ((sq *)impl)->path);
    }
    return sq_work_end(impl, outer, ok, err);
}

/* ---- sessions and tokens ---------------------------------------------------------- */

static bool su_session_add(void *impl, long user_id, const char *token_hash, const char *csrf,
                           int ttl_seconds, pm_err *err)
{
    bool outer;
    if (!sq_work_begin(impl, true, &outer, err))
        return false;
    bool ok = sq_exec(impl, "DELETE FROM sessions WHERE expires_at <= " NOW, err, "清除过期会话");
    sqlite3_stmt *st =
        ok ? sq_use(impl,
                  "INSERT INTO sessions(token_hash, user_id, csrf, created_at, expires_at)"
                  " VALUES (:hash, :user_id, :csrf, " NOW ", strftime('%Y-%m-%dT%H:%M:%fZ', 'now', :ttl))",
                  err)
           : NULL;
    if (st) {
        char ttl[32];
        snprintf(ttl, sizeof ttl, "%+d seconds", ttl_seconds);
        int rc = SQLITE_OK;
        sq_bind_text(st, ":hash", token_hash, &rc);
        sq_bind_int(st, ":user_id", user_id, &rc);
        sq_bind_text(st, ":csrf", csrf, &rc);
        sq_bind_text(st, ":ttl", ttl, &rc);
        ok = sq_run(impl, st, rc, err, "数据库 %s 保存登录会话失败", ((sq *)impl)->path);
    } else {
        ok = false;
    }
    return sq_work_end(impl, outer, ok, err);
}

static int su_session_get(void *impl, const char *token_hash, pm_user *u, char **csrf, pm_err *err)
{
    sqlite3_stmt *st = sq_use(impl,
                            "SELECT " USER_COLS ", s.csrf" USER_FROM " JOIN sessions s ON s.user_id = u.id"
                            " WHERE s.token_hash = :hash AND s.expires_at > " NOW " AND u.disabled = 0",
                            err);
    int rc = SQLITE_OK;
    if (st)
        sq_bind_text(st, ":hash", token_hash, &rc);
    return one_user(impl, st, rc, u, csrf, err, "读取登录会话");
}

static bool su_session_end(void *impl, const char *token_hash, pm_err *err)
{
    sqlite3_stmt *st = sq_use(impl, "DELETE FROM sessions WHERE token_hash = :hash", err);
    int rc = SQLITE_OK;
    if (st)
        sq_bind_text(st, ":hash", token_hash, &rc);
    return st && sq_run(impl, st, rc, err, "数据库 %s 结束登录会话失败", ((sq *)impl)->path);
}

static bool su_token_add(void *impl, long user_id, const char *token_hash, const char *label, pm_err *err)
{
    sqlite3_stmt *st = sq_use(impl,
                            "INSERT INTO api_tokens(token_hash, user_id, name, created_at)"
                            " VALUES (:hash, :user_id, :name, " NOW ")",
                            err);
    int rc = SQLITE_OK;
    if (st) {
        sq_bind_text(st, ":hash", token_hash, &rc);
        sq_bind_int(st, ":user_id", user_id, &rc);
        sq_bind_text(st, ":name", label, &rc);
    }
    return st && sq_run(impl, st, rc, err, "数据库 %s 保存访问令牌失败", ((sq *)impl)->path);
}

static int su_token_get(void *impl, const char *token_hash, pm_user *u, pm_err *err)
{
    sqlite3_stmt *st = sq_use(impl,
                            "SELECT " USER_COLS USER_FROM " JOIN api_tokens t ON t.user_id = u.id"
                            " WHERE t.token_hash = :hash AND u.disabled = 0",
                            err);
    int rc = SQLITE_OK;
    if (st)
        sq_bind_text(st, ":hash", token_hash, &rc);
    return one_user(impl, st, rc, u, NULL, err, "读取访问令牌");
}

/* ---- login attempts ------------------------------------------------------------------ */

static bool su_login_failed(void *impl, const char *name, const char *ip, pm_err *err)
{
    bool outer;
    if (!sq_work_begin(impl, true, &outer, err))
        return false;
    bool ok = sq_exec(impl,
                       "DELETE FROM login_attempts WHERE at < strftime('%Y-%m-%dT%H:%M:%fZ', 'now', '-1 day')",
                       err, "清除过期的登录记录");
    sqlite3_stmt *st =
        ok ? sq_use(impl, "INSERT INTO login_attempts(name, ip, at) VALUES (:name, :ip, " NOW ")", err) : NULL;
    if (st) {
        int rc = SQLITE_OK;
        sq_bind_text(st, ":name", name, &rc);
        sq_bind_text(st, ":ip", ip, &rc);
        ok = sq_run(impl, st, rc, err, "数据库 %s 记录登录失败失败", ((sq *)impl)->path);
    } else {
        ok = false;
    }
    return sq_work_end(impl, outer, ok, err);
}

static bool su_login_failures(void *impl, const char *name, const char *ip, int window_seconds,
                              int *by_name, int *by_ip, pm_err *err)
{
    sqlite3_stmt *st = sq_use(impl,
                            "WITH w(since) AS (SELECT strftime('%Y-%m-%dT%H:%M:%fZ', 'now', :window))"
                            " SELECT (SELECT count(*) FROM login_attempts, w WHERE name = :name AND at > since),"
                            " (SELECT count(*) FROM login_attempts, w WHERE ip = :ip AND at > since)",
                            err);
    if (!st)
        return false;
    char window[32];
    snprintf(window, sizeof window, "-%d seconds", window_seconds);
    int rc = SQLITE_OK;
    sq_bind_text(st, ":window", window, &rc);
    sq_bind_text(st, ":name", name, &rc);
    sq_bind_text(st, ":ip", ip, &rc);
    int got = sq_one(impl, st, rc, err, "统计登录失败次数失败");
    if (got == 1) {
        *by_name = sqlite3_column_int(st, 0);
        *by_ip = sqlite3_column_int(st, 1);
        sq_done(st);
    }
    return got == 1;
}

static bool su_login_forget(void *impl, const char *name, pm_err *err)
{
    sqlite3_stmt *st = sq_use(impl, "DELETE FROM login_attempts WHERE name = :name", err);
    int rc = SQLITE_OK;
    if (st)
        sq_bind_text(st, ":name", name, &rc);
    return st && sq_run(impl, st, rc, err, "数据库 %s 清除登录失败记录失败", ((sq *)impl)->path);
}

const pm_user_ops pm_sqlite_user_ops = {
    .user_add = su_user_add,
    .user_get = su_user_get,
    .users = su_users,
    .user_count = su_user_count,
    .user_update = su_user_update,
    .session_add = su_session_add,
    .session_get = su_session_get,
    .session_end = su_session_end,
    .token_add = su_token_add,
    .token_get = su_token_get,
    .tokens = sq_tokens,
    .token_revoke = sq_token_revoke,
    .tokens_revoke_user = sq_tokens_revoke_user,
    .audit_add = sq_audit_add,
    .audit_list = sq_audit_list,
    .login_failed = su_login_failed,
    .login_failures = su_login_failures,
    .login_forget = su_login_forget,
};
