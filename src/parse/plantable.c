/* Plan indicator table reader. The document is split into lines, a header
 * row is searched for in each of the three layouts, then the rows below it
 * are read into cells and each row is mapped onto the header's columns.
 * Every cell remembers its line so that every error can name one. */
#include "parse/plantable.h"

#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/buf.h"
#include "base/mem.h"
#include "base/num.h"
#include "base/text.h"
#include "base/utf8.h"

/* Largest 序号 accepted: far above any plan's table, small enough for the
 * duplicate check's index. */
#define PM_PLANTABLE_MAX_NO 100000

/* ---- lines and cells ---------------------------------------------------- */

typedef struct line {
    const char *p; /* into the caller's text, without the line end */
    size_t n;
    long no; /* 1-based */
} line;

typedef struct cell {
    char *text; /* trimmed, malloc'd */
    long line;
} cell;

typedef struct row {
    cell *cells;
    size_t n, cap;
    long line; /* first line of the row */
} row;

static void row_add(row *r, char *text, long lineno)
{
    r->cells = xgrow(r->cells, &r->cap, r->n + 1, sizeof *r->cells);
    r->cells[r->n].text = text;
    r->cells[r->n].line = lineno;
    r->n++;
}

static void row_free(row *r)
{
    for (size_t i = 0; i < r->n; i++)
        free(r->cells[i].text);
    free(r->cells);
    memset(r, 0, sizeof *r);
}

static bool line_blank(const line *l)
{
    size_t n = l->n;
    text_trim(l->p, &n);
    return n == 0;
}

/* In the cell-per-line layout a lone tab is an empty (merged) cell, not a
 * blank line: only a line without a leading tab can separate rows. */
static bool line_blank_cells(const line *l)
{
    return (l->n == 0 || l->p[0] != '\t') && line_blank(l);
}

/* Splits text into lines; checks encoding, NUL bytes and line length first
 * so that nothing below has to. Returns false with err set. */
static bool split_lines(const char *text, size_t len, line **out, size_t *nout, pm_err *err)
{
    size_t bom = utf8_bom_len(text, len);
    text += bom, len -= bom;
    size_t trimmed = len;
    text_trim(text, &trimmed);
    if (trimmed == 0) {
        /* Line 1: every message names a line, and that is where the table
         * was looked for first. */
        pm_err_set(err, 1, "文件为空，没有可读取的指标表");
        return false;
    }
    line *lines = NULL;
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
        lines[n++] = (line){text + i, ln, no};
        if (!nl)
            break;
        i = end + 1;
        no++;
    }
    *out = lines;
    *nout = n;
    return true;
}

/* ---- header ------------------------------------------------------------- */

typedef enum col_kind {
    COL_OTHER = 0,
    COL_DOMAIN,
    COL_SUBDOMAIN,
    COL_NO,
    COL_NAME,
    COL_UNIT,
    COL_YEAR,
    COL_ATTR,
} col_kind;

typedef struct header {
    col_kind *kind;
    int *year; /* for COL_YEAR */
    size_t n;
    int base_col, target_col; /* column indexes of the two years */
    int nyears;               /* year columns found (more than two is refused) */
    bool has_domain, has_subdomain, has_no, has_unit, has_attr;
} header;

static void header_free(header *h)
{
    free(h->kind);
    free(h->year);
    memset(h, 0, sizeof *h);
}

static bool word_in(const char *w, const char *const *list)
{
    for (; *list; list++)
        if (!strcmp(w, *list))
            return true;
    return false;
}

