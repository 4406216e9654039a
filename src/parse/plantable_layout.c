/* Lines to a header and data rows, in every layout a copied plan table has
 * (DESIGN "Reading a plan's indicator table from text", Layouts): pipe and
 * tab-separated rows, tab-led cell-per-line blocks, cells one per line (or
 * one per paragraph) without tabs cut into rows by the 序号 sequence, and
 * PDF text aligned by runs of spaces. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/buf.h"
#include "base/mem.h"
#include "base/num.h"
#include "base/text.h"
#include "base/utf8.h"
#include "parse/plantable.h"
#include "parse/plantable_int.h"

/* ---- rows ---------------------------------------------------------------- */

void pt_row_add(pt_row *r, char *text, long line)
{
    r->cells = xgrow(r->cells, &r->cap, r->n + 1, sizeof *r->cells);
    r->cells[r->n] = (pt_cell){.text = text, .line = line};
    r->n++;
}

void pt_row_free(pt_row *r)
{
    for (size_t i = 0; i < r->n; i++)
        free(r->cells[i].text);
    free(r->cells);
    free(r->heading);
    memset(r, 0, sizeof *r);
}

void pt_rows_add(pt_rows *rs, pt_row *r)
{
    rs->v = xgrow(rs->v, &rs->cap, rs->n + 1, sizeof *rs->v);
    rs->v[rs->n++] = *r;
    memset(r, 0, sizeof *r);
}

void pt_rows_free(pt_rows *rs)
{
    for (size_t i = 0; i < rs->n; i++)
        pt_row_free(&rs->v[i]);
    free(rs->v);
    memset(rs, 0, sizeof *rs);
}

bool pt_blank(const char *s, size_t n)
{
    text_trim(s, &n);
    return n == 0;
}

/* Whether s[0..n) is all '|'. A line is a slice of the caller's text,
 * which need not end in NUL: never strspn, which reads on to one. */
static bool only_pipes(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (s[i] != '|')
            return false;
    return true;
}

static bool line_blank(const pt_line *l)
{
    return pt_blank(l->p, l->n);
}

/* In the tab-led layout a lone tab is an empty (merged) cell, not a blank
 * line: only a line without a leading tab can separate rows. */
static bool line_blank_cells(const pt_line *l)
{
    return (l->n == 0 || l->p[0] != '\t') && line_blank(l);
}

bool pt_split_lines(const char *text, size_t len, pt_line **out, size_t *nout, pm_err *err)
{
    size_t bom = utf8_bom_len(text, len);
    text += bom, len -= bom;
    if (pt_blank(text, len)) {
        /* Line 1: every message names a line, and that is where the table
         * was looked for first. */
        pm_err_set(err, 1, "文件为空，没有可读取的指标表");
        return false;
    }
    pt_line *lines = NULL;
    size_t n = 0, cap = 0;
    long no = 1;
    for (size_t i = 0; i <= len;) {
        const char *nl = i < len ? memchr(text + i, '\n', len - i) : NULL;
        size_t end = nl ? (size_t)(nl - text) : len;
        size_t ln = end - i;
        if (ln > PM_PLANTABLE_MAX_LINE) {
            pm_err_set(err, no, "该行过长（超过 %d 字节），不是指标表的内容", PM_PLANTABLE_MAX_LINE);
            free(lines);
            return false;
        }
        if (memchr(text + i, '\0', ln)) {
            pm_err_set(err, no, "该行含有空字符（NUL），文件可能不是文本文件");
            free(lines);
            return false;
        }
        size_t bad;
        if (!utf8_valid(text + i, ln, &bad)) {
            pm_err_set(err, no, "第 %zu 个字节不是有效的 UTF-8 编码（请将文件另存为 UTF-8）", bad + 1);
            free(lines);
            return false;
        }
        if (ln && text[i + ln - 1] == '\r')
            ln--;
        lines = xgrow(lines, &cap, n + 1, sizeof *lines);
        lines[n++] = (pt_line){text + i, ln, no};
        if (!nl)
            break;
        i = end + 1;
        no++;
    }
    *out = lines;
    *nout = n;
    return true;
}

/* ---- splitting one line -------------------------------------------------- */

static void split_cells(const char *s, size_t n, char sep, long lineno, pt_row *r)
{
    size_t start = 0;
    for (size_t i = 0; i <= n; i++) {
        if (i == n || s[i] == sep) {
            pt_row_add(r, text_trim_dup(s + start, i - start), lineno);
            start = i + 1;
        }
    }
    r->line = lineno;
}

static bool is_pipe_line(const pt_line *l)
{
    size_t n = l->n;
    const char *s = text_trim(l->p, &n);
    return n > 0 && s[0] == '|';
}

/* |---|:--:| separator rows of Markdown tables, and lines of pipes alone. */
static bool is_pipe_separator(const pt_line *l)
{
    size_t n = l->n;
    const char *s = text_trim(l->p, &n);
    for (size_t i = 0; i < n; i++)
        if (!strchr("|:- \t", s[i]))
            return false;
    return true;
}

static void pipe_row(const pt_line *l, pt_row *r)
{
    size_t n = l->n;
    const char *s = text_trim(l->p, &n);
    s++, n--; /* the leading pipe */
    s = text_trim(s, &n);
    if (n && s[n - 1] == '|')
        n--;
    split_cells(s, n, '|', l->no, r);
}

static void tsv_row(const pt_line *l, pt_row *r)
{
    /* Every tab starts a cell, trailing ones too: "…\t5\t" is a row whose
     * target is empty (null). Excel's trailing tab runs are trimmed later. */
    split_cells(l->p, l->n, '\t', l->no, r);
}

/* Excel quotes a copied cell that holds a line break: "全社会…\n…比例".
 * After the lines are joined, the quotes go ("" inside is one "). */
static void unquote_cells(pt_row *r)
{
    for (size_t i = 0; i < r->n; i++) {
        char *t = r->cells[i].text;
        size_t n = strlen(t);
        if (n < 2 || t[0] != '"' || t[n - 1] != '"')
            continue;
        size_t w = 0;
        for (size_t k = 1; k + 1 < n; k++) {
            t[w++] = t[k];
            if (t[k] == '"' && t[k + 1] == '"' && k + 2 < n)
                k++;
        }
        t[w] = '\0';
    }
}

/* Whether cell text t opens an Excel quote it does not close ("2020年 …
 * with the rest of the cell on the next line). */
static bool open_quote(const char *t)
{
    if (t[0] != '"')
        return false;
    size_t q = 0;
    for (const char *p = t; *p; p++)
        q += *p == '"';
    return q % 2 == 1;
}

/* Joins to row r the lines from i on while its last cell is an open Excel
 * quote: a line break inside a cell ("2020年⏎基期值"). The next line's first
 * cell ends that cell; its other cells follow. Returns the next line. */
