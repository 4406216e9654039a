/* XLSX in, on libzip and expat (no hand-written zip or XML parsing).
 * Reads the workbook's sheets into pm_sheet grids: shared strings, inline
 * strings, numbers, booleans; formula cells are marked as such.
 * Hostile files are refused, not survived by luck: limits on entry sizes,
 * total inflated bytes and compression ratio (zip bombs), no DTDs or
 * entities (XXE, billion laughs), limits on rows, columns and cells. */
#ifndef PM_XLSX_H
#define PM_XLSX_H
#include <stdbool.h>
#include <stddef.h>

#include "base/err.h"
#include "model/sheet.h"

#define PM_XLSX_MAX_ENTRY ((size_t)64 * 1024 * 1024)   /* bytes one XML part may inflate to */
#define PM_XLSX_MAX_TOTAL ((size_t)256 * 1024 * 1024)  /* all parts together */
#define PM_XLSX_MAX_RATIO 200                          /* inflated / compressed per entry */
#define PM_XLSX_MAX_CELLS ((size_t)20 * 1000 * 1000)   /* non-empty cells in a workbook */

/* True when data starts like a zip archive ("PK\3\4"): how an import tells
 * XLSX from CSV by content, not by file name. */
bool pm_xlsx_sniff(const char *data, size_t len);

/* Reads every worksheet of the workbook in data[0..len) (in workbook
 * order) into a malloc'd array of sheets (*out, *n; free each with
 * pm_sheet_free and the array with free). On failure returns false with
 * err->msg in Chinese (err->line: the row when the problem is in a sheet). */
bool pm_xlsx_read(const char *data, size_t len, pm_sheet **out, size_t *n, pm_err *err);

#endif
