#include "parse/overlay.h"

#include <jansson.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "base/mem.h"
#include "model/orgunit.h"

/* Checks that every key of obj is in allowed (NULL-terminated). */
static bool keys_known(json_t *obj, const char *const *allowed, const char *where, pm_err *err)
{
    const char *k;
    json_t *v;
    json_object_foreach(obj, k, v)
    {
        bool ok = false;
        for (const char *const *a = allowed; *a && !ok; a++)
            ok = !strcmp(k, *a);
        if (!ok) {
            pm_err_set(err, 0, "%s中有无法识别的键“%s”", where, k);
            return false;
        }
    }
    return true;
}

static json_t *load(const char *text, size_t len, pm_err *err)
{
    json_error_t je;
    json_t *root = json_loadb(text, len, JSON_REJECT_DUPLICATES, &je);
    if (!root) {
        pm_err_set(err, je.line, "补充说明文件不是有效的 JSON：%s", je.text);
        return NULL;
    }
    if (!json_is_object(root)) {
        pm_err_set(err, 1, "补充说明文件的顶层应为 JSON 对象");
        json_decref(root);
        return NULL;
    }
    return root;
}

char *pm_overlay_table_path(const char *text, size_t len, pm_err *err)
{
    json_t *root = load(text, len, err);
    if (!root)
        return NULL;
    const char *t = json_string_value(json_object_get(root, "table"));
    char *out = t ? xstrdup(t) : NULL;
    json_decref(root);
    return out;
}

static bool has_domain(const pm_plan *p, const char *d)
{
    for (size_t i = 0; i < p->nind; i++)
        if (!strcmp(p->ind[i].domain, d))
            return true;
    return false;
}

static bool apply_goals(pm_plan *plan, json_t *goals, pm_err *err)
{
    static const char *const allowed[] = {"label", "title", "domain", NULL};
    if (!json_is_array(goals)) {
        pm_err_set(err, 0, "“goals”应为数组");
        return false;
    }
    size_t n = json_array_size(goals);
    plan->goals = xcalloc(n, sizeof *plan->goals);
    for (size_t i = 0; i < n; i++) {
        json_t *g = json_array_get(goals, i);
        if (!json_is_object(g) || !keys_known(g, allowed, "goals 的元素", err))
            return false;
        const char *label = json_string_value(json_object_get(g, "label"));
        const char *title = json_string_value(json_object_get(g, "title"));
        const char *domain = json_string_value(json_object_get(g, "domain"));
        if (!label || !title) {
            pm_err_set(err, 0, "第 %zu 个目标缺少 label 或 title", i + 1);
            return false;
        }
        if (domain && !has_domain(plan, domain)) {
            pm_err_set(err, 0, "目标%s对应的领域“%s”不在指标表中", label, domain);
            return false;
        }
        plan->goals[i].label = xstrdup(label);
        plan->goals[i].title = xstrdup(title);
        plan->goals[i].domain = domain ? xstrdup(domain) : NULL;
        plan->ngoals = i + 1;
    }
    return true;
}

/* A string member, or NULL; sets *bad when present but not a string. */
static const char *opt_string(json_t *o, const char *key, bool *bad)
{
    json_t *v = json_object_get(o, key);
    if (v && !json_is_string(v))
        *bad = true;
    return json_string_value(v);
}

static bool apply_elements(pm_plan *plan, json_t *arr, pm_err *err)
{
    static const char *const allowed[] = {"code", "name", "unit", "agg", "kind", "level", "why", NULL};
    if (!json_is_array(arr)) {
        pm_err_set(err, 0, "“elements”应为数组");
        return false;
    }
    size_t i;
    json_t *o;
    json_array_foreach(arr, i, o)
    {
        if (!json_is_object(o) || !keys_known(o, allowed, "elements 的元素", err))
            return false;
        bool bad = false;
        const char *code = opt_string(o, "code", &bad), *name = opt_string(o, "name", &bad);
        const char *unit = opt_string(o, "unit", &bad), *agg = opt_string(o, "agg", &bad);
        const char *kind = opt_string(o, "kind", &bad), *level = opt_string(o, "level", &bad);
        pm_element e = {0};
        e.level = -1;
        if (bad || !code || !*code || !name) {
            pm_err_set(err, 0, "elements 第 %zu 项缺少 code 或 name，或字段类型不对", i + 1);
            return false;
        }
        if (pm_plan_element(plan, code) >= 0) {
            pm_err_set(err, 0, "数据项“%s”重复定义", code);
            return false;
        }
        if ((agg && !pm_agg_parse(agg, &e.agg)) || (kind && !pm_kind_parse(kind, &e.kind)) ||
            (level && !pm_level_parse(level, &e.level))) {
            pm_err_set(err, 0, "数据项“%s”的 agg（sum/last/own）、kind（number/count/share/flag）或 level 无法识别",
                       code);
            return false;
        }
        plan->elem = xnrealloc(plan->elem, plan->nelem + 1, sizeof *plan->elem);
        e.code = xstrdup(code);
        e.name = xstrdup(name);
        e.unit = xstrdup(unit ? unit : "");
        plan->elem[plan->nelem++] = e;
    }
    return true;
}

