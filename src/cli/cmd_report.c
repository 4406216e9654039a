/* planmon report [--db F] [--year Y] [--unit U] [--format html|md|xlsx|docx|json] [-o FILE]
 *                [--issuer NAME] [--date YYYY-MM-DD]
 * The mid-term (中期评估, before the target year) or final (总结评估)
 * evaluation report of the plan for one unit and year (issue 6). The
 * format follows the extension of -o or --format (they must agree), else
 * HTML; HTML, Markdown and JSON (the report's model) go to stdout without -o. */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "base/buf.h"
#include "base/clock.h"
#include "base/mem.h"
#include "cli/cli.h"
#include "cli/cli_eval.h"
#include "cli/config.h"
#include "cli/cli_out.h"
#include "cli/commands.h"
#include "render/write/json.h"
#include "engine/final_check.h"
#include "render/report/report.h"
#include "store/evaluate.h"
#include "store/work.h"

#define REPORT_FORMATS ((1u << OUT_HTML) | (1u << OUT_MD) | (1u << OUT_XLSX) | (1u << OUT_DOCX) | (1u << OUT_JSON))

/* Writes a text format to path (beside it first, then renamed over it) or
 * to stdout when path is NULL or "-". */
static int write_text(const char *path, const json_t *model, out_format fmt)
{
    pm_err err = {0};
    cli_out out;
    if (!cli_out_open(&out, path, true))
        return EXIT_FAIL;
    bool ok = true;
    if (fmt == OUT_HTML)
        ok = report_html(out.f, model, &err);
    else if (fmt == OUT_MD)
        ok = report_md(out.f, model, &err);
    else
        out_json_print(out.f, model, false);
    /* A writer that failed because the stream did is reported by
     * cli_out_close, with the path and the reason. */
    if (!ok && ferror(out.f))
        out.err = errno;
    else if (!ok) {
        cli_bad_input(&err);
        return cli_out_close(&out, EXIT_FAIL);
    }
    return cli_out_close(&out, EXIT_OK);
}

/* The report as an Excel workbook or a Word document, made in memory and
 * written to path. */
static int write_package(const char *path, const json_t *model, out_format fmt)
{
    pm_err err = {0};
    buf bytes = BUF_INIT;
    bool made = fmt == OUT_XLSX ? report_xlsx(&bytes, model, &err) : report_docx(&bytes, model, &err);
    int code = made ? cli_out_bytes(path, &bytes) : cli_write_failed(path, err.msg);
    buf_free(&bytes);
    return code;
}

/* A final evaluation judges the target year's own figures: refused (exit
 * 2) naming every indicator without one, actual or estimate, rather than
 * judging an earlier year's stock as the five-year result. */
static int final_ready(pm_store *s, const pm_evaluation *ev, int u, int year)
{
    pm_err err = {0};
    unsigned char *reported = xcalloc(ev->plan.nelem + 1, 1);
    int *gaps = xnmalloc(ev->plan.nind + 1, sizeof *gaps);
    size_t n = 0;
    bool ok = pm_year_reported(s, &ev->plan, &ev->tree, u, year, reported, &err);
    if (ok)
        n = pm_final_gaps(&ev->engine, u, year, reported, gaps);
    int code = EXIT_OK;
    if (!ok) {
        cli_bad_input(&err);
        code = EXIT_FAIL;
    } else if (n) {
        buf names = BUF_INIT;
        for (size_t k = 0; k < n; k++) {
            const pm_indicator *ind = &ev->plan.ind[gaps[k]];
            buf_printf(&names, "%s%d. %s", k ? "；" : "", ind->no, ind->name);
        }
        code = cli_fail(EXIT_BADINPUT,
                        "%s %d 年总结评估报告无法生成：%d 年是规划目标年，总结评估需要各项指标该年的数据（实际值或预计值），以下 %zu 项指标没有：%s。"
                        "请先导入 %d 年的实际值，或导入预计值（导入文件加一列 kind，填“预计”），再生成报告",
                        ev->tree.u[u].name, year, year, n, buf_str(&names), year);
        buf_free(&names);
    }
    free(gaps);
    free(reported);
    return code;
}

