/* API tokens listed and revoked (store/users.h: pm_store_tokens,
 * pm_store_token_revoke, pm_store_tokens_revoke_user), on the SQLite
 * backend's connection. A token is named by the first PM_TOKEN_ID_LEN hex
 * digits of its hash: the token itself is never stored. */
#include <sqlite3.h>

#include "store/sqlite_bind.h"
#include "store/sqlite_conn.h"
#include "store/users.h"
#include "store/users_backend.h"

static void token_row(void *item, sqlite3_stmt *st)
{
    pm_token *t = item;
    t->id = sq_col_dup0(st, 0);
    t->user = sq_col_dup0(st, 1);
    t->label = sq_col_dup0(st, 2);
    t->created_at = sq_col_dup0(st, 3);
}

bool sq_tokens(void *impl, const char *name, pm_token **t, size_t *n, pm_err *err)
{
    sq *s = impl;
    sqlite3_stmt *st = sq_use(s,
                              "SELECT substr(t.token_hash, 1, 12), u.name, t.name, t.created_at"
                              " FROM api_tokens t JOIN users u ON u.id = t.user_id"
                              " WHERE :name IS NULL OR u.name = :name ORDER BY t.created_at, u.name",
                              err);
    int rc = SQLITE_OK;
    if (st)
        sq_bind_text(st, ":name", name, &rc);
    bool ok;
    *t = sq_collect_bound(s, st, rc, *t, n, sizeof **t, token_row, &ok, err, "读取访问令牌列表失败");
    if (!ok) {
        pm_tokens_free(*t, *n);
        *t = NULL;
        *n = 0;
    }
    return ok;
}

int sq_token_revoke(void *impl, const char *id, char **user, pm_err *err)
{
    sq *s = impl;
    bool outer;
    if (!sq_work_begin(s, true, &outer, err))
        return -1;
    sqlite3_stmt *st = sq_use(s,
                              "SELECT u.name FROM api_tokens t JOIN users u ON u.id = t.user_id"
                              " WHERE substr(t.token_hash, 1, 12) = :id",
                              err);
    int rc = SQLITE_OK;
    if (st)
        sq_bind_text(st, ":id", id, &rc);
    int found = st ? sq_one(s, st, rc, err, "查找访问令牌失败") : -1;
    if (found == 1) {
        if (user)
            *user = sq_col_dup0(st, 0);
        sq_done(st);
        st = sq_use(s, "DELETE FROM api_tokens WHERE substr(token_hash, 1, 12) = :id", err);
        rc = SQLITE_OK;
        if (st)
            sq_bind_text(st, ":id", id, &rc);
        if (!st || !sq_run(s, st, rc, err, "数据库 %s 撤销访问令牌失败", s->path))
            found = -1;
    } else if (found == 0) {
        pm_err_set(err, 0, "没有编号为 %s 的访问令牌", id);
    }
    return sq_work_end(s, outer, found >= 0, err) ? found : -1;
}

bool sq_tokens_revoke_user(void *impl, const char *name, size_t *n, pm_err *err)
{
    sq *s = impl;
    sqlite3_stmt *st =
        sq_use(s, "DELETE FROM api_tokens WHERE user_id = (SELECT id FROM users WHERE name = :name)", err);
    int rc = SQLITE_OK;
    if (st)
        sq_bind_text(st, ":name", name, &rc);
    bool ok = st && sq_run(s, st, rc, err, "数据库 %s 撤销用户 %s 的访问令牌失败", s->path, name);
    *n = ok ? (size_t)sqlite3_changes(s->db) : 0;
    return ok;
}
