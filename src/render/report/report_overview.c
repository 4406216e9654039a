/* The report's plan-wide sections: 一、总体情况 (counts, time against task,
 * the projection outlook), 二、分领域进展 (one per goal, what moved since
 * the year before, strongest and weakest) and 三、主要指标完成情况 (the
 * plan's own table with the judgments). */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/buf.h"
#include "base/mem.h"
#include "base/num.h"
#include "render/write/escape.h"
#include "render/write/json.h"
#include "render/doc/plan_out.h"
#include "render/report/report_ctx.h"

/* ---- groups of indicators: one per goal / domain ----------------------------------------- */

static const char *const cn_digits[] = {"零", "一", "二", "三", "四", "五", "六", "七", "八", "九", "十"};

/* "（三）" for n = 3, up to 99. */
static void cn_label(int n, buf *b)
{
    buf_puts(b, "（");
    if (n <= 10)
        buf_puts(b, cn_digits[n]);
    else if (n < 20)
        buf_printf(b, "十%s", n % 10 ? cn_digits[n % 10] : "");
    else
        buf_printf(b, "%s十%s", cn_digits[(n / 10) % 10], n % 10 ? cn_digits[n % 10] : "");
    buf_puts(b, "）");
}

/* Indicators of one domain, in table order; returns how many. */
static size_t domain_members(const rp_ctx *c, const char *domain, int *out)
{
    size_t n = 0;
    for (size_t i = 0; i < c->plan->nind; i++)
        if (!strcmp(c->plan->ind[i].domain, domain))
            out[n++] = (int)i;
    return n;
}


/* ---- section 1: summary --------------------------------------------------------------------- */

static void plan_name(const rp_ctx *c, buf *b)
{
    if (c->plan->title && *c->plan->title)
        buf_printf(b, "《%s》", c->plan->title);
    else
        buf_puts(b, "规划");
}

/* Rows 表1 shows even at zero: the pace scale of the period (before the
 * target year: 提前完成 … 逆向变化; from it: 已完成, 未完成) and 暂无数据.
 * Other labels appear only where some indicator has them. */
static bool count_row_always(const rp_ctx *c, pm_label l)
{
    bool final = c->year >= c->y1;
    switch (l) {
    case PM_LB_EARLY:
    case PM_LB_ON_TRACK:
    case PM_LB_BEHIND:
    case PM_LB_LAGGING:
    case PM_LB_REGRESSING:
        return !final;
    case PM_LB_DONE:
    case PM_LB_MISSED:
        return final;
    case PM_LB_NO_DATA:
        return true;
    default:
        return false;
    }
}

