/* Progress updates of tasks and projects on the SQLite backend
 * (sqlite_work_fns.h): appended, listed, reviewed. The schema's triggers keep
 * everything but the review columns fixed once written. */
#include <stdio.h>
#include <string.h>

#include "store/sqlite_bind.h"
#include "store/sqlite_conn.h"
#include "store/sqlite_work_fns.h"
#include "store/sqlite_worklog.h"

#define NOW "strftime('%Y-%m-%dT%H:%M:%fZ', 'now')"

static const char SQL_UPD_ADD[] =
    "INSERT INTO task_update(task_code, period, state, percent, text, review, who, at)"
    " VALUES (:task, :period, :state, :percent, :text, 1, :who, " NOW ")";
static const char SQL_UPD_GET[] =
    "SELECT id, task_code, period, state, percent, text, review, who, at, reviewed_by, reviewed_at, reason"
    " FROM task_update WHERE (:task IS NULL OR task_code = :task) ORDER BY id";
static const char SQL_UPD_REVIEW[] =
    "UPDATE task_update SET review = :to, reviewed_by = :who, reviewed_at = " NOW ", reason = :reason"
    " WHERE id = :id AND review = 1 RETURNING task_code, period";

bool sq_update_add(void *impl, const pm_task_update *u, long *id, pm_err *err)
{
    sq *s = impl;
    bool outer;
    if (!sq_work_begin(s, true, &outer, err))
        return false;
    int found = sq_lookup_id(s, "SELECT 1 FROM task WHERE code = :code", u->task, NULL, err);
    if (found == 0)
        pm_err_set(err, 0, "没有编号为“%s”的任务或项目", u->task);
    sqlite3_stmt *st = found == 1 ? sq_use(s, SQL_UPD_ADD, err) : NULL;
    int rc = SQLITE_OK;
    if (st) {
        sq_bind_text(st, ":task", u->task, &rc);
        sq_bind_text(st, ":period", u->period, &rc);
        sq_bind_text(st, ":state", pm_task_state_str(u->state), &rc);
        sq_bind_real(st, ":percent", u->percent, &rc);
        sq_bind_text(st, ":text", u->text ? u->text : "", &rc);
        sq_bind_text(st, ":who", u->who, &rc);
    }
    bool ok = st && sq_run(s, st, rc, err, "保存任务 %s 的进展失败", u->task);
    long newid = ok ? (long)sqlite3_last_insert_rowid(s->db) : 0;
    char detail[160], label[48];
    pm_period_label(u->period, label, sizeof label);
    snprintf(detail, sizeof detail, "%s：%s（第 %ld 号进展）", label, pm_task_state_label(u->state), newid);
    ok = ok && sq_log(s, u->who, "update_add", "task", u->task, detail, err);
    ok = sq_work_end(s, outer, ok, err);
    if (ok && id)
        *id = newid;
    return ok;
}

static void update_row(void *item, sqlite3_stmt *st)
{
    pm_task_update *u = item;
    u->id = (long)sqlite3_column_int64(st, 0);
    u->task = sq_col_dup0(st, 1);
    const char *p = (const char *)sqlite3_column_text(st, 2), *state = (const char *)sqlite3_column_text(st, 3);
    snprintf(u->period, sizeof u->period, "%s", p ? p : "");
    if (!state || !pm_task_state_parse(state, &u->state))
        u->state = PM_TS_NOT_STARTED; /* the CHECK constraint rules this out */
    u->percent = sq_col_real(st, 4);
    u->text = sq_col_dup0(st, 5);
    int r = sqlite3_column_int(st, 6);
    u->review = pm_vstate_valid(r) ? (pm_vstate)r : PM_VS_SUBMITTED;
    u->who = sq_col_dup0(st, 7);
    u->at = sq_col_dup0(st, 8);
    u->reviewed_by = sq_col_dup(st, 9);
    u->reviewed_at = sq_col_dup(st, 10);
    u->reason = sq_col_dup(st, 11);
}

bool sq_updates(void *impl, const char *task, pm_task_update **u, size_t *n, pm_err *err)
{
    sq *s = impl;
    sqlite3_stmt *st = sq_use(s, SQL_UPD_GET, err);
    int rc = SQLITE_OK;
    if (st)
        sq_bind_text(st, ":task", task, &rc);
    bool ok = st && rc == SQLITE_OK;
    if (ok)
        *u = sq_collect(s, st, NULL, n, sizeof **u, update_row, &ok, err, "读取任务进展失败");
    else if (st)
        sq_done(st);
    if (!ok) {
        pm_task_updates_free(*u, *n);
        *u = NULL;
        *n = 0;
    }
    return ok;
}

int sq_update_review(void *impl, long id, pm_vstate to, const char *who, const char *reason, pm_err *err)
{
    sq *s = impl;
    bool outer;
    if (!sq_work_begin(s, true, &outer, err))
        return -1;
    sqlite3_stmt *st = sq_use(s, SQL_UPD_REVIEW, err);
    int rc = SQLITE_OK;
    if (st) {
        sq_bind_int(st, ":to", to, &rc);
        sq_bind_text(st, ":who", who, &rc);
        sq_bind_text(st, ":reason", reason, &rc);
        sq_bind_int(st, ":id", id, &rc);
    }
    int found = st ? sq_one(s, st, rc, err, "审核任务进展失败") : -1;
    bool ok = found >= 0;
    if (found == 1) {
        char task[128], detail[900], label[48];
        snprintf(task, sizeof task, "%s", (const char *)sqlite3_column_text(st, 0));
        pm_period_label((const char *)sqlite3_column_text(st, 1), label, sizeof label);
        sq_done(st);
        snprintf(detail, sizeof detail, "第 %ld 号进展（%s）%s%s%.600s", id, label, pm_vstate_label(to),
                 reason && *reason ? "：" : "", reason ? reason : "");
        ok = sq_log(s, who, to == PM_VS_APPROVED ? "update_approve" : "update_return", "task", task, detail, err);
    }
    if (!sq_work_end(s, outer, ok, err))
        return -1;
    return found;
}