static size_t join_quoted(const pt_line *lines, size_t nlines, size_t i, pt_row *r)
{
    while (r->n > 0 && open_quote(r->cells[r->n - 1].text) && i < nlines) {
        pt_row more = {0};
        tsv_row(&lines[i], &more);
        buf b = BUF_INIT;
        buf_printf(&b, "%s\n%s", r->cells[r->n - 1].text, more.cells[0].text);
        free(r->cells[r->n - 1].text);
        r->cells[r->n - 1].text = buf_detach(&b);
        for (size_t k = 1; k < more.n; k++) {
            pt_row_add(r, more.cells[k].text, more.cells[k].line);
            more.cells[k].text = NULL;
        }
        pt_row_free(&more);
        i++;
    }
    return i;
}

static bool tsv_candidate(const pt_line *l)
{
    size_t tabs = 0;
    for (size_t i = 0; i < l->n; i++)
        tabs += l->p[i] == '\t';
    size_t n = l->n;
    const char *s = text_trim(l->p, &n);
    return tabs >= 1 && n > 0 && memchr(s, '\t', n);
}

/* Display width of s[0, n): wide characters take two columns. */
static size_t span_width(const char *s, size_t n)
{
    char *t = xstrndup(s, n);
    size_t w = utf8_width(t);
    free(t);
    return w;
}

/* PDF text: cells separated by two or more blanks (or an ideographic space).
 * Each cell keeps the display columns it stands in (x0, x1), which say
 * which header column a cell of a row with merged cells belongs under. */
static void space_row(const pt_line *l, pt_row *r)
{
    const char *s = l->p;
    size_t n = l->n, start = 0, i = 0, x = 0, xat = 0; /* x: display column of s[xat] */
    r->line = l->no;
    while (i <= n) {
        size_t gap = 0, j = i, blanks = 0;
        while (j < n) {
            if (s[j] == ' ')
                j++, blanks++;
            else if (j + 3 <= n && !memcmp(s + j, "\xE3\x80\x80", 3))
                j += 3, blanks += 2;
            else
                break;
        }
        gap = blanks >= 2 ? j - i : 0;
        if (gap || i == n) {
            size_t len = i - start;
            if (!pt_blank(s + start, len)) {
                size_t lead = 0; /* a single blank before the text */
                while (lead < len && s[start + lead] == ' ')
                    lead++;
                x += span_width(s + xat, start + lead - xat);
                xat = start + lead;
                char *text = text_trim_dup(s + start, len);
                pt_row_add(r, text, l->no);
                r->cells[r->n - 1].x0 = x;
                r->cells[r->n - 1].x1 = x + (utf8_width(text) ? utf8_width(text) : 1);
            }
            if (i == n)
                break;
            start = j;
            i = j;
        } else {
            i = j > i ? j : i + 1;
        }
    }
}

/* The display column where each cell of space_row(l) starts, into x[]
 * (up to xmax cells); returns the count. */
static size_t space_starts(const pt_line *l, size_t *x, size_t xmax)
{
    pt_row r = {0};
    space_row(l, &r);
    size_t found = 0;
    for (size_t k = 0; k < r.n && found < xmax; k++)
        x[found++] = r.cells[k].x0;
    pt_row_free(&r);
    return found;
}

/* A PDF header's second line ("基期值   目标值" under "2020 年   2025 年"):
 * each of its words joins the header cell it stands under (nearest start
 * column), not the cell at the same position. */
static void merge_header_below_space(pt_row *h, const pt_line *hl, const pt_row *below, const pt_line *bl)
{
    size_t hx[64], bx[64];
    size_t nh = space_starts(hl, hx, 64), nb = space_starts(bl, bx, 64);
    if (nh != h->n || nb != below->n)
        return;
    for (size_t i = 0; i < nb; i++) {
        size_t best = 0;
        for (size_t k = 1; k < nh; k++)
            if ((hx[k] > bx[i] ? hx[k] - bx[i] : bx[i] - hx[k]) < (hx[best] > bx[i] ? hx[best] - bx[i] : bx[i] - hx[best]))
                best = k;
        pt_cell *c = &h->cells[best];
        buf b = BUF_INIT;
        if (pt_classify(c->text).kind == PT_GROUP || !c->text[0])
            buf_puts(&b, below->cells[i].text);
        else
            buf_printf(&b, "%s%s", c->text, below->cells[i].text);
        free(c->text);
        c->text = buf_detach(&b);
    }
}

/* ---- tab-led cell per line ------------------------------------------------ */

static bool may_continue_value(const char *s, size_t n)
{
    size_t cps = 0;
    for (size_t i = 0; i < n;) {
        uint32_t cp;
        i += utf8_decode(s + i, n - i, &cp);
        cps++;
        if (cp == 0x3002 || cp == 0xFF1A || cp == ':')
            return false;
    }
    return cps <= 16;
}

/* One cell per line: reads the block starting at lines[*i] (a line starting
 * with a tab) up to a blank line. A line without a leading tab continues
 * the cell above it ("城乡" + "社区治理", "120.14" + "平方公里"), unless it
 * reads as prose (a sentence, a 备注 line): then the block ends there and *i
 * is left on that line. */
static void cell_block(const pt_line *lines, size_t nlines, size_t *i, bool in_header, pt_row *r)
{
    buf cur = BUF_INIT;
    long cur_line = 0;
    r->line = lines[*i].no;
    for (; *i < nlines && !line_blank_cells(&lines[*i]); (*i)++) {
        const pt_line *l = &lines[*i];
        if (l->p[0] == '\t') {
            if (cur_line)
                pt_row_add(r, text_trim_dup(buf_str(&cur), cur.len), cur_line);
            buf_reset(&cur);
            buf_append(&cur, l->p + 1, l->n - 1);
            cur_line = l->no;
        } else {
            size_t n = l->n;
            const char *s = text_trim(l->p, &n);
            if (!in_header && !may_continue_value(s, n))
                break;
            /* Drop the blanks at the end of what is there so far ("城乡 " +
             * "社区治理"). */
            size_t m = cur.len;
            const char *start = buf_str(&cur);
            const char *t = text_trim(start, &m);
            size_t keep = (size_t)(t - start) + m;
            if (keep < cur.len) {
                /* through the buffer's own calls, so that it stays a
                 * terminated string (setting len alone broke buf's
                 * invariant: fuzz_plantable's crash at a trailing blank) */
                char *kept = xstrndup(start, keep);
                buf_reset(&cur);
                buf_append(&cur, kept, keep);
                free(kept);
            }
            buf_append(&cur, s, n);
        }
    }
    if (cur_line)
        pt_row_add(r, text_trim_dup(buf_str(&cur), cur.len), cur_line);
    buf_free(&cur);
}

/* ---- two-row headers in grids -------------------------------------------- */

