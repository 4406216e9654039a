/* Tasks and their assignments around the SQL: what sqlite_tasks.c and
 * pg_tasks.c both do before a write and after a read (the work log's
 * wording, the refusals that name the item, child rows hung on their task
 * or assignment), so that each backend keeps only its statements and its
 * row reading. Internal to src/store/. */
#ifndef PM_TASK_ROWS_H
#define PM_TASK_ROWS_H
#include <stdbool.h>
#include <stddef.h>

#include "base/buf.h"
#include "base/err.h"
#include "base/strmap.h"
#include "model/task.h"

/* Appends the assignment's log detail to b:
 * "牵头：养老服务科；配合：…；完成时限：2025-12-31". */
void pm_assignment_describe(buf *b, const pm_assignment *a);
/* Appends a task put's log detail to b: "重点任务：<title>；" (重大项目
 * for a project), then the detail of a, the task's assignment. */
void pm_task_describe(buf *b, const pm_task *t, const pm_assignment *a);
/* Appends an edit's log detail to b: each field of the task that changed
 * from old to t (a: t's assignment) as "完成时限：2025-06-30 → 2025-12-31",
 * joined by "；" — title, type, section, lead, co, deadline, linked
 * indicators, investment, start, finish and milestones (a milestone met
 * or not by itself, the list whole when its dates or words changed);
 * "未改动" when nothing did. Codes, as pm_task_describe writes them. */
void pm_task_describe_change(buf *b, const pm_task *old, const pm_task *t, const pm_assignment *a);

/* A task put's log detail into b: the change from old[0] when the task
 * existed (nold 1), else the whole task (a: t's assignment). Frees old,
 * the task as it was, which the backend read before the write. */
void pm_task_put_detail(buf *b, pm_task *old, size_t nold, const pm_task *t, const pm_assignment *a);
/* The assignment a task put stores: t's duty as kind task of item t->code
 * (it borrows t's strings). */
pm_assignment pm_task_duty(const pm_task *t);

/* The answer of the lookup of a's item (1 there, 0 not, <0 err already
 * set): true when there, else false with err set (naming the item when
 * it is not in the plan). */
bool pm_assignment_found(int found, const pm_assignment *a, pm_err *err);
/* Sets err for a party of a (ord 0 the lead) whose unit or department does
 * not exist. */
void pm_party_missing(const pm_assignment *a, const pm_party *p, int ord, pm_err *err);

/* Hangs party p on a: the first lead row becomes the lead, any other row a
 * co-party. a takes p's strings. */
void pm_assignment_add_party(pm_assignment *a, pm_party p, bool lead);
/* The end of a load of tasks (of assignments): returns ok; when not ok,
 * frees what was read and empties *t, *n, so the caller hands back
 * nothing on failure. */
bool pm_tasks_loaded(bool ok, pm_task **t, size_t *n);
bool pm_assignments_loaded(bool ok, pm_assignment **a, size_t *n);
/* Moves each of the n assignments of a into the duty of the task of t that
 * by_code (code → index into t) names; frees the ones no task takes and a. */
void pm_tasks_take_duties(pm_task *t, const strmap *by_code, pm_assignment *a, size_t n);
/* Appends a linked indicator to t, which takes code (malloc'd). */
void pm_task_add_indicator(pm_task *t, char *code);
/* Appends a zeroed milestone to t and returns it for the caller to fill;
 * t owns what the caller puts in it. */
pm_milestone *pm_task_add_milestone(pm_task *t);

/* A milestone set's log detail into out (size bytes):
 * "第 2 个节点：已完成，2025-06-30". */
void pm_milestone_detail(char *out, size_t size, size_t index, bool met, const char *met_on);
/* Sets err for a milestone set that found no index-th milestone (0-based). */
void pm_milestone_missing(const char *task, size_t index, pm_err *err);

#endif
