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
/* The fitted line's value at year x. */
double pm_lsq_at(const pm_lsq *line, double x);

#endif
