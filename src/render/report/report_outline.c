/* The outline of a real 中期/总结评估报告 (issue 13): 一、评估工作开展情况;
 * 二、总体评价; 三、主要指标完成情况; 四、重点任务推进情况; 五、重大工程项目
 * 进展; 六、存在问题及原因; 七、下一步工作建议; 八、规划调整建议; then the
 * annexes (the towns' ranking, the data notes). The sections about the
 * indicators are built first by their own files (report_overview.c …) and
 * are moved here into place; the rest are written here from the same
 * judgments. Every sentence here is a first draft composed from the
 * figures (a planner replaces it with the written 评估意见 once they are
 * kept with the plan); none names an indicator the figures do not select. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "base/buf.h"
#include "render/report/report_ctx.h"
#include "render/write/escape.h"

static const char *const cn_num[] = {"一", "二", "三", "四", "五", "六", "七", "八", "九", "十"};

/* Removes the section with this id from sections and returns it (a new
 * reference the caller owns), or NULL. */
static json_t *take(json_t *sections, const char *id)
{
    size_t i;
    json_t *s;
    json_array_foreach(sections, i, s)
    {
        const char *sid = json_string_value(json_object_get(s, "id"));
        if (sid && !strcmp(sid, id)) {
            json_incref(s);
            json_array_remove(sections, i);
            return s;
        }
    }
    return NULL;
}

/* Appends src's blocks to dst; with demote, a subheading goes one level
 * down (a section's （一） becomes 1. under the heading it is moved below). */
static void append_blocks(json_t *dst, const json_t *src, bool demote)
{
    size_t i;
    json_t *bl;
    json_array_foreach(json_object_get(src, "blocks"), i, bl)
    {
        const char *type = json_string_value(json_object_get(bl, "type"));
        if (demote && type && !strcmp(type, "h3")) {
            json_t *copy = json_deep_copy(bl);
            json_object_set_new(copy, "type", json_string("h4"));
            json_array_append_new(dst, copy);
        } else {
            json_array_append(dst, bl);
        }
    }
}

/* A numbered top-level section: "三、" + title. */
static json_t *numbered(json_t *out, const char *id, int *n, const char *title)
{
    char heading[160];
    snprintf(heading, sizeof heading, "%s、%s", cn_num[(*n)++ % 10], title);
    return rp_section(out, id, heading);
}

static void plan_name(const rp_ctx *c, buf *b)
{
    if (c->plan->title && *c->plan->title)
        buf_printf(b, "《%s》", c->plan->title);
    else
        buf_puts(b, "规划");
}

/* ---- 一、评估工作开展情况 ------------------------------------------------------------------------ */

static void work_section(rp_ctx *c, json_t *blocks)
{
    buf b = BUF_INIT;
    buf_printf(&b, "按照规划实施评估的要求，%s对", c->x->issuer && *c->x->issuer ? c->x->issuer : "我们");
    plan_name(c, &b);
    buf_printf(&b, "%s实施情况开展%s。评估以 %d 年为基期、%d 年为目标年，", c->u > 0 ? c->ev->tree.u[c->u].name : "",
               c->year < c->y1 ? "中期评估" : "总结评估", c->y0, c->y1);
    if (c->data_year)
        buf_printf(&b, "依据截至 %d 年各单位报送的统计数据，", c->data_year);
    buf_printf(&b, "对规划确定的 %zu 项主要指标逐项测算完成进度、研判完成趋势，形成本报告。数据来源、口径和评估方法见附件。",
               c->plan->nind);
    rp_para(blocks, &b);
    if (c->u < 0)
        return;
    int filled, expected, kids, kids_rep;
    rp_completeness(c, c->u, c->year, &filled, &expected, &kids, &kids_rep);
    buf_printf(&b, "%d 年，%s本级应填数据项 %d 项、已填 %d 项", c->year, c->ev->tree.u[c->u].name, expected, filled);
    if (kids)
        buf_printf(&b, "；下级单位 %d 个，已报送 %d 个", kids, kids_rep);
    if (rp_pending_of(&c->all)) {
        buf_puts(&b, "；尚未审核通过的数据有");
        rp_pending_text(&c->all, &b);
    } else {
        buf_puts(&b, "；已报送的数据均已审核通过");
    }
    buf_puts(&b, "。");
    rp_para(blocks, &b);
}

/* ---- written judgments ------------------------------------------------------------------------------ */

/* Appends the blocks of array src to dst. */
static void append_all(json_t *dst, const json_t *src)
{
    size_t i;
    json_t *bl;
    json_array_foreach(src, i, bl) json_array_append(dst, bl);
}

/* A section drafted from the figures alone (一, 七, 八): an accepted
 * narrative about it stands instead of the draft (issue 13: the generated
 * sentences are a first draft the planner replaces); a narrative still in
 * draft follows the generated text, marked. */
