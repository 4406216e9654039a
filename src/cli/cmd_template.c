/* planmon template --unit U --year Y -o FILE.xlsx [--db F]
 * The data-entry template for one unit and year: the items that unit
 * reports (by its level), last year's figures, and this year's if any. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#include "base/mem.h"
#include "cli/cli.h"
#include "cli/cli_out.h"
#include "cli/commands.h"
#include "render/doc/xlsx_template.h"
#include "store/evaluate.h"

int cmd_template(cli_opts o)
{
    int code;
    pm_err err;
    pm_plan plan;
    pm_tree tree;
    pm_store *s = cli_open_plan(o.db, PM_STORE_OPEN, &plan, &tree, &err, &code);
    if (!s)
        return code;
    pm_known known = {0};
    pm_template_item *items = NULL;
    int u = -1;
    if (!pm_load_known(s, &plan, &tree, &known, &err)) {
        cli_bad_input(&err);
        code = EXIT_FAIL;
        goto done;
    }
    if ((u = pm_tree_find(&tree, o.unit)) < 0) {
        code = cli_fail(EXIT_BADINPUT, "组织机构“%s”不存在", o.unit);
        goto done;
    }
    if (o.year < plan.base_year || o.year > plan.target_year) {
        code = cli_fail(EXIT_BADINPUT, "年份 %d 不在规划期 %d–%d 年内", o.year, plan.base_year, plan.target_year);
        goto done;
    }
    items = xcalloc(plan.nelem + 1, sizeof *items);
    size_t n = 0;
    for (size_t e = 0; e < plan.nelem; e++) {
        const pm_element *el = &plan.elem[e];
        if (el->level >= 0 && el->level != tree.u[u].level)
            continue;
        long last = pm_known_find(&known, (int)e, u, o.year - 1), now = pm_known_find(&known, (int)e, u, o.year);
        items[n++] = (pm_template_item){el->code,
                                        el->name,
                                        el->unit,
                                        el->kind,
                                        last >= 0 ? known.value[last] : NAN,
                                        now >= 0 ? known.value[now] : NAN,
                                        now >= 0 ? known.comment[now] : NULL};
    }
    if (n == 0) {
        code = cli_fail(EXIT_BADINPUT, "%s“%s”没有需要填报的数据项", pm_level_name(tree.u[u].level), tree.u[u].name);
        goto done;
    }
    pm_template t = {plan.title ? plan.title : "规划", tree.u[u].code, tree.u[u].name, o.year, items, n, &plan};
    pm_err werr = {0};
    buf bytes = BUF_INIT;
    code = pm_template_write(&bytes, &t, &werr) ? cli_out_bytes(o.out, &bytes) : cli_write_failed(o.out, werr.msg);
    buf_free(&bytes);
    if (code != EXIT_OK)
        goto done;
    printf("已生成填报模板 %s：%s %d 年，%zu 个数据项。填好“本年值”后用 planmon import 导入。\n", o.out, tree.u[u].name,
           o.year, n);
done:
    free(items);
    pm_known_free(&known);
    pm_tree_free(&tree);
    pm_plan_free(&plan);
    pm_store_close(s);
    return code;
}