void rp_section_summary(rp_ctx *c, json_t *sections, json_t *model)
{
    json_t *blocks = rp_section(sections, "summary", "一、总体情况");
    rp_counts k;
    rp_count_over(c, c->j, NULL, c->plan->nind, &k);
    buf b = BUF_INIT;

    plan_name(c, &b);
    buf_printf(&b, "确定了 %zu 项主要指标", c->plan->nind);
    if (c->plan->nind && k.nbinding && k.nbinding < k.total)
        buf_printf(&b, "，其中约束性指标 %d 项、预期性指标 %d 项", k.nbinding, k.total - k.nbinding);
    else if (c->plan->nind)
        buf_printf(&b, "，均为%s指标", k.nbinding ? "约束性" : "预期性");
    buf_printf(&b, "。本报告以 %d 年为基期、%d 年为目标年，", c->y0, c->y1);
    if (c->data_year)
        buf_printf(&b, "依据截至 %d 年的数据，", c->data_year);
    buf_printf(&b, "按“时间过半、任务过半”的原则逐项评估%s的进展。",
               c->u >= 0 ? c->ev->tree.u[c->u].name : "各项指标");
    rp_para(blocks, &b);

    int judged_n = 0;
    double sum = 0;
    int nsum = 0;
    for (size_t i = 0; i < c->plan->nind; i++) {
        judged_n += rp_has_judgment(&c->j[i]);
        double x = rp_completion(&c->j[i]);
        if (!isnan(x)) {
            sum += x;
            nsum++;
        }
    }
    double avg = nsum ? sum / nsum : NAN;
    int nth = c->year - c->y0;
    if (c->u < 0) {
        buf_puts(&b, "数据库中还没有组织机构和数据，各项指标均暂无数据，下文仅列出规划的基期值和目标值。"
                     "导入组织机构并填报数据后，可重新生成本报告。");
    } else if (c->year <= c->y0) {
        buf_printf(&b, "%d 年为规划基期，尚无可与基期比较的数据，各项指标暂不评估，下文列出基期值和目标值。",
                   c->year);
    } else if (!c->data_year || c->data_year <= c->y0) {
        buf_printf(&b, "截至 %d 年尚无规划期内的指标数据，各项指标暂不评估。", c->year);
    } else {
        if (c->year < c->y1)
            buf_printf(&b, "%d 年是规划实施的第 %d 年，时间进度为 ", c->year, nth);
        else
            buf_printf(&b, "%d 年是规划的目标年，时间进度为 ", c->year);
        rp_fpct(c->tau, &b);
        buf_puts(&b, "。");
        if (c->data_year < c->year) {
            if (c->data_year + 1 < c->year)
                buf_printf(&b, "%d—%d 年", c->data_year + 1, c->year);
            else
                buf_printf(&b, "%d 年", c->year);
            buf_printf(&b, "尚无填报的数据：存量类指标（如床位数、机构数）沿用 %d 年填报的数值，"
                           "其余指标按最近有数据的年份评估。",
                       c->data_year);
        }
        if (nsum) {
            buf_printf(&b, "%d 项可计算完成度的指标平均完成度为 ", nsum);
            rp_fpct(avg, &b);
            /* Compared as printed (one decimal of a percent), so that the
             * words never contradict the figures beside them. */
            double d = round(avg * 1000) - round(c->tau * 1000);
            if (c->year < c->y1)
                buf_printf(&b, "，%s时间进度%s，总体%s“时间过半、任务过半”的要求。",
                           d == 0 ? "与" : d > 0 ? "高于" : "低于", d == 0 ? "持平" : "", d >= 0 ? "达到了" : "尚未达到");
            else
                buf_puts(&b, "。");
        }
    }
    rp_para(blocks, &b);

    if (judged_n) {
        buf_puts(&b, "从评估结果看，");
        rp_counts_text(k.all, &b);
        buf_puts(&b, "。");
        if (k.nbinding) {
            buf_printf(&b, "约束性指标 %d 项中，", k.nbinding);
            rp_counts_text(k.binding, &b);
            if (k.alerts)
                buf_printf(&b, "；其中 %d 项进度滞后、列为预警（见第六部分）。", k.alerts);
            else
                buf_puts(&b, "，均未出现预警。");
        }
        rp_para(blocks, &b);
        /* 趋势判断: where the straight line through each series lands,
         * for the indicators not yet settled. */
        int open = k.outlook[PM_OUTLOOK_LIKELY] + k.outlook[PM_OUTLOOK_AT_RISK] + k.outlook[PM_OUTLOOK_UNLIKELY];
        if (open) {
            buf_printf(&b, "尚未完成的 %d 项指标中，按各自的线性趋势外推到 %d 年（不超出指标的取值范围），", open, c->y1);
            bool first = true;
            for (int o = PM_OUTLOOK_LIKELY; o < PM_OUTLOOK_COUNT; o++) {
                if (!k.outlook[o])
                    continue;
                buf_printf(&b, "%s%s %d 项", first ? "" : "，", pm_outlook_label((pm_outlook)o), k.outlook[o]);
                first = false;
            }
            buf_puts(&b, "。");
            rp_para(blocks, &b);
        }
    }

    static const char *const head[] = {"评估结果", "全部指标（项）", "约束性指标（项）"};
    json_t *rows = rp_table_new(blocks, "表1 主要指标评估结果汇总", "lrr", head, 3);
    json_object_set_new(json_array_get(blocks, json_array_size(blocks) - 1), "class", json_string("counts"));
    json_t *jcounts = json_array();
    for (int l = 0; l < PM_LB_COUNT; l++) {
        if (!k.all[l] && !count_row_always(c, (pm_label)l))
            continue;
        const char *word = pm_label_text((pm_label)l);
        json_t *row = json_array(), *cell = json_object();
        json_object_set_new(cell, "text", json_string(word));
        json_object_set_new(cell, "status", json_string(pm_status_key(pm_label_status((pm_label)l))));
        json_array_append_new(row, cell);
        json_array_append_new(row, rp_jfmt("%d", k.all[l]));
        json_array_append_new(row, rp_jfmt("%d", k.binding[l]));
        json_array_append_new(rows, row);
        json_t *o = json_object();
        json_object_set_new(o, "status", json_string(pm_status_key(pm_label_status((pm_label)l))));
        json_object_set_new(o, "label", json_string(word));
        json_object_set_new(o, "all", json_integer(k.all[l]));
        json_object_set_new(o, "binding", json_integer(k.binding[l]));
        json_array_append_new(jcounts, o);
    }
    json_t *row = json_array();
    json_array_append_new(row, json_string("合计"));
    json_array_append_new(row, rp_jfmt("%d", k.total));
    json_array_append_new(row, rp_jfmt("%d", k.nbinding));
    json_array_append_new(rows, row);
    row = json_array();
    json_array_append_new(row, json_string("其中：预警"));
    json_array_append_new(row, rp_jfmt("%d", k.alerts));
    json_array_append_new(row, rp_jfmt("%d", k.alerts));
    json_array_append_new(rows, row);

    json_t *sum_o = json_object();
    json_object_set_new(sum_o, "total", json_integer(k.total));
    json_object_set_new(sum_o, "binding_total", json_integer(k.nbinding));
    json_object_set_new(sum_o, "alerts", json_integer(k.alerts));
    json_object_set_new(sum_o, "judged", json_integer(judged_n));
    json_object_set_new(sum_o, "avg_gap_share", out_json_num(avg));
    json_object_set_new(sum_o, "counts", jcounts);
    json_object_set_new(model, "summary", sum_o);
}

