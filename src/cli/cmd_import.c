/* planmon import FILE.csv|FILE.xlsx [--db F] [--dry-run] [--as USER] [--report ERRORS.csv]
 * Figures in: read (encoding and format told from the bytes), checked
 * against the plan, the tree and what is stored, then written whole or
 * not at all, as drafts, each with its history row. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "base/encoding.h"
#include "base/mem.h"
#include "cli/cli.h"
#include "engine/checks.h"
#include "out/import_report.h"
#include "parse/import_rows.h"
#include "parse/xlsx.h"
#include "store/evaluate.h"

/* Everything read from one file; released by input_free. */
typedef struct input {
    pm_sheet *sheets;
    size_t nsheets;
    pm_import_cols *cols; /* one per sheet */
    pm_import_row *rows;
    size_t nrows;
} input;

static void input_free(input *in)
{
    for (size_t i = 0; i < in->nsheets; i++)
        pm_sheet_free(&in->sheets[i]);
    free(in->sheets);
    free(in->cols);
    free(in->rows);
    memset(in, 0, sizeof *in);
}

static void progress(const char *what)
{
    if (isatty(STDERR_FILENO))
        fprintf(stderr, "\r%-40s\r", what);
}

/* Reads the file into sheets and rows. XLSX: every sheet with a header
 * (unfilled template rows skipped); CSV: UTF-8 or GB18030. */
static bool read_input(const char *path, input *in, pm_err *err)
{
    memset(in, 0, sizeof *in);
    size_t len;
    char *data = cli_read_file(path, &len, err);
    if (!data)
        return false;
    bool ok;
    bool xlsx = pm_xlsx_sniff(data, len);
    if (xlsx) {
        ok = pm_xlsx_read(data, len, &in->sheets, &in->nsheets, err);
        /* The reader's message names sheet and row already ("工作表“填报”第 12 行"). */
        if (!ok)
            err->line = 0;
    } else {
        size_t ulen;
        pm_encoding enc;
        char *text = pm_to_utf8(data, len, &ulen, &enc, err);
        in->sheets = xcalloc(1, sizeof *in->sheets);
        ok = text && pm_sheet_from_csv(text, ulen, &in->sheets[0], err);
        in->nsheets = ok ? 1 : 0;
        free(text);
    }
    free(data);
    if (!ok)
        return false;
    in->cols = xcalloc(in->nsheets + 1, sizeof *in->cols);
    size_t found = 0;
    pm_err first = *err;
    for (size_t i = 0; i < in->nsheets; i++) {
        pm_import_row *rows;
        size_t n;
        pm_err e = *err;
        if (!pm_import_rows(&in->sheets[i], xlsx, &in->cols[i], &rows, &n, &e)) {
            if (!found && i == 0)
                first = e;
            continue;
        }
        found++;
        in->rows = xrealloc(in->rows, (in->nrows + n + 1) * sizeof *in->rows);
        memcpy(in->rows + in->nrows, rows, n * sizeof *rows);
        in->nrows += n;
        free(rows);
    }
    if (!found) {
        *err = first;
        return false;
    }
    return true;
}

/* What to write: rows that change something. */
static size_t build_writes(const pm_plan *plan, const pm_tree *tree, const pm_known *known, const input *in,
                           const pm_check_result *res, pm_value_write *w)
{
    size_t n = 0;
    for (size_t i = 0; i < res->nok; i++) {
        const pm_checked_row *c = &res->ok[i];
        long k = pm_known_find(known, c->elem, c->unit, c->year);
        const char *comment = in->rows[c->row].comment;
        bool same = k >= 0 && known->value[k] == c->value;
        bool same_comment = !comment[0] || (k >= 0 && known->comment[k] && !strcmp(known->comment[k], comment));
        if (same && same_comment)
            continue; /* nothing new: no history row for an unchanged figure */
        /* A changed figure is a draft again and must be submitted again;
         * a comment added to an unchanged one keeps its state. */
        pm_vstate state = same ? (pm_vstate)known->state[k] : PM_VS_DRAFT;
        w[n++] = (pm_value_write){plan->elem[c->elem].id, tree->u[c->unit].id, c->year, c->value, state,
                                  comment[0] ? comment : NULL, k >= 0 ? known->value[k] : NAN,
                                  k >= 0 ? known->state[k] : -1};
    }
    return n;
}

