/* planmon status [--db F] [--year Y] [--unit U] [--method pace|sdg] [--format table|json|csv]
 * Every indicator of the plan for one unit and year, judged. */
#include <jansson.h>
#include <math.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "cli/cli.h"
#include "cli/cli_eval.h"
#include "cli/config.h"
#include "cli/commands.h"
#include "render/doc/status_out.h"
#include "store/evaluate.h"
#include "store/plans.h"
#include "store/users.h"

const char *cli_plan_key;
const char *cli_as_named;

/* A name given with --as must be a user of the database, else history
 * and audit would record anyone at all ("--as 不存在的人" approving). A
 * database without users yet (fresh from init) takes the name: there is
 * nobody to name. 0 when it may act, else the exit code (message
 * printed). */
static int as_is_user(pm_store *s, const char *db)
{
    pm_err err = {0};
    pm_err_file(&err, db);
    pm_user u = {0};
    int found = pm_store_user_get(s, cli_as_named, &u, NULL, &err);
    pm_user_clear(&u);
    long users = 0;
    if (found < 0 || (!found && !pm_store_user_count(s, &users, &err))) {
        cli_bad_input(&err);
        return EXIT_FAIL; /* the store failed, not the name */
    }
    if (found || users == 0)
        return 0;
    return cli_fail(EXIT_BADINPUT, "--as：“%s”不是本数据库的用户（planmon user list 可查看用户）", cli_as_named);
}

/* Opens an existing database; a missing file is the user's mistake (2).
 * The handle works on the command's plan (cli_plan_key): an unknown one
 * is the user's mistake too. */
static pm_store *open_existing(const char *db, pm_open_mode mode, int *code)
{
    pm_err err = {0};
    int there = cli_db_exists(db);
    if (there <= 0) {
        *code = there < 0 ? EXIT_BADINPUT : cli_db_missing(db);
        return NULL;
    }
    pm_store *s = pm_store_open(db, mode, &err);
    if (!s) {
        pm_err_file(&err, db);
        cli_bad_input(&err);
        *code = EXIT_FAIL;
    } else if (cli_plan_key && !pm_store_use_plan(s, cli_plan_key, &err)) {
        pm_err_file(&err, db);
        *code = cli_bad_input(&err);
        pm_store_close(s);
        s = NULL;
    } else if (mode == PM_STORE_OPEN && cli_as_named && (*code = as_is_user(s, db)) != 0) {
        pm_store_close(s);
        s = NULL;
    }
    return s;
}

pm_store *cli_open_store(const char *db, int *code)
{
    return open_existing(db, PM_STORE_OPEN, code);
}

pm_store *cli_open_store_ro(const char *db, int *code)
{
    return open_existing(db, PM_STORE_READ, code);
}

int cmd_status(cli_opts o)
{
    int judging = cli_judging_setup(&o);
    if (judging >= 0)
        return judging;
    int code = EXIT_OK;
    pm_store *s = cli_open_store_ro(o.db, &code);
    if (!s)
        return code;
    pm_evaluation ev;
    if (!cli_evaluate(s, o.db, &ev)) {
        code = EXIT_FAIL;
        goto done;
    }
    /* A database fresh from init has a plan but no org units yet: there is
     * no unit to report on, not even the root. */
    if (ev.tree.n == 0) {
        code = cli_fail(EXIT_BADINPUT, "数据库 %s 中还没有组织机构（先运行 planmon units import --db %s 组织机构.csv）",
                        o.db, o.db);
        goto done;
    }
    int u, year;
    if (!cli_unit_year(&o, &ev, &u, &year)) {
        code = EXIT_BADINPUT;
        goto done;
    }
    json_t *doc = out_status_doc(&ev, u, year, !strcmp(o.method, "sdg"));
    out_status_print(stdout, doc, o.format);
    json_decref(doc);
done:
    pm_evaluation_free(&ev);
    pm_store_close(s);
    return code;
}
