/* Whether a final evaluation (总结评估: the target year) can be made
 * (DESIGN "Estimates"): every indicator it judges needs a figure of the
 * target year itself, actual or estimate. A stock carried forward from an
 * earlier year is not one: judging a 2023 figure as the 2025 result is
 * the mistake this check refuses. Pure. */
#ifndef PM_FINAL_CHECK_H
#define PM_FINAL_CHECK_H
#include <stddef.h>

#include "engine/aggregate.h"

/* The indicators of e (run) lacking a figure of `year` at unit u: each
 * element its formula reads must have one in u's subtree, as given by
 * reported[el] (nonzero: element el has a figure of that year there;
 * store/evaluate.h's pm_year_reported fills it). Indicators that are
 * qualitative, not applicable at u, or have no figure in any year (暂无数据:
 * nothing would be judged wrongly) are not listed. Writes their indexes,
 * in plan order, to out (room for e->nind) and returns how many. */
size_t pm_final_gaps(const pm_engine *e, int u, int year, const unsigned char *reported, int *out);

#endif