/* Whether every non-empty cell of r is a value column's word (2020年, 目标). */
static bool value_words_only(const pt_row *r)
{
    size_t words = 0;
    for (size_t i = 0; i < r->n; i++) {
        if (!r->cells[i].text[0])
            continue;
        pt_col c = pt_classify(r->cells[i].text);
        if (c.kind != PT_VALUE)
            return false;
        words++;
    }
    return words >= 1;
}

/* Merges the header row h with the row below it that names the years under
 * a group cell (指标值 | 2020年 2025年), position by position. */
static void merge_header_rows(pt_row *h, const pt_row *below)
{
    for (size_t i = 0; i < below->n; i++) {
        if (!below->cells[i].text[0])
            continue;
        while (i >= h->n) /* the row below may be wider by more than one cell */
            pt_row_add(h, xstrdup(""), below->cells[i].line);
        pt_cell *c = &h->cells[i];
        pt_col k = pt_classify(c->text);
        buf b = BUF_INIT;
        if (k.kind == PT_GROUP || !c->text[0])
            buf_puts(&b, below->cells[i].text);
        else
            buf_printf(&b, "%s%s", c->text, below->cells[i].text);
        free(c->text);
        c->text = buf_detach(&b);
    }
}

/* In a header, a copy of a spanning cell is no column name of its own. */
static void blank_spanned(pt_row *r)
{
    for (size_t i = 0; i < r->n; i++)
        if (r->cells[i].spanned) {
            free(r->cells[i].text);
            r->cells[i].text = xstrdup("");
        }
}

bool pt_grid_table(pt_rows *grid, pt_header *h, pt_rows *data, long *near_line, const char **near)
{
    *near_line = 0;
    *near = NULL;
    for (size_t i = 0; i < grid->n; i++) {
        pt_row *r = &grid->v[i];
        const char *why = NULL;
        size_t first = i + 1;
        pt_row hr = {0}, below = {0};
        for (size_t k = 0; k < r->n; k++) {
            pt_row_add(&hr, xstrdup(r->cells[k].text), r->cells[k].line);
            hr.cells[k].spanned = r->cells[k].spanned;
        }
        blank_spanned(&hr);
        if (first < grid->n) {
            for (size_t k = 0; k < grid->v[first].n; k++) {
                pt_row_add(&below, xstrdup(grid->v[first].cells[k].text), grid->v[first].cells[k].line);
                below.cells[k].spanned = grid->v[first].cells[k].spanned;
            }
            blank_spanned(&below);
            if (value_words_only(&below)) {
                merge_header_rows(&hr, &below);
                first++;
            }
        }
        bool found = pt_header_from_cells(hr.cells, hr.n, r->line, h, &why);
        pt_row_free(&hr);
        pt_row_free(&below);
        if (found) {
            for (size_t k = first; k < grid->n; k++) {
                grid->v[k].positional = true;
                pt_rows_add(data, &grid->v[k]);
            }
            return true;
        }
        if (why && !*near) {
            *near = why;
            *near_line = r->line;
        }
    }
    return false;
}

/* ---- cells one per line without tabs -------------------------------------- */

typedef struct stream_cell {
    char *text;
    long line;
    bool para; /* first cell of a paragraph */
} stream_cell;

typedef struct stream {
    stream_cell *v;
    size_t n, cap;
} stream;

static void stream_free(stream *s)
{
    for (size_t i = 0; i < s->n; i++)
        free(s->v[i].text);
    free(s->v);
}

/* Whether paragraphs from line i are mostly one line each: then a blank line
 * follows every cell and a paragraph is one cell (its lines a cell broken
 * over lines); else every line is a cell. */
static bool paragraph_cells(const pt_line *lines, size_t nlines, size_t i)
{
    size_t paras = 0, single = 0, len = 0;
    bool blank_seen = false;
    for (; i < nlines && paras < 80; i++) {
        if (line_blank(&lines[i])) {
            blank_seen = true;
            if (len) {
                paras++;
                single += len == 1;
            }
            len = 0;
        } else {
            len++;
        }
    }
    if (len) {
        paras++;
        single += len == 1;
    }
    return blank_seen && single * 3 >= paras * 2;
}

/* A web page's table flattened to text by some tools: a cell per line, each
 * closed by a pipe ("2015年 |"), a pipe alone for an empty cell. True when
 * line l is such a cell line (a leading pipe makes a Markdown row instead). */
static bool is_tail_pipe_line(const pt_line *l)
{
    size_t n = l->n;
    const char *t = text_trim(l->p, &n);
    return n >= 2 && t[n - 1] == '|' && t[0] != '|';
}

/* Reads the cells of tail-pipe lines from line i: the text before each
 * line's closing pipe is a cell; a pipe alone is an empty cell; a run of
 * pipes alone ("||") or a blank line ends a row. The table ends at the
 * first line that is neither (the text after it). */
static void read_tail_pipe_stream(const pt_line *lines, size_t nlines, size_t i, stream *s)
{
    bool para = true;
    for (; i < nlines; i++) {
        size_t n = lines[i].n;
        const char *t = text_trim(lines[i].p, &n);
        if (n == 0) {
            para = true;
            continue;
        }
        if (t[n - 1] != '|')
            break;
        if (n >= 2 && only_pipes(t, n)) {
            para = true;
            continue;
        }
        size_t m = n - 1;
        t = text_trim(t, &m);
        s->v = xgrow(s->v, &s->cap, s->n + 1, sizeof *s->v);
        s->v[s->n++] = (stream_cell){text_trim_dup(t, m), lines[i].no, para};
        para = false;
    }
}

static void read_stream(const pt_line *lines, size_t nlines, size_t i, bool para_cells, stream *s)
{
    buf cur = BUF_INIT;
    long cur_line = 0;
    bool para = true;
    for (; i <= nlines; i++) {
        /* an empty line's p may point one past the text: test n first */
        bool tab = i < nlines && lines[i].n > 0 && lines[i].p[0] == '\t';
        bool blank = i == nlines || line_blank(&lines[i]) || tab;
        if (tab && !line_blank(&lines[i]))
            break; /* another layout starts: not this table */
        if (!blank && para_cells) {
            size_t n = lines[i].n;
            const char *t = text_trim(lines[i].p, &n);
            if (!cur_line)
                cur_line = lines[i].no;
            buf_append(&cur, t, n);
            continue;
        }
        if (cur_line) {
            s->v = xgrow(s->v, &s->cap, s->n + 1, sizeof *s->v);
            s->v[s->n++] = (stream_cell){text_trim_dup(buf_str(&cur), cur.len), cur_line, para};
            para = !para_cells ? false : true;
            buf_reset(&cur);
            cur_line = 0;
        }
        if (i == nlines)
            break;
        if (blank) {
            para = true;
            continue;
        }
        size_t n = lines[i].n;
        const char *t = text_trim(lines[i].p, &n);
        s->v = xgrow(s->v, &s->cap, s->n + 1, sizeof *s->v);
        s->v[s->n++] = (stream_cell){text_trim_dup(t, n), lines[i].no, para};
        para = false;
    }
    buf_free(&cur);
}

