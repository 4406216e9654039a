/* A run evaluation: the plan, the org-unit tree, every figure aggregated
 * and every indicator computed, and the units' own targets. The store
 * fills one from the database (store/evaluate.h); the renderers and front
 * doors read it as plain data. */
#ifndef PM_EVALUATION_H
#define PM_EVALUATION_H
#include <stddef.h>

#include "engine/aggregate.h"
#include "model/judgment.h"
#include "model/orgunit.h"
#include "model/plan.h"
#include "model/task.h"
#include "model/target.h"

typedef struct pm_evaluation {
    pm_plan plan;
    pm_tree tree;
    pm_engine engine;     /* over [plan base year, plan target year], run */
    pm_unit_target *targets;
    size_t ntargets;
    int latest_year;      /* latest year holding any figure, 0 if none */
    pm_judgment *judgments; /* of qualitative indicators, oldest first (pm_judgment_find) */
    size_t njudgments;
    /* Who answers for each indicator (分解落实, model/task.h): the
     * assignments of kind indicator, parties named, in plan order; an
     * indicator may have none. The status document, the pages and the
     * alerts name the lead from here. */
    pm_assignment *duties;
    size_t nduties;
    /* duty_at[i]: the index in duties of indicator i's assignment, -1 for
     * none; one lookup per indicator, built by the store with duties (a
     * page asks for every indicator's). NULL: pm_evaluation_duty searches
     * duties (an evaluation put together by hand). */
    int *duty_at;
} pm_evaluation;

/* Frees what ev holds and clears it; safe on a zeroed or half-filled one. */
void pm_evaluation_free(pm_evaluation *ev);

/* The unit's own target for indicator i (NULL if the bureau set none). */
const pm_unit_target *pm_evaluation_target(const pm_evaluation *ev, int i, int u);
/* The assignment of indicator i, or NULL when the 分解落实表 names none.
 * Borrowed from ev. */
const pm_assignment *pm_evaluation_duty(const pm_evaluation *ev, int i);

#endif
