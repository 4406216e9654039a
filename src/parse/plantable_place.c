/* PDF text: cells placed under the header's columns by where they stand on
 * the line, not by their order. A PDF drops the merged cells of a row (the
 * 领域 and 子领域 cells below a group's first row), and prints a merged
 * label where the layout put it: in the middle of its group, broken over
 * lines ("生态环境" on one row, "质量" on the next). Read by order, such a
 * fragment lands in the first free column (子领域) and the rest of the row
 * shifts; read by position it stays in its 领域 column and is joined to the
 * label above it. */
#include <stdlib.h>
#include <string.h>

#include "base/buf.h"
#include "base/mem.h"
#include "base/utf8.h"
#include "parse/plantable_int.h"

/* Whether every cell of r carries display columns (a PDF text row). */
static bool positioned(const pt_row *r)
{
    if (!r->positional || r->n == 0)
        return false;
    for (size_t k = 0; k < r->n; k++)
        if (!r->cells[k].x1)
            return false;
    return true;
}

/* Columns between the cell [a0, a1) and the extent [b0, b1): 0 when they overlap. */
static size_t gap(size_t a0, size_t a1, size_t b0, size_t b1)
{
    if (a1 <= b0)
        return b0 - a1 + 1;
    if (b1 <= a0)
        return a0 - b1 + 1;
    return 0;
}

/* A cell no nearer than this many display columns to any column's extent
 * is not placed by position (the row is left to the reader's content
 * alignment). */
#define PLACE_SLACK 3

/* Places row r's cells (fewer than n) in the columns whose extents
 * [lo[j], hi[j]) they stand in, in order, and widens r to n cells with
 * empty ones (merged: "same as above") in the others. False, r unchanged,
 * when some cell stands under no column. */
static bool place_row(pt_row *r, size_t n, const size_t *lo, const size_t *hi)
{
    size_t m = r->n;
    /* cost[i][j]: the least total gap placing the first i cells in the first j columns */
    size_t *cost = xcalloc((m + 1) * (n + 1), sizeof *cost);
    char *take = xcalloc((m + 1) * (n + 1), 1);
    const size_t inf = (size_t)-1 / 4;
#define C(i, j) cost[(i) * (n + 1) + (j)]
#define T(i, j) take[(i) * (n + 1) + (j)]
    for (size_t i = 1; i <= m; i++)
        C(i, 0) = inf;
    for (size_t j = 1; j <= n; j++)
        for (size_t i = 0; i <= m; i++) {
            size_t best = C(i, j - 1); /* column j-1 left empty */
            char t = 0;
            if (i > 0 && C(i - 1, j - 1) < inf) {
                const pt_cell *c = &r->cells[i - 1];
                size_t g = gap(c->x0, c->x1, lo[j - 1], hi[j - 1]);
                if (g <= PLACE_SLACK && C(i - 1, j - 1) + g < best)
                    best = C(i - 1, j - 1) + g, t = 1;
            }
            C(i, j) = best;
            T(i, j) = t;
        }
    bool ok = C(m, n) < inf;
    if (ok) {
        pt_cell *out = xcalloc(n, sizeof *out);
        for (size_t i = m, j = n; j > 0; j--) {
            if (T(i, j)) {
                out[j - 1] = r->cells[--i];
            } else {
                out[j - 1] = (pt_cell){.text = xstrdup(""), .line = r->line, .x0 = lo[j - 1], .x1 = hi[j - 1]};
            }
        }
        free(r->cells);
        r->cells = out;
        r->n = r->cap = n;
    }
#undef C
#undef T
    free(cost);
    free(take);
    return ok;
}

/* Whether a group cell starts a label of its own: numbered ("2.水环境质量",
 * "二、…") rather than the rest of the label above it. */
static bool numbered(const char *t)
{
    char *hd = pt_heading_text(t);
    bool yes = hd != NULL || (t[0] >= '0' && t[0] <= '9');
    free(hd);
    return yes;
}

