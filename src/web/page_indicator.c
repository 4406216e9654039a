/* GET /indicator/{no or code}?unit=CODE&year=Y: one indicator for one unit
 * and year. Its judgment (status, latest value against the target, gap
 * share, pace, projection, the yearly change still required); the series
 * chart from the baseline with the target, the straight pace line and the
 * projection (out/svg.c, the drawing the evaluation report uses); its
 * definition (the formula in words, the data elements with their names,
 * units and how they add up, unit, 属性, cumulative); and the values of the
 * unit's children (the towns, for the district) as a sorted bar chart and
 * a table linking each to its unit page.
 *
 * Everything comes from the shared evaluation snapshot (app.c); nothing
 * is read from the store. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/mem.h"
#include "base/num.h"
#include "render/doc/plan_out.h"
#include "render/chart/svg.h"
#include "web/pagekit.h"

/* ---- the definition ------------------------------------------------------------------ */

static const char *agg_words(pm_agg a)
{
    switch (a) {
    case PM_AGG_SUM: return "逐级加总";
    case PM_AGG_LAST: return "存量：各单位取截至当年的最新值，逐级加总";
    case PM_AGG_OWN: return "不汇总：各单位只有本单位填报的值";
    }
    return "";
}

static const char *kind_words(pm_value_kind k)
{
    switch (k) {
    case PM_KIND_NUMBER: return "数值";
    case PM_KIND_COUNT: return "计数（非负整数）";
    case PM_KIND_SHARE: return "比例（0–100）";
    case PM_KIND_FLAG: return "是/否（填 1 或 0）";
    }
    return "";
}

/* "“name”" of an element code, or the code itself when the plan has no
 * such element. */
static void elem_words(buf *b, const pm_plan *plan, const char *code, size_t len)
{
    char *c = xstrndup(code, len);
    int e = pm_plan_element(plan, c);
    buf_puts(b, "“");
    web_text(b, e >= 0 ? plan->elem[e].name : c);
    buf_puts(b, "”");
    free(c);
}

/* "town" → 街道乡镇数; "town:镇" (a named group) → 镇数. */
static void level_words(buf *b, const char *s, size_t len)
{
    char *c = xstrndup(s, len);
    char *group = strchr(c, ':');
    if (group)
        *group++ = '\0';
    char *t = wp_trim(c);
    int level;
    if (group && *wp_trim(group))
        web_text(b, wp_trim(group));
    else
        web_text(b, pm_level_parse(t, &level) ? pm_level_name(level) : t);
    buf_puts(b, "数");
    free(c);
}

/* The formula text (model/formula.h) read aloud: element references by
 * name, units(level) and units_with(code, level) as counts of units, the
 * operators as × ÷ + −. Anything it does not know is shown as written. */
static void formula_words(buf *b, const pm_plan *plan, const char *f)
{
    const char *p = f;
    while (*p) {
        if (p[0] == '#' && p[1] == '{' && strchr(p + 2, '}')) {
            const char *end = strchr(p + 2, '}');
            elem_words(b, plan, p + 2, (size_t)(end - p - 2));
            p = end + 1;
        } else if (!strncmp(p, "units_with(", 11) && strchr(p, ')')) {
            const char *args = p + 11, *end = strchr(p, ')'), *comma = memchr(args, ',', (size_t)(end - args));
            if (comma) {
                char *code = xstrndup(args, (size_t)(comma - args));
                elem_words(b, plan, wp_trim(code), strlen(wp_trim(code)));
                free(code);
                buf_puts(b, "大于 0 的");
                level_words(b, comma + 1, (size_t)(end - comma - 1));
            } else {
                buf_append(b, p, (size_t)(end - p + 1));
            }
            p = end + 1;
        } else if (!strncmp(p, "units(", 6) && strchr(p, ')')) {
            const char *end = strchr(p, ')');
            level_words(b, p + 6, (size_t)(end - p - 6));
            p = end + 1;
        } else if (*p == '*' || *p == '/' || *p == '+' || *p == '-') {
            buf_puts(b, *p == '*' ? " × " : *p == '/' ? " ÷ " : *p == '+' ? " + " : " − ");
            p++;
        } else if (*p == ' ' || *p == '\t') {
            p++;
        } else {
            char one[2] = {*p, '\0'};
            web_text(b, one);
            p++;
        }
    }
}

