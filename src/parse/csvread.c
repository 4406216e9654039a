/* libcsv calls back once per field and once per record; we feed it one
 * physical line at a time so that each record knows the line it began on.
 *
 * A record's fields are gathered, trimmed, into one buffer per reader
 * (offsets, not pointers: the buffer may move while it grows) and handed
 * to the row callback when the record ends: no allocation per field. A
 * CSV of 10 million rows has 40 million fields, and a malloc each cost
 * more than libcsv's own parsing. */
#include "parse/csvread.h"

#include <csv.h>
#include <stdlib.h>
#include <string.h>

#include "base/cellguard.h"
#include "base/mem.h"
#include "base/text.h"
#include "base/utf8.h"

typedef struct reader {
    char sep; /* ',' or '\t' */
    pm_csv_row_fn row_fn;
    void *ctx;
    pm_err *err;
    char *bytes;  /* the record's fields, each NUL-terminated */
    size_t nbytes, capbytes;
    size_t *off;  /* where each field starts in bytes */
    char **fields; /* pointers made from off when the record ends */
    size_t nrow, caprow, capfields;
    size_t ncols;    /* the header's field count; 0 before the header */
    long cur_line;   /* line being fed */
    long row_line;   /* line the current record began on, 0 before its first field */
    bool failed;
} reader;

static void on_field(void *data, size_t n, void *ctx)
{
    reader *r = ctx;
    if (r->failed)
        return;
    if (!r->row_line)
        r->row_line = r->cur_line;
    if (n > PM_CSV_MAX_FIELD) {
        pm_err_set(r->err, r->row_line, "第 %zu 个字段过长（超过 %d 字节）", r->nrow + 1, PM_CSV_MAX_FIELD);
        r->failed = true;
        return;
    }
    const char *t = data ? text_trim(data, &n) : "";
    if (!data)
        n = 0;
    /* The ' planmon's CSV writers put before a formula-like cell
     * (base/cellguard.h): the value is what follows it. */
    if (n && t[0] == '\'' && pm_cell_formula_like(t, n))
        t++, n--;
    r->off = xgrow(r->off, &r->caprow, r->nrow + 1, sizeof *r->off);
    r->off[r->nrow++] = r->nbytes;
    r->bytes = xgrow(r->bytes, &r->capbytes, r->nbytes + n + 1, 1);
    memcpy(r->bytes + r->nbytes, t, n);
    r->bytes[r->nbytes + n] = '\0';
    r->nbytes += n + 1;
}

static void drop_row(reader *r)
{
    r->nrow = 0;
    r->nbytes = 0;
    r->row_line = 0;
}

static void on_record(int term, void *ctx)
{
    (void)term;
    reader *r = ctx;
    if (r->failed) {
        drop_row(r);
        return;
    }
    /* A blank line is one empty field: skip it. */
    if (r->nrow == 0 || (r->nrow == 1 && r->bytes[r->off[0]] == '\0')) {
        drop_row(r);
        return;
    }
    if (r->ncols && r->nrow != r->ncols) {
        pm_err_set(r->err, r->row_line, "该行有 %zu 个字段，表头有 %zu 个（行不整齐）", r->nrow, r->ncols);
        r->failed = true;
        drop_row(r);
        return;
    }
    if (!r->ncols)
        r->ncols = r->nrow;
    r->fields = xgrow(r->fields, &r->capfields, r->nrow, sizeof *r->fields);
    for (size_t i = 0; i < r->nrow; i++)
        r->fields[i] = r->bytes + r->off[i];
    if (!r->row_fn(r->ctx, r->fields, r->nrow, r->row_line, r->err))
        r->failed = true;
    drop_row(r);
}

/* A line without a quote, while libcsv is between records: its fields are
 * what lies between the commas (RFC 4180 has nothing else to say about
 * them), handed to the same callbacks libcsv would call, so blank lines,
 * trimming, field sizes and ragged rows are treated alike. Most lines of
 * a big file are like that, and libcsv's state machine took most of the
 * reading time. libcsv is between records at the end of every line unless
 * a quoted field is open, which is what an odd count of quotes since the
 * record began says: in strict mode a quote is either part of a field's
 * quoting (opening, closing, or one of a doubled pair) or an error. */
