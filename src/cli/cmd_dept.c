/* planmon dept list | add | import, planmon user dept: the departments
 * (责任单位) tasks are assigned to, and which one a user belongs to. */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>

#include "cli/cli.h"
#include "cli/cli_out.h"
#include "cli/cli_work.h"
#include "cli/commands.h"
#include "render/doc/work_out.h"

int cmd_dept_list(cli_opts o)
{
    int code;
    pm_err err;
    pm_store *s = cli_open(o.db, PM_STORE_READ, &err, &code);
    if (!s)
        return code;
    pm_dept *d;
    size_t n;
    bool ok = pm_store_depts(s, &d, &n, &err);
    pm_store_close(s);
    if (!ok) {
        cli_bad_input(&err);
        return EXIT_FAIL;
    }
    json_t *rows = json_array();
    for (size_t i = 0; i < n; i++)
        json_array_append_new(rows, out_dept_json(&d[i]));
    size_t ncols;
    const out_column *cols = out_dept_columns(&ncols);
    cli_print_rows(rows, cols, ncols, o.format, NULL);
    pm_depts_free(d, n);
    return EXIT_OK;
}

int cmd_dept_add(cli_opts o)
{
    pm_dept d = {(char *)o.args[0], (char *)o.args[1], PM_DEPT_SECTION, (char *)(o.contact ? o.contact : "")};
    if (o.kind && !pm_dept_kind_parse(o.kind, &d.kind))
        return cli_fail(EXIT_BADINPUT, "--kind 的值“%s”无法识别（可用 科室 或 委办局）", o.kind);
    int code;
    pm_err err;
    pm_store *s = cli_open(o.db, PM_STORE_OPEN, &err, &code);
    if (!s)
        return code;
    if (pm_store_dept_put(s, &d, o.as, &err))
        printf("已登记责任单位 %s（%s，%s）。\n", d.code, d.name, pm_dept_kind_label(d.kind));
    else
        code = cli_bad_input(&err);
    pm_store_close(s);
    return code;
}

int cmd_dept_import(cli_opts o)
{
    int code = EXIT_OK;
    size_t len;
    char *data = cli_work_file(&o, &len, &code);
    if (!data)
        return code;
    pm_err err = {0};
    pm_err_file(&err, o.args[0]);
    pm_dept *d;
    size_t n;
    bool ok = pm_depts_read(data, len, &d, &n, &err);
    free(data);
    if (!ok)
        return cli_bad_input(&err);
    pm_store *s = cli_open(o.db, PM_STORE_OPEN, &err, &code);
    if (s) {
        ok = pm_store_begin(s, &err);
        for (size_t i = 0; ok && i < n; i++)
            ok = pm_store_dept_put(s, &d[i], o.as, &err);
        code = o.dry_run && ok ? (pm_store_rollback(s), EXIT_OK) : cli_work_finish(s, ok, &err, o.args[0]);
        if (code == EXIT_OK)
            printf("%s %zu 个责任单位。\n", o.dry_run ? "检查通过（未写入）：" : "已导入", n);
        pm_store_close(s);
    }
    pm_depts_free(d, n);
    return code;
}

int cmd_user_dept(cli_opts o)
{
    int code;
    pm_err err;
    pm_store *s = cli_open(o.db, PM_STORE_OPEN, &err, &code);
    if (!s)
        return code;
    const char *dept = o.nargs > 1 ? o.args[1] : NULL;
    pm_dept d = {0};
    /* The department may be named by its name as well as its code. */
    if (dept && pm_store_dept_get(s, dept, &d, &err) == 1)
        dept = d.code;
    if (pm_store_user_set_dept(s, o.args[0], dept, o.as, &err))
        printf(dept ? "用户 %s 属于责任单位 %s。\n" : "用户 %s 不再属于任何责任单位。\n", o.args[0], dept);
    else
        code = cli_bad_input(&err);
    pm_dept_clear(&d);
    pm_store_close(s);
    return code;
}
