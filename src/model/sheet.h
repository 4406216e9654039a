/* A grid of cells read from a spreadsheet (XLSX) or CSV, with where each
 * row came from, so that every message can name file, sheet, row and
 * column. Pure data. */
#ifndef PM_SHEET_H
#define PM_SHEET_H
#include <stddef.h>

#include "base/arena.h"

typedef enum pm_cell_type {
    PM_CELL_EMPTY = 0,
    PM_CELL_STRING,  /* shared or inline string */
    PM_CELL_NUMBER,  /* text holds the number as stored ("12.5", "1.2E-3") */
    PM_CELL_BOOL,    /* text "0"/"1" */
    PM_CELL_FORMULA, /* a formula: text holds the cached value if any; never trusted as input */
    PM_CELL_ERROR,   /* #DIV/0! and the like */
} pm_cell_type;

typedef struct pm_cell {
    char *text; /* UTF-8, never NULL ("" when empty); owned by the sheet (see pm_sheet.text) */
    pm_cell_type type;
} pm_cell;

typedef struct pm_sheet {
    char *name;     /* sheet name ("填报"), or "" for CSV */
    size_t nrows;   /* rows that hold at least one non-empty cell */
    size_t ncols;   /* widest row */
    pm_cell *cells; /* nrows × ncols, row-major */
    long *rownum;   /* 1-based row (XLSX) or line (CSV) of each row */
    pm_arena *text; /* malloc'd; when set it holds every cell text (CSV: one
                     * arena, no malloc per cell); when NULL each text is
                     * malloc'd on its own (XLSX) */
} pm_sheet;

void pm_sheet_free(pm_sheet *s);
/* Cell (r, c), or an empty cell outside the grid. Borrowed. */
const pm_cell *pm_sheet_cell(const pm_sheet *s, size_t r, size_t c);
/* "A", "B", … "AA": the spreadsheet name of 0-based column c, into out. */
void pm_sheet_colname(size_t c, char out[8]);

#endif
