/* planmon check | backup FILE | restore FILE [--db F]: keeping the database.
 *
 * check: the database's own integrity and foreign keys and the history
 * chain (pm_store_check), read-only, so it runs on a copy on a read-only
 * medium too. Exit 1 when a problem is found.
 *
 * backup FILE: a consistent copy taken with SQLite's online backup API while
 * the server serves or an import writes (the copy holds the data as it was
 * before or after a concurrent import, never half of it); written beside
 * FILE, checked, then renamed: FILE is a whole, checked database or absent.
 * An existing FILE is kept unless --force.
 *
 * restore FILE: FILE is opened read-only and checked first; then the current
 * database (if any) is backed up beside itself (DB.before-restore-TIME), and
 * FILE's content replaces it in one write transaction. A running server need
 * not be stopped: its connections see the old or the restored database,
 * never a mix, and it notices the change on its next request. */
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "base/buf.h"
#include "cli/cli.h"
#include "cli/cli_out.h"
#include "cli/commands.h"

/* Opens path read-only and runs every check; prints the problem. */
static int check_file(const char *path)
{
    int code;
    pm_err err;
    pm_store *s = cli_open(path, PM_STORE_READ, &err, &code);
    if (!s)
        return code;
    if (!pm_store_check(s, &err))
        code = cli_fail(EXIT_FAIL, "%s", err.msg);
    pm_store_close(s);
    return code;
}

int cmd_check(cli_opts o)
{
    int code = check_file(o.db);
    if (code == EXIT_OK)
        printf("数据库 %s 检查通过：完整性、外键、修改记录链与只追加触发器均正常。\n", cli_db_name(o.db));
    return code;
}

/* Copies the open database s into path (beside it, checked, renamed). */
static int backup_to(pm_store *s, const char *path)
{
    cli_out out;
    if (!cli_out_open(&out, path, false))
        return EXIT_FAIL;
    pm_err err = {0};
    int code = EXIT_OK;
    if (!pm_store_backup(s, cli_out_name(&out), &err))
        code = cli_fail(EXIT_FAIL, "%s", err.msg);
    else if (out.tmp)
        code = check_file(out.tmp);
    return cli_out_close(&out, code);
}

int cmd_backup(cli_opts o)
{
    const char *dest = o.args[0];
    if (!strcmp(dest, o.db))
        return cli_fail(EXIT_BADINPUT, "备份文件不能是数据库本身（%s）", dest);
    if (!o.force && access(dest, F_OK) == 0)
        return cli_fail(EXIT_BADINPUT, "备份文件 %s 已存在（加 --force 覆盖）", dest);
    int code;
    pm_err err;
    pm_store *s = cli_open(o.db, PM_STORE_READ, &err, &code);
    if (!s)
        return code;
    code = backup_to(s, dest);
    pm_store_close(s);
    if (code == EXIT_OK)
        printf("已备份数据库 %s 到 %s（已检查）。\n", cli_db_name(o.db), dest);
    return code;
}

int cmd_restore(cli_opts o)
{
    const char *src = o.args[0];
    if (!strcmp(src, o.db))
        return cli_fail(EXIT_BADINPUT, "不能用数据库本身（%s）恢复", src);
    if (access(src, F_OK) != 0)
        return cli_fail(EXIT_BADINPUT, "备份文件 %s 不存在", src);
    int code = check_file(src);
    if (code != EXIT_OK)
        return cli_fail(code, "备份文件 %s 未通过检查，没有恢复", src);
    int there = cli_db_exists(o.db);
    if (there < 0)
        return EXIT_BADINPUT;
    if (!there) {
        /* Nothing to replace: the backup becomes the database. */
        pm_err err;
        pm_store *b = cli_open(src, PM_STORE_READ, &err, &code);
        if (!b)
            return code;
        code = backup_to(b, o.db);
        pm_store_close(b);
        if (code == EXIT_OK)
            printf("已从 %s 恢复数据库 %s。\n", src, cli_db_name(o.db));
        return code;
    }
    pm_err err;
    pm_store *s = cli_open(o.db, PM_STORE_OPEN, &err, &code);
    if (!s)
        return code;
    char stamp[32];
    time_t now = time(NULL);
    strftime(stamp, sizeof stamp, "%Y%m%d-%H%M%S", localtime(&now));
    buf safety = BUF_INIT;
    buf_printf(&safety, "%s.before-restore-%s", o.db, stamp);
    code = backup_to(s, buf_str(&safety));
    if (code != EXIT_OK) {
        cli_fail(code, "恢复前无法先备份当前数据库，没有恢复");
    } else if (!pm_store_restore(s, src, &err)) {
        code = cli_fail(EXIT_FAIL, "%s（当前数据库未改动）", err.msg);
    } else if (!pm_store_check(s, &err)) {
        code = cli_fail(EXIT_FAIL, "恢复后检查未通过：%s；恢复前的数据库在 %s", err.msg, buf_str(&safety));
    } else {
        printf("已从 %s 恢复数据库 %s（恢复前的数据库已备份为 %s）。\n", src, cli_db_name(o.db), buf_str(&safety));
    }
    buf_free(&safety);
    pm_store_close(s);
    return code;
}
