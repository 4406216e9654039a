/* The records of the work log that the store's work interface (work.h)
 * passes out and its backends fill (work_backend.h): one header below
 * both, so that neither includes the other. */
#ifndef PM_WORK_TYPES_H
#define PM_WORK_TYPES_H
#include <stddef.h>

/* One change to a department, assignment, task, project, milestone or
 * update. action is a stable word (dept_put, assign, task_add, task_edit,
 * milestone, update_add, update_approve, update_return, user_dept). */
typedef struct pm_work_entry {
    long id;
    char *at, *who, *action;
    char *kind;   /* "dept", "indicator", "task", "user" */
    char *code;
    char *detail; /* Chinese, may be NULL */
} pm_work_entry;

/* Frees n entries and the malloc'd array (NULL is fine). */
void pm_work_log_free(pm_work_entry *e, size_t n);

#endif
