/* CSV in: a whole CSV text to a table of strings, on libcsv (RFC 4180
 * quoting). Checks what every CSV reader of planmon needs checked: empty
 * input, encoding, a header, ragged rows, absurd field sizes.
 * Pure: bytes in, table or an error naming the line out. */
#ifndef PM_CSVREAD_H
#define PM_CSVREAD_H
#include <stdbool.h>
#include <stddef.h>

#include "base/arena.h"
#include "base/err.h"

#define PM_CSV_MAX_FIELD (64 * 1024)

typedef struct pm_csv {
    char **head;   /* header cells, trimmed; ncols of them */
    size_t ncols;
    char **cells;  /* nrows × ncols, row-major, trimmed, never NULL */
    long *line;    /* the line each row starts on */
    size_t nrows;
    pm_arena text; /* owns every head and cell text */
} pm_csv;

/* Parses text[0..len) (UTF-8, optional BOM, LF or CRLF). Blank lines are
 * skipped. Every row must have as many fields as the header. On success
 * fills *t (free with pm_csv_free) and returns true; else sets err. */
bool pm_csv_parse(const char *text, size_t len, pm_csv *t, pm_err *err);
void pm_csv_free(pm_csv *t);

/* The same reading and checks as pm_csv_parse, without a table: calls
 * row(ctx, fields, n, line) for the header (first) and then for each row,
 * in order, with n equal for all (the header's). fields[0..n) are trimmed
 * and NUL-terminated, borrowed for the call only. row returns false to
 * stop, with err set by it. For readers that keep rows their own way
 * (import_rows.c builds a sheet straight away). */
typedef bool (*pm_csv_row_fn)(void *ctx, char **fields, size_t n, long line, pm_err *err);
bool pm_csv_each(const char *text, size_t len, pm_csv_row_fn row, void *ctx, pm_err *err);
/* The same with another field separator: '\t' for tab-separated text
 * (Excel's "文本文件（制表符分隔）" and "Unicode 文本"). */
bool pm_csv_each_sep(const char *text, size_t len, char sep, pm_csv_row_fn row, void *ctx, pm_err *err);
/* For reading a big text in parts on several threads (import_rows.c):
 * pm_csv_check_text makes the checks of the whole text that
 * pm_csv_each_sep makes first (no NUL, valid UTF-8), *skip the BOM's
 * length. pm_csv_split_point is the first line end at or after `from`
 * that is not inside a quoted field (len: none). pm_csv_each_part reads
 * text[0..len) as pm_csv_each_sep does after those checks, lines
 * numbered from 1 (the caller adds the lines before), ncols the header's
 * field count (0: the part begins with the header); *lines the lines
 * read. */
bool pm_csv_check_text(const char *text, size_t len, size_t *skip, pm_err *err);
size_t pm_csv_split_point(const char *text, size_t len, size_t from);
bool pm_csv_each_part(const char *text, size_t len, char sep, size_t ncols, pm_csv_row_fn row, void *ctx,
                      long *lines, pm_err *err);
/* The separator a text's first line uses: '\t' when it has more tabs than
 * commas, else ','. */
char pm_csv_sniff_sep(const char *text, size_t len);
/* Index of the column named name (exact), or -1. */
int pm_csv_col(const pm_csv *t, const char *name);
/* Cell (row r, column c); "" when c < 0. Borrowed. */
const char *pm_csv_get(const pm_csv *t, size_t r, int c);

#endif
