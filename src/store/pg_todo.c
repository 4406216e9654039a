/* What the PostgreSQL backend does not do yet: each such operation fails
 * with a Chinese message naming what is missing ("PostgreSQL 后端尚不支持：
 * 任务"), never silently. docs/postgresql.md lists them; each moves out of
 * this file when it is written. */
#include "store/collect_backend.h"
#include "store/pg_backend.h"
#include "store/users_backend.h"
#include "store/work_backend.h"

/* The parameters of a stub are the operation's own and go unused. */
#pragma GCC diagnostic ignored "-Wunused-parameter"

void pg_missing(pm_err *err, const char *what)
{
    pm_err_set(err, 0, "PostgreSQL 后端尚不支持：%s（请暂用 SQLite 数据库，见 docs/postgresql.md）", what);
}

/* ---- the main table ---- */
PG_TODO(todo_check, bool, false, "数据库检查（planmon check）", void *impl, pm_err *err)
PG_TODO(todo_backup, bool, false, "备份（请用 pg_dump）", void *impl, const char *dest, pm_err *err)
PG_TODO(todo_restore, bool, false, "恢复（请用 pg_restore）", void *impl, const char *src, pm_err *err)

bool pg_check(void *impl, pm_err *err)
{
    return todo_check(impl, err);
}
bool pg_backup(void *impl, const char *dest, pm_err *err)
{
    return todo_backup(impl, dest, err);
}
bool pg_restore(void *impl, const char *src, pm_err *err)
{
    return todo_restore(impl, src, err);
}

/* ---- review notes, rounds, attachments ---- */
PG_TODO(note_add, bool, false, "审核意见", void *impl, const char *unit, const char *element, int year,
        const char *who, const char *body, pm_err *err)
PG_TODO(notes, bool, false, "审核意见", void *impl, const char *unit, const char *element, int year,
        pm_note **out, size_t *n, pm_err *err)
PG_TODO(round_add, bool, false, "填报任务", void *impl, const pm_round_spec *r, long *id, pm_err *err)
PG_TODO(rounds, bool, false, "填报任务", void *impl, long id, pm_round **out, size_t *n, pm_err *err)
PG_TODO(round_cells, bool, false, "填报任务", void *impl, long id, pm_round_cell **out, size_t *n, pm_err *err)
PG_TODO(round_remind, bool, false, "催报", void *impl, long id, const char *unit, const char *who,
        const char *channel, pm_err *err)
PG_TODO(round_reminders, bool, false, "催报", void *impl, long id, pm_reminder **out, size_t *n, pm_err *err)
PG_TODO(put_contacts, bool, false, "填报联系人", void *impl, const pm_contact *c, size_t n, pm_err *err)
PG_TODO(attach_add, bool, false, "佐证材料", void *impl, const pm_attach_spec *a, long *id, pm_err *err)
PG_TODO(attachments, bool, false, "佐证材料", void *impl, const char *unit, int year, pm_attachment **out,
        size_t *n, pm_err *err)
PG_TODO(attachment_get, int, -1, "佐证材料", void *impl, long id, pm_attachment *out, pm_err *err)

const pm_collect_ops pm_pg_collect_ops = {
    .note_add = note_add,
    .notes = notes,
    .round_add = round_add,
    .rounds = rounds,
    .round_cells = round_cells,
    .round_remind = round_remind,
    .round_reminders = round_reminders,
    .put_contacts = put_contacts,
    .attach_add = attach_add,
    .attachments = attachments,
    .attachment_get = attachment_get,
};

/* ---- departments, tasks, projects, narratives ---- */
PG_TODO(dept_put, bool, false, "责任单位", void *impl, const pm_dept *d, const char *who, pm_err *err)
PG_TODO(depts, bool, false, "责任单位", void *impl, pm_dept **d, size_t *n, pm_err *err)
PG_TODO(dept_get, int, -1, "责任单位", void *impl, const char *code_or_name, pm_dept *d, pm_err *err)
PG_TODO(user_set_dept, bool, false, "用户所属责任单位", void *impl, const char *user, const char *dept,
        const char *who, pm_err *err)
PG_TODO(assignment_put, bool, false, "分解落实", void *impl, const pm_assignment *a, const char *who, pm_err *err)
PG_TODO(assignments, bool, false, "分解落实", void *impl, pm_item_kind kind, pm_assignment **a, size_t *n,
        pm_err *err)
PG_TODO(task_put, bool, false, "重点任务和重大项目", void *impl, const pm_task *t, const char *who, pm_err *err)
PG_TODO(tasks, bool, false, "重点任务和重大项目", void *impl, const char *code, pm_task **t, size_t *n,
        pm_err *err)
PG_TODO(milestone_set, bool, false, "项目里程碑", void *impl, const char *task, size_t index, bool met,
        const char *met_on, const char *who, pm_err *err)
PG_TODO(update_add, bool, false, "任务进展报告", void *impl, const pm_task_update *u, long *id, pm_err *err)
PG_TODO(updates, bool, false, "任务进展报告", void *impl, const char *task, pm_task_update **u, size_t *n,
        pm_err *err)
PG_TODO(update_review, int, -1, "任务进展报告的审核", void *impl, long id, pm_vstate to, const char *who,
        const char *reason, pm_err *err)
PG_TODO(latest_year, bool, false, "任务的评价年份", void *impl, int *year, pm_err *err)
PG_TODO(work_log, bool, false, "任务修改记录", void *impl, const char *kind, const char *code,
        pm_work_entry **e, size_t *n, pm_err *err)
PG_TODO(narrative_put, bool, false, "评估意见", void *impl, const pm_narrative *nv, pm_err *err)
PG_TODO(narratives, bool, false, "评估意见", void *impl, int year, pm_narrative **nv, size_t *n, pm_err *err)
PG_TODO(narrative_history, bool, false, "评估意见修改记录", void *impl, int year, int scope, const char *target,
        pm_narr_change **c, size_t *n, pm_err *err)

const pm_work_ops pm_pg_work_ops = {
    .dept_put = dept_put,
    .depts = depts,
    .dept_get = dept_get,
    .user_set_dept = user_set_dept,
    .assignment_put = assignment_put,
    .assignments = assignments,
    .task_put = task_put,
    .tasks = tasks,
    .milestone_set = milestone_set,
    .update_add = update_add,
    .updates = updates,
    .update_review = update_review,
    .latest_year = latest_year,
    .work_log = work_log,
    .narrative_put = narrative_put,
    .narratives = narratives,
    .narrative_history = narrative_history,
};
