/* The evaluation report as an XLSX workbook (libxlsxwriter), from the same
 * model as the HTML and Markdown: the main indicator table laid out like
 * the plan's own (merged 领域 cells, 属性 column) with the status column
 * coloured by conditional formats (so a corrected cell recolours itself),
 * the summary counts, the ranking of the units below, and a sheet of the
 * raw yearly values behind it all. Printed A4 landscape. */
#include <stdio.h>
#include <string.h>

#include <xlsxwriter.h>

#include "base/buf.h"
#include "base/num.h"
#include "base/utf8.h"
#include "render/report/report.h"
#include "render/write/xlsx_bytes.h"

enum { MAXDEC = 4 };

typedef struct fmts {
    lxw_format *title, *meta, *head, *text, *center, *merged, *pct, *ratio;
    lxw_format *num[MAXDEC + 1];
} fmts;

static lxw_format *bordered(lxw_workbook *wb)
{
    lxw_format *f = workbook_add_format(wb);
    format_set_border(f, LXW_BORDER_THIN);
    format_set_font_size(f, 10);
    format_set_align(f, LXW_ALIGN_VERTICAL_CENTER);
    return f;
}

static void make_formats(lxw_workbook *wb, fmts *f)
{
    f->title = workbook_add_format(wb);
    format_set_bold(f->title);
    format_set_font_size(f->title, 14);
    format_set_align(f->title, LXW_ALIGN_CENTER);
    f->meta = workbook_add_format(wb);
    format_set_font_size(f->meta, 9);
    format_set_font_color(f->meta, 0x666666);
    format_set_align(f->meta, LXW_ALIGN_CENTER);
    f->head = bordered(wb);
    format_set_bold(f->head);
    format_set_bg_color(f->head, 0xDDEBF7);
    format_set_align(f->head, LXW_ALIGN_CENTER);
    format_set_text_wrap(f->head);
    f->text = bordered(wb);
    format_set_text_wrap(f->text);
    f->center = bordered(wb);
    format_set_align(f->center, LXW_ALIGN_CENTER);
    f->merged = bordered(wb);
    format_set_align(f->merged, LXW_ALIGN_CENTER);
    format_set_text_wrap(f->merged);
    f->pct = bordered(wb);
    format_set_num_format(f->pct, "0.0%");
    f->ratio = bordered(wb);
    format_set_num_format(f->ratio, "0.00");
    static const char *const numfmt[MAXDEC + 1] = {"0", "0.0", "0.00", "0.000", "0.0000"};
    for (int d = 0; d <= MAXDEC; d++) {
        f->num[d] = bordered(wb);
        format_set_num_format(f->num[d], numfmt[d]);
    }
}

static const char *str(const json_t *o, const char *k)
{
    const char *s = json_string_value(json_object_get(o, k));
    return s ? s : "";
}

/* A number cell, or "—" when the model holds null. */
static void put_num(lxw_worksheet *ws, lxw_row_t r, lxw_col_t c, const json_t *v, lxw_format *f, lxw_format *none)
{
    if (json_is_number(v))
        worksheet_write_number(ws, r, c, json_number_value(v), f);
    else
        worksheet_write_string(ws, r, c, "—", none);
}

/* A figure as the plan writes it: a plain number as a number, "≥15",
 * "[130]" or "—" as text. */
static void put_plan_value(lxw_worksheet *ws, lxw_row_t r, lxw_col_t c, const char *text, lxw_format *f,
                           lxw_format *tf)
{
    double v;
    if (num_parse_cstr(text, &v))
        worksheet_write_number(ws, r, c, v, f);
    else
        worksheet_write_string(ws, r, c, text, tf);
}

