/* The work_log on the SQLite backend (sqlite_worklog.h): appended to by
 * every write of departments, assignments, tasks and updates, read
 * oldest first. */
#include "store/sqlite_worklog.h"

#include <stdlib.h>

#include "store/sqlite_bind.h"
#include "store/sqlite_conn.h"
#include "store/sqlite_work_fns.h"

#define NOW "strftime('%Y-%m-%dT%H:%M:%fZ', 'now')"

bool sq_log(sq *s, const char *who, const char *action, const char *kind, const char *code, const char *detail,
            pm_err *err)
{
    sqlite3_stmt *st = sq_use(s,
                              "INSERT INTO work_log(at, who, action, item_kind, item_code, detail)"
                              " VALUES (" NOW ", :who, :action, :kind, :code, :detail)",
                              err);
    int rc = SQLITE_OK;
    if (st) {
        sq_bind_text(st, ":who", who, &rc);
        sq_bind_text(st, ":action", action, &rc);
        sq_bind_text(st, ":kind", kind, &rc);
        sq_bind_text(st, ":code", code, &rc);
        sq_bind_text(st, ":detail", detail, &rc);
    }
    return st && sq_run(s, st, rc, err, "数据库 %s 写入任务修改记录失败", s->path);
}

static void log_row(void *item, sqlite3_stmt *st)
{
    pm_work_entry *e = item;
    e->id = (long)sqlite3_column_int64(st, 0);
    e->at = sq_col_dup0(st, 1);
    e->who = sq_col_dup0(st, 2);
    e->action = sq_col_dup0(st, 3);
    e->kind = sq_col_dup0(st, 4);
    e->code = sq_col_dup0(st, 5);
    e->detail = sq_col_dup(st, 6);
}

bool sq_work_log(void *impl, const char *kind, const char *code, pm_work_entry **e, size_t *n, pm_err *err)
{
    sq *s = impl;
    sqlite3_stmt *st = sq_use(s,
                              "SELECT id, at, who, action, item_kind, item_code, detail FROM work_log"
                              " WHERE (:kind IS NULL OR item_kind = :kind) AND (:code IS NULL OR item_code = :code)"
                              " ORDER BY id",
                              err);
    int rc = SQLITE_OK;
    if (st) {
        sq_bind_text(st, ":kind", kind, &rc);
        sq_bind_text(st, ":code", code, &rc);
    }
    bool ok = st && rc == SQLITE_OK;
    if (ok)
        *e = sq_collect(s, st, *e, n, sizeof **e, log_row, &ok, err, "读取任务修改记录失败");
    else if (st)
        sq_done(st);
    if (!ok) {
        pm_work_log_free(*e, *n);
        *e = NULL;
        *n = 0;
    }
    return ok;
}

