#include "render/write/format.h"

#include <string.h>

bool out_format_parse(const char *s, out_format *f)
{
    if (!strcmp(s, "table"))
        *f = OUT_TABLE;
    else if (!strcmp(s, "csv"))
        *f = OUT_CSV;
    else if (!strcmp(s, "json"))
        *f = OUT_JSON;
    else if (!strcmp(s, "xlsx"))
        *f = OUT_XLSX;
    else if (!strcmp(s, "html"))
        *f = OUT_HTML;
    else if (!strcmp(s, "md") || !strcmp(s, "markdown"))
        *f = OUT_MD;
    else if (!strcmp(s, "docx"))
        *f = OUT_DOCX;
    else
        return false;
    return true;
}
