/* Unit tests for the `pace` progress method (src/engine/pace.c) against
 * DESIGN "Judging progress" → "Method `pace`".
 *
 * Table-driven: each row is one indicator (base, target, series) and every
 * field pm_pace() must return. Expected numbers are worked out by hand in
 * the comment above each row, never by calling the code under test.
 * Projection arithmetic uses x = year − y0, x̄, ȳ, and
 * slope = Σ(x−x̄)(y−ȳ) / Σ(x−x̄)², proj = ȳ + slope·(x(y1) − x̄).
 * NAN means "must be null"; numbers compare with relative tolerance 1e-9.
 * Each row runs as its own cmocka test, named after the row.
 * Outlook (DESIGN "What a bureau reads"): projected_met → likely; else
 * p·r ≤ 2·p·s (s the line's slope, r the required yearly change) →
 * at_risk; else unlikely; none for achieved/missed/no data/no target. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "engine/pace.h"

#define MAX_OBS 6

typedef struct pace_case {
    const char *name;
    /* input */
    int y0;
    double base;
    int y1;
    double target;
    int polarity;
    bool cumulative;
    bool binding;
    pm_obs obs[MAX_OBS];
    size_t nobs;
    const pm_limits *lim;
    const pm_pace_cfg *cfg;
    /* expected output */
    pm_status status;
    bool early;
    int year;
    double value;
    double gap;
    double pace;
    double proj;
    int pmet;
    double required;
    bool alert;
    bool maintain;
    bool ahead;
    pm_outlook outlook;
    pm_label label;
} pace_case;

static const pm_pace_cfg CUSTOM = {0.75, 0.50, 1.2};
static const pm_pace_cfg CUSTOM_AHEAD = {0.95, 0.60, 2.0};
static const pm_limits PERCENT = {0, 100};
static const pm_limits NONNEG = {0, INFINITY};

/* 2^-20 and 2^-19: exact in binary, so T − v is exact and the tolerance
 * edge (1e-9 × 1000 = 1e-6) is tested without rounding noise. */
#define TWO_M20 9.5367431640625e-07
#define TWO_M19 1.9073486328125e-06

