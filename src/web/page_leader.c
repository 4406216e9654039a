/* GET /leader?unit=CODE&year=Y: the leader's one page (领导一页纸) — the
 * state of the plan for one unit and year on one A4 landscape sheet, on
 * screen and in print (style.css: .leader, @page): headline counts, the
 * binding indicators on alert (each a link to its lagging towns), the
 * four goals' progress, the six indicators whose completion moved most
 * since the year before, and how completely the towns reported.
 *
 * Every figure comes from the shared evaluation snapshot through
 * wp_judge, the judgment the indicator and unit pages show, so the one
 * page and the pages behind its links agree. The body depends only on the
 * data, the unit and the year: drawn once per snapshot (web_fragment_*). */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/mem.h"
#include "web/pagekit.h"

#define MOVERS 6 /* "the 6 indicators that moved most" (issue 15) */

/* ---- headline ------------------------------------------------------------------------- */

/* Counts by label in pm_label's order (best first), as the overview counts. */
static void headline(buf *b, const wp_judged *j, size_t n, const pm_plan *plan)
{
    int per[PM_LB_COUNT] = {0}, binding = 0, alerts = 0;
    for (size_t i = 0; i < n; i++) {
        per[pm_pace_label(&j[i].o)]++;
        binding += plan->ind[i].binding;
        alerts += j[i].o.alert;
    }
    buf_printf(b, "<section class=\"lp-head\" aria-labelledby=\"lp-counts\"><h2 id=\"lp-counts\">共 %zu 项指标"
                  "<span class=\"sub\">约束性 %d 项，预警 %d 项</span></h2><ul class=\"status-counts\">",
               n, binding, alerts);
    for (int l = 0; l < PM_LB_COUNT; l++) {
        if (!per[l])
            continue;
        buf_puts(b, "<li class=\"st st-");
        web_attr(b, pm_status_key(pm_label_status((pm_label)l)));
        buf_printf(b, "\"><span class=\"n\">%d</span> ", per[l]);
        web_text(b, pm_label_text((pm_label)l));
        buf_puts(b, "</li>");
    }
    buf_puts(b, "</ul></section>");
}

/* ---- binding alerts ---------------------------------------------------------------------- */

static void alerts(buf *b, const pm_evaluation *ev, const wp_judged *j, int u, int year)
{
    const pm_plan *plan = &ev->plan;
    const char *code = ev->tree.u[u].code;
    size_t n = 0;
    for (size_t i = 0; i < plan->nind; i++)
        n += j[i].o.alert;
    buf_puts(b, "<section class=\"lp-alerts\" aria-labelledby=\"lp-alerts\"><h2 id=\"lp-alerts\">约束性指标预警</h2>");
    if (!n) {
        buf_puts(b, "<p>约束性指标均无预警。</p></section>");
        return;
    }
    buf_puts(b, "<table class=\"lp-table\"><thead><tr><th scope=\"col\">指标</th><th scope=\"col\" class=\"num\">最新值</th>"
                "<th scope=\"col\" class=\"num\">目标值</th><th scope=\"col\">状态</th></tr></thead><tbody>");
    for (size_t i = 0; i < plan->nind; i++) {
        if (!j[i].o.alert)
            continue;
        const pm_indicator *ind = &plan->ind[i];
        char label[512];
        snprintf(label, sizeof label, "%d. %s", ind->no, ind->name);
        buf_puts(b, "<tr><th scope=\"row\">");
        wp_lagging_link(b, ind, code, year, label);
        buf_puts(b, "</th><td class=\"num\">");
        wp_value(b, ind, j[i].o.value);
        buf_puts(b, "</td><td class=\"num\">");
        wp_target(b, ind, j[i].g.target);
        buf_puts(b, "</td><td>");
        wp_status_badge(b, &j[i].o);
        buf_puts(b, "</td></tr>");
    }
    buf_puts(b, "</tbody></table></section>");
}

/* ---- the goals ----------------------------------------------------------------------------- */

