/* GET /unit/{code}?year=Y: one town, street (or any unit) and year. Its
 * indicators with their statuses, drawn from the status document
 * (web_status_doc, the model of the overview and the status API), where
 * a count the bureau set no own target for is not judged and shows its
 * share of the district instead; its ranking among its peers (the units
 * with the same parent, by the share of their judged indicators achieved
 * or on track, as the evaluation report ranks towns); how complete its
 * figures are; and links to its children.
 *
 * Who sees what: the unit itself needs WEB_DO_READ; the table of peers
 * is shown only to users who may read the parent (a town's reporter sees
 * its own rank, not the other towns' figures). */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/mem.h"
#include "web/pagekit.h"

static void percent(buf *b, double share)
{
    if (isnan(share)) {
        buf_puts(b, "—");
        return;
    }
    wp_num(b, share * 100, 1);
    buf_puts(b, "%");
}

/* ---- ranking -------------------------------------------------------------------- */

typedef struct peer {
    int u;
    wp_score sc;
    double ratio; /* good / judged; NaN when nothing is judged */
} peer;

static int cmp_peer(const void *a, const void *b)
{
    const peer *x = a, *y = b;
    bool nx = isnan(x->ratio), ny = isnan(y->ratio);
    if (nx != ny)
        return nx ? 1 : -1;
    if (!nx && x->ratio != y->ratio)
        return x->ratio > y->ratio ? -1 : 1;
    if (x->sc.good != y->sc.good)
        return x->sc.good > y->sc.good ? -1 : 1;
    return (x->u > y->u) - (x->u < y->u);
}

static double ratio_of(wp_score sc)
{
    return sc.judged ? (double)sc.good / sc.judged : NAN;
}

static void ranking(web_req *r, buf *b, const pm_evaluation *ev, int u, int year)
{
    const pm_tree *t = &ev->tree;
    int parent = t->u[u].parent;
    if (parent < 0)
        return;
    size_t n = 0;
    for (int c = parent + 1; c < t->end[parent]; c++)
        n += t->u[c].parent == parent;
    peer *p = xcalloc(n, sizeof *p);
    size_t k = 0;
    for (int c = parent + 1; c < t->end[parent]; c++) {
        if (t->u[c].parent != parent)
            continue;
        p[k].u = c;
        p[k].sc = wp_unit_score(ev, c, year);
        p[k].ratio = ratio_of(p[k].sc);
        k++;
    }
    qsort(p, n, sizeof *p, cmp_peer);
    size_t rank = 0;
    for (size_t m = 0; m < n; m++)
        if (p[m].u == u)
            rank = m + 1;
    const char *lvl = pm_level_name(t->u[u].level);
    buf_puts(b, "<section class=\"ranking\"><h2>在同级单位中的排名</h2><p>");
    const peer *me = &p[rank - 1];
    if (isnan(me->ratio)) {
        buf_puts(b, "本单位没有可判断进度的指标（各项计数指标未设分解目标，或暂无数据），不参与排名。");
    } else {
        buf_puts(b, "在");
        web_text(b, t->u[parent].name);
        buf_printf(b, "的 %zu 个", n);
        web_text(b, lvl);
        buf_printf(b, "中排第 <strong>%zu</strong> 位：可判断进度的 %d 项指标中，%d 项已完成或符合预期（", rank,
                   me->sc.judged, me->sc.good);
        percent(b, me->ratio);
        buf_puts(b, "）。");
    }
    buf_puts(b, "</p>");
    if (web_can(r->user, WEB_DO_READ, parent)) {
        wp_table_wrap(b, "排名");
        buf_puts(b, "<table class=\"ranking-table\"><thead><tr><th>名次</th><th>");
        web_text(b, lvl);
        buf_puts(b, "</th><th>可判断的指标</th><th>已完成或符合预期</th><th>比例</th></tr></thead><tbody>");
        for (size_t m = 0; m < n; m++) {
            buf_puts(b, p[m].u == u ? "<tr class=\"me\">" : "<tr>");
            if (isnan(p[m].ratio))
                buf_puts(b, "<td class=\"num\">—</td><td>");
            else
                buf_printf(b, "<td class=\"num\">%zu</td><td>", m + 1);
            wp_unit_link(b, t, p[m].u, year);
            buf_printf(b, "</td><td class=\"num\">%d</td><td class=\"num\">%d</td><td class=\"num\">", p[m].sc.judged,
                       p[m].sc.good);
            percent(b, p[m].ratio);
            buf_puts(b, "</td></tr>");
        }
        buf_puts(b, "</tbody></table></div>");
    }
    buf_puts(b, "</section>");
    free(p);
}

/* ---- indicators --------------------------------------------------------------------- */