/* The elements formula i reads, in the order it first names them. */
static size_t formula_elements(const pm_evaluation *ev, int i, int *out, size_t cap)
{
    size_t n = 0;
    const pm_formula *f = &ev->engine.f[i];
    for (size_t k = 0; k < f->n; k++) {
        const pm_fnode *x = &f->node[k];
        if ((x->op != PM_F_ELEM && x->op != PM_F_UNITS_WITH) || x->elem < 0 || (size_t)x->elem >= ev->plan.nelem)
            continue;
        bool seen = false;
        for (size_t m = 0; m < n; m++)
            seen |= out[m] == x->elem;
        if (!seen && n < cap)
            out[n++] = x->elem;
    }
    return n;
}

static void definition(buf *b, const pm_evaluation *ev, int i)
{
    const pm_plan *plan = &ev->plan;
    const pm_indicator *ind = &plan->ind[i];
    buf_puts(b, "<section class=\"definition\"><h2>指标定义</h2><dl class=\"facts\"><dt>领域</dt><dd>");
    web_text(b, ind->domain);
    if (ind->subdomain) {
        buf_puts(b, " · ");
        web_text(b, ind->subdomain);
    }
    buf_puts(b, "</dd><dt>计量单位</dt><dd>");
    web_text(b, *ind->unit ? ind->unit : "无");
    buf_puts(b, "</dd><dt>属性</dt><dd>");
    buf_puts(b, ind->binding ? "<span class=\"tag binding\">约束性</span>" : "<span class=\"tag\">预期性</span>");
    buf_printf(b, "</dd><dt>%d年基期值</dt><dd>", plan->base_year);
    wp_value(b, ind, ind->baseline);
    buf_printf(b, "</dd><dt>%d年目标值</dt><dd>", plan->target_year);
    wp_target(b, ind, ind->target);
    buf_puts(b, "</dd><dt>累计</dt><dd>");
    if (ind->cumulative)
        buf_printf(b, "是：统计自 %d 年以来的累计完成量", plan->base_year);
    else
        buf_puts(b, "否：当年的数值");
    buf_puts(b, "</dd><dt>变化方向</dt><dd>");
    buf_puts(b, ind->polarity < 0 ? "越低越好" : "越高越好");
    buf_puts(b, "</dd><dt>计算方法</dt><dd>");
    if (ind->formula) {
        formula_words(b, plan, ind->formula);
        buf_puts(b, "<span class=\"sub\">汇总到各级单位后再计算（比率不取下级的平均值）</span>");
    } else {
        buf_puts(b, "直接填报");
    }
    buf_puts(b, "</dd></dl>");

    int el[64];
    size_t n = formula_elements(ev, i, el, sizeof el / sizeof el[0]);
    if (n) {
        wp_table_wrap(b, "数据项");
        buf_puts(b, "<table class=\"elements\"><thead><tr><th>数据项代码</th><th>数据项</th>"
                    "<th>计量单位</th><th>类型</th><th>填报单位</th><th>汇总方式</th></tr></thead><tbody>");
        for (size_t k = 0; k < n; k++) {
            const pm_element *e = &plan->elem[el[k]];
            buf_puts(b, "<tr><td><code>");
            web_text(b, e->code);
            buf_puts(b, "</code></td><td>");
            web_text(b, e->name);
            buf_puts(b, "</td><td>");
            web_text(b, *e->unit ? e->unit : "—");
            buf_puts(b, "</td><td>");
            web_text(b, kind_words(e->kind));
            buf_puts(b, "</td><td>");
            web_text(b, e->level >= 0 ? pm_level_name(e->level) : "各级");
            buf_puts(b, "</td><td>");
            web_text(b, agg_words(e->agg));
            buf_puts(b, "</td></tr>");
        }
        buf_puts(b, "</tbody></table></div>");
    }
    buf_puts(b, "</section>");
}

/* ---- who answers for it ------------------------------------------------------------------ */

/* The indicator's assignment from the 分解落实表: lead, co-parties,
 * deadline, or the sentence that none is assigned yet. */
