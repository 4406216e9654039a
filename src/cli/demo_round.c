#include "cli/demo_round.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "base/clock.h"
#include "base/mem.h"
#include "store/rounds.h"

#define ROUND_YEAR 2023

static const char *const items[] = {"care_centers", "sw_agencies", "psych_centers"};
#define NITEMS (sizeof items / sizeof items[0])

/* Each unit of the round and what it does, in UTC (the deadline's day
 * ends at 2024-01-31T16:00:00Z, midnight in Beijing). NULL: not done. */
static const struct {
    const char *unit;
    const char *drafted, *submitted, *approved;
} units[] = {
    {"110115001", "2024-01-12T01:30:00Z", "2024-01-15T02:00:00Z", "2024-02-01T02:00:00Z"}, /* 兴丰街道: on time */
    {"110115002", "2024-01-22T02:40:00Z", "2024-01-22T03:00:00Z", "2024-02-01T02:10:00Z"}, /* 林校路街道: on time */
    {"110115003", "2024-01-30T07:00:00Z", "2024-01-31T08:30:00Z", "2024-02-01T02:20:00Z"}, /* 清源街道: the last day */
    {"110115007", NULL, NULL, NULL},                                                       /* 荣华街道: not started */
    {"110115011", "2024-02-04T03:00:00Z", "2024-02-05T02:00:00Z", NULL}, /* 旧宫镇: late, waits for review */
    {"110115012", "2024-02-07T05:00:00Z", "2024-02-07T06:00:00Z", NULL}, /* 亦庄镇: late, waits for review */
};
#define NUNITS (sizeof units / sizeof units[0])

#define OPENED_AT "2024-01-02T01:00:00Z"
#define REMINDED_AT "2024-02-02T01:00:00Z"       /* to the three not reported by then */
#define REMINDED_AGAIN_AT "2024-02-20T01:00:00Z" /* to 荣华街道, still not reported */

static bool listed(const char *const *v, size_t n, const char *s)
{
    for (size_t i = 0; i < n; i++)
        if (!strcmp(v[i], s))
            return true;
    return false;
}

bool demo_round_owns(const char *element, const char *unit, int year)
{
    if (year != ROUND_YEAR || !listed(items, NITEMS, element))
        return false;
    for (size_t i = 0; i < NUNITS; i++)
        if (!strcmp(units[i].unit, unit))
            return true;
    return false;
}

/* The store records its writes at PLANMON_NOW when it is set (store
 * times, sqlite_conn.h and pg_conn.h): the round is replayed through it,
 * and whatever the caller had set is put back afterwards. */
static void at(const char *iso)
{
    setenv("PLANMON_NOW", iso, 1);
}

/* Puts back saved (the caller's PLANMON_NOW, malloc'd; NULL: it had none)
 * and frees it. */
static void restore_now(char *saved)
{
    if (saved)
        setenv("PLANMON_NOW", saved, 1);
    else
        unsetenv("PLANMON_NOW");
    free(saved);
}

/* The generator's 2023 figure of element code at unit code (NaN: none). */
static double synth_value(const pm_engine *e, const char *code, const char *unit)
{
    size_t y = (size_t)(ROUND_YEAR - e->year0);
    int u = pm_tree_find(e->tree, unit);
    for (size_t el = 0; u >= 0 && el < e->nelem; el++)
        if (!strcmp(e->plan->elem[el].code, code))
            return pm_engine_own_at(e, (int)el, u, e->year0 + (int)y);
    return NAN;
}

/* Whether unit i of the round had submitted by the first reminder (on
 * time, as the reminder went to the others). */
static bool on_time(size_t i)
{
    return units[i].submitted && strcmp(units[i].submitted, REMINDED_AT) <= 0;
}

/* One unit's three figures moved to state at instant when. */
static bool move(pm_store *s, const pm_engine *e, const char *unit, pm_vstate state, const char *when,
                 const char *who, pm_err *err)
{
    at(when);
    bool ok = true;
    for (size_t k = 0; ok && k < NITEMS; k++) {
        pm_value_change c = {items[k], unit, ROUND_YEAR, synth_value(e, items[k], unit), state, who,
                             "示例数据（合成）", NULL, false};
        if (isnan(c.value)) {
            pm_err_set(err, 0, "示例填报任务：%s 没有 %s 的示例数据", unit, items[k]);
            return false;
        }
        ok = pm_store_set_value(s, &c, err);
    }
    return ok;
}

static bool remind(pm_store *s, long id, const char *when, bool only_rh, pm_err *err)
{
    at(when);
    bool ok = true;
    for (size_t i = 0; ok && i < NUNITS; i++) {
        bool due = only_rh ? !units[i].submitted : !on_time(i);
        if (due)
            ok = pm_store_round_remind(s, id, &(pm_remind_spec){units[i].unit, "reviewer", "site", NULL, NULL}, err);
    }
    return ok;
}

bool demo_round(pm_store *s, const pm_engine *e, size_t *count, pm_err *err)
{
    const char *was = getenv("PLANMON_NOW");
    char *saved_now = was ? xstrdup(was) : NULL;
    const char *codes[NUNITS];
    for (size_t i = 0; i < NUNITS; i++)
        codes[i] = units[i].unit;
    char due[40];
    pm_clock_iso(pm_clock_day_end(2024, 1, 31), due, sizeof due); /* as round open computes it */
    pm_round_spec spec = {"2023年度养老和社会服务设施数据填报（示例）", ROUND_YEAR, "year", 1, "2024-01-02", "2024-01-31",
                          due, items, NITEMS, codes, NUNITS, "planner"};
    long id = 0;
    at(OPENED_AT);
    bool ok = pm_store_round_add(s, &spec, &id, NULL, err);
    /* In time order: the on-time units, the reminder, the late ones. */
    for (size_t i = 0; ok && i < NUNITS; i++) {
        if (!on_time(i))
            continue;
        ok = move(s, e, units[i].unit, PM_VS_DRAFT, units[i].drafted, "demo", err) &&
             move(s, e, units[i].unit, PM_VS_SUBMITTED, units[i].submitted, "demo", err) &&
             move(s, e, units[i].unit, PM_VS_APPROVED, units[i].approved, "reviewer", err);
        *count += NITEMS;
    }
    ok = ok && remind(s, id, REMINDED_AT, false, err);
    for (size_t i = 0; ok && i < NUNITS; i++) {
        if (!units[i].submitted || on_time(i))
            continue;
        ok = move(s, e, units[i].unit, PM_VS_DRAFT, units[i].drafted, "demo", err) &&
             move(s, e, units[i].unit, PM_VS_SUBMITTED, units[i].submitted, "demo", err);
        *count += NITEMS;
    }
    ok = ok && remind(s, id, REMINDED_AGAIN_AT, true, err);
    restore_now(saved_now);
    return ok;
}
