#include "render/doc/status_out.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/buf.h"
#include "base/mem.h"
#include "base/num.h"
#include "base/utf8.h"
#include "render/doc/assess_out.h"
#include "render/write/csvw.h"
#include "render/write/json.h"
#include "render/doc/plan_out.h"
#include "render/doc/work_out.h"
#include "render/write/table.h"

static void add_common(json_t *o, bool judged, double share)
{
    json_object_set_new(o, "judged", json_boolean(judged));
    json_object_set_new(o, "share_of_root", isnan(share) ? json_null() : json_real(share));
}

void out_status_goalposts(json_t *o, const pm_goalpost *g, const pm_pace_out *p)
{
    /* The base the method measured from: rule 1's effective base once
     * there is a judgment (a unit without a base-year figure starts from
     * its earliest one), else the goalpost's. */
    bool measured = g->judged && p->status != PM_ST_NO_DATA && p->status != PM_ST_NO_TARGET;
    json_object_set_new(o, "judged_baseline", out_json_num(measured ? p->base : g->judged ? g->baseline : NAN));
    json_object_set_new(o, "judged_base_year", measured ? json_integer(p->base_year) : json_null());
    json_object_set_new(o, "judged_target", out_json_num(g->judged ? g->target : NAN));
}

json_t *out_status_pace(const pm_indicator *ind, const pm_pace_out *p, bool judged, double share)
{
    json_t *o = out_indicator_json(ind);
    out_assess_pace(o, p);
    json_object_set_new(o, "status_label", json_string(pm_label_text(pm_pace_label(p))));
    add_common(o, judged, share);
    return o;
}

json_t *out_status_sdg(const pm_indicator *ind, const pm_sdg_out *s, int year, double value, bool judged,
                       double share)
{
    json_t *o = out_indicator_json(ind);
    json_object_set_new(o, "year", year ? json_integer(year) : json_null());
    json_object_set_new(o, "value", isnan(value) ? json_null() : json_real(value));
    out_assess_sdg(o, s);
    json_object_set_new(o, "status_label", json_string(pm_sdg_status_label(s->status)));
    add_common(o, judged, share);
    return o;
}

void out_status_manual(json_t *row, const pm_judgment *j)
{
    json_object_set_new(row, "status", json_string(pm_status_key(PM_ST_MANUAL)));
    json_object_set_new(row, "status_label", json_string(pm_label_text(PM_LB_MANUAL)));
    if (!j) {
        json_object_set_new(row, "judgment", json_null());
        return;
    }
    json_t *o = json_object();
    json_object_set_new(o, "year", json_integer(j->year));
    json_object_set_new(o, "verdict", json_string(pm_verdict_key(j->verdict)));
    json_object_set_new(o, "verdict_label", json_string(pm_verdict_label(j->verdict)));
    json_object_set_new(o, "note", j->note ? json_string(j->note) : json_null());
    json_object_set_new(o, "who", json_string(j->who));
    json_object_set_new(o, "at", json_string(j->at));
    json_object_set_new(row, "judgment", o);
}

static json_t *completeness(const pm_engine *e, int u, int year)
{
    size_t y = (size_t)(year - e->year0), n = e->nunits;
    json_t *c = json_object();
    json_object_set_new(c, "items_expected", json_integer(e->expected[u]));
    json_object_set_new(c, "items_reported", json_integer(e->filled[y * n + (size_t)u]));
    json_object_set_new(c, "children", json_integer(e->kids[u]));
    json_object_set_new(c, "children_reported", json_integer(e->kids_reported[y * n + (size_t)u]));
    return c;
}

