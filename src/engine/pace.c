/* The `pace` progress method: DESIGN "Judging progress" → "Method `pace`"
 * (the 时间过半、任务过半 rule of Chinese plan evaluations).
 *
 * Judges one indicator from its base, target and observed series: where it
 * stands (status), how far along the gap it has come against how far along
 * the plan period we are (gap share, pace), where a straight line through
 * the series lands in the target year (projection, clamped to the
 * indicator's natural limits), what yearly change would still reach the
 * target, and from those two the outlook (趋势判断). A target the base
 * already met is judged on keeping it (maintain: 保持达标 / 未能保持).
 * The labels are the one set of words every output uses.
 *
 * Pure: no I/O, no allocation. The series is scanned in place (any order,
 * any length) rather than sorted, so there is no cap on its size. */
#include "engine/pace.h"

#include <assert.h>
#include <math.h>
#include <string.h>

#include "engine/lsq.h"

const pm_pace_cfg PM_PACE_DEFAULT = {0.95, 0.60, 1.2};

static pm_pace_cfg settings = {0.95, 0.60, 1.2};

const pm_pace_cfg *pm_pace_settings(void)
{
    return &settings;
}

bool pm_pace_configure(const pm_pace_cfg *cfg)
{
    if (!isfinite(cfg->on_track) || !isfinite(cfg->behind) || !isfinite(cfg->ahead) || cfg->behind < 0 ||
        !(cfg->behind < cfg->on_track) || !(cfg->on_track <= cfg->ahead))
        return false;
    settings = *cfg;
    return true;
}

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

/* Every output field null: the shape no_data has, and the starting point
 * for the other statuses. */
static const pm_pace_out out_null = {
    .status = PM_ST_NO_DATA,
    .base = NAN,
    .value = NAN,
    .gap_share = NAN,
    .pace = NAN,
    .projected = NAN,
    .projected_met = -1,
    .required = NAN,
    .outlook = PM_OUTLOOK_NONE,
};

/* Least-squares line through the base point (y0, base) and every usable
 * observation of fit[0..n) after y0 (engine/lsq.h), evaluated at y1 by the
 * caller: the projection and its slope. Observations are already known to
 * be no later than t, the latest one. The earliest observation that
 * became the base (no baseline given) has year y0, so it enters once, as
 * the base point. Called once an observation after y0 is known, so there
 * are two points at different years, unless the base is infinite (a
 * town's ratio over zero in the base year): that is no point of a line,
 * and with one observation after y0 there is no line, which is false
 * here and a null projection (rule 5: fewer than two points). */
static bool project(int y0, double base, const pm_obs *fit, size_t n, pm_lsq *line)
{
    pm_obs b = {y0, base};
    bool fitted = pm_lsq_fit(&b, fit, n, line);
    assert(fitted || isinf(base));
    return fitted;
}

/* A projection never leaves the indicator's natural range (a share does
 * not reach 104 %). No limits are −inf and +inf: no value is below or
 * above them, NaN included, so x comes back as it is. */
static inline double clamp(double x, double min, double max)
{
    if (x < min)
        return min;
    if (x > max)
        return max;
    return x;
}

/* Rule 1: the effective base. Without a baseline a cumulative indicator
 * starts from 0 in the base year; any other takes its earliest observation
 * as base, and that observation's year as y0 (even when it lies before the
 * plan's base year: it is the nearest thing to a start value the data
 * has). False when there is no base at all (no_data). */
static bool effective_base(const pm_pace_in *in, int *y0, double *B)
{
    *y0 = in->base_year;
    *B = in->base;
    if (!isnan(*B))
        return true;
    if (in->cumulative) {
        *B = 0.0;
        return true;
    }
    const pm_obs *first = NULL;
    for (size_t i = 0; i < in->nobs; i++)
        if (obs_usable(&in->obs[i]) && (!first || in->obs[i].year < first->year))
            first = &in->obs[i];
    if (!first)
        return false;
    *y0 = first->year;
    *B = first->value;
    return true;
}

