/* What GET /depts/{code} (page_dept.c) and GET /api/v1/depts/{code}
 * (api_tasks.c) show of one responsible department, worked out once: the
 * indicators it leads or co-operates on (分解落实表) judged where the user
 * reads (the district for who reads it; a town's reporter its town's
 * figures), the key tasks and projects it leads or co-operates on that the
 * user may read (task_req.h's rule) with their judgment, and which of them
 * are due: deadline in the year judged and not done, or already past.
 * Internal to src/web/.
 *
 * Ownership: rows is malloc'd (web_dept_view_free); everything the rows
 * point at is borrowed from the snapshot and the web_tasks they were
 * built from, which must outlive the view. */
#ifndef PM_WEB_DEPT_VIEW_H
#define PM_WEB_DEPT_VIEW_H
#include <stdbool.h>
#include <stddef.h>

#include "web/pagekit.h"
#include "web/task_req.h"

typedef struct web_dept_row {
    int ind;                 /* the plan's indicator index; -1 on a task's row */
    const pm_task *task;     /* a task's row: the task; NULL on an indicator's */
    bool lead;               /* 牵头 (else 配合) */
    const char *deadline;    /* "" none */
    wp_judged j;             /* an indicator's judgment at the view's unit */
    pm_task_judgment tj;     /* a task's judgment on the tasks' date */
    bool due, late;          /* due in the year and not done; late: past the date */
} web_dept_row;

typedef struct web_dept_view {
    web_dept_row *rows;      /* indicators in plan order, then tasks in the order added */
    size_t n, nind;          /* rows; of them indicators (the first nind) */
    int at;                  /* the tree unit indicators are judged at */
} web_dept_view;

void web_dept_view_build(const web_req *r, const web_snap *s, const web_tasks *t, const pm_dept *d,
                         web_dept_view *v);
void web_dept_view_free(web_dept_view *v);

/* What GET /depts/{code} and its API answer work with: the request's
 * snapshot (s), the tasks (t), the department the path's first segment
 * names (d, one of t's) and its view (v). */
typedef struct web_dept_doc {
    const web_snap *s;
    web_tasks t;
    const pm_dept *d;
    web_dept_view v;
} web_dept_doc;
/* Loads dp for r. False with the error in w (the tasks' load's, or 404
 * unknown_dept) and nothing to free; else the caller ends with
 * web_dept_close. */
bool web_dept_open(web_req *r, web_resp *w, web_dept_doc *dp);
/* Frees dp's view and tasks. */
void web_dept_close(web_dept_doc *dp);
/* "牵头" or "配合"; "lead" or "co". */
const char *web_dept_role_label(const web_dept_row *row);
const char *web_dept_role_key(const web_dept_row *row);

#endif