/* A header word's column kind; *year is set for "2020年…". */
static col_kind classify(const char *text, int *year)
{
    static const char *const no_w[] = {"序号", "编号", "序", NULL};
    static const char *const unit_w[] = {"单位", "计量单位", NULL};
    static const char *const attr_w[] = {"属性", "指标属性", "指标性质", "性质", "指标类型", NULL};
    static const char *const sub_w[] = {"子领域", "分领域", "二级领域", "子类别", NULL};
    static const char *const dom_w[] = {"领域", "类别", "领域/类别", "指标类别", "分类", "一级领域", NULL};
    char *w = text_squeeze(text);
    col_kind k = COL_OTHER;
    size_t n = strlen(w);
    if (n >= 7 && w[0] >= '1' && w[0] <= '2' && w[1] >= '0' && w[1] <= '9' && w[2] >= '0' &&
        w[2] <= '9' && w[3] >= '0' && w[3] <= '9' && !strncmp(w + 4, "年", 3)) {
        *year = (w[0] - '0') * 1000 + (w[1] - '0') * 100 + (w[2] - '0') * 10 + (w[3] - '0');
        k = COL_YEAR;
    } else if (word_in(w, no_w)) {
        k = COL_NO;
    } else if (word_in(w, unit_w)) {
        k = COL_UNIT;
    } else if (word_in(w, attr_w)) {
        k = COL_ATTR;
    } else if (word_in(w, sub_w)) {
        k = COL_SUBDOMAIN;
    } else if (word_in(w, dom_w)) {
        k = COL_DOMAIN;
    } else if (text_starts(w, "指标") || !strcmp(w, "主要指标")) {
        k = COL_NAME;
    }
    free(w);
    return k;
}

/* Classifies the cells of a candidate header row. True when it is one:
 * a name column and at least two year columns. When the row looks like a
 * header but is not one (a name column and one year, or years and no name
 * column), *near says what it lacks, so that "no table" can name that line
 * instead of the whole file. */
static bool header_from_row(const row *r, header *h, const char **near)
{
    memset(h, 0, sizeof *h);
    *near = NULL;
    /* Trailing empty cells (Excel's tab run, a trailing pipe cell) are no
     * columns; the rows are trimmed to match in normalize_rows(). */
    size_t n = r->n;
    while (n && !r->cells[n - 1].text[0])
        n--;
    if (n < 3)
        return false;
    h->kind = xcalloc(n, sizeof *h->kind);
    h->year = xcalloc(n, sizeof *h->year);
    h->n = n;
    h->base_col = h->target_col = -1;
    bool has_name = false;
    int nyears = 0;
    for (size_t i = 0; i < n; i++) {
        col_kind k = classify(r->cells[i].text, &h->year[i]);
        /* A second 领域-like column is the subdomain; so is an empty cell
         * right after 领域: the header cell was merged over both columns. */
        if (k == COL_DOMAIN && h->has_domain)
            k = COL_SUBDOMAIN;
        if (k == COL_OTHER && !r->cells[i].text[0] && i > 0 && h->kind[i - 1] == COL_DOMAIN &&
            !h->has_subdomain)
            k = COL_SUBDOMAIN;
        if ((k == COL_NAME && has_name) || (k == COL_NO && h->has_no) ||
            (k == COL_UNIT && h->has_unit) || (k == COL_ATTR && h->has_attr) ||
            (k == COL_SUBDOMAIN && h->has_subdomain))
            k = COL_OTHER;
        h->kind[i] = k;
        has_name |= k == COL_NAME;
        h->has_domain |= k == COL_DOMAIN;
        h->has_subdomain |= k == COL_SUBDOMAIN;
        h->has_no |= k == COL_NO;
        h->has_unit |= k == COL_UNIT;
        h->has_attr |= k == COL_ATTR;
        if (k == COL_YEAR) {
            nyears++;
            if (h->base_col < 0 || h->year[i] < h->year[h->base_col])
                h->base_col = (int)i;
            if (h->target_col < 0 || h->year[i] > h->year[h->target_col])
                h->target_col = (int)i;
        }
    }
    h->nyears = nyears;
    if (!has_name || nyears < 2) {
        if (has_name && nyears == 1)
            *near = "只有一个年份列，缺少基期或目标年份列（如“2020年”“2025年”）";
        else if (!has_name && nyears >= 2)
            *near = "没有“指标”或“指标名称”列";
        header_free(h);
        return false;
    }
    return true;
}

