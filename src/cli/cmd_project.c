/* planmon project import | milestone (project list is task.c's list):
 * the 重大项目表 and a project's milestones. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "cli/cli_work.h"
#include "cli/commands.h"

int cmd_project_import(cli_opts o)
{
    cli_import im;
    int code;
    if (!cli_import_open(&o, &im, &code))
        return code;
    pm_task *p = NULL;
    size_t n = 0;
    bool ok = pm_projects_read(im.data, im.len, &im.refs, &p, &n, &im.err) && cli_import_begin(&im);
    for (size_t i = 0; ok && i < n; i++)
        ok = pm_store_task_put(im.s, &p[i], o.as, &im.err);
    code = cli_import_close(&im, &o, ok);
    if (code == EXIT_OK)
        printf("%s %zu 个重大项目。\n", o.dry_run ? "检查通过（未写入）：" : "已导入", n);
    pm_tasks_free(p, n);
    return code;
}

/* planmon project milestone CODE N [--on DATE] [--not-met]: milestone N
 * (1-based, in date order as project list shows them) met on DATE. */
int cmd_project_milestone(cli_opts o)
{
    char *end;
    long k = strtol(o.args[1], &end, 10);
    if (!*o.args[1] || *end || k <= 0)
        return cli_fail(EXIT_BADINPUT, "节点序号“%s”应为正整数（按日期排列的第几个节点）", o.args[1]);
    char on[PM_DATE_LEN] = "";
    if (o.met_on && !pm_date_parse(o.met_on, on))
        return cli_fail(EXIT_BADINPUT, "--on 的值“%s”不是日期", o.met_on);
    int code;
    pm_err err;
    pm_store *s = cli_open(o.db, PM_STORE_OPEN, &err, &code);
    if (!s)
        return code;
    if (pm_store_milestone_set(s, o.args[0], (size_t)k - 1, !o.not_met, on, o.as, &err))
        printf("项目 %s 第 %ld 个节点：%s。\n", o.args[0], k, o.not_met ? "未完成" : "已完成");
    else
        code = cli_bad_input(&err);
    pm_store_close(s);
    return code;
}
