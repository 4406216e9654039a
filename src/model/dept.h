/* Departments (责任单位, DESIGN "The rest of a plan's evaluation"): the
 * responsible bodies that are not places — a section of the bureau (科室)
 * or another agency (委办局). They sit beside the geographic org tree;
 * tasks, projects and indicators are assigned to them (model/task.h), and
 * a user may belong to one. Plain data. */
#ifndef PM_DEPT_H
#define PM_DEPT_H
#include <stdbool.h>
#include <stddef.h>

/* The stored words are the keys (sqlite_schema.c): never rename. */
typedef enum pm_dept_kind {
    PM_DEPT_SECTION = 0, /* 科室: a section of the bureau */
    PM_DEPT_AGENCY,      /* 委办局: another agency of the district */
    PM_DEPT_KIND_COUNT
} pm_dept_kind;

const char *pm_dept_kind_str(pm_dept_kind k);   /* "section", "agency" */
const char *pm_dept_kind_label(pm_dept_kind k); /* "科室", "委办局" */
/* Accepts the key and the Chinese label; false for anything else. */
bool pm_dept_kind_parse(const char *s, pm_dept_kind *out);

/* Longest code and name (bytes of UTF-8) a department may have. */
#define PM_DEPT_CODE_MAX 32
#define PM_DEPT_NAME_MAX 128

typedef struct pm_dept {
    char *code;    /* short stable key: "mzj-yl" */
    char *name;    /* 养老服务科 */
    pm_dept_kind kind;
    char *contact; /* 联系人及电话, "" when none; never NULL */
} pm_dept;

/* A code a department may have: 1..PM_DEPT_CODE_MAX bytes of ASCII
 * letters, digits, '-', '_' and '.' (codes go into URLs and files). */
bool pm_dept_code_valid(const char *code);

/* Frees the strings of one department and zeroes it / n of them and the
 * malloc'd array (NULL is fine). */
void pm_dept_clear(pm_dept *d);
void pm_depts_free(pm_dept *d, size_t n);

#endif
