/* The SQLite backend of users, sessions, API tokens and login attempts
 * (users_backend.h), on the connection sqlite_store.c opened.
 *
 * Statements are prepared per call and finalized at its end, unlike the
 * cached ones of sqlite_store.c: these run once per request or login, not
 * once per figure, and a preparation costs a few microseconds. Keeping them
 * here keeps this file independent of the main backend's statement table.
 * Data reaches SQL only through bound named parameters.
 *
 * A call that writes more than one statement runs as one unit of work:
 * BEGIN IMMEDIATE, or a SAVEPOINT when the caller holds a transaction. */
#include <sqlite3.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/mem.h"
#include "store/sqlite_bind.h"
#include "store/users_backend.h"

#define NOW "strftime('%Y-%m-%dT%H:%M:%fZ', 'now')"

/* The columns every user read returns first, in this order (user_row). */
#define USER_COLS                                                                                  \
    "u.id, u.name, u.display_name, u.role, o.code, o.name, u.created_at, u.disabled"
#define USER_FROM " FROM users u LEFT JOIN org_unit o ON o.id = u.unit_id"
#define NUSER_COLS 8

/* ---- statement helpers ---------------------------------------------------------- */

static void fail(void *impl, pm_err *err, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static void fail(void *impl, pm_err *err, const char *fmt, ...)
{
    char what[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(what, sizeof what, fmt, ap);
    va_end(ap);
    pm_err_set(err, 0, "%s：%s", what, sqlite3_errmsg(pm_sqlite_db(impl)));
}

/* A prepared statement the caller finalizes, or NULL with err set. */
static sqlite3_stmt *prep(void *impl, const char *sql, pm_err *err)
{
    sqlite3_stmt *st = NULL;
    if (sqlite3_prepare_v2(pm_sqlite_db(impl), sql, -1, &st, NULL) != SQLITE_OK) {
        fail(impl, err, "数据库 %s 准备 SQL 语句失败", pm_sqlite_path(impl));
        sqlite3_finalize(st);
        return NULL;
    }
    return st;
}

/* Steps a statement that returns no rows and finalizes it. */
static bool exec_st(void *impl, sqlite3_stmt *st, int rc, pm_err *err, const char *what)
{
    if (!st)
        return false;
    if (rc == SQLITE_OK)
        rc = sqlite3_step(st);
    bool ok = rc == SQLITE_DONE || rc == SQLITE_ROW;
    if (!ok)
        fail(impl, err, "数据库 %s %s失败", pm_sqlite_path(impl), what);
    sqlite3_finalize(st);
    return ok;
}

static bool exec_sql(void *impl, const char *sql, pm_err *err, const char *what)
{
    return exec_st(impl, prep(impl, sql, err), SQLITE_OK, err, what);
}

/* A unit of work (see the file comment); *outer tells work_end how to end it. */
static bool work_begin(void *impl, bool *outer, pm_err *err)
{
    *outer = sqlite3_get_autocommit(pm_sqlite_db(impl)) != 0;
    return exec_sql(impl, *outer ? "BEGIN IMMEDIATE" : "SAVEPOINT pm_users", err, "开始事务");
}

static bool work_end(void *impl, bool outer, bool ok, pm_err *err)
{
    if (ok && exec_sql(impl, outer ? "COMMIT" : "RELEASE pm_users", err, "提交事务"))
        return true;
    pm_err ignored = {0};
    if (!sqlite3_get_autocommit(pm_sqlite_db(impl))) {
        if (outer)
            exec_sql(impl, "ROLLBACK", &ignored, "回滚事务");
        else if (exec_sql(impl, "ROLLBACK TO pm_users", &ignored, "回滚到保存点"))
            exec_sql(impl, "RELEASE pm_users", &ignored, "释放保存点");
    }
    return false;
}

/* Fills u from the USER_COLS at the start of the row. */
static void user_row(sqlite3_stmt *st, pm_user *u)
{
    memset(u, 0, sizeof *u);
    u->id = (long)sqlite3_column_int64(st, 0);
    u->name = sq_col_dup(st, 1);
    u->display = sq_col_dup(st, 2);
    if (!u->display)
        u->display = xstrdup("");
    const char *role = (const char *)sqlite3_column_text(st, 3);
    if (!role || !pm_role_parse(role, &u->role))
        u->role = PM_ROLE_REPORTER; /* the CHECK constraint rules this out; least rights */
    u->unit = sq_col_dup(st, 4);
    u->unit_name = sq_col_dup(st, 5);
    u->created_at = sq_col_dup(st, 6);
    u->disabled = sqlite3_column_int(st, 7) != 0;
}

/* Runs a query for at most one user row (binds done, rc their result).
 * Extra text columns after USER_COLS go to *extra when asked. 1/0/-1. */
static int one_user(void *impl, sqlite3_stmt *st, int rc, pm_user *u, char **extra, pm_err *err,
                    const char *what)
{
    if (!st)
        return -1;
    if (rc == SQLITE_OK)
        rc = sqlite3_step(st);
    int found = rc == SQLITE_ROW ? 1 : rc == SQLITE_DONE ? 0 : -1;
    if (found == 1) {
        user_row(st, u);
        if (extra)
            *extra = sq_col_dup(st, NUSER_COLS);
    } else if (found < 0) {
        fail(impl, err, "数据库 %s %s失败", pm_sqlite_path(impl), what);
    }
    sqlite3_finalize(st);
    return found;
}

/* The id of a unit code: 1 found, 0 not there (err says so), -1 error. */
static int unit_id(void *impl, const char *code, long *id, pm_err *err)
{
    sqlite3_stmt *st = prep(impl, "SELECT id FROM org_unit WHERE code = :code", err);
    if (!st)
        return -1;
    int rc = SQLITE_OK;
    sq_bind_text(st, ":code", code, &rc);
    if (rc == SQLITE_OK)
        rc = sqlite3_step(st);
    int found = rc == SQLITE_ROW ? 1 : rc == SQLITE_DONE ? 0 : -1;
    if (found == 1)
        *id = (long)sqlite3_column_int64(st, 0);
    else if (found == 0)
        pm_err_set(err, 0, "未知组织机构：%s", code);
    else
        fail(impl, err, "在数据库中查找组织机构 %s 失败", code);
    sqlite3_finalize(st);
    return found;
}

/* ---- users ---------------------------------------------------------------------- */

static bool name_taken(void *impl, const char *name, bool *taken, pm_err *err)
{
    sqlite3_stmt *st = prep(impl, "SELECT 1 FROM users WHERE name = :name", err);
    if (!st)
        return false;
    int rc = SQLITE_OK;
    sq_bind_text(st, ":name", name, &rc);
    if (rc == SQLITE_OK)
        rc = sqlite3_step(st);
    bool ok = rc == SQLITE_ROW || rc == SQLITE_DONE;
    *taken = rc == SQLITE_ROW;
    if (!ok)
        fail(impl, err, "查找用户 %s 失败", name);
    sqlite3_finalize(st);
    return ok;
}

static bool su_user_add(void *impl, const pm_user_spec *u, long *id, pm_err *err)
{
    bool outer;
    if (!work_begin(impl, &outer, err))
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
    sqlite3_stmt *st = ok ? prep(impl,
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
        ok = exec_st(impl, st, rc, err, "保存用户");
        if (ok)
            *id = (long)sqlite3_last_insert_rowid(pm_sqlite_db(impl));
    } else {
        ok = false;
    }
    return work_end(impl, outer, ok, err);
}

static int su_user_get(void *impl, const char *name, pm_user *u, char **password_hash, pm_err *err)
{
    sqlite3_stmt *st = prep(impl, "SELECT " USER_COLS ", u.password_hash" USER_FROM " WHERE u.name = :name", err);
    int rc = SQLITE_OK;
    if (st)
        sq_bind_text(st, ":name", name, &rc);
    return one_user(impl, st, rc, u, password_hash, err, "读取用户");
}

static bool su_users(void *impl, pm_user **u, size_t *n, pm_err *err)
{
    sqlite3_stmt *st = prep(impl, "SELECT " USER_COLS USER_FROM " ORDER BY u.id", err);
    if (!st)
        return false;
    size_t cap = 0;
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        *u = xgrow(*u, &cap, *n + 1, sizeof **u);
        user_row(st, &(*u)[(*n)++]);
    }
    bool ok = rc == SQLITE_DONE;
    if (!ok) {
        fail(impl, err, "读取用户列表失败");
        pm_users_free(*u, *n);
        *u = NULL;
        *n = 0;
    }
    sqlite3_finalize(st);
    return ok;
}

static bool su_user_count(void *impl, long *n, pm_err *err)
{
    sqlite3_stmt *st = prep(impl, "SELECT count(*) FROM users", err);
    if (!st)
        return false;
    bool ok = sqlite3_step(st) == SQLITE_ROW;
    if (ok)
        *n = (long)sqlite3_column_int64(st, 0);
    else
        fail(impl, err, "统计用户失败");
    sqlite3_finalize(st);
    return ok;
}

static bool su_user_update(void *impl, const char *name, const pm_user_change *c, pm_err *err)
{
    bool outer;
    if (!work_begin(impl, &outer, err))
        return false;
    long uid = 0;
    bool ok = !(c->set_unit && c->unit) || unit_id(impl, c->unit, &uid, err) == 1;
    sqlite3_stmt *st =
        ok ? prep(impl,
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
        ok = exec_st(impl, st, rc, err, "修改用户");
        if (ok && sqlite3_changes(pm_sqlite_db(impl)) != 1) {
            pm_err_set(err, 0, "未知用户：%s", name);
            ok = false;
        }
    } else {
        ok = false;
    }
    /* A new password or a disabled account ends every session: whoever
     * held the old password is out at once. */
    if (ok && (c->password_hash || c->disabled == 1)) {
        st = prep(impl, "DELETE FROM sessions WHERE user_id = (SELECT id FROM users WHERE name = :name)", err);
        int rc = SQLITE_OK;
        if (st)
            sq_bind_text(st, ":name", name, &rc);
        ok = exec_st(impl, st, rc, err, "结束用户的登录会话");
    }
    return work_end(impl, outer, ok, err);
}

/* ---- sessions and tokens ---------------------------------------------------------- */

static bool su_session_add(void *impl, long user_id, const char *token_hash, const char *csrf,
                           int ttl_seconds, pm_err *err)
{
    bool outer;
    if (!work_begin(impl, &outer, err))
        return false;
    bool ok = exec_sql(impl, "DELETE FROM sessions WHERE expires_at <= " NOW, err, "清除过期会话");
    sqlite3_stmt *st =
        ok ? prep(impl,
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
        ok = exec_st(impl, st, rc, err, "保存登录会话");
    } else {
        ok = false;
    }
    return work_end(impl, outer, ok, err);
}

static int su_session_get(void *impl, const char *token_hash, pm_user *u, char **csrf, pm_err *err)
{
    sqlite3_stmt *st = prep(impl,
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
    sqlite3_stmt *st = prep(impl, "DELETE FROM sessions WHERE token_hash = :hash", err);
    int rc = SQLITE_OK;
    if (st)
        sq_bind_text(st, ":hash", token_hash, &rc);
    return exec_st(impl, st, rc, err, "结束登录会话");
}

static bool su_token_add(void *impl, long user_id, const char *token_hash, const char *label, pm_err *err)
{
    sqlite3_stmt *st = prep(impl,
                            "INSERT INTO api_tokens(token_hash, user_id, name, created_at)"
                            " VALUES (:hash, :user_id, :name, " NOW ")",
                            err);
    int rc = SQLITE_OK;
    if (st) {
        sq_bind_text(st, ":hash", token_hash, &rc);
        sq_bind_int(st, ":user_id", user_id, &rc);
        sq_bind_text(st, ":name", label, &rc);
    }
    return exec_st(impl, st, rc, err, "保存访问令牌");
}

static int su_token_get(void *impl, const char *token_hash, pm_user *u, pm_err *err)
{
    sqlite3_stmt *st = prep(impl,
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
    if (!work_begin(impl, &outer, err))
        return false;
    bool ok = exec_sql(impl,
                       "DELETE FROM login_attempts WHERE at < strftime('%Y-%m-%dT%H:%M:%fZ', 'now', '-1 day')",
                       err, "清除过期的登录记录");
    sqlite3_stmt *st =
        ok ? prep(impl, "INSERT INTO login_attempts(name, ip, at) VALUES (:name, :ip, " NOW ")", err) : NULL;
    if (st) {
        int rc = SQLITE_OK;
        sq_bind_text(st, ":name", name, &rc);
        sq_bind_text(st, ":ip", ip, &rc);
        ok = exec_st(impl, st, rc, err, "记录登录失败");
    } else {
        ok = false;
    }
    return work_end(impl, outer, ok, err);
}

static bool su_login_failures(void *impl, const char *name, const char *ip, int window_seconds,
                              int *by_name, int *by_ip, pm_err *err)
{
    sqlite3_stmt *st = prep(impl,
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
    if (rc == SQLITE_OK)
        rc = sqlite3_step(st);
    bool ok = rc == SQLITE_ROW;
    if (ok) {
        *by_name = sqlite3_column_int(st, 0);
        *by_ip = sqlite3_column_int(st, 1);
    } else {
        fail(impl, err, "统计登录失败次数失败");
    }
    sqlite3_finalize(st);
    return ok;
}

static bool su_login_forget(void *impl, const char *name, pm_err *err)
{
    sqlite3_stmt *st = prep(impl, "DELETE FROM login_attempts WHERE name = :name", err);
    int rc = SQLITE_OK;
    if (st)
        sq_bind_text(st, ":name", name, &rc);
    return exec_st(impl, st, rc, err, "清除登录失败记录");
}

static bool su_data_version(void *impl, long long *v, pm_err *err)
{
    sqlite3_stmt *st = prep(impl, "PRAGMA data_version", err);
    if (!st)
        return false;
    bool ok = sqlite3_step(st) == SQLITE_ROW;
    if (ok)
        *v = sqlite3_column_int64(st, 0);
    else
        fail(impl, err, "读取数据库 %s 的版本号失败", pm_sqlite_path(impl));
    sqlite3_finalize(st);
    return ok;
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
    .login_failed = su_login_failed,
    .login_failures = su_login_failures,
    .login_forget = su_login_forget,
    .data_version = su_data_version,
};