static bool is_int_cell(const char *s, long *v)
{
    return num_parse_int(s, 1, 100000, v);
}

static bool value_like(const char *s)
{
    pt_value v;
    pt_value_parse(s, &v);
    return v.kind == PT_V_NUMBER || v.kind == PT_V_NULL;
}

/* Cells of stream s[from..to) into a new row of rows. */
static void emit(pt_rows *rows, const stream *s, size_t from, size_t to, char **heading)
{
    if (from >= to)
        return;
    pt_row r = {0};
    r.line = s->v[from].line;
    for (size_t k = from; k < to; k++)
        pt_row_add(&r, xstrdup(s->v[k].text), s->v[k].line);
    r.heading = *heading;
    *heading = NULL;
    pt_rows_add(rows, &r);
}

/* Whether t can be a leading cell of a row (领域 text): not a figure, not
 * a 属性 word, not a 其中 line. */
static bool lead_text(const char *t)
{
    bool binding;
    char *part = pt_part_name(t);
    free(part);
    return t[0] && !value_like(t) && !pt_is_attr_word(t, &binding) && !part;
}

/* The header's columns after the name that hold a row's figures (values, and
 * columns not otherwise read, 完成情况). */
static size_t figure_cols(const pt_header *h)
{
    size_t n = 0;
    for (size_t j = h->name_col >= 0 ? (size_t)h->name_col + 1 : 0; j < h->n; j++)
        n += h->col[j].kind == PT_VALUE || h->col[j].kind == PT_OTHER;
    return n;
}

/* Joins s->v[at..at+n) into s->v[at], which keeps its line: one cell the
 * copy broke into paragraphs (a 类别 label "疾病防控与" / "爱国卫生", a
 * two-line header cell, a figure and its note). */
static void join_cells(stream *s, size_t at, size_t n)
{
    if (n < 2)
        return;
    buf b = BUF_INIT;
    for (size_t k = at; k < at + n; k++)
        buf_puts(&b, s->v[k].text);
    free(s->v[at].text);
    s->v[at].text = buf_detach(&b);
    for (size_t k = at + 1; k < at + n; k++)
        free(s->v[k].text);
    memmove(&s->v[at + 1], &s->v[at + n], (s->n - at - n) * sizeof *s->v);
    s->n -= n - 1;
}

/* Cuts the data cells into rows by the 序号 sequence: a row starts at the
 * cell holding the next number (the cells of the leading columns, 领域,
 * stand before it), and holds up to the header's count of cells from there;
 * cells beyond that before the next number are a 其中 row or the next row's
 * leading cells. */
static void rows_by_number(stream *s, size_t from, const pt_header *h, pt_rows *rows)
{
    size_t q = (size_t)h->no_col, width = h->n - q;
    size_t name_w = h->name_col >= 0 ? h->n - (size_t)h->name_col : width;
    /* a row holds at least its number, its name and its values */
    size_t min_w = 1;
    for (size_t j = q + 1; j < h->n; j++)
        min_w += h->col[j].kind == PT_NAME || h->col[j].kind == PT_VALUE;
    /* the first number */
    size_t p = SIZE_MAX;
    long expect = 0;
    for (size_t k = from; k < s->n && k <= from + q + 1; k++)
        if (is_int_cell(s->v[k].text, &expect)) {
            p = k;
            break;
        }
    if (p == SIZE_MAX)
        return;
    char *heading = NULL;
    size_t lead = p - from > q ? p - q : from;
    for (size_t k = from; k < lead; k++) {
        char *hd = pt_heading_text(s->v[k].text);
        if (hd) {
            free(heading);
            heading = hd;
        }
    }
    while (p < s->n) {
        /* the next row's number: not a value followed by another value */
        size_t next = SIZE_MAX;
        long v;
        for (size_t k = p + min_w; k < s->n; k++) {
            bool binding;
            if (is_int_cell(s->v[k].text, &v) && v == expect + 1 &&
                (k + 1 == s->n ||
                 (!value_like(s->v[k + 1].text) && !pt_is_attr_word(s->v[k + 1].text, &binding)))) {
                next = k;
                break;
            }
            if (k > p + 4 * h->n + 8)
                break; /* far past any row: the table has ended */
        }
        size_t end = next == SIZE_MAX ? s->n : next;
        /* the row and its 其中 rows */
        size_t start = lead, k = p + 1, piece_w = width, piece_from = p;
        (void)piece_from;
        size_t cut = end;
        for (; k < end; k++) {
            char *part = pt_part_name(s->v[k].text);
            if (part) {
                free(part);
                emit(rows, s, start, k, &heading);
                start = k;
                piece_w = name_w;
            }
        }
        /* The last piece: beyond its width, the cells are the next row's leading
         * ones (or, after the last row, whatever follows the table). */
        size_t piece_len = cut - start;
        size_t extra_lead = 0;
        if (next == SIZE_MAX) {
            size_t w = start == lead ? piece_w + (p - lead) : piece_w;
            if (piece_len > w)
                cut = start + w;
        } else {
            size_t w = start == lead ? piece_w + (p - lead) : piece_w;
            /* Text cells before the next number, after a row that already
             * holds its figures, lead the next row, however many cells the
             * row left out (an empty unit cell the copy dropped); more of
             * them than group columns are one label broken into paragraphs. */
            size_t run = 0, figs = 0;
            while (cut - run > p + 2 && lead_text(s->v[cut - run - 1].text))
                run++;
            for (size_t m = p + 2; m < cut - run; m++)
                figs += s->v[m].text[0] && value_like(s->v[m].text);
            if (run && q && start == lead && h->name_col == h->no_col + 1 && value_like(s->v[cut - run - 1].text) && figs >= figure_cols(h)) {
                if (run > q) {
                    join_cells(s, cut - run, run - q + 1);
                    next -= run - q;
                    end -= run - q;
                    cut -= run - q;
                    run = q;
                }
                extra_lead = run;
                cut -= extra_lead;
            } else if (piece_len > w) {
                extra_lead = piece_len - w;
                if (extra_lead > q)
                    extra_lead = q;
                /* only text cells lead a row (领域), and headings */
                while (extra_lead && value_like(s->v[cut - extra_lead].text))
                    extra_lead--;
                cut -= extra_lead;
            }
        }
        emit(rows, s, start, cut, &heading);
        if (next == SIZE_MAX)
            break;
        lead = cut;
        for (size_t m = cut; m < next; m++) {
            char *hd = pt_heading_text(s->v[m].text);
            if (hd) {
                free(heading);
                heading = hd;
                lead = m + 1;
            }
        }
        p = next;
        expect++;
    }
    free(heading);
}