static pace_case cases[] = {
    /* y0 2020, B 50, y1 2025, T 60, latest 2023: 61 ≥ 60 → achieved before
     * y1 → early. g = (61−50)/(60−50) = 1.1; τ = 3/5 = 0.6; q = 1.1/0.6 = 11/6.
     * Points x 0,1,3 / y 50,55,61: x̄ = 4/3, ȳ = 166/3;
     * Sxx = 0+1+9 − 3·(4/3)² = 14/3; Sxy = 0+55+183 − 3·(4/3)(166/3) = 50/3;
     * slope 25/7; proj(5) = 166/3 + (25/7)(11/3) = 1437/21 = 479/7.
     * Achieved: no required change, no alert even though binding. */
    {.name = "achieved early", .y0 = 2020, .base = 50, .y1 = 2025, .target = 60,
     .polarity = 1, .binding = true, .obs = {{2021, 55}, {2023, 61}}, .nobs = 2,
     .cfg = &PM_PACE_DEFAULT, .status = PM_ST_ACHIEVED, .early = true, .year = 2023,
     .value = 61, .gap = 1.1, .pace = 11.0 / 6.0, .proj = 479.0 / 7.0, .pmet = 1,
     .required = NAN, .alert = false, .outlook = PM_OUTLOOK_NONE, .label = PM_LB_EARLY},
    /* Reached exactly in the target year: achieved, not early.
     * g = 10/10 = 1; τ = 5/5 = 1; q = 1. Line (0,50)-(5,60) at 5: 60 → met. */
    {.name = "achieved at target year", .y0 = 2020, .base = 50, .y1 = 2025, .target = 60,
     .polarity = 1, .binding = true, .obs = {{2025, 60}}, .nobs = 1, .cfg = &PM_PACE_DEFAULT,
     .status = PM_ST_ACHIEVED, .early = false, .year = 2025, .value = 60, .gap = 1,
     .pace = 1, .proj = 60, .pmet = 1, .required = NAN, .alert = false, .outlook = PM_OUTLOOK_NONE, .label = PM_LB_DONE},
    /* Lower is better (p −1), B 30, T 20, 2024: 19.5 → −(19.5−20) = 0.5 ≥ 0.
     * g = (19.5−30)/(20−30) = 1.05; τ = 4/5 = 0.8; q = 1.05/0.8 = 1.3125.
     * Line (0,30)-(4,19.5): slope −2.625; at 5: 30 − 13.125 = 16.875;
     * −(16.875−20) = 3.125 ≥ 0 → met. */
    {.name = "achieved lower is better", .y0 = 2020, .base = 30, .y1 = 2025, .target = 20,
     .polarity = -1, .obs = {{2024, 19.5}}, .nobs = 1, .cfg = &PM_PACE_DEFAULT,
     .status = PM_ST_ACHIEVED, .early = true, .year = 2024, .value = 19.5, .gap = 1.05,
     .pace = 1.3125, .proj = 16.875, .pmet = 1, .required = NAN, .alert = false, .outlook = PM_OUTLOOK_NONE, .label = PM_LB_EARLY},
    /* T = B = 100 and reached: achieved; gap share and pace null (T = B).
     * Line (0,100)-(2,100) at 5: 100 → met. */
    {.name = "achieved target equals base", .y0 = 2020, .base = 100, .y1 = 2025,
     .target = 100, .polarity = 1, .obs = {{2022, 100}}, .nobs = 1, .cfg = &PM_PACE_DEFAULT,
     .status = PM_ST_ACHIEVED, .early = true, .year = 2022, .value = 100, .gap = NAN,
     .pace = NAN, .proj = 100, .pmet = 1, .required = NAN, .alert = false, .outlook = PM_OUTLOOK_NONE, .label = PM_LB_KEPT, .maintain = true},
    /* Unsorted: latest is 2022: 14.5. τ = 2/5 = 0.4; g = 4.5/10 = 0.45;
     * q = 0.45/0.4 = 1.125 ≥ 0.95 → on_track.
     * Points x 0,1,2 / y 10,12,14.5: x̄ = 1, ȳ = 36.5/3 = 73/6; Sxx = 2;
     * Sxy = (−1)(10) + (1)(14.5) = 4.5 (Σ(x−x̄) = 0); slope 2.25;
     * proj(5) = 73/6 + 2.25·4 = 127/6 → 21.17 ≥ 20 met.
     * required = (20−14.5)/(2025−2022) = 5.5/3 = 11/6. */
    {.name = "on track unsorted", .y0 = 2020, .base = 10, .y1 = 2025, .target = 20,
     .polarity = 1, .binding = true, .obs = {{2022, 14.5}, {2021, 12}}, .nobs = 2,
     .cfg = &PM_PACE_DEFAULT, .status = PM_ST_ON_TRACK, .year = 2022, .value = 14.5,
     .gap = 0.45, .pace = 1.125, .proj = 127.0 / 6.0, .pmet = 1, .required = 11.0 / 6.0,
     .alert = false, .outlook = PM_OUTLOOK_LIKELY, .label = PM_LB_ON_TRACK},
    /* Two points only (base and one observation): B 0, T 100, 2023: 45.
     * τ = 3/5 = 0.6; g = 0.45; q = 0.75 → behind (0.60 ≤ q < 0.95).
     * Line (0,0)-(3,45): slope 15; at 5: 75 < 100 → not met.
     * required = 55/2 = 27.5. Binding → alert. */
    {.name = "behind binding alerts", .y0 = 2020, .base = 0, .y1 = 2025, .target = 100,
     .polarity = 1, .binding = true, .obs = {{2023, 45}}, .nobs = 1, .cfg = &PM_PACE_DEFAULT,
     .status = PM_ST_BEHIND, .year = 2023, .value = 45, .gap = 0.45, .pace = 0.75,
     .proj = 75, .pmet = 0, .required = 27.5, .alert = true, .outlook = PM_OUTLOOK_AT_RISK, .label = PM_LB_BEHIND},
    /* B 100, T 200, latest 2024: 130. τ = 4/5 = 0.8; g = 30/100 = 0.3;
     * q = 0.375 → lagging. Points x 0,2,4 / y 100,110,130: x̄ = 2,
     * ȳ = 340/3; Sxx = 4+0+4 = 8; Sxy = (−2)(100) + (2)(130) = 60;
     * slope 7.5; proj(5) = 340/3 + 7.5·3 = 407.5/3 = 815/6 < 200.
     * required = 70/1. Not binding → no alert. */
    {.name = "lagging not binding", .y0 = 2020, .base = 100, .y1 = 2025, .target = 200,
     .polarity = 1, .binding = false, .obs = {{2022, 110}, {2024, 130}}, .nobs = 2,
     .cfg = &PM_PACE_DEFAULT, .status = PM_ST_LAGGING, .year = 2024, .value = 130,
     .gap = 0.3, .pace = 0.375, .proj = 815.0 / 6.0, .pmet = 0, .required = 70,
     .alert = false, .outlook = PM_OUTLOOK_UNLIKELY, .label = PM_LB_LAGGING},
    /* The same row, binding: only the alert changes. */
    {.name = "lagging binding alerts", .y0 = 2020, .base = 100, .y1 = 2025, .target = 200,
     .polarity = 1, .binding = true, .obs = {{2022, 110}, {2024, 130}}, .nobs = 2,
     .cfg = &PM_PACE_DEFAULT, .status = PM_ST_LAGGING, .year = 2024, .value = 130,
     .gap = 0.3, .pace = 0.375, .proj = 815.0 / 6.0, .pmet = 0, .required = 70,
     .alert = true, .outlook = PM_OUTLOOK_UNLIKELY, .label = PM_LB_LAGGING},
    /* Lower is better, B 30, T 20, latest 2022: 32 (worse than the base).
     * −(32−20) = −12 < 0 → not achieved. τ = 0.4; g = (32−30)/(20−30) = −0.2;
     * q = −0.5 < 0 → regressing. Points x 0,1,2 / y 30,29,32: x̄ = 1,
     * ȳ = 91/3; Sxx = 2; Sxy = −30 + 32 = 2; slope 1; proj(5) = 91/3 + 4 =
     * 103/3; −(103/3 − 20) < 0 → not met. required = (20−32)/3 = −4. */
    {.name = "regressing lower is better", .y0 = 2020, .base = 30, .y1 = 2025, .target = 20,
     .polarity = -1, .binding = true, .obs = {{2021, 29}, {2022, 32}}, .nobs = 2,
     .cfg = &PM_PACE_DEFAULT, .status = PM_ST_REGRESSING, .year = 2022, .value = 32,
     .gap = -0.2, .pace = -0.5, .proj = 103.0 / 3.0, .pmet = 0, .required = -4,
     .alert = true, .outlook = PM_OUTLOOK_UNLIKELY, .label = PM_LB_REGRESSING},
    /* T = B = 100, 2022: 98 short of it: regressing, gap share and pace null.
     * Line (0,100)-(2,98): slope −1; at 5: 95 → not met.
     * required = (100−98)/3 = 2/3. */
    {.name = "regressing target equals base", .y0 = 2020, .base = 100, .y1 = 2025,
     .target = 100, .polarity = 1, .binding = true, .obs = {{2022, 98}}, .nobs = 1,
     .cfg = &PM_PACE_DEFAULT, .status = PM_ST_REGRESSING, .year = 2022, .value = 98,
     .gap = NAN, .pace = NAN, .proj = 95, .pmet = 0, .required = 2.0 / 3.0, .alert = true, .outlook = PM_OUTLOOK_UNLIKELY, .label = PM_LB_NOT_KEPT, .maintain = true},
    /* Latest 2025: 18 < 20 at y1 → missed. g = 8/10 = 0.8; τ = 1; q = 0.8.
     * Points x 0,3,5 / y 10,15,18: x̄ = 8/3, ȳ = 43/3;
     * Sxx = 0+9+25 − 3·(8/3)² = 38/3; Sxy = 0+45+90 − 3·(8/3)(43/3) = 61/3;
     * slope 61/38; proj(5) = 43/3 + (61/38)(7/3) = (1634+427)/114 = 2061/114.
     * No required change at y1. Binding → alert. */
    {.name = "missed at target year", .y0 = 2020, .base = 10, .y1 = 2025, .target = 20,
     .polarity = 1, .binding = true, .obs = {{2023, 15}, {2025, 18}}, .nobs = 2,
     .cfg = &PM_PACE_DEFAULT, .status = PM_ST_MISSED, .year = 2025, .value = 18, .gap = 0.8,
     .pace = 0.8, .proj = 2061.0 / 114.0, .pmet = 0, .required = NAN, .alert = true, .outlook = PM_OUTLOOK_NONE, .label = PM_LB_MISSED},
    /* After y1: 2026: 16. g = 0.6; τ = 6/5 = 1.2 (not clamped); q = 0.5.
     * Line (0,10)-(6,16): slope 1; at 5: 15 → not met. Not binding. */
    {.name = "missed after target year", .y0 = 2020, .base = 10, .y1 = 2025, .target = 20,
     .polarity = 1, .obs = {{2026, 16}}, .nobs = 1, .cfg = &PM_PACE_DEFAULT,
     .status = PM_ST_MISSED, .year = 2026, .value = 16, .gap = 0.6, .pace = 0.5,
     .proj = 15, .pmet = 0, .required = NAN, .alert = false, .outlook = PM_OUTLOOK_NONE, .label = PM_LB_MISSED},
    /* No series at all: every field null, no alert even though binding. */
    {.name = "no data without observations", .y0 = 2020, .base = 10, .y1 = 2025,
     .target = 20, .polarity = 1, .binding = true, .nobs = 0, .cfg = &PM_PACE_DEFAULT,
     .status = PM_ST_NO_DATA, .year = 0, .value = NAN, .gap = NAN, .pace = NAN,
     .proj = NAN, .pmet = -1, .required = NAN, .alert = false, .outlook = PM_OUTLOOK_NONE, .label = PM_LB_NO_DATA},
    /* 2019 is before y0, 2020 is at y0 with B given: nothing after y0. */
    {.name = "no data only at or before base year", .y0 = 2020, .base = 6, .y1 = 2025,
     .target = 20, .polarity = 1, .binding = true, .obs = {{2019, 5}, {2020, 6}}, .nobs = 2,
     .cfg = &PM_PACE_DEFAULT, .status = PM_ST_NO_DATA, .year = 0, .value = NAN, .gap = NAN,
     .pace = NAN, .proj = NAN, .pmet = -1, .required = NAN, .alert = false, .outlook = PM_OUTLOOK_NONE, .label = PM_LB_NO_DATA},
    /* No baseline, not cumulative: the only observation becomes the base
     * (y0 = 2022), leaving nothing after it. */
    {.name = "no data single observation becomes base", .y0 = 2020, .base = NAN,
     .y1 = 2025, .target = 20, .polarity = 1, .obs = {{2022, 7}}, .nobs = 1,
     .cfg = &PM_PACE_DEFAULT, .status = PM_ST_NO_DATA, .year = 0, .value = NAN, .gap = NAN,
     .pace = NAN, .proj = NAN, .pmet = -1, .required = NAN, .alert = false, .outlook = PM_OUTLOOK_NONE, .label = PM_LB_NO_DATA},
    /* Rule order: no observation wins over no target. */
    {.name = "no data before no target", .y0 = 2020, .base = 10, .y1 = 2025, .target = NAN,
     .polarity = 1, .nobs = 0, .cfg = &PM_PACE_DEFAULT, .status = PM_ST_NO_DATA, .year = 0,
     .value = NAN, .gap = NAN, .pace = NAN, .proj = NAN, .pmet = -1, .required = NAN,
     .alert = false, .outlook = PM_OUTLOOK_NONE, .label = PM_LB_NO_DATA},
    /* No target: latest year and value only, no alert even though binding. */
    {.name = "no target", .y0 = 2020, .base = 10, .y1 = 2025, .target = NAN, .polarity = 1,
     .binding = true, .obs = {{2021, 11}, {2023, 13}}, .nobs = 2, .cfg = &PM_PACE_DEFAULT,
     .status = PM_ST_NO_TARGET, .year = 2023, .value = 13, .gap = NAN, .pace = NAN,
     .proj = NAN, .pmet = -1, .required = NAN, .alert = false, .outlook = PM_OUTLOOK_NONE, .label = PM_LB_NO_TARGET},
    /* Cumulative, no baseline: B = 0 at 2020, and (0,0) is a projection
     * point. T 500, latest 2022: 200. τ = 0.4; g = 200/500 = 0.4; q = 1.
     * Points x 0,1,2 / y 0,80,200: x̄ = 1, ȳ = 280/3; Sxx = 2;
     * Sxy = −0 + 200 = 200; slope 100; proj(5) = 280/3 + 400 = 1480/3 ≈ 493.3
     * < 500 → not met (without the (0,0) point the line would be
     * 80→200, slope 120, 560 at 2025, met). required = 300/3 = 100. */
    {.name = "cumulative null baseline counts zero", .y0 = 2020, .base = NAN, .y1 = 2025,
     .target = 500, .polarity = 1, .cumulative = true, .obs = {{2021, 80}, {2022, 200}},
     .nobs = 2, .cfg = &PM_PACE_DEFAULT, .status = PM_ST_ON_TRACK, .year = 2022,
     .value = 200, .gap = 0.4, .pace = 1, .proj = 1480.0 / 3.0, .pmet = 0, .required = 100,
     .alert = false, .outlook = PM_OUTLOOK_AT_RISK, .label = PM_LB_ON_TRACK},
    /* No baseline, not cumulative, unsorted: earliest 2021: 20 is the base,
     * y0 = 2021. Latest 2023: 30. τ = 2/4 = 0.5; g = 10/30 = 1/3; q = 2/3 →
     * behind. Points (counted once) x 0,1,2 / y 20,24,30: x̄ = 1, ȳ = 74/3;
     * Sxx = 2; Sxy = −20 + 30 = 10; slope 5; proj(x=4) = 74/3 + 15 = 119/3
     * < 50. required = 20/2 = 10. */
    {.name = "null baseline earliest observation is base", .y0 = 2020, .base = NAN,
     .y1 = 2025, .target = 50, .polarity = 1, .obs = {{2023, 30}, {2021, 20}, {2022, 24}},
     .nobs = 3, .cfg = &PM_PACE_DEFAULT, .status = PM_ST_BEHIND, .year = 2023, .value = 30,
     .gap = 1.0 / 3.0, .pace = 2.0 / 3.0, .proj = 119.0 / 3.0, .pmet = 0, .required = 10,
     .alert = false, .outlook = PM_OUTLOOK_AT_RISK, .label = PM_LB_BEHIND},
    /* No baseline; the earliest observation (2019: 20) predates the plan's
     * base year and still becomes the base, y0 = 2019. Latest 2022: 30.
     * τ = 3/6 = 0.5; g = 10/30; q = 2/3 → behind. Line (0,20)-(3,30):
     * slope 10/3; at x = 6: 40 < 50. required = 20/3. */
    {.name = "null baseline earliest before base year", .y0 = 2020, .base = NAN,
     .y1 = 2025, .target = 50, .polarity = 1, .obs = {{2022, 30}, {2019, 20}}, .nobs = 2,
     .cfg = &PM_PACE_DEFAULT, .status = PM_ST_BEHIND, .year = 2022, .value = 30,
     .gap = 1.0 / 3.0, .pace = 2.0 / 3.0, .proj = 40, .pmet = 0, .required = 20.0 / 3.0,
     .alert = false, .outlook = PM_OUTLOOK_AT_RISK, .label = PM_LB_BEHIND},
    /* B 10 given: 2018 and 2019 (before y0) and 2020: 999 (at y0) ignored.
     * Only 2022: 14 counts. τ = 0.4; g = 0.4; q = 1 → on_track.
     * Line (0,10)-(2,14): slope 2; at 5: 20 = T → met. required = 6/3 = 2. */
    {.name = "ignores before and at base year", .y0 = 2020, .base = 10, .y1 = 2025,
     .target = 20, .polarity = 1,
     .obs = {{2018, 100}, {2022, 14}, {2020, 999}, {2019, 0}}, .nobs = 4,
     .cfg = &PM_PACE_DEFAULT, .status = PM_ST_ON_TRACK, .year = 2022, .value = 14,
     .gap = 0.4, .pace = 1, .proj = 20, .pmet = 1, .required = 2, .alert = false, .outlook = PM_OUTLOOK_LIKELY, .label = PM_LB_ON_TRACK},
    /* Four observations, not collinear: B 0, T 100.
     * Points x 0..4 / y 0,10,30,35,70: x̄ = 2, ȳ = 145/5 = 29; Sxx = 4+1+0+1+4
     * = 10; Sxy = −2·0 − 1·10 + 0 + 1·35 + 2·70 = 165; slope 16.5;
     * proj(5) = 29 + 16.5·3 = 78.5 < 100. τ = 0.8; g = 0.7; q = 0.875 →
     * behind. required = 30/1. */
    {.name = "projection least squares several points", .y0 = 2020, .base = 0, .y1 = 2025,
     .target = 100, .polarity = 1, .obs = {{2024, 70}, {2022, 30}, {2021, 10}, {2023, 35}},
     .nobs = 4, .cfg = &PM_PACE_DEFAULT, .status = PM_ST_BEHIND, .year = 2024, .value = 70,
     .gap = 0.7, .pace = 0.875, .proj = 78.5, .pmet = 0, .required = 30, .alert = false, .outlook = PM_OUTLOOK_AT_RISK, .label = PM_LB_BEHIND},
    /* Tolerance = 1e-9 × 1000 = 1e-6. v = 1000 − 2^-20 (short by 9.54e-7 <
     * 1e-6) → achieved. g = v/1000 = 0.99999999904632568359375;
     * τ = 0.4; q = 2.5·g = 2.499999997615814208984375.
     * Line (0,0)-(2,v) at 5: 2.5·v = 2499.999997615814208984375 → met. */
    {.name = "tolerance edge achieved", .y0 = 2020, .base = 0, .y1 = 2025, .target = 1000,
     .polarity = 1, .obs = {{2022, 1000 - TWO_M20}}, .nobs = 1, .cfg = &PM_PACE_DEFAULT,
     .status = PM_ST_ACHIEVED, .early = true, .year = 2022, .value = 1000 - TWO_M20,
     .gap = 0.99999999904632568359375, .pace = 2.499999997615814208984375,
     .proj = 2499.999997615814208984375, .pmet = 1, .required = NAN, .alert = false, .outlook = PM_OUTLOOK_NONE, .label = PM_LB_EARLY},
    /* v = 1000 − 2^-19 (short by 1.91e-6 > 1e-6) → not achieved; q ≈ 2.5 →
     * on_track. g = 0.9999999980926513671875; q = 2.5·g =
     * 2.49999999523162841796875; proj = 2.5·v = 2499.99999523162841796875.
     * required = 2^-19/3 = 1.9073486328125e-6/3 = 6.357828776041667e-7. */
    {.name = "tolerance edge just outside", .y0 = 2020, .base = 0, .y1 = 2025,
     .target = 1000, .polarity = 1, .obs = {{2022, 1000 - TWO_M19}}, .nobs = 1,
     .cfg = &PM_PACE_DEFAULT, .status = PM_ST_ON_TRACK, .year = 2022,
     .value = 1000 - TWO_M19, .gap = 0.9999999980926513671875,
     .pace = 2.49999999523162841796875, .proj = 2499.99999523162841796875, .pmet = 1,
     .required = 6.357828776041667e-7, .alert = false, .outlook = PM_OUTLOOK_LIKELY, .label = PM_LB_AHEAD, .ahead = true},
    /* Threshold rows: y0 2020, y1 2024, t 2022 → τ = 2/4 = 0.5 exactly, so
     * q = 2·g is exact; B 0, T 100 → g = v/100. Line (0,0)-(2,v) at x = 4:
     * 2v. required = (100 − v)/2.
     * v 47.5: g = 0.475, q = 0.95 exactly the threshold → on_track.
     * proj 95; required 26.25. */
    {.name = "pace exactly 0.95 on track", .y0 = 2020, .base = 0, .y1 = 2024, .target = 100,
     .polarity = 1, .obs = {{2022, 47.5}}, .nobs = 1, .cfg = &PM_PACE_DEFAULT,
     .status = PM_ST_ON_TRACK, .year = 2022, .value = 47.5, .gap = 0.475, .pace = 0.95,
     .proj = 95, .pmet = 0, .required = 26.25, .alert = false, .outlook = PM_OUTLOOK_AT_RISK, .label = PM_LB_ON_TRACK},
    /* v 47.4: g 0.474, q 0.948 < 0.95 → behind. proj 94.8; required 26.3. */
    {.name = "pace just below 0.95 behind", .y0 = 2020, .base = 0, .y1 = 2024,
     .target = 100, .polarity = 1, .obs = {{2022, 47.4}}, .nobs = 1, .cfg = &PM_PACE_DEFAULT,
     .status = PM_ST_BEHIND, .year = 2022, .value = 47.4, .gap = 0.474, .pace = 0.948,
     .proj = 94.8, .pmet = 0, .required = 26.3, .alert = false, .outlook = PM_OUTLOOK_AT_RISK, .label = PM_LB_BEHIND},
    /* v 30: g 0.3, q 0.6 exactly → behind. proj 60; required 35. */
    {.name = "pace exactly 0.60 behind", .y0 = 2020, .base = 0, .y1 = 2024, .target = 100,
     .polarity = 1, .obs = {{2022, 30}}, .nobs = 1, .cfg = &PM_PACE_DEFAULT,
     .status = PM_ST_BEHIND, .year = 2022, .value = 30, .gap = 0.3, .pace = 0.6, .proj = 60,
     .pmet = 0, .required = 35, .alert = false, .outlook = PM_OUTLOOK_UNLIKELY, .label = PM_LB_BEHIND},
    /* v 29.9: g 0.299, q 0.598 < 0.60 → lagging; binding → alert.
     * proj 59.8; required 70.1/2 = 35.05. */
    {.name = "pace just below 0.60 lagging", .y0 = 2020, .base = 0, .y1 = 2024,
     .target = 100, .polarity = 1, .binding = true, .obs = {{2022, 29.9}}, .nobs = 1,
     .cfg = &PM_PACE_DEFAULT, .status = PM_ST_LAGGING, .year = 2022, .value = 29.9,
     .gap = 0.299, .pace = 0.598, .proj = 59.8, .pmet = 0, .required = 35.05, .alert = true, .outlook = PM_OUTLOOK_UNLIKELY, .label = PM_LB_LAGGING},
    /* v 0 = B: g 0, q 0 → lagging (0 ≤ q), not regressing. proj 0;
     * required 50. */
    {.name = "pace exactly 0 lagging", .y0 = 2020, .base = 0, .y1 = 2024, .target = 100,
     .polarity = 1, .obs = {{2022, 0}}, .nobs = 1, .cfg = &PM_PACE_DEFAULT,
     .status = PM_ST_LAGGING, .year = 2022, .value = 0, .gap = 0, .pace = 0, .proj = 0,
     .pmet = 0, .required = 50, .alert = false, .outlook = PM_OUTLOOK_UNLIKELY, .label = PM_LB_LAGGING},
    /* Custom thresholds {0.75, 0.50}; T 8, B 0, τ 0.5 → q = 2·v/8.
     * v 3: g 0.375, q 0.75 → on_track (default would say behind).
     * proj 2·3 = 6; required 5/2 = 2.5. */
    {.name = "custom cfg on track at 0.75", .y0 = 2020, .base = 0, .y1 = 2024, .target = 8,
     .polarity = 1, .obs = {{2022, 3}}, .nobs = 1, .cfg = &CUSTOM, .status = PM_ST_ON_TRACK,
     .year = 2022, .value = 3, .gap = 0.375, .pace = 0.75, .proj = 6, .pmet = 0,
     .required = 2.5, .alert = false, .outlook = PM_OUTLOOK_AT_RISK, .label = PM_LB_ON_TRACK},
    /* v 2: g 0.25, q 0.5 → behind (default would say lagging).
     * proj 4; required 6/2 = 3. */
    {.name = "custom cfg behind at 0.50", .y0 = 2020, .base = 0, .y1 = 2024, .target = 8,
     .polarity = 1, .obs = {{2022, 2}}, .nobs = 1, .cfg = &CUSTOM, .status = PM_ST_BEHIND,
     .year = 2022, .value = 2, .gap = 0.25, .pace = 0.5, .proj = 4, .pmet = 0,
     .required = 3, .alert = false, .outlook = PM_OUTLOOK_UNLIKELY, .label = PM_LB_BEHIND},
    /* v 1.875: g 0.234375, q 0.46875 < 0.50 → lagging.
     * proj 3.75; required 6.125/2 = 3.0625. */
    {.name = "custom cfg lagging below 0.50", .y0 = 2020, .base = 0, .y1 = 2024,
     .target = 8, .polarity = 1, .obs = {{2022, 1.875}}, .nobs = 1, .cfg = &CUSTOM,
     .status = PM_ST_LAGGING, .year = 2022, .value = 1.875, .gap = 0.234375,
     .pace = 0.46875, .proj = 3.75, .pmet = 0, .required = 3.0625, .alert = false, .outlook = PM_OUTLOOK_UNLIKELY, .label = PM_LB_LAGGING},
    /* A NULL cfg means the default thresholds: same as "behind binding
     * alerts" (q 0.75 → behind). */
    {.name = "null cfg is default", .y0 = 2020, .base = 0, .y1 = 2025, .target = 100,
     .polarity = 1, .binding = true, .obs = {{2023, 45}}, .nobs = 1, .cfg = NULL,
     .status = PM_ST_BEHIND, .year = 2023, .value = 45, .gap = 0.45, .pace = 0.75,
     .proj = 75, .pmet = 0, .required = 27.5, .alert = true, .outlook = PM_OUTLOOK_AT_RISK, .label = PM_LB_BEHIND},
    /* A hole in the series (NAN value) is skipped: latest usable is
     * 2021: 12. τ = 1/5 = 0.2; g = 2/10 = 0.2; q = 1 → on_track.
     * Line (0,10)-(1,12): slope 2; at 5: 20 → met. required = 8/4 = 2. */
    {.name = "missing value skipped", .y0 = 2020, .base = 10, .y1 = 2025, .target = 20,
     .polarity = 1, .obs = {{2021, 12}, {2023, NAN}}, .nobs = 2, .cfg = &PM_PACE_DEFAULT,
     .status = PM_ST_ON_TRACK, .year = 2021, .value = 12, .gap = 0.2, .pace = 1, .proj = 20,
     .pmet = 1, .required = 2, .alert = false, .outlook = PM_OUTLOOK_LIKELY, .label = PM_LB_ON_TRACK},
    /* y1 = y0: no plan period, so pace is null; 2021 is past y1 → missed.
     * g = 5/10 = 0.5. Line (0,10)-(1,15) at x = 0: 10 → not met. */
    {.name = "target year equals base year", .y0 = 2020, .base = 10, .y1 = 2020,
     .target = 20, .polarity = 1, .obs = {{2021, 15}}, .nobs = 1, .cfg = &PM_PACE_DEFAULT,
     .status = PM_ST_MISSED, .year = 2021, .value = 15, .gap = 0.5, .pace = NAN, .proj = 10,
     .pmet = 0, .required = NAN, .alert = false, .outlook = PM_OUTLOOK_NONE, .label = PM_LB_MISSED},
    /* ---- baseline already met the target (DESIGN pace step 4) ---- */
    /* ≥ 50 with base 60: the target was met at the base. 2022: 62 still
     * meets it → achieved, maintain → 保持达标; gap share and pace null.
     * Line (0,60)-(2,62): slope 1; at 5: 65 → met. */
    {.name = "maintain achieved above target", .y0 = 2020, .base = 60, .y1 = 2025,
     .target = 50, .polarity = 1, .binding = true, .obs = {{2022, 62}}, .nobs = 1,
     .cfg = &PM_PACE_DEFAULT, .status = PM_ST_ACHIEVED, .early = true, .year = 2022,
     .value = 62, .gap = NAN, .pace = NAN, .proj = 65, .pmet = 1, .required = NAN,
     .alert = false, .maintain = true, .outlook = PM_OUTLOOK_NONE, .label = PM_LB_KEPT},
    /* Same, 2022: 45 falls below 50: regressing, 未能保持 (the old rule
     * read g = (45−60)/(50−60) = 1.5 → on_track). Line (0,60)-(2,45):
     * slope −7.5; at 5: 22.5 → not met; p·r = 5/3 > 2·(−7.5) → unlikely.
     * required = (50−45)/3 = 5/3. Binding → alert. */
    {.name = "maintain lost above target", .y0 = 2020, .base = 60, .y1 = 2025, .target = 50,
     .polarity = 1, .binding = true, .obs = {{2022, 45}}, .nobs = 1, .cfg = &PM_PACE_DEFAULT,
     .status = PM_ST_REGRESSING, .year = 2022, .value = 45, .gap = NAN, .pace = NAN,
     .proj = 22.5, .pmet = 0, .required = 5.0 / 3.0, .alert = true, .maintain = true,
     .outlook = PM_OUTLOOK_UNLIKELY, .label = PM_LB_NOT_KEPT},
    /* ≥ 50 with base 50 (the seed's No. 7), 2023: 48 → 未能保持.
     * Line (0,50)-(3,48): slope −2/3; at 5: 140/3 → not met → unlikely.
     * required = 2/2 = 1. */
    {.name = "maintain lost target equals base", .y0 = 2020, .base = 50, .y1 = 2025,
     .target = 50, .polarity = 1, .obs = {{2023, 48}}, .nobs = 1, .cfg = &PM_PACE_DEFAULT,
     .status = PM_ST_REGRESSING, .year = 2023, .value = 48, .gap = NAN, .pace = NAN,
     .proj = 140.0 / 3.0, .pmet = 0, .required = 1, .alert = false, .maintain = true,
     .outlook = PM_OUTLOOK_UNLIKELY, .label = PM_LB_NOT_KEPT},
    /* Lower is better: ≤ 8 with base 5 (met); 2022: 9 → 未能保持.
     * Line (0,5)-(2,9): slope 2; at 5: 15; −(15−8) < 0 → not met.
     * required = (8−9)/3 = −1/3; p·r = 1/3 > 2·p·s = −4 → unlikely. */
    {.name = "maintain lost lower is better", .y0 = 2020, .base = 5, .y1 = 2025, .target = 8,
     .polarity = -1, .binding = true, .obs = {{2022, 9}}, .nobs = 1, .cfg = &PM_PACE_DEFAULT,
     .status = PM_ST_REGRESSING, .year = 2022, .value = 9, .gap = NAN, .pace = NAN, .proj = 15,
     .pmet = 0, .required = -1.0 / 3.0, .alert = true, .maintain = true,
     .outlook = PM_OUTLOOK_UNLIKELY, .label = PM_LB_NOT_KEPT},
    /* Lower is better, base 5 meets ≤ 8, 2023: 7 still meets → 保持达标.
     * Line (0,5)-(3,7): slope 2/3; at 5: 5 + 10/3 = 25/3 > 8 → not met
     * (the outlook is not asked for an achieved indicator). */
    {.name = "maintain kept lower is better", .y0 = 2020, .base = 5, .y1 = 2025, .target = 8,
     .polarity = -1, .obs = {{2023, 7}}, .nobs = 1, .cfg = &PM_PACE_DEFAULT,
     .status = PM_ST_ACHIEVED, .early = true, .year = 2023, .value = 7, .gap = NAN,
     .pace = NAN, .proj = 25.0 / 3.0, .pmet = 0, .required = NAN, .alert = false,
     .maintain = true, .outlook = PM_OUTLOOK_NONE, .label = PM_LB_KEPT},
    /* Base 50 meets ≥ 50; in the target year 49 → missed (未完成), still
     * maintain, gap share and pace null. Line (0,50)-(5,49) at 5: 49. */
    {.name = "maintain missed at target year", .y0 = 2020, .base = 50, .y1 = 2025,
     .target = 50, .polarity = 1, .binding = true, .obs = {{2025, 49}}, .nobs = 1,
     .cfg = &PM_PACE_DEFAULT, .status = PM_ST_MISSED, .year = 2025, .value = 49, .gap = NAN,
     .pace = NAN, .proj = 49, .pmet = 0, .required = NAN, .alert = true, .maintain = true,
     .outlook = PM_OUTLOOK_NONE, .label = PM_LB_MISSED},
    /* Base 50 meets ≥ 50 in the target year: 已完成 reads 保持达标, not early. */
    {.name = "maintain kept at target year", .y0 = 2020, .base = 50, .y1 = 2025,
     .target = 50, .polarity = 1, .obs = {{2025, 50}}, .nobs = 1, .cfg = &PM_PACE_DEFAULT,
     .status = PM_ST_ACHIEVED, .year = 2025, .value = 50, .gap = NAN, .pace = NAN,
     .proj = 50, .pmet = 1, .required = NAN, .alert = false, .maintain = true,
     .outlook = PM_OUTLOOK_NONE, .label = PM_LB_KEPT},
    /* Base within the tolerance of the target (short by 2^-20 < 1e-6 of
     * T 1000) counts as met: maintain. 2022: 1001 → 保持达标. */
    {.name = "maintain base within tolerance", .y0 = 2020, .base = 1000 - TWO_M20, .y1 = 2025,
     .target = 1000, .polarity = 1, .obs = {{2022, 1000}}, .nobs = 1, .cfg = &PM_PACE_DEFAULT,
     .status = PM_ST_ACHIEVED, .early = true, .year = 2022, .value = 1000, .gap = NAN,
     .pace = NAN, .proj = 1000 + 1.5 * TWO_M20, .pmet = 1, .required = NAN, .alert = false,
     .maintain = true, .outlook = PM_OUTLOOK_NONE, .label = PM_LB_KEPT},
    /* Base short by 2^-19 > 1e-6: not met at the base, so a gap to close.
     * 2022: 1000 → achieved (提前完成), g = 1, q = 2.5; line at 5:
     * B + 2.5·2^-19 = 1000 + 1.5·2^-19 → met. */
    {.name = "base just outside tolerance is a gap", .y0 = 2020, .base = 1000 - TWO_M19,
     .y1 = 2025, .target = 1000, .polarity = 1, .obs = {{2022, 1000}}, .nobs = 1,
     .cfg = &PM_PACE_DEFAULT, .status = PM_ST_ACHIEVED, .early = true, .year = 2022,
     .value = 1000, .gap = 1, .pace = 2.5, .proj = 1000 + 1.5 * TWO_M19, .pmet = 1,
     .required = NAN, .alert = false, .outlook = PM_OUTLOOK_NONE, .label = PM_LB_EARLY},
    /* The tolerance edge exactly: T 0 gives tolerance 1e-9 × max(1, 0) =
     * 1e-9, and v = −1e-9 is short by exactly that (v − T is exact) →
     * achieved. B −10: g = (v + 10)/10, q = g/0.4; line at 5:
     * −10 + 2.5·(10 − 1e-9) = 15 − 2.5e-9 → met. */
    {.name = "tolerance edge exactly", .y0 = 2020, .base = -10, .y1 = 2025, .target = 0,
     .polarity = 1, .obs = {{2022, -1e-9}}, .nobs = 1, .cfg = &PM_PACE_DEFAULT,
     .status = PM_ST_ACHIEVED, .early = true, .year = 2022, .value = -1e-9,
     .gap = (10 - 1e-9) / 10, .pace = (10 - 1e-9) / 4, .proj = 15 - 2.5e-9, .pmet = 1,
     .required = NAN, .alert = false, .outlook = PM_OUTLOOK_NONE, .label = PM_LB_EARLY},
    /* Polarity 0 (not given) reads as higher is better: B 10, T 20,
     * 2022: 15 → g 0.5, q 1.25 → ahead (as −1 it would be achieved). */
    {.name = "polarity zero is higher is better", .y0 = 2020, .base = 10, .y1 = 2025,
     .target = 20, .polarity = 0, .obs = {{2022, 15}}, .nobs = 1, .cfg = &PM_PACE_DEFAULT,
     .status = PM_ST_ON_TRACK, .year = 2022, .value = 15, .gap = 0.5, .pace = 1.25,
     .proj = 22.5, .pmet = 1, .required = 5.0 / 3.0, .alert = false, .ahead = true,
     .outlook = PM_OUTLOOK_LIKELY, .label = PM_LB_AHEAD},
    /* ---- 快于预期 (q ≥ 1.2) ---- */
    /* τ = 0.5 (2020–2024, t 2022), B 0, T 100: v 60 → q 1.2 exactly →
     * 快于预期. Line (0,0)-(2,60) at 4: 120 → met → likely. */
    {.name = "ahead at exactly 1.2", .y0 = 2020, .base = 0, .y1 = 2024, .target = 100,
     .polarity = 1, .obs = {{2022, 60}}, .nobs = 1, .cfg = &PM_PACE_DEFAULT,
     .status = PM_ST_ON_TRACK, .year = 2022, .value = 60, .gap = 0.6, .pace = 1.2, .proj = 120,
     .pmet = 1, .required = 20, .alert = false, .ahead = true,
     .outlook = PM_OUTLOOK_LIKELY, .label = PM_LB_AHEAD},
    /* v 59.5: q 1.19 → 符合预期. proj 119; required 20.25. */
    {.name = "ahead just below 1.2 is on track", .y0 = 2020, .base = 0, .y1 = 2024,
     .target = 100, .polarity = 1, .obs = {{2022, 59.5}}, .nobs = 1, .cfg = &PM_PACE_DEFAULT,
     .status = PM_ST_ON_TRACK, .year = 2022, .value = 59.5, .gap = 0.595, .pace = 1.19,
     .proj = 119, .pmet = 1, .required = 20.25, .alert = false,
     .outlook = PM_OUTLOOK_LIKELY, .label = PM_LB_ON_TRACK},
    /* The 快于预期 threshold is a setting: at 2.0, q 1.2 is 符合预期. */
    {.name = "ahead threshold is a setting", .y0 = 2020, .base = 0, .y1 = 2024,
     .target = 100, .polarity = 1, .obs = {{2022, 60}}, .nobs = 1, .cfg = &CUSTOM_AHEAD,
     .status = PM_ST_ON_TRACK, .year = 2022, .value = 60, .gap = 0.6, .pace = 1.2, .proj = 120,
     .pmet = 1, .required = 20, .alert = false, .outlook = PM_OUTLOOK_LIKELY,
     .label = PM_LB_ON_TRACK},
    /* ---- outlook ---- */
    /* Lower is better, B 30, T 20, 2022: 27. g = 0.3, τ 0.4, q 0.75 →
     * behind. Line (0,30)-(2,27): slope −1.5; at 5: 22.5 → not met.
     * r = (20−27)/3 = −7/3: p·r = 7/3 ≤ 2·p·s = 3 → at_risk. */
    {.name = "outlook at risk lower is better", .y0 = 2020, .base = 30, .y1 = 2025,
     .target = 20, .polarity = -1, .obs = {{2022, 27}}, .nobs = 1, .cfg = &PM_PACE_DEFAULT,
     .status = PM_ST_BEHIND, .year = 2022, .value = 27, .gap = 0.3, .pace = 0.75,
     .proj = 22.5, .pmet = 0, .required = -7.0 / 3.0, .alert = false,
     .outlook = PM_OUTLOOK_AT_RISK, .label = PM_LB_BEHIND},
    /* Lower is better, B 30, T 20, 2022: 28. g 0.2, q 0.5 → lagging.
     * slope −1, proj 25; r = −8/3: p·r = 8/3 > 2 → unlikely. */
    {.name = "outlook unlikely lower is better", .y0 = 2020, .base = 30, .y1 = 2025,
     .target = 20, .polarity = -1, .obs = {{2022, 28}}, .nobs = 1, .cfg = &PM_PACE_DEFAULT,
     .status = PM_ST_LAGGING, .year = 2022, .value = 28, .gap = 0.2, .pace = 0.5, .proj = 25,
     .pmet = 0, .required = -8.0 / 3.0, .alert = false, .outlook = PM_OUTLOOK_UNLIKELY,
     .label = PM_LB_LAGGING},
    /* On pace but heading for a miss: a binding indicator alerts on its
     * outlook alone. B 0, T 100, 2020–2030; series 40, 0, 0, 40 (2021–24).
     * τ 0.4, g 0.4, q 1 → on_track. Points x 0..4 / y 0,40,0,0,40: x̄ 2,
     * ȳ 16; Sxx 10; Sxy = (−2)(−16) + (−1)(24) + 0 + (1)(−16) + (2)(24)
     * = 40; slope 4; proj(10) = 16 + 4·8 = 48 → not met.
     * r = 60/6 = 10 > 2·4 → unlikely → alert. */
    {.name = "outlook unlikely alerts on track binding", .y0 = 2020, .base = 0, .y1 = 2030,
     .target = 100, .polarity = 1, .binding = true,
     .obs = {{2021, 40}, {2022, 0}, {2023, 0}, {2024, 40}}, .nobs = 4, .cfg = &PM_PACE_DEFAULT,
     .status = PM_ST_ON_TRACK, .year = 2024, .value = 40, .gap = 0.4, .pace = 1, .proj = 48,
     .pmet = 0, .required = 10, .alert = true, .outlook = PM_OUTLOOK_UNLIKELY,
     .label = PM_LB_ON_TRACK},
    /* The same, not binding: no alert. */
    {.name = "outlook unlikely not binding", .y0 = 2020, .base = 0, .y1 = 2030,
     .target = 100, .polarity = 1, .obs = {{2021, 40}, {2022, 0}, {2023, 0}, {2024, 40}},
     .nobs = 4, .cfg = &PM_PACE_DEFAULT, .status = PM_ST_ON_TRACK, .year = 2024, .value = 40,
     .gap = 0.4, .pace = 1, .proj = 48, .pmet = 0, .required = 10, .alert = false,
     .outlook = PM_OUTLOOK_UNLIKELY, .label = PM_LB_ON_TRACK},
    /* ---- natural limits ---- */
    /* A share in %: B 80, T 100, 2021: 90, 2022: 95. g 0.75, τ 0.4,
     * q 1.875 → 快于预期. Points x 0,1,2 / y 80,90,95: x̄ 1, ȳ 265/3;
     * Sxy = −80 + 95 = 15; Sxx 2; slope 7.5; at 5: 265/3 + 30 = 355/3
     * ≈ 118.3 → clamped to 100 → met. required = 5/3. */
    {.name = "limits clamp projection at max", .y0 = 2020, .base = 80, .y1 = 2025,
     .target = 100, .polarity = 1, .obs = {{2021, 90}, {2022, 95}}, .nobs = 2,
     .lim = &PERCENT, .cfg = &PM_PACE_DEFAULT, .status = PM_ST_ON_TRACK, .year = 2022,
     .value = 95, .gap = 0.75, .pace = 1.875, .proj = 100, .pmet = 1, .required = 5.0 / 3.0,
     .alert = false, .ahead = true, .outlook = PM_OUTLOOK_LIKELY, .label = PM_LB_AHEAD},
    /* Without limits the same series projects past 100. */
    {.name = "no limits projection unclamped", .y0 = 2020, .base = 80, .y1 = 2025,
     .target = 100, .polarity = 1, .obs = {{2021, 90}, {2022, 95}}, .nobs = 2,
     .cfg = &PM_PACE_DEFAULT, .status = PM_ST_ON_TRACK, .year = 2022, .value = 95,
     .gap = 0.75, .pace = 1.875, .proj = 355.0 / 3.0, .pmet = 1, .required = 5.0 / 3.0,
     .alert = false, .ahead = true, .outlook = PM_OUTLOOK_LIKELY, .label = PM_LB_AHEAD},
    /* B 50, T 60, 2022: 20. Line (0,50)-(2,20): slope −15; at 5: −25 →
     * clamped to 0 → not met. g −3, q −7.5 → regressing; unlikely.
     * required = 40/3. */
    {.name = "limits clamp projection at min", .y0 = 2020, .base = 50, .y1 = 2025,
     .target = 60, .polarity = 1, .obs = {{2022, 20}}, .nobs = 1, .lim = &PERCENT,
     .cfg = &PM_PACE_DEFAULT, .status = PM_ST_REGRESSING, .year = 2022, .value = 20, .gap = -3,
     .pace = -7.5, .proj = 0, .pmet = 0, .required = 40.0 / 3.0, .alert = false,
     .outlook = PM_OUTLOOK_UNLIKELY, .label = PM_LB_REGRESSING},
    /* Lower is better, count [0, ∞): B 10, T 2, 2022: 4. Line slope −3; at
     * 5: −5 → clamped to 0, which meets ≤ 2. g 0.75, q 1.875 → ahead.
     * required = −2/3. */
    {.name = "limits clamp lower is better", .y0 = 2020, .base = 10, .y1 = 2025,
     .target = 2, .polarity = -1, .obs = {{2022, 4}}, .nobs = 1, .lim = &NONNEG,
     .cfg = &PM_PACE_DEFAULT, .status = PM_ST_ON_TRACK, .year = 2022, .value = 4, .gap = 0.75,
     .pace = 1.875, .proj = 0, .pmet = 1, .required = -2.0 / 3.0, .alert = false,
     .ahead = true, .outlook = PM_OUTLOOK_LIKELY, .label = PM_LB_AHEAD},
    /* A projection inside the limits is left alone: B 40, T 60, 2022: 50 →
     * line at 5: 65 (within [0, 100]); met. */
    {.name = "limits leave projection inside", .y0 = 2020, .base = 40, .y1 = 2025,
     .target = 60, .polarity = 1, .obs = {{2022, 50}}, .nobs = 1, .lim = &PERCENT,
     .cfg = &PM_PACE_DEFAULT, .status = PM_ST_ON_TRACK, .year = 2022, .value = 50, .gap = 0.5,
     .pace = 1.25, .proj = 65, .pmet = 1, .required = 10.0 / 3.0, .alert = false,
     .ahead = true, .outlook = PM_OUTLOOK_LIKELY, .label = PM_LB_AHEAD},
    /* An infinite baseline (a town's ratio over zero in the base year):
     * rule 1 takes it as given, so p·(T − B) = −inf ≤ tol, the base "met"
     * the target and 55 < 60 in 2022 < y1 is regressing (未能保持); gap
     * share and pace null. Rule 5: the base is no point of a line and the
     * one observation after y0 is a single point: no projection, so no
     * outlook. required = (60−55)/(2025−2022) = 5/3. Binding → alert. */
    {.name = "infinite baseline one observation", .y0 = 2020, .base = INFINITY, .y1 = 2025, .target = 60,
     .polarity = 1, .binding = true, .obs = {{2022, 55}}, .nobs = 1, .cfg = &PM_PACE_DEFAULT,
     .status = PM_ST_REGRESSING, .year = 2022, .value = 55, .gap = NAN, .pace = NAN, .proj = NAN,
     .pmet = -1, .required = 5.0 / 3.0, .alert = true, .maintain = true, .outlook = PM_OUTLOOK_NONE,
     .label = PM_LB_NOT_KEPT},
    /* −inf: p·(T − B) = +inf, not met; g = (55+inf)/(60+inf) = inf/inf is
     * null, so q is null and no q ≥ 0 holds: regressing (逆向变化). Still
     * one point after y0 (2019 is before y0): no projection. */
    {.name = "minus infinite baseline one observation", .y0 = 2020, .base = -INFINITY, .y1 = 2025,
     .target = 60, .polarity = 1, .obs = {{2019, 10}, {2022, 55}}, .nobs = 2, .cfg = &PM_PACE_DEFAULT,
     .status = PM_ST_REGRESSING, .year = 2022, .value = 55, .gap = NAN, .pace = NAN, .proj = NAN,
     .pmet = -1, .required = 5.0 / 3.0, .alert = false, .outlook = PM_OUTLOOK_NONE,
     .label = PM_LB_REGRESSING},
    /* Infinite baseline, two observations after y0: the line through them
     * alone (2019 is before y0 and stays out, rule 5). x from 2021: 0, 2 /
     * y 50, 56: x̄ = 1, ȳ = 53, Sxx = 2, Sxy = 6, slope 3; at x = 4: 53 + 3·3
     * = 62 ≥ 60 → met → likely. Status as above (未能保持), required (60−56)/2
     * = 2. With 2019 in the line it would be x 0,2,4 / y 10,50,56: slope
     * 11.5, 2025 at 95.67. */
    {.name = "infinite baseline line after base year", .y0 = 2020, .base = INFINITY, .y1 = 2025,
     .target = 60, .polarity = 1, .obs = {{2019, 10}, {2021, 50}, {2023, 56}}, .nobs = 3,
     .cfg = &PM_PACE_DEFAULT, .status = PM_ST_REGRESSING, .year = 2023, .value = 56, .gap = NAN,
     .pace = NAN, .proj = 62, .pmet = 1, .required = 2, .alert = false, .maintain = true,
     .outlook = PM_OUTLOOK_LIKELY, .label = PM_LB_NOT_KEPT},
};

