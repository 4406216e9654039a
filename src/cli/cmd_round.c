/* planmon round open|list|status|remind: collection rounds (填报任务).
 *
 *   round open --year Y --deadline D [--opens D] [--period year|h1|h2]
 *              [--title T] [--items a,b,…] [--level N] [--units U,V,…]
 *   round list
 *   round status ID [--overdue] [--format table|csv|json|xlsx] [-o FILE]
 *   round remind ID [--unit U]      records a 催报 to each unit that has not
 *                                   reported (or to U), shown on its pages,
 *                                   and e-mails its contact when the settings
 *                                   file names a relay (smtp-url)
 *
 * The units' states come from the figures themselves (engine/round.h),
 * so the CLI, the API and the page agree by construction. */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "base/clock.h"
#include "base/mem.h"
#include "base/text.h"
#include "cli/cli.h"
#include "cli/cli_out.h"
#include "cli/commands.h"
#include "cli/config.h"
#include "render/doc/round_out.h"
#include "render/write/xlsx_table.h"
#include "store/round_remind.h"
#include "store/round_view.h"

#define ITEMS_MAX 256
#define UNITS_MAX 1024

/* Splits "a,b,c" (or "a，b") into at most max codes in a malloc'd copy
 * (*owned, freed by the caller); empty parts are dropped. *over: there
 * were more. */
static size_t split_codes(const char *text, char **owned, const char **codes, size_t max, bool *over)
{
    *owned = xstrdup(text ? text : "");
    return text_split_list(*owned, codes, max, over);
}

/* The plan's elements reported at `level` (all of the unit level's
 * form), when no --items were given. */
static size_t level_items(const pm_plan *plan, int level, const char **codes)
{
    size_t n = 0;
    for (size_t e = 0; e < plan->nelem && n < ITEMS_MAX; e++)
        if (plan->elem[e].level == level)
            codes[n++] = plan->elem[e].code;
    return n;
}

static const char *period_title(const char *period)
{
    return !strcmp(period, "h1") ? "上半年" : !strcmp(period, "h2") ? "下半年" : "年度";
}

int cmd_round_open(cli_opts o)
{
    int y, m, d;
    if (!pm_clock_parse_date(o.deadline, &y, &m, &d))
        return cli_fail(EXIT_BADINPUT, "--deadline：截止日期应为 YYYY-MM-DD 格式的日期（如 %d-03-31）", o.year + 1);
    const char *period = o.period ? o.period : "year";
    /* Reporting of a period starts when it ends: the first of July for
     * the first half year, the first of January after it otherwise. */
    char first[16];
    snprintf(first, sizeof first, "%d-%s", !strcmp(period, "h1") ? o.year : o.year + 1,
             !strcmp(period, "h1") ? "07-01" : "01-01");
    const char *opens = o.opens ? o.opens : first;
    cli_planned cp;
    int code = cli_plan_open(o.db, PM_STORE_OPEN, false, &cp);
    if (code != EXIT_OK)
        return code;
    cp.err = (pm_err){0}; /* what follows names the option, not the file */
    int level = o.level ? atoi(o.level) : 1;
    const char *codes[ITEMS_MAX], **units = o.units ? xcalloc(UNITS_MAX, sizeof *units) : NULL;
    char *owned = NULL, *owned_units = NULL;
    bool over = false, units_over = false;
    size_t n = o.items ? split_codes(o.items, &owned, codes, ITEMS_MAX, &over) : level_items(&cp.plan, level, codes);
    size_t nunits = o.units ? split_codes(o.units, &owned_units, units, UNITS_MAX, &units_over) : 0;
    char title[256], due[40];
    snprintf(title, sizeof title, "%d年%s数据填报", o.year, period_title(period));
    pm_clock_iso(pm_clock_day_end(y, m, d), due, sizeof due);
    pm_round_spec spec = {o.title ? o.title : title, o.year, period, level, opens, o.deadline, due, codes, n,
                          units, nunits, o.as};
    long id = 0;
    size_t nu = 0;
    if (over || units_over)
        code = cli_fail(EXIT_BADINPUT, "--%s：最多 %d 个代码", over ? "items" : "units", over ? ITEMS_MAX : UNITS_MAX);
    else if (!pm_store_round_add(cp.s, &spec, &id, &nu, &cp.err))
        code = cli_bad_input(&cp.err);
    else
        printf("已创建填报任务 %ld：%s，%zu 个报送单位，%zu 个数据项，截止 %s（%s 24 时）。\n", id, spec.title, nu, n,
               o.deadline, o.deadline);
    free(owned);
    free(owned_units);
    free(units);
    cli_plan_close(&cp);
    return code;
}

int cmd_round_list(cli_opts o)
{
    int code;
    pm_err err;
    pm_store *s = cli_open(o.db, PM_STORE_READ, &err, &code);
    if (!s)
        return code;
    pm_round *r = NULL;
    size_t n = 0;
    if (!pm_store_rounds(s, &r, &n, &err)) {
        pm_store_close(s);
        return cli_bad_input(&err);
    }
    json_t *rows = json_array();
    for (size_t i = 0; i < n; i++)
        json_array_append_new(rows, out_round_json(&r[i]));
    size_t ncols;
    const out_column *cols = out_round_columns(&ncols);
    cli_print_rows(rows, cols, ncols, o.format, NULL);
    pm_rounds_free(r, n);
    pm_store_close(s);
    return EXIT_OK;
}

/* For the status and remind commands: opens the database (mode) and reads
 * and judges the round the first argument names into *j. The store, with
 * *j the caller's to free (pm_round_view_free); NULL when refused, the
 * message printed, *code set and nothing left open. */