/* A 领域 (or 子领域) label broken over two rows: row cur's cell in column d
 * goes on in row prev's when cur starts no group of its own: the deeper
 * group column (子领域 under a 领域) has no new label in cur, or prev's
 * fragment fills the column (the PDF wrapped it) and cur's is narrower. */
static void join_broken_labels(const pt_header *h, pt_rows *rows, int d, int deeper)
{
    size_t widest = 0;
    for (size_t i = 0; i < rows->n; i++) {
        const pt_row *r = &rows->v[i];
        if (positioned(r) && r->n == h->n && r->cells[d].text[0]) {
            size_t w = utf8_width(r->cells[d].text);
            widest = w > widest ? w : widest;
        }
    }
    for (size_t i = 1; i < rows->n; i++) {
        pt_row *prev = &rows->v[i - 1], *cur = &rows->v[i];
        if (!positioned(prev) || !positioned(cur) || prev->n != h->n || cur->n != h->n || cur->heading)
            continue;
        pt_cell *up = &prev->cells[d], *c = &cur->cells[d];
        if (!up->text[0] || !c->text[0] || numbered(c->text))
            continue;
        bool goes_on = (deeper >= 0 && !cur->cells[deeper].text[0]) ||
                       (utf8_width(up->text) == widest && utf8_width(c->text) < widest);
        if (!goes_on)
            continue;
        buf b = BUF_INIT;
        buf_printf(&b, "%s%s", up->text, c->text);
        free(up->text);
        up->text = buf_detach(&b);
        c->text[0] = '\0'; /* the merged cell: same as above */
    }
}

/* A 领域 label printed in the middle of its group (the PDF centres a merged
 * cell): the group starts where the 子领域 label it stands beside starts,
 * so the label moves up to that row, over rows whose 领域 cells are empty
 * (merged); otherwise those rows would take the group above's 领域. */
static void raise_labels(const pt_header *h, pt_rows *rows, int d, int deeper)
{
    for (size_t i = 1; i < rows->n; i++) {
        pt_row *cur = &rows->v[i];
        if (!positioned(cur) || cur->n != h->n || !cur->cells[d].text[0] || cur->heading)
            continue;
        size_t k = i;
        while (k > 0 && !rows->v[k].cells[deeper].text[0] && !rows->v[k].heading) {
            const pt_row *up = &rows->v[k - 1];
            if (!positioned(up) || up->n != h->n || up->cells[d].text[0])
                break;
            k--;
        }
        pt_row *start = &rows->v[k];
        if (k == i || !start->cells[deeper].text[0] || start->cells[d].text[0])
            continue;
        char *t = start->cells[d].text;
        start->cells[d].text = cur->cells[d].text;
        cur->cells[d].text = t; /* the empty text */
    }
}

void pt_place_by_position(const pt_header *h, pt_rows *rows)
{
    size_t n = h->n;
    size_t *lo = xcalloc(n ? n : 1, sizeof *lo), *hi = xcalloc(n ? n : 1, sizeof *hi);
    bool have = false;
    for (size_t i = 0; i < rows->n; i++) {
        const pt_row *r = &rows->v[i];
        if (!positioned(r) || r->n != n)
            continue;
        for (size_t j = 0; j < n; j++) {
            if (!have || r->cells[j].x0 < lo[j])
                lo[j] = r->cells[j].x0;
            if (!have || r->cells[j].x1 > hi[j])
                hi[j] = r->cells[j].x1;
        }
        have = true;
    }
    if (have) {
        for (size_t i = 0; i < rows->n; i++) {
            pt_row *r = &rows->v[i];
            if (positioned(r) && r->n < n)
                place_row(r, n, lo, hi);
        }
        int d = pt_col_of(h, PT_DOMAIN), s = pt_col_of(h, PT_SUBDOMAIN);
        if (d >= 0)
            join_broken_labels(h, rows, d, s);
        if (d >= 0 && s >= 0)
            raise_labels(h, rows, d, s);
        if (s >= 0)
            join_broken_labels(h, rows, s, -1);
    }
    free(lo);
    free(hi);
}
