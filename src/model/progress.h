/* What the progress methods read and answer (DESIGN "Judging progress"):
 * the inputs and outputs of `pace` and `sdg` as plain data, so that the
 * parse layer can read them from an `assess` CSV and the engine can judge
 * them without either including the other. The methods themselves are in
 * engine/pace.h and engine/sdg.h. */
#ifndef PM_PROGRESS_H
#define PM_PROGRESS_H
#include <stdbool.h>
#include <stddef.h>

/* ---- pace ---- */

typedef struct pm_obs {
    int year;
    double value;
} pm_obs;

typedef enum pm_status {
    PM_ST_NO_DATA = 0, /* 暂无数据 */
    PM_ST_ACHIEVED,    /* 已完成 / 提前完成 / 保持达标 */
    PM_ST_ON_TRACK,    /* 符合预期 / 快于预期 */
    PM_ST_BEHIND,      /* 进度偏慢 */
    PM_ST_LAGGING,     /* 明显滞后 */
    PM_ST_REGRESSING,  /* 逆向变化 / 未能保持 */
    PM_ST_MISSED,      /* 未完成 */
    PM_ST_NO_TARGET,   /* 无目标值: the plan gives no target (an extension of DESIGN) */
    PM_ST_MANUAL,      /* 人工评价: a qualitative indicator, judged by a planner */
    PM_ST_COUNT
} pm_status;

/* 趋势判断: whether the projection says the target will be reached. */
typedef enum pm_outlook {
    PM_OUTLOOK_NONE = 0, /* null: achieved, missed, no data, no target */
    PM_OUTLOOK_LIKELY,   /* 预计能完成 */
    PM_OUTLOOK_AT_RISK,  /* 完成有难度 */
    PM_OUTLOOK_UNLIKELY, /* 预计难以完成 */
    PM_OUTLOOK_COUNT
} pm_outlook;

/* Natural limits of an indicator's value (DESIGN "Natural limits"): the
 * projection is clamped to [min, max]. -INFINITY / INFINITY for none. */
typedef struct pm_limits {
    double min, max;
} pm_limits;

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
    const pm_limits *limits; /* NULL: none; borrowed */
} pm_pace_in;

typedef struct pm_pace_out {
    /* (The small fields first, packed: 72 bytes, written once a judgment.) */
    pm_status status;
    bool early;         /* achieved before the target year (提前完成) */
    bool maintain;      /* the baseline already met the target (保持达标 / 未能保持) */
    bool ahead;         /* on_track with q >= cfg->ahead (快于预期) */
    bool alert;
    int base_year;      /* the effective y0 (rule 1); 0 when null */
    int year;           /* t; 0 when null */
    int projected_met;  /* 1, 0, or -1 for null */
    pm_outlook outlook;
    double base;        /* the effective B (rule 1); NAN when null */
    double value;       /* v; NAN when null */
    double gap_share;   /* g; NAN when null */
    double pace;        /* q; NAN when null */
    double projected;   /* clamped to the limits; NAN when null */
    double required;    /* required yearly change; NAN when null */
} pm_pace_out;

/* ---- sdg ---- */

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

#endif
