/* The plans of a set as a backend lists them, and finding one by what a
 * user types (--plan): its code, its title, or a period name (十四五) that
 * one plan alone has. Internal to src/store/. */
#ifndef PM_PLAN_KEY_H
#define PM_PLAN_KEY_H
#include <stddef.h>

#include "base/err.h"
#include "model/plan.h"

/* A plan row as listed, with its store id. */
typedef struct pm_plan_row {
    pm_plan_info info;
    long id;
} pm_plan_row;

/* Frees the rows and the strings of their info. */
void pm_plan_rows_free(pm_plan_row *r, size_t n);
/* The id of the plan key names among rows, or 0 with err naming the plans. */
long pm_plan_key_find(const pm_plan_row *r, size_t n, const char *key, pm_err *err);

/* Whether a plan has code in a backend: 1 yes, 0 no, -1 error (err set). */
typedef int (*pm_plan_code_taken_fn)(void *backend, const char *code, pm_err *err);
/* A code for a new plan p: the one asked for (refused when taken), else the
 * period's code with -2, -3 … until free. Malloc'd; NULL with err set. */
char *pm_plan_new_code(void *backend, pm_plan_code_taken_fn taken, const pm_plan *p, const char *asked,
                       pm_err *err);

#endif
