/* The data-entry template (填报模板) as XLSX, on libxlsxwriter.
 * Layout (the importer finds the header row by its names):
 *   row 1  title; row 2  unit, year, and how to fill in
 *   row 3  header: 单位代码 | 年份 | 数据项代码 | 数据项名称 | 计量单位 | 上年值 | 本年值 | 说明
 *   row 4… one row per item the unit reports
 * and a second sheet, 填报说明, explaining each item (xlsx_guide.h).
 * Everything is locked (sheet protection, no password) except the 本年值
 * and 说明 cells; 本年值 has data validation by kind (count: whole number
 * ≥ 0; share: decimal 0–100; flag: 0 or 1; number: any decimal). */
#ifndef PM_XLSX_TEMPLATE_H
#define PM_XLSX_TEMPLATE_H
#include <stdbool.h>
#include <stddef.h>

#include "base/buf.h"
#include "base/err.h"
#include "render/doc/template_types.h"

/* Appends the template's XLSX bytes to out (the caller writes them where
 * it is asked to). False with err set, out as it was, on failure. */
bool pm_template_write(buf *out, const pm_template *t, pm_err *err);

#endif
