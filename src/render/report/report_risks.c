/* 四、约束性指标预警: each binding indicator on alert with its facts, its
 * series chart, the projection and the yearly change still required, and
 * the units below that hold it back (with their bar chart). */
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
#include "engine/task_alert.h"
#include "render/report/report_ctx.h"

/* ---- section 4: binding indicators at risk --------------------------------------------------------- */

static const char *op_verb(const pm_indicator *ind)
{
    if (ind->cumulative)
        return "五年累计达到";
    return ind->target_op == PM_OP_GE ? "不低于" : ind->target_op == PM_OP_LE ? "不高于" : "达到";
}

static void risk_facts(rp_ctx *c, json_t *blocks, int i)
{
    const pm_indicator *ind = &c->plan->ind[i];
    const rp_judged *x = &c->j[i];
    buf b = BUF_INIT;
    int y0;
    double base;
    bool has_base = rp_effective_base(c, i, c->u, x, &y0, &base);
    if (has_base) {
        /* A base from the plan is the 基期; one taken from the earliest
         * figure is only where the data start. */
        if (y0 == c->y0 && !isnan(x->g.baseline))
            buf_printf(&b, "基期（%d 年）为 ", y0);
        else
            buf_printf(&b, "%d 年为 ", y0);
        rp_fval(c, i, base, &b);
        buf_puts(&b, "，");
    }
    buf_printf(&b, "规划目标为 %d 年%s ", c->y1, op_verb(ind));
    rp_fval(c, i, x->g.target, &b);
    buf_printf(&b, "。%d 年为 ", x->o.year);
    rp_fval(c, i, x->o.value, &b);
    if (x->o.status == PM_ST_MISSED) {
        buf_puts(&b, "，未完成目标，差 ");
        rp_fdiff(c, i, x->g.target - x->o.value, &b);
        buf_puts(&b, "。");
    } else if (!isnan(x->o.gap_share)) {
        buf_puts(&b, "，完成度 ");
        rp_fcompletion(c, i, x, &b);
        double tau = (double)(x->o.year - y0) / (double)(c->y1 - y0);
        buf_puts(&b, "，时间进度 ");
        rp_fpct(tau, &b);
        buf_puts(&b, "，完成进度 ");
        rp_fratio(x->o.pace, &b);
        buf_printf(&b, "，%s。", pm_label_text(pm_pace_label(&x->o)));
    } else if (has_base) {
        double d = (x->o.value - base);
        buf_printf(&b, "，较%s%s ", y0 == c->y0 ? "基期" : "起始年份", d * ind->polarity < 0 ? "退步" : "变化");
        rp_fdiff(c, i, d, &b);
        buf_printf(&b, "，%s。", pm_label_text(pm_pace_label(&x->o)));
    } else {
        buf_printf(&b, "，%s。", pm_label_text(pm_pace_label(&x->o)));
    }
    rp_para(blocks, &b);

    if (!isnan(x->o.projected)) {
        buf_printf(&b, "按 %d—%d 年数据的线性趋势（最小二乘）外推，%d 年预计为 ", y0, x->o.year, c->y1);
        rp_fval(c, i, x->o.projected, &b);
        if (x->o.projected_met == 1) {
            buf_puts(&b, "，可以达到目标");
        } else {
            buf_puts(&b, "，难以达到目标（差 ");
            rp_fdiff(c, i, x->g.target - x->o.projected, &b);
            buf_puts(&b, "）");
        }
        buf_puts(&b, "。");
    }
    if (!isnan(x->o.required)) {
        buf_printf(&b, "如要如期完成目标，%d—%d 年每年需%s ", x->o.year + 1, c->y1,
                   x->o.required > 0 ? "增加" : "减少");
        rp_fdiff(c, i, x->o.required, &b);
        if (has_base && x->o.year > y0) {
            double hist = (x->o.value - base) / (double)(x->o.year - y0);
            if (hist * x->o.required > 0 && fabs(hist) > 1e-12) {
                buf_printf(&b, "，是 %d—%d 年年均%s量（", y0, x->o.year, hist > 0 ? "增加" : "减少");
                rp_fdiff(c, i, hist, &b);
                char r[48];
                num_fmt_fixed(x->o.required / hist, 1, r);
                buf_printf(&b, "）的 %s 倍", r);
            } else if (fabs(hist) > 1e-12) {
                buf_printf(&b, "，而 %d—%d 年年均%s ", y0, x->o.year, hist > 0 ? "增加" : "减少");
                rp_fdiff(c, i, hist, &b);
                buf_puts(&b, "，需扭转变化方向");
            }
        }
        buf_puts(&b, "。");
    }
    if (b.len)
        rp_para(blocks, &b);

    /* The series chart: what svg_series_chart needs, plain data. */
    json_t *ch = json_object();
    json_object_set_new(ch, "type", json_string("chart"));
    json_object_set_new(ch, "chart", json_string("series"));
    c->figure++;
    json_object_set_new(ch, "caption", rp_jfmt("图%d %s：实际值、序时进度与趋势外推", c->figure, ind->name));
    json_object_set_new(ch, "title", rp_jfmt("%s（%d—%d年）", ind->name, c->y0, c->y1));
    json_object_set_new(ch, "unit", esc_json_value(ind->unit));
    json_object_set_new(ch, "decimals", json_integer(c->dec[i]));
    json_object_set_new(ch, "year0", json_integer(c->y0));
    json_object_set_new(ch, "year1", json_integer(c->y1));
    json_t *obs = json_array();
    for (int y = c->y0; y <= c->year; y++) {
        double v = rp_value_at(c, i, c->u, y);
        if (isnan(v))
            continue;
        json_t *p = json_array();
        json_array_append_new(p, json_integer(y));
        json_array_append_new(p, json_real(v));
        json_array_append_new(obs, p);
    }
    json_object_set_new(ch, "obs", obs);
    if (has_base) {
        json_t *p = json_array();
        json_array_append_new(p, json_integer(y0));
        json_array_append_new(p, json_real(base));
        json_object_set_new(ch, "base", p);
    } else {
        json_object_set_new(ch, "base", json_null());
    }
    json_object_set_new(ch, "target", out_json_num(x->g.target));
    char tt[64];
    out_plan_value(x->g.target, ind->target_op, ind->cumulative, tt);
    json_object_set_new(ch, "target_label", esc_json_value(tt));
    json_object_set_new(ch, "projection", json_boolean(!isnan(x->o.projected)));
    json_array_append_new(blocks, ch);
}


