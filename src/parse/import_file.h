/* A file of figures (CSV in UTF-8 or GB18030, or XLSX, told apart by its
 * bytes) to rows: what both front doors (CLI import, web upload) read.
 * Pure: bytes in, rows or an error out. */
#ifndef PM_IMPORT_FILE_H
#define PM_IMPORT_FILE_H
#include <stdbool.h>
#include <stddef.h>

#include "base/err.h"
#include "parse/import_rows.h"
#include "model/sheet.h"

/* Everything read from one file; release with pm_import_input_free. The
 * rows' strings belong to the sheets. */
typedef struct pm_import_input {
    pm_sheet *sheets;
    size_t nsheets;
    pm_import_cols *cols; /* one per sheet */
    pm_import_row *rows;
    size_t nrows;
    bool xlsx;
} pm_import_input;

/* Reads data[0..len): XLSX → every sheet that has a header (a template's
 * unfilled rows skipped); else CSV. False with err (line set for CSV; for
 * XLSX the message names sheet and row itself). */
bool pm_import_read(const char *data, size_t len, pm_import_input *in, pm_err *err);
void pm_import_input_free(pm_import_input *in);

#endif