static void status_colours(lxw_workbook *wb, lxw_worksheet *ws, lxw_row_t r0, lxw_row_t r1, lxw_col_t c)
{
    /* Every label (the words pages and reports use), coloured by the
     * status it belongs to. */
    static const lxw_color_t bg[PM_ST_COUNT] = {
        [PM_ST_NO_DATA] = 0xEEEEEE,  [PM_ST_ACHIEVED] = 0xC8E6C9,   [PM_ST_ON_TRACK] = 0xE6F4E1,
        [PM_ST_BEHIND] = 0xFFF3C4,   [PM_ST_LAGGING] = 0xFFD8A8,    [PM_ST_REGRESSING] = 0xF8C9C9,
        [PM_ST_MISSED] = 0xEEA3A3,   [PM_ST_NO_TARGET] = 0xEEEEEE,  [PM_ST_MANUAL] = 0xEEEEEE,
    };
    if (r1 < r0)
        return;
    for (int l = 0; l < PM_LB_COUNT; l++) {
        lxw_format *f = workbook_add_format(wb);
        format_set_bg_color(f, bg[pm_label_status((pm_label)l)]);
        /* libxlsxwriter copies the criteria; the cast is its API's. */
        lxw_conditional_format cf = {.type = LXW_CONDITIONAL_TYPE_TEXT,
                                     .criteria = LXW_CONDITIONAL_CRITERIA_TEXT_BEGINS_WITH,
                                     .value_string = (char *)pm_label_text((pm_label)l),
                                     .format = f};
        worksheet_conditional_format_range(ws, r0, c, r1, c, &cf);
    }
}

static void title_rows(lxw_worksheet *ws, const json_t *model, const fmts *f, lxw_col_t last)
{
    worksheet_merge_range(ws, 0, 0, 0, last, str(model, "title"), f->title);
    buf meta = BUF_INIT;
    size_t i;
    const json_t *v;
    json_array_foreach(json_object_get(model, "meta"), i, v)
    {
        if (i)
            buf_puts(&meta, "　");
        buf_puts(&meta, json_string_value(v));
    }
    worksheet_merge_range(ws, 1, 0, 1, last, buf_str(&meta), f->meta);
    worksheet_set_row(ws, 0, 24, NULL);
    buf_free(&meta);
}

static void print_setup(lxw_worksheet *ws, lxw_row_t head_row)
{
    worksheet_set_paper(ws, 9); /* A4 */
    worksheet_set_landscape(ws);
    worksheet_fit_to_pages(ws, 1, 0);
    worksheet_repeat_rows(ws, head_row, head_row);
    worksheet_set_footer(ws, "&C第 &P 页，共 &N 页");
}

enum {
    C_DOMAIN = 0, C_SUB, C_NO, C_NAME, C_UNIT, C_BASE, C_VALUE, C_KIND, C_YEAR, C_TARGET, C_ATTR, C_GAP, C_PACE,
    C_STATUS, C_OUTLOOK, C_ALERT, C_PROJ, C_REQ, NC
};

