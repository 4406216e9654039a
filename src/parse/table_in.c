#include "parse/table_in.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/encoding.h"
#include "parse/import_rows.h"
#include "parse/xlsx.h"

bool pm_table_read(const char *data, size_t len, pm_table_in *t, pm_err *err)
{
    memset(t, 0, sizeof *t);
    t->xlsx = pm_xlsx_sniff(data, len);
    bool ok;
    if (t->xlsx) {
        pm_sheet *sheets = NULL;
        size_t n = 0;
        ok = pm_xlsx_read(data, len, &sheets, &n, err);
        /* The first sheet that holds rows; notes may follow on others. */
        size_t pick = n;
        for (size_t i = 0; ok && i < n && pick == n; i++)
            if (sheets[i].nrows > 0)
                pick = i;
        for (size_t i = 0; i < n; i++) {
            if (i == pick)
                t->sheet = sheets[i];
            else
                pm_sheet_free(&sheets[i]);
        }
        free(sheets);
        if (ok && pick == n) {
            pm_err_set(err, 0, "工作簿中没有数据");
            ok = false;
        }
    } else {
        size_t ulen;
        pm_encoding enc;
        char *owned = NULL;
        const char *text = pm_utf8_text(data, len, &ulen, &enc, &owned, err);
        ok = text && pm_sheet_from_csv(text, ulen, &t->sheet, err);
        free(owned);
    }
    if (ok && t->sheet.nrows < 2) {
        pm_err_set(err, t->sheet.nrows ? t->sheet.rownum[0] : 0, "表头下没有数据行");
        ok = false;
    }
    if (!ok)
        pm_table_free(t);
    return ok;
}

void pm_table_free(pm_table_in *t)
{
    pm_sheet_free(&t->sheet);
    memset(t, 0, sizeof *t);
}

/* Does header cell h read as name, spaces (ASCII and 　) ignored? */
static bool header_is(const char *h, const char *name)
{
    while (*h || *name) {
        if (*h == ' ' || *h == '\t' || *h == '\n' || *h == '\r') {
            h++;
        } else if (!strncmp(h, "\u3000", 3)) {
            h += 3;
        } else if (*h != *name) {
            return false;
        } else {
            h++;
            name++;
        }
    }
    return true;
}

int pm_table_col(const pm_table_in *t, const char *const *names, bool required, pm_err *err)
{
    for (const char *const *n = names; *n; n++)
        for (size_t c = 0; c < t->sheet.ncols; c++)
            if (header_is(pm_sheet_cell(&t->sheet, 0, c)->text, *n))
                return (int)c;
    if (required)
        pm_err_set(err, t->sheet.rownum[0], "表头缺少列“%s”", names[0]);
    return -1;
}

size_t pm_table_rows(const pm_table_in *t)
{
    return t->sheet.nrows ? t->sheet.nrows - 1 : 0;
}

const char *pm_table_cell(const pm_table_in *t, size_t r, int c)
{
    if (c < 0)
        return "";
    char *s = pm_sheet_cell(&t->sheet, r + 1, (size_t)c)->text;
    /* Trim in place: the cell text belongs to the table, and nobody
     * wants the spaces a spreadsheet leaves around a name. */
    size_t n = strlen(s);
    while (n && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\r' || s[n - 1] == '\n'))
        s[--n] = '\0';
    while (*s == ' ' || *s == '\t')
        s++;
    return s;
}

long pm_table_line(const pm_table_in *t, size_t r)
{
    return t->sheet.rownum[r + 1];
}

void pm_table_fail(const pm_table_in *t, size_t r, int c, pm_err *err, const char *fmt, ...)
{
    char msg[600];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    const char *col = c >= 0 ? pm_sheet_cell(&t->sheet, 0, (size_t)c)->text : "";
    if (t->xlsx && t->sheet.name && *t->sheet.name)
        pm_err_set(err, 0, "工作表“%s”第 %ld 行，列“%s”：%s", t->sheet.name, pm_table_line(t, r), col, msg);
    else if (*col)
        pm_err_set(err, pm_table_line(t, r), "列“%s”：%s", col, msg);
    else
        pm_err_set(err, pm_table_line(t, r), "%s", msg);
}
