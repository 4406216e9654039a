/* The evaluation report's model (see report.h): every indicator judged
 * once for the unit and for each unit below it, the shared helpers the
 * sections compose their sentences with (report_ctx.h), and the assembly
 * of the sections into one JSON document. The sections themselves live in
 * report_overview.c (一–三), report_risks.c (四), report_units.c (五) and
 * report_notes.c (六). No sentence names an indicator or a unit unless the
 * figures select it (the strongest, the weakest, those on alert, those
 * holding one back). */
#include "render/report/report.h"

#include <math.h>
#include <stdarg.h>
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

/* ---- numbers as text ----------------------------------------------------------- */

double rp_value_at(const rp_ctx *c, int i, int unit, int year)
{
    if (unit < 0 || year < c->y0 || year > c->y1)
        return NAN;
    return pm_engine_value(&c->ev->engine, i, unit, year);
}

const char *rp_unit_of(const rp_ctx *c, int i) { return c->plan->ind[i].unit ? c->plan->ind[i].unit : ""; }

/* A figure in the indicator's decimals, "—" for none. */
void rp_fnum(const rp_ctx *c, int i, double v, buf *b)
{
    char s[48];
    if (isnan(v)) {
        buf_puts(b, "—");
        return;
    }
    num_fmt_fixed(v, c->dec[i], s);
    buf_puts(b, s);
}

/* A figure with its unit, as a sentence says it: "120张", "46.7%". */
void rp_fval(const rp_ctx *c, int i, double v, buf *b)
{
    rp_fnum(c, i, v, b);
    if (!isnan(v))
        buf_puts(b, rp_unit_of(c, i));
}

/* A difference of two figures: percentages differ by 个百分点. */
void rp_fdiff(const rp_ctx *c, int i, double d, buf *b)
{
    rp_fnum(c, i, fabs(d), b);
    buf_puts(b, strcmp(rp_unit_of(c, i), "%") ? rp_unit_of(c, i) : "个百分点");
}

void rp_fpct(double share, buf *b)
{
    char s[48];
    if (isnan(share)) {
        buf_puts(b, "—");
        return;
    }
    num_fmt_fixed(share * 100, 1, s);
    buf_puts(b, s);
    buf_puts(b, "%");
}

void rp_fratio(double q, buf *b)
{
    char s[48];
    if (isnan(q)) {
        buf_puts(b, "—");
        return;
    }
    num_fmt_fixed(q, 2, s);
    buf_puts(b, s);
}

/* Printf into a fresh JSON string (cleaned: model text is always UTF-8). */
json_t *rp_jfmt(const char *fmt, ...)
{
    buf b = BUF_INIT;
    va_list ap;
    va_start(ap, fmt);
    buf_vprintf(&b, fmt, ap);
    va_end(ap);
    json_t *j = esc_json_value(buf_str(&b));
    buf_free(&b);
    return j;
}

json_t *rp_jbuf(buf *b)
{
    json_t *j = esc_json_value(buf_str(b));
    buf_free(b);
    return j;
}

/* ---- blocks --------------------------------------------------------------------------- */

void rp_block_text(json_t *blocks, const char *type, json_t *text)
{
    json_t *o = json_object();
    json_object_set_new(o, "type", json_string(type));
    json_object_set_new(o, "text", text);
    json_array_append_new(blocks, o);
}

void rp_para(json_t *blocks, buf *b) { rp_block_text(blocks, "p", rp_jbuf(b)); }

json_t *rp_table_new(json_t *blocks, const char *caption, const char *align, const char *const *head,
                         size_t ncols)
{
    json_t *t = json_object(), *h = json_array();
    json_object_set_new(t, "type", json_string("table"));
    if (caption)
        json_object_set_new(t, "caption", json_string(caption));
    for (size_t k = 0; k < ncols; k++)
        json_array_append_new(h, json_string(head[k]));
    json_object_set_new(t, "head", h);
    json_object_set_new(t, "align", json_string(align));
    json_t *rows = json_array();
    json_object_set_new(t, "rows", rows);
    json_array_append_new(blocks, t);
    return rows;
}

json_t *rp_cell_status(const rp_judged *x)
{
    json_t *o = json_object();
    json_object_set_new(o, "text", json_string(pm_label_text(pm_pace_label(&x->o))));
    json_object_set_new(o, "status", json_string(pm_status_key(x->o.status)));
    return o;
}

json_t *rp_section(json_t *sections, const char *id, const char *heading)
{
    json_t *s = json_object(), *blocks = json_array();
    json_object_set_new(s, "id", json_string(id));
    json_object_set_new(s, "heading", esc_json_value(heading));
    json_object_set_new(s, "blocks", blocks);
    json_array_append_new(sections, s);
    return blocks;
}

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
}

bool rp_has_judgment(const rp_judged *x) { return x->o.status != PM_ST_NO_DATA && x->o.status != PM_ST_NO_TARGET; }
bool rp_is_good(const rp_judged *x) { return x->o.status == PM_ST_ACHIEVED || x->o.status == PM_ST_ON_TRACK; }
bool rp_is_bad(const rp_judged *x)
{
    return x->o.status == PM_ST_BEHIND || x->o.status == PM_ST_LAGGING || x->o.status == PM_ST_REGRESSING ||
           x->o.status == PM_ST_MISSED;
}

/* The effective base (DESIGN rule 1): the goalpost's baseline, 0 for a
 * cumulative indicator, else the earliest observation. */
