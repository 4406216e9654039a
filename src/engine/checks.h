/* Checks on figures coming in (DESIGN "data value"; the collection issue's
 * list): every row resolved against the plan and the org-unit tree, every
 * value against its element's kind, duplicates, locked figures, and
 * outliers against last year's value and the unit's peers in the same file. Errors refuse
 * the import; warnings ask for a comment. Pure: no I/O; messages are
 * Simplified Chinese. */
#ifndef PM_CHECKS_H
#define PM_CHECKS_H
#include <stdbool.h>
#include <stddef.h>

#include "engine/known.h"
#include "model/orgunit.h"
#include "model/plan.h"
#include "model/import_row.h"


typedef enum pm_issue_col {
    PM_COL_NONE = 0,
    PM_COL_UNIT,
    PM_COL_YEAR,
    PM_COL_ITEM,
    PM_COL_VALUE,
    PM_COL_COMMENT,
    PM_COL_KIND, /* 实际/预计 */
} pm_issue_col;

typedef struct pm_issue {
    bool error;       /* false: a warning (needs a comment), or a note */
    bool note;        /* a note only (e.g. "—" read as nothing): counted in neither errors nor warnings */
    bool answered;    /* a warning whose row has a comment */
    size_t row;       /* index into the rows checked */
    pm_issue_col col;
    char msg[320];
} pm_issue;

/* A row that passed: what to write. One for every row of a file, so its
 * fields are ordered to leave no holes: 32 bytes, not 40 (80 MB of the
 * peak memory of a 10-million-row import). */
typedef struct pm_checked_row {
    double value;
    int elem, unit, year;
    bool estimate; /* 预计值 */
    size_t row;    /* index into the rows checked */
} pm_checked_row;

typedef struct pm_check_result {
    pm_issue *issues;
    size_t nissues, cap_issues;
    size_t errors, warnings, unanswered; /* unanswered: warnings without a comment */
    size_t notes;                        /* rows skipped with a note (a dash for "none") */
    pm_checked_row *ok;                  /* rows without errors, in input order */
    size_t nok;
} pm_check_result;

typedef struct pm_check_opts {
    double jump;       /* warn when a value is more than `jump` times last year's, or less than 1/jump (2) */
    double peer_ratio; /* warn when more than peer_ratio times the median of peers, or less than 1/… (5) */
    size_t min_peers;  /* peers needed for that comparison (5) */
    size_t max_issues; /* stop listing after this many (the counts go on) */
} pm_check_opts;

extern const pm_check_opts PM_CHECK_DEFAULT;

/* Checks rows against plan, tree and what is stored. Fills *res (free with
 * pm_check_result_free). An item is an element code, or an indicator's
 * 序号 or code when that indicator is entered directly. */
void pm_check_rows(const pm_plan *plan, const pm_tree *tree, const pm_known *known, const pm_import_row *rows,
                   size_t n, const pm_check_opts *opts, pm_check_result *res);
void pm_check_result_free(pm_check_result *res);

#endif