/* ---- the three layouts: each turns lines into rows ---------------------- */

typedef enum layout { LAYOUT_CELL_PER_LINE, LAYOUT_TSV, LAYOUT_PIPE } layout;

/* Splits s[0..n) at every sep into trimmed cells appended to r. */
static void split_cells(const char *s, size_t n, char sep, long lineno, row *r)
{
    size_t start = 0;
    for (size_t i = 0; i <= n; i++) {
        if (i == n || s[i] == sep) {
            row_add(r, text_trim_dup(s + start, i - start), lineno);
            start = i + 1;
        }
    }
}

static bool is_pipe_line(const line *l)
{
    size_t n = l->n;
    const char *s = text_trim(l->p, &n);
    return n > 0 && s[0] == '|';
}

/* |---|:--:| separator rows of Markdown tables. */
static bool is_pipe_separator(const line *l)
{
    size_t n = l->n;
    const char *s = text_trim(l->p, &n);
    bool dash = false;
    for (size_t i = 0; i < n; i++) {
        if (s[i] == '-')
            dash = true;
        else if (!strchr("|: \t", s[i]))
            return false;
    }
    return dash;
}

static void pipe_row(const line *l, row *r)
{
    size_t n = l->n;
    const char *s = text_trim(l->p, &n);
    s++, n--; /* the leading pipe */
    if (n && s[n - 1] == '|')
        n--;
    split_cells(s, n, '|', l->no, r);
    r->line = l->no;
}

static void tsv_row(const line *l, row *r)
{
    /* Every tab starts a cell, trailing ones too: "…\t5\t" is a row whose
     * target is empty (null), not a short row to be joined with the next
     * line. Excel's trailing tab runs are trimmed by normalize_rows(). */
    split_cells(l->p, l->n, '\t', l->no, r);
    r->line = l->no;
}

/* Whether the row has the extra 领域 cell that row_to_indicator() accepts:
 * the header's one 领域 cell standing over two data columns. */
static bool header_may_have_extra(const header *h)
{
    return h->has_domain && !h->has_subdomain;
}

/* Column kind of the cell at index idx of a row, read without (extra
 * false) or with the extra 领域 cell. Past the header: COL_YEAR, i.e. a
 * value. */
static col_kind kind_at(const header *h, size_t idx, bool extra)
{
    if (extra) {
        size_t d = 0;
        while (d < h->n && h->kind[d] != COL_DOMAIN)
            d++;
        if (idx == d + 1)
            return COL_SUBDOMAIN;
        if (idx > d + 1)
            idx--;
    }
    return idx < h->n ? h->kind[idx] : COL_YEAR;
}

/* Text cells (领域, 指标, 备注) can be broken over lines by the copy; a value,
 * 序号, 单位 or 属性 is never, so a line that would continue one is prose
 * after the table. */
static bool cell_may_continue(const header *h, size_t idx)
{
    for (int extra = 0; extra <= (int)header_may_have_extra(h); extra++) {
        col_kind k = kind_at(h, idx, extra);
        if (k == COL_DOMAIN || k == COL_SUBDOMAIN || k == COL_NAME || k == COL_OTHER)
            return true;
    }
    return false;
}

/* One cell per line: reads the block starting at lines[*i] (a line starting
 * with a tab) up to a blank line. A line without a leading tab continues
 * the cell above it ("城乡" + "社区治理"), unless h (NULL while reading the
 * header) says that cell cannot be continued: then the block ends there
 * and *i is left on that line. */
