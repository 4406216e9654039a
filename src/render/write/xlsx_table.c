#include "render/write/xlsx_table.h"

#include <xlsxwriter.h>

#include "base/utf8.h"
#include "render/write/xlsx_bytes.h"

typedef struct table_ctx {
    const char *sheet;
    const json_t *rows;
    const out_column *cols;
    size_t ncols;
} table_ctx;

static bool fill(lxw_workbook *wb, void *ctx, pm_err *err)
{
    (void)err; /* cells are checked at close */
    const table_ctx *t = ctx;
    const json_t *rows = t->rows;
    const out_column *cols = t->cols;
    size_t ncols = t->ncols;
    lxw_worksheet *ws = workbook_add_worksheet(wb, t->sheet);
    lxw_format *bold = workbook_add_format(wb);
    format_set_bold(bold);
    format_set_bg_color(bold, 0xDDEBF7);
    format_set_border(bold, LXW_BORDER_THIN);
    for (size_t c = 0; c < ncols; c++) {
        worksheet_write_string(ws, 0, (lxw_col_t)c, cols[c].title, bold);
        /* Wide enough for the title and a typical value; CJK counts double. */
        double w = (double)utf8_width(cols[c].title) + 4;
        worksheet_set_column(ws, (lxw_col_t)c, (lxw_col_t)c, w < 10 ? 10 : w, NULL);
    }
    size_t i;
    const json_t *row;
    json_array_foreach(rows, i, row)
    {
        lxw_row_t r = (lxw_row_t)(i + 1);
        for (size_t c = 0; c < ncols; c++) {
            const json_t *v = json_object_get(row, cols[c].key);
            if (json_is_string(v))
                worksheet_write_string(ws, r, (lxw_col_t)c, json_string_value(v), NULL);
            else if (json_is_number(v))
                worksheet_write_number(ws, r, (lxw_col_t)c, json_number_value(v), NULL);
            else if (json_is_boolean(v))
                worksheet_write_string(ws, r, (lxw_col_t)c, json_is_true(v) ? "是" : "否", NULL);
        }
    }
    worksheet_freeze_panes(ws, 1, 0);
    if (ncols)
        worksheet_autofilter(ws, 0, 0, (lxw_row_t)json_array_size(rows), (lxw_col_t)(ncols - 1));
    return true;
}

bool out_xlsx_table(buf *out, const char *sheet, const json_t *rows, const out_column *cols, size_t ncols,
                    pm_err *err)
{
    table_ctx t = {sheet, rows, cols, ncols};
    return xlsx_to_bytes(fill, &t, out, err);
}