/* Whether header column j holds figures that stack under a name's 其中
 * lines (a value column, or one kept only for a warning, 年均增长). */
static bool is_heading(const char *text)
{
    char *hd = pt_heading_text(text);
    free(hd);
    return hd != NULL;
}

static bool stacking_col(const pt_header *h, size_t j)
{
    return h->col[j].kind == PT_VALUE || h->col[j].kind == PT_OTHER;
}

/* Cuts cells given one per paragraph, with the name in the first column and
 * no 序号, into rows by the header's shape (counting cells per row would
 * misalign at the first heading or 其中 line):
 * - a heading cell (一、…) before a name sets the domain;
 * - a row is its name, then the 其中 lines under it (a part's name, and the
 *   lines after it that are no figure), then for every stacking column as
 *   many cells as the figures are stacked (one per name line, or one fewer
 *   when the name above its 其中 lines has no figure of its own), and one
 *   cell for each other column.
 * The rows are positional, a cell per column, a stacked column's figures
 * joined by line breaks (split_stacked_rows() makes them parts). The table
 * ends where a row would hold no figure and no 属性 word (the text after it). */
static void rows_by_shape(const stream *s, size_t from, const pt_header *h, pt_rows *rows)
{
    size_t stacks = 0;
    for (size_t j = 1; j < h->n; j++)
        stacks += stacking_col(h, j);
    char *heading = NULL;
    size_t k = from;
    while (k < s->n) {
        const char *t = s->v[k].text;
        char *hd = pt_heading_text(t);
        if (hd && k + 1 < s->n && !value_like(s->v[k + 1].text)) {
            free(heading);
            heading = hd;
            k++;
            continue;
        }
        free(hd);
        if (value_like(t))
            break;
        /* the name and its 其中 lines */
        size_t name_end = k + 1;
        bool binding;
        char *part = name_end < s->n ? pt_part_name(s->v[name_end].text) : NULL;
        if (part) {
            free(part);
            while (name_end < s->n && !value_like(s->v[name_end].text) &&
                   !pt_is_attr_word(s->v[name_end].text, &binding) && !is_heading(s->v[name_end].text))
                name_end++;
        }
        size_t lines = name_end - k;
        /* how high the figures stand: the run of figures after the name */
        size_t run = 0;
        while (name_end + run < s->n && value_like(s->v[name_end + run].text))
            run++;
        size_t high = 1;
        bool own = true; /* the name's first line has figures of its own */
        if (lines > 1 && stacks && run >= stacks * lines)
            high = lines;
        else if (lines > 1 && stacks && run >= stacks * (lines - 1))
            high = lines - 1, own = false;
        pt_row r = {0};
        r.line = s->v[k].line;
        r.positional = true;
        buf b = BUF_INIT;
        for (size_t m = k; m < name_end; m++) {
            if (m > k)
                buf_putc(&b, high > 1 || !own ? '\n' : ' ');
            buf_puts(&b, s->v[m].text);
        }
        pt_row_add(&r, buf_detach(&b), s->v[k].line);
        size_t c = name_end;
        bool figure = false, attr = false;
        for (size_t j = 1; j < h->n && c < s->n; j++) {
            size_t take = stacking_col(h, j) ? high : 1;
            if (c + take > s->n)
                take = s->n - c;
            buf_reset(&b);
            if (take > 1 && !own)
                buf_putc(&b, '\n');
            for (size_t m = c; m < c + take; m++) {
                if (m > c)
                    buf_putc(&b, '\n');
                buf_puts(&b, s->v[m].text);
                figure |= stacking_col(h, j) && value_like(s->v[m].text) && s->v[m].text[0];
                attr |= h->col[j].kind == PT_ATTR && pt_is_attr_word(s->v[m].text, &binding);
            }
            pt_row_add(&r, buf_detach(&b), s->v[c].line);
            c += take;
        }
        buf_free(&b);
        if (!figure && !attr) {
            pt_row_free(&r);
            break;
        }
        r.heading = heading;
        heading = NULL;
        pt_rows_add(rows, &r);
        k = c;
    }
    free(heading);
}

/* Cuts cells given one per line (or per paragraph) with nothing that marks
 * rows (no blank line between rows, no 序号) at the 属性 column: every row
 * holds one 约束性/预期性 cell, and after it as many cells as the header has
 * columns after 属性 (values are written, “—” when there are none). The
 * cells before it are the row's: merged cells the copy left out make them
 * fewer (lined up later by content); a heading cell before a row sets the
 * domain. After the last 属性 cell the table has ended, unless the cells
 * there hold figures: then they are a row, read (or refused) as one. */
/* Group columns (领域, 子领域) before the name column. */
static size_t group_cols(const pt_header *h)
{
    size_t g = 0;
    for (int j = 0; j < h->name_col; j++)
        g += h->col[j].kind == PT_DOMAIN || h->col[j].kind == PT_SUBDOMAIN;
    return g;
}

/* Whether t is a numbered name ("1.残疾人家庭人均年收入增速(%)"): numbering
 * that pt_strip_numbering() drops, with text after it. */
static bool numbered_name(const char *t)
{
    char *c = xstrdup(t);
    pt_strip_numbering(c);
    bool yes = c[0] && strcmp(c, t) != 0 && !value_like(t);
    free(c);
    return yes;
}

/* A merged 类别 label the copy broke into paragraphs ("收入和" / "就业")
 * stands before the row's name as one cell too many: when the name is
 * numbered (so known) and more text cells than the header's group columns
 * stand before it, the first ones are joined into one label. Works on
 * s->v[start..end) in place; returns the new end. */
static size_t join_group_cells(stream *s, size_t start, size_t end, const pt_header *h)
{
    size_t g = group_cols(h), name = start;
    while (name < end && !numbered_name(s->v[name].text))
        name++;
    if (g == 0 || name >= end || name - start <= g)
        return end;
    size_t extra = name - start - g;
    for (size_t k = start; k <= start + extra; k++)
        if (value_like(s->v[k].text) || is_heading(s->v[k].text))
            return end;
    join_cells(s, start, extra + 1);
    return end - extra;
}

static void rows_by_attr(stream *s, size_t from, const pt_header *h, size_t attr_col, pt_rows *rows)
{
    size_t after = h->n - 1 - attr_col;
    char *heading = NULL;
    size_t start = from;
    bool binding;
    for (size_t k = from; k < s->n; k++) {
        if (k == start || !pt_is_attr_word(s->v[k].text, &binding))
            continue;
        size_t end = k + 1 + after;
        if (end > s->n)
            end = s->n;
        for (size_t m = k + 1; m < end; m++)
            if (pt_is_attr_word(s->v[m].text, &binding))
                end = m; /* a 属性 word is no value: the row is short */
        while (end - start > h->n && is_heading(s->v[start].text)) {
            free(heading);
            heading = pt_heading_text(s->v[start].text);
            start++;
        }
        end = join_group_cells(s, start, end, h);
        emit(rows, s, start, end, &heading);
        start = end;
        k = end - 1;
    }
    size_t figures = 0;
    for (size_t k = start; k < s->n; k++)
        figures += s->v[k].text[0] && value_like(s->v[k].text);
    if (figures >= 2)
        emit(rows, s, start, s->n, &heading);
    free(heading);
}