static void cell_block(const line *lines, size_t nlines, size_t *i, const header *h, row *r)
{
    buf cur = BUF_INIT;
    long cur_line = 0;
    r->line = lines[*i].no;
    for (; *i < nlines && !line_blank_cells(&lines[*i]); (*i)++) {
        const line *l = &lines[*i];
        if (l->p[0] == '\t') {
            if (cur_line)
                row_add(r, text_trim_dup(buf_str(&cur), cur.len), cur_line);
            buf_reset(&cur);
            buf_append(&cur, l->p + 1, l->n - 1);
            cur_line = l->no;
        } else {
            if (h && !cell_may_continue(h, r->n))
                break;
            size_t n = l->n;
            const char *s = text_trim(l->p, &n);
            /* trim what is there so far so that "城乡 " + "社区治理" joins cleanly */
            /* Drop the blanks at the end of what is there so far ("城乡 " +
             * "社区治理"); the leading ones stay (the cell is trimmed whole
             * later), so the cut must be measured from the buffer's start. */
            size_t m = cur.len;
            const char *start = buf_str(&cur);
            const char *t = text_trim(start, &m);
            cur.len = (size_t)(t - start) + m;
            buf_append(&cur, s, n);
        }
    }
    if (cur_line)
        row_add(r, text_trim_dup(buf_str(&cur), cur.len), cur_line);
    buf_free(&cur);
}

/* A tab-separated header: one line that holds several tab-separated cells. */
static bool tsv_candidate(const line *l)
{
    size_t tabs = 0;
    for (size_t i = 0; i < l->n; i++)
        tabs += l->p[i] == '\t';
    size_t n = l->n;
    const char *s = text_trim(l->p, &n);
    return tabs >= 2 && n > 0 && memchr(s, '\t', n);
}

/* Finds the header. On success *lay, *h, *hdr_line (its first line) and
 * *next (first line after the header) are set. On failure *near_line and
 * *near name the first line that looked like a header but was not one
 * (0 and NULL when there was none). */
static bool find_header(const line *lines, size_t nlines, layout *lay, header *h, long *hdr_line,
                        size_t *next, long *near_line, const char **near)
{
    *near_line = 0;
    *near = NULL;
    for (size_t i = 0; i < nlines; i++) {
        const line *l = &lines[i];
        row r = {0};
        bool found = false, tried = true;
        const char *why = NULL;
        if (is_pipe_line(l)) {
            pipe_row(l, &r);
            found = header_from_row(&r, h, &why);
            *lay = LAYOUT_PIPE;
            *next = i + 1;
        } else if (tsv_candidate(l)) {
            tsv_row(l, &r);
            found = header_from_row(&r, h, &why);
            *lay = LAYOUT_TSV;
            *next = i + 1;
        } else if (l->n && l->p[0] == '\t' && (i == 0 || lines[i - 1].n == 0 || lines[i - 1].p[0] != '\t' ||
                                              line_blank_cells(&lines[i - 1]))) {
            size_t j = i;
            cell_block(lines, nlines, &j, NULL, &r);
            found = header_from_row(&r, h, &why);
            *lay = LAYOUT_CELL_PER_LINE;
            *next = j;
        } else {
            tried = false;
        }
        row_free(&r);
        if (found) {
            *hdr_line = l->no;
            return true;
        }
        if (tried && why && !*near) {
            *near_line = l->no;
            *near = why;
        }
    }
    return false;
}

/* Trailing empty cells that no column needs: Excel ends every copied row
 * with the same run of tabs, which the header lost in header_from_row().
 * A row keeps the extra 领域 cell when any row of the table fills it, so
 * that a row whose last value is empty still has that cell. */
static void normalize_rows(row *rows, size_t nrows, const header *h)
{
    size_t width = h->n;
    if (header_may_have_extra(h)) {
        for (size_t i = 0; i < nrows; i++) {
            size_t n = rows[i].n;
            while (n && !rows[i].cells[n - 1].text[0])
                n--;
            if (n == h->n + 1) {
                width = h->n + 1;
                break;
            }
        }
    }
    for (size_t i = 0; i < nrows; i++) {
        row *r = &rows[i];
        while (r->n > width && !r->cells[r->n - 1].text[0])
            free(r->cells[--r->n].text);
    }
}

/* Reads the data rows after the header, each into rows[]. Stops at the end
 * of the table: for cell-per-line, a non-tab line after a blank line or
 * after a row's last value; for the others, the first line that is not a
 * row of that layout. */
