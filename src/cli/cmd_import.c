/* planmon import FILE.csv|FILE.xlsx [--db F] [--dry-run] [--as USER] [--report ERRORS.csv]
 * Figures in: read (encoding and format told from the bytes), checked
 * against the plan, the tree and what is stored, then written whole or
 * not at all, as drafts, each with its history row (store/import.c). */
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "cli/cli.h"
#include "cli/cli_out.h"
#include "cli/commands.h"
#include "render/doc/import_report.h"
#include "parse/import_file.h"
#include "store/import.h"

/* Progress on stderr only when it is a terminal (issue 4): a script's or
 * a log's stderr gets the report and nothing else. */
static void progress(const char *what)
{
    if (isatty(STDERR_FILENO))
        fprintf(stderr, "\r%-60s\r", what);
}

/* pm_import_opts.progress: a bar for the writing, the long part of a big
 * import (minutes for ten million rows). Redrawn at most once a percent. */
static void write_progress(void *ctx, size_t done, size_t total)
{
    int *shown = ctx;
    int pct = total ? (int)(done * 100 / total) : 100;
    if (pct == *shown)
        return;
    *shown = pct;
    char bar[21];
    for (int i = 0; i < 20; i++)
        bar[i] = i < pct / 5 ? '#' : '.';
    bar[20] = '\0';
    fprintf(stderr, "\r正在写入 [%s] %3d%%（%zu / %zu）", bar, pct, done, total);
    fflush(stderr);
}

int cmd_import(cli_opts o)
{
    const char *path = o.args[0];
    pm_err err = {0};
    progress("正在读取文件……");
    size_t len;
    char *data = cli_read_file(path, &len, &err);
    if (!data)
        return cli_bad_input(&err);
    pm_import_input in;
    bool ok = pm_import_read(data, len, &in, &err);
    free(data);
    if (!ok) {
        pm_import_input_free(&in);
        pm_err_file(&err, path);
        return cli_bad_input(&err);
    }
    if (in.nrows == 0) {
        pm_import_input_free(&in);
        return cli_fail(EXIT_BADINPUT, "文件 %s 中没有填写任何数值，数据库未作任何改动。", path);
    }
    int code;
    pm_err serr;
    pm_store *s = cli_open(o.db, PM_STORE_OPEN, &serr, &code);
    if (!s) {
        pm_import_input_free(&in);
        return code;
    }
    char why[512];
    snprintf(why, sizeof why, "导入 %s", path);
    int shown = -1;
    bool tty = isatty(STDERR_FILENO);
    pm_import_opts io = {o.dry_run, o.as, why, -1, tty ? write_progress : NULL, &shown};
    pm_import_outcome r;
    char what[96];
    snprintf(what, sizeof what, "正在检查 %zu 行……", in.nrows);
    progress(what);
    ok = pm_import_run(s, &in, &io, &r, &serr);
    if (tty)
        fprintf(stderr, "\r%-72s\r", "");
    if (!ok) {
        cli_bad_input(&serr);
        code = EXIT_FAIL;
        goto done;
    }
    out_import_report_text(stderr, path, in.rows, &r.checks);
    if (o.report) {
        cli_out out;
        if (!cli_out_open(&out, o.report, true)) {
            code = EXIT_FAIL;
            goto done;
        }
        out_import_report_csv(out.f, path, in.rows, &r.checks);
        if ((code = cli_out_close(&out, EXIT_OK)) != EXIT_OK)
            goto done;
    }
    if (r.refused) {
        code = cli_fail(EXIT_BADINPUT, "导入失败：%zu 行中有 %zu 个错误，数据库未作任何改动。", in.nrows,
                        r.checks.errors);
    } else if (o.dry_run) {
        printf("检查通过（试运行，未写入）：%zu 行，其中 %zu 行将写入；警告 %zu 个（未说明 %zu 个）。\n", in.nrows,
               r.written, r.checks.warnings, r.checks.unanswered);
    } else {
        printf("已导入 %s：%zu 行，写入 %zu 个数据（草稿），未变化 %zu 个；警告 %zu 个（未说明 %zu 个）。\n", path,
               in.nrows, r.written, r.unchanged, r.checks.warnings, r.checks.unanswered);
        if (r.checks.unanswered)
            printf("请在说明列补充警告的原因后重新导入，再提交审核。\n");
    }
done:
    pm_import_outcome_free(&r);
    pm_store_close(s);
    pm_import_input_free(&in);
    return code;
}
