#include "store/evaluate.h"

#include <assert.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "base/idmap.h"
#include "base/mem.h"
#include "base/strmap.h"
#include "parse/formula.h"
#include "store/plans.h"
#include "store/work.h"

typedef struct load_ctx {
    pm_engine *e;
    idmap elems, units;
    int latest;
} load_ctx;

static bool on_value(void *ctx, const pm_value *v)
{
    load_ctx *c = ctx;
    int el = idmap_get(&c->elems, v->element_id), u = idmap_get(&c->units, v->unit_id);
    if (el < 0 || u < 0)
        return true;
    double *row = pm_engine_own(c->e, el, v->year);
    if (!row)
        return true;
    row[u] = v->value;
    if (v->estimate && !isnan(v->value))
        pm_engine_own_est(c->e, el, v->year)[u] = 1;
    if (v->year > c->latest && !isnan(v->value))
        c->latest = v->year;
    return true;
}

/* The engine's row for a block's values (NULL: an element or year it
 * does not hold), for the store to read them straight into. */
static double *block_row(void *ctx, long element_id, int year)
{
    load_ctx *c = ctx;
    int el = idmap_get(&c->elems, element_id);
    return el < 0 ? NULL : pm_engine_own_whole(c->e, el, year);
}

/* One packed block (pm_store_value_blocks) into the engine: the same
 * cells on_value fills, whole (a NaN in the block is a cell with no
 * figure, as the engine starts; read into the row already when block_row
 * gave it), the estimate marks only where set (the engine allocates its
 * marks on first use, as on_value leaves it). */
static bool on_block(void *ctx, long element_id, int year, const void *vals, const unsigned char *est)
{
    load_ctx *c = ctx;
    double *row = block_row(ctx, element_id, year);
    if (!row)
        return true;
    int el = idmap_get(&c->elems, element_id);
    size_t n = c->e->nunits;
    if (row != vals)
        memcpy(row, vals, n * sizeof *row);
    unsigned char *marks = NULL;
    for (size_t b = 0; b < (n + 7) / 8; b++) {
        if (!est[b])
            continue;
        if (!marks)
            marks = pm_engine_own_est(c->e, el, year);
        for (size_t u = b * 8; u < n && u < b * 8 + 8; u++)
            if (est[b] >> (u % 8) & 1)
                marks[u] = 1;
    }
    if (year > c->latest)
        for (size_t u = 0; u < n; u++)
            if (!isnan(row[u])) {
                c->latest = year;
                break;
            }
    return true;
}

/* Every figure into the engine: from the store's packed blocks where it
 * has them, else by the scan of every row. */
static bool load_values(pm_store *s, const pm_tree *tree, load_ctx *c, pm_err *err)
{
    long *units = xnmalloc(tree->n ? tree->n : 1, sizeof *units);
    for (size_t i = 0; i < tree->n; i++)
        units[i] = tree->u[i].id;
    bool used = false;
    bool ok = pm_store_value_blocks(s, units, tree->n, block_row, on_block, c, &used, err);
    free(units);
    return ok && (used || pm_store_scan_values(s, on_value, c, err));
}

/* Id maps for a plan's elements and a tree's units. */
static void build_maps(const pm_plan *plan, const pm_tree *tree, idmap *elems, idmap *units)
{
    long *ids = xnmalloc(plan->nelem + tree->n + 1, sizeof *ids);
    for (size_t i = 0; i < plan->nelem; i++)
        ids[i] = plan->elem[i].id;
    idmap_build(elems, ids, plan->nelem);
    for (size_t i = 0; i < tree->n; i++)
        ids[i] = tree->u[i].id;
    idmap_build(units, ids, tree->n);
    free(ids);
}

typedef struct known_ctx {
    pm_known *k;
    strmap elems, units;
} known_ctx;

static bool on_known(void *ctx, const pm_value_row *v)
{
    known_ctx *c = ctx;
    int el = strmap_get(&c->elems, v->element), u = strmap_get(&c->units, v->unit);
    if (el >= 0 && u >= 0) {
        pm_known_add(c->k, el, u, v->year, v->value, (int)v->state, v->comment);
        if (v->estimate)
            pm_known_set_estimate(c->k, (long)c->k->n - 1);
    }
    return true;
}

