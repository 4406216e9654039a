#include "cli/cli_eval.h"

#include <stdio.h>
#include <unistd.h>

#include "cli/cli.h"

bool cli_evaluate(pm_store *s, pm_err *err, pm_evaluation *ev)
{
    if (isatty(STDERR_FILENO))
        fputs("正在读取数据并评估……\r", stderr);
    if (!pm_evaluate(s, ev, err)) {
        cli_bad_input(err);
        return false;
    }
    if (isatty(STDERR_FILENO))
        fputs("                        \r", stderr);
    return true;
}

bool cli_unit_year(const cli_opts *o, const pm_evaluation *ev, int *unit, int *year)
{
    *unit = o->unit ? pm_tree_find(&ev->tree, o->unit) : ev->tree.n ? 0 : -1;
    if (o->unit && *unit < 0) {
        cli_fail(EXIT_BADINPUT, "组织机构“%s”不存在", o->unit);
        return false;
    }
    *year = o->year ? o->year : ev->latest_year ? ev->latest_year : ev->plan.base_year;
    if (*year < ev->plan.base_year || *year > ev->plan.target_year) {
        cli_fail(EXIT_BADINPUT, "年份 %d 不在规划期 %d–%d 年内", *year, ev->plan.base_year, ev->plan.target_year);
        return false;
    }
    return true;
}