static void split_line(const char *s, size_t n, reader *r)
{
    if (n && s[n - 1] == '\n')
        n--;
    if (n && s[n - 1] == '\r')
        n--;
    if (!n)
        return; /* a blank line: libcsv reports nothing for it either */
    for (size_t at = 0;;) {
        const char *comma = memchr(s + at, r->sep, n - at);
        size_t stop = comma ? (size_t)(comma - s) : n;
        on_field((void *)(s + at), stop - at, r);
        if (!comma)
            break;
        at = stop + 1;
    }
    on_record(0, r);
}

/* End of the line that starts at text[i]: just past its LF, CR LF or lone
 * CR, or len. libcsv ends a record at a lone CR too (CSV saved by old Mac
 * Excel has nothing else), so a line must end there as well, or every row
 * of such a file would be reported as on line 1. */
static size_t line_end(const char *text, size_t i, size_t len)
{
    /* memchr, not a loop over the bytes (~350 instructions a row of a
     * million-row import, callgrind), in windows of LINE_STEP bytes: a
     * file whose lines end in CR alone has no LF to find, and a search
     * for one to the end of the file from every line would be quadratic. */
    enum { LINE_STEP = 256 };
    for (size_t at = i; at < len; at += LINE_STEP) {
        size_t w = len - at < LINE_STEP ? len - at : LINE_STEP;
        const char *nl = memchr(text + at, '\n', w);
        size_t stop = nl ? (size_t)(nl - text) : at + w;
        const char *cr = memchr(text + at, '\r', stop - at);
        if (cr) {
            size_t c = (size_t)(cr - text);
            return c + 1 < len && text[c + 1] == '\n' ? c + 2 : c + 1;
        }
        if (nl)
            return stop + 1;
    }
    return len;
}

/* Whether s[0..n) holds an odd number of quotes: in strict CSV a quote
 * opens, closes or is doubled (see split_line), so an odd count so far
 * means inside a quoted field. */
static bool odd_quotes(const char *s, size_t n)
{
    bool odd = false;
    for (const char *q = memchr(s, '"', n); q; q = memchr(q + 1, '"', (size_t)(s + n - q - 1)))
        odd = !odd;
    return odd;
}

bool pm_csv_each(const char *text, size_t len, pm_csv_row_fn row, void *ctx, pm_err *err)
{
    return pm_csv_each_sep(text, len, ',', row, ctx, err);
}

/* (csvread.h) The file-wide checks every reading makes first. */
bool pm_csv_check_text(const char *text, size_t len, size_t *skip, pm_err *err)
{
    *skip = utf8_bom_len(text, len);
    text += *skip, len -= *skip;
    size_t bad;
    if (memchr(text, '\0', len)) {
        pm_err_set(err, 0, "文件含有空字符（NUL），不是 CSV 文本文件");
        return false;
    }
    if (!utf8_valid(text, len, &bad)) {
        long line = 1;
        for (size_t i = line_end(text, 0, len); i <= bad && i < len; i = line_end(text, i, len))
            line++;
        pm_err_set(err, line, "不是有效的 UTF-8 编码（请将文件另存为“CSV UTF-8”）");
        return false;
    }
    return true;
}

/* Every line of text[0..len), which starts between records, through the
 * reader r (its ncols 0: the first record is the header); lines counted
 * from 1. *lines: the lines read. */
static bool each_line(const char *text, size_t len, reader *r, long *lines)
{
    struct csv_parser p;
    if (csv_init(&p, CSV_APPEND_NULL | CSV_STRICT | CSV_STRICT_FINI) != 0) {
        pm_err_set(r->err, 0, "CSV 解析器初始化失败");
        return false;
    }
    csv_set_delim(&p, r->sep);
    r->cur_line = 1;
    bool in_quotes = false; /* libcsv is inside a quoted field (see split_line) */
    for (size_t i = 0; i < len && !r->failed;) {
        size_t end = line_end(text, i, len);
        bool quoted = memchr(text + i, '"', end - i) != NULL;
        if (!quoted && !in_quotes) {
            split_line(text + i, end - i, r);
        } else if (csv_parse(&p, text + i, end - i, on_field, on_record, r) != end - i) {
            pm_err_set(r->err, r->cur_line, "CSV 格式错误：%s", csv_strerror(csv_error(&p)));
            r->failed = true;
        }
        if (quoted && odd_quotes(text + i, end - i))
            in_quotes = !in_quotes;
        i = end;
        r->cur_line++;
    }
    r->cur_line--;
    if (!r->failed && csv_fini(&p, on_field, on_record, r) != 0) {
        pm_err_set(r->err, r->row_line ? r->row_line : r->cur_line, "CSV 格式错误：引号未闭合");
        r->failed = true;
    }
    csv_free(&p);
    free(r->bytes);
    free(r->off);
    free(r->fields);
    *lines = r->cur_line;
    return !r->failed;
}