/* "limits": [min, max], either end null for an open one (a share in %
 * defaults to [0, 100] and everything else to [0, null] without it). */
static bool apply_limits(pm_indicator *ind, json_t *v, pm_err *err)
{
    json_t *lo = json_array_get(v, 0), *hi = json_array_get(v, 1);
    bool ok = json_is_array(v) && json_array_size(v) == 2 && (json_is_null(lo) || json_is_number(lo)) &&
              (json_is_null(hi) || json_is_number(hi));
    double min = json_is_number(lo) ? json_number_value(lo) : -INFINITY;
    double max = json_is_number(hi) ? json_number_value(hi) : INFINITY;
    if (!ok || !(min < max)) {
        pm_err_set(err, 0, "指标 %d 的 limits 应为 [下限, 上限]（数字或 null，下限小于上限）", ind->no);
        return false;
    }
    ind->has_limits = true;
    ind->lim_min = min;
    ind->lim_max = max;
    return true;
}

/* "continues": "14th:I02" — the indicator of an earlier plan (its code in
 * the database, a colon, the indicator's code there) this one continues. */
static bool apply_continues(pm_indicator *ind, json_t *v, pm_err *err)
{
    const char *s = json_string_value(v);
    const char *colon = s ? strchr(s, ':') : NULL;
    if (!colon || colon == s || !colon[1]) {
        pm_err_set(err, 0, "指标 %d 的 continues 应为“规划代码:指标代码”，如 \"14th:I02\"", ind->no);
        return false;
    }
    free(ind->cont_plan);
    free(ind->cont_code);
    ind->cont_plan = xstrndup(s, (size_t)(colon - s));
    ind->cont_code = xstrdup(colon + 1);
    return true;
}

static bool apply_indicators(pm_plan *plan, json_t *arr, pm_err *err)
{
    static const char *const allowed[] = {"no",       "code",  "cumulative", "binding", "polarity",
                                          "formula",  "rate",  "level",      "why",     "limits",  "continues", NULL};
    if (!json_is_array(arr)) {
        pm_err_set(err, 0, "“indicators”应为数组");
        return false;
    }
    size_t i;
    json_t *o;
    json_array_foreach(arr, i, o)
    {
        if (!json_is_object(o) || !keys_known(o, allowed, "indicators 的元素", err))
            return false;
        json_t *no = json_object_get(o, "no");
        pm_indicator *ind = NULL;
        for (size_t k = 0; json_is_integer(no) && k < plan->nind; k++)
            if (plan->ind[k].no == json_integer_value(no))
                ind = &plan->ind[k];
        if (!ind) {
            pm_err_set(err, 0, "indicators 第 %zu 项的序号不在指标表中", i + 1);
            return false;
        }
        json_t *v;
        if ((v = json_object_get(o, "code"))) {
            if (!json_is_string(v) || !json_string_length(v)) {
                pm_err_set(err, 0, "指标 %d 的 code 应为非空字符串", ind->no);
                return false;
            }
            free(ind->code);
            ind->code = xstrdup(json_string_value(v));
        }
        if ((v = json_object_get(o, "cumulative"))) {
            if (!json_is_boolean(v)) {
                pm_err_set(err, 0, "指标 %d 的 cumulative 应为 true 或 false", ind->no);
                return false;
            }
            ind->cumulative = json_is_true(v);
        }
        if ((v = json_object_get(o, "binding"))) {
            if (!json_is_boolean(v)) {
                pm_err_set(err, 0, "指标 %d 的 binding 应为 true 或 false", ind->no);
                return false;
            }
            ind->binding = json_is_true(v);
        }
        if ((v = json_object_get(o, "polarity"))) {
            json_int_t p = json_integer_value(v);
            if (!json_is_integer(v) || (p != 1 && p != -1)) {
                pm_err_set(err, 0, "指标 %d 的 polarity 应为 1 或 -1", ind->no);
                return false;
            }
            ind->polarity = (int)p;
        }
        if ((v = json_object_get(o, "rate"))) {
            if (!json_is_boolean(v)) {
                pm_err_set(err, 0, "指标 %d 的 rate 应为 true 或 false", ind->no);
                return false;
            }
            ind->rate = json_is_true(v);
        }
        if ((v = json_object_get(o, "formula"))) {
            if (!json_is_string(v) || !json_string_length(v)) {
                pm_err_set(err, 0, "指标 %d 的 formula 应为非空字符串", ind->no);
                return false;
            }
            free(ind->formula);
            ind->formula = xstrdup(json_string_value(v));
        }
        if ((v = json_object_get(o, "limits")) && !apply_limits(ind, v, err))
            return false;
        if ((v = json_object_get(o, "continues")) && !apply_continues(ind, v, err))
            return false;
        if ((v = json_object_get(o, "level"))) {
            int level;
            if (!json_is_string(v) || !pm_level_parse(json_string_value(v), &level) || ind->formula) {
                pm_err_set(err, 0, "指标 %d 的 level 无法识别（只用于直接填报的指标）", ind->no);
                return false;
            }
            pm_plan_add_direct_element(plan, ind, level);
        }
    }
    return true;
}

