/* planmon submit | approve | return: the review states of figures
 * (draft → submitted → approved, or returned with a reason), scoped by a
 * unit's subtree and a year. Every move lands in the history. */
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"
#include "cli/commands.h"

typedef struct review {
    const char *verb;   /* for messages: 提交, 审核通过, 退回 */
    unsigned from;
    pm_vstate to;
    bool needs_reason;
} review;

/* --unit and --year are required by the table (main.c). */
static int run_review(cli_opts o, const review *rv)
{
    unsigned from = rv->from;
    if (o.reopen)
        from = 1u << PM_VS_APPROVED; /* reopening: only a reviewer, only with a reason */
    if ((rv->needs_reason || o.reopen) && (!o.reason || !*o.reason))
        return cli_fail(EXIT_BADINPUT, "%s需要用 --reason 说明原因", o.reopen ? "重新打开已审核的数据" : rv->verb);
    int code = EXIT_OK;
    pm_store *s = cli_open_store(o.db, &code);
    if (!s)
        return code;
    pm_err err = {0};
    pm_err_file(&err, o.db);
    pm_transition t = {o.unit, o.year, o.item, from, rv->to, o.as, o.reason};
    size_t moved = 0;
    if (!pm_store_transition(s, &t, &moved, &err)) {
        code = cli_bad_input(&err);
    } else if (moved == 0) {
        printf("没有可%s的数据（%s %d 年）。\n", rv->verb, o.unit, o.year);
    } else {
        printf("已%s %zu 个数据（%s 及其下级，%d 年）。\n", rv->verb, moved, o.unit, o.year);
    }
    pm_store_close(s);
    return code;
}

int cmd_submit(cli_opts o)
{
    static const review rv = {"提交", (1u << PM_VS_DRAFT) | (1u << PM_VS_RETURNED), PM_VS_SUBMITTED, false};
    return run_review(o, &rv);
}

int cmd_approve(cli_opts o)
{
    static const review rv = {"审核通过", 1u << PM_VS_SUBMITTED, PM_VS_APPROVED, false};
    return run_review(o, &rv);
}

int cmd_return(cli_opts o)
{
    static const review rv = {"退回", 1u << PM_VS_SUBMITTED, PM_VS_RETURNED, true};
    return run_review(o, &rv);
}