static void duty(buf *b, const pm_evaluation *ev, int i)
{
    const pm_assignment *a = pm_evaluation_duty(ev, i);
    buf_puts(b, "<section class=\"duty\"><h2>责任分工</h2>");
    if (!a || !a->lead.code) {
        buf_puts(b, "<p>分解落实表尚未明确该指标的牵头单位。</p></section>");
        return;
    }
    buf_puts(b, "<dl class=\"facts\"><dt>牵头单位</dt><dd>");
    wp_party(b, &a->lead);
    buf_puts(b, "</dd><dt>配合单位</dt><dd>");
    wp_parties(b, a->co, a->nco, "、");
    if (!a->nco)
        buf_puts(b, "无");
    buf_puts(b, "</dd><dt>完成时限</dt><dd>");
    web_text(b, *a->deadline ? a->deadline : "未规定");
    buf_puts(b, "</dd></dl></section>");
}

/* ---- the judgment ------------------------------------------------------------------------ */

static void judgment(buf *b, const pm_evaluation *ev, int i, int u, int year, const wp_judged *j)
{
    const pm_indicator *ind = &ev->plan.ind[i];
    const pm_pace_out *o = &j->o;
    buf_puts(b, "<section class=\"judgment\"><h2>");
    web_text(b, ev->tree.u[u].name);
    buf_printf(b, " %d年 评估结果</h2><dl class=\"facts\"><dt>状态</dt><dd>", year);
    if (!j->g.judged) {
        buf_puts(b, "<span class=\"st st-no_target\">不作判断</span><span class=\"sub\">该单位未设分解目标：规划目标是全区的总量，"
                    "下级单位只显示占全区的比重</span>");
    } else {
        wp_status_badge(b, o);
        if (o->alert)
            buf_puts(b, " <strong class=\"alert-word\">约束性指标预警</strong>");
    }
    buf_puts(b, "</dd><dt>最新值</dt><dd>");
    wp_value(b, ind, o->value);
    if (o->year)
        buf_printf(b, "（%d年）", o->year);
    if (j->estimate)
        wp_estimate_mark(b);
    buf_puts(b, "</dd>");
    if (!isnan(j->share)) {
        buf_puts(b, "<dt>占全区</dt><dd>");
        wp_num(b, j->share * 100, 1);
        buf_puts(b, "%</dd>");
    }
    if (j->g.judged) {
        buf_printf(b, "<dt>基期值（%d年）</dt><dd>", ev->plan.base_year);
        wp_value(b, ind, j->g.baseline);
        buf_printf(b, "</dd><dt>目标值（%d年）</dt><dd>", ev->plan.target_year);
        wp_target(b, ind, j->g.target);
        buf_puts(b, "</dd><dt>完成度</dt><dd>");
        wp_completion(b, ind, o->gap_share, o->value, o->base);
        buf_puts(b, "<span class=\"sub\">已完成的差距占基期到目标差距的比重</span></dd><dt>完成进度</dt><dd>");
        wp_num(b, o->pace, 2);
        buf_puts(b, "<span class=\"sub\">完成度 ÷ 时间进度；0.95 及以上为符合预期</span></dd>");
        buf_printf(b, "<dt>趋势外推（%d年）</dt><dd>", ev->plan.target_year);
        wp_value(b, ind, o->projected);
        if (o->projected_met >= 0)
            buf_puts(b, o->projected_met ? "，按趋势可以如期完成" : "，按趋势难以如期完成");
        buf_puts(b, "</dd>");
        if (!isnan(o->required)) {
            buf_puts(b, "<dt>每年还需变化</dt><dd>");
            wp_num(b, o->required, wp_decimals(ind) + 1);
            if (*ind->unit) {
                buf_puts(b, " ");
                web_text(b, ind->unit);
            }
            buf_puts(b, "</dd>");
        }
    }
    buf_puts(b, "</dl></section>");
}

/* ---- the series chart ------------------------------------------------------------------- */

