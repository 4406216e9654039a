/* A small table in a file (CSV in UTF-8 or GB18030, or the first sheet of
 * an XLSX workbook that holds rows, told apart by its bytes), with its
 * columns found by their header words: what the 分解落实表, the 重大项目表
 * and the department and narrative lists are read through. Pure: bytes in,
 * a table or an error out. */
#ifndef PM_TABLE_IN_H
#define PM_TABLE_IN_H
#include <stdbool.h>
#include <stddef.h>

#include "base/err.h"
#include "model/sheet.h"

typedef struct pm_table_in {
    pm_sheet sheet; /* row 0 is the header */
    bool xlsx;
} pm_table_in;

/* Reads data[0..len). A file without a row under its header is an error
 * (an import replaces nothing with nothing). */
bool pm_table_read(const char *data, size_t len, pm_table_in *t, pm_err *err);
void pm_table_free(pm_table_in *t);

/* The column whose header cell is one of names (NULL-terminated list;
 * spaces inside the header cell are ignored, 指  标 reads as 指标), or -1.
 * required: a missing one is an error naming the first name. */
int pm_table_col(const pm_table_in *t, const char *const *names, bool required, pm_err *err);
/* Number of data rows (the header not counted). */
size_t pm_table_rows(const pm_table_in *t);
/* Cell text of data row r (0-based) in column c, trimmed of spaces;
 * "" when c < 0. Borrowed from the table. */
const char *pm_table_cell(const pm_table_in *t, size_t r, int c);
/* The file's line (CSV) or the sheet's row (XLSX) of data row r, for
 * messages. */
long pm_table_line(const pm_table_in *t, size_t r);
/* Sets err to "第 N 行，列“名”：<fmt…>" for data row r, column c. */
void pm_table_fail(const pm_table_in *t, size_t r, int c, pm_err *err, const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));

#endif
