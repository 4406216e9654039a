/* Unit tests for the `pace` progress method (src/engine/pace.c) against
 * DESIGN "Judging progress" → "Method `pace`".
 *
 * Table-driven: each row is one indicator (base, target, series) and every
 * field pm_pace() must return. Expected numbers are worked out by hand in
 * the comment above each row, never by calling the code under test.
 * Projection arithmetic uses x = year − y0, x̄, ȳ, and
 * slope = Σ(x−x̄)(y−ȳ) / Σ(x−x̄)², proj = ȳ + slope·(x(y1) − x̄).
 * NAN means "must be null"; numbers compare with relative tolerance 1e-9.
 * Each row runs as its own cmocka test, named after the row. */
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
} pace_case;

static const pm_pace_cfg CUSTOM = {0.75, 0.50};

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
     .required = NAN, .alert = false},
    /* Reached exactly in the target year: achieved, not early.
     * g = 10/10 = 1; τ = 5/5 = 1; q = 1. Line (0,50)-(5,60) at 5: 60 → met. */
    {.name = "achieved at target year", .y0 = 2020, .base = 50, .y1 = 2025, .target = 60,
     .polarity = 1, .binding = true, .obs = {{2025, 60}}, .nobs = 1, .cfg = &PM_PACE_DEFAULT,
     .status = PM_ST_ACHIEVED, .early = false, .year = 2025, .value = 60, .gap = 1,
     .pace = 1, .proj = 60, .pmet = 1, .required = NAN, .alert = false},
    /* Lower is better (p −1), B 30, T 20, 2024: 19.5 → −(19.5−20) = 0.5 ≥ 0.
     * g = (19.5−30)/(20−30) = 1.05; τ = 4/5 = 0.8; q = 1.05/0.8 = 1.3125.
     * Line (0,30)-(4,19.5): slope −2.625; at 5: 30 − 13.125 = 16.875;
     * −(16.875−20) = 3.125 ≥ 0 → met. */
    {.name = "achieved lower is better", .y0 = 2020, .base = 30, .y1 = 2025, .target = 20,
     .polarity = -1, .obs = {{2024, 19.5}}, .nobs = 1, .cfg = &PM_PACE_DEFAULT,
     .status = PM_ST_ACHIEVED, .early = true, .year = 2024, .value = 19.5, .gap = 1.05,
     .pace = 1.3125, .proj = 16.875, .pmet = 1, .required = NAN, .alert = false},
    /* T = B = 100 and reached: achieved; gap share and pace null (T = B).
     * Line (0,100)-(2,100) at 5: 100 → met. */
    {.name = "achieved target equals base", .y0 = 2020, .base = 100, .y1 = 2025,
     .target = 100, .polarity = 1, .obs = {{2022, 100}}, .nobs = 1, .cfg = &PM_PACE_DEFAULT,
     .status = PM_ST_ACHIEVED, .early = true, .year = 2022, .value = 100, .gap = NAN,
     .pace = NAN, .proj = 100, .pmet = 1, .required = NAN, .alert = false},
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
     .alert = false},
    /* Two points only (base and one observation): B 0, T 100, 2023: 45.
     * τ = 3/5 = 0.6; g = 0.45; q = 0.75 → behind (0.60 ≤ q < 0.95).
     * Line (0,0)-(3,45): slope 15; at 5: 75 < 100 → not met.
     * required = 55/2 = 27.5. Binding → alert. */
    {.name = "behind binding alerts", .y0 = 2020, .base = 0, .y1 = 2025, .target = 100,
     .polarity = 1, .binding = true, .obs = {{2023, 45}}, .nobs = 1, .cfg = &PM_PACE_DEFAULT,
     .status = PM_ST_BEHIND, .year = 2023, .value = 45, .gap = 0.45, .pace = 0.75,
     .proj = 75, .pmet = 0, .required = 27.5, .alert = true},
    /* B 100, T 200, latest 2024: 130. τ = 4/5 = 0.8; g = 30/100 = 0.3;
     * q = 0.375 → lagging. Points x 0,2,4 / y 100,110,130: x̄ = 2,
     * ȳ = 340/3; Sxx = 4+0+4 = 8; Sxy = (−2)(100) + (2)(130) = 60;
     * slope 7.5; proj(5) = 340/3 + 7.5·3 = 407.5/3 = 815/6 < 200.
     * required = 70/1. Not binding → no alert. */
    {.name = "lagging not binding", .y0 = 2020, .base = 100, .y1 = 2025, .target = 200,
     .polarity = 1, .binding = false, .obs = {{2022, 110}, {2024, 130}}, .nobs = 2,
     .cfg = &PM_PACE_DEFAULT, .status = PM_ST_LAGGING, .year = 2024, .value = 130,
     .gap = 0.3, .pace = 0.375, .proj = 815.0 / 6.0, .pmet = 0, .required = 70,
     .alert = false},
    /* The same row, binding: only the alert changes. */
    {.name = "lagging binding alerts", .y0 = 2020, .base = 100, .y1 = 2025, .target = 200,
     .polarity = 1, .binding = true, .obs = {{2022, 110}, {2024, 130}}, .nobs = 2,
     .cfg = &PM_PACE_DEFAULT, .status = PM_ST_LAGGING, .year = 2024, .value = 130,
     .gap = 0.3, .pace = 0.375, .proj = 815.0 / 6.0, .pmet = 0, .required = 70,
     .alert = true},
    /* Lower is better, B 30, T 20, latest 2022: 32 (worse than the base).
     * −(32−20) = −12 < 0 → not achieved. τ = 0.4; g = (32−30)/(20−30) = −0.2;
     * q = −0.5 < 0 → regressing. Points x 0,1,2 / y 30,29,32: x̄ = 1,
     * ȳ = 91/3; Sxx = 2; Sxy = −30 + 32 = 2; slope 1; proj(5) = 91/3 + 4 =
     * 103/3; −(103/3 − 20) < 0 → not met. required = (20−32)/3 = −4. */
    {.name = "regressing lower is better", .y0 = 2020, .base = 30, .y1 = 2025, .target = 20,
     .polarity = -1, .binding = true, .obs = {{2021, 29}, {2022, 32}}, .nobs = 2,
     .cfg = &PM_PACE_DEFAULT, .status = PM_ST_REGRESSING, .year = 2022, .value = 32,
     .gap = -0.2, .pace = -0.5, .proj = 103.0 / 3.0, .pmet = 0, .required = -4,
     .alert = true},
    /* T = B = 100, 2022: 98 short of it: regressing, gap share and pace null.
     * Line (0,100)-(2,98): slope −1; at 5: 95 → not met.
     * required = (100−98)/3 = 2/3. */
    {.name = "regressing target equals base", .y0 = 2020, .base = 100, .y1 = 2025,
     .target = 100, .polarity = 1, .binding = true, .obs = {{2022, 98}}, .nobs = 1,
     .cfg = &PM_PACE_DEFAULT, .status = PM_ST_REGRESSING, .year = 2022, .value = 98,
     .gap = NAN, .pace = NAN, .proj = 95, .pmet = 0, .required = 2.0 / 3.0, .alert = true},
    /* Latest 2025: 18 < 20 at y1 → missed. g = 8/10 = 0.8; τ = 1; q = 0.8.
     * Points x 0,3,5 / y 10,15,18: x̄ = 8/3, ȳ = 43/3;
     * Sxx = 0+9+25 − 3·(8/3)² = 38/3; Sxy = 0+45+90 − 3·(8/3)(43/3) = 61/3;
     * slope 61/38; proj(5) = 43/3 + (61/38)(7/3) = (1634+427)/114 = 2061/114.
     * No required change at y1. Binding → alert. */
    {.name = "missed at target year", .y0 = 2020, .base = 10, .y1 = 2025, .target = 20,
     .polarity = 1, .binding = true, .obs = {{2023, 15}, {2025, 18}}, .nobs = 2,
     .cfg = &PM_PACE_DEFAULT, .status = PM_ST_MISSED, .year = 2025, .value = 18, .gap = 0.8,
     .pace = 0.8, .proj = 2061.0 / 114.0, .pmet = 0, .required = NAN, .alert = true},
    /* After y1: 2026: 16. g = 0.6; τ = 6/5 = 1.2 (not clamped); q = 0.5.
     * Line (0,10)-(6,16): slope 1; at 5: 15 → not met. Not binding. */
    {.name = "missed after target year", .y0 = 2020, .base = 10, .y1 = 2025, .target = 20,
     .polarity = 1, .obs = {{2026, 16}}, .nobs = 1, .cfg = &PM_PACE_DEFAULT,
     .status = PM_ST_MISSED, .year = 2026, .value = 16, .gap = 0.6, .pace = 0.5,
     .proj = 15, .pmet = 0, .required = NAN, .alert = false},
    /* No series at all: every field null, no alert even though binding. */
    {.name = "no data without observations", .y0 = 2020, .base = 10, .y1 = 2025,
     .target = 20, .polarity = 1, .binding = true, .nobs = 0, .cfg = &PM_PACE_DEFAULT,
     .status = PM_ST_NO_DATA, .year = 0, .value = NAN, .gap = NAN, .pace = NAN,
     .proj = NAN, .pmet = -1, .required = NAN, .alert = false},
    /* 2019 is before y0, 2020 is at y0 with B given: nothing after y0. */
    {.name = "no data only at or before base year", .y0 = 2020, .base = 6, .y1 = 2025,
     .target = 20, .polarity = 1, .binding = true, .obs = {{2019, 5}, {2020, 6}}, .nobs = 2,
     .cfg = &PM_PACE_DEFAULT, .status = PM_ST_NO_DATA, .year = 0, .value = NAN, .gap = NAN,
     .pace = NAN, .proj = NAN, .pmet = -1, .required = NAN, .alert = false},
    /* No baseline, not cumulative: the only observation becomes the base
     * (y0 = 2022), leaving nothing after it. */
    {.name = "no data single observation becomes base", .y0 = 2020, .base = NAN,
     .y1 = 2025, .target = 20, .polarity = 1, .obs = {{2022, 7}}, .nobs = 1,
     .cfg = &PM_PACE_DEFAULT, .status = PM_ST_NO_DATA, .year = 0, .value = NAN, .gap = NAN,
     .pace = NAN, .proj = NAN, .pmet = -1, .required = NAN, .alert = false},
    /* Rule order: no observation wins over no target. */
    {.name = "no data before no target", .y0 = 2020, .base = 10, .y1 = 2025, .target = NAN,
     .polarity = 1, .nobs = 0, .cfg = &PM_PACE_DEFAULT, .status = PM_ST_NO_DATA, .year = 0,
     .value = NAN, .gap = NAN, .pace = NAN, .proj = NAN, .pmet = -1, .required = NAN,
     .alert = false},
    /* No target: latest year and value only, no alert even though binding. */
    {.name = "no target", .y0 = 2020, .base = 10, .y1 = 2025, .target = NAN, .polarity = 1,
     .binding = true, .obs = {{2021, 11}, {2023, 13}}, .nobs = 2, .cfg = &PM_PACE_DEFAULT,
     .status = PM_ST_NO_TARGET, .year = 2023, .value = 13, .gap = NAN, .pace = NAN,
     .proj = NAN, .pmet = -1, .required = NAN, .alert = false},
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
     .alert = false},
    /* No baseline, not cumulative, unsorted: earliest 2021: 20 is the base,
     * y0 = 2021. Latest 2023: 30. τ = 2/4 = 0.5; g = 10/30 = 1/3; q = 2/3 →
     * behind. Points (counted once) x 0,1,2 / y 20,24,30: x̄ = 1, ȳ = 74/3;
     * Sxx = 2; Sxy = −20 + 30 = 10; slope 5; proj(x=4) = 74/3 + 15 = 119/3
     * < 50. required = 20/2 = 10. */
    {.name = "null baseline earliest observation is base", .y0 = 2020, .base = NAN,
     .y1 = 2025, .target = 50, .polarity = 1, .obs = {{2023, 30}, {2021, 20}, {2022, 24}},
     .nobs = 3, .cfg = &PM_PACE_DEFAULT, .status = PM_ST_BEHIND, .year = 2023, .value = 30,
     .gap = 1.0 / 3.0, .pace = 2.0 / 3.0, .proj = 119.0 / 3.0, .pmet = 0, .required = 10,
     .alert = false},
    /* No baseline; the earliest observation (2019: 20) predates the plan's
     * base year and still becomes the base, y0 = 2019. Latest 2022: 30.
     * τ = 3/6 = 0.5; g = 10/30; q = 2/3 → behind. Line (0,20)-(3,30):
     * slope 10/3; at x = 6: 40 < 50. required = 20/3. */
    {.name = "null baseline earliest before base year", .y0 = 2020, .base = NAN,
     .y1 = 2025, .target = 50, .polarity = 1, .obs = {{2022, 30}, {2019, 20}}, .nobs = 2,
     .cfg = &PM_PACE_DEFAULT, .status = PM_ST_BEHIND, .year = 2022, .value = 30,
     .gap = 1.0 / 3.0, .pace = 2.0 / 3.0, .proj = 40, .pmet = 0, .required = 20.0 / 3.0,
     .alert = false},
    /* B 10 given: 2018 and 2019 (before y0) and 2020: 999 (at y0) ignored.
     * Only 2022: 14 counts. τ = 0.4; g = 0.4; q = 1 → on_track.
     * Line (0,10)-(2,14): slope 2; at 5: 20 = T → met. required = 6/3 = 2. */
    {.name = "ignores before and at base year", .y0 = 2020, .base = 10, .y1 = 2025,
     .target = 20, .polarity = 1,
     .obs = {{2018, 100}, {2022, 14}, {2020, 999}, {2019, 0}}, .nobs = 4,
     .cfg = &PM_PACE_DEFAULT, .status = PM_ST_ON_TRACK, .year = 2022, .value = 14,
     .gap = 0.4, .pace = 1, .proj = 20, .pmet = 1, .required = 2, .alert = false},
    /* Four observations, not collinear: B 0, T 100.
     * Points x 0..4 / y 0,10,30,35,70: x̄ = 2, ȳ = 145/5 = 29; Sxx = 4+1+0+1+4
     * = 10; Sxy = −2·0 − 1·10 + 0 + 1·35 + 2·70 = 165; slope 16.5;
     * proj(5) = 29 + 16.5·3 = 78.5 < 100. τ = 0.8; g = 0.7; q = 0.875 →
     * behind. required = 30/1. */
    {.name = "projection least squares several points", .y0 = 2020, .base = 0, .y1 = 2025,
     .target = 100, .polarity = 1, .obs = {{2024, 70}, {2022, 30}, {2021, 10}, {2023, 35}},
     .nobs = 4, .cfg = &PM_PACE_DEFAULT, .status = PM_ST_BEHIND, .year = 2024, .value = 70,
     .gap = 0.7, .pace = 0.875, .proj = 78.5, .pmet = 0, .required = 30, .alert = false},
    /* Tolerance = 1e-9 × 1000 = 1e-6. v = 1000 − 2^-20 (short by 9.54e-7 <
     * 1e-6) → achieved. g = v/1000 = 0.99999999904632568359375;
     * τ = 0.4; q = 2.5·g = 2.499999997615814208984375.
     * Line (0,0)-(2,v) at 5: 2.5·v = 2499.999997615814208984375 → met. */
    {.name = "tolerance edge achieved", .y0 = 2020, .base = 0, .y1 = 2025, .target = 1000,
     .polarity = 1, .obs = {{2022, 1000 - TWO_M20}}, .nobs = 1, .cfg = &PM_PACE_DEFAULT,
     .status = PM_ST_ACHIEVED, .early = true, .year = 2022, .value = 1000 - TWO_M20,
     .gap = 0.99999999904632568359375, .pace = 2.499999997615814208984375,
     .proj = 2499.999997615814208984375, .pmet = 1, .required = NAN, .alert = false},
    /* v = 1000 − 2^-19 (short by 1.91e-6 > 1e-6) → not achieved; q ≈ 2.5 →
     * on_track. g = 0.9999999980926513671875; q = 2.5·g =
     * 2.49999999523162841796875; proj = 2.5·v = 2499.99999523162841796875.
     * required = 2^-19/3 = 1.9073486328125e-6/3 = 6.357828776041667e-7. */
    {.name = "tolerance edge just outside", .y0 = 2020, .base = 0, .y1 = 2025,
     .target = 1000, .polarity = 1, .obs = {{2022, 1000 - TWO_M19}}, .nobs = 1,
     .cfg = &PM_PACE_DEFAULT, .status = PM_ST_ON_TRACK, .year = 2022,
     .value = 1000 - TWO_M19, .gap = 0.9999999980926513671875,
     .pace = 2.49999999523162841796875, .proj = 2499.99999523162841796875, .pmet = 1,
     .required = 6.357828776041667e-7, .alert = false},
    /* Threshold rows: y0 2020, y1 2024, t 2022 → τ = 2/4 = 0.5 exactly, so
     * q = 2·g is exact; B 0, T 100 → g = v/100. Line (0,0)-(2,v) at x = 4:
     * 2v. required = (100 − v)/2.
     * v 47.5: g = 0.475, q = 0.95 exactly the threshold → on_track.
     * proj 95; required 26.25. */
    {.name = "pace exactly 0.95 on track", .y0 = 2020, .base = 0, .y1 = 2024, .target = 100,
     .polarity = 1, .obs = {{2022, 47.5}}, .nobs = 1, .cfg = &PM_PACE_DEFAULT,
     .status = PM_ST_ON_TRACK, .year = 2022, .value = 47.5, .gap = 0.475, .pace = 0.95,
     .proj = 95, .pmet = 0, .required = 26.25, .alert = false},
    /* v 47.4: g 0.474, q 0.948 < 0.95 → behind. proj 94.8; required 26.3. */
    {.name = "pace just below 0.95 behind", .y0 = 2020, .base = 0, .y1 = 2024,
     .target = 100, .polarity = 1, .obs = {{2022, 47.4}}, .nobs = 1, .cfg = &PM_PACE_DEFAULT,
     .status = PM_ST_BEHIND, .year = 2022, .value = 47.4, .gap = 0.474, .pace = 0.948,
     .proj = 94.8, .pmet = 0, .required = 26.3, .alert = false},
    /* v 30: g 0.3, q 0.6 exactly → behind. proj 60; required 35. */
    {.name = "pace exactly 0.60 behind", .y0 = 2020, .base = 0, .y1 = 2024, .target = 100,
     .polarity = 1, .obs = {{2022, 30}}, .nobs = 1, .cfg = &PM_PACE_DEFAULT,
     .status = PM_ST_BEHIND, .year = 2022, .value = 30, .gap = 0.3, .pace = 0.6, .proj = 60,
     .pmet = 0, .required = 35, .alert = false},
    /* v 29.9: g 0.299, q 0.598 < 0.60 → lagging; binding → alert.
     * proj 59.8; required 70.1/2 = 35.05. */
    {.name = "pace just below 0.60 lagging", .y0 = 2020, .base = 0, .y1 = 2024,
     .target = 100, .polarity = 1, .binding = true, .obs = {{2022, 29.9}}, .nobs = 1,
     .cfg = &PM_PACE_DEFAULT, .status = PM_ST_LAGGING, .year = 2022, .value = 29.9,
     .gap = 0.299, .pace = 0.598, .proj = 59.8, .pmet = 0, .required = 35.05, .alert = true},
    /* v 0 = B: g 0, q 0 → lagging (0 ≤ q), not regressing. proj 0;
     * required 50. */
    {.name = "pace exactly 0 lagging", .y0 = 2020, .base = 0, .y1 = 2024, .target = 100,
     .polarity = 1, .obs = {{2022, 0}}, .nobs = 1, .cfg = &PM_PACE_DEFAULT,
     .status = PM_ST_LAGGING, .year = 2022, .value = 0, .gap = 0, .pace = 0, .proj = 0,
     .pmet = 0, .required = 50, .alert = false},
    /* Custom thresholds {0.75, 0.50}; T 8, B 0, τ 0.5 → q = 2·v/8.
     * v 3: g 0.375, q 0.75 → on_track (default would say behind).
     * proj 2·3 = 6; required 5/2 = 2.5. */
    {.name = "custom cfg on track at 0.75", .y0 = 2020, .base = 0, .y1 = 2024, .target = 8,
     .polarity = 1, .obs = {{2022, 3}}, .nobs = 1, .cfg = &CUSTOM, .status = PM_ST_ON_TRACK,
     .year = 2022, .value = 3, .gap = 0.375, .pace = 0.75, .proj = 6, .pmet = 0,
     .required = 2.5, .alert = false},
    /* v 2: g 0.25, q 0.5 → behind (default would say lagging).
     * proj 4; required 6/2 = 3. */
    {.name = "custom cfg behind at 0.50", .y0 = 2020, .base = 0, .y1 = 2024, .target = 8,
     .polarity = 1, .obs = {{2022, 2}}, .nobs = 1, .cfg = &CUSTOM, .status = PM_ST_BEHIND,
     .year = 2022, .value = 2, .gap = 0.25, .pace = 0.5, .proj = 4, .pmet = 0,
     .required = 3, .alert = false},
    /* v 1.875: g 0.234375, q 0.46875 < 0.50 → lagging.
     * proj 3.75; required 6.125/2 = 3.0625. */
    {.name = "custom cfg lagging below 0.50", .y0 = 2020, .base = 0, .y1 = 2024,
     .target = 8, .polarity = 1, .obs = {{2022, 1.875}}, .nobs = 1, .cfg = &CUSTOM,
     .status = PM_ST_LAGGING, .year = 2022, .value = 1.875, .gap = 0.234375,
     .pace = 0.46875, .proj = 3.75, .pmet = 0, .required = 3.0625, .alert = false},
    /* A NULL cfg means the default thresholds: same as "behind binding
     * alerts" (q 0.75 → behind). */
    {.name = "null cfg is default", .y0 = 2020, .base = 0, .y1 = 2025, .target = 100,
     .polarity = 1, .binding = true, .obs = {{2023, 45}}, .nobs = 1, .cfg = NULL,
     .status = PM_ST_BEHIND, .year = 2023, .value = 45, .gap = 0.45, .pace = 0.75,
     .proj = 75, .pmet = 0, .required = 27.5, .alert = true},
    /* A hole in the series (NAN value) is skipped: latest usable is
     * 2021: 12. τ = 1/5 = 0.2; g = 2/10 = 0.2; q = 1 → on_track.
     * Line (0,10)-(1,12): slope 2; at 5: 20 → met. required = 8/4 = 2. */
    {.name = "missing value skipped", .y0 = 2020, .base = 10, .y1 = 2025, .target = 20,
     .polarity = 1, .obs = {{2021, 12}, {2023, NAN}}, .nobs = 2, .cfg = &PM_PACE_DEFAULT,
     .status = PM_ST_ON_TRACK, .year = 2021, .value = 12, .gap = 0.2, .pace = 1, .proj = 20,
     .pmet = 1, .required = 2, .alert = false},
    /* y1 = y0: no plan period, so pace is null; 2021 is past y1 → missed.
     * g = 5/10 = 0.5. Line (0,10)-(1,15) at x = 0: 10 → not met. */
    {.name = "target year equals base year", .y0 = 2020, .base = 10, .y1 = 2020,
     .target = 20, .polarity = 1, .obs = {{2021, 15}}, .nobs = 1, .cfg = &PM_PACE_DEFAULT,
     .status = PM_ST_MISSED, .year = 2021, .value = 15, .gap = 0.5, .pace = NAN, .proj = 10,
     .pmet = 0, .required = NAN, .alert = false},
};

