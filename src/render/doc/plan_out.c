#include "render/doc/plan_out.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "base/num.h"
#include "render/write/csvw.h"
#include "render/write/json.h"
#include "render/write/table.h"

json_t *out_indicator_json(const pm_indicator *ind)
{
    json_t *o = json_object();
    json_object_set_new(o, "no", json_integer(ind->no));
    json_object_set_new(o, "code", json_string(ind->code));
    /* A table without a 领域 column has no domain: null, not "". */
    json_object_set_new(o, "domain", ind->domain[0] ? json_string(ind->domain) : json_null());
    json_object_set_new(o, "subdomain", out_json_str(ind->subdomain));
    json_object_set_new(o, "name", json_string(ind->name));
    json_object_set_new(o, "unit", json_string(ind->unit));
    json_object_set_new(o, "baseline", out_json_num(ind->baseline));
    json_object_set_new(o, "target", out_json_num(ind->target));
    json_object_set_new(o, "target_op", json_string(pm_target_op_str(ind->target_op)));
    json_object_set_new(o, "binding", json_boolean(ind->binding));
    json_object_set_new(o, "cumulative", json_boolean(ind->cumulative));
    json_object_set_new(o, "polarity", json_integer(ind->polarity));
    json_object_set_new(o, "rate", json_boolean(ind->rate));
    json_object_set_new(o, "formula", out_json_str(ind->formula));
    json_object_set_new(o, "qualitative", json_boolean(ind->qualitative));
    if (ind->target_text)
        json_object_set_new(o, "target_text", json_string(ind->target_text));
    if (ind->baseline_text)
        json_object_set_new(o, "baseline_text", json_string(ind->baseline_text));
    if (ind->note)
        json_object_set_new(o, "note", json_string(ind->note));
    if (ind->nparts) {
        json_t *parts = json_array();
        for (size_t i = 0; i < ind->nparts; i++) {
            const pm_part *x = &ind->parts[i];
            json_t *p = json_object();
            json_object_set_new(p, "name", json_string(x->name));
            json_object_set_new(p, "unit", json_string(x->unit));
            json_object_set_new(p, "baseline", out_json_num(x->baseline));
            json_object_set_new(p, "target", out_json_num(x->target));
            json_object_set_new(p, "target_op", json_string(pm_target_op_str(x->target_op)));
            json_array_append_new(parts, p);
        }
        json_object_set_new(o, "parts", parts);
    }
    if (ind->cont_plan && ind->cont_code) {
        json_t *c = json_object();
        json_object_set_new(c, "plan", json_string(ind->cont_plan));
        json_object_set_new(c, "indicator", json_string(ind->cont_code));
        json_object_set_new(o, "continues", c);
    }
    return o;
}

void out_plan_value(double v, pm_target_op op, bool cumulative, char out[64])
{
    if (isnan(v)) {
        snprintf(out, 64, "—");
        return;
    }
    char num[32];
    num_fmt_short(v, num);
    const char *pre = op == PM_OP_GE ? "≥" : op == PM_OP_LE ? "≤" : "";
    if (cumulative) /* as the plan wrote it; 累计 a mark of its own */
        snprintf(out, 64, "%s%s（累计）", pre, num);
    else
        snprintf(out, 64, "%s%s", pre, num);
}

int out_value_decimals(double baseline, double target, const char *unit, bool rate)
{
    int d = 0;
    double vals[2] = {baseline, target};
    for (int k = 0; k < 2; k++) {
        if (isnan(vals[k]))
            continue;
        char s[32];
        num_fmt_short(vals[k], s);
        const char *dot = strchr(s, '.');
        int x = dot ? (int)strlen(dot + 1) : 0;
        d = x > d ? x : d;
    }
    /* Shares and ratios keep a decimal; whole counts show whole. */
    int min = rate || (unit && !strcmp(unit, "%")) ? 1 : 0;
    return d < min ? min : d > 4 ? 4 : d;
}

