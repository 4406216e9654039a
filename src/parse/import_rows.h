/* Figures as people send them (DESIGN "Data exchange CSV": unit,year,item,
 * value[,comment], or the filled-in XLSX template) to rows with where each
 * came from. Which columns are which is read from the header row, in
 * English or Chinese, so the long CSV, an exported file and the template
 * all read the same way. Pure. */
#ifndef PM_IMPORT_ROWS_H
#define PM_IMPORT_ROWS_H
#include <stdbool.h>
#include <stddef.h>

#include "base/err.h"
#include "model/import_row.h"
#include "model/sheet.h"

/* Finds the header in the first rows of sheet s and lists the rows below
 * it that hold anything. Rows whose value cell is empty are skipped when
 * skip_empty (a template's unfilled rows). Fills a malloc'd array the
 * caller frees (the strings stay the sheet's). False with err (naming the
 * sheet) when no header has the unit, year, item and value columns. */
bool pm_import_rows(const pm_sheet *s, bool skip_empty, pm_import_cols *cols, pm_import_row **rows,
                    size_t *n, pm_err *err);

/* A CSV text (UTF-8) as a sheet, header row included, rownum = line.
 * False with err on CSV errors (see csvread.h). */
bool pm_sheet_from_csv(const char *text, size_t len, pm_sheet *out, pm_err *err);

/* pm_sheet_from_csv and pm_import_rows (skip_empty false) in one pass,
 * for big files: the sheet keeps only the rows down to the header (and
 * the arena that holds every text); the rows below go straight into
 * *rows, malloc'd, the caller frees (texts stay the sheet's). The same
 * rows, columns and errors as the two calls, without a grid of every
 * cell (16 bytes a cell, 640 MB for 10 million rows). cols must stay
 * where it is: the rows point to it. Free the sheet with pm_sheet_free. */
bool pm_import_rows_csv(const char *text, size_t len, pm_sheet *sheet, pm_import_cols *cols, pm_import_row **rows,
                        size_t *n, pm_err *err);
/* Texts of at least this many bytes (8 MiB) are read by
 * pm_import_rows_csv in two halves side by side, when their header is a
 * long one; tests set it lower. */
extern size_t pm_import_csv_split_min;

#endif
