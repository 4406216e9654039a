#include "model/plan.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/mem.h"
#include "base/num.h"

void pm_plan_free(pm_plan *p)
{
    if (!p)
        return;
    for (size_t i = 0; i < p->nind; i++) {
        pm_indicator *x = &p->ind[i];
        free(x->code);
        free(x->domain);
        free(x->subdomain);
        free(x->name);
        free(x->unit);
        free(x->formula);
        free(x->target_text);
        free(x->baseline_text);
        free(x->note);
        free(x->cont_plan);
        free(x->cont_code);
        for (size_t k = 0; k < x->nparts; k++) {
            free(x->parts[k].name);
            free(x->parts[k].unit);
        }
        free(x->parts);
    }
    free(p->ind);
    free(p->code);
    for (size_t i = 0; i < p->ngoals; i++) {
        free(p->goals[i].label);
        free(p->goals[i].title);
        free(p->goals[i].domain);
    }
    free(p->goals);
    for (size_t i = 0; i < p->nelem; i++) {
        free(p->elem[i].code);
        free(p->elem[i].name);
        free(p->elem[i].unit);
    }
    free(p->elem);
    for (size_t i = 0; i < p->nwarnings; i++)
        free(p->warnings[i]);
    free(p->warnings);
    for (size_t i = 0; i < p->nrules; i++)
        pm_rule_free(&p->rules[i]);
    free(p->rules);
    free(p->title);
    memset(p, 0, sizeof *p);
}

int pm_polarity_derive(pm_target_op op, double baseline, double target)
{
    if (op == PM_OP_GE)
        return 1;
    if (op == PM_OP_LE)
        return -1;
    if (!isnan(baseline) && !isnan(target) && target != baseline)
        return target > baseline ? 1 : -1;
    return 1;
}

const char *pm_target_op_str(pm_target_op op)
{
    switch (op) {
    case PM_OP_GE:
        return ">=";
    case PM_OP_LE:
        return "<=";
    default:
        return "=";
    }
}

bool pm_target_op_parse(const char *s, pm_target_op *op)
{
    if (!strcmp(s, ">=") || !strcmp(s, "≥"))
        *op = PM_OP_GE;
    else if (!strcmp(s, "<=") || !strcmp(s, "≤"))
        *op = PM_OP_LE;
    else if (!strcmp(s, "=") || !strcmp(s, ""))
        *op = PM_OP_EQ;
    else
        return false;
    return true;
}

const pm_indicator *pm_plan_find(const pm_plan *p, const char *no_or_code)
{
    long no;
    bool numeric = num_parse_int(no_or_code, 1, 1000000, &no);
    for (size_t i = 0; i < p->nind; i++) {
        if (numeric && p->ind[i].no == no)
            return &p->ind[i];
        if (p->ind[i].code && !strcmp(p->ind[i].code, no_or_code))
            return &p->ind[i];
    }
    return NULL;
}

size_t pm_plan_domains(const pm_plan *p, const char **out, size_t max)
{
    size_t n = 0;
    for (size_t i = 0; i < p->nind; i++) {
        bool seen = false;
        for (size_t j = 0; j < i && !seen; j++)
            seen = !strcmp(p->ind[j].domain, p->ind[i].domain);
        if (seen)
            continue;
        if (n < max)
            out[n] = p->ind[i].domain;
        n++;
    }
    return n;
}

const pm_goal *pm_plan_goal_of(const pm_plan *p, const char *domain)
{
    for (size_t i = 0; i < p->ngoals; i++)
        if (p->goals[i].domain && !strcmp(p->goals[i].domain, domain))
            return &p->goals[i];
    return NULL;
}

int pm_plan_element(const pm_plan *p, const char *code)
{
    for (size_t i = 0; i < p->nelem; i++)
        if (!strcmp(p->elem[i].code, code))
            return (int)i;
    return -1;
}

