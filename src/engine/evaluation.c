#include "engine/evaluation.h"

#include <stdlib.h>
#include <string.h>

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
    memset(ev, 0, sizeof *ev);
}

const pm_unit_target *pm_evaluation_target(const pm_evaluation *ev, int i, int u)
{
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