/* The latest observation after y0 (at y0 is the base itself, or is ignored
 * because a baseline was given); NULL when none. */
static const pm_obs *latest_after(const pm_pace_in *in, int y0)
{
    const pm_obs *last = NULL;
    for (size_t i = 0; i < in->nobs; i++) {
        const pm_obs *o = &in->obs[i];
        if (obs_usable(o) && o->year > y0 && (!last || o->year > last->year))
            last = o;
    }
    return last;
}

/* Rule 4's pace scale, for a target the baseline had not yet met. */
static pm_status pace_status(double q, const pm_pace_cfg *cfg)
{
    if (q >= cfg->on_track)
        return PM_ST_ON_TRACK;
    if (q >= cfg->behind)
        return PM_ST_BEHIND;
    if (q >= 0.0)
        return PM_ST_LAGGING;
    return PM_ST_REGRESSING;
}

/* 趋势判断 (DESIGN "Outlook"): from the clamped projection, the line's
 * slope s and the required yearly change r. Only for a judgment still
 * open (not achieved, not missed) with a projection (judge gives none
 * without one). A trend that needs at most doubling is "difficult", not
 * hopeless. DESIGN also asks p·s > 0: it follows, because an open
 * judgment has p·r > 0 (v falls short of T by more than the tolerance). */
static pm_outlook outlook(pm_status status, int projected_met, double required, int p, double slope)
{
    switch (status) {
    case PM_ST_ON_TRACK:
    case PM_ST_BEHIND:
    case PM_ST_LAGGING:
    case PM_ST_REGRESSING:
        break;
    default:
        return PM_OUTLOOK_NONE;
    }
    assert(projected_met >= 0 && p * required > 0.0);
    if (projected_met)
        return PM_OUTLOOK_LIKELY;
    if (p * required <= 2.0 * p * slope)
        return PM_OUTLOOK_AT_RISK;
    return PM_OUTLOOK_UNLIKELY;
}

/* Rule 7 and the outlook's alert: a binding indicator off pace, gone
 * backwards, missed, or heading for a miss. */
static bool alerts(pm_status status, pm_outlook o)
{
    switch (status) {
    case PM_ST_BEHIND:
    case PM_ST_LAGGING:
    case PM_ST_REGRESSING:
    case PM_ST_MISSED:
        return true;
    default:
        return o == PM_OUTLOOK_UNLIKELY;
    }
}

/* The series length pm_pace_years is specialised for: a five-year plan's
 * base year and its five years (2020–2025 for the 14th), the years the
 * engine holds for such a plan. */
enum { DENSE = 6 };

/* What rules 2–7 read that is the same for every prefix of a series: the
 * effective base (rule 1), the target, and what follows from the two. */
typedef struct goal {
    const pm_pace_cfg *cfg;
    double min, max; /* the limits, −inf and +inf without (one test less a judgment) */
    int p;         /* polarity: anything but -1 is read as "higher is better" */
    int y0, y1;
    double B, T;
    double tol;    /* target_tol(T) */
    double gap;    /* T − B, the gap share's denominator */
    double period; /* y1 − y0, τ's denominator */
    bool maintain; /* rule 4: the base already met the target */
    bool binding;
} goal;

static inline bool reaches(const goal *g, double value)
{
    return g->p * (value - g->T) >= -g->tol;
}

/* The indicator's share of a goal: what every series of it is judged
 * with (pm_pace_years_units makes it once for many). */
static inline goal goal_shared(const pm_pace_in *in, const pm_pace_cfg *cfg)
{
    return (goal){
        .cfg = cfg,
        .min = in->limits ? in->limits->min : -INFINITY,
        .max = in->limits ? in->limits->max : INFINITY,
        .p = in->polarity < 0 ? -1 : 1,
        .y1 = in->target_year,
        .binding = in->binding,
    };
}