json_t *out_status_doc(const pm_evaluation *ev, int u, int year, bool sdg)
{
    const pm_unit *unit = &ev->tree.u[u];
    json_t *doc = json_object();
    json_object_set_new(doc, "unit", json_string(unit->code));
    json_object_set_new(doc, "unit_name", json_string(unit->name));
    json_object_set_new(doc, "unit_level", json_integer(unit->level));
    json_object_set_new(doc, "year", json_integer(year));
    json_object_set_new(doc, "method", json_string(sdg ? "sdg" : "pace"));
    json_t *arr = json_array();
    for (size_t i = 0; i < ev->plan.nind; i++) {
        const pm_indicator *ind = &ev->plan.ind[i];
        const pm_unit_target *t = pm_evaluation_target(ev, (int)i, u);
        pm_goalpost g = pm_engine_goalpost(&ev->engine, (int)i, u, t ? &t->baseline : NULL, t ? &t->target : NULL);
        double v = pm_engine_value(&ev->engine, (int)i, u, year);
        double root = pm_engine_value(&ev->engine, (int)i, 0, year);
        /* Below the district a count is also shown as its share of the whole. */
        double share = (u != 0 && !ind->rate && !isnan(v) && root > 0) ? v / root : NAN;
        pm_pace_out po; /* pace, and for sdg the latest year and value */
        pm_engine_pace(&ev->engine, (int)i, u, year, &g, pm_pace_settings(), &po);
        json_t *row;
        if (sdg) {
            pm_sdg_out so;
            int y0;
            pm_engine_sdg(&ev->engine, (int)i, u, year, &g, &so, &y0);
            row = out_status_sdg(ind, &so, po.year, po.value, g.judged, share);
        } else {
            row = out_status_pace(ind, &po, g.judged, share);
        }
        out_status_goalposts(row, &g, &po);
        /* No figure because none is reported at this level is not a gap in
         * the data: say so instead of 暂无数据. */
        bool applicable = pm_engine_applicable(&ev->engine, (int)i, u);
        json_object_set_new(row, "applicable", json_boolean(applicable));
        if (!applicable && isnan(v)) {
            json_object_set_new(row, "status_label", json_string("不适用"));
            out_status_goalposts(row, &(pm_goalpost){NAN, NAN, ind->target_op, false}, &po);
        }
        /* A judgment resting on an estimate (预计值) says so, everywhere. */
        json_object_set_new(row, "estimate",
                            json_boolean(po.year && pm_engine_estimated(&ev->engine, (int)i, u, po.year)));
        if (ind->qualitative)
            out_status_manual(row, pm_judgment_find(ev->judgments, ev->njudgments, ind->code, unit->code, year));
        /* A yes/no of the unit itself reads as one, not as 0 % / 100 %. */
        if (!isnan(v) && pm_engine_single_flag(&ev->engine, (int)i, u))
            json_object_set_new(row, "value_text", json_string(v > 0 ? "已开展" : "未开展"));
        /* Who answers for it (the 分解落实表): the same at every unit. */
        out_duty_json(row, pm_evaluation_duty(ev, (int)i));
        json_array_append_new(arr, row);
    }
    json_object_set_new(doc, "indicators", arr);
    json_object_set_new(doc, "completeness", completeness(&ev->engine, u, year));
    return doc;
}

/* ---- text forms --------------------------------------------------------- */

static double num_of(const json_t *o, const char *k)
{
    const json_t *v = json_object_get(o, k);
    return json_is_number(v) ? json_number_value(v) : NAN;
}

/* A figure for people: the unit's sensible decimals, "—" for none. */
static void show(double v, int decimals, char out[48])
{
    if (isnan(v))
        snprintf(out, 48, "—");
    else
        num_fmt_fixed(v, decimals, out);
}

/* Decimals that show a plan's figures as the plan writes them (0.28 → 2). */
static int decimals_of(const json_t *ind)
{
    return out_value_decimals(num_of(ind, "baseline"), num_of(ind, "target"),
                              json_string_value(json_object_get(ind, "unit")),
                              json_is_true(json_object_get(ind, "rate")));
}

/* 完成度: a percent when the figure moved towards the target, else its
 * move from the base in words (a negative percent reads as nonsense). */
static void completion(const json_t *o, int decimals, char out[64])
{
    double g = num_of(o, "gap_share");
    if (isnan(g) || g > 0) {
        show(isnan(g) ? g : g * 100, 1, out); /* fits: show writes at most 48 */
        if (!isnan(g))
            strcat(out, "%");
        return;
    }
    double d = num_of(o, "value") - num_of(o, "judged_baseline");
    char n[48];
    num_fmt_fixed(fabs(d), decimals, n);
    const char *unit = json_string_value(json_object_get(o, "unit"));
    if (isnan(d) || strspn(n, "0.") == strlen(n))
        snprintf(out, 64, "与基期持平");
    else {
        /* Whole, then cut at a character boundary: a byte precision
         * (%.12s) had cut 点 of " 个百分点" (13 bytes) in two. */
        char whole[160];
        snprintf(whole, sizeof whole, "较基期%s %s%s", d < 0 ? "下降" : "上升", n, !strcmp(unit, "%") ? " 个百分点" : unit);
        utf8_copy_cut(out, 64, whole);
    }
}

