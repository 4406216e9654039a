/* The evaluation report's model (see report.h): every indicator judged
 * once for the unit and for each unit below it, and the assembly of the
 * sections into one JSON document. The helpers the sections compose their
 * sentences with are in report_ctx.c (report_ctx.h). The sections themselves live in
 * report_overview.c (一–三), report_risks.c (四), report_units.c (五) and
 * report_notes.c (六). No sentence names an indicator or a unit unless the
 * figures select it (the strongest, the weakest, those on alert, those
 * holding one back). */
#include "render/report/report.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/buf.h"
#include "base/mem.h"
#include "base/num.h"
#include "base/strmap.h"
#include "render/write/escape.h"
#include "render/write/json.h"
#include "render/doc/plan_out.h"
#include "render/report/report_ctx.h"

/* ---- judging -------------------------------------------------------------------------- */

static void judge(const rp_ctx *c, int i, int unit, rp_judged *x)
{
    if (unit < 0) {
        /* No org unit to hold figures: the shape of no_data, from the
         * method itself rather than written out here. */
        pm_pace_in in = {.base_year = c->y0, .base = NAN, .target_year = c->y1, .target = NAN, .polarity = 1};
        x->g = (pm_goalpost){c->plan->ind[i].baseline, c->plan->ind[i].target, c->plan->ind[i].target_op, true};
        pm_pace(&in, c->cfg, &x->o);
        return;
    }
    const pm_unit_target *t = pm_evaluation_target(c->ev, i, unit);
    x->g = pm_engine_goalpost(&c->ev->engine, i, unit, t ? &t->baseline : NULL, t ? &t->target : NULL);
    pm_engine_pace(&c->ev->engine, i, unit, c->year, &x->g, c->cfg, &x->o);
    x->estimate = x->o.year && pm_engine_estimated(&c->ev->engine, i, unit, x->o.year);
}

/* ---- raw values ------------------------------------------------------------------------------------- */

static void raw_values(const rp_ctx *c, json_t *model)
{
    json_t *raw = json_array();
    json_object_set_new(model, "raw", raw);
    if (c->u < 0)
        return;
    size_t nunits = c->nkids + 1;
    for (size_t k = 0; k < nunits; k++) {
        int unit = k ? c->kids[k - 1] : c->u;
        const pm_unit *pu = &c->ev->tree.u[unit];
        for (size_t i = 0; i < c->plan->nind; i++)
            for (int y = c->y0; y <= c->year; y++) {
                double v = rp_value_at(c, (int)i, unit, y);
                if (isnan(v))
                    continue;
                json_t *o = json_object();
                json_object_set_new(o, "unit", esc_json_value(pu->code));
                json_object_set_new(o, "unit_name", esc_json_value(pu->name));
                json_object_set_new(o, "no", json_integer(c->plan->ind[i].no));
                json_object_set_new(o, "code", esc_json_value(c->plan->ind[i].code));
                json_object_set_new(o, "name", esc_json_value(c->plan->ind[i].name));
                json_object_set_new(o, "measure", esc_json_value(c->plan->ind[i].unit));
                json_object_set_new(o, "year", json_integer(y));
                json_object_set_new(o, "value", json_real(v));
                json_array_append_new(raw, o);
            }
    }
}

/* ---- review states ---------------------------------------------------------------------------------- */

/* Sums the states of the figures each unit holds (handed in by the
 * caller) over u's subtree and each kid's (preorder ranges). */
static void sum_states(rp_ctx *c, const pm_state_counts *per_unit)
{
    if (c->u < 0 || !per_unit)
        return;
    const pm_tree *t = &c->ev->tree;
    for (int i = c->u; i < t->end[c->u]; i++)
        for (int st = 0; st < PM_VS_COUNT; st++)
            c->all.n[st] += per_unit[i].n[st];
    for (size_t k = 0; k < c->nkids; k++)
        for (int i = c->kids[k]; i < t->end[c->kids[k]]; i++)
            for (int st = 0; st < PM_VS_COUNT; st++)
                c->ks[k].n[st] += per_unit[i].n[st];
}

const char *report_cell_text(const json_t *cell)
{
    if (json_is_string(cell))
        return json_string_value(cell);
    const char *t = json_string_value(json_object_get(cell, "text"));
    return t ? t : "";
}

/* ---- the model -------------------------------------------------------------------------------------- */

/* "2024-06-30" → "2024年6月30日"; "" for a date that is not one. */
static void date_text(const char *iso, buf *b)
{
    int y, m, d;
    if (iso && sscanf(iso, "%4d-%2d-%2d", &y, &m, &d) == 3 && m >= 1 && m <= 12 && d >= 1 && d <= 31)
        buf_printf(b, "%d年%d月%d日", y, m, d);
}

/* The title: the plan's for the district; a unit below it evaluates its
 * own part (自评估报告, titled for the unit). */
static void title_text(const rp_ctx *c, const char *kind_label, buf *b)
{
    const char *plan = c->plan->title && *c->plan->title ? c->plan->title : "规划主要指标";
    if (c->u > 0)
        buf_printf(b, "%s《%s》%s自评估报告（%d年）", c->ev->tree.u[c->u].name, plan,
                   c->year < c->y1 ? "中期" : "总结", c->year);
    else
        buf_printf(b, "%s%s报告（%d年）", plan, kind_label, c->year);
}