/* "rules": [{"rule": "tk_central <= tk_need_central", "severity":
 * "error"|"warning", "message": "…"}]. Both sides must be elements of the
 * plan (after the directly entered indicators got theirs): a rule naming
 * an unknown item would otherwise never fire, and nobody would notice. */
static bool apply_rules(pm_plan *plan, json_t *arr, pm_err *err)
{
    static const char *const allowed[] = {"rule", "severity", "message", "why", NULL};
    if (!json_is_array(arr)) {
        pm_err_set(err, 0, "“rules”应为数组");
        return false;
    }
    size_t i;
    json_t *o;
    plan->rules = xcalloc(json_array_size(arr) + 1, sizeof *plan->rules);
    json_array_foreach(arr, i, o)
    {
        if (!json_is_object(o) || !keys_known(o, allowed, "rules 的元素", err))
            return false;
        bool bad = false;
        const char *text = opt_string(o, "rule", &bad), *sev = opt_string(o, "severity", &bad);
        const char *msg = opt_string(o, "message", &bad);
        pm_rule r = {0};
        if (bad || !text || !pm_rule_parse(text, &r.left, &r.op, &r.right)) {
            pm_err_set(err, 0, "rules 第 %zu 项的 rule 字段应为“数据项代码 <= 数据项代码”的形式（可用 <=、<、>=、>、=）",
                       i + 1);
            pm_rule_free(&r);
            return false;
        }
        const char *unknown = pm_plan_element(plan, r.left) < 0    ? r.left
                              : pm_plan_element(plan, r.right) < 0 ? r.right
                                                                   : NULL;
        if (unknown || (sev && strcmp(sev, "error") && strcmp(sev, "warning"))) {
            if (unknown)
                pm_err_set(err, 0, "rules 第 %zu 项的 rule 字段（%s）中的数据项“%s”不存在", i + 1, text, unknown);
            else
                pm_err_set(err, 0, "rules 第 %zu 项的 severity 字段应为 error 或 warning", i + 1);
            pm_rule_free(&r);
            return false;
        }
        r.error = !sev || !strcmp(sev, "error");
        r.message = msg && *msg ? xstrdup(msg) : NULL;
        plan->rules[plan->nrules++] = r;
    }
    return true;
}

bool pm_overlay_apply(pm_plan *plan, const char *text, size_t len, pm_err *err)
{
    static const char *const allowed[] = {"about", "title", "table",      "code_prefix", "goals",
                                          "elements", "indicators", "rules", NULL};
    json_t *root = load(text, len, err);
    if (!root)
        return false;
    bool ok = keys_known(root, allowed, "补充说明文件", err);
    json_t *v;
    if (ok && (v = json_object_get(root, "title"))) {
        if (json_is_string(v)) {
            free(plan->title);
            plan->title = xstrdup(json_string_value(v));
        } else {
            pm_err_set(err, 0, "“title”应为字符串");
            ok = false;
        }
    }
    /* A plan beside another: its indicator codes (and so the elements
     * they are entered as) carry its own prefix (pm_plan_prefix_codes). */
    if (ok && (v = json_object_get(root, "code_prefix"))) {
        if (json_is_string(v) && json_string_length(v)) {
            pm_plan_prefix_codes(plan, json_string_value(v));
        } else {
            pm_err_set(err, 0, "“code_prefix”应为非空字符串");
            ok = false;
        }
    }
    if (ok && (v = json_object_get(root, "goals")))
        ok = apply_goals(plan, v, err);
    if (ok && (v = json_object_get(root, "elements")))
        ok = apply_elements(plan, v, err);
    if (ok && (v = json_object_get(root, "indicators")))
        ok = apply_indicators(plan, v, err);
    if (ok)
        pm_plan_add_direct_elements(plan);
    if (ok && (v = json_object_get(root, "rules")))
        ok = apply_rules(plan, v, err);
    json_decref(root);
    return ok;
}
