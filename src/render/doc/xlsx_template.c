/* The data-entry template (填报模板) as XLSX, on libxlsxwriter.
 *
 * The layout is the contract with the importer (see xlsx_template.h): it
 * finds the header row by its names, so the header strings below must not
 * drift. Everything else here is for the person filling the sheet in:
 * yellow cells to type into, a message on each value cell saying what may
 * go there, validation that stops the obvious mistakes at the keyboard
 * (the importer checks everything again: validation is a courtesy, since
 * pasting into a cell bypasses it). */
#include "render/doc/xlsx_template.h"

#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <xlsxwriter.h>

#include "base/buf.h"
#include "base/utf8.h"
#include "render/doc/xlsx_guide.h"
#include "render/write/xlsx_bytes.h"

enum {
    COL_UNIT = 0, /* 单位代码 */
    COL_YEAR,     /* 年份 */
    COL_CODE,     /* 数据项代码 */
    COL_NAME,     /* 数据项名称 */
    COL_MEASURE,  /* 计量单位 */
    COL_LAST,     /* 上年值 */
    COL_VALUE,    /* 本年值: unlocked, validated */
    COL_COMMENT,  /* 说明: unlocked */
    NCOLS
};

enum { ROW_TITLE = 0, ROW_NOTE = 1, ROW_HEAD = 2, ROW_FIRST = 3 };

/* Excel's last row is 1,048,576; three rows go to title, note and header. */
#define MAX_ITEMS ((size_t)LXW_ROW_MAX - ROW_FIRST)

static const char *const header[NCOLS] = {
    "单位代码", "年份", "数据项代码", "数据项名称", "计量单位", "上年值", "本年值", "说明",
};

/* Column widths in Excel's units (about one Latin digit; a Chinese
 * character takes two). Columns holding free text grow with their
 * content between these bounds; longer text wraps. */
typedef struct col_width {
    double min, max;
} col_width;

static const col_width widths[NCOLS] = {
    [COL_UNIT] = {10, 24},   [COL_YEAR] = {7, 7},     [COL_CODE] = {12, 24},
    [COL_NAME] = {24, 48},   [COL_MEASURE] = {9, 14}, [COL_LAST] = {11, 11},
    [COL_VALUE] = {12, 12},  [COL_COMMENT] = {32, 32},
};

/* What the 本年值 cell accepts, by kind. The strings are char * because
 * lxw_data_validation's are (libxlsxwriter copies them). */
typedef struct kind_rule {
    uint8_t validate, criteria;
    double min, max;
    char **list;
    char *input_title, *input_message, *error_message;
} kind_rule;

static char *flag_list[] = {"0", "1", NULL};

static const kind_rule rules[] = {
    /* "Any decimal" still needs bounds in Excel; these let every number
     * through and stop text ("12个", "约30"). */
    [PM_KIND_NUMBER] = {LXW_VALIDATION_TYPE_DECIMAL, LXW_VALIDATION_CRITERIA_BETWEEN, -1e300, 1e300,
                        NULL, "本年值：数值",
                        "请输入数值，不要带单位或文字。尚无数据时留空，并在“说明”中写明原因。",
                        "请输入数值，不要带单位或文字。"},
    [PM_KIND_COUNT] = {LXW_VALIDATION_TYPE_INTEGER,
                       LXW_VALIDATION_CRITERIA_GREATER_THAN_OR_EQUAL_TO, 0, 0, NULL,
                       "本年值：计数",
                       "请输入不小于 0 的整数。尚无数据时留空，并在“说明”中写明原因。",
                       "请输入不小于 0 的整数。"},
    [PM_KIND_SHARE] = {LXW_VALIDATION_TYPE_DECIMAL, LXW_VALIDATION_CRITERIA_BETWEEN, 0, 100, NULL,
                       "本年值：比例（%）",
                       "请输入 0 到 100 之间的数值，如 85.5 表示 85.5%，不要带 % 号。",
                       "请输入 0 到 100 之间的数值，不要带 % 号。"},
    /* A list rather than a whole number 0–1: the cell gets a drop-down. */
    [PM_KIND_FLAG] = {LXW_VALIDATION_TYPE_LIST, LXW_VALIDATION_CRITERIA_NONE, 0, 0, flag_list,
                      "本年值：是/否", "是填 1，否填 0，也可从下拉列表中选择。",
                      "只能填 1（是）或 0（否）。"},
};

static const kind_rule *rule_for(pm_value_kind k)
{
    /* An out-of-range kind is a caller's bug; the least harmful reading
     * is "a number", which the importer checks anyway. */
    if ((unsigned)k >= sizeof rules / sizeof rules[0])
        return &rules[PM_KIND_NUMBER];
    return &rules[k];
}