/* As rows_by_attr() for a header without 属性 whose last columns hold
 * values (… | 2020年 | 2025年): a row ends with the run of as many figures
 * as there are such columns, after its text (name, unit). A text target
 * (显著提升) breaks the run: the cells up to it stay one row, which lines up
 * or is refused. */
static void rows_by_figures(const stream *s, size_t from, const pt_header *h, pt_rows *rows)
{
    size_t m = 0;
    while (m < h->n && h->col[h->n - 1 - m].kind == PT_VALUE)
        m++;
    char *heading = NULL;
    size_t start = from, k = from;
    while (k < s->n && m > 0) {
        /* the first run of m figures after a text cell of this row */
        size_t run = SIZE_MAX;
        for (size_t j = start + 1; j + m <= s->n; j++) {
            if (value_like(s->v[j - 1].text))
                continue;
            size_t c = 0;
            while (c < m && value_like(s->v[j + c].text))
                c++;
            if (c == m) {
                run = j;
                break;
            }
            if (j > start + 2 * h->n)
                break; /* far past any row: the table has ended */
        }
        if (run == SIZE_MAX)
            break;
        size_t end = run + m;
        while (end - start > h->n && is_heading(s->v[start].text)) {
            free(heading);
            heading = pt_heading_text(s->v[start].text);
            start++;
        }
        emit(rows, s, start, end, &heading);
        start = k = end;
    }
    free(heading);
}

/* Whether the data cells after the header's (from on) come with row marks:
 * a blank line, or a run of pipes, before some cell. */
static bool stream_has_rows(const stream *s, size_t from)
{
    for (size_t k = from + 1; k < s->n; k++)
        if (s->v[k].para)
            return true;
    return false;
}

/* Whether a data cell from `from` on is a 其中 line. */
static bool stream_has_parts(const stream *s, size_t from)
{
    for (size_t k = from; k < s->n; k++) {
        char *part = pt_part_name(s->v[k].text);
        free(part);
        if (part)
            return true;
    }
    return false;
}

/* A header cell that holds a year alone, followed by a cell that names what
 * that year's figure is without a year of its own (基期值, 规划目标, 完成情况):
 * the copy gave one two-line header cell ("2020年" / "规划目标") as two
 * paragraphs. Taken for one cell only when two columns cannot be meant: the
 * same year stands alone twice ("2020年" / "完成情况" | "2020年" / "规划目标"),
 * or the word's own year (目标: the plan period's end; 基期: five years before)
 * is that year. A 累计 word is a column of its own (2020年 | 〔累计〕). */
static bool year_alone(const char *t, int *year)
{
    pt_col c = pt_classify(t);
    *year = c.year;
    return c.kind == PT_VALUE && c.role == PT_ROLE_NONE && !c.cumul && c.year && !pt_period_end(t);
}

static bool year_word(const char *t, pt_role *role)
{
    pt_col c = pt_classify(t);
    *role = c.role;
    if (strpbrk(t, "0123456789") || pt_period_end(t))
        return false;
    return (c.kind == PT_VALUE && c.role != PT_ROLE_NONE && !c.cumul) || c.kind == PT_OTHER;
}

static void join_two_line_header(stream *s, size_t *k, int period_end)
{
    /* decide on the cells as given, then join from the right */
    bool *join = xcalloc(*k ? *k : 1, sizeof *join);
    for (size_t j = 0; j + 1 < *k; j++) {
        int y;
        pt_role role;
        if (!year_alone(s->v[j].text, &y) || !year_word(s->v[j + 1].text, &role) || (j && join[j - 1]))
            continue;
        bool again = false;
        for (size_t m = 0; m + 1 < *k; m++) {
            int y2;
            pt_role r2;
            again |= m != j && year_alone(s->v[m].text, &y2) && y2 == y && year_word(s->v[m + 1].text, &r2);
        }
        join[j] = again || (period_end && ((role == PT_ROLE_TARGET && y == period_end) ||
                                           (role == PT_ROLE_BASE && y == period_end - 5)));
    }
    for (size_t j = *k; j-- > 0;) {
        if (!join[j])
            continue;
        join_cells(s, j, 2);
        (*k)--;
    }
    free(join);
}

/* A note in parentheses the copy gave as a paragraph of its own under a
 * figure ("83.16" / "(市级测算)") belongs to that figure's cell: it is read
 * as a note on the value. Only where no unit column follows the value
 * columns, so that no row's unit cell comes right after a figure. */
static void join_value_notes(stream *s, size_t from, const pt_header *h)
{
    int ucol = pt_col_of(h, PT_UNIT);
    for (size_t j = 0; j < h->n; j++)
        if (h->col[j].kind == PT_VALUE && ucol > (int)j)
            return;
    for (size_t k = from + 1; k < s->n; k++) {
        const char *t = s->v[k].text;
        size_t n = strlen(t);
        bool open = t[0] == '(' || text_starts(t, "（");
        bool close = (n && t[n - 1] == ')') || (n >= 3 && !strcmp(t + n - 3, "）"));
        pt_value v;
        pt_value_parse(s->v[k - 1].text, &v);
        if (!open || !close || strstr(t, "其中") || v.kind != PT_V_NUMBER)
            continue;
        join_cells(s, k - 1, 2);
        k--;
    }
}

/* Reads a header of cells one per line (or per paragraph) from line i; on
 * success fills h and rows. */