static pm_store *open_judged(const cli_opts *o, pm_open_mode mode, pm_round_view *j, pm_err *err, int *code)
{
    memset(j, 0, sizeof *j);
    pm_store *s = cli_open(o->db, mode, err, code);
    if (!s)
        return NULL;
    const char *arg = o->args[0];
    char *end = NULL;
    long id = arg ? strtol(arg, &end, 10) : 0;
    int found = id > 0 && end && !*end ? pm_store_round_view(s, id, time(NULL), j, err) : 0;
    if (found <= 0) {
        *code = found < 0 ? cli_bad_input(err) : cli_fail(EXIT_BADINPUT, "没有编号为 %s 的填报任务（planmon round list 列出全部）", arg);
        pm_store_close(s);
        return NULL;
    }
    return s;
}

int cmd_round_status(cli_opts o)
{
    if (o.format == OUT_XLSX && !o.out)
        return cli_fail(EXIT_BADINPUT, "--format xlsx 需要用 -o 指定输出文件");
    int code;
    pm_err err;
    pm_round_view j;
    pm_store *s = open_judged(&o, PM_STORE_READ, &j, &err, &code);
    if (!s)
        return code;
    json_t *rows = out_round_units_json(j.u, j.nu, j.rem, j.nrem, o.overdue);
    size_t ncols;
    const out_column *cols = out_round_unit_columns(&ncols);
    if (o.format == OUT_JSON) {
        json_t *doc = json_object();
        json_object_set_new(doc, "round", out_round_json(&j.r));
        json_object_set_new(doc, "summary", out_round_summary_json(&j.sum));
        json_object_set(doc, "units", rows);
        char *text = json_dumps(doc, JSON_INDENT(2));
        printf("%s\n", text ? text : "{}");
        free(text);
        json_decref(doc);
    } else if (o.format == OUT_XLSX) {
        buf bytes = BUF_INIT;
        pm_err xerr = {0};
        code = out_xlsx_table(&bytes, o.overdue ? "逾期未报" : "报送情况", rows, cols, ncols, &xerr)
                   ? cli_out_bytes(o.out, &bytes)
                   : cli_fail(EXIT_FAIL, "%s", xerr.msg);
        buf_free(&bytes);
    } else {
        if (o.format == OUT_TABLE)
            printf("%s（截止 %s）：应报 %zu 个单位，已报送 %zu 个，按时 %zu 个，逾期 %zu 个，未报 %zu 个；"
                   "按时报送率 %.1f%%，报送完成率 %.1f%%。\n",
                   j.r.title, j.r.deadline, j.sum.units, j.sum.reported, j.sum.on_time, j.sum.late, j.sum.not_reported,
                   j.sum.units ? 100.0 * j.sum.timeliness : 0.0, j.sum.units ? 100.0 * j.sum.completeness : 0.0);
        out_listing_print(stdout, rows, cols, ncols, o.format);
    }
    json_decref(rows);
    pm_round_view_free(&j);
    pm_store_close(s);
    return code;
}

/* The relay's settings for `round remind`: the settings file's keys, as
 * serve reads them (its options of the same names). -1 when fine (*c
 * filled, url NULL when e-mail is off), else the exit code, printed. */
static int mail_settings(pm_smtp_cfg *c)
{
    static const char *const keys[] = {"smtp-url", "smtp-from", "smtp-user", "smtp-password", "base-url", NULL};
    const char *v[5];
    int code = cli_config_keys(keys, v);
    if (code >= 0)
        return code;
    *c = (pm_smtp_cfg){v[0], v[1], v[2], v[3], v[4]};
    char why[512];
    return pm_smtp_check(c, why, sizeof why) ? -1 : cli_fail(EXIT_BADINPUT, "设置文件：%s", why);
}

int cmd_round_remind(cli_opts o)
{
    pm_smtp_cfg mail;
    int code = mail_settings(&mail);
    if (code >= 0)
        return code;
    pm_err err;
    pm_round_view j;
    pm_store *s = open_judged(&o, PM_STORE_OPEN, &j, &err, &code);
    if (!s)
        return code;
    pm_remind_result res;
    if (!pm_round_remind(s, &j, o.unit, o.as, &mail, pm_clock_now(), &res, &err)) {
        code = cli_bad_input(&err);
    } else if (!res.n) {
        code = cli_fail(EXIT_FAIL, "填报任务 %ld 的单位都已报送，没有需要催报的单位", j.r.id);
    } else {
        printf("已向 %zu 个单位催报（站内待办：该单位用户登录后在总览和填报页看到）。\n", res.n);
        if (!res.mail_on)
            printf("邮件催报未开启（未设置 smtp-url），只记了站内待办。\n");
        for (size_t i = 0; res.mail_on && i < res.n; i++)
            printf("  %s %s：邮件%s%s%s\n", res.line[i].unit, res.line[i].unit_name,
                   pm_reminder_outcome_label(res.line[i].outcome), res.line[i].detail ? "，" : "",
                   res.line[i].detail ? res.line[i].detail : "");
        if (res.mail_on)
            printf("邮件：已发送 %zu 封，失败 %zu 封，无邮箱 %zu 个单位。\n", res.sent, res.failed, res.no_address);
        if (res.failed)
            code = cli_fail(EXIT_FAIL, "%zu 封催报邮件未能发出（邮件服务器 %s）；站内待办已记录", res.failed, mail.url);
    }
    pm_remind_result_free(&res);
    pm_round_view_free(&j);
    pm_store_close(s);
    return code;
}
