/* libcsv calls back once per field and once per record; we feed it one
 * physical line at a time so that each record knows the line it began on. */
#include "parse/csvread.h"

#include <csv.h>
#include <stdlib.h>
#include <string.h>

#include "base/mem.h"
#include "base/text.h"
#include "base/utf8.h"

typedef struct reader {
    pm_csv *t;
    pm_err *err;
    char **row; /* fields of the record being read */
    size_t nrow, caprow;
    long cur_line;   /* line being fed */
    long row_line;   /* line the current record began on, 0 before its first field */
    size_t cells_cap, line_cap;
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
    r->row = xgrow(r->row, &r->caprow, r->nrow + 1, sizeof *r->row);
    r->row[r->nrow++] = data ? text_trim_dup(data, n) : xstrdup("");
}

static void drop_row(reader *r)
{
    for (size_t i = 0; i < r->nrow; i++)
        free(r->row[i]);
    r->nrow = 0;
    r->row_line = 0;
}

static void on_record(int term, void *ctx)
{
    (void)term;
    reader *r = ctx;
    pm_csv *t = r->t;
    if (r->failed) {
        drop_row(r);
        return;
    }
    /* A blank line is one empty field: skip it. */
    if (r->nrow == 0 || (r->nrow == 1 && r->row[0][0] == '\0')) {
        drop_row(r);
        return;
    }
    if (!t->head) {
        t->head = r->row;
        t->ncols = r->nrow;
        r->row = NULL;
        r->nrow = r->caprow = 0;
        r->row_line = 0;
        return;
    }
    if (r->nrow != t->ncols) {
        pm_err_set(r->err, r->row_line, "该行有 %zu 个字段，表头有 %zu 个（行不整齐）", r->nrow, t->ncols);
        r->failed = true;
        drop_row(r);
        return;
    }
    t->cells = xgrow(t->cells, &r->cells_cap, (t->nrows + 1) * t->ncols, sizeof *t->cells);
    memcpy(t->cells + t->nrows * t->ncols, r->row, t->ncols * sizeof *r->row);
    t->line = xgrow(t->line, &r->line_cap, t->nrows + 1, sizeof *t->line);
    t->line[t->nrows++] = r->row_line;
    r->nrow = 0;
    r->row_line = 0;
}

/* End of the line that starts at text[i]: just past its LF, CR LF or lone
 * CR, or len. libcsv ends a record at a lone CR too (CSV saved by old Mac
 * Excel has nothing else), so a line must end there as well, or every row
 * of such a file would be reported as on line 1. */
static size_t line_end(const char *text, size_t i, size_t len)
{
    for (; i < len; i++) {
        if (text[i] == '\n')
            return i + 1;
        if (text[i] == '\r')
            return i + 1 < len && text[i + 1] == '\n' ? i + 2 : i + 1;
    }
    return len;
}

bool pm_csv_parse(const char *text, size_t len, pm_csv *t, pm_err *err)
{
    memset(t, 0, sizeof *t);
    size_t bom = utf8_bom_len(text, len);
    text += bom, len -= bom;
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
    struct csv_parser p;
    if (csv_init(&p, CSV_APPEND_NULL | CSV_STRICT | CSV_STRICT_FINI) != 0) {
        pm_err_set(err, 0, "CSV 解析器初始化失败");
        return false;
    }
    reader r = {.t = t, .err = err, .cur_line = 1};
    for (size_t i = 0; i < len && !r.failed;) {
        size_t end = line_end(text, i, len);
        if (csv_parse(&p, text + i, end - i, on_field, on_record, &r) != end - i) {
            pm_err_set(err, r.cur_line, "CSV 格式错误：%s", csv_strerror(csv_error(&p)));
            r.failed = true;
        }
        i = end;
        r.cur_line++;
    }
    r.cur_line--;
    if (!r.failed && csv_fini(&p, on_field, on_record, &r) != 0) {
        pm_err_set(err, r.row_line ? r.row_line : r.cur_line, "CSV 格式错误：引号未闭合");
        r.failed = true;
    }
    csv_free(&p);
    drop_row(&r);
    free(r.row);
    if (!r.failed && !t->head) {
        pm_err_set(err, 0, "文件为空，没有表头行");
        r.failed = true;
    }
    if (r.failed) {
        pm_csv_free(t);
        return false;
    }
    return true;
}

void pm_csv_free(pm_csv *t)
{
    for (size_t i = 0; i < t->ncols; i++)
        free(t->head[i]);
    free(t->head);
    for (size_t i = 0; i < t->nrows * t->ncols; i++)
        free(t->cells[i]);
    free(t->cells);
    free(t->line);
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