#define NCASES (sizeof cases / sizeof cases[0])

/* Null must be null, ±inf itself; otherwise relative tolerance 1e-9
 * (absolute 1e-12 when the expected value is 0, where relative means
 * nothing). */
static void check_num(const char *what, double got, double want)
{
    if (isnan(want)) {
        if (!isnan(got))
            fail_msg("%s: got %.17g, want null", what, got);
        return;
    }
    if (isnan(got))
        fail_msg("%s: got null, want %.17g", what, want);
    if (isinf(want)) { /* an infinite base is reported as it is */
        if (got != want)
            fail_msg("%s: got %.17g, want %.17g", what, got, want);
        return;
    }
    double tol = want == 0.0 ? 1e-12 : 1e-9 * fabs(want);
    if (!(fabs(got - want) <= tol))
        fail_msg("%s: got %.17g, want %.17g", what, got, want);
}

static void run_case(void **state)
{
    const pace_case *c = *state;
    pm_pace_in in = {
        .base_year = c->y0,
        .base = c->base,
        .target_year = c->y1,
        .target = c->target,
        .polarity = c->polarity,
        .cumulative = c->cumulative,
        .binding = c->binding,
        .obs = c->nobs ? c->obs : NULL,
        .nobs = c->nobs,
        .limits = c->lim,
    };
    pm_pace_out out;
    memset(&out, 0xA5, sizeof out); /* every field must be written */
    pm_pace(&in, c->cfg, &out);

    if (out.status != c->status)
        fail_msg("status: got %s, want %s", pm_status_key(out.status), pm_status_key(c->status));
    assert_int_equal(out.early, c->early);
    assert_int_equal(out.year, c->year);
    check_num("value", out.value, c->value);
    if (c->status == PM_ST_NO_DATA) {
        assert_int_equal(out.base_year, 0);
        check_num("base", out.base, NAN);
    } else if (!isnan(c->base)) {
        assert_int_equal(out.base_year, c->y0);
        check_num("base", out.base, c->base);
    }
    check_num("gap_share", out.gap_share, c->gap);
    check_num("pace", out.pace, c->pace);
    check_num("projected", out.projected, c->proj);
    assert_int_equal(out.projected_met, c->pmet);
    check_num("required", out.required, c->required);
    assert_int_equal(out.alert, c->alert);
    assert_int_equal(out.maintain, c->maintain);
    assert_int_equal(out.ahead, c->ahead);
    if (out.outlook != c->outlook)
        fail_msg("outlook: got %s, want %s", pm_outlook_key(out.outlook) ? pm_outlook_key(out.outlook) : "null",
                 pm_outlook_key(c->outlook) ? pm_outlook_key(c->outlook) : "null");
    if (pm_pace_label(&out) != c->label)
        fail_msg("label: got %s, want %s", pm_label_text(pm_pace_label(&out)), pm_label_text(c->label));
}

