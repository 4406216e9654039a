/* The audit log (store/audit.h) on the SQLite backend's connection: one
 * INSERT per entry, read newest first. */
#include <sqlite3.h>

#include "store/sqlite_bind.h"
#include "store/audit.h"
#include "store/sqlite_conn.h"
#include "store/users_backend.h"

bool sq_audit_add(void *impl, const pm_audit *a, pm_err *err)
{
    sq *s = impl;
    sqlite3_stmt *st = sq_use(s,
                              "INSERT INTO audit_log(at, actor, action, target, detail, ip)"
                              " VALUES (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'), :actor, :action, :target, :detail, :ip)",
                              err);
    int rc = SQLITE_OK;
    if (st) {
        sq_bind_text(st, ":actor", a->actor, &rc);
        sq_bind_text(st, ":action", a->action, &rc);
        sq_bind_text(st, ":target", a->target, &rc);
        sq_bind_text(st, ":detail", a->detail, &rc);
        sq_bind_text(st, ":ip", a->ip, &rc);
    }
    return st && sq_run(s, st, rc, err, "数据库 %s 写入审计日志失败", s->path);
}

static void audit_row(void *item, sqlite3_stmt *st)
{
    pm_audit *a = item;
    a->id = (long)sqlite3_column_int64(st, 0);
    a->at = sq_col_dup0(st, 1);
    a->actor = sq_col_dup0(st, 2);
    a->action = sq_col_dup0(st, 3);
    a->target = sq_col_dup(st, 4);
    a->detail = sq_col_dup(st, 5);
    a->ip = sq_col_dup(st, 6);
}

bool sq_audit_list(void *impl, size_t limit, pm_audit **a, size_t *n, pm_err *err)
{
    sq *s = impl;
    sqlite3_stmt *st = sq_use(s,
                              "SELECT id, at, actor, action, target, detail, ip FROM audit_log"
                              " ORDER BY id DESC LIMIT :limit",
                              err);
    int rc = SQLITE_OK;
    if (st)
        sq_bind_int(st, ":limit", limit ? (long)limit : -1, &rc);
    bool ok;
    *a = sq_collect_bound(s, st, rc, *a, n, sizeof **a, audit_row, &ok, err, "读取审计日志失败");
    if (!ok) {
        pm_audits_free(*a, *n);
        *a = NULL;
        *n = 0;
    }
    return ok;
}
