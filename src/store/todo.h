/* What waits for someone (待办, issue 14), counted by the store in one
 * query each (COUNT … GROUP BY over the rounds' units and items, or over
 * the submitted figures), so that a page can show it on every load
 * without reading every figure: the units of open rounds that have not
 * reported, and the figures waiting for review.
 *
 * Ownership: the arrays filled here own their strings (their *_free);
 * strings passed in are borrowed. */
#ifndef PM_STORE_TODO_H
#define PM_STORE_TODO_H
#include <stdbool.h>
#include <stddef.h>

#include "store/collect_types.h"
#include "store/store.h"

/* The units that have not reported (some item never submitted) in the
 * rounds opened by today (YYYY-MM-DD, the bureau's day), one row per
 * round and unit, by deadline, round, unit code; unit (a code, NULL or
 * "": every unit) keeps that unit's rows only. */
bool pm_store_rounds_due(pm_store *s, const char *unit, const char *today, pm_round_due **out, size_t *n,
                         pm_err *err);
void pm_round_dues_free(pm_round_due *d, size_t n);

/* The submitted figures (state 1) per unit and review level, by unit
 * code. */
bool pm_store_review_waiting(pm_store *s, pm_waiting **out, size_t *n, pm_err *err);
void pm_waitings_free(pm_waiting *w, size_t n);

#endif
