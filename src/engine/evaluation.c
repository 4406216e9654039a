#include "engine/evaluation.h"

#include <stdlib.h>
#include <string.h>

#include "base/mem.h"
#include "base/strmap.h"

void pm_evaluation_free(pm_evaluation *ev)
{
    if (ev->engine.f)
        pm_engine_free(&ev->engine);
    pm_plan_free(&ev->plan);
    pm_tree_free(&ev->tree);
    pm_unit_targets_free(ev->targets, ev->ntargets);
    pm_judgments_free(ev->judgments, ev->njudgments);
    pm_assignments_free(ev->duties, ev->nduties);
    free(ev->duty_at);
    free(ev->target_at);
    memset(ev, 0, sizeof *ev);
}

static int by_unit(const void *a, const void *b)
{
    const pm_target_at *x = a, *y = b;
    if (x->u != y->u)
        return x->u < y->u ? -1 : 1;
    if (x->i != y->i)
        return x->i < y->i ? -1 : 1;
    return (x->k > y->k) - (x->k < y->k);
}

void pm_evaluation_index_targets(pm_evaluation *ev)
{
    free(ev->target_at);
    ev->target_at = xnmalloc(ev->ntargets + 1, sizeof *ev->target_at);
    ev->ntarget_at = 0;
    if (!ev->ntargets)
        return;
    strmap units, inds;
    strmap_init(&units, ev->tree.n);
    for (size_t u = 0; u < ev->tree.n; u++)
        strmap_put(&units, ev->tree.u[u].code, (int)u);
    /* inds: a code to its first indicator; same[i]: the next indicator
     * with i's code, -1 for none. */
    strmap_init(&inds, ev->plan.nind);
    int *same = xnmalloc(ev->plan.nind + 1, sizeof *same);
    for (size_t i = 0; i < ev->plan.nind; i++) {
        same[i] = -1;
        if (!strmap_put(&inds, ev->plan.ind[i].code, (int)i)) {
            int j = strmap_get(&inds, ev->plan.ind[i].code);
            while (same[j] >= 0)
                j = same[j];
            same[j] = (int)i;
        }
    }
    size_t cap = ev->ntargets + 1;
    for (size_t k = 0; k < ev->ntargets; k++) {
        int u = strmap_get(&units, ev->targets[k].unit);
        for (int i = u < 0 ? -1 : strmap_get(&inds, ev->targets[k].indicator); i >= 0; i = same[i]) {
            ev->target_at = xgrow(ev->target_at, &cap, ev->ntarget_at + 1, sizeof *ev->target_at);
            ev->target_at[ev->ntarget_at++] = (pm_target_at){u, i, (int)k};
        }
    }
    free(same);
    strmap_free(&units);
    strmap_free(&inds);
    qsort(ev->target_at, ev->ntarget_at, sizeof *ev->target_at, by_unit);
}

size_t pm_evaluation_targets_from(const pm_evaluation *ev, int u0)
{
    size_t lo = 0, hi = ev->target_at ? ev->ntarget_at : 0;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (ev->target_at[mid].u < u0)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

const pm_unit_target *pm_evaluation_target(const pm_evaluation *ev, int i, int u)
{
    if (ev->target_at) {
        for (size_t x = pm_evaluation_targets_from(ev, u); x < ev->ntarget_at && ev->target_at[x].u == u; x++)
            if (ev->target_at[x].i == i)
                return &ev->targets[ev->target_at[x].k];
        return NULL;
    }
    const char *code = ev->plan.ind[i].code, *unit = ev->tree.u[u].code;
    for (size_t k = 0; k < ev->ntargets; k++)
        if (!strcmp(ev->targets[k].indicator, code) && !strcmp(ev->targets[k].unit, unit))
            return &ev->targets[k];
    return NULL;
}

const pm_assignment *pm_evaluation_duty(const pm_evaluation *ev, int i)
{
    if (ev->duty_at)
        return ev->duty_at[i] >= 0 ? &ev->duties[ev->duty_at[i]] : NULL;
    const char *code = ev->plan.ind[i].code;
    for (size_t k = 0; k < ev->nduties; k++)
        if (ev->duties[k].item && !strcmp(ev->duties[k].item, code))
            return &ev->duties[k];
    return NULL;
}
