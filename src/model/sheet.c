#include "model/sheet.h"

#include <stdlib.h>
#include <string.h>

void pm_sheet_free(pm_sheet *s)
{
    if (s->text) {
        pm_arena_free(s->text);
        free(s->text);
    } else {
        for (size_t i = 0; s->cells && i < s->nrows * s->ncols; i++)
            free(s->cells[i].text);
    }
    free(s->cells);
    free(s->rownum);
    free(s->name);
    memset(s, 0, sizeof *s);
}

const pm_cell *pm_sheet_cell(const pm_sheet *s, size_t r, size_t c)
{
    static const pm_cell empty = {"", PM_CELL_EMPTY};
    if (r >= s->nrows || c >= s->ncols)
        return &empty;
    return &s->cells[r * s->ncols + c];
}

void pm_sheet_colname(size_t c, char out[8])
{
    char tmp[8];
    size_t n = 0;
    c++;
    while (c && n < 7) {
        c--;
        tmp[n++] = (char)('A' + c % 26);
        c /= 26;
    }
    for (size_t i = 0; i < n; i++)
        out[i] = tmp[n - 1 - i];
    out[n] = '\0';
}
