#include "engine/round.h"

#include <assert.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "base/clock.h"
#include "base/mem.h"
#include "model/vstate.h"

static void count(pm_round_unit *u, const pm_round_cell *c)
{
    u->items++;
    if (c->state < 0)
        return;
    u->filled++;
    u->submitted += c->state == PM_VS_SUBMITTED;
    u->approved += c->state == PM_VS_APPROVED;
    u->returned += c->state == PM_VS_RETURNED;
}

static pm_round_state state_of(const pm_round_unit *u)
{
    if (u->items && u->approved == u->items)
        return PM_RS_APPROVED;
    if (u->returned)
        return PM_RS_RETURNED;
    if (u->items && u->submitted + u->approved == u->items)
        return PM_RS_SUBMITTED;
    return u->filled ? PM_RS_DRAFT : PM_RS_NOT_STARTED;
}

pm_round_unit *pm_round_judge(const pm_round_cell *cells, size_t n, time_t due, time_t now, size_t *nout,
                              pm_round_summary *sum)
{
    pm_round_unit *out = xcalloc(n + 1, sizeof *out);
    size_t k = 0;
    memset(sum, 0, sizeof *sum);
    sum->past_due = now >= due;
    for (size_t i = 0; i < n;) {
        pm_round_unit *u = &out[k++];
        *u = (pm_round_unit){.unit = cells[i].unit, .unit_name = cells[i].unit_name, .person = cells[i].person,
                             .phone = cells[i].phone, .email = cells[i].email};
        bool every_item_sent = true;
        size_t j = i;
        for (; j < n && !strcmp(cells[j].unit, cells[i].unit); j++) {
            count(u, &cells[j]);
            const char *first = cells[j].first_submitted;
            if (!first)
                every_item_sent = false;
            else if (!u->reported_at || strcmp(first, u->reported_at) > 0)
                u->reported_at = first; /* ISO times order as text */
        }
        assert(j > i); /* each pass takes at least the cell it starts at */
        i = j;
        if (!every_item_sent)
            u->reported_at = NULL;
        u->state = state_of(u);
        if (u->reported_at) {
            time_t at = pm_clock_from_iso(u->reported_at);
            u->on_time = at != (time_t)-1 && at < due;
            u->late = !u->on_time;
        } else {
            u->late = sum->past_due;
        }
        sum->units++;
        sum->reported += u->reported_at != NULL;
        sum->on_time += u->on_time;
        sum->late += u->late;
        sum->not_reported += u->reported_at == NULL;
        sum->approved += u->state == PM_RS_APPROVED;
    }
    sum->completeness = sum->units ? (double)sum->reported / (double)sum->units : NAN;
    sum->timeliness = sum->units ? (double)sum->on_time / (double)sum->units : NAN;
    *nout = k;
    return out;
}

const char *pm_round_unit_label(const pm_round_unit *u, char *out, size_t cap)
{
    const char *s = pm_round_state_label(u->state);
    if (u->late && u->reported_at)
        snprintf(out, cap, "%s（逾期报送）", s);
    else if (u->late)
        snprintf(out, cap, "%s（逾期未报）", s);
    else
        snprintf(out, cap, "%s", s);
    return out;
}

static double share_setting = PM_ROUND_SHARE_DEFAULT;

bool pm_round_configure_share(double share)
{
    if (!(share > 0.0 && share <= 1.0))
        return false;
    share_setting = share;
    return true;
}

double pm_round_share(void)
{
    return share_setting;
}

bool pm_round_year_settled(const pm_round_year *y, double share)
{
    /* units × share compared without dividing: a round of no units (every
     * unit since removed) counts as approved, as 0 ≥ 0 says. */
    return y->past_due || (double)y->approved >= share * (double)y->units;
}

static bool year_settled(const pm_round_year *y, size_t n, int year, double share)
{
    for (size_t i = 0; i < n; i++)
        if (y[i].year == year && !pm_round_year_settled(&y[i], share))
            return false;
    return true;
}

int pm_round_default_year(const pm_round_year *y, size_t n, int base, int latest, double share, int *open)
{
    *open = -1;
    for (size_t i = 0; i < n; i++) {
        if (pm_round_year_settled(&y[i], share))
            continue;
        const pm_round_year *o = *open >= 0 ? &y[*open] : NULL;
        /* Cross-multiplied shares: a/u < a'/u' as a·u' < a'·u. */
        if (!o || y[i].year > o->year ||
            (y[i].year == o->year && y[i].approved * o->units < o->approved * y[i].units))
            *open = (int)i;
    }
    if (latest <= 0)
        return base;
    for (int year = latest; year > base; year--)
        if (year_settled(y, n, year, share))
            return year;
    return latest;
}