static void read_rows(const line *lines, size_t nlines, size_t i, layout lay, const header *h,
                      row **rows_out, size_t *nrows_out)
{
    row *rows = NULL;
    size_t n = 0, cap = 0;
    while (i < nlines) {
        const line *l = &lines[i];
        if (lay == LAYOUT_CELL_PER_LINE ? line_blank_cells(l) : line_blank(l)) {
            i++;
            /* A blank line (a page break in the copied document) ends a
             * row-per-line table only if no row of the same layout
             * follows: rows after it must not be dropped silently. */
            if (lay != LAYOUT_CELL_PER_LINE && n > 0) {
                size_t j = i;
                while (j < nlines && line_blank(&lines[j]))
                    j++;
                bool more = j < nlines && (lay == LAYOUT_PIPE ? is_pipe_line(&lines[j])
                                                              : memchr(lines[j].p, '\t', lines[j].n) != NULL);
                if (!more)
                    break;
                i = j;
            }
            continue;
        }
        row r = {0};
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
            if (!memchr(l->p, '\t', l->n))
                break;
            tsv_row(l, &r);
            i++;
            /* A cell broken over lines (a line break inside a Word cell):
             * while the row is short and the next line goes on, join the
             * next line's first cell to this row's last one. */
            while (r.n < h->n && i < nlines && !line_blank(&lines[i])) {
                row more = {0};
                tsv_row(&lines[i], &more);
                buf b = BUF_INIT;
                buf_puts(&b, r.cells[r.n - 1].text);
                buf_puts(&b, more.cells[0].text);
                free(r.cells[r.n - 1].text);
                r.cells[r.n - 1].text = buf_detach(&b);
                for (size_t k = 1; k < more.n; k++) {
                    row_add(&r, more.cells[k].text, more.cells[k].line);
                    more.cells[k].text = NULL;
                }
                row_free(&more);
                i++;
            }
        } else {
            if (l->p[0] != '\t')
                break;
            cell_block(lines, nlines, &i, h, &r);
        }
        /* The header repeated on a new page is not a row. */
        header again;
        const char *why;
        if (lay != LAYOUT_CELL_PER_LINE && header_from_row(&r, &again, &why)) {
            header_free(&again);
            row_free(&r);
            continue;
        }
        rows = xgrow(rows, &cap, n + 1, sizeof *rows);
        rows[n++] = r;
    }
    normalize_rows(rows, n, h);
    *rows_out = rows;
    *nrows_out = n;
}

/* ---- cells to values ---------------------------------------------------- */

static bool is_null_cell(const char *s)
{
    static const char *const nulls[] = {"", "—", "——", "-", "--", "－", "–", "―", "/", NULL};
    return word_in(s, nulls);
}

/* Strips prefix p from *s (updating *n); true if it was there. */
static bool eat_prefix(const char **s, size_t *n, const char *p)
{
    size_t k = strlen(p);
    if (*n >= k && !memcmp(*s, p, k)) {
        *s += k, *n -= k;
        *s = text_trim(*s, n);
        return true;
    }
    return false;
}

static bool eat_suffix(const char *s, size_t *n, const char *p)
{
    size_t k = strlen(p);
    if (*n >= k && !memcmp(s + *n - k, p, k)) {
        *n -= k;
        text_trim(s, n);
        return true;
    }
    return false;
}