bool pm_load_known_years(pm_store *s, const pm_plan *plan, const pm_tree *tree, int y0, int y1, pm_known *k,
                         pm_err *err)
{
    /* By code through the listing, not by id through the scan: checks
     * need the stored comments too, and this is not the hot path of an
     * evaluation. Only those years' figures leave the store: an import
     * into a database of 144 M figures asks for two years of them. */
    known_ctx kc = {.k = k};
    pm_known_init(k, 1024);
    strmap_init(&kc.elems, plan->nelem);
    for (size_t i = 0; i < plan->nelem; i++)
        strmap_put(&kc.elems, plan->elem[i].code, (int)i);
    strmap_init(&kc.units, tree->n);
    for (size_t i = 0; i < tree->n; i++)
        strmap_put(&kc.units, tree->u[i].code, (int)i);
    assert(y0 <= 0 || y1 >= y0);
    pm_filter f = {.year = y0 > 0 ? y0 : 0, .year_last = y0 > 0 ? y1 : 0};
    bool ok = pm_store_list_values(s, &f, on_known, &kc, err);
    strmap_free(&kc.elems);
    strmap_free(&kc.units);
    return ok;
}

bool pm_load_known(pm_store *s, const pm_plan *plan, const pm_tree *tree, pm_known *k, pm_err *err)
{
    return pm_load_known_years(s, plan, tree, 0, 0, k, err);
}

/* Fills ev->duty_at (engine/evaluation.h) from the plan's indicators and
 * ev->duties: the first assignment of a code wins, as the search's would. */
static void index_duties(pm_evaluation *ev)
{
    ev->duty_at = xcalloc(ev->plan.nind ? ev->plan.nind : 1, sizeof *ev->duty_at);
    strmap m;
    strmap_init(&m, ev->nduties);
    for (size_t k = 0; k < ev->nduties; k++)
        if (ev->duties[k].item)
            strmap_put(&m, ev->duties[k].item, (int)k);
    for (size_t i = 0; i < ev->plan.nind; i++)
        ev->duty_at[i] = ev->plan.ind[i].code ? strmap_get(&m, ev->plan.ind[i].code) : -1;
    strmap_free(&m);
}

/* Loads the plan in use, the tree, the targets and the judgments by hand,
 * and runs the engine over every figure. */
static bool evaluate_plan(pm_store *s, pm_evaluation *ev, pm_err *err)
{
    memset(ev, 0, sizeof *ev);
    if (!pm_store_get_plan(s, &ev->plan, err) || !pm_store_get_units(s, &ev->tree, err) ||
        !pm_store_get_targets(s, &ev->targets, &ev->ntargets, err) ||
        !pm_store_judgments(s, NULL, &ev->judgments, &ev->njudgments, err) ||
        !pm_store_assignments(s, PM_ITEM_INDICATOR, &ev->duties, &ev->nduties, err))
        return false;
    index_duties(ev);
    pm_evaluation_index_targets(ev);
    pm_formula *f;
    if (!pm_plan_formulas(&ev->plan, &f, err) ||
        !pm_engine_init(&ev->engine, &ev->plan, &ev->tree, f, ev->plan.base_year, ev->plan.target_year, err))
        return false;
    load_ctx c = {.e = &ev->engine};
    build_maps(&ev->plan, &ev->tree, &c.elems, &c.units);
    bool ok = load_values(s, &ev->tree, &c, err);
    idmap_free(&c.elems);
    idmap_free(&c.units);
    if (!ok)
        return false;
    ev->latest_year = c.latest;
    pm_engine_run(&ev->engine);
    return true;
}

typedef struct reported_ctx {
    strmap elems; /* code → plan index */
    unsigned char *reported;
} reported_ctx;