bool pm_csv_each_sep(const char *text, size_t len, char sep, pm_csv_row_fn row, void *ctx, pm_err *err)
{
    size_t bom;
    if (!pm_csv_check_text(text, len, &bom, err))
        return false;
    reader r = {.sep = sep, .row_fn = row, .ctx = ctx, .err = err};
    long lines;
    if (!each_line(text + bom, len - bom, &r, &lines))
        return false;
    if (!r.ncols) {
        pm_err_set(err, 0, "文件为空，没有表头行");
        return false;
    }
    return true;
}

bool pm_csv_each_part(const char *text, size_t len, char sep, size_t ncols, pm_csv_row_fn row, void *ctx,
                      long *lines, pm_err *err)
{
    reader r = {.sep = sep, .row_fn = row, .ctx = ctx, .err = err, .ncols = ncols};
    return each_line(text, len, &r, lines);
}

size_t pm_csv_split_point(const char *text, size_t len, size_t from)
{
    if (from >= len)
        return len;
    bool odd = odd_quotes(text, from);
    for (size_t i = from; i < len;) {
        size_t end = line_end(text, i, len);
        odd ^= odd_quotes(text + i, end - i);
        if (!odd)
            return end;
        i = end;
    }
    return len;
}

/* pm_csv_each's row callback for pm_csv_parse: texts into the table's
 * arena, pointers into its arrays. */
typedef struct table_ctx {
    pm_csv *t;
    size_t cells_cap, line_cap;
} table_ctx;

static bool table_row(void *ctx, char **fields, size_t n, long line, pm_err *err)
{
    (void)err;
    table_ctx *c = ctx;
    pm_csv *t = c->t;
    char **dst;
    if (!t->head) {
        t->head = xcalloc(n, sizeof *t->head);
        t->ncols = n;
        dst = t->head;
    } else {
        t->cells = xgrow(t->cells, &c->cells_cap, (t->nrows + 1) * n, sizeof *t->cells);
        t->line = xgrow(t->line, &c->line_cap, t->nrows + 1, sizeof *t->line);
        dst = t->cells + t->nrows * n;
        t->line[t->nrows++] = line;
    }
    for (size_t i = 0; i < n; i++)
        dst[i] = pm_arena_strndup(&t->text, fields[i], strlen(fields[i]));
    return true;
}

bool pm_csv_parse(const char *text, size_t len, pm_csv *t, pm_err *err)
{
    memset(t, 0, sizeof *t);
    table_ctx c = {.t = t};
    if (!pm_csv_each(text, len, table_row, &c, err)) {
        pm_csv_free(t);
        return false;
    }
    return true;
}

void pm_csv_free(pm_csv *t)
{
    free(t->head);
    free(t->cells);
    free(t->line);
    pm_arena_free(&t->text);
    memset(t, 0, sizeof *t);
}

int pm_csv_col(const pm_csv *t, const char *name)
{
    for (size_t i = 0; i < t->ncols; i++)
        if (!strcmp(t->head[i], name))
            return (int)i;
    return -1;
}

const char *pm_csv_get(const pm_csv *t, size_t r, int c)
{
    return c < 0 ? "" : t->cells[r * t->ncols + (size_t)c];
}

char pm_csv_sniff_sep(const char *text, size_t len)
{
    size_t tabs = 0, commas = 0;
    for (size_t i = 0; i < len && text[i] != '\n'; i++) {
        tabs += text[i] == '\t';
        commas += text[i] == ',';
    }
    return tabs > commas ? '\t' : ',';
}
