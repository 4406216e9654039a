/* Numbers as people type them into Excel/WPS cells and CSV files:
 * thousands separators ("1,234"), a trailing percent sign ("12.0%"),
 * full-width digits and signs ("１２３", "－５", "１２％"), and a dash or
 * slash meaning "none" ("—", "/", "－"). Pure, no I/O. */
#ifndef PM_CELLNUM_H
#define PM_CELLNUM_H
#include <stdbool.h>
#include <stddef.h>

typedef enum pm_cellnum {
    PM_CELLNUM_BAD = 0, /* not a number */
    PM_CELLNUM_OK,      /* *v set */
    PM_CELLNUM_PERCENT, /* "12.0%": *v = 12.0, the number before the sign */
    PM_CELLNUM_NONE,    /* a dash or slash alone: nothing reported (*v unset) */
} pm_cellnum;

/* Reads the cell text s (trimmed here). Thousands separators are taken
 * only where they group digits by three ("1,234,567.5"; "1,23" is BAD, as
 * it may be a decimal comma). */
pm_cellnum pm_cell_number(const char *s, double *v);

/* Whether s reads as a number in scientific notation ("1.10115E+11"): what
 * Excel shows, and saves to CSV, for a long code typed into a General cell. */
int pm_looks_scientific(const char *s);

/* s with the full-width forms of ASCII (U+FF01..FF5E: "１１０１１５") as
 * ASCII, into out; false when s has none or out is too small. */
bool pm_fold_fullwidth(const char *s, char *out, size_t cap);

#endif
