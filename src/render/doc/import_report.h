/* The report of an import's checks, in Chinese, naming file, sheet, row
 * and column of every problem: as text for the terminal, or as CSV for the
 * sender to fix their file with. */
#ifndef PM_IMPORT_REPORT_H
#define PM_IMPORT_REPORT_H
#include <stdio.h>

#include "engine/checks.h"
#include "model/import_row.h"

/* Text: one line per issue, then a summary line. */
void out_import_report_text(FILE *f, const char *file, const pm_import_row *rows, const pm_check_result *res);
/* CSV with header 文件,工作表,行,列,级别,问题 (UTF-8 with BOM so that Excel opens it right). */
void out_import_report_csv(FILE *f, const char *file, const pm_import_row *rows, const pm_check_result *res);

#endif