static void goals(buf *b, const pm_plan *plan, const wp_judged *j)
{
    if (!plan->ngoals)
        return;
    buf_puts(b, "<section class=\"lp-goals\" aria-labelledby=\"lp-goals\"><h2 id=\"lp-goals\">四大目标进展</h2><ul>");
    for (size_t g = 0; g < plan->ngoals; g++) {
        const pm_goal *goal = &plan->goals[g];
        int total = 0, judged = 0, good = 0, alert = 0;
        for (size_t i = 0; i < plan->nind; i++) {
            if (!goal->domain || strcmp(plan->ind[i].domain, goal->domain))
                continue;
            total++;
            judged += wp_counts(&j[i]);
            good += wp_counts(&j[i]) && wp_good(j[i].o.status);
            alert += j[i].o.alert;
        }
        buf_puts(b, "<li><span class=\"goal-title\">");
        web_text(b, goal->label);
        web_text(b, goal->title);
        buf_puts(b, "</span>");
        if (judged)
            buf_printf(b, "<meter min=\"0\" max=\"%d\" value=\"%d\" aria-hidden=\"true\"></meter>", judged, good);
        buf_printf(b, "<span class=\"sub\">%d 项指标，可判断 %d 项，其中已完成或符合预期 %d 项", total, judged, good);
        if (alert)
            buf_printf(b, "；<strong>%d 项预警</strong>", alert);
        buf_puts(b, "</span></li>");
    }
    buf_puts(b, "</ul></section>");
}

/* ---- what moved most ------------------------------------------------------------------------ */

typedef struct mover {
    int i;
    double before, now; /* gap shares of the year before and of the year */
} mover;

static int cmp_mover(const void *a, const void *b)
{
    const mover *x = a, *y = b;
    double dx = fabs(x->now - x->before), dy = fabs(y->now - y->before);
    if (dx != dy)
        return dx > dy ? -1 : 1;
    return x->i - y->i; /* ties in the plan's order */
}

/* The indicators whose gap share (完成度) changed most from year − 1 to
 * year, either way: where the plan moved, and where it slipped. */
static void movers(buf *b, const pm_evaluation *ev, const wp_judged *j, int u, int year)
{
    const pm_plan *plan = &ev->plan;
    buf_puts(b, "<section class=\"lp-movers\" aria-labelledby=\"lp-movers\"><h2 id=\"lp-movers\">");
    buf_printf(b, "完成度变化最大的 %d 项指标（%d→%d年）</h2>", MOVERS, year - 1, year);
    mover *m = xcalloc(plan->nind + 1, sizeof *m);
    size_t n = 0;
    for (size_t i = 0; i < plan->nind && year > plan->base_year; i++) {
        wp_judged before;
        wp_judge(ev, (int)i, u, year - 1, &before);
        if (!wp_counts(&j[i]) || !wp_counts(&before) || j[i].o.year != year || isnan(j[i].o.gap_share) ||
            isnan(before.o.gap_share))
            continue;
        m[n++] = (mover){(int)i, before.o.gap_share, j[i].o.gap_share};
    }
    if (!n) {
        buf_puts(b, "<p>两年都有数据的指标不足，无法比较。</p></section>");
        free(m);
        return;
    }
    qsort(m, n, sizeof *m, cmp_mover);
    buf_puts(b, "<table class=\"lp-table\"><thead><tr><th scope=\"col\">指标</th><th scope=\"col\" class=\"num\">完成度</th>"
                "<th scope=\"col\" class=\"num\">变化</th><th scope=\"col\">状态</th></tr></thead><tbody>");
    for (size_t k = 0; k < n && k < MOVERS; k++) {
        const pm_indicator *ind = &plan->ind[m[k].i];
        char label[512];
        snprintf(label, sizeof label, "%d. %s", ind->no, ind->name);
        double d = (m[k].now - m[k].before) * 100;
        buf_puts(b, "<tr><th scope=\"row\">");
        wp_indicator_link(b, ind, ev->tree.u[u].code, year, label);
        buf_puts(b, "</th><td class=\"num\">");
        wp_num(b, m[k].before * 100, 1);
        buf_puts(b, "%→");
        wp_num(b, m[k].now * 100, 1);
        buf_puts(b, "%</td><td class=\"num\">");
        buf_puts(b, d > 0 ? "<span class=\"up\">↑ " : d < 0 ? "<span class=\"down\">↓ " : "<span>");
        wp_num(b, fabs(d), 1);
        buf_puts(b, " 个百分点</span></td><td>");
        wp_status_badge(b, &j[m[k].i].o);
        buf_puts(b, "</td></tr>");
    }
    buf_puts(b, "</tbody></table></section>");
    free(m);
}

/* ---- the towns' reporting ------------------------------------------------------------------- */