static bool on_reported(void *p, const pm_value_row *r)
{
    reported_ctx *c = p;
    int el = strmap_get(&c->elems, r->element);
    if (el >= 0 && !isnan(r->value))
        c->reported[el] = 1;
    return true;
}

bool pm_year_reported(pm_store *s, const pm_plan *plan, const pm_tree *tree, int u, int year,
                      unsigned char *reported, pm_err *err)
{
    memset(reported, 0, plan->nelem);
    if (u < 0 || (size_t)u >= tree->n)
        return true;
    reported_ctx c = {.reported = reported};
    strmap_init(&c.elems, plan->nelem);
    for (size_t i = 0; i < plan->nelem; i++)
        strmap_put(&c.elems, plan->elem[i].code, (int)i);
    pm_filter f = {.unit = tree->u[u].code, .year = year};
    bool ok = pm_store_list_values(s, &f, on_reported, &c, err);
    strmap_free(&c.elems);
    return ok;
}

/* The final figure (at the district, in its target year) of indicator
 * code of the earlier plan `plan` (a code), NAN when it has none. */
static bool final_figure(pm_store *s, const char *plan, const char *code, double *v, pm_err *err)
{
    *v = NAN;
    pm_evaluation old;
    bool ok = pm_store_use_plan(s, plan, err) && evaluate_plan(s, &old, err);
    const pm_indicator *ind = ok ? pm_plan_find(&old.plan, code) : NULL;
    /* Stocks carry their last figure forward in the engine: the target
     * year's value is a final figure only once that year has figures. */
    if (ind && old.tree.n && old.latest_year >= old.plan.target_year)
        *v = pm_engine_value(&old.engine, (int)(ind - old.plan.ind), 0, old.plan.target_year);
    pm_evaluation_free(&old);
    return ok;
}

/* A continuing indicator's baseline is the earlier plan's final figure
 * (DESIGN "plan set"), where that plan has one; the plan's own stays
 * otherwise. Each earlier indicator is evaluated in its own plan (its
 * formula, its elements); the store goes back to this plan after. */
static bool continue_baselines(pm_store *s, pm_evaluation *ev, pm_err *err)
{
    bool any = false, ok = true;
    for (size_t i = 0; ok && i < ev->plan.nind; i++) {
        pm_indicator *ind = &ev->plan.ind[i];
        if (!ind->cont_plan || !ind->cont_code)
            continue;
        any = true;
        double v;
        ok = final_figure(s, ind->cont_plan, ind->cont_code, &v, err);
        if (ok && !isnan(v))
            ind->baseline = v;
    }
    return !any || (pm_store_use_plan(s, ev->plan.code, err) && ok);
}

bool pm_evaluate(pm_store *s, pm_evaluation *ev, pm_err *err)
{
    if (!evaluate_plan(s, ev, err))
        return false;
    if (!continue_baselines(s, ev, err))
        return false;
    /* The engine judges from the plan it was given: the new baselines are
     * read at judging time, nothing computed so far depends on them. */
    return true;
}

typedef struct state_ctx {
    strmap units; /* code → tree index */
    pm_state_counts *per_unit;
} state_ctx;

static bool on_state(void *p, const pm_value_row *r)
{
    state_ctx *s = p;
    int idx = strmap_get(&s->units, r->unit);
    if (idx >= 0 && pm_vstate_valid(r->state))
        s->per_unit[idx].n[r->state]++;
    return true;
}

bool pm_count_states(pm_store *s, const pm_tree *tree, int u, int year, pm_state_counts *per_unit, pm_err *err)
{
    memset(per_unit, 0, tree->n * sizeof *per_unit);
    if (u < 0 || (size_t)u >= tree->n)
        return true;
    state_ctx c = {.per_unit = per_unit};
    strmap_init(&c.units, tree->n);
    for (size_t i = 0; i < tree->n; i++)
        strmap_put(&c.units, tree->u[i].code, (int)i);
    pm_filter f = {.unit = tree->u[u].code, .year = year};
    bool ok = pm_store_list_values(s, &f, on_state, &c, err);
    strmap_free(&c.units);
    return ok;
}