/* The series' own share: its effective base (y0, B) and its target T. */
static inline void goal_set(goal *g, int y0, double B, double T)
{
    g->y0 = y0;
    g->B = B;
    g->T = T;
    g->tol = target_tol(T);
    g->gap = T - B;
    g->period = (double)g->y1 - y0;
    g->maintain = reaches(g, B); /* false for a NaN target */
}

static inline goal goal_of(const pm_pace_in *in, const pm_pace_cfg *cfg, int y0, double B)
{
    goal g = goal_shared(in, cfg);
    goal_set(&g, y0, B, in->target);
    return g;
}

/* Rule 2 (our extension): with no target there is nothing to measure
 * against; say where the indicator stands (the effective base, the latest
 * observation t, v) and no more. Every other judgment starts from it. */
static inline pm_pace_out no_target(const goal *g, int t, double v)
{
    pm_pace_out o = out_null;
    o.status = PM_ST_NO_TARGET;
    o.base_year = g->y0;
    o.base = g->B;
    o.year = t;
    o.value = v;
    return o;
}

/* Rules 3–7 for a goal with a target, once rules 1 and 5 have found their
 * inputs: the latest observation after y0 (t, v; tau = (t − y0) / (y1 −
 * y0), τ, read only when the base has not met the target and y1 > y0:
 * anything else then) and the fitted line, or
 * NULL when there is none (projection and outlook null).
 * Every way of finding them (pm_pace: any order; pm_pace_sorted:
 * ascending and finite; pm_pace_years: every prefix of such a series)
 * ends here, so they cannot judge differently. Always inline (GCC left it a call, ~20
 * instructions of a judgment's ~100), because pm_pace_years calls it once
 * a year and it is most of a judgment's work. */
__attribute__((always_inline)) static inline void judge(const goal *g, int t, double tau, double v,
                                                       const pm_lsq *line, pm_pace_out *out)
{
    double T = g->T;

    /* Rule 4: a target the base already met (T = B included) has no gap to
     * close, so gap share and pace stay null whatever the status. τ needs a
     * plan period: a target year at or before y0 has none, so pace stays
     * null; such a plan still gets achieved/missed, because then every
     * t > y0 is already at or past y1. τ is not clamped. */
    double gap_share = NAN, q = NAN;
    if (!g->maintain) {
        gap_share = (v - g->B) / g->gap;
        if (g->y1 > g->y0)
            q = gap_share / tau;
    }

    /* pm_pace_years always has a line: there the test folds away. */
    double projected = NAN;
    int projected_met = -1;
    if (line) {
        projected = clamp(pm_lsq_at(line, g->y1), g->min, g->max);
        projected_met = reaches(g, projected);
    }

    pm_status status;
    bool early = false, ahead = false;
    double required = NAN;
    if (reaches(g, v)) {
        status = PM_ST_ACHIEVED;
        early = t < g->y1;
    } else if (t >= g->y1) {
        status = PM_ST_MISSED;
    } else {
        /* Here y0 < t < y1, so τ is in (0, 1) and q is a number unless the
         * base met the target: then falling short is failing to keep it. */
        status = g->maintain ? PM_ST_REGRESSING : pace_status(q, g->cfg);
        ahead = status == PM_ST_ON_TRACK && q >= g->cfg->ahead;
        required = (T - v) / ((double)g->y1 - t);
    }
    pm_outlook look = line ? outlook(status, projected_met, required, g->p, line->slope) : PM_OUTLOOK_NONE;
    /* Field by field, each stored once (a local judgment copied out
     * cost ~25 instructions a judgment). */
    out->status = status;
    out->early = early;
    out->maintain = g->maintain;
    out->ahead = ahead;
    out->alert = g->binding && alerts(status, look);
    out->base_year = g->y0;
    out->year = t;
    out->projected_met = projected_met;
    out->outlook = look;
    out->base = g->B;
    out->value = v;
    out->gap_share = gap_share;
    out->pace = q;
    out->projected = projected;
    out->required = required;
}

