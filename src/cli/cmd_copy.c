/* planmon copy --from X --to Y: the whole database X into a new database
 * Y, between backends (a SQLite file, a postgresql:// URI) or within one
 * (store/copy.h). Y must not exist yet (on PostgreSQL: the database exists,
 * its schema planmon does not); it is created, filled in one transaction,
 * each table checked by its row count and checksum read back from Y, and
 * removed again when anything fails: Y is whole or absent. X is only read. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "cli/commands.h"
#include "store/copy.h"

/* Prints each table's count and checksum, then the total. */
static void print_counts(const char *from, const char *to, const pm_copy_count *c, size_t n)
{
    unsigned long long rows = 0;
    printf("%-24s %10s  %s\n", "数据表", "行数", "校验和");
    for (size_t i = 0; i < n; i++) {
        printf("%-24s %10llu  %s\n", c[i].name, c[i].rows, c[i].sum);
        rows += c[i].rows;
    }
    printf("已复制数据库 %s 到 %s：%zu 张数据表，共 %llu 行，逐表核对行数和校验和一致。\n", from, to, n, rows);
}

int cmd_copy(cli_opts o)
{
    if (!o.from || !o.to)
        return cli_fail(EXIT_BADINPUT, "请用 --from 和 --to 指明源数据库和目标数据库");
    if (!strcmp(o.from, o.to))
        return cli_fail(EXIT_BADINPUT, "源数据库和目标数据库相同（%s）", cli_db_name(o.from));
    int code;
    pm_err err;
    pm_store *from = cli_open(o.from, PM_STORE_READ, &err, &code);
    if (!from)
        return code;
    int there = cli_db_exists(o.to);
    if (there != 0) {
        pm_store_close(from);
        if (there < 0)
            return EXIT_BADINPUT;
        return cli_fail(EXIT_BADINPUT, "目标数据库 %s 已存在：planmon copy 只写入新的数据库，不覆盖已有数据", cli_db_name(o.to));
    }
    err = (pm_err){0};
    pm_store *to = pm_store_create(o.to, &err);
    if (!to) {
        pm_store_close(from);
        cli_bad_input(&err);
        return EXIT_BADINPUT;
    }
    pm_copy_count *counts = NULL;
    size_t n = 0;
    bool ok = pm_store_copy(from, to, &counts, &n, &err);
    pm_store_close(to);
    pm_store_close(from);
    if (!ok) {
        pm_err gone = {0};
        bool removed = pm_store_destroy(o.to, &gone);
        code = cli_fail(EXIT_FAIL, "复制失败，%s：%s", removed ? "目标数据库已删除" : "目标数据库未能删除", err.msg);
        if (!removed)
            cli_bad_input(&gone);
        return code;
    }
    /* Two names in one message: cli_db_name keeps one at a time. */
    char *shown_from = pm_store_shown(o.from), *shown_to = pm_store_shown(o.to);
    print_counts(shown_from, shown_to, counts, n);
    free(shown_from);
    free(shown_to);
    pm_copy_counts_free(counts, n);
    return EXIT_OK;
}
