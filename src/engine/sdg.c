/* The `sdg` progress method: DESIGN "Method `sdg`", the growth-rate ratio of
 * Open SDG 2.4 (sdg-build's ProgressMeasure), itself after Eurostat.
 *
 * One series in, one judgement out: a progress value (the observed compound
 * annual growth rate, alone or as a share of the rate the target needs), a
 * status from fixed thresholds, and a score in -5..5. Pure: no I/O, no
 * allocation, no state. The arithmetic follows sdg-build's order of
 * operations so that results agree with its published outputs to the last
 * few bits, not merely within tolerance. */
#include "engine/sdg.h"

#include <math.h>
#include <stdbool.h>

/* Thresholds with a target: progress is a ratio of growth rates, so 1 means
 * "exactly on the path to the target". */
#define TARGET_HIGH 0.95
#define TARGET_MED 0.60
#define TARGET_LOW 0.0
/* Thresholds without a target: progress is the growth rate itself (1.5 %
 * and 0.5 % a year), before the natural-limit factor scales them. */
#define RATE_HIGH 0.015
#define RATE_MED 0.005
#define RATE_LOW 0.0
/* Exponent of the natural-limit factor: how sharply the expected growth
 * shrinks as the base nears its limit (sdg-build's constant). */
#define LIMIT_EXPONENT 4.44
/* A zero base has no growth rate; sdg-build substitutes this small value. */
#define ZERO_BASE 0.001

/* Compound annual growth rate from v0 in year t0 to v1 in year t1. The
 * caller guarantees t1 - t0 >= 1 and that v1/v0 is not negative. */
static double cagr(double v1, double v0, double t1, double t0)
{
    return pow(v1 / v0, 1.0 / (t1 - t0)) - 1.0;
}

/* The natural-limit factor C for |base| b and |limit| l: 1 far from the
 * limit, falling to 0 at it, so that a series already near its ceiling or
 * floor is not asked for the same growth as one with room to move. The
 * b >= 2l test comes first so that b = l = 0 gives 1, not 0/0. */
static double limit_factor(double b, double l)
{
    if (b >= 2.0 * l)
        return 1.0;
    if (b <= l)
        return 1.0 - pow(b / l, LIMIT_EXPONENT);
    return 1.0 - pow((2.0 * l - b) / l, LIMIT_EXPONENT);
}

static pm_sdg_status status_for(double progress, double high, double med,
                                double low)
{
    if (progress >= high)
        return PM_SDG_SUBSTANTIAL;
    if (progress >= med)
        return PM_SDG_MODERATE;
    if (progress >= low)
        return PM_SDG_LIMITED;
    return PM_SDG_DETERIORATION;
}

/* Score with a target. The rounded constants are sdg-build's and must stay
 * as they are to reproduce its scores: roughly the lines through (0.6, 0)
 * and (1.3, 5), and through (0, -2.5) and (0.6, 0), clamped to -5..5. */
static double score_with_target(double p)
{
    if (p >= TARGET_MED)
        return fmin(7.1429 * p - 4.2857, 5.0);
    return fmax(4.1667 * p - 2.5, -5.0);
}

/* Score without a target. Progress is divided by C so that a series near
 * its limit scores as if its reduced thresholds were the defaults. C = 0
 * means the base sits on the limit and did not move away from it: the best
 * that can be done, so 5. */
static double score_without_target(double p, double c)
{
    if (p < RATE_LOW * c)
        return fmax(125.0 * p - 2.5, -5.0);
    if (c == 0.0)
        return 5.0;
    if (p >= RATE_HIGH * c)
        return fmin(500.0 * p / c - 5.0, 5.0);
    if (p >= RATE_MED * c)
        return 250.0 * p / c - 1.25;
    return 500.0 * p / c - 2.5;
}

