/* From the database to judged indicators: loads the plan, the org-unit
 * tree and every figure into an engine, and runs it (the result is plain
 * data, engine/evaluation.h, that the layers above render without the
 * store). The store layer may call the engine below it; nothing above
 * needs to know how values are laid out. */
#ifndef PM_STORE_EVALUATE_H
#define PM_STORE_EVALUATE_H
#include <stdbool.h>

#include "engine/checks.h"
#include "engine/evaluation.h"
#include "store/store.h"

/* Loads and runs everything. Figures outside the plan period are left out
 * (the plan judges nothing after its target year). Free with
 * pm_evaluation_free, also after a failure. */
bool pm_evaluate(pm_store *s, pm_evaluation *ev, pm_err *err);
/* Loads every stored figure with its state into k (initialised here; free
 * with pm_known_free), indexed by the plan's element and the tree's unit
 * indexes, for checking an import against. */
bool pm_load_known(pm_store *s, const pm_plan *plan, const pm_tree *tree, pm_known *k, pm_err *err);
/* The same for the figures of years y0..y1 only (what an import of those
 * years is checked against; y0 <= 0: every year): one listing that the
 * store filters by the range, so that only those years' figures leave it. */
bool pm_load_known_years(pm_store *s, const pm_plan *plan, const pm_tree *tree, int y0, int y1, pm_known *k,
                         pm_err *err);

/* Marks in reported[0..plan->nelem) (zeroed here) the elements with a
 * figure (actual or estimate, not empty) of `year` in the subtree of
 * tree unit u: what a final evaluation needs (engine/final_check.h). */
bool pm_year_reported(pm_store *s, const pm_plan *plan, const pm_tree *tree, int u, int year,
                      unsigned char *reported, pm_err *err);

/* Counts the figures each unit of unit u's subtree holds in year, by
 * review state, into per_unit[0..tree->n) (zeroed here; indexed by tree
 * position): what the report says about figures not yet approved. */
bool pm_count_states(pm_store *s, const pm_tree *tree, int u, int year, pm_state_counts *per_unit, pm_err *err);

#endif