/* The input is borrowed and must not be changed (the series stays in the
 * caller's order). */
static void test_input_untouched(void **state)
{
    (void)state;
    pm_obs obs[] = {{2023, 30}, {2021, 20}, {2022, 24}};
    pm_obs copy[3];
    memcpy(copy, obs, sizeof obs);
    pm_pace_in in = {.base_year = 2020, .base = NAN, .target_year = 2025, .target = 50,
                     .polarity = 1, .obs = obs, .nobs = 3};
    pm_pace_out out;
    pm_pace(&in, &PM_PACE_DEFAULT, &out);
    assert_memory_equal(obs, copy, sizeof obs);
}

/* Rule 1's effective base is reported (status JSON's judged_baseline):
 * the earliest observation and its year without a baseline, 0 at y0 for a
 * cumulative indicator. */
static void test_effective_base(void **state)
{
    (void)state;
    pm_obs obs[] = {{2023, 30}, {2021, 20}, {2022, 24}};
    pm_pace_in in = {.base_year = 2020, .base = NAN, .target_year = 2025, .target = 50,
                     .polarity = 1, .obs = obs, .nobs = 3};
    pm_pace_out out;
    pm_pace(&in, NULL, &out);
    assert_int_equal(out.base_year, 2021);
    assert_true(out.base == 20);
    in.cumulative = true;
    pm_pace(&in, NULL, &out);
    assert_int_equal(out.base_year, 2020);
    assert_true(out.base == 0);
}