/* Rules 2–7 for the latest observation after y0 and the points the line is
 * fitted through (fit[0..nfit), filtered by pm_lsq_fit as usual). */
static void judge_fit(const pm_pace_in *in, const pm_pace_cfg *cfg, int y0, double B, const pm_obs *last,
                      const pm_obs *fit, size_t nfit, pm_pace_out *out)
{
    goal g = goal_of(in, cfg, y0, B);
    if (isnan(g.T)) {
        *out = no_target(&g, last->year, last->value);
        return;
    }
    pm_lsq line;
    judge(&g, last->year, ((double)last->year - y0) / g.period, last->value,
          project(y0, B, fit, nfit, &line) ? &line : NULL, out);
}

/* Fills every field of *out (nothing is left from a previous call). A NULL
 * cfg means the process's settings, so callers need not name them. */
void pm_pace(const pm_pace_in *in, const pm_pace_cfg *cfg, pm_pace_out *out)
{
    if (!cfg)
        cfg = &settings;
    *out = out_null;
    int y0;
    double B;
    if (!effective_base(in, &y0, &B))
        return; /* no_data */
    const pm_obs *last = latest_after(in, y0);
    if (!last)
        return; /* no_data */
    judge_fit(in, cfg, y0, B, last, in->obs, in->nobs, out);
}

/* The same judgment without the scans: in a series in ascending order with
 * only finite values, the earliest observation is the first, the latest
 * the last, and the points after y0 a suffix, handed to the fit in the
 * order pm_pace's filter would visit them (the same sums, bit for bit). */
void pm_pace_sorted(const pm_pace_in *in, const pm_pace_cfg *cfg, pm_pace_out *out)
{
    if (!cfg)
        cfg = &settings;
    *out = out_null;
    const pm_obs *obs = in->obs;
    size_t n = in->nobs;
#ifndef NDEBUG
    for (size_t k = 0; k < n; k++)
        assert(isfinite(obs[k].value) && (k == 0 || obs[k - 1].year < obs[k].year));
#endif
    int y0 = in->base_year;
    double B = in->base;
    if (isnan(B)) {
        if (in->cumulative) {
            B = 0.0;
        } else {
            if (!n)
                return; /* no_data */
            y0 = obs[0].year;
            B = obs[0].value;
        }
    }
    if (!n || obs[n - 1].year <= y0)
        return; /* no_data: nothing after y0 */
    size_t first = 0;
    while (obs[first].year <= y0)
        first++;
    judge_fit(in, cfg, y0, B, &obs[n - 1], obs + first, n - first, out);
}

/* τ = x / (y1 − year0) for x = 1 .. DENSE − 1 (tau[0] unused): the dense
 * path's, where y0 = year0, made once for all the series of a goal (one
 * division a judgment fewer). The same bits as x / g->period there: x is
 * an integer, exact in a double. */
static inline void dense_tau(const goal *g, int year0, double tau[DENSE])
{
    double period = (double)g->y1 - year0;
    tau[0] = NAN;
    for (int x = 1; x < DENSE; x++)
        tau[x] = x / period;
}

/* The fitted judgments of a dense series (y0 = year0, a finite base B,
 * a target, and a finite value every year after y0, DENSE years): what
 * the general loop in years() gives, bit for bit, with the loops fully
 * unrolled and the fit's x side constants. There x = 1 .. n for the
 * prefix of n points after y0, so every sum over x is exact in a double:
 * the mean of x (sx / (n + 1) with sx = n(n + 1)/2) is n/2, each x − mx
 * a multiple of 1/2 and sxx = mx² + Σ (x − mx)² = n(n + 1)(n + 2)/12,
 * whatever the order of the additions. The value side, sy and sxy, gets
 * the same operations in the same order as pm_lsq_fit_sums (sxy starts
 * from the base point's (0 − mx)(B − my)). */
