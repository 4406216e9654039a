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
 * (at the base year the base itself counts, once). Observations may come
 * in any order. False, and *line untouched, with fewer than two points or
 * when every point has the same year. */
bool pm_lsq_fit(const pm_obs *base, const pm_obs *obs, size_t n, pm_lsq *line);
/* The first pass's sums over the base point and the observations after
 * it, carried from one prefix of a sorted series to the next (pace.c's
 * pm_pace_years): the count, the sum of x = year − origin, exact for
 * integer years, and the sum of the values, added in the order
 * pm_lsq_fit adds them, so the same bits. */
typedef struct pm_lsq_sums {
    size_t m;
    double sx, sy;
} pm_lsq_sums;

/* One point's terms of the second pass (centred sums) at x = year −
 * origin, shared with pm_lsq_fit so that both do the same operations in
 * the same order. */
static inline void pm_lsq_centred_add(double x, double value, double mx, double my, double *sxx, double *sxy)
{
    double dx = x - mx;
    *sxx += dx * dx;
    *sxy += dx * (value - my);
}

/* What pm_lsq_fit gives for a finite base point (origin, base_value) and
 * n >= 1 observations after it with finite values, at x[k] = year −
 * origin and value v[k], when s holds the first pass's sums over all of
 * them (m = n + 1, the base counted with x = 0 and added first): only the
 * second pass is left to do. Inline: pace.c calls it once a judgment. */
static inline void pm_lsq_fit_sums(const pm_lsq_sums *s, int origin, double base_value, const double *x,
                                   const double *v, size_t n, pm_lsq *line)
{
    double mx = s->sx / (double)s->m, my = s->sy / (double)s->m;
    double sxx = mx * mx, sxy = (0.0 - mx) * (base_value - my);
    for (size_t i = 0; i < n; i++)
        pm_lsq_centred_add(x[i], v[i], mx, my, &sxx, &sxy);
    *line = (pm_lsq){.origin = origin, .mx = mx, .my = my, .slope = sxy / sxx};
}

/* The fitted line's value at year x. */
static inline double pm_lsq_at(const pm_lsq *line, double x)
{
    return line->my + line->slope * (x - line->origin - line->mx);
}

#endif
