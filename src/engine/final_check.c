#include "engine/final_check.h"

#include <math.h>

/* Whether indicator i has any value at u up to year (else it reads 暂无数据). */
static bool observed(const pm_engine *e, int i, int u, int year)
{
    for (int y = e->year0; y <= year; y++)
        if (!isnan(pm_engine_value(e, i, u, y)))
            return true;
    return false;
}

/* Whether every element indicator i reads has a figure of the year. */
static bool all_reported(const pm_engine *e, int i, const unsigned char *reported)
{
    const pm_formula *f = &e->f[i];
    for (size_t k = 0; k < f->n; k++) {
        const pm_fnode *n = &f->node[k];
        if ((n->op == PM_F_ELEM || n->op == PM_F_UNITS_WITH) && n->elem >= 0 && (size_t)n->elem < e->nelem &&
            !reported[n->elem])
            return false;
    }
    return true;
}

size_t pm_final_gaps(const pm_engine *e, int u, int year, const unsigned char *reported, int *out)
{
    size_t n = 0;
    for (size_t i = 0; i < e->nind; i++) {
        const pm_indicator *ind = &e->plan->ind[i];
        if (ind->qualitative || !pm_engine_applicable(e, (int)i, u) || !observed(e, (int)i, u, year))
            continue;
        if (!all_reported(e, (int)i, reported))
            out[n++] = (int)i;
    }
    return n;
}
