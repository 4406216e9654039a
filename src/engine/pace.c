/* The `pace` progress method: DESIGN "Judging progress" → "Method `pace`"
 * (the 时间过半、任务过半 rule of Chinese plan evaluations).
 *
 * Judges one indicator from its base, target and observed series: where it
 * stands (status), how far along the gap it has come against how far along
 * the plan period we are (gap share, pace), where a straight line through
 * the series lands in the target year (projection), and what yearly change
 * would still reach the target.
 *
 * Pure: no I/O, no allocation. The series is scanned in place (any order,
 * any length) rather than sorted, so there is no cap on its size. */
#include "engine/pace.h"

#include <math.h>
#include <string.h>

#include "engine/lsq.h"

const pm_pace_cfg PM_PACE_DEFAULT = {0.95, 0.60};

/* An observation takes part only when its value is a number: a series read
 * from a file may carry a hole ("2021:") as NAN, which must not poison the
 * sums below. DESIGN assumes every observation has a value. */
static bool obs_usable(const pm_obs *o)
{
    return isfinite(o->value);
}

/* Tolerance for "reached the target" (DESIGN: 1e-9 × max(1, |T|)), so that
 * a value printed and read back, or a ratio that rounds, still counts. */
static double target_tol(double target)
{
    double a = fabs(target);
    return 1e-9 * (a > 1.0 ? a : 1.0);
}

static bool meets(int polarity, double value, double target)
{
    return polarity * (value - target) >= -target_tol(target);
}

/* Every output field null: the shape no_data has, and the starting point
 * for the other statuses. */
static void out_null(pm_pace_out *out)
{
    out->status = PM_ST_NO_DATA;
    out->early = false;
    out->year = 0;
    out->value = NAN;
    out->gap_share = NAN;
    out->pace = NAN;
    out->projected = NAN;
    out->projected_met = -1;
    out->required = NAN;
    out->alert = false;
}

/* Least-squares line through the base point (y0, base) and every usable
 * observation after y0, evaluated at y1 (engine/lsq.h). Observations are
 * already known to be no later than t, the latest one. The earliest
 * observation that became the base (no baseline given) has year y0, so it
 * enters once, as the base point. NAN with fewer than two points or when
 * every point has the same year. */
static double project(const pm_pace_in *in, int y0, double base, int y1)
{
    pm_obs b = {y0, base};
    pm_lsq line;
    return pm_lsq_fit(&b, in->obs, in->nobs, &line) ? pm_lsq_at(&line, y1) : NAN;
}

/* Fills every field of *out (nothing is left from a previous call). A NULL
 * cfg means PM_PACE_DEFAULT, so callers without settings need not name it. */
