/* An import from rows already read to figures stored: checked against the
 * plan, the tree and what is stored (engine/checks.h), then written whole
 * or not at all. Shared by the CLI and the web upload so that both check
 * and word things the same way. */
#ifndef PM_STORE_IMPORT_H
#define PM_STORE_IMPORT_H
#include <stdbool.h>

#include "engine/checks.h"
#include "parse/import_file.h"
#include "store/store.h"

typedef struct pm_import_opts {
    bool dry_run;    /* check only */
    const char *who; /* for the history */
    const char *why; /* e.g. "导入 黄村镇2024.xlsx" */
    int only_unit;   /* -1: any; else rows must be in this unit index's subtree (web reporters) */
    /* Optional (NULL: none): called as figures are written, with how many
     * of the rows that passed the checks are done, for a progress bar. */
    void (*progress)(void *ctx, size_t done, size_t total);
    void *progress_ctx;
} pm_import_opts;

typedef struct pm_import_outcome {
    pm_check_result checks; /* issues by row (free with pm_import_outcome_free) */
    size_t written;         /* figures written (0 on a dry run or when refused) */
    size_t unchanged;       /* rows that matched what is stored */
    bool refused;           /* errors: nothing written */
    size_t outside;         /* rows of units outside only_unit's subtree (refused, checked no further) */
} pm_import_outcome;

/* Runs the import. False (with err) only when the store fails; a file
 * with errors returns true with outcome->refused set. */
bool pm_import_run(pm_store *s, const pm_import_input *in, const pm_import_opts *o, pm_import_outcome *out,
                   pm_err *err);
void pm_import_outcome_free(pm_import_outcome *out);

#endif
