/* An XLSX workbook built with libxlsxwriter, handed back as bytes: the one
 * way every XLSX writer (xlsx_table.c, the report, the data-entry
 * template) produces a file, so that none of them opens a path and the
 * front doors write the bytes where they are asked to (a -o file beside
 * and renamed, standard output, an HTTP response). */
#ifndef PM_XLSX_BYTES_H
#define PM_XLSX_BYTES_H
#include <stdbool.h>
#include <xlsxwriter.h>

#include "base/buf.h"
#include "base/err.h"

/* Adds sheets, formats and cells to wb. False with err set to give up:
 * the workbook is then dropped unwritten. */
typedef bool (*xlsx_fill_fn)(lxw_workbook *wb, void *ctx, pm_err *err);

/* Builds a workbook with fill(wb, ctx, err) and appends its bytes to out.
 * False with err set (in Chinese) when fill gives up or libxlsxwriter
 * fails; out is then left as it was. */
bool xlsx_to_bytes(xlsx_fill_fn fill, void *ctx, buf *out, pm_err *err);

/* libxlsxwriter's error as a reason in Chinese ("磁盘已满…"). */
const char *xlsx_strerror(lxw_error rc);

#endif