static void test_default_cfg(void **state)
{
    (void)state;
    assert_true(PM_PACE_DEFAULT.on_track == 0.95);
    assert_true(PM_PACE_DEFAULT.behind == 0.60);
    assert_true(PM_PACE_DEFAULT.ahead == 1.2);
}

/* The settings' guard (pm_pace_configure): 0 <= behind < on_track <= ahead,
 * all finite; a refusal leaves the settings as they were. Each bound is
 * tried on both sides, so that a guard off by one comparison fails. */
static void test_configure(void **state)
{
    (void)state;
    static const struct {
        pm_pace_cfg cfg;
        bool ok;
    } tries[] = {
        {{0.95, 0.60, 1.2}, true},
        {{0.95, 0.0, 1.2}, true},     /* behind may be 0 */
        {{0.95, -0.01, 1.2}, false},  /* not below */
        {{0.95, 0.949, 1.2}, true},   /* behind just under on_track */
        {{0.95, 0.95, 1.2}, false},   /* not equal */
        {{0.95, 0.96, 1.2}, false},   /* not above */
        {{0.95, 0.60, 0.95}, true},   /* ahead may equal on_track */
        {{0.95, 0.60, 0.949}, false}, /* not be below it */
        {{NAN, 0.60, 1.2}, false},
        {{0.95, INFINITY, 1.2}, false},
        {{0.95, 0.60, NAN}, false},
    };
    for (size_t i = 0; i < sizeof tries / sizeof tries[0]; i++) {
        pm_pace_cfg before = *pm_pace_settings();
        bool ok = pm_pace_configure(&tries[i].cfg);
        if (ok != tries[i].ok)
            fail_msg("try %zu: configure said %d", i, ok);
        const pm_pace_cfg *now = pm_pace_settings();
        const pm_pace_cfg *want = ok ? &tries[i].cfg : &before;
        assert_true(now->on_track == want->on_track && now->behind == want->behind && now->ahead == want->ahead);
    }
    assert_true(pm_pace_configure(&PM_PACE_DEFAULT));
}

