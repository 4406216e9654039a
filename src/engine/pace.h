/* The `pace` progress method (DESIGN "Judging progress", the
 * 时间过半、任务过半 rule). Pure: no I/O, no allocation. */
#ifndef PM_PACE_H
#define PM_PACE_H
#include <stdbool.h>
#include <stddef.h>

typedef struct pm_obs {
    int year;
    double value;
} pm_obs;

typedef enum pm_status {
    PM_ST_NO_DATA = 0, /* 暂无数据 */
    PM_ST_ACHIEVED,    /* 已完成 / 提前完成 */
    PM_ST_ON_TRACK,    /* 符合预期 */
    PM_ST_BEHIND,      /* 进度偏慢 */
    PM_ST_LAGGING,     /* 明显滞后 */
    PM_ST_REGRESSING,  /* 逆向变化 */
    PM_ST_MISSED,      /* 未完成 */
    PM_ST_NO_TARGET,   /* 无目标值: the plan gives no target (an extension of DESIGN) */
    PM_ST_COUNT
} pm_status;

typedef struct pm_pace_cfg {
    double on_track; /* q >= on_track: on_track (DESIGN: 0.95) */
    double behind;   /* behind <= q < on_track: behind (DESIGN: 0.60) */
} pm_pace_cfg;

extern const pm_pace_cfg PM_PACE_DEFAULT;

typedef struct pm_pace_in {
    int base_year;    /* y0 */
    double base;      /* B, NAN when absent */
    int target_year;  /* y1 */
    double target;    /* T, NAN when absent (status no_target) */
    int polarity;     /* +1 or -1; use pm_polarity_derive() when the plan does not say */
    bool cumulative;
    bool binding;     /* only for the alert */
    const pm_obs *obs; /* observations in any order, years distinct; borrowed */
    size_t nobs;
} pm_pace_in;

typedef struct pm_pace_out {
    pm_status status;
    bool early;         /* achieved before the target year (提前完成) */
    int year;           /* t; 0 when null */
    double value;       /* v; NAN when null */
    double gap_share;   /* g; NAN when null */
    double pace;        /* q; NAN when null */
    double projected;   /* NAN when null */
    int projected_met;  /* 1, 0, or -1 for null */
    double required;    /* required yearly change; NAN when null */
    bool alert;
} pm_pace_out;

void pm_pace(const pm_pace_in *in, const pm_pace_cfg *cfg, pm_pace_out *out);

/* "on_track" etc. */
const char *pm_status_key(pm_status s);
/* "符合预期" etc.; achieved reads 提前完成 when early. */
const char *pm_status_label(pm_status s, bool early);
/* Parses a key back; false if unknown. */
bool pm_status_parse(const char *key, pm_status *s);

#endif
