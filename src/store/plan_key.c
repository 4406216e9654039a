/* Finding a plan of the set by what a user types, and a new plan's code
 * (plan_key.h): the same for every backend. */
#include "store/plan_key.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/mem.h"

void pm_plan_rows_free(pm_plan_row *r, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        free(r[i].info.code);
        free(r[i].info.title);
    }
    free(r);
}

/* The id of the plan key names among rows (code, then title, then a
 * period name that one plan alone has), or 0 with err naming the plans. */
long pm_plan_key_find(const pm_plan_row *r, size_t n, const char *key, pm_err *err)
{
    for (size_t i = 0; i < n; i++)
        if (!strcmp(r[i].info.code, key))
            return r[i].id;
    for (size_t i = 0; i < n; i++)
        if (!strcmp(r[i].info.title, key))
            return r[i].id;
    long found = 0;
    int count = 0;
    for (size_t i = 0; i < n; i++) {
        const char *period = pm_plan_period_name(r[i].info.base_year, r[i].info.target_year);
        if (period && !strcmp(period, key)) {
            found = r[i].id;
            count++;
        }
    }
    if (count == 1)
        return found;
    char known[600] = "";
    size_t at = 0;
    for (size_t i = 0; i < n && at < sizeof known - 1; i++)
        at += (size_t)snprintf(known + at, sizeof known - at, "%s%s（%s）", i ? "、" : "", r[i].info.code,
                               r[i].info.title);
    if (count > 1)
        pm_err_set(err, 0, "数据库中有多个%s规划，请用代码指明：%s", key, known);
    else if (n)
        pm_err_set(err, 0, "数据库中没有规划“%s”；现有规划：%s", key, known);
    else
        pm_err_set(err, 0, "数据库中还没有规划");
    return 0;
}

char *pm_plan_new_code(void *backend, pm_plan_code_taken_fn taken, const pm_plan *p, const char *asked,
                       pm_err *err)
{
    if (asked) {
        int t = taken(backend, asked, err);
        if (t == 1)
            pm_err_set(err, 0, "规划代码“%s”已被另一个规划使用，请换一个（--code）", asked);
        return t == 0 ? xstrdup(asked) : NULL;
    }
    char base[32], code[48];
    pm_plan_default_code(p->base_year, p->target_year, base);
    snprintf(code, sizeof code, "%s", base);
    for (int k = 2; k < 1000; k++) {
        int t = taken(backend, code, err);
        if (t < 0)
            return NULL;
        if (t == 0)
            return xstrdup(code);
        snprintf(code, sizeof code, "%s-%d", base, k);
    }
    pm_err_set(err, 0, "无法为规划生成代码，请用 --code 指定");
    return NULL;
}