/* The formats of the sheet. They belong to the workbook, which frees
 * them on close. */
typedef struct tpl_formats {
    lxw_format *title, *note, *head;
    lxw_format *text, *year, *number; /* locked data cells */
    lxw_format *input_value, *input_text; /* unlocked, yellow */
} tpl_formats;

/* Writes cells and remembers the first failure (libxlsxwriter reports
 * per call), so that the writing code reads straight through and the
 * error names the row it happened on. */
typedef struct tpl_writer {
    lxw_worksheet *ws;
    lxw_error rc;
    lxw_row_t bad_row; /* 0-based row of the first failure */
} tpl_writer;

static void keep(tpl_writer *w, lxw_row_t row, lxw_error rc)
{
    if (rc != LXW_NO_ERROR && w->rc == LXW_NO_ERROR) {
        w->rc = rc;
        w->bad_row = row;
    }
}

static const char *nz(const char *s)
{
    return s ? s : "";
}

static void put_text(tpl_writer *w, lxw_row_t r, lxw_col_t c, const char *s, lxw_format *f)
{
    /* libxlsxwriter leaves an empty string's cell out altogether; a blank
     * with the format keeps the border, and the fill and unlocking of an
     * input cell. */
    if (!s || !*s)
        keep(w, r, worksheet_write_blank(w->ws, r, c, f));
    else
        keep(w, r, worksheet_write_string(w->ws, r, c, s, f));
}

/* Non-finite numbers have no XLSX form: NaN means "none", and an
 * infinity cannot be a reported figure, so both leave the cell blank. */
static void put_number(tpl_writer *w, lxw_row_t r, lxw_col_t c, double v, lxw_format *f)
{
    if (isfinite(v))
        keep(w, r, worksheet_write_number(w->ws, r, c, v, f));
    else
        keep(w, r, worksheet_write_blank(w->ws, r, c, f));
}

static lxw_format *cell_format(lxw_workbook *wb)
{
    lxw_format *f = workbook_add_format(wb);
    /* The font Chinese offices print with; Excel and WPS have it on
     * Chinese Windows, LibreOffice substitutes. */
    format_set_font_name(f, "宋体");
    format_set_font_size(f, 11);
    format_set_align(f, LXW_ALIGN_VERTICAL_CENTER);
    return f;
}

static lxw_format *boxed_format(lxw_workbook *wb)
{
    lxw_format *f = cell_format(wb);
    format_set_border(f, LXW_BORDER_THIN);
    return f;
}

static void make_formats(lxw_workbook *wb, tpl_formats *fm)
{
    fm->title = cell_format(wb);
    format_set_bold(fm->title);
    format_set_font_size(fm->title, 16);
    format_set_align(fm->title, LXW_ALIGN_CENTER);

    fm->note = cell_format(wb);
    format_set_text_wrap(fm->note);
    format_set_align(fm->note, LXW_ALIGN_LEFT);

    fm->head = boxed_format(wb);
    format_set_bold(fm->head);
    format_set_align(fm->head, LXW_ALIGN_CENTER);
    format_set_text_wrap(fm->head);
    format_set_bg_color(fm->head, 0xD9D9D9);

    fm->text = boxed_format(wb);
    format_set_text_wrap(fm->text); /* long names wrap rather than spill */

    fm->year = boxed_format(wb);
    format_set_num_format(fm->year, "0"); /* 2024, never 2,024 */
    format_set_align(fm->year, LXW_ALIGN_CENTER);

    fm->number = boxed_format(wb);

    fm->input_value = boxed_format(wb);
    format_set_unlocked(fm->input_value);
    format_set_bg_color(fm->input_value, 0xFFF2CC);

    fm->input_text = boxed_format(wb);
    format_set_unlocked(fm->input_text);
    format_set_bg_color(fm->input_text, 0xFFF2CC);
    format_set_text_wrap(fm->input_text);
    format_set_num_format(fm->input_text, "@"); /* "123" typed as a remark stays text */
}

/* Width of a column from the display width of what it holds. */
static double column_width(const pm_template *t, int col)
{
    size_t w = utf8_width(header[col]);
    for (size_t i = 0; i < t->nitems; i++) {
        const pm_template_item *it = &t->items[i];
        const char *s = col == COL_UNIT ? t->unit_code
                        : col == COL_CODE ? it->code
                        : col == COL_NAME ? it->name
                        : col == COL_MEASURE ? it->unit
                                             : NULL;
        if (s) {
            size_t sw = utf8_width(s);
            if (sw > w)
                w = sw;
        }
    }
    double d = (double)w + 2; /* a little air on either side */
    if (d < widths[col].min)
        d = widths[col].min;
    if (d > widths[col].max)
        d = widths[col].max;
    return d;
}

