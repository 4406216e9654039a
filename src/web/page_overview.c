/* GET /?unit=CODE&year=Y: the overview of one unit and year (a user's own
 * subtree root unless asked otherwise): counts by status, binding
 * indicators on alert, the plan's goals, and every indicator grouped by
 * domain with its status colour, latest value against target, gap share
 * and pace. Drawn from the status document (web_status_doc), the same
 * model the status API and `planmon status` print; and, under the title,
 * what waits for the user (待办, page_todo.h). */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/mem.h"
#include "base/num.h"
#include "render/doc/plan_out.h"
#include "web/page_todo.h"
#include "web/pagekit.h"
#include "web/year_pick.h"

/* ---- reading the model ------------------------------------------------------------ */

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

/* Counts in the words of the table (status_label), in pm_label's order,
 * then those not applicable at this level. */
/* The words a row's status_label is counted under: pm_label's, or 不适用
 * (PM_LB_COUNT) for what is not judged at this level. */
static int label_of(const char *text)
{
    int l = 0;
    while (l < PM_LB_COUNT && strcmp(text, pm_label_text((pm_label)l)))
        l++;
    return l;
}

static const char *label_text(int l)
{
    return l < PM_LB_COUNT ? pm_label_text((pm_label)l) : "不适用";
}

/* "/?unit=CODE&year=Y[&show=LABEL]#indicators", escaped for an attribute. */
static void filter_href(buf *b, const char *unit, int year, int show)
{
    buf h = BUF_INIT;
    buf_puts(&h, "/?unit=");
    esc_url_component(&h, unit);
    buf_printf(&h, "&year=%d", year);
    if (show >= 0) {
        buf_puts(&h, "&show=");
        esc_url_component(&h, label_text(show));
    }
    buf_puts(&h, "#indicators");
    web_attr(b, buf_str(&h));
    buf_free(&h);
}

/* Counts in the words of the table (status_label), in pm_label's order,
 * then those not applicable at this level; each a link that shows only
 * its indicators (show: the label shown now, -1 all). */