static bool plain_table(const pt_line *lines, size_t nlines, size_t i, int period_end, pt_header *h,
                        pt_rows *rows, const char **near)
{
    bool tail_pipe = is_tail_pipe_line(&lines[i]);
    bool para_cells = !tail_pipe && paragraph_cells(lines, nlines, i);
    stream s = {0};
    if (tail_pipe)
        read_tail_pipe_stream(lines, nlines, i, &s);
    else
        read_stream(lines, nlines, i, para_cells, &s);
    size_t k = 0;
    while (k < s.n && pt_classify(s.v[k].text).kind != PT_UNKNOWN)
        k++;
    join_two_line_header(&s, &k, period_end);
    pt_cell *hc = xcalloc(k ? k : 1, sizeof *hc);
    for (size_t j = 0; j < k; j++)
        hc[j] = (pt_cell){.text = s.v[j].text, .line = s.v[j].line};
    bool ok = k >= 2 && pt_header_from_cells(hc, k, s.v[0].line, h, near);
    free(hc);
    if (!ok) {
        stream_free(&s);
        return false;
    }
    /* Without 序号 or row marks, the 属性 column (or else the run of
     * figures that ends a row) cuts the cells into rows, merged cells left
     * out or not; 其中 lines stacked under a name need the shape instead. */
    size_t attr_col = SIZE_MAX;
    for (size_t j = 0; j < h->n; j++)
        if (h->col[j].kind == PT_ATTR)
            attr_col = j;
    join_value_notes(&s, k, h);
    bool unmarked = (para_cells || !stream_has_rows(&s, k)) && !stream_has_parts(&s, k);
    if (h->no_col >= 0) {
        rows_by_number(&s, k, h, rows);
    } else if (unmarked && attr_col != SIZE_MAX) {
        rows_by_attr(&s, k, h, attr_col, rows);
    } else if (para_cells && h->name_col == 0) {
        rows_by_shape(&s, k, h, rows);
    } else if (unmarked && h->col[h->n - 1].kind == PT_VALUE) {
        rows_by_figures(&s, k, h, rows);
    } else if (para_cells) {
        char *heading = NULL;
        for (size_t j = k; j + h->n <= s.n; j += h->n)
            emit(rows, &s, j, j + h->n, &heading);
    } else {
        /* rows are paragraphs; a one-cell paragraph is a heading or the end */
        char *heading = NULL;
        for (size_t j = k; j < s.n;) {
            size_t e = j + 1;
            while (e < s.n && !s.v[e].para)
                e++;
            if (e - j == 1) {
                char *hd = pt_heading_text(s.v[j].text);
                if (!hd)
                    break;
                free(heading);
                heading = hd;
            } else {
                emit(rows, &s, j, e, &heading);
            }
            j = e;
        }
        free(heading);
    }
    stream_free(&s);
    return true;
}

/* ---- cells between pipe-only lines (read in plantable_bars.c) ------------- */

size_t pt_bar_pipes(const pt_line *l)
{
    size_t n = l->n;
    const char *s = text_trim(l->p, &n);
    return n && only_pipes(s, n) ? n : 0;
}

bool pt_is_bar_form(const pt_line *lines, size_t nlines, size_t i)
{
    /* two cells, each a text line closed by a lone pipe */
    return i + 3 < nlines && !pt_bar_pipes(&lines[i]) && lines[i].n > 0 && pt_bar_pipes(&lines[i + 1]) == 1 &&
           !pt_bar_pipes(&lines[i + 2]) && lines[i + 2].n > 0 && pt_bar_pipes(&lines[i + 3]) >= 1;
}

/* ---- finding the table ----------------------------------------------------- */

typedef enum layout { LAYOUT_TAB, LAYOUT_TSV, LAYOUT_PIPE, LAYOUT_SPACE } layout;

static void read_grid_rows(const pt_line *lines, size_t nlines, size_t i, layout lay, const pt_header *h,
                           pt_rows *rows)
{
    char *heading = NULL;
    while (i < nlines) {
        const pt_line *l = &lines[i];
        if (lay == LAYOUT_TAB ? line_blank_cells(l) : line_blank(l)) {
            i++;
            /* A blank line (a page break in the copied document) ends a
             * row-per-line table only if no row of the same layout follows:
             * rows after it must not be dropped silently. */
            if (lay != LAYOUT_TAB && rows->n > 0) {
                size_t j = i;
                while (j < nlines && line_blank(&lines[j]))
                    j++;
                bool more = false;
                if (j < nlines) {
                    if (lay == LAYOUT_PIPE)
                        more = is_pipe_line(&lines[j]);
                    else if (lay == LAYOUT_TSV)
                        more = memchr(lines[j].p, '\t', lines[j].n) != NULL;
                    else {
                        pt_row t = {0};
                        space_row(&lines[j], &t);
                        more = t.n >= 2;
                        pt_row_free(&t);
                    }
                }
                if (!more)
                    break;
                i = j;
            }
            continue;
        }
        pt_row r = {0};
        if (lay == LAYOUT_PIPE) {
            if (!is_pipe_line(l))
                break;
            if (is_pipe_separator(l)) {
                i++;
                continue;
            }
            pipe_row(l, &r);
            i++;
        } else if (lay == LAYOUT_TSV) {
            if (!memchr(l->p, '\t', l->n)) {
                /* a heading pasted as text of its own ("二、养老服务") with
                 * rows after it: the table goes on */
                char *line_text = text_trim_dup(l->p, l->n);
                char *hd = pt_heading_text(line_text);
                free(line_text);
                size_t j = i + 1;
                while (j < nlines && line_blank(&lines[j]))
                    j++;
                if (!hd || j >= nlines || !memchr(lines[j].p, '\t', lines[j].n)) {
                    free(hd);
                    break;
                }
                free(heading);
                heading = hd;
                i = j;
                continue;
            }
            tsv_row(l, &r);
            i = join_quoted(lines, nlines, i + 1, &r);
            /* A cell broken over lines (a line break inside a Word cell):
             * while the row is short and the next line goes on, join the
             * next line's first cell to this row's last one. */
            while (r.n < h->n && i < nlines && !line_blank(&lines[i])) {
                pt_row more = {0};
                tsv_row(&lines[i], &more);
                buf b = BUF_INIT;
                buf_puts(&b, r.cells[r.n - 1].text);
                buf_puts(&b, more.cells[0].text);
                free(r.cells[r.n - 1].text);
                r.cells[r.n - 1].text = buf_detach(&b);
                for (size_t k = 1; k < more.n; k++) {
                    pt_row_add(&r, more.cells[k].text, more.cells[k].line);
                    more.cells[k].text = NULL;
                }
                pt_row_free(&more);
                i++;
            }
            unquote_cells(&r);
        } else if (lay == LAYOUT_SPACE) {
            space_row(l, &r);
            i++;
            if (r.n == 1 && rows->n > 0) {
                /* A name broken over lines by the PDF: it goes on in the row above. */
                pt_row *up = &rows->v[rows->n - 1];
                size_t at = h->name_col >= 0 && up->n == h->n ? (size_t)h->name_col : 0;
                for (size_t k = 0; k < up->n && !(up->n == h->n && h->name_col >= 0); k++)
                    if (!value_like(up->cells[k].text) && up->cells[k].text[0]) {
                        at = k;
                        if (k > 0 || h->no_col != 0)
                            break;
                    }
                /* by position, when it stands under a text cell of that row:
                 * a 领域 label broken over lines ("生态环境" / "质量") goes
                 * on in the 领域 cell, not in the name */
                for (size_t k = 0; k < up->n; k++)
                    if (up->cells[k].x1 && up->cells[k].x0 < r.cells[0].x1 && r.cells[0].x0 < up->cells[k].x1 &&
                        up->cells[k].text[0] && !value_like(up->cells[k].text)) {
                        at = k;
                        break;
                    }
                buf b = BUF_INIT;
                buf_printf(&b, "%s%s", up->cells[at].text, r.cells[0].text);
                free(up->cells[at].text);
                up->cells[at].text = buf_detach(&b);
                pt_row_free(&r);
                continue;
            }
            if (r.n < 2) {
                pt_row_free(&r);
                break;
            }
            /* The PDF put a long name's first line above the row's figures
             * ("3  县级公益性安葬（放）设施覆盖" / "率  %  —  100  约束性"):
             * a row without figures that the next line completes to the
             * header's width is one row with the name joined. */
            bool figures = false;
            for (size_t k = 1; k < r.n; k++)
                figures |= value_like(r.cells[k].text);
            if (!figures && r.n < h->n && i < nlines && !line_blank(&lines[i])) {
                pt_row t = {0};
                space_row(&lines[i], &t);
                if (t.n >= 2 && !value_like(t.cells[0].text) && r.n - 1 + t.n == h->n) {
                    buf b = BUF_INIT;
                    buf_printf(&b, "%s%s", r.cells[r.n - 1].text, t.cells[0].text);
                    free(r.cells[r.n - 1].text);
                    r.cells[r.n - 1].text = buf_detach(&b);
                    for (size_t k = 1; k < t.n; k++) {
                        pt_row_add(&r, t.cells[k].text, t.cells[k].line);
                        r.cells[r.n - 1].x0 = t.cells[k].x0;
                        r.cells[r.n - 1].x1 = t.cells[k].x1;
                        t.cells[k].text = NULL;
                    }
                    i++;
                }
                pt_row_free(&t);
            }
        } else {
            if (l->p[0] != '\t')
                break;
            cell_block(lines, nlines, &i, false, &r);
        }
        /* A heading row: one text across the row (一、发展水平). */
        size_t filled = 0, at = 0;
        for (size_t k = 0; k < r.n; k++)
            if (r.cells[k].text[0])
                filled++, at = k;
        char *hd = filled == 1 ? pt_heading_text(r.cells[at].text) : NULL;
        /* a merged cell across the row, in the first column when that is not
         * the name's: "发展水平\t\t\t" above 序号 1 */
        if (!hd && filled == 1 && at == 0 && r.n > 2 && h->name_col > 0 && h->no_col != 0 &&
            !value_like(r.cells[0].text))
            hd = xstrdup(r.cells[0].text);
        if (hd) {
            free(heading);
            heading = hd;
            pt_row_free(&r);
            continue;
        }
        /* The header repeated on a new page is not a row: its name column
         * says 指标 again (a cheap test; every row goes through it). */
        if (lay != LAYOUT_TAB && h->name_col >= 0 && (size_t)h->name_col < r.n &&
            r.cells[h->name_col].text[0] && !value_like(r.cells[0].text)) {
            char *a = text_squeeze(r.cells[h->name_col].text), *b = text_squeeze(h->col[h->name_col].label);
            bool again = !strcmp(a, b);
            free(a);
            free(b);
            if (again) {
                pt_row_free(&r);
                continue;
            }
        }
        r.positional = true;
        r.heading = heading;
        heading = NULL;
        pt_rows_add(rows, &r);
    }
    free(heading);
}

