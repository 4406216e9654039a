/* A figure as it came in (a row of the data exchange CSV, the filled-in
 * XLSX template, a web form or the API), with where it came from so that
 * every message can name sheet, row and column. Read by parse (which fills
 * it), checked by engine (checks.h) and written by store: plain data here
 * so that none of them reaches sideways for it. */
#ifndef PM_IMPORT_ROW_H
#define PM_IMPORT_ROW_H
#include <stddef.h>

#include "model/sheet.h"

/* Column positions found in the header (-1 when absent), and the header
 * texts (borrowed from the sheet) for messages. */
typedef struct pm_import_cols {
    int unit, year, item, value, comment;
    const char *unit_name, *year_name, *item_name, *value_name, *comment_name;
    long header_row;
} pm_import_cols;

typedef struct pm_import_row {
    const char *unit, *year, *item, *value, *comment; /* cell texts, borrowed from the sheet */
    pm_cell_type value_type;
    const char *sheet; /* sheet name ("" for CSV), borrowed */
    long row;          /* row (XLSX) or line (CSV) */
    size_t row_index;  /* index of the row in the sheet */
    const pm_import_cols *cols; /* the header it was read under (the caller's) */
} pm_import_row;

#endif