void pm_pace(const pm_pace_in *in, const pm_pace_cfg *cfg, pm_pace_out *out)
{
    if (!cfg)
        cfg = &PM_PACE_DEFAULT;
    out_null(out);

    /* Anything but -1 is read as "higher is better", the default polarity. */
    int p = in->polarity < 0 ? -1 : 1;
    double T = in->target;
    int y1 = in->target_year;

    /* Rule 1: the effective base. Without a baseline a cumulative indicator
     * starts from 0 in the base year; any other takes its earliest
     * observation as base, and that observation's year as y0 (even when it
     * lies before the plan's base year: it is the nearest thing to a start
     * value the data has). */
    int y0 = in->base_year;
    double B = in->base;
    if (isnan(B)) {
        if (in->cumulative) {
            B = 0.0;
        } else {
            const pm_obs *first = NULL;
            for (size_t i = 0; i < in->nobs; i++)
                if (obs_usable(&in->obs[i]) && (!first || in->obs[i].year < first->year))
                    first = &in->obs[i];
            if (!first)
                return; /* no_data */
            y0 = first->year;
            B = first->value;
        }
    }

    /* The latest observation after y0 (at y0 is the base itself, or is
     * ignored because a baseline was given). */
    const pm_obs *last = NULL;
    for (size_t i = 0; i < in->nobs; i++) {
        const pm_obs *o = &in->obs[i];
        if (obs_usable(o) && o->year > y0 && (!last || o->year > last->year))
            last = o;
    }
    if (!last)
        return; /* no_data */
    int t = last->year;
    double v = last->value;
    out->year = t;
    out->value = v;

    /* Rule 2 (our extension): with no target there is nothing to measure
     * against; say where the indicator stands and no more. */
    if (isnan(T)) {
        out->status = PM_ST_NO_TARGET;
        return;
    }

    /* Gap share and pace are reported for every status from here on. τ needs
     * a plan period: a target year at or before y0 has none, so pace stays
     * null; such a plan still gets achieved/missed, because then every
     * t > y0 is already at or past y1. */
    double g = NAN, q = NAN;
    if (T != B)
        g = (v - B) / (T - B);
    if (y1 > y0 && !isnan(g)) {
        double tau = ((double)t - y0) / ((double)y1 - y0);
        q = g / tau;
    }
    out->gap_share = g;
    out->pace = q;

    out->projected = project(in, y0, B, y1);
    if (!isnan(out->projected))
        out->projected_met = meets(p, out->projected, T) ? 1 : 0;

    if (meets(p, v, T)) {
        out->status = PM_ST_ACHIEVED;
        out->early = t < y1;
    } else if (t >= y1) {
        out->status = PM_ST_MISSED;
    } else {
        /* Here y0 < t < y1, so τ is in (0, 1) and q is a number unless
         * T = B; then any shortfall from a target that equals the base is a
         * step backwards. */
        if (T == B)
            out->status = PM_ST_REGRESSING;
        else if (q >= cfg->on_track)
            out->status = PM_ST_ON_TRACK;
        else if (q >= cfg->behind)
            out->status = PM_ST_BEHIND;
        else if (q >= 0.0)
            out->status = PM_ST_LAGGING;
        else
            out->status = PM_ST_REGRESSING;
        out->required = (T - v) / ((double)y1 - t);
    }

    switch (out->status) {
    case PM_ST_BEHIND:
    case PM_ST_LAGGING:
    case PM_ST_REGRESSING:
    case PM_ST_MISSED:
        out->alert = in->binding;
        break;
    default:
        break;
    }
}

static const char *const status_keys[PM_ST_COUNT] = {
    [PM_ST_NO_DATA] = "no_data",
    [PM_ST_ACHIEVED] = "achieved",
    [PM_ST_ON_TRACK] = "on_track",
    [PM_ST_BEHIND] = "behind",
    [PM_ST_LAGGING] = "lagging",
    [PM_ST_REGRESSING] = "regressing",
    [PM_ST_MISSED] = "missed",
    [PM_ST_NO_TARGET] = "no_target",
};

static const char *const status_labels[PM_ST_COUNT] = {
    [PM_ST_NO_DATA] = "暂无数据",
    [PM_ST_ACHIEVED] = "已完成",
    [PM_ST_ON_TRACK] = "符合预期",
    [PM_ST_BEHIND] = "进度偏慢",
    [PM_ST_LAGGING] = "明显滞后",
    [PM_ST_REGRESSING] = "逆向变化",
    [PM_ST_MISSED] = "未完成",
    [PM_ST_NO_TARGET] = "无目标值",
};

/* An out-of-range status reads as no_data rather than NULL, so that callers
 * printing it never hand NULL to a format. */
const char *pm_status_key(pm_status s)
{
    if ((unsigned)s >= PM_ST_COUNT)
        s = PM_ST_NO_DATA;
    return status_keys[s];
}

const char *pm_status_label(pm_status s, bool early)
{
    if (s == PM_ST_ACHIEVED && early)
        return "提前完成";
    if ((unsigned)s >= PM_ST_COUNT)
        s = PM_ST_NO_DATA;
    return status_labels[s];
}

bool pm_status_parse(const char *key, pm_status *s)
{
    if (!key)
        return false;
    for (int i = 0; i < PM_ST_COUNT; i++) {
        if (!strcmp(key, status_keys[i])) {
            *s = (pm_status)i;
            return true;
        }
    }
    return false;
}