bool pt_read_table(const pt_line *lines, size_t nlines, int period_end, pt_header *h, pt_rows *rows,
                   long *near_line, const char **near)
{
    *near_line = 0;
    *near = NULL;
    for (size_t i = 0; i < nlines; i++) {
        const pt_line *l = &lines[i];
        if (line_blank(l))
            continue;
        pt_row r = {0};
        bool found = false, tried = true;
        const char *why = NULL;
        layout lay = LAYOUT_TAB;
        size_t next = i + 1;
        if (is_pipe_line(l)) {
            pipe_row(l, &r);
            lay = LAYOUT_PIPE;
        } else if (tsv_candidate(l)) {
            tsv_row(l, &r);
            next = join_quoted(lines, nlines, next, &r);
            unquote_cells(&r);
            lay = LAYOUT_TSV;
        } else if (l->p[0] == '\t' &&
                   (i == 0 || lines[i - 1].n == 0 || lines[i - 1].p[0] != '\t' || line_blank_cells(&lines[i - 1]))) {
            next = i;
            cell_block(lines, nlines, &next, true, &r);
            lay = LAYOUT_TAB;
        } else {
            space_row(l, &r);
            lay = LAYOUT_SPACE;
            if (r.n < 3)
                tried = false;
        }
        if (tried) {
            /* A second header line naming the years under a group cell. */
            if (lay != LAYOUT_TAB && next < nlines) {
                pt_row below = {0};
                size_t sep = 0;
                if (lay == LAYOUT_PIPE && is_pipe_separator(&lines[next]) && next + 1 < nlines)
                    sep = 1; /* |---| between the two header lines */
                if (lay == LAYOUT_PIPE && is_pipe_line(&lines[next + sep]) && !is_pipe_separator(&lines[next + sep]))
                    pipe_row(&lines[next + sep], &below);
                else if (lay == LAYOUT_TSV && tsv_candidate(&lines[next]))
                    tsv_row(&lines[next], &below);
                if (lay == LAYOUT_SPACE) {
                    size_t b = next;
                    while (b < nlines && b < next + 2 && line_blank(&lines[b]))
                        b++;
                    if (b < nlines) {
                        space_row(&lines[b], &below);
                        if (below.n && below.n < r.n && value_words_only(&below)) {
                            merge_header_below_space(&r, l, &below, &lines[b]);
                            next = b + 1;
                        }
                    }
                } else if (below.n && value_words_only(&below)) {
                    merge_header_rows(&r, &below);
                    next += 1 + sep;
                }
                pt_row_free(&below);
            }
            found = pt_header_from_cells(r.cells, r.n, r.line, h, &why);
        }
        pt_row_free(&r);
        if (found) {
            read_grid_rows(lines, nlines, next, lay, h, rows);
            return true;
        }
        if (tried && why && !*near) {
            *near_line = l->no;
            *near = why;
        }
        /* Cells one per line without tabs: a header word on its own line. */
        if (l->p[0] != '\t' && !tsv_candidate(l) && !is_pipe_line(l)) {
            size_t wn = l->n;
            const char *wt = text_trim(l->p, &wn);
            if (is_tail_pipe_line(l))
                wn--; /* "指标 |" */
            char *w = text_trim_dup(wt, wn);
            pt_kind k = pt_classify(w).kind;
            free(w);
            /* a title line ending in 指标 above a table of cells between pipe lines */
            bool bars_next = pt_is_bar_form(lines, nlines, i + 1);
            if (k != PT_UNKNOWN && k != PT_OTHER && !bars_next && plain_table(lines, nlines, i, period_end, h, rows, &why))
                return true;
            if (why && !*near) {
                *near_line = l->no;
                *near = why;
            }
        }
    }
    return false;
}
