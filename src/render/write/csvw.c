#include "render/write/csvw.h"

#include <csv.h>
#include <string.h>

#include "base/buf.h"
#include "base/cellguard.h"

void out_csv_row(FILE *f, const char *const *fields, size_t n)
{
    buf guarded = BUF_INIT;
    for (size_t i = 0; i < n; i++) {
        const char *s = fields[i] ? fields[i] : "";
        size_t len = strlen(s);
        if (i)
            fputc(',', f);
        /* A cell a spreadsheet would run as a formula goes out as text
         * (base/cellguard.h); the CSV reader takes the ' off again. */
        if (pm_cell_formula_like(s, len)) {
            buf_reset(&guarded);
            buf_putc(&guarded, '\'');
            buf_append(&guarded, s, len);
            s = buf_str(&guarded);
            len = guarded.len;
        }
        /* Leading/trailing blanks would be trimmed on the way back in. */
        if (strpbrk(s, ",\"\r\n") || (len && (s[0] == ' ' || s[len - 1] == ' ')))
            csv_fwrite(f, s, len);
        else
            fputs(s, f);
    }
    fputc('\n', f);
    buf_free(&guarded);
}
