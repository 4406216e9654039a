#include "store/round_view.h"

#include <stdlib.h>
#include <string.h>

#include "base/clock.h"

int pm_store_round_view(pm_store *s, long id, time_t now, pm_round_view *v, pm_err *err)
{
    memset(v, 0, sizeof *v);
    int found = pm_store_round_get(s, id, &v->r, err);
    if (found <= 0)
        return found;
    if (!pm_store_round_cells(s, id, &v->cells, &v->ncells, err) ||
        !pm_store_round_reminders(s, id, &v->rem, &v->nrem, err)) {
        pm_round_view_free(v);
        return -1;
    }
    v->u = pm_round_judge(v->cells, v->ncells, pm_clock_from_iso(v->r.due_at), now, &v->nu, &v->sum);
    return 1;
}

void pm_round_view_free(pm_round_view *v)
{
    free(v->u);
    pm_round_cells_free(v->cells, v->ncells);
    pm_reminders_free(v->rem, v->nrem);
    pm_round_clear(&v->r);
    memset(v, 0, sizeof *v);
}
