/* The least-squares line of DESIGN "Judging progress" rule 5: through the
 * base point and every observation after it. The engine's projection
 * (pace.c) and the charts (render/chart/svg.c) both draw it from here, so
 * the number in a report and the dashed line on its chart cannot differ.
 * Pure: no I/O, no allocation. */
#ifndef PM_LSQ_H
#define PM_LSQ_H
#include <stdbool.h>
#include <stddef.h>

#include "model/progress.h"

/* A fitted line: value = my + slope · (year − origin − mx). Years are
 * measured from origin (the first point's year) so that the sums stay
 * small and the slope exact for series around 2020. */
typedef struct pm_lsq {
    int origin;
    double mx, my; /* means of (year − origin) and of value */
    double slope;  /* change per year */
} pm_lsq;

/* Fits the line through base (may be NULL) and every observation of
 * obs[0..n) with a finite value — after base->year when base is given
 * (at the base year the base itself counts, once; a base whose value is
 * not finite is no point, but still only observations after its year
 * count). Observations may come in any order. False, and *line
 * untouched, with fewer than two points or when every point has the same
 * year. */
bool pm_lsq_fit(const pm_obs *base, const pm_obs *obs, size_t n, pm_lsq *line);
/* Two doubles handled lane by lane (the GCC/Clang vector extension, SSE2
 * on x86-64): each lane does exactly the scalar operations, so the same
 * bits, in half the instructions. Lane 0 is x = year − origin, lane 1 the
 * value. */
typedef double pm_lsq_pair __attribute__((vector_size(16)));

/* One point's terms of the second pass (centred sums): acc = {sxx, sxy}
 * += {dx·dx, dx·(value − my)} with {dx, value − my} = xv − mean and mean
 * = {mx, my}. Shared with pm_lsq_fit so that both do the same operations
 * in the same order. */
static inline void pm_lsq_centred_add(pm_lsq_pair *acc, pm_lsq_pair xv, pm_lsq_pair mean)
{
    pm_lsq_pair d = xv - mean;
    pm_lsq_pair dx = {d[0], d[0]};
    *acc += dx * d;
}

/* What pm_lsq_fit gives for a finite base point (origin, base_value) and
 * n >= 1 observations after it with finite values, xv[k] = {year −
 * origin, value}, when sum holds the first pass's sums over all of them,
 * {sx, sy}, added in pm_lsq_fit's order (the base first, x = 0), and m =
 * {n + 1, n + 1} counts them (a pair of doubles the caller counts up: exact,
 * and no conversion a judgment): only the second pass is left to do. pace.c's
 * pm_pace_years carries sum from one prefix of a series to the next; x is
 * exact for integer years and sy gets the same additions in the same
 * order, so the same bits. Inline: it is called once a judgment. */
static inline void pm_lsq_fit_sums(pm_lsq_pair sum, pm_lsq_pair m, int origin, double base_value,
                                   const pm_lsq_pair *xv, size_t n, pm_lsq *line)
{
    pm_lsq_pair mean = sum / m;
    double mx = mean[0], my = mean[1];
    pm_lsq_pair acc = {mx * mx, (0.0 - mx) * (base_value - my)};
    for (size_t i = 0; i < n; i++)
        pm_lsq_centred_add(&acc, xv[i], mean);
    *line = (pm_lsq){.origin = origin, .mx = mx, .my = my, .slope = acc[1] / acc[0]};
}

/* The fitted line's value at year x. */
static inline double pm_lsq_at(const pm_lsq *line, double x)
{
    return line->my + line->slope * (x - line->origin - line->mx);
}

#endif
