#include "render/write/xlsx_style.h"

#include <string.h>

enum { PAPER_A4 = 9 };

/* Formats still on libxlsxwriter's default font (Calibri), or none. A
 * format that names another font on purpose keeps it. */
static void cjk_font(lxw_format *f)
{
    if (f->font_name[0] && strcmp(f->font_name, "Calibri"))
        return;
    format_set_font_name(f, OUT_XLSX_FONT);
}

static void page_setup(lxw_worksheet *ws)
{
    worksheet_set_landscape(ws);
    worksheet_set_paper(ws, PAPER_A4);
    worksheet_fit_to_pages(ws, 1, 0); /* one page wide, as many tall as it takes */
    if (!ws->repeat_rows.in_use && ws->panes.type && ws->panes.first_row > 0)
        worksheet_repeat_rows(ws, 0, (lxw_row_t)(ws->panes.first_row - 1));
}

void out_xlsx_finish(lxw_workbook *wb)
{
    lxw_format *f;
    STAILQ_FOREACH(f, wb->formats, list_pointers)
    cjk_font(f);
    lxw_sheet *sh;
    STAILQ_FOREACH(sh, wb->sheets, list_pointers)
    if (!sh->is_chartsheet)
        page_setup(sh->u.worksheet);
}
