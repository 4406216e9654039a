/* A listing (an array of flat JSON objects, as listing.h) written as
 * an XLSX sheet with libxlsxwriter: a bold header row of Chinese titles,
 * numbers as numbers, frozen header, autofilter. */
#ifndef PM_XLSX_TABLE_H
#define PM_XLSX_TABLE_H
#include <jansson.h>
#include <stdbool.h>

#include "base/buf.h"
#include "base/err.h"
#include "render/write/listing.h"

/* Appends to out the bytes of a workbook of rows, one sheet named sheet,
 * the columns in cols order (their titles as header; keys absent from a
 * row leave the cell empty). False with err set, out as it was, when
 * libxlsxwriter fails. */
bool out_xlsx_table(buf *out, const char *sheet, const json_t *rows, const out_column *cols, size_t ncols,
                    pm_err *err);

#endif