static void series_chart(buf *b, const pm_evaluation *ev, int i, int u, int year, const wp_judged *j)
{
    const pm_indicator *ind = &ev->plan.ind[i];
    int y0 = ev->plan.base_year, y1 = ev->plan.target_year;
    svg_point obs[64];
    size_t n = 0;
    for (int y = y0; y <= year && n < sizeof obs / sizeof obs[0]; y++) {
        double v = pm_engine_value(&ev->engine, i, u, y);
        if (!isnan(v))
            obs[n++] = (svg_point){y, v};
    }
    /* The effective base (DESIGN "Judging progress" rule 1): the baseline,
     * 0 for a cumulative indicator, else the earliest observation. */
    bool has_base = true;
    svg_point base = {y0, j->g.baseline};
    if (isnan(base.value)) {
        if (ind->cumulative)
            base.value = 0;
        else if (n)
            base = obs[0];
        else
            has_base = false;
    }
    char title[512], label[64];
    snprintf(title, sizeof title, "%s：%s（%d—%d年）", ev->tree.u[u].name, ind->name, y0, y1);
    out_plan_value(j->g.target, ind->target_op, ind->cumulative, label);
    double target = j->g.judged ? j->g.target : NAN;
    svg_series s = {title, ind->unit, wp_decimals(ind), y0, y1, obs, n, has_base, base, target, label,
                    j->g.judged && !isnan(j->o.projected)};
    buf_puts(b, "<section class=\"chart\"><h2>历年数值与序时进度</h2><figure>");
    if (!n) {
        buf_puts(b, "<p class=\"meta\">暂无数据。</p>");
    } else {
        svg_series_chart(b, &s);
    }
    buf_puts(b, "<figcaption>实线为实际值；");
    if (!isnan(target))
        buf_puts(b, "从基期到目标的直线为序时进度（时间过半、任务过半）；虚线为按最小二乘法的趋势外推；");
    else
        buf_puts(b, "该单位没有可比较的目标，不画序时进度；");
    buf_puts(b, "数值含草稿和待审核的数据。</figcaption></figure></section>");
}

/* ---- the children ------------------------------------------------------------------------ */

typedef struct kid {
    int u;
    double v;
    double key; /* best first: -v when higher is better, v when lower is; NaN last */
    wp_judged j;
} kid;

static int cmp_kid(const void *a, const void *b)
{
    const kid *x = a, *y = b;
    bool nx = isnan(x->key), ny = isnan(y->key);
    if (nx != ny)
        return nx ? 1 : -1;
    if (!nx && x->key != y->key)
        return x->key < y->key ? -1 : 1;
    return (x->u > y->u) - (x->u < y->u); /* ties in tree order */
}

/* The children of unit u judged for indicator i and year, best first
 * (the chart sorts its own copy; the tables read in its order). Returns
 * a malloc'd array the caller frees, *n its length; NULL when u has no
 * children. */
static kid *kids_judged(const pm_evaluation *ev, int i, int u, int year, size_t *n)
{
    const pm_tree *t = &ev->tree;
    const pm_indicator *ind = &ev->plan.ind[i];
    size_t nk = 0;
    *n = 0;
    for (int c = u + 1; c < t->end[u]; c++)
        nk += t->u[c].parent == u;
    if (!nk)
        return NULL;
    kid *k = xcalloc(nk, sizeof *k);
    for (int c = u + 1; c < t->end[u]; c++) {
        if (t->u[c].parent != u)
            continue;
        kid *x = &k[(*n)++];
        x->u = c;
        x->v = pm_engine_value(&ev->engine, i, c, year);
        x->key = ind->polarity < 0 ? x->v : -x->v;
        wp_judge(ev, i, c, year, &x->j);
    }
    qsort(k, *n, sizeof *k, cmp_kid);
    return k;
}

/* Where an alert leads (#lagging, wp_lagging_link): the children whose
 * progress is short (进度偏慢, 明显滞后, 逆向变化, 未完成), the worst status
 * first (then by value, as the chart sorts), right under the judgment — or a sentence saying why none is. */