static void main_sheet(lxw_workbook *wb, const json_t *model, const fmts *f)
{
    lxw_worksheet *ws = workbook_add_worksheet(wb, "主要指标");
    char h_base[32], h_target[32];
    snprintf(h_base, sizeof h_base, "%lld年", (long long)json_integer_value(json_object_get(model, "base_year")));
    snprintf(h_target, sizeof h_target, "%lld年目标",
             (long long)json_integer_value(json_object_get(model, "target_year")));
    const char *head[NC] = {"领域", "", "序号", "指标", "单位", h_base, "最新值", "实际/预计", "数据年份",
                            h_target, "属性", "完成度", "完成进度", "状态", "趋势判断", "预警", "预计期末值", "年均还需"};
    static const double widths[NC] = {12, 12, 6, 40, 7, 9, 9, 8, 8, 10, 8, 9, 8, 10, 12, 6, 10, 10};
    title_rows(ws, model, f, NC - 1);
    const lxw_row_t hr = 2;
    worksheet_merge_range(ws, hr, C_DOMAIN, hr, C_SUB, "领域", f->head);
    for (int c = C_NO; c < NC; c++)
        worksheet_write_string(ws, hr, (lxw_col_t)c, head[c], f->head);
    for (int c = 0; c < NC; c++)
        worksheet_set_column(ws, (lxw_col_t)c, (lxw_col_t)c, widths[c], NULL);

    const json_t *inds = json_object_get(model, "indicators");
    size_t n = json_array_size(inds);
    for (size_t i = 0; i < n; i++) {
        const json_t *o = json_array_get(inds, i);
        lxw_row_t r = hr + 1 + (lxw_row_t)i;
        int d = (int)json_integer_value(json_object_get(o, "decimals"));
        lxw_format *nf = f->num[d < 0 ? 0 : d > MAXDEC ? MAXDEC : d];
        /* Merged domain and subdomain cells over their runs of rows. */
        const char *dom = str(o, "domain"), *sub = str(o, "subdomain");
        const json_t *prev = i ? json_array_get(inds, i - 1) : NULL;
        bool new_dom = !prev || strcmp(dom, str(prev, "domain"));
        bool new_sub = new_dom || strcmp(sub, str(prev, "subdomain"));
        if (new_dom || new_sub) {
            size_t span_d = 1, span_s = 1;
            while (i + span_d < n && !strcmp(dom, str(json_array_get(inds, i + span_d), "domain")))
                span_d++;
            while (i + span_s < n && !strcmp(dom, str(json_array_get(inds, i + span_s), "domain")) &&
                   !strcmp(sub, str(json_array_get(inds, i + span_s), "subdomain")))
                span_s++;
            if (new_dom) {
                if (span_d > 1)
                    worksheet_merge_range(ws, r, C_DOMAIN, r + (lxw_row_t)span_d - 1, C_DOMAIN, dom, f->merged);
                else
                    worksheet_write_string(ws, r, C_DOMAIN, dom, f->merged);
            }
            if (span_s > 1)
                worksheet_merge_range(ws, r, C_SUB, r + (lxw_row_t)span_s - 1, C_SUB, sub, f->merged);
            else
                worksheet_write_string(ws, r, C_SUB, sub, f->merged);
        }
        worksheet_write_number(ws, r, C_NO, (double)json_integer_value(json_object_get(o, "no")), f->center);
        worksheet_write_string(ws, r, C_NAME, str(o, "name"), f->text);
        worksheet_write_string(ws, r, C_UNIT, str(o, "unit"), f->center);
        put_plan_value(ws, r, C_BASE, str(o, "baseline_text"), nf, f->center);
        put_num(ws, r, C_VALUE, json_object_get(o, "value"), nf, f->center);
        /* Which figure the judgment rests on: an estimate is marked (预计). */
        worksheet_write_string(ws, r, C_KIND,
                               !json_is_number(json_object_get(o, "value")) ? ""
                               : json_is_true(json_object_get(o, "estimate")) ? "预计"
                                                                               : "实际",
                               f->center);
        put_num(ws, r, C_YEAR, json_object_get(o, "year"), f->center, f->center);
        put_plan_value(ws, r, C_TARGET, str(o, "target_text"), nf, f->center);
        worksheet_write_string(ws, r, C_ATTR, json_is_true(json_object_get(o, "binding")) ? "约束性" : "预期性",
                               f->center);
        put_num(ws, r, C_GAP, json_object_get(o, "gap_share"), f->pct, f->center);
        put_num(ws, r, C_PACE, json_object_get(o, "pace"), f->ratio, f->center);
        worksheet_write_string(ws, r, C_STATUS, str(o, "status_label"), f->center);
        worksheet_write_string(ws, r, C_OUTLOOK, str(o, "outlook_label"), f->center);
        worksheet_write_string(ws, r, C_ALERT, json_is_true(json_object_get(o, "alert")) ? "预警" : "", f->center);
        put_num(ws, r, C_PROJ, json_object_get(o, "projected"), nf, f->center);
        put_num(ws, r, C_REQ, json_object_get(o, "required_yearly_change"), nf, f->center);
    }
    status_colours(wb, ws, hr + 1, hr + (lxw_row_t)n, C_STATUS);
    worksheet_freeze_panes(ws, hr + 1, C_NAME + 1);
    print_setup(ws, hr);
}