/* One validation for each run of consecutive items of the same kind:
 * fewer <dataValidation> entries than one per cell, same effect. */
static void add_validations(tpl_writer *w, const pm_template *t)
{
    size_t i = 0;
    while (i < t->nitems) {
        size_t j = i + 1;
        while (j < t->nitems && rule_for(t->items[j].kind) == rule_for(t->items[i].kind))
            j++;
        const kind_rule *r = rule_for(t->items[i].kind);
        lxw_data_validation dv = {0};
        dv.validate = r->validate;
        dv.criteria = r->criteria;
        if (r->criteria == LXW_VALIDATION_CRITERIA_BETWEEN) {
            dv.minimum_number = r->min;
            dv.maximum_number = r->max;
        } else {
            dv.value_number = r->min;
        }
        dv.value_list = r->list;
        dv.input_title = r->input_title;
        dv.input_message = r->input_message;
        dv.error_title = "输入有误";
        dv.error_message = r->error_message;
        lxw_row_t first = (lxw_row_t)(ROW_FIRST + i), last = (lxw_row_t)(ROW_FIRST + j - 1);
        keep(w, first,
             worksheet_data_validation_range(w->ws, first, COL_VALUE, last, COL_VALUE, &dv));
        i = j;
    }
}

static void write_rows(tpl_writer *w, const pm_template *t, const tpl_formats *fm)
{
    for (size_t i = 0; i < t->nitems; i++) {
        const pm_template_item *it = &t->items[i];
        lxw_row_t r = (lxw_row_t)(ROW_FIRST + i);
        /* Codes are written as strings: "110115001" must not become a
         * number that Excel shows as 1.10115E+08. */
        put_text(w, r, COL_UNIT, t->unit_code, fm->text);
        put_number(w, r, COL_YEAR, t->year, fm->year);
        put_text(w, r, COL_CODE, it->code, fm->text);
        put_text(w, r, COL_NAME, it->name, fm->text);
        put_text(w, r, COL_MEASURE, it->unit, fm->text);
        put_number(w, r, COL_LAST, it->last_year, fm->number);
        put_number(w, r, COL_VALUE, it->current, fm->input_value);
        put_text(w, r, COL_COMMENT, it->comment, fm->input_text);
    }
}

static void write_sheet(tpl_writer *w, lxw_workbook *wb, const pm_template *t)
{
    lxw_worksheet *ws = w->ws;
    tpl_formats fm;
    make_formats(wb, &fm);

    for (int c = 0; c < NCOLS; c++)
        keep(w, 0, worksheet_set_column(ws, (lxw_col_t)c, (lxw_col_t)c, column_width(t, c), NULL));

    buf b = BUF_INIT;
    buf_printf(&b, "%s 指标数据填报表", nz(t->title));
    keep(w, ROW_TITLE, worksheet_set_row(ws, ROW_TITLE, 30, NULL));
    keep(w, ROW_TITLE,
         worksheet_merge_range(ws, ROW_TITLE, 0, ROW_TITLE, NCOLS - 1, buf_str(&b), fm.title));

    buf_reset(&b);
    buf_printf(&b,
               "填报单位：%s（%s）  年份：%d  请只填写黄色单元格；计数填整数，比例填 0–100 "
               "的数值，是/否填 1 或 0。",
               nz(t->unit_name), nz(t->unit_code), t->year);
    /* Merged cells do not grow with wrapped text: room for two lines. */
    keep(w, ROW_NOTE, worksheet_set_row(ws, ROW_NOTE, 32, NULL));
    keep(w, ROW_NOTE,
         worksheet_merge_range(ws, ROW_NOTE, 0, ROW_NOTE, NCOLS - 1, buf_str(&b), fm.note));
    buf_free(&b);

    keep(w, ROW_HEAD, worksheet_set_row(ws, ROW_HEAD, 22, NULL));
    for (int c = 0; c < NCOLS; c++)
        put_text(w, ROW_HEAD, (lxw_col_t)c, header[c], fm.head);

    write_rows(w, t, &fm);
    add_validations(w, t);

    /* The codes in A and C are text on purpose: no green "number stored
     * as text" triangles on them. */
    if (t->nitems > 0) {
        char range[64];
        snprintf(range, sizeof range, "A%u:C%zu", (unsigned)ROW_FIRST + 1, ROW_FIRST + t->nitems);
        keep(w, ROW_FIRST, worksheet_ignore_errors(ws, LXW_IGNORE_NUMBER_STORED_AS_TEXT, range));
    }

    /* Title, note and header stay in view while scrolling, and start the
     * cursor on the first cell to fill in. */
    worksheet_freeze_panes(ws, ROW_FIRST, 0);
    worksheet_set_selection(ws, ROW_FIRST, COL_VALUE, ROW_FIRST, COL_VALUE);

    /* Printed on A4 across, all columns on one page width, the unit and
     * year at the top of every page so loose pages stay identifiable. */
    worksheet_set_landscape(ws);
    worksheet_set_paper(ws, 9);
    worksheet_fit_to_pages(ws, 1, 0);
    worksheet_center_horizontally(ws);
    keep(w, 0, worksheet_repeat_rows(ws, ROW_TITLE, ROW_HEAD));
    keep(w, 0, worksheet_set_footer(ws, "&C第 &P 页，共 &N 页"));

    /* No password: the lock keeps the layout the importer relies on from
     * being edited by accident, it is not a security boundary. Selecting
     * any cell stays allowed (copying codes is useful); so does changing
     * column widths and row heights, which only affects how it looks. */
    lxw_protection prot = {0};
    prot.format_columns = 1;
    prot.format_rows = 1;
    worksheet_protect(ws, NULL, &prot);
}

