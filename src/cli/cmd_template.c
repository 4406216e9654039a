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
    cli_planned cp;
    int code = cli_plan_open(o.db, PM_STORE_OPEN, true, &cp);
    if (code != EXIT_OK)
        return code;
    pm_known known = {0};
    pm_template_item *items = NULL;
    int u = -1;
    if (!pm_load_known(cp.s, &cp.plan, &cp.tree, &known, &cp.err)) {
        cli_bad_input(&cp.err);
        code = EXIT_FAIL;
        goto done;
    }
    if ((u = pm_tree_find(&cp.tree, o.unit)) < 0) {
        code = cli_fail(EXIT_BADINPUT, "组织机构“%s”不存在", o.unit);
        goto done;
    }
    if (o.year < cp.plan.base_year || o.year > cp.plan.target_year) {
        code = cli_fail(EXIT_BADINPUT, "年份 %d 不在规划期 %d–%d 年内", o.year, cp.plan.base_year, cp.plan.target_year);
        goto done;
    }
    items = xcalloc(cp.plan.nelem + 1, sizeof *items);
    size_t n = 0;
    for (size_t e = 0; e < cp.plan.nelem; e++) {
        const pm_element *el = &cp.plan.elem[e];
        if (el->level >= 0 && el->level != cp.tree.u[u].level)
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
        code = cli_fail(EXIT_BADINPUT, "%s“%s”没有需要填报的数据项", pm_level_name(cp.tree.u[u].level), cp.tree.u[u].name);
        goto done;
    }
    pm_template t = {cp.plan.title ? cp.plan.title : "规划", cp.tree.u[u].code, cp.tree.u[u].name, o.year, items, n, &cp.plan};
    pm_err werr = {0};
    buf bytes = BUF_INIT;
    code = pm_template_write(&bytes, &t, &werr) ? cli_out_bytes(o.out, &bytes) : cli_write_failed(o.out, werr.msg);
    buf_free(&bytes);
    if (code != EXIT_OK)
        goto done;
    printf("已生成填报模板 %s：%s %d 年，%zu 个数据项。填好“本年值”后用 planmon import 导入。\n", o.out, cp.tree.u[u].name,
           o.year, n);
done:
    free(items);
    pm_known_free(&known);
    cli_plan_close(&cp);
    return code;
}