#define NCASES (sizeof cases / sizeof cases[0])

/* Null must be null; otherwise relative tolerance 1e-9 (absolute 1e-12
 * when the expected value is 0, where relative means nothing). */
static void check_num(const char *what, double got, double want)
{
    if (isnan(want)) {
        if (!isnan(got))
            fail_msg("%s: got %.17g, want null", what, got);
        return;
    }
    if (isnan(got))
        fail_msg("%s: got null, want %.17g", what, want);
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
    };
    pm_pace_out out;
    memset(&out, 0xA5, sizeof out); /* every field must be written */
    pm_pace(&in, c->cfg, &out);

    if (out.status != c->status)
        fail_msg("status: got %s, want %s", pm_status_key(out.status), pm_status_key(c->status));
    assert_int_equal(out.early, c->early);
    assert_int_equal(out.year, c->year);
    check_num("value", out.value, c->value);
    check_num("gap_share", out.gap_share, c->gap);
    check_num("pace", out.pace, c->pace);
    check_num("projected", out.projected, c->proj);
    assert_int_equal(out.projected_met, c->pmet);
    check_num("required", out.required, c->required);
    assert_int_equal(out.alert, c->alert);
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

static void test_default_cfg(void **state)
{
    (void)state;
    assert_true(PM_PACE_DEFAULT.on_track == 0.95);
    assert_true(PM_PACE_DEFAULT.behind == 0.60);
}

