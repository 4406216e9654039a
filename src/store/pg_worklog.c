/* The work log on the PostgreSQL backend (pg_work.h): appended to by every
 * write of departments, assignments, tasks and updates, read oldest first,
 * as sqlite_worklog.c. */
#include "store/pg_work.h"

#include "base/mem.h"

static const char SQL_LOG_ADD[] =
    "INSERT INTO work_log(at, who, action, item_kind, item_code, detail) VALUES ($1, $2, $3, $4, $5, $6)";
static const char SQL_LOG_GET[] = "SELECT id, at, who, action, item_kind, item_code, detail FROM work_log"
                                  " WHERE ($1::text IS NULL OR item_kind = $1) AND ($2::text IS NULL OR item_code = $2)"
                                  " ORDER BY id";

bool pg_log(pgs *p, const char *who, const char *action, const char *kind, const char *code, const char *detail,
            pm_err *err)
{
    char at[40];
    pg_args a = {0};
    pg_arg_text(&a, pg_clock(0, at, sizeof at));
    pg_arg_text(&a, who);
    pg_arg_text(&a, action);
    pg_arg_text(&a, kind);
    pg_arg_text(&a, code);
    pg_arg_text(&a, detail);
    return pg_do(p, SQL_LOG_ADD, &a, err, "写入任务修改记录失败");
}

bool pg_work_log(void *impl, const char *kind, const char *code, pm_work_entry **e, size_t *n, pm_err *err)
{
    pgs *p = impl;
    *e = NULL;
    *n = 0;
    pg_args a = {0};
    pg_arg_text(&a, kind);
    pg_arg_text(&a, code);
    PGresult *r = pg_run(p, SQL_LOG_GET, &a, err, "读取任务修改记录失败");
    if (!r)
        return false;
    *n = (size_t)PQntuples(r);
    *e = xcalloc(*n ? *n : 1, sizeof **e);
    for (int i = 0; i < PQntuples(r); i++) {
        pm_work_entry *x = &(*e)[i];
        x->id = (long)pg_int(r, i, 0);
        x->at = pg_dup0(r, i, 1);
        x->who = pg_dup0(r, i, 2);
        x->action = pg_dup0(r, i, 3);
        x->kind = pg_dup0(r, i, 4);
        x->code = pg_dup0(r, i, 5);
        x->detail = pg_dup(r, i, 6);
    }
    PQclear(r);
    return true;
}
