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

/* A unit's own target as indexes into the evaluation: unit u, indicator
 * i, and k its place in targets. */
typedef struct pm_target_at {
    int u, i, k;
} pm_target_at;

typedef struct pm_evaluation {
    pm_plan plan;
    pm_tree tree;
    pm_engine engine;     /* over [plan base year, plan target year], run */
    pm_unit_target *targets;
    size_t ntargets;
    /* The targets whose unit and indicator the evaluation holds, sorted by
     * (u, i, k): of two for one pair the first in targets comes first, as
     * a search of targets would find it; a target whose code several
     * indicators share is there for each. Built by
     * pm_evaluation_index_targets (the store does, after loading them).
     * NULL: not built (an evaluation put together by hand), and
     * pm_evaluation_target searches targets. */
    pm_target_at *target_at;
    size_t ntarget_at;
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

/* Fills target_at from targets, the plan and the tree (see there). */
void pm_evaluation_index_targets(pm_evaluation *ev);
/* The unit's own target for indicator i (NULL if the bureau set none):
 * a bisection of target_at, or a search of targets without it. */
const pm_unit_target *pm_evaluation_target(const pm_evaluation *ev, int i, int u);
/* Where target_at's entries of units u >= u0 begin (ntarget_at when there
 * are none; 0 without target_at). */
size_t pm_evaluation_targets_from(const pm_evaluation *ev, int u0);
/* The assignment of indicator i, or NULL when the 分解落实表 names none.
 * Borrowed from ev. */
const pm_assignment *pm_evaluation_duty(const pm_evaluation *ev, int i);

#endif
