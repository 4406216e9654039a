/* Synthetic figures (示例数据) for demos and benchmarks: given a plan, a
 * tree and, for each indicator, the course its root (district) value
 * should take, fills the reporting units' own figures so that the
 * formulas, aggregated up the tree, give that course at the root, with
 * deterministic unit-to-unit variety below it. Pure and reproducible
 * (a fixed-seed generator; no I/O).
 *
 * Formula shapes it understands (others are left without figures):
 *   #{e}, #{e} / k                        a total spread over the reporting units
 *   #{a} / #{b} * k, #{a} / #{b}          a ratio: b generated once, a to match
 *   units_with(f, L) / units(L) * k       a coverage: the first m units at L flagged */
#ifndef PM_SYNTH_H
#define PM_SYNTH_H
#include <stdint.h>

#include "engine/aggregate.h"

typedef enum pm_course {
    PM_COURSE_NONE = 0,   /* no figures at all (暂无数据) */
    PM_COURSE_AHEAD,      /* reaches the target early */
    PM_COURSE_ON_TRACK,   /* slightly ahead of the straight pace line */
    PM_COURSE_BEHIND,     /* three quarters of the pace */
    PM_COURSE_LAGGING,    /* a third of the pace */
    PM_COURSE_REGRESSING, /* moves away from the target */
} pm_course;

/* Fills the own figures of e (an initialised, not yet run engine) for the
 * years [year0, year1] with the root following course[i] for indicator i.
 * seed makes a different but equally reproducible data set. */
void pm_synth_fill(pm_engine *e, const pm_course *course, int year0, int year1, uint64_t seed);

#endif