static void drafted(rp_ctx *c, json_t *blocks, const char *key, json_t *generated)
{
    json_t *nv = json_array();
    if (!rp_section_narratives(c, nv, key))
        append_all(blocks, generated);
    append_all(blocks, nv);
    json_decref(nv);
    json_decref(generated);
}

/* ---- 六、存在问题及原因 -------------------------------------------------------------------------------- */

static void problems_section(rp_ctx *c, json_t *blocks, const json_t *risks)
{
    buf b = BUF_INIT;
    int sub = 0;
    char h[96];
    if (risks) {
        snprintf(h, sizeof h, "（%s）约束性指标预警", cn_num[sub++]);
        rp_block_text(blocks, "h3", json_string(h));
        append_blocks(blocks, risks, true);
    }
    /* Expected (预期性) indicators that fall behind. */
    int n = 0;
    buf names = BUF_INIT;
    for (size_t i = 0; i < c->plan->nind; i++)
        if (!c->plan->ind[i].binding && rp_is_bad(&c->j[i])) {
            buf_printf(&names, "%s%s（%s）", n++ ? "、" : "", c->plan->ind[i].name,
                       pm_label_text(pm_pace_label(&c->j[i].o)));
        }
    if (n) {
        snprintf(h, sizeof h, "（%s）部分预期性指标进度滞后", cn_num[sub++]);
        rp_block_text(blocks, "h3", json_string(h));
        buf_printf(&b, "预期性指标中，进度偏慢、明显滞后、逆向变化或未完成的有 %d 项：%s。", n, buf_str(&names));
        rp_para(blocks, &b);
    }
    buf_free(&names);
    if (c->u >= 0 && rp_pending_of(&c->all)) {
        snprintf(h, sizeof h, "（%s）数据报送和审核", cn_num[sub++]);
        rp_block_text(blocks, "h3", json_string(h));
        buf_printf(&b, "%d 年的数据中，", c->year);
        rp_pending_text(&c->all, &b);
        buf_puts(&b, "，评估结果可能随审核而变化。");
        rp_para(blocks, &b);
    }
    if (!sub) {
        buf_puts(&b, "从数据看，各项主要指标进展总体符合预期，未发现突出问题。");
        rp_para(blocks, &b);
    }
}

/* ---- 七、下一步工作建议 -------------------------------------------------------------------------------- */

/* "提高" or "降低" the way the indicator should go. */
static const char *direction_verb(const rp_ctx *c, int i)
{
    const pm_indicator *ind = &c->plan->ind[i];
    bool down = ind->target_op == PM_OP_LE ||
                (ind->target_op == PM_OP_EQ && !isnan(ind->baseline) && !isnan(ind->target) &&
                 ind->target < ind->baseline);
    return down ? "降低" : strcmp(rp_unit_of(c, i), "%") ? "增加" : "提高";
}

static void next_section(rp_ctx *c, json_t *blocks)
{
    buf b = BUF_INIT;
    int n = 0;
    for (size_t i = 0; i < c->plan->nind; i++) {
        const rp_judged *x = &c->j[i];
        if (!x->o.alert)
            continue;
        buf_printf(&b, "%d. 加快推进“%s”。", ++n, c->plan->ind[i].name);
        if (!isnan(x->o.required) && x->o.year < c->y1) {
            buf_printf(&b, "要如期完成规划目标，%d—%d 年每年需%s ", x->o.year + 1, c->y1, direction_verb(c, (int)i));
            rp_fdiff(c, (int)i, x->o.required, &b);
            buf_puts(&b, "，建议逐年分解目标、明确责任单位，按季度跟踪。");
        } else {
            buf_puts(&b, "建议分析原因，明确责任单位，制定整改措施。");
        }
        rp_para(blocks, &b);
    }
    if (c->u >= 0 && rp_pending_of(&c->all)) {
        buf_printf(&b, "%d. 加快数据审核，确保评估所用数据准确、完整。", ++n);
        rp_para(blocks, &b);
    }
    if (!n) {
        buf_puts(&b, "各项约束性指标进展符合要求。下一步继续按规划确定的目标和年度计划推进，保持已达标指标的水平。");
        rp_para(blocks, &b);
    }
}

/* ---- 八、规划调整建议 ---------------------------------------------------------------------------------- */