bool pm_plantable_value(const char *text, double *v, pm_target_op *op, bool *cumulative)
{
    size_t n = strlen(text);
    const char *s = text_trim(text, &n);
    *op = PM_OP_EQ;
    *cumulative = false;
    char *tmp = xstrndup(s, n);
    bool null = is_null_cell(tmp);
    free(tmp);
    if (null) {
        *v = NAN;
        return true;
    }
    if (eat_prefix(&s, &n, "≥") || eat_prefix(&s, &n, ">=") || eat_prefix(&s, &n, "＞＝") ||
        eat_prefix(&s, &n, "不低于") || eat_prefix(&s, &n, "不少于"))
        *op = PM_OP_GE;
    else if (eat_prefix(&s, &n, "≤") || eat_prefix(&s, &n, "<=") || eat_prefix(&s, &n, "＜＝") ||
             eat_prefix(&s, &n, "不高于") || eat_prefix(&s, &n, "不超过"))
        *op = PM_OP_LE;
    else if (eat_suffix(s, &n, "以上"))
        *op = PM_OP_GE;
    else if (eat_suffix(s, &n, "以下") || eat_suffix(s, &n, "以内"))
        *op = PM_OP_LE;
    if ((eat_prefix(&s, &n, "[") || eat_prefix(&s, &n, "［") || eat_prefix(&s, &n, "【"))) {
        if (!(eat_suffix(s, &n, "]") || eat_suffix(s, &n, "］") || eat_suffix(s, &n, "】")))
            return false;
        *cumulative = true;
    }
    /* "80%" in a % column: the sign adds nothing. */
    if (!eat_suffix(s, &n, "%"))
        eat_suffix(s, &n, "％");
    return num_parse(s, n, v);
}

void pm_plantable_split_unit(const char *full, char **name, char **unit)
{
    static const char open[] = "（", close[] = "）";
    size_t n = strlen(full);
    const char *s = text_trim(full, &n);
    if (n >= 6 && !memcmp(s + n - 3, close, 3)) {
        /* Walk back to the parenthesis that opens the last one. */
        int depth = 0;
        for (size_t i = n; i >= 3; i--) {
            if (!memcmp(s + i - 3, close, 3)) {
                depth++;
                i -= 2;
            } else if (!memcmp(s + i - 3, open, 3)) {
                if (--depth == 0) {
                    *name = text_trim_dup(s, i - 3);
                    *unit = text_trim_dup(s + i, n - i - 3);
                    return;
                }
                i -= 2;
            }
        }
    }
    *name = xstrndup(s, n);
    *unit = xstrdup("");
}

/* Strips a trailing binding star from name; true if there was one. */
static bool strip_star(char *name)
{
    size_t n = strlen(name);
    bool star = false;
    for (;;) {
        if (eat_suffix(name, &n, "*") || eat_suffix(name, &n, "＊") || eat_suffix(name, &n, "※"))
            star = true;
        else
            break;
    }
    name[n] = '\0';
    return star;
}

/* ---- rows to indicators ------------------------------------------------- */

typedef struct carry {
    const char *domain, *subdomain, *attr; /* borrowed from earlier rows */
} carry;