__attribute__((always_inline)) static inline void fitted_dense(const goal *g, int year0, const double *vals,
                                                              const double *tau, pm_pace_out *out)
{
    double B = g->B, sy = B;
#pragma GCC unroll DENSE
    for (int n = 1; n < DENSE; n++) {
        double v = vals[n];
        sy += v;
        double mx = 0.5 * n, my = sy / (n + 1.0);
        double sxy = (0.0 - mx) * (B - my);
#pragma GCC unroll DENSE
        for (int i = 1; i <= n; i++)
            sxy += ((double)i - mx) * (vals[i] - my);
        pm_lsq line = {.origin = g->y0, .mx = mx, .my = my, .slope = sxy / (n * (n + 1.0) * (n + 2.0) / 12.0)};
        judge(g, year0 + n, tau[n], v, &line, &out[n]);
    }
}

/* pm_pace on every prefix of a series given year by year. Rule 1
 * gives the same base for every prefix that has an observation (the
 * baseline, 0, or the series' first observation), so the fit's first sums
 * (count, years, values) are carried from one prefix to the next in the
 * order pm_lsq_fit adds them; only its second pass, centred on each
 * prefix's means, is done again, over the points kept in xv[]. A year
 * without an observation, or at or before y0, leaves the judgment of the
 * year before (no_data before any). A ±inf value is no observation:
 * pm_pace leaves non-finite values out of everything it reads. The rules
 * read what does not change from year to year from a goal made once:
 * g holds the indicator's share (goal_shared), base and target are the
 * series' own (in's are not read; its other fields are). A series of
 * DENSE years with y0 its first and a value in every later year (most of
 * them) takes fitted_dense, with τ from tau[] (dense_tau). */
__attribute__((always_inline)) static inline void years(const pm_pace_in *in, goal g, const double *tau,
                                                       double base, double target, int year0, const double *vals,
                                                       size_t nyears, pm_pace_out *out)
{
    int y0 = in->base_year;
    double B = base;
    if (isnan(B) && in->cumulative) {
        B = 0.0;
    } else if (isnan(B)) {
        size_t f = 0;
        while (f < nyears && !isfinite(vals[f]))
            f++;
        if (f == nyears) { /* no observation at all */
            for (size_t y = 0; y < nyears; y++)
                out[y] = out_null;
            return;
        }
        y0 = year0 + (int)f;
        B = vals[f];
    }
    if (isinf(B)) {
        /* An infinite baseline, which is no point of the line (and with
         * one observation after y0 leaves none): the general method,
         * prefix by prefix. */
        pm_obs obs[PM_PACE_MAX_YEARS];
        pm_pace_in prefix = *in;
        prefix.base = base;
        prefix.target = target;
        prefix.obs = obs;
        prefix.nobs = 0;
        for (size_t y = 0; y < nyears; y++) {
            if (!isnan(vals[y]))
                obs[prefix.nobs++] = (pm_obs){year0 + (int)y, vals[y]};
            pm_pace(&prefix, g.cfg, &out[y]);
        }
        return;
    }
    goal_set(&g, y0, B, target);
    if (nyears == DENSE && y0 == year0) {
        /* The common series: every year after y0 a finite value (v · 0 is
         * 0 for a finite v, NaN for ±inf and NaN). */
        double holes = 0.0;
#pragma GCC unroll DENSE
        for (size_t y = 1; y < DENSE; y++)
            holes += vals[y] * 0.0;
        if (holes == 0.0) {
            out[0] = out_null; /* y0: nothing after it yet */
            if (isnan(g.T)) {
#pragma GCC unroll DENSE
                for (size_t y = 1; y < DENSE; y++)
                    out[y] = no_target(&g, year0 + (int)y, vals[y]);
            } else {
                fitted_dense(&g, year0, vals, tau, out);
            }
            return;
        }
    }
    /* The years at or before y0 have nothing after y0 yet (no_data): done
     * first, so the loops below need not test t > y0 every year. */
    size_t y = 0;
    for (; y < nyears && year0 + (int)y <= y0; y++)
        out[y] = out_null;
    const pm_pace_out *before = &out_null;
    if (isnan(g.T)) { /* rule 2 alone: no fit */
        for (; y < nyears; y++) {
            if (isfinite(vals[y])) {
                out[y] = no_target(&g, year0 + (int)y, vals[y]);
                before = &out[y];
            } else {
                out[y] = *before;
            }
        }
        return;
    }
    pm_lsq_pair sum = {0.0, B}, xv[PM_PACE_MAX_YEARS]; /* the base point first, x = 0 */
    pm_lsq_pair m = {1.0, 1.0}; /* the points in sum, n + 1 */
    size_t n = 0;
    /* x = t − y0 counted up from the first year after y0: exact in a
     * double, so the same bits as (double)t − y0 (an integer that small). */
    double x = (double)(year0 + (int)y) - y0;
    for (; y < nyears; y++, x += 1.0) {
        double val = vals[y];
        if (!isfinite(val)) {
            out[y] = *before; /* the same prefix */
            continue;
        }
        xv[n] = (pm_lsq_pair){x, val};
        sum += xv[n];
        n++;
        m += (pm_lsq_pair){1.0, 1.0};
        pm_lsq line;
        pm_lsq_fit_sums(sum, m, y0, B, xv, n, &line);
        judge(&g, year0 + (int)y, x / g.period, val, &line, &out[y]);
        before = &out[y];
    }
}