static void lagging(buf *b, const pm_evaluation *ev, int i, int year, const kid *k, size_t n)
{
    if (!n)
        return;
    const pm_tree *t = &ev->tree;
    const pm_indicator *ind = &ev->plan.ind[i];
    const char *lvl = pm_level_name(t->u[k[0].u].level);
    size_t judged = 0, bad = 0, with = 0;
    for (size_t m = 0; m < n; m++) {
        with += !isnan(k[m].v);
        judged += wp_counts(&k[m].j);
        bad += wp_counts(&k[m].j) && wp_bad(k[m].j.o.status);
    }
    buf_puts(b, "<section class=\"lagging\" id=\"lagging\" tabindex=\"-1\" aria-labelledby=\"lagging-h\">"
                "<h2 id=\"lagging-h\">进度不足的");
    web_text(b, lvl);
    buf_printf(b, "（%zu 个）</h2>", bad);
    if (!with) {
        buf_printf(b, "<p>%d年各", year);
        web_text(b, lvl);
        buf_puts(b, "都没有该指标的数值：它只在");
        web_text(b, t->u[k[0].u].parent >= 0 ? t->u[t->u[k[0].u].parent].name : "");
        buf_puts(b, "一级统计（或当年尚未报送），没有分单位的进度。</p></section>");
        return;
    }
    if (!judged) {
        buf_puts(b, "<p>各");
        web_text(b, lvl);
        buf_puts(b, "均未设分解目标，无法判断进度；各单位的数值见下方排序。</p></section>");
        return;
    }
    if (!bad) {
        buf_printf(b, "<p>可判断的 %zu 个", judged);
        web_text(b, lvl);
        buf_puts(b, "中，没有进度不足的单位。</p></section>");
        return;
    }
    buf_puts(b, "<ul class=\"lagging-list\">");
    for (int st = PM_ST_MISSED; st >= PM_ST_BEHIND; st--) /* the worst status first */
        for (size_t m = 0; m < n; m++) {
            const kid *x = &k[m];
            if (!wp_counts(&x->j) || (int)x->j.o.status != st)
                continue;
            buf_puts(b, "<li>");
            wp_unit_link(b, t, x->u, year);
            buf_puts(b, " ");
            wp_status_badge(b, &x->j.o);
            buf_puts(b, " <span class=\"sub\">");
            wp_value(b, ind, x->v);
            buf_puts(b, "，目标 ");
            wp_target(b, ind, x->j.g.target);
            if (!isnan(x->j.o.gap_share)) {
                buf_puts(b, "，完成度 ");
                wp_completion(b, ind, x->j.o.gap_share, x->j.o.value, x->j.o.base);
            }
            buf_puts(b, "</span></li>");
        }
    buf_puts(b, "</ul></section>");
}

static void children(buf *b, const pm_evaluation *ev, int i, int u, int year, kid *k, size_t n)
{
    const pm_tree *t = &ev->tree;
    const pm_indicator *ind = &ev->plan.ind[i];
    if (!n)
        return;

    size_t with = 0;
    for (size_t m = 0; m < n; m++)
        with += !isnan(k[m].v);
    if (!with) /* lagging() has said why in a sentence: no chart of empty bars */
        return;
    const char *lvl = pm_level_name(t->u[k[0].u].level);
    buf_puts(b, "<section class=\"kids\"><h2>各");
    web_text(b, lvl);
    buf_printf(b, "（%d年）</h2>", year);
    svg_bar *bars = xcalloc(n, sizeof *bars);
    for (size_t m = 0; m < n; m++)
        bars[m] = (svg_bar){t->u[k[m].u].name, k[m].v, k[m].j.g.judged && wp_bad(k[m].j.o.status)};
    char title[512], ref_label[256];
    snprintf(title, sizeof title, "%s：各%s%d年数值", ind->name, lvl, year);
    double ref = ind->rate ? pm_engine_value(&ev->engine, i, u, year) : NAN;
    if (!isnan(ref)) {
        char v[48];
        num_fmt_fixed(ref, wp_decimals(ind), v);
        snprintf(ref_label, sizeof ref_label, "%s %s", t->u[u].name, v);
    } else {
        ref_label[0] = '\0';
    }
    svg_bars chart = {title, ind->unit, wp_decimals(ind), bars, n, ind->polarity < 0, ref, ref_label};
    buf_puts(b, "<figure>");
    svg_bar_chart(b, &chart);
    buf_puts(b, "<figcaption>按数值排序");
    if (ind->polarity < 0)
        buf_puts(b, "（越低越好，从低到高）");
    buf_puts(b, "；深色为进度偏慢、明显滞后、逆向变化或未完成的单位。</figcaption></figure>");
    free(bars);

    bool shares = !ind->rate;
    wp_table_wrap(b, title);
    buf_puts(b, "<table class=\"kids-table\"><thead><tr><th>排序</th><th>");
    web_text(b, lvl);
    buf_puts(b, "</th><th>数值</th>");
    if (shares)
        buf_puts(b, "<th>占全区</th>");
    buf_puts(b, "<th>目标值</th><th>完成度</th><th>状态</th></tr></thead><tbody>");
    for (size_t m = 0; m < n; m++) {
        const kid *x = &k[m];
        buf_printf(b, "<tr><td class=\"num\">%zu</td><td>", m + 1);
        wp_unit_link(b, t, x->u, year);
        buf_puts(b, "</td><td class=\"num\">");
        wp_value(b, ind, x->v);
        buf_puts(b, "</td>");
        if (shares) {
            buf_puts(b, "<td class=\"num\">");
            if (isnan(x->j.share)) {
                buf_puts(b, "—");
            } else {
                wp_num(b, x->j.share * 100, 1);
                buf_puts(b, "%");
            }
            buf_puts(b, "</td>");
        }
        buf_puts(b, "<td class=\"num\">");
        if (x->j.g.judged)
            wp_target(b, ind, x->j.g.target);
        else
            buf_puts(b, "—");
        buf_puts(b, "</td><td class=\"num\">");
        if (x->j.g.judged && !isnan(x->j.o.gap_share)) {
            wp_completion(b, ind, x->j.o.gap_share, x->j.o.value, x->j.o.base);
        } else {
            buf_puts(b, "—");
        }
        buf_puts(b, "</td><td>");
        if (x->j.g.judged)
            wp_status_badge(b, &x->j.o);
        else
            buf_puts(b, "<span class=\"muted\">未设分解目标</span>");
        buf_puts(b, "</td></tr>");
    }
    buf_puts(b, "</tbody></table></div></section>");
}