static void test_keys_round_trip(void **state)
{
    (void)state;
    static const char *const keys[PM_ST_COUNT] = {
        "no_data", "achieved", "on_track", "behind", "lagging", "regressing", "missed",
        "no_target", "manual",
    };
    for (int i = 0; i < PM_ST_COUNT; i++) {
        assert_string_equal(pm_status_key((pm_status)i), keys[i]);
        pm_status s = PM_ST_COUNT;
        assert_true(pm_status_parse(keys[i], &s));
        assert_int_equal(s, i);
    }
    assert_string_equal(pm_status_key(PM_ST_COUNT), "no_data");
    pm_status s = PM_ST_ON_TRACK;
    assert_false(pm_status_parse("", &s));
    assert_false(pm_status_parse("On_Track", &s));
    assert_false(pm_status_parse("on_track ", &s));
    assert_false(pm_status_parse("符合预期", &s));
    assert_int_equal(s, PM_ST_ON_TRACK); /* untouched on failure */
}

/* DESIGN's list of labels, word for word, and which judgment reads which. */
static void test_labels(void **state)
{
    (void)state;
    static const struct {
        pm_pace_out o;
        const char *word;
    } rows[] = {
        {{.status = PM_ST_ACHIEVED, .early = true}, "提前完成"},
        {{.status = PM_ST_ACHIEVED}, "已完成"},
        {{.status = PM_ST_ACHIEVED, .early = true, .maintain = true}, "保持达标"},
        {{.status = PM_ST_ACHIEVED, .maintain = true}, "保持达标"},
        {{.status = PM_ST_ON_TRACK, .ahead = true}, "快于预期"},
        {{.status = PM_ST_ON_TRACK}, "符合预期"},
        {{.status = PM_ST_BEHIND}, "进度偏慢"},
        {{.status = PM_ST_LAGGING}, "明显滞后"},
        {{.status = PM_ST_REGRESSING}, "逆向变化"},
        {{.status = PM_ST_REGRESSING, .maintain = true}, "未能保持"},
        {{.status = PM_ST_MISSED}, "未完成"},
        {{.status = PM_ST_MISSED, .maintain = true}, "未完成"},
        {{.status = PM_ST_NO_DATA}, "暂无数据"},
        {{.status = PM_ST_NO_TARGET}, "无目标值"},
        {{.status = PM_ST_MANUAL}, "人工评价"},
    };
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++)
        assert_string_equal(pm_label_text(pm_pace_label(&rows[i].o)), rows[i].word);
    /* Every label has its own word, and out-of-range reads 暂无数据. */
    for (int i = 0; i < PM_LB_COUNT; i++)
        for (int k = i + 1; k < PM_LB_COUNT; k++)
            assert_string_not_equal(pm_label_text((pm_label)i), pm_label_text((pm_label)k));
    assert_string_equal(pm_label_text(PM_LB_COUNT), "暂无数据");
    /* Each row's label belongs to its status; out of range reads no_data. */
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++)
        assert_int_equal(pm_label_status(pm_pace_label(&rows[i].o)), rows[i].o.status);
    assert_int_equal(pm_label_status(PM_LB_COUNT), PM_ST_NO_DATA);
    /* A bare status reads as its judgment with nothing else known. */
    assert_string_equal(pm_status_label(PM_ST_ACHIEVED, true), "提前完成");
    assert_string_equal(pm_status_label(PM_ST_ACHIEVED, false), "已完成");
    assert_string_equal(pm_status_label(PM_ST_COUNT, false), "暂无数据");
}