static void indicator_row(buf *b, const pm_indicator *ind, const json_t *row, const char *unit_code, int year)
{
    bool judged = json_is_true(json_object_get(row, "judged"));
    buf_puts(b, json_is_true(json_object_get(row, "alert")) ? "<tr class=\"alert\">" : "<tr>");
    buf_printf(b, "<td class=\"num\">%d</td><td class=\"name\">", ind->no);
    wp_indicator_link(b, ind, unit_code, year, ind->name);
    buf_puts(b, ind->binding ? "</td><td><span class=\"tag binding\">约束性</span></td><td class=\"num\">"
                             : "</td><td><span class=\"tag\">预期性</span></td><td class=\"num\">");
    double jb = web_doc_num(row, "judged_baseline"), jt = web_doc_num(row, "judged_target");
    if (judged) {
        wp_value(b, ind, isnan(jb) ? ind->baseline : jb);
        buf_puts(b, "</td><td class=\"num\">");
        wp_target(b, ind, isnan(jt) ? ind->target : jt);
    } else {
        buf_puts(b, "—</td><td class=\"num\">—");
    }
    buf_puts(b, "</td><td class=\"num\">");
    wp_value(b, ind, web_doc_num(row, "value"));
    double y = web_doc_num(row, "year");
    if (!isnan(y))
        buf_printf(b, "<span class=\"year\">%d年</span>", (int)y);
    if (json_is_true(json_object_get(row, "estimate")))
        wp_estimate_mark(b);
    buf_puts(b, "</td><td class=\"num\">");
    percent(b, web_doc_num(row, "share_of_root"));
    buf_puts(b, "</td><td class=\"num\">");
    wp_completion(b, ind, judged ? web_doc_num(row, "gap_share") : NAN, web_doc_num(row, "value"), web_doc_num(row, "judged_baseline"));
    buf_puts(b, "</td><td class=\"num\">");
    wp_num(b, judged ? web_doc_num(row, "pace") : NAN, 2);
    buf_puts(b, "</td><td>");
    pm_status st;
    if (!judged) {
        buf_puts(b, "<span class=\"muted\">未设分解目标</span>");
    } else if (pm_status_parse(web_doc_str(row, "status"), &st)) {
        buf_puts(b, "<span class=\"st st-");
        web_attr(b, pm_status_key(st));
        buf_puts(b, "\">");
        web_text(b, web_doc_str(row, "status_label"));
        buf_puts(b, "</span>");
    }
    buf_puts(b, "</td></tr>");
}

static void indicators(buf *b, const pm_evaluation *ev, const json_t *inds, const char *unit_code, int year)
{
    const pm_plan *plan = &ev->plan;
    /* As many domains as the plan has (at most one per indicator): none left out. */
    const char **dom = xcalloc(plan->nind + 1, sizeof *dom);
    size_t nd = pm_plan_domains(plan, dom, plan->nind);
    buf_puts(b, "<section class=\"unit-indicators\"><h2>各项指标</h2><p class=\"meta\">比率类指标按规划的基期值和目标值判断；"
                "计数类指标只有区里下达了本单位的分解目标才判断进度，否则显示占全区的比重。</p>");
    for (size_t k = 0; k < nd; k++) {
        buf_puts(b, "<h3>");
        web_text(b, dom[k]);
        buf_puts(b, "</h3>");
        wp_table_wrap(b, dom[k]);
        buf_puts(b, "<table class=\"indicators\"><thead><tr><th>序号</th><th>指标</th>"
                    "<th>属性</th><th>基期值</th><th>目标值</th><th>最新值</th><th>占全区</th><th>完成度</th>"
                    "<th>完成进度</th><th>状态</th></tr></thead><tbody>");
        for (size_t i = 0; i < plan->nind && i < json_array_size(inds); i++)
            if (!strcmp(plan->ind[i].domain, dom[k]))
                indicator_row(b, &plan->ind[i], json_array_get(inds, i), unit_code, year);
        buf_puts(b, "</tbody></table></div>");
    }
    buf_puts(b, "</section>");
    free(dom);
}

/* ---- completeness and children ------------------------------------------------------------ */

static void completeness(buf *b, const pm_evaluation *ev, int u, int year)
{
    const pm_engine *e = &ev->engine;
    size_t y = (size_t)(year - e->year0), n = e->nunits;
    buf_puts(b, "<section class=\"completeness\"><h2>数据报送情况</h2><ul>");
    buf_printf(b, "<li>本单位应报 %d 项数据，%d年已报 %d 项。</li>", e->expected[u], year, e->filled[y * n + (size_t)u]);
    if (e->kids[u])
        buf_printf(b, "<li>%d 个下级单位中，%d 个已有%d年的数据。</li>", e->kids[u], e->kids_reported[y * n + (size_t)u],
                   year);
    buf_puts(b, "</ul></section>");
}

