/* The store's side of the rest of an evaluation (issue 13): departments
 * (责任单位), assignments (分解落实), key tasks and projects with their
 * milestones and progress updates, narratives (评估意见), and the log of
 * every change to them. Part of the store interface (store.h), in its own
 * header so that code that never touches tasks does not see it.
 *
 * Every write names who made it and lands with its log row (work_log or
 * narrative_history) in one unit of work; a caller that writes several
 * (an import) wraps them in pm_store_begin/commit: all or nothing.
 *
 * Ownership: structs filled here own their strings; release them with the
 * model's *_clear and *_free functions (model/dept.h, model/task.h, model/narrative.h)
 * or pm_work_log_free. Strings passed in are borrowed. Functions returning
 * int answer 1 found, 0 not found, -1 failure (err set). */
#ifndef PM_STORE_WORK_H
#define PM_STORE_WORK_H
#include <stdbool.h>
#include <stddef.h>

#include "model/dept.h"
#include "model/narrative.h"
#include "model/task.h"
#include "store/store.h"
#include "store/work_types.h"

/* ---- departments ---------------------------------------------------------------- */

/* Adds a department or changes the one with its code (name, kind,
 * contact). A name another department has is an error naming both. */
bool pm_store_dept_put(pm_store *s, const pm_dept *d, const char *who, pm_err *err);
/* Every department in the order they were added; *d malloc'd (pm_depts_free). */
bool pm_store_depts(pm_store *s, pm_dept **d, size_t *n, pm_err *err);
/* One department by code or by name. */
int pm_store_dept_get(pm_store *s, const char *code_or_name, pm_dept *d, pm_err *err);
/* Makes user `user` a member of department `dept` (NULL: of none). */
bool pm_store_user_set_dept(pm_store *s, const char *user, const char *dept, const char *who, pm_err *err);

/* ---- assignments, tasks, projects ---------------------------------------------- */

/* Sets the assignment of an item (replacing its parties and deadline).
 * Parties are named by code (a department's, or an org unit's when
 * party.unit); an unknown one is an error naming it. An indicator must be
 * in the plan, a task must exist. */
bool pm_store_assignment_put(pm_store *s, const pm_assignment *a, const char *who, pm_err *err);
/* The assignments of one kind (indicators or tasks), parties named;
 * *a malloc'd (pm_assignments_free). */
bool pm_store_assignments(pm_store *s, pm_item_kind kind, pm_assignment **a, size_t *n, pm_err *err);

/* Adds or changes a task or project: title, section, linked indicators,
 * its assignment (t->duty: lead, co, deadline), and for a project its
 * investment, dates and milestones (replaced whole). Linked indicators
 * must be in the plan. */
bool pm_store_task_put(pm_store *s, const pm_task *t, const char *who, pm_err *err);
/* Every task and project in the order they were added, everything filled;
 * *t malloc'd (pm_tasks_free). */
bool pm_store_tasks(pm_store *s, pm_task **t, size_t *n, pm_err *err);
int pm_store_task_get(pm_store *s, const char *code, pm_task *t, pm_err *err);
/* Marks milestone `index` (0-based, in due order) of a project met on
 * date met_on ("" unknown), or not met (met false). */
bool pm_store_milestone_set(pm_store *s, const char *task, size_t index, bool met, const char *met_on,
                            const char *who, pm_err *err);

/* ---- progress updates --------------------------------------------------------------- */

/* Appends an update (u->task, period, state, percent, text, who; review
 * starts as submitted). *id (may be NULL) gets its id. */
bool pm_store_task_update_add(pm_store *s, const pm_task_update *u, long *id, pm_err *err);
/* The updates of one task (NULL: of all), oldest first; *u malloc'd
 * (pm_task_updates_free). */
bool pm_store_task_updates(pm_store *s, const char *task, pm_task_update **u, size_t *n, pm_err *err);
/* Reviews update id: to is PM_VS_APPROVED or PM_VS_RETURNED (a reason
 * needed). Only a submitted update moves: 0 when there is no such
 * submitted update. */
int pm_store_task_update_review(pm_store *s, long id, pm_vstate to, const char *who, const char *reason,
                                pm_err *err);

/* ---- everything at once ---------------------------------------------------------------- */

/* The departments, the tasks and projects and their progress updates, as
 * both front doors load them for one command or one request (cli_work.h,
 * web/task_req.h). Owned; release with pm_work_set_free. */
typedef struct pm_work_set {
    pm_dept *depts;
    size_t ndepts;
    pm_task *tasks;
    size_t ntasks;
    pm_task_update *updates;
    size_t nupdates;
} pm_work_set;

/* Fills ws with the tasks, and when all also the departments and every
 * update (all false: who needs the tasks' names and parties only). False
 * with err set; ws is then empty. */
bool pm_store_work_set(pm_store *s, pm_work_set *ws, bool all, pm_err *err);
void pm_work_set_free(pm_work_set *ws);

/* The latest year holding any figure (0: none): the evaluation year
 * tasks are judged for when none is asked. */
bool pm_store_latest_year(pm_store *s, int *year, pm_err *err);

/* ---- the log ------------------------------------------------------------------------------ */

/* The log of one item (kind and code; NULL code: every item of the kind;
 * NULL kind: everything), oldest first. */
bool pm_store_work_log(pm_store *s, const char *kind, const char *code, pm_work_entry **e, size_t *n,
                       pm_err *err);

/* ---- narratives ---------------------------------------------------------------------- */

/* Writes a narrative (year, scope, target, kind, text, state, who) and
 * appends its history row; the same text and state again is no change
 * (nothing appended). */
bool pm_store_narrative_put(pm_store *s, const pm_narrative *nv, pm_err *err);
/* Narratives of a year (0: every year), ordered by year, scope, target,
 * kind; *nv malloc'd (pm_narratives_free). */
bool pm_store_narratives(pm_store *s, int year, pm_narrative **nv, size_t *n, pm_err *err);
/* The history of the narratives of a year (0: all) about scope/target
 * (target NULL: every target of the scope; scope -1: everything), oldest
 * first; *c malloc'd (pm_narr_changes_free). */
bool pm_store_narrative_history(pm_store *s, int year, int scope, const char *target, pm_narr_change **c,
                                size_t *n, pm_err *err);

#endif
