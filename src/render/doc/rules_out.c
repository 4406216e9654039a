#include "render/doc/rules_out.h"

static const char *name_of(const pm_plan *p, const char *code)
{
    int e = pm_plan_element(p, code);
    return e >= 0 ? p->elem[e].name : "";
}

json_t *out_rules_json(const pm_plan *p)
{
    json_t *rows = json_array();
    for (size_t i = 0; i < p->nrules; i++) {
        const pm_rule *r = &p->rules[i];
        json_t *o = json_object();
        json_object_set_new(o, "left", json_string(r->left));
        json_object_set_new(o, "left_name", json_string(name_of(p, r->left)));
        json_object_set_new(o, "op", json_string(pm_rule_op_str(r->op)));
        json_object_set_new(o, "right", json_string(r->right));
        json_object_set_new(o, "right_name", json_string(name_of(p, r->right)));
        json_object_set_new(o, "severity", json_string(r->error ? "error" : "warning"));
        json_object_set_new(o, "severity_label", json_string(r->error ? "错误（拒收）" : "警告（需说明）"));
        json_object_set_new(o, "message", r->message ? json_string(r->message) : json_null());
        json_array_append_new(rows, o);
    }
    return rows;
}

const out_column *out_rules_columns(size_t *n)
{
    static const out_column cols[] = {
        {"left", "数据项"},        {"left_name", "名称"},      {"op", "关系"}, {"right", "对比数据项"},
        {"right_name", "对比名称"}, {"severity_label", "级别"}, {"message", "说明"},
    };
    *n = sizeof cols / sizeof cols[0];
    return cols;
}