static void print_table(FILE *f, const json_t *doc)
{
    const json_t *inds = json_object_get(doc, "indicators");
    bool sdg = !strcmp(json_string_value(json_object_get(doc, "method")), "sdg");
    fprintf(f, "%s（%s）  %lld年  评估方法：%s\n\n", json_string_value(json_object_get(doc, "unit_name")),
            json_string_value(json_object_get(doc, "unit")),
            (long long)json_integer_value(json_object_get(doc, "year")),
            sdg ? "增长率法（sdg）" : "时间过半、任务过半（pace）");
    const char *head_pace[] = {"序号", "指标", "单位", "基期值", "最新值", "年份", "目标值",
                               "属性", "完成度", "完成进度", "状态", "预计期末", "年均还需", "预警"};
    const char *head_sdg[] = {"序号", "指标", "单位", "基期值", "最新值", "年份", "目标值",
                              "属性", "进展比", "得分", "状态", "", "", "预警"};
    out_table t;
    out_table_init(&t, 14, sdg ? head_sdg : head_pace);
    t.right_mask = (1u << 0) | (1u << 3) | (1u << 4) | (1u << 5) | (1u << 6) | (1u << 8) | (1u << 9) |
                   (1u << 11) | (1u << 12);
    size_t i;
    const json_t *o;
    json_array_foreach(inds, i, o)
    {
        int d = decimals_of(o);
        char no[16], base[64], val[48], yr[16], target[64], a[64], b[48], proj[48], req[48];
        snprintf(no, sizeof no, "%lld", (long long)json_integer_value(json_object_get(o, "no")));
        pm_target_op op;
        pm_target_op_parse(json_string_value(json_object_get(o, "target_op")), &op);
        /* The goalposts this unit is judged against: its own where the
         * bureau set them, else the plan's. */
        double jb = num_of(o, "judged_baseline"), jt = num_of(o, "judged_target");
        if (json_is_number(json_object_get(o, "judged_baseline")))
            show(jb, d, base);
        else
            out_plan_value(num_of(o, "baseline"), PM_OP_EQ, false, base);
        out_plan_value(json_is_number(json_object_get(o, "judged_target")) ? jt : num_of(o, "target"), op,
                       json_is_true(json_object_get(o, "cumulative")), target);
        const char *vt = json_string_value(json_object_get(o, "value_text"));
        /* A qualitative indicator: its target in the plan's words, the
         * planner's verdict where the figure would be. */
        const json_t *jd = json_object_get(o, "judgment");
        const char *tt = json_string_value(json_object_get(o, "target_text"));
        if (json_is_true(json_object_get(o, "qualitative"))) {
            snprintf(target, sizeof target, "%s", tt ? tt : "—");
            vt = jd ? json_string_value(json_object_get(jd, "verdict_label")) : "未评价";
        }
        if (vt)
            snprintf(val, sizeof val, "%s", vt);
        else
            show(num_of(o, "value"), d, val);
        if (json_is_true(json_object_get(o, "estimate")))
            strcat(val, "（预计）"); /* fits: show writes a number of at most 24 bytes */
        double year = num_of(o, "year");
        snprintf(yr, sizeof yr, "%s", isnan(year) ? "—" : "");
        if (!isnan(year))
            snprintf(yr, sizeof yr, "%d", (int)year);
        if (sdg) {
            show(num_of(o, "progress"), 3, a);
            show(num_of(o, "score"), 2, b);
            proj[0] = req[0] = '\0';
        } else {
            completion(o, d, a);
            show(num_of(o, "pace"), 2, b);
            show(num_of(o, "projected"), d, proj);
            show(num_of(o, "required_yearly_change"), d, req);
        }
        /* Below the district a count without a target of the unit's own is
         * shown as its share of the district's total instead of a pace. */
        double share = num_of(o, "share_of_root");
        if (!sdg && !json_is_true(json_object_get(o, "judged")) && !isnan(share)) {
            snprintf(a, sizeof a, "占全区%.1f%%", share * 100);
        }
        const char *row[] = {no,
                             json_string_value(json_object_get(o, "name")),
                             json_string_value(json_object_get(o, "unit")),
                             base,
                             val,
                             yr,
                             target,
                             json_is_true(json_object_get(o, "binding")) ? "约束性" : "预期性",
                             a,
                             b,
                             json_string_value(json_object_get(o, "status_label")),
                             proj,
                             req,
                             json_is_true(json_object_get(o, "alert")) ? "⚠ 预警" : ""};
        out_table_row(&t, row);
    }
    out_table_print(&t, f);
    out_table_free(&t);

    /* Counts by status in the order of the method's scale (the one label
     * list, pm_label, then 不适用 and the sdg method's), and completeness. */
    const char *order[PM_LB_COUNT + 1 + PM_SDG_COUNT + 1];
    size_t no = 0;
    for (int l = 0; l < PM_LB_COUNT; l++)
        order[no++] = pm_label_text((pm_label)l);
    order[no++] = "不适用";
    for (int s = PM_SDG_TARGET_ACHIEVED; s < PM_SDG_COUNT; s++)
        order[no++] = pm_sdg_status_label((pm_sdg_status)s);
    order[no++] = pm_sdg_status_label(PM_SDG_NOT_AVAILABLE);
    order[no] = NULL;
    int alerts = 0, estimates = 0;
    json_array_foreach(inds, i, o) estimates += json_is_true(json_object_get(o, "estimate"));
    json_array_foreach(inds, i, o) alerts += json_is_true(json_object_get(o, "alert"));
    fprintf(f, "\n共 %zu 项指标：", json_array_size(inds));
    bool first = true;
    for (const char *const *l = order; *l; l++) {
        int count = 0;
        json_array_foreach(inds, i, o) count += !strcmp(json_string_value(json_object_get(o, "status_label")), *l);
        if (count)
            fprintf(f, "%s%s %d 项", first ? "" : "，", *l, count);
        first = first && !count;
    }
    fprintf(f, "；约束性指标预警 %d 项。\n", alerts);
    /* Each alert with who answers for it: an alert needs an addressee. */
    json_array_foreach(inds, i, o)
    {
        if (!json_is_true(json_object_get(o, "alert")))
            continue;
        const char *lead = json_string_value(json_object_get(o, "lead_name"));
        fprintf(f, "  ⚠ %lld. %s：%s%s", (long long)json_integer_value(json_object_get(o, "no")),
                json_string_value(json_object_get(o, "name")), lead ? "牵头单位 " : "尚未明确牵头单位", lead ? lead : "");
        const json_t *co = json_object_get(o, "co_names");
        for (size_t k = 0; k < json_array_size(co); k++)
            fprintf(f, "%s%s", k ? "、" : "，配合单位 ", json_string_value(json_array_get(co, k)));
        fputs("\n", f);
    }
    if (estimates)
        fprintf(f, "其中 %d 项的最新值含预计值（标“预计”），评估结论待实际数据核实。\n", estimates);
    const json_t *c = json_object_get(doc, "completeness");
    if (c)
        fprintf(f, "数据完整性：本单位应填 %lld 项、已填 %lld 项；下级单位 %lld 个，已报送 %lld 个。\n",
                (long long)json_integer_value(json_object_get(c, "items_expected")),
                (long long)json_integer_value(json_object_get(c, "items_reported")),
                (long long)json_integer_value(json_object_get(c, "children")),
                (long long)json_integer_value(json_object_get(c, "children_reported")));
}

