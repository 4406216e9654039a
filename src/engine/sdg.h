/* The `sdg` progress method (DESIGN: Open SDG 2.4 / Eurostat-style
 * growth-rate ratio). Pure: no I/O, no allocation. */
#ifndef PM_SDG_H
#define PM_SDG_H

typedef enum pm_sdg_status {
    PM_SDG_NOT_AVAILABLE = 0,
    PM_SDG_TARGET_ACHIEVED,
    PM_SDG_SUBSTANTIAL,  /* substantial_progress */
    PM_SDG_MODERATE,     /* moderate_progress */
    PM_SDG_LIMITED,      /* limited_progress */
    PM_SDG_DETERIORATION,
    PM_SDG_COUNT
} pm_sdg_status;

typedef struct pm_sdg_in {
    int base_year;   /* y0 */
    double base;     /* B */
    int year;        /* t */
    double value;    /* v */
    double target;   /* T, NAN when absent */
    int target_year; /* y1 (used only with a target) */
    int direction;   /* +1 higher is better, -1 lower is better */
    double limit;    /* natural limit L, NAN when absent */
} pm_sdg_in;

typedef struct pm_sdg_out {
    double progress; /* NAN when null */
    pm_sdg_status status;
    double score;    /* NAN when null */
} pm_sdg_out;

void pm_sdg(const pm_sdg_in *in, pm_sdg_out *out);
const char *pm_sdg_status_key(pm_sdg_status s);   /* "substantial_progress" … */
const char *pm_sdg_status_label(pm_sdg_status s); /* Chinese */

#endif
