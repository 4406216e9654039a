#include "parse/assess_in.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "base/mem.h"
#include "base/num.h"
#include "base/text.h"
#include "model/plan.h"

static const char *const pace_required[] = {"id", "base_year", "base", "target_year", "target",
                                            "target_op", "polarity", "cumulative", "series", NULL};
static const char *const sdg_required[] = {"id", "base_year", "base", "year", "value",
                                           "target", "target_year", "direction", "limit", NULL};

bool pm_assess_check_header(const pm_csv *t, pm_method m, pm_err *err)
{
    const char *const *need = m == PM_METHOD_PACE ? pace_required : sdg_required;
    for (; *need; need++) {
        if (pm_csv_col(t, *need) < 0) {
            pm_err_set(err, 1, "表头缺少列“%s”", *need);
            return false;
        }
    }
    return true;
}

bool pm_bool_parse(const char *s, bool dflt, bool *out)
{
    if (!*s)
        *out = dflt;
    else if (!strcmp(s, "1") || text_ieq(s, "true"))
        *out = true;
    else if (!strcmp(s, "0") || text_ieq(s, "false"))
        *out = false;
    else
        return false;
    return true;
}

bool pm_series_parse(const char *s, pm_obs **obs, size_t *n, const char **why)
{
    pm_obs *o = NULL;
    size_t cnt = 0, cap = 0;
    *obs = NULL;
    *n = 0;
    const char *p = s;
    while (*p) {
        const char *end = strchr(p, ';');
        size_t len = end ? (size_t)(end - p) : strlen(p);
        const char *item = text_trim(p, &len);
        if (len) {
            const char *colon = memchr(item, ':', len);
            double year, value;
            if (!colon) {
                *why = "序列的每一项应为“年份:数值”，如 2021:5.2";
                goto fail;
            }
            size_t ylen = (size_t)(colon - item), vlen = len - ylen - 1;
            const char *y = text_trim(item, &ylen);
            const char *v = text_trim(colon + 1, &vlen);
            if (!num_parse(y, ylen, &year) || year != floor(year) || year < 1900 || year > 2200) {
                *why = "序列中的年份应为 1900–2200 之间的整数";
                goto fail;
            }
            if (!num_parse(v, vlen, &value)) {
                *why = "序列中的数值不是数字";
                goto fail;
            }
            for (size_t i = 0; i < cnt; i++) {
                if (o[i].year == (int)year) {
                    *why = "序列中同一年份出现了两次";
                    goto fail;
                }
            }
            o = xgrow(o, &cap, cnt + 1, sizeof *o);
            o[cnt].year = (int)year;
            o[cnt].value = value;
            cnt++;
        }
        if (!end)
            break;
        p = end + 1;
    }
    *obs = o;
    *n = cnt;
    return true;
fail:
    free(o);
    return false;
}

/* Cell helpers: each writes the error (line, column, what is wrong) and
 * returns false, so callers can chain them. */
static bool get_year(const pm_csv *t, size_t r, const char *col, bool required, int *out, pm_err *err)
{
    const char *s = pm_csv_get(t, r, pm_csv_col(t, col));
    long v;
    if (!*s && !required) {
        *out = 0;
        return true;
    }
    if (!num_parse_int(s, 1900, 2200, &v)) {
        pm_err_set(err, t->line[r], "列“%s”的值“%s”不是 1900–2200 之间的年份", col, s);
        return false;
    }
    *out = (int)v;
    return true;
}

static bool get_num(const pm_csv *t, size_t r, const char *col, bool required, double *out, pm_err *err)
{
    const char *s = pm_csv_get(t, r, pm_csv_col(t, col));
    if (!*s) {
        if (required) {
            pm_err_set(err, t->line[r], "列“%s”不能为空", col);
            return false;
        }
        *out = NAN;
        return true;
    }
    if (!num_parse_cstr(s, out)) {
        pm_err_set(err, t->line[r], "列“%s”的值“%s”不是数字", col, s);
        return false;
    }
    return true;
}

static bool get_direction(const pm_csv *t, size_t r, const char *col, bool required, int *out,
                          pm_err *err)
{
    const char *s = pm_csv_get(t, r, pm_csv_col(t, col));
    if (!*s && !required) {
        *out = 0;
        return true;
    }
    double v;
    if (!num_parse_cstr(s, &v) || (v != 1 && v != -1)) {
        pm_err_set(err, t->line[r], "列“%s”的值“%s”应为 1（越高越好）或 -1（越低越好）", col, s);
        return false;
    }
    *out = (int)v;
    return true;
}

static bool get_bool(const pm_csv *t, size_t r, const char *col, bool *out, pm_err *err)
{
    const char *s = pm_csv_get(t, r, pm_csv_col(t, col));
    if (!pm_bool_parse(s, false, out)) {
        pm_err_set(err, t->line[r], "列“%s”的值“%s”应为 1/0 或 true/false", col, s);
        return false;
    }
    return true;
}

static bool get_id(const pm_csv *t, size_t r, pm_err *err)
{
    if (!*pm_csv_get(t, r, pm_csv_col(t, "id"))) {
        pm_err_set(err, t->line[r], "列“id”不能为空");
        return false;
    }
    return true;
}

bool pm_assess_pace_row(const pm_csv *t, size_t r, pm_pace_in *in, pm_obs **obs, pm_err *err)
{
    memset(in, 0, sizeof *in);
    *obs = NULL;
    int polarity;
    if (!get_id(t, r, err) || !get_year(t, r, "base_year", true, &in->base_year, err) ||
        !get_num(t, r, "base", false, &in->base, err) ||
        !get_year(t, r, "target_year", true, &in->target_year, err) ||
        !get_num(t, r, "target", true, &in->target, err) ||
        !get_direction(t, r, "polarity", false, &polarity, err) ||
        !get_bool(t, r, "cumulative", &in->cumulative, err))
        return false;
    if (in->target_year <= in->base_year) {
        pm_err_set(err, t->line[r], "目标年份 %d 应晚于基期年份 %d", in->target_year, in->base_year);
        return false;
    }
    const char *op_s = pm_csv_get(t, r, pm_csv_col(t, "target_op"));
    pm_target_op op;
    if (!pm_target_op_parse(op_s, &op)) {
        pm_err_set(err, t->line[r], "列“target_op”的值“%s”应为 >=、<= 或 =", op_s);
        return false;
    }
    in->polarity = polarity ? polarity : pm_polarity_derive(op, in->base, in->target);
    if (pm_csv_col(t, "binding") >= 0 && !get_bool(t, r, "binding", &in->binding, err))
        return false;
    const char *why = NULL;
    if (!pm_series_parse(pm_csv_get(t, r, pm_csv_col(t, "series")), obs, &in->nobs, &why)) {
        pm_err_set(err, t->line[r], "列“series”：%s", why);
        return false;
    }
    in->obs = *obs;
    return true;
}

bool pm_assess_sdg_row(const pm_csv *t, size_t r, pm_sdg_in *in, pm_err *err)
{
    memset(in, 0, sizeof *in);
    if (!get_id(t, r, err) || !get_year(t, r, "base_year", true, &in->base_year, err) ||
        !get_num(t, r, "base", true, &in->base, err) || !get_year(t, r, "year", true, &in->year, err) ||
        !get_num(t, r, "value", true, &in->value, err) || !get_num(t, r, "target", false, &in->target, err) ||
        !get_year(t, r, "target_year", !isnan(in->target), &in->target_year, err) ||
        !get_direction(t, r, "direction", true, &in->direction, err) ||
        !get_num(t, r, "limit", false, &in->limit, err))
        return false;
    return true;
}
