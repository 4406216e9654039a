/* A collection round read and judged: the round, its cells, its
 * reminders and each unit's state (engine/round.h), as `planmon round
 * status`, the rounds pages and the API all show it.
 *
 * Ownership: a view owns everything in it (pm_round_view_free); the
 * units' strings are borrowed from its cells. */
#ifndef PM_STORE_ROUND_VIEW_H
#define PM_STORE_ROUND_VIEW_H
#include <stddef.h>
#include <time.h>

#include "engine/round.h"
#include "store/rounds.h"

typedef struct pm_round_view {
    pm_round r;
    pm_round_cell *cells;
    size_t ncells;
    pm_round_unit *u; /* one per reporting unit, judged at `now` */
    size_t nu;
    pm_round_summary sum;
    pm_reminder *rem;
    size_t nrem;
} pm_round_view;

/* Reads round id and judges it at now: 1 done, 0 no such round, -1 store
 * failure (err set). Only on 1 is there anything to free. */
int pm_store_round_view(pm_store *s, long id, time_t now, pm_round_view *v, pm_err *err);
void pm_round_view_free(pm_round_view *v);

#endif
