#include "engine/lsq.h"

#include <math.h>

/* An observation that enters the fit: a finite value, after the base. */
static bool fits(const pm_obs *base, const pm_obs *o)
{
    return isfinite(o->value) && (!base || o->year > base->year);
}

/* Two passes (means, then centred sums) keep the slope accurate without
 * storing or sorting the points. The base point goes first in both sums;
 * its x is 0 by the choice of origin. A base without a finite value (a
 * ratio over zero in the base year) is no point, but its year still keeps
 * the observations at and before it out (rule 5): the line is then
 * through the observations after it alone. */
bool pm_lsq_fit(const pm_obs *base, const pm_obs *obs, size_t n, pm_lsq *line)
{
    bool base_point = base && isfinite(base->value);
    int origin = 0;
    bool have_origin = false;
    if (base_point) {
        origin = base->year;
        have_origin = true;
    }
    size_t m = base_point ? 1 : 0;
    double sx = 0.0, sy = base_point ? base->value : 0.0;
    for (size_t i = 0; i < n; i++) {
        if (!fits(base, &obs[i]))
            continue;
        if (!have_origin) {
            origin = obs[i].year;
            have_origin = true;
        }
        m++;
        sx += (double)obs[i].year - origin;
        sy += obs[i].value;
    }
    if (m < 2)
        return false;
    double mx = sx / (double)m, my = sy / (double)m;
    pm_lsq_pair mean = {mx, my}, acc = {0.0, 0.0}; /* {sxx, sxy} */
    if (base_point)
        acc = (pm_lsq_pair){mx * mx, (0.0 - mx) * (base->value - my)};
    for (size_t i = 0; i < n; i++)
        if (fits(base, &obs[i]))
            pm_lsq_centred_add(&acc, (pm_lsq_pair){(double)obs[i].year - origin, obs[i].value}, mean);
    if (acc[0] == 0.0)
        return false;
    *line = (pm_lsq){.origin = origin, .mx = mx, .my = my, .slope = acc[1] / acc[0]};
    return true;
}