void pm_sdg(const pm_sdg_in *in, pm_sdg_out *out)
{
    /* DESIGN allows only +1 and -1; anything else is read by its sign so a
     * stray 2 cannot double the progress value. */
    const double d = in->direction < 0 ? -1.0 : 1.0;
    const bool has_target = !isnan(in->target);
    const bool has_limit = !has_target && !isnan(in->limit);
    /* Years as doubles: the differences of two arbitrary ints can overflow. */
    const double y0 = in->base_year;
    const double t = in->year;
    const double y1 = in->target_year;
    const double v = in->value;

    /* Step 1: a reached target ends the judgement, whatever the rate says. */
    const bool achieved = has_target && d * (v - in->target) >= 0.0;

    /* Step 2: the sign comes from the base as given, before a zero base is
     * replaced (a zero base counts as positive). */
    const double sign = in->base < 0.0 ? -1.0 : 1.0;
    const double b = in->base == 0.0 ? ZERO_BASE : in->base;

    /* C uses |B| as given, not the substitute for zero: sdg-build computes
     * its thresholds before it replaces a zero base. With b = 0 this gives
     * C = 1 (or 1 when l = 0 too) instead of 1 - (0.001/l)^4.44. */
    const double c = has_limit ? limit_factor(fabs(in->base), fabs(in->limit)) : 1.0;

    /* Steps 3-4: progress, or NAN (null) when it cannot be computed. */
    double progress = NAN;
    const bool opposite = (b > 0.0 && v < 0.0) || (b < 0.0 && v > 0.0);
    if (!opposite && t - y0 >= 1.0) {
        const double observed = cagr(v, b, t, y0);
        if (!has_target) {
            progress = sign * d * observed;
        } else if (y1 - y0 >= 1.0) {
            /* A target year not after the base year has no growth rate to
             * aim at (DESIGN is silent; sdg-build would divide by zero). */
            const double needed = cagr(in->target, b, y1, y0);
            if (needed != 0.0)
                progress = sign * d * observed / fabs(needed);
        }
    }
    /* NaN inputs (a missing base or value) leave progress NaN: null, never
     * a status read off a comparison with NaN. */

    out->progress = progress;
    if (achieved) {
        out->status = PM_SDG_TARGET_ACHIEVED;
        out->score = 5.0;
    } else if (isnan(progress)) {
        out->status = PM_SDG_NOT_AVAILABLE;
        out->score = NAN;
    } else if (has_target) {
        out->status = status_for(progress, TARGET_HIGH, TARGET_MED, TARGET_LOW);
        out->score = score_with_target(progress);
    } else {
        out->status = status_for(progress, RATE_HIGH * c, RATE_MED * c, RATE_LOW * c);
        out->score = score_without_target(progress, c);
    }
}

static const char *const status_keys[PM_SDG_COUNT] = {
    [PM_SDG_NOT_AVAILABLE] = "not_available",
    [PM_SDG_TARGET_ACHIEVED] = "target_achieved",
    [PM_SDG_SUBSTANTIAL] = "substantial_progress",
    [PM_SDG_MODERATE] = "moderate_progress",
    [PM_SDG_LIMITED] = "limited_progress",
    [PM_SDG_DETERIORATION] = "deterioration",
};

static const char *const status_labels[PM_SDG_COUNT] = {
    [PM_SDG_NOT_AVAILABLE] = "无法评估",
    [PM_SDG_TARGET_ACHIEVED] = "已达目标",
    [PM_SDG_SUBSTANTIAL] = "显著进展",
    [PM_SDG_MODERATE] = "适度进展",
    [PM_SDG_LIMITED] = "有限进展",
    [PM_SDG_DETERIORATION] = "退步",
};

/* Returns a static string; "" for a value outside the enum so that a
 * caller printing it never dereferences NULL. */
const char *pm_sdg_status_key(pm_sdg_status s)
{
    return (unsigned)s < PM_SDG_COUNT ? status_keys[s] : "";
}

/* Returns a static UTF-8 string; "" outside the enum, as above. */
const char *pm_sdg_status_label(pm_sdg_status s)
{
    return (unsigned)s < PM_SDG_COUNT ? status_labels[s] : "";
}
