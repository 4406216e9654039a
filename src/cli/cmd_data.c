/* planmon init | units import | targets import: setting up a database. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli/cli.h"
#include "base/mem.h"
#include "cli/commands.h"
#include "parse/builtin.h"
#include "parse/plantable.h"
#include "parse/units_csv.h"
#include "store/plans.h"
#include "store/rounds.h"
#include "store/users.h"

bool cli_parse_years(const char *s, int *y0, int *y1)
{
    int n = 0;
    if (sscanf(s, "%4d-%4d%n", y0, y1, &n) != 2 || s[n] || *y0 < 1900 || *y1 > 2200 || *y0 >= *y1) {
        fprintf(stderr, "planmon: --years 应为“基期年份-目标年份”，如 2020-2025，而不是“%s”\n", s);
        return false;
    }
    return true;
}

/* The file name without its folders and extension: a plan's title when
 * nothing better is known (大兴区民政十五五规划.txt → 大兴区民政十五五规划). */
static char *file_stem(const char *path)
{
    const char *slash = strrchr(path, '/');
    const char *name = slash ? slash + 1 : path;
    const char *dot = strrchr(name, '.');
    size_t n = dot && dot > name ? (size_t)(dot - name) : strlen(name);
    char *t = malloc(n + 1);
    if (t) {
        memcpy(t, name, n);
        t[n] = '\0';
    }
    return t;
}

bool cli_load_plan(const char *file, const char *years, pm_plan *plan)
{
    pm_err err = {0};
    if (!file) {
        if (pm_plan_builtin(plan, &err))
            return true;
        cli_bad_input(&err);
        return false;
    }
    pm_plantable_opts opts = {0, 0};
    if (years && !cli_parse_years(years, &opts.base_year, &opts.target_year))
        return false;
    size_t len;
    char *text = cli_read_file(file, &len, &err);
    bool ok = text && pm_plantable_parse_opts(text, len, &opts, plan, &err);
    free(text);
    if (!ok) {
        cli_bad_input(&err);
        return false;
    }
    for (size_t i = 0; i < plan->nwarnings; i++)
        fprintf(stderr, "planmon: 警告：%s：%s\n", file, plan->warnings[i]);
    if (!plan->title)
        plan->title = file_stem(file);
    return true;
}

/* How many indicators of p are qualitative (judged by hand). */
static size_t count_qualitative(const pm_plan *p)
{
    size_t n = 0;
    for (size_t i = 0; i < p->nind; i++)
        n += p->ind[i].qualitative;
    return n;
}

/* A code for a plan added to s: the one asked for, else the period's
 * (14th, 15th …) with -2, -3 … when a plan has it already. Into out. */
static bool pick_code(pm_store *s, const pm_plan *p, const char *asked, char out[48], pm_err *err)
{
    pm_plan_info *pl;
    size_t n;
    if (!pm_store_plans(s, &pl, &n, err))
        return false;
    char base[32];
    pm_plan_default_code(p->base_year, p->target_year, base);
    snprintf(out, 48, "%s", asked ? asked : base);
    for (int k = 2; !asked && k < 1000; k++) {
        bool taken = false;
        for (size_t i = 0; i < n; i++)
            taken = taken || !strcmp(pl[i].code, out);
        if (!taken)
            break;
        snprintf(out, 48, "%s-%d", base, k);
    }
    pm_plan_infos_free(pl, n);
    return true;
}

/* init --plan FILE on an existing database: the plan joins the ones there.
 * A plan-table plan's indicator codes get the plan's code as a prefix
 * (15th.I01), so that the elements they are entered as are its own. */
