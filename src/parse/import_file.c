#include "parse/import_file.h"

#include <stdlib.h>
#include <string.h>

#include "base/encoding.h"
#include "base/mem.h"
#include "parse/xlsx.h"

void pm_import_input_free(pm_import_input *in)
{
    for (size_t i = 0; i < in->nsheets; i++)
        pm_sheet_free(&in->sheets[i]);
    free(in->sheets);
    free(in->cols);
    free(in->rows);
    memset(in, 0, sizeof *in);
}

bool pm_import_read(const char *data, size_t len, pm_import_input *in, pm_err *err)
{
    memset(in, 0, sizeof *in);
    bool ok;
    in->xlsx = pm_xlsx_sniff(data, len);
    if (in->xlsx) {
        ok = pm_xlsx_read(data, len, &in->sheets, &in->nsheets, err);
        /* The reader's message names sheet and row already ("工作表“填报”第 12 行"). */
        if (!ok)
            err->line = 0;
    } else {
        /* One pass from the file's bytes (not copied when UTF-8) to rows,
         * with no grid of cells between (pm_import_rows_csv). */
        size_t ulen;
        pm_encoding enc;
        char *owned = NULL;
        const char *text = pm_utf8_text(data, len, &ulen, &enc, &owned, err);
        in->sheets = xcalloc(1, sizeof *in->sheets);
        in->cols = xcalloc(2, sizeof *in->cols);
        ok = text && pm_import_rows_csv(text, ulen, &in->sheets[0], &in->cols[0], &in->rows, &in->nrows, err);
        in->nsheets = ok ? 1 : 0;
        free(owned);
        return ok;
    }
    if (!ok)
        return false;
    in->cols = xcalloc(in->nsheets + 1, sizeof *in->cols);
    size_t found = 0;
    pm_err first = *err;
    for (size_t i = 0; i < in->nsheets; i++) {
        pm_import_row *rows;
        size_t n;
        pm_err e = *err;
        if (!pm_import_rows(&in->sheets[i], in->xlsx, &in->cols[i], &rows, &n, &e)) {
            /* A workbook may carry notes on other sheets: only when no
             * sheet has a header is it an error (the first sheet's). */
            if (i == 0)
                first = e;
            continue;
        }
        found++;
        in->rows = xnrealloc(in->rows, in->nrows + n + 1, sizeof *in->rows);
        memcpy(in->rows + in->nrows, rows, n * sizeof *rows);
        in->nrows += n;
        free(rows);
    }
    if (!found) {
        *err = first;
        return false;
    }
    return true;
}
