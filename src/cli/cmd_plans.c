/* planmon plan list | plan use CODE | plan continue ITEM FROM | judge ITEM
 * VERDICT | judgments: the plan set (several plans in one database) and
 * the judgments by hand of qualitative indicators (store/plans.h). */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "cli/cli_out.h"
#include "cli/commands.h"
#include "render/doc/plans_out.h"
#include "store/plans.h"

int cmd_plan_list(cli_opts o)
{
    int code;
    pm_err err;
    pm_store *s = cli_open(o.db, PM_STORE_READ, &err, &code);
    if (!s)
        return code;
    pm_plan_info *p;
    size_t n;
    bool ok = pm_store_plans(s, &p, &n, &err);
    pm_store_close(s);
    if (!ok)
        return cli_bad_input(&err);
    json_t *rows = out_plans_json(p, n);
    size_t ncols;
    const out_column *cols = out_plans_columns(&ncols);
    cli_print_rows(rows, cols, ncols, o.format, NULL);
    pm_plan_infos_free(p, n);
    return EXIT_OK;
}

int cmd_plan_use(cli_opts o)
{
    int code;
    pm_err err;
    pm_store *s = cli_open(o.db, PM_STORE_OPEN, &err, &code);
    if (!s)
        return code;
    pm_plan plan = {0};
    bool ok = pm_store_set_default_plan(s, o.args[0], &err) && pm_store_use_plan(s, NULL, &err) &&
              pm_store_get_plan(s, &plan, &err);
    if (ok)
        printf("当前规划：%s（代码 %s，%d—%d年）。不指明 --plan 的命令和网页今后默认使用它。\n", plan.title, plan.code,
               plan.base_year + 1, plan.target_year);
    else
        code = cli_bad_input(&err);
    pm_plan_free(&plan);
    pm_store_close(s);
    return code;
}

/* The indicator ITEM (序号 or code) of plan: its code, or NULL after a
 * message naming the plan. */
static const char *indicator_code(const pm_plan *plan, const char *item)
{
    const pm_indicator *ind = pm_plan_find(plan, item);
    if (!ind)
        fprintf(stderr, "planmon: 规划 %s 中没有指标“%s”（可写序号或指标代码）\n", plan->code ? plan->code : "",
                item);
    return ind ? ind->code : NULL;
}

/* FROM is "PLAN:ITEM" (an indicator of an earlier plan), or "-" to clear. */
int cmd_plan_continue(cli_opts o)
{
    const char *from = o.args[1];
    const char *colon = strchr(from, ':');
    if (strcmp(from, "-") && (!colon || colon == from || !colon[1]))
        return cli_fail(EXIT_BADINPUT, "FROM 应为“规划代码:指标”（如 14th:5 或 14th:I05），或 - 取消接续，而不是“%s”",
                        from);
    pm_plan earlier = {0};
    cli_planned cp;
    int code = cli_plan_open(o.db, PM_STORE_OPEN, false, &cp);
    if (code != EXIT_OK)
        return code;
    char *from_plan = colon ? strndup(from, (size_t)(colon - from)) : NULL;
    const char *mine = NULL, *theirs = NULL;
    bool ok = true;
    if ((mine = indicator_code(&cp.plan, o.args[0])) == NULL)
        code = EXIT_BADINPUT;
    /* The earlier plan's item is read in that plan (a 序号 there is not one here). */
    if (mine && from_plan) {
        ok = pm_store_use_plan(cp.s, from_plan, &cp.err) && pm_store_get_plan(cp.s, &earlier, &cp.err);
        if (ok && (theirs = indicator_code(&earlier, colon + 1)) == NULL)
            code = EXIT_BADINPUT;
        ok = ok && pm_store_use_plan(cp.s, cp.plan.code, &cp.err);
    }
    if (ok && mine && (theirs || !from_plan)) {
        ok = pm_store_continue(cp.s, mine, from_plan ? earlier.code : NULL, theirs, &cp.err);
        if (ok && from_plan)
            printf("规划 %s 的指标 %s 接续规划 %s 的指标 %s：其基期值取该指标 %d 年的值。\n", cp.plan.code, mine, earlier.code,
                   theirs, earlier.target_year);
        else if (ok)
            printf("规划 %s 的指标 %s 不再接续前一规划的指标。\n", cp.plan.code, mine);
    }
    if (!ok)
        code = cli_bad_input(&cp.err);
    free(from_plan);
    pm_plan_free(&earlier);
    cli_plan_close(&cp);
    return code;
}

int cmd_judge(cli_opts o)
{
    pm_verdict v;
    if (!pm_verdict_parse(o.args[1], &v))
        return cli_fail(EXIT_BADINPUT, "评价结论应为 已实现、基本实现 或 未实现，而不是“%s”", o.args[1]);
    cli_planned cp;
    int code = cli_plan_open(o.db, PM_STORE_OPEN, true, &cp);
    if (code != EXIT_OK)
        return code;
    bool ok = true;
    const char *ind = indicator_code(&cp.plan, o.args[0]);
    if (!ind) {
        code = EXIT_BADINPUT;
    } else if (!cp.tree.n) {
        code = cli_fail(EXIT_BADINPUT, "数据库 %s 中还没有组织机构（先运行 planmon units import）", cli_db_name(o.db));
    } else {
        int year = o.year;
        if (year <= cp.plan.base_year || year > cp.plan.target_year) {
            code = cli_fail(EXIT_BADINPUT, "年份 %d 不在规划 %s 的规划期 %d—%d年内", year, cp.plan.code, cp.plan.base_year + 1,
                            cp.plan.target_year);
        } else {
            pm_judgment j = {(char *)ind, (char *)(o.unit ? o.unit : cp.tree.u[0].code), year, v, (char *)o.note,
                             NULL, (char *)o.as};
            ok = pm_store_judge(cp.s, &j, &cp.err);
            if (ok)
                printf("已记录：规划 %s 指标 %s，%s %d 年人工评价为“%s”。\n", cp.plan.code, ind, j.unit, year,
                       pm_verdict_label(v));
        }
    }
    if (!ok)
        code = cli_bad_input(&cp.err);
    cli_plan_close(&cp);
    return code;
}

int cmd_judgments(cli_opts o)
{
    cli_planned cp;
    int code = cli_plan_open(o.db, PM_STORE_READ, false, &cp);
    if (code != EXIT_OK)
        return code;
    pm_judgment *j = NULL;
    size_t n = 0;
    const char *ind = o.item ? indicator_code(&cp.plan, o.item) : NULL;
    if (o.item && !ind) {
        code = EXIT_BADINPUT;
    } else if (pm_store_judgments(cp.s, ind, &j, &n, &cp.err)) {
        json_t *rows = out_judgments_json(j, n);
        size_t ncols;
        const out_column *cols = out_judgments_columns(&ncols);
        out_listing_print(stdout, rows, cols, ncols, o.format);
        json_decref(rows);
    } else {
        code = cli_bad_input(&cp.err);
    }
    pm_judgments_free(j, n);
    cli_plan_close(&cp);
    return code;
}