static bool row_to_indicator(const row *r, const header *h, long auto_no, carry *above,
                             pm_indicator *ind, pm_err *err)
{
    /* The 领域 header may stand over two data columns (domain, subdomain):
     * the seed's rows have one cell more than its header. */
    size_t extra = 0;
    if (r->n == h->n + 1 && h->has_domain && !h->has_subdomain)
        extra = 1;
    else if (r->n != h->n) {
        pm_err_set(err, r->line, "该行有 %zu 个单元格，表头有 %zu 列，无法对应（行不整齐）", r->n, h->n);
        return false;
    }
    memset(ind, 0, sizeof *ind);
    ind->line = r->line;
    ind->baseline = ind->target = NAN;
    const char *domain = NULL, *subdomain = NULL, *attr = NULL, *unit = NULL, *no = NULL;
    const char *name = NULL;
    const cell *base_cell = NULL, *target_cell = NULL, *name_cell = NULL;
    bool subdomain_cell_seen = false;
    for (size_t c = 0, k = 0; c < r->n; c++, k++) {
        const cell *x = &r->cells[c];
        col_kind kind = h->kind[k];
        if (kind == COL_DOMAIN) {
            domain = x->text;
            if (extra) {
                c++;
                subdomain = r->cells[c].text;
                subdomain_cell_seen = true;
            }
            continue;
        }
        switch (kind) {
        case COL_SUBDOMAIN:
            subdomain = x->text;
            subdomain_cell_seen = true;
            break;
        case COL_NO:
            no = x->text;
            break;
        case COL_NAME:
            name = x->text;
            name_cell = x;
            break;
        case COL_UNIT:
            unit = x->text;
            break;
        case COL_ATTR:
            attr = x->text;
            break;
        case COL_YEAR:
            if ((int)k == h->base_col)
                base_cell = x;
            else if ((int)k == h->target_col)
                target_cell = x;
            break;
        default:
            break;
        }
    }
    /* 序号 */
    if (no) {
        long v;
        if (!num_parse_int(no, 1, PM_PLANTABLE_MAX_NO, &v)) {
            pm_err_set(err, r->line, "序号“%s”不是正整数", no);
            return false;
        }
        ind->no = (int)v;
    } else {
        ind->no = (int)auto_no;
    }

    /* 领域: an empty cell is a merged cell, the same as above; a new domain
     * starts a new merged region, so its subdomain is not carried over. */
    bool domain_inherited = false;
    if (!domain || !*domain) {
        domain = above->domain;
        domain_inherited = true;
    }
    if (h->has_domain && !domain) {
        pm_err_set(err, r->line, "第一个指标行的“领域”为空，无法确定所属领域");
        return false;
    }
    if (subdomain && !*subdomain)
        subdomain = (domain_inherited && subdomain_cell_seen) ? above->subdomain : NULL;
    ind->domain = xstrdup(domain ? domain : "");
    ind->subdomain = subdomain ? xstrdup(subdomain) : NULL;
    above->domain = domain;
    above->subdomain = subdomain;

    /* 指标 and its unit and star */
    if (!name || !*name) {
        pm_err_set(err, name_cell ? name_cell->line : r->line, "指标名称为空");
        return false;
    }
    char *full = xstrdup(name);
    bool star = strip_star(full);
    if (h->has_unit && unit && *unit) {
        ind->unit = xstrdup(unit);
        /* The name may repeat the unit: "…覆盖率（%）" with 单位 "%". */
        char *n2, *u2;
        pm_plantable_split_unit(full, &n2, &u2);
        if (!strcmp(u2, unit)) {
            free(full);
            full = n2;
        } else {
            free(n2);
        }
        free(u2);
    } else {
        pm_plantable_split_unit(full, &ind->name, &ind->unit);
        free(full);
        full = ind->name;
        ind->name = NULL;
    }
    star |= strip_star(full);
    ind->name = full;
    if (!*ind->name) {
        pm_err_set(err, name_cell->line, "指标名称为空");
        return false;
    }

    /* 属性 column, else the star */
    if (h->has_attr) {
        if (!attr || !*attr)
            attr = above->attr;
        char *a = attr ? text_squeeze(attr) : xstrdup("");
        bool ok = true;
        if (!strcmp(a, "约束性") || !strcmp(a, "约束"))
            ind->binding = true;
        else if (!strcmp(a, "预期性") || !strcmp(a, "预期"))
            ind->binding = false;
        else
            ok = false;
        free(a);
        if (!ok) {
            pm_err_set(err, r->line, "指标属性“%s”无法识别，应为“约束性”或“预期性”", attr ? attr : "");
            return false;
        }
        above->attr = attr;
    } else {
        ind->binding = star;
    }

    /* 2020年 / 2025年 */
    pm_target_op op;
    bool cum;
    if (!base_cell || !target_cell) {
        pm_err_set(err, r->line, "缺少基期值或目标值单元格");
        return false;
    }
    if (!pm_plantable_value(base_cell->text, &ind->baseline, &op, &cum)) {
        pm_err_set(err, base_cell->line, "基期值“%s”无法识别，应为数字、“—”或空", base_cell->text);
        return false;
    }
    ind->cumulative = cum;
    if (!pm_plantable_value(target_cell->text, &ind->target, &ind->target_op, &cum)) {
        pm_err_set(err, target_cell->line,
                   "目标值“%s”无法识别，应为数字、≥N、≤N、不低于N、N以上、不高于N、N以下、[N] 或“—”",
                   target_cell->text);
        return false;
    }
    ind->cumulative |= cum;
    ind->polarity = pm_polarity_derive(ind->target_op, ind->baseline, ind->target);
    ind->rate = pm_indicator_looks_rate(ind);
    char code[32];
    snprintf(code, sizeof code, "I%02d", ind->no);
    ind->code = xstrdup(code);
    return true;
}