static void test_outlook_words(void **state)
{
    (void)state;
    assert_null(pm_outlook_key(PM_OUTLOOK_NONE));
    assert_string_equal(pm_outlook_key(PM_OUTLOOK_LIKELY), "likely");
    assert_string_equal(pm_outlook_key(PM_OUTLOOK_AT_RISK), "at_risk");
    assert_string_equal(pm_outlook_key(PM_OUTLOOK_UNLIKELY), "unlikely");
    assert_null(pm_outlook_key(PM_OUTLOOK_COUNT));
    assert_string_equal(pm_outlook_label(PM_OUTLOOK_NONE), "");
    assert_string_equal(pm_outlook_label(PM_OUTLOOK_LIKELY), "预计能完成");
    assert_string_equal(pm_outlook_label(PM_OUTLOOK_AT_RISK), "完成有难度");
    assert_string_equal(pm_outlook_label(PM_OUTLOOK_UNLIKELY), "预计难以完成");
    assert_string_equal(pm_outlook_label(PM_OUTLOOK_COUNT), "");
}

/* ---- the sorted fast path against the general one -------------------------------- */

/* Two judgments are the same when every field is, doubles bit for bit
 * (NaN included): the fast path must not move a printed digit. */
static void assert_same_out(const pm_pace_out *a, const pm_pace_out *b, size_t which)
{
    bool same = a->status == b->status && a->early == b->early && a->maintain == b->maintain &&
                a->ahead == b->ahead && a->base_year == b->base_year && a->year == b->year &&
                a->projected_met == b->projected_met && a->outlook == b->outlook && a->alert == b->alert &&
                !memcmp(&a->base, &b->base, sizeof a->base) && !memcmp(&a->value, &b->value, sizeof a->value) &&
                !memcmp(&a->gap_share, &b->gap_share, sizeof a->gap_share) &&
                !memcmp(&a->pace, &b->pace, sizeof a->pace) &&
                !memcmp(&a->projected, &b->projected, sizeof a->projected) &&
                !memcmp(&a->required, &b->required, sizeof a->required);
    if (!same)
        fail_msg("series %zu: pm_pace says %s %.17g %.17g, the fast path %s %.17g %.17g", which,
                 pm_status_key(a->status), a->pace, a->projected, pm_status_key(b->status), b->pace, b->projected);
}

static uint64_t mix(uint64_t *s)
{
    uint64_t z = (*s += 0x9e3779b97f4a7c15u);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9u;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebu;
    return z ^ (z >> 31);
}

static int below(uint64_t *s, int n)
{
    return (int)(mix(s) % (uint64_t)n);
}

/* A value near the others: steps of a quarter, a tenth or a third, so that
 * ties with the base and the target happen as well as rounding. */
