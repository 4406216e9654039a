/* planmon copy's canonical lines (store/copy.h): how a row travels
 * between backends, and the tables' shape both sides agree on.
 *
 * One line per row: the fields in the table's column order, separated by
 * a tab; NULL is \N; an integer in decimal; a real as "%.17g" (exact both
 * ways); text as PostgreSQL's COPY text format writes it (backslash, and
 * \b \f \n \r \t \v, escaped with a backslash); a blob as \\x and its
 * bytes in lowercase hex. No I/O, no database. */
#ifndef PM_COPY_LINE_H
#define PM_COPY_LINE_H
#include <stdbool.h>
#include <stddef.h>

#include "base/buf.h"
#include "base/err.h"

/* A column's kind, from its declared type on either backend. */
typedef enum { PM_COL_INT = 'i', PM_COL_REAL = 'r', PM_COL_TEXT = 't', PM_COL_BLOB = 'b' } pm_col_kind;

typedef struct pm_copy_table {
    char *name;
    char **cols;  /* ncols column names, in the table's order */
    char *kinds;  /* ncols pm_col_kind letters */
    size_t ncols;
    char **refs;  /* the other tables its foreign keys name */
    size_t nrefs;
} pm_copy_table;
/* Frees n tables and the array (from a backend's `tables`). */
void pm_copy_tables_free(pm_copy_table *t, size_t n);

void pm_copy_put_null(buf *b);
void pm_copy_put_int(buf *b, long long v);
void pm_copy_put_real(buf *b, double v);
void pm_copy_put_text(buf *b, const char *s, size_t len);
void pm_copy_put_blob(buf *b, const unsigned char *p, size_t len);
/* Splits a canonical line into its fields, unescaped: fields[i] points
 * into *scratch (reset and filled by the call; NULL for \N; each field
 * NUL-terminated), lens[i] its length (blobs decoded to bytes). False
 * with err set when the line does not have ncols well-formed fields. */
bool pm_copy_split(const char *line, size_t len, size_t ncols, const char *kinds, buf *scratch,
                   const char **fields, size_t *lens, pm_err *err);
/* A line in another writer's spelling of the same values (PostgreSQL's
 * shortest reals) rewritten canonically into out (reset first): reals
 * reformatted, the rest as it is. */
bool pm_copy_canon(const pm_copy_table *t, const char *line, size_t len, buf *out, pm_err *err);

#endif
