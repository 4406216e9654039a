/* Progress updates of tasks and projects on the PostgreSQL backend
 * (pg_work.h): appended, listed, reviewed, as sqlite_updates.c. The
 * schema's triggers keep everything but the review columns fixed. */
#include <stdio.h>
#include <string.h>

#include "base/mem.h"
#include "store/pg_work.h"

static const char SQL_TASK_EXISTS[] = "SELECT 1 FROM task WHERE code = $1";
static const char SQL_UPD_ADD[] = "INSERT INTO task_update(task_code, period, state, percent, text, review, who, at)"
                                  " VALUES ($1, $2, $3, $4, $5, 1, $6, $7) RETURNING id";
static const char SQL_UPD_GET[] =
    "SELECT id, task_code, period, state, percent, text, review, who, at, reviewed_by, reviewed_at, reason"
    " FROM task_update WHERE ($1::text IS NULL OR task_code = $1) ORDER BY id";
static const char SQL_UPD_REVIEW[] = "UPDATE task_update SET review = $1, reviewed_by = $2, reviewed_at = $3,"
                                     " reason = $4 WHERE id = $5 AND review = 1 RETURNING task_code, period";

bool pg_update_add(void *impl, const pm_task_update *u, long *id, pm_err *err)
{
    pgs *p = impl;
    bool outer;
    if (!pg_work_begin(p, &outer, err))
        return false;
    int found = pg_has_row(p, SQL_TASK_EXISTS, u->task, NULL, err);
    if (found == 0)
        pm_err_set(err, 0, "没有编号为“%s”的任务或项目", u->task);
    char what[200], at[40];
    snprintf(what, sizeof what, "保存任务 %s 的进展失败", u->task);
    pg_args x = {0};
    pg_arg_text(&x, u->task);
    pg_arg_text(&x, u->period);
    pg_arg_text(&x, pm_task_state_str(u->state));
    pg_arg_real(&x, u->percent);
    pg_arg_text(&x, u->text ? u->text : "");
    pg_arg_text(&x, u->who);
    pg_arg_text(&x, pg_clock(0, at, sizeof at));
    PGresult *r = found == 1 ? pg_run(p, SQL_UPD_ADD, &x, err, what) : NULL;
    bool ok = r != NULL;
    long newid = ok ? (long)pg_int(r, 0, 0) : 0;
    PQclear(r);
    char detail[160], label[48];
    pm_period_label(u->period, label, sizeof label);
    snprintf(detail, sizeof detail, "%s：%s（第 %ld 号进展）", label, pm_task_state_label(u->state), newid);
    ok = ok && pg_log(p, u->who, "update_add", "task", u->task, detail, err);
    ok = pg_work_end(p, outer, ok, err);
    if (ok && id)
        *id = newid;
    return ok;
}

static void update_row(const PGresult *r, int i, pm_task_update *u)
{
    u->id = (long)pg_int(r, i, 0);
    u->task = pg_dup0(r, i, 1);
    snprintf(u->period, sizeof u->period, "%s", PQgetvalue(r, i, 2));
    if (!pm_task_state_parse(PQgetvalue(r, i, 3), &u->state))
        u->state = PM_TS_NOT_STARTED; /* the CHECK constraint rules this out */
    u->percent = pg_real(r, i, 4);
    u->text = pg_dup0(r, i, 5);
    int rv = (int)pg_int(r, i, 6);
    u->review = pm_vstate_valid(rv) ? (pm_vstate)rv : PM_VS_SUBMITTED;
    u->who = pg_dup0(r, i, 7);
    u->at = pg_dup0(r, i, 8);
    u->reviewed_by = pg_dup(r, i, 9);
    u->reviewed_at = pg_dup(r, i, 10);
    u->reason = pg_dup(r, i, 11);
}

bool pg_updates(void *impl, const char *task, pm_task_update **u, size_t *n, pm_err *err)
{
    *u = NULL;
    *n = 0;
    pg_args x = {0};
    pg_arg_text(&x, task);
    PGresult *r = pg_run(impl, SQL_UPD_GET, &x, err, "读取任务进展失败");
    if (!r)
        return false;
    *n = (size_t)PQntuples(r);
    *u = xcalloc(*n ? *n : 1, sizeof **u);
    for (int i = 0; i < PQntuples(r); i++)
        update_row(r, i, &(*u)[i]);
    PQclear(r);
    return true;
}

int pg_update_review(void *impl, long id, pm_vstate to, const char *who, const char *reason, pm_err *err)
{
    pgs *p = impl;
    bool outer;
    if (!pg_work_begin(p, &outer, err))
        return -1;
    char at[40];
    pg_args x = {0};
    pg_arg_int(&x, to);
    pg_arg_text(&x, who);
    pg_arg_text(&x, pg_clock(0, at, sizeof at));
    pg_arg_text(&x, reason);
    pg_arg_int(&x, id);
    PGresult *r = pg_run(p, SQL_UPD_REVIEW, &x, err, "审核任务进展失败");
    int found = r ? PQntuples(r) > 0 : -1;
    bool ok = found >= 0;
    if (found == 1) {
        char detail[900], label[48];
        pm_period_label(PQgetvalue(r, 0, 1), label, sizeof label);
        snprintf(detail, sizeof detail, "第 %ld 号进展（%s）%s%s%.600s", id, label, pm_vstate_label(to),
                 reason && *reason ? "：" : "", reason ? reason : "");
        ok = pg_log(p, who, to == PM_VS_APPROVED ? "update_approve" : "update_return", "task", PQgetvalue(r, 0, 0),
                    detail, err);
    }
    PQclear(r);
    if (!pg_work_end(p, outer, ok, err))
        return -1;
    return found;
}
