/* The overview's default year and the banner of a year still being
 * collected (issue 14; the rule is engine/round.h's pm_round_default_year).
 *
 * The rounds are read from the store once per snapshot and bureau day:
 * the pick is kept in the snapshot's cache (snap_cache.h), so an overview
 * costs no store query once drawn. A round turns settled at its
 * deadline's end, a bureau midnight, so the day is the one of
 * pm_clock_now, the clock the rule reads (PLANMON_NOW pins both). */
#include "web/year_pick.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

#include "base/clock.h"
#include "base/mem.h"
#include "base/utf8.h"
#include "engine/round.h"
#include "store/rounds.h"
#include "web/app.h"
#include "web/pagekit.h"
#include "web/snap_cache.h"

/* The rounds as the rule weighs them; false when the store failed. */
static bool read_rounds(web_req *r, const pm_evaluation *ev, web_year_pick *p)
{
    pm_err err = {0};
    pm_store *st = web_app_store(r, &err);
    pm_round *rs = NULL;
    pm_round_approval *ap = NULL;
    size_t n = 0, nap = 0;
    if (!st || !pm_store_rounds(st, &rs, &n, &err))
        return false;
    /* Every round's approved units in one grouped count, not each open
     * round's cells and reminders read whole. */
    if (!pm_store_round_approvals(st, &ap, &nap, &err)) {
        pm_rounds_free(rs, n);
        return false;
    }
    time_t now = pm_clock_now(); /* PLANMON_NOW pins it, as the store's */
    pm_round_year *ys = xcalloc(n + 1, sizeof *ys);
    size_t k = 0;
    for (size_t i = 0; i < n; i++) {
        if (rs[i].year <= ev->plan.base_year || rs[i].year > ev->plan.target_year)
            continue; /* another plan's period */
        time_t due = pm_clock_from_iso(rs[i].due_at);
        pm_round_year *y = &ys[k++];
        *y = (pm_round_year){.year = rs[i].year, .round = rs[i].id, .deadline = rs[i].deadline,
                             .past_due = due != (time_t)-1 && now >= due};
        if (y->past_due)
            continue; /* settled whatever its units did */
        for (size_t j = 0; j < nap; j++)
            if (ap[j].round == rs[i].id) {
                y->units = ap[j].units;
                y->approved = ap[j].approved;
            }
    }
    int open;
    p->year = pm_round_default_year(ys, k, ev->plan.base_year, ev->latest_year, pm_round_share(), &open);
    if (open >= 0) {
        const pm_round_year *o = &ys[open];
        const pm_round *ro = NULL;
        for (size_t i = 0; i < n && !ro; i++)
            if (rs[i].id == o->round)
                ro = &rs[i];
        p->open_year = o->year;
        p->round = o->round;
        p->units = o->units;
        p->approved = o->approved;
        snprintf(p->deadline, sizeof p->deadline, "%s", o->deadline);
        utf8_copy_cut(p->title, sizeof p->title, ro ? ro->title : "");
    }
    free(ys);
    free(ap);
    pm_rounds_free(rs, n);
    return true;
}

void web_year_pick_get(web_req *r, const web_snap *s, web_year_pick *p)
{
    const pm_evaluation *ev = &s->ev;
    memset(p, 0, sizeof *p);
    p->year = ev->latest_year ? ev->latest_year : ev->plan.base_year;
    long day = pm_clock_day_number(pm_clock_now());
    if (web_snap_year_pick_get(s, day, p))
        return;
    if (!read_rounds(r, ev, p)) {
        /* The store failed: today's behaviour, nothing kept, no banner. */
        memset(p, 0, sizeof *p);
        p->year = ev->latest_year ? ev->latest_year : ev->plan.base_year;
        return;
    }
    web_snap_year_pick_put(s, day, p);
}

void web_year_banner(buf *b, const web_year_pick *p, int shown, const char *unit)
{
    if (!p->open_year || (shown != p->open_year && !(shown == p->year && p->open_year > shown)))
        return;
    buf_printf(b, "<p class=\"msg msg-info year-open\" role=\"status\">%d 年数据正在收集：填报任务“<a href=\"/rounds/%ld\">",
               p->open_year, p->round);
    web_text(b, p->title);
    buf_puts(b, "</a>”");
    if (*p->deadline) {
        buf_puts(b, "将于 ");
        web_text(b, p->deadline);
        buf_puts(b, " 截止，");
    } else {
        buf_puts(b, "，");
    }
    buf_printf(b, "已审核 %zu / %zu 个单位。", p->approved, p->units);
    if (shown == p->open_year) {
        buf_puts(b, "本页数字尚未全部审核，可能变动。</p>");
        return;
    }
    buf_printf(b, "总览默认显示数据已基本收齐的 %d 年；<a href=\"/?unit=", shown);
    buf h = BUF_INIT;
    esc_url_component(&h, unit);
    web_attr(b, buf_str(&h));
    buf_free(&h);
    buf_printf(b, "&amp;year=%d\">查看 %d 年进展</a>。</p>", p->open_year, p->open_year);
}