/* A list of words (the co-parties' codes or names) in one CSV cell:
 * joined with ";" (codes hold none), as pace input joins a series. A
 * list of anything else (an indicator's parts) stays an empty cell. */
static const char *list_cell(const json_t *a, buf *b)
{
    buf_reset(b);
    size_t i;
    const json_t *v;
    json_array_foreach(a, i, v)
    {
        if (!json_is_string(v)) {
            buf_reset(b);
            break;
        }
        buf_printf(b, "%s%s", i ? ";" : "", json_string_value(v));
    }
    return buf_str(b);
}

static void print_csv(FILE *f, const json_t *doc)
{
    const json_t *inds = json_object_get(doc, "indicators");
    const json_t *first = json_array_get(inds, 0);
    if (!first)
        return;
    /* A column for every field of the first row, after the two below. */
    size_t max = json_object_size(first) + 2;
    const char **head = xnmalloc(max, sizeof *head), **cells = xnmalloc(max, sizeof *cells);
    char(*bufs)[48] = xnmalloc(max, sizeof *bufs);
    buf *lists = xcalloc(max, sizeof *lists);
    size_t n = 0;
    const char *key;
    json_t *v;
    /* Each row says which unit and year it is about, then the indicator.
     * Not "unit": the indicator has a "unit" of its own (%, 张), and a
     * header naming two columns alike leaves scripts one of them. */
    head[n++] = "report_unit";
    head[n++] = "report_year";
    json_object_foreach((json_t *)first, key, v) head[n++] = key;
    out_csv_row(f, head, n);
    size_t i;
    json_t *o;
    json_array_foreach(inds, i, o)
    {
        out_json_scalar(json_object_get(doc, "unit"), true, bufs[0], &cells[0]);
        out_json_scalar(json_object_get(doc, "year"), true, bufs[1], &cells[1]);
        /* By name, not position: a row need not list its fields in the
         * first row's order. A field it lacks is an empty cell. */
        for (size_t k = 2; k < n; k++) {
            const json_t *cell = json_object_get(o, head[k]);
            if (json_is_array(cell))
                cells[k] = list_cell(cell, &lists[k]);
            else
                out_json_scalar(cell, true, bufs[k], &cells[k]);
        }
        out_csv_row(f, cells, n);
    }
    for (size_t k = 0; k < n; k++)
        buf_free(&lists[k]);
    free(lists);
    free(bufs);
    free(cells);
    free(head);
}

void out_status_print(FILE *f, const json_t *doc, out_format fmt)
{
    if (fmt == OUT_JSON)
        out_json_print(f, doc, true);
    else if (fmt == OUT_CSV)
        print_csv(f, doc);
    else
        print_table(f, doc);
}
