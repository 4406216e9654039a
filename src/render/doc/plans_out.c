#include "render/doc/plans_out.h"

#include <stdio.h>

json_t *out_plans_json(const pm_plan_info *p, size_t n)
{
    json_t *rows = json_array();
    for (size_t i = 0; i < n; i++) {
        json_t *o = json_object();
        char period[64];
        snprintf(period, sizeof period, "%d—%d年", p[i].base_year + 1, p[i].target_year);
        const char *name = pm_plan_period_name(p[i].base_year, p[i].target_year);
        json_object_set_new(o, "code", json_string(p[i].code));
        json_object_set_new(o, "title", json_string(p[i].title));
        json_object_set_new(o, "base_year", json_integer(p[i].base_year));
        json_object_set_new(o, "target_year", json_integer(p[i].target_year));
        json_object_set_new(o, "period", json_string(period));
        json_object_set_new(o, "period_name", name ? json_string(name) : json_null());
        json_object_set_new(o, "default", json_boolean(p[i].is_default));
        json_object_set_new(o, "in_use", json_boolean(p[i].in_use));
        json_object_set_new(o, "default_mark", json_string(p[i].is_default ? "*" : ""));
        json_object_set_new(o, "indicators", json_integer((json_int_t)p[i].nind));
        json_array_append_new(rows, o);
    }
    return rows;
}

const out_column *out_plans_columns(size_t *n)
{
    static const out_column cols[] = {
        {"default_mark", "当前"}, {"code", "代码"}, {"title", "规划"}, {"period", "规划期"}, {"indicators", "指标数"},
    };
    *n = sizeof cols / sizeof cols[0];
    return cols;
}

json_t *out_judgments_json(const pm_judgment *j, size_t n)
{
    json_t *rows = json_array();
    for (size_t i = 0; i < n; i++) {
        json_t *o = json_object();
        json_object_set_new(o, "indicator", json_string(j[i].indicator));
        json_object_set_new(o, "unit", json_string(j[i].unit));
        json_object_set_new(o, "year", json_integer(j[i].year));
        json_object_set_new(o, "verdict", json_string(pm_verdict_key(j[i].verdict)));
        json_object_set_new(o, "verdict_label", json_string(pm_verdict_label(j[i].verdict)));
        json_object_set_new(o, "note", j[i].note ? json_string(j[i].note) : json_null());
        json_object_set_new(o, "at", json_string(j[i].at));
        json_object_set_new(o, "who", json_string(j[i].who));
        json_array_append_new(rows, o);
    }
    return rows;
}

const out_column *out_judgments_columns(size_t *n)
{
    static const out_column cols[] = {
        {"indicator", "指标"},  {"unit", "组织机构"}, {"year", "年份"},     {"verdict_label", "结论"},
        {"note", "说明"},       {"who", "评价人"},    {"at", "时间"},
    };
    *n = sizeof cols / sizeof cols[0];
    return cols;
}