bool rp_effective_base(const rp_ctx *c, int i, int unit, const rp_judged *x, int *y0, double *b)
{
    *y0 = c->y0;
    *b = x->g.baseline;
    if (!isnan(*b))
        return true;
    if (c->plan->ind[i].cumulative) {
        *b = 0;
        return true;
    }
    for (int y = c->y0; y <= c->year; y++) {
        double v = rp_value_at(c, i, unit, y);
        if (!isnan(v)) {
            *y0 = y;
            *b = v;
            return true;
        }
    }
    return false;
}

/* A pace for ranking: T = B shortfalls (gap share null) rank lowest,
 * achieved without a pace highest. */
double rp_rank_pace(const rp_judged *x)
{
    if (!isnan(x->o.pace))
        return x->o.pace;
    return x->o.status == PM_ST_ACHIEVED ? INFINITY : -INFINITY;
}

/* Completion for the average: achieved counts as 100%, more than 100%
 * counts as 100%, a shortfall without a gap share is left out. */
double rp_completion(const rp_judged *x)
{
    if (x->o.status == PM_ST_ACHIEVED)
        return 1.0;
    return isnan(x->o.gap_share) ? NAN : x->o.gap_share > 1 ? 1.0 : x->o.gap_share;
}

/* ---- status counts ------------------------------------------------------------------------ */

void rp_count_over(const rp_ctx *c, const rp_judged *xs, const int *idx, size_t n, rp_counts *k)
{
    memset(k, 0, sizeof *k);
    for (size_t m = 0; m < n; m++) {
        size_t i = idx ? (size_t)idx[m] : m;
        const rp_judged *x = &xs[i];
        pm_label l = pm_pace_label(&x->o);
        k->total++;
        k->all[l]++;
        if (c->plan->ind[i].binding) {
            k->nbinding++;
            k->binding[l]++;
        }
        k->outlook[x->o.outlook]++;
        k->alerts += x->o.alert;
    }
}

/* "提前完成 9 项，符合预期 10 项，…" over the non-zero labels; "" if none. */
void rp_counts_text(const int *by, buf *b)
{
    bool first = true;
    for (int l = 0; l < PM_LB_COUNT; l++) {
        if (!by[l])
            continue;
        buf_printf(b, "%s%s %d 项", first ? "" : "，", pm_label_text((pm_label)l), by[l]);
        first = false;
    }
}

/* ---- units below and their data ------------------------------------------------------------ */

/* Index of the kid by its position in c->kids. */
const rp_judged *rp_kid_j(const rp_ctx *c, size_t k, int i) { return &c->kj[k * c->plan->nind + (size_t)i]; }

/* How many of the unit's own items it reported in the year, out of those
 * expected, and how many of its children have any figure. */
void rp_completeness(const rp_ctx *c, int unit, int year, int *filled, int *expected, int *kids, int *kids_rep)
{
    const pm_engine *e = &c->ev->engine;
    *filled = *expected = *kids = *kids_rep = 0;
    if (unit < 0 || year < e->year0 || year >= e->year0 + (int)e->nyears)
        return;
    size_t y = (size_t)(year - e->year0);
    *filled = e->filled[y * e->nunits + (size_t)unit];
    *expected = e->expected[unit];
    *kids = e->kids[unit];
    *kids_rep = e->kids_reported[y * e->nunits + (size_t)unit];
}

long rp_pending_of(const rp_states *s) { return s->n[PM_VS_DRAFT] + s->n[PM_VS_SUBMITTED] + s->n[PM_VS_RETURNED]; }

void rp_pending_text(const rp_states *s, buf *b)
{
    static const pm_vstate order[] = {PM_VS_SUBMITTED, PM_VS_DRAFT, PM_VS_RETURNED};
    static const char *const words[] = {"已提交待审核", "草稿", "已退回"};
    bool first = true;
    for (int k = 0; k < 3; k++)
        if (s->n[order[k]]) {
            buf_printf(b, "%s%s %ld 条", first ? "" : "、", words[k], s->n[order[k]]);
            first = false;
        }
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

json_t *report_model(const pm_evaluation *ev, const pm_state_counts *states, int u, int year, const pm_pace_cfg *cfg,
                     pm_err *err)
{
    rp_ctx c = {.ev = ev, .plan = &ev->plan, .cfg = cfg ? cfg : &PM_PACE_DEFAULT, .u = ev->tree.n ? u : -1,
             .year = year, .y0 = ev->plan.base_year, .y1 = ev->plan.target_year};
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
    buf_printf(&b, "%s%s报告（%d年）", c.plan->title && *c.plan->title ? c.plan->title : "规划主要指标", kind_label,
               year);
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
    json_t *meta = json_array();
    if (c.u >= 0)
        json_array_append_new(meta, rp_jfmt("评估单位：%s（%s）", ev->tree.u[c.u].name, ev->tree.u[c.u].code));
    if (c.data_year)
        json_array_append_new(meta, rp_jfmt("规划期：%d—%d年　评估年份：%d年　数据截至：%d年", c.y0, c.y1, year,
                                         c.data_year));
    else
        json_array_append_new(meta, rp_jfmt("规划期：%d—%d年　评估年份：%d年　暂无数据", c.y0, c.y1, year));
    json_array_append_new(meta, json_string("评估方法：时间过半、任务过半（pace）　由 planmon 根据数据库中的数据生成"));
    json_object_set_new(model, "meta", meta);

    json_t *sections = json_array();
    json_object_set_new(model, "sections", sections);
    rp_section_summary(&c, sections, model);
    rp_section_goals(&c, sections);
    rp_section_table(&c, sections, model);
    rp_section_risks(&c, sections);
    rp_section_units(&c, sections, model);
    rp_section_notes(&c, sections);
    raw_values(&c, model);
    free(c.j);
    free(c.dec);
    free(c.kids);
    free(c.kj);
    free(c.ks);
    return model;
}