typedef struct kid_rank {
    size_t k;
    double key;
} kid_rank;

static int cmp_kid_rank(const void *a, const void *b)
{
    const kid_rank *x = a, *y = b;
    if (x->key != y->key)
        return x->key < y->key ? -1 : 1;
    return (x->k > y->k) - (x->k < y->k);
}

static void risk_towns(rp_ctx *c, json_t *blocks, int i)
{
    if (!c->nkids)
        return;
    const pm_indicator *ind = &c->plan->ind[i];
    const char *lvl = pm_level_name(c->ev->tree.u[c->kids[0]].level);
    bool *hi = xcalloc(c->nkids, sizeof *hi);
    kid_rank *r = xcalloc(c->nkids, sizeof *r);
    size_t nbad = 0, nval = 0;
    for (size_t k = 0; k < c->nkids; k++) {
        const rp_judged *x = rp_kid_j(c, k, i);
        if (x->g.judged && rp_is_bad(x))
            r[nbad++] = (kid_rank){k, rp_rank_pace(x)};
        if (!isnan(x->o.value))
            nval++;
    }
    buf b = BUF_INIT;
    if (nbad) {
        qsort(r, nbad, sizeof *r, cmp_kid_rank);
        buf_printf(&b, "从%s看，进度滞后的有 %zu 个：", lvl, nbad);
        for (size_t m = 0; m < nbad; m++) {
            const rp_judged *x = rp_kid_j(c, r[m].k, i);
            hi[r[m].k] = true;
            if (m >= 8)
                continue;
            buf_printf(&b, "%s%s（", m ? "、" : "", c->ev->tree.u[c->kids[r[m].k]].name);
            rp_fval(c, i, x->o.value, &b);
            buf_printf(&b, "，%s）", pm_label_text(pm_pace_label(&x->o)));
        }
        if (nbad > 8)
            buf_printf(&b, "等");
        buf_puts(&b, "。");
    } else if (nval) {
        /* Nobody judged behind: the lowest figures (in the direction that
         * counts as worse) are where the indicator is held back. */
        size_t nv = 0;
        for (size_t k = 0; k < c->nkids && nv < nval; k++) {
            double v = rp_kid_j(c, k, i)->o.value;
            if (!isnan(v)) {
                r[nv].k = k;
                r[nv].key = v * ind->polarity;
                nv++;
            }
        }
        qsort(r, nval, sizeof *r, cmp_kid_rank);
        size_t show = 3; /* the three lowest, or as many as there are */
        if (nval < show)
            show = nval;
        bool any_judged = false;
        for (size_t k = 0; k < c->nkids; k++)
            any_judged |= rp_kid_j(c, k, i)->g.judged && rp_has_judgment(rp_kid_j(c, k, i));
        if (any_judged)
            buf_printf(&b, "各%s均未出现进度滞后；", lvl);
        else
            buf_printf(&b, "该指标未分解到%s；", lvl);
        buf_printf(&b, "%s的是：", ind->polarity < 0 ? "数值最高" : "数值最低");
        for (size_t m = 0; m < show; m++) {
            hi[r[m].k] = true;
            buf_printf(&b, "%s%s（", m ? "、" : "", c->ev->tree.u[c->kids[r[m].k]].name);
            rp_fval(c, i, rp_kid_j(c, r[m].k, i)->o.value, &b);
            buf_puts(&b, "）");
        }
        buf_puts(&b, "。");
    } else {
        buf_printf(&b, "该指标为%s层面的统计，%s没有分项数据。", pm_level_name(c->ev->tree.u[c->u].level), lvl);
    }
    rp_para(blocks, &b);
    if (nval) {
        json_t *ch = json_object();
        json_object_set_new(ch, "type", json_string("chart"));
        json_object_set_new(ch, "chart", json_string("bars"));
        c->figure++;
        json_object_set_new(ch, "caption", rp_jfmt("图%d %s：各%s%d年数值（红色为进度滞后或数值靠后的单位）", c->figure,
                                                ind->name, lvl, c->year));
        json_object_set_new(ch, "title", rp_jfmt("%s：各%s数值", ind->name, lvl));
        json_object_set_new(ch, "unit", esc_json_value(ind->unit));
        json_object_set_new(ch, "decimals", json_integer(c->dec[i]));
        json_object_set_new(ch, "ascending", json_boolean(ind->polarity < 0));
        json_t *bars = json_array();
        for (size_t k = 0; k < c->nkids; k++) {
            json_t *o = json_object();
            json_object_set_new(o, "label", esc_json_value(c->ev->tree.u[c->kids[k]].name));
            json_object_set_new(o, "value", out_json_num(rp_kid_j(c, k, i)->o.value));
            json_object_set_new(o, "highlight", json_boolean(hi[k]));
            json_array_append_new(bars, o);
        }
        json_object_set_new(ch, "bars", bars);
        /* Rates compare with the unit's own figure; a count's total is
         * the sum of the bars and would only squash them. */
        if (ind->rate && !isnan(c->j[i].o.value)) {
            json_object_set_new(ch, "ref", json_real(c->j[i].o.value));
            buf_printf(&b, "%s ", c->ev->tree.u[c->u].name);
            rp_fnum(c, i, c->j[i].o.value, &b);
            json_object_set_new(ch, "ref_label", rp_jbuf(&b));
        } else {
            json_object_set_new(ch, "ref", json_null());
        }
        json_array_append_new(blocks, ch);
    }
    free(hi);
    free(r);
}