int cmd_import(int argc, char **argv)
{
    cli_opts o;
    if (!cli_parse(argc, argv, OPT_DB | OPT_DRYRUN | OPT_AS | OPT_REPORT, 0, 1, 1, &o))
        return EXIT_BADINPUT;
    const char *path = o.args[0];
    pm_err err = {0};
    input in;
    progress("正在读取文件……");
    if (!read_input(path, &in, &err)) {
        pm_err_file(&err, path);
        input_free(&in);
        return cli_bad_input(&err);
    }
    int code = EXIT_OK;
    pm_store *s = cli_open_store(o.db, &code);
    if (!s) {
        input_free(&in);
        return code;
    }
    pm_plan plan = {0};
    pm_tree tree = {0};
    pm_known known = {0};
    pm_check_result res = {0};
    pm_value_write *w = NULL;
    pm_err serr = {0};
    pm_err_file(&serr, o.db);
    progress("正在读取数据库……");
    if (!pm_store_get_plan(s, &plan, &serr) || !pm_store_get_units(s, &tree, &serr) ||
        !pm_load_known(s, &plan, &tree, &known, &serr)) {
        cli_bad_input(&serr);
        code = EXIT_FAIL;
        goto done;
    }
    progress("正在检查……");
    pm_check_rows(&plan, &tree, &known, in.rows, in.nrows, &PM_CHECK_DEFAULT, &res);
    progress("");
    out_import_report_text(stderr, path, in.rows, &res);
    if (o.report) {
        FILE *f = fopen(o.report, "w");
        if (!f) {
            code = cli_fail(EXIT_FAIL, "无法写入问题清单 %s", o.report);
            goto done;
        }
        out_import_report_csv(f, path, in.rows, &res);
        fclose(f);
    }
    if (res.errors) {
        code = cli_fail(EXIT_BADINPUT, "导入失败：%zu 行中有 %zu 个错误，数据库未作任何改动。", in.nrows, res.errors);
        goto done;
    }
    if (in.nrows == 0) {
        code = cli_fail(EXIT_BADINPUT, "文件 %s 中没有填写任何数值，数据库未作任何改动。", path);
        goto done;
    }
    w = xcalloc(res.nok + 1, sizeof *w);
    size_t nw = build_writes(&plan, &tree, &known, &in, &res, w);
    if (o.dry_run) {
        printf("检查通过（试运行，未写入）：%zu 行，其中 %zu 行将写入；警告 %zu 个（未说明 %zu 个）。\n", in.nrows, nw,
               res.warnings, res.unanswered);
        goto done;
    }
    char why[512];
    snprintf(why, sizeof why, "导入 %s", path);
    progress("正在写入……");
    if (!pm_store_write_values(s, w, nw, o.as, why, &serr)) {
        progress("");
        cli_bad_input(&serr);
        code = EXIT_FAIL;
        goto done;
    }
    progress("");
    printf("已导入 %s：%zu 行，写入 %zu 个数据（草稿），未变化 %zu 个；警告 %zu 个（未说明 %zu 个）。\n", path, in.nrows, nw,
           res.nok - nw, res.warnings, res.unanswered);
    if (res.unanswered)
        printf("请在说明列补充警告的原因后重新导入，再提交审核。\n");
done:
    free(w);
    pm_check_result_free(&res);
    pm_known_free(&known);
    pm_tree_free(&tree);
    pm_plan_free(&plan);
    pm_store_close(s);
    input_free(&in);
    return code;
}