/* Text that is not UTF-8 would make XML that Excel refuses to open, with
 * no hint of which item is at fault: name it here instead. */
static bool check_text(const pm_template *t, pm_err *err)
{
    const char *top[] = {t->title, t->unit_code, t->unit_name};
    const char *top_what[] = {"规划名称", "单位代码", "单位名称"};
    for (size_t k = 0; k < 3; k++)
        if (top[k] && !utf8_valid(top[k], strlen(top[k]), NULL)) {
            pm_err_set(err, 0, "无法生成填报模板：%s不是有效的 UTF-8 文本", top_what[k]);
            return false;
        }
    static const char *const item_what[] = {"数据项代码", "数据项名称", "计量单位", "说明"};
    for (size_t i = 0; i < t->nitems; i++) {
        const pm_template_item *it = &t->items[i];
        const char *s[] = {it->code, it->name, it->unit, it->comment};
        for (size_t k = 0; k < 4; k++)
            if (s[k] && !utf8_valid(s[k], strlen(s[k]), NULL)) {
                pm_err_set(err, 0, "无法生成填报模板：第 %zu 个数据项的%s不是有效的 UTF-8 文本", i + 1,
                           item_what[k]);
                return false;
            }
    }
    return true;
}

/* Fills the workbook (xlsx_bytes.h) with template ctx; err gets the reason alone. */
static bool fill(lxw_workbook *wb, void *ctx, pm_err *err)
{
    const pm_template *t = ctx;
    lxw_doc_properties props = {0};
    buf doc_title = BUF_INIT;
    buf_printf(&doc_title, "%s 指标数据填报表", nz(t->title));
    props.title = (char *)buf_str(&doc_title); /* libxlsxwriter copies it */
    props.subject = "指标数据填报";
    props.author = "planmon";
    workbook_set_properties(wb, &props);
    buf_free(&doc_title);

    tpl_writer w = {workbook_add_worksheet(wb, "填报"), LXW_NO_ERROR, 0};
    if (!w.ws) {
        pm_err_set(err, 0, "%s", xlsx_strerror(LXW_ERROR_MEMORY_MALLOC_FAILED));
        return false;
    }
    write_sheet(&w, wb, t);
    if (w.rc != LXW_NO_ERROR) {
        pm_err_set(err, 0, "第 %ld 行：%s", (long)w.bad_row + 1, xlsx_strerror(w.rc));
        return false;
    }
    lxw_error rc = pm_template_guide(wb, t);
    if (rc != LXW_NO_ERROR) {
        pm_err_set(err, 0, "工作表“填报说明”：%s", xlsx_strerror(rc));
        return false;
    }
    return true;
}

bool pm_template_write(buf *out, const pm_template *t, pm_err *err)
{
    if (t->nitems > MAX_ITEMS) {
        pm_err_set(err, 0, "无法生成填报模板：数据项太多（%zu 个），一张工作表最多 %zu 个", t->nitems, MAX_ITEMS);
        return false;
    }
    if (!check_text(t, err))
        return false;
    pm_err why = {0};
    if (xlsx_to_bytes(fill, (void *)t, out, &why))
        return true;
    pm_err_set(err, 0, "无法生成填报模板：%s", why.msg);
    return false;
}
