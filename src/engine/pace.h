/* The `pace` progress method (DESIGN "Judging progress", the
 * 时间过半、任务过半 rule, and "What a bureau reads": labels, outlook,
 * natural limits). Pure: no I/O, no allocation. Inputs and outputs are
 * plain data in model/progress.h. */
#ifndef PM_PACE_H
#define PM_PACE_H
#include <stdbool.h>

#include "model/plan.h"
#include "model/progress.h"

/* The words a judgment is shown with (DESIGN "Labels"): one list, so that
 * pages, reports, exports and the API say the same thing and the counts
 * use the words of the table. Ordered best first, as counts are listed. */
typedef enum pm_label {
    PM_LB_EARLY = 0,  /* 提前完成 */
    PM_LB_DONE,       /* 已完成 */
    PM_LB_KEPT,       /* 保持达标 */
    PM_LB_AHEAD,      /* 快于预期 */
    PM_LB_ON_TRACK,   /* 符合预期 */
    PM_LB_BEHIND,     /* 进度偏慢 */
    PM_LB_LAGGING,    /* 明显滞后 */
    PM_LB_REGRESSING, /* 逆向变化 */
    PM_LB_NOT_KEPT,   /* 未能保持 */
    PM_LB_MISSED,     /* 未完成 */
    PM_LB_NO_TARGET,  /* 无目标值 */
    PM_LB_NO_DATA,    /* 暂无数据 */
    PM_LB_MANUAL,     /* 人工评价 */
    PM_LB_COUNT
} pm_label;

typedef struct pm_pace_cfg {
    double on_track; /* q >= on_track: on_track (DESIGN: 0.95) */
    double behind;   /* behind <= q < on_track: behind (DESIGN: 0.60) */
    double ahead;    /* on_track with q >= ahead reads 快于预期 (DESIGN: 1.2) */
} pm_pace_cfg;

/* DESIGN's thresholds: 0.95, 0.60, 1.2. */
extern const pm_pace_cfg PM_PACE_DEFAULT;

/* The thresholds this process judges by: PM_PACE_DEFAULT unless a setting
 * replaced them (serve --pace-*, the settings file's pace-* keys). Process-
 * wide like the clock's offset: set once at start, before any thread. */
const pm_pace_cfg *pm_pace_settings(void);
/* Replaces them; false (and unchanged) unless every threshold is a finite
 * number with 0 <= behind < on_track <= ahead. */
bool pm_pace_configure(const pm_pace_cfg *cfg);

/* Judges one series; cfg NULL: pm_pace_settings(). */
void pm_pace(const pm_pace_in *in, const pm_pace_cfg *cfg, pm_pace_out *out);
/* The same judgment, field for field and bit for bit, for a series whose
 * years ascend strictly and whose values are all finite (asserted): what
 * the engine gathers from its rows. It skips pm_pace's scans for the
 * earliest, the latest and the fitted observations. */
void pm_pace_sorted(const pm_pace_in *in, const pm_pace_cfg *cfg, pm_pace_out *out);
/* The longest series pm_pace_years takes (it keeps its points on the
 * stack). */
#define PM_PACE_MAX_YEARS 64
/* Judges every prefix of a series given as one value a year: vals[y] is
 * the value of year year0 + y (NaN when there is none), nyears <=
 * PM_PACE_MAX_YEARS; in->obs is not read. out[y] (nyears of them,
 * caller's) is what pm_pace gives for the observations up to year0 + y,
 * field for field and bit for bit. A ±inf value (a ratio over zero)
 * counts as none, as in pm_pace. */
void pm_pace_years(const pm_pace_in *in, const pm_pace_cfg *cfg, int year0, const double *vals, size_t nyears,
                   pm_pace_out *out);

/* What a unit is judged against for one indicator (the engine's
 * pm_engine_goalpost makes them; here so that pm_pace_years_units can
 * read an array of them). */
typedef struct pm_goalpost {
    double baseline, target; /* NaN when absent */
    pm_target_op op;
    bool judged;             /* false: a count without the unit's own target */
} pm_goalpost;

/* pm_pace_years for n series of one indicator: series k is judged as
 * pm_pace_years judges in with in->base = g[k].baseline and in->target =
 * g[k].target, its value of year year0 + y being rows[y][first + k]
 * (nyears rows), into out[k * nyears .. k * nyears + nyears), bit for
 * bit. in's other fields (base year, target year, polarity, cumulative,
 * binding, limits: read even without a target, where they do not count)
 * are made into the rules' inputs once for all n. */
void pm_pace_years_units(const pm_pace_in *in, const pm_pace_cfg *cfg, int year0, const double *const *rows,
                         size_t nyears, size_t first, size_t n, const pm_goalpost *g, pm_pace_out *out);

/* "on_track" etc. */
const char *pm_status_key(pm_status s);
/* Parses a key back; false if unknown. */
bool pm_status_parse(const char *key, pm_status *s);

/* The label of a judgment; its words: "快于预期" etc. (static strings). */
pm_label pm_pace_label(const pm_pace_out *o);
const char *pm_label_text(pm_label l);
/* The status a label belongs to (保持达标 → achieved). */
pm_status pm_label_status(pm_label l);
/* The word of a bare status, for a status without a judgment behind it
 * (achieved reads 提前完成 when early). Prefer pm_pace_label. */
const char *pm_status_label(pm_status s, bool early);

/* "likely" / "at_risk" / "unlikely", NULL for none; and the words. */
const char *pm_outlook_key(pm_outlook o);
const char *pm_outlook_label(pm_outlook o); /* "" for none */

#endif
