#include "render/doc/import_report.h"

#include <string.h>

#include "render/write/csvw.h"

/* "G 列（本年值）" for a sheet, "列“value”" for CSV. */
static void where_col(const pm_import_row *r, pm_issue_col col, char *out, size_t n)
{
    const pm_import_cols *c = r->cols;
    int idx = -1;
    const char *name = "";
    switch (col) {
    case PM_COL_UNIT:
        idx = c->unit, name = c->unit_name;
        break;
    case PM_COL_YEAR:
        idx = c->year, name = c->year_name;
        break;
    case PM_COL_ITEM:
        idx = c->item, name = c->item_name;
        break;
    case PM_COL_VALUE:
        idx = c->value, name = c->value_name;
        break;
    case PM_COL_COMMENT:
        idx = c->comment, name = c->comment_name;
        break;
    case PM_COL_KIND:
        idx = c->kind, name = c->kind_name;
        break;
    default:
        break;
    }
    /* A wide sheet: the value's own column, under the item's (or unit's) header. */
    bool items_across = c->shape == PM_SHAPE_ITEMS_ACROSS, units_across = c->shape == PM_SHAPE_UNITS_ACROSS;
    if ((col == PM_COL_VALUE && (items_across || units_across)) || (col == PM_COL_ITEM && items_across) ||
        (col == PM_COL_UNIT && units_across))
        idx = r->col, name = items_across ? r->item : r->unit;
    if (idx < 0) {
        out[0] = '\0';
        return;
    }
    if (r->sheet[0]) {
        char letter[8];
        pm_sheet_colname((size_t)idx, letter);
        snprintf(out, n, "%s 列（%s）", letter, name);
    } else {
        snprintf(out, n, "列“%s”", name);
    }
}

static const char *level_of(const pm_issue *x)
{
    return x->error ? "错误" : x->note ? "提示" : x->answered ? "提示（已说明）" : "警告（需说明）";
}

void out_import_report_text(FILE *f, const char *file, const pm_import_row *rows, const pm_check_result *res)
{
    for (size_t i = 0; i < res->nissues; i++) {
        const pm_issue *x = &res->issues[i];
        const pm_import_row *r = &rows[x->row];
        char col[128];
        where_col(r, x->col, col, sizeof col);
        fprintf(f, "文件 %s%s%s%s 第 %ld 行 %s：%s：%s\n", file, r->sheet[0] ? " 工作表“" : "", r->sheet,
                r->sheet[0] ? "”" : "", r->row, col, level_of(x), x->msg);
    }
    size_t listed = res->nissues, total = res->errors + res->warnings;
    if (total > listed)
        fprintf(f, "……另有 %zu 个问题未列出。\n", total - listed);
}

void out_import_report_csv(FILE *f, const char *file, const pm_import_row *rows, const pm_check_result *res)
{
    static const char *const head[] = {"文件", "工作表", "行", "列", "级别", "问题"};
    fputs("\xEF\xBB\xBF", f);
    out_csv_row(f, head, 6);
    for (size_t i = 0; i < res->nissues; i++) {
        const pm_issue *x = &res->issues[i];
        const pm_import_row *r = &rows[x->row];
        char col[128], row[24];
        where_col(r, x->col, col, sizeof col);
        snprintf(row, sizeof row, "%ld", r->row);
        const char *fields[] = {file, r->sheet, row, col, level_of(x), x->msg};
        out_csv_row(f, fields, 6);
    }
}
