#include "render/write/csvw.h"

#include <csv.h>
#include <string.h>

void out_csv_row(FILE *f, const char *const *fields, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        const char *s = fields[i] ? fields[i] : "";
        if (i)
            fputc(',', f);
        /* Leading/trailing blanks would be trimmed on the way back in. */
        size_t len = strlen(s);
        if (strpbrk(s, ",\"\r\n") || (len && (s[0] == ' ' || s[len - 1] == ' ')))
            csv_fwrite(f, s, len);
        else
            fputs(s, f);
    }
    fputc('\n', f);
}