int cmd_report(cli_opts o)
{
    int judging = cli_judging_setup(&o);
    if (judging >= 0)
        return judging;
    /* OUT_TABLE: --format not given; the extension of -o or HTML decides. */
    out_format fmt;
    int code = cli_out_format(o.out, REPORT_FORMATS, o.format == OUT_TABLE ? -1 : (int)o.format, OUT_HTML, &fmt);
    if (code != EXIT_OK)
        return code;
    bool package = fmt == OUT_XLSX || fmt == OUT_DOCX;
    if (package && (!o.out || !strcmp(o.out, "-")))
        return cli_fail(EXIT_BADINPUT, "%s格式的报告需要用 -o 指定输出文件", fmt == OUT_XLSX ? "Excel " : "Word ");
    int y, m, d;
    if (o.date && !pm_clock_parse_date(o.date, &y, &m, &d))
        return cli_fail(EXIT_BADINPUT, "--date 的值“%s”不是日期（应为 YYYY-MM-DD，如 2024-06-30）", o.date);
    pm_err err;
    pm_store *s = cli_open(o.db, PM_STORE_READ, &err, &code);
    if (!s)
        return code;
    pm_evaluation ev;
    json_t *model = NULL;
    pm_state_counts *states = NULL;
    pm_task *tasks = NULL;
    pm_task_update *updates = NULL;
    pm_narrative *narrs = NULL;
    size_t ntasks = 0, nupdates = 0, nnarrs = 0;
    if (!cli_evaluate(s, &err, &ev)) {
        code = EXIT_FAIL;
        goto done;
    }
    /* A database fresh from init has no org units: the report says so
     * (every indicator without data) rather than refusing. */
    int u, year;
    if (!cli_unit_year(&o, &ev, &u, &year)) {
        code = EXIT_BADINPUT;
        goto done;
    }
    if (year >= ev.plan.target_year && u >= 0 && (code = final_ready(s, &ev, u, year)) != EXIT_OK)
        goto done;
    char today[16], now[16], as_of[PM_DATE_LEN];
    report_extra extra = {.issuer = o.issuer, .date = o.date ? o.date : pm_clock_today(time(NULL), today, sizeof today)};
    /* The tasks judged as planmon task list --year judges them: on the
     * report year's 31 December, or today when that comes first. */
    pm_task_as_of(year, pm_clock_today(time(NULL), now, sizeof now), as_of);
    states = xcalloc(ev.tree.n + 1, sizeof *states);
    if (pm_count_states(s, &ev.tree, u, year, states, &err) && pm_store_tasks(s, &tasks, &ntasks, &err) &&
        pm_store_task_updates(s, NULL, &updates, &nupdates, &err) &&
        pm_store_narratives(s, year, &narrs, &nnarrs, &err)) {
        extra.tasks = tasks;
        extra.ntasks = ntasks;
        extra.updates = updates;
        extra.nupdates = nupdates;
        extra.as_of = as_of;
        extra.narratives = narrs;
        extra.nnarratives = nnarrs;
        model = report_model(&ev, states, u, year, pm_pace_settings(), &extra, &err);
    }
    if (!model) {
        cli_bad_input(&err);
        code = EXIT_FAIL;
        goto done;
    }
    code = package ? write_package(o.out, model, fmt) : write_text(o.out, model, fmt);
    if (code == EXIT_OK && o.out && strcmp(o.out, "-"))
        printf("已生成%s：%s\n", json_string_value(json_object_get(model, "title")), o.out);
done:
    json_decref(model);
    pm_tasks_free(tasks, ntasks);
    pm_task_updates_free(updates, nupdates);
    pm_narratives_free(narrs, nnarrs);
    free(states);
    pm_evaluation_free(&ev);
    pm_store_close(s);
    return code;
}