/* ---- the page ------------------------------------------------------------------------------ */

void web_indicator_page(web_req *r, web_resp *w)
{
    const web_snap *s = web_snapshot(r);
    int unit, year;
    if (!web_unit_year_param(r, w, s, WEB_DO_READ, &unit, &year))
        return;
    const pm_evaluation *ev = &s->ev;
    const pm_indicator *ind = r->nargs ? pm_plan_find(&ev->plan, r->args[0]) : NULL;
    if (!ind) {
        web_error(r, w, 404, "unknown_indicator", "指标不存在：请用指标的序号（1–32 等）或代码。");
        return;
    }
    int i = (int)(ind - ev->plan.ind);
    const pm_unit *pu = &ev->tree.u[unit];
    wp_judged j;
    wp_judge(ev, i, unit, year, &j);

    char title[512];
    snprintf(title, sizeof title, "%d. %s · %s", ind->no, ind->name, pu->name);
    web_page_begin(r, w, title);
    buf *b = &w->body;
    /* The body depends only on the data, the indicator, the unit, the year
     * and which units the user may pick (the chooser): drawn once per
     * snapshot and kept; the layout around it is the user's own. */
    uint64_t key = web_fragment_key('I', unit, year, web_read_scope(r->user), i);
    if (web_fragment_get(r, key, b)) {
        web_page_end(r, w);
        return;
    }
    size_t from = b->len;
    char action[64];
    snprintf(action, sizeof action, "/indicator/%d", ind->no);
    buf_printf(b, "<div class=\"page-head\"><h1><span class=\"no\">%d.</span> ", ind->no);
    web_text(b, ind->name);
    buf_puts(b, "</h1>");
    wp_chooser(r, b, s, action, WEB_DO_READ, unit, year);
    buf_puts(b, "</div><p class=\"meta\">");
    buf_puts(b, "<a href=\"/?unit=");
    {
        buf href = BUF_INIT;
        esc_url_component(&href, pu->code);
        web_attr(b, buf_str(&href));
        buf_free(&href);
    }
    buf_printf(b, "&amp;year=%d\">返回总览</a> · ", year);
    wp_unit_link(b, &ev->tree, unit, year);
    if (i > 0) {
        buf_puts(b, " · ");
        wp_indicator_link(b, &ev->plan.ind[i - 1], pu->code, year, "上一项指标");
    }
    if ((size_t)i + 1 < ev->plan.nind) {
        buf_puts(b, " · ");
        wp_indicator_link(b, &ev->plan.ind[i + 1], pu->code, year, "下一项指标");
    }
    buf_puts(b, "</p>");
    size_t nk;
    kid *k = kids_judged(ev, i, unit, year, &nk);
    judgment(b, ev, i, unit, year, &j);
    duty(b, ev, i);
    lagging(b, ev, i, year, k, nk);
    series_chart(b, ev, i, unit, year, &j);
    children(b, ev, i, unit, year, k, nk);
    free(k);
    definition(b, ev, i);
    web_fragment_put(r, key, b, from);
    web_page_end(r, w);
}
