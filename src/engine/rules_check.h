/* Validation rules (model/rule.h) over an import's figures: for every
 * figure of the batch that one of the plan's rules names, the other side
 * of the rule in the same unit and year — from the batch when it is
 * there, else as stored — and an issue on the batch's row when the
 * relation fails. Part of pm_check_rows (checks.c), so every write path
 * (CLI import, web form, upload, API) passes it. Pure. */
#ifndef PM_RULES_CHECK_H
#define PM_RULES_CHECK_H
#include <stdbool.h>
#include <stddef.h>

#include "engine/known.h"
#include "model/import_row.h"
#include "model/plan.h"

/* What pm_check_rows knows of each of the n rows: resolved unit, element
 * and year (-1, -1, 0 when not), and the value that passed the row's own
 * checks (NaN when the row failed one, or was skipped). */
typedef struct pm_rows_resolved {
    const int *unit, *elem, *year;
    const double *value;
    size_t n;
} pm_rows_resolved;

/* Appends an issue for every broken rule through add(ctx, error, row,
 * answered, message). */
typedef void (*pm_rule_issue_fn)(void *ctx, bool error, size_t row, bool answered, const char *msg);
void pm_check_rules(const pm_plan *plan, const pm_known *known, const pm_import_row *rows, const pm_rows_resolved *rr,
                    pm_rule_issue_fn add, void *ctx);

/* The rules broken by one unit's figures of a year as they stand (the
 * review page lists them, issue 14): value(vctx, elem) gives the figure of
 * element index elem (NaN: none; a rule with a side missing is not
 * judged). Calls add(actx, error, message) for each broken rule, the
 * message worded as an import's ("“X”（300）不应大于“Y”（215）：…"). */
typedef double (*pm_rule_value_fn)(void *vctx, int elem);
void pm_check_rules_stored(const pm_plan *plan, pm_rule_value_fn value, void *vctx,
                           void (*add)(void *actx, bool error, const char *msg), void *actx);

#endif