static void test_keys_round_trip(void **state)
{
    (void)state;
    static const char *const keys[PM_ST_COUNT] = {
        "no_data", "achieved", "on_track", "behind", "lagging", "regressing", "missed",
        "no_target",
    };
    for (int i = 0; i < PM_ST_COUNT; i++) {
        assert_string_equal(pm_status_key((pm_status)i), keys[i]);
        pm_status s = PM_ST_COUNT;
        assert_true(pm_status_parse(keys[i], &s));
        assert_int_equal(s, i);
    }
    pm_status s = PM_ST_ON_TRACK;
    assert_false(pm_status_parse("", &s));
    assert_false(pm_status_parse("On_Track", &s));
    assert_false(pm_status_parse("on_track ", &s));
    assert_false(pm_status_parse("符合预期", &s));
    assert_int_equal(s, PM_ST_ON_TRACK); /* untouched on failure */
}

static void test_labels(void **state)
{
    (void)state;
    assert_string_equal(pm_status_label(PM_ST_NO_DATA, false), "暂无数据");
    assert_string_equal(pm_status_label(PM_ST_ACHIEVED, false), "已完成");
    assert_string_equal(pm_status_label(PM_ST_ACHIEVED, true), "提前完成");
    assert_string_equal(pm_status_label(PM_ST_ON_TRACK, false), "符合预期");
    assert_string_equal(pm_status_label(PM_ST_BEHIND, false), "进度偏慢");
    assert_string_equal(pm_status_label(PM_ST_LAGGING, false), "明显滞后");
    assert_string_equal(pm_status_label(PM_ST_REGRESSING, false), "逆向变化");
    assert_string_equal(pm_status_label(PM_ST_MISSED, false), "未完成");
    assert_string_equal(pm_status_label(PM_ST_NO_TARGET, false), "无目标值");
    /* early changes only the achieved label */
    for (int i = 0; i < PM_ST_COUNT; i++) {
        if (i == PM_ST_ACHIEVED)
            continue;
        assert_string_equal(pm_status_label((pm_status)i, true),
                            pm_status_label((pm_status)i, false));
    }
}

int main(void)
{
    struct CMUnitTest tests[NCASES + 4];
    size_t n = 0;
    for (size_t i = 0; i < NCASES; i++) {
        tests[n++] = (struct CMUnitTest){cases[i].name, run_case, NULL, NULL, &cases[i]};
    }
    tests[n++] = (struct CMUnitTest)cmocka_unit_test(test_input_untouched);
    tests[n++] = (struct CMUnitTest)cmocka_unit_test(test_default_cfg);
    tests[n++] = (struct CMUnitTest)cmocka_unit_test(test_keys_round_trip);
    tests[n++] = (struct CMUnitTest)cmocka_unit_test(test_labels);
    return cmocka_run_group_tests_name("pace", tests, NULL, NULL);
}