static void print_json(FILE *f, const pm_plan *plan)
{
    json_t *root = json_object();
    if (plan->title)
        json_object_set_new(root, "title", json_string(plan->title));
    json_object_set_new(root, "base_year", json_integer(plan->base_year));
    json_object_set_new(root, "target_year", json_integer(plan->target_year));
    json_t *warnings = json_array();
    for (size_t i = 0; i < plan->nwarnings; i++)
        json_array_append_new(warnings, json_string(plan->warnings[i]));
    json_object_set_new(root, "warnings", warnings);
    if (plan->ngoals) {
        json_t *goals = json_array();
        for (size_t i = 0; i < plan->ngoals; i++) {
            json_t *g = json_object();
            json_object_set_new(g, "label", json_string(plan->goals[i].label));
            json_object_set_new(g, "title", json_string(plan->goals[i].title));
            json_object_set_new(g, "domain", out_json_str(plan->goals[i].domain));
            json_array_append_new(goals, g);
        }
        json_object_set_new(root, "goals", goals);
    }
    json_t *arr = json_array();
    for (size_t i = 0; i < plan->nind; i++)
        json_array_append_new(arr, out_indicator_json(&plan->ind[i]));
    json_object_set_new(root, "indicators", arr);
    out_json_print(f, root, false);
    json_decref(root);
}

static void print_csv(FILE *f, const pm_plan *plan)
{
    static const char *const head[] = {"no", "code", "domain", "subdomain", "name", "unit", "baseline",
                                       "target", "target_op", "binding", "cumulative", "polarity"};
    out_csv_row(f, head, 12);
    for (size_t i = 0; i < plan->nind; i++) {
        const pm_indicator *x = &plan->ind[i];
        char no[16], base[32] = "", target[32] = "", pol[8];
        snprintf(no, sizeof no, "%d", x->no);
        snprintf(pol, sizeof pol, "%d", x->polarity);
        if (!isnan(x->baseline))
            num_fmt_short(x->baseline, base);
        if (!isnan(x->target))
            num_fmt_short(x->target, target);
        const char *row[] = {no, x->code, x->domain, x->subdomain, x->name, x->unit, base, target,
                             pm_target_op_str(x->target_op), x->binding ? "true" : "false",
                             x->cumulative ? "true" : "false", pol};
        out_csv_row(f, row, 12);
    }
}

static void print_table(FILE *f, const pm_plan *plan)
{
    char y0[16], y1[16];
    snprintf(y0, sizeof y0, "%d年", plan->base_year);
    snprintf(y1, sizeof y1, "%d年", plan->target_year);
    const char *head[] = {"序号", "领域", "子领域", "指标", "单位", y0, y1, "属性"};
    out_table t;
    out_table_init(&t, 8, head);
    t.right_mask = (1u << 0) | (1u << 5) | (1u << 6);
    for (size_t i = 0; i < plan->nind; i++) {
        const pm_indicator *x = &plan->ind[i];
        char no[16], base[64], target[64];
        snprintf(no, sizeof no, "%d", x->no);
        out_plan_value(x->baseline, PM_OP_EQ, false, base);
        out_plan_value(x->target, x->target_op, x->cumulative, target);
        /* A text target (qualitative) reads as the plan wrote it. */
        if (x->qualitative && x->target_text)
            snprintf(target, sizeof target, "%s", x->target_text);
        if (x->qualitative && x->baseline_text)
            snprintf(base, sizeof base, "%s", x->baseline_text);
        const char *row[] = {no, x->domain, x->subdomain ? x->subdomain : "", x->name, x->unit,
                             base, target, x->binding ? "约束性" : "预期性"};
        out_table_row(&t, row);
    }
    if (plan->title)
        fprintf(f, "%s\n\n", plan->title);
    for (size_t i = 0; i < plan->ngoals; i++)
        fprintf(f, "%s%s（%s）\n", plan->goals[i].label, plan->goals[i].title,
                plan->goals[i].domain ? plan->goals[i].domain : "");
    if (plan->ngoals)
        fputc('\n', f);
    out_table_print(&t, f);
    out_table_free(&t);
    size_t binding = 0;
    for (size_t i = 0; i < plan->nind; i++)
        binding += plan->ind[i].binding;
    fprintf(f, "\n共 %zu 项指标，其中约束性 %zu 项、预期性 %zu 项；[N] 为五年累计值。\n", plan->nind, binding,
            plan->nind - binding);
}

void out_plan_print(FILE *f, const pm_plan *plan, out_format fmt)
{
    if (fmt == OUT_JSON)
        print_json(f, plan);
    else if (fmt == OUT_CSV)
        print_csv(f, plan);
    else
        print_table(f, plan);
}
