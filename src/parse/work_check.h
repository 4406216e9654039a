/* The checks every door applies to the names and dates of a key task or
 * project (issue 13): the 分解落实表 and 重大项目表 readers (work_in.c) and
 * the web's task form and PUT /api/v1/tasks/{code} (web/task_edit.c) ask
 * these, so that a name or a date one of them refuses the other refuses
 * too, in the same words. Pure: names and what the database holds in
 * (pm_work_refs), a verdict out. Messages are Chinese and name the value,
 * not where it came from (the caller adds the line, cell or field). */
#ifndef PM_WORK_CHECK_H
#define PM_WORK_CHECK_H
#include <stdbool.h>
#include <stddef.h>

#include "model/dept.h"
#include "model/orgunit.h"
#include "model/plan.h"
#include "model/task.h"

/* What names are checked against. Borrowed. */
typedef struct pm_work_refs {
    const pm_plan *plan;
    const pm_tree *tree;  /* org units a town may be named from; may be empty */
    const pm_dept *depts;
    size_t ndepts;
    const pm_task *tasks; /* tasks and projects already stored */
    size_t ntasks;
} pm_work_refs;

/* Index of the department with that code or name, else -1. */
int pm_work_dept(const pm_work_refs *r, const char *s);
/* Index of the task or project with that code or title, else -1. */
int pm_work_task(const pm_work_refs *r, const char *s);
/* The plan's indicator with that code, 序号 or name, else NULL. */
const pm_indicator *pm_work_indicator(const pm_plan *p, const char *s);
/* A responsible party named s: a department (code or name) first, else an
 * org unit (code or name), into *p (malloc'd code and name: the caller's,
 * pm_party_clear). False (p untouched) with the refusal in msg. */
bool pm_work_party(const pm_work_refs *r, const char *s, pm_party *p, char *msg, size_t cap);
/* A 完成时限 or other date as written into out (PM_DATE_LEN; "" for none:
 * empty, —, 持续推进, 长期 …). False with the refusal in msg: not a date,
 * or (in_period, plan not NULL) outside the plan period. */
bool pm_work_date(const char *s, const pm_plan *plan, bool in_period, char *out, char *msg, size_t cap);
/* Is a canonical date (pm_date_parse's) within the plan period? */
bool pm_work_in_period(const pm_plan *plan, const char *date);

#endif