static int add_plan(cli_opts o, pm_plan *plan)
{
    int code;
    pm_err err;
    pm_store *s = cli_open(o.db, PM_STORE_OPEN, &err, &code);
    if (!s)
        return code;
    char pcode[48];
    bool ok = pick_code(s, plan, o.code, pcode, &err);
    if (ok) {
        pm_plan_prefix_codes(plan, pcode);
        pm_plan_add_direct_elements(plan);
        ok = pm_store_add_plan(s, plan, pcode, o.make_default, NULL, &err);
    }
    if (!ok) {
        code = cli_bad_input(&err);
    } else {
        printf("已在数据库 %s 中加入规划“%s”（代码 %s，规划期 %d—%d年，基期 %d 年）：%zu 项指标（其中定性指标 %zu 项，人工评价）、"
               "%zu 个数据项，指标代码为 %s.序号代码。\n",
               cli_db_name(o.db), plan->title, pcode, plan->base_year + 1, plan->target_year, plan->base_year, plan->nind,
               count_qualitative(plan), plan->nelem, pcode);
        printf("%s\n下一步：planmon template --db %s --plan %s --unit 区代码 --year 年份 -o 填报.xlsx\n",
               o.make_default ? "已设为当前规划。" : "当前规划未变（planmon plan use 代码 可改）；其他命令用 --plan 指明此规划。",
               cli_db_name(o.db), pcode);
    }
    pm_store_close(s);
    return code;
}

int cmd_init(cli_opts o)
{
    int exists = cli_db_exists(o.db);
    if (exists < 0)
        return EXIT_BADINPUT;
    if (exists && !o.plan)
        return cli_fail(EXIT_BADINPUT,
                        "数据库 %s 已存在，不会覆盖；要在其中加入另一个规划请用 --plan 规划文本，否则请换一个数据库", cli_db_name(o.db));
    pm_plan plan;
    if (!cli_load_plan(o.plan, o.years, &plan))
        return EXIT_BADINPUT;
    if (o.title) {
        free(plan.title);
        plan.title = xstrdup(o.title);
    }
    if (exists) {
        int rc = add_plan(o, &plan);
        pm_plan_free(&plan);
        return rc;
    }
    if (o.plan)
        pm_plan_add_direct_elements(&plan);
    /* The first admin's password, asked for (or made) before the database
     * is, so that no half-made file waits on a prompt. */
    cli_password pw;
    if (!cli_password_get("admin", "PLANMON_PASSWORD", true, &pw)) {
        pm_plan_free(&plan);
        return EXIT_BADINPUT;
    }
    pm_user_spec admin = {"admin", "系统管理员", PM_ROLE_ADMIN, NULL, pw.hash};
    pm_err err = {0};
    pm_err_file(&err, cli_db_name(o.db));
    pm_store *s = pm_store_create(o.db, &err);
    bool ok = s && pm_store_begin(s, &err) && pm_store_add_plan(s, &plan, o.code, true, NULL, &err) &&
              pm_store_user_add(s, &admin, NULL, &err) && pm_store_commit(s, &err);
    if (s && !ok)
        pm_store_rollback(s);
    cli_db_close_new(s, o.db, ok);
    if (!ok) {
        cli_bad_input(&err);
        pm_plan_free(&plan);
        return EXIT_FAIL;
    }
    printf("已创建数据库 %s：规划“%s”，%zu 项指标（其中定性指标 %zu 项，人工评价）、%zu 个数据项。\n下一步：planmon units import --db %s 组织机构.csv\n",
           cli_db_name(o.db), plan.title ? plan.title : "（未命名）", plan.nind, count_qualitative(&plan), plan.nelem, cli_db_name(o.db));
    printf("已创建管理员用户 admin（网页登录：planmon serve --db %s）。\n", cli_db_name(o.db));
    cli_password_print("admin", &pw);
    pm_plan_free(&plan);
    return EXIT_OK;
}

/* Prints every error of a file (file, line, what) and the count left
 * out; returns EXIT_BADINPUT. */
static int bad_rows(const char *file, pm_errs *errs, const char *db)
{
    pm_errs_sort(errs);
    for (unsigned long i = 0; i < errs->n; i++) {
        pm_err e = errs->e[i];
        pm_err_file(&e, file);
        cli_bad_input(&e);
    }
    if (errs->more)
        fprintf(stderr, "planmon: 另有 %lu 处错误未列出\n", errs->more);
    fprintf(stderr, "planmon: 共 %lu 处错误，数据库 %s 未作任何改动\n", errs->n + errs->more, db);
    return EXIT_BADINPUT;
}

/* The contacts a units file gives (its rows with any of 联系人, 电话,
 * 邮箱), replacing those stored of their units; inside the caller's
 * transaction. */