/* ---- who answers for an alert, and the tasks behind it ---------------------------------------------- */

static const char *party_name(const pm_party *p)
{
    return p->name && *p->name ? p->name : p->code;
}

/* "牵头单位：养老服务科；配合单位：区财政局、黄村镇。" for indicator i, or
 * the sentence saying none is assigned: an alert always names who
 * answers for it, or that nobody does yet. */
static void duty_words(const rp_ctx *c, int i, buf *b)
{
    const pm_assignment *a = pm_evaluation_duty(c->ev, i);
    if (!a || !a->lead.code) {
        buf_puts(b, "该指标尚未明确牵头单位（分解落实表中没有）。");
        return;
    }
    buf_printf(b, "牵头单位：%s", party_name(&a->lead));
    for (size_t k = 0; k < a->nco; k++)
        buf_printf(b, "%s%s", k ? "、" : "；配合单位：", party_name(&a->co[k]));
    buf_puts(b, "。");
}

/* "关联的重大项目XM01“…”进度滞后（牵头单位社会救助科）" for each task alert
 * a[0..n) on indicator i; false when there is none. */
static bool task_words(const rp_ctx *c, const pm_task_alert *a, size_t n, int i, buf *b)
{
    size_t m = 0;
    for (size_t k = 0; k < n; k++) {
        if (a[k].ind != (size_t)i)
            continue;
        const pm_task *t = &c->x->tasks[a[k].task];
        buf_printf(b, "%s%s%s“%s”%s（牵头单位%s）", m++ ? "；" : "关联的", t->project ? "重大项目" : "重点任务", t->code,
                   t->title, pm_task_judgment_label(a[k].judgment), t->duty.lead.code ? party_name(&t->duty.lead) : "未明确");
    }
    return m > 0;
}

