/* The 填报说明 sheet of the template (xlsx_guide.h). */
#include "render/doc/xlsx_guide.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "base/buf.h"
#include "base/mem.h"
#include "base/num.h"
#include "parse/formula.h"

enum { G_NO = 0, G_CODE, G_NAME, G_MEASURE, G_WHAT, G_SCOPE, G_READ_BY, G_EXAMPLE, G_NCOLS };

static const char *const g_header[G_NCOLS] = {
    "序号", "代码", "名称", "计量单位", "填写要求", "统计口径", "含义（用于计算的指标）", "示例",
};
static const double g_width[G_NCOLS] = {6, 16, 28, 10, 30, 34, 40, 12};

/* What the 本年值 cell takes, by kind (the template's validation says the same). */
static const char *what_of(pm_value_kind k)
{
    switch (k) {
    case PM_KIND_COUNT: return "不小于 0 的整数，不带单位";
    case PM_KIND_SHARE: return "0–100 之间的数值，如 85.5 表示 85.5%；不带 % 号";
    case PM_KIND_FLAG: return "是填 1，否填 0";
    case PM_KIND_NUMBER: break;
    }
    return "数值，不带单位或文字";
}

/* The 口径 of an aggregation rule: what period the figure covers and how
 * the district's figure is made of it. */
static const char *scope_of(pm_agg a)
{
    switch (a) {
    case PM_AGG_LAST: return "时点数：填报年度年末（12 月 31 日）的实有数；上级数为下级之和";
    case PM_AGG_SUM: return "时期数：填报年度 1—12 月当年发生（新增）的数，不是历年累计；上级数为下级之和";
    case PM_AGG_OWN: return "本单位自身的比率或情况，直接填报，不由下级汇总";
    }
    return "";
}

/* An example: last year's figure when there is one, else a plain one of the kind. */
static void example_of(const pm_template_item *it, buf *b)
{
    if (isfinite(it->last_year)) {
        char n[32];
        num_fmt_short(num_round15(it->last_year), n);
        buf_printf(b, "%s（上年值）", n);
        return;
    }
    buf_puts(b, it->kind == PM_KIND_FLAG ? "1" : it->kind == PM_KIND_SHARE ? "85.5" : "120");
}

/* "6. 养老机构护理型床位占比；7. …" into b: the indicators whose formula
 * reads element e (used: the plan's formulas' use bits, nind × nelem). */
static void readers_of(const pm_plan *plan, const unsigned char *used, size_t e, buf *b)
{
    for (size_t i = 0; i < plan->nind; i++)
        if (used[i * plan->nelem + e])
            buf_printf(b, "%s%d. %s", b->len ? "；" : "用于指标：", plan->ind[i].no, plan->ind[i].name);
}

/* The use bits of every indicator's formula (nind × nelem), malloc'd;
 * NULL when there is no plan or its formulas do not compile (the sheet
 * then goes without the column's text: the template is still useful). */
static unsigned char *uses_of(const pm_plan *plan)
{
    pm_formula *f = NULL;
    pm_err err = {0};
    if (!plan || !plan->nelem || !pm_plan_formulas(plan, &f, &err))
        return NULL;
    unsigned char *used = xcalloc(plan->nind * plan->nelem + 1, 1);
    for (size_t i = 0; i < plan->nind; i++)
        pm_formula_uses(&f[i], used + i * plan->nelem, plan->nelem);
    pm_formulas_free(f, plan->nind);
    return used;
}

static long elem_of(const pm_plan *plan, const char *code)
{
    for (size_t e = 0; plan && e < plan->nelem; e++)
        if (!strcmp(plan->elem[e].code, code))
            return (long)e;
    return -1;
}

typedef struct guide_fmt {
    lxw_format *title, *note, *head, *cell;
} guide_fmt;

static lxw_format *font(lxw_workbook *wb)
{
    lxw_format *f = workbook_add_format(wb);
    format_set_font_name(f, "宋体"); /* as the 填报 sheet */
    format_set_font_size(f, 11);
    format_set_align(f, LXW_ALIGN_VERTICAL_CENTER);
    format_set_text_wrap(f);
    return f;
}

static void make_fmt(lxw_workbook *wb, guide_fmt *g)
{
    g->title = font(wb);
    format_set_bold(g->title);
    format_set_font_size(g->title, 14);
    g->note = font(wb);
    g->head = font(wb);
    format_set_bold(g->head);
    format_set_border(g->head, LXW_BORDER_THIN);
    format_set_bg_color(g->head, 0xD9D9D9);
    g->cell = font(wb);
    format_set_border(g->cell, LXW_BORDER_THIN);
}