/* ---- section 2: by goal ---------------------------------------------------------------------- */

/* Direction of a year-on-year move for the better (+1), worse (-1),
 * none (0); 2 when either year has no figure. */
static int moved(const rp_ctx *c, int i, double prev, double now)
{
    if (isnan(prev) || isnan(now))
        return 2;
    /* On the figures as the table shows them, so that a row reading
     * 0.57 → 0.57 is counted as unchanged. */
    double scale = pow(10, c->dec[i]);
    double d = (round(now * scale) - round(prev * scale)) * c->plan->ind[i].polarity;
    return d > 0 ? 1 : d < 0 ? -1 : 0;
}

static void goal_text(rp_ctx *c, json_t *blocks, const int *m, size_t n)
{
    rp_counts k;
    rp_count_over(c, c->j, m, n, &k);
    buf b = BUF_INIT;
    buf_printf(&b, "本领域共 %zu 项指标", n);
    if (k.nbinding)
        buf_printf(&b, "（约束性 %d 项）", k.nbinding);
    int judged_n = 0;
    for (size_t x = 0; x < n; x++)
        judged_n += rp_has_judgment(&c->j[m[x]]);
    if (judged_n) {
        buf_puts(&b, "。评估结果：");
        rp_counts_text(k.all, &b);
        buf_puts(&b, "。");
    } else {
        buf_puts(&b, "，均暂无可评估的数据。");
    }
    if (c->year > c->y0 && c->u >= 0) {
        int up = 0, down = 0, same = 0, none = 0;
        for (size_t x = 0; x < n; x++) {
            int i = m[x];
            switch (moved(c, i, rp_value_at(c, i, c->u, c->year - 1), rp_value_at(c, i, c->u, c->year))) {
            case 1:
                up++;
                break;
            case -1:
                down++;
                break;
            case 0:
                same++;
                break;
            default:
                none++;
            }
        }
        if (up + down + same) {
            buf_printf(&b, "与 %d 年相比，", c->year - 1);
            bool first = true;
            if (up) {
                buf_printf(&b, "%d 项向好", up);
                first = false;
            }
            if (same) {
                buf_printf(&b, "%s%d 项持平", first ? "" : "，", same);
                first = false;
            }
            if (down)
                buf_printf(&b, "%s%d 项退步", first ? "" : "，", down);
            if (none)
                buf_printf(&b, "，%d 项缺少两年可比数据", none);
            buf_puts(&b, "。");
        }
    }
    /* Strongest and weakest by pace, among those the method gave one. */
    int best = -1, worst = -1, ncmp = 0;
    for (size_t x = 0; x < n; x++) {
        int i = m[x];
        if (!rp_has_judgment(&c->j[i]) || (isnan(c->j[i].o.pace) && c->j[i].o.status == PM_ST_ACHIEVED))
            continue;
        ncmp++;
        double q = rp_rank_pace(&c->j[i]);
        if (best < 0 || q > rp_rank_pace(&c->j[best]))
            best = i;
        if (worst < 0 || q < rp_rank_pace(&c->j[worst]))
            worst = i;
    }
    if (ncmp > 1 && rp_rank_pace(&c->j[best]) == rp_rank_pace(&c->j[worst])) {
        buf_printf(&b, "可比较进度的 %d 项指标完成进度相同（", ncmp);
        rp_fratio(c->j[best].o.pace, &b);
        buf_puts(&b, "）。");
    } else if (best >= 0 && worst >= 0 && best != worst) {
        buf_printf(&b, "进度最快的是“%s”（完成度 ", c->plan->ind[best].name);
        rp_fpct(c->j[best].o.gap_share, &b);
        buf_puts(&b, "，完成进度 ");
        rp_fratio(c->j[best].o.pace, &b);
        buf_printf(&b, "）；进度最慢的是“%s”（", c->plan->ind[worst].name);
        if (isnan(c->j[worst].o.gap_share)) {
            buf_puts(&b, "最新值 ");
            rp_fval(c, worst, c->j[worst].o.value, &b);
            buf_puts(&b, "，目标 ");
            rp_fval(c, worst, c->j[worst].g.target, &b);
        } else {
            buf_puts(&b, "完成度 ");
            rp_fcompletion(c, worst, &c->j[worst], &b);
            buf_puts(&b, "，完成进度 ");
            rp_fratio(c->j[worst].o.pace, &b);
        }
        buf_printf(&b, "，%s）。", pm_label_text(pm_pace_label(&c->j[worst].o)));
    } else if (best >= 0) {
        buf_printf(&b, "可比较进度的只有“%s”一项（%s）。", c->plan->ind[best].name,
                   pm_label_text(pm_pace_label(&c->j[best].o)));
    }
    rp_para(blocks, &b);
}

