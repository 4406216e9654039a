/* GET /?unit=CODE&year=Y: the overview of one unit and year (a user's own
 * subtree root unless asked otherwise): counts by status, binding
 * indicators on alert, the plan's goals, and every indicator grouped by
 * domain with its status colour, latest value against target, gap share
 * and pace. Drawn from the status document (web_status_doc), the same
 * model the status API and `planmon status` print. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/num.h"
#include "render/doc/plan_out.h"
#include "web/pagekit.h"

/* ---- reading the model ------------------------------------------------------------ */

static double num(const json_t *o, const char *k)
{
    const json_t *v = json_object_get(o, k);
    return json_is_number(v) ? json_number_value(v) : NAN;
}

static const char *str(const json_t *o, const char *k)
{
    const char *s = json_string_value(json_object_get(o, k));
    return s ? s : "";
}

static bool flag(const json_t *o, const char *k)
{
    return json_is_true(json_object_get(o, k));
}

/* Decimals that show a plan's figures as its table writes them (0.28 → 2);
 * rates get at least one. */
static int decimals_of(const pm_indicator *ind)
{
    int d = 0;
    double v[2] = {ind->baseline, ind->target};
    for (int k = 0; k < 2; k++) {
        if (isnan(v[k]))
            continue;
        char s[32];
        num_fmt_short(v[k], s);
        const char *dot = strchr(s, '.');
        int x = dot ? (int)strlen(dot + 1) : 0;
        d = x > d ? x : d;
    }
    if (ind->rate && d == 0)
        d = 1;
    return d > 4 ? 4 : d;
}

static void put_num(buf *b, double v, int decimals)
{
    char s[48];
    if (isnan(v)) {
        buf_puts(b, "—");
        return;
    }
    num_fmt_fixed(v, decimals, s);
    web_text(b, s);
}

/* ---- pieces of the page ---------------------------------------------------------------- */

static void status_badge(buf *b, const char *key, const char *label)
{
    buf_puts(b, "<span class=\"st st-");
    web_attr(b, key);
    buf_puts(b, "\">");
    web_text(b, label);
    buf_puts(b, "</span>");
}

/* The unit and year chooser: a plain GET form (app.js submits it on
 * change; without script the button does). Units offered: those the user
 * may read down to the towns, and the one shown. */
static void chooser(web_req *r, buf *b, const web_snap *s, int unit, int year)
{
    const pm_tree *t = &s->ev.tree;
    buf_puts(b, "<form method=\"get\" action=\"/\" class=\"filters\"><label>组织机构 <select name=\"unit\">");
    for (size_t i = 0; i < t->n; i++) {
        bool shown = (int)i == unit;
        if (!shown && (t->u[i].level > PM_LEVEL_TOWN || !web_can(r->user, WEB_DO_READ, (int)i)))
            continue;
        buf_puts(b, "<option value=\"");
        web_attr(b, t->u[i].code);
        buf_puts(b, shown ? "\" selected>" : "\">");
        if (t->u[i].level == PM_LEVEL_TOWN)
            buf_puts(b, "　");
        web_text(b, t->u[i].name);
        buf_puts(b, "</option>");
    }
    buf_puts(b, "</select></label> <label>年份 <select name=\"year\">");
    for (int y = s->ev.plan.base_year; y <= s->ev.plan.target_year; y++)
        buf_printf(b, "<option value=\"%d\"%s>%d年</option>", y, y == year ? " selected" : "", y);
    buf_puts(b, "</select></label> <button type=\"submit\">查看</button></form>");
}

/* Counts in the words of the table (status_label), in pm_label's order,
 * then those not applicable at this level. */
static void counts(buf *b, const json_t *inds)
{
    int n[PM_LB_COUNT + 1] = {0};
    size_t i;
    json_t *row;
    json_array_foreach(inds, i, row)
    {
        int l = 0;
        while (l < PM_LB_COUNT && strcmp(str(row, "status_label"), pm_label_text((pm_label)l)))
            l++;
        n[l]++; /* PM_LB_COUNT: 不适用 */
    }
    buf_printf(b, "<section class=\"counts\" aria-label=\"按状态统计\"><h2>共 %zu 项指标</h2><ul class=\"status-counts\">",
               json_array_size(inds));
    for (int l = 0; l <= PM_LB_COUNT; l++) {
        if (!n[l])
            continue;
        buf_puts(b, "<li class=\"st st-");
        web_attr(b, l < PM_LB_COUNT ? pm_status_key(pm_label_status((pm_label)l)) : "na");
        buf_printf(b, "\"><span class=\"n\">%d</span> ", n[l]);
        web_text(b, l < PM_LB_COUNT ? pm_label_text((pm_label)l) : "不适用");
        buf_puts(b, "</li>");
    }
    buf_puts(b, "</ul></section>");
}