#define KEEP(call)                                                                                                \
    do {                                                                                                          \
        lxw_error rc_ = (call);                                                                                   \
        if (rc_ != LXW_NO_ERROR && rc == LXW_NO_ERROR)                                                            \
            rc = rc_;                                                                                             \
    } while (0)

static const char *const notes[] = {
    "1. 只在“填报”工作表的黄色“本年值”“说明”两列填写；其他列是导入时核对用的，请勿改动。",
    "2. 数值不带单位、千分位逗号或 % 号；没有数据的留空，并在“说明”中写明原因（“—”“/”按无数据处理）。",
    "3. 与上年相比变化超过一倍、或与同级单位差别很大的数，请在“说明”中注明原因，否则不能提交审核。",
    "4. 单位代码、数据项代码是文本，请勿改成数值格式（Excel 会显示成 1.10115E+11 这样的科学计数法）。",
    "5. 另存时请保持 .xlsx 格式（不要存成 .xls 或 .csv）。",
};
#define NNOTES (sizeof notes / sizeof notes[0])

static lxw_error write_item(lxw_worksheet *ws, lxw_row_t r, size_t i, const pm_template *t,
                            const unsigned char *used, const guide_fmt *g)
{
    lxw_error rc = LXW_NO_ERROR;
    const pm_template_item *it = &t->items[i];
    long e = elem_of(t->plan, it->code);
    buf b = BUF_INIT;
    KEEP(worksheet_write_number(ws, r, G_NO, (double)(i + 1), g->cell));
    KEEP(worksheet_write_string(ws, r, G_CODE, it->code, g->cell));
    KEEP(worksheet_write_string(ws, r, G_NAME, it->name, g->cell));
    KEEP(worksheet_write_string(ws, r, G_MEASURE, it->unit && *it->unit ? it->unit : "—", g->cell));
    KEEP(worksheet_write_string(ws, r, G_WHAT, what_of(it->kind), g->cell));
    KEEP(worksheet_write_string(ws, r, G_SCOPE, e >= 0 ? scope_of(t->plan->elem[e].agg) : "", g->cell));
    if (e >= 0 && used)
        readers_of(t->plan, used, (size_t)e, &b);
    KEEP(worksheet_write_string(ws, r, G_READ_BY, b.len ? buf_str(&b) : it->name, g->cell));
    buf_reset(&b);
    example_of(it, &b);
    KEEP(worksheet_write_string(ws, r, G_EXAMPLE, buf_str(&b), g->cell));
    buf_free(&b);
    return rc;
}

lxw_error pm_template_guide(lxw_workbook *wb, const pm_template *t)
{
    lxw_worksheet *ws = workbook_add_worksheet(wb, "填报说明");
    if (!ws)
        return LXW_ERROR_MEMORY_MALLOC_FAILED;
    lxw_error rc = LXW_NO_ERROR;
    guide_fmt g;
    make_fmt(wb, &g);
    for (lxw_col_t c = 0; c < G_NCOLS; c++)
        KEEP(worksheet_set_column(ws, c, c, g_width[c], NULL));
    lxw_row_t r = 0;
    KEEP(worksheet_write_string(ws, r++, 0, "填报说明", g.title));
    for (size_t k = 0; k < NNOTES; k++) {
        KEEP(worksheet_merge_range(ws, r, 0, r, G_NCOLS - 1, notes[k], g.note));
        r++;
    }
    lxw_row_t head = ++r;
    for (lxw_col_t c = 0; c < G_NCOLS; c++)
        KEEP(worksheet_write_string(ws, head, c, g_header[c], g.head));
    unsigned char *used = uses_of(t->plan);
    for (size_t i = 0; i < t->nitems; i++)
        KEEP(write_item(ws, (lxw_row_t)(head + 1 + i), i, t, used, &g));
    free(used);
    worksheet_freeze_panes(ws, head + 1, 0);
    /* As every sheet planmon writes: A4 across, one page wide, the header repeated. */
    worksheet_set_landscape(ws);
    worksheet_set_paper(ws, 9);
    worksheet_fit_to_pages(ws, 1, 0);
    KEEP(worksheet_repeat_rows(ws, head, head));
    return rc;
}
