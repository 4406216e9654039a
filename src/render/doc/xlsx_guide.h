/* The template's second sheet, 填报说明: for each item of the 填报 sheet
 * its definition (the indicators that read it), its 统计口径 (a year-end
 * stock, a year's flow, a unit's own rate or flag), its unit, what the
 * cell takes and an example, so that a town fills it in without asking.
 * The importer skips the sheet (it has no data header). Internal to
 * xlsx_template.c, which owns the workbook. */
#ifndef PM_XLSX_GUIDE_H
#define PM_XLSX_GUIDE_H
#include <xlsxwriter.h>

#include "render/doc/template_types.h"

/* Adds the sheet to wb; the first failure of libxlsxwriter, else
 * LXW_NO_ERROR. Without t->plan the items' 口径 and indicators are not
 * known: the sheet then says what each kind of cell takes only. */
lxw_error pm_template_guide(lxw_workbook *wb, const pm_template *t);

#endif