static bool put_contacts(pm_store *s, const pm_units_file *f, pm_err *err)
{
    if (!f->person)
        return true;
    pm_contact *c = xcalloc(f->n + 1, sizeof *c);
    size_t n = 0;
    for (size_t r = 0; r < f->n; r++)
        if (*f->person[r] || *f->phone[r] || *f->email[r])
            c[n++] = (pm_contact){f->in[r].code, f->person[r], f->phone[r], f->email[r]};
    bool ok = pm_store_put_contacts(s, c, n, err);
    free(c);
    return ok;
}

/* Reads and checks a units file against the stored tree (a file may name
 * only the units it adds under existing ones, or changes): every error is
 * listed at once, and the store is touched only when there are none,
 * inside one transaction. */
int cmd_units_import(cli_opts o)
{
    pm_err err = {0};
    size_t len;
    char *text = cli_read_file(o.args[0], &len, &err);
    if (!text)
        return cli_bad_input(&err);
    int code;
    pm_store *s = cli_open(o.db, PM_STORE_OPEN, &err, &code);
    if (!s) {
        free(text);
        return code;
    }
    pm_units_file f;
    pm_errs errs = {0};
    pm_tree stored = {0}, tree = {0};
    pm_unit_in *rows = NULL;
    size_t n = 0, added = 0;
    bool read = pm_units_csv_rows(text, len, &f, &errs);
    if (f.n && !pm_store_get_units(s, &stored, &err)) {
        code = cli_bad_input(&err); /* the database could not be read */
        goto done;
    }
    /* The tree's checks run even after a cell could not be read, so that
     * one attempt lists every error; a line already named keeps its first
     * message (a level that is no level would also read as a wrong one). */
    pm_errs more = {0};
    bool built = false;
    if (f.n) {
        rows = pm_units_over(&stored, f.in, f.n, &n, &added);
        built = pm_tree_build_all(rows, n, &tree, &more);
    }
    pm_errs_merge_new_lines(&errs, &more);
    pm_errs_free(&more);
    if (!read || !built) {
        code = bad_rows(o.args[0], &errs, cli_db_name(o.db));
        goto done;
    }
    if (!(pm_store_begin(s, &err) && pm_store_put_units(s, &tree, &err) && put_contacts(s, &f, &err) &&
          pm_store_commit(s, &err))) {
        pm_store_rollback(s);
        /* What fails here is the file meeting what is stored in a way the
         * tree's checks do not see: name the file, and tell the user
         * nothing of it was kept. */
        char why[sizeof err.msg];
        snprintf(why, sizeof why, "%s", err.msg);
        pm_err_file(&err, o.args[0]);
        pm_err_set(&err, 0, "%s（数据库 %s 未作任何改动）", why, cli_db_name(o.db));
        code = cli_bad_input(&err);
        goto done;
    }
    printf("已导入 %zu 个组织机构（新增 %zu 个，已有 %zu 个）。\n", f.n, added, f.n - added);
    code = EXIT_OK;
done:
    free(rows);
    pm_tree_free(&tree);
    pm_tree_free(&stored);
    pm_errs_free(&errs);
    pm_units_file_free(&f);
    free(text);
    pm_store_close(s);
    return code;
}

int cmd_targets_import(cli_opts o)
{
    cli_planned cp;
    int code = cli_plan_open(o.db, PM_STORE_OPEN, true, &cp);
    if (code != EXIT_OK)
        return code;
    size_t len;
    char *text = cli_read_file(o.args[0], &len, &cp.err);
    if (!text) {
        code = cli_bad_input(&cp.err);
        goto done;
    }
    pm_unit_target *t;
    size_t n;
    bool ok = pm_targets_csv_parse(text, len, &cp.plan, &cp.tree, &t, &n, &cp.err);
    free(text);
    if (!ok) {
        code = cli_bad_input(&cp.err);
        goto done;
    }
    pm_err_file(&cp.err, cli_db_name(o.db));
    ok = pm_store_begin(cp.s, &cp.err) && pm_store_put_targets(cp.s, t, n, &cp.err) && pm_store_commit(cp.s, &cp.err);
    if (!ok) {
        pm_store_rollback(cp.s);
        code = cli_bad_input(&cp.err);
    } else {
        printf("已导入 %zu 条分解目标。\n", n);
    }
    pm_unit_targets_free(t, n);
done:
    cli_plan_close(&cp);
    return code;
}