/* "120 张", "46.7%": a figure with its unit, as a sentence says it. */
static void value_with_unit(buf *b, const pm_indicator *ind, double v)
{
    put_num(b, v, decimals_of(ind));
    if (!isnan(v) && *ind->unit) {
        if (strcmp(ind->unit, "%") && strcmp(ind->unit, "‰"))
            buf_puts(b, " ");
        web_text(b, ind->unit);
    }
}

static void alerts(buf *b, const pm_plan *plan, const json_t *inds)
{
    size_t i, n = 0;
    json_t *row;
    json_array_foreach(inds, i, row) n += flag(row, "alert");
    if (!n) {
        buf_puts(b, "<section class=\"alerts none\"><h2>预警</h2><p>约束性指标均无预警。</p></section>");
        return;
    }
    buf_printf(b, "<section class=\"alerts\"><h2>预警：%zu 项约束性指标进度不足</h2><ul>", n);
    json_array_foreach(inds, i, row)
    {
        if (!flag(row, "alert") || i >= plan->nind)
            continue;
        const pm_indicator *ind = &plan->ind[i];
        buf_puts(b, "<li>");
        status_badge(b, str(row, "status"), str(row, "status_label"));
        buf_printf(b, " <span class=\"no\">%d.</span> ", ind->no);
        web_text(b, ind->name);
        buf_puts(b, "：最新值 ");
        value_with_unit(b, ind, num(row, "value"));
        double year = num(row, "year");
        if (!isnan(year))
            buf_printf(b, "（%d年）", (int)year);
        buf_puts(b, "，目标 ");
        char t[64];
        out_plan_value(ind->target, ind->target_op, ind->cumulative, t);
        web_text(b, t);
        if (!isnan(ind->target) && *ind->unit) {
            if (strcmp(ind->unit, "%") && strcmp(ind->unit, "‰"))
                buf_puts(b, " ");
            web_text(b, ind->unit);
        }
        double g = num(row, "gap_share");
        if (!isnan(g))
            buf_printf(b, "，完成度 %.1f%%", g * 100);
        buf_puts(b, "</li>");
    }
    buf_puts(b, "</ul></section>");
}

/* The four goals, each with how its domain's indicators stand. */
static void goals(buf *b, const pm_plan *plan, const json_t *inds)
{
    if (!plan->ngoals)
        return;
    buf_puts(b, "<section class=\"goals\"><h2>规划目标</h2><ol class=\"goal-list\">");
    for (size_t g = 0; g < plan->ngoals; g++) {
        const pm_goal *goal = &plan->goals[g];
        int total = 0, good = 0, alert = 0;
        for (size_t i = 0; i < plan->nind && i < json_array_size(inds); i++) {
            if (!goal->domain || strcmp(plan->ind[i].domain, goal->domain))
                continue;
            const json_t *row = json_array_get(inds, i);
            const char *st = str(row, "status");
            total++;
            good += !strcmp(st, "achieved") || !strcmp(st, "on_track");
            alert += flag(row, "alert");
        }
        buf_puts(b, "<li><span class=\"goal-label\">");
        web_text(b, goal->label);
        buf_puts(b, "</span> <span class=\"goal-title\">");
        web_text(b, goal->title);
        buf_puts(b, "</span>");
        if (goal->domain) {
            buf_puts(b, " <span class=\"goal-domain\">");
            web_text(b, goal->domain);
            buf_printf(b, "：%d 项指标，%d 项已完成或符合预期", total, good);
            if (alert)
                buf_printf(b, "，<strong>%d 项预警</strong>", alert);
            buf_puts(b, "</span>");
        }
        buf_puts(b, "</li>");
    }
    buf_puts(b, "</ol></section>");
}

static void indicator_row(buf *b, const pm_indicator *ind, const json_t *row, const char *unit, int shown_year)
{
    buf_puts(b, flag(row, "alert") ? "<tr class=\"alert\">" : "<tr>");
    buf_printf(b, "<td class=\"num\">%d</td><td class=\"name\">", ind->no);
    wp_indicator_link(b, ind, unit, shown_year, ind->name); /* to the indicator page */
    if (ind->subdomain) {
        buf_puts(b, "<span class=\"sub\">");
        web_text(b, ind->subdomain);
        buf_puts(b, "</span>");
    }
    buf_puts(b, ind->binding ? "</td><td><span class=\"tag binding\">约束性</span></td><td>"
                             : "</td><td><span class=\"tag\">预期性</span></td><td>");
    web_text(b, ind->unit);
    char t[64];
    int d = decimals_of(ind);
    double jb = num(row, "judged_baseline"), jt = num(row, "judged_target");
    buf_puts(b, "</td><td class=\"num\">");
    put_num(b, isnan(jb) ? ind->baseline : jb, d);
    buf_puts(b, "</td><td class=\"num\">");
    out_plan_value(isnan(jt) ? ind->target : jt, ind->target_op, ind->cumulative, t);
    web_text(b, t);
    buf_puts(b, "</td><td class=\"num\">");
    put_num(b, num(row, "value"), d);
    double year = num(row, "year");
    if (!isnan(year))
        buf_printf(b, "<span class=\"year\">%d年</span>", (int)year);
    buf_puts(b, "</td><td class=\"num\">");
    double g = num(row, "gap_share");
    if (isnan(g)) {
        buf_puts(b, "—");
    } else {
        double shown = g < 0 ? 0 : g > 1 ? 1 : g;
        buf_printf(b, "%.1f%%<meter min=\"0\" max=\"1\" value=\"%.3f\"></meter>", g * 100, shown);
    }
    buf_puts(b, "</td><td class=\"num\">");
    put_num(b, num(row, "pace"), 2);
    buf_puts(b, "</td><td>");
    status_badge(b, str(row, "status"), str(row, "status_label"));
    buf_puts(b, "</td></tr>");
}