static void rp_goalpost_text(const rp_ctx *c, int i, const rp_judged *x, char base[64], char target[64]);

/* In the base year there is no year before to compare with: the plan's
 * own figures instead. */
static void goal_table_base_year(rp_ctx *c, json_t *blocks, const int *m, size_t n)
{
    char h_base[32], h_target[32];
    snprintf(h_base, sizeof h_base, "%d年（基期）", c->y0);
    snprintf(h_target, sizeof h_target, "%d年目标", c->y1);
    const char *head[] = {"序号", "指标", "单位", h_base, h_target, "状态"};
    json_t *rows = rp_table_new(blocks, NULL, "rlcrrc", head, 6);
    for (size_t x = 0; x < n; x++) {
        int i = m[x];
        const pm_indicator *ind = &c->plan->ind[i];
        char base[64], target[64];
        rp_goalpost_text(c, i, &c->j[i], base, target);
        json_t *row = json_array();
        json_array_append_new(row, rp_jfmt("%d", ind->no));
        json_array_append_new(row, rp_jfmt("%s%s", ind->name, ind->binding ? "*" : ""));
        json_array_append_new(row, esc_json_value(ind->unit));
        json_array_append_new(row, esc_json_value(base));
        json_array_append_new(row, esc_json_value(target));
        json_array_append_new(row, rp_cell_status(&c->j[i]));
        json_array_append_new(rows, row);
    }
}