static void summary_sheet(lxw_workbook *wb, const json_t *model, const fmts *f)
{
    lxw_worksheet *ws = workbook_add_worksheet(wb, "评估汇总");
    title_rows(ws, model, f, 2);
    const lxw_row_t hr = 2;
    worksheet_write_string(ws, hr, 0, "评估结果", f->head);
    worksheet_write_string(ws, hr, 1, "全部指标（项）", f->head);
    worksheet_write_string(ws, hr, 2, "约束性指标（项）", f->head);
    worksheet_set_column(ws, 0, 0, 26, NULL);
    worksheet_set_column(ws, 1, 2, 16, NULL);
    const json_t *sum = json_object_get(model, "summary");
    const json_t *counts = json_object_get(sum, "counts");
    size_t i;
    const json_t *o;
    lxw_row_t r = hr + 1;
    json_array_foreach(counts, i, o)
    {
        worksheet_write_string(ws, r, 0, str(o, "label"), f->text);
        worksheet_write_number(ws, r, 1, (double)json_integer_value(json_object_get(o, "all")), f->num[0]);
        worksheet_write_number(ws, r, 2, (double)json_integer_value(json_object_get(o, "binding")), f->num[0]);
        r++;
    }
    status_colours(wb, ws, hr + 1, r - 1, 0);
    worksheet_write_string(ws, r, 0, "合计", f->head);
    worksheet_write_number(ws, r, 1, (double)json_integer_value(json_object_get(sum, "total")), f->num[0]);
    worksheet_write_number(ws, r, 2, (double)json_integer_value(json_object_get(sum, "binding_total")), f->num[0]);
    r++;
    worksheet_write_string(ws, r, 0, "其中：预警", f->text);
    worksheet_write_number(ws, r, 1, (double)json_integer_value(json_object_get(sum, "alerts")), f->num[0]);
    worksheet_write_number(ws, r, 2, (double)json_integer_value(json_object_get(sum, "alerts")), f->num[0]);
    r += 2;
    worksheet_write_string(ws, r, 0, "时间进度", f->text);
    put_num(ws, r, 1, json_object_get(model, "elapsed_share"), f->pct, f->center);
    r++;
    worksheet_write_string(ws, r, 0, "平均完成度", f->text);
    put_num(ws, r, 1, json_object_get(sum, "avg_gap_share"), f->pct, f->center);
    print_setup(ws, hr);
}

/* A listing sheet: bold header of titles, then one row per object. */
typedef struct col {
    const char *key, *title;
    double width;
    int kind; /* 0 text, 1 integer, 2 share, 3 number */
} col;

static void listing_sheet(lxw_workbook *wb, const json_t *model, const fmts *f, const char *name,
                          const json_t *rows, const col *cols, size_t ncols, bool with_title)
{
    lxw_worksheet *ws = workbook_add_worksheet(wb, name);
    lxw_row_t hr = 0;
    if (with_title) {
        title_rows(ws, model, f, (lxw_col_t)(ncols - 1));
        hr = 2;
    }
    for (size_t c = 0; c < ncols; c++) {
        worksheet_write_string(ws, hr, (lxw_col_t)c, cols[c].title, f->head);
        worksheet_set_column(ws, (lxw_col_t)c, (lxw_col_t)c, cols[c].width, NULL);
    }
    size_t i;
    const json_t *o;
    json_array_foreach(rows, i, o)
    {
        lxw_row_t r = hr + 1 + (lxw_row_t)i;
        for (size_t c = 0; c < ncols; c++) {
            const json_t *v = json_object_get(o, cols[c].key);
            lxw_col_t cc = (lxw_col_t)c;
            if (cols[c].kind == 0)
                worksheet_write_string(ws, r, cc, json_string_value(v) ? json_string_value(v) : "", f->text);
            else if (cols[c].kind == 2)
                put_num(ws, r, cc, v, f->pct, f->center);
            else if (cols[c].kind == 1)
                put_num(ws, r, cc, v, f->num[0], f->center);
            else if (json_is_number(v))
                worksheet_write_number(ws, r, cc, json_number_value(v), NULL);
        }
    }
    worksheet_freeze_panes(ws, hr + 1, 0);
    if (ncols)
        worksheet_autofilter(ws, hr, 0, hr + (lxw_row_t)json_array_size(rows), (lxw_col_t)(ncols - 1));
    print_setup(ws, hr);
}