bool pm_indicator_looks_rate(const pm_indicator *ind)
{
    static const char *const units[] = {"%", "％", "‰", "", NULL};
    static const char *const words[] = {"率", "比例", "比值", "占", "每", "千人", "万人", "千名", "万名", "人均", NULL};
    for (const char *const *u = units; *u; u++)
        if (!strcmp(ind->unit, *u))
            return true;
    for (const char *const *w = words; *w; w++)
        if (strstr(ind->name, *w))
            return true;
    return false;
}

void pm_indicator_limits(const pm_indicator *ind, double *min, double *max)
{
    if (ind->has_limits) {
        *min = ind->lim_min;
        *max = ind->lim_max;
        return;
    }
    /* Judging asks for every unit: look at the first byte before comparing
     * ("％" is EF BC 85 in UTF-8). */
    const char *u = ind->unit;
    bool percent = (u[0] == '%' && !u[1]) || ((unsigned char)u[0] == 0xEF && !strcmp(u, "％"));
    *min = 0.0;
    *max = percent ? 100.0 : INFINITY;
}

void pm_plan_add_direct_element(pm_plan *p, const pm_indicator *ind, int level)
{
    /* A qualitative indicator is judged by hand: no figure to enter. */
    if (ind->formula || ind->qualitative || pm_plan_element(p, ind->code) >= 0)
        return;
    p->elem = xnrealloc(p->elem, p->nelem + 1, sizeof *p->elem);
    pm_element *e = &p->elem[p->nelem++];
    memset(e, 0, sizeof *e);
    e->code = xstrdup(ind->code);
    e->name = xstrdup(ind->name);
    e->unit = xstrdup(ind->unit);
    e->agg = ind->rate ? PM_AGG_OWN : ind->cumulative ? PM_AGG_SUM : PM_AGG_LAST;
    e->kind = !strcmp(ind->unit, "%") ? PM_KIND_SHARE : PM_KIND_NUMBER;
    /* Whole things (beds, stations, organisations) are counted in whole numbers. */
    static const char *const whole[] = {"个", "家", "张", "所", "名", "人", "项", "处", "例", "次", "户", NULL};
    for (const char *const *w = whole; *w && !ind->rate; w++)
        if (!strcmp(ind->unit, *w))
            e->kind = PM_KIND_COUNT;
    e->level = level;
}

void pm_plan_add_direct_elements(pm_plan *p)
{
    for (size_t i = 0; i < p->nind; i++)
        pm_plan_add_direct_element(p, &p->ind[i], -1);
}

/* The periods DESIGN names, by their base and target years. */
static const struct {
    int base, target;
    const char *name, *code;
} periods[] = {
    {2005, 2010, "十一五", "11th"}, {2010, 2015, "十二五", "12th"}, {2015, 2020, "十三五", "13th"},
    {2020, 2025, "十四五", "14th"}, {2025, 2030, "十五五", "15th"}, {2030, 2035, "十六五", "16th"},
};

const char *pm_plan_period_name(int base_year, int target_year)
{
    for (size_t i = 0; i < sizeof periods / sizeof periods[0]; i++)
        if (periods[i].base == base_year && periods[i].target == target_year)
            return periods[i].name;
    return NULL;
}

void pm_plan_default_code(int base_year, int target_year, char out[32])
{
    for (size_t i = 0; i < sizeof periods / sizeof periods[0]; i++)
        if (periods[i].base == base_year && periods[i].target == target_year) {
            snprintf(out, 32, "%s", periods[i].code);
            return;
        }
    snprintf(out, 32, "%d-%d", base_year + 1, target_year);
}

void pm_plan_prefix_codes(pm_plan *p, const char *prefix)
{
    for (size_t i = 0; i < p->nind; i++) {
        pm_indicator *x = &p->ind[i];
        size_t n = strlen(prefix) + strlen(x->code) + 2;
        char *c = xmalloc(n);
        snprintf(c, n, "%s.%s", prefix, x->code);
        free(x->code);
        x->code = c;
    }
}

void pm_plan_infos_free(pm_plan_info *p, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        free(p[i].code);
        free(p[i].title);
    }
    free(p);
}
