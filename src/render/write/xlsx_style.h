/* What every XLSX planmon writes shares, applied once before the workbook
 * is closed: a Chinese font on every cell, and a page setup that prints
 * (landscape A4, one page wide, the header rows repeated on each page). */
#ifndef PM_XLSX_STYLE_H
#define PM_XLSX_STYLE_H
#include <xlsxwriter.h>

/* The font named for every cell: 等线 (DengXian), the default of Office
 * 2016+ and WPS on Chinese Windows, a CJK font, so Chinese text is drawn
 * by the font the cell names instead of a Latin font's fallback (Calibri
 * names no CJK glyphs: tofu boxes where no fallback exists). LibreOffice
 * uses the cell's font for Asian text too, and on Linux substitutes a CJK
 * font (Noto Sans CJK, WenQuanYi) through fontconfig for a missing 等线. */
#define OUT_XLSX_FONT "等线"

/* Gives every format of wb (the default one included) the Chinese font,
 * and every worksheet the page setup; a worksheet with frozen rows at
 * the top repeats them on each printed page. Call just before
 * workbook_close. */
void out_xlsx_finish(lxw_workbook *wb);

#endif
