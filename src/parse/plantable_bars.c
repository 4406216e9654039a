/* A web page's table as some tools flatten it to text: each cell on lines of
 * its own, closed by a line holding only a pipe, and a row closed by one
 * more line of pipes ("||", "|||": the pipes beyond the first count the
 * cells the row's spans took away):
 *
 *     序号            1               14
 *     |               |               |
 *     主要项目和指标  民政事业费…     最低生活保障
 *     |               |               人数(万人)
 *     2005年          718.4           |
 *     |               |               城市
 *     …               …               …
 *     ||              ||              |
 *                                     |       <- a row closed by "|"
 *
 * A cell's lines stay one cell, joined by line breaks (stacked 其中 figures
 * are split later, as those of an HTML cell). The rows are handed to the
 * grid reader; cells a span took away are left out, lined up by content. */
#include <string.h>

#include "base/buf.h"
#include "base/mem.h"
#include "base/text.h"
#include "parse/plantable_int.h"

/* Whether a row starting with this cell is a table note ("注：…"). */
static bool note_cell(const char *t)
{
    return text_starts(t, "注:") || text_starts(t, "注：") || text_starts(t, "备注:") || text_starts(t, "备注：") ||
           text_starts(t, "说明:") || text_starts(t, "说明：");
}

/* A header row short of `missing` cells: in a header the span is the name
 * column's (主要项目和指标 over the 类别 and name columns), as an HTML
 * colspan: its copies are added after it, as spanned empty cells. Data
 * rows stay short (their spans are lined up by content). */
static void spread_name_span(pt_row *r, size_t missing)
{
    size_t at = r->n;
    for (size_t k = 0; k < r->n && at == r->n; k++)
        if (pt_classify(r->cells[k].text).kind == PT_NAME)
            at = k;
    if (at == r->n || missing == 0 || missing > 4)
        return;
    for (size_t m = 0; m < missing; m++) {
        pt_row_add(r, xstrdup(""), r->cells[at].line);
        pt_cell copy = r->cells[r->n - 1];
        memmove(&r->cells[at + 2], &r->cells[at + 1], (r->n - at - 2) * sizeof *r->cells);
        copy.spanned = true;
        r->cells[at + 1] = copy;
    }
}

void pt_bar_rows(const pt_line *lines, size_t nlines, size_t i, pt_rows *grid)
{
    pt_row row = {0};
    buf cell = BUF_INIT;
    long cell_line = 0;
    for (; i < nlines; i++) {
        const pt_line *l = &lines[i];
        size_t pipes = pt_bar_pipes(l);
        if (!pipes) {
            size_t n = l->n;
            const char *t = text_trim(l->p, &n);
            if (n == 0)
                break; /* a blank line: the table has ended */
            if (!cell_line) {
                if (row.n == 0 && note_cell(t))
                    break; /* the table's note: its end */
                cell_line = l->no;
            } else {
                buf_putc(&cell, '\n');
            }
            buf_append(&cell, t, n);
            continue;
        }
        bool row_end = pipes >= 2 || !cell_line;
        if (cell_line) {
            if (row.n == 0)
                row.line = cell_line;
            pt_row_add(&row, xstrdup(buf_str(&cell)), cell_line);
            buf_reset(&cell);
            cell_line = 0;
        }
        if (row_end && row.n) {
            spread_name_span(&row, pipes - 1);
            row.positional = true;
            pt_rows_add(grid, &row);
        }
    }
    if (cell_line) {
        if (row.n == 0)
            row.line = cell_line;
        pt_row_add(&row, xstrdup(buf_str(&cell)), cell_line);
    }
    if (row.n) {
        row.positional = true;
        pt_rows_add(grid, &row);
    }
    pt_row_free(&row);
    buf_free(&cell);
}