static void kids(buf *b, const pm_evaluation *ev, int u, int year)
{
    const pm_tree *t = &ev->tree;
    const pm_engine *e = &ev->engine;
    if (!e->kids[u])
        return;
    size_t y = (size_t)(year - e->year0), n = e->nunits;
    buf_puts(b, "<section class=\"kids\"><h2>下级单位</h2>");
    wp_table_wrap(b, "下级单位");
    buf_puts(b, "<table class=\"kids-table\"><thead><tr>"
                "<th>单位</th><th>级别</th><th>已报 / 应报数据项</th><th>可判断的指标</th><th>已完成或符合预期</th>"
                "</tr></thead><tbody>");
    for (int c = u + 1; c < t->end[u]; c++) {
        if (t->u[c].parent != u)
            continue;
        wp_score sc = wp_unit_score(ev, c, year);
        buf_puts(b, "<tr><td>");
        wp_unit_link(b, t, c, year);
        buf_puts(b, "</td><td>");
        web_text(b, pm_level_name(t->u[c].level));
        buf_printf(b, "</td><td class=\"num\">%d / %d</td><td class=\"num\">%d</td><td class=\"num\">%d</td></tr>",
                   e->filled[y * n + (size_t)c], e->expected[c], sc.judged, sc.good);
    }
    buf_puts(b, "</tbody></table></div></section>");
}

/* "大兴区 › 黄村镇": the ancestors the user may read, linked. False when
 * there is none to show. */
static bool breadcrumb(web_req *r, buf *b, const pm_tree *t, int u, int year)
{
    int chain[PM_LEVEL_MAX + 2], n = 0;
    for (int a = t->u[u].parent; a >= 0 && n < (int)(sizeof chain / sizeof chain[0]); a = t->u[a].parent)
        chain[n++] = a;
    bool any = false;
    for (int k = n - 1; k >= 0; k--) {
        if (!web_can(r->user, WEB_DO_READ, chain[k]))
            continue;
        wp_unit_link(b, t, chain[k], year);
        buf_puts(b, " › ");
        any = true;
    }
    if (any)
        web_text(b, t->u[u].name);
    return any;
}

static void query_link(buf *b, const char *path, const char *code, int year, const char *label)
{
    buf href = BUF_INIT;
    buf_puts(&href, path);
    buf_puts(&href, "?unit=");
    esc_url_component(&href, code);
    buf_printf(&href, "&year=%d", year);
    wp_link(b, buf_str(&href), label);
    buf_free(&href);
}

void web_unit_page(web_req *r, web_resp *w)
{
    const web_snap *s = web_snapshot(r);
    int unit = web_unit_of(r, w, s, r->nargs ? r->args[0] : NULL, WEB_DO_READ);
    int year = unit < 0 ? -1 : web_year_param(r, w, s);
    if (year < 0)
        return;
    const pm_evaluation *ev = &s->ev;
    const pm_unit *pu = &ev->tree.u[unit];

    char title[512];
    snprintf(title, sizeof title, "%s %d年", pu->name, year);
    web_page_begin(r, w, title);
    buf *b = &w->body;
    /* The body depends only on the data, the unit, the year, which units
     * the user may read (breadcrumb, peers) and whether it may enter this
     * unit's figures (a link): drawn once per snapshot and kept. */
    bool enter = web_can(r->user, WEB_DO_ENTER, unit);
    uint64_t key = web_fragment_key('U', unit, year, web_read_scope(r->user), enter);
    if (web_fragment_get(r, key, b)) {
        web_page_end(r, w);
        return;
    }
    size_t from = b->len;
    json_t *own; /* NULL unless the shared cache could not hold the document */
    const json_t *doc = web_status_doc_get(r, unit, year, false, &own);
    buf_puts(b, "<div class=\"page-head\"><h1>");
    web_text(b, pu->name);
    buf_puts(b, " <span class=\"level\">");
    web_text(b, pm_level_name(pu->level));
    buf_puts(b, " · ");
    web_text(b, pu->code);
    buf_puts(b, "</span></h1><form method=\"get\" action=\"/unit/");
    {
        buf path = BUF_INIT;
        esc_url_component(&path, pu->code);
        web_attr(b, buf_str(&path));
        buf_free(&path);
    }
    buf_puts(b, "\" class=\"filters\"><label>年份 ");
    wp_year_select(b, s, "year", year, false);
    buf_puts(b, "</label> <button type=\"submit\">查看</button></form></div><p class=\"meta\">");
    if (breadcrumb(r, b, &ev->tree, unit, year))
        buf_puts(b, " · ");
    query_link(b, "/", pu->code, year, "总览");
    if (enter) {
        buf_puts(b, " · ");
        query_link(b, "/entry", pu->code, year, "数据填报");
    }
    buf_puts(b, " · ");
    query_link(b, "/history", pu->code, year, "修改历史");
    buf_puts(b, "</p>");
    completeness(b, ev, unit, year);
    ranking(r, b, ev, unit, year);
    indicators(b, ev, json_object_get(doc, "indicators"), pu->code, year);
    kids(b, ev, unit, year);
    web_fragment_put(r, key, b, from);
    web_page_end(r, w);
    json_decref(own);
}
