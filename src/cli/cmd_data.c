/* planmon init | units import | targets import: setting up a database. */
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "cli/cli.h"
#include "cli/commands.h"
#include "parse/builtin.h"
#include "parse/plantable.h"
#include "parse/units_csv.h"
#include "store/users.h"

bool cli_load_plan(const char *file, pm_plan *plan)
{
    pm_err err = {0};
    if (!file) {
        if (pm_plan_builtin(plan, &err))
            return true;
        cli_bad_input(&err);
        return false;
    }
    size_t len;
    char *text = cli_read_file(file, &len, &err);
    bool ok = text && pm_plantable_parse(text, len, plan, &err);
    free(text);
    if (!ok) {
        cli_bad_input(&err);
        return false;
    }
    pm_plan_add_direct_elements(plan);
    return true;
}

int cmd_init(cli_opts o)
{
    if (access(o.db, F_OK) == 0)
        return cli_fail(EXIT_BADINPUT, "数据库文件 %s 已存在，不会覆盖；请换一个文件名或先备份后删除", o.db);
    pm_plan plan;
    if (!cli_load_plan(o.plan, &plan))
        return EXIT_BADINPUT;
    /* The first admin's password, asked for (or made) before the database
     * is, so that no half-made file waits on a prompt. */
    cli_password pw;
    if (!cli_password_get("admin", "PLANMON_PASSWORD", true, &pw)) {
        pm_plan_free(&plan);
        return EXIT_BADINPUT;
    }
    pm_user_spec admin = {"admin", "系统管理员", PM_ROLE_ADMIN, NULL, pw.hash};
    pm_err err = {0};
    pm_err_file(&err, o.db);
    pm_store *s = pm_store_open(o.db, PM_STORE_CREATE, &err);
    bool ok = s && pm_store_begin(s, &err) && pm_store_put_plan(s, &plan, &err) &&
              pm_store_user_add(s, &admin, NULL, &err) && pm_store_commit(s, &err);
    if (s && !ok)
        pm_store_rollback(s);
    pm_store_close(s);
    if (!ok) {
        unlink(o.db); /* a half-made database helps nobody */
        cli_bad_input(&err);
        pm_plan_free(&plan);
        return EXIT_FAIL;
    }
    printf("已创建数据库 %s：规划“%s”，%zu 项指标、%zu 个数据项。\n下一步：planmon units import --db %s 组织机构.csv\n",
           o.db, plan.title ? plan.title : "（未命名）", plan.nind, plan.nelem, o.db);
    printf("已创建管理员用户 admin（网页登录：planmon serve --db %s）。\n", o.db);
    cli_password_print("admin", &pw);
    pm_plan_free(&plan);
    return EXIT_OK;
}

/* Reads and checks a file for an import; the store is touched only when
 * everything in it is good, inside one transaction. */
int cmd_units_import(cli_opts o)
{
    pm_err err = {0};
    size_t len;
    char *text = cli_read_file(o.args[0], &len, &err);
    if (!text)
        return cli_bad_input(&err);
    pm_tree tree;
    bool ok = pm_units_csv_parse(text, len, &tree, &err);
    free(text);
    if (!ok)
        return cli_bad_input(&err);
    int code = EXIT_OK;
    pm_store *s = cli_open_store(o.db, &code);
    if (!s) {
        pm_tree_free(&tree);
        return code;
    }
    pm_err serr = {0};
    pm_err_file(&serr, o.db);
    ok = pm_store_begin(s, &serr) && pm_store_put_units(s, &tree, &serr) && pm_store_commit(s, &serr);
    if (!ok) {
        pm_store_rollback(s);
        /* What fails here is mostly the file meeting what is stored (a
         * second root, a level that no longer fits its parent's): name the
         * file, and tell the user nothing of it was kept. */
        char why[sizeof serr.msg];
        snprintf(why, sizeof why, "%s", serr.msg);
        pm_err_file(&serr, o.args[0]);
        pm_err_set(&serr, 0, "%s（数据库 %s 未作任何改动）", why, o.db);
        code = cli_bad_input(&serr);
    } else {
        printf("已导入 %zu 个组织机构。\n", tree.n);
    }
    pm_store_close(s);
    pm_tree_free(&tree);
    return code;
}

int cmd_targets_import(cli_opts o)
{
    int code = EXIT_OK;
    pm_store *s = cli_open_store(o.db, &code);
    if (!s)
        return code;
    pm_err err = {0};
    pm_err_file(&err, o.db);
    pm_plan plan = {0};
    pm_tree tree = {0};
    if (!pm_store_get_plan(s, &plan, &err) || !pm_store_get_units(s, &tree, &err)) {
        cli_bad_input(&err); /* the message; a database that cannot be read is the machine's failure */
        code = EXIT_FAIL;
        goto done;
    }
    size_t len;
    char *text = cli_read_file(o.args[0], &len, &err);
    if (!text) {
        code = cli_bad_input(&err);
        goto done;
    }
    pm_unit_target *t;
    size_t n;
    bool ok = pm_targets_csv_parse(text, len, &plan, &tree, &t, &n, &err);
    free(text);
    if (!ok) {
        code = cli_bad_input(&err);
        goto done;
    }
    pm_err_file(&err, o.db);
    ok = pm_store_begin(s, &err) && pm_store_put_targets(s, t, n, &err) && pm_store_commit(s, &err);
    if (!ok) {
        pm_store_rollback(s);
        code = cli_bad_input(&err);
    } else {
        printf("已导入 %zu 条分解目标。\n", n);
    }
    pm_unit_targets_free(t, n);
done:
    pm_plan_free(&plan);
    pm_tree_free(&tree);
    pm_store_close(s);
    return code;
}
