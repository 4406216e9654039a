/* planmon submit | approve | return [--reopen]: the review actions of
 * engine/review.h on a unit's subtree in a year, applied by the store
 * (store/review.h). The command line acts as an admin (see the rules);
 * --as names who the history records. Every move lands in the history. */
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"
#include "cli/commands.h"
#include "store/review.h"
#include "store/submit_check.h"

/* The operator at the command line: whoever may write the database file. */
static const pm_review_actor cli_actor = {PM_ROLE_ADMIN, true, 0};

/* A submit holds back while a warning of what it would move has no 说明,
 * as the web's "保存并提交审核" does (store/submit_check.h). False with
 * *code set (2: warnings to explain; the store's failure) otherwise. */
static bool explained(pm_store *s, cli_opts o, int *code)
{
    pm_err err = {0};
    pm_err_file(&err, cli_db_name(o.db));
    buf msgs = BUF_INIT;
    size_t n = 0;
    if (!pm_submit_unexplained(s, o.unit, o.year, o.item, &n, &msgs, &err)) {
        *code = cli_bad_input(&err);
    } else if (n) {
        fputs(buf_str(&msgs), stderr);
        *code = cli_fail(EXIT_BADINPUT,
                         "有 %zu 个警告尚未说明原因，未提交任何数据：请在导入文件的说明列（comment）补充原因后重新导入，"
                         "再提交审核",
                         n);
    }
    buf_free(&msgs);
    return *code == EXIT_OK;
}

/* --unit and --year are required by the table (main.c). */
static int run_review(cli_opts o, pm_review_action action)
{
    if (o.reopen)
        action = PM_REVIEW_REOPEN;
    char why[256];
    pm_review_verdict v = pm_review_check(&cli_actor, action, o.reason);
    if (v != PM_REVIEW_OK)
        return cli_fail(EXIT_BADINPUT, "%s%s", pm_review_refusal(v, action, o.unit, why, sizeof why),
                        v == PM_REVIEW_NO_REASON ? "：请用 --reason 说明" : "");
    int code;
    pm_err err;
    pm_store *s = cli_open(o.db, PM_STORE_OPEN, &err, &code);
    if (!s)
        return code;
    if (action == PM_REVIEW_SUBMIT && !explained(s, o, &code)) {
        pm_store_close(s);
        return code;
    }
    pm_review_req rq = {action, cli_actor, o.as, o.unit, o.year, o.item, o.reason};
    const char *verb = pm_review_rule_of(action)->verb;
    size_t moved = 0;
    if (!pm_store_review(s, &rq, &v, &moved, &err)) {
        code = cli_bad_input(&err);
    } else if (moved == 0) {
        /* Nothing to do is a failure a script must see (exit 1), not a success. */
        code = cli_fail(EXIT_FAIL, "没有可%s的数据（%s 及其下级，%d 年%s%s），未作任何改动", verb, o.unit, o.year,
                        o.item ? "，数据项 " : "", o.item ? o.item : "");
    } else {
        printf("已%s %zu 个数据（%s 及其下级，%d 年）。\n", verb, moved, o.unit, o.year);
    }
    pm_store_close(s);
    return code;
}

int cmd_submit(cli_opts o)
{
    return run_review(o, PM_REVIEW_SUBMIT);
}

int cmd_approve(cli_opts o)
{
    return run_review(o, PM_REVIEW_APPROVE);
}

int cmd_return(cli_opts o)
{
    return run_review(o, PM_REVIEW_RETURN);
}