/* Fills the workbook (xlsx_bytes.h) with the report model ctx. */
static bool fill(lxw_workbook *wb, void *ctx, pm_err *err)
{
    (void)err; /* cells are checked at close */
    const json_t *model = ctx;
    fmts f;
    make_formats(wb, &f);
    main_sheet(wb, model, &f);
    summary_sheet(wb, model, &f);
    static const col unit_cols[] = {
        {"rank", "排名", 6, 1},          {"code", "单位代码", 12, 0},  {"name", "单位名称", 14, 0},
        {"judged", "参评指标", 9, 1},    {"good", "已完成或符合预期", 10, 1}, {"bad", "滞后或逆向", 10, 1},
        {"share", "达标比例", 9, 2},     {"alerts", "约束性预警", 9, 1}, {"reported", "本级已填", 9, 1},
        {"expected", "本级应填", 9, 1},  {"kids", "下级单位", 9, 1},   {"kids_reported", "下级已报送", 10, 1},
        {"pending", "未审核数据", 10, 1},
    };
    listing_sheet(wb, model, &f, "下级单位排名", json_object_get(model, "units"), unit_cols,
                  sizeof unit_cols / sizeof unit_cols[0], true);
    static const col raw_cols[] = {
        {"unit", "单位代码", 12, 0}, {"unit_name", "单位名称", 14, 0}, {"no", "序号", 6, 1},
        {"code", "指标代码", 9, 0},  {"name", "指标", 40, 0},          {"measure", "计量单位", 9, 0},
        {"year", "年份", 7, 1},      {"value", "数值", 14, 3},
    };
    listing_sheet(wb, model, &f, "原始数据", json_object_get(model, "raw"), raw_cols,
                  sizeof raw_cols / sizeof raw_cols[0], false);
    /* After the raw values, so that the first four sheets keep their places.
     * 四 and 五: every key task and project with its judgment (report_tasks.c). */
    static const col task_cols[] = {
        {"code", "编号", 8, 0},          {"type_label", "类型", 9, 0},    {"title", "名称", 40, 0},
        {"lead_name", "牵头单位", 16, 0}, {"deadline", "完成时限", 11, 0}, {"latest", "最新进展", 26, 0},
        {"judgment_label", "评估结论", 11, 0}, {"invest_planned", "计划投资（万元）", 12, 1},
        {"invest_spent", "已完成投资（万元）", 12, 1},
    };
    if (json_array_size(json_object_get(model, "tasks")))
        listing_sheet(wb, model, &f, "重点任务和重大项目", json_object_get(model, "tasks"), task_cols,
                      sizeof task_cols / sizeof task_cols[0], false);
    static const col narr_cols[] = {
        {"scope_label", "范围", 10, 0}, {"about", "对象", 24, 0},  {"kind_label", "类别", 16, 0},
        {"state_label", "状态", 8, 0},  {"text", "评估意见", 80, 0}, {"who", "填写人", 10, 0},
    };
    if (json_array_size(json_object_get(model, "narratives")))
        listing_sheet(wb, model, &f, "评估意见", json_object_get(model, "narratives"), narr_cols,
                      sizeof narr_cols / sizeof narr_cols[0], false);
    return true;
}

bool report_xlsx(buf *out, const json_t *model, pm_err *err)
{
    pm_err why = {0};
    if (xlsx_to_bytes(fill, (void *)model, out, &why))
        return true;
    pm_err_set(err, 0, "无法生成 Excel 报告：%s", why.msg);
    return false;
}