static void adjust_section(rp_ctx *c, json_t *blocks)
{
    buf b = BUF_INIT;
    bool final = c->year >= c->y1;
    int n = 0;
    for (size_t i = 0; i < c->plan->nind; i++) {
        const rp_judged *x = &c->j[i];
        bool hit = final ? x->o.status == PM_ST_MISSED : x->o.outlook == PM_OUTLOOK_UNLIKELY;
        if (!hit)
            continue;
        buf_printf(&b, "%d. “%s”：", ++n, c->plan->ind[i].name);
        if (final) {
            buf_printf(&b, "%d 年为 ", x->o.year);
            rp_fval(c, (int)i, x->o.value, &b);
            buf_puts(&b, "，未达到规划目标，建议在下一个五年规划中统筹考虑。");
        } else {
            buf_printf(&b, "按目前趋势，%d 年预计为 ", c->y1);
            rp_fval(c, (int)i, x->o.projected, &b);
            buf_puts(&b, "，与规划目标差距较大，建议研究论证是否调整目标值，或加大推进力度。");
        }
        rp_para(blocks, &b);
    }
    if (!n) {
        buf_puts(&b, final ? "规划期已结束，主要指标均已完成或无需调整，不提出调整建议。"
                           : "主要指标按目前趋势预计能够完成或经努力可以完成，暂不提出调整规划目标的建议。");
        rp_para(blocks, &b);
    }
}

/* ---- the outline ------------------------------------------------------------------------------------------ */

void rp_outline(rp_ctx *c, json_t *model)
{
    json_t *old = json_object_get(model, "sections");
    json_t *summary = take(old, "summary"), *goals = take(old, "goals"), *table = take(old, "table");
    json_t *risks = take(old, "risks"), *units = take(old, "units"), *notes = take(old, "notes");
    json_t *out = json_array();
    int n = 0;

    json_t *gen = json_array();
    work_section(c, gen);
    drafted(c, numbered(out, "work", &n, "评估工作开展情况"), "work", gen);
    /* The sections that carry figures and tables keep them; the written
     * judgments about them follow (about problems: lead, before the
     * alerts drawn from the figures). */
    json_t *blocks = numbered(out, "summary", &n, "总体评价");
    if (summary)
        append_blocks(blocks, summary, false);
    if (goals)
        append_blocks(blocks, goals, false);
    rp_section_narratives(c, blocks, "overall");
    rp_scope_narratives(c, blocks, PM_NS_PLAN, NULL);
    blocks = numbered(out, "table", &n, "主要指标完成情况");
    if (table)
        append_blocks(blocks, table, false);
    rp_section_narratives(c, blocks, "indicators");
    rp_scope_narratives(c, blocks, PM_NS_DOMAIN, "各领域评估意见");
    rp_scope_narratives(c, blocks, PM_NS_INDICATOR, "各指标评估意见");
    blocks = numbered(out, "tasks", &n, "重点任务推进情况");
    rp_section_tasks(c, blocks, false, model);
    rp_section_narratives(c, blocks, "tasks");
    blocks = numbered(out, "projects", &n, "重大工程项目进展");
    rp_section_tasks(c, blocks, true, model);
    rp_section_narratives(c, blocks, "projects");
    blocks = numbered(out, "problems", &n, "存在问题及原因");
    rp_section_narratives(c, blocks, "problems");
    problems_section(c, blocks, risks);
    gen = json_array();
    next_section(c, gen);
    drafted(c, numbered(out, "next", &n, "下一步工作建议"), "next_steps", gen);
    gen = json_array();
    adjust_section(c, gen);
    drafted(c, numbered(out, "adjust", &n, "规划调整建议"), "adjustments", gen);
    rp_narratives_model(c, model);

    /* Annexes: the towns' ranking (a 考核 matter, kept out of the body) and
     * the data notes. */
    int annex = 0;
    const json_t *annexes[] = {units, notes};
    static const char *const ids[] = {"annex-units", "annex-notes"};
    static const char *const titles[] = {"进展排名", "数据说明"};
    for (size_t k = 0; k < 2; k++) {
        if (!annexes[k] || (k == 0 && !c->nkids))
            continue;
        /* The section's own title without its number ("五、社区村进展排名"
         * names the level below the unit). */
        const char *own = json_string_value(json_object_get(annexes[k], "heading"));
        const char *after = own ? strstr(own, "、") : NULL;
        char heading[160];
        snprintf(heading, sizeof heading, "附件%d　%s", ++annex, after ? after + strlen("、") : titles[k]);
        json_t *s = json_object();
        json_object_set_new(s, "id", json_string(ids[k]));
        json_object_set_new(s, "heading", json_string(heading));
        json_object_set_new(s, "annex", json_true());
        json_t *bl = json_array();
        json_object_set_new(s, "blocks", bl);
        append_blocks(bl, annexes[k], false);
        json_array_append_new(out, s);
    }
    /* Sections of later additions (none yet) keep their place at the end. */
    size_t i;
    json_t *s;
    json_array_foreach(old, i, s) json_array_append(out, s);
    json_object_set_new(model, "sections", out);
    json_decref(summary);
    json_decref(goals);
    json_decref(table);
    json_decref(risks);
    json_decref(units);
    json_decref(notes);
}