static void goal_table(rp_ctx *c, json_t *blocks, const int *m, size_t n)
{
    if (c->year <= c->y0) {
        goal_table_base_year(c, blocks, m, n);
        return;
    }
    char prev_head[32], now_head[32];
    snprintf(prev_head, sizeof prev_head, "%d年", c->year - 1);
    snprintf(now_head, sizeof now_head, "%d年", c->year);
    const char *head[] = {"序号", "指标", "单位", prev_head, now_head, "变化", "完成度", "状态"};
    json_t *rows = rp_table_new(blocks, NULL, "rlcrrrrc", head, 8);
    for (size_t x = 0; x < n; x++) {
        int i = m[x];
        const pm_indicator *ind = &c->plan->ind[i];
        double prev = rp_value_at(c, i, c->u, c->year - 1), now = rp_value_at(c, i, c->u, c->year);
        json_t *row = json_array();
        buf b = BUF_INIT;
        json_array_append_new(row, rp_jfmt("%d", ind->no));
        json_array_append_new(row, rp_jfmt("%s%s", ind->name, ind->binding ? "*" : ""));
        json_array_append_new(row, esc_json_value(ind->unit));
        rp_fnum(c, i, prev, &b);
        json_array_append_new(row, rp_jbuf(&b));
        rp_fnum(c, i, now, &b);
        json_array_append_new(row, rp_jbuf(&b));
        if (!isnan(prev) && !isnan(now)) {
            /* The change of the figures as shown, so that the row adds
             * up for the reader (15.8 → 15.6 is −0.2, whatever the
             * digits behind). */
            double scale = pow(10, c->dec[i]);
            double d = (round(now * scale) - round(prev * scale)) / scale;
            char s[48];
            num_fmt_fixed(d, c->dec[i], s);
            /* A rise shows its sign; a change that rounds to nothing
             * shows none ("0.0", not "+0.0"). */
            bool zero = strspn(s, "0.") == strlen(s);
            json_array_append_new(row, rp_jfmt("%s%s", d > 0 && !zero ? "+" : "", s));
        } else {
            json_array_append_new(row, json_string("—"));
        }
        rp_fcompletion(c, (int)i, &c->j[i], &b);
        json_array_append_new(row, rp_jbuf(&b));
        json_array_append_new(row, rp_cell_status(&c->j[i]));
        json_array_append_new(rows, row);
    }
}

void rp_section_goals(rp_ctx *c, json_t *sections)
{
    json_t *blocks = rp_section(sections, "goals", "二、分领域进展");
    const char **domains = xcalloc(c->plan->nind + 1, sizeof *domains);
    size_t nd = pm_plan_domains(c->plan, domains, c->plan->nind);
    int *m = xcalloc(c->plan->nind + 1, sizeof *m);
    if (!nd) {
        buf b = BUF_INIT;
        buf_puts(&b, "规划中没有主要指标。");
        rp_para(blocks, &b);
    }
    for (size_t d = 0; d < nd; d++) {
        const pm_goal *g = pm_plan_goal_of(c->plan, domains[d]);
        buf h = BUF_INIT;
        if (g) {
            buf_printf(&h, "%s%s", g->label, g->title);
            if (strcmp(g->title, domains[d]))
                buf_printf(&h, "（%s）", domains[d]);
        } else {
            cn_label((int)d + 1, &h);
            buf_puts(&h, domains[d]);
        }
        rp_block_text(blocks, "h3", rp_jbuf(&h));
        size_t n = domain_members(c, domains[d], m);
        goal_text(c, blocks, m, n);
        goal_table(c, blocks, m, n);
    }
    buf b = BUF_INIT;
    buf_puts(&b, c->year > c->y0 ? "注：指标名称后带 * 的为约束性指标；“变化”为本年值减上年值；“—”表示暂无数据。"
                                  : "注：指标名称后带 * 的为约束性指标；“—”表示暂无数据。");
    rp_block_text(blocks, "note", rp_jbuf(&b));
    free(domains);
    free(m);
}

/* ---- section 3: the main table ------------------------------------------------------------------ */

/* Baseline and target a unit is judged against, as the plan writes them. */
static void rp_goalpost_text(const rp_ctx *c, int i, const rp_judged *x, char base[64], char target[64])
{
    const pm_indicator *ind = &c->plan->ind[i];
    bool own = x->g.judged && (x->g.target != ind->target || !(x->g.baseline == ind->baseline ||
                                                               (isnan(x->g.baseline) && isnan(ind->baseline))));
    out_plan_value(own ? x->g.baseline : ind->baseline, PM_OP_EQ, false, base);
    out_plan_value(own ? x->g.target : ind->target, ind->target_op, ind->cumulative, target);
}

