/* planmon report [--db F] [--year Y] [--unit U] [--format html|md|xlsx|json] [-o FILE]
 * The mid-term (中期评估, before the target year) or final (总结评估)
 * evaluation report of the plan for one unit and year (issue 6). The
 * format follows --format, else the extension of -o, else HTML; HTML,
 * Markdown and JSON (the report's model) go to stdout without -o. */
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "base/buf.h"
#include "base/mem.h"
#include "cli/cli.h"
#include "cli/commands.h"
#include "render/write/json.h"
#include "render/report/report.h"
#include "store/evaluate.h"

static bool ends_with(const char *s, const char *suffix)
{
    size_t n = strlen(s), m = strlen(suffix);
    return n >= m && !strcasecmp(s + n - m, suffix);
}

/* The format from -o's extension when --format was not given. */
static out_format format_of(const cli_opts *o)
{
    if (o->format != OUT_TABLE)
        return o->format;
    if (o->out && ends_with(o->out, ".xlsx"))
        return OUT_XLSX;
    if (o->out && (ends_with(o->out, ".md") || ends_with(o->out, ".markdown")))
        return OUT_MD;
    if (o->out && ends_with(o->out, ".json"))
        return OUT_JSON;
    return OUT_HTML;
}

/* Writes a text format to path (beside it first, then renamed over it) or
 * to stdout when path is NULL or "-". */
static int write_text(const char *path, const json_t *model, out_format fmt)
{
    pm_err err = {0};
    bool to_stdout = !path || !strcmp(path, "-");
    buf tmp = BUF_INIT;
    FILE *f = stdout;
    if (!to_stdout) {
        buf_printf(&tmp, "%s.%ld.tmp", path, (long)getpid());
        f = fopen(buf_str(&tmp), "wb");
        if (!f) {
            buf_free(&tmp);
            return cli_fail(EXIT_FAIL, "无法创建文件 %s", path);
        }
    }
    bool ok = true;
    if (fmt == OUT_HTML)
        ok = report_html(f, model, &err);
    else if (fmt == OUT_MD)
        ok = report_md(f, model, &err);
    else
        out_json_print(f, model, false);
    if (to_stdout) {
        ok = fflush(stdout) == 0 && ok;
    } else {
        ok = fclose(f) == 0 && ok;
        if (ok && rename(buf_str(&tmp), path) != 0)
            ok = false;
        if (!ok)
            remove(buf_str(&tmp));
    }
    buf_free(&tmp);
    return ok ? EXIT_OK : cli_fail(EXIT_FAIL, "写入 %s 失败", to_stdout ? "标准输出" : path);
}

int cmd_report(cli_opts o)
{
    out_format fmt = format_of(&o);
    if (fmt == OUT_XLSX && (!o.out || !strcmp(o.out, "-")))
        return cli_fail(EXIT_BADINPUT, "Excel 格式的报告需要用 -o 指定输出文件");
    int code = EXIT_OK;
    pm_store *s = cli_open_store(o.db, &code);
    if (!s)
        return code;
    if (isatty(STDERR_FILENO))
        fputs("正在读取数据并评估……\r", stderr);
    pm_evaluation ev;
    pm_err err = {0};
    json_t *model = NULL;
    pm_state_counts *states = NULL;
    if (!pm_evaluate(s, &ev, &err)) {
        pm_err_file(&err, o.db);
        cli_bad_input(&err);
        code = EXIT_FAIL;
        goto done;
    }
    if (isatty(STDERR_FILENO))
        fputs("                        \r", stderr);
    /* A database fresh from init has no org units: the report says so
     * (every indicator without data) rather than refusing. */
    int u = o.unit ? pm_tree_find(&ev.tree, o.unit) : ev.tree.n ? 0 : -1;
    if (o.unit && u < 0) {
        code = cli_fail(EXIT_BADINPUT, "组织机构“%s”不存在", o.unit);
        goto done;
    }
    int year = o.year ? o.year : ev.latest_year ? ev.latest_year : ev.plan.base_year;
    if (year < ev.plan.base_year || year > ev.plan.target_year) {
        code = cli_fail(EXIT_BADINPUT, "年份 %d 不在规划期 %d–%d 年内", year, ev.plan.base_year,
                        ev.plan.target_year);
        goto done;
    }
    states = xcalloc(ev.tree.n + 1, sizeof *states);
    if (pm_count_states(s, &ev.tree, u, year, states, &err))
        model = report_model(&ev, states, u, year, &PM_PACE_DEFAULT, &err);
    if (!model) {
        pm_err_file(&err, o.db);
        cli_bad_input(&err);
        code = EXIT_FAIL;
        goto done;
    }
    if (fmt == OUT_XLSX) {
        if (!report_xlsx(o.out, model, &err)) {
            cli_bad_input(&err);
            code = EXIT_FAIL;
        }
    } else {
        code = write_text(o.out, model, fmt);
    }
    if (code == EXIT_OK && o.out && strcmp(o.out, "-"))
        printf("已生成%s：%s\n", json_string_value(json_object_get(model, "title")), o.out);
done:
    json_decref(model);
    free(states);
    pm_evaluation_free(&ev);
    pm_store_close(s);
    return code;
}