/* A town is complete when it reported every item of its own and every
 * unit below it has figures for the year. Complete towns get a tick; the
 * others say what is missing, so the sheet stays short when all is well. */
static void towns(buf *b, const pm_evaluation *ev, int u, int year)
{
    const pm_tree *t = &ev->tree;
    const pm_engine *e = &ev->engine;
    if (!e->kids[u])
        return;
    size_t y = (size_t)(year - e->year0), n = e->nunits;
    int complete = 0;
    for (int c = u + 1; c < t->end[u]; c++)
        complete += t->u[c].parent == u && e->filled[y * n + (size_t)c] >= e->expected[c] &&
                    e->kids_reported[y * n + (size_t)c] >= e->kids[c];
    buf_puts(b, "<section class=\"lp-towns\" aria-labelledby=\"lp-towns\"><h2 id=\"lp-towns\">");
    buf_printf(b, "下级单位 %d年数据报送<span class=\"sub\">%d 个中 %d 个已报齐</span></h2>", year, e->kids[u],
               complete);
    buf_puts(b, "<ul class=\"lp-town-list\">");
    for (int c = u + 1; c < t->end[u]; c++) {
        if (t->u[c].parent != u)
            continue;
        int filled = e->filled[y * n + (size_t)c], expected = e->expected[c];
        int kids = e->kids[c], kids_rep = e->kids_reported[y * n + (size_t)c];
        bool full = filled >= expected && kids_rep >= kids;
        buf_puts(b, full ? "<li class=\"full\">" : "<li class=\"gap\">");
        wp_unit_link(b, t, c, year);
        if (full) {
            buf_puts(b, " <span class=\"sub\">✓ 已报齐</span></li>");
            continue;
        }
        buf_printf(b, " <span class=\"sub\">本级 %d/%d", filled, expected);
        if (kids)
            buf_printf(b, "，下级 %d/%d", kids_rep, kids);
        buf_puts(b, "</span></li>");
    }
    buf_puts(b, "</ul></section>");
}

/* ---- the page ------------------------------------------------------------------------------- */

static void body(web_req *r, buf *b, const web_snap *s, int u, int year)
{
    const pm_evaluation *ev = &s->ev;
    const pm_plan *plan = &ev->plan;
    wp_judged *j = xcalloc(plan->nind + 1, sizeof *j);
    for (size_t i = 0; i < plan->nind; i++)
        wp_judge(ev, (int)i, u, year, &j[i]);
    buf_puts(b, "<article class=\"leader\"><div class=\"page-head\"><h1>");
    web_text(b, ev->tree.u[u].name);
    buf_printf(b, " · %d年 规划实施情况一页纸</h1>", year);
    wp_chooser(r, b, s, "/leader", WEB_DO_READ, u, year);
    buf_puts(b, "</div><p class=\"meta\">");
    web_text(b, plan->title ? plan->title : "");
    buf_printf(b, " · 规划期 %d—%d年（基期 %d 年） · 评估方法：时间过半、任务过半</p>", plan->base_year + 1,
               plan->target_year, plan->base_year);
    headline(b, j, plan->nind, plan);
    buf_puts(b, "<div class=\"lp-grid\">");
    alerts(b, ev, j, u, year);
    goals(b, plan, j);
    movers(b, ev, j, u, year);
    towns(b, ev, u, year);
    buf_puts(b, "</div><p class=\"lp-print no-print\"><a href=\"");
    wp_unit_href(b, &ev->tree, u, year);
    buf_puts(b, "\">各项指标明细</a> · 打印：用浏览器的“打印”即为一页 A4 横向。</p></article>");
    free(j);
}

void web_leader_page(web_req *r, web_resp *w)
{
    const web_snap *s = web_snapshot(r);
    int unit, year;
    if (!web_unit_year_param(r, w, s, WEB_DO_READ, &unit, &year))
        return;
    char title[256];
    snprintf(title, sizeof title, "%s %d年 一页纸", s->ev.tree.u[unit].name, year);
    web_page_begin(r, w, title);
    buf *b = &w->body;
    uint64_t key = web_fragment_key('L', unit, year, web_read_scope(r->user), 0);
    if (!web_fragment_get(r, key, b)) {
        size_t from = b->len;
        body(r, b, s, unit, year);
        web_fragment_put(r, key, b, from);
    }
    web_page_end(r, w);
}
