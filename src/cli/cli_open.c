/* Opening the database a command works on, and naming it in messages. */
#include <stdlib.h>
#include <string.h>

#include "base/mem.h"
#include "cli/cli.h"
#include "store/plans.h"
#include "store/users.h"

const char *cli_plan_key;
const char *cli_as_named;

/* A name given with --as must be a user of the database, else history
 * and audit would record anyone at all ("--as 不存在的人" approving). A
 * database without users yet (fresh from init) takes the name: there is
 * nobody to name. 0 when it may act, else the exit code (message
 * printed). err names the database. */
static int as_is_user(pm_store *s, pm_err *err)
{
    pm_user u = {0};
    int found = pm_store_user_get(s, cli_as_named, &u, NULL, err);
    pm_user_clear(&u);
    long users = 0;
    if (found < 0 || (!found && !pm_store_user_count(s, &users, err))) {
        cli_bad_input(err);
        return EXIT_FAIL; /* the store failed, not the name */
    }
    if (found || users == 0)
        return 0;
    return cli_fail(EXIT_BADINPUT, "--as：“%s”不是本数据库的用户（planmon user list 可查看用户）", cli_as_named);
}

const char *cli_db_name(const char *db)
{
    /* One command names one database (restore names two, one after the
     * other): remember the last one asked for. Both strings live until
     * exit; nothing frees them. */
    static char *asked, *shown;
    if (!db)
        db = "";
    if (!asked || strcmp(asked, db)) {
        free(asked);
        free(shown);
        asked = xstrdup(db);
        shown = pm_store_shown(db);
    }
    return shown;
}

int cli_db_exists(const char *db)
{
    pm_err err = {0};
    int there = pm_store_exists(db, &err);
    if (there < 0)
        cli_bad_input(&err);
    return there;
}

int cli_db_missing(const char *db)
{
    const char *shown = cli_db_name(db);
    return cli_fail(EXIT_BADINPUT, "数据库 %s 不存在（先运行 planmon init --db %s 或 planmon demo --db %s）", shown, shown,
                    shown);
}

pm_store *cli_open(const char *db, pm_open_mode mode, pm_err *err, int *code)
{
    *err = (pm_err){0};
    *code = EXIT_OK;
    int there = cli_db_exists(db);
    if (there <= 0) {
        *code = there < 0 ? EXIT_BADINPUT : cli_db_missing(db);
        return NULL;
    }
    pm_err_file(err, cli_db_name(db));
    pm_store *s = pm_store_open(db, mode, err);
    if (!s) {
        cli_bad_input(err);
        *code = EXIT_FAIL;
    } else if (cli_plan_key && !pm_store_use_plan(s, cli_plan_key, err)) {
        *code = cli_bad_input(err);
        pm_store_close(s);
        s = NULL;
    } else if (mode == PM_STORE_OPEN && cli_as_named && (*code = as_is_user(s, err)) != 0) {
        pm_store_close(s);
        s = NULL;
    }
    /* The command's own calls start from a clean message that still names
     * the database. */
    err->msg[0] = '\0';
    err->line = 0;
    return s;
}

void cli_db_close_new(pm_store *s, const char *db, bool ok)
{
    pm_store_close(s);
    pm_err ignored = {0};
    if (!ok)
        pm_store_destroy(db, &ignored);
}

int cli_read_failed(pm_store *s, const pm_err *err)
{
    cli_bad_input(err);
    pm_store_close(s);
    return EXIT_FAIL;
}

int cli_plan_open(const char *db, pm_open_mode mode, bool with_tree, cli_planned *p)
{
    int code;
    *p = (cli_planned){0};
    p->s = cli_open(db, mode, &p->err, &code);
    if (p->s &&
        (!pm_store_get_plan(p->s, &p->plan, &p->err) || (with_tree && !pm_store_get_units(p->s, &p->tree, &p->err)))) {
        cli_bad_input(&p->err);
        code = EXIT_FAIL; /* the store failed, as in cli_open */
        cli_plan_close(p);
        p->s = NULL;
    }
    return code;
}

void cli_plan_close(cli_planned *p)
{
    pm_plan_free(&p->plan);
    pm_tree_free(&p->tree);
    pm_store_close(p->s);
}