/* ---- entry point -------------------------------------------------------- */

bool pm_plantable_parse(const char *text, size_t len, pm_plan *plan, pm_err *err)
{
    memset(plan, 0, sizeof *plan);
    line *lines = NULL;
    size_t nlines = 0;
    if (!split_lines(text, len, &lines, &nlines, err))
        return false;

    layout lay = LAYOUT_CELL_PER_LINE;
    header h;
    size_t next = 0;
    long hdr_line = 0, near_line;
    const char *near;
    if (!find_header(lines, nlines, &lay, &h, &hdr_line, &next, &near_line, &near)) {
        /* The file is not empty (split_lines), so some line has text. */
        size_t last = nlines - 1;
        while (last > 0 && line_blank(&lines[last]))
            last--;
        if (near)
            pm_err_set(err, near_line, "此行像是指标表的表头，但%s", near);
        else
            pm_err_set(err, 1,
                       "直到文件末尾（第 %ld 行）也未找到指标表：没有同时含“指标”列和两个年份列"
                       "（如“2020年”“2025年”）的表头",
                       lines[last].no);
        free(lines);
        return false;
    }
    row *rows;
    size_t nrows;
    read_rows(lines, nlines, next, lay, &h, &rows, &nrows);

    bool ok = true;
    if (nrows == 0) {
        pm_err_set(err, hdr_line, "表头下面没有指标行");
        ok = false;
    }
    plan->base_year = h.year[h.base_col];
    plan->target_year = h.year[h.target_col];
    if (ok && h.nyears > 2) {
        /* 2020年 / 2022年 / 2025年: which is the target is a judgment the
         * reader must not make silently. */
        pm_err_set(err, hdr_line, "表头有 %d 个年份列，无法确定哪一列是基期、哪一列是目标；请只保留基期和目标两列",
                   h.nyears);
        ok = false;
    }
    if (ok && plan->base_year == plan->target_year) {
        pm_err_set(err, hdr_line, "基期年份与目标年份相同（%d年）", plan->base_year);
        ok = false;
    }
    carry above = {0};
    if (ok)
        plan->ind = xcalloc(nrows, sizeof *plan->ind);
    /* Which indicator holds each 序号 (index + 1), so that a duplicate is
     * found in one pass: comparing every pair made a long table quadratic.
     * Numbered by position, rows cannot repeat a number. */
    size_t *ind_of_no = ok && h.has_no ? xcalloc(PM_PLANTABLE_MAX_NO + 1, sizeof *ind_of_no) : NULL;
    for (size_t i = 0; ok && i < nrows; i++) {
        ok = row_to_indicator(&rows[i], &h, (long)i + 1, &above, &plan->ind[i], err);
        plan->nind = i + 1; /* a partial one too, so that pm_plan_free releases it */
        if (ok && ind_of_no) {
            size_t *seen = &ind_of_no[plan->ind[i].no];
            if (*seen) {
                pm_err_set(err, rows[i].line, "序号 %d 重复（第 %ld 行已有）", plan->ind[i].no,
                           plan->ind[*seen - 1].line);
                ok = false;
            }
            *seen = i + 1;
        }
    }
    free(ind_of_no);
    for (size_t i = 0; i < nrows; i++)
        row_free(&rows[i]);
    free(rows);
    header_free(&h);
    free(lines);
    if (!ok)
        pm_plan_free(plan);
    return ok;
}
