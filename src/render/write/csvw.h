/* CSV out: one record per call, quoted (by libcsv) only where a field
 * needs it, so that the output reads back through pm_csv_parse unchanged.
 * A cell a spreadsheet would run as a formula (=, +, -, @ …, but not a
 * number such as -3.5) gets a leading ' — the rule is in base/cellguard.h —
 * which pm_csv_parse removes again. */
#ifndef PM_CSVW_H
#define PM_CSVW_H
#include <stddef.h>
#include <stdio.h>

/* Writes n fields (NULL as empty) and a line end. */
void out_csv_row(FILE *f, const char *const *fields, size_t n);

#endif