/* The heading of alert number n on indicator i. */
static void alert_heading(rp_ctx *c, json_t *blocks, int n, int i)
{
    buf h = BUF_INIT;
    buf_printf(&h, "%d. %s", n, c->plan->ind[i].name);
    if (*rp_unit_of(c, i))
        buf_printf(&h, "（%s）", rp_unit_of(c, i));
    rp_block_text(blocks, "h3", rp_jbuf(&h));
}

void rp_section_risks(rp_ctx *c, json_t *sections)
{
    json_t *blocks = rp_section(sections, "risks", "四、约束性指标预警");
    buf b = BUF_INIT;
    int nbinding = 0, nalert = 0, nbytask = 0;
    pm_task_alert *ta = NULL;
    size_t nta = c->x->as_of ? pm_task_alerts(c->plan, c->x->tasks, c->x->ntasks, c->x->updates, c->x->nupdates,
                                              c->x->as_of, &ta)
                             : 0;
    for (size_t i = 0; i < c->plan->nind; i++) {
        nbinding += c->plan->ind[i].binding;
        nalert += c->j[i].o.alert;
        nbytask += !c->j[i].o.alert && pm_task_alert_find(ta, nta, i) >= 0;
    }
    if (!nbinding) {
        buf_puts(&b, "规划未设置约束性指标，本部分从略。");
        rp_para(blocks, &b);
        free(ta);
        return;
    }
    if (!nalert && !nbytask) {
        buf_printf(&b, "%d 项约束性指标均未出现进度偏慢、明显滞后、逆向变化或未完成的情况，关联的重点任务和重大项目"
                       "也没有进度滞后或逾期，没有预警。",
                   nbinding);
        rp_para(blocks, &b);
        free(ta);
        return;
    }
    buf_printf(&b, "%d 项约束性指标中，", nbinding);
    if (nalert)
        buf_printf(&b, "%d 项进度偏慢、明显滞后、逆向变化或未完成，列为预警", nalert);
    if (nbytask)
        buf_printf(&b, "%s%d 项指标数据虽未见异常，但关联的重点任务或重大项目进度滞后或逾期未完成，%s列为预警",
                   nalert ? "；另有 " : "", nbytask, nalert ? "也" : "");
    buf_puts(&b, "，逐项分析如下。");
    rp_para(blocks, &b);
    int n = 0;
    for (size_t i = 0; i < c->plan->nind; i++) {
        if (!c->j[i].o.alert)
            continue;
        alert_heading(c, blocks, ++n, (int)i);
        risk_facts(c, blocks, (int)i);
        duty_words(c, (int)i, &b);
        if (task_words(c, ta, nta, (int)i, &b))
            buf_puts(&b, "。");
        rp_para(blocks, &b);
        risk_towns(c, blocks, (int)i);
    }
    /* Alerts raised by the work alone: the figures do not show it yet. */
    for (size_t i = 0; i < c->plan->nind; i++) {
        if (c->j[i].o.alert || pm_task_alert_find(ta, nta, i) < 0)
            continue;
        alert_heading(c, blocks, ++n, (int)i);
        buf_printf(&b, "指标本身评价为%s，但", pm_label_text(pm_pace_label(&c->j[i].o)));
        task_words(c, ta, nta, (int)i, &b);
        buf_puts(&b, "，可能影响目标如期实现。");
        duty_words(c, (int)i, &b);
        rp_para(blocks, &b);
    }
    free(ta);
}