/* The cover's lines under the title and the 落款. */
static void cover_and_signature(const rp_ctx *c, json_t *model)
{
    json_t *meta = json_array(), *sig = json_object();
    buf when = BUF_INIT;
    date_text(c->x->date, &when);
    if (c->x->issuer && *c->x->issuer) {
        json_array_append_new(meta, rp_jfmt("评估单位：%s", c->x->issuer));
        json_object_set_new(sig, "issuer", esc_json_value(c->x->issuer));
    }
    json_array_append_new(meta, rp_jfmt("规划期：%d—%d年（基期 %d 年）", c->y0 + 1, c->y1, c->y0));
    if (c->data_year)
        json_array_append_new(meta, rp_jfmt("评估年份：%d年　数据截至：%d年", c->year, c->data_year));
    else
        json_array_append_new(meta, rp_jfmt("评估年份：%d年　暂无数据", c->year));
    if (when.len) {
        json_array_append_new(meta, json_string(buf_str(&when)));
        json_object_set_new(sig, "date", rp_jbuf(&when));
    }
    buf_free(&when);
    json_object_set_new(model, "meta", meta);
    json_object_set_new(model, "signature", sig);
}

json_t *report_model(const pm_evaluation *ev, const pm_state_counts *states, int u, int year, const pm_pace_cfg *cfg,
                     const report_extra *extra, pm_err *err)
{
    static const report_extra none;
    rp_ctx c = {.ev = ev, .plan = &ev->plan, .cfg = cfg ? cfg : pm_pace_settings(), .u = ev->tree.n ? u : -1,
             .year = year, .y0 = ev->plan.base_year, .y1 = ev->plan.target_year, .x = extra ? extra : &none};
    size_t nind = c.plan->nind;
    c.tau = c.y1 > c.y0 ? (double)(year - c.y0) / (double)(c.y1 - c.y0) : 1.0;
    c.j = xcalloc(nind + 1, sizeof *c.j);
    c.dec = xcalloc(nind + 1, sizeof *c.dec);
    for (size_t i = 0; i < nind; i++) {
        const pm_indicator *ind = &c.plan->ind[i];
        c.dec[i] = out_value_decimals(ind->baseline, ind->target, ind->unit, ind->rate);
        judge(&c, (int)i, c.u, &c.j[i]);
    }
    if (c.u >= 0) {
        const pm_tree *t = &ev->tree;
        c.kids = xcalloc(t->n + 1, sizeof *c.kids);
        for (int i = c.u + 1; i < t->end[c.u]; i++)
            if (t->u[i].parent == c.u)
                c.kids[c.nkids++] = i;
    }
    c.kj = xcalloc(c.nkids * nind + 1, sizeof *c.kj);
    c.ks = xcalloc(c.nkids + 1, sizeof *c.ks);
    for (size_t k = 0; k < c.nkids; k++)
        for (size_t i = 0; i < nind; i++)
            judge(&c, (int)i, c.kids[k], &c.kj[k * nind + i]);

    /* The latest year anything was reported: the engine carries a stock
     * forward into years nobody reported, which must not pass for data. */
    for (int y = c.y0; c.u >= 0 && y <= year; y++) {
        int filled, expected, kids, kids_rep;
        rp_completeness(&c, c.u, y, &filled, &expected, &kids, &kids_rep);
        if (filled || kids_rep)
            c.data_year = y;
    }

    (void)err; /* nothing in the model can fail yet */
    sum_states(&c, states);

    json_t *model = json_object();
    const char *kind = year < c.y1 ? "midterm" : "final";
    const char *kind_label = year < c.y1 ? "中期评估" : "总结评估";
    buf b = BUF_INIT;
    title_text(&c, kind_label, &b);
    json_object_set_new(model, "title", rp_jbuf(&b));
    json_object_set_new(model, "kind", json_string(kind));
    json_object_set_new(model, "kind_label", json_string(kind_label));
    json_object_set_new(model, "plan_title", esc_json_value(c.plan->title ? c.plan->title : ""));
    json_object_set_new(model, "base_year", json_integer(c.y0));
    json_object_set_new(model, "target_year", json_integer(c.y1));
    json_object_set_new(model, "year", json_integer(year));
    json_object_set_new(model, "data_year", c.data_year ? json_integer(c.data_year) : json_null());
    json_object_set_new(model, "elapsed_share", json_real(c.tau));
    if (c.u >= 0) {
        const pm_unit *pu = &ev->tree.u[c.u];
        json_t *uo = json_object();
        json_object_set_new(uo, "code", esc_json_value(pu->code));
        json_object_set_new(uo, "name", esc_json_value(pu->name));
        json_object_set_new(uo, "level", json_integer(pu->level));
        json_object_set_new(uo, "level_name", json_string(pm_level_name(pu->level)));
        json_object_set_new(model, "unit", uo);
    } else {
        json_object_set_new(model, "unit", json_null());
    }
    cover_and_signature(&c, model);

    json_t *sections = json_array();
    json_object_set_new(model, "sections", sections);
    rp_section_summary(&c, sections, model);
    rp_section_goals(&c, sections);
    rp_section_table(&c, sections, model);
    rp_section_manual(&c, sections);
    rp_section_risks(&c, sections);
    rp_section_units(&c, sections, model);
    rp_section_notes(&c, sections);
    rp_outline(&c, model);
    raw_values(&c, model);
    free(c.j);
    free(c.dec);
    free(c.kids);
    free(c.kj);
    free(c.ks);
    return model;
}

