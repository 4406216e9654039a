/* A figure as it came in (a row of the data exchange CSV, the filled-in
 * XLSX template, a web form or the API), with where it came from so that
 * every message can name sheet, row and column. Read by parse (which fills
 * it), checked by engine (checks.h) and written by store: plain data here
 * so that none of them reaches sideways for it. */
#ifndef PM_IMPORT_ROW_H
#define PM_IMPORT_ROW_H
#include <stddef.h>

#include "model/sheet.h"

/* The shape of a sheet: the long form (one figure a row: unit, year,
 * item, value), or a wide table as district sections and the yearbook
 * keep them — units down and items across, or items down and units
 * across — where each filled cell of the grid is one figure. */
typedef enum pm_sheet_shape {
    PM_SHAPE_LONG = 0,
    PM_SHAPE_ITEMS_ACROSS, /* a unit column; every other column an item (its header the item) */
    PM_SHAPE_UNITS_ACROSS, /* an item column; every other column a unit (its header the unit) */
} pm_sheet_shape;

/* Column positions found in the header (-1 when absent), and the header
 * texts (borrowed from the sheet) for messages. In a wide sheet value is
 * -1 (each row names its own column) and item (items across) or unit
 * (units across) is the column down the side. */
typedef struct pm_import_cols {
    int unit, year, item, value, comment;
    const char *unit_name, *year_name, *item_name, *value_name, *comment_name;
    long header_row;
    pm_sheet_shape shape;
    char year_text[8]; /* a wide sheet without a year column: the year of its
                          title or name ("2024"), which its rows point to */
    int kind;          /* 实际/预计 column (-1: none, every figure an actual) */
    const char *kind_name;
} pm_import_cols;

typedef struct pm_import_row {
    const char *unit, *year, *item, *value, *comment; /* cell texts, borrowed from the sheet */
    pm_cell_type value_type;
    int col;           /* wide sheets: the 0-based column of the value (whose header
                          is the item or the unit); unused in the long form. Beside
                          value_type, not after cols: one of these a row of a file,
                          and the two ints share 8 bytes (88 bytes a row, not 96) */
    const char *sheet; /* sheet name ("" for CSV), borrowed */
    long row;          /* row (XLSX) or line (CSV) */
    size_t row_index;  /* index of the row in the sheet */
    const pm_import_cols *cols; /* the header it was read under (the caller's) */
    const char *kind;  /* 实际 / 预计 cell text (pm_figure_kind_parse); NULL or "": an actual */
} pm_import_row;

#endif
