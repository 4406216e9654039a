/* Evaluates a compiled formula for every unit of a tree at once (one year):
 * vectors in, vector out. Pure. */
#ifndef PM_FORMULA_EVAL_H
#define PM_FORMULA_EVAL_H
#include <stddef.h>

#include "model/formula.h"

/* Where leaves get their numbers: for one year, every array has nunits
 * entries (NaN = no value). */
typedef struct pm_leaves {
    /* elem_sub[e]: element e aggregated over each unit's subtree */
    const double *const *elem_sub;
    /* units_at(ctx, level, group): number of units at that level in each
     * subtree that existed in the year, of the named group ("" any) */
    const double *(*units_at)(void *ctx, int level, const char *group);
    /* units_with(ctx, elem, level, group): of those, units whose elem_sub value is > 0
     * (NaN where none of them has a value) */
    const double *(*units_with)(void *ctx, int elem, int level, const char *group);
    void *ctx;
} pm_leaves;

/* Units evaluated together: a block's scratch rows stay in the cache. */
#define PM_FORMULA_BLOCK 512

/* Writes the formula's value for each of nunits units into out[nunits].
 * scratch must hold f->n * PM_FORMULA_BLOCK doubles (f->n * nunits is
 * enough when nunits is smaller); the caller owns both. The leaf callbacks
 * are called once per node and block, so they should hand back a vector
 * they keep rather than compute it each time; the vectors are read where
 * they are, so each must stay as it was handed back until the call
 * returns (a later call may not reuse it for other numbers). out must not
 * be one of them. */
void pm_formula_eval(const pm_formula *f, const pm_leaves *leaves, size_t nunits, double *out,
                     double *scratch);

#endif