static double near(uint64_t *s, double around)
{
    static const double step[] = {0.25, 0.1, 1.0 / 3.0, 7.0};
    return around + (below(s, 41) - 20) * step[below(s, 4)];
}

/* The goalposts of a generated series that starts near `start`, base year
 * y0 (no observations yet): a baseline near the start or none, a target
 * near it, equal to the baseline or none, a target year after y0 or at or
 * before it now and then, either polarity, cumulative or not, binding or
 * not, with or without limits. */
static pm_pace_in random_goalposts(uint64_t *s, int y0, double start)
{
    static const pm_limits limits[] = {{0.0, 100.0}, {0.0, INFINITY}, {-INFINITY, INFINITY}};
    pm_pace_in in = {.base_year = y0};
    in.base = below(s, 3) ? near(s, start) : NAN;
    if (below(s, 40) == 0) /* a town's ratio over zero in the base year */
        in.base = below(s, 2) ? INFINITY : -INFINITY;
    in.target = below(s, 6) ? (below(s, 5) ? near(s, start) : in.base) : NAN;
    in.target_year = below(s, 8) ? y0 + 5 : y0 - below(s, 2);
    in.polarity = below(s, 3) - 1;
    in.cumulative = below(s, 4) == 0;
    in.binding = below(s, 2);
    in.limits = below(s, 4) ? &limits[below(s, 3)] : NULL;
    return in;
}

/* pm_pace_years on the series vals (ny years from year0) against pm_pace
 * on each of its prefixes (in's observations made here), bit for bit;
 * each judgment's status counted in by_status and *judged. c: the case,
 * for messages. */
static void years_against_prefixes(pm_pace_in *in, int year0, const double *vals, size_t ny, size_t c,
                                   size_t *by_status, size_t *judged)
{
    pm_pace_out years[PM_PACE_MAX_YEARS];
    pm_pace_years(in, NULL, year0, vals, ny, years);
    pm_obs obs[PM_PACE_MAX_YEARS];
    in->obs = obs;
    in->nobs = 0;
    for (size_t y = 0; y < ny; y++) {
        if (!isnan(vals[y]))
            obs[in->nobs++] = (pm_obs){year0 + (int)y, vals[y]};
        pm_pace_out general;
        pm_pace(in, NULL, &general);
        assert_same_out(&general, &years[y], c);
        by_status[general.status]++;
        (*judged)++;
    }
    in->obs = NULL; /* obs ends here */
    in->nobs = 0;
}

/* Every status but the manual one came up at least 1,000 times. */
static void every_status_often(const size_t *by_status, size_t judged)
{
    for (int st = 0; st < PM_ST_COUNT; st++)
        if (st != PM_ST_MANUAL && by_status[st] < 1000)
            fail_msg("status %s only %zu times in %zu judgments", pm_status_key(st), by_status[st], judged);
}

/* Every kind of series the engine hands to pace (ascending, finite, with
 * holes, before and after the base year, some past the target year), with
 * or without a baseline and a target, either polarity, cumulative or not,
 * with or without limits, and a target year at or before the base year
 * now and then: pm_pace_sorted must answer exactly as pm_pace. */
static void test_sorted_same_as_general(void **state)
{
    (void)state;
    uint64_t s = 17;
    size_t judged = 0, by_status[PM_ST_COUNT] = {0};
    for (size_t c = 0; c < 200000; c++) {
        pm_obs obs[16];
        size_t n = 0;
        int y0 = 2018 + below(&s, 5), first = y0 - below(&s, 3);
        double start = below(&s, 3) ? 50.0 : below(&s, 2000) / 4.0 - 100.0;
        double v = start;
        for (int y = first; y < first + 12 && n < 16; y++) {
            v = below(&s, 5) ? near(&s, v) : v; /* equal neighbours too */
            if (below(&s, 4))
                obs[n++] = (pm_obs){y, v};
        }
        pm_pace_in in = random_goalposts(&s, y0, start);
        in.obs = obs;
        /* Every prefix, as the engine judges year after year. */
        for (size_t k = 0; k <= n; k++) {
            in.nobs = k;
            pm_pace_out general, sorted;
            pm_pace(&in, NULL, &general);
            pm_pace_sorted(&in, NULL, &sorted);
            assert_same_out(&general, &sorted, c);
            by_status[general.status]++;
            judged++;
        }
    }
    /* The comparison was about something: every status the method can
     * give from numbers came up many times. */
    every_status_often(by_status, judged);
}

/* pm_pace_years (every prefix of a series given year by year, the fit's
 * first sums carried from one prefix to the next) against pm_pace on each
 * prefix: series with gaps (NaN) and ±inf values (ratios over zero), with
 * a single point or none, rising, falling and flat, starting before the
 * base year and running past the target year; baselines absent, given or
 * already meeting the target; targets absent, equal to the base or
 * infinite; either polarity, cumulative or not, with or without limits.
 * Bit for bit. */
static void test_years_same_as_general(void **state)
{
    (void)state;
    uint64_t s = 29;
    size_t judged = 0, by_status[PM_ST_COUNT] = {0};
    for (size_t c = 0; c < 100000; c++) {
        int year0 = 2016 + below(&s, 4), y0 = 2018 + below(&s, 3);
        size_t ny = 1 + (size_t)below(&s, 12);
        double vals[12];
        double start = below(&s, 3) ? 50.0 : below(&s, 2000) / 4.0 - 100.0, v = start;
        for (size_t y = 0; y < ny; y++) {
            v = below(&s, 5) ? near(&s, v) : v; /* equal neighbours too */
            vals[y] = below(&s, 4) ? v : NAN;
            if (below(&s, 60) == 0) /* a ratio over zero */
                vals[y] = below(&s, 2) ? INFINITY : -INFINITY;
        }
        pm_pace_in in = random_goalposts(&s, y0, start);
        if (below(&s, 50) == 0)
            in.target = below(&s, 2) ? INFINITY : -INFINITY;
        years_against_prefixes(&in, year0, vals, ny, c, by_status, &judged);
    }
    every_status_often(by_status, judged);
}

/* The series pm_pace_years has a path of its own for (six years, y0 the
 * first of them, a finite value in every later year: the fit's x side
 * constants) against pm_pace on each prefix, bit for bit: values small
 * and huge (sums that overflow to ±inf), equal, ±0, tiny; the base
 * given, none (the first year's value, or 0 when cumulative) or ±inf;
 * the first year's value NaN now and then, the base year after the first
 * year (no baseline: y0 is then the first year still); targets of every
 * kind, target years at or before y0; and, one in eight, a hole or ±inf
 * in a later year, which leaves that path. */
static void test_years_dense_same_as_general(void **state)
{
    (void)state;
    enum { NY = 6 };
    static const double scale[] = {1.0, 1e-300, 1e150, 1e307, 0.001};
    uint64_t s = 31;
    size_t judged = 0, by_status[PM_ST_COUNT] = {0};
    for (size_t c = 0; c < 200000; c++) {
        int year0 = 2019 + below(&s, 3);
        double vals[NY];
        double k = scale[below(&s, 5)] * (below(&s, 2) ? 1.0 : -1.0);
        double start = below(&s, 3) ? 50.0 : below(&s, 2000) / 4.0 - 100.0, v = start;
        for (size_t y = 0; y < NY; y++) {
            v = below(&s, 5) ? near(&s, v) : v; /* equal neighbours too */
            vals[y] = below(&s, 30) ? v * k : (below(&s, 2) ? 0.0 : -0.0);
        }
        if (below(&s, 6) == 0)
            vals[0] = NAN;
        if (below(&s, 8) == 0) { /* off the path: a hole or a ratio over zero */
            static const double odd[] = {NAN, INFINITY, -INFINITY};
            vals[1 + below(&s, NY - 1)] = odd[below(&s, 3)];
        }
        pm_pace_in in = random_goalposts(&s, year0, start * k);
        if (below(&s, 10) == 0) { /* the base year after the first: y0 = year0 without a baseline */
            in.base_year = year0 + 1;
            in.base = NAN;
        }
        if (below(&s, 50) == 0)
            in.target = below(&s, 2) ? INFINITY : -INFINITY;
        years_against_prefixes(&in, year0, vals, NY, c, by_status, &judged);
    }
    every_status_often(by_status, judged);
}

int main(void)
{
    struct CMUnitTest tests[NCASES + 10];
    size_t n = 0;
    for (size_t i = 0; i < NCASES; i++) {
        tests[n++] = (struct CMUnitTest){cases[i].name, run_case, NULL, NULL, &cases[i]};
    }
    tests[n++] = (struct CMUnitTest)cmocka_unit_test(test_input_untouched);
    tests[n++] = (struct CMUnitTest)cmocka_unit_test(test_effective_base);
    tests[n++] = (struct CMUnitTest)cmocka_unit_test(test_default_cfg);
    tests[n++] = (struct CMUnitTest)cmocka_unit_test(test_configure);
    tests[n++] = (struct CMUnitTest)cmocka_unit_test(test_keys_round_trip);
    tests[n++] = (struct CMUnitTest)cmocka_unit_test(test_labels);
    tests[n++] = (struct CMUnitTest)cmocka_unit_test(test_outlook_words);
    tests[n++] = (struct CMUnitTest)cmocka_unit_test(test_sorted_same_as_general);
    tests[n++] = (struct CMUnitTest)cmocka_unit_test(test_years_same_as_general);
    tests[n++] = (struct CMUnitTest)cmocka_unit_test(test_years_dense_same_as_general);
    return cmocka_run_group_tests_name("pace", tests, NULL, NULL);
}
