/* The PostgreSQL backend's table of work_backend.h functions (each kept
 * in the file of its concept, pg_work.h) and the work log they append to
 * and read, as sqlite_work.c and sqlite_worklog.c. */
#include "store/pg_work.h"

#include <stdlib.h>

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

int pg_has_row(pgs *p, const char *sql, const char *code, long *id, pm_err *err)
{
    pg_args a = {0};
    pg_arg_text(&a, code);
    PGresult *r = pg_run(p, sql, &a, err, "查找代码失败");
    if (!r)
        return -1;
    int found = PQntuples(r) > 0;
    if (found && id)
        *id = (long)pg_int(r, 0, 0);
    PQclear(r);
    return found;
}

long pg_changed(PGresult *r)
{
    return strtol(PQcmdTuples(r), NULL, 10);
}

static bool pg_work_log(void *impl, const char *kind, const char *code, pm_work_entry **e, size_t *n, pm_err *err)
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

const pm_work_ops pm_pg_work_ops = {
    .dept_put = pg_dept_put,
    .depts = pg_depts,
    .dept_get = pg_dept_get,
    .user_set_dept = pg_user_set_dept,
    .assignment_put = pg_assignment_put,
    .assignments = pg_assignments,
    .task_put = pg_task_put,
    .tasks = pg_tasks,
    .milestone_set = pg_milestone_set,
    .update_add = pg_update_add,
    .updates = pg_updates,
    .update_review = pg_update_review,
    .latest_year = pg_latest_year,
    .work_log = pg_work_log,
    .narrative_put = pg_narrative_put,
    .narratives = pg_narratives,
    .narrative_history = pg_narrative_history,
};
