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
    static const unsigned char ole2[8] = {0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1};
    if (len >= 8 && !memcmp(data, ole2, 8)) {
        /* The compound file of Excel 97–2003 (.xls), WPS (.et), and of an
         * .xlsx with an opening password: none is read here. */
        pm_err_set(err, 0,
                   "这是旧版 Excel 97-2003 工作簿（.xls）或 WPS 表格（.et）文件，无法直接读取：请在 Excel 或 WPS 中"
                   "“另存为”Excel 工作簿（*.xlsx）后再导入（如文件设置了打开密码，请先取消密码）");
        return false;
    }
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