static void counts(buf *b, const json_t *inds, const char *unit, int year, int show)
{
    int n[PM_LB_COUNT + 1] = {0};
    size_t i;
    json_t *row;
    json_array_foreach(inds, i, row) n[label_of(web_doc_str(row, "status_label"))]++;
    buf_printf(b, "<section class=\"counts\" aria-label=\"按状态统计\"><h2>共 %zu 项指标</h2><ul class=\"status-counts\">",
               json_array_size(inds));
    for (int l = 0; l <= PM_LB_COUNT; l++) {
        if (!n[l])
            continue;
        buf_puts(b, "<li class=\"st st-");
        web_attr(b, l < PM_LB_COUNT ? pm_status_key(pm_label_status((pm_label)l)) : "na");
        buf_puts(b, "\"><a href=\"");
        filter_href(b, unit, year, l);
        buf_puts(b, l == show ? "\" aria-current=\"true\">" : "\">");
        buf_printf(b, "<span class=\"n\">%d</span> ", n[l]);
        web_text(b, label_text(l));
        buf_puts(b, "</a></li>");
    }
    buf_puts(b, "</ul><p class=\"hint\">点击状态只看该状态的指标。</p></section>");
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

/* The binding indicators on alert, each a link to its indicator page's
 * list of the lagging units (one click from here to the towns). */
static void alerts(buf *b, const pm_evaluation *ev, const json_t *inds, const char *unit, int shown_year)
{
    const pm_plan *plan = &ev->plan;
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
        status_badge(b, web_doc_str(row, "status"), web_doc_str(row, "status_label"));
        buf_printf(b, " <span class=\"no\">%d.</span> ", ind->no);
        wp_lagging_link(b, ind, unit, shown_year, ind->name);
        buf_puts(b, "：最新值 ");
        value_with_unit(b, ind, web_doc_num(row, "value"));
        double year = web_doc_num(row, "year");
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
        double g = web_doc_num(row, "gap_share");
        if (!isnan(g)) {
            buf_puts(b, "，完成度 ");
            wp_completion(b, ind, g, web_doc_num(row, "value"), web_doc_num(row, "judged_baseline"));
        }
        if (flag(row, "estimate"))
            wp_estimate_mark(b);
        /* Who answers for it (分解落实表): an alert needs an addressee. */
        buf_puts(b, "；牵头单位：");
        wp_duty(b, pm_evaluation_duty(ev, (int)i), true);
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
            const char *st = web_doc_str(row, "status");
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

static void indicator_row(buf *b, const pm_evaluation *ev, int i, const json_t *row, const char *unit, int shown_year)
{
    const pm_indicator *ind = &ev->plan.ind[i];
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
    double jb = web_doc_num(row, "judged_baseline"), jt = web_doc_num(row, "judged_target");
    buf_puts(b, "</td><td class=\"num\">");
    put_num(b, isnan(jb) ? ind->baseline : jb, d);
    buf_puts(b, "</td><td class=\"num\">");
    out_plan_value(isnan(jt) ? ind->target : jt, ind->target_op, ind->cumulative, t);
    web_text(b, t);
    buf_puts(b, "</td><td class=\"num\">");
    put_num(b, web_doc_num(row, "value"), d);
    double year = web_doc_num(row, "year");
    if (!isnan(year))
        buf_printf(b, "<span class=\"year\">%d年</span>", (int)year);
    buf_puts(b, "</td><td class=\"num\">");
    double g = web_doc_num(row, "gap_share");
    if (isnan(g)) {
        buf_puts(b, "—");
    } else {
        double shown = g < 0 ? 0 : g > 1 ? 1 : g;
        buf_printf(b, "%.1f%%<meter min=\"0\" max=\"1\" value=\"%.3f\"></meter>", g * 100, shown);
    }
    buf_puts(b, "</td><td class=\"num\">");
    put_num(b, web_doc_num(row, "pace"), 2);
    buf_puts(b, "</td><td>");
    status_badge(b, web_doc_str(row, "status"), web_doc_str(row, "status_label"));
    buf_puts(b, "</td><td>");
    wp_duty(b, pm_evaluation_duty(ev, i), false);
    buf_puts(b, "</td></tr>");
}

/* Every indicator grouped by domain; with a filter (show ≥ 0) only those
 * whose label is show, and a line saying so with the way back to all. */
static void domains(buf *b, const pm_evaluation *ev, const json_t *inds, const char *unit, int year, int show)
{
    const pm_plan *plan = &ev->plan;
    /* As many domains as the plan has (at most one per indicator): none left out. */
    const char **dom = xcalloc(plan->nind + 1, sizeof *dom);
    size_t nd = pm_plan_domains(plan, dom, plan->nind);
    size_t ni = plan->nind < json_array_size(inds) ? plan->nind : json_array_size(inds);
    buf_puts(b, "<div id=\"indicators\" tabindex=\"-1\">");
    if (show >= 0) {
        size_t m = 0;
        for (size_t i = 0; i < ni; i++)
            m += label_of(web_doc_str(json_array_get(inds, i), "status_label")) == show;
        buf_puts(b, "<p class=\"msg msg-info filter-note\" role=\"status\">只显示状态为“");
        web_text(b, label_text(show));
        buf_printf(b, "”的 %zu 项指标。<a href=\"", m);
        filter_href(b, unit, year, -1);
        buf_puts(b, "\">显示全部指标</a></p>");
    }
    for (size_t k = 0; k < nd; k++) {
        size_t rows = 0;
        for (size_t i = 0; i < ni; i++)
            rows += !strcmp(plan->ind[i].domain, dom[k]) &&
                    (show < 0 || label_of(web_doc_str(json_array_get(inds, i), "status_label")) == show);
        if (!rows)
            continue;
        const pm_goal *goal = pm_plan_goal_of(plan, dom[k]);
        buf_puts(b, "<section class=\"domain\"><h2>");
        if (goal)
            web_text(b, goal->label);
        web_text(b, dom[k]);
        buf_puts(b, "</h2>");
        wp_table_wrap(b, dom[k]);
        buf_puts(b, "<table class=\"indicators\"><thead><tr><th>序号</th><th>指标</th>"
                    "<th>属性</th><th>单位</th><th>基期值</th><th>目标值</th><th>最新值</th><th>完成度</th>"
                    "<th>完成进度</th><th>状态</th><th>牵头单位</th></tr></thead><tbody>");
        for (size_t i = 0; i < ni; i++) {
            const json_t *row = json_array_get(inds, i);
            if (!strcmp(plan->ind[i].domain, dom[k]) && (show < 0 || label_of(web_doc_str(row, "status_label")) == show))
                indicator_row(b, ev, (int)i, row, unit, year);
        }
        buf_puts(b, "</tbody></table></div></section>");
    }
    buf_puts(b, "</div>");
    free(dom);
}

/* ---- the page --------------------------------------------------------------------------- */

/* The title, the unit and year chooser and the line of facts. */
static void overview_head(web_req *r, buf *b, const web_snap *s, const json_t *doc, int unit, int year)
{
    const pm_evaluation *ev = &s->ev;
    const json_t *comp = json_object_get(doc, "completeness");
    buf_puts(b, "<div class=\"page-head\"><h1>");
    web_text(b, ev->tree.u[unit].name);
    buf_printf(b, " · %d年 规划实施进度总览</h1>", year);
    wp_chooser(r, b, s, "/", WEB_DO_READ, unit, year);
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
}

void web_overview(web_req *r, web_resp *w)
{
    const web_snap *s = web_snapshot(r);
    /* Without ?year= the overview opens on the latest year whose
     * collection is over, not on one still being collected (year_pick.h). */
    int unit = web_unit_param(r, w, s, WEB_DO_READ);
    if (unit < 0)
        return;
    web_year_pick pick;
    web_year_pick_get(r, s, &pick);
    int year = web_year_of(r, w, s, web_query(r, "year"), pick.year);
    if (year < 0)
        return;
    const pm_evaluation *ev = &s->ev;
    char title[256];
    snprintf(title, sizeof title, "%s %d年 总览", ev->tree.u[unit].name, year);
    /* ?show=LABEL: only the indicators of one status label (the counts'
     * links); unknown words are a 400, not a silently unfiltered page. */
    const char *shown = web_query(r, "show");
    int show = shown && *shown ? label_of(shown) : -1;
    if (show >= 0 && show == PM_LB_COUNT && strcmp(shown, "不适用")) {
        web_error(r, w, 400, "bad_status", "未知的状态。");
        return;
    }
    web_page_begin(r, w, title);
    buf *b = &w->body;
    /* The body depends only on the data, the unit, the year and which units
     * the user may pick (the chooser): drawn once per snapshot and kept
     * (snap_cache.c) in two pieces, the head and the rest, with the user's
     * own 待办 (page_todo.h) between them, drawn on every load; the layout
     * around it is the user's own. A filtered page is drawn each time (the
     * key has no room for the filter). */
    uint64_t head_key = web_fragment_key('O', unit, year, web_read_scope(r->user), 0);
    uint64_t body_key = web_fragment_key('O', unit, year, web_read_scope(r->user), 1);
    json_t *own = NULL; /* NULL unless the shared cache could not hold the document */
    const json_t *doc = NULL;
    if (show >= 0 || !web_fragment_get(r, head_key, b)) {
        size_t from = b->len;
        doc = web_status_doc_get(r, unit, year, false, &own);
        overview_head(r, b, s, doc, unit, year);
        if (show < 0)
            web_fragment_put(r, head_key, b, from);
    }
    web_year_banner(b, &pick, year, ev->tree.u[unit].code);
    web_todo_section(r, b, s);
    if (show >= 0 || !web_fragment_get(r, body_key, b)) {
        size_t from = b->len;
        if (!doc)
            doc = web_status_doc_get(r, unit, year, false, &own);
        const json_t *inds = json_object_get(doc, "indicators");
        counts(b, inds, ev->tree.u[unit].code, year, show);
        alerts(b, ev, inds, ev->tree.u[unit].code, year);
        goals(b, &ev->plan, inds);
        if (show < 0)
            wp_unit_matrix(b, ev, unit, year);
        domains(b, ev, inds, ev->tree.u[unit].code, year, show);
        if (show < 0)
            web_fragment_put(r, body_key, b, from);
    }
    web_page_end(r, w);
    json_decref(own);
}