void rp_section_table(rp_ctx *c, json_t *sections, json_t *model)
{
    json_t *blocks = rp_section(sections, "table", "三、主要指标完成情况");
    buf b = BUF_INIT;
    buf_printf(&b, "下表按规划主要指标表的体例列出各项指标的基期值、最新值、目标值和评估结果。"
                   "完成度 =（最新值 − 基期值）÷（目标值 − 基期值）；"
                   "状态按完成进度（完成度 ÷ 时间进度）判定，时间进度为 ");
    rp_fpct(c->tau, &b);
    buf_puts(&b, "。");
    rp_para(blocks, &b);

    char h_base[32], h_target[32];
    snprintf(h_base, sizeof h_base, "%d年", c->y0);
    snprintf(h_target, sizeof h_target, "%d年目标", c->y1);
    /* A plan whose table has one 领域 column gets one here too. */
    bool subs = false;
    for (size_t i = 0; i < c->plan->nind; i++)
        subs |= c->plan->ind[i].subdomain && *c->plan->ind[i].subdomain;
    const char *head[] = {"领域", "子领域", "序号", "指标", "单位", h_base, "最新值", "数据年份", h_target,
                          "属性", "完成度", "状态", "趋势判断"};
    char title[64];
    snprintf(title, sizeof title, "表2 主要指标完成情况（%d年）", c->year);
    /* Alignment by column, whatever the rowspans above a row (names left in
     * every row); the numbers, the unit and 属性 kept on one line ('k'), so
     * that a narrow printed column never breaks 约束性 or a value in two. */
    const char *align = "llrlcrrcrcccc";
    const char *keep = "..k.kkkkkk...";
    if (!subs)
        head[1] = head[0];
    json_t *rows = rp_table_new(blocks, title, subs ? align : align + 1, subs ? head : head + 1, subs ? 13 : 12);
    int estimates = 0;
    json_t *table = json_array_get(blocks, json_array_size(blocks) - 1);
    json_object_set_new(table, "class", json_string("main"));
    json_object_set_new(table, "keep", json_string(subs ? keep : keep + 1));

    json_t *inds = json_array();
    size_t nind = c->plan->nind;
    for (size_t i = 0; i < nind; i++) {
        const pm_indicator *ind = &c->plan->ind[i];
        const rp_judged *x = &c->j[i];
        json_t *row = json_array();
        /* Merged cells, as in the plan's table: a domain (and a subdomain
         * within it) spans its run of rows; covered cells are null. */
        bool new_domain = i == 0 || strcmp(ind->domain, c->plan->ind[i - 1].domain);
        const char *sub = ind->subdomain ? ind->subdomain : "";
        const char *prev_sub = i && c->plan->ind[i - 1].subdomain ? c->plan->ind[i - 1].subdomain : "";
        bool new_sub = new_domain || strcmp(sub, prev_sub);
        if (new_domain) {
            size_t span = 1;
            while (i + span < nind && !strcmp(c->plan->ind[i + span].domain, ind->domain))
                span++;
            json_t *cell = json_object();
            json_object_set_new(cell, "text", esc_json_value(ind->domain));
            json_object_set_new(cell, "rowspan", json_integer((json_int_t)span));
            json_array_append_new(row, cell);
        } else {
            json_array_append_new(row, json_null());
        }
        if (!subs) {
            /* no subdomain column */
        } else if (new_sub) {
            size_t span = 1;
            while (i + span < nind && !strcmp(c->plan->ind[i + span].domain, ind->domain) &&
                   !strcmp(c->plan->ind[i + span].subdomain ? c->plan->ind[i + span].subdomain : "", sub))
                span++;
            json_t *cell = json_object();
            json_object_set_new(cell, "text", esc_json_value(sub));
            json_object_set_new(cell, "rowspan", json_integer((json_int_t)span));
            json_array_append_new(row, cell);
        } else {
            json_array_append_new(row, json_null());
        }
        char base[64], target[64];
        rp_goalpost_text(c, (int)i, x, base, target);
        json_array_append_new(row, rp_jfmt("%d", ind->no));
        json_array_append_new(row, esc_json_value(ind->name));
        json_array_append_new(row, esc_json_value(ind->unit));
        json_array_append_new(row, esc_json_value(base));
        rp_fnum(c, (int)i, x->o.value, &b);
        if (x->estimate) /* a judgment resting on an estimate says so */
            buf_puts(&b, "（预计）");
        estimates += x->estimate;
        json_array_append_new(row, rp_jbuf(&b));
        json_array_append_new(row, x->o.year ? rp_jfmt("%d", x->o.year) : json_string("—"));
        json_array_append_new(row, esc_json_value(target));
        json_array_append_new(row, json_string(ind->binding ? "约束性" : "预期性"));
        /* A town's count without a target of its own: its share of the
         * district total, as the status command shows it. */
        double root = c->u > 0 ? rp_value_at(c, (int)i, 0, x->o.year ? x->o.year : c->year) : NAN;
        if (!x->g.judged && !isnan(x->o.value) && root > 0) {
            buf_puts(&b, "占全区");
            rp_fpct(x->o.value / root, &b);
        } else {
            rp_fcompletion(c, (int)i, x, &b);
        }
        json_array_append_new(row, rp_jbuf(&b));
        json_t *st = rp_cell_status(x);
        if (x->o.alert)
            json_object_set_new(st, "text", rp_jfmt("%s（预警）", pm_label_text(pm_pace_label(&x->o))));
        json_array_append_new(row, st);
        const char *outlook = pm_outlook_label(x->o.outlook);
        json_array_append_new(row, json_string(outlook[0] ? outlook : "—"));
        json_array_append_new(rows, row);

        json_t *o = out_indicator_json(ind);
        json_object_set_new(o, "decimals", json_integer(c->dec[i]));
        json_object_set_new(o, "baseline_text", esc_json_value(base));
        json_object_set_new(o, "target_text", esc_json_value(target));
        json_object_set_new(o, "judged", json_boolean(x->g.judged));
        json_object_set_new(o, "judged_baseline", out_json_num(x->g.baseline));
        json_object_set_new(o, "judged_target", out_json_num(x->g.target));
        json_object_set_new(o, "year", x->o.year ? json_integer(x->o.year) : json_null());
        json_object_set_new(o, "value", out_json_num(x->o.value));
        json_object_set_new(o, "prev_value", out_json_num(rp_value_at(c, (int)i, c->u, c->year - 1)));
        json_object_set_new(o, "gap_share", out_json_num(x->o.gap_share));
        json_object_set_new(o, "pace", out_json_num(x->o.pace));
        json_object_set_new(o, "status", json_string(pm_status_key(x->o.status)));
        json_object_set_new(o, "status_label", json_string(pm_label_text(pm_pace_label(&x->o))));
        json_object_set_new(o, "projected", out_json_num(x->o.projected));
        json_object_set_new(o, "projected_met", x->o.projected_met < 0 ? json_null() : json_boolean(x->o.projected_met));
        json_object_set_new(o, "required_yearly_change", out_json_num(x->o.required));
        json_object_set_new(o, "alert", json_boolean(x->o.alert));
        json_object_set_new(o, "outlook", pm_outlook_key(x->o.outlook) ? json_string(pm_outlook_key(x->o.outlook))
                                                                       : json_null());
        json_object_set_new(o, "outlook_label", json_string(pm_outlook_label(x->o.outlook)));
        json_object_set_new(o, "estimate", json_boolean(x->estimate));
        json_array_append_new(inds, o);
    }
    json_object_set_new(model, "indicators", inds);
    buf_puts(&b, "注：“—”表示暂无数据；标“累计”的目标为规划期五年累计值；≥、≤ 为目标下限、上限。");
    if (estimates)
        buf_printf(&b, "标“预计”的 %d 项最新值为预计值（尚无实际数据），其评估结果待实际数据核实。", estimates);
    rp_block_text(blocks, "note", rp_jbuf(&b));
}