static void domains(buf *b, const pm_plan *plan, const json_t *inds, const char *unit, int year)
{
    const char *dom[32];
    size_t nd = pm_plan_domains(plan, dom, sizeof dom / sizeof dom[0]);
    if (nd > sizeof dom / sizeof dom[0])
        nd = sizeof dom / sizeof dom[0];
    for (size_t k = 0; k < nd; k++) {
        const pm_goal *goal = pm_plan_goal_of(plan, dom[k]);
        buf_puts(b, "<section class=\"domain\"><h2>");
        if (goal)
            web_text(b, goal->label);
        web_text(b, dom[k]);
        buf_puts(b, "</h2><div class=\"table-wrap\"><table class=\"indicators\"><thead><tr><th>序号</th><th>指标</th>"
                    "<th>属性</th><th>单位</th><th>基期值</th><th>目标值</th><th>最新值</th><th>完成度</th>"
                    "<th>完成进度</th><th>状态</th></tr></thead><tbody>");
        for (size_t i = 0; i < plan->nind && i < json_array_size(inds); i++)
            if (!strcmp(plan->ind[i].domain, dom[k]))
                indicator_row(b, &plan->ind[i], json_array_get(inds, i), unit, year);
        buf_puts(b, "</tbody></table></div></section>");
    }
}

/* ---- the page --------------------------------------------------------------------------- */

void web_overview(web_req *r, web_resp *w)
{
    const web_snap *s = web_snapshot(r);
    int unit = web_unit_param(r, w, s, WEB_DO_READ);
    int year = unit < 0 ? -1 : web_year_param(r, w, s);
    if (year < 0)
        return;
    const pm_evaluation *ev = &s->ev;
    char title[256];
    snprintf(title, sizeof title, "%s %d年 总览", ev->tree.u[unit].name, year);
    web_page_begin(r, w, title);
    buf *b = &w->body;
    /* The body depends only on the data, the unit, the year and which units
     * the user may pick (the chooser): drawn once per snapshot and kept
     * (snap_cache.c); the layout around it is the user's own. */
    uint64_t key = web_fragment_key('O', unit, year, web_read_scope(r->user));
    if (web_fragment_get(r, key, b)) {
        web_page_end(r, w);
        return;
    }
    size_t from = b->len;
    json_t *own; /* NULL unless the shared cache could not hold the document */
    const json_t *doc = web_status_doc_get(r, unit, year, false, &own);
    const json_t *inds = json_object_get(doc, "indicators");
    const json_t *comp = json_object_get(doc, "completeness");
    buf_puts(b, "<div class=\"page-head\"><h1>");
    web_text(b, ev->tree.u[unit].name);
    buf_printf(b, " · %d年 规划实施进度总览</h1>", year);
    chooser(r, b, s, unit, year);
    buf_puts(b, "</div><p class=\"meta\">评估方法：时间过半、任务过半（pace） · ");
    buf_printf(b, "规划期 %d—%d年（基期 %d 年） · 本单位已报送 %lld / %lld 项数据", ev->plan.base_year + 1,
               ev->plan.target_year, ev->plan.base_year,
               (long long)json_integer_value(json_object_get(comp, "items_reported")),
               (long long)json_integer_value(json_object_get(comp, "items_expected")));
    long long kids = json_integer_value(json_object_get(comp, "children"));
    if (kids)
        buf_printf(b, " · 下级单位 %lld / %lld 个有数据",
                   (long long)json_integer_value(json_object_get(comp, "children_reported")), kids);
    buf_puts(b, " · <a href=\"");
    wp_unit_href(b, &ev->tree, unit, year);
    buf_puts(b, "\">本单位各项指标与排名</a></p>");
    counts(b, inds);
    alerts(b, &ev->plan, inds);
    goals(b, &ev->plan, inds);
    domains(b, &ev->plan, inds, ev->tree.u[unit].code, year);
    web_fragment_put(r, key, b, from);
    web_page_end(r, w);
    json_decref(own);
}
