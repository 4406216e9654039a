/* Output formats shared by the writers. */
#ifndef PM_FORMAT_H
#define PM_FORMAT_H
#include <stdbool.h>

typedef enum out_format { OUT_TABLE = 0, OUT_CSV, OUT_JSON, OUT_XLSX, OUT_HTML, OUT_MD, OUT_DOCX } out_format;

/* "table", "csv", "json", "xlsx", "html", "md", "docx" → format; false if unknown. */
bool out_format_parse(const char *s, out_format *f);

#endif