void pm_pace_years(const pm_pace_in *in, const pm_pace_cfg *cfg, int year0, const double *vals, size_t nyears,
                   pm_pace_out *out)
{
    assert(nyears <= PM_PACE_MAX_YEARS);
    if (!cfg)
        cfg = &settings;
    goal g = goal_shared(in, cfg);
    double tau[DENSE];
    dense_tau(&g, year0, tau);
    years(in, g, tau, in->base, in->target, year0, vals, nyears, out);
}

/* The goal's shared part made once; per series only the gather of its
 * values and its own base and target (the same body as pm_pace_years:
 * the same bits). */
void pm_pace_years_units(const pm_pace_in *in, const pm_pace_cfg *cfg, int year0, const double *const *rows,
                         size_t nyears, size_t first, size_t n, const pm_goalpost *g, pm_pace_out *out)
{
    assert(nyears <= PM_PACE_MAX_YEARS);
    if (!cfg)
        cfg = &settings;
    goal shared = goal_shared(in, cfg);
    double tau[DENSE];
    dense_tau(&shared, year0, tau);
    if (nyears == DENSE) {
        /* The common length: the gather unrolled, and years() inlined with
         * a constant length (its loops of a known trip count). */
        for (size_t k = 0; k < n; k++, out += DENSE) {
            double vals[DENSE];
#pragma GCC unroll DENSE
            for (size_t y = 0; y < DENSE; y++)
                vals[y] = rows[y][first + k];
            years(in, shared, tau, g[k].baseline, g[k].target, year0, vals, DENSE, out);
        }
        return;
    }
    for (size_t k = 0; k < n; k++, out += nyears) {
        double vals[PM_PACE_MAX_YEARS];
        for (size_t y = 0; y < nyears; y++)
            vals[y] = rows[y][first + k];
        years(in, shared, tau, g[k].baseline, g[k].target, year0, vals, nyears, out);
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
    [PM_ST_MANUAL] = "manual",
};

static const char *const label_texts[PM_LB_COUNT] = {
    [PM_LB_EARLY] = "提前完成",    [PM_LB_DONE] = "已完成",         [PM_LB_KEPT] = "保持达标",
    [PM_LB_AHEAD] = "快于预期",    [PM_LB_ON_TRACK] = "符合预期",   [PM_LB_BEHIND] = "进度偏慢",
    [PM_LB_LAGGING] = "明显滞后",  [PM_LB_REGRESSING] = "逆向变化", [PM_LB_NOT_KEPT] = "未能保持",
    [PM_LB_MISSED] = "未完成",     [PM_LB_NO_TARGET] = "无目标值",  [PM_LB_NO_DATA] = "暂无数据",
    [PM_LB_MANUAL] = "人工评价",
};

/* An out-of-range status reads as no_data rather than NULL, so that callers
 * printing it never hand NULL to a format. */
const char *pm_status_key(pm_status s)
{
    if ((unsigned)s >= PM_ST_COUNT)
        s = PM_ST_NO_DATA;
    return status_keys[s];
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

pm_label pm_pace_label(const pm_pace_out *o)
{
    switch (o->status) {
    case PM_ST_ACHIEVED:
        return o->maintain ? PM_LB_KEPT : o->early ? PM_LB_EARLY : PM_LB_DONE;
    case PM_ST_ON_TRACK:
        return o->ahead ? PM_LB_AHEAD : PM_LB_ON_TRACK;
    case PM_ST_BEHIND:
        return PM_LB_BEHIND;
    case PM_ST_LAGGING:
        return PM_LB_LAGGING;
    case PM_ST_REGRESSING:
        return o->maintain ? PM_LB_NOT_KEPT : PM_LB_REGRESSING;
    case PM_ST_MISSED:
        return PM_LB_MISSED;
    case PM_ST_NO_TARGET:
        return PM_LB_NO_TARGET;
    case PM_ST_MANUAL:
        return PM_LB_MANUAL;
    default:
        return PM_LB_NO_DATA;
    }
}

const char *pm_label_text(pm_label l)
{
    return (unsigned)l < PM_LB_COUNT ? label_texts[l] : label_texts[PM_LB_NO_DATA];
}

pm_status pm_label_status(pm_label l)
{
    static const pm_status of[PM_LB_COUNT] = {
        [PM_LB_EARLY] = PM_ST_ACHIEVED,       [PM_LB_DONE] = PM_ST_ACHIEVED,
        [PM_LB_KEPT] = PM_ST_ACHIEVED,        [PM_LB_AHEAD] = PM_ST_ON_TRACK,
        [PM_LB_ON_TRACK] = PM_ST_ON_TRACK,    [PM_LB_BEHIND] = PM_ST_BEHIND,
        [PM_LB_LAGGING] = PM_ST_LAGGING,      [PM_LB_REGRESSING] = PM_ST_REGRESSING,
        [PM_LB_NOT_KEPT] = PM_ST_REGRESSING,  [PM_LB_MISSED] = PM_ST_MISSED,
        [PM_LB_NO_TARGET] = PM_ST_NO_TARGET,  [PM_LB_NO_DATA] = PM_ST_NO_DATA,
        [PM_LB_MANUAL] = PM_ST_MANUAL,
    };
    return (unsigned)l < PM_LB_COUNT ? of[l] : PM_ST_NO_DATA;
}

const char *pm_status_label(pm_status s, bool early)
{
    pm_pace_out o = {.status = s, .early = early};
    return pm_label_text(pm_pace_label(&o));
}

static const char *const outlook_keys[PM_OUTLOOK_COUNT] = {
    [PM_OUTLOOK_NONE] = NULL,
    [PM_OUTLOOK_LIKELY] = "likely",
    [PM_OUTLOOK_AT_RISK] = "at_risk",
    [PM_OUTLOOK_UNLIKELY] = "unlikely",
};

static const char *const outlook_labels[PM_OUTLOOK_COUNT] = {
    [PM_OUTLOOK_NONE] = "",
    [PM_OUTLOOK_LIKELY] = "预计能完成",
    [PM_OUTLOOK_AT_RISK] = "完成有难度",
    [PM_OUTLOOK_UNLIKELY] = "预计难以完成",
};

const char *pm_outlook_key(pm_outlook o)
{
    return (unsigned)o < PM_OUTLOOK_COUNT ? outlook_keys[o] : NULL;
}

const char *pm_outlook_label(pm_outlook o)
{
    return (unsigned)o < PM_OUTLOOK_COUNT ? outlook_labels[o] : "";
}
