/* Text tables for the terminal: columns padded by display width, so that
 * Chinese text (two columns a character) lines up. */
#ifndef PM_TABLE_H
#define PM_TABLE_H
#include <stdio.h>

typedef struct out_table {
    char **cells; /* rows × ncols, malloc'd copies */
    size_t ncols, nrows, cap;
    unsigned right_mask; /* bit c set: column c is right-aligned (numbers) */
} out_table;

/* Starts a table with the given header (ncols strings, copied). */
void out_table_init(out_table *t, size_t ncols, const char *const *head);
/* Appends a row of ncols strings (copied; NULL prints as empty). */
void out_table_row(out_table *t, const char *const *cells);
void out_table_print(const out_table *t, FILE *f);
void out_table_free(out_table *t);

#endif
