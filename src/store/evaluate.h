/* From the database to judged indicators: loads the plan, the org-unit
 * tree and every figure into an engine, and runs it. The store layer may
 * call the engine below it; nothing above needs to know how values are
 * laid out. */
#ifndef PM_STORE_EVALUATE_H
#define PM_STORE_EVALUATE_H
#include <stdbool.h>

#include "engine/aggregate.h"
#include "engine/checks.h"
#include "store/store.h"

typedef struct pm_evaluation {
    pm_plan plan;
    pm_tree tree;
    pm_engine engine;     /* over [plan base year, plan target year], run */
    pm_unit_target *targets;
    size_t ntargets;
    int latest_year;      /* latest year holding any figure, 0 if none */
} pm_evaluation;

/* Loads and runs everything. Figures outside the plan period are left out
 * (the plan judges nothing after its target year). Free with
 * pm_evaluation_free, also after a failure. */
bool pm_evaluate(pm_store *s, pm_evaluation *ev, pm_err *err);
void pm_evaluation_free(pm_evaluation *ev);
/* Loads every stored figure with its state into k (initialised here; free
 * with pm_known_free), indexed by the plan's element and the tree's unit
 * indexes, for checking an import against. */
bool pm_load_known(pm_store *s, const pm_plan *plan, const pm_tree *tree, pm_known *k, pm_err *err);
/* The same for the figures of years y0..y1 only (what an import of those
 * years is checked against). A first pass over the stored figures (the
 * fast scan by id) tells whether there are any in those years; when there
 * are none, as for a year's first import, nothing is listed at all. */
bool pm_load_known_years(pm_store *s, const pm_plan *plan, const pm_tree *tree, int y0, int y1, pm_known *k,
                         pm_err *err);

/* The unit's own target for indicator i (NULL if the bureau set none). */
const pm_unit_target *pm_evaluation_target(const pm_evaluation *ev, int i, int u);

#endif
